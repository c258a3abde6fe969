"""The AsyncApp factory and its two runners: HTTP (/slack/events) and Socket Mode."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from dataclasses import dataclass

from aiohttp import web
from pydantic import ValidationError
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import commands, events, http_gate
from adapters.slack.config import SlackConfig
from adapters.slack.replays import Replays
from adapters.slack.runtime import SlackBot
from adapters.slack.startup import (
    StartupError,
    check_app_token,
    check_bot_token,
    connect_socket_mode,
)
from interview_core.chat import DocumentReader, OpenCore
from interview_core.service import InterviewService

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/health"


class ConfigError(Exception):
    """A setting is missing or wrong; the message is one line for the operator."""


def web_client(config: SlackConfig, token: str | None = None) -> AsyncWebClient:
    """The Web API client: SLACK_API_URL as its base, with the SDK's retry handlers
    for connection errors, rate limits (429, honouring Retry-After) and 5xx."""
    return AsyncWebClient(
        token=token if token is not None else config.secret("slack_bot_token"),
        base_url=config.api_url + "/",
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
            AsyncServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def build_slack_bot(
    service: InterviewService,
    config: SlackConfig,
    *,
    reader: DocumentReader | None = None,
) -> SlackBot:
    """The bolt AsyncApp with every listener registered, as `bot.app`.

    process_before_response=True: each listener only acks and spawns its slow
    work (tracked by the bot), so the ack is immediate in both modes and the
    HTTP response is sent once the work is registered."""
    if not config.secret("slack_bot_token"):
        raise ConfigError("SLACK_BOT_TOKEN is not set (the Bot User OAuth Token, xoxb-...).")
    client = web_client(config)
    bot = SlackBot(service, config, client, reader or DocumentReader())
    app = AsyncApp(
        client=client,
        signing_secret=config.secret("slack_signing_secret"),
        process_before_response=True,
        logger=logging.getLogger("adapters.slack.bolt"),
    )
    replays = Replays()
    app.middleware(replays.skip_handled_events)  # before any listener: retries are dropped
    events.register(app, bot)
    commands.register(app, bot, replays)
    bot.app = app  # type: ignore[attr-defined]
    bot.replays = replays  # type: ignore[attr-defined]
    return bot


def build_slack_app(service: InterviewService, config: SlackConfig, *, reader: DocumentReader | None = None) -> AsyncApp:
    return build_slack_bot(service, config, reader=reader).app  # type: ignore[attr-defined]


def http_application(bot: SlackBot) -> web.Application:
    app: AsyncApp = bot.app  # type: ignore[attr-defined]
    secret = bot.config.secret("slack_signing_secret")

    async def events_endpoint(request: web.Request) -> web.Response:
        # Verified on the raw bytes first: nothing unsigned is ever parsed.
        try:
            bolt_req = await http_gate.admit(request, secret)
        except http_gate.Rejected as exc:
            return http_gate.refuse(request, exc)
        return await to_aiohttp_response(await app.async_dispatch(bolt_req))

    async def health(_: web.Request) -> web.Response:
        return web.json_response({"ok": True, "mode": "http", "busy_tasks": len(bot.tasks)})

    web_app = web.Application(client_max_size=http_gate.MAX_BODY)
    web_app.add_routes([web.post(EVENTS_PATH, events_endpoint), web.get(HEALTH_PATH, health)])
    return web_app


@dataclass
class HttpServer:
    runner: web.AppRunner
    port: int

    async def close(self) -> None:
        await self.runner.cleanup()


async def start_http(bot: SlackBot, host: str, port: int) -> HttpServer:
    """Serve /slack/events and /health; port 0 picks a free port."""
    # lingering_time: how long the unread rest of a refused (too large) body is drained.
    runner = web.AppRunner(http_application(bot), access_log=None, lingering_time=1.0)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    sockets = site._server.sockets if site._server else []  # type: ignore[union-attr]
    actual = sockets[0].getsockname()[1] if sockets else port
    return HttpServer(runner, actual)


async def start_socket_mode(bot: SlackBot, config: SlackConfig, wss_url: str | None = None) -> AsyncSocketModeHandler:
    """Connect to Slack over a websocket (apps.connections.open with the app token, unless
    `wss_url` is the URL it already gave)."""
    app_token = config.secret("slack_app_token")
    if not app_token:
        raise ConfigError("SLACK_APP_TOKEN is not set (the App-Level Token, xapp-...).")
    # Asked once, so a refused token is a StartupError: the client's own
    # first call would retry it forever, with a traceback each time.
    wss_url = wss_url or await check_app_token(config)
    logger = logging.getLogger("adapters.slack.bolt")  # bolt's own (build_slack_bot), named here
    handler = AsyncSocketModeHandler(
        bot.app,  # type: ignore[attr-defined]
        app_token,
        logger=logger,
        web_client=web_client(config, token=""),
    )
    handler.client.wss_uri = wss_url
    await connect_socket_mode(handler, logger, wss_url)  # an unreachable websocket: one line
    return handler


def load_config() -> SlackConfig:
    try:
        return SlackConfig()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']).upper()}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(problems) from None


def check_config(config: SlackConfig, http_port: int | None) -> None:
    if not config.secret("slack_bot_token"):
        raise ConfigError("SLACK_BOT_TOKEN is not set (the Bot User OAuth Token, xoxb-...): docs/slack.md says where to find it.")
    if http_port is not None:
        if not 0 <= http_port <= 65535:
            raise ConfigError(f"--http-port {http_port} is not a port number.")
        if not config.secret("slack_signing_secret"):
            raise ConfigError("SLACK_SIGNING_SECRET is not set: HTTP mode needs it to verify requests.")
    elif not config.secret("slack_app_token"):
        raise ConfigError(
            "SLACK_APP_TOKEN (xapp-...) is not set: set it for Socket Mode, or run "
            "`interview-bot slack --http-port PORT` with SLACK_SIGNING_SECRET for HTTP mode."
        )
    elif not config.secret("slack_app_token").startswith("xapp-"):
        raise ConfigError("SLACK_APP_TOKEN must be an App-Level Token starting with xapp-.")


def forget_token_variables() -> None:
    """Once read into SlackConfig, the secrets leave the process environment. bolt's
    AsyncApp reads SLACK_BOT_TOKEN from it even when given a client (and then warns
    "As you gave `client` as well, `token` will be unused"), and the document
    workers, which parse untrusted uploads, would inherit them."""
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        os.environ.pop(name, None)


def run_slack(open_core: OpenCore, *, http_port: int | None) -> int:
    """`interview-bot slack [--http-port P]`: run until SIGINT/SIGTERM. 0 on a clean stop,
    2 on a configuration error (one line on stderr, no traceback)."""
    try:
        config = load_config()
        check_config(config, http_port)
    except ConfigError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 2
    forget_token_variables()
    try:
        return asyncio.run(_serve(open_core, config, http_port))
    except ConfigError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 2
    except StartupError as exc:
        print(exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0


async def _serve(open_core: OpenCore, config: SlackConfig, http_port: int | None) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    # Both tokens are asked about before the database is opened: a start-up that fails
    # leaves nothing behind (no interview-bot.db in the working folder).
    who = await check_bot_token(config)
    wss_url = await check_app_token(config) if http_port is None else None
    async with open_core() as core:
        bot = build_slack_bot(core.service, config, reader=core.reader)
        server: HttpServer | None = None
        handler: AsyncSocketModeHandler | None = None
        try:
            if http_port is not None:
                server = await start_http(bot, config.slack_http_host, http_port)
                print(
                    f"Slack bot ({who}) in HTTP mode on {config.slack_http_host}:{server.port}"
                    f"{EVENTS_PATH} (health: {HEALTH_PATH})",
                    file=sys.stderr,
                    flush=True,
                )
            else:
                handler = await start_socket_mode(bot, config, wss_url)
                print(f"Slack bot ({who}) connected in Socket Mode.", file=sys.stderr, flush=True)
            await stop.wait()
        finally:
            if handler is not None:
                await handler.close_async()
            if server is not None:
                await server.close()
            await bot.close()
    return 0
