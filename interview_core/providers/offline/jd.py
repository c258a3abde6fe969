"""Reading a job description: its title, sections, duties and skills."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from interview_core.providers.offline.coordination import skills_with_shared_objects
from interview_core.providers.offline.sentences import split_sentences
from interview_core.providers.offline.text import (
    Line,
    _as_heading,
    _heading_table,
    content_tokens,
    excerpt,
    split_lines,
)
from interview_core.providers.offline.vocabulary import (
    SKILLS,
    _phrase_skills,
    is_generic,
    is_vague_phrase,
)
from interview_core.roles import guess_role

# ---------------------------------------------------------------------------
# Job description
# ---------------------------------------------------------------------------
_JD_HEADINGS = _heading_table(
    """
nice: nice to have | nice-to-have | bonus | preferred | pluses | a plus | desirable |
    extra credit | good to have | desirable criteria | desirable skills | preferred qualifications |
    it would be great if
benefits: what we offer | benefits | perks | compensation | salary | we offer |
    why you'll love | how to apply | equal opportunity | what's in it for you
requirements: requirements | qualifications | what we're looking for |
    what we are looking for | about you | who you are | you have | you bring | must have |
    must-have | what you'll need | what you need | what you bring | required | key skills |
    skills | essential | your profile | ideal candidate | you might be a fit | you are |
    person specification | essential criteria | essential skills | criteria | skills and experience |
    experience and skills | experience required | qualifications and experience |
    the ideal candidate | who we're looking for | who we are looking for | what we need |
    what we need from you | what you'll bring | what you will bring | required qualifications |
    minimum qualifications | knowledge skills and experience | competencies
responsibilities: what you'll do | what you will do | responsibilities | the role | your role |
    about the role | what you'll be doing | your impact | in this role | day to day |
    day-to-day | duties | your mission | what you'll work on | you will | you'll | the job |
    key tasks | what you will own | the opportunity | key responsibilities |
    main responsibilities | main duties | key duties | job duties | principal duties |
    duties and responsibilities | responsibilities include | key accountabilities |
    accountabilities | job purpose | role purpose | purpose of the role | the position |
    about the position | your day | a typical day | what the job involves | the job involves |
    main tasks | your responsibilities | role and responsibilities | what you'll be responsible for
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
class Duty:
    """One thing the job involves, as the JD says it."""

    line: str  # the JD line as written
    phrase: str  # its key phrase, <= ~14 words: "plan and teach well-sequenced maths lessons"
    verb: bool  # the phrase starts with a verb in its base form ("plan", "reconcile")
    section: str  # "responsibilities" or "requirements"

    @property
    def words(self) -> frozenset[str]:
        return content_tokens(self.line)


# Not slots: cached_property keeps the derived lookups, asked for on every question and answer.
@dataclass(frozen=True)
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
    duty_items: tuple[Duty, ...] = ()  # the duty and requirement lines worth asking about
    lead_duty: tuple[str, ...] = ()  # skills of the duty the JD lists first

    @property
    def duties(self) -> tuple[str, ...]:
        """Key phrases of the JD's duty and requirement lines, in JD order, duties first:
        "watch cardiac rhythms on telemetry", "calm, kind communication with patients"."""
        return tuple(d.phrase for d in self.duty_items)

    @cached_property
    def _weight_of(self) -> dict[str, float]:
        return dict(self.weights)

    @cached_property
    def _mentions_of(self) -> dict[str, int]:
        return dict(self.mentions)

    @cached_property
    def _phrase_tokens(self) -> tuple[tuple[str, frozenset[str] | None], ...]:
        """Each skill, with the content words a free-text phrase skill needs (None for
        vocabulary skills, which are found by name)."""
        return tuple((s, None if s in SKILLS else content_tokens(s)) for s in self.skills)

    def weight(self, skill: str) -> float:
        return self._weight_of.get(skill, 0.0)

    def stresses(self, skill: str) -> bool:
        """Whether the JD insists on a skill: in the title, or named in two or more lines of
        its requirements and responsibilities (one "clear communication" line is not enough),
        or in the duty it lists first ("Lead, coach and develop the store team")."""
        weight = self.weight(skill)
        return weight >= _SECTION_WEIGHT["title"] or skill in self.lead_duty or (
            self._mentions_of.get(skill, 0) >= 2 and weight >= _SECTION_WEIGHT["responsibilities"]
        )

    @cached_property
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
                first = self.weight(skill) >= _SECTION_WEIGHT["title"] or skill in self.lead_duty
                (hard if first else stressed).append(skill)
        return tuple(hard + stressed)

    @property
    def phrase_skills(self) -> tuple[str, ...]:
        return tuple(s for s in self.skills if s not in SKILLS)

    def skills_in(self, text: str) -> tuple[str, ...]:
        """This JD's skills that the text shows, in JD order."""
        hits = set(skills_with_shared_objects(text, _DUTY_VERBS))  # as the JD was read
        tokens = content_tokens(text)
        return tuple(
            s for s, needed in self._phrase_tokens
            if (s in hits if needed is None else bool(needed) and needed <= tokens)
        )


