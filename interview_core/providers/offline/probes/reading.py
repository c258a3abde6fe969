"""Reading an answer once: its words, clause breaks, word flags, cues and who acted.

`read(text)` is shared by `gaps` and `follow_up`: one pass over the answer's words (no
regular expression runs over the whole answer per cue), so a 300-word answer takes well
under a millisecond. `locate` finds a quotable clause (clauses.py) in the answer's own
characters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from interview_core.providers.offline.probes.cues import (
    CUE_NAMES,
    PAIR_CUES,
    SINGLE_CUES,
    YEAR_RE,
    is_result_number,
)
from interview_core.providers.offline.probes.tokens import tokenize, unify
from interview_core.providers.offline.probes.words import (
    ADVERBS,
    AUXILIARIES,
    BAD_END,
    CLAIM_ADJECTIVES,
    COPULAS,
    CROWD,
    CUT_BEFORE,
    DECISION_VERBS,
    IRREGULAR,
    NUMBER_WORDS,
    POSSESSORS,
    SUBJECT_LIKE,
    SUBJECTS,
    SUSPICIOUS_WORDS,
    TEAM_NOUNS,
    WENT,
    WENT_ADJECTIVES,
    is_past,
)
from interview_core.providers.offline.text import is_quotable

# Word flags, computed once per distinct word. The first eight are all a clause's features
# are made of (clauses.py reads them through a table of 1 << 8 entries).
VERBISH = 1 << 0  # a verb form: "was", "called", "went", "didn't"
SUBJECT = 1 << 1  # "i", "we", "it" ...
PAST = 1 << 2  # a past verb or "was", "were", "had", "did"
CROWDED = 1 << 3  # "we", "team" ...
DIGIT = 1 << 4
I_ACT = 1 << 5  # set per position by `_actors`: a past action of "I"
WE_ACT = 1 << 6  # ... of "we", "they", "the team"
DECIDED = 1 << 7  # ... and the action is a choice
SUSPICIOUS = 1 << 8  # an instruction-like word: never quoted
_PAST_VERB = 1 << 9
_ACTOR = 1 << 10  # "i", "we", "it's", "team" ...: may start a subject
BAD_END_WORD = 1 << 11
CUT_WORD = 1 << 12  # a quote may end right before it
JOIN_WORD = 1 << 13  # "and", "so", "then", "but": a quote may start right after it
_SINGLE_CUE = 1 << 14
_ADJECTIVE = 1 << 15  # "fine", "well" ... of a claim
_NUMBERISH = 1 << 16  # a digit or a number word
NUMBERISH = _NUMBERISH
RESULT_NUM = 1 << 17  # set per position: a number that carries a result ("closed £80k")
_SPLIT_WORD_RE = re.compile(r"[^a-z]+")
_FLAG_CACHE: dict[str, int] = {}


def _compute_flags(word: str) -> int:
    flags = 0
    if (
        word in IRREGULAR
        or word in AUXILIARIES
        or (len(word) > 3 and word.endswith("ed"))
        or word.endswith("n't")
    ):
        flags |= VERBISH
    if word in SUBJECTS:
        flags |= SUBJECT
    past_verb = is_past(word)
    if past_verb:
        flags |= _PAST_VERB
    if past_verb or word in {"was", "were", "had", "did"}:
        flags |= PAST
    if word in CROWD:
        flags |= CROWDED
    if any(c.isdigit() for c in word):
        flags |= DIGIT | _NUMBERISH
    if word in NUMBER_WORDS:
        flags |= _NUMBERISH
    if word in SUSPICIOUS_WORDS or not SUSPICIOUS_WORDS.isdisjoint(_SPLIT_WORD_RE.split(word)):
        flags |= SUSPICIOUS  # "system's", "prompt-based" too
    if word in SUBJECT_LIKE or word in TEAM_NOUNS:
        flags |= _ACTOR
    if word in BAD_END:
        flags |= BAD_END_WORD
    if word in CUT_BEFORE:
        flags |= CUT_WORD
    if word in {"and", "so", "then", "but"}:
        flags |= JOIN_WORD
    if word in SINGLE_CUES:
        flags |= _SINGLE_CUE
    if word in CLAIM_ADJECTIVES or word in WENT_ADJECTIVES:
        flags |= _ADJECTIVE
    return flags


_PAIR_KEYS = frozenset(PAIR_CUES)
_TRIGGER_WORDS = frozenset(SINGLE_CUES) | CLAIM_ADJECTIVES | WENT_ADJECTIVES | NUMBER_WORDS


def _word_flags(lows: list[str]) -> list[int]:
    cache = _FLAG_CACHE
    missing = set(lows).difference(cache)
    if missing:
        if len(cache) + len(missing) > 20000:  # bounded: answers bring new words forever
            cache.clear()
            missing = set(lows)
        for word in missing:
            cache[word] = _compute_flags(word)
    return list(map(cache.__getitem__, lows))


def _actors(
    lows: Sequence[str],
    commas: Sequence[bool],
    chunks: Sequence[tuple[int, int]],
    flags: list[int],
) -> bool:
    """Mark past actions of "I" and "we" in `flags`; whether a weak verb told a story.

    "I apologised, refunded the charge and rang her back": all three verbs are the
    candidate's; a verb right after "and", "then" or a comma keeps the last subject.
    """
    weak_story = False
    n = len(lows)
    chunk_lo = [0] * n
    for lo, hi in chunks:
        chunk_lo[lo:hi] = [lo] * (hi - lo)
    subject = ""
    current = -1
    for k in [k for k, f in enumerate(flags) if f & (_ACTOR | _PAST_VERB)]:
        lo = chunk_lo[k]
        if lo != current:
            current, subject = lo, ""  # a new clause group: no subject carried over
        f = flags[k]
        word = lows[k]
        if f & _ACTOR and (word not in TEAM_NOUNS or (k > lo and lows[k - 1] in POSSESSORS)):
            if word == "i":
                subject = "i"
            elif word in {"we", "they"} or word in TEAM_NOUNS:
                subject = "we"
            else:
                subject = ""
                continue
            j = k + 1
            while j < n and chunk_lo[j] == lo and (lows[j] in ADVERBS or lows[j].endswith("ly")):
                j += 1
            if j < n and chunk_lo[j] == lo:
                verb = lows[j]
                if flags[j] & _PAST_VERB:
                    flags[j] |= (I_ACT if subject == "i" else WE_ACT) | (
                        DECIDED if verb in DECISION_VERBS else 0
                    )
                elif verb in {"did", "got", "tried", "used"}:
                    weak_story = True
        elif (
            f & _PAST_VERB
            and subject
            and k > lo
            and (commas[k - 1] or lows[k - 1] in {"and", "then"})
        ):
            flags[k] |= (I_ACT if subject == "i" else WE_ACT) | (
                DECIDED if word in DECISION_VERBS else 0
            )
    return weak_story


class Read(NamedTuple):
    lows: list[str]  # the answer's words, lower case
    commas: list[bool]  # a comma follows the word
    chunks: list[tuple[int, int]]  # word ranges between hard breaks (. ; : ! ? dashes ...)
    broken: set[int]  # chunk starts that follow an unquotable word ("example.com"): mid-clause
    flags: list[int]  # word flags plus the action flags of `_actors`
    cues: dict[str, list[tuple[int, int]]]  # cue -> word ranges
    first_action: int  # word index of the first past action of "I" or "we", else -1
    story_verb: bool  # "I did", "we got", "I tried" ... tell of an event too
    result_number: bool


@lru_cache(maxsize=256)
def read(text: str) -> Read:
    """The answer's words, clause breaks and cues."""
    lows, commas, chunks, broken = tokenize(text)
    n = len(lows)
    flags = _word_flags(lows)
    cues: dict[str, list[tuple[int, int]]] = {name: [] for name in CUE_NAMES}
    result_number = False
    # Only the words that can start a cue present in the answer are visited.
    pairs = _PAIR_KEYS.intersection(zip(lows, lows[1:], strict=False))
    present = set(lows)
    targets = set(_TRIGGER_WORDS.intersection(present))
    targets.update(pair[0] for pair in pairs)
    targets.update(w for w in present if _FLAG_CACHE[w] & DIGIT)
    for k in [k for k, w in enumerate(lows) if w in targets]:
        f = flags[k]
        word = lows[k]
        if f & _SINGLE_CUE:
            for name in SINGLE_CUES[word]:
                cues[name].append((k, k + 1))
        if k + 1 < n and (word, lows[k + 1]) in pairs:
            for phrase, name in PAIR_CUES[(word, lows[k + 1])]:
                end = k + len(phrase)
                if end == k + 2 or (end <= n and tuple(lows[k:end]) == phrase):
                    cues[name].append((k, end))
        if f & _ADJECTIVE:
            if word in CLAIM_ADJECTIVES:
                for j in range(k - 1, max(-1, k - 4), -1):
                    if lows[j] in COPULAS:
                        cues["claim"].append((j, k + 1))  # "it was mostly fine"
                        break
            if word in WENT_ADJECTIVES:
                for j in range(k - 1, max(-1, k - 3), -1):
                    if lows[j] in WENT:
                        cues["claim"].append((j, k + 1))  # "it went really well"
                        break
        if f & _NUMBERISH:
            if k > 0 and lows[k - 1] == "in" and YEAR_RE.match(word):
                cues["story"].append((k - 1, k + 1))  # "in 2021"
            elif is_result_number(lows, k):
                flags[k] |= RESULT_NUM
                result_number = True
    weak_story = _actors(lows, commas, chunks, flags)
    first_action = next((k for k, f in enumerate(flags) if f & (I_ACT | WE_ACT)), -1)
    return Read(lows, commas, chunks, broken, flags, cues, first_action, weak_story, result_number)


