"""What the bot says: questions, progress, the report as embeds, lists.

Pure functions of core objects, so they are easy to test and every limit of
Discord's (2000 characters a message, 1024 a field, 6000 an embed message)
is enforced here, once.
"""

from __future__ import annotations

import discord

from interview_core.chat import (
    Commands,
    CompletedReply,
    NoticeReply,
    QuestionReply,
    Reply,
    ReportReply,
    StatusReply,
    Texts,
)
from interview_core.feedback import FeedbackReport, engine_short_label
from interview_core.models import Interview, Progress, Question
from interview_core.service import InterviewSummary

# The sentences every platform shares (interview_core/chat/texts.py), with Discord's
# way of giving `/interview start` what the job description did not say.
COMMANDS = Commands(title_option="title:", company_option="company:")
TEXTS = Texts(COMMANDS)

MESSAGE_LIMIT = 2000
FIELD_LIMIT = 1024
EMBED_TOTAL = 6000
COLOUR = discord.Colour.blurple()


def cut(text: str, limit: int) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def value(text: str | None, limit: int, default: str = "-") -> str:
    """A field value or title: Discord refuses an empty or blank one."""
    return cut(text or "", limit) or default


def progress_bar(done: int, total: int, width: int | None = None) -> str:
    width = width or total or 1
    filled = round(width * done / total) if total else 0
    return "▰" * filled + "▱" * (width - filled)


def question_message(question: Question, notice: str | None = None) -> str:
    """`**Question n/8** ▰▰▱▱▱▱▱▱` then the question."""
    header = f"**Question {question.number}/{question.total}** `{progress_bar(question.number - 1, question.total)}`"
    lead = f"{notice}\n\n" if notice else ""
    return cut(f"{lead}{header}\n{question.text}", MESSAGE_LIMIT)


def answered(progress: Progress) -> int:
    return progress["answered"]


def progress_line(progress: Progress) -> str:
    done = answered(progress)
    total = progress["max_questions"]
    return f"{done} of {total} questions answered `{progress_bar(done, total)}`"


def role_line(interview: Interview) -> str:
    return f"**{interview.title}** at **{interview.company}**"


def thread_name(title: str, company: str) -> str:
    """A thread's name is 1..100 characters."""
    name = " ".join(f"Mock interview: {title} at {company}".split())
    return cut(name, 100)


def where(interview: Interview) -> str:
    """A link to the interview's thread, or "in our DMs"."""
    if interview.owner.workspace == "dm":
        return "in our direct messages"
    return f"in <#{interview.thread}>" if interview.thread else ""


def replayed_start(interview: Interview | None, running: bool) -> str:
    """The answer to a start command delivered a second time."""
    if interview is not None:
        return TEXTS.already_started(f"{where(interview)} ({role_line(interview)})")
    if running:
        return TEXTS.being_set_up
    return "That command was already handled: see my answer to it above."


def reply_text(reply: Reply) -> str | None:
    """The message for a reply of the conversation layer that is only words (a question,
    the end, a notice); None for a report (embeds) or a thread that holds no interview."""
    if isinstance(reply, QuestionReply):
        return question_message(reply.question, reply.notice)
    if isinstance(reply, (CompletedReply, NoticeReply)):
        return cut(reply.text, MESSAGE_LIMIT)
    return None


def report_heading(reply: ReportReply) -> str:
    """The line above a report's embeds when a command shows it (and its notice, if any)."""
    if reply.owed:
        line = (f"You were also owed the report for {role_line(reply.interview)} "
                f"(`{COMMANDS.feedback} interview:{reply.interview.id}`):")
    else:
        line = f"Feedback for {role_line(reply.interview)}:"
    return cut(f"{reply.notice}\n{line}" if reply.notice else line, MESSAGE_LIMIT)


def _bullets(items: list[str], limit: int = FIELD_LIMIT) -> str:
    items = [" ".join(item.split()) for item in items]
    return cut("\n".join(f"• {item}" for item in items if item), limit)


def _joined(items: list[str]) -> str:
    return ", ".join(" ".join(item.split()) for item in items if item.strip())


def report_embeds(report: FeedbackReport, interview: Interview) -> list[discord.Embed]:
    """Two embeds, within Discord's 6000-character budget for one message:
    the scores (overall, one field per competency), then skills and next
    steps. Each part has its own cut, so the worst case still fits."""
    # Which engine judged, right under the score and never cut away with the summary.
    head = f"{cut(f'{interview.title} at {interview.company}', 300)}\n{cut(report.engine_label, 300)}"
    summary = cut(report.summary, 1000 - len(head) - 2)
    scores = discord.Embed(
        title=cut(f"Overall score: {report.overall_score}/100", 256),
        description=f"{head}\n\n{summary}" if summary else head,
        colour=_score_colour(report.overall_score),
    )
    for c in report.competencies[:6]:
        scores.add_field(
            name=cut(f"{c.label}: {c.score}/100 {progress_bar(c.score, 100, 10)}", 80),
            value=value(c.explanation, 300),
            inline=False,
        )
    details = discord.Embed(title="Skills and next steps", colour=COLOUR)
    details.add_field(name="Skills covered", value=value(_joined(report.skills_covered), 400, "none yet"), inline=False)
    details.add_field(name="Asked about, not shown", value=value(_joined(report.skills_missed), 400, "none"), inline=False)
    if report.skills_not_discussed:
        details.add_field(name="Never came up", value=value(_joined(report.skills_not_discussed), 400, "none"), inline=False)
    if strengths := _bullets(report.strengths, 400):
        details.add_field(name="Strengths", value=strengths, inline=False)
    if improvements := _bullets(report.improvements, 400):
        details.add_field(name="To improve", value=improvements, inline=False)
    details.add_field(
        name="Next steps",
        value=_bullets(report.next_steps, 600) or "Practise again with a new job description.",
        inline=False,
    )
    details.set_footer(text=cut(f"Interview #{interview.id} · {report.engine_short_label}", 200))
    return _within_budget([scores, details])


