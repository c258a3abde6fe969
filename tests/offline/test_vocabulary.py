"""The skill vocabulary: fields beyond software, ambiguous words, families, software terms."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_core.providers.offline import software, vocabulary
from interview_core.providers.offline.software import (
    SOFTWARE_WORDS,
    is_software,
    software_terms_in,
)
from interview_core.providers.offline.vocabulary import (
    SKILLS,
    SPECIFIC_FAMILY_SIZE,
    VocabularyError,
    display_skill,
    families,
    find_skills,
    is_generic,
    members,
    mentions_skill,
    related,
    shown_by,
    skill_domain,
)

PAIRS = Path(__file__).resolve().parent.parent / "fixtures" / "pairs"

# ---------------------------------------------------------------------------
# Job-description snippets from six fields: their real duties, and no software
# ---------------------------------------------------------------------------
NURSE_JD = """Registered Nurse - Medical-Surgical / Telemetry Unit
- Care for 5-6 adult medical-surgical and telemetry patients each shift.
- Watch cardiac rhythms on telemetry, recognise a deteriorating patient early and call the rapid
  response team; complete sepsis screening and NEWS2 scores.
- Give medications safely with barcode medication administration (BCMA) and smart infusion pumps.
- Document assessments, care plans and patient education in Epic in real time.
- Prepare patients and families for a safe discharge: medications, wound care and follow-up.
- Give clear SBAR handoffs and delegate to CNAs; follow infection control and hand hygiene.
- Take part in unit quality work on falls, pressure injuries and hospital-acquired infections.
- BLS required; ACLS within six months of hire.
"""

TEACHER_JD = """Teacher of Mathematics
- Plan and teach well-sequenced lessons across Key Stages 3 and 4.
- Use assessment for learning and assessment data to adapt teaching and plan intervention.
- Strong classroom management and a consistent use of the behaviour policy.
- Adapt lessons so that pupils with SEND and pupils with EAL make strong progress.
- Keep in regular contact with parents and carers; set work on Google Classroom.
- Contribute to schemes of work; act as a form tutor.
- A clear commitment to safeguarding and promoting the welfare of children.
"""

ACCOUNTANT_JD = """Financial Accountant
- Run the month-end close, including accruals, prepayments and journals.
- Prepare management accounts with variance analysis against budget and forecast.
- Reconcile balance sheet accounts and clear old reconciling items; oversee AP and AR.
- Prepare VAT returns and the year-end statutory accounts under FRS 102; lead the external audit.
- Maintain the fixed asset register; strengthen internal controls ahead of SOX.
- Advanced Excel; NetSuite, Xero or QuickBooks experience; payroll knowledge a plus.
"""

WAREHOUSE_JD = """Warehouse Shift Supervisor
- Lead a team of 25 warehouse operatives across picking, packing and dispatch.
- Hit pick rate, order accuracy and on-time dispatch targets.
- Plan shift rotas and labour to match forecast volumes.
- Run goods-in, put-away, cycle counts and stock rotation (FIFO).
- Use our WMS and RF scanners; forklift (FLT) licence preferred.
- Enforce health and safety: risk assessments, manual handling and PPE.
- Lead 5S audits and continuous improvement with lean tools.
"""

HOTEL_JD = """Front Office Manager
- Lead the front desk and night audit teams: check-in, check-out and room allocation.
- Use Opera PMS and our channel manager to manage reservations and group bookings.
- Work with revenue management on occupancy, ADR and RevPAR.
- Resolve guest complaints through service recovery and protect our TripAdvisor reviews.
- Handle cash and card payments and cash up the tills.
- Food hygiene and allergen awareness; HACCP for the breakfast service.
"""

POLICY_JD = """Policy Officer
- Develop policy options and write ministerial submissions and briefing notes.
- Run public consultations and stakeholder engagement with local authorities.
- Support the bill team on secondary legislation and answer FOI requests.
- Manage a grant programme, including grant agreements and monitoring and evaluation.
- Handle casework and correspondence from MPs; complete equality impact assessments.
- Comply with GDPR and records management rules; work in partnership across government.
"""

FIELDS = {
    "nurse": (
        NURSE_JD,
        {"Medical-surgical nursing", "Cardiac monitoring", "Recognising deterioration",
         "Sepsis management", "Medication administration", "BCMA", "IV therapy",
         "Patient assessment", "Care planning", "Patient education", "Epic",
         "Family communication", "Discharge planning", "Wound care", "Clinical handover",
         "Clinical delegation", "Infection prevention and control", "Falls prevention",
         "Pressure injury prevention", "BLS", "ACLS"},
    ),
    "teacher": (
        TEACHER_JD,
        {"Lesson planning", "Formative assessment", "Data-driven instruction", "Differentiation",
         "Intervention", "Behaviour management", "SEND", "EAL", "Parent communication",
         "Google Classroom", "Curriculum development", "Pastoral care", "Safeguarding"},
    ),
    "accountant": (
        ACCOUNTANT_JD,
        {"Month-end close", "General ledger", "Management accounts", "Variance analysis",
         "Budgeting", "Forecasting", "Reconciliations", "Accounts payable", "Accounts receivable",
         "VAT", "Financial reporting", "FRS 102", "Auditing", "Fixed assets", "Internal controls",
         "Excel", "NetSuite", "Xero", "QuickBooks", "Payroll"},
    ),
    "warehouse supervisor": (
        WAREHOUSE_JD,
        {"Warehouse operations", "Picking and packing", "Shipping and receiving",
         "Operational KPIs", "Shift scheduling", "Inventory management",
         "Warehouse management systems", "Forklift operation", "Health and safety",
         "Manual handling", "5S", "Continuous improvement", "Lean"},
    ),
    "hotel front office": (
        HOTEL_JD,
        {"Front desk operations", "Night audit", "Opera PMS", "Reservations",
         "Revenue management", "Complaint handling", "Guest experience", "Cash handling",
         "Food safety", "Allergen management", "HACCP"},
    ),
    "policy officer": (
        POLICY_JD,
        {"Policy analysis", "Ministerial briefings", "Stakeholder consultation",
         "Legislative process", "Freedom of information", "Grant management",
         "Programme evaluation", "Casework", "Equality impact assessment", "Data protection",
         "Information governance", "Partnership working"},
    ),
}


@pytest.mark.parametrize("field", FIELDS)
def test_each_field_finds_its_duties_and_no_software(field: str) -> None:
    text, expected = FIELDS[field]
    found = find_skills(text)
    assert expected <= set(found), expected - set(found)
    assert not [s for s in found if is_software(s)]
    assert software_terms_in(text) == ()


@pytest.mark.parametrize("name", ["nurse", "teacher", "accountant"])
def test_fixture_pairs_of_other_fields_have_no_software_skill(name: str) -> None:
    for part in ("cv", "jd"):
        path = PAIRS / f"{name}_{part}.md"
        if not path.exists():
            pytest.skip(f"{path.name} not in this checkout")
        found = find_skills(path.read_text(encoding="utf-8"))
        assert len(found) >= 12
        assert not [s for s in found if is_software(s)], path.name


def test_the_telemetry_ward_is_cardiac_monitoring_not_observability() -> None:
    for text in (
        "Medical-surgical / telemetry unit, 12 telemetry beds",
        "Watch cardiac rhythms on telemetry and escalate early",
        "Two years on a cardiac telemetry ward",
        "Two or more years of acute-care nursing, ideally medical-surgical or telemetry.",
    ):
        found = find_skills(text)
        assert "Cardiac monitoring" in found, text
        assert "Observability" not in found, text
    # Beside software skills, the same word is observability; alone, it is nothing.
    assert "Observability" in find_skills("Ship telemetry from our Go services to Prometheus")
    assert find_skills("telemetry") == ()
    assert "Observability" in find_skills("Instrument the services with OpenTelemetry")


# ---------------------------------------------------------------------------
# Words that mean different skills in different fields
# ---------------------------------------------------------------------------
AMBIGUOUS = [
    # (text, a skill it shows, a skill it must not show)
    ("monitoring patients' vital signs", "Patient monitoring", "Observability"),
    ("monitoring and alerting with Grafana", "Observability", "Patient monitoring"),
    ("documentation of care plans", "Clinical documentation", "Technical documentation"),
    ("API documentation for the platform team", "Technical documentation", "Clinical documentation"),
    ("incident reporting via Datix on the ward", "Patient safety", "Incident management"),
    ("production incidents and postmortems", "Incident management", "Patient safety"),
    ("on call for theatre as a scrub nurse", None, "Incident management"),
    ("triage in the emergency department", "Triage", "Customer support"),
    ("triage incoming Zendesk tickets", "Customer support", "Triage"),
    ("nursing assessments on admission", "Patient assessment", "Student assessment"),
    ("formative and summative assessments", "Summative assessment", "Patient assessment"),
    ("risk assessments for manual handling", "Health and safety", "Risk management"),
    ("manage a $2M pipeline in Salesforce", "Sales pipeline", "Data pipelines"),
    ("a CI pipeline in GitHub Actions", "CI/CD", "Sales pipeline"),
    ("Head Chef at a fine dining restaurant", "Kitchen operations", "Chef"),
    ("Chef cookbooks on AWS", "Chef", "Kitchen operations"),
    ("Spring term lesson planning", "Lesson planning", "Spring"),
    ("react quickly to a deteriorating patient", "Recognising deterioration", "React"),
    ("React and TypeScript front end", "React", None),
    ("unloading containers from trailers", None, "Docker"),
    ("Docker containers on ECS", "Docker", None),
    ("take payments at the front desk and cash up", "Cash handling", "Payments"),
    ("payment systems in Go", "Payments", "Cash handling"),
    ("post-PCI patients on the cardiac unit", "Cardiac care", "Compliance"),
    ("PCI DSS compliance for card data", "Compliance", "Cardiac care"),
    ("BCMA scanning compliance on the unit", "BCMA", "Compliance"),
    ("send the report to the head of year", "Pastoral care", "SEND"),
    ("pupils with SEND", "SEND", None),
    ("a level of detail", None, "Exam preparation"),
    ("A level maths", "Exam preparation", None),
    ("Curriculum Vitae", None, "Curriculum development"),
    ("a lean team that ships fast", None, "Lean"),
    ("lean manufacturing and kaizen", "Lean", None),
    ("hand hygiene audits", "Clinical audit", "Auditing"),
    ("the external audit", "Auditing", "Clinical audit"),
    ("Epic Games", None, "Epic"),
    ("DBT skills groups on the ward", None, "dbt"),
    ("dbt models in Snowflake", "dbt", None),
    ("the Reception class", None, "Front desk operations"),
    ("hotel reception and guest check-in", "Front desk operations", None),
    ("networking events with clients", None, "Networking"),
    ("business continuity planning for the council", "Emergency planning", "Disaster recovery"),
]


@pytest.mark.parametrize(("text", "shown", "absent"), AMBIGUOUS)
def test_ambiguous_words_take_their_field_from_the_text(
    text: str, shown: str | None, absent: str | None
) -> None:
    found = find_skills(text)
    if shown:
        assert shown in found, (text, found)
    if absent:
        assert absent not in found, (text, found)


def test_earlier_behaviour_is_kept() -> None:
    assert find_skills("We run k8s and Postgres with CI/CD on Amazon Web Services") == (
        "Kubernetes", "PostgreSQL", "CI/CD", "AWS",
    )
    assert find_skills("Go-to-market planning") == ("Go-to-market",)
    assert "Go" in find_skills("services in Go and Golang")
    assert find_skills("R&D at R.O.K Cyber Command") == ()
    assert "Leadership" not in find_skills("report to the leadership team")
    # Header comments of skills.txt are not skills (the word "alias" once was one).
    assert not [s for s in SKILLS if s.startswith("#")]
    assert find_skills("an alias for the service") == ()


def test_curly_apostrophes_and_longest_alias() -> None:
    assert "Parent communication" in find_skills("Ran parents\u2019 evenings every term")
    # The longest alias at a position wins, across case-blind and case-sensitive aliases.
    assert find_skills("Oracle Health rollout") == ("Cerner",)
    assert find_skills("Oracle database tuning") == ("Oracle",)


def test_display_and_domains_of_new_skills() -> None:
    assert display_skill("Electronic health records") == "electronic health records"
    assert display_skill("BCMA") == "BCMA"
    assert display_skill("Epic") == "Epic"
    assert display_skill("Triage") == "triage"
    assert display_skill("Safeguarding") == "safeguarding"
    assert skill_domain("Cardiac monitoring") == "healthcare"
    assert skill_domain("Excel") == "office" and not is_software("Excel")
    assert is_generic("Microsoft Office")
    assert mentions_skill("Charted in Cerner every shift", "Cerner")


# ---------------------------------------------------------------------------
# Families
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("narrow", "broad"),
    [
        ("Terraform", "Infrastructure as code"),
        ("Pulumi", "Infrastructure as code"),
        ("CloudFormation", "Infrastructure as code"),
        ("Kafka", "Event-driven architecture"),
        ("Kafka", "Message queues"),
        ("RabbitMQ", "Message queues"),
        ("Epic", "Electronic health records"),
        ("Cerner", "Electronic health records"),
        ("Meditech", "Electronic health records"),
        ("BCMA", "Medication administration"),
        ("PostgreSQL", "SQL"),
        ("MySQL", "SQL"),
        ("Snowflake", "Data warehousing"),
        ("BigQuery", "Data warehousing"),
        ("Redshift", "Data warehousing"),
        ("QuickBooks", "Accounting software"),
        ("Xero", "Accounting software"),
        ("NetSuite", "Accounting software"),
        ("SAP", "Accounting software"),
        ("Google Classroom", "EdTech"),
        ("Next.js", "Frontend development"),  # through React
        ("Precepting", "Mentoring"),
        ("Clinical delegation", "Delegation"),
    ],
)
def test_families(narrow: str, broad: str) -> None:
    assert broad in families(narrow)
    assert narrow in members(broad)
    assert shown_by(broad, [narrow, "Communication"])
    assert not shown_by(narrow, [broad])  # the family does not show a member
    assert related(narrow, broad) and related(broad, narrow)


def test_families_are_nearest_first_and_empty_for_phrases() -> None:
    assert families("Next.js")[:2] == ("React", "Frontend development")
    assert families("backend services") == () and families("Communication") == ()
    assert shown_by("backend services", ["backend services"])
    assert not shown_by("Electronic health records", ["BCMA", "Wound care"])


def test_related_siblings_only_through_a_small_family() -> None:
    assert related("Xero", "NetSuite")  # Accounting software
    assert related("Kafka", "RabbitMQ")
    assert related("AWS", "Azure")
    assert not shown_by("NetSuite", ["Xero"])  # related is not shown
    assert len(members("EdTech")) > SPECIFIC_FAMILY_SIZE
    assert not related("Google Classroom", "Moodle")  # EdTech is too broad to relate them
    assert not related("Epic", "BCMA")
    assert related("backend services", "backend services")
    assert not related("backend services", "frontend services")


def test_every_family_is_a_skill_and_families_never_loop() -> None:
    for skill in SKILLS.values():
        for parent in skill.parents:
            assert parent in SKILLS
        assert skill.name not in families(skill.name)


# ---------------------------------------------------------------------------
# Software terms
# ---------------------------------------------------------------------------
def test_software_terms() -> None:
    assert software_terms_in("We deploy to production every day") == ("deploy", "production")
    assert software_terms_in("deployed it; deployments went out") == ("deploy",)  # canonical
    assert software_terms_in("Deployment of nursing staff across the wards") == ()
    assert software_terms_in("staff redeployed to the ward during the outbreak") == ()
    assert software_terms_in("the production line at our food production site") == ()
    assert software_terms_in("how would you decide what to alert on?") == ("alerting",)
    assert software_terms_in("Kafka consumers behind a REST API") == ("Kafka", "REST APIs")
    assert "CI/CD" in software_terms_in("fix the CI pipeline")
    assert software_terms_in("grow the sales pipeline") == ()
    assert "Data pipelines" in software_terms_in("a data pipeline in Airflow")
    # A longer non-software name swallows the word; the word alone still counts.
    assert software_terms_in("KPI dashboards for the warehouse") == ()
    assert software_terms_in("dashboards") == ("dashboards",)
    assert software_terms_in("pull requests and a refactor of the codebase") == (
        "Code review", "refactor", "codebase",
    )


def test_is_software() -> None:
    assert is_software("Kafka") and is_software("Terraform") and is_software("SQL")
    assert is_software("deploy") and "deploy" in SOFTWARE_WORDS
    for name in ("Epic", "Electronic health records", "Excel", "Data analysis",
                 "Forecasting", "Communication", "backend services"):
        assert not is_software(name), name


def test_software_regexes_compile() -> None:
    loose, _, negative = software._software_regexes()
    assert loose.search("deploy") and negative is not None


# ---------------------------------------------------------------------------
# The data files keep their own rules
# ---------------------------------------------------------------------------
def test_no_marker_is_left_inside_an_alias() -> None:
    for alias in vocabulary._ALIASES.loose:
        assert not alias.startswith(("=", "?")) and " =" not in alias and ">" not in alias, alias
    for alias in vocabulary._ALIASES.exact:
        assert not alias.startswith(("=", "?")) and " =" not in alias, alias


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("[a]\nX | same\nY | same\n", "already means"),
        ("[a]\nX | ?same\n[a]\nY | ?same\n", "different domains"),
        ("[a]\nX | x1 > Nowhere\n", "unknown family"),
        ("[a]\nX | x1\nX | x2\n", "listed twice"),
    ],
)
def test_format_errors_are_caught(table: str, message: str) -> None:
    with pytest.raises(VocabularyError, match=message):
        vocabulary._parse_vocabulary(table)


def test_family_loops_are_caught() -> None:
    skills, _ = vocabulary._parse_vocabulary("[a]\nX | x1 > Y\nY | y1 > X\n")
    with pytest.raises(VocabularyError, match="loop"):
        vocabulary._closure(skills)


def test_ambiguous_alias_syntax() -> None:
    skills, aliases = vocabulary._parse_vocabulary(
        "[one]\nPay | ?pay, pay systems\n[two]\nTill | ?pay, ?=Chef\n[three]\n=Chef | ?=Chef\n"
    )
    assert aliases.loose["pay"] == ("Pay", "Till")
    assert (False, "pay") in aliases.ambiguous  # "?pay" also stops the name matching alone
    assert aliases.exact["Chef"] == ("Till", "Chef")
    assert skills["Till"].domain == "two" and skills["Chef"].parents == ()
