"""The conversation layer: the use cases every platform shares, written once.

An adapter turns a platform event into one call here and renders the typed
replies it gets back (replies.py); it never decides what an answer's outcome
means, how the latest report is found, or how an error is worded. In the
spirit of Rasa's channels: the core returns what to say, the channel says it.

    conversation = Conversation(service, texts=Texts(CHAT))
    result = await conversation.answer(ref, "I led the ward's move...", message_id="m1")
    for reply in result.replies:
        ...render reply...
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime

from interview_core.chat.practice import PracticeTurns
from interview_core.chat.replies import (
    AnswerResult,
    CompletedReply,
    ConfirmDeleteReply,
    ExportReply,
    HistoryReply,
    NotAnInterview,
    NoticeReply,
    ProgressReply,
    QuestionReply,
    Reply,
    ReportReply,
    StatusReply,
)
from interview_core.chat.texts import Texts
from interview_core.chat.texts_practice import is_retry
from interview_core.documents import DocumentError
from interview_core.export import FORMAT_NAMES, ExportInput
from interview_core.export import render as render_export
from interview_core.models import (
    AnswerOutcome,
    ConversationRef,
    Interview,
    InterviewStatus,
    Owner,
)
from interview_core.progress import ChartError, ScoreHistory, point_of, render_png
from interview_core.roles import guess_role
from interview_core.service import InterviewError, InterviewService
from interview_core.styles import (
    DEFAULT_LANGUAGE,
    DEFAULT_LEVEL,
    DEFAULT_PERSONA,
    StyleError,
    is_english,
    questions_of,
    style_of,
)

log = logging.getLogger(__name__)

# Outcomes after which the thread's interview is still in play (its owner's next message
# is an answer); after any other, the busy indicator's question is asked afresh.
_IN_PLAY = ("question", "pending", "duplicate", "added", "not_owner", "rejected", "attempt")
PLAYING_SIZE = 16_384  # threads remembered, as many as the service keeps live


def _thread_key(ref: ConversationRef) -> tuple[str, str, str | None]:
    return (ref.platform, ref.workspace, ref.thread)


@dataclass(frozen=True, slots=True)
class Role:
    """The job title and company an interview is for; either may still be missing."""

    title: str
    company: str

    @property
    def complete(self) -> bool:
        return bool(self.title and self.company)


@dataclass(frozen=True, slots=True)
class StartOptions:
    """How to run it (interview_core.styles): checked with `Conversation.options`; None
    for the number of questions is the MAX_QUESTIONS setting."""

    persona: str = DEFAULT_PERSONA
    level: str = DEFAULT_LEVEL
    language: str = DEFAULT_LANGUAGE
    questions: int | None = None
    mode: str = "interview"  # or "practice": feedback after each answer, and retries


@dataclass(frozen=True, slots=True)
class StartPlan:
    """Everything `InterviewService.start` needs, from the user's saved documents."""

    cv_text: str
    jd_text: str
    role: Role
    options: StartOptions = StartOptions()


