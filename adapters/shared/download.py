"""One size-capped download, for every adapter that fetches a file a user sent.

No platform library here (tests/test_architecture.py holds it to that): the adapter
passes its HTTP session, the headers (Slack's bot token; none at all for Discord's
CDN), the byte limit, the timeout, and which URLs may be fetched. Redirects are
followed here, one hop at a time, each hop checked by `allowed` before anything is
sent to it, so a header never reaches a host the adapter did not allow.

The size is checked twice: a Content-Length over the limit is refused before the
body is read, and the stream is cut the moment it passes the limit, whatever size
the file or the headers claimed. Each failure is a typed DownloadError, which the
adapter words its own way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urljoin

import aiohttp

CHUNK = 64 * 1024
REDIRECTS = (301, 302, 303, 307, 308)


class DownloadError(Exception):
    """Why a download failed (never shown as it is: the adapter has the words)."""


class HostRefused(DownloadError):
    """`url` (the first or a redirect's) is not one the adapter allows; nothing was sent to it."""

    def __init__(self, url: str) -> None:
        super().__init__("host not allowed")
        self.url = url


class TooManyRedirects(DownloadError):
    def __init__(self) -> None:
        super().__init__("too many redirects")


class BadStatus(DownloadError):
    """The server answered with something other than 200 (or a redirect with no Location)."""

    def __init__(self, status: int) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status


class RefusedType(DownloadError):
    """The response's Content-Type is one the adapter refuses (Slack's sign-in page)."""

    def __init__(self, content_type: str) -> None:
        super().__init__(f"refused content type {content_type}")
        self.content_type = content_type


class TooLarge(DownloadError):
    """Over the limit: `declared` is the Content-Length that said so, None when the stream
    itself went past the limit (whatever the headers claimed)."""

    def __init__(self, declared: int | None) -> None:
        super().__init__("over the size limit")
        self.declared = declared


class NetworkFailure(DownloadError):
    """No answer: a connection refused or cut, a timeout, a URL the client won't send to.
    `reason` is the exception's class name (never its text, which can quote the URL)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


async def download_capped(
    session: aiohttp.ClientSession,
    url: str,
    *,
    max_bytes: int,
    timeout: aiohttp.ClientTimeout,
    headers: Mapping[str, str] | None = None,
    allowed: Callable[[str], bool] | None = None,
    max_redirects: int = 3,
    refuse_type: Callable[[str], bool] | None = None,
    proxy: str | None = None,
    proxy_auth: Any = None,
) -> bytes:
    """The body at `url`, at most `max_bytes` of it, or a DownloadError.

    `allowed(url)` is asked of the first URL and of every redirect (None: any URL);
    `refuse_type(content_type)` may refuse the answer before its body is read."""
    for _ in range(max_redirects + 1):
        if allowed is not None and not allowed(url):
            raise HostRefused(url)
        try:
            async with session.get(url, headers=dict(headers or {}), allow_redirects=False, timeout=timeout,
                                   proxy=proxy, proxy_auth=proxy_auth) as response:
                if response.status in REDIRECTS and response.headers.get("Location"):
                    url = urljoin(url, response.headers["Location"])
                    continue
                if response.status != 200:
                    raise BadStatus(response.status)
                if refuse_type is not None and refuse_type(response.content_type or ""):
                    raise RefusedType(response.content_type or "")
                if response.content_length is not None and response.content_length > max_bytes:
                    raise TooLarge(response.content_length)
                data = bytearray()
                async for chunk in response.content.iter_chunked(CHUNK):
                    data += chunk
                    if len(data) > max_bytes:
                        raise TooLarge(None)
                return bytes(data)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            # ValueError: a URL aiohttp can't use (aiohttp.InvalidURL is one too).
            raise NetworkFailure(type(exc).__name__) from exc
    raise TooManyRedirects
