"""`interview-bot slack` as its own process: a whole DM
interview over signed HTTP, Socket Mode, and one-line configuration errors."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlencode

import aiohttp

from tests.slack.fake_slack import APP_TOKEN, BOT_TOKEN, FakeSlack
from tests.slack.harness import DM, SIGNING_SECRET, fixture, sample, sign

ROOT = Path(__file__).resolve().parents[2]
def cli(port: str) -> list[str]:
    """`interview-bot slack [--http-port P]`; "-" means Socket Mode (no port)."""
    return ["-m", "bot", "slack"] + ([] if port == "-" else ["--http-port", port])


def env(tmp_path: Path, **extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "LLM_", "DATABASE_"))}
    return base | {
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": str(tmp_path / "bot.db"),
        "LLM_PROVIDER": "offline",
        "LLM_FALLBACK": "",
        "SLACK_HTTP_HOST": "127.0.0.1",
    } | extra


async def run(tmp_path: Path, port: str, **extra: str) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, *cli(port), cwd=tmp_path, env=env(tmp_path, **extra),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(proc.communicate(), 30)
    return proc.returncode or 0, err.decode()


@asynccontextmanager
async def bot_process(tmp_path: Path, port: str, **extra: str) -> AsyncIterator[tuple[asyncio.subprocess.Process, str]]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, *cli(port), cwd=tmp_path, env=env(tmp_path, **extra),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stderr is not None
    try:
        line = ""
        while "Slack bot" not in line:
            raw = await asyncio.wait_for(proc.stderr.readline(), 30)
            assert raw, "the bot exited before it was ready"
            line = raw.decode()
        yield proc, line
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(proc.wait(), 15)
        assert code == 0, await proc.stderr.read()


async def test_missing_settings_are_one_line_errors(tmp_path: Path) -> None:
    code, err = await run(tmp_path, "3000")
    assert code == 2
    assert err.strip().splitlines() == [err.strip()] and "SLACK_BOT_TOKEN is not set" in err
    code, err = await run(tmp_path, "3000", SLACK_BOT_TOKEN=BOT_TOKEN)
    assert code == 2 and "SLACK_SIGNING_SECRET is not set" in err and "Traceback" not in err
    code, err = await run(tmp_path, "-", SLACK_BOT_TOKEN=BOT_TOKEN)
    assert code == 2 and "SLACK_APP_TOKEN" in err and "--http-port" in err and "Traceback" not in err


async def test_wrong_token_is_a_clear_error(tmp_path: Path) -> None:
    fake = await FakeSlack().start()
    try:
        code, err = await run(tmp_path, "0", SLACK_BOT_TOKEN="xoxb-wrong", SLACK_SIGNING_SECRET=SIGNING_SECRET,
                              SLACK_API_URL=fake.api_url)
    finally:
        await fake.close()
    assert code == 2 and "Slack rejected SLACK_BOT_TOKEN (invalid_auth)" in err and "Traceback" not in err


async def test_whole_interview_in_a_process_over_signed_http(tmp_path: Path) -> None:
    fake = await FakeSlack().start()
    session = aiohttp.ClientSession()
    try:
        async with bot_process(tmp_path, "0", SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                               SLACK_API_URL=fake.api_url + "/") as (_, ready):
            port = int(re.search(r":(\d+)/slack/events", ready).group(1))  # type: ignore[union-attr]
            url = f"http://127.0.0.1:{port}/slack/events"
            assert BOT_TOKEN not in ready and SIGNING_SECRET not in ready

            async def post(body: str, ctype: str) -> None:
                async with session.post(url, data=body.encode(), headers={"Content-Type": ctype} | sign(body)) as r:
                    assert r.status == 200

            async def event(ev: dict, name: str = "event_message_im.json") -> None:
                body = fixture(name)
                body["event"] = fixture(name)["event"] | ev
                body["event_id"] = f"Ev{ev['ts']}"
                await post(json.dumps(body), "application/json")

            def posts_in(thread: str | None = None) -> list[dict]:
                return fake.posts(DM, thread)

            for i, (name, doc) in enumerate([("cv.md", "sample_cv.md"), ("jd.md", "sample_jd.md")]):
                info = fake.add_file(f"F{i}", name, sample(doc).encode())
                await event({"files": [info], "ts": f"1700000300.00000{i}"}, "event_file_share.json")
                await fake.wait_for(lambda n=i: len(posts_in()) == n + 1)

            command = fixture("slash_command.json") | {
                "text": "start Senior Backend Engineer | Acme", "response_url": f"{fake.url}/respond/1"}
            await post(urlencode(command), "application/x-www-form-urlencoded")
            await fake.wait_for(lambda: any(p.get("thread_ts") for p in posts_in()))
            parent = next(p for p in posts_in() if p["text"].startswith("Mock interview"))
            thread = parent["_ts"]
            for n in range(1, 9):
                await event({"text": f"Answer {n}: I led a migration and cut outages by 80%.",
                             "ts": f"1700000400.00000{n}", "thread_ts": thread})
                if n < 8:
                    await fake.wait_for(lambda n=n: len([p for p in posts_in(thread)
                                                         if p["text"].startswith("Question ")]) == n + 1)
            await fake.wait_for(lambda: posts_in(thread)[-1]["text"].startswith("Your feedback report"))
            questions = [p for p in fake.posts() if p["text"].startswith("Question ")]
            assert len(questions) == 8 and {q["thread_ts"] for q in questions} == {thread}

            async def idle() -> None:
                """Wait (bounded) until the bot has no work in flight."""
                for _ in range(200):
                    async with session.get(f"http://127.0.0.1:{port}/health") as r:
                        if (await r.json())["busy_tasks"] == 0:
                            return
                    await asyncio.sleep(0.025)
                raise AssertionError("the bot stayed busy")

            # The report is posted before its task ends: let that task finish first.
            await idle()
            # A duplicate of the last answer: acknowledged, and nothing is left to do.
            before = len(fake.calls)
            await event({"text": "Answer 8 again", "ts": "1700000400.000008", "thread_ts": thread})
            await idle()
            assert len(fake.calls) == before
    finally:
        await session.close()
        await fake.close()


async def test_socket_mode_process(tmp_path: Path) -> None:
    fake = await FakeSlack().start()
    try:
        async with bot_process(tmp_path, "-", SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN=APP_TOKEN,
                               SLACK_API_URL=fake.api_url) as (_, ready):
            assert "Socket Mode" in ready
            await fake.socket_connected()
            assert fake.of("apps.connections.open") == [{}]
            ack = await fake.envelope("slash_commands", fixture("slash_command.json")
                                      | {"response_url": f"{fake.url}/respond/1"})
            assert "envelope_id" in ack
            await fake.wait_for(lambda: fake.responses)
            assert "/interview start" in fake.responses[0]["text"]
    finally:
        await fake.close()
