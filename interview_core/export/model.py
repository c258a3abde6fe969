"""What an export is made from (`ExportInput`: the interview, its messages, its report;
in practice mode every attempt at each question and the feedback each got; the
questions asked about the report), and the pieces every format lays out its own way:
the header's fields and the transcript as numbered question-and-answer exchanges."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from interview_core.feedback import (
    COMPETENCY_LABELS,
    AnswerFeedback,
    Competency,
    FeedbackReport,
)
from interview_core.models import (
    Attempt,
    Interview,
    InterviewStatus,
    Message,
    ReportQuestion,
    Role,
)

ExportFormat = Literal["md", "pdf", "json"]
FORMATS: tuple[ExportFormat, ...] = ("md", "pdf", "json")
CONTENT_TYPES: dict[ExportFormat, str] = {
    "md": "text/markdown; charset=utf-8",
    "pdf": "application/pdf",
    "json": "application/json",
}
FORMAT_NAMES: dict[ExportFormat, str] = {"md": "Markdown", "pdf": "PDF", "json": "JSON"}
MODE = "interview"  # the default: the questions, then the report
NOT_SET = "not set"


@dataclass(frozen=True, slots=True)
class AttemptEntry:
    """Practice mode: one try at a question. Attempt 1 is the answer in the transcript
    (with its additions); 2, 3, ... are the retries. `score`: what its feedback gave it
    (None: the engine could not write that feedback)."""

    attempt: int
    text: str
    created_at: datetime
    score: int | None = None


@dataclass(frozen=True, slots=True)
class Exchange:
    """Question `number`, and the answer to it (None: not answered yet) with what the
    user added to it before the next question appeared; in practice mode, every attempt
    at it, the answer first (empty outside practice mode)."""

    number: int
    question: str
    asked_at: datetime
    question_engine: str | None
    answer: str | None = None
    additions: tuple[str, ...] = ()
    answered_at: datetime | None = None
    attempts: tuple[AttemptEntry, ...] = ()

    @property
    def retried(self) -> bool:
        """Answered more than once (practice mode's retries)."""
        return len(self.attempts) > 1


@dataclass(frozen=True, slots=True)
class ExportInput:
    """Everything one export holds. `report` is None when there is none (yet);
    `report_note` then says why, in a sentence for the reader."""

    interview: Interview
    messages: tuple[Message, ...]
    report: FeedbackReport | None = None
    report_note: str | None = None
    exported_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    # Practice mode: the retries (attempt 2, 3, ... of a question; attempt 1 is the answer
    # in `messages`), and (question, attempt) -> the feedback each attempt got.
    attempts: tuple[Attempt, ...] = ()
    attempt_feedback: Mapping[tuple[int, int], AnswerFeedback] = field(default_factory=dict)
    # The questions asked about the report, with their answers, in order.
    report_questions: tuple[ReportQuestion, ...] = ()

    @property
    def finished(self) -> bool:
        return self.interview.status is InterviewStatus.COMPLETE

    @property
    def exchanges(self) -> list[Exchange]:
        """The transcript in order: each question with its answer, if it has one (and, in
        practice mode, every attempt at it)."""
        out: list[Exchange] = []
        for message in self.messages:
            if message.role is Role.INTERVIEWER:
                out.append(Exchange(len(out) + 1, message.text, message.created_at, message.provider))
            elif out and out[-1].answer is None:
                last = out[-1]
                out[-1] = Exchange(last.number, last.question, last.asked_at, last.question_engine,
                                   message.text, message.additions, message.created_at,
                                   self._attempts_at(last.number, message))
        return out

    def _attempts_at(self, number: int, answer: Message) -> tuple[AttemptEntry, ...]:
        """Every attempt at question `number`, its answer first; () outside practice mode."""
        retries = [a for a in self.attempts if a.question == number]
        if self.mode != "practice" and not retries and (number, 1) not in self.attempt_feedback:
            return ()

        def score(attempt: int) -> int | None:
            feedback = self.attempt_feedback.get((number, attempt))
            return feedback.note.score if feedback is not None else None

        first = AttemptEntry(1, answer.full_text, answer.created_at, score(1))
        return (first, *(AttemptEntry(a.attempt, a.text, a.created_at, score(a.attempt))
                         for a in sorted(retries, key=lambda a: a.attempt)))

    @property
    def answered(self) -> int:
        return sum(1 for e in self.exchanges if e.answer is not None)

    @property
    def persona(self) -> str | None:
        """Set by the interview when it has one (personas are yet to come)."""
        return getattr(self.interview, "persona", None) or None

    @property
    def level(self) -> str | None:
        return getattr(self.interview, "level", None) or None

    @property
    def mode(self) -> str:
        """The mode: "interview", "practice" or "drill"."""
        return getattr(self.interview, "mode", None) or MODE

    @property
    def focus_kind(self) -> str | None:
        """A drill's: "competency" or "skill"; None for any other interview."""
        return (self.interview.focus_kind or None) if self.mode == "drill" else None

    @property
    def focus(self) -> str | None:
        """What a drill works on: a competency's value ("structure") or a skill; else None."""
        return (self.interview.focus or None) if self.mode == "drill" else None

    @property
    def focus_label(self) -> str | None:
        """The same in words: "Structure (STAR)", "budgeting"."""
        if self.focus is None:
            return None
        if self.focus_kind == "competency":
            try:
                return COMPETENCY_LABELS[Competency(self.focus)]
            except ValueError:
                pass
        return self.focus


def mode_text(data: ExportInput) -> str:
    """The header's mode, in words: "interview", "practice (...)", "drill on Structure (STAR)"."""
    if data.mode == "practice":
        return "practice (feedback after each answer, and retries)"
    if data.mode == "drill":
        label = data.focus_label or "your weakest skill"
        return f"drill on {label}" + (" (a skill from the job description)" if data.focus_kind == "skill" else "")
    return data.mode


def scores_then(scores: list[int] | tuple[int, ...]) -> str:
    """ "42 then 71", "42, 55 then 71"."""
    shown = [str(s) for s in scores]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} then {shown[-1]}"


