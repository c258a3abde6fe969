"""Grading each answer: five 0..1 signals, and the caps that keep hollow answers low.

The signals are STAR structure (as far as the question asks for a story), evidence
(results, concrete detail, skills actually used), ownership ("I" over "we", with real
actions), relevance to the question (from `judging`) and clarity. An answer that
repeats an earlier one, declines, only praises the candidate, only lists skills or
answers another question is capped, whatever keywords and numbers it holds: a score
must mean something.
"""

from __future__ import annotations

from dataclasses import dataclass

from interview_core.models import InterviewContext, Role
from interview_core.providers.offline import vocabulary
from interview_core.providers.offline.answers import AnswerSignals
from interview_core.providers.offline.judging import Judgement, judge
from interview_core.providers.offline.match import Match
from interview_core.providers.offline.numbers import result_figures

LONG_WORDS = 350

# The most a hollow answer can score, whatever else it holds.
CAP_COPY = 5
CAP_DONT_KNOW = 5
CAP_LISTING = 25
CAP_GENERIC = 25
CAP_OFF_TOPIC = 30
CAP_ANY_EMPLOYER = 55  # a motivation that would fit any employer
CAP_ECHO = 15  # the question's words handed back
CAP_PADDING = 20  # a few words repeated in the shape of an answer
CAP_PASTED_CV = 35  # a CV line, word for word: true, but not an answer yet
CAP_NO_ANSWER = 5  # a question back at the interviewer, or no words of content ("ok", "x")

_WEIGHTS = {"structure": 0.25, "evidence": 0.25, "ownership": 0.15, "relevance": 0.15,
            "clarity": 0.20}


@dataclass(frozen=True, slots=True)
class GradedAnswer:
    number: int
    question: str
    answer: str
    judgement: Judgement
    skills: tuple[str, ...]  # JD skills the answer gives evidence of
    results: tuple[str, ...]  # figures that carry a result, as written
    specific: bool  # a motivation answer says something about this job in particular
    structure: float
    evidence: float
    ownership: float
    relevance: float
    clarity: float

    @property
    def kind(self) -> str:
        return self.judgement.kind

    @property
    def signals(self) -> AnswerSignals:
        return self.judgement.signals

    @property
    def cap(self) -> int:
        j = self.judgement
        if j.copy_of is not None:
            return CAP_COPY
        if j.dont_know or self.signals.words == 0:
            return CAP_DONT_KNOW
        if j.no_answer:
            return CAP_NO_ANSWER
        if j.echo or j.pasted_jd:
            return CAP_ECHO
        if j.padding:
            return CAP_PADDING
        if j.listing:
            return CAP_LISTING
        if j.generic:
            return CAP_GENERIC
        if j.off_topic:
            return CAP_OFF_TOPIC
        if self.kind == "motivation" and not self.specific:
            return CAP_ANY_EMPLOYER
        if j.pasted_cv:
            return CAP_PASTED_CV
        return 100

    @property
    def raw_score(self) -> float:
        return sum(w * getattr(self, name) for name, w in _WEIGHTS.items())

    @property
    def score(self) -> int:
        return min(self.cap, round(100 * self.raw_score))

    @property
    def weight(self) -> float:
        """How much this answer counts in the competencies: a hollow answer earns nothing
        beyond its cap, so eight copies of one good answer are not eight good answers."""
        raw = self.raw_score
        return 1.0 if raw <= 0 else min(1.0, self.score / (100 * raw))

    @property
    def missing_star(self) -> list[str]:
        s = self.signals
        names = ("situation", "task", "action", "result")
        present = (s.situation, s.task, s.action, s.result)
        return [n for n, p in zip(names, present, strict=True) if not p]


def _structure(signals: AnswerSignals, kind: str) -> float:
    if signals.words == 0:
        return 0.0
    star = signals.star_parts / 4
    if kind in ("motivation", "closing", "opening"):
        # No story is asked for: a reasoned answer of a few sentences is well structured.
        reasoned = 0.5 if signals.sentences >= 2 and not signals.short else 0.2
        return min(1.0, reasoned + 0.5 * min(1.0, signals.star_parts / 2))
    if kind in ("scenario", "technical"):
        # Steps and the reasoning behind them, not a past story, are what these ask for.
        return min(1.0, 0.25 + star * 0.5 + (0.25 if signals.action else 0.0))
    if kind == "probe":
        return min(1.0, 0.4 + 0.6 * min(1.0, signals.star_parts / 2))
    return star


