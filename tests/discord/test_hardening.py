"""Failures around the edges: Discord refusing a call, the database failing,
an attachment lying about its size, an interaction token that expired, a
report whose parts are blank. Each ends in a clear message and loses nothing."""

from __future__ import annotations

import sqlite3

from adapters.discord import render
from interview_core.documents import DocumentLimits
from interview_core.feedback import (
    AnswerNote,
    Competency,
    CompetencyScore,
    FeedbackReport,
)
from interview_core.models import Owner
from tests.discord.fake_discord import (
    ALICE,
    BOB,
    CHANNEL_ID,
    DM_CHANNEL_ID,
    GUILD_ID,
    FakeDiscord,
    embed_problem,
)
from tests.discord.harness import (
    ANSWERS,
    PDF_CV,
    SAMPLE_CV,
    SAMPLE_JD,
    SlowProvider,
    User,
    button_ids,
    is_question,
    running_bot,
    thread_from_start,
)
from tests.discord.test_render import interview

CV = ("cv.md", SAMPLE_CV, "text/markdown")
JD = ("jd.md", SAMPLE_JD, "text/markdown")
OWNER = Owner("discord", GUILD_ID, ALICE)
MISSING_ACCESS = (403, 50001, "Missing Access")
RATE_LIMITED = (429, 0, "You are being rate limited.")


async def started(fake: FakeDiscord, alice: User) -> str:
    _, mark = await alice.start(cv=CV, jd=JD)
    thread_id = await thread_from_start(fake, mark)
    await fake.wait_message(thread_id, is_question(1), since=mark)
    return thread_id


def posts(fake: FakeDiscord, channel_id: str, since: int) -> list[dict]:
    return [c.response for c in fake.calls_to("POST", f"/channels/{channel_id}/messages", since=since)
            if c.status == 200]


async def test_a_refused_typing_indicator_does_not_lose_the_answer(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path) as run:
        alice = User(fake)
        thread_id = await started(fake, alice)
        fake.fail_next[f"POST /channels/{thread_id}/typing"] = [MISSING_ACCESS]
        kind, mark = await alice.say_handled(run.bot, thread_id, ANSWERS[0])
        assert kind == "question"
        assert any(is_question(2)(m) for m in posts(fake, thread_id, mark))


async def test_a_database_error_on_an_answer_never_claims_it_was_saved(fake: FakeDiscord, db_path, monkeypatch) -> None:
    async with running_bot(fake, db_path) as run:
        alice = User(fake)
        thread_id = await started(fake, alice)

        async def locked(*args, **kwargs):
            raise sqlite3.OperationalError("database is locked")

        with monkeypatch.context() as patch:
            patch.setattr(run.store, "add_answer", locked)
            kind, mark = await alice.say_handled(run.bot, thread_id, ANSWERS[0])
        assert kind == "error"
        (reply,) = posts(fake, thread_id, mark)
        assert "is saved" not in reply["content"] and "are saved" not in reply["content"]
        assert "may not have been saved" in reply["content"] and "send it again" in reply["content"]
        assert "database" not in reply["content"]

        # Sent again, it is the answer.
        kind, mark = await alice.say_handled(run.bot, thread_id, ANSWERS[0])
        assert kind == "question"


async def test_a_database_error_at_start_leaves_no_empty_thread(fake: FakeDiscord, db_path, monkeypatch) -> None:
    async with running_bot(fake, db_path) as run:
        async def broken(*args, **kwargs):
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(run.store, "create_interview", broken)
        interaction, mark = await User(fake).start(cv=CV, jd=JD)
        reply = await fake.wait_original(interaction["token"], since=mark)
        assert reply["content"].startswith("Something went wrong on my side")
        assert "answers are saved" not in reply["content"]
        thread_id = await thread_from_start(fake, mark)
        assert thread_id in fake.deleted


