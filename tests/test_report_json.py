"""Reading a model's report (interview_core.report_json): lenient on form, strict on claims."""

from __future__ import annotations

import json

import pytest

from interview_core.feedback import Competency
from interview_core.models import InterviewContext, Role, Turn
from interview_core.report_json import FeedbackParseError, parse_feedback
from tests.llm_servers import default_report

ANSWERS = [
    "I rebuilt the ward's handover sheet, and missed allergy notes fell from six a month to none.",
    "I don't know.",
]


def ctx() -> InterviewContext:
    history = []
    for n, answer in enumerate(ANSWERS, start=1):
        history += [Turn(Role.INTERVIEWER, f"Question {n}?"), Turn(Role.CANDIDATE, answer)]
    return InterviewContext("Staff Nurse", "St Mary's", "cv", "jd", tuple(history), 3, 8)


def report_with(**changes: object) -> dict:
    data = default_report(2)
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "wrap",
    [
        lambda j: j,
        lambda j: f"```json\n{j}\n```",
        lambda j: f"Sure! Here is the report:\n{j}\nHope this helps!",
        lambda j: "Here it is:\n```\n" + j[:-1] + ",}\n```",  # a trailing comma, fenced
        lambda j: j.replace('"Python"]', '"Python",]'),  # a trailing comma in a list
    ],
    ids=["bare", "fenced", "prose-around", "fenced-trailing-comma", "list-trailing-comma"],
)
def test_the_shapes_real_models_send_are_read(wrap) -> None:
    report = parse_feedback(wrap(json.dumps(report_with())), ctx(), source="openai")
    assert report.source == "openai" and len(report.answers) == 2


def test_a_comma_inside_a_string_is_not_touched() -> None:
    data = report_with(summary="Good, clear answers,}")
    report = parse_feedback(json.dumps(data) + "\n", ctx(), source="openai")
    assert report.summary == "Good, clear answers,}"


def test_a_quote_is_kept_only_if_the_candidate_said_it() -> None:
    data = report_with()
    data["competencies"][0]["evidence"] = "missed allergy notes fell from six a month to none"
    data["competencies"][1]["evidence"] = "I reduced errors by 90% across the hospital"  # invented
    data["answers"][0]["evidence"] = "“I rebuilt the ward's handover sheet…”"
    data["answers"][1]["evidence"] = "I rebuilt the ward's handover sheet"  # said, but in answer 1
    report = parse_feedback(json.dumps(data), ctx(), source="openai")
    relevance, structure = report.competencies[0], report.competencies[1]
    assert relevance.evidence and "missed allergy notes" in relevance.explanation
    assert structure.evidence == "" and "90%" not in structure.explanation
    assert report.answers[0].evidence and "handover sheet" in report.answers[0].worked
    assert report.answers[1].evidence == ""


def test_the_overall_score_is_the_mean_of_the_competencies() -> None:
    data = report_with(overall_score=97)
    for item, score in zip(data["competencies"], (80, 60, 40, 70, 50), strict=True):
        item["score"] = score
        item["evidence"] = "missed allergy notes fell from six a month to none"
    report = parse_feedback(json.dumps(data), ctx(), source="gemini")
    assert report.overall_score == 60
    assert report.score_of(Competency.SPECIFICITY) == 40


def test_a_score_with_nothing_quoted_is_capped_at_the_weak_band() -> None:
    data = report_with()
    for item in data["competencies"]:
        item["score"] = 90
    data["competencies"][0]["evidence"] = "I rebuilt the ward's handover sheet"
    data["competencies"][1]["evidence"] = "I led a team of fifty"  # never said: dropped, capped
    data["answers"][1]["score"] = 85  # "I don't know." has nothing to quote
    report = parse_feedback(json.dumps(data), ctx(), source="openai")
    assert [c.score for c in report.competencies] == [90, 40, 40, 40, 40]
    assert report.overall_score == 50
    assert report.answers[1].score == 40


@pytest.mark.parametrize("text", ["Thanks for the interview!", "{}", '{"summary": "x"}', "[1, 2]"])
def test_what_is_not_a_report_is_a_parse_error(text: str) -> None:
    with pytest.raises(FeedbackParseError):
        parse_feedback(text, ctx(), source="openai")
