"""The start-up lines both chat adapters print when their platform can't be reached
(adapters/discord/startup.py, adapters/slack/startup.py): a URL as it may be shown,
a few words for why a connection failed, and the two sentences built from them."""

from __future__ import annotations

import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import aiohttp


def shown(url: str) -> str:
    """A URL as it may be printed: without any user:password part."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", "")) if parts.scheme else url


def connection_reason(exc: BaseException) -> str:
    """A few words for why a connection failed (never the exception's text: it can be long)."""
    os_error = getattr(exc, "os_error", exc)
    if isinstance(exc, aiohttp.InvalidURL):
        return "not a valid URL"
    if isinstance(os_error, socket.gaierror):
        return "host not found"
    if isinstance(os_error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, (TimeoutError, aiohttp.ServerTimeoutError)):
        return "no answer in time"
    if isinstance(exc, aiohttp.ClientSSLError) or isinstance(os_error, ssl.SSLError):
        return "TLS error"
    return type(exc).__name__


@dataclass(frozen=True, slots=True)
class Api:
    """A platform's API as the operator configures it."""

    platform: str  # "Slack"
    name: str  # "Slack's Web API"
    variable: str  # "SLACK_API_URL"
    default: str  # "https://slack.com/api"

    def unreachable(self, url: str, exc: BaseException) -> str:
        if isinstance(exc, aiohttp.InvalidURL):
            return f"{self.variable}={shown(url)} is not a valid URL: use one like {self.default}, or unset it."
        return (
            f"Cannot reach {self.platform} at {shown(url)} ({connection_reason(exc)}): "
            f"check the network connection, or {self.variable}."
        )

    def not_answering(self, url: str, status: str, *, configured: bool) -> str:
        """`url` answered, but not as the API does; `configured`: the operator set the URL."""
        if configured:
            return (
                f"{shown(url)} does not answer like {self.name} ({status}): "
                f"fix {self.variable}, or unset it to use {self.default}."
            )
        return f"{self.name} gave no usable answer ({status}): try again in a few minutes."
