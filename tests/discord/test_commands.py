"""/interview status, history, feedback, delete and help; command sync;
the message-content intent; rate limits; shards."""

from __future__ import annotations

import logging

from adapters.discord.render import TEXTS
from interview_core.models import Owner
from tests.discord.fake_discord import (
    ALICE,
    APP_ID,
    CHANNEL_ID,
    DM_CHANNEL_ID,
    GUILD_ID,
    FakeDiscord,
)
from tests.discord.fake_users import option
from tests.discord.harness import (
    APP_COMMAND_BADGE,
    SAMPLE_CV,
    SAMPLE_JD,
    FlakyFeedback,
    User,
    answer_all,
    button_ids,
    deferral,
    is_deferred,
    is_deferred_update,
    is_private,
    is_question,
    running_bot,
    thread_from_start,
)

CV = ("cv.md", SAMPLE_CV, "text/markdown")
JD = ("jd.md", SAMPLE_JD, "text/markdown")
OWNER = Owner("discord", GUILD_ID, ALICE)


async def started(fake: FakeDiscord, alice: User) -> str:
    _, mark = await alice.start(cv=CV, jd=JD)
    thread_id = await thread_from_start(fake, mark)
    await fake.wait_message(thread_id, is_question(1), since=mark)
    return thread_id


async def reply_to(alice: User, sub: str, **kwargs) -> dict:
    interaction, mark = await alice.command(sub, **kwargs)
    defer = await deferral(alice.fake, interaction, since=mark)
    assert is_deferred(defer)
    if not kwargs.get("dm"):
        assert is_private(defer)
    return await alice.fake.wait_original(interaction["token"], since=mark)


async def test_status_history_and_help(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path):
        alice = User(fake)
        assert "no interviews yet" in (await reply_to(alice, "status"))["content"]
        assert "no interviews yet" in (await reply_to(alice, "history"))["content"]
        help_text = (await reply_to(alice, "help"))["content"]
        assert "/interview start" in help_text and "/interview delete" in help_text

        thread_id = await started(fake, alice)
        await answer_all(fake, alice, thread_id, 1, last=2)
        status = (await reply_to(alice, "status"))["content"]
        assert "2 of 8 questions answered" in status and f"<#{thread_id}>" in status
        assert "(in progress)" in status

        history = (await reply_to(alice, "history"))["content"]
        assert "Senior Backend Engineer" in history and "2/8 answered" in history


async def test_feedback_shows_and_regenerates_after_a_failure(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path, provider=FlakyFeedback(failures=1)):
        alice = User(fake)
        early = (await reply_to(alice, "feedback"))["content"]
        assert "no finished interview" in early

        thread_id = await started(fake, alice)
        mark = fake.mark()
        for n, text in enumerate(["Answer one about Python."] * 8, start=1):
            _, m = await alice.say(thread_id, f"{text} ({n})")
            if n < 8:
                await fake.wait_message(thread_id, is_question(n + 1), since=m)
        failed = await fake.wait_message(thread_id, lambda m: "/interview feedback" in m["content"], since=mark)
        assert "could not be written just now" in failed["content"]
        assert failed["content"].endswith("Use `/interview feedback` to try again.")
        # The end of the interview does not promise a report that is not there.
        (done,) = [m for m in fake.messages[thread_id] if "That's the end of the interview" in m["content"]]
        assert done["content"] == TEXTS.completed(8) and "Here is" not in done["content"]

        # /interview feedback in the thread writes the report now.
        shown = await reply_to(alice, "feedback", channel_id=thread_id)
        assert shown["embeds"][0]["title"].startswith("Overall score")
        assert button_ids(shown)[0].startswith("interview:notes:")

        # And again, from the channel, with regenerate.
        again = await reply_to(alice, "feedback", options=[option("regenerate", True)])
        assert again["embeds"][0]["title"].startswith("Overall score")
        history = (await reply_to(alice, "history"))["content"]
        assert "/100" in history


async def test_delete_needs_confirmation(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path) as run:
        alice = User(fake)
        await started(fake, alice)
        ask = await reply_to(alice, "delete")
        assert "can't be undone" in ask["content"]
        assert button_ids(ask) == ["interview:delete:yes", "interview:delete:no"]

        mark = fake.mark()
        click = fake.button("interview:delete:no", channel_id=CHANNEL_ID)
        await fake.dispatch("INTERACTION_CREATE", click)
        cancelled = await fake.wait_original(click["token"], since=mark)
        assert cancelled["content"] == "Nothing was deleted."
        assert is_deferred_update(fake.calls_to("POST", f"/interactions/{click['id']}/", since=mark)[0])
        assert len(await run.service.history(OWNER)) == 1

        mark = fake.mark()
        click = fake.button("interview:delete:yes", channel_id=CHANNEL_ID)
        await fake.dispatch("INTERACTION_CREATE", click)
        done = await fake.wait_original(click["token"], since=mark)
        assert done["content"].startswith("Done: I deleted 1 interview")
        assert button_ids(done) == []
        assert await run.service.history(OWNER) == []
        assert await run.service.documents(OWNER) == {}


