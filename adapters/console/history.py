"""`interview-bot history`: the user's interviews and their scores over time, in the
terminal; `--chart FILE.png` also writes the chart.

    Your mock interviews (newest first):
      #3  12 Mar 2025  score 70/100 (offline coach, rule-based)
          Ward Manager at St Mary's Hospital
    Scores over your last 3 finished interviews, oldest first (0-100):
      Overall                      ▅▆▆  57 -> 64 -> 71
      Structure (STAR)             ▅▅▆  55 -> 60 -> 65
    Recurring weakness: ...

Everything it says comes from `Conversation.progress` and `Texts`; this module only
lays it out, wrapped to the terminal, and writes the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO

from adapters.console.render import terminal_width, wrap
from adapters.console.session import (
    PLATFORM,
    ConsoleOptions,
    console_commands,
    default_user,
)
from interview_core.chat import Conversation, ProgressReply, Texts
from interview_core.models import Owner
from interview_core.progress import chart_lines
from interview_core.progress.text_chart import BLOCKS
from interview_core.service import InterviewService


@dataclass(frozen=True, slots=True)
class HistoryOptions:
    user: str | None = None
    chart: Path | None = None  # where to write the PNG, if anywhere
    db: Path | None = None  # only for the commands we suggest
    program: str = "interview-bot"


def can_draw(stdout: TextIO) -> bool:
    """Whether `stdout` can show the sparkline's block characters (else: plain ones)."""
    try:
        BLOCKS.encode(getattr(stdout, "encoding", None) or "ascii")
    except (LookupError, UnicodeEncodeError):
        return False
    return True


def _date(moment: datetime) -> str:
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return f"{local.day} {local:%b %Y}"


def history_lines(reply: ProgressReply, texts: Texts, width: int | None = None, *, ascii: bool = False) -> list[str]:
    """The listing, the trends as a text chart, and what is recurring, within `width`."""
    width = width or terminal_width()
    if not reply.summaries:
        return wrap(reply.text, width)
    lines = wrap(reply.text, width)
    for summary in reply.summaries:
        interview = summary.interview
        state = texts.history_state(summary)
        if not summary.progress["is_complete"]:
            state += f" ({texts.questions_answered(summary.progress)})"
        lines += wrap(f"#{interview.id}  {_date(interview.created_at)}  {state}", width, "  ", "      ")
        lines += wrap(f"{interview.title} at {interview.company}", width, "      ")
    history = reply.history
    lines.append("")
    if not history.scored:
        return lines + wrap(texts.no_scores_yet, width)
    lines += wrap(texts.trend_heading(len(history.trend_overall)), width)
    lines += chart_lines(texts.trend_rows(history), width, ascii=ascii)
    lines.append("")
    for sentence in texts.recurring_lines(history):
        lines += wrap(sentence, width)
    return lines


async def run_history(service: InterviewService, options: HistoryOptions, stdout: TextIO) -> int:
    """Print the history; write the chart if asked. 0, or 1 when a chart was asked for and
    there was none to write, 2 when the file could not be written."""
    texts = console_commands(ConsoleOptions(user=options.user, db=options.db, program=options.program))
    conversation = Conversation(service, texts)
    owner = Owner(PLATFORM, "local", options.user or default_user())
    (reply,) = await conversation.progress(owner, chart=options.chart is not None)
    assert isinstance(reply, ProgressReply)
    width = terminal_width()

    def say(lines: list[str]) -> None:
        stdout.write("\n".join(lines) + "\n")
        stdout.flush()

    say(history_lines(reply, texts, width, ascii=not can_draw(stdout)))
    if options.chart is None:
        return 0
    if reply.chart_png is None:
        say(["", *wrap(reply.chart_notice or texts.no_chart, width)])
        return 1
    try:
        options.chart.write_bytes(reply.chart_png)
    except OSError as exc:
        say(["", *wrap(texts.chart_not_written(str(options.chart), str(exc.strerror or exc)), width)])
        return 2
    say(["", *wrap(texts.chart_written(str(options.chart), len(reply.history.scored)), width)])
    return 0