# ---------------------------------------------------------------------------
# Finding a quote in the answer's own characters
# ---------------------------------------------------------------------------
_QUOTE_EDGE_BEFORE = re.compile(r"[\w-]$|\w'$")
_QUOTE_EDGE_AFTER = re.compile(r"^[\w-]|^'\w")


def locate(text: str, answer: Read, a: int, b: int) -> str | None:
    """The answer's own characters for words a..b, or None when they cannot be found safely."""
    words = answer.lows[a:b]
    norm = unify(text)
    low = norm.lower()
    if len(low) == len(text):
        target = "".join(w + (", " if answer.commas[a + i] else " ") for i, w in enumerate(words))
        target = target[:-2] if target.endswith(", ") else target[:-1]
        start = low.find(target)
        while start >= 0:
            end = start + len(target)
            if not _QUOTE_EDGE_BEFORE.search(low[max(0, start - 2) : start]) and not (
                _QUOTE_EDGE_AFTER.search(low[end : end + 2])
            ):
                return _safe(text[start:end])
            start = low.find(target, start + 1)
    pattern = "".join(
        re.escape(w) + (r"\s*,\s*" if answer.commas[a + i] else r"\s+") for i, w in enumerate(words)
    )
    pattern = pattern[: -len(r"\s*,\s*")] if answer.commas[b - 1] else pattern[: -len(r"\s+")]
    found = re.search(r"(?<![\w-])(?<!\w')" + pattern + r"(?![\w-])(?!'\w)", norm, re.IGNORECASE)
    return _safe(text[found.start() : found.end()]) if found else None


_SAFE_QUOTE_RE = re.compile(r"^(?:[^\W_]|[ .,'%$€£&+#/()\-]|(?<=[^\W\d_])\u2019(?=[^\W\d_]))+$")


def _safe(quote: str) -> str | None:
    return quote if _SAFE_QUOTE_RE.match(quote) and is_quotable(quote) else None

