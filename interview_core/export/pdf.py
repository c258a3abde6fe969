"""The PDF export, with fpdf2: headings (also the PDF's outline), wrapped text, page
numbers, selectable text in DejaVu Sans (bundled in fonts/, with its licence), so an
answer's "café" or "naïve" prints as typed. fpdf2 embeds only the glyphs used."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from interview_core.export.model import (
    ExportInput,
    attempt_label,
    attempt_lines,
    header_fields,
    report_missing,
)
from interview_core.feedback import FeedbackReport, engine_short_label

log = logging.getLogger(__name__)


class _NoGlyphNames(logging.Filter):
    """fpdf2 names each character the font has no glyph for: the user's own text, which
    never goes in a log (README: Logs). Said without them instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        if "missing the following glyphs" in str(record.msg):
            log.info("an export holds characters DejaVu Sans has no glyph for: left out of the PDF")
            return False
        return True


logging.getLogger("fpdf.output").addFilter(_NoGlyphNames())

FONT = "DejaVu"
_FONTS = resources.files("interview_core.export").joinpath("fonts")
BODY, SMALL = 10.5, 8.5
GREY = (90, 90, 90)


class _Document(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(format="A4")
        self._footer_text = footer_text
        with resources.as_file(_FONTS) as fonts:
            self.add_font(FONT, "", str(Path(fonts) / "DejaVuSans.ttf"))
            self.add_font(FONT, "B", str(Path(fonts) / "DejaVuSans-Bold.ttf"))
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=18)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, "", SMALL)
        self.set_text_color(*GREY)
        self.cell(0, 5, self._footer_text, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(0, 0, 0)

    # -- what the export is made of ---------------------------------------------------

    def heading(self, text: str, level: int) -> None:
        size = (17, 14, 12, 11)[level]
        if self.get_y() > self.h - 50:  # no heading alone at the foot of a page
            self.add_page()
        self.ln((6, 5, 3, 2)[level] if self.get_y() > self.t_margin + 1 else 0)
        self.start_section(text[:120], level=level)
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)

    @contextlib.contextmanager
    def _indented(self, indent: float) -> Iterator[None]:
        margin = self.l_margin
        self.set_left_margin(margin + indent)
        self.set_x(margin + indent)
        try:
            yield
        finally:
            self.set_left_margin(margin)
            self.set_x(margin)

    def para(self, text: str, *, bold: bool = False, size: float = BODY, grey: bool = False, indent: float = 0) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        if grey:
            self.set_text_color(*GREY)
        with self._indented(indent):
            self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.ln(1.5)

    def labelled(self, label: str, text: str, indent: float = 0) -> None:
        """`label` in bold, then `text`, wrapped together."""
        with self._indented(indent):
            self.set_font(FONT, "B", BODY)
            self.write(BODY * 0.5, f"{label} ")
            self.set_font(FONT, "", BODY)
            self.write(BODY * 0.5, text)
            self.ln(BODY * 0.5 + 1.5)

    def bullets(self, items: list[str]) -> None:
        for item in items:
            self.para(f"•  {item}", indent=3)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _report(pdf: _Document, report: FeedbackReport) -> None:
    pdf.heading("Report", 1)
    pdf.para(f"Overall score: {report.overall_score}/100", bold=True, size=13)
    pdf.para(report.engine_label, grey=True, size=9)
    pdf.para(report.summary)
    if report.competencies:
        pdf.heading("Scores by competency", 2)
        for c in report.competencies:
            pdf.labelled(f"{c.label}: {c.score_text}.", c.explanation)
    if report.answers:
        pdf.heading("Answer by answer", 2)
        for note in report.answers:
            pdf.heading(f"Q{note.question_number} ({note.score}/100)", 3)
            pdf.para(note.question, grey=True)
            pdf.labelled("What worked:", note.worked or "nothing to note", indent=3)
            pdf.labelled("To improve:", note.to_improve, indent=3)
            pdf.labelled("Outline of a stronger answer:", note.stronger_answer, indent=3)
    pdf.heading("Skills from the job description", 2)
    pdf.labelled("Covered:", ", ".join(report.skills_covered) or "none yet")
    pdf.labelled("Asked about or raised, not shown:", ", ".join(report.skills_missed) or "none")
    pdf.labelled("Never came up:", ", ".join(report.skills_not_discussed) or "none")
    for title, items in (("Attempts", attempt_lines(report)), ("Strengths", report.strengths),
                         ("To improve", report.improvements), ("Next steps", report.next_steps)):
        if items:
            pdf.heading(title, 2)
            pdf.bullets(items)


def to_pdf(data: ExportInput) -> bytes:
    interview = data.interview
    name = f"Mock interview: {interview.title} at {interview.company}"
    pdf = _Document(footer_text=_cut(f"interview-bot · #{interview.id} {interview.title} at {interview.company}", 70))
    pdf.set_title(name)
    pdf.set_author("interview-bot")
    pdf.set_creator("interview-bot")
    pdf.set_creation_date(data.exported_at)
    pdf.add_page()
    pdf.heading(name, 0)
    for label, value in header_fields(data):
        pdf.labelled(f"{label}:", value)
    pdf.heading("Transcript", 1)
    for exchange in data.exchanges:
        pdf.heading(f"Question {exchange.number} of {interview.max_questions}", 2)
        pdf.para(exchange.question)
        if exchange.answer is None:
            pdf.para("Not answered yet.", grey=True)
            continue
        first = f"{attempt_label(exchange.attempts[0])}:" if exchange.attempts else "Your answer:"
        pdf.para(first, bold=True)
        pdf.para(exchange.answer, indent=3)
        for addition in exchange.additions:
            pdf.para("Added to this answer:", bold=True)
            pdf.para(addition, indent=3)
        for attempt in exchange.attempts[1:]:
            pdf.para(f"{attempt_label(attempt)}:", bold=True)
            pdf.para(attempt.text, indent=3)
    if data.report is not None:
        _report(pdf, data.report)
    else:
        pdf.heading("Report", 1)
        pdf.para(report_missing(data), grey=True)
    if data.report_questions:
        pdf.heading("Questions about the report", 1)
        for asked in data.report_questions:
            pdf.para("You asked:", bold=True)
            pdf.para(asked.question, indent=3)
            pdf.para(f"Answer ({engine_short_label(asked.provider)}):", bold=True)
            pdf.para(asked.answer, indent=3)
    return bytes(pdf.output())
