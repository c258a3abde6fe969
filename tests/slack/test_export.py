"""`/interview export` through real bolt and slack_sdk against the fake Slack: the file
is uploaded (files_upload_v2: getUploadURLExternal, the bytes, completeUploadExternal)
in the interview's thread, named after it, and its bytes read back hold the interview."""

from __future__ import annotations

from interview_core.models import Role
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
from tests.slack.harness import DM, Harness


async def finished_interview(h: Harness) -> str:
    """The nurse's interview in the DM, all 8 answered; its thread's ts."""
    await h.upload("F0CV", "cv.md", NURSE_CV.encode(), mimetype="text/markdown")
    await h.upload("F0JD", "jd.md", NURSE_JD.encode(), mimetype="text/markdown")
    await h.command(f"start {NURSE_TITLE} | {NURSE_COMPANY}")
    thread = h.parent_ts()
    for answer in nurse_answers():
        await h.message(answer, thread=thread)
    assert h.texts(DM, thread)[-2].startswith("That's the end of the interview"), h.texts(DM, thread)
    return thread


async def stored_texts(h: Harness) -> tuple[list[str], list[str]]:
    assert h.store is not None
    messages = await h.store.messages(1)
    return ([m.text for m in messages if m.role is Role.INTERVIEWER],
            [m.text for m in messages if m.role is Role.CANDIDATE])


async def test_export_uploads_the_pdf_and_the_markdown_in_the_interview_s_thread(slack: Harness) -> None:
    h = slack
    thread = await finished_interview(h)
    questions, answers = await stored_texts(h)

    await h.command("export pdf")
    (pdf,) = h.fake.shared_files()
    assert pdf["name"].startswith("interview-1-registered-nurse-rn-medical-surgical-unit") and \
        pdf["name"].endswith(".pdf")
    assert (pdf["channel"], pdf["thread_ts"]) == (DM, thread)
    assert pdf["data"].startswith(b"%PDF-")
    text = pdf_text(pdf["data"])
    assert missing(questions, text) == [] and missing(answers, text) == []
    assert "café au lait" in text and "Overall score:" in text
    assert "the whole transcript and the report" in pdf["initial_comment"]
    assert h.response_texts()[-1].startswith("Your file is in <https://test.slack.com/archives/DU1/")

    await h.command("export format:md 1")
    md = h.fake.shared_files()[-1]
    assert md["name"] == pdf["name"].removesuffix(".pdf") + ".md"
    assert md["thread_ts"] == thread
    text = markdown_text(md["data"])
    assert missing([as_markdown(t) for t in questions + answers], text) == []


async def test_another_user_cannot_export_it_and_a_bad_format_is_named(slack: Harness) -> None:
    h = slack
    await finished_interview(h)
    await h.command("export pdf 1", user="U2", channel="DU2")
    assert h.response_texts()[-1] == "I can't find that interview."
    await h.command("export", user="U2", channel="DU2")
    assert h.response_texts()[-1].startswith("You have no interviews yet.")
    await h.command("export docx")
    assert h.response_texts()[-1].startswith("I can't export as `docx`: choose `md`, `pdf`")
    assert h.fake.shared_files() == [] and h.fake.uploaded == {}


async def test_an_unfinished_interview_is_exported_as_far_as_it_goes(slack: Harness) -> None:
    h = slack
    await h.upload("F0CV", "cv.md", NURSE_CV.encode(), mimetype="text/markdown")
    await h.upload("F0JD", "jd.md", NURSE_JD.encode(), mimetype="text/markdown")
    await h.command(f"start {NURSE_TITLE} | {NURSE_COMPANY}")
    thread = h.parent_ts()
    await h.message(nurse_answers()[1], thread=thread)
    await h.command("export")  # PDF by default
    (pdf,) = h.fake.shared_files()
    assert "(1 of 8 questions answered): the report isn't ready" in pdf["initial_comment"]
    assert "`/interview resume` continues it" in pdf["initial_comment"]
    text = pdf_text(pdf["data"])
    assert "café au lait" in text and "The report isn't ready" in text


async def test_help_names_export(slack: Harness) -> None:
    await slack.command("help")
    assert "`/interview export format:pdf`: your interview and its report as a file (Markdown or PDF)" in \
        slack.response_texts()[-1]
