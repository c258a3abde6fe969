"""No CV, job description or answer text in the log, at LOG_LEVEL=DEBUG, in every run mode.

Each test runs the real process (`interview-bot console`, `interview-bot slack`
in HTTP and Socket Mode, `interview-bot
discord`) against the loopback fakes, with a CV, a JD and an answer that each
hold a sentence found nowhere else, and reads all it wrote. No run of
FRAGMENT_WORDS words of those sentences may appear, in any spelling a log line
gives them (repr, JSON, percent-encoding). The same flows with
LOG_LIBRARY_DEBUG=1 (what LOG_LEVEL=DEBUG did before) write all three: the
check finds them, so the default runs would fail without the holds.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus, urlencode

import aiohttp
import pytest

from tests.conftest import ROOT
from tests.discord.fake_discord import FakeDiscord
from tests.discord.harness import User, is_question, thread_from_start
from tests.slack.fake_slack import APP_TOKEN, BOT_TOKEN, FakeSlack
from tests.slack.harness import DM, SIGNING_SECRET, fixture, sign
from tests.test_console import console

SAMPLES = ROOT / "interview_core" / "samples"
CV_SENTENCE = "Quillfeather Systems promoted me after I rebuilt their zebrafish telemetry archive in Haskell"
JD_SENTENCE = "Marrowgate Analytics needs someone to steward the lighthouse sensor mesh through every winter"
ANSWER_SENTENCE = "I calmed a furious stakeholder by reciting our pelican migration roadmap backwards at dawn"
SENTENCES = {"CV": CV_SENTENCE, "JD": JD_SENTENCE, "answer": ANSWER_SENTENCE}
CV_TEXT = (SAMPLES / "sample_cv.md").read_text("utf-8") + f"\n{CV_SENTENCE}.\n"
JD_TEXT = (SAMPLES / "sample_jd.md").read_text("utf-8") + f"\n{JD_SENTENCE}.\n"
ANSWER = (
    "When two teams disagreed on an API design I wrote down both options with their risks. "
    f"{ANSWER_SENTENCE}, and then we shipped the simpler option within a week."
)
FRAGMENT_WORDS = 4
OUR_DEBUG = "DEBUG bot.logs: library loggers held at INFO"  # our own DEBUG still reaches the log
UNLISTED_DEBUG = "DEBUG asyncio:"  # a library not in CONTENT_LOGGERS: dropped by the filter


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def leaked(log: str) -> list[str]:
    """Which sentences (CV, JD, answer) have FRAGMENT_WORDS words in a row in `log`."""
    words = _words(log) + _words(unquote_plus(log))  # as is, and as a form body spells it
    seen = {tuple(words[i : i + FRAGMENT_WORDS]) for i in range(len(words) - FRAGMENT_WORDS + 1)}
    found = []
    for name, sentence in SENTENCES.items():
        mine = _words(sentence)
        if any(tuple(mine[i : i + FRAGMENT_WORDS]) in seen for i in range(len(mine) - FRAGMENT_WORDS + 1)):
            found.append(name)
    return found


def test_the_check_finds_a_fragment_in_any_spelling() -> None:
    assert leaked("DEBUG x: ('rebuilt their zebrafish telemetry',)") == ["CV"]
    assert leaked("body=steward+the+lighthouse+sensor&x=1") == ["JD"]
    assert leaked('{"text": "by reciting our pelican"}') == ["answer"]
    assert leaked("zebrafish telemetry, lighthouse sensor, pelican migration") == []


def base_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """This environment without our settings, at DEBUG, the offline interviewer."""
    prefixes = ("SLACK_", "DISCORD_", "LLM_", "DATABASE_", "LOG_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes) and not k.endswith("_API_KEY")}
    return env | {
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": str(tmp_path / "bot.db"),
        "LLM_PROVIDER": "offline",
        "LOG_LEVEL": "DEBUG",
    } | extra


# --- the console ------------------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def console_with_a_dead_model(tmp_path: Path, *args: str, said: list[str]):
    """`interview-bot console` on the CV and JD with their unique sentences, piped `said`,
    the model unreachable (LLM_FALLBACK=offline takes over, with warnings)."""
    cv, jd = tmp_path / "cv.md", tmp_path / "jd.md"
    cv.write_text(CV_TEXT)
    jd.write_text(JD_TEXT)
    env = base_env(tmp_path, LLM_PROVIDER="openai", LLM_FALLBACK="offline", LLM_MAX_ATTEMPTS="1",
                   OPENAI_API_KEY="sk-unused-0000", LLM_RETRY_BASE_DELAY="0",
                   OPENAI_BASE_URL=f"http://127.0.0.1:{closed_port()}/v1")
    return console(tmp_path / "interviews.db", "--cv", str(cv), "--jd", str(jd), "--title", "Backend Engineer",
                   *args, stdin="\n".join(said) + "\n", env=env)


def test_console_at_debug_logs_no_cv_jd_or_answer(tmp_path: Path) -> None:
    """The console writes only warnings: an unreachable model gives some, the
    offline interviewer takes over, and none of them quotes the documents."""
    run = console_with_a_dead_model(tmp_path, said=[ANSWER] + ["I would measure first and then fix the slowest query."] * 7)
    assert run.returncode == 0, run.stderr
    assert "Overall score" in run.stdout
    assert "WARNING interview_core.providers.fallback: openai failed for opening_question" in run.stderr
    assert leaked(run.stderr) == []


def test_console_practice_mode_at_debug_logs_no_answer_retry_or_question(tmp_path: Path) -> None:
    """Practice mode's extra calls (each answer's feedback, a retry, a question about the
    report) fail over from an unreachable model too, and their warnings quote nothing."""
    question = f"why did {ANSWER_SENTENCE} score so low?"
    said = ["Short.", "/retry", ANSWER, "I would measure first and then fix the slowest query.", question]
    run = console_with_a_dead_model(tmp_path, "--mode", "practice", "--questions", "2", said=said)
    assert run.returncode == 0, run.stderr
    assert "Answered by: offline coach" in " ".join(run.stdout.split())
    assert "Feedback by: offline coach" in " ".join(run.stdout.split())  # after the model failed
    assert "WARNING interview_core.providers.fallback: openai failed" in run.stderr
    assert leaked(run.stderr) == [] and "pelican" not in run.stderr


# --- the chat bots: a process, its log read as it is written -------------------------


@dataclass
class Process:
    proc: asyncio.subprocess.Process
    lines: list[str] = field(default_factory=list)

    @property
    def log(self) -> str:
        return "".join(self.lines)

    async def wait_line(self, text: str, timeout: float = 30) -> str:
        async def find() -> str:
            while True:
                for line in self.lines:
                    if text in line:
                        return line
                if self.proc.returncode is not None:
                    raise AssertionError(f"exited before {text!r}:\n{self.log[-3000:]}")
                await asyncio.sleep(0.02)

        return await asyncio.wait_for(find(), timeout)


@asynccontextmanager
async def bot_process(args: list[str], env: dict[str, str], cwd: Path) -> AsyncIterator[Process]:
    """The bot running; stopped with SIGTERM on exit. Its output is drained all the
    while: at DEBUG a library can write more than a pipe holds."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, *args, env=env, cwd=cwd,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    running = Process(proc)

    async def drain() -> None:
        assert proc.stdout is not None
        async for raw in proc.stdout:
            running.lines.append(raw.decode("utf-8", "replace"))

    reader = asyncio.create_task(drain())
    try:
        yield running
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(proc.wait(), 20)
        await asyncio.wait_for(reader, 10)
    assert proc.returncode == 0, running.log[-3000:]


