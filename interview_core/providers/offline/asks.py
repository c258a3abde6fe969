"""What a question asks for and whether the answer gave it: each verb of a duty the question
lists ("lead, coach and develop the store team" asks three things), an ending that ties the
answer back to this role, and a plan for a gap the candidate admits.

Read by judging.py; the word lists are data/judging.toml's (`ask_synonyms`, `plan`,
`reflection`). Pure, linear in the texts, bounded by topics.MAX_CHARS.
"""

from __future__ import annotations

import re
from functools import lru_cache

from interview_core.providers.offline.sentences import split_sentences
from interview_core.providers.offline.text import clean_text
from interview_core.providers.offline.topics import (
    MAX_CHARS,
    _bank,
    _patterns,
    _stem,
    _topics,
    words_of,
)

# What a candidate says of their own experience: "I have not used X", "I've never run X",
# "no experience with X", "I'm not a prescriber yet". A past event denied ("I didn't tell
# housekeeping", "we had no accidents") is a story, not an admitted gap, so "did not" and a
# bare "no" do not count.
NEGATION_RE = re.compile(
    r"(?<![\w'])(?:"
    r"(?:i|we)\s*(?:'ve|\s+have|\s+had)\s+(?:not|never)\b|(?:i|we)\s+(?:haven't|hadn't|never)\b|"
    r"(?:i|we)(?:'m|\s+am|\s+are|'re)\s+not\s+(?:yet\s+)?(?:a|an|trained|qualified|certified|"
    r"familiar|experienced|confident|registered|licensed)\b|"
    r"(?:i|we)\s+(?:don't|do\s+not)\s+(?:have|know|use)\b|"
    r"(?:not|never)\s+yet\s+\w+ed\b|yet\s+to\s+(?:use|work|try|run|lead|manage)\b|"
    r"no\s+(?:real\s+|direct\s+|hands-on\s+|professional\s+|formal\s+|practical\s+)?"
    r"(?:experience|exposure|background)\b|"
    r"(?:limited|little|zero)\s+(?:experience|exposure)\b|(?:un|not\s+)familiar\s+with"
    r")",
    re.I,
)

# ---------------------------------------------------------------------------
# The asks of a question: the verbs of a duty it lists
# ---------------------------------------------------------------------------
_QUOTED_RE = re.compile(r"[“\"][^”\"]*[”\"]")
# Three or more verbs, or their -ing forms, in one list: "lead, coach and develop",
# "planning, teaching and assessing".
_VERB_LIST_RE = re.compile(r"\b([a-z]+)((?:, [a-z]+)+),? (?:and|or) ([a-z]+)\b")


@lru_cache(maxsize=1)
def _ask_groups() -> dict[str, frozenset[str]]:
    """Stem -> the stems that give it, from judging.toml's `ask_synonyms` ("coach" is given by
    "mentored" and "trained"), each group also met by topics' synonym groups."""
    table: dict[str, set[str]] = {}
    for group in _bank().get("ask_synonyms", ()):  # type: ignore[union-attr]
        stems = {_stem(w.lower()) for w in group}
        for stem in stems:
            table.setdefault(stem, set()).update(stems)
    return {k: frozenset(v) for k, v in table.items()}


def _verb(word: str) -> str:
    """ "coaching" -> "coach", "develop" -> "develop"; "" for a word that is no duty verb."""
    from interview_core.providers.offline.jd import _DUTY_VERBS

    if word in _DUTY_VERBS:
        return word
    if word.endswith("ing"):
        core = word[:-3]
        for base in (core, core + "e", core[:-1] if len(core) > 2 and core[-1] == core[-2] else ""):
            if base and base in _DUTY_VERBS:
                return base
    return ""


@lru_cache(maxsize=512)
def question_asks(question: str) -> tuple[str, ...]:
    """The verbs of the duty lists in a question, as base verbs, in order: "Looking at your
    experience ..., especially leading, coaching and developing the store team?" asks
    ("lead", "coach", "develop"). Words the question quotes are the candidate's, not asks."""
    text = _QUOTED_RE.sub(" ", clean_text(question[:MAX_CHARS]).lower())
    asks: list[str] = []
    for found in _VERB_LIST_RE.finditer(text):
        words = [found.group(1), *found.group(2).split(", ")[1:], found.group(3)]
        verbs = [_verb(w) for w in words]
        if len(verbs) >= 3 and all(verbs):
            asks.extend(v for v in verbs if v not in asks)
    return tuple(asks)


