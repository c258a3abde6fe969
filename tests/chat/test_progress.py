"""Conversation.progress, once for every platform: the user's interviews with their
trends and what recurs, the chart's PNG when asked, nobody else's interviews, and no
report written (nor any engine called) to make a history."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from interview_core.chat import CHAT, Conversation, ProgressReply, Texts
from interview_core.feedback import Competency
from interview_core.models import ConversationRef, Owner
from interview_core.progress import PNG_SIGNATURE
from interview_core.service import InterviewService
from interview_core.storage import Store
from tests.progress_helpers import ReportsProvider, finish, png_size, png_text, report

CV, JD = "A nurse's CV.", "Ward Manager\nSt Mary's Hospital"


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with Store(tmp_path / "progress.db") as opened:
        yield opened


def where(user: str, thread: str, platform: str = "chat") -> ConversationRef:
    return ConversationRef(platform, "ws", "channel", user, thread)


async def finished(service: InterviewService, ref: ConversationRef, title: str = "Ward Manager") -> None:
    await finish(service, ref, ["an answer"], cv=CV, jd=JD, title=title, company="St Mary's Hospital")


async def test_progress_gives_the_trends_the_recurring_weakness_and_the_chart(store: Store) -> None:
    provider = ReportsProvider(reports=[report([70, 30, 40, 80, 90]), report([75, 45, 80, 85, 90]),
                                        report([80, 50, 45, 90, 95])])
    service = InterviewService(store, provider, max_questions=1)
    for n in range(3):
        await finished(service, where("alice", f"t{n}"))
    conversation = Conversation(service, Texts(CHAT))

    (reply,) = await conversation.progress(Owner("chat", "ws", "alice"), chart=True)

    assert isinstance(reply, ProgressReply)
    assert reply.text == "Your mock interviews (newest first):"
    assert len(reply.summaries) == 3 and [p.interview_id for p in reply.history.points] == [
        s.interview.id for s in reply.summaries]
    assert {t.competency: t.scores for t in reply.history.trends}[Competency.STRUCTURE] == (30, 45, 50)
    assert [w.competency for w in reply.history.recurring] == [Competency.STRUCTURE, Competency.SPECIFICITY]
    assert reply.chart_png is not None and reply.chart_png.startswith(PNG_SIGNATURE)
    assert png_size(reply.chart_png) == (800, 450)
    assert len(png_text(reply.chart_png)["Description"].splitlines()) == 3
    assert reply.chart_notice is None
    (plain,) = await conversation.progress(Owner("chat", "ws", "alice"))
    assert isinstance(plain, ProgressReply) and plain.chart_png is None and plain.chart_notice is None


async def test_nobody_else_s_interviews_appear(store: Store) -> None:
    provider = ReportsProvider(reports=[report([70, 30, 40, 80, 90]), report([10, 20, 30, 40, 50]),
                                        report([15, 25, 35, 45, 55])])
    service = InterviewService(store, provider, max_questions=1)
    await finished(service, where("alice", "a1"), title="Ward Manager")
    await finished(service, where("bob", "b1"), title="Deputy Head Teacher")
    await finished(service, where("alice", "s1", platform="slack"), title="Night Porter")  # another platform's alice
    conversation = Conversation(service)

    (reply,) = await conversation.progress(Owner("chat", "ws", "alice"), chart=True)

    assert isinstance(reply, ProgressReply)
    assert [p.title for p in reply.history.points] == ["Ward Manager"]
    assert reply.history.overall == (report([70, 30, 40, 80, 90]).overall_score,)
    assert reply.chart_png is not None
    assert png_text(reply.chart_png)["Description"].count("\n") == 0  # one interview drawn


async def test_a_history_never_writes_a_report(store: Store) -> None:
    provider = ReportsProvider(reports=[report([70, 30, 40, 80, 90])])
    service = InterviewService(store, provider, max_questions=1)
    await finished(service, where("alice", "t1"))
    provider.fail_feedback = 1  # the next report fails: a finished interview with none
    await service.start(where("alice", "t2"), cv_text=CV, jd_text=JD, title="Ward Manager", company="St Mary's")
    outcome = await service.submit_answer(where("alice", "t2"), "an answer")
    assert outcome.kind == "complete" and outcome.report is None
    calls = list(provider.calls)

    (reply,) = await Conversation(service).progress(Owner("chat", "ws", "alice"), chart=True)

    assert provider.calls == calls  # no engine asked for anything
    assert isinstance(reply, ProgressReply)
    assert len(reply.summaries) == 2 and len(reply.history.scored) == 1
    pending = reply.history.points[0]
    assert pending.finished and not pending.scored


async def test_no_interviews_says_how_to_start_and_draws_nothing(store: Store) -> None:
    service = InterviewService(store, ReportsProvider(), max_questions=1)
    (reply,) = await Conversation(service, Texts(CHAT)).progress(Owner("chat", "ws", "alice"), chart=True)
    assert isinstance(reply, ProgressReply)
    assert reply.summaries == () and reply.chart_png is None
    assert reply.text == "You have no interviews yet. `/interview start` begins one."
    assert reply.chart_notice == "No chart was written: no interview has a report yet."