# --- Slack ------------------------------------------------------------------------------

Deliver = Callable[[str, dict[str, Any]], Awaitable[None]]


async def slack_interview(fake: FakeSlack, deliver: Deliver) -> None:
    """Upload a CV and a JD, /interview start, answer question 1, see question 2."""
    for i, (name, text) in enumerate([("cv.md", CV_TEXT), ("jd.md", JD_TEXT)]):
        info = fake.add_file(f"F{i}", name, text.encode(), mimetype="text/markdown")
        await deliver("events_api", event({"files": [info], "ts": f"1700000300.00000{i}"}, "event_file_share.json"))
        await fake.wait_for(lambda n=i: len(fake.posts(DM)) == n + 1)
    command = fixture("slash_command.json") | {
        "text": "start Backend Engineer | Acme", "response_url": f"{fake.url}/respond/1"}
    await deliver("slash_commands", command)
    await fake.wait_for(lambda: any(p.get("thread_ts") for p in fake.posts(DM)))
    thread = next(p for p in fake.posts(DM) if p["text"].startswith("Mock interview"))["_ts"]
    await deliver("events_api", event({"text": ANSWER, "ts": "1700000400.000001", "thread_ts": thread}))
    await fake.wait_for(lambda: any(p["text"].startswith("Question 2/") for p in fake.posts(DM, thread)))


def event(fields: dict[str, Any], name: str = "event_message_im.json") -> dict[str, Any]:
    body = fixture(name)
    body["event"] = fixture(name)["event"] | fields
    body["event_id"] = f"Ev{fields['ts'].replace('.', '')}"
    return body


