"""Where an interview runs: a thread of its own in a server (private where the
channel allows it, a CV is private), or the DM itself, anchored on its first
message. Opening one, finding it again, and never leaving an empty one behind.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import discord

from adapters.discord import render
from adapters.discord.channels import NO_MENTIONS, dm_channel, fetch_channel, typing
from adapters.discord.interactions import say
from adapters.discord.process import adapter_logger
from adapters.discord.refs import DM_WORKSPACE, PLATFORM
from interview_core.chat import Conversation, Document, Role, StartOptions, StartPlan
from interview_core.models import ConversationRef, Interview
from interview_core.service import InterviewError, InterviewService

log = adapter_logger(__name__)

FIRST_QUESTION_NOT_POSTED = "Discord wouldn't let me post the first question there just now: `/interview resume` posts it."
NOT_A_TEXT_CHANNEL = (
    "I can only open an interview thread in a text channel. Run `/interview start` "
    "in a text channel, or in a direct message with me."
)
ARCHIVE_AFTER = 10080  # minutes: a week without a message


@dataclass(frozen=True)
class Start:
    """An `/interview start` with its documents read and its role known."""

    cv: Document
    jd: Document
    role: Role
    key: str  # the core starts one interview per key, however often it is delivered
    options: StartOptions = StartOptions()  # persona, level, language, number of questions

    @property
    def plan(self) -> StartPlan:
        return StartPlan(self.cv.text, self.jd.text, self.role, self.options)

    @property
    def title(self) -> str:
        return self.role.title

    @property
    def company(self) -> str:
        return self.role.company

    @property
    def documents(self) -> str:
        return render.TEXTS.documents_read(self.cv.summary(), self.jd.summary())

    def intro(self, questions: int, *, mention: str | None = None) -> str:
        """The interview's first message: a thread's names its user, a DM's is its anchor."""
        whose, where = (f" for {mention}", "in this thread") if mention else ("", "here")
        questions = self.options.questions or questions
        chosen = self.options
        settings = render.TEXTS.settings_line(chosen.persona, chosen.level, chosen.language, questions, chosen.mode)
        practice = ""
        if chosen.mode == "practice":
            practice = " After each answer you get its feedback at once, and can try the question again."
        return (f"Mock interview{whose}: **{self.title}** at **{self.company}**.\n{settings}.\n{self.documents} "
                f"I'll ask {render.TEXTS.questions(questions)}, one at a time: answer each one with a message "
                f"{where}.{practice}")


async def thread_parent(client: discord.Client, interaction: discord.Interaction) -> discord.TextChannel:
    """The text channel an interview thread opens in (the parent, when used in a thread)."""
    channel = interaction.channel
    if isinstance(channel, discord.Thread):
        channel = channel.parent or await fetch_channel(client, channel.parent_id)
    if not isinstance(channel, discord.TextChannel):
        raise InterviewError(NOT_A_TEXT_CHANNEL)
    return channel


async def create_thread(parent: discord.TextChannel, name: str, user: discord.abc.User) -> discord.Thread:
    """A private thread (a CV is private) where the channel allows it, else a public one."""
    try:
        thread = await parent.create_thread(
            name=name,
            type=discord.ChannelType.private_thread,
            invitable=False,
            auto_archive_duration=ARCHIVE_AFTER,
        )
    except discord.HTTPException as exc:
        if exc.status not in (400, 403):
            raise
        # No "Create Private Threads" permission, or a channel type without them.
        log.info("private thread refused in %s (%s %s): using a public one", parent.id, exc.status, exc.code)
        return await parent.create_thread(
            name=name, type=discord.ChannelType.public_thread, auto_archive_duration=ARCHIVE_AFTER
        )
    try:
        await thread.add_user(user)
    except discord.HTTPException:
        await delete_quietly(thread)
        raise
    return thread


async def delete_quietly(thread: discord.Thread) -> None:
    try:
        await thread.delete()
    except discord.HTTPException:
        pass


async def live_thread(client: discord.Client, thread_id: str | None) -> discord.Thread | None:
    """The interview's thread if it still exists and is open to answers."""
    if not thread_id or not thread_id.isdigit():
        return None
    channel = await fetch_channel(client, int(thread_id))
    if not isinstance(channel, discord.Thread) or channel.archived or channel.locked:
        return None
    return channel


