"""Guessing a role's title and company from the header of a job description.

Adapters use this to fill in what a user left out; the user can always override it.
Most postings open with a header line such as

    Registered Nurse (RN) – Medical-Surgical Unit — St. Catherine's Regional Medical Center
    Data Engineer (Logistics Platform) at Meridian Freight Ltd.
    Job title: Store Manager            (and "Company: ..." on a later line)
    # Junior Developer                  (and the company alone on the next line)

Rules
* The header is the first of the opening lines that is short (<= 120 characters, <= 16
  words) and not a sentence; labels ("Job title:", "Position:"), Markdown ("#", "**")
  and "We're hiring:" are stripped first, and generic headings ("Job description",
  "About the role") are skipped. Nothing header-like near the top -> (None, None).
* The header is cut into segments at " – ", " — ", " - ", " | ", " · ", " @ " and
  " at " (before a capital). Full stops never cut it, so "St. Catherine's" and
  "Ltd." stay whole.
* The first segment is the title. A department or unit segment ("Medical-Surgical
  Unit", "Housing Team", "Ward 7", "Year 4") is part of the job, so it joins the title
  after a comma: "Registered Nurse (RN), Medical-Surgical Unit". A short parenthetical
  stays ("(RN)", "(Logistics Platform)"); one that only says how or where the job is
  worked ("(Remote)", "(m/f/d)", "(Full-time)") is dropped.
* The company is the segment that names an organisation (a cue such as Inc, Ltd, LLC,
  GmbH, Hospital, Medical Center, School, Academy, Council, Trust, Bank, Group, Labs,
  Health, Foods, Logistics...), else the first segment after the title that is not a
  department, a work pattern or a salary (postings run "Title – Company – City"). When
  the header names no company, a short line under it, a "Company:" label or an "About
  <Name>" heading can. A company keeps the full stop of its abbreviation, as written:
  "Meridian Freight Ltd.", "Mt. Hood Software Inc.".
"""

from __future__ import annotations

import re

_MAX_HEADER = 120
_MAX_WORDS = 16
_TOP_LINES = 6  # how many non-empty opening lines may hold the header
_ABOUT_LINES = 20  # how far to look for an "About <Company>" heading

_CHAR_MAP = str.maketrans(
    {"\u00a0": " ", "\u2009": " ", "\u202f": " ", "\t": " ", "\u2018": "'", "\u2019": "'",
     "\u201c": '"', "\u201d": '"', "\u2012": "\u2013", "\u2015": "\u2014", "\r": "\n"}
)
_SEPARATORS = re.compile(r"\s+(?:\u2014|\u2013|-|\||\u00b7|\u2022|@)\s+|\s+at\s+(?=[A-Z0-9])")
_COMMA = re.compile(r",\s+(?!(?:Inc|Ltd|LLC|LLP|L\.L\.C|Co|Corp|PLC|plc|GmbH|AG|S\.A|Pty)\b)")
_TITLE_LABEL = re.compile(
    r"^(?:job\s+title|job\s+role|title|role|position|post|vacancy|opening|job)"
    r"\s*(?::|\s[\u2013\u2014-]\s)\s*",
    re.IGNORECASE,
)
_COMPANY_LABEL = re.compile(
    r"^(?:company|employer|organi[sz]ation|hiring\s+company|client|school|hospital|trust|"
    r"business)\s*:\s*",
    re.IGNORECASE,
)
_OTHER_LABEL = re.compile(r"^[A-Za-z][A-Za-z /&'-]{1,30}:\s")  # "Location: ...", "Salary: ..."
_HIRING = re.compile(
    r"^(?:we(?:'re| are)\s+hiring|now\s+hiring|hiring|job\s+opening|vacancy|job\s+advert)"
    r"\s*[:!\u2013\u2014-]\s*",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^(?:[-*+\u2022\u25aa\u25cf]|\d{1,2}[.)])\s+")
