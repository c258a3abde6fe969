"""`/interview history` on Discord through the real discord.py client against the fake:
the scores over time in the (ephemeral) reply, what recurs, and the PNG chart attached
to it; nobody else's interviews."""

from __future__ import annotations

from pathlib import Path

from interview_core.models import Owner
from tests.discord.fake_discord import ALICE, BOB, FakeDiscord
from tests.discord.fake_wire import GUILD_ID
from tests.discord.harness import User, running_bot
from tests.discord.test_export import sent_files
from tests.progress_helpers import (
    decoded,
    hand_made_interviews,
    png_size,
    png_text,
    report,
)

REPORTS = [report([70, 30, 40, 80, 90]), report([70] * 5), report([30, 80, 85, 40, 90])]


async def test_history_attaches_the_chart_and_calls_nothing_recurring_that_was_low_once(
        fake: FakeDiscord, db_path: Path) -> None:
    await hand_made_interviews(db_path, Owner("discord", GUILD_ID, ALICE), REPORTS)
    await hand_made_interviews(db_path, Owner("discord", GUILD_ID, BOB), [report([11, 12, 13, 14, 15])])
    async with running_bot(fake, db_path):
        alice = User(fake, ALICE)
        interaction, mark = await alice.command("history")
        reply = await fake.wait_original(interaction["token"], since=mark)

        content = reply["content"]
        assert "Scores over your last 3 finished interviews" in content
        assert "Structure (STAR)" in content and "30 -> 70 -> 80" in content
        assert "No recurring weakness" in content and "Recurring weakness:" not in content
        assert "score 13/100" not in content and content.count("score ") == 3  # Bob's is not there
        (attached,) = reply["attachments"]
        assert attached["filename"] == "interview-progress.png"
        (patch,) = sent_files(fake, mark)
        data = patch.files["interview-progress.png"]
        assert png_size(data) == (800, 450) and decoded(data).shape[:2] == (450, 800)
        assert len(png_text(data)["Description"].splitlines()) == 3


async def test_history_with_no_interviews_attaches_nothing(fake: FakeDiscord, db_path: Path) -> None:
    async with running_bot(fake, db_path):
        interaction, mark = await User(fake, ALICE).command("history")
        reply = await fake.wait_original(interaction["token"], since=mark)
        assert reply["content"].startswith("You have no interviews yet.")
        assert not reply.get("attachments") and sent_files(fake, mark) == []
