"""The HTTP layer every model provider shares: the client, error classes, one POST, retries.

Gemini and the OpenAI-style servers differ only in wire format; the
conversation logic they share (questions, the report) is in providers.chat.
Every message made here is redacted (providers.redaction): a key never
reaches an exception, so it never reaches a log or a chat.
"""

from __future__ import annotations

import asyncio
import datetime
import email.utils
import json
import logging
import random
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import httpx

from interview_core.models import TokenUsage
from interview_core.providers.base import ProviderError
from interview_core.providers.echoes import strip_echoes
from interview_core.providers.redaction import redact, secrets_in_headers
from interview_core.settings import Settings

log = logging.getLogger(__name__)

T = TypeVar("T")

USER_AGENT = "interview-bot/0.1 (+httpx)"


def make_http_client(settings: Settings) -> httpx.AsyncClient:
    """The one pooled client every HTTP provider shares.

    The read timeout bounds how long an interview can wait on one reply; the
    connect timeout is short so a dead host fails over quickly.
    """
    timeout = httpx.Timeout(
        connect=settings.llm_connect_timeout,
        read=settings.llm_read_timeout,
        write=settings.llm_connect_timeout,
        pool=settings.llm_connect_timeout,
    )
    limits = httpx.Limits(max_connections=20, max_keepalive_connections=10, keepalive_expiry=30)
    return httpx.AsyncClient(
        timeout=timeout, limits=limits, headers={"User-Agent": USER_AGENT}, follow_redirects=False
    )


# --- errors -------------------------------------------------------------------

ErrorKind = Literal[
    "rate_limited",  # 429
    "server",  # 5xx, 408, a generation error mid-reply
    "timeout",  # connect, read, write or pool timeout
    "connection",  # refused, reset, DNS, dropped mid-response
    "bad_response",  # a 2xx body that is not the API's JSON (a proxy page, garbage)
    "auth",  # 401, 403, an invalid key
    "not_found",  # 404: wrong model or base URL
    "bad_request",  # other 4xx: our request is wrong and will stay wrong
]
RETRYABLE_KINDS: frozenset[str] = frozenset(
    {"rate_limited", "server", "timeout", "connection", "bad_response"}
)


class LLMError(ProviderError):
    """A provider call failed; `kind` says how, and whether a retry can help."""

    def __init__(
        self,
        message: str,
        *,
        provider: str,
        kind: ErrorKind,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, provider=provider, retryable=kind in RETRYABLE_KINDS)
        self.kind: ErrorKind = kind
        self.status = status
        self.retry_after = retry_after


def classify_status(status: int, message: str = "") -> ErrorKind:
    if status == 429:
        return "rate_limited"
    if status >= 500 or status == 408:
        return "server"
    if status in (401, 403) or re.search(r"API_KEY_INVALID|api key not valid", message, re.I):
        # Gemini answers a bad key with 400 INVALID_ARGUMENT; it is still an auth problem.
        return "auth"
    if status == 404:
        return "not_found"
    return "bad_request"


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds: a number (fractions allowed) or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000" and zone-less dates: HTTP dates are always GMT
        when = when.replace(tzinfo=datetime.timezone.utc)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)s\s*$")


def error_details(body: Any) -> tuple[str, float | None]:
    """The server's own message, and Google's RetryInfo delay when present.

    Works for Google ({"error": {"message", "status", "details"}}) and OpenAI/
    OpenRouter ({"error": {"message", "code", "metadata"}}) bodies.
    """
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, str):  # {"error": "Internal Server Error"}: proxies, some servers
        return (error[:300], None)
    if error is None and isinstance(body, dict) and body.get("detail"):
        # FastAPI's validation error (422), as llama-cpp-python and vLLM send it: each
        # item's place and message, never its `input` (our request: CVs and answers).
        return (_fastapi_detail(body["detail"])[:300], None)
    if not isinstance(error, dict):
        return ("", None)
    parts = [str(error.get(k)) for k in ("status", "message") if error.get(k)]
    retry_after = None
    details = error.get("details")
    for detail in details if isinstance(details, list) else []:
        if not isinstance(detail, dict):
            continue
        if str(detail.get("@type", "")).endswith("RetryInfo"):
            match = _DURATION.match(str(detail.get("retryDelay", "")))
            retry_after = float(match.group(1)) if match else None
        if detail.get("reason"):
            parts.append(str(detail["reason"]))
    metadata = error.get("metadata")
    if isinstance(metadata, dict) and metadata.get("provider_name"):
        parts.append(f"via {metadata['provider_name']}")
    return (" ".join(parts)[:300], retry_after)


