"""Job-title words, and the candidate's name at the top of a CV (never an employer)."""

from __future__ import annotations

import re

from interview_core.providers.offline.text import Line

_TITLE_WORDS = frozenset(
    "engineer developer programmer architect manager lead head director analyst scientist "
    "designer consultant specialist coordinator intern founder co-founder cofounder officer "
    "administrator associate representative executive marketer strategist sre vp president "
    "researcher owner advisor trainee accountant recruiter partner writer editor technician agent "
    "assistant principal staff cto ceo cfo coo member controller planner buyer teacher instructor "
    "tester devops programme program nurse pharmacist chef cook electrician carer worker clerk "
    "supervisor operative driver midwife therapist physiotherapist paramedic doctor surgeon "
    "dentist plumber carpenter joiner mechanic bookkeeper cashier receptionist housekeeper "
    "waiter barista bartender porter cleaner headteacher lecturer tutor practitioner counsellor "
    "caseworker leader apprentice foreman steward auditor paralegal solicitor".split()
)


# Words that make a line an organisation, a place or a heading, never a person's name.
_NOT_NAME_WORDS = frozenset(
    "hospital hospitals school academy college university ltd limited inc llc llp plc co corp "
    "group foods food care home homes trust council pharmacy restaurant hotel services service "
    "solutions software systems clinic centre center bank logistics retail store stores "
    "electrical kitchen bakery cafe nhs primary infirmary partners company consulting studio "
    "labs health healthcare agency department ward unit team curriculum vitae cv resume "
    "experience profile summary skills education".split()
)
_NAME_WORD_RE = re.compile(r"[A-Z][A-Za-z'.\-]*|(?:de|da|van|von|der|bin|al|el|la|le|di)")
_HONORIFIC_RE = re.compile(r"^(?:dr|mr|mrs|ms|miss|mx|prof)\.?\s+", re.IGNORECASE)
_CREDENTIAL_WORD_RE = re.compile(r"\(?[A-Z][A-Za-z]{0,9}\)?")


def candidate_name(lines: list[Line]) -> str:
    """The candidate's name when the CV opens with it ("Amina Yusuf", "LIAM MURPHY",
    "Dr Ahmed Khan", "Fatima Ali, RN"), else "". A name is never an employer or a title."""
    if not lines:
        return ""
    line = lines[0]
    text = line.text.strip().rstrip(":")
    if line.bullet or len(text) > 60 or re.search(r"[\d@/|:]", text):
        return ""
    main, *credentials = [part.strip() for part in text.split(",")]
    for part in credentials:  # "RN", "BSc (Hons)", "ACCA"
        words = part.split()
        if not 1 <= len(words) <= 3 or not all(_CREDENTIAL_WORD_RE.fullmatch(w) for w in words):
            return ""
    main = _HONORIFIC_RE.sub("", main)
    words = main.split()
    if not 2 <= len(words) <= 4 or not all(_NAME_WORD_RE.fullmatch(w) for w in words):
        return ""
    bare = {w.strip(".'").lower() for w in words}
    if bare & (_NOT_NAME_WORDS | _TITLE_WORDS) or "&" in main:
        return ""
    return main
