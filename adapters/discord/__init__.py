"""The Discord adapter: `/interview` slash commands, a thread per interview.

`run_discord(settings)` is what `interview-bot discord` calls; `build_bot`
makes the client without starting it (tests run it in their own loop).
"""

from adapters.discord.client import InterviewBot, build_bot, invite_url
from adapters.discord.config import DiscordConfig
from adapters.discord.run import run_discord

__all__ = ["DiscordConfig", "InterviewBot", "build_bot", "invite_url", "run_discord"]
