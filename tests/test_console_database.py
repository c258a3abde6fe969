"""Where the console keeps interviews, and the commands it tells the user to run.

The console's default database is one file in the user's data folder (platformdirs), so
running it from another folder finds the same interviews; the bots keep theirs in the
working folder. Every command the console suggests repeats the user's --db and --user,
and works when typed exactly as printed."""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from interview_core.settings import DATA_DIR_ENV, Settings, user_data_dir
from tests.conftest import ROOT
from tests.test_console import ANSWERS, question_numbers, stored, words


def bare_env(**extra: str) -> dict[str, str]:
    """The environment of a user with no DATABASE_URL and no .env: only the defaults."""
    env = {k: v for k, v in os.environ.items()
           if not k.endswith("_API_KEY") and k not in ("DATABASE_URL", DATA_DIR_ENV)}
    return env | {"LLM_PROVIDER": "offline", "PYTHONPATH": str(ROOT)} | extra


def interview_bot(*args: str, cwd: Path, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], check=False, input=stdin, capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=120)


def typed_as_printed(hint: str, *, cwd: Path, env: dict[str, str], stdin: str) -> subprocess.CompletedProcess[str]:
    """Run a command the console printed, word for word (`interview-bot` is `python -m bot`)."""
    words_ = shlex.split(hint)
    assert words_[0] == "interview-bot", hint
    return interview_bot(*words_[1:], cwd=cwd, env=env, stdin=stdin)


def hint_in(output: str) -> str:
    found = re.findall(r"Run `([^`]+)` to continue", words(output))
    assert found, output[-1500:]
    return found[-1]


def test_two_folders_find_the_same_unfinished_interview(tmp_path: Path) -> None:
    home, one, two = tmp_path / "home", tmp_path / "one", tmp_path / "two"
    for folder in (home, one, two):
        folder.mkdir()
    # platformdirs itself decides the folder: XDG_DATA_HOME on Linux.
    env = bare_env(HOME=str(home), XDG_DATA_HOME=str(home / "share"))
    first = interview_bot("console", "--user", "ann", cwd=one, env=env, stdin=ANSWERS[0] + "\n")
    assert first.returncode == 0, first.stderr
    assert question_numbers(first.stdout) == [1, 2]
    if sys.platform.startswith("linux"):
        assert (home / "share" / "interview-bot" / "interview-bot.db").exists()
    assert not list(one.glob("*.db")) and not list(two.glob("*.db"))  # nothing in either folder

    hint = hint_in(first.stdout)
    assert hint == "interview-bot console --resume --user ann"
    second = typed_as_printed(hint, cwd=two, env=env, stdin=ANSWERS[1] + "\n")
    assert second.returncode == 0, second.stderr
    assert "1 of 8 questions answered" in second.stdout
    assert question_numbers(second.stdout) == [2, 3]


def test_the_resume_hint_works_typed_as_printed_with_a_custom_db_and_user(tmp_path: Path) -> None:
    db = tmp_path / "my folder" / "practice.db"
    db.parent.mkdir()
    env = bare_env(**{DATA_DIR_ENV: str(tmp_path / "unused")})
    first = interview_bot("console", "--db", str(db), "--user", "Ann Lee", cwd=tmp_path, env=env,
                          stdin="\n".join(ANSWERS[:2]) + "\n")
    assert first.returncode == 0, first.stderr
    hint = hint_in(first.stdout)
    assert shlex.split(hint)[1:] == ["console", "--resume", "--db", str(db), "--user", "Ann Lee"]
    # Another folder, the same words: the same interview.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    second = typed_as_printed(hint, cwd=elsewhere, env=env, stdin=ANSWERS[2] + "\n")
    assert second.returncode == 0, second.stderr
    assert "2 of 8 questions answered" in second.stdout and question_numbers(second.stdout) == [3, 4]
    assert [r[2] for r in stored(db) if r[1] == "user"] == ANSWERS[:3]
    assert not (tmp_path / "unused").exists()  # --db wins over the default folder
    # The notice at the start of a new interview names the same command.
    third = interview_bot("console", "--db", str(db), "--user", "Ann Lee", cwd=tmp_path, env=env)
    assert f"`{hint}` continues it" in words(third.stdout)


def test_the_sample_run_says_it_is_a_sample_and_how_to_use_your_own(tmp_path: Path) -> None:
    env = bare_env(**{DATA_DIR_ENV: str(tmp_path / "data")})
    bare = interview_bot("console", "--user", "sam", cwd=tmp_path, env=env)
    said = words(bare.stdout.split("Question 1/8")[0])
    assert "practice run on a sample" in said and "fictional" in said
    assert "`interview-bot console --cv my-cv.pdf --jd job.pdf --user sam`" in said
    assert "--jd-text" in said

    cv = tmp_path / "cv.md"
    cv.write_text((ROOT / "interview_core/samples/sample_cv.md").read_text())
    own_cv = interview_bot("console", "--user", "sam", "--cv", str(cv), cwd=tmp_path, env=env)
    said = words(own_cv.stdout.split("Question 1/8")[0])
    assert "sample job" in said and "--jd FILE" in said and "sample CV" not in said
    both = interview_bot("console", "--user", "sam", "--cv", str(cv), "--jd-text",
                         "Staff Nurse — St Mary's Hospital\n\nWe need a nurse with triage experience.",
                         cwd=tmp_path, env=env)
    assert "sample" not in both.stdout.split("Question 1/8")[0]


def test_ctrl_c_with_piped_input_saves_at_once(tmp_path: Path) -> None:
    """SIGINT while the console waits for the next piped line: no wait for input, exit 0."""
    db = tmp_path / "interviews.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "console", "--db", str(db), "--user", "pipe"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env=bare_env(),
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(ANSWERS[0] + "\n")
    proc.stdin.flush()
    seen = ""
    while "Question 2/8" not in seen:
        line = proc.stdout.readline()
        assert line, f"the console ended early: {seen}"
        seen += line
    proc.send_signal(signal.SIGINT)  # stdin stays open: nothing more will come
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "Interview saved" in out and "--resume --db" in words(out)
    assert "Traceback" not in err
    assert [r[2] for r in stored(db) if r[1] == "user"] == ANSWERS[:1]


def test_the_console_default_is_the_data_folder_and_the_bots_stay_in_the_working_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    settings = Settings()
    assert settings.database_path == Path("interview-bot.db")  # Slack, Discord: the working folder
    assert settings.console_database_path == tmp_path / "data" / "interview-bot.db"
    monkeypatch.setenv("DATABASE_URL", "sqlite:///shared.db")
    assert Settings().console_database_path == Path("shared.db")  # a set DATABASE_URL wins for both
    monkeypatch.delenv("DATABASE_URL")
    monkeypatch.delenv(DATA_DIR_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert user_data_dir() == tmp_path / "xdg" / "interview-bot"


def test_doctor_prints_the_database_the_console_would_use(tmp_path: Path) -> None:
    data = tmp_path / "data"
    run = interview_bot("doctor", cwd=tmp_path, env=bare_env(**{DATA_DIR_ENV: str(data)}))
    assert str(data / "interview-bot.db") in run.stdout, run.stdout
    assert not data.exists()  # doctor only looks
