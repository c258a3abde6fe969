"""What an assistant supermarket manager's review found in per-answer grading and notes,
kept fixed, on answers for several jobs (store manager, nurse, teacher, accountant):

1. a result is what changed after, or because of, what the candidate did -- a before/after
   pair across sentences, "after 12 months shrinkage was 1.3%", "on budget for 11 of the next
   12 weeks" -- and never the situation's figure ("head office cut our hours by 8%");
2. an outline's example of past work is in the past tense ("when you ran a 40-person team",
   "the time you led the weekly stock control"), for any verb;
3. an outline's task clause reads right whatever the question asked ("how did you know it
   had worked?" is no task to have had to do);
4. an answer that was given is never told "No answer yet".
"""

from __future__ import annotations

from collections import Counter

import pytest

from interview_core.providers.offline.counting import tally
from interview_core.providers.offline.match import match_cv_to_jd
from interview_core.providers.offline.notes import (
    stronger_answer,
    to_improve,
    what_worked,
)
from interview_core.providers.offline.numbers import has_result, result_figures
from interview_core.providers.offline.scoring import grade_answer
from interview_core.providers.offline.tense import past_phrase, past_tense
from tests.offline.store_manager import COMPANY, CV, JD, TITLE


def _match():
    return match_cv_to_jd(CV, JD, TITLE, COMPANY)


STORY_Q = ("A big part of the role is to own store P&L, budgets and labour costs. Could you walk "
           "me through one specific time you did this: the situation, your task, the actions you "
           "took and the result?")
SHRINKAGE = ("At FreshMart shrinkage was 2.1%. I introduced daily gap checks and cycle counts on "
             "the top lines and trained shift leads to run them. After 12 months shrinkage was 1.3%.")
LABOUR = ("I haven't owned a full P&L yet, but I own the labour budget. Last year head office cut "
          "our weekly hours by 8%. I was responsible for making the rota fit without hurting "
          "availability. I looked at till data by hour, moved two shifts from quiet mornings to "
          "the 4-7pm peak, and cross-trained four colleagues so they could cover both tills and "
          "replenishment. We came in on budget for 11 of the next 12 weeks and queue complaints "
          "actually dropped. I learned that the data beats gut feel, and I'd do the till analysis "
          "earlier next time.")


# ---------------------------------------------------------------------------
# 1. A result is what changed after the candidate acted, not the situation's figure
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # store manager: a before/after pair across sentences, "after N months X was Y"
        (SHRINKAGE, ("1.3%",)),
        # the same result written as one change was credited already, and still is
        ("I introduced daily gap checks and shrinkage went from 2.1% to 1.3%.",
         ("from 2.1% to 1.3%",)),
        # store manager: the situation's cut is not the result; "11 of the next 12 weeks" is
        (LABOUR, ("11 of the next 12 weeks",)),
        # nurse: ulcers a month, before and after, the "after" in a sentence of state
        ("On our ward we saw 6 pressure ulcers a month. I introduced two-hourly skin checks and "
         "a turning chart for every bed-bound patient. Three months later we saw 2 pressure "
         "ulcers a month.", ("2 pressure ulcers a month",)),
        # nurse: "falls" is what a ward counts, not a change; the count after the action is
        ("On our ward falls averaged 9 a month. I introduced hourly rounding and bed alarms for "
         "high-risk patients. Six months later there were 3 falls a month.",
         ("3 falls a month",)),
        # nurse: a vital that changed after the candidate acted is a result
        ("Her SpO2 was 88% on arrival. I sat her up and started oxygen as prescribed. Twenty "
         "minutes later her SpO2 was 95%.", ("95%",)),
        # teacher: the starting share is the situation, the share after the work the result
        ("In my first term 48% of the Year 10 set were on track for a grade 5. I set up weekly "
         "retrieval quizzes and ran an after-school clinic. By the summer 71% were on track.",
         ("71%",)),
        # accountant: the close before and after
        ("Month-end close took 12 days. I mapped every step, automated the bank reconciliations "
         "and moved accruals to a shared template. By March the close took 6 days.",
         ("6 days",)),
        # accountant: the situation's figure, set by someone else, before the action
        ("Last year the board cut the finance team's budget by 15%. I moved the supplier "
         "payments to a weekly run and renegotiated two contracts, which saved £40k a year.",
         ("£40k a year",)),
    ],
)
def test_results_are_what_changed_after_the_candidate_acted(text: str, expected: tuple[str, ...]
                                                           ) -> None:
    assert result_figures(text) == expected
    assert has_result(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a result told first, with no later result: still the candidate's, still counted
        ("Overtime fell 20% in my first quarter. I rebuilt the rota around demand.", ("20%",)),
        ("I cut shrinkage by 30%. I did it with daily gap checks.", ("30%",)),
        # "after N months" before the candidate did anything is the situation
        ("After 12 months on the ward the backlog was 40 referrals. I started a triage clinic.",
         ()),
        # a figure that changed in no way: the same value before and after
        ("Attendance was 92%. I called every family of a pupil who missed a day. In June "
         "attendance was 92%.", ()),
        # a target in the task is no result; a list after "The result:" is, number words too
        ("At Brightwave the service had a p99 of 480 ms. My task was to cut it below 150 ms with "
         "no downtime. I profiled it and moved the hot path to Go. The result: 120 ms p99, zero "
         "incidents.", ("120 ms", "zero incidents")),
        # a plain count after the action is no measure read again ("32 patients" -> "two
        # patients"), and a tenure is no result ("for three years")
        ("I was in charge of a full unit of 32 patients. I rebalanced the assignments and took "
         "two patients myself.", ()),
        ("The close took 9 days. I moved accruals to journals. Within six months it took 5 days, "
         "and it has stayed there for three years.", ("six months", "5 days")),
        # a plan is no result, whatever it says will change
        ("Shrinkage here is 2.1%. I would introduce gap checks. After 12 months I'd want "
         "shrinkage at 1.3%.", ()),
    ],
)
def test_what_is_not_a_result_after_an_action(text: str, expected: tuple[str, ...]) -> None:
    assert result_figures(text) == expected


