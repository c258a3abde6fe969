"""Pastes, probes and the honesty of a note, found by a reviewer playing an assistant
supermarket manager, checked on that job and on others (a nurse, a teacher, an accountant, a
warehouse supervisor, a hotel front office manager):

- an answer made mostly of the JD's and the CV's own lines (mixed, not only one of them) is a
  paste, capped as one, and earns no "showed X in action";
- no follow-up quotes the JD's or the CV's words back as the candidate's: after a paste the
  question is asked again, in every persona;
- follow-ups fit: a career step is not asked "how did you know it had worked"; a skill drill
  knows the skill's aliases and family ("daily gap checks" are stock control); a tough drill
  asks one thing; a skill drill's scenario is a duty of that skill; "stock control" is never
  "stocking control";
- an answer that misses part of what the question listed ("coach and develop") is not a full
  mark, and one that ends on why it fits the role is known to;
- "with a plan to close them" only when the answer gives a plan for the gap it admits.
"""

from __future__ import annotations

import asyncio
import re

import pytest

from interview_core.models import InterviewContext, Role, Turn
from interview_core.providers.offline import OfflineProvider, build_report, probes
from interview_core.providers.offline.drilling import shows_skill
from interview_core.providers.offline.grading import grade_answer
from interview_core.providers.offline.judging import judge
from interview_core.providers.offline.match import Match, match_cv_to_jd
from interview_core.providers.offline.phrasing import Scene, gerund
from tests.conftest import FIXTURES
from tests.offline.store_manager import COMPANY as RETAIL_COMPANY
from tests.offline.store_manager import CV as RETAIL_CV
from tests.offline.store_manager import JD as RETAIL_JD
from tests.offline.store_manager import TITLE as RETAIL_TITLE

PAIRS = FIXTURES / "pairs"
JOBS = ("retail", "nurse", "teacher", "accountant", "review_warehouse", "review_hotel")

STRONG_OPENING = (
    "At FreshMart I have been Assistant Store Manager since 2020, running a 40-person team across "
    "three shifts. The biggest problem when I arrived was shrinkage at 2.1%. I introduced daily gap "
    "checks and weekly cycle counts, trained shift leads to own them, and within 12 months shrinkage "
    "fell to 1.3%, which saved roughly £70k a year. I also lead weekly ordering on £180k turnover, so "
    "I'm used to balancing availability against waste. That's exactly the stock and team leadership "
    "Northgate needs from a Store Manager."
)
NO_PLAN_GAP = (
    "I haven't owned a full P&L yet, but I own the labour budget. Last year head office cut our "
    "weekly hours by 8%. I was responsible for making the rota fit without hurting availability. I "
    "looked at till data by hour, moved two shifts from quiet mornings to the 4-7pm peak, and "
    "cross-trained four colleagues so they could cover both tills and replenishment. We came in on "
    "budget for 11 of the next 12 weeks and queue complaints actually dropped. I learned that the "
    "data beats gut feel, and I'd do the till analysis earlier next time."
)


def documents(name: str) -> tuple[str, str, str, str]:
    """(cv, jd, title, company) of a job."""
    if name == "retail":
        return RETAIL_CV, RETAIL_JD, RETAIL_TITLE, RETAIL_COMPANY
    cv = next(PAIRS.glob(f"{name}_cv.*")).read_text("utf-8")
    jd = next(PAIRS.glob(f"{name}_jd.*")).read_text("utf-8")
    return cv, jd, "", ""


def matched(name: str) -> Match:
    cv, jd, title, company = documents(name)
    return match_cv_to_jd(cv, jd, title, company)


def _sentence(line: str) -> str:
    return line.strip().rstrip(".;") + "."


def jd_lines(match: Match, count: int) -> list[str]:
    return [_sentence(line) for line in match.job.responsibilities[:count]]


def cv_lines(match: Match, count: int) -> list[str]:
    return [_sentence(item.text) for item in match.achievements[:count]]


