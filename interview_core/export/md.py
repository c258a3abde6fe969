"""The Markdown export: the header, the whole transcript (in practice mode every
attempt at each question), then the report and the questions asked about it.

The user's and the engine's text is escaped (`md_text`), so an answer that holds
`*`, `#` or `<b>` reads as typed rather than as markup."""

from __future__ import annotations

import re

from interview_core.export.model import (
    ExportInput,
    attempt_label,
    attempt_lines,
    header_fields,
    report_missing,
)
from interview_core.feedback import FeedbackReport, engine_short_label

_INLINE = re.compile(r"([\\`*_\[\]<>|])")
_LINE_START = re.compile(r"^(\s*)(?:([#>+\-=~])|(\d+)([.)]))", re.MULTILINE)


def md_text(text: str) -> str:
    """`text` shown literally in Markdown, its line breaks kept."""
    def protect(m: re.Match[str]) -> str:  # "# x", "- x", "1. x" at a line's start: no heading, no list
        return m.group(1) + ("\\" + m.group(2) if m.group(2) else m.group(3) + "\\" + m.group(4))

    escaped = _LINE_START.sub(protect, _INLINE.sub(r"\\\1", text))
    return escaped.replace("\n", "  \n")


def _report(report: FeedbackReport) -> list[str]:
    lines = ["## Report", "", f"**Overall score: {report.overall_score}/100**", "",
             f"_{md_text(report.engine_label)}_", "", md_text(report.summary), ""]
    if report.competencies:
        lines += ["### Scores by competency", ""]
        lines += [f"- **{c.label}**: {c.score_text}. {md_text(c.explanation)}" for c in report.competencies]
        lines.append("")
    if report.answers:
        lines += ["### Answer by answer", ""]
        for note in report.answers:
            lines += [f"#### Q{note.question_number} ({note.score}/100)", "", md_text(note.question), "",
                      f"- **What worked:** {md_text(note.worked) or 'nothing to note'}",
                      f"- **To improve:** {md_text(note.to_improve)}",
                      f"- **Outline of a stronger answer:** {md_text(note.stronger_answer)}", ""]
    lines += ["### Skills from the job description", "",
              f"- **Covered:** {md_text(', '.join(report.skills_covered)) or 'none yet'}",
              f"- **Asked about or raised, not shown:** {md_text(', '.join(report.skills_missed)) or 'none'}",
              f"- **Never came up:** {md_text(', '.join(report.skills_not_discussed)) or 'none'}", ""]
    for title, items in (("Attempts", attempt_lines(report)), ("Strengths", report.strengths), ("To improve", report.improvements),
                         ("Next steps", report.next_steps)):
        if items:
            lines += [f"### {title}", "", *(f"- {md_text(item)}" for item in items), ""]
    return lines


def to_markdown(data: ExportInput) -> bytes:
    interview = data.interview
    lines = [f"# Mock interview: {md_text(interview.title)} at {md_text(interview.company)}", ""]
    lines += [f"- **{label}:** {md_text(value)}" for label, value in header_fields(data)]
    lines += ["", "## Transcript", ""]
    for exchange in data.exchanges:
        lines += [f"### Question {exchange.number} of {interview.max_questions}", "", md_text(exchange.question), ""]
        if exchange.answer is None:
            lines += ["_Not answered yet._", ""]
            continue
        first = f"{attempt_label(exchange.attempts[0])}:" if exchange.attempts else "Your answer:"
        lines += [f"**{first}**", "", md_text(exchange.answer), ""]
        for addition in exchange.additions:
            lines += ["**Added to this answer:**", "", md_text(addition), ""]
        for attempt in exchange.attempts[1:]:
            lines += [f"**{attempt_label(attempt)}:**", "", md_text(attempt.text), ""]
    if data.report is not None:
        lines += _report(data.report)
    else:
        lines += ["## Report", "", f"_{md_text(report_missing(data))}_", ""]
    if data.report_questions:
        lines += ["## Questions about the report", ""]
        for asked in data.report_questions:
            lines += ["**You asked:**", "", md_text(asked.question), "",
                      f"**Answer ({md_text(engine_short_label(asked.provider))}):**", "",
                      md_text(asked.answer), ""]
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")
