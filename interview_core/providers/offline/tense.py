"""Verbs in the past tense, for an outline's example of past work: a CV's present-tense
bullet "Run a 40-person team" is quoted as "when you ran a 40-person team".

`past_tense` puts one verb in the past: irregular verbs from data/verbs_irregular.txt
("lead" -> "led", "oversee" -> "oversaw"), the rest by the spelling rules ("manage" ->
"managed", "carry" -> "carried", "plan" -> "planned", "control" -> "controlled"); a third
person ("leads", "manages") or a verb already in the past ("led", "trained") is read too.
`past_phrase` does it to a phrase that opens with a verb, and to the verbs coordinated
with it ("Lead, coach and develop the team" -> "led, coached and developed the team"),
never to a noun after "and" ("Lead stock and order planning").
"""

from __future__ import annotations

import re
from functools import lru_cache

from interview_core.providers.offline.jd import _DUTY_VERBS
from interview_core.providers.offline.numbers.wordlists import items
from interview_core.providers.offline.phrasing import _AMBIGUOUS, _OBJECT_STARTS


@lru_cache(maxsize=1)
def _irregular() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in items("verbs_irregular.txt"):
        base, past = line.split()
        table[base] = past
    return table


@lru_cache(maxsize=1)
def _past_forms() -> frozenset[str]:
    return frozenset(_irregular().values())


# Verbs of more than one syllable that double their last consonant ("committed",
# "controlled"), British spelling ("travelled", "labelled").
_DOUBLES = frozenset(
    "commit control refer admit submit permit omit prefer transfer occur incur patrol compel "
    "expel propel regret rebut acquit confer defer deter infer extol enrol instil fulfil distil "
    "excel rebel repel kidnap handicap worship format program travel label model cancel signal "
    "level fuel channel counsel total quarrel dial pedal marshal initial tunnel funnel shovel "
    "stencil pencil equip".split()
)
# Base forms that end in "-ed" or "-eed": "need", "exceed", "embed" are no past tense.
_ED_BASES = frozenset("need feed bleed breed speed seed heed weed exceed proceed succeed embed "
                      "shred wed bed".split())
_VOWELS = "aeiou"
_SYLLABLE_RE = re.compile(r"[aeiouy]+")


def _known(base: str) -> bool:
    return base in _irregular() or base in _DUTY_VERBS


def _base(word: str) -> str:
    """A third person's base form, when it is a verb we know: "leads" -> "lead",
    "carries" -> "carry", "teaches" -> "teach"; anything else as it is."""
    if word.endswith("ies") and _known(word[:-3] + "y"):
        return word[:-3] + "y"
    if word.endswith("es") and _known(word[:-2]):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and _known(word[:-1]):
        return word[:-1]
    return {"has": "have", "does": "do", "goes": "go", "is": "be", "are": "be"}.get(word, word)


def is_past(word: str) -> bool:
    """Already in the past tense: "led", "trained", "carried" (not "need", "exceed")."""
    low = word.lower()
    if low in _past_forms():
        return True
    return len(low) > 3 and low.endswith("ed") and low not in _ED_BASES


def _regular(base: str) -> str:
    if base.endswith("e"):
        return base + "d"
    if base.endswith("y"):
        return base[:-1] + ("yed" if len(base) > 1 and base[-2] in _VOWELS else "ied")
    if base.endswith("c") and base in ("panic", "picnic", "traffic", "mimic"):
        return base + "ked"
    last, before = base[-1], base[-2:-1]
    one_syllable = len(_SYLLABLE_RE.findall(base)) == 1
    cvc = (len(base) >= 3 and last not in _VOWELS + "wxy" and before in tuple(_VOWELS)
           and base[-3] not in _VOWELS)
    if base in _DOUBLES or (one_syllable and cvc):
        return base + last + "ed"
    return base + "ed"


def past_tense(word: str) -> str:
    """One verb in the past tense, keeping a leading capital: "Lead" -> "Led",
    "manages" -> "managed", "trained" -> "trained"."""
    core = word.strip()
    low = core.lower()
    if not low.isalpha():
        return word
    if low in _irregular():
        past = _irregular()[low]
    elif is_past(low):
        past = low
    else:
        base = _base(low)
        past = _irregular().get(base) or _regular(base)
    return past[:1].upper() + past[1:] if core[:1].isupper() else past


def is_verb(word: str) -> bool:
    """A verb form the phrase rules may put in the past: a past tense, or a base or third
    person of a verb that opens duties (jd._DUTY_VERBS) or of an irregular verb."""
    low = word.lower()
    return is_past(low) or _known(low) or _known(_base(low))


def past_phrase(phrase: str) -> str:
    """A phrase that opens with a verb, in the past, with the verbs coordinated with it:
    "Plan and teach maths lessons" -> "planned and taught maths lessons"; "Mentor two
    engineers and run the review" -> "mentored two engineers and ran the review". A word
    after "and" that is also a noun ("order", "stock", "review") is a verb only next to the
    verb before it or before its own object ("and record on eMAR")."""
    words = phrase.split()
    if not words:
        return phrase
    out = [_keep_tail(words[0], past_tense(words[0].rstrip(",;")).lower())]
    changed = [True]
    for i in range(1, len(words)):
        word, before = words[i], words[i - 1]
        core = word.rstrip(",;").lower()
        after = words[i + 1].lower() if i + 1 < len(words) else ""
        joined = before.endswith(",") or before.lower() in ("and", "or")
        # Right after the verb before it: "Lead, coach" or "plan and teach".
        chained = (before.endswith(",") and changed[-1]) or (
            before.lower() in ("and", "or") and i >= 2 and changed[-2]
        )
        verb = core.isalpha() and _known(_base(core)) and not is_past(core)
        if joined and verb and (chained or core not in _AMBIGUOUS or after in _OBJECT_STARTS):
            out.append(_keep_tail(word, past_tense(core)))
            changed.append(True)
        else:
            out.append(word)
            changed.append(False)
    return " ".join(out)


def _keep_tail(word: str, new: str) -> str:
    """The new word with the old one's trailing comma or semicolon."""
    core = word.rstrip(",;")
    return new + word[len(core) :]
