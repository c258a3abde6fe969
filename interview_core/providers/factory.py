"""Builds the configured interviewer engine from settings.

LLM_PROVIDER=offline (the default) is the deterministic engine alone. Any
other provider comes wrapped in a FallbackProvider: the provider first, then
LLM_FALLBACK in order, each behind a circuit breaker, all on one HTTP client.
"""

from __future__ import annotations

import httpx

from interview_core.providers.base import Provider
from interview_core.settings import Settings


class ProviderConfigError(ValueError):
    """The settings cannot make a working provider (e.g. a missing API key)."""


def missing_settings(settings: Settings, name: str) -> list[str]:
    """Environment variables `name` needs that are unset or empty."""
    from interview_core.providers.openai_compat import openai_key_required

    def unset(secret: object) -> bool:
        return secret is None or not secret.get_secret_value().strip()  # type: ignore[attr-defined]

    if name == "gemini" and unset(settings.gemini_api_key):
        return ["GEMINI_API_KEY"]
    if name == "openrouter" and unset(settings.openrouter_api_key):
        return ["OPENROUTER_API_KEY"]
    if (
        name == "openai"
        and openai_key_required(settings.openai_base_url)
        and unset(settings.openai_api_key)
    ):
        return ["OPENAI_API_KEY"]
    return []


def provider_names(settings: Settings) -> list[str]:
    """The chain in order: LLM_PROVIDER, then LLM_FALLBACK without repeats."""
    if settings.llm_provider == "offline":
        return ["offline"]
    return [settings.llm_provider, *settings.llm_fallback_chain]


def build_named_provider(
    name: str,
    settings: Settings,
    client: httpx.AsyncClient,
    *,
    offline: Provider | None = None,
) -> Provider:
    """One engine by name, without the fallback wrapper (doctor checks them one by one)."""
    from interview_core.providers.gemini import GeminiProvider
    from interview_core.providers.openai_compat import OpenAICompatProvider

    missing = missing_settings(settings, name)
    if missing:
        raise ProviderConfigError(
            f"{name} is configured (LLM_PROVIDER/LLM_FALLBACK) but {', '.join(missing)} "
            "is not set: add it to .env or the environment"
        )
    if name == "offline":
        return offline or _offline()
    if name == "gemini":
        return GeminiProvider.from_settings(settings, client, offline=offline)
    if name == "openrouter":
        return OpenAICompatProvider.openrouter(settings, client, offline=offline)
    if name == "openai":
        return OpenAICompatProvider.openai(settings, client, offline=offline)
    if name == "ollama":
        return OpenAICompatProvider.ollama(settings, client, offline=offline)
    raise ProviderConfigError(f"unknown provider {name!r}")


def build_provider(settings: Settings, http_client: httpx.AsyncClient | None = None) -> Provider:
    """The engine the service talks to.

    Raises ProviderConfigError (naming the missing variable) at start-up rather
    than failing on the first question. Pass `http_client` to share a pool;
    otherwise one is made and closed by the returned provider's `aclose()`.
    """
    if settings.llm_provider == "offline":
        return _offline()

    from interview_core.providers.fallback import FallbackProvider
    from interview_core.providers.http import make_http_client

    names = provider_names(settings)
    for name in names:  # check every key before opening any connection
        missing = missing_settings(settings, name)
        if missing:
            raise ProviderConfigError(
                f"LLM_PROVIDER={settings.llm_provider} with LLM_FALLBACK={settings.llm_fallback!r} "
                f"needs {', '.join(missing)}: add it to .env or the environment"
            )
    offline = _offline()  # one instance: chain member and content stand-in alike
    client = http_client or make_http_client(settings)
    engines = [build_named_provider(n, settings, client, offline=offline) for n in names]
    return FallbackProvider(
        engines,
        threshold=settings.llm_breaker_threshold,
        cooldown=settings.llm_breaker_cooldown,
        owned_client=None if http_client is not None else client,
    )


def _offline() -> Provider:
    from interview_core.providers.offline import OfflineProvider

    return OfflineProvider()
