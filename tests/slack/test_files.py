"""Uploads: CV or JD by name or text, buttons when unsure, a pasted JD, the
file_shared event, every file failure, and the bot token kept to Slack hosts."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from adapters.slack.files import allowed_host, classify
from tests.slack.harness import DM, Harness, fixture, sample


def test_classify_by_text_then_name() -> None:
    assert classify("Jane_Résumé_2024.pdf") == "cv"
    assert classify("CV-final.docx") == "cv"
    assert classify("backend-job-description.pdf") == "jd"
    assert classify("JD.txt") == "jd"
    assert classify("document.pdf") is None
    assert classify("document.pdf", "here is my resume") == "cv"
    assert classify("cv.pdf", "the job I'm applying for") == "jd"  # the message wins
    assert classify("scan.pdf", "cv for the job") is None  # both: ask


def test_only_slack_hosts_get_the_token() -> None:
    assert allowed_host("https://files.slack.com/files-pri/T1-F1/cv.pdf")
    assert allowed_host("https://slack.com/x")
    assert not allowed_host("http://files.slack.com/x")  # never in clear text
    assert not allowed_host("https://files.slack.com.evil.example/x")
    assert not allowed_host("https://evilslack.com/x")
    assert not allowed_host("https://example.com/slack.com")
    assert not allowed_host("https://files.slack.com:8443/x")  # the default port only
    assert allowed_host("https://files.slack.com:443/x")
    assert not allowed_host("http://127.0.0.1:1/x")
    assert not allowed_host("ftp://files.slack.com/x")
    assert not allowed_host("https://files.slack.com:99999/x")  # not a port


def test_slack_api_url_names_scheme_host_and_port() -> None:
    local = "http://127.0.0.1:8080/api"
    assert allowed_host("http://127.0.0.1:8080/files/F1/cv.pdf", local)
    assert not allowed_host("http://127.0.0.1:8081/files/F1/cv.pdf", local)  # another port
    assert not allowed_host("http://127.0.0.1/x", local)  # port 80
    assert not allowed_host("https://127.0.0.1:8080/x", local)  # another scheme
    assert not allowed_host("http://localhost:8080/x", local)  # another name
    assert not allowed_host("http://evil.127.0.0.1:8080/x", local)  # no "subdomains" of an IP
    assert allowed_host("https://files.slack.com/x", local)  # Slack's own hosts still are
    gov = "https://slack-gov.com/api"
    assert allowed_host("https://slack-gov.com/x", gov)
    assert allowed_host("https://files.slack-gov.com/x", gov)  # GovSlack's file host
    assert allowed_host("https://files.slack-gov.com:443/x", gov)
    assert not allowed_host("http://slack-gov.com/x", gov)  # never in clear text
    assert not allowed_host("http://files.slack-gov.com/x", gov)
    assert not allowed_host("https://slack-gov.com:8443/x", gov)
    assert not allowed_host("https://slack-gov.com.evil.example/x", gov)
    assert not allowed_host("https://evilslack-gov.com/x", gov)
    # A proxy on a named host and port: that origin only.
    proxy = "https://proxy.example:8443/slack/api"
    assert allowed_host("https://proxy.example:8443/files/x", proxy)
    assert not allowed_host("https://proxy.example/files/x", proxy)
    assert not allowed_host("http://proxy.example:8443/files/x", proxy)


async def test_unsure_file_asks_with_buttons(slack: Harness) -> None:
    h = slack
    await h.upload("F0DOC", "document.md", sample("sample_jd.md").encode())
    ask = h.fake.posts(DM)[-1]
    assert "CV or the job description" in ask["text"]
    buttons = [e["action_id"] for b in ask["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["doc_kind_cv", "doc_kind_jd"]
    assert not await h.service.documents(_owner())

    await h.click("doc_kind_jd", "F0DOC")
    assert h.texts(DM)[-1].startswith("Job description: ")
    assert set(await h.service.documents(_owner())) == {"jd"}
    assert "job description" in h.response_texts()[-1]


async def test_message_text_names_the_document(slack: Harness) -> None:
    await slack.upload("F0X", "scan-0042.md", sample("sample_cv.md").encode(), text="here's my résumé")
    assert slack.texts(DM)[-1].startswith("CV: ")


async def test_pasted_job_description_and_a_short_message(slack: Harness) -> None:
    h = slack
    await h.message("hi")
    assert "/interview start" in h.texts(DM)[-1]
    await h.message(sample("sample_jd.md"))
    assert h.texts(DM)[-1].startswith("Job description: ") and "(pasted)" in h.texts(DM)[-1]
    docs = await h.service.documents(_owner())
    assert "Northwind" in docs["jd"].text


async def test_file_shared_event_uses_files_info_and_is_handled_once(any_mode: Harness) -> None:
    h = any_mode
    info = h.fake.add_file("F0000000001", "cv.md", sample("sample_cv.md").encode())
    await h.deliver("events_api", fixture("event_file_shared.json"))
    assert h.fake.of("files.info") == [{"file": "F0000000001"}]
    assert h.texts(DM)[-1].startswith("CV: ")
    # The file_share message for the same upload arrives too: not fetched again.
    await h.message("", files=[info])
    assert h.fake.downloads == ["F0000000001"]
    assert len(h.fake.posts(DM)) == 1


async def _other_server() -> AsyncIterator[tuple[int, list[web.Request]]]:
    """Another loopback server on its own port, recording every request: not Slack."""
    hits: list[web.Request] = []

    async def anything(request: web.Request) -> web.Response:
        hits.append(request)
        return web.Response(body=b"stolen")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", anything)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield port, hits
    finally:
        await runner.cleanup()


@pytest.fixture
async def foreign() -> AsyncIterator[tuple[str, list[web.Request]]]:
    """Another loopback server, reached by a different host name: not Slack."""
    async for port, hits in _other_server():
        yield f"http://localhost:{port}", hits


@pytest.fixture
async def other_port() -> AsyncIterator[tuple[str, list[web.Request]]]:
    """A second file server on the fake Slack's own host, 127.0.0.1, but another port."""
    async for port, hits in _other_server():
        yield f"http://127.0.0.1:{port}", hits


