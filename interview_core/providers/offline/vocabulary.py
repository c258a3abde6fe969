"""The skill vocabulary (data/skills.txt), finding skills in text, skill families, and
telling software terms (data/software_words.txt) from everything else.

docs/vocabulary.md describes the data files and how to extend them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources

from interview_core.providers.offline.caching import text_cache
from interview_core.providers.offline.text import _STOP, content_tokens

_DATA = resources.files(__package__).joinpath("data")
_VOCABULARY = _DATA.joinpath("skills.txt").read_text("utf-8")


SOFT_DOMAINS = frozenset({"soft", "people"})
SOFTWARE_DOMAINS = frozenset({"software", "data", "devops"})

# Which skills lend context to an ambiguous alias ("?telemetry"): the software domains count
# as one group, every other domain is its own; skills found in any field of work lend none.
_CONTEXT_GROUP = {"software": "tech", "data": "tech", "devops": "tech"}
_NEUTRAL_DOMAINS = SOFT_DOMAINS | {"office"}

# A shared family makes two skills related only while it is this small (all its narrower
# skills counted): "Accounting software" relates Xero to NetSuite, nothing relates everything.
SPECIFIC_FAMILY_SIZE = 8


@dataclass(frozen=True, slots=True)
class Skill:
    name: str
    domain: str
    parents: tuple[str, ...] = ()  # direct broader skills, from "> Parent, Parent"

    @property
    def soft(self) -> bool:
        return self.domain in SOFT_DOMAINS


class VocabularyError(ValueError):
    """data/skills.txt or data/software_words.txt breaks its own format rules."""


def _entries(table: str) -> list[str]:
    """Logical lines: comments and blanks dropped, indented continuation lines joined."""
    entries: list[str] = []
    for raw in table.splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if raw[:1].isspace() and entries:
            entries[-1] = f"{entries[-1].rstrip().rstrip(',')}, {raw.strip()}"  # wrapped aliases
        else:
            entries.append(raw.strip())
    return entries


@dataclass(slots=True)
class _Aliases:
    """Alias -> skill names. One name: the alias always means it. Several names, or one name
    written "?alias": the text around the alias decides (see _resolve)."""

    loose: dict[str, tuple[str, ...]]  # lower-cased alias -> names
    exact: dict[str, tuple[str, ...]]  # case-sensitive alias -> names
    ambiguous: set[tuple[bool, str]]  # (exact?, alias) needing context

    def add(self, alias: str, name: str, where: str) -> None:
        ambiguous = alias.startswith("?")
        alias = alias.removeprefix("?")
        exact = alias.startswith("=")
        alias = alias.removeprefix("=").strip()
        if not alias:
            return
        if ">" in alias or "|" in alias:
            raise VocabularyError(f"{where}: stray '>' or '|' in alias {alias!r}")
        table = self.exact if exact else self.loose
        key = alias if exact else alias.lower()
        names = table.get(key, ())
        if name in names:
            return
        if names and ((exact, key) not in self.ambiguous or not ambiguous):
            raise VocabularyError(
                f"{where}: alias {alias!r} already means {names[0]!r}; "
                "write it as '?alias' under every skill it can mean"
            )
        table[key] = (*names, name)
        if ambiguous:
            self.ambiguous.add((exact, key))


def _fold(alias: str) -> str:
    """An alias as it is matched: "=Chef" exactly, "payments" in any case."""
    return alias if alias.startswith("=") else alias.lower()


def _parse_vocabulary(table: str) -> tuple[dict[str, Skill], _Aliases]:
    """-> (skills by name, aliases). Format: data/skills.txt's header, docs/vocabulary.md."""
    skills: dict[str, Skill] = {}
    aliases = _Aliases({}, {}, set())
    domain = "software"
    pending: list[tuple[str, str, str]] = []  # (alias, name, where), added once all are read
    for line in _entries(table):
        if line.startswith("[") and line.endswith("]"):
            domain = line[1:-1].strip()
            continue
        body, _, family = line.partition(">")
        head, _, tail = body.partition("|")
        head = head.strip()
        name = head.lstrip("=").strip()
        if not name or name in skills:
            raise VocabularyError(f"skill {name!r} is empty or listed twice")
        parents = tuple(p.strip() for p in family.split(",") if p.strip())
        skills[name] = Skill(name, domain, parents)
        tails = [a.strip() for a in tail.split(",")]
        # The name is an alias too, unless a "?name" in its own list makes it context-bound.
        if _fold(head) not in {_fold(a[1:]) for a in tails if a.startswith("?")}:
            pending.append((head, name, name))
        pending.extend((a, name, name) for a in tails if a)
    for alias, name, where in pending:
        aliases.add(alias, name, where)
    for key, names in [*aliases.loose.items(), *aliases.exact.items()]:
        if len(names) > 1 and len({skills[n].domain for n in names}) < len(names):
            raise VocabularyError(f"'?{key}' means {names}: senses must be in different domains")
    for skill in skills.values():
        for parent in skill.parents:
            if parent not in skills:
                raise VocabularyError(f"{skill.name!r}: unknown family {parent!r}")
    return skills, aliases


