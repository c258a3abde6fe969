"""How long does the offline interviewer take per question and per report?

For each CV/JD pair (the bundled sample, the real LaTeX résumé against the sample JD, and
the nurse, teacher, data engineer and accountant pairs in tests/fixtures/pairs), runs a
whole 8-question interview several times with every cache cleared first, so each run pays
for analysing its CV and JD as a new interview does. Prints medians over all runs (this
machine is shared and noisy), and the worst run.

    python bench/offline.py [--rounds 15]

The goals (issue 8): at most 5 ms per question, 50 ms per report, on a 2-core machine.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import inspect
import json
import pkgutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import interview_core.providers.offline as offline  # noqa: E402
from interview_core.documents import extract_file  # noqa: E402
from interview_core.models import InterviewContext, Role, Turn  # noqa: E402
from interview_core.providers.offline import OfflineProvider  # noqa: E402

PAIRS = ROOT / "tests" / "fixtures" / "pairs"
ANSWERS = ROOT / "tests" / "fixtures" / "answers"
SAMPLES = ROOT / "interview_core" / "samples"


# Caches keyed on a CV, a JD, an answer or a piece of one: a new interview finds them cold.
# The others (vocabularies, phrase banks, templates) are loaded once per process.
_TEXT_PARAMETERS = {"text", "cv_text", "jd_text", "answer", "exclude", "title", "phrase",
                    "question", "token"}


def clear_caches() -> None:
    """Every text cache in the offline engine, so the next interview starts cold."""
    for info in pkgutil.walk_packages(offline.__path__, f"{offline.__name__}."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if not (callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info")):
                continue
            parameters = list(inspect.signature(value).parameters)
            if parameters and parameters[0] in _TEXT_PARAMETERS:
                value.cache_clear()


def pairs() -> list[tuple[str, str, str, str, list[str]]]:
    """(name, cv, jd, title, answers) for each pair."""
    out = []
    for name in ("nurse", "teacher", "data_engineer", "accountant"):
        bank = json.loads((ANSWERS / f"{name}.json").read_text(encoding="utf-8"))
        out.append((name, (PAIRS / f"{name}_cv.md").read_text(encoding="utf-8"),
                    (PAIRS / f"{name}_jd.md").read_text(encoding="utf-8"), bank["title"],
                    [a["text"] for a in bank["bank"]][:8]))
    sample = json.loads((ANSWERS / "sample.json").read_text(encoding="utf-8"))
    sample_answers = [a["text"] for a in sample["bank"]][:8]
    jd = (SAMPLES / "sample_jd.md").read_text(encoding="utf-8")
    out.append(("sample", (SAMPLES / "sample_cv.md").read_text(encoding="utf-8"), jd,
                sample["title"], sample_answers))
    resume = extract_file(ROOT / "tests/fixtures/cv/awesome-cv-resume.pdf").text
    out.append(("pdf resume", resume, jd, sample["title"], sample_answers))
    return out


async def interview(provider: OfflineProvider, cv: str, jd: str, title: str,
                    answers: list[str]) -> tuple[float, list[float], float]:
    """(first question, later questions, report) in seconds, from a cold start."""
    clear_caches()
    history: list[Turn] = []
    first = 0.0
    later: list[float] = []
    for number, answer in enumerate(answers, 1):
        ctx = InterviewContext(title, "", cv, jd, tuple(history), number, len(answers))
        write = provider.opening_question if number == 1 else provider.follow_up_question
        start = time.perf_counter()
        question = await write(ctx)
        elapsed = time.perf_counter() - start
        if number == 1:
            first = elapsed
        else:
            later.append(elapsed)
        history += [Turn(Role.INTERVIEWER, question.text), Turn(Role.CANDIDATE, answer)]
    ctx = InterviewContext(title, "", cv, jd, tuple(history), len(answers), len(answers))
    start = time.perf_counter()
    await provider.feedback(ctx)
    return first, later, time.perf_counter() - start


# Shapes an attacker sends (issue 10's list and this engine's own review): each must stay
# roughly linear in its size. Answers are cut at 20,000 characters by the service.
HOSTILE_ANSWERS = {
    "runs of '!'": lambda n: "!" * n + "x",
    "runs of '?.'": lambda n: "?." * (n // 2) + "x",
    "open '('": lambda n: "(" * n,
    "'1 1 1'": lambda n: "1 " * (n // 2),
    "'from 9 to 2'": lambda n: "from 9 to 2 " * (n // 12),
    "combining marks": lambda n: "a" + "\u0301\u0316" * (n // 2),
    "one long line of words": lambda n: ("I cut costs by 30% and led the team " * (n // 36))[:n],
}


async def hostile(provider: OfflineProvider) -> None:
    cv = (SAMPLES / "sample_cv.md").read_text(encoding="utf-8")
    jd = (SAMPLES / "sample_jd.md").read_text(encoding="utf-8")
    print("\nhostile answers (one follow-up question, then the report), seconds:")
    for name, make in HOSTILE_ANSWERS.items():
        figures = []
        for size in (2_000, 6_000, 20_000):
            clear_caches()
            answer = make(size)
            history = (Turn(Role.INTERVIEWER, "Tell me about a time you fixed a slow query."),
                       Turn(Role.CANDIDATE, answer))
            ctx = InterviewContext("Engineer", "", cv, jd, history, 2, 8)
            start = time.perf_counter()
            await provider.follow_up_question(ctx)
            middle = time.perf_counter()
            await provider.feedback(InterviewContext("Engineer", "", cv, jd, history, 2, 8))
            figures.append(f"{size:>6}: {middle - start:.3f} + {time.perf_counter() - middle:.3f}")
        print(f"  {name:24} " + "   ".join(figures))
    for name, make in {"CV of '('": lambda n: "(" * n, "JD of long bullets": None}.items():
        for size in (10_000, 60_000):
            clear_caches()
            text = make(size) if make else "- I built a thing that cut costs by 30%\n" * (size // 40)
            ctx = InterviewContext("Engineer", "", text if make else cv, jd if make else text, (), 1, 8)
            start = time.perf_counter()
            await provider.opening_question(ctx)
            print(f"  {name:24} {size:>6}: opening question {time.perf_counter() - start:.3f}")


async def main(rounds: int, with_hostile: bool = False) -> None:
    provider = OfflineProvider()
    start = time.perf_counter()
    await interview(provider, "A nurse.", "Registered Nurse\n- care for patients", "Nurse", ["Yes."])
    warm_up = time.perf_counter() - start  # once per process: vocabularies and phrase banks
    firsts: list[float] = []
    laters: list[float] = []
    reports: list[float] = []
    for name, cv, jd, title, answers in pairs():
        mine_first, mine_later, mine_report = [], [], []
        for _ in range(rounds):
            first, later, report = await interview(provider, cv, jd, title, answers)
            mine_first.append(first)
            mine_later += later
            mine_report.append(report)
        print(f"{name:14} first question {statistics.median(mine_first) * 1000:6.2f} ms, "
              f"later {statistics.median(mine_later) * 1000:5.2f} ms, "
              f"report {statistics.median(mine_report) * 1000:6.2f} ms (medians of {rounds})")
        firsts += mine_first
        laters += mine_later
        reports += mine_report
    every = firsts + laters
    print(f"\nprocess warm-up, once: {warm_up * 1000:.1f} ms")
    print(f"per question (all {len(every)}): median {statistics.median(every) * 1000:.2f} ms, "
          f"p90 {statistics.quantiles(every, n=10)[-1] * 1000:.2f} ms, max {max(every) * 1000:.2f} ms")
    print(f"first question, cold (analyses CV and JD): median {statistics.median(firsts) * 1000:.2f} ms, "
          f"max {max(firsts) * 1000:.2f} ms")
    print(f"feedback report: median {statistics.median(reports) * 1000:.2f} ms, "
          f"max {max(reports) * 1000:.2f} ms")
    if with_hostile:
        await hostile(provider)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--hostile", action="store_true", help="also time the hostile shapes")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.rounds, arguments.hostile))
