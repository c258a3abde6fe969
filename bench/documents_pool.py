"""Reading documents in worker processes (issue 10, point 1), measured.

    .venv/bin/python bench/documents_pool.py [--runs N]

Prints, with the default limits (2 workers, 512 MB, 10 s CPU, 20 s wall):
- the median time to read each real CV in this process and through the
  pool (the hop: a socket to a worker and back), over N runs;
- for each hostile file: the time until the user has their friendly
  sentence, the time another user's CV took when sent 0.1 s after it, and
  the peak resident set of this (the bot's) process meanwhile;
- how long a replacement worker takes to be ready.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interview_core.documents import (  # noqa: E402
    DocumentError,
    DocumentPool,
    DocumentReader,
    WorkerLimits,
    extract_document,
)
from tests import hostile_files as hostile  # noqa: E402
from tests.test_documents import make_pdf  # noqa: E402

CV_DIR = ROOT / "tests" / "fixtures" / "cv"
TEXT = "Jane Doe, staff nurse: triage, medication rounds and ward handovers, 2016-2024."


def _rss() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


class Peak:
    def __init__(self) -> None:
        self.value = _rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.005):
            self.value = max(self.value, _rss())

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.value


def _hostile() -> dict[str, tuple[bytes, str]]:
    pdf = make_pdf([TEXT])
    return {
        "PDF bomb (10 KB -> 4 GB, FlateDecode twice)": (hostile.pdf_bomb(), "cv.pdf"),
        "PDF CPU bomb (3M text operators)": (hostile.pdf_cpu_bomb(), "cv.pdf"),
        "lying .docx (200 MB declared 1 KB)": (hostile.lying_docx(200 * hostile.MB), "cv.docx"),
        "zip version 9.9 .docx": (hostile.with_zip_version(hostile.small_docx(TEXT)), "cv.docx"),
        "AES-256 user password": (hostile.aes_pdf(pdf, user="u", owner="o"), "cv.pdf"),
        "combining marks .txt 320 KB": (hostile.combining_marks(320 * 1024).encode(), "cv.txt"),
        "PNG renamed cv.pdf": (hostile.OTHER_TYPES["png"][0], "cv.pdf"),
        "invisible-only .txt": (hostile.invisible_text().encode(), "cv.txt"),
    }


async def _timed(awaitable) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        doc = await awaitable
        outcome = f"read: {doc.summary()}"
    except DocumentError as exc:
        outcome = exc.user_message
    return time.perf_counter() - start, outcome


async def main(runs: int) -> None:
    pool = DocumentPool(WorkerLimits())
    reader = DocumentReader(pool=pool)
    cvs = {p.name: p.read_bytes() for p in sorted(CV_DIR.glob("*.pdf"))}
    try:
        await reader.read(next(iter(cvs.values())), "cv.pdf")  # the workers are up
        print(f"Reading the real CVs, median of {runs} runs:")
        for name, data in cvs.items():
            here, there = [], []
            for _ in range(runs):
                start = time.perf_counter()
                extract_document(data, "cv.pdf")
                here.append(time.perf_counter() - start)
                start = time.perf_counter()
                await reader.read(data, "cv.pdf")
                there.append(time.perf_counter() - start)
            print(f"  {name:28} in process {statistics.median(here) * 1000:6.1f} ms   "
                  f"through the pool {statistics.median(there) * 1000:6.1f} ms")

        cv = next(iter(cvs.values()))
        print("\nHostile files through the pool, another user's CV sent 0.1 s after each:")
        for label, (data, name) in _hostile().items():
            peak = Peak()
            attack = asyncio.create_task(_timed(reader.read(data, name, requester="attacker")))
            await asyncio.sleep(0.1)
            other, _ = await _timed(reader.read(cv, "cv.pdf", requester="other"))
            took, outcome = await attack
            high = peak.stop()
            print(f"  {label:44} message in {took:5.2f} s   other CV in {other:5.2f} s   "
                  f"bot RSS peak {high / 2**20:4.0f} MB")
            print(f"    -> {outcome[:110]}")

        before = pool.replaced
        start = time.perf_counter()
        try:
            await reader.read(hostile.pdf_bomb(), "cv.pdf")
        except DocumentError:
            pass
        # Both workers now: the replaced one answers once its imports are done.
        await asyncio.gather(*(reader.read(cv, "cv.pdf") for _ in range(2)))
        print(f"\nA bomb, its worker replaced and both workers reading again: "
              f"{time.perf_counter() - start:.2f} s ({pool.replaced - before} replaced)")
    finally:
        reader.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    asyncio.run(main(parser.parse_args().runs))
