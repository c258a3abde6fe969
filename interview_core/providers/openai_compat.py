"""OpenRouter, Ollama and any OpenAI-compatible chat-completions server (OpenAI, vLLM, ...).

One class, two configurations: OpenRouter adds its attribution headers and
always needs a key; a generic server (OPENAI_BASE_URL=http://localhost:11434/v1
for Ollama) may need none.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx

from interview_core.models import Role, TokenUsage
from interview_core.prompts import ChatPrompt
from interview_core.providers.base import Provider
from interview_core.providers.chat import ChatProvider, call_options
from interview_core.providers.http import (
    Completion,
    LLMError,
    RetryPolicy,
    count,
    error_from_body,
    post_json,
)
from interview_core.providers.report_formats import ReportFormat
from interview_core.report_json import FEEDBACK_JSON_SCHEMA
from interview_core.settings import Settings

OPENROUTER_BASE_URL = "https://openrouter.ai/api/v1"
OPENAI_BASE_URL = "https://api.openai.com/v1"


def openai_key_required(base_url: str) -> bool:
    """OpenAI's own API needs a key; a local or self-hosted server usually does not."""
    return (urlsplit(base_url).hostname or "").endswith("api.openai.com")


def _text_of(content: Any) -> str:
    # content is usually a string, but some servers send a list of typed parts.
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(
            part["text"]
            for part in content
            if isinstance(part, dict)
            and isinstance(part.get("text"), str)
            # Reasoning parts are the model thinking aloud, not the reply.
            and part.get("type") not in ("reasoning", "thinking")
        )
    return ""


def parse_chat_completion(body: dict[str, Any], provider: str) -> Completion:
    raw_usage = body.get("usage")
    usage = None
    if isinstance(raw_usage, dict):
        usage = TokenUsage(
            prompt_tokens=count(raw_usage.get("prompt_tokens")),
            completion_tokens=count(raw_usage.get("completion_tokens")),
        )
    choices = body.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        return Completion("", "empty", usage, "no choices")
    choice = choices[0]
    if isinstance(choice.get("error"), dict):
        # OpenRouter reports an upstream failure mid-generation inside the choice.
        raise error_from_body({"error": choice["error"]}, provider)
    message = choice.get("message") if isinstance(choice.get("message"), dict) else {}
    text = _text_of(message.get("content"))
    finish = str(choice.get("finish_reason") or "")
    if finish == "error":
        raise LLMError(f"{provider}: generation error", provider=provider, kind="server")
    if finish == "content_filter" or (message.get("refusal") and not text.strip()):
        return Completion(text, "blocked", usage, finish or "refusal")
    if finish == "length":
        return Completion(text, "truncated", usage, finish)
    return Completion(text, "stop" if text.strip() else "empty", usage, finish)


class OpenAICompatProvider(ChatProvider):
    def __init__(
        self,
        *,
        name: str,
        base_url: str,
        model: str,
        client: httpx.AsyncClient,
        api_key: str | None = None,
        extra_headers: dict[str, str] | None = None,
        json_schema: bool = True,
        policy: RetryPolicy | None = None,
        temperature: float = 0.7,
        report_temperature: float = 0.2,
        call_deadline: float = 120.0,
        offline: Provider | None = None,
    ) -> None:
        super().__init__(
            name=name,
            client=client,
            policy=policy,
            temperature=temperature,
            report_temperature=report_temperature,
            call_deadline=call_deadline,
            offline=offline,
        )
        self.base_url = base_url.rstrip("/")
        self.model = model
        if not json_schema:
            # OPENAI_JSON_SCHEMA=false: known not to take it, so never ask.
            self.formats.start = 1
        self._headers = dict(extra_headers or {})
        # A key pasted with a trailing newline or spaces would be an illegal header.
        api_key = (api_key or "").strip()
        if api_key:
            self._headers["Authorization"] = f"Bearer {api_key}"
            self.secrets = [api_key]

    @classmethod
    def openrouter(
        cls,
        settings: Settings,
        client: httpx.AsyncClient,
        *,
        policy: RetryPolicy | None = None,
        offline: Provider | None = None,
    ) -> OpenAICompatProvider:
        key = settings.openrouter_api_key.get_secret_value() if settings.openrouter_api_key else ""
        key = key.strip()
        if not key:
            raise ValueError("OPENROUTER_API_KEY is empty")
        return cls(
            name="openrouter",
            base_url=settings.openrouter_base_url,
            model=settings.openrouter_model,
            client=client,
            api_key=key,
            # OpenRouter's attribution headers: who is calling, shown on its dashboards.
            extra_headers={
                "HTTP-Referer": settings.openrouter_site_url,
                "X-Title": settings.openrouter_app_name,
            },
            offline=offline,
            **call_options(settings, policy),
        )

    @classmethod
    def openai(
        cls,
        settings: Settings,
        client: httpx.AsyncClient,
        *,
        policy: RetryPolicy | None = None,
        offline: Provider | None = None,
    ) -> OpenAICompatProvider:
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        return cls(
            name="openai",
            base_url=settings.openai_base_url,
            model=settings.openai_model,
            client=client,
            api_key=key or None,
            json_schema=settings.openai_json_schema,
            offline=offline,
            **call_options(settings, policy),
        )

    @classmethod
    def ollama(
        cls,
        settings: Settings,
        client: httpx.AsyncClient,
        *,
        policy: RetryPolicy | None = None,
        offline: Provider | None = None,
    ) -> OpenAICompatProvider:
        """LLM_PROVIDER=ollama: Ollama's OpenAI-compatible API on this machine, no key."""
        return cls(
            name="ollama",
            base_url=settings.ollama_base_url,
            model=settings.ollama_model,
            client=client,
            offline=offline,
            **call_options(settings, policy),
        )

    @property
    def url(self) -> str:
        return f"{self.base_url}/chat/completions"

    def request_body(
        self, prompt: ChatPrompt, *, report_format: ReportFormat | None, max_tokens: int
    ) -> dict[str, Any]:
        messages = [{"role": "system", "content": prompt.system}] + [
            {
                "role": "assistant" if turn.role is Role.INTERVIEWER else "user",
                "content": turn.text,
            }
            for turn in prompt.turns
        ]
        body: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "temperature": self.temperature_for(report_format),
            "max_tokens": max_tokens,
        }
        if report_format == "json":
            body["response_format"] = {"type": "json_object"}
        elif report_format == "schema":
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {
                    "name": "feedback_report",
                    "strict": True,
                    "schema": FEEDBACK_JSON_SCHEMA,
                },
            }
        return body

    async def _complete_once(
        self, prompt: ChatPrompt, *, report_format: ReportFormat | None, max_tokens: int
    ) -> Completion:
        body = await post_json(
            self.client,
            self.url,
            headers=self._headers,
            payload=self.request_body(prompt, report_format=report_format, max_tokens=max_tokens),
            provider=self.name,
        )
        return parse_chat_completion(body, self.name)

    def __repr__(self) -> str:  # never the key
        return (
            f"OpenAICompatProvider(name={self.name!r}, model={self.model!r}, "
            f"base_url={self.base_url!r})"
        )
