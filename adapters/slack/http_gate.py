"""HTTP mode's front door: each request is checked on its raw bytes (size,
timestamp, signature) before anything parses it; only then is the body decoded
and parsed, and it must be what Slack sends (a JSON object, a form, or a form
whose `payload` is a JSON object). Anything else is refused with a 4xx and one
short log line: no traceback, no body in the log."""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import time
from collections.abc import Callable, Mapping

from aiohttp import web
from slack_bolt.error import BoltError
from slack_bolt.request.async_request import AsyncBoltRequest

log = logging.getLogger(__name__)

MAX_AGE = 5 * 60  # seconds: Slack's own replay window for a signed request
MAX_BODY = 2 * 1024 * 1024  # far above any request Slack sends
_TIMESTAMP = re.compile(r"[0-9]{1,12}")  # ASCII digits only: int() would take "١٢" or " 12"
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")


class Rejected(Exception):
    """A request we won't pass on: `status` for the response, `reason` for one log line."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def verify(raw: bytes, timestamp: str | None, signature: str | None, secret: str, *, now: float) -> None:
    """Raise Rejected(401) unless `signature` is Slack's v0 HMAC of the raw bytes
    under `secret`, with a timestamp within five minutes of `now`."""
    if not timestamp or not signature:
        raise Rejected(401, "unsigned")
    if not _TIMESTAMP.fullmatch(timestamp):
        raise Rejected(401, "malformed timestamp")
    if abs(now - int(timestamp)) > MAX_AGE:
        raise Rejected(401, "timestamp outside the five-minute window")
    if not _SIGNATURE.fullmatch(signature):
        raise Rejected(401, "malformed signature")
    base = b"v0:" + timestamp.encode("ascii") + b":" + raw
    expected = "v0=" + hmac.new(secret.encode("utf-8"), base, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        raise Rejected(401, "bad signature")


def bolt_request(raw: bytes, query: str, headers: Mapping[str, str]) -> AsyncBoltRequest:
    """The verified body as bolt's request; Rejected(400) if it is not one Slack sends."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Rejected(400, "body is not UTF-8") from None
    try:
        req = AsyncBoltRequest(body=text, query=query, headers=headers)  # type: ignore[arg-type]
    except RecursionError:
        raise Rejected(400, "body nested too deeply") from None
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, BoltError):
        # json's errors are ValueErrors; a JSON list or number fails in bolt's context.
        raise Rejected(400, "body is not a Slack payload") from None
    if not isinstance(req.body, dict) or not _shaped(req.body):
        raise Rejected(400, "body is not a Slack payload")
    return req


# Containers bolt's own matchers look inside: a string where Slack sends an object
# would fail there, with a traceback, even though the request was signed.
_OBJECTS = ("event", "view", "container", "message", "channel", "state")
_LISTS = ("actions", "authorizations", "files")


def _shaped(body: dict) -> bool:
    event = body.get("event")
    for where in (body, event if isinstance(event, dict) else {}):
        if any(k in where and not isinstance(where[k], dict | str | None) for k in ("user", "team")):
            return False
        if any(k in where and not isinstance(where[k], dict) for k in _OBJECTS if k != "channel"):
            return False
        if "channel" in where and not isinstance(where["channel"], dict | str):
            return False
        for key in _LISTS:
            items = where.get(key)
            if items is not None and not (isinstance(items, list) and all(isinstance(i, dict) for i in items)):
                return False
    return True


def _header(headers: Mapping[str, str], name: str) -> str | None:
    values = headers.getall(name, []) if hasattr(headers, "getall") else [headers.get(name)]
    values = [v for v in values if v is not None]
    return values[0] if len(values) == 1 else None  # missing, or sent twice: no signature


async def admit(
    request: web.Request, secret: str, *, clock: Callable[[], float] = time.time
) -> AsyncBoltRequest:
    """Read, verify, then parse one request to /slack/events; raise Rejected otherwise."""
    if not secret:
        raise Rejected(401, "no signing secret configured")
    if request.content_length is not None and request.content_length > MAX_BODY:
        raise Rejected(413, "body too large")
    try:
        raw = await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise Rejected(413, "body too large") from None
    if len(raw) > MAX_BODY:
        raise Rejected(413, "body too large")
    verify(
        raw,
        _header(request.headers, "X-Slack-Request-Timestamp"),
        _header(request.headers, "X-Slack-Signature"),
        secret,
        now=clock(),
    )
    return bolt_request(raw, request.query_string, request.headers)


def refuse(request: web.Request, exc: Rejected) -> web.Response:
    """The one log line for a refused request, and its short answer."""
    log.warning("Slack request refused with %d: %s (from %s)", exc.status, exc.reason, request.remote or "?")
    response = web.Response(status=exc.status, text=exc.reason)
    if exc.status == 413:
        response.force_close()  # the rest of the body is never read: drop the connection
    return response
