"""The SQLite connection every part of `Store` shares: opening, migrating,
closing, the query helpers, and a read-only look at the file for doctor."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

import aiosqlite

from interview_core.migrations import MIGRATIONS, SCHEMA_VERSION, statements
from interview_core.models import Owner
from interview_core.storage.records import StorageError, StoreCheck

# The tables doctor counts the rows of (those an older schema lacks are left out).
COUNTED_TABLES = (
    "interviews", "interview_texts", "messages", "answer_additions", "feedback_reports", "documents",
    "pending_documents", "start_requests", "attempts", "report_questions",
)

OWNER_WHERE = "platform = ? AND workspace = ? AND owner = ?"


def owner_args(owner: Owner) -> tuple[str, str, str]:
    return (owner.platform, owner.workspace, owner.user)


def now() -> str:
    return stamp_of(datetime.now(UTC))


def stamp_of(moment: datetime) -> str:
    """How a time is stored: ISO 8601 in UTC to the microsecond, so text order is time order."""
    return moment.isoformat(timespec="microseconds")


# Statements between two WAL checkpoints, run from aiosqlite's thread (see _one).
CHECKPOINT_EVERY = 1000


class Database:
    """The process's connections to one SQLite file, in WAL mode.

    Statements run on the event loop's own thread, on a plain sqlite3 connection
    that never waits for a lock: a statement here takes 0.05-0.25 ms, and a hop to
    aiosqlite's thread and back cost more than that (3.9 hops a turn: 1,980 turns/s;
    on the loop: 4,370, and 1,000 interviews' overhead p99 18 -> 6 ms). When another
    process holds the write lock (SQLITE_BUSY), the statement goes to aiosqlite's
    thread instead, which waits up to 5 s, so the loop never does.

    Writes are committed in groups: the first write in a turn of the event loop
    opens a transaction, every write made before the loop turns again joins it,
    and one COMMIT at the start of the next turn ends it. Each writer waits for
    that COMMIT before its call returns (only a write that changed a row waits,
    and only a write yields to other coroutines), so an answer is still committed before
    any engine is called; what is saved is one lock, one WAL append and one set of
    page writes for all of them (at 10,000 interviews a commit each cost 22 page
    writes and 17 lock calls per turn, 40% of the CPU). A failed COMMIT, or a
    statement whose failure rolled the whole transaction back, raises StorageError
    in every writer of that group: none of them is told it was saved.

    The loop's connection never checkpoints the WAL itself (a checkpoint blocked
    whichever commit triggered it for 40-460 ms): every CHECKPOINT_EVERY statements
    a PASSIVE checkpoint runs on aiosqlite's thread, which doesn't block writers.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._db: aiosqlite.Connection | None = None
        self._sync: sqlite3.Connection | None = None
        self._since_checkpoint = 0
        self._checkpointing: asyncio.Task[None] | None = None
        # The open write transaction's writers, each waiting for its COMMIT (None: none open).
        self._group: list[asyncio.Future[None]] | None = None
        # Statements sent to aiosqlite's thread go one caller at a time, so that an
        # _atomic transaction there holds no one else's statement.
        self._elsewhere = asyncio.Lock()

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
            if str(self.path) != ":memory:":  # a second :memory: connection is another database
                self._sync = _loop_connection(self.path)
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
        self._commit_group()  # writes made in this turn of the loop are kept
        if self._checkpointing is not None:
            await asyncio.gather(self._checkpointing, return_exceptions=True)
            self._checkpointing = None
        if self._sync is not None:
            self._sync.close()
            self._sync = None
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

    async def _one(self, sql: str, args: Sequence[object]) -> sqlite3.Row | None:
        rows = await self._all(sql, args)
        return rows[0] if rows else None

    async def _all(self, sql: str, args: Sequence[object]) -> list[sqlite3.Row]:
        return (await self._atomic([(sql, args)]))[0]

    async def _atomic(self, steps: Sequence[tuple[str, Sequence[object]]]) -> list[list[sqlite3.Row]]:
        """Run statements in order, as one: each one's rows, and all of their writes
        are saved or none is. Several statements never yield to other coroutines in
        between (a later one may use `last_insert_rowid()`)."""
        conn = self._conn  # raises if the store is not open
        if self._sync is not None:
            ran = self._on_loop(steps)
            if ran is not None:
                results, committed = ran
                if committed is not None:
                    await committed  # its own future: cancelling it leaves the others' COMMIT be
                return results
            # Another process is writing: wait for it on aiosqlite's thread, not here.
        async with self._elsewhere:
            if len(steps) == 1:
                # execute_fetchall runs the statement and reads its rows in one hop to
                # aiosqlite's thread; a cursor would cost three (execute, fetch, close).
                return [list(await conn.execute_fetchall(*steps[0]))]
            await conn.execute("BEGIN IMMEDIATE")
            try:
                results = [list(await conn.execute_fetchall(sql, args)) for sql, args in steps]
            except BaseException:
                await conn.execute("ROLLBACK")
                raise
            await conn.execute("COMMIT")
            return results

    def _on_loop(
        self, steps: Sequence[tuple[str, Sequence[object]]]
    ) -> tuple[list[list[sqlite3.Row]], asyncio.Future[None] | None] | None:
        """Run statements on the loop's connection: their rows, and if they changed
        anything the COMMIT to wait for. None when another process holds the lock."""
        sync = self._sync
        assert sync is not None
        writes = len(steps) > 1 or _writes(steps[0][0])
        opened = writes and self._group is None
        try:
            if opened:
                sync.execute("BEGIN IMMEDIATE")
                self._group = []
                asyncio.get_running_loop().call_soon(self._commit_group)
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                return None
            raise
        changes = sync.total_changes
        several = len(steps) > 1
        try:
            if several:
                sync.execute("SAVEPOINT atomic")
            results = [sync.execute(sql, args).fetchall() for sql, args in steps]
        except sqlite3.Error as exc:
            if several and sync.in_transaction:
                sync.execute("ROLLBACK TO atomic")
                sync.execute("RELEASE atomic")
            self._lost_group(exc)
            if (
                not writes and isinstance(exc, sqlite3.OperationalError)
                and exc.sqlite_errorcode in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
            ):
                return None
            raise
        if several:
            sync.execute("RELEASE atomic")
        self._count_statement()
        if sync.total_changes != changes and self._group is not None:
            committed = asyncio.get_running_loop().create_future()
            self._group.append(committed)
            return results, committed
        # A write that changed nothing (an INSERT ... SELECT that matched no row) has
        # nothing to wait for: its caller goes on within this turn of the loop, and a
        # transaction it opened for nothing is closed now rather than held.
        if opened:
            self._commit_group()
        return results, None

    def _lost_group(self, exc: sqlite3.Error) -> None:
        """Some errors (a full disk, I/O) roll the whole transaction back, not only
        the statement: the group's writers must hear that their writes are gone."""
        if self._group is not None and self._sync is not None and not self._sync.in_transaction:
            group, self._group = self._group, None
            _fail(group, StorageError(f"the database lost the last writes: {exc}"))

    def _commit_group(self) -> None:
        group, self._group = self._group, None
        if group is None or self._sync is None:
            return
        try:
            self._sync.execute("COMMIT")
        except sqlite3.Error as exc:
            try:
                if self._sync.in_transaction:
                    self._sync.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # the writers must still hear of it, below; a failed rollback ends the transaction anyway
            _fail(group, StorageError(f"the database could not save the last writes: {exc}"))
        else:
            for committed in group:
                if not committed.done():  # a writer cancelled meanwhile
                    committed.set_result(None)

    def _count_statement(self) -> None:
        self._since_checkpoint += 1
        if self._since_checkpoint >= CHECKPOINT_EVERY and self._checkpointing is None:
            self._since_checkpoint = 0
            self._checkpointing = asyncio.get_running_loop().create_task(self._checkpoint())

    async def _checkpoint(self) -> None:
        try:
            # Under steady load the loop writes while this copies, so the WAL is never
            # started again from its beginning and keeps growing (765 MB in 90,000 turns
            # at 10,000 interviews); it restarts at the first quiet moment.
            await self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except (sqlite3.Error, StorageError):
            pass  # the next one will try again; the WAL only grows meanwhile
        finally:
            self._checkpointing = None

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


def _writes(sql: str) -> bool:
    """Does this statement write? (Anything but a SELECT or a PRAGMA is taken to.)"""
    return sql.lstrip()[:6].upper() not in ("SELECT", "PRAGMA")


def _fail(group: list[asyncio.Future[None]], error: StorageError) -> None:
    for committed in group:
        if not committed.done():
            committed.set_exception(error)


def _loop_connection(path: Path) -> sqlite3.Connection:
    """The plain connection statements run on in the event loop's thread."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 0")  # never wait here: see Database
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    return conn
