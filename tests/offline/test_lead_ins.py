"""What a question says before it asks: "No problem" and "That's fine" only after an answer
that declines or doesn't know; after a weak answer that tried, a neutral lead or none.

A review found "No problem. What is the closest you have come to budgeting..." after a
keyword-stuffed answer, "No problem. Look at one duty..." after a hedged one and "That's
fine. Pick any small task..." after "Situation task action result.", in drills and in the
interview, and the friendly persona adds its own reassurance on top. Any job."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from interview_core.models import InterviewContext, Role, Turn
from interview_core.providers.offline import write_follow_up, write_opening
from interview_core.providers.offline.planning import declined

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PAIRS = {
    "warehouse": ("Warehouse Supervisor", "Northline Distribution", "review_cv_layouts/wh"),
    "nurse": ("Senior Staff Nurse, Emergency Department", "City General Hospital",
              "review_cv_layouts/nurse"),
    "teacher": ("Head of Mathematics", "Oakwood School", "review_cv_layouts/teacher"),
    "accountant": ("Financial Accountant", "Brackenridge Foods", "pairs/accountant"),
}

# Weak, but the candidate tried: never met with "No problem".
ATTEMPTED = [
    "budgeting budgeting budgeting budget costs money finance spreadsheet 10%",
    "I guess I maybe did some training, like.",
    "Situation task action result.",
    "It was mostly fine I guess.",
    "I like cats and my favourite food is pizza. The weather has been nice lately.",
    "I am great at everything.",
    "Um, I guess, like, maybe I kind of did some stuff with the kids, you know, sort of.",
]
# The candidate declined or doesn't know: reassurance fits.
DECLINED = ["I don't know.", "I haven't done that.", "pass", "Not sure.", "No idea, sorry.",
            "I've never had to do that."]

REASSURING = re.compile(
    r"\b(?:no problem|that's fine|that's okay|that's ok|no worries|take your time|no rush|"
    r"don't worry|let's try an easier one|take a moment)\b", re.IGNORECASE)
PRAISE = re.compile(r"that's useful|great to hear|really helpful|lovely|appreciate you sharing",
                    re.IGNORECASE)
DRILLS = [("competency", c) for c in
          ("structure", "specificity", "relevance", "communication", "jd_coverage")] + [
    ("skill", "Budgeting")]


def _texts(name: str) -> tuple[str, str, str, str]:
    title, company, stem = PAIRS[name]
    cv = (FIXTURES / f"{stem}_cv.md").read_text()
    jd_path = FIXTURES / f"{stem}_jd.md"
    return title, company, cv, jd_path.read_text()


def _questions(name: str, answers: list[str], total: int | None = None, **kwargs: str) -> list[str]:
    title, company, cv, jd = _texts(name)
    total = total or len(answers) + 1
    history: list[Turn] = []
    questions = []
    for number in range(1, total + 1):
        ctx = InterviewContext(title, company, cv, jd, tuple(history), number, total, **kwargs)
        question = write_opening(ctx) if number == 1 else write_follow_up(ctx)
        questions.append(question)
        if number <= len(answers):
            history += [Turn(Role.INTERVIEWER, question), Turn(Role.CANDIDATE, answers[number - 1])]
    return questions


def _lead(question: str) -> str:
    """The question's opening words, up to its first question-like clause."""
    return re.split(r"(?<=[.;!])\s", question, maxsplit=1)[0]


@pytest.mark.parametrize("answer", ATTEMPTED + DECLINED)
def test_declined_tells_a_refusal_from_a_weak_attempt(answer: str) -> None:
    assert declined(answer) is (answer in DECLINED)


@pytest.mark.parametrize("name", list(PAIRS))
@pytest.mark.parametrize("answer", ATTEMPTED)
def test_a_weak_attempt_is_never_met_with_no_problem(name: str, answer: str) -> None:
    # Question 2 after a weak opening answer, and a long run of weak answers.
    for questions in (_questions(name, [answer], 6),
                      _questions(name, ATTEMPTED[ATTEMPTED.index(answer):] + ATTEMPTED, 8)):
        for question in questions[1:]:
            assert not REASSURING.search(_lead(question)), question


