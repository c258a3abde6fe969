"""Progress over time, the data: each competency's trend, and the rule that calls a
weakness recurring only when it was among the lowest two in at least 2 of the last 3
finished interviews. Hand-made reports, so every case is exactly the one named."""

from __future__ import annotations

from interview_core.feedback import Competency
from interview_core.progress import ScoreHistory, lowest, point_of, recurring_weaknesses
from tests.progress_helpers import ORDER, interview, report

R, ST, SP, CO, JD = ORDER  # relevance, structure, specificity, communication, JD coverage


def history(*score_rows: list[int]) -> ScoreHistory:
    """One finished interview per row, oldest first, each a day after the one before."""
    return ScoreHistory.of(point_of(interview(n), report(row)) for n, row in enumerate(score_rows, 1))


def recurring(h: ScoreHistory) -> list[Competency]:
    return [w.competency for w in h.recurring]


def test_one_bad_session_is_never_a_recurring_weakness() -> None:
    only = history([70, 10, 20, 80, 90])
    assert not only.recurring_known and only.recurring == ()
    # A second interview where structure is fine: still one bad session.
    two = history([70, 10, 20, 80, 90], [60, 85, 90, 40, 50])
    assert two.recurring_known
    assert ST not in recurring(two) and SP not in recurring(two)


def test_low_in_the_lowest_two_in_two_of_the_last_three_is_recurring() -> None:
    h = history([70, 30, 40, 80, 90], [40, 80, 85, 30, 90], [75, 35, 20, 80, 90])
    assert recurring(h) == [ST, SP]  # each in the lowest two of interviews 1 and 3
    assert {w.competency: (w.times, w.window) for w in h.recurring} == {ST: (2, 3), SP: (2, 3)}
    # Relevance and communication: lowest two only in interview 2.
    assert R not in recurring(h) and CO not in recurring(h)


def test_low_in_each_interview_once_names_nothing() -> None:
    # 1: structure and specificity; 2: all the same (nothing is low); 3: relevance and communication.
    h = history([70, 30, 40, 80, 90], [70, 70, 70, 70, 70], [30, 80, 85, 40, 90])
    assert h.recurring_known and h.recurring == ()


def test_only_the_last_three_interviews_count() -> None:
    # Structure was low in 1 and 2, then fine in 3 and 4: the last three hold it once.
    h = history([70, 20, 40, 80, 90], [70, 25, 45, 80, 90], [30, 80, 85, 40, 90], [80, 90, 85, 40, 35])
    assert ST not in recurring(h)
    assert recurring(h) == [CO]  # communication: the lowest two of 3 and 4
    # The same four, with structure low again in the last: now twice in the last three.
    again = history([70, 20, 40, 80, 90], [70, 25, 45, 80, 90], [30, 80, 85, 40, 90], [80, 30, 85, 40, 95])
    assert ST in recurring(again)


def test_two_interviews_both_low_is_recurring() -> None:
    h = history([50, 20, 70, 80, 90], [60, 30, 75, 45, 90])
    assert recurring(h) == [ST]  # 2 of the last 2; communication only once


def test_ties_at_the_bottom_all_count_and_all_equal_counts_none() -> None:
    assert lowest(zip(ORDER, [40, 40, 40, 80, 90], strict=True)) == {R, ST, SP}
    assert lowest(zip(ORDER, [10, 40, 40, 80, 90], strict=True)) == {R, ST, SP}
    assert lowest(zip(ORDER, [10, 20, 40, 80, 90], strict=True)) == {R, ST}
    assert lowest(zip(ORDER, [70] * 5, strict=True)) == frozenset()
    assert recurring_weaknesses([list(zip(ORDER, [70] * 5, strict=True))] * 3) == ()


def test_interviews_without_a_report_are_listed_but_not_scored() -> None:
    scored = [point_of(interview(n), report([70, 30 + n, 40, 80, 90])) for n in (1, 2)]
    unfinished = point_of(interview(3), None, finished=False)
    pending = point_of(interview(4), None, finished=True)  # finished, its report not written yet
    h = ScoreHistory.of([*scored, unfinished, pending])
    assert [p.interview_id for p in h.points] == [4, 3, 2, 1]  # newest first
    assert [p.interview_id for p in h.scored] == [1, 2]  # oldest first
    assert h.overall == (report([70, 31, 40, 80, 90]).overall_score, report([70, 32, 40, 80, 90]).overall_score)
    assert not unfinished.finished and pending.finished and not pending.scored


def test_trends_follow_each_competency_oldest_first_over_the_last_five() -> None:
    rows = [[50 + n, 40 + 2 * n, 60, 70, 80 - n] for n in range(7)]
    h = history(*rows)
    by = {t.competency: t for t in h.trends}
    assert by[R].scores == (52, 53, 54, 55, 56)  # interviews 3-7
    assert by[ST].scores == (44, 46, 48, 50, 52) and by[ST].change == 8
    assert by[JD].change == -4
    assert h.trend_overall == tuple(report(row).overall_score for row in rows[-5:])
    assert len(h.overall) == 7


def test_a_competency_a_report_left_out_shows_as_missing() -> None:
    partial = report([60, 50, 40, 70, 80]).model_copy(update={"competencies": report(
        [60, 50, 40, 70, 80]).competencies[:4]})
    h = ScoreHistory.of([point_of(interview(1), report([60, 55, 45, 70, 80])), point_of(interview(2), partial)])
    assert {t.competency: t.scores for t in h.trends}[JD] == (80, None)
    assert lowest(h.scored[1].scores) == {ST, SP}
