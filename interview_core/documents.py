"""Turn a CV or a job description into clean text.

Accepts PDF, Word (.docx), plain text / Markdown files, or pasted text, and
returns a `Document` whose `text` is ready to put in a prompt. Everything
that can go wrong raises `DocumentError`, whose `user_message` (also its
`str()`) is a friendly sentence that names the file and says what to do; its
`code` says what happened, for adapters and metrics.

    try:
        doc = extract_document(data, "cv.pdf")
    except DocumentError as e:
        reply(e.user_message)
    else:
        reply(f"CV: {doc.summary()}")   # "CV: 2 pages, 640 words"

Pure functions: no network, no platform libraries, nothing read but the
bytes (or the one file) given. Text comes out of PDFs via pypdfium2, which
keeps the words of tightly kerned LaTeX CVs apart and is fast; pypdf does the
structural checks, encryption and page count (see docs/pdf-extraction.md).
"""

from __future__ import annotations

import io
import re
import threading
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePath
from typing import Literal

__all__ = [
    "Document",
    "DocumentError",
    "DocumentErrorCode",
    "DocumentKind",
    "DocumentLimits",
    "extract_document",
    "extract_file",
    "from_pasted_text",
    "normalize_text",
]

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

# Fewer non-space characters than this across a whole PDF: no text layer.
MIN_PDF_TEXT_CHARS = 20

_MB = 1024 * 1024
# A .docx may unpack to at most this many times the upload limit, and at most
# this ratio of its packed size (Word's XML packs about 10:1; images not at all).
DOCX_UNPACKED_FACTOR = 4
DOCX_MAX_RATIO = 100


@dataclass(frozen=True, slots=True)
class DocumentLimits:
    """How much a user may send. Text past `max_chars` is cut off, not refused."""

    max_bytes: int = 10 * _MB
    max_pages: int = 50
    max_chars: int = 60_000


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


# --------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------


def extract_document(
    data: bytes,
    filename: str,
    *,
    content_type: str | None = None,
    limits: DocumentLimits = DocumentLimits(),
) -> Document:
    """Extract the text of an uploaded file.

    The type comes from the bytes first (%PDF-, a zip holding
    word/document.xml), then from the file name's extension, with
    `content_type` (e.g. a chat platform's MIME type) as a hint.
    """
    name = _display_name(filename)
    _check_size(len(data), name, limits)
    if not data.strip():
        raise _empty(name)

    kind = _detect_kind(data, filename, content_type, name)
    if kind == "pdf":
        text, pages = _pdf_text(data, name, limits)
    elif kind == "docx":
        text, pages = _docx_text(data, name, limits), None
    else:
        text, pages = _decode_text(data, name, content_type), None
        text = normalize_text(text)
        if not text:
            raise _empty(name)
    text, truncated = _truncate(text, limits.max_chars)
    return Document(text=text, kind=kind, pages=pages, filename=name, truncated=truncated)


def extract_file(path: str | Path, *, limits: DocumentLimits = DocumentLimits()) -> Document:
    """Extract the text of a file on disk; its size is checked before it is read."""
    path = Path(path)
    name = _display_name(path.name)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DocumentError(
            DocumentErrorCode.BROKEN,
            f"I can't find {_quote(name)}. Check the path and try again, or paste the text.",
            filename=name,
        ) from None
    except OSError as exc:
        raise DocumentError(
            DocumentErrorCode.BROKEN,
            f"I can't open {_quote(name)} ({exc.strerror or 'unreadable'}). "
            "Check the path and its permissions, or paste the text.",
            filename=name,
        ) from exc
    if path.is_dir():
        raise DocumentError(
            DocumentErrorCode.UNSUPPORTED_TYPE,
            f"{_subject(name)} is a folder, not a file. Give the path of your PDF, "
            "Word document (.docx) or text file.",
            filename=name,
        )
    _check_size(size, name, limits)
    try:
        # Read at most one byte past the limit, in case the file grew.
        with path.open("rb") as fh:
            data = fh.read(limits.max_bytes + 1)
    except OSError as exc:
        raise DocumentError(
            DocumentErrorCode.BROKEN,
            f"I can't open {_quote(name)} ({exc.strerror or 'unreadable'}). "
            "Check the path and its permissions, or paste the text.",
            filename=name,
        ) from exc
    return extract_document(data, path.name, limits=limits)


