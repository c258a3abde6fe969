"""What the bot says: questions, progress, the report as embeds, lists.

Pure functions of core objects, so they are easy to test and every limit of
Discord's (2000 characters a message, 1024 a field, 6000 an embed message)
is enforced here, once.
"""

from __future__ import annotations

import discord

from interview_core.chat import (
    CoachingReply,
    Commands,
    CompletedReply,
    HistoryReply,
    NoticeReply,
    ProgressReply,
    QuestionReply,
    Reply,
    ReportAnswerReply,
    ReportReply,
    RetryReply,
    StatusReply,
    Texts,
)
from interview_core.feedback import FeedbackReport
from interview_core.models import Interview, Progress, Question
from interview_core.progress import chart_lines

# The sentences every platform shares (interview_core/chat/texts.py), with Discord's
# way of giving `/interview start` what the job description did not say.
COMMANDS = Commands(
    title_option="title:",
    company_option="company:",
    start_usage="/interview start cv:<file> jd:<file>",
    feedback_again="/interview feedback regenerate:True",
    feedback_one="/interview feedback interview:{id}",
    platform="Discord",
    documents_how=("Give `/interview start` your CV (`cv:`) and the job description, as a file (`jd:`) "
                   "or pasted (`jd_text:`): PDF, Word .docx, text or Markdown."),
    how_to_start="`/interview start` with your CV and a job description begins a mock interview right here.",
    start_does="opens a private thread for the interview",
    answer_how="by typing in the thread (several lines are fine)",
    start_note=" (`title:` and `company:` are guessed from the job description when left out)",
    resume_note=" (in a new thread if the old one is gone)",
    help_note="In a direct message with me, the interview runs right there: answer each question with a message.",
    delete_scope=", here and in our direct messages",
)
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
    header = f"**{TEXTS.question_label(question)}** `{progress_bar(question.number - 1, question.total)}`"
    lead = f"{notice}\n\n" if notice else ""
    return cut(f"{lead}{header}\n{question.text}", MESSAGE_LIMIT)


def answered(progress: Progress) -> int:
    return progress["answered"]


def progress_line(progress: Progress) -> str:
    return f"{TEXTS.questions_answered(progress)} `{progress_bar(answered(progress), progress['max_questions'])}`"


def role_line(interview: Interview) -> str:
    return f"**{interview.title}** at **{interview.company}**"


def thread_name(title: str, company: str) -> str:
    """A thread's name is 1..100 characters."""
    name = " ".join(TEXTS.interview_name(title, company).split())
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
    if isinstance(reply, RetryReply):
        return retry_text(reply)
    if isinstance(reply, ReportAnswerReply):
        return report_answer_text(reply)
    return None


# -- practice mode, and questions about a report ------------------------------------


def coaching_embed(reply: CoachingReply) -> discord.Embed:
    """Practice mode's feedback on one answer (or attempt): the score, what worked, what to
    improve and a stronger answer; the attempts so far; who wrote it and how to try again
    (the Try again button goes under it). Without feedback, the notice saying why."""
    number, feedback = reply.question_number, reply.feedback
    hint = TEXTS.retry_hint(number, button=True, finished=reply.finished)
    attempts = TEXTS.attempts_so_far(number, reply.scores) if len(reply.scores) > 1 else ""
    title = cut(TEXTS.coaching_heading(number, reply.attempt), 256)
    if feedback is None:
        embed = discord.Embed(title=title, description=value(reply.notice, 3000), colour=COLOUR)
        embed.set_footer(text=cut(hint, 1000))
        return embed
    score = feedback.note.score
    head = f"**{TEXTS.answer_score(score)}** `{progress_bar(score, 100, 10)}`"
    embed = discord.Embed(
        title=title,
        description=f"{head}\n{cut(attempts, 400)}" if attempts else head,
        colour=_score_colour(score),
    )
    for label, text in TEXTS.coaching_fields(feedback):
        embed.add_field(name=cut(label, 256), value=value(text, 1000), inline=False)
    embed.set_footer(text=cut(f"{TEXTS.coaching_engine(feedback)}\n{hint}", 1000))
    return embed