def _fastapi_detail(detail: Any) -> str:
    if not isinstance(detail, list):
        return str(detail)
    items = []
    for item in detail:
        if isinstance(item, dict):
            where = ".".join(str(part) for part in item.get("loc", ()) if isinstance(part, (str, int)))
            items.append(f"{where}: {item.get('msg', '')}" if where else str(item.get("msg", "")))
    return "; ".join(items)


def error_from_body(body: dict[str, Any], provider: str) -> LLMError:
    """An HTTP 200 whose body is an error object (OpenRouter does this)."""
    error = body.get("error")
    code = error.get("code") if isinstance(error, dict) else None
    message, retry_after = error_details(body)
    status = code if isinstance(code, int) and 100 <= code <= 599 else None
    kind = classify_status(status, message) if status else "server"
    return LLMError(
        f"{provider}: error in a 200 reply ({code}): {message}",
        provider=provider,
        kind=kind,
        status=status,
        retry_after=retry_after,
    )


# No real reply comes near this (8192 tokens is well under 100 kB); a body beyond it
# is a misconfigured server or proxy, and is not held in memory.
MAX_BODY_BYTES = 8_000_000


def total_deadline(client: httpx.AsyncClient) -> float:
    """Seconds one request may take in all: connect, plus twice the read timeout."""
    timeout = client.timeout
    return (timeout.connect or 10.0) + (timeout.write or 10.0) + 2 * (timeout.read or 60.0)


async def _send(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], payload: dict[str, Any]
) -> tuple[httpx.Response, bytes | None]:
    """POST and read the body; None for a body over MAX_BODY_BYTES (left unread)."""
    async with client.stream("POST", url, headers=headers, json=payload) as response:
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                return response, None
            chunks.append(chunk)
        return response, b"".join(chunks)


async def post_json(
    client: httpx.AsyncClient,
    url: str,
    *,
    headers: dict[str, str],
    payload: dict[str, Any],
    provider: str,
) -> dict[str, Any]:
    """One POST; every failure becomes an LLMError. Secrets live in `headers`, never the URL."""
    secrets = secrets_in_headers(headers)
    try:
        # The read timeout bounds each read, not the reply: a server that trickles a
        # byte now and then could hold the turn for ever. This bounds the whole call.
        async with asyncio.timeout(total_deadline(client)):
            response, content = await _send(client, url, headers, payload)
    except (httpx.TimeoutException, TimeoutError) as exc:
        raise LLMError(
            f"{provider}: timed out ({type(exc).__name__})", provider=provider, kind="timeout"
        ) from None
    except httpx.LocalProtocolError as exc:
        # Our own request is malformed (typically an API key with a line break or a
        # control character in it): no retry can help, and h11's message quotes the key.
        raise LLMError(
            f"{provider}: the request could not be sent ({redact(str(exc), secrets)}); "
            "check the API key for stray characters",
            provider=provider,
            kind="bad_request",
        ) from None
    except httpx.TransportError as exc:
        raise LLMError(
            f"{provider}: connection failed ({type(exc).__name__}: {redact(str(exc), secrets)})",
            provider=provider,
            kind="connection",
        ) from None
    except httpx.RequestError as exc:  # an undecodable body, too many redirects
        raise LLMError(
            f"{provider}: request failed ({type(exc).__name__}: {redact(str(exc), secrets)})",
            provider=provider,
            kind="bad_response",
        ) from None
    except httpx.InvalidURL as exc:  # a base URL typo will not heal: no retries
        raise LLMError(
            f"{provider}: invalid URL ({exc})", provider=provider, kind="bad_request"
        ) from None
    except UnicodeEncodeError:
        # httpx sends headers as ASCII: a key pasted with a curly quote or a non-ASCII
        # letter cannot be sent at all. The codec's message would not help; no key in ours.
        raise LLMError(
            f"{provider}: a request header (the API key?) contains a non-ASCII character",
            provider=provider,
            kind="bad_request",
        ) from None
    try:
        body: Any = json.loads(content) if content is not None else None
    except (ValueError, RecursionError):
        # Not JSON (a proxy's HTML page, an event stream), undecodable, absurdly deep,
        # or with an integer too long to convert: all just "not the API's JSON".
        body = None
    if 300 <= response.status_code < 400:
        # Redirects are not followed (they could carry the key header elsewhere); a
        # base URL that redirects is the wrong one and stays wrong: no retries.
        # The Location may quote the key (a login page's ?next=...): masked before cut.
        location = redact(response.headers.get("location", ""), secrets)[:200]
        raise LLMError(
            f"{provider}: HTTP {response.status_code} redirect to {location or '(nowhere)'}: "
            "the base URL is not the API's",
            provider=provider,
            kind="not_found",
            status=response.status_code,
        )
    if response.status_code >= 400:
        message, hinted = error_details(body)
        if not message and content and body is None:
            # A plain-text error ("response_format is not supported"): its first line.
            message = content[:300].decode("utf-8", "replace").strip().split("\n")[0]
        message = redact(message, secrets)  # some servers quote the key they refused
        message = strip_echoes(message, payload)  # and some the request: CVs, answers
        header = parse_retry_after(response.headers.get("retry-after"))
        raise LLMError(
            f"{provider}: HTTP {response.status_code} {message}".rstrip(),
            provider=provider,
            kind=classify_status(response.status_code, message),
            status=response.status_code,
            retry_after=header if header is not None else hinted,
        )
    if content is None:
        raise LLMError(
            f"{provider}: HTTP {response.status_code} with a reply larger than "
            f"{MAX_BODY_BYTES // 1_000_000} MB",
            provider=provider,
            kind="bad_response",
            status=response.status_code,
        )
    if not isinstance(body, dict):
        ctype = response.headers.get("content-type", "").split(";")[0].strip() or "no type"
        raise LLMError(
            f"{provider}: HTTP {response.status_code} with a body that is not a JSON object "
            f"({ctype})",
            provider=provider,
            kind="bad_response",
            status=response.status_code,
        )
    if body.get("error") and not (body.get("choices") or body.get("candidates")):
        # An error object in a 200 (OpenRouter), or a bare string or flag from a proxy.
        error = error_from_body(body, provider)
        error.args = (strip_echoes(redact(str(error), secrets), payload),)
        raise error
    return body


