"""The offline feedback report: the built-in coach's scores, from what the answers show.

`grading` scores each answer (and caps hollow ones); this module turns the graded
answers into the report: five competencies, an overall score, honest coverage of the
JD's skills ("asked about, and not shown" apart from "never came up"), strengths,
improvements and next steps. Every sentence cites the evidence it came from.
"""

from __future__ import annotations

from collections import Counter

from interview_core.feedback import (
    COMPETENCY_LABELS,
    AnswerNote,
    Competency,
    CompetencyScore,
    FeedbackReport,
)
from interview_core.models import InterviewContext
from interview_core.providers.offline.grading import (
    GradedAnswer,
    grade_answer,
    grade_interview,
)
from interview_core.providers.offline.judging import question_kind
from interview_core.providers.offline.match import Match, match_cv_to_jd
from interview_core.providers.offline.notes import (
    stronger_answer,
    to_improve,
    what_worked,
)
from interview_core.providers.offline.numbers import number_phrase
from interview_core.providers.offline.text import clip_phrase, excerpt
from interview_core.providers.offline.vocabulary import (
    SKILLS,
    display_skill,
    find_skills,
    is_generic,
    shown_by,
)

__all__ = ["build_report", "grade_answer", "question_kind"]

TOP_SKILLS = 10
MAX_MISSED = 8  # a longer list reads as noise, not as a to-do list


def _answers(count: int) -> str:
    return f"{count} answer" if count == 1 else f"{count} answers"


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _pct(value: float) -> int:
    return max(0, min(100, round(100 * value)))


def _numbers(values: list[int]) -> str:
    """ "2", "2 and 5", "2, 5 and 7" """
    text = [str(v) for v in values]
    return text[0] if len(text) == 1 else ", ".join(text[:-1]) + " and " + text[-1]


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
    relevance_reason = f"{max(0, on)} of {n} answers addressed the question asked"
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
        f"{full_star} of {len(stories)} story answers covered situation, task, action and result"
        if stories else "No story question was answered"
    )
    if missing:
        most = max(set(missing), key=missing.count)
        structure_reason += f"; the part most often missing was the {most}."
    else:
        structure_reason += "."
    measured = sum(1 for g in graded if g.results)
    listing = sum(1 for g in graded if g.judgement.listing or g.judgement.generic)
    specificity_reason = f"{measured} of {n} answers gave a result you can measure"
    specificity_reason += (
        f"; {listing} listed skills or praised yourself with no example." if listing else "."
    )
    avg_words = round(_mean([g.signals.words for g in graded]))
    hedges = [h for g in graded for h in g.signals.hedges]
    hedge_note = (f'{len(hedges)} hedge{"s" if len(hedges) != 1 else ""} or filler'
                  f'{"s" if len(hedges) != 1 else ""} (e.g. "{hedges[0]}")' if hedges
                  else "no hedges or fillers")
    communication_reason = f"Answers averaged {avg_words} words with {hedge_note}."
    if coverage.score is None:
        coverage_score, coverage_reason = 50, (
            "None of the JD's main skills came up, so coverage is neutral.")
    else:
        coverage_score = coverage.score
        judged = len(coverage.covered) + len(coverage.missed)
        coverage_reason = f"Showed {len(coverage.covered)} of the {judged} JD skills that came up"
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


# ---------------------------------------------------------------------------
# Strengths, improvements, next steps, summary
# ---------------------------------------------------------------------------
def _strengths(graded: list[GradedAnswer], match: Match, coverage: Coverage) -> list[str]:
    n = len(graded)
    found: list[str] = []
    solid = [g for g in graded if not g.judgement.hollow and not g.judgement.off_topic]
    stories = [g for g in solid if g.kind == "story"]
    full_star = sum(1 for g in stories if g.signals.star_parts >= 3)
    measured = [g for g in solid if g.results]
    owned = sum(1 for g in solid if g.signals.i_count >= max(1, g.signals.we_count)
                and g.signals.action and not g.signals.hedges)
    if stories and full_star * 2 >= len(stories):
        found.append(f"Clear structure: {full_star} of {len(stories)} stories had at least three STAR parts.")
    if measured and len(measured) * 2 >= n:
        examples = ", ".join(list(dict.fromkeys(x for g in measured for x in g.results))[:3])
        found.append(f"Backed claims with results in {len(measured)} of {n} answers (e.g. {examples}).")
    if owned and owned * 2 >= n:
        found.append(f"Owned your work: {owned} of {n} answers said clearly what you did yourself.")
    if coverage.covered:
        found.append("Showed the JD's skills in action: "
                     f"{', '.join(map(display_skill, coverage.covered[:4]))}.")
    if coverage.admitted and any(g.judgement.plan for g in graded if g.judgement.evidence.denied):
        found.append(f"Honest about gaps ({', '.join(map(display_skill, coverage.admitted[:2]))}), "
                     "with a plan to close them.")
    if solid:
        best = max(solid, key=lambda g: g.score)
        if best.score >= 60:
            found.append(f"Best answer: question {best.number} ({best.score}/100).")
    return _padding_strengths(match, found, n)[:5]