_OBJECT_RE = re.compile(r"\s+((?:[\w&'-]+\s+){0,5}?[\w&'-]+)\s*(?=[,.;:?!]|$| and | or | where | who | which | so )")


def asked_about(question: str, verbs: tuple[str, ...]) -> str:
    """The asks said back, with the object the question gave them: ("coach", "develop") ->
    "coaching and developing the store team"; "" when the question lists none of them."""
    from interview_core.providers.offline.phrasing import gerund

    text = _QUOTED_RE.sub(" ", clean_text(question[:MAX_CHARS]))
    for found in _VERB_LIST_RE.finditer(text.lower()):
        words = [found.group(1), *found.group(2).split(", ")[1:], found.group(3)]
        if not set(verbs) <= {_verb(w) for w in words}:
            continue
        said = [gerund(v) for v in verbs]
        listed = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]
        after = _OBJECT_RE.match(text[found.end():])
        return f"{listed} {after.group(1)}" if after else listed
    return ""


def missed_asks(question: str, answer: str) -> tuple[str, ...]:
    """The question's asks the answer never touches: not the verb in any form ("coached",
    "coaching"), nor a word of its group ("mentored" for coach, "promoted" for develop)."""
    asks = question_asks(question)
    if not asks:
        return ()
    mine = words_of(answer[:MAX_CHARS])
    met = _topics(mine)
    groups = _ask_groups()
    missed = []
    for ask in asks:
        stem = _stem(ask)
        wanted = groups.get(stem, frozenset()) | {stem}
        if not (wanted & mine) and not (_topics(frozenset({stem})) - {stem}) & met:
            missed.append(ask)
    return tuple(missed)


# ---------------------------------------------------------------------------
# An ending that ties the answer back to the role
# ---------------------------------------------------------------------------
_ROLE_RE = re.compile(
    r"\b(?:this|the|your|a) (?:role|job|position|post|team|store|ward|school|practice|branch)\b"
    r"|\b(?:here|you need|you're looking for|you are looking for)\b", re.I)
_FIT_RE = re.compile(
    r"\b(?:exactly|fits?|fit for|prepares? me|prepared me|ready|why i|needs?|match(?:es)?|"
    r"suits?|suited|equips? me|bring|right (?:person|fit)|what i (?:can|would) (?:offer|bring)|"
    r"qualif(?:y|ies) me|makes me)\b", re.I)


@lru_cache(maxsize=512)
def ends_on_fit(answer: str, names: str = "") -> bool:
    """Whether the answer's last sentence says why the candidate fits this role: it names
    the role, the employer or "here", with a word of fit ("exactly what Northgate needs",
    "that's why I'm ready for this role")."""
    sentences = split_sentences(clean_text(answer[:MAX_CHARS]))
    if len(sentences) < 2:
        return False
    last = sentences[-1]
    own = {w for w in re.findall(r"[A-Z][\w'&-]+", names) if len(w) > 2}
    named = any(re.search(rf"\b{re.escape(w)}\b", last) for w in own)
    return bool(named or _ROLE_RE.search(last)) and bool(_FIT_RE.search(last))


# ---------------------------------------------------------------------------
# A plan to close an admitted gap
# ---------------------------------------------------------------------------
@lru_cache(maxsize=512)
def gap_plan(answer: str) -> bool:
    """Whether the answer says how the candidate would close a gap it admits ("I haven't
    used X yet, but I'd pair with the team in my first weeks"): a plan in the sentence that
    admits it, after the admission, in the next one or in a later one on the gap's own words
    ("For the full P&L, I'd shadow ..."); a lesson for next time ("I'd do the
    analysis earlier next time") is no plan for the gap. With no gap admitted, any plan."""
    cues = _patterns()
    sentences = split_sentences(clean_text(answer[:MAX_CHARS]))
    gaps = [i for i, s in enumerate(sentences) if NEGATION_RE.search(s)]
    if not gaps:
        return bool(cues["plan"].search(answer[:MAX_CHARS]))
    for i in gaps:
        after = sentences[i][NEGATION_RE.search(sentences[i]).end():]  # type: ignore[union-attr]
        gap = words_of(re.split(r",?\s+(?:but|however|although|though)\b", after, maxsplit=1)[0])
        for j, text in enumerate([after, *sentences[i + 1:]]):
            # Right after the admission, or later on the gap's own words ("For the P&L, I'd...").
            near = j <= 1 or bool(gap & words_of(text))
            if near and cues["plan"].search(text) and not cues["reflection"].search(text):
                return True
    return False