def retry_text(reply: RetryReply) -> str:
    """The question to try again, under what the next message will be."""
    return question_message(reply.question, reply.text)


def report_answer_text(reply: ReportAnswerReply) -> str:
    """An answer about the report, and the engine that wrote it (never cut away)."""
    engine = TEXTS.report_answer_engine(reply.source)
    return f"{cut(reply.text, MESSAGE_LIMIT - len(engine) - 5)}\n-# {engine}"


def report_heading(reply: ReportReply) -> str:
    """The line above a report's embeds when a command shows it (and its notice, if any)."""
    whose = TEXTS.report_for(role_line(reply.interview), owed=reply.owed, interview_id=reply.interview.id)
    return cut(f"{reply.notice}\n{whose}:" if reply.notice else f"{whose}:", MESSAGE_LIMIT)


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
        title=cut(TEXTS.overall_score(report.overall_score), 256),
        description=f"{head}\n\n{summary}" if summary else head,
        colour=_score_colour(report.overall_score),
    )
    scores.set_footer(text=cut(TEXTS.interview_settings(interview), 200))  # how it was run
    for c in report.competencies[:6]:
        scores.add_field(
            name=cut(f"{c.label}: {c.score_text}" + (f" {progress_bar(c.score, 100, 10)}" if c.judged else ""), 80),
            value=value(c.explanation, 300),
            inline=False,
        )
    if report.attempts:  # practice mode: the questions tried more than once
        scores.add_field(name=TEXTS.attempts_heading, value=value("\n".join(TEXTS.attempt_lines(report)), 400),
                         inline=False)
    details = discord.Embed(title="Skills and next steps", colour=COLOUR)
    details.add_field(name="Skills covered", value=value(_joined(report.skills_covered), 400, "none yet"), inline=False)
    details.add_field(name=TEXTS.asked_not_shown, value=value(_joined(report.skills_missed), 400, "none"), inline=False)
    if report.skills_not_discussed:
        details.add_field(name=TEXTS.never_came_up, value=value(_joined(report.skills_not_discussed), 400, "none"),
                          inline=False)
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
    lines = [
        f"Mock interview #{interview.id}: {role_line(interview)} ({TEXTS.state(progress)})",
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
    interview = reply.interview
    lead = f"{TEXTS.interview_name(f'**{interview.title}**', f'**{interview.company}**')}." if interview else ""
    if isinstance(reply, QuestionReply):
        return question_message(reply.question, f"{lead} {reply.notice or ''}".strip())
    return cut(f"{lead} {reply.text}".strip(), MESSAGE_LIMIT)


def history_text(reply: HistoryReply) -> str:
    if not reply.summaries:
        return reply.text
    lines = [reply.text]
    for s in reply.summaries[:15]:
        i = s.interview
        date = discord.utils.format_dt(i.created_at, "d")
        lines.append(f"• #{i.id} {cut(i.title, 60)} at {cut(i.company, 40)} · {TEXTS.answered(s.progress)} · "
                     f"{TEXTS.history_state(s)} · {date} · {where(i)}")
    return cut("\n".join(lines), MESSAGE_LIMIT)


CHART_COLUMNS = 64  # the text chart's width in a code block, for Discord's narrower views


def progress_text(reply: ProgressReply) -> str:
    """The history, then the scores over time as a text chart (a code block, so its
    columns line up) and what recurs; the listing is shortened first to fit one message."""
    history = reply.history
    if not reply.summaries:
        return reply.text
    if history.scored:
        chart = "\n".join(chart_lines(TEXTS.trend_rows(history), CHART_COLUMNS, indent=""))
        tail = (f"**{TEXTS.trend_heading(len(history.trend_overall))}**\n```\n{chart}\n```\n"
                + "\n".join(TEXTS.recurring_lines(history)))
    else:
        tail = TEXTS.no_scores_yet
    listing = cut(history_text(HistoryReply(reply.summaries, reply.text)), MESSAGE_LIMIT - len(tail) - 2)
    return cut(f"{listing}\n\n{tail}", MESSAGE_LIMIT)


def help_text(questions: int) -> str:
    return f"**{TEXTS.help_heading}**\n{TEXTS.help(questions)}"
