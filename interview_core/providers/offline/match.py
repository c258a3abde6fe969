"""A CV against a JD: which skills the CV shows, and its most relevant material."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from interview_core.providers.offline.cv import (
    Achievement,
    CvProfile,
    CvRole,
    analyse_cv,
)
from interview_core.providers.offline.jd import JobProfile, analyse_jd
from interview_core.providers.offline.text import content_tokens
from interview_core.providers.offline.vocabulary import mentions_skill

_FIGURE_RE = re.compile(r"\d[\d,.]*%?|\b(?:doubled|halved|tripled|twice)\b", re.IGNORECASE)


# ---------------------------------------------------------------------------
# CV x JD
# ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Match:
    job: JobProfile
    cv: CvProfile
    roles: tuple[CvRole, ...]  # most relevant first
    achievements: tuple[Achievement, ...]  # most relevant first
    shared: tuple[str, ...]  # JD skills the CV shows, JD order
    gaps: tuple[str, ...]  # JD skills the CV does not show, JD order
    evidence: tuple[tuple[str, str], ...] = field(default=())  # skill -> where ("Dunamu", "skills")
    job_text: str = ""  # the JD as given: figures copied from it are not the candidate's

    def where(self, skill: str) -> str | None:
        return dict(self.evidence).get(skill)

    def skills_in(self, text: str) -> tuple[str, ...]:
        """JD skills in a question or answer, ignoring employer names ("Brightwave Payments")."""
        for name in self.employers:
            text = text.replace(name, " ")
        return self.job.skills_in(text)

    def skills_asked(self, question: str) -> tuple[str, ...]:
        """JD skills a question asks about. The role's own name is not a question about a
        skill: "how it prepares you for the Senior Staff Nurse, Emergency Department role"
        asks about the candidate's path, not about acute care."""
        for name in (self.job.title, self.job.company):
            if len(name) > 2:
                question = re.sub(re.escape(name), " ", question, flags=re.IGNORECASE)
        return self.skills_in(question)

    @property
    def employers(self) -> tuple[str, ...]:
        return tuple(
            sorted({r.employer for r in self.cv.roles if r.employer}, key=len, reverse=True)
        )


def _achievement_value(item: Achievement, job: JobProfile) -> float:
    """JD skills it shows, plus what makes it a good story: numbers, a strong verb, recency."""
    skills = job.skills_in(item.text)
    value = sum(job.weight(s) for s in skills)
    # A rough count of figures is enough to rank stories; the result figures are read later.
    value += 1.0 * min(3, len(_FIGURE_RE.findall(item.text)))
    value += 1.0 if item.strong_verb else 0.0
    value += 0.5 if len(item.text.split()) >= 10 else 0.0
    if item.role is not None:
        value += max(0.0, 1.0 - 0.3 * item.role.order)
    return value


def _role_value(role: CvRole, items: list[Achievement], job: JobProfile) -> float:
    text = " ".join([role.title] + [a.text for a in items])
    value = sum(job.weight(s) for s in job.skills_in(text))
    title_overlap = content_tokens(role.title) & content_tokens(job.title)
    value += 1.5 * len(title_overlap)
    value += max(0.0, 2.0 - 0.5 * role.order)  # recent roles matter more
    return value


@lru_cache(maxsize=64)
def match_cv_to_jd(cv_text: str, jd_text: str, title: str = "", company: str = "") -> Match:
    job = analyse_jd(jd_text, title, company)
    cv = analyse_cv(cv_text)
    ranked_items = sorted(cv.achievements, key=lambda a: -_achievement_value(a, job))
    items_by_role: dict[int, list[Achievement]] = {}
    for item in cv.achievements:
        if item.role is not None:
            items_by_role.setdefault(item.role.order, []).append(item)
    ranked_roles = sorted(
        cv.roles, key=lambda r: (-_role_value(r, items_by_role.get(r.order, []), job), r.order)
    )

    cv_hits = cv.skills
    shared = tuple(s for s in job.skills if mentions_skill(cv.text, s, cv_hits))
    gaps = tuple(s for s in job.skills if s not in shared)
    evidence: list[tuple[str, str]] = []
    for skill in shared:
        holder = next((a for a in ranked_items if a.where and mentions_skill(a.text, skill)), None)
        evidence.append((skill, holder.where if holder else "skills"))
    return Match(
        job, cv, tuple(ranked_roles), tuple(ranked_items), shared, gaps, tuple(evidence), jd_text
    )
