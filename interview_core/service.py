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

from interview_core.conversation import (
    answered,
    answers_waiting,
    clean_text,
    context_of,
    follows,
    pending_question,
    question_of,
    waiting_question,
)
from interview_core.errors import InterviewError
from interview_core.feedback import FeedbackReport
from interview_core.live import Live, LiveInterviews
from interview_core.models import (
    AnswerOutcome,
    Attempt,
    ConversationRef,
    Interview,
    InterviewStatus,
    Message,
    Owner,
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
from interview_core.practice import Coach, PracticeError, RetryOpened
from interview_core.providers.base import Provider, ProviderError
from interview_core.service_records import Records
from interview_core.storage import InterviewStore, ThreadTaken
from interview_core.styles import StyleError, style_of

log = logging.getLogger(__name__)

# Imported from here by the adapters and the conversation layer.
__all__ = ["InterviewError", "InterviewService", "InterviewSummary", "RetryOpened"]

DEFAULT_MAX_QUESTIONS = 8
MAX_TITLE_CHARS = 120
MAX_ANSWER_CHARS = 20_000
MODES = ("interview", "practice", "drill")



def _clean_label(value: str, what: str) -> str:
    value = " ".join(clean_text(value).split())
    if not value:
        raise InterviewError(f"Please give the {what}.")
    return value[:MAX_TITLE_CHARS]


class InterviewService(Records):
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
        self._coach = Coach(store, provider)

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
        mode: str = "interview",
        focus_kind: str = "",
        focus: str = "",
    ) -> StartOutcome:
        """`request_key`, claimed with `claim_start`, is linked to the interview made.
        `persona`, `level` and `language` (interview_core.styles) default to a neutral
        interviewer, mid level, in English; `mode` is "interview" (the seed's),
        "practice" (feedback after each answer, retries) or "drill" (on `focus`)."""
        if mode not in MODES:
            raise InterviewError(f"I don't know the mode “{mode[:40]}”: choose interview, practice or drill.")
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
                mode=mode,
                focus_kind=focus_kind if mode == "drill" else "",
                focus=clean_text(focus)[:MAX_TITLE_CHARS] if mode == "drill" else "",
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
        if interview.mode == "practice":
            if await self.store.retrying(interview.id) is not None:
                attempted = await self._attempt(live, text, platform_message_id)
                if attempted is not None:
                    return self._cut_said(attempted) if cut else attempted
            elif await self.store.attempt_stored(interview.id, platform_message_id):
                return AnswerOutcome("duplicate", interview=interview)  # an attempt delivered again
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
                outcome = await self._not_expected(
                    interview, await self._live.refresh(live), text, platform_message_id)
        return self._cut_said(outcome) if cut else outcome

    @staticmethod
    def _cut_said(outcome: AnswerOutcome) -> AnswerOutcome:
        """The outcome of a message longer than an answer may be: it says it was cut."""
        long = LONG_ANSWER.format(limit=MAX_ANSWER_CHARS)
        return replace(outcome, notice=f"{long} {outcome.notice}" if outcome.notice else long)

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
            if interview.mode != "practice":
                return await self._after_answer(interview, messages)
            # Practice mode: the answer is coached at once (it is attempt 1), then the
            # interview goes on as usual.
            answer = messages[-1]
            number = answer.seq // 2
            coaching, trouble = await self._coach.coach(interview, messages, number, 1, answer.full_text)
            outcome = await self._after_answer(interview, messages)
            notice = " ".join(n for n in (trouble, outcome.notice) if n) or None
            return replace(outcome, coaching=coaching, notice=notice,
                           attempt=Attempt(number, 1, answer.full_text, answer.created_at, platform_message_id))

    async def _attempt(self, live: Live, text: str, platform_message_id: str | None) -> AnswerOutcome | None:
        """Practice mode, a retry open: `text` is the new attempt at that question. Stored,
        scored, then back to the question that was waiting (or, after the last one, the
        report rewritten on the best attempts). None when the retry was closed meanwhile."""
        interview = live.interview
        async with self._live.lock(interview.id):
            if await self.store.is_duplicate(interview.id, platform_message_id) or \
                    await self.store.attempt_stored(interview.id, platform_message_id):
                return AnswerOutcome("duplicate", interview=interview)
            attempt = await self.store.add_attempt(interview.id, text, platform_message_id)  # closes the retry
            if attempt is None:
                return None
            messages = await self._live.refresh(live)
            coaching, notice = await self._coach.coach(interview, messages, attempt.question, attempt.attempt, text)
            report, rewritten = None, False
            if answered(messages) >= interview.max_questions:
                stored = await self.store.get_feedback(interview.id)
                report, trouble = await self._make_feedback(interview, messages, stored.report if stored else None)
                notice = " ".join(n for n in (notice, trouble) if n) or None
                interview = replace(interview, status=InterviewStatus.COMPLETE)
            elif pending_question(interview, messages):
                _, trouble = await self._ask(interview, messages)  # owed since an engine failed
                notice = " ".join(n for n in (notice, trouble) if n) or None
            else:
                rewritten = await self._coach.ask_again(interview, messages, attempt)
            scores = next((tuple(a.scores) for a in await self._coach.attempt_scores(interview)
                           if a.question_number == attempt.question), ())
            return AnswerOutcome(
                "attempt", progress=self._progress(interview, messages),
                question=waiting_question(interview, messages), notice=notice, interview=interview,
                report=report, coaching=coaching, attempt=attempt, scores=scores, rewritten=rewritten,
            )

    async def retry(
        self, ref: ConversationRef, question: int | None = None, request_key: str | None = None
    ) -> RetryOpened | None:
        """Practice mode: the user's next message in the interview's thread is a new attempt
        at the last question they answered (the one before the question now waiting);
        `question`, the one a Try again button was under, must be that one. `request_key`:
        the platform's id for the request (the "retry" message's, the click's); None comes
        back when it opened a retry already (delivered again)."""
        interview = await self._find_for(ref, None)
        async with self._live.lock(interview.id):
            try:
                messages = await self.store.messages(interview.id)
                return await self._coach.open_retry(interview, messages, question, request_key)
            except PracticeError as exc:
                raise InterviewError(str(exc)) from None

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

    async def _not_expected(
        self, interview: Interview, messages: list[Message], text: str, platform_message_id: str | None
    ) -> AnswerOutcome:
        """A message arrived when no question was waiting for it: after the report, a
        question about it."""
        if answered(messages) >= interview.max_questions:
            finished = replace(interview, status=InterviewStatus.COMPLETE)
            if platform_message_id and await self.store.report_question(interview.id, platform_message_id):
                return AnswerOutcome("duplicate", interview=finished)
            reply, notice = await self._coach.answer_question(finished, messages, text, platform_message_id)
            return AnswerOutcome("report_answer", progress=self._progress(interview, messages),
                                 notice=notice, interview=finished, reply=reply)
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
        # Practice mode: each question is scored on its best attempt, and the report says
        # how the attempts went.
        ctx = context_of(interview, await self._coach.best_messages(interview, messages))
        try:
            report = await self.provider.feedback(ctx)
            report = await self._coach.practice_report(interview, report)
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
