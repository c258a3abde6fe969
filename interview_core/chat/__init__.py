"""The conversation layer between the adapters and the service (see conversation.py).

Adapters import what they need from here and from `interview_core.models`: the
conversation, its replies and texts, and the document types they check uploads
against before reading them.
"""

from interview_core.chat.conversation import Conversation, Role, StartPlan
from interview_core.chat.replies import (
    CompletedReply,
    NotAnInterview,
    NoticeReply,
    QuestionReply,
    Reply,
    ReportReply,
)
from interview_core.chat.texts import CHAT, CONSOLE, Commands, Texts

__all__ = [
    "CHAT",
    "CONSOLE",
    "Commands",
    "CompletedReply",
    "Conversation",
    "NotAnInterview",
    "NoticeReply",
    "QuestionReply",
    "Reply",
    "ReportReply",
    "Role",
    "StartPlan",
    "Texts",
]
