"""`/interview history` on Slack: the scores over time as a text chart in the reply,
what recurs, and the PNG chart uploaded in the user's DM (files_upload_v2, against the
loopback fake)."""

from __future__ import annotations

from pathlib import Path

from adapters.slack import render
from tests.progress_helpers import ReportsProvider, decoded, png_size, png_text, report
from tests.slack.harness import DM, Harness, start_interview

REPORTS = [report([70, 30, 40, 80, 90]), report([75, 45, 80, 85, 90]), report([80, 50, 45, 90, 95])]


def shown(h: Harness) -> str:
    """The last reply's blocks as Slack shows them (its escapes undone)."""
    return render.unesc("\n".join(b["text"]["text"] for b in h.fake.responses[-1]["blocks"]))


async def test_history_attaches_the_chart_in_the_dm_and_shows_the_trends(tmp_path: Path) -> None:
    async with Harness(tmp_path, provider=ReportsProvider(reports=list(REPORTS)), max_questions=1) as h:
        for role in ("Ward Manager | St Mary's", "Charge Nurse | St Mary's", "Matron | St Mary's"):
            thread = await start_interview(h, role)
            await h.message("An answer.", thread=thread)

        await h.command("history", channel="C0PUBLIC")

        (chart,) = h.fake.shared_files()
        assert chart["channel"] == DM and chart["name"] == "interview-progress.png"  # never the channel
        assert chart["title"] == "Your scores over 3 finished interviews"
        assert png_size(chart["data"]) == (800, 450) and decoded(chart["data"]).shape[:2] == (450, 800)
        described = png_text(chart["data"])["Description"].splitlines()
        assert [line.split(": overall ")[1].split(";")[0] for line in described] == [
            str(r.overall_score) for r in REPORTS]
        text = shown(h)
        assert "Structure (STAR)" in text and "30 -> 45 -> 50" in text
        assert "Recurring weakness: Structure (STAR), among your two lowest scores in 3 of your last 3" in text
        assert "Recurring weakness: Specificity and evidence" in text
        assert "The chart of your scores is in our DM." in text


async def test_history_with_nothing_scored_uploads_nothing(tmp_path: Path) -> None:
    async with Harness(tmp_path, provider=ReportsProvider(reports=[]), max_questions=2) as h:
        thread = await start_interview(h, "Ward Manager | St Mary's")
        await h.message("An answer.", thread=thread)  # one of two: in progress
        await h.command("history")
        assert h.fake.shared_files() == []
        text = shown(h)
        assert "in progress" in text
        assert "No interview has a report yet, so there are no scores to follow over time." in text
        assert "chart" not in text.lower()
