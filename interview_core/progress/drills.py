"""Drills: what a short session works on, chosen from the user's finished interviews.

`choose_focus(finished)` is the whole decision; it reads only the interviews and reports
it is handed (newest first), so every platform gets the same focus and the same reason:

1. A recurring weakness first: the competency among the lowest two of its report in the
   most of the last RECURRING_WINDOW (3) scored interviews, at least RECURRING_TIMES (2)
   of them (trend.recurring_weaknesses: one rule for the history and for drills). Ties go
   to the lower mean score over those interviews, then to Competency's order.
2. Else a recurring skill gap: a JD skill the reports list as "asked about, and not shown"
   (skills_missed) in at least 2 of the last 3. A gap that came back beats one
   interview's lowest score, which may be noise; a recurring competency beats a recurring
   skill because it shows in every answer, whatever the job.
3. Else the lowest competency of the latest interview, and the reason says that it is
   one interview's finding, never that it recurs.

`competency=` or `skill=` overrides the choice; the reason then says what the reports
found about the pick, or only that the user asked for it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import mean
from typing import Literal

from interview_core.feedback import COMPETENCY_LABELS, Competency, FeedbackReport
from interview_core.models import Interview
from interview_core.progress.trend import (
    RECURRING_TIMES,
    RECURRING_WINDOW,
    lowest,
    recurring_weaknesses,
)

DRILL_QUESTIONS_DEFAULT = 4
DRILL_QUESTIONS_MIN = 3
DRILL_QUESTIONS_MAX = 5
SKILL_CHARS = 60  # a skill is named in every question: long enough for "medication administration"

NO_FINISHED_MESSAGE = (
    "You have no finished interview yet, so there is nothing to drill. Start an interview "
    "first; drills work on what your reports found."
)

FocusKind = Literal["competency", "skill"]
Finished = Sequence[tuple[Interview, FeedbackReport]]


class DrillError(ValueError):
    """A drill that cannot be set up as asked; the message is for the user as it stands."""


class NoFinishedInterview(DrillError):
    def __init__(self, message: str = NO_FINISHED_MESSAGE) -> None:
        super().__init__(message)


@dataclass(frozen=True)
class DrillFocus:
    """What a drill works on, why (one sentence for the user), and the interview whose CV,
    JD and role it reuses (the newest scored one)."""

    kind: FocusKind
    name: str  # a Competency value ("structure"), or a skill as the reports write it
    reason: str
    source_interview_id: int

    @property
    def label(self) -> str:
        if self.kind == "competency":
            return COMPETENCY_LABELS[Competency(self.name)]
        return self.name

    @property
    def competency(self) -> Competency | None:
        return Competency(self.name) if self.kind == "competency" else None


# -- naming a competency ---------------------------------------------------------------

def _key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.casefold()).split())


# The words people use for each competency, besides its value and its label.
_SYNONYMS: dict[Competency, tuple[str, ...]] = {
    Competency.RELEVANCE: ("relevance", "relevant", "role relevance", "relevance to the job"),
    Competency.STRUCTURE: ("structure", "star", "star method", "star structure", "structured answers"),
    Competency.SPECIFICITY: ("specificity", "specifics", "evidence", "specific", "detail", "details",
                             "numbers", "metrics"),
    Competency.COMMUNICATION: ("communication", "clarity", "clear", "concision", "conciseness", "concise"),
    Competency.JD_COVERAGE: ("jd coverage", "coverage", "jd", "jd skills", "job description",
                             "job description coverage", "skills coverage", "requirements"),
}
_NAMES: dict[str, Competency] = {
    _key(name): c
    for c in Competency
    for name in (c.value, COMPETENCY_LABELS[c], *_SYNONYMS[c])
}


def _choices() -> str:
    names = [f"{c.value} ({COMPETENCY_LABELS[c]})" for c in Competency]
    return ", ".join(names[:-1]) + " or " + names[-1]


def competency_of(text: str) -> Competency:
    """The competency a user named: its value, its label or a common synonym, in any case."""
    found = _NAMES.get(_key(text or ""))
    if found is None:
        shown = " ".join((text or "").split())[:40]
        raise DrillError(
            f'There is no competency called "{shown}". You can drill {_choices()}; '
            'words such as "STAR", "evidence" or "clarity" work too.'
        )
    return found


# -- naming a skill --------------------------------------------------------------------

# Letters, digits and the marks skills are written with ("C++", "C#", "A/B testing",
# "Node.js", "health & safety"); anything else (markup, mentions, quotes) becomes a space.
_SKILL_UNSAFE = re.compile(r"[^\w \-+#/&.'’()]+")
_TAG = re.compile(r"<[^<>]*>")  # "<b>budgeting</b>": the tags go, not just their brackets


def clean_skill(text: str) -> str:
    """A skill as it goes into questions: one line, no markup, at most SKILL_CHARS."""
    cleaned = " ".join(_SKILL_UNSAFE.sub(" ", _TAG.sub(" ", (text or "").replace("_", " "))).split()).strip(" .-/&")
    cleaned = cleaned[:SKILL_CHARS].rsplit(" ", 1)[0] if len(cleaned) > SKILL_CHARS else cleaned
    if not cleaned:
        raise DrillError("Name the skill to drill, for example --skill budgeting.")
    return cleaned


# -- the reasons -----------------------------------------------------------------------

def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _how_often(times: int, window: int) -> str:
    """ "in 2 of your last 3 interviews"; "in both of your last 2 interviews"."""
    if times == window == 2:
        return "in both of your last 2 interviews"
    if times == window:
        return f"in all of your last {window} interviews"
    return f"in {times} of your last {window} interviews"


def _scores(report: FeedbackReport) -> list[tuple[Competency, int]]:
    return [(c.competency, c.score) for c in report.judged]  # "not judged" is no low score


def _is_the_lowest(report: FeedbackReport, competency: Competency) -> bool:
    scores = [s for _, s in _scores(report)]
    own = report.score_of(competency)
    return own is not None and own == min(scores) and min(scores) != max(scores)


def _missed_counts(reports: Sequence[FeedbackReport]) -> dict[str, tuple[str, int]]:
    """Per skill (case-folded): as the newest report wrote it, and in how many it was missed."""
    counts: dict[str, tuple[str, int]] = {}
    for report in reports:  # newest first: the first spelling seen is the newest
        for skill in dict.fromkeys(s.strip() for s in report.skills_missed if s.strip()):
            name, n = counts.get(skill.casefold(), (skill, 0))
            counts[skill.casefold()] = (name, n + 1)
    return counts


# -- choosing --------------------------------------------------------------------------

def _scored(finished: Finished) -> list[tuple[Interview, FeedbackReport]]:
    scored = [(i, r) for i, r in finished if r.competencies]
    if not scored:
        raise NoFinishedInterview()
    return scored


def _most_often_lowest(recent: list[FeedbackReport]) -> DrillFocus | None:
    """The competency that was the single lowest score in at least RECURRING_TIMES of the
    recent reports, the most often; ties to the lower mean. It comes before the wider
    "among the two lowest" rule: a competency second-lowest three times is not weaker
    than one that was the lowest twice."""
    if len(recent) < RECURRING_TIMES:
        return None
    times = {c: sum(_is_the_lowest(r, c) for r in recent) for c in Competency}
    often = [c for c, n in times.items() if n >= RECURRING_TIMES]
    if not often:
        return None

    def mean_score(c: Competency) -> float:
        known = [s for r in recent if (s := r.score_of(c)) is not None]
        return mean(known) if known else 100.0

    best = min(often, key=lambda c: (-times[c], mean_score(c), list(Competency).index(c)))
    return DrillFocus("competency", best.value, f"{COMPETENCY_LABELS[best]} was your lowest score "
                      f"{_how_often(times[best], len(recent))}.", 0)


def _recurring_competency(recent: list[FeedbackReport]) -> DrillFocus | None:
    found = recurring_weaknesses([_scores(r) for r in reversed(recent)])
    if not found:
        return None

    def mean_score(c: Competency) -> float:
        known = [s for r in recent if (s := r.score_of(c)) is not None]
        return mean(known) if known else 100.0

    order = list(Competency)
    best = min(found, key=lambda w: (-w.times, mean_score(w.competency), order.index(w.competency)))
    label = COMPETENCY_LABELS[best.competency]
    # "your lowest score" only when it was the lowest each of those times; else the honest
    # "one of your two lowest", which is what the rule counts.
    lowest_times = sum(_is_the_lowest(r, best.competency) for r in recent)
    what = "your lowest score" if lowest_times >= best.times else "one of your two lowest scores"
    return DrillFocus("competency", best.competency.value,
                      f"{label} was {what} {_how_often(best.times, best.window)}.", 0)


def _recurring_skill(recent: list[FeedbackReport]) -> DrillFocus | None:
    if len(recent) < RECURRING_TIMES:
        return None
    counts = _missed_counts(recent)
    often = [(name, n) for name, n in counts.values() if n >= RECURRING_TIMES]
    if not often:
        return None
    name, times = max(often, key=lambda item: item[1])  # max keeps the newest report's order on ties
    return DrillFocus("skill", name, _sentence(
        f"{name}, a job skill, came up and was not shown {_how_often(times, len(recent))}."), 0)


def _latest_lowest(report: FeedbackReport) -> DrillFocus:
    scores = _scores(report)
    low = min(s for _, s in scores)
    competency = next(c for c, s in scores if s == low)
    label = COMPETENCY_LABELS[competency]
    tied = sum(s == low for _, s in scores) > 1
    what = "one of your lowest scores" if tied else "your lowest score"
    return DrillFocus("competency", competency.value,
                      f"{label} was {what} in your last interview ({low}).", 0)


def _picked_competency(name: str, recent: list[FeedbackReport]) -> DrillFocus:
    competency = competency_of(name)
    label = COMPETENCY_LABELS[competency]
    score = recent[0].score_of(competency)
    reason = f"You asked to drill {label}"
    reason += f"; it scored {score} in your last interview" if score is not None else ""
    times = sum(competency in lowest(_scores(r)) for r in recent)
    if len(recent) >= RECURRING_TIMES and times >= RECURRING_TIMES:
        reason += f", and was one of your two lowest scores {_how_often(times, len(recent))}"
    return DrillFocus("competency", competency.value, reason + ".", 0)


def _picked_skill(name: str, recent: list[FeedbackReport]) -> DrillFocus:
    skill = clean_skill(name)
    written, times = _missed_counts(recent).get(skill.casefold(), (skill, 0))
    reason = f"You asked to drill {skill}"
    if times:
        reason += f"; your reports found it missed {_how_often(times, len(recent))}"
    return DrillFocus("skill", written, reason + ".", 0)


def choose_focus(finished: Finished, *, competency: str | None = None,
                 skill: str | None = None) -> DrillFocus:
    """What to drill, from the finished, scored interviews and their reports, newest first.

    Raises NoFinishedInterview when there is none, DrillError for an unknown competency,
    an empty skill, or both options at once."""
    if competency is not None and skill is not None:
        raise DrillError("Pick a competency or a skill to drill, not both.")
    scored = _scored(finished)
    source = scored[0][0].id
    recent = [r for _, r in scored[:RECURRING_WINDOW]]
    if competency is not None:
        focus = _picked_competency(competency, recent)
    elif skill is not None:
        focus = _picked_skill(skill, recent)
    else:
        focus = (_most_often_lowest(recent) or _recurring_competency(recent) or _recurring_skill(recent)
                 or _latest_lowest(recent[0]))
    return DrillFocus(focus.kind, focus.name, focus.reason, source)


def drill_questions_of(value: int | str | None) -> int:
    """A drill's length: DRILL_QUESTIONS_DEFAULT when not given, else 3 to 5."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return DRILL_QUESTIONS_DEFAULT
    try:
        number = int(value) if not isinstance(value, bool) else -1
    except (TypeError, ValueError):
        number = -1
    if not DRILL_QUESTIONS_MIN <= number <= DRILL_QUESTIONS_MAX:
        raise DrillError(
            f"A drill has {DRILL_QUESTIONS_MIN} to {DRILL_QUESTIONS_MAX} questions "
            f"({DRILL_QUESTIONS_DEFAULT} if you don't say); got {' '.join(str(value).split())[:20]}."
        )
    return number
