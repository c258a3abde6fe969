"""`interview-bot report` as a user runs it: a finished offline interview for a nurse,
typed in the console (piped), then written as PDF, Markdown and JSON; each file read
back (the PDF with the project's own extractor) holds every question and answer."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.export.helpers import (
    NURSE_COMPANY,
    NURSE_CV,
    NURSE_JD,
    NURSE_TITLE,
    as_markdown,
    json_export,
    markdown_text,
    missing,
    nurse_answers,
    pdf_text,
    words,
)

ROOT = Path(__file__).resolve().parents[2]


def bot(*args: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    environment.update({"LLM_PROVIDER": "offline", "DATABASE_URL": str(cwd / "unused.db"), "PYTHONPATH": str(ROOT)})
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, check=False,
                          text=True, cwd=cwd, env=environment, timeout=120)


def messages(db: Path) -> tuple[list[str], list[str]]:
    """The stored questions and answers, in order."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT role, text FROM messages ORDER BY interview_id, seq").fetchall()
    return [t for r, t in rows if r == "assistant"], [t for r, t in rows if r == "user"]


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with `interviews.db`: nurse's one finished interview, 8 answers."""
    folder = tmp_path_factory.mktemp("report")
    (folder / "cv.md").write_text(NURSE_CV, "utf-8")
    (folder / "jd.md").write_text(NURSE_JD, "utf-8")
    run = bot("console", "--db", "interviews.db", "--user", "nurse", "--cv", "cv.md", "--jd", "jd.md",
              "--title", NURSE_TITLE, "--company", NURSE_COMPANY, cwd=folder, stdin="\n".join(nurse_answers()) + "\n")
    assert run.returncode == 0, run.stderr
    assert "Overall score:" in run.stdout
    questions, answers = messages(folder / "interviews.db")
    assert len(questions) == 8 and len(answers) == 8
    return folder


def test_pdf_holds_every_question_and_answer(finished: Path) -> None:
    run = bot("report", "--format", "pdf", "--out", "nurse.pdf", "--db", "interviews.db", "--user", "nurse",
              cwd=finished)
    assert run.returncode == 0, run.stderr
    assert "Wrote nurse.pdf" in run.stdout
    assert "the whole transcript and the report" in words(run.stdout)
    data = (finished / "nurse.pdf").read_bytes()
    assert data.startswith(b"%PDF-")
    reader = PdfReader(finished / "nurse.pdf")  # a valid PDF: its structure parses, page by page
    assert len(reader.pages) >= 2
    text = pdf_text(data)
    questions, answers = messages(finished / "interviews.db")
    assert missing(questions, text) == []
    assert missing(answers, text) == []
    assert "café au lait" in text and "naïve first plan" in text and "Señora Müller" in text
    assert f"Role: {NURSE_TITLE}" in text and f"Company: {NURSE_COMPANY}" in text
    # Stored with every interview since schema v8 (issue 12, point 4): the defaults here.
    assert "Mode: interview" in text and "Persona: neutral" in text and "Level: mid" in text
    assert "Scored by the built-in offline coach" in text and "Overall score:" in text
    assert f"Page 1 of {len(reader.pages)}" in reader.pages[0].extract_text()


def test_default_is_the_latest_finished_interview_as_a_pdf_named_after_it(finished: Path) -> None:
    run = bot("report", "--db", "interviews.db", "--user", "nurse", cwd=finished)
    assert run.returncode == 0, run.stderr
    (written,) = [p for p in finished.glob("interview-1-*.pdf")]
    assert written.name.startswith("interview-1-registered-nurse-rn-medical-surgical-unit")
    assert f"Wrote {written.name}" in run.stdout
    reference = bot("report", "1", "--format", "pdf", "--out", "reference.pdf", "--db", "interviews.db",
                    "--user", "nurse", cwd=finished)  # the same interview, asked for by number
    assert reference.returncode == 0, reference.stderr
    assert pdf_text(written.read_bytes()) == pdf_text((finished / "reference.pdf").read_bytes())


