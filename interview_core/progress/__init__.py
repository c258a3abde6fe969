"""Progress over time: a user's scores across their interviews (trend.py: the data and
the rule that calls a weakness recurring), as text (text_chart.py) and as a PNG chart
(chart.py), and what a drill works on (drills.py). Platform-free: the conversation layer
hands it to every adapter."""

from interview_core.progress.chart import (
    PNG_SIGNATURE,
    ChartError,
    ChartLabels,
    render_png,
)
from interview_core.progress.drills import (
    DRILL_QUESTIONS_DEFAULT,
    DRILL_QUESTIONS_MAX,
    DRILL_QUESTIONS_MIN,
    DrillError,
    DrillFocus,
    NoFinishedInterview,
    choose_focus,
    clean_skill,
    competency_of,
    drill_questions_of,
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
    "DRILL_QUESTIONS_DEFAULT",
    "DRILL_QUESTIONS_MAX",
    "DRILL_QUESTIONS_MIN",
    "PNG_SIGNATURE",
    "RECURRING_TIMES",
    "RECURRING_WINDOW",
    "ChartError",
    "ChartLabels",
    "CompetencyTrend",
    "DrillError",
    "DrillFocus",
    "InterviewPoint",
    "NoFinishedInterview",
    "RecurringWeakness",
    "ScoreHistory",
    "chart_lines",
    "choose_focus",
    "clean_skill",
    "competency_of",
    "drill_questions_of",
    "lowest",
    "point_of",
    "recurring_weaknesses",
    "render_png",
    "sparkline",
    "values",
]
