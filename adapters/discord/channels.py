"""Talking in a channel: never a ping, a reply that reports a refusal rather
than raising, the typing indicator on the side, a channel that may be gone.

Whatever Discord refuses here (a typing indicator, a post in a locked thread,
a 429 that outlasts the retries) costs nothing: the core stored the answer and
the question first, and the caller tells the user how to get them again.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import discord

from adapters.discord import render
from adapters.discord.process import adapter_logger

log = adapter_logger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
TYPING_HEAD_START = 1.0  # seconds the first indicator may take before the work starts anyway


@contextlib.asynccontextmanager
async def typing(channel: discord.abc.Messageable) -> AsyncIterator[None]:
    """The typing indicator while the body runs, on the side: a refused,
    slow or rate-limited indicator never costs the user's answer, and holds
    it up for at most TYPING_HEAD_START (so normally the indicator comes
    first and can't show up after the reply)."""
    first = asyncio.Event()

    async def keep_typing() -> None:
        try:
            while True:
                await channel.typing()  # one indicator: ~10 s, refreshed every 5
                first.set()
                await asyncio.sleep(5)
        except Exception as exc:  # noqa: BLE001 - only a nicety: never an error
            log.info("no typing indicator in %s: %s", getattr(channel, "id", "?"), getattr(exc, "status", exc))
        finally:
            first.set()

    task = asyncio.create_task(keep_typing())
    try:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(first.wait(), TYPING_HEAD_START)
        yield
    finally:
        task.cancel()


async def reply(message: discord.Message, content: str | None, **extra: Any) -> bool:
    """Reply to `message` (`extra`: embeds, a view); False (logged) when Discord refused."""
    try:
        await message.channel.send(
            render.cut(content, render.MESSAGE_LIMIT) if content is not None else None,
            reference=message.to_reference(fail_if_not_exists=False),
            mention_author=False,
            allowed_mentions=NO_MENTIONS,
            **extra,
        )
    except discord.HTTPException as exc:
        log.warning("could not reply in %s: %s %s", message.channel.id, exc.status, exc.text[:200])
        return False
    return True


async def fetch_channel(client: discord.Client, channel_id: int | None) -> Any:
    """The channel, or None when it is gone or hidden from me."""
    if channel_id is None:
        return None
    try:
        return await client.fetch_channel(channel_id)
    except (discord.NotFound, discord.Forbidden):
        return None


async def dm_channel(interaction: discord.Interaction) -> discord.abc.Messageable:
    channel = interaction.channel
    if isinstance(channel, (discord.DMChannel, discord.PartialMessageable)):
        return channel
    return await interaction.user.create_dm()
