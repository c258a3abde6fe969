"""The command line as a user meets it: each subcommand starts or says clearly why not."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "bot", *args], check=False, input="", capture_output=True,
                          text=True, cwd=cwd, env=environment, timeout=60)


@pytest.mark.parametrize(("command", "variable"), [("slack", "SLACK_BOT_TOKEN"), ("discord", "DISCORD_TOKEN")])
def test_chat_bots_without_a_token_say_which_variable_is_missing(tmp_path: Path, command: str, variable: str) -> None:
    result = run(command, cwd=tmp_path)
    assert result.returncode == 2
    assert variable in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_no_subcommand_runs_the_console(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = run(cwd=tmp_path, env={"INTERVIEW_BOT_DATA_DIR": str(data)})
    assert result.returncode == 0, result.stderr
    assert "Question 1/8" in result.stdout
    # The console's default database is in the user's data folder, not the working folder.
    assert (data / "interview-bot.db").exists()
    assert not (tmp_path / "interview-bot.db").exists()


def test_help_lists_every_subcommand(tmp_path: Path) -> None:
    result = run("--help", cwd=tmp_path)
    for command in ("console", "drill", "history", "report", "extract", "doctor", "slack", "discord"):
        assert command in result.stdout
    assert "a short drill (3-5 questions) on your weakest competency or skill" in " ".join(result.stdout.split())


def test_help_describes_the_practice_mode_and_the_drill_options(tmp_path: Path) -> None:
    console = " ".join(run("console", "--help", cwd=tmp_path).stdout.split())
    assert "--mode interview|practice" in console
    assert "practice: each answer's score and feedback at once, and /retry to answer it again" in console
    drill = run("drill", "--help", cwd=tmp_path)
    assert drill.returncode == 0
    described = " ".join(drill.stdout.split())
    for option in ("--competency NAME", "--skill NAME", "--questions N", "--db DB", "--user USER"):
        assert option in described, option


def test_a_reader_that_leaves_early_ends_the_command_quietly(tmp_path: Path) -> None:
    """`interview-bot extract big.txt | head -1`: no BrokenPipeError traceback, exit 0."""
    big = tmp_path / "big.txt"
    big.write_text("\n".join(f"Line {i}: rostered 12 pickers and 3 forklift drivers." for i in range(3000)))
    done = subprocess.run(
        f"{shlex.quote(sys.executable)} -m bot extract {shlex.quote(str(big))} | head -1",
        shell=True, capture_output=True, text=True, cwd=ROOT, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.stdout.startswith("Line 0:")
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