async def test_an_attachment_bigger_than_it_claims_is_cut_off_and_gets_no_token(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path, limits=DocumentLimits(max_bytes=1024 * 1024)) as run:
        interaction = fake.slash_start(cv=("cv.pdf", PDF_CV[:1000], "application/pdf"), jd=JD)
        (cv,) = [a for a in interaction["data"]["resolved"]["attachments"].values() if a["filename"] == "cv.pdf"]
        path = cv["url"].split("/cdn/", 1)[1]
        fake.cdn_bodies[path] = b"%PDF-1.4\n" + b"0" * (64 * 1024 * 1024)  # claims 1000 bytes
        mark = fake.mark()
        await fake.dispatch("INTERACTION_CREATE", interaction)
        reply = await fake.wait_original(interaction["token"], since=mark)
        assert "larger than 1 MB" in reply["content"]
        assert fake.cdn_sent[path] < 32 * 1024 * 1024  # the bot hung up, it did not read 64 MB
        assert fake.calls_to("POST", f"/channels/{CHANNEL_ID}/threads", since=mark) == []
        assert await run.service.history(OWNER) == []
        downloads = fake.calls_to("GET", "/cdn/", since=mark)
        assert downloads and all("Authorization" not in c.headers for c in downloads)


async def test_downloads_never_carry_the_bot_token(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path):
        mark = fake.mark()
        await started(fake, User(fake))
        downloads = fake.calls_to("GET", "/cdn/", since=mark)
        assert len(downloads) == 2
        for call in downloads:
            assert not any("fake-token" in v for v in call.headers.values())


async def test_an_expired_interaction_token_falls_back_to_a_message(fake: FakeDiscord, db_path) -> None:
    slow = SlowProvider(delay=10.0)
    async with running_bot(fake, db_path, provider=slow):
        interaction, mark = await User(fake).start(cv=CV, jd=JD)
        await slow.started.wait()
        fake.expired_tokens.add(interaction["token"])  # 15 minutes went by
        slow.release.set()
        thread_id = await thread_from_start(fake, mark)
        await fake.wait_message(thread_id, is_question(1), since=mark)
        # Ephemeral in a server: it goes to the user's DMs, not the public channel.
        ready = await fake.wait_message(DM_CHANNEL_ID, lambda m: f"<#{thread_id}>" in m["content"], since=mark)
        assert ready["allowed_mentions"]["parse"] == []


async def test_a_question_lost_to_rate_limits_gets_a_hint_and_resume_reposts_it(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path) as run:
        alice = User(fake)
        thread_id = await started(fake, alice)
        fake.fail_next[f"POST /channels/{thread_id}/messages"] = [RATE_LIMITED] * 5
        kind, mark = await alice.say_handled(run.bot, thread_id, ANSWERS[0])
        assert kind == "question"
        (hint,) = posts(fake, thread_id, mark)
        assert "saved" in hint["content"] and "/interview resume" in hint["content"]

        interaction, mark = await alice.command("resume", channel_id=thread_id)
        await fake.wait_message(thread_id, is_question(2), since=mark)
        (summary,) = await run.service.history(OWNER)
        assert summary.progress["question_count"] == 2


async def test_no_thread_allowed_at_all_is_explained(fake: FakeDiscord, db_path) -> None:
    fake.private_threads_allowed = False
    fake.fail_next[f"POST /channels/{CHANNEL_ID}/threads"] = [MISSING_ACCESS, MISSING_ACCESS]
    async with running_bot(fake, db_path) as run:
        interaction, mark = await User(fake).start(cv=CV, jd=JD)
        reply = await fake.wait_original(interaction["token"], since=mark)
        assert "I couldn't post in this channel" in reply["content"]
        assert await run.service.history(OWNER) == []


