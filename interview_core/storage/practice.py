"""Practice mode's records (schema v9): retries asked for, the attempts they got, the
feedback each attempt got; and the questions asked about a report.

Attempt 1 of a question is its answer in `messages`; the retries are rows here, stored
as sent (a trigger refuses UPDATE) before any engine is asked about them, so a crash
while the feedback is written loses no attempt.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from interview_core.feedback import AnswerFeedback
from interview_core.models import Attempt, ReportQuestion
from interview_core.storage.connection import Database, now, stamp_of
from interview_core.storage.interviews import utf8


def _attempt_of(row: sqlite3.Row) -> Attempt:
    return Attempt(row["question"], row["attempt"], row["text"],
                   datetime.fromisoformat(row["created_at"]), row["platform_message_id"])


class Practice(Database):
    # -- retries -------------------------------------------------------------

    async def open_retry(self, interview_id: int, question: int, request_key: str | None = None) -> bool:
        """The user asked to try `question` again: their next message is that attempt.
        False when `request_key` (the platform's id for the request) opened a retry already:
        the same request delivered again."""
        row = await self._one(
            """INSERT INTO retries (interview_id, question, opened_by, created_at)
               SELECT ?, ?, ?, ?
               WHERE ? IS NULL OR NOT EXISTS (
                   SELECT 1 FROM attempts WHERE interview_id = ? AND opened_by = ?
                   UNION ALL SELECT 1 FROM retries WHERE interview_id = ? AND opened_by = ?)
               ON CONFLICT (interview_id) DO UPDATE SET question = excluded.question,
                   opened_by = excluded.opened_by, created_at = excluded.created_at
               RETURNING interview_id""",
            (interview_id, question, request_key, now(), request_key, interview_id, request_key,
             interview_id, request_key),
        )
        return row is not None

    async def retrying(self, interview_id: int) -> int | None:
        """The question a retry was asked for and not answered yet, if any."""
        row = await self._one("SELECT question FROM retries WHERE interview_id = ?", (interview_id,))
        return int(row[0]) if row else None

    # -- attempts ------------------------------------------------------------

    async def add_attempt(
        self, interview_id: int, text: str, platform_message_id: str | None
    ) -> Attempt | None:
        """Store `text` as the next attempt at the question a retry is open for, and close
        the retry, in one transaction. None when no retry is open (answered already, by
        this very message delivered twice, or by another)."""
        created = datetime.now(UTC)
        inserted, _ = await self._atomic([
            ("""INSERT INTO attempts (interview_id, question, attempt, text, platform_message_id, opened_by,
                                      created_at)
                SELECT r.interview_id, r.question,
                       2 + (SELECT COUNT(*) FROM attempts AS a
                            WHERE a.interview_id = r.interview_id AND a.question = r.question),
                       CAST(? AS TEXT), ?, r.opened_by, ?
                FROM retries AS r WHERE r.interview_id = ?
                  AND NOT EXISTS (SELECT 1 FROM messages
                                  WHERE interview_id = r.interview_id AND platform_message_id = ?)
                ON CONFLICT DO NOTHING
                RETURNING question, attempt""",
             (utf8(text), platform_message_id, stamp_of(created), interview_id, platform_message_id)),
            ("DELETE FROM retries WHERE interview_id = ? AND changes() > 0", (interview_id,)),
        ])
        if not inserted:
            return None
        row = inserted[0]
        return Attempt(row[0], row[1], text, created, platform_message_id)

    async def attempt_stored(self, interview_id: int, platform_message_id: str | None) -> bool:
        """Was this platform message stored already as an attempt?"""
        if platform_message_id is None:
            return False
        return await self._one(
            "SELECT 1 FROM attempts WHERE interview_id = ? AND platform_message_id = ?",
            (interview_id, platform_message_id),
        ) is not None

    async def attempts(self, interview_id: int) -> list[Attempt]:
        """Every retry of every question, by question then attempt."""
        rows = await self._all(
            "SELECT * FROM attempts WHERE interview_id = ? ORDER BY question, attempt", (interview_id,)
        )
        return [_attempt_of(r) for r in rows]

    # -- the feedback each attempt got -----------------------------------------

    async def save_attempt_feedback(
        self, interview_id: int, question: int, attempt: int, feedback: AnswerFeedback
    ) -> None:
        """Written once: an attempt's feedback, like the attempt, is not rewritten."""
        await self._all(
            """INSERT INTO attempt_feedback (interview_id, question, attempt, score, feedback_json, created_at)
               VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
            (interview_id, question, attempt, feedback.note.score, feedback.model_dump_json(), now()),
        )

    async def attempt_feedback(self, interview_id: int) -> dict[tuple[int, int], AnswerFeedback]:
        """(question, attempt) -> the feedback it got."""
        rows = await self._all(
            "SELECT question, attempt, feedback_json FROM attempt_feedback WHERE interview_id = ?",
            (interview_id,),
        )
        return {(r[0], r[1]): AnswerFeedback.model_validate_json(r[2]) for r in rows}

    # -- a waiting question written again ------------------------------------------

    async def rewrite_question(self, interview_id: int, seq: int, text: str, provider: str | None) -> bool:
        """Show `text` for the question at `seq` from now on, if it is still waiting for its
        answer (the last message); the question as asked stays in `messages`."""
        row = await self._one(
            """INSERT INTO question_rewrites (interview_id, seq, text, provider, created_at)
               SELECT ?, ?, CAST(? AS TEXT), ?, ?
               WHERE (SELECT MAX(seq) FROM messages WHERE interview_id = ?) = ?
                 AND EXISTS (SELECT 1 FROM messages WHERE interview_id = ? AND seq = ? AND role = 'assistant')
               ON CONFLICT (interview_id, seq) DO UPDATE SET text = excluded.text,
                   provider = excluded.provider, created_at = excluded.created_at
               RETURNING seq""",
            (interview_id, seq, utf8(text), provider, now(), interview_id, seq, interview_id, seq),
        )
        return row is not None

    # -- questions about the report ----------------------------------------------

    async def add_report_question(
        self, interview_id: int, question: str, answer: str, provider: str | None,
        platform_message_id: str | None,
    ) -> None:
        await self._all(
            """INSERT INTO report_questions (interview_id, question, answer, provider,
                   platform_message_id, created_at)
               VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
            (interview_id, question, answer, provider, platform_message_id, now()),
        )

    async def report_question(self, interview_id: int, platform_message_id: str) -> ReportQuestion | None:
        """The question this platform message asked already, with its answer (a redelivery)."""
        row = await self._one(
            "SELECT * FROM report_questions WHERE interview_id = ? AND platform_message_id = ?",
            (interview_id, platform_message_id),
        )
        return _question_of(row) if row else None

    async def report_questions(self, interview_id: int) -> list[ReportQuestion]:
        rows = await self._all(
            "SELECT * FROM report_questions WHERE interview_id = ? ORDER BY id", (interview_id,)
        )
        return [_question_of(r) for r in rows]


def _question_of(row: sqlite3.Row) -> ReportQuestion:
    return ReportQuestion(row["question"], row["answer"], row["provider"],
                          datetime.fromisoformat(row["created_at"]))