async def test_file_url_on_a_foreign_host_is_refused(slack: Harness, foreign) -> None:
    h = slack
    base, hits = foreign
    await h.upload("F0EVIL", "cv.pdf", b"%PDF-1.4", url=f"{base}/cv.pdf")
    assert "only fetch files stored on Slack" in h.texts(DM)[-1]
    await h.upload("F0EVIL2", "cv2.pdf", b"%PDF-1.4", url="https://files.slack.com.attacker.example/cv.pdf")
    assert "attacker.example" in h.texts(DM)[-1]
    assert hits == []
    assert h.fake.downloads == []


async def test_redirect_to_a_foreign_host_is_not_followed(slack: Harness, foreign) -> None:
    h = slack
    base, hits = foreign
    # A file URL on the Slack host that redirects elsewhere: the token must not follow.
    h.fake.redirect_to = f"{base}/steal"
    await h.upload("F0REDIR", "cv.md", b"text", url=f"{h.fake.url}/redirect")
    assert "only fetch files stored on Slack" in h.texts(DM)[-1], h.texts(DM)
    assert h.fake.downloads == ["redirect"]
    assert hits == []


async def test_same_host_on_another_port_gets_no_token(slack: Harness, other_port) -> None:
    h = slack
    base, hits = other_port
    assert base.split(":")[1] == h.fake.url.split(":")[1] and base != h.fake.url
    await h.upload("F0PORT", "cv.md", b"text", url=f"{base}/cv.md")
    assert "only fetch files stored on Slack" in h.texts(DM)[-1], h.texts(DM)
    # Nor through a redirect from the Slack host itself.
    h.fake.redirect_to = f"{base}/steal"
    await h.upload("F0PORT2", "cv2.md", b"text", url=f"{h.fake.url}/redirect")
    assert "only fetch files stored on Slack" in h.texts(DM)[-1], h.texts(DM)
    assert h.fake.downloads == ["redirect"]
    assert hits == []
    assert not await h.service.documents(_owner())