async def test_a_locked_thread_refusing_the_question(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path) as run:
        alice = User(fake)
        thread_id = await started(fake, alice)
        locked = (400, 50083, "Thread is archived")
        fake.fail_next[f"POST /channels/{thread_id}/messages"] = [locked, locked]
        kind, mark = await alice.say_handled(run.bot, thread_id, ANSWERS[0])
        assert kind == "question"  # saved; nothing escaped the handler
        (summary,) = await run.service.history(OWNER)
        assert summary.progress["question_count"] == 2
        interaction, mark = await alice.command("resume")
        await fake.wait_message(thread_id, is_question(2), since=mark)


def test_blank_report_parts_still_make_valid_embeds() -> None:
    report = FeedbackReport(
        overall_score=50,
        summary="   ",
        competencies=[CompetencyScore(competency=c, score=50, reason="  \n ") for c in Competency],
        answers=[AnswerNote(question_number=1, question=" ", score=40, what_worked=" ", to_improve="\n",
                            stronger_answer="  ")],
        skills_covered=[" "],
        skills_missed=["", " "],
        strengths=[" "],
        improvements=[""],
        next_steps=["  "],
        source=" ",
    )
    embeds = render.report_embeds(report, interview())
    assert embed_problem({"embeds": [e.to_dict() for e in embeds]}) is None
    for group in render.notes_embeds(report):
        assert embed_problem({"embeds": [e.to_dict() for e in group]}) is None


async def test_an_answer_in_the_old_thread_points_to_the_new_one(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path) as run:
        alice = User(fake)
        old = await started(fake, alice)
        fake.archive(old)
        interaction, mark = await alice.command("resume", channel_id=old)
        new = await thread_from_start(fake, mark)
        await fake.wait_message(new, is_question(1), since=mark)

        kind, mark = await alice.say_handled(run.bot, old, ANSWERS[0])
        assert kind == "no_interview"
        (hint,) = posts(fake, old, mark)
        assert hint["content"] == render.TEXTS.answer_in(f"<#{new}>")

        # Not in a thread I didn't open.
        other = fake.snowflake()
        fake.channels[other] = {**fake.channels[old], "id": other, "owner_id": BOB}
        kind, mark = await alice.say_handled(run.bot, other, "chatting")
        assert kind == "no_interview" and posts(fake, other, mark) == []

        # Once that interview is over, the old thread says how to begin again.
        from tests.discord.harness import answer_all

        await answer_all(fake, alice, new)
        kind, mark = await alice.say_handled(run.bot, old, "one more thing")
        (hint,) = posts(fake, old, mark)
        assert hint["content"] == f"{render.TEXTS.not_an_interview} {render.TEXTS.start_again}"


async def test_after_the_report_a_message_gets_an_answer_about_it_and_a_redelivery_nothing(
    fake: FakeDiscord, db_path
) -> None:
    from tests.discord.harness import answer_all, deliver

    async with running_bot(fake, db_path) as run:
        alice = User(fake)
        thread_id = await started(fake, alice)
        await answer_all(fake, alice, thread_id, 1, last=7)
        last = fake.user_message(thread_id, ANSWERS[7])
        mark = fake.mark()
        assert await deliver(fake, run.bot, last) == "complete"
        assert any(m["embeds"] for m in posts(fake, thread_id, mark))

        mark = fake.mark()
        assert await deliver(fake, run.bot, last) == "duplicate"  # a gateway resume
        assert posts(fake, thread_id, mark) == []

        # After the report, a message in its thread is a question about the report.
        question = fake.user_message(thread_id, "thanks! which answer was weakest?")
        mark = fake.mark()
        assert await deliver(fake, run.bot, question) == "report_answer"
        (answer,) = posts(fake, thread_id, mark)
        assert "weakest answer" in answer["content"] and "Answered by: offline coach" in answer["content"]
        assert str(answer["message_reference"]["message_id"]) == question["id"]

        mark = fake.mark()
        assert await deliver(fake, run.bot, question) == "duplicate"  # the same question again: no second answer
        assert posts(fake, thread_id, mark) == []

        # An empty one (a sticker, or no content) is not told to "type your answer".
        kind, mark = await alice.say_handled(run.bot, thread_id, "")
        (hint,) = posts(fake, thread_id, mark)
        assert "finished" in hint["content"] and "Type your answer" not in hint["content"]


