"""An interview in a direct message with the bot: no threads, so each
question is a reply to the previous answer, in the DM itself."""

from __future__ import annotations

from interview_core.models import Owner
from tests.discord.fake_discord import ALICE, DM_CHANNEL_ID, FakeDiscord
from tests.discord.harness import (
    SAMPLE_CV,
    User,
    answer_all,
    deferral,
    is_deferred,
    is_private,
    is_question,
    running_bot,
)

JD_TEXT = "Data Analyst - Fjord Analytics\n\nWe need SQL, Python and dashboards in Tableau, and clear writing."


async def test_dm_interview_from_start_to_report(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path) as run:
        alice = User(fake)
        interaction, mark = await alice.start(dm=True, cv=("cv.txt", SAMPLE_CV, "text/plain; charset=utf-8"), jd_text=JD_TEXT)
        defer = await deferral(fake, interaction, since=mark)
        assert is_deferred(defer) and not is_private(defer)  # a real message: it anchors the interview
        anchor = await fake.wait_original(interaction["token"], since=mark)
        assert "**Data Analyst** at **Fjord Analytics**" in anchor["content"]
        q1 = await fake.wait_message(DM_CHANNEL_ID, is_question(1), since=mark)
        assert str(q1["message_reference"]["message_id"]) == anchor["id"]  # replies to the interview's first message
        assert fake.calls_to("POST", "/channels/1200000000000000010/threads", since=mark) == []

        report = await answer_all(fake, alice, DM_CHANNEL_ID, dm=True)
        assert report["embeds"][0]["title"].startswith("Overall score")
        (summary,) = await run.service.history(Owner("discord", "dm", ALICE))
        assert summary.interview.thread == anchor["id"] and summary.progress["is_complete"]

        # After the report, a message in the DM is a question about it (as its end said), not an answer.
        kind, mark = await alice.say_handled(run.bot, DM_CHANNEL_ID, "which answer was weakest?", dm=True)
        assert kind == "report_answer"
        answer = fake.calls_to("POST", f"/channels/{DM_CHANNEL_ID}/messages", since=mark)[0].response
        assert "weakest answer was answer" in answer["content"] and "Answered by: offline coach" in answer["content"]


async def test_dm_resume_and_status(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path):
        alice = User(fake)
        _, mark = await alice.start(dm=True, cv=("cv.txt", SAMPLE_CV, "text/plain"), jd_text=JD_TEXT)
        await fake.wait_message(DM_CHANNEL_ID, is_question(1), since=mark)
        await answer_all(fake, alice, DM_CHANNEL_ID, 1, dm=True, last=2)

    async with running_bot(fake, db_path):  # a restart
        interaction, mark = await alice.command("resume", dm=True)
        q3 = await fake.wait_message(DM_CHANNEL_ID, is_question(3), since=mark)
        assert "Picking up where you left off (2/8 answered)." in q3["content"]
        assert (await fake.wait_original(interaction["token"], since=mark))["content"].startswith("Here is the question")
        await answer_all(fake, alice, DM_CHANNEL_ID, 3, dm=True, last=3)

        interaction, mark = await alice.command("status", dm=True)
        status = await fake.wait_original(interaction["token"], since=mark)
        assert "3 of 8 questions answered" in status["content"]
        assert "in our direct messages" in status["content"]
