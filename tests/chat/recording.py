"""A recording channel: the conversation layer driven as a user would, with no
platform at all (in the spirit of errbot's test backend). A test reads like a
conversation:

    chat = RecordingChat(conversation)
    await chat.start(CV, JD)
    await chat.say("I moved the ward's handover to the bedside...")
    assert chat.last_text().startswith("Question 2/")
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from interview_core.chat import (
    CompletedReply,
    Conversation,
    NotAnInterview,
    NoticeReply,
    QuestionReply,
    Reply,
    ReportReply,
    StartPlan,
)
from interview_core.models import ConversationRef, Owner


def text_of(reply: Reply) -> str:
    """What a plain-text channel would show for a reply."""
    if isinstance(reply, QuestionReply):
        head = f"{reply.notice}\n" if reply.notice else ""
        return f"{head}Question {reply.question.number}/{reply.question.total}: {reply.question.text}"
    if isinstance(reply, CompletedReply):
        return reply.text
    if isinstance(reply, ReportReply):
        owed = "(owed) " if reply.owed else ""
        return f"{owed}Report for {reply.interview.title}: {reply.report.overall_score}/100"
    if isinstance(reply, NoticeReply):
        return reply.text
    assert isinstance(reply, NotAnInterview)
    return "(not an interview)"


@dataclass
class RecordingChat:
    conversation: Conversation
    user: str = "alice"
    workspace: str = "ws"
    replies: list[Reply] = field(default_factory=list)
    thread: str | None = None
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def owner(self) -> Owner:
        return Owner("chat", self.workspace, self.user)

    def ref(self, thread: str | None = None) -> ConversationRef:
        return ConversationRef("chat", self.workspace, "channel", self.user, thread=thread or self.thread)

    def _heard(self, replies: list[Reply]) -> list[Reply]:
        self.replies += replies
        return replies

    async def start(self, cv: str, jd: str, title: str | None = None, company: str | None = None) -> list[Reply]:
        self.thread = f"thread-{next(self._ids)}"
        plan = StartPlan(cv, jd, self.conversation.role(jd, title, company))
        return self._heard(await self.conversation.start(self.ref(), plan))

    async def say(self, text: str, *, message_id: str | None = None) -> list[Reply]:
        message_id = message_id or f"m{next(self._ids)}"
        return self._heard(await self.conversation.answer(self.ref(), text, message_id=message_id))

    async def feedback(
        self, interview_id: int | None = None, *, regenerate: bool = False, in_thread: str | None = None
    ) -> list[Reply]:
        """Asks for a report: from the channel, or (`in_thread`) typed in that thread."""
        here = self.ref(in_thread) if in_thread else None
        return self._heard(await self.conversation.feedback(self.owner, interview_id, regenerate=regenerate,
                                                            here=here))

    def last_text(self) -> str:
        return text_of(self.replies[-1])

    def texts(self) -> list[str]:
        return [text_of(r) for r in self.replies]
