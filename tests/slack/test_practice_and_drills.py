"""Issue 12 on Slack, through the real bolt app over signed HTTP requests and the loopback
Slack fake: practice mode (feedback after each answer, the Try again button, typed
retries, attempts in the report), questions about a finished report, and
`/interview drill` on the weakest competency."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from adapters.slack import render
from adapters.slack.commands import parse_drill, parse_start
from adapters.slack.render import ACTIONS, TEXTS
from interview_core.chat import CoachingReply, ReportAnswerReply
from interview_core.feedback import AnswerFeedback, AnswerNote
from tests.helpers import ScriptedProvider, summary
from tests.progress_helpers import ReportsProvider, report
from tests.slack.harness import DM, Harness, upload_documents

WEAK = "I did some things and it went fine."
STRONG = (
    "At Acme I owned the billing service. The situation: checkout failed twice a week. My task was to stop "
    "the outages, so I added health checks, canary deploys and connection pooling in Postgres, and I led "
    "two engineers through the rollout. The result: incidents fell by 80% in three months, and on-call "
    "pages dropped from twelve a week to two."
)
ROLE = "Senior Backend Engineer | Acme"


def shown(post: dict) -> str:
    """A post's text and blocks as Slack shows them (its escapes undone)."""
    return render.unesc(post.get("text", "") + "\n" + json.dumps(post.get("blocks") or [], ensure_ascii=False))


def coaching_posts(h: Harness, thread: str) -> list[dict]:
    return [p for p in h.fake.posts(DM, thread) if p["text"].startswith("Feedback on ")]


