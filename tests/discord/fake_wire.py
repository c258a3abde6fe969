"""What the fake Discord is made of: the ids of its one server and two users, the
JSON it answers with, the limits it enforces on embeds like Discord does, and the
record of every REST call (`Call`)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiohttp import web

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
    return datetime.now(UTC).isoformat()


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
    files: dict[str, bytes] = field(default_factory=dict)  # a multipart request's files, by file name


@dataclass
class Upload:
    data: bytes
    content_type: str