_REQ_START_RE = re.compile(
    r"^(?:\d+\+?\s*years|experience|proficien|knowledge|familiar|understanding|strong|solid|deep|"
    r"excellent|proven|demonstrated|bachelor|degree|ability|you have|comfortable|fluent|track "
    r"record)",
    re.IGNORECASE,
)


# ---------------------------------------------------------------------------
# Duties: what the job involves, as key phrases a question can name
# ---------------------------------------------------------------------------
# Lines that state a credential rather than something the job involves.
_CREDENTIAL_RE = re.compile(
    r"\b(?:licen[cs]e[ds]?|certif\w*|registration|registered with|degree|bachelor|master'?s|"
    r"diploma|qualified|qualification|status|bls|acls|pgce|qts|dbs|bsc|bsn|msc|cpa|acca|cima|"
    r"aca|right to work|driving|eligib\w*|clearance|salary|pension|holiday|visa)\b"
    r"|^\s*(?:\d+\+?|one|two|three|four|five|six|seven|eight|ten)\b[^.]*\b(?:years?|months?)\b",
    re.IGNORECASE,
)
# Openings that qualify a requirement without naming it: "Strong experience with ...".
_QUALIFIER_RE = re.compile(
    r"^(?:(?:a|an)\s+)?(?:(?:strong|solid|proven|deep|excellent|good|great|clear|secure|"
    r"demonstrable|demonstrated|significant|extensive|hands-on|practical|relevant|previous|"
    r"confident|advanced|working|sound|genuine|real)\s+)*"
    r"(?:(?:experience|knowledge|understanding|record|track record|background|expertise|"
    r"familiarity|proficiency|commitment|passion|interest|skills?)\s+(?:(?:of|in|with|to|for)\s+"
    r"(?:the\s+)?|(?=\w+ing\b)))?",
    re.IGNORECASE,
)
_ABILITY_RE = re.compile(r"^(?:the\s+)?(?:ability|able|willing(?:ness)?)\s+to\s+", re.IGNORECASE)
_LEADS_RE = re.compile(
    r"^(?:you will|you'll|you'd|will|to|we'd like you to|help us|be responsible for|"
    r"responsible for|you are responsible for|you're responsible for)\s+",
    re.IGNORECASE,
)
# Verbs that open a duty line; other lowercase words that look like base verbs count too.
_DUTY_VERBS = frozenset(
    """act adapt administer advise carry analyse analyze answer apply arrange assess assist audit
    build calculate call care champion check clean close coach collaborate collect communicate
    complete conduct contribute coordinate cook count create deliver design develop diagnose
    dispense document draft drive educate engage ensure escalate establish evaluate examine
    execute facilitate file follow foster give greet grow guide handle help hire identify
    implement improve inspect install interpret investigate keep lead liaise load maintain make
    manage mark mentor model monitor motivate negotiate observe operate organise organize own
    pack partner pick plan post precept prepare present prioritise prioritize process produce
    promote prospect provide put raise read recognise recognize reconcile record recruit reduce
    refer report represent research resolve respond review run safeguard schedule sell serve set
    shape ship solve sort source staff supervise support take teach test track train translate
    treat triage troubleshoot turn update use visit watch welcome work write be measure define
    launch scale sharpen speak meet hit exceed onboard renew forecast budget code debug
    integrate migrate optimise optimize automate configure secure order stock replenish
    dispatch receive unload host book cater attend join bring lift move drive deliver hand
    screen brief draft sell greet check assess coach schedule""".split()
)


