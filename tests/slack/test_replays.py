"""A replayed or retried `/interview start` starts one interview, and the replay is
answered with a pointer to it; Slack's retries of what was handled are acknowledged
and not done again (issue 10, point 8)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from urllib.parse import urlencode

from tests.helpers import ScriptedProvider
from tests.slack.harness import DM, Harness, fixture, sign, upload_documents

ROLE = "start Senior Backend Engineer | Acme"
POINTER = "You already started this interview"  # Texts.already_started, Texts.being_set_up


def interviews(h: Harness) -> int:
    with sqlite3.connect(h.tmp_path / "slack.db") as db:
        return db.execute("SELECT count(*) FROM interviews").fetchone()[0]


def parents(h: Harness) -> list[dict]:
    return [p for p in h.fake.posts(DM) if "thread_ts" not in p and p["text"].startswith("Mock interview:")]


def command_payload(h: Harness, text: str = ROLE, *, trigger: str = "111.222.abc", key: str = "one") -> dict:
    return fixture("slash_command.json") | {
        "text": text, "trigger_id": trigger, "response_url": f"{h.fake.url}/respond/{key}",
    }


async def send_signed(h: Harness, body: str, headers: dict[str, str], retry: int = 0) -> int:
    extra = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else {}
    status, _ = await h.post_raw(body, "application/x-www-form-urlencoded", headers | extra)
    return status


async def test_the_same_signed_start_sent_three_times_makes_one_interview(slack: Harness) -> None:
    """The very same bytes and signature (a proxy's replay) three times in the window."""
    h = slack
    await upload_documents(h)
    body = urlencode(command_payload(h))
    headers = sign(body)
    for _ in range(3):
        assert await send_signed(h, body, headers) == 200
        await h.settle()
    assert interviews(h) == 1
    assert len(parents(h)) == 1
    thread = h.parent_ts()
    pointers = [t for t in h.response_texts() if t.startswith(POINTER)]
    assert len(pointers) == 2
    assert all(f"p{thread.replace('.', '')}" in t for t in pointers)  # a link to the thread



async def test_the_same_signed_start_replayed_after_a_restart_makes_one_interview(slack: Harness) -> None:
    """The bot restarts between the first delivery and the replay (within Slack's 5 minutes):
    the database, not the process's memory, says it was handled."""
    h = slack
    await upload_documents(h)
    body = urlencode(command_payload(h))
    headers = sign(body)
    assert await send_signed(h, body, headers) == 200
    await h.settle()
    await h.restart()
    assert await send_signed(h, body, headers) == 200
    await h.settle()
    assert interviews(h) == 1
    assert len(parents(h)) == 1
    thread = h.parent_ts()
    (pointer,) = [t for t in h.response_texts() if t.startswith(POINTER)]
    assert f"p{thread.replace('.', '')}" in pointer

async def test_replays_arriving_while_the_first_is_still_running(slack: Harness) -> None:
    h = slack
    await upload_documents(h)
    body = urlencode(command_payload(h))
    headers = sign(body)
    statuses = await asyncio.gather(*(send_signed(h, body, headers) for _ in range(3)))
    assert statuses == [200, 200, 200]
    await h.settle()
    assert interviews(h) == 1 and len(parents(h)) == 1
    assert len(h.questions(h.parent_ts())) == 1
    assert len([t for t in h.response_texts() if t.startswith(POINTER)]) == 2


async def test_slack_retry_headers_on_a_handled_start_make_one_interview(slack: Harness) -> None:
    h = slack
    await upload_documents(h)
    body = urlencode(command_payload(h))
    assert await send_signed(h, body, sign(body)) == 200
    for retry in (1, 2):
        assert await send_signed(h, body, sign(body), retry=retry) == 200
    await h.settle()
    assert interviews(h) == 1 and len(parents(h)) == 1


async def test_a_double_submit_within_seconds_points_to_the_first(slack: Harness) -> None:
    """Two invocations (two trigger ids) of the same text by the same user in the same channel."""
    h = slack
    await upload_documents(h)
    for n in range(3):
        body = urlencode(command_payload(h, trigger=f"111.222.{n}", key=f"k{n}"))
        assert await send_signed(h, body, sign(body)) == 200
    await h.settle()
    assert interviews(h) == 1 and len(parents(h)) == 1
    pointers = [r for r in h.fake.responses if r["text"].startswith(POINTER)]
    assert sorted(r["_key"] for r in pointers) == ["k1", "k2"]  # each replay answered on its own
    assert all(r["response_type"] == "ephemeral" for r in pointers)


async def test_socket_mode_redelivery_makes_one_interview(tmp_path: Path) -> None:
    async with Harness(tmp_path, mode="socket") as h:
        await upload_documents(h)
        payload = command_payload(h)
        for retry in (0, 1, 0):
            await h.deliver("slash_commands", payload, retry=retry)
        assert interviews(h) == 1 and len(parents(h)) == 1
        assert len([t for t in h.response_texts() if t.startswith(POINTER)]) == 2


async def test_other_text_or_another_user_is_not_a_replay(slack: Harness) -> None:
    h = slack
    await upload_documents(h)
    await h.command(ROLE)
    await h.command("start Staff Engineer | Globex")
    assert interviews(h) == 2
    assert not any(t.startswith(POINTER) for t in h.response_texts())


async def test_the_same_start_after_the_window_starts_a_new_interview(slack: Harness) -> None:
    h = slack
    await upload_documents(h)
    await h.command(ROLE)
    replays = h.bot.replays  # type: ignore[union-attr]
    real = replays.clock
    replays.clock = lambda: real() + replays.window + 1
    await h.command(ROLE)
    assert interviews(h) == 2
    assert not any(t.startswith(POINTER) for t in h.response_texts())


async def test_a_double_submit_while_a_slow_first_start_runs_points_to_it(tmp_path: Path) -> None:
    """The engine takes longer than the window to write the first question."""
    provider = ScriptedProvider(block=asyncio.Event())
    async with Harness(tmp_path, provider=provider) as h:
        await upload_documents(h)
        await h.command(ROLE, settle=False)
        await h.fake.wait_for(lambda: parents(h))
        replays = h.bot.replays  # type: ignore[union-attr]
        real = replays.clock
        replays.clock = lambda: real() + replays.window + 1
        await h.command(ROLE, settle=False)
        await asyncio.sleep(0.2)
        assert provider.block is not None
        provider.block.set()
        await h.settle()
        assert interviews(h) == 1 and len(parents(h)) == 1
        assert [t for t in h.response_texts() if t.startswith(POINTER)]


async def test_a_start_that_started_nothing_can_be_sent_again(slack: Harness) -> None:
    """No CV yet: the second try is answered afresh, not with a pointer to nothing."""
    h = slack
    await h.command(ROLE)
    await h.command(ROLE)
    texts = h.response_texts()
    assert len(texts) == 2 and all(t.startswith("First send me your CV") for t in texts)
    await upload_documents(h)
    await h.command(ROLE)
    assert interviews(h) == 1


async def test_a_retried_event_that_was_handled_is_not_done_again(any_mode: Harness) -> None:
    h = any_mode
    body = h.event_body("event_app_home_opened.json", fixture("event_app_home_opened.json")["event"])
    await h.deliver("events_api", body)
    assert len(h.fake.of("views.publish")) == 1
    await h.deliver("events_api", body, retry=1)
    await h.deliver("events_api", body, retry=2)
    assert len(h.fake.of("views.publish")) == 1


def test_the_memory_of_recent_commands_is_bounded() -> None:
    from adapters.slack.replays import Recent

    now = [0.0]
    size = 50
    recent: Recent[int] = Recent(size=size, ttl=10.0, clock=lambda: now[0])
    for n in range(size * 4):
        assert recent.claim(f"k{n}", n) is None
    assert len(recent) == size
    assert recent.claim(f"k{size * 4 - 1}", -1) == size * 4 - 1  # still there: not replaced
    assert recent.get("k0") is None  # the oldest went first
    now[0] = 11.0
    assert recent.get(f"k{size * 4 - 1}") is None  # expired
    recent.claim("fresh", 1)
    assert len(recent) == 1  # expired entries are dropped on the way
