"""Block Kit for what the core returns: parent message, questions, report, lists."""

from __future__ import annotations

from interview_core.chat import Commands, Texts
from interview_core.feedback import FeedbackReport, engine_short_label
from interview_core.models import Interview, Progress, Question
from interview_core.service import InterviewSummary

# The sentences every platform shares (interview_core/chat/texts.py), with Slack's way
# of giving `/interview start` the role, and of sending a new CV or job description.
COMMANDS = Commands(start_with_role="/interview start <job title> | <company>",
                    new_documents="send it in our DM, outside this thread")
TEXTS = Texts(COMMANDS)
HOW_TO_START = (
    "To start a mock interview, send your CV and the job description in our DM (not in a thread), "
    f"then type `{COMMANDS.start_with_role}`. `{COMMANDS.help}` tells you more."
)

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
    done, total = answered(progress), progress["max_questions"]
    return f"{bar(done, total)} {done}/{total} answered"


def title_of(title: str, company: str) -> str:
    """The interview's name as mrkdwn: escaped, as the title and company are the user's."""
    return f"Mock interview: {esc(title)} at {esc(company)}"


def section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": cut(text)}}


def context(*texts: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": cut(t, 1900)} for t in texts]}


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    element = {"type": "button", "text": {"type": "plain_text", "text": text}, "action_id": action_id, "value": value}
    if style:
        element["style"] = style
    return element


def parent_blocks(title: str, company: str, status: str) -> list[dict]:
    return [
        section(f"*{title_of(title, company)}*"),
        context(status),
    ]


def parent_status(progress: Progress | None, *, writing: int | None = None) -> str:
    if progress is None:
        return "Writing your first question…"
    if progress["is_complete"]:
        return f"{progress_text(progress)} · Complete: your feedback report is in this thread."
    text = progress_text(progress)
    if writing is not None:
        return f"{text} · Writing question {writing}…"
    return f"{text} · Reply in this thread to answer."


def question_text(q: Question) -> str:
    return f"Question {q.number}/{q.total}: {esc(q.text)}"


def question_blocks(q: Question, note: str | None = None) -> list[dict]:
    blocks = []
    if note:
        blocks.append(context(note))
    blocks += [
        context(f"*Question {q.number}/{q.total}*  {bar(q.number - 1, q.total)}"),
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
        section(f"*Overall score: {report.overall_score}/100*  {bar(report.overall_score, 100, 10)}\n{esc(report.summary)}"),
        context(esc(report.engine_label)),  # right under the score: which engine judged
    ]
    if report.competencies:
        lines = [
            f"*{esc(c.label)}*: {c.score}/100  {bar(c.score, 100, 10)}\n_{esc(c.explanation)}_" for c in report.competencies
        ]
        blocks.append(section("*Scores*\n" + "\n".join(lines)))
    blocks.append({"type": "divider"})
    covered = esc(", ".join(report.skills_covered)) or "none yet"
    missed = esc(", ".join(report.skills_missed)) or "none"
    never = esc(", ".join(report.skills_not_discussed)) or "none"
    blocks.append(section(
        f"*Skills from the job description*\nCovered: {covered}\nAsked about, not shown: {missed}\nNever came up: {never}"
    ))
    for title, items in (
        ("Strengths", report.strengths),
        ("To improve", report.improvements),
        ("Next steps", report.next_steps),
    ):
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


def report_text(report: FeedbackReport) -> str:
    """The notification text: the score, the engine that wrote it, the summary's start."""
    return f"Your feedback report: {report.overall_score}/100. {esc(report.engine_label)} {esc(cut(report.summary, 500))}"


def history_line(s: InterviewSummary) -> str:
    i = s.interview
    score = f"score {s.overall_score}/100" if s.overall_score is not None else (
        "complete" if s.progress["is_complete"] else "in progress"
    )
    if s.report_source is not None:
        score += f" ({esc(engine_short_label(s.report_source))})"
    return (
        f"*{esc(i.title)} at {esc(i.company)}* · {progress_text(s.progress)} · {score} · "
        f"{i.created_at:%d %b %Y}"
    )


def history_blocks(summaries: list[InterviewSummary]) -> list[dict]:
    if not summaries:
        return [section(TEXTS.no_interviews)]
    blocks = [section("*Your mock interviews*")]
    for s in summaries[:20]:
        blocks.append(section(history_line(s)))
    return blocks


def home_view(summaries: list[InterviewSummary]) -> dict:
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Mock interview coach"}},
        section(
            "Practise for a job in a DM with me: send your *CV* and the *job description* as files in the "
            "Messages tab, then type `/interview start <job title> | <company>`."
        ),
        {"type": "divider"},
    ]
    if not summaries:
        blocks.append(section("No interviews yet."))
    for s in summaries[:20]:
        block = section(history_line(s))
        if not s.progress["is_complete"]:
            block["accessory"] = button("Resume", "home_resume", str(s.interview.id), "primary")
        blocks.append(block)
    return {"type": "home", "blocks": blocks[:100]}


def delete_confirm_blocks() -> list[dict]:
    return [
        section(
            "*Delete all your data?* This removes your CVs, job descriptions, interviews and "
            "feedback reports. It can't be undone."
        ),
        {
            "type": "actions",
            "elements": [
                button("Delete everything", "delete_confirm", "yes", "danger"),
                button("Cancel", "delete_cancel", "no"),
            ],
        },
    ]


def kind_question_blocks(name: str, summary: str, file_id: str) -> list[dict]:
    return [
        section(f"I read “{name}” ({summary}). Is it your CV or the job description?"),
        {
            "type": "actions",
            "elements": [
                button("My CV", "doc_kind_cv", file_id, "primary"),
                button("The job description", "doc_kind_jd", file_id),
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
    return HELP.replace("I ask 8 questions", f"I ask {questions} question{'s' if questions != 1 else ''}")


HELP = """*Mock interview coach*
1. Send me your *CV* and the *job description* here as files (PDF, Word .docx or text). You can also paste the job description as a message.
2. `/interview start <job title> | <company>` starts the interview in this DM. I ask 8 questions, each as a reply in the interview's thread: answer each by replying in that thread.
3. After the last answer you get a scored feedback report.

Commands:
• `/interview start <job title> | <company>`: start (I ask for what's missing)
• `/interview resume`: post the question you're on again
• `/interview status`: where you are
• `/interview feedback`: your latest report (`/interview feedback again` writes it anew)
• `/interview history`: your past interviews and scores
• `/interview delete`: remove all your data
• `/interview help`: this message"""