def _padding_strengths(match: Match, found: list[str], answered: int) -> list[str]:
    """Always three: weak or empty interviews still get honest, specific encouragement,
    about the material and the practice, never about answers that did not earn it."""
    extras = []
    strong_items = [a for a in match.achievements if a.has_number]
    if strong_items:
        extras.append(f'Your CV has strong material to draw on, e.g. "{excerpt(strong_items[0].text, 12)}".')
    if match.shared:
        extras.append("Your background already matches part of the JD: "
                      f"{', '.join(map(display_skill, match.shared[:3]))}.")
    extras.append("You completed a practice interview, which is the fastest way to improve."
                  if answered else
                  "You set up a practice interview, and rehearsing before the real one is the "
                  "fastest way to improve.")
    if match.job.key_skills:
        extras.append("The JD gives you a clear target: "
                      f"{', '.join(map(display_skill, match.job.key_skills[:3]))}.")
    extras.append("Nothing in a mock interview counts against you: every question is free rehearsal.")
    extras.append("This report gives you a baseline, so progress in the next practice run will be easy to see.")
    for extra in extras:
        if len(found) >= 3:
            break
        found.append(extra)
    return found


def _improvements(graded: list[GradedAnswer], coverage: Coverage) -> list[str]:
    n = len(graded)
    found: list[str] = []
    copies = [g for g in graded if g.judgement.copy_of is not None]
    if copies:
        sources = sorted({g.judgement.copy_of for g in copies if g.judgement.copy_of})
        found.append(
            f"Answer each question on its own: {_answers(len(copies))} (question "
            f"{_numbers([g.number for g in copies])}) repeated the same answer as question "
            f"{_numbers(sources)}, so they earned no credit."
        )
    off = [g for g in graded if g.judgement.off_topic]
    if off:
        found.append(f"Answer the question asked: question {_numbers([g.number for g in off])} "
                     "talked about something else.")
    hollow = [g for g in graded if (g.judgement.listing or g.judgement.generic) and g.judgement.copy_of is None]
    if hollow:
        found.append(f"Show, don't list: {_answers(len(hollow))} named skills or praised yourself "
                     "without an example; one real story beats ten keywords.")
    idk = [g for g in graded if g.judgement.dont_know]
    if idk:
        found.append(f"Have a go: {_answers(len(idk))} declined the question; say how you would "
                     "approach it or give the closest experience you have.")
    solid = [g for g in graded if not g.judgement.hollow]
    if solid:
        short = [g for g in solid if g.signals.short]
        if short:
            found.append(f"Go deeper: {len(short)} of {n} answers were a single short sentence or "
                         "less; aim for 2-4 sentences with one concrete example.")
        measured = sum(1 for g in solid if g.results)
        stories = [g for g in solid if g.kind in ("story", "probe")]
        if stories and measured * 2 < len(solid):
            found.append(f"Give results: only {measured} of {len(solid)} answers said what changed, in numbers.")
        missing = [m for g in solid if g.kind == "story" for m in g.missing_star]
        if missing:
            part = max(set(missing), key=missing.count)
            found.append(f"Complete the STAR shape: {_answers(missing.count(part))} left out the {part}.")
        we_heavy = sum(1 for g in solid if g.signals.we_heavy)
        if we_heavy:
            found.append(f'Say "I" for your own actions: {_answers(we_heavy)} leaned on "we".')
        hedges = [h for g in solid for h in g.signals.hedges]
        if hedges:
            common = ", ".join(f'"{h}"' for h in list(dict.fromkeys(hedges))[:3])
            found.append(f"Cut hedges and fillers ({common}); they make solid experience sound uncertain.")
    if coverage.missed:
        found.append(f"Asked about but not shown: {', '.join(map(display_skill, coverage.missed[:3]))}; "
                     "prepare an example of each.")
    if coverage.not_discussed:
        found.append(f"Never came up in this interview: "
                     f"{', '.join(map(display_skill, coverage.not_discussed[:3]))}; worth preparing too.")
    for extra in (
        "Prepare one short STAR story for each of the JD's main duties before the real interview.",
        "Practise a 60-second answer to 'why this employer', citing something specific about it.",
        "Rehearse answers aloud and time them; 1-2 minutes is the target.",
    ):
        if len(found) >= 3:
            break
        found.append(extra)
    return found[:5]


