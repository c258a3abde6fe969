"""Short CV/JD pairs across jobs, run the way a user pastes them: a name on top, then
"Job title, Employer, years: details" (or "Employer - Job title"), and one-paragraph JDs
that open with their title line. Found in review, kept fixed: the candidate's name was
taken as the employer ("Staff Nurse at Amina Yusuf"), the JD's title line was asked as a
skill ("This role needs ward Manager at St Mary's Hospital"), and lists were glued into
templates ("where rostering, audits, patient safety, budget is part of the job")."""

from __future__ import annotations

import asyncio
import re

import pytest

from interview_core.models import InterviewContext, Role, Turn
from interview_core.providers.offline import OfflineProvider, build_report
from interview_core.providers.offline.cv import analyse_cv, candidate_name
from interview_core.providers.offline.jd import analyse_jd
from interview_core.providers.offline.text import split_lines
from interview_core.roles import guess_role

PAIRS: dict[str, dict] = {
 "nurse": dict(
  cv="Amina Yusuf\nStaff Nurse, St Mary's Hospital, 2019-2025: surgical ward, 28 beds, mentored 6 students, led the falls audit (falls down 30%).\n",
  jd="Ward Manager at St Mary's Hospital. Lead a team of 20 nurses. Rostering, audits, patient safety, budget.\n",
  name="Amina Yusuf", employer="St Mary's Hospital", title="Staff Nurse",
  answers=["On my ward I led the falls audit: we had 12 falls a month, I set up hourly rounding and a huddle; falls fell to 8 a month within a quarter.",
           "When two nurses called in sick I redid the roster with the bank office, moved a senior nurse to the busiest bay and we kept every patient safe that night.",
           "I mentored six students; I set weekly goals with each one and all six passed their placement."]),
 "head_of_maths": dict(
  cv="JAMES O'CONNOR\nMaths Teacher, Oakwood Academy, 2018-2024: taught KS3 and KS4, GCSE pass rate up from 58% to 71%, ran the maths club.\n",
  jd="We're hiring: Head of Maths at Riverside School. Lead a department of 8 teachers, plan the curriculum, raise GCSE results, support safeguarding.\n",
  name="James O'Connor", employer="Oakwood Academy", title="Maths Teacher",
  answers=["In Year 11 I ran weekly intervention groups for 20 pupils on the grade 4 borderline, and 16 of them got a 4 or better.",
           "I rewrote the KS3 scheme of work with two colleagues so every unit ends with a short retrieval quiz; homework completion went from 60% to 85%.",
           "A pupil told me something worrying after a lesson; I wrote it down word for word and passed it to the safeguarding lead the same hour."]),
 "management_accountant": dict(
  cv="Priya Shah\nAssistant Accountant, Harlow & Pike LLP, 2020-2024\n- Prepared month-end journals and accruals for 12 clients\n- Reconciled bank accounts weekly, cutting errors by 40%\n",
  jd="Management Accountant - Greenway Foods Ltd\nResponsibilities:\n- Prepare monthly management accounts\n- Reconcile balance sheet accounts\n- Support the annual audit\nRequirements:\n- ACCA or CIMA part qualified\n- Strong Excel skills\n",
  name="Priya Shah", employer="Harlow & Pike LLP", title="Assistant Accountant",
  answers=["At month-end I prepared journals and accruals for 12 clients; I built a checklist in Excel and the close went from eight days to five.",
           "I reconciled the bank accounts weekly and found a duplicated supplier payment of 4,000 pounds, which we recovered.",
           "For the audit I prepared the lead schedules and answered 30 queries within two days."]),
 "warehouse_supervisor": dict(
  cv="TOMASZ NOWAK\nWarehouse Team Leader, Castlegate Foods, 2017-2024: led a night shift of 15 pickers, pick rate up 18%, zero lost-time accidents in 2023.\n",
  jd="Warehouse Supervisor at Northgate Distribution Ltd. You will supervise the day shift, manage pick rates and dispatch cut-offs, keep the site safe and train new starters. Forklift licence required.\n",
  name="Tomasz Nowak", employer="Castlegate Foods", title="Warehouse Team Leader",
  answers=["On nights I led 15 pickers; I moved the fastest pickers to the chilled aisle at 2am and our pick rate rose 18% over three months.",
           "When a trailer was going to miss cut-off I pulled two people from putaway, and we loaded it with ten minutes to spare.",
           "I trained every new starter with a buddy for their first week, and we had no lost-time accidents in 2023."]),
 "senior_carer": dict(
  cv="Grace Mensah\nSupport Worker, Bluebell Home Care, 2021-2025: personal care for 10 service users, medication prompts, trained 3 new carers.\n",
  jd="Senior Care Assistant - Sunrise Residential Home\nSupport residents with personal care, administer medication, write care plans, lead a shift of carers.\n",
  name="Grace Mensah", employer="Bluebell Home Care", title="Support Worker",
  answers=["I support ten people at home; one lady refused her tablets, so I sat with her, explained each one, and with her GP we changed the time; she now takes them every day.",
           "I trained three new carers by shadowing them for two weeks each, and all three passed their care certificate.",
           "When a man I visit was confused and unwell I called 111, stayed with him, and told the office so my next visit was covered."]),
 "pharmacy_manager": dict(
  cv="Dr Ahmed Khan\nLloyds Pharmacy - Pharmacist, 2019-2024: dispensed 300 items a day, ran the flu clinic (1,200 jabs), trained 2 dispensers.\n",
  jd="Pharmacy Manager at Boots. Run the dispensary, manage the team, clinical checks, NHS services, stock control.\n",
  name="Ahmed Khan", employer="Lloyds Pharmacy", title="Pharmacist",
  answers=["I ran the flu clinic: I set up online booking and two walk-in mornings, and we gave 1,200 jabs, double the year before.",
           "In the dispensary I changed the workflow so that clinical checks happen before assembly; errors caught at the final check fell by half.",
           "I trained two dispensers to NVQ level 2 over a year, and both passed first time."]),
 "electrician": dict(
  cv="LIAM MURPHY\nElectrician, Sparks & Sons Electrical, 2015-2024\n\u2022 Rewired 40 domestic properties to 18th Edition\n\u2022 Supervised 2 apprentices\n\u2022 Carried out EICR inspections and testing\n",
  jd="Approved Electrician - Northern Housing Trust\nCarry out electrical installations, testing and inspection, fault finding, EICRs in occupied homes. 18th Edition and Gold Card required.\n",
  name="Liam Murphy", employer="Sparks & Sons Electrical", title="Electrician",
  answers=["I rewired a three-bed house while the family lived in it: I did one floor at a time, kept one circuit live each night, and finished in five days.",
           "On an EICR I found a borrowed neutral between two circuits; I traced it, made it safe and wrote it up as C2.",
           "I supervised two apprentices; I had them test every circuit with me watching, and both passed their AM2."]),
 "head_chef": dict(
  cv="Marco Rossi\nSous Chef, The Olive Tree Restaurant, 2018-2024: ran a brigade of 6, cut food waste by 25%, wrote the new seasonal menu.\n",
  jd="Head Chef at The Harbour Kitchen. Lead the kitchen team, menu development, food safety, stock and GP margins.\n",
  name="Marco Rossi", employer="The Olive Tree Restaurant", title="Sous Chef",
  answers=["I cut food waste by 25% by weighing the bins every night for a month and changing our prep lists to match the covers.",
           "I wrote the spring menu, costed every dish to a 70% GP, and it sold 15% more covers than the winter menu.",
           "I ran a brigade of six on a 200-cover Saturday when the head chef was off, and we had no complaints."]),
 "store_manager": dict(
  cv="SARAH JONES\nAssistant Store Manager, Rivet Clothing, Leeds, 2019-2025: team of 12, sales up 9% like-for-like, cut shrinkage by 20%.\n",
  jd="Store Manager\nOakwell Outdoor\nWe're looking for a Store Manager to lead our Leeds store. Drive sales, manage the rota, coach the team, visual merchandising, stock loss.\n",
  name="Sarah Jones", employer="Rivet Clothing", title="Assistant Store Manager",
  answers=["I cut shrinkage by 20% by moving high-value stock near the tills and doing a weekly count with the team.",
           "I coached two sales advisors to become key holders; both now run shifts on their own.",
           "On our busiest Saturday two people called in sick, so I opened a second till myself and moved a stock colleague to the floor."]),
 "backend_engineer": dict(
  cv="Chen Wei\nBackend Engineer, Fernbrook Software, 2020-2024: built payment APIs in Python and PostgreSQL, cut p95 latency by 40%, on-call for 12 services.\n",
  jd="We're hiring: Senior Backend Engineer at Meridian Freight Ltd. Design and build APIs in Python, PostgreSQL, Kubernetes, mentor engineers.\n",
  name="Chen Wei", employer="Fernbrook Software", title="Backend Engineer",
  answers=["I cut p95 latency on our payment API by 40% by adding an index and moving a slow call to a background job in Python.",
           "I mentored two junior engineers through their first on-call rotations; both now lead incidents on their own.",
           "I designed the refunds API with idempotency keys, and duplicate refunds went from five a week to none."]),
 "assistant_head": dict(
  cv="Emily Clarke\nYear 4 Class Teacher, St Anne's Primary School, 2016-2025\n- Planned and taught all subjects to a class of 30\n- Led phonics across KS1, lifting the phonics check pass rate from 72% to 90%\n",
  jd="Assistant Headteacher - Hillside Primary School\nLead teaching and learning across KS2, coach teachers, safeguarding, data and assessment.\n",
  name="Emily Clarke", employer="St Anne's Primary School", title="Year 4 Class Teacher",
  answers=["I led phonics across KS1: I trained six staff in one scheme and the phonics check pass rate rose from 72% to 90%.",
           "I coached a newly qualified teacher through weekly drop-ins; by spring her lessons were judged good.",
           "I used termly assessment data to set up reading groups, and 8 of 10 children in the lowest group caught up."]),
 "finance_assistant": dict(
  cv="DAVID OKAFOR\nAccounts Payable Clerk, Brackenridge Foods Ltd, 2021-2024: processed 400 invoices a week, ran supplier statement reconciliations.\n",
  jd="Finance Assistant at Riverside Borough Council. Accounts payable, supplier payments, bank reconciliations, VAT returns.\n",
  name="David Okafor", employer="Brackenridge Foods Ltd", title="Accounts Payable Clerk",
  answers=["I processed 400 invoices a week; I set up a three-way match check and duplicate payments fell to zero.",
           "I ran supplier statement reconciliations every month and cleared 30 old queries in my first quarter.",
           "When the payment run was due and an invoice had the wrong bank details, I called the supplier on a known number before paying."]),
 "operations_manager": dict(
  cv="Kelly Brown\nAmazon - Shift Manager, 2020-2024: 60 associates, dispatch on time 99%, reduced agency spend by \u00a350k.\n",
  jd="Operations Manager at Brightwell Logistics. Own site KPIs, lead 4 shift managers, health and safety, budgets.\n",
  name="Kelly Brown", employer="Amazon", title="Shift Manager",
  answers=["I managed 60 associates on the night shift and kept dispatch on time at 99% through peak.",
           "I reduced agency spend by 50k pounds by cross-training our own team on two more processes.",
           "After a near miss with a forklift I ran a toolbox talk and marked walkways, and we had no repeat that year."]),
 "ed_nurse": dict(
  cv="Fatima Ali, RN\nStaff Nurse, Royal Infirmary, Edinburgh, 2020-present: acute medical ward, IV therapy, discharge planning.\nHealthcare Assistant, Western General Hospital, 2017-2020: personal care, observations.\n",
  jd="Registered Nurse - Emergency Department - Royal Hospital for Children. Triage, assess and treat patients, work in a busy team, safeguarding children.\n",
  name="Fatima Ali", employer="Royal Infirmary", title="Staff Nurse",
  answers=["On the acute ward I noticed a patient's early warning score rise from 2 to 6 in an hour; I escalated to the doctor and he was on antibiotics within the hour.",
           "I planned discharges from day one with families, and our delayed discharges fell from 6 a week to 2.",
           "I gave IV therapy to up to 8 patients a shift, double-checking every dose with a colleague."]),
 "care_team_leader": dict(
  cv="Jo Smith\nCare Assistant at Sunrise Care Home (2022-2025): helped 20 residents with daily living, dementia care.\n",
  jd="Care Team Leader. Lead a team of carers on shift, medication rounds, care plans, liaise with families.\n",
  name="Jo Smith", employer="Sunrise Care Home", title="Care Assistant",
  answers=["A resident with dementia became distressed every evening; I found out she used to work nights, so we gave her small jobs at that time and she settled.",
           "I helped 20 residents with daily living and kept their care plans up to date after every change.",
           "When a family complained about missing clothes I set up labels and a weekly check with laundry, and the complaints stopped."]),
}

