"""A user's scores over their interviews: the trend of each competency, and the one
rule that calls a weakness recurring.

Everything here is plain data, built from interviews and their reports; nothing is
looked up. `ScoreHistory.of(points)` is the whole computation:

    history = ScoreHistory.of([point_of(interview, report) for interview, report in ...])
    history.trends      # per competency, the last few scores, oldest first
    history.recurring   # what was among the lowest two in at least 2 of the last 3

The rule, and why it is strict: one bad session is no pattern. A competency is a
recurring weakness only when it was among the two lowest of its report in at least
RECURRING_TIMES of the last RECURRING_WINDOW finished (scored) interviews. With fewer
than RECURRING_TIMES scored interviews nothing is recurring yet (`recurring_known` is
False), so the words can say so instead of suggesting that all is well.

"Among the lowest two" counts ties fairly: a competency is among them when fewer
than two others in the same report scored strictly below it (so three tied at the
bottom are all among the lowest two), and never when every competency scored the
same (then nothing is low).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from interview_core.feedback import (
    COMPETENCY_LABELS,
    Competency,
    FeedbackReport,
    engine_short_label,
)
from interview_core.models import Interview, InterviewStatus

RECURRING_WINDOW = 3  # the last N scored interviews the rule looks at
RECURRING_TIMES = 2  # ... of which at least this many must agree
LOWEST = 2  # "among the lowest two"
TREND_LENGTH = 5  # scores shown per competency in the text trend


@dataclass(frozen=True, slots=True)
class InterviewPoint:
    """One interview as the history shows it; `scores` is empty when it has no report."""

    interview_id: int
    date: datetime
    title: str
    company: str
    finished: bool
    overall_score: int | None = None
    engine: str | None = None  # the report's engine, in a few words ("offline coach, rule-based")
    scores: tuple[tuple[Competency, int], ...] = ()

    @property
    def scored(self) -> bool:
        return self.overall_score is not None

    def score_of(self, competency: Competency) -> int | None:
        return dict(self.scores).get(competency)


def point_of(interview: Interview, report: FeedbackReport | None, *, finished: bool | None = None) -> InterviewPoint:
    """An interview and its report (None: none yet) as one point of the history."""
    done = interview.status is InterviewStatus.COMPLETE if finished is None else finished
    if report is None:
        return InterviewPoint(interview.id, interview.created_at, interview.title, interview.company, done)
    return InterviewPoint(
        interview.id, interview.created_at, interview.title, interview.company, True,
        overall_score=report.overall_score, engine=engine_short_label(report.source),
        scores=tuple((c.competency, c.score) for c in report.judged),  # "not judged" is no score
    )


@dataclass(frozen=True, slots=True)
class CompetencyTrend:
    """One competency's scores over the last scored interviews, oldest first (None where
    that interview's report did not score it)."""

    competency: Competency
    scores: tuple[int | None, ...]

    @property
    def label(self) -> str:
        return COMPETENCY_LABELS[self.competency]

    @property
    def known(self) -> tuple[int, ...]:
        return tuple(s for s in self.scores if s is not None)

    @property
    def change(self) -> int | None:
        """Last known score minus the first; None with fewer than two."""
        known = self.known
        return known[-1] - known[0] if len(known) >= 2 else None


@dataclass(frozen=True, slots=True)
class RecurringWeakness:
    """`competency` was among the lowest two in `times` of the last `window` scored interviews."""

    competency: Competency
    times: int
    window: int

    @property
    def label(self) -> str:
        return COMPETENCY_LABELS[self.competency]


def lowest(scores: Iterable[tuple[Competency, int]], count: int = LOWEST) -> frozenset[Competency]:
    """The competencies among the `count` lowest of one report, ties counted fairly: fewer
    than `count` others strictly below; none at all when every score is the same."""
    pairs = list(scores)
    values = [score for _, score in pairs]
    if not values or min(values) == max(values):
        return frozenset()
    return frozenset(c for c, score in pairs if sum(v < score for v in values) < count)


def recurring_weaknesses(
    reports: Sequence[Iterable[tuple[Competency, int]]],
    *,
    window: int = RECURRING_WINDOW,
    times: int = RECURRING_TIMES,
) -> tuple[RecurringWeakness, ...]:
    """The competencies among the lowest two in at least `times` of the last `window`
    reports (`reports` oldest first, each its (competency, score) pairs); most often
    first, then in the report's order. Fewer than `times` reports: none, ever."""
    recent = [lowest(r) for r in list(reports)[-window:]]
    if len(recent) < times:
        return ()
    counts = {c: sum(c in low for low in recent) for c in Competency}
    found = [RecurringWeakness(c, n, len(recent)) for c, n in counts.items() if n >= times]
    return tuple(sorted(found, key=lambda w: -w.times))


@dataclass(frozen=True, slots=True)
class ScoreHistory:
    """A user's interviews and what their scores say."""

    points: tuple[InterviewPoint, ...]  # every interview listed, newest first
    scored: tuple[InterviewPoint, ...]  # those with a report, oldest first (the chart's x axis)
    overall: tuple[int, ...]  # the scored interviews' overall scores, oldest first
    trends: tuple[CompetencyTrend, ...]  # per competency, the last TREND_LENGTH scored interviews
    trend_overall: tuple[int, ...]  # the overall scores of those same interviews
    recurring: tuple[RecurringWeakness, ...]
    recurring_known: bool  # enough scored interviews for the rule to say anything

    @classmethod
    def of(cls, points: Iterable[InterviewPoint], *, trend_length: int = TREND_LENGTH) -> ScoreHistory:
        listed = tuple(sorted(points, key=lambda p: (p.date, p.interview_id), reverse=True))
        scored = tuple(reversed([p for p in listed if p.scored]))
        recent = scored[-trend_length:]
        trends = tuple(
            CompetencyTrend(c, tuple(p.score_of(c) for p in recent))
            for c in Competency
            if any(p.score_of(c) is not None for p in recent)
        )
        return cls(
            points=listed,
            scored=scored,
            overall=tuple(p.overall_score for p in scored if p.overall_score is not None),
            trends=trends,
            trend_overall=tuple(p.overall_score for p in recent if p.overall_score is not None),
            recurring=recurring_weaknesses([p.scores for p in scored]),
            recurring_known=len(scored) >= RECURRING_TIMES,
        )
