"""A slow interviewer never costs an interaction its 3-second window, and the
thread shows the typing indicator while it writes."""

from __future__ import annotations

import time

from tests.discord.fake_discord import FakeDiscord
from tests.discord.harness import (
    SAMPLE_CV,
    SAMPLE_JD,
    SlowProvider,
    User,
    deferral,
    is_deferred,
    is_private,
    is_question,
    running_bot,
    thread_from_start,
)


async def test_a_10_second_provider_is_deferred_in_time(fake: FakeDiscord, db_path) -> None:
    slow = SlowProvider(delay=10.0)
    async with running_bot(fake, db_path, provider=slow) as run:
        alice = User(fake)
        sent = time.monotonic()
        interaction, mark = await alice.start(cv=("cv.md", SAMPLE_CV, "text/markdown"), jd=("jd.md", SAMPLE_JD, "text/markdown"))
        defer = await deferral(fake, interaction, since=mark)
        assert is_deferred(defer)
        assert defer.at - sent < 3.0

        # The interviewer is now writing question 1 (it would take 10 s): the
        # thread exists and shows "typing", and the user has been told nothing wrong.
        await slow.started.wait()
        thread_id = await thread_from_start(fake, mark)
        await fake.wait_for(lambda c: c.method == "POST" and c.path == f"/channels/{thread_id}/typing", since=mark)
        assert not fake.calls_to("PATCH", "/webhooks/", since=mark)

        slow.release.set()  # end the wait now rather than in 10 s
        await fake.wait_message(thread_id, is_question(1), since=mark)
        reply = await fake.wait_original(interaction["token"], since=mark)
        assert f"<#{thread_id}>" in reply["content"]

        # An answer while the interviewer is slow: typing first, the question after.
        slow.release.clear()
        slow.started.clear()
        _, mark = await alice.say(thread_id, "I led the migration of our monolith to services.")
        await slow.started.wait()
        await fake.wait_for(lambda c: c.method == "POST" and c.path == f"/channels/{thread_id}/typing", since=mark)
        slow.release.set()
        await fake.wait_message(thread_id, is_question(2), since=mark)

        # Every command defers first too, e.g. /interview status while busy.
        slow.release.clear()
        interaction, mark = await alice.command("status")
        defer = await deferral(fake, interaction, since=mark)
        assert is_deferred(defer) and is_private(defer)
        await fake.wait_original(interaction["token"], since=mark)
        assert run.bot.is_ready()
