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
    CoachingReply,
    CompletedReply,
    Conversation,
    NotAnInterview,
    NoticeReply,
    QuestionReply,
    Reply,
    ReportAnswerReply,
    ReportReply,
    RetryReply,
    StartPlan,
    StatusReply,
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
    if isinstance(reply, (NoticeReply, StatusReply, RetryReply)):
        return reply.text
    if isinstance(reply, CoachingReply):
        score = f"{reply.feedback.note.score}/100" if reply.feedback else "(no feedback)"
        return f"Feedback on Q{reply.question_number} attempt {reply.attempt}: {score}"
    if isinstance(reply, ReportAnswerReply):
        return f"{reply.text} ({reply.source})"
    assert isinstance(reply, NotAnInterview)
    return f"(not an interview; answer in {reply.elsewhere.thread})" if reply.elsewhere else "(not an interview)"


@dataclass
class RecordingChat:
    conversation: Conversation
    user: str = "alice"
    workspace: str = "ws"
    replies: list[Reply] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # what became of each message said
    thread: str | None = None
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def owner(self) -> Owner:
        return Owner("chat", self.workspace, self.user)

    def ref(self, thread: str | None = None) -> ConversationRef:
        return ConversationRef("chat", self.workspace, "channel", self.user, thread=thread or self.thread)

    @property
    def channel(self) -> ConversationRef:
        """Where a command is typed outside any thread."""
        return ConversationRef("chat", self.workspace, "channel", self.user)

    def _heard(self, replies: list[Reply]) -> list[Reply]:
        self.replies += replies
        return replies

    async def start(self, cv: str, jd: str, title: str | None = None, company: str | None = None,
                    *, mode: str | None = None, questions: int | None = None) -> list[Reply]:
        self.thread = f"thread-{next(self._ids)}"
        options = self.conversation.options(mode=mode, questions=questions)
        plan = StartPlan(cv, jd, self.conversation.role(jd, title, company), options)
        return self._heard(await self.conversation.start(self.ref(), plan))

    async def drill(self, *, competency: str | None = None, skill: str | None = None,
                    questions: int | None = None) -> list[Reply]:
        """`drill` typed in the channel: the drill starts in a new thread."""
        focus, source, count = await self.conversation.plan_drill(self.owner, competency=competency, skill=skill,
                                                                  questions=questions)
        self.thread = f"thread-{next(self._ids)}"
        return self._heard(await self.conversation.start_drill(self.ref(), focus, source, count))

    async def say(self, text: str, *, message_id: str | None = None, attachments: bool = False,
                  in_thread: str | None = None) -> list[Reply]:
        """A message typed in the interview's thread (or `in_thread`), maybe with files."""
        message_id = message_id or f"m{next(self._ids)}"
        result = await self.conversation.answer(self.ref(in_thread), text, message_id=message_id,
                                                attachments=attachments)
        self.kinds.append(result.kind)
        return self._heard(result.replies)

    async def resume(self, interview_id: int | None = None, *, in_thread: str | None = None) -> list[Reply]:
        """`resume` from the channel (the latest unfinished interview), or typed in a thread."""
        ref = self.ref(in_thread) if in_thread else self.channel
        return self._heard(await self.conversation.resume(ref, interview_id))

    async def status(self, *, in_thread: str | None = None) -> list[Reply]:
        ref = self.ref(in_thread) if in_thread else self.channel
        return self._heard(await self.conversation.status(ref))

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
