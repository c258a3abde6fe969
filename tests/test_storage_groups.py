"""Writes are committed in groups (storage/connection.py): what each writer is told
must still be true of the file, as another process reads it."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from interview_core.models import Role
from interview_core.service import InterviewService
from interview_core.storage import StorageError, Store
from tests.helpers import ScriptedProvider, ref

CV = "Amina Yusuf. Ward nurse at St Mary's Hospital, 6 years on a surgical ward."
JD = "Ward Manager. Lead a team of 20 nurses; rostering, audits, patient safety."


def rows(db_path: Path, sql: str, args: tuple = ()) -> list[tuple]:
    """Read the file with plain sqlite3, as another process would."""
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, args).fetchall()


async def _interviews(service: InterviewService, count: int) -> list[int]:
    ids = []
    for n in range(count):
        started = await service.start(ref(f"nurse-{n}", f"thread-{n}"), cv_text=CV, jd_text=JD,
                                      title="Ward Manager", company="St Mary's")
        ids.append(started.interview.id)
    return ids


async def test_each_write_of_a_group_is_in_the_file_when_its_call_returns(store, db_path):
    service = InterviewService(store, ScriptedProvider())
    ids = await _interviews(service, 20)
    seen_by_another_process: list[int] = []

    async def answer(n: int, interview_id: int) -> None:
        await store.add_answer(interview_id, f"answer of nurse {n}", f"m-{n}")
        # No await between the call returning and this read: the row must be committed.
        seen_by_another_process.append(
            len(rows(db_path, "SELECT 1 FROM messages WHERE interview_id = ? AND role = 'user'",
                     (interview_id,)))
        )

    await asyncio.gather(*(answer(n, i) for n, i in enumerate(ids)))
    assert seen_by_another_process == [1] * 20


async def test_a_group_whose_commit_fails_tells_every_writer_and_keeps_nothing(store, db_path):
    service = InterviewService(store, ScriptedProvider())
    [kept] = await _interviews(service, 1)
    # Foreign keys checked at COMMIT: the second write below breaks the whole group there.
    store._sync.execute("PRAGMA defer_foreign_keys = ON")
    results = await asyncio.gather(
        store.add_answer(kept, "my answer about rostering", "m-1"),
        store.add_question(404, 2, "A question for an interview that isn't there?", provider="x", usage=None),
        return_exceptions=True,
    )
    assert [type(r) for r in results] == [StorageError, StorageError]
    assert rows(db_path, "SELECT count(*) FROM messages WHERE role = 'user'") == [(0,)]
    # The store goes on: the same answer, sent again, is saved.
    again = await store.add_answer(kept, "my answer about rostering", "m-1")
    assert again.status == "stored"
    assert rows(db_path, "SELECT text FROM messages WHERE role = 'user'") == [("my answer about rostering",)]


async def test_a_process_with_an_old_view_files_messages_where_they_belong(db_path):
    """Process B last saw question 1; process A has since taken answer 1 and asked
    question 2. B's next message is the answer to question 2 if it was sent after
    question 2 was written, and an addition to answer 1 if it was sent before."""
    async with Store(db_path) as store_a, Store(db_path) as store_b:
        a = InterviewService(store_a, ScriptedProvider())
        b = InterviewService(store_b, ScriptedProvider())
        await a.start(ref(), cv_text=CV, jd_text=JD, title="Ward Manager", company="St Mary's")
        await b.resume(ref())  # B caches question 1
        before_question_2 = datetime.now(UTC) - timedelta(microseconds=1)
        first = await a.submit_answer(ref(), "I rostered 20 nurses", platform_message_id="m-1")
        assert first.kind == "question" and first.question.number == 2

        early = await b.submit_answer(ref(), "and I ran the audits", platform_message_id="m-2",
                                      sent_at=before_question_2)
        assert early.kind == "added"
        late = await b.submit_answer(ref(), "For safety I set up huddles", platform_message_id="m-3")
        assert late.kind == "question" and late.question.number == 3
    messages = rows(db_path, "SELECT seq, role, text FROM messages ORDER BY seq")
    assert [(s, r) for s, r, _ in messages] == [
        (1, Role.INTERVIEWER.value), (2, Role.CANDIDATE.value), (3, Role.INTERVIEWER.value),
        (4, Role.CANDIDATE.value), (5, Role.INTERVIEWER.value),
    ]
    assert messages[3][2] == "For safety I set up huddles"
    assert rows(db_path, "SELECT answer_seq, text FROM answer_additions") == [(2, "and I ran the audits")]


@pytest.mark.parametrize("answers", [1, 7, 8])
async def test_the_interview_is_complete_after_its_last_answer_and_not_before(store, db_path, answers):
    service = InterviewService(store, ScriptedProvider())
    await service.start(ref(), cv_text=CV, jd_text=JD, title="Ward Manager", company="St Mary's")
    for n in range(answers):
        await service.submit_answer(ref(), f"answer {n + 1} about the ward", platform_message_id=f"m{n}")
    expected = "complete" if answers == 8 else "active"
    assert rows(db_path, "SELECT status FROM interviews") == [(expected,)]
