"""Documents are read in worker processes with hard limits (issue 10, point 1):
a bomb kills only its worker, which is replaced, and everyone else's parse
goes on. Real worker processes, real hostile files built at test time."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from interview_core.documents import (
    DocumentError,
    DocumentErrorCode,
    DocumentLimits,
    DocumentPool,
    DocumentReader,
    WorkerLimits,
    extract_document,
)
from interview_core.documents.jobs import Job
from tests import hostile_files as hostile
from tests.test_documents import make_pdf

CV_DIR = Path(__file__).parent / "fixtures" / "cv"
CV = (CV_DIR / "awesome-cv-resume.pdf").read_bytes()
TEXT = "Jane Doe, staff nurse: triage, medication rounds and ward handovers, 2016-2024."


@pytest.fixture
async def reader() -> AsyncIterator[DocumentReader]:
    reader = DocumentReader(DocumentLimits(max_bytes=2 * hostile.MB), DocumentPool(WorkerLimits(workers=2)))
    try:
        yield reader
    finally:
        reader.close()


async def _error(awaitable) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        await awaitable
    return info.value


async def test_a_real_cv_reads_the_same_in_a_worker_as_in_this_process(reader: DocumentReader) -> None:
    here = extract_document(CV, "cv.pdf")
    there = await reader.read(CV, "cv.pdf", content_type="application/pdf")
    assert there == here and there.summary() == here.summary()
    pasted = await reader.paste("  " + TEXT + "\u200b\n")
    assert pasted.text == TEXT and pasted.kind == "text"


async def test_a_friendly_error_comes_back_whole(reader: DocumentReader) -> None:
    error = await _error(reader.read(hostile.OTHER_TYPES["png"][0], "cv.pdf"))
    assert error.code == DocumentErrorCode.UNSUPPORTED_TYPE
    assert "PNG" in error.user_message and error.filename == "cv.pdf"
    assert reader.pool is not None and reader.pool.replaced == 0  # an ordinary refusal costs no worker


async def test_a_decompression_bomb_kills_only_its_worker_which_is_replaced(
    reader: DocumentReader, caplog: pytest.LogCaptureFixture
) -> None:
    assert reader.pool is not None
    before = set(reader.pool.pids())
    bomb = hostile.pdf_bomb()  # 10 KB that inflates to 4 GB
    with caplog.at_level(logging.INFO, logger="interview_core.documents"):
        error = await _error(reader.read(bomb, "Jane CV.pdf", requester="attacker"))
    assert error.code == DocumentErrorCode.TOO_COMPLEX
    assert error.user_message == (
        "`Jane CV.pdf` is too complex to read safely: export it again as a simple PDF, or paste the text."
    )
    assert reader.pool.replaced == 1
    assert len(set(reader.pool.pids()) - before) == 1  # a new worker in its place
    lines = [r.getMessage() for r in caplog.records if "worker gone" in r.getMessage()]
    assert len(lines) == 1 and f"{len(bomb)} bytes, sha256 " in lines[0]
    assert "Jane" not in lines[0]  # never the file's name or content
    # And the pool still reads, in both workers.
    docs = await asyncio.gather(*(reader.read(CV, "cv.pdf") for _ in range(4)))
    assert {d.text for d in docs} == {extract_document(CV, "cv.pdf").text}


@pytest.mark.parametrize(
    ("limits", "logged"),
    [
        # Memory high enough that the CPU limit is what ends it.
        pytest.param(WorkerLimits(workers=1, memory_mb=4096, cpu_seconds=1, wall_seconds=60), "SIGXCPU",
                     id="the CPU limit ends a parse that computes too long"),
        pytest.param(WorkerLimits(workers=1, memory_mb=4096, cpu_seconds=60, wall_seconds=0.5), "no answer in 0.5 s",
                     id="the wall limit kills a worker that does not answer"),
    ],
)
async def test_a_limit_ends_a_parse_and_the_worker_is_replaced(
    caplog: pytest.LogCaptureFixture, limits: WorkerLimits, logged: str
) -> None:
    pool = DocumentPool(limits)
    reader = DocumentReader(pool=pool)
    try:
        with caplog.at_level(logging.INFO, logger="interview_core.documents"):
            error = await _error(reader.read(hostile.pdf_cpu_bomb(), "cv.pdf"))
        assert error.code == DocumentErrorCode.TOO_COMPLEX
        assert logged in caplog.text
        assert pool.replaced == 1
        assert (await reader.read(CV, "cv.pdf")).pages == 3
    finally:
        reader.close()


async def test_another_users_cv_is_read_while_an_attacker_s_bombs_run() -> None:
    """Two CPU bombs from one user hold one worker (one parse per requester at a time),
    so another user's CV is read on the other worker while the first bomb still runs."""
    pool = DocumentPool(WorkerLimits(workers=2, memory_mb=4096, cpu_seconds=60, wall_seconds=2))
    reader = DocumentReader(pool=pool)
    try:
        cpu_bomb = hostile.pdf_cpu_bomb()
        bombs = [asyncio.create_task(reader.read(cpu_bomb, "cv.pdf", requester="slack:T1:UATTACK"))
                 for _ in range(2)]
        await asyncio.sleep(0.2)  # both bombs are in: the second waits for the first
        cv = await reader.read(CV, "cv.pdf", requester="slack:T1:UOTHER")
        assert cv.pages == 3
        assert not any(b.done() for b in bombs)  # the first bomb is still being read
        for bomb in bombs:
            assert (await _error(bomb)).code == DocumentErrorCode.TOO_COMPLEX
    finally:
        reader.close()


