"""Issue 12 on Discord, through the real discord.py client against the loopback fake:
practice mode (feedback after each answer, the Try again button, attempts in the report),
drills (`/interview drill`), and questions about a finished report in its thread."""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from interview_core.feedback import COMPETENCY_LABELS
from interview_core.models import Owner
from tests.discord.fake_discord import (
    ALICE,
    APP_ID,
    BOB,
    DM_CHANNEL_ID,
    GUILD_ID,
    FakeDiscord,
)
from tests.discord.fake_users import option
from tests.discord.harness import (
    ANSWERS,
    SAMPLE_CV,
    SAMPLE_JD,
    User,
    button_ids,
    deferral,
    is_deferred_update,
    is_private,
    is_question,
    running_bot,
    thread_from_start,
)

CV = ("cv.md", SAMPLE_CV, "text/markdown")
JD = ("jd.md", SAMPLE_JD, "text/markdown")
OWNER = Owner("discord", GUILD_ID, ALICE)
SCORE = re.compile(r"Answer score: (\d+)/100")
ATTEMPTS = re.compile(r"Your attempts at question 1: (\d+) then (\d+)\.")
# A fuller second try at question 1: situation, task, action, result, numbers.
BETTER = (
    "At Brightwave the card-authorisation service had a p99 of 480 ms (situation). My task was to cut it "
    "below 150 ms with no downtime. I profiled it, split the monolith behind a feature flag, moved the hot "
    "path to Go and load-tested at 3,000 requests per second. The result: 120 ms p99, zero incidents, and "
    "the pattern became our team's standard for two more services."
)


def posts(fake: FakeDiscord, channel_id: str, since: int) -> list[dict[str, Any]]:
    return [c.response for c in fake.calls_to("POST", f"/channels/{channel_id}/messages", since=since)
            if c.status == 200]


def embed_text(message: dict[str, Any]) -> str:
    """Everything an embed shows, in one string."""
    parts = []
    for embed in message.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or "",
                  (embed.get("footer") or {}).get("text") or ""]
        parts += [f"{f['name']}: {f['value']}" for f in embed.get("fields") or []]
    return "\n".join(parts)


def is_coaching(message: dict[str, Any]) -> bool:
    return bool(SCORE.search(embed_text(message)))


def is_report(message: dict[str, Any]) -> bool:
    return any((e.get("title") or "").startswith("Overall score") for e in message.get("embeds") or [])


async def start(fake: FakeDiscord, *options: dict[str, Any], user_id: str | None = None) -> str:
    """`/interview start` with these options; the thread, once question 1 is in it."""
    mark = fake.mark()
    interaction = fake.slash_start(cv=CV, jd=JD, **({"user_id": user_id} if user_id else {}))
    interaction["data"]["options"][0]["options"] += list(options)
    await fake.dispatch("INTERACTION_CREATE", interaction)
    thread_id = await thread_from_start(fake, mark)
    await fake.wait_message(thread_id, is_question(1), since=mark)
    return thread_id


async def finish(fake: FakeDiscord, alice: User, thread_id: str, questions: int) -> dict[str, Any]:
    """Answer every question of an interview; the report's message."""
    for n in range(1, questions + 1):
        _, mark = await alice.say(thread_id, ANSWERS[n - 1])
        if n < questions:
            await fake.wait_message(thread_id, is_question(n + 1), since=mark)
    return await fake.wait_message(thread_id, is_report, since=mark)


async def click(fake: FakeDiscord, custom_id: str, thread_id: str, user_id: str | None = None) -> dict[str, Any]:
    event = fake.button(custom_id, channel_id=thread_id, **({"user_id": user_id} if user_id else {}))
    await fake.dispatch("INTERACTION_CREATE", event)
    return event


# -- practice mode --------------------------------------------------------------------


