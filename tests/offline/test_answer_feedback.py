"""Practice mode offline: the note on one answer, right after it is given, is exactly the
note the offline report writes on that answer (same score, same words), for every job;
and a hollow answer scores low there as it does in the report."""

from __future__ import annotations

import asyncio

import pytest

from interview_core.feedback import AnswerFeedback
from interview_core.models import Role, Turn
from interview_core.providers.offline import OfflineProvider, build_report
from tests.offline.test_acceptance import Run, interview, load_pair

# A software engineer (the bundled sample), a nurse, a teacher and an accountant; strong
# answers from each answer bank, and hollow ones (one pasted answer, buzzwords).
RUNS = [(name, mode) for name in ("sample", "nurse", "teacher", "accountant")
        for mode in ("strong", "paste", "buzz")]


def history_to(run: Run, number: int) -> tuple[Turn, ...]:
    turns: list[Turn] = []
    for question, answer in zip(run.questions[:number], run.answers[:number], strict=True):
        turns += [Turn(Role.INTERVIEWER, question), Turn(Role.CANDIDATE, answer)]
    return tuple(turns)


def feedback_on(name: str, history: tuple[Turn, ...], number: int) -> AnswerFeedback:
    pair = load_pair(name)
    return asyncio.run(OfflineProvider().answer_feedback(pair.context(history, number)))


@pytest.mark.parametrize(("name", "mode"), RUNS)
def test_each_answer_gets_the_note_the_report_gives_it(name: str, mode: str) -> None:
    run = interview(name, mode)
    notes = {note.question_number: note for note in run.report.answers}
    assert len(notes) == len(run.answers)
    for number in range(1, len(run.answers) + 1):
        feedback = feedback_on(name, history_to(run, number), number)
        assert feedback.source == "offline"
        assert feedback.note == notes[number], (name, mode, number)


def _one_answer(name: str, question: str, answer: str) -> AnswerFeedback:
    return feedback_on(name, (Turn(Role.INTERVIEWER, question), Turn(Role.CANDIDATE, answer)), 1)


STORY_Q = ("Tell me about a time you made a slow service faster: what was the situation, what "
           "did you do, and what was the result?")
STAR = ("At Brightwave Payments the card-authorisation service had a p99 latency of 480 ms, and "
        "merchants were timing out at peak. My task was to bring it under 200 ms without a "
        "freeze on releases. I profiled the hot path, moved authorisation from the Python "
        "monolith into three Go services and added a canary deploy so each step could be rolled "
        "back. As a result p99 latency fell from 480 ms to 120 ms at 2,500 requests per second, "
        "and timeouts dropped to zero that quarter.")
HOLLOW = {
    # A CV line, word for word: true, but not an answer to the question.
    "pasted_cv": ("Led the migration of the card-authorisation service from a Python monolith to "
                  "three Go services, cutting p99 latency from 480 ms to 120 ms at 2,500 requests "
                  "per second."),
    "padded": "Performance performance performance, really really fast, fast fast fast, very very "
              "good good good, performance performance and performance.",
    "off_topic": ("My favourite holiday was a week in the mountains: we hiked every day, cooked "
                  "over a fire and watched the stars at night, which I loved."),
    "buzzwords": "I am a results-driven team player with a proven track record and I always "
                 "deliver results with Python, Go, Kafka and AWS.",
    "empty_ish": "...",
    "dont_know": "I don't know.",
}


def test_a_star_answer_with_a_measured_result_scores_well() -> None:
    note = _one_answer("sample", STORY_Q, STAR).note
    assert note.score >= 60, note
    assert note.question_number == 1 and note.question == STORY_Q
    assert note.evidence == ""  # the offline report quotes nothing either


@pytest.mark.parametrize("kind", sorted(HOLLOW))
def test_a_hollow_answer_scores_low_and_below_a_real_one(kind: str) -> None:
    strong = _one_answer("sample", STORY_Q, STAR).note.score
    note = _one_answer("sample", STORY_Q, HOLLOW[kind]).note
    assert note.score <= 40, (kind, note)
    assert note.score < strong - 20
    assert note.to_improve.strip()


def test_a_repeated_answer_scores_low_in_practice_as_in_the_report() -> None:
    pair = load_pair("nurse")
    history = (Turn(Role.INTERVIEWER, STORY_Q), Turn(Role.CANDIDATE, STAR),
               Turn(Role.INTERVIEWER, "What did you learn from a mistake at work?"),
               Turn(Role.CANDIDATE, STAR))
    feedback = feedback_on("nurse", history, 2)
    report = build_report(pair.context(history, 2))
    assert feedback.note == report.answers[1]
    assert feedback.note.score <= 10


def test_an_unanswered_last_question_scores_zero_ish_not_an_error() -> None:
    feedback = feedback_on("teacher", (Turn(Role.INTERVIEWER, STORY_Q), Turn(Role.CANDIDATE, "   ")), 1)
    assert feedback.note.question_number == 1 and feedback.note.score <= 5
