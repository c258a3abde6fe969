"""Runs the real bot (discord.py, our adapter, the core on SQLite) inside the
test's event loop against a FakeDiscord, and plays a user."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from adapters.discord import DiscordConfig, InterviewBot, build_bot
from adapters.discord.transport import use_api_url
from interview_core.documents import DocumentLimits, DocumentReader
from interview_core.providers.base import Provider
from interview_core.providers.offline import OfflineProvider
from interview_core.service import InterviewService
from interview_core.storage import Store
from tests.discord.fake_discord import ALICE, CHANNEL_ID, Call, FakeDiscord
from tests.helpers import (
    SAMPLE_ANSWERS,
    SAMPLE_CV,
    SAMPLE_JD,
    FlakyFeedback,
    SlowProvider,
)

__all__ = ["SAMPLE_CV", "SAMPLE_JD", "FlakyFeedback", "SlowProvider"]  # shared; the tests import them from here too

ROOT = Path(__file__).resolve().parents[2]
PDF_CV = (ROOT / "tests/fixtures/cv/awesome-cv-resume.pdf").read_bytes()

ANSWERS = SAMPLE_ANSWERS


@dataclass
class Running:
    bot: InterviewBot
    service: InterviewService
    store: Store
    task: asyncio.Task[None]


@contextlib.asynccontextmanager
async def running_bot(
    fake: FakeDiscord,
    db_path: Path,
    *,
    provider: Provider | None = None,
    limits: DocumentLimits = DocumentLimits(),
    reader: DocumentReader | None = None,
    **config: Any,
) -> AsyncIterator[Running]:
    """The bot connected and ready; closed (and its database) on exit."""
    settings = {
        "discord_token": "fake-token",
        "discord_api_url": fake.api_url,
        "discord_gateway_url": fake.gateway_url,
        **config,
    }
    previous = use_api_url(fake.api_url)
    store = await Store(db_path).open()
    service = InterviewService(store, provider or OfflineProvider(), max_questions=8)
    bot = build_bot(
        service, DiscordConfig(_env_file=None, **settings), reader=reader or DocumentReader(limits),
        guild_ready_timeout=0.05, identify_delay=0,
    )
    task = asyncio.create_task(bot.start("fake-token"))
    try:
        ready = asyncio.create_task(bot.wait_until_ready())
        done, _ = await asyncio.wait({ready, task}, timeout=15, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            ready.cancel()
            task.result()  # raises what went wrong
        assert ready in done, "the bot never became ready"
        yield Running(bot, service, store, task)
    finally:
        await bot.close()
        await asyncio.wait({task}, timeout=10)
        await store.close()
        use_api_url(previous)
    if task.done() and not task.cancelled() and task.exception() is not None:
        raise task.exception()  # type: ignore[misc]


class User:
    """Alice (or Bob) using Discord: sends events, reads what the bot posted."""

    def __init__(self, fake: FakeDiscord, user_id: str = ALICE) -> None:
        self.fake = fake
        self.user_id = user_id

    async def start(self, *, dm: bool = False, **kwargs: Any) -> tuple[dict[str, Any], int]:
        """Runs /interview start; returns the interaction and the call mark before it."""
        mark = self.fake.mark()
        interaction = self.fake.slash_start(user_id=self.user_id, dm=dm, **kwargs)
        await self.fake.dispatch("INTERACTION_CREATE", interaction)
        return interaction, mark

    async def command(self, sub: str, **kwargs: Any) -> tuple[dict[str, Any], int]:
        mark = self.fake.mark()
        interaction = self.fake.slash(sub, user_id=self.user_id, **kwargs)
        await self.fake.dispatch("INTERACTION_CREATE", interaction)
        return interaction, mark

    async def say(self, channel_id: str, content: str, *, dm: bool = False, **kwargs: Any) -> tuple[dict[str, Any], int]:
        mark = self.fake.mark()
        message = self.fake.user_message(channel_id, content, user_id=self.user_id, dm=dm, **kwargs)
        await self.fake.dispatch("MESSAGE_CREATE", message)
        return message, mark

    async def say_handled(
        self, bot: InterviewBot, channel_id: str, content: str, *, dm: bool = False, **kwargs: Any
    ) -> tuple[str | None, int]:
        """Sends a message and waits until the bot has fully handled it;
        returns the core's outcome kind (None: not for the bot) and the call mark before it."""
        mark = self.fake.mark()
        message = self.fake.user_message(channel_id, content, user_id=self.user_id, dm=dm, **kwargs)
        return await deliver(self.fake, bot, message), mark


