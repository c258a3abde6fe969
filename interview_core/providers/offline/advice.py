"""The report's words around the scores: strengths, improvements, next steps and the
summary, each count agreeing with its noun (counting.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from interview_core.feedback import COMPETENCY_LABELS, CompetencyScore
from interview_core.providers.offline.counting import counted, numbered, part_of, verb
from interview_core.providers.offline.notes import shown_hedge
from interview_core.providers.offline.grading import GradedAnswer
from interview_core.providers.offline.match import Match
from interview_core.providers.offline.numbers import number_phrase
from interview_core.providers.offline.text import excerpt
from interview_core.providers.offline.vocabulary import (
    SKILLS,
    display_skill,
    is_generic,
)

if TYPE_CHECKING:
    from interview_core.providers.offline.scoring import Coverage


def counted_answers(count: int) -> str:
    return counted(count, "answer")


# ---------------------------------------------------------------------------
# Strengths, improvements, next steps, summary
# ---------------------------------------------------------------------------
def strengths(graded: list[GradedAnswer], match: Match, coverage: Coverage) -> list[str]:
    n = len(graded)
    found: list[str] = []
    solid = [g for g in graded if not g.judgement.hollow and not g.judgement.off_topic]
    stories = [g for g in solid if g.kind == "story"]
    full_star = sum(1 for g in stories if g.signals.star_parts >= 3)
    measured = [g for g in solid if g.results]
    owned = sum(1 for g in solid if g.signals.i_count >= max(1, g.signals.we_count)
                and g.signals.action and not g.signals.hedges)
    if stories and full_star * 2 >= len(stories):
        found.append(f"Clear structure: {part_of(full_star, len(stories), 'story')} had at least "
                     "three STAR parts.")
    if measured and len(measured) * 2 >= n:
        examples = ", ".join(list(dict.fromkeys(x for g in measured for x in g.results))[:3])
        found.append(f"Backed claims with results in {part_of(len(measured), n, 'answer')} (e.g. {examples}).")
    if owned and owned * 2 >= n:
        found.append(f"Owned your work: {part_of(owned, n, 'answer')} said clearly what you did yourself.")
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


def improvements(graded: list[GradedAnswer], coverage: Coverage) -> list[str]:
    n = len(graded)
    found: list[str] = []
    copies = [g for g in graded if g.judgement.copy_of is not None]
    if copies:
        sources = sorted({g.judgement.copy_of for g in copies if g.judgement.copy_of})
        found.append(
            f"Answer each question on its own: {counted_answers(len(copies))} "
            f"({numbered('question', [g.number for g in copies])}) repeated the same answer as "
            f"{numbered('question', sources)}, so {verb(len(copies), 'it', 'they')} earned no credit."
        )
    off = [g for g in graded if g.judgement.off_topic]
    if off:
        found.append(f"Answer the question asked: {numbered('question', [g.number for g in off])} "
                     "talked about something else.")
    hollow = [g for g in graded if (g.judgement.listing or g.judgement.generic) and g.judgement.copy_of is None]
    if hollow:
        found.append(f"Show, don't list: {counted_answers(len(hollow))} named skills or praised yourself "
                     "without an example; one real story beats ten keywords.")
    idk = [g for g in graded if g.judgement.dont_know]
    if idk:
        found.append(f"Have a go: {counted_answers(len(idk))} declined the question; say how you would "
                     "approach it or give the closest experience you have.")
    solid = [g for g in graded if not g.judgement.hollow]
    if solid:
        short = [g for g in solid if g.signals.short]
        if short:
            found.append(f"Go deeper: {part_of(len(short), n, 'answer')} {verb(len(short), 'was', 'were')} "
                         "a single short sentence or less; aim for 2-4 sentences with one concrete example.")
        measured = sum(1 for g in solid if g.results)
        stories = [g for g in solid if g.kind in ("story", "probe")]
        if stories and measured * 2 < len(solid):
            found.append(f"Give results: only {part_of(measured, len(solid), 'answer')} said what changed, "
                         "in numbers.")
        missing = [m for g in solid if g.kind == "story" for m in g.missing_star]
        if missing:
            part = max(set(missing), key=missing.count)
            found.append(f"Complete the STAR shape: {counted_answers(missing.count(part))} left out the {part}.")
        we_heavy = sum(1 for g in solid if g.signals.we_heavy)
        if we_heavy:
            found.append(f'Say "I" for your own actions: {counted_answers(we_heavy)} leaned on "we".')
        hedges = [h for g in solid for h in g.signals.hedges]
        if hedges:
            common = ", ".join(f'"{shown_hedge(h)}"' for h in list(dict.fromkeys(hedges))[:3])
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


def next_steps(graded: list[GradedAnswer], match: Match, coverage: Coverage) -> list[str]:
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


def summary(overall: int, competencies: list[CompetencyScore], graded: list[GradedAnswer],
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
    repeat = f" {counted_answers(copies).capitalize()} repeated an earlier answer." if copies else ""
    gap = (f" Asked about but not shown: {', '.join(map(display_skill, coverage.missed[:3]))}."
           if coverage.missed else "")
    return (f"{overall}/100 for {role}: {verdict}. You answered {part_of(len(graded), asked, 'question')}."
            f"{repeat} Strongest area: {COMPETENCY_LABELS[strongest.competency]} ({strongest.score}); "
            f"weakest: {COMPETENCY_LABELS[weakest.competency]} ({weakest.score}).{gap}")
