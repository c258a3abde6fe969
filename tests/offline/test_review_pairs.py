"""What a review on five jobs the developers had not seen found, kept fixed.

The pairs (tests/fixtures/pairs/review_*) are a warehouse shift supervisor, a B2B account
executive with a plain-text JD, a hotel front office manager, a council policy officer and a
community pharmacist; their CVs use headings in the candidate's own words and unusual role
lines. Each test is a finding, stated as what the candidate should see."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from interview_core.models import InterviewContext, Role, Turn
from interview_core.providers.offline import OfflineProvider
from interview_core.providers.offline.cv import analyse_cv
from interview_core.providers.offline.jd import analyse_jd
from interview_core.providers.offline.phrasing import gerund
from interview_core.providers.offline.software import software_terms_in
from interview_core.roles import guess_role

PAIRS = Path(__file__).parent.parent / "fixtures" / "pairs"
NAMES = ("warehouse", "sales", "hotel", "policy", "pharmacist", "care", "retail", "bookkeeper")


def _texts(name: str) -> tuple[str, str]:
    cv = (PAIRS / f"review_{name}_cv.md").read_text(encoding="utf-8")
    jd_path = next(PAIRS.glob(f"review_{name}_jd.*"))
    return cv, jd_path.read_text(encoding="utf-8")


EMPLOYERS = {
    "warehouse": ("Brightwell Logistics", "Castlegate Foods"),
    "sales": ("Carrow Health Systems", "Lumen Office Supplies"),
    "hotel": ("The Lighthouse Hotel", "Carbis Bay Resort", "Premier Inn Plymouth"),
    "policy": ("Eastfield District Council", "Centre for Housing Studies, University of Sheffield"),
    "pharmacist": ("Boots", "Lloyds Pharmacy"),
    "care": ("Bluebell Home Care", "Sunrise Residential Home"),
    "retail": ("Northfield Home", "Rivet Clothing", "Rivet Clothing"),
    "bookkeeper": ("Harlow & Pike Chartered Accountants", "Boots"),
}


@pytest.mark.parametrize(
    "name, title, company",
    [
        ("care", "Domiciliary Care Worker", "Homewise Care Ltd"),
        ("retail", "Store Manager", "Oakwell Outdoor"),
        ("bookkeeper", "Junior Bookkeeper", "Greenway Property Management Ltd"),
    ],
)
def test_the_employer_is_found_below_a_header_that_names_a_place(name: str, title: str,
                                                                 company: str) -> None:
    assert guess_role(_texts(name)[1]) == (title, company)


@pytest.mark.parametrize("name, field_words", [
    ("care", r"visit|person you support|patient"),
    ("retail", r"store|shop floor|till|colleagues|sales target|delivery"),
])
async def test_scenarios_fit_care_work_and_retail(name: str, field_words: str) -> None:
    cv, jd = _texts(name)
    questions = await _ask(cv, jd, [f"I have done this work for years and kept a steady team, {n}."
                                    for n in range(8)])
    scenarios = [q for q in questions if re.search(r"scenario|hypothetical|Imagine", q)]
    assert scenarios and all(re.search(field_words, q) for q in scenarios), scenarios
    assert not any(re.search(r"scope changes|key account|prospect goes quiet", q) for q in questions)
    assert not any("at work at work" in q for q in questions)


@pytest.mark.parametrize("name", NAMES)
def test_roles_and_employers_are_read_from_unusual_cvs(name: str) -> None:
    cv = analyse_cv(_texts(name)[0])
    employers = tuple(r.employer for r in cv.roles)
    assert employers == EMPLOYERS[name]
    # A heading in the candidate's own words is never an employer or part of a title.
    for role in cv.roles:
        assert not re.search(r"\b(?:I've|I'm|WHAT|Where I)\b", f"{role.title} {role.employer}")
    assert "Representative" in " ".join(r.title for r in cv.roles) or name != "sales"
    assert len(cv.achievements) >= 5


def test_a_plain_text_jd_gives_its_duties_not_its_blurb() -> None:
    job = analyse_jd(_texts("sales")[1])
    duties = job.duties
    assert duties[0] == "own the full sales cycle from first discovery call to signed contract"
    assert any(d.startswith("hand new customers over to Customer Success") for d in duties)
    assert not any(re.match(r"(?i)we are|fernbrook makes|in this role", d) for d in duties)


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("lead, brief and motivate the night shift team to hit pick rate and dispatch targets",
         "leading, briefing and motivating the night shift team to hit pick rate and dispatch targets"),
        ("draft and review council policies", "drafting and reviewing council policies"),
        ("hand new customers over to Customer Success", "handing new customers over to Customer Success"),
    ],
)
def test_duties_read_as_gerunds_without_turning_nouns_into_verbs(phrase: str, expected: str) -> None:
    assert gerund(phrase) == expected


def test_headers_keep_the_company_whole() -> None:
    assert guess_role(_texts("warehouse")[1]) == ("Warehouse Shift Supervisor", "Northgate Distribution Ltd.")
    assert guess_role(_texts("policy")[1]) == ("Policy Officer (Housing & Homelessness)", "Riverside Borough Council")


STORIES = {
    "football": "I coach my son's under-11 football team on Saturdays and last season they won the cup "
                "after we practised set pieces every week.",
    "holiday": "We went to Portugal last summer and it was lovely, the food was great and the kids "
               "loved the beach every single day.",
}


async def _ask(cv: str, jd: str, answers: list[str]) -> list[str]:
    provider = OfflineProvider()
    history: list[Turn] = []
    questions: list[str] = []
    for number, answer in enumerate(answers, 1):
        ctx = InterviewContext("", "", cv, jd, tuple(history), number, 8)
        write = provider.opening_question if number == 1 else provider.follow_up_question
        question = (await write(ctx)).text
        questions.append(question)
        history += [Turn(Role.INTERVIEWER, question), Turn(Role.CANDIDATE, answer)]
    return questions


@pytest.mark.parametrize("story", sorted(STORIES))
async def test_talk_about_something_else_is_not_probed(story: str) -> None:
    cv, jd = _texts("warehouse")
    questions = await _ask(cv, jd, [STORIES[story], "..."])
    words = set(re.findall(r"[a-z]+", STORIES[story].lower())) - {"i", "my", "we", "the", "and", "it"}
    quoted = re.findall(r"“([^”]+)”", questions[1])
    assert not quoted or not set(re.findall(r"[a-z]+", quoted[0].lower())) & words, questions[1]


@pytest.mark.parametrize("name", NAMES)
async def test_a_whole_interview_on_each_job_is_clean(name: str) -> None:
    cv, jd = _texts(name)
    answers = [
        "I have been in this line of work for six years and I currently lead a small team. I "
        "improved how we plan each week, and complaints fell from ten a month to three.",
    ] * 8
    answers = [f"{a} (answer {n})" for n, a in enumerate(answers, 1)]
    questions = await _ask(cv, jd, answers)
    allowed = set(software_terms_in(cv)) | set(software_terms_in(jd))
    for question in questions:
        assert len(question) <= 600
        assert not set(software_terms_in(question)) - allowed, question
        assert not re.search(r"\bat (?:WHAT|Where I|How I)\b", question), question
        assert "  " not in question and not re.search(r"\b(\w+) \1\b", question), question
    assert len(set(questions)) == len(questions)
