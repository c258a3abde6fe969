"""Block Kit for what the core returns: parent message, questions, report, lists."""

from __future__ import annotations

import re

from interview_core.chat import (
    CoachingReply,
    Commands,
    ConfirmDeleteReply,
    HistoryReply,
    ProgressReply,
    ReportAnswerReply,
    Texts,
)
from interview_core.feedback import FeedbackReport
from interview_core.models import Interview, Progress, Question
from interview_core.progress import chart_lines
from interview_core.service import InterviewSummary

# The sentences every platform shares (interview_core/chat/texts.py), with Slack's way
# of giving `/interview start` the role, and of sending a new CV or job description.
START = "/interview start <job title> | <company>"
DOCUMENTS = ("Send me your CV and the job description in our DM as files (PDF, Word .docx or text; "
             "not in a thread), or paste the job description as a message.")
COMMANDS = Commands(
    start_with_role=START,
    new_documents="send it in our DM, outside this thread",
    start_usage=START,
    feedback_again="/interview feedback again",
    platform="Slack",
    documents_how=DOCUMENTS,
    how_to_start=f"{DOCUMENTS} Then type `{START}`.",
    start_does="starts the interview in our DM",
    answer_how="by replying in the interview's thread",
    start_note=" (I ask for what's missing)",
    # Slack takes any message starting with "/" as a slash command, in a thread too:
    # the word is typed without it (or the Try again button is pressed).
    retry="retry",
)
TEXTS = Texts(COMMANDS)

# Every button's action_id, by what it does: render.py puts them on the buttons and
# commands.py listens for them, so the two never drift apart.
ACTIONS = {
    "doc_kind_cv": "doc_kind_cv",
    "doc_kind_jd": "doc_kind_jd",
    "delete_confirm": "delete_confirm",
    "delete_cancel": "delete_cancel",
    "home_resume": "home_resume",
    "retry": "practice_retry",  # practice mode's Try again, under an answer's feedback
}
TRY_AGAIN = "Try again"

SECTION_LIMIT = 2900  # Slack allows 3000 characters in a section's text


def esc(text: str) -> str:
    """Text from a user or an engine, shown literally in mrkdwn (no <!channel>, no links).

    The one escape for what we send: every piece of user or engine text goes through
    it (titles, companies, file names, answers quoted back, error messages), in `text`
    and in blocks. Slack notifies for `<!channel>`, `<!here>`, `<!everyone>` and
    `<!subteam^…>` only as markup, so escaped they are shown, not sent; a plain
    `@channel` from a bot notifies no one, as we never set `link_names`."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unesc(text: str) -> str:
    """What the user typed, from Slack's text (which escapes &, < and > the same way)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def cut(text: str, limit: int = SECTION_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bar(done: int, total: int, width: int = 8) -> str:
    filled = round(width * done / total) if total else 0
    filled = max(0, min(width, filled))
    return "▰" * filled + "▱" * (width - filled)


def answered(progress: Progress) -> int:
    return progress["answered"]


def progress_text(progress: Progress) -> str:
    return f"{bar(answered(progress), progress['max_questions'])} {TEXTS.answered(progress)}"


def title_of(title: str, company: str) -> str:
    """The interview's name as mrkdwn: escaped, as the title and company are the user's."""
    return TEXTS.interview_name(esc(title), esc(company))


def section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": cut(text)}}


