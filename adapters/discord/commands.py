"""The `/interview` slash commands, and what the buttons do.

Each callback defers at once and hands its work to `interactions.run`, so any
failure becomes one friendly sentence. The group is added to the client's
command tree in its setup_hook; discord.py's app_commands carry the options'
types, ranges and descriptions to Discord.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

import discord
from discord import app_commands

from adapters.discord import render
from adapters.discord.attachments import check_attachment, read_attachment
from adapters.discord.buttons import delete_view, notes_view
from adapters.discord.channels import NO_MENTIONS, dm_channel
from adapters.discord.inflight import InFlight
from adapters.discord.interactions import followup, friendly, run, say
from adapters.discord.practice import COMPETENCY_CHOICES, PracticeCommands
from adapters.discord.process import adapter_logger
from adapters.discord.refs import DM_WORKSPACE, dm_owner, ref_for
from adapters.discord.threads import (
    Start,
    continue_in_thread,
    live_thread,
    start_in_dm,
    start_in_thread,
    thread_parent,
)
from interview_core.chat import (
    ConfirmDeleteReply,
    Conversation,
    DocumentReader,
    ExportReply,
    NoticeReply,
    ProgressReply,
    QuestionReply,
    ReportReply,
    StatusReply,
)
from interview_core.models import Owner
from interview_core.progress.drills import DRILL_QUESTIONS_MAX, DRILL_QUESTIONS_MIN
from interview_core.service import InterviewError
from interview_core.styles import LEVELS, PERSONAS

log = adapter_logger(__name__)

NEED_JD = "I need the job description too: attach it (`jd:`) or paste it (`jd_text:`)."
DM_RESUMED = "Here is the question you're on: answer it with a message here."
MOVED_NOTE = " (a new thread: the old one is gone, archived or locked)"

@dataclass(frozen=True)
class StartOptions:
    """What the user gave `/interview start`: the CV, and the job description as a
    file or pasted; the title and company are guessed when left out."""

    cv: discord.Attachment
    jd: discord.Attachment | None
    jd_text: str | None
    title: str | None
    company: str | None
    # How to run it (checked by Conversation.options): choices and a range on Discord's side.
    persona: str | None = None
    level: str | None = None
    questions: int | None = None
    language: str | None = None
    mode: str | None = None  # "interview" (default) or "practice"


PERSONA_CHOICES = [app_commands.Choice(name=name, value=name) for name in PERSONAS]
LEVEL_CHOICES = [app_commands.Choice(name=name, value=name) for name in LEVELS]
MODE_CHOICES = [app_commands.Choice(name=name, value=name) for name in ("interview", "practice")]


class InterviewCommands(PracticeCommands):
    """The callbacks of `/interview ...` and of the buttons (buttons.ButtonActions); the
    drill and the Try again button are practice.py's."""

    def __init__(
        self, conversation: Conversation, reader: DocumentReader, client: discord.Client, inflight: InFlight
    ) -> None:
        self.conversation = conversation
        self.service = conversation.service
        self.texts = conversation.texts
        self.reader = reader
        self.client = client  # its HTTP proxy for downloads, and channels not in the cache
        self.inflight = inflight

    def group(self) -> app_commands.Group:
        group = app_commands.Group(
            name="interview",
            description="Practise a job interview with an AI interviewer",
            allowed_contexts=app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=False),
            allowed_installs=app_commands.AppInstallationType(guild=True, user=False),
        )

        def plain(name: str, description: str, work: Callable[[discord.Interaction], Awaitable[None]]) -> None:
            """A command without options: deferred, then `work`."""
            async def callback(interaction: discord.Interaction) -> None:
                await run(interaction, lambda: work(interaction), inflight=self.inflight)

            group.add_command(app_commands.Command(name=name, description=description, callback=callback))

        @group.command(name="start", description="Start a mock interview from your CV and a job description")
        @app_commands.describe(
            cv="Your CV: PDF, Word (.docx), text or Markdown",
            jd="The job description as a file",
            jd_text="Or paste the job description here",
            title="The job title (guessed from the job description if left out)",
            company="The company (guessed from the job description if left out)",
            persona="The interviewer: friendly, neutral (default) or tough",
            level="Your level: junior, mid (default) or senior",
            questions="How many questions, 1-20",
            language="The language of the questions and the report (default: English)",
            mode="interview (default), or practice: feedback after each answer, and Try again",
        )
        @app_commands.choices(persona=PERSONA_CHOICES, level=LEVEL_CHOICES, mode=MODE_CHOICES)
        async def start(
            interaction: discord.Interaction,
            cv: discord.Attachment,
            jd: discord.Attachment | None = None,
            jd_text: app_commands.Range[str, 1, 6000] | None = None,
            title: app_commands.Range[str, 1, 120] | None = None,
            company: app_commands.Range[str, 1, 120] | None = None,
            persona: app_commands.Choice[str] | None = None,
            level: app_commands.Choice[str] | None = None,
            questions: app_commands.Range[int, 1, 20] | None = None,
            language: app_commands.Range[str, 1, 40] | None = None,
            mode: app_commands.Choice[str] | None = None,
        ) -> None:
            options = StartOptions(cv, jd, jd_text, title, company, persona.value if persona else None,
                                   level.value if level else None, questions, language,
                                   mode.value if mode else None)
            await run(interaction, lambda: self.start_interview(interaction, options), inflight=self.inflight)

        @group.command(name="drill", description="A short drill on your weakest area, from your last interviews")
        @app_commands.describe(
            competency="Drill this competency (default: the one your reports found weakest)",
            skill="Or drill this skill from the job description, e.g. budgeting",
            questions=f"How many questions, {DRILL_QUESTIONS_MIN}-{DRILL_QUESTIONS_MAX}",
        )
        @app_commands.choices(competency=COMPETENCY_CHOICES)
        async def drill(
            interaction: discord.Interaction,
            competency: app_commands.Choice[str] | None = None,
            skill: app_commands.Range[str, 1, 100] | None = None,
            questions: app_commands.Range[int, DRILL_QUESTIONS_MIN, DRILL_QUESTIONS_MAX] | None = None,
        ) -> None:
            picked = competency.value if competency else None
            await run(interaction, lambda: self.start_drill(interaction, picked, skill, questions),
                      inflight=self.inflight)

        plain("resume", "Get the question you're on again", self.resume_interview)
        plain("status", "Where you are in your interview", self.show_status)

        @group.command(name="feedback", description="Your feedback report")
        @app_commands.describe(
            interview="The interview's number (see /interview history); default: the latest finished one",
            regenerate="Write the report again",
        )
        async def feedback(
            interaction: discord.Interaction, interview: int | None = None, regenerate: bool = False
        ) -> None:
            await run(interaction, lambda: self.show_feedback(interaction, interview, regenerate),
                      inflight=self.inflight)

        plain("history", "Your past interviews and scores", self.show_history)

        @group.command(name="export", description="Your interview and its report as a file")
        @app_commands.describe(
            format="Markdown or PDF",
            interview="The interview's number (see /interview history); default: the latest finished one",
        )
        async def export(
            interaction: discord.Interaction, format: Literal["md", "pdf"], interview: int | None = None
        ) -> None:
            await run(interaction, lambda: self.export_interview(interaction, interview, format),
                      inflight=self.inflight)

        plain("delete", "Delete all your interviews, answers and documents", self.ask_delete)
        plain("help", "How mock interviews work", self.show_help)
        return group

    # -- /interview start ----------------------------------------------------------

    async def start_interview(self, interaction: discord.Interaction, options: StartOptions) -> None:
        """Once per interaction: one delivered again (a gateway replay, even after a
        restart) is answered with where the interview is, and starts nothing."""
        key = f"discord:{interaction.id}"
        claim = await self.service.claim_start(Owner.of(ref_for(interaction)), key)
        if not claim.first:
            log.info("interaction %s delivered again: no second start", interaction.id)
            await say(interaction, render.replayed_start(claim.interview, claim.running))
            return
        try:
            await self._start_interview(interaction, key, options)
        finally:
            await self.service.settle_start(key)

    async def _start_interview(self, interaction: discord.Interaction, key: str, options: StartOptions) -> None:
        cv_file, jd_file, jd_text = options.cv, options.jd, options.jd_text
        style = self.conversation.options(options.persona, options.level, options.language, options.questions,
                                          options.mode)
        if jd_file is None and not (jd_text and jd_text.strip()):
            raise InterviewError(NEED_JD)
        # Both files are checked (size, type) before either is downloaded.
        check_attachment(cv_file, "CV", self.reader.limits)
        if jd_file is not None:
            check_attachment(jd_file, "job description", self.reader.limits)
        parent = None
        if interaction.guild_id is not None:
            parent = await thread_parent(self.client, interaction)
        http = self.client.http
        proxy = {"proxy": http.proxy, "proxy_auth": http.proxy_auth}
        requester = f"discord:{interaction.user.id}"
        cv = await read_attachment(cv_file, "CV", self.reader, requester=requester, **proxy)
        if jd_file is not None:
            jd = await read_attachment(jd_file, "job description", self.reader, requester=requester, **proxy)
        else:
            jd = await self.reader.paste(jd_text or "", requester=requester)
        role = self.conversation.role(jd.text, options.title, options.company)
        self.conversation.require_role(role)  # before a thread is opened for it
        owner = Owner.of(ref_for(interaction))
        await self.service.save_document(owner, "cv", cv)
        await self.service.save_document(owner, "jd", jd)
        start = Start(cv, jd, role, key, style)
        if parent is None:
            await start_in_dm(self.conversation, interaction, start)
        else:
            await start_in_thread(self.conversation, interaction, parent, start)

    # -- /interview resume ------------------------------------------------------------

    async def resume_interview(self, interaction: discord.Interaction) -> None:
        for item in await self.conversation.resume(ref_for(interaction)):
            if not isinstance(item, (QuestionReply, NoticeReply)) or item.interview is None:
                continue
            interview = item.interview
            if isinstance(item, NoticeReply) and not item.retry:  # finished: nothing to post
                await say(interaction, render.resumed(item))
                continue
            content = render.resumed(item)
            if interview.owner.workspace == DM_WORKSPACE:
                channel = await dm_channel(interaction)
                await channel.send(content, allowed_mentions=NO_MENTIONS)
                await say(interaction, DM_RESUMED)
                continue
            thread, moved = await continue_in_thread(self.service, self.client, interaction, interview, content)
            where = thread.mention + (MOVED_NOTE if moved else "")
            if isinstance(item, QuestionReply):
                await say(interaction, self.texts.waiting_in(item.question, where))
            else:
                await say(interaction, self.texts.continues_in(where))

    # -- /interview status, history, help, feedback, and the notes button -------------

    async def show_status(self, interaction: discord.Interaction) -> None:
        for item in await self.conversation.status(ref_for(interaction)):
            if isinstance(item, StatusReply):
                await say(interaction, render.status_text(item))
            elif isinstance(item, NoticeReply):
                await say(interaction, item.text)

    async def show_history(self, interaction: discord.Interaction) -> None:
        """The interviews and the scores over time, with the chart attached to the reply
        (ephemeral: the scores are the user's own)."""
        for item in await self.conversation.progress(Owner.of(ref_for(interaction)), chart=True):
            if isinstance(item, ProgressReply):
                chart = {} if item.chart_png is None else {"attachments": [
                    discord.File(io.BytesIO(item.chart_png), filename=self.texts.chart_file_name,
                                 description=self.texts.chart_title(len(item.history.scored)))]}
                await say(interaction, render.progress_text(item), **chart)

    async def show_help(self, interaction: discord.Interaction) -> None:
        await say(interaction, render.help_text(self.service.max_questions))

    async def show_feedback(self, interaction: discord.Interaction, interview_id: int | None, regenerate: bool) -> None:
        """The report asked for (the thread's interview's, when run in one), then any an
        older interview was owed, each as embeds with its notes button."""
        ref = ref_for(interaction)
        replies = await self.conversation.feedback(Owner.of(ref), interview_id, regenerate=regenerate, here=ref)
        for index, item in enumerate(replies):
            answer = say if index == 0 else followup
            if isinstance(item, ReportReply):
                await answer(
                    interaction,
                    content=render.report_heading(item),
                    embeds=render.report_embeds(item.report, item.interview),
                    view=notes_view(item.interview.id),
                )
            elif isinstance(item, NoticeReply):
                await answer(interaction, content=item.text)

    async def show_notes(self, interaction: discord.Interaction, interview_id: int) -> None:
        await run(interaction, lambda: self._notes(interaction, interview_id), inflight=self.inflight, ephemeral=True)

    async def _notes(self, interaction: discord.Interaction, interview_id: int) -> None:
        outcome = await self.service.feedback(Owner.of(ref_for(interaction)), interview_id)
        if outcome.report is None:
            await say(interaction, self.texts.report_failed(outcome.notice))
            return
        groups = render.notes_embeds(outcome.report)
        await say(interaction, content="Notes on each answer:", embeds=groups[0])
        for embeds in groups[1:]:
            await followup(interaction, embeds=embeds)

    # -- /interview export ---------------------------------------------------------------

    async def export_interview(self, interaction: discord.Interaction, interview_id: int | None, fmt: str) -> None:
        """The file, posted in the interview's thread (the reply says where); in a DM, or
        when the thread is gone or refuses it, attached to the reply itself."""
        for item in await self.conversation.export(ref_for(interaction), interview_id, fmt):
            if isinstance(item, NoticeReply):
                await say(interaction, item.text)
            if not isinstance(item, ExportReply):
                continue
            thread = None
            if item.interview.owner.workspace != DM_WORKSPACE:
                thread = await live_thread(self.client, item.interview.thread)
            if thread is not None:
                try:
                    await thread.send(render.cut(item.text, render.MESSAGE_LIMIT), file=_file(item),
                                      allowed_mentions=NO_MENTIONS)
                    await say(interaction, self.texts.export_in(thread.mention))
                    continue
                except discord.HTTPException as exc:
                    if exc.status == 429 or exc.status >= 500:
                        raise
                    log.info("thread %s refused the export (%s %s): sent with the reply", thread.id, exc.status,
                             exc.code)
            await say(interaction, item.text, attachments=[_file(item)])

    # -- /interview delete, and its buttons ---------------------------------------------

    async def ask_delete(self, interaction: discord.Interaction) -> None:
        for item in self.conversation.ask_delete():
            if isinstance(item, ConfirmDeleteReply):
                await say(interaction, item.text, view=delete_view(item.yes, item.no))

    async def confirm_delete(self, interaction: discord.Interaction, confirmed: bool) -> None:
        self.inflight.track()
        await interaction.response.defer()  # an update of the ephemeral message, within 3 s
        try:
            if not confirmed:
                await interaction.edit_original_response(content=self.texts.nothing_deleted, view=None)
                return
            ref = ref_for(interaction)
            for item in await self.conversation.delete(Owner.of(ref), dm_owner(ref.user)):
                if isinstance(item, NoticeReply):
                    await interaction.edit_original_response(content=item.text, view=None)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001
            await say(interaction, friendly(exc), view=None)


def _file(item: ExportReply) -> discord.File:
    return discord.File(io.BytesIO(item.data), filename=item.filename)
