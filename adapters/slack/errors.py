"""What goes wrong talking to Slack, and the words the user is told about it."""

from __future__ import annotations

import re

from slack_sdk.errors import SlackApiError

from interview_core.chat import Texts

# Only where what the user sent is known to be stored (an answer the service took).
OOPS = Texts().saved_but_failed
# Everywhere else: the failure may have come before, or from, storing it.
NOT_SAVED = Texts().maybe_not_saved
# Slack refused a call (a command's reply, a file's info): nothing says what was stored.
SLACK_TROUBLE = "Sorry, something went wrong on my side while talking to Slack: please try again in a moment."
# Outcomes for which the answer is stored before anything is shown.
SAVED_KINDS = ("question", "complete", "pending", "duplicate")
NOT_AN_INTERVIEW = "This thread isn't an interview, so I haven't done anything with your message."


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
