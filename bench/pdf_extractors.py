"""Compare PDF text extractors on the real CV fixtures.

    .venv/bin/python bench/pdf_extractors.py [--runs N] [PDF ...]

For every extractor and file it prints the median wall time of N runs
(opening the PDF from bytes, extracting every page, closing it), the word
count (whitespace-separated tokens) and the number of "run-on" words: runs of
18 or more consecutive letters, which in these CVs only happen when an
extractor glues words together ("DesignedTerraformmodulesto..."); the longest
real word in them, "infrastructures", has 15.

pypdf and pypdfium2 are project dependencies; pdfminer.six and PyMuPDF are
measured when installed and skipped otherwise. The last row is the whole of
interview_core.documents.extract_document (pypdf's encryption and structure
checks, pypdfium2's text, clean-up). Results are written up in
docs/pdf-extraction.md.
"""

from __future__ import annotations

import argparse
import io
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILES = sorted((ROOT / "tests" / "fixtures" / "cv").glob("*.pdf"))
RUN_ON = re.compile(r"[^\W\d_]{18,}")


def pypdf_plain(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pypdf_layout(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text(extraction_mode="layout") or "" for page in reader.pages)


def pdfminer_six(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))


def pymupdf(data: bytes) -> str:
    import pymupdf as fitz

    with fitz.open(stream=data, filetype="pdf") as doc:
        return "\n".join(page.get_text() for page in doc)


def pypdfium2(data: bytes) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        parts = []
        for index in range(len(doc)):
            page = doc[index]
            textpage = page.get_textpage()
            parts.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
        return "\n".join(parts)
    finally:
        doc.close()


def interview_core_documents(data: bytes) -> str:
    """What the bot runs: pypdf checks, pypdfium2 text, clean-up."""
    sys.path.insert(0, str(ROOT))
    from interview_core.documents import extract_document

    return extract_document(data, "cv.pdf").text


EXTRACTORS: dict[str, tuple[str, Callable[[bytes], str]]] = {
    "pypdf": ("pypdf", pypdf_plain),
    "pypdf (layout)": ("pypdf", pypdf_layout),
    "pdfminer.six": ("pdfminer", pdfminer_six),
    "pymupdf": ("pymupdf", pymupdf),
    "pypdfium2": ("pypdfium2", pypdfium2),
    "documents.extract_document": ("pypdfium2", interview_core_documents),
}


def available(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def measure(extract: Callable[[bytes], str], data: bytes, runs: int) -> tuple[float, str]:
    text = extract(data)  # warm-up: imports, font caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        text = extract(data)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    if not args.files:
        parser.error("no PDF files given and none found in tests/fixtures/cv/")

    rows = []
    for name, (module, extract) in EXTRACTORS.items():
        if not available(module):
            print(f"skipping {name}: {module} is not installed", file=sys.stderr)
            continue
        for path in args.files:
            ms, text = measure(extract, path.read_bytes(), args.runs)
            tokens = text.split()
            run_ons = len(RUN_ON.findall(text))
            rows.append((name, path.name, f"{ms:.1f}", str(len(tokens)), str(run_ons)))

    header = ("extractor", "file", "ms", "words", "run-on words (18+ letters)")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    print("| " + " | ".join("-" * w for w in widths) + " |")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
