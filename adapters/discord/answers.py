"""Messages in interview threads (and DMs): each one goes to the core as an
answer, and what became of it is posted back as a reply.

Everything posted here comes after the core stored the answer (and the next
question, or the report), so a post Discord refuses loses nothing: the user
gets a hint to fetch it again with a command.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import discord

from adapters.discord import render
from adapters.discord.buttons import notes_view, retry_view
from adapters.discord.channels import NO_MENTIONS, fetch_channel, reply, typing
from adapters.discord.interactions import friendly
from adapters.discord.process import adapter_logger
from adapters.discord.refs import DM_WORKSPACE, PLATFORM
from interview_core.chat import (
    CoachingReply,
    Conversation,
    NotAnInterview,
    NoticeReply,
    QuestionReply,
    Reply,
    ReportReply,
)
from interview_core.models import ConversationRef, Interview, Owner

log = adapter_logger(__name__)

QUESTION_NOT_POSTED = (
    "Your answer is saved, but Discord wouldn't let me post the next question here just now. "
    "`/interview resume` posts it."
)
REPORT_NOT_POSTED = (
    "All your answers are saved, but I couldn't post your report here just now. "
    "`/interview feedback` shows it."
)
NO_CONTENT_INTENT = (
    "I can't read messages here: the bot's owner must turn on the Message Content Intent "
    "(Developer Portal > Bot > Privileged Gateway Intents), then restart me."
)

class Answers:
    def __init__(self, conversation: Conversation, client: discord.Client) -> None:
        self.conversation = conversation
        self.service = conversation.service
        self.client = client  # who "I" am, and channels not in the cache
        # False when Discord did not grant the Message Content Intent: every message
        # then arrives empty, and the hint says who can fix it.
        self.content_intent = True

    async def handle(self, message: discord.Message) -> str | None:
        """Any message the bot sees; returns the core's outcome kind, None when
        the message was not for us, "error" when handling it failed."""
        kind: str | None = "error"
        try:
            if message.author.bot or message.webhook_id is not None:
                kind = None  # bots (this one included) and webhooks never answer
            elif message.type not in (discord.MessageType.default, discord.MessageType.reply):
                kind = None  # joins, pins, thread renames...
            else:
                # When it reached us, by our own clock (Discord's may differ): an answer
                # that arrives while the next question is being written is an addition.
                kind = await self.take_answer(message, received=datetime.now(UTC))
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001
            # It may have failed before the answer was stored: never claim it was.
            await reply(message, friendly(exc, unexpected=render.TEXTS.maybe_not_saved))
        return kind

    async def take_answer(self, message: discord.Message, received: datetime | None = None) -> str | None:
        """Handle a message that may be an answer; returns the core's outcome
        kind, or None when the message was not for us."""
        if message.guild is None:
            base = ConversationRef(PLATFORM, DM_WORKSPACE, str(message.channel.id), str(message.author.id))
            interview = await self.service.current(base)
            if interview is None:
                # The user's last interview, finished here: the message is a question about
                # its report (as the end of the interview said), not a new hello.
                latest = await self.service.history(Owner.of(base), limit=1)
                if latest and latest[0].progress["is_complete"] and latest[0].interview.channel == base.channel:
                    interview = latest[0].interview
            if interview is None:
                await reply(message, self.conversation.texts.hello)
                return None
            ref = interview.ref
        else:
            channel = message.channel
            if not isinstance(channel, (discord.Thread, discord.PartialMessageable)):
                return None  # interviews only live in threads
            parent = getattr(channel, "parent_id", None) or channel.id
            ref = ConversationRef(
                PLATFORM, str(message.guild.id), str(parent), str(message.author.id), thread=str(channel.id)
            )
        text = message.content or ""
        attachments = bool(message.attachments or message.stickers)
        result = await self.conversation.answer(
            ref, text, message_id=str(message.id), sent_at=received, attachments=attachments,
            busy=lambda: typing(message.channel),
        )
        replies = result.replies
        if result.kind == "rejected" and not self.content_intent and not attachments:
            replies = [NoticeReply(NO_CONTENT_INTENT)]
        elif not text.strip():
            # Nothing to read (and, without the intent, every message): a hint only to the
            # owner of the interview here, never to others' chatter in my old threads.
            replies = [r for r in replies if not isinstance(r, NotAnInterview)]
        await self.show(message, ref, replies)
        return result.kind

    async def _hint_defunct_thread(
        self, message: discord.Message, ref: ConversationRef, elsewhere: Interview | None
    ) -> None:
        """A message in a thread I opened for an interview that no longer lives
        there (it moved to a new thread on resume, or was deleted): say where
        to go instead of staying silent. Other threads stay none of my business."""
        if elsewhere is None and not await self.service.history(Owner.of(ref), limit=1):
            return  # not someone who uses me: no lookups for their chatter
        channel = message.channel
        owner_id = getattr(channel, "owner_id", None)
        if owner_id is None:  # a thread not in the cache
            channel = await fetch_channel(self.client, channel.id)
            owner_id = getattr(channel, "owner_id", None)
        me = self.client.user
        if me is None or owner_id != me.id:
            return
        texts = self.conversation.texts
        if elsewhere is not None and elsewhere.thread:
            hint = texts.answer_in(f"<#{elsewhere.thread}>")
        else:
            hint = f"{texts.not_an_interview} {texts.start_again}"
        await reply(message, hint)

    async def show(self, message: discord.Message, ref: ConversationRef, replies: list[Reply]) -> None:
        """The conversation layer's replies, the Discord way: each a reply to the answer,
        the report as embeds with its notes button. Everything here comes after the core
        stored the answer (and the question or report), so a post Discord refuses (rate
        limit, locked thread) loses nothing: the user gets a hint to fetch it again."""
        for item in replies:
            if isinstance(item, ReportReply):
                await self._post_report(message, item)
            elif isinstance(item, CoachingReply):
                # Practice mode: the answer's feedback, with its Try again button.
                await reply(message, None, embed=render.coaching_embed(item), view=retry_view(item.interview.id, item.question_number))
            elif isinstance(item, NotAnInterview):
                if message.guild is not None:
                    await self._hint_defunct_thread(message, ref, item.elsewhere)
            else:
                posted = await reply(message, render.reply_text(item) or "")
                if not posted and isinstance(item, QuestionReply):
                    await reply(message, QUESTION_NOT_POSTED)

    async def _post_report(self, message: discord.Message, item: ReportReply) -> None:
        try:
            await message.channel.send(
                render.cut(item.notice, render.MESSAGE_LIMIT) if item.notice else None,
                embeds=render.report_embeds(item.report, item.interview),
                view=notes_view(item.interview.id),
                allowed_mentions=NO_MENTIONS,
            )
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - every answer is stored by now: say so
            log.warning("could not post the report in %s: %r", message.channel.id, exc)
            await reply(message, REPORT_NOT_POSTED)
