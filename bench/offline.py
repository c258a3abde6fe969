"""How long does the offline interviewer take per question and per report?

Uses the real LaTeX résumé from tests/fixtures and the bundled sample JD;
prints figures (the first call includes analysing the CV and JD, which is
then cached).

    python bench/offline.py
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interview_core.documents import extract_file  # noqa: E402
from interview_core.models import InterviewContext, Role, Turn  # noqa: E402
from interview_core.providers.offline import OfflineProvider  # noqa: E402

ANSWER = (
    "At Dunamu I designed Terraform modules for dozens of AWS accounts. The situation was "
    "drift between accounts; I owned the module design and rollout, and we cut provisioning "
    "time from two days to 40 minutes."
)


async def main(rounds: int = 50) -> None:
    cv = extract_file(ROOT / "tests/fixtures/cv/awesome-cv-resume.pdf").text
    jd = (ROOT / "interview_core/samples/sample_jd.md").read_text()
    provider = OfflineProvider()
    history: list[Turn] = []
    first = None
    per_question: list[float] = []
    for number in range(1, 9):
        ctx = InterviewContext("Senior Backend Engineer", "Northwind Labs", cv, jd, tuple(history), number, 8)
        start = time.perf_counter()
        write = provider.opening_question if number == 1 else provider.follow_up_question
        question = await write(ctx)
        elapsed = time.perf_counter() - start
        if first is None:
            first = elapsed
        else:
            per_question.append(elapsed)
        history += [Turn(Role.INTERVIEWER, question.text), Turn(Role.CANDIDATE, ANSWER)]
    ctx = InterviewContext("Senior Backend Engineer", "Northwind Labs", cv, jd, tuple(history), 8, 8)
    reports = []
    for _ in range(rounds):
        start = time.perf_counter()
        await provider.feedback(ctx)
        reports.append(time.perf_counter() - start)
    print(f"first question (analyses CV and JD): {first * 1000:.2f} ms")
    print(f"later questions: median {statistics.median(per_question) * 1000:.2f} ms, "
          f"max {max(per_question) * 1000:.2f} ms")
    print(f"feedback report: median {statistics.median(reports) * 1000:.2f} ms over {rounds} runs")


if __name__ == "__main__":
    asyncio.run(main())
