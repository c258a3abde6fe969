"""A whole interview through the real discord.py client over loopback sockets."""

from __future__ import annotations

import time

from tests.discord.fake_discord import ALICE, APP_ID, FakeDiscord
from tests.discord.harness import (
    PDF_CV,
    SAMPLE_JD,
    User,
    answer_all,
    button_ids,
    deferral,
    is_deferred,
    is_private,
    is_private_thread,
    is_question,
    running_bot,
    thread_from_start,
)


async def test_whole_interview_from_slash_command_to_report(fake: FakeDiscord, db_path) -> None:
    async with running_bot(fake, db_path):
        # Startup: logged in, registered the command group globally, connected.
        synced = await fake.wait_for(lambda c: c.method == "PUT" and c.path == f"/applications/{APP_ID}/commands")
        (group,) = synced.json
        assert group["name"] == "interview"
        assert {o["name"] for o in group["options"]} == {
            "start", "drill", "resume", "status", "feedback", "history", "export", "delete", "help"
        }
        assert fake.identified_with_message_content_intent()

        alice = User(fake)
        sent_at = time.monotonic()
        interaction, mark = await alice.start(
            cv=("alice-cv.pdf", PDF_CV, "application/pdf"),
            jd=("job-description.md", SAMPLE_JD, "text/markdown; charset=utf-8"),
        )
        token = interaction["token"]
        defer = await deferral(fake, interaction, since=mark)
        assert is_deferred(defer) and is_private(defer)
        assert defer.at - sent_at < 3.0
        thread_id = await thread_from_start(fake, mark)
        # Both files were downloaded from the CDN, after the defer, before the thread.
        downloads = fake.calls_to("GET", "/cdn/", since=mark)
        assert len(downloads) == 2 and all(d.at >= defer.at for d in downloads)
        thread = fake.channels[thread_id]
        assert is_private_thread(thread)  # a CV is private
        first = await fake.wait_message(thread_id, is_question(1), since=mark)
        assert fake.calls_to("PUT", f"/channels/{thread_id}/thread-members/{ALICE}", since=mark)
        assert fake.calls_to("POST", f"/channels/{thread_id}/typing", since=mark)
        assert "**Question 1/8**" in first["content"] and "▱" in first["content"]
        assert first["allowed_mentions"]["parse"] == []

        reply = await fake.wait_original(token, since=mark)
        assert f"<#{thread_id}>" in reply["content"]
        assert "Job description:" in reply["content"]

        report = await answer_all(fake, alice, thread_id)
        thread_messages = fake.messages[thread_id]
        numbers = [m["content"].split("**")[1] for m in thread_messages if m["content"].startswith("**Question")]
        assert numbers == [f"Question {n}/8" for n in range(1, 9)]
        done = [m for m in thread_messages if "That's the end of the interview" in m["content"]]
        assert len(done) == 1
        scores, details = report["embeds"]
        assert scores["title"].startswith("Overall score: ")
        assert len(scores["fields"]) == 5  # one per competency
        assert {f["name"] for f in details["fields"]} >= {"Skills covered", "Asked about or raised, not shown", "Next steps"}
        (notes_button,) = button_ids(report)
        assert notes_button.startswith("interview:notes:")
        for message in thread_messages:
            assert message["allowed_mentions"]["parse"] == []

        # The notes button: an ephemeral reply with one embed per answer.
        mark = fake.mark()
        click = fake.button(notes_button, channel_id=thread_id)
        await fake.dispatch("INTERACTION_CREATE", click)
        notes = await fake.wait_original(click["token"], lambda b: bool(b.get("embeds")), since=mark)
        await fake.wait_for(
            lambda c: c.path.startswith(f"/webhooks/{APP_ID}/{click['token']}")
            and any(e["title"].startswith("Question 8") for e in (c.json or {}).get("embeds", [])),
            since=mark,
        )
        followups = fake.followups.get(click["token"], [])
        embeds = notes["embeds"] + [e for f in followups for e in f["embeds"]]
        assert [e["title"].split(":")[0] for e in embeds] == [f"Question {n}" for n in range(1, 9)]
        assert all(is_private(f) for f in followups)
        assert is_private(fake.calls_to("POST", f"/interactions/{click['id']}/", since=mark)[0])
