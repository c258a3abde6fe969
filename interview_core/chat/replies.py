"""What the conversation layer answers with: typed replies an adapter renders its
own way (a thread message, an embed, Block Kit, lines on a terminal). Each carries
the data needed to render it, so no adapter looks anything up again."""

from __future__ import annotations

from dataclasses import dataclass

from interview_core.feedback import AnswerFeedback, FeedbackReport
from interview_core.models import Interview, OutcomeKind, Progress, Question
from interview_core.progress import ScoreHistory
from interview_core.service import InterviewSummary


@dataclass(frozen=True, slots=True)
class QuestionReply:
    """The next question of `interview`, with a note before it (e.g. "Added to...")."""

    interview: Interview
    question: Question
    progress: Progress | None
    notice: str | None = None


@dataclass(frozen=True, slots=True)
class CompletedReply:
    """The last answer is saved: the interview is over."""

    interview: Interview
    progress: Progress | None
    text: str


@dataclass(frozen=True, slots=True)
class ReportReply:
    interview: Interview
    report: FeedbackReport
    notice: str | None = None
    owed: bool = False  # an older interview's report that was lost, written now


@dataclass(frozen=True, slots=True)
class NoticeReply:
    """A sentence for the user. `saved` is True when what they sent is stored, so an
    adapter that fails to show it must not ask them to send it again."""

    text: str
    interview: Interview | None = None
    saved: bool = False
    retry: bool = False  # the report (or question) failed and can be asked for again
    progress: Progress | None = None


@dataclass(frozen=True, slots=True)
class StatusReply:
    """Where the user is in `interview`; `text` says what to do next."""

    interview: Interview
    progress: Progress
    text: str


@dataclass(frozen=True, slots=True)
class NotAnInterview:
    """A message in a thread that holds no interview: the adapter says where answers go
    (to `elsewhere`'s thread, the user's interview in play, if there is one)."""

    elsewhere: Interview | None = None


@dataclass(frozen=True, slots=True)
class HistoryReply:
    """The user's interviews, newest first; `text` is the line above the list (or, when
    there are none, all there is to say). Texts.history_state labels each one."""

    summaries: tuple[InterviewSummary, ...]
    text: str


@dataclass(frozen=True, slots=True)
class ProgressReply:
    """The user's interviews, newest first, and their scores over time: the trend of
    each competency and what is recurring (interview_core.progress). `chart_png` is the
    chart, when it was asked for and there were scores to draw; else `chart_notice` may
    say why not. `text` is the line above the list."""

    summaries: tuple[InterviewSummary, ...]
    history: ScoreHistory
    text: str
    chart_png: bytes | None = None
    chart_notice: str | None = None


@dataclass(frozen=True, slots=True)
class ExportReply:
    """An interview as a file (interview_core.export): send `data` as `filename`.
    `text` goes with it; `complete` is False when the file has no report yet (the
    interview is unfinished, or its report could not be written)."""

    interview: Interview
    filename: str
    data: bytes
    content_type: str
    text: str
    complete: bool = True


@dataclass(frozen=True, slots=True)
class CoachingReply:
    """Practice mode: the feedback on the answer (or retry) just given, at once.

    Render `Texts.coaching_heading`, `answer_score`, `coaching_fields`, the engine, then
    `retry_hint` with a Try again button (Slack, Discord) where the platform has one.
    `feedback` is None when the engine could not write it (`notice` says so)."""

    interview: Interview
    question_number: int
    attempt: int
    feedback: AnswerFeedback | None
    scores: tuple[int, ...] = ()  # every scored attempt at this question so far, in order
    notice: str | None = None
    finished: bool = False  # the last question: a retry rewrites the report


@dataclass(frozen=True, slots=True)
class RetryReply:
    """Practice mode: the question to try again; the next message is that attempt."""

    interview: Interview
    question: Question
    attempt: int
    text: str


@dataclass(frozen=True, slots=True)
class ReportAnswerReply:
    """An answer to a question about the interview's report, and the engine that wrote it."""

    interview: Interview
    text: str
    source: str | None


@dataclass(frozen=True, slots=True)
class ConfirmDeleteReply:
    """Ask before deleting everything: `text` and the two answers' labels."""

    text: str
    yes: str
    no: str


Reply = (QuestionReply | CompletedReply | ReportReply | NoticeReply | StatusReply | NotAnInterview
         | HistoryReply | ProgressReply | ConfirmDeleteReply | ExportReply | CoachingReply | RetryReply
         | ReportAnswerReply)

# Outcomes for which the message is stored before anything is shown.
SAVED_KINDS: tuple[OutcomeKind, ...] = ("question", "complete", "pending", "duplicate", "added", "attempt",
                                        "report_answer")


@dataclass(frozen=True, slots=True)
class AnswerResult:
    """What became of a message in an interview's thread: the outcome's kind (for an
    adapter's bookkeeping) and the replies to render."""

    kind: OutcomeKind
    replies: list[Reply]

    @property
    def saved(self) -> bool:
        """The message is stored: a failure to show the replies must not ask for it again."""
        return self.kind in SAVED_KINDS