# Two JDs whose header the role guesser leaves to the user (`--title`): given here.
TITLES = {
    "ed_nurse": ("Registered Nurse", "Royal Hospital for Children"),
    "care_team_leader": ("Care Team Leader", ""),
}
OPENERS = ("", "Yes. ", "Sure. ", "Good question. ", "Well, ", "Honestly, ", "Right. ", "Okay. ")


def _title_company(name: str) -> tuple[str, str]:
    if name in TITLES:
        return TITLES[name]
    title, company = guess_role(PAIRS[name]["jd"])
    assert title, name
    return title, company or ""


def _interview(name: str) -> tuple[list[str], InterviewContext]:
    pair = PAIRS[name]
    title, company = _title_company(name)
    answers = [OPENERS[i] + pair["answers"][i % 3] + ("" if i < 3 else f" That was in {2016 + i}.")
               for i in range(8)]
    provider = OfflineProvider()
    history: list[Turn] = []
    questions: list[str] = []

    async def run() -> None:
        for number, answer in enumerate(answers, 1):
            ctx = InterviewContext(title, company, pair["cv"], pair["jd"], tuple(history), number, 8)
            write = provider.opening_question if number == 1 else provider.follow_up_question
            question = (await write(ctx)).text
            questions.append(question)
            history.extend([Turn(Role.INTERVIEWER, question), Turn(Role.CANDIDATE, answer)])

    asyncio.run(run())
    return questions, InterviewContext(title, company, pair["cv"], pair["jd"], tuple(history), 9, 8)


