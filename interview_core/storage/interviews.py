"""Interviews and their messages: the answers, the questions, the additions."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime

from interview_core.models import (
    ConversationRef,
    Interview,
    InterviewStatus,
    Message,
    Owner,
    Role,
    TokenUsage,
)
from interview_core.storage.connection import (
    OWNER_WHERE,
    Database,
    now,
    owner_args,
    stamp_of,
)
from interview_core.storage.records import AppendResult, ThreadTaken


def utf8(text: str) -> bytes:
    """Text bound as its UTF-8 bytes (and CAST back to TEXT in the statement): binding a
    str makes CPython keep a UTF-8 copy inside that str for as long as it lives, and
    the live cache keeps these strings for the whole interview (at 10,000 interviews,
    ~4.7 KB more per interview for a CV and a job description that aren't ASCII)."""
    return text.encode("utf-8")


# An interview's row with its texts (v7 keeps them in a table of their own).
SELECT_INTERVIEWS = (
    "SELECT interviews.*, t.cv_text, t.jd_text FROM interviews"
    " JOIN interview_texts AS t ON t.interview_id = interviews.id"
)


def interview_of(row: sqlite3.Row, cv_text: str | None = None, jd_text: str | None = None) -> Interview:
    return Interview(
        id=row["id"],
        owner=Owner(row["platform"], row["workspace"], row["owner"]),
        channel=row["channel"],
        thread=row["thread"],
        title=row["title"],
        company=row["company"],
        cv_text=row["cv_text"] if cv_text is None else cv_text,
        jd_text=row["jd_text"] if jd_text is None else jd_text,
        max_questions=row["max_questions"],
        status=InterviewStatus(row["status"]),
        created_at=datetime.fromisoformat(row["created_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
        persona=row["persona"],
        level=row["level"],
        language=row["language"],
        mode=row["mode"],
        focus_kind=row["focus_kind"],
        focus=row["focus"],
    )


def message_of(row: sqlite3.Row) -> Message:
    return Message(
        seq=row["seq"],
        role=Role(row["role"]),
        text=row["text"],
        created_at=datetime.fromisoformat(row["created_at"]),
        platform_message_id=row["platform_message_id"],
        provider=row["provider"],
    )


class Interviews(Database):
    # -- interviews ----------------------------------------------------------

    async def create_interview(
        self,
        ref: ConversationRef,
        *,
        title: str,
        company: str,
        cv_text: str,
        jd_text: str,
        max_questions: int,
        persona: str = "neutral",
        level: str = "mid",
        language: str = "English",
        mode: str = "interview",
        focus_kind: str = "",
        focus: str = "",
    ) -> Interview:
        stamp = now()
        try:
            # One transaction: an interview is never without its texts.
            created, _ = await self._atomic([
                ("""INSERT INTO interviews (platform, workspace, owner, channel, thread, title,
                        company, max_questions, persona, level, language, mode, focus_kind, focus,
                        status, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?) RETURNING *""",
                 (ref.platform, ref.workspace, ref.user, ref.channel, ref.thread, title, company,
                  max_questions, persona, level, language, mode, focus_kind, focus, stamp, stamp)),
                ("INSERT INTO interview_texts (interview_id, cv_text, jd_text)"
                 " VALUES (last_insert_rowid(), CAST(? AS TEXT), CAST(? AS TEXT))",
                 (utf8(cv_text), utf8(jd_text))),
            ])
        except sqlite3.IntegrityError as exc:
            raise ThreadTaken(f"thread {ref.thread} already holds an interview") from exc
        return interview_of(created[0], cv_text, jd_text)

    async def get_interview(self, owner: Owner, interview_id: int) -> Interview | None:
        row = await self._one(
            f"{SELECT_INTERVIEWS} WHERE id = ? AND {OWNER_WHERE}",
            (interview_id, *owner_args(owner)),
        )
        return interview_of(row) if row else None

    async def find_by_thread(self, ref: ConversationRef) -> Interview | None:
        """The interview living in ref's thread, whoever owns it (None if none)."""
        if ref.thread is None:
            return None
        row = await self._one(
            f"{SELECT_INTERVIEWS} WHERE platform = ? AND workspace = ? AND thread = ?",
            (ref.platform, ref.workspace, ref.thread),
        )
        return interview_of(row) if row else None

    async def list_interviews(
        self, owner: Owner, *, status: InterviewStatus | None = None, limit: int = 50
    ) -> list[Interview]:
        sql = f"{SELECT_INTERVIEWS} WHERE {OWNER_WHERE}"
        args: list[object] = [*owner_args(owner)]
        if status is not None:
            sql += " AND status = ?"
            args.append(status.value)
        sql += " ORDER BY updated_at DESC, id DESC LIMIT ?"
        args.append(limit)
        return [interview_of(r) for r in await self._all(sql, args)]

    async def finished_without_report(self, owner: Owner, limit: int = 20) -> list[Interview]:
        """Finished interviews of this user with no report ready (the writing failed, or
        the process died before it), newest first."""
        sql = (
            f"{SELECT_INTERVIEWS} WHERE {OWNER_WHERE} AND status = 'complete' AND id NOT IN"
            " (SELECT interview_id FROM feedback_reports WHERE status = 'ready')"
            " ORDER BY updated_at DESC, id DESC LIMIT ?"
        )
        return [interview_of(r) for r in await self._all(sql, [*owner_args(owner), limit])]

    async def move_to_thread(
        self, owner: Owner, interview_id: int, channel: str, thread: str
    ) -> None:
        """Rebind an interview to a new thread (the old one was deleted or archived)."""
        await self._all(
            f"UPDATE interviews SET channel = ?, thread = ?, updated_at = ? "
            f"WHERE id = ? AND {OWNER_WHERE}",
            (channel, thread, now(), interview_id, *owner_args(owner)),
        )

    # -- messages ------------------------------------------------------------

    async def messages(self, interview_id: int) -> list[Message]:
        # A question written again after a practice-mode retry (storage/practice.py) is read
        # in place of the one first asked, in the same statement: no extra query per read.
        rows = await self._all(
            """SELECT m.seq, m.role, COALESCE(r.text, m.text) AS text, m.created_at,
                      m.platform_message_id, CASE WHEN r.seq IS NULL THEN m.provider ELSE r.provider END
                      AS provider
               FROM messages AS m
               LEFT JOIN question_rewrites AS r
                 ON r.interview_id = m.interview_id AND r.seq = m.seq AND m.role = 'assistant'
               WHERE m.interview_id = ? ORDER BY m.seq""",
            (interview_id,),
        )
        added: dict[int, list[str]] = {}
        for row in await self._all(
            "SELECT answer_seq, text FROM answer_additions WHERE interview_id = ? ORDER BY id",
            (interview_id,),
        ):
            added.setdefault(row[0], []).append(row[1])
        return [
            replace(message_of(r), additions=tuple(added[r["seq"]])) if r["seq"] in added
            else message_of(r)
            for r in rows
        ]

    async def add_addition(
        self, interview_id: int, text: str, platform_message_id: str | None, arrived_at: datetime
    ) -> Message | None:
        """Store `text` as an addition to the latest answer, if it came in while the
        question after that answer was not yet there: not written yet, or written
        after the message arrived. Returns the answer it was added to, or None.

        One statement, so no question can slip in between the check and the write."""
        row = await self._one(
            """INSERT INTO answer_additions
                   (interview_id, answer_seq, text, platform_message_id, created_at)
               SELECT a.interview_id, a.seq, ?, ?, ?
               FROM messages AS a
               WHERE a.interview_id = ? AND a.role = 'user'
                 AND (SELECT status FROM interviews WHERE id = a.interview_id) = 'active'
                 AND a.seq = (SELECT MAX(seq) FROM messages
                              WHERE interview_id = a.interview_id AND role = 'user')
                 AND COALESCE((SELECT created_at FROM messages
                               WHERE interview_id = a.interview_id AND seq = a.seq + 1), '~') > ?
                 AND NOT EXISTS (SELECT 1 FROM messages
                                 WHERE interview_id = a.interview_id AND platform_message_id = ?)
               ON CONFLICT DO NOTHING
               RETURNING answer_seq""",
            (text, platform_message_id, now(), interview_id,
             arrived_at.astimezone(UTC).isoformat(timespec="microseconds"), platform_message_id),
        )
        if row is None:
            return None
        return next(m for m in await self.messages(interview_id) if m.seq == row[0])

    async def is_duplicate(self, interview_id: int, platform_message_id: str | None) -> bool:
        """Was this platform message stored already, as an answer or an addition?"""
        if platform_message_id is None:
            return False
        return await self._one(
            """SELECT 1 FROM messages WHERE interview_id = ? AND platform_message_id = ?
               UNION ALL
               SELECT 1 FROM answer_additions WHERE interview_id = ? AND platform_message_id = ?""",
            (interview_id, platform_message_id, interview_id, platform_message_id),
        ) is not None

    async def add_answer(
        self, interview_id: int, text: str, platform_message_id: str | None,
        arrived_at: datetime | None = None, seq: int | None = None,
    ) -> AppendResult:
        """Append the candidate's answer right after the question it replies to.

        One statement: it inserts only if the last message is a question (written
        before the answer arrived, when `arrived_at` is given: an answer can't reply
        to a question its author never saw), and a platform message stored already,
        as an answer or as an addition, is not stored again.

        `seq`, when the caller has seen that question at seq - 1, written before the
        answer arrived, is where the answer goes: a statement that reads no other row
        (seqs are dense and unique, so a free seq means that question is still the
        last message), tried first; the general one when that seq is taken.
        """
        created = datetime.now(UTC)
        stamp = stamp_of(created)
        if seq is not None:
            try:
                row = await self._one(
                    """INSERT INTO messages (interview_id, seq, role, text, platform_message_id, created_at)
                       SELECT ?, ?, 'user', CAST(? AS TEXT), ?, ?
                       WHERE NOT EXISTS (SELECT 1 FROM answer_additions
                                         WHERE interview_id = ? AND platform_message_id = ?)
                       ON CONFLICT DO NOTHING
                       RETURNING seq""",
                    (interview_id, seq, utf8(text), platform_message_id, stamp, interview_id,
                     platform_message_id),
                )
            except sqlite3.IntegrityError:  # the interview is gone: the statement below says so
                row = None
            if row is not None:
                return AppendResult("stored", Message(seq, Role.CANDIDATE, text, created, platform_message_id))
        arrived = (arrived_at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="microseconds")
        row = await self._one(
            """INSERT INTO messages (interview_id, seq, role, text, platform_message_id, created_at)
               SELECT m.interview_id, m.seq + 1, 'user', ?, ?, ?
               FROM messages AS m
               WHERE m.interview_id = ? AND m.role = 'assistant'
                 AND m.seq = (SELECT MAX(seq) FROM messages WHERE interview_id = ?)
                 AND m.created_at <= ?
                 AND NOT EXISTS (SELECT 1 FROM answer_additions
                                 WHERE interview_id = ? AND platform_message_id = ?)
               ON CONFLICT DO NOTHING
               RETURNING *""",
            (text, platform_message_id, stamp, interview_id, interview_id, arrived,
             interview_id, platform_message_id),
        )
        if row is not None:
            return AppendResult("stored", message_of(row))
        if platform_message_id is not None and await self._one(
            """SELECT 1 FROM messages WHERE interview_id = ? AND platform_message_id = ?
               UNION ALL
               SELECT 1 FROM answer_additions WHERE interview_id = ? AND platform_message_id = ?""",
            (interview_id, platform_message_id, interview_id, platform_message_id),
        ):
            return AppendResult("duplicate")
        return AppendResult("not_expected")

    async def add_question(
        self, interview_id: int, seq: int, text: str, *, provider: str | None,
        usage: TokenUsage | None,
    ) -> Message | None:
        """Store a question at exactly `seq`. None if that slot is taken already
        (another worker asked it first): the caller then uses the stored one."""
        created = datetime.now(UTC)
        row = await self._one(
            """INSERT INTO messages (interview_id, seq, role, text, provider,
                   prompt_tokens, completion_tokens, created_at)
               VALUES (?, ?, 'assistant', CAST(? AS TEXT), ?, ?, ?, ?)
               ON CONFLICT DO NOTHING RETURNING seq""",
            (interview_id, seq, utf8(text), provider,
             usage.prompt_tokens if usage else None,
             usage.completion_tokens if usage else None, stamp_of(created)),
        )
        # Built from what was written, not parsed back from the row.
        return Message(seq, Role.INTERVIEWER, text, created, None, provider) if row is not None else None
