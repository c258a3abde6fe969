"""Reading a job description: its title, sections, duties and skills."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from interview_core.providers.offline.text import (
    Line,
    _as_heading,
    _heading_table,
    split_lines,
)
from interview_core.providers.offline.vocabulary import (
    SKILLS,
    _phrase_skills,
    find_skills,
    is_generic,
    is_vague_phrase,
    mentions_skill,
)

# ---------------------------------------------------------------------------
# Job description
# ---------------------------------------------------------------------------
_JD_HEADINGS = _heading_table(
    """
nice: nice to have | nice-to-have | bonus | preferred | pluses | a plus | desirable |
    extra credit | good to have
benefits: what we offer | benefits | perks | compensation | salary | we offer |
    why you'll love | how to apply | equal opportunity | what's in it for you
requirements: requirements | qualifications | what we're looking for |
    what we are looking for | about you | who you are | you have | you bring | must have |
    must-have | what you'll need | what you need | what you bring | required | key skills |
    skills | essential | your profile | ideal candidate | you might be a fit | you are
responsibilities: what you'll do | what you will do | responsibilities | the role | your role |
    about the role | what you'll be doing | your impact | in this role | day to day |
    day-to-day | duties | your mission | what you'll work on | you will | you'll | the job |
    key tasks | what you will own | the opportunity
about: about | who we are | our mission | why join | why us | the team | company | our story
"""
)
_SECTION_WEIGHT = {
    "title": 3.0,
    "requirements": 2.0,
    "responsibilities": 1.6,
    "other": 1.0,
    "nice": 0.6,
    "about": 0.4,
    "benefits": 0.2,
}


@dataclass(frozen=True, slots=True)
class JobProfile:
    title: str
    company: str
    skills: tuple[str, ...]  # most important first
    weights: tuple[tuple[str, float], ...]
    responsibilities: tuple[str, ...]
    requirements: tuple[str, ...]
    nice_to_have: tuple[str, ...]
    # How many lines of the title, requirements and responsibilities name each skill.
    mentions: tuple[tuple[str, int], ...] = ()

    def weight(self, skill: str) -> float:
        return dict(self.weights).get(skill, 0.0)

    def stresses(self, skill: str) -> bool:
        """Whether the JD insists on a skill: in the title, or named in two or more lines of
        its requirements and responsibilities (one "clear communication" line is not enough)."""
        weight = self.weight(skill)
        return weight >= _SECTION_WEIGHT["title"] or (
            dict(self.mentions).get(skill, 0) >= 2 and weight >= _SECTION_WEIGHT["responsibilities"]
        )

    @property
    def key_skills(self) -> tuple[str, ...]:
        """The skills worth reporting on, most important first: named hard skills in JD order,
        then soft or generic ones the JD stresses. Vague free-text phrases are left out."""
        hard: list[str] = []
        stressed: list[str] = []
        for skill in self.skills:
            if is_vague_phrase(skill) or self.weight(skill) < _SECTION_WEIGHT["nice"]:
                continue  # "backend services"; "payments" only in the company blurb
            if not is_generic(skill):
                hard.append(skill)
            elif self.stresses(skill):
                (hard if self.weight(skill) >= _SECTION_WEIGHT["title"] else stressed).append(skill)
        return tuple(hard + stressed)

    @property
    def phrase_skills(self) -> tuple[str, ...]:
        return tuple(s for s in self.skills if s not in SKILLS)

    def skills_in(self, text: str) -> tuple[str, ...]:
        """This JD's skills that the text shows, in JD order."""
        hits = find_skills(text)
        return tuple(s for s in self.skills if mentions_skill(text, s, hits))


_REQ_START_RE = re.compile(
    r"^(?:\d+\+?\s*years|experience|proficien|knowledge|familiar|understanding|strong|solid|deep|"
    r"excellent|proven|demonstrated|bachelor|degree|ability|you have|comfortable|fluent|track "
    r"record)",
    re.IGNORECASE,
)


def _guess_title(lines: list[Line]) -> str:
    for line in lines[:5]:
        if not line.bullet and 1 <= len(line.text.split()) <= 12:
            return re.split(r"\s+(?:-|\||at|@)\s+", line.text)[0].strip()
    return ""


@lru_cache(maxsize=64)
def analyse_jd(jd_text: str, title: str = "", company: str = "") -> JobProfile:
    lines = split_lines(jd_text)
    sections: dict[str, list[str]] = {k: [] for k in _SECTION_WEIGHT}
    weights: dict[str, float] = {}
    first_seen: dict[str, int] = {}
    known_phrases: set[str] = set()
    mentions: dict[str, int] = {}
    current = "other"

    best_section: dict[str, float] = {}

    def base_cap(name: str, base: float) -> float:
        # Repeats can lift a skill at most half a step above its strongest section.
        best_section[name] = max(best_section.get(name, 0.0), base)
        return best_section[name] + 0.5

    def credit(text: str, section: str) -> None:
        names = list(find_skills(text)) + _phrase_skills(text, known_phrases)
        if section in ("title", "requirements", "responsibilities"):
            for name in dict.fromkeys(names):
                mentions[name] = mentions.get(name, 0) + 1
        for name in names:
            first_seen.setdefault(name, len(first_seen))
            base = _SECTION_WEIGHT[section]
            # The strongest section counts fully, repeats add a little: a skill named
            # in the title and twice in requirements outranks one named once.
            repeat = 0.15 if name in weights else 0.0
            weights[name] = min(max(weights.get(name, 0.0), base) + repeat, base_cap(name, base))

    title = title.strip() or _guess_title(lines)
    credit(title, "title")
    for line in lines:
        heading = _as_heading(line, _JD_HEADINGS)
        if heading is not None:
            current = heading
            continue
        section = current
        if current == "other" and line.bullet:
            section = "requirements" if _REQ_START_RE.match(line.text) else "responsibilities"
        credit(line.text, section)
        if section in ("requirements", "responsibilities", "nice") and len(line.text.split()) >= 3:
            sections[section].append(line.text)
    # A JD with no bullets at all: use its sentences as responsibilities.
    if not sections["responsibilities"] and not sections["requirements"]:
        sentences = re.split(r"(?<=[.!])\s+", " ".join(line.text for line in lines))
        sections["responsibilities"] = [s for s in sentences if 5 <= len(s.split()) <= 40][:8]
    ranked = sorted(weights, key=lambda s: (-weights[s], first_seen[s]))
    return JobProfile(
        title=title,
        company=company.strip(),
        skills=tuple(ranked),
        weights=tuple((s, weights[s]) for s in ranked),
        responsibilities=tuple(sections["responsibilities"]),
        requirements=tuple(sections["requirements"]),
        nice_to_have=tuple(sections["nice"]),
        mentions=tuple((s, mentions[s]) for s in ranked if s in mentions),
    )