def try_again(post: dict) -> dict:
    """The Try again button of a coaching post."""
    (button,) = [e for b in post["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert button["action_id"] == ACTIONS["retry"] and button["text"]["text"] == "Try again"
    return button


def score_of(post: dict) -> int:
    found = re.search(r"Answer score: (\d+)/100", post["text"])
    assert found, post["text"]
    return int(found.group(1))


def interviews(h: Harness) -> list[tuple]:
    with sqlite3.connect(h.tmp_path / "slack.db") as db:
        return db.execute("SELECT id, mode, focus_kind, focus FROM interviews ORDER BY id").fetchall()


def attempts(h: Harness) -> list[tuple]:
    with sqlite3.connect(h.tmp_path / "slack.db") as db:
        return db.execute("SELECT question, attempt FROM attempts ORDER BY id").fetchall()


async def practice_interview(h: Harness, questions: int = 3) -> str:
    await upload_documents(h)
    await h.command(f"start {ROLE} mode:practice questions:{questions}")
    thread = h.parent_ts()
    assert h.questions(thread)[-1]["text"].startswith(f"Question 1/{questions}")
    return thread


# -- practice mode ---------------------------------------------------------------------


def test_mode_is_a_start_option() -> None:
    assert parse_start("Data Engineer | Acme mode:practice questions:3") == (
        "Data Engineer | Acme", {"mode": "practice", "questions": "3"})


def test_coaching_blocks_escape_engine_text_and_show_a_notice_when_there_is_no_feedback() -> None:
    interview = summary(None, None, complete=False, platform="slack").interview
    note = AnswerNote(question_number=2, question="Q2?", score=42, what_worked="<!channel> & more",
                      to_improve="numbers", stronger_answer="STAR")
    coached = CoachingReply(interview, 2, 2, AnswerFeedback(note=note, source="offline"), (30, 42))
    blocks = json.dumps(render.coaching_blocks(coached))
    assert "&lt;!channel&gt; &amp; more" in blocks and "<!channel>" not in blocks
    assert "Answer score: 42/100" in render.coaching_text(coached)
    assert "Your attempts at question 2: 30 then 42." in blocks
    assert try_again({"blocks": render.coaching_blocks(coached)})["value"] == "1:2:U1"
    assert render.parse_retry_value("1:2:U1") == (1, 2, "U1")
    assert render.parse_retry_value("junk") is None
    # Forged values: non-ASCII digits ("²".isdigit() is True) and a 5,000-digit number.
    assert render.parse_retry_value("1:\u00b2:U1") is None and render.parse_retry_value("1:" + "9" * 5000 + ":U1") is None

    failed = CoachingReply(interview, 1, 1, None, (), notice="I couldn't write its feedback <now>")
    blocks = json.dumps(render.coaching_blocks(failed))
    assert "I couldn't write its feedback &lt;now&gt;" in blocks and "Answer score" not in blocks
    assert "press Try again" in blocks  # the answer is kept: it can still be tried again

    answered = ReportAnswerReply(interview, "Answer 2 was weakest <b>", "offline")
    assert "Answer 2 was weakest &lt;b&gt;" in json.dumps(render.report_answer_blocks(answered))
    assert "Answered by: " in json.dumps(render.report_answer_blocks(answered))


async def test_practice_interview_with_try_again_and_attempts_in_the_report(any_mode: Harness) -> None:
    """Over signed HTTP requests, and the same over Socket Mode."""
    h = any_mode
    thread = await practice_interview(h)
    assert "Practice mode, neutral persona, mid level, 3 questions" in shown(h.parent())
    assert interviews(h)[0][1] == "practice"

    # Question 1: its feedback at once, with the score and a Try again button, then question 2.
    await h.message(WEAK, thread=thread)
    (coached,) = coaching_posts(h, thread)
    assert coached["text"].startswith("Feedback on your answer to question 1: Answer score: ")
    first = score_of(coached)
    text = shown(coached)
    for part in ("What worked", "To improve", "A stronger answer", "Feedback by: ",
                 TEXTS.retry_hint(1, button=True)):
        assert part in text, part
    assert try_again(coached)["value"] == f"{interviews(h)[0][0]}:1:U1"
    assert h.questions(thread)[-1]["text"].startswith("Question 2/3")
    posts = h.fake.posts(DM, thread)
    assert posts.index(coached) < posts.index(h.questions(thread)[-1])  # the feedback comes first

    # Try again: question 1 is posted again, in the thread, saying the next message is attempt 2.
    await h.click(ACTIONS["retry"], try_again(coached)["value"], message=coached)
    again = h.questions(thread)[-1]
    assert again["text"].startswith("Question 1/3: ") and again["thread_ts"] == thread
    assert TEXTS.retry_opened(1, 2) in shown(again)
    assert h.fake.responses == []  # nothing went wrong: no ephemeral message
    if h.mode == "socket":
        assert h.fake.acks  # the click's ack went back over the websocket

    # The next message is attempt 2: its feedback, how the attempts went, then back to question 2.
    await h.message(STRONG, thread=thread)
    coached2 = coaching_posts(h, thread)[-1]
    assert coached2["text"].startswith("Feedback on attempt 2 at question 1: Answer score: ")
    second = score_of(coached2)
    assert second > first
    assert f"Your attempts at question 1: {first} then {second}." in shown(coached2)
    assert "What worked" in shown(coached2)
    back = h.questions(thread)[-1]
    # Question 2 was written for the weak first answer: written again for the better one.
    assert back["text"].startswith("Question 2/3: ") and TEXTS.asked_again(2) in shown(back)
    assert attempts(h) == [(1, 2)]

    # Questions 2 and 3, then the report, which lists the attempts.
    await h.message(STRONG, thread=thread)
    assert h.questions(thread)[-1]["text"].startswith("Question 3/3")
    await h.message(STRONG, thread=thread)
    last = coaching_posts(h, thread)[-1]
    assert last["text"].startswith("Feedback on your answer to question 3")
    assert TEXTS.retry_hint(3, button=True, finished=True) in shown(last)  # a retry rewrites the report
    report_post = h.fake.posts(DM, thread)[-1]
    assert report_post["text"].startswith("Your feedback report: ")
    blocks = shown(report_post)
    assert "*Attempts*" in blocks
    assert f"Q1: {first} then {second} (scored on the best, {second})" in blocks


async def test_typed_retry_and_the_rewritten_report(slack: Harness) -> None:
    """Typing "retry" in the thread opens one too; after the last question, the attempt
    rewrites the report on the best attempts."""
    h = slack
    thread = await practice_interview(h, questions=1)
    await h.message(WEAK, thread=thread)
    first = score_of(coaching_posts(h, thread)[-1])
    assert h.fake.posts(DM, thread)[-1]["text"].startswith("Your feedback report: ")

    await h.message("retry", thread=thread)
    assert h.questions(thread)[-1]["text"].startswith("Question 1/1")
    assert TEXTS.retry_opened(1, 2) in shown(h.questions(thread)[-1])
    await h.message(STRONG, thread=thread)
    second = score_of(coaching_posts(h, thread)[-1])
    rewritten = h.fake.posts(DM, thread)[-1]
    assert rewritten["text"].startswith("Your feedback report: ")
    assert TEXTS.report_rewritten in shown(rewritten)
    assert f"Q1: {first} then {second} (scored on the best, {max(first, second)})" in shown(rewritten)


async def test_feedback_that_could_not_be_written_says_so_once(tmp_path: Path) -> None:
    """The engine fails on the last answer's feedback: the coaching post says why (and still
    offers Try again); the report after it does not say it again."""
    async with Harness(tmp_path, provider=ScriptedProvider(fail_coaching=1), max_questions=1) as h:
        thread = await practice_interview(h, questions=1)
        await h.message("A short answer.", thread=thread)
        coached = coaching_posts(h, thread)[-1]
        assert "couldn't write its feedback" in coached["text"] and "Answer score" not in coached["text"]
        try_again(coached)
        report_post = h.fake.posts(DM, thread)[-1]
        assert report_post["text"].startswith("Your feedback report: ")
        assert "couldn't write its feedback" not in shown(report_post)

        await h.click(ACTIONS["retry"], try_again(coached)["value"], message=coached)
        await h.message("A longer answer this time, with what I did and what changed.", thread=thread)
        assert score_of(coaching_posts(h, thread)[-1]) == 60  # the scripted engine: 5 points a word
        assert TEXTS.report_rewritten in shown(h.fake.posts(DM, thread)[-1])


async def test_an_unknown_mode_gets_the_choices(slack: Harness) -> None:
    h = slack
    await upload_documents(h)
    await h.command(f"start {ROLE} mode:fast")
    assert "choose interview or practice" in h.response_texts()[-1]
    assert interviews(h) == []


async def test_retry_before_any_answer_says_to_answer_first(slack: Harness) -> None:
    h = slack
    thread = await practice_interview(h)
    await h.message("try again", thread=thread)
    assert h.texts(DM, thread)[-1] == "Answer the question first; then you can try it again."
    await h.message(WEAK, thread=thread)  # still the answer to question 1
    assert coaching_posts(h, thread)[-1]["text"].startswith("Feedback on your answer to question 1")


async def test_another_user_pressing_try_again_changes_nothing(slack: Harness) -> None:
    h = slack
    thread = await practice_interview(h)
    await h.message(WEAK, thread=thread)
    coached = coaching_posts(h, thread)[-1]
    before = len(h.fake.posts())

    await h.click(ACTIONS["retry"], try_again(coached)["value"], user="U2", message=coached)
    assert len(h.fake.posts()) == before  # nothing posted in the thread
    (told,) = h.fake.responses
    assert told["response_type"] == "ephemeral" and told["replace_original"] is False
    assert "someone else's interview" in told["text"]
    assert attempts(h) == []

    # The owner's next message is still the answer to question 2, not an attempt.
    await h.message(STRONG, thread=thread)
    assert h.questions(thread)[-1]["text"].startswith("Question 3/3")
    assert attempts(h) == []


async def test_the_same_try_again_delivered_twice_opens_one_retry(slack: Harness) -> None:
    h = slack
    thread = await practice_interview(h)
    await h.message(WEAK, thread=thread)
    coached = coaching_posts(h, thread)[-1]
    payload = h.action_payload(ACTIONS["retry"], try_again(coached)["value"], message=coached)
    await h.deliver("interactive", payload)
    await h.deliver("interactive", payload)  # a retried request, or a replay: the same click
    assert [q["text"].split(":")[0] for q in h.questions(thread)] == ["Question 1/3", "Question 2/3",
                                                                      "Question 1/3"]
    await h.message(STRONG, thread=thread)
    assert attempts(h) == [(1, 2)]
    assert h.questions(thread)[-1]["text"].startswith("Question 2/3")


async def test_try_again_under_an_earlier_question_says_which_can_be_tried(slack: Harness) -> None:
    h = slack
    thread = await practice_interview(h)
    await h.message(WEAK, thread=thread)
    await h.message(WEAK, thread=thread)
    under_q1 = coaching_posts(h, thread)[0]
    before = len(h.fake.posts())
    await h.click(ACTIONS["retry"], try_again(under_q1)["value"], message=under_q1)
    assert len(h.fake.posts()) == before
    assert "only the question you answered last" in h.response_texts()[-1]
    await h.message(STRONG, thread=thread)  # still question 3's answer
    assert attempts(h) == []


async def test_try_again_in_an_interview_not_in_practice_mode(slack: Harness) -> None:
    """Typed "retry" in a usual interview is an answer like any other."""
    h = slack
    await upload_documents(h)
    await h.command(f"start {ROLE} questions:2")
    thread = h.parent_ts()
    await h.message("retry", thread=thread)
    assert coaching_posts(h, thread) == []
    assert h.questions(thread)[-1]["text"].startswith("Question 2/2")


# -- questions about the report --------------------------------------------------------


async def test_a_question_about_the_report_gets_an_answer(slack: Harness) -> None:
    h = slack
    await upload_documents(h)
    await h.command(f"start {ROLE} questions:3")
    thread = h.parent_ts()
    for answer in (STRONG, WEAK, STRONG):
        await h.message(answer, thread=thread)
    assert h.fake.posts(DM, thread)[-1]["text"].startswith("Your feedback report: ")

    await h.message("which answer was weakest?", thread=thread)
    answer = h.fake.posts(DM, thread)[-1]
    text = shown(answer)
    assert re.search(r"\banswer (\d)\b", text, re.IGNORECASE), text
    assert "Answered by: " in text
    assert "This interview is finished" not in text


# -- drills ----------------------------------------------------------------------------


def test_parse_drill() -> None:
    assert parse_drill('competency:"Structure (STAR)" questions:3') == {
        "competency": "Structure (STAR)", "questions": "3"}
    assert parse_drill("skill:budgeting") == {"skill": "budgeting"}
    assert parse_drill("STAR") == {"competency": "STAR"}
    assert parse_drill("") == {}


# Structure (STAR) is among the two lowest scores in all three reports.
REPORTS = [report([70, 30, 40, 80, 90]), report([75, 45, 80, 85, 90]), report([80, 50, 45, 90, 95])]


async def test_a_drill_after_three_interviews_works_on_the_weakest_competency(tmp_path: Path) -> None:
    async with Harness(tmp_path, provider=ReportsProvider(reports=list(REPORTS)), max_questions=1) as h:
        await upload_documents(h)
        for role in ("Backend Engineer | Acme", "Platform Engineer | Acme", ROLE):  # each its own start
            await h.command(f"start {role}")
            await h.message("An answer.", thread=h.parent_ts())
        assert [i[1] for i in interviews(h)] == ["interview"] * 3
        parents = len([p for p in h.fake.posts(DM) if "thread_ts" not in p])

        await h.command("drill", channel="C0PUBLIC")
        thread = h.parent_ts()
        assert len([p for p in h.fake.posts(DM) if "thread_ts" not in p]) == parents + 1  # a new thread
        parent = h.parent()
        assert parent["text"] == "Mock interview: Senior Backend Engineer at Acme"
        first = h.fake.posts(DM, thread)[0]
        assert first["text"].startswith("Question 1/4")
        text = shown(first)
        assert "Drill: 4 questions on Structure (STAR). Structure (STAR) was" in text, text
        # The reason, in the core's words (interview_core/progress/drills.py): it recurs.
        assert re.search(r"Structure \(STAR\) was [^.]*lowest scores? in [^.]*of your last 3 interviews", text), text
        assert "Drill on Structure (STAR), neutral persona, mid level, 4 questions" in shown(parent)
        assert "Drill on Structure (STAR)" in shown(h.fake.of("chat.update")[-1])
        # Asked for in a channel: it runs in the DM, and the channel is told only privately.
        assert h.fake.posts("C0PUBLIC") == []
        assert h.response_texts()[-1].startswith("Your mock interview is starting in <https://")
        assert interviews(h)[-1][1:] == ("drill", "competency", "structure")

        # The drill is answered like any interview, in its thread.
        await h.message("A drill answer.", thread=thread)
        assert h.questions(thread)[-1]["text"].startswith("Question 2/4")


async def test_a_drill_with_options_and_its_replay(tmp_path: Path) -> None:
    async with Harness(tmp_path, provider=ReportsProvider(reports=list(REPORTS)), max_questions=1) as h:
        await upload_documents(h)
        await h.command(f"start {ROLE}")
        await h.message("An answer.", thread=h.parent_ts())
        await h.command("drill competency:evidence questions:3")
        first = h.fake.posts(DM, h.parent_ts())[0]
        assert "Drill: 3 questions on Specificity and evidence." in shown(first)
        # The same command delivered again (the same trigger_id) opens no second drill.
        count = len(interviews(h))
        await h.deliver("slash_commands", h.last_command)
        assert len(interviews(h)) == count
        assert h.response_texts()[-1].startswith("You already started this interview")
        # An unknown competency: the choices, and nothing started.
        await h.command("drill competency:cooking")
        assert 'There is no competency called "cooking"' in h.response_texts()[-1]
        assert len(interviews(h)) == count


async def test_a_drill_with_no_finished_interview_gets_a_friendly_message(slack: Harness) -> None:
    h = slack
    await h.command("drill")
    told = h.response_texts()[-1]
    assert told.startswith("You have no finished interview yet, so there is nothing to drill.")
    assert h.fake.posts(DM) == [] and interviews(h) == []


async def test_help_lists_practice_mode_and_drills(slack: Harness) -> None:
    h = slack
    await h.command("help")
    text = h.response_texts()[-1]
    assert "`/interview start mode:practice`: practice mode" in text
    assert "`retry` to try it again" in text
    assert "`/interview drill`: a short drill on your weakest competency" in text
    assert "`competency:NAME or skill:NAME`" in text
