"""Verbs that share one object: "Lead, coach and develop the store team" says "lead the
store team", "coach the store team" and "develop the store team", and each names a skill
(leadership, mentoring) that the line as written hides behind its commas.

The JD reader (jd.py) finds skills in each such pair as well as in the line itself, so a
JD's first duty "Lead, schedule, train and coach the front office team" counts leadership
and mentoring, as "lead the front office team" and "coach the team" would.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from interview_core.providers.offline.vocabulary import find_skills

# "lead, coach and develop" / "train and coach": two to five words, the last after "and".
_VERB_LIST_RE = re.compile(
    r"(?<![\w'-])((?:[a-z]+\s*,\s*){0,3}[a-z]+\s*,?\s+(?:and|&)\s+[a-z]+)\s+(?=\S)", re.IGNORECASE
)
# One verb before its object: "lead our Front Office team of 14".
_ONE_VERB_RE = re.compile(r"(?<![\w'-])([a-z]+)\s+(?=(?:a|an|the|our|your|my|their)\s)", re.IGNORECASE)
_CLAUSE_END_RE = re.compile(r"[,;:.()!?\n]|\s(?:so|to|and|or|while|with|across|in|at)\s")
# An object that is a group of people: "a team of around 15 colleagues", "our Front Office
# team" read as "the team", the words the vocabulary knows ("coach the team").
_PEOPLE_RE = re.compile(
    r"^(?:\S+\s+){0,5}?(?:team|teams|staff|colleagues|people|employees|crew|workforce|"
    r"department|shift leads|supervisors|managers|assistants|operatives|carers|nurses|teachers)"
    r"(?=\s+of\b|\s*$)",  # "the team of 14", never "the team's pipelines"
    re.IGNORECASE,
)


def _object(text: str, end: int) -> str:
    rest = text[end:end + 120]
    stop = _CLAUSE_END_RE.search(rest)
    return (rest[: stop.start()] if stop else rest).strip()


def shared_object_phrases(text: str, verbs: Iterable[str]) -> list[str]:
    """Each verb of a coordinated list with the object they share, if every listed word is
    one of `verbs`: "Lead, coach and develop the store team; ..." -> ["lead the store team",
    "coach the store team", "develop the store team", "lead the team", ...]. An object that
    is a group of people is said as "the team" too."""
    known = frozenset(v.lower() for v in verbs)
    pairs: list[tuple[str, str]] = []
    text = text[:4000]
    for match in _VERB_LIST_RE.finditer(text):
        listed = [w.lower() for w in re.split(r"\s*,\s*|\s*,?\s+(?:and|&)\s+", match.group(1)) if w]
        if len(listed) >= 2 and all(w in known for w in listed):
            obj = _object(text, match.end())
            pairs.extend((verb, obj) for verb in listed if obj)
    for match in _ONE_VERB_RE.finditer(text):
        verb = match.group(1).lower()
        if verb in known and _PEOPLE_RE.match(obj := _object(text, match.end())):
            pairs.append((verb, obj))
    phrases: list[str] = []
    for verb, obj in pairs:
        phrases.append(f"{verb} {obj}")
        if _PEOPLE_RE.match(obj):
            phrases.append(f"{verb} the team")
    return list(dict.fromkeys(phrases))


def skills_with_shared_objects(text: str, verbs: Iterable[str]) -> tuple[str, ...]:
    """Vocabulary skills of the text, then those only its coordinated verbs name, each once."""
    found = dict.fromkeys(find_skills(text))
    for phrase in shared_object_phrases(text, verbs):
        found.update(dict.fromkeys(find_skills(phrase)))
    return tuple(found)
