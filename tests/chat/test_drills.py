"""Issue 12, point 2 (drills) on the conversation layer: after finished interviews, a
drill on the competency that was lowest in most of them, with the reason said, the
focus handed to the engine, and the drill's CV, job and role those of the latest one."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from interview_core.chat import Conversation, QuestionReply
from interview_core.feedback import Competency, CompetencyScore, FeedbackReport
from interview_core.models import InterviewContext
from interview_core.service import InterviewError, InterviewService
from interview_core.storage import Store
from tests.chat.recording import RecordingChat
from tests.helpers import ScriptedProvider

CV = "Amara Okafor. Staff nurse, St Mary's surgical ward, 2016-2024: triage, handovers, mentoring."
JD = "Ward Manager\nSt Mary's Hospital\nLead a team of 30 nurses; own rotas, audits and patient safety."


class Reports(ScriptedProvider):
    """Writes the next of `lows`' reports: that competency scores 30, one other 50 (a
    different one each time), the rest 80."""

    def __init__(self, lows: list[Competency]) -> None:
        super().__init__()
        self.lows = list(lows)
        self.contexts: list[InterviewContext] = []

    async def follow_up_question(self, ctx: InterviewContext):  # type: ignore[no-untyped-def]
        self.contexts.append(ctx)
        return await super().follow_up_question(ctx)

    async def opening_question(self, ctx: InterviewContext):  # type: ignore[no-untyped-def]
        self.contexts.append(ctx)
        return await super().opening_question(ctx)

    async def feedback(self, ctx: InterviewContext) -> FeedbackReport:
        low = self.lows.pop(0) if self.lows else Competency.COMMUNICATION
        others = [c for c in Competency if c is not low]
        second = others[len(self.lows) % len(others)]
        scores = [CompetencyScore(competency=c, score=30 if c is low else 50 if c is second else 80, reason="r")
                  for c in Competency]
        return FeedbackReport(overall_score=60, summary="s", competencies=scores, answers=[], source="scripted")


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with Store(tmp_path / "drills.db") as opened:
        yield opened


async def finish(chat: RecordingChat, title: str) -> None:
    await chat.start(CV, JD, title=title, company="St Mary's")
    for answer in ("One.", "Two.", "Three."):
        await chat.say(answer)


async def test_a_drill_works_on_the_competency_lowest_in_two_of_the_last_three(store: Store) -> None:
    provider = Reports([Competency.STRUCTURE, Competency.SPECIFICITY, Competency.STRUCTURE])
    chat = RecordingChat(Conversation(InterviewService(store, provider, max_questions=3)))
    for title in ("Ward Manager", "Charge Nurse", "Matron"):
        await finish(chat, title)
    (first,) = await chat.drill()
    assert isinstance(first, QuestionReply) and first.question.total == 4
    assert first.notice.startswith("Drill: 4 questions on Structure (STAR).")
    assert "Structure (STAR) was your lowest score in 2 of your last 3 interviews." in first.notice
    drill = first.interview
    assert (drill.mode, drill.focus_kind, drill.focus, drill.title) == ("drill", "competency", "structure", "Matron")
    assert (provider.contexts[-1].focus_kind, provider.contexts[-1].focus) == ("competency", "structure")
    (second,) = await chat.say("A story about a handover.")
    assert isinstance(second, QuestionReply) and second.question.number == 2


async def test_a_drill_can_be_picked_and_is_refused_before_any_interview(store: Store) -> None:
    chat = RecordingChat(Conversation(InterviewService(store, Reports([]), max_questions=3)))
    with pytest.raises(InterviewError, match="no finished interview"):
        await chat.drill()
    await finish(chat, "Ward Manager")
    (first,) = await chat.drill(skill="budgeting", questions=3)
    assert first.question.total == 3 and "budgeting" in first.notice.casefold()
    assert (first.interview.focus_kind, first.interview.focus) == ("skill", "budgeting")
    with pytest.raises(InterviewError, match="3 to 5"):
        await chat.drill(questions=9)
    with pytest.raises(InterviewError, match="structure"):  # an unknown one lists the choices
        await chat.drill(competency="juggling")


async def test_a_drill_counts_the_user_s_other_accounts(store: Store) -> None:
    """Discord: interviews finished in the DMs count for a drill asked for in a server."""
    service = InterviewService(store, Reports([Competency.STRUCTURE]), max_questions=3)
    in_dm = RecordingChat(Conversation(service), workspace="dm")
    await finish(in_dm, "Ward Manager")
    in_server = RecordingChat(Conversation(service), workspace="guild-1")
    with pytest.raises(InterviewError, match="no finished interview"):
        await in_server.conversation.plan_drill(in_server.owner)
    focus, source, count = await in_server.conversation.plan_drill(in_server.owner, also=(in_dm.owner,))
    assert (focus.name, source.owner, count) == ("structure", in_dm.owner, 4)
