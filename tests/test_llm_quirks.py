"""Real servers and small models misbehave in known ways; a real console
interview must still show eight clean questions and a report.

Each test runs `interview-bot console` in a subprocess against the loopback
server given one quirk (tests/llm_servers.py, QUIRKS) and asserts what the
user sees, which engine wrote what, and what went over the wire.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from interview_core.feedback import OFFLINE_LABEL, engine_label
from interview_core.models import InterviewContext, Role, Turn
from interview_core.providers.factory import build_named_provider
from interview_core.providers.http import make_http_client
from interview_core.settings import Settings
from tests.llm_servers import FakeLLMServer, Recorded, Step
from tests.test_console import ANSWERS, console, question_numbers, questions_asked

# --- what a clean question is -------------------------------------------------

QUESTION_MAX_SHOWN = 400
COPIED_SENTENCE_WORDS = 8  # a whole answer sentence this long, echoed back
COPIED_RUN_WORDS = 13  # or this many answer words in a row (the offline interviewer
# quotes at most 12, and in quotation marks, which the check leaves out)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_LIST_ITEM = re.compile(r"(?:^|\s)[1-9][.)]\s")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:['’][a-z]+)?", text.lower())


def copied_from_answers(question: str, answers: list[str] = ANSWERS) -> str | None:
    """The answer text the question repeats verbatim (outside quotation marks), if any."""
    plain = f" {' '.join(_words(_QUOTED.sub(' ', question)))} "
    for answer in answers:
        for sentence in re.split(r"(?<=[.!?])\s+", answer):
            words = _words(sentence)
            if len(words) >= COPIED_SENTENCE_WORDS and f" {' '.join(words)} " in plain:
                return sentence
        words = _words(answer)
        for i in range(len(words) - COPIED_RUN_WORDS + 1):
            run = " ".join(words[i : i + COPIED_RUN_WORDS])
            if f" {run} " in plain:
                return run
    return None


def question_problems(question: str) -> list[str]:
    problems = []
    if "<<" in question or ">>" in question:
        problems.append("a fence marker's brackets")
    if "BEGIN" in question or "END " in question:
        problems.append("a BEGIN/END marker")
    if _LIST_ITEM.search(question):
        problems.append("a numbered list item")
    if "Here are" in question:
        problems.append('"Here are"')
    if len(question) > QUESTION_MAX_SHOWN:
        problems.append(f"{len(question)} characters")
    if not question.endswith(("?", ".")):
        problems.append("no final ? or .")
    copied = copied_from_answers(question)
    if copied:
        problems.append(f"copies the answer {copied!r}")
    return problems


def assert_clean_interview(run: subprocess.CompletedProcess[str]) -> None:
    """Exit 0, no traceback, questions 1..8 shown, each one clean."""
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert question_numbers(run.stdout) == list(range(1, 9)), run.stdout
    questions = questions_asked(run.stdout)
    bad = {q: p for q in questions if (p := question_problems(q))}
    assert not bad, bad


# --- running an interview against a quirky server -------------------------------


def interview(
    tmp_path: Path, kind: str, *quirks: str
) -> tuple[subprocess.CompletedProcess[str], list[Recorded], list[str]]:
    """Eight answers through the console, no fallback engine: (run, requests, who
    wrote each question as stored in the database)."""
    db = tmp_path / "interviews.db"
    with FakeLLMServer(kind, quirks=set(quirks)).in_thread() as server:  # type: ignore[arg-type]
        run = console(db, stdin="\n".join(ANSWERS) + "\n", env=server.env(LLM_FALLBACK=""))
        requests = list(server.requests)
    try:
        with sqlite3.connect(db) as conn:
            providers = [
                p
                for (p,) in conn.execute(
                    "SELECT provider FROM messages WHERE role = 'assistant' ORDER BY seq"
                )
            ]
    except sqlite3.OperationalError:  # the console died first: its own failure says why
        providers = []
    return run, requests, providers


def report_requests(requests: list[Recorded]) -> list[Recorded]:
    return [r for r in requests if r.wants_json]


def assert_report_by(run: subprocess.CompletedProcess[str], kind: str) -> None:
    assert re.search(r"^Overall score: \d+/100$", run.stdout, re.M), run.stdout
    assert engine_label(kind) in run.stdout
    assert OFFLINE_LABEL not in run.stdout


# --- servers that refuse a structured-output format ------------------------------


@pytest.mark.parametrize("status", [400, 422, 500])
def test_a_server_that_refuses_json_schema_gets_json_object_next(
    tmp_path: Path, status: int
) -> None:
    run, requests, providers = interview(tmp_path, "openai", f"reject_json_schema_{status}")
    assert_clean_interview(run)
    assert providers == ["openai"] * 8
    assert_report_by(run, "openai")
    formats = [(r.body.get("response_format") or {}).get("type") for r in report_requests(requests)]
    assert formats == ["json_schema", "json_object"]


def test_gemini_refusing_response_schema_gets_plain_json_mode_next(tmp_path: Path) -> None:
    run, requests, providers = interview(tmp_path, "gemini", "reject_response_schema")
    assert_clean_interview(run)
    assert providers == ["gemini"] * 8
    assert_report_by(run, "gemini")
    configs = [r.body["generationConfig"] for r in report_requests(requests)]
    assert len(configs) == 2
    assert "responseSchema" in configs[0]
    assert configs[1].get("responseMimeType") == "application/json"
    assert "responseSchema" not in configs[1]


# --- reports that are not bare JSON ---------------------------------------------


def test_a_model_that_ignores_the_json_format_gets_the_offline_report(tmp_path: Path) -> None:
    run, requests, _ = interview(tmp_path, "openai", "ignore_response_format")
    assert_clean_interview(run)
    assert re.search(r"^Overall score: \d+/100$", run.stdout, re.M), run.stdout
    assert OFFLINE_LABEL in run.stdout  # labelled as the stand-in it is
    assert engine_label("openai") not in run.stdout
    # Three formats then one repair at most; not a retry loop.
    assert 1 <= len(report_requests(requests)) <= 4


@pytest.mark.parametrize("quirk", ["prose_around_json", "fenced_json"])
def test_json_wrapped_in_prose_or_a_fence_is_read_at_once(tmp_path: Path, quirk: str) -> None:
    run, requests, _ = interview(tmp_path, "openai", quirk)
    assert_clean_interview(run)
    assert_report_by(run, "openai")
    assert len(report_requests(requests)) == 1  # no repair round trip


# --- questions that are not one clean question -----------------------------------


@pytest.mark.parametrize("quirk", ["echo_fences", "list_of_questions"])
def test_a_question_in_noise_is_cleaned_and_kept(tmp_path: Path, quirk: str) -> None:
    run, _, providers = interview(tmp_path, "openai", quirk)
    assert_clean_interview(run)
    assert providers == ["openai"] * 8  # the model's own questions, cleaned


@pytest.mark.parametrize("quirk", ["continue_answer", "echo_answer"])
def test_a_model_that_echoes_the_answer_is_replaced_by_the_offline_interviewer(
    tmp_path: Path, quirk: str
) -> None:
    run, requests, providers = interview(tmp_path, "openai", quirk)
    assert_clean_interview(run)
    # Question 1 follows no answer, so the model's is fine; none after it is.
    assert providers == ["openai"] + ["offline"] * 7
    # Each of questions 2..8: one reply, one retry, then the stand-in.
    per_question = Counter(len(r.answers) for r in requests if not r.wants_json)
    assert per_question == Counter({0: 1} | {n: 2 for n in range(1, 8)})


# --- the working format is remembered ----------------------------------------


def finished_interview() -> InterviewContext:
    history: list[Turn] = []
    for n, answer in enumerate(ANSWERS, start=1):
        history += [
            Turn(Role.INTERVIEWER, f"Tell me about the work behind answer {n}?"),
            Turn(Role.CANDIDATE, answer),
        ]
    return InterviewContext(
        "Senior Backend Engineer",
        "Northwind Labs",
        "Python, Go, Kafka.",
        "Own the payments APIs.",
        tuple(history),
        len(ANSWERS) + 1,
        len(ANSWERS),
    )


async def test_a_refused_json_schema_is_not_tried_again_on_the_next_report() -> None:
    server = await FakeLLMServer("openai", quirks={"reject_json_schema_500"}).start()
    settings = Settings(_env_file=None, **server.settings_kwargs())
    ctx = finished_interview()
    try:
        async with make_http_client(settings) as client:
            provider = build_named_provider("openai", settings, client)
            first = await provider.feedback(ctx)
            made_by_first = len(server.requests)
            second = await provider.feedback(ctx)
    finally:
        await server.close()
    assert made_by_first == 2
    assert len(server.requests) - made_by_first == 1
    formats = [(r.body.get("response_format") or {}).get("type") for r in server.requests]
    assert formats == ["json_schema", "json_object", "json_object"]
    assert first.source == second.source == "openai"
    assert len(second.answers) == 8


async def test_a_server_with_a_small_context_gets_a_smaller_token_budget() -> None:
    # vLLM with max_model_len=4096 refuses our report's budget outright, with a 400.
    too_big = (
        "This model's maximum context length is 4096 tokens. However, you requested 8800 "
        "tokens (608 in the messages, 8192 in the completion). Please reduce the length."
    )
    server = await FakeLLMServer("openai").start()
    server.push(Step.http_error(400, message=too_big), Step.http_error(400, message=too_big))
    settings = Settings(_env_file=None, **server.settings_kwargs())
    try:
        async with make_http_client(settings) as client:
            provider = build_named_provider("openai", settings, client)
            first = await provider.feedback(finished_interview())
            second = await provider.feedback(finished_interview())
    finally:
        await server.close()
    assert first.source == second.source == "openai"  # the model's report, both times
    budgets = [r.body["max_tokens"] for r in server.requests]
    assert budgets == [4096, 2048, 1024, 1024]  # halved until it fits, then remembered