def interview(name: str, answers: list[str], total: int = 4, persona: str = "neutral",
              kind: str = "", focus: str = "") -> tuple[list[str], list[InterviewContext]]:
    """The questions of an interview answered with `answers` (one question more than there
    are answers, at most `total`), and the context each was written in."""
    cv, jd, title, company = documents(name)
    provider, history, questions, contexts = OfflineProvider(), [], [], []
    for number in range(1, min(total, len(answers) + 1) + 1):
        ctx = InterviewContext(title, company, cv, jd, tuple(history), number, total,
                               persona=persona, focus_kind=kind, focus=focus)
        write = provider.opening_question if number == 1 else provider.follow_up_question
        text = asyncio.run(write(ctx)).text
        questions.append(text)
        contexts.append(ctx)
        if number <= len(answers):
            history += [Turn(Role.INTERVIEWER, text), Turn(Role.CANDIDATE, answers[number - 1])]
    return questions, contexts


def plain(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9%£]+", text.lower().replace("’", "'"))) + " "


def quotes(question: str) -> list[str]:
    return re.findall(r"\u201c([^\u201d]+)\u201d", question)


def pastes(name: str) -> dict[str, str]:
    match = matched(name)
    return {
        "jd": " ".join(jd_lines(match, 6)),
        "mixed": " ".join(jd_lines(match, 5) + cv_lines(match, 1)),
        "cv": " ".join(cv_lines(match, 3)),
        "cv_and_a_duty": " ".join(cv_lines(match, 3) + jd_lines(match, 1)),
    }


# ---------------------------------------------------------------------------
# 1. A mixed paste is a paste
# ---------------------------------------------------------------------------
def test_the_reviewers_mixed_paste_is_capped_as_a_paste() -> None:
    match = matched("retail")
    answer = " ".join(jd_lines(match, 6)) + (
        " Cut stock shrinkage from 2.1% to 1.3% in 12 months by introducing daily gap checks and "
        "cycle counts.")
    graded = grade_answer(1, "Could you walk me through your time as Assistant Store Manager?", answer, match)
    assert graded.judgement.pasted_jd and graded.score <= 15, graded.score
    assert graded.skills == () and graded.results == ()  # no "showed inventory management in action"


@pytest.mark.parametrize("name", JOBS)
def test_an_answer_mostly_of_jd_and_cv_lines_is_a_paste_on_every_job(name: str) -> None:
    match = matched(name)
    question = "Tell me about a time you did the part of this job that matters most."
    texts = pastes(name)
    for key in ("jd", "mixed"):
        graded = grade_answer(1, question, texts[key], match)
        assert graded.judgement.pasted_jd and graded.score <= 15, (key, graded.score)
    for key in ("cv", "cv_and_a_duty"):
        graded = grade_answer(1, question, texts[key], match)
        assert graded.judgement.pasted_cv and graded.score <= 35, (key, graded.score)
        assert graded.skills == () and graded.results == ()


@pytest.mark.parametrize("name", ["retail", "nurse", "accountant"])
def test_a_story_that_uses_one_cv_line_is_no_paste(name: str) -> None:
    match = matched(name)
    answer = cv_lines(match, 1)[0] + (
        " It started when I noticed the same problem coming back every week, so I sat down with "
        "the two people closest to it, agreed one change we could test for a month, and checked "
        "the figures with them every Friday until it held. I learned to measure before changing "
        "anything.")
    graded = grade_answer(1, "Tell me about a time you improved how your team worked.", answer, match)
    assert not graded.judgement.pasted_jd and not graded.judgement.pasted_cv
    assert graded.score > 35


# ---------------------------------------------------------------------------
# 2. No probe quotes a paste: it is asked again
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("persona", ["neutral", "tough", "friendly"])
@pytest.mark.parametrize("name", JOBS)
def test_after_a_paste_the_next_question_quotes_nothing_of_the_jd_or_cv(name: str, persona: str) -> None:
    cv, jd, _, _ = documents(name)
    sources = plain(cv) + "\n" + plain(jd)
    for key, answer in pastes(name).items():
        questions, _ = interview(name, [answer], persona=persona)
        follow = questions[1]
        assert not re.match(r"(?:You said|You mentioned|Going back to|On “|Picking up)", follow), (key, follow)
        for quoted in quotes(follow):
            assert plain(quoted) not in sources, (key, follow)


