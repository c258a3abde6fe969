"""Every sentence the conversation layer says, once, with each platform's way of
naming its commands filled in (`/interview feedback` in Discord and Slack,
`interview-bot console --resume` at a terminal)."""

from __future__ import annotations

from dataclasses import dataclass


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


CHAT = Commands()
CONSOLE = Commands(
    start="interview-bot console",
    resume="interview-bot console --resume",
    feedback="interview-bot console --resume",
    status="interview-bot console --resume",
    help="interview-bot --help",
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

    # -- starting ------------------------------------------------------------------

    def missing_documents(self, missing: list[str]) -> str:
        return (f"First send me your {' and '.join(missing)} (as files; a job description can also be "
                f"pasted as a message), then run `{self.commands.start}` again.")

    @property
    def need_title(self) -> str:
        return f"I couldn't tell the job title from the job description: {self._give(self.commands.title_option)}."

    @property
    def need_company(self) -> str:
        return f"I couldn't tell the company from the job description: {self._give(self.commands.company_option)}."

    @staticmethod
    def _give(option: str | None) -> str:
        return f"add `{option}`" if option else "please give it"

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
