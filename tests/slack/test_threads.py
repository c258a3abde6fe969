"""What must change nothing: retries, duplicates, other people, edits, bot posts;
and what is refused with a hint: empty and file-only replies."""

from __future__ import annotations

from tests.slack.harness import DM, Harness, fixture, start_interview


async def test_retries_duplicates_others_edits_and_bots_change_nothing(any_mode: Harness) -> None:
    h = any_mode
    thread = await start_interview(h)
    ts = h.next_ts()
    body = await h.message("My first answer, with a result.", thread=thread, ts=ts)
    assert h.questions(thread)[-1]["text"].startswith("Question 2/8")
    before = len(h.fake.calls)

    # Slack retries the very same event (X-Slack-Retry-Num / retry_attempt).
    await h.deliver("events_api", body, retry=1)
    # The same message delivered again under a new event id.
    await h.message("My first answer, with a result.", thread=thread, ts=ts)
    # Someone else writes in the thread.
    await h.message("I am not the candidate", thread=thread, user="U2")
    # The candidate edits an answer.
    edit = fixture("event_message_changed.json")
    edit["event"]["message"]["thread_ts"] = thread
    await h.deliver("events_api", h.event_body("event_message_changed.json", edit["event"]))
    # A bot posts in the thread.
    bot_post = fixture("event_message_im.json")["event"] | {
        "subtype": "bot_message", "bot_id": "BOTHER", "text": "beep", "thread_ts": thread, "ts": h.next_ts()}
    bot_post.pop("user")
    await h.deliver("events_api", h.event_body("event_message_im.json", bot_post))
    # Our own bot's message echoed back as an event.
    own = fixture("event_message_im.json")["event"] | {
        "user": "UBOT", "bot_id": "BBOT", "text": "Question 2/8: ...", "thread_ts": thread, "ts": h.next_ts()}
    await h.deliver("events_api", h.event_body("event_message_im.json", own))

    assert len(h.fake.calls) == before, h.fake.calls[before:]
    assert len(h.questions(thread)) == 2

    # The interview carries on normally afterwards.
    await h.message("Second answer.", thread=thread)
    assert h.questions(thread)[-1]["text"].startswith("Question 3/8")


async def test_empty_and_file_only_replies_get_a_hint(slack: Harness) -> None:
    h = slack
    thread = await start_interview(h)
    info = h.fake.add_file("F0IMG", "screenshot.png", b"\x89PNG\r\n\x1a\n....", mimetype="image/png")
    await h.message("", thread=thread, files=[info])
    assert "type your answer as text" in h.texts(DM, thread)[-1]
    assert h.fake.downloads == ["F0CVTXT", "F0JDTXT"]  # the image was not fetched

    await h.message("   ", thread=thread)
    assert "empty" in h.texts(DM, thread)[-1].lower()
    assert len(h.questions(thread)) == 1

    await h.message("A real answer now.", thread=thread)
    assert h.questions(thread)[-1]["text"].startswith("Question 2/8")


async def test_a_message_outside_the_thread_points_to_it(slack: Harness) -> None:
    h = slack
    thread = await start_interview(h)
    await h.message("Here is my answer, outside the thread")
    hint = h.texts(DM)[-1]
    assert hint.startswith("To answer, reply in") and f"p{thread.replace('.', '')}" in hint
    assert len(h.questions(thread)) == 1