def attempt_lines(report: FeedbackReport) -> list[str]:
    """The report's attempts: "Q3: 42 then 71 (scored on the best, 71)" per question
    tried more than once (the words of interview_core.chat's Texts.attempt_lines)."""
    return [f"Q{a.question_number}: {scores_then(a.scores)} (scored on the best, {a.best})"
            for a in report.attempts]


def attempt_label(entry: AttemptEntry, *, first: str = "Your answer") -> str:
    """ "Your answer (attempt 1, 42/100)", "Attempt 2 (71/100)"; without the score when
    none was written."""
    score = f"{entry.score}/100" if entry.score is not None else None
    if entry.attempt == 1:
        return f"{first} ({', '.join(p for p in ('attempt 1', score) if p)})"
    return f"Attempt {entry.attempt}" + (f" ({score})" if score else "")


def header_fields(data: ExportInput) -> list[tuple[str, str]]:
    """The header, as (label, value) lines, for the formats read by people."""
    interview = data.interview
    state = "finished" if data.finished else "not finished"
    report = data.report
    return [
        ("Role", interview.title),
        ("Company", interview.company),
        ("Date", f"{interview.created_at.astimezone(UTC):%d %B %Y, %H:%M} UTC"),
        ("Interview", f"#{interview.id}, {state}: {data.answered} of {interview.max_questions} "
                      f"question{'' if interview.max_questions == 1 else 's'} answered"),
        ("Report", report.engine_label if report is not None else _no_report(data)),
        ("Mode", mode_text(data)),
        ("Persona", data.persona or NOT_SET),
        ("Level", data.level or NOT_SET),
    ]


def _no_report(data: ExportInput) -> str:
    if not data.finished:
        return "not ready: the interview is not finished"
    return data.report_note or "not ready yet"


def report_missing(data: ExportInput) -> str:
    """Where the report would be: why it isn't."""
    if not data.finished:
        return (f"The report isn't ready: the interview is not finished ({data.answered} of "
                f"{data.interview.max_questions} questions answered). Finish it and export again.")
    return data.report_note or "The report isn't ready: it could not be written yet."


def filename(data: ExportInput, fmt: ExportFormat) -> str:
    """`interview-3-registered-nurse-st-catherine-s.pdf`: plain ASCII, safe on any platform."""
    interview = data.interview
    words = unicodedata.normalize("NFKD", f"{interview.title} {interview.company}")
    slug = re.sub(r"[^a-z0-9]+", "-", words.encode("ascii", "ignore").decode().lower()).strip("-")
    slug = slug[:60].rstrip("-")
    return f"interview-{interview.id}{'-' + slug if slug else ''}.{fmt}"
