"""The report's words around the scores: strengths, improvements, next steps and the
summary, each count agreeing with its noun and taken from the one tally of the answers
(counting.py), so two sentences that count the same thing say the same number."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from interview_core.feedback import COMPETENCY_LABELS, Competency, CompetencyScore
from interview_core.providers.offline.counting import (
    Tally,
    counted,
    numbered,
    part_of,
    verb,
)
from interview_core.providers.offline.grading import GradedAnswer
from interview_core.providers.offline.match import Match
from interview_core.providers.offline.notes import shown_hedge
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


def skill_list(names: list[str], limit: int = 3) -> str:
    return ", ".join(map(display_skill, names[:limit]))


@dataclass(frozen=True, slots=True)
class Focus:
    """What a drill works on: a competency, or a JD skill (`skill` as the JD names it)."""

    kind: str  # "competency" | "skill"
    label: str  # as the report writes it: "Structure (STAR)", "budgeting"
    competency: Competency | None = None
    skill: str = ""


# ---------------------------------------------------------------------------
# Strengths, improvements, next steps, summary
# ---------------------------------------------------------------------------
def strengths(t: Tally, match: Match, coverage: Coverage) -> list[str]:
    n = len(t.answers)
    found: list[str] = []
    stories = len(t.stories)
    if stories and len(t.full_star) * 2 >= stories:
        found.append(f"Clear structure: {part_of(len(t.full_star), stories, 'story answer')} covered "
                     "situation, task, action and result.")
    if t.measured and len(t.measured) * 2 >= n:
        examples = ", ".join(list(dict.fromkeys(x for g in t.measured for x in g.results))[:3])
        found.append(f"Backed claims with results in {part_of(len(t.measured), n, 'answer')} (e.g. {examples}).")
    if t.owned and len(t.owned) * 2 >= n:
        found.append(f"Owned your work: {part_of(len(t.owned), n, 'answer')} said clearly what you did yourself.")
    # A drill does not set out to cover the JD: what it showed of it is no strength of its own.
    if coverage.covered and not coverage.drill:
        found.append(f"Showed the JD's skills in action: {skill_list(coverage.covered, 4)}.")
    graded = t.answers
    if coverage.admitted and any(g.judgement.plan for g in graded if g.judgement.evidence.denied):
        found.append(f"Honest about gaps ({skill_list(coverage.admitted, 2)}), with a plan to close them.")
    solid = [g for g in graded if not g.judgement.hollow and not g.judgement.off_topic]
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


def improvements(t: Tally, coverage: Coverage) -> list[str]:
    n = len(t.answers)
    found: list[str] = []
    if t.copies:
        sources = sorted({g.judgement.copy_of for g in t.copies if g.judgement.copy_of})
        found.append(
            f"Answer each question on its own: {counted_answers(len(t.copies))} "
            f"({numbered('question', [g.number for g in t.copies])}) repeated the same answer as "
            f"{numbered('question', sources)}, so {verb(len(t.copies), 'it', 'they')} earned no credit."
        )
    if t.off_topic:
        found.append(f"Answer the question asked: {numbered('question', [g.number for g in t.off_topic])} "
                     "talked about something else.")
    if t.hollow_claims:
        found.append(f"Show, don't list: {counted_answers(len(t.hollow_claims))} named skills or praised "
                     "yourself without an example; one real story beats ten keywords.")
    if t.declined:
        found.append(f"Have a go: {counted_answers(len(t.declined))} declined the question; say how you "
                     "would approach it or give the closest experience you have.")
    if any(not g.judgement.hollow for g in t.answers):
        if t.short:
            found.append(f"Go deeper: {part_of(len(t.short), n, 'answer')} {verb(len(t.short), 'was', 'were')} "
                         "a single short sentence or less; aim for 2-4 sentences with one concrete example.")
        if any(g.kind in ("story", "probe") for g in t.answers) and len(t.measured) * 2 < n:
            which = (f"only {part_of(len(t.measured), n, 'answer')} said" if t.measured
                     else "your answer did not say" if n == 1 else f"none of the {counted_answers(n)} said")
            found.append(f"Give results: {which} what changed, in numbers.")
        if t.missing_part:
            found.append(f"Complete the STAR shape: {part_of(len(t.missing), len(t.stories), 'story answer')} "
                         f"left out the {t.missing_part}.")
        if t.we_heavy:
            found.append(f'Say "I" for your own actions: {counted_answers(len(t.we_heavy))} leaned on "we".')
        hedges = [h for g in t.answers if not g.judgement.hollow for h in g.signals.hedges]
        if hedges:
            common = ", ".join(f'"{shown_hedge(h)}"' for h in list(dict.fromkeys(hedges))[:3])
            found.append(f"Cut hedges and fillers ({common}); they make solid experience sound uncertain.")
    if coverage.asked:
        shown = coverage.asked[:3]  # as many as skill_list names
        found.append(f"Asked about but not shown: {skill_list(shown)}; prepare an example of "
                     f"{verb(len(shown), 'it', 'each')}.")
    if coverage.raised:
        found.append(f"Raised but not shown: {skill_list(coverage.raised)}; you named "
                     f"{verb(len(coverage.raised), 'it', 'them')} without an example of using "
                     f"{verb(len(coverage.raised), 'it', 'them')}.")
    # A drill never set out to reach the rest of the JD.
    if coverage.not_discussed and not coverage.drill:
        found.append(f"Never came up in this interview: {skill_list(coverage.not_discussed)}; worth preparing too.")
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


def _focus_sentence(focus: Focus, competencies: list[CompetencyScore], t: Tally) -> str:
    """A drill's first sentence: how it went on what it drills."""
    if focus.competency is not None:
        item = next(c for c in competencies if c.competency is focus.competency)
        reason = item.reason[0].lower() + item.reason[1:]
        return f"Drill on {focus.label}: {item.score}/100; {reason}"
    shown = [g.number for g in t.answers if focus.skill in g.skills
             or (not g.judgement.hollow and not g.judgement.pasted_cv
                 and focus.skill in g.judgement.evidence.shown)]
    n = len(t.answers)
    if not shown:
        return f"Drill on {focus.label}: none of the {counted_answers(n)} showed it in action."
    return (f"Drill on {focus.label}: {part_of(len(shown), n, 'answer')} showed it in action "
            f"({numbered('question', shown)}).")