@pytest.mark.parametrize("name", JOBS)
def test_a_probe_never_quotes_a_jd_or_cv_line_inside_an_answer(name: str) -> None:
    cv, jd, _, _ = documents(name)
    match = matched(name)
    lines = jd_lines(match, 1)[0] + " " + cv_lines(match, 1)[0]
    question = "Tell me about a time you did that."
    # Without the sources the probe would quote the pasted lines: that is what it must not do.
    unguarded = probes.follow_up(lines, question=question)
    assert unguarded is None or probes.from_sources(unguarded.quote, (cv, jd))
    for own in ("", " We had fallen behind, so I took it on myself and it went really well in the end."):
        for seed in range(6):
            found = probes.follow_up(lines + own, question=question, seed=seed, sources=(cv, jd))
            assert found is None or not probes.from_sources(found.quote, (cv, jd)), found.text
            assert own or found is None  # nothing of the candidate's own: nothing to quote


# ---------------------------------------------------------------------------
# 3. Follow-ups that fit
# ---------------------------------------------------------------------------
CAREER_ANSWERS = (
    "I started at Boots as a supervisor and moved to FreshMart in 2020, where I now run a "
    "40-person team. I'm ready to run my own store.",
    "I joined the ward as a newly qualified nurse in 2019 and moved to telemetry a year later.",
    "I started at Ashfield Academy as a trainee and became head of Year 9 in 2021.",
)
_RESULT_ASK = re.compile(r"how did you know it had worked|what was the outcome|what changed as a "
                         r"result|how did it turn out|what difference did that make|the result, and",
                         re.I)


@pytest.mark.parametrize("name", ["retail", "nurse", "teacher"])
def test_a_career_step_is_never_asked_for_its_result(name: str) -> None:
    for answer in CAREER_ANSWERS:
        questions, _ = interview(name, [answer])
        follow = questions[1]
        if any(re.match(r"I (?:started|joined|moved|became)", q) for q in quotes(follow)):
            assert not _RESULT_ASK.search(follow), follow
        for seed in range(8):
            found = probes.follow_up(answer, question="Tell me about a time you led a team.", seed=seed)
            if found and re.match(r"I (?:started|joined|moved|became)\b", found.quote):
                assert found.gap not in ("result", "trade_off", "differently", "own_part"), found.text


DRILL_CASES = (
    ("retail", "stock control",
     "At FreshMart shrinkage was 2.1%. I introduced daily gap checks and cycle counts on the top "
     "lines and trained shift leads to run them. After 12 months shrinkage was 1.3%."),
    ("teacher", "classroom management",
     "I set up behaviour routines and positive behaviour points for Year 9, and I ran restorative "
     "conversations after every incident; detentions fell from 30 to 12 a term."),
    ("accountant", "bank reconciliations",
     "I cleared the bank recs every morning and cut reconciling items from 40 to 5 in a month."),
    ("nurse", "telemetry monitoring",
     "I watched the cardiac rhythms of six patients and called the rapid response team when one "
     "went into AF; he was in the cath lab within the hour."),
)


@pytest.mark.parametrize(("name", "skill", "answer"), DRILL_CASES)
def test_a_skill_drill_knows_the_skills_aliases_and_family(name: str, skill: str, answer: str) -> None:
    assert shows_skill(answer, skill)
    questions, _ = interview(name, [answer], kind="skill", focus=skill)
    assert "bring that back" not in questions[1], questions[1]
    # An answer about something else is still brought back to the skill.
    assert not shows_skill("I planned the summer party and booked the venue.", skill)


_CHALLENGE = re.compile(r"push back|not convinced|let me challenge|still vague", re.I)


