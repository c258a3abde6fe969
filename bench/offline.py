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


async def main(rounds: int) -> None:
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


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    asyncio.run(main(parser.parse_args().rounds))
