"""Every sentence the conversation layer says, once, with each platform's way of
naming its commands filled in (`/interview feedback` in Discord and Slack,
`interview-bot console --resume` at a terminal)."""

from __future__ import annotations

from dataclasses import dataclass

from interview_core.chat.texts_practice import PracticeTexts
from interview_core.chat.texts_progress import ProgressTexts
from interview_core.export.model import FORMAT_NAMES
from interview_core.feedback import (
    COMPETENCY_LABELS,
    Competency,
    FeedbackReport,
    engine_short_label,
)
from interview_core.models import Interview, Progress, Question
from interview_core.service import InterviewSummary
from interview_core.styles import describe


def drill_label(interview: Interview) -> str:
    """What a drill works on, in words: "Structure (STAR)", "budgeting"."""
    if interview.focus_kind == "competency":
        try:
            return COMPETENCY_LABELS[Competency(interview.focus)]
        except ValueError:
            pass
    return interview.focus or "your weakest skill"


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
    history: str = "/interview history"
    delete: str = "/interview delete"
    # `start` in full, as help shows it (Slack's `<job title> | <company>`, Discord's files).
    start_usage: str | None = None
    # Where given, the way to have a report written anew, and to ask for one interview's.
    feedback_again: str | None = None
    feedback_one: str | None = None  # with `{id}` for the interview's number
    # The platform's own words, where the sentences need them:
    platform: str | None = None  # "Slack": what the bot cannot delete stays there
    documents_how: str = "Send me your CV and the job description."  # help's first step
    how_to_start: str = "Send me your CV and the job description, then run `/interview start`."
    start_does: str = "starts the interview"  # what `start_usage` does, in help
    answer_how: str = "with a message in the interview's thread"
    start_note: str = ""  # after `start_usage` in help's list of commands
    resume_note: str = ""  # after `resume` in help's list of commands
    help_note: str | None = None  # a last line of help
    delete_scope: str = ""  # where else delete reaches (Discord: the DMs, another account)
    # The interview and its report as a file: the command, and the formats it offers.
    export: str = "/interview export format:pdf"
    export_formats: tuple[str, ...] = ("md", "pdf")
    # Practice mode's "try that question again" (Slack and Discord also have a button),
    # and a drill on the weakest skill.
    retry: str = "/retry"
    drill: str = "/interview drill"
    drill_options: str = "competency:NAME or skill:NAME"
    practice: str = "/interview start mode:practice"


CHAT = Commands()
CONSOLE = Commands(
    start="interview-bot console",
    resume="interview-bot console --resume",
    feedback="interview-bot console --resume",
    status="interview-bot console --resume",
    help="interview-bot --help",
    title_option="--title",
    company_option="--company",
    history="interview-bot history",
    export="interview-bot report --format pdf",
    export_formats=("md", "pdf", "json"),
    drill="interview-bot drill",
    drill_options="--competency NAME or --skill NAME",
    practice="interview-bot console --mode practice",
)


