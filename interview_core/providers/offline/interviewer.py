"""The offline interviewer: a planned, adaptive mock interview from the CV and the JD.

`planning` decides what question n is (opening, a probe of the last answer, a re-ask after a
weak one, a new part of the role, motivation, closing); `questions` writes the candidates
from data/questions.toml; this module picks the first candidate that is new, honest (no
software term foreign to the CV and JD) and short enough, and implements the Provider.

Stateless and deterministic: everything is derived from the InterviewContext, and choices
come from a hash of the CV/JD text, never from `random`.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator, Sequence

from interview_core.feedback import AnswerFeedback, FeedbackReport
from interview_core.models import GeneratedQuestion, InterviewContext
from interview_core.providers.offline import drilling, personas, probes
from interview_core.providers.offline import questions as q
from interview_core.providers.offline.phrasing import MAX_CHARS, Scene, phrases
from interview_core.providers.offline.planning import (
    TOPICS,
    Category,
    Kind,
    Step,
    category_for,
    dont_know,
    is_weak,
    next_step,
    plan_categories,
    quoted_from,
)
from interview_core.providers.offline.scoring import build_report
from interview_core.providers.offline.text import normalize_question


def _fits(scene: Scene, text: str, quoted: str = "", allowed: str = "") -> bool:
    """New (not contained in an earlier question, nor containing one), short, honest.
    `allowed`: a term the user chose (a drilled skill), never foreign to their drill."""
    key = normalize_question(text)
    if not key or len(text) > MAX_CHARS:
        return False
    if any(key in earlier or earlier in key for earlier in scene.asked if earlier):
        return False
    if scene.shares_run(text):
        return False  # no template, scenario or CV line said twice
    bare = text.replace(allowed, " ") if allowed else text
    return not scene.foreign_terms(bare, quoted)


_ASPIRATION_RE = re.compile(
    r"\b(?:want|wants|hope|hoping|would like|'d like|aim|goal|looking forward|excit\w*|ambition|"
    r"plan to|keen|dream|grow|bring)\b",
    re.IGNORECASE,
)


def _closing_on_answer(scene: Scene) -> str | None:
    """The closing built on the motivation answer: its own words, then the first 90 days."""
    ctx = scene.ctx
    answer = ctx.answers[-1] if ctx.answers else ""
    after_motivation = category_for(ctx.question_number - 1, ctx.max_questions) is Category.MOTIVATION
    if not answer or is_weak(answer) or not after_motivation:
        return None
    found = probes.follow_up(answer, question=ctx.questions[-1], seed=scene.seed, avoid=ctx.questions,
                             sources=(ctx.cv_text, ctx.jd_text))  # never quote a pasted CV or JD line
    if found is None or found.quote not in answer:
        return None
    if not _ASPIRATION_RE.search(found.quote):
        return None  # "to make that happen" needs a goal: "I want to...", not "I picked X"
    duties = scene.open_duties() or list(scene.duties)
    values = scene.with_duty(duties[0]) if duties else dict(scene.values)
    for template in scene.pick(phrases("closing", "building"), "closing:building"):
        if "{duty" in template and not duties:
            continue
        text = template.format(**{**values, "quote": found.quote})
        if quoted_from(text, answer) and _fits(scene, text, found.quote):
            return text
    return None


def _probe(scene: Scene) -> str | None:
    """A follow-up quoting the last answer, from `probes`, or None."""
    ctx = scene.ctx
    if not ctx.answers or not ctx.questions:
        return None
    answer, question = ctx.answers[-1], ctx.questions[-1]
    found = probes.follow_up(
        answer, question=question, seed=scene.seed + ctx.question_number, avoid=ctx.questions,
        sources=(ctx.cv_text, ctx.jd_text),  # a line pasted from the CV or JD is not theirs to quote
    )
    if found is None or found.quote not in answer or not quoted_from(found.text, answer):
        return None
    return found.text if _fits(scene, found.text, found.quote) else None


_FRAMED = ("Here's a scenario", "Let's try a hypothetical", "Let's dig into", "Let's get ",
           "I'd like to go deeper", "Imagine this")


def _with_transition(scene: Scene, body: str, step: Step) -> str:
    if step.previous is Kind.TOPIC and step.planned is not Category.PROBE:
        return body  # the plan moves on anyway: no need to announce it
    if body.startswith(_FRAMED):
        return body  # "Here's a scenario." already announces the change
    lead = q.transition(scene)
    text = f"{lead} {body}".strip()
    return text if lead and len(text) <= MAX_CHARS else body


def _topic_candidates(scene: Scene, category: Category) -> Iterator[tuple[Category, str]]:
    order = [category] + [c for c in TOPICS if c is not category]
    for candidate in order:
        for text in q.WRITERS[candidate](scene):
            yield candidate, text


def _spare(scene: Scene) -> str:
    for spare in scene.pick(phrases("spare", "questions"), "spare"):
        if _fits(scene, spare):
            return spare
    # Unreachable in practice (20 questions at most); still never repeat.
    answered = len(scene.ctx.answers)
    return (
        f"What else should we know about you for {scene.values['the_role']}, "
        f"beyond your {answered} answers so far?"
    )


def _write(scene: Scene, step: Step) -> str:
    category = step.category
    if category is Category.PROBE:
        answer = scene.ctx.answers[-1] if scene.ctx.answers else ""
        if not step.off_topic and (
            not step.weak or (step.previous is not Kind.PROBE and not dont_know(answer))
        ):
            probe = _probe(scene)
            if probe:
                return probe
        if step.weak:
            for text in q.reask(scene, step.previous is Kind.PROBE):
                if _fits(scene, text):
                    return text
        category = TOPICS[step.topic_index % len(TOPICS)]
    if category is Category.CLOSING and (built := _closing_on_answer(scene)):
        return built
    if category in (Category.OPENING, Category.MOTIVATION, Category.CLOSING):
        for text in q.WRITERS[category](scene):
            if _fits(scene, text):
                return text
        if category is Category.OPENING:
            return _spare(scene)
        category = TOPICS[step.topic_index % len(TOPICS)]
    for _, body in _topic_candidates(scene, category):
        if _fits(scene, body):
            return _with_transition(scene, body, step)
    return _spare(scene)


def _write_drill(scene: Scene) -> str:
    """A drill's question: the first of drilling's candidates that is new and fits."""
    skill = drilling.said_skill(drilling.skill_of(scene.ctx))
    for text, quote in drilling.candidates(scene):
        if _fits(scene, text, quote, allowed=skill):
            return text
    return drilling.last_resort(scene)


def _write_opening(ctx: InterviewContext) -> str:
    scene = Scene.of(ctx)
    if drilling.focus_key(ctx):
        return _write_drill(scene)  # straight to the focus: no warm-up
    for text in q.opening(scene):
        if _fits(scene, text):
            return text
    return _spare(scene)


def write_opening(ctx: InterviewContext) -> str:
    return personas.styled(ctx, _write_opening(ctx), follow_up=False)


def write_follow_up(ctx: InterviewContext) -> str:
    if ctx.question_number <= 1 and not ctx.questions:
        return write_opening(ctx)
    scene = Scene.of(ctx)
    body = _write_drill(scene) if drilling.focus_key(ctx) else _write(scene, next_step(ctx))
    return personas.styled(ctx, body, follow_up=True)


class OfflineProvider:
    """The built-in engine: no network, deterministic, CV- and JD-aware.

    Its work is CPU work (about 100 ms for a question after a 20,000-character answer,
    more for a report), so it runs in a thread: the event loop takes the GIL back every
    few milliseconds and keeps serving every other user. Its caches are lru_caches,
    which are thread-safe."""

    name = "offline"

    async def opening_question(self, ctx: InterviewContext) -> GeneratedQuestion:
        return GeneratedQuestion(text=await asyncio.to_thread(write_opening, ctx), provider=self.name)

    async def follow_up_question(self, ctx: InterviewContext) -> GeneratedQuestion:
        return GeneratedQuestion(text=await asyncio.to_thread(write_follow_up, ctx), provider=self.name)

    async def feedback(self, ctx: InterviewContext) -> FeedbackReport:
        return await asyncio.to_thread(build_report, ctx)

    # Practice mode and questions about the report. Their helpers are imported where they
    # are used: an interview that never asks about its report never loads report_answers.
    async def answer_feedback(self, ctx: InterviewContext) -> AnswerFeedback:
        """The note the report would write on the answer that ends ctx.history."""
        from interview_core.providers.offline.scoring import note_for_last_answer

        note = await asyncio.to_thread(note_for_last_answer, ctx)
        return AnswerFeedback(note=note, source=self.name)

    async def report_question(
        self, ctx: InterviewContext, report: FeedbackReport, question: str,
        earlier: Sequence[tuple[str, str]] = (),
    ) -> GeneratedQuestion:  # = GeneratedText
        """An answer from the report's own data, or a plain "cannot" (report_answers). Each
        question is read on its own ("and answer 4?" names its answer): `earlier` is not needed."""
        from interview_core.providers.offline import report_answers

        text = await asyncio.to_thread(report_answers.answer_report_question, ctx, report, question)
        return GeneratedQuestion(text=text, provider=self.name)


__all__ = [
    "Category",
    "OfflineProvider",
    "category_for",
    "is_weak",
    "plan_categories",
    "write_follow_up",
    "write_opening",
]
