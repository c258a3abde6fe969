"""`python -m adapters.discord`: the Discord bot without the CLI wrapper."""

import logging
import sys

from pydantic import ValidationError

from adapters.discord.run import run_discord
from interview_core.settings import Settings

if __name__ == "__main__":
    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"Configuration error: {exc.error_count()} invalid setting(s)", file=sys.stderr)
        sys.exit(2)
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    sys.exit(run_discord(settings))
