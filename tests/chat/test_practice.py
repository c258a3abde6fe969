"""Issue 12, point 1 (practice mode) and point 8 (questions about the report), on the
conversation layer with no platform: a real SQLite file, the service, and a scripted
engine (5 points a word, so a longer retry scores higher)."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from interview_core.chat import (
    CoachingReply,
    CompletedReply,
    Conversation,
    NoticeReply,
    QuestionReply,
    ReportAnswerReply,
    ReportReply,
    RetryReply,
)
from interview_core.feedback import AttemptScores
from interview_core.service import InterviewError, InterviewService
from interview_core.storage import Store
from tests.chat.recording import RecordingChat
from tests.helpers import ScriptedProvider

CV = "Amara Okafor. Staff nurse, St Mary's surgical ward, 2016-2024: triage, handovers, mentoring."
JD = "Ward Manager\nSt Mary's Hospital\nLead a team of 30 nurses; own rotas, audits and patient safety."


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with Store(tmp_path / "practice.db") as opened:
        yield opened


def chat_for(store: Store, provider: ScriptedProvider | None = None) -> RecordingChat:
    service = InterviewService(store, provider or ScriptedProvider(), max_questions=3)
    return RecordingChat(Conversation(service))


async def test_practice_mode_coaches_each_answer_and_scores_the_report_on_the_best_attempt(
    store: Store, tmp_path: Path
) -> None:
    provider = ScriptedProvider()
    chat = chat_for(store, provider)
    (first,) = await chat.start(CV, JD, title="Ward Manager", company="St Mary's", mode="practice")
    assert first.interview.mode == "practice"
    coached, second = await chat.say("I ran the night handover.")  # 5 words: 25
    assert isinstance(coached, CoachingReply) and coached.feedback is not None
    assert (coached.question_number, coached.attempt, coached.feedback.note.score) == (1, 1, 25)
    assert isinstance(second, QuestionReply) and second.question.number == 2
    await chat.say("I audited falls.")  # question 2, attempt 1: 15
    (retry,) = await chat.say("/retry")
    assert isinstance(retry, RetryReply) and (retry.question.number, retry.attempt) == (2, 2)
    assert "Try question 2 again" in retry.text
    better, back = await chat.say("I audited falls risk on every bed each week and cut falls by a third.")
    assert isinstance(better, CoachingReply) and (better.question_number, better.attempt) == (2, 2)
    assert better.scores == (15, 75)
    assert isinstance(back, QuestionReply) and back.question.number == 3 and "question 3" in back.notice
    coached, done, report = await chat.say("I mentored four new nurses.")
    assert isinstance(coached, CoachingReply) and coached.finished
    assert isinstance(done, CompletedReply) and isinstance(report, ReportReply)
    assert [(a.question_number, a.scores) for a in report.report.attempts] == [(2, [15, 75])]
    # The report was written once, on three answers (on which texts: the test below).
    assert provider.calls[-1] == ("feedback", 3)
    # Every attempt is stored, with its time, and can't be changed.
    db = sqlite3.connect(tmp_path / "practice.db")
    assert db.execute("SELECT question, attempt FROM attempts").fetchall() == [(2, 2)]
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE attempts SET text = 'edited'")
    first_try = db.execute("SELECT text FROM messages WHERE seq = 4").fetchone()[0]
    assert first_try == "I audited falls."  # attempt 1 kept as given


async def test_the_report_reads_the_best_attempt(store: Store) -> None:
    seen: list[tuple[str, ...]] = []

    class Recording(ScriptedProvider):
        async def feedback(self, ctx):  # type: ignore[no-untyped-def]
            seen.append(tuple(ctx.answers))
            return await super().feedback(ctx)

    chat = chat_for(store, Recording())
    await chat.start(CV, JD, title="Ward Manager", company="St Mary's", mode="practice")
    await chat.say("Handovers at night, for two years on the ward.")
    await chat.say("/retry")
    await chat.say("Short.")  # worse than the first: the first stays the best
    await chat.say("Audits.")
    await chat.say("/retry")
    await chat.say("I audited falls risk weekly and halved the falls.")
    await chat.say("Mentoring.")
    assert seen[-1] == ("Handovers at night, for two years on the ward.",
                        "I audited falls risk weekly and halved the falls.", "Mentoring.")


async def test_a_retry_after_the_last_answer_rewrites_the_report(store: Store) -> None:
    chat = chat_for(store)
    await chat.start(CV, JD, title="Ward Manager", company="St Mary's", mode="practice")
    for answer in ("One.", "Two.", "Three."):
        await chat.say(answer)
    (retry,) = await chat.say("Try again")
    assert isinstance(retry, RetryReply) and retry.question.number == 3
    coached, report = await chat.say("Three, told properly this time with the result.")
    assert isinstance(coached, CoachingReply) and coached.scores == (5, 40)
    assert isinstance(report, ReportReply) and report.notice and "best attempt" in report.notice
    assert [(a.question_number, a.scores) for a in report.report.attempts] == [(3, [5, 40])]
    (stored,) = await chat.feedback()
    assert isinstance(stored, ReportReply) and stored.report.attempts == report.report.attempts


async def test_a_retry_survives_a_restart_and_a_redelivered_attempt_counts_once(tmp_path: Path) -> None:
    path = tmp_path / "restart.db"
    async with Store(path) as store:
        chat = chat_for(store)
        await chat.start(CV, JD, title="Ward Manager", company="St Mary's", mode="practice")
        await chat.say("First answer.")
        await chat.say("/retry")
    async with Store(path) as store:  # a new process
        again = chat_for(store)
        again.thread = chat.thread
        replies = await again.say("First answer, retold with more detail.", message_id="same")
        assert isinstance(replies[0], CoachingReply) and replies[0].attempt == 2
        assert await again.say("First answer, retold with more detail.", message_id="same") == []
        assert again.kinds[-1] == "duplicate"
        attempts = await store.attempts(replies[0].interview.id)
        assert [(a.question, a.attempt) for a in attempts] == [(1, 2)]


async def test_the_default_mode_is_unchanged_and_refuses_a_retry(store: Store) -> None:
    provider = ScriptedProvider()
    chat = chat_for(store, provider)
    await chat.start(CV, JD, title="Ward Manager", company="St Mary's")
    (question,) = await chat.say("I ran the night handover.")
    assert isinstance(question, QuestionReply)
    (taken,) = await chat.say("retry")  # not practice mode: "retry" is an answer like any other
    assert isinstance(taken, QuestionReply) and taken.question.number == 3
    assert not [c for c in provider.calls if c[0] == "answer_feedback"]
    with pytest.raises(InterviewError, match="practice mode"):
        await chat.conversation.retry(chat.ref())


async def test_feedback_that_fails_loses_no_answer(store: Store) -> None:
    chat = chat_for(store, ScriptedProvider(fail_coaching=1))
    await chat.start(CV, JD, title="Ward Manager", company="St Mary's", mode="practice")
    coached, question = await chat.say("I ran the night handover.")
    assert isinstance(coached, CoachingReply) and coached.feedback is None and "saved" in coached.notice
    assert isinstance(question, QuestionReply) and question.question.number == 2


async def test_questions_about_the_report_are_answered_and_kept(store: Store) -> None:
    provider = ScriptedProvider()
    chat = chat_for(store, provider)
    await chat.start(CV, JD, title="Ward Manager", company="St Mary's")
    for answer in ("One.", "Two.", "Three."):
        await chat.say(answer)
    (answer,) = await chat.say("which answer was weakest?", message_id="q1")
    assert isinstance(answer, ReportAnswerReply)
    assert answer.text == "About your report (70/100): which answer was weakest?" and answer.source == "scripted"
    assert await chat.say("which answer was weakest?", message_id="q1") == []  # delivered twice: once
    asked = await store.report_questions(answer.interview.id)
    assert [(q.question, q.provider) for q in asked] == [("which answer was weakest?", "scripted")]


async def test_a_question_before_the_report_exists_is_told_to_wait(store: Store) -> None:
    chat = chat_for(store, ScriptedProvider(fail_feedback=1))
    await chat.start(CV, JD, title="Ward Manager", company="St Mary's")
    for answer in ("One.", "Two.", "Three."):
        await chat.say(answer)
    (notice,) = await chat.say("which answer was weakest?")
    assert isinstance(notice, NoticeReply) and "isn't ready" in notice.text


async def test_an_engine_cannot_invent_attempts(store: Store) -> None:
    class Inventing(ScriptedProvider):
        async def feedback(self, ctx):  # type: ignore[no-untyped-def]
            report = await super().feedback(ctx)
            return report.model_copy(update={"attempts": [AttemptScores(question_number=1, scores=[10, 99])]})

    chat = chat_for(store, Inventing())
    await chat.start(CV, JD, title="Ward Manager", company="St Mary's")
    for answer in ("One.", "Two.", "Three."):
        replies = await chat.say(answer)
    assert isinstance(replies[-1], ReportReply) and replies[-1].report.attempts == []


async def test_a_retry_longer_than_an_answer_is_cut_and_says_so(store: Store) -> None:
    chat = chat_for(store)
    await chat.start(CV, JD, title="Ward Manager", company="St Mary's", mode="practice")
    await chat.say("First answer.")
    await chat.say("/retry")
    coached, back = await chat.say("word " * 5_000)  # 25,000 characters
    assert isinstance(coached, CoachingReply) and coached.attempt == 2 and coached.feedback is not None
    attempts = await store.attempts(coached.interview.id)
    assert len(attempts[0].text) == 20_000  # cut to the longest answer kept
    assert isinstance(back, QuestionReply) and "20,000" in back.notice and "question 2" in back.notice


async def test_the_report_gives_each_answer_the_score_it_was_shown(store: Store) -> None:
    """With the offline coach: a retried first answer changes what the later answers are
    judged against, but the report's note on each is the one shown when it was given."""
    from interview_core.providers.offline import OfflineProvider
    from tests.helpers import SAMPLE_ANSWERS, SAMPLE_CV, SAMPLE_JD

    chat = RecordingChat(Conversation(InterviewService(store, OfflineProvider(), max_questions=3)))
    await chat.start(SAMPLE_CV.decode(), SAMPLE_JD.decode(), title="Senior Backend Engineer",
                     company="Northwind Labs", mode="practice")
    shown: dict[int, int] = {}
    for said in ("I am an engineer.", "/retry", SAMPLE_ANSWERS[0], SAMPLE_ANSWERS[1], SAMPLE_ANSWERS[2]):
        for reply in await chat.say(said):
            if isinstance(reply, CoachingReply) and reply.feedback is not None:
                number = reply.question_number
                shown[number] = max(shown.get(number, 0), reply.feedback.note.score)
    report = next(r for r in reversed(chat.replies) if isinstance(r, ReportReply)).report
    assert {note.question_number: note.score for note in report.answers} == shown
    assert report.attempts[0].question_number == 1 and report.attempts[0].best == shown[1]


