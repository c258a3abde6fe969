"""The shape of an interview: which kind of question comes next.

`plan_categories` plans one category per question up front: the opening first, then
probe slots (a follow-up on the story just told) alternating with new parts of the role,
motivation just before the closing, the closing last. `next_step` then decides, from
the history, what question n really is: a short or "I don't know" answer gets a gentle
re-ask of the same topic; a probe slot whose answer offers nothing to follow up opens a
new part of the role instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from interview_core.models import InterviewContext
from interview_core.providers.offline import judging
from interview_core.providers.offline.answers import analyse_answer
from interview_core.providers.offline.judging import (
    about_background,
    copy_of,
    on_topic,
    question_kind,
)
from interview_core.providers.offline.phrasing import phrases, signature
from interview_core.providers.offline.repeats import pasted_from
from interview_core.providers.offline.text import normalize_question


class Category(StrEnum):
    OPENING = "opening"
    PROBE = "probe"
    BEHAVIOURAL = "behavioural"
    TECHNICAL = "technical"
    PROJECT = "project"
    SITUATIONAL = "situational"
    MOTIVATION = "motivation"
    CLOSING = "closing"


TOPICS = (Category.BEHAVIOURAL, Category.SITUATIONAL, Category.TECHNICAL, Category.PROJECT)


def _cycle() -> tuple[Category, ...]:
    names = phrases("plan", "cycle")
    return tuple(Category(n) for n in names) or TOPICS


def plan_categories(max_questions: int) -> tuple[Category, ...]:
    """One category per question: opening first, closing last, motivation just before it,
    and between them probe slots alternating with new parts of the role."""
    total = max(1, min(20, max_questions))
    if total == 1:
        return (Category.OPENING,)
    with_motivation = total >= 5
    middle_size = total - 2 - (1 if with_motivation else 0)
    cycle = _cycle()
    middle = tuple(
        Category.PROBE if i % 2 == 0 else cycle[(i // 2) % len(cycle)] for i in range(middle_size)
    )
    tail = (Category.MOTIVATION,) if with_motivation else ()
    return (Category.OPENING, *middle, *tail, Category.CLOSING)


def category_for(question_number: int, max_questions: int) -> Category:
    plan = plan_categories(max_questions)
    return plan[max(0, min(question_number, len(plan)) - 1)]


# ---------------------------------------------------------------------------
# Reading the history back
# ---------------------------------------------------------------------------
class Kind(StrEnum):
    OPENING = "opening"
    PROBE = "probe"  # followed up the answer before it, quoting it
    REASK = "reask"  # the same topic again, smaller, after a weak answer
    TOPIC = "topic"  # anything else: a new part of the role, motivation, closing


_DONT_KNOW_RE = re.compile(
    r"\b(?:i don'?t know|not sure|no idea|can'?t (?:think|remember)|i dunno|pass|"
    r"nothing comes to mind|i haven'?t|never had to)\b",
    re.IGNORECASE,
)


def quoted_from(question: str, answer: str) -> str:
    """The words of the answer a question quotes, or "" (any length: the plan reads back
    questions an LLM may have written, with short quotes)."""
    return judging.quoted_from(question, answer, shortest=1)


# Saying no, or not knowing: what "No problem" answers, unlike a weak answer that tried.
_DECLINE_RE = re.compile(
    r"\b(?:i don'?t know|i do not know|i dunno|dunno|idk|not (?:really )?sure|no idea|no clue|"
    r"can'?t (?:think|remember)|cannot (?:think|remember)|pass|skip|no comment|"
    r"nothing comes to mind|i haven'?t|i have not|i'?ve never|i have never|never had to|"
    r"never done|i'?d rather not|rather not say|no answer)\b",
    re.IGNORECASE,
)
DECLINE_WORDS = 35  # longer, and the candidate said something after all


def declined(answer: str) -> bool:
    """The candidate declined or didn't know, in a short answer ("I don't know", "I haven't
    done that", "pass", nothing at all). A list of keywords, a hedge ("I guess I maybe did
    some training") or the STAR words handed back tried: they did not decline."""
    text = (answer or "").strip()
    if not text:
        return True
    return bool(_DECLINE_RE.search(text)) and analyse_answer(text).words < DECLINE_WORDS


def dont_know(answer: str) -> bool:
    return not (answer or "").strip() or bool(_DONT_KNOW_RE.search(answer))


