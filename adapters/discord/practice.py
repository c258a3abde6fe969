"""Practice mode's Try again button and `/interview drill` (issue 12), mixed into
InterviewCommands (commands.py) so that file stays short.

The button answers Discord at once (a deferred update: nothing visible changes), then
checks that the presser owns the interview: anyone else gets an ephemeral sentence and
nothing happens. A click Discord delivers twice is refused its second answer (40060),
and then does nothing either. A drill opens its thread exactly as `/interview start`
does, and, like it, is started once per interaction however often it is delivered.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import discord
from discord import app_commands

from adapters.discord import render
from adapters.discord.channels import NO_MENTIONS, dm_channel, typing
from adapters.discord.inflight import InFlight
from adapters.discord.interactions import followup, friendly, say
from adapters.discord.process import adapter_logger
from adapters.discord.refs import DM_WORKSPACE, PLATFORM, dm_owner, ref_for
from adapters.discord.threads import (
    create_thread,
    delete_quietly,
    holds_interview,
    live_thread,
    thread_parent,
)
from interview_core.chat import (
    Conversation,
    NoticeReply,
    QuestionReply,
    Reply,
    RetryReply,
)
from interview_core.feedback import COMPETENCY_LABELS, Competency
from interview_core.models import ConversationRef, Interview, Owner
from interview_core.progress.drills import DrillFocus
from interview_core.service import InterviewService

log = adapter_logger(__name__)

COMPETENCY_CHOICES = [app_commands.Choice(name=COMPETENCY_LABELS[c], value=c.value) for c in Competency]
NO_THREAD = ("I can't post in that interview's thread any more (it is gone, archived or locked), "
             "so I can't ask the question again there.")
DRILL_QUESTION_NOT_POSTED = "Discord wouldn't let me post the drill's first question there just now: `/interview resume` posts it."


@dataclass(frozen=True)
class DrillStart:
    """A `/interview drill` with its focus chosen (Conversation.plan_drill)."""

    focus: DrillFocus
    source: Interview  # whose CV, job description and role the drill reuses
    questions: int
    key: str  # the core starts one drill per key, however often it is delivered

    @property
    def intro(self) -> str:
        return render.TEXTS.drill_intro(self.focus.label, self.focus.reason, self.questions)

    @property
    def thread_name(self) -> str:
        return render.cut(" ".join(f"Drill: {self.focus.label} · {self.source.title} at {self.source.company}"
                                   .split()), 100)

    @property
    def ready(self) -> str:
        return f"Your drill on **{self.focus.label}** ({render.role_line(self.source)}) is ready in"


class PracticeCommands:
    """The Try again button and `/interview drill`; InterviewCommands sets these."""

    conversation: Conversation
    service: InterviewService
    client: discord.Client
    inflight: InFlight

    # -- the Try again button ----------------------------------------------------------

    async def retry_question(
        self, interaction: discord.Interaction, interview_id: int, question: int | None = None
    ) -> None:
        self.inflight.track()
        try:
            await interaction.response.defer()  # within 3 s; the message it is on stays as it is
        except discord.HTTPException as exc:
            # 40060: answered already (the same click delivered twice), or too late to answer.
            log.info("retry click %s not answered (%s %s): nothing done", interaction.id, exc.status, exc.code)
            return
        try:
            await self._retry(interaction, interview_id, question)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - every error gets a friendly sentence
            await followup(interaction, content=friendly(exc))

    async def _retry(self, interaction: discord.Interaction, interview_id: int, question: int | None) -> None:
        interview = await self.service.interview(Owner.of(ref_for(interaction)), interview_id)  # theirs only
        if interview is None:
            await followup(interaction, content=render.TEXTS.retry_not_yours)
            return
        channel = await self._interview_channel(interaction, interview)
        if channel is None:
            await followup(interaction, content=NO_THREAD)
            return
        key = f"discord-click:{interaction.id}"  # delivered again after a restart: opens nothing
        for item in await self.conversation.retry(interview.ref, question, request_key=key):
            text = render.reply_text(item)
            if not text:
                continue
            if not isinstance(item, RetryReply):
                await followup(interaction, content=text)
                continue
            try:
                await channel.send(text, allowed_mentions=NO_MENTIONS)
            except discord.HTTPException as exc:
                if exc.status == 429 or exc.status >= 500:
                    raise
                log.info("could not ask the question again in %s: %s %s", interview.thread, exc.status, exc.code)
                await followup(interaction, content=text)  # the retry is open: say it privately


    async def _interview_channel(
        self, interaction: discord.Interaction, interview: Interview
    ) -> discord.abc.Messageable | None:
        """Where the interview runs: the DM, or its thread while it is open to messages."""
        if interview.owner.workspace == DM_WORKSPACE:
            return await dm_channel(interaction)
        channel = interaction.channel
        if str(interaction.channel_id) == interview.thread and isinstance(channel, discord.Thread) \
                and not channel.archived and not channel.locked:
            return channel
        return await live_thread(self.client, interview.thread)

    # -- /interview drill ---------------------------------------------------------------

    async def start_drill(
        self, interaction: discord.Interaction, competency: str | None, skill: str | None, questions: int | None
    ) -> None:
        """Once per interaction, like `/interview start`: a replay says where the drill is."""
        key = f"discord:{interaction.id}"
        owner = Owner.of(ref_for(interaction))
        claim = await self.service.claim_start(owner, key)
        if not claim.first:
            log.info("interaction %s delivered again: no second drill", interaction.id)
            await say(interaction, render.replayed_start(claim.interview, claim.running))
            return
        try:
            # In a server, the user's DM interviews count too (and the drill runs here).
            also = (dm_owner(owner.user),) if interaction.guild_id is not None else ()
            focus, source, count = await self.conversation.plan_drill(
                owner, competency=competency, skill=skill, questions=questions, also=also)
            drill = DrillStart(focus, source, count, key)
            if interaction.guild_id is None:
                await self._drill_in_dm(interaction, drill)
            else:
                await self._drill_in_thread(interaction, await thread_parent(self.client, interaction), drill)
        finally:
            await self.service.settle_start(key)

    async def _drill_in_thread(
        self, interaction: discord.Interaction, parent: discord.TextChannel, drill: DrillStart
    ) -> None:
        thread = await create_thread(parent, drill.thread_name, interaction.user)
        ref = ConversationRef(
            PLATFORM, str(interaction.guild_id), str(parent.id), str(interaction.user.id), thread=str(thread.id)
        )
        try:
            async with typing(thread):
                replies = await self.conversation.start_drill(ref, drill.focus, drill.source, drill.questions,
                                                              request_key=drill.key)
        except BaseException:
            # No drill in it (refused, or the database failed): no empty thread left behind.
            if not await holds_interview(self.service, ref):
                await delete_quietly(thread)
            raise
        ready = f"{drill.ready} {thread.mention}."
        try:
            await thread.send(_first_post(replies), allowed_mentions=NO_MENTIONS)
        except discord.HTTPException as exc:
            log.warning("could not post the drill's first question in %s: %s %s", thread.id, exc.status,
                        exc.text[:200])
            ready = f"{ready}\n{DRILL_QUESTION_NOT_POSTED}"
        await say(interaction, ready)

    async def _drill_in_dm(self, interaction: discord.Interaction, drill: DrillStart) -> None:
        # As a DM interview: anchored on its first message, which says what it drills and why.
        anchor = await interaction.edit_original_response(
            content=render.cut(f"{drill.intro}\nFrom your interview for {render.role_line(drill.source)}: answer "
                               "each question with a message here.", render.MESSAGE_LIMIT),
            allowed_mentions=NO_MENTIONS,
        )
        ref = ConversationRef(
            PLATFORM, DM_WORKSPACE, str(interaction.channel_id), str(interaction.user.id), thread=str(anchor.id)
        )
        channel = await dm_channel(interaction)
        async with typing(channel):
            replies = await self.conversation.start_drill(ref, drill.focus, drill.source, drill.questions,
                                                          request_key=drill.key)
        try:
            await channel.send(
                _first_post(replies, intro=False), reference=anchor.to_reference(fail_if_not_exists=False),
                mention_author=False, allowed_mentions=NO_MENTIONS,
            )
        except discord.HTTPException as exc:
            log.warning("could not post the drill's first question in a DM: %s %s", exc.status, exc.text[:200])


def _first_post(replies: list[Reply], *, intro: bool = True) -> str:
    """The drill's first question under what it drills and why (`intro`), or why there is none."""
    texts = []
    for item in replies:
        if isinstance(item, QuestionReply) and not intro:
            texts.append(render.question_message(item.question))
        elif isinstance(item, (QuestionReply, NoticeReply)):
            texts.append(render.reply_text(item) or "")
    return render.cut("\n\n".join(t for t in texts if t), render.MESSAGE_LIMIT) or FIRST_FALLBACK


FIRST_FALLBACK = "The drill is set up: `/interview resume` posts its first question."
