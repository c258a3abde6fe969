"""What must change nothing: retries, duplicates, other people, edits, bot posts;
what is refused with a hint: empty and file-only replies, replies in a thread
that is no interview; and honest words when storing an answer fails."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from adapters.slack.render import TEXTS
from interview_core.models import Role
from tests.slack.harness import DM, Harness, fixture, sample, start_interview


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
    assert h.texts(DM, thread)[-1] == TEXTS.attachment_only
    assert "send it in our DM, outside this thread" in TEXTS.attachment_only  # Slack's way
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


class FailingAnswers:
    """Our own service, except that storing an answer fails unexpectedly."""

    def __init__(self, service: Any, error: Exception) -> None:
        self._service = service
        self._error = error
        self.calls = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._service, name)

    async def submit_answer(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        raise self._error


@pytest.mark.parametrize(
    "error",
    [sqlite3.OperationalError("database is locked"), sqlite3.IntegrityError("FOREIGN KEY constraint failed")],
    ids=["locked", "foreign-key"],
)
async def test_a_failed_store_never_claims_the_answer_is_saved(slack: Harness, error: Exception) -> None:
    h = slack
    thread = await start_interview(h)
    service = h.bot.service
    failing = FailingAnswers(service, error)
    h.bot.conversation.service = failing  # type: ignore[assignment]
    await h.message("An answer the database could not take.", thread=thread)
    assert failing.calls == 1
    said = h.texts(DM, thread)[-1]
    assert said == TEXTS.maybe_not_saved
    assert not any("is saved" in t for t in h.texts(DM)), h.texts(DM)

    # Sent again once the store works, it is taken as the first answer.
    h.bot.conversation.service = service
    await h.message("An answer the database could not take.", thread=thread)
    assert h.questions(thread)[-1]["text"].startswith("Question 2/8")


async def test_a_failure_after_the_answer_is_stored_says_it_is_saved(slack: Harness) -> None:
    h = slack
    thread = await start_interview(h)
    # The answer is stored; then Slack refuses to take the next question.
    h.fake.faults["chat.postMessage"] = [(200, {}, {"ok": False, "error": "internal_error"})]
    await h.message("My first answer, stored before Slack failed.", thread=thread)
    assert h.texts(DM, thread)[-1] == TEXTS.saved_but_failed
    interview = await h.service.current(_ref(thread))
    assert interview is not None
    said = [m.text for m in await h.service.transcript(interview.owner, interview.id) if m.role is Role.CANDIDATE]
    assert said == ["My first answer, stored before Slack failed."], said
    await h.command("resume")
    assert h.questions(thread)[-1]["text"].startswith("Question 2/8")


async def test_a_reply_under_a_bot_message_that_is_no_interview_gets_a_hint(slack: Harness) -> None:
    h = slack
    # The "CV or job description?" buttons: a bot message, no interview in its thread.
    await h.upload("F0DOC", "document.md", sample("sample_jd.md").encode())
    ask = h.fake.posts(DM)[-1]
    assert "CV or the job description" in ask["text"]
    buttons = h.fake_ts_of(ask)
    await h.message("it's the job description", thread=buttons)
    hint = h.texts(DM, buttons)[-1]
    assert hint.startswith(TEXTS.not_an_interview) and "/interview start <job title> | <company>" in hint, hint
    assert len(h.fake.posts(DM, buttons)) == 1

    # With an interview under way, the hint links to its thread.
    thread = await start_interview(h)
    confirm = next(p for p in h.fake.posts(DM) if str(p.get("text", "")).startswith("CV: "))
    await h.message("Here's my answer", thread=h.fake_ts_of(confirm))
    hint = h.texts(DM, h.fake_ts_of(confirm))[-1]
    assert hint.startswith(TEXTS.not_an_interview) and f"p{thread.replace('.', '')}" in hint, hint
    assert len(h.questions(thread)) == 1  # not taken as an answer


async def test_no_hint_for_other_users_bots_or_edits_under_a_bot_message(any_mode: Harness) -> None:
    h = any_mode
    await h.upload("F0DOC", "document.md", sample("sample_jd.md").encode())
    buttons = h.fake_ts_of(h.fake.posts(DM)[-1])
    before = len(h.fake.calls)
    # Someone else, in this user's DM.
    await h.message("not my DM", thread=buttons, user="U2")
    # An edit of a reply in that thread.
    edit = fixture("event_message_changed.json")
    edit["event"]["message"]["thread_ts"] = buttons
    await h.deliver("events_api", h.event_body("event_message_changed.json", edit["event"]))
    # A bot's post, and our own bot's post echoed back.
    bot_post = fixture("event_message_im.json")["event"] | {
        "subtype": "bot_message", "bot_id": "BOTHER", "text": "beep", "thread_ts": buttons, "ts": h.next_ts()}
    bot_post.pop("user")
    await h.deliver("events_api", h.event_body("event_message_im.json", bot_post))
    own = fixture("event_message_im.json")["event"] | {
        "user": "UBOT", "bot_id": "BBOT", "text": "a hint", "thread_ts": buttons, "ts": h.next_ts()}
    await h.deliver("events_api", h.event_body("event_message_im.json", own))
    assert h.fake.posts(DM, buttons) == []
    assert [c.method for c in h.fake.calls[before:] if c.method != "conversations.open"] == []


def _ref(thread: str):
    from interview_core.models import ConversationRef

    return ConversationRef("slack", "T0TEST", DM, "U1", thread=thread)
