"""Numbers in CVs and answers that can carry a result."""

from __future__ import annotations

import re

from interview_core.providers.offline.text import _STOP, clip_phrase

_NUMBER_RE = re.compile(
    r"[$€£]\s?\d[\d,.]*\s?(?:k|m|bn|million|billion)?"
    r"|\b\d[\d,.]*\s?(?:%|percent|x\b|k\b|m\b|bn\b|ms\b|million|billion|thousand)"
    r"|\b\d+[\d,.]*\+?",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"^(?:19|20)\d{2}$")
_MULTIPLIER_RE = re.compile(
    r"\b(?:doubled|tripled|quadrupled|halved|twice as|ten times|10x)\b", re.IGNORECASE
)


def measurable_tokens(text: str) -> tuple[str, ...]:
    """Numbers that can carry a result: not years, not list numbering."""
    found: list[str] = []
    for match in _NUMBER_RE.finditer(text):
        token = match.group(0).strip().rstrip(".,")
        digits = re.sub(r"[^\d]", "", token)
        if not digits or (_YEAR_RE.match(token)):
            continue
        found.append(token)
    found.extend(m.group(0).lower() for m in _MULTIPLIER_RE.finditer(text))
    return tuple(dict.fromkeys(found))



def number_phrase(text: str, max_words: int = 10) -> str:
    """The clause of a line that carries its first number: "cutting p99 latency from 480 ms"."""
    for clause in re.split(r"[,;]\s|\.\s|\s(?:and|which)\s", text):
        if measurable_tokens(clause):
            words = clip_phrase(clause, max_words).split()
            while words and words[-1].lower() in _STOP:
                words.pop()
            return " ".join(words)
    return ""
