"""`interview-bot doctor`'s chat platform checks: each configured token, asked once.

Slack: `auth.test` with SLACK_BOT_TOKEN (and the scopes it was granted), and
`apps.connections.open` with SLACK_APP_TOKEN (what Socket Mode connects with).
Discord: `GET /users/@me` with DISCORD_TOKEN, the application's flags for the
Message Content Intent, and the invite URL. httpx straight at SLACK_API_URL and
DISCORD_API_URL, no retries; the fixes are the adapters' own start-up words.
Nothing a server sends is printed unless it is a short plain name or a number
that shares no 8-character piece with a token.
"""

from __future__ import annotations

import re
import socket
import ssl
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx
from pydantic import ValidationError

from bot.doctor import Check

if TYPE_CHECKING:  # imported when a platform is checked: doctor without tokens stays light
    from adapters.discord.config import DiscordConfig
    from adapters.slack.config import SlackConfig

# The application flags that grant the Message Content Intent (Discord's "Application
# object" flags): the first for verified apps (100+ servers), the second for the others.
GATEWAY_MESSAGE_CONTENT = 1 << 18
GATEWAY_MESSAGE_CONTENT_LIMITED = 1 << 19
# What adapters/slack/manifest.yaml asks for (tests/test_doctor_platforms.py keeps them equal).
SLACK_BOT_SCOPES = ("chat:write", "commands", "im:history", "im:write", "files:read", "files:write",
                    "reactions:write")
TIMEOUT = httpx.Timeout(10.0, connect=5.0)


@dataclass
class PlatformReport:
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # printed after the table (the invite URL)


def safe(text: object, secrets: list[str], pattern: str = r"[\w .'()-]{1,80}") -> str | None:
    """`text` if it is plain and quotes no 8-character piece of a secret, else None."""
    if not isinstance(text, (str, int)) or not re.fullmatch(pattern, str(text)):
        return None
    value = str(text)
    pieces = {value[i:i + 8] for i in range(len(value) - 7)}  # none in a name under 8 characters
    return None if any(p in s for p in pieces for s in secrets) else value


def reason(exc: httpx.HTTPError) -> str:
    """A few words for why a request failed, from the OS error under httpx's."""
    if isinstance(exc, httpx.TimeoutException):
        return "no answer in time"
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, socket.gaierror) or "Name or service not known" in str(cause):
            return "host not found"
        if isinstance(cause, ConnectionRefusedError) or "Connection refused" in str(cause):
            return "connection refused"
        if isinstance(cause, ssl.SSLError):
            return "TLS error"
        cause = cause.__cause__ or cause.__context__
    return type(exc).__name__


@dataclass
class Answer:
    status: int
    data: Any  # the JSON body, or None when it was not JSON
    headers: httpx.Headers


async def request(client: httpx.AsyncClient, method: str, url: str, headers: dict[str, str]) -> Answer | str:
    """The answer, or why there was none: "invalid URL" or a connection reason."""
    try:
        response = await client.request(method, url, headers=headers, timeout=TIMEOUT)
    except (httpx.InvalidURL, httpx.UnsupportedProtocol):
        return "invalid URL"
    except httpx.HTTPError as exc:
        return reason(exc)
    try:
        data = response.json()
    except ValueError:
        data = None
    return Answer(response.status_code, data, response.headers)


# -- Slack ---------------------------------------------------------------------------


async def slack_call(client: httpx.AsyncClient, config: SlackConfig, name: str, method: str, variable: str,
                     fix: str) -> dict[str, Any] | Check:
    from adapters.slack.startup import DEFAULT_API_URL, SLACK_TROUBLE, shown

    where = shown(config.api_url)
    token = config.secret(variable.lower())
    answer = await request(client, "POST", f"{config.api_url}/{method}", {"Authorization": f"Bearer {token}"})
    if answer == "invalid URL":
        return Check(name, "FAIL", f"SLACK_API_URL={where} is not a valid URL",
                     f"use one like {DEFAULT_API_URL}, or unset SLACK_API_URL")
    if isinstance(answer, str):
        return Check(name, "FAIL", f"cannot reach Slack at {where} ({answer})",
                     "check the network connection, or SLACK_API_URL")
    data = answer.data
    if not isinstance(data, dict) or "ok" not in data:
        return Check(name, "FAIL", f"{where} does not answer like Slack's Web API (HTTP {answer.status})",
                     f"fix SLACK_API_URL, or unset it to use {DEFAULT_API_URL}")
    if data.get("ok") is True:
        data["_scopes"] = answer.headers.get("x-oauth-scopes")
        return data
    code = safe(data.get("error"), [token], r"[a-z0-9_.]{1,60}") or "an unexpected error"
    if code in SLACK_TROUBLE:
        return Check(name, "FAIL", f"Slack could not answer {method} ({code})", "try again in a few minutes")
    return Check(name, "FAIL", f"Slack rejected {variable} ({code})", fix)


