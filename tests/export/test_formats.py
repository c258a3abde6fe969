"""The three formats, made from one finished offline interview (a nurse, an answer with
an addition), and the conversation layer's export: whose interview, which one by
default, one not finished yet. No platform: the adapters' tests send the file."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from interview_core.chat import CONSOLE, Conversation, ExportReply, NoticeReply, Texts
from interview_core.export import ExportInput, render
from interview_core.export.json_model import SCHEMA_FILE, schema
from interview_core.models import ConversationRef, InterviewStatus, Owner, Role
from interview_core.providers.offline import OfflineProvider
from interview_core.service import InterviewError, InterviewService
from interview_core.storage import Store
from tests.export.helpers import (
    NURSE_COMPANY,
    NURSE_CV,
    NURSE_JD,
    NURSE_TITLE,
    as_markdown,
    json_export,
    markdown_text,
    missing,
    nurse_answers,
    pdf_text,
)

ADDITION = "And one more thing: the naïve charting gap I found is closed now."


def ref(user: str = "nurse", thread: str | None = "t-1") -> ConversationRef:
    return ConversationRef("chat", "ws", "c-1", user, thread)


@pytest.fixture
async def service(tmp_path: Path) -> AsyncIterator[InterviewService]:
    async with Store(tmp_path / "export.db") as store:
        yield InterviewService(store, OfflineProvider(), max_questions=8)


async def interview(service: InterviewService, thread: str = "t-1", answers: int = 8) -> int:
    """An interview in `thread`, `answers` answered; answer 1 has an addition."""
    started = await service.start(ref(thread=thread), cv_text=NURSE_CV, jd_text=NURSE_JD, title=NURSE_TITLE,
                                  company=NURSE_COMPANY)
    for number, text in enumerate(nurse_answers()[:answers], 1):
        outcome = await service.submit_answer(ref(thread=thread), text, platform_message_id=f"{thread}-{number}")
        assert outcome.kind in ("question", "complete"), outcome
        if number == 1:
            messages = await service.transcript(Owner.of(ref()), started.interview.id)
            before = messages[-1].created_at - timedelta(milliseconds=5)  # sent before question 2 appeared
            added = await service.submit_answer(ref(thread=thread), ADDITION, platform_message_id=f"{thread}-a",
                                                sent_at=before)
            assert added.kind == "added"
    return started.interview.id


async def export_input(service: InterviewService, interview_id: int) -> ExportInput:
    owner = Owner.of(ref())
    messages = await service.transcript(owner, interview_id)
    found = await service.store.get_interview(owner, interview_id)
    assert found is not None
    if found.status is not InterviewStatus.COMPLETE:
        return ExportInput(found, tuple(messages))
    outcome = await service.feedback(owner, interview_id)
    return ExportInput(outcome.interview, tuple(messages), outcome.report)


def texts_of(data: ExportInput) -> list[str]:
    """Every question, answer and addition of the interview."""
    out = []
    for m in data.messages:
        out.append(m.text)
        out += list(m.additions)
    return out


async def test_every_format_holds_every_question_answer_and_addition(service: InterviewService) -> None:
    data = await export_input(service, await interview(service))
    assert any(m.additions == (ADDITION,) for m in data.messages if m.role is Role.CANDIDATE)
    everything = texts_of(data)
    assert len(everything) == 17

    pdf = render(data, "pdf")
    assert pdf.content_type == "application/pdf" and pdf.filename.endswith(".pdf")
    assert missing(everything, pdf_text(pdf.data)) == []

    md = render(data, "md")
    assert md.content_type.startswith("text/markdown")
    assert missing([as_markdown(t) for t in everything], markdown_text(md.data)) == []
    assert "**Added to this answer:**" in md.data.decode()

    exported = json_export(render(data, "json").data)
    first = exported.transcript[0].answer
    assert first is not None and first.additions == [ADDITION]
    assert [e.answer.text for e in exported.transcript if e.answer] == nurse_answers()
    assert exported.report is not None and exported.report.overall_score == data.report.overall_score
    assert [(c.label, c.score, c.reason) for c in exported.report.competencies] == [
        (c.label, c.score, c.reason) for c in data.report.competencies]
    assert [n.stronger_answer for n in exported.report.answers] == [n.stronger_answer for n in data.report.answers]


async def test_the_pdf_is_readable_headings_page_numbers_metadata(service: InterviewService) -> None:
    data = await export_input(service, await interview(service))
    pdf = render(data, "pdf")
    reader = PdfReader(io.BytesIO(pdf.data))
    pages = len(reader.pages)
    assert pages >= 2
    for number, page in enumerate(reader.pages, 1):
        assert f"Page {number} of {pages}" in page.extract_text()
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[0] == f"Mock interview: {NURSE_TITLE} at {NURSE_COMPANY}"
    nested = str(reader.outline)
    for heading in ("Transcript", "Question 1 of 8", "Report", "Scores by competency", "Answer by answer"):
        assert heading in nested, heading
    assert reader.metadata.title == outline[0]
    fonts = {str(font.get_object()["/BaseFont"]) for page in reader.pages
             for font in page["/Resources"]["/Font"].values()}
    assert {name.split("+")[-1] for name in fonts} == {"DejaVuSansBook", "DejaVuSansBold"}, fonts
    assert all("+" in name for name in fonts)  # subsets: only the glyphs used are embedded
    assert len(pdf.data) < 300_000


def test_the_schema_file_is_the_models_schema() -> None:
    """docs/export-schema.json documents what the export writes (regenerate it with
    `python -m interview_core.export.json_model` after changing the models)."""
    assert json.loads(SCHEMA_FILE.read_text("utf-8")) == schema()
    assert schema()["required"] == ["format", "version", "exported_at", "header", "transcript", "report",
                                    "report_note"]


async def test_the_json_schema_refuses_what_it_does_not_name(service: InterviewService) -> None:
    data = await export_input(service, await interview(service, answers=1))
    document = json.loads(render(data, "json").data)
    json_export(json.dumps(document).encode())
    document["header"]["surprise"] = 1
    with pytest.raises(ValueError, match="surprise"):
        json_export(json.dumps(document).encode())


async def test_an_unfinished_interview_says_its_report_is_not_ready_in_every_format(service: InterviewService) -> None:
    interview_id = await interview(service, answers=3)
    data = await export_input(service, interview_id)
    note = "The report isn't ready: the interview is not finished (3 of 8 questions answered)."
    assert note in pdf_text(render(data, "pdf").data)
    assert note in markdown_text(render(data, "md").data)
    exported = json_export(render(data, "json").data)
    assert exported.report is None and exported.report_note.startswith(note)
    assert not exported.header.finished and exported.header.questions_answered == 3
    assert [e.answer is None for e in exported.transcript] == [False, False, False, True]


def test_markdown_escapes_what_would_be_markup() -> None:
    from interview_core.export.md import md_text

    assert md_text("# heading\n- item\n1. first\n<b>x</b> *y* _z_ `c` [l](u)") == (
        "\\# heading  \n\\- item  \n1\\. first  \n\\<b\\>x\\</b\\> \\*y\\* \\_z\\_ \\`c\\` \\[l\\](u)")


async def test_file_names_are_plain_ascii(service: InterviewService) -> None:
    data = await export_input(service, await interview(service, answers=8))
    odd = replace(data.interview, title="Infirmière / Café ☕", company="Hôpital «Saint-Éloi»")
    assert render(replace(data, interview=odd), "md").filename == (
        f"interview-{data.interview.id}-infirmiere-cafe-hopital-saint-eloi.md")


# -- the conversation layer -----------------------------------------------------------


async def test_only_the_owner_can_export_and_the_default_is_the_latest_finished(service: InterviewService) -> None:
    conversation = Conversation(service, Texts(CONSOLE))
    finished = await interview(service, "t-1")
    unfinished = await interview(service, "t-2", answers=2)
    (reply,) = await conversation.export(ref(thread=None), None, "pdf")
    assert isinstance(reply, ExportReply) and reply.interview.id == finished and reply.complete
    assert reply.text.endswith("as PDF: the whole transcript and the report.")
    # In an interview's own thread, that one.
    (here,) = await conversation.export(ref(thread="t-2"), None, "md")
    assert isinstance(here, ExportReply) and here.interview.id == unfinished and not here.complete
    assert "(2 of 8 questions answered): the report isn't ready until the last answer." in here.text
    assert "`interview-bot console --resume` continues it" in here.text
    # Someone else: their own number is not theirs to read, and they have none.
    for interview_id in (finished, unfinished):
        with pytest.raises(InterviewError, match="I can't find that interview."):
            await conversation.export(ref("mallory", thread=None), interview_id, "pdf")
    (none,) = await conversation.export(ref("mallory", thread=None), None, "pdf")
    assert isinstance(none, NoticeReply) and none.text.startswith("You have no interviews yet.")


async def test_a_format_the_platform_does_not_offer_is_refused_with_the_choices(service: InterviewService) -> None:
    await interview(service, answers=1)
    chat = Conversation(service, Texts())
    (refused,) = await chat.export(ref(thread=None), None, "docx")
    assert isinstance(refused, NoticeReply)
    assert refused.text == "I can't export as `docx`: choose `md`, `pdf` (e.g. `/interview export format:pdf`)."
    (json_in_chat,) = await chat.export(ref(thread=None), None, "json")
    assert isinstance(json_in_chat, NoticeReply)  # chat offers people's formats; the console all three
    (console,) = await Conversation(service, Texts(CONSOLE)).export(ref(thread=None), None, "json")
    assert isinstance(console, ExportReply) and console.content_type == "application/json"
    assert "Markdown or PDF" in Texts().help(8) and "Markdown, PDF or JSON" in Texts(CONSOLE).help(8)


async def test_characters_the_font_lacks_are_left_out_and_never_logged(service: InterviewService, caplog) -> None:
    data = await export_input(service, await interview(service, answers=8))
    odd = replace(data.interview, title="Nurse 看護師 🚑")
    caplog.set_level(logging.DEBUG)
    text = pdf_text(render(replace(data, interview=odd), "pdf").data)
    assert "Role: Nurse" in text and "看" not in text
    assert "看" not in caplog.text and "🚑" not in caplog.text
    assert "no glyph for: left out of the PDF" in caplog.text
    assert "看護師 🚑" in render(replace(data, interview=odd), "md").data.decode()
