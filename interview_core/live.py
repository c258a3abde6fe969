"""Interviews in play in this process, and one lock per interview.

A turn then costs two statements (store the answer, store the question) instead of
also re-reading the interview and its history. Safe across processes: an
interview's title, CV and JD never change, and messages are append-only with dense
seq numbers, so a cached history is current exactly when the new message's seq
follows its last one; otherwise it is re-read (`refresh`).
"""

from __future__ import annotations

import asyncio
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from interview_core.models import ConversationRef, Interview, Message
from interview_core.storage import InterviewStore

ThreadKey = tuple[str, str, str]


@dataclass(slots=True)
class Live:
    """An interview in play and its messages, as last seen by this process."""

    interview: Interview
    messages: list[Message]
    # Set when an addition was stored to an answer not in `messages` yet (its writer
    # is waiting for the COMMIT): that writer re-reads the history instead of
    # appending the answer as it stored it.
    stale: bool = False


def _thread_key(ref: ConversationRef) -> ThreadKey | None:
    return None if ref.thread is None else (ref.platform, ref.workspace, ref.thread)


class LiveInterviews:
    """At most `size` interviews (an interview's CV and JD are ~8 KB): past it, each turn
    re-reads its interview and history (at 10,000 interviews with 2,048 slots, every
    turn missed: 106 s against 51 s). A finished interview leaves at once (`drop`)."""

    def __init__(self, store: InterviewStore, size: int = 16_384) -> None:
        self.store = store
        self.size = size
        self._live: OrderedDict[ThreadKey, Live] = OrderedDict()
        # One lock per live interview serialises its turns in this process; the
        # schema's unique seq keeps other processes honest. Weak values let a
        # lock vanish once no turn is using it.
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    def remember(self, interview: Interview, messages: list[Message]) -> Live:
        live = Live(interview, messages)
        key = _thread_key(interview.ref)
        if key is not None:
            self._live[key] = live
            self._live.move_to_end(key)
            while len(self._live) > self.size:
                self._live.popitem(last=False)
        return live

    def drop(self, interview: Interview) -> None:
        key = _thread_key(interview.ref)
        if key is not None:
            self._live.pop(key, None)

    def forget(self, predicate: Callable[[Interview], bool]) -> None:
        for key in [k for k, live in self._live.items() if predicate(live.interview)]:
            del self._live[key]

    async def in_thread(self, ref: ConversationRef) -> Live | None:
        key = _thread_key(ref)
        if key is not None and (live := self._live.get(key)) is not None:
            self._live.move_to_end(key)
            return live
        interview = await self.store.find_by_thread(ref)
        if interview is None:
            return None
        return self.remember(interview, await self.store.messages(interview.id))

    async def refresh(self, live: Live) -> list[Message]:
        live.stale = False
        live.messages[:] = await self.store.messages(live.interview.id)
        return live.messages

    def lock(self, interview_id: int) -> asyncio.Lock:
        lock = self._locks.get(interview_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[interview_id] = lock
        return lock

    def __len__(self) -> int:
        return len(self._live)
