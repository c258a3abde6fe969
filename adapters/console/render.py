"""Plain-text rendering of questions, progress and the report for a terminal.

Text is wrapped to the terminal's width (`terminal_width`: capped at 100 columns,
which is as wide as prose stays readable, and never under 40). The report opens
with a summary that fits on one 24-line screen, then the answer-by-answer notes
and the details under their own headings.
"""

from __future__ import annotations

import re
import shutil
import textwrap

from interview_core.chat import CoachingReply, Texts
from interview_core.feedback import FeedbackReport
from interview_core.models import Progress, Question

MAX_WIDTH = 100
MIN_WIDTH = 40
SCREEN_LINES = 24  # the summary fits on one screen of a classic terminal
NOTES_HEADING = "Answer by answer"
DETAILS_HEADING = "Scores in detail"
_COMMAND = re.compile(r"`[^`\n]+`")
TEXTS = Texts()  # the report's words; the console's commands are in session.py
_NBSP = "\x00"  # a space textwrap must not break at (never in user text: it is cleaned)


def terminal_width() -> int:
    """The width to wrap to: the terminal's (80 when it can't be told), two columns spare
    so no terminal wraps a full line itself, within MIN_WIDTH..MAX_WIDTH."""
    columns = shutil.get_terminal_size((80, 24)).columns
    return max(MIN_WIDTH, min(MAX_WIDTH, columns - 2))


def wrap(text: str, width: int | None = None, indent: str = "", hang: str | None = None) -> list[str]:
    """`text` wrapped to `width`, each paragraph (line) of it on its own. A `command` in
    backticks is never split, so it can be copied whole."""
    width = width or terminal_width()
    later = indent if hang is None else hang
    lines: list[str] = []
    for paragraph in text.split("\n"):
        kept = _COMMAND.sub(lambda m: m.group(0).replace(" ", _NBSP), paragraph)
        # A dash between words stays on its line ("Shah -" / "Registered"): at the start of
        # the next one it would read as a new bullet.
        kept = kept.replace(" - ", _NBSP + "- ")
        lines += textwrap.wrap(kept, width, initial_indent=indent, subsequent_indent=later,
                               break_long_words=False, break_on_hyphens=False) or [""]
    return [line.replace(_NBSP, " ") for line in lines]


def fill(text: str, width: int | None = None) -> str:
    return "\n".join(wrap(text, width))


def progress_bar(done: int, total: int, width: int = 16) -> str:
    filled = round(width * done / total) if total else 0
    return "[" + "#" * filled + "-" * (width - filled) + "]"


def question_block(question: Question, width: int | None = None) -> str:
    """`Question n/N [###---]` then the question, wrapped."""
    header = f"{TEXTS.question_label(question)} {progress_bar(question.number - 1, question.total)}"
    return f"{header}\n{fill(question.text, width)}"


def progress_line(progress: Progress) -> str:
    """`3 of 8 questions answered [######----------]`"""
    return f"{TEXTS.questions_answered(progress)} {progress_bar(progress['answered'], progress['max_questions'])}"


def question_gist(question: str, width: int = 72) -> str:
    """The asking sentence of a question, without the acknowledgement before it."""
    sentences = re.split(r"(?<=[.!?])\s+", question.strip())
    asking = [s for s in sentences if s.endswith("?")]
    return textwrap.shorten(asking[-1] if asking else question, max(20, width), placeholder=" ...")


def _bullets(items: list[str], width: int, indent: str = "  - ") -> list[str]:
    return [line for item in items for line in wrap(item, width, indent, " " * len(indent))]


def _cut(text: str, width: int, lines: int, indent: str = "", hang: str = "") -> list[str]:
    """`text` wrapped, shortened with " ..." to at most `lines` lines."""
    wrapped = wrap(text, width, indent, hang)
    room = len(text)
    while len(wrapped) > lines and room > 12:
        room = max(12, min(room - 8, (width - len(hang)) * lines - 8, int(room * 0.9)))
        wrapped = wrap(textwrap.shorten(text, room, placeholder=" ..."), width, indent, hang)
    return wrapped[:lines]