def context(*texts: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": cut(t, 1900)} for t in texts]}


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    element = {"type": "button", "text": {"type": "plain_text", "text": text}, "action_id": action_id, "value": value}
    if style:
        element["style"] = style
    return element


def parent_blocks(title: str, company: str, status: str, settings: str | None = None) -> list[dict]:
    """`settings`: how it is run ("Tough persona, senior level, 5 questions, in French")."""
    blocks = [section(f"*{title_of(title, company)}*")]
    if settings:
        blocks.append(context(esc(settings)))
    return [*blocks, context(status)]


def parent_status(progress: Progress | None, *, writing: int | None = None) -> str:
    if progress is None:
        return "Writing your first question…"
    if progress["is_complete"]:
        return f"{progress_text(progress)} · {TEXTS.report_in('this thread')}"
    text = progress_text(progress)
    if writing is not None:
        return f"{text} · Writing question {writing}…"
    return f"{text} · Reply in this thread to answer."


def question_text(q: Question) -> str:
    return f"{TEXTS.question_label(q)}: {esc(q.text)}"


def question_blocks(q: Question, note: str | None = None) -> list[dict]:
    blocks = []
    if note:  # the core's sentence, which may name a skill from a job description
        blocks.append(context(esc(note)))
    blocks += [
        context(f"*{TEXTS.question_label(q)}*  {bar(q.number - 1, q.total)}"),
        section(esc(q.text)),
        context("Reply in this thread with your answer."),
    ]
    return blocks


def _bullets(items: list[str]) -> str:
    return "\n".join(f"• {item}" for item in items)


def report_blocks(report: FeedbackReport, interview: Interview | None = None) -> list[dict]:
    heading = "Your feedback report"
    if interview is not None:
        heading += f": {interview.title} at {interview.company}"
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": cut(heading, 150)}},
        section(f"*{TEXTS.overall_score(report.overall_score)}*  {bar(report.overall_score, 100, 10)}\n"
                f"{esc(report.summary)}"),
        context(esc(report.engine_label)),  # right under the score: which engine judged
    ]
    if interview is not None:
        blocks.insert(1, context(esc(TEXTS.interview_settings(interview))))
    if report.competencies:
        lines = [
            f"*{esc(c.label)}*: {c.score_text}" + (f"  {bar(c.score, 100, 10)}" if c.judged else "")
            + f"\n_{esc(c.explanation)}_" for c in report.competencies
        ]
        blocks.append(section("*Scores*\n" + "\n".join(lines)))
    blocks.append({"type": "divider"})
    covered = esc(", ".join(report.skills_covered)) or "none yet"
    missed = esc(", ".join(report.skills_missed)) or "none"
    never = esc(", ".join(report.skills_not_discussed)) or "none"
    blocks.append(section(
        f"*Skills from the job description*\nCovered: {covered}\n{TEXTS.asked_not_shown}: {missed}\n"
        f"{TEXTS.never_came_up}: {never}"
    ))
    for title, items in TEXTS.report_lists(report):
        if items:
            blocks.append(section(f"*{title}*\n{esc(_bullets(items))}"))
    if report.answers:
        blocks.append({"type": "divider"})
        blocks.append(section("*Answer by answer*"))
        for note in report.answers[:20]:
            blocks.append(
                section(
                    f"*Q{note.question_number}* ({note.score}/100): {esc(cut(note.question, 300))}\n"
                    f"✓ {esc(note.worked)}\n↗ {esc(note.to_improve)}\n"
                    f"💡 _Stronger answer:_ {esc(note.stronger_answer)}"
                )
            )
    return blocks[:50]


def report_notice_blocks(report: FeedbackReport, interview: Interview | None, notice: str | None) -> list[dict]:
    """The report's blocks, after the core's note about it ("Your report is rewritten...")."""
    blocks = report_blocks(report, interview)
    return [context(esc(notice)), *blocks[:49]] if notice else blocks


def report_text(report: FeedbackReport) -> str:
    """The notification text: the score, the engine that wrote it, the summary's start."""
    return f"Your feedback report: {report.overall_score}/100. {esc(report.engine_label)} {esc(cut(report.summary, 500))}"


# -- practice mode and questions about a report ----------------------------------------


def retry_value(reply: CoachingReply) -> str:
    """The Try again button's value: the interview, the question, and whose it is."""
    return f"{reply.interview.id}:{reply.question_number}:{reply.interview.owner.user}"


def parse_retry_value(value: str) -> tuple[int, int, str] | None:
    """(interview id, question number, owner's user id) from a Try again button's value."""
    interview_id, _, rest = value.partition(":")
    number, _, user = rest.partition(":")
    # ASCII digits, bounded: the value comes back from the client, and "²".isdigit() is True.
    if not (_ID.fullmatch(interview_id) and _ID.fullmatch(number)) or not user:
        return None
    return int(interview_id), int(number), user


_ID = re.compile(r"[0-9]{1,18}")


def coaching_text(reply: CoachingReply) -> str:
    """The notification's text: the heading and the score (or why there is none)."""
    heading = TEXTS.coaching_heading(reply.question_number, reply.attempt)
    if reply.feedback is None:
        return f"{heading}: {esc(reply.notice)}" if reply.notice else heading
    return f"{heading}: {TEXTS.answer_score(reply.feedback.note.score)}"


def coaching_blocks(reply: CoachingReply) -> list[dict]:
    """Practice mode's feedback on one attempt, then how to try again, and the button."""
    number, feedback = reply.question_number, reply.feedback
    blocks = [section(f"*{TEXTS.coaching_heading(number, reply.attempt)}*")]
    if feedback is not None:
        score = feedback.note.score
        blocks.append(section(f"*{TEXTS.answer_score(score)}*  {bar(score, 100, 10)}"))
    elif reply.notice:  # the engine could not write it: the answer is kept all the same
        blocks.append(section(esc(reply.notice)))
    if len(reply.scores) > 1:
        blocks.append(context(TEXTS.attempts_so_far(number, reply.scores)))
    if feedback is not None:
        blocks += [section(f"*{esc(label)}*\n{esc(text)}") for label, text in TEXTS.coaching_fields(feedback)]
        blocks.append(context(esc(TEXTS.coaching_engine(feedback))))
    blocks += [
        context(TEXTS.retry_hint(number, button=True, finished=reply.finished)),
        {"type": "actions", "elements": [button(TRY_AGAIN, ACTIONS["retry"], retry_value(reply))]},
    ]
    return blocks