async def check_slack(config: SlackConfig, client: httpx.AsyncClient) -> list[Check]:
    from adapters.slack.startup import APP_TOKEN_FIX, BOT_TOKEN_FIX

    bot_token, app_token = config.secret("slack_bot_token"), config.secret("slack_app_token")
    secrets = [s for s in (bot_token, app_token, config.secret("slack_signing_secret")) if s]
    checks: list[Check] = []
    if not bot_token:
        checks.append(Check("slack bot token", "FAIL", "SLACK_BOT_TOKEN is not set", BOT_TOKEN_FIX))
    elif not bot_token.startswith("xoxb-"):
        checks.append(Check("slack bot token", "FAIL", "SLACK_BOT_TOKEN is not a Bot User OAuth Token "
                            "(those start with xoxb-)", BOT_TOKEN_FIX))
    else:
        found = await slack_call(client, config, "slack bot token", "auth.test", "SLACK_BOT_TOKEN", BOT_TOKEN_FIX)
        checks.append(found if isinstance(found, Check) else _bot_identity(found, secrets))
    if app_token:
        checks.append(await _socket_mode(client, config, app_token, APP_TOKEN_FIX))
    elif config.secret("slack_signing_secret"):
        checks.append(Check("slack mode", "ok", "HTTP mode: run `interview-bot slack --http-port PORT` "
                            "(SLACK_SIGNING_SECRET is checked on each signed request)"))
    else:
        checks.append(Check("slack mode", "FAIL", "neither SLACK_APP_TOKEN nor SLACK_SIGNING_SECRET is set",
                            f"for Socket Mode, {APP_TOKEN_FIX}; for HTTP mode, set SLACK_SIGNING_SECRET "
                            "(Basic Information > App Credentials)"))
    return checks


def _bot_identity(data: dict[str, Any], secrets: list[str]) -> Check:
    who = safe(data.get("user"), secrets) or safe(data.get("user_id"), secrets) or "the bot"
    team = safe(data.get("team"), secrets) or safe(data.get("team_id"), secrets) or "its workspace"
    granted = data.get("_scopes")
    if isinstance(granted, str):
        missing = [s for s in SLACK_BOT_SCOPES if s not in {g.strip() for g in granted.split(",")}]
        if missing:
            return Check("slack bot token", "FAIL", f"{who} in {team} lacks the scopes {', '.join(missing)}",
                         "add them under OAuth & Permissions > Bot Token Scopes (or paste "
                         "adapters/slack/manifest.yaml again), then reinstall the app")
    return Check("slack bot token", "ok", f"{who} in {team} (auth.test)")


async def _socket_mode(client: httpx.AsyncClient, config: SlackConfig, app_token: str, fix: str) -> Check:
    if not app_token.startswith("xapp-"):
        return Check("slack socket mode", "FAIL", "SLACK_APP_TOKEN is not an App-Level Token "
                     "(those start with xapp-)", fix)
    found = await slack_call(client, config, "slack socket mode", "apps.connections.open", "SLACK_APP_TOKEN", fix)
    if isinstance(found, Check):
        return found
    if not str(found.get("url", "")).startswith(("ws://", "wss://")):
        return Check("slack socket mode", "FAIL", "apps.connections.open gave no websocket URL",
                     "turn on Socket Mode: https://api.slack.com/apps > your app > Socket Mode")
    return Check("slack socket mode", "ok", "apps.connections.open gave a websocket URL: Socket Mode can connect")


# -- Discord -------------------------------------------------------------------------


