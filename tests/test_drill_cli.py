"""`interview-bot drill` as a user runs it: three finished console interviews (piped,
offline, 3 questions each), then a drill on what their reports found weakest, or on the
competency or skill asked for, answered like a console interview and ending with its
report. With no finished interview: one friendly sentence, exit 1."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from interview_core.feedback import COMPETENCY_LABELS, FeedbackReport
from tests.helpers import SAMPLE_ANSWERS
from tests.test_console import console, words

STRONG = SAMPLE_ANSWERS[:3]
VAGUE = ["I worked on Go services at Brightwave for four years, mostly payments APIs in Python and Go.",
         "I like clear designs and I document them for the team.",
         "PostgreSQL is the database I know best; I use indexes and EXPLAIN a lot."]
MIXED = ["I build Python and Go services and I care about reliability and clean code.",
         SAMPLE_ANSWERS[3],
         "I want to own reliability for a product people depend on every evening."]
DRILL_ANSWERS = [SAMPLE_ANSWERS[0], SAMPLE_ANSWERS[2], SAMPLE_ANSWERS[3], SAMPLE_ANSWERS[4], SAMPLE_ANSWERS[5]]


def drill(db: Path, *args: str, answers: list[str] | None = None):
    """`interview-bot drill` (console() runs `console`: the subcommand is swapped)."""
    return console(db, *args, stdin="\n".join(answers or []) + "\n", command="drill")


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database whose user `tester` has three finished 3-question interviews."""
    db = tmp_path_factory.mktemp("drill") / "interviews.db"
    for answers in (STRONG, VAGUE, MIXED):
        run = console(db, "--questions", "3", stdin="\n".join(answers) + "\n")
        assert run.returncode == 0 and "Overall score:" in run.stdout, run.stderr
    return db


def reports(db: Path) -> list[FeedbackReport]:
    """The stored reports, newest first."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT report_json FROM feedback_reports ORDER BY interview_id DESC").fetchall()
    return [FeedbackReport.model_validate(json.loads(r)) for (r,) in rows]


def drills(db: Path) -> list[tuple[str, str, str, int]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT focus_kind, focus, status, max_questions FROM interviews WHERE mode = 'drill' "
                            "ORDER BY id").fetchall()


def question_numbers(output: str, total: int) -> list[int]:
    return [int(n) for n in re.findall(rf"^Question (\d+)/{total}", output, re.MULTILINE)]


def test_a_drill_names_the_weakest_and_why_then_asks_its_questions_and_reports(three: Path) -> None:
    run = drill(three, answers=DRILL_ANSWERS[:4])
    assert run.returncode == 0, run.stderr
    said = words(run.stdout)
    found = re.search(r"Drill: 4 questions on (.+?)\. \1 was (your lowest score|one of your two lowest scores) "
                      r"in (\d) of your last 3 interviews\.", said)
    assert found, said[:600]
    label, what, times = found.group(1), found.group(2), int(found.group(3))
    assert label in COMPETENCY_LABELS.values()
    # What the reason says is what the stored reports hold.
    competency = next(c for c, text in COMPETENCY_LABELS.items() if text == label)
    # Only judged scores count ("not judged" is a placeholder no ranking reads).
    judged = [sorted(c.score for c in r.judged) for r in reports(three)]
    if what == "your lowest score":
        held = sum(r.score_of(competency) == scores[0] for r, scores in zip(reports(three), judged, strict=True))
    else:
        held = sum(r.score_of(competency) <= scores[1] for r, scores in zip(reports(three), judged, strict=True))
    assert times >= 2 and held == times
    assert f"Drill on {label}, neutral persona, mid level, 4 questions, in English." in said
    assert question_numbers(run.stdout, 4) == [1, 2, 3, 4]
    assert re.search(r"^Overall score: \d+/100$", run.stdout, re.MULTILINE)
    assert f"Report: Mock interview: Senior Backend Engineer at Northwind Labs (Drill on {label}," in said
    assert drills(three)[-1] == ("competency", competency.value, "complete", 4)
    assert "Traceback" not in run.stdout + run.stderr


def test_competency_structure_is_drilled_when_asked_for(three: Path) -> None:
    run = drill(three, "--competency", "structure", "--questions", "3", answers=DRILL_ANSWERS[:3])
    assert run.returncode == 0, run.stderr
    said = words(run.stdout)
    assert "Drill: 3 questions on Structure (STAR). You asked to drill Structure (STAR); it scored" in said
    assert question_numbers(run.stdout, 3) == [1, 2, 3] and "Overall score:" in run.stdout
    assert drills(three)[-1] == ("competency", "structure", "complete", 3)


def test_a_skill_is_drilled_when_asked_for(three: Path) -> None:
    run = drill(three, "--skill", "budgeting", "--questions", "3", answers=DRILL_ANSWERS[:2])
    assert run.returncode == 0, run.stderr
    said = words(run.stdout)
    assert "Drill: 3 questions on budgeting. You asked to drill budgeting." in said
    first = run.stdout.split("Question 1/3", 1)[1].split("Question 2/3", 1)[0]
    assert "budgeting" in first.lower()
    # Piped input ended early: saved, and the hint says how to come back.
    assert question_numbers(run.stdout, 3) == [1, 2, 3] and "Overall score" not in run.stdout
    assert "Interview saved." in said and "--resume" in said
    assert drills(three)[-1] == ("skill", "budgeting", "active", 3)


def test_a_bad_drill_option_is_one_sentence(three: Path) -> None:
    # Each wrong option's sentence is checked on the conversation layer (tests/chat/test_drills.py,
    # tests/test_drills_focus.py); here, that the CLI says it in one line and exits 1.
    run = drill(three, "--competency", "luck")
    assert run.returncode == 1, run.stdout
    assert 'There is no competency called "luck".' in words(run.stdout)
    assert "Traceback" not in run.stdout + run.stderr


def test_with_no_finished_interview_there_is_nothing_to_drill(tmp_path: Path) -> None:
    db = tmp_path / "interviews.db"
    console(db, stdin=SAMPLE_ANSWERS[0] + "\n")  # one unfinished interview: still nothing to drill
    run = drill(db)
    assert run.returncode == 1
    assert "You have no finished interview yet, so there is nothing to drill." in words(run.stdout)
    assert "Traceback" not in run.stdout + run.stderr and "Question 1" not in run.stdout
    assert drills(db) == []


def test_the_history_and_its_chart_still_work_with_drills_in_the_database(three: Path, tmp_path: Path) -> None:
    from tests.progress_helpers import png_size
    from tests.test_history_cli import history

    done = drill(three, "--competency", "communication", "--questions", "3", answers=DRILL_ANSWERS[:3])
    assert done.returncode == 0, done.stderr
    assert drills(three)[-1][:2] == ("competency", "communication")
    chart = tmp_path / "progress.png"
    run = history(three, "tester", "--chart", str(chart))
    assert run.returncode == 0, run.stderr
    assert png_size(chart.read_bytes())[0] > 0
    assert "Chart of" in words(run.stdout) and "Traceback" not in run.stderr
