"""Practice mode in the console as a user runs it: `interview-bot console --mode practice`
in a subprocess, answers piped in (and, once, typed at a real terminal), the offline
coach, a real SQLite file. Each answer gets its score at once; `/retry` answers a
question again, every attempt is kept and scored, and the report says so; lines after
the report are questions about it. The default mode's transcript has none of it."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from adapters.console.render import coaching_text
from interview_core.chat import CONSOLE, CoachingReply, Texts
from tests.helpers import SAMPLE_ANSWERS
from tests.test_console import console, words
from tests.test_console_tty import Terminal

FIRST = SAMPLE_ANSWERS[0]  # question 2 follows up on it: "Why that approach over the alternatives?"
WEAK = "Um, I guess we did some stuff."
BETTER = ("I split the monolith behind a flag because a big-bang rewrite would have frozen payments for "
          "months. The flag let me move 5% of traffic first and roll back in seconds; the trade-off was "
          "running both paths for six weeks, which I accepted to keep zero downtime.")
THIRD = SAMPLE_ANSWERS[2]
WORSE = "Maybe."
ASKED = "which answer was weakest?"
# Question 2 answered weakly, retried better; question 3 (the last) retried worse, which
# rewrites the report; then a question about the report.
PRACTICE_INPUT = [FIRST, WEAK, "/retry", BETTER, THIRD, "/retry", WORSE, ASKED]


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture(scope="module")
def practice(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    db = tmp_path_factory.mktemp("practice") / "interviews.db"
    run = console(db, "--mode", "practice", "--questions", "3", stdin="\n".join(PRACTICE_INPUT) + "\n")
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    return db, run.stdout


def attempts_line(output: str, number: int) -> tuple[int, ...]:
    found = re.findall(rf"Your attempts at question {number}: ([\d, then]+)\.", words(output))
    assert len(found) == 1, found
    return tuple(int(n) for n in re.findall(r"\d+", found[0]))


def test_each_answer_and_each_retry_gets_its_score_at_once(practice: tuple[Path, str]) -> None:
    _, out = practice
    said = words(out)
    assert "Practice mode: after each answer you get its score and feedback at once" in said
    assert re.findall(r"^Answer score: (\d+)/100$", out, re.MULTILINE) and out.count("Answer score:") == 5
    assert said.count("Feedback on your answer to question") == 3
    assert "Feedback on attempt 2 at question 2" in said and "Feedback on attempt 2 at question 3" in said
    assert "To answer question 1 again, type `/retry`; or go on by answering the next question." in said
    assert "To answer question 3 again, type `/retry`: your report will be rewritten on your best attempts." in said
    # The retry opens question 2 again, then goes back to question 3, which was waiting.
    assert "Try question 2 again: your next message is attempt 2 (every earlier attempt is kept)." in said
    assert "Back to where you were: question 3 is still waiting for your answer." in said
    assert re.findall(r"^Question (\d)/3", out, re.MULTILINE) == ["1", "2", "3", "2", "3", "3"]


def test_both_attempts_scores_show_after_the_retry_and_in_the_report(practice: tuple[Path, str]) -> None:
    _, out = practice
    first, second = attempts_line(out, 2)
    assert second > first  # the better answer scored better
    third, worse = attempts_line(out, 3)
    assert worse < third
    # The report (written after question 3, rewritten after its retry) lists them.
    reports = out.split("Overall score:")[1:]
    assert len(reports) == 2
    assert f"Q2: {first} then {second} (scored on the best, {second})" in words(reports[0])
    assert f"Q3: {third} then {worse}" not in reports[0]
    rewritten = words(reports[1])
    assert f"Q2: {first} then {second} (scored on the best, {second})" in rewritten
    assert f"Q3: {third} then {worse} (scored on the best, {third})" in rewritten
    assert "Your report is rewritten: each question is scored on its best attempt." in words(out)
    assert re.search(rf"^  Q2 \({second}/100\)", out.split("Your report is rewritten")[1], re.MULTILINE)


def test_every_attempt_is_in_the_database(practice: tuple[Path, str]) -> None:
    db, _ = practice
    # The transcript keeps the first answers; the retries are their own rows.
    assert [t for (t,) in rows(db, "SELECT text FROM messages WHERE role = 'user' ORDER BY seq")] == [
        FIRST, WEAK, THIRD]
    assert rows(db, "SELECT question, attempt, text FROM attempts ORDER BY question, attempt") == [
        (2, 2, BETTER), (3, 2, WORSE)]
    scored = rows(db, "SELECT question, attempt FROM attempt_feedback ORDER BY question, attempt")
    assert scored == [(1, 1), (2, 1), (2, 2), (3, 1), (3, 2)]
    assert rows(db, "SELECT mode, status FROM interviews") == [("practice", "complete")]


def test_a_line_after_the_report_is_a_question_the_offline_coach_answers(practice: tuple[Path, str]) -> None:
    db, out = practice
    after = out.split("Your report is rewritten")[1].split("Next steps")[1]
    assert "Answered by: offline coach, rule-based" in after
    assert re.search(r"answer \d", words(after).lower())  # it names an answer
    assert [q for (q,) in rows(db, "SELECT question FROM report_questions")] == [ASKED]


def test_the_default_mode_has_no_coaching_and_ends_as_before(tmp_path: Path) -> None:
    db = tmp_path / "interviews.db"
    run = console(db, "--questions", "3", stdin="\n".join([FIRST, WEAK, THIRD]) + "\n")
    assert run.returncode == 0, run.stderr
    out = run.stdout
    for practice_only in ("Answer score:", "/retry", "Practice mode", "Feedback on", "Attempts\n", "Answered by"):
        assert practice_only not in out, practice_only
    assert "(Neutral persona, mid level, 3 questions, in English)" in words(out)
    # The input ended with the report: nothing follows its last list (no "saved" hint).
    tail = out.split("\nNext steps\n")[1]
    assert all(line.startswith("  ") for line in tail.splitlines() if line), tail
    assert "Interview saved" not in out
    assert rows(db, "SELECT COUNT(*) FROM attempts") == [(0,)]


def test_retry_outside_practice_mode_says_where_it_works_and_is_no_answer(tmp_path: Path) -> None:
    db = tmp_path / "interviews.db"
    run = console(db, "--questions", "1", stdin="\n".join(["/retry", FIRST, "/retry", ASKED, "/quit", "x"]) + "\n")
    assert run.returncode == 0, run.stderr
    said = words(run.stdout)
    hint = f"`/retry` works in practice mode: `interview-bot console --mode practice --db {db} --user tester` " \
           "starts one."
    assert said.count(hint) == 2
    assert [t for (t,) in rows(db, "SELECT text FROM messages WHERE role = 'user'")] == [FIRST]
    # After the report, in any mode, a line is a question about it; /quit ends quietly.
    assert "Answered by: offline coach, rule-based" in said
    assert [q for (q,) in rows(db, "SELECT question FROM report_questions")] == [ASKED]
    assert "Interview saved" not in said and "nothing was saved" not in said


def test_a_wrong_mode_is_refused_with_the_choices(tmp_path: Path) -> None:
    run = console(tmp_path / "interviews.db", "--mode", "exam", stdin="")
    assert run.returncode == 1
    assert "I don't know the mode “exam”: choose interview or practice." in words(run.stdout)
    assert "Traceback" not in run.stderr


def test_coaching_without_feedback_shows_why_and_still_offers_the_retry() -> None:
    reply = CoachingReply(None, 2, 1, None, (), "The feedback could not be written just now.")  # type: ignore[arg-type]
    text = coaching_text(reply, Texts(CONSOLE), width=80)
    assert text.splitlines()[0] == "Feedback on your answer to question 2"
    assert "The feedback could not be written just now." in text and "Answer score" not in text
    assert "To answer question 2 again, type `/retry`" in words(text)


def test_at_a_terminal_questions_after_the_report_then_ctrl_d_leaves(tmp_path: Path) -> None:
    db = tmp_path / "tty.db"
    term = Terminal("--db", str(db), "--user", "tty", "--mode", "practice", "--questions", "1")
    term.prompt(1)
    term.send(FIRST + "\r")
    term.wait_for(r"Ask me about your report.*Ctrl-D\.")
    assert "Answer score:" in term.screen and "Overall score:" in term.screen
    term.prompt(2)
    term.send(ASKED + "\r")
    term.wait_for(r"Answered by: offline coach")
    term.prompt(3)
    term.send("\x04")  # Ctrl-D: the end
    assert term.close() == 0
    assert "Interview saved" not in term.screen and "Traceback" not in term.screen
    assert rows(db, "SELECT question FROM report_questions") == [(ASKED,)]
