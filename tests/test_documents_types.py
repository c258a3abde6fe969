"""A file whose bytes are another type than its name says is refused with the
type it really is (issue 10, point 11), detected by magic bytes."""

from __future__ import annotations

import pytest

from interview_core.documents import DocumentErrorCode, extract_document
from tests import hostile_files as hostile
from tests.test_documents import assert_friendly, error_of


CLAIMS = {"cv.pdf": "a PDF", "cv.docx": "a Word document (.docx)", "cv.txt": "a text file"}


@pytest.mark.parametrize("claimed", list(CLAIMS))
@pytest.mark.parametrize("kind", list(hostile.OTHER_TYPES))
def test_a_file_of_another_type_says_which(kind: str, claimed: str) -> None:
    data, words = hostile.OTHER_TYPES[kind]
    if kind == "html" and claimed == "cv.txt":
        assert extract_document(data, claimed).kind == "text"  # HTML is text too
        return
    error = error_of(extract_document, data, claimed)
    assert_friendly(error, DocumentErrorCode.UNSUPPORTED_TYPE, claimed)
    assert f"`{claimed}` is {words}" in error.user_message
    assert f"not {CLAIMS[claimed]}" in error.user_message


def test_png_renamed_cv_pdf_says_png() -> None:
    error = error_of(extract_document, hostile.OTHER_TYPES["png"][0], "cv.pdf")
    assert error.user_message == (
        "`cv.pdf` is a PNG image, not a PDF. Send the document as a PDF, a Word document "
        "(.docx) or a text file, or paste the text."
    )


def test_a_content_type_claim_counts_when_there_is_no_extension() -> None:
    error = error_of(extract_document, hostile.OTHER_TYPES["jpeg"][0], "upload", content_type="application/pdf")
    assert "is a JPEG image, not a PDF" in error.user_message


def test_text_that_merely_starts_like_a_short_magic_stays_text() -> None:
    assert extract_document(b"BMW Group, Munich: Senior SRE", "jd.txt").text.startswith("BMW")
    assert extract_document(b"MZ Consulting - Data Engineer", "jd.txt").kind == "text"
