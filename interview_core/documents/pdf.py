"""PDF text, via pypdfium2; pypdf does the structural checks, encryption and page count.

pypdfium2 keeps the words of tightly kerned LaTeX CVs apart and is fast
(see docs/pdf-extraction.md). AES-encrypted PDFs need the `cryptography`
package for pypdf; without it, PDFium alone judges them.

pypdf reports what it repairs as WARNING log records ("incorrect startxref
pointer"); on a console those would be printed above our friendly sentence.
They go to this package's logger at DEBUG instead.
"""

from __future__ import annotations

import io
import logging
import threading

from interview_core.documents import messages as msg
from interview_core.documents.model import MIN_PDF_TEXT_CHARS, DocumentError, DocumentLimits
from interview_core.documents.text import clean_pdfium_text, normalize_text, visible_chars

log = logging.getLogger("interview_core.documents")

# PDFium must not be called from two threads at once, even for different
# documents: in-process callers (DocumentReader without a pool) use threads.
_PDFIUM_LOCK = threading.Lock()


class _LibraryLogToDebug(logging.Handler):
    """pypdf's records, whatever their level, re-logged as one short DEBUG line of ours."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = "".join(ch for ch in record.getMessage()[:200] if ch.isprintable())
            log.debug("%s %s: %s", record.name, record.levelname.lower(), text)
        except Exception:  # pragma: no cover - never let logging raise
            pass


def _route_pypdf_logs() -> None:
    library = logging.getLogger("pypdf")
    if not any(isinstance(h, _LibraryLogToDebug) for h in library.handlers):
        library.addHandler(_LibraryLogToDebug())
    library.propagate = False


_route_pypdf_logs()


def pdf_text(data: bytes, name: str, limits: DocumentLimits) -> tuple[str, int, bool]:
    """(clean text, pages, whether raw text was cut at `limits.max_raw_chars`)."""
    from pypdf import PasswordType, PdfReader

    pages: int | None = None
    try:
        reader = PdfReader(io.BytesIO(data))
        pypdf_can_read = True
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
            except Exception:  # e.g. AES and no crypto library: let PDFium judge
                pypdf_can_read = False
            else:
                if not opened:
                    raise msg.encrypted_pdf(name)
        if pypdf_can_read:
            pages = len(reader.pages)
    except DocumentError:
        raise
    except Exception as exc:
        raise msg.broken(name, "pdf") from exc

    if pages == 0:
        raise msg.no_text_pdf(name)
    if pages is not None and pages > limits.max_pages:
        raise msg.too_many_pages(name, pages, limits.max_pages)

    import pypdfium2 as pdfium

    # In the bot, this runs in a worker process (pool.py), one parse per worker, so the
    # lock is never contended there; it guards the in-process mode (tools, tests).
    parts: list[str] = []
    cut = False
    with _PDFIUM_LOCK:
        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if "password" in str(exc).lower():
                raise msg.encrypted_pdf(name) from exc
            raise msg.broken(name, "pdf") from exc
        try:
            pages = len(doc)
            if pages == 0:
                raise msg.no_text_pdf(name)
            if pages > limits.max_pages:
                raise msg.too_many_pages(name, pages, limits.max_pages)
            budget = limits.max_raw_chars
            for index in range(pages):
                if budget <= 0:
                    cut = True
                    break
                page = doc[index]
                try:
                    textpage = page.get_textpage()
                    try:
                        part = textpage.get_text_bounded()
                    finally:
                        textpage.close()
                finally:
                    page.close()
                if len(part) > budget:
                    parts.append(part[:budget])
                    cut = True
                    break
                parts.append(part)
                budget -= len(part) + 2
        except pdfium.PdfiumError as exc:
            raise msg.broken(name, "pdf") from exc
        finally:
            doc.close()

    text = normalize_text("\n\n".join(clean_pdfium_text(part) for part in parts))
    if visible_chars(text, MIN_PDF_TEXT_CHARS) < MIN_PDF_TEXT_CHARS:
        raise msg.no_text_pdf(name)
    return text, pages, cut
