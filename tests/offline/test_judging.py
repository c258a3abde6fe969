"""Judging one answer against its question: copies, denials, lists, praise, other topics.

Each case is an answer a real candidate could give; the assertions are what the report
must then say about it (scores, notes), not how the judging works inside."""

from __future__ import annotations

from pathlib import Path

import pytest

import interview_core
from interview_core.providers.offline.grading import grade_answer
from interview_core.providers.offline.judging import (
    copy_of,
    judge,
    question_kind,
    skill_evidence,
)
from interview_core.providers.offline.match import match_cv_to_jd
from interview_core.providers.offline.notes import to_improve, what_worked

SAMPLES = Path(interview_core.__file__).parent / "samples"


@pytest.fixture(scope="module")
def match():
    cv = (SAMPLES / "sample_cv.md").read_text(encoding="utf-8")
    jd = (SAMPLES / "sample_jd.md").read_text(encoding="utf-8")
    return match_cv_to_jd(cv, jd, "Senior Backend Engineer", "Northwind Labs")


SQL_QUESTION = (
    "The role involves tuning PostgreSQL queries. Tell me about a time you had to find and fix "
    "a slow SQL query: what did you do, and what changed?"
)
SQL_ANSWER = (
    "At Brightwave the monthly settlement report took nine minutes and timed out for our "
    "biggest merchants. I read the EXPLAIN ANALYZE output, found a sequential scan on the "
    "payments table, and added a partial index on unsettled rows. The query dropped from 9 "
    "minutes to 40 seconds, and the timeouts stopped."
)
AB_ANSWER = (
    "I love experimentation. At my last job I ran an A/B test on the onboarding emails with the "
    "growth team, we tried three subject lines over a month, and the best one lifted sign-ups "
    "by 12%, so we rolled it out to every new customer."
)


def test_a_strong_on_topic_answer_scores_well(match) -> None:
    graded = grade_answer(1, SQL_QUESTION, SQL_ANSWER, match)
    assert graded.score >= 75
    assert graded.relevance >= 0.7
    assert "PostgreSQL" in graded.skills or "SQL" in graded.skills or graded.results


def test_an_answer_about_something_else_is_named_and_capped(match) -> None:
    graded = grade_answer(1, SQL_QUESTION, AB_ANSWER, match)
    assert graded.judgement.off_topic
    assert graded.score <= 30
    assert "doesn't seem to answer" in to_improve(graded, match)
    assert "role's skills" not in what_worked(graded, match)


def test_a_copy_of_an_earlier_answer_earns_nothing_and_says_so(match) -> None:
    earlier = [SQL_ANSWER]
    again = SQL_ANSWER.replace("nine minutes", "9 minutes")  # a near-copy
    graded = grade_answer(2, "Why do you want to join Northwind Labs?", again, match, earlier)
    assert graded.judgement.copy_of == 1
    assert graded.score <= 10
    assert "same answer as question 1" in to_improve(graded, match)
    assert copy_of("Yes.", ["Yes."]) is None  # two short answers are not a copy


@pytest.mark.parametrize(
    "answer, denied",
    [
        ("I have not run Snowflake in production, but I've read the docs.", {"Snowflake"}),
        ("I've never used Terraform; we clicked through the AWS console.", {"Terraform"}),
        ("No hands-on experience with Kafka yet, to be honest.", {"Kafka"}),
        ("I haven't worked with Kubernetes, but I ran Docker on every project.", {"Kubernetes"}),
    ],
)
def test_a_denied_skill_is_an_admitted_gap_never_covered(answer: str, denied: set[str]) -> None:
    evidence = skill_evidence(answer)
    assert denied <= set(evidence.denied)
    assert not denied & set(evidence.shown)


def test_saying_you_lack_a_skill_gets_honest_advice(match) -> None:
    question = "How would you manage our infrastructure as code with Terraform?"
    graded = grade_answer(1, question, "I have not used Terraform. I don't really know it.", match)
    assert "Terraform" not in graded.skills
    assert "Terraform" in to_improve(graded, match) or graded.judgement.dont_know
    with_plan = grade_answer(
        1,
        question,
        "I have not used Terraform in production. I would start by pairing with the platform "
        "team and writing a small module for a staging bucket in my first weeks, then review "
        "the plan output with them before I changed anything shared.",
        match,
    )
    assert with_plan.judgement.plan and "Terraform" not in with_plan.skills
    assert "close the gap" in what_worked(with_plan, match)


