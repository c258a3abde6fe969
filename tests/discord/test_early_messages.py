"""A message sent while the next question is being written is an addition to the
answer before it, never the answer to a question the user has not seen (issue 10)."""

from __future__ import annotations

import asyncio
import sqlite3

from tests.discord.fake_discord import FakeDiscord
from tests.discord.harness import (
    SAMPLE_CV,
    SAMPLE_JD,
    User,
    deliver,
    is_question,
    running_bot,
    thread_from_start,
)
from tests.helpers import ScriptedProvider

CV = ("cv.md", SAMPLE_CV, "text/markdown")
JD = ("jd.md", SAMPLE_JD, "text/markdown")


async def test_an_early_message_is_added_to_the_answer_it_follows(fake: FakeDiscord, db_path) -> None:
    scripted = ScriptedProvider()
    async with running_bot(fake, db_path, provider=scripted) as run:
        alice = User(fake)
        _, mark = await alice.start(cv=CV, jd=JD)
        thread_id = await thread_from_start(fake, mark)
        await fake.wait_message(thread_id, is_question(1), since=mark)

        scripted.block = asyncio.Event()  # the model takes its time over question 2
        first = fake.user_message(thread_id, "My first answer.", user_id=alice.user_id)
        answering = asyncio.ensure_future(deliver(fake, run.bot, first))
        while ("follow_up", 2) not in scripted.calls:
            await asyncio.sleep(0.01)
        kind, mark = await alice.say_handled(run.bot, thread_id, "And one more detail about question one.")
        assert kind == "added"
        (reply,) = [c.response for c in fake.calls_to("POST", f"/channels/{thread_id}/messages", since=mark)]
        assert reply["content"] == "Added to your answer to question 1."
        scripted.block.set()
        assert await answering == "question"
        await fake.wait_message(thread_id, is_question(2), since=mark)

        kind, _ = await alice.say_handled(run.bot, thread_id, "My second answer.")
        assert kind == "question"  # the real answer to question 2, asked and shown
    with sqlite3.connect(db_path) as conn:
        answers = [t for (t,) in conn.execute("SELECT text FROM messages WHERE role = 'user' ORDER BY seq")]
        added = conn.execute("SELECT answer_seq, text FROM answer_additions").fetchall()
    assert answers == ["My first answer.", "My second answer."]
    assert added == [(2, "And one more detail about question one.")]
