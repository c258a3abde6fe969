"""`interview-bot doctor`: is this installation ready to run interviews?

Checks the settings, the database file, each configured engine with one tiny
call (no retries, so a broken provider is reported in seconds), and each chat
platform whose token is set (platform_checks.py), then prints a table, a fix for
every problem and the Discord invite URL. Exit code 0 when nothing failed.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, replace
from typing import Any, Literal, TextIO

import httpx
from pydantic import ValidationError

from interview_core.models import InterviewContext
from interview_core.providers.chat import ChatProvider
from interview_core.providers.offline.counting import counted
from interview_core.providers.factory import (
    build_named_provider,
    missing_settings,
    provider_names,
)
from interview_core.providers.http import LLMError, make_http_client
from interview_core.settings import Settings
from interview_core.storage import Store

Status = Literal["ok", "warn", "FAIL"]

_KEY_HELP = {
    "GEMINI_API_KEY": "get one at https://aistudio.google.com/apikey",
    "OPENROUTER_API_KEY": "get one at https://openrouter.ai/keys",
    "OPENAI_API_KEY": "or point OPENAI_BASE_URL at a server that needs none, e.g. http://localhost:11434/v1",
}


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    status: Status
    detail: str
    fix: str = ""


def _vars(name: str) -> tuple[str, str, str]:
    prefix = name.upper()
    return (f"{prefix}_API_KEY", f"{prefix}_MODEL", f"{prefix}_BASE_URL")


def check_settings(settings: Settings) -> Check:
    chain = provider_names(settings)
    detail = (
        f"LLM_PROVIDER={settings.llm_provider}, LLM_FALLBACK={settings.llm_fallback or '(none)'}, "
        f"MAX_QUESTIONS={settings.max_questions}"
    )
    if settings.llm_provider != "offline" and "offline" not in chain:
        return Check(
            "settings",
            "warn",
            detail,
            "no offline fallback: a provider outage pauses interviews until it recovers; "
            "set LLM_FALLBACK=offline to keep them going",
        )
    return Check("settings", "ok", detail)


async def check_database(settings: Settings) -> Check:
    """Asks the store, which opens the file read-only: doctor never creates or changes it."""
    found = await Store(settings.database_path).check()
    path = found.path
    if not found.exists:
        if found.writable:
            return Check("database", "ok", f"{path} will be created on first use")
        return Check(
            "database",
            "FAIL",
            f"cannot create {path}: {path.parent} is missing or not writable",
            "create the directory or set DATABASE_URL to a writable path",
        )
    if found.error is not None:
        return Check(
            "database", "FAIL", f"{path}: {found.error}", "move the file aside or fix DATABASE_URL"
        )
    version, known = found.schema_version or 0, found.known_version
    if version > known:
        return Check(
            "database",
            "FAIL",
            f"{path}: schema {version}, newer than this interview-bot's {known}",
            "upgrade interview-bot, or set DATABASE_URL to another file",
        )
    if found.integrity != "ok":
        return Check(
            "database",
            "FAIL",
            f"{path} is damaged: {found.integrity}",
            "restore a backup, or move the file aside (a new one is created on first use)",
        )
    if not found.writable:
        return Check(
            "database",
            "FAIL",
            f"{path} or its folder is read-only",
            "let the bot's user write the file and its folder (SQLite writes two files beside it)",
        )
    if version == 0:
        return Check("database", "ok", f"{path} (empty: set up on first use)")
    schema = f"schema {version}" if version == known else f"schema {version}, upgraded to {known} on first use"
    counts = ", ".join(counted(found.counts.get(t, 0), t[:-1]) for t in ("interviews", "messages"))
    return Check("database", "ok", f"{path} ({schema}, {counted(found.tables, 'table')}, {counts})")


_SAMPLE = InterviewContext(
    title="Backend Engineer",
    company="Example Ltd",
    cv_text="Python developer, five years of APIs and PostgreSQL.",
    jd_text="We need a backend engineer with Python, SQL and AWS.",
    history=(),
    question_number=1,
    max_questions=8,
)


def _ollama_fix(error: LLMError, settings: Settings) -> str | None:
    """Ollama's own remedies: the server is not running, or the model is not pulled."""
    model, base = settings.ollama_model, settings.ollama_base_url
    if error.kind in ("connection", "timeout"):
        return (
            f"cannot reach Ollama at {base}: start it (`ollama serve`, or open the Ollama app; "
            "install from https://ollama.com/download), or set OLLAMA_BASE_URL"
        )
    if error.kind == "not_found" or "not found" in str(error).lower():
        return (
            f"Ollama has no model {model!r}: run `ollama pull {model}`, or set OLLAMA_MODEL "
            "to one that `ollama list` shows"
        )
    return None


