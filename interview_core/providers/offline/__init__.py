"""The built-in offline interviewer: no network, deterministic, CV- and JD-aware.

`OfflineProvider` implements the Provider protocol; `analysis` reads the CV, JD and
answers, `interviewer` writes the questions and `scoring` writes the report.
"""

from interview_core.providers.offline.interviewer import (
    Category,
    OfflineProvider,
    category_for,
    plan_categories,
    write_follow_up,
    write_opening,
)
from interview_core.providers.offline.scoring import build_report

__all__ = [
    "Category",
    "OfflineProvider",
    "build_report",
    "category_for",
    "plan_categories",
    "write_follow_up",
    "write_opening",
]
