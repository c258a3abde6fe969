"""How close are re-run reports on the same answers? (issue 9, point 3)

The overall score a user sees is the mean of the five competency scores, each judged
against the rubric's anchored bands (interview_core.report_json), not the model's own
overall_score. This measures what that buys: the same 8 answers are reported on
several times through the real code path (build_named_provider("openai", ...) and
provider.feedback), and the spread (max - min) and standard deviation of the scores
are printed.

1. Loopback: bench/rubric_model.py, a seeded stand-in for a model that follows the
   rubric, picks each score at random inside the band the answers earn, varies its
   wording and quotes, misjudges a band 15% of the time, and sends a noisy overall
   of its own (band midpoint +-15). For each answer set (strong STAR, mediocre,
   buzzwords, "I don't know" x8) it prints the overall scores the user sees, their
   spread and SD, the same for the model's own overall_score field (what the user
   would have seen had we trusted it), and the spread of each competency.
2. --real URL: a real OpenAI-compatible server (e.g. llama-cpp-python), the strong
   answers reported on --runs times at report temperature 0.2 and again at 0.7, no
   fallback chain: per run, who wrote the report (report.source: the model, or the
   offline stand-in after an invalid reply and a repair), the score and the time.

    .venv/bin/python bench/report_spread.py [--runs 5] [--seed 1] [--real URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.rubric_model import RubricModel  # noqa: E402
from interview_core.feedback import Competency, FeedbackReport  # noqa: E402
from interview_core.models import InterviewContext, Role, Turn  # noqa: E402
from interview_core.providers.factory import build_named_provider  # noqa: E402
from interview_core.providers.http import make_http_client  # noqa: E402
from interview_core.settings import Settings  # noqa: E402

SAMPLES = ROOT / "interview_core" / "samples"
BANK = json.loads((ROOT / "tests" / "fixtures" / "answers" / "sample.json").read_text())

QUESTIONS = (
    "Tell me about the experience on your CV that best prepares you for this role.",
    "Describe a time you made a slow service faster. What did you do?",
    "How have you kept a PostgreSQL data layer fast and reliable as it grew?",
    "Tell me about an event-driven system you built and a problem you solved in it.",
    "How have you improved the way your team builds and deploys software?",
    "Tell me about someone you mentored and what changed for them.",
    "Describe a disagreement with a colleague about a technical decision.",
    "Tell me about a mistake you made in production and what you learned.",
)
STRONG_IDS = ("opening", "duty_services", "duty_postgres", "duty_kafka", "duty_cicd",
              "duty_mentoring", "conflict", "mistake")
MEDIOCRE = (
    ("I have worked as a backend developer for a few years, mostly with Python. I like "
     "working on payments and I think I would fit in well with your team."),
    BANK["decent"],
    ("We used PostgreSQL and sometimes queries were slow, so we added some indexes and it "
     "was better after that. I usually look at the query plan when something is slow."),
    ("I worked with Kafka on a project where we sent events between services. There were "
     "some issues with duplicates, but we fixed them with the team in the end."),
    ("We had a CI pipeline and I helped improve it a bit, so deploys were faster. I think "
     "automation is really important for a team."),
    ("I have helped junior developers when they had questions, and I do code reviews. I "
     "try to be patient and explain things clearly."),
    ("Once a colleague wanted to rewrite a service and I did not agree. We talked about it "
     "and found a compromise that worked for both of us."),
    ("I once deployed a change that broke something and we had to roll it back. I learned "
     "to test more carefully before releasing."),
)
IDK = ("I don't know.",) * 8
SETS = {
    "strong STAR": tuple(next(b["text"] for b in BANK["bank"] if b["id"] == i) for i in STRONG_IDS),
    "mediocre": MEDIOCRE,
    "buzzwords": tuple(BANK["buzzwords"]),
    "I don't know x8": IDK,
}


def context(answers: tuple[str, ...]) -> InterviewContext:
    history: list[Turn] = []
    for question, answer in zip(QUESTIONS, answers, strict=True):
        history += [Turn(Role.INTERVIEWER, question), Turn(Role.CANDIDATE, answer)]
    return InterviewContext(
        title=BANK["title"], company=BANK["company"],
        cv_text=(SAMPLES / "sample_cv.md").read_text(), jd_text=(SAMPLES / "sample_jd.md").read_text(),
        history=tuple(history), question_number=len(QUESTIONS), max_questions=len(QUESTIONS),
    )


def settings_for(url: str, temperature: float, read_timeout: float) -> Settings:
    return Settings(
        _env_file=None, llm_provider="openai", llm_fallback="", openai_base_url=url,
        openai_model="local", llm_report_temperature=temperature, llm_read_timeout=read_timeout,
        llm_call_deadline=max(120.0, 3 * read_timeout), llm_retry_base_delay=0.1,
    )


def spread(values: list[int]) -> str:
    if not values:
        return "n/a"
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"spread {max(values) - min(values):3d}  SD {sd:4.1f}  median {statistics.median(values):g}"


def groups_of_5(values: list[int]) -> str:
    """With many runs: the spread (max - min) of each consecutive group of 5 runs."""
    spreads = sorted(max(g) - min(g) for g in zip(*[iter(values)] * 5))
    if len(spreads) < 2:
        return ""
    p90 = spreads[min(len(spreads) - 1, round(0.9 * (len(spreads) - 1)))]
    return f"\n      5-run spread over {len(spreads)} groups: median {statistics.median(spreads):g}, p90 {p90}"


def shown(values: list[int], limit: int = 10) -> str:
    return " ".join(f"{v:3d}" for v in values) if len(values) <= limit else f"({len(values)} runs)"


async def loopback(runs: int, seed: int) -> None:
    print(f"== loopback rubric model: {runs} reports per answer set, seed {seed} ==")
    pooled_ours, pooled_own = [], []
    async with RubricModel(seed) as model:
        settings = settings_for(model.base_url, 0.2, 10.0)
        async with make_http_client(settings) as client:
            provider = build_named_provider("openai", settings, client)
            for name, answers in SETS.items():
                ctx = context(answers)
                reports: list[FeedbackReport] = []
                own: list[int] = []
                for _ in range(runs):
                    reports.append(await provider.feedback(ctx))
                    own.append(int(model.replies[-1]["overall_score"]))
                ours = [r.overall_score for r in reports]
                sources = {r.source for r in reports}
                kept = sum(1 for r in reports for c in r.competencies if c.evidence)
                sent = sum(1 for reply in model.replies[-runs:]
                           for c in reply["competencies"] if c["evidence"])
                print(f"\n[{name}]  source: {', '.join(sorted(sources))}; "
                      f"competency quotes sent {sent}, verified and kept {kept}")
                print(f"  overall shown (mean of competencies): {shown(ours)}   {spread(ours)}"
                      f"{groups_of_5(ours)}")
                print(f"  model's own overall_score field:      {shown(own)}   {spread(own)}"
                      f"{groups_of_5(own)}")
                for comp in Competency:
                    scores = [r.score_of(comp) or 0 for r in reports]
                    print(f"    {comp.value:<14} {shown(scores)}   {spread(scores)}")
                pooled_ours.append(statistics.pstdev(ours))
                pooled_own.append(statistics.pstdev(own))
    print(f"\nmean within-set SD (population): shown {statistics.mean(pooled_ours):.1f}, "
          f"model's own field {statistics.mean(pooled_own):.1f}")


class InvalidReplies(logging.Handler):
    """Why each model reply was unusable, from ChatProvider.feedback's "invalid report" log."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.reasons: list[str] = []
        logging.getLogger("interview_core.providers.chat").setLevel(logging.INFO)
        logging.getLogger("interview_core.providers.chat").addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        if "invalid report" in record.msg and len(record.args or ()) == 3:
            why = str(record.args[2])  # type: ignore[index]
            self.reasons.append("cut off at max tokens" if why.startswith("cut off") else
                                "not JSON" if why.startswith("not") else "JSON, wrong schema")


