"""Whether a figure is a result: the rule, read from the figure's clause and a few words
around it.

A figure is a result when
  1. its clause has a change or outcome cue (data/numbers_cues.txt: [change] cut, reduced,
     saved, grew, rose, fell, down to, fewer, instead of...; [outcome] achieved, reached,
     hit, won, closed, delivered, found, as a result, which meant, so that, now...) -- the
     figure's own words do not count ("one improvement"), and "up to" only after a verb
     ("went up to", not "classes of up to 30"); or
  2. it is a change itself: a change word, a from/to or instead-of pair, a multiplier with
     a comparative ("twice as fast"; "eight times" alone is a count of occurrences), or a
     figure followed by a comparative ("12% lower", "3 seconds faster", "two weeks early");
     or
  3. it is a percentage that is not a reading, or the duration of an outcome ("in 40
     minutes", "within 2 seconds", "in under an hour"); or
  4. it is a rate: with a verb of output ("picked 120 units per shift",
     data/numbers_output_verbs.txt), or a rate of things with no verb of state ("ten
     deployments a day"; data/numbers_states.txt). A rate of people or of time is the
     workload ("six patients a shift", "two shifts a week": data/numbers_people.txt).
Exceptions, which win over the rules above:
  * money needs a cue (rule 1): "disputed a 20-euro payment" is the situation, "saved
    £300" a result;
  * a reading -- a figure next to a reading term (data/numbers_readings.txt [term]: "heart
    rate 130", "SpO2 88%", "64 GB RAM", "16 cores") -- is a result only with a [change] cue
    ("her SpO2 rose to 96%"); with no cue at all a percentage after a verb of state is a
    reading too ("attendance was 85%", "CPU at 90%");
  * a bare quantity in a clause with no cue ("we had 30 pupils") is the situation;
  * a situation marker (data/numbers_situation.txt: "when I arrived", "initially", "used
    to") makes its clause and the rest of its sentence the situation, up to a turn ("but",
    "then", "now"...) or the candidate acting ("..., I cut the wait to 3 minutes"; "we had"
    is still the situation);
  * a figure that also appears in `exclude` (the JD) is dropped: same value, and either
    1,000 or more or the two clauses share a content word -- so "order volume doubles this
    year" or "4,000 restaurants" echoed from the JD are not the candidate's, while the
    candidate's own "I doubled throughput" still counts.
Then story.py reads the verdicts again in the story's order: a measure told before the
candidate acted and again after it, changed, is a result ("At FreshMart shrinkage was 2.1%.
I introduced gap checks. After 12 months shrinkage was 1.3%."), and so is one stated after a
later time ("Six months later we saw 2 ulcers a month"); a figure in a sentence before the
first action with no "I" or "we" in it is the situation, when a result follows the action.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from interview_core.providers.offline.numbers import story
from interview_core.providers.offline.numbers.clauses import Clause, Clauses, outside
from interview_core.providers.offline.numbers.figures import (
    LOOK,
    MAX_CHARS,
    Figure,
    figures,
    prepare,
    previous_word,
)
from interview_core.providers.offline.numbers.patterns import BOUND_RE
from interview_core.providers.offline.numbers.wordlists import (
    alternation,
    items,
    phrase_re,
    sections,
)

_READINGS = sections("numbers_readings.txt")
_READING_TERM_RE = phrase_re(_READINGS["term"])
_READING_RE = phrase_re(_READINGS["term"] + _READINGS["verb"])
_PEOPLE_RE = phrase_re(items("numbers_people.txt"))
_ASKS = sections("numbers_asks.txt")
_ASK_BEFORE_RE = re.compile(
    rf"(?<![\w]){alternation(_ASKS['before'])}\s+(?:(?:a|an|the|my|our|their)\s+)?(?:[a-z]+\s+)?$",
    re.IGNORECASE,
)
_ASK_AFTER_RE = re.compile(rf"\s+(?:(?!of\b)[\w-]+\s+)?{alternation(_ASKS['after'])}(?![\w])", re.IGNORECASE)
# "the 25% was based on ...", "whether the 30% is real": a figure already given, named again.
_NAMED_AGAIN_BEFORE_RE = re.compile(r"(?<![\w])the\s+$", re.IGNORECASE)
_NAMED_AGAIN_AFTER_RE = re.compile(r"\s+(?:was|is|were|are|had|has)\b", re.IGNORECASE)
_UP_TO_RE = re.compile(
    r"(?:\b(went|gone|go|goes|going|came|come|comes|coming|rose|risen|rising|moved|jumped"
    r"|climbed|crept|shot|got|gets|getting|now)\s+)?(?<![\w])up\s+to\s+$",
    re.IGNORECASE,
)
# "on every deal over £20k": a threshold.
_EVERY_BEFORE_RE = re.compile(r"(?<![\w])(?:every|each|any|all)\s+[a-z-]+\s+$", re.IGNORECASE)
# "my last two deals", "the first three weeks": the scope of what is told.
_SCOPE_WORDS = frozenset(("last", "first", "next", "past", "previous", "other", "few"))
_UNDER_RE = re.compile(r"(?:just\s+|well\s+)?(?:under|below|less\s+than)\s", re.IGNORECASE)
_IN_A_ROW_RE = re.compile(r"\s+(?:in\s+a\s+row|running|straight)\b", re.IGNORECASE)
# "in 6 years", "over six years", "after 6 years": a tenure, not the time an outcome took; years
# are a result only as what was saved or cut ("cut the waiting list by 2 years").
_YEARS_RE = re.compile(r"(?:years?|yrs?|decades?)$", re.IGNORECASE)
_YEARS_SAVED_BY = frozenset(("by", "saved", "saving", "save", "saves", "shaved", "cut", "gained",
                             "freed"))
# "replying to every review within 48 hours": a standard kept, not an outcome.
_HABIT_RE = re.compile(r"(?<![\w])(?:every|each|always|usually|normally)(?![\w])", re.IGNORECASE)


_BOUND_AT_RE = re.compile(BOUND_RE.pattern.removesuffix("$"), re.IGNORECASE)


def _not_achieved(text: str, figure: Figure, clause: Clause) -> bool:
    """An ask, a limit or target, a threshold, a figure named again, or a scope."""
    start, end = figure.start, figure.end
    if _ASK_BEFORE_RE.search(text, max(0, start - 30), start) or _ASK_AFTER_RE.match(text, end):
        return True  # "asked for a 25% discount", "my 15% discount limit", "the 30% ask"
    ceiling = _UP_TO_RE.search(text, max(0, start - 40), start)
    if ceiling and not ceiling.group(1):
        return True  # "offer credits up to £100": a ceiling; "went up to 40" is a change
    if _NAMED_AGAIN_BEFORE_RE.search(text, max(0, start - 5), start) and (
        _NAMED_AGAIN_AFTER_RE.match(text, end)
    ):
        return True
    if figure.start != _core_start(text, figure) and _EVERY_BEFORE_RE.search(
        text, max(0, start - 30), start
    ):
        return True  # "every deal over £20k"
    return previous_word(text, start) in _SCOPE_WORDS and figure.kind == "count"


def _core_start(text: str, figure: Figure) -> int:
    """Where the figure starts after a bound ("over £20k" -> "£20k")."""
    match = _BOUND_AT_RE.match(text, figure.start)
    return match.end() if match else figure.start


def _near_reading(text: str, figure: Figure, clause: Clause) -> bool:
    """A reading term in the three words before the figure, in it, or in the two after."""
    before = text[max(clause.start, figure.start - LOOK) : figure.start].split()[-3:]
    after = text[figure.end : min(clause.end, figure.end + LOOK)].split()[:2]
    window = " ".join([*before, text[figure.start : figure.end], *after])
    return bool(_READING_TERM_RE.search(window))


def _blocked(text: str, figure: Figure, clause: Clause) -> bool:
    """Never a result: the scene before anything was done, a plan, an ask or a target."""
    return clause.situation or clause.hypothetical or _not_achieved(text, figure, clause)


def _is_reading(text: str, figure: Figure, clause: Clause) -> bool:
    return figure.score or (
        figure.kind in ("count", "percent", "share") and _near_reading(text, figure, clause)
    )


def _is_result(text: str, figure: Figure, clause: Clause) -> bool:
    if _blocked(text, figure, clause):
        return False
    change = outside(clause.changes, figure)
    cue = change or outside(clause.outcomes, figure)
    if _is_reading(text, figure, clause):
        return change or figure.comparative  # a reading is a result only when it changed
    if figure.kind == "money":
        return cue
    if figure.kind == "range" and figure.bare:
        return cue  # "from 3 to 7 the concierge covers": a time, unless something changed
    if figure.duration and not (figure.kind == "range" or figure.comparative):
        # The time an outcome took ("in under an hour", "saved hundreds of hours"), not
        # context: "three years in a row", "a week" with nothing changed, a standard kept
        # ("every review within 48 hours").
        if _IN_A_ROW_RE.match(text, figure.end) or _HABIT_RE.search(
            text, clause.start, figure.start
        ):
            return False
        if _YEARS_RE.search(text, figure.start, figure.end):
            return (_core_start(text, figure) == figure.start
                    and previous_word(text, figure.start) in _YEARS_SAVED_BY)
        if figure.article:
            return change
        return cue or bool(_UNDER_RE.match(text, figure.start)) or (
            previous_word(text, figure.start) in ("in", "within", "inside")
        )
    if cue or figure.kind in ("change", "range") or figure.comparative:
        return True
    if figure.kind in ("percent", "share"):
        before = text[max(clause.start, figure.start - LOOK) : figure.start].split()[-3:]
        return not _READING_RE.search(" ".join(before))
    if not figure.rate:
        return False
    if clause.output:
        return True  # "picked 120 units per shift"
    # "Ten deployments a day" is the candidate's output; "the ward takes 30 admissions a
    # day", "six patients a shift" and "two shifts a week" are the workload.
    workload = figure.duration or bool(_PEOPLE_RE.search(text, figure.start, figure.end))
    return not workload and not outside(clause.states, figure)


_Index = dict[tuple[str, float], list[frozenset[str]]]


@lru_cache(maxsize=64)
def exclude_index(exclude: str) -> _Index:
    """Every figure in the exclude text (the JD), by value, with its clause's words."""
    text = prepare(exclude[:MAX_CHARS])
    found = figures(text)
    clauses = Clauses(text, found)
    index: _Index = {}
    for figure in found:
        context = clauses.context(figure.start)
        for value in figure.values:
            index.setdefault(value, []).append(context)
    return index