def test_the_note_credits_the_result_after_the_action_not_the_situation() -> None:
    match = _match()
    shrinkage = grade_answer(1, "Tell me about a time you reduced shrinkage: the situation, "
                             "what you did and the result.", SHRINKAGE, match)
    assert shrinkage.results == ("1.3%",)
    assert "Add the result" not in to_improve(shrinkage, match)
    labour = grade_answer(1, STORY_Q, LABOUR, match)
    worked = what_worked(labour, match)
    assert "11 of the next 12 weeks" in worked and "8%" not in worked, worked
    # the report's count of measured answers holds both
    assert len(tally([shrinkage, labour]).measured) == 2


# ---------------------------------------------------------------------------
# 2. An example of past work is in the past tense
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("verb", "past"),
    [
        ("lead", "led"), ("run", "ran"), ("Lead", "Led"), ("manage", "managed"),
        ("plan", "planned"), ("coach", "coached"), ("own", "owned"), ("deliver", "delivered"),
        ("carry", "carried"), ("stay", "stayed"), ("teach", "taught"), ("write", "wrote"),
        ("keep", "kept"), ("oversee", "oversaw"), ("set", "set"), ("read", "read"),
        ("mentor", "mentored"), ("administer", "administered"), ("shadow", "shadowed"),
        ("audit", "audited"), ("control", "controlled"), ("stop", "stopped"), ("fix", "fixed"),
        ("leads", "led"), ("runs", "ran"), ("manages", "managed"), ("supervises", "supervised"),
        ("led", "led"), ("trained", "trained"), ("sell", "sold"), ("make", "made"),
        ("take", "took"), ("give", "gave"), ("meet", "met"), ("pay", "paid"),
    ],
)
def test_past_tense(verb: str, past: str) -> None:
    assert past_tense(verb) == past


@pytest.mark.parametrize(
    ("line", "past"),
    [
        ("Run a 40-person team across three shifts", "ran a 40-person team across three shifts"),
        ("Lead, coach and develop the store team", "led, coached and developed the store team"),
        ("Plan and teach maths lessons", "planned and taught maths lessons"),
        # nurse, data engineer, care worker, bookkeeper CV lines
        ("Read continuous cardiac monitoring and escalate rhythm changes early",
         "read continuous cardiac monitoring and escalated rhythm changes early"),
        ("Mentor two junior engineers and run the fortnightly data-quality review",
         "mentored two junior engineers and ran the fortnightly data-quality review"),
        ("Administer medication from blister packs and record on eMAR",
         "administered medication from blister packs and recorded on eMAR"),
        ("Process purchase and sales invoices for 25 clients",
         "processed purchase and sales invoices for 25 clients"),
        # a noun after "and" is no verb: "stock" and "order planning" stay as they are
        ("Lead stock and order planning", "led stock and order planning"),
    ],
)
def test_a_cv_line_in_the_past(line: str, past: str) -> None:
    assert past_phrase(line) == past


