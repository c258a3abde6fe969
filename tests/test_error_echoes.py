"""A model server's error that quotes our request (the CV, the answers) never carries
that text into the error, and so into a log line or a chat message. Real httpx calls
to a loopback server that answers the way FastAPI-based servers and proxies do."""

from __future__ import annotations

import json

import pytest

from interview_core.models import InterviewContext, Role, Turn
from interview_core.providers.base import ProviderError
from interview_core.providers.echoes import MARK, strip_echoes
from interview_core.providers.factory import build_named_provider
from interview_core.providers.http import make_http_client
from interview_core.settings import Settings
from tests.llm_servers import FakeLLMServer, Step

CV = "Ward sister at St Mary's since 2017, leading eleven nurses through the winter surge."
ANSWER = "I rebuilt the handover sheet so night staff saw every falls risk before the round began."


def context() -> InterviewContext:
    history = (Turn(Role.INTERVIEWER, "Tell me about a change you led on the ward?"), Turn(Role.CANDIDATE, ANSWER))
    return InterviewContext("Ward Manager", "St Mary's", CV, "Lead the surgical ward.", history, 2, 1)


def fastapi_422(*quoted: str) -> Step:
    """vLLM, LiteLLM and llama-cpp-python validate with pydantic: each error item quotes its `input`."""
    detail = [{"type": "string_too_long", "loc": ["body", "messages", i, "content"],
               "msg": "String should have at most 100 characters", "input": text}
              for i, text in enumerate(quoted)]
    return Step(status=422, raw=json.dumps({"detail": detail}))


async def error_from(step: Step) -> str:
    """The error a real provider raises when the server answers every call with `step`."""
    server = await FakeLLMServer("openai").start()
    server.push(*[step] * 4)
    settings = Settings(_env_file=None, **server.settings_kwargs())
    try:
        async with make_http_client(settings) as client:
            provider = build_named_provider("openai", settings, client)
            with pytest.raises(ProviderError) as info:
                await provider.follow_up_question(context())
    finally:
        await server.close()
    return str(info.value)


CASES = {
    "FastAPI 422 with input": fastapi_422(CV, ANSWER),
    "plain-text 500 quoting the prompt": Step(status=500, raw=f"Internal error while processing: {CV} {ANSWER}"),
    "OpenAI-style error quoting the prompt": Step.http_error(400, message=f"Invalid prompt near '{ANSWER}'"),
    "200 with an error object": Step.error_body(502, f"upstream failed on: {CV}"),
}


@pytest.mark.parametrize("case", sorted(CASES))
async def test_an_error_that_quotes_the_request_does_not_carry_it(case: str) -> None:
    message = await error_from(CASES[case])
    for quoted in (CV, ANSWER):
        words = quoted.split()
        for i in range(len(words) - 4):
            assert " ".join(words[i : i + 5]) not in message, message
    assert "HTTP" in message or "error" in message  # still says what went wrong


async def test_fastapi_detail_keeps_the_place_and_the_message() -> None:
    message = await error_from(fastapi_422(CV))
    assert "HTTP 422 body.messages.0.content: String should have at most 100 characters" in message


def test_only_runs_quoted_from_the_request_are_cut() -> None:
    request = {"messages": [{"role": "user", "content": f"CV:\n{CV}\nAnswer: {ANSWER}"}], "max_tokens": 64}
    message = f"context length exceeded at: {ANSWER} (limit 4096 tokens)"
    assert strip_echoes(message, request) == f"context length exceeded at: {MARK}. (limit 4096 tokens)"
    # Four words in common are a coincidence, not a quote: kept.
    assert strip_echoes("the night staff saw it", request) == "the night staff saw it"
    assert strip_echoes("model 'gpt-x' not found", request) == "model 'gpt-x' not found"