def _fix_for(name: str, error: LLMError, settings: Settings) -> str:
    if name == "ollama" and (fix := _ollama_fix(error, settings)):
        return fix
    key, model_var, base_var = _vars(name)
    model = getattr(settings, f"{name}_model", "")
    base = getattr(settings, f"{name}_base_url", "")
    return {
        "auth": f"{key} was rejected: check it is correct, active and allowed to use {model}",
        "not_found": f"not found: check {model_var}={model} and {base_var}={base}",
        "rate_limited": "quota or rate limit reached: wait, or check the plan/billing for this key",
        "timeout": f"no reply in time: check {base_var}, or raise LLM_READ_TIMEOUT "
        f"(now {settings.llm_read_timeout:g}s)",
        "connection": f"cannot reach {base}: check {base_var} and the network"
        + (" (is `ollama serve` running?)" if "11434" in base else ""),
        "server": "the provider is down or overloaded: try later; LLM_FALLBACK covers it meanwhile",
        "bad_response": f"{base} does not answer like this API: check {base_var}",
        "bad_request": f"the request was refused: check {model_var}={model}",
    }[error.kind]


async def check_provider(name: str, settings: Settings, client: httpx.AsyncClient) -> Check:
    label = f"provider {name}"
    missing = missing_settings(settings, name)
    if missing:
        var = missing[0]
        return Check(
            label, "FAIL", f"{var} is not set", f"set {var} in .env ({_KEY_HELP.get(var, '')})"
        )
    try:
        engine = build_named_provider(name, settings, client)
    except Exception as exc:  # noqa: BLE001 - an import or config problem: report it, don't crash doctor
        return Check(label, "FAIL", f"cannot start: {type(exc).__name__}: {exc}", "see the error")
    started = time.perf_counter()
    try:
        if isinstance(engine, ChatProvider):
            reply = await engine.ping()
            usage = (
                f", {reply.usage.prompt_tokens + reply.usage.completion_tokens} tokens"
                if reply.usage
                else ""
            )
            model = getattr(engine, "model", "")
            detail = f"{model} answered in {time.perf_counter() - started:.1f}s{usage}"
        else:
            question = await engine.opening_question(_SAMPLE)
            detail = f"wrote a question ({len(question.text)} characters)"
    except LLMError as exc:
        return Check(label, "FAIL", str(exc), _fix_for(name, exc, settings))
    except Exception as exc:  # noqa: BLE001 - any failure is a row in the report, never a crash
        return Check(
            label, "FAIL", f"{type(exc).__name__}: {exc}", "see the error; report it if it persists"
        )
    return Check(label, "ok", detail)


def print_table(checks: list[Check], out: TextIO) -> None:
    rows = [("CHECK", "STATUS", "DETAIL")] + [(c.name, c.status, c.detail) for c in checks]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    for row in rows:
        print(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]}", file=out)
    fixes = [c for c in checks if c.fix]
    if fixes:
        print("\nTo fix:", file=out)
        for check in fixes:
            print(f"- {check.name}: {check.fix}", file=out)


async def run_doctor(
    settings: Settings | None = None,
    *,
    out: TextIO | None = None,
    http_client: httpx.AsyncClient | None = None,
    slack: Any = None,
    discord: Any = None,
) -> int:
    """Print the report; return 0 if nothing failed, 1 otherwise. `slack` and `discord`
    (SlackConfig, DiscordConfig) default to the environment's: a platform is checked
    when one of its tokens is set (bot/platform_checks.py)."""
    from bot.platform_checks import check_platforms

    out = out or sys.stdout
    if settings is None:
        try:
            settings = Settings()
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in exc.errors()
            )
            print_table([Check("settings", "FAIL", problems, "fix these variables in .env")], out)
            return 1
    database = await check_database(settings)
    if "database_url" not in settings.model_fields_set:  # the bots' file differs from the console's
        database = replace(database, name="bots' database")
    checks = [check_settings(settings), database]
    checks.append(Check("console database", "ok", settings.console_database_description))
    client = http_client or make_http_client(settings)
    try:
        for name in provider_names(settings):
            checks.append(await check_provider(name, settings, client))
    finally:
        if http_client is None:
            await client.aclose()
    platforms = await check_platforms(slack, discord)
    checks.extend(platforms.checks)
    print_table(checks, out)
    for note in platforms.notes:
        print(f"\n{note}", file=out)
    failed = [c for c in checks if c.status == "FAIL"]
    print(f"\n{'All checks passed.' if not failed else counted(len(failed), 'check') + ' failed.'}", file=out)
    return 1 if failed else 0
