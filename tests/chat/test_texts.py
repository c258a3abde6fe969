"""The sentences every platform shares, once: help, history labels, the delete
question, where an interview and its report are; each with the platform's command
names filled in (each adapter's own `COMMANDS` are checked in its render tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_core.chat import (
    CONSOLE,
    Commands,
    ConfirmDeleteReply,
    Conversation,
    HistoryReply,
    Texts,
)
from interview_core.feedback import AttemptScores
from interview_core.service import InterviewService
from interview_core.storage import Store
from tests.chat.recording import RecordingChat
from tests.helpers import ScriptedProvider, summary

# Two made-up platforms: one takes the role in the command's text, one takes options.
SLACK = Texts(Commands(start_usage="/interview start <job title> | <company>", feedback_again="/interview feedback again",
                       platform="Slack", start_does="starts the interview in our DM",
                       how_to_start="Send me your CV and the job description in our DM."))
DISCORD = Texts(Commands(start_usage="/interview start cv:<file> jd:<file>", feedback_one="/interview feedback interview:{id}",
                         feedback_again="/interview feedback regenerate:True", start_does="opens a private thread",
                         delete_scope=", here and in our direct messages",
                         how_to_start="`/interview start` with your CV and a job description begins one right here."))
CV = "Amara Okafor. Staff nurse, St Mary's surgical ward, 2016-2024: triage, handovers, mentoring."
JD = "Ward Manager\nSt Mary's Hospital\nLead a team of 30 nurses; own rotas, audits and patient safety."


@pytest.mark.parametrize("texts", [Texts(), SLACK, DISCORD], ids=["plain", "role-in-text", "options"])
@pytest.mark.parametrize("questions", [1, 6])
def test_help_uses_the_configured_number_of_questions_and_names_every_command(texts: Texts, questions: int) -> None:
    text = texts.help(questions)
    assert f"I ask {questions} question{'s' if questions > 1 else ''}, one at a time" in text
    assert "8 questions" not in text
    commands = texts.commands
    for command in (commands.resume, commands.status, commands.feedback, commands.history, commands.delete,
                    commands.help, commands.start_usage or commands.start):
        assert f"`{command}`" in text, command


def test_help_fills_in_each_platform_s_way() -> None:
    assert "`/interview start <job title> | <company>` starts the interview in our DM" in SLACK.help(8)
    assert "`/interview feedback again` writes it anew" in SLACK.help(8)
    assert "`/interview start cv:<file> jd:<file>` opens a private thread" in DISCORD.help(8)
    assert "`/interview feedback regenerate:True` writes it anew" in DISCORD.help(8)
    assert "writes it anew" not in Texts().help(8)  # a platform without the option says nothing of it


def test_history_labels_name_the_engine_or_the_state() -> None:
    assert Texts.history_state(summary(64, "offline")) == "score 64/100 (offline coach, rule-based)"
    assert Texts.history_state(summary(80, "gemini")) == "score 80/100 (Gemini)"
    assert Texts.history_state(summary(52, "offline (fallback: openrouter failed)")) == (
        "score 52/100 (offline coach, rule-based; OpenRouter failed)")
    assert Texts.history_state(summary(None, None)) == "report pending"
    assert Texts.history_state(summary(None, None, complete=False)) == "in progress"
    assert Texts.history_count(1) == "You have 1 interview." and Texts.history_count(0) == "You have 0 interviews."


def test_the_delete_question_says_what_stays_and_where_it_reaches() -> None:
    assert Texts().delete_question == (
        "Delete all your mock interviews, answers, reports and uploaded documents? This can't be undone.")
    assert SLACK.delete_question.endswith("can't be undone. (Messages already posted in Slack stay.)")
    assert DISCORD.delete_question.startswith(
        "Delete all your mock interviews, answers, reports and uploaded documents, here and in our direct messages?")


def test_where_an_interview_and_its_report_are() -> None:
    texts = Texts()
    assert texts.interview_name("*T*", "*C*") == "Mock interview: *T* at *C*"
    assert texts.ready_in("T at C", "#t") == "Your mock interview for T at C is ready in #t."
    assert texts.starting_in("our DM").startswith("Your mock interview is starting in our DM, since")
    assert texts.report_for("T at C") == "Your report for T at C"
    assert texts.report_for("T at C", owed=True, interview_id=3) == "You were also owed the report for T at C"
    assert DISCORD.report_for("T", owed=True, interview_id=3) == (
        "You were also owed the report for T (`/interview feedback interview:3`)")
    assert texts.report_in("this thread") == "Complete: your feedback report is in this thread."
    assert texts.documents_read("1 page", "200 words") == "CV: 1 page. Job description: 200 words."
    assert SLACK.hello == "Hi! Send me your CV and the job description in our DM. `/interview help` tells you more."
    assert DISCORD.hello.endswith("begins one right here. `/interview help` tells you more.")
    assert CONSOLE.help == "interview-bot --help"  # the console's help is the CLI's own


def progress(answered: int, total: int) -> dict:
    return {"answered": answered, "max_questions": total, "is_complete": answered == total}


def test_counts_agree_with_their_number() -> None:
    assert Texts.questions_answered(progress(3, 8)) == "3 of 8 questions answered"
    assert Texts.questions_answered(progress(0, 1)) == "0 of 1 question answered"
    assert Texts.answered(progress(3, 8)) == "3/8 answered"


def test_the_report_words_every_renderer_uses() -> None:
    report = type("R", (), {"strengths": ["a"], "improvements": ["b"], "next_steps": ["c"], "attempts": []})()
    assert Texts.report_lists(report) == (("Strengths", ["a"]), ("To improve", ["b"]), ("Next steps", ["c"]))
    report.attempts = [AttemptScores(question_number=2, scores=[42, 71])]
    assert Texts.report_lists(report)[0] == ("Attempts", ["Q2: 42 then 71 (scored on the best, 71)"])
    assert Texts.overall_score(85) == "Overall score: 85/100"
    assert (Texts().asked_not_shown, Texts().never_came_up) == ("Asked about or raised, not shown", "Never came up")


def test_nothing_to_resume_names_the_platform_start() -> None:
    assert Texts().no_unfinished_interview == (
        "You have no unfinished interview. `/interview start` begins a new one.")
    assert Texts(CONSOLE).no_unfinished_interview.endswith("`interview-bot console` begins a new one.")


@pytest.fixture
async def store(tmp_path: Path):
    async with Store(tmp_path / "texts.db") as opened:
        yield opened


async def test_history_and_the_delete_question_are_replies(store: Store) -> None:
    chat = RecordingChat(Conversation(InterviewService(store, ScriptedProvider(), max_questions=2)))
    (empty,) = await chat.conversation.history(chat.owner)
    assert empty == HistoryReply((), Texts().no_interviews)
    await chat.start(CV, JD, title="Ward Manager", company="St Mary's")
    await chat.start(CV, JD, title="Charge Nurse", company="St Mary's")
    (listing,) = await chat.conversation.history(chat.owner)
    assert isinstance(listing, HistoryReply) and listing.text == "Your mock interviews (newest first):"
    assert [s.interview.title for s in listing.summaries] == ["Charge Nurse", "Ward Manager"]
    (ask,) = chat.conversation.ask_delete()
    assert ask == ConfirmDeleteReply(Texts().delete_question, "Delete everything", "Cancel")


def test_an_unfinished_drill_is_named_as_a_drill_before_another_start() -> None:
    from dataclasses import replace

    from tests.progress_helpers import interview

    plain = interview(1)
    assert Texts.unfinished(plain, "interview-bot console --resume") == (
        "You have an unfinished interview (Ward Manager at St Mary's Hospital): `interview-bot console --resume` "
        "continues it.")
    drill = replace(plain, mode="drill", focus_kind="competency", focus="structure")
    assert Texts.unfinished(drill, "x --resume", " after this drill").startswith(
        "You have an unfinished drill (Structure (STAR), for Ward Manager at")