def summary_lines(report: FeedbackReport, width: int | None = None) -> list[str]:
    """The report's first screen: the score, who scored it, the summary, the three things
    to work on and the skills that were missed, in at most SCREEN_LINES lines.

    Long items are shortened (the details below keep them whole) until it fits."""
    width = width or terminal_width()
    todo = report.improvements[:3]
    for item_lines, summary_cap, with_unseen in ((3, 8, True), (2, 6, True), (2, 4, False), (1, 3, False),
                                                  (1, 2, False)):
        lines = [TEXTS.overall_score(report.overall_score), *wrap(report.engine_label, width), ""]
        lines += _cut(report.summary, width, summary_cap)
        if todo:
            lines += ["", "The three things to work on" if len(todo) == 3 else "What to work on"]
            for number, item in enumerate(todo, 1):
                lines += _cut(item, width, item_lines, f"{number}. ", "   ")
        lines.append("")
        lines += _cut(f"{TEXTS.asked_not_shown}: " + (", ".join(report.skills_missed) or "none"),
                      width, item_lines, "", "  ")
        if with_unseen and report.skills_not_discussed:
            lines += _cut(f"{TEXTS.never_came_up}: " + ", ".join(report.skills_not_discussed), width, item_lines,
                          "", "  ")
        if len(lines) <= SCREEN_LINES:
            return lines
    return lines[:SCREEN_LINES]


def report_text(report: FeedbackReport, *, notes: bool = True, width: int | None = None) -> str:
    """The report: `Overall score: NN/100` and a one-screen summary, then the
    answer-by-answer notes, then the scores, skills, strengths and next steps."""
    width = width or terminal_width()
    lines = summary_lines(report, width)
    if notes and report.answers:
        lines += ["", NOTES_HEADING]
        for note in report.answers:
            lines.append(f"  Q{note.question_number} ({note.score}/100): "
                         f"{question_gist(note.question, width - 16)}")
            lines += _bullets([f"Worked: {note.worked}", f"Improve: {note.to_improve}",
                               f"Stronger answer: {note.stronger_answer}"], width, indent="      ")
    lines += ["", DETAILS_HEADING]
    label_width = max((len(c.label) for c in report.competencies), default=0)
    for c in report.competencies:
        row = f"  {c.label:<{label_width}}  {c.score_text:>7}"
        if len(row) > width:  # a narrow terminal: the score under its label
            lines.append(f"  {c.label}")
            row = f"      {c.score_text}"
        fits = c.judged and len(row) + 13 <= width
        lines.append(f"{row} {progress_bar(c.score, 100, 10)}" if fits else row)
        lines += wrap(c.explanation, width, "      ")
    lines += ["", "Skills from the job description"]
    for label, skills, empty in (
        ("Covered:          ", report.skills_covered, "none yet"),
        ("Not shown:        ", report.skills_missed, "none"),
        ("Never came up:    ", report.skills_not_discussed, "none"),
    ):
        lines += wrap(", ".join(skills) or empty, width, "  " + label, " " * 20)
    for title, items in TEXTS.report_lists(report):
        if items:
            lines += ["", title, *_bullets(items, width)]
    return "\n".join(lines)


def coaching_text(reply: CoachingReply, texts: Texts, width: int | None = None) -> str:
    """Practice mode's feedback on one answer (or retry), at once:

        Feedback on your answer to question 2
        Answer score: 42/100
          What worked: ...
          To improve: ...
          A stronger answer: ...
        Feedback by: offline coach (rule-based)
        Your attempts at question 2: 42 then 71.
        To answer question 2 again, type `/retry`; or go on by answering the next question.
    """
    width = width or terminal_width()
    lines = [texts.coaching_heading(reply.question_number, reply.attempt)]
    feedback = reply.feedback
    if feedback is None:
        if reply.notice:
            lines += wrap(reply.notice, width)
    else:
        lines.append(texts.answer_score(feedback.note.score))
        for label, text in texts.coaching_fields(feedback):
            lines += wrap(f"{label}: {text}", width, "  ", "      ")
        lines += wrap(texts.coaching_engine(feedback), width)
    if len(reply.scores) > 1:
        lines += wrap(texts.attempts_so_far(reply.question_number, reply.scores), width)
    lines += wrap(texts.retry_hint(reply.question_number, button=False, finished=reply.finished), width)
    return "\n".join(lines)
