"""What every HTTP interviewer shares: the client, retries, error classes, the question loop.

Gemini and the OpenAI-style servers differ only in wire format, so they
implement `_complete_once` (one request, one parsed reply) and inherit the
rest: retries with backoff, cleaning the question, the one content retry,
the JSON report with one repair attempt, and the offline stand-in for a
reply that stays unusable.
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
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal, TypeVar

import httpx

from interview_core.feedback import FeedbackReport
from interview_core.models import (
    GeneratedQuestion,
    InterviewContext,
    Role,
    TokenUsage,
    Turn,
)
from interview_core.prompts import (
    ChatPrompt,
    FeedbackParseError,
    clean_question,
    feedback_prompt,
    follow_up_prompt,
    opening_prompt,
    parse_feedback,
    repair_prompt,
    repeats_earlier,
    with_retry_note,
)
from interview_core.providers.base import Provider, ProviderError
from interview_core.settings import Settings

log = logging.getLogger(__name__)

T = TypeVar("T")

QUESTION_MAX_TOKENS = 1024
FEEDBACK_MAX_TOKENS = 8192
PING_MAX_TOKENS = 16
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


_SECRET_HEADERS = frozenset({"authorization", "x-goog-api-key", "x-api-key", "api-key"})


def redact(text: str, headers: dict[str, str]) -> str:
    """`text` without any piece of a secret header value (h11 quotes bad header values)."""
    for name, value in headers.items():
        if name.lower() not in _SECRET_HEADERS:
            continue
        # Whole value, its repr() form, and every long piece between control characters.
        pieces = {value, repr(value)[1:-1], repr(value.encode("utf-8", "replace"))[2:-1]}
        pieces |= set(re.split(r"[\s\x00-\x1f\x7f]+", value))
        for piece in sorted(pieces, key=len, reverse=True):
            if len(piece) >= 6 and piece.lower() != "bearer":
                text = text.replace(piece, "***")
    return text


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
            f"{provider}: the request could not be sent ({redact(str(exc), headers)}); "
            "check the API key for stray characters",
            provider=provider,
            kind="bad_request",
        ) from None
    except httpx.TransportError as exc:
        raise LLMError(
            f"{provider}: connection failed ({type(exc).__name__}: {redact(str(exc), headers)})",
            provider=provider,
            kind="connection",
        ) from None
    except httpx.RequestError as exc:  # an undecodable body, too many redirects
        raise LLMError(
            f"{provider}: request failed ({type(exc).__name__}: {redact(str(exc), headers)})",
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
        location = response.headers.get("location", "")[:200]
        raise LLMError(
            f"{provider}: HTTP {response.status_code} redirect to {location or '(nowhere)'}: "
            "the base URL is not the API's",
            provider=provider,
            kind="not_found",
            status=response.status_code,
        )
    if response.status_code >= 400:
        message, hinted = error_details(body)
        message = redact(message, headers)  # some servers quote the key they refused
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
        error.args = (redact(str(error), headers),)
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


def add_usage(a: TokenUsage | None, b: TokenUsage | None) -> TokenUsage | None:
    if a is None or b is None:
        return a or b
    return TokenUsage(a.prompt_tokens + b.prompt_tokens, a.completion_tokens + b.completion_tokens)


def fallback_source(source: str, failed: Sequence[str]) -> str:
    """Label a report written by a stand-in: "offline (fallback: gemini failed)".

    Merges with an existing label so a chain never stacks two of them.
    """
    base, _, rest = source.partition(" (fallback: ")
    earlier = [n.strip() for n in rest.removesuffix(" failed)").split(",")] if rest else []
    names = list(dict.fromkeys(n for n in [*failed, *earlier] if n))
    return f"{base} (fallback: {', '.join(names)} failed)" if names else base


def _default_offline() -> Provider:
    from interview_core.providers.offline import OfflineProvider

    return OfflineProvider()


PING_PROMPT = ChatPrompt(
    "You are a health check. Reply with the single word OK.",
    (Turn(Role.CANDIDATE, "Reply with OK."),),
)


class ChatProvider(ABC):
    """A Provider over a chat-style HTTP API; subclasses speak one wire format."""

    name: str

    def __init__(
        self,
        *,
        name: str,
        client: httpx.AsyncClient,
        policy: RetryPolicy | None = None,
        temperature: float = 0.7,
        offline: Provider | None = None,
    ) -> None:
        self.name = name
        self.client = client
        self.policy = policy or RetryPolicy()
        self.temperature = temperature
        self._offline = offline

    @property
    def offline(self) -> Provider:
        """The deterministic engine that writes what the model could not."""
        if self._offline is None:
            self._offline = _default_offline()
        return self._offline

    @abstractmethod
    async def _complete_once(
        self, prompt: ChatPrompt, *, json_mode: bool, max_tokens: int
    ) -> Completion:
        """One HTTP request; raise LLMError for anything but a parsed reply."""

    async def complete(
        self,
        prompt: ChatPrompt,
        *,
        json_mode: bool = False,
        max_tokens: int = QUESTION_MAX_TOKENS,
        policy: RetryPolicy | None = None,
    ) -> Completion:
        async def attempt() -> Completion:
            try:
                return await self._complete_once(prompt, json_mode=json_mode, max_tokens=max_tokens)
            except LLMError:
                raise
            except Exception as exc:
                # A reply of a shape nobody foresaw must not escape as a KeyError or
                # TypeError: it is a bad response like any other. (CancelledError is
                # not an Exception, so cancellation still propagates untouched.)
                log.debug("%s: unexpected reply", self.name, exc_info=True)
                raise LLMError(
                    f"{self.name}: unexpected reply ({type(exc).__name__})",
                    provider=self.name,
                    kind="bad_response",
                ) from None

        return await with_retries(attempt, policy or self.policy, self.name)

    async def ping(self) -> Completion:
        """One tiny call, no retries: does the key, model and URL work?"""
        return await self.complete(
            PING_PROMPT, max_tokens=PING_MAX_TOKENS, policy=replace(self.policy, max_attempts=1)
        )

    async def opening_question(self, ctx: InterviewContext) -> GeneratedQuestion:
        return await self._question(ctx, opening_prompt(ctx), opening=True)

    async def follow_up_question(self, ctx: InterviewContext) -> GeneratedQuestion:
        return await self._question(ctx, follow_up_prompt(ctx), opening=False)

    async def _question(
        self, ctx: InterviewContext, prompt: ChatPrompt, *, opening: bool
    ) -> GeneratedQuestion:
        usage: TokenUsage | None = None
        for attempt in (1, 2):  # an unusable reply is asked for once more, no more
            completion = await self.complete(prompt)
            usage = add_usage(usage, completion.usage)
            text, problem = self._usable_question(completion, ctx)
            if not problem:
                return GeneratedQuestion(text=text, provider=self.name, usage=usage)
            log.info("%s: unusable question (try %d): %s", self.name, attempt, problem)
            prompt = with_retry_note(prompt, problem)
        # The model answers but keeps missing: the offline interviewer asks instead.
        log.warning("%s: no usable question after 2 replies; the offline one is used", self.name)
        stand_in = self.offline
        question = await (
            stand_in.opening_question(ctx) if opening else stand_in.follow_up_question(ctx)
        )
        # Usage stays: those tokens were spent (and billed) on this question.
        return replace(question, provider=question.provider or stand_in.name, usage=usage)

    @staticmethod
    def _usable_question(completion: Completion, ctx: InterviewContext) -> tuple[str, str]:
        if completion.finish == "blocked":
            return "", f"the reply was blocked ({completion.detail or 'safety'})"
        if completion.finish == "truncated":
            return "", "the reply was cut off at the token limit"
        text = clean_question(completion.text)
        if not text:
            return "", "the reply was empty"
        if repeats_earlier(text, ctx.questions):
            return "", "it repeated an earlier question"
        return text, ""

    async def feedback(self, ctx: InterviewContext) -> FeedbackReport:
        prompt = feedback_prompt(ctx)
        for attempt in (1, 2):  # the first reply, then one repair attempt
            completion = await self.complete(prompt, json_mode=True, max_tokens=FEEDBACK_MAX_TOKENS)
            try:
                return self._report(completion, ctx)
            except FeedbackParseError as exc:
                log.info("%s: invalid report (try %d): %s", self.name, attempt, exc)
                prompt = repair_prompt(prompt, completion.text, str(exc))
        # Still invalid: the offline analysis, labelled so nobody mistakes it for the model's.
        log.warning("%s: no valid report after a repair attempt; using offline", self.name)
        report = await self.offline.feedback(ctx)
        return report.model_copy(update={"source": fallback_source(report.source, [self.name])})

    def _report(self, completion: Completion, ctx: InterviewContext) -> FeedbackReport:
        if completion.finish == "blocked":
            raise FeedbackParseError(f"the reply was blocked ({completion.detail or 'safety'})")
        if completion.finish == "empty":
            raise FeedbackParseError("the reply was empty")
        try:
            return parse_feedback(completion.text, ctx, source=self.name)
        except FeedbackParseError as exc:
            if completion.finish == "truncated":
                raise FeedbackParseError(f"cut off at the token limit: {exc}") from None
            raise

    async def aclose(self) -> None:  # noqa: B027 - deliberately a no-op hook
        """The client is shared and owned by whoever made it; nothing to close here."""
