"""The interviewer over any chat-style model API: questions, vetting, the report.

Gemini and the OpenAI-style servers implement `_complete_once` (one request
in their wire format, one parsed reply); everything else is here, once:
retries within a total deadline, vetting each question (and asking once more,
then letting the offline interviewer write it), and the report, negotiated
down the structured-output formats, parsed leniently, repaired once, and
only then written by the offline coach, which says so.
"""

from __future__ import annotations

import asyncio
import logging
import re
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from typing import Any, TypeVar

import httpx

from interview_core import prompts_coaching as coaching
from interview_core.feedback import AnswerFeedback, FeedbackReport, fallback_source
from interview_core.models import (
    GeneratedQuestion,
    GeneratedText,
    InterviewContext,
    Role,
    TokenUsage,
    Turn,
)
from interview_core.prompts import (
    ChatPrompt,
    feedback_prompt,
    follow_up_prompt,
    opening_prompt,
    repair_prompt,
    with_retry_note,
)
from interview_core.providers.base import Provider
from interview_core.providers.http import (
    Completion,
    LLMError,
    RetryPolicy,
    with_retries,
)
from interview_core.providers.redaction import redact
from interview_core.providers.report_formats import (
    FormatMemory,
    FormatRefused,
    ReportFormat,
    is_format_refusal,
)
from interview_core.question_hygiene import vet_question
from interview_core.report_json import (
    FeedbackParseError,
    has_json_object,
    parse_feedback,
)
from interview_core.settings import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")

QUESTION_MAX_TOKENS = 1024
# A full report is 1,500-3,000 tokens; a small model that loops runs to the cap, so a
# higher cap only makes it loop longer (SmolLM2 on one CPU thread: 8192 took 5-7 minutes).
FEEDBACK_MAX_TOKENS = 4096
NOTE_MAX_TOKENS = 2048  # one answer's note is a few hundred tokens; room to think
PING_MAX_TOKENS = 16
DEFAULT_CALL_DEADLINE = 120.0
MIN_TOKEN_BUDGET = 1024
_TOKEN_LIMIT = re.compile(
    r"max_tokens|max_completion_tokens|maxOutputTokens|maximum context length|context window"
    r"|context length|n_ctx|too many tokens|exceeds? the (?:model'?s )?(?:context|limit)",
    re.I,
)


def is_token_limit_refusal(error: LLMError) -> bool:
    """A 400/422 saying our max_tokens does not fit the model's context."""
    return error.status in (400, 413, 422) and bool(_TOKEN_LIMIT.search(str(error)))

PING_PROMPT = ChatPrompt(
    "You are a health check. Reply with the single word OK.",
    (Turn(Role.CANDIDATE, "Reply with OK."),),
)


def call_options(settings: Settings, policy: RetryPolicy | None = None) -> dict[str, Any]:
    """What every chat provider takes from the settings: retries, temperatures, deadline."""
    return {
        "policy": policy or RetryPolicy.from_settings(settings),
        "temperature": settings.llm_temperature,
        "report_temperature": settings.llm_report_temperature,
        "call_deadline": settings.llm_call_deadline,
    }


def add_usage(a: TokenUsage | None, b: TokenUsage | None) -> TokenUsage | None:
    if a is None or b is None:
        return a or b
    return TokenUsage(a.prompt_tokens + b.prompt_tokens, a.completion_tokens + b.completion_tokens)


def _default_offline() -> Provider:
    from interview_core.providers.offline import OfflineProvider

    return OfflineProvider()


