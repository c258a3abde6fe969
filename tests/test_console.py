"""The console as a user runs it: `interview-bot console` in a subprocess,
answers piped in, the real offline interviewer, a real SQLite file."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT
from tests.helpers import SAMPLE_ANSWERS

ANSWERS = SAMPLE_ANSWERS


def console(
    db: Path, *args: str, stdin: str, env: dict[str, str] | None = None, command: str = "console"
) -> subprocess.CompletedProcess[str]:
    """`interview-bot console` (or another `command`: `drill`) with `stdin` piped in, the
    offline engine, no key in sight."""
    environment = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    environment.update({"LLM_PROVIDER": "offline", "DATABASE_URL": str(db.parent / "unused.db")})
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", command, "--db", str(db), "--user", "tester", *args],
        input=stdin,
        capture_output=True,
        check=False,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=120,
    )


def words(output: str) -> str:
    """The output with its line breaks as spaces: sentences are wrapped to the terminal."""
    return " ".join(output.split())


def question_numbers(output: str) -> list[int]:
    return [int(n) for n in re.findall(r"^Question (\d+)/8", output, re.MULTILINE)]


def questions_asked(output: str) -> list[str]:
    """Each question's text: the lines after its `Question n/8` header."""
    blocks = re.split(r"^Question \d+/8.*$", output, flags=re.MULTILINE)[1:]
    return [" ".join(b.strip().split("\n\n")[0].split()) for b in blocks]


def stored(db: Path) -> list[tuple[int, str, str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT seq, role, text, created_at FROM messages ORDER BY seq").fetchall()


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    cv = tmp_path / "cv.md"
    jd = tmp_path / "jd.md"
    cv.write_text((ROOT / "interview_core/samples/sample_cv.md").read_text())
    jd.write_text((ROOT / "interview_core/samples/sample_jd.md").read_text())
    return cv, jd


def test_eight_piped_answers_give_eight_questions_then_the_report(tmp_path, pair):
    cv, jd = pair
    db = tmp_path / "interviews.db"
    run = console(db, "--cv", str(cv), "--jd", str(jd), "--title", "Backend Engineer",
                  "--company", "Northwind Labs", stdin="\n".join(ANSWERS) + "\n")
    assert run.returncode == 0, run.stderr
    assert question_numbers(run.stdout) == list(range(1, 9))
    assert "Traceback" not in run.stdout + run.stderr
    report = run.stdout.split("Question 8/8", 1)[1]
    assert re.search(r"^Overall score: \d{1,3}/100$", report, re.MULTILINE)
    assert "end of the interview" in report
    rows = stored(db)
    assert [r[1] for r in rows] == ["assistant", "user"] * 8
    assert [r[2] for r in rows if r[1] == "user"] == ANSWERS
    assert all(r[3] for r in rows)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT status FROM interviews").fetchall() == [("complete",)]
        assert conn.execute("SELECT status FROM feedback_reports").fetchall() == [("ready",)]


def test_three_answers_then_resume_with_five_loses_nothing(tmp_path, pair):
    cv, jd = pair
    db = tmp_path / "interviews.db"
    first = console(db, "--cv", str(cv), "--jd", str(jd), "--title", "Backend Engineer",
                    "--company", "Northwind Labs", stdin="\n".join(ANSWERS[:3]) + "\n")
    assert first.returncode == 0, first.stderr
    assert question_numbers(first.stdout) == [1, 2, 3, 4]
    assert "--resume" in first.stdout  # tells the user how to come back
    assert "Overall score" not in first.stdout

    second = console(db, "--resume", stdin="\n".join(ANSWERS[3:]) + "\n")
    assert second.returncode == 0, second.stderr
    # The pending question is shown again with its number, then the rest.
    assert question_numbers(second.stdout) == [4, 5, 6, 7, 8]
    assert questions_asked(second.stdout)[0] == questions_asked(first.stdout)[3]
    assert re.search(r"^Overall score: \d+/100$", second.stdout, re.MULTILINE)

    rows = stored(db)
    assert [r[2] for r in rows if r[1] == "user"] == ANSWERS
    questions = [r[2] for r in rows if r[1] == "assistant"]
    assert len(questions) == 8 and len(set(questions)) == 8


def test_bare_console_runs_the_bundled_sample(tmp_path):
    db = tmp_path / "interviews.db"
    run = console(db, stdin="\n".join(ANSWERS[:2]) + "\n")
    assert run.returncode == 0, run.stderr
    assert "Senior Backend Engineer at Northwind Labs" in run.stdout
    assert question_numbers(run.stdout) == [1, 2, 3]


def test_empty_lines_are_refused_and_not_counted(tmp_path, pair):
    cv, jd = pair
    db = tmp_path / "interviews.db"
    run = console(db, "--cv", str(cv), "--jd", str(jd), stdin=f"{ANSWERS[0]}\n\n   \n{ANSWERS[1]}\n")
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("Your answer is empty") == 2
    assert question_numbers(run.stdout) == [1, 2, 3]
    assert [r[2] for r in stored(db) if r[1] == "user"] == ANSWERS[:2]


def test_the_real_pdf_cv_is_read_and_questions_use_it(tmp_path):
    db = tmp_path / "interviews.db"
    jd = tmp_path / "jd.txt"
    jd.write_text(
        "Staff Site Reliability Engineer — Skyline Cloud\n\nRequirements:\n"
        "- Deep experience with Kubernetes and Terraform on AWS\n"
        "- Incident response and on-call leadership\n- Observability with Prometheus\n"
    )
    run = console(db, "--cv", str(FIXTURES / "cv/awesome-cv-resume.pdf"), "--jd", str(jd),
                  stdin=ANSWERS[0] + "\n")
    assert run.returncode == 0, run.stderr
    assert "CV: 3 pages" in run.stdout
    assert "Staff Site Reliability Engineer at Skyline Cloud" in run.stdout
    first = questions_asked(run.stdout)[0]
    assert any(skill in first for skill in ("Kubernetes", "Terraform", "AWS", "Prometheus"))


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "PDF, a Word document"),
        ("broken.pdf", b"%PDF-1.7\n garbage", "damaged"),
        ("empty.txt", b"", "empty"),
    ],
)
def test_a_bad_cv_file_gets_a_friendly_message(tmp_path, name, content, expected):
    bad = tmp_path / name
    bad.write_bytes(content)
    run = console(tmp_path / "db.sqlite3", "--cv", str(bad), stdin="")
    assert run.returncode == 2
    assert expected in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


