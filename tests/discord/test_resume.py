"""Resuming: after a restart (state only in the database), in a thread that
was deleted or archived, and with nothing to resume."""

from __future__ import annotations

from interview_core.models import Owner
from tests.discord.fake_discord import ALICE, CHANNEL_ID, GUILD_ID, FakeDiscord
from tests.discord.harness import (
    ANSWERS,
    SAMPLE_CV,
    SAMPLE_JD,
    SlowProvider,
    User,
    answer_all,
    is_question,
    running_bot,
    thread_from_start,
)

CV = ("cv.md", SAMPLE_CV, "text/markdown")
JD = ("jd.md", SAMPLE_JD, "text/markdown")
OWNER = Owner("discord", GUILD_ID, ALICE)


async def test_restart_mid_turn_then_resume(fake: FakeDiscord, db_path) -> None:
    slow = SlowProvider(delay=10.0)
    slow.release.set()
    async with running_bot(fake, db_path, provider=slow) as run:
        alice = User(fake)
        _, mark = await alice.start(cv=CV, jd=JD)
        thread_id = await thread_from_start(fake, mark)
        await fake.wait_message(thread_id, is_question(1), since=mark)
        await answer_all(fake, alice, thread_id, 1, last=2)  # questions 2 and 3 asked
        # The 3rd answer arrives while the interviewer hangs; the process stops.
        slow.release.clear()
        slow.started.clear()
        await alice.say(thread_id, ANSWERS[2])
        await slow.started.wait()
    # Closed mid-turn: the answer is saved, question 4 was never written.

    async with running_bot(fake, db_path) as run:
        (summary,) = await run.service.history(OWNER)
        assert summary.progress["question_count"] == 3
        transcript = await run.service.transcript(OWNER, summary.interview.id)
        assert transcript[-1].text == ANSWERS[2]

        interaction, mark = await alice.command("resume")
        q4 = await fake.wait_message(thread_id, is_question(4), since=mark)
        assert q4["content"].startswith("Mock interview: **Senior Backend Engineer**")
        assert "Picking up where you left off (3/8 answered)." in q4["content"]
        reply = await fake.wait_original(interaction["token"], since=mark)
        assert f"<#{thread_id}>" in reply["content"] and "new thread" not in reply["content"]
        assert fake.calls_to("POST", f"/channels/{CHANNEL_ID}/threads", since=mark) == []

        report = await answer_all(fake, alice, thread_id, 4)
        assert report["embeds"][0]["title"].startswith("Overall score")


async def test_restart_between_turns_and_answer_directly(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path):
        alice = User(fake)
        _, mark = await alice.start(cv=CV, jd=JD)
        thread_id = await thread_from_start(fake, mark)
        await fake.wait_message(thread_id, is_question(1), since=mark)
        await answer_all(fake, alice, thread_id, 1, last=1)

    # A new process: the thread arrives with GUILD_CREATE; answering just continues.
    async with running_bot(fake, db_path):
        await answer_all(fake, alice, thread_id, 2, last=3)


async def test_resume_in_a_deleted_thread_opens_a_new_one(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path) as run:
        alice = User(fake)
        _, mark = await alice.start(cv=CV, jd=JD)
        old = await thread_from_start(fake, mark)
        await fake.wait_message(old, is_question(1), since=mark)
        await answer_all(fake, alice, old, 1, last=1)

        await fake.moderator_deletes_thread(old)
        interaction, mark = await alice.command("resume")
        new = await thread_from_start(fake, mark)
        assert new != old
        q2 = await fake.wait_message(new, is_question(2), since=mark)
        assert "Picking up where you left off (1/8 answered)." in q2["content"]
        reply = await fake.wait_original(interaction["token"], since=mark)
        assert f"<#{new}>" in reply["content"] and "new thread" in reply["content"]
        (summary,) = await run.service.history(OWNER)
        assert summary.interview.thread == new

        await answer_all(fake, alice, new, 2, last=3)


async def test_resume_in_an_archived_thread_opens_a_new_one(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path):
        alice = User(fake)
        _, mark = await alice.start(cv=CV, jd=JD)
        old = await thread_from_start(fake, mark)
        await fake.wait_message(old, is_question(1), since=mark)
        fake.archive(old)
        interaction, mark = await alice.command("resume", channel_id=old)  # typed in the old thread
        new = await thread_from_start(fake, mark)
        await fake.wait_message(new, is_question(1), since=mark)
        reply = await fake.wait_original(interaction["token"], since=mark)
        assert f"<#{new}>" in reply["content"]


async def test_resume_with_nothing_to_resume(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path):
        interaction, mark = await User(fake).command("resume")
        reply = await fake.wait_original(interaction["token"], since=mark)
        assert reply["content"] == "You have no unfinished interview. `/interview start` begins a new one."