async def run_slack(tmp_path: Path, mode: str, **extra: str) -> str:
    """The whole of what `interview-bot slack` wrote while running slack_interview."""
    tmp_path.mkdir(exist_ok=True)
    fake = await FakeSlack().start()
    env = base_env(tmp_path, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                   SLACK_APP_TOKEN=APP_TOKEN, SLACK_API_URL=fake.api_url, SLACK_HTTP_HOST="127.0.0.1",
                   **extra)
    args = ["-m", "bot", "slack"] + (["--http-port", "0"] if mode == "http" else [])
    session = aiohttp.ClientSession()
    try:
        async with bot_process(args, env, tmp_path) as bot:
            ready = await bot.wait_line("Slack bot")
            if mode == "http":
                port = re.search(r":(\d+)/slack/events", ready).group(1)  # type: ignore[union-attr]

                async def deliver(kind: str, payload: dict[str, Any]) -> None:
                    if kind == "events_api":
                        body, ctype = json.dumps(payload), "application/json"
                    else:
                        body, ctype = urlencode(payload), "application/x-www-form-urlencoded"
                    headers = {"Content-Type": ctype} | sign(body)
                    url = f"http://127.0.0.1:{port}/slack/events"
                    async with session.post(url, data=body.encode(), headers=headers) as response:
                        assert response.status == 200

            else:
                await fake.socket_connected()

                async def deliver(kind: str, payload: dict[str, Any]) -> None:
                    await fake.envelope(kind, payload)

            await slack_interview(fake, deliver)
        return bot.log
    finally:
        await session.close()
        await fake.close()


@pytest.mark.parametrize("mode", ["http", "socket"])
async def test_slack_at_debug_logs_no_cv_jd_or_answer(tmp_path: Path, mode: str) -> None:
    log = await run_slack(tmp_path, mode)
    assert OUR_DEBUG in log and UNLISTED_DEBUG not in log
    assert leaked(log) == [], log[-3000:]


# --- Discord ----------------------------------------------------------------------------


async def run_discord(tmp_path: Path, entry: list[str], **extra: str) -> str:
    """The whole of what the Discord bot wrote: /interview start with both files, one answer."""
    tmp_path.mkdir(exist_ok=True)
    async with FakeDiscord() as fake:
        env = base_env(tmp_path, DISCORD_TOKEN="fake-token", DISCORD_API_URL=fake.api_url,
                       DISCORD_GATEWAY_URL=fake.gateway_url, **extra)
        async with bot_process(entry, env, tmp_path) as bot:
            await fake.wait_ready(timeout=30)
            alice = User(fake)
            _, mark = await alice.start(cv=("cv.md", CV_TEXT.encode(), "text/markdown"),
                                        jd=("jd.md", JD_TEXT.encode(), "text/markdown"))
            thread_id = await thread_from_start(fake, mark)
            await fake.wait_message(thread_id, is_question(1), since=mark)
            _, mark = await alice.say(thread_id, ANSWER)
            await fake.wait_message(thread_id, is_question(2), since=mark)
    return bot.log


@pytest.mark.parametrize(
    "entry",
    [
        pytest.param(["-m", "bot", "discord"], id="interview-bot discord"),
    ],
)
async def test_discord_at_debug_logs_no_cv_jd_or_answer(tmp_path: Path, entry: list[str]) -> None:
    log = await run_discord(tmp_path, entry)
    assert OUR_DEBUG in log and UNLISTED_DEBUG not in log
    assert "INFO discord." in log  # discord.py's own lines still come, from INFO up
    assert leaked(log) == [], log[-3000:]


# --- the opt-in, and why the holds are needed --------------------------------------------


async def test_library_debug_writes_user_text_as_documented(tmp_path: Path) -> None:
    """LOG_LIBRARY_DEBUG=1: the libraries' DEBUG lines come back, and with them the user's
    text, in both chat bots (the answer, as slack_sdk and discord.py received it; the CV
    and JD went through aiosqlite's SQL log while statements ran on its thread). Without
    the holds this is what DEBUG wrote."""
    slack = await run_slack(tmp_path / "slack", "socket", LOG_LIBRARY_DEBUG="1")
    discord = await run_discord(tmp_path / "discord", ["-m", "bot", "discord"], LOG_LIBRARY_DEBUG="1")
    for log in (slack, discord):
        assert "WARNING bot.logs: LOG_LIBRARY_DEBUG is on" in log
        assert OUR_DEBUG not in log and UNLISTED_DEBUG in log
        assert "answer" in leaked(log), log[-3000:]


def test_a_bad_library_debug_value_means_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.logs import library_debug_requested

    monkeypatch.chdir(tmp_path)  # no .env
    for value, expected in (("1", True), ("true", True), ("0", False), ("perhaps", False), ("", False)):
        monkeypatch.setenv("LOG_LIBRARY_DEBUG", value)
        assert library_debug_requested() is expected, value
    monkeypatch.delenv("LOG_LIBRARY_DEBUG")
    assert library_debug_requested() is False