HOSTILE = {
    "pdf bomb": lambda: (hostile.pdf_bomb(), "cv.pdf", DocumentErrorCode.TOO_COMPLEX),
    "pdf cpu bomb": lambda: (hostile.pdf_cpu_bomb(), "cv.pdf", DocumentErrorCode.TOO_COMPLEX),
    "lying docx": lambda: (hostile.lying_docx(200 * hostile.MB), "cv.docx", DocumentErrorCode.TOO_LARGE),
    "zip version 9.9": lambda: (hostile.with_zip_version(hostile.small_docx(TEXT)), "cv.docx", None),
    "aes user password": lambda: (hostile.aes_pdf(make_pdf([TEXT]), user="u", owner="o"), "cv.pdf",
                                  DocumentErrorCode.ENCRYPTED),
    "combining marks": lambda: (hostile.combining_marks(320 * 1024).encode(), "cv.txt", "ok"),
    "png named pdf": lambda: (hostile.OTHER_TYPES["png"][0], "cv.pdf", DocumentErrorCode.UNSUPPORTED_TYPE),
    "invisible only": lambda: (hostile.invisible_text().encode(), "cv.txt", DocumentErrorCode.EMPTY),
    "truncated pdf": lambda: (make_pdf([TEXT])[:300], "cv.pdf", DocumentErrorCode.BROKEN),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
async def test_every_hostile_file_gets_a_friendly_sentence_through_the_pool(
    reader: DocumentReader, case: str
) -> None:
    data, name, expected = HOSTILE[case]()
    if expected == "ok":  # read in linear time: each run of marks cut short
        assert len((await reader.read(data, name)).text) < 100
        return
    error = await _error(reader.read(data, name))
    if expected is not None:
        assert error.code == expected
    assert error.user_message.startswith(("`cv.", "I can't", "That", "This", "Your"))
    assert "Traceback" not in error.user_message and "Error" not in error.user_message


async def test_a_worker_holds_none_of_the_bots_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-should-not-reach-a-worker")
    monkeypatch.setenv("GEMINI_API_KEY", "AIza-should-not-reach-a-worker")
    pool = DocumentPool(WorkerLimits(workers=1))
    try:
        await DocumentReader(pool=pool).paste(TEXT)  # the worker is up (exec'd, not just forked)
        (pid,) = pool.pids()
        environ = Path(f"/proc/{pid}/environ").read_bytes()
        assert b"should-not-reach" not in environ
        assert b"PYTHONPATH=" in environ  # it is the worker's environment we read
    finally:
        pool.close()


async def test_closing_the_pool_ends_its_workers() -> None:
    pool = DocumentPool(WorkerLimits(workers=2))
    pids = pool.pids()
    pool.close()
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reaped: no zombie left behind
    with pytest.raises(RuntimeError, match="closed"):
        pool.submit(Job("paste", TEXT, None, None, DocumentLimits()))


async def test_a_new_worker_s_start_up_is_not_counted_against_the_wall_limit() -> None:
    """Starting Python and importing the parsers takes a worker 0.2 s or more (seconds on
    a busy machine); a text CV parses in a millisecond. With a 50 ms wall limit the first
    read, and the one after a worker is replaced, must still succeed."""
    pool = DocumentPool(WorkerLimits(workers=1, memory_mb=4096, cpu_seconds=60, wall_seconds=0.05))
    reader = DocumentReader(pool=pool)
    try:
        text = "Amina Yusuf\nStaff Nurse, St Mary's Hospital, 2019-2025: surgical ward.\n".encode()
        first = await reader.read(text, "cv.txt")
        assert first.text.startswith("Amina Yusuf")
        assert (await _error(reader.read(hostile.pdf_cpu_bomb(), "cv.pdf"))).code == DocumentErrorCode.TOO_COMPLEX
        assert pool.replaced == 1
        again = await reader.read(text, "cv.txt")  # on the replacement, just started
        assert again.text == first.text
    finally:
        reader.close()
