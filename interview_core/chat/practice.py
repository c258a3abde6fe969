"""The conversation layer's practice mode, drills and questions about a report: what a
coaching turn, a retry and a drill say, written once for every platform. Mixed into
`Conversation` (conversation.py), split from it by concern."""

from __future__ import annotations

from interview_core.chat.replies import (
    CoachingReply,
    NoticeReply,
    QuestionReply,
    Reply,
    ReportAnswerReply,
    ReportReply,
    RetryReply,
)
from interview_core.chat.texts import Texts
from interview_core.feedback import FeedbackReport
from interview_core.models import (
    AnswerOutcome,
    ConversationRef,
    Interview,
    InterviewStatus,
    Owner,
)
from interview_core.progress.drills import (
    DRILL_QUESTIONS_DEFAULT,
    DrillError,
    DrillFocus,
    choose_focus,
    drill_questions_of,
)
from interview_core.service import InterviewError, InterviewService


def _joined(*notes: str | None) -> str:
    return " ".join(n for n in notes if n)


class PracticeTurns:
    service: InterviewService
    texts: Texts

    # -- coaching after an answer --------------------------------------------------------

    def coaching(self, outcome: AnswerOutcome) -> list[Reply]:
        """The feedback an answer (or a retry) got in practice mode, or nothing."""
        attempt, interview = outcome.attempt, outcome.interview
        if attempt is None or interview is None:
            return []
        scores = outcome.scores or ((outcome.coaching.note.score,) if outcome.coaching else ())
        finished = outcome.progress is not None and outcome.progress["is_complete"]
        trouble = outcome.notice if outcome.coaching is None else None
        return [CoachingReply(interview, attempt.question, attempt.attempt, outcome.coaching, scores,
                              trouble, finished)]

    def attempt_replies(self, outcome: AnswerOutcome) -> list[Reply]:
        """After a retry's attempt: its feedback, then the rewritten report (the last
        question) or the question that was waiting."""
        interview = outcome.interview
        assert interview is not None
        replies = self.coaching(outcome)
        # A notice the coaching reply did not carry (it carries one only in place of the
        # feedback): say it with what follows, e.g. that the attempt was cut.
        extra = outcome.notice if outcome.coaching is not None else None
        if outcome.report is not None:
            replies.append(ReportReply(interview, outcome.report, _joined(self.texts.report_rewritten, extra)))
        elif outcome.question is not None:
            back = (self.texts.asked_again if outcome.rewritten else self.texts.back_to)(outcome.question.number)
            replies.append(QuestionReply(interview, outcome.question, outcome.progress, _joined(extra, back)))
        elif outcome.progress is not None and not outcome.progress["is_complete"]:
            replies.append(NoticeReply(self.texts.question_failed(None), interview, saved=True, retry=True,
                                       progress=outcome.progress))
        return replies

    async def retry(
        self, ref: ConversationRef, question: int | None = None, *, request_key: str | None = None
    ) -> list[Reply]:
        """Practice mode: try the last answered question again (the next message is it).
        `question`: the one a Try again button was under (an older one is refused);
        `request_key`: the platform's id for this request (the message's, the click's): the
        same request delivered again, even after a restart, gets no reply and opens nothing."""
        opened = await self.service.retry(ref, question, request_key)
        if opened is None:
            return []
        return [RetryReply(opened.interview, opened.question, opened.attempt,
                           self.texts.retry_opened(opened.question.number, opened.attempt))]

    async def practice_here(self, ref: ConversationRef) -> bool:
        """Does `ref`'s thread hold the user's own practice-mode interview?"""
        found = await self.service.current(ref)
        return found is not None and found.thread == ref.thread and found.mode == "practice"

    # -- questions about the report ----------------------------------------------------------

    @staticmethod
    def report_answer(outcome: AnswerOutcome) -> list[Reply]:
        interview = outcome.interview
        assert interview is not None
        if outcome.reply is None:
            return [NoticeReply(outcome.notice or "", interview)]
        return [ReportAnswerReply(interview, outcome.reply.text, outcome.reply.provider)]

    # -- drills ---------------------------------------------------------------------------

    async def drill_sources(self, *owners: Owner) -> list[tuple[Interview, FeedbackReport]]:
        """The user's finished, scored interviews (not drills), newest first: of all their
        accounts given (on Discord, a server's and the DMs')."""
        found: list[tuple[Interview, FeedbackReport]] = []
        summaries = [s for owner in dict.fromkeys(owners) for s in await self.service.history(owner)]
        summaries.sort(key=lambda s: (s.interview.updated_at, s.interview.id), reverse=True)
        for summary in summaries:  # each with its stored report, read once by the history
            interview = summary.interview
            if interview.mode == "drill" or interview.status is not InterviewStatus.COMPLETE:
                continue
            if summary.report is not None:
                found.append((interview, summary.report))
        return found

    async def plan_drill(
        self, owner: Owner, *, competency: str | None = None, skill: str | None = None,
        questions: str | int | None = None, also: tuple[Owner, ...] = (),
    ) -> tuple[DrillFocus, Interview, int]:
        """What to drill and why, the interview whose CV, job description and role it uses,
        and how many questions; InterviewError with the sentence to show otherwise. `also`:
        the user's other accounts whose interviews count too (Discord's DMs)."""
        try:
            count = DRILL_QUESTIONS_DEFAULT if questions in (None, "") else drill_questions_of(questions)
            sources = await self.drill_sources(owner, *also)
            focus = choose_focus(sources, competency=competency or None, skill=skill or None)
        except DrillError as exc:
            raise InterviewError(str(exc)) from None
        interview = next(i for i, _ in sources if i.id == focus.source_interview_id)
        return focus, interview, count

    async def start_drill(
        self, ref: ConversationRef, focus: DrillFocus, source: Interview, questions: int,
        *, request_key: str | None = None,
    ) -> list[Reply]:
        """Start the drill in `ref`'s thread (the adapter made it): it says what it drills and
        why, then asks its first question."""
        outcome = await self.service.start(
            ref, cv_text=source.cv_text, jd_text=source.jd_text, title=source.title, company=source.company,
            max_questions=questions, request_key=request_key, persona=source.persona, level=source.level,
            language=source.language, mode="drill", focus_kind=focus.kind, focus=focus.name,
        )
        self._learn(ref, outcome.interview)  # type: ignore[attr-defined]
        intro = self.texts.drill_intro(focus.label, focus.reason, questions)
        if outcome.question is None:
            text = f"{intro}\n{self.texts.question_failed(outcome.notice, first=True)}"
            return [NoticeReply(text, outcome.interview, saved=True, retry=True, progress=outcome.progress)]
        return [QuestionReply(outcome.interview, outcome.question, outcome.progress, intro)]