async def test_commands_sync_to_one_guild_when_configured(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path, discord_guild_id=int(GUILD_ID)):
        call = await fake.wait_for(lambda c: c.method == "PUT" and c.path.endswith("/commands"))
        assert call.path == f"/applications/{APP_ID}/guilds/{GUILD_ID}/commands"
        # A guild command still answers.
        assert "/interview start" in (await reply_to(User(fake), "help"))["content"]


async def test_invite_url_and_missing_message_content_intent(fake: FakeDiscord, db_path, caplog) -> None:
    fake.app_flags = APP_COMMAND_BADGE  # and no GATEWAY_MESSAGE_CONTENT(_LIMITED)
    caplog.set_level(logging.INFO, logger="adapters.discord")
    async with running_bot(fake, db_path) as run:
        assert not fake.identified_with_message_content_intent()  # asking would get a 4014 close
        text = caplog.text
        assert "Message Content Intent is not enabled" in text
        assert f"client_id={APP_ID}&scope=bot+applications.commands&permissions=377957207040" in text
        assert "fake-token" not in text

        alice = User(fake)
        thread_id = await started(fake, alice)
        kind, mark = await alice.say_handled(run.bot, thread_id, "")  # what Discord sends without the intent
        assert kind == "rejected"
        hint = fake.calls_to("POST", f"/channels/{thread_id}/messages", since=mark)[0].response
        assert "Message Content Intent" in hint["content"]


async def test_rate_limited_requests_are_retried(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path):
        alice = User(fake)
        thread_id = await started(fake, alice)
        fake.rate_limit_next.add(f"POST /channels/{thread_id}/messages")
        _, mark = await alice.say(thread_id, "I optimised our SQL queries with better indexes.")
        await fake.wait_message(thread_id, is_question(2), since=mark)
        statuses = [c.status for c in fake.calls_to("POST", f"/channels/{thread_id}/messages", since=mark)]
        assert statuses == [429, 200]


async def test_two_shards(db_path) -> None:
    async with FakeDiscord(shards=2) as fake:
        async with running_bot(fake, db_path, discord_shards=2) as run:
            await fake.wait_ready()
            assert fake.identified_shard_counts() == [2, 2]
            assert run.bot.shard_count == 2
            alice = User(fake)
            thread_id = await started(fake, alice)
            assert fake.shard_of(GUILD_ID) == run.bot.get_guild(int(GUILD_ID)).shard_id
            await answer_all(fake, alice, thread_id, 1, last=1)
            # A DM arrives on shard 0, whatever the guild's shard.
            kind, _ = await alice.say_handled(run.bot, DM_CHANNEL_ID, "hi", dm=True)
            assert kind is None


async def test_feedback_also_writes_the_report_an_older_interview_is_owed(fake: FakeDiscord, db_path) -> None:
    """The first interview's report failed; a second was finished since. `/interview
    feedback` shows the latest and also writes, and shows, the one still owed."""
    async with running_bot(fake, db_path, provider=FlakyFeedback(failures=1)) as run:
        alice = User(fake)
        threads = []
        for round_ in (1, 2):
            thread_id = await started(fake, alice)
            threads.append(thread_id)
            mark = fake.mark()
            for n in range(1, 9):
                _, m = await alice.say(thread_id, f"Answer {n} of round {round_}, about triage on the ward.")
                if n < 8:
                    await fake.wait_message(thread_id, is_question(n + 1), since=m)
            await fake.wait_message(thread_id, lambda m: "/interview feedback" in m["content"]
                                    or bool(m["embeds"]), since=mark)
        owner = Owner("discord", GUILD_ID, ALICE)
        assert [s.overall_score is None for s in await run.service.history(owner)] == [False, True]

        interaction, mark = await alice.command("feedback")
        shown = await fake.wait_original(interaction["token"], since=mark)
        assert shown["embeds"][0]["title"].startswith("Overall score")
        await fake.wait_for(lambda c: c.method == "POST" and c.path == f"/webhooks/{APP_ID}/{interaction['token']}",
                            since=mark)
        (followup,) = fake.followups[interaction["token"]]
        assert followup["content"].startswith("You were also owed the report for")
        assert followup["embeds"][0]["title"].startswith("Overall score")
        assert [s.overall_score is None for s in await run.service.history(owner)] == [False, False]

        # Run in the first interview's thread, it shows that interview's report, not the latest.
        first_id = (await run.service.history(owner))[-1].interview.id
        shown = await reply_to(alice, "feedback", channel_id=threads[0])
        assert shown["embeds"][1]["footer"]["text"].startswith(f"Interview #{first_id} ")
        assert shown["content"].startswith(TEXTS.report_for("**Senior Backend Engineer**"))
