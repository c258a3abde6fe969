"""The start-up check: is DISCORD_TOKEN good, and is Discord there at all?

One GET /users/@me with discord.py's own HTTP client (its headers, its base URL,
its error types) before the bot logs in: a wrong token, a wrong DISCORD_API_URL
or no network is one line on stderr and exit code 2, before discord.py starts
narrating its log-in. `interview-bot doctor` prints the same fixes.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from urllib.parse import urlsplit, urlunsplit

import aiohttp
import discord
import discord.http

DEFAULT_API_URL = "https://discord.com/api/v10"
PORTAL = "https://discord.com/developers/applications > your app > Bot"
TOKEN_FIX = f"copy the bot token again ({PORTAL} > Reset Token) into DISCORD_TOKEN"
INTENT_FIX = f"turn on the Message Content Intent ({PORTAL} > Privileged Gateway Intents), then start again"
BAD_TOKEN = f"Discord refused DISCORD_TOKEN: {TOKEN_FIX}."
NO_INTENT = f"Discord refused the Message Content Intent: {INTENT_FIX}."


class StartupError(Exception):
    """Discord can't be used as configured; the message is the whole line for the operator."""


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


def api_url() -> str:
    """Where discord.py sends REST calls (DISCORD_API_URL once process.configure_process ran)."""
    return discord.http.Route.BASE


def unreachable(exc: BaseException) -> str:
    if isinstance(exc, aiohttp.InvalidURL):
        return f"DISCORD_API_URL={shown(api_url())} is not a valid URL: use one like {DEFAULT_API_URL}, or unset it."
    return (
        f"Cannot reach Discord at {shown(api_url())} ({connection_reason(exc)}): "
        "check the network connection, or DISCORD_API_URL."
    )


def not_discord(status: str) -> str:
    if api_url() != DEFAULT_API_URL:
        return (
            f"{shown(api_url())} does not answer like Discord's API ({status}): "
            f"fix DISCORD_API_URL, or unset it to use {DEFAULT_API_URL}."
        )
    return f"Discord's API gave no usable answer ({status}): try again in a few minutes."


def failure_line(exc: BaseException) -> str | None:
    """The one line for a start-up failure, or None for one that is not about reaching Discord."""
    if isinstance(exc, discord.LoginFailure):
        return BAD_TOKEN
    if isinstance(exc, discord.PrivilegedIntentsRequired):
        return NO_INTENT
    if isinstance(exc, discord.HTTPException):
        return not_discord(f"HTTP {exc.status}")
    if isinstance(exc, discord.GatewayNotFound):
        return not_discord("no gateway")
    if isinstance(exc, (TimeoutError, aiohttp.ClientError, OSError)):
        return unreachable(exc)
    return None


async def check_token(token: str) -> None:
    """GET /users/@me, no log-in: raises StartupError with the line to print."""
    http = discord.http.HTTPClient(asyncio.get_running_loop())
    try:
        data = await http.static_login(token)
    except (discord.DiscordException, TimeoutError, aiohttp.ClientError, OSError) as exc:
        line = failure_line(exc)
        if line is None:
            raise
        raise StartupError(line) from None
    finally:
        await http.close()
    if not isinstance(data, dict) or "id" not in data:
        raise StartupError(not_discord("not JSON"))
