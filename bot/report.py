"""`interview-bot report [INTERVIEW] --format md|pdf|json [--out FILE]`: one of the
console user's interviews, with its report, as a file (interview_core.export via
Conversation.export, the same as `/interview export` in Slack and Discord)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

if TYPE_CHECKING:  # the rest is imported when the command runs: the parser is built for every command
    from interview_core.chat import ExportReply
    from interview_core.service import InterviewService

# interview_core.export.model.FORMATS, written again: importing it here would load pydantic and
# the report models (0.5 s) for every command, as the parser is built for each.
FORMATS = ("md", "pdf", "json")


def add_parser(sub: argparse._SubParsersAction) -> None:
    report = sub.add_parser("report", help="write an interview and its report to a file (Markdown, PDF or JSON)")
    report.add_argument("interview", nargs="?", type=int, metavar="INTERVIEW",
                        help="the interview's number (default: your latest finished interview)")
    report.add_argument("--format", choices=FORMATS,
                        help="the file's format (default: from --out's extension, else pdf)")
    report.add_argument("--out", metavar="FILE",
                        help="where to write it (default: interview-N-<role>.<format> in this folder; - for stdout)")
    report.add_argument("--user", help="whose interviews (default: your login name)")
    report.add_argument("--db", type=Path, help="the SQLite file (as for `console`)")


def format_of(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    suffix = Path(args.out).suffix.lower().lstrip(".") if args.out and args.out != "-" else ""
    return suffix if suffix in FORMATS else "pdf"


async def run_report(service: InterviewService, args: argparse.Namespace, program: str, *,
                     stdout: TextIO = sys.stdout, stderr: TextIO = sys.stderr) -> int:
    from adapters.console.render import fill
    from adapters.console.session import (
        PLATFORM,
        ConsoleOptions,
        console_commands,
        default_user,
    )
    from interview_core.chat import Conversation, ExportReply, NoticeReply
    from interview_core.models import ConversationRef
    from interview_core.service import InterviewError

    user = args.user or default_user()
    texts = console_commands(ConsoleOptions(user=args.user, db=args.db, program=program))
    conversation = Conversation(service, texts)
    ref = ConversationRef(PLATFORM, "local", "terminal", user)
    try:
        replies = await conversation.export(ref, args.interview, format_of(args))
    except InterviewError as exc:
        print(fill(str(exc)), file=stderr)
        return 1
    for reply in replies:
        if isinstance(reply, NoticeReply):
            print(fill(reply.text), file=stderr)
            return 1
        if isinstance(reply, ExportReply):
            return _write(reply, args.out, stdout, stderr)
    return 1


def _write(reply: ExportReply, out: str | None, stdout: TextIO, stderr: TextIO) -> int:
    from adapters.console.render import fill
    from interview_core.chat import format_size

    if out == "-":
        binary: BinaryIO = stdout.buffer  # type: ignore[attr-defined]
        binary.write(reply.data)
        binary.flush()
        print(fill(reply.text), file=stderr)
        return 0
    path = Path(out) if out else Path(reply.filename)
    try:
        path.write_bytes(reply.data)
    except OSError as exc:
        print(f"Can't write {path}: {exc.strerror or exc}.", file=stderr)
        return 2
    print(fill(reply.text), file=stdout)
    print(f"Wrote {path} ({format_size(len(reply.data))}).", file=stdout)
    return 0
