"""Offline drills (interview_core/providers/offline/drilling.py): a short session where every
question works on one focus, for a nurse, a teacher, an accountant and a software engineer.
Structure questions ask for the situation, the steps and the result; a skill drill names the
skill in every question; question 1 goes straight to the focus; the engine still adapts (a
probe in the focus's terms, a smaller re-ask after "I don't know"); nothing repeats; no
software word a nurse's CV and JD never use; and a context with no focus is the interview
the engine always wrote."""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import replace

import pytest

from interview_core.models import InterviewContext, Role, Turn
from interview_core.providers.offline import OfflineProvider
from interview_core.providers.offline.phrasing import Scene, word_runs
from interview_core.providers.offline.text import normalize_question
from tests.conftest import FIXTURES

ROOT = FIXTURES.parent.parent
JOBS = ("nurse", "teacher", "accountant", "sample")
WEAK = ["It was mostly fine I guess.", "I don't know.", "Not sure, we just did our jobs and it was ok.", "Um, maybe."]
# What each focus's questions must ask for, whatever the job.
ASKS = {
    "structure": r"situation|step by step|in order|your task|\bresult\b",
    "specificity": r"numbers?\b|figures?\b|how many|how much|evidence|measured",
    "relevance": r"this role|this job|the role|the job|\bhere\b",
    "communication": r"three (?:short )?sentences|two minutes|two or three|plain",
    "jd_coverage": r"job description|requirement|the job asks|the role asks|the role calls",
}
WARM_UP = re.compile(r"\b(?:welcome|thanks for joining|good to meet you|hello)\b", re.I)


def job(name: str) -> dict:
    data = json.loads((FIXTURES / "answers" / f"{name}.json").read_text("utf-8"))
    data["cv_text"] = (ROOT / data["cv"]).read_text("utf-8")
    data["jd_text"] = (ROOT / data["jd"]).read_text("utf-8")
    return data


def drill(name: str, kind: str, focus: str, answers: list[str] | None = None, total: int = 4,
          persona: str = "neutral") -> tuple[list[str], list[InterviewContext]]:
    data = job(name)
    answers = answers or [item["text"] for item in data["bank"][1:]]
    provider, history, questions, contexts = OfflineProvider(), [], [], []
    for number in range(1, total + 1):
        ctx = InterviewContext(data["title"], data["company"], data["cv_text"], data["jd_text"], tuple(history),
                               number, total, persona=persona, focus_kind=kind, focus=focus)
        write = provider.opening_question if number == 1 else provider.follow_up_question
        text = asyncio.run(write(ctx)).text
        questions.append(text)
        contexts.append(ctx)
        history += [Turn(Role.INTERVIEWER, text), Turn(Role.CANDIDATE, answers[(number - 1) % len(answers)])]
    return questions, contexts


def assert_never_repeats(questions: list[str]) -> None:
    keys = [normalize_question(q) for q in questions]
    assert len(set(keys)) == len(keys), questions
    for i, key in enumerate(keys):
        for earlier in keys[:i]:
            assert not (word_runs(key) & word_runs(earlier)), (questions[i], earlier)


def assert_honest(questions: list[str], contexts: list[InterviewContext], allowed: str = "") -> None:
    for question, ctx in zip(questions, contexts):
        text = question.replace(allowed, " ") if allowed else question
        assert Scene.of(ctx).foreign_terms(text) == (), question


@pytest.mark.parametrize("name", JOBS)
@pytest.mark.parametrize("focus", list(ASKS))
@pytest.mark.parametrize("weak", [False, True], ids=["answers", "weak"])
def test_every_question_of_a_competency_drill_works_on_it(name: str, focus: str, weak: bool) -> None:
    questions, contexts = drill(name, "competency", focus, WEAK if weak else None)
    assert len(questions) == 4
    for question in questions:
        assert re.search(ASKS[focus], question, re.I), (focus, question)
        assert question.endswith("?") or question.rstrip().endswith("."), question
    assert not WARM_UP.search(questions[0]), questions[0]
    assert_never_repeats(questions)
    assert_honest(questions, contexts)


