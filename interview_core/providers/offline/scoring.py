"""The offline feedback report: the built-in coach's scores, from what the answers show.

`grading` scores each answer (and caps hollow ones); this module turns the graded
answers into the report: five competencies, an overall score, honest coverage of the
JD's skills ("asked about, and not shown" apart from "never came up"), strengths,
improvements and next steps (their words are in advice.py). Every sentence cites the
evidence it came from.
"""

from __future__ import annotations

from collections import Counter

from interview_core.feedback import (
    AnswerNote,
    Competency,
    CompetencyScore,
    FeedbackReport,
)
from interview_core.models import InterviewContext
from interview_core.providers.offline.advice import (
    counted_answers,
    improvements,
    next_steps,
    strengths,
    summary,
)
from interview_core.providers.offline.counting import (
    counted,
    part_of,
    plural,
)
from interview_core.providers.offline.grading import (
    GradedAnswer,
    grade_answer,
    grade_interview,
)
from interview_core.providers.offline.judging import question_kind
from interview_core.providers.offline.match import Match, match_cv_to_jd
from interview_core.providers.offline.notes import (
    shown_hedge,
    stronger_answer,
    to_improve,
    what_worked,
)
from interview_core.providers.offline.text import clip_phrase
from interview_core.providers.offline.vocabulary import (
    display_skill,
    find_skills,
    shown_by,
)

__all__ = ["answer_notes", "build_report", "grade_answer", "note_for_last_answer", "question_kind"]

TOP_SKILLS = 10
MAX_MISSED = 8  # a longer list reads as noise, not as a to-do list


def _answers(count: int) -> str:
    return counted_answers(count)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _pct(value: float) -> int:
    return max(0, min(100, round(100 * value)))


# ---------------------------------------------------------------------------
# Coverage of the JD's skills
# ---------------------------------------------------------------------------
class Coverage:
    """Which of the JD's top skills the answers showed, which were asked about and not
    shown, and which never came up. A skill counts as shown when an answer gave evidence
    of it or of a narrower skill of its family (Terraform shows infrastructure as code)."""

    def __init__(self, graded: list[GradedAnswer], match: Match) -> None:
        key = list(match.job.key_skills)
        top = key[:TOP_SKILLS]
        shown_any = {s for g in graded for s in g.skills}
        asked_any = {s for g in graded for s in match.skills_in(g.question)}
        # Admitted gaps are discussed, not shown.
        denied = {s for g in graded for s in g.judgement.evidence.denied}

        def hit(skill: str, pool: set[str]) -> bool:
            return shown_by(skill, pool)

        self.top = top
        # Any of the JD's skills the answers showed counts, whatever its rank; what is listed
        # as not shown or never discussed is kept to the JD's top skills.
        self.covered = [s for s in key if hit(s, shown_any)]
        discussed = asked_any | denied | {s for g in graded for s in g.judgement.evidence.named}
        # The job itself ("Data engineering" for a data engineer) is what the whole interview
        # is about: credited when shown, never listed as a gap.
        the_job = set(find_skills(match.job.title))
        gaps = [s for s in key if s not in self.covered and s not in the_job]
        self.missed = [s for s in gaps if hit(s, discussed)][:MAX_MISSED]
        self.not_discussed = [s for s in gaps if s in top and s not in self.missed]
        self.admitted = [s for s in key if s in denied and s not in self.covered]
        weights = {s: match.job.weight(s) for s in key}
        # Coverage is judged on what came up: a skill nobody asked about and the candidate
        # never raised is reported, not held against the score.
        judged = self.covered + self.missed
        total = sum(weights[s] for s in judged)
        self.score = _pct(sum(weights[s] for s in self.covered) / total) if total else None


# ---------------------------------------------------------------------------
# Competencies and the overall score
# ---------------------------------------------------------------------------
_OVERALL_WEIGHTS = {
    Competency.RELEVANCE: 0.20,
    Competency.STRUCTURE: 0.25,
    Competency.SPECIFICITY: 0.25,
    Competency.COMMUNICATION: 0.15,
    Competency.JD_COVERAGE: 0.15,
}


def _weighted(graded: list[GradedAnswer], part: str) -> float:
    """A competency's mean over the answers, each answer counting only as far as its cap
    lets it: a copied or hollow answer adds (almost) nothing."""
    return _mean([g.weight * getattr(g, part) for g in graded])