def _excluded(figure: Figure, context: frozenset[str], index: _Index) -> bool:
    """Every value of the figure is in the JD, and is big or said about the same thing."""
    for value in figure.values:
        seen = index.get(value)
        if not seen:
            return False
        if value[1] < 1000 and not any(context & other for other in seen[:20]):
            return False
    return True


class Result(NamedTuple):
    """A result figure's span, and the span of its clause."""

    start: int
    end: int
    clause_start: int
    clause_end: int


@lru_cache(maxsize=256)
def results(text: str, exclude: str) -> tuple[Result, ...]:
    """The result figures of the text (already cut to MAX_CHARS), in order; `exclude` is
    text whose figures are not the candidate's, "" for none."""
    prepared = prepare(text)
    found = figures(prepared)
    clauses = Clauses(prepared, found)
    index = exclude_index(exclude) if exclude.strip() else {}
    read = [clauses.of(figure.start) for figure in found]
    verdicts = story.adjust(
        prepared, found, clauses,
        [_is_result(prepared, f, c) for f, c in zip(found, read, strict=True)],
        [_blocked(prepared, f, c) for f, c in zip(found, read, strict=True)],
        [_is_reading(prepared, f, c) for f, c in zip(found, read, strict=True)],
    )
    spans: list[Result] = []
    for figure, clause, verdict in zip(found, read, verdicts, strict=True):
        if not verdict:
            continue
        if index and _excluded(figure, clauses.context(figure.start), index):
            continue
        spans.append(Result(figure.start, figure.end, clause.start, clause.end))
    return tuple(spans)