_RUNS: dict[str, tuple[list[str], InterviewContext]] = {}


def interview(name: str) -> tuple[list[str], InterviewContext]:
    if name not in _RUNS:
        _RUNS[name] = _interview(name)
    return _RUNS[name]


NAMES = sorted(PAIRS)


@pytest.mark.parametrize("name", NAMES)
def test_the_candidates_name_is_read_as_a_name_not_an_employer(name: str) -> None:
    pair = PAIRS[name]
    cv = analyse_cv(pair["cv"])
    assert cv.name.lower() == pair["name"].lower()
    assert cv.roles, name
    assert cv.roles[0].employer == pair["employer"].replace(" Ltd", "")
    assert cv.roles[0].short_title == pair["title"]
    for role in cv.roles:
        assert pair["name"].split()[-1].lower() not in f"{role.title} {role.employer}".lower()


@pytest.mark.parametrize("name", NAMES)
def test_questions_never_place_the_candidate_at_their_own_name(name: str) -> None:
    questions, _ = interview(name)
    person = PAIRS[name]["name"]
    for question in questions:
        assert not re.search(rf"(?i)\b(?:at|as) {re.escape(person)}\b", question), question
        assert person.split()[-1].lower() not in question.lower(), question
    # Whenever the opening names the candidate's role, it names their real employer.
    said = _role_at(questions[0])
    if said:
        assert said.group(2).startswith(PAIRS[name]["employer"].replace(" Ltd", "")), questions[0]


