"""`interview-bot console` as a user runs it: the report says which engine
wrote it, right under the score (a subprocess, piped answers, real SQLite)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.llm_servers import FakeLLMServer, Step
from tests.test_console import ANSWERS, console, question_numbers

OFFLINE = "Scored by the built-in offline coach (rule-based, no AI model)."


def report_of(stdout: str) -> str:
    """What follows the score, with the terminal's line wrapping undone."""
    start = re.search(r"^Overall score: \d{1,3}/100$", stdout, re.MULTILINE)
    assert start, stdout
    return stdout[start.start():]


def flat(text: str) -> str:
    return " ".join(text.split())


def test_an_offline_interview_says_the_offline_coach_scored_it(tmp_path: Path) -> None:
    run = console(tmp_path / "interviews.db", stdin="\n".join(ANSWERS) + "\n")
    assert run.returncode == 0, run.stderr
    assert question_numbers(run.stdout) == list(range(1, 9))
    report = report_of(run.stdout).splitlines()
    assert report[1] == OFFLINE  # the line right under the score
    assert "interviewer)" not in run.stdout  # the old "(report by the offline interviewer)"
    assert "Traceback" not in run.stdout + run.stderr


def test_a_model_report_says_a_model_wrote_it(tmp_path: Path) -> None:
    with FakeLLMServer("gemini").in_thread() as server:
        run = console(tmp_path / "interviews.db", stdin="\n".join(ANSWERS) + "\n",
                      env=server.env(LLM_FALLBACK=""))
    assert run.returncode == 0, run.stderr
    assert report_of(run.stdout).splitlines()[1] == "Written by an AI model (Gemini)."
    assert "offline coach" not in run.stdout


def test_a_model_that_cannot_write_the_report_is_named_in_the_offline_label(tmp_path: Path) -> None:
    with FakeLLMServer("openrouter").in_thread() as server:
        server.push(*[Step.reply(f"What did you learn from project {n}?") for n in range(1, 9)])
        server.push(*[Step.http_error(503)] * 10)  # the report request keeps failing
        run = console(tmp_path / "interviews.db", stdin="\n".join(ANSWERS) + "\n",
                      env=server.env(LLM_FALLBACK="offline"))
    assert run.returncode == 0, run.stderr
    assert question_numbers(run.stdout) == list(range(1, 9))
    head = flat("\n".join(report_of(run.stdout).splitlines()[:4]))
    assert head.startswith(
        "Overall score: "
    ) and "Scored by the built-in offline coach (rule-based, no AI model), because the AI model " \
        "(OpenRouter) could not write this report." in head
    assert "Traceback" not in run.stdout + run.stderr
