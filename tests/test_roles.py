"""guess_role: title and company from the header of a real-looking job description."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import interview_core
from interview_core.roles import guess_role

PAIRS = Path(__file__).parent / "fixtures" / "pairs"
SAMPLES = Path(interview_core.__file__).parent / "samples"


@pytest.mark.parametrize(
    ("header", "title", "company"),
    [
        # nursing and care
        (
            (
                "# Registered Nurse (RN) – Medical-Surgical Unit — "
                "St. Catherine's Regional Medical Center"
            ),
            "Registered Nurse (RN), Medical-Surgical Unit",
            "St. Catherine's Regional Medical Center",
        ),
        (
            "Staff Nurse, Band 5 – Ward 7 – Royal Devon Infirmary",
            "Staff Nurse, Band 5, Ward 7",
            "Royal Devon Infirmary",
        ),
        (
            "Staff Nurse, Mental Health – St. Ann's Hospital",
            "Staff Nurse, Mental Health",
            "St. Ann's Hospital",
        ),
        ("Care Co-ordinator - Oakwood Trust", "Care Co-ordinator", "Oakwood Trust"),
        # teaching
        ("Teacher of Mathematics — Ashgrove Academy", "Teacher of Mathematics", "Ashgrove Academy"),
        ("Teacher of Mathematics, Oakwood Academy", "Teacher of Mathematics", "Oakwood Academy"),
        (
            "Class Teacher (Year 4) · Riverside Primary School · Leeds",
            "Class Teacher (Year 4)",
            "Riverside Primary School",
        ),
        ("Head of Year 9 at St. Catherine's College", "Head of Year 9", "St. Catherine's College"),
        (
            "Post-doctoral Researcher – University of Leeds",
            "Post-doctoral Researcher",
            "University of Leeds",
        ),
        # accounting and finance
        ("Financial Accountant - Brackenridge Foods", "Financial Accountant", "Brackenridge Foods"),
        (
            "Accounts Payable Clerk at Harbor & Pine LLP (Hybrid)",
            "Accounts Payable Clerk",
            "Harbor & Pine LLP",
        ),
        ("Staff Accountant (Harbor & Pine LLP)", "Staff Accountant", "Harbor & Pine LLP"),
        (
            "Senior Payroll Specialist - Acme, Inc. - Austin, TX",
            "Senior Payroll Specialist",
            "Acme, Inc.",
        ),
        (
            "Customer Service Advisor (Remote) - Northstar Bank",
            "Customer Service Advisor",
            "Northstar Bank",
        ),
        # retail
        (
            "Job title: Store Manager\nLocation: Leeds\nCompany: Harbour Street Retail Co.",
            "Store Manager",
            "Harbour Street Retail Co.",
        ),
        (
            "Sales Assistant – Part-time – Greenleaf Garden Centre",
            "Sales Assistant",
            "Greenleaf Garden Centre",
        ),
        (
            "Job Description\n\nRetail Assistant – Brightmart Stores",
            "Retail Assistant",
            "Brightmart Stores",
        ),
        (
            "We're hiring: Shift Manager - St. Mary's Co-op Foods, Inc.",
            "Shift Manager",
            "St. Mary's Co-op Foods, Inc.",
        ),
        # warehouse and logistics
        (
            "Position: Warehouse Operative (Nights) | Pellworth Logistics | Warrington",
            "Warehouse Operative",
            "Pellworth Logistics",
        ),
        (
            "Data Engineer (Logistics Platform) at Meridian Freight Ltd.",
            "Data Engineer (Logistics Platform)",
            "Meridian Freight Ltd.",
        ),
        # hospitality
        (
            "**Front of House Supervisor** @ The Linden Hotel",
            "Front of House Supervisor",
            "The Linden Hotel",
        ),
        ("Kitchen Porter\nThe Old Bell Inn\nChipping Norton", "Kitchen Porter", "The Old Bell Inn"),
        ("Barista — Greenleaf Coffee — Bristol", "Barista", "Greenleaf Coffee"),
        # public sector
        (
            "Policy Officer – Housing Team – Kirklees Council",
            "Policy Officer, Housing Team",
            "Kirklees Council",
        ),
        (
            "Senior Auditor — Department for Work and Pensions",
            "Senior Auditor",
            "Department for Work and Pensions",
        ),
        # software
        ("# Senior Backend Engineer — Northwind Labs", "Senior Backend Engineer", "Northwind Labs"),
        (
            "Software Engineer II | Platform Team | Acme Corp.",
            "Software Engineer II, Platform Team",
            "Acme Corp.",
        ),
        (
            "# Junior Software Developer\nMt. Hood Software Inc.\nPortland, OR",
            "Junior Software Developer",
            "Mt. Hood Software Inc.",
        ),
        (
            "Graduate Accountant\n\nAbout Finch & Moss\nFinch & Moss is a small firm in York.",
            "Graduate Accountant",
            "Finch & Moss",
        ),
    ],
)
def test_headers(header: str, title: str, company: str) -> None:
    assert guess_role(header) == (title, company)


def test_a_sentence_is_not_a_header_but_a_later_short_line_is() -> None:
    jd = (
        "Dr. Martin's Dental Practice is looking for a dental nurse to join our friendly team.\n"
        "Dental Nurse – Dr. Martin's Dental Practice\n"
    )
    assert guess_role(jd) == ("Dental Nurse", "Dr. Martin's Dental Practice")


@pytest.mark.parametrize(
    "jd",
    [
        "",
        "   \n\n",
        (
            "We are looking for an experienced bookkeeper to join our growing team in Manchester "
            "and help us with month-end close, payroll and VAT returns for our clients."
        ),
        "x" * 130,
        "- Python\n- SQL\n- Airflow",
    ],
)
def test_no_header(jd: str) -> None:
    assert guess_role(jd) == (None, None)


def test_title_without_company() -> None:
    assert guess_role("Senior Engineer - Remote\n\nWe build things.") == ("Senior Engineer", None)


def test_fixture_jds() -> None:
    found = {
        path.name: guess_role(path.read_text(encoding="utf-8"))
        for path in [*sorted(PAIRS.glob("*_jd.md")), SAMPLES / "sample_jd.md"]
    }
    assert found["sample_jd.md"] == ("Senior Backend Engineer", "Northwind Labs")
    if "nurse_jd.md" in found:
        assert found["nurse_jd.md"] == (
            "Registered Nurse (RN), Medical-Surgical Unit",
            "St. Catherine's Regional Medical Center",
        )
    assert all(title and company for title, company in found.values()), found


def test_long_input_is_fast() -> None:
    jd = "Barista — Greenleaf Coffee\n" + ("word " * 20 + "\n") * 5000
    began = time.perf_counter()
    assert guess_role(jd) == ("Barista", "Greenleaf Coffee")
    assert guess_role("a" * 100_000) == (None, None)
    print(f"guess_role on {len(jd):,} chars: {(time.perf_counter() - began) * 1000:.1f} ms")


@pytest.mark.parametrize(
    ("jd", "title", "company"),
    [
        ("Ward Manager at St Mary's Hospital. Lead a team of 20 nurses. Rostering, audits.",
         "Ward Manager", "St Mary's Hospital"),
        ("Staff Nurse at Royal Infirmary, Edinburgh. Nights and days.", "Staff Nurse", "Royal Infirmary"),
        ("Teacher of Mathematics at Oakwood Academy - full time. Key Stage 3 to A level.",
         "Teacher of Mathematics", "Oakwood Academy"),
        ("Warehouse Supervisor at Brackenridge Foods Ltd. You will lead 15 operatives on nights.",
         "Warehouse Supervisor", "Brackenridge Foods Ltd"),
    ],
)
def test_a_first_sentence_naming_title_at_company(jd: str, title: str, company: str) -> None:
    assert guess_role(jd) == (title, company)


@pytest.mark.parametrize("jd", ["I worked at Google for years.", "Looking for a Nurse at our clinic.",
                                "We need someone great at Excel and at people."])
def test_a_sentence_with_at_is_not_a_title(jd: str) -> None:
    assert guess_role(jd) == (None, None)
