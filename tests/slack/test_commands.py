"""Every /interview subcommand, the start modal, the delete confirmation, App Home."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.slack.render import TEXTS
from interview_core.models import Owner
from interview_core.service import InterviewError
from tests.helpers import ScriptedProvider
from tests.slack.harness import DM, Harness, fixture, start_interview, upload_documents

OWNER = Owner("slack", "T0TEST", "U1")


async def test_help_and_unknown(slack: Harness) -> None:
    await slack.command("help")
    assert "/interview start <job title> | <company>" in slack.response_texts()[-1]
    await slack.command("")
    assert "*Mock interview coach*" in slack.response_texts()[-1]
    await slack.command("dance")
    assert slack.response_texts()[-1].startswith("I don't know `/interview dance`")


async def test_start_needs_documents(slack: Harness) -> None:
    await slack.command("start Engineer | Acme")
    assert "First send me your CV and job description" in slack.response_texts()[-1]
    assert slack.fake.posts() == []


async def test_start_in_a_channel_runs_in_the_dm(slack: Harness) -> None:
    h = slack
    await upload_documents(h)
    await h.command("start Senior Backend Engineer | Acme", channel="C0PUBLIC")
    assert h.fake.of("conversations.open") == [{"users": "U1"}]
    thread = h.parent_ts(DM)
    assert h.questions(thread)[0]["channel"] == DM
    assert not h.fake.posts("C0PUBLIC")
    note = h.fake.responses[-1]
    assert note["response_type"] == "ephemeral"
    assert f"https://test.slack.com/archives/{DM}/p{thread.replace('.', '')}" in note["text"]


async def test_start_guesses_the_role_from_the_jd(slack: Harness) -> None:
    await upload_documents(slack)
    await slack.command("start")
    assert slack.parent()["text"] == "Mock interview: Senior Backend Engineer at Northwind Labs"


async def test_modal_asks_for_what_is_missing(any_mode: Harness) -> None:
    h = any_mode
    await upload_documents(h)
    # A JD whose first line names no role: the title and company can't be guessed.
    await h.message("Job description: " + "We build tools that people love to use every day. " * 10)
    await h.command("start Platform Engineer")
    opened = h.fake.of("views.open")
    assert len(opened) == 1
    view = opened[0]["view"]
    assert view["callback_id"] == "start_interview"
    assert view["blocks"][0]["element"]["initial_value"] == "Platform Engineer"
    assert "initial_value" not in view["blocks"][1]["element"]
    assert not h.questions()

    # Submitted without a company: the modal shows an error and nothing starts.
    empty = fixture("view_submission.json")
    empty["view"]["state"]["values"]["title"]["value"]["value"] = "Platform Engineer"
    empty["view"]["state"]["values"]["company"]["value"]["value"] = " "
    result = await h.deliver("interactive", empty)
    answer = result[1] if h.mode == "http" else str(result.get("payload"))
    assert "company" in answer and "errors" in answer
    assert not h.questions()

    submit = fixture("view_submission.json")
    submit["view"]["state"]["values"]["title"]["value"]["value"] = "Platform Engineer"
    submit["view"]["state"]["values"]["company"]["value"]["value"] = "Globex"
    await h.deliver("interactive", submit)
    assert h.parent()["text"] == "Mock interview: Platform Engineer at Globex"
    assert h.questions(h.parent_ts())[0]["text"].startswith("Question 1/8")


async def test_status_history_and_resume_with_nothing(slack: Harness) -> None:
    h = slack
    await h.command("status")
    assert h.response_texts()[-1] == TEXTS.no_interviews
    await h.command("history")
    assert TEXTS.no_interviews in str(h.fake.responses[-1]["blocks"])
    await h.command("resume")
    assert "no unfinished interview" in h.response_texts()[-1]
    await h.command("feedback")
    assert "no finished interview" in h.response_texts()[-1]


async def test_status_and_history_during_an_interview(slack: Harness) -> None:
    h = slack
    thread = await start_interview(h)
    await h.message("First answer.", thread=thread)
    await h.command("status")
    status = h.response_texts()[-1]
    assert "Senior Backend Engineer at Acme" in status and "1/8 answered" in status
    assert f"p{thread.replace('.', '')}" in status
    await h.command("history")
    assert "in progress" in str(h.fake.responses[-1]["blocks"])


async def test_feedback_after_a_failure_then_history_shows_the_score(tmp_path: Path) -> None:
    provider = ScriptedProvider(fail_feedback=1)
    async with Harness(tmp_path, provider=provider, max_questions=2) as h:
        thread = await start_interview(h)
        await h.message("One.", thread=thread)
        await h.message("Two.", thread=thread)
        texts = h.texts(DM, thread)
        assert texts[-2].startswith("That's the end of the interview")
        assert "could not be written" in texts[-1] and "/interview feedback" in texts[-1]

        await h.command("feedback")
        shown = h.fake.posts(DM, thread)[-1]
        assert shown["text"].startswith("Your feedback report: 70/100")
        assert "Overall score: 70/100" in str(shown["blocks"])
        note = h.response_texts()[-1]
        assert "70/100" in note and f"p{shown['_ts'].replace('.', '')}" in note
        assert [c[0] for c in provider.calls].count("feedback") == 2
        # Shown, not written again, once stored: the core's (tests/chat, test_a_report_is_written_once_
        # and_again_on_request); Slack's part is reading "again" as that request.
        await h.command("feedback again")
        assert [c[0] for c in provider.calls].count("feedback") == 3

        await h.command("history")
        assert "score 70/100" in str(h.fake.responses[-1]["blocks"])
        await h.command("status")  # nothing in play: the latest interview, finished
        status = h.response_texts()[-1]
        assert "2/2 answered" in status and f"p{thread.replace('.', '')}" in status
        assert status.endswith("`/interview feedback` shows your report.")
        await h.command("resume")
        assert "no unfinished interview" in h.response_texts()[-1]


async def test_delete_asks_then_removes_everything(any_mode: Harness) -> None:
    h = any_mode
    thread = await start_interview(h)
    await h.message("First answer.", thread=thread)
    await h.command("delete")
    confirm = h.fake.responses[-1]
    actions = [e["action_id"] for b in confirm["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert actions == ["delete_confirm", "delete_cancel"]

    await h.click("delete_cancel", "no")
    assert h.fake.responses[-1]["text"] == "Nothing was deleted."
    assert h.fake.responses[-1]["replace_original"] is True
    assert await h.service.history(OWNER)

    await h.click("delete_confirm", "yes")
    assert h.fake.responses[-1]["text"] == TEXTS.deleted(1)
    assert await h.service.history(OWNER) == []
    assert await h.service.documents(OWNER) == {}
    # The old thread is no interview any more: an answer there changes nothing,
    # and a hint says how to start again.
    await h.message("Late answer.", thread=thread)
    assert h.texts(DM, thread)[-1].startswith(TEXTS.not_an_interview)
    assert await h.service.history(OWNER) == []


async def test_app_home_lists_interviews_with_a_resume_button(any_mode: Harness) -> None:
    h = any_mode
    thread = await start_interview(h)
    await h.deliver("events_api", fixture("event_app_home_opened.json"))
    published = h.fake.of("views.publish")[-1]
    assert published["user_id"] == "U1"
    view = published["view"]
    assert view["type"] == "home"
    rows = [b for b in view["blocks"] if b.get("accessory")]
    assert len(rows) == 1 and "Senior Backend Engineer at Acme" in rows[0]["text"]["text"]
    button = rows[0]["accessory"]
    assert button["action_id"] == "home_resume"

    await h.click("home_resume", button["value"])
    reposted = h.questions(thread)
    assert len(reposted) == 2 and reposted[-1]["text"] == reposted[0]["text"]
    assert "Picking up where you left off" in str(reposted[-1]["blocks"])


async def test_feedback_also_writes_the_report_an_older_interview_is_owed(tmp_path: Path) -> None:
    """The first interview's report failed; a second interview was finished since. The
    feedback command writes and posts both, each in its own thread (issue 10, point 10)."""
    provider = ScriptedProvider(fail_feedback=1)
    async with Harness(tmp_path, provider=provider, max_questions=2) as h:
        first = await start_interview(h, "start Ward Manager | St Mary's")
        await h.message("One.", thread=first)
        await h.message("Two.", thread=first)
        assert "could not be written" in h.texts(DM, first)[-1]
        await h.command("start Charge Nurse | St Mary's")
        second = h.parent_ts()
        assert second != first
        await h.message("One.", thread=second)
        await h.message("Two.", thread=second)
        assert h.texts(DM, second)[-1].startswith("Your feedback report")  # written at the end

        await h.command("feedback")
        assert h.texts(DM, first)[-1].startswith("Your feedback report: 70/100")
        notes = h.response_texts()[-2:]
        assert "*Charge Nurse* at *St Mary's*" in notes[0] or "Charge Nurse" in notes[0]
        assert "Ward Manager" in notes[1] and "70/100" in notes[1]
        with_report = {i.interview.id for i in await h.service.history(OWNER) if i.overall_score is not None}
        assert len(with_report) == 2


async def test_after_question_4_fails_status_shows_3_answered_and_help_the_real_count(tmp_path: Path) -> None:
    provider = ScriptedProvider(fail_questions={4})
    async with Harness(tmp_path, provider=provider, max_questions=6) as h:
        thread = await start_interview(h)
        for n in (1, 2, 3):
            await h.message(f"Answer {n}.", thread=thread)
        assert not any(t.startswith("Question 4/") for t in h.texts(DM, thread))  # it failed
        await h.command("status")
        assert "3/6 answered" in h.response_texts()[-1], h.response_texts()[-1]
        await h.command("help")
        assert "I ask 6 questions" in h.response_texts()[-1]


async def test_a_command_that_fails_unexpectedly_claims_nothing_about_what_was_stored(slack: Harness) -> None:
    h = slack

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug, at /srv/app")

    h.bot.service.history = broken  # type: ignore[method-assign]
    await h.command("history")
    assert h.response_texts()[-1] == TEXTS.something_wrong  # not "your message may not have been saved"


async def test_with_no_modal_to_ask_in_the_missing_role_is_asked_for_slack_s_way(slack: Harness) -> None:
    h = slack
    await upload_documents(h)
    await h.message("Job description: " + "We build tools that people love to use every day. " * 10)
    said: list[str] = []

    async def reply(text: str, blocks: list[dict] | None = None) -> None:
        said.append(text)

    with pytest.raises(InterviewError) as raised:
        await h.bot.start_interview("T0TEST", "U1", "Platform Engineer", None, reply)
    assert str(raised.value) == TEXTS.need_company
    assert str(raised.value).endswith("please give it: `/interview start <job title> | <company>`.")
    assert not h.questions()

