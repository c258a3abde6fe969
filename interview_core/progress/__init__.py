"""Progress over time: a user's scores across their interviews (trend.py: the data and
the rule that calls a weakness recurring), as text (text_chart.py) and as a PNG chart
(chart.py). Platform-free: the conversation layer hands it to every adapter."""

from interview_core.progress.chart import (
    PNG_SIGNATURE,
    ChartError,
    ChartLabels,
    render_png,
)
from interview_core.progress.text_chart import chart_lines, sparkline, values
from interview_core.progress.trend import (
    RECURRING_TIMES,
    RECURRING_WINDOW,
    CompetencyTrend,
    InterviewPoint,
    RecurringWeakness,
    ScoreHistory,
    lowest,
    point_of,
    recurring_weaknesses,
)

__all__ = [
    "PNG_SIGNATURE",
    "RECURRING_TIMES",
    "RECURRING_WINDOW",
    "ChartError",
    "ChartLabels",
    "CompetencyTrend",
    "InterviewPoint",
    "RecurringWeakness",
    "ScoreHistory",
    "chart_lines",
    "lowest",
    "point_of",
    "recurring_weaknesses",
    "render_png",
    "sparkline",
    "values",
]
