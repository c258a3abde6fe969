"""Cues: the fixed phrases of data/probes_cues.txt ("because", "as a result", "I always"),
indexed so that one pass over an answer's words finds them all, and the numbers that carry
a result ("20%", "down to 4", "closed £80k", "9 of the 12")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from interview_core.providers.offline.probes.words import (
    APPROXIMATELY,
    CHANGE_WORDS,
    NUMBER_AFTER,
    NUMBER_BEFORE,
    NUMBER_WORDS,
    RESULT_VERBS,
    data_sections,
    word_list,
)


def _expand(spec: str) -> list[tuple[str, ...]]:
    """ "i really? love|liked" -> ("i", "love"), ("i", "liked"), ("i", "really", "love") ..."""
    options: list[tuple[str, ...]] = [()]
    for part in spec.split():
        optional = part.endswith("?")
        alternatives = part.rstrip("?").split("|")
        grown = [prefix + (alt,) for prefix in options for alt in alternatives]
        options = grown + (options if optional else [])
    return [o for o in options if o]


_CHANGE_VERBS = "|".join(word_list("change_verbs"))
CUE_SPECS = {
    name: tuple(spec.replace("{change_verbs}", _CHANGE_VERBS) for spec in specs)
    for name, specs in data_sections("probes_cues.txt").items()
}
CUE_NAMES = tuple(CUE_SPECS)
# One-word cues by their word; longer ones by their first two words, so that a common first
# word ("i", "the") costs one look-up, not one per phrase.
SINGLE_CUES: dict[str, list[str]] = {}
PAIR_CUES: dict[tuple[str, str], list[tuple[tuple[str, ...], str]]] = {}
for _name, _specs in CUE_SPECS.items():
    for _spec in _specs:
        for _phrase in _expand(_spec):
            if len(_phrase) == 1:
                SINGLE_CUES.setdefault(_phrase[0], []).append(_name)
            else:
                PAIR_CUES.setdefault(_phrase[:2], []).append((_phrase, _name))

YEAR_RE = re.compile(r"^(?:19|20)\d\d$")
_MULTIPLIER_RE = re.compile(r"\d+x")


def is_result_number(lows: Sequence[str], k: int) -> bool:
    """Whether the number at word k carries a result: "20%", "down 4", "closed £80k"."""
    word = lows[k]
    n = len(lows)
    before = lows[k - 1] if k > 0 else ""
    after = lows[k + 1] if k + 1 < n else ""
    if (word in NUMBER_WORDS or word.isdigit()) and after in {"of", "out"} and k + 2 < n:
        third = lows[k + 2] if after == "of" else (lows[k + 3] if k + 3 < n else "")
        if third in {"the", "them", "our", "my"} or third.isdigit():
            return True  # "9 of the 12 children"
    if word in NUMBER_WORDS:
        return False
    if word.endswith("%") or after in NUMBER_AFTER or _MULTIPLIER_RE.fullmatch(word):
        return True
    if YEAR_RE.match(word):
        return False
    if before in APPROXIMATELY and k > 1:
        before = lows[k - 2]
    if before in NUMBER_BEFORE or before in RESULT_VERBS:
        return True  # "down 4", "within 10 minutes", "closed £80k"
    if before in {"from", "by", "to"}:
        window = lows[max(0, k - 6) : k - 1]
        if any(w in CHANGE_WORDS for w in window) or (before == "to" and "from" in window):
            return True  # "dropped from 40", "cut by 30", "went from six hours to 10"
    return False
