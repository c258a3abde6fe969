"""Each way an attachment can fail reaches the user as one friendly sentence,
after the defer, and leaves no thread and no interview behind."""

from __future__ import annotations

import pytest

from interview_core.documents import DocumentLimits
from interview_core.models import Owner
from tests.discord.fake_discord import ALICE, CHANNEL_ID, GUILD_ID, FakeDiscord
from tests.discord.harness import (
    PDF_CV,
    SAMPLE_CV,
    SAMPLE_JD,
    User,
    is_deferred,
    is_public_thread,
    is_question,
    running_bot,
    thread_from_start,
)
from tests.test_documents import encrypt_pdf, make_pdf

JD = ("jd.md", SAMPLE_JD, "text/markdown")


ENCRYPTED_PDF = encrypt_pdf(make_pdf(["Jane Doe, Python developer"]), user="secret", owner="secretx")
SCANNED_PDF = make_pdf([""], image=True)  # a "scan": an image, no text

CASES = {
    # name: (start kwargs, text expected in the reply, downloaded?)
    "too large": (dict(cv=("cv.pdf", PDF_CV, "application/pdf"), jd=JD, sizes={"cv": 30 * 1024 * 1024}),
                  "the limit is 10 MB", False),
    "image": (dict(cv=("cv.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "image/png"), jd=JD),
              "I can't read your CV `cv.png`", False),
    "old Word": (dict(cv=("cv.doc", b"\xd0\xcf\x11\xe0" + b"0" * 100, "application/msword"), jd=JD),
                 "save it as a PDF or a Word document", False),
    "damaged PDF": (dict(cv=("cv.pdf", b"this is not a pdf at all", "application/pdf"), jd=JD),
                    "looks damaged", True),
    "encrypted PDF": (dict(cv=("cv.pdf", ENCRYPTED_PDF, "application/pdf"), jd=JD), "password-protected", True),
    "scanned PDF": (dict(cv=("cv.pdf", SCANNED_PDF, "application/pdf"), jd=JD), "no text layer", True),
    "empty file": (dict(cv=("cv.txt", b"   \n", "text/plain"), jd=JD), "is empty", True),
    "bad JD type": (dict(cv=("cv.md", SAMPLE_CV, "text/markdown"), jd=("jd.zip", b"PK\x03\x04", "application/zip")),
                    "job description `jd.zip`", False),
    "no JD": (dict(cv=("cv.md", SAMPLE_CV, "text/markdown")), "I need the job description too", False),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
async def test_attachment_failures(fake: FakeDiscord, db_path, case: str) -> None:
    kwargs, expected, downloaded = CASES[case]
    async with running_bot(fake, db_path, limits=DocumentLimits(max_bytes=10 * 1024 * 1024)) as run:
        interaction, mark = await User(fake).start(**kwargs)
        reply = await fake.wait_original(interaction["token"], since=mark)
        assert expected in reply["content"]
        assert "Traceback" not in reply["content"]
        assert is_deferred(fake.calls_to("POST", f"/interactions/{interaction['id']}/", since=mark)[0])
        assert bool(fake.calls_to("GET", "/cdn/", since=mark)) is downloaded
        assert fake.calls_to("POST", f"/channels/{CHANNEL_ID}/threads", since=mark) == []
        assert await run.service.history(Owner("discord", GUILD_ID, ALICE)) == []


async def test_download_failure_is_friendly(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path) as run:
        interaction = fake.slash_start(cv=("cv.md", SAMPLE_CV, "text/markdown"), jd=JD)
        fake.uploads.clear()  # the CDN link expired
        mark = fake.mark()
        await fake.dispatch("INTERACTION_CREATE", interaction)
        reply = await fake.wait_original(interaction["token"], since=mark)
        assert "couldn't download your CV" in reply["content"]
        assert await run.service.history(Owner("discord", GUILD_ID, ALICE)) == []


async def test_public_thread_when_private_threads_are_not_allowed(fake: FakeDiscord, db_path) -> None:
    fake.private_threads_allowed = False
    async with running_bot(fake, db_path):
        interaction, mark = await User(fake).start(
            cv=("cv.md", SAMPLE_CV, "text/markdown"), jd_text="Backend Engineer at Northwind\nPython, SQL, AWS.",
        )
        thread_id = await thread_from_start(fake, mark)
        assert is_public_thread(fake.channels[thread_id])
        await fake.wait_message(thread_id, is_question(1), since=mark)
        reply = await fake.wait_original(interaction["token"], since=mark)
        assert f"<#{thread_id}>" in reply["content"]
        assert "**Backend Engineer** at **Northwind**" in reply["content"]  # guessed from the JD


async def test_title_and_company_when_the_jd_does_not_say(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path):
        text = "We are looking for someone who loves data, SQL and dashboards, " * 3
        interaction, mark = await User(fake).start(cv=("cv.md", SAMPLE_CV, "text/markdown"), jd_text=text)
        reply = await fake.wait_original(interaction["token"], since=mark)
        assert "add `title:`" in reply["content"]

        interaction, mark = await User(fake).start(
            cv=("cv.md", SAMPLE_CV, "text/markdown"), jd_text=text, title="Data Analyst", company="Fjord",
        )
        thread_id = await thread_from_start(fake, mark)
        assert fake.channels[thread_id]["name"] == "Mock interview: Data Analyst at Fjord"
