"""Who may answer, and what is not an answer: other members, edits, bots,
attachments, redelivered events."""

from __future__ import annotations

import asyncio

from adapters.discord.render import TEXTS
from interview_core.models import Owner
from tests.discord.fake_discord import ALICE, BOB, GUILD_ID, FakeDiscord
from tests.discord.harness import (
    SAMPLE_CV,
    SAMPLE_JD,
    User,
    deliver,
    is_question,
    running_bot,
    thread_from_start,
)


async def start_in_thread(fake: FakeDiscord, alice: User) -> str:
    _, mark = await alice.start(cv=("cv.md", SAMPLE_CV, "text/markdown"), jd=("jd.md", SAMPLE_JD, "text/markdown"))
    thread_id = await thread_from_start(fake, mark)
    await fake.wait_message(thread_id, is_question(1), since=mark)
    return thread_id


def posted(fake: FakeDiscord, thread_id: str, since: int) -> list:
    return fake.calls_to("POST", f"/channels/{thread_id}/", since=since)


async def test_other_members_edits_and_bots_change_nothing(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path) as run:
        alice, bob = User(fake), User(fake, BOB)
        thread_id = await start_in_thread(fake, alice)
        owner = Owner("discord", GUILD_ID, ALICE)
        (summary,) = await run.service.history(owner)
        mark = fake.mark()

        # Bob types in Alice's thread: not an answer, no reply, no typing.
        kind, _ = await bob.say_handled(run.bot, thread_id, "Good luck Alice!")
        assert kind == "not_owner"
        kind, _ = await bob.say_handled(run.bot, thread_id, "")  # and an empty one
        assert kind == "not_owner"

        # Another bot (or a webhook) posting there: ignored before the core is asked.
        from_bot = fake.user_message(thread_id, "I am a bot", user_id="1100000000000000099")
        from_bot["author"]["bot"] = True
        assert await deliver(fake, run.bot, from_bot) is None

        # Alice edits her (not yet sent) message: MESSAGE_UPDATE is not an answer.
        edit = fake.user_message(thread_id, "an edited text")
        edit["edited_timestamp"] = edit["timestamp"]
        edited = asyncio.ensure_future(run.bot.wait_for("raw_message_edit", timeout=10))
        await fake.dispatch("MESSAGE_UPDATE", edit)
        await edited

        assert posted(fake, thread_id, mark) == []
        assert (await run.service.progress(owner, summary.interview.id))["question_count"] == 1

        # Alice's answer is the answer, and the next question replies to it.
        answer = fake.user_message(thread_id, "I built the billing service in Python and Django.")
        assert await deliver(fake, run.bot, answer) == "question"
        q2 = await fake.wait_message(thread_id, is_question(2), since=mark)
        assert str(q2["message_reference"]["message_id"]) == answer["id"]
        assert q2["allowed_mentions"] == {"parse": [], "replied_user": False}

        # The same MESSAGE_CREATE delivered again (a gateway resume): nothing new.
        before = fake.mark()
        assert await deliver(fake, run.bot, answer) == "duplicate"
        assert [c for c in posted(fake, thread_id, before) if c.path.endswith("/messages")] == []
        assert (await run.service.progress(owner, summary.interview.id))["question_count"] == 2


async def test_attachment_only_and_empty_answers_get_a_hint(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path) as run:
        alice, bob = User(fake), User(fake, BOB)
        thread_id = await start_in_thread(fake, alice)
        picture = [{"id": fake.snowflake(), "filename": "answer.png", "size": 2048, "url": f"{fake.base}/cdn/x.png",
                    "proxy_url": f"{fake.base}/cdn/x.png", "content_type": "image/png"}]

        kind, mark = await alice.say_handled(run.bot, thread_id, "", attachments=picture)
        assert kind == "rejected"
        (hint,) = [c.response for c in fake.calls_to("POST", f"/channels/{thread_id}/messages", since=mark)]
        assert hint["content"] == TEXTS.attachment_only  # the sentence every platform shares

        kind, mark = await alice.say_handled(run.bot, thread_id, "   ")
        assert kind == "rejected"

        # Bob's attachment gets no hint: only the owner hears from the bot.
        kind, mark = await bob.say_handled(run.bot, thread_id, "", attachments=picture)
        assert kind == "not_owner"
        assert posted(fake, thread_id, mark) == []


async def test_messages_outside_interview_threads_are_ignored(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path) as run:
        alice = User(fake)
        from tests.discord.fake_discord import CHANNEL_ID

        kind, mark = await alice.say_handled(run.bot, CHANNEL_ID, "hello everyone")
        assert kind is None
        assert fake.calls_to("POST", "/channels/", since=mark) == []
