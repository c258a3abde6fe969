"""The offline interviewer's questions for any field: the JD's own duties, probes that quote
the last answer, re-asks after weak answers, no false claims, no software words outside
software, no repetition. Nurse, teacher, backend (the bundled sample) and data engineer."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import pytest

import interview_core
from interview_core.models import InterviewContext, Role, Turn
from interview_core.providers.offline import OfflineProvider, plan_categories
from interview_core.providers.offline.jd import analyse_jd
from interview_core.providers.offline.phrasing import (
    Scene,
    gerund,
    software_terms_in,
    word_runs,
)
from interview_core.providers.offline.text import content_tokens, normalize_question

ANSWERS_DIR = Path(__file__).parent.parent / "fixtures" / "answers"
PAIRS_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "pairs"
SAMPLES = Path(interview_core.__file__).parent / "samples"

PAIRS = {
    "nurse": ("Registered Nurse", "St. Catherine's Regional Medical Center"),
    "teacher": ("Teacher of Mathematics", "Ashgrove Academy"),
    "backend": ("Senior Backend Engineer", "Northwind Labs"),
    "data_engineer": ("Senior Data Engineer", "Pellworth Logistics"),
}
STRONG = {
    "nurse": [
        ("At Mercy Valley I care for five or six telemetry patients a shift. Last spring I noticed "
        "a post-PCI patient's rhythm change to a fast atrial fibrillation. I checked him at the "
        "bedside and I called the rapid response team within two minutes. He was moved to the "
        "cardiac ICU and was back on our unit two days later."),
        ("I called the team because his blood pressure was dropping to 85 over 50 and he was "
        "getting confused. I stayed with him and gave the SBAR handoff to the ICU nurse myself."),
        ("When I led the falls project I started hourly rounding and bed alarms for high-risk "
        "patients. I chose hourly rounding over sitters because we couldn't staff sitters. "
        "Falls went from six to two a month within two quarters."),
    ],
    "teacher": [
        ("At Fenbrook I led the Year 11 intervention programme. I used mock data to pick pupils "
        "just under grade 4 and I ran small-group sessions twice a week. The share of pupils "
        "reaching grade 4 rose from 61% to 74% in two years."),
        ("I picked them from the mock data because the grade 4 boundary matters most for their "
        "next steps. I planned each session around three topics they had missed."),
        ("With my Year 9 class I introduced a seating plan and a behaviour routine with the head "
        "of year. I followed it every lesson and behaviour points fell by 40% in a term."),
    ],
}
WEAK = ["It was mostly fine I guess.", "I don't know.", "Not sure.", "Um, maybe."]


def _pair(name: str) -> tuple[str, str, str, str]:
    title, company = PAIRS[name]
    if name == "backend":
        cv, jd = (SAMPLES / "sample_cv.md").read_text(), (SAMPLES / "sample_jd.md").read_text()
    else:
        cv = (PAIRS_DIR / f"{name}_cv.md").read_text()
        jd = (PAIRS_DIR / f"{name}_jd.md").read_text()
    return title, company, cv, jd


def _run(name: str, answers: list[str], total: int = 8) -> tuple[list[str], list[str]]:
    title, company, cv, jd = _pair(name)
    provider, history, questions, given = OfflineProvider(), [], [], []
    for number in range(1, total + 1):
        ctx = InterviewContext(title, company, cv, jd, tuple(history), number, total)
        write = provider.opening_question if number == 1 else provider.follow_up_question
        text = asyncio.run(write(ctx)).text
        answer = answers[(number - 1) % len(answers)]
        questions.append(text)
        given.append(answer)
        history += [Turn(Role.INTERVIEWER, text), Turn(Role.CANDIDATE, answer)]
    return questions, given


def _strong(name: str) -> list[str]:
    """Eight different strong answers from the candidate's own field (the fixture banks): an
    answer about another field, or a copy of an earlier one, is not probed, by design."""
    bank = "sample" if name == "backend" else name
    data = json.loads((ANSWERS_DIR / f"{bank}.json").read_text(encoding="utf-8"))
    return [a["text"] for a in data["bank"]][:8]


def _quote(question: str) -> str:
    found = re.search(r"\u201c([^\u201d]+)\u201d", question)
    return found.group(1) if found else ""


def _names_duty(question: str, jd: str, title: str, company: str) -> bool:
    job = analyse_jd(jd)
    common = content_tokens(f"{title} {company}")

    def words(text: str) -> frozenset[str]:
        return frozenset(w for w in content_tokens(text) if len(w) >= 4 and w not in common)

    lines = job.responsibilities + job.requirements
    return any(len(words(question) & words(line)) >= 2 for line in lines)


# ---------------------------------------------------------------------------
# Reading the JD
# ---------------------------------------------------------------------------
def test_duties_are_found_for_non_software_jds() -> None:
    nurse = analyse_jd(_pair("nurse")[3])
    assert "watch cardiac rhythms on telemetry" in " ".join(nurse.duties)
    assert len(nurse.duties) >= 8
    teacher = analyse_jd(_pair("teacher")[3])  # plain-text headings: "The role", "About you"
    assert any(d.startswith("plan and teach") for d in teacher.duties)
    accountant = analyse_jd((PAIRS_DIR / "accountant_jd.md").read_text())  # "Key responsibilities"
    assert len(accountant.responsibilities) == 10
    assert any("reconcile balance sheet accounts" in d for d in accountant.duties)
    # Credentials are not duties to ask "tell me about a time you did that" about.
    assert not any(re.search(r"licen[cs]e|BLS|QTS|ACCA", d) for d in nurse.duties + teacher.duties)


def test_title_comes_from_the_first_line() -> None:
    assert analyse_jd(_pair("teacher")[3]).title == "Teacher of Mathematics"
    assert analyse_jd(_pair("nurse")[3]).title.startswith("Registered Nurse")


def test_gerunds() -> None:
    assert gerund("plan and teach maths lessons") == "planning and teaching maths lessons"
    assert (
        gerund("document assessments, care plans and patient education")
        == "documenting assessments, care plans and patient education"
    )
    assert gerund("give medications safely") == "giving medications safely"
    assert gerund("assess, plan, deliver and evaluate care") == (
        "assessing, planning, delivering and evaluating care"
    )


# ---------------------------------------------------------------------------
# Whole interviews
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(PAIRS))
@pytest.mark.parametrize("kind", ["strong", "weak"])
def test_questions_name_the_jds_duties_and_no_foreign_software_terms(name: str, kind: str) -> None:
    title, company, cv, jd = _pair(name)
    questions, _ = _run(name, _strong(name) if kind == "strong" else WEAK)
    named = [q for q in questions if _names_duty(q, jd, title, company)]
    assert len(named) >= 4, "\n".join(questions)
    allowed = {t.lower() for t in software_terms_in(cv + "\n" + jd)}
    for question in questions:
        leaked = {t.lower() for t in software_terms_in(question.replace(_quote(question), ""))}
        assert not leaked - allowed, (leaked - allowed, question)


@pytest.mark.parametrize("name", ["nurse", "teacher", "backend", "data_engineer"])
def test_at_least_three_follow_ups_quote_the_previous_answer(name: str) -> None:
    questions, answers = _run(name, _strong(name))
    quoting = 0
    for number in range(2, len(questions) + 1):
        quote = _quote(questions[number - 1])
        if quote:
            assert quote in answers[number - 2], (quote, answers[number - 2])
            quoting += 1
    assert quoting >= 3, "\n".join(questions)


@pytest.mark.parametrize("name", ["nurse", "teacher"])
def test_a_weak_answer_is_followed_on_the_same_topic(name: str) -> None:
    questions, _ = _run(name, WEAK)
    reask = re.compile(r"concrete|take your time|take a moment|another way|smaller|example")
    for number in (2,):
        question = questions[number - 1]
        assert _quote(question) or reask.search(question), question
    # ...and never two re-asks in a row: after one it moves on, with a transition.
    stays = [bool(_quote(q) or reask.search(q)) for q in questions[1:6]]
    assert not all(stays), questions


@pytest.mark.parametrize("name", list(PAIRS))
def test_no_false_claims_of_absence(name: str) -> None:
    for answers in (_strong(name), WEAK):
        questions, _ = _run(name, answers, 14)
        text = "\n".join(questions)
        assert "I don't see it on your CV" not in text and "isn't on your CV" not in text
        assert "Event-driven architecture" not in text or "couldn't find" not in text


@pytest.mark.parametrize("name", list(PAIRS))
def test_no_template_scenario_or_cv_item_twice(name: str) -> None:
    for answers in (_strong(name), WEAK, [_strong(name)[0]]):
        questions, _ = _run(name, answers)
        seen: set[tuple[str, ...]] = set()
        for question in questions:
            runs = word_runs(normalize_question(question))
            assert not runs & seen, (runs & seen, question)
            seen |= runs


def test_scenarios_fit_the_field() -> None:
    nurse = "\n".join(_run("nurse", STRONG["nurse"], 12)[0])
    teacher = "\n".join(_run("teacher", STRONG["teacher"], 12)[0])
    assert re.search(r"patient|admission|medication|bedside", nurse)
    assert not re.search(r"deadline is fixed|production|dependency", nurse)
    assert re.search(r"class|pupil|parent|lesson", teacher)


@pytest.mark.parametrize("total", [1, 2, 3, 4, 5, 7, 8, 12, 20])
def test_any_length_is_well_formed(total: int) -> None:
    questions, _ = _run("nurse", STRONG["nurse"] + WEAK, total)
    assert len(questions) == total == len(plan_categories(total))
    assert len({normalize_question(q) for q in questions}) == total
    for question in questions:
        assert 0 < len(question) <= 600 and question.endswith("?"), question
    if total >= 2:
        assert re.search(r"90 days|remember about you|final question|To finish", questions[-1])


def test_deterministic() -> None:
    assert _run("teacher", WEAK) == _run("teacher", WEAK)
    assert _run("teacher", WEAK)[0] != _run("nurse", WEAK)[0]


def test_the_nurse_is_never_asked_about_alerting_or_maintainability() -> None:
    title, company, cv, jd = _pair("nurse")
    ctx = InterviewContext(title, company, cv, jd, (), 1, 8)
    scene = Scene.of(ctx)
    assert scene.field == "healthcare"
    assert scene.foreign_terms("How would you decide what to alert on?")
    assert scene.foreign_terms("How would you keep it maintainable as requirements change?")
    assert not scene.foreign_terms("How do you document care plans in Epic?")
