"""The document worker: `python -m interview_core.documents.worker_process FD MEMORY CPU LEVEL`.

Started by pool.py with a minimal environment (no API keys or tokens: a
worker reads hostile files). It limits its own address space, then reads
jobs from the socket FD one at a time, each with a CPU-time limit, and
answers each with its result and the log records it made.
"""

from __future__ import annotations

import logging
import signal
import sys
from multiprocessing.connection import Connection

from interview_core.documents.jobs import READY, Job, LogRecord, encode_result
from interview_core.documents.model import Document, DocumentError

try:  # POSIX only: elsewhere a worker still isolates crashes, without the limits
    import resource
except ImportError:  # pragma: no cover
    resource = None  # type: ignore[assignment]

MAX_JOB_BYTES = 256 * 1024 * 1024  # far above any upload limit; a bound on what is read


class _Collect(logging.Handler):
    """The job's log records, sent back with its result (this process has no other handler)."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.records.append((record.name, record.levelno, record.getMessage()))
        except Exception:  # pragma: no cover - never let logging raise
            pass


def limit_cpu(seconds: float) -> None:
    """The kernel sends SIGXCPU (which ends the process) `seconds` of CPU from now."""
    if resource is None or seconds <= 0:
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime + seconds) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def serve(conn: Connection, memory_bytes: int, cpu_seconds: float, log_level: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the bot's to handle
    if resource is not None and memory_bytes > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    # The parsers' libraries, loaded once before any job (pdf.py and word.py import them
    # lazily, for the bot's own start-up time): a replaced worker is ready sooner.
    import docx  # noqa: F401
    import pypdf  # noqa: F401
    import pypdfium2  # noqa: F401

    collect = _Collect()
    root = logging.getLogger()
    root.addHandler(collect)
    root.setLevel(log_level)
    try:
        conn.send_bytes(READY)  # from now on, the parent's wall limit runs
    except OSError:  # the bot closed the pool before this worker was ever used
        return
    while True:
        try:
            header = conn.recv_bytes(64 * 1024)
            payload = conn.recv_bytes(MAX_JOB_BYTES)
        except (EOFError, OSError):
            return
        job = Job.decode(header, payload)
        limit_cpu(cpu_seconds)
        collect.records = []
        result: Document | DocumentError
        try:
            result = job.run()
        except DocumentError as exc:
            result = exc
        conn.send_bytes(encode_result(result, collect.records))


def main(argv: list[str]) -> None:
    fd, memory, cpu, level = argv
    conn = Connection(int(fd))  # a socket inherited from the pool
    serve(conn, int(memory), float(cpu), int(level))


if __name__ == "__main__":
    main(sys.argv[1:])
