"""Google Gemini over its REST API (generateContent).

The key travels in the x-goog-api-key header, never in the URL, so it cannot
leak through access logs, proxies or exception messages that print URLs.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

from interview_core.models import Role, TokenUsage
from interview_core.prompts import ChatPrompt, merge_turns
from interview_core.providers.base import Provider
from interview_core.providers.chat import ChatProvider, call_options
from interview_core.providers.http import Completion, RetryPolicy, count, post_json
from interview_core.providers.report_formats import ReportFormat
from interview_core.report_json import FEEDBACK_JSON_SCHEMA
from interview_core.settings import Settings

DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com"
DEFAULT_MODEL = "gemini-2.5-flash"

# Every finishReason other than these means Google withheld the text
# (SAFETY, RECITATION, BLOCKLIST, PROHIBITED_CONTENT, SPII, LANGUAGE, OTHER, ...).
_NORMAL_FINISH = {"STOP", "FINISH_REASON_UNSPECIFIED", ""}


def to_gemini_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """JSON Schema -> Gemini's OpenAPI-subset `responseSchema` (upper-case types, ordering)."""
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "type":
            out["type"] = str(value).upper()
        elif key == "properties":
            out["properties"] = {name: to_gemini_schema(sub) for name, sub in value.items()}
            # Gemini otherwise orders keys alphabetically, which reads worse and
            # makes the model write the summary after the details.
            out["propertyOrdering"] = list(value)
        elif key == "items":
            out["items"] = to_gemini_schema(value)
        elif key in ("required", "enum", "description"):
            out[key] = value
        # additionalProperties and the rest are outside Gemini's subset: dropped.
    return out


GEMINI_FEEDBACK_SCHEMA = to_gemini_schema(FEEDBACK_JSON_SCHEMA)


def parse_generate_content(body: dict[str, Any]) -> Completion:
    """A generateContent reply -> text plus why it ended (blocked, truncated, empty)."""
    meta = body.get("usageMetadata") or {}
    usage = None
    if isinstance(meta, dict) and meta:
        # Thinking tokens are billed as output, so they count as completion tokens.
        usage = TokenUsage(
            prompt_tokens=count(meta.get("promptTokenCount")),
            completion_tokens=count(meta.get("candidatesTokenCount"))
            + count(meta.get("thoughtsTokenCount")),
        )
    prompt_feedback = body.get("promptFeedback") or {}
    if isinstance(prompt_feedback, dict) and prompt_feedback.get("blockReason"):
        return Completion("", "blocked", usage, f"prompt blocked: {prompt_feedback['blockReason']}")
    candidates = body.get("candidates") or []
    if not isinstance(candidates, list) or not candidates or not isinstance(candidates[0], dict):
        return Completion("", "empty", usage, "no candidates")
    candidate = candidates[0]
    content = candidate.get("content")
    parts = content.get("parts") if isinstance(content, dict) else None
    text = "".join(
        part["text"]
        for part in (parts if isinstance(parts, list) else [])
        # Text parts only (a null text is no text), and no thought summaries.
        if isinstance(part, dict) and isinstance(part.get("text"), str) and not part.get("thought")
    )
    reason = str(candidate.get("finishReason") or "")
    if reason == "MAX_TOKENS":
        return Completion(text, "truncated", usage, reason)
    if reason not in _NORMAL_FINISH:
        return Completion(text, "blocked", usage, reason)
    return Completion(text, "stop" if text.strip() else "empty", usage, reason)


class GeminiProvider(ChatProvider):
    wire = "gemini"

    def __init__(
        self,
        *,
        api_key: str,
        client: httpx.AsyncClient,
        model: str = DEFAULT_MODEL,
        base_url: str = DEFAULT_BASE_URL,
        policy: RetryPolicy | None = None,
        temperature: float = 0.7,
        report_temperature: float = 0.2,
        call_deadline: float = 120.0,
        thinking_budget: int | None = 0,
        offline: Provider | None = None,
        name: str = "gemini",
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
        # A key pasted with a trailing newline or spaces would be an illegal header.
        api_key = (api_key or "").strip()
        if not api_key:
            raise ValueError("GEMINI_API_KEY is empty")
        self.model = model.removeprefix("models/")
        # Tolerate a base URL copied with its API version on the end.
        self.base_url = base_url.rstrip("/").removesuffix("/v1beta")
        self.thinking_budget = thinking_budget
        self._api_key = api_key
        self.secrets = [api_key]

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        client: httpx.AsyncClient,
        *,
        policy: RetryPolicy | None = None,
        offline: Provider | None = None,
    ) -> GeminiProvider:
        key = settings.gemini_api_key.get_secret_value() if settings.gemini_api_key else ""
        return cls(
            api_key=key,
            client=client,
            model=settings.gemini_model,
            base_url=settings.gemini_base_url,
            **call_options(settings, policy),
            thinking_budget=settings.gemini_thinking_budget,
            offline=offline,
        )

    @property
    def _sends_thinking_budget(self) -> bool:
        # Budget 0 (no thinking: fast, cheap questions) is only valid on 2.5 Flash
        # models; older models reject thinkingConfig and Pro models cannot turn
        # thinking off, so the default is sent only where it works.
        if self.thinking_budget is None:
            return False
        if self.thinking_budget != 0:
            return True
        return "2.5-flash" in self.model

    @property
    def url(self) -> str:
        return f"{self.base_url}/v1beta/models/{quote(self.model, safe='-._')}:generateContent"

    def request_body(
        self, prompt: ChatPrompt, *, report_format: ReportFormat | None, max_tokens: int
    ) -> dict[str, Any]:
        config: dict[str, Any] = {
            "temperature": self.temperature_for(report_format),
            "maxOutputTokens": max_tokens,
            "candidateCount": 1,
        }
        if self._sends_thinking_budget:
            config["thinkingConfig"] = {"thinkingBudget": self.thinking_budget}
        if report_format in ("schema", "json"):
            config["responseMimeType"] = "application/json"
        if report_format == "schema":
            config["responseSchema"] = GEMINI_FEEDBACK_SCHEMA
        return {
            "systemInstruction": {"parts": [{"text": prompt.system}]},
            "contents": [
                {
                    "role": "model" if turn.role is Role.INTERVIEWER else "user",
                    "parts": [{"text": turn.text}],
                }
                # Gemini rejects two turns of one role in a row; prompts never make
                # them, and merging here keeps it so for any prompt.
                for turn in merge_turns(prompt.turns)
            ],
            "generationConfig": config,
        }

    async def _complete_once(
        self, prompt: ChatPrompt, *, report_format: ReportFormat | None, max_tokens: int
    ) -> Completion:
        body = await post_json(
            self.client,
            self.url,
            headers={"x-goog-api-key": self._api_key},
            payload=self.request_body(prompt, report_format=report_format, max_tokens=max_tokens),
            provider=self.name,
        )
        return parse_generate_content(body)

    def __repr__(self) -> str:  # never the key
        return f"GeminiProvider(model={self.model!r}, base_url={self.base_url!r})"
