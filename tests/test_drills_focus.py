"""What a drill works on (interview_core.progress.drills): the competency that was lowest in
2 of the last 3 finished interviews, said so; one interview's lowest, never called
recurring; a recurring skill gap; a competency or skill the user picks; and the messages
for what cannot be drilled. Hand-made reports, so every case is exactly the one named."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from interview_core.feedback import FeedbackReport
from interview_core.progress import (
    DRILL_QUESTIONS_DEFAULT,
    DrillError,
    DrillFocus,
    NoFinishedInterview,
    choose_focus,
    drill_questions_of,
)
from tests.progress_helpers import interview, report

# Scores in Competency's order: relevance, structure, specificity, communication, jd_coverage.


def finished(*rows: Sequence[int], missed: Sequence[Sequence[str]] = ()) -> list[tuple]:
    """One finished interview per row, OLDEST first as written; returned newest first, as
    choose_focus takes them."""
    pairs = []
    for number, row in enumerate(rows, 1):
        r = report(row)
        if missed:
            r = r.model_copy(update={"skills_missed": list(missed[number - 1])})
        pairs.append((interview(number), r))
    return list(reversed(pairs))


def test_structure_lowest_in_two_of_the_last_three_is_drilled() -> None:
    focus = choose_focus(finished([70, 30, 60, 80, 90], [40, 80, 85, 30, 90], [75, 35, 50, 80, 90]))
    assert focus == DrillFocus("competency", "structure",
                               "Structure (STAR) was your lowest score in 2 of your last 3 interviews.", 3)
    assert focus.label == "Structure (STAR)"
    assert focus.source_interview_id == 3  # the newest: its CV, JD and role


def test_among_the_lowest_two_is_said_so_when_not_the_lowest() -> None:
    # Structure and specificity: the lowest two of 1 and 3 (relevance and communication of 2).
    # Both recur twice; structure's mean over the three is lower, so structure wins the tie.
    focus = choose_focus(finished([70, 20, 40, 80, 90], [70, 75, 80, 30, 90], [75, 25, 45, 80, 90]))
    assert focus.name == "structure"
    assert focus.reason == "Structure (STAR) was your lowest score in 2 of your last 3 interviews."
    # Specificity recurs three times (lowest two in all three): it beats structure's two.
    focus = choose_focus(finished([70, 20, 40, 80, 90], [70, 75, 30, 80, 90], [75, 80, 45, 30, 90]))
    assert focus.name == "specificity"
    assert focus.reason == "Specificity and evidence was one of your two lowest scores in all of your last 3 interviews."


def test_lowest_in_only_one_interview_is_not_called_recurring() -> None:
    only = choose_focus(finished([70, 30, 60, 80, 90]))
    assert only.name == "structure"
    assert only.reason == "Structure (STAR) was your lowest score in your last interview (30)."
    # Three interviews, each low somewhere else: the latest's lowest, said as one interview's.
    three = choose_focus(finished([70, 30, 40, 80, 90], [70, 70, 70, 70, 70], [30, 80, 85, 40, 90]))
    assert three.name == "relevance"
    assert three.reason == "Relevance to the role was your lowest score in your last interview (30)."
    for focus in (only, three):
        assert "of your last" not in focus.reason and "recurring" not in focus.reason


def test_a_skill_missed_in_two_of_three_is_drilled_when_no_competency_recurs() -> None:
    rows = ([70, 30, 40, 80, 90], [70, 70, 70, 70, 70], [30, 80, 85, 40, 90])
    focus = choose_focus(finished(*rows, missed=[["budgeting", "payroll"], [], ["Budgeting"]]))
    assert (focus.kind, focus.name) == ("skill", "Budgeting")
    assert focus.label == "Budgeting"
    assert focus.reason == "Budgeting, a job skill, came up and was not shown in 2 of your last 3 interviews."
    # A recurring competency still comes first.
    rows = ([70, 30, 60, 80, 90], [40, 80, 85, 30, 90], [75, 35, 50, 80, 90])
    assert choose_focus(finished(*rows, missed=[["budgeting"], ["budgeting"], []])).name == "structure"


def test_only_the_last_three_interviews_count() -> None:
    # Structure low in 1 and 2, fine in 3 and 4: not recurring in the last three.
    focus = choose_focus(finished([70, 20, 40, 80, 90], [70, 25, 45, 80, 90], [30, 80, 85, 40, 90],
                                  [80, 90, 85, 40, 35]))
    assert focus.name == "communication"  # the lowest two of 3 and 4
    assert focus.reason.endswith("in 2 of your last 3 interviews.")


@pytest.mark.parametrize("name", ["structure", "STAR", "Structure (STAR)", "star", " Structure  "])
def test_picking_structure_by_value_label_or_synonym(name: str) -> None:
    focus = choose_focus(finished([70, 48, 60, 80, 90]), competency=name)
    assert (focus.kind, focus.name) == ("competency", "structure")
    assert focus.reason == "You asked to drill Structure (STAR); it scored 48 in your last interview."


@pytest.mark.parametrize(("name", "value"), [
    ("specificity", "specificity"), ("Evidence", "specificity"), ("communication", "communication"),
    ("clarity", "communication"), ("relevance", "relevance"), ("JD coverage", "jd_coverage"),
    ("coverage", "jd_coverage"), ("jd_coverage", "jd_coverage"), ("Coverage of the JD's skills", "jd_coverage"),
])
def test_picking_by_synonym(name: str, value: str) -> None:
    assert choose_focus(finished([70, 48, 60, 80, 90]), competency=name).name == value


def test_a_picked_competency_that_recurs_says_so() -> None:
    focus = choose_focus(finished([70, 30, 60, 80, 90], [40, 80, 85, 30, 90], [75, 35, 50, 80, 90]),
                         competency="star")
    assert focus.reason == ("You asked to drill Structure (STAR); it scored 35 in your last interview, "
                            "and was one of your two lowest scores in 2 of your last 3 interviews.")


def test_an_unknown_competency_lists_the_choices() -> None:
    with pytest.raises(DrillError) as caught:
        choose_focus(finished([70, 48, 60, 80, 90]), competency="charisma")
    message = str(caught.value)
    assert 'There is no competency called "charisma"' in message
    for choice in ("relevance", "structure", "specificity", "communication", "jd_coverage", "Structure (STAR)"):
        assert choice in message
    assert isinstance(caught.value, ValueError)


def test_a_picked_skill() -> None:
    rows = ([70, 30, 60, 80, 90], [40, 80, 85, 30, 90], [75, 35, 50, 80, 90])
    missed = [["medication administration"], [], ["Medication administration"]]
    focus = choose_focus(finished(*rows, missed=missed), skill="  medication   administration ")
    assert (focus.kind, focus.name) == ("skill", "Medication administration")
    assert focus.reason == ("You asked to drill medication administration; your reports found it missed "
                            "in 2 of your last 3 interviews.")
    plain = choose_focus(finished(*rows), skill="<b>budgeting</b> @everyone")
    assert (plain.name, plain.reason) == ("budgeting everyone", "You asked to drill budgeting everyone.")
    assert choose_focus(finished(*rows), skill="C++").name == "C++"
    assert len(choose_focus(finished(*rows), skill="word " * 40).name) <= 60
    with pytest.raises(DrillError):
        choose_focus(finished(*rows), skill="  ")
    with pytest.raises(DrillError, match="not both"):
        choose_focus(finished(*rows), skill="budgeting", competency="star")


def test_no_finished_interview() -> None:
    message = ("You have no finished interview yet, so there is nothing to drill. Start an interview "
               "first; drills work on what your reports found.")
    with pytest.raises(NoFinishedInterview) as caught:
        choose_focus([])
    assert str(caught.value) == message and isinstance(caught.value, DrillError)
    unscored = FeedbackReport(overall_score=0, summary="", competencies=[], answers=[])
    with pytest.raises(NoFinishedInterview):
        choose_focus([(interview(1), unscored)], competency="star")


def test_drill_length() -> None:
    assert DRILL_QUESTIONS_DEFAULT == 4
    assert drill_questions_of(None) == 4
    assert [drill_questions_of(n) for n in (3, 4, 5, "5")] == [3, 4, 5, 5]
    for bad in (2, 6, 0, "lots", True):
        with pytest.raises(DrillError, match="3 to 5"):
            drill_questions_of(bad)


def test_the_lowest_twice_beats_second_lowest_three_times() -> None:
    # Structure is the lowest in 1 and 3; communication is second-lowest in all three.
    focus = choose_focus(finished([70, 20, 80, 40, 90], [70, 60, 80, 45, 30], [75, 25, 80, 35, 90]))
    assert focus.name == "structure"
    assert focus.reason == "Structure (STAR) was your lowest score in 2 of your last 3 interviews."
