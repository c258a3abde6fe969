"""Replays and retries: what Slack (or a proxy, or a double click) delivers twice
is done once.

- An event whose `event_id` was already handled (Slack's retry, with
  X-Slack-Retry-Num, or any redelivery) is acknowledged and dropped.
- A command whose `trigger_id` was already seen is the same invocation again
  (Slack gives each one its own): acknowledged, not run again.
- `/interview start` with the same text, from the same user in the same channel,
  while the first is running or within `window` seconds of its start or end, is
  a double submit: it starts nothing
  and is answered with a pointer to the interview the first one started. If the
  first started none (no CV yet, an error), the second is run afresh.

Everything is held in bounded maps whose entries expire.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from slack_bolt.response import BoltResponse

from adapters.slack import render
from interview_core.models import Interview, Owner

log = logging.getLogger(__name__)

V = TypeVar("V")

WINDOW = 10.0  # seconds: the same /interview start again within this is a double submit
TRIGGER_TTL = 6 * 60.0  # a signed request is replayable for 5 minutes (plus clock skew)
EVENT_TTL = 60 * 60.0  # Slack retries an event three times, over a few minutes
POINTER_WAIT = 60.0  # how long a replay waits for the first start to finish


class Recent(Generic[V]):
    """At most `size` keys, each forgotten `ttl` seconds after it was added."""

    def __init__(self, *, size: int, ttl: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._items: OrderedDict[str, tuple[float, V]] = OrderedDict()
        self.size = size
        self.ttl = ttl
        self.clock = clock

    def _prune(self, now: float) -> None:
        while self._items:
            key, (added, _) = next(iter(self._items.items()))
            if now - added <= self.ttl and len(self._items) <= self.size:
                break
            del self._items[key]

    def get(self, key: str) -> V | None:
        self._prune(self.clock())
        item = self._items.get(key)
        return item[1] if item is not None else None

    def claim(self, key: str, value: V) -> V | None:
        """The live value under `key` if there is one; else store `value` and return None."""
        found = self.get(key)
        if found is not None:
            return found
        self.put(key, value)
        return None

    def put(self, key: str, value: V) -> None:
        self._items.pop(key, None)
        self._items[key] = (self.clock(), value)
        self._prune(self.clock())

    def __len__(self) -> int:
        self._prune(self.clock())
        return len(self._items)


@dataclass(eq=False)
class _Start:
    """One /interview start that is running, or ran: replays wait for it."""

    trigger: str | None
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    done: asyncio.Event = field(default_factory=asyncio.Event)
    interview: Interview | None = None


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


class Replays:
    def __init__(self, *, window: float = WINDOW, size: int = 5000) -> None:
        self.window = window
        self.clock: Callable[[], float] = time.monotonic

        def now() -> float:  # read at each call: tests move the clock
            return self.clock()

        self._events: Recent[bool] = Recent(size=size, ttl=EVENT_TTL, clock=now)
        self._triggers: Recent[_Start | bool] = Recent(size=size, ttl=TRIGGER_TTL, clock=now)
        self._starts: Recent[_Start] = Recent(size=size, ttl=window, clock=now)
        self._running: dict[str, _Start] = {}  # however long a start takes, by fingerprint

    # -- events ---------------------------------------------------------------

    async def skip_handled_events(self, body: dict, next: Callable[[], Awaitable[None]]) -> BoltResponse | None:
        """Global bolt middleware: an event already handled is acknowledged and dropped."""
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if isinstance(event_id, str) and event_id and self._events.claim(event_id, True) is not None:
            log.info("Slack event delivered again: acknowledged, not handled twice")
            return BoltResponse(status=200, body="")
        await next()
        return None

    # -- commands -------------------------------------------------------------

    def replayed(self, trigger: Any) -> bool:
        """True if this command invocation (its trigger id) was seen before."""
        if not isinstance(trigger, str) or not trigger:
            return False
        return self._triggers.claim(trigger, True) is not None

    def _claim(self, trigger: str | None, fingerprint: str) -> tuple[_Start, bool]:
        """(the start to wait for, False), or (a new one, True) for this caller to run."""
        seen = self._triggers.get(trigger) if trigger else None
        record = seen if isinstance(seen, _Start) else (
            self._running.get(fingerprint) or self._starts.get(fingerprint)
        )
        if record is not None:
            failed = record.done.is_set() and record.interview is None
            if not failed or (trigger is not None and record.trigger == trigger):
                return record, False
        record = _Start(trigger)
        if trigger:
            self._triggers.put(trigger, record)
        self._starts.put(fingerprint, record)
        self._running[fingerprint] = record
        return record, True

    async def start(
        self,
        service: Any,
        owner: Owner,
        where: str,
        text: str,
        trigger: Any,
        run: Callable[[], Awaitable[None]],
        point: Callable[[Interview | None], Awaitable[None]],
    ) -> None:
        """Run `run` once for an /interview start; a replay of it gets `point(interview)`
        instead (None: the first is still being set up). `where` is the channel, or
        "modal"; `text` what was typed (or the modal's title and company)."""
        trigger = trigger if isinstance(trigger, str) and trigger else None
        fingerprint = "\x1f".join((owner.workspace, owner.user, where, _words(text)))
        key = f"slack:{trigger}" if trigger else None
        if key is not None and self._triggers.get(trigger) is None:  # type: ignore[arg-type]
            # Not in this process's memory: the database remembers across restarts.
            claim = await service.claim_start(owner, key)
            if not claim.first:
                log.info("a replayed /interview start (seen before a restart) started nothing")
                if claim.interview is not None or claim.running:
                    await point(claim.interview)
                return
        while True:
            record, mine = self._claim(trigger, fingerprint)
            if mine:
                try:
                    await self._run(service, owner, record, run)
                    if key is not None:
                        await service.settle_start(key, record.interview.id if record.interview else None)
                finally:
                    if self._running.get(fingerprint) is record:
                        del self._running[fingerprint]
                        self._starts.put(fingerprint, record)  # the window runs from its end too
                return
            try:
                await asyncio.wait_for(record.done.wait(), POINTER_WAIT)
            except TimeoutError:
                await point(None)
                return
            if record.interview is not None:
                log.info("a repeated /interview start was answered with a pointer")
                await point(record.interview)
                return
            if trigger is not None and record.trigger == trigger:
                return  # the very same invocation, which started nothing: nothing to add
            # The first started nothing (no CV yet, an error): this one is tried afresh.

    async def _run(self, service: Any, owner: Owner, record: _Start,
                   run: Callable[[], Awaitable[None]]) -> None:
        cancelled = False
        try:
            await run()
        except asyncio.CancelledError:
            cancelled = True
            raise
        finally:
            if not cancelled:
                record.interview = await self._made(service, owner, record)
            record.done.set()

    async def _made(self, service: Any, owner: Owner, record: _Start) -> Interview | None:
        """The interview this start created, if it created one."""
        try:
            latest = await service.history(owner, limit=1)
        except Exception as exc:  # noqa: BLE001 -- the start's own outcome is what counts
            log.info("could not look up the interview a start made: %s", type(exc).__name__)
            return None
        interview = latest[0].interview if latest else None
        if interview is not None and interview.created_at >= record.started_at:
            return interview
        return None


def pointer_text(interview: Interview | None, link: str | None) -> str:
    if interview is None:
        return render.TEXTS.being_set_up
    where = f"<{link}|this thread>" if link else "our DM"
    return render.TEXTS.already_started(f"in {where} (*{render.title_of(interview.title, interview.company)}*)")


class Seen:
    """A bounded set of keys already handled (event ids, message ts, file ids)."""

    def __init__(self, size: int = 5000) -> None:
        self._keys: OrderedDict[str, None] = OrderedDict()
        self._size = size

    def first(self, key: str) -> bool:
        """True the first time a key is offered."""
        if key in self._keys:
            return False
        self._keys[key] = None
        while len(self._keys) > self._size:
            self._keys.popitem(last=False)
        return True
