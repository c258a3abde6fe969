"""Which structured-output format a model server takes for the report, found by trying.

Servers differ: OpenAI takes `response_format: json_schema`; llama-cpp-python
answers it with HTTP 500 ("Input should be 'text' or 'json_object'"), older
vLLM builds, LM Studio versions and proxies with 400 or 422, and some ignore
it and reply in prose. So the report asks for the best format first and steps
down on a refusal: the schema enforced by the server, then "some JSON object"
(the schema is in the prompt in every format), then plain text. What worked
is remembered for the life of the process, per provider and model, and
logged once, so the next report makes one call.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Literal

from interview_core.providers.http import LLMError

log = logging.getLogger(__name__)

ReportFormat = Literal["schema", "json", "plain"]
FORMATS: tuple[ReportFormat, ...] = ("schema", "json", "plain")
# What each format is on the wire, for logs and the README.
WIRE_NAMES: dict[str, dict[ReportFormat, str]] = {
    "openai": {
        "schema": "response_format json_schema",
        "json": "response_format json_object",
        "plain": "plain text",
    },
    "gemini": {
        "schema": "responseSchema",
        "json": "responseMimeType application/json",
        "plain": "plain text",
    },
}

# A refusal names the field it refused. Anything else (a plain 500, an overload)
# is an ordinary failure, retried and then passed on as before.
_REFUSAL_STATUSES = frozenset({400, 422, 500})
_FORMAT_WORDS = re.compile(
    r"response[_ ]?format|json[_ ]?schema|json[_ ]?object|response[_ ]?schema|"
    r"response[_ ]?mime[_ ]?type|\bschema\b|structured output|guided[_ ]?json|grammar",
    re.I,
)


def is_format_refusal(error: LLMError) -> bool:
    """Did the server refuse the structured-output field itself?"""
    return error.status in _REFUSAL_STATUSES and bool(_FORMAT_WORDS.search(str(error)))


class FormatRefused(LLMError):
    """The server will not take this format; the next one down should be tried, at once."""


@dataclass(slots=True)
class FormatMemory:
    """What one provider (one model, one server) takes, learned as reports are made."""

    provider: str
    model: str
    wire: str = "openai"  # which WIRE_NAMES table names the formats
    start: int = 0  # index in FORMATS of the best format not known to be refused
    worked: ReportFormat | None = None
    _said: set[str] = field(default_factory=set)

    def to_try(self) -> tuple[ReportFormat, ...]:
        if self.worked is not None:
            # The one that worked, first; the rest below it still there for a bad day.
            index = FORMATS.index(self.worked)
            return FORMATS[index:]
        return FORMATS[self.start :]

    def refused(self, fmt: ReportFormat, error: LLMError) -> None:
        """The server said no to `fmt`: it will say no again, so never ask it again."""
        index = FORMATS.index(fmt)
        self.start = max(self.start, index + 1)
        if self.worked is not None and FORMATS.index(self.worked) <= index:
            self.worked = None
        self._once(
            f"refused:{fmt}",
            "%s (%s) refused %s (HTTP %s); trying %s",
            self.provider,
            self.model,
            self.name(fmt),
            error.status,
            self.name(FORMATS[index + 1]) if index + 1 < len(FORMATS) else "nothing else",
        )

    def succeeded(self, fmt: ReportFormat) -> None:
        self.worked = fmt
        self._once(f"worked:{fmt}", "%s (%s) writes reports with %s", self.provider, self.model,
                   self.name(fmt))

    def name(self, fmt: ReportFormat) -> str:
        return WIRE_NAMES.get(self.wire, WIRE_NAMES["openai"])[fmt]

    def _once(self, key: str, message: str, *args: object) -> None:
        if key not in self._said:
            self._said.add(key)
            log.info(message, *args)
