"""Every sentence the conversation layer says, once, with each platform's way of
naming its commands filled in (`/interview feedback` in Discord and Slack,
`interview-bot console --resume` at a terminal)."""

from __future__ import annotations

from dataclasses import dataclass

from interview_core.models import Progress, Question


@dataclass(frozen=True, slots=True)
class Commands:
    """How a user runs each command on one platform."""

    start: str = "/interview start"
    resume: str = "/interview resume"
    feedback: str = "/interview feedback"
    status: str = "/interview status"
    help: str = "/interview help"
    # Where `start` takes named options (Discord's `title:`), the one that gives what
    # the job description did not say; None where the user is just asked for it.
    title_option: str | None = None
    company_option: str | None = None
    # Where `start` takes the role in its text instead (Slack's `<job title> | <company>`).
    start_with_role: str | None = None
    # Where a new CV or job description goes, when it is not given to `start` itself.
    new_documents: str | None = None


CHAT = Commands()
CONSOLE = Commands(
    start="interview-bot console",
    resume="interview-bot console --resume",
    feedback="interview-bot console --resume",
    status="interview-bot console --resume",
    help="interview-bot --help",
    title_option="--title",
    company_option="--company",
)


@dataclass(frozen=True, slots=True)
class Texts:
    commands: Commands = CHAT

    # -- the end of an interview ------------------------------------------------

    def completed(self, total: int) -> str:
        return f"That's the end of the interview: thank you! All {total} answers are saved."

    def report_failed(self, notice: str | None) -> str:
        reason = notice or "The feedback report could not be written just now."
        return f"{reason} Use `{self.commands.feedback}` to try again."

    # -- asking for feedback -------------------------------------------------------

    @property
    def no_finished_interview(self) -> str:
        return "You have no finished interview yet: the report comes after the last answer."

    @property
    def no_interviews(self) -> str:
        return f"You have no interviews yet. `{self.commands.start}` begins one."

    @property
    def finished(self) -> str:
        return (f"This interview is finished: `{self.commands.feedback}` shows your report, "
                f"`{self.commands.start}` begins a new one.")

    # -- where the user is -----------------------------------------------------------

    def picking_up(self, progress: Progress) -> str:
        return f"Picking up where you left off ({progress['answered']}/{progress['max_questions']} answered)."

    @staticmethod
    def waiting_in(question: Question, where: str) -> str:
        """`where`: the adapter's link to the thread the question was posted in."""
        return f"Question {question.number}/{question.total} is waiting for you in {where}."

    @staticmethod
    def continues_in(where: str) -> str:
        return f"Your interview continues in {where}: answer there."

    @staticmethod
    def lives(where: str) -> str:
        return f"It lives {where}."

    def next_step(self, progress: Progress) -> str:
        """After where an interview lives: what to do there."""
        if progress["is_complete"]:
            return f"`{self.commands.feedback}` shows your report."
        return f"Answer the last question there, or `{self.commands.resume}` to get it again."

    # -- messages that are no answer ---------------------------------------------------

    @property
    def attachment_only(self) -> str:
        text = ("I can only read typed answers, not files or images: type your answer as a message "
                "(it can span several lines).")
        if self.commands.new_documents:
            text += f" To use a new CV or job description, {self.commands.new_documents}."
        return text

    @property
    def not_an_interview(self) -> str:
        return "No interview runs in this thread, so I haven't done anything with your message."

    def answer_in(self, where: str) -> str:
        """To a message that is no answer while the user's interview runs in `where`."""
        return f"To answer, reply in {where}; `{self.commands.resume}` posts the question again."

    @property
    def start_again(self) -> str:
        return f"`{self.commands.start}` begins a new one; `{self.commands.feedback}` shows your reports."

    # -- deleting -------------------------------------------------------------------

    @staticmethod
    def deleted(interviews: int) -> str:
        which = "1 interview" if interviews == 1 else f"{interviews} interviews"
        return f"Done: I deleted {which} (answers and reports included) and your uploaded documents."

    @property
    def nothing_deleted(self) -> str:
        return "Nothing was deleted."

    # -- starting ------------------------------------------------------------------

    @staticmethod
    def already_started(where: str) -> str:
        """To a start delivered again: `where` the interview it started is (the adapter's link)."""
        return f"You already started this interview: it's {where}, so I didn't start another."

    @property
    def being_set_up(self) -> str:
        """To a start delivered again while the first is still setting its interview up."""
        return "You already started this interview: it is being set up, so I didn't start another."

    def missing_documents(self, missing: list[str]) -> str:
        return (f"First send me your {' and '.join(missing)} (as files; a job description can also be "
                f"pasted as a message), then run `{self.commands.start}` again.")

    @property
    def need_title(self) -> str:
        return f"I couldn't tell the job title from the job description: {self._give(self.commands.title_option)}."

    @property
    def need_company(self) -> str:
        return f"I couldn't tell the company from the job description: {self._give(self.commands.company_option)}."

    def _give(self, option: str | None) -> str:
        if option:
            return f"add `{option}`"
        if self.commands.start_with_role:
            return f"please give it: `{self.commands.start_with_role}`"
        return "please give it"

    # -- when something fails --------------------------------------------------------

    @property
    def saved_but_failed(self) -> str:
        """Only where what the user sent is known to be stored."""
        return ("Sorry, something went wrong on my side. Everything you sent is saved: "
                f"try again in a moment, or `{self.commands.resume}`.")

    def question_failed(self, notice: str | None, *, first: bool = False) -> str:
        """The question could not be written (the answers are saved): how to get it."""
        which = "the first question" if first else "the next question"
        return f"{notice or self.saved_but_failed} Use `{self.commands.resume}` to get {which}."

    @property
    def something_wrong(self) -> str:
        """A command that failed for a reason the user can't act on; it claims nothing
        about what was stored."""
        return (f"Something went wrong on my side. Try again in a moment "
                f"(`{self.commands.resume}` picks up where you left off).")

    @property
    def maybe_not_saved(self) -> str:
        return "Something went wrong and your last message may not have been saved: please send it again."