def _role_at(question: str) -> re.Match[str] | None:
    return re.search(r"as ([A-Z][\w ]+?) at ([^,?]+)", question)


def test_most_openings_name_the_candidate_s_role_and_employer() -> None:
    """So the check above is not vacuous: it runs on most of the pairs."""
    named = [name for name in NAMES if _role_at(interview(name)[0][0])]
    assert len(named) >= len(NAMES) // 2, named


@pytest.mark.parametrize("name", NAMES)
def test_the_jd_title_line_is_never_asked_about_as_a_duty(name: str) -> None:
    questions, _ = interview(name)
    title, company = _title_company(name)
    job = analyse_jd(PAIRS[name]["jd"], title, company)
    for duty in job.duties:
        assert not duty.lower().startswith(title.lower()), duty
        assert not (company and company.lower() in duty.lower()), duty
    lowered = title[0].lower() + title[1:]
    for question in questions:
        assert lowered not in question, question  # "ward Manager", "head Chef"
        assert not re.search(
            rf"(?:needs|calls for|involves|such as|speed on|prepared you for|especially|"
            rf"want to)\s+{re.escape(title)}", question, re.IGNORECASE), question


@pytest.mark.parametrize("name", NAMES)
def test_list_duties_read_as_grammatical_sentences(name: str) -> None:
    questions, _ = interview(name)
    for question in questions:
        # "rostering, audits, patient safety, budget is part of the job"
        assert not re.search(r",[^.?:]+ is part of the job", question), question
        assert not re.search(r"What does [^?]*,[^?]* look like", question), question
        # Nouns are not turned into verbs, nor verbs left bare among gerunds.
        assert not re.search(r"\bstocking loss\b|ing [^,?]+, support safeguarding", question), question
        assert "  " not in question and not re.search(r"\b(\w+) \1\b", question), question


