"""Finding the figures of a text and their values.

A figure is
    digits, with their scale, unit and rate ("40 ms", "2,500 requests per second",
    "$1.2m", "€40k", "20 euros", "20-euro", "35%", "35 percent", "3x", "120 a week");
    number words ("ten", "twenty-five", "a dozen", "hundreds of", "half", "a third");
    durations ("two days", "in under an hour" -> "under an hour"); multipliers ("twice
    as fast", "eight times faster", "threefold"); change words ("doubled", "halved").
Two figures joined as a change are one: "from 9 seconds to 40 ms", "a week instead of a
month", "40 minutes, down from two days". A bound is kept with its figure ("under an hour",
"more than 30%"); "down to" / "by" are not ("cut by a third" -> "a third").

Never a figure: the spans of masks.py, and a bare number after a capitalised word
mid-sentence ("Office 365", "Windows 11") or glued to letters ("v2", "3D", "5G").

Only the first MAX_FIGURES figures are read; every step is a regex pass or a bounded look
around one figure, so the cost is linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from interview_core.providers.offline.numbers.masks import Masks, masked, masks
from interview_core.providers.offline.numbers.patterns import (
    AFTER_DIGITS_RE,
    BOUND_RE,
    CHANGE_VALUES,
    COMPARATIVE_RE,
    CORE_RE,
    EARLY_RE,
    FRACTION_TIME_RE,
    FRACTIONS,
    MORE_LESS_RE,
    MULT_TAIL_RE,
    NOT_NOUNS,
    NOUN_RATE_RE,
    NOUN_RE,
    RATE_RE,
    SCALES,
    TIME_UNITS,
    UNIT_AFTER_RE,
    WORD_VALUES,
)
from interview_core.providers.offline.text import _CHAR_MAP

MAX_CHARS = 20_000  # only this much of a text is read
MAX_FIGURES = 300  # an answer holds a few dozen; a list of thousands is not prose to quote
LOOK = 40  # characters looked at either side of a figure
_PREPARE = {**_CHAR_MAP, ord("\r"): "\n"}  # one character for one: offsets stay valid


def prepare(text: str) -> str:
    """The text as the regexes read it: plain dashes, quotes and spaces (text._CHAR_MAP), a
    carriage return as a newline. One character for one, so its spans are the text's."""
    return text.translate(_PREPARE)


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure: where it is, what kind, and its value(s) for comparing with the JD."""

    start: int
    end: int
    kind: str  # money | percent | multiplier | change | fraction | range | count | share
    duration: bool = False  # has a time unit ("40 minutes", "an hour")
    rate: bool = False  # "... per shift", "... a day"
    comparative: bool = False  # "twice as fast", "12% lower", "3 seconds faster"
    weak: bool = False  # a bare "one", "a week": a figure only as half of a pair
    values: tuple[tuple[str, float], ...] = ()
    bare: bool = False  # a count with no unit, noun or rate ("3"); a range of two such
    # that opens its clause ("that from 3 to 7 the concierge covers"): no change by itself
    score: bool = False  # "8 out of 10", "4/5": a rating, read like a reading
    article: bool = False  # "a week", "an hour": a round duration


_YEAR_RE = re.compile(r"(?:19|20)\d{2}")
_PLURAL_AFTER_RE = re.compile(r"\s+[a-z]*[a-rt-z]s\b")  # "2000 users", not "2000 across"
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?:;]\s+|\n[ \t]*|[-*•]\s+|\(\s*)$")
_PREVIOUS_WORD_RE = re.compile(r"([A-Za-z][\w.&'-]*)([ -])$")
_DIGITS_RE = re.compile(r"\d[\d,]*(?:\.\d+)?")
_SCALE_VALUES = {"bn": 1e9, "billion": 1e9, "trillion": 1e12, "mn": 1e6, "million": 1e6,
                 "thousand": 1e3, "k": 1e3, "m": 1e6}
_SCALE_WORD_RE = re.compile(r"\s?(bn|billion|trillion|mn|million|thousand|k|m)\b")
_LETTERS_RE = re.compile(r"[a-z]+")


def _number_value(raw: str) -> float:
    """"2,500" -> 2500, "1.2m" -> 1.2e6, "twenty-five" -> 25, "a dozen" -> 12."""
    low = raw.lower()
    digits = _DIGITS_RE.search(low)
    if digits:
        value = float(digits.group(0).replace(",", ""))
        scale = _SCALE_WORD_RE.match(low, digits.end())
        return value * _SCALE_VALUES[scale.group(1)] if scale else value
    words = _LETTERS_RE.findall(low)
    if "dozen" in words or "dozens" in words:
        return 6.0 if "half" in words else 12.0
    value = 0.0
    for word in words:
        if word in SCALES:
            value = max(value, 1.0) * SCALES[word]
        elif word in FRACTIONS:
            value = max(value, 1.0) / FRACTIONS[word]
        elif word in WORD_VALUES:
            value += WORD_VALUES[word]
    return value


def _value(kind: str, core: str) -> tuple[str, float]:
    """(group, value) of a figure's core, to compare it with the JD's: ("%", 35.0),
    ("$", 1.2e6), ("x", 2.0) for "doubled" or "twice", ("n", 40.0) for a count."""
    low = core.lower()
    if kind == "change":
        return "x", next(v for k, v in CHANGE_VALUES.items() if low.startswith(k))
    if kind == "multiplier":
        if low.startswith(("twice", "thrice")):
            return "x", 2.0 if low.startswith("twice") else 3.0
        return "x", _number_value(re.sub(r"[\s-]*(?:x|fold|times)\b.*", "", low))
    group = {"percent": "%", "money": "$"}.get(kind, "n")
    return group, round(_number_value(low), 6)


def previous_word(text: str, start: int) -> str:
    """The last word of letters before `start`, lower case ("" if none near)."""
    words = _LETTERS_RE.findall(text[max(0, start - 20) : start].lower())
    return words[-1] if words else ""


def _is_name(text: str, start: int) -> bool:
    """A bare number right after a capitalised word mid-sentence ("Office 365", "Windows
    11") or an acronym ("ISO 27001") is part of a name. "Trained 12 nurses" starts a
    sentence, so its capital is not a name."""
    match = _PREVIOUS_WORD_RE.search(text, max(0, start - LOOK), start)
    if not match or not match.group(1)[0].isupper() or match.group(1) in ("I", "I'm", "I've"):
        return False
    word = match.group(1).rstrip(".")
    if match.group(2) == "-" or (len(word) >= 2 and word.isupper()):
        return True
    return not _SENTENCE_START_RE.search(text, max(0, match.start() - 5), match.start())


def _extend(text: str, core: re.Match[str], spans: Masks) -> Figure | None:
    """The whole figure around a core: bound, scale, unit, noun, rate, comparative."""
    kind = core.lastgroup or "num"
    start, end = core.span()
    if masked(spans, start):
        return None
    raw = core.group(0)
    duration = rate = comparative = weak = bare = score = False
    if _TOO_RE.match(text, end):
        return None  # "a dose ten times too high", "20% too many": the size of an error
    if kind in ("num", "word", "vague"):
        if kind == "num":
            if start and (text[start - 1] in "/.:" or text[start - 1].isalpha()):
                return None  # "v2", "/2024", "9.30" leftovers
            after = AFTER_DIGITS_RE.match(text, end)
            if after and (after.group("unit") or "").startswith("-"):
                return None  # "12-hour shifts", "30-day readmissions": a kind of thing, no figure
            if after and after.end() > end:
                duration = bool(after.group("unit")) and _is_time_unit(after.group("unit"))
                unit = bool(after.group("unit"))
                end = after.end()
            else:
                unit = False
            if end < len(text) and (text[end].isalnum() or (text[end] in "./" and
                                                             text[end + 1 : end + 2].isdigit())):
                return None  # "3D", "5G", "3.12.1", "12/03"
            if _COMPOUND_RE.match(text, end):
                return None  # "a 140-question questionnaire", "a 9-site group": a modifier
            plain = raw.replace(",", "")
            if (not unit and _YEAR_RE.fullmatch(plain) and not (after and after.group("scale"))
                    and not _PLURAL_AFTER_RE.match(text, end)):
                return None  # a year; "2000 users" is a count
            if not unit and not (after and after.group("scale")) and _is_name(text, start):
                return None
        else:
            unit_match = UNIT_AFTER_RE.match(text, end)
            if (unit_match and unit_match.group(0).startswith("-")) or _COMPOUND_RE.match(
                text, end
            ):
                return None  # "a two-day course", "a six-page note"
            unit = bool(unit_match)
            if unit_match:
                duration = _is_time_unit(unit_match.group(0))
                end = unit_match.end()
        kind = "count"
        rest = NOUN_RATE_RE.match(text, end)
        if rest and not unit and not {rest.group(1), rest.group(2)} & NOT_NOUNS:
            end, rate = rest.end(), True
        elif (rate_match := RATE_RE.match(text, end)) is not None:
            end, rate = rate_match.end(), True
        elif not unit and (noun := NOUN_RE.match(text, end)) is not None:
            word = noun.group(1)
            plural = word.endswith("s") and not word.endswith(("ss", "ous"))
            if word not in NOT_NOUNS and plural:
                end = noun.end()
                unit = True
        if raw.lower() == "one" and not (unit or rate):
            weak = True
        bare = not (unit or rate)
        if raw.lower() == "one" and previous_word(text, start) in (
            "no", "the", "this", "that", "any", "every", "each", "which", "only"
        ):
            return None
    elif kind == "article":
        kind, duration = "count", True
    elif kind in ("money", "money2", "percent"):
        kind = "money" if kind.startswith("money") else kind
        if (rate_match := RATE_RE.match(text, end)) is not None:
            end, rate = rate_match.end(), True
    elif kind == "change" and raw.lower().endswith("es") and previous_word(text, start) in (
        _NOUN_BEFORE
    ):
        return None  # "twin rooms instead of doubles": a noun
    elif kind == "mult":
        kind = "multiplier"
        tail = MULT_TAIL_RE.match(text, end)
        if tail:
            end, comparative = tail.end(), True
    elif kind == "fraction":
        unit_match = FRACTION_TIME_RE.match(text, end)  # "half an hour"
        if unit_match:
            end, duration = unit_match.end(), True
    elif kind == "ratio":
        kind, score = "count", True
        if (noun := NOUN_RE.match(text, end)) is not None and noun.group(1) not in NOT_NOUNS and (
            noun.group(1).endswith("s")
        ):
            end, score, kind = noun.end(), False, "share"  # "9 out of 10 patients", "four of
            # the five associations": a share of a group, not a rating
            if _SPAN_OF_RE.search(raw):
                # "11 of the next 12 weeks": a share of a stretch of time, a result only with
                # an outcome ("on budget for ..."): "I worked 4 of the next 5 weekends" is none
                kind = "count"
    cmp = (
        (COMPARATIVE_RE.match(text, end) if kind in ("count", "percent", "money") else None)
        or (EARLY_RE.match(text, end) if duration else None)
        or (MORE_LESS_RE.match(text, end) if kind == "percent" else None)
    )
    if cmp:
        end, comparative = cmp.end(), True
    article = core.lastgroup == "article"
    bound = BOUND_RE.search(text, max(0, start - 30), start)
    if bound:
        start = bound.start()
    elif core.lastgroup == "article" and previous_word(text, start) not in (
        "in", "within", "inside", "than", "of", "from", "to", "by"
    ):
        weak = True  # "twice a day" is no figure; "took a week instead of a month" is
    return Figure(start, end, kind, duration, rate, comparative, weak,
                  (_value(kind, raw),), bare, score, article and not bound)


_TOO_RE = re.compile(r"\s+too\b", re.IGNORECASE)
_SPAN_OF_RE = re.compile(r"\bof\s+\w+\s+(?:next|following|last|past|first)\b", re.IGNORECASE)
_COMPOUND_RE = re.compile(r"-(?!fold\b)[A-Za-z]")
_NOUN_BEFORE = frozenset(("of", "the", "into", "twin", "singles", "and", "or", "as", "for",
                          "with", "three", "two", "our", "their", "some"))
# A from/to pair that opens its clause tells when or where, not a change: "we agreed that
# from 3 to 7 the concierge covers luggage".
_CLAUSE_OPENERS = frozenset(("", "that", "and", "but", "so", "when", "then", "while", "or",
                             "because", "if", "now", "usually", "normally", "every"))


def _is_time_unit(unit: str) -> bool:
    return unit.strip(" -").lower() in TIME_UNITS


_FROM_RE = re.compile(r"\b(?:from|down\s+from|up\s+from)\s+$", re.IGNORECASE)
_TO_RE = re.compile(r"\s+to\s+", re.IGNORECASE)
_OPENS_CLAUSE_RE = re.compile(r"(?:^|[.!?;:,]\s*|\n\s*)$")
_TO_NONE_RE = re.compile(r"\s+to\s+(?:zero|none|nothing|nil)\b", re.IGNORECASE)
_VERSUS_RE = re.compile(
    # "about £600 of stock instead of £4,000": the thing both figures count may come between
    r"(?:\s+of\s+[a-z]+)?\s+(?:instead\s+of|rather\s+than|versus|vs\.?|compared\s+(?:with|to))\s+"
    r"|,?\s+(?:down|up)\s+from\s+",
    re.IGNORECASE,
)


def _pairs(text: str, found: list[Figure]) -> list[Figure]:
    """Joins "from A to B", "A instead of B" and "A, down from B" into one change."""
    joined: list[Figure] = []
    i = 0
    while i < len(found):
        first = found[i]
        after = found[i + 1] if i + 1 < len(found) else None
        lead = _FROM_RE.search(text, max(0, first.start - 20), first.start)
        between = text[first.end : after.start] if after else ""
        if after and lead and _TO_RE.fullmatch(between):
            pair = _range(lead.start(), after.end, first, after)
            opens = (
                _OPENS_CLAUSE_RE.search(text, max(0, lead.start() - 30), lead.start()) is not None
                or previous_word(text, lead.start()) in _CLAUSE_OPENERS
            )
            if first.bare and after.bare and opens:
                pair = Figure(pair.start, pair.end, "range", False, False, False, False,
                              pair.values, True)
            joined.append(pair)
            i += 2
            continue
        if after and _VERSUS_RE.fullmatch(between):
            joined.append(_range(first.start, after.end, first, after))
            i += 2
            continue
        if lead and (none := _TO_NONE_RE.match(text, first.end)):
            joined.append(_range(lead.start(), none.end(), first, first))
            i += 1
            continue
        joined.append(first)
        i += 1
    return [f for f in joined if not f.weak]


def _range(start: int, end: int, first: Figure, second: Figure) -> Figure:
    return Figure(start, end, "range", first.duration or second.duration,
                  first.rate or second.rate, True, False, first.values + second.values)


def figures(text: str) -> list[Figure]:
    """The figures of a prepared text (see `prepare`), in order, pairs joined."""
    spans = masks(text)
    found: list[Figure] = []
    for core in CORE_RE.finditer(text):
        if len(found) >= MAX_FIGURES:
            break
        if found and core.start() < found[-1].end:
            continue  # already read as part of the previous figure ("ten deployments a day")
        figure = _extend(text, core, spans)
        if figure is not None and (not found or figure.start >= found[-1].end):
            found.append(figure)
    return _pairs(text, found)
