"""Practice mode and questions about a report: the service's turns after the seed's.

Practice mode (an interview started with mode "practice") coaches each answer at once:
the engine's `answer_feedback` scores it, and the user may try the same question again
(`retry`): their next message is then a new attempt at it, stored as sent (attempts are
append-only), scored, and the interview goes back to the question that was waiting. The
report scores each question on its best attempt, and lists how the attempts went.

After the report, a message in the interview's thread is a question about it, answered
by the engine from the transcript and the report (`report_question`) and stored with
its answer.

Everything is stored before any engine is asked: an engine that fails costs the
feedback, never the attempt.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from interview_core.conversation import answered, context_of, question_of
from interview_core.feedback import AnswerFeedback, AttemptScores, FeedbackReport
from interview_core.models import (
    Attempt,
    GeneratedText,
    Interview,
    InterviewContext,
    Message,
    Question,
    Role,
    Turn,
)
from interview_core.providers.base import Provider, ProviderError
from interview_core.storage import InterviewStore

log = logging.getLogger(__name__)

PRACTICE = "practice"
MAX_REPORT_QUESTION_CHARS = 1_000
# Bounds on what one user can make the engine do (and the database keep) for one interview:
# each attempt and each question about the report is a model call, and a row.
MAX_ATTEMPTS = 5
MAX_REPORT_QUESTIONS = 50
EARLIER_QUESTIONS = 3  # questions about the report handed to the engine with the next one
REPORT_QUESTIONS_USED = (
    f"That's {MAX_REPORT_QUESTIONS} questions about this report, the most one report takes: "
    "start a new interview to practise again."
)
COACHING_TROUBLE = (
    "Your answer is saved, but I couldn't write its feedback just now; "
    "the report at the end will still score it."
)
REPORT_QUESTION_TROUBLE = "I couldn't answer that just now. Please ask again in a moment."
NO_REPORT_YET = (
    "Your report isn't ready yet, so I can't answer questions about it: "
    "ask for your feedback first."
)


def _best_attempts(scores: dict[tuple[int, int], AnswerFeedback]) -> dict[int, int]:
    """Question -> its best-scored attempt (the later one on a tie). Unscored attempts (the
    engine failed) can't be ranked and are left out."""
    best: dict[int, tuple[int, int]] = {}
    for (number, attempt), feedback in scores.items():
        best[number] = max(best.get(number, (-1, 0)), (feedback.note.score, attempt))
    return {number: attempt for number, (_, attempt) in best.items()}


def _attempt_scores(scores: dict[tuple[int, int], AnswerFeedback]) -> list[AttemptScores]:
    by_question: dict[int, list[tuple[int, int]]] = {}
    for (number, attempt), feedback in scores.items():
        by_question.setdefault(number, []).append((attempt, feedback.note.score))
    return [AttemptScores(question_number=n, scores=[s for _, s in sorted(pairs)])
            for n, pairs in sorted(by_question.items()) if len(pairs) > 1]


class PracticeError(Exception):
    """A retry the user can't have; the message is safe to show them."""


@dataclass(frozen=True, slots=True)
class RetryOpened:
    interview: Interview
    question: Question  # the question to try again
    attempt: int  # the number the next message's attempt will have


def answer_of(messages: list[Message], number: int) -> Message | None:
    """The answer to question `number` (questions at odd seqs, answers at even)."""
    seq = 2 * number
    return next((m for m in messages if m.seq == seq and m.role is Role.CANDIDATE), None)


def attempt_context(interview: Interview, messages: list[Message], number: int, text: str) -> InterviewContext:
    """The interview up to question `number`, with `text` as its answer: what the engine
    scores an attempt against (the earlier answers, as given)."""
    before = [m for m in messages if m.seq < 2 * number]
    ctx = context_of(interview, before)
    return replace(ctx, history=(*ctx.history, Turn(Role.CANDIDATE, text)), question_number=number)


