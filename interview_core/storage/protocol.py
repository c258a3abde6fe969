"""`InterviewStore`: every method `InterviewService` calls on its store.

The service is typed against this, not against the SQLite `Store`, so another
backend is a class with these methods (tests/test_storage_protocol.py checks
`Store` has each of them, with the same signature). A store also promises what
the SQLite schema enforces: messages are append-only, one message per
(interview, seq), one per (interview, platform message id); every read that
takes an owner is scoped to it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, Protocol, runtime_checkable

from interview_core.documents.model import Document
from interview_core.feedback import AnswerFeedback, FeedbackReport
from interview_core.models import (
    Attempt,
    ConversationRef,
    Interview,
    InterviewStatus,
    Message,
    Owner,
    ReportQuestion,
    TokenUsage,
)
from interview_core.outcomes import StartClaim
from interview_core.storage.records import AppendResult, StoredDocument, StoredFeedback


@runtime_checkable
class InterviewStore(Protocol):
    # -- interviews ----------------------------------------------------------

    async def create_interview(
        self,
        ref: ConversationRef,
        *,
        title: str,
        company: str,
        cv_text: str,
        jd_text: str,
        max_questions: int,
        persona: str = "neutral",
        level: str = "mid",
        language: str = "English",
        mode: str = "interview",
        focus_kind: str = "",
        focus: str = "",
    ) -> Interview:
        """Raises ThreadTaken if ref's thread holds an interview already."""
        ...

    async def get_interview(self, owner: Owner, interview_id: int) -> Interview | None: ...

    async def find_by_thread(self, ref: ConversationRef) -> Interview | None:
        """The interview living in ref's thread, whoever owns it."""
        ...

    async def list_interviews(
        self, owner: Owner, *, status: InterviewStatus | None = None, limit: int = 50
    ) -> list[Interview]:
        """Newest first."""
        ...

    async def finished_without_report(self, owner: Owner, limit: int = 20) -> list[Interview]: ...

    async def move_to_thread(
        self, owner: Owner, interview_id: int, channel: str, thread: str
    ) -> None: ...

    async def delete_user_data(self, owner: Owner) -> int:
        """Everything of this user; returns how many interviews were removed."""
        ...

    # -- messages ------------------------------------------------------------

    async def messages(self, interview_id: int) -> list[Message]:
        """In seq order, each answer with its additions."""
        ...

    async def add_addition(
        self, interview_id: int, text: str, platform_message_id: str | None, arrived_at: datetime
    ) -> Message | None: ...

    async def is_duplicate(self, interview_id: int, platform_message_id: str | None) -> bool: ...

    async def add_answer(
        self, interview_id: int, text: str, platform_message_id: str | None,
        arrived_at: datetime | None = None, seq: int | None = None,
    ) -> AppendResult: ...

    async def add_question(
        self, interview_id: int, seq: int, text: str, *, provider: str | None,
        usage: TokenUsage | None,
    ) -> Message | None:
        """None if `seq` is taken already (another worker asked first)."""
        ...

    # -- feedback ------------------------------------------------------------

    async def save_feedback(
        self, interview_id: int, report: FeedbackReport | None, error: str | None = None
    ) -> None: ...

    async def get_feedback(self, interview_id: int) -> StoredFeedback | None: ...

    # -- practice: retries, attempts and their feedback; questions about a report --

    async def open_retry(self, interview_id: int, question: int, request_key: str | None = None) -> bool:
        """False when `request_key` opened a retry already (delivered again)."""
        ...

    async def retrying(self, interview_id: int) -> int | None: ...

    async def add_attempt(
        self, interview_id: int, text: str, platform_message_id: str | None
    ) -> Attempt | None:
        """None when no retry is open; closes the retry it answers."""
        ...

    async def attempt_stored(self, interview_id: int, platform_message_id: str | None) -> bool: ...

    async def attempts(self, interview_id: int) -> list[Attempt]: ...

    async def save_attempt_feedback(
        self, interview_id: int, question: int, attempt: int, feedback: AnswerFeedback
    ) -> None: ...

    async def attempt_feedback(self, interview_id: int) -> dict[tuple[int, int], AnswerFeedback]: ...

    async def rewrite_question(self, interview_id: int, seq: int, text: str, provider: str | None) -> bool:
        """False when the question at `seq` is answered already (or is none)."""
        ...

    async def add_report_question(
        self, interview_id: int, question: str, answer: str, provider: str | None,
        platform_message_id: str | None,
    ) -> None: ...

    async def report_question(self, interview_id: int, platform_message_id: str) -> ReportQuestion | None: ...

    async def report_questions(self, interview_id: int) -> list[ReportQuestion]: ...

    # -- start requests ------------------------------------------------------

    async def claim_start(self, owner: Owner, key: str) -> StartClaim: ...

    async def settle_start(self, key: str, interview_id: int | None = None) -> None: ...

    # -- uploaded documents --------------------------------------------------

    async def save_document(
        self, owner: Owner, kind: Literal["cv", "jd"], text: str, filename: str | None, summary: str
    ) -> None: ...

    async def documents(self, owner: Owner) -> dict[str, StoredDocument]: ...

    async def keep_pending_document(self, owner: Owner, key: str, document: Document) -> None:
        """Bounded: old ones and a user's oldest past a few are pruned."""
        ...

    async def take_pending_document(self, owner: Owner, key: str) -> Document | None:
        """Removed as it is taken: a second take gets None."""
        ...
