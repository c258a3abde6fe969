"""No key, nor 8 characters of one, appears in any log line or error message.

A hostile loopback server echoes the key it was sent in every place a reply
can carry it: a redirect's Location, JSON and plain-text error bodies (whole
and in slices), an error inside a 200, the status line's reason phrase and
response headers (which httpcore logs at DEBUG). Each provider is driven
against each behaviour in-process with every logger at DEBUG, then the real
`interview-bot` runs against the server in a subprocess.

A 200 whose question quotes the key is in the mix too: that text is the
model's reply and goes to the user as the question (what a model writes is
not ours to edit), but no log line may carry it.
"""

from __future__ import annotations

import asyncio
import io
import itertools
import logging
import os
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import quote

import pytest
from aiohttp import web

from interview_core.models import InterviewContext, Role, Turn
from interview_core.providers.base import ProviderError
from interview_core.providers.factory import build_provider
from interview_core.providers.redaction import install
from interview_core.settings import Settings
from tests.conftest import ROOT
from tests.helpers import SAMPLE_ANSWERS
from tests.test_console import console

KINDS = ("gemini", "openrouter", "openai")
KEYS = {  # no two share a run of 8 characters
    "gemini": "AIzaHostileGem-4d3c2b1a0f9e8d7c",
    "openrouter": "sk-or-v1-evil0a1b2c3d4e5f6a7b8c9d",
    "openai": "sk-hostile-9f8e7d6c5b4a39281706",
}
SLACK = {
    "SLACK_BOT_TOKEN": "xoxb-1234567890-mallory-abcdefABCDEF",
    "SLACK_SIGNING_SECRET": "signing-secret-0f1e2d3c4b5a6978",
}
SECRETS = [*KEYS.values(), *SLACK.values()]
PREFIX = {"gemini": "", "openrouter": "/api/v1", "openai": "/v1"}


def pieces(key: str, n: int = 8) -> set[str]:
    """Every n-character substring of `key`."""
    return {key[i : i + n] for i in range(len(key) - n + 1)}


def leaks(text: str) -> list[str]:
    """The pieces of any secret found in `text` (the assertion wants [])."""
    return sorted(p for secret in SECRETS for p in pieces(secret) if p in text)


# --- the hostile server ------------------------------------------------------------


def _error(code: int, message: str, **more: object) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message, **more}}, status=code)