class Coach:
    """The practice-mode and report-question half of the service (it holds the interview's
    lock while calling in)."""

    def __init__(self, store: InterviewStore, provider: Provider) -> None:
        self.store = store
        self.provider = provider

    # -- feedback on one attempt -------------------------------------------------

    async def coach(
        self, interview: Interview, messages: list[Message], number: int, attempt: int, text: str
    ) -> tuple[AnswerFeedback | None, str | None]:
        """Score attempt `attempt` at question `number` (stored already) and keep the feedback."""
        try:
            feedback = await self.provider.answer_feedback(attempt_context(interview, messages, number, text))
        except ProviderError as exc:
            log.warning("feedback on answer %s of interview %s failed: %s", number, interview.id, exc)
            return None, COACHING_TROUBLE
        await self.store.save_attempt_feedback(interview.id, number, attempt, feedback)
        return feedback, None

    # -- retries ---------------------------------------------------------------------

    async def open_retry(
        self, interview: Interview, messages: list[Message], question: int | None = None,
        request_key: str | None = None,
    ) -> RetryOpened | None:
        """The user's next message is a new attempt at the last question they answered.
        `question`: the one a button was under; an older one is refused, with why. None when
        `request_key` (the platform's id for the request) opened a retry already."""
        if interview.mode != PRACTICE:
            raise PracticeError(
                "Trying a question again is for practice mode: start an interview with "
                "mode practice to get feedback after each answer and retries."
            )
        number = min(answered(messages), interview.max_questions)
        if number < 1:
            raise PracticeError("Answer the question first; then you can try it again.")
        if question is not None and question != number:
            raise PracticeError(
                f"That button is for question {question}, but only the question you answered last can "
                f"be tried again: press Try again under question {number}'s feedback."
            )
        asked = next(m for m in messages if m.seq == 2 * number - 1)
        tried = 1 + sum(a.question == number for a in await self.store.attempts(interview.id))
        if tried >= MAX_ATTEMPTS:
            raise PracticeError(
                f"You have tried question {number} {MAX_ATTEMPTS} times, the most one question takes: "
                "go on with the next question, or practise it again in a new interview."
            )
        if not await self.store.open_retry(interview.id, number, request_key):
            return None  # the same "retry" (or click) delivered again, even after a restart
        return RetryOpened(interview, question_of(asked, interview.max_questions), tried + 1)

    async def ask_again(self, interview: Interview, messages: list[Message], attempt: Attempt) -> bool:
        """After a retry's attempt at question n became its best answer: the question n + 1
        still waiting was written for the answer it replaced (it may quote it), so it is
        written again for this one, and `messages` shows it. False when nothing changed
        (not the best, no question waiting right after, the engine failed)."""
        number = attempt.question
        waiting = messages[-1] if messages else None
        if waiting is None or waiting.role is not Role.INTERVIEWER or waiting.seq != 2 * number + 1:
            return False
        best = _best_attempts(await self.store.attempt_feedback(interview.id))
        if best.get(number) != attempt.attempt:
            return False
        before = await self.best_messages(interview, messages[:-1])
        ctx = replace(context_of(interview, before), question_number=number + 1)
        try:
            written = await self.provider.follow_up_question(ctx)
        except ProviderError as exc:
            log.warning("question %s of interview %s was not written again: %s", number + 1, interview.id, exc)
            return False
        if written.text == waiting.text or not await self.store.rewrite_question(
                interview.id, waiting.seq, written.text, written.provider):
            return False
        messages[-1] = replace(waiting, text=written.text, provider=written.provider)
        return True

    # -- the report on the best attempts --------------------------------------------

    async def best_messages(self, interview: Interview, messages: list[Message]) -> list[Message]:
        """`messages` with each answer replaced by its best-scored attempt (practice mode;
        any other interview as it is). Unscored attempts can't be ranked: they are left out
        unless none of a question's attempts was scored."""
        if interview.mode != PRACTICE:
            return messages
        attempts = await self.store.attempts(interview.id)
        if not attempts:
            return messages
        best = _best_attempts(await self.store.attempt_feedback(interview.id))
        texts = {(a.question, a.attempt): a.text for a in attempts}
        chosen = {number: texts[(number, n)] for number, n in best.items() if (number, n) in texts}
        return [replace(m, text=chosen[m.seq // 2], additions=())
                if m.role is Role.CANDIDATE and m.seq // 2 in chosen else m for m in messages]

    async def practice_report(self, interview: Interview, report: FeedbackReport) -> FeedbackReport:
        """The report as practice mode shows it: each question's note is the one its best
        attempt got when it was given (the score the user saw, not a second opinion on the
        same words), and the attempts are listed. Set here for every interview, whatever
        the engine wrote: a model can't invent attempts."""
        if interview.mode != PRACTICE:
            return report.model_copy(update={"attempts": []})
        scores = await self.store.attempt_feedback(interview.id)
        best = {number: scores[(number, n)].note for number, n in _best_attempts(scores).items()}
        notes = [best[note.question_number].model_copy(update={"question": note.question})
                 if note.question_number in best else note for note in report.answers]
        return report.model_copy(update={"answers": notes, "attempts": _attempt_scores(scores)})

    async def attempt_scores(self, interview: Interview) -> list[AttemptScores]:
        """Each question tried more than once, its scored attempts in order."""
        if interview.mode != PRACTICE:
            return []
        return _attempt_scores(await self.store.attempt_feedback(interview.id))

    # -- questions about the report ------------------------------------------------------

    async def answer_question(
        self, interview: Interview, messages: list[Message], question: str, platform_message_id: str | None
    ) -> tuple[GeneratedText | None, str | None]:
        """(the answer, or None and the notice that says why not): a question about the
        report of an interview whose every question is answered."""
        stored = await self.store.get_feedback(interview.id)
        report: FeedbackReport | None = stored.report if stored else None
        if report is None:
            return None, NO_REPORT_YET
        asked = await self.store.report_questions(interview.id)
        if len(asked) >= MAX_REPORT_QUESTIONS:
            return None, REPORT_QUESTIONS_USED
        ctx = context_of(interview, await self.best_messages(interview, messages))
        question = question[:MAX_REPORT_QUESTION_CHARS]
        # The last few questions with their answers: a follow-up ("and answer 4?") has them.
        earlier = [(q.question, q.answer) for q in asked[-EARLIER_QUESTIONS:]]
        try:
            reply = await self.provider.report_question(ctx, report, question, earlier)
        except ProviderError as exc:
            log.warning("a question about the report of interview %s failed: %s", interview.id, exc)
            return None, REPORT_QUESTION_TROUBLE
        await self.store.add_report_question(interview.id, question, reply.text, reply.provider, platform_message_id)
        return reply, None
