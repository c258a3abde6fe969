"""SQLite storage through aiosqlite: interviews, messages and feedback reports.

One connection per process, in WAL mode, in autocommit: every write the
service makes during an interview is one SQL statement, so it is atomic on
its own and needs no transaction that other coroutines' statements could
interleave with (that also keeps a turn to a handful of round trips to
aiosqlite's thread). The invariants that keep answers safe live in the
schema itself, so they hold across processes too:

* messages are append-only (a trigger refuses UPDATE), so a submitted answer
  is never edited or replaced;
* (interview_id, seq) is unique, and the question that follows the answer at
  seq n is always stored at seq n + 1, so one answer can never get two
  questions, even if two processes generate one at the same time;
* (interview_id, platform_message_id) is unique, so a redelivered platform
  event is recognised and ignored.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

import aiosqlite

from interview_core.feedback import FeedbackReport
from interview_core.migrations import MIGRATIONS, SCHEMA_VERSION, statements
from interview_core.models import (
    ConversationRef,
    Interview,
    InterviewStatus,
    Message,
    Owner,
    Role,
    TokenUsage,
)
from interview_core.outcomes import StartClaim

# A platform's id for one command is only ever replayed within minutes (Slack signs a
# request for 5); a day covers restarts, and keeps the table small.
START_KEY_DAYS = 1


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class StorageError(Exception):
    pass


class ThreadTaken(StorageError):
    """An interview already lives in that thread."""


@dataclass(frozen=True, slots=True)
class AppendResult:
    status: Literal["stored", "duplicate", "not_expected"]
    message: Message | None = None


@dataclass(frozen=True, slots=True)
class StoredDocument:
    kind: Literal["cv", "jd"]
    text: str
    filename: str | None
    summary: str  # "2 pages, 640 words", for confirmations
    created_at: datetime


@dataclass(frozen=True, slots=True)
class StoredFeedback:
    status: Literal["ready", "failed"]
    report: FeedbackReport | None
    error: str | None


def _interview(row: sqlite3.Row) -> Interview:
    return Interview(
        id=row["id"],
        owner=Owner(row["platform"], row["workspace"], row["owner"]),
        channel=row["channel"],
        thread=row["thread"],
        title=row["title"],
        company=row["company"],
        cv_text=row["cv_text"],
        jd_text=row["jd_text"],
        max_questions=row["max_questions"],
        status=InterviewStatus(row["status"]),
        created_at=datetime.fromisoformat(row["created_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
    )


def _message(row: sqlite3.Row) -> Message:
    return Message(
        seq=row["seq"],
        role=Role(row["role"]),
        text=row["text"],
        created_at=datetime.fromisoformat(row["created_at"]),
        platform_message_id=row["platform_message_id"],
        provider=row["provider"],
    )


_OWNER_WHERE = "platform = ? AND workspace = ? AND owner = ?"


def _owner_args(owner: Owner) -> tuple[str, str, str]:
    return (owner.platform, owner.workspace, owner.user)


class Store:
    """The only code that speaks SQL. Every read is scoped to an owner."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._db: aiosqlite.Connection | None = None

    # -- lifecycle -----------------------------------------------------------

    async def open(self) -> Store:
        """Open (creating if needed) and migrate the database.

        Any failure (a path that can't be a file, a file that isn't SQLite, a
        newer schema) is a StorageError whose message names the file and says
        what to do; the connection's thread is closed either way.
        """
        try:
            if str(self.path) != ":memory:":
                if self.path.is_dir():  # caught early: a failed connect leaves a thread behind
                    raise IsADirectoryError(f"{self.path} is a folder")
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = await aiosqlite.connect(self.path, isolation_level=None)
            self._db.row_factory = sqlite3.Row
            # WAL lets readers in other processes run while we write; NORMAL sync
            # is durable across application crashes, which is what an answer needs.
            await self._db.execute("PRAGMA journal_mode = WAL")
            await self._db.execute("PRAGMA synchronous = NORMAL")
            await self._db.execute("PRAGMA foreign_keys = ON")
            await self._db.execute("PRAGMA busy_timeout = 5000")
            await self._migrate()
        except BaseException as exc:
            await self.close()
            if isinstance(exc, (sqlite3.Error, OSError)):
                raise StorageError(
                    f"Can't use the database {self.path}: {exc}. Check DATABASE_URL (or --db) "
                    "points to a writable SQLite file."
                ) from exc
            raise
        return self

    async def close(self) -> None:
        if self._db is not None:
            await self._db.close()
            self._db = None

    async def __aenter__(self) -> Store:
        return await self.open()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _migrate(self) -> None:
        db = self._conn
        # IMMEDIATE takes the write lock first, so two processes starting at
        # once can't both run the same migration.
        await db.execute("BEGIN IMMEDIATE")
        try:
            version = await self._scalar("PRAGMA user_version")
            if version > SCHEMA_VERSION:
                raise StorageError(
                    f"{self.path} was written by a newer interview-bot "
                    f"(schema {version}, this one knows {SCHEMA_VERSION}); upgrade first."
                )
            for step, script in enumerate(MIGRATIONS[version:], start=version + 1):
                # executescript() would commit first and drop our lock, so the
                # statements run one by one inside this transaction.
                for statement in statements(script):
                    await db.execute(statement)
                # PRAGMA takes no parameters; step is an int we computed.
                await db.execute(f"PRAGMA user_version = {step}")
            await db.execute("COMMIT")
        except BaseException:
            await db.execute("ROLLBACK")
            raise

    @property
    def _conn(self) -> aiosqlite.Connection:
        if self._db is None:
            raise StorageError("the store is not open")
        return self._db

    async def _scalar(self, sql: str, args: tuple[object, ...] = ()) -> int:
        row = await self._one(sql, args)
        return int(row[0]) if row and row[0] is not None else 0

    # execute_fetchall runs the statement and reads its rows in one hop to
    # aiosqlite's thread; a cursor would cost three (execute, fetch, close).
    async def _one(self, sql: str, args: tuple[object, ...] | list[object]) -> sqlite3.Row | None:
        rows = await self._conn.execute_fetchall(sql, args)
        return next(iter(rows), None)

    async def _all(self, sql: str, args: tuple[object, ...] | list[object]) -> list[sqlite3.Row]:
        return list(await self._conn.execute_fetchall(sql, args))

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
    ) -> Interview:
        now = _now()
        try:
            row = await self._one(
                """INSERT INTO interviews (platform, workspace, owner, channel, thread, title,
                       company, cv_text, jd_text, max_questions, status, created_at, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?) RETURNING *""",
                (ref.platform, ref.workspace, ref.user, ref.channel, ref.thread, title, company,
                 cv_text, jd_text, max_questions, now, now),
            )
        except sqlite3.IntegrityError as exc:
            raise ThreadTaken(f"thread {ref.thread} already holds an interview") from exc
        assert row is not None
        return _interview(row)

    async def get_interview(self, owner: Owner, interview_id: int) -> Interview | None:
        row = await self._one(
            f"SELECT * FROM interviews WHERE id = ? AND {_OWNER_WHERE}",
            (interview_id, *_owner_args(owner)),
        )
        return _interview(row) if row else None

    async def find_by_thread(self, ref: ConversationRef) -> Interview | None:
        """The interview living in ref's thread, whoever owns it (None if none)."""
        if ref.thread is None:
            return None
        row = await self._one(
            "SELECT * FROM interviews WHERE platform = ? AND workspace = ? AND thread = ?",
            (ref.platform, ref.workspace, ref.thread),
        )
        return _interview(row) if row else None

    async def list_interviews(
        self, owner: Owner, *, status: InterviewStatus | None = None, limit: int = 50
    ) -> list[Interview]:
        sql = f"SELECT * FROM interviews WHERE {_OWNER_WHERE}"
        args: list[object] = [*_owner_args(owner)]
        if status is not None:
            sql += " AND status = ?"
            args.append(status.value)
        sql += " ORDER BY updated_at DESC, id DESC LIMIT ?"
        args.append(limit)
        return [_interview(r) for r in await self._all(sql, args)]

    async def finished_without_report(self, owner: Owner, limit: int = 20) -> list[Interview]:
        """Finished interviews of this user with no report ready (the writing failed, or
        the process died before it), newest first."""
        sql = (
            f"SELECT * FROM interviews WHERE {_OWNER_WHERE} AND status = 'complete' AND id NOT IN"
            " (SELECT interview_id FROM feedback_reports WHERE status = 'ready')"
            " ORDER BY updated_at DESC, id DESC LIMIT ?"
        )
        return [_interview(r) for r in await self._all(sql, [*_owner_args(owner), limit])]

    async def move_to_thread(
        self, owner: Owner, interview_id: int, channel: str, thread: str
    ) -> None:
        """Rebind an interview to a new thread (the old one was deleted or archived)."""
        await self._all(
            f"UPDATE interviews SET channel = ?, thread = ?, updated_at = ? "
            f"WHERE id = ? AND {_OWNER_WHERE}",
            (channel, thread, _now(), interview_id, *_owner_args(owner)),
        )

    async def delete_user_data(self, owner: Owner) -> int:
        """Remove every interview, message, report and uploaded document of this
        user (foreign keys cascade). Returns how many interviews were removed."""
        await self._all(f"DELETE FROM documents WHERE {_OWNER_WHERE}", _owner_args(owner))
        await self._all(f"DELETE FROM start_requests WHERE {_OWNER_WHERE}", _owner_args(owner))
        removed = await self._all(
            f"DELETE FROM interviews WHERE {_OWNER_WHERE} RETURNING id", _owner_args(owner)
        )
        return len(removed)

    # -- start requests (idempotency) ----------------------------------------

    async def claim_start(self, owner: Owner, key: str) -> StartClaim:
        """Record that the start command `key` is running, unless it was seen before:
        then what became of it. Keys older than START_KEY_DAYS are forgotten."""
        cutoff = (datetime.now(UTC) - timedelta(days=START_KEY_DAYS)).isoformat(timespec="microseconds")
        await self._all("DELETE FROM start_requests WHERE created_at < ?", (cutoff,))
        row = await self._one(
            """INSERT INTO start_requests (key, platform, workspace, owner, status, created_at)
               VALUES (?, ?, ?, ?, 'running', ?) ON CONFLICT (key) DO NOTHING RETURNING key""",
            (key, *_owner_args(owner), _now()),
        )
        if row is not None:
            return StartClaim(first=True)
        seen = await self._one(
            f"SELECT status, interview_id FROM start_requests WHERE key = ? AND {_OWNER_WHERE}",
            (key, *_owner_args(owner)),
        )
        if seen is None:  # another user's id: never theirs to learn about
            return StartClaim(first=False, running=False)
        interview = None
        if seen["interview_id"] is not None:
            interview = await self.get_interview(owner, seen["interview_id"])
        return StartClaim(first=False, running=seen["status"] == "running", interview=interview)

    async def settle_start(self, key: str, interview_id: int | None = None) -> None:
        """The start `key` is over; `interview_id` is the interview it made, if it made one."""
        await self._all(
            """UPDATE start_requests SET status = 'done',
                   interview_id = COALESCE(?, interview_id) WHERE key = ?""",
            (interview_id, key),
        )

    # -- uploaded documents --------------------------------------------------

    async def save_document(
        self, owner: Owner, kind: Literal["cv", "jd"], text: str, filename: str | None, summary: str
    ) -> None:
        """Keep the user's latest CV or JD; a new upload replaces the old one."""
        await self._all(
            """INSERT INTO documents (platform, workspace, owner, kind, text, filename, summary,
                   created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (platform, workspace, owner, kind) DO UPDATE SET text = excluded.text,
                   filename = excluded.filename, summary = excluded.summary,
                   created_at = excluded.created_at""",
            (*_owner_args(owner), kind, text, filename, summary, _now()),
        )

    async def documents(self, owner: Owner) -> dict[str, StoredDocument]:
        rows = await self._all(
            f"SELECT kind, text, filename, summary, created_at FROM documents WHERE {_OWNER_WHERE}",
            _owner_args(owner),
        )
        return {
            r["kind"]: StoredDocument(
                r["kind"], r["text"], r["filename"], r["summary"], datetime.fromisoformat(r["created_at"])
            )
            for r in rows
        }

    # -- messages ------------------------------------------------------------

    async def messages(self, interview_id: int) -> list[Message]:
        rows = await self._all(
            "SELECT * FROM messages WHERE interview_id = ? ORDER BY seq", (interview_id,)
        )
        added: dict[int, list[str]] = {}
        for row in await self._all(
            "SELECT answer_seq, text FROM answer_additions WHERE interview_id = ? ORDER BY id",
            (interview_id,),
        ):
            added.setdefault(row[0], []).append(row[1])
        return [
            replace(_message(r), additions=tuple(added[r["seq"]])) if r["seq"] in added
            else _message(r)
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
            (text, platform_message_id, _now(), interview_id,
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
        self, interview_id: int, text: str, platform_message_id: str | None
    ) -> AppendResult:
        """Append the candidate's answer right after the question it replies to.

        One statement: it inserts only if the last message is a question, and
        the unique platform_message_id turns a redelivery into a no-op.
        """
        row = await self._one(
            """INSERT INTO messages (interview_id, seq, role, text, platform_message_id, created_at)
               SELECT m.interview_id, m.seq + 1, 'user', ?, ?, ?
               FROM messages AS m
               WHERE m.interview_id = ? AND m.role = 'assistant'
                 AND m.seq = (SELECT MAX(seq) FROM messages WHERE interview_id = ?)
               ON CONFLICT DO NOTHING
               RETURNING *""",
            (text, platform_message_id, _now(), interview_id, interview_id),
        )
        if row is not None:
            return AppendResult("stored", _message(row))
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
        row = await self._one(
            """INSERT INTO messages (interview_id, seq, role, text, provider,
                   prompt_tokens, completion_tokens, created_at)
               VALUES (?, ?, 'assistant', ?, ?, ?, ?, ?)
               ON CONFLICT DO NOTHING RETURNING *""",
            (interview_id, seq, text, provider,
             usage.prompt_tokens if usage else None,
             usage.completion_tokens if usage else None, _now()),
        )
        return _message(row) if row is not None else None

    # -- feedback ------------------------------------------------------------

    async def save_feedback(
        self, interview_id: int, report: FeedbackReport | None, error: str | None = None
    ) -> None:
        now = _now()
        status = "ready" if report is not None else "failed"
        payload = report.model_dump_json() if report is not None else None
        usage = report.usage if report is not None else None
        await self._all(
            """INSERT INTO feedback_reports (interview_id, status, report_json, error,
                   prompt_tokens, completion_tokens, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (interview_id) DO UPDATE SET status = excluded.status,
                   report_json = excluded.report_json, error = excluded.error,
                   prompt_tokens = excluded.prompt_tokens,
                   completion_tokens = excluded.completion_tokens,
                   updated_at = excluded.updated_at""",
            (interview_id, status, payload, error,
             usage.prompt_tokens if usage else None,
             usage.completion_tokens if usage else None, now, now),
        )

    async def get_feedback(self, interview_id: int) -> StoredFeedback | None:
        row = await self._one(
            """SELECT status, report_json, error, prompt_tokens, completion_tokens
               FROM feedback_reports WHERE interview_id = ?""",
            (interview_id,),
        )
        if row is None:
            return None
        report = FeedbackReport.model_validate_json(row[1]) if row[1] else None
        if report is not None and row[3] is not None:
            report = report.model_copy(update={"usage": TokenUsage(row[3], row[4] or 0)})
        return StoredFeedback(row[0], report, row[2])