def _reply(kind: str, text: str) -> web.Response:
    if kind == "gemini":
        part = {"content": {"role": "model", "parts": [{"text": text}]}, "finishReason": "STOP"}
        return web.json_response({"candidates": [part]})
    choice = {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
    return web.json_response({"id": "x", "object": "chat.completion", "choices": [choice]})


# Each behaviour answers (kind, key) with a reply that quotes the key.
BEHAVIOURS: dict[str, Callable[[str, str], web.Response]] = {
    "redirect": lambda kind, key: web.Response(
        status=302, headers={"Location": f"http://127.0.0.1:9/login?key={key}"}
    ),
    "redirect_next": lambda kind, key: web.Response(
        status=307, headers={"Location": "/login?next=" + quote(f"/v1/chat?key={key}&a=1", safe="")}
    ),
    "json_401": lambda kind, key: _error(401, f"Incorrect API key provided: {key}."),
    "json_400": lambda kind, key: _error(
        400, f"API key not valid: {key}", status="INVALID_ARGUMENT",
        details=[{"reason": f"API_KEY_INVALID:{key}"}],
    ),
    "json_500": lambda kind, key: _error(500, f"internal error while checking {key}"),
    "prefix_401": lambda kind, key: _error(401, f"Incorrect API key provided: {key[:20]}..."),
    "middle_401": lambda kind, key: _error(401, f"The key ...{key[6:15]}... was revoked"),
    "detail_422": lambda kind, key: web.json_response({"detail": f"bad key {key}"}, status=422),
    "plain_502": lambda kind, key: web.Response(
        status=502, text=f"Bad gateway: upstream refused {key}\nsecond line {key}"
    ),
    "html_200": lambda kind, key: web.Response(
        text=f"<html><body>Sign in again, {key}</body></html>", content_type="text/html"
    ),
    "error_in_200": lambda kind, key: web.json_response(
        {"error": {"code": 401, "message": f"User not found for key {key}"}}
    ),
    "reason_401": lambda kind, key: web.Response(  # the status line's reason phrase
        status=401, reason=f"Bad key {key}", text="{}", content_type="application/json"
    ),
    "echo_200": lambda kind, key: _reply(kind, f"Is {key} the key you meant to share with us?"),
}


class HostileServer:
    """One loopback server for all three wire formats; echoes whichever key it gets."""

    def __init__(self, behaviours: list[str]) -> None:
        self.cycle = itertools.cycle(behaviours)  # one behaviour per request, in turn
        self.seen_keys: set[str] = set()
        self.used: set[str] = set()
        self.port = 0
        self._runner: web.AppRunner | None = None

    def base_url(self, kind: str) -> str:
        return f"http://127.0.0.1:{self.port}{PREFIX[kind]}"

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        await request.read()
        kind = "gemini" if request.path.endswith(":generateContent") else "openai"
        auth = request.headers.get("Authorization", "")
        key = request.headers.get("x-goog-api-key") or auth.removeprefix("Bearer ")
        self.seen_keys.add(key)
        if request.path.startswith("/slack/"):  # auth.test refused, the token quoted
            response = web.json_response({"ok": False, "error": f"invalid_auth for {key}", "token": key,
                                          "hint": f"...{key[5:20]}..."})
        else:
            name = next(self.cycle)
            self.used.add(name)
            response = BEHAVIOURS[name](kind, key)
        response.headers["X-Echo-Key"] = key
        response.headers["WWW-Authenticate"] = (
            f'Bearer realm="x", error="invalid_token", key="{key}"'
        )
        return response

    async def start(self) -> HostileServer:
        app = web.Application()
        app.router.add_post("/{path:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @contextmanager
    def in_thread(self) -> Iterator[HostileServer]:
        loop = asyncio.new_event_loop()
        loop.run_until_complete(self.start())
        thread = threading.Thread(target=loop.run_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(10)
            loop.run_until_complete(self.close())
            loop.close()


def provider_settings(server: HostileServer, kinds: tuple[str, ...], **extra: object) -> dict:
    values: dict[str, object] = {
        "llm_provider": kinds[0],
        "llm_fallback": ",".join([*kinds[1:], "offline"]),
        "llm_retry_base_delay": 0.01,
        "llm_retry_max_delay": 0.02,
        "llm_breaker_cooldown": 0,  # every call reaches the server, none is skipped
        "llm_connect_timeout": 1.0,
        "llm_read_timeout": 2.0,
    }
    for kind in kinds:
        values |= {f"{kind}_base_url": server.base_url(kind), f"{kind}_api_key": KEYS[kind]}
    return values | extra


def context(answered: int) -> InterviewContext:
    history: list[Turn] = []
    for i in range(1, answered + 1):
        history += [Turn(Role.INTERVIEWER, f"Question {i}?"), Turn(Role.CANDIDATE, f"Answer {i}.")]
    return InterviewContext(
        "Backend Engineer", "Globex", "Python, AWS.", "Python, SQL.", tuple(history), answered + 1, 3
    )


# --- in-process: every provider, every behaviour, every logger at DEBUG ---------------


@pytest.fixture
def log_text(caplog: pytest.LogCaptureFixture) -> Iterator[Callable[[], str]]:
    """All that was logged at DEBUG: caplog's records and a real, filtered handler's output."""
    caplog.set_level(logging.DEBUG)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    redactor = install(KEYS.values())  # on every root handler: ours, caplog's, pytest's
    records = caplog.records  # the records themselves, as any handler would get them

    def text() -> str:
        lines = [f"{r.getMessage()}\n{r.exc_text or ''}" for r in records]
        return "\n".join([*lines, caplog.text, stream.getvalue()])

    try:
        yield text
    finally:
        root.removeHandler(handler)
        for each in root.handlers:  # pytest keeps some handlers for the whole session
            each.removeFilter(redactor)


@pytest.mark.parametrize("behaviour", sorted(BEHAVIOURS))
@pytest.mark.parametrize("kind", KINDS)
async def test_no_piece_of_the_key_is_logged_or_raised(kind, behaviour, log_text) -> None:
    server = await HostileServer([behaviour]).start()
    escaped: list[str] = []
    shown: list[str] = []  # what a user would see: questions and the report
    try:
        # With the offline fallback nothing escapes: the failures are logged. Without
        # it, the ProviderError reaches the caller: its message must be clean too.
        for fallback in ("offline", ""):
            settings = Settings(
                _env_file=None, **provider_settings(server, (kind,), llm_fallback=fallback)
            )
            provider = build_provider(settings)
            try:
                for call, answered in (("opening_question", 0), ("follow_up_question", 1),
                                       ("feedback", 3)):
                    try:
                        shown.append(str(await getattr(provider, call)(context(answered))))
                    except ProviderError as exc:
                        escaped.append("".join(traceback.format_exception(exc)))
            finally:
                await provider.aclose()
    finally:
        await server.close()

    assert server.seen_keys == {KEYS[kind]}  # the server had the key to echo
    logged = log_text()
    assert "POST http://127.0.0.1" in logged  # httpx logged the calls: not vacuous
    assert "x-echo-key" in logged.lower()  # httpcore logged the echoing headers
    if behaviour != "echo_200":
        assert "failed for opening_question" in logged
        assert escaped  # with no fallback the error reached the caller
    assert leaks(logged) == []
    assert leaks("\n".join(escaped)) == []
    # A reply quoting the key is masked before it becomes a question a chat would show.
    assert shown and leaks("\n".join(shown)) == []


# --- end to end: the real command line against the hostile server -------------------

E2E_BEHAVIOURS = list(BEHAVIOURS)


def cli_env(server: HostileServer, **extra: str) -> dict[str, str]:
    """This process's environment, no real key in it, pointed at the hostile server."""
    environment = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    settings = provider_settings(server, KINDS, log_level="DEBUG")
    return environment | {k.upper(): str(v) for k, v in settings.items()} | extra


def interview_bot(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=60)


def test_console_interview_logs_no_piece_of_any_key(tmp_path) -> None:
    samples = ROOT / "interview_core" / "samples"
    with HostileServer(E2E_BEHAVIOURS).in_thread() as server:
        run = console(
            tmp_path / "interviews.db", "--cv", str(samples / "sample_cv.md"),
            "--jd", str(samples / "sample_jd.md"), "--title", "Backend Engineer",
            stdin="\n".join(SAMPLE_ANSWERS) + "\n", env=cli_env(server),
        )
    assert run.returncode == 0, run.stderr
    assert server.seen_keys == set(KEYS.values())
    assert server.used == set(E2E_BEHAVIOURS)  # every behaviour was met at least once
    # Console mode logs at WARNING: each failed engine is one line on stderr.
    assert run.stderr.count("WARNING") >= 9, run.stderr
    assert "failed for opening_question" in run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert leaks(run.stdout) == []
    assert leaks(run.stderr) == []


def test_doctor_prints_no_piece_of_any_key(tmp_path) -> None:
    outputs: list[str] = []
    with HostileServer(E2E_BEHAVIOURS).in_thread() as server:
        env = cli_env(server, DATABASE_URL=str(tmp_path / "doctor.db"))
        # Doctor pings the three providers once each: enough runs to meet every behaviour.
        for _ in range(-(-len(E2E_BEHAVIOURS) // len(KINDS))):
            run = interview_bot("doctor", env=env)
            assert run.returncode == 1, run.stdout + run.stderr  # every provider fails
            outputs.append(run.stdout + run.stderr)
    assert server.used == set(E2E_BEHAVIOURS)
    text = "\n".join(outputs)
    assert text.count("FAIL") >= len(E2E_BEHAVIOURS)
    assert leaks(text) == []


def test_slack_at_debug_logs_no_piece_of_any_secret(tmp_path) -> None:
    """With library debug logging asked for (LOG_LIBRARY_DEBUG=1), slack_sdk logs each
    response, headers and body, at DEBUG. Here auth.test quotes the bot token, and the
    bot stops at once."""
    with HostileServer(E2E_BEHAVIOURS).in_thread() as server:
        env = cli_env(server, **SLACK, DATABASE_URL=str(tmp_path / "slack.db"), LOG_LIBRARY_DEBUG="1",
                      SLACK_API_URL=f"http://127.0.0.1:{server.port}/slack/api")
        run = interview_bot("slack", "--http-port", "0", env=env)
    assert run.returncode == 2, run.stderr  # the refused token is a configuration error
    assert SLACK["SLACK_BOT_TOKEN"] in server.seen_keys
    assert "DEBUG slack_sdk" in run.stderr and "X-Echo-Key" in run.stderr  # not vacuous
    assert leaks(run.stdout + run.stderr) == []