SKILLS, _ALIASES = _parse_vocabulary(_VOCABULARY)
# Kept for callers that read them: the aliases that always mean one skill.
_LOOSE_ALIASES = {k: v[0] for k, v in _ALIASES.loose.items() if (False, k) not in _ALIASES.ambiguous}
_EXACT_ALIASES = {k: v[0] for k, v in _ALIASES.exact.items() if (True, k) not in _ALIASES.ambiguous}


def _closure(
    skills: dict[str, Skill],
) -> tuple[dict[str, tuple[str, ...]], dict[str, frozenset[str]]]:
    """-> (every broader skill of each skill, nearest first; every narrower skill of each)."""
    up: dict[str, tuple[str, ...]] = {}
    for name, skill in skills.items():
        order: list[str] = []
        frontier, path = list(skill.parents), {name}
        while frontier:
            parent = frontier.pop(0)
            if parent == name:
                raise VocabularyError(f"family loop through {name!r}")
            if parent in path:
                continue
            path.add(parent)
            order.append(parent)
            frontier.extend(skills[parent].parents)
        up[name] = tuple(order)
    down: dict[str, set[str]] = {name: set() for name in skills}
    for name, parents in up.items():
        for parent in parents:
            down[parent].add(name)
    return up, {name: frozenset(members) for name, members in down.items()}


_FAMILIES, _MEMBERS = _closure(SKILLS)


