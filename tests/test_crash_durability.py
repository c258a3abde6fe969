"""An answer is in the file before any engine is called, and an answer the bot has said
is saved survives the process being killed (SIGKILL), with hundreds of interviews
writing in groups (storage/connection.py).

A child process runs many interviews at once through the real service and SQLite file
and prints a line each time `submit_answer` returns, which is when a platform would
tell the user "saved". Its engine kills the process on the spot at its Nth call for a
follow-up question, after printing the answer that call follows: that answer, and every
answer printed as saved, must be in the file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import asyncio, os, signal, sys
from interview_core.service import InterviewService
from interview_core.storage import Store
from tests.helpers import ScriptedProvider, ref

class KillingEngine(ScriptedProvider):
    async def follow_up_question(self, ctx):
        CALLS[0] += 1
        if CALLS[0] == KILL_AFTER:
            print("asked-after " + ctx.history[-1].text.replace(" ", "_"), flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
        return await super().follow_up_question(ctx)

async def one(service, n):
    r = ref(f"user-{n}", f"thread-{n}")
    await service.start(r, cv_text="Care assistant, 4 years in a nursing home.",
                        jd_text="Senior carer: medication rounds, care plans.", title="Senior Carer",
                        company="Oak House")
    for turn in range(8):
        outcome = await service.submit_answer(r, f"answer {turn} of user {n}", platform_message_id=f"{n}-{turn}")
        if outcome.kind in ("question", "complete"):
            print(f"saved {n} {turn}", flush=True)

CALLS = [0]
KILL_AFTER = int(sys.argv[2])

async def main():
    async with Store(sys.argv[1]) as store:
        service = InterviewService(store, KillingEngine(delay=0.001))
        await asyncio.gather(*(one(service, n) for n in range(300)))

asyncio.run(main())
"""


@pytest.mark.parametrize("kill_after", [1, 40, 300, 900, 1700])
def test_an_answer_is_in_the_file_before_the_engine_is_called_and_survives_a_kill(tmp_path: Path, kill_after: int) -> None:
    db = tmp_path / "crash.db"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), str(kill_after)], cwd=ROOT, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    saved: list[tuple[int, int]] = []
    engine_called_after = None
    for line in child.stdout:
        if line.startswith("asked-after "):
            engine_called_after = line.split()[1].replace("_", " ")
            continue
        _, n, turn = line.split()
        saved.append((int(n), int(turn)))
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL, "the run ended before the kill: raise the load"
    assert engine_called_after is not None
    with sqlite3.connect(db) as conn:
        texts = {text for (text,) in conn.execute("SELECT text FROM messages WHERE role = 'user'")}
        stored = {
            (int(pmid.split("-")[0]), int(pmid.split("-")[1]))
            for (pmid,) in conn.execute("SELECT platform_message_id FROM messages WHERE role = 'user'")
        }
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert engine_called_after in texts, "the engine was called before the answer was committed"
    missing = [s for s in saved if s not in stored]
    assert not missing, f"{len(missing)} answers reported saved are not in the file: {missing[:5]}"
