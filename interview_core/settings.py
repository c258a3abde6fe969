"""Settings from the environment or a .env file; none is secret in console mode."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB_FILE = "interview-bot.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{DEFAULT_DB_FILE}",
        description="sqlite:///relative/path.db, sqlite:////absolute/path.db, or a plain file path",
    )
    llm_provider: Literal["offline"] = "offline"
    max_questions: int = Field(default=8, ge=1, le=20)
    max_file_mb: float = Field(default=10.0, gt=0, le=100)
    max_pdf_pages: int = Field(default=50, ge=1, le=1000)
    log_level: str = "INFO"

    @field_validator("llm_provider", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @property
    def database_path(self) -> Path:
        return database_path(self.database_url)

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


def database_path(url: str) -> Path:
    """Accept sqlite:///rel.db, sqlite:////abs.db, or a bare path."""
    for prefix in ("sqlite+aiosqlite://", "sqlite://"):
        if url.startswith(prefix):
            rest = url[len(prefix) :]
            # sqlite:///x.db -> "/x.db" is relative "x.db"; sqlite:////abs -> "//abs" is "/abs"
            return Path(rest[1:]) if rest.startswith("/") else Path(rest)
    return Path(url)
