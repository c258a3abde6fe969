"""What the export tests share: a finished offline interview for a nurse (a CV and job
description with no software in them, answers with "café" and "naïve"), and each
format read back the way a person's tools would: the PDF with the project's own
extractor, the Markdown as text, the JSON against its schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

from interview_core.documents import extract_document
from interview_core.export.json_model import ExportDocument
from interview_core.export.md import md_text

ROOT = Path(__file__).resolve().parents[2]
NURSE = json.loads((ROOT / "tests/fixtures/answers/nurse.json").read_text("utf-8"))
NURSE_CV = (ROOT / NURSE["cv"]).read_text("utf-8")
NURSE_JD = (ROOT / NURSE["jd"]).read_text("utf-8")
NURSE_TITLE, NURSE_COMPANY = NURSE["title"], NURSE["company"]


def nurse_answers() -> list[str]:
    """Eight answers from the nurse's bank; two carry non-ASCII words, one Markdown's marks."""
    answers = [item["text"] for item in NURSE["bank"][:8]]
    answers[1] += " Over a café au lait after that shift I admitted my naïve first plan had missed the pain score."
    answers[4] += " Señora Müller's daughter said “gracias” at discharge."
    answers[6] = "# 1 for me is safety: <b>every</b> high-alert dose is *double* checked [always]. " + answers[6]
    return answers


def words(text: str) -> str:
    """`text` with every run of white space as one space (lines wrap in a PDF)."""
    return " ".join(text.split())


FOOTER = re.compile(r"Page \d+ of \d+$")


def pdf_text(data: bytes) -> str:
    """The PDF's text as the interviewer would read an uploaded one, without the page
    footers (which fall between the words of a paragraph that runs over a page)."""
    document = extract_document(data, "export.pdf")
    return words("\n".join(line for line in document.text.splitlines() if not FOOTER.search(line)))


def markdown_text(data: bytes) -> str:
    return words(data.decode("utf-8"))


def as_markdown(text: str) -> str:
    """How `text` appears in the Markdown export: escaped, so it reads as typed."""
    return words(md_text(text))


def json_export(data: bytes) -> ExportDocument:
    """The JSON export, validated against its schema (extra fields refused)."""
    return ExportDocument.model_validate_json(data, strict=True)


def missing(texts: list[str], haystack: str) -> list[str]:
    return [text[:80] for text in texts if words(text) not in haystack]
