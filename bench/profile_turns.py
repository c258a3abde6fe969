"""Where does a turn's time go? bench/turns.py's run, under a profiler.

    python bench/profile_turns.py --interviews 1000 --latency 0
    python bench/profile_turns.py --interviews 1000 --latency 1 --profiler pyinstrument
    python bench/profile_turns.py --interviews 3000 --latency 1 --memory

Profiles the event loop's thread (cProfile, or pyinstrument if installed) and,
separately, aiosqlite's connection thread (cProfile), so SQLite's own time is
seen apart from the Python around it. Also prints each thread's CPU time per
turn, how many SQL statements a turn sends to aiosqlite's thread (each one a
hop there and back), and with --memory the largest allocations (tracemalloc)
at the moment most interviews are in play.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiosqlite.core  # noqa: E402
import turns  # noqa: E402

WORKER_PROFILE = cProfile.Profile()
WORKER_CPU: list[float] = []
STATEMENTS: Counter[str] = Counter()


def _profiled_worker(original, profile: bool):
    def worker(tx):
        start = time.thread_time()
        if profile:
            WORKER_PROFILE.enable()
        try:
            return original(tx)
        finally:
            if profile:
                WORKER_PROFILE.disable()
            WORKER_CPU.append(time.thread_time() - start)

    return worker


def _counting(original):
    async def execute_fetchall(self, sql, parameters=None):
        STATEMENTS[sql] += 1  # normalised when printed: this runs on every statement
        return await original(self, sql, parameters)

    return execute_fetchall


def _stats(profile: cProfile.Profile | pstats.Stats, sort: str, limit: int) -> str:
    out = io.StringIO()
    stats = profile if isinstance(profile, pstats.Stats) else pstats.Stats(profile, stream=out)
    stats.stream = out
    stats.sort_stats(sort).print_stats(limit)
    return out.getvalue()


async def _memory_probe(at: float, into: list[tracemalloc.Snapshot]) -> None:
    await asyncio.sleep(at)
    into.append(tracemalloc.take_snapshot())


async def _run(args: argparse.Namespace, snapshots: list[tracemalloc.Snapshot]) -> dict[str, float]:
    probe = None
    if args.memory:
        # Halfway through the longest interview: every interview has started, none finished.
        at = args.ramp + turns.ideal_interview_s(args.questions, args.latency, args.think) / 2
        probe = asyncio.ensure_future(_memory_probe(at, snapshots))
    figures = await turns.run(
        args.interviews, args.latency, args.think, args.questions, args.ramp, args.cache_size
    )
    if probe is not None and not probe.done():
        probe.cancel()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--interviews", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--think", type=float, default=0.0)
    parser.add_argument("--questions", type=int, default=8)
    parser.add_argument("--ramp", type=float, default=None)
    parser.add_argument("--cache-size", type=int, default=None, help="the service's live-interview cache")
    parser.add_argument("--gc", choices=("bot", "default"), default="bot",
                        help="the garbage collector as the bots set it (bot/gc_tuning.py), or CPython's default")
    parser.add_argument("--profiler", choices=["cprofile", "pyinstrument", "none"], default="cprofile")
    parser.add_argument("--sort", default="tottime", help="cProfile sort key (tottime, cumulative)")
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--memory", action="store_true", help="tracemalloc snapshot mid-run (slow)")
    parser.add_argument("--out", type=Path, default=None, help="also write the pyinstrument HTML here")
    args = parser.parse_args()
    if args.gc == "bot":
        from bot.gc_tuning import tune_gc

        tune_gc()
    if args.ramp is None:
        args.ramp = args.latency + args.think

    aiosqlite.core._connection_worker_thread = _profiled_worker(
        aiosqlite.core._connection_worker_thread, args.profiler != "none"
    )
    aiosqlite.core.Connection.execute_fetchall = _counting(aiosqlite.core.Connection.execute_fetchall)
    if args.memory:
        tracemalloc.start(8)

    snapshots: list[tracemalloc.Snapshot] = []
    main_cpu0 = time.thread_time()
    if args.profiler == "cprofile":
        profile = cProfile.Profile()
        profile.enable()
        figures = asyncio.run(_run(args, snapshots))
        profile.disable()
    elif args.profiler == "pyinstrument":
        from pyinstrument import Profiler

        profiler = Profiler(async_mode="disabled", interval=0.0005)
        profiler.start()
        figures = asyncio.run(_run(args, snapshots))
        profiler.stop()
    else:
        figures = asyncio.run(_run(args, snapshots))
    main_cpu = time.thread_time() - main_cpu0
    n = figures["turns"]

    print(" ".join(f"{k}={v}" for k, v in figures.items()))
    worker_cpu = sum(WORKER_CPU)
    print(
        f"CPU per turn: event loop thread {main_cpu / n * 1000:.3f} ms, aiosqlite thread "
        f"{worker_cpu / n * 1000:.3f} ms (profiler included, if any)"
    )
    print(f"SQL statements per turn: {sum(STATEMENTS.values()) / n:.2f}")
    for sql, count in STATEMENTS.most_common():
        print(f"  {count / n:5.2f}  {' '.join(sql.split())[:90]}")
    if args.profiler == "cprofile":
        print("\n== event loop thread (cProfile) ==")
        print(_stats(profile, args.sort, args.limit))
    elif args.profiler == "pyinstrument":
        print("\n== event loop thread (pyinstrument) ==")
        print(profiler.output_text(unicode=False, color=False, show_all=False))
        if args.out:
            args.out.write_text(profiler.output_html())
    if args.profiler != "none":
        print("\n== aiosqlite thread (cProfile) ==")
        print(_stats(WORKER_PROFILE, args.sort, min(args.limit, 15)))
    if snapshots:
        print(f"\n== largest allocations at {len(snapshots)} mid-run snapshot ==")
        top = snapshots[0].filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)]).statistics("lineno")
        total = sum(s.size for s in top)
        print(f"traced total {total / 2**20:.1f} MB")
        for stat in top[:20]:
            frame = stat.traceback[0]
            print(f"  {stat.size / 2**20:7.2f} MB {stat.count:8d} blocks  {frame.filename}:{frame.lineno}")


if __name__ == "__main__":
    main()
