"""The tasks handling an interaction or a message right now, so that closing
the bot stops them first: their answers are stored already, and
`/interview resume` continues."""

from __future__ import annotations

import asyncio
from typing import Any


class InFlight:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def track(self) -> None:
        """Count the current task in until it is done."""
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def cancel(self, timeout: float = 10) -> None:
        """Cancel every tracked task but the caller's, and wait up to `timeout` for them."""
        current = asyncio.current_task()
        pending = [t for t in self._tasks if t is not current and not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=timeout)
