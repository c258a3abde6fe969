"""Slack settings, from the environment or a .env file (never logged)."""

from __future__ import annotations

from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_API_URL = "https://slack.com/api"


class SlackConfig(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # Bot User OAuth Token (xoxb-...): every Web API call and every file download.
    slack_bot_token: SecretStr | None = None
    # Basic Information > Signing Secret: verifies HTTP-mode requests.
    slack_signing_secret: SecretStr | None = None
    # App-Level Token (xapp-..., scope connections:write): Socket Mode.
    slack_app_token: SecretStr | None = None
    # Web API base URL, e.g. https://slack-gov.com/api for GovSlack, or a proxy.
    slack_api_url: str | None = None
    # Where HTTP mode listens (the port comes from --http-port).
    slack_http_host: str = "0.0.0.0"
    # Seconds allowed for one file download.
    slack_download_timeout: float = Field(default=30.0, gt=0, le=600)

    @field_validator("slack_api_url", mode="before")
    @classmethod
    def _strip(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip().rstrip("/")
            return value or None
        return value

    @property
    def api_url(self) -> str:
        return self.slack_api_url or DEFAULT_API_URL

    @property
    def api_host(self) -> str | None:
        """The host SLACK_API_URL names, when it is set."""
        if not self.slack_api_url:
            return None
        return (urlsplit(self.slack_api_url).hostname or "").lower() or None

    def secret(self, name: str) -> str:
        value: SecretStr | None = getattr(self, name)
        return value.get_secret_value().strip() if value is not None else ""
