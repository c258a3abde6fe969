"""HTTP mode verifies the signature and timestamp on the raw body before anything
is parsed: unsigned, malformed, stale, deeply nested or huge requests get a 4xx
and one log line, never a 500 or a traceback (issue 10, point 7)."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from urllib.parse import urlencode

import pytest

from interview_core.models import Owner
from tests.slack.harness import SIGNING_SECRET, Harness, fixture

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
DEEP = 100_000


def sign_bytes(body: bytes, *, timestamp: str | None = None, secret: str = SIGNING_SECRET) -> dict[str, str]:
    ts = timestamp if timestamp is not None else str(int(time.time()))
    digest = hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def _event() -> bytes:
    body = fixture("event_message_im.json")
    body["event"]["text"] = "hello"
    return json.dumps(body).encode()


def _variants() -> dict[str, tuple[bytes, str, dict[str, str], set[int]]]:
    """name -> (body, content type, headers, acceptable statuses)."""
    good = _event()
    now = int(time.time())
    deep_json = b"[" * DEEP
    deep_obj = b'{"a":' * DEEP
    deep_form = urlencode({"payload": "[" * DEEP}).encode()
    huge = b'{"type":"event_callback","pad":"' + b"x" * (3 * 1024 * 1024) + b'"}'
    bad_utf8 = b'{"type":"event_callback","text":"\xff\xfe\xc3\x28"}'
    signature = sign_bytes(good)["X-Slack-Signature"]
    v: dict[str, tuple[bytes, str, dict[str, str], set[int]]] = {
        # Not from Slack: 401 before a byte is parsed.
        "no headers": (good, JSON, {}, {401}),
        "no signature": (good, JSON, {"X-Slack-Request-Timestamp": str(now)}, {401}),
        "no timestamp": (good, JSON, {"X-Slack-Signature": signature}, {401}),
        "bad signature": (good, JSON, sign_bytes(good, secret="not-the-secret"), {401}),
        "garbage signature": (good, JSON, {"X-Slack-Request-Timestamp": str(now), "X-Slack-Signature": "v0=zz"}, {401}),
        "signature not v0": (good, JSON, {"X-Slack-Request-Timestamp": str(now), "X-Slack-Signature": "héllo"}, {401}),
        "non-numeric timestamp": (good, JSON, sign_bytes(good, timestamp="abc"), {401}),
        "float timestamp": (good, JSON, sign_bytes(good, timestamp=f"{now}.5"), {401}),
        "non-ascii digits timestamp": (good, JSON, sign_bytes(good, timestamp="١٧٠٠٠٠٠٠٠٠"), {401}),
        "huge timestamp": (good, JSON, sign_bytes(good, timestamp="9" * 400), {401}),
        "old timestamp": (good, JSON, sign_bytes(good, timestamp=str(now - 10 * 60)), {401}),
        "future timestamp": (good, JSON, sign_bytes(good, timestamp=str(now + 10 * 60)), {401}),
        "unsigned deep json": (deep_json, JSON, {}, {401}),
        "unsigned invalid utf-8": (bad_utf8, JSON, {}, {401}),
        "unsigned bad json": (b"{not json", JSON, {}, {401}),
        "unsigned deep form payload": (deep_form, FORM, {}, {401}),
        # Too big to be Slack's: refused without reading it all (413 is the 4xx for that).
        "unsigned huge body": (huge, JSON, {}, {401, 413}),
        "signed huge body": (huge, JSON, sign_bytes(huge), {400, 413}),
        # Signed, so from Slack (or someone with the secret), and still unusable: 400.
        "signed deep json": (deep_json, JSON, sign_bytes(deep_json), {400}),
        "signed deep object": (deep_obj, JSON, sign_bytes(deep_obj), {400}),
        "signed deep form payload": (deep_form, FORM, sign_bytes(deep_form), {400}),
        "signed invalid utf-8": (bad_utf8, JSON, sign_bytes(bad_utf8), {400}),
        "signed bad json": (b"{not json", JSON, sign_bytes(b"{not json"), {400}),
        "signed json list": (b"[1, 2]", JSON, sign_bytes(b"[1, 2]"), {400}),
        "signed json number": (b"5", JSON, sign_bytes(b"5"), {400}),
        "signed bad form payload": (b"payload=%7Bnope", FORM, sign_bytes(b"payload=%7Bnope"), {400}),
        "signed form payload list": (b"payload=%5B1%5D", FORM, sign_bytes(b"payload=%5B1%5D"), {400}),
    }
    return v


VARIANTS = _variants()


def _lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records]


@pytest.mark.parametrize("name", list(VARIANTS))
async def test_bad_requests_get_4xx_and_one_log_line(slack: Harness, caplog: pytest.LogCaptureFixture,
                                                     name: str) -> None:
    h = slack
    body, ctype, headers, statuses = VARIANTS[name]
    assert h.http is not None
    caplog.set_level(logging.INFO)
    caplog.clear()
    async with h.http.post(h.events_url, data=body, headers={"Content-Type": ctype, **headers}) as resp:
        status, text = resp.status, await resp.text()
    await h.settle()
    assert status in statuses, (status, text[:300])
    assert "Traceback" not in caplog.text and "Traceback" not in text
    assert not any(r.exc_info for r in caplog.records), _lines(caplog)
    assert len(caplog.records) <= 1, _lines(caplog)
    assert all(len(line) < 300 for line in _lines(caplog)), _lines(caplog)
    assert h.fake.calls == []  # nothing was done: no Slack call at all
    assert await h.service.documents(Owner("slack", "T0TEST", "U1")) == {}


async def test_a_flood_of_bad_requests_logs_one_short_line_each(slack: Harness,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    h = slack
    assert h.http is not None
    caplog.set_level(logging.INFO)
    caplog.clear()
    sent = 0
    for body, ctype, headers, _ in VARIANTS.values():
        for _ in range(3):
            async with h.http.post(h.events_url, data=body, headers={"Content-Type": ctype, **headers}) as resp:
                assert 400 <= resp.status < 500
                await resp.read()
            sent += 1
    assert len(caplog.records) <= sent
    assert len(caplog.text) < 200 * sent
    assert "Traceback" not in caplog.text


async def test_a_good_request_still_goes_through_after_the_gate(slack: Harness) -> None:
    h = slack
    body = _event()
    assert h.http is not None
    async with h.http.post(h.events_url, data=body, headers={"Content-Type": JSON, **sign_bytes(body)}) as resp:
        assert resp.status == 200
    await h.settle()
    assert "/interview start" in h.texts()[-1]  # the hint for a stray "hello"


async def test_a_good_command_still_goes_through_after_the_gate(slack: Harness) -> None:
    h = slack
    payload = fixture("slash_command.json") | {"response_url": f"{h.fake.url}/respond/gate"}
    body = urlencode(payload).encode()
    assert h.http is not None
    async with h.http.post(h.events_url, data=body, headers={"Content-Type": FORM, **sign_bytes(body)}) as resp:
        assert resp.status == 200
    await h.settle()
    assert "/interview start" in h.response_texts()[-1]  # help


SHAPES = [
    {"type": "event_callback", "event": "x"},
    {"type": "event_callback", "event": [1]},
    {"type": "block_actions", "actions": "x"},
    {"type": "view_submission", "view": "x"},
    {"type": "event_callback", "event_id": "Ev1",
     "event": {"type": "message", "channel": "DU1", "user": "U1", "ts": "1.2", "files": [5]}},
    {"team": "x", "enterprise": 5},
    {"authorizations": "x"},
]


@pytest.mark.parametrize("shape", SHAPES, ids=[json.dumps(s)[:40] for s in SHAPES])
async def test_signed_bodies_of_the_wrong_shape_get_400(slack: Harness, caplog: pytest.LogCaptureFixture,
                                                        shape: dict) -> None:
    h = slack
    body = json.dumps(shape).encode()
    assert h.http is not None
    caplog.set_level(logging.INFO)
    caplog.clear()
    async with h.http.post(h.events_url, data=body, headers={"Content-Type": JSON, **sign_bytes(body)}) as resp:
        assert resp.status == 400
    await h.settle()
    assert len(caplog.records) == 1 and "Traceback" not in caplog.text


async def test_a_chunked_body_over_the_limit_is_cut_off(slack: Harness, caplog: pytest.LogCaptureFixture) -> None:
    """No Content-Length to trust: the read stops at the limit."""
    h = slack
    assert h.http is not None

    async def chunks():
        for _ in range(64):
            yield b"x" * (64 * 1024)  # 4 MB in all

    caplog.set_level(logging.INFO)
    caplog.clear()
    async with h.http.post(h.events_url, data=chunks(), headers={"Content-Type": JSON}) as resp:
        assert resp.status == 413
    assert len(caplog.records) == 1 and "Traceback" not in caplog.text


async def test_a_signature_header_sent_twice_is_no_signature(slack: Harness) -> None:
    h = slack
    body = _event()
    good = sign_bytes(body)
    assert h.http is not None
    headers = [("Content-Type", JSON), ("X-Slack-Request-Timestamp", good["X-Slack-Request-Timestamp"]),
               ("X-Slack-Signature", "v0=" + "0" * 64), ("X-Slack-Signature", good["X-Slack-Signature"])]
    async with h.http.post(h.events_url, data=body, headers=headers) as resp:
        assert resp.status == 401
    await h.settle()
    assert h.fake.calls == []


def test_verify_checks_the_raw_bytes_and_the_window() -> None:
    from adapters.slack.http_gate import Rejected, verify

    raw = b'{"a": "\xff"}'  # not UTF-8: the signature is over bytes, not text
    ts = "1700000000"
    headers = sign_bytes(raw, timestamp=ts)
    verify(raw, ts, headers["X-Slack-Signature"], SIGNING_SECRET, now=1_700_000_000 + 299)
    for now in (1_700_000_000 + 301, 1_700_000_000 - 301):
        with pytest.raises(Rejected) as err:
            verify(raw, ts, headers["X-Slack-Signature"], SIGNING_SECRET, now=now)
        assert err.value.status == 401
    with pytest.raises(Rejected):
        verify(raw + b" ", ts, headers["X-Slack-Signature"], SIGNING_SECRET, now=1_700_000_000)
    with pytest.raises(Rejected):
        verify(raw, ts, headers["X-Slack-Signature"].upper(), SIGNING_SECRET, now=1_700_000_000)