def test_a_list_of_skills_is_keyword_listing(match) -> None:
    buzz = (
        "I have a lot of experience with Kafka, Python, SQL, Airflow, dbt, Snowflake, AWS and "
        "Terraform, and I always deliver results."
    )
    graded = grade_answer(1, SQL_QUESTION, buzz, match)
    assert graded.judgement.listing
    assert graded.score <= 25 and graded.skills == ()
    assert "Listing skills is not evidence" in to_improve(graded, match)


def test_self_praise_without_an_example_is_hollow(match) -> None:
    praise = "I'm a hard worker and a team player, and I always go above and beyond for my team."
    graded = grade_answer(1, "Tell me about a time you helped a struggling colleague.", praise, match)
    assert graded.judgement.generic and graded.score <= 25


def test_owning_nothing_is_not_ownership(match) -> None:
    vague = "I did a lot of things there and it was mostly fine I guess, I think people liked it."
    graded = grade_answer(1, "Tell me about a time you owned a difficult project.", vague, match)
    assert "own part" not in what_worked(graded, match)
    assert graded.score < 40


def test_i_dont_know_scores_near_zero(match) -> None:
    for answer in ("I don't know.", "Not sure, sorry.", "Pass.", "No idea, to be honest."):
        graded = grade_answer(1, SQL_QUESTION, answer, match)
        assert graded.score <= 10, answer


@pytest.mark.parametrize(
    "question, kind",
    [
        ("Could you walk me through your background and how it prepares you for this role?", "opening"),
        ("Tell me about a time you had to calm an upset parent. What did you do?", "story"),
        ("How would you plan a unit on fractions for a mixed-ability Year 7 class?", "technical"),
        ("Imagine two admissions arrive while a patient deteriorates. What would you do?", "scenario"),
        ("What draws you to St. Catherine's in particular?", "motivation"),
        ("What would you focus on in your first 90 days?", "closing"),
        ("The role will need you to explain something complex to people without your background. "
         "Could you share a real example?", "story"),
    ],
)
def test_question_kinds(question: str, kind: str) -> None:
    assert question_kind(question) == kind


def test_a_follow_up_that_quotes_the_answer_is_a_probe() -> None:
    previous = "I moved the night handover to the bedside and the team liked it."
    question = "You said “I moved the night handover to the bedside”. What changed for patients?"
    assert question_kind(question, previous) == "probe"
    answer = "Missed medications at handover fell from five a week to one, because we checked together."
    judgement = judge(question, answer, [previous])
    assert judgement.kind == "probe" and judgement.relevance >= 0.75
    # A new story that ignores the follow-up is not made relevant by having a result in it.
    other = ("At my last school I ran the Year 9 maths club and attendance rose from 12 pupils "
             "to 30 over a term, because I let them choose the puzzles.")
    elsewhere = judge(question, other, [previous])
    assert elsewhere.relevance < judgement.relevance and elsewhere.off_topic


def test_a_motivation_that_fits_any_employer_is_capped_and_told_so(match) -> None:
    question = "What draws you to Northwind Labs in particular?"
    generic = ("Northwind Labs has a good reputation and the office is close to where I live, and "
               "I want to keep growing in my career.")
    specific = ("Northwind Labs builds ordering and payments software for 4,000 independent "
                "restaurants, and I want to own the reliability of the PostgreSQL data layer as "
                "order volume doubles; that is what I did for card payments at Brightwave.")
    vague = grade_answer(1, question, generic, match)
    sharp = grade_answer(1, question, specific, match)
    assert vague.score <= 55 < sharp.score
    assert "fits any employer" in to_improve(vague, match)
    assert "reason of your own" not in what_worked(vague, match)
    assert "own part" not in what_worked(sharp, match)  # ownership praise is for stories