async def test_retries_and_report_questions_are_bounded(store: Store) -> None:
    from interview_core import practice

    chat = chat_for(store)
    await chat.start(CV, JD, title="Ward Manager", company="St Mary's", mode="practice")
    await chat.say("First.")
    for attempt in range(2, practice.MAX_ATTEMPTS + 1):
        (opened,) = await chat.say("/retry")
        assert isinstance(opened, RetryReply) and opened.attempt == attempt
        await chat.say(f"Attempt {attempt}.")
    (refused,) = await chat.say("/retry")
    assert isinstance(refused, NoticeReply) and f"tried question 1 {practice.MAX_ATTEMPTS} times" in refused.text
    await chat.say("Second.")
    await chat.say("Third.")
    for n in range(practice.MAX_REPORT_QUESTIONS):
        (answer,) = await chat.say(f"question {n}?")
        assert isinstance(answer, ReportAnswerReply)
    (told,) = await chat.say("one more?")
    assert isinstance(told, NoticeReply) and "questions about this report" in told.text


async def test_a_retry_delivered_again_after_a_restart_opens_nothing(tmp_path: Path) -> None:
    """The "retry" message (or click) redelivered once its attempt is stored: without the
    database remembering what opened the retry, the next real answer would become an
    attempt at the old question."""
    path = tmp_path / "redelivered.db"
    async with Store(path) as store:
        chat = chat_for(store)
        await chat.start(CV, JD, title="Ward Manager", company="St Mary's", mode="practice")
        await chat.say("First answer.")
        await chat.say("/retry", message_id="retry-1")
        await chat.say("First answer, retold.")
    async with Store(path) as store:  # a restart: no memory of the events seen
        again = chat_for(store)
        again.thread = chat.thread
        assert await again.say("/retry", message_id="retry-1") == [] and again.kinds[-1] == "duplicate"
        coached, question = await again.say("My answer to question 2.")
        assert isinstance(coached, CoachingReply) and (coached.question_number, coached.attempt) == (2, 1)
        assert isinstance(question, QuestionReply) and question.question.number == 3
        interview = question.interview
        assert [(a.question, a.attempt) for a in await store.attempts(interview.id)] == [(1, 2)]
        # A new click (another id) still opens one.
        (opened,) = await again.conversation.retry(again.ref(), 2, request_key="click-2")
        assert isinstance(opened, RetryReply) and opened.question.number == 2
        assert await again.conversation.retry(again.ref(), 2, request_key="click-2") == []


