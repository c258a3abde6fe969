"""How figures are written: number words and their values, the regex of a figure's core
("40", "$1.2m", "35%", "twice", "doubled", "a third", "hundreds of") and of what may follow
it (a scale, a unit, a rate, a noun, a comparative) or come before it (a bound)."""

from __future__ import annotations

import re

from interview_core.providers.offline.numbers.wordlists import (
    alternation,
    items,
    sections,
)
from interview_core.providers.offline.text import _STOP

_UNITS = sections("numbers_units.txt")
TIME_UNITS = frozenset(u.lower() for u in _UNITS["time"])
UNIT = alternation(_UNITS["time"] + _UNITS["other"])

_ONES = "zero one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
WORD_VALUES = {
    **{w: float(i) for i, w in enumerate(_ONES)},
    **{w: float(10 + i) for i, w in enumerate(_TEENS)},
    **{w: float(20 + 10 * i) for i, w in enumerate(_TENS)},
    "a": 1.0, "an": 1.0, "dozen": 12.0, "dozens": 12.0, "hundreds": 100.0, "thousands": 1e3,
    "millions": 1e6, "billions": 1e9, "tens": 10.0,
}
FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
             "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10}
CHANGE_VALUES = {"doubl": 2.0, "halv": 0.5, "tripl": 3.0, "quadrupl": 4.0}

WORD = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_ONES[1:])}))?|{'|'.join(_TEENS)}|"
    rf"{'|'.join(_ONES)})(?:\s+(?:{'|'.join(SCALES)}))?"
)
NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
SCALE = r"(?:\s?(?:k|m|mn|bn)(?![\w])|\s+(?:thousand|million|billion|trillion)\b)"
_TIME_SINGULAR = (
    "second|minute|hour|day|night|week|fortnight|month|quarter|year|term|semester|shift"
)

# The figure cores; what follows them (unit, rate, noun) is read by `figures._extend`.
CORE_RE = re.compile(
    rf"""
    # Cheap first test: every figure starts a word, with a digit, a currency sign or one of
    # these letters (the regex would otherwise try every alternative at every character).
    (?<![\w])(?=[\d$€£¥abcdefghimnoqstuzABCDEFGHIMNOQSTUZ])
    (?:(?P<money>(?:\b(?:USD|EUR|GBP|CHF|US\$|AU\$|CA\$|A\$|C\$)\s?|[$€£¥]){NUM}{SCALE}?)
    |(?P<money2>\b(?:{NUM}{SCALE}?|{WORD})[\s-]?
        (?:euros?|dollars?|pounds?|quid|pence|cents?|eur|usd|gbp)\b)
    |(?P<percent>\b(?:{NUM}|{WORD})\s?(?:%|per\s?cent\b|pp\b|percentage\s+points?\b))
    |(?P<mult>\b{NUM}\s?x(?![\w])|\b(?:{NUM}|{WORD})[\s-]?fold\b|\b(?:{NUM}|{WORD})\s+times\b
        |\b(?:twice|thrice)\b)
    |(?P<change>\b(?:doubl|tripl|quadrupl)(?:ed|es|ing)\b|\bhalv(?:ed|es|ing)\b)
    |(?P<fraction>\b(?:(?:a|one|two|three|four)[\s-]+(?:halves|half|thirds|third|quarters|quarter
        |fifths|fifth|tenths|tenth)|(?:in\s+)?half)\b)
    |(?P<vague>\b(?:hundreds|thousands|millions|billions|dozens|tens)\s+of\b
        |\b(?:a|one)\s+(?:hundred|thousand|million|billion)\b|\b(?:half\s+a|a)\s+dozen\b)
    |(?P<article>\b(?:a|an)\s+(?:{_TIME_SINGULAR})\b)
    |(?P<ratio>\b\d{{1,3}}/\d{{1,3}}\b(?![/\d])|\b(?:{NUM}|{WORD})\s+out\s+of\s+(?:{NUM}|{WORD})\b
        |\b(?:{NUM}|{WORD})\s+of\s+(?:the|our|my|its|their)\s+(?:(?:next|following|last|past
        |first)\s+)?(?:{NUM}|{WORD})\b)
    |(?P<num>\b{NUM}(?:\s?-\s?{NUM})?)
    |(?P<word>\b{WORD}\b))
    """,
    re.IGNORECASE | re.VERBOSE,
)
AFTER_DIGITS_RE = re.compile(
    rf"(?P<scale>{SCALE})?(?P<plus>\+)?(?P<unit>(?:\s?|-)(?:{UNIT})(?![\w]))?", re.IGNORECASE
)
UNIT_AFTER_RE = re.compile(rf"(?:\s+|-)(?:{UNIT})(?![\w])", re.IGNORECASE)
_RATE = (
    rf"per\s+[a-z]+|(?:a|an|each|every)\s+(?:{_TIME_SINGULAR}|lesson|session|visit|patient)"
    r"|/\s?(?:s|sec|min|h|hr|day|wk|week|mo|month|yr|year|shift)|daily|weekly|monthly|nightly"
    r"|hourly|annually|yearly|p\.a\."
)
RATE_RE = re.compile(rf"\s+(?:{_RATE})(?![\w])")
NOUN_RATE_RE = re.compile(  # "2,500 requests per second", "18 million parcel-scan events a day"
    rf"(?:\s+([a-z][a-z'-]*))?\s+([a-z][a-z'-]*)\s+(?:{_RATE})(?![\w])"
)
NOUN_RE = re.compile(r"\s+([a-z][a-z'-]*)(?![\w'-])")
COMPARATIVE_RE = re.compile(
    r"\s+(?:lower|higher|faster|quicker|cheaper|fewer|shorter|smaller|bigger|larger|sooner"
    r"|earlier|better)(?![\w])"
)
# "two weeks early", after a duration only: "two early career teachers" is no comparison.
EARLY_RE = re.compile(r"\s+(?:early|ahead\s+of\s+(?:schedule|plan|time))(?![\w])")
MULT_TAIL_RE = re.compile(
    r"\s+(?:as\s+[a-z]+|the\s+[a-z]+|faster|quicker|more|fewer|less|higher|lower|bigger|larger"
    r"|smaller|cheaper|better|over)(?![\w])"
)
FRACTION_TIME_RE = re.compile(rf"\s+(?:an?\s+)?(?:{_TIME_SINGULAR})s?\b")
MORE_LESS_RE = re.compile(r"\s+(?:more|less)(?![\w])")
BOUND_RE = re.compile(
    r"(?:(?:just|well)\s+)?(?:under|over|below|above|more\s+than|less\s+than|fewer\s+than"
    r"|at\s+least|at\s+most|nearly|almost|about|around|roughly|approximately|approx\."
    r"|only|just)\s+$",
    re.IGNORECASE,
)
NOT_NOUNS = _STOP | frozenset(items("numbers_not_nouns.txt"))
