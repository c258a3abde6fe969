"""`interview-bot discord`: run the bot until interrupted.

Configuration errors, a refused token and an unreachable Discord are one clear
line on stderr and exit code 2, never a traceback (startup.py has the lines);
the token is never printed or logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys

import aiohttp
import discord
from pydantic import ValidationError

from adapters.discord.client import build_bot
from adapters.discord.config import DiscordConfig
from adapters.discord.process import configure_process
from adapters.discord.startup import (
    StartupError,
    check_gateway,
    check_token,
    failure_line,
)
from interview_core.chat import OpenCore

log = logging.getLogger(__name__)

NO_TOKEN = (
    "DISCORD_TOKEN is not set: create a bot in the Discord Developer Portal "
    "(Applications > your app > Bot > Reset Token) and put its token in DISCORD_TOKEN (or .env)."
)


def run_discord(open_core: OpenCore, config: DiscordConfig | None = None) -> int:
    """Run the Discord bot on the core `open_core` opens; returns the process exit code."""
    try:
        config = config or DiscordConfig()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']).upper()}: {err['msg']}" for err in exc.errors()
        )
        print(f"Configuration error: {problems}", file=sys.stderr)
        return 2
    if config.token is None:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    try:
        return asyncio.run(serve(open_core, config))
    except KeyboardInterrupt:
        return 0


async def serve(open_core: OpenCore, config: DiscordConfig) -> int:
    configure_process(config)  # discord.py's process-wide settings, once, before the bot
    try:
        await check_token(config.token or "")  # one line, before the core opens or discord.py logs in
        if config.discord_gateway_url:
            await check_gateway(config.discord_gateway_url)
    except StartupError as exc:
        print(exc, file=sys.stderr)
        return 2
    async with open_core() as core:
        bot = build_bot(core.service, config, reader=core.reader)
        started = asyncio.ensure_future(_start(bot, config.token or ""))
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, lambda: asyncio.ensure_future(_stop(bot, started)))
        try:
            await started
        except asyncio.CancelledError:
            if not started.cancelled():
                raise  # serve itself was cancelled
        except (discord.LoginFailure, discord.PrivilegedIntentsRequired, discord.GatewayNotFound,
                discord.HTTPException, aiohttp.ClientError, OSError) as exc:
            print(failure_line(exc), file=sys.stderr)  # the same lines as the check above
            return 2
    log.info("Stopped.")
    return 0


async def _start(bot: discord.Client, token: str) -> None:
    async with bot:
        await bot.start(token)


async def _stop(bot: discord.Client, started: asyncio.Future[None]) -> None:
    """Ctrl+C or SIGTERM: close the bot; if it is still connecting (discord.py retries a
    gateway it can't reach without looking at whether it was closed), stop that too."""
    await bot.close()
    if not started.done():
        started.cancel()
