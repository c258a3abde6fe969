from __future__ import annotations

from adapters.console.render import progress_bar, question_block, question_gist, report_text
from interview_core.feedback import COMPETENCY_LABELS, AnswerNote, Competency, CompetencyScore, FeedbackReport
from interview_core.models import Question


def report() -> FeedbackReport:
    return FeedbackReport(
        overall_score=68,
        summary="A solid base.",
        competencies=[CompetencyScore(competency=c, score=60 + i, reason=f"reason {i}") for i, c in enumerate(Competency)],
        answers=[AnswerNote(question_number=1, question="Thanks for that. Why this role?", score=70,
                            what_worked="Clear.", to_improve="Add a number.", stronger_answer="S, T, A, R.")],
        skills_covered=["Python", "Kafka"],
        skills_missed=["Terraform"],
        skills_not_discussed=["Docker"],
        strengths=["Owned the work"],
        improvements=["Quantify"],
        next_steps=["Prepare a Terraform story"],
    )


def test_report_leads_with_the_overall_score_and_shows_every_part() -> None:
    text = report_text(report())
    assert text.splitlines()[0] == "Overall score: 68/100"
    for label in COMPETENCY_LABELS.values():
        assert label in text
    assert "Covered:          Python, Kafka" in text
    assert "Asked, not shown: Terraform" in text and "Never came up:    Docker" in text
    assert "Prepare a Terraform story" in text
    assert "Q1 (70/100): Why this role?" in text
    assert all(len(line) <= 80 for line in text.splitlines())


def test_question_block_numbers_and_bar() -> None:
    block = question_block(Question(3, 8, "How did you do it?"))
    assert block.splitlines()[0] == "Question 3/8 " + progress_bar(2, 8)
    assert progress_bar(0, 8) == "[----------------]" and progress_bar(8, 8) == "[################]"


def test_question_gist_drops_the_acknowledgement() -> None:
    assert question_gist("Good to hear about Go. What would you change?") == "What would you change?"


def test_the_engine_is_named_right_under_the_score() -> None:
    lines = report_text(report()).splitlines()
    assert lines[1] == "Scored by the built-in offline coach (rule-based, no AI model)."
    assert lines[2] == ""
    assert "interviewer)" not in report_text(report())  # the old "(report by the offline interviewer)"
    model = report().model_copy(update={"source": "gemini"})
    assert report_text(model).splitlines()[1] == "Written by an AI model (Gemini)."


def test_a_stand_in_report_names_the_model_that_failed_within_the_width() -> None:
    stand_in = report().model_copy(update={"source": "offline (fallback: openrouter failed)"})
    lines = report_text(stand_in).splitlines()
    label = " ".join(lines[1:lines.index("", 1)])
    assert label == ("Scored by the built-in offline coach (rule-based, no AI model), because the AI "
                     "model (OpenRouter) could not write this report.")
    assert all(len(line) <= 78 for line in lines[:4])