def from_pasted_text(text: str, *, limits: DocumentLimits = DocumentLimits()) -> Document:
    """Clean up text a user pasted into a message."""
    _check_size(len(text.encode("utf-8", "surrogatepass")), None, limits)
    clean = normalize_text(text)
    if not clean:
        raise DocumentError(
            DocumentErrorCode.EMPTY,
            "There's no text in what you pasted. Paste the text of the document, "
            "or send it as a PDF, a Word document (.docx) or a text file.",
        )
    clean, truncated = _truncate(clean, limits.max_chars)
    return Document(text=clean, kind="text", pages=None, filename=None, truncated=truncated)


# --------------------------------------------------------------------------
# Text clean-up
# --------------------------------------------------------------------------

# Control characters (C0 but tab/newline, DEL, C1), zero-width and BOM
# characters, replacement characters, private-use code points (icon fonts)
# and lone surrogates. ZWJ/ZWNJ stay: some scripts and emoji need them.
_JUNK = re.compile(
    "[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u200b\u2060\ufeff\ufffd"
    "\ue000-\uf8ff\ud800-\udfff\U000f0000-\U0010ffff]"
)
_SPACES = re.compile("[ \t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


def normalize_text(text: str) -> str:
    """Tidy extracted or pasted text without losing any letters.

    Unicode NFC; one kind of line end; control, zero-width and private-use
    characters removed; soft hyphens removed; runs of spaces and tabs (and
    other horizontal spaces) collapsed to one space; lines trimmed; at most
    one blank line in a row; no blank lines at either end.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\xad", "")
    lines: list[str] = []
    blank = True  # drops leading blank lines
    for raw in text.splitlines():  # \r\n, \r, \v, \f, \x1c-\x1e, \x85, \u2028, \u2029
        line = _SPACES.sub(" ", _JUNK.sub("", raw)).strip()
        if line:
            lines.append(line)
            blank = False
        elif not blank:
            lines.append("")
            blank = True
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def _clean_pdfium_text(text: str) -> str:
    """pypdfium2's quirks, before the general clean-up.

    LaTeX fonts map their hyphen glyph to U+00AD, so there a soft hyphen is a
    visible hyphen ("high\\xadimpact", "Sep. 2023 \\xad Mar. 2024"). PDFium
    itself marks a hyphen it removed at a line break with U+0002
    ("Con\\x02sul"): the word is already joined, drop the marker.
    """
    return text.replace("\x02", "").replace("\xad", "-")


def _truncate(text: str, max_chars: int) -> tuple[str, bool]:
    if len(text) <= max_chars:
        return text, False
    cut = text[:max_chars]
    # Prefer not to cut a word in half, if a break is near.
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space > 0 and space >= max_chars - 200:
        cut = cut[:space]
    return cut.rstrip(), True


# --------------------------------------------------------------------------
# Type detection
# --------------------------------------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .doc, and encrypted .docx
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"BM")


def _detect_kind(
    data: bytes, filename: str, content_type: str | None, name: str
) -> DocumentKind:
    ext = PurePath(filename).suffix.lower()
    mime = _mime(content_type)

    # Readers accept a little junk before the header; only look past byte 0
    # when the name or type says PDF, so a note *about* PDFs stays text.
    if data.startswith(b"%PDF-") or (
        (ext in PDF_EXTENSIONS or mime in PDF_CONTENT_TYPES) and b"%PDF-" in data[:1024]
    ):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                is_docx = "word/document.xml" in zf.namelist()
        except (zipfile.BadZipFile, ValueError, OSError):
            if ext in DOCX_EXTENSIONS or mime in DOCX_CONTENT_TYPES:
                raise _broken(name, "docx") from None
            raise _unsupported(name) from None
        if is_docx:
            return "docx"
        if ext in CONVERTIBLE_EXTENSIONS:  # .odt is a zip too
            raise _convertible(name)
        raise _unsupported(name)
    if data.startswith(_OLE_MAGIC):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
            raise DocumentError(
                DocumentErrorCode.ENCRYPTED,
                f"{_subject(name)} is password-protected. Remove the password (in Word: "
                "File > Info > Protect Document) and send it again, or paste the text.",
                filename=name,
            )
        raise _convertible(name)
    if data.startswith(_IMAGE_MAGIC):
        raise _unsupported(name)

    # No magic we know: go by the name, then the content type.
    if ext in PDF_EXTENSIONS:
        raise _broken(name, "pdf")
    if ext in DOCX_EXTENSIONS:
        raise _broken(name, "docx")
    if ext in TEXT_EXTENSIONS:
        return "text"
    if ext in CONVERTIBLE_EXTENSIONS:
        raise _convertible(name)
    if mime in PDF_CONTENT_TYPES:
        raise _broken(name, "pdf")
    if mime in DOCX_CONTENT_TYPES:
        raise _broken(name, "docx")
    if mime in TEXT_CONTENT_TYPES:
        return "text"
    if not ext and mime is None and _looks_like_utf8_text(data):
        return "text"  # e.g. a file called "cv" with text in it
    raise _unsupported(name)


def _mime(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def _charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"').lower()
    return None


def _looks_like_utf8_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not _JUNK.search(text)


# --------------------------------------------------------------------------
# Text files
# --------------------------------------------------------------------------

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _decode_text(data: bytes, name: str, content_type: str | None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    charset = _charset(content_type)
    if charset and charset.startswith(("utf-16", "utf-32")):
        try:
            return data.decode(charset)
        except (UnicodeDecodeError, LookupError):
            pass
    if b"\x00" in data:
        raise DocumentError(
            DocumentErrorCode.UNSUPPORTED_TYPE,
            f"{_subject(name)} doesn't look like a text file: it holds binary data. "
            "Send it as a PDF, a Word document (.docx) or a plain text file, "
            "or paste the text.",
            filename=name,
        )
    encodings = ["utf-8"]
    if charset and charset not in ("utf-8", "utf8", "us-ascii", "ascii"):
        encodings.append(charset)
    encodings.append("cp1252")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1")  # never fails


# --------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------

# PDFium must not be called from two threads at once, even for different
# documents; callers may well run us in a thread pool.
_PDFIUM_LOCK = threading.Lock()


def _pdf_text(data: bytes, name: str, limits: DocumentLimits) -> tuple[str, int]:
    from pypdf import PasswordType, PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                readable = reader.decrypt("") != PasswordType.NOT_DECRYPTED
            except Exception:  # e.g. an AES PDF and no crypto library: let PDFium judge
                readable = True
            if not readable:
                raise _encrypted_pdf(name)
        pages = len(reader.pages)
    except DocumentError:
        raise
    except Exception as exc:
        raise _broken(name, "pdf") from exc

    if pages == 0:
        raise _no_text_pdf(name)
    if pages > limits.max_pages:
        raise _too_many_pages(name, pages, limits.max_pages)

    import pypdfium2 as pdfium

    with _PDFIUM_LOCK:
        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if "password" in str(exc).lower():
                raise _encrypted_pdf(name) from exc
            raise _broken(name, "pdf") from exc
        try:
            pages = len(doc)
            if pages > limits.max_pages:
                raise _too_many_pages(name, pages, limits.max_pages)
            parts = []
            for index in range(pages):
                page = doc[index]
                try:
                    textpage = page.get_textpage()
                    try:
                        parts.append(textpage.get_text_bounded())
                    finally:
                        textpage.close()
                finally:
                    page.close()
        except pdfium.PdfiumError as exc:
            raise _broken(name, "pdf") from exc
        finally:
            doc.close()

    text = normalize_text("\n\n".join(_clean_pdfium_text(part) for part in parts))
    if sum(not ch.isspace() for ch in text) < MIN_PDF_TEXT_CHARS:
        raise _no_text_pdf(name)
    return text, pages


# --------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (
    _W + "p", _W + "tbl", _W + "tr", _W + "tc", _W + "sdt", _W + "sdtContent"
)
_TXBX = _W + "txbxContent"
_RUN_TEXT = {
    _W + "t": None,
    _W + "tab": "\t",
    _W + "br": "\n",
    _W + "cr": "\n",
    _W + "noBreakHyphen": "-",
}
# Inside a paragraph, don't descend into these: text boxes are read as blocks
# of their own, a Fallback repeats its Choice, deleted text isn't text.
_SKIP_IN_PARAGRAPH = frozenset({_TXBX, _MC_FALLBACK, _W + "del", _W + "instrText"})


def _docx_text(data: bytes, name: str, limits: DocumentLimits) -> str:
    # python-docx inflates every part in full, images included, so a zip bomb
    # (a tiny file that unpacks to gigabytes) is refused before it is opened.
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            unpacked = sum(i.file_size for i in zf.infolist())
            has_media = any(i.filename.startswith("word/media/") for i in zf.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _broken(name, "docx") from exc
    limit = DOCX_UNPACKED_FACTOR * limits.max_bytes
    if unpacked > limit or unpacked > DOCX_MAX_RATIO * max(len(data), 1) + _MB:
        raise DocumentError(
            DocumentErrorCode.TOO_LARGE,
            f"{_subject(name)} is too large once unpacked ({_format_size(unpacked)}; "
            f"the limit is {_format_size(limit)}). "
            "Send a shorter document without large images, or paste the text.",
            filename=name,
        )

    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        seen_headers: set[str] = set()
        for section in document.sections:
            # CV templates often put the name and contact details in a header.
            headers = [section.header]
            if section.different_first_page_header_footer:
                headers.insert(0, section.first_page_header)
            for header in headers:
                if header.is_linked_to_previous:
                    continue
                block = "\n".join(_block_lines(header._element))
                if block.strip() and block not in seen_headers:
                    seen_headers.add(block)
                    lines.append(block)
        lines.extend(_block_lines(document.element.body))
    except DocumentError:
        raise
    except Exception as exc:
        raise _broken(name, "docx") from exc

    text = normalize_text("\n".join(lines))
    if not text:
        if has_media:
            raise DocumentError(
                DocumentErrorCode.NO_TEXT,
                f"{_subject(name)} has no text I can read, only images. "
                "Open the original in your editor and export a text PDF or paste the text.",
                filename=name,
            )
        raise _empty(name)
    return text


def _block_lines(container) -> Iterator[str]:
    """Lines of a body, header, table cell or text box, in document order."""
    for child in container.iterchildren():
        tag = child.tag
        if tag == _P:
            yield _paragraph_text(child)
            for box in _text_boxes(child):
                yield from _block_lines(box)
        elif tag == _TBL:
            yield from _table_lines(child)
        elif tag in (_SDT, _SDT_CONTENT) or tag == _W + "customXml":
            # Content controls (common in Word templates) wrap ordinary blocks.
            yield from _block_lines(child)


def _table_lines(tbl) -> Iterator[str]:
    for tr in tbl.iterchildren(_TR):
        cells: list[list[str]] = []
        for tc in _row_cells(tr):
            cell = [line for line in _block_lines(tc) if line.strip()]
            if cell:
                cells.append(cell)
        if all(len(cell) == 1 and "\n" not in cell[0] for cell in cells):
            # A row of short cells reads best on one line: "2019 | Engineer, Acme".
            yield " | ".join(cell[0].strip() for cell in cells)
        else:
            # Layout tables hold whole sections in a cell: keep their lines.
            for cell in cells:
                yield from cell


def _row_cells(tr) -> Iterator:
    for child in tr.iterchildren():
        if child.tag == _TC:
            yield child
        elif child.tag in (_SDT, _W + "customXml"):
            content = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if content is not None:
                yield from content.iterchildren(_TC)


def _paragraph_text(p) -> str:
    parts: list[str] = []

    def walk(el) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP_IN_PARAGRAPH:
                continue
            if tag in _RUN_TEXT:
                replacement = _RUN_TEXT[tag]
                parts.append(child.text or "" if replacement is None else replacement)
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def _text_boxes(p) -> Iterator:
    """Text boxes anchored in a paragraph, skipping the legacy VML copies."""
    for box in p.iter(_TXBX):
        ancestor = box.getparent()
        nested = False
        while ancestor is not None and ancestor is not p:
            if ancestor.tag == _MC_FALLBACK or ancestor.tag == _TXBX:
                nested = True
                break
            ancestor = ancestor.getparent()
        if not nested:
            yield box


# --------------------------------------------------------------------------
# Errors and messages
# --------------------------------------------------------------------------

_ACCEPTED = "a PDF, a Word document (.docx) or a text file"


def _check_size(size: int, name: str | None, limits: DocumentLimits) -> None:
    if size <= limits.max_bytes:
        return
    subject = _subject(name) if name else "The text you pasted"
    raise DocumentError(
        DocumentErrorCode.TOO_LARGE,
        f"{subject} is {_format_size(size)}; the limit is {_format_size(limits.max_bytes)}. "
        + ("Send a smaller file (for example without images), or paste the text."
           if name else "Paste a shorter text, or send it as a file."),
        filename=name,
    )


def _unsupported(name: str) -> DocumentError:
    return DocumentError(
        DocumentErrorCode.UNSUPPORTED_TYPE,
        f"I can't read {_quote(name)}: send it as {_ACCEPTED}, or paste the text.",
        filename=name,
    )


def _convertible(name: str) -> DocumentError:
    return DocumentError(
        DocumentErrorCode.UNSUPPORTED_TYPE,
        f"I can't read {_quote(name)}: it's not a format I support. Save it as a PDF "
        "or a Word document (.docx) and send it again, or paste the text.",
        filename=name,
    )


def _broken(name: str, kind: Literal["pdf", "docx"]) -> DocumentError:
    again = "Export it again as a PDF" if kind == "pdf" else "Save it again as .docx (or as a PDF)"
    return DocumentError(
        DocumentErrorCode.BROKEN,
        f"{_subject(name)} looks damaged and can't be opened. {again}, or paste the text.",
        filename=name,
    )


def _encrypted_pdf(name: str) -> DocumentError:
    return DocumentError(
        DocumentErrorCode.ENCRYPTED,
        f"{_subject(name)} is password-protected. Remove the password (print it to a new "
        "PDF) and send it again, or paste the text.",
        filename=name,
    )


def _no_text_pdf(name: str) -> DocumentError:
    return DocumentError(
        DocumentErrorCode.NO_TEXT,
        f"{_subject(name)} has no text layer: it looks like a scanned image, which I can't "
        "read. Open the original in your editor (Word, Google Docs, LaTeX...), then "
        "export a text PDF or paste the text.",
        filename=name,
    )


def _too_many_pages(name: str, pages: int, limit: int) -> DocumentError:
    return DocumentError(
        DocumentErrorCode.TOO_MANY_PAGES,
        f"{_subject(name)} has {pages} pages; the limit is {limit}. Send just your CV or "
        "the job description, or paste the part that matters.",
        filename=name,
    )


def _empty(name: str) -> DocumentError:
    return DocumentError(
        DocumentErrorCode.EMPTY,
        f"{_subject(name)} is empty. Check that you sent the right file, or paste the text.",
        filename=name,
    )


def _display_name(filename: str | None) -> str:
    """The last path component, safe to put between backticks in chat."""
    if not filename:
        return "your file"
    name = re.split(r"[\\/]", filename)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).replace("`", "'").strip()
    if len(name) > 80:
        suffix = PurePath(name).suffix[:10]
        name = name[: 79 - len(suffix)] + "…" + suffix
    return name or "your file"


def _quote(name: str) -> str:
    """The name in backticks, for the middle of a sentence."""
    return name if name == "your file" else f"`{name}`"


def _subject(name: str) -> str:
    """The name in backticks, for the start of a sentence."""
    quoted = _quote(name)
    return quoted[:1].upper() + quoted[1:]


def _format_size(size: int) -> str:
    if size < 1024:
        return _plural(size, "byte")
    if size < _MB:
        return f"{_trim(size / 1024)} KB"
    return f"{_trim(size / _MB)} MB"


def _trim(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
