"""`python -m adapters.discord`: the Discord bot without the CLI wrapper."""

import logging
import sys

from pydantic import ValidationError

from adapters.discord.config import DiscordConfig
from adapters.discord.run import run_discord
from bot.cli import secret_values
from interview_core.providers.redaction import install
from interview_core.settings import Settings

if __name__ == "__main__":
    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"Configuration error: {exc.error_count()} invalid setting(s)", file=sys.stderr)
        sys.exit(2)
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        token = DiscordConfig().token
    except ValidationError:
        token = None  # run_discord reports the bad setting
    install(secret_values(settings, token))
    sys.exit(run_discord(settings))
