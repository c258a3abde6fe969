"""The conversation layer between the adapters and the service (see conversation.py).

Adapters import what they need from here and from `interview_core.models`: the
conversation, its replies and texts, the document types they check uploads against
before reading them, and `format_size`, the one way a file's size is written
(re-exported, so that `interview_core.documents`, `storage` and `roles` stay the
core's own business; tests/test_architecture.py holds adapters to it).
"""

from interview_core.chat.conversation import Conversation, Role, StartOptions, StartPlan
from interview_core.chat.core import Core, OpenCore
from interview_core.chat.replies import (
    AnswerResult,
    CoachingReply,
    CompletedReply,
    ConfirmDeleteReply,
    ExportReply,
    HistoryReply,
    NotAnInterview,
    NoticeReply,
    ProgressReply,
    QuestionReply,
    Reply,
    ReportAnswerReply,
    ReportReply,
    RetryReply,
    StatusReply,
)
from interview_core.chat.texts import CHAT, CONSOLE, Commands, Texts
from interview_core.documents import (
    CONVERTIBLE_EXTENSIONS,
    DOCX_CONTENT_TYPES,
    DOCX_EXTENSIONS,
    PDF_CONTENT_TYPES,
    PDF_EXTENSIONS,
    TEXT_CONTENT_TYPES,
    TEXT_EXTENSIONS,
    Document,
    DocumentError,
    DocumentErrorCode,
    DocumentLimits,
    DocumentReader,
)
from interview_core.documents.messages import format_size

__all__ = [  # the document types adapters check uploads against
    "CONVERTIBLE_EXTENSIONS", "DOCX_CONTENT_TYPES", "DOCX_EXTENSIONS", "PDF_CONTENT_TYPES",
    "PDF_EXTENSIONS", "TEXT_CONTENT_TYPES", "TEXT_EXTENSIONS",
    "Document", "DocumentError", "DocumentErrorCode", "DocumentLimits", "DocumentReader",
    "format_size",  # "2 MB": how every sentence about a file's size says it
]
__all__ += [
    "CHAT",
    "CONSOLE",
    "AnswerResult",
    "CoachingReply",
    "Commands",
    "CompletedReply",
    "ConfirmDeleteReply",
    "Conversation",
    "Core",
    "ExportReply",
    "HistoryReply",
    "NotAnInterview",
    "ReportAnswerReply",
    "RetryReply",
    "NoticeReply",
    "OpenCore",
    "ProgressReply",
    "QuestionReply",
    "Reply",
    "ReportReply",
    "Role",
    "StartOptions",
    "StartPlan",
    "StatusReply",
    "Texts",
]
