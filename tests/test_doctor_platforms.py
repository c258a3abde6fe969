"""`interview-bot doctor` checks every chat platform whose token is set, against the
loopback fakes of Slack and Discord: a refused token is a FAIL row with its fix, a
good Discord token prints the invite URL, and no token ever appears in the output."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path

import discord
import pytest

from adapters.discord.client import invite_url
from bot.platform_checks import (
    GATEWAY_MESSAGE_CONTENT,
    GATEWAY_MESSAGE_CONTENT_LIMITED,
    SLACK_BOT_SCOPES,
    _bot_identity,
    safe,
)
from tests.conftest import ROOT
from tests.discord.fake_discord import APP_ID, FakeDiscord
from tests.slack.fake_slack import APP_TOKEN, BOT_TOKEN, FakeSlack

DISCORD_TOKEN = "fake-token"  # what FakeDiscord accepts


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then let go)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def doctor_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("SLACK_", "DISCORD_", "LLM_", "DATABASE_", "LOG_"))}
    return base | {"PYTHONPATH": str(ROOT), "DATABASE_URL": str(tmp_path / "doctor.db"),
                   "LLM_PROVIDER": "offline"} | extra


async def doctor(tmp_path: Path, **extra: str) -> tuple[int, str]:
    """`interview-bot doctor` in its own process (cwd without a .env): exit code, stdout+stderr."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "doctor", cwd=tmp_path, env=doctor_env(tmp_path, **extra),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(proc.communicate(), 60)
    return proc.returncode or 0, out.decode()


def row(output: str, name: str) -> str:
    [line] = [line for line in output.splitlines() if line.startswith(name + " ")]
    return " ".join(line.split())


def fix(output: str, name: str) -> str:
    [line] = [line for line in output.splitlines() if line.startswith(f"- {name}: ")]
    return line


# -- Slack -----------------------------------------------------------------------------


async def test_a_refused_slack_bot_token_is_a_failure_with_its_fix(tmp_path: Path) -> None:
    fake = await FakeSlack().start()
    try:
        code, out = await doctor(tmp_path, SLACK_BOT_TOKEN="xoxb-wrong-token-1234", SLACK_APP_TOKEN=APP_TOKEN,
                                 SLACK_API_URL=fake.api_url)
    finally:
        await fake.close()
    assert code == 1, out
    assert row(out, "slack bot token") == "slack bot token FAIL Slack rejected SLACK_BOT_TOKEN (invalid_auth)"
    assert fix(out, "slack bot token") == (
        "- slack bot token: copy the Bot User OAuth Token (xoxb-...) from https://api.slack.com/apps > "
        "your app > OAuth & Permissions into SLACK_BOT_TOKEN")
    assert row(out, "slack socket mode").startswith("slack socket mode ok apps.connections.open")
    assert fake.bad_auth == ["auth.test"] and [c.method for c in fake.calls] == ["apps.connections.open"]
    assert "xoxb-wrong" not in out and APP_TOKEN not in out and "All checks passed" not in out


async def test_good_slack_tokens_pass_and_a_refused_app_token_fails(tmp_path: Path) -> None:
    fake = await FakeSlack().start()
    try:
        code, out = await doctor(tmp_path, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN=APP_TOKEN,
                                 SLACK_API_URL=fake.api_url)
        bad_code, bad = await doctor(tmp_path, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN="xapp-1-wrong",
                                     SLACK_API_URL=fake.api_url)
    finally:
        await fake.close()
    assert code == 0, out
    assert row(out, "slack bot token") == "slack bot token ok interview-coach in Test (auth.test)"
    assert "All checks passed." in out and BOT_TOKEN not in out and APP_TOKEN not in out
    assert bad_code == 1
    assert row(bad, "slack socket mode") == "slack socket mode FAIL Slack rejected SLACK_APP_TOKEN (invalid_auth)"
    assert "connections:write" in fix(bad, "slack socket mode")


async def test_slack_unreachable_or_at_a_wrong_url(tmp_path: Path) -> None:
    port = closed_port()
    code, out = await doctor(tmp_path, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET="s3cret-signing",
                             SLACK_API_URL=f"http://127.0.0.1:{port}/api")
    assert code == 1
    assert row(out, "slack bot token") == (
        f"slack bot token FAIL cannot reach Slack at http://127.0.0.1:{port}/api (connection refused)")
    assert fix(out, "slack bot token") == "- slack bot token: check the network connection, or SLACK_API_URL"
    assert row(out, "slack mode").startswith("slack mode ok HTTP mode")
    async with FakeDiscord() as other:  # a server, but not Slack: 404 for /api/auth.test
        code, out = await doctor(tmp_path, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_API_URL=other.base + "/api")
    assert code == 1
    assert row(out, "slack bot token") == (
        f"slack bot token FAIL {other.base}/api does not answer like Slack's Web API (HTTP 404)")
    assert row(out, "slack mode") == "slack mode FAIL neither SLACK_APP_TOKEN nor SLACK_SIGNING_SECRET is set"


