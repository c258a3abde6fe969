"""The sentences of progress over time (`interview-bot history`, `/interview history`):
part of `Texts` (texts.py), kept apart so each file stays short."""

from __future__ import annotations

from interview_core.progress import (
    RECURRING_TIMES,
    RECURRING_WINDOW,
    ChartLabels,
    RecurringWeakness,
    ScoreHistory,
)


class ProgressTexts:
    """Mixed into `Texts`: the history's trends, what recurs, and the chart's words."""

    __slots__ = ()


    @property
    def overall_label(self) -> str:
        return "Overall"

    @staticmethod
    def trend_heading(count: int) -> str:
        """Above the trends: how many scored interviews they cover."""
        if count == 1:
            return "Scores of your one finished interview (0-100):"
        return f"Scores over your last {count} finished interviews, oldest first (0-100):"

    @property
    def no_scores_yet(self) -> str:
        return "No interview has a report yet, so there are no scores to follow over time."

    @staticmethod
    def recurring(weakness: RecurringWeakness) -> str:
        return (f"Recurring weakness: {weakness.label}, among your two lowest scores in {weakness.times} "
                f"of your last {weakness.window} finished interviews.")

    @staticmethod
    def no_recurring(window: int) -> str:
        return (f"No recurring weakness: no competency was among your two lowest scores in "
                f"{RECURRING_TIMES} of your last {window} finished interviews.")

    @staticmethod
    def recurring_not_yet(scored: int) -> str:
        """Too few scored interviews for the rule: one bad session is no pattern."""
        have = "no finished interview" if scored == 0 else "one finished interview"
        return (f"Nothing is called recurring yet: you have {have} with a report, and one session is no "
                f"pattern. A weakness is recurring once it is among your two lowest scores in "
                f"{RECURRING_TIMES} of your last {RECURRING_WINDOW} finished interviews.")

    @property
    def chart_labels(self) -> ChartLabels:
        return ChartLabels(title="Interview scores over time", overall=self.overall_label,
                           y_axis="Score (0-100)", x_axis="Interview (number and date)")

    @property
    def chart_file_name(self) -> str:
        return "interview-progress.png"

    @staticmethod
    def chart_title(count: int) -> str:
        """The chart's caption (or alt text) where it is posted."""
        return f"Your scores over {count} finished interview{'' if count == 1 else 's'}"

    @staticmethod
    def chart_written(path: str, count: int) -> str:
        return f"Chart of {count} finished interview{'' if count == 1 else 's'} written to {path}."

    @property
    def no_chart(self) -> str:
        return "No chart was written: no interview has a report yet."

    @staticmethod
    def chart_not_written(path: str, reason: str) -> str:
        return f"Can't write the chart to {path}: {reason}."

    @staticmethod
    def chart_in(where: str) -> str:
        """Where the chart was posted (the adapter's link or "our DM")."""
        return f"The chart of your scores is in {where}."

    def trend_rows(self, history: ScoreHistory) -> list[tuple[str, tuple[int | None, ...]]]:
        """The text chart's rows: the overall score, then each competency, oldest first."""
        return [(self.overall_label, history.trend_overall), *((t.label, t.scores) for t in history.trends)]

    def recurring_lines(self, history: ScoreHistory) -> list[str]:
        """What recurs, or that nothing does, or that it is too soon to tell."""
        if not history.recurring_known:
            return [self.recurring_not_yet(len(history.scored))]
        if not history.recurring:
            return [self.no_recurring(min(len(history.scored), RECURRING_WINDOW))]
        return [self.recurring(weakness) for weakness in history.recurring]