def notes_embeds(report: FeedbackReport) -> list[list[discord.Embed]]:
    """The per-answer notes, one embed per answer, grouped into messages
    that each stay under the 6000-character limit."""
    if not report.answers:
        return [[discord.Embed(description="No per-answer notes in this report.", colour=COLOUR)]]
    embeds = []
    for note in report.answers:
        embed = discord.Embed(
            title=cut(f"Question {note.question_number}: {note.score}/100", 256),
            description=value(note.question, 400),
            colour=_score_colour(note.score),
        )
        embed.add_field(name="What worked", value=value(note.worked, 450), inline=False)
        embed.add_field(name="To improve", value=value(note.to_improve, 450), inline=False)
        embed.add_field(name="A stronger answer", value=value(note.stronger_answer, 600), inline=False)
        embeds.append(embed)
    groups: list[list[discord.Embed]] = [[]]
    size = 0
    for embed in embeds:
        if groups[-1] and (size + len(embed) > EMBED_TOTAL - 200 or len(groups[-1]) >= 10):
            groups.append([])
            size = 0
        groups[-1].append(embed)
        size += len(embed)
    return groups


def _within_budget(embeds: list[discord.Embed]) -> list[discord.Embed]:
    """A safety net: the extras (strengths, to improve) go first if ever too long."""
    details = embeds[-1]
    for name in ("Strengths", "To improve"):
        if sum(len(e) for e in embeds) <= EMBED_TOTAL:
            break
        for index, f in enumerate(details.fields):
            if f.name == name:
                details.remove_field(index)
                break
    return embeds


def _score_colour(score: int) -> discord.Colour:
    if score >= 75:
        return discord.Colour.green()
    if score >= 50:
        return discord.Colour.gold()
    return discord.Colour.red()


def status_text(reply: StatusReply) -> str:
    interview, progress = reply.interview, reply.progress
    state = "finished" if progress["is_complete"] else "in progress"
    lines = [
        f"Mock interview #{interview.id}: {role_line(interview)} ({state})",
        progress_line(progress),
    ]
    place = where(interview)
    if place:
        lines.append(TEXTS.lives(place))
    lines.append(reply.text)
    return "\n".join(lines)


def resumed(reply: QuestionReply | NoticeReply) -> str:
    """What `/interview resume` posts where the interview runs: under the interview's
    name, the question waiting (or why there is none, or that it is finished)."""
    lead = f"Mock interview: {role_line(reply.interview)}." if reply.interview is not None else ""
    if isinstance(reply, QuestionReply):
        return question_message(reply.question, f"{lead} {reply.notice or ''}".strip())
    return cut(f"{lead} {reply.text}".strip(), MESSAGE_LIMIT)


def history_text(summaries: list[InterviewSummary]) -> str:
    if not summaries:
        return TEXTS.no_interviews
    lines = ["Your mock interviews (newest first):"]
    for s in summaries[:15]:
        i = s.interview
        score = f"{s.overall_score}/100" if s.overall_score is not None else (
            "report pending" if s.progress["is_complete"] else f"{answered(s.progress)}/{s.progress['max_questions']} answered"
        )
        if s.report_source is not None:
            score += f" ({engine_short_label(s.report_source)})"
        date = discord.utils.format_dt(i.created_at, "d")
        lines.append(f"• #{i.id} {cut(i.title, 60)} at {cut(i.company, 40)}: {score} · {date} · {where(i)}")
    return cut("\n".join(lines), MESSAGE_LIMIT)


def help_text(questions: int) -> str:
    return HELP_TEXT.format(questions=questions)


HELP_TEXT = """\
**Mock interviews with an AI interviewer**
`/interview start cv:<file> jd:<file>` (or `jd_text:` to paste the job description): \
I read your CV and the job description (PDF, Word .docx, text or Markdown), open a private \
thread and ask you {questions} questions, one at a time. `title:` and `company:` are guessed from the \
job description when left out.
**Answer** by typing in the thread (several lines are fine). After the last answer you get a \
scored report, with notes on every answer.
`/interview resume`: get the question you're on again (in a new thread if the old one is gone).
`/interview status`: where you are. `/interview history`: your past interviews and scores.
`/interview feedback`: your latest report (it is written again if it failed).
`/interview delete`: remove all your interviews, answers, reports and documents.
In a direct message with me, the interview runs right there: answer each question as a message."""