def _next_steps(graded: list[GradedAnswer], match: Match, coverage: Coverage) -> list[str]:
    steps: list[str] = []
    important = [s for s in coverage.missed + coverage.not_discussed
                 if s in SKILLS and match.job.weight(s) >= 1.5]
    for skill in [s for s in important if not is_generic(s)][:2]:
        where = match.where(skill)
        if where and where != "skills":
            hint = f"draw on your work at {where} and end with what changed."
        elif where == "skills":
            hint = "your CV lists it, so pick the work where you used it most and note the result."
        else:
            hint = "use the closest experience you have and say how you would get up to speed."
        steps.append(f"Prepare an example that shows {display_skill(skill)}: {hint}")
    if graded:
        weakest = min(graded, key=lambda g: g.score)
        steps.append(f"Rewrite your weakest answer (question {weakest.number}) using the outline "
                     "in its note, then say it aloud in under two minutes.")
    numbered = [p for p in (number_phrase(a.text) for a in match.achievements if a.has_number) if p]
    if numbered:
        steps.append(f'Pick three results from your CV (e.g. "{numbered[0]}") and practise using them in answers.')
    role = f"the {match.job.title} role" if match.job.title else "this role"
    steps.append(f"Run another mock interview for {role} and give a new, specific example for every question.")
    for extra in (
        "List the JD's five most important duties and match each one to a story from your CV.",
        "Answer one question aloud using STAR and time it: under two minutes, ending with the result.",
    ):
        if len(steps) >= 3:
            break
        steps.append(extra)
    return steps[:5]


def _summary(overall: int, competencies: list[CompetencyScore], graded: list[GradedAnswer],
             asked: int, match: Match, coverage: Coverage) -> str:
    title, company = match.job.title, match.job.company
    role = (f"the {title} interview" + (f" at {company}" if company else "")) if title else "this interview"
    if not graded:
        return f"No answers were recorded for {role}, so this report has no evidence to score yet."
    ranked = sorted(competencies, key=lambda c: c.score)
    weakest, strongest = ranked[0], ranked[-1]
    verdict = ("a strong performance" if overall >= 75 else "a solid base with clear gaps"
               if overall >= 50 else "an early-stage performance")
    copies = sum(1 for g in graded if g.judgement.copy_of is not None)
    repeat = f" {_answers(copies).capitalize()} repeated an earlier answer." if copies else ""
    gap = (f" Asked about but not shown: {', '.join(map(display_skill, coverage.missed[:3]))}."
           if coverage.missed else "")
    return (f"{overall}/100 for {role}: {verdict}. You answered {len(graded)} of {asked} questions."
            f"{repeat} Strongest area: {COMPETENCY_LABELS[strongest.competency]} ({strongest.score}); "
            f"weakest: {COMPETENCY_LABELS[weakest.competency]} ({weakest.score}).{gap}")


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
    used: Counter[str] = Counter()
    notes = [
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
    return FeedbackReport(
        overall_score=overall,
        summary=_summary(overall, competencies, graded, asked, match, coverage),
        competencies=competencies,
        answers=notes,
        skills_covered=coverage.covered,
        skills_missed=coverage.missed,
        skills_not_discussed=coverage.not_discussed,
        strengths=_strengths(graded, match, coverage),
        improvements=_improvements(graded, coverage),
        next_steps=_next_steps(graded, match, coverage),
        source=source,
    )
