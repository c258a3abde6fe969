"""The core's promises, on a real SQLite file: nothing lost, nothing doubled,
nobody sees anyone else's interview."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from interview_core.documents import from_pasted_text
from interview_core.models import Owner, Role
from interview_core.service import InterviewError, InterviewService
from interview_core.storage import MIGRATIONS, SCHEMA_VERSION, Store, StorageError
from tests.helpers import ScriptedProvider, ref

CV = "Jane Doe. Backend engineer at Acme, 5 years of Python and PostgreSQL."
JD = "Senior Backend Engineer. Requirements: Python, PostgreSQL, Kafka."


async def start(service: InterviewService, who: str = "alice", thread: str = "thread-1", **kw):
    return await service.start(
        ref(who, thread), cv_text=CV, jd_text=JD, title="Backend Engineer", company="Acme", **kw
    )


def rows(db_path: Path, sql: str, args: tuple = ()) -> list[tuple]:
    """Read the file with plain sqlite3, as another process would."""
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, args).fetchall()


async def test_whole_interview_is_stored_with_timestamps(store, scripted, db_path):
    service = InterviewService(store, scripted)
    started = await start(service)
    assert started.question is not None and started.question.number == 1
    assert started.progress == {
        "question_count": 1, "max_questions": 8, "is_started": True, "is_complete": False, "answered": 0,
    }
    for n in range(1, 9):
        outcome = await service.submit_answer(ref(), f"answer {n}", platform_message_id=f"m{n}")
        if n < 8:
            assert outcome.kind == "question"
            assert outcome.question.number == n + 1
            assert f"after: answer {n}" in outcome.question.text
        else:
            assert outcome.kind == "complete"
            assert outcome.report is not None and outcome.report.overall_score == 70
    assert outcome.progress == {
        "question_count": 8, "max_questions": 8, "is_started": True, "is_complete": True, "answered": 8,
    }
    stored = rows(db_path, "SELECT seq, role, text, created_at FROM messages ORDER BY seq")
    assert [r[1] for r in stored] == ["assistant", "user"] * 8
    assert [r[2] for r in stored if r[1] == "user"] == [f"answer {n}" for n in range(1, 9)]
    assert all(r[3] for r in stored)  # every message has its timestamp
    assert rows(db_path, "SELECT status FROM interviews") == [("complete",)]
    assert rows(db_path, "SELECT status FROM feedback_reports") == [("ready",)]


async def test_progress_follows_the_spec_shape_mid_interview(store, scripted):
    service = InterviewService(store, scripted)
    started = await start(service)
    for n in range(4):
        await service.submit_answer(ref(), f"answer {n}")
    progress = await service.progress(Owner.of(ref()), started.interview.id)
    assert progress == {"question_count": 5, "max_questions": 8, "is_started": True, "is_complete": False,
                        "answered": 4}
    # The spec's four keys first, then the count of saved answers.
    assert list(progress) == ["question_count", "max_questions", "is_started", "is_complete", "answered"]


async def test_crash_between_answer_and_question_resumes_once(db_path):
    # The answer is committed, then the process dies before the model replies.
    first = ScriptedProvider()
    async with Store(db_path) as store:
        service = InterviewService(store, first)
        await start(service)
        first.block = asyncio.Event()  # question 2 will hang until the "crash"
        task = asyncio.create_task(service.submit_answer(ref(), "my answer", platform_message_id="m1"))
        while len(first.calls) < 2:
            await asyncio.sleep(0.01)
        task.cancel()  # the crash
        with pytest.raises(asyncio.CancelledError):
            await task
    assert rows(db_path, "SELECT role, text FROM messages ORDER BY seq") == [
        ("assistant", "Question 1 about Backend Engineer (after: nothing yet)"),
        ("user", "my answer"),
    ]

    # A new process: resume writes the pending question exactly once.
    second = ScriptedProvider()
    async with Store(db_path) as store:
        service = InterviewService(store, second)
        resumed = await service.resume(ref(thread=None))
        assert resumed.question is not None and resumed.question.number == 2
        assert "after: my answer" in resumed.question.text
        again = await service.resume(ref(thread=None))
        assert again.question == resumed.question
        # The redelivered answer is not taken twice.
        dup = await service.submit_answer(ref(), "my answer", platform_message_id="m1")
        assert dup.kind == "duplicate"
    assert second.calls == [("follow_up", 2)]
    assert [r[0] for r in rows(db_path, "SELECT role FROM messages ORDER BY seq")] == [
        "assistant", "user", "assistant",
    ]


async def test_two_messages_at_once_are_one_answer_and_its_addition(store):
    """Both arrive before question 2 exists: the second was sent before the user could
    see question 2, so it is added to answer 1 (issue 10's rule), and one question follows."""
    provider = ScriptedProvider(delay=0.05)
    service = InterviewService(store, provider)
    await start(service)
    first, second = await asyncio.gather(
        service.submit_answer(ref(), "first", platform_message_id="a"),
        service.submit_answer(ref(), "second", platform_message_id="b"),
    )
    assert (first.kind, second.kind) == ("question", "added")
    assert first.question.number == 2
    assert second.notice == "Added to your answer to question 1."
    messages = await store.messages(first.interview_id)
    assert [m.role for m in messages] == [Role.INTERVIEWER, Role.CANDIDATE, Role.INTERVIEWER]
    assert messages[1].full_text == "first\n\nsecond"
    assert [c for c in provider.calls if c[0] == "follow_up"] == [("follow_up", 2)]


async def test_two_processes_resuming_at_once_store_one_question(db_path):
    async with Store(db_path) as store:
        await store.create_interview(
            ref(), title="T", company="C", cv_text=CV, jd_text=JD, max_questions=8
        )
    # Two connections to one file stand in for two bot processes.
    async with Store(db_path) as a, Store(db_path) as b:
        one = InterviewService(a, ScriptedProvider(name="one", delay=0.02))
        two = InterviewService(b, ScriptedProvider(name="two", delay=0.02))
        r1, r2 = await asyncio.gather(one.resume(ref()), two.resume(ref()))
    assert r1.question == r2.question  # both show the one that was stored
    assert rows(db_path, "SELECT COUNT(*) FROM messages") == [(1,)]


async def test_duplicate_delivery_is_ignored_even_when_concurrent(store, scripted, db_path):
    service = InterviewService(store, scripted)
    await start(service)
    outcomes = await asyncio.gather(
        *(service.submit_answer(ref(), "same", platform_message_id="evt-1") for _ in range(3))
    )
    assert sorted(o.kind for o in outcomes) == ["duplicate", "duplicate", "question"]
    assert rows(db_path, "SELECT COUNT(*) FROM messages WHERE role = 'user'") == [(1,)]
    later = await service.submit_answer(ref(), "same", platform_message_id="evt-1")
    assert later.kind == "duplicate"
    assert rows(db_path, "SELECT COUNT(*) FROM messages") == [(3,)]


async def test_empty_answers_are_refused_and_not_counted(store, scripted, db_path):
    service = InterviewService(store, scripted)
    await start(service)
    for blank in ("", "   ", "\n\t\n"):
        outcome = await service.submit_answer(ref(), blank)
        assert outcome.kind == "rejected"
        assert "empty" in outcome.notice.lower()
    assert rows(db_path, "SELECT COUNT(*) FROM messages WHERE role = 'user'") == [(0,)]


async def test_submitted_answers_cannot_be_edited(store, scripted, db_path):
    service = InterviewService(store, scripted)
    await start(service)
    await service.submit_answer(ref(), "original")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        rows(db_path, "UPDATE messages SET text = 'edited' WHERE role = 'user'")
    assert rows(db_path, "SELECT text FROM messages WHERE role = 'user'") == [("original",)]


async def test_users_cannot_see_or_touch_each_others_interviews(store, scripted):
    service = InterviewService(store, scripted)
    alice = await start(service, "alice", "thread-a")
    bob = await start(service, "bob", "thread-b")

    # Bob typing in Alice's thread changes nothing.
    intrusion = await service.submit_answer(ref("bob", "thread-a"), "I'll answer for her")
    assert intrusion.kind == "not_owner"
    assert [m.role for m in await store.messages(alice.interview.id)] == [Role.INTERVIEWER]

    bob_owner = Owner.of(ref("bob"))
    with pytest.raises(InterviewError):
        await service.transcript(bob_owner, alice.interview.id)
    with pytest.raises(InterviewError):
        await service.progress(bob_owner, alice.interview.id)
    with pytest.raises(InterviewError):
        await service.resume(ref("bob", None), interview_id=alice.interview.id)
    assert [s.interview.id for s in await service.history(bob_owner)] == [bob.interview.id]
    # Resuming from Alice's thread gives Bob his own interview, not hers.
    assert (await service.resume(ref("bob", "thread-a"))).interview.id == bob.interview.id

    # The same user id on another platform or workspace is another person.
    stranger = ref("alice", None, workspace="other-ws")
    with pytest.raises(InterviewError):
        await service.resume(stranger)

    assert await service.delete_user_data(Owner.of(ref("alice"))) == 1
    assert await service.history(Owner.of(ref("alice"))) == []
    assert len(await service.history(bob_owner)) == 1
    assert await store.messages(alice.interview.id) == []


async def test_engine_failure_keeps_the_answer_and_resume_continues(store, db_path):
    provider = ScriptedProvider(fail_questions={3})
    service = InterviewService(store, provider)
    await start(service)
    await service.submit_answer(ref(), "one")
    outcome = await service.submit_answer(ref(), "two", platform_message_id="m2")
    assert outcome.kind == "pending"
    assert "saved" in outcome.notice
    assert rows(db_path, "SELECT text FROM messages WHERE role = 'user'") == [("one",), ("two",)]
    resumed = await service.resume(ref())
    assert resumed.question.number == 3 and "after: two" in resumed.question.text


async def test_a_message_while_the_question_is_owed_is_added_to_the_answer(store):
    provider = ScriptedProvider(fail_questions={2})
    service = InterviewService(store, provider)
    await start(service)
    assert (await service.submit_answer(ref(), "real answer")).kind == "pending"
    outcome = await service.submit_answer(ref(), "and one more detail")
    # Kept (nothing is lost), as part of answer 1, and the question is tried again.
    assert outcome.kind == "question" and outcome.question.number == 2
    assert outcome.notice.startswith("Added to your answer to question 1.")
    answers = [m for m in await store.messages(outcome.interview_id) if m.role is Role.CANDIDATE]
    assert [(m.text, m.additions) for m in answers] == [("real answer", ("and one more detail",))]


async def test_feedback_failure_is_saved_and_regenerated(store):
    provider = ScriptedProvider(fail_feedback=1)
    service = InterviewService(store, provider, max_questions=2)
    started = await start(service)
    await service.submit_answer(ref(), "one")
    done = await service.submit_answer(ref(), "two")
    assert done.kind == "complete" and done.report is None
    assert "saved" in done.notice
    owner = Owner.of(ref())
    outcome = await service.feedback(owner, started.interview.id)
    assert outcome.report is not None and outcome.report.summary == "2 answers"
    again = await service.feedback(owner, started.interview.id)
    assert again.report == outcome.report
    assert [c for c in provider.calls if c[0] == "feedback"] == [("feedback", 2)] * 2
    await service.feedback(owner, started.interview.id, regenerate=True)
    assert len([c for c in provider.calls if c[0] == "feedback"]) == 3
    late = await service.submit_answer(ref(), "one more thing")  # a question about the report
    assert late.kind == "report_answer" and late.reply.text == "About your report (70/100): one more thing"


async def test_feedback_before_the_end_is_refused(store, scripted):
    service = InterviewService(store, scripted)
    started = await start(service)
    with pytest.raises(InterviewError, match="after the last answer"):
        await service.feedback(Owner.of(ref()), started.interview.id)


@pytest.mark.parametrize("count", [1, 3, 20])
async def test_question_count_is_configurable(store, scripted, count):
    service = InterviewService(store, scripted, max_questions=count)
    started = await start(service)
    assert started.question.total == count
    for n in range(count):
        outcome = await service.submit_answer(ref(), f"a{n}")
    assert outcome.kind == "complete"
    assert outcome.progress["question_count"] == count


async def test_out_of_range_question_counts_are_refused(store, scripted):
    for bad in (0, 21):
        with pytest.raises(ValueError):
            InterviewService(store, scripted, max_questions=bad)
    service = InterviewService(store, scripted)
    with pytest.raises(InterviewError):
        await start(service, max_questions=25)


async def test_bad_start_requests_say_what_to_fix(store, scripted):
    service = InterviewService(store, scripted)
    with pytest.raises(InterviewError, match="CV is empty"):
        await service.start(ref(), cv_text=" ", jd_text=JD, title="T", company="C")
    with pytest.raises(InterviewError, match="job description is empty"):
        await service.start(ref(), cv_text=CV, jd_text="", title="T", company="C")
    with pytest.raises(InterviewError, match="job title"):
        await service.start(ref(), cv_text=CV, jd_text=JD, title="  ", company="C")
    await start(service)
    with pytest.raises(InterviewError, match="already holds"):
        await start(service)


async def test_resume_without_an_unfinished_interview_says_so(store, scripted):
    service = InterviewService(store, scripted)
    with pytest.raises(InterviewError, match="no unfinished interview"):
        await service.resume(ref(thread=None))


async def test_schema_is_versioned_and_migrations_run_once(db_path):
    async with Store(db_path):
        pass
    assert rows(db_path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert rows(db_path, "PRAGMA journal_mode") == [("wal",)]
    async with Store(db_path):  # reopening is a no-op
        pass
    rows(db_path, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StorageError, match="newer"):
        async with Store(db_path):
            pass


async def test_uploaded_documents_are_kept_per_user_and_deleted_with_their_data(store, scripted):
    service = InterviewService(store, scripted)
    alice, bob = Owner.of(ref("alice")), Owner.of(ref("bob"))
    await service.save_document(alice, "cv", from_pasted_text("first CV text " * 10))
    await service.save_document(alice, "cv", from_pasted_text("second CV text " * 10))
    await service.save_document(alice, "jd", from_pasted_text("a job description " * 10))
    await service.save_document(bob, "cv", from_pasted_text("bob's CV " * 10))
    mine = await service.documents(alice)
    assert sorted(mine) == ["cv", "jd"]
    assert mine["cv"].text.startswith("second CV text") and mine["cv"].summary == "30 words"
    assert (await service.documents(bob))["cv"].text.startswith("bob's CV")
    await service.delete_user_data(alice)
    assert await service.documents(alice) == {}
    assert sorted(await service.documents(bob)) == ["cv"]


async def test_an_old_database_is_migrated_in_place(db_path):
    with sqlite3.connect(db_path) as conn:  # a database as version 1 left it
        conn.executescript(MIGRATIONS[0])
        conn.execute("PRAGMA user_version = 1")
        conn.execute(
            "INSERT INTO interviews (platform, workspace, owner, channel, thread, title, company,"
            " cv_text, jd_text, max_questions, status, created_at, updated_at) VALUES"
            " ('test', 'ws', 'alice', 'c', 'thread-1', 'T', 'C', 'cv', 'jd', 8, 'active', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')"
        )
    async with Store(db_path) as store:
        service = InterviewService(store, ScriptedProvider())
        resumed = await service.resume(ref())
        assert resumed.question.number == 1
        await service.save_document(Owner.of(ref()), "cv", from_pasted_text("cv " * 20))
    assert rows(db_path, "PRAGMA user_version") == [(SCHEMA_VERSION,)] == [(9,)]
    assert rows(db_path, "SELECT count(*) FROM start_requests") == [(0,)]  # v5
    assert rows(db_path, "SELECT count(*) FROM pending_documents") == [(0,)]  # v6
    # v7: the texts moved to a table of their own, out of the row every message rewrites.
    assert rows(db_path, "SELECT cv_text, jd_text FROM interview_texts") == [("cv", "jd")]
    # v8: how it is run, with the defaults for an interview started before.
    assert rows(db_path, "SELECT persona, level, language FROM interviews") == [("neutral", "mid", "English")]
    assert "cv_text" not in [r[1] for r in rows(db_path, "PRAGMA table_info(interviews)")]
    # v3's columns are there for the report's tokens.
    columns = [r[1] for r in rows(db_path, "PRAGMA table_info(feedback_reports)")]
    assert columns[-2:] == ["prompt_tokens", "completion_tokens"]


async def test_a_failed_rewrite_keeps_the_report_the_user_had(store, db_path):
    provider = ScriptedProvider()
    service = InterviewService(store, provider, max_questions=1)
    started = await start(service)
    done = await service.submit_answer(ref(), "my only answer")
    assert done.report is not None
    provider.fail_feedback = 1
    again = await service.feedback(Owner.of(ref()), started.interview.id, regenerate=True)
    assert again.report == done.report and "already had" in again.notice
    later = await service.feedback(Owner.of(ref()), started.interview.id)
    assert later.report == done.report and later.notice is None
    assert rows(db_path, "SELECT status FROM feedback_reports") == [("ready",)]


async def test_a_very_long_answer_is_kept_up_to_the_limit_and_the_user_is_told(store, scripted):
    from interview_core.service import MAX_ANSWER_CHARS

    service = InterviewService(store, scripted)
    started = await start(service)
    outcome = await service.submit_answer(ref(), "x" * (MAX_ANSWER_CHARS + 500) + " END")
    assert outcome.kind == "question" and "very long" in outcome.notice
    answer = [m for m in await service.transcript(Owner.of(ref()), started.interview.id) if m.role is Role.CANDIDATE]
    assert len(answer[0].text) == MAX_ANSWER_CHARS
    normal = await service.submit_answer(ref(), "A normal answer.")
    assert normal.notice is None


async def test_undecodable_and_control_characters_are_cleaned_not_fatal(store, scripted):
    service = InterviewService(store, scripted)
    started = await service.start(ref(), cv_text=CV, jd_text=JD, title="Ing\udce9nieur", company="Acme\x00")
    assert started.interview.title == "Ing?nieur" and started.interview.company == "Acme"
    outcome = await service.submit_answer(ref(), "caf\udce9 answer\r\nline two\x07")
    assert outcome.kind == "question"
    answers = [m.text for m in await service.transcript(Owner.of(ref()), started.interview.id)
               if m.role is Role.CANDIDATE]
    assert answers == ["caf? answer\nline two"]


async def test_two_starts_racing_for_one_thread_give_one_interview(store, scripted):
    service = InterviewService(store, ScriptedProvider(delay=0.01))
    results = await asyncio.gather(start(service), start(service), return_exceptions=True)
    assert sum(1 for r in results if isinstance(r, InterviewError)) == 1
    assert len(await service.history(Owner.of(ref()))) == 1


async def test_an_unusable_database_file_is_a_clear_error(tmp_path):
    garbage = tmp_path / "not-a-db.sqlite3"
    garbage.write_text("this is not SQLite")
    for path in (garbage, tmp_path):  # a file that isn't SQLite; a folder
        with pytest.raises(StorageError, match="Check DATABASE_URL"):
            async with Store(path):
                pass


async def test_a_message_sent_while_the_next_question_is_written_is_added_not_misfiled(store):
    """Issue 10: "one more detail" sent 50 ms after an answer, while the model wrote
    question 2, was stored as the answer to question 2, which the user never saw."""
    seen: list[list[str]] = []

    class Recording(ScriptedProvider):
        async def feedback(self, ctx):
            seen.append(list(ctx.answers))
            return await super().feedback(ctx)

    provider = Recording()
    service = InterviewService(store, provider, max_questions=2)
    await start(service)
    provider.block = asyncio.Event()  # question 2 takes its time
    answering = asyncio.create_task(service.submit_answer(ref(), "first answer", platform_message_id="m1"))
    while ("follow_up", 2) not in provider.calls:
        await asyncio.sleep(0)
    early = await service.submit_answer(ref(), "and one more detail", platform_message_id="m2")
    again = await service.submit_answer(ref(), "and one more detail", platform_message_id="m2")
    provider.block.set()
    asked = await answering

    assert early.kind == "added" and early.notice == "Added to your answer to question 1."
    assert again.kind == "duplicate"  # a redelivery of the early message changes nothing
    assert asked.kind == "question" and asked.question.number == 2
    done = await service.submit_answer(ref(), "second answer", platform_message_id="m3")
    assert done.kind == "complete"
    # The report reads the answer and its addition together; answer 2 is the real one.
    assert seen == [["first answer\n\nand one more detail", "second answer"]]
    transcript = await service.transcript(Owner.of(ref()), asked.interview_id)
    assert [(m.text, m.additions) for m in transcript if m.role is Role.CANDIDATE] == [
        ("first answer", ("and one more detail",)),
        ("second answer", ()),
    ]


async def test_a_message_sent_before_a_question_it_did_not_see_by_its_platform_time(store):
    """The platform's own timestamp decides, so a delayed delivery is judged by when it
    was sent: before question 2 was written, it is an addition to answer 1."""
    from datetime import timedelta

    service = InterviewService(store, ScriptedProvider())
    await start(service)
    asked = await service.submit_answer(ref(), "first answer", platform_message_id="m1")
    assert asked.kind == "question"
    messages = await service.transcript(Owner.of(ref()), asked.interview_id)
    before = messages[-1].created_at - timedelta(milliseconds=5)
    late = await service.submit_answer(ref(), "a delayed detail", platform_message_id="m2", sent_at=before)
    assert late.kind == "added" and "question 1" in late.notice
    after = await service.submit_answer(ref(), "answer two", platform_message_id="m3")
    assert after.kind == "question" and after.question.number == 3


async def test_a_start_command_seen_again_even_after_a_restart_starts_nothing(db_path):
    alice, bob = Owner.of(ref("alice")), Owner.of(ref("bob"))
    async with Store(db_path) as store:
        service = InterviewService(store, ScriptedProvider())
        assert (await service.claim_start(alice, "slack:trigger-1")).first
        again = await service.claim_start(alice, "slack:trigger-1")
        assert not again.first and again.running and again.interview is None  # still setting up
        made = await start(service, request_key="slack:trigger-1")
        await service.settle_start("slack:trigger-1")
        # A failed start: remembered as handled, with no interview.
        assert (await service.claim_start(alice, "slack:trigger-2")).first
        await service.settle_start("slack:trigger-2")
    async with Store(db_path) as store:  # the bot restarted
        service = InterviewService(store, ScriptedProvider())
        seen = await service.claim_start(alice, "slack:trigger-1")
        assert not seen.first and not seen.running and seen.interview.id == made.interview.id
        failed = await service.claim_start(alice, "slack:trigger-2")
        assert not failed.first and not failed.running and failed.interview is None
        # Another user with the same id learns nothing of Alice's interview.
        other = await service.claim_start(bob, "slack:trigger-1")
        assert not other.first and other.interview is None
        # Deleting one's data deletes these too.
        await service.delete_user_data(alice)
        assert (await service.claim_start(alice, "slack:trigger-1")).first
    assert rows(db_path, "SELECT count(*) FROM start_requests WHERE owner = 'alice'") == [(1,)]


# --- uploads waiting for the user to say whether they are a CV or a JD ------------------


def _waiting(text: str = "a document of unclear kind", **kw):
    from interview_core.documents import Document

    return Document(text=(text + " ") * 10, kind="pdf", pages=2, filename="scan.pdf", truncated=True, **kw)


async def test_a_pending_document_is_taken_once_and_deleted_with_the_users_data(db_path):
    alice, bob = Owner.of(ref("alice")), Owner.of(ref("bob"))
    async with Store(db_path) as store:
        service = InterviewService(store, ScriptedProvider())
        await service.keep_pending_document(alice, "F1", _waiting("first"))
        await service.keep_pending_document(alice, "F1", _waiting("second"))  # same file: replaced
        await service.keep_pending_document(alice, "F2", _waiting())
        await service.keep_pending_document(bob, "F2", _waiting("bob's"))
    async with Store(db_path) as store:  # a restart loses nothing
        service = InterviewService(store, ScriptedProvider())
        taken = await service.take_pending_document(alice, "F1")
        assert taken == _waiting("second")  # text, file kind, pages, name, truncated: all kept
        assert await service.take_pending_document(alice, "F1") is None  # once only
        assert await service.take_pending_document(Owner.of(ref("carol")), "F2") is None  # not hers
        await service.delete_user_data(alice)
        assert await service.take_pending_document(alice, "F2") is None
        assert (await service.take_pending_document(bob, "F2")).text.startswith("bob's")
    assert rows(db_path, "SELECT count(*) FROM pending_documents") == [(0,)]


async def test_pending_documents_are_pruned_by_age_and_count(store, db_path):
    from interview_core.storage.documents import PENDING_DOCUMENTS_PER_USER

    service = InterviewService(store, ScriptedProvider())
    alice, bob = Owner.of(ref("alice")), Owner.of(ref("bob"))
    await service.keep_pending_document(alice, "OLD", _waiting())
    await service.keep_pending_document(bob, "OLD", _waiting())
    rows(db_path, "UPDATE pending_documents SET created_at = '2020-01-01T00:00:00.000000+00:00'")
    assert await service.take_pending_document(alice, "OLD") is None  # too old, even unpruned
    await service.keep_pending_document(alice, "NEW", _waiting())  # every keep prunes old ones
    assert rows(db_path, "SELECT owner, key FROM pending_documents") == [("alice", "NEW")]

    for n in range(PENDING_DOCUMENTS_PER_USER + 2):
        await service.keep_pending_document(alice, f"F{n}", _waiting(f"file {n}"))
    await service.keep_pending_document(bob, "B", _waiting())
    kept = {key for (key,) in rows(db_path, "SELECT key FROM pending_documents WHERE owner = 'alice'")}
    assert kept == {f"F{n}" for n in range(2, PENDING_DOCUMENTS_PER_USER + 2)}  # the newest few
    assert await service.take_pending_document(alice, "NEW") is None
    assert (await service.take_pending_document(alice, "F3")).text.startswith("file 3")
    assert await service.take_pending_document(bob, "B") is not None  # another user's count


# --- Store.check: what doctor shows of the database ---------------------------------------


async def test_check_reads_the_database_without_creating_or_changing_it(tmp_path):
    from bot.doctor import check_database
    from interview_core.settings import Settings

    async def doctor(path: Path):
        return await check_database(Settings(_env_file=None, database_url=str(path)))

    missing = tmp_path / "none.db"
    assert not (await Store(missing).check()).exists and not missing.exists()
    assert (await doctor(missing)).detail.endswith("will be created on first use")

    db = tmp_path / "bot.db"
    async with Store(db) as store:
        service = InterviewService(store, ScriptedProvider())
        await start(service)
        await service.keep_pending_document(Owner.of(ref()), "F1", from_pasted_text("cv " * 20))
    before = db.read_bytes()
    found = await Store(db).check()
    assert db.read_bytes() == before
    assert found.schema_version == found.known_version == SCHEMA_VERSION
    assert found.integrity == "ok" and found.writable and found.error is None
    assert (found.counts["interviews"], found.counts["messages"], found.counts["pending_documents"]) == (1, 1, 1)
    line = await doctor(db)
    assert line.status == "ok" and f"schema {SCHEMA_VERSION}" in line.detail and "1 interview," in line.detail

    rows(db, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    newer = await doctor(db)
    assert newer.status == "FAIL" and "newer" in newer.detail and "upgrade" in newer.fix

    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database " * 500)
    assert "not a database" in (await Store(junk).check()).error
    assert (await doctor(junk)).status == "FAIL"

    damaged = tmp_path / "damaged.db"
    with sqlite3.connect(damaged) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 100,)] * 2000)
    data = bytearray(damaged.read_bytes())
    data[4096 * 5 : 4096 * 5 + 100] = b"\xff" * 100  # a b-tree page in the middle
    damaged.write_bytes(bytes(data))
    broken = await doctor(damaged)
    assert broken.status == "FAIL" and "damaged" in broken.detail and "\n" not in broken.detail
