"""Issue 12, points 4-6 on Discord: `/interview start` takes persona and level (choices),
questions (an integer range) and language; they are stored and shown in the interview's
first message and its report."""

from __future__ import annotations

import sqlite3

from tests.discord.fake_discord import FakeDiscord
from tests.discord.fake_users import option
from tests.discord.harness import (
    SAMPLE_CV,
    SAMPLE_JD,
    is_question,
    running_bot,
    thread_from_start,
)

CV = ("cv.md", SAMPLE_CV, "text/markdown")
JD = ("jd.md", SAMPLE_JD, "text/markdown")


async def start_with(fake: FakeDiscord, *options: dict) -> tuple[dict, int]:
    mark = fake.mark()
    interaction = fake.slash_start(cv=CV, jd=JD)
    interaction["data"]["options"][0]["options"] += list(options)
    await fake.dispatch("INTERACTION_CREATE", interaction)
    return interaction, mark


async def test_start_options_are_stored_and_shown(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path) as running:
        group = running.bot.tree.get_command("interview")
        schema = {p.name: p for p in group.get_command("start").parameters}  # type: ignore[union-attr]
        assert [c.value for c in schema["persona"].choices] == ["friendly", "neutral", "tough"]
        assert [c.value for c in schema["level"].choices] == ["junior", "mid", "senior"]
        assert (schema["questions"].min_value, schema["questions"].max_value) == (1, 20)

        _, mark = await start_with(fake, option("persona", "tough"), option("level", "senior"),
                                   option("questions", 3), option("language", "French"))
        thread_id = await thread_from_start(fake, mark)
        intro = await fake.wait_message(thread_id, lambda m: "Mock interview" in (m.get("content") or ""),
                                        since=mark)
        assert "Tough persona, senior level, 3 questions, in French" in intro["content"]
        first = await fake.wait_message(thread_id, is_question(1), since=mark)
        assert "Question 1/3" in first["content"]
        # The offline coach says it speaks English only, before question 1.
        assert "The offline coach speaks English only; set an LLM provider for French." in first["content"]
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT persona, level, language, max_questions FROM interviews").fetchall() == [
            ("tough", "senior", "French", 3)]


async def test_a_language_that_is_no_name_gets_a_friendly_sentence(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path):
        interaction, mark = await start_with(fake, option("language", "12345"))
        reply = await fake.wait_original(interaction["token"], since=mark)
        assert "Give the interview language as its name" in reply["content"]
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM interviews").fetchall() == [(0,)]