def test_outlines_put_present_tense_cv_lines_in_the_past() -> None:
    match = _match()
    used: Counter[str] = Counter()
    questions = [
        "To start, could you walk me through your time as Assistant Store Manager at FreshMart "
        "Supermarkets, and how it prepares you for the Store Manager role?",
        STORY_Q,
        "Tell me about a time you led a team through a busy season.",
        "To finish, picture your first 90 days as our Store Manager. How would you get up to "
        "speed on stock control, and is there anything you'd like to add?",
        "Tell me about a time you handled stock control for a whole store.",
    ]
    outlines = [stronger_answer(grade_answer(n, q, LABOUR, match), match, used)
                for n, q in enumerate(questions, 1)]
    text = " ".join(outlines)
    assert "you ran a 40-person team" in text or "you led the weekly stock control" in text, text
    for present in ("you run ", "you lead ", "you own "):
        assert present not in text, (present, text)


# ---------------------------------------------------------------------------
# 3. The task clause reads right whatever the question asked
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "wanted", "never"),
    [
        ("Going back to “I started at Boots as a supervisor”: what happened next, and how did "
         "you know it had worked?", "how you knew it had worked", "had to know"),
        ("Tell me about a time you handled an escalated complaint.",
         "when you handled an escalated complaint", "had to handled"),
        ("Tell me about a time you had to cut labour costs.", "why you had to cut labour costs",
         "responsible for when"),
        ("Nurses here often need to escalate a deteriorating patient. How did you decide "
         "when to escalate?", "how you decided when to escalate", "had to decide"),
    ],
)
def test_the_task_clause_reads_right(question: str, wanted: str, never: str) -> None:
    match = _match()
    # Asked on its own (a story or a technical question) and as a follow-up on the answer it
    # quotes (interview 2's Q2 was one).
    earlier = "I started at Boots as a supervisor and moved to FreshMart in 2020."
    for graded in (grade_answer(1, question, SHRINKAGE, match),
                   grade_answer(2, question, SHRINKAGE, match, [earlier])):
        outline = stronger_answer(graded, match, Counter())
        assert wanted in outline, (graded.kind, outline)
        assert never not in outline, (graded.kind, outline)
        assert "approach to know" not in outline and "approach to decide" not in outline


# ---------------------------------------------------------------------------
# 4. An answer that was given is not "No answer yet"
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "answer",
    [
        "I did a lot of things there, managing people and stuff.",  # store manager
        "I looked after patients on the ward and stuff.",  # nurse
        "I taught a lot of classes, you know, and things.",  # teacher
        "I did the month-end stuff and the reconciliations.",  # accountant
    ],
)
def test_a_vague_answer_is_not_called_no_answer(answer: str) -> None:
    match = _match()
    graded = grade_answer(1, "Could you walk me through your time as Assistant Store Manager "
                          "at FreshMart Supermarkets?", answer, match)
    note = to_improve(graded, match)
    assert not note.startswith("No answer yet"), note
    assert graded.score <= 40, graded.score  # still weak: nothing concrete in it


@pytest.mark.parametrize("answer", ["ok", "x", "Um, I guess we did some stuff.", "answer 3"])
def test_no_content_is_still_no_answer(answer: str) -> None:
    match = _match()
    graded = grade_answer(1, "Tell me about a time you reduced stock loss.", answer, match)
    assert graded.score <= 10


def test_a_shrinkage_story_addresses_a_question_about_stock_loss() -> None:
    from interview_core.providers.offline.judging import ADDRESSED, judge

    asked = "Tell me about a time you reduced stock loss in your store."
    told = ("At FreshMart shrinkage was 2.1%. I introduced daily gap checks and cycle counts, and trained "
            "the night team to log waste. After 12 months shrinkage was 1.3%.")
    judged = judge(asked, told, [])
    assert judged.relevance >= ADDRESSED and not judged.off_topic