_TRAILING_RE = re.compile(
    r"\s+(?:(?:is|are|would be)\s+)?(?:desirable|preferred|a plus|an advantage|a bonus|"
    r"essential|required)\b.*$",
    re.IGNORECASE,
)
_DANGLING = frozenset(
    "such as a an the and or of to with for including in on at by from so that which".split()
)
_CLAUSE_OPENERS = frozenset("so who which that where whose because while".split())


@lru_cache(maxsize=64)
def _mid_sentence_capitals(jd_text: str) -> frozenset[str]:
    """Words the JD capitalises mid-sentence ("in Epic"): names, to keep capitalised. One
    pass per JD, not one search per duty line."""
    return frozenset(re.findall(r"[a-z,] ([A-Z][\w'-]*)", jd_text))


def _key_phrase(text: str, jd_text: str) -> tuple[str, bool]:
    """ "Watch cardiac rhythms on telemetry, recognise ..." -> ("watch cardiac rhythms ...", True)."""
    text = text.strip()
    lead = _YOU_WILL_RE.match(text)  # "Reporting to the GM, you will lead ..." -> "lead ..."
    if lead:
        text = text[lead.end():]
    text = _LEADS_RE.sub("", text)
    ability = _ABILITY_RE.match(text)
    if ability:
        text = text[ability.end() :]
    else:
        text = _QUALIFIER_RE.sub("", text, count=1) or text
    # "... for a safe discharge: medications, wound care" - the part before a colon or dash.
    text = re.split(r":\s|\s-\s|;\s", text, maxsplit=1)[0]
    text = _TRAILING_RE.sub("", text)
    whole = excerpt(text, 40)
    phrase = whole if len(whole.split()) <= 22 else excerpt(text, 14)
    words = phrase.rstrip(" .,;:").split()
    if phrase != whole:
        # A cut inside a clause changes its meaning ("pupils who speak English" for "...who
        # speak English as an additional language"): cut before the clause, or keep it whole.
        opener = next((i for i, w in enumerate(words) if w.lower() in _CLAUSE_OPENERS), -1)
        if opener >= 4:
            words = words[:opener]
        elif opener >= 0 and len(whole.split()) <= 24:
            words = whole.rstrip(" .,;:").split()
    while words and words[-1].lower().strip(",") in _DANGLING:
        words.pop()
    if not words:
        return "", False
    first = words[0].rstrip(",")
    verb = first.lower() in _DUTY_VERBS or (
        first.lower().endswith("ly") and len(words) > 1 and words[1].lower() in _DUTY_VERBS
    )  # "clinically screen prescriptions"
    # Lower-case the first word unless the JD writes it capitalised mid-sentence ("in Epic").
    proper = first in _mid_sentence_capitals(jd_text)
    # "Microsoft Excel", "Ward Manager": a capitalised pair is a name; keep it as written.
    named = len(words) > 1 and words[1][:1].isupper()
    if len(first) > 1 and first[1:2].islower() and not proper and not named:
        words[0] = words[0][0].lower() + words[0][1:]
    return " ".join(words).rstrip(","), verb


_HEADER_LINK_WORDS = frozenset("at with for of and the in & - | / , ( ) – —".split())


