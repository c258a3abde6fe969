"""The size-capped download both chat adapters use (adapters/shared/download.py),
against loopback servers: what it sends, where it follows, and each way it fails."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from adapters.shared.download import (
    BadStatus,
    HostRefused,
    NetworkFailure,
    RefusedType,
    TooLarge,
    TooManyRedirects,
    download_capped,
)

TIMEOUT = aiohttp.ClientTimeout(total=30)


class Server:
    """A loopback file server that records every request."""

    def __init__(self) -> None:
        self.requests: list[web.Request] = []
        self.sent = 0  # bytes of /endless written before the client hung up
        self.url = ""

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(request)
        path = request.path
        if path == "/file":
            return web.Response(body=b"hello", content_type="application/pdf")
        if path == "/html":
            return web.Response(text="<html>sign in</html>", content_type="text/html")
        if path == "/big-declared":
            return web.Response(body=b"x" * 5000)
        if path.startswith("/to/"):
            raise web.HTTPFound(request.query["where"])
        if path == "/loop":
            raise web.HTTPFound("/loop")
        if path == "/no-location":
            return web.Response(status=302)
        if path == "/endless":  # chunked, no Content-Length: only the stream tells its size
            response = web.StreamResponse()
            response.enable_chunked_encoding()
            await response.prepare(request)
            for _ in range(1000):
                await response.write(b"y" * 64 * 1024)
                self.sent += 64 * 1024
            return response
        return web.Response(status=404)


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    recorder = Server()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", recorder.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    recorder.url = f"http://127.0.0.1:{port}"
    try:
        yield recorder
    finally:
        await runner.cleanup()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


async def test_the_body_comes_back_with_the_headers_given(server: Server, session) -> None:
    data = await download_capped(session, f"{server.url}/file", max_bytes=100, timeout=TIMEOUT,
                                 headers={"Authorization": "Bearer xoxb-1"})
    assert data == b"hello"
    assert server.requests[0].headers["Authorization"] == "Bearer xoxb-1"


async def test_a_redirect_is_followed_only_where_allowed(server: Server, session) -> None:
    here = f"{server.url}/to/?where={server.url}/file"
    assert await download_capped(session, here, max_bytes=100, timeout=TIMEOUT) == b"hello"
    away = f"{server.url}/to/?where=http://elsewhere.example/steal"
    with pytest.raises(HostRefused) as refused:
        await download_capped(session, away, max_bytes=100, timeout=TIMEOUT,
                              headers={"Authorization": "Bearer xoxb-1"},
                              allowed=lambda url: url.startswith(server.url))
    assert refused.value.url == "http://elsewhere.example/steal"  # asked before anything was sent there
    with pytest.raises(HostRefused):
        await download_capped(session, "http://elsewhere.example/x", max_bytes=100, timeout=TIMEOUT,
                              allowed=lambda url: False)
    assert len(server.requests) == 3  # two hops, then the one that stopped at the redirect


async def test_endless_redirects_stop(server: Server, session) -> None:
    with pytest.raises(TooManyRedirects):
        await download_capped(session, f"{server.url}/loop", max_bytes=100, timeout=TIMEOUT, max_redirects=2)
    assert len(server.requests) == 3


@pytest.mark.parametrize(("path", "status"), [("/gone", 404), ("/no-location", 302)])
async def test_an_answer_that_is_not_the_file(server: Server, session, path: str, status: int) -> None:
    with pytest.raises(BadStatus) as failed:
        await download_capped(session, server.url + path, max_bytes=100, timeout=TIMEOUT)
    assert failed.value.status == status


async def test_a_refused_content_type(server: Server, session) -> None:
    with pytest.raises(RefusedType) as refused:
        await download_capped(session, f"{server.url}/html", max_bytes=1000, timeout=TIMEOUT,
                              refuse_type=lambda content_type: content_type == "text/html")
    assert refused.value.content_type == "text/html"
    text = await download_capped(session, f"{server.url}/html", max_bytes=1000, timeout=TIMEOUT)
    assert text.startswith(b"<html>")


async def test_a_declared_size_over_the_limit_is_refused_unread(server: Server, session) -> None:
    with pytest.raises(TooLarge) as large:
        await download_capped(session, f"{server.url}/big-declared", max_bytes=4999, timeout=TIMEOUT)
    assert large.value.declared == 5000
    assert len(await download_capped(session, f"{server.url}/big-declared", max_bytes=5000,
                                     timeout=TIMEOUT)) == 5000


async def test_a_stream_past_the_limit_is_cut_off(server: Server, session) -> None:
    with pytest.raises(TooLarge) as large:
        await download_capped(session, f"{server.url}/endless", max_bytes=100 * 1024, timeout=TIMEOUT)
    assert large.value.declared is None  # nothing declared it: the stream went past
    assert server.sent < 1000 * 64 * 1024  # hung up, never read it all


async def _lying_server(body: bytes, claimed: int) -> tuple[asyncio.Server, str]:
    """Says Content-Length: `claimed`, then sends `body` (more than it claimed)."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % claimed + body)
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    return server, f"http://127.0.0.1:{port}/cv.pdf"


async def test_a_lying_content_length_never_gets_past_the_limit(session) -> None:
    # Claims 100 bytes, sends 10,000: aiohttp refuses the data after the claimed body.
    server, url = await _lying_server(b"z" * 10_000, claimed=100)
    async with server:
        with pytest.raises(NetworkFailure):
            await download_capped(session, url, max_bytes=1000, timeout=TIMEOUT)
    # Claims over the limit: refused on the header, whatever follows.
    server, url = await _lying_server(b"z" * 10, claimed=5_000)
    async with server:
        with pytest.raises(TooLarge) as large:
            await download_capped(session, url, max_bytes=1000, timeout=TIMEOUT)
    assert large.value.declared == 5_000


async def test_network_failures_are_one_error(session) -> None:
    closed = await asyncio.start_server(lambda r, w: w.close(), "127.0.0.1", 0)  # hangs up at once
    port = closed.sockets[0].getsockname()[1]
    async with closed:
        with pytest.raises(NetworkFailure) as cut:
            await download_capped(session, f"http://127.0.0.1:{port}/x", max_bytes=100, timeout=TIMEOUT)
    assert cut.value.reason  # a class name, e.g. ServerDisconnectedError
    with pytest.raises(NetworkFailure):  # nothing listens there any more
        await download_capped(session, f"http://127.0.0.1:{port}/x", max_bytes=100, timeout=TIMEOUT)
    with pytest.raises(NetworkFailure):
        await download_capped(session, "ftp://127.0.0.1/x", max_bytes=100, timeout=TIMEOUT)


async def test_a_server_that_never_answers_times_out(session) -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # until the client gives up

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        with pytest.raises(NetworkFailure) as late:
            await download_capped(session, f"http://127.0.0.1:{port}/x", max_bytes=100,
                                  timeout=aiohttp.ClientTimeout(total=0.2))
    assert "Timeout" in late.value.reason
