"""The core flows, once, with no platform: a user starts, answers, asks for the
report; the conversation layer's replies are what every adapter renders."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from interview_core.chat import (
    CONSOLE,
    Commands,
    CompletedReply,
    Conversation,
    NotAnInterview,
    NoticeReply,
    QuestionReply,
    ReportReply,
    StartPlan,
    StatusReply,
    Texts,
)
from interview_core.documents import from_pasted_text
from interview_core.service import InterviewError, InterviewService
from interview_core.storage import Store
from tests.chat.recording import RecordingChat
from tests.helpers import ScriptedProvider

CV = "Amara Okafor. Staff nurse, St Mary's surgical ward, 2016-2024: triage, handovers, mentoring."
JD = "Ward Manager\nSt Mary's Hospital\nLead a team of 30 nurses; own rotas, audits and patient safety."


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with Store(tmp_path / "chat.db") as opened:
        yield opened


def chat_for(store: Store, provider: ScriptedProvider | None = None, *, questions: int = 3,
             texts: Texts | None = None, user: str = "alice") -> RecordingChat:
    service = InterviewService(store, provider or ScriptedProvider(), max_questions=questions)
    return RecordingChat(Conversation(service, texts), user=user)


async def test_a_whole_interview_reads_like_a_conversation(store: Store) -> None:
    chat = chat_for(store)
    (first,) = await chat.start(CV, JD, title="Ward Manager", company="St Mary's")
    assert isinstance(first, QuestionReply) and first.question.number == 1
    assert first.progress["answered"] == 0 and first.interview.title == "Ward Manager"
    (second,) = await chat.say("I ran the night handover for two years.")
    assert isinstance(second, QuestionReply) and second.question.number == 2
    assert second.progress["answered"] == 1
    await chat.say("I audited falls risk every week.")
    done, report = await chat.say("I mentored four new nurses.")
    assert isinstance(done, CompletedReply) and done.text == (
        "That's the end of the interview: thank you! All 3 answers are saved. Once you've read your "
        "report, ask me about it here (“which answer was weakest?”).")
    assert done.progress["answered"] == 3 and done.progress["is_complete"]
    assert isinstance(report, ReportReply) and report.report.overall_score == 70 and not report.owed
    assert report.interview.id == first.interview.id  # the data travels with the reply


async def test_what_is_not_an_answer(store: Store) -> None:
    chat = chat_for(store)
    await chat.start(CV, JD, title="Ward Manager", company="St Mary's")
    (empty,) = await chat.say("   ")
    assert isinstance(empty, NoticeReply) and not empty.saved
    await chat.say("My first answer.", message_id="same")
    assert await chat.say("My first answer.", message_id="same") == []  # delivered twice
    bob = RecordingChat(chat.conversation, user="bob", thread=chat.thread)
    assert await bob.say("Good luck!") == []  # not his interview
    finished = RecordingChat(chat.conversation)
    assert [type(r).__name__ for r in await finished.say("hello?")] == ["NotAnInterview"]


async def test_a_failed_question_keeps_the_answer_and_counts_it(store: Store) -> None:
    chat = chat_for(store, ScriptedProvider(fail_questions={3}), questions=4)
    await chat.start(CV, JD, title="Ward Manager", company="St Mary's")
    await chat.say("One.")
    (pending,) = await chat.say("Two.")
    assert isinstance(pending, NoticeReply) and pending.saved and pending.retry
    assert pending.text.endswith("Use `/interview resume` to get the next question.")
    status = await chat.conversation.service.progress(chat.owner, pending.interview.id)
    assert status["answered"] == 2 and status["question_count"] == 2  # not question_count - 1
    # The next message is added to answer 2 (question 3 was never shown), and the
    # engine is asked again.
    (retried,) = await chat.say("And one more thing about the rota.")
    assert isinstance(retried, QuestionReply) and retried.question.number == 3
    assert retried.notice == "Added to your answer to question 2. Here is the next question."


async def test_a_lost_report_is_written_when_asked_and_an_older_one_too(store: Store) -> None:
    chat = chat_for(store, ScriptedProvider(fail_feedback=1), questions=1)
    await chat.start(CV, JD, title="Ward Manager", company="St Mary's")
    done, failed = await chat.say("One long answer.")
    assert isinstance(done, CompletedReply)
    assert isinstance(failed, NoticeReply) and failed.retry
    assert failed.text.endswith("Use `/interview feedback` to try again.")
    await chat.start(CV, JD, title="Charge Nurse", company="St Mary's")
    _, second_report = await chat.say("Another answer.")
    assert isinstance(second_report, ReportReply)

    latest, owed = await chat.feedback()
    assert isinstance(latest, ReportReply) and latest.interview.title == "Charge Nurse" and not latest.owed
    assert isinstance(owed, ReportReply) and owed.interview.title == "Ward Manager" and owed.owed
    assert [type(r) for r in await chat.feedback()] == [ReportReply]  # nothing owed any more


async def test_feedback_before_any_finished_interview(store: Store) -> None:
    chat = chat_for(store)
    (notice,) = await chat.feedback()
    assert notice.text == "You have no finished interview yet: the report comes after the last answer."


async def test_the_role_comes_from_the_user_then_the_job_description(store: Store) -> None:
    chat = chat_for(store)
    role = chat.conversation.role(JD)
    assert role.complete and role.title == "Ward Manager"
    assert chat.conversation.role(JD, title="Deputy Ward Manager").title == "Deputy Ward Manager"
    missing = chat.conversation.role("We need someone great.")
    assert not missing.complete
    with pytest.raises(InterviewError, match="job title"):
        await chat.conversation.start(chat.ref("t-x"), StartPlan(CV, "We need someone great.", missing))


async def test_a_start_from_saved_documents_says_what_is_missing(store: Store) -> None:
    chat = chat_for(store)
    plan = await chat.conversation.plan_start(chat.owner)
    assert isinstance(plan, NoticeReply) and "CV and job description" in plan.text
    await chat.conversation.service.save_document(chat.owner, "cv", from_pasted_text(CV))
    plan = await chat.conversation.plan_start(chat.owner)
    assert isinstance(plan, NoticeReply) and "your job description" in plan.text
    await chat.conversation.service.save_document(chat.owner, "jd", from_pasted_text(JD))
    plan = await chat.conversation.plan_start(chat.owner, company="St Mary's Hospital")
    assert isinstance(plan, StartPlan) and plan.role.title == "Ward Manager" and plan.cv_text == CV


async def test_sentences_name_each_platform_s_commands(store: Store) -> None:
    chat = chat_for(store, ScriptedProvider(fail_feedback=1), questions=1, texts=Texts(CONSOLE))
    await chat.start(CV, JD, title="Ward Manager", company="St Mary's")
    _, failed = await chat.say("One.")
    assert failed.text.endswith("Use `interview-bot console --resume` to try again.")


async def test_feedback_asked_in_a_thread_is_that_interview_s(store: Store) -> None:
    chat = chat_for(store, questions=1)
    await chat.start(CV, JD, title="Ward Manager", company="St Mary's")
    first_thread = chat.thread
    await chat.say("One.")
    await chat.start(CV, JD, title="Charge Nurse", company="St Mary's")
    await chat.say("Two.")

    (latest,) = await chat.feedback()
    assert latest.interview.title == "Charge Nurse"
    (here,) = await chat.feedback(in_thread=first_thread)
    assert isinstance(here, ReportReply) and here.interview.title == "Ward Manager"
    (elsewhere,) = await chat.feedback(in_thread="a-thread-without-an-interview")
    assert elsewhere.interview.title == "Charge Nurse"
    # Someone else's interview in that thread is not theirs to see: their own latest instead.
    bob = RecordingChat(chat.conversation, user="bob")
    (notice,) = await bob.feedback(in_thread=first_thread)
    assert isinstance(notice, NoticeReply) and notice.text == Texts().no_finished_interview


async def test_an_unfinished_interview_in_the_thread_has_no_report_yet(store: Store) -> None:
    chat = chat_for(store, questions=2)
    await chat.start(CV, JD, title="Ward Manager", company="St Mary's")
    with pytest.raises(InterviewError, match="after the last answer"):
        await chat.feedback(in_thread=chat.thread)


async def test_a_first_question_that_failed_says_how_to_get_it(store: Store) -> None:
    chat = chat_for(store, ScriptedProvider(fail_questions={1}))
    (notice,) = await chat.start(CV, JD, title="Ward Manager", company="St Mary's")
    assert isinstance(notice, NoticeReply) and notice.saved and notice.retry
    assert notice.text.endswith("Use `/interview resume` to get the first question.")


def test_what_a_start_lacks_is_asked_for_the_platform_s_way(store: Store) -> None:
    options = Texts(Commands(title_option="title:", company_option="company:"))
    assert options.need_title == "I couldn't tell the job title from the job description: add `title:`."
    assert options.need_company.endswith("add `company:`.")
    assert Texts().need_title.endswith(": please give it.")
    conversation = Conversation(InterviewService(store, ScriptedProvider()), options)
    with pytest.raises(InterviewError, match="add `company:`"):
        conversation.require_role(conversation.role("We need someone great.", title="Ward Manager"))
    conversation.require_role(conversation.role(JD))  # the job description says both


def test_errors_the_user_can_act_on_have_a_sentence_the_rest_none() -> None:
    assert Conversation.friendly(InterviewError("I can't find that interview.")) == "I can't find that interview."
    assert Conversation.friendly(RuntimeError("a bug at /srv/app")) is None


# -- the answer turn: what became of a message ---------------------------------------


async def test_an_answer_says_what_became_of_it_and_whether_it_is_saved(store: Store) -> None:
    chat = chat_for(store, ScriptedProvider(fail_questions={3}), questions=4)
    await chat.start(CV, JD, title="Ward Manager", company="St Mary's")
    await chat.say("One.", message_id="one")
    await chat.say("One.", message_id="one")  # delivered again
    await chat.say("Two.")  # question 3 fails: saved, pending
    await chat.say("And a detail.")  # an addition to answer 2; question 3 is written now
    await chat.say("   ")
    bob = RecordingChat(chat.conversation, user="bob", thread=chat.thread)
    await bob.say("Good luck!")
    assert chat.kinds == ["question", "duplicate", "pending", "question", "rejected"]
    assert bob.kinds == ["not_owner"]
    result = await chat.conversation.answer(chat.ref(), "Three.", message_id="three")
    assert result.kind == "question" and result.saved and isinstance(result.replies[0], QuestionReply)
    empty = await chat.conversation.answer(chat.ref(), "")
    assert empty.kind == "rejected" and not empty.saved


async def test_the_busy_indicator_is_shown_only_while_the_owner_s_answer_is_taken(store: Store) -> None:
    chat = chat_for(store, questions=3)
    await chat.start(CV, JD, title="Ward Manager", company="St Mary's")
    shown: list[str] = []

    @contextlib.asynccontextmanager
    async def busy() -> AsyncIterator[None]:
        shown.append("on")
        yield
        shown.append("off")

    conversation = chat.conversation
    await conversation.answer(chat.ref(), "My answer.", message_id="a1", busy=busy)
    assert shown == ["on", "off"]
    await conversation.answer(chat.ref(), "   ", message_id="a2", busy=busy)  # nothing typed
    await conversation.answer(RecordingChat(conversation, user="bob").ref(chat.thread), "Hi!", busy=busy)
    await conversation.answer(chat.ref("no-interview-here"), "Hello?", busy=busy)
    assert shown == ["on", "off"]


async def test_what_a_message_without_words_is_told(store: Store) -> None:
    slack_like = Texts(Commands(new_documents="send it in our DM, outside this thread"))
    chat = chat_for(store, questions=1, texts=slack_like)
    await chat.start(CV, JD, title="Ward Manager", company="St Mary's")
    (files,) = await chat.say("", attachments=True)
    assert isinstance(files, NoticeReply) and files.text == slack_like.attachment_only and not files.saved
    assert files.text.startswith("I can only read typed answers, not files or images")
    assert files.text.endswith("To use a new CV or job description, send it in our DM, outside this thread.")
    assert not Texts().attachment_only.endswith("outside this thread.")
    (empty,) = await chat.say("  ")
    assert empty.text.startswith("Your answer is empty.")
    await chat.say("My only answer.")
    (after,) = await chat.say("")  # the interview is over: not "type your answer"
    assert after.text == slack_like.finished


async def test_a_message_in_a_thread_without_an_interview_points_to_the_one_in_play(store: Store) -> None:
    chat = chat_for(store)
    (nothing,) = await chat.say("Hello?", in_thread="elsewhere")
    assert nothing == NotAnInterview()
    await chat.start(CV, JD, title="Ward Manager", company="St Mary's")
    (hint,) = await chat.say("Hello?", in_thread="elsewhere")
    assert isinstance(hint, NotAnInterview) and hint.elsewhere is not None and hint.elsewhere.thread == chat.thread
    texts = chat.conversation.texts
    assert texts.answer_in("#t") == "To answer, reply in #t; `/interview resume` posts the question again."
    assert texts.not_an_interview.startswith("No interview runs in this thread")


# -- resume, status, delete ----------------------------------------------------------


async def test_resume_posts_the_question_waiting_with_where_the_user_left_off(store: Store) -> None:
    chat = chat_for(store, questions=3)
    with pytest.raises(InterviewError) as nothing:
        await chat.resume()
    assert str(nothing.value) == "You have no unfinished interview. `/interview start` begins a new one."
    await chat.start(CV, JD, title="Ward Manager", company="St Mary's")
    await chat.say("One.")
    (again,) = await chat.resume()
    assert isinstance(again, QuestionReply) and again.question.number == 2
    assert again.notice == "Picking up where you left off (1/3 answered)."
    assert again.progress["answered"] == 1 and again.interview.thread == chat.thread
    (here,) = await chat.resume(in_thread=chat.thread)
    assert isinstance(here, QuestionReply) and here.question.number == 2


async def test_resume_after_a_failed_question_and_after_the_end(store: Store) -> None:
    provider = ScriptedProvider(fail_questions={2})
    chat = chat_for(store, provider, questions=2)
    await chat.start(CV, JD, title="Ward Manager", company="St Mary's")
    await chat.say("One.")  # question 2 fails
    provider.fail_questions.add(2)  # and again on resume
    (failed,) = await chat.resume()
    assert isinstance(failed, NoticeReply) and failed.saved and failed.retry
    assert failed.text.endswith("Use `/interview resume` to get the next question.")
    (written,) = await chat.resume()
    assert isinstance(written, QuestionReply) and written.question.number == 2
    await chat.say("Two.")
    (finished,) = await chat.resume(in_thread=chat.thread)
    assert isinstance(finished, NoticeReply) and not finished.retry and finished.text == Texts().finished
    assert finished.interview is not None and finished.progress["is_complete"]


async def test_status_is_this_thread_s_interview_else_the_one_in_play_else_the_latest(store: Store) -> None:
    chat = chat_for(store, questions=1)
    (none,) = await chat.status()
    assert isinstance(none, NoticeReply) and none.text == "You have no interviews yet. `/interview start` begins one."
    await chat.start(CV, JD, title="Ward Manager", company="St Mary's")
    first = chat.thread
    (playing,) = await chat.status()
    assert isinstance(playing, StatusReply) and playing.interview.title == "Ward Manager"
    assert playing.progress["answered"] == 0
    assert playing.text == "Answer the last question there, or `/interview resume` to get it again."
    await chat.say("One.")
    (latest,) = await chat.status()  # nothing in play: the latest, finished
    assert latest.interview.title == "Ward Manager" and latest.text == "`/interview feedback` shows your report."
    await chat.start(CV, JD, title="Charge Nurse", company="St Mary's")
    (current,) = await chat.status()
    assert current.interview.title == "Charge Nurse"
    (here,) = await chat.status(in_thread=first)
    assert here.interview.title == "Ward Manager" and here.progress["is_complete"]


async def test_delete_removes_every_account_given_and_says_how_much(store: Store) -> None:
    chat = chat_for(store, questions=2)
    await chat.start(CV, JD, title="Ward Manager", company="St Mary's")
    other = RecordingChat(chat.conversation, workspace="dm")
    await other.start(CV, JD, title="Charge Nurse", company="St Mary's")
    await chat.conversation.service.save_document(chat.owner, "cv", from_pasted_text(CV))
    (done,) = await chat.conversation.delete(chat.owner, other.owner, chat.owner)
    assert isinstance(done, NoticeReply)
    assert done.text == "Done: I deleted 2 interviews (answers and reports included) and your uploaded documents."
    assert await chat.conversation.service.history(chat.owner) == []
    assert await chat.conversation.service.documents(chat.owner) == {}
    (again,) = await chat.conversation.delete(chat.owner)
    assert again.text.startswith("Done: I deleted 0 interviews")
    assert Texts.deleted(1).startswith("Done: I deleted 1 interview (")


def test_a_platform_that_takes_the_role_in_the_command_s_text_says_so() -> None:
    slack_like = Texts(Commands(start_with_role="/interview start <job title> | <company>"))
    assert slack_like.need_company == ("I couldn't tell the company from the job description: please give it: "
                                       "`/interview start <job title> | <company>`.")


def test_a_start_delivered_again_is_answered_with_where_its_interview_is() -> None:
    texts = Texts()
    assert texts.already_started("in #t") == "You already started this interview: it's in #t, so I didn't start another."
    assert texts.being_set_up.startswith("You already started this interview: it is being set up")


async def test_the_answer_turn_looks_the_interview_up_once(store: Store) -> None:
    """The service's outcome says whose the interview is; whether to show the busy
    indicator comes from the turns before, so nothing is looked up ahead of it."""
    chat = chat_for(store, questions=4)
    await chat.start(CV, JD, title="Ward Manager", company="St Mary's")
    service = chat.conversation.service
    looked_up: list[object] = []
    real_current = service.current

    async def current(ref):  # the look-up the answer turn used to make first
        looked_up.append(ref)
        return await real_current(ref)

    service.current = current  # type: ignore[method-assign]
    shown: list[str] = []

    @contextlib.asynccontextmanager
    async def busy() -> AsyncIterator[None]:
        shown.append("on")
        yield

    result = await chat.conversation.answer(chat.ref(), "My answer.", message_id="a1", busy=busy)
    assert result.kind == "question" and shown == ["on"] and looked_up == []
    bob = RecordingChat(chat.conversation, user="bob").ref(chat.thread)
    assert (await chat.conversation.answer(bob, "Good luck!", busy=busy)).replies == []
    assert shown == ["on"] and looked_up == []  # not his: no indicator, and no look-up to know it
    # Another process (or a restart) has not seen the thread: it looks once, then no more.
    fresh = Conversation(service)
    await fresh.answer(chat.ref(), "Second.", message_id="a2", busy=busy)
    await fresh.answer(chat.ref(), "Third.", message_id="a3", busy=busy)
    assert shown == ["on", "on", "on"] and len(looked_up) == 1


async def test_a_report_is_written_once_and_again_on_request(store: Store) -> None:
    provider = ScriptedProvider()
    chat = chat_for(store, provider, questions=1)
    await chat.start(CV, JD, title="Ward Manager", company="St Mary's")
    await chat.say("One.")
    def written(kind: str) -> int:
        return [called for called, _ in provider.calls].count(kind)

    assert written("feedback") == 1
    (shown,) = await chat.feedback()
    assert isinstance(shown, ReportReply) and written("feedback") == 1  # stored: shown, not written again
    (again,) = await chat.feedback(regenerate=True)
    assert isinstance(again, ReportReply) and written("feedback") == 2
