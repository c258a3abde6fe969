"""Documents are read in worker processes with hard limits, so a hostile file
kills only its worker.

A decompression bomb makes PDFium allocate gigabytes and then abort; a PDF of
millions of text operators keeps it busy for many seconds. Neither can be
stopped from inside the process that runs it, and PDFium can't run on two
threads at once. So each parse runs in one of a few long-lived worker
processes, each with

- an address-space limit (`RLIMIT_AS`): a bomb's allocation fails, and the
  worker raises MemoryError or aborts;
- a CPU-time limit per parse (`RLIMIT_CPU`, moved on before each job):
  the kernel ends a worker that computes too long;
- a wall-time limit, kept by the parent: a worker that has not answered in
  time is killed.

A worker that died, was killed, or ran out of memory is replaced; the user is
told the file is too complex to read safely; the other workers, and so every
other user's parse, carry on. A worker is also replaced after
`tasks_per_worker` parses, so nothing one file leaves behind accumulates.

A worker is `python -m interview_core.documents.worker_process`, started
with only PATH, PYTHONPATH and a locale in its environment (it holds no key
or token), speaking JSON and bytes over a socket pair (jobs.py: no pickle).
Parses are dispatched from a thread per worker, so the event loop never waits,
and a pool can be shared by event loops one after another (as tests do).
"""

from __future__ import annotations

import hashlib
import logging
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from interview_core.documents import messages as msg
from interview_core.documents.jobs import READY, Job, LogRecord, decode_result
from interview_core.documents.model import MB, Document, DocumentError, DocumentErrorCode

log = logging.getLogger("interview_core.documents")

# The directory that holds the interview_core package, for the worker's PYTHONPATH.
_SOURCE_ROOT = str(Path(__file__).resolve().parents[2])
MAX_RESULT_BYTES = 16 * MB  # a result is at most max_chars of text; anything larger is a lie


@dataclass(frozen=True, slots=True)
class WorkerLimits:
    """How many workers, and what each parse may use (settings DOCUMENT_*)."""

    workers: int = 2
    memory_mb: int = 512
    cpu_seconds: float = 10.0
    wall_seconds: float = 20.0
    tasks_per_worker: int = 200