async def test_the_waiting_question_is_written_again_for_a_better_attempt(store: Store, tmp_path: Path) -> None:
    """Question 2 was written for the first answer (it may quote it); once a retry of
    question 1 is the best answer, question 2 is written for that one instead. The question
    as asked stays in the transcript table; a worse retry changes nothing."""
    chat = chat_for(store)
    await chat.start(CV, JD, title="Ward Manager", company="St Mary's", mode="practice")
    _, second = await chat.say("Short.")
    assert second.question.text.endswith("(after: Short.)")
    await chat.say("/retry")
    better = "I ran the night handover for two years and cut missed tasks by half."
    _, again = await chat.say(better)
    assert isinstance(again, QuestionReply) and again.question.number == 2
    assert again.question.text.endswith(f"(after: {better})") and "written again" in again.notice
    await chat.say("/retry")
    _, unchanged = await chat.say("Worse.")  # not the best: question 2 stays as it was
    assert unchanged.question.text == again.question.text and "still waiting" in unchanged.notice
    interview = again.interview
    assert [m.text for m in await store.messages(interview.id)][2] == again.question.text  # seq 3
    asked = sqlite3.connect(tmp_path / "practice.db").execute(
        "SELECT text FROM messages WHERE seq = 3").fetchone()[0]
    assert asked.endswith("(after: Short.)")  # as first asked, kept