def test_missing_scopes_are_named() -> None:
    check = _bot_identity({"user": "coach", "team": "Acme", "_scopes": "chat:write,commands,im:history"}, [])
    assert check.status == "FAIL"
    assert check.detail == "coach in Acme lacks the scopes im:write, files:read, files:write, reactions:write"
    granted = ",".join(SLACK_BOT_SCOPES)
    assert _bot_identity({"user": "coach", "team": "Acme", "_scopes": granted}, []).status == "ok"


def test_the_scopes_checked_are_the_manifests() -> None:
    yaml = pytest.importorskip("yaml")
    manifest = yaml.safe_load((ROOT / "adapters" / "slack" / "manifest.yaml").read_text("utf-8"))
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == sorted(SLACK_BOT_SCOPES)


# -- Discord ---------------------------------------------------------------------------


async def test_a_refused_discord_token_is_a_failure_with_its_fix(tmp_path: Path) -> None:
    async with FakeDiscord() as fake:
        code, out = await doctor(tmp_path, DISCORD_TOKEN="wrong-discord-token", DISCORD_API_URL=fake.api_url)
        assert [(c.path, c.status) for c in fake.calls] == [("/users/@me", 401)]
    assert code == 1, out
    assert row(out, "discord token") == "discord token FAIL Discord refused DISCORD_TOKEN (401 Unauthorized)"
    assert fix(out, "discord token") == (
        "- discord token: copy the bot token again (https://discord.com/developers/applications > your app > "
        "Bot > Reset Token) into DISCORD_TOKEN")
    assert "Invite" not in out and "wrong-discord-token" not in out


async def test_a_good_discord_token_prints_the_invite_url(tmp_path: Path) -> None:
    async with FakeDiscord() as fake:  # its app has GATEWAY_MESSAGE_CONTENT_LIMITED
        code, out = await doctor(tmp_path, DISCORD_TOKEN=f"Bot {DISCORD_TOKEN}", DISCORD_API_URL=fake.api_url)
        assert {c.headers.get("Authorization") for c in fake.calls} == {f"Bot {DISCORD_TOKEN}"}
    assert code == 0, out
    assert row(out, "discord token").startswith("discord token ok ")
    assert row(out, "discord intent") == (
        "discord intent ok Message Content Intent on (unverified app: up to 100 servers)")
    url = invite_url(int(APP_ID))
    assert f"Invite the Discord bot to a server: {url}" in out.splitlines()
    assert f"client_id={APP_ID}" in url and "scope=bot+applications.commands&permissions=377957207040" in url
    assert DISCORD_TOKEN not in out.replace(url, "")


async def test_the_message_content_intent_off_is_a_failure(tmp_path: Path) -> None:
    async with FakeDiscord(app_flags=1 << 23) as fake:
        code, out = await doctor(tmp_path, DISCORD_TOKEN=DISCORD_TOKEN, DISCORD_API_URL=fake.api_url)
    assert code == 1
    assert row(out, "discord intent").startswith("discord intent FAIL the Message Content Intent is off")
    assert "Privileged Gateway Intents" in fix(out, "discord intent")
    assert "Invite the Discord bot to a server: " in out  # still: the intent can be turned on afterwards


async def test_discord_unreachable(tmp_path: Path) -> None:
    port = closed_port()
    code, out = await doctor(tmp_path, DISCORD_TOKEN=DISCORD_TOKEN, DISCORD_API_URL=f"http://127.0.0.1:{port}/api")
    assert code == 1
    assert row(out, "discord token") == (
        f"discord token FAIL cannot reach Discord at http://127.0.0.1:{port}/api (connection refused)")


def test_the_intent_flags_are_discords() -> None:
    assert GATEWAY_MESSAGE_CONTENT == discord.ApplicationFlags.gateway_message_content.flag
    assert GATEWAY_MESSAGE_CONTENT_LIMITED == discord.ApplicationFlags.gateway_message_content_limited.flag


# -- both ------------------------------------------------------------------------------


async def test_no_platform_rows_without_a_token(tmp_path: Path) -> None:
    code, out = await doctor(tmp_path)
    assert code == 0, out
    assert "slack" not in out and "discord" not in out and "All checks passed." in out


def test_a_name_that_quotes_a_token_is_not_printed() -> None:
    token = "xoxb-1234567890-abcdefgh"
    assert safe("coach", [token]) == "coach"
    assert safe("1234567890", [token]) is None  # an 8-character piece of the token
    assert safe("has <markup>", [token]) is None
