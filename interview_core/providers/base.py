"""The interface every interviewer engine implements.

The service calls exactly these three coroutines; an engine never touches
storage, so an answer is always saved before any engine is asked anything.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from interview_core.feedback import FeedbackReport
from interview_core.models import GeneratedQuestion, InterviewContext


class ProviderError(Exception):
    """The engine could not produce a result; the caller may retry or fall back."""

    def __init__(self, message: str, *, provider: str = "", retryable: bool = True) -> None:
        super().__init__(message)
        self.provider = provider
        self.retryable = retryable


@runtime_checkable
class Provider(Protocol):
    name: str

    async def opening_question(self, ctx: InterviewContext) -> GeneratedQuestion:
        """Question 1: warm, open-ended, about the candidate's most relevant experience."""
        ...

    async def follow_up_question(self, ctx: InterviewContext) -> GeneratedQuestion:
        """Question ctx.question_number (2..max), building on the history."""
        ...

    async def feedback(self, ctx: InterviewContext) -> FeedbackReport:
        """The performance analysis once every question is answered."""
        ...
