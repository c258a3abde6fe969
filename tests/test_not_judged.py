"""A competency the coach did not judge (coverage of a short interview or of a drill): its
placeholder score is read by nothing. No trend, ranking or drill takes it for a low score,
and every renderer says "not judged" instead of a number."""

from __future__ import annotations

import asyncio

from adapters.console.render import report_text
from interview_core.export.md import _report as markdown_report
from interview_core.feedback import Competency
from interview_core.models import InterviewContext, Role, Turn
from interview_core.progress import choose_focus, point_of
from interview_core.providers.offline import OfflineProvider
from tests.progress_helpers import interview, report


def unjudged(scores: list[int]):
    made = report(scores)
    competencies = [c.model_copy(update={"judged": False}) if c.competency is Competency.JD_COVERAGE else c
                    for c in made.competencies]
    return made.model_copy(update={"competencies": competencies})


def test_an_unjudged_score_is_no_point_of_the_trend_and_no_drill() -> None:
    # Coverage's placeholder 20 would be the lowest every time; structure is the real lowest.
    reports = [unjudged([70, 40, 60, 80, 20]) for _ in range(3)]
    assert point_of(interview(1), reports[0]).score_of(Competency.JD_COVERAGE) is None
    assert reports[0].score_of(Competency.JD_COVERAGE) is None
    focus = choose_focus([(interview(n), r) for n, r in enumerate(reports, 1)])
    assert focus.name == "structure"


def test_a_short_offline_interview_does_not_judge_coverage_and_says_so() -> None:
    jd = ("Ward Manager at St Mary's Hospital. You will lead a team of 30 nurses, own rotas and audits, "
          "manage the ward budget, run infection control and safeguarding, and train new staff on Epic.")
    cv = "Amara Okafor. Charge nurse, St Mary's Hospital, 2016-2024: led handovers, audits and rotas."
    history = (Turn(Role.INTERVIEWER, "Tell me about a time you led your team through a hard shift?"),
               Turn(Role.CANDIDATE, "I led the night team when two nurses were off sick: I re-planned "
                                    "the rota, took four patients myself and we had no incidents."))
    ctx = InterviewContext("Ward Manager", "St Mary's Hospital", cv, jd, history, 1, 2)
    built = asyncio.run(OfflineProvider().feedback(ctx))
    coverage = next(c for c in built.competencies if c.competency is Competency.JD_COVERAGE)
    assert not coverage.judged and coverage.score_text == "not judged" and coverage.reason.startswith("Not judged")
    console = report_text(built, width=100)
    row = next(line for line in console.splitlines() if line.strip().startswith("Coverage of the JD"))
    assert row.split()[-2:] == ["not", "judged"]  # no number, no bar
    markdown = "\n".join(markdown_report(built))
    assert "**Coverage of the JD's skills**: not judged." in markdown