async def real(url: str, runs: int, read_timeout: float) -> None:
    print(f"\n== real server {url}: strong STAR answers, {runs} reports per temperature ==")
    ctx = context(SETS["strong STAR"])
    invalid = InvalidReplies()
    for temperature in (0.2, 0.7):
        settings = settings_for(url, temperature, read_timeout)
        async with make_http_client(settings) as client:
            provider = build_named_provider("openai", settings, client)
            model_scores: list[int] = []
            times: list[float] = []
            counts = {"model": 0, "offline stand-in": 0, "error": 0}
            invalid.reasons.clear()
            print(f"\n[report temperature {temperature}]")
            for run in range(1, runs + 1):
                start, seen = time.perf_counter(), len(invalid.reasons)
                try:
                    report = await provider.feedback(ctx)
                except Exception as exc:  # an LLMError with no fallback chain: count it
                    times.append(time.perf_counter() - start)
                    counts["error"] += 1
                    print(f"  run {run}: error ({type(exc).__name__}: {str(exc)[:120]})  "
                          f"{times[-1]:.1f}s")
                    continue
                times.append(time.perf_counter() - start)
                by_model = not report.source.startswith("offline")
                counts["model" if by_model else "offline stand-in"] += 1
                if by_model:
                    model_scores.append(report.overall_score)
                comps = " ".join(str(report.score_of(c)) for c in Competency)
                print(f"  run {run}: source={report.source!r:<40} overall {report.overall_score:3d}"
                      f"  competencies [{comps}]  {times[-1]:.1f}s")
                if len(invalid.reasons) > seen:
                    print(f"         invalid model replies: {'; '.join(invalid.reasons[seen:])}")
            worked = provider.formats.worked
            print(f"  written by the model: {counts['model']}/{runs}, offline stand-in: "
                  f"{counts['offline stand-in']}/{runs}, errors: {counts['error']}/{runs}; "
                  f"format that worked: {worked or 'none'}")
            tally = {r: invalid.reasons.count(r) for r in sorted(set(invalid.reasons))}
            why = "; ".join(f"{reason}: {n}" for reason, n in tally.items())
            print(f"  invalid model replies (a reply and a repair per stand-in report): "
                  f"{len(invalid.reasons)}" + (f" ({why})" if why else ""))
            print(f"  model-written overall scores: {shown(model_scores)}   {spread(model_scores)}")
            print(f"  time per report: median {statistics.median(times):.1f}s, "
                  f"max {max(times):.1f}s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--real", metavar="URL", help="an OpenAI-compatible base URL (.../v1)")
    parser.add_argument("--read-timeout", type=float, default=600.0,
                        help="LLM_READ_TIMEOUT for --real (a small CPU model is slow)")
    parser.add_argument("--skip-loopback", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true", help="log the provider's INFO")
    args = parser.parse_args()
    level = logging.INFO if args.verbose else logging.ERROR
    logging.basicConfig(level=level, format="  %(name)s: %(message)s")
    logging.getLogger().handlers[0].setLevel(level)
    if not args.skip_loopback:
        asyncio.run(loopback(args.runs, args.seed))
    if args.real:
        asyncio.run(real(args.real, args.runs, args.read_timeout))


if __name__ == "__main__":
    main()
