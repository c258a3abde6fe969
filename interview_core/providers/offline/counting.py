"""Counted nouns in report text, with the number and the noun agreeing: "1 hedge",
"2 hedges", "1 of 1 answer", "questions 2 and 6". Every count the offline coach
writes goes through here (tests/test_report_grammar.py checks many reports), and what it
counts is counted once, in `tally` (tests/offline/test_report_consistency.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interview_core.providers.offline.grading import GradedAnswer

ADDRESSED = 0.4  # relevance at or above it: the answer spoke to the question (one topic word is 0.45)

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


# ---------------------------------------------------------------------------
# What the report counts, counted once
# ---------------------------------------------------------------------------
STAR_PARTS = ("situation", "task", "action", "result")


@dataclass(frozen=True, slots=True)
class Tally:
    """Every count the report states about the answers, made once from the graded answers,
    so a competency's reason, a strength and an improvement that count the same thing say
    the same number of the same whole ("1 of 3 story answers", never "1 of 2 stories" two
    lines later). Each field is the answers (GradedAnswer) it counts, in order."""

    answers: tuple[GradedAnswer, ...]
    copies: tuple[GradedAnswer, ...]  # a copy of an earlier answer
    off_topic: tuple[GradedAnswer, ...]  # about something else
    declined: tuple[GradedAnswer, ...]  # "I don't know"
    hollow_claims: tuple[GradedAnswer, ...]  # a list of skills or self-praise (not a copy)
    addressed: tuple[GradedAnswer, ...]  # spoke to the question asked
    stories: tuple[GradedAnswer, ...]  # every answer to a story question
    full_star: tuple[GradedAnswer, ...]  # story answers with all four STAR parts
    measured: tuple[GradedAnswer, ...]  # gave a result you can measure
    short: tuple[GradedAnswer, ...]  # a single short sentence or less
    owned: tuple[GradedAnswer, ...]  # said clearly what "I" did
    we_heavy: tuple[GradedAnswer, ...]  # leaned on "we"
    missing_part: str  # the STAR part most often left out, "" if none
    missing: tuple[GradedAnswer, ...]  # the story answers that left it out

    @property
    def vague(self) -> int:
        """Answers that neither addressed the question nor failed in a way named apart."""
        named = {id(g) for g in (*self.copies, *self.off_topic, *self.declined, *self.hollow_claims,
                                 *self.addressed)}
        return sum(1 for g in self.answers if id(g) not in named)


def tally(graded: Sequence[GradedAnswer]) -> Tally:
    answers = tuple(graded)

    def where(test: Callable[[GradedAnswer], bool], among: Sequence[GradedAnswer] = answers
              ) -> tuple[GradedAnswer, ...]:
        return tuple(g for g in among if test(g))

    def credited(g: GradedAnswer) -> bool:  # can earn credit for what it says
        return not g.judgement.hollow and not g.judgement.off_topic

    stories = where(lambda g: g.kind == "story")
    # Which STAR part is most often missing, among the story answers that told a story at all
    # (an empty or hollow one misses every part, which says nothing about which one): ties go
    # to the earlier part, so the same answers always name the same part.
    tried = where(lambda g: credited(g) and 0 < g.signals.star_parts < 4, stories)
    counts = {p: sum(1 for g in tried if p in g.missing_star) for p in STAR_PARTS}
    part = max(STAR_PARTS, key=lambda p: (counts[p], -STAR_PARTS.index(p))) if tried else ""
    part = part if part and counts[part] else ""
    return Tally(
        answers=answers,
        copies=where(lambda g: g.judgement.copy_of is not None),
        off_topic=where(lambda g: g.judgement.off_topic),
        declined=where(lambda g: g.judgement.dont_know),
        hollow_claims=where(lambda g: (g.judgement.listing or g.judgement.generic)
                            and g.judgement.copy_of is None),
        # A reply too short or vague to hold to the question (relevance at chance level:
        # "ok") did not address it, and the report does not say it did.
        addressed=where(lambda g: credited(g) and g.relevance >= ADDRESSED),
        stories=stories,
        full_star=where(lambda g: credited(g) and g.signals.star_parts == 4, stories),
        measured=where(lambda g: credited(g) and bool(g.results)),
        short=where(lambda g: g.signals.short),
        owned=where(lambda g: credited(g) and g.signals.action and not g.signals.hedges
                    and g.signals.i_count >= max(1, g.signals.we_count)),
        we_heavy=where(lambda g: credited(g) and g.signals.we_heavy),
        missing_part=part,
        missing=where(lambda g: part in g.missing_star, tried) if part else (),
    )
