"""The service's look-ups and bookkeeping: finding a user's interview, its progress, its
transcript, the history, the uploads kept for a start, deleting a user's data, moving an
interview to a new thread. A base of InterviewService, split from it by concern; it
reads the store and the live interviews the service holds."""

from __future__ import annotations

from typing import Literal

from interview_core.conversation import progress_of
from interview_core.documents import Document
from interview_core.errors import InterviewError
from interview_core.live import LiveInterviews
from interview_core.models import (
    ConversationRef,
    Interview,
    InterviewStatus,
    Message,
    Owner,
    Progress,
)
from interview_core.outcomes import InterviewSummary
from interview_core.storage import InterviewStore, StoredDocument

DocumentKind = Literal["cv", "jd"]


class Records:
    store: InterviewStore
    _live: LiveInterviews

    async def _find_for(self, ref: ConversationRef, interview_id: int | None) -> Interview:
        owner = Owner.of(ref)
        if interview_id is not None:
            found = await self.store.get_interview(owner, interview_id)
            if found is None:
                raise InterviewError("I can't find that interview.")
            return found
        here = await self.store.find_by_thread(ref)
        if here is not None and here.owner == owner:
            return here
        active = await self.store.list_interviews(owner, status=InterviewStatus.ACTIVE, limit=1)
        if not active:
            raise InterviewError("You have no unfinished interview. Start a new one.")
        return active[0]

    async def current(self, ref: ConversationRef) -> Interview | None:
        """The user's interview in this thread, or their latest unfinished one."""
        try:
            return await self._find_for(ref, None)
        except InterviewError:
            return None

    async def progress(self, owner: Owner, interview_id: int) -> Progress:
        interview = await self._owned(owner, interview_id)
        return self._progress(interview, await self.store.messages(interview.id))

    async def transcript(self, owner: Owner, interview_id: int) -> list[Message]:
        interview = await self._owned(owner, interview_id)
        return await self.store.messages(interview.id)

    async def history(self, owner: Owner, limit: int = 20) -> list[InterviewSummary]:
        summaries = []
        for interview in await self.store.list_interviews(owner, limit=limit):
            messages = await self.store.messages(interview.id)
            stored = await self.store.get_feedback(interview.id)
            report = stored.report if stored else None
            summaries.append(
                InterviewSummary(
                    interview,
                    self._progress(interview, messages),
                    report.overall_score if report else None,
                    report.source if report else None,
                    report,
                )
            )
        return summaries

    async def reports_owed(self, owner: Owner) -> list[Interview]:
        """Every finished interview of this user that still has no report, newest first."""
        return await self.store.finished_without_report(owner)

    async def save_document(self, owner: Owner, kind: DocumentKind, document: Document) -> None:
        """Keep an uploaded CV or JD until the user starts an interview with it."""
        await self.store.save_document(owner, kind, document.text, document.filename, document.summary())

    async def documents(self, owner: Owner) -> dict[str, StoredDocument]:
        """The user's uploaded CV ("cv") and job description ("jd"), if any."""
        return await self.store.documents(owner)

    async def keep_pending_document(self, owner: Owner, key: str, document: Document) -> None:
        """Hold an upload whose kind is unclear under `key` (the platform's file id) until
        the user says whether it is their CV or the job description, in the database: a
        restart or another worker can finish it. Kept a day at most, a few per user."""
        await self.store.keep_pending_document(owner, key, document)

    async def take_pending_document(self, owner: Owner, key: str) -> Document | None:
        """The upload held under `key`, once (it is removed as it is taken); None if it
        is gone (taken already, too old, or the user's data was deleted)."""
        return await self.store.take_pending_document(owner, key)

    async def delete_user_data(self, owner: Owner) -> int:
        """Remove all of a user's interviews, answers, reports and uploaded documents."""
        self._live.forget(lambda interview: interview.owner == owner)
        return await self.store.delete_user_data(owner)

    async def move_to_thread(self, owner: Owner, interview_id: int, channel: str, thread: str) -> Interview:
        """Continue an interview in a new thread (its old one was deleted or archived)."""
        interview = await self._owned(owner, interview_id)
        async with self._live.lock(interview.id):
            self._live.forget(lambda cached: cached.id == interview.id)
            await self.store.move_to_thread(owner, interview.id, channel, thread)
        return await self._owned(owner, interview_id)

    async def interview(self, owner: Owner, interview_id: int) -> Interview | None:
        """This user's interview numbered `interview_id`; None when there is none of theirs
        (another user's number reads as none)."""
        return await self.store.get_interview(owner, interview_id)

    async def _owned(self, owner: Owner, interview_id: int) -> Interview:
        interview = await self.store.get_interview(owner, interview_id)
        if interview is None:
            raise InterviewError("I can't find that interview.")
        return interview


    @staticmethod
    def _progress(interview: Interview, messages: list[Message]) -> Progress:
        return progress_of(messages, interview.max_questions)