def test_a_list_of_duties_becomes_one_duty_per_verb_and_the_nouns_together() -> None:
    assert analyse_jd(PAIRS["store_manager"]["jd"], "Store Manager", "Oakwell Outdoor").duties == (
        "drive sales", "manage the rota", "coach the team", "visual merchandising and stock loss")
    nurse = analyse_jd(PAIRS["nurse"]["jd"], "Ward Manager", "St Mary's Hospital")
    assert nurse.duties == ("lead a team of 20 nurses", "rostering, audits, patient safety and budget")
    maths = analyse_jd(PAIRS["head_of_maths"]["jd"], "Head of Maths", "Riverside School")
    assert "support safeguarding" in maths.duties and "raise GCSE results" in maths.duties


def test_named_credentials_are_not_duties() -> None:
    job = analyse_jd(PAIRS["electrician"]["jd"], "Approved Electrician", "Northern Housing Trust")
    assert job.duties and not any(re.search(r"Edition|Gold Card", d) for d in job.duties)
    questions, _ = interview("electrician")
    assert not any("Gold Card" in q for q in questions)


@pytest.mark.parametrize("name, expected", [
    ("nurse", ("Led the falls audit (falls down 30%).",)),
    ("head_chef", ("Ran a brigade of 6.", "Cut food waste by 25%.", "Wrote the new seasonal menu.")),
    ("pharmacy_manager", ("Dispensed 300 items a day.", "Ran the flu clinic (1,200 jabs).")),
])
def test_what_follows_a_role_lines_dates_is_what_the_candidate_did(name: str,
                                                                   expected: tuple[str, ...]) -> None:
    cv = analyse_cv(PAIRS[name]["cv"])
    texts = tuple(a.text for a in cv.achievements)
    for item in expected:
        assert item in texts, texts
    assert all(a.where == PAIRS[name]["employer"] for a in cv.achievements)
    assert all(":" not in r.title and len(r.title.split()) <= 5 for r in cv.roles)


@pytest.mark.parametrize("text, name", [
    ("Amina Yusuf\nStaff Nurse", "Amina Yusuf"),
    ("LIAM MURPHY\nElectrician", "LIAM MURPHY"),
    ("Dr Ahmed Khan\nPharmacist", "Ahmed Khan"),
    ("Fatima Ali, RN\nStaff Nurse", "Fatima Ali"),
    ("Castlegate Foods\nWarehouse Team Leader, 2017-2024", ""),
    ("St Mary's Hospital\nStaff Nurse, 2019-2025", ""),
    ("Staff Nurse\nSt Mary's Hospital, 2019-2025", ""),
    ("Work Experience\nStaff Nurse", ""),
    ("Harlow & Pike\nAssistant Accountant, 2020-2024", ""),
])
def test_a_name_on_top_is_told_from_an_employer_or_a_title(text: str, name: str) -> None:
    assert candidate_name(split_lines(text)) == name


def test_an_employer_on_top_of_a_cv_without_a_name_is_still_the_employer() -> None:
    cv = analyse_cv("Castlegate Foods\nWarehouse Team Leader, 2017-2024\n- Led a night shift of 15 pickers\n")
    assert [(r.short_title, r.employer) for r in cv.roles] == [("Warehouse Team Leader", "Castlegate Foods")]


@pytest.mark.parametrize("name", NAMES)
def test_the_report_never_places_the_candidate_at_their_own_name(name: str) -> None:
    _, ctx = interview(name)
    report = build_report(ctx)
    text = " ".join(str(v) for v in _flatten(report.model_dump()))
    person = PAIRS[name]["name"]
    assert person.split()[-1].lower() not in text.lower()
    assert not re.search(rf"(?i)\bat {re.escape(PAIRS[name]['title'])}\b", text)


def _flatten(value: object) -> list[object]:
    if isinstance(value, dict):
        return [x for v in value.values() for x in _flatten(v)]
    if isinstance(value, (list, tuple)):
        return [x for v in value for x in _flatten(v)]
    return [value]
