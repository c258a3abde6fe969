"""Logging for every way the bot runs, set up in one place.

CVs, job descriptions and answers are personal data, and a log is kept, shipped
and read by people other than the candidate. Our own code logs ids, counts and
reasons, never that text, so its DEBUG stays available under LOG_LEVEL=DEBUG.
Several libraries log whole requests at DEBUG, user text and all: they are held
at INFO whatever LOG_LEVEL says. LOG_LIBRARY_DEBUG=1 lifts that, for an
operator who accepts that it writes user content to the log.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from pydantic import ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from interview_core.providers.redaction import install

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

# The loggers of libraries that handle user text, each with how it reaches their DEBUG.
CONTENT_LOGGERS: tuple[tuple[str, str], ...] = (
    ("aiosqlite", "each statement with its parameters: the CV, the JD, every answer"),
    ("slack_sdk", "each Web API request and response body (our questions and reports)"),
    ("slack_bolt", "its middleware's loggers, which log the request bodies they look at"),
    # Ours in name only: adapters/slack/app.py hands this logger to bolt, and
    # bolt to the Socket Mode client, which logs every envelope: answers as typed.
    ("adapters.slack.bolt", "bolt's and Socket Mode's logger: every event as delivered"),
    ("discord", "every gateway event (answers as typed) and HTTP payload (discord.http)"),
    # The LLM requests' bodies are the CV, the JD and the answers: today httpx logs
    # only the request line (INFO) and httpcore the headers, one release from more.
    ("httpx", "the LLM client, whose request bodies are the user's text"),
    ("httpcore", "the LLM client's wire trace"),
)
_CONTENT_NAMES = tuple(name for name, _ in CONTENT_LOGGERS)
# Below INFO, only these write; a library's DEBUG not listed above is dropped too.
OWN_LOGGERS = ("interview_core", "adapters", "bot", "__main__")

log = logging.getLogger(__name__)


class _LogSettings(BaseSettings):
    # Read like Settings (the environment or .env), apart from it: a logging
    # switch, not a setting of the interview.
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    log_library_debug: bool = False


def library_debug_requested() -> bool:
    """LOG_LIBRARY_DEBUG: true only when set to a true value; a bad value is false."""
    try:
        return _LogSettings().log_library_debug
    except ValidationError:
        return False  # the safe side: no user content in the log


def _under(name: str, prefixes: Iterable[str]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


class OwnDebugOnly(logging.Filter):
    """Drops records below INFO unless one of our own loggers made them.

    The second line behind the levels: a logger a library adds later, or names
    at run time (bolt names listener loggers after the caller's file), is not
    in CONTENT_LOGGERS but must not write user text either.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.INFO:
            return True
        return _under(record.name, OWN_LOGGERS) and not _under(record.name, _CONTENT_NAMES)


def configure_logging(level: str, *, secrets: Iterable[str], library_debug: bool = False) -> None:
    """The root handler at `level`, content-carrying libraries at INFO or above, keys masked."""
    logging.basicConfig(level=level.upper(), format=FORMAT)
    if not library_debug:
        floor = max(logging.INFO, logging.getLogger().getEffectiveLevel())
        for name, _ in CONTENT_LOGGERS:
            logging.getLogger(name).setLevel(floor)
        for handler in logging.getLogger().handlers:
            handler.addFilter(OwnDebugOnly())
    # A second line behind the redaction where messages are made: no handler writes a key.
    install(secrets)
    if library_debug:
        log.warning("LOG_LIBRARY_DEBUG is on: libraries' DEBUG lines write CVs and answers here")
    else:
        log.debug("library loggers held at INFO: %s", ", ".join(_CONTENT_NAMES))
