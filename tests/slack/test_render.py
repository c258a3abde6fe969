"""Block Kit stays within Slack's limits and shows engine text literally."""

from __future__ import annotations

from adapters.slack import render
from interview_core.chat import HistoryReply
from interview_core.feedback import (
    AnswerNote,
    Competency,
    CompetencyScore,
    FeedbackReport,
)
from interview_core.models import Question
from tests.helpers import summary


def report(**overrides) -> FeedbackReport:
    base = dict(
        overall_score=64,
        summary="Solid <!channel> answers & clear structure " * 200,
        competencies=[CompetencyScore(competency=c, score=60, reason="ok") for c in Competency],
        answers=[
            AnswerNote(question_number=n, question=f"Q{n}?", score=50 + n, what_worked="w",
                       to_improve="i", stronger_answer="s")
            for n in range(1, 9)
        ],
        skills_covered=["Python", "AWS"],
        skills_missed=["Kafka"],
        strengths=["Clear"],
        improvements=["Numbers"],
        next_steps=["Practise STAR"],
    )
    return FeedbackReport(**(base | overrides))


def test_report_blocks_are_within_limits_and_escaped() -> None:
    blocks = render.report_blocks(report())
    assert len(blocks) <= 50
    for block in blocks:
        text = block.get("text", {}).get("text", "")
        assert len(text) <= 3000
        assert "<!channel>" not in text
    joined = str(blocks)
    assert "&lt;!channel&gt;" in joined
    for part in ("Overall score: 64/100", "Covered: Python, AWS", "Asked about or raised, not shown: Kafka", "Never came up: none", "Practise STAR", "*Q8* (58/100)"):
        assert part in joined, part


def test_question_blocks_show_number_and_progress() -> None:
    blocks = render.question_blocks(Question(3, 8, "Tell me about <b>AWS</b>"))
    assert "*Question 3/8*  ▰▰▱▱▱▱▱▱" in str(blocks)
    assert "&lt;b&gt;AWS&lt;/b&gt;" in str(blocks)
    assert render.question_text(Question(3, 8, "Why?")) == "Question 3/8: Why?"


def test_progress_text() -> None:
    progress = {"question_count": 3, "max_questions": 8, "is_started": True, "is_complete": False, "answered": 2}
    assert render.progress_text(progress) == "▰▰▱▱▱▱▱▱ 2/8 answered"
    # After question 4 failed to be written: 3 answers saved, not question_count - 1.
    assert render.progress_text(progress | {"answered": 3}) == "▰▰▰▱▱▱▱▱ 3/8 answered"
    done = progress | {"question_count": 8, "is_complete": True, "answered": 8}
    assert render.progress_text(done) == "▰▰▰▰▰▰▰▰ 8/8 answered"


def engine_block(blocks: list[dict]) -> dict:
    """The block right after the overall score."""
    at = next(i for i, b in enumerate(blocks) if "Overall score" in b.get("text", {}).get("text", ""))
    return blocks[at + 1]


def test_the_report_names_its_engine_under_the_score_and_in_the_notification() -> None:
    offline = "Scored by the built-in offline coach (rule-based, no AI model)."
    block = engine_block(render.report_blocks(report()))
    assert block == {"type": "context", "elements": [{"type": "mrkdwn", "text": offline}]}
    assert "interviewer." not in str(render.report_blocks(report()))  # the old wording
    text = render.report_text(report(summary="Good <!channel> answers."))
    assert text == f"Your feedback report: 64/100. {offline} Good &lt;!channel&gt; answers."

    stand_in = report(source="offline (fallback: gemini failed)")
    assert engine_block(render.report_blocks(stand_in))["elements"][0]["text"] == (
        "Scored by the built-in offline coach (rule-based, no AI model), because the AI model "
        "(Gemini) could not write this report."
    )
    model = report(source="openai")
    assert engine_block(render.report_blocks(model))["elements"][0]["text"] == (
        "Written by an AI model (an OpenAI-compatible server)."
    )


def test_an_odd_source_carries_no_mrkdwn() -> None:
    odd = report(source="<!channel> *x* _y_ ~z~ `w` <https://evil|click>")
    text = engine_block(render.report_blocks(odd))["elements"][0]["text"]
    assert text.startswith("Written by an engine called ")
    for mark in "<>*_~`|!":
        assert mark not in text, text


def test_history_lines_name_the_engine_of_each_report() -> None:
    # The labels themselves (engines, fallbacks, states) are tested in tests/chat/test_texts.py.
    assert render.history_line(summary(64, "offline")) == (
        "*Backend Engineer at Acme* · ▰▰▰▰▰▰▰▰ 8/8 answered · score 64/100 (offline coach, rule-based) · 03 Jan 2025"
    )
    listing = HistoryReply((summary(64, "offline"), summary(80, "gemini")), "Your interviews:")
    blocks = render.history_blocks(listing)
    assert blocks[0]["text"]["text"] == "*Your interviews:*"
    assert "(offline coach, rule-based)" in str(blocks[1]) and "(Gemini)" in str(blocks[2])
    home = render.home_view(HistoryReply((summary(80, "gemini"), summary(None, None, complete=False)), "x"))
    rows = [b for b in home["blocks"] if "Backend Engineer" in str(b)]
    assert "(Gemini)" in str(rows[0]) and "accessory" not in rows[0]
    assert rows[1]["accessory"]["action_id"] == "home_resume"  # unfinished: a Resume button
    assert render.history_blocks(HistoryReply((), "None <yet>")) == [render.section("None &lt;yet&gt;")]


def test_slack_s_help_and_delete_question_use_its_commands_and_the_configured_count() -> None:
    text = render.help_text(6)
    assert text.startswith("*Mock interview coach*\n1. Send me your CV and the job description in our DM")
    assert "`/interview start <job title> | <company>` starts the interview in our DM. I ask 6 questions" in text
    assert "`/interview feedback again` writes it anew" in text and "8 questions" not in text
    assert "I ask 1 question," in render.help_text(1)
    assert render.TEXTS.delete_question.endswith("(Messages already posted in Slack stay.)")
    assert render.TEXTS.hello.endswith("Then type `/interview start <job title> | <company>`. "
                                       "`/interview help` tells you more.")