def _competencies(graded: list[GradedAnswer], coverage: Coverage) -> list[CompetencyScore]:
    n = len(graded)
    if n == 0:
        reason = "No answers were given, so there is no evidence for this yet."
        return [CompetencyScore(competency=c, score=0, reason=reason) for c in Competency]
    copies = [g for g in graded if g.judgement.copy_of is not None]
    off = [g for g in graded if g.judgement.off_topic]
    on = n - len(copies) - len(off) - sum(1 for g in graded if g.judgement.dont_know)
    relevance_reason = f"{part_of(max(0, on), n, 'answer')} addressed the question asked"
    details = []
    if copies:
        details.append(f"{_answers(len(copies))} repeated an earlier one")
    if off:
        details.append(f"{len(off)} answered something else")
    relevance_reason += f" ({'; '.join(details)})." if details else "."
    stories = [g for g in graded if g.kind == "story"]
    full_star = sum(1 for g in stories if g.signals.star_parts == 4 and not g.judgement.hollow)
    missing = [m for g in stories for m in g.missing_star]
    structure_reason = (
        f"{part_of(full_star, len(stories), 'story answer')} covered situation, task, action and result"
        if stories else "No story question was answered"
    )
    if missing:
        most = max(set(missing), key=missing.count)
        structure_reason += f"; the part most often missing was the {most}."
    else:
        structure_reason += "."
    measured = sum(1 for g in graded if g.results)
    listing = sum(1 for g in graded if g.judgement.listing or g.judgement.generic)
    specificity_reason = f"{part_of(measured, n, 'answer')} gave a result you can measure"
    specificity_reason += (
        f"; {listing} listed skills or praised yourself with no example." if listing else "."
    )
    avg_words = round(_mean([g.signals.words for g in graded]))
    hedges = [h for g in graded for h in g.signals.hedges]
    hedge_note = (f'{counted(len(hedges), "hedge")} or {plural("filler", len(hedges))} '
                  f'(e.g. "{shown_hedge(hedges[0])}")' if hedges else "no hedges or fillers")
    communication_reason = f"Answers averaged {avg_words} words with {hedge_note}."
    if coverage.score is None:
        coverage_score, coverage_reason = 50, (
            "None of the JD's main skills came up, so coverage is neutral.")
    else:
        coverage_score = coverage.score
        judged = len(coverage.covered) + len(coverage.missed)
        coverage_reason = (f"Showed {len(coverage.covered)} of the {judged} JD "
                           f"{plural('skill', judged)} that came up")
        coverage_reason += (
            f"; asked about but not shown: {', '.join(map(display_skill, coverage.missed[:3]))}."
            if coverage.missed else "."
        )
    return [
        CompetencyScore(competency=Competency.RELEVANCE, score=_pct(_weighted(graded, "relevance")),
                        reason=relevance_reason),
        CompetencyScore(competency=Competency.STRUCTURE, score=_pct(_weighted(graded, "structure")),
                        reason=structure_reason),
        CompetencyScore(
            competency=Competency.SPECIFICITY,
            score=_pct(_mean([g.weight * (0.7 * g.evidence + 0.3 * g.ownership) for g in graded])),
            reason=specificity_reason,
        ),
        CompetencyScore(competency=Competency.COMMUNICATION,
                        score=_pct(_weighted(graded, "clarity")), reason=communication_reason),
        CompetencyScore(competency=Competency.JD_COVERAGE, score=coverage_score,
                        reason=coverage_reason),
    ]


def _overall(competencies: list[CompetencyScore], graded: list[GradedAnswer], expected: int) -> int:
    if not graded:
        return 0
    weighted = sum(_OVERALL_WEIGHTS[c.competency] * c.score for c in competencies)
    # Never above the answers themselves (+10 for coverage): neutral coverage must not lift
    # an interview of hollow answers.
    weighted = min(weighted, _mean([g.score for g in graded]) + 10)
    # Unanswered questions count against the result, but do not erase the answers given.
    completion = 0.5 + 0.5 * min(1.0, len(graded) / max(1, expected))
    return round(weighted * completion)


def answer_notes(graded: list[GradedAnswer], match: Match) -> list[AnswerNote]:
    """The per-answer notes, in order. One function for the report and for practice mode's
    feedback on one answer, so both say exactly the same about the same answer. In order
    because the outlines share a budget of CV lines (`used`): no line serves more than two."""
    used: Counter[str] = Counter()
    return [
        AnswerNote(
            question_number=g.number,
            question=g.question,
            score=g.score,
            what_worked=what_worked(g, match),
            to_improve=to_improve(g, match),
            stronger_answer=stronger_answer(g, match, used),
        )
        for g in graded
    ]


def note_for_last_answer(ctx: InterviewContext) -> AnswerNote:
    """Practice mode: the note the report would write on the answer that ends the history.

    Grading only looks back (each answer against the ones before it), so the note on answer
    n with history 1..n is the report's note on answer n. A last question with no usable
    answer (empty, whitespace) is graded as an empty answer: it scores as "no answer"."""
    match = match_cv_to_jd(ctx.cv_text, ctx.jd_text, clip_phrase(ctx.title, 8),
                           clip_phrase(ctx.company, 6))
    graded = grade_interview(ctx, match)
    questions = ctx.questions
    number = len(questions)
    if questions and (not graded or graded[-1].number != number):
        earlier = [g.answer for g in graded]
        graded.append(grade_answer(number, questions[-1], "", match, earlier))
    if not graded:
        return AnswerNote(question_number=max(1, ctx.question_number), question="", score=0,
                          what_worked="", to_improve="There was no question or answer to score.",
                          stronger_answer="")
    return answer_notes(graded, match)[-1]


def build_report(ctx: InterviewContext, source: str = "offline") -> FeedbackReport:
    title = clip_phrase(ctx.title, 8)
    company = clip_phrase(ctx.company, 6)
    match = match_cv_to_jd(ctx.cv_text, ctx.jd_text, title, company)
    graded = grade_interview(ctx, match)
    coverage = Coverage(graded, match)
    competencies = _competencies(graded, coverage)
    asked = max(len(ctx.questions), len(graded))
    expected = max(asked, ctx.max_questions if graded else 1)
    overall = _overall(competencies, graded, expected)
    notes = answer_notes(graded, match)
    return FeedbackReport(
        overall_score=overall,
        summary=summary(overall, competencies, graded, asked, match, coverage),
        competencies=competencies,
        answers=notes,
        skills_covered=coverage.covered,
        skills_missed=coverage.missed,
        skills_not_discussed=coverage.not_discussed,
        strengths=strengths(graded, match, coverage),
        improvements=improvements(graded, coverage),
        next_steps=next_steps(graded, match, coverage),
        source=source,
    )
