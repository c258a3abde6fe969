"""Settings from the environment or a .env file; none is secret in console mode."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB_FILE = "interview-bot.db"
APP_NAME = "interview-bot"
# Where the console keeps its database when DATABASE_URL is not set; tests point it at a
# temporary folder so they never write into the real one.
DATA_DIR_ENV = "INTERVIEW_BOT_DATA_DIR"
LLM_PROVIDER_NAMES = ("offline", "gemini", "openrouter", "openai", "ollama")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{DEFAULT_DB_FILE}",
        description="sqlite:///relative/path.db, sqlite:////absolute/path.db, or a plain file path",
    )
    llm_provider: Literal["offline", "gemini", "openrouter", "openai", "ollama"] = "offline"
    max_questions: int = Field(default=8, ge=1, le=20)
    max_file_mb: float = Field(default=10.0, gt=0, le=100)
    max_pdf_pages: int = Field(default=50, ge=1, le=1000)
    # Uploaded files are parsed in worker processes with these limits (a bomb kills only
    # its worker). 0 workers parses in the bot's own process, with no limits: tools only.
    document_workers: int = Field(default=2, ge=0, le=32)
    document_memory_mb: int = Field(default=512, ge=128, le=65536)
    document_cpu_seconds: float = Field(default=10.0, gt=0, le=600)
    document_wall_seconds: float = Field(default=20.0, gt=0, le=1200)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"

    # --- LLM providers (keys are SecretStr so a repr or a log line never shows them) ---
    # Comma list of engines tried, in order, when LLM_PROVIDER is exhausted; "" = none.
    llm_fallback: str = "offline"
    gemini_api_key: SecretStr | None = None
    gemini_model: str = "gemini-2.5-flash"
    gemini_base_url: str = "https://generativelanguage.googleapis.com"
    # 0 turns thinking off on Flash models (fast, cheap questions); -1 lets the model decide.
    gemini_thinking_budget: int = 0
    openrouter_api_key: SecretStr | None = None
    openrouter_model: str = "google/gemini-2.5-flash"
    openrouter_base_url: str = "https://openrouter.ai/api/v1"
    openrouter_site_url: str = "https://github.com/interview-bot/interview-bot"
    openrouter_app_name: str = "interview-bot"
    openai_api_key: SecretStr | None = None
    openai_model: str = "gpt-4.1-mini"
    openai_base_url: str = "https://api.openai.com/v1"
    # Some OpenAI-compatible servers reject response_format json_schema; the prompt
    # carries the schema too, so turning this off still yields a parseable report.
    openai_json_schema: bool = True
    # Ollama: a preset of the OpenAI-compatible provider (no key; `ollama pull MODEL` first).
    ollama_model: str = "llama3.2"
    ollama_base_url: str = "http://localhost:11434/v1"
    llm_connect_timeout: float = Field(default=5.0, gt=0, le=120)
    llm_read_timeout: float = Field(default=45.0, gt=0, le=600)
    llm_temperature: float = Field(default=0.7, ge=0, le=2)  # questions
    # The report is a judgement: a low temperature keeps re-runs close to each other.
    llm_report_temperature: float = Field(default=0.2, ge=0, le=2)
    # Seconds one model call may take in all, retries and waits included.
    llm_call_deadline: float = Field(default=120.0, gt=0, le=3600)
    llm_max_attempts: int = Field(default=3, ge=1, le=3)  # the spec: at most 3 tries
    llm_retry_base_delay: float = Field(default=0.5, ge=0, le=30)
    llm_retry_max_delay: float = Field(default=8.0, ge=0, le=120)
    llm_retry_after_cap: float = Field(default=30.0, ge=0, le=600)
    llm_breaker_threshold: int = Field(default=3, ge=1, le=100)
    llm_breaker_cooldown: float = Field(default=30.0, ge=0, le=3600)

    @field_validator("llm_provider", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("llm_fallback", mode="before")
    @classmethod
    def _fallback_names(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        names = [n.strip().lower() for n in value.split(",") if n.strip()]
        unknown = [n for n in names if n not in LLM_PROVIDER_NAMES]
        if unknown:
            raise ValueError(
                f"LLM_FALLBACK: unknown provider(s) {', '.join(unknown)}; "
                f"use a comma list of {', '.join(LLM_PROVIDER_NAMES)}"
            )
        return ",".join(names)

    @field_validator(
        "gemini_base_url", "openrouter_base_url", "openai_base_url", "ollama_base_url", mode="before"
    )
    @classmethod
    def _strip_slash(cls, value: object) -> object:
        return value.strip().rstrip("/") if isinstance(value, str) else value

    @property
    def llm_fallback_chain(self) -> list[str]:
        """LLM_FALLBACK as a list, without duplicates or the primary provider."""
        chain: list[str] = []
        for name in self.llm_fallback.split(","):
            if name and name != self.llm_provider and name not in chain:
                chain.append(name)
        return chain

    @property
    def database_path(self) -> Path:
        return database_path(self.database_url)

    @property
    def console_database_path(self) -> Path:
        """The console's SQLite file: DATABASE_URL when it is set (environment or .env),
        otherwise one file in the user's data folder, so every folder finds the same
        interviews. The bots' default stays in the working folder (`database_path`)."""
        if "database_url" in self.model_fields_set:
            return self.database_path
        return user_data_dir() / DEFAULT_DB_FILE

    @property
    def console_database_description(self) -> str:
        """`console_database_path`, and why it is that one (for `doctor`)."""
        why = "DATABASE_URL" if "database_url" in self.model_fields_set else "your data folder"
        return f"{self.console_database_path} ({why}; `--db FILE` picks another)"

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


def user_data_dir() -> Path:
    """INTERVIEW_BOT_DATA_DIR, else the platform's per-user data folder (platformdirs:
    ~/.local/share/interview-bot on Linux, ~/Library/Application Support/interview-bot
    on macOS, %LOCALAPPDATA%\\interview-bot on Windows)."""
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def database_path(url: str) -> Path:
    """Accept sqlite:///rel.db, sqlite:////abs.db, or a bare path."""
    for prefix in ("sqlite+aiosqlite://", "sqlite://"):
        if url.startswith(prefix):
            rest = url[len(prefix) :]
            # sqlite:///x.db -> "/x.db" is relative "x.db"; sqlite:////abs -> "//abs" is "/abs"
            return Path(rest[1:]) if rest.startswith("/") else Path(rest)
    return Path(url)
