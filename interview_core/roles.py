"""Guessing a role's title and company from a job description's first line.

Adapters use this to fill in what a user left out ("Senior Backend Engineer —
Northwind Labs" is how most postings start); the user can always override it.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"\s+(?:—|–|-|\||@|at)\s+", re.IGNORECASE)
_LABEL = re.compile(r"^(?:job\s+title|title|role|position)\s*:\s*", re.IGNORECASE)


def guess_role(jd_text: str) -> tuple[str | None, str | None]:
    """(title, company) from the first short line of a JD, either may be None."""
    for raw in jd_text.splitlines():
        line = _LABEL.sub("", raw.strip().lstrip("#").strip().strip("*_").strip())
        if not line:
            continue
        if len(line) > 90:
            return None, None
        parts = _SEPARATORS.split(line, maxsplit=1)
        title = parts[0].strip() or None
        company = parts[1].strip() if len(parts) > 1 and parts[1].strip() else None
        return title, company
    return None, None