def _trie_pattern(words: list[str]) -> str:
    """One regex for many literals, shaped as a prefix trie: Python's engine otherwise
    tries a 1,000-way alternation at every position, which is ~50x slower."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Optional when a shorter alias ends here; the greedy "?" still prefers the longer one.
        return f"(?:{body})?" if ends else body

    return render(trie)


# Word-ish boundaries that also treat + # . / & - as part of a name: "C++" and "CI/CD"
# match whole, "R&D" and "R.O.K" do not match "R", "Go-to-market" does not match "Go".
_START = r"(?<![\w+#@&/.])"
_END = r"(?![\w+#&]|-to\b|\.\w|/\w)"
_END_RE = re.compile(_END)


def _alias_regex(aliases: Iterable[str], flags: int) -> re.Pattern[str]:
    """One regex for a few hundred literals; a failed boundary backtracks into shorter ones."""
    keys = [a.lower() for a in aliases] if flags & re.IGNORECASE else list(aliases)
    return re.compile(rf"{_START}(?:{_trie_pattern(keys)}){_END}", flags)


class _LooseMatcher:
    """Leftmost-longest matching of thousands of case-blind aliases, as one trie regex of all
    of them would do, at a third of the compile time (which is most of the import time).

    The regex holds only the aliases' first words; each hit is then extended, longest alias
    first, to a whole alias that ends on a word boundary. Aliases whose first word is a
    prefix of the hit's ("data" inside "data-driven") are tried too, so a failed long name
    still falls back to a shorter one, as the trie's backtracking would."""

    def __init__(self, aliases: Iterable[str]) -> None:
        by_first: dict[str, list[str]] = {}
        for alias in aliases:
            by_first.setdefault(alias.split(" ", 1)[0], []).append(alias)
        self._candidates = {
            word: sorted(
                (a for i in range(1, len(word) + 1) for a in by_first.get(word[:i], ())),
                key=len,
                reverse=True,
            )
            for word in by_first
        }
        self._first = re.compile(rf"{_START}(?:{_trie_pattern(sorted(by_first))}){_END}")

    def spans(self, low: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each alias in lower-cased text, leftmost-longest, not overlapping."""
        search, end_ok, pos = self._first.search, _END_RE.match, 0
        while match := search(low, pos):
            start = match.start()
            for alias in self._candidates[match.group(0)]:
                end = start + len(alias)
                if low.startswith(alias, start) and end_ok(low, end):
                    yield start, end
                    pos = end
                    break
            else:
                pos = start + 1


def _lower(text: str) -> str:
    """Lower case, keeping every character's position ("İ" lowers to two characters)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


_LOOSE = _LooseMatcher(_ALIASES.loose)
_EXACT_RE = _alias_regex(_ALIASES.exact, 0)


# Phrases that contain a skill's name without meaning the skill.
_FALSE_FRIENDS_RE = re.compile(
    r"\b(?:(?:senior|executive) leadership|leadership (?:team|group)s?|rest of|curriculum vitae|"
    r"epic games)\b",
    re.IGNORECASE,
)


def _straight_quotes(text: str) -> str:
    """Curly apostrophes as typed ones, same length ("parents’ evening"). str.replace:
    str.translate with a table is ten times slower on a CV."""
    return text.replace("\u2019", "'").replace("\u2018", "'")


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


# A match: (start, end, the skill names it can mean, whether the text must pick one).
# Plain tuples: a CV yields a few hundred of them per call.
_Hit = tuple[int, int, tuple[str, ...], bool]


def _raw_hits(text: str) -> list[_Hit]:
    """Alias matches, leftmost-longest across the case-blind and case-sensitive aliases."""
    text = _FALSE_FRIENDS_RE.sub(_blank, _straight_quotes(text))
    low = _lower(text)
    loose, exact, ambiguous = _ALIASES.loose, _ALIASES.exact, _ALIASES.ambiguous
    found: list[_Hit] = [
        (start, end, loose[key], (False, key) in ambiguous)
        for start, end in _LOOSE.spans(low)
        for key in (low[start:end],)
    ]
    for match in _EXACT_RE.finditer(text):
        key = match.group(0)
        found.append((match.start(), match.end(), exact[key], (True, key) in ambiguous))
    found.sort(key=lambda h: (h[0], h[0] - h[1]))
    hits: list[_Hit] = []
    for hit in found:
        if not hits or hit[0] >= hits[-1][1]:
            hits.append(hit)
    return hits


def _context(hits: list[_Hit]) -> tuple[dict[str, int], dict[str, int]]:
    """-> (skills found per domain, per context group), counting only unambiguous hits."""
    domains: dict[str, set[str]] = {}
    for _, _, names, ambiguous in hits:
        if not ambiguous:
            domain = SKILLS[names[0]].domain
            if domain not in _NEUTRAL_DOMAINS:
                domains.setdefault(domain, set()).add(names[0])
    groups: dict[str, set[str]] = {}
    for domain, found in domains.items():
        groups.setdefault(_CONTEXT_GROUP.get(domain, domain), set()).update(found)
    return {d: len(n) for d, n in domains.items()}, {g: len(n) for g, n in groups.items()}


def _resolve(names: tuple[str, ...], domains: dict[str, int], groups: dict[str, int]) -> str | None:
    """The sense of an ambiguous alias that the rest of the text supports, if exactly one:
    "telemetry" beside "cardiac rhythms" is cardiac monitoring, beside "Prometheus"
    observability, and alone nothing."""
    scored = []
    for name in names:
        domain = SKILLS[name].domain
        group = groups.get(_CONTEXT_GROUP.get(domain, domain), 0)
        if group:
            scored.append(((domains.get(domain, 0), group), name))
    if not scored:
        return None
    scored.sort(reverse=True)
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None  # as much context for two senses: leave it
    return scored[0][1]


@text_cache(maxsize=4096)
def _skill_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, canonical name) of every vocabulary skill named in the text."""
    hits = _raw_hits(text)
    if not any(h[3] for h in hits):
        return tuple((start, end, names[0]) for start, end, names, _ in hits)
    domains, groups = _context(hits)
    spans: list[tuple[int, int, str]] = []
    for start, end, names, ambiguous in hits:
        name = _resolve(names, domains, groups) if ambiguous else names[0]
        if name:
            spans.append((start, end, name))
    return tuple(spans)


@text_cache(maxsize=4096)
def find_skills(text: str) -> tuple[str, ...]:
    """Vocabulary skills named in the text, canonical names, in order of first mention.

    An ambiguous alias counts only when the rest of the text backs one of its senses.
    Cached: each call re-reads the interview's earlier questions and answers."""
    return tuple(dict.fromkeys(name for _, _, name in _skill_spans(text)))


