"""Pointing discord.py's REST and gateway clients somewhere else.

discord.py has no option for either, so this module does two documented,
narrow patches:

* REST: every route (bot, interaction callbacks, webhooks/followups) is built
  from the class attribute `discord.http.Route.BASE`; `use_api_url` sets it for
  the process (one bot per process) and returns the old value.
* Gateway: the main websocket is opened with `HTTPClient.ws_connect(url)`;
  `use_gateway_url` wraps that method on one client so the scheme, host, port
  and path come from DISCORD_GATEWAY_URL while discord.py's own query
  (`v=10&encoding=json&compress=...`) is kept. That also covers the URL from
  /gateway/bot, resume_gateway_url and the default one used with a fixed
  shard count. Voice connections (compress=15) are left alone.
"""

from __future__ import annotations

import discord
import discord.http
import yarl


def use_api_url(api_url: str | None) -> str:
    """Make every REST call go to `api_url` (e.g. http://127.0.0.1:8080/api/v10).
    Returns the previous base so a caller (a test) can restore it."""
    previous = discord.http.Route.BASE
    if api_url:
        discord.http.Route.BASE = api_url.rstrip("/")
    return previous


def gateway_rewrite(url: str, gateway_url: str) -> str:
    """`url` with the scheme, host, port and path of `gateway_url`, keeping url's query."""
    target = yarl.URL(gateway_url)
    original = yarl.URL(url)
    query = dict(target.query)
    query.update(original.query)
    return str(target.with_query(query))


def use_gateway_url(client: discord.Client, gateway_url: str | None) -> None:
    if not gateway_url:
        return
    http = client.http
    connect = http.ws_connect

    async def ws_connect(url: str, *, compress: int = 0):
        if compress == 0:  # the main gateway; voice asks for compress=15
            url = gateway_rewrite(url, gateway_url)
        return await connect(url, compress=compress)

    http.ws_connect = ws_connect  # type: ignore[method-assign]
