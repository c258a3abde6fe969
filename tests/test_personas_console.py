"""Issue 12, points 4-6 in the console, piped: --persona, --level, --questions and
--language are stored with the interview, shown in its header and its report, and the
offline coach says plainly that it speaks English only."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from tests.test_console import ANSWERS, console, words


def interviews(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT persona, level, language, max_questions, status FROM interviews").fetchall()


def test_questions_n_gives_n_questions_and_the_options_are_stored_and_shown(tmp_path: Path) -> None:
    db = tmp_path / "interviews.db"
    run = console(db, "--questions", "3", "--persona", "tough", "--level", "senior",
                  stdin="\n".join(ANSWERS) + "\n")
    assert run.returncode == 0, run.stderr
    assert re.findall(r"^Question (\d+)/(\d+)", run.stdout, re.MULTILINE) == [("1", "3"), ("2", "3"), ("3", "3")]
    assert "All 3 answers are saved" in words(run.stdout)
    assert interviews(db) == [("tough", "senior", "English", 3, "complete")]
    text = words(run.stdout)
    header = text.index("Mock interview: Senior Backend Engineer at Northwind Labs")
    assert text.index("Tough persona, senior level, 3 questions, in English") > header
    report = text.index("Overall score:")
    assert "(Tough persona, senior level, 3 questions, in English)" in text[text.index("Report: "):report]
    assert "English only" not in text


def test_the_defaults_are_stored_and_shown(tmp_path: Path) -> None:
    db = tmp_path / "interviews.db"
    run = console(db, stdin="\n".join(ANSWERS[:1]) + "\n")
    assert run.returncode == 0, run.stderr
    assert interviews(db) == [("neutral", "mid", "English", 8, "active")]
    assert "Neutral persona, mid level, 8 questions, in English" in words(run.stdout)


def test_the_offline_coach_says_it_speaks_english_only(tmp_path: Path) -> None:
    db = tmp_path / "interviews.db"
    run = console(db, "--language", "french", "--questions", "1", stdin=ANSWERS[0] + "\n")
    assert run.returncode == 0, run.stderr
    text = words(run.stdout)
    note = "The offline coach speaks English only; set an LLM provider for French."
    assert note in text and text.index(note) < text.index("Question 1/1")  # at the start
    assert interviews(db) == [("neutral", "mid", "French", 1, "complete")]
    assert "in French)" in text[text.index("Report: "):]


def test_unknown_values_get_a_friendly_sentence_listing_the_choices(tmp_path: Path) -> None:
    db = tmp_path / "interviews.db"
    for args, sentence in (
        (("--persona", "mean"), "choose friendly, neutral or tough"),
        (("--level", "principal"), "choose junior, mid or senior"),
        (("--questions", "30"), "between 1 and 20 questions"),
        (("--questions", "five"), "a number from 1 to 20"),
    ):
        run = console(db, *args, stdin="")
        assert run.returncode == 1, run.stdout
        assert sentence in words(run.stdout), run.stdout
        assert "Traceback" not in run.stderr or "worker_process" in run.stderr
    assert not db.exists() or interviews(db) == []
