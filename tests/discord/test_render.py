"""Discord's size limits hold for the longest report the core can produce."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone

from adapters.discord import render
from interview_core.chat import HistoryReply
from interview_core.feedback import (
    AnswerNote,
    Competency,
    CompetencyScore,
    FeedbackReport,
)
from interview_core.models import Interview, InterviewStatus, Owner, Question

LONG = "word " * 400


def interview() -> Interview:
    now = datetime.now(timezone.utc)
    return Interview(1, Owner("discord", "1", "2"), "3", "4", "T" * 120, "C" * 120, "cv", "jd", 8,
                     InterviewStatus.COMPLETE, now, now)


def biggest_report() -> FeedbackReport:
    return FeedbackReport(
        overall_score=64,
        summary=LONG * 3,
        competencies=[CompetencyScore(competency=c, score=70, reason=LONG[:400]) for c in Competency],
        answers=[AnswerNote(question_number=n, question=LONG, score=60, what_worked=LONG, to_improve=LONG,
                            stronger_answer=LONG * 2) for n in range(1, 9)],
        skills_covered=[f"skill number {n} with a long name" for n in range(20)],
        skills_missed=[f"missed skill number {n}" for n in range(20)],
        skills_not_discussed=[f"skill never discussed number {n}" for n in range(20)],
        strengths=[LONG[:300]] * 5,
        improvements=[LONG[:300]] * 5,
        next_steps=[LONG[:300]] * 6,
        source="offline",
    )


def check_embed(embed) -> None:
    data = embed.to_dict()
    assert len(data.get("title", "")) <= 256 and len(data.get("description", "")) <= 4096
    assert len(data.get("fields", [])) <= 25
    for f in data.get("fields", []):
        assert 0 < len(f["name"]) <= 256 and 0 < len(f["value"]) <= 1024


def test_the_longest_report_fits_one_message() -> None:
    embeds = render.report_embeds(biggest_report(), interview())
    assert sum(len(e) for e in embeds) <= 6000
    for embed in embeds:
        check_embed(embed)
    names = [f.name for f in embeds[1].fields]
    assert names == ["Skills covered", "Asked about or raised, not shown", "Never came up", "Strengths",
                     "To improve", "Next steps"]
    assert len(embeds[0].fields) == 5


def test_notes_are_split_into_messages_that_fit() -> None:
    groups = render.notes_embeds(biggest_report())
    assert sum(len(g) for g in groups) == 8
    for group in groups:
        assert len(group) <= 10 and sum(len(e) for e in group) <= 6000
        for embed in group:
            check_embed(embed)


def test_question_message_and_progress() -> None:
    text = render.question_message(Question(3, 8, "Why? " * 1000), notice="Note.")
    assert len(text) <= 2000
    assert text.startswith("Note.\n\n**Question 3/8** `▰▰▱▱▱▱▱▱`\nWhy?")
    assert render.progress_line({"question_count": 3, "max_questions": 8, "is_started": True,
                                 "is_complete": False, "answered": 2}) == "2 of 8 questions answered `▰▰▱▱▱▱▱▱`"
    assert len(render.thread_name("T" * 200, "C")) == 100


def test_the_report_names_its_engine_under_the_role_and_in_the_footer() -> None:
    scores, details = render.report_embeds(biggest_report(), interview())
    lines = scores.description.splitlines()
    assert lines[0] == f"{'T' * 120} at {'C' * 120}"
    assert lines[1] == "Scored by the built-in offline coach (rule-based, no AI model)."
    assert lines[2] == "" and lines[3].startswith("word word")
    assert details.footer.text == "Interview #1 · offline coach, rule-based"
    assert "interviewer" not in str([e.to_dict() for e in (scores, details)])  # the old wording

    model = biggest_report().model_copy(update={"source": "openrouter"})
    scores, details = render.report_embeds(model, interview())
    assert scores.description.splitlines()[1] == "Written by an AI model (OpenRouter)."
    assert details.footer.text == "Interview #1 · OpenRouter"


def test_the_longest_engine_label_still_fits_and_carries_no_markdown() -> None:
    names = ", ".join(f"**engine_{n}** <@{n}> [x](http://e)" + "n" * 40 for n in range(9))
    worst = biggest_report().model_copy(update={"source": f"offline (fallback: {names} failed)"})
    embeds = render.report_embeds(worst, interview())
    assert sum(len(e) for e in embeds) <= 6000
    for embed in embeds:
        check_embed(embed)
    label = embeds[0].description.splitlines()[1]
    assert label.startswith("Scored by the built-in offline coach (rule-based, no AI model), because the AI models (")
    assert label.endswith("could not write this report.")
    footer = embeds[1].footer.text
    assert footer.startswith("Interview #1 · offline coach, rule-based; engine 0 0 x http e")
    for text in (label, footer.removeprefix("Interview #1 · ")):
        assert len(text) <= 300
        for mark in "*_<>@[]`|~#":
            assert mark not in text, text
    assert [f.name for f in embeds[1].fields] == ["Skills covered", "Asked about or raised, not shown",
                                                  "Never came up", "Strengths", "To improve",
                                                  "Next steps"]


def test_history_lines_stay_within_a_message_and_link_each_thread() -> None:
    # The labels themselves (engines, fallbacks, states) are tested in tests/chat/test_texts.py.
    from interview_core.service import InterviewSummary

    done = {"question_count": 8, "max_questions": 8, "is_started": True, "is_complete": True, "answered": 8}
    text = render.history_text(HistoryReply(
        tuple(InterviewSummary(interview(), done, 64, "offline") for _ in range(30)), "Your interviews:"))
    lines = text.splitlines()
    assert len(text) <= render.MESSAGE_LIMIT and lines[0] == "Your interviews:"
    assert lines[1].startswith(f"• #1 {'T' * 59}… at {'C' * 39}… · 8/8 answered · "
                               "score 64/100 (offline coach, rule-based) · <t:")
    assert lines[1].endswith(" · in <#4>")
    short = InterviewSummary(dataclasses.replace(interview(), title="T", company="C"), done, 64, "offline")
    assert len(render.history_text(HistoryReply((short,) * 30, "x")).splitlines()) == 16  # at most 15
    assert render.history_text(HistoryReply((), "None yet.")) == "None yet."


def test_discord_s_help_and_delete_question_use_its_commands_and_the_configured_count() -> None:
    text = render.help_text(6)
    assert text.startswith("**Mock interview coach**\n") and len(text) <= render.MESSAGE_LIMIT
    assert "`/interview start cv:<file> jd:<file>` opens a private thread for the interview. I ask 6 questions" in text
    assert "`/interview feedback regenerate:True` writes it anew" in text and "8 questions" not in text
    assert render.TEXTS.delete_question.startswith(
        "Delete all your mock interviews, answers, reports and uploaded documents, here and in our direct messages?")
    assert render.TEXTS.delete_question.endswith("(Messages already posted in Discord stay.)")
    assert render.TEXTS.hello.endswith("begins a mock interview right here. `/interview help` tells you more.")
