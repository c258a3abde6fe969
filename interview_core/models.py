"""Platform-neutral data that crosses the core's boundary.

Adapters build a `ConversationRef` from whatever their platform calls a
workspace, channel, thread and user; the core stores and compares those
strings and never interprets them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Literal, NamedTuple, TypedDict

from interview_core.feedback import AnswerFeedback, FeedbackReport
from interview_core.usage import TokenUsage


class Role(StrEnum):
    INTERVIEWER = "assistant"
    CANDIDATE = "user"


class InterviewStatus(StrEnum):
    ACTIVE = "active"
    COMPLETE = "complete"


@dataclass(frozen=True, slots=True)
class ConversationRef:
    """Where a message came from, and so where the reply goes.

    `thread` is None until the adapter has a thread to put the interview in
    (a console session, a Slack parent message, a Discord thread).
    """

    platform: str
    workspace: str
    channel: str
    user: str
    thread: str | None = None

    def in_thread(self, thread: str) -> ConversationRef:
        return replace(self, thread=thread)


@dataclass(frozen=True, slots=True)
class Owner:
    """A user is only ever known within their platform and workspace."""

    platform: str
    workspace: str
    user: str

    @classmethod
    def of(cls, ref: ConversationRef) -> Owner:
        return cls(ref.platform, ref.workspace, ref.user)


@dataclass(frozen=True, slots=True)
class Message:
    seq: int
    role: Role
    text: str
    created_at: datetime
    platform_message_id: str | None = None
    provider: str | None = None
    # Messages the owner sent before the next question appeared: kept, in order, as
    # part of this answer (stored apart, so the answer itself stays as written).
    additions: tuple[str, ...] = ()

    @property
    def full_text(self) -> str:
        """The answer with its additions, as the interviewer and the report read it."""
        if not self.additions:
            return self.text
        return "\n\n".join((self.text, *self.additions))


@dataclass(frozen=True, slots=True)
class Attempt:
    """One try at a question in practice mode. Attempt 1 is the answer in the transcript
    (a Message); retries are 2, 3, ...; each is stored as sent and never changed."""

    question: int
    attempt: int
    text: str
    created_at: datetime
    platform_message_id: str | None = None


@dataclass(frozen=True, slots=True)
class ReportQuestion:
    """A question the user asked about their report, and the answer they got."""

    question: str
    answer: str
    provider: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Interview:
    id: int
    owner: Owner
    channel: str
    thread: str | None
    title: str
    company: str
    cv_text: str
    jd_text: str
    max_questions: int
    status: InterviewStatus
    created_at: datetime
    updated_at: datetime
    # How it is run (interview_core.styles): stored with it since schema v8.
    persona: str = "neutral"
    level: str = "mid"
    language: str = "English"
    # "interview" (the seed's: questions, then the report), "practice" (feedback after each
    # answer, and retries) or "drill" (a short session on `focus`); since schema v9.
    mode: str = "interview"
    focus_kind: str = ""
    focus: str = ""

    @property
    def ref(self) -> ConversationRef:
        return ConversationRef(
            self.owner.platform, self.owner.workspace, self.channel, self.owner.user, self.thread
        )


class Progress(TypedDict):
    """The product spec's progress object, and how many answers are saved: after a
    question the engine failed to write, that is not `question_count - 1`."""

    question_count: int
    max_questions: int
    is_started: bool
    is_complete: bool
    answered: int


@dataclass(frozen=True, slots=True)
class Question:
    number: int
    total: int
    text: str
    provider: str | None = None


class Turn(NamedTuple):
    """One entry of the conversation as a provider sees it. A named tuple, not a frozen
    dataclass: every prompt rebuilds the history, and a frozen dataclass's __init__
    costs a setattr call per field (at 10,000 interviews, 720,000 of them)."""

    role: Role
    text: str


@dataclass(frozen=True, slots=True)
class InterviewContext:
    """Everything a provider may use to write the next question or the report."""

    title: str
    company: str
    cv_text: str
    jd_text: str
    history: tuple[Turn, ...]
    question_number: int
    max_questions: int
    persona: str = "neutral"  # friendly | neutral | tough: tone and follow-up pressure
    level: str = "mid"  # junior | mid | senior: the depth of the questions
    language: str = "English"  # what the questions and the report are written in
    # A drill (mode "drill") works on one thing: focus_kind "competency" with focus a
    # Competency value ("structure"), or "skill" with focus a JD skill ("budgeting").
    focus_kind: str = ""
    focus: str = ""

    @property
    def questions(self) -> list[str]:
        return [t.text for t in self.history if t.role is Role.INTERVIEWER]

    @property
    def answers(self) -> list[str]:
        return [t.text for t in self.history if t.role is Role.CANDIDATE]


@dataclass(frozen=True, slots=True)
class GeneratedQuestion:
    text: str
    provider: str
    usage: TokenUsage | None = None


OutcomeKind = Literal[
    "question",  # the answer was stored and the next question is ready
    "complete",  # the last answer was stored; the report is attached if it could be made
    "duplicate",  # the same platform message was delivered again: nothing changed
    "not_owner",  # someone other than the interview's owner wrote in its thread
    "no_interview",  # nothing to answer: no interview in this thread, or it is over
    "rejected",  # the answer was unusable (empty); `notice` says why
    "pending",  # the answer is saved but the next question could not be made yet
    "added",  # sent before the next question appeared: kept as part of the answer before it
    "attempt",  # practice mode: a retry of an earlier question was stored (and scored)
    "report_answer",  # the interview is over: the message was a question about its report
    "retry",  # practice mode: the message asked to try the last question again
]


@dataclass(frozen=True, slots=True)
class AnswerOutcome:
    """What became of a message in an interview's thread. `interview` travels with it
    (title, company, thread: all an adapter needs to render the turn, without a look-up)."""

    kind: OutcomeKind
    progress: Progress | None = None
    question: Question | None = None
    notice: str | None = None
    interview: Interview | None = None
    report: FeedbackReport | None = None
    # Practice mode: the feedback on the answer (or retry) just stored, and which attempt
    # at which question it was; None when the engine could not write it (`notice` says so).
    coaching: AnswerFeedback | None = None
    attempt: Attempt | None = None
    # A question about the report, answered (kind "report_answer").
    reply: GeneratedQuestion | None = None
    scores: tuple[int, ...] = ()  # practice mode: every scored attempt at that question so far
    rewritten: bool = False  # practice mode: the waiting question was written again for the new attempt

    @property
    def interview_id(self) -> int | None:
        return self.interview.id if self.interview is not None else None


# What an engine writes that is neither a question nor a report (an answer to a question
# about the report): the same three fields.
GeneratedText = GeneratedQuestion