def test_markdown_holds_every_question_and_answer(finished: Path) -> None:
    run = bot("report", "1", "--format", "md", "--out", "nurse.md", "--db", "interviews.db", "--user", "nurse",
              cwd=finished)
    assert run.returncode == 0, run.stderr
    text = markdown_text((finished / "nurse.md").read_bytes())
    questions, answers = messages(finished / "interviews.db")
    assert missing([as_markdown(q) for q in questions], text) == []
    assert missing([as_markdown(a) for a in answers], text) == []
    assert r"\# 1 for me is safety: \<b\>every\</b\> high-alert dose is \*double\* checked \[always\]." in text
    assert text.startswith(f"# Mock interview: {NURSE_TITLE} at {NURSE_COMPANY}")
    for heading in ("## Transcript", "### Question 8 of 8", "## Report", "### Scores by competency",
                    "### Answer by answer", "### Skills from the job description"):
        assert heading in text


def test_json_validates_against_the_schema_and_holds_every_question_and_answer(finished: Path) -> None:
    run = bot("report", "--format", "json", "--out", "-", "--db", "interviews.db", "--user", "nurse", cwd=finished)
    assert run.returncode == 0, run.stderr
    exported = json_export(run.stdout.encode("utf-8"))
    questions, answers = messages(finished / "interviews.db")
    assert [e.question for e in exported.transcript] == questions
    assert [e.answer.text for e in exported.transcript if e.answer] == answers
    assert exported.header.title == NURSE_TITLE and exported.header.finished
    assert exported.header.persona == "neutral" and exported.header.mode == "interview"
    assert exported.report is not None and exported.report.engine == "offline"
    assert len(exported.report.answers) == 8 and exported.report_note is None
    assert "the whole transcript" in run.stderr  # the sentence goes beside the data, not in it


def test_another_user_cannot_export_it(finished: Path) -> None:
    for args in (["1"], []):
        run = bot("report", *args, "--format", "pdf", "--out", "theirs.pdf", "--db", "interviews.db",
                  "--user", "someone-else", cwd=finished)
        assert run.returncode == 1
        assert not (finished / "theirs.pdf").exists()
        assert "Traceback" not in run.stderr
    assert "I can't find that interview." in bot("report", "1", "--db", "interviews.db", "--user", "someone-else",
                                                 cwd=finished).stderr
    assert "You have no interviews yet." in run.stderr


def test_an_unfinished_interview_is_exported_as_far_as_it_goes(tmp_path: Path) -> None:
    (tmp_path / "cv.md").write_text(NURSE_CV, "utf-8")
    (tmp_path / "jd.md").write_text(NURSE_JD, "utf-8")
    two = nurse_answers()[:2]
    run = bot("console", "--db", "i.db", "--user", "nurse", "--cv", "cv.md", "--jd", "jd.md", cwd=tmp_path,
              stdin="\n".join(two) + "\n")
    assert run.returncode == 0, run.stderr
    run = bot("report", "--format", "pdf", "--out", "so-far.pdf", "--db", "i.db", "--user", "nurse", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "the report isn't ready until the last answer" in words(run.stdout)
    assert "console --resume --db i.db --user nurse" in words(run.stdout)
    text = pdf_text((tmp_path / "so-far.pdf").read_bytes())
    questions, answers = messages(tmp_path / "i.db")
    assert len(questions) == 3 and answers == two
    assert missing(questions + answers, text) == []
    assert "The report isn't ready: the interview is not finished (2 of 8 questions answered)" in text
    assert "Overall score" not in text


def test_help_lists_report(tmp_path: Path) -> None:
    run = bot("report", "--help", cwd=tmp_path)
    assert run.returncode == 0
    for option in ("INTERVIEW", "--format", "{md,pdf,json}", "--out", "--db", "--user"):
        assert option in run.stdout


def test_the_command_offers_exactly_the_formats_export_writes() -> None:
    from bot.report import FORMATS as OFFERED
    from interview_core.export.model import FORMATS

    assert OFFERED == FORMATS