@pytest.mark.parametrize("name", ["retail", "accountant", "nurse"])
def test_a_tough_drill_asks_one_thing_and_its_scenario_is_a_duty_of_the_skill(name: str) -> None:
    skill = {"retail": "stock control", "accountant": "budgeting", "nurse": "medication administration"}[name]
    answers = ["I'd say it went fine.", "I checked the counts every morning.",
               "We used the data to spot problems and moved things around.", "I'd bring the same routine."]
    match = matched(name)
    for persona in ("tough", "neutral"):
        questions, _ = interview(name, answers, total=5, persona=persona, kind="skill", focus=skill)
        for question in questions:
            assert not _CHALLENGE.search(question), question
            scenario = re.search(r"you need to (.+?), and .+ is where it could go wrong", question)
            if scenario:
                duty = next(d for d in match.job.duty_items if d.phrase.lower() == scenario.group(1).lower())
                assert shows_skill(duty.line, skill), question


def test_the_reviewers_tough_stock_control_drill() -> None:
    answers = [DRILL_CASES[0][2], "I checked the counts every morning.",
               "We used the EPOS data to spot lines with unexplained losses and moved them behind the counter.",
               "I'd bring the same routine to Northgate."]
    questions, _ = interview("retail", answers, persona="tough", kind="skill", focus="stock control")
    assert "bring that back" not in questions[1]
    assert not any("lead, coach and develop" in q and "stock control" in q for q in questions), questions
    assert not any(_CHALLENGE.search(q) for q in questions), questions


def test_a_noun_phrase_duty_is_never_made_a_gerund() -> None:
    assert gerund("stock control, replenishment and shrinkage reduction") == (
        "stock control, replenishment and shrinkage reduction")
    assert gerund("budget planning and forecasting") == "budget planning and forecasting"
    # Verbs stay verbs, even those that can be nouns.
    assert gerund("lead, coach and develop the store team") == "leading, coaching and developing the store team"
    assert gerund("plan seasonal ranges and visual merchandising").startswith("planning seasonal")
    assert gerund("stock the shelves before opening") == "stocking the shelves before opening"
    assert gerund("support safeguarding") == "supporting safeguarding"
    ctx = InterviewContext(RETAIL_TITLE, RETAIL_COMPANY, RETAIL_CV, RETAIL_JD, (), 1, 4)
    scene = Scene.of(ctx)
    duty = next(d for d in scene.duties if d.phrase.lower().startswith("stock control"))
    assert not duty.verb
    assert scene.with_duty(duty)["duty_ing"] == duty.phrase
    answers = ["I run a 40-person team across three shifts and I lead the weekly ordering."] * 7
    questions, _ = interview("retail", answers, total=8)
    assert not any("stocking control" in q for q in questions), questions


# ---------------------------------------------------------------------------
# 4. What the question asked, and an ending that already ties back
# ---------------------------------------------------------------------------
OPENING = ("Thanks for joining us, and welcome. To start, could you walk me through your time as "
           "Assistant Store Manager at FreshMart Supermarkets, and how it prepares you for the Store "
           "Manager role at Northgate Home & Garden, where you would lead, coach and develop the "
           "store team?")
NAMES = f"{RETAIL_TITLE} {RETAIL_COMPANY}"


def test_an_answer_that_misses_what_the_question_listed_is_not_a_full_mark() -> None:
    graded = grade_answer(1, OPENING, STRONG_OPENING, matched("retail"))
    assert "develop" in graded.judgement.missed_asks
    assert graded.relevance < 1.0 and graded.score < 100, graded.score
    assert graded.judgement.closes_on_fit  # it ends on why it fits: no "end on the reason" needed
    told = STRONG_OPENING.replace(
        "That's exactly", "I coach each shift lead in a weekly one-to-one, and two of them were "
        "promoted to supervisor last year. That's exactly")
    better = grade_answer(1, OPENING, told, matched("retail"))
    assert better.judgement.missed_asks == () and better.score > graded.score


