"""How much does the core add to each turn of an interview?

Runs N interviews at once through the real InterviewService and a real SQLite
file, with an engine that only sleeps for a chosen latency (so the figures are
the service's and the database's, not a model's). Each candidate answers
`--think` seconds after a question arrives (0: at once). A turn is one service
call that waits for the engine (the start, each answer); its overhead is its
duration minus the engine's sleep.

    python bench/turns.py                                    # 100 x 1 s, quick
    python bench/turns.py --interviews 1000 --latency 1 --runs 3
    python bench/turns.py --interviews 1000 --latency 0 --runs 3   # throughput
    python bench/turns.py --interviews 10000 --latency 1
    python bench/turns.py --latency 3 --think 30 --max-p99 50 --interviews 2000

An interview of Q questions makes Q + 1 engine calls (the opening question,
Q - 1 follow-ups, the report) and waits for Q answers, so one interview can't
take less than (Q + 1) x latency + Q x think; the run can't end before the last
interview starts (the ramp) plus that. That sum is the ideal wall time.

With --runs N each run is a fresh process (so peak RSS is that run's alone)
and the figures printed are the medians over the runs. With --max-p99 MS it
searches for the most interviews one process holds with overhead p99 under MS
milliseconds: doubling from --interviews, then halving the gap to within
--precision; each probe is the median of --runs runs.

The last line is machine-readable key=value figures.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.gc_tuning import THRESHOLDS, tune_gc  # noqa: E402
from interview_core.feedback import Competency, CompetencyScore, FeedbackReport  # noqa: E402
from interview_core.models import ConversationRef, GeneratedQuestion, InterviewContext  # noqa: E402
from interview_core.service import InterviewService  # noqa: E402
from interview_core.storage import Store  # noqa: E402

CV = (ROOT / "interview_core/samples/sample_cv.md").read_text()
JD = (ROOT / "interview_core/samples/sample_jd.md").read_text()
ANSWER = (
    "At Brightwave I led the migration of the card-authorisation service to Go. The situation "
    "was a p99 of 480 ms; my task was to cut it without downtime. I split the monolith behind a "
    "feature flag and ran both paths in shadow mode. The result: 120 ms p99 at 2,500 rps."
)


@dataclass
class SleepingEngine:
    """A stand-in for an LLM: takes `latency` seconds, does no work."""

    latency: float
    name: str = "sleep"

    async def opening_question(self, ctx: InterviewContext) -> GeneratedQuestion:
        await asyncio.sleep(self.latency)
        return GeneratedQuestion(f"Question {ctx.question_number} for {ctx.title}?", self.name)

    follow_up_question = opening_question

    async def feedback(self, ctx: InterviewContext) -> FeedbackReport:
        await asyncio.sleep(self.latency)
        return REPORT  # built once: validating a report is the engine's cost, not the core's


REPORT = FeedbackReport(
    overall_score=75,
    summary="benchmark",
    competencies=[CompetencyScore(competency=c, score=75, reason="-") for c in Competency],
    answers=[],
    source="sleep",
)


def engine_calls(questions: int) -> int:
    """The opening question, questions - 1 follow-ups, and the report."""
    return questions + 1


def ideal_interview_s(questions: int, latency: float, think: float) -> float:
    return engine_calls(questions) * latency + questions * think


async def one_interview(
    service: InterviewService,
    n: int,
    latency: float,
    think: float,
    overheads: list[float],
    durations: list[float],
    delay: float = 0.0,
    distinct_texts: bool = False,
) -> None:
    await asyncio.sleep(delay)
    began = time.perf_counter()
    ref = ConversationRef("bench", "ws", "channel", f"user-{n}", f"thread-{n}")
    t0 = time.perf_counter()
    # The service keeps its own cleaned copy of the CV and the job for each interview,
    # whatever it is given. With --distinct-texts each candidate also sends a text of its
    # own (as 10,000 real people would), which the service's copy replaces: the memory
    # those freed copies leave behind counts too.
    cv, jd = (f"{CV}\nCandidate {n}.", f"{JD}\nVacancy {n}.") if distinct_texts else (CV, JD)
    started = await service.start(ref, cv_text=cv, jd_text=jd, title="Senior Backend Engineer", company="Northwind Labs")
    del cv, jd
    overheads.append(time.perf_counter() - t0 - latency)
    assert started.question is not None
    for turn in range(started.question.total):
        if think:
            await asyncio.sleep(think)
        t0 = time.perf_counter()
        outcome = await service.submit_answer(ref, ANSWER, platform_message_id=f"{n}-{turn}")
        overheads.append(time.perf_counter() - t0 - latency)
        assert outcome.kind in ("question", "complete"), outcome.kind
    assert outcome.kind == "complete" and outcome.report is not None
    durations.append(time.perf_counter() - began)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0 < q < 100, to 0.1), nearest rank on the sorted values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def run(
    interviews: int, latency: float, think: float, questions: int, ramp: float, cache_size: int | None = None,
    distinct_texts: bool = False,
) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        async with Store(Path(tmp) / "bench.db") as store:
            options = {} if cache_size is None else {"cache_size": cache_size}
            service = InterviewService(store, SleepingEngine(latency), max_questions=questions, **options)
            overheads: list[float] = []
            durations: list[float] = []
            cpu0 = _cpu_s()
            t0 = time.perf_counter()
            await asyncio.gather(
                *(
                    one_interview(service, n, latency, think, overheads, durations, ramp * n / interviews,
                                  distinct_texts)
                    for n in range(interviews)
                )
            )
            wall = time.perf_counter() - t0
            cpu = _cpu_s() - cpu0
    per_interview = ideal_interview_s(questions, latency, think)
    last_start = ramp * (interviews - 1) / interviews
    ideal = last_start + per_interview
    return {
        "interviews": interviews,
        "questions": questions,
        "latency_s": latency,
        "think_s": think,
        "ramp_s": ramp,
        "turns": len(overheads),
        "wall_s": round(wall, 3),
        "ideal_s": round(ideal, 3),
        "wall_ratio": round(wall / ideal, 3) if ideal else float("nan"),
        "interview_max_s": round(max(durations), 3),
        "interview_ideal_s": round(per_interview, 3),
        "overhead_p50_ms": round(statistics.median(overheads) * 1000, 2),
        "overhead_p99_ms": round(percentile(overheads, 99) * 1000, 2),
        "overhead_max_ms": round(max(overheads) * 1000, 2),
        "turns_per_s": round(len(overheads) / wall, 1),
        "cpu_ms_per_turn": round(cpu / len(overheads) * 1000, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def parse_figures(line: str) -> dict[str, float]:
    return {k: float(v) for k, v in (pair.split("=", 1) for pair in line.split())}


def run_in_process(args: argparse.Namespace, interviews: int) -> dict[str, float]:
    """One run in a fresh interpreter, so its peak RSS and its heap are its own."""
    command = [
        sys.executable, str(Path(__file__).resolve()), "--runs", "1", "--quiet",
        "--interviews", str(interviews), "--latency", str(args.latency), "--think", str(args.think),
        "--questions", str(args.questions), "--ramp", str(args.ramp),
        *(["--cache-size", str(args.cache_size)] if args.cache_size is not None else []),
        "--gc", args.gc,
        *(["--distinct-texts"] if args.distinct_texts else []),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"a run failed ({done.returncode}):\n{done.stderr}")
    return parse_figures(done.stdout.strip().splitlines()[-1])


def median_of_runs(args: argparse.Namespace, interviews: int) -> tuple[dict[str, float], list[dict[str, float]]]:
    runs = []
    for i in range(args.runs):
        figures = run_in_process(args, interviews)
        runs.append(figures)
        if not args.quiet:
            print(
                f"  run {i + 1}/{args.runs}: overhead p99 {figures['overhead_p99_ms']} ms, "
                f"{figures['turns_per_s']} turns/s, wall {figures['wall_s']} s "
                f"(ratio {figures['wall_ratio']}), {figures['peak_rss_mb']} MB",
                flush=True,
            )
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}, runs


def gc_label() -> str:
    return "the bots' (bot/gc_tuning.py)" if gc.get_threshold() == THRESHOLDS else "CPython's default"


def describe(figures: dict[str, float], runs: list[dict[str, float]] | None = None) -> None:
    f = figures
    questions = int(f["questions"])
    of = f" (median of {len(runs)} runs)" if runs and len(runs) > 1 else ""
    print(
        f"{int(f['interviews'])} interviews x {questions} questions, engine latency {f['latency_s']} s, "
        f"think {f['think_s']} s, starts spread over {f['ramp_s']} s{of}; garbage collector: {gc_label()}"
    )
    print(f"  turns: {int(f['turns'])} (each interview: start, {questions} answers; "
          f"{engine_calls(questions)} engine calls: {questions} questions and the report)")
    print(
        f"  wall time {f['wall_s']} s, ideal {f['ideal_s']} s (last start + {engine_calls(questions)} x latency"
        f" + {questions} x think): ratio {f['wall_ratio']}; longest interview {f['interview_max_s']} s"
        f" vs {f['interview_ideal_s']} s"
    )
    print(
        f"  overhead per turn: p50 {f['overhead_p50_ms']} ms, p99 {f['overhead_p99_ms']} ms, "
        f"max {f['overhead_max_ms']} ms"
    )
    print(
        f"  throughput {f['turns_per_s']} turns/s, CPU {f['cpu_ms_per_turn']} ms per turn, "
        f"peak RSS {f['peak_rss_mb']} MB"
    )
    if runs and len(runs) > 1:
        for key in ("overhead_p99_ms", "turns_per_s", "wall_ratio", "peak_rss_mb"):
            print(f"  {key} per run: {', '.join(str(r[key]) for r in runs)}")
    print(" ".join(f"{k}={int(v) if float(v).is_integer() else v}" for k, v in f.items()))


def find_max(args: argparse.Namespace) -> None:
    """The most interviews with overhead p99 under args.max_p99 ms."""
    limit = args.max_p99

    def probe(n: int) -> bool:
        figures, _ = median_of_runs(args, n)
        ok = figures["overhead_p99_ms"] < limit
        print(
            f"probe {n} interviews: overhead p99 {figures['overhead_p99_ms']} ms "
            f"({'under' if ok else 'over'} {limit} ms), {figures['turns_per_s']} turns/s, "
            f"wall ratio {figures['wall_ratio']}, {figures['peak_rss_mb']} MB",
            flush=True,
        )
        return ok

    good, bad = 0, None
    n = args.interviews
    while bad is None:
        if probe(n):
            good, n = n, n * 2
        else:
            bad = n
    while good and bad - good > max(1, int(good * args.precision)):
        middle = (good + bad) // 2
        if probe(middle):
            good = middle
        else:
            bad = middle
    print(
        f"most interviews under p99 {limit} ms at latency {args.latency} s, think {args.think} s: "
        f"{good} (fails at {bad})"
    )
    print(f"max_interviews={good} fails_at={bad} latency_s={args.latency} think_s={args.think} max_p99_ms={limit}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--interviews", type=int, default=100)
    parser.add_argument("--latency", type=float, default=1.0, help="the engine's sleep per call, seconds")
    parser.add_argument("--think", type=float, default=0.0, help="how long each candidate takes to answer, seconds")
    parser.add_argument("--questions", type=int, default=8)
    parser.add_argument(
        "--ramp",
        type=float,
        default=None,
        help="spread the interviews' starts evenly over this many seconds (default: one turn, "
        "latency + think, as people don't all start in the same millisecond); 0 starts them all "
        "at once, so every turn of every interview lands in the same instant: the worst case",
    )
    parser.add_argument("--cache-size", type=int, default=None,
                        help="the service's cache of live interviews (default: the service's own)")
    parser.add_argument("--gc", choices=("bot", "default"), default="bot",
                        help="the garbage collector as the Slack and Discord bots set it "
                        f"(bot/gc_tuning.py: frozen start-up, thresholds {THRESHOLDS}), or CPython's default")
    parser.add_argument("--distinct-texts", action="store_true",
                        help="each candidate sends a CV and job text object of its own (default: one shared "
                        "string; the service copies it per interview either way)")
    parser.add_argument("--runs", type=int, default=1, help="repeat in fresh processes, print medians")
    parser.add_argument("--max-p99", type=float, default=None, metavar="MS",
                        help="search for the most interviews with overhead p99 under MS ms")
    parser.add_argument("--precision", type=float, default=0.1,
                        help="--max-p99 stops when the gap is under this fraction (default 0.1)")
    parser.add_argument("--quiet", action="store_true", help="print only the key=value line")
    args = parser.parse_args()
    if args.ramp is None:
        args.ramp = args.latency + args.think
    if args.gc == "bot":
        tune_gc()
    if args.max_p99 is not None:
        find_max(args)
        return
    if args.runs > 1:
        figures, runs = median_of_runs(args, args.interviews)
        describe(figures, runs)
        return
    figures = asyncio.run(
        run(args.interviews, args.latency, args.think, args.questions, args.ramp, args.cache_size,
            args.distinct_texts)
    )
    if args.quiet:
        print(" ".join(f"{k}={v}" for k, v in figures.items()))
    else:
        describe({k: float(v) for k, v in figures.items()})


if __name__ == "__main__":
    main()
