"""Honest grading: a score and its note claim only what the answer shows.

Found by a reviewer playing the candidate, on four jobs (a nurse, a head of maths, a
warehouse supervisor, an accountant):
1. a question typed as an answer ("how could I improve answer 4?") scored 49 and was
   credited with "a result you can measure (4)";
2. a keyword list ("budgeting budgeting budget costs money finance spreadsheet 10%") scored 41,
   "a result you can measure (10%) and showed budgeting in action";
3. a past incident given to "a year from now, what did you achieve?" scored 86 as "a concrete
   plan";
4. "ok", "x" and "I guess I maybe did some training, like." were told "You answered the
   question";
5. a CV pasted as the answer was still credited with the CV's "from 62% to 78%".
Each is pinned here, with the good behaviour kept: real STAR answers still score well.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_core.models import InterviewContext, Role, Turn
from interview_core.providers.offline import build_report
from interview_core.providers.offline.grading import (
    CAP_LISTING,
    GradedAnswer,
    grade_answer,
)
from interview_core.providers.offline.judging import skill_evidence
from interview_core.providers.offline.match import Match, match_cv_to_jd
from interview_core.providers.offline.notes import to_improve, what_worked
from interview_core.providers.offline.numbers import result_figures

PAIRS = Path(__file__).resolve().parents[1] / "fixtures" / "pairs"

# The reviewer's documents (short on purpose: what a user types into a chat).
NURSE_CV = """# Maria Lopez, RN
Registered Nurse, 6 years. St Mary's Hospital, medical-surgical ward (2019-2025): caring for 6-8 \
patients per shift, medication administration, wound care, IV therapy, patient education. Charge \
nurse on nights since 2023. Led a falls-prevention project that cut falls by 30%.
Skills: triage, electronic health records (Epic), BLS/ACLS, infection control, patient advocacy."""
NURSE_JD = """# Senior Staff Nurse - Emergency Department
City General Hospital
We seek a Senior Staff Nurse for a busy Emergency Department. Responsibilities: triage, rapid \
assessment, medication administration, supervising junior nurses, budgeting for ward supplies, \
infection control, communicating with families. Requirements: RN licence, 4+ years acute care, \
ACLS, leadership experience, Epic EHR."""
TEACHER_CV = """# James Okafor
Secondary Maths Teacher, 8 years at Riverside Academy. Teach GCSE and A-level maths to classes of \
30. Raised GCSE pass rate from 62% to 78%. Head of Year 9 since 2021. Run the after-school maths \
club. Skills: differentiation, behaviour management, assessment design, Google Classroom, \
safeguarding."""
TEACHER_JD = """# Head of Mathematics
Oakwood School
Lead a department of 7 maths teachers. Responsibilities: curriculum planning, lesson observation, \
budgeting for department resources, data analysis of student progress, safeguarding, parent \
communication. Requirements: QTS, 5+ years teaching, leadership experience."""
WAREHOUSE_CV = """# Dave Kim
Warehouse Team Leader, 5 years at FastFreight Logistics. Manage a shift team of 12 pickers and \
packers. Forklift licensed. Improved pick accuracy from 97% to 99.5% using barcode scanning. Health \
and safety rep. Skills: WMS (SAP EWM), inventory control, rota planning, forklift, health and \
safety."""
WAREHOUSE_JD = """# Warehouse Supervisor
Northline Distribution
Supervise 25 warehouse operatives across two shifts. Responsibilities: inventory control, health \
and safety compliance, rota planning, KPI reporting, budgeting for overtime and equipment, training \
new staff. Requirements: 3+ years warehouse leadership, WMS experience, forklift licence."""

JOBS = {
    "nurse": (NURSE_CV, NURSE_JD, "Senior Staff Nurse, Emergency Department", "City General Hospital"),
    "teacher": (TEACHER_CV, TEACHER_JD, "Head of Mathematics", "Oakwood School"),
    "warehouse": (WAREHOUSE_CV, WAREHOUSE_JD, "Warehouse Supervisor", "Northline Distribution"),
    "accountant": ((PAIRS / "accountant_cv.md").read_text("utf-8"),
                   (PAIRS / "accountant_jd.md").read_text("utf-8"),
                   "Financial Accountant", "Brackenridge Foods"),
}

PROUDEST = ("Thanks for joining us, and welcome. To start, could you walk me through the "
            "experience you're most proud of and how it prepares you for the role?")
RESULT_Q = "What result are you proudest of in your career so far, and what did you do to get it?"
STORY_Q = ("Tell me about a time you had to balance people who wanted different things from you: "
           "what was the situation, what did you do, and what was the result?")
YEAR_ON = ("As a final question, imagine it's a year from now and joining {company} has clearly "
           "paid off: what did you achieve as our {title}, and what helped you get there?")


def match_for(job: str) -> Match:
    cv, jd, title, company = JOBS[job]
    return match_cv_to_jd(cv, jd, title, company)


def graded(job: str, question: str, answer: str) -> tuple[GradedAnswer, Match]:
    match = match_for(job)
    return grade_answer(1, question.format(title=JOBS[job][2], company=JOBS[job][3]), answer,
                        match), match


def report_for(job: str, pairs: list[tuple[str, str]]):
    cv, jd, title, company = JOBS[job]
    history: list[Turn] = []
    for question, answer in pairs:
        history += [Turn(Role.INTERVIEWER, question), Turn(Role.CANDIDATE, answer)]
    ctx = InterviewContext(title, company, cv, jd, tuple(history), len(pairs), len(pairs))
    return build_report(ctx)


# ---------------------------------------------------------------------------
# 1. A question back at the interviewer, and numbers that only name something
# ---------------------------------------------------------------------------
QUESTIONS_BACK = [
    ("teacher", "how could I improve answer 4?"),
    ("nurse", "Can you tell me what you are looking for in question 2?"),
    ("warehouse", "What do you mean by step 2 of the process?"),
    ("accountant", "Sorry, could you repeat the question? How do I improve Q3"),
]


@pytest.mark.parametrize(("job", "answer"), QUESTIONS_BACK)
def test_a_question_back_at_the_interviewer_is_not_an_answer(job: str, answer: str) -> None:
    g, match = graded(job, RESULT_Q, answer)
    assert g.results == () and g.skills == ()
    assert g.score <= 10, g.score
    assert not g.judgement.addressed
    worked = what_worked(g, match)
    assert worked.startswith("Nothing") and "measure" not in worked, worked
    assert "question" in to_improve(g, match).lower()


@pytest.mark.parametrize("text", [
    "how could I improve answer 4?",
    "I improved answers 3 and 4 after your feedback.",
    "Can you improve question 3 for me?",
    "How do I improve Q2?",
    "I improved step 2 of the process.",
    "Please improve attempt 2.",
    "I improved part 2 of it.",
    "I have improved a lot in 6 years.",
    "I improved over 6 years as a nurse.",
    "After 6 years I was promoted to charge nurse.",
])
def test_a_number_that_names_or_dates_something_is_not_a_result(text: str) -> None:
    assert result_figures(text) == (), text


@pytest.mark.parametrize(("text", "figure"), [
    ("I cut the waiting time by 4 hours.", "4 hours"),
    ("We reduced falls by 30% in 6 months.", "30%"),
    ("I raised the pass rate from 62% to 78%.", "from 62% to 78%"),
    ("I cut the close from 9 days to 5.", "from 9 days to 5"),
    ("Audit adjustments fell from 14 to 3 over two years.", "from 14 to 3"),
    ("I shortened the waiting list by 2 years.", "2 years"),
])
def test_real_results_are_still_found(text: str, figure: str) -> None:
    assert figure in result_figures(text), (text, result_figures(text))


def test_a_report_does_not_count_a_question_back_as_a_result() -> None:
    report = report_for("teacher", [
        (PROUDEST, "I teach maths."),
        ("On \u201cI teach maths\u201d: what is one concrete case where that held true?",
         "Um, I guess, like, maybe I kind of did some stuff with the kids, you know, sort of."),
        (RESULT_Q, "how could I improve answer 4?"),
    ])
    assert not any("Backed claims" in s for s in report.strengths), report.strengths
    assert all("measure" not in note.what_worked for note in report.answers), report.answers


# ---------------------------------------------------------------------------
# 2. A list of words with no sentence is buzzwords
# ---------------------------------------------------------------------------
BUDGET_Q = ("Let's drill budgeting. Tell me about one specific time budgeting was central to your "
            "work: what was the situation, what did you do yourself, and what was the result?")
WORD_LISTS = [
    ("warehouse", "budgeting budgeting budgeting budget costs money finance spreadsheet 10%"),
    ("nurse", "triage triage Epic ACLS budgeting infection control 30%"),
    ("teacher", "safeguarding safeguarding differentiation data analysis results 20%"),
    ("accountant", "reconciliations, month-end close, variance analysis, budget, 15%"),
]


@pytest.mark.parametrize(("job", "answer"), WORD_LISTS)
def test_a_list_of_words_is_capped_and_earns_no_credit(job: str, answer: str) -> None:
    g, match = graded(job, BUDGET_Q, answer)
    assert g.judgement.listing, answer
    assert g.cap <= CAP_LISTING and g.score <= CAP_LISTING, g.score
    assert g.results == () and g.skills == ()
    worked = what_worked(g, match)
    assert "measure" not in worked and "in action" not in worked, worked


def test_a_word_list_shows_no_skill_whatever_figure_it_holds() -> None:
    evidence = skill_evidence("budgeting budgeting budgeting budget costs money finance spreadsheet 10%")
    assert evidence.shown == ()


@pytest.mark.parametrize(("job", "answer"), [
    # Telegraphic, but sentences: a verb in each ("Rebuilt", "cut"), so not a word list.
    ("warehouse", "Rebuilt the overtime rota in Excel in 2024. Cut overtime spend by 15% in two "
                  "months and kept both shifts covered."),
    ("accountant", "In 2022 the close took 9 days. I reordered the tasks and standardised the "
                   "journals, and the close went from 9 days to 5."),
])
def test_a_short_real_answer_is_not_a_word_list(job: str, answer: str) -> None:
    g, _ = graded(job, BUDGET_Q, answer)
    assert not g.judgement.listing, answer
    assert g.results


# ---------------------------------------------------------------------------
# 3. A forward-looking question answered with a past story is not a plan
# ---------------------------------------------------------------------------
PAST_STORIES = [
    ("nurse", "When a patient deteriorated I called the rapid response team, gave oxygen and "
              "documented in Epic. The patient recovered."),
    ("teacher", "Last year I ran a revision club for Year 11 and marked every mock paper myself. "
                "The pass rate went up."),
    ("warehouse", "In 2023 a forklift near-miss happened on nights. I rerouted the walkways and "
                  "briefed 12 staff."),
]


@pytest.mark.parametrize(("job", "answer"), PAST_STORIES)
def test_a_past_story_is_not_a_plan_for_a_year_from_now(job: str, answer: str) -> None:
    g, match = graded(job, YEAR_ON, answer)
    worked = what_worked(g, match)
    assert "plan" not in worked, worked
    assert g.score <= 30, g.score
    assert not g.judgement.addressed


def test_a_past_story_may_answer_an_open_closing_but_is_still_no_plan() -> None:
    # "...and is there anything you'd like to add?" leaves the floor open: a story is fair
    # there, so it is not called off topic, but it is not credited as a plan either.
    question = ("To finish, picture your first 90 days as our Warehouse Supervisor. How would you "
                "get up to speed on supervising 25 warehouse operatives across two shifts, and is "
                "there anything you'd like to add before we close?")
    g, match = graded("warehouse", question, PAST_STORIES[2][1])
    assert not g.judgement.off_topic
    assert "plan" not in what_worked(g, match)
    assert "past story" in to_improve(g, match)


@pytest.mark.parametrize(("job", "answer"), [
    ("nurse", "A year from now I would have led the new sepsis screening in the Emergency "
              "Department and trained the junior nurses on triage. I'd meet the ward manager in "
              "my first week and audit our handovers, so that by the end of the year sepsis "
              "screening is done within an hour for every patient."),
    # The imagined future told in the past, as the question invites: still about the new job.
    ("teacher", "In my first year at Oakwood School I rebuilt the Key Stage 3 curriculum with "
                "the seven teachers, observed every lesson once a term and gave each teacher "
                "feedback. The department now tracks every pupil's progress each half term."),
])
def test_a_real_plan_for_the_year_ahead_keeps_its_credit(job: str, answer: str) -> None:
    g, match = graded(job, YEAR_ON, answer)
    assert "gave a concrete plan" in what_worked(g, match).lower()
    assert g.score >= 60, g.score


# ---------------------------------------------------------------------------
# 4. Non-answers are not "answering the question"
# ---------------------------------------------------------------------------
NON_ANSWERS = [
    ("warehouse", "ok"),
    ("warehouse", "x"),
    ("warehouse", "I guess I maybe did some training, like."),
    ("teacher", "answer 3"),
    ("nurse", "Yes."),
    ("accountant", "hmm, well, sort of, you know"),
    # Words with no sentence, and nothing in them either: no answer rather than a list.
    ("warehouse", "Situation task action result."),
    ("nurse", "ok ok ok"),
]


@pytest.mark.parametrize(("job", "answer"), NON_ANSWERS)
def test_a_non_answer_is_credited_with_nothing(job: str, answer: str) -> None:
    g, match = graded(job, STORY_Q, answer)
    worked = what_worked(g, match)
    assert "answered the question" not in worked, worked
    assert worked.startswith("Nothing"), worked
    assert not g.judgement.addressed
    assert g.score <= 10 and g.results == ()


def test_self_praise_is_named_as_praise_not_as_saying_nothing() -> None:
    g, match = graded("warehouse", STORY_Q, "I am great at everything.")
    assert g.judgement.generic and not g.judgement.no_answer
    assert "confident tone" in what_worked(g, match)


def test_a_short_answer_on_the_topic_still_counts_as_addressing_it() -> None:
    g, match = graded("warehouse", STORY_Q, "I balanced the two shifts' different requests by "
                                            "splitting overtime fairly.")
    assert g.judgement.addressed
    assert not what_worked(g, match).startswith("Nothing")


def test_the_relevance_reason_does_not_count_non_answers() -> None:
    report = report_for("warehouse", [
        ("Which example from your experience shows you can supervise 25 warehouse operatives "
         "across two shifts here, and why is it the right one?",
         "In 2024 our overtime budget ran 20% over. As team leader I was responsible for it. I "
         "rebuilt the rota in Excel and cut overtime by 15% in two months."),
        ("You said \u201cI rebuilt the rota in Excel and cut overtime by 15%\u201d. Tie that "
         "directly to this role: how would it help you supervise 25 warehouse operatives across "
         "two shifts here?", "I guess I maybe did some training, like."),
        (STORY_Q, "ok"),
    ])
    relevance = report.competencies[0]
    assert relevance.reason.startswith("1 of 3 answers addressed"), relevance.reason


# ---------------------------------------------------------------------------
# 5. A pasted CV earns nothing for the figures it copied
# ---------------------------------------------------------------------------
PASTED = [
    ("teacher", TEACHER_CV.replace("\n", " "), "62%"),
    ("nurse", "Led a falls-prevention project that cut falls by 30%.", "30%"),
    ("warehouse", "Improved pick accuracy from 97% to 99.5% using barcode scanning.", "99.5%"),
]


@pytest.mark.parametrize(("job", "answer", "figure"), PASTED)
def test_a_pasted_cv_line_earns_nothing_for_its_figures(job: str, answer: str, figure: str) -> None:
    g, match = graded(job, PROUDEST, answer)
    assert g.judgement.pasted_cv
    assert g.results == ()
    worked = what_worked(g, match)
    assert figure not in worked and "measure" not in worked, worked
    report = report_for(job, [(PROUDEST, answer)])
    # (A strength may point at the CV's own material; it must not say the answer backed a claim.)
    assert not any("Backed claims" in s for s in report.strengths), report.strengths
    assert figure not in report.answers[0].what_worked


def test_a_pasted_job_description_earns_nothing() -> None:
    g, match = graded("teacher", PROUDEST, TEACHER_JD.replace("\n", " "))
    assert g.score <= 25 and g.results == () and g.skills == ()
    assert "named skills" not in what_worked(g, match)


# ---------------------------------------------------------------------------
# The good behaviour kept: real STAR answers with measured results
# ---------------------------------------------------------------------------
STRONG = [
    ("warehouse", "Tell me about a time you improved accuracy in your team: what was the "
                  "situation, what did you do, and what was the result?",
     "At FastFreight in 2022 our pick accuracy was 97% and customers complained. As team leader I "
     "was responsible for fixing it. I rolled out barcode scanning in SAP EWM, retrained 12 "
     "pickers and added a daily accuracy board. Within three months accuracy reached 99.5% and "
     "complaints fell by half."),
    ("nurse", "Tell me about a time you improved patient safety on your ward.",
     "In 2023, as night charge nurse on a 28-bed surgical ward, we had a spike in patient falls. I "
     "was responsible for reducing them. I introduced hourly rounding, bed alarms and a handover "
     "checklist, and trained 14 nurses. Within six months falls dropped by 30% and our ward was "
     "used as a model for the hospital."),
    ("teacher", "Tell me about a time you raised pupils' results in maths.",
     "In 2021 only 62% of our Year 11 pupils passed GCSE maths. As the lead for Year 11 I had to "
     "raise it. I analysed the mock data, set up targeted intervention groups and coached two new "
     "teachers on assessment. The pass rate rose from 62% to 78% the next summer."),
    ("accountant", "Tell me about a time you made the month-end close faster.",
     "When I joined Thornbury Packaging, the month-end close took 9 working days. My task was to "
     "get it to five days. I mapped every close task, moved accruals to standard recurring "
     "journals and agreed earlier cut-off dates with operations. Within six months the close "
     "went from 9 days to 5."),
]


@pytest.mark.parametrize(("job", "question", "answer"), STRONG)
def test_a_real_star_answer_with_a_measured_result_still_scores_well(
        job: str, question: str, answer: str) -> None:
    g, match = graded(job, question, answer)
    assert g.score >= 60, g.score
    assert g.results and g.judgement.addressed
    assert "measure" in what_worked(g, match)
