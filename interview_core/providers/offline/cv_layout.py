"""The shapes a CV line takes, whatever the job: headings (whole lines or inline, "Skills:
triage, Epic"), durations ("6 years", "5+ yrs", "18 months"), a role written as a sentence
("Warehouse Team Leader, 5 years at FastFreight Logistics."), the things done after a role.

A duration is never an employer and a heading never a piece of work: cv.py asks here.
"""

from __future__ import annotations

import re

from interview_core.providers.offline.sentences import split_sentences
from interview_core.providers.offline.text import Line, _heading_kind, _heading_table

CV_HEADINGS = _heading_table(
    """
experience: work experience | professional experience | experience | employment | work |
    jobs | roles | career highlights | selected experience | experience highlights |
    employment history | work history | career history | career | relevant experience |
    positions held
projects: projects | selected projects | side projects | personal projects | key projects |
    open source | open-source | portfolio | key achievements | achievements | accomplishments |
    selected work
skills: skills | technical skills | core skills | key skills | competencies |
    core competencies | technologies | tech stack | tools | expertise | toolbox
summary: summary | profile | about me | about | objective | professional summary |
    personal statement
education: education | academic background | certifications | certificates | courses |
    training | honors | honours | awards | honors & awards | publications | community |
    volunteering | volunteer | extracurricular | extracurricular activity |
    extracurricular activities | activities | leadership and activities | interests | hobbies |
    references | languages | qualifications
"""
)

# Past-tense verbs that open a strong CV bullet or an answer's key sentence.
IRREGULAR_PAST = frozenset(
    "built led ran wrote cut grew drove made won took set began spoke taught brought sold bought "
    "held kept found gave shipped rebuilt rewrote split oversaw undertook overhauled spun "
    "stood".split()
)
WEAK_VERBS = frozenset(
    "did had was were got used seemed wanted liked needed tried guess guessed think thought felt "
    "started helped worked".split()
)


def is_past_verb(word: str) -> bool:
    w = word.lower()
    if w in WEAK_VERBS:
        return False
    return w in IRREGULAR_PAST or (len(w) > 4 and w.endswith("ed"))


# ---------------------------------------------------------------------------
# Durations: how long, never who or where
# ---------------------------------------------------------------------------
_NUMBER = r"(?:\d{1,2}(?:\.\d)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
DURATION_RE = re.compile(
    rf"\b(?:(?:over|more than|nearly|almost|about|around|circa)\s+)?{_NUMBER}\s*\+?\s*"
    r"(?:years?|yrs?|months?|mos?)\b(?:'s?|\u2019s?)?\+?(?:\s+(?:of\s+)?experience\b)?",
    re.IGNORECASE,
)
_LEFT_PUNCT_RE = re.compile(r"\s*[,;:.]\s*(?=[,;:.])|^\s*[,;:.\-]\s*|\s*[,;:.\-]\s*$")


