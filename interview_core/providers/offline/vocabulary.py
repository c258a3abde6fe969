"""The skill vocabulary (data/skills.txt) and finding skills in text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from interview_core.providers.offline.text import _STOP, content_tokens

_VOCABULARY = resources.files(__package__).joinpath("data", "skills.txt").read_text("utf-8")


SOFT_DOMAINS = frozenset({"soft", "people"})


@dataclass(frozen=True, slots=True)
class Skill:
    name: str
    domain: str

    @property
    def soft(self) -> bool:
        return self.domain in SOFT_DOMAINS


def _parse_vocabulary(table: str) -> tuple[dict[str, Skill], dict[str, str], dict[str, str]]:
    """-> (skills by name, insensitive alias -> name, case-sensitive alias -> name)."""
    skills: dict[str, Skill] = {}
    loose: dict[str, str] = {}
    exact: dict[str, str] = {}
    domain = "software"
    entries: list[str] = []
    for raw in table.strip().splitlines():
        if raw[:1].isspace() and entries:
            entries[-1] = f"{entries[-1].rstrip(',')}, {raw.strip()}"  # a wrapped alias list
        elif raw.strip():
            entries.append(raw.strip())
    for line in entries:
        if line.startswith("[") and line.endswith("]"):
            domain = line[1:-1]
            continue
        head, _, tail = line.partition("|")
        head = head.strip()
        name = head.lstrip("=")
        skills[name] = Skill(name, domain)
        for alias in [head, *tail.split(",")]:
            alias = alias.strip()
            if alias.startswith("="):
                exact[alias[1:]] = name
            elif alias:
                loose.setdefault(alias.lower(), name)
    return skills, loose, exact


SKILLS, _LOOSE_ALIASES, _EXACT_ALIASES = _parse_vocabulary(_VOCABULARY)


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


def _alias_regex(aliases: dict[str, str], flags: int) -> re.Pattern[str]:
    # Word-ish boundaries that also treat + # . / & - as part of a name:
    # "C++" and "CI/CD" match whole, "R&D" and "R.O.K" do not match "R",
    # "Go-to-market" does not match "Go". A failed boundary backtracks into shorter aliases.
    keys = [a.lower() for a in aliases] if flags & re.IGNORECASE else list(aliases)
    return re.compile(rf"(?<![\w+#@&/.])(?:{_trie_pattern(keys)})(?![\w+#&]|-to\b|\.\w|/\w)", flags)


_LOOSE_RE = _alias_regex(_LOOSE_ALIASES, re.IGNORECASE)
_EXACT_RE = _alias_regex(_EXACT_ALIASES, 0)


# Phrases that contain a skill's name without meaning the skill.
_FALSE_FRIENDS_RE = re.compile(
    r"\b(?:(?:senior|executive) leadership|leadership (?:team|group)s?|rest of)\b", re.IGNORECASE
)


@lru_cache(maxsize=4096)
def find_skills(text: str) -> tuple[str, ...]:
    """Vocabulary skills named in the text, canonical names, in order of first mention.

    Cached: each call re-reads the interview's earlier questions and answers."""
    text = _FALSE_FRIENDS_RE.sub(lambda m: " " * len(m.group(0)), text)
    hits: list[tuple[int, str]] = []
    for match in _LOOSE_RE.finditer(text):
        hits.append((match.start(), _LOOSE_ALIASES[match.group(0).lower()]))
    for match in _EXACT_RE.finditer(text):
        hits.append((match.start(), _EXACT_ALIASES[match.group(0)]))
    seen: dict[str, None] = {}
    for _, name in sorted(hits):
        seen.setdefault(name, None)
    return tuple(seen)


# Single-word skills that are ordinary nouns, written in lower case inside a sentence.
_COMMON_NOUN_SKILLS = frozenset(
    "Observability Payments Microservices Caching Concurrency Networking Scalability Statistics "
    "Forecasting Prototyping Accessibility Budgeting Pricing Accounting Auditing Tax Treasury "
    "Valuation Procurement Troubleshooting Negotiation Partnerships Copywriting Storytelling "
    "Compliance Serverless Roadmapping Agile Prospecting".split()
)


def display_skill(name: str) -> str:
    """How a skill reads mid-sentence: "Kubernetes", "A/B testing", but "distributed systems"."""
    if skill_domain(name) in SOFT_DOMAINS or name in _COMMON_NOUN_SKILLS:
        return name[0].lower() + name[1:]
    words = name.replace("-", " ").split()
    if (
        len(words) > 1
        and re.fullmatch(r"[A-Z][a-z]+", words[0])
        and all(re.fullmatch(r"[a-z]+", w) for w in words[1:])
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
     "Confluence"}
)


def is_generic(name: str) -> bool:
    """Soft skills and everyday tooling: real, but rarely what a JD hires for."""
    return is_soft(name) or name in _GENERIC_SKILLS


def is_vague_phrase(name: str) -> bool:
    """A free-text JD phrase ("backend services") with no name in it, unlike "B2B SaaS"."""
    if name in SKILLS:
        return False
    return not any(ch.isdigit() or ch.isupper() for ch in name)



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
