"""LLM_PROVIDER=ollama: the OpenAI-compatible provider preset for a local Ollama, no key.

Driven against a loopback server that answers the way Ollama's /v1 API does,
including its 404 for a model that was never pulled."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import httpx

from bot.doctor import run_doctor
from interview_core.feedback import engine_label
from interview_core.settings import Settings
from tests.llm_servers import FakeLLMServer, Step
from tests.test_console import ANSWERS, console, question_numbers


def ollama_env(server: FakeLLMServer) -> dict[str, str]:
    return {
        "LLM_PROVIDER": "ollama",
        "OLLAMA_BASE_URL": server.base_url,  # http://127.0.0.1:PORT/v1, as Ollama's
        "OLLAMA_MODEL": "qwen2.5:7b",
        "LLM_FALLBACK": "",
        "LLM_RETRY_BASE_DELAY": "0.01",
    }


def test_a_console_interview_runs_on_the_ollama_preset(tmp_path: Path) -> None:
    db = tmp_path / "interviews.db"
    with FakeLLMServer("openai", api_key=None).in_thread() as server:
        run = console(db, stdin="\n".join(ANSWERS) + "\n", env=ollama_env(server))
        requests = list(server.requests)
    assert run.returncode == 0, run.stderr
    assert question_numbers(run.stdout) == list(range(1, 9))
    assert engine_label("ollama") in run.stdout
    assert "a local Ollama model" in run.stdout
    assert all(r.path == "/v1/chat/completions" for r in requests)
    assert all("authorization" not in r.headers for r in requests)  # no key is sent
    assert {r.body["model"] for r in requests} == {"qwen2.5:7b"}
    with sqlite3.connect(db) as conn:
        providers = {p for (p,) in conn.execute(
            "SELECT provider FROM messages WHERE role = 'assistant'")}
    assert providers == {"ollama"}


async def test_doctor_says_how_to_start_ollama_or_pull_the_model(tmp_path: Path) -> None:
    out = io.StringIO()
    down = Settings(
        _env_file=None,
        llm_provider="ollama",
        ollama_base_url="http://127.0.0.1:9/v1",  # nothing listens on the discard port
        database_url=str(tmp_path / "bot.db"),
    )
    async with httpx.AsyncClient() as client:
        assert await run_doctor(down, out=out, http_client=client) == 1
    assert "`ollama serve`" in out.getvalue()

    async with FakeLLMServer("openai", api_key=None) as server:
        # What Ollama answers for a model that was never pulled.
        server.push(Step.http_error(404, message='model "qwen2.5:7b" not found, try pulling it first'))
        missing = Settings(
            _env_file=None,
            llm_provider="ollama",
            ollama_base_url=server.base_url,
            ollama_model="qwen2.5:7b",
            database_url=str(tmp_path / "bot.db"),
        )
        out = io.StringIO()
        async with httpx.AsyncClient() as client:
            assert await run_doctor(missing, out=out, http_client=client) == 1
    assert "`ollama pull qwen2.5:7b`" in out.getvalue()
