"""The offline feedback report: the built-in coach's scores, from what the answers show.

`grading` scores each answer (and caps hollow ones); this module turns the graded
answers into the report: five competencies, an overall score, honest coverage of the
JD's skills ("asked about" by a question, or only "raised" by the candidate, and not shown,
apart from "never came up"), strengths,
improvements and next steps (their words are in advice.py). Every sentence cites the
evidence it came from.
"""

from __future__ import annotations

import re
from collections import Counter

from interview_core.feedback import (
    COMPETENCY_LABELS,
    AnswerNote,
    Competency,
    CompetencyScore,
    FeedbackReport,
)
from interview_core.models import InterviewContext
from interview_core.providers.offline.advice import (
    Focus,
    counted_answers,
    improvements,
    next_steps,
    skill_list,
    strengths,
    summary,
)
from interview_core.providers.offline.counting import (
    Tally,
    counted,
    numbered,
    part_of,
    plural,
    tally,
    verb,
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
NEUTRAL = 50  # a competency not judged: shown, never counted
FULL_INTERVIEW = 6  # answers: enough for the JD's skills to come up (a drill has 3 to 5)


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
    """Which of the JD's main skills the answers showed; which came up and were not shown,
    asked about by a question (`asked`) or only raised by the candidate (`raised`: named in
    a list, a claim, an admitted gap); and which never came up. A skill counts as shown when
    an answer gave evidence of it or of a narrower skill of its family (Terraform shows
    infrastructure as code).

    The score is how much of the JD's main skills the answers showed, weighted as the JD
    stresses them: "4 of 4 that came up" is not full coverage of a JD of 8. It is judged only
    when it can mean something: not in a drill (a few questions on one thing do not set out
    to cover the JD), and not in a short interview where less than half of the JD came up
    (then `judged` is False and `score` is None). A drill on coverage itself (`drill` is
    "coverage"; else "other" for a drill) asks about the skills no answer had shown yet: it
    is judged on those that came up."""

    def __init__(self, graded: list[GradedAnswer], match: Match, drill: str = "") -> None:
        key = list(match.job.key_skills)
        top = key[:TOP_SKILLS]
        shown_any = {s for g in graded for s in g.skills}
        asked_any = {s for g in graded for s in match.skills_asked(g.question)}
        # Admitted gaps are discussed, not shown.
        denied = {s for g in graded for s in g.judgement.evidence.denied}
        # Raised by the candidate, whatever the answer's worth: named, listed, pasted, denied.
        raised_any = denied | {s for g in graded for s in g.judgement.evidence.named
                               + g.judgement.evidence.shown}

        self.top = top
        # Any of the JD's skills the answers showed counts, whatever its rank; what is listed
        # as not shown or never discussed is kept to the JD's top skills.
        self.covered = [s for s in key if shown_by(s, shown_any)]
        # The job itself ("Data engineering" for a data engineer) is what the whole interview
        # is about: credited when shown, never listed as a gap.
        the_job = set(find_skills(match.job.title))
        gaps = [s for s in key if s not in self.covered and s not in the_job]
        came_up = [s for s in gaps if shown_by(s, asked_any) or shown_by(s, raised_any)]
        self.came_up = came_up  # not shown, and asked about or raised
        self.missed = came_up[:MAX_MISSED]
        self.asked = [s for s in self.missed if shown_by(s, asked_any)]
        self.raised = [s for s in self.missed if s not in self.asked]
        self.not_discussed = [s for s in gaps if s in top and s not in came_up]
        self.admitted = [s for s in key if s in denied and s not in self.covered]
        # The JD's main skills: its top ones (the job itself only when shown) and any shown.
        self.main = [s for s in key if s in self.covered or (s in top and s not in the_job)]
        weight = {s: max(match.job.weight(s), 0.1) for s in key}
        total = sum(weight[s] for s in self.main)
        discussed = sum(weight[s] for s in self.main if s in self.covered or s in came_up)
        self.drill = drill == "other"
        self.on_coverage = drill == "coverage"
        # Enough to judge: a full interview (it had the time to reach the JD), or at least
        # half of the JD came up in a short one.
        enough = len(graded) >= FULL_INTERVIEW or discussed * 2 >= total
        shown = sum(weight[s] for s in self.covered)
        if self.on_coverage:
            total = shown + sum(weight[s] for s in came_up)
            enough = True
        self.judged = bool(total) and bool(graded) and not self.drill and enough
        self.score = _pct(shown / total) if self.judged else None

    def reason(self, focus: str = "") -> str:
        """The competency's reason: what the score counts, or why there is none."""
        main, shown = len(self.main), len(self.covered)
        of_main = f"{shown} of the JD's {main} main {plural('skill', main)}"
        if not self.main:
            return "The JD names none of the skills the coach knows, so coverage is not judged."
        if self.drill:
            return (f"Not judged in a drill on {focus}: a few questions on one thing do not set "
                    f"out to cover the JD (the answers showed {of_main}).")
        came_up = shown + len([s for s in self.came_up if s in self.main])
        if self.on_coverage and self.judged:
            judged = shown + len(self.came_up)
            return (f"Showed {shown} of the {judged} JD {plural('skill', judged)} that came up in "
                    f"this drill" + (f"; not shown: {skill_list(self.came_up)}." if self.came_up else "."))
        if not self.judged:
            return (f"Not judged: too little of the JD came up to judge ({came_up} of its {main} "
                    f"main {plural('skill', main)}; {shown} shown).")
        never = [s for s in self.not_discussed if s in self.main]
        parts = [f"Showed {of_main} (those it stresses most count most)",
                 f"{len(never)} never came up" if never else "",
                 f"asked about but not shown: {skill_list(self.asked)}" if self.asked else "",
                 f"raised but not shown: {skill_list(self.raised)}" if self.raised else ""]
        parts = [p for p in parts if p]
        while len("; ".join(parts)) >= 399 and len(parts) > 1:  # the model's limit is 400
            parts.pop()
        return "; ".join(parts) + "."


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


CLOSE = 0.9  # relevance at or above it: the answer spoke to most of what the question asked


def _relevance_reason(t: Tally) -> str:
    n = len(t.answers)
    text = f"{part_of(len(t.addressed), n, 'answer')} addressed the question asked"
    # An answer that met the question on one or two of its words addressed it in part: said,
    # so that "4 of 4 answers addressed the question" is not read as full marks.
    partly = [g.number for g in t.addressed if g.relevance < CLOSE]
    details = [f"{numbered('question', partly)} only in part" if partly else "",
               f"{_answers(len(t.copies))} repeated an earlier one" if t.copies else "",
               f"{len(t.off_topic)} answered something else" if t.off_topic else "",
               f"{len(t.declined)} declined" if t.declined else "",
               f"{len(t.hollow_claims)} listed skills or praised yourself" if t.hollow_claims else "",
               f"{t.vague} said too little to tell" if t.vague else ""]
    details = [d for d in details if d]
    return text + (f" ({'; '.join(details)})." if details else ".")


def _and_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _why_no_credit(g: GradedAnswer) -> str:
    j = g.judgement
    return ("it repeated an earlier answer" if j.copy_of is not None else
            "it answered something else" if j.off_topic else
            "it declined the question" if j.dont_know else
            "it listed skills or praised you with no example" if j.listing or j.generic else
            "it told no story of its own")


def _structure_reason(t: Tally) -> str:
    """What the Structure score averages: how much of STAR the story answers covered, and
    how the other answers (an opening, follow-ups, a closing) were built for what their
    questions asked. Each group's own score is said, so the reason explains the number."""
    stories = list(t.stories)
    others = [g for g in t.answers if g.kind != "story"]
    if not stories:
        n = len(t.answers)
        asked = "its question" if n == 1 else "their questions"
        return (f"No question asked for a full story, so this scores how {_answers_the(n)} "
                f"{verb(n, 'was', 'were')} built for what {asked} asked (reasons, steps or "
                "detail), not the full STAR shape.")
    shape = _pct(_weighted(stories, "structure"))
    credited = [g for g in stories if not g.judgement.hollow and not g.judgement.off_topic]
    if len(stories) == 1:
        g = stories[0]
        parts = g.signals.star_parts
        if not credited:
            text = f"The story answer earned no credit for its shape: {_why_no_credit(g)} ({shape})"
        elif parts == 4:
            text = f"The story answer covered all four STAR parts ({shape})"
        else:
            missing = g.missing_star
            text = (f"The story answer covered {parts} of the 4 STAR parts: the "
                    f"{_and_list(missing)} {verb(len(missing), 'was', 'were')} missing ({shape})")
    else:
        parts = sum(g.signals.star_parts for g in credited)
        text = (f"{part_of(len(t.full_star), len(stories), 'story answer')} covered situation, "
                f"task, action and result; together they covered {parts} of their "
                f"{4 * len(stories)} STAR parts ({shape})")
        if t.missing_part:
            text += f", and the part most often missing was the {t.missing_part}"
    if not others:
        return text + "."
    m = len(others)
    other = "The other answer" if m == 1 else f"The {m} other answers"
    return (f"{text}. {other}, to {verb(m, 'a question', 'questions')} that asked for no full "
            f"story, scored {_pct(_weighted(others, 'structure'))} on the shape "
            f"{verb(m, 'it', 'they')} asked for (reasons, steps or detail).")


def _answers_the(count: int) -> str:
    return "the answer" if count == 1 else f"the {count} answers"


def _specificity_reason(t: Tally) -> str:
    text = f"{part_of(len(t.measured), len(t.answers), 'answer')} gave a result you can measure"
    listing = len(t.hollow_claims)
    return text + (f"; {listing} listed skills or praised yourself with no example." if listing else ".")


def _competencies(graded: list[GradedAnswer], t: Tally, coverage: Coverage,
                  focus: str = "") -> list[CompetencyScore]:
    if not graded:
        reason = "No answers were given, so there is no evidence for this yet."
        return [CompetencyScore(competency=c, score=0, reason=reason) for c in Competency]
    avg_words = round(_mean([g.signals.words for g in graded]))
    hedges = [h for g in graded for h in g.signals.hedges]
    hedge_note = (f'{counted(len(hedges), "hedge")} or {plural("filler", len(hedges))} '
                  f'(e.g. "{shown_hedge(hedges[0])}")' if hedges else "no hedges or fillers")
    communication_reason = f"Answers averaged {avg_words} words with {hedge_note}."
    # Not judged: neutral, and left out of the overall score and of strongest and weakest.
    coverage_score = NEUTRAL if coverage.score is None else coverage.score
    return [
        CompetencyScore(competency=Competency.RELEVANCE, score=_pct(_weighted(graded, "relevance")),
                        reason=_relevance_reason(t)),
        CompetencyScore(competency=Competency.STRUCTURE, score=_pct(_weighted(graded, "structure")),
                        reason=_structure_reason(t)),
        CompetencyScore(
            competency=Competency.SPECIFICITY,
            score=_pct(_mean([g.weight * (0.7 * g.evidence + 0.3 * g.ownership) for g in graded])),
            reason=_specificity_reason(t),
        ),
        CompetencyScore(competency=Competency.COMMUNICATION,
                        score=_pct(_weighted(graded, "clarity")), reason=communication_reason),
        CompetencyScore(competency=Competency.JD_COVERAGE, score=coverage_score,
                        reason=coverage.reason(focus), judged=coverage.score is not None),
    ]


def _overall(competencies: list[CompetencyScore], graded: list[GradedAnswer], expected: int,
             coverage: Coverage) -> int:
    if not graded:
        return 0
    counted_in = [c for c in competencies if coverage.judged or c.competency is not Competency.JD_COVERAGE]
    weights = sum(_OVERALL_WEIGHTS[c.competency] for c in counted_in)
    weighted = sum(_OVERALL_WEIGHTS[c.competency] * c.score for c in counted_in) / weights
    # Never above the answers themselves (+10 for coverage): coverage must not lift an
    # interview of hollow answers.
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


def _focus(ctx: InterviewContext, match: Match) -> Focus | None:
    """What a drill works on, as the report names it; None for an interview."""
    if not ctx.focus_kind or not ctx.focus.strip():
        return None
    if ctx.focus_kind == "competency":
        try:
            return Focus("competency", COMPETENCY_LABELS[Competency(ctx.focus)],
                         competency=Competency(ctx.focus))
        except ValueError:
            return None
    name = " ".join(ctx.focus.split())
    skill = next((s for s in match.job.skills if s.lower() == name.lower()), None)
    skill = skill or next(iter(find_skills(name)), name)
    # Said as the user named it ("stock control"), as the drill's header says it, not as the
    # vocabulary's family ("inventory management"): the canonical name only when it is theirs.
    label = display_skill(skill)
    if name.lower() != skill.lower():
        label = " ".join(w.lower() if re.fullmatch(r"[A-Z][a-z]+", w) else w for w in name.split())
    return Focus("skill", label, skill=skill)


def build_report(ctx: InterviewContext, source: str = "offline") -> FeedbackReport:
    title = clip_phrase(ctx.title, 8)
    company = clip_phrase(ctx.company, 6)
    match = match_cv_to_jd(ctx.cv_text, ctx.jd_text, title, company)
    graded = grade_interview(ctx, match)
    focus = _focus(ctx, match)
    on_coverage = focus is not None and focus.competency is Competency.JD_COVERAGE
    coverage = Coverage(graded, match, drill="coverage" if on_coverage else "other" if focus else "")
    counts = tally(graded)
    competencies = _competencies(graded, counts, coverage, focus.label if focus else "")
    asked = max(len(ctx.questions), len(graded))
    expected = max(asked, ctx.max_questions if graded else 1)
    overall = _overall(competencies, graded, expected, coverage)
    notes = answer_notes(graded, match)
    return FeedbackReport(
        overall_score=overall,
        summary=summary(overall, competencies, counts, asked, match, coverage, focus),
        competencies=competencies,
        answers=notes,
        skills_covered=coverage.covered,
        skills_missed=coverage.missed,
        skills_not_discussed=coverage.not_discussed,
        strengths=strengths(counts, match, coverage),
        improvements=improvements(counts, coverage),
        next_steps=next_steps(graded, match, coverage),
        source=source,
    )
