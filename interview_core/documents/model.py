"""What the document functions return and raise, and the limits they apply."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

DocumentKind = Literal["pdf", "docx", "text"]

PDF_EXTENSIONS = frozenset({".pdf"})
DOCX_EXTENSIONS = frozenset({".docx"})
TEXT_EXTENSIONS = frozenset({".txt", ".md", ".markdown", ".text"})
# Formats people do send, that we can't read but can say how to convert.
CONVERTIBLE_EXTENSIONS = frozenset({".doc", ".odt", ".rtf", ".pages", ".wpd", ".dotx", ".docm"})

PDF_CONTENT_TYPES = frozenset({"application/pdf", "application/x-pdf"})
DOCX_CONTENT_TYPES = frozenset(
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
)
TEXT_CONTENT_TYPES = frozenset({"text/plain", "text/markdown", "text/x-markdown"})

# Fewer visible characters than this across a whole PDF: no text layer.
MIN_PDF_TEXT_CHARS = 20

MB = 1024 * 1024
# A .docx may declare at most this many times the upload limit unpacked, and
# at most this ratio of its packed size (Word's XML packs about 10:1; images
# not at all). Both are checked on the zip's headers before anything is inflated.
DOCX_UNPACKED_FACTOR = 4
DOCX_MAX_RATIO = 100
# The XML parts are then inflated for real, counting the bytes that come out
# whatever the headers say, up to this many times the upload limit in all
# (python-docx holds about 7 bytes per byte of XML: 20 MB of XML is 140 MB).
DOCX_XML_FACTOR = 2
# A .docx has tens of parts; a zip of 10 MB can list 100,000 empty ones.
MAX_ZIP_ENTRIES = 2000
# Raw text (before clean-up) is cut at this many times `max_chars`, before
# any normalisation: clean-up shrinks text, it never needs more than this.
RAW_TEXT_FACTOR = 4


@dataclass(frozen=True, slots=True)
class DocumentLimits:
    """How much a user may send. Text past `max_chars` is cut off, not refused."""

    max_bytes: int = 10 * MB
    max_pages: int = 50
    max_chars: int = 60_000

    @property
    def max_raw_chars(self) -> int:
        """Raw text longer than this is cut before it is cleaned up."""
        return RAW_TEXT_FACTOR * self.max_chars + 1024


@dataclass(frozen=True, slots=True)
class Document:
    """Clean text of one CV or job description.

    `pages` is only known for PDFs. `truncated` is True when the text was
    cut to `DocumentLimits.max_chars`.
    """

    text: str
    kind: DocumentKind
    pages: int | None = None
    filename: str | None = None
    truncated: bool = False

    @property
    def words(self) -> int:
        """Whitespace-separated tokens with a letter or digit in them (not "•", "—")."""
        return sum(1 for token in self.text.split() if any(ch.isalnum() for ch in token))

    def summary(self) -> str:
        """E.g. "2 pages, 640 words", or "640 words" when pages are unknown."""
        words = _plural(self.words, "word")
        if self.pages is None:
            return words
        return f"{_plural(self.pages, 'page')}, {words}"


class DocumentErrorCode(StrEnum):
    UNSUPPORTED_TYPE = "unsupported_type"
    ENCRYPTED = "encrypted"
    BROKEN = "broken"
    NO_TEXT = "no_text"
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    TOO_MANY_PAGES = "too_many_pages"
    TOO_COMPLEX = "too_complex"  # ran out of memory or depth reading it


class DocumentError(Exception):
    """A document we can't use. `str(e) == e.user_message`, safe to show the user."""

    def __init__(self, code: DocumentErrorCode, user_message: str, *, filename: str | None = None):
        super().__init__(user_message)
        self.code = code
        self.user_message = user_message
        self.filename = filename

    def __str__(self) -> str:
        return self.user_message

    def __reduce__(self):
        return (self.__class__, (self.code, self.user_message), {"filename": self.filename})

    def __repr__(self) -> str:
        return f"DocumentError({self.code.value!r}, {self.user_message!r})"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
