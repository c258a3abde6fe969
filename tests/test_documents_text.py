"""Text is handled in linear time (issue 10, points 2 and 11): raw text is cut
before any clean-up, Unicode normalisation is bounded, invisible-only text
is empty, a declared charset must be a plain text codec.

No times are asserted (bench/documents_hostile.py prints them): what is
asserted is what keeps the work linear, the length and the longest run of
combining marks handed to normalisation.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from interview_core.documents import (
    DocumentErrorCode,
    DocumentLimits,
    extract_document,
    from_pasted_text,
    normalize_text,
)
from tests import hostile_files as hostile
from tests.test_documents import assert_friendly, error_of


@pytest.mark.parametrize("charset", ["punycode", "unicode_escape", "idna", "utf-7", "rot13", "zlib"])
def test_a_declared_charset_that_is_not_a_text_codec_is_ignored(charset: str) -> None:
    """Discord passes the uploader's content type through: "charset=punycode" would
    run Python's quadratic punycode decoder (and its UnicodeError escaped)."""
    data = b"Jane Doe - " + b"a" * 50_000 + b"-" + b"9" * 50
    doc = extract_document(data, "cv.txt", content_type=f"text/plain; charset={charset}")
    assert doc.text.startswith("Jane Doe - aaa")


# --------------------------------------------------------------------------
# (2) Text is capped before any superlinear work
# --------------------------------------------------------------------------


@pytest.fixture
def mark_runs_normalised(monkeypatch) -> list[int]:
    """The longest run of combining marks in each string handed to unicodedata.normalize."""
    seen: list[int] = []
    real = unicodedata.normalize

    def spy(form: str, text: str) -> str:
        run = max((len(m.group()) for m in re.finditer("[\u0300-\u036f]+", text)), default=0)
        seen.append(run)
        return real(form, text)

    monkeypatch.setattr(unicodedata, "normalize", spy)
    return seen


def test_combining_mark_text_file_is_capped_before_normalisation(mark_runs_normalised) -> None:
    """320 KB of alternating combining marks took 54 s: NFC sorts each run of marks."""
    data = hostile.combining_marks(320 * 1024).encode()
    assert len(data) > 320_000
    doc = extract_document(data, "cv.txt")
    assert doc.kind == "text" and doc.text.startswith("\u00e1")  # a + U+0301, composed
    assert max(mark_runs_normalised) <= 30  # never a run NFC sorts quadratically
    assert not re.search("[\u0300-\u036f]{31}", doc.text)


def test_pasted_combining_marks_and_long_messages(mark_runs_normalised) -> None:
    # Slack's largest message, and an 80,000-character one.
    for size in (40_005, 80_000):
        text = "Answer: " + "a" + "\u0316\u0301" * (size // 2)
        doc = from_pasted_text(text)
        assert doc.text.startswith("Answer: \u00e1")
    assert max(mark_runs_normalised) <= 30


def test_raw_text_is_cut_before_clean_up(monkeypatch) -> None:
    import interview_core.documents.text as text_module

    seen: list[int] = []
    real = text_module.normalize_text

    def spy(text: str) -> str:
        seen.append(len(text))
        return real(text)

    import interview_core.documents as documents

    monkeypatch.setattr(documents, "normalize_text", spy)
    limits = DocumentLimits(max_chars=1000)
    doc = extract_document(b"word " * 200_000, "cv.txt", limits=limits)  # 1 MB of text
    assert doc.truncated and len(doc.text) <= 1000
    assert max(seen) <= limits.max_raw_chars == 5024
    # The cut comes before clean-up: padding that fills the raw cap leaves nothing.
    error = error_of(from_pasted_text, "   " * 100_000 + "late words", limits=limits)
    assert error.code == DocumentErrorCode.EMPTY


def test_normalize_text_is_linear_on_mark_runs() -> None:
    text = "x" + "\u0301\u0316" * 100_000 + " end"
    out = normalize_text(text)  # seconds to minutes before
    assert out.endswith(" end") and len(out) < 40


# --------------------------------------------------------------------------
# (11) Invisible text
# --------------------------------------------------------------------------


def test_invisible_only_documents_are_empty() -> None:
    invisible = hostile.invisible_text()
    error = error_of(extract_document, invisible.encode("utf-8"), "cv.txt")
    assert_friendly(error, DocumentErrorCode.EMPTY, "cv.txt")
    error = error_of(extract_document, invisible.encode("utf-16"), "cv.md")
    assert error.code == DocumentErrorCode.EMPTY
    error = error_of(from_pasted_text, invisible)
    assert_friendly(error, DocumentErrorCode.EMPTY, None)
    error = error_of(extract_document, hostile.small_docx(invisible, invisible), "cv.docx")
    assert_friendly(error, DocumentErrorCode.EMPTY, "cv.docx")


def test_a_little_visible_text_among_invisible_characters_is_kept() -> None:
    doc = from_pasted_text(hostile.INVISIBLE + "SRE" + hostile.INVISIBLE)
    assert "SRE" in doc.text
    assert extract_document("می\u200cخواهم".encode(), "jd.txt").text == "می\u200cخواهم"
