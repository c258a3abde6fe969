"""JD duties in the forms a question template needs: "giving medications safely" for "give
medications safely", the first clause of a long duty, and a noun phrase kept as one ("stock
control, replenishment" is never "stocking control"). Re-exported by phrasing.py."""

from __future__ import annotations

from functools import lru_cache

from interview_core.providers.offline import vocabulary
from interview_core.providers.offline.text import excerpt

_DOUBLE = frozenset(
    "plan run set put get stop ship cut hit chat drop map log tag shop sit begin commit refer "
    "control model travel label".split()
)
# Verbs that are also common nouns: converted after "and" or a comma only before an object.
_AMBIGUOUS = frozenset(
    "care plan document report record support model mark stock order book host process review "
    "test work call use set file lead model turn visit staff source pack load post book count "
    "file update cook clean code budget forecast dispatch pick check plan brief screen hand".split()
)
_OBJECT_STARTS = frozenset(
    "the a an our their your them it its every all each new clear on with for up".split()
)


def _ing(word: str) -> str:
    core, tail = word.rstrip(","), word[len(word.rstrip(",")) :]
    low = core.lower()
    if low == "be":
        out = "being"
    elif low.endswith("ie"):
        out = core[:-2] + "ying"
    elif low.endswith(("ee", "ye", "oe")):
        out = core + "ing"
    elif low.endswith("e") and len(low) > 2:
        out = core[:-1] + "ing"
    elif low in _DOUBLE:
        out = core + core[-1] + "ing"
    else:
        out = core + "ing"
    return out + tail


@lru_cache(maxsize=1024)
def noun_led(phrase: str) -> bool:
    """Whether a phrase that starts with a word that can be a verb is a noun phrase there:
    its first two words name a skill together ("stock control", "budget planning"), so it
    is "stock control, replenishment ...", never "stocking control"."""
    words = phrase.split()
    if len(words) < 2 or words[0].endswith(",") or words[0].lower() not in _AMBIGUOUS:
        return False
    second = words[1].strip(",.;:").lower()
    if second in _OBJECT_STARTS:
        return False  # "stock the shelves", "plan the rota"
    pair = f"{words[0]} {second}"
    return bool(set(vocabulary.find_skills(pair)) - set(vocabulary.find_skills(second)))


@lru_cache(maxsize=1024)  # bounded: one entry per JD duty, across every interview
def gerund(phrase: str) -> str:
    """ "plan and teach maths lessons" -> "planning and teaching maths lessons"; a noun
    phrase ("stock control, replenishment") stays as it is."""
    from interview_core.providers.offline.jd import _DUTY_VERBS

    words = phrase.split()
    if not words or words[0].rstrip(",").lower() not in _DUTY_VERBS or noun_led(phrase):
        return phrase
    listed = words[0].endswith(",")
    out = [_ing(words[0])]
    for i in range(1, len(words)):
        word, before = words[i], words[i - 1]
        core = word.rstrip(",").lower()
        joined = before.endswith(",") or before.lower() in ("and", "or")
        after = words[i + 1].lower() if i + 1 < len(words) else ""
        # Coordinated verbs share the object ("draft and review council policies"): a verb
        # right after a converted verb is a verb too. After an object, only a clear verb or
        # one followed by its own object is ("... early and call the team"), not a noun
        # that can be a verb ("pick rate and dispatch targets").
        after_verb = (
            before.lower() in ("and", "or") and len(out) >= 2 and out[-2].rstrip(",").endswith("ing")
        ) or (before.endswith(",") and out[-1].rstrip(",").endswith("ing"))
        if (
            joined
            and core in _DUTY_VERBS
            and (listed or after_verb or core not in _AMBIGUOUS or after in _OBJECT_STARTS)
        ):
            out.append(_ing(word))
            listed = listed and word.endswith(",")
        else:
            out.append(word)
    return " ".join(out)


def short_phrase(phrase: str, words: int = 6) -> str:
    """ "watch cardiac rhythms on telemetry, recognise ..." -> "watch cardiac rhythms on telemetry"."""
    head = phrase.split(",")[0]
    if len(head.split()) > words:
        # "clinically screen prescriptions and run accurate dispensing": the first of two
        # things, whole, rather than six words that stop at "accurate".
        first = head.split(" and ")[0]
        if 2 <= len(first.split()) <= words:
            head = first
    cut = excerpt(head, words).split()[:words]
    while cut and cut[-1].lower() in _DANGLING:
        cut.pop()
    return " ".join(cut) or phrase



_DANGLING = frozenset("a an the and or of to with for in on at by from as our your".split())
