"""A developer's own Slack and Discord settings never reach a test (tests/conftest.py): with
tokens in the shell and in a .env in the working folder, an in-process `doctor` run inside
pytest checks no platform, and the loopback fakes the tokens point at hear nothing."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.doctor import run_doctor
from interview_core.settings import Settings
from tests.conftest import ROOT
from tests.discord.fake_discord import FakeDiscord
from tests.slack.fake_slack import APP_TOKEN, BOT_TOKEN, FakeSlack

PROBE = "INTERVIEW_BOT_ISOLATION_PROBE"


@pytest.mark.skipif(not os.environ.get(PROBE), reason="run by test_developer_tokens_stay_out_of_tests")
async def test_probe_doctor_in_a_developers_session(tmp_path: Path) -> None:
    out = io.StringIO()
    code = await run_doctor(Settings(_env_file=None, database_url=str(tmp_path / "d.db")), out=out)
    text = out.getvalue()
    assert code == 0, text
    assert "slack" not in text and "discord" not in text, text


async def test_developer_tokens_stay_out_of_tests(tmp_path: Path) -> None:
    """pytest, run as a developer would with their tokens set: in the environment for Discord,
    in the working folder's .env for Slack, each pointed at a fake that records every call."""
    slack = await FakeSlack().start()
    try:
        async with FakeDiscord() as discord:
            (tmp_path / ".env").write_text(
                f"SLACK_BOT_TOKEN={BOT_TOKEN}\nSLACK_APP_TOKEN={APP_TOKEN}\nSLACK_API_URL={slack.api_url}\n")
            env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
            env |= {PROBE: "1", "PYTHONPATH": str(ROOT), "DISCORD_TOKEN": "fake-token",
                    "DISCORD_API_URL": discord.api_url}
            run = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(ROOT),
                 "-c", str(ROOT / "pyproject.toml"),
                 f"{Path(__file__).resolve()}::test_probe_doctor_in_a_developers_session"],
                cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180,
            )
            discord_calls = list(discord.calls)
    finally:
        await slack.close()
    assert run.returncode == 0 and "1 passed" in run.stdout, run.stdout + run.stderr
    assert slack.calls == [] and slack.bad_auth == []
    assert discord_calls == []
