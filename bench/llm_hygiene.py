"""How long does vetting a model's reply take, for ordinary and for hostile replies?

Every LLM question passes through interview_core.question_hygiene.vet_question
before a user sees it (markers, lists, preambles, copies of the candidate's
words). This times it on replies seen from real small models and on replies
built to be slow (long runs of markup, brackets, huge lists), with a realistic
context: the bundled sample CV and JD and seven long answers. Prints the median
and worst of repeated runs per reply (this machine is shared and noisy).

    python bench/llm_hygiene.py [--rounds 50]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interview_core.models import InterviewContext, Role, Turn  # noqa: E402
from interview_core.question_hygiene import vet_question  # noqa: E402

SAMPLES = ROOT / "interview_core" / "samples"
ANSWER = (
    "At Brightwave I led the migration of the card-authorisation service to Go. The p99 was "
    "480 ms and my task was to cut it without downtime. I split the monolith behind a flag, "
    "and the result was 120 ms at 2,500 requests per second. "
) * 12

REPLIES = {
    "clean question": "What was the hardest trade-off in the Go migration, and why?",
    "echoed marker": "<<<BEGIN ANSWER 3>> What made your company so successful?",
    "list of two": "Here are your next 2 questions:\n1. Build on the previous answer - Why Go?\n2. Why now?",
    "continued answer": ANSWER[:400] + " <<<END ANSWER 5>>",
    "copied sentence": "The p99 was 480 ms and my task was to cut it without downtime?",
    "asterisks x30k": "*a " * 30_000,
    "brackets x20k": "<‹«≪" * 5_000 + " Why?",
    "list x2000": "\n".join(f"{i}. Why {i}?" for i in range(2_000)),
    "one 100k word": "x" * 100_000 + "?",
}


def context() -> InterviewContext:
    history: list[Turn] = []
    for n in range(1, 8):
        history += [Turn(Role.INTERVIEWER, f"Question {n} about topic {n}?"), Turn(Role.CANDIDATE, ANSWER)]
    cv = (SAMPLES / "sample_cv.md").read_text()
    jd = (SAMPLES / "sample_jd.md").read_text()
    return InterviewContext("Senior Backend Engineer", "Northwind Labs", cv, jd, tuple(history), 8, 8)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    rounds = parser.parse_args().rounds
    ctx = context()
    print(f"{'reply':<18} {'median ms':>10} {'worst ms':>9}  verdict")
    for name, reply in REPLIES.items():
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            question, problem = vet_question(reply, ctx)
            times.append((time.perf_counter() - started) * 1000)
        verdict = f"asked: {question[:40]!r}" if question else f"rejected: {problem[:50]}"
        print(f"{name:<18} {statistics.median(times):>10.2f} {max(times):>9.2f}  {verdict}")


if __name__ == "__main__":
    main()
