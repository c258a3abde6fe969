"""docs/slack.md and docs/discord.md: at most five steps, every command runnable as
written after the README's first command, and the names they quote are the code's."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

GUIDES = {"slack": ROOT / "docs" / "slack.md", "discord": ROOT / "docs" / "discord.md"}
# What the README's first command makes: python3 -m venv .venv && .venv/bin/pip install -e .
README_FIRST = "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/interview-bot console"


def commands(text: str) -> list[str]:
    blocks = re.findall(r"^ *```sh\n(.*?)^ *```", text, re.MULTILINE | re.DOTALL)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


@pytest.mark.parametrize("name", GUIDES)
def test_at_most_five_steps(name: str) -> None:
    steps = re.findall(r"^## (\d+)\. ", GUIDES[name].read_text("utf-8"), re.MULTILINE)
    assert steps == [str(n) for n in range(1, len(steps) + 1)] and 3 <= len(steps) <= 5


@pytest.mark.parametrize("name", GUIDES)
def test_every_command_runs_from_the_venv_the_readme_makes(name: str) -> None:
    assert README_FIRST in (ROOT / "README.md").read_text("utf-8")
    lines = commands(GUIDES[name].read_text("utf-8"))
    assert f".venv/bin/interview-bot {name}" in lines and ".venv/bin/interview-bot doctor" in lines
    for line in lines:
        assert not re.search(r"(?<!\.venv/bin/)\binterview-bot\b", line), line
        assert line.startswith((".venv/bin/interview-bot ", "printf ", "cat ")), line
    for path in re.findall(r"`((?:adapters|interview_core)/[\w./]+)`", GUIDES[name].read_text("utf-8")):
        assert (ROOT / path).is_file(), path
    for sub in re.findall(r"\.venv/bin/interview-bot (\w+)", " ".join(lines)):
        assert sub in {"doctor", "slack", "discord"}


@pytest.mark.parametrize("name", GUIDES)
def test_the_env_commands_write_what_the_settings_read(name: str, tmp_path: Path) -> None:
    lines = [line for line in commands(GUIDES[name].read_text("utf-8")) if line.startswith("printf ")]
    assert lines
    for n, line in enumerate(lines):
        subprocess.run(["sh", "-c", line], input=f"value-{n}\n", text=True, cwd=tmp_path, check=True,
                       capture_output=True, env={"PATH": os.environ["PATH"]})
    names = re.findall(r"^(\w+)=", (tmp_path / ".env").read_text(), re.MULTILINE)
    assert names == [re.search(r'echo "(\w+)=', line).group(1) for line in lines]  # type: ignore[union-attr]
    expected = {"slack": {"SLACK_APP_TOKEN", "SLACK_BOT_TOKEN"}, "discord": {"DISCORD_TOKEN", "DISCORD_GUILD_ID"}}
    assert set(names) == expected[name]


def test_the_guides_quote_the_doctor_as_it_prints() -> None:
    source = (ROOT / "bot" / "platform_checks.py").read_text("utf-8")
    for quoted in ("slack bot token", "slack socket mode", "discord token", "discord intent",
                   "Invite the Discord bot to a server: "):
        assert f'"{quoted}' in source
        assert quoted.strip() in GUIDES["slack"].read_text("utf-8") + GUIDES["discord"].read_text("utf-8")


def test_the_readme_links_both_guides() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "(docs/slack.md)" in readme and "(docs/discord.md)" in readme
