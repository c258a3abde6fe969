"""`interview-bot console` driven by a real LLM API over a socket: a loopback
server that speaks Gemini's or OpenAI's wire format, and a real process that
is killed between an answer and its question."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from interview_core.feedback import engine_label
from tests.conftest import ROOT
from tests.llm_servers import FakeLLMServer, Step
from tests.test_console import ANSWERS, console, question_numbers, stored, words

WIRE_PATHS = {
    "gemini": re.compile(r"^/v1beta/models/gemini-[\w.-]+:generateContent$"),
    "openrouter": re.compile(r"^/api/v1/chat/completions$"),
    "openai": re.compile(r"^/v1/chat/completions$"),
}


@pytest.mark.parametrize("kind", ["gemini", "openrouter", "openai"])
def test_a_whole_console_interview_runs_on_each_llm_api(tmp_path: Path, kind: str) -> None:
    db = tmp_path / "interviews.db"
    with FakeLLMServer(kind).in_thread() as server:
        # No fallback: every question and the report must come over the wire.
        run = console(db, stdin="\n".join(ANSWERS) + "\n", env=server.env(LLM_FALLBACK=""))
        requests = list(server.requests)
    assert run.returncode == 0, run.stderr
    assert question_numbers(run.stdout) == list(range(1, 9))
    assert re.search(r"^Overall score: \d+/100$", run.stdout, re.MULTILINE)
    assert engine_label(kind) in run.stdout

    assert len(requests) == 9  # 8 questions and 1 report, nothing retried
    assert all(WIRE_PATHS[kind].match(r.path) for r in requests)
    assert not any(r.url_has_key for r in requests)  # the key never rides in the URL
    if kind == "gemini":
        assert all(r.headers["x-goog-api-key"] == server.api_key for r in requests)
        # The last question's request carries the whole conversation as chat turns.
        roles = [c["role"] for c in requests[7].body["contents"]]
        assert roles.count("model") == 7 and roles.count("user") >= 7
    else:
        assert all(r.headers["authorization"] == f"Bearer {server.api_key}" for r in requests)
        roles = [m["role"] for m in requests[7].body["messages"]]
        assert roles.count("assistant") == 7 and roles.count("user") >= 7
    if kind == "openrouter":
        assert all("http-referer" in r.headers and "x-title" in r.headers for r in requests)

    with sqlite3.connect(db) as conn:
        questions = conn.execute(
            "SELECT provider, prompt_tokens, completion_tokens FROM messages"
            " WHERE role = 'assistant' ORDER BY seq"
        ).fetchall()
    # Which engine wrote each question, and the usage its API reported.
    assert questions == [(kind, 120, 30)] * 8
    with sqlite3.connect(db) as conn:
        report_usage = conn.execute(
            "SELECT prompt_tokens, completion_tokens FROM feedback_reports"
        ).fetchall()
    assert report_usage == [(120, 30)]  # the report's tokens are stored like the questions'


def test_a_provider_that_fails_mid_interview_falls_back_without_losing_answers(tmp_path: Path) -> None:
    db = tmp_path / "interviews.db"
    with FakeLLMServer("openrouter").in_thread() as server:
        server.push(Step.reply("What drew you to backend work?"), Step.reply("Tell me about Kafka."))
        server.push(*[Step.http_error(503)] * 40)  # then it goes down for good
        run = console(db, stdin="\n".join(ANSWERS) + "\n", env=server.env(LLM_FALLBACK="offline"))
    assert run.returncode == 0, run.stderr
    assert question_numbers(run.stdout) == list(range(1, 9))
    assert "Overall score" in run.stdout
    rows = stored(db)
    assert [r[2] for r in rows if r[1] == "user"] == ANSWERS
    with sqlite3.connect(db) as conn:
        providers = [p for (p,) in conn.execute(
            "SELECT provider FROM messages WHERE role = 'assistant' ORDER BY seq")]
    assert providers[:2] == ["openrouter", "openrouter"]
    assert set(providers[2:]) == {"offline"}


def test_a_total_outage_pauses_and_resume_continues(tmp_path: Path) -> None:
    db = tmp_path / "interviews.db"
    with FakeLLMServer("gemini").in_thread() as server:
        server.push(Step.reply("What did you build at Brightwave?"), *[Step.http_error(500)] * 20)
        run = console(db, stdin="\n".join(ANSWERS) + "\n", env=server.env(LLM_FALLBACK=""))
    assert run.returncode == 0, run.stderr
    assert "having trouble" in words(run.stdout) and "saved" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr
    assert [r[2] for r in stored(db) if r[1] == "user"] == ANSWERS[:1]

    resumed = console(db, "--resume", stdin="\n".join(ANSWERS[1:]) + "\n")  # offline now
    assert resumed.returncode == 0, resumed.stderr
    assert question_numbers(resumed.stdout) == list(range(2, 9))
    assert [r[2] for r in stored(db) if r[1] == "user"] == ANSWERS


def test_killed_between_answer_and_question_then_resume_asks_it_once(tmp_path: Path) -> None:
    db = tmp_path / "interviews.db"
    with FakeLLMServer("openai").in_thread() as server:
        # Question 1 comes at once; question 2 hangs until the process is killed.
        server.push(Step.reply("Which project are you proudest of?"), Step.slow(60))
        env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
        env |= server.env(LLM_FALLBACK="", LLM_READ_TIMEOUT="120")
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "console", "--db", str(db), "--user", "tester"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, cwd=ROOT, env=env,
        )
        assert proc.stdin is not None
        proc.stdin.write(ANSWERS[0] + "\n")
        proc.stdin.flush()
        deadline = time.monotonic() + 60
        while server.pending and time.monotonic() < deadline:  # the slow step was taken
            time.sleep(0.05)
        assert not server.pending, "question 2 was never requested"
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)

    assert [(r[1], r[2]) for r in stored(db)] == [
        ("assistant", "Which project are you proudest of?"),
        ("user", ANSWERS[0]),
    ]
    resumed = console(db, "--resume", stdin=ANSWERS[1] + "\n")
    assert resumed.returncode == 0, resumed.stderr
    assert question_numbers(resumed.stdout) == [2, 3]
    rows = stored(db)
    assert [r[1] for r in rows] == ["assistant", "user", "assistant", "user", "assistant"]
    assert [r[2] for r in rows if r[1] == "user"] == ANSWERS[:2]


def test_resume_writes_a_report_that_failed_at_the_end(tmp_path: Path) -> None:
    db = tmp_path / "interviews.db"
    with FakeLLMServer("openai").in_thread() as server:
        topics = ["Kafka", "PostgreSQL", "your team", "a deadline", "on-call", "Go", "hiring", "Northwind"]
        server.push(*[Step.reply(f"What is your story about {t}?") for t in topics])
        server.push(*[Step.http_error(503)] * 10)  # the report request fails
        run = console(db, stdin="\n".join(ANSWERS) + "\n", env=server.env(LLM_FALLBACK=""))
    assert run.returncode == 0, run.stderr
    assert question_numbers(run.stdout) == list(range(1, 9))
    assert "could not be written" in words(run.stdout) and "Overall score" not in run.stdout

    resumed = console(db, "--resume", stdin="")  # offline now: the report is written
    assert resumed.returncode == 0, resumed.stderr
    assert "is finished; here is its report" in words(resumed.stdout)  # wrapped to the terminal
    assert re.search(r"^Overall score: \d+/100$", resumed.stdout, re.MULTILINE)
    assert [r[2] for r in stored(db) if r[1] == "user"] == ANSWERS


def test_a_report_owed_by_an_older_interview_is_still_written(tmp_path: Path) -> None:
    """Issue 10: a report lost to an outage stayed unreachable once a newer interview began."""
    db = tmp_path / "interviews.db"
    with FakeLLMServer("openai").in_thread() as server:
        server.push(*[Step.reply(f"What is your story number {n}?") for n in range(1, 9)])
        server.push(*[Step.http_error(503)] * 10)  # the first interview's report fails
        first = console(db, "--title", "Ward Manager", stdin="\n".join(ANSWERS) + "\n",
                        env=server.env(LLM_FALLBACK=""))
    assert "could not be written" in words(first.stdout)
    second = console(db, "--title", "Data Engineer", stdin="\n".join(ANSWERS) + "\n")  # offline
    assert re.search(r"^Overall score: \d+/100$", second.stdout, re.MULTILINE)

    resumed = console(db, "--resume", stdin="")
    assert resumed.returncode == 0, resumed.stderr
    assert "Ward Manager" in resumed.stdout and "is finished; here is its report" in words(resumed.stdout)
    assert re.search(r"^Overall score: \d+/100$", resumed.stdout, re.MULTILINE)
    with sqlite3.connect(db) as conn:
        assert conn.execute(
            "SELECT count(*) FROM feedback_reports WHERE status = 'ready'"
        ).fetchone() == (2,)
    again = console(db, "--resume", stdin="")  # nothing owed any more
    assert "Overall score" not in again.stdout
