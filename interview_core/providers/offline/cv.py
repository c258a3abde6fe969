"""Reading a CV: roles, employers, dates and achievements."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from interview_core.providers.offline.cv_layout import CV_HEADINGS as _CV_HEADINGS
from interview_core.providers.offline.cv_layout import WEAK_VERBS as _WEAK_VERBS  # noqa: F401
from interview_core.providers.offline.cv_layout import (
    detail_items,
    drop_durations,
    heading_kind,
    inline_heading,
    is_duration,
    is_past_verb,
    split_inline_headings,
    undated_role,
)
from interview_core.providers.offline.numbers import has_result
from interview_core.providers.offline.text import (
    _SPACES_RE,
    Line,
    _as_heading,
    clip_phrase,
    split_lines,
)
from interview_core.providers.offline.titles import _TITLE_WORDS, candidate_name
from interview_core.providers.offline.vocabulary import find_skills

# ---------------------------------------------------------------------------
# Dates, titles, numbers, verbs
# ---------------------------------------------------------------------------
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = rf"(?:{_MONTH}\s*\d{{4}}|\d{{1,2}}[/.]\d{{4}}|(?:19|20)\d{{2}})"
_DATE_END = rf"(?:{_DATE}|present|current|now|today|ongoing)"
_RANGE_RE = re.compile(
    rf"(?:exp\.\s*)?{_DATE}\s*(?:-|to|until)\s*(?:exp\.\s*)?{_DATE_END}\b\.?", re.IGNORECASE
)
# Word-bounded: "present" inside "Representative" is not a date.
_LOOSE_DATE_RE = re.compile(rf"\(?\s*\b(?:{_DATE}|present)\b\s*,?\)?", re.IGNORECASE)

# The part of a compound title worth naming ("Founding Member & Site Reliability Engineer").
_CORE_TITLE_WORDS = frozenset(
    "engineer developer programmer architect analyst scientist designer manager director marketer "
    "consultant specialist researcher accountant recruiter strategist writer head sre nurse "
    "pharmacist chef teacher electrician supervisor leader".split()
)
_DEGREE_RE = re.compile(
    r"\b(?:b\.?s\.?c?|m\.?s\.?c?|b\.?a|m\.?a|ph\.?d|bachelor|master|mba|degree|diploma)\b", re.I
)


# ---------------------------------------------------------------------------
# CV
# ---------------------------------------------------------------------------
_CORP_SUFFIX_RE = re.compile(  # "Greenfield & Co" keeps its "Co": it is the name
    r"(?<!&)[\s,]+(?:inc|corp|corporation|co|ltd|llc|gmbh|plc|s\.?a|ag|pty|limited|company)\.?,?$",
    re.IGNORECASE,
)
_CITY_PREFIXES = frozenset(
    "san los las new hong tel sao são kuala buenos mexico rio santa cape abu ho saint st. salt "
    "el".split()
)
_SPLIT_ROLE_RE = re.compile(r"\s+(?:-|\||·|@|at)\s+|\s*\|\s*|,\s+")


@dataclass(frozen=True, slots=True)
class CvRole:
    title: str  # as written
    short_title: str  # the part worth naming in a question
    employer: str  # cleaned: no location, no "Inc."
    dates: str
    order: int  # position in the CV; 0 is usually the most recent


@dataclass(frozen=True, slots=True)
class Achievement:
    text: str
    role: CvRole | None
    project: str  # a project's name when it came from a Projects section
    strong_verb: bool

    @property
    def has_number(self) -> bool:
        """Whether the line carries a result figure. Worked out when asked (the report
        asks), not for every CV line before the first question."""
        return has_result(self.text)

    @property
    def where(self) -> str:
        if self.role and self.role.employer:
            return self.role.employer
        return self.project


@dataclass(frozen=True, slots=True)
class CvProfile:
    roles: tuple[CvRole, ...]
    achievements: tuple[Achievement, ...]
    skills: tuple[str, ...]  # vocabulary skills anywhere in the CV
    skills_section: str  # the raw text of a Skills section, if any
    text: str  # cleaned full text, for phrase-skill lookups
    name: str = ""  # the candidate's name, when the CV opens with it


def _title_like(text: str) -> bool:
    words = {w.strip(",.()&").lower() for w in text.split()}
    return bool(words & _TITLE_WORDS)


def short_title(title: str) -> str:
    title = re.sub(r"\([^()]*\)|<[^<>]*>", "", title)
    head = re.split(r"\s+(?:at|for|@|-|\|)\s+|,", title)[0]
    title = re.split(r"\s+in\s+", head)[0]
    if not {w.lower() for w in title.split()} & _TITLE_WORDS and len(head.split()) <= 6:
        title = head  # "Second in Department", not "Second"
    parts = [p.strip() for p in re.split(r"\s+&\s+|\s+/\s+", title) if p.strip()]
    for part in parts:
        if {w.lower() for w in part.split()} & _CORE_TITLE_WORDS:
            return clip_phrase(part, 6)
    return clip_phrase(parts[0] if parts else title, 6)


_COUNTRIES = frozenset(
    "usa us uk korea germany france spain portugal italy netherlands ireland canada india china "
    "japan singapore australia brazil mexico poland sweden norway denmark finland switzerland "
    "austria belgium israel england scotland wales remote estonia romania ukraine greece turkey "
    "nigeria kenya egypt argentina chile colombia vietnam thailand indonesia philippines malaysia "
    "taiwan uae".split()
)


def _country_like(segment: str) -> bool:
    for word in segment.replace("&", " ").split():
        bare = word.strip(".,()")
        if (
            bare.lower() in _COUNTRIES
            or re.fullmatch(r"[A-Z]{2}", bare)
            or re.search(r"\w\.\w", bare)
        ):
            return True
    return False


def _location_like(segment: str) -> bool:
    words = segment.replace("&", " ").split()
    return 0 < len(words) <= 4 and all(w[:1].isupper() for w in words)


def clean_employer(text: str) -> str:
    """ "Dunamu Inc. Seoul, S.Korea" -> "Dunamu"; "Harbourline Travel, Leeds" -> itself."""
    text = re.sub(r"\([^)]*\)?", " ", drop_durations(_RANGE_RE.sub("", text)))
    text = re.sub(r"\b(Co|Inc|Corp)\.,", r"\1.", text)  # "Omnious. Co., Ltd." is one name
    segments = [s.strip() for s in text.split(",") if s.strip()]
    popped: list[str] = []
    while len(segments) > 1 and _location_like(segments[-1]):
        if re.search(r"\b(?:of|for|and|the|de|du)$", segments[-2], re.I):
            break  # "University of, York" is "University of York", not a place after a name
        popped.append(segments.pop())
    if popped and all(_country_like(p) for p in popped):
        # PDF layout: the city sits right after the employer with no comma between.
        words = segments[-1].split()
        if len(words) > 1 and words[-1][:1].isupper():
            cut = (
                len(words) - 2
                if len(words) > 2 and words[-2].lower() in _CITY_PREFIXES
                else len(words) - 1
            )
            segments[-1] = " ".join(words[:cut])
    words = ", ".join(segments).split()
    if len(words) > 1 and _country_like(words[-1]):
        words.pop()  # "SAMSUNG Electronics S.Korea"
    text = re.sub(r"\s+(?:Remote|Hybrid|On-?site)$", "", " ".join(words), flags=re.IGNORECASE)
    previous = None
    while previous != text:
        previous = text
        text = _CORP_SUFFIX_RE.sub("", text).strip(" ,.-|")
    words = clip_phrase(text, 8).split()
    while len(words) > 1 and words[-1].lower() in ("of", "for", "and", "the", "at", "de", "&"):
        words.pop()  # never "University of" for "University of Sheffield" cut short
    text = " ".join(words)
    return "" if is_duration(text) or heading_kind(text) else text  # never "6 years", "Skills"


_STRONG_SPLIT_RE = re.compile(r"\s+(?:-|\||·|@|at)\s+|\s*\|\s*")


def _split_title_employer(rest: str) -> tuple[str, str]:
    # Dashes, bars and "at" separate title from employer more surely than commas do:
    # "Staff Nurse, Cardiac Telemetry - Mercy Valley Medical Center, Columbus, OH".
    strong = [p.strip(" -|,()") for p in _STRONG_SPLIT_RE.split(rest) if p.strip(" -|,()")]
    if len(strong) >= 2:
        title_index = next((i for i, p in enumerate(strong) if _title_like(p)), 0)
        others = [p for i, p in enumerate(strong) if i != title_index]
        return strong[title_index], others[0]
    parts = [p.strip(" -|,()") for p in _SPLIT_ROLE_RE.split(rest) if p and p.strip(" -|,()")]
    if len(parts) < 2:
        return rest.strip(" -|,()"), ""
    title_index = next((i for i, p in enumerate(parts) if _title_like(p)), 0)
    others = [p for i, p in enumerate(parts) if i != title_index]
    return parts[title_index], others[0] if others else ""


_FIRST_PERSON_RE = re.compile(r"(?<![\w'])(?:i|i've|i'm|i'd|my|me)(?![\w'])", re.IGNORECASE)
_PERSONAL_KINDS = (
    ("education", re.compile(r"certif|qualif|stud|learn|educat|train|course|degree", re.I)),
    ("skills", re.compile(r"how i work|tools|skills|toolbox|good at|use", re.I)),
    ("experience", re.compile(r"sold|work|career|job|made|difference|done|experience|role|"
                              r"employ|built|led|where i", re.I)),
)


def _personal_heading(line: Line) -> str | None:
    """A heading in the candidate's own words ("WHAT I'VE SOLD", "Where I've Made A
    Difference", "Things I'm Certified In"): short, no dates, first person, not a sentence.
    Never an employer or a role, whatever section it opens."""
    text = line.text.rstrip(":").strip()
    if line.bullet or _RANGE_RE.search(text) or text.endswith((".", ",")):
        return None
    if not 2 <= len(text.split()) <= 7 or not _FIRST_PERSON_RE.search(text):
        return None
    words = text.split()
    capitalised = sum(1 for w in words if w[:1].isupper()) >= 0.6 * len(words)
    if not (line.heading_level or text.isupper() or capitalised or line.text.endswith(":")):
        return None
    return next((kind for kind, pattern in _PERSONAL_KINDS if pattern.search(text)), "other")


class _CvParser:
    """Walks CV lines once, keeping track of section, employer and current role."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.has_experience_heading = any(
            _as_heading(line, _CV_HEADINGS, prefix=False) == "experience" for line in lines
        )
        self.roles: list[CvRole] = []
        self.items: list[tuple[str, CvRole | None, str]] = []  # (text, role, project)
        self.skills_lines: list[str] = []
        self.section = "other" if self.has_experience_heading else "experience"
        self.pending: str = ""  # a line that may be the next role's employer
        self.role: CvRole | None = None
        self.name = candidate_name(lines)

    def parse(self) -> None:
        previous_item = after_bullet = False
        for index, line in enumerate(self.lines):
            if index == 0 and self.name:
                continue  # the candidate's name: never the next role's employer
            heading = _as_heading(line, _CV_HEADINGS, prefix=False) or _personal_heading(line)
            if heading is not None and (heading != "other" or _personal_heading(line)):
                self.section, self.pending, self.role = heading, "", None
                previous_item = False
                continue
            inline = inline_heading(line.text)
            if inline is not None:  # "Skills: triage, Epic": the line's own section
                previous_item = self._inline(inline[0], Line(inline[1], line.bullet, 0, False), line)
                continue
            if previous_item and self._continues(line, after_bullet):
                text, role, project = self.items[-1]
                self.items[-1] = (f"{text} {line.text}", role, project)
                continue
            previous_item = self._handle(line)
            after_bullet = line.bullet

    def _inline(self, kind: str, line: Line, whole: Line) -> bool:
        """A line that names its section before a colon: its words go there, and only an
        "Experience:" line moves the section on (a "Skills:" line is not followed by skills).
        Under Skills, "Languages: Python, SQL" is a group of skills."""
        if self.section == "skills" and kind != "experience":
            self.skills_lines.append(whole.text)
            return False
        if kind == "experience":
            self.section, self.pending, self.role = kind, "", None
            return self._handle(line)
        if kind == "skills":
            self.skills_lines.append(line.text)
        elif kind == "projects" and self.section == "experience" and len(line.text.split()) >= 3:
            self.items.append((line.text, self.role, ""))  # "Achievements: cut falls by 30%"
            return True
        return False

    def _continues(self, line: Line, after_bullet: bool) -> bool:
        """A wrapped line: PDF text breaks long bullets into several lines."""
        if line.bullet or line.heading_level or line.blank_before or _RANGE_RE.search(line.text):
            return False
        previous = self.items[-1][0] if self.items else ""
        if not previous:
            return False
        if line.text[:1].islower() or not previous.rstrip().endswith(
            (".", "!", "?", ";", ":", ")")
        ):
            return True
        # "Managed all Kubernetes manifests ... ArgoCD." is another sentence of the same bullet,
        # unlike a short, period-less employer line such as "Kasa Seoul, S.Korea". Sentences
        # after a paragraph-style achievement are achievements of their own.
        return after_bullet and line.text.endswith(".") and len(line.text.split()) >= 5

    def _handle(self, line: Line) -> bool:
        """Route one line; True when it became an achievement (so wrapped lines may follow)."""
        if self.section == "skills":
            self.skills_lines.append(line.text)
            return False
        if self.section == "projects":
            return self._project(line)
        if self.section != "experience":
            return False
        if line.bullet:
            if len(line.text.split()) >= 3:
                self.items.append((line.text, self.role, ""))
                return True
            return False
        return self._role_or_employer(line)

    def _project(self, line: Line) -> bool:
        if len(line.text.split()) < 5:
            self.pending = line.text  # a project's title line; its description follows
            return False
        head = re.match(r"^(.{2,60}?)(?:\s[-:]\s|:\s)", line.text)
        project = clip_phrase(head.group(1) if head else self.pending, 6)
        self.items.append((line.text, None, project))
        return True

    def _role_or_employer(self, line: Line) -> bool:
        """A role line, an employer line, or a paragraph-style achievement; True for the latter."""
        dates = _RANGE_RE.search(line.text)
        if not dates and (sentence := undated_role(line.text)):
            return self._add_role(*sentence)  # "Teacher, 8 years at Riverside Academy. ..."
        if not dates:
            words = len(line.text.split())
            if self.role is not None and words >= 5 and line.text.endswith((".", "!")):
                self.items.append((line.text, self.role, ""))  # achievements written as sentences
                return True
            # "Thornbury Packaging Ltd (packaging maker, 3 sites), Bristol": the parenthetical
            # is detail, not length.
            bare = len(re.sub(r"\([^()]*\)", " ", line.text).split())  # [^()]: linear
            if _DEGREE_RE.search(line.text) or bare > 10 or line.text.endswith("."):
                return False
            if self.role is not None and self.role.employer == "" and self.items_since_role() == 0:
                self.role = self._replace_role(self.role, employer=clean_employer(line.text))
                return False
            self.pending = line.text
            return False
        if _DEGREE_RE.search(line.text):
            return False
        # "Staff Nurse, St Mary's Hospital, 2019-2025: surgical ward, led the falls audit":
        # what follows the dates and a colon is what the candidate did, not title or employer.
        head, details = line.text, ""
        # ... or after a full stop: "Shift Supervisor, Northline, 2018 - 2024. Ran the night shift"
        after = re.match(r"\s*\)?\s*(:|\.)?\s+(\S.*)$", line.text[dates.end():])
        if after and (after.group(1) == ":" or (
                (after.group(1) or dates.group(0).endswith(".")) and len(after.group(2).split()) >= 3)):
            head, details = line.text[: dates.end()], after.group(2)
        rest = drop_durations(_LOOSE_DATE_RE.sub(" ", _RANGE_RE.sub(" ", head)))
        # "(part-time while studying)" after the dates says how, not who or where.
        rest = re.sub(r"\s*\([^()]*\)\s*$", "", _SPACES_RE.sub(" ", rest).strip(" -|,·*_"))
        rest = rest.strip(" -|,()·*_")
        if not rest and self.pending:
            title, employer = _split_title_employer(self.pending)
            if not _title_like(title) and _title_like(employer):
                title, employer = employer, title
        elif self.pending and (
            # "DevOps Engineer" under "Dunamu Inc.", or "Game Developer Intern at X" under "NEXON".
            not _SPLIT_ROLE_RE.search(rest.replace(", ", " "))
            or (_title_like(rest) and not _title_like(self.pending))
        ):
            title, employer = rest, self.pending
        else:
            title, employer = _split_title_employer(rest)
        if not title:
            return False
        return self._add_role(title, employer, dates.group(0), details)

    def _add_role(self, title: str, employer: str, dates: str, details: str) -> bool:
        if heading_kind(title) or is_duration(title):
            return False  # "Experience", "6 years": never a job
        role = CvRole(
            title=clip_phrase(title, 14),
            short_title=short_title(title),
            employer=clean_employer(employer) if employer else "",
            dates=clip_phrase(dates, 8),
            order=len(self.roles),
        )
        self.roles.append(role)
        self.role = role
        self.pending = ""
        for item in detail_items(details):
            self.items.append((item, role, ""))
        return bool(details)

    def items_since_role(self) -> int:
        return sum(1 for _, role, _ in self.items if role is self.role)

    def _replace_role(self, role: CvRole, employer: str) -> CvRole:
        updated = CvRole(role.title, role.short_title, employer, role.dates, role.order)
        self.roles[role.order] = updated
        return updated


