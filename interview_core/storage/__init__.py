"""Storage: `InterviewStore`, what the service needs of a store (protocol.py), and
`Store`, its SQLite implementation (sqlite.py and its parts), the only code that
speaks SQL. Everything importable from `interview_core.storage` before the split
still is."""

from interview_core.migrations import MIGRATIONS, SCHEMA_VERSION
from interview_core.storage.protocol import InterviewStore
from interview_core.storage.records import (
    AppendResult,
    StorageError,
    StoreCheck,
    StoredDocument,
    StoredFeedback,
    ThreadTaken,
)
from interview_core.storage.sqlite import Store
from interview_core.storage.starts import START_KEY_DAYS

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "START_KEY_DAYS",
    "AppendResult",
    "InterviewStore",
    "StorageError",
    "Store",
    "StoreCheck",
    "StoredDocument",
    "StoredFeedback",
    "ThreadTaken",
]
