"""What a file is, from its bytes first, then its name and content type.

A file whose name says PDF, Word or text but whose bytes say another type
(a PNG renamed cv.pdf, a sign-in page saved as cv.pdf) is refused with the
type it really is, so the user knows what to send instead.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from interview_core.documents import messages as msg
from interview_core.documents.model import (
    CONVERTIBLE_EXTENSIONS,
    DOCX_CONTENT_TYPES,
    DOCX_EXTENSIONS,
    MAX_ZIP_ENTRIES,
    PDF_CONTENT_TYPES,
    PDF_EXTENSIONS,
    TEXT_CONTENT_TYPES,
    TEXT_EXTENSIONS,
    DocumentKind,
)
from interview_core.documents.text import looks_like_utf8_text

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .doc, and encrypted .docx
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
# Beginnings of files: (prefix, what it is). Checked in order.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x7fELF", "a program (an ELF executable)"),
    (b"\xcf\xfa\xed\xfe", "a program (a macOS executable)"),
    (b"\x1f\x8b", "a compressed (gzip) file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"%!PS", "a PostScript file"),
)
_CONVERTIBLE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"{\\rtf", "an RTF document"),
)
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body")
# Zips that aren't Word documents: (a member that gives them away, what it is).
_ZIP_KINDS = (
    ("xl/workbook.xml", "an Excel spreadsheet"),
    ("ppt/presentation.xml", "a PowerPoint presentation"),
    ("content.xml", "an OpenDocument file (.odt)"),
    ("META-INF/container.xml", "an e-book (EPUB)"),
)


def mime(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return content_type[:200].split(";", 1)[0].strip().lower() or None


def _claimed(ext: str, mime_type: str | None) -> tuple[str, str] | None:
    """(kind, how to say it) the name or content type promises, if any."""
    if ext in PDF_EXTENSIONS or (not ext and mime_type in PDF_CONTENT_TYPES):
        return "pdf", "a PDF"
    if ext in DOCX_EXTENSIONS or (not ext and mime_type in DOCX_CONTENT_TYPES):
        return "docx", "a Word document (.docx)"
    if ext in TEXT_EXTENSIONS or (not ext and mime_type in TEXT_CONTENT_TYPES):
        return "text", "a text file"
    return None


def sniff(data: bytes) -> str | None:
    """What the bytes say this is, for types we can't read; None if we can't tell."""
    for prefix, label in _MAGIC:
        if data.startswith(prefix):
            return label
    # Short magics, checked with what must follow them, so text starting
    # "BMW ..." or "MZ ..." stays text.
    if data.startswith(b"BM") and data[6:10] == b"\0\0\0\0":
        return "a BMP image"
    if data.startswith(b"MZ") and b"\0" in data[2:64]:
        return "a Windows program (.exe)"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "a WebP image"
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1", b"heif", b"avif"):
            return "an HEIC photo"
        return "a video"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(_HTML_STARTS) or (head.startswith(b"<?xml") and b"<html" in head):
        return "a web page (HTML)"
    return None


def detect_kind(data: bytes, filename: str, content_type: str | None, name: str) -> DocumentKind:
    ext = PurePath(filename).suffix.lower()
    mime_type = mime(content_type)
    claim = _claimed(ext, mime_type)

    # Readers accept a little junk before the header; only look past byte 0
    # when the name or type says PDF, so a note *about* PDFs stays text.
    if data.startswith(b"%PDF-") or (
        (ext in PDF_EXTENSIONS or mime_type in PDF_CONTENT_TYPES) and b"%PDF-" in data[:1024]
    ):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data, ext, mime_type, claim, name)
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_PACKAGE in data:
            raise msg.encrypted_docx(name)
        raise msg.convertible(name, "an old-format Office document (such as .doc)" if claim else None)
    for prefix, label in _CONVERTIBLE_MAGIC:
        if data.startswith(prefix):
            raise msg.convertible(name, label if claim else None)

    actual = sniff(data)
    if actual is not None:
        if claim is None:
            raise msg.unsupported(name)
        if not (claim[0] == "text" and actual == "a web page (HTML)"):  # HTML is text, too
            raise msg.wrong_type(name, actual, claim[1])

    # No magic we know: go by the name, then the content type.
    if ext in PDF_EXTENSIONS:
        raise msg.broken(name, "pdf")
    if ext in DOCX_EXTENSIONS:
        raise msg.broken(name, "docx")
    if ext in TEXT_EXTENSIONS:
        return "text"
    if ext in CONVERTIBLE_EXTENSIONS:
        raise msg.convertible(name)
    if mime_type in PDF_CONTENT_TYPES:
        raise msg.broken(name, "pdf")
    if mime_type in DOCX_CONTENT_TYPES:
        raise msg.broken(name, "docx")
    if mime_type in TEXT_CONTENT_TYPES:
        return "text"
    if not ext and mime_type is None and looks_like_utf8_text(data):
        return "text"  # e.g. a file called "cv" with text in it
    raise msg.unsupported(name)


def zip_entry_count(data: bytes) -> int | None:
    """Entries the zip's end record announces, read before the directory is parsed."""
    end_record = getattr(zipfile, "_EndRecData", None)
    if end_record is None:  # pragma: no cover - a future Python without it
        return None
    try:
        record = end_record(io.BytesIO(data))
    except (OSError, ValueError, EOFError):
        return None
    return None if record is None else record[zipfile._ECD_ENTRIES_TOTAL]


def _zip_kind(data: bytes, ext: str, mime_type: str | None, claim, name: str) -> DocumentKind:
    says_docx = ext in DOCX_EXTENSIONS or mime_type in DOCX_CONTENT_TYPES
    entries = zip_entry_count(data)
    if entries is not None and entries > MAX_ZIP_ENTRIES:
        if says_docx:
            raise msg.too_many_parts(name, entries)
        raise msg.unsupported(name) if claim is None else msg.wrong_type(name, "a ZIP archive", claim[1])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except NotImplementedError:  # "zip file version 9.9"
        if says_docx or claim is None:
            raise (msg.zip_unsupported(name) if says_docx else msg.unsupported(name)) from None
        raise msg.wrong_type(name, "a ZIP archive", claim[1]) from None
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        if says_docx:
            raise msg.broken(name, "docx") from None
        raise msg.unsupported(name) from None
    if "word/document.xml" in names:
        return "docx"
    if ext in CONVERTIBLE_EXTENSIONS:  # .odt is a zip too
        raise msg.convertible(name)
    if claim is None:
        raise msg.unsupported(name)
    actual = next((label for member, label in _ZIP_KINDS if member in names), "a ZIP archive")
    raise msg.wrong_type(name, actual, claim[1])
