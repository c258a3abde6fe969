"""How much does the core add to each turn of an interview?

Runs N interviews at once through the real InterviewService and a real SQLite
file, with an engine that only sleeps for a chosen latency (so the figures are
the service's and the database's, not a model's). Each candidate answers as
soon as a question arrives. A turn is one service call that waits for the
engine (the start, each answer); its overhead is its duration minus the sleep.

    python bench/turns.py --interviews 1000 --latency 1

The last line is machine-readable key=value figures.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from interview_core.feedback import Competency, CompetencyScore, FeedbackReport  # noqa: E402
from interview_core.models import ConversationRef, GeneratedQuestion, InterviewContext  # noqa: E402
from interview_core.service import InterviewService  # noqa: E402
from interview_core.storage import Store  # noqa: E402

CV = (Path(__file__).resolve().parent.parent / "interview_core/samples/sample_cv.md").read_text()
JD = (Path(__file__).resolve().parent.parent / "interview_core/samples/sample_jd.md").read_text()
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
        return FeedbackReport(
            overall_score=75,
            summary="benchmark",
            competencies=[CompetencyScore(competency=c, score=75, reason="-") for c in Competency],
            answers=[],
            source=self.name,
        )


async def one_interview(
    service: InterviewService, n: int, latency: float, overheads: list[float], delay: float = 0.0
) -> None:
    await asyncio.sleep(delay)
    ref = ConversationRef("bench", "ws", "channel", f"user-{n}", f"thread-{n}")
    t0 = time.perf_counter()
    started = await service.start(ref, cv_text=CV, jd_text=JD, title="Senior Backend Engineer", company="Northwind Labs")
    overheads.append(time.perf_counter() - t0 - latency)
    assert started.question is not None
    for turn in range(started.question.total):
        t0 = time.perf_counter()
        outcome = await service.submit_answer(ref, ANSWER, platform_message_id=f"{n}-{turn}")
        overheads.append(time.perf_counter() - t0 - latency)
        assert outcome.kind in ("question", "complete"), outcome.kind
    assert outcome.kind == "complete" and outcome.report is not None


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000, method="inclusive")[int(q * 10) - 1] if len(values) > 1 else values[0]


async def run(interviews: int, latency: float, questions: int, ramp: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        async with Store(Path(tmp) / "bench.db") as store:
            service = InterviewService(store, SleepingEngine(latency), max_questions=questions)
            overheads: list[float] = []
            t0 = time.perf_counter()
            await asyncio.gather(
                *(
                    one_interview(service, n, latency, overheads, ramp * n / interviews)
                    for n in range(interviews)
                )
            )
            wall = time.perf_counter() - t0
    ideal = questions * latency
    return {
        "interviews": interviews,
        "latency_s": latency,
        "ramp_s": ramp,
        "wall_s": round(wall, 3),
        "ideal_s": round(ideal, 3),
        "wall_ratio": round(wall / ideal, 3) if ideal else float("nan"),
        "overhead_p50_ms": round(statistics.median(overheads) * 1000, 2),
        "overhead_p99_ms": round(percentile(overheads, 99) * 1000, 2),
        "turns_per_s": round(len(overheads) / wall, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--interviews", type=int, default=100)
    parser.add_argument("--latency", type=float, default=1.0, help="the engine's sleep per call, seconds")
    parser.add_argument("--questions", type=int, default=8)
    parser.add_argument(
        "--ramp",
        type=float,
        default=None,
        help="spread the interviews' starts evenly over this many seconds (default: one latency, "
        "as people don't all start in the same millisecond); 0 starts them all at once, so every "
        "turn of every interview lands in the same instant: the worst case",
    )
    args = parser.parse_args()
    ramp = args.latency if args.ramp is None else args.ramp
    figures = asyncio.run(run(args.interviews, args.latency, args.questions, ramp))
    turns = args.interviews * (args.questions + 1)
    print(
        f"{args.interviews} interviews x {args.questions} questions, engine latency {args.latency} s, "
        f"starts spread over {ramp} s"
    )
    print(f"  turns: {turns} (start, {args.questions - 1} follow-ups, the report)")
    print(f"  wall time {figures['wall_s']} s, ideal {figures['ideal_s']} s ({args.questions} x latency): ratio {figures['wall_ratio']}")
    print(f"  overhead per turn: p50 {figures['overhead_p50_ms']} ms, p99 {figures['overhead_p99_ms']} ms")
    print(f"  throughput {figures['turns_per_s']} turns/s, peak RSS {figures['peak_rss_mb']} MB")
    print(" ".join(f"{k}={v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