@pytest.mark.parametrize("name", list(PAIRS))
@pytest.mark.parametrize("answer", DECLINED)
def test_a_refusal_is_met_with_reassurance_and_a_smaller_question(name: str, answer: str) -> None:
    question = _questions(name, [answer], 6)[1]
    assert REASSURING.search(_lead(question)), question


@pytest.mark.parametrize("name", list(PAIRS))
@pytest.mark.parametrize("focus_kind,focus", DRILLS)
def test_in_a_drill_a_weak_attempt_gets_a_neutral_re_ask(name: str, focus_kind: str, focus: str) -> None:
    for answer in ATTEMPTED:
        questions = _questions(name, [answer, answer], 3, focus_kind=focus_kind, focus=focus)
        for question in questions[1:]:
            assert not REASSURING.search(_lead(question)), (answer, question)


@pytest.mark.parametrize("name", list(PAIRS))
@pytest.mark.parametrize("focus_kind,focus", DRILLS)
def test_in_a_drill_a_refusal_gets_reassurance(name: str, focus_kind: str, focus: str) -> None:
    for answer in DECLINED:
        question = _questions(name, [answer], 3, focus_kind=focus_kind, focus=focus)[1]
        assert REASSURING.search(_lead(question)), (answer, question)


def test_the_reviewers_drills_say_no_no_problem() -> None:
    # drill3: a list of keywords; drill1: a hedge; drill2: the STAR words handed back.
    budgeting = _questions("warehouse", [ATTEMPTED[0]], 3, focus_kind="skill", focus="Budgeting")
    assert not budgeting[1].startswith(("No problem", "That's fine")), budgeting[1]
    assert "closest you have come" not in budgeting[1] or not REASSURING.search(budgeting[1])
    relevance = _questions("warehouse", ["In 2024 our overtime budget ran 20% over. As team leader "
                                         "I was responsible for it. I rebuilt the rota in Excel and "
                                         "cut overtime by 15% in two months.", ATTEMPTED[1]], 3,
                           focus_kind="competency", focus="relevance")
    assert not REASSURING.search(relevance[2]), relevance[2]
    structure = _questions("warehouse", ["In 2023 a forklift near-miss happened on nights. As H&S "
                                         "rep I had to stop a repeat. I rerouted pedestrian "
                                         "walkways and briefed 12 staff. Near-misses fell to zero "
                                         "over six months.", ATTEMPTED[2]], 3,
                           focus_kind="competency", focus="structure")
    assert not REASSURING.search(structure[2]), structure[2]


@pytest.mark.parametrize("name", list(PAIRS))
def test_the_friendly_persona_reassures_only_a_refusal(name: str) -> None:
    for answer in ATTEMPTED:
        for extra in ({}, {"focus_kind": "competency", "focus": "structure"}):
            for question in _questions(name, [answer, answer], 3, persona="friendly", **extra)[1:]:
                assert not REASSURING.search(_lead(question)), (answer, question)
    for answer in DECLINED:
        for extra in ({}, {"focus_kind": "skill", "focus": "Budgeting"}):
            question = _questions(name, [answer], 3, persona="friendly", **extra)[1]
            # Warm, once: never "No worries ... No problem", never praise for "I don't know".
            assert len(REASSURING.findall(question)) == 1, question
            assert not PRAISE.search(question), question


@pytest.mark.parametrize("name", list(PAIRS))
def test_no_praise_after_a_weak_or_declined_answer(name: str) -> None:
    for answers in (ATTEMPTED, DECLINED):
        questions = _questions(name, answers, len(answers) + 1)
        for question in questions[1:]:
            assert not PRAISE.search(question), question


def test_a_lead_is_said_once_per_interview() -> None:
    questions = _questions("nurse", (DECLINED + ATTEMPTED) * 2, 20)
    leads = [_lead(q) for q in questions if REASSURING.search(_lead(q)) or
             _lead(q).startswith(("Let's make it", "Let's try", "Let me put"))]
    assert len(leads) == len(set(leads)), leads
