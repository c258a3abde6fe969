"""Issue 12, points 4-6 in the prompts sent to an LLM: the persona, the level and the
language reach the model, asserted on the wire of loopback Gemini and OpenAI-compatible
servers (tests/llm_servers.py), and in a whole console interview over one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from interview_core import prompts
from interview_core.models import InterviewContext, Role, Turn
from tests.llm_servers import FakeLLMServer
from tests.test_console import ANSWERS, console, words

CV, JD = "Senior engineer, Python, Go.", "We build payments APIs in Go."


def ctx(persona: str = "neutral", level: str = "mid", language: str = "English", n: int = 2) -> InterviewContext:
    history = (Turn(Role.INTERVIEWER, "Tell me about your last role?"), Turn(Role.CANDIDATE, "It went well."))
    return InterviewContext("Engineer", "Acme", CV, JD, history[: 2 * (n - 1)], n, 8, persona, level, language)


def test_the_defaults_leave_the_prompts_as_they_were() -> None:
    assert prompts.follow_up_prompt(ctx()).system == prompts.SYSTEM_PROMPT
    assert prompts.opening_prompt(ctx(n=1)).system == prompts.SYSTEM_PROMPT
    assert prompts.feedback_prompt(ctx()).system == prompts.FEEDBACK_SYSTEM_PROMPT


def test_persona_sets_tone_and_follow_up_pressure() -> None:
    tough = prompts.follow_up_prompt(ctx("tough")).system
    friendly = prompts.follow_up_prompt(ctx("friendly")).system
    assert "Challenge every vague claim" in tough and "specifics every time" in tough
    assert "warm" in friendly and "encouraging" in friendly and "Challenge" not in friendly


def test_level_sets_depth() -> None:
    senior = prompts.opening_prompt(ctx(level="senior", n=1)).system
    junior = prompts.opening_prompt(ctx(level="junior", n=1)).system
    assert all(w in senior for w in ("scope", "trade-offs", "led"))
    assert "fundamentals" in junior and "learn" in junior and "trade-offs" not in junior
    assert "senior candidate" in prompts.feedback_prompt(ctx(level="senior")).system


def test_language_reaches_the_questions_and_the_report() -> None:
    assert "Ask every question and write the whole report in French" in prompts.follow_up_prompt(
        ctx(language="French")).system
    assert "write the whole report in French" in prompts.feedback_prompt(ctx(language="French")).system


@pytest.mark.parametrize("kind", ["gemini", "openai"])
def test_a_console_interview_sends_persona_level_and_language_to_the_llm(tmp_path: Path, kind: str) -> None:
    db = tmp_path / "interviews.db"
    with FakeLLMServer(kind).in_thread() as server:
        run = console(db, "--persona", "tough", "--level", "senior", "--questions", "3", "--language", "French",
                      stdin="\n".join(ANSWERS[:3]) + "\n", env=server.env(LLM_FALLBACK=""))
        requests = list(server.requests)
    assert run.returncode == 0, run.stderr
    assert len(requests) == 4  # 3 questions, 1 report

    def system(request) -> str:
        if kind == "gemini":
            return request.body["systemInstruction"]["parts"][0]["text"]
        return request.body["messages"][0]["content"]

    for request in requests[:3]:
        text = system(request)
        assert "Challenge every vague claim" in text and "scope" in text and "trade-offs" in text
        assert "Ask every question and write the whole report in French" in text
    assert "write the whole report in French" in system(requests[3])
    assert "senior candidate" in system(requests[3])
    # An LLM speaks French: no "English only" note.
    assert "English only" not in run.stdout
    assert "Tough persona, senior level, 3 questions, in French" in words(run.stdout)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT persona, level, language, max_questions FROM interviews").fetchall() == [
            ("tough", "senior", "French", 3)]
