"""Test doubles for our own engine interface (no wire exists between the
service and an engine), sample documents and answers, and a few conversation
helpers: one place for what the platform tests (Slack, Discord) and the core's
share."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from interview_core.feedback import (
    AnswerFeedback,
    AnswerNote,
    Competency,
    CompetencyScore,
    FeedbackReport,
)
from interview_core.models import ConversationRef, GeneratedQuestion, InterviewContext
from interview_core.providers.base import ProviderError
from interview_core.providers.offline import OfflineProvider

SAMPLES = Path(__file__).resolve().parents[1] / "interview_core" / "samples"
SAMPLE_CV = (SAMPLES / "sample_cv.md").read_bytes()  # the bundled CV and job description, as uploaded
SAMPLE_JD = (SAMPLES / "sample_jd.md").read_bytes()


@dataclass
class ScriptedProvider:
    """Writes "Question n about <title>" and can be told to fail or stall."""

    name: str = "scripted"
    delay: float = 0.0
    fail_questions: set[int] = field(default_factory=set)  # question numbers that fail once
    fail_feedback: int = 0  # how many feedback calls fail before one succeeds
    fail_coaching: int = 0  # how many answer_feedback calls fail before one succeeds
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

    async def answer_feedback(self, ctx: InterviewContext) -> AnswerFeedback:
        """Scores an answer 5 points a word (a longer retry scores higher), at most 100."""
        self.calls.append(("answer_feedback", ctx.question_number))
        if self.fail_coaching:
            self.fail_coaching -= 1
            raise ProviderError("scripted outage", provider=self.name)
        answer = ctx.answers[-1]
        note = AnswerNote(question_number=ctx.question_number, question=ctx.questions[-1],
                          score=min(100, 5 * len(answer.split())), what_worked="you answered",
                          to_improve="say more", stronger_answer="a longer answer")
        return AnswerFeedback(note=note, source=self.name)

    async def report_question(self, ctx: InterviewContext, report: FeedbackReport, question: str,
                              earlier: Sequence[tuple[str, str]] = ()) -> GeneratedQuestion:
        self.calls.append(("report_question", len(ctx.answers)))
        return GeneratedQuestion(f"About your report ({report.overall_score}/100): {question}", self.name)


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


class SlowProvider:
    """The offline engine, taking `delay` seconds a call (10 by default) unless the test
    sets `release` earlier; `started` is set once a call is waiting, `calls` counts them.
    A bot that shuts down cancels the wait."""

    def __init__(self, delay: float = 10.0) -> None:
        self.inner = OfflineProvider()
        self.name = "slow"
        self.delay = delay
        self.release = asyncio.Event()
        self.started = asyncio.Event()
        self.calls = 0

    async def _wait(self) -> None:
        self.calls += 1
        self.started.set()
        try:
            await asyncio.wait_for(self.release.wait(), self.delay)
        except TimeoutError:
            pass

    async def opening_question(self, ctx: InterviewContext) -> GeneratedQuestion:
        await self._wait()
        return await self.inner.opening_question(ctx)

    async def follow_up_question(self, ctx: InterviewContext) -> GeneratedQuestion:
        await self._wait()
        return await self.inner.follow_up_question(ctx)

    async def feedback(self, ctx: InterviewContext) -> FeedbackReport:
        await self._wait()
        return await self.inner.feedback(ctx)


class FlakyFeedback:
    """The offline engine whose report fails `failures` times first."""

    def __init__(self, failures: int = 1) -> None:
        self.inner = OfflineProvider()
        self.name = "flaky"
        self.failures = failures

    async def opening_question(self, ctx: InterviewContext) -> GeneratedQuestion:
        return await self.inner.opening_question(ctx)

    async def follow_up_question(self, ctx: InterviewContext) -> GeneratedQuestion:
        return await self.inner.follow_up_question(ctx)

    async def feedback(self, ctx: InterviewContext) -> FeedbackReport:
        if self.failures:
            self.failures -= 1
            raise ProviderError("feedback outage", provider=self.name)
        return await self.inner.feedback(ctx)


def summary(score: int | None, source: str | None, *, complete: bool = True, platform: str = "chat",
            title: str = "Backend Engineer", company: str = "Acme"):
    """An InterviewSummary as the history lists it: 8 of 8 answered (or 2, unfinished), made
    on 3 January 2025, with `score` by the engine `source` (None: no report)."""
    from datetime import UTC, datetime

    from interview_core.models import Interview, InterviewStatus, Owner
    from interview_core.service import InterviewSummary

    now = datetime(2025, 1, 3, tzinfo=UTC)
    interview = Interview(1, Owner(platform, "T1", "U1"), "D1", "1.2", title, company, "cv", "jd", 8,
                          InterviewStatus.COMPLETE if complete else InterviewStatus.ACTIVE, now, now)
    progress = {"question_count": 8 if complete else 3, "max_questions": 8, "is_started": True,
                "is_complete": complete, "answered": 8 if complete else 2}
    return InterviewSummary(interview, progress, score, source)