@pytest.mark.parametrize(("question", "answer", "missed"), [
    ("Tell me how you would lead, schedule, train and coach the front office team.",
     "I led a team of 12 and wrote the rota every week to match forecast occupancy.", {"train", "coach"}),
    ("How do you assess, plan, deliver and evaluate care for your patients?",
     "I assess every patient in the first hour, plan the shift around it and deliver care in that "
     "order, then I evaluate it at handover.", set()),
    ("You said “I listened, apologised and refunded her”. What happened next?",
     "She came back the next week and thanked the team.", set()),  # the candidate's words, no asks
])
def test_the_asks_of_a_question_are_its_listed_verbs(question: str, answer: str, missed: set[str]) -> None:
    assert set(judge(question, answer, []).missed_asks) == missed


def test_an_ending_on_the_role_is_told_from_one_on_a_figure() -> None:
    assert judge(OPENING, STRONG_OPENING, [], names=NAMES).closes_on_fit
    ends_on_figure = STRONG_OPENING.rsplit(" That's", 1)[0]
    assert not judge(OPENING, ends_on_figure, [], names=NAMES).closes_on_fit


# ---------------------------------------------------------------------------
# 5. "With a plan" only with a plan
# ---------------------------------------------------------------------------
def test_a_plan_is_a_plan_for_the_gap_admitted() -> None:
    question = "Tell me about a time you owned a budget."
    assert not judge(question, NO_PLAN_GAP, []).plan  # "next time" is a lesson, not a plan for it
    with_plan = ("I haven't owned a full P&L yet, but I'd shadow the finance business partner in my "
                 "first weeks and take the company's P&L course.")
    assert judge(question, with_plan, []).plan
    follows = "I haven't used OpenTelemetry yet. I would pair with the team in my first weeks."
    assert judge(question, follows, []).plan


def test_the_report_says_with_a_plan_only_when_there_is_one() -> None:
    cv, jd, title, company = documents("retail")
    questions = [OPENING, "A big part of the role is to own store P&L, budgets and labour costs. "
                 "Could you walk me through one specific time you did this?"]
    for gap_answer, planned in ((NO_PLAN_GAP, False),
                                (NO_PLAN_GAP + " For the full P&L, I'd shadow our area finance "
                                 "partner for a month and take the company's P&L course.", True)):
        history = (Turn(Role.INTERVIEWER, questions[0]), Turn(Role.CANDIDATE, STRONG_OPENING),
                   Turn(Role.INTERVIEWER, questions[1]), Turn(Role.CANDIDATE, gap_answer))
        report = build_report(InterviewContext(title, company, cv, jd, history, 2, 2))
        said = any("with a plan" in s for s in report.strengths)
        assert said is planned, report.strengths


def test_the_reviewers_pure_jd_paste_is_asked_again_not_quoted() -> None:
    questions, _ = interview("retail", [" ".join(jd_lines(matched("retail"), 6))])
    assert "Deliver excellent customer service" not in questions[1]
    assert not quotes(questions[1]), questions[1]


@pytest.mark.parametrize("name", JOBS)
def test_an_own_answer_with_one_jd_line_never_has_that_line_quoted(name: str) -> None:
    """The interviewer passes the CV and JD to the probe: a line taken from them, inside an
    answer otherwise the candidate's own, is not something they said."""
    duty = jd_lines(matched(name), 1)[0]
    own = ("Last spring I took over a team that was behind on every target. I met each person, "
           "set one weekly goal we could all see, and by the summer we were back on plan.")
    questions, _ = interview(name, [f"{own} {duty}"], total=3)
    for quoted in quotes(questions[1]):
        assert plain(quoted).strip() not in plain(duty), (name, questions[1])


def test_the_note_asks_for_what_was_missed_and_never_for_an_ending_already_given() -> None:
    from interview_core.providers.offline.notes import to_improve

    match = matched("retail")
    graded = grade_answer(1, OPENING, STRONG_OPENING, match)
    note = to_improve(graded, match)
    assert note.startswith("The question also asked about") and "develop" in note, note
    told = STRONG_OPENING.replace(
        "That's exactly", "I coach each shift lead in a weekly one-to-one, and two of them were "
        "promoted to supervisor last year. That's exactly")
    better = grade_answer(1, OPENING, told, match)
    assert better.judgement.closes_on_fit
    assert "reason your background fits this role" not in to_improve(better, match)
