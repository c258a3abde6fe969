"""What a store returns and raises, whatever database is behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from interview_core.feedback import FeedbackReport
from interview_core.models import Message


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


@dataclass(frozen=True, slots=True)
class StoreCheck:
    """What `Store.check` found, for `interview-bot doctor`.

    `error` is set when the file could not be read as a database at all; then
    nothing else but `exists` and `writable` means anything."""

    path: Path
    exists: bool
    writable: bool  # the file (or, if missing, its folder) can be written: WAL needs both
    schema_version: int | None = None  # PRAGMA user_version; None if unread
    known_version: int = 0  # the schema this code writes
    tables: int = 0
    integrity: str = "ok"  # PRAGMA quick_check's first line
    counts: dict[str, int] = field(default_factory=dict)  # rows per table this code knows
    error: str | None = None