async def test_a_first_question_lost_to_rate_limits_is_explained_in_the_reply(fake: FakeDiscord, db_path) -> None:
    fake.new_thread_posts = [None] + [RATE_LIMITED] * 5  # the intro goes through, the question does not
    async with running_bot(fake, db_path) as run:
        alice = User(fake)
        interaction, mark = await alice.start(cv=CV, jd=JD)
        thread_id = await thread_from_start(fake, mark)
        reply = await fake.wait_original(interaction["token"], since=mark)
        assert f"<#{thread_id}>" in reply["content"] and "/interview resume" in reply["content"]
        fake.new_thread_posts = []
        interaction, mark = await alice.command("resume", channel_id=thread_id)
        await fake.wait_message(thread_id, is_question(1), since=mark)
        (summary,) = await run.service.history(OWNER)
        assert summary.progress["question_count"] == 1


async def test_interaction_tokens_never_reach_the_logs(fake: FakeDiscord, db_path, caplog) -> None:
    import logging

    from tests.discord.fake_discord import APP_ID

    caplog.set_level(logging.DEBUG)
    async with running_bot(fake, db_path):
        interaction = fake.slash("status")
        fake.fail_next[f"PATCH /webhooks/{APP_ID}/{interaction['token']}/messages/@original"] = [RATE_LIMITED]
        fake.fail_next[f"POST /interactions/{interaction['id']}/{interaction['token']}/callback"] = [RATE_LIMITED]
        mark = fake.mark()
        await fake.dispatch("INTERACTION_CREATE", interaction)
        await fake.wait_original(interaction["token"], since=mark)
        assert any(c.status == 429 for c in fake.calls[mark:])
    bot_side = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("aiohttp"))  # not the fake's
    assert "rate limited" in bot_side.lower()
    assert interaction["token"] not in bot_side
    assert "fake-token" not in bot_side


async def test_the_same_start_delivered_twice_starts_one_interview(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path) as run:
        interaction = fake.slash_start(cv=CV, jd=JD)
        mark = fake.mark()
        await fake.dispatch("INTERACTION_CREATE", interaction)
        await fake.dispatch("INTERACTION_CREATE", interaction)
        thread_id = await thread_from_start(fake, mark)
        await fake.wait_message(thread_id, is_question(1), since=mark)
        await fake.wait_original(interaction["token"], lambda m: f"<#{thread_id}>" in m["content"], since=mark)
        assert len(await run.service.history(OWNER)) == 1
        assert len(fake.calls_to("POST", f"/channels/{CHANNEL_ID}/threads", since=mark)) == 1


async def test_notes_after_the_token_expired_go_to_the_dms(fake: FakeDiscord, db_path) -> None:
    from tests.discord.harness import answer_all

    async with running_bot(fake, db_path):
        alice = User(fake)
        thread_id = await started(fake, alice)
        report = await answer_all(fake, alice, thread_id)
        (custom_id,) = button_ids(report)
        click = fake.button(custom_id, channel_id=thread_id)
        fake.expired_tokens.add(click["token"])
        mark = fake.mark()
        await fake.dispatch("INTERACTION_CREATE", click)
        notes = await fake.wait_message(DM_CHANNEL_ID, lambda m: m["content"] == "Notes on each answer:", since=mark)
        assert notes["embeds"] and not posts(fake, CHANNEL_ID, mark)


