"""The start-up check: is DISCORD_TOKEN good, and is Discord there at all?

One GET /users/@me with discord.py's own HTTP client (its headers, its base URL,
its error types) before the bot logs in: a wrong token, a wrong DISCORD_API_URL
or no network is one line on stderr and exit code 2, before discord.py starts
narrating its log-in. `interview-bot doctor` prints the same fixes.
A DISCORD_GATEWAY_URL that is set is opened once too (`check_gateway`): discord.py
would retry a gateway it can't reach every 5 seconds, forever, with a traceback each time.
"""

from __future__ import annotations

import asyncio

import aiohttp
import discord
import discord.http

from adapters.shared.network import Api, connection_reason
from adapters.shared.network import (
    shown as shown,  # bot/platform_checks.py prints URLs with it
)

DEFAULT_API_URL = "https://discord.com/api/v10"
PORTAL = "https://discord.com/developers/applications > your app > Bot"
TOKEN_FIX = f"copy the bot token again ({PORTAL} > Reset Token) into DISCORD_TOKEN"
INTENT_FIX = f"turn on the Message Content Intent ({PORTAL} > Privileged Gateway Intents), then start again"
BAD_TOKEN = f"Discord refused DISCORD_TOKEN: {TOKEN_FIX}."
NO_INTENT = f"Discord refused the Message Content Intent: {INTENT_FIX}."
API = Api("Discord", "Discord's API", "DISCORD_API_URL", DEFAULT_API_URL)


class StartupError(Exception):
    """Discord can't be used as configured; the message is the whole line for the operator."""


def api_url() -> str:
    """Where discord.py sends REST calls (DISCORD_API_URL once process.configure_process ran)."""
    return discord.http.Route.BASE


def unreachable(exc: BaseException) -> str:
    return API.unreachable(api_url(), exc)


def not_discord(status: str) -> str:
    return API.not_answering(api_url(), status, configured=api_url() != DEFAULT_API_URL)


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


GATEWAY_FIX = "fix DISCORD_GATEWAY_URL, or unset it to use the gateway Discord hands out"
GATEWAY_TIMEOUT = 15.0  # seconds to connect and be greeted


def gateway_line(url: str, why: str) -> str:
    return f"Cannot use the Discord gateway at {shown(url)} ({why}): {GATEWAY_FIX}."


async def check_gateway(url: str) -> None:
    """Open DISCORD_GATEWAY_URL as discord.py will (v=10, JSON) and wait for the gateway's
    HELLO, then close: no IDENTIFY is sent, so no session is started. Raises StartupError."""
    target = url + ("&" if "?" in url else "?") + "v=10&encoding=json"
    try:
        async with aiohttp.ClientSession() as session:
            async with asyncio.timeout(GATEWAY_TIMEOUT):
                async with session.ws_connect(target, autoping=True) as ws:
                    first = await ws.receive()
    except aiohttp.WSServerHandshakeError as exc:
        raise StartupError(gateway_line(url, f"HTTP {exc.status}, not a websocket")) from None
    except (aiohttp.InvalidURL, ValueError):
        raise StartupError(gateway_line(url, "not a ws:// or wss:// URL")) from None
    except (TimeoutError, aiohttp.ClientError, OSError) as exc:
        raise StartupError(gateway_line(url, connection_reason(exc))) from None
    try:
        hello = first.json() if first.type == aiohttp.WSMsgType.TEXT else None
    except ValueError:
        hello = None
    if not (isinstance(hello, dict) and hello.get("op") == 10):
        raise StartupError(gateway_line(url, "no HELLO: not Discord's gateway"))
