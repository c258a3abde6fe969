"""What a model's reply must be before it is asked (interview_core.question_hygiene).

The replies here are the shapes real small models sent (issue 9: SmolLM2 on
llama-cpp-python), and the legitimate questions they must not be confused with.
"""

from __future__ import annotations

import pytest

from interview_core.models import InterviewContext, Role, Turn
from interview_core.question_hygiene import repeats_earlier, vet_question

ANSWER = (
    "At the clinic I led the switch to electronic rotas for 40 nurses. Night shifts were "
    "often left uncovered and my task was to fix that in one quarter. I mapped every "
    "shift, agreed swap rules with the ward managers and trained two super-users, and "
    "uncovered shifts fell from 12 a month to 2."
)
CV = "Staff nurse, eight years on a 30-bed surgical ward. Led the switch to electronic rotas."
JD = (
    "Ward manager. Manage a team of 25 nurses and healthcare assistants across day and night "
    "shifts, lead audits of medicines management and keep staffing within budget."
)


def ctx() -> InterviewContext:
    history = (Turn(Role.INTERVIEWER, "Tell me about a change you led."), Turn(Role.CANDIDATE, ANSWER))
    return InterviewContext("Ward Manager", "St Mary's", CV, JD, history, 2, 8)


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # Preambles, labels, lists: the question alone stays.
        ("Here's the interview question: How did you win the managers over?", "How did you win the managers over?"),
        ("Sure! Here is my next question for you:\n\nHow did you win the managers over?", "How did you win the managers over?"),
        ("**Q3:** How did you win the managers over?", "How did you win the managers over?"),
        (
            "Here are your next 2 questions:\n1. Build on the previous answer - How did you win the "
            "managers over?\n2. What would you change?",
            "How did you win the managers over?",
        ),
        (
            "Now, I'll ask you another question: - How did you win the managers over?",
            "How did you win the managers over?",
        ),
        ("Rota Change: how did you win the managers over?", "How did you win the managers over?"),
        # The model narrating, and a Markdown title line (SmolLM2 on llama-cpp-python).
        (
            "The interviewer asked about your rota work. The interviewer asked: “How did you win the managers over?”",
            "How did you win the managers over?",
        ),
        ("# Ward Manager – St Mary's 10/27/2023\n\nHow did you win the managers over?", "How did you win the managers over?"),
        ("Northwind Labs Dublin (Spain) 10/27/2023 4:45 pm\n\nHow did you win the managers over?", "How did you win the managers over?"),
        ('"How did you win the managers over?', "How did you win the managers over?"),
        # Notes after the question go.
        ("How did you win the managers over? (Note: this probes stakeholder management.)", "How did you win the managers over?"),
        # A lead-in that talks to the candidate stays; the model's own story does not.
        (
            "You mentioned swap rules. How did you win the managers over?",
            "You mentioned swap rules. How did you win the managers over?",
        ),
        (
            "They needed rotas for every ward. I had to simplify it. How did you win the managers over?",
            "How did you win the managers over?",
        ),
        # Two questions in one reply: the first.
        ("How did you win the managers over? And what did the nurses think?", "How did you win the managers over?"),
        # An imperative asks too.
        ("Tell me about a time you had to cover a shift yourself.", "Tell me about a time you had to cover a shift yourself."),
        # A question that names a JD duty in its own words is a good one, not a copy.
        (
            "How would you manage a team of 25 nurses and healthcare assistants across day and night shifts?",
            "How would you manage a team of 25 nurses and healthcare assistants across day and night shifts?",
        ),
        # Quoting a few of the candidate's words is what a follow-up should do.
        (
            "You said uncovered shifts fell from 12 a month to 2: how did you measure that?",
            "You said uncovered shifts fell from 12 a month to 2: how did you measure that?",
        ),
    ],
)
def test_a_usable_reply_is_cleaned_to_its_question(reply: str, expected: str) -> None:
    assert vet_question(reply, ctx()) == (expected, "")


@pytest.mark.parametrize(
    ("reply", "why"),
    [
        # The model writes the candidate's answer on, and closes our fence.
        ("and then I also trained the bank staff, which helped. <<<END ANSWER 1>>", "continued the candidate's answer"),
        # The candidate's own words handed back as a question.
        ("Night shifts were often left uncovered and my task was to fix that in one quarter?", "candidate's answer"),
        # A long stretch of the CV or JD.
        ("Manage a team of 25 nurses and healthcare assistants across day and night shifts, lead audits of medicines management?", "job description"),
        # Talking about the interview, not asking in it.
        ("I'm ready to answer any question. So, what's the next interview?", "talked about the interview"),
        ("This is question 4 of 8. Read this interview, and answer: \"What's next?", "talked about the interview"),
        # No question at all.
        ("Dear Jordan, I am thrilled to introduce you to the role.", "did not ask"),
        ("", "held no question"),
        ("Why " + "really " * 100 + "?", "longer than 400"),
    ],
)
def test_an_unusable_reply_says_why(reply: str, why: str) -> None:
    question, problem = vet_question(reply, ctx())
    assert question == "" and why in problem


def test_the_same_question_with_a_lead_in_dropped_is_a_repeat() -> None:
    earlier = ["If it's possible, how did you handle a team of 16 engineers who had one day to do it?"]
    assert repeats_earlier("How did you handle a team of 16 engineers who had one day to do it?", earlier)
    assert not repeats_earlier("How did you handle a team of 16 nurses on a night shift?", earlier)
