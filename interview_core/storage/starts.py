"""Start requests: each start command's platform id, so a command delivered
again, even after a restart, starts nothing new."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from interview_core.models import Owner
from interview_core.outcomes import StartClaim
from interview_core.storage.connection import OWNER_WHERE, Database, now, owner_args
from interview_core.storage.interviews import SELECT_INTERVIEWS, interview_of

# A platform's id for one command is only ever replayed within minutes (Slack signs a
# request for 5); a day covers restarts, and keeps the table small.
START_KEY_DAYS = 1


class StartRequests(Database):
    async def claim_start(self, owner: Owner, key: str) -> StartClaim:
        """Record that the start command `key` is running, unless it was seen before:
        then what became of it. Keys older than START_KEY_DAYS are forgotten."""
        cutoff = (datetime.now(UTC) - timedelta(days=START_KEY_DAYS)).isoformat(timespec="microseconds")
        await self._all("DELETE FROM start_requests WHERE created_at < ?", (cutoff,))
        row = await self._one(
            """INSERT INTO start_requests (key, platform, workspace, owner, status, created_at)
               VALUES (?, ?, ?, ?, 'running', ?) ON CONFLICT (key) DO NOTHING RETURNING key""",
            (key, *owner_args(owner), now()),
        )
        if row is not None:
            return StartClaim(first=True)
        seen = await self._one(
            f"SELECT status, interview_id FROM start_requests WHERE key = ? AND {OWNER_WHERE}",
            (key, *owner_args(owner)),
        )
        if seen is None:  # another user's id: never theirs to learn about
            return StartClaim(first=False, running=False)
        interview = None
        if seen["interview_id"] is not None:
            row = await self._one(
                f"{SELECT_INTERVIEWS} WHERE id = ? AND {OWNER_WHERE}",
                (seen["interview_id"], *owner_args(owner)),
            )
            interview = interview_of(row) if row else None
        return StartClaim(first=False, running=seen["status"] == "running", interview=interview)

    async def settle_start(self, key: str, interview_id: int | None = None) -> None:
        """The start `key` is over; `interview_id` is the interview it made, if it made one."""
        await self._all(
            """UPDATE start_requests SET status = 'done',
                   interview_id = COALESCE(?, interview_id) WHERE key = ?""",
            (interview_id, key),
        )
