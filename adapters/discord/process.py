"""Everything this adapter changes in discord.py for the whole process, in one place.

discord.py keeps a few settings as class attributes and module globals rather
than per client. Set in a constructor, they would change every client in the
process each time one is built, hidden among per-bot setup; so they are set
here, and nowhere else:

* `configure_process(config)`, called once by the process entry (`run.serve`,
  behind both `interview-bot discord` and `python -m adapters.discord`) before
  the bot is built:
  - `discord.VoiceClient.warn_nacl` / `warn_dave` off: this bot never joins a
    voice channel, so discord.py's start-up warnings about voice libraries
    (PyNaCl, davey) are noise in an operator's log;
  - `discord.http.Route.BASE` from DISCORD_API_URL (`transport.use_api_url`),
    for a rate-limit proxy or a test server: discord.py has no option for it.
    Tests set and restore it themselves (tests/discord/harness.py).
* The interaction-token redaction on discord.py's loggers and on ours, set
  when this module is imported: it must hold from the first log line however
  the adapter is used (tests and `build_bot` callers included), so it does not
  wait for an entry point to remember it.
"""

from __future__ import annotations

import logging
import re

import discord

from adapters.discord.config import DiscordConfig
from adapters.discord.transport import use_api_url


class RedactTokens(logging.Filter):
    """discord.py logs request URLs (a 429 as a warning, every call at debug),
    and an interaction's or webhook's URL carries its token: a credential to
    post as the app. Those tokens never reach a log."""

    TOKEN = re.compile(r"(/(?:webhooks|interactions)/\d+/)[^/\s?'\"]+")
    FIELD = re.compile(r"""(['"]token['"]\s*:\s*['"])[^'"]+""")  # raw gateway events at debug

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record is logging's business
            return True
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            # A traceback can quote a URL too: format it now, redacted (handlers reuse exc_text).
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
        return True

    def redact(self, text: str) -> str:
        return self.FIELD.sub(r"\1[token]", self.TOKEN.sub(r"\1[token]", text))


REDACT_TOKENS = RedactTokens()
LIBRARY_LOGGERS = (
    "discord.http", "discord.webhook.async_", "discord.gateway", "discord.client", "discord.state",
    "discord.ui.view", "discord.app_commands.tree",
)


def redacted(logger: logging.Logger) -> logging.Logger:
    # A filter on a logger sees only that logger's own records, not its children's:
    # so each logger that may quote a URL gets it.
    if REDACT_TOKENS not in logger.filters:
        logger.addFilter(REDACT_TOKENS)
    return logger


def adapter_logger(name: str) -> logging.Logger:
    """The logger of one of this adapter's modules, redacted like discord.py's
    (a traceback we log can quote a webhook URL)."""
    return redacted(logging.getLogger(name))


for _name in LIBRARY_LOGGERS:
    redacted(logging.getLogger(_name))


def configure_process(config: DiscordConfig) -> None:
    """The process-wide discord.py settings (see above). Call once, before the bot is built."""
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False
    use_api_url(config.discord_api_url)
