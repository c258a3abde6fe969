"""The friendly sentences: each names the file and says what to do next."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Literal

from interview_core.documents.model import MB, DocumentError, DocumentErrorCode, DocumentLimits, _plural

ACCEPTED = "a PDF, a Word document (.docx) or a text file"


def check_size(size: int, name: str | None, limits: DocumentLimits) -> None:
    if size <= limits.max_bytes:
        return
    subject = _subject(name) if name else "The text you pasted"
    raise DocumentError(
        DocumentErrorCode.TOO_LARGE,
        f"{subject} is {format_size(size)}; the limit is {format_size(limits.max_bytes)}. "
        + ("Send a smaller file (for example without images), or paste the text."
           if name else "Paste a shorter text, or send it as a file."),
        filename=name,
    )


def unsupported(name: str) -> DocumentError:
    return DocumentError(
        DocumentErrorCode.UNSUPPORTED_TYPE,
        f"I can't read {_quote(name)}: send it as {ACCEPTED}, or paste the text.",
        filename=name,
    )


def wrong_type(name: str, actual: str, claimed: str) -> DocumentError:
    """The name (or the platform's type) says one thing, the bytes another."""
    return DocumentError(
        DocumentErrorCode.UNSUPPORTED_TYPE,
        f"{_subject(name)} is {actual}, not {claimed}. Send the document as {ACCEPTED}, "
        "or paste the text.",
        filename=name,
    )


def convertible(name: str, actual: str | None = None) -> DocumentError:
    """A format people do send (old .doc, .odt, RTF...): say how to convert it."""
    start = (f"{_subject(name)} is {actual}, which I can't read" if actual
             else f"I can't read {_quote(name)}: it's not a format I support")
    return DocumentError(
        DocumentErrorCode.UNSUPPORTED_TYPE,
        f"{start}. Save it as a PDF or a Word document (.docx) and send it again, "
        "or paste the text.",
        filename=name,
    )


def broken(name: str, kind: Literal["pdf", "docx"]) -> DocumentError:
    again = "Export it again as a PDF" if kind == "pdf" else "Save it again as .docx (or as a PDF)"
    return DocumentError(
        DocumentErrorCode.BROKEN,
        f"{_subject(name)} looks damaged and can't be opened. {again}, or paste the text.",
        filename=name,
    )


def zip_unsupported(name: str) -> DocumentError:
    """A zip feature Python can't read, or won't (a newer zip version, bzip2, zip encryption)."""
    return DocumentError(
        DocumentErrorCode.UNSUPPORTED_TYPE,
        f"{_subject(name)} is packed in a way I can't read (a newer zip format, or zip "
        "encryption). Open it in Word and save it again as .docx (or as a PDF), or paste the text.",
        filename=name,
    )


def unpacked_too_large(name: str, size: int | None, limit: int) -> DocumentError:
    """`size` is None when inflating stopped at the limit (a zip's headers may lie)."""
    amount = f"{format_size(size)}; the limit is" if size is not None else "over the limit of"
    return DocumentError(
        DocumentErrorCode.TOO_LARGE,
        f"{_subject(name)} is too large once unpacked ({amount} {format_size(limit)}). "
        "Send a shorter document without large images, or paste the text.",
        filename=name,
    )


def too_many_parts(name: str, count: int) -> DocumentError:
    return DocumentError(
        DocumentErrorCode.TOO_COMPLEX,
        f"{_subject(name)} holds {count} files inside, far more than a Word document has. "
        "Save it again as .docx (or as a PDF), or paste the text.",
        filename=name,
    )


def encrypted_pdf(name: str) -> DocumentError:
    return DocumentError(
        DocumentErrorCode.ENCRYPTED,
        f"{_subject(name)} is password-protected. Remove the password (print it to a new "
        "PDF) and send it again, or paste the text.",
        filename=name,
    )


def encrypted_docx(name: str) -> DocumentError:
    return DocumentError(
        DocumentErrorCode.ENCRYPTED,
        f"{_subject(name)} is password-protected. Remove the password (in Word: "
        "File > Info > Protect Document) and send it again, or paste the text.",
        filename=name,
    )


def no_text_pdf(name: str) -> DocumentError:
    return DocumentError(
        DocumentErrorCode.NO_TEXT,
        f"{_subject(name)} has no text layer: it looks like a scanned image, which I can't "
        "read. Open the original in your editor (Word, Google Docs, LaTeX...), then "
        "export a text PDF or paste the text.",
        filename=name,
    )


def images_only_docx(name: str) -> DocumentError:
    return DocumentError(
        DocumentErrorCode.NO_TEXT,
        f"{_subject(name)} has no text I can read, only images. "
        "Open the original in your editor and export a text PDF or paste the text.",
        filename=name,
    )


def too_many_pages(name: str, pages: int, limit: int) -> DocumentError:
    return DocumentError(
        DocumentErrorCode.TOO_MANY_PAGES,
        f"{_subject(name)} has {pages} pages; the limit is {limit}. Send just your CV or "
        "the job description, or paste the part that matters.",
        filename=name,
    )


def empty(name: str) -> DocumentError:
    return DocumentError(
        DocumentErrorCode.EMPTY,
        f"{_subject(name)} is empty. Check that you sent the right file, or paste the text.",
        filename=name,
    )


def empty_paste() -> DocumentError:
    return DocumentError(
        DocumentErrorCode.EMPTY,
        "There's no text in what you pasted. Paste the text of the document, "
        "or send it as a PDF, a Word document (.docx) or a text file.",
    )


def too_complex(name: str | None) -> DocumentError:
    subject = _subject(name) if name else "The text you pasted"
    return DocumentError(
        DocumentErrorCode.TOO_COMPLEX,
        f"{subject} is too complex to read safely: export it again as a simple PDF, "
        "or paste the text.",
        filename=name,
    )


def unexpected(name: str | None) -> DocumentError:
    """A failure we did not foresee (it is logged, with the file's hash)."""
    if name is None:
        return DocumentError(
            DocumentErrorCode.BROKEN,
            "I couldn't read the text you pasted. Check it and paste it again, "
            "or send it as a PDF, a Word document (.docx) or a text file.",
        )
    return DocumentError(
        DocumentErrorCode.BROKEN,
        f"I couldn't read {_quote(name)}. Export it again as a PDF (or save it again as "
        ".docx) and send it, or paste the text.",
        filename=name,
    )


def display_name(filename: str | None) -> str:
    """The last path component, safe to put between backticks in chat."""
    if not filename:
        return "your file"
    name = re.split(r"[\\/]", filename[-1000:])[-1]
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


def format_size(size: int) -> str:
    """A file's size as every sentence about one says it: "900 bytes", "1.5 KB", "10 MB"
    (the adapters have it from interview_core.chat)."""
    if size < 1024:
        return _plural(size, "byte")
    if size < MB:
        return f"{_trim(size / 1024)} KB"
    return f"{_trim(size / MB)} MB"


def _trim(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text