def is_header_line(line: str, title: str = "", company: str = "") -> bool:
    """A JD's title line, not something the job involves: "Ward Manager at St Mary's
    Hospital.", "Approved Electrician - Northern Housing Trust", "Head Chef"."""
    text = line.strip().rstrip(".:!")
    if not text:
        return True
    words = [w.strip(",()") for w in text.split()]
    words = [w for w in words if w]
    # Every word a name, a number or a link word: a header ("Registered Nurse - ED").
    if words and all(
        w.lower() in _HEADER_LINK_WORDS or w[:1].isupper() or w[:1].isdigit() for w in words
    ) and len(words) >= 2:
        return True
    low = text.lower()
    for name in (title.strip(), company.strip()):
        if name and low.startswith(name.lower()):
            rest = text[len(name):].strip(" ,.-–—|:(")
            head = rest.split()[0].lower() if rest.split() else ""
            if not rest or head in ("at", "with", "for", "in") and is_header_line(rest):
                return True
    return False


# "18th Edition and Gold Card required": named credentials, not a duty to tell a story about.
_NAMED_REQUIREMENT_RE = re.compile(
    r"^(?:(?:[A-Z0-9][\w'/+&-]*|and|or|&|a|an)[\s,]+)+(?:(?:is|are)\s+)?"
    r"(?:required|essential|needed|a must|mandatory)\b\.?$"
)


def _duties(
    responsibilities: list[str], requirements: list[str], jd_text: str, company: str = "",
    title: str = "",
) -> tuple[Duty, ...]:
    found: list[Duty] = []
    seen: set[str] = set()
    for section, lines in (("responsibilities", responsibilities), ("requirements", requirements)):
        for line in lines:
            employer = company.split()[0].lower() if company.split() else ""
            if _CREDENTIAL_RE.search(line) or _ABOUT_US_RE.match(line) or (
                employer and line.lower().startswith(employer + " ")
            ) or _NAMED_REQUIREMENT_RE.match(line.strip()) or is_header_line(line, title, company):
                continue  # "We are looking for...", "Northgate runs...": about the employer
            for phrase, verb in _list_items(*_key_phrase(line, jd_text)):
                key = phrase.lower()
                shortest = 2 if section == "responsibilities" else 3
                if len(phrase.split()) < shortest or key in seen or len(content_tokens(phrase)) < 2:
                    continue
                seen.add(key)
                found.append(Duty(line=line, phrase=phrase, verb=verb, section=section))
    return tuple(found)


# Verbs that are also nouns, and the words after one that show it is a verb there.
_NOUN_VERBS = frozenset(
    "stock budget support coach care plan document report record model mark order book host "
    "process review test call use file lead turn visit staff source pack load post count update "
    "cook clean code forecast dispatch pick check brief screen hand audit".split()
)
_OBJECT_WORDS = frozenset("the a an our their your all every each new".split())


def _starts_with_verb(part: str) -> bool:
    words = part.split()
    if not words or words[0].lower() not in _DUTY_VERBS:
        return False
    if words[0].lower() not in _NOUN_VERBS:
        return True
    # "coach teachers", "support safeguarding", "lead 4 shift managers": a verb and its
    # object; "stock loss", "stock control", "budget planning": a noun phrase.
    after = words[1].lower() if len(words) > 1 else ""
    return (after in _OBJECT_WORDS or after[:1].isdigit()
            or (after.endswith("s") and not after.endswith("ss")) or after.endswith("ing")
            and after not in ("planning", "setting", "monitoring", "holding"))


def _and_list(parts: list[str]) -> str:
    """ "rostering", "audits", "patient safety", "budget" -> "rostering, audits, patient
    safety and budget": a list said aloud ends with "and"."""
    if len(parts) < 2 or re.search(r"(?:^|\s)(?:and|or)\s", parts[-1]):
        return ", ".join(parts)
    # "health and safety, and budgets": a part with its own "and" keeps the list readable.
    last = ", and " if any(" and " in p for p in parts) else " and "
    return ", ".join(parts[:-1]) + last + parts[-1]