_GENERIC = frozenset(
    "job description|job advert|job advertisement|job posting|job opportunity|vacancy|careers|"
    "we're hiring|we are hiring|now hiring|hiring|about the role|about the job|about the "
    "position|about you|about us|the role|the job|overview|role overview|job overview|summary|"
    "job summary|position summary|description|responsibilities|key responsibilities|"
    "requirements|qualifications|what you'll do|what you will do|who you are|benefits|perks|"
    "person specification|main duties|duties|skills|how to apply|apply now|contact".split("|")
)
# A sentence, not a header: pronouns and auxiliary verbs written in lower case.
_SENTENCE_WORDS = re.compile(
    r"\b(?:we|we're|we've|you|you'll|you're|our|us|is|are|was|were|will|would|looking|"
    r"seeking|join|hiring|recruiting|wants?|needs?)\b"
)
_ABBREVIATION_END = re.compile(
    r"\b(?:Inc|Ltd|Co|Corp|Cos|Bros|Plc|LLC|LLP|Pty|Dr|St|Mt|Jr|Sr|S\.A|L\.L\.C|U\.S|U\.K)\.$"
)
_ORG_CUES = re.compile(
    r"\b(?:inc|incorporated|ltd|limited|llc|l\.l\.c|llp|plc|gmbh|sarl|pty|corp|"
    r"(?-i:AG|LP|BV|NV|S\.A|Co(?!-))|"
    r"corporation|company|group|holdings|partners|partnership|associates|labs?|technologies|"
    r"technology|systems|solutions|software|studios?|media|health|healthcare|hospitals?|"
    r"medical\s+(?:center|centre|group)|clinic|infirmary|hospice|pharmacy|nhs|trust|foundation|"
    r"charity|school|academy|college|university|institute|district|council|authority|agency|"
    r"department\s+(?:of|for)|ministry|county|borough|city\s+of|state\s+of|bank|capital|"
    r"financial|insurance|foods?|logistics|freight|transport|airlines?|airways|hotels?|resorts?|"
    r"inn|pub|restaurants?|caf[eé]|coffee|bakery|brewery|retail|stores|supermarkets?|markets|"
    r"motors|energy|pharma|pharmaceuticals|consulting|consultancy|industries|manufacturing|"
    r"centre|center|co-op|cooperative|& sons|& co)\b\.?",
    re.IGNORECASE,
)
# A department or unit of the employer: part of the job, so part of the title.
_DEPARTMENT = re.compile(
    r"(?:\b(?:unit|ward|department|dept\.?|team|division|platform|squad|function|desk|floor|"
    r"wing|theatres?|icu|a&e|shift|practice\s+area)$|^(?:year|key\s+stage|ks|band|grade|level)"
    r"\s*\d+\b|\b(?:ward|bay|unit)\s+\d+$)",
    re.IGNORECASE,
)
# How or where the job is worked, or what it pays: neither title nor company.
_WORK_PATTERN = re.compile(
    r"^(?:remote|hybrid|on-?site|in-?office|full[- ]?time|part[- ]?time|permanent|contract|"
    r"temporary|temp|fixed[- ]term|freelance|maternity\s+cover|interim|m/f/d|m/w/d|f/m/d|"
    r"w/m/d|all\s+genders|nights?|days|weekends?|immediate\s+start)\b|[$€£]\s?\d|\d+k\b",
    re.IGNORECASE,
)
_PARENTHETICAL = re.compile(r"\s*\(([^()]{1,60})\)")
_SPACES = re.compile(r"\s+")


def _clean(raw: str) -> str:
    """One line without Markdown heading marks, emphasis or a bullet."""
    line = raw.strip().lstrip("#").strip()
    line = line.replace("**", "").replace("__", "").strip().strip("*_").strip()
    return _SPACES.sub(" ", line)


def _is_sentence(line: str) -> bool:
    if line.endswith(("!", "?")) or (line.endswith(".") and not _ABBREVIATION_END.search(line)):
        return True
    return bool(_SENTENCE_WORDS.search(line))


def _is_header(line: str) -> bool:
    return (
        0 < len(line) <= _MAX_HEADER
        and len(line.split()) <= _MAX_WORDS
        and not _BULLET.match(line)
        and not _is_sentence(line)
        and line.rstrip(":").strip().lower() not in _GENERIC
        and any(c.isalpha() for c in line)
    )


def _tidy(part: str) -> str:
    """Trims a segment; a closing full stop goes unless it ends an abbreviation."""
    part = part.strip(" ,;:-\u2013\u2014|\u00b7")
    if part.endswith(".") and not _ABBREVIATION_END.search(part):
        part = part[:-1].rstrip()
    return part


def _is_org(segment: str) -> bool:
    return bool(_ORG_CUES.search(segment)) and not _DEPARTMENT.search(segment)


def _is_department(segment: str) -> bool:
    return bool(_DEPARTMENT.search(_PARENTHETICAL.sub("", segment).strip()))


def _strip_parentheticals(text: str, keep: bool) -> tuple[str, list[str]]:
    """Drops work-pattern parentheticals; with keep=False drops all. -> (text, org names
    found in parentheses, e.g. "Staff Accountant (Harbor & Pine LLP)")."""
    orgs: list[str] = []

    def replace(match: re.Match[str]) -> str:
        inner = match.group(1).strip()
        if _is_org(inner) and not _is_department(inner):
            orgs.append(inner)
            return ""
        if not keep or _WORK_PATTERN.search(inner) or len(inner.split()) > 4:
            return ""
        return match.group(0)

    return _SPACES.sub(" ", _PARENTHETICAL.sub(replace, text)).strip(), orgs


