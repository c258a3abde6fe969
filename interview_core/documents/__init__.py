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

The three entry points are the document boundary: no other exception leaves
them. One we did not foresee becomes a friendly sentence too, and is logged
once with the input's size and SHA-256, never its content.

Pure functions: no network, no platform libraries, nothing read but the
bytes (or the one file) given. Work is bounded by the input's size: raw text
is cut before it is cleaned up, clean-up is linear, a .docx is inflated with
a budget whatever its zip headers declare. Modules:

- `model`: `Document`, `DocumentLimits`, `DocumentError` and the limits;
- `detect`: what a file is, from its bytes, then its name;
- `text`: linear clean-up (`normalize_text`) and text files;
- `pdf`: PDF text (pypdfium2; pypdf for structure and encryption);
- `unzip` and `word`: a .docx's zip, read with a budget, and its text;
- `messages`: the friendly sentences;
- `reader`, `pool`, `jobs`, `worker_process`: `DocumentReader`, the async way
  adapters call all this, in worker processes with memory, CPU and time limits.
"""

from __future__ import annotations

import hashlib
import logging
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from interview_core.documents import messages as msg
from interview_core.documents.detect import detect_kind
from interview_core.documents.model import (
    CONVERTIBLE_EXTENSIONS,
    DOCX_CONTENT_TYPES,
    DOCX_EXTENSIONS,
    DOCX_MAX_RATIO,
    DOCX_UNPACKED_FACTOR,
    DOCX_XML_FACTOR,
    MIN_PDF_TEXT_CHARS,
    PDF_CONTENT_TYPES,
    PDF_EXTENSIONS,
    TEXT_CONTENT_TYPES,
    TEXT_EXTENSIONS,
    Document,
    DocumentError,
    DocumentErrorCode,
    DocumentKind,
    DocumentLimits,
)
from interview_core.documents.pool import DocumentPool, WorkerLimits
from interview_core.documents.reader import DocumentReader
from interview_core.documents.text import cap_raw, decode_text, nfc, normalize_text, truncate, visible_chars

__all__ = [
    "Document",
    "DocumentError",
    "DocumentErrorCode",
    "DocumentKind",
    "DocumentLimits",
    "DocumentPool",
    "DocumentReader",
    "WorkerLimits",
    "extract_document",
    "extract_file",
    "from_pasted_text",
    "nfc",
    "normalize_text",
]
__all__ += [  # the type tables adapters check before downloading
    "CONVERTIBLE_EXTENSIONS", "DOCX_CONTENT_TYPES", "DOCX_EXTENSIONS", "PDF_CONTENT_TYPES",
    "PDF_EXTENSIONS", "TEXT_CONTENT_TYPES", "TEXT_EXTENSIONS",
    "DOCX_MAX_RATIO", "DOCX_UNPACKED_FACTOR", "DOCX_XML_FACTOR", "MIN_PDF_TEXT_CHARS",
]

log = logging.getLogger("interview_core.documents")


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
    name = _safe_name(filename)
    with _boundary(name, data):
        return _extract(bytes(data), str(filename), content_type, limits, name)


def extract_file(path: str | Path, *, limits: DocumentLimits = DocumentLimits()) -> Document:
    """Extract the text of a file on disk; its size is checked before it is read."""
    path = Path(path)
    name = _safe_name(path.name)
    with _boundary(name, None):
        try:
            size = path.stat().st_size
            is_dir = path.is_dir()
        except FileNotFoundError:
            raise DocumentError(
                DocumentErrorCode.BROKEN,
                f"I can't find {msg._quote(name)}. Check the path and try again, or paste the text.",
                filename=name,
            ) from None
        except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
            raise _cant_open(name, exc) from None
        if is_dir:
            raise DocumentError(
                DocumentErrorCode.UNSUPPORTED_TYPE,
                f"{msg._subject(name)} is a folder, not a file. Give the path of your PDF, "
                "Word document (.docx) or text file.",
                filename=name,
            )
        msg.check_size(size, name, limits)
        try:
            # Read at most one byte past the limit, in case the file grew.
            with path.open("rb") as fh:
                data = fh.read(limits.max_bytes + 1)
        except OSError as exc:
            raise _cant_open(name, exc) from None
    return extract_document(data, path.name, limits=limits)


def from_pasted_text(text: str, *, limits: DocumentLimits = DocumentLimits()) -> Document:
    """Clean up text a user pasted into a message."""
    with _boundary(None, text):
        msg.check_size(len(text.encode("utf-8", "surrogatepass")), None, limits)
        raw, cut = cap_raw(text, limits.max_raw_chars)
        clean, truncated = truncate(normalize_text(raw), limits.max_chars)
        if not visible_chars(clean):  # after the cut: 70,000 invisible marks, then the CV
            raise msg.empty_paste()
        return Document(text=clean, kind="text", pages=None, filename=None, truncated=truncated or cut)


def _extract(
    data: bytes, filename: str, content_type: str | None, limits: DocumentLimits, name: str
) -> Document:
    msg.check_size(len(data), name, limits)
    if not data.strip():
        raise msg.empty(name)

    kind = detect_kind(data, filename, content_type, name)
    pages: int | None = None
    if kind == "pdf":
        from interview_core.documents.pdf import pdf_text

        text, pages, cut = pdf_text(data, name, limits)
    elif kind == "docx":
        from interview_core.documents.word import docx_text

        text, cut = docx_text(data, name, limits)
    else:
        raw, cut = cap_raw(decode_text(data, name, content_type), limits.max_raw_chars)
        text = normalize_text(raw)
    text, truncated = truncate(text, limits.max_chars)
    if not visible_chars(text):  # after the cut, which may have kept only invisible characters
        raise msg.empty(name)
    return Document(text=text, kind=kind, pages=pages, filename=name, truncated=truncated or cut)


# --------------------------------------------------------------------------
# The boundary
# --------------------------------------------------------------------------


@contextmanager
def _boundary(name: str | None, content: bytes | str | None) -> Iterator[None]:
    """Only `DocumentError` leaves: anything else becomes a friendly sentence, logged once."""
    try:
        yield
    except DocumentError:
        raise
    except (MemoryError, RecursionError) as exc:
        _log_failure(logging.WARNING, "too complex", exc, content)
        raise msg.too_complex(name) from None
    except Exception as exc:
        _log_failure(logging.ERROR, "unexpected", exc, content)
        raise msg.unexpected(name) from None


def _log_failure(level: int, what: str, exc: BaseException, content: bytes | str | None) -> None:
    """One line: the exception's type and where it was raised; never its message (it may
    quote the document), never the content, only its size and SHA-256."""
    try:
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogatepass")
        if content is None:
            described = "not read"
        else:
            described = f"{len(content)} bytes, sha256 {hashlib.sha256(content).hexdigest()}"
        frames = traceback.extract_tb(exc.__traceback__)[-3:]
        where = " < ".join(f"{Path(f.filename).name}:{f.lineno} in {f.name}" for f in reversed(frames))
        log.log(level, "Document %s: %s (%s) at %s", what, type(exc).__name__, described, where or "?")
    except Exception:  # pragma: no cover - the sentence to the user matters more
        pass


def _safe_name(filename: object) -> str:
    try:
        return msg.display_name(filename if isinstance(filename, str) else None)
    except Exception:  # pragma: no cover
        return "your file"


def _cant_open(name: str, exc: Exception) -> DocumentError:
    reason = getattr(exc, "strerror", None) or "unreadable"
    return DocumentError(
        DocumentErrorCode.BROKEN,
        f"I can't open {msg._quote(name)} ({reason}). "
        "Check the path and its permissions, or paste the text.",
        filename=name,
    )
