"""The start-up checks: is the bot token good, can Socket Mode connect, is Slack there at all?

Each is one Web API call with no retries (a retry handler logs a line per try),
so a wrong token, a wrong SLACK_API_URL or no network is one line on stderr
and exit code 2, never a traceback. `interview-bot doctor` prints the same fixes.
The first websocket connection is watched the same way (`connect_socket_mode`).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.shared.network import Api, connection_reason
from adapters.shared.network import (
    shown as shown,  # bot/platform_checks.py prints URLs with it
)
from adapters.slack.config import DEFAULT_API_URL, SlackConfig
from adapters.slack.errors import slack_error

BOT_TOKEN_FIX = (
    "copy the Bot User OAuth Token (xoxb-...) from https://api.slack.com/apps > your app > "
    "OAuth & Permissions into SLACK_BOT_TOKEN"
)
APP_TOKEN_FIX = (
    "make an App-Level Token with the connections:write scope (https://api.slack.com/apps > your app > "
    "Basic Information > App-Level Tokens) and put it in SLACK_APP_TOKEN"
)
# Slack's answers that say nothing about the token: Slack itself is in trouble.
SLACK_TROUBLE = frozenset({"ratelimited", "fatal_error", "internal_error", "service_unavailable", "request_timeout"})
API = Api("Slack", "Slack's Web API", "SLACK_API_URL", DEFAULT_API_URL)


class StartupError(Exception):
    """Slack can't be used as configured; the message is the whole line for the operator."""


def unreachable(config: SlackConfig, exc: BaseException) -> str:
    return API.unreachable(config.api_url, exc)


def not_slack(config: SlackConfig, status: str) -> str:
    return API.not_answering(config.api_url, status, configured=bool(config.slack_api_url))


async def call(config: SlackConfig, method: str, token: str, variable: str, fix: str) -> dict[str, Any]:
    """One Web API call, no retries; every failure is a StartupError with its fix."""
    client = AsyncWebClient(token=token, base_url=config.api_url + "/", timeout=15, retry_handlers=[])
    try:
        response = await client.api_call(method)
    except SlackApiError as exc:
        data = getattr(exc.response, "data", None)
        if not (isinstance(data, dict) and data.get("error")):
            raise StartupError(not_slack(config, slack_error(exc))) from None
        code = slack_error(exc)
        if code in SLACK_TROUBLE:
            raise StartupError(f"Slack could not answer {method} ({code}): try again in a few minutes.") from None
        raise StartupError(f"Slack rejected {variable} ({code}): {fix}.") from None
    except (TimeoutError, aiohttp.ClientError, OSError) as exc:
        raise StartupError(unreachable(config, exc)) from None
    data = response.data
    if not isinstance(data, dict):
        raise StartupError(not_slack(config, "not JSON"))
    return data


async def check_bot_token(config: SlackConfig) -> str:
    """auth.test with SLACK_BOT_TOKEN: who the bot is ("interview-coach in Acme")."""
    data = await call(config, "auth.test", config.secret("slack_bot_token"), "SLACK_BOT_TOKEN", BOT_TOKEN_FIX)
    return f"{data.get('user') or data.get('user_id')} in {data.get('team') or data.get('team_id')}"


async def check_app_token(config: SlackConfig) -> str:
    """apps.connections.open with SLACK_APP_TOKEN: the websocket URL Socket Mode connects to."""
    data = await call(config, "apps.connections.open", config.secret("slack_app_token"), "SLACK_APP_TOKEN",
                      APP_TOKEN_FIX)
    url = data.get("url")
    if not isinstance(url, str) or not url.startswith(("ws://", "wss://")):
        raise StartupError(not_slack(config, "no websocket URL"))
    return url


def socket_unreachable(url: str, exc: BaseException | None) -> str:
    """The line for a Socket Mode websocket that apps.connections.open named but that can't be
    reached (the URL is shown without its query: Slack's connection ticket stays out)."""
    why = connection_reason(exc) if exc is not None else "no answer in time"
    return (
        f"Cannot open Slack's Socket Mode websocket at {shown(url)} ({why}): check the network "
        "connection, and that no firewall or proxy blocks websockets (wss://, port 443)."
    )


class _FirstFailure(logging.Filter):
    """Catches the Socket Mode client's "Failed to connect ...; Retrying..." record (an ERROR
    with the exception attached) while the first connection is made, and keeps it out of
    the log: the operator gets the one line instead of a traceback every few seconds."""

    def __init__(self) -> None:
        super().__init__()
        self.error: BaseException | None = None
        self.failed = asyncio.Event()
        self.quiet = False  # set while the client is closed after a failure: nothing more is logged

    def filter(self, record: logging.LogRecord) -> bool:
        if self.quiet:
            return False
        if record.levelno >= logging.ERROR and record.exc_info and record.exc_info[1] is not None:
            self.error = self.error or record.exc_info[1]
            self.failed.set()
            return False
        return True


CONNECT_DEADLINE = 30.0  # seconds for the first websocket connection


async def connect_socket_mode(handler: Any, logger: logging.Logger, url: str,
                              deadline: float = CONNECT_DEADLINE) -> None:
    """`handler.connect_async()` (bolt's AsyncSocketModeHandler, whose client logs through
    `logger`), but its first failure is a StartupError: the client itself would log the
    traceback and retry the same URL forever."""
    catch = _FirstFailure()
    logger.addFilter(catch)
    connecting = asyncio.ensure_future(handler.connect_async())
    failed = asyncio.ensure_future(catch.failed.wait())
    try:
        done, _ = await asyncio.wait({connecting, failed}, timeout=deadline,
                                     return_when=asyncio.FIRST_COMPLETED)
        if connecting in done:
            connecting.result()
            return
        catch.quiet = True
        connecting.cancel()
        await asyncio.gather(connecting, return_exceptions=True)
        await handler.close_async()
        raise StartupError(socket_unreachable(url, catch.error))
    finally:
        failed.cancel()
        logger.removeFilter(catch)
