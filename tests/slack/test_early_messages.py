"""A message sent while the next question is being written is an addition to the
answer before it, never the answer to a question the user has not seen (issue 10)."""

from __future__ import annotations

import asyncio
import sqlite3

from tests.helpers import ScriptedProvider
from tests.slack.harness import DM, Harness
from tests.slack.test_interview_flow import upload_cv_and_jd


async def test_an_early_message_is_added_to_the_answer_it_follows(tmp_path) -> None:
    scripted = ScriptedProvider()
    async with Harness(tmp_path, provider=scripted, max_questions=2) as h:
        await upload_cv_and_jd(h)
        await h.command("start Ward Manager | St Mary's")
        thread = h.parent_ts()
        assert len(h.questions(thread)) == 1

        scripted.block = asyncio.Event()  # the model takes its time over question 2
        first = asyncio.ensure_future(h.message("My first answer.", thread=thread))
        while ("follow_up", 2) not in scripted.calls:
            await asyncio.sleep(0.01)
        early = asyncio.ensure_future(h.message("And one more detail about question one.", thread=thread))
        while "Added to your answer to question 1." not in h.texts(DM, thread):
            await asyncio.sleep(0.01)
        assert len(h.questions(thread)) == 1  # said before question 2 even exists
        scripted.block.set()
        await asyncio.gather(first, early)

        questions = [q["text"] for q in h.questions(thread)]
        assert len(questions) == 2 and questions[1].startswith("Question 2/2")
        await h.message("My second answer.", thread=thread)
        assert h.texts(DM, thread)[-2].startswith("That's the end of the interview")
    with sqlite3.connect(h.tmp_path / "slack.db") as conn:
        answers = [t for (t,) in conn.execute("SELECT text FROM messages WHERE role = 'user' ORDER BY seq")]
        added = conn.execute("SELECT answer_seq, text FROM answer_additions").fetchall()
    assert answers == ["My first answer.", "My second answer."]
    assert added == [(2, "And one more detail about question one.")]
    # The report read answer 1 with its addition: ScriptedProvider's summary counts answers.
    assert ("feedback", 2) in scripted.calls