async def test_a_practice_interview_coaches_each_answer_and_the_try_again_button_retries(
    fake: FakeDiscord, db_path
) -> None:
    async with running_bot(fake, db_path) as run:
        group = run.bot.tree.get_command("interview")
        schema = {p.name: p for p in group.get_command("start").parameters}  # type: ignore[union-attr]
        assert [c.value for c in schema["mode"].choices] == ["interview", "practice"]

        alice = User(fake)
        thread_id = await start(fake, option("mode", "practice"), option("questions", 3))
        intro = next(m for m in fake.messages[thread_id] if "Mock interview" in m["content"])
        assert "Practice mode" in intro["content"]

        # The first answer: its feedback at once, with a Try again button, then question 2.
        sent, mark = await alice.say(thread_id, ANSWERS[0])
        coaching = await fake.wait_message(thread_id, is_coaching, since=mark)
        assert str(coaching["message_reference"]["message_id"]) == sent["id"]
        (embed,) = coaching["embeds"]
        assert embed["title"] == "Feedback on your answer to question 1"
        first_score = int(SCORE.search(embed["description"]).group(1))
        assert [f["name"] for f in embed["fields"]][:2] == ["What worked", "To improve"]
        assert "Feedback by: offline coach" in embed["footer"]["text"]
        assert "press Try again" in embed["footer"]["text"]
        (retry_id,) = button_ids(coaching)
        interview_id = (await run.service.history(OWNER))[0].interview.id
        assert retry_id == f"interview:retry:{interview_id}:1"  # the question it is under
        await fake.wait_message(thread_id, is_question(2), since=mark)

        # Bob pressing Alice's button: a private sentence to him, nothing in the thread.
        mark = fake.mark()
        bobs = await click(fake, retry_id, thread_id, user_id=BOB)
        assert is_deferred_update(await deferral(fake, bobs, since=mark))
        told = await fake.wait_for(lambda c: c.method == "POST" and c.path == f"/webhooks/{APP_ID}/{bobs['token']}",
                                   since=mark)
        assert is_private(told.json) and "someone else's interview" in told.json["content"]
        assert posts(fake, thread_id, mark) == []

        # Alice pressing it: the question again, in the thread; the same click delivered twice opens one retry.
        mark = fake.mark()
        alices = await click(fake, retry_id, thread_id)
        again = await fake.wait_message(thread_id, is_question(1), since=mark)
        assert "your next message is attempt 2" in again["content"]
        assert is_deferred_update(await deferral(fake, alices, since=mark))
        await fake.dispatch("INTERACTION_CREATE", alices)  # a gateway replay of the same click
        await fake.wait_for(lambda c: c.path.startswith(f"/interactions/{alices['id']}/") and c.status == 400,
                            since=mark)

        # The next message is attempt 2: its feedback with both scores, then back to question 2.
        sent, mark = await alice.say(thread_id, BETTER)
        coaching = await fake.wait_message(thread_id, is_coaching, since=mark)
        (embed,) = coaching["embeds"]
        assert embed["title"] == "Feedback on attempt 2 at question 1"
        first, second = map(int, ATTEMPTS.search(embed["description"]).groups())
        assert first == first_score
        back = await fake.wait_message(thread_id, is_question(2), since=mark)
        assert "question 2, written again for your new answer" in back["content"]  # it was written for the first

        # The rest, then the report, which lists the attempts.
        _, mark = await alice.say(thread_id, ANSWERS[1])
        await fake.wait_message(thread_id, is_question(3), since=mark)
        # Question 1's old button, now that question 2 is the one last answered: told so, privately.
        mark = fake.mark()
        stale = await click(fake, retry_id, thread_id)
        told = await fake.wait_for(lambda c: c.method == "POST" and c.path == f"/webhooks/{APP_ID}/{stale['token']}",
                                   since=mark)
        assert is_private(told.json) and "That button is for question 1" in told.json["content"]
        assert posts(fake, thread_id, mark) == []
        _, mark = await alice.say(thread_id, ANSWERS[2])
        last = await fake.wait_message(thread_id, is_coaching, since=mark)
        assert "your report will be rewritten" in last["embeds"][0]["footer"]["text"]
        report = await fake.wait_message(thread_id, is_report, since=mark)
        fields = {f["name"]: f["value"] for e in report["embeds"] for f in e.get("fields") or []}
        assert fields["Attempts"] == f"Q1: {first} then {second} (scored on the best, {max(first, second)})"
        assert "Practice mode" in report["embeds"][0]["footer"]["text"]

        retries = [m for m in posts(fake, thread_id, 0) if "your next message is attempt" in m["content"]]
        assert len(retries) == 1
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT question, attempt FROM attempts").fetchall() == [(1, 2)]


