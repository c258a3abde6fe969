"""The offline feedback report: scores that follow the evidence in the answers."""

from __future__ import annotations

from pathlib import Path

import pytest

import interview_core
from interview_core.feedback import Competency, FeedbackReport
from interview_core.models import InterviewContext, Role, Turn
from interview_core.providers.offline import OfflineProvider, build_report
from interview_core.providers.offline.analysis import match_cv_to_jd
from interview_core.providers.offline.scoring import grade_answer, question_kind

SAMPLES = Path(interview_core.__file__).parent / "samples"
PAIRS = Path(__file__).parent / "fixtures" / "pairs"
TITLE, COMPANY = "Senior Backend Engineer", "Northwind Labs"

STRONG_ANSWERS = [
    "At Brightwave Payments I led the move of card authorisation from a Python monolith to three "
    "Go services. My task was to cut latency before a big merchant launched. I designed the "
    "service boundaries, I wrote the migration plan and I ran canary releases. As a result p99 "
    "latency fell from 480 ms to 120 ms at 2,500 requests per second.",
    "When our finance team doubted the ledger numbers, my task was to explain why Kafka replays "
    "were safe. I drew the event flow, I walked them through two real incidents and I set up a "
    "weekly report. As a result the reconciliation questions dropped by 70% within a month.",
    "Last year our PostgreSQL storage grew 40% a quarter. I was responsible for the fix, "
    "so I introduced monthly partitioning and I archived cold data to S3. The result was "
    "a 35% cost cut and queries that ran twice as fast.",
    "At Brightwave we had duplicate ledger postings. My goal was zero double-posted "
    "payments. I designed an idempotent Kafka consumer keyed on payment ID and I added "
    "contract tests. As a result duplicates went from 120 a week to zero, and it has "
    "processed 40 million events a day since launch.",
    "I would first check the slow dependency with profiling, then I would add a cache and a "
    "timeout in Go, and I would agree a smaller scope with the product manager. I would measure "
    "p99 latency and error rate daily and report them, aiming to stay under 200 ms.",
    "When we needed event-driven integrations at Tidal Logistics, I was asked to connect the "
    "warehouse scanners. I built a small outbox pattern on PostgreSQL and I published events to "
    "AWS SQS. As a result manual updates fell by 80% and data arrived within 2 seconds.",
    "I want to work on payments at scale, and Northwind Labs serves 4,000 independent "
    "restaurants, which I find motivating. At Brightwave I cut p99 latency by 75% in Python and "
    "Go, and I want to bring that to your ordering platform while growing as a mentor.",
    "In my first 90 days I would learn the ordering and payments APIs, I would pair on on-call to "
    "understand incidents and I would ship one improvement to the PostgreSQL data layer. Success "
    "would be a measurable drop in slow queries, for example 30% fewer queries over 500 ms.",
]
WEAK_ANSWERS = [
    "Um, I guess we did some stuff.",
    "Maybe, kind of. We basically worked on it.",
    "I don't know, we sort of fixed things.",
    "We did it as a team, like, you know.",
    "Probably we would just try stuff.",
    "Not sure really.",
    "I guess it seems like a good company.",
    "Um, learn things maybe.",
]


@pytest.fixture(scope="module")
def documents() -> tuple[str, str]:
    return (SAMPLES / "sample_cv.md").read_text(encoding="utf-8"), (
        SAMPLES / "sample_jd.md"
    ).read_text(encoding="utf-8")


async def _interview(
    cv: str, jd: str, answers: list[str], title: str = TITLE, company: str = COMPANY
) -> InterviewContext:
    """A full interview with the offline interviewer asking and the canned answers replying."""
    provider = OfflineProvider()
    history: list[Turn] = []
    total = len(answers)
    for number, answer in enumerate(answers, 1):
        ctx = InterviewContext(title, company, cv, jd, tuple(history), number, total)
        question = await (
            provider.opening_question(ctx) if number == 1 else provider.follow_up_question(ctx)
        )
        history += [Turn(Role.INTERVIEWER, question.text), Turn(Role.CANDIDATE, answer)]
    return InterviewContext(title, company, cv, jd, tuple(history), total, total)


def _assert_valid(report: FeedbackReport) -> None:
    assert report.source == "offline"
    assert 0 <= report.overall_score <= 100
    assert [c.competency for c in report.competencies] == list(Competency)
    for item in report.competencies:
        assert 0 <= item.score <= 100 and 0 < len(item.reason) <= 400
    assert 3 <= len(report.strengths) <= 5 and 3 <= len(report.improvements) <= 5
    assert 3 <= len(report.next_steps) <= 5
    assert report.summary
    assert not set(report.skills_covered) & set(report.skills_missed)
    FeedbackReport.model_validate_json(report.model_dump_json())  # round-trips as stored JSON


async def test_strong_answers_score_clearly_higher_than_weak_ones(
    documents: tuple[str, str],
) -> None:
    strong = await OfflineProvider().feedback(await _interview(*documents, STRONG_ANSWERS))
    weak = await OfflineProvider().feedback(await _interview(*documents, WEAK_ANSWERS))
    _assert_valid(strong)
    _assert_valid(weak)
    assert strong.overall_score >= 75 and weak.overall_score <= 25
    assert strong.overall_score - weak.overall_score >= 50
    for competency in (
        Competency.STRUCTURE,
        Competency.SPECIFICITY,
        Competency.COMMUNICATION,
        Competency.JD_COVERAGE,
    ):
        assert strong.score_of(competency) > weak.score_of(competency) + 30  # type: ignore[operator]
    assert min(a.score for a in strong.answers) > max(a.score for a in weak.answers)


