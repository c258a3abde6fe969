"""`Store`: SQLite through aiosqlite, the only code that speaks SQL.

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

Its parts, by concern: `connection` (opening, migrating, doctor's check),
`interviews` (interviews and messages), `reports`, `practice` (attempts, retries,
questions about a report), `documents` (uploads, and
those waiting for their kind), `starts` (start requests).
"""

from __future__ import annotations

from interview_core.models import Owner
from interview_core.storage.connection import OWNER_WHERE, owner_args
from interview_core.storage.documents import Documents
from interview_core.storage.interviews import Interviews
from interview_core.storage.practice import Practice
from interview_core.storage.reports import Reports
from interview_core.storage.starts import StartRequests


class Store(Interviews, Reports, Practice, Documents, StartRequests):
    """The only code that speaks SQL. Every read is scoped to an owner.
    It is an `InterviewStore` (storage/protocol.py), what the service asks for."""

    async def delete_user_data(self, owner: Owner) -> int:
        """Remove every interview, message, report and uploaded document of this user,
        and any upload still waiting for its kind (foreign keys cascade). Returns how
        many interviews were removed."""
        for table in ("documents", "pending_documents", "start_requests"):
            await self._all(f"DELETE FROM {table} WHERE {OWNER_WHERE}", owner_args(owner))
        removed = await self._all(
            f"DELETE FROM interviews WHERE {OWNER_WHERE} RETURNING id", owner_args(owner)
        )
        return len(removed)
