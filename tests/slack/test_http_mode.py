"""HTTP mode: signatures, health; in both modes: the 3-second ack with a slow engine, restart
and resume, Slack API retries and errors."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest

from interview_core.models import Owner
from tests.helpers import SlowProvider
from tests.slack.harness import DM, Harness, fixture, sign, start_interview, upload_documents


def _upload_body(h: Harness) -> str:
    info = h.fake.add_file("F0SIG", "cv.md", b"# Jane Doe\nEngineer")
    body = fixture("event_file_share.json")
    body["event"]["files"] = [info]
    return json.dumps(body)


@pytest.mark.parametrize("how", ["unsigned", "wrong-secret", "stale", "tampered"])
async def test_unverified_requests_are_rejected_and_change_nothing(slack: Harness, how: str) -> None:
    h = slack
    body = _upload_body(h)
    if how == "unsigned":
        headers = {}
    elif how == "wrong-secret":
        headers = sign(body, secret="not-the-secret")
    elif how == "stale":
        headers = sign(body, timestamp=int(time.time()) - 10 * 60)
    else:
        headers = sign(body)
        body = body.replace("cv.md", "cx.md")
    status, _ = await h.post_raw(body, "application/json", headers)
    assert status == 401
    await h.settle()
    assert h.fake.calls == [] and h.fake.downloads == []
    assert await h.service.documents(Owner("slack", "T0TEST", "U1")) == {}

    status, _ = await h.post_raw(body if how != "tampered" else body.replace("cx.md", "cv.md"),
                                 "application/json", sign(body if how != "tampered" else body.replace("cx.md", "cv.md")))
    assert status == 200  # the same request, properly signed, is accepted


async def test_health_endpoint(slack: Harness) -> None:
    assert slack.http is not None and slack.server is not None
    async with slack.http.get(f"http://127.0.0.1:{slack.server.port}/health") as resp:
        assert resp.status == 200
        assert (await resp.json())["ok"] is True


@pytest.mark.parametrize("mode", ["http", "socket"])
async def test_ack_within_3_seconds_while_the_engine_takes_10(tmp_path: Path, mode: str) -> None:
    provider = SlowProvider()
    async with Harness(tmp_path, provider=provider, mode=mode) as h:
        await upload_documents(h)
        began = time.monotonic()
        result = await h.command("start Senior Backend Engineer | Acme", settle=False)
        elapsed = time.monotonic() - began
        assert elapsed < 3.0, elapsed
        if mode == "http":
            assert result[0] == 200
        else:
            assert result["envelope_id"]  # the envelope's ack came back over the websocket
        # The user sees the question coming: the parent says it is being written.
        await h.fake.wait_for(lambda: any(p["text"].startswith("Mock interview") for p in h.fake.posts(DM)))
        await asyncio.wait_for(provider.started.wait(), 5)
        assert "Writing your first question" in str(h.parent()["blocks"])
        assert h.questions() == []
        # Leaving the harness closes the bot, which cancels the slow work at once.
        closing = time.monotonic()
    assert time.monotonic() - closing < 3.0


async def test_restart_mid_interview_then_resume(any_mode: Harness) -> None:
    h = any_mode
    thread = await start_interview(h)
    await h.message("First answer.", thread=thread)
    await h.message("Second answer.", thread=thread)
    third = h.questions(thread)[-1]["text"]
    assert third.startswith("Question 3/8")

    await h.restart()  # a new process: new app, new service, same SQLite file
    await h.command("resume")
    reposted = h.questions(thread)[-1]
    assert reposted["text"] == third and reposted["thread_ts"] == thread
    assert "Picking up where you left off (2/8 answered)." in str(reposted["blocks"])
    assert "▰▰▱▱▱▱▱▱ 2/8 answered" in str(h.fake.of("chat.update")[-1]["blocks"])  # and the parent post
    note = h.response_texts()[-1]
    assert note.startswith("Question 3/8 is waiting for you in <") and f"p{thread.replace('.', '')}" in note

    await h.message("Third answer, after the restart.", thread=thread)
    assert h.questions(thread)[-1]["text"].startswith("Question 4/8")


async def test_rate_limited_calls_are_retried(slack: Harness) -> None:
    h = slack
    h.fake.faults["chat.postMessage"] = [(429, {"Retry-After": "0"}, {"ok": False, "error": "ratelimited"})]
    await h.message("hello")
    assert [c.method for c in h.fake.calls] == ["auth.test", "chat.postMessage!fault", "chat.postMessage"]
    assert "/interview start" in h.texts(DM)[-1]


async def test_server_errors_are_retried(slack: Harness) -> None:
    h = slack
    h.fake.faults["chat.postMessage"] = [(503, {}, {"ok": False, "error": "service_unavailable"})]
    await h.message("hello")
    assert "/interview start" in h.texts(DM)[-1]


async def test_a_slack_api_error_reaches_the_user_as_a_short_message(slack: Harness) -> None:
    h = slack
    await upload_documents(h)
    h.fake.faults["conversations.open"] = [(200, {}, {"ok": False, "error": "internal_error"})]
    await h.command("start Senior Backend Engineer | Acme")
    text = h.response_texts()[-1]
    assert text.startswith("Sorry, something went wrong") and "Traceback" not in text
    await h.command("start Senior Backend Engineer | Acme")  # works once Slack does
    assert h.questions(h.parent_ts())


async def test_url_verification_challenge(slack: Harness) -> None:
    body = json.dumps({"token": "XXYYZZ", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                       "type": "url_verification"})
    status, text = await slack.post_raw(body, "application/json", sign(body))
    assert status == 200 and "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in text
