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
import contextlib
import copy
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web

FIXTURES = Path(__file__).resolve().parent / "fixtures"

APP_ID = "1100000000000000001"
GUILD_ID = "1200000000000000001"
CHANNEL_ID = "1200000000000000010"
ALICE = "1300000000000000001"
BOB = "1300000000000000002"
DM_CHANNEL_ID = "1400000000000000001"
MESSAGE_CONTENT_LIMITED = 1 << 19
DEFAULT_APP_FLAGS = MESSAGE_CONTENT_LIMITED | (1 << 23)


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text("utf-8"))


def user(user_id: str, name: str) -> dict[str, Any]:
    return {"id": user_id, "username": name, "discriminator": "0", "global_name": name.title(),
            "avatar": None, "public_flags": 0}


def json_response(payload: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # Exactly "application/json", as Discord sends it: discord.py compares the header verbatim.
    return web.Response(body=json.dumps(payload).encode(), status=status,
                        headers={"Content-Type": "application/json", **(headers or {})})


def embed_problem(body: Any) -> str | None:
    """What Discord would refuse in a message's embeds (None: nothing)."""
    if not isinstance(body, dict):
        return None
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        return "more than 10 embeds"
    total = 0
    for embed in embeds:
        for key, limit in (("title", 256), ("description", 4096)):
            value = embed.get(key)
            if value is not None:
                if len(value) > limit:
                    return f"{key} over {limit}"
                total += len(value)
        fields = embed.get("fields") or []
        if len(fields) > 25:
            return "more than 25 fields"
        for f in fields:
            name, value = f.get("name") or "", f.get("value") or ""
            if not name.strip() or not value.strip():
                return "empty field name or value"
            if len(name) > 256 or len(value) > 1024:
                return "field too long"
            total += len(name) + len(value)
        footer = (embed.get("footer") or {}).get("text") or ""
        if len(footer) > 2048:
            return "footer too long"
        total += len(footer)
    if total > 6000:
        return f"embeds total {total} over 6000"
    content = body.get("content")
    if isinstance(content, str) and len(content) > 2000:
        return "content over 2000"
    return None


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat()


@dataclass
class Call:
    method: str
    path: str  # without the /api/v10 prefix
    query: dict[str, str]
    json: Any
    at: float = field(default_factory=time.monotonic)
    status: int = 200
    response: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Upload:
    data: bytes
    content_type: str


class FakeDiscord:
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

    # -- gateway ----------------------------------------------------------------

    async def wait_ready(self, timeout: float = 15.0) -> None:
        await asyncio.wait_for(asyncio.gather(*(e.wait() for e in self.ready.values())), timeout)

    def shard_of(self, guild_id: str | None) -> int:
        return 0 if guild_id is None else (int(guild_id) >> 22) % self.shards

    async def dispatch(self, event: str, data: dict[str, Any], *, shard: int | None = None) -> None:
        if shard is None:
            shard = self.shard_of(data.get("guild_id"))
        ws = self.sockets[shard]
        await ws.send_str(json.dumps({"op": 0, "t": event, "s": next(self.seq), "d": data}))

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str(json.dumps({"op": 10, "s": None, "t": None, "d": {"heartbeat_interval": 41250}}))
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            payload = json.loads(msg.data)
            op = payload.get("op")
            if op == 1:
                await ws.send_str(json.dumps({"op": 11, "s": None, "t": None, "d": None}))
            elif op == 2:
                await self._identify(ws, payload["d"])
            elif op == 6:
                await ws.send_str(json.dumps({"op": 0, "t": "RESUMED", "s": next(self.seq), "d": {}}))
        return ws

    async def _identify(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        shard_id, count = data.get("shard", [0, 1])
        self.identified[shard_id] = data
        self.sockets[shard_id] = ws
        ready = fixture("ready.json")
        ready.update(
            shard=[shard_id, count],
            resume_gateway_url=self.gateway_url,
            application={"id": APP_ID, "flags": self.app_flags},
            guilds=[{"id": GUILD_ID, "unavailable": True}] if self.shard_of(GUILD_ID) == shard_id else [],
        )
        await ws.send_str(json.dumps({"op": 0, "t": "READY", "s": next(self.seq), "d": ready}))
        if self.shard_of(GUILD_ID) == shard_id:
            guild = copy.deepcopy(self.guild)
            guild["threads"] = [t for t in self.channels.values() if t.get("type") in (11, 12)
                                and t["id"] not in self.deleted and not t["thread_metadata"]["archived"]]
            await ws.send_str(json.dumps({"op": 0, "t": "GUILD_CREATE", "s": next(self.seq), "d": guild}))
        self.ready[shard_id].set()

    # -- CDN -----------------------------------------------------------------------

    def upload(self, filename: str, data: bytes, content_type: str) -> str:
        """Store a file on the fake CDN; returns its URL."""
        key = f"attachments/{self.snowflake()}/{filename}"
        self.uploads[key] = Upload(data, content_type)
        return f"{self.base}/cdn/{key}"

    async def _cdn(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        await self._record(Call("GET", f"/cdn/{path}", dict(request.query), None, headers=dict(request.headers)))
        upload = self.uploads.get(path)
        if upload is None:
            return web.Response(status=404, text="Not Found")
        body = self.cdn_bodies.get(path)
        if body is None:
            return web.Response(body=upload.data, content_type=upload.content_type.split(";")[0])
        # Streamed in chunks with no Content-Length, as a misbehaving host might.
        response = web.StreamResponse(headers={"Content-Type": upload.content_type.split(";")[0]})
        response.enable_chunked_encoding()
        await response.prepare(request)
        self.cdn_sent[path] = 0
        try:
            for start in range(0, len(body), 256 * 1024):
                await response.write(body[start:start + 256 * 1024])
                self.cdn_sent[path] += len(body[start:start + 256 * 1024])
            await response.write_eof()
        except (ConnectionResetError, RuntimeError):
            pass  # the client stopped reading: good
        return response

    # -- REST ------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["path"]
        body: Any = None
        if request.can_read_body:
            if request.content_type == "application/json":
                body = await request.json()
            elif request.content_type.startswith("multipart/"):
                reader = await request.multipart()
                async for part in reader:
                    if part.name == "payload_json":  # type: ignore[union-attr]
                        body = json.loads(await part.text())  # type: ignore[union-attr]
        call = Call(request.method, path, dict(request.query), body, headers=dict(request.headers))
        if request.headers.get("Authorization") != "Bot fake-token" and not path.startswith("/webhooks") \
                and not path.startswith("/interactions"):
            call.status = 401
            await self._record(call)
            return json_response({"message": "401: Unauthorized", "code": 0}, status=401)
        key = f"{request.method} {path}"
        if key in self.rate_limit_next:
            self.rate_limit_next.discard(key)
            call.status = 429
            await self._record(call)
            return json_response(
                {"message": "You are being rate limited.", "retry_after": 0.05, "global": False, "code": 0},
                status=429,
                headers={
                    "Via": "1.1 google",
                    "X-RateLimit-Limit": "5",
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset-After": "0.05",
                    "X-RateLimit-Bucket": "80c17d2f203122d936070c88c8d10f33",
                    "X-RateLimit-Scope": "user",
                    "Retry-After": "1",
                },
            )
        if key in self.slow_routes:
            with contextlib.suppress(asyncio.TimeoutError):  # cut short when the fake closes
                await asyncio.wait_for(self.closing.wait(), self.slow_routes[key])
        failures = self.fail_next.get(key)
        failure = failures.pop(0) if failures else None
        if failure is not None:
            status, code, text = failure
            call.status = status
            call.response = {"message": text, "code": code}
            await self._record(call)
            headers = {"Via": "1.1 google", "Retry-After": "0.01"} if status == 429 else {}
            payload = {"message": text, "code": code, "retry_after": 0.01, "global": False} if status == 429 \
                else {"message": text, "code": code}
            return json_response(payload, status=status, headers=headers)
        if path.startswith("/webhooks/") and path.split("/")[3] in self.expired_tokens:
            call.status = 401
            call.response = {"message": "Invalid Webhook Token", "code": 50027}
            await self._record(call)
            return json_response(call.response, status=401)
        problem = embed_problem(body)
        if problem is not None and request.method in ("POST", "PATCH"):
            call.status = 400
            call.response = {"message": f"Invalid Form Body: {problem}", "code": 50035}
            await self._record(call)
            return json_response(call.response, status=400)
        try:
            status, payload = self._route(request.method, path, dict(request.query), body)
        except KeyError:
            status, payload = 404, {"message": "404: Not Found", "code": 0}
        call.status = status
        call.response = payload
        await self._record(call)
        if status == 204:
            return web.Response(status=204)
        return json_response(payload, status=status)

    def _route(self, method: str, path: str, query: dict[str, str], body: Any) -> tuple[int, Any]:
        parts = path.strip("/").split("/")
        if path == "/users/@me" and method == "GET":
            return 200, self.bot_user
        if path == "/oauth2/applications/@me":
            return 200, self._application()
        if path == "/gateway/bot":
            return 200, {"url": self.gateway_url.rsplit("/", 1)[0] + "/gateway", "shards": self.shards,
                         "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0,
                                                 "max_concurrency": 1}}
        if parts[0] == "applications" and parts[-1] == "commands" and method == "PUT":
            scope = parts[3] if len(parts) > 3 else "global"
            commands = [{**c, "id": self.snowflake(), "application_id": APP_ID, "version": self.snowflake(),
                         "default_member_permissions": None, "type": c.get("type", 1)} for c in body]
            self.commands[scope] = commands
            return 200, commands
        if parts[0] == "interactions" and parts[-1] == "callback":
            return self._callback(parts[1], parts[2], body)
        if parts[0] == "webhooks":
            return self._webhook(method, parts[2], parts[3:], body)
        if parts[0] == "users" and path == "/users/@me/channels":
            return 200, {"id": DM_CHANNEL_ID, "type": 1, "last_message_id": None, "flags": 0,
                         "recipients": [user(body["recipient_id"], "alice")]}
        if parts[0] == "channels":
            return self._channels(method, parts[1], parts[2:], body)
        raise KeyError(path)

    def _application(self) -> dict[str, Any]:
        return {
            "id": APP_ID, "name": "Interview Coach", "icon": None, "description": "Mock interviews",
            "summary": "", "type": None, "hook": True, "bot_public": True, "bot_require_code_grant": False,
            "verify_key": "0" * 64, "flags": self.app_flags, "owner": user("1300000000000000009", "owner"),
            "team": None, "interactions_endpoint_url": None, "redirect_uris": [], "tags": [],
            "bot": self.bot_user, "install_params": None,
        }

    def _message(self, channel_id: str, body: dict[str, Any], **extra: Any) -> dict[str, Any]:
        reference = body.get("message_reference")
        message = {
            "id": self.snowflake(), "channel_id": channel_id, "type": 19 if reference else 0,
            "content": body.get("content") or "", "author": self.bot_user, "attachments": [],
            "embeds": body.get("embeds") or [], "components": body.get("components") or [],
            "mentions": [], "mention_roles": [], "mention_everyone": False, "pinned": False, "tts": False,
            "timestamp": now_iso(), "edited_timestamp": None, "flags": body.get("flags") or 0,
            "allowed_mentions": body.get("allowed_mentions"),
        }
        if reference:
            message["message_reference"] = {**reference, "channel_id": channel_id}
        message.update(extra)
        return message

    def _callback(self, interaction_id: str, token: str, body: dict[str, Any]) -> tuple[int, Any]:
        if interaction_id in self.acknowledged:
            return 400, {"message": "Interaction has already been acknowledged.", "code": 40060}
        self.acknowledged.add(interaction_id)
        kind = body["type"]
        data = body.get("data") or {}
        resource: dict[str, Any] = {"type": kind}
        if kind in (4, 5):
            flags = data.get("flags") or 0
            if kind == 5:
                flags |= 128  # LOADING
            original = self._message("0", {**data, "flags": flags}, interaction={
                "id": interaction_id, "type": 2, "name": "interview", "user": self.bot_user})
            self.originals[token] = original
            resource["message"] = original
        return 200, {
            "interaction": {"id": interaction_id, "type": 2, "activity_instance_id": None,
                            "response_message_id": self.originals.get(token, {}).get("id"),
                            "response_message_loading": kind == 5,
                            "response_message_ephemeral": bool((data.get("flags") or 0) & 64)},
            "resource": resource,
        }

    def _webhook(self, method: str, token: str, rest: list[str], body: Any) -> tuple[int, Any]:
        if method == "POST" and not rest:
            message = self._message("0", body or {})
            self.followups.setdefault(token, []).append(message)
            return 200, message
        if rest[:1] == ["messages"] and method == "PATCH":
            target = rest[1]
            if target == "@original":
                original = self.originals.setdefault(token, self._message("0", {}))
                original.update({k: v for k, v in (body or {}).items() if k in ("content", "embeds", "components")})
                original["flags"] = original.get("flags", 0) & ~128
                return 200, copy.deepcopy(original)
            return 200, self._message("0", body or {}, id=target)
        if rest[:1] == ["messages"] and method == "GET":
            return 200, self.originals[token]
        raise KeyError(token)

    def _channels(self, method: str, channel_id: str, rest: list[str], body: Any) -> tuple[int, Any]:
        unknown = (404, {"message": "Unknown Channel", "code": 10003})
        if channel_id in self.deleted:
            return unknown
        if not rest:
            if method == "GET":
                return (200, self.channels[channel_id]) if channel_id in self.channels else unknown
            if method == "DELETE":
                self.deleted.add(channel_id)
                return 200, self.channels.get(channel_id, {"id": channel_id})
        if rest == ["threads"] and method == "POST":
            private = body.get("type") == 12
            if private and not self.private_threads_allowed:
                return 403, {"message": "Missing Permissions", "code": 50013}
            thread = {
                "id": self.snowflake(), "type": body.get("type", 11), "guild_id": GUILD_ID,
                "parent_id": channel_id, "owner_id": APP_ID, "name": body["name"], "last_message_id": None,
                "rate_limit_per_user": 0, "message_count": 0, "member_count": 1, "flags": 0,
                "thread_metadata": {"archived": False, "auto_archive_duration": body.get("auto_archive_duration", 4320),
                                    "archive_timestamp": now_iso(), "locked": False,
                                    "invitable": body.get("invitable", True), "create_timestamp": now_iso()},
                "member": {"id": None, "user_id": APP_ID, "join_timestamp": now_iso(), "flags": 0},
                "total_message_sent": 0,
            }
            thread["member"]["id"] = thread["id"]
            self.channels[thread["id"]] = thread
            if self.new_thread_posts:
                self.fail_next[f"POST /channels/{thread['id']}/messages"] = list(self.new_thread_posts)
            asyncio.get_running_loop().create_task(self._thread_create(thread))
            return 201, thread
        if rest[:1] == ["thread-members"] and method == "PUT":
            return 204, None
        if rest == ["typing"] and method == "POST":
            return 204, None
        if rest == ["messages"] and method == "POST":
            if channel_id not in self.channels and channel_id != DM_CHANNEL_ID:
                return unknown
            message = self._message(channel_id, body)
            if channel_id in self.channels:
                message["guild_id"] = self.channels[channel_id].get("guild_id")
            self.messages.setdefault(channel_id, []).append(message)
            return 200, message
        raise KeyError(channel_id)

    async def _thread_create(self, thread: dict[str, Any]) -> None:
        if self.shard_of(GUILD_ID) in self.sockets:
            await self.dispatch("THREAD_CREATE", {**thread, "newly_created": True})

    def archive(self, thread_id: str) -> None:
        self.channels[thread_id]["thread_metadata"]["archived"] = True

    def threads(self) -> list[dict[str, Any]]:
        return [c for c in self.channels.values() if c.get("type") in (11, 12)]

    # -- events a user causes ----------------------------------------------------------

    def slash_start(
        self,
        *,
        cv: tuple[str, bytes, str] | None,
        jd: tuple[str, bytes, str] | None = None,
        jd_text: str | None = None,
        title: str | None = None,
        company: str | None = None,
        user_id: str = ALICE,
        dm: bool = False,
        sizes: dict[str, int] | None = None,
    ) -> dict[str, Any]:
        """An INTERACTION_CREATE for `/interview start`, files put on the CDN."""
        payload = fixture("interaction_start_dm.json" if dm else "interaction_start.json")
        options: list[dict[str, Any]] = []
        attachments: dict[str, Any] = {}
        for name, file in (("cv", cv), ("jd", jd)):
            if file is None:
                continue
            filename, data, content_type = file
            att_id = self.snowflake()
            url = self.upload(filename, data, content_type)
            attachments[att_id] = {"id": att_id, "filename": filename, "size": (sizes or {}).get(name, len(data)),
                                   "url": url, "proxy_url": url, "content_type": content_type, "ephemeral": True}
            options.append({"name": name, "type": 11, "value": att_id})
        for name, value in (("jd_text", jd_text), ("title", title), ("company", company)):
            if value is not None:
                options.append({"name": name, "type": 3, "value": value})
        payload["data"]["options"] = [{"name": "start", "type": 1, "options": options}]
        payload["data"]["resolved"] = {"attachments": attachments}
        return self._stamp(payload, user_id)

    def slash(self, sub: str, *, user_id: str = ALICE, channel_id: str = CHANNEL_ID, dm: bool = False,
              options: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """An INTERACTION_CREATE for `/interview <sub>` in a channel, a thread or a DM."""
        payload = fixture("interaction_start_dm.json" if dm else "interaction_start.json")
        payload["data"]["options"] = [{"name": sub, "type": 1, "options": options or []}]
        payload["data"].pop("resolved", None)
        if not dm and channel_id != CHANNEL_ID:
            payload["channel"] = copy.deepcopy(self.channels.get(channel_id) or {"id": channel_id, "type": 12,
                                               "guild_id": GUILD_ID, "parent_id": CHANNEL_ID, "name": "gone"})
            payload["channel_id"] = channel_id
        return self._stamp(payload, user_id)

    def button(self, custom_id: str, *, channel_id: str, user_id: str = ALICE) -> dict[str, Any]:
        payload = fixture("interaction_button.json")
        payload["data"]["custom_id"] = custom_id
        payload["message"]["channel_id"] = channel_id
        payload["message"]["components"][0]["components"][0]["custom_id"] = custom_id
        if channel_id in self.channels:
            payload["channel"] = copy.deepcopy(self.channels[channel_id])
        payload["channel_id"] = channel_id
        return self._stamp(payload, user_id)

    def _stamp(self, payload: dict[str, Any], user_id: str) -> dict[str, Any]:
        payload["id"] = self.snowflake()
        payload["token"] = f"token-{payload['id']}"
        who = user(user_id, "alice" if user_id == ALICE else "bob")
        if "member" in payload:
            payload["member"]["user"] = who
        else:
            payload["user"] = who
            payload["channel"]["recipients"] = [who]
        return payload

    def user_message(self, channel_id: str, content: str, *, user_id: str = ALICE, dm: bool = False,
                     attachments: list[dict[str, Any]] | None = None,
                     reference: str | None = None) -> dict[str, Any]:
        """A MESSAGE_CREATE for a member typing in a thread (or in the DM)."""
        payload = fixture("message_create.json")
        payload.update(id=self.snowflake(), channel_id=channel_id, content=content,
                       author=user(user_id, "alice" if user_id == ALICE else "bob"),
                       attachments=attachments or [], timestamp=now_iso())
        if dm:
            payload.pop("guild_id")
            payload.pop("member")
        if reference:
            payload["type"] = 19
            payload["message_reference"] = {"message_id": reference, "channel_id": channel_id}
        return payload