@pytest.mark.parametrize(("name", "skill", "said"), [
    ("nurse", "medication administration", "medication administration"),
    ("teacher", "assessment for learning", "assessment for learning"),
    ("accountant", "Budgeting", "budgeting"),
    ("sample", "Kubernetes", "Kubernetes"),
])
@pytest.mark.parametrize("weak", [False, True], ids=["answers", "weak"])
def test_a_skill_drill_names_the_skill_in_every_question(name: str, skill: str, said: str, weak: bool) -> None:
    questions, contexts = drill(name, "skill", skill, WEAK if weak else None)
    for question in questions:
        assert said in question, question
        assert "Budgeting" not in question[1:]  # said as a word mid-sentence, not as a label
    assert questions[0].startswith(f"Let's drill {said}.")
    assert_never_repeats(questions)
    assert_honest(questions, contexts, allowed=said)


def test_a_structure_drill_probes_the_part_an_answer_left_out() -> None:
    # A real story that never says what the nurse's task was: the next question quotes it and asks.
    answer = ("On my telemetry unit one night a patient's heart rate went up suddenly. I checked on him, "
              "took his vital signs and called the rapid response team, then I let the doctor know.")
    questions, _ = drill("nurse", "competency", "structure", [answer, *WEAK], total=3)
    assert "\u201c" in questions[1] and "what was your task" in questions[1]
    quoted = re.search(r"\u201c([^\u201d]+)\u201d", questions[1])
    assert quoted and quoted.group(1) in answer
    assert "\u201c" not in questions[2]  # one probe, then a smaller question after "I don't know"


def test_a_specificity_drill_asks_for_the_numbers_an_answer_lacked() -> None:
    data = job("accountant")
    questions, _ = drill("accountant", "competency", "specificity", [data["decent"], *WEAK], total=3)
    assert "\u201c" in questions[1] and re.search(r"figures|numbers", questions[1])


def test_a_communication_drill_asks_a_long_answer_for_the_short_version() -> None:
    long_answer = " ".join(["At Fenbrook I planned the lessons for my Year 10 set and I checked each week."] * 20)
    questions, _ = drill("teacher", "competency", "communication", [long_answer, *WEAK], total=2)
    assert re.search(r"ran to \d+ words", questions[1]), questions[1]


@pytest.mark.parametrize("total", [3, 5])
@pytest.mark.parametrize("focus", ["structure", "jd_coverage"])
def test_three_and_five_question_drills_never_repeat(total: int, focus: str) -> None:
    for name in JOBS:
        for answers in (None, WEAK):
            questions, _ = drill(name, "competency", focus, answers, total=total)
            assert len(questions) == total
            assert_never_repeats(questions)


def test_a_tough_drill_keeps_the_drills_question() -> None:
    questions, _ = drill("accountant", "skill", "budgeting", ["I think it was basically fine, maybe.", *WEAK],
                         persona="tough")
    assert all("budgeting" in q for q in questions), questions


def test_a_context_with_no_focus_is_the_interview_it_always_was() -> None:
    data = job("nurse")
    answers = [item["text"] for item in data["bank"][1:]]
    provider = OfflineProvider()
    history: list[Turn] = []
    for number in range(1, 9):
        ctx = InterviewContext(data["title"], data["company"], data["cv_text"], data["jd_text"], tuple(history),
                               number, 8)
        write = provider.opening_question if number == 1 else provider.follow_up_question
        text = asyncio.run(write(ctx)).text
        # An unknown focus is no drill either: the same question.
        for odd in (replace(ctx, focus_kind="competency", focus="charisma"), replace(ctx, focus_kind="skill")):
            assert asyncio.run(write(odd)).text == text
        history += [Turn(Role.INTERVIEWER, text), Turn(Role.CANDIDATE, answers[number - 1])]
    assert WARM_UP.search(history[0].text)  # the interview's own warm opening