async def test_typing_retry_after_the_last_answer_rewrites_the_report(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path) as run:
        alice = User(fake)
        thread_id = await start(fake, option("mode", "practice"), option("questions", 1))
        await finish(fake, alice, thread_id, 1)

        kind, mark = await alice.say_handled(run.bot, thread_id, "try again")
        assert kind == "retry"
        (again,) = posts(fake, thread_id, mark)
        assert is_question(1)(again) and "attempt 2" in again["content"]

        kind, mark = await alice.say_handled(run.bot, thread_id, BETTER)
        assert kind == "attempt"
        coaching, report = posts(fake, thread_id, mark)
        assert ATTEMPTS.search(embed_text(coaching))
        assert is_report(report) and "Your report is rewritten" in report["content"]
        assert any(f["name"] == "Attempts" for f in report["embeds"][0]["fields"])


async def test_try_again_outside_practice_mode_is_a_friendly_no(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path) as run:
        alice = User(fake)
        thread_id = await start(fake, option("questions", 2))
        _, mark = await alice.say(thread_id, ANSWERS[0])
        question = await fake.wait_message(thread_id, is_question(2), since=mark)
        assert button_ids(question) == [] and not any(is_coaching(m) for m in posts(fake, thread_id, mark))
        interview_id = (await run.service.history(OWNER))[0].interview.id
        mark = fake.mark()
        event = await click(fake, f"interview:retry:{interview_id}", thread_id)
        told = await fake.wait_for(lambda c: c.method == "POST" and c.path == f"/webhooks/{APP_ID}/{event['token']}",
                                   since=mark)
        assert is_private(told.json) and "practice mode" in told.json["content"]
        assert posts(fake, thread_id, mark) == []


# -- drills --------------------------------------------------------------------------


async def test_a_drill_after_three_interviews_names_what_it_drills_and_why(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path) as run:
        group = run.bot.tree.get_command("interview")
        schema = {p.name: p for p in group.get_command("drill").parameters}  # type: ignore[union-attr]
        assert [c.name for c in schema["competency"].choices] == list(COMPETENCY_LABELS.values())
        assert (schema["questions"].min_value, schema["questions"].max_value) == (3, 5)

        alice = User(fake)
        for _ in range(3):
            thread_id = await start(fake, option("questions", 2))
            await finish(fake, alice, thread_id, 2)
        before = {t["id"] for t in fake.threads()}

        interaction, mark = await alice.command("drill")
        drill_thread = await thread_from_start(fake, mark)
        assert drill_thread not in before and fake.channels[drill_thread]["type"] == 12  # private, like a start
        first = await fake.wait_message(drill_thread, is_question(1), since=mark)
        assert fake.messages[drill_thread][0] is first or fake.messages[drill_thread][0]["id"] == first["id"]
        found = re.search(r"Drill: 4 questions on (.+?)\. (.+)", first["content"])
        assert found, first["content"]
        label, reason = found.groups()
        assert label in COMPETENCY_LABELS.values()
        assert reason.startswith(label) and "interview" in reason
        assert "Question 1/4" in first["content"]
        ready = await fake.wait_original(interaction["token"], since=mark)
        assert f"<#{drill_thread}>" in ready["content"] and label in ready["content"]

        # The same command delivered again starts nothing more.
        mark = fake.mark()
        fake.acknowledged.discard(interaction["id"])
        await fake.dispatch("INTERACTION_CREATE", interaction)
        await fake.wait_original(interaction["token"], lambda m: "already" in (m.get("content") or ""), since=mark)
        assert fake.calls_to("POST", "/channels/", since=mark) == []

        # A chosen competency and length.
        interaction, mark = await alice.command("drill", options=[option("competency", "communication"),
                                                                   option("questions", 3)])
        chosen = await thread_from_start(fake, mark)
        first = await fake.wait_message(chosen, is_question(1), since=mark)
        assert "Drill: 3 questions on Communication clarity. You asked to drill Communication clarity" \
            in first["content"]
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM interviews WHERE mode = 'drill'").fetchone() == (2,)