async def deliver(fake: FakeDiscord, bot: InterviewBot, message: dict[str, Any]) -> str | None:
    """MESSAGE_CREATE `message` and wait until the bot has handled it."""
    handled = asyncio.ensure_future(
        bot.wait_for("interview_message_handled", check=lambda m, kind: m.id == int(message["id"]), timeout=15)
    )
    await fake.dispatch("MESSAGE_CREATE", message)
    _, kind = await handled
    return kind


QUESTION = re.compile(r"\*\*Question (\d+)/(\d+)\*\*")


def question_number(message: dict[str, Any]) -> int | None:
    found = QUESTION.search(message.get("content") or "")
    return int(found.group(1)) if found else None


def is_question(n: int):
    return lambda m: question_number(m) == n


async def thread_from_start(fake: FakeDiscord, mark: int) -> str:
    call = await fake.wait_for(
        lambda c: c.method == "POST" and c.path == f"/channels/{CHANNEL_ID}/threads" and c.status == 201, since=mark
    )
    return call.response["id"]


async def answer_all(fake: FakeDiscord, alice: User, channel_id: str, first: int = 1, *, dm: bool = False,
                     last: int = 8) -> dict[str, Any]:
    """Answers questions first..last, each after the bot asked it; returns the last bot message."""
    message: dict[str, Any] = {}
    for n in range(first, last + 1):
        sent, mark = await alice.say(channel_id, ANSWERS[n - 1], dm=dm)
        if n < 8:
            message = await fake.wait_message(channel_id, is_question(n + 1), since=mark)
            assert str(message["message_reference"]["message_id"]) == sent["id"]  # a reply to the answer
        else:
            message = await fake.wait_message(channel_id, lambda m: bool(m["embeds"]), since=mark)
    return message


# -- what Discord's numbers on the wire mean -----------------------------------------
# https://discord.com/developers/docs/interactions/receiving-and-responding, .../topics/gateway

DEFERRED_MESSAGE = 5  # an interaction callback: "thinking...", the answer edits it later
DEFERRED_UPDATE = 6  # an interaction callback: the message the button is on is edited later
EPHEMERAL = 1 << 6  # a message flag: only the user who ran the command sees it
PUBLIC_THREAD, PRIVATE_THREAD = 11, 12  # channel types
APP_COMMAND_BADGE = 1 << 23  # an application flag; without GATEWAY_MESSAGE_CONTENT(_LIMITED)


async def deferral(fake: FakeDiscord, interaction: dict[str, Any], since: int) -> Call:
    """The bot's first answer to `interaction` (its callback)."""
    return await fake.wait_for(lambda c: c.path.startswith(f"/interactions/{interaction['id']}/"), since=since)


def is_deferred(call: Call) -> bool:
    """The interaction was answered with "thinking...": the real answer edits it later."""
    return call.json["type"] == DEFERRED_MESSAGE


def is_deferred_update(call: Call) -> bool:
    """A button click answered with "the message it is on will be edited"."""
    return call.json["type"] == DEFERRED_UPDATE


def is_private(sent: Call | dict[str, Any]) -> bool:
    """Only the user sees it: a deferred answer (a Call) or a message (a dict) that is ephemeral."""
    payload = (sent.json.get("data") or {}) if isinstance(sent, Call) else sent
    return bool((payload.get("flags") or 0) & EPHEMERAL)


def button_ids(message: dict[str, Any]) -> list[str]:
    """The custom ids of the buttons on a message, in order (none: [])."""
    return [button["custom_id"] for row in message.get("components") or [] for button in row["components"]]


def is_private_thread(channel: dict[str, Any]) -> bool:
    return channel["type"] == PRIVATE_THREAD


def is_public_thread(channel: dict[str, Any]) -> bool:
    return channel["type"] == PUBLIC_THREAD
