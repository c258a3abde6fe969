from __future__ import annotations

import os

import pytest

from adapters.console import render
from adapters.console.render import (
    progress_bar,
    question_block,
    question_gist,
    report_text,
    summary_lines,
    wrap,
)
from interview_core.feedback import (
    COMPETENCY_LABELS,
    AnswerNote,
    Competency,
    CompetencyScore,
    FeedbackReport,
)
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
    text = report_text(report(), width=78)
    assert text.splitlines()[0] == "Overall score: 68/100"
    for label in COMPETENCY_LABELS.values():
        assert label in text
    assert "Covered:          Python, Kafka" in text
    assert "Not shown:        Terraform" in text and "Never came up:    Docker" in text
    assert "Prepare a Terraform story" in text
    assert "Q1 (70/100): Why this role?" in text
    assert all(len(line) <= 78 for line in text.splitlines())


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
    lines = report_text(stand_in, width=78).splitlines()
    label = " ".join(lines[1:lines.index("", 1)])
    assert label == ("Scored by the built-in offline coach (rule-based, no AI model), because the AI "
                     "model (OpenRouter) could not write this report.")
    assert all(len(line) <= 78 for line in lines[:4])


@pytest.mark.parametrize(("columns", "width"), [(20, 40), (50, 48), (80, 78), (120, 100), (300, 100)])
def test_text_wraps_to_the_terminal_within_bounds(monkeypatch: pytest.MonkeyPatch, columns: int, width: int) -> None:
    monkeypatch.setattr(render.shutil, "get_terminal_size", lambda fallback=(80, 24): os.terminal_size((columns, 24)))
    assert render.terminal_width() == width
    long = "Tell me about a time you had to explain something complex to people without your background. " * 3
    lines = question_block(Question(1, 8, long)).splitlines()[1:]
    assert max(len(line) for line in lines) <= width and max(len(line) for line in lines) > width - 15


def test_a_command_in_backticks_is_never_split() -> None:
    text = "Interview saved. Run `interview-bot console --resume --db '/tmp/my db.sqlite' --user ann` to continue."
    lines = wrap(text, 40)
    assert "`interview-bot console --resume --db '/tmp/my db.sqlite' --user ann`" in lines
    assert " ".join(lines) == text


def test_the_summary_names_three_things_to_work_on_and_the_missed_skills() -> None:
    long = report().model_copy(update={
        "improvements": [f"Improvement number {n}: " + "say more about what you did yourself. " * 6 for n in range(1, 6)],
        "summary": "A long summary sentence that goes on. " * 30,
        "skills_not_discussed": [f"Skill {n}" for n in range(20)],
    })
    for width in (40, 60, 100):
        lines = summary_lines(long, width)
        assert len(lines) <= 24 and all(len(line) <= width for line in lines)
        text = "\n".join(lines)
        assert "The three things to work on" in text and "\n3. Improvement number 3" in text
        assert "Improvement number 4" not in text  # the rest is in the details
        assert "Asked about or raised, not shown: Terraform" in " ".join(text.split())  # wrapped
    full = report_text(long, width=60)
    assert full.index("Answer by answer") < full.index("Scores in detail") < full.index("Improvement number 5")


@pytest.mark.parametrize("width", range(24, 60))
def test_a_dash_between_words_never_starts_a_wrapped_line(width: int) -> None:
    """A wrapped "- Registered Nurse..." would read as a new bullet."""
    from adapters.console.render import wrap

    text = "Tell the story of your night shift at Oak Ward - Registered Nurse - and end with what changed."
    lines = wrap(text, width, "  - ", "    ")
    assert lines[0].startswith("  - ")
    assert not any(line.lstrip().startswith("- ") for line in lines[1:]), lines
    assert " ".join(line.strip() for line in lines).removeprefix("- ") == text
