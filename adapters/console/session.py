"""The interview in a terminal: the console adapter.

Interactive when stdin is a terminal (multi-line answers that end with an
empty line, a spinner while the next question is written); otherwise every
input line is one answer, which makes the console scriptable and testable.
"""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import itertools
import uuid
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TextIO, TypeVar

from adapters.console.render import progress_line, question_block, report_text
from interview_core.chat import (
    CONSOLE,
    CompletedReply,
    Conversation,
    Document,
    DocumentError,
    DocumentReader,
    NoticeReply,
    QuestionReply,
    Reply,
    ReportReply,
    Role,
    StartPlan,
    Texts,
)
from interview_core.models import ConversationRef, Owner
from interview_core.service import InterviewError, InterviewService

PLATFORM = "console"
QUIT = "/quit"
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ConsoleOptions:
    cv: Path | None = None
    jd: Path | None = None
    jd_text: str | None = None
    title: str | None = None
    company: str | None = None
    user: str | None = None
    resume: bool = False


def default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, e.g. in some containers
        return "you"


def sample_text(name: str) -> str:
    return resources.files("interview_core").joinpath("samples", name).read_text("utf-8")


class ConsoleSession:
    def __init__(
        self,
        service: InterviewService,
        *,
        reader: DocumentReader,
        stdin: TextIO,
        stdout: TextIO,
        interactive: bool,
    ) -> None:
        self.service = service
        self.conversation = Conversation(service, Texts(CONSOLE))
        self.reader = reader
        self.stdin = stdin
        self.stdout = stdout
        self.interactive = interactive

    def say(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    async def run(self, options: ConsoleOptions) -> int:
        user = options.user or default_user()
        ref = ConversationRef(PLATFORM, "local", "terminal", user)
        try:
            if options.resume:
                return await self._resume(ref)
            return await self._start(ref, options)
        except InterviewError as exc:
            self.say(str(exc))
            return 1
        except DocumentError as exc:
            self.say(exc.user_message)
            return 2

    # -- start and resume ----------------------------------------------------

    async def _start(self, ref: ConversationRef, options: ConsoleOptions) -> int:
        cv = await self._document(options.cv, None, "sample_cv.md")
        jd = await self._document(options.jd, options.jd_text, "sample_jd.md")
        role = self.conversation.role(jd.text, options.title, options.company)
        title = role.title or await self._ask_label("Job title")
        company = role.company or await self._ask_label("Company")
        self.conversation.require_role(Role(title, company))  # what the user did not give either
        if await self.service.current(ref) is not None:
            self.say("(You have an unfinished interview: `interview-bot console --resume` continues it.)")
        self.say(f"CV: {cv.summary()}. Job description: {jd.summary()}.")
        self.say(f"Mock interview: {title} at {company}")
        self.say(self._how_to_answer())
        self.say()
        plan = StartPlan(cv.text, jd.text, Role(title, company))
        thread = ref.in_thread(f"console-{uuid.uuid4().hex[:12]}")
        (first,) = await self._busy(self.conversation.start(thread, plan))
        if not isinstance(first, QuestionReply):  # the first question could not be written
            self._show([first])
            return 0
        self.say(question_block(first.question))
        return await self._answer_loop(thread)

    async def _resume(self, ref: ConversationRef) -> int:
        try:
            (reply,) = await self._busy(self.conversation.resume(ref))
        except InterviewError:
            # Nothing unfinished; but a finished interview whose report failed
            # is still owed one, and --resume is what we told the user to run.
            owed = await self.service.reports_owed(Owner.of(ref))
            if not owed:
                raise
            code = 0
            for interview in owed:  # every one, not only the latest
                self.say(f"Your mock interview for {interview.title} at {interview.company} "
                         "is finished; here is its report.")
                code = max(code, await self._show_feedback(Owner.of(ref), interview.id))
                self.say()
            return code
        assert isinstance(reply, (QuestionReply, NoticeReply)) and reply.interview and reply.progress
        interview = reply.interview
        self.say(f"Resuming your mock interview: {interview.title} at {interview.company}")
        self.say(progress_line(reply.progress))
        if isinstance(reply, NoticeReply):
            if reply.retry:  # the question could not be written
                self.say(reply.text)
                return 0
            return await self._show_feedback(Owner.of(ref), interview.id)  # it is finished
        self.say(self._how_to_answer())
        self.say()
        self.say(question_block(reply.question))
        return await self._answer_loop(interview.ref)

    async def _document(self, path: Path | None, pasted: str | None, sample: str) -> Document:
        if path is not None:
            return await self.reader.read_file(path)
        return await self.reader.paste(pasted if pasted is not None else sample_text(sample))

    async def _ask_label(self, what: str) -> str:
        """What the job description did not say, asked at a terminal ("" if not given)."""
        if not self.interactive:
            return ""
        self.stdout.write(f"{what}: ")
        self.stdout.flush()
        return (await self._readline() or "").strip()

    def _how_to_answer(self) -> str:
        if self.interactive:
            return "Type your answer; press Enter on an empty line to send it. /quit saves and leaves."
        return "Each input line is one answer; the interview is saved if input ends early."

    # -- answering -----------------------------------------------------------

    async def _answer_loop(self, ref: ConversationRef) -> int:
        while True:
            answer = await self._read_answer()
            if answer is None or answer.strip() == QUIT:
                self.say()
                self.say("Interview saved. Run `interview-bot console --resume` to continue where you left off.")
                return 0
            result = await self._busy(self.conversation.answer(ref, answer))
            if self._show(result.replies):
                return 0

    def _show(self, replies: list[Reply]) -> bool:
        """Print the replies; True when the session ends (the interview is over, or
        the engine failed and the user should come back with --resume)."""
        ends = False
        for reply in replies:
            if isinstance(reply, QuestionReply):
                if reply.notice:
                    self.say(reply.notice)
                self.say()
                self.say(question_block(reply.question))
            elif isinstance(reply, CompletedReply):
                self.say()
                self.say(reply.text)
                self.say()
                ends = True
            elif isinstance(reply, ReportReply):
                self.say(report_text(reply.report))
                ends = True
            elif isinstance(reply, NoticeReply):
                self.say(reply.text)
                ends = ends or reply.retry
        return ends

    async def _show_feedback(self, owner: Owner, interview_id: int) -> int:
        self.say()
        self._show(await self._busy(self.conversation.feedback(owner, interview_id)))
        return 0

    async def _read_answer(self) -> str | None:
        """One answer, or None at end of input. Interactive answers end at an empty line."""
        if not self.interactive:
            line = await self._readline()
            return None if line is None else line.rstrip("\n")
        self.stdout.write("> ")
        self.stdout.flush()
        lines: list[str] = []
        while True:
            line = await self._readline()
            if line is None:
                return "\n".join(lines) if lines else None
            line = line.rstrip("\n")
            if line.strip() == QUIT and not lines:
                return QUIT
            if not line.strip():
                if lines:
                    return "\n".join(lines)
                self.say("(Type your answer first; an empty line sends it.)")
                self.stdout.write("> ")
                self.stdout.flush()
                continue
            lines.append(line)

    async def _readline(self) -> str | None:
        line = await asyncio.to_thread(self.stdin.readline)
        return line or None

    # -- the spinner ---------------------------------------------------------

    async def _busy(self, work: Awaitable[T]) -> T:
        if not self.interactive:
            return await work
        async with self._spinner():
            return await work

    @contextlib.asynccontextmanager
    async def _spinner(self) -> AsyncIterator[None]:
        async def spin() -> None:
            for frame in itertools.cycle("|/-\\"):
                self.stdout.write(f"\r{frame} The interviewer is thinking...")
                self.stdout.flush()
                await asyncio.sleep(0.1)

        task = asyncio.create_task(spin())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            self.stdout.write("\r" + " " * 40 + "\r")
            self.stdout.flush()

