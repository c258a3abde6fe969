"""What an export is made from (`ExportInput`: the interview, its messages, its report),
and the pieces every format lays out its own way: the header's fields and the
transcript as numbered question-and-answer exchanges."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from interview_core.feedback import FeedbackReport
from interview_core.models import Interview, InterviewStatus, Message, Role

ExportFormat = Literal["md", "pdf", "json"]
FORMATS: tuple[ExportFormat, ...] = ("md", "pdf", "json")
CONTENT_TYPES: dict[ExportFormat, str] = {
    "md": "text/markdown; charset=utf-8",
    "pdf": "application/pdf",
    "json": "application/json",
}
FORMAT_NAMES: dict[ExportFormat, str] = {"md": "Markdown", "pdf": "PDF", "json": "JSON"}
MODE = "interview"  # the only mode there is so far
NOT_SET = "not set"


@dataclass(frozen=True, slots=True)
class Exchange:
    """Question `number`, and the answer to it (None: not answered yet) with what the
    user added to it before the next question appeared."""

    number: int
    question: str
    asked_at: datetime
    question_engine: str | None
    answer: str | None = None
    additions: tuple[str, ...] = ()
    answered_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ExportInput:
    """Everything one export holds. `report` is None when there is none (yet);
    `report_note` then says why, in a sentence for the reader."""

    interview: Interview
    messages: tuple[Message, ...]
    report: FeedbackReport | None = None
    report_note: str | None = None
    exported_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def finished(self) -> bool:
        return self.interview.status is InterviewStatus.COMPLETE

    @property
    def exchanges(self) -> list[Exchange]:
        """The transcript in order: each question with its answer, if it has one."""
        out: list[Exchange] = []
        for message in self.messages:
            if message.role is Role.INTERVIEWER:
                out.append(Exchange(len(out) + 1, message.text, message.created_at, message.provider))
            elif out and out[-1].answer is None:
                last = out[-1]
                out[-1] = Exchange(last.number, last.question, last.asked_at, last.question_engine,
                                   message.text, message.additions, message.created_at)
        return out

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
        return getattr(self.interview, "mode", None) or MODE


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
        ("Mode", data.mode),
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