# ---------------------------------------------------------------------------
# Families: "Terraform | opentofu > Infrastructure as code"
# ---------------------------------------------------------------------------
def families(name: str) -> tuple[str, ...]:
    """Every broader skill the skill belongs to, nearest first: Kafka -> (Event-driven
    architecture, Message queues, ...). Empty for phrases and for skills without a family."""
    return _FAMILIES.get(name, ())


def members(name: str) -> frozenset[str]:
    """Every narrower skill of a family: Electronic health records -> {Epic, Cerner, ...}."""
    return _MEMBERS.get(name, frozenset())


def related(a: str, b: str) -> bool:
    """The same skill, one a family of the other (Epic, EHR), or siblings in a small family
    (Xero, NetSuite in Accounting software). A family with more than SPECIFIC_FAMILY_SIZE
    members relates its members to it, not to each other."""
    if a == b:
        return True
    up_a, up_b = families(a), families(b)
    if a in up_b or b in up_a:
        return True
    return any(len(_MEMBERS[f]) <= SPECIFIC_FAMILY_SIZE for f in set(up_a) & set(up_b))


def shown_by(skill: str, found: Iterable[str]) -> bool:
    """Whether skills found (in a CV, an answer) show the skill: the skill itself, or a
    narrower member of its family (Kafka shows event-driven architecture, Epic electronic
    health records). Never a sibling: Xero does not show NetSuite."""
    found = set(found)
    return skill in found or not _MEMBERS.get(skill, frozenset()).isdisjoint(found)


# Single-word skills that are ordinary nouns, written in lower case inside a sentence.
_COMMON_NOUN_SKILLS = frozenset(
    "Observability Payments Microservices Caching Concurrency Networking Scalability Statistics "
    "Forecasting Prototyping Accessibility Budgeting Pricing Accounting Auditing Tax Treasury "
    "Valuation Procurement Troubleshooting Negotiation Partnerships Copywriting Storytelling "
    "Compliance Serverless Roadmapping Agile Prospecting Triage Safeguarding Differentiation "
    "Casework Housekeeping Payroll Reconciliations Intercompany Precepting Logistics "
    "Intervention Literacy Phonics Reservations Supervision Catering".split()
)


def display_skill(name: str) -> str:
    """How a skill reads mid-sentence: "Kubernetes", "A/B testing", but "distributed systems"."""
    if skill_domain(name) in SOFT_DOMAINS or name in _COMMON_NOUN_SKILLS:
        return name[0].lower() + name[1:]
    words = name.replace("-", " ").split()
    if (
        len(words) > 1
        and re.fullmatch(r"[A-Z][a-z]+", words[0])
        and all(re.fullmatch(r"[a-z]+|[A-Z]{2,}s?", w) for w in words[1:])  # "metrics and KPIs"
    ):
        return name[0].lower() + name[1:]
    return name


