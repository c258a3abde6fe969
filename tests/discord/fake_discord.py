"""A fake Discord on 127.0.0.1: REST API, CDN and gateway websocket, one aiohttp app.

The real discord.py client runs against it over real sockets:

    async with FakeDiscord() as fake:
        config = DiscordConfig(discord_api_url=fake.api_url, discord_gateway_url=fake.gateway_url, ...)

REST lives under /api/v10 (what DISCORD_API_URL points at), the CDN under
/cdn, the gateway at /gateway (JSON text frames, so discord.py's
`compress=zlib-stream` query is simply ignored: it decompresses binary frames
only). Every REST request is recorded as a `Call`; tests await the one they
expect with `wait_for`, never sleep. Messages, threads and interaction
responses are kept so the tests can read what a user would see.

Like Discord, it refuses embeds over its limits (400, 50035) and a second
answer to one interaction (40060). Knobs for failures: `fail_next` (the next
calls to a route get a given status, e.g. 403 or 429), `new_thread_posts`
(the same, for each new thread's messages), `expired_tokens` (interaction
tokens past their 15 minutes: 401, 50027), `cdn_bodies` (an attachment that
streams more than it declared; `cdn_sent` says how much went out).
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from tests.discord.fake_gateway import MESSAGE_CONTENT_INTENT, FakeGateway
from tests.discord.fake_rest import FakeRest
from tests.discord.fake_users import FakeUsers
from tests.discord.fake_wire import (
    ALICE,
    APP_ID,
    BOB,
    CHANNEL_ID,
    DEFAULT_APP_FLAGS,
    DM_CHANNEL_ID,
    GUILD_ID,
    MESSAGE_CONTENT_LIMITED,
    Call,
    Upload,
    embed_problem,
    fixture,
)

__all__ = [
    "ALICE", "APP_ID", "BOB", "CHANNEL_ID", "DM_CHANNEL_ID", "GUILD_ID", "MESSAGE_CONTENT_INTENT",
    "MESSAGE_CONTENT_LIMITED", "Call", "FakeDiscord", "embed_problem", "fixture",
]


class FakeDiscord(FakeGateway, FakeRest, FakeUsers):
    def __init__(self, *, shards: int = 1, app_flags: int = DEFAULT_APP_FLAGS) -> None:
        self.shards = shards
        self.app_flags = app_flags
        self.calls: list[Call] = []
        self.changed = asyncio.Condition()
        self.bot_user = fixture("ready.json")["user"]
        self.guild = fixture("guild_create.json")
        self.channels: dict[str, dict[str, Any]] = {c["id"]: {**c, "guild_id": GUILD_ID} for c in self.guild["channels"]}
        self.messages: dict[str, list[dict[str, Any]]] = {}
        self.originals: dict[str, dict[str, Any]] = {}  # interaction token -> original response
        self.followups: dict[str, list[dict[str, Any]]] = {}
        self.uploads: dict[str, Upload] = {}
        self.deleted: set[str] = set()
        self.identified: dict[int, dict[str, Any]] = {}
        self.sockets: dict[int, web.WebSocketResponse] = {}
        self.ready: dict[int, asyncio.Event] = {i: asyncio.Event() for i in range(shards)}
        self.seq = itertools.count(1)
        self.ids = itertools.count(1)
        self.private_threads_allowed = True
        self.rate_limit_next: set[str] = set()  # "POST /channels/{id}/messages" paths answered 429 once
        # "METHOD /path" -> [(status, code, message) or None (succeeds), ...]: the next calls, one entry each.
        self.fail_next: dict[str, list[tuple[int, int, str] | None]] = {}
        self.new_thread_posts: list[tuple[int, int, str] | None] = []  # fail_next for each new thread's messages
        self.slow_routes: dict[str, float] = {}
        self.closing = asyncio.Event()  # "METHOD /path" -> seconds before it answers
        self.acknowledged: set[str] = set()  # interaction ids answered (a second answer is refused)
        self.expired_tokens: set[str] = set()  # interaction tokens past their 15 minutes
        self.cdn_bodies: dict[str, bytes] = {}  # CDN path -> what is really streamed (lying sizes)
        self.cdn_sent: dict[str, int] = {}  # CDN path -> bytes of cdn_bodies written before the client hung up
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle -------------------------------------------------------------

    async def __aenter__(self) -> FakeDiscord:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/gateway/", self._gateway)
        app.router.add_get("/cdn/{path:.*}", self._cdn)
        app.router.add_route("*", "/api/v10/{path:.*}", self._rest)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.closing.set()
        for ws in list(self.sockets.values()):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def snowflake(self) -> str:
        # Increasing, and recent enough to be a valid snowflake timestamp.
        return str((int(time.time() * 1000) - 1420070400000) << 22 | next(self.ids))

    # -- waiting -----------------------------------------------------------------

    def mark(self) -> int:
        return len(self.calls)

    async def wait_for(
        self, predicate: Callable[[Call], bool], *, since: int = 0, timeout: float = 15.0
    ) -> Call:
        async def find() -> Call:
            async with self.changed:
                while True:
                    for call in self.calls[since:]:
                        if predicate(call):
                            return call
                    await self.changed.wait()

        return await asyncio.wait_for(find(), timeout)

    async def wait_message(
        self, channel_id: str, predicate: Callable[[dict[str, Any]], bool] = lambda m: True,
        *, since: int = 0, timeout: float = 15.0,
    ) -> dict[str, Any]:
        call = await self.wait_for(
            lambda c: c.method == "POST" and c.path == f"/channels/{channel_id}/messages"
            and c.status == 200 and predicate(c.response),
            since=since, timeout=timeout,
        )
        return call.response

    async def wait_original(
        self, token: str, predicate: Callable[[dict[str, Any]], bool] = lambda m: True,
        *, since: int = 0, timeout: float = 15.0,
    ) -> dict[str, Any]:
        """The deferred reply's final content (an edit of @original)."""
        call = await self.wait_for(
            lambda c: c.method == "PATCH" and c.path == f"/webhooks/{APP_ID}/{token}/messages/@original"
            and predicate(c.response),
            since=since, timeout=timeout,
        )
        return call.response

    def calls_to(self, method: str, prefix: str, since: int = 0) -> list[Call]:
        return [c for c in self.calls[since:] if c.method == method and c.path.startswith(prefix)]

    async def _record(self, call: Call) -> None:
        async with self.changed:
            self.calls.append(call)
            self.changed.notify_all()

