"""The interview in a terminal: the console adapter.

Interactive when stdin and stdout are a terminal (prompt_toolkit: Enter sends,
Alt+Enter starts a new line, a spinner while the next question is written);
otherwise every input line is one answer, which makes the console scriptable
and testable. Ctrl-C, like /quit, saves and leaves with exit code 0.

In practice mode (`--mode practice`) each answer gets its feedback at once, and
`/retry` answers the question just answered again. After the report, every further
line is a question about it ("which answer was weakest?"), until the end of input,
/quit or Ctrl-C. `interview-bot drill` runs a short drill on the weakest skill
the same way.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import getpass
import itertools
import shlex
import signal
import uuid
from collections.abc import AsyncIterator, Awaitable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TextIO, TypeVar

from adapters.console.prompt import (
    HOW_TO_ANSWER,
    Interrupted,
    PipedInput,
    TerminalInput,
)
from adapters.console.render import (
    coaching_text,
    fill,
    progress_line,
    question_block,
    report_text,
)
from interview_core.chat import (
    CONSOLE,
    CoachingReply,
    CompletedReply,
    Conversation,
    Document,
    DocumentError,
    DocumentReader,
    NotAnInterview,
    NoticeReply,
    QuestionReply,
    Reply,
    ReportAnswerReply,
    ReportReply,
    RetryReply,
    Role,
    StartPlan,
    Texts,
)
from interview_core.models import ConversationRef, Interview, Owner
from interview_core.service import InterviewError, InterviewService
from interview_core.styles import describe

PLATFORM = "console"
PRACTICE_NOTE = ("Practice mode: after each answer you get its score and feedback at once; "
                 "type `/retry` to answer that question again (every attempt is kept).")
AFTER_REPORT = "Ask me about your report (“which answer was weakest?”), or leave with /quit or Ctrl-D."
QUIT = "/quit"
RETRY = "/retry"
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
    # How to run it, as typed (checked by Conversation.options): --persona, --level,
    # --language, --questions.
    persona: str | None = None
    level: str | None = None
    language: str | None = None
    questions: str | None = None
    mode: str | None = None  # --mode: "interview" (the default) or "practice"
    # Only for the commands we tell the user to run: the options they gave, repeated.
    db: Path | None = None
    program: str = "interview-bot"


@dataclass(frozen=True, slots=True)
class DrillOptions:
    """`interview-bot drill`: what to drill (None: the weakest, as the reports say), and
    how many questions, as typed (checked by Conversation.plan_drill)."""

    competency: str | None = None
    skill: str | None = None
    questions: str | None = None


def default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, e.g. in some containers
        return "you"


def sample_text(name: str) -> str:
    return resources.files("interview_core").joinpath("samples", name).read_text("utf-8")


def console_command(options: ConsoleOptions, *extra: str, command: str = "console") -> str:
    """The command line that reaches the same interviews: `interview-bot console` (or
    another `command`), with `extra` ("--resume") and the user's own --db and --user,
    shell-quoted."""
    words = [options.program, command, *extra]
    if options.db is not None:
        words += ["--db", str(options.db)]
    if options.user:
        words += ["--user", options.user]
    return " ".join(shlex.quote(word) for word in words)


def console_commands(options: ConsoleOptions) -> Texts:
    """The conversation layer's sentences, naming commands that work as typed."""
    resume = console_command(options, "--resume")
    return Texts(dataclasses.replace(
        CONSOLE, start=console_command(options), resume=resume, feedback=resume, status=resume,
        help=f"{shlex.quote(options.program)} --help", history=console_command(options, command="history"),
        drill=console_command(options, command="drill"), practice=console_command(options, "--mode", "practice"),
    ))


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
        self.stdout = stdout
        self.interactive = interactive
        self.input: TerminalInput | PipedInput = TerminalInput() if interactive else PipedInput(stdin)
        self.options = ConsoleOptions()
        self._in_interview = False  # once true, leaving early means "saved, come back"
        self._finished = False  # the report is shown: lines now are questions about it
        self._interview: Interview | None = None  # the interview in play, as the last reply said
        self._interrupted = False

    def say(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def tell(self, text: str) -> None:
        """A sentence for the user, wrapped to the terminal."""
        self.say(fill(text))

    async def run(self, options: ConsoleOptions, drill: DrillOptions | None = None) -> int:
        """The interview (or, given `drill`, a drill) and its report; then questions about
        the report until the input ends. The exit code: 0, or 1 (an InterviewError: said),
        2 (a file that can't be read: said)."""
        self.options = options
        self.conversation = Conversation(self.service, console_commands(options))
        user = options.user or default_user()
        ref = ConversationRef(PLATFORM, "local", "terminal", user)
        # The session runs as its own task, so Ctrl-C can stop it wherever it is waiting
        # (a question being written, a file being read) and leave nothing cancelled behind.
        body = asyncio.ensure_future(self._run(ref, options, drill))
        with self._ctrl_c(body):
            try:
                return await body
            except asyncio.CancelledError:
                if not (self._interrupted and body.cancelled()):
                    raise
                return self._leave()

    async def _run(self, ref: ConversationRef, options: ConsoleOptions, drill: DrillOptions | None) -> int:
        try:
            if drill is not None:
                return await self._drill(ref, drill)
            if options.resume:
                return await self._resume(ref)
            return await self._start(ref, options)
        except InterviewError as exc:
            self.tell(str(exc))
            return 1
        except DocumentError as exc:
            self.tell(exc.user_message)
            return 2
        except Interrupted:
            return self._leave()

    # -- leaving -----------------------------------------------------------

    @contextlib.contextmanager
    def _ctrl_c(self, body: asyncio.Future[int]) -> Iterator[None]:
        """While the session runs, Ctrl-C (SIGINT) stops it at once.

        At the prompt, prompt_toolkit reads Ctrl-C as a key (`Interrupted`); this is for
        the rest: a question or the report being written, a file being read, a pipe."""
        loop = asyncio.get_running_loop()

        def interrupt() -> None:
            self._interrupted = True
            body.cancel()

        try:
            loop.add_signal_handler(signal.SIGINT, interrupt)
        except (NotImplementedError, RuntimeError, ValueError):  # Windows, or not the main thread
            yield
            return
        try:
            yield
        finally:
            loop.remove_signal_handler(signal.SIGINT)

    def _leave(self) -> int:
        """Ctrl-C or /quit: what is answered is stored already; say how to come back.
        After the report there is nothing to come back for: the session just ends."""
        if self._finished:
            if self.interactive:
                self.say()
            return 0
        self.say()
        if self._in_interview:
            self.tell(f"Interview saved. Run `{console_command(self.options, '--resume')}` "
                      "to continue where you left off.")
        else:
            self.say("Stopped before the interview began; nothing was saved.")
        return 0

    # -- start and resume ----------------------------------------------------

    async def _start(self, ref: ConversationRef, options: ConsoleOptions) -> int:
        chosen = self.conversation.options(options.persona, options.level, options.language, options.questions,
                                           options.mode)
        cv = await self._document(options.cv, None, "sample_cv.md")
        jd = await self._document(options.jd, options.jd_text, "sample_jd.md")
        role = self.conversation.role(jd.text, options.title, options.company)
        title = role.title or await self.input.label("Job title")
        company = role.company or await self.input.label("Company")
        self.conversation.require_role(Role(title, company))  # what the user did not give either
        self._tell_unfinished(await self.service.current(ref), options, "")
        sample = self._sample_notice(options)
        if sample:
            self.tell(sample)
        texts = self.conversation.texts
        self.say(texts.documents_read(cv.summary(), jd.summary()))
        self.tell(texts.interview_name(title, company))
        self.tell(describe(chosen.persona, chosen.level, chosen.language,
                           chosen.questions or self.service.max_questions) + ".")
        if chosen.mode == "practice":
            self.tell(PRACTICE_NOTE)
        self.tell(self._how_to_answer())
        self.say()
        plan = StartPlan(cv.text, jd.text, Role(title, company), chosen)
        thread = ref.in_thread(f"console-{uuid.uuid4().hex[:12]}")
        self._in_interview = True  # stored first, then question 1 is written: --resume finds it
        (first,) = await self._busy(self.conversation.start(thread, plan))
        if not isinstance(first, QuestionReply):  # the first question could not be written
            self._show([first])
            return 0
        self._interview = first.interview
        if first.notice:  # the offline coach, asked for another language than English
            self.tell(first.notice)
            self.say()
        self.say(question_block(first.question))
        return await self._answer_loop(thread)

    def _tell_unfinished(self, current: Interview | None, options: ConsoleOptions, when: str) -> None:
        """Before a new start: the interview (or drill) left unfinished, named, and how to go on."""
        if current is not None:
            self.tell(f"({self.conversation.texts.unfinished(current, console_command(options, '--resume'), when)})")

    async def _drill(self, ref: ConversationRef, drill: DrillOptions) -> int:
        """`interview-bot drill`: a few questions on the weakest competency or skill of the
        user's finished interviews (or the one asked for), then its report."""
        focus, source, count = await self._busy(self.conversation.plan_drill(
            Owner.of(ref), competency=drill.competency, skill=drill.skill, questions=drill.questions))
        self._tell_unfinished(await self.service.current(ref), self.options, " after this drill")
        thread = ref.in_thread(f"console-drill-{uuid.uuid4().hex[:12]}")
        self._in_interview = True  # stored first, then question 1 is written: --resume finds it
        (first,) = await self._busy(self.conversation.start_drill(thread, focus, source, count))
        interview = first.interview
        if interview is not None:
            texts = self.conversation.texts
            self.tell(texts.interview_name(interview.title, interview.company))
            self.tell(texts.interview_settings(interview) + ".")
        if not isinstance(first, QuestionReply):  # the first question could not be written
            self._show([first])
            return 0
        self._interview = interview
        self.tell(self._how_to_answer())
        self.say()
        if first.notice:  # what the drill works on, and why
            self.tell(first.notice)
            self.say()
        self.say(question_block(first.question))
        return await self._answer_loop(thread)

    @staticmethod
    def _sample_notice(options: ConsoleOptions) -> str:
        """Say plainly when the CV or the job is the bundled sample, and how to give one's own."""
        own_jd = options.jd is not None or options.jd_text is not None
        if options.cv is None and not own_jd:
            example = console_command(options, "--cv", "my-cv.pdf", "--jd", "job.pdf")
            return ("No CV or job description given, so this is a practice run on a sample: a "
                    "fictional candidate's CV and a Senior Backend Engineer job at Northwind Labs.\n"
                    "Use your own (PDF, Word, text or Markdown), or paste the job description "
                    f'with --jd-text "...":\n  `{example}`')
        if options.cv is None:
            return ("No CV given, so a sample CV (a fictional backend engineer's) is used with your "
                    "job description. Give yours with --cv FILE.")
        if not own_jd:
            return ("No job description given, so your CV is used with a sample job: Senior Backend "
                    'Engineer at Northwind Labs. Give yours with --jd FILE or --jd-text "...".')
        return ""

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
                self.tell(f"Your mock interview for {interview.title} at {interview.company} "
                          "is finished; here is its report.")
                code = max(code, await self._show_feedback(Owner.of(ref), interview.id))
                self.say()
            return code
        assert isinstance(reply, (QuestionReply, NoticeReply)) and reply.interview and reply.progress
        interview = reply.interview
        self._in_interview = True
        self._interview = interview
        self.tell(f"Resuming your mock interview: {interview.title} at {interview.company}")
        self.say(progress_line(reply.progress))
        if isinstance(reply, NoticeReply):
            if reply.retry:  # the question could not be written
                self.tell(reply.text)
                return 0
            return await self._show_feedback(Owner.of(ref), interview.id)  # it is finished
        self.tell(self._how_to_answer())
        self.say()
        self.say(question_block(reply.question))
        return await self._answer_loop(interview.ref)

    async def _document(self, path: Path | None, pasted: str | None, sample: str) -> Document:
        if path is not None:
            return await self.reader.read_file(path)
        return await self.reader.paste(pasted if pasted is not None else sample_text(sample))

    def _how_to_answer(self) -> str:
        if self.interactive:
            return f"{HOW_TO_ANSWER} /quit or Ctrl-C saves and leaves."
        return "Each input line is one answer; the interview is saved if input ends early."

    @property
    def _practice(self) -> bool:
        return self._interview is not None and self._interview.mode == "practice"

    # -- answering -----------------------------------------------------------

    async def _answer_loop(self, ref: ConversationRef) -> int:
        """Answers until the report; then questions about it (and, in practice mode,
        `/retry`) until the input ends, /quit or Ctrl-C."""
        while True:
            answer = await self._read_answer()
            if answer is None or answer.strip() == QUIT:
                return self._leave()
            if answer.strip().casefold() == RETRY and not self._practice:
                # Not an answer, nor a question about the report: say where it works.
                self.tell(f"`{RETRY}` works in practice mode: "
                          f"`{console_command(self.options, '--mode', 'practice')}` starts one.")
                continue
            result = await self._busy(self.conversation.answer(ref, answer))
            if self._show(result.replies):
                return 0

    async def _read_answer(self) -> str | None:
        """One answer, or None at the end of input. At a terminal a blank one is not sent."""
        while True:
            answer = await self.input.answer()
            if answer is None or answer.strip() or not self.interactive:
                return answer
            self.say("(Type your answer, then press Enter to send it.)")

    def _show(self, replies: list[Reply]) -> bool:
        """Print the replies; True when the session ends (the engine failed and the user
        should come back with --resume). After the report the session goes on: further
        lines are questions about it, or a retry."""
        ends = False
        texts = self.conversation.texts
        said: set[str] = set()  # a notice two replies carry is said once
        for reply in replies:
            interview = getattr(reply, "interview", None)
            if isinstance(interview, Interview):
                self._interview = interview
            if isinstance(reply, CoachingReply):
                self.say()
                self.say(coaching_text(reply, texts))
                if reply.feedback is None and reply.notice:
                    said.add(reply.notice)
            elif isinstance(reply, RetryReply):
                self.say()
                self.tell(reply.text)
                self.say()
                self.say(question_block(reply.question))
            elif isinstance(reply, QuestionReply):
                if reply.notice:
                    self.tell(reply.notice)
                self.say()
                self.say(question_block(reply.question))
            elif isinstance(reply, CompletedReply):
                self.say()
                self.tell(reply.text)
                self.say()
            elif isinstance(reply, ReportReply):
                if self._finished:  # rewritten after a retry at the last question
                    self.say()
                if reply.notice and reply.notice not in said:
                    self.tell(reply.notice)
                    said.add(reply.notice)
                self.tell(f"Report: {texts.interview_name(reply.interview.title, reply.interview.company)}"
                          f" ({texts.interview_settings(reply.interview)})")
                self.say(report_text(reply.report))
                self._finished = True
                if self.interactive:
                    self.say()
                    self.tell(AFTER_REPORT)
            elif isinstance(reply, ReportAnswerReply):
                self.say()
                self.tell(reply.text)
                self.tell(texts.report_answer_engine(reply.source))
            elif isinstance(reply, NoticeReply):
                if reply.text not in said:
                    self.tell(reply.text)
                ends = ends or reply.retry
            elif isinstance(reply, NotAnInterview) and self._finished:
                self.tell(texts.finished)
        return ends

    async def _show_feedback(self, owner: Owner, interview_id: int) -> int:
        self.say()
        self._show(await self._busy(self.conversation.feedback(owner, interview_id)))
        return 0

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