def skill_domain(name: str) -> str:
    skill = SKILLS.get(name)
    return skill.domain if skill else "phrase"


def is_soft(name: str) -> bool:
    return skill_domain(name) in SOFT_DOMAINS


# Hard-skill vocabulary entries that almost every JD names in passing: worth reporting
# only when the JD stresses them, like soft skills.
_GENERIC_SKILLS = frozenset(
    {"Technical documentation", "Code review", "Git", "Agile", "Scrum", "Kanban", "Jira",
     "Confluence", "Microsoft Office"}
)


def is_generic(name: str) -> bool:
    """Soft skills and everyday tooling: real, but rarely what a JD hires for."""
    return is_soft(name) or name in _GENERIC_SKILLS


def is_vague_phrase(name: str) -> bool:
    """A free-text JD phrase ("backend services") with no name in it, unlike "B2B SaaS"."""
    if name in SKILLS:
        return False
    return not any(ch.isdigit() or ch.isupper() for ch in name)


# ---------------------------------------------------------------------------
# Free-text skills: "experience with X" phrases the vocabulary misses
# ---------------------------------------------------------------------------
_GENERIC = frozenset(
    "experience experienced knowledge proficiency proficient familiarity familiar understanding "
    "strong solid deep good great excellent proven demonstrated hands hands-on working practical "
    "professional modern tools tool technologies technology skills skill ability abilities "
    "background expertise exposure track record plus bonus years year least minimum using use "
    "building build environment environments field areas area concepts principles best practices "
    "practice".split()
)
_TRIGGER_RE = re.compile(
    r"\b(?:experience (?:with|in|of|building|designing|running|using|managing)|proficiency "
    r"(?:in|with)|"
    r"proficient (?:in|with)|knowledge of|familiarity with|familiar with|understanding of|"
    r"expertise in|background in|exposure to|comfortable with|skilled in|fluency in|fluent in)\s+",
    re.IGNORECASE,
)
_PHRASE_END_RE = re.compile(
    r"[.,;:()!?]|\s(?:and|or|to|such "
    r"as|e\.g|including|is|are|that|which|for|in|at|across|on|using|with|from)\s",
    re.IGNORECASE,
)



def _phrase_skills(text: str, known: set[str]) -> list[str]:
    """Free-text skills from "experience with X" style phrases that the vocabulary misses."""
    found: list[str] = []
    for trigger in _TRIGGER_RE.finditer(text):
        rest = text[trigger.end() : trigger.end() + 80]
        end = _PHRASE_END_RE.search(rest)
        phrase = rest[: end.start()] if end else rest
        words = [w for w in phrase.split() if w][:5]
        while words and words[0].lower() in _STOP | _GENERIC:
            words.pop(0)
        while words and words[-1].lower() in _STOP | _GENERIC:
            words.pop()
        candidate = " ".join(words).strip(" -/")
        if not candidate or any(ch.isdigit() for ch in candidate[:1]):
            continue
        if find_skills(candidate):
            continue  # the vocabulary already names it, better
        meaningful = [w for w in words if w.lower() not in _GENERIC and len(w) > 2]
        if not meaningful or candidate.lower() in known:
            continue
        known.add(candidate.lower())
        # Sentence case is lowered ("Healthcare providers"), names such as "B2B SaaS" are kept.
        found.append(" ".join(w.lower() if re.fullmatch(r"[A-Z][a-z]+", w) else w for w in words))
    return found


def mentions_skill(text: str, skill: str, vocab_hits: tuple[str, ...] | None = None) -> bool:
    """Whether the text shows the skill: a vocabulary alias, or each content word of a phrase."""
    if skill in SKILLS:
        return skill in (vocab_hits if vocab_hits is not None else find_skills(text))
    needed = content_tokens(skill)
    return bool(needed) and needed <= content_tokens(text)
