"""`.env.example`, copied to `.env` as its first line says, changes nothing a new user relies on:
the console keeps its database in the data folder, and INTERVIEW_BOT_DATA_DIR is documented."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from interview_core.settings import DATA_DIR_ENV, DEFAULT_DB_FILE, Settings
from tests.conftest import ROOT


def test_a_copied_env_example_keeps_the_console_database_in_the_data_folder(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    settings = Settings()
    assert settings.max_questions == 8  # the file was read
    assert settings.console_database_path == tmp_path / "data" / DEFAULT_DB_FILE
    assert settings.database_path == Path(DEFAULT_DB_FILE)  # the bots': the working folder


def test_the_data_folder_variable_is_documented() -> None:
    text = (ROOT / ".env.example").read_text("utf-8")
    assert re.search(rf"^# {DATA_DIR_ENV}=", text, re.M)
    assert "environment only" in text