# --- retries ----------------------------------------------------------------------


async def _sleep(seconds: float) -> None:
    await asyncio.sleep(seconds)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """At most `max_attempts` tries, exponential backoff with jitter, Retry-After honoured.

    A Retry-After beyond `retry_after_cap` is not waited out: the interview
    would stall, so the call gives up at once and the fallback chain (and the
    circuit breaker, which remembers the delay) take over.
    """

    max_attempts: int = 3
    base_delay: float = 0.5
    max_delay: float = 8.0
    retry_after_cap: float = 30.0
    sleep: Callable[[float], Awaitable[None]] = _sleep
    jitter: Callable[[], float] = random.random

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: Any) -> RetryPolicy:
        values: dict[str, Any] = {
            "max_attempts": settings.llm_max_attempts,
            "base_delay": settings.llm_retry_base_delay,
            "max_delay": settings.llm_retry_max_delay,
            "retry_after_cap": settings.llm_retry_after_cap,
        }
        return cls(**(values | overrides))

    def backoff(self, attempt: int) -> float:
        """Delay after failed try `attempt` (1-based): half fixed, half random ("equal jitter")."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        return ceiling / 2 + self.jitter() * ceiling / 2

    def delay_for(self, error: LLMError, attempt: int) -> float | None:
        """Seconds to wait before the next try, or None to give up now."""
        if not error.retryable or attempt >= self.max_attempts:
            return None
        if error.retry_after is not None:
            return error.retry_after if error.retry_after <= self.retry_after_cap else None
        return self.backoff(attempt)


async def with_retries(call: Callable[[], Awaitable[T]], policy: RetryPolicy, provider: str) -> T:
    attempt = 0
    while True:
        attempt += 1
        try:
            return await call()
        except LLMError as exc:
            delay = policy.delay_for(exc, attempt)
            if delay is None:
                # INFO: the fallback chain logs the failure once, at WARNING.
                log.info("%s: giving up after try %d: %s", provider, attempt, exc)
                raise
            log.info("%s: try %d failed (%s); retrying in %.2fs", provider, attempt, exc, delay)
            await policy.sleep(delay)


# --- one parsed reply ----------------------------------------------------------------

Finish = Literal["stop", "blocked", "truncated", "empty"]


@dataclass(frozen=True, slots=True)
class Completion:
    """A reply that arrived. `finish` says whether its text is usable as is."""

    text: str
    finish: Finish
    usage: TokenUsage | None = None
    detail: str = ""  # e.g. the provider's finish or block reason


def count(value: Any) -> int:
    """A token count from a reply; anything odd counts as 0 rather than failing the turn."""
    try:
        return max(0, int(value or 0))
    except (TypeError, ValueError, OverflowError):  # None, "12k", NaN, Infinity
        return 0
