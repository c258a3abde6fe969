"""What the InterviewService returns to an adapter, besides the models themselves: the
outcome of starting, resuming and asking for feedback, and a line of the history."""

from __future__ import annotations

from dataclasses import dataclass

from interview_core.feedback import FeedbackReport
from interview_core.models import Interview, Message, Progress, Question


@dataclass(frozen=True, slots=True)
class StartOutcome:
    interview: Interview
    progress: Progress
    question: Question | None  # None when the engine failed; resume asks again
    notice: str | None = None


@dataclass(frozen=True, slots=True)
class StartClaim:
    """Whether a start command is seen for the first time; if not, what became of it."""

    first: bool
    running: bool = False  # the first delivery is still setting the interview up
    interview: Interview | None = None  # the interview it made, if it made one


@dataclass(frozen=True, slots=True)
class ResumeOutcome:
    interview: Interview
    progress: Progress
    # The question waiting for an answer; None if the interview is complete,
    # or if the engine could not write it yet (then `notice` says so).
    question: Question | None
    transcript: list[Message]
    notice: str | None = None


@dataclass(frozen=True, slots=True)
class FeedbackOutcome:
    interview: Interview
    report: FeedbackReport | None
    notice: str | None = None


@dataclass(frozen=True, slots=True)
class InterviewSummary:
    interview: Interview
    progress: Progress
    overall_score: int | None
    # The stored report's FeedbackReport.source (which engine wrote it), if there is one.
    report_source: str | None = None
    # The stored report itself (read for the list anyway): progress and drills use it.
    report: FeedbackReport | None = None
