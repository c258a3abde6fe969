"""Block Kit stays within Slack's limits and shows engine text literally."""

from __future__ import annotations

from interview_core.feedback import AnswerNote, Competency, CompetencyScore, FeedbackReport
from interview_core.models import Question

from adapters.slack import render


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
    for part in ("Overall score: 64/100", "Covered: Python, AWS", "Asked about, not shown: Kafka", "Never came up: none", "Practise STAR", "*Q8* (58/100)"):
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


def summary(score: int | None, source: str | None, complete: bool = True):
    from datetime import UTC, datetime

    from interview_core.models import Interview, InterviewStatus, Owner
    from interview_core.service import InterviewSummary

    now = datetime(2025, 1, 3, tzinfo=UTC)
    interview = Interview(1, Owner("slack", "T1", "U1"), "D1", "1.2", "Backend Engineer", "Acme", "cv", "jd", 8,
                          InterviewStatus.COMPLETE if complete else InterviewStatus.ACTIVE, now, now)
    progress = {"question_count": 8 if complete else 3, "max_questions": 8, "is_started": True,
                "is_complete": complete, "answered": 8 if complete else 2}
    return InterviewSummary(interview, progress, score, source)


def test_history_lines_name_the_engine_of_each_report() -> None:
    assert render.history_line(summary(64, "offline")) == (
        "*Backend Engineer at Acme* · ▰▰▰▰▰▰▰▰ 8/8 answered · score 64/100 (offline coach, rule-based) · 03 Jan 2025"
    )
    assert "score 80/100 (Gemini) ·" in render.history_line(summary(80, "gemini"))
    assert "score 52/100 (offline coach, rule-based; OpenRouter failed) ·" in render.history_line(
        summary(52, "offline (fallback: openrouter failed)"))
    assert "in progress ·" in render.history_line(summary(None, None, complete=False))
    listing = str(render.history_blocks([summary(64, "offline"), summary(80, "gemini")]))
    assert "(offline coach, rule-based)" in listing and "(Gemini)" in listing
    assert "(Gemini)" in str(render.home_view([summary(80, "gemini")]))
