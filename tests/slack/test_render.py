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
    for part in ("Overall score: 64/100", "Covered: Python, AWS", "Missed: Kafka", "Practise STAR", "*Q8* (58/100)"):
        assert part in joined, part


def test_question_blocks_show_number_and_progress() -> None:
    blocks = render.question_blocks(Question(3, 8, "Tell me about <b>AWS</b>"))
    assert "*Question 3/8*  ▰▰▱▱▱▱▱▱" in str(blocks)
    assert "&lt;b&gt;AWS&lt;/b&gt;" in str(blocks)
    assert render.question_text(Question(3, 8, "Why?")) == "Question 3/8: Why?"


def test_progress_text() -> None:
    progress = {"question_count": 3, "max_questions": 8, "is_started": True, "is_complete": False}
    assert render.progress_text(progress) == "▰▰▱▱▱▱▱▱ 2/8 answered"
    done = progress | {"question_count": 8, "is_complete": True}
    assert render.progress_text(done) == "▰▰▰▰▰▰▰▰ 8/8 answered"
