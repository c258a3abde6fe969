"""The SQLite connection every part of `Store` shares: opening, migrating,
closing, the query helpers, and a read-only look at the file for doctor."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

import aiosqlite

from interview_core.migrations import MIGRATIONS, SCHEMA_VERSION, statements
from interview_core.models import Owner
from interview_core.storage.records import StorageError, StoreCheck

# The tables doctor counts the rows of (those an older schema lacks are left out).
COUNTED_TABLES = (
    "interviews", "messages", "answer_additions", "feedback_reports", "documents",
    "pending_documents", "start_requests",
)

OWNER_WHERE = "platform = ? AND workspace = ? AND owner = ?"


def owner_args(owner: Owner) -> tuple[str, str, str]:
    return (owner.platform, owner.workspace, owner.user)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class Database:
    """One connection per process, in WAL mode, in autocommit."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._db: aiosqlite.Connection | None = None

    async def open(self) -> Self:
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

    async def __aenter__(self) -> Self:
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

    # -- health --------------------------------------------------------------

    async def check(self) -> StoreCheck:
        """Look at the database file without creating or changing it (a read-only
        connection of its own, no migration), for `interview-bot doctor`: its
        schema version, integrity, rows per table, and whether the bot could write it."""
        path = self.path
        if not path.exists():
            folder = path.parent  # Path(".") for a bare file name
            return StoreCheck(path, exists=False, known_version=SCHEMA_VERSION,
                              writable=folder.is_dir() and os.access(folder, os.W_OK))
        # WAL writes two files beside the database: its folder must be writable too.
        writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
        if path.is_dir():
            return StoreCheck(path, exists=True, writable=False, known_version=SCHEMA_VERSION,
                              error="it is a folder, not a file")
        try:
            async with aiosqlite.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as db:

                async def first(sql: str) -> Any:
                    return next(iter(await db.execute_fetchall(sql)))[0]

                version = int(await first("PRAGMA user_version"))
                names = {r[0] for r in await db.execute_fetchall(
                    "SELECT name FROM sqlite_master WHERE type = 'table'")}
                integrity = " ".join(str(await first("PRAGMA quick_check(1)")).split())  # one line
                counts: dict[str, int] = {}
                for table in COUNTED_TABLES:
                    if table in names:  # a name from the tuple above, never from input
                        counts[table] = int(await first(f"SELECT count(*) FROM {table}"))
        except (sqlite3.Error, OSError, ValueError) as exc:
            return StoreCheck(path, exists=True, writable=writable, known_version=SCHEMA_VERSION,
                              error=str(exc) or type(exc).__name__)
        return StoreCheck(path, exists=True, writable=writable, schema_version=version,
                          known_version=SCHEMA_VERSION, tables=len(names), integrity=integrity,
                          counts=counts)