async def continue_in_thread(
    service: InterviewService,
    client: discord.Client,
    interaction: discord.Interaction,
    interview: Interview,
    content: str,
) -> tuple[discord.Thread, bool]:
    """Post `content` in the interview's thread or, when that thread is gone,
    archived, locked or refuses it, in a new one the interview moves to.
    Returns the thread, and whether it is a new one."""
    thread = await live_thread(client, interview.thread)
    if thread is not None:
        try:
            await thread.send(content, allowed_mentions=NO_MENTIONS)
            return thread, False
        except discord.HTTPException as exc:
            if exc.status == 429 or exc.status >= 500:
                raise  # Discord is busy, the thread is fine: try again later
            # Locked, archived, or I was removed from it: carry on in a new thread.
            log.info("thread %s refused the question (%s %s): a new one", thread.id, exc.status, exc.code)
    parent = await thread_parent(client, interaction)
    thread = await create_thread(parent, render.thread_name(interview.title, interview.company), interaction.user)
    try:
        await service.move_to_thread(interview.owner, interview.id, str(parent.id), str(thread.id))
    except BaseException:
        await delete_quietly(thread)  # the interview stays where it was
        raise
    await thread.send(content, allowed_mentions=NO_MENTIONS)
    return thread, True


async def holds_interview(service: InterviewService, ref: ConversationRef) -> bool:
    try:
        found = await service.current(ref)
    except Exception:  # noqa: BLE001 - the database is what failed
        return False
    return found is not None and found.thread == ref.thread


async def first_question(
    conversation: Conversation, ref: ConversationRef, start: Start, channel: discord.abc.Messageable
) -> str:
    """Start the interview at `ref` (its thread, or its first message in a DM), typing in
    `channel` meanwhile; the message to post: the first question, or how to get it."""
    async with typing(channel):
        replies = await conversation.start(ref, start.plan, request_key=start.key)
    return "\n\n".join(text for text in map(render.reply_text, replies) if text)


async def start_in_thread(
    conversation: Conversation, interaction: discord.Interaction, parent: discord.TextChannel, start: Start
) -> None:
    service = conversation.service
    title, company = start.title, start.company
    thread = await create_thread(parent, render.thread_name(title, company), interaction.user)
    ref = ConversationRef(
        PLATFORM, str(interaction.guild_id), str(parent.id), str(interaction.user.id), thread=str(thread.id)
    )
    try:
        await thread.send(start.intro(service.max_questions, mention=interaction.user.mention),
                          allowed_mentions=NO_MENTIONS)
        first = await first_question(conversation, ref, start, thread)
    except BaseException:
        # No interview in it (refused, or the database failed): no empty thread left behind.
        if not await holds_interview(service, ref):
            await delete_quietly(thread)
        raise
    ready = f"{render.TEXTS.ready_in(f'**{title}** at **{company}**', thread.mention)} {start.documents}"
    try:
        await thread.send(first, allowed_mentions=NO_MENTIONS)
    except discord.HTTPException as exc:
        log.warning("could not post the first question in %s: %s %s", thread.id, exc.status, exc.text[:200])
        ready = f"{ready}\n{FIRST_QUESTION_NOT_POSTED}"
    await say(interaction, ready)


async def start_in_dm(conversation: Conversation, interaction: discord.Interaction, start: Start) -> None:
    # No threads in a DM: the interview is anchored on its first message,
    # whose id names it, and runs in the DM itself.
    anchor = await interaction.edit_original_response(
        content=start.intro(conversation.service.max_questions), allowed_mentions=NO_MENTIONS
    )
    ref = ConversationRef(
        PLATFORM, DM_WORKSPACE, str(interaction.channel_id), str(interaction.user.id), thread=str(anchor.id)
    )
    channel = await dm_channel(interaction)
    first = await first_question(conversation, ref, start, channel)
    try:
        await channel.send(
            first, reference=anchor.to_reference(fail_if_not_exists=False),
            mention_author=False, allowed_mentions=NO_MENTIONS,
        )
    except discord.HTTPException as exc:
        # The interview exists: keep its first message, add a hint after it.
        log.warning("could not post the first question in a DM: %s %s", exc.status, exc.text[:200])
        with contextlib.suppress(discord.HTTPException):
            await channel.send(FIRST_QUESTION_NOT_POSTED, allowed_mentions=NO_MENTIONS)