def summary(overall: int, competencies: list[CompetencyScore], t: Tally, asked: int, match: Match,
            coverage: Coverage, focus: Focus | None = None) -> str:
    title, company = match.job.title, match.job.company
    at = f" at {company}" if company else ""
    if focus is not None:
        role = f"this drill for the {title} role{at}" if title else "this drill"
    else:
        role = f"the {title} interview{at}" if title else "this interview"
    graded = t.answers
    if not graded:
        return f"No answers were recorded for {role}, so this report has no evidence to score yet."
    # What was not judged is neither anyone's strongest nor weakest area; a drill's focus is
    # said first, on its own.
    ranked = sorted((c for c in competencies
                     if (coverage.judged or c.competency is not Competency.JD_COVERAGE)
                     and (focus is None or c.competency is not focus.competency)),
                    key=lambda c: c.score)
    verdict = ("a strong performance" if overall >= 75 else "a solid base with clear gaps"
               if overall >= 50 else "an early-stage performance")
    repeat = f" {counted_answers(len(t.copies)).capitalize()} repeated an earlier answer." if t.copies else ""
    gap = f" Asked about but not shown: {skill_list(coverage.asked)}." if coverage.asked else ""
    gap += f" Raised but not shown: {skill_list(coverage.raised)}." if coverage.raised else ""
    areas = ""
    if ranked:
        weakest = ranked[0]
        # Structure whose reason says no story was complete is no one's strongest area,
        # whatever the other answers lifted its score to.
        strongest = next((c for c in reversed(ranked[1:])
                          if not (c.competency is Competency.STRUCTURE and t.stories
                                  and not t.full_star)), None)
        worst = f"{COMPETENCY_LABELS[weakest.competency]} ({weakest.score})"
        if strongest is None:
            areas = f" {'Of the other areas, weakest' if focus is not None else 'Weakest area'}: {worst}."
        else:
            label = "Of the other areas, strongest" if focus is not None else "Strongest area"
            areas = (f" {label}: {COMPETENCY_LABELS[strongest.competency]} ({strongest.score}); "
                     f"weakest: {worst}.")
    if not coverage.judged and coverage.main and focus is None:
        areas += " Too little of the JD came up to judge its coverage."
    lead = _focus_sentence(focus, competencies, t) + " " if focus is not None else ""
    return (f"{lead}{overall}/100 for {role}: {verdict}. You answered "
            f"{part_of(len(graded), asked, 'question')}.{repeat}{areas}{gap}")
