"""Test doubles for our own engine interface (no wire exists between the
service and an engine), and a few conversation helpers."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from interview_core.feedback import Competency, CompetencyScore, FeedbackReport
from interview_core.models import ConversationRef, GeneratedQuestion, InterviewContext
from interview_core.providers.base import ProviderError


@dataclass
class ScriptedProvider:
    """Writes "Question n about <title>" and can be told to fail or stall."""

    name: str = "scripted"
    delay: float = 0.0
    fail_questions: set[int] = field(default_factory=set)  # question numbers that fail once
    fail_feedback: int = 0  # how many feedback calls fail before one succeeds
    calls: list[tuple[str, int]] = field(default_factory=list)
    block: asyncio.Event | None = None  # when set, calls wait for it

    async def _question(self, ctx: InterviewContext, kind: str) -> GeneratedQuestion:
        self.calls.append((kind, ctx.question_number))
        if self.block is not None:
            await self.block.wait()
        if self.delay:
            await asyncio.sleep(self.delay)
        if ctx.question_number in self.fail_questions:
            self.fail_questions.discard(ctx.question_number)
            raise ProviderError("scripted outage", provider=self.name)
        last = ctx.answers[-1] if ctx.answers else "nothing yet"
        return GeneratedQuestion(
            f"Question {ctx.question_number} about {ctx.title} (after: {last})", self.name
        )

    async def opening_question(self, ctx: InterviewContext) -> GeneratedQuestion:
        return await self._question(ctx, "opening")

    async def follow_up_question(self, ctx: InterviewContext) -> GeneratedQuestion:
        return await self._question(ctx, "follow_up")

    async def feedback(self, ctx: InterviewContext) -> FeedbackReport:
        self.calls.append(("feedback", len(ctx.answers)))
        if self.fail_feedback:
            self.fail_feedback -= 1
            raise ProviderError("scripted outage", provider=self.name)
        return FeedbackReport(
            overall_score=70,
            summary=f"{len(ctx.answers)} answers",
            competencies=[CompetencyScore(competency=c, score=70, reason="ok") for c in Competency],
            answers=[],
            source=self.name,
        )


def ref(user: str = "alice", thread: str | None = "thread-1", *, platform: str = "test",
        workspace: str = "ws") -> ConversationRef:
    return ConversationRef(platform, workspace, "channel-1", user, thread)