def is_weak(answer: str) -> bool:
    """Too short to follow up, empty, or "I don't know"."""
    text = (answer or "").strip()
    if not text:
        return True
    signals = analyse_answer(text)
    return signals.short or (bool(_DONT_KNOW_RE.search(text)) and signals.words < 35)


def pasted(ctx: InterviewContext, answer: str) -> bool:
    """The answer is mostly the JD's or the CV's own lines (repeats.pasted_from): nothing the
    candidate said to follow up, so no probe quotes it; the question is asked again."""
    return bool(pasted_from(answer, ctx.cv_text, ctx.jd_text))


def off_topic(ctx: InterviewContext) -> bool:
    """The last answer talked about something else, and not about the candidate's work
    either ("we went to Portugal last summer"): ask again rather than probe the holiday. A
    different story from their own work is still theirs to be probed. A paste of the JD or
    the CV is asked again too: its words are not the candidate's to quote back."""
    questions, answers = ctx.questions, ctx.answers
    if not questions or not answers or len(questions) < len(answers):
        return False
    if pasted(ctx, answers[-1]):
        return True
    question, answer, earlier = questions[len(answers) - 1], answers[-1], answers[:-1]
    previous = earlier[-1] if earlier else ""
    kind = question_kind(question, previous)
    # As the grader reads it: a follow-up on the last answer asks to go back to that story,
    # so going back to it is no copy (else a 98/100 answer was met with a re-ask).
    if copy_of(answer, earlier, follows_up=kind == "probe") is not None:
        return True
    signals = analyse_answer(answer)
    if signals.short or dont_know(answer):
        return False  # too little to call off topic: the weak-answer rule handles it
    # Only the relevance, not a whole judgement: this runs before every question.
    relevance = on_topic(kind, question, answer,
                         previous_answer=previous, names=f"{ctx.title} {ctx.company}",
                         background=ctx.cv_text, company=ctx.company)
    # Barely touching the question (one shared word at most) and not about their work.
    return relevance < 0.5 and not about_background(answer, ctx.cv_text)


def _is_reask(question: str) -> bool:
    key = normalize_question(question)
    return any(
        signature(t) and signature(t) in key
        for group in ("duty", "story", "plain")
        for t in phrases("reask", group)
    )


def kinds(ctx: InterviewContext) -> list[Kind]:
    """What each earlier question was, from its text (earlier ones may be an LLM's)."""
    questions, answers = ctx.questions, ctx.answers
    out: list[Kind] = []
    for i, question in enumerate(questions):
        if i == 0:
            out.append(Kind.OPENING)
        elif i - 1 < len(answers) and quoted_from(question, answers[i - 1]):
            out.append(Kind.PROBE)
        elif _is_reask(question):
            out.append(Kind.REASK)
        else:
            out.append(Kind.TOPIC)
    return out


# ---------------------------------------------------------------------------
# What question n is
# ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Step:
    category: Category  # what to write
    planned: Category  # what the plan said
    previous: Kind | None  # what the last question was
    weak: bool  # the last answer was too weak to follow up
    topic_index: int  # how many new parts of the role came before
    probes_in_a_row: int  # probes since the last story opened
    off_topic: bool = False  # the last answer was about something else: ask again, never probe


def next_step(ctx: InterviewContext) -> Step:
    number = max(1, ctx.question_number)
    plan = plan_categories(ctx.max_questions)
    planned = category_for(number, ctx.max_questions)
    if number >= len(plan) and number > 1:
        planned = Category.CLOSING
    history = kinds(ctx)
    previous = history[-1] if history else None
    answers = ctx.answers
    went_off = bool(answers) and off_topic(ctx)
    weak = bool(answers) and (is_weak(answers[-1]) or went_off)
    topics = sum(1 for k in history if k is Kind.TOPIC)
    in_a_row = 0
    for kind in reversed(history):
        if kind is not Kind.PROBE:
            break
        in_a_row += 1
    category = planned
    if number == 1 or not history:
        category = Category.OPENING
    elif planned in (Category.MOTIVATION, Category.CLOSING):
        category = planned
    elif weak and previous is not Kind.REASK:
        category = Category.PROBE  # written as a gentle re-ask of the same topic
    elif planned is not Category.PROBE or weak or in_a_row >= 2:
        category = _cycle()[topics % len(_cycle())]  # a new part of the role
    return Step(category, planned, previous, weak, topics, in_a_row, went_off)
