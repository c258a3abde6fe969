"""SlackBot: the state every listener shares, and the interview flow.

Listeners acknowledge at once and hand the slow work to `spawn`, which
tracks the task (tests and shutdown can wait for, or cancel, all of them)
and turns any failure into a short message for the user.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import render
from adapters.slack.config import SlackConfig
from adapters.slack.errors import SavedError, slack_error, words_for
from adapters.slack.files import DocKind, SlackFile, classify, download
from adapters.slack.replays import Seen
from interview_core.chat import (
    CoachingReply,
    CompletedReply,
    Conversation,
    Document,
    DocumentReader,
    NotAnInterview,
    NoticeReply,
    QuestionReply,
    ReportAnswerReply,
    ReportReply,
    RetryReply,
    StartOptions,
)
from interview_core.chat import Reply as ChatReply
from interview_core.models import (
    ConversationRef,
    Interview,
    Owner,
    Progress,
    Question,
)
from interview_core.service import InterviewError, InterviewService

log = logging.getLogger(__name__)

PLATFORM = "slack"
THINKING = "hourglass_flowing_sand"
Reply = Callable[[str, list[dict] | None], Awaitable[None]]


class SlackBot:
    def __init__(
        self,
        service: InterviewService,
        config: SlackConfig,
        client: AsyncWebClient,
        reader: DocumentReader,
    ) -> None:
        self.service = service
        self.texts = render.TEXTS
        self.conversation = Conversation(service, self.texts)
        self.config = config
        self.client = client
        self.reader = reader
        self.limits = reader.limits
        self.seen = Seen()
        self.tasks: set[asyncio.Task] = set()
        self._idle = asyncio.Event()
        self._idle.set()
        self._http: aiohttp.ClientSession | None = None
        self._closed = False

    # -- tasks ---------------------------------------------------------------

    def spawn(self, work: Coroutine[Any, Any, None], reply: Reply | None = None, *,
              unexpected: str | None = None) -> None:
        """Run slow work after the ack; its failure reaches the user via `reply`, for one
        they can't act on in `unexpected`'s words (by default, "something went wrong";
        for work on a message of theirs, that it may not be saved)."""
        if self._closed:
            work.close()
            return
        task = asyncio.create_task(self._guard(work, reply, unexpected or self.texts.something_wrong))
        self.tasks.add(task)
        self._idle.clear()
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task) -> None:
        self.tasks.discard(task)
        if not self.tasks:
            self._idle.set()

    async def _guard(self, work: Awaitable[None], reply: Reply | None, unexpected: str) -> None:
        try:
            await work
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - every failure gets a sentence (errors.words_for)
            await self._tell(reply, words_for(exc, unexpected))

    async def _tell(self, reply: Reply | None, text: str) -> None:
        if reply is None:
            return
        try:
            await reply(render.esc(text), None)  # error messages quote file names, titles
        except Exception as exc:  # the user is unreachable: log, never raise
            log.warning("could not tell the user about an error: %s", type(exc).__name__)

    async def drain(self) -> None:
        """Wait until every spawned task (and any it spawned) has finished."""
        while self.tasks:
            await self._idle.wait()
            await asyncio.sleep(0)

    async def close(self) -> None:
        self._closed = True
        for task in list(self.tasks):
            task.cancel()
        if self.tasks:
            await asyncio.gather(*self.tasks, return_exceptions=True)
        if self._http is not None:
            await self._http.close()
            self._http = None
        session = getattr(self.client, "session", None)
        if session is not None and not session.closed:
            await session.close()

    # -- Slack helpers -------------------------------------------------------

    async def post(self, channel: str, text: str, blocks: list[dict] | None = None, thread: str | None = None) -> str:
        kwargs: dict[str, Any] = {"channel": channel, "text": render.cut(text, 3900)}
        if blocks:
            kwargs["blocks"] = blocks
        if thread:
            kwargs["thread_ts"] = thread
        resp = await self.client.chat_postMessage(**kwargs)
        return str(resp.get("ts") or "")

    def poster(self, channel: str, thread: str | None = None) -> Reply:
        async def reply(text: str, blocks: list[dict] | None = None) -> None:
            await self.post(channel, text, blocks, thread)

        return reply

    async def dm_channel(self, user: str) -> str:
        resp = await self.client.conversations_open(users=user)
        return str(resp["channel"]["id"])

    async def permalink(self, channel: str, ts: str) -> str | None:
        try:
            resp = await self.client.chat_getPermalink(channel=channel, message_ts=ts)
            return resp.get("permalink")
        except SlackApiError:
            return None

    async def link(self, interview: Interview, label: str, ts: str | None = None) -> str:
        """`label` linked to the interview's thread (or message `ts` in it), where Slack gives a link."""
        ts = ts or interview.thread
        link = await self.permalink(interview.channel, ts) if ts else None
        return f"<{link}|{label}>" if link else label

    async def _quietly(self, call: Awaitable[Any]) -> None:
        """A cosmetic call (a reaction, a progress update) that may fail harmlessly."""
        try:
            await call
        except SlackApiError as exc:
            log.info("cosmetic Slack call failed: %s", slack_error(exc))

    async def update_parent(self, interview: Interview, progress: Progress | None, *, writing: int | None = None) -> None:
        if not interview.thread:
            return
        status = render.parent_status(progress, writing=writing)
        await self._quietly(
            self.client.chat_update(
                channel=interview.channel,
                ts=interview.thread,
                text=f"{render.title_of(interview.title, interview.company)} ({status})",
                blocks=render.parent_blocks(interview.title, interview.company, status,
                                            self.texts.interview_settings(interview)),
            )
        )

    async def post_question(self, interview: Interview, question: Question, note: str | None = None) -> None:
        await self.post(
            interview.channel,
            render.question_text(question),
            render.question_blocks(question, note),
            thread=interview.thread,
        )

    # -- documents -----------------------------------------------------------

    def http(self) -> aiohttp.ClientSession:
        if self._http is None or self._http.closed:
            self._http = aiohttp.ClientSession()
        return self._http

    async def handle_file(self, team: str, user: str, channel: str, info: dict, message: str | None) -> None:
        """Fetch, read and keep one uploaded file as the user's CV or JD."""
        file = SlackFile.of(info)
        if not file.url and file.id:
            resp = await self.client.files_info(file=file.id)
            file = SlackFile.of(resp["file"])
        data = await download(
            self.http(),
            file,
            token=self.config.secret("slack_bot_token"),
            max_bytes=self.limits.max_bytes,
            api_url=self.config.slack_api_url,
            timeout=self.config.slack_download_timeout,
        )
        document = await self.reader.read(data, file.name, content_type=file.mimetype,
                                          requester=f"slack:{team}:{user}")
        owner = Owner(PLATFORM, team, user)
        kind = classify(file.name, message)
        if kind is None:
            # Kept in the database until a button says what it is: the click may come
            # after a restart, or reach another worker.
            await self.service.keep_pending_document(owner, file.id, document)
            name = render.esc(file.name)
            await self.post(
                channel,
                f"I read “{name}” ({document.summary()}). Is it your CV or the job description?",
                render.kind_question_blocks(name, document.summary(), file.id),
            )
            return
        await self.keep_document(owner, channel, kind, document)

    async def choose_kind(self, team: str, user: str, file_id: str, kind: DocKind, channel: str | None) -> None:
        owner = Owner(PLATFORM, team, user)
        document = await self.service.take_pending_document(owner, file_id)
        if document is None:  # clicked twice, a day later, or the user's data was deleted
            raise InterviewError("I no longer have that file: please upload it again.")
        await self.keep_document(owner, channel or await self.dm_channel(user), kind, document)

    async def keep_document(self, owner: Owner, channel: str, kind: DocKind, document: Document) -> None:
        await self.service.save_document(owner, kind, document)
        label = "CV" if kind == "cv" else "Job description"
        source = f" (“{render.esc(document.filename)}”)" if document.filename else " (pasted)"
        cut_note = " It was long, so I kept the first part." if document.truncated else ""
        lines = [f"{label}: {document.summary()}{source}.{cut_note}"]
        docs = await self.service.documents(owner)
        if "cv" in docs and "jd" in docs:
            role = self.conversation.role(docs["jd"].text)
            example = f"{role.title or '<job title>'} | {role.company or '<company>'}"
            lines.append(f"You're ready: type `/interview start {example}` to begin.")
        else:
            missing = "job description" if "cv" in docs else "CV"
            lines.append(f"Now send your {missing} (a file, or paste the job description as a message).")
        await self.post(channel, "\n".join(lines))

    # -- the interview ------------------------------------------------------

    async def start_interview(
        self,
        team: str,
        user: str,
        title: str | None,
        company: str | None,
        reply: Reply,
        *,
        from_channel: str | None = None,
        open_modal: Callable[[str | None, str | None], Awaitable[None]] | None = None,
        options: StartOptions | None = None,
    ) -> None:
        plan = await self.conversation.plan_start(Owner(PLATFORM, team, user), title, company)
        if isinstance(plan, NoticeReply):  # no CV or JD yet
            await reply(plan.text, None)
            return
        if options is not None:
            plan = dataclasses.replace(plan, options=options)
        chosen = plan.options
        title, company = plan.role.title, plan.role.company
        if not plan.role.complete and open_modal is not None:
            await open_modal(title or None, company or None)
            return
        self.conversation.require_role(plan.role)  # no modal to ask in: the command's way, in words
        settings = self.texts.settings_line(chosen.persona, chosen.level, chosen.language,
                                            chosen.questions or self.service.max_questions, chosen.mode)
        ref = await self.open_thread(team, user, title, company, settings, reply, from_channel)
        try:
            replies = await self.conversation.start(ref, plan)
        except InterviewError as exc:
            await self.poster(ref.channel, ref.thread)(render.esc(str(exc)), None)
            return
        await self.show_started(ref, replies)

    async def open_thread(self, team: str, user: str, title: str, company: str, settings: str | None,
                          reply: Reply, from_channel: str | None) -> ConversationRef:
        """The interview's parent post in the user's DM, its thread the interview's home; a
        command run in a channel is told, privately, where it went."""
        dm = await self.dm_channel(user)
        parent = await self.post(
            dm,
            render.title_of(title, company),
            render.parent_blocks(title, company, render.parent_status(None), settings),
        )
        if from_channel is not None and from_channel != dm:
            link = await self.permalink(dm, parent)
            where = f"<{link}|our DM>" if link else "our DM"
            await reply(self.texts.starting_in(where), None)
        return ConversationRef(PLATFORM, team, dm, user, thread=parent)

    async def show_started(self, ref: ConversationRef, replies: list[ChatReply]) -> None:
        await self.show_replies(ref, replies)
        for item in replies:
            if isinstance(item, NoticeReply) and item.interview is not None:
                await self.update_parent(item.interview, item.progress)

    async def start_drill(
        self,
        team: str,
        user: str,
        reply: Reply,
        *,
        competency: str | None = None,
        skill: str | None = None,
        questions: str | None = None,
        from_channel: str | None = None,
        request_key: str | None = None,
    ) -> None:
        """`/interview drill`: a short interview on the user's weakest competency (or the one
        they name), in a thread of its own made as `/interview start` makes one."""
        owner = Owner(PLATFORM, team, user)
        try:
            focus, source, count = await self.conversation.plan_drill(
                owner, competency=competency, skill=skill, questions=questions)
        except InterviewError as exc:  # no finished interview yet, an unknown competency
            await reply(render.esc(str(exc)), None)
            return
        settings = self.texts.settings_line(source.persona, source.level, source.language, count, "drill",
                                            focus.label)
        ref = await self.open_thread(team, user, source.title, source.company, settings, reply, from_channel)
        try:
            replies = await self.conversation.start_drill(ref, focus, source, count, request_key=request_key)
        except InterviewError as exc:
            await self.poster(ref.channel, ref.thread)(render.esc(str(exc)), None)
            return
        await self.show_started(ref, replies)

    async def answer(self, team: str, user: str, channel: str, thread: str, ts: str, text: str, has_files: bool) -> None:
        received = datetime.now(UTC)  # before any await: an answer to a question not yet shown?
        ref = ConversationRef(PLATFORM, team, channel, user, thread=thread)
        # A failure here (a locked database, the interview deleted meanwhile) may have
        # lost the answer: events.py spawns this to say so, and to ask for it again.
        result = await self.conversation.answer(ref, text, message_id=ts, sent_at=received, attachments=has_files,
                                                busy=lambda: self._thinking(channel, ts))
        try:
            await self.show_replies(ref, result.replies)
        except (InterviewError, asyncio.CancelledError):
            raise
        except Exception as exc:
            if result.saved:
                raise SavedError(type(exc).__name__) from exc
            raise

    @contextlib.asynccontextmanager
    async def _thinking(self, channel: str, ts: str) -> AsyncIterator[None]:
        """The next question is being written: shown on the answer."""
        await self._quietly(self.client.reactions_add(channel=channel, timestamp=ts, name=THINKING))
        try:
            yield
        finally:
            await self._quietly(self.client.reactions_remove(channel=channel, timestamp=ts, name=THINKING))

    async def not_an_interview(self, ref: ConversationRef, elsewhere: Interview | None) -> None:
        """A reply in a DM thread that holds no interview (a bot message such as the
        CV-or-JD buttons, a confirmation): say where answers go, or how to start."""
        assert ref.thread is not None
        # Bots' posts and edits never get here (events.py drops them).
        if await self.dm_channel(ref.user) != ref.channel:
            return  # not the DM's owner: not ours to answer
        if elsewhere is not None:
            hint = self.texts.answer_in(await self.link(elsewhere, "the interview's thread"))
        else:
            hint = self.texts.how_to_start
        await self.post(ref.channel, f"{self.texts.not_an_interview} {hint}", thread=ref.thread)

    async def show_replies(self, ref: ConversationRef, replies: list[ChatReply]) -> None:
        """Post what the conversation layer answered, the Slack way: questions and the
        report in the interview's thread, the parent post's progress kept current."""
        reply = self.poster(ref.channel, ref.thread)
        said: list[str] = []  # a coaching notice, which the report's notice may repeat
        for item in replies:
            if isinstance(item, NotAnInterview):
                await self.not_an_interview(ref, item.elsewhere)
            elif isinstance(item, QuestionReply):
                await self.post_question(item.interview, item.question, item.notice)
                await self.update_parent(item.interview, item.progress)
            elif isinstance(item, CompletedReply):
                await reply(item.text, None)
                await self.update_parent(item.interview, item.progress)
            elif isinstance(item, ReportReply):
                notice = item.notice
                for text in said:
                    notice = (notice or "").replace(text, "").strip() or None
                await self.post(item.interview.channel, render.report_text(item.report),
                                render.report_notice_blocks(item.report, item.interview, notice),
                                thread=item.interview.thread)
            elif isinstance(item, CoachingReply):  # practice mode: feedback at once, and Try again
                if item.notice:
                    said.append(item.notice)
                await self.post(item.interview.channel, render.coaching_text(item), render.coaching_blocks(item),
                                thread=item.interview.thread)
            elif isinstance(item, RetryReply):  # the question again; the next message is the attempt
                await self.post_question(item.interview, item.question, item.text)
            elif isinstance(item, ReportAnswerReply):
                await self.post(item.interview.channel, render.report_answer_text(item),
                                render.report_answer_blocks(item), thread=item.interview.thread)
            else:
                await reply(render.esc(item.text), None)
