"""Answering an interaction: deferred at once, then the deferred reply edited.

Every interaction is deferred before anything slow (a download, a parse, the
interviewer) so Discord's 3-second window is always met, then answered by
editing the deferred reply; past the token's 15 minutes, by a message (DMs
for what only the user should see). Any failure becomes one friendly sentence.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands

from adapters.discord import render
from adapters.discord.channels import NO_MENTIONS
from adapters.discord.inflight import InFlight
from adapters.discord.process import adapter_logger
from interview_core.chat import Conversation

log = adapter_logger(__name__)

CANT_POST = (
    "I couldn't post in this channel. Check that I may view it, send messages in threads "
    "and create private threads, or run `/interview start` in a direct message with me."
)
OUT_OF_DATE = "That command is out of date: wait a minute for Discord to update it, then try again."
TOO_LATE = (
    "{mention} my answer to your last `/interview` command came too late to show it to you "
    "privately here, and your direct messages are closed to me. `/interview status` shows where you are."
)
# Interaction tokens live 15 minutes; past that, an edit gets 401 "Invalid
# Webhook Token" (50027) or 404 "Unknown Webhook" (10015).
EXPIRED_TOKEN_CODES = {50027, 10015}


def expired(exc: discord.HTTPException) -> bool:
    return exc.status == 401 or exc.code in EXPIRED_TOKEN_CODES


def friendly(exc: BaseException, unexpected: str = render.TEXTS.something_wrong) -> str:
    """What the user reads about a failure: the conversation layer's sentence for one
    they can act on, Discord's for a refusal, else `unexpected` (and the error logged)."""
    text = Conversation.friendly(exc)
    if text is not None:
        return text
    if isinstance(exc, discord.Forbidden):
        log.warning("forbidden: %s", exc.text[:200])
        return CANT_POST
    log.error("unexpected error", exc_info=exc)
    return unexpected


async def run(
    interaction: discord.Interaction,
    work: Callable[[], Awaitable[None]],
    *,
    inflight: InFlight,
    ephemeral: bool | None = None,
) -> None:
    """Defer at once (Discord gives 3 s), then do the work; any failure
    becomes a short, friendly edit of the deferred reply."""
    inflight.track()
    if ephemeral is None:
        # In a DM nobody else can see it anyway, and the interview's first
        # message must be a real one there (it anchors the interview).
        ephemeral = interaction.guild_id is not None
    interaction.extras["ephemeral"] = ephemeral
    if not interaction.response.is_done():
        await interaction.response.defer(thinking=True, ephemeral=ephemeral)
    try:
        await work()
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # noqa: BLE001 - every error gets a friendly reply
        await say(interaction, friendly(exc))


async def say(interaction: discord.Interaction, content: str | None = None, **kwargs: Any) -> None:
    """Answer the interaction (edit the deferred reply). Past the token's
    15 minutes (very slow work), the answer becomes a message instead."""
    kwargs.setdefault("allowed_mentions", NO_MENTIONS)
    if content is not None:
        content = render.cut(content, render.MESSAGE_LIMIT)
    try:
        if interaction.response.is_done():
            if interaction.is_expired():
                await say_elsewhere(interaction, content, **kwargs)
                return
            await interaction.edit_original_response(content=content, **kwargs)
        else:
            await interaction.response.send_message(content, ephemeral=True, **kwargs)
    except discord.HTTPException as exc:
        if expired(exc):
            await say_elsewhere(interaction, content, **kwargs)
            return
        log.warning("could not answer interaction %s: %s %s", interaction.id, exc.status, exc.text[:200])


async def followup(interaction: discord.Interaction, **kwargs: Any) -> None:
    """One more ephemeral message after the reply (or a message, once the token expired)."""
    kwargs.setdefault("allowed_mentions", NO_MENTIONS)
    try:
        if interaction.is_expired():
            await say_elsewhere(interaction, None, **kwargs)
            return
        await interaction.followup.send(ephemeral=True, **kwargs)
    except discord.HTTPException as exc:
        if expired(exc):
            await say_elsewhere(interaction, None, **kwargs)
            return
        log.warning("could not follow up interaction %s: %s %s", interaction.id, exc.status, exc.text[:200])


async def say_elsewhere(interaction: discord.Interaction, content: str | None, **kwargs: Any) -> None:
    """The interaction's token expired: say it with a message. What only
    the user should see goes to their DMs; if those are closed, to the
    channel only when it is a private thread (an interview's), else just
    a pointer to the command, never the private content."""
    kwargs.pop("ephemeral", None)
    if kwargs.get("view") is None:
        kwargs.pop("view", None)
    private = interaction.extras.get("ephemeral", interaction.guild_id is not None)
    log.info("interaction %s expired: answering with a message", interaction.id)
    channel = interaction.channel
    targets: list[Callable[[], Awaitable[discord.abc.Messageable]]] = []
    if private and interaction.guild_id is not None:
        targets.append(interaction.user.create_dm)
        if isinstance(channel, discord.Thread) and channel.type is discord.ChannelType.private_thread:
            targets.append(lambda: _const(channel))
    elif channel is not None:
        targets.append(lambda: _const(channel))
    for target in targets:
        try:
            where = await target()
            await where.send(content, **kwargs)  # type: ignore[arg-type]
            return
        except discord.HTTPException as exc:
            log.warning("could not answer interaction %s by message: %s", interaction.id, exc.status)
    if private and isinstance(channel, discord.abc.Messageable):
        try:
            await channel.send(TOO_LATE.format(mention=interaction.user.mention), allowed_mentions=NO_MENTIONS)
        except discord.HTTPException as exc:
            log.warning("could not tell %s anything: %s", interaction.id, exc.status)


async def on_tree_error(interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
    """The command tree's own failures (a stale command, a check) get a sentence too."""
    original = getattr(error, "original", error)
    if isinstance(error, (app_commands.CommandNotFound, app_commands.CommandSignatureMismatch)):
        message = OUT_OF_DATE
    else:
        message = friendly(original)
    await say(interaction, message)


async def _const(value: Any) -> Any:
    return value
