"""The offline feedback report: scores that follow the evidence in the answers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import interview_core
from interview_core.feedback import Competency, FeedbackReport
from interview_core.models import InterviewContext, Role, Turn
from interview_core.providers.offline import OfflineProvider, build_report
from interview_core.providers.offline.answers import analyse_answer
from interview_core.providers.offline.jd import analyse_jd
from interview_core.providers.offline.match import match_cv_to_jd
from interview_core.providers.offline.scoring import grade_answer, question_kind
from interview_core.providers.offline.vocabulary import SKILLS, is_generic, shown_by
from tests.helpers import WEAK_ANSWERS

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


@pytest.fixture(scope="module")
def documents() -> tuple[str, str]:
    return (SAMPLES / "sample_cv.md").read_text(encoding="utf-8"), (
        SAMPLES / "sample_jd.md"
    ).read_text(encoding="utf-8")


# The questions STRONG_ANSWERS answer, one each: the report is judged on answers to known
# questions, so these tests do not move when the question writer changes.
QUESTIONS = [
    "Could you walk me through your background, and how your time at Brightwave Payments "
    "prepares you for this role?",
    "Tell me about a time you had to explain something complex to people without your "
    "background.",
    "Tell me about a time you had to bring PostgreSQL storage costs under control.",
    "Tell me about a time you made a payment flow safe against duplicate postings.",
    "Imagine our ordering API slows down a week before a big launch, and product wants the "
    "launch anyway. What would you do?",
    "The role involves event-driven integrations. Tell me about a time you connected two "
    "systems with events.",
    "What draws you to Northwind Labs in particular?",
    "If you joined, what would you focus on in your first 90 days?",
]


async def _interview(
    cv: str, jd: str, answers: list[str], title: str = TITLE, company: str = COMPANY,
    questions: list[str] | None = None,
) -> InterviewContext:
    """A full interview: QUESTIONS asked (or the offline interviewer's, when questions is
    empty), and the canned answers replying."""
    provider = OfflineProvider()
    history: list[Turn] = []
    total = len(answers)
    fixed = QUESTIONS if questions is None else questions
    for number, answer in enumerate(answers, 1):
        ctx = InterviewContext(title, company, cv, jd, tuple(history), number, total)
        if number <= len(fixed):
            text = fixed[number - 1]
        else:
            text = (await (
                provider.opening_question(ctx) if number == 1 else provider.follow_up_question(ctx)
            )).text
        history += [Turn(Role.INTERVIEWER, text), Turn(Role.CANDIDATE, answer)]
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
    assert "4 of 8 answers gave a result you can measure" in reasons[Competency.SPECIFICITY]
    assert "hedges or fillers" in reasons[Competency.COMMUNICATION]
    # Coverage counts the JD's main skills, not only those that came up (4 of 4 that came up
    # is not full coverage of a JD of 8: tests/offline/test_report_consistency.py).
    assert "of the JD's" in reasons[Competency.JD_COVERAGE] and "main skills" in reasons[Competency.JD_COVERAGE]
    assert "situation, task, action and result" in reasons[Competency.STRUCTURE]
    assert "answers addressed the question asked" in reasons[Competency.RELEVANCE]


async def test_per_answer_notes(documents: tuple[str, str]) -> None:
    ctx = await _interview(*documents, STRONG_ANSWERS)
    report = build_report(ctx)
    assert [a.question_number for a in report.answers] == list(range(1, 9))
    assert [a.question for a in report.answers] == ctx.questions
    for note in report.answers:
        assert note.what_worked and note.to_improve
        outline = note.stronger_answer
        # Story questions get a STAR outline; the others an outline of their own kind.
        star = all(part in outline for part in ("Situation", "Task", "Action", "Result"))
        assert star == (question_kind(note.question) == "story"), note.question
        assert len(outline) < 600
    motivation = report.answers[6]
    assert "Northwind Labs" in motivation.stronger_answer and "STAR" not in motivation.to_improve
    assert "alternative" not in motivation.to_improve
    # Outlines use the candidate's own CV material.
    assert any(
        "Brightwave Payments" in a.stronger_answer or "Tidal Logistics" in a.stronger_answer
        for a in report.answers
    )


async def test_skills_covered_and_missed(documents: tuple[str, str]) -> None:
    report = build_report(await _interview(*documents, STRONG_ANSWERS))
    assert {"Python", "Go", "PostgreSQL", "Event-driven architecture", "AWS"} <= set(
        report.skills_covered
    )
    # Never asked about and never raised: reported apart, not as "missed".
    assert "Terraform" in report.skills_not_discussed
    assert "Terraform" not in report.skills_covered + report.skills_missed
    # What was not shown turns into concrete next steps.
    assert any(step.startswith("Prepare an example that shows") for step in report.next_steps)
    # Asked about PostgreSQL-free observability and answered without it: asked, not shown.
    asked = build_report(await _interview(*documents, STRONG_ANSWERS[:2], questions=[
        QUESTIONS[0], "How would you improve our observability with Prometheus and Grafana?"]))
    assert "Observability" in asked.skills_missed


async def test_weak_interview_gets_specific_advice(documents: tuple[str, str]) -> None:
    report = build_report(await _interview(*documents, WEAK_ANSWERS))
    text = " ".join(report.improvements)
    assert "single short sentence or less" in text and "declined the question" in text
    assert all(
        "Too brief" in a.to_improve or "No answer yet" in a.to_improve for a in report.answers
    )
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
    assert strong.score >= 75 and weak.score <= 10
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
    questions = [
        "Tell me about a time you had to reposition a product against a strong competitor.",
        "The role involves go-to-market launches. Tell me about a launch you planned.",
        "How do you run competitive analysis so that sales can use it?",
    ]
    report = build_report(await _interview(
        cv, jd, answers, "Senior Product Marketing Manager", "Fernwood Health", questions))
    _assert_valid(report)
    assert {"Positioning and messaging", "Go-to-market", "HubSpot"} <= set(report.skills_covered)
    # "We did some competitive analysis, I guess" names it without showing it.
    assert "Competitive analysis" in report.skills_missed
    assert report.answers[0].score > report.answers[2].score + 40


# ---------------------------------------------------------------------------
# Report quality: outlines, brevity, skills
# ---------------------------------------------------------------------------
# A phrase cut mid-way ends in a word that cannot end one: "(... what we need in the)".
_DANGLING_END_RE = re.compile(
    r"\b(?:the|a|an|of|in|on|at|to|for|with|by|from|and|or|but|that|what|your|our|their)"
    r"\s*[).]",
    re.IGNORECASE,
)

# Questions as an LLM might write them, so the report also works after a fallback.
LLM_STYLE_QUESTIONS = [
    "Tell me about a time you had to coordinate a complex multi-region database migration across "
    "five product teams while keeping the platform available for every merchant?",
    "Describe a situation where you needed to work with the team and how it relates to what we "
    "need in the",
    "Can you give an example of when you had to push back on a deadline?",
    "How would you design a rate limiter for our public API?",
    "What's your biggest weakness, and what are you doing about it?",
]


def _pairs_for_reports() -> list[tuple[str, str, str, str]]:
    from tests.test_offline_interviewer import DEVOPS_JD, _pdf_text

    return [
        (*_sample_documents(), TITLE, COMPANY),
        (
            (PAIRS / "marketing_cv.md").read_text(encoding="utf-8"),
            (PAIRS / "marketing_jd.md").read_text(encoding="utf-8"),
            "Senior Product Marketing Manager",
            "Fernwood Health",
        ),
        (
            _pdf_text(PAIRS.parent / "cv" / "awesome-cv-resume.pdf"),
            DEVOPS_JD,
            "Senior Platform Engineer",
            "Acme",
        ),
    ]


def _sample_documents() -> tuple[str, str]:
    return (SAMPLES / "sample_cv.md").read_text(encoding="utf-8"), (
        SAMPLES / "sample_jd.md"
    ).read_text(encoding="utf-8")


async def test_stronger_answers_never_quote_a_clipped_fragment() -> None:
    outlines: list[str] = []
    for cv, jd, title, company in _pairs_for_reports():
        for answers in (STRONG_ANSWERS, WEAK_ANSWERS, STRONG_ANSWERS[::2] + WEAK_ANSWERS[1::2]):
            report = build_report(await _interview(cv, jd, answers, title, company))
            outlines += [a.stronger_answer for a in report.answers]
        history: list[Turn] = []
        for question in LLM_STYLE_QUESTIONS:
            history += [Turn(Role.INTERVIEWER, question), Turn(Role.CANDIDATE, STRONG_ANSWERS[0])]
        ctx = InterviewContext(title, company, cv, jd, tuple(history), 5, 5)
        outlines += [a.stronger_answer for a in build_report(ctx).answers]
    assert len(outlines) == 3 * (8 + 8 + 8 + 5)
    for outline in outlines:
        assert outline.count("(") == outline.count(")"), outline
        assert not _DANGLING_END_RE.search(outline), outline
        task = re.search(r"Task: (.+?)\. Action:", outline)
        assert task is None or "(" not in task.group(1), outline  # the task in full words


async def test_stronger_answer_task_follows_the_question() -> None:
    report = build_report(await _interview(*_sample_documents(), STRONG_ANSWERS))
    tasks = [re.search(r"Task: (.+?)\. Action:", a.stronger_answer) for a in report.answers]
    text = " | ".join(t.group(1) for t in tasks if t)
    assert re.search(r"why you had to [a-z ]+, and what was at stake", text)  # behavioural
    opening = report.answers[0].stronger_answer
    assert "why it prepares you for the Senior Backend Engineer role" in opening


def test_two_sentence_answer_of_24_words_is_not_too_brief(documents: tuple[str, str]) -> None:
    two_sentences = (
        "I rewrote the slow monthly report query in PostgreSQL last spring. It now runs in two "
        "seconds instead of forty, and nobody complains anymore."
    )
    one_sentence = "I rewrote the slow report query in PostgreSQL and it got a lot faster."
    assert len(two_sentences.split()) == 24 and len(one_sentence.split()) == 14
    assert not analyse_answer(two_sentences).short
    assert analyse_answer(one_sentence).short  # one sentence, under 20 words
    assert analyse_answer("It went well. We shipped it. People liked it.").short  # under 12 words
    long_sentence = (
        "I owned the migration of our payment ledger from MySQL to PostgreSQL and I finished it "
        "with no downtime for any of our merchants."
    )
    assert len(long_sentence.split()) >= 20 and not analyse_answer(long_sentence).short
    match = match_cv_to_jd(*documents, TITLE, COMPANY)
    question = "Tell me about a time you had to fix a slow PostgreSQL query?"
    note = build_report(
        InterviewContext(
            TITLE,
            COMPANY,
            *documents,
            (
                Turn(Role.INTERVIEWER, question),
                Turn(Role.CANDIDATE, two_sentences),
                Turn(Role.INTERVIEWER, question.replace("slow", "broken")),
                Turn(Role.CANDIDATE, one_sentence),
            ),
            2,
            2,
        )
    )
    assert "Too brief" not in note.answers[0].to_improve
    assert "Too brief" in note.answers[1].to_improve
    assert any(i.startswith("Go deeper: 1 of 2 answers") for i in note.improvements)
    assert grade_answer(1, question, two_sentences, match).clarity == 1.0


_VAGUE = {"backend services", "Continuous learning", "Communication", "Technical documentation"}


async def test_missed_skills_are_specific_and_capped(documents: tuple[str, str]) -> None:
    for answers in (WEAK_ANSWERS, STRONG_ANSWERS[:2]):
        report = build_report(await _interview(*documents, answers))
        assert len(report.skills_missed) <= 8
        assert report.skills_missed or report.skills_not_discussed
        assert not _VAGUE & set(report.skills_missed + report.skills_covered)
        # Only named skills: vocabulary entries, or phrases with a name in them ("B2B SaaS").
        for skill in report.skills_missed:
            assert skill in SKILLS or re.search(r"[A-Z0-9]", skill), skill
        # In the JD's ranking, hard skills first.
        job = analyse_jd(documents[1], TITLE, COMPANY)
        ranks = [job.key_skills.index(s) for s in report.skills_missed]
        assert ranks == sorted(ranks)
        # Each one came up: asked about in a question, or raised in an answer.
        discussed = " ".join(a.question + " " + a_text for a, a_text in zip(
            report.answers, answers, strict=False))
        for skill in report.skills_missed:
            named = match_cv_to_jd(*documents, TITLE, COMPANY).skills_in(discussed)
            assert shown_by(skill, named), skill  # the skill or a narrower one (Kafka: events)
        steps = [s for s in report.next_steps if s.startswith("Prepare an example that shows")]
        assert steps
        for step in steps:
            shown = step.removeprefix("Prepare an example that shows ").split(": ")[0]
            assert shown.lower() not in {v.lower() for v in _VAGUE}, step
            skill = next(s for s in SKILLS if s.lower() == shown.lower())
            assert not is_generic(skill) or analyse_jd(documents[1]).stresses(skill), step


def test_soft_skills_are_reported_only_when_the_jd_stresses_them() -> None:
    jd = (
        "Engineering Manager\n\nRequirements\n- Strong stakeholder management across product.\n"
        "- You build trust with stakeholders in every team.\n- Deep Python experience.\n"
        "- Clear written communication.\n- Experience building backend services.\n"
    )
    job = analyse_jd(jd, "Engineering Manager", "Acme")
    assert "Stakeholder management" in job.key_skills  # named in two requirement lines
    assert "Communication" not in job.key_skills  # named once, in passing
    assert "backend services" in job.skills and "backend services" not in job.key_skills
    assert job.key_skills[0] == "Python"