async def test_reasons_cite_the_evidence(documents: tuple[str, str]) -> None:
    report = build_report(await _interview(*documents, STRONG_ANSWERS[:4] + WEAK_ANSWERS[:4]))
    reasons = {c.competency: c.reason for c in report.competencies}
    assert "4 of 8 answers gave a measurable result" in reasons[Competency.SPECIFICITY]
    assert "hedges or fillers" in reasons[Competency.COMMUNICATION]
    assert "of the JD's top 10 skills" in reasons[Competency.JD_COVERAGE]
    assert "situation, task, action and result" in reasons[Competency.STRUCTURE]


async def test_per_answer_notes(documents: tuple[str, str]) -> None:
    ctx = await _interview(*documents, STRONG_ANSWERS)
    report = build_report(ctx)
    assert [a.question_number for a in report.answers] == list(range(1, 9))
    assert [a.question for a in report.answers] == ctx.questions
    for note in report.answers:
        assert note.what_worked and note.to_improve
        outline = note.stronger_answer
        assert all(part in outline for part in ("Situation", "Task", "Action", "Result"))
        assert len(outline) < 600
    # Outlines use the candidate's own CV material.
    assert any(
        "Brightwave Payments" in a.stronger_answer or "Tidal Logistics" in a.stronger_answer
        for a in report.answers
    )


async def test_skills_covered_and_missed(documents: tuple[str, str]) -> None:
    report = build_report(await _interview(*documents, STRONG_ANSWERS))
    assert {"Python", "Go", "PostgreSQL", "Kafka", "AWS"} <= set(report.skills_covered)
    assert {"Terraform", "Observability"} <= set(report.skills_missed)
    assert "Terraform" not in report.skills_covered
    # Missed skills turn into concrete next steps.
    assert any(
        step.startswith("Prepare a STAR story that shows observability")
        for step in report.next_steps
    )


async def test_weak_interview_gets_specific_advice(documents: tuple[str, str]) -> None:
    report = build_report(await _interview(*documents, WEAK_ANSWERS))
    text = " ".join(report.improvements)
    assert "under 25 words" in text and "number" in text and '"um"' in text
    assert all("Too brief" in a.to_improve for a in report.answers)
    assert report.score_of(Competency.JD_COVERAGE) == 0


def test_empty_history_is_still_a_valid_report(documents: tuple[str, str]) -> None:
    report = build_report(InterviewContext(TITLE, COMPANY, *documents, (), 1, 8))
    _assert_valid(report)
    assert report.overall_score == 0 and report.answers == []
    assert all(c.score == 0 for c in report.competencies)
    empty = build_report(InterviewContext("", "", "", "", (), 1, 8))
    _assert_valid(empty)


def test_answer_level_signals(documents: tuple[str, str]) -> None:
    match = match_cv_to_jd(documents[0], documents[1], TITLE, COMPANY)
    question = "Tell me about a time you had to fix a slow PostgreSQL query, using the STAR format?"
    strong = grade_answer(1, question, STRONG_ANSWERS[2], match)
    weak = grade_answer(1, question, "Um, I guess we did some stuff.", match)
    assert strong.score >= 85 and weak.score <= 10
    we_heavy = grade_answer(
        1,
        question,
        "We found the slow query together and we added an index, our team then tested it and we "
        "shipped it, and our latency dropped by 50% which we were all happy about.",
        match,
    )
    assert we_heavy.ownership < strong.ownership and we_heavy.score < strong.score
    hedged = grade_answer(
        1,
        question,
        STRONG_ANSWERS[2].replace("I introduced", "um, I kind of maybe introduced"),
        match,
    )
    assert hedged.clarity < strong.clarity
    # Rambling past ~350 words costs a little, far less than saying nothing.
    rambling = grade_answer(1, question, " ".join([STRONG_ANSWERS[2]] * 9), match)
    assert rambling.signals.words > 350 and strong.clarity > rambling.clarity > weak.clarity


def test_question_kinds() -> None:
    assert (
        question_kind("Could you tell me about a time you had to lead a team, using STAR?")
        == "story"
    )
    assert question_kind("Here's a scenario. How would you approach it?") == "scenario"
    assert question_kind("What draws you to Acme in particular?") == "motivation"
    assert (
        question_kind("If you joined, what would you focus on in your first 90 days?") == "closing"
    )


async def test_report_is_deterministic(documents: tuple[str, str]) -> None:
    ctx = await _interview(*documents, STRONG_ANSWERS)
    assert build_report(ctx) == build_report(ctx)


async def test_second_pair_marketing() -> None:
    cv = (PAIRS / "marketing_cv.md").read_text(encoding="utf-8")
    jd = (PAIRS / "marketing_jd.md").read_text(encoding="utf-8")
    answers = [
        "At Quillstack I rebuilt our positioning and messaging after 30 customer interviews. My "
        "task was to win more deals against our main competitor. I rewrote the pitch deck and I "
        "trained 45 account executives. As a result our win rate rose from 22% to 31% in two "
        "quarters.",
        "I planned the go-to-market launch of our Practice tier: I set the launch goals "
        "with sales, I built the HubSpot campaigns and I ran A/B tests on the pricing "
        "page. It brought in 410 new accounts in six months.",
        "We did some competitive analysis, I guess.",
    ]
    report = build_report(
        await _interview(cv, jd, answers, "Senior Product Marketing Manager", "Fernwood Health")
    )
    _assert_valid(report)
    assert {"Positioning and messaging", "Go-to-market", "HubSpot", "Competitive analysis"} <= set(
        report.skills_covered
    )
    assert "Storytelling" in report.skills_missed
    assert report.answers[0].score > report.answers[2].score + 40
