"""What goes wrong talking to Slack, and the words the user is told about it."""

from __future__ import annotations

import logging
import re

from slack_sdk.errors import SlackApiError

from adapters.slack.files import FileFetchError
from adapters.slack.render import TEXTS
from interview_core.chat import Conversation

log = logging.getLogger("adapters.slack.runtime")  # where the handlers' failures were always logged

# Slack refused a call (a command's reply, a file's info): nothing says what was stored.
SLACK_TROUBLE = "Sorry, something went wrong on my side while talking to Slack: please try again in a moment."


class SavedError(Exception):
    """An unexpected failure after the user's message was stored (its cause is chained)."""


def slack_error(exc: SlackApiError) -> str:
    """The API's error code ("ratelimited", "channel_not_found"), or the HTTP status."""
    data = getattr(exc.response, "data", None)
    if isinstance(data, dict) and data.get("error"):
        code = str(data["error"])
        # Slack's codes are snake_case words; anything else is a server (or a proxy)
        # talking, and may quote the token it refused: never shown.
        return code if re.fullmatch(r"[a-z0-9_.]{1,60}", code) else "an unexpected error"
    return f"HTTP {getattr(exc.response, 'status_code', '?')}"


def words_for(exc: BaseException, unexpected: str) -> str:
    """What the user reads about a failure (logged here, with what Slack said): the
    conversation layer's sentence for one they can act on, Slack's own cases, else
    `unexpected` (which says whether their message may be lost)."""
    text = Conversation.friendly(exc)
    if text is not None:
        return text
    if isinstance(exc, FileFetchError):
        return exc.user_message
    if isinstance(exc, SavedError):
        cause = exc.__cause__
        if isinstance(cause, SlackApiError):
            log.warning("Slack API error after saving: %s", slack_error(cause))
        else:
            log.error("unexpected error after saving", exc_info=cause)
        return TEXTS.saved_but_failed
    if isinstance(exc, SlackApiError):
        log.warning("Slack API error: %s", slack_error(exc))
        return SLACK_TROUBLE
    log.error("unexpected error in a Slack handler", exc_info=exc)
    return unexpected