def test_resume_with_nothing_to_resume_says_so(tmp_path):
    run = console(tmp_path / "db.sqlite3", "--resume", stdin="")
    assert run.returncode == 1
    said = " ".join(run.stdout.split())
    assert "You have no unfinished interview. `interview-bot console --db " in said
    assert "` begins a new one." in said  # the command that starts one, with the same --db
    assert "Traceback" not in run.stderr


def test_a_finished_interview_is_not_resumed(tmp_path, pair):
    cv, jd = pair
    db = tmp_path / "interviews.db"
    done = console(db, "--cv", str(cv), "--jd", str(jd), stdin="\n".join(ANSWERS) + "\n")
    assert "Overall score" in done.stdout
    again = console(db, "--resume", stdin=ANSWERS[0] + "\n")
    assert again.returncode == 1 and "no unfinished interview" in again.stdout
    assert len(stored(db)) == 16


def test_extract_prints_what_the_interviewer_reads(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "bot", "extract", str(FIXTURES / "cv/awesome-cv-resume.pdf")],
        capture_output=True, check=False, text=True, cwd=ROOT, timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "Designed Terraform modules" in run.stdout
    assert "3 pages" in run.stderr
    missing = subprocess.run(
        [sys.executable, "-m", "bot", "extract", str(tmp_path / "nope.pdf")],
        capture_output=True, check=False, text=True, cwd=ROOT, timeout=60,
    )
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_an_unusable_database_is_one_clear_line(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("garbage, not SQLite")
    run = console(bad, stdin=ANSWERS[0] + "\n")
    assert run.returncode == 2
    assert "Can't use the database" in run.stderr and "Traceback" not in run.stderr


def test_answers_in_another_encoding_do_not_end_the_interview(tmp_path):
    db = tmp_path / "interviews.db"
    run = subprocess.run(
        [sys.executable, "-m", "bot", "console", "--db", str(db), "--user", "tester"],
        input=b"caf\xe9 au lait: I led the team\n" + ANSWERS[1].encode() + b"\n",
        capture_output=True, check=False, cwd=ROOT, timeout=120,
        env={k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")} | {"LLM_PROVIDER": "offline"},
    )
    assert run.returncode == 0, run.stderr
    assert b"Traceback" not in run.stderr
    assert question_numbers(run.stdout.decode()) == [1, 2, 3]
    assert [r[2] for r in stored(db) if r[1] == "user"] == ["caf\ufffd au lait: I led the team", ANSWERS[1]]
