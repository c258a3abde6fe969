"""Reading a CV in the layouts people write, for any job: roles, employers, achievements.

A review found the nurse CV's "Registered Nurse, 6 years. St Mary's Hospital, ..." read as
employer "6 years. St Mary's Hospital" and its "Skills: ..." line read as a piece of work,
so every outline said "one line of context at 6 years. St Mary's Hospital, e.g. the work
behind "Skills"". A duration is never an employer and a CV heading never a piece of work,
whatever the layout: title, duration. employer; employer - title (dates); bullets; headings
in capitals, in Markdown or inline ("Skills: ...")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from interview_core.models import InterviewContext, Role, Turn
from interview_core.providers.offline.cv import analyse_cv
from interview_core.providers.offline.scoring import build_report

REVIEW = Path(__file__).resolve().parents[1] / "fixtures" / "review_cv_layouts"

# name: (CV, expected short title, expected employer of the first role, a line of work
# that must be an achievement of its own, a skill the Skills part must hold)
LAYOUTS: dict[str, tuple[str, str, str, str, str]] = {
    "nurse_title_duration_employer": (
        "# Maria Lopez, RN\n"
        "Registered Nurse, 6 years. St Mary's Hospital, medical-surgical ward (2019-2025): "
        "caring for 6-8 patients per shift, medication administration, wound care, IV therapy, "
        "patient education. Charge nurse on nights since 2023. Led a falls-prevention project "
        "that cut falls by 30%.\n"
        "Skills: triage, electronic health records (Epic), BLS/ACLS, infection control, "
        "patient advocacy.\n",
        "Registered Nurse", "St Mary's Hospital",
        "Led a falls-prevention project that cut falls by 30%", "triage",
    ),
    "nurse_markdown_employer_dash_title": (
        "# Amina Yusuf\n## Experience\n**St Mary's Hospital** — Staff Nurse (2019 - 2025)\n"
        "- Cared for 6-8 patients per shift on a medical-surgical ward\n"
        "- Led a falls-prevention project that cut falls by 30%\n"
        "## Skills\n- Triage, Epic, BLS/ACLS\n## Education\nBSc Nursing, University of Leeds, 2019\n",
        "Staff Nurse", "St Mary's Hospital",
        "Led a falls-prevention project that cut falls by 30%", "Triage",
    ),
    "nurse_caps_employer_line_then_title": (
        "AMINA YUSUF\nPROFILE\nCompassionate nurse with 8 years' experience in acute care.\n"
        "EXPERIENCE\nLeeds General Infirmary, Leeds\nStaff Nurse, 3 years (Jan 2021 - Present)\n"
        "• Mentored 6 student nurses through their placements\n"
        "SKILLS\nTriage, wound care\n",
        "Staff Nurse", "Leeds General Infirmary",
        "Mentored 6 student nurses through their placements", "Triage",
    ),
    "teacher_title_years_at_employer": (
        "# James Okafor\n"
        "Secondary Maths Teacher, 8 years at Riverside Academy. Teach GCSE and A-level maths to "
        "classes of 30. Raised GCSE pass rate from 62% to 78%. Head of Year 9 since 2021. Run the "
        "after-school maths club. Skills: differentiation, behaviour management, assessment "
        "design, Google Classroom, safeguarding.\n",
        "Secondary Maths Teacher", "Riverside Academy",
        "Raised GCSE pass rate from 62% to 78%", "differentiation",
    ),
    "teacher_caps_headings": (
        "JAMES OKAFOR\nEXPERIENCE\nMaths Teacher, Riverside Academy, Sept 2016 - Present\n"
        "* Raised GCSE pass rate from 62% to 78% over three years\n"
        "* Ran the after-school maths club for 40 pupils\n"
        "SKILLS\nDifferentiation, behaviour management, Google Classroom\n"
        "EDUCATION\nPGCE Secondary Mathematics, 2016\n",
        "Maths Teacher", "Riverside Academy",
        "Raised GCSE pass rate from 62% to 78% over three years", "Differentiation",
    ),
    "teacher_duration_first": (
        "James Okafor\nExperience\n8 years: Teacher of Mathematics, Riverside Academy (2016-2024)\n"
        "- Raised the GCSE pass rate from 62% to 78%\nKey skills: safeguarding, differentiation\n",
        "Teacher of Mathematics", "Riverside Academy",
        "Raised the GCSE pass rate from 62% to 78%", "safeguarding",
    ),
    "accountant_title_duration_employer": (
        "# Priya Shah, ACCA\n"
        "Management Accountant, 7 years. Greenfield & Co, Manchester (2017-2024): month-end close "
        "for 3 entities, VAT returns, variance analysis. Cut the month-end close from 10 days to "
        "5. Skills: Excel, Sage, IFRS, budgeting.\n",
        "Management Accountant", "Greenfield & Co",
        "Cut the month-end close from 10 days to 5", "Sage",
    ),
    "accountant_employer_dash_title": (
        "Priya Shah\nProfile\nChartered accountant with 7 years of experience in manufacturing "
        "finance.\nWork history\nGreenfield & Co - Management Accountant (2017-2024)\n"
        "- Reduced the month-end close from 10 days to 5 by automating reconciliations\n"
        "- Prepared quarterly VAT returns for 3 entities\n"
        "Assistant Accountant at Brook Foods Ltd, 2014-2017\n"
        "- Built a cash-flow forecast used by the board\nKey skills\nExcel, Sage, IFRS\n",
        "Management Accountant", "Greenfield & Co",
        "Reduced the month-end close from 10 days to 5", "Sage",
    ),
    "warehouse_title_years_at_employer": (
        "# Dave Kim\n"
        "Warehouse Team Leader, 5 years at FastFreight Logistics. Manage a shift team of 12 "
        "pickers and packers. Forklift licensed. Improved pick accuracy from 97% to 99.5% using "
        "barcode scanning. Health and safety rep. Skills: WMS (SAP EWM), inventory control, rota "
        "planning, forklift, health and safety.\n",
        "Warehouse Team Leader", "FastFreight Logistics",
        "Improved pick accuracy from 97% to 99.5% using barcode scanning", "inventory control",
    ),
    "warehouse_bars_and_bullets": (
        "Dave Kim\nWORK EXPERIENCE\nFastFreight Logistics | Warehouse Team Leader | 2019 - Present\n"
        "• Managed a shift team of 12 pickers and packers\n"
        "• Improved pick accuracy from 97% to 99.5% using barcode scanning\n"
        "Warehouse Operative, Brook Distribution (2016-2019)\n• Picked and packed 300 orders a shift\n"
        "SKILLS\nWMS (SAP EWM), forklift, rota planning\n",
        "Warehouse Team Leader", "FastFreight Logistics",
        "Improved pick accuracy from 97% to 99.5% using barcode scanning", "forklift",
    ),
    "warehouse_inline_headings": (
        "Dave Kim\nWarehouse Supervisor with 10+ years in logistics.\n"
        "Experience: Shift Supervisor, Northline Distribution, 2018 - 2024. Ran the night shift "
        "of 20 operatives. Cut overtime by 15% by rebuilding the rota.\n"
        "Skills: forklift, WMS\nEducation: NVQ Level 3 Warehousing, 2012\n",
        "Shift Supervisor", "Northline Distribution",
        "Cut overtime by 15% by rebuilding the rota", "forklift",
    ),
}

_DURATION_RE = re.compile(r"\b(?:\d+\+?|one|two|three|four|five|six|seven|eight|nine|ten)\s*"
                          r"(?:years?|yrs?|months?)\b", re.IGNORECASE)
_HEADINGS = ("skills", "key skills", "experience", "work experience", "education", "profile",
             "summary", "work history", "certifications", "qualifications")


def _is_heading(text: str) -> bool:
    head = text.split(":", 1)[0] if ":" in text else text
    return head.strip(" .").lower() in _HEADINGS


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_the_first_role_has_its_title_and_employer(name: str) -> None:
    cv, title, employer, _, _ = LAYOUTS[name]
    roles = analyse_cv(cv).roles
    assert roles, name
    assert roles[0].short_title == title, roles
    assert roles[0].employer == employer, roles


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_a_duration_or_a_heading_is_never_an_employer_or_a_title(name: str) -> None:
    for role in analyse_cv(LAYOUTS[name][0]).roles:
        for text in (role.employer, role.title):
            assert not _DURATION_RE.search(text), role
            assert not _is_heading(text) and not text.lower().startswith(_HEADINGS), role


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_each_thing_done_is_an_achievement_of_its_own_at_that_employer(name: str) -> None:
    cv, _, employer, line, _ = LAYOUTS[name]
    items = analyse_cv(cv).achievements
    found = [a for a in items if a.text.startswith(line)]
    assert found, [a.text for a in items]
    assert found[0].where == employer


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_a_heading_is_never_a_piece_of_work(name: str) -> None:
    cv, _, _, _, skill = LAYOUTS[name]
    profile = analyse_cv(cv)
    for item in profile.achievements:
        assert not _is_heading(item.text), item.text
        assert not re.search(r"(?:^|\.\s)(?:Key )?Skills:", item.text), item.text
        assert not re.match(r"(?:Experience|Education|Profile|Summary)\b", item.text), item.text
    assert skill in profile.skills_section, profile.skills_section


def test_a_summary_line_with_a_duration_is_not_a_role() -> None:
    cv = ("Dave Kim\nWarehouse Supervisor with 10+ years in logistics.\n"
          "Shift Supervisor, Northline Distribution, 2018 - 2024\n- Ran the night shift of 20\n")
    roles = analyse_cv(cv).roles
    assert [(r.short_title, r.employer) for r in roles] == [("Shift Supervisor", "Northline Distribution")]


@pytest.mark.parametrize("duration", ["6 years", "5+ years", "10 yrs", "18 months", "six years",
                                      "3 years' experience", "over 4 years"])
def test_every_way_of_writing_a_duration_is_left_out_of_the_employer(duration: str) -> None:
    cv = f"Registered Nurse, {duration}. St Mary's Hospital, Leeds (2019-2025): led the falls audit.\n"
    role = analyse_cv(cv).roles[0]
    assert (role.short_title, role.employer) == ("Registered Nurse", "St Mary's Hospital")


# The reviewer's own pairs: every outline of a stronger answer names the employer, never a
# duration or a heading.
PAIRS = {
    "nurse": ("Senior Staff Nurse, Emergency Department", "City General Hospital", "St Mary's Hospital"),
    "teacher": ("Head of Mathematics", "Oakwood School", "Riverside Academy"),
    "wh": ("Warehouse Supervisor", "Northline Distribution", "FastFreight Logistics"),
}
ANSWERS = [
    "I am a nurse and I work hard.",
    "I like cats and my favourite food is pizza. The weather has been nice lately.",
    "When it got busy I sorted the priorities with the team and it went fine in the end.",
]


@pytest.mark.parametrize("name", list(PAIRS))
def test_outlines_never_name_a_duration_or_a_heading(name: str) -> None:
    from interview_core.providers.offline import write_follow_up, write_opening

    title, company, employer = PAIRS[name]
    cv = (REVIEW / f"{name}_cv.md").read_text()
    jd = (REVIEW / f"{name}_jd.md").read_text()
    history: list[Turn] = []
    for number in range(1, 4):
        ctx = InterviewContext(title, company, cv, jd, tuple(history), number, 3)
        question = write_opening(ctx) if number == 1 else write_follow_up(ctx)
        history += [Turn(Role.INTERVIEWER, question), Turn(Role.CANDIDATE, ANSWERS[number - 1])]
    report = build_report(InterviewContext(title, company, cv, jd, tuple(history), 3, 3))
    outlines = " ".join(n.stronger_answer for n in report.answers)
    assert not _DURATION_RE.search(outlines.replace("6-8", "")), outlines
    assert not re.search(r'"(?:Skills|Experience|Education|Key skills)"', outlines), outlines
    assert f"at {employer}" in outlines, outlines
