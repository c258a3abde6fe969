"""Settings come from the environment or .env, are all documented, and never
print a secret."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from interview_core.settings import Settings, database_path
from tests.conftest import ROOT


def documented() -> set[str]:
    text = (ROOT / ".env.example").read_text()
    # "# NAME=value": documented, and left unset when .env.example is copied to .env
    return {m.lower() for m in re.findall(r"^(?:# )?([A-Z][A-Z0-9_]*)=", text, re.M)}


def test_env_example_lists_every_core_setting() -> None:
    assert set(Settings.model_fields) <= documented()


def test_defaults_need_no_secret(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    settings = Settings()
    assert settings.llm_provider == "offline" and settings.max_questions == 8
    assert settings.database_path == Path("interview-bot.db")


def test_env_file_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MAX_QUESTIONS", raising=False)
    (tmp_path / ".env").write_text("MAX_QUESTIONS=5\nLLM_PROVIDER=Gemini\n")
    settings = Settings()
    assert settings.max_questions == 5 and settings.llm_provider == "gemini"


@pytest.mark.parametrize("bad", ["0", "21", "many"])
def test_question_count_is_bounded(monkeypatch: pytest.MonkeyPatch, bad: str) -> None:
    monkeypatch.setenv("MAX_QUESTIONS", bad)
    with pytest.raises(ValidationError):
        Settings(_env_file=None)


def test_database_url_forms() -> None:
    assert database_path("sqlite:///data/x.db") == Path("data/x.db")
    assert database_path("sqlite:////var/lib/x.db") == Path("/var/lib/x.db")
    assert database_path("/tmp/plain.db") == Path("/tmp/plain.db")


def test_a_bad_setting_is_a_clear_error_without_its_value(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input="", capture_output=True, text=True, cwd=tmp_path, timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "MAX_QUESTIONS": "99",
             "GEMINI_API_KEY": "sk-very-secret-value"},
    )
    assert run.returncode == 2
    assert "MAX_QUESTIONS" in run.stderr and "Traceback" not in run.stderr
    assert "sk-very-secret-value" not in run.stdout + run.stderr
    assert repr(Settings(_env_file=None, gemini_api_key="sk-very-secret-value")).count("sk-very") == 0