async def test_a_drill_with_no_finished_interview_is_a_friendly_private_no(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path):
        alice = User(fake)
        interaction, mark = await alice.command("drill")
        reply = await fake.wait_original(interaction["token"], since=mark)
        assert "You have no finished interview yet" in reply["content"]
        assert is_private(await deferral(fake, interaction, since=mark))
        assert fake.threads() == []


# -- questions about the report ------------------------------------------------------------


async def test_a_question_after_the_report_is_answered_in_the_thread(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path) as run:
        alice = User(fake)
        thread_id = await start(fake, option("questions", 3))
        await finish(fake, alice, thread_id, 3)
        done = next(m for m in fake.messages[thread_id] if "end of the interview" in m["content"])
        assert "ask me about it here" in done["content"]  # the thread is for questions now

        sent, mark = await alice.say_handled(run.bot, thread_id, "which answer was weakest?")
        assert sent == "report_answer"
        (answer,) = posts(fake, thread_id, mark)
        assert re.search(r"(answer|question) [1-3]\b", answer["content"], re.IGNORECASE), answer["content"]
        assert "Answered by: offline coach" in answer["content"]



async def test_a_drill_in_a_dm_runs_there_anchored_on_its_first_message(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path) as run:
        alice = User(fake)
        mark = fake.mark()
        interaction = fake.slash_start(cv=CV, jd=JD, dm=True)
        interaction["data"]["options"][0]["options"].append(option("questions", 1))
        await fake.dispatch("INTERACTION_CREATE", interaction)
        await fake.wait_message(DM_CHANNEL_ID, is_question(1), since=mark)
        _, mark = await alice.say(DM_CHANNEL_ID, ANSWERS[0], dm=True)
        await fake.wait_message(DM_CHANNEL_ID, is_report, since=mark)

        interaction, mark = await alice.command("drill", dm=True, options=[option("questions", 3)])
        anchor = await fake.wait_original(interaction["token"], lambda m: "Drill:" in (m.get("content") or ""),
                                          since=mark)
        assert "Drill: 3 questions on " in anchor["content"]
        first = await fake.wait_message(DM_CHANNEL_ID, is_question(1), since=mark)
        assert str(first["message_reference"]["message_id"]) == anchor["id"] and "Question 1/3" in first["content"]
        assert fake.threads() == []
        kind, mark = await alice.say_handled(run.bot, DM_CHANNEL_ID, ANSWERS[1], dm=True)
        assert kind == "question"
        assert is_question(2)(posts(fake, DM_CHANNEL_ID, mark)[0])


async def test_a_drill_in_a_server_counts_the_interviews_finished_in_the_dms(fake: FakeDiscord, db_path) -> None:
    """Alice's one finished interview was in her DMs with the bot: `/interview drill` in a
    server finds it (her DM account and her server account are one person)."""
    async with running_bot(fake, db_path) as run:
        alice = User(fake)
        mark = fake.mark()
        interaction = fake.slash_start(cv=CV, jd=JD, dm=True)
        interaction["data"]["options"][0]["options"].append(option("questions", 1))
        await fake.dispatch("INTERACTION_CREATE", interaction)
        await fake.wait_message(DM_CHANNEL_ID, is_question(1), since=mark)
        _, mark = await alice.say(DM_CHANNEL_ID, ANSWERS[0], dm=True)
        await fake.wait_message(DM_CHANNEL_ID, is_report, since=mark)
        assert await run.service.history(OWNER) == []  # nothing in the server itself

        _, mark = await alice.command("drill")
        drill_thread = await thread_from_start(fake, mark)
        first = await fake.wait_message(drill_thread, is_question(1), since=mark)
        assert "Drill: 4 questions on " in first["content"]
        (drill,) = await run.service.history(OWNER)
        assert drill.interview.mode == "drill" and drill.interview.owner == OWNER  # the server's account