def _list_items(phrase: str, verb: bool) -> list[tuple[str, bool]]:
    """A duty line that lists several things ("Drive sales, manage the rota, coach the team,
    visual merchandising, stock loss") -> each verb part on its own, the nouns together
    ("visual merchandising and stock loss"); a plain list of nouns reads with "and"."""
    parts = [p.strip() for p in re.split(r",\s+(?![^()]*\))", phrase) if p.strip()]
    if len(parts) < 3 or any(len(p.split()) > 8 for p in parts):
        return [(phrase, verb)]
    verbs = [_starts_with_verb(p) for p in parts]
    if sum(verbs) < 2:
        return [(_and_list(parts), verb)]  # "carry out installations, testing, ..."
    items: list[tuple[str, bool]] = []
    nouns: list[str] = []
    for part, is_verb in zip(parts, verbs, strict=True):
        if is_verb:
            items.append((part, True))
        else:
            nouns.append(part)
    if nouns:
        items.append((_and_list(nouns), False))
    return items


_YOU_WILL_RE = re.compile(
    r"^(?:[^.;:]{0,80}?(?:,|\bin this role|\bday to day|\beach day)\s+)?"
    r"(?:you will|you'll|you would|you'd|you are going to|the role involves|your job is to|"
    r"you will be (?:responsible for|expected to))\s+",
    re.IGNORECASE,
)
_ABOUT_US_RE = re.compile(r"^(?:we|we're|our|the company|about)\b", re.IGNORECASE)


def _duty_sentences(sentences: list[str]) -> list[str]:
    """From a JD written as prose: sentences saying what the job holder will do, with the
    lead ("In this role you will") taken off; sentences about the company are left out.
    Other sentences come after, as before, when there are too few of those."""
    duties, others = [], []
    for sentence in sentences:
        if not 4 <= len(sentence.split()) <= 45:
            continue
        lead = _YOU_WILL_RE.match(sentence)
        if lead:
            rest = sentence[lead.end():].strip()
            duties.append(rest[:1].upper() + rest[1:])
        elif not _ABOUT_US_RE.match(sentence):
            others.append(sentence)
    return (duties + others)[:8] if len(duties) < 3 else duties[:8]


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
        # "Lead, coach and develop the team" names leadership too ("lead the team").
        names = [*skills_with_shared_objects(text, _DUTY_VERBS), *_phrase_skills(text, known_phrases)]
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

    guessed_title, guessed_company = guess_role(jd_text)
    title = title.strip() or (guessed_title or "").strip() or _guess_title(lines)
    company = company.strip() or (guessed_company or "").strip()
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
    # A JD with no bullets at all: its sentences about what "you will" do are the duties
    # ("In this role you will own the full sales cycle..."), not the company's blurb.
    if not sections["responsibilities"] and not sections["requirements"]:
        # Line by line: a title line with no full stop is not the start of the first duty.
        sentences = [s for line in lines for s in split_sentences(line.text)]
        sections["responsibilities"] = _duty_sentences(sentences)
    ranked = sorted(weights, key=lambda s: (-weights[s], first_seen[s]))
    duties = _duties(sections["responsibilities"], sections["requirements"], jd_text, company, title)
    lead = next((d.phrase for d in duties if d.section == "responsibilities"), "")
    return JobProfile(
        title=title,
        company=company.strip(),
        skills=tuple(ranked),
        weights=tuple((s, weights[s]) for s in ranked),
        responsibilities=tuple(sections["responsibilities"]),
        requirements=tuple(sections["requirements"]),
        nice_to_have=tuple(sections["nice"]),
        mentions=tuple((s, mentions[s]) for s in ranked if s in mentions),
        duty_items=duties,
        lead_duty=tuple(s for s in skills_with_shared_objects(lead, _DUTY_VERBS) if s in weights),
    )