@dataclass(frozen=True, slots=True)
class Texts(ProgressTexts, PracticeTexts):
    commands: Commands = CHAT

    # -- names and counts every platform shows --------------------------------------

    @staticmethod
    def interview_name(title: str, company: str) -> str:
        """An interview's name; the adapter passes the title and company marked up (escaped,
        bold) its way."""
        return f"Mock interview: {title} at {company}"

    @staticmethod
    def interview_settings(interview: Interview) -> str:
        """How it is run, under its name and its report's: "Tough persona, senior
        level, 5 questions, in French"; "Practice mode, ..." or "Drill on Budgeting, ..."."""
        drill = drill_label(interview) if interview.mode == "drill" else None
        return Texts.settings_line(interview.persona, interview.level, interview.language,
                                   interview.max_questions, interview.mode, drill)

    @staticmethod
    def settings_line(persona: str, level: str, language: str, questions: int, mode: str = "interview",
                      drill: str | None = None) -> str:
        """`interview_settings` before the interview exists (a thread's first post): `drill`
        names what a drill works on."""
        settings = describe(persona, level, language, questions)
        if mode == "practice":
            return f"Practice mode, {settings[0].lower()}{settings[1:]}"
        if mode == "drill":
            return f"Drill on {drill or 'your weakest skill'}, {settings[0].lower()}{settings[1:]}"
        return settings

    @staticmethod
    def unfinished(interview: Interview, resume: str, when: str = "") -> str:
        """Before another start: what was left unfinished, named, and the command that goes on."""
        kind = {"drill": "drill", "practice": "practice interview"}.get(interview.mode, "interview")
        name = f"{interview.title} at {interview.company}"
        if interview.mode == "drill":
            name = f"{drill_label(interview)}, for {name}"
        return f"You have an unfinished {kind} ({name}): `{resume}` continues it{when}."

    @property
    def retry_command(self) -> str:
        return self.commands.retry

    @staticmethod
    def offline_english_only(language: str) -> str:
        return f"The offline coach speaks English only; set an LLM provider for {language}."

    @staticmethod
    def question_label(question: Question) -> str:
        return f"Question {question.number}/{question.total}"

    @staticmethod
    def questions(count: int) -> str:
        return f"{count} question{'' if count == 1 else 's'}"

    @staticmethod
    def answered(progress: Progress) -> str:
        """Short, next to a progress bar."""
        return f"{progress['answered']}/{progress['max_questions']} answered"

    @staticmethod
    def questions_answered(progress: Progress) -> str:
        """ "3 of 8 questions answered" ("0 of 1 question answered")."""
        total = progress["max_questions"]
        return f"{progress['answered']} of {total} question{'' if total == 1 else 's'} answered"

    @staticmethod
    def state(progress: Progress) -> str:
        return "finished" if progress["is_complete"] else "in progress"

    @staticmethod
    def documents_read(cv_summary: str, jd_summary: str) -> str:
        """What was read from the CV and the job description (their `Document.summary()`)."""
        return f"CV: {cv_summary}. Job description: {jd_summary}."

    # -- help ----------------------------------------------------------------------

    @property
    def help_heading(self) -> str:
        return "Mock interview coach"

    def help(self, questions: int) -> str:
        """How it works and every command, with the configured number of questions (the
        heading apart, for the adapter to mark up)."""
        c = self.commands
        start = c.start_usage or c.start
        again = f" (`{c.feedback_again}` writes it anew)" if c.feedback_again else ""
        lines = [
            f"1. {c.documents_how}",
            (f"2. `{start}` {c.start_does}. I ask {self.questions(questions)}, one at a time: "
             f"answer each {c.answer_how}."),
            "3. After the last answer you get a scored feedback report, with notes on every answer; "
            "ask me about it in the same place (“which answer was weakest?”).",
            "",
            "Commands:",
            f"• `{start}`: start a mock interview{c.start_note}",
            f"• `{c.resume}`: get the question you're on again{c.resume_note}",
            f"• `{c.practice}`: practice mode: feedback after each answer, and `{c.retry}` to try it again",
            f"• `{c.drill}`: a short drill on your weakest competency (`{c.drill_options}` picks one)",
            f"• `{c.status}`: where you are",
            f"• `{c.feedback}`: your latest report{again}",
            f"• `{c.history}`: your past interviews and scores",
            f"• `{c.export}`: your interview and its report as a file ({self.format_list})",
            f"• `{c.delete}`: remove all your interviews, answers, reports and documents",
            f"• `{c.help}`: this message",
        ]
        if c.help_note:
            lines += ["", c.help_note]
        return "\n".join(lines)

    def unknown_command(self, typed: str) -> str:
        return f"I don't know `{typed}`."

    @property
    def how_to_start(self) -> str:
        return f"{self.commands.how_to_start} `{self.commands.help}` tells you more."

    @property
    def hello(self) -> str:
        """To a message that is no answer, from someone with no interview in play."""
        return f"Hi! {self.how_to_start}"

    # -- starting, and where the interview is ------------------------------------------

    @staticmethod
    def starting_in(where: str) -> str:
        """A start asked for in public: the interview runs in private, `where`."""
        return f"Your mock interview is starting in {where}, since it uses your CV, which is private."

    @staticmethod
    def ready_in(name: str, where: str) -> str:
        return f"Your mock interview for {name} is ready in {where}."

    # -- reports and the history ---------------------------------------------------------

    def report_for(self, name: str, *, owed: bool = False, interview_id: int | None = None) -> str:
        """Whose report follows (or is linked to): the interview's `name`, marked up."""
        if not owed:
            return f"Your report for {name}"
        one = self.commands.feedback_one
        again = f" (`{one.format(id=interview_id)}`)" if one and interview_id is not None else ""
        return f"You were also owed the report for {name}{again}"

    @staticmethod
    def report_in(where: str) -> str:
        """Where an interview's report is posted, `where` (e.g. "this thread")."""
        return f"Complete: your feedback report is in {where}."

    @property
    def history_heading(self) -> str:
        return "Your mock interviews (newest first):"

    @staticmethod
    def history_count(count: int) -> str:
        return f"You have {count} interview{'' if count == 1 else 's'}."

    @staticmethod
    def history_state(summary: InterviewSummary) -> str:
        """An interview in a list: its score and who wrote the report, or its state."""
        if summary.overall_score is not None:
            state = f"score {summary.overall_score}/100"
        elif summary.progress["is_complete"]:
            state = "report pending"
        else:
            state = "in progress"
        if summary.report_source is not None:
            state += f" ({engine_short_label(summary.report_source)})"
        return state

    # -- the report's own words (each renderer lays them out its way) -------------

    @staticmethod
    def overall_score(score: int) -> str:
        return f"Overall score: {score}/100"

    @property
    def asked_not_shown(self) -> str:
        """The JD's skills a question asked about, or an answer named, that no answer showed."""
        return "Asked about or raised, not shown"

    @property
    def never_came_up(self) -> str:
        """The JD's skills no question or answer touched."""
        return "Never came up"

    @staticmethod
    def report_lists(report: FeedbackReport) -> tuple[tuple[str, list[str]], ...]:
        """The report's lists under their headings, in the order they are shown (practice
        mode's attempts first, when a question was tried more than once)."""
        lists = (("Strengths", report.strengths), ("To improve", report.improvements),
                 ("Next steps", report.next_steps))
        if report.attempts:
            return (("Attempts", PracticeTexts.attempt_lines(report)), *lists)
        return lists

    # -- exporting an interview as a file -----------------------------------------

    @property
    def format_list(self) -> str:
        """ "Markdown or PDF": the formats `export` offers on this platform."""
        *rest, last = [FORMAT_NAMES.get(f, f) for f in self.commands.export_formats]
        return f"{', '.join(rest)} or {last}" if rest else last

    def unknown_export_format(self, typed: str) -> str:
        choices = ", ".join(f"`{f}`" for f in self.commands.export_formats)
        return f"I can't export as `{typed}`: choose {choices} (e.g. `{self.commands.export}`)."

    def exported(self, title: str, company: str, fmt: str, *, answered: int, total: int, finished: bool,
                 report: bool = True, notice: str | None = None) -> str:
        """What goes with the file: all of it; as far as it goes (unfinished); or no report (it failed)."""
        head = f"Your mock interview for {title} at {company} as {fmt}"
        if not finished:
            return (f"{head}, as far as it goes ({answered} of {self.questions(total)} answered): the report "
                    f"isn't ready until the last answer. `{self.commands.resume}` continues it.")
        if not report:
            return f"{head}, with the whole transcript but no report: {self.report_failed(notice)}"
        return f"{head}: the whole transcript and the report."

    @staticmethod
    def export_in(where: str) -> str:
        return f"Your file is in {where}."

    @property
    def cant_find_interview(self) -> str:
        return "I can't find that interview."

    # -- the end of an interview ------------------------------------------------

    def completed(self, total: int) -> str:
        return (f"That's the end of the interview: thank you! All {total} answers are saved. "
                "Once you've read your report, ask me about it here (“which answer was weakest?”).")

    def report_failed(self, notice: str | None) -> str:
        reason = notice or "The feedback report could not be written just now."
        return f"{reason} Use `{self.commands.feedback}` to try again."

    # -- asking for feedback -------------------------------------------------------

    @property
    def no_finished_interview(self) -> str:
        return "You have no finished interview yet: the report comes after the last answer."

    @property
    def no_unfinished_interview(self) -> str:
        """To a resume with nothing to pick up."""
        return f"You have no unfinished interview. `{self.commands.start}` begins a new one."

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

    @property
    def delete_question(self) -> str:
        text = (f"Delete all your mock interviews, answers, reports and uploaded documents"
                f"{self.commands.delete_scope}? This can't be undone.")
        if self.commands.platform:
            text += f" (Messages already posted in {self.commands.platform} stay.)"
        return text

    @property
    def delete_yes(self) -> str:
        return "Delete everything"

    @property
    def delete_no(self) -> str:
        return "Cancel"

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