async def test_https_is_not_http_on_the_same_host_and_port(slack: Harness) -> None:
    """SLACK_API_URL is http://127.0.0.1:<port>: an https URL there is another origin."""
    h = slack
    https_url = h.fake.url.replace("http://", "https://")
    await h.upload("F0TLS", "cv.md", b"text", url=f"{https_url}/files/F0TLS/cv.md")
    assert "only fetch files stored on Slack" in h.texts(DM)[-1], h.texts(DM)
    h.fake.redirect_to = f"{https_url}/files/F0TLS2/cv.md"
    await h.upload("F0TLS2", "cv2.md", b"text", url=f"{h.fake.url}/redirect")
    assert "only fetch files stored on Slack" in h.texts(DM)[-1], h.texts(DM)
    assert h.fake.downloads == ["redirect"]


@pytest.mark.parametrize(
    ("name", "data", "kwargs", "expected", "downloaded"),
    [
        ("big-cv.pdf", b"x" * 10, {"size": 50 * 1024 * 1024}, "the limit is 2 MB", False),
        ("sneaky-cv.md", b"y" * (3 * 1024 * 1024), {"size": 1000}, "is over the 2 MB limit", True),
        ("cv.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, {"mimetype": "image/png"}, "I can't read", True),
        ("cv.pdf", b"%PDF-1.4\n this is not really a pdf", {"mimetype": "application/pdf"}, "cv.pdf", True),
        ("cv.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, {}, ".docx", True),
        ("cv.txt", b"   \n  ", {}, "cv.txt", True),
        ("F404", b"gone", {}, "HTTP 404", True),
    ],
    ids=["too-large-declared", "too-large-streamed", "image", "broken-pdf", "old-word", "empty", "http-404"],
)
async def test_each_file_failure_is_a_friendly_message(
    slack: Harness, name: str, data: bytes, kwargs: dict, expected: str, downloaded: bool
) -> None:
    h = slack
    file_id = "F404X" if name == "F404" else "F0BAD"
    await h.upload(file_id, "cv.txt" if name == "F404" else name, data, **kwargs)
    text = h.texts(DM)[-1]
    assert expected in text, text
    assert "Traceback" not in text and "Error" not in text.split()[0]
    assert bool(h.fake.downloads) == downloaded
    assert not await h.service.documents(_owner())


def _owner():
    from interview_core.models import Owner

    return Owner("slack", "T0TEST", "U1")


async def test_a_malformed_or_lookalike_file_url_gets_clear_words(slack: Harness) -> None:
    """Fullwidth letters, an ideographic full stop, a broken IPv6 literal, a port that is
    not a number: each is a host we won't send the token to, said in those words."""
    h = slack
    urls = {
        "F0FW1": "https://files.ｓlack.com/files-pri/T1-F1/cv.pdf",  # fullwidth s
        "F0FW2": "https://files\u3002slack\u3002com/cv.pdf",  # ideographic full stops
        "F0FW3": "https://[::1/cv.pdf",  # an unclosed IPv6 literal: urlsplit raises
        "F0FW4": "https://files.slack.com:４４３/cv.pdf",  # a fullwidth port
        "F0FW5": "https://\udcff.slack.com/cv.pdf",  # a lone surrogate
        "F0FW6": "javascript:alert(1)",
    }
    for file_id, url in urls.items():
        await h.upload(file_id, "cv.pdf", b"%PDF-1.4", url=url)
        assert "only fetch files stored on Slack" in h.texts(DM)[-1], (url, h.texts(DM)[-1])
    assert h.fake.downloads == []
    assert not any("may not have been saved" in t for t in h.texts(DM))