def _split_header(line: str) -> tuple[str | None, str | None]:
    """(title, company) from one header line."""
    segments = [s for s in (_tidy(p) for p in _SEPARATORS.split(line)) if s]
    if not segments:
        return None, None
    first, in_parentheses = _strip_parentheticals(segments[0], keep=True)
    pieces = [_tidy(p) for p in _COMMA.split(first)]
    named: str | None = None  # a segment after a separator that names an organisation
    fallback: str | None = None
    units: list[str] = []
    for segment in segments[1:]:
        text, inner = _strip_parentheticals(segment, keep=False)
        in_parentheses += inner
        if not text or _WORK_PATTERN.search(text):
            continue
        if _is_department(text):
            units.append(text)
        elif _is_org(text):
            named = named or _company_part(text)
        elif fallback is None:
            fallback = _company_part(text)
    # "Teacher of Mathematics, Oakwood Academy": a comma may part title and company, unless
    # a later segment names the company ("Staff Nurse, Mental Health – St. Ann's Hospital").
    after_comma = next((p for p in pieces[1:] if _is_org(p)), None)
    if named or in_parentheses:
        after_comma = None
    title_parts = [p for p in pieces if p and p != after_comma] + units
    title = _tidy(", ".join(title_parts)) or None
    company = named or (in_parentheses[0] if in_parentheses else None) or after_comma
    return title, company or fallback


def _company_part(segment: str) -> str:
    """"Brackenridge Foods Ltd, Gloucester" -> "Brackenridge Foods Ltd"."""
    pieces = [_tidy(p) for p in _COMMA.split(segment)]
    named = [p for p in pieces if _is_org(p)]
    return _tidy(named[0] if named else pieces[0])


def _company_line(line: str) -> str | None:
    """A line right under the title that names only the company."""
    line = _COMPANY_LABEL.sub("", line)
    if not line or len(line) > 80 or not _is_header(line) or _ABOUT.match(line):
        return None
    segments = [_tidy(p) for p in _SEPARATORS.split(line)]
    named = [s for s in segments if s and _is_org(s) and not _WORK_PATTERN.search(s)]
    if named:
        return _company_part(_strip_parentheticals(named[0], keep=False)[0])
    words = line.split()
    # An uncued name must look like one: 2-6 capitalised words, no digits, no separators.
    if (len(segments) == 1 and 2 <= len(words) <= 6 and not any(c.isdigit() for c in line)
            and all(w[0].isupper() or w in ("&", "of", "and", "the", "de") for w in words)
            and not _WORK_PATTERN.search(line) and "," not in line):
        return _tidy(line)
    return None


_ABOUT = re.compile(r"^about\s+(?!us\b|you\b|the\s+(?:role|job|team|position)\b)(.{2,60})$",
                    re.IGNORECASE)


def _about_company(lines: list[str]) -> str | None:
    """"## About Northwind Labs" names the company when the header did not."""
    for line in lines[:_ABOUT_LINES]:
        found = _ABOUT.match(_clean(line))
        if found and not _is_sentence(found.group(1)):
            return _tidy(found.group(1))
    return None


# "Ward Manager at St Mary's Hospital. Lead a team of 20 nurses...": no header line, but
# the first sentence opens with a capitalised title, "at", and a capitalised name.
_CAPITALISED = r"[A-Z][\w'’&/-]*"
_LINKING = r"(?:of|and|&|the|de|in|for)"
_TITLE_AT = re.compile(
    rf"^(?P<title>{_CAPITALISED}(?:\s+(?:{_CAPITALISED}|{_LINKING})){{0,5}})\s+(?:at|with)\s+"
    rf"(?P<company>(?:the\s+)?{_CAPITALISED}(?:\s+(?:{_CAPITALISED}|{_LINKING})){{0,6}})"
    r"(?=\s*(?:[.,;:!?(\u2013\u2014-]|$))"
)


def _title_at_company(lines: list[str]) -> tuple[str | None, str | None]:
    for raw in lines:
        line = _HIRING.sub("", _clean(raw))
        found = _TITLE_AT.match(line)
        if found and not _SENTENCE_WORDS.search(found.group("title")):
            company = _tidy(found.group("company"))
            return _tidy(found.group("title")), company or None
    return None, None


def guess_role(jd_text: str) -> tuple[str | None, str | None]:
    """(title, company) from the header of a JD; either may be None (see module doc)."""
    lines = [ln for ln in (jd_text or "")[:20_000].translate(_CHAR_MAP).split("\n") if ln.strip()]
    title: str | None = None
    company: str | None = None
    header_at: int | None = None
    for i, raw in enumerate(lines[:_TOP_LINES]):
        line = _HIRING.sub("", _clean(raw))
        labelled = _COMPANY_LABEL.match(line)
        if labelled:
            company = company or _tidy(line[labelled.end():]) or None
            continue
        title_label = _TITLE_LABEL.match(line)
        if title_label:
            line = line[title_label.end():]
        elif title is not None or _OTHER_LABEL.match(line):
            continue
        if title is None and _is_header(line):
            title, in_header = _split_header(line)
            company = company or in_header
            header_at = i
    if title is None:
        title, company = _title_at_company(lines[:_TOP_LINES])
        if title is None:
            return None, None
        return title, company
    if header_at is not None and (company is None or not _is_org(company)):
        # "Domiciliary Care Worker – Harrogate & Knaresborough" then "Homewise Care Ltd": a
        # place after the dash, the employer on the next line, which names an organisation.
        for raw in lines[header_at + 1 : header_at + 3]:
            below = _company_line(_clean(raw))
            if below and (company is None or _is_org(below)):
                company = below
                break
    return title, company or _about_company(lines)
