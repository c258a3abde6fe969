"""A hostile upload in Slack, with the bot's real worker pool: the attacker is told
the file is too complex, another user's CV is read while the bomb is still
being read, and the bot's own process never holds the bomb (its RSS grows by
less than 100 MB during the attack; bench/documents_pool.py measures a fresh
bot process: 78 MB throughout)."""

from __future__ import annotations

import threading
from pathlib import Path

from interview_core.documents import DocumentLimits, DocumentPool, DocumentReader, WorkerLimits
from tests import hostile_files as hostile
from tests.slack.harness import Harness, fixture

CV = (Path(__file__).parent.parent / "fixtures" / "cv" / "awesome-cv-resume.pdf").read_bytes()
MB = 1024 * 1024


def _rss() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


class RssSampler:
    """This process's resident set, every 10 ms, from a thread (the loop may be busy).
    The test runs in pytest's process, which holds whatever earlier tests left: what
    counts is how much the attack adds (the bombs alone would add gigabytes)."""

    def __init__(self) -> None:
        self.start = _rss()
        self.peak = self.start
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, _rss())

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


async def _upload(h: Harness, user: str, channel: str, file_id: str, name: str, data: bytes) -> None:
    info = h.fake.add_file(file_id, name, data, mimetype="application/pdf")
    event = fixture("event_file_share.json")["event"] | {
        "text": "my CV", "user": user, "channel": channel, "ts": h.next_ts(), "files": [info],
    }
    event["event_ts"] = event["ts"]
    await h.deliver("events_api", h.event_body("event_file_share.json", event), settle=False)


async def test_bombs_in_slack_take_down_only_their_worker(tmp_path: Path) -> None:
    # CPU limit high and wall limit at 4 s, so the CPU bomb is still running when the CV is read.
    pool = DocumentPool(WorkerLimits(workers=2, memory_mb=512, cpu_seconds=60, wall_seconds=4))
    reader = DocumentReader(DocumentLimits(max_bytes=2 * MB), pool)
    try:
        bomb, cpu_bomb = hostile.pdf_bomb(), hostile.pdf_cpu_bomb()  # built before measuring
        async with Harness(tmp_path, reader=reader) as h:
            with RssSampler() as rss:
                await _upload(h, "UATTACK", "DUATTACK", "F0BOMB1", "cv.pdf", bomb)
                await _upload(h, "UATTACK", "DUATTACK", "F0BOMB2", "resume.pdf", cpu_bomb)
                await _upload(h, "UOTHER", "DUOTHER", "F0CV", "cv.pdf", CV)
                await h.settle()
            posts = [(p["channel"], str(p.get("text", ""))) for p in h.fake.posts()]
            other = [text for channel, text in posts if channel == "DUOTHER"]
            attacker = [text for channel, text in posts if channel == "DUATTACK"]
            assert any(text.startswith("CV: ") for text in other), other
            complex_ = [t for t in attacker if "too complex to read safely" in t]
            assert len(complex_) == 2, attacker
            assert "`resume.pdf`" in complex_[-1] or "resume.pdf" in complex_[-1]
            # The other user's CV was answered before the attacker's second bomb was given up on.
            order = [channel for channel, text in posts if channel == "DUOTHER" or "too complex" in text]
            assert order.index("DUOTHER") < len(order) - 1, order
            assert pool.replaced == 2
            assert rss.peak - rss.start < 100 * MB, (rss.start, rss.peak)
            # The bot goes on: the attacker can still send a real CV.
            await _upload(h, "UATTACK", "DUATTACK", "F0REAL", "cv.pdf", CV)
            await h.settle()
            assert h.texts("DUATTACK")[-1].startswith("CV: ")
    finally:
        reader.close()
