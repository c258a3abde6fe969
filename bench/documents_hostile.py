"""The hostile documents of issue 10 through interview_core.documents, timed.

    .venv/bin/python bench/documents_hostile.py [--runs N] [--only NAME ...]

For each case it prints the median wall time of N runs, the peak of memory
Python allocated during one run (tracemalloc; lxml and PDFium allocate
outside it), the largest resident set of a fresh process that ran it once
(VmHWM, including the ~60 MB of the interpreter, libraries and the
hostile file itself), and what
the user is told. The hostile files are built the way the tests build them
(tests/hostile_files.py); the two real CVs are the baseline.

Slow cases are capped at --budget seconds per case (the first run counts),
so an old, quadratic version finishes: its one run is what is printed.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interview_core.documents import DocumentError, extract_document, from_pasted_text  # noqa: E402
from tests import hostile_files as hostile  # noqa: E402
from tests.test_documents import make_pdf  # noqa: E402

CV_DIR = ROOT / "tests" / "fixtures" / "cv"
TEXT = "Jane Doe, Senior Python developer: payment services, 2019-2024."


def _cases() -> dict[str, tuple]:
    """name: (function, args) - built lazily, some take a second to build."""
    pdf = make_pdf([TEXT])
    return {
        "real CV resume.pdf (3 pages)": lambda: (extract_document, (CV_DIR.joinpath("awesome-cv-resume.pdf").read_bytes(), "cv.pdf")),
        "real CV cv.pdf (5 pages)": lambda: (extract_document, (CV_DIR.joinpath("awesome-cv-cv.pdf").read_bytes(), "cv.pdf")),
        "combining marks .txt 320 KB": lambda: (extract_document, (hostile.combining_marks(320 * 1024).encode(), "cv.txt")),
        "combining marks paste 40,005 chars": lambda: (from_pasted_text, ("a" + "\u0301\u0316" * 20_002,)),
        "combining marks paste 80,000 chars": lambda: (from_pasted_text, ("a" + "\u0316\u0301" * 40_000,)),
        "plain paste 40,000 chars": lambda: (from_pasted_text, ("Built payment services. " * 1667,)),
        "lying .docx 200 MB declared 1 KB": lambda: (extract_document, (hostile.lying_docx(200 * hostile.MB), "cv.docx")),
        "zip version 9.9 .docx": lambda: (extract_document, (hostile.with_zip_version(hostile.small_docx(TEXT)), "cv.docx")),
        "AES-256 owner password only": lambda: (extract_document, (hostile.aes_pdf(pdf, user="", owner="o"), "cv.pdf")),
        "AES-256 user password": lambda: (extract_document, (hostile.aes_pdf(pdf, user="u", owner="o"), "cv.pdf")),
        "PNG renamed cv.pdf": lambda: (extract_document, (hostile.OTHER_TYPES["png"][0], "cv.pdf")),
        "invisible-only .txt": lambda: (extract_document, (hostile.invisible_text().encode(), "cv.txt")),
        "PDF pypdf warns about": lambda: (extract_document, (hostile.with_wrong_xref(pdf), "cv.pdf")),
        ".docx header shared by 400 sections": lambda: (extract_document, (hostile.docx_shared_header(), "cv.docx")),
        "invisible marks then a CV (70,000 + 26)": lambda: (from_pasted_text, ("\u200e" * 70_000 + TEXT,)),
    }


def _outcome(function, args) -> str:
    try:
        result = function(*args)
    except DocumentError as exc:
        return f"{exc.code.value}: {exc.user_message[:70]}"
    except Exception as exc:  # what used to escape the boundary
        return f"ESCAPED {type(exc).__name__}"
    return f"read {len(result.text):,} chars{' (truncated)' if result.truncated else ''}"


def _once(name: str) -> dict:
    """One run in this (fresh) process: time, traced peak, max RSS, outcome."""
    function, args = _cases()[name]()
    tracemalloc.start()
    start = time.perf_counter()
    outcome = _outcome(function, args)
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"seconds": elapsed, "peak": peak, "rss": _max_rss(), "outcome": outcome}


def _max_rss() -> int:
    """This process's resident-set high-water mark. VmHWM, not ru_maxrss: Linux
    carries ru_maxrss over from the parent across fork and exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--budget", type=float, default=20.0, help="seconds of repeats per case")
    parser.add_argument("--only", nargs="*", help="case names (substrings)")
    parser.add_argument("--once", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.once:
        print(json.dumps(_once(args.once)))
        return 0

    cases = _cases()
    names = [n for n in cases if not args.only or any(o in n for o in args.only)]
    print(f"{'case':38} {'median ms':>10} {'runs':>4} {'peak MB':>8} {'RSS MB':>7}  outcome")
    for name in names:
        fresh = subprocess.run([sys.executable, __file__, "--once", name], capture_output=True, text=True)
        if fresh.returncode != 0:
            print(f"{name:38} failed: {fresh.stderr.strip().splitlines()[-1:]}")
            continue
        first = json.loads(fresh.stdout.strip().splitlines()[-1])
        function, fargs = cases[name]()
        times = []
        spent = first["seconds"]
        while len(times) < args.runs and spent < args.budget:
            start = time.perf_counter()
            _outcome(function, fargs)
            times.append(time.perf_counter() - start)
            spent += times[-1]
        median = statistics.median(times or [first["seconds"]])
        print(f"{name:38} {median * 1000:10.1f} {len(times) or 1:4} {first['peak'] / 2**20:8.1f} "
              f"{first['rss'] / 2**20:7.0f}  {first['outcome']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
