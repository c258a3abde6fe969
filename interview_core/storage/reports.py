"""Feedback reports: one per interview, ready or failed."""

from __future__ import annotations

from interview_core.feedback import FeedbackReport
from interview_core.models import TokenUsage
from interview_core.storage.connection import Database, now
from interview_core.storage.records import StoredFeedback


class Reports(Database):
    async def save_feedback(
        self, interview_id: int, report: FeedbackReport | None, error: str | None = None
    ) -> None:
        stamp = now()
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
             usage.completion_tokens if usage else None, stamp, stamp),
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
