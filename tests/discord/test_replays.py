"""An interaction delivered twice (a gateway resume replays it, a proxy repeats it)
starts one interview, even across a restart of the bot."""

from __future__ import annotations

import asyncio

from interview_core.models import Owner
from tests.discord.fake_discord import ALICE, GUILD_ID, FakeDiscord
from tests.discord.harness import (
    SAMPLE_CV,
    SAMPLE_JD,
    User,
    is_question,
    running_bot,
    thread_from_start,
)

FILES = {"cv": ("cv.md", SAMPLE_CV, "text/markdown"), "jd": ("jd.md", SAMPLE_JD, "text/markdown")}
OWNER = Owner("discord", GUILD_ID, ALICE)


async def _settle(fake: FakeDiscord) -> None:
    for _ in range(50):  # until nothing new is called for a while
        before = fake.mark()
        await asyncio.sleep(0.1)
        if fake.mark() == before:
            return


async def test_the_same_start_interaction_twice_makes_one_interview(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path) as run:
        alice = User(fake)
        interaction, mark = await alice.start(**FILES)
        thread_id = await thread_from_start(fake, mark)
        await fake.wait_message(thread_id, is_question(1), since=mark)
        await fake.dispatch("INTERACTION_CREATE", interaction)  # the very same event again
        await _settle(fake)
        assert len(await run.service.history(OWNER)) == 1
        assert len(fake.threads()) == 1


async def test_a_start_replayed_after_a_restart_makes_one_interview(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path):
        alice = User(fake)
        interaction, mark = await alice.start(**FILES)
        thread_id = await thread_from_start(fake, mark)
        await fake.wait_message(thread_id, is_question(1), since=mark)
    fake.acknowledged.discard(interaction["id"])  # as if the first answer never reached Discord
    async with running_bot(fake, db_path) as run:
        mark = fake.mark()
        await fake.dispatch("INTERACTION_CREATE", interaction)
        await _settle(fake)
        assert len(await run.service.history(OWNER)) == 1
        assert len(fake.threads()) == 1
        # The replay is answered with where the interview is.
        answers = [c for c in fake.calls_to("PATCH", "/webhooks/", since=mark)
                   + fake.calls_to("POST", "/interactions/", since=mark)]
        said = " ".join(str(c.json) for c in answers)
        assert f"<#{thread_id}>" in said, said
