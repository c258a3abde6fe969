"""What an attack on the offline coach found, kept fixed: answers that game the score,
inputs that crashed it, and caches that grew with every interview.

How fast the hostile shapes run is measured by bench/offline.py (--hostile), not here."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

import interview_core
from interview_core.models import InterviewContext, Role, Turn
from interview_core.providers.offline import OfflineProvider
from interview_core.providers.offline.caching import LONG_TEXT, text_cache
from interview_core.providers.offline.software import software_terms_in

SAMPLES = Path(interview_core.__file__).parent / "samples"
CV = (SAMPLES / "sample_cv.md").read_text(encoding="utf-8")
JD = (SAMPLES / "sample_jd.md").read_text(encoding="utf-8")
TITLE, COMPANY = "Senior Backend Engineer", "Northwind Labs"

Answer = Callable[[str, int], str]


async def _interview(answer: Answer, cv: str = CV, jd: str = JD):
    provider, history = OfflineProvider(), []
    for number in range(1, 9):
        ctx = InterviewContext(TITLE, COMPANY, cv, jd, tuple(history), number, 8)
        write = provider.opening_question if number == 1 else provider.follow_up_question
        question = (await write(ctx)).text
        history += [Turn(Role.INTERVIEWER, question), Turn(Role.CANDIDATE, answer(question, number))]
    return await provider.feedback(InterviewContext(TITLE, COMPANY, cv, jd, tuple(history), 8, 8))


_STOP = set("the a an and or of to in on for with you your our we what how did do can could would "
            "tell me about time that this is it as at be by from which who when where why one real "
            "example walk through".split())


def _topic(question: str) -> str:
    question = re.sub(r"“[^”]*”", " ", question)
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z-]+", question)
             if w.lower() not in _STOP and len(w) > 3]
    return " ".join(words[-10:])


def _template(question: str, n: int) -> str:
    topic = _topic(question)
    return (f"Situation: at my last company we had a problem with {topic}. Task: I was responsible "
            f"for {topic}. Action: I analysed {topic}, I planned the work and I led the team "
            f"through it. Result: {topic} improved by {20 + n}% within {n + 1} months.")


STORY = (
    "When I joined Brightwave Payments the card-authorisation service was a slow Python monolith. "
    "I was asked to own its migration to Go services. I designed the cutover plan, built a "
    "shadow-traffic harness and led three engineers through it. As a result p99 latency went "
    "from 480 ms to 120 ms at 2,500 requests per second, with no downtime."
)
SYNONYMS = [("slow", "laggy"), ("joined", "started at"), ("designed", "drew up"), ("built", "created"),
            ("led", "guided"), ("asked", "told"), ("went", "dropped"), ("own", "run")]


def _retold(question: str, n: int) -> str:
    text = STORY
    for plain, other in SYNONYMS[: n % len(SYNONYMS) + 1]:
        text = text.replace(plain, other, 1)
    return text


def _echo(question: str, n: int) -> str:
    return "I did exactly this: " + question.replace("you", "I") + f" It improved results by {3 * n}%."


CV_LINES = [line[2:] for line in CV.splitlines() if line.startswith("- ") and len(line) > 60]


@pytest.mark.parametrize(
    "strategy, answer, ceiling",
    [
        ("a STAR template filled with the question's words", _template, 40),
        ("one story retold with synonyms", _retold, 40),
        ("the question handed back", _echo, 30),
        ("a CV line pasted for every question", lambda q, n: CV_LINES[n % len(CV_LINES)], 40),
    ],
)
async def test_gaming_the_score_does_not_pay(strategy: str, answer: Answer, ceiling: int) -> None:
    report = await _interview(answer)
    assert report.overall_score <= ceiling, (strategy, report.overall_score,
                                             [a.score for a in report.answers])
    notes = " ".join(f"{a.what_worked} {a.to_improve}" for a in report.answers)
    assert re.search(r"same answer|repeats|repeated|CV line|question back|same few words", notes), notes


async def test_a_dotted_i_or_long_s_in_the_jd_does_not_crash() -> None:
    assert software_terms_in("REST APİ and a pipelineſ")  # found, no KeyError
    jd = JD.replace("payments APIs", "payments APİs") + "\nWe use a CI pipelineſ.\n"
    report = await _interview(lambda q, n: STORY.replace("Brightwave", "İstanbul"), jd=jd)
    assert 0 <= report.overall_score <= 100


@pytest.mark.parametrize("shape", ["!" * 20_000 + "x", "?." * 10_000 + "x", "(" * 20_000])
async def test_a_hostile_answer_gets_questions_and_a_report(shape: str) -> None:
    report = await _interview(lambda q, n: shape)
    assert report.overall_score <= 10
    assert all(a.score <= 15 for a in report.answers)


def test_long_texts_go_to_a_small_cache() -> None:
    calls: list[str] = []

    @text_cache(maxsize=100, long_maxsize=2)
    def measure(text: str) -> int:
        calls.append(text)
        return len(text)

    for n in range(10):
        measure("x" * (LONG_TEXT + 1 + n))  # ten whole documents
    assert measure.cache_info().currsize == 0  # none of them held by the large cache
    measure("x" * (LONG_TEXT + 10))
    assert len(calls) == 10  # the last document is still cached
    measure("x" * (LONG_TEXT + 1))
    assert len(calls) == 11  # an early one was let go
    measure("short")
    measure("short")
    assert calls.count("short") == 1 and measure.cache_info().currsize == 1
