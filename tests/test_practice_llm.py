"""Issue 12 over a real wire: a practice-mode console interview, a retry and a question
about the report, with the engine a loopback Gemini or OpenAI-compatible server
(tests/llm_servers.py): the feedback and the answer say which engine wrote them, and
what the model was sent is what the user said."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.llm_servers import FakeLLMServer
from tests.test_console import ANSWERS, console, words


@pytest.mark.parametrize(("kind", "engine"), [("gemini", "Gemini"), ("openai", "OpenAI-compatible")])
def test_practice_mode_and_a_report_question_over_an_llm(tmp_path: Path, kind: str, engine: str) -> None:
    db = tmp_path / "interviews.db"
    said = ["Short.", "/retry", ANSWERS[0], ANSWERS[1], "which answer was weakest?", "and answer 2?"]
    with FakeLLMServer(kind).in_thread() as server:
        run = console(db, "--mode", "practice", "--questions", "2", stdin="\n".join(said) + "\n",
                      env=server.env(LLM_FALLBACK=""))
        bodies = [json.dumps(r.body) for r in server.requests]
    assert run.returncode == 0, run.stderr
    out = words(run.stdout)
    # 8 points a word: "Short." 8, then the retry; both scores said, and the report's attempts.
    retry_score = min(90, 8 * len(ANSWERS[0].split()))
    assert "Answer score: 8/100" in out and f"Answer score: {retry_score}/100" in out
    assert f"Your attempts at question 1: 8 then {retry_score}." in out
    assert f"Q1: 8 then {retry_score} (scored on the best, {retry_score})" in out
    assert out.count(f"Feedback by: {engine}") == 3  # each attempt's feedback names its engine
    assert f"From your report: answer 1 was your weakest; add its result. Answered by: {engine}" in out
    # The report was asked for on the best attempt; the question went as data.
    report_request = next(b for b in bodies if "JSON Schema" in b)
    assert ANSWERS[0][:40] in report_request and "Short." not in report_request
    asked = [b for b in bodies if "<<<BEGIN CANDIDATE QUESTION>>>" in b]
    assert "<<<BEGIN CANDIDATE QUESTION>>>\\nwhich answer was weakest?" in asked[0]
    # The follow-up goes with the question before it and the answer it got, fenced as data.
    assert "EARLIER QUESTION" not in asked[0]
    assert "<<<BEGIN EARLIER QUESTION 1>>>\\nwhich answer was weakest?" in asked[1]
    assert "<<<BEGIN EARLIER REPLY 1>>>\\nFrom your report: answer 1 was your weakest" in asked[1]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT provider FROM report_questions").fetchall() == [(kind,), (kind,)]
        assert conn.execute("SELECT question, attempt FROM attempts").fetchall() == [(1, 2)]
