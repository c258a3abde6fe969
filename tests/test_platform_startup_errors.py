"""`interview-bot slack` and `interview-bot discord`, run as a user runs them (their own
process, the default LOG_LEVEL), when the platform can't be used: a closed loopback
port, a fake that refuses the token, a server that is not the platform, a URL that is
not one. Each is exactly one line (stdout and stderr together), exit code 2."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.discord.fake_discord import FakeDiscord
from tests.slack.fake_slack import APP_TOKEN, BOT_TOKEN, FakeSlack

SLACK_BOT_FIX = ("copy the Bot User OAuth Token (xoxb-...) from https://api.slack.com/apps > your app > "
                 "OAuth & Permissions into SLACK_BOT_TOKEN.")
SLACK_APP_FIX = ("make an App-Level Token with the connections:write scope (https://api.slack.com/apps > "
                 "your app > Basic Information > App-Level Tokens) and put it in SLACK_APP_TOKEN.")
DISCORD_FIX = ("copy the bot token again (https://discord.com/developers/applications > your app > Bot > "
               "Reset Token) into DISCORD_TOKEN.")


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then let go)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def env(tmp_path: Path, **extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("SLACK_", "DISCORD_", "LLM_", "DATABASE_", "LOG_"))}
    return base | {"PYTHONPATH": str(ROOT), "DATABASE_URL": str(tmp_path / "bot.db"),
                   "SLACK_HTTP_HOST": "127.0.0.1"} | extra


async def run(tmp_path: Path, *args: str, **extra: str) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=tmp_path, env=env(tmp_path, **extra),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(proc.communicate(), 60)
    return proc.returncode or 0, out.decode()


def one_line(output: str) -> str:
    assert output.endswith("\n") and output.count("\n") == 1, output
    return output.rstrip("\n")


SOCKET_MODE = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": APP_TOKEN}
HTTP_MODE = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": "signing-secret-1"}


@pytest.mark.parametrize(("args", "tokens"), [(["slack"], SOCKET_MODE), (["slack", "--http-port", "0"], HTTP_MODE)],
                         ids=["socket mode", "http mode"])
async def test_slack_with_no_reachable_api(tmp_path: Path, args: list[str], tokens: dict[str, str]) -> None:
    url = f"http://127.0.0.1:{closed_port()}/api"
    code, out = await run(tmp_path, *args, SLACK_API_URL=url, **tokens)
    assert code == 2
    assert one_line(out) == f"Cannot reach Slack at {url} (connection refused): check the network connection, or SLACK_API_URL."


async def test_slack_with_a_refused_token(tmp_path: Path) -> None:
    fake = await FakeSlack().start()
    try:
        bot_code, bot = await run(tmp_path, "slack", SLACK_API_URL=fake.api_url,
                                  **(SOCKET_MODE | {"SLACK_BOT_TOKEN": "xoxb-wrong-token"}))
        app_code, app = await run(tmp_path, "slack", SLACK_API_URL=fake.api_url,
                                  **(SOCKET_MODE | {"SLACK_APP_TOKEN": "xapp-1-wrong-token"}))
    finally:
        await fake.close()
    assert bot_code == 2 and one_line(bot) == f"Slack rejected SLACK_BOT_TOKEN (invalid_auth): {SLACK_BOT_FIX}"
    assert app_code == 2 and one_line(app) == f"Slack rejected SLACK_APP_TOKEN (invalid_auth): {SLACK_APP_FIX}"
    # The refused app token was asked about once, not retried (the Socket Mode client would, forever).
    assert fake.bad_auth == ["auth.test", "apps.connections.open"]


async def test_slack_at_a_wrong_api_url(tmp_path: Path) -> None:
    async with FakeDiscord() as other:  # a web server, but not Slack's API
        code, out = await run(tmp_path, "slack", SLACK_API_URL=other.base + "/api", **SOCKET_MODE)
    assert code == 2
    assert one_line(out) == (f"{other.base}/api does not answer like Slack's Web API (HTTP 404): "
                             "fix SLACK_API_URL, or unset it to use https://slack.com/api.")
    code, out = await run(tmp_path, "slack", SLACK_API_URL="slack.com/api", **SOCKET_MODE)
    assert code == 2
    assert one_line(out) == "SLACK_API_URL=slack.com/api is not a valid URL: use one like https://slack.com/api, or unset it."


async def test_discord_with_no_reachable_api(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/api/v10"
    code, out = await run(tmp_path, "discord", DISCORD_TOKEN="fake-token", DISCORD_API_URL=url)
    assert code == 2
    assert one_line(out) == f"Cannot reach Discord at {url} (connection refused): check the network connection, or DISCORD_API_URL."
    assert not (tmp_path / "bot.db").exists()  # stopped before the core was opened


async def test_discord_with_a_refused_token(tmp_path: Path) -> None:
    async with FakeDiscord() as fake:
        code, out = await run(tmp_path, "discord", DISCORD_TOKEN="wrong-token", DISCORD_API_URL=fake.api_url)
    assert code == 2
    assert one_line(out) == f"Discord refused DISCORD_TOKEN: {DISCORD_FIX}"


async def test_discord_at_a_wrong_api_url(tmp_path: Path) -> None:
    fake = await FakeSlack().start()  # a web server, but not Discord's API
    try:
        code, out = await run(tmp_path, "discord", DISCORD_TOKEN="fake-token", DISCORD_API_URL=fake.api_url)
    finally:
        await fake.close()
    assert code == 2
    assert one_line(out) == (f"{fake.api_url} does not answer like Discord's API (HTTP 404): "
                             "fix DISCORD_API_URL, or unset it to use https://discord.com/api/v10.")


async def test_slack_starts_without_bolts_token_warning(tmp_path: Path) -> None:
    """SLACK_BOT_TOKEN in the environment (not .env): bolt's AsyncApp used to read it
    beside our client and warn "As you gave `client` as well, `token` will be unused"."""
    fake = await FakeSlack().start()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "slack", cwd=tmp_path, env=env(tmp_path, SLACK_API_URL=fake.api_url, **SOCKET_MODE),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stderr is not None
    lines: list[str] = []
    try:
        while not lines or "Slack bot" not in lines[-1]:
            raw = await asyncio.wait_for(proc.stderr.readline(), 30)
            assert raw, f"the bot exited before it was ready: {lines}"
            lines.append(raw.decode())
        await fake.socket_connected()
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
        rest = await asyncio.wait_for(proc.stderr.read(), 20)
        await asyncio.wait_for(proc.wait(), 20)
        await fake.close()
    log = "".join(lines) + rest.decode()
    assert "Slack bot (interview-coach in Test) connected in Socket Mode." in log
    assert "will be unused" not in log and "WARNING" not in log, log
    assert fake.of("apps.connections.open") == [{}]  # one call: the check's URL is the one connected to
    assert BOT_TOKEN not in log and APP_TOKEN not in log


async def test_slack_socket_mode_websocket_that_cannot_be_reached(tmp_path: Path) -> None:
    """apps.connections.open answers, but the websocket it names is a closed port: the Socket
    Mode client would log a traceback and retry the same URL every few seconds, forever."""
    fake = await FakeSlack().start()
    socket_url = f"ws://127.0.0.1:{closed_port()}/link/"
    fake.faults["apps.connections.open"] = [(200, {}, {"ok": True, "url": socket_url + "?ticket=t-secret-1"})]
    try:
        code, out = await run(tmp_path, "slack", SLACK_API_URL=fake.api_url, **SOCKET_MODE)
    finally:
        await fake.close()
    assert code == 2
    assert one_line(out) == (f"Cannot open Slack's Socket Mode websocket at {socket_url} (connection refused): "
                             "check the network connection, and that no firewall or proxy blocks websockets "
                             "(wss://, port 443).")
    assert [c.method for c in fake.calls] == ["auth.test", "apps.connections.open!fault"]  # asked once


async def test_slack_start_up_failure_leaves_no_database(tmp_path: Path) -> None:
    """The tokens are checked before the database is opened (as the Discord bot does)."""
    fake = await FakeSlack().start()
    try:
        code, out = await run(tmp_path, "slack", SLACK_API_URL=fake.api_url,
                              **(SOCKET_MODE | {"SLACK_APP_TOKEN": "xapp-1-wrong-token"}))
    finally:
        await fake.close()
    assert code == 2 and one_line(out).startswith("Slack rejected SLACK_APP_TOKEN")
    assert not (tmp_path / "bot.db").exists()


GATEWAY_FIX = "fix DISCORD_GATEWAY_URL, or unset it to use the gateway Discord hands out."


async def test_discord_with_a_gateway_that_cannot_be_reached(tmp_path: Path) -> None:
    """DISCORD_GATEWAY_URL at a closed port: discord.py would retry it every 5 s with a traceback."""
    gateway = f"ws://127.0.0.1:{closed_port()}/gateway"
    async with FakeDiscord() as fake:
        code, out = await run(tmp_path, "discord", DISCORD_TOKEN="fake-token", DISCORD_API_URL=fake.api_url,
                              DISCORD_GATEWAY_URL=gateway)
        assert not fake.identified  # nothing logged in
    assert code == 2
    assert one_line(out) == f"Cannot use the Discord gateway at {gateway} (connection refused): {GATEWAY_FIX}"
    assert not (tmp_path / "bot.db").exists()


async def test_discord_with_a_gateway_url_that_is_not_a_gateway(tmp_path: Path) -> None:
    async with FakeDiscord() as fake:
        not_gateway = fake.base + "/not-the-gateway"  # the fake's web server answers 404 there
        code, out = await run(tmp_path, "discord", DISCORD_TOKEN="fake-token", DISCORD_API_URL=fake.api_url,
                              DISCORD_GATEWAY_URL=not_gateway)
    assert code == 2
    assert one_line(out) == (f"Cannot use the Discord gateway at {not_gateway} (HTTP 404, not a websocket): "
                             f"{GATEWAY_FIX}")
