"""Counted nouns in report text, with the number and the noun agreeing: "1 hedge",
"2 hedges", "1 of 1 answer", "questions 2 and 6". Every count the offline coach
writes goes through here (tests/test_report_grammar.py checks many reports)."""

from __future__ import annotations

_IRREGULAR = {"story": "stories"}


def plural(noun: str, count: int) -> str:
    """`noun` as `count` of it reads: "answer" -> "answers" unless count is 1."""
    if count == 1:
        return noun
    return _IRREGULAR.get(noun, noun + "s")


def counted(count: int, noun: str) -> str:
    """ "1 answer", "3 answers", "0 answers" """
    return f"{count} {plural(noun, count)}"


def part_of(part: int, whole: int, noun: str) -> str:
    """ "2 of 8 answers", "1 of 1 answer": the noun agrees with the whole."""
    return f"{part} of {whole} {plural(noun, whole)}"


def verb(count: int, one: str, many: str) -> str:
    """The verb that agrees with `count` things: verb(1, "was", "were") -> "was"."""
    return one if count == 1 else many


def number_list(values: list[int]) -> str:
    """ "2", "2 and 5", "2, 5 and 7" """
    text = [str(v) for v in values]
    return text[0] if len(text) == 1 else ", ".join(text[:-1]) + " and " + text[-1]


def numbered(noun: str, values: list[int]) -> str:
    """ "question 2", "questions 2 and 6" """
    return f"{plural(noun, len(values))} {number_list(values)}"
