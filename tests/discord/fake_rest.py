"""The fake's REST API and CDN: what discord.py calls, answered as Discord would
(threads, messages, interaction callbacks and webhooks, command sync), with the
failure knobs FakeDiscord documents."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
from typing import Any

from aiohttp import web

from tests.discord.fake_wire import (
    APP_ID,
    DM_CHANNEL_ID,
    GUILD_ID,
    Call,
    Upload,
    embed_problem,
    json_response,
    now_iso,
    user,
)


class FakeRest:
    """Mixed into FakeDiscord: the state it reads is made there."""

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

    def _attachment(self, filename: str, data: bytes, content_type: str) -> dict[str, Any]:
        url = self.upload(filename, data, content_type)
        return {"id": self.snowflake(), "filename": filename, "size": len(data), "url": url, "proxy_url": url,
                "content_type": content_type}

    # -- REST ------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["path"]
        body: Any = None
        files: list[tuple[str, bytes, str]] = []  # a message's attachments: name, bytes, type
        if request.can_read_body:
            if request.content_type == "application/json":
                body = await request.json()
            elif request.content_type.startswith("multipart/"):
                reader = await request.multipart()
                async for part in reader:
                    if part.name == "payload_json":  # type: ignore[union-attr]
                        body = json.loads(await part.text())  # type: ignore[union-attr]
                    elif part.filename:  # type: ignore[union-attr]
                        files.append((part.filename, bytes(await part.read()),  # type: ignore[union-attr]
                                      part.headers.get("Content-Type", "application/octet-stream")))
        call = Call(request.method, path, dict(request.query), body, headers=dict(request.headers),
                    files={name: data for name, data, _ in files})
        if files:  # the message Discord makes holds them as attachments, on the CDN
            body = {**(body or {}), "attachments": [self._attachment(*file) for file in files]}
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
            "content": body.get("content") or "", "author": self.bot_user,
            "attachments": [a for a in body.get("attachments") or [] if "url" in a],
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
                if "attachments" in (body or {}):
                    original["attachments"] = [a for a in body["attachments"] if "url" in a]
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

