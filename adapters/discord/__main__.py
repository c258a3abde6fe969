"""`python -m adapters.discord`: the Discord bot without the CLI wrapper."""

import sys

from pydantic import ValidationError

from adapters.discord.config import DiscordConfig
from adapters.discord.run import run_discord
from bot.cli import secret_values
from bot.logs import configure_logging, library_debug_requested
from interview_core.settings import Settings

if __name__ == "__main__":
    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"Configuration error: {exc.error_count()} invalid setting(s)", file=sys.stderr)
        sys.exit(2)
    try:
        token = DiscordConfig().token
    except ValidationError:
        token = None  # run_discord reports the bad setting
    # The same logging as `interview-bot discord`: no user text, no token in the log.
    configure_logging(
        settings.log_level,
        secrets=secret_values(settings, token),
        library_debug=library_debug_requested(),
    )
    sys.exit(run_discord(settings))