class Conversation(PracticeTurns):
    def __init__(self, service: InterviewService, texts: Texts | None = None) -> None:
        self.service = service
        self.texts = texts or Texts()
        # Whose interview is in play in a thread, as the last turn there said.
        self._playing: OrderedDict[tuple[str, str, str | None], Owner] = OrderedDict()

    # -- the answer turn ------------------------------------------------------------

    async def answer(
        self,
        ref: ConversationRef,
        text: str,
        *,
        message_id: str | None = None,
        sent_at: datetime | None = None,
        attachments: bool = False,
        busy: Callable[[], AbstractAsyncContextManager[object]] | None = None,
    ) -> AnswerResult:
        """A message in an interview's thread, and what to say back. `busy` (a typing
        indicator, a reaction) is shown while the owner's answer is stored and the next
        question written; `attachments`: the message carried files, which are no answer.

        The interview is looked up once, by the service (whose outcome says whose it is);
        whether to show `busy` comes from what earlier turns in the thread said."""
        if is_retry(text) and await self.practice_here(ref):
            try:
                replies = await self.retry(ref, request_key=message_id)
            except InterviewError as exc:
                return AnswerResult("retry", [NoticeReply(str(exc))])
            return AnswerResult("retry" if replies else "duplicate", replies)
        mine = bool(text.strip()) and busy is not None and await self._owner_plays_here(ref)
        async with busy() if mine and busy is not None else contextlib.nullcontext():
            outcome = await self.service.submit_answer(ref, text, platform_message_id=message_id, sent_at=sent_at)
        self._learn(ref, outcome.interview if outcome.kind in _IN_PLAY else None)
        replies = self.replies_for(outcome)
        if outcome.kind == "rejected":
            replies = [NoticeReply(self._refused(outcome, attachments), outcome.interview)]
        elif replies == [NotAnInterview()]:
            replies = [NotAnInterview(await self._elsewhere(ref))]
        return AnswerResult(outcome.kind, replies)

    async def _owner_plays_here(self, ref: ConversationRef) -> bool:
        """Whether `ref`'s thread holds the user's own interview in play: known from an
        earlier turn, else (a thread this process has not seen: a restart, another
        worker) looked up."""
        key = _thread_key(ref)
        if key in self._playing:
            return self._playing[key] == Owner.of(ref)
        found = await self.service.current(ref)
        return found is not None and found.thread == ref.thread

    def _learn(self, ref: ConversationRef, interview: Interview | None) -> None:
        """Remember whose interview is in play in `ref`'s thread (None: none is)."""
        key = _thread_key(ref)
        if interview is None or interview.thread != ref.thread or interview.status is InterviewStatus.COMPLETE:
            self._playing.pop(key, None)
            return
        self._playing[key] = interview.owner
        self._playing.move_to_end(key)
        while len(self._playing) > PLAYING_SIZE:
            self._playing.popitem(last=False)

    def _refused(self, outcome: AnswerOutcome, attachments: bool) -> str:
        """Why a message with no text was not taken, as far as can be told."""
        if attachments:
            return self.texts.attachment_only
        here = outcome.interview
        if here is not None and here.status is InterviewStatus.COMPLETE:
            return self.texts.finished
        return outcome.notice or self.texts.attachment_only

    async def _elsewhere(self, ref: ConversationRef) -> Interview | None:
        """The user's interview in play in another thread, where their answers go."""
        found = await self.service.current(ref)
        return found if found is not None and found.thread and found.thread != ref.thread else None

    def replies_for(self, outcome: AnswerOutcome) -> list[Reply]:
        """The replies for one answer outcome (every kind handled here, once)."""
        interview = outcome.interview
        if outcome.kind in ("duplicate", "not_owner"):
            return []  # the same message again, or someone else's: nothing to say
        if outcome.kind == "no_interview":
            return [NoticeReply(outcome.notice, interview)] if outcome.notice else [NotAnInterview()]
        if outcome.kind == "rejected":
            return [NoticeReply(outcome.notice or self.texts.maybe_not_saved, interview)]
        if outcome.kind == "added":
            return [NoticeReply(outcome.notice or self.texts.saved_but_failed, interview, saved=True)]
        assert interview is not None, outcome.kind
        if outcome.kind == "attempt":
            return self.attempt_replies(outcome)
        if outcome.kind == "report_answer":
            return self.report_answer(outcome)
        coached = self.coaching(outcome)  # practice mode: the answer's feedback comes first
        notice = None if coached and outcome.coaching is None else outcome.notice
        if outcome.kind == "question" and outcome.question is not None:
            return [*coached, QuestionReply(interview, outcome.question, outcome.progress, notice)]
        if outcome.kind == "complete":
            total = outcome.progress["max_questions"] if outcome.progress else interview.max_questions
            replies: list[Reply] = [*coached, CompletedReply(interview, outcome.progress,
                                                              self.texts.completed(total))]
            if outcome.report is not None:
                replies.append(ReportReply(interview, outcome.report, notice))  # not twice after coaching
            else:
                replies.append(NoticeReply(self.texts.report_failed(outcome.notice), interview,
                                           saved=True, retry=True))
            return replies
        # pending: the answer is saved, the next question could not be written yet
        return [*coached, NoticeReply(self.texts.question_failed(outcome.notice), interview, saved=True, retry=True,
                            progress=outcome.progress)]

    # -- where the user is ------------------------------------------------------------

    async def resume(self, ref: ConversationRef, interview_id: int | None = None) -> list[Reply]:
        """Pick up an interview (`ref`'s thread's, the given one, else the latest unfinished):
        the question waiting, noting where the user left off; or why there is none.

        With no id, the interview is found first (as the service would), so that having
        none is said here, naming the platform's start command; the service's own
        sentence can't name it."""
        if interview_id is None:
            found = await self.service.current(ref)
            if found is None:
                raise InterviewError(self.texts.no_unfinished_interview)
            interview_id = found.id
        outcome = await self.service.resume(ref, interview_id)
        interview, progress = outcome.interview, outcome.progress
        self._learn(interview.ref, None if progress["is_complete"] else interview)
        if progress["is_complete"]:
            return [NoticeReply(self.texts.finished, interview, progress=progress)]
        if outcome.question is None:
            return [NoticeReply(self.texts.question_failed(outcome.notice), interview, saved=True, retry=True,
                                progress=progress)]
        return [QuestionReply(interview, outcome.question, progress, self.texts.picking_up(progress))]

    async def status(self, ref: ConversationRef) -> list[Reply]:
        """Where the user is: in the interview of `ref`'s thread, else the one in play,
        else the latest."""
        interview = await self.service.current(ref)
        if interview is not None:
            progress = await self.service.progress(interview.owner, interview.id)
        else:
            latest = await self.service.history(Owner.of(ref), limit=1)
            if not latest:
                return [NoticeReply(self.texts.no_interviews)]
            interview, progress = latest[0].interview, latest[0].progress
        return [StatusReply(interview, progress, self.texts.next_step(progress))]

    async def delete(self, *owners: Owner) -> list[Reply]:
        """Everything of these users (one person's accounts: say, a server's and the DMs')."""
        removed = 0
        for owner in dict.fromkeys(owners):
            removed += await self.service.delete_user_data(owner)
        for key in [key for key, owner in self._playing.items() if owner in owners]:
            del self._playing[key]
        return [NoticeReply(self.texts.deleted(removed))]

    def ask_delete(self) -> list[Reply]:
        """Before `delete`: are they sure?"""
        return [ConfirmDeleteReply(self.texts.delete_question, self.texts.delete_yes, self.texts.delete_no)]

    async def history(self, owner: Owner) -> list[Reply]:
        """The user's interviews, newest first (Texts.history_state labels each)."""
        summaries = tuple(await self.service.history(owner))
        return [HistoryReply(summaries, self.texts.history_heading if summaries else self.texts.no_interviews)]

    async def progress(self, owner: Owner, *, chart: bool = False) -> list[Reply]:
        """The user's interviews, newest first, with their scores over time: each
        competency's trend and what is recurring (interview_core.progress); with `chart`,
        the chart as PNG bytes too, drawn in a thread (it takes a few hundred ms)."""
        summaries = tuple(await self.service.history(owner))
        points = []
        for summary in summaries:  # each with its stored report, read once by the history
            points.append(point_of(summary.interview, summary.report, finished=summary.progress["is_complete"]))
        history = ScoreHistory.of(points)
        png, notice = None, None
        if chart and history.scored:
            try:
                png = await asyncio.to_thread(render_png, history, self.texts.chart_labels)
            except ChartError as exc:
                log.warning("progress chart failed: %s", exc)
                notice = str(exc)
        elif chart:
            notice = self.texts.no_chart
        text = self.texts.history_heading if summaries else self.texts.no_interviews
        return [ProgressReply(summaries, history, text, png, notice)]

    # -- reports --------------------------------------------------------------------

    async def feedback(
        self,
        owner: Owner,
        interview_id: int | None = None,
        *,
        regenerate: bool = False,
        here: ConversationRef | None = None,
    ) -> list[Reply]:
        """The report asked for (by default that of the interview in `here`'s thread, the
        conversation the request came from, else the latest finished interview's), then
        the report of any other finished interview that lost its own (a crash, an
        outage), written now."""
        if interview_id is None and here is not None and here.thread is not None:
            found = await self.service.current(here)
            if found is not None and found.thread == here.thread and found.owner == owner:
                interview_id = found.id
        if interview_id is None:
            finished = [s for s in await self.service.history(owner) if s.progress["is_complete"]]
            if not finished:
                return [NoticeReply(self.texts.no_finished_interview)]
            interview_id = finished[0].interview.id
        outcome = await self.service.feedback(owner, interview_id, regenerate=regenerate)
        if outcome.report is None:
            return [NoticeReply(self.texts.report_failed(outcome.notice), outcome.interview, retry=True)]
        replies: list[Reply] = [ReportReply(outcome.interview, outcome.report, outcome.notice)]
        for owed in await self.service.reports_owed(owner):
            written = await self.service.feedback(owner, owed.id)
            if written.report is not None:
                replies.append(ReportReply(owed, written.report, written.notice, owed=True))
        return replies

    # -- export ---------------------------------------------------------------------

    async def export(self, ref: ConversationRef, interview_id: int | None, fmt: str) -> list[Reply]:
        """The interview as a file in `fmt` (interview_core.export): the given one, else the
        one in `ref`'s thread, else the latest finished (else the latest). Only the owner's:
        another's number is "I can't find that interview". An unfinished one is exported as
        far as it goes, and the reply says its report isn't ready."""
        if fmt not in self.texts.commands.export_formats:
            return [NoticeReply(self.texts.unknown_export_format(fmt))]
        owner = Owner.of(ref)
        if interview_id is None:
            here = await self.service.current(ref) if ref.thread is not None else None
            if here is not None and here.thread == ref.thread:
                interview_id = here.id
            else:
                summaries = await self.service.history(owner)
                if not summaries:
                    return [NoticeReply(self.texts.no_interviews)]
                finished = [s for s in summaries if s.progress["is_complete"]]
                interview_id = (finished or summaries)[0].interview.id
        messages = await self.service.transcript(owner, interview_id)  # scoped to the owner
        interview = await self.service.store.get_interview(owner, interview_id)
        if interview is None:
            raise InterviewError(self.texts.cant_find_interview)
        report, notice = None, None
        if interview.status is InterviewStatus.COMPLETE:
            outcome = await self.service.feedback(owner, interview.id)  # stored, or written now
            report, notice = outcome.report, outcome.notice
        failed = interview.status is InterviewStatus.COMPLETE and report is None
        # Practice mode's retries and each attempt's feedback; the questions asked about the report.
        store = self.service.store
        attempts = tuple(await store.attempts(interview.id)) if interview.mode == "practice" else ()
        feedback = await store.attempt_feedback(interview.id) if interview.mode == "practice" else {}
        asked = tuple(await store.report_questions(interview.id))
        data = ExportInput(interview, tuple(messages), report, self.texts.report_failed(notice) if failed else None,
                           attempts=attempts, attempt_feedback=feedback, report_questions=asked)
        file = await asyncio.to_thread(render_export, data, fmt)  # type: ignore[arg-type]
        text = self.texts.exported(interview.title, interview.company, FORMAT_NAMES[file.format],
                                   answered=data.answered, total=interview.max_questions, finished=data.finished,
                                   report=report is not None, notice=notice)
        return [ExportReply(interview, file.filename, file.data, file.content_type, text, report is not None)]

    # -- starting -------------------------------------------------------------------

    @staticmethod
    def role(jd_text: str, title: str | None = None, company: str | None = None) -> Role:
        """What the user gave, and what the job description says for the rest."""
        guessed_title, guessed_company = guess_role(jd_text)
        return Role((title or guessed_title or "").strip(), (company or guessed_company or "").strip())

    async def plan_start(
        self, owner: Owner, title: str | None = None, company: str | None = None
    ) -> StartPlan | NoticeReply:
        """A start from the CV and job description the user sent earlier: the plan, or
        what is missing. A plan whose role is incomplete means: ask for it."""
        documents = await self.service.documents(owner)
        missing = [name for key, name in (("cv", "CV"), ("jd", "job description")) if key not in documents]
        if missing:
            return NoticeReply(self.texts.missing_documents(missing))
        jd = documents["jd"].text
        return StartPlan(documents["cv"].text, jd, self.role(jd, title, company))

    async def start(self, ref: ConversationRef, plan: StartPlan, *, request_key: str | None = None) -> list[Reply]:
        """Start the interview in `ref`'s thread (the adapter made it); the first question,
        or why it isn't there yet (the interview is saved either way)."""
        self.require_role(plan.role)
        chosen = plan.options
        outcome = await self.service.start(ref, cv_text=plan.cv_text, jd_text=plan.jd_text, title=plan.role.title,
                                           company=plan.role.company, request_key=request_key,
                                           max_questions=chosen.questions, persona=chosen.persona,
                                           level=chosen.level, language=chosen.language, mode=chosen.mode)
        self._learn(ref, outcome.interview)
        if outcome.question is None:
            text = self.texts.question_failed(outcome.notice, first=True)
            return [NoticeReply(text, outcome.interview, saved=True, retry=True, progress=outcome.progress)]
        note = None
        if outcome.question.provider == "offline" and not is_english(outcome.interview.language):
            note = self.texts.offline_english_only(outcome.interview.language)
        return [QuestionReply(outcome.interview, outcome.question, outcome.progress, note)]

    @staticmethod
    def options(
        persona: str | None = None,
        level: str | None = None,
        language: str | None = None,
        questions: str | int | None = None,
        mode: str | None = None,
    ) -> StartOptions:
        """The start options as the user typed them, checked: an unknown value raises
        InterviewError with a sentence that lists the choices."""
        try:
            style = style_of(persona, level, language)
            count = None if questions is None or str(questions).strip() == "" else questions_of(questions, 8)
        except StyleError as exc:
            raise InterviewError(str(exc)) from None
        picked = (mode or "interview").strip().casefold()
        if picked not in ("interview", "practice"):
            raise InterviewError(f"I don't know the mode “{(mode or '').strip()[:40]}”: choose interview or practice.")
        return StartOptions(style.persona, style.level, style.language, count, picked)

    def require_role(self, role: Role) -> None:
        """Raises the sentence that asks for what the job description did not say (an
        adapter that cannot ask, or would ask before opening anything, calls it first)."""
        if not role.title:
            raise InterviewError(self.texts.need_title)
        if not role.company:
            raise InterviewError(self.texts.need_company)

    # -- errors ---------------------------------------------------------------------

    @staticmethod
    def friendly(exc: BaseException) -> str | None:
        """The sentence for an error the user can act on; None for one they can't (the
        adapter logs it and says its platform's "something went wrong")."""
        if isinstance(exc, DocumentError):
            return exc.user_message
        if isinstance(exc, InterviewError):
            return str(exc)
        return None
