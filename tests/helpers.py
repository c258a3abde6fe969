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


# Eight realistic answers to an interview on the bundled sample CV and JD.
SAMPLE_ANSWERS = [
    "At Brightwave I led the migration of the card-authorisation service to Go. The p99 was "
    "480 ms and my task was to cut it without downtime. I split the monolith behind a flag, "
    "and the result was 120 ms at 2,500 requests per second.",
    "I explained our Kafka ledger design to the finance team with one diagram, and they "
    "signed off in a week instead of a month.",
    "I tuned PostgreSQL by reading EXPLAIN ANALYZE output, added a partial index and cut the "
    "query from 9 seconds to 40 ms.",
    "I owned the CI/CD move on AWS: I wrote the pipeline, trained the team, and release time "
    "fell from two days to 40 minutes.",
    "I would meet both sides, write down the options with their risks, and pick the one we "
    "can ship by the deadline, then review it after launch.",
    "I have not used OpenTelemetry yet, but I built Prometheus dashboards and would pair with "
    "the team in my first weeks.",
    "Northwind builds for independent restaurants, and I want to own reliability for a "
    "product people depend on every evening.",
    "That I make systems calmer: fewer pages, faster deploys, and documented decisions.",
]

# Eight weak answers: hedges, fillers, "we", no numbers.
WEAK_ANSWERS = [
    "Um, I guess we did some stuff.",
    "Maybe, kind of. We basically worked on it.",
    "I don't know, we sort of fixed things.",
    "We did it as a team, like, you know.",
    "Probably we would just try stuff.",
    "Not sure really.",
    "I guess it seems like a good company.",
    "Um, learn things maybe.",
]
