"""A server's error message, without what it quotes of our request.

Servers quote the request in their errors: FastAPI's 422 lists each bad
field with its `input`, some proxies repeat the prompt, a context-length
error may show where it cut. The request holds the CV, the job description
and the answers, and an error message is logged and may be shown, so any
run of ECHO_WORDS or more words that also appears in the request is
replaced by "[...]" before the message goes anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

ECHO_WORDS = 5  # five words in a row from the request: a quote, not a coincidence
MARK = "[...]"
_WORD = re.compile(r"\w+", re.UNICODE)


def _strings(value: Any, depth: int = 0) -> Iterator[str]:
    if depth > 20:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item, depth + 1)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item, depth + 1)


def _grams(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + ECHO_WORDS]) for i in range(len(words) - ECHO_WORDS + 1)}


def strip_echoes(message: str, request: Any) -> str:
    """`message` with every run of words quoted from `request` (a JSON payload) marked out."""
    spans = [(m.start(), m.end(), m.group().casefold()) for m in _WORD.finditer(message)]
    if len(spans) < ECHO_WORDS:
        return message
    sent: set[tuple[str, ...]] = set()
    for text in _strings(request):
        sent |= _grams([w.casefold() for w in _WORD.findall(text)])
    quoted = [False] * len(spans)
    words = [w for _, _, w in spans]
    for i in range(len(words) - ECHO_WORDS + 1):
        if tuple(words[i : i + ECHO_WORDS]) in sent:
            for j in range(i, i + ECHO_WORDS):
                quoted[j] = True
    if not any(quoted):
        return message
    out: list[str] = []
    cursor = 0
    i = 0
    while i < len(spans):
        if not quoted[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(spans) and quoted[j + 1]:
            j += 1
        out.append(message[cursor : spans[i][0]])
        out.append(MARK)
        cursor = spans[j][1]
        i = j + 1
    out.append(message[cursor:])
    return "".join(out)
