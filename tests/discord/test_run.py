"""The entry point as a user runs it: `python -m bot discord` (what
`interview-bot discord` is) in its own process, configured only by the
environment, against the fake Discord on loopback."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from adapters.discord import DiscordConfig, run_discord
from tests.discord.fake_discord import APP_ID, FakeDiscord
from tests.discord.harness import (
    ROOT,
    SAMPLE_CV,
    SAMPLE_JD,
    User,
    answer_all,
    deferral,
    is_deferred,
    is_question,
    thread_from_start,
)


def child_env(fake: FakeDiscord, tmp_path: Path, token: str = "fake-token") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "LLM_", "DATABASE_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        DISCORD_TOKEN=token,
        DISCORD_API_URL=fake.api_url,
        DISCORD_GATEWAY_URL=fake.gateway_url,
        DATABASE_URL=str(tmp_path / "bot.db"),
        LLM_PROVIDER="offline",
        LOG_LEVEL="INFO",
    )
    return env


# `interview-bot discord` is `python -m bot discord`.
CLI = ["-m", "bot", "discord"]


async def spawn(env: dict[str, str], cwd: Path, entry: list[str] = CLI) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, *entry, env=env, cwd=cwd,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )


@pytest.mark.parametrize(
    "entry",
    [
        pytest.param(CLI, id="interview-bot discord"),
    ],
)
async def test_the_bot_process_runs_a_whole_interview(fake: FakeDiscord, tmp_path: Path, entry: list[str]) -> None:
    proc = await spawn(child_env(fake, tmp_path), tmp_path, entry)  # cwd without a .env
    try:
        await fake.wait_ready(timeout=30)
        assert fake.calls_to("PUT", f"/applications/{APP_ID}/commands")
        alice = User(fake)
        interaction, mark = await alice.start(
            cv=("cv.md", SAMPLE_CV, "text/markdown"), jd=("jd.md", SAMPLE_JD, "text/markdown")
        )
        assert is_deferred(await deferral(fake, interaction, since=mark))
        thread_id = await thread_from_start(fake, mark)
        await fake.wait_message(thread_id, is_question(1), since=mark)
        report = await answer_all(fake, alice, thread_id)
        assert report["embeds"][0]["title"].startswith("Overall score")
        questions = [m for m in fake.messages[thread_id] if m["content"].startswith("**Question")]
        assert len(questions) == 8
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
        stdout, stderr = await asyncio.wait_for(proc.communicate(), 20)
    log = stderr.decode()
    assert proc.returncode == 0, log[-2000:]
    assert "scope=bot+applications.commands&permissions=377957207040" in log
    assert "fake-token" not in log + stdout.decode()
    assert "Traceback" not in log


async def test_a_refused_token_is_one_clear_line(fake: FakeDiscord, tmp_path: Path) -> None:
    proc = await spawn(child_env(fake, tmp_path, token="wrong-token"), tmp_path)
    _, stderr = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 2
    assert "Discord refused DISCORD_TOKEN" in stderr.decode()
    assert "Traceback" not in stderr.decode() and "wrong-token" not in stderr.decode()


def never_opened():
    raise AssertionError("a configuration error must stop the bot before the core is opened")


def test_a_missing_token_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = run_discord(never_opened, DiscordConfig(_env_file=None, discord_token="  "))
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("DISCORD_TOKEN is not set") and err.count("\n") == 1


def test_a_bad_setting_is_one_clear_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DISCORD_SHARDS", "many")
    monkeypatch.setenv("DISCORD_TOKEN", "secret-value")
    code = run_discord(never_opened)
    err = capsys.readouterr().err
    assert code == 2
    assert "DISCORD_SHARDS" in err and "secret-value" not in err and err.count("\n") == 1


def test_config_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "abc")
    monkeypatch.setenv("DISCORD_GUILD_ID", "1200000000000000001")
    monkeypatch.setenv("DISCORD_API_URL", "http://127.0.0.1:9/api/v10/")
    monkeypatch.setenv("DISCORD_GATEWAY_URL", "")
    monkeypatch.setenv("DISCORD_SHARDS", "")
    config = DiscordConfig(_env_file=None)
    assert config.token == "abc" and "abc" not in repr(config)
    assert config.discord_guild_id == 1200000000000000001
    assert config.discord_api_url == "http://127.0.0.1:9/api/v10"
    assert config.discord_gateway_url is None and config.discord_shards is None


def test_gateway_rewrite_keeps_discord_py_query() -> None:
    from adapters.discord.transport import gateway_rewrite

    url = gateway_rewrite("wss://gateway.discord.gg/?v=10&encoding=json&compress=zlib-stream", "ws://127.0.0.1:8/gw")
    assert url == "ws://127.0.0.1:8/gw?v=10&encoding=json&compress=zlib-stream"
