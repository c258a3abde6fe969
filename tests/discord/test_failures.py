"""When the interviewer fails, or something unexpected breaks, the user gets a
short friendly message and nothing is lost."""

from __future__ import annotations

from adapters.discord.render import TEXTS
from interview_core.providers.offline import OfflineProvider
from tests.discord.fake_discord import BOB, CHANNEL_ID, FakeDiscord
from tests.discord.harness import (
    SAMPLE_CV,
    SAMPLE_JD,
    User,
    answer_all,
    button_ids,
    is_question,
    running_bot,
    thread_from_start,
)
from tests.helpers import ScriptedProvider

CV = ("cv.md", SAMPLE_CV, "text/markdown")
JD = ("jd.md", SAMPLE_JD, "text/markdown")


async def test_interviewer_outage_at_start_and_mid_interview(fake: FakeDiscord, db_path) -> None:
    scripted = ScriptedProvider(fail_questions={1, 3})
    async with running_bot(fake, db_path, provider=scripted) as run:
        alice = User(fake)
        interaction, mark = await alice.start(cv=CV, jd=JD)
        thread_id = await thread_from_start(fake, mark)
        notice = await fake.wait_message(thread_id, lambda m: "/interview resume" in m["content"], since=mark)
        assert "having trouble" in notice["content"]
        reply = await fake.wait_original(interaction["token"], since=mark)
        assert f"<#{thread_id}>" in reply["content"]

        interaction, mark = await alice.command("resume", channel_id=thread_id)
        await fake.wait_message(thread_id, is_question(1), since=mark)
        await answer_all(fake, alice, thread_id, 1, last=1)

        # The engine fails on question 3: the answer is saved, the user is told.
        kind, mark = await alice.say_handled(run.bot, thread_id, "My second answer, about testing.")
        assert kind == "pending"
        (pending,) = [c.response for c in fake.calls_to("POST", f"/channels/{thread_id}/messages", since=mark)]
        assert "Your answer is saved" in pending["content"]
        assert pending["content"].endswith("Use `/interview resume` to get the next question.")
        assert pending["message_reference"]  # a reply to the answer
        # What the next message becomes (an addition to answer 2, then question 3) is the
        # core's: tests/chat/test_conversation.py, test_a_failed_question_keeps_the_answer_and_counts_it.


class Broken(OfflineProvider):
    async def follow_up_question(self, ctx):
        raise RuntimeError("a bug, with a secret path /srv/app/engine.py")


async def test_an_unexpected_error_is_a_friendly_sentence(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path, provider=Broken()) as run:
        alice = User(fake)
        _, mark = await alice.start(cv=CV, jd=JD)
        thread_id = await thread_from_start(fake, mark)
        await fake.wait_message(thread_id, is_question(1), since=mark)
        kind, mark = await alice.say_handled(run.bot, thread_id, "An answer.")
        assert kind == "error"
        (reply,) = [c.response for c in fake.calls_to("POST", f"/channels/{thread_id}/messages", since=mark)]
        # The error came while the answer was being taken: it is not said to be saved.
        assert reply["content"] == TEXTS.maybe_not_saved
        assert "RuntimeError" not in reply["content"] and "/srv" not in reply["content"]


async def test_start_from_inside_a_thread_opens_one_in_its_channel(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path):
        alice = User(fake)
        _, mark = await alice.start(cv=CV, jd=JD)
        first = await thread_from_start(fake, mark)
        await fake.wait_message(first, is_question(1), since=mark)

        interaction = fake.slash_start(cv=CV, jd=JD)
        interaction["channel"] = dict(fake.channels[first])
        interaction["channel_id"] = first
        mark = fake.mark()
        await fake.dispatch("INTERACTION_CREATE", interaction)
        second = await thread_from_start(fake, mark)  # created in CHANNEL_ID, the parent
        assert second != first and fake.channels[second]["parent_id"] == CHANNEL_ID
        await fake.wait_message(second, is_question(1), since=mark)


async def test_notes_of_someone_else_are_not_shown(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path):
        alice = User(fake)
        _, mark = await alice.start(cv=CV, jd=JD)
        thread_id = await thread_from_start(fake, mark)
        await fake.wait_message(thread_id, is_question(1), since=mark)
        report = await answer_all(fake, alice, thread_id)
        (custom_id,) = button_ids(report)

        mark = fake.mark()
        click = fake.button(custom_id, channel_id=thread_id, user_id=BOB)
        await fake.dispatch("INTERACTION_CREATE", click)
        shown = await fake.wait_original(click["token"], since=mark)
        assert shown["content"] == "I can't find that interview."
        assert not shown.get("embeds")
