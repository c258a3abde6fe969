"""A chain of engines that is itself a Provider, with a circuit breaker per engine.

The first engine that answers wins. One that has failed `threshold` calls in
a row is skipped for `cooldown` seconds (then given one trial call), so an
outage costs each interview turn nothing but a fast skip instead of three
slow, doomed tries. When every engine fails, ProviderError reaches the
service, which keeps the saved answer and lets the user retry.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import httpx

from interview_core.feedback import AnswerFeedback, FeedbackReport, fallback_source
from interview_core.models import GeneratedQuestion, GeneratedText, InterviewContext
from interview_core.providers.base import Provider, ProviderError

log = logging.getLogger(__name__)

Method = Literal[
    "opening_question", "follow_up_question", "feedback", "answer_feedback", "report_question"
]


@dataclass(slots=True)
class CircuitBreaker:
    threshold: int = 3
    cooldown: float = 30.0
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    opened_at: float | None = None
    open_for: float = 0.0
    trial_running: bool = False  # half-open: one call is finding out whether it recovered

    @property
    def state(self) -> Literal["closed", "open", "half-open"]:
        if self.opened_at is None:
            return "closed"
        return "half-open" if self.remaining() <= 0 else "open"

    def remaining(self) -> float:
        if self.opened_at is None:
            return 0.0
        return max(0.0, self.opened_at + self.open_for - self.clock())

    def allows(self) -> bool:
        """May a call go through now? In half-open, only one call (the trial) may.

        A True in half-open claims the trial: the caller must then record a
        success or failure, or `release()` it if the call was cancelled.
        Concurrent interviews keep skipping the engine until the trial ends.
        """
        state = self.state
        if state == "closed":
            return True
        if state == "open" or self.trial_running:
            return False
        self.trial_running = True
        return True

    def release(self) -> None:
        """The trial ended without an answer either way (cancelled): let another try."""
        self.trial_running = False

    def record_success(self) -> None:
        self.failures = 0
        self.opened_at = None
        self.trial_running = False

    def record_failure(self, error: BaseException) -> None:
        self.failures += 1
        kind = getattr(error, "kind", None)
        try:
            retry_after = max(0.0, float(getattr(error, "retry_after", None) or 0))
        except (TypeError, ValueError):
            retry_after = 0.0
        trial = self.trial_running
        self.trial_running = False
        # A failed trial re-opens at once, whatever opened the circuit. A rejected
        # key will not heal by itself, and a server that asks for a longer wait than
        # our cool-down has told us how long to stay away.
        if (
            trial
            or self.failures >= self.threshold
            or kind == "auth"
            or retry_after > self.cooldown
        ):
            self.opened_at = self.clock()
            self.open_for = max(self.cooldown, retry_after)


class FallbackProvider:
    """Tries each engine in order; itself a Provider."""

    def __init__(
        self,
        providers: Sequence[Provider],
        *,
        threshold: int = 3,
        cooldown: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        owned_client: httpx.AsyncClient | None = None,
    ) -> None:
        if not providers:
            raise ValueError("a fallback chain needs at least one provider")
        self.providers = list(providers)
        self.name = ">".join(p.name for p in self.providers)
        self.breakers = {
            p.name: CircuitBreaker(threshold=threshold, cooldown=cooldown, clock=clock)
            for p in self.providers
        }
        self._owned_client = owned_client

    async def opening_question(self, ctx: InterviewContext) -> GeneratedQuestion:
        result, engine, _ = await self._run("opening_question", ctx)
        assert isinstance(result, GeneratedQuestion)
        return result if result.provider else replace(result, provider=engine.name)

    async def follow_up_question(self, ctx: InterviewContext) -> GeneratedQuestion:
        result, engine, _ = await self._run("follow_up_question", ctx)
        assert isinstance(result, GeneratedQuestion)
        return result if result.provider else replace(result, provider=engine.name)

    async def feedback(self, ctx: InterviewContext) -> FeedbackReport:
        result, _, failed = await self._run("feedback", ctx)
        assert isinstance(result, FeedbackReport)
        if failed:
            return result.model_copy(update={"source": fallback_source(result.source, failed)})
        return result

    async def answer_feedback(self, ctx: InterviewContext) -> AnswerFeedback:
        result, _, failed = await self._run("answer_feedback", ctx)
        assert isinstance(result, AnswerFeedback)
        if failed:
            return result.model_copy(update={"source": fallback_source(result.source, failed)})
        return result

    async def report_question(
        self, ctx: InterviewContext, report: FeedbackReport, question: str,
        earlier: Sequence[tuple[str, str]] = (),
    ) -> GeneratedText:
        # The engine that answered is named on the answer, as on a question.
        result, engine, _ = await self._run("report_question", ctx, report, question, earlier)
        assert isinstance(result, GeneratedText)
        return result if result.provider else replace(result, provider=engine.name)

    async def _run(
        self, method: Method, ctx: InterviewContext, *args: object
    ) -> tuple[GeneratedQuestion | FeedbackReport | AnswerFeedback, Provider, list[str]]:
        failed: list[str] = []
        reasons: list[str] = []
        for engine in self.providers:
            breaker = self.breakers[engine.name]
            if not breaker.allows():
                failed.append(engine.name)
                reasons.append(
                    f"{engine.name} skipped for {breaker.remaining():.0f}s more"
                    if breaker.state == "open"
                    else f"{engine.name} skipped while a trial call is under way"
                )
                continue
            try:
                result = await getattr(engine, method)(ctx, *args)
            except ProviderError as exc:
                breaker.record_failure(exc)
                log.warning("%s failed for %s: %s", engine.name, method, exc)
                failed.append(engine.name)
                reasons.append(
                    str(exc) if str(exc).startswith(engine.name) else f"{engine.name}: {exc}"
                )
                continue
            except Exception as exc:  # a bug or an unexpected reply must not lose the turn
                breaker.record_failure(exc)
                # A one-line warning on screen; the traceback only when debugging.
                log.warning("%s raised unexpectedly for %s: %r", engine.name, method, exc)
                log.debug("traceback", exc_info=True)
                failed.append(engine.name)
                reasons.append(f"{engine.name}: unexpected {type(exc).__name__}")
                continue
            except BaseException:
                # Cancelled (or the process is exiting): no verdict on the engine, but a
                # half-open trial must not stay claimed forever. Propagates untouched.
                breaker.release()
                raise
            breaker.record_success()
            if failed:
                log.info("%s answered %s after: %s", engine.name, method, "; ".join(reasons))
            return result, engine, failed
        raise ProviderError(
            "no interviewer engine could answer: " + "; ".join(reasons),
            provider=self.name,
            retryable=True,
        )

    def status(self) -> dict[str, str]:
        """Each engine's breaker state, for logs and `doctor`."""
        return {name: breaker.state for name, breaker in self.breakers.items()}

    async def aclose(self) -> None:
        if self._owned_client is not None:
            await self._owned_client.aclose()
