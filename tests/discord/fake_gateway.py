"""The fake's gateway websocket: HELLO, IDENTIFY (recorded per shard), READY and
GUILD_CREATE, heartbeats and RESUME; `dispatch` sends an event to the shard a
guild lives on."""

from __future__ import annotations

import asyncio
import copy
import json
from typing import Any

from aiohttp import WSMsgType, web

from tests.discord.fake_wire import APP_ID, GUILD_ID, fixture

MESSAGE_CONTENT_INTENT = 1 << 15  # the privileged intent a shard's IDENTIFY may ask for


class FakeGateway:
    """Mixed into FakeDiscord: the state it reads is made there."""

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


    def identified_with_message_content_intent(self, shard: int = 0) -> bool:
        """Whether the shard's IDENTIFY asked for the (privileged) Message Content Intent."""
        return bool(self.identified[shard]["intents"] & MESSAGE_CONTENT_INTENT)

    def identified_shard_counts(self) -> list[int]:
        """The shard count each IDENTIFY gave, in shard order."""
        return [self.identified[shard]["shard"][1] for shard in sorted(self.identified)]
