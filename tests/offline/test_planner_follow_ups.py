"""The planner reads an answer as the grader does: going back to the story a follow-up
quoted is what the follow-up asked for, not a copy of the answer before. (Read as a copy,
an answer the report scored 98/100 was met with a re-ask: "Let's make it concrete.")"""

from __future__ import annotations

from interview_core.models import InterviewContext, Role, Turn
from interview_core.providers.offline import write_follow_up
from interview_core.providers.offline.planning import next_step
from interview_core.providers.offline.scoring import build_report
from tests.helpers import SAMPLE_CV, SAMPLE_JD

STORY_Q = ("The role will ask you to own the reliability and performance of our PostgreSQL data layer as "
           "order volume doubles this year. Can you share a real example, structured as situation, task, "
           "action and result?")
STORY = ("Last year our PostgreSQL storage at Brightwave grew 40% a quarter and queries slowed down. I was "
         "responsible for the fix, so I introduced monthly partitioning and archived cold data to S3. Storage "
         "costs fell 35% and the slowest report query went from 9 seconds to 40 ms.")
WHY_Q = "On “I introduced monthly partitioning and archived cold data to S3”: what's the reason behind it, in your own words?"
WHY = ("Reports scanned years of orders, so every query read cold rows it never needed. Partitioning by month "
       "let PostgreSQL skip old partitions, and moving cold data to S3 kept the hot set in memory. I chose it "
       "over a read replica because a replica would have doubled cost without fixing the scans; the result "
       "was 35% lower storage cost.")


def context() -> InterviewContext:
    history = (Turn(Role.INTERVIEWER, STORY_Q), Turn(Role.CANDIDATE, STORY),
               Turn(Role.INTERVIEWER, WHY_Q), Turn(Role.CANDIDATE, WHY))
    return InterviewContext("Senior Backend Engineer", "Northwind Labs", SAMPLE_CV.decode(), SAMPLE_JD.decode(),
                            history, 3, 8)


def test_an_answer_to_a_follow_up_that_retells_its_story_is_not_met_with_a_re_ask() -> None:
    ctx = context()
    assert build_report(ctx).answers[1].score >= 80  # the grader: a strong, on-topic answer
    step = next_step(ctx)
    assert not step.off_topic and not step.weak
    question = write_follow_up(ctx)
    assert not question.startswith(("Let's make it concrete", "Let me put it another way", "No problem"))
