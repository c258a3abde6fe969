"""The longest the event loop stalls while the Slack bot handles huge messages
(issue 10, point 2: no single input may block it for more than 50 ms).

    .venv/bin/python bench/event_loop_stall.py [--runs N]

Drives the real slack-bolt app over HTTP (the test harness: a loopback
Slack, signed requests, a real SQLite file, the worker pool) with a probe
task that wakes every 2 ms and records how late it woke. For each message,
prints the median over N runs of the worst lateness during its handling.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interview_core.documents import DocumentLimits, DocumentPool, DocumentReader, WorkerLimits  # noqa: E402
from tests.slack.harness import Harness, start_interview  # noqa: E402

MESSAGES = {
    "40,005-char combining-mark paste (Slack's maximum)": ("dm", "a" + "\u0301\u0316" * 20_002),
    "40,005-char combining-mark answer": ("thread", "a" + "\u0301\u0316" * 20_002),
    "80,000-char combining-mark answer": ("thread", "a" + "\u0316\u0301" * 40_000),
    "80,000-char plain answer": ("thread", "I led the migration of our payment services. " * 1778),
    "40,000-char pasted job description": ("dm", "JD: Ward manager. Lead a team of nurses. " * 975),
}

REPORT = "last answer, and the offline report on 8 long answers"


class Probe:
    """Wakes every `interval` s; `worst` is the latest it woke since the last reset."""

    def __init__(self, interval: float = 0.002) -> None:
        self.interval = interval
        self.worst = 0.0
        self._task: asyncio.Task | None = None

    async def _run(self) -> None:
        while True:
            start = time.perf_counter()
            await asyncio.sleep(self.interval)
            self.worst = max(self.worst, time.perf_counter() - start - self.interval)

    def __enter__(self) -> Probe:
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()


async def main(runs: int) -> None:
    pool = DocumentPool(WorkerLimits(workers=2))
    reader = DocumentReader(DocumentLimits(), pool)
    worst: dict[str, list[float]] = {name: [] for name in [*MESSAGES, REPORT]}
    try:
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as tmp:
                async with Harness(Path(tmp), reader=reader) as h:
                    thread = await start_interview(h)
                    for name, (where, text) in MESSAGES.items():
                        with Probe() as probe:
                            await h.message(text, thread=thread if where == "thread" else None)
                        worst[name].append(probe.worst)
                    long = "I led the migration of our payment services. " * 445  # 20,000 characters
                    while len(h.questions(thread)) < 8:
                        await h.message(long, thread=thread)
                    with Probe() as probe:
                        await h.message(long, thread=thread)  # the last answer: the report is written
                    assert h.texts(thread=thread)[-1].startswith("Your feedback report"), h.texts(thread=thread)[-1]
                    worst[REPORT].append(probe.worst)
    finally:
        reader.close()
    print(f"Worst event-loop stall while handling each message (median of {runs} runs):")
    for name, values in worst.items():
        print(f"  {name:52} {statistics.median(values) * 1000:6.1f} ms   (max {max(values) * 1000:.1f} ms)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    asyncio.run(main(parser.parse_args().runs))