async def discord_get(client: httpx.AsyncClient, config: DiscordConfig, name: str, path: str,
                      token: str) -> dict[str, Any] | Check:
    from adapters.discord.startup import DEFAULT_API_URL, TOKEN_FIX, shown

    base = config.discord_api_url or DEFAULT_API_URL
    where = shown(base)
    answer = await request(client, "GET", base + path, {"Authorization": f"Bot {token}"})
    if answer == "invalid URL":
        return Check(name, "FAIL", f"DISCORD_API_URL={where} is not a valid URL",
                     f"use one like {DEFAULT_API_URL}, or unset DISCORD_API_URL")
    if isinstance(answer, str):
        return Check(name, "FAIL", f"cannot reach Discord at {where} ({answer})",
                     "check the network connection, or DISCORD_API_URL")
    if answer.status == 401 and isinstance(answer.data, dict):
        return Check(name, "FAIL", "Discord refused DISCORD_TOKEN (401 Unauthorized)", TOKEN_FIX)
    if answer.status != 200 or not isinstance(answer.data, dict) or "id" not in answer.data:
        if answer.status >= 500 and not config.discord_api_url:
            return Check(name, "FAIL", f"Discord answered HTTP {answer.status}", "try again in a few minutes")
        return Check(name, "FAIL", f"{where} does not answer like Discord's API (HTTP {answer.status})",
                     f"fix DISCORD_API_URL, or unset it to use {DEFAULT_API_URL}")
    return answer.data


async def check_discord(config: DiscordConfig, client: httpx.AsyncClient) -> PlatformReport:
    from adapters.discord.client import invite_url
    from adapters.discord.startup import INTENT_FIX

    token = config.token or ""
    report = PlatformReport()
    me = await discord_get(client, config, "discord token", "/users/@me", token)
    if isinstance(me, Check):
        report.checks.append(me)
        return report
    name = safe(me.get("username"), [token]) or "the bot"
    user_id = safe(me.get("id"), [token], r"\d{5,25}")
    report.checks.append(Check("discord token", "ok", f"{name} (id {user_id})" if user_id else name))
    # The endpoint discord.py itself reads the flags from at log-in.
    app = await discord_get(client, config, "discord intent", "/oauth2/applications/@me", token)
    if isinstance(app, Check):
        report.checks.append(app)
        return report
    flags = app.get("flags") if isinstance(app.get("flags"), int) else 0
    if flags & GATEWAY_MESSAGE_CONTENT:
        report.checks.append(Check("discord intent", "ok", "Message Content Intent on"))
    elif flags & GATEWAY_MESSAGE_CONTENT_LIMITED:
        report.checks.append(Check("discord intent", "ok", "Message Content Intent on (unverified app: "
                                   "up to 100 servers)"))
    else:
        report.checks.append(Check("discord intent", "FAIL", "the Message Content Intent is off: "
                                   "answers typed in threads can't be read", INTENT_FIX))
    app_id = safe(app.get("id"), [token], r"\d{5,25}")
    if app_id:
        report.notes.append(f"Invite the Discord bot to a server: {invite_url(int(app_id))}")
    return report


# -- both ----------------------------------------------------------------------------


def _settings_problem(name: str, exc: ValidationError) -> Check:
    problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in exc.errors())
    return Check(name, "FAIL", problems, "fix these variables in .env")


async def check_platforms(slack: SlackConfig | None = None, discord: DiscordConfig | None = None) -> PlatformReport:
    """Every configured platform (a token set); nothing at all when none is."""
    report = PlatformReport()
    if slack is None:
        from adapters.slack.config import SlackConfig

        try:
            slack = SlackConfig()
        except ValidationError as exc:
            report.checks.append(_settings_problem("slack settings", exc))
    if discord is None:
        from adapters.discord.config import DiscordConfig

        try:
            discord = DiscordConfig()
        except ValidationError as exc:
            report.checks.append(_settings_problem("discord settings", exc))
    names = ("slack_bot_token", "slack_app_token", "slack_signing_secret")
    slack_on = slack is not None and any(slack.secret(n) for n in names)
    discord_on = discord is not None and discord.token is not None
    if not (slack_on or discord_on):
        return report
    async with httpx.AsyncClient(follow_redirects=False) as client:
        if slack_on:
            report.checks.extend(await check_slack(slack, client))
        if discord_on:
            found = await check_discord(discord, client)
            report.checks.extend(found.checks)
            report.notes.extend(found.notes)
    return report
