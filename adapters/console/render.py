"""Plain-text rendering of questions, progress and the report for a terminal."""

from __future__ import annotations

import re
import textwrap

from interview_core.feedback import FeedbackReport
from interview_core.models import Progress, Question

WIDTH = 78


def progress_bar(done: int, total: int, width: int = 16) -> str:
    filled = round(width * done / total) if total else 0
    return "[" + "#" * filled + "-" * (width - filled) + "]"


def question_block(question: Question) -> str:
    """`Question n/N [###---]` then the question, wrapped."""
    header = f"Question {question.number}/{question.total} {progress_bar(question.number - 1, question.total)}"
    body = textwrap.fill(question.text, WIDTH)
    return f"{header}\n{body}"


def progress_line(progress: Progress) -> str:
    answered = progress["answered"]
    return f"{answered} of {progress['max_questions']} questions answered {progress_bar(answered, progress['max_questions'])}"


def question_gist(question: str, width: int = 72) -> str:
    """The asking sentence of a question, without the acknowledgement before it."""
    sentences = re.split(r"(?<=[.!?])\s+", question.strip())
    asking = [s for s in sentences if s.endswith("?")]
    return textwrap.shorten(asking[-1] if asking else question, width, placeholder=" ...")


def _bullets(items: list[str], indent: str = "  - ") -> list[str]:
    return [
        textwrap.fill(item, WIDTH, initial_indent=indent, subsequent_indent=" " * len(indent))
        for item in items
    ]


def report_text(report: FeedbackReport, *, notes: bool = True) -> str:
    """The report, led by `Overall score: NN/100`, readable at a glance."""
    lines = [f"Overall score: {report.overall_score}/100"]
    lines += textwrap.wrap(report.engine_label, WIDTH) + [""]
    lines += textwrap.wrap(report.summary, WIDTH) + [""]
    lines.append("Scores")
    label_width = max((len(c.label) for c in report.competencies), default=0)
    for c in report.competencies:
        lines.append(f"  {c.label:<{label_width}}  {c.score:>3}/100 {progress_bar(c.score, 100, 10)}")
        lines += textwrap.wrap(c.explanation, WIDTH, initial_indent="      ", subsequent_indent="      ")
    lines.append("")
    lines.append("Skills from the job description")
    for label, skills, empty in (
        ("Covered:          ", report.skills_covered, "none yet"),
        ("Asked, not shown: ", report.skills_missed, "none"),
        ("Never came up:    ", report.skills_not_discussed, "none"),
    ):
        lines += textwrap.wrap(
            ", ".join(skills) or empty, WIDTH, initial_indent="  " + label, subsequent_indent=" " * 20
        )
    for title, items in (
        ("Strengths", report.strengths),
        ("To improve", report.improvements),
        ("Next steps", report.next_steps),
    ):
        if items:
            lines += ["", title, *_bullets(items)]
    if notes and report.answers:
        lines += ["", "Answer by answer"]
        for note in report.answers:
            lines.append(f"  Q{note.question_number} ({note.score}/100): {question_gist(note.question)}")
            lines += _bullets([f"Worked: {note.worked}", f"Improve: {note.to_improve}",
                               f"Stronger answer: {note.stronger_answer}"], indent="      ")
    return "\n".join(lines)