async def test_a_slow_typing_indicator_does_not_hold_up_the_answer(fake: FakeDiscord, db_path) -> None:
    import time

    async with running_bot(fake, db_path) as run:
        alice = User(fake)
        thread_id = await started(fake, alice)
        fake.slow_routes[f"POST /channels/{thread_id}/typing"] = 5.0  # say, a long rate limit
        began = time.monotonic()
        kind, mark = await alice.say_handled(run.bot, thread_id, ANSWERS[0])
        assert kind == "question" and time.monotonic() - began < 3.0
        assert any(is_question(2)(m) for m in posts(fake, thread_id, mark))
        fake.slow_routes.clear()
        fake.closing.set()  # let the typing call still waiting in the fake finish now


def test_a_traceback_quoting_a_webhook_url_is_redacted(caplog) -> None:
    import logging

    from adapters.discord.interactions import log  # where unexpected errors are logged

    caplog.set_level(logging.INFO)
    try:
        raise RuntimeError("PATCH https://discord.com/api/v10/webhooks/1/aW50ZXJhY3Rpb246.secret/messages/@original")
    except RuntimeError as exc:
        log.error("unexpected error", exc_info=exc)
    assert "aW50ZXJhY3Rpb246" not in caplog.text and "/webhooks/1/[token]/" in caplog.text


async def test_an_expired_token_with_closed_dms_keeps_private_things_private(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path):
        interaction = fake.slash("history")
        fake.expired_tokens.add(interaction["token"])
        fake.fail_next[f"POST /channels/{DM_CHANNEL_ID}/messages"] = [(403, 50007, "Cannot send messages to this user")]
        mark = fake.mark()
        await fake.dispatch("INTERACTION_CREATE", interaction)
        notice = await fake.wait_message(CHANNEL_ID, since=mark)
        assert "too late" in notice["content"] and "/interview status" in notice["content"]
        assert notice["allowed_mentions"]["parse"] == []
        assert "no interviews yet" not in notice["content"]


async def test_a_report_discord_refuses_points_to_feedback(fake: FakeDiscord, db_path) -> None:
    from tests.discord.harness import answer_all

    async with running_bot(fake, db_path) as run:
        alice = User(fake)
        thread_id = await started(fake, alice)
        await answer_all(fake, alice, thread_id, 1, last=7)
        # The completion line goes through, the report is refused twice over.
        fake.fail_next[f"POST /channels/{thread_id}/messages"] = [None, MISSING_ACCESS]
        kind, mark = await alice.say_handled(run.bot, thread_id, ANSWERS[7])
        assert kind == "complete"
        hint = posts(fake, thread_id, mark)[-1]
        assert "All your answers are saved" in hint["content"] and "/interview feedback" in hint["content"]
        interaction, mark = await alice.command("feedback", channel_id=thread_id)
        shown = await fake.wait_original(interaction["token"], since=mark)
        assert shown["embeds"][0]["title"].startswith("Overall score")


def test_the_biggest_report_passes_discords_checks() -> None:
    from tests.discord.test_render import biggest_report

    report = biggest_report()
    payload = {"embeds": [e.to_dict() for e in render.report_embeds(report, interview())]}
    assert embed_problem(payload) is None
    groups = render.notes_embeds(report.model_copy(update={"answers": report.answers * 2}))  # 16 answers
    assert sum(len(g) for g in groups) == 16
    for group in groups:
        assert embed_problem({"content": "Notes on each answer:", "embeds": [e.to_dict() for e in group]}) is None


async def test_resume_in_a_thread_that_refuses_posts_moves_to_a_new_one(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path) as run:
        alice = User(fake)
        old = await started(fake, alice)
        fake.fail_next[f"POST /channels/{old}/messages"] = [(400, 50083, "Thread is locked")]
        interaction, mark = await alice.command("resume")
        new = await thread_from_start(fake, mark)
        assert new != old
        await fake.wait_message(new, is_question(1), since=mark)
        reply = await fake.wait_original(interaction["token"], since=mark)
        assert f"<#{new}>" in reply["content"] and "new thread" in reply["content"]
        (summary,) = await run.service.history(OWNER)
        assert summary.interview.thread == new