def drop_durations(text: str) -> str:
    """ "Registered Nurse, 6 years. St Mary's Hospital" -> "Registered Nurse, St Mary's
    Hospital"; "8 years: Teacher of Mathematics" -> "Teacher of Mathematics"."""
    if not DURATION_RE.search(text):
        return text
    text = DURATION_RE.sub(" ", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*[,;:.]\s*(?:[,;:.]\s*)+", ", ", text)  # ", ." left where it was
    text = re.sub(r"\s+([,;:.])", r"\1", text)
    return _LEFT_PUNCT_RE.sub("", text).strip()


def is_duration(text: str) -> bool:
    """Nothing but a duration (and dates or filler): "6 years", "(18 months)"."""
    bare = DURATION_RE.sub(" ", text)
    bare = re.sub(r"\b(?:19|20)\d{2}\b|\b(?:since|for|in|total|approx|full[- ]time|part[- ]time)\b",
                  " ", bare, flags=re.IGNORECASE)
    return bool(DURATION_RE.search(text)) and not re.search(r"[A-Za-z]{2,}", bare)


# ---------------------------------------------------------------------------
# Headings written inline: "Skills: triage, Epic", "Experience: Shift Supervisor, ..."
# ---------------------------------------------------------------------------
_INLINE_RE = re.compile(r"^([A-Za-z][A-Za-z &'/-]{1,40}?)\s*:\s+(\S.*)$")
_MID_LINE_RE = re.compile(r"(?<=[.!?;])\s+(?=[A-Z][A-Za-z &'/-]{1,40}?:\s)")


def heading_kind(text: str) -> str | None:
    """The CV section a short text names ("Key skills" -> "skills"), else None."""
    return _heading_kind(text.replace("&", " and "), CV_HEADINGS, False)


def inline_heading(text: str) -> tuple[str, str] | None:
    """ "Skills: triage, Epic" -> ("skills", "triage, Epic"); None when the part before the
    colon is not a CV heading ("Led the audit: falls down 30%")."""
    found = _INLINE_RE.match(text)
    if not found:
        return None
    kind = heading_kind(found.group(1))
    return (kind, found.group(2).strip()) if kind else None


def split_inline_headings(lines: list[Line]) -> list[Line]:
    """A paragraph that runs into its Skills ("... Run the maths club. Skills: safeguarding,
    ...") is two lines: the heading starts a line of its own."""
    out: list[Line] = []
    for line in lines:
        if line.bullet or ":" not in line.text:
            out.append(line)
            continue
        pieces = _MID_LINE_RE.split(line.text)
        kept = [pieces[0]]
        for piece in pieces[1:]:
            if inline_heading(piece):
                kept.append(piece)
            else:
                kept[-1] = f"{kept[-1]} {piece}"
        out.append(Line(kept[0], line.bullet, line.heading_level, line.blank_before))
        out.extend(Line(piece, False, 0, False) for piece in kept[1:])
    return out


# ---------------------------------------------------------------------------
# A role written as a sentence, with a duration and no dates
# ---------------------------------------------------------------------------
_NAME_WORD_RE = re.compile(r"(?:[A-Z0-9][\w'&.\-]*|of|and|the|de|&|for|St\.?)$")
_AFTER_RE = re.compile(r"^\s*(?:(?:at|with|for)\s+|[,.;:\-]\s*)(\S.*)$")


def _name_like(segment: str) -> bool:
    words = segment.split()
    return 0 < len(words) <= 7 and words[0][:1].isupper() and all(
        _NAME_WORD_RE.match(w.strip(",.()")) for w in words)


def undated_role(text: str) -> tuple[str, str, str, str] | None:
    """ "Secondary Maths Teacher, 8 years at Riverside Academy. Teach GCSE ..." ->
    (title, employer, duration, what follows); None when the line is not a role in that
    shape: a summary ("Warehouse Supervisor with 10+ years in logistics") is not."""
    sentences = split_sentences(text)
    if not sentences:
        return None
    first = sentences[0]
    found = DURATION_RE.search(first)
    if not found:
        return None
    title = first[: found.start()].rstrip()
    if not title.endswith((",", ":", "-", "(", "|")):
        return None  # "Supervisor with 10 years": a summary, not a title and a duration
    title = title.rstrip(",:-(| ")
    after = first[found.end():].strip().rstrip(".")
    rest = sentences[1:]
    employer = ""
    if after:
        follows = _AFTER_RE.match(" " + after if after[:1].isalpha() else after)
        segment = re.split(r",\s+|\s+\(", follows.group(1))[0] if follows else ""
        employer = segment if _name_like(segment) else ""
    elif rest:
        # "Registered Nurse, 6 years. St Mary's Hospital, surgical ward. Led ..."
        head, sep, tail = (re.split(r"(,\s+|:\s+|\s+\()", rest[0], maxsplit=1) + ["", ""])[:3]
        if _name_like(head.rstrip(".")):
            employer = head.rstrip(".")
            # What follows a colon is what they did; ", surgical ward" is only context.
            tail = tail.split(":", 1)[1] if sep.strip() != ":" and ":" in tail else tail
            keep = sep.strip() == ":" or ":" in rest[0]
            rest = ([tail.strip()] if keep and tail.strip() else []) + rest[1:]
    if not employer:
        return None
    return title, employer, found.group(0), " ".join(rest)


# ---------------------------------------------------------------------------
# The things done after a role's dates
# ---------------------------------------------------------------------------
def detail_items(details: str) -> list[str]:
    """ "surgical ward, 28 beds, mentored 6 students, led the falls audit (falls down 30%)."
    -> each thing done on its own, the context before them as one more: a CV line that
    lists achievements after a role's dates. Each sentence is one at least."""
    details = details.strip()
    if not details:
        return []
    items: list[str] = []
    sentences = split_sentences(details)
    for sentence in sentences:
        if inline_heading(sentence):
            continue  # "Skills: Excel, Sage": never a piece of work
        pieces = re.split(r",\s+(?![^()]*\))", sentence.rstrip("."))
        start = len(items)
        for piece in pieces:
            first = piece.split()[0].strip("(,.") if piece.split() else ""
            if len(items) > start and not is_past_verb(first):
                items[-1] = f"{items[-1]}, {piece}"  # "28 beds" stays with "surgical ward"
            else:
                items.append(piece)
    if len(items) == 1 and len(sentences) == 1:
        return [details]
    return [item[:1].upper() + item[1:] + "." for item in items if item.strip()]
