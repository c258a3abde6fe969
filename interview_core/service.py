"""InterviewService: the one object every adapter calls.

It takes platform-neutral refs and text, stores everything before asking an
engine anything, and returns outcomes for the adapter to render. The
conversation alternates strictly (question, answer, question, ...), so the
question numbered n is always the message at seq 2n - 1, and the question
that follows the answer at seq s is stored at seq s + 1.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime
from typing import Literal

from interview_core.conversation import (
    answered,
    answers_waiting,
    clean_text,
    context_of,
    follows,
    pending_question,
    progress_of,
    question_of,
    waiting_question,
)
from interview_core.documents import Document
from interview_core.feedback import FeedbackReport
from interview_core.live import Live, LiveInterviews
from interview_core.models import (
    AnswerOutcome,
    ConversationRef,
    Interview,
    InterviewStatus,
    Message,
    Owner,
    Progress,
    Question,
)
from interview_core.notices import (
    ADDED,
    EMPTY_ANSWER,
    FEEDBACK_TROUBLE,
    LONG_ANSWER,
    PROVIDER_TROUBLE,
    REGENERATE_TROUBLE,
)
from interview_core.outcomes import (
    FeedbackOutcome,
    InterviewSummary,
    ResumeOutcome,
    StartClaim,
    StartOutcome,
)
from interview_core.providers.base import Provider, ProviderError
from interview_core.storage import InterviewStore, StoredDocument, ThreadTaken
from interview_core.styles import StyleError, style_of

log = logging.getLogger(__name__)

DEFAULT_MAX_QUESTIONS = 8
MAX_TITLE_CHARS = 120
MAX_ANSWER_CHARS = 20_000

class InterviewError(Exception):
    """A request the user can fix; the message is safe to show them."""


DocumentKind = Literal["cv", "jd"]


def _clean_label(value: str, what: str) -> str:
    value = " ".join(clean_text(value).split())
    if not value:
        raise InterviewError(f"Please give the {what}.")
    return value[:MAX_TITLE_CHARS]


class InterviewService:
    def __init__(
        self,
        store: InterviewStore,
        provider: Provider,
        *,
        max_questions: int = DEFAULT_MAX_QUESTIONS,
        cache_size: int = 16_384,
    ) -> None:
        if not 1 <= max_questions <= 20:
            raise ValueError("max_questions must be between 1 and 20")
        self.store = store
        self.provider = provider
        self.max_questions = max_questions
        self._live = LiveInterviews(store, cache_size)

    # -- starting ------------------------------------------------------------

    async def start(
        self,
        ref: ConversationRef,
        *,
        cv_text: str,
        jd_text: str,
        title: str,
        company: str,
        max_questions: int | None = None,
        request_key: str | None = None,
        persona: str | None = None,
        level: str | None = None,
        language: str | None = None,
    ) -> StartOutcome:
        """`request_key`, claimed with `claim_start`, is linked to the interview made.
        `persona`, `level` and `language` (interview_core.styles) default to a neutral
        interviewer, mid level, in English."""
        if ref.thread is None:
            raise InterviewError("An interview needs a thread to live in.")
        if not cv_text.strip():
            raise InterviewError("Your CV is empty: send it as a file or paste its text.")
        if not jd_text.strip():
            raise InterviewError("The job description is empty: send it as a file or paste its text.")
        count = max_questions or self.max_questions
        if not 1 <= count <= 20:
            raise InterviewError("An interview has between 1 and 20 questions.")
        try:
            style = style_of(persona, level, language)
        except StyleError as exc:
            raise InterviewError(str(exc)) from None
        taken = InterviewError("This thread already holds an interview; start a new one elsewhere.")
        if await self.store.find_by_thread(ref) is not None:
            raise taken
        try:
            interview = await self.store.create_interview(
                ref,
                title=_clean_label(title, "job title"),
                company=_clean_label(company, "company name"),
                cv_text=clean_text(cv_text).strip(),
                jd_text=clean_text(jd_text).strip(),
                max_questions=count,
                persona=style.persona,
                level=style.level,
                language=style.language,
            )
        except ThreadTaken:  # another start won the race for this thread
            raise taken from None
        if request_key is not None:
            await self.store.settle_start(request_key, interview.id)
        live = self._live.remember(interview, [])
        async with self._live.lock(interview.id):
            question, notice = await self._ask(interview, live.messages)
            progress = self._progress(interview, live.messages)
        return StartOutcome(interview, progress, question, notice)

    async def claim_start(self, owner: Owner, request_key: str) -> StartClaim:
        """Call before doing anything for a start command, with the platform's id for
        that one invocation (Slack's trigger_id, Discord's interaction id): a command
        delivered again, even after a restart, is not `first`, and says what became of
        the first delivery. Then `start(..., request_key=...)`, and `settle_start` once
        done, whatever happened."""
        return await self.store.claim_start(owner, request_key)

    async def settle_start(self, request_key: str, interview_id: int | None = None) -> None:
        await self.store.settle_start(request_key, interview_id)

    # -- answering -----------------------------------------------------------

    async def submit_answer(
        self,
        ref: ConversationRef,
        text: str,
        *,
        platform_message_id: str | None = None,
        sent_at: datetime | None = None,
    ) -> AnswerOutcome:
        """Take a message typed in an interview's thread as the answer to the
        question it follows. Safe to call twice for one platform message.

        A message sent before the next question appeared (`sent_at`, the platform's
        timestamp, or else now) is not the answer to a question its author never saw:
        it is stored as an addition to the answer before it."""
        arrived = min(sent_at or datetime.now(UTC), datetime.now(UTC))
        live = await self._live.in_thread(ref)
        if live is None:
            return AnswerOutcome("no_interview")
        interview = live.interview
        if interview.owner != Owner.of(ref):
            return AnswerOutcome("not_owner", interview=interview)
        # Cut before clean-up, so an 80,000-character message costs no more than the
        # longest answer kept (clean-up never needs more than twice what it keeps).
        cut = len(text) > 2 * MAX_ANSWER_CHARS
        text = clean_text(text[: 2 * MAX_ANSWER_CHARS]).strip()
        if not text:
            return AnswerOutcome("rejected", notice=EMPTY_ANSWER, interview=interview)
        cut = cut or len(text) > MAX_ANSWER_CHARS
        text = text[:MAX_ANSWER_CHARS]

        lock = self._live.lock(interview.id)
        usual = not (lock.locked() or live.stale) and answers_waiting(live.messages, arrived)
        # The usual turn (the question this replies to was on screen when it was sent,
        # and nothing is being written for this interview) goes straight to add_answer,
        # whose own conditions catch a history that moved on since it was cached.
        if not usual:
            if await self.store.is_duplicate(interview.id, platform_message_id):
                return AnswerOutcome("duplicate", interview=interview)
            # Stored at once, lock or no lock: the question it must not answer may be
            # being written right now, and a crash while waiting must not lose it.
            added_to = await self.store.add_addition(interview.id, text, platform_message_id, arrived)
            if added_to is not None:
                return await self._after_addition(live, added_to)
        outcome = await self._answer(
            live, text, platform_message_id, arrived, live.messages[-1].seq + 1 if usual else None
        )
        if outcome is None:
            # No question was waiting for it: one came after it was sent (written while
            # it waited for the lock, or by another process), so it belongs to the answer
            # before; or none is owed.
            added_to = await self.store.add_addition(interview.id, text, platform_message_id, arrived)
            if added_to is not None:
                return await self._after_addition(live, added_to)
            async with lock:
                outcome = await self._not_expected(interview, await self._live.refresh(live))
        if cut:
            long = LONG_ANSWER.format(limit=MAX_ANSWER_CHARS)
            outcome = replace(outcome, notice=f"{long} {outcome.notice}" if outcome.notice else long)
        return outcome

    async def _answer(
        self, live: Live, text: str, platform_message_id: str | None, arrived: datetime,
        seq: int | None,
    ) -> AnswerOutcome | None:
        """Store `text` as the answer to the waiting question (at `seq`, if the cache
        says where) and write the next one; None when no question was waiting for it."""
        interview = live.interview
        async with self._live.lock(interview.id):
            appended = await self.store.add_answer(interview.id, text, platform_message_id, arrived, seq)
            if appended.status == "not_expected":
                return None
            messages = live.messages
            if appended.message is not None and follows(messages, appended.message) and not live.stale:
                messages.append(appended.message)
            else:
                messages = await self._live.refresh(live)
            if appended.status == "duplicate":
                return AnswerOutcome(
                    "duplicate", progress=self._progress(interview, messages), interview=interview
                )
            return await self._after_answer(interview, messages)

    async def _after_addition(self, live: Live, answer: Message) -> AnswerOutcome:
        interview = live.interview
        # The cached history is current by seq; an addition changes an answer already
        # in it, so that answer is replaced in place (the next prompt and the report read it).
        for index, message in enumerate(live.messages):
            if message.seq == answer.seq:
                live.messages[index] = answer
                break
        else:
            live.stale = True  # the answer's own writer is waiting for its COMMIT
        note = ADDED.format(number=answer.seq // 2)  # questions at odd seqs, answers at even
        lock = self._live.lock(interview.id)
        if not lock.locked():
            async with lock:
                messages = await self._live.refresh(live)
                if pending_question(interview, messages):
                    # No one is writing the next question (the engine failed earlier):
                    # a good moment to try again.
                    outcome = await self._after_answer(interview, messages)
                    if outcome.kind == "question":
                        return replace(outcome, notice=f"{note} Here is the next question.")
                    return replace(outcome, notice=f"{note} {outcome.notice or ''}".strip())
        return AnswerOutcome("added", notice=note, interview=interview)

    async def _after_answer(self, interview: Interview, messages: list[Message]) -> AnswerOutcome:
        if answered(messages) >= interview.max_questions:
            report, notice = await self._make_feedback(interview, messages)
            self._live.drop(interview)  # over: its slot is for one still in play
            return AnswerOutcome(
                "complete",
                progress=self._progress(interview, messages),
                report=report,
                notice=notice,
                interview=interview,
            )
        question, notice = await self._ask(interview, messages)
        if question is None:
            return AnswerOutcome(
                "pending",
                progress=self._progress(interview, messages),
                notice=notice,
                interview=interview,
            )
        return AnswerOutcome(
            "question",
            progress=self._progress(interview, messages),
            question=question,
            interview=interview,
        )

    async def _not_expected(self, interview: Interview, messages: list[Message]) -> AnswerOutcome:
        """A message arrived when no question was waiting for it."""
        if answered(messages) >= interview.max_questions:
            return AnswerOutcome(
                "no_interview",
                progress=self._progress(interview, messages),
                notice="This interview is finished: ask for your feedback, or start a new one.",
                interview=interview,
            )
        # The last answer is still waiting for its question (the engine failed
        # earlier): this message is not an answer, but a good moment to retry.
        outcome = await self._after_answer(interview, messages)
        note = (
            "Your previous answer was already saved, so this message was not counted "
            "as an answer. Here is the next question."
        )
        return replace(outcome, notice=note) if outcome.kind == "question" else outcome

    # -- resuming and reading ------------------------------------------------

    async def resume(self, ref: ConversationRef, interview_id: int | None = None) -> ResumeOutcome:
        """Pick up the user's interview exactly where it stopped: the one in
        ref's thread, a given one, or else their most recent unfinished one.
        A question lost to a crash or an engine failure is written now, once."""
        interview = await self._find_for(ref, interview_id)
        async with self._live.lock(interview.id):
            messages = self._live.remember(interview, await self.store.messages(interview.id)).messages
            notice = None
            if pending_question(interview, messages):
                _, notice = await self._ask(interview, messages)
            waiting = waiting_question(interview, messages)
        return ResumeOutcome(
            interview, self._progress(interview, messages), waiting, list(messages), notice
        )

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

    async def _owned(self, owner: Owner, interview_id: int) -> Interview:
        interview = await self.store.get_interview(owner, interview_id)
        if interview is None:
            raise InterviewError("I can't find that interview.")
        return interview

    # -- feedback ------------------------------------------------------------

    async def feedback(
        self, owner: Owner, interview_id: int, *, regenerate: bool = False
    ) -> FeedbackOutcome:
        """The stored report; written now if it is missing or failed, or if
        asked to regenerate."""
        interview = await self._owned(owner, interview_id)
        if interview.status is not InterviewStatus.COMPLETE:
            raise InterviewError(
                "The report comes after the last answer. Resume the interview to finish it."
            )
        async with self._live.lock(interview.id):
            stored = await self.store.get_feedback(interview.id)
            if stored and stored.report and not regenerate:
                return FeedbackOutcome(interview, stored.report)
            messages = await self.store.messages(interview.id)
            previous = stored.report if stored else None
            report, notice = await self._make_feedback(interview, messages, previous)
        return FeedbackOutcome(interview, report, notice)

    async def _make_feedback(
        self, interview: Interview, messages: list[Message], previous: FeedbackReport | None = None
    ) -> tuple[FeedbackReport | None, str | None]:
        ctx = context_of(interview, messages)
        try:
            report = await self.provider.feedback(ctx)
        except ProviderError as exc:
            log.warning("feedback for interview %s failed: %s", interview.id, exc)
            if previous is not None:
                # A failed rewrite must not cost the user the report they had.
                return previous, REGENERATE_TROUBLE
            await self.store.save_feedback(interview.id, None, str(exc)[:500])
            return None, FEEDBACK_TROUBLE
        await self.store.save_feedback(interview.id, report)
        return report, None

    # -- questions -----------------------------------------------------------

    async def _ask(
        self, interview: Interview, messages: list[Message]
    ) -> tuple[Question | None, str | None]:
        """Write and store the next question, appending it to `messages`.
        The caller holds the interview's lock."""
        ctx = context_of(interview, messages)
        seq = (messages[-1].seq if messages else 0) + 1
        try:
            if ctx.question_number == 1:
                generated = await self.provider.opening_question(ctx)
            else:
                generated = await self.provider.follow_up_question(ctx)
        except ProviderError as exc:
            log.warning("question %s of interview %s failed: %s", ctx.question_number, interview.id, exc)
            return None, PROVIDER_TROUBLE
        stored = await self.store.add_question(
            interview.id, seq, generated.text, provider=generated.provider, usage=generated.usage
        )
        if stored is not None:
            messages.append(stored)
            return question_of(stored, interview.max_questions), None
        # Another process asked this question first: theirs is the one the user
        # will answer, so show it instead of ours.
        messages[:] = await self.store.messages(interview.id)
        return waiting_question(interview, messages), None

    @staticmethod
    def _progress(interview: Interview, messages: list[Message]) -> Progress:
        return progress_of(messages, interview.max_questions)
