"""Practice mode and drills in the export: a nurse's practice interview (3 questions,
question 2 answered twice, the last one too, then two questions about the report) and a
drill after it, exported through the conversation layer in every format. Each file read
back (the PDF with the project's own extractor, the JSON against its schema) holds every
attempt, each with its score, the report's attempts and the questions about the report."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from interview_core.chat import (
    CONSOLE,
    Conversation,
    ExportReply,
    Role,
    StartPlan,
    Texts,
)
from interview_core.export.json_model import SCHEMA_FILE
from interview_core.models import ConversationRef, Owner
from interview_core.providers.offline import OfflineProvider
from interview_core.service import InterviewService
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
    words,
)

RETRY_2 = ("When the patient's early warning score rose to 7 I escalated to the outreach team within ten "
           "minutes, started fluids as prescribed and documented every observation; he was stable by morning.")
RETRY_3 = "I would ask for feedback from the ward manager after my first month — naïve, perhaps, but it works."
ASKED = ["which answer was weakest?", "how could I improve answer 2?"]


def ref(thread: str) -> ConversationRef:
    return ConversationRef("console", "local", "terminal", "nurse", thread)


@pytest.fixture
async def conversation(tmp_path: Path) -> AsyncIterator[Conversation]:
    async with Store(tmp_path / "practice.db") as store:
        yield Conversation(InterviewService(store, OfflineProvider(), max_questions=8), Texts(CONSOLE))


async def practice(conversation: Conversation) -> int:
    """The practice interview, as the console would run it: returns its id."""
    here = ref("practice")
    plan = StartPlan(NURSE_CV, NURSE_JD, Role(NURSE_TITLE, NURSE_COMPANY),
                     Conversation.options(questions=3, mode="practice"))
    (first,) = await conversation.start(here, plan)
    answers = nurse_answers()[:3]
    for line in (answers[0], answers[1], "/retry", RETRY_2, answers[2], "/retry", RETRY_3, *ASKED):
        result = await conversation.answer(here, line)
        assert result.kind in ("question", "complete", "retry", "attempt", "report_answer"), result
    return first.interview.id


async def exported(conversation: Conversation, thread: str, fmt: str) -> bytes:
    (reply,) = await conversation.export(ref(thread), None, fmt)
    assert isinstance(reply, ExportReply), reply
    return reply.data


async def test_every_attempt_and_question_about_the_report_is_in_every_format(conversation: Conversation) -> None:
    interview_id = await practice(conversation)
    store = conversation.service.store
    feedback = await store.attempt_feedback(interview_id)
    scores = {key: f.note.score for key, f in feedback.items()}
    assert sorted(scores) == [(1, 1), (2, 1), (2, 2), (3, 1), (3, 2)]
    asked = await store.report_questions(interview_id)
    assert [q.question for q in asked] == ASKED
    answers = nurse_answers()[:3]
    everything = [*answers, RETRY_2, RETRY_3, *ASKED, *(q.answer for q in asked)]

    # JSON: validated by the models docs/export-schema.json is written from (extra fields
    # refused); the file documents the new fields.
    document = json_export(await exported(conversation, "practice", "json"))
    definitions = json.loads(SCHEMA_FILE.read_text("utf-8"))["$defs"]
    assert {"attempts"} <= set(definitions["Answer"]["properties"]) and "focus" in definitions["Header"]["properties"]
    assert "attempts" in definitions["Report"]["properties"] and "ReportQuestion" in definitions
    assert document.header.mode == "practice" and document.header.focus is None
    tried = [[(a.attempt, a.text, a.score) for a in e.answer.attempts] for e in document.transcript if e.answer]
    assert tried == [
        [(1, answers[0], scores[1, 1])],
        [(1, answers[1], scores[2, 1]), (2, RETRY_2, scores[2, 2])],
        [(1, answers[2], scores[3, 1]), (2, RETRY_3, scores[3, 2])],
    ]
    assert [e.answer.text for e in document.transcript if e.answer] == answers  # the transcript as it was
    assert document.report is not None
    assert [(a.question_number, a.scores, a.best) for a in document.report.attempts] == [
        (2, [scores[2, 1], scores[2, 2]], max(scores[2, 1], scores[2, 2])),
        (3, [scores[3, 1], scores[3, 2]], max(scores[3, 1], scores[3, 2]))]
    assert [(q.question, q.answer, q.engine) for q in document.report_questions] == [
        (q.question, q.answer, "offline") for q in asked]

    # Markdown: every text, each attempt labelled with its score, the report's attempts.
    md = markdown_text(await exported(conversation, "practice", "md"))
    assert missing([as_markdown(t) for t in everything], md) == []
    assert f"**Your answer (attempt 1, {scores[2, 1]}/100):**" in md
    assert f"**Attempt 2 ({scores[2, 2]}/100):**" in md
    assert f"Q2: {scores[2, 1]} then {scores[2, 2]} (scored on the best, {max(scores[2, 1], scores[2, 2])})" in md
    assert "## Questions about the report" in md and "**Answer (offline coach, rule-based):**" in md
    assert "**Mode:** practice (feedback after each answer, and retries)" in md

    # PDF, read back with the project's own extractor.
    pdf = pdf_text(await exported(conversation, "practice", "pdf"))
    assert missing(everything, pdf) == []
    assert f"Attempt 2 ({scores[3, 2]}/100):" in pdf and "Questions about the report" in pdf
    assert "Mode: practice (feedback after each answer, and retries)" in pdf
    assert words(f"Q3: {scores[3, 1]} then {scores[3, 2]}") in pdf


async def test_a_drill_exports_its_mode_and_focus(conversation: Conversation) -> None:
    await practice(conversation)
    owner = Owner.of(ref("drill"))
    focus, source, count = await conversation.plan_drill(owner, competency="structure", questions=3)
    await conversation.start_drill(ref("drill"), focus, source, count)
    for text in nurse_answers()[3:6]:
        await conversation.answer(ref("drill"), text)

    document = json_export(await exported(conversation, "drill", "json"))
    assert document.header.mode == "drill" and document.header.finished
    assert document.header.focus is not None
    assert (document.header.focus.kind, document.header.focus.name, document.header.focus.label) == (
        "competency", "structure", "Structure (STAR)")
    assert len(document.transcript) == 3  # the drill's three questions, each answered once
    assert all(e.answer is not None and e.answer.attempts == [] for e in document.transcript)
    assert document.report_questions == []
    assert "Mode: drill on Structure (STAR)" in pdf_text(await exported(conversation, "drill", "pdf"))
    assert "**Mode:** drill on Structure (STAR)" in markdown_text(await exported(conversation, "drill", "md"))


async def test_an_interview_in_the_default_mode_exports_as_before(conversation: Conversation) -> None:
    here = ref("plain")
    await conversation.start(here, StartPlan(NURSE_CV, NURSE_JD, Role(NURSE_TITLE, NURSE_COMPANY),
                                             Conversation.options(questions=1)))
    await conversation.answer(here, nurse_answers()[0])
    document = json.loads(await exported(conversation, "plain", "json"))
    assert document["header"]["mode"] == "interview" and document["header"]["focus"] is None
    assert document["transcript"][0]["answer"]["attempts"] == []
    assert document["report"]["attempts"] == [] and document["report_questions"] == []
    md = (await exported(conversation, "plain", "md")).decode()
    assert "**Your answer:**" in md and "Attempt" not in md and "Questions about the report" not in md
    assert "- **Mode:** interview" in md
