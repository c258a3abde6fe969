"""`DocumentReader`: the one way adapters read a CV or a job description.

    reader = DocumentReader(limits, DocumentPool(WorkerLimits()))
    doc = await reader.read(data, "cv.pdf", requester="slack:T1:U1")

With a pool (the bot, see bot/wiring.py), each parse runs in a worker
process with memory, CPU and wall-time limits (workers.py). Without one
(tests of other things, one-off tools) it runs in a thread of this process:
the same functions, the same answers, no isolation.

One parse per requester at a time: a user who uploads ten bombs at once
occupies one worker, not all of them, and everyone else's parse goes on.
Only `DocumentError` leaves, as from the functions themselves.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from interview_core.documents.model import Document, DocumentLimits
from interview_core.documents.jobs import Job
from interview_core.documents.pool import DocumentPool


class DocumentReader:
    def __init__(self, limits: DocumentLimits = DocumentLimits(), pool: DocumentPool | None = None) -> None:
        self.limits = limits
        self.pool = pool
        self._busy: dict[str, asyncio.Event] = {}

    @property
    def isolated(self) -> bool:
        """True when parses run in worker processes with limits."""
        return self.pool is not None

    async def read(
        self, data: bytes, filename: str, *, content_type: str | None = None, requester: str | None = None
    ) -> Document:
        """An uploaded file's text."""
        return await self._parse(Job("bytes", bytes(data), filename, content_type, self.limits), requester)

    async def read_file(self, path: str | Path, *, requester: str | None = None) -> Document:
        """A file on disk (the console): its size is checked before it is read."""
        return await self._parse(Job("path", str(path), Path(path).name, None, self.limits), requester)

    async def paste(self, text: str, *, requester: str | None = None) -> Document:
        """Text a user pasted into a message."""
        return await self._parse(Job("paste", text, None, None, self.limits), requester)

    async def _parse(self, job: Job, requester: str | None) -> Document:
        if requester is None:
            return await self._dispatch(job)
        while (running := self._busy.get(requester)) is not None:
            await running.wait()
        done = self._busy[requester] = asyncio.Event()
        try:
            return await self._dispatch(job)
        finally:
            del self._busy[requester]
            done.set()

    async def _dispatch(self, job: Job) -> Document:
        if self.pool is not None:
            return await asyncio.wrap_future(self.pool.submit(job))
        return await asyncio.to_thread(job.run)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()