@lru_cache(maxsize=64)
def analyse_cv(cv_text: str) -> CvProfile:
    lines = split_inline_headings(split_lines(cv_text))
    parser = _CvParser(lines)
    parser.parse()
    # Roles were finalised (employer filled in) after their bullets were attached.
    by_order = {r.order: r for r in parser.roles}
    achievements = []
    for text, role, project in parser.items:
        first = text.split()[0] if text.split() else ""
        achievements.append(
            Achievement(
                text=text,
                role=by_order.get(role.order) if role else None,
                project=project,
                strong_verb=is_past_verb(first.strip(",.")),
            )
        )
    full = "\n".join(line.text for line in lines)
    roles = tuple(parser.roles)
    if parser.name:  # belt and braces: the candidate's name is never an employer
        named = parser.name.lower()
        roles = tuple(
            CvRole(r.title, r.short_title, "", r.dates, r.order)
            if r.employer.lower() == named else r for r in roles
        )
        by_order = {r.order: r for r in roles}
        achievements = [
            Achievement(a.text, by_order.get(a.role.order) if a.role else None, a.project,
                        a.strong_verb)
            for a in achievements
        ]
    return CvProfile(
        roles=roles,
        # "Supervised 2 apprentices", "cut shrinkage by 20%": short, but a thing done.
        achievements=tuple(
            a for a in achievements
            if (len(a.text.split()) >= 5 or (a.strong_verb and len(a.text.split()) >= 3))
            and not heading_kind(a.text.rstrip(":.")) and not inline_heading(a.text)
        ),
        skills=find_skills(full),
        skills_section="\n".join(parser.skills_lines),
        text=full,
        name=parser.name,
    )
