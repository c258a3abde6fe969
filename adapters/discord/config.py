"""Discord settings, from the environment or a .env file.

Kept apart from interview_core.settings: the core knows nothing of Discord.
DISCORD_TOKEN is a SecretStr, so neither a repr nor a log line shows it.
"""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class DiscordConfig(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = None
    # Sync the slash commands to this one server (instant) instead of globally
    # (which can take up to an hour to show up everywhere).
    discord_guild_id: int | None = None
    # REST base, e.g. http://127.0.0.1:8080/api/v10 for a rate-limit proxy or a test server.
    discord_api_url: str | None = None
    # Gateway websocket, e.g. ws://127.0.0.1:8080/gateway; overrides what /gateway/bot says.
    discord_gateway_url: str | None = None
    # How many shards; unset = as many as Discord recommends (/gateway/bot).
    discord_shards: int | None = Field(default=None, ge=1, le=1000)

    @field_validator("discord_api_url", "discord_gateway_url", mode="before")
    @classmethod
    def _url(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip().rstrip("/")
            return value or None
        return value

    @field_validator("discord_guild_id", "discord_shards", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @property
    def token(self) -> str | None:
        if self.discord_token is None:
            return None
        token = self.discord_token.get_secret_value().strip()
        if token.lower().startswith("bot "):  # pasted as an Authorization header
            token = token[4:].strip()
        return token or None