def report_answer_text(reply: ReportAnswerReply) -> str:
    return esc(cut(reply.text, 3000))


def report_answer_blocks(reply: ReportAnswerReply) -> list[dict]:
    """An answer to a question about the report, and the engine that wrote it."""
    return [section(esc(reply.text)), context(esc(TEXTS.report_answer_engine(reply.source)))]


def history_line(s: InterviewSummary) -> str:
    i = s.interview
    return (f"*{esc(i.title)} at {esc(i.company)}* · {progress_text(s.progress)} · {esc(TEXTS.history_state(s))} · "
            f"{i.created_at:%d %b %Y}")


def history_blocks(reply: HistoryReply) -> list[dict]:
    if not reply.summaries:
        return [section(esc(reply.text))]
    return [section(f"*{esc(reply.text)}*"), *(section(history_line(s)) for s in reply.summaries[:20])]


CHART_COLUMNS = 64  # the text chart's width in a code block, for Slack's narrower views


def progress_blocks(reply: ProgressReply, chart_note: str | None = None) -> list[dict]:
    """The history, then the scores over time as a text chart (a code block, so its
    columns line up), what recurs, and where the chart image is (`chart_note`)."""
    blocks = history_blocks(HistoryReply(reply.summaries, reply.text))
    history = reply.history
    if not reply.summaries:
        return blocks
    if not history.scored:
        return [*blocks, section(esc(TEXTS.no_scores_yet))]
    chart = "\n".join(chart_lines(TEXTS.trend_rows(history), CHART_COLUMNS, indent=""))
    blocks.append(section(f"*{esc(TEXTS.trend_heading(len(history.trend_overall)))}*\n```{esc(chart)}```"))
    blocks.append(section(esc("\n".join(TEXTS.recurring_lines(history)))))
    if chart_note:
        blocks.append(section(esc(chart_note)))
    return blocks[:50]


def home_view(reply: HistoryReply) -> dict:
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": TEXTS.help_heading}},
        section(f"Practise for a job in a DM with me, in the Messages tab. {TEXTS.how_to_start}"),
        {"type": "divider"},
    ]
    if not reply.summaries:
        blocks.append(section(esc(reply.text)))
    for s in reply.summaries[:20]:
        block = section(history_line(s))
        if not s.progress["is_complete"]:
            block["accessory"] = button("Resume", ACTIONS["home_resume"], str(s.interview.id), "primary")
        blocks.append(block)
    return {"type": "home", "blocks": blocks[:100]}


def delete_confirm_blocks(reply: ConfirmDeleteReply) -> list[dict]:
    return [
        section(reply.text),
        {
            "type": "actions",
            "elements": [
                button(reply.yes, ACTIONS["delete_confirm"], "yes", "danger"),
                button(reply.no, ACTIONS["delete_cancel"], "no"),
            ],
        },
    ]


def kind_question_blocks(name: str, summary: str, file_id: str) -> list[dict]:
    return [
        section(f"I read “{name}” ({summary}). Is it your CV or the job description?"),
        {
            "type": "actions",
            "elements": [
                button("My CV", ACTIONS["doc_kind_cv"], file_id, "primary"),
                button("The job description", ACTIONS["doc_kind_jd"], file_id),
            ],
        },
    ]


def role_modal(title: str | None, company: str | None, metadata: str) -> dict:
    def field(block_id: str, label: str, initial: str | None, placeholder: str) -> dict:
        element = {
            "type": "plain_text_input",
            "action_id": "value",
            "max_length": 120,
            "placeholder": {"type": "plain_text", "text": placeholder},
        }
        if initial:
            element["initial_value"] = initial
        return {"type": "input", "block_id": block_id, "label": {"type": "plain_text", "text": label}, "element": element}

    return {
        "type": "modal",
        "callback_id": "start_interview",
        "private_metadata": metadata,
        "title": {"type": "plain_text", "text": "Mock interview"},
        "submit": {"type": "plain_text", "text": "Start"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            field("title", "Job title", title, "Senior Backend Engineer"),
            field("company", "Company", company, "Acme"),
        ],
    }


def help_text(questions: int) -> str:
    return f"*{TEXTS.help_heading}*\n{TEXTS.help(questions)}"
