"""The interface every interviewer engine implements.

The service calls these coroutines: two for questions, one for the report, one for
practice mode's feedback on a single answer, one for a question about the report. An
engine never touches storage, so an answer is always saved before any engine is asked
anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from interview_core.feedback import AnswerFeedback, FeedbackReport
from interview_core.models import GeneratedQuestion, GeneratedText, InterviewContext


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

    async def answer_feedback(self, ctx: InterviewContext) -> AnswerFeedback:
        """Practice mode: the note on one answer, right after it is given. ctx.history ends
        with it: the last interviewer turn is question ctx.question_number, the candidate
        turn after it the answer. `source` names the engine that wrote the note."""
        ...

    async def report_question(
        self, ctx: InterviewContext, report: FeedbackReport, question: str,
        earlier: Sequence[tuple[str, str]] = (),
    ) -> GeneratedText:
        """An answer to the user's question about a finished report ("how could I improve
        answer 3?"), from that report and the interview in ctx only. `earlier`: the questions
        about it asked before, with their answers, oldest first ("and answer 4?" follows one)."""
        ...
