"""The word lists of data/numbers_*.txt, and whole-phrase regexes made of them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib import resources


def items(name: str) -> tuple[str, ...]:
    """The lines of data/`name`, one item a line; "#" comments and blank lines skipped."""
    source = resources.files("interview_core.providers.offline").joinpath("data", name)
    return tuple(
        line.strip() for line in source.read_text("utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


def sections(name: str) -> dict[str, tuple[str, ...]]:
    """Items grouped under "[section]" lines."""
    grouped: dict[str, list[str]] = {}
    current: list[str] = []
    for item in items(name):
        if item.startswith("[") and item.endswith("]"):
            current = grouped.setdefault(item[1:-1], [])
        else:
            current.append(item)
    return {key: tuple(values) for key, values in grouped.items()}


def alternation(phrases: Iterable[str]) -> str:
    """A regex alternative for whole phrases (matched case-insensitively), longest first,
    any whitespace between words. Grouped by first letter: Python's re tries alternatives
    one by one, so a flat list of 150 phrases would be tried 150 times at every word."""
    groups: dict[str, set[str]] = {}
    for phrase in phrases:
        head, rest = phrase[0].lower(), phrase[1:].lower()
        groups.setdefault(head, set()).add(re.escape(rest).replace(r"\ ", r"\s+"))
    alternatives = [
        re.escape(head) + "(?:" + "|".join(sorted(tails, key=len, reverse=True)) + ")"
        for head, tails in sorted(groups.items())
    ]
    return "(?:" + "|".join(alternatives) + ")"


def phrase_re(phrases: Iterable[str]) -> re.Pattern[str]:
    """Any of the phrases, as whole words, case-insensitively."""
    return re.compile(rf"(?<![\w]){alternation(phrases)}(?![\w])", re.IGNORECASE)
