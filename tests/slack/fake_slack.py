"""A loopback fake of Slack: the Web API methods the bot calls, file downloads,
response_url webhooks and a Socket Mode websocket. It records every call and
lets a test await the call it expects instead of sleeping."""

from __future__ import annotations

import asyncio
import itertools
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

BOT_TOKEN = "xoxb-test-bot-token"
APP_TOKEN = "xapp-1-test-app-token"
TEAM = "T0TEST"
BOT_USER = "UBOT"


@dataclass
class Call:
    method: str
    params: dict[str, Any]


@dataclass
class StoredFile:
    info: dict
    data: bytes
    content_type: str = "application/octet-stream"


@dataclass
class FakeSlack:
    calls: list[Call] = field(default_factory=list)
    responses: list[dict] = field(default_factory=list)  # posts to response_url
    downloads: list[str] = field(default_factory=list)
    bad_auth: list[str] = field(default_factory=list)
    files: dict[str, StoredFile] = field(default_factory=dict)
    faults: dict[str, list[tuple[int, dict, dict]]] = field(default_factory=dict)
    acks: dict[str, dict] = field(default_factory=dict)
    url: str = ""
    redirect_to: str = ""
    # Files the bot uploaded (files_upload_v2): file id -> the name it asked for and the bytes sent.
    uploaded: dict[str, tuple[str, bytes]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._changed = asyncio.Condition()
        self._ts = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._sockets: list[web.WebSocketResponse] = []
        self._socket_ready = asyncio.Event()
        self.dm_channels: dict[str, str] = {}

    # -- lifecycle -----------------------------------------------------------

    async def start(self) -> FakeSlack:
        app = web.Application(client_max_size=20 * 1024 * 1024)
        app.add_routes(
            [
                web.post("/api/{method}", self._api),
                web.get("/api/{method}", self._api),
                web.get("/redirect", self._redirect),
                web.get("/files/{file_id}/{name}", self._file),
                web.post("/respond/{key}", self._respond),
                web.post("/upload/{file_id}", self._upload),
                web.get("/socket", self._socket),
            ]
        )
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def close(self) -> None:
        for ws in self._sockets:
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return self.url + "/api"

    # -- waiting -------------------------------------------------------------

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 15.0) -> Any:
        """Wait until predicate() is truthy (checked after every recorded call)."""

        async def wait() -> Any:
            async with self._changed:
                while not (result := predicate()):
                    await self._changed.wait()
                return result

        return await asyncio.wait_for(wait(), timeout)

    def of(self, method: str) -> list[dict]:
        return [c.params for c in self.calls if c.method == method]

    def posts(self, channel: str | None = None, thread: str | None = None) -> list[dict]:
        return [
            p for p in self.of("chat.postMessage")
            if (channel is None or p.get("channel") == channel)
            and (thread is None or p.get("thread_ts") == thread)
        ]

    def reset(self) -> None:
        self.calls.clear()
        self.responses.clear()
        self.downloads.clear()

    # -- files ---------------------------------------------------------------

    def add_file(self, file_id: str, name: str, data: bytes, *, mimetype: str = "text/plain",
                 size: int | None = None, url: str | None = None, user: str = "U1") -> dict:
        info = {
            "id": file_id,
            "created": 1_700_000_000,
            "timestamp": 1_700_000_000,
            "name": name,
            "title": name,
            "mimetype": mimetype,
            "filetype": name.rsplit(".", 1)[-1],
            "user": user,
            "size": len(data) if size is None else size,
            "mode": "hosted",
            "is_external": False,
            "url_private": url or f"{self.url}/files/{file_id}/{name}",
            "url_private_download": url or f"{self.url}/files/{file_id}/{name}?download=1",
        }
        self.files[file_id] = StoredFile(info, data, mimetype)
        return info

    async def _redirect(self, request: web.Request) -> web.Response:
        self.downloads.append("redirect")
        await self._notify()
        raise web.HTTPFound(self.redirect_to)

    async def _file(self, request: web.Request) -> web.StreamResponse:
        if request.headers.get("Authorization") != f"Bearer {BOT_TOKEN}":
            self.bad_auth.append(request.path)
            await self._notify()
            return web.Response(status=302, headers={"Location": "/signin"})
        file_id = request.match_info["file_id"]
        self.downloads.append(file_id)
        await self._notify()
        stored = self.files.get(file_id)
        if stored is None or file_id.startswith("F404"):
            return web.Response(status=404, text="not found")
        # Streamed in chunks with no Content-Length, as a size cap must not trust headers.
        resp = web.StreamResponse(status=200, headers={"Content-Type": stored.content_type})
        resp.enable_chunked_encoding()
        await resp.prepare(request)
        for start in range(0, len(stored.data), 32 * 1024):
            await resp.write(stored.data[start:start + 32 * 1024])
        await resp.write_eof()
        return resp

    async def _upload(self, request: web.Request) -> web.Response:
        """files_upload_v2's second step: the bytes, to the URL files.getUploadURLExternal gave."""
        file_id = request.match_info["file_id"]
        if file_id not in self.uploaded:
            return web.Response(status=404, text="unknown upload")
        self.uploaded[file_id] = (self.uploaded[file_id][0], await request.read())
        await self._notify()
        return web.Response(text=f"OK - {len(self.uploaded[file_id][1])}")

    def shared_files(self) -> list[dict[str, Any]]:
        """Each uploaded file the bot shared (files.completeUploadExternal): its name, bytes,
        channel, thread and the comment posted with it."""
        shared = []
        for params in self.of("files.completeUploadExternal"):
            for item in json.loads(params["files"]):
                name, data = self.uploaded[item["id"]]
                shared.append({"name": name, "title": item.get("title"), "data": data,
                               "channel": params.get("channel_id"), "thread_ts": params.get("thread_ts"),
                               "initial_comment": params.get("initial_comment")})
        return shared

    # -- Web API -------------------------------------------------------------

    async def _params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            params = await request.json()
        else:
            params = dict(await request.post())
        params = dict(request.query) | params  # the SDK sends some arguments as query parameters
        for key in ("blocks", "view", "attachments"):
            if isinstance(params.get(key), str):
                try:
                    params[key] = json.loads(params[key])
                except ValueError:
                    pass
        return params

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        auth = request.headers.get("Authorization", "")
        expected = APP_TOKEN if method == "apps.connections.open" else BOT_TOKEN
        if auth != f"Bearer {expected}":
            self.bad_auth.append(method)
            await self._notify()
            return web.json_response({"ok": False, "error": "invalid_auth"})
        if self.faults.get(method):
            status, headers, body = self.faults[method].pop(0)
            self.calls.append(Call(method + "!fault", params))
            await self._notify()
            return web.json_response(body, status=status, headers=headers)
        answer = self._answer(method, params)
        if method == "chat.postMessage":
            params["_ts"] = answer["ts"]  # the ts Slack gave the message, for threading in tests
        self.calls.append(Call(method, params))
        await self._notify()
        return web.json_response(answer)

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        ok: dict[str, Any] = {"ok": True}
        if method == "auth.test":
            return ok | {"url": "https://test.slack.com/", "team": "Test", "user": "interview-coach",
                         "team_id": TEAM, "user_id": BOT_USER, "bot_id": "BBOT"}
        if method == "chat.postMessage":
            ts = f"1700000{next(self._ts):03d}.000100"
            return ok | {"channel": params.get("channel"), "ts": ts,
                         "message": {"type": "message", "text": params.get("text"), "user": BOT_USER,
                                     "bot_id": "BBOT", "ts": ts, "thread_ts": params.get("thread_ts")}}
        if method == "chat.update":
            return ok | {"channel": params.get("channel"), "ts": params.get("ts"), "text": params.get("text")}
        if method == "chat.getPermalink":
            ts = str(params.get("message_ts", "")).replace(".", "")
            return ok | {"channel": params.get("channel"),
                         "permalink": f"https://test.slack.com/archives/{params.get('channel')}/p{ts}"}
        if method == "conversations.open":
            user = str(params.get("users"))
            channel = self.dm_channels.setdefault(user, f"D{user}")
            return ok | {"channel": {"id": channel}}
        if method == "files.info":
            stored = self.files.get(str(params.get("file")))
            if stored is None:
                return {"ok": False, "error": "file_not_found"}
            return ok | {"file": stored.info}
        if method == "files.getUploadURLExternal":
            file_id = f"FUP{len(self.uploaded) + 1:05d}"
            self.uploaded[file_id] = (str(params.get("filename")), b"")
            return ok | {"upload_url": f"{self.url}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            items = json.loads(str(params.get("files") or "[]"))
            return ok | {"files": [{"id": i["id"], "title": i.get("title"), "name": self.uploaded[i["id"]][0]}
                                   for i in items if i.get("id") in self.uploaded]}
        if method == "apps.connections.open":
            return ok | {"url": self.url.replace("http://", "ws://") + "/socket"}
        if method in ("views.open", "views.publish"):
            return ok | {"view": {"id": "V1", **(params.get("view") or {})}}
        return ok

    async def _respond(self, request: web.Request) -> web.Response:
        body = await request.json()
        body["_key"] = request.match_info["key"]
        self.responses.append(body)
        await self._notify()
        return web.Response(text="ok")

    # -- Socket Mode ---------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1,
                            "connection_info": {"app_id": "A1"}, "debug_info": {"host": "fake"}})
        self._socket_ready.set()
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                data = json.loads(msg.data)
                if "envelope_id" in data:
                    self.acks[data["envelope_id"]] = data
                    await self._notify()
            elif msg.type in (WSMsgType.CLOSE, WSMsgType.ERROR):
                break
        return ws

    async def socket_connected(self, timeout: float = 10.0) -> None:
        await asyncio.wait_for(self._socket_ready.wait(), timeout)

    async def envelope(self, kind: str, payload: dict, *, retry_attempt: int = 0) -> dict:
        """Send one envelope to the bot and wait for its ack."""
        envelope_id = str(uuid.uuid4())
        ws = self._sockets[-1]
        await ws.send_json({
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": retry_attempt,
            "retry_reason": "timeout" if retry_attempt else "",
        })
        return await self.wait_for(lambda: self.acks.get(envelope_id))