class _Gone(Exception):
    """The worker died, was killed, or did not answer in time."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


class _Worker:
    """One worker process and our end of its socket."""

    def __init__(self, limits: WorkerLimits) -> None:
        ours, theirs = socket.socketpair()
        env = {"PYTHONPATH": _SOURCE_ROOT, "PATH": os.environ.get("PATH", ""), "LC_ALL": "C.UTF-8",
               "PYTHONDONTWRITEBYTECODE": "1"}
        argv = [sys.executable, "-s", "-m", "interview_core.documents.worker_process",
                str(theirs.fileno()), str(limits.memory_mb * MB), str(limits.cpu_seconds),
                str(log.getEffectiveLevel())]
        try:
            self.process = subprocess.Popen(argv, env=env, pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                                            close_fds=True)
        finally:
            theirs.close()
        self.conn = Connection(ours.detach())
        self.tasks = 0
        self.started = False  # the worker says READY once its imports are done

    def exchange(self, job: Job, wall: float) -> tuple[Document | DocumentError, list[LogRecord]]:
        self.tasks += 1
        try:
            if not self.started:
                # A new worker's start (Python and the parsers' imports, seconds on a busy
                # machine) is not the parse's time: the wall limit starts after it.
                if not self.conn.poll(STARTUP_SECONDS) or self.conn.recv_bytes(16) != READY:
                    raise _Gone(f"it did not start in {STARTUP_SECONDS:g} s")
                self.started = True
            self.conn.send_bytes(job.header())
            self.conn.send_bytes(job.payload_bytes())
            if not self.conn.poll(wall):
                raise _Gone(f"no answer in {wall:g} s")
            raw = self.conn.recv_bytes(MAX_RESULT_BYTES)
        except (EOFError, OSError) as exc:
            try:
                self.process.wait(1.0)
            except subprocess.TimeoutExpired:
                pass
            raise _Gone(_exit_reason(self.process.poll())) from exc
        try:
            return decode_result(raw)
        except (ValueError, KeyError, TypeError) as exc:
            raise _Gone("it answered nonsense") from exc

    def stop(self, *, kill: bool) -> None:
        try:
            if kill:
                self.process.kill()
            self.conn.close()  # the worker reads EOF and exits
            try:
                self.process.wait(2.0)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(2.0)
        except Exception:  # noqa: BLE001 - it is being thrown away either way
            pass


STARTUP_SECONDS = 60.0


def _exit_reason(code: int | None) -> str:
    if code is None:
        return "it stopped answering"
    if code < 0:
        try:
            return f"ended by {signal.Signals(-code).name}"
        except ValueError:
            return f"ended by signal {-code}"
    return f"exited with status {code}"


class DocumentPool:
    """A few worker processes; `run` parses one job in one of them."""

    def __init__(self, limits: WorkerLimits = WorkerLimits()) -> None:
        if limits.workers < 1:
            raise ValueError("a document pool needs at least one worker")
        self.limits = limits
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._threads = ThreadPoolExecutor(max_workers=limits.workers, thread_name_prefix="document")
        self._closed = False
        self._lock = threading.Lock()
        self.replaced = 0  # workers replaced after dying or being killed (for tests and metrics)
        for _ in range(limits.workers):
            self._idle.put(_Worker(limits))

    def submit(self, job: Job) -> Future[Document]:
        """The parse, run from a thread of ours; at most `workers` at once, the rest queue."""
        if self._closed:
            raise RuntimeError("the document pool is closed")
        return self._threads.submit(self._run, job)

    def _run(self, job: Job) -> Document:
        worker = self._idle.get()  # never waits: one thread per worker
        retire = kill = False
        try:
            result, records = worker.exchange(job, self.limits.wall_seconds)
        except _Gone as gone:
            retire = kill = True
            _log_gone(gone.why, job)
            raise msg.too_complex(job.name) from None
        else:
            # Out of memory, caught in the worker: its heap may be left fragmented.
            too_complex = isinstance(result, DocumentError) and result.code == DocumentErrorCode.TOO_COMPLEX
            retire = too_complex or worker.tasks >= self.limits.tasks_per_worker
        finally:
            if retire:
                worker.stop(kill=kill)
                worker = self._replacement()
            if worker is not None:
                self._idle.put(worker)
        _relog(records)
        if isinstance(result, DocumentError):
            raise result
        return result

    def _replacement(self) -> _Worker | None:
        with self._lock:
            if self._closed:
                return None
            self.replaced += 1
            return _Worker(self.limits)

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._threads.shutdown(wait=False, cancel_futures=True)
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            worker.stop(kill=False)

    def pids(self) -> list[int]:
        """The idle workers' process ids (for tests: the pool replaces what dies)."""
        return [w.process.pid for w in list(self._idle.queue)]


def _relog(records: list[LogRecord]) -> None:
    """The worker's log records, as if logged here (the parent's handlers and levels apply)."""
    for name, level, text in records:
        logger = logging.getLogger(name)
        if logger.isEnabledFor(level):
            logger.log(level, "%s", text)


def _log_gone(why: str, job: Job) -> None:
    """One line, with the input's size and hash, never its content or its name."""
    payload = job.payload
    if job.kind == "path":
        try:
            size = f"{Path(str(payload)).stat().st_size} bytes"
        except OSError:
            size = "a file"
        described = f"{size} on disk"
    else:
        raw = payload if isinstance(payload, bytes) else payload.encode("utf-8", "surrogatepass")
        described = f"{len(raw)} bytes, sha256 {hashlib.sha256(raw).hexdigest()}"
    # INFO, not WARNING: the bots log it at their default level, and the console (which
    # shows warnings only) prints the friendly sentence alone, not this line above it.
    log.info("Document worker gone (%s) reading %s: replaced; the user was told it is too complex",
                why, described)
