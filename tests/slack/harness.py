"""Runs the real bot (bolt AsyncApp + AsyncWebClient) against the fake Slack,
in HTTP mode (signed requests over a socket) or Socket Mode (a websocket)."""

from __future__ import annotations

import copy
import hashlib
import hmac
import itertools
import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
from pydantic import SecretStr

from adapters.slack.app import HttpServer, build_slack_bot, start_http, start_socket_mode
from adapters.slack.config import SlackConfig
from adapters.slack.runtime import SlackBot
from interview_core.documents import DocumentLimits, DocumentReader
from interview_core.providers.base import Provider
from interview_core.providers.factory import build_provider
from interview_core.service import InterviewService
from interview_core.settings import Settings
from interview_core.storage import Store
from tests.slack.fake_slack import APP_TOKEN, BOT_TOKEN, FakeSlack

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
USER = "U1"
DM = "DU1"


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text("utf-8"))


def sign(body: str, *, timestamp: int | None = None, secret: str = SIGNING_SECRET) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


class Harness:
    def __init__(self, tmp_path: Path, *, mode: str = "http", provider: Provider | None = None,
                 max_questions: int = 8, max_bytes: int = 2 * 1024 * 1024,
                 reader: DocumentReader | None = None) -> None:
        self.tmp_path = tmp_path
        self.mode = mode
        self.provider = provider
        self.max_questions = max_questions
        self.limits = DocumentLimits(max_bytes=max_bytes)
        # In a thread unless a test brings a pool (test_attack.py): the same parse, quicker to set up.
        self.reader = reader or DocumentReader(self.limits)
        self.fake = FakeSlack()
        self.bot: SlackBot | None = None
        self.server: HttpServer | None = None
        self.handler = None
        self.store: Store | None = None
        self.service: InterviewService | None = None
        self.http: aiohttp.ClientSession | None = None
        self._ids = itertools.count(1)
        self._ts = itertools.count(1)
        self.last_command: dict = {}

    # -- lifecycle -----------------------------------------------------------

    @property
    def config(self) -> SlackConfig:
        return SlackConfig(
            _env_file=None,
            slack_bot_token=SecretStr(BOT_TOKEN),
            slack_signing_secret=SecretStr(SIGNING_SECRET),
            slack_app_token=SecretStr(APP_TOKEN),
            slack_api_url=self.fake.api_url,
        )

    async def __aenter__(self) -> Harness:
        await self.fake.start()
        self.http = aiohttp.ClientSession()
        await self.start_bot()
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.stop_bot()
        if self.http is not None:
            await self.http.close()
        await self.fake.close()

    async def start_bot(self) -> None:
        settings = Settings(_env_file=None, database_url=str(self.tmp_path / "slack.db"),
                            max_questions=self.max_questions)
        self.store = await Store(settings.database_path).open()
        provider = self.provider or build_provider(settings)
        self.service = InterviewService(self.store, provider, max_questions=self.max_questions)
        self.bot = build_slack_bot(self.service, self.config, reader=self.reader)
        if self.mode == "http":
            self.server = await start_http(self.bot, "127.0.0.1", 0)
        else:
            self.fake._socket_ready.clear()
            self.handler = await start_socket_mode(self.bot, self.config)
            await self.fake.socket_connected()

    async def stop_bot(self) -> None:
        if self.handler is not None:
            await self.handler.close_async()
            self.handler = None
        if self.server is not None:
            await self.server.close()
            self.server = None
        if self.bot is not None:
            await self.bot.close()
            self.bot = None
        if self.store is not None:
            await self.store.close()
            self.store = None

    async def restart(self) -> None:
        await self.stop_bot()
        await self.start_bot()

    @property
    def events_url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.port}/slack/events"

    async def settle(self) -> None:
        assert self.bot is not None
        await self.bot.drain()

    # -- delivering ----------------------------------------------------------

    async def post_raw(self, body: str, content_type: str, headers: dict[str, str]) -> tuple[int, str]:
        assert self.http is not None
        async with self.http.post(self.events_url, data=body.encode(),
                                  headers={"Content-Type": content_type, **headers}) as resp:
            return resp.status, await resp.text()

    async def deliver(self, kind: str, payload: dict, *, retry: int = 0, settle: bool = True) -> Any:
        """Send one request the way Slack would in this mode; returns the HTTP
        (status, body) or the Socket Mode ack. Then waits for the bot's work."""
        if self.mode == "http":
            headers: dict[str, str] = {}
            if retry:
                headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
            if kind == "events_api":
                body, ctype = json.dumps(payload), "application/json"
            elif kind == "slash_commands":
                body, ctype = urlencode(payload), "application/x-www-form-urlencoded"
            else:
                body, ctype = urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
            result: Any = await self.post_raw(body, ctype, headers | sign(body))
            assert result[0] == 200, result
        else:
            result = await self.fake.envelope(kind, payload, retry_attempt=retry)
        if settle:
            await self.settle()
        return result

    def next_ts(self) -> str:
        return f"1700100{next(self._ts):03d}.000200"

    def event_body(self, fixture_name: str, event: dict, event_id: str | None = None) -> dict:
        body = fixture(fixture_name)
        body["event"] = copy.deepcopy(event)
        body["event_id"] = event_id or f"EvH{next(self._ids):09d}"  # unlike the fixtures' ids
        return body

    async def message(self, text: str, *, thread: str | None = None, user: str = USER, ts: str | None = None,
                      files: list[dict] | None = None, event_id: str | None = None, retry: int = 0,
                      channel: str = DM) -> dict:
        base = fixture("event_file_share.json" if files else "event_message_im.json")["event"]
        event = base | {"text": text, "user": user, "channel": channel, "ts": ts or self.next_ts()}
        event["event_ts"] = event["ts"]
        if files:
            event["files"] = files
        if thread:
            event["thread_ts"] = thread
        body = self.event_body("event_file_share.json" if files else "event_message_im.json", event, event_id)
        await self.deliver("events_api", body, retry=retry)
        return body

    async def command(self, text: str, *, user: str = USER, channel: str = DM, settle: bool = True) -> Any:
        payload = fixture("slash_command.json") | {
            "text": text, "user_id": user, "channel_id": channel,
            "response_url": f"{self.fake.url}/respond/cmd{next(self._ids)}",
            "trigger_id": f"13345224609.738474920.{next(self._ids):08x}",  # Slack's: one per invocation
        }
        self.last_command = payload  # to deliver again, as a replay would
        return await self.deliver("slash_commands", payload, settle=settle)

    def action_payload(self, action_id: str, value: str, *, user: str = USER, channel: str = DM,
                       message: dict | None = None) -> dict:
        """A block_actions payload: a click on a button of `message` (a post the fake
        recorded; in a thread, the container says which), with Slack's ids for one click."""
        payload = fixture("block_actions.json")
        payload["user"]["id"] = user
        payload["channel"]["id"] = channel
        payload["container"]["channel_id"] = channel
        payload["response_url"] = f"{self.fake.url}/respond/act{next(self._ids)}"
        payload["trigger_id"] = f"13345224609.738474920.{next(self._ids):08x}"  # one per click
        payload["actions"][0] |= {"action_id": action_id, "value": value,
                                  "action_ts": f"1700000800.{next(self._ids):06d}"}
        if message is not None:
            ts = self.fake_ts_of(message)
            payload["container"]["message_ts"] = ts
            payload["message"] |= {"ts": ts, "text": message.get("text", "")}
            if message.get("thread_ts"):
                payload["container"]["thread_ts"] = message["thread_ts"]
                payload["message"]["thread_ts"] = message["thread_ts"]
        return payload

    async def click(self, action_id: str, value: str, *, user: str = USER, channel: str = DM,
                    message: dict | None = None) -> Any:
        payload = self.action_payload(action_id, value, user=user, channel=channel, message=message)
        return await self.deliver("interactive", payload)

    async def upload(self, file_id: str, name: str, data: bytes, *, text: str = "", **kwargs: Any) -> dict:
        info = self.fake.add_file(file_id, name, data, **kwargs)
        return await self.message(text, files=[info])

    # -- reading -------------------------------------------------------------

    def parent(self, channel: str = DM) -> dict:
        parents = [p for p in self.fake.posts(channel) if "thread_ts" not in p
                   and str(p.get("text", "")).startswith("Mock interview:")]
        assert parents, self.fake.posts(channel)
        return parents[-1]

    def parent_ts(self, channel: str = DM) -> str:
        return self.fake_ts_of(self.parent(channel))

    def fake_ts_of(self, post: dict) -> str:
        """The ts the fake gave a chat.postMessage."""
        return str(post["_ts"])

    def questions(self, thread: str | None = None, channel: str = DM) -> list[dict]:
        return [p for p in self.fake.posts(channel, thread) if str(p.get("text", "")).startswith("Question ")]

    def texts(self, channel: str = DM, thread: str | None = None) -> list[str]:
        return [str(p.get("text", "")) for p in self.fake.posts(channel, thread)]

    def response_texts(self) -> list[str]:
        return [str(r.get("text", "")) for r in self.fake.responses]


def sample(name: str) -> str:
    from importlib import resources

    return resources.files("interview_core").joinpath("samples", name).read_text("utf-8")


async def upload_documents(h: Harness) -> None:
    await h.upload("F0CVTXT", "my-cv.md", sample("sample_cv.md").encode(), mimetype="text/markdown")
    await h.upload("F0JDTXT", "jd.md", sample("sample_jd.md").encode(), mimetype="text/markdown")


async def start_interview(h: Harness, role: str = "Senior Backend Engineer | Acme") -> str:
    """Upload a CV and a JD, run `/interview start`; the interview's thread ts."""
    await upload_documents(h)
    await h.command(f"start {role}")
    thread = h.parent_ts()
    assert h.questions(thread), h.fake.calls
    return thread
