"""The fault matrix: every way a real API fails, over real sockets, for every provider.

In each case the interview either goes on (a retry, the fallback chain, the
offline stand-in) or pauses cleanly with a ProviderError the service turns
into "your answer is saved: retry". Backoff sleeps are recorded instead of
slept where the test asserts their length, so the suite stays fast.
"""

from __future__ import annotations

import email.utils
import socket
from collections.abc import AsyncIterator

import httpx
import pytest

from interview_core.feedback import FeedbackReport
from interview_core.models import GeneratedQuestion, InterviewContext, Role, TokenUsage, Turn
from interview_core.providers.base import ProviderError
from interview_core.providers.factory import build_provider
from interview_core.providers.fallback import CircuitBreaker, FallbackProvider
from interview_core.providers.gemini import GeminiProvider
from interview_core.feedback import fallback_source
from interview_core.providers.chat import PING_PROMPT, ChatProvider
from interview_core.providers.http import (
    LLMError,
    RetryPolicy,
    classify_status,
    make_http_client,
    parse_retry_after,
)
from interview_core.providers.offline import OfflineProvider
from interview_core.providers.openai_compat import OpenAICompatProvider
from interview_core.settings import Settings
from tests.llm_servers import FakeLLMServer, Step, default_report

KINDS = ["gemini", "openrouter", "openai"]
BASE = 0.1  # backoff base delay used where sleeps are only recorded


