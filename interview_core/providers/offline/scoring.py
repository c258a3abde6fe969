"""The offline feedback report: scores from observable signals in the answers.

Each answer is graded on five 0..1 signals (STAR structure, measurable
evidence, first-person ownership, relevance to the JD, clarity). The report's
competencies are averages of those signals, and every sentence in it cites
the evidence it came from, so a candidate can see why a score is what it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from interview_core.feedback import (
    COMPETENCY_LABELS,
    AnswerNote,
    Competency,
    CompetencyScore,
    FeedbackReport,
)
from interview_core.models import InterviewContext, Role
from interview_core.providers.offline.answers import AnswerSignals, analyse_answer
from interview_core.providers.offline.cv import Achievement, is_past_verb
from interview_core.providers.offline.match import Match, match_cv_to_jd
from interview_core.providers.offline.numbers import measurable_tokens, number_phrase
from interview_core.providers.offline.text import (
    clip_phrase,
    content_tokens,
    excerpt,
    is_quotable,
)
from interview_core.providers.offline.vocabulary import (
    SKILLS,
    display_skill,
    is_generic,
    is_soft,
)

LONG_WORDS = 350
TOP_SKILLS = 10
MAX_MISSED = 8  # a longer "missed" list reads as noise, not as a to-do list

# What kind of answer a question asks for decides whether STAR is expected.
_KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "closing",
        re.compile(
            r"\b(?:first 90 days|final question|to close|to wrap up|panel to remember|nearly at "
            r"the end|year from now)\b",
            re.I,
        ),
    ),
    (
        "motivation",
        re.compile(
            r"\b(?:draws you|why now|makes you want to work|motivation|why do you want)\b", re.I
        ),
    ),
    (
        "scenario",
        re.compile(r"\b(?:scenario|hypothetical|imagine|suppose|what would you do)\b", re.I),
    ),
)


def question_kind(question: str) -> str:
    """ "story" (STAR expected), "scenario", "motivation" or "closing"."""
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(question):
            return kind
    return "story"


# ---------------------------------------------------------------------------
# One answer
# ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class GradedAnswer:
    number: int
    question: str
    answer: str
    kind: str
    signals: AnswerSignals
    skills: tuple[str, ...]  # JD skills the answer showed
    structure: float
    evidence: float
    ownership: float
    relevance: float
    clarity: float

    @property
    def score(self) -> int:
        weighted = (
            0.25 * self.structure
            + 0.25 * self.evidence
            + 0.15 * self.ownership
            + 0.15 * self.relevance
            + 0.20 * self.clarity
        )
        return round(100 * weighted)

    @property
    def missing_star(self) -> list[str]:
        s = self.signals
        names = ("situation", "task", "action", "result")
        return [
            n
            for n, present in zip(names, (s.situation, s.task, s.action, s.result), strict=True)
            if not present
        ]


def _structure(signals: AnswerSignals, kind: str) -> float:
    if signals.words == 0:
        return 0.0
    star = signals.star_parts / 4
    if kind in ("motivation", "closing"):
        # No story is asked for: a reasoned answer of a few sentences is well structured.
        reasoned = 0.5 if signals.sentences >= 2 and not signals.short else 0.2
        return min(1.0, reasoned + 0.5 * min(1.0, signals.star_parts / 2))
    if kind == "scenario":
        return min(1.0, star + (0.25 if signals.action else 0.0))
    return star


def _evidence(signals: AnswerSignals, skills: tuple[str, ...]) -> float:
    numbers = len(signals.numbers)
    value = 0.6 if numbers else 0.0
    value += 0.2 if numbers >= 2 else 0.0
    value += 0.2 if skills else 0.0
    return value


def _ownership(signals: AnswerSignals) -> float:
    i, we = signals.i_count, signals.we_count
    if i == 0:
        return 0.1 if we else 0.2
    if i >= we:
        return 1.0
    return 0.6 if i * 2 >= we else 0.3


def _relevance(
    signals: AnswerSignals, skills: tuple[str, ...], question: str, answer: str
) -> float:
    if signals.words == 0:
        return 0.0
    value = 0.5 if skills else 0.0
    value += 0.25 if len(skills) >= 2 else 0.0
    on_topic = content_tokens(question) & content_tokens(answer)
    value += 0.25 if len(on_topic) >= 3 else 0.1 if on_topic else 0.0
    return min(1.0, value)


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


def grade_answer(number: int, question: str, answer: str, match: Match) -> GradedAnswer:
    signals = analyse_answer(answer)
    skills = match.skills_in(answer)
    kind = question_kind(question)
    return GradedAnswer(
        number=number,
        question=question,
        answer=answer,
        kind=kind,
        signals=signals,
        skills=skills,
        structure=_structure(signals, kind),
        evidence=_evidence(signals, skills),
        ownership=_ownership(signals),
        relevance=_relevance(signals, skills, question, answer),
        clarity=_clarity(signals),
    )


def _pairs(ctx: InterviewContext) -> list[tuple[int, str, str]]:
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


# ---------------------------------------------------------------------------
# Per-answer notes
# ---------------------------------------------------------------------------
def _what_worked(g: GradedAnswer) -> str:
    s = g.signals
    points: list[str] = []
    if s.numbers:
        points.append(f"gave a measurable result ({', '.join(s.numbers[:2])})")
    if g.kind == "story" and s.star_parts == 4:
        points.append("covered all four STAR parts")
    if s.i_count and s.i_count >= s.we_count and not s.short:
        points.append("made your own role clear")
    if g.skills:
        points.append(f"tied it to the role's skills ({', '.join(g.skills[:3])})")
    if not points and not s.short and not s.hedges:
        points.append("answered directly and at a reasonable length")
    if not points:
        return "You answered the question, which gives you something to build on."
    text = " and ".join(points[:2])
    return text[0].upper() + text[1:] + "."


def _to_improve(g: GradedAnswer, match: Match, covered: set[str]) -> str:
    s = g.signals
    if s.words == 0:
        return "There was no answer; even a short, honest example scores better than silence."
    if s.short:
        return "Too brief: add one concrete example with what you did and how it turned out."
    if s.we_heavy:
        return 'Say what you personally did: "we" hides your contribution from the panel.'
    if g.kind in ("story", "scenario") and not s.numbers:
        return "Add a measurable result: time saved, error rate, cost, revenue or users."
    missing = g.missing_star if g.kind == "story" else []
    if missing:
        return f"Make the STAR structure complete: add the {' and '.join(missing)}."
    if s.hedges:
        hedge = _show_hedge(s.hedges[0])
        return f'Drop hedges and fillers such as "{hedge}"; state what you did with confidence.'
    if s.rambling:
        return f"Trim it ({s.words} words): lead with the point, then one example and the result."
    missed = next(
        (sk for sk in match.job.key_skills if sk not in covered and not is_generic(sk)), None
    )
    if missed and not g.skills:
        return f"Connect it to the role, for example by showing {display_skill(missed)}."
    # A good answer still has a next level; vary the advice so eight notes do not read the same.
    polish = (
        "Close with what you learned or would do differently, to "
        "show judgement as well as results.",
        "Name one alternative you considered and why you rejected it; panels probe for trade-offs.",
        "Link the result back to what this role needs, in one closing sentence.",
    )
    return polish[g.number % len(polish)]


def _material(g: GradedAnswer, match: Match, used: set[str]) -> Achievement | None:
    """The CV achievement that best fits this question: shared skills first, then rank;
    one not suggested for an earlier question when possible, so the outlines differ."""
    wanted = set(match.skills_in(g.question)) | set(g.skills)

    def fit(item: Achievement) -> tuple[int, int]:
        return (len(wanted & set(match.job.skills_in(item.text))), 0 if item.text in used else 1)

    if not match.achievements:
        return None
    best = max(match.achievements, key=fit)  # max() keeps the earliest (best-ranked) on ties
    used.add(best.text)
    return best


def _past_clause(item: Achievement) -> str:
    if item.project and not item.role:
        return f"you worked on your project {item.project}"
    clause = excerpt(item.text, 12)
    first, _, rest = clause.partition(" ")
    if is_past_verb(first) and rest:
        return f"you {first.lower()} {rest}"
    return f'"{clause}"'


def _where(item: Achievement | None) -> str:
    if item is None:
        return ""
    if item.role and item.role.employer:
        return f" at {item.role.employer}"
    return ""


# The topic of a question, from the way questions are usually phrased (ours and most LLMs').
# Only a whole clause is used, ending where the question's own punctuation ends it: a topic
# is never cut mid-phrase, and one too long to quote is left out.
_TOPIC_END = r"\s*(?=[,.;:?!—–()]|\s-\s|$)"
_TOPIC_RES = (
    re.compile(
        r"\b(?:a time|situation where|an occasion when|an example of when) you (?:had|needed) "
        r"to (?P<topic>[^,.;:?!—–()]+?)" + _TOPIC_END,
        re.I,
    ),
    re.compile(r"\bneed you to (?P<topic>[^,.;:?!—–()]+?)" + _TOPIC_END, re.I),
)
_TOPIC_MAX_WORDS = 12
_DANGLING = frozenset(
    "a an the and or but of in on for to with as at by from into that this your our their "
    "its which who how what when where if so than then".split()
)


def question_topic(question: str) -> str:
    """What a behavioural question asks the candidate to have done ("explain something complex
    to people without your background"), in full, or "" when there is no clean clause."""
    for pattern in _TOPIC_RES:
        found = pattern.search(question)
        if not found:
            continue
        words = found.group("topic").split()
        topic = clip_phrase(" ".join(words), _TOPIC_MAX_WORDS)
        complete = 2 <= len(words) <= _TOPIC_MAX_WORDS and words[-1].lower() not in _DANGLING
        if complete and is_quotable(topic) and topic.split() == words:
            return topic
    return ""


_OPENING_RE = re.compile(
    r"\b(?:walk me through|your background|overview of your|most relevant experience|your time "
    r"as|your experience as|tell me about yourself)\b",
    re.I,
)
_PROJECT_RE = re.compile(
    r"\b(?:your CV (?:says|mentions)|piece of work|behind the scenes|dig into|go deeper on)\b",
    re.I,
)


def _task(g: GradedAnswer, match: Match, focus: str, role: str) -> str:
    """The "Task" of a story outline, from what kind of question it was, in full words."""
    topic = question_topic(g.question)
    if topic:
        return f"why you had to {topic}, and what was at stake"
    if _OPENING_RE.search(g.question):
        return f"what you were responsible for there, and why it prepares you for {role}"
    if _PROJECT_RE.search(g.question):
        return "the part you personally owned, and why it mattered to the business"
    if match.skills_in(g.question):
        return f"the {focus} problem you had to solve, and why it mattered to the business"
    return "the goal you were given, and why it mattered to the team"


def _focus(g: GradedAnswer, match: Match, item: Achievement | None) -> str:
    """The skill the outline should name: one the question asks about and the story shows."""
    asked = list(match.skills_in(g.question))
    shown = set(match.job.skills_in(item.text)) if item else set()
    for skill in (
        [s for s in asked if s in shown]
        + [s for s in g.skills if s in shown]
        + asked
        + list(g.skills)
    ):
        return display_skill(skill)
    top = next((s for s in match.job.skills if not is_soft(s)), None)
    return display_skill(top) if top else "the role's key skill"


def _stronger_answer(
    g: GradedAnswer, match: Match, title: str, company: str, used: set[str]
) -> str:
    """A short STAR outline for this question, filled with the candidate's own CV material."""
    item = _material(g, match, used)
    focus = _focus(g, match, item)
    where = _where(item)
    example = _past_clause(item) if item else f"a project where you used {focus}"
    numbers = measurable_tokens(item.text)[:2] if item else ()
    result = (
        f"quote the numbers ({', '.join(numbers)})"
        if numbers
        else "a number such as time saved, error rate, cost or users"
    )
    target = company or "the team"
    role = f"the {title} role" if title else "this role"
    task = _task(g, match, focus, role)
    if g.kind == "motivation":
        return (
            f"Situation: where you are now and what you've built{where}. Task: what you want next "
            f"and why {target} offers it. Action: what you've already done towards it, e.g. "
            f"{example}. Result: what you'd deliver in {role} in year one, starting with {focus}."
        )
    if g.kind == "closing":
        return (
            f"Situation: what you'd find in your first weeks at {target}. Task: the one "
            f"or two goals that matter most for {role}, such as {focus}. Action: who "
            f"you'd meet, what you'd learn and what you'd ship first, as when {example}. "
            "Result: a measurable 90-day outcome."
        )
    if g.kind == "scenario":
        return (
            "Situation: restate the problem in one line. Task: the goal and the constraint. "
            f"Action: your first three steps, drawing on how {example}{where} and on {focus}. "
            f"Result: how you'd measure success and report it to {target}."
        )
    return (
        f"Situation: one line of context{where}, e.g. when {example}. Task: {task}. "
        f"Action: two or three steps you took yourself, naming {focus}. Result: "
        f"{result}, and what it would mean for {target}."
    )


# ---------------------------------------------------------------------------
# The whole interview
# ---------------------------------------------------------------------------
def _show_hedge(hedge: str) -> str:
    return re.sub(r"\bi\b", "I", hedge)


def _answers(count: int) -> str:
    return f"{count} answer" if count == 1 else f"{count} answers"


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _pct(value: float) -> int:
    return max(0, min(100, round(100 * value)))


def _competencies(
    graded: list[GradedAnswer], match: Match, covered: list[str]
) -> list[CompetencyScore]:
    n = len(graded)
    if n == 0:
        reason = "No answers were given, so there is no evidence for this yet."
        return [CompetencyScore(competency=c, score=0, reason=reason) for c in Competency]
    with_skills = [g for g in graded if g.skills]
    example_skills = list(dict.fromkeys(s for g in graded for s in g.skills))[:3]
    stories = [g for g in graded if g.kind == "story"] or graded
    full_star = sum(1 for g in stories if g.signals.star_parts == 4)
    missing = [m for g in stories for m in g.missing_star]
    most_missing = max(set(missing), key=missing.count) if missing else ""
    measured = sum(1 for g in graded if g.signals.numbers)
    owned = sum(1 for g in graded if g.signals.i_count and g.signals.i_count >= g.signals.we_count)
    avg_words = round(_mean([g.signals.words for g in graded]))
    hedges = [h for g in graded for h in g.signals.hedges]
    top = _top_skills(match)
    covered_top = [s for s in top if s in covered]
    missed_top = [s for s in top if s not in covered]
    weight_top = sum(match.job.weight(s) for s in top) or 1.0

    relevance_reason = f"{len(with_skills)} of {n} answers tied back to the role's skills"
    relevance_reason += (
        f" (e.g. {', '.join(map(display_skill, example_skills))})." if example_skills else "."
    )
    structure_reason = (
        f"{full_star} of {len(stories)} story answers covered situation, task, action and result"
    )
    structure_reason += (
        f"; the part most often missing was the {most_missing}." if most_missing else "."
    )
    specificity_reason = (
        f'{measured} of {n} answers gave a measurable result; "I" led over "we" in {owned}.'
    )
    hedge_note = (
        f'{len(hedges)} hedges or fillers (e.g. "{_show_hedge(hedges[0])}")'
        if hedges
        else "no hedges or fillers"
    )
    communication_reason = f"Answers averaged {avg_words} words with {hedge_note}."
    coverage_reason = f"Showed {len(covered_top)} of the JD's top {len(top)} skills"
    coverage_reason += (
        f"; missed {', '.join(map(display_skill, missed_top[:3]))}." if missed_top else "."
    )
    return [
        CompetencyScore(
            competency=Competency.RELEVANCE,
            score=_pct(_mean([g.relevance for g in graded])),
            reason=relevance_reason,
        ),
        CompetencyScore(
            competency=Competency.STRUCTURE,
            score=_pct(_mean([g.structure for g in graded])),
            reason=structure_reason,
        ),
        CompetencyScore(
            competency=Competency.SPECIFICITY,
            score=_pct(_mean([0.7 * g.evidence + 0.3 * g.ownership for g in graded])),
            reason=specificity_reason,
        ),
        CompetencyScore(
            competency=Competency.COMMUNICATION,
            score=_pct(_mean([g.clarity for g in graded])),
            reason=communication_reason,
        ),
        CompetencyScore(
            competency=Competency.JD_COVERAGE,
            score=_pct(sum(match.job.weight(s) for s in covered_top) / weight_top) if top else 50,
            reason=coverage_reason
            if top
            else "The JD named no recognisable skills, so coverage is neutral.",
        ),
    ]


def _top_skills(match: Match) -> list[str]:
    return list(match.job.key_skills[:TOP_SKILLS])


_OVERALL_WEIGHTS = {
    Competency.RELEVANCE: 0.20,
    Competency.STRUCTURE: 0.25,
    Competency.SPECIFICITY: 0.25,
    Competency.COMMUNICATION: 0.15,
    Competency.JD_COVERAGE: 0.15,
}


def _overall(competencies: list[CompetencyScore], answered: int, expected: int) -> int:
    if answered == 0:
        return 0
    weighted = sum(_OVERALL_WEIGHTS[c.competency] * c.score for c in competencies)
    # Unanswered questions count against the result, but do not erase the answers given.
    completion = 0.5 + 0.5 * min(1.0, answered / max(1, expected))
    return round(weighted * completion)


def _strengths(graded: list[GradedAnswer], match: Match, covered: list[str]) -> list[str]:
    n = len(graded)
    found: list[str] = []
    if not n:
        return _padding_strengths(match, found, 0)
    stories = [g for g in graded if g.kind == "story"] or graded
    full_star = sum(1 for g in stories if g.signals.star_parts >= 3)
    measured = [g for g in graded if g.signals.numbers]
    owned = sum(1 for g in graded if g.signals.i_count and g.signals.i_count >= g.signals.we_count)
    hedges = sum(len(g.signals.hedges) for g in graded)
    avg_words = _mean([g.signals.words for g in graded])
    if full_star * 2 >= len(stories) and full_star:
        found.append(
            f"Clear structure: {full_star} of {len(stories)} stories had at least three STAR parts."
        )
    if len(measured) * 2 >= n and measured:
        examples = ", ".join(
            list(dict.fromkeys(x for g in measured for x in g.signals.numbers))[:3]
        )
        found.append(
            f"Backed claims with numbers in {len(measured)} of {n} answers (e.g. {examples})."
        )
    if owned * 2 >= n and owned:
        found.append(f'Owned your work: "I" led over "we" in {owned} of {n} answers.')
    if covered:
        found.append(
            "Connected your answers to the JD, showing "
            f"{', '.join(map(display_skill, covered[:4]))}."
        )
    if 40 <= avg_words <= LONG_WORDS and hedges <= n:
        found.append(
            f"Concise and confident: answers averaged {round(avg_words)} words with few hedges."
        )
    best = max(graded, key=lambda g: g.score)
    if best.score >= 60:
        found.append(f"Best answer: question {best.number} ({best.score}/100).")
    return _padding_strengths(match, found, n)[:5]


def _padding_strengths(match: Match, found: list[str], answered: int = 0) -> list[str]:
    """Always three: weak or empty interviews still get honest, specific encouragement."""
    extras = []
    strong_items = [a for a in match.achievements if a.has_number]
    if strong_items:
        extras.append(
            f'Your CV has strong material to draw on, e.g. "{excerpt(strong_items[0].text, 12)}".'
        )
    if match.shared:
        extras.append(
            "Your background already matches part of the JD: "
            f"{', '.join(map(display_skill, match.shared[:3]))}."
        )
    if answered:
        extras.append("You completed a practice interview, which is the fastest way to improve.")
        extras.append("You engaged with every question rather than skipping any.")
    else:
        extras.append(
            "You set up a practice interview, and rehearsing before the "
            "real one is the fastest way to improve."
        )
    if match.job.key_skills:
        extras.append(
            "The JD gives you a clear target: "
            f"{', '.join(map(display_skill, match.job.key_skills[:3]))}."
        )
    extras.append(
        "Nothing in a mock interview counts against you: every question is free rehearsal."
    )
    extras.append(
        "This report gives you a baseline, so progress in the next "
        "practice run will be easy to see."
    )
    for extra in extras:
        if len(found) >= 3:
            break
        found.append(extra)
    return found


def _improvements(graded: list[GradedAnswer], match: Match, missed: list[str]) -> list[str]:
    n = len(graded)
    found: list[str] = []
    if n:
        stories = [g for g in graded if g.kind == "story"] or graded
        measured = sum(1 for g in graded if g.signals.numbers)
        we_heavy = sum(1 for g in graded if g.signals.we_heavy)
        short = [g for g in graded if g.signals.short]
        long = [g for g in graded if g.signals.rambling]
        hedges = [h for g in graded for h in g.signals.hedges]
        missing = [m for g in stories for m in g.missing_star]
        if short:
            found.append(
                f"Go deeper: {len(short)} of {n} answers were a single short sentence or less; "
                "aim for 2-4 sentences with one concrete example."
            )
        if measured * 2 < n:
            share = f"only {measured} of {n}" if measured else f"none of the {n}"
            found.append(
                f"Quantify results: {share} answers included a number (time, %, cost, users)."
            )
        if missing:
            part = max(set(missing), key=missing.count)
            found.append(
                f"Complete the STAR shape: {_answers(missing.count(part))} left out the {part}."
            )
        if we_heavy:
            found.append(f'Say "I" for your own actions: {_answers(we_heavy)} leaned on "we".')
        if hedges:
            common = ", ".join(f'"{_show_hedge(h)}"' for h in list(dict.fromkeys(hedges))[:3])
            found.append(
                f"Cut hedges and fillers ({common}); they make solid experience sound uncertain."
            )
        if long:
            found.append(
                f"Tighten long answers: question {long[0].number} ran "
                f"{long[0].signals.words} words."
            )
    if missed:
        found.append(
            f"Cover more of the JD: you never showed {', '.join(map(display_skill, missed[:3]))}."
        )
    extras = [
        "Prepare one short STAR story for each of the JD's top skills before the real interview.",
        "Practise a 60-second answer to 'why this company', citing something specific about it.",
        "Rehearse answers aloud and time them; 1-2 minutes is the target.",
    ]
    for extra in extras:
        if len(found) >= 3:
            break
        found.append(extra)
    return found[:5]


def _next_steps(
    graded: list[GradedAnswer], match: Match, missed: list[str], title: str
) -> list[str]:
    steps: list[str] = []
    # Only named skills the JD asks for (title, requirements, duties), not nice-to-haves.
    important = [s for s in missed if s in SKILLS and match.job.weight(s) >= 1.5]
    hard = [s for s in important if not is_generic(s)][:2]
    stressed = [s for s in important if is_generic(s)][:1]  # key_skills kept only stressed ones
    for skill in hard + stressed:
        where = match.where(skill)
        if where and where != "skills":
            hint = f"draw on your work at {where} and end with the measurable result."
        elif where == "skills":
            hint = (
                "your CV lists it, so pick the project where you used it most and note the result."
            )
        else:
            hint = (
                "without direct experience, use the closest project and "
                "explain how you'd get up to speed."
            )
        steps.append(f"Prepare a STAR story that shows {display_skill(skill)} — {hint}")
    if graded:
        weakest = min(graded, key=lambda g: g.score)
        steps.append(
            f"Rewrite your weakest answer (question {weakest.number}) using the outline "
            "in its note, then say it aloud in under two minutes."
        )
    numbered = [number_phrase(a.text) for a in match.achievements if a.has_number]
    numbered = [p for p in numbered if p]
    if numbered:
        steps.append(
            f'Pick three numbers from your CV (e.g. "{numbered[0]}") '
            "and practise using them in answers."
        )
    role = f"the {title} role" if title else "this role"
    steps.append(
        f"Run another mock interview for {role} and aim for a measurable result in every answer."
    )
    for extra in (
        "List the JD's five most important skills and match each one to a story from your CV.",
        "Answer one question aloud using STAR and time it: under "
        "two minutes, ending with the result.",
    ):
        if len(steps) >= 3:
            break
        steps.append(extra)
    return steps[:5]


def _summary(
    overall: int,
    competencies: list[CompetencyScore],
    answered: int,
    asked: int,
    title: str,
    company: str,
    missed: list[str],
) -> str:
    role = (
        f"the {title} interview" + (f" at {company}" if company else "")
        if title
        else "this interview"
    )
    if answered == 0:
        return f"No answers were recorded for {role}, so this report has no evidence to score yet."
    ranked = sorted(competencies, key=lambda c: c.score)
    weakest, strongest = ranked[0], ranked[-1]
    verdict = (
        "a strong performance"
        if overall >= 75
        else "a solid base with clear gaps"
        if overall >= 50
        else "an early-stage performance"
    )
    gap = (
        f" Key skills not yet shown: {', '.join(map(display_skill, missed[:3]))}." if missed else ""
    )
    return (
        f"{overall}/100 for {role}: {verdict}. You answered {answered} of {asked} questions. "
        f"Strongest area: {COMPETENCY_LABELS[strongest.competency]} ({strongest.score}); weakest: "
        f"{COMPETENCY_LABELS[weakest.competency]} ({weakest.score}).{gap}"
    )


def build_report(ctx: InterviewContext, source: str = "offline") -> FeedbackReport:
    title = clip_phrase(ctx.title, 8)
    company = clip_phrase(ctx.company, 6)
    match = match_cv_to_jd(ctx.cv_text, ctx.jd_text, title, company)
    graded = [grade_answer(n, q, a, match) for n, q, a in _pairs(ctx)]
    all_answers = "\n".join(g.answer for g in graded)
    shown = set(match.skills_in(all_answers))
    key = match.job.key_skills
    covered = [s for s in key if s in shown]
    missed = [s for s in key if s not in shown][:MAX_MISSED]
    competencies = _competencies(graded, match, covered)
    asked = max(len(ctx.questions), len(graded))
    expected = max(asked, ctx.max_questions if graded else 1)
    overall = _overall(competencies, len(graded), expected)
    covered_set = set(covered)
    used: set[str] = set()
    notes = [
        AnswerNote(
            question_number=g.number,
            question=g.question,
            score=g.score,
            what_worked=_what_worked(g),
            to_improve=_to_improve(g, match, covered_set),
            stronger_answer=_stronger_answer(g, match, title, company, used),
        )
        for g in graded
    ]
    return FeedbackReport(
        overall_score=overall,
        summary=_summary(overall, competencies, len(graded), asked, title, company, missed),
        competencies=competencies,
        answers=notes,
        skills_covered=covered,
        skills_missed=missed,
        strengths=_strengths(graded, match, covered),
        improvements=_improvements(graded, match, missed),
        next_steps=_next_steps(graded, match, missed, title),
        source=source,
    )
