"""`/interview export format:md|pdf` through the real discord.py client against the fake
Discord: in a server, the file is posted in the interview's thread; in a DM, attached to
the command's reply. Its name is the interview's, and its bytes read back hold it."""

from __future__ import annotations

from typing import Any

from tests.discord.fake_discord import (
    ALICE,
    APP_ID,
    BOB,
    CHANNEL_ID,
    DM_CHANNEL_ID,
    Call,
    FakeDiscord,
)
from tests.discord.fake_users import option
from tests.discord.harness import (
    User,
    deferral,
    is_private,
    is_question,
    running_bot,
    thread_from_start,
)
from tests.export.helpers import (
    NURSE_COMPANY,
    NURSE_CV,
    NURSE_JD,
    NURSE_TITLE,
    as_markdown,
    markdown_text,
    missing,
    nurse_answers,
    pdf_text,
)

CV = ("cv.md", NURSE_CV.encode(), "text/markdown")


async def answer(fake: FakeDiscord, alice: User, channel: str, answers: list[str], *, dm: bool = False) -> None:
    """Each answer after its question: the last one gets the report (embeds), the others a question."""
    for number, text in enumerate(answers, 1):
        _, mark = await alice.say(channel, text, dm=dm)
        if number < 8:
            await fake.wait_message(channel, is_question(number + 1), since=mark)
        else:
            await fake.wait_message(channel, lambda m: bool(m["embeds"]), since=mark)


async def export(fake: FakeDiscord, user: User, fmt: str, **kwargs: Any) -> tuple[dict[str, Any], int]:
    options = [option("format", fmt)] + ([option("interview", kwargs.pop("interview"))] if "interview" in kwargs else [])
    interaction, mark = await user.command("export", options=options, **kwargs)
    reply = await fake.wait_original(interaction["token"], since=mark)
    return reply, mark


def sent_files(fake: FakeDiscord, since: int) -> list[Call]:
    return [c for c in fake.calls[since:] if c.files]


async def test_export_in_a_server_posts_the_file_in_the_interview_s_thread(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path) as run:
        synced = await fake.wait_for(lambda c: c.method == "PUT" and c.path == f"/applications/{APP_ID}/commands")
        (export_command,) = [o for o in synced.json[0]["options"] if o["name"] == "export"]
        (fmt,) = [o for o in export_command["options"] if o["name"] == "format"]
        assert fmt["required"] and [c["value"] for c in fmt["choices"]] == ["md", "pdf"]

        alice = User(fake)
        interaction, mark = await alice.command("help")
        help_text = (await fake.wait_original(interaction["token"], since=mark))["content"]
        assert "`/interview export format:pdf`: your interview and its report as a file (Markdown or PDF)" in help_text
        _, mark = await alice.start(cv=CV, jd=("jd.md", NURSE_JD.encode(), "text/markdown"), title=NURSE_TITLE,
                                    company=NURSE_COMPANY)
        thread_id = await thread_from_start(fake, mark)
        await fake.wait_message(thread_id, is_question(1), since=mark)
        await answer(fake, alice, thread_id, nurse_answers())
        messages = await run.store.messages(1)
        texts = [m.text for m in messages]
        assert len(texts) == 16

        reply, mark = await export(fake, alice, "pdf")
        assert reply["content"] == f"Your file is in <#{thread_id}>."
        (posted,) = sent_files(fake, mark)
        assert posted.method == "POST" and posted.path == f"/channels/{thread_id}/messages"
        ((name, data),) = posted.files.items()
        assert name.startswith("interview-1-registered-nurse-rn-medical-surgical-unit") and name.endswith(".pdf")
        assert "the whole transcript and the report" in posted.json["content"]
        assert posted.json["allowed_mentions"]["parse"] == []
        text = pdf_text(data)
        assert missing(texts, text) == [] and "naïve first plan" in text

        reply, mark = await export(fake, alice, "md", interview=1)
        (posted,) = sent_files(fake, mark)
        ((name, data),) = posted.files.items()
        assert name.endswith(".md") and posted.path == f"/channels/{thread_id}/messages"
        assert missing([as_markdown(t) for t in texts], markdown_text(data)) == []

        # Bob can't have it, by number or by default.
        bob = User(fake, BOB)
        reply, mark = await export(fake, bob, "pdf", interview=1)
        assert reply["content"] == "I can't find that interview." and sent_files(fake, mark) == []
        reply, mark = await export(fake, bob, "pdf")
        assert reply["content"].startswith("You have no interviews yet.") and sent_files(fake, mark) == []


async def test_export_in_a_dm_attaches_the_file_to_the_reply(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path) as run:
        alice = User(fake, ALICE)
        interaction, mark = await alice.start(dm=True, cv=CV, jd_text=NURSE_JD[:6000], title=NURSE_TITLE,
                                              company=NURSE_COMPANY)
        await fake.wait_message(DM_CHANNEL_ID, is_question(1), since=mark)
        await answer(fake, alice, DM_CHANNEL_ID, nurse_answers()[:3], dm=True)  # 3 of 8: not finished

        interaction, mark = await alice.command("export", dm=True, options=[option("format", "pdf")])
        assert not is_private(await deferral(fake, interaction, since=mark))  # a DM: a message to keep
        reply = await fake.wait_original(interaction["token"], since=mark)
        assert "(3 of 8 questions answered): the report isn't ready" in reply["content"]
        (attached,) = reply["attachments"]
        (patch,) = sent_files(fake, mark)
        assert patch.method == "PATCH" and patch.path.endswith("/messages/@original")
        assert attached["filename"] == next(iter(patch.files)) and attached["filename"].endswith(".pdf")
        text = pdf_text(patch.files[attached["filename"]])
        answered = [m.text for m in await run.store.messages(1)]
        assert len(answered) == 7 and missing(answered, text) == []
        assert "The report isn't ready" in text
        assert CHANNEL_ID not in {c.path.split("/")[2] for c in fake.calls[mark:] if c.path.startswith("/channels/")}