class Sleeps:
    """A stand-in for asyncio.sleep that records the delays asked for."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def context(answered: int = 0, total: int = 8) -> InterviewContext:
    history: list[Turn] = []
    for i in range(1, answered + 1):
        history += [
            Turn(Role.INTERVIEWER, f"Question text {i}?"),
            Turn(Role.CANDIDATE, f"Answer text {i}."),
        ]
    return InterviewContext(
        "Platform Engineer",
        "Globex",
        "Python, AWS.",
        "Python, SQL.",
        tuple(history),
        answered + 1,
        total,
    )


@pytest.fixture(params=KINDS)
async def server(request: pytest.FixtureRequest) -> AsyncIterator[FakeLLMServer]:
    async with FakeLLMServer(request.param) as srv:
        yield srv


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    s = Settings(_env_file=None, llm_read_timeout=0.25, llm_connect_timeout=0.5)
    async with make_http_client(s) as c:
        yield c


def direct(
    server: FakeLLMServer,
    client: httpx.AsyncClient,
    sleeps: Sleeps | None = None,
    settings: dict[str, object] | None = None,
    **policy: object,
) -> ChatProvider:
    """One provider, no chain, with recorded sleeps."""
    values = server.settings_kwargs(llm_retry_base_delay=BASE, llm_retry_max_delay=10.0) | (
        settings or {}
    )
    s = Settings(_env_file=None, **values)
    retry = RetryPolicy.from_settings(s, sleep=sleeps or Sleeps(), **policy)
    offline = OfflineProvider()
    if server.kind == "gemini":
        return GeminiProvider.from_settings(s, client, policy=retry, offline=offline)
    factory = (
        OpenAICompatProvider.openrouter
        if server.kind == "openrouter"
        else OpenAICompatProvider.openai
    )
    return factory(s, client, policy=retry, offline=offline)


def chain(
    server: FakeLLMServer, client: httpx.AsyncClient, sleeps: Sleeps | None = None, **kw: object
) -> FallbackProvider:
    return FallbackProvider([direct(server, client, sleeps), OfflineProvider()], **kw)  # type: ignore[arg-type]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- rate limits ------------------------------------------------------------------------


async def test_429_with_retry_after_is_honoured(
    server: FakeLLMServer, client: httpx.AsyncClient
) -> None:
    sleeps = Sleeps()
    server.push(Step.http_error(429, retry_after="2"))
    question = await direct(server, client, sleeps).opening_question(context())
    assert question.provider == server.kind
    assert len(server.requests) == 2
    assert sleeps.calls == [2.0]


async def test_429_without_retry_after_backs_off_exponentially_with_jitter(
    server: FakeLLMServer, client: httpx.AsyncClient
) -> None:
    server.push(Step.http_error(429), Step.http_error(429))
    top, bottom = Sleeps(), Sleeps()
    await direct(server, client, top, jitter=lambda: 1.0).opening_question(context())
    server.push(Step.http_error(429), Step.http_error(429))
    await direct(server, client, bottom, jitter=lambda: 0.0).opening_question(context())
    assert top.calls == pytest.approx([BASE, 2 * BASE])  # doubles each try
    assert bottom.calls == pytest.approx([BASE / 2, BASE])  # jitter spans the other half
    assert len(server.requests) == 6


async def test_retry_after_beyond_the_cap_falls_back_at_once(
    server: FakeLLMServer, client: httpx.AsyncClient
) -> None:
    sleeps = Sleeps()
    server.push(Step.http_error(429, retry_after="3600"))
    provider = chain(server, client, sleeps)
    question = await provider.opening_question(context())
    assert question.provider == "offline"
    assert len(server.requests) == 1 and sleeps.calls == []
    # The server said an hour: the breaker stays away that long, not just its cool-down.
    assert provider.breakers[server.kind].remaining() > 3000


async def test_gemini_retry_info_in_the_body_counts_as_retry_after(
    client: httpx.AsyncClient,
) -> None:
    async with FakeLLMServer("gemini") as srv:
        sleeps = Sleeps()
        srv.push(Step.http_error(429, retry_delay="1.5s"))
        await direct(srv, client, sleeps).opening_question(context())
    assert sleeps.calls == [1.5]


def test_retry_after_parsing() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("0.25") == 0.25
    assert parse_retry_after("-3") == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None
    date = email.utils.formatdate(1_000_030, usegmt=True)
    assert parse_retry_after(date, now=1_000_000) == pytest.approx(30.0)


# --- server errors, timeouts, connections ---------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_server_errors_are_retried(
    status: int, server: FakeLLMServer, client: httpx.AsyncClient
) -> None:
    server.push(Step.http_error(status))
    question = await direct(server, client).follow_up_question(context(1))
    assert question.provider == server.kind and len(server.requests) == 2


async def test_three_failed_tries_hand_over_to_the_offline_interviewer(
    server: FakeLLMServer, client: httpx.AsyncClient
) -> None:
    sleeps = Sleeps()
    server.push(*[Step.http_error(500)] * 3)
    question = await chain(server, client, sleeps).follow_up_question(context(2))
    assert len(server.requests) == 3 and len(sleeps.calls) == 2  # at most 3 tries
    assert question.provider == "offline" and question.text and question.usage is None


async def test_a_read_timeout_is_retried(server: FakeLLMServer, client: httpx.AsyncClient) -> None:
    server.push(Step.slow(2.0))  # the client's read timeout is 0.25 s
    question = await direct(server, client).opening_question(context())
    assert question.provider == server.kind and len(server.requests) == 2


async def test_timeouts_every_time_end_in_the_offline_interviewer(
    client: httpx.AsyncClient,
) -> None:
    async with FakeLLMServer("gemini") as srv:
        srv.push(*[Step.slow(2.0)] * 3)
        question = await chain(srv, client).opening_question(context())
    assert question.provider == "offline" and len(srv.requests) == 3


async def test_a_dropped_connection_is_retried(
    server: FakeLLMServer, client: httpx.AsyncClient
) -> None:
    server.push(Step.dropped())
    question = await direct(server, client).opening_question(context())
    assert question.provider == server.kind and len(server.requests) == 2


@pytest.mark.parametrize("kind", KINDS)
async def test_connection_refused_falls_back_or_pauses(
    kind: str, client: httpx.AsyncClient
) -> None:
    dead = FakeLLMServer(kind, port=free_port())  # never started: nothing listens there
    sleeps = Sleeps()
    fallback = chain(dead, client, sleeps)
    assert (await fallback.opening_question(context())).provider == "offline"
    assert len(sleeps.calls) == 2  # refused connections were retried before giving up
    alone = FallbackProvider([direct(dead, client)])
    with pytest.raises(ProviderError) as raised:
        await alone.opening_question(context())
    assert kind in str(raised.value) and "\n" not in str(raised.value)


async def test_invalid_json_body_is_retried(
    server: FakeLLMServer, client: httpx.AsyncClient
) -> None:
    server.push(Step.invalid_json())
    question = await direct(server, client).opening_question(context())
    assert question.provider == server.kind and len(server.requests) == 2


# --- errors inside a 200 -------------------------------------------------------------------


async def test_a_200_with_a_retryable_error_body_is_retried(
    server: FakeLLMServer, client: httpx.AsyncClient
) -> None:
    server.push(Step.error_body(429, "Rate limit exceeded upstream"))
    question = await direct(server, client).opening_question(context())
    assert question.provider == server.kind and len(server.requests) == 2


async def test_a_200_with_an_auth_error_body_is_not_retried(
    server: FakeLLMServer, client: httpx.AsyncClient
) -> None:
    server.push(Step.error_body(401, "User not found"))
    provider = chain(server, client)
    question = await provider.opening_question(context())
    assert question.provider == "offline" and len(server.requests) == 1
    assert provider.breakers[server.kind].state == "open"  # a bad key will not heal by itself


@pytest.mark.parametrize("status", [400, 401, 403, 404])
async def test_client_errors_are_never_retried(
    status: int, server: FakeLLMServer, client: httpx.AsyncClient
) -> None:
    sleeps = Sleeps()
    server.push(Step.http_error(status))
    with pytest.raises(LLMError) as raised:
        await direct(server, client, sleeps).opening_question(context())
    assert raised.value.status == status and not raised.value.retryable
    assert len(server.requests) == 1 and sleeps.calls == []


async def test_a_wrong_gemini_key_is_an_auth_error(client: httpx.AsyncClient) -> None:
    async with FakeLLMServer("gemini", api_key="the-right-key") as srv:
        with pytest.raises(LLMError) as raised:
            await direct(srv, client, settings={"gemini_api_key": "a-wrong-key"}).opening_question(
                context()
            )
    assert raised.value.kind == "auth" and raised.value.status == 400
    assert len(srv.requests) == 1


# --- unusable replies -------------------------------------------------------------------------

BLOCKED = {
    "gemini": [
        Step.blocked_prompt,
        lambda: Step.finished("SAFETY", "partial"),
        lambda: Step.finished("PROHIBITED_CONTENT"),
    ],
    "openrouter": [lambda: Step.finished("content_filter"), Step.blocked_prompt],
    "openai": [lambda: Step.finished("content_filter"), Step.blocked_prompt],
}


async def test_blocked_output_is_asked_again_once(
    server: FakeLLMServer, client: httpx.AsyncClient
) -> None:
    for make in BLOCKED[server.kind]:
        server.clear()
        server.push(make())
        question = await direct(server, client).follow_up_question(context(1))
        assert question.provider == server.kind, make
        assert len(server.requests) == 2
        assert question.usage == TokenUsage(240, 60)  # both calls' tokens
        assert "blocked" in str(server.requests[1].body)


async def test_blocked_twice_lets_the_offline_interviewer_ask(
    server: FakeLLMServer, client: httpx.AsyncClient
) -> None:
    make = BLOCKED[server.kind][0]
    server.push(make(), make())
    question = await direct(server, client).follow_up_question(context(3))
    assert question.provider == "offline" and question.text
    assert len(server.requests) == 2 and question.usage == TokenUsage(240, 60)


@pytest.mark.parametrize(
    "step",
    [
        lambda kind: Step.reply(""),
        lambda kind: Step.reply("```\n```"),
        lambda kind: Step.no_candidates(),
        lambda kind: Step.finished(
            "MAX_TOKENS" if kind == "gemini" else "length", "Tell me about the time you"
        ),
    ],
    ids=["empty", "empty-fence", "no-candidates", "cut-off"],
)
async def test_an_empty_or_cut_off_reply_is_asked_again(
    step, server: FakeLLMServer, client: httpx.AsyncClient
) -> None:
    server.push(step(server.kind))
    question = await direct(server, client).opening_question(context())
    assert question.provider == server.kind and question.text.endswith("?")
    assert len(server.requests) == 2


async def test_a_repeated_question_is_asked_again_then_replaced(
    server: FakeLLMServer, client: httpx.AsyncClient
) -> None:
    server.push(Step.reply("Question 3: question text 2?"))
    question = await direct(server, client).follow_up_question(context(2))
    assert question.provider == server.kind and question.text != "Question text 2?"
    assert "repeated an earlier question" in str(server.requests[1].body)
    server.clear()
    server.push(Step.reply("Question text 1?"), Step.reply('"Question text 2?"'))
    question = await direct(server, client).follow_up_question(context(2))
    assert question.provider == "offline" and question.text not in (
        "Question text 1?",
        "Question text 2?",
    )


async def test_a_mass_mention_never_reaches_the_channel(
    server: FakeLLMServer, client: httpx.AsyncClient
) -> None:
    server.push(Step.reply("@everyone What did you ship last? <!channel> <@&42>"))
    question = await direct(server, client).follow_up_question(context(1))
    assert question.provider == server.kind
    assert question.text == "Everyone What did you ship last?"


# --- the report -------------------------------------------------------------------------------


async def test_an_invalid_report_gets_one_repair_attempt(
    server: FakeLLMServer, client: httpx.AsyncClient
) -> None:
    server.push(Step.reply('{"summary": "Overall you did well."}'))
    report = await direct(server, client).feedback(context(2))
    assert report.source == server.kind and len(report.answers) == 2
    assert len(server.requests) == 2
    repair = str(server.requests[1].body)
    assert "Overall you did well." in repair and "not valid for the schema" in repair


async def test_a_prose_reply_to_a_json_format_steps_down_to_the_next_format(
    server: FakeLLMServer, client: httpx.AsyncClient
) -> None:
    server.push(Step.reply("Sure! Overall you did well."))
    report = await direct(server, client).feedback(context(2))
    assert report.source == server.kind and len(server.requests) == 2
    first, second = (r.body for r in server.requests)
    if server.kind == "gemini":
        assert "responseSchema" in first["generationConfig"]
        assert "responseSchema" not in second["generationConfig"]
        assert second["generationConfig"]["responseMimeType"] == "application/json"
    else:
        assert first["response_format"]["type"] == "json_schema"
        assert second["response_format"] == {"type": "json_object"}


async def test_a_report_invalid_twice_is_the_offline_analysis_labelled(
    server: FakeLLMServer, client: httpx.AsyncClient
) -> None:
    bad = default_report(2)
    del bad["competencies"]
    server.push(Step.reply('{"summary": not json}'), Step.reply(str(bad)))
    report = await direct(server, client).feedback(context(2))
    assert isinstance(report, FeedbackReport)
    assert report.source == f"offline (fallback: {server.kind} failed)"
    assert len(server.requests) == 2


async def test_a_blocked_report_falls_back_after_one_more_try(client: httpx.AsyncClient) -> None:
    async with FakeLLMServer("gemini") as srv:
        srv.push(Step.blocked_prompt(), Step.finished("SAFETY"))
        report = await direct(srv, client).feedback(context(1))
    assert report.source == "offline (fallback: gemini failed)" and len(srv.requests) == 2


async def test_an_outage_during_the_report_is_labelled_by_the_chain(
    server: FakeLLMServer, client: httpx.AsyncClient
) -> None:
    server.push(*[Step.http_error(503)] * 3)
    report = await chain(server, client).feedback(context(2))
    assert report.source == f"offline (fallback: {server.kind} failed)"


def test_fallback_labels_merge_instead_of_stacking() -> None:
    assert fallback_source("offline", ["gemini"]) == "offline (fallback: gemini failed)"
    assert (
        fallback_source("offline (fallback: openrouter failed)", ["gemini"])
        == "offline (fallback: gemini, openrouter failed)"
    )
    assert fallback_source("gemini", []) == "gemini"


# --- the circuit breaker and total outages -------------------------------------------------------


async def test_a_provider_that_keeps_failing_is_skipped_for_a_cool_down(
    server: FakeLLMServer, client: httpx.AsyncClient
) -> None:
    clock = Clock()
    provider = chain(server, client, threshold=2, cooldown=30.0, clock=clock)
    server.push(*[Step.http_error(503)] * 6)
    for _ in range(2):
        assert (await provider.opening_question(context())).provider == "offline"
    assert len(server.requests) == 6 and provider.status()[server.kind] == "open"

    skipped = await provider.opening_question(context())
    assert skipped.provider == "offline" and len(server.requests) == 6  # not even tried

    clock.now += 31  # cool-down over: one trial call, which succeeds and closes the circuit
    trial = await provider.opening_question(context())
    assert trial.provider == server.kind and len(server.requests) == 7
    assert provider.status()[server.kind] == "closed"


def test_a_failed_trial_reopens_the_circuit() -> None:
    clock = Clock()
    breaker = CircuitBreaker(threshold=2, cooldown=10.0, clock=clock)
    error = LLMError("x", provider="p", kind="server")
    breaker.record_failure(error)
    assert breaker.allows()
    breaker.record_failure(error)
    assert not breaker.allows()
    clock.now += 10
    assert breaker.state == "half-open" and breaker.allows()
    breaker.record_failure(error)
    assert breaker.state == "open"


async def test_a_total_outage_pauses_and_resume_continues(client: httpx.AsyncClient) -> None:
    """LLM_FALLBACK empty and the provider down: ProviderError reaches the service; resume works."""
    port = free_port()
    down = FakeLLMServer("openrouter", port=port)
    settings = Settings(
        _env_file=None, **down.settings_kwargs(llm_fallback="", llm_breaker_threshold=5)
    )
    provider = build_provider(settings, http_client=client)
    with pytest.raises(ProviderError) as raised:
        await provider.follow_up_question(context(1))
    assert "openrouter" in str(raised.value) and not isinstance(raised.value, LLMError)
    async with FakeLLMServer("openrouter", port=port) as back:
        question = await provider.follow_up_question(context(1))
    assert question.provider == "openrouter" and len(back.requests) == 1


# --- a whole interview under fire ---------------------------------------------------------------


async def run_interview(
    provider: object, total: int = 8
) -> tuple[list[GeneratedQuestion], FeedbackReport, int]:
    """What the service does: ask, store, and on ProviderError pause until the user resumes."""
    history: list[Turn] = []
    questions: list[GeneratedQuestion] = []
    pauses = 0

    async def ask(method: str, ctx: InterviewContext):  # type: ignore[no-untyped-def]
        nonlocal pauses
        for _ in range(4):
            try:
                return await getattr(provider, method)(ctx)
            except ProviderError:
                pauses += 1  # "the interviewer is having trouble, your answer is saved: retry"
        raise AssertionError("the interview stalled")

    for n in range(1, total + 1):
        ctx = InterviewContext(
            "Platform Engineer", "Globex", "Python", "Python", tuple(history), n, total
        )
        question = await ask("opening_question" if n == 1 else "follow_up_question", ctx)
        questions.append(question)
        history += [
            Turn(Role.INTERVIEWER, question.text),
            Turn(Role.CANDIDATE, f"Answer number {n}, with detail."),
        ]
    done = InterviewContext(
        "Platform Engineer", "Globex", "Python", "Python", tuple(history), total, total
    )
    return questions, await ask("feedback", done), pauses


@pytest.mark.parametrize("fallback", ["offline", ""])
async def test_a_whole_interview_survives_every_fault(
    fallback: str, server: FakeLLMServer, client: httpx.AsyncClient
) -> None:
    settings = Settings(
        _env_file=None, **server.settings_kwargs(llm_fallback=fallback, llm_retry_base_delay=0.001)
    )
    provider = build_provider(settings, http_client=client)
    blocked = BLOCKED[server.kind][0]
    server.push(
        *[Step.http_error(503)] * 3,  # tries 1-3 exhausted
        Step.http_error(429, retry_after="0"),
        Step.slow(2.0),  # a read timeout
        Step.invalid_json(),  # tries 1-3 exhausted again
        Step.dropped(),
        Step.error_body(502),
        blocked(),  # a reply at last, but blocked: asked once more...
        Step.reply(""),  # ...and empty: the offline interviewer asks question 1
        Step.reply("**Question 2:** What would you automate first?"),
    )
    questions, report, pauses = await run_interview(provider)
    texts = [q.text for q in questions]
    assert len(texts) == 8 and len(set(texts)) == 8 and all(texts)
    assert report.overall_score >= 0 and len(report.answers) > 0
    if fallback:  # each exhausted call went to the offline engine: no pause at all
        assert pauses == 0
        assert [q.provider for q in questions[:4]] == ["offline", "offline", "offline", server.kind]
        assert texts[3] == "What would you automate first?"
    else:  # no fallback: two pauses, then the interview resumes where it was
        assert pauses == 2
        assert [q.provider for q in questions[:2]] == ["offline", server.kind]
        assert texts[1] == "What would you automate first?"
    assert all(q.provider == server.kind for q in questions[4:])
    assert report.source == server.kind
    assert server.pending == 0  # every fault was actually served


def test_status_classification() -> None:
    assert classify_status(429) == "rate_limited"
    assert classify_status(503) == "server" and classify_status(408) == "server"
    assert classify_status(401) == "auth" and classify_status(403) == "auth"
    assert classify_status(400, "API key not valid. Please pass a valid API key.") == "auth"
    assert classify_status(400) == "bad_request" and classify_status(404) == "not_found"


def test_policy_gives_up_after_max_attempts_and_beyond_the_cap() -> None:
    policy = RetryPolicy(max_attempts=3, retry_after_cap=30.0)
    server_error = LLMError("x", provider="p", kind="server")
    assert (
        policy.delay_for(server_error, 1) is not None and policy.delay_for(server_error, 3) is None
    )
    assert (
        policy.delay_for(LLMError("x", provider="p", kind="rate_limited", retry_after=30.0), 1)
        == 30.0
    )
    assert (
        policy.delay_for(LLMError("x", provider="p", kind="rate_limited", retry_after=31.0), 1)
        is None
    )
    assert policy.delay_for(LLMError("x", provider="p", kind="bad_request"), 1) is None


class Broken:
    """An engine with a bug: the chain must treat it as a failure, not crash the turn."""

    name = "broken"

    async def opening_question(self, ctx: InterviewContext) -> GeneratedQuestion:
        raise KeyError("candidates")

    follow_up_question = opening_question

    async def feedback(self, ctx: InterviewContext) -> FeedbackReport:
        raise KeyError("candidates")


async def test_an_unexpected_exception_is_a_failure_not_a_crash() -> None:
    provider = FallbackProvider([Broken(), OfflineProvider()])  # type: ignore[list-item]
    question = await provider.opening_question(context())
    report = await provider.feedback(context(2))
    assert question.provider == "offline"
    assert report.source == "offline (fallback: broken failed)"
    with pytest.raises(ProviderError, match="unexpected KeyError"):
        await FallbackProvider([Broken()]).opening_question(context())  # type: ignore[list-item]


# --- hardening: odd bodies, secrets, the breaker under load ----------------------------


def _mock_client(body: bytes | str, status: int = 200, ctype: str = "application/json"):
    content = body.encode() if isinstance(body, str) else body

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=content, headers={"content-type": ctype})

    return httpx.AsyncClient(transport=httpx.MockTransport(handler))


def _providers(client: httpx.AsyncClient, key: str = "k-123456") -> list[ChatProvider]:
    policy = RetryPolicy(max_attempts=2, sleep=Sleeps())
    return [
        GeminiProvider(api_key=key, client=client, base_url="http://x", policy=policy),
        OpenAICompatProvider(
            name="openai", base_url="http://x/v1", model="m", client=client, api_key=key, policy=policy
        ),
    ]


@pytest.mark.parametrize(
    "body",
    [
        '{"n": ' + "1" * 5000 + "}",  # json: an integer too long to convert (ValueError)
        "[" * 100_000,  # json: nesting deep enough for RecursionError
        '{"usageMetadata": {"promptTokenCount": Infinity}, "usage": {"prompt_tokens": Infinity}}',
        '{"candidates": [{"content": {"parts": 5}}], "choices": [{"message": {"content": 5}}]}',
        '{"candidates": [{"content": "text"}], "choices": [{"message": "text"}]}',
        '{"candidates": [7], "choices": [null]}',
        "<html><body>502 Bad Gateway</body></html>",
        'data: {"choices": []}\n\n',
    ],
)
async def test_an_odd_body_is_a_provider_error_never_another_exception(body: str) -> None:
    async with _mock_client(body, ctype="text/html") as client:
        for provider in _providers(client):
            try:
                question = await provider.opening_question(context())
            except ProviderError:
                continue
            # An odd but parseable body is an unusable reply: the offline stand-in asks.
            assert question.text


@pytest.mark.parametrize("status", [200, 500])
async def test_error_details_of_an_odd_shape_are_a_provider_error(status: int) -> None:
    body = '{"error": {"message": "m", "details": 5, "metadata": 3}}'
    async with _mock_client(body, status=status) as client:
        for provider in _providers(client):
            with pytest.raises(ProviderError):
                await provider.opening_question(context())


async def test_text_parts_that_are_null_are_not_the_word_none() -> None:
    gemini = (
        '{"candidates": [{"content": {"parts": [{"text": null}, {"text": "Why Rust?"}]},'
        ' "finishReason": "STOP"}]}'
    )
    openai = (
        '{"choices": [{"message": {"content": [{"type": "text", "text": null},'
        ' {"type": "text", "text": "Why Rust?"}]}, "finish_reason": "stop"}]}'
    )
    for body, index in ((gemini, 0), (openai, 1)):
        async with _mock_client(body) as client:
            question = await _providers(client)[index].opening_question(context())
            assert question.text == "Why Rust?"


@pytest.mark.parametrize("key", ["sk-live-abcdef123456\x00", "sk-live-abcdef123456\r\nX-Evil: 1"])
async def test_a_key_with_a_control_character_never_reaches_an_error_message(key: str) -> None:
    """h11 quotes an illegal header value in its error: the message must never carry the key."""
    import asyncio

    listener = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = listener.sockets[0].getsockname()[1]
    try:
        async with httpx.AsyncClient() as client:
            for provider in _providers(client, key):
                provider.base_url = f"http://127.0.0.1:{port}"
                with pytest.raises(ProviderError) as info:
                    await provider.opening_question(context())
                assert "abcdef123456" not in str(info.value)
                assert isinstance(info.value, LLMError) and not info.value.retryable
    finally:
        listener.close()


async def test_a_key_with_a_line_break_is_sent_trimmed(server: FakeLLMServer) -> None:
    kwargs = server.settings_kwargs()
    kwargs[f"{server.kind}_api_key"] = f"  {kwargs[f'{server.kind}_api_key']}\n"
    s = Settings(_env_file=None, **kwargs)
    async with make_http_client(s) as client:
        provider = build_provider(s, client)
        question = await provider.opening_question(context())
    assert question.provider == server.kind


async def test_a_key_that_is_not_ascii_is_a_provider_error() -> None:
    async with _mock_client("{}") as client:
        for provider in _providers(client, "sk-‘smart-quote’"):
            with pytest.raises(ProviderError) as info:
                await provider.opening_question(context())
            assert "smart" not in str(info.value)


async def test_half_open_lets_one_trial_through_not_every_waiting_interview() -> None:
    import asyncio

    clock = Clock()
    calls = 0
    gate = asyncio.Event()

    class Slow:
        name = "slow"

        async def opening_question(self, ctx: InterviewContext) -> GeneratedQuestion:
            nonlocal calls
            calls += 1
            await gate.wait()
            raise ProviderError("slow: down", provider="slow")

    provider = FallbackProvider([Slow(), OfflineProvider()], threshold=1, cooldown=10, clock=clock)  # type: ignore[list-item]
    gate.set()
    await provider.opening_question(context())  # opens the circuit
    assert provider.status()["slow"] == "open" and calls == 1
    clock.now += 11
    gate.clear()
    tasks = [asyncio.create_task(provider.opening_question(context())) for _ in range(5)]
    await asyncio.sleep(0.01)
    assert calls == 2  # one trial; the other four went straight to offline
    gate.set()
    results = await asyncio.gather(*tasks)
    assert all(r.provider == "offline" for r in results)
    assert provider.status()["slow"] == "open"


async def test_a_cancelled_trial_does_not_wedge_the_breaker() -> None:
    import asyncio

    clock = Clock()

    class Hang:
        name = "hang"
        fail = True

        async def opening_question(self, ctx: InterviewContext) -> GeneratedQuestion:
            if self.fail:
                raise ProviderError("hang: down", provider="hang")
            await asyncio.sleep(3600)
            raise AssertionError

    hang = Hang()
    provider = FallbackProvider([hang, OfflineProvider()], threshold=1, cooldown=10, clock=clock)  # type: ignore[list-item]
    await provider.opening_question(context())
    clock.now += 11
    hang.fail = False
    task = asyncio.create_task(provider.opening_question(context()))
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert provider.breakers["hang"].allows()  # the next call may try again


def test_a_failed_trial_reopens_even_below_the_threshold() -> None:
    """A circuit opened by a bad key (or a long Retry-After) re-opens when its trial fails."""
    clock = Clock()
    breaker = CircuitBreaker(threshold=3, cooldown=10.0, clock=clock)
    breaker.record_failure(LLMError("x", provider="p", kind="auth"))
    assert breaker.state == "open"
    clock.now += 10
    assert breaker.allows()
    breaker.record_failure(LLMError("x", provider="p", kind="timeout"))
    assert breaker.state == "open"


async def test_a_reply_trickled_byte_by_byte_still_times_out() -> None:
    """The read timeout is per read: a server sending a byte now and then must not hold a turn."""
    import asyncio
    import time

    async def trickle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(65536)
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n")
        try:
            for _ in range(1000):
                writer.write(b" ")
                await writer.drain()
                await asyncio.sleep(0.05)
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    listener = await asyncio.start_server(trickle, "127.0.0.1", 0)
    port = listener.sockets[0].getsockname()[1]
    s = Settings(_env_file=None, llm_read_timeout=0.2, llm_connect_timeout=0.2)
    try:
        async with make_http_client(s) as client:
            provider = GeminiProvider(
                api_key="k", client=client, base_url=f"http://127.0.0.1:{port}",
                policy=RetryPolicy(max_attempts=1),
            )
            started = time.monotonic()
            with pytest.raises(LLMError) as info:
                await provider.opening_question(context())
            assert info.value.kind == "timeout"
            assert time.monotonic() - started < 5
    finally:
        listener.close()


async def test_a_huge_reply_is_refused_not_buffered() -> None:
    from interview_core.providers import http as http_module

    body = b'{"choices": [{"message": {"content": "' + b"x" * (http_module.MAX_BODY_BYTES + 10) + b'"}}]}'
    async with _mock_client(body) as client:
        for provider in _providers(client):
            with pytest.raises(LLMError, match="larger than"):
                await provider.complete(PING_PROMPT)


async def test_a_redirect_is_a_wrong_base_url_not_retried() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return httpx.Response(301, headers={"location": "https://elsewhere.example/v1"}, text="moved")

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        for provider in _providers(client):
            calls = 0
            with pytest.raises(LLMError) as info:
                await provider.opening_question(context())
            assert calls == 1 and not info.value.retryable
            assert "elsewhere.example" in str(info.value)


def test_retry_after_as_a_date_without_a_zone_is_utc() -> None:
    assert parse_retry_after("Thu, 01 Jan 2015 00:00:30 -0000", now=1420070400.0) == 30.0
    assert parse_retry_after("soon") is None and parse_retry_after("-5") == 0.0


async def test_cancelling_a_turn_propagates_and_is_not_a_failure(server: FakeLLMServer) -> None:
    """Cancellation (shutdown, a user leaving) is not an outage: no fallback, no breaker count."""
    import asyncio

    s = Settings(_env_file=None, **server.settings_kwargs(llm_read_timeout=5.0))
    async with make_http_client(s) as client:
        provider = build_provider(s, client)
        assert isinstance(provider, FallbackProvider)
        server.push(Step.slow(3.0))
        task = asyncio.create_task(provider.opening_question(context()))
        await asyncio.sleep(0.3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert provider.breakers[server.kind].failures == 0


async def test_doctor_makes_one_tiny_call_per_provider(server: FakeLLMServer) -> None:
    from bot.doctor import check_provider

    server.push(Step.http_error(503))
    s = Settings(_env_file=None, **server.settings_kwargs())
    async with make_http_client(s) as client:
        check = await check_provider(server.kind, s, client)
    assert check.status == "FAIL" and len(server.requests) == 1
    body = server.requests[0].body
    limit = body["generationConfig"]["maxOutputTokens"] if server.kind == "gemini" else body["max_tokens"]
    assert limit <= 16


@pytest.mark.parametrize("error", ['"Internal Server Error"', '"rate limited"', "true"])
async def test_a_200_whose_error_is_not_an_object_is_still_an_error(error: str) -> None:
    async with _mock_client('{"error": ' + error + "}") as client:
        for provider in _providers(client):
            with pytest.raises(LLMError) as info:
                await provider.complete(PING_PROMPT)
            assert info.value.kind == "server"
            if error.startswith('"'):
                assert error.strip('"') in str(info.value)


@pytest.mark.parametrize("status", [200, 401])
async def test_a_server_that_echoes_the_key_in_its_error_is_redacted(status: int) -> None:
    key = "sk-echoed-0123456789"
    body = '{"error": {"code": 401, "message": "Invalid API key: ' + key + '"}}'
    async with _mock_client(body, status=status) as client:
        for provider in _providers(client, key):
            with pytest.raises(LLMError) as info:
                await provider.complete(PING_PROMPT)
            assert info.value.kind == "auth" and key not in str(info.value)


async def test_a_call_deadline_bounds_all_tries_and_waits_together(
    server: FakeLLMServer, client: httpx.AsyncClient
) -> None:
    # Each try fails fast and asks for a 0.4 s wait; three tries would take 0.8 s and
    # more. LLM_CALL_DEADLINE=0.3 ends the call during the first wait.
    server.push(*[Step.http_error(503, retry_after="0.4")] * 3)
    s = Settings(_env_file=None, **server.settings_kwargs(llm_call_deadline=0.3))
    factory = {
        "gemini": GeminiProvider.from_settings,
        "openrouter": OpenAICompatProvider.openrouter,
        "openai": OpenAICompatProvider.openai,
    }[server.kind]
    provider = factory(s, client, policy=RetryPolicy.from_settings(s), offline=OfflineProvider())
    with pytest.raises(LLMError) as info:
        await provider.complete(PING_PROMPT)
    assert info.value.kind == "timeout" and "LLM_CALL_DEADLINE" in str(info.value)
    assert len(server.requests) == 1
