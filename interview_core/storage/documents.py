"""Uploaded documents: the user's latest CV and JD, and the files waiting for the
user to say which of the two they are."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal

from interview_core.documents.model import Document
from interview_core.models import Owner
from interview_core.storage.connection import OWNER_WHERE, Database, now, owner_args
from interview_core.storage.records import StoredDocument

# A file waits for the user's "CV or job description?" a day at most, and a user has at
# most this many waiting (each up to DocumentLimits.max_chars of text): the table stays small.
PENDING_DOCUMENT_HOURS = 24
PENDING_DOCUMENTS_PER_USER = 10


def _pending_cutoff() -> str:
    return (datetime.now(UTC) - timedelta(hours=PENDING_DOCUMENT_HOURS)).isoformat(timespec="microseconds")


class Documents(Database):
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
            (*owner_args(owner), kind, text, filename, summary, now()),
        )

    async def documents(self, owner: Owner) -> dict[str, StoredDocument]:
        rows = await self._all(
            f"SELECT kind, text, filename, summary, created_at FROM documents WHERE {OWNER_WHERE}",
            owner_args(owner),
        )
        return {
            r["kind"]: StoredDocument(
                r["kind"], r["text"], r["filename"], r["summary"], datetime.fromisoformat(r["created_at"])
            )
            for r in rows
        }

    # -- waiting for the user to say what they are ---------------------------

    async def keep_pending_document(self, owner: Owner, key: str, document: Document) -> None:
        """Hold `document` under `key` (the platform's file id) until the user says whether
        it is their CV or the job description; the same key again replaces it. Files older
        than PENDING_DOCUMENT_HOURS go, and this user's past the PENDING_DOCUMENTS_PER_USER
        newest."""
        await self._all("DELETE FROM pending_documents WHERE created_at < ?", (_pending_cutoff(),))
        await self._all(
            """INSERT INTO pending_documents (platform, workspace, owner, key, text, filename,
                   file_kind, pages, truncated, summary, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (platform, workspace, owner, key) DO UPDATE SET text = excluded.text,
                   filename = excluded.filename, file_kind = excluded.file_kind,
                   pages = excluded.pages, truncated = excluded.truncated,
                   summary = excluded.summary, created_at = excluded.created_at""",
            (*owner_args(owner), key, document.text, document.filename, document.kind,
             document.pages, int(document.truncated), document.summary(), now()),
        )
        await self._all(
            f"""DELETE FROM pending_documents WHERE {OWNER_WHERE} AND id NOT IN
                   (SELECT id FROM pending_documents WHERE {OWNER_WHERE}
                    ORDER BY created_at DESC, id DESC LIMIT ?)""",
            (*owner_args(owner), *owner_args(owner), PENDING_DOCUMENTS_PER_USER),
        )

    async def take_pending_document(self, owner: Owner, key: str) -> Document | None:
        """The document kept under `key`, removed as it is taken: one statement, so two
        clicks (even on two processes) get it once. None if there is none, or it is too old."""
        row = await self._one(
            f"""DELETE FROM pending_documents WHERE {OWNER_WHERE} AND key = ?
                RETURNING text, filename, file_kind, pages, truncated, created_at""",
            (*owner_args(owner), key),
        )
        if row is None or row["created_at"] < _pending_cutoff():
            return None
        return Document(
            text=row["text"], kind=row["file_kind"], pages=row["pages"],
            filename=row["filename"], truncated=bool(row["truncated"]),
        )