def _evidence(signals: AnswerSignals, results: tuple[str, ...], skills: tuple[str, ...],
              kind: str, specific: bool = True, ahead: bool = True) -> float:
    value = 0.45 if results else 0.0
    value += 0.1 if len(results) >= 2 else 0.0
    value += 0.25 if signals.action and (signals.situation or signals.task) else 0.0
    value += 0.2 if skills else 0.0
    plan_kind = kind == "motivation" or (kind == "closing" and ahead)
    if plan_kind and signals.action and not signals.short:
        # Reasons and plans, not numbers, are the evidence here, if they are about this job:
        # "get to know the team and do the training" would fit any job. A past story given
        # for a plan is no plan.
        value = max(value, 0.7 if specific else 0.35)
    return min(1.0, value)


def _ownership(signals: AnswerSignals) -> float:
    i, we = signals.i_count, signals.we_count
    if i == 0:
        return 0.1 if we else 0.2
    # "I" with no action ("I guess it was fine") is not ownership.
    acted = 1.0 if signals.action else 0.5
    if i >= we:
        return acted
    return acted * (0.6 if i * 2 >= we else 0.3)


def _clarity(signals: AnswerSignals) -> float:
    words = signals.words
    if words == 0:
        return 0.0
    if words < 10:
        base = 0.1
    elif signals.short:
        base = 0.4
    elif words > LONG_WORDS:
        base = 0.75  # rambling costs a little, not as much as saying nothing
    elif signals.sentences <= 1 and words > 60:
        base = 0.8  # one run-on sentence
    else:
        base = 1.0
    hedges = len(signals.hedges)
    rate = hedges if words < 100 else hedges * 100 / words
    return max(0.0, base - min(0.5, 0.1 * rate))


def grade_answer(number: int, question: str, answer: str, match: Match,
                 earlier: list[str] | None = None) -> GradedAnswer:
    related = vocabulary.related
    names = " ".join((match.job.title, match.job.company))
    asked = match.skills_in(question)
    judgement = judge(question, answer, list(earlier or []), names=names, skills_asked=asked,
                      related=related, background=match.cv.text, job_text=match.job_text,
                      company=match.job.company)
    # A JD skill is shown by evidence of it or of a narrower skill of its family (Kafka shows
    # event-driven architecture), never by a sibling: BigQuery does not show Snowflake.
    shown = judgement.evidence.shown
    # A CV line pasted as the answer shows what the CV shows, not what the interview did: its
    # skills and its figures are the CV's, already read. A non-answer ("how could I improve
    # answer 4?") has nothing to credit either.
    credit = not (judgement.hollow or judgement.pasted_cv or judgement.no_answer)
    skills = tuple(s for s in match.job.skills if vocabulary.shown_by(s, shown)) if credit else ()
    # Figures copied from the JD ("order volume doubles") are not the candidate's results.
    results = result_figures(answer, exclude=match.job_text) if credit else ()
    signals = judgement.signals
    specific = judgement.kind not in ("motivation", "closing") or judgement.specific
    return GradedAnswer(
        number=number,
        question=question,
        answer=answer,
        judgement=judgement,
        skills=skills,
        results=results,
        specific=specific,
        structure=_structure(signals, judgement.kind),
        evidence=_evidence(signals, results, skills, judgement.kind, specific, judgement.ahead),
        ownership=_ownership(signals),
        relevance=judgement.relevance,
        clarity=_clarity(signals),
    )


def answered_pairs(ctx: InterviewContext) -> list[tuple[int, str, str]]:
    """(question number, question, answer) for each answered question, in order."""
    pairs: list[tuple[int, str, str]] = []
    question: str | None = None
    answer_parts: list[str] = []
    number = 0

    def flush() -> None:
        if question is not None and answer_parts:
            pairs.append((number, question, " ".join(answer_parts)))

    for turn in ctx.history:
        if turn.role is Role.INTERVIEWER:
            flush()
            number += 1
            question, answer_parts = turn.text, []
        elif question is not None and turn.text.strip():
            answer_parts.append(turn.text.strip())
    flush()
    return pairs


def grade_interview(ctx: InterviewContext, match: Match) -> list[GradedAnswer]:
    graded: list[GradedAnswer] = []
    for number, question, answer in answered_pairs(ctx):
        graded.append(grade_answer(number, question, answer, match, [g.answer for g in graded]))
    return graded
