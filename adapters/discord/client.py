"""The Discord client: an `/interview` command group, a thread per interview,
answers read from the owner's messages.

This file is the wiring: the intents, the start-up (buttons, the command tree,
the Message Content Intent check, the command sync), the gateway events, and a
clean close. What each event does lives next door: commands.py (the slash
commands and buttons; practice.py: Try again and `/interview drill`), answers.py (messages), threads.py, attachments.py,
interactions.py (replies and their expired-token fallbacks).

Every piece of state lives in the core's database (refs.py), so any shard, or
a restarted process, continues any interview. Process-wide discord.py settings
are not made here but once, in process.py.
"""

from __future__ import annotations

import asyncio
from typing import Any

import discord
from discord import app_commands

from adapters.discord import render
from adapters.discord.answers import Answers
from adapters.discord.buttons import DYNAMIC_ITEMS
from adapters.discord.channels import NO_MENTIONS
from adapters.discord.commands import InterviewCommands
from adapters.discord.config import DiscordConfig
from adapters.discord.inflight import InFlight
from adapters.discord.interactions import on_tree_error
from adapters.discord.process import adapter_logger
from adapters.discord.transport import use_gateway_url
from interview_core.chat import Conversation, DocumentReader
from interview_core.service import InterviewService

log = adapter_logger(__name__)

# What the bot needs, and nothing more: read the channel, talk in threads it
# creates (private ones for CVs), embed the report, reply to answers.
PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    create_private_threads=True,
    embed_links=True,
    read_message_history=True,
)
SCOPES = ("bot", "applications.commands")


def invite_url(application_id: int) -> str:
    return discord.utils.oauth_url(application_id, permissions=PERMISSIONS, scopes=SCOPES)


def content_intent_granted(flags: discord.ApplicationFlags) -> bool:
    return bool(flags.gateway_message_content or flags.gateway_message_content_limited)


def intents() -> discord.Intents:
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.guild_messages = True
    wanted.dm_messages = True
    wanted.message_content = True
    return wanted


class InterviewBot(discord.AutoShardedClient):
    def __init__(
        self,
        service: InterviewService,
        config: DiscordConfig,
        *,
        reader: DocumentReader | None = None,
        identify_delay: float = 5.0,
        **options: Any,
    ) -> None:
        options.setdefault("chunk_guilds_at_startup", False)
        super().__init__(
            intents=intents(),
            shard_count=config.discord_shards,
            allowed_mentions=NO_MENTIONS,
            **options,
        )
        self.config = config
        self.identify_delay = identify_delay
        self.inflight = InFlight()
        # The use cases every platform shares; this adapter renders its replies.
        self.conversation = Conversation(service, render.TEXTS)
        self.answers = Answers(self.conversation, self)
        self.interview_commands = InterviewCommands(
            self.conversation, reader or DocumentReader(), self, self.inflight
        )
        self.button_actions = self.interview_commands  # what buttons.py's buttons call
        self.tree = app_commands.CommandTree(self)
        self.tree.on_error = on_tree_error  # type: ignore[method-assign]
        use_gateway_url(self, config.discord_gateway_url)

    # -- start-up ------------------------------------------------------------------

    async def setup_hook(self) -> None:
        self.add_dynamic_items(*DYNAMIC_ITEMS)
        self.tree.add_command(self.interview_commands.group())
        app_id = self.application_id or (self.application.id if self.application else None)
        if not content_intent_granted(self.application_flags):
            # Asking for it anyway would get the connection closed (4014).
            self.answers.content_intent = False
            self._connection._intents.message_content = False
            log.warning(
                "The Message Content Intent is not enabled for this application, so I can't read "
                "answers typed in interview threads. Turn it on: Developer Portal > your app > Bot > "
                "Privileged Gateway Intents > Message Content Intent, then restart."
            )
        if app_id is not None:
            log.info("Invite me to a server with: %s", invite_url(app_id))
        await self._sync_commands()

    async def _sync_commands(self) -> None:
        try:
            if self.config.discord_guild_id:
                guild = discord.Object(self.config.discord_guild_id)
                self.tree.copy_global_to(guild=guild)
                synced = await self.tree.sync(guild=guild)
                log.info("Synced %d command(s) to server %s (instant).", len(synced), guild.id)
            else:
                synced = await self.tree.sync()
                log.info("Synced %d command(s) globally (may take up to an hour to appear).", len(synced))
        except discord.Forbidden:
            log.error(
                "Discord refused to register the slash commands for server %s: invite me with the "
                "applications.commands scope (see the invite URL above).",
                self.config.discord_guild_id,
            )
        except discord.HTTPException as exc:
            log.error("Registering the slash commands failed (%s %s); they may be out of date.", exc.status, exc.text[:200])

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        # discord.py's default waits 5 s between shards (Discord's identify limit).
        if not initial and self.identify_delay:
            await asyncio.sleep(self.identify_delay)

    # -- events --------------------------------------------------------------------

    async def on_ready(self) -> None:
        log.info("Connected as %s (%s) with %d shard(s).", self.user, self.user and self.user.id, self.shard_count or 1)

    async def on_message(self, message: discord.Message) -> None:
        self.inflight.track()
        kind = await self.answers.handle(message)
        # For observers (tests, metrics): this message is fully handled.
        self.dispatch("interview_message_handled", message, kind)

    async def close(self) -> None:
        """Stop work in flight (its answers are saved; resume continues), then disconnect."""
        await self.inflight.cancel(timeout=10)
        await super().close()


def build_bot(
    service: InterviewService,
    config: DiscordConfig,
    *,
    reader: DocumentReader | None = None,
    **options: Any,
) -> InterviewBot:
    """The bot, not yet started: `async with bot: await bot.start(token)`.
    Options go to discord.py's client (e.g. guild_ready_timeout); tests also
    pass identify_delay=0. The process-wide settings (process.configure_process)
    are the entry point's to make, before this."""
    return InterviewBot(service, config, reader=reader, **options)
