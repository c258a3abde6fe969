"""The built-in offline interviewer: no network, deterministic, CV- and JD-aware.

`OfflineProvider` implements the Provider protocol. `jd`, `cv`, `match` and `answers` read
the CV, JD and answers; `planning` decides what each question is, `questions` and
`phrasing` write it from data/questions.toml (with `probes` for follow-ups), `interviewer`
assembles it; `scoring` writes the report.
"""

from interview_core.providers.offline.interviewer import (
    OfflineProvider,
    write_follow_up,
    write_opening,
)
from interview_core.providers.offline.planning import (
    Category,
    category_for,
    plan_categories,
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