class ChatProvider(ABC):
    """A Provider over a chat-style HTTP API; subclasses speak one wire format."""

    name: str
    model: str
    wire = "openai"  # how report formats are named in logs (report_formats.WIRE_NAMES)

    def __init__(
        self,
        *,
        name: str,
        client: httpx.AsyncClient,
        policy: RetryPolicy | None = None,
        temperature: float = 0.7,
        report_temperature: float = 0.2,
        call_deadline: float = DEFAULT_CALL_DEADLINE,
        offline: Provider | None = None,
    ) -> None:
        self.name = name
        self.client = client
        self.policy = policy or RetryPolicy()
        self.temperature = temperature
        self.report_temperature = report_temperature
        self.call_deadline = call_deadline
        self._offline = offline
        self._formats: FormatMemory | None = None
        # This provider's own keys: a reply that quotes one (a hostile or broken server)
        # must not carry it into a chat, so replies are masked with them too.
        self.secrets: list[str] = []
        self.max_tokens_cap: int | None = None  # learned from a server that refused more

    @property
    def offline(self) -> Provider:
        """The deterministic engine that writes what the model could not."""
        if self._offline is None:
            self._offline = _default_offline()
        return self._offline

    @property
    def formats(self) -> FormatMemory:
        """What this server takes for the report (one provider, one model: one memory)."""
        if self._formats is None:
            self._formats = FormatMemory(self.name, getattr(self, "model", ""), self.wire)
        return self._formats

    @abstractmethod
    def request_body(
        self, prompt: ChatPrompt, *, report_format: ReportFormat | None, max_tokens: int
    ) -> dict[str, Any]:
        """The wire request; `report_format` None for a question, else the report's format."""

    @abstractmethod
    async def _complete_once(
        self, prompt: ChatPrompt, *, report_format: ReportFormat | None, max_tokens: int
    ) -> Completion:
        """One HTTP request; raise LLMError for anything but a parsed reply."""

    def temperature_for(self, report_format: ReportFormat | None) -> float:
        return self.temperature if report_format is None else self.report_temperature

    async def complete(
        self,
        prompt: ChatPrompt,
        *,
        report_format: ReportFormat | None = None,
        max_tokens: int = QUESTION_MAX_TOKENS,
        policy: RetryPolicy | None = None,
    ) -> Completion:
        async def attempt() -> Completion:
            budget = min(max_tokens, self.max_tokens_cap or max_tokens)
            while True:
                try:
                    return await self._complete_once(
                        prompt, report_format=report_format, max_tokens=budget
                    )
                except LLMError as exc:
                    if budget <= MIN_TOKEN_BUDGET or not is_token_limit_refusal(exc):
                        raise
                    # A server with a small context (vLLM's max_model_len, llama.cpp's
                    # n_ctx) refuses our budget outright: ask for less, and remember it.
                    budget = max(MIN_TOKEN_BUDGET, budget // 2)
                    self.max_tokens_cap = budget
                    log.info("%s: the server refused the token budget; now %d", self.name, budget)

        async def guarded() -> Completion:
            try:
                return await attempt()
            except LLMError as exc:
                if report_format in ("schema", "json") and is_format_refusal(exc):
                    # Asking again in the same format gets the same "no": step down now.
                    raise FormatRefused(
                        str(exc), provider=self.name, kind="bad_request", status=exc.status
                    ) from None
                raise
            except Exception as exc:
                # A reply of a shape nobody foresaw must not escape as a KeyError or
                # TypeError: it is a bad response like any other. (CancelledError is
                # not an Exception, so cancellation still propagates untouched.)
                log.debug("%s: unexpected reply", self.name, exc_info=True)
                raise LLMError(
                    f"{self.name}: unexpected reply ({type(exc).__name__})",
                    provider=self.name,
                    kind="bad_response",
                ) from None

        try:
            # Each try is bounded by the client's timeouts; this bounds them all,
            # with the waits between them, so one call cannot hold a turn for minutes.
            async with asyncio.timeout(self.call_deadline):
                return await with_retries(guarded, policy or self.policy, self.name)
        except TimeoutError:
            raise LLMError(
                f"{self.name}: no reply within the call deadline of {self.call_deadline:g}s "
                "(LLM_CALL_DEADLINE)",
                provider=self.name,
                kind="timeout",
            ) from None

    async def ping(self) -> Completion:
        """One tiny call, no retries: does the key, model and URL work?"""
        return await self.complete(
            PING_PROMPT, max_tokens=PING_MAX_TOKENS, policy=replace(self.policy, max_attempts=1)
        )

    # --- questions ------------------------------------------------------------------

    async def opening_question(self, ctx: InterviewContext) -> GeneratedQuestion:
        return await self._question(ctx, opening_prompt(ctx), opening=True)

    async def follow_up_question(self, ctx: InterviewContext) -> GeneratedQuestion:
        return await self._question(ctx, follow_up_prompt(ctx), opening=False)

    async def _question(
        self, ctx: InterviewContext, prompt: ChatPrompt, *, opening: bool
    ) -> GeneratedQuestion:
        usage: TokenUsage | None = None
        for attempt in (1, 2):  # an unusable reply is asked for once more, no more
            completion = await self.complete(prompt)
            usage = add_usage(usage, completion.usage)
            text, problem = self._usable_question(completion, ctx)
            if not problem:
                return GeneratedQuestion(text=text, provider=self.name, usage=usage)
            log.info("%s: unusable question (try %d): %s", self.name, attempt, problem)
            prompt = with_retry_note(prompt, problem)
        # The model answers but keeps missing: the offline interviewer asks instead,
        # and the question is recorded as the offline interviewer's.
        log.warning("%s: no usable question after 2 replies; the offline one is used", self.name)
        stand_in = self.offline
        question = await (
            stand_in.opening_question(ctx) if opening else stand_in.follow_up_question(ctx)
        )
        # Usage stays: those tokens were spent (and billed) on this question.
        return replace(question, provider=question.provider or stand_in.name, usage=usage)

    def _usable_question(self, completion: Completion, ctx: InterviewContext) -> tuple[str, str]:
        if completion.finish == "blocked":
            return "", f"the reply was blocked ({completion.detail or 'safety'})"
        if completion.finish == "truncated":
            return "", "the reply was cut off at the token limit"
        if not completion.text.strip():
            return "", "the reply was empty"
        return vet_question(redact(completion.text, self.secrets), ctx)

    # --- the report -----------------------------------------------------------------

    async def feedback(self, ctx: InterviewContext) -> FeedbackReport:
        prompt = feedback_prompt(ctx)
        usage: TokenUsage | None = None
        completion, fmt = None, None
        for fmt in self.formats.to_try():
            try:
                completion = await self.complete(
                    prompt, report_format=fmt, max_tokens=FEEDBACK_MAX_TOKENS
                )
            except FormatRefused as exc:
                self.formats.refused(fmt, exc)
                continue
            usage = add_usage(usage, completion.usage)
            if fmt != "plain" and completion.finish == "stop" and not has_json_object(completion.text):
                # The server took the field and ignored it: prose. Try the next format.
                log.info("%s: the reply ignored the %s format", self.name, self.formats.name(fmt))
                continue
            break
        assert completion is not None and fmt is not None  # "plain" is never refused
        for attempt in (1, 2):  # the reply, then one repair attempt
            try:
                report = self._report(completion, ctx)
            except FeedbackParseError as exc:
                log.info("%s: invalid report (try %d): %s", self.name, attempt, exc)
                if attempt == 2:
                    break
                prompt = repair_prompt(prompt, completion.text, str(exc))
                try:
                    completion = await self.complete(
                        prompt, report_format=fmt, max_tokens=FEEDBACK_MAX_TOKENS
                    )
                except LLMError as failed:
                    # The model answered once, unusably; a repair that times out (or
                    # fails) must not cost the user a labelled report.
                    log.info("%s: the repair attempt failed: %s", self.name, failed)
                    break
                usage = add_usage(usage, completion.usage)
                continue
            self.formats.succeeded(fmt)
            return report.model_copy(update={"usage": usage})
        # Still invalid: the offline analysis, labelled so nobody mistakes it for the model's.
        log.warning("%s: no valid report after a repair attempt; using offline", self.name)
        offline = await self.offline.feedback(ctx)
        return offline.model_copy(
            update={"source": fallback_source(offline.source, [self.name]), "usage": usage}
        )

    def _report(self, completion: Completion, ctx: InterviewContext) -> FeedbackReport:
        if completion.finish == "blocked":
            raise FeedbackParseError(f"the reply was blocked ({completion.detail or 'safety'})")
        if completion.finish == "empty":
            raise FeedbackParseError("the reply was empty")
        try:
            return parse_feedback(redact(completion.text, self.secrets), ctx, source=self.name)
        except FeedbackParseError as exc:
            if completion.finish == "truncated":
                raise FeedbackParseError(f"cut off at the token limit: {exc}") from None
            raise

    # --- practice mode and questions about the report ------------------------------
    async def answer_feedback(self, ctx: InterviewContext) -> AnswerFeedback:
        """One answer's note as JSON (JSON mode unless the server refuses it); an unusable
        reply is asked for once more, then the offline coach writes it, labelled so."""
        fmt: ReportFormat = "json" if "json" in self.formats.to_try() else "plain"
        result, usage = await self._two_tries(
            coaching.answer_feedback_prompt(ctx), lambda p: self._coaching_call(p, fmt),
            lambda c, text: coaching.read_answer_feedback(text, c.finish, ctx, self.name),
            lambda p, c, problem: coaching.answer_feedback_repair(p, c.text, problem))
        if result is not None:
            return result.model_copy(update={"usage": usage})
        offline = await self.offline.answer_feedback(ctx)
        return offline.model_copy(
            update={"source": fallback_source(offline.source, [self.name]), "usage": usage})

    async def _coaching_call(self, prompt: ChatPrompt, fmt: ReportFormat) -> Completion:
        try:  # a JSON-mode call that steps down to plain text if the server refuses it
            return await self.complete(prompt, report_format=fmt, max_tokens=NOTE_MAX_TOKENS)
        except FormatRefused as exc:  # the server will not do JSON mode: ask in plain text
            self.formats.refused(fmt, exc)
            return await self.complete(prompt, report_format="plain", max_tokens=NOTE_MAX_TOKENS)

    async def report_question(
        self, ctx: InterviewContext, report: FeedbackReport, question: str,
        earlier: Sequence[tuple[str, str]] = (),
    ) -> GeneratedText:
        """The model's answer about the report, in plain text; an empty or blocked reply is
        asked for once more, then the offline coach answers (and is named as the writer)."""
        text, usage = await self._two_tries(
            coaching.report_question_prompt(ctx, report, question, earlier), self.complete,
            lambda c, text: coaching.read_report_answer(text, c.finish, c.detail),
            lambda p, _, problem: coaching.report_question_retry(p, problem))
        if text is not None:
            return GeneratedText(text=text, provider=self.name, usage=usage)
        answer = await self.offline.report_question(ctx, report, question, earlier)
        return replace(answer, provider=answer.provider or self.offline.name, usage=usage)

    async def _two_tries(
        self, prompt: ChatPrompt, call: Callable[[ChatPrompt], Awaitable[Completion]],
        read: Callable[[Completion, str], tuple[T | None, str]],
        again: Callable[[ChatPrompt, Completion, str], ChatPrompt],
    ) -> tuple[T | None, TokenUsage | None]:
        """A reply (keys masked), and one more if it is unusable; None if neither is. No reply
        at all on try 1 is the chain's to handle; on try 2, the offline stand-in's."""
        usage: TokenUsage | None = None
        for attempt in (1, 2):
            try:
                completion = await call(prompt)
            except LLMError as failed:
                if attempt == 1:
                    raise
                log.info("%s: the second try failed: %s", self.name, failed)
                break
            usage = add_usage(usage, completion.usage)
            result, problem = read(completion, redact(completion.text, self.secrets))
            if result is not None:
                return result, usage
            log.info("%s: unusable reply (try %d): %s", self.name, attempt, problem)
            prompt = again(prompt, completion, problem)
        log.warning("%s: no usable reply after a retry; the offline coach answers", self.name)
        return None, usage

    async def aclose(self) -> None:  # noqa: B027 - deliberately a no-op hook
        """The client is shared and owned by whoever made it; nothing to close here."""
