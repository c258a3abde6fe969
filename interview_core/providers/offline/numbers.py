"""Figures that carry a result, as the candidate wrote them.

"Cut the query from 9 seconds to 40 ms" has a result; "Route 53", "Year 9", a patient's
heart rate of 130 and the JD's own "4,000 restaurants" do not. `result_figures` finds
the first kind and quotes each exactly as written, for feedback ("gave a measurable
result (from 9 seconds to 40 ms, 35%)").

What a figure is
    digits, with their scale, unit and rate ("40 ms", "2,500 requests per second",
    "$1.2m", "€40k", "20 euros", "20-euro", "35%", "35 percent", "3x", "120 a week");
    number words ("ten", "twenty-five", "a dozen", "hundreds of", "half", "a third");
    durations ("two days", "in under an hour" -> "under an hour"); multipliers ("twice
    as fast", "eight times faster", "threefold"); change words ("doubled", "halved").
    Two figures joined as a change are quoted as one: "from 9 seconds to 40 ms",
    "a week instead of a month", "40 minutes, down from two days". A bound is kept
    with its figure ("under an hour", "more than 30%"); "down to" / "by" are not
    ("cut by a third" -> "a third").

What is never a figure
    labels and product names (Year 9, Key Stage 3, Band 5, Python 3.12, Route 53, S3,
    EC2, Office 365, ISO 27001, Web 2.0: a label word from data/numbers_labels.txt, or
    any capitalised word before a bare number mid-sentence, or letters glued to the
    digits); dates, years and decades; times of day; "9 to 5" and "24/7"; ages ("aged
    7-11", "a 45-year-old"); list numbering; phone numbers and other long digit runs.

When a figure is a result -- the rule
    The text is cut into clauses at , ; : . (not after "St.", "Dr.", "e.g."...) and
    before "but", "when", "which", "so", "because"... and "and"/"or" -- a comma, "and"
    or "or" before digits or money does not cut ("saved $1.2m, €40k and £300" share
    their verb). A lead-in of three
    words or fewer with no figure ("As a result,", "Within a term,") joins the next
    clause. A figure is a result when
      1. its clause has a change or outcome cue (data/numbers_cues.txt: [change] cut,
         reduced, saved, grew, rose, fell, down to, fewer, instead of...; [outcome]
         achieved, reached, hit, won, closed, delivered, found, as a result, which
         meant, so that, now...) -- the figure's own words do not count ("one
         improvement"), and "up to" only after a verb ("went up to", not "classes of
         up to 30"); or
      2. it is a change itself: a change word, a from/to or instead-of pair, a
         multiplier with a comparative ("twice as fast"; "eight times" alone is a count
         of occurrences), or a figure followed by a comparative ("12% lower", "3 seconds
         faster", "two weeks early"); or
      3. it is a percentage that is not a reading, or the duration of an outcome ("in
         40 minutes", "within 2 seconds", "in under an hour"); or
      4. it is a rate: with a verb of output ("picked 120 units per shift",
         data/numbers_output_verbs.txt), or a rate of things with no verb of state
         ("ten deployments a day"; data/numbers_states.txt). A rate of people or of
         time is the workload ("six patients a shift", "two shifts a week":
         data/numbers_people.txt).
    Exceptions, which win over the rules above:
      * money needs a cue (rule 1): "disputed a 20-euro payment" is the situation,
        "saved £300" a result;
      * a reading -- a figure next to a reading term (data/numbers_readings.txt [term]:
        "heart rate 130", "SpO2 88%", "64 GB RAM", "16 cores") -- is a result only
        with a [change] cue ("her SpO2 rose to 96%"); with no cue at all a percentage
        after a verb of state is a reading too ("attendance was 85%", "CPU at 90%");
      * a bare quantity in a clause with no cue ("we had 30 pupils") is the situation;
      * a situation marker (data/numbers_situation.txt: "when I arrived", "initially",
        "used to") makes its clause and the rest of its sentence the situation, up to
        a turn ("but", "then", "now"...) or the candidate acting ("..., I cut the wait
        to 3 minutes"; "we had" is still the situation);
      * a figure that also appears in `exclude` (the JD) is dropped: same value, and
        either 1,000 or more or the two clauses share a content word -- so "order
        volume doubles this year" or "4,000 restaurants" echoed from the JD are not the
        candidate's, while the candidate's own "I doubled throughput" still counts.

Only the first MAX_CHARS characters and the first 300 figures are read; every step is a
regex pass or a bounded look around one figure or one clause (clauses are cut at 400
characters), so the cost is linear in the text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from interview_core.providers.offline.sentences import abbreviations
from interview_core.providers.offline.text import (
    _CHAR_MAP,
    _STOP,
    clip_phrase,
    content_tokens,
)

MAX_CHARS = 20_000
_MAX_FIGURES = 300  # an answer holds a few dozen; a list of thousands is not prose to quote
_LOOK = 40  # characters looked at either side of a figure
_PREPARE = {**_CHAR_MAP, ord("\r"): "\n"}  # one character for one: offsets stay valid


# ---------------------------------------------------------------------------
# Data files
# ---------------------------------------------------------------------------
def _data(name: str) -> str:
    return resources.files(__package__).joinpath("data", name).read_text("utf-8")


def _items(name: str) -> tuple[str, ...]:
    """One item a line; "#" comments and blank lines skipped."""
    return tuple(
        line.strip() for line in _data(name).splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


def _sections(name: str) -> dict[str, tuple[str, ...]]:
    """Items grouped under "[section]" lines."""
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for item in _items(name):
        if item.startswith("[") and item.endswith("]"):
            current = sections.setdefault(item[1:-1], [])
        else:
            current.append(item)
    return {key: tuple(values) for key, values in sections.items()}


def _alternation(phrases: Iterable[str]) -> str:
    """A regex alternative for whole phrases (matched case-insensitively), longest first,
    any whitespace between words. Grouped by first letter: Python's re tries alternatives
    one by one, so a flat list of 150 phrases would be tried 150 times at every word."""
    groups: dict[str, set[str]] = {}
    for phrase in phrases:
        head, rest = phrase[0].lower(), phrase[1:].lower()
        groups.setdefault(head, set()).add(re.escape(rest).replace(r"\ ", r"\s+"))
    alternatives = [
        re.escape(head) + "(?:" + "|".join(sorted(tails, key=len, reverse=True)) + ")"
        for head, tails in sorted(groups.items())
    ]
    return "(?:" + "|".join(alternatives) + ")"


def _phrase_re(phrases: Iterable[str]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w]){_alternation(phrases)}(?![\w])", re.IGNORECASE)


_UNITS = _sections("numbers_units.txt")
_TIME_UNITS = frozenset(u.lower() for u in _UNITS["time"])
_UNIT = _alternation(_UNITS["time"] + _UNITS["other"])
_CUE_SECTIONS = _sections("numbers_cues.txt")
_CUES = _CUE_SECTIONS["change"] + _CUE_SECTIONS["outcome"]
# "went up to 40" is a change; "classes of up to 30", "supports up to 64 GB" are not.
_CHANGE_RE = re.compile(
    rf"(?<![\w])(?:{_alternation(_CUE_SECTIONS['change'])}(?![\w])"
    r"|(?<!\bof )(?<!\bwith )(?<!\bfor )(?<!\bsupports )(?<!\bsupport )up\s+to\b)",
    re.IGNORECASE,
)
_OUTCOME_RE = re.compile(
    rf"(?<![\w]){_alternation(_CUE_SECTIONS['outcome'])}(?![\w])", re.IGNORECASE
)
_SITUATION_RE = _phrase_re(_items("numbers_situation.txt"))
_OUTPUT_RE = _phrase_re(_items("numbers_output_verbs.txt"))
_STATE_RE = _phrase_re(_items("numbers_states.txt"))
_PEOPLE_RE = _phrase_re(_items("numbers_people.txt"))
_READINGS = _sections("numbers_readings.txt")
_READING_TERM_RE = _phrase_re(_READINGS["term"])
_READING_RE = _phrase_re(_READINGS["term"] + _READINGS["verb"])
_LABELS = _items("numbers_labels.txt")


# ---------------------------------------------------------------------------
# Number words
# ---------------------------------------------------------------------------
_ONES = "zero one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_WORD_VALUES = {
    **{w: float(i) for i, w in enumerate(_ONES)},
    **{w: float(10 + i) for i, w in enumerate(_TEENS)},
    **{w: float(20 + 10 * i) for i, w in enumerate(_TENS)},
    "a": 1.0, "an": 1.0, "dozen": 12.0, "dozens": 12.0, "hundreds": 100.0, "thousands": 1e3,
    "millions": 1e6, "billions": 1e9, "tens": 10.0,
}
_FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
              "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10}
_CHANGE_VALUES = {"doubl": 2.0, "halv": 0.5, "tripl": 3.0, "quadrupl": 4.0}

_WORD = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_ONES[1:])}))?|{'|'.join(_TEENS)}|"
    rf"{'|'.join(_ONES)})(?:\s+(?:{'|'.join(_SCALES)}))?"
)
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_SCALE = r"(?:\s?(?:k|m|mn|bn)(?![\w])|\s+(?:thousand|million|billion|trillion)\b)"
_TIME_SINGULAR = (
    "second|minute|hour|day|night|week|fortnight|month|quarter|year|term|semester|shift"
)

# The figure cores; what follows them (unit, rate, noun) is read by `_extend`.
_CORE_RE = re.compile(
    rf"""
    # Cheap first test: every figure starts a word, with a digit, a currency sign or one of
    # these letters (the regex would otherwise try every alternative at every character).
    (?<![\w])(?=[\d$€£¥abcdefghimnoqstuzABCDEFGHIMNOQSTUZ])
    (?:(?P<money>(?:\b(?:USD|EUR|GBP|CHF|US\$|AU\$|CA\$|A\$|C\$)\s?|[$€£¥]){_NUM}{_SCALE}?)
    |(?P<money2>\b(?:{_NUM}{_SCALE}?|{_WORD})[\s-]?
        (?:euros?|dollars?|pounds?|quid|pence|cents?|eur|usd|gbp)\b)
    |(?P<percent>\b(?:{_NUM}|{_WORD})\s?(?:%|per\s?cent\b|pp\b|percentage\s+points?\b))
    |(?P<mult>\b{_NUM}\s?x(?![\w])|\b(?:{_NUM}|{_WORD})[\s-]?fold\b|\b(?:{_NUM}|{_WORD})\s+times\b
        |\b(?:twice|thrice)\b)
    |(?P<change>\b(?:doubl|tripl|quadrupl)(?:ed|es|ing)\b|\bhalv(?:ed|es|ing)\b)
    |(?P<fraction>\b(?:(?:a|one|two|three|four)[\s-]+(?:halves|half|thirds|third|quarters|quarter
        |fifths|fifth|tenths|tenth)|(?:in\s+)?half)\b)
    |(?P<vague>\b(?:hundreds|thousands|millions|billions|dozens|tens)\s+of\b
        |\b(?:a|one)\s+(?:hundred|thousand|million|billion)\b|\b(?:half\s+a|a)\s+dozen\b)
    |(?P<article>\b(?:a|an)\s+(?:{_TIME_SINGULAR})\b)
    |(?P<ratio>\b\d{{1,3}}/\d{{1,3}}\b(?![/\d]))
    |(?P<num>\b{_NUM}(?:\s?-\s?{_NUM})?)
    |(?P<word>\b{_WORD}\b))
    """,
    re.IGNORECASE | re.VERBOSE,
)
_AFTER_DIGITS_RE = re.compile(
    rf"(?P<scale>{_SCALE})?(?P<plus>\+)?(?P<unit>(?:\s?|-)(?:{_UNIT})(?![\w]))?", re.IGNORECASE
)
_UNIT_AFTER_RE = re.compile(rf"(?:\s+|-)(?:{_UNIT})(?![\w])", re.IGNORECASE)
_RATE = (
    rf"per\s+[a-z]+|(?:a|an|each|every)\s+(?:{_TIME_SINGULAR}|lesson|session|visit|patient)"
    r"|/\s?(?:s|sec|min|h|hr|day|wk|week|mo|month|yr|year|shift)|daily|weekly|monthly|nightly"
    r"|hourly|annually|yearly|p\.a\."
)
_RATE_RE = re.compile(rf"\s+(?:{_RATE})(?![\w])")
_NOUN_RATE_RE = re.compile(  # "2,500 requests per second", "18 million parcel-scan events a day"
    rf"(?:\s+([a-z][a-z'-]*))?\s+([a-z][a-z'-]*)\s+(?:{_RATE})(?![\w])"
)
_NOUN_RE = re.compile(r"\s+([a-z][a-z'-]*)(?![\w'-])")
_COMPARATIVE_RE = re.compile(
    r"\s+(?:lower|higher|faster|quicker|cheaper|fewer|shorter|smaller|bigger|larger|sooner"
    r"|earlier|better)(?![\w])"
)
# "two weeks early", after a duration only: "two early career teachers" is no comparison.
_EARLY_RE = re.compile(r"\s+(?:early|ahead\s+of\s+(?:schedule|plan|time))(?![\w])")
_MULT_TAIL_RE = re.compile(
    r"\s+(?:as\s+[a-z]+|the\s+[a-z]+|faster|quicker|more|fewer|less|higher|lower|bigger|larger"
    r"|smaller|cheaper|better|over)(?![\w])"
)
_FRACTION_TIME_RE = re.compile(rf"\s+(?:an?\s+)?(?:{_TIME_SINGULAR})s?\b")
_MORE_LESS_RE = re.compile(r"\s+(?:more|less)(?![\w])")
_BOUND_RE = re.compile(
    r"(?:(?:just|well)\s+)?(?:under|over|below|above|more\s+than|less\s+than|fewer\s+than"
    r"|at\s+least|at\s+most|nearly|almost|about|around|roughly|approximately|approx\."
    r"|only|just)\s+$",
    re.IGNORECASE,
)
_NOT_NOUNS = _STOP | frozenset(
    "was were has had have is are be been it its we i they he she you our my their his her "
    "them us me more less fewer than times per each every which who that then so but since "
    "until after before when while because if out up down over under about around across "
    "through during plus thus yes always perhaps versus unless whereas besides does goes "
    "hers ours yours theirs days this".split()
)


# ---------------------------------------------------------------------------
# Spans that are never figures
# ---------------------------------------------------------------------------
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_QUANTITY = rf"(?:{_NUM}|{_WORD})"
_MASK_RE = re.compile(
    rf"""
    (?<![\w])(?=[\d'(\#A-Za-z \t])  # every mask starts a word (or a line, for list numbers)
    (?:\b\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}\b                                  # 12/03/2024
    |\b(?:19|20)\d{{2}}\s*(?:-|to|/)\s*(?:(?:19|20)?\d{{2}}\b|present\b|now\b|today\b|date\b)
    |'\d{{2}}\b                                                                 # '23
    |\b(?:19|20)?\d0s\b                                                         # the 1990s, 40s
    |\b\d{{1,2}}(?::\d{{2}})?\s?(?:a\.?m\.?|p\.?m\.?)(?![\w])                   # 9am, 9.30 pm
    |\b\d{{1,2}}[:.]\d{{2}}\s?(?:a\.?m\.?|p\.?m\.?)(?![\w])
    |\b\d{{1,2}}:\d{{2}}(?::\d{{2}})?\b                                         # 14:00
    |\b\d{{1,2}}\s+o'clock\b
    |\bat\s+\d{{1,2}}\s+(?:in\s+the\s+(?:morning|afternoon|evening)|at\s+night|tonight)\b
    |\b(?:9|nine)\s*(?:-|to|till|until)\s*(?:5|five)\b(?!\s*(?:%|percent|{_UNIT}\b))
    |\b24\s*[/x]\s*7(?:\s*/\s*365)?\b
    |\b(?:aged?|ages)\s+{_QUANTITY}(?:\s*(?:-|to|and)\s*{_QUANTITY})?
        (?:\s*(?:years?|yrs?)(?:\s+old)?)?
    |\b{_QUANTITY}(?:\s*(?:-|to)\s*{_QUANTITY})?[\s-]+(?:years?|months?|weeks?)[\s-]+olds?\b
    |\b(?:his|her|their|my)\s+(?:early\s+|late\s+|mid-?\s*)?\d0s\b
    |(?m:^[ \t]*(?:\(?\d{{1,2}}[.)]|\#\d{{1,2}})(?=\s))                         # 1. / 2) lists
    |\(\d{{1,2}}\)
    |(?<=\s)\d{{1,2}}\)(?=\s)
    |(?<![\w]){_alternation(_LABELS)}\s*\#?\s?\d+(?:\.\d+)*[a-z]?
        (?![\d,]|\s?(?:%|percent|x\b))
    |\b\d+\.\d+\.\d+(?:\.\d+)*\b                                                # 1.2.3
    |\b\d+(?:st|nd|rd|th)\b                                                      # 3rd
    |\bFY\s?\d{{2,4}}\b
    |(?<![\w])[A-Za-z][A-Za-z]*-\d[\w.]*)                                        # COVID-19
    """,
    re.IGNORECASE | re.VERBOSE,
)
_DATE_RE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?![\w])"
    rf"|(?<![\w]){_MONTH}\s+\d{{1,4}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}}\b)?"
)
_PHONE_RE = re.compile(
    r"(?<![\w.,])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,5}){1,4}"
    r"(?![\w.,])"
)
_YEAR_RE = re.compile(r"(?:19|20)\d{2}")
_PLURAL_AFTER_RE = re.compile(r"\s+[a-z]*[a-rt-z]s\b")  # "2000 users", not "2000 across"
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?:;]\s+|\n[ \t]*|[-*•]\s+|\(\s*)$")
_PREVIOUS_WORD_RE = re.compile(r"([A-Za-z][\w.&'-]*)([ -])$")


def _masks(text: str) -> tuple[list[int], list[int]]:
    """Merged (starts, ends) of the spans that hold no figure."""
    spans = [m.span() for m in _MASK_RE.finditer(text)]
    spans += [m.span() for m in _DATE_RE.finditer(text)]
    spans += [
        m.span() for m in _PHONE_RE.finditer(text) if sum(c.isdigit() for c in m.group(0)) >= 8
    ]
    spans.sort()
    starts: list[int] = []
    ends: list[int] = []
    for begin, end in spans:
        if starts and begin <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(begin)
            ends.append(end)
    return starts, ends


def _masked(masks: tuple[list[int], list[int]], pos: int) -> bool:
    starts, ends = masks
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and pos < ends[i]


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Figure:
    """One figure: where it is, what kind, and its value(s) for comparing with the JD."""

    start: int
    end: int
    kind: str  # money | percent | multiplier | change | fraction | range | count
    duration: bool = False  # has a time unit ("40 minutes", "an hour")
    rate: bool = False  # "... per shift", "... a day"
    comparative: bool = False  # "twice as fast", "12% lower", "3 seconds faster"
    weak: bool = False  # a bare "one", "a week": a figure only as half of a pair
    values: tuple[tuple[str, float], ...] = ()


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
        if word in _SCALES:
            value = max(value, 1.0) * _SCALES[word]
        elif word in _FRACTIONS:
            value = max(value, 1.0) / _FRACTIONS[word]
        elif word in _WORD_VALUES:
            value += _WORD_VALUES[word]
    return value


def _value(kind: str, core: str) -> tuple[str, float]:
    low = core.lower()
    if kind == "change":
        return "x", next(v for k, v in _CHANGE_VALUES.items() if low.startswith(k))
    if kind == "multiplier":
        if low.startswith(("twice", "thrice")):
            return "x", 2.0 if low.startswith("twice") else 3.0
        return "x", _number_value(re.sub(r"[\s-]*(?:x|fold|times)\b.*", "", low))
    group = {"percent": "%", "money": "$"}.get(kind, "n")
    return group, round(_number_value(low), 6)


def _previous_word(text: str, start: int) -> str:
    words = _LETTERS_RE.findall(text[max(0, start - 20) : start].lower())
    return words[-1] if words else ""


def _is_name(text: str, start: int) -> bool:
    """A bare number right after a capitalised word mid-sentence ("Office 365", "Windows
    11") or an acronym ("ISO 27001") is part of a name. "Trained 12 nurses" starts a
    sentence, so its capital is not a name."""
    match = _PREVIOUS_WORD_RE.search(text, max(0, start - _LOOK), start)
    if not match or not match.group(1)[0].isupper() or match.group(1) in ("I", "I'm", "I've"):
        return False
    word = match.group(1).rstrip(".")
    if match.group(2) == "-" or (len(word) >= 2 and word.isupper()):
        return True
    return not _SENTENCE_START_RE.search(text, max(0, match.start() - 5), match.start())


def _extend(text: str, core: re.Match[str], masks: tuple[list[int], list[int]]) -> Figure | None:
    """The whole figure around a core: bound, scale, unit, noun, rate, comparative."""
    kind = core.lastgroup or "num"
    start, end = core.span()
    if _masked(masks, start):
        return None
    raw = core.group(0)
    duration = rate = comparative = weak = False
    if kind in ("num", "word", "vague"):
        if kind == "num":
            if start and (text[start - 1] in "/.:" or text[start - 1].isalpha()):
                return None  # "v2", "/2024", "9.30" leftovers
            after = _AFTER_DIGITS_RE.match(text, end)
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
            plain = raw.replace(",", "")
            if (not unit and _YEAR_RE.fullmatch(plain) and not (after and after.group("scale"))
                    and not _PLURAL_AFTER_RE.match(text, end)):
                return None  # a year; "2000 users" is a count
            if not unit and not (after and after.group("scale")) and _is_name(text, start):
                return None
        else:
            unit_match = _UNIT_AFTER_RE.match(text, end)
            if unit_match and unit_match.group(0).startswith("-"):
                return None  # "a two-day course"
            unit = bool(unit_match)
            if unit_match:
                duration = _is_time_unit(unit_match.group(0))
                end = unit_match.end()
        kind = "count"
        rest = _NOUN_RATE_RE.match(text, end)
        if rest and not unit and not {rest.group(1), rest.group(2)} & _NOT_NOUNS:
            end, rate = rest.end(), True
        elif (rate_match := _RATE_RE.match(text, end)) is not None:
            end, rate = rate_match.end(), True
        elif not unit and (noun := _NOUN_RE.match(text, end)) is not None:
            word = noun.group(1)
            plural = word.endswith("s") and not word.endswith(("ss", "ous"))
            if word not in _NOT_NOUNS and plural:
                end = noun.end()
                unit = True
        if raw.lower() == "one" and not (unit or rate):
            weak = True
        if raw.lower() == "one" and _previous_word(text, start) in (
            "no", "the", "this", "that", "any", "every", "each", "which", "only"
        ):
            return None
    elif kind == "article":
        kind, duration = "count", True
    elif kind in ("money", "money2", "percent"):
        kind = "money" if kind.startswith("money") else kind
        if (rate_match := _RATE_RE.match(text, end)) is not None:
            end, rate = rate_match.end(), True
    elif kind == "mult":
        kind = "multiplier"
        tail = _MULT_TAIL_RE.match(text, end)
        if tail:
            end, comparative = tail.end(), True
    elif kind == "fraction":
        unit_match = _FRACTION_TIME_RE.match(text, end)  # "half an hour"
        if unit_match:
            end, duration = unit_match.end(), True
    elif kind == "ratio":
        kind = "count"
    cmp = (
        (_COMPARATIVE_RE.match(text, end) if kind in ("count", "percent", "money") else None)
        or (_EARLY_RE.match(text, end) if duration else None)
        or (_MORE_LESS_RE.match(text, end) if kind == "percent" else None)
    )
    if cmp:
        end, comparative = cmp.end(), True
    bound = _BOUND_RE.search(text, max(0, start - 30), start)
    if bound:
        start = bound.start()
    elif core.lastgroup == "article" and _previous_word(text, start) not in (
        "in", "within", "inside", "than", "of", "from", "to", "by"
    ):
        weak = True  # "twice a day" is no figure; "took a week instead of a month" is
    return Figure(start, end, kind, duration, rate, comparative, weak,
                  (_value(kind, raw),))


def _is_time_unit(unit: str) -> bool:
    return unit.strip(" -").lower() in _TIME_UNITS


_FROM_RE = re.compile(r"\b(?:from|down\s+from|up\s+from)\s+$", re.IGNORECASE)
_TO_RE = re.compile(r"\s+to\s+", re.IGNORECASE)
_TO_NONE_RE = re.compile(r"\s+to\s+(?:zero|none|nothing|nil)\b", re.IGNORECASE)
_VERSUS_RE = re.compile(
    r"\s+(?:instead\s+of|rather\s+than|versus|vs\.?|compared\s+(?:with|to))\s+"
    r"|,?\s+(?:down|up)\s+from\s+",
    re.IGNORECASE,
)


def _pairs(text: str, figures: list[Figure]) -> list[Figure]:
    """Joins "from A to B", "A instead of B" and "A, down from B" into one change."""
    joined: list[Figure] = []
    i = 0
    while i < len(figures):
        first = figures[i]
        after = figures[i + 1] if i + 1 < len(figures) else None
        lead = _FROM_RE.search(text, max(0, first.start - 20), first.start)
        between = text[first.end : after.start] if after else ""
        if after and lead and _TO_RE.fullmatch(between):
            joined.append(_range(lead.start(), after.end, first, after))
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


def _figures(text: str) -> list[Figure]:
    masks = _masks(text)
    figures: list[Figure] = []
    for core in _CORE_RE.finditer(text):
        if len(figures) >= _MAX_FIGURES:
            break
        if figures and core.start() < figures[-1].end:
            continue  # already read as part of the previous figure ("ten deployments a day")
        figure = _extend(text, core, masks)
        if figure is not None and (not figures or figure.start >= figures[-1].end):
            figures.append(figure)
    return _pairs(text, figures)


# ---------------------------------------------------------------------------
# Clauses
# ---------------------------------------------------------------------------
_CLAUSE_BREAK_RE = re.compile(
    r"[.!?](?=\s|$)|[;:](?=\s)|,(?=\s)(?!\s+[$€£¥\d])|\n|\s[-–—]\s"
    r"|\s(?=(?:but|while|whilst|whereas|although|though|because|when|which|who|so|then"
    r"|since|until|after|before|if)\s)"
    # "saved $1.2m, €40k and £300": a comma or "and" before a figure joins a list of objects.
    r"|\s(?=(?:and|or)\s+(?![$€£¥\d]))",
    re.IGNORECASE,
)


# Where the situation ends: a turn, or the candidate acting ("When I arrived, I called
# the doctor"; "we had 30 patients" is still the situation).
_TURN_RE = re.compile(
    r"\s*(?:(?:but|then|so|after|afterwards|now|until|which|since|later)\b"
    r"|(?:I|we)\s+(?!(?:had|was|were|have|has|am|are|found|saw|noticed|got|could|couldn't)\b))",
    re.IGNORECASE,
)
_MAX_CLAUSE = 400  # characters: a longer run with no break is cut at a space


@dataclass(slots=True)
class _Clause:
    """What the result rule needs to know about one clause, read once."""

    start: int
    end: int
    situation: bool  # describes the situation before anything was done
    changes: list[tuple[int, int]]  # spans of change cues
    outcomes: list[tuple[int, int]]  # spans of outcome cues
    states: list[tuple[int, int]]  # spans of verbs of state
    output: bool  # has a verb of output
    context: frozenset[str] | None = None  # content words, for comparing with the JD


def _outside(spans: list[tuple[int, int]], figure: Figure) -> bool:
    """Whether a span starts outside the figure: its own words ("one improvement") are no
    cue, "stay under 200 ms" is. The spans are in order, so the first and last are enough."""
    return bool(spans) and (spans[0][0] < figure.start or spans[-1][0] >= figure.end)


class _Clauses:
    """The text cut into clauses; each clause is read when a figure first needs it."""

    def __init__(self, text: str, figures: list[Figure]) -> None:
        self.text = text
        self.starts, self.ends = _clause_spans(text, [f.start for f in figures])
        self.situation = _situations(text, self.starts, self.ends)
        self._read: dict[int, _Clause] = {}

    def of(self, pos: int) -> _Clause:
        i = max(0, bisect.bisect_right(self.starts, pos) - 1)
        clause = self._read.get(i)
        if clause is None:
            start, end = self.starts[i], self.ends[i]

            def spans(pattern: re.Pattern[str]) -> list[tuple[int, int]]:
                return [m.span() for m in pattern.finditer(self.text, start, end)]

            clause = _Clause(start, end, self.situation[i], spans(_CHANGE_RE), spans(_OUTCOME_RE),
                             spans(_STATE_RE),
                             bool(_OUTPUT_RE.search(self.text, start, end)))
            self._read[i] = clause
        return clause

    def context(self, pos: int) -> frozenset[str]:
        clause = self.of(pos)
        if clause.context is None:
            tokens = content_tokens(self.text[clause.start : clause.end])
            clause.context = frozenset(
                t for t in tokens if not any(c.isdigit() for c in t)
            ) - _TOKEN_NOISE
        return clause.context


def _situations(text: str, starts: list[int], ends: list[int]) -> list[bool]:
    """A situation marker ("When I arrived ...") covers the rest of its sentence, up to a
    turn ("but", "then", "so", "now"...): "... her BP had dropped to 90/60" is still the
    situation; "... but after my change it took 40 minutes" is not."""
    flags: list[bool] = []
    current = False
    for start, end in zip(starts, ends, strict=True):
        new_sentence = start == 0 or text[start - 1] in ".!?;\n"
        if _SITUATION_RE.search(text, start, end):
            current = True
        elif new_sentence or _TURN_RE.match(text, start, end):
            current = False
        flags.append(current)
    return flags


def _after_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at `dot` ends an abbreviation that does not end a clause:
    "St. Mary's", "Dr. Patel", "e.g. 30%", "Acme Ltd. grew"."""
    words = text[max(0, dot - 12) : dot + 1].split()
    token = words[-1] if words else ""
    table = abbreviations()
    return token in table.title or token in table.name or token in table.before_digit


def _clause_spans(text: str, figures: list[int]) -> tuple[list[int], list[int]]:
    """Clause spans. A lead-in of three words or fewer with no figure ("As a result,",
    "Within a term,") joins the next clause; nothing joins across ";" or a sentence end."""
    spans: list[tuple[int, int]] = []
    begin = 0
    carry: int | None = None
    for cut in _CLAUSE_BREAK_RE.finditer(text):
        mark = cut.group(0)
        if mark == "." and _after_abbreviation(text, cut.start()):
            continue
        end = cut.end()
        has_figure = bisect.bisect_left(figures, begin) < bisect.bisect_left(figures, end)
        lead_in = mark not in (".", "!", "?", ";", "\n") and not has_figure
        if (lead_in and len(text[begin:end].split()) <= 3 and end < len(text)
                and not _SITUATION_RE.search(text, begin, end)):
            carry = begin if carry is None else carry
        else:
            spans.append((begin if carry is None else carry, end))
            carry = None
        begin = end
    spans.append((begin if carry is None else carry, len(text)))
    starts: list[int] = []
    ends: list[int] = []
    for start, end in spans:
        while end - start > _MAX_CLAUSE:  # a list of figures with no break is no clause
            cut = text.rfind(" ", start + 1, start + _MAX_CLAUSE)
            cut = cut if cut > start else start + _MAX_CLAUSE
            starts.append(start)
            ends.append(cut)
            start = cut
        starts.append(start)
        ends.append(end)
    return starts, ends


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------
def _near_reading(text: str, figure: Figure, clause: _Clause) -> bool:
    """A reading term in the three words before the figure, in it, or in the two after."""
    before = text[max(clause.start, figure.start - _LOOK) : figure.start].split()[-3:]
    after = text[figure.end : min(clause.end, figure.end + _LOOK)].split()[:2]
    window = " ".join([*before, text[figure.start : figure.end], *after])
    return bool(_READING_TERM_RE.search(window))


def _is_result(text: str, figure: Figure, clauses: _Clauses) -> bool:
    clause = clauses.of(figure.start)
    if clause.situation:
        return False
    change = _outside(clause.changes, figure)
    cue = change or _outside(clause.outcomes, figure)
    reading = figure.kind in ("count", "percent") and _near_reading(text, figure, clause)
    if reading:
        return change or figure.comparative  # a reading is a result only when it changed
    if figure.kind == "money":
        return cue
    if cue or figure.kind in ("change", "range") or figure.comparative:
        return True
    if figure.kind == "percent":
        before = text[max(clause.start, figure.start - _LOOK) : figure.start].split()[-3:]
        return not _READING_RE.search(" ".join(before))
    if figure.duration and _previous_word(text, figure.start) in ("in", "within", "inside"):
        return True
    if not figure.rate:
        return False
    if clause.output:
        return True  # "picked 120 units per shift"
    # "Ten deployments a day" is the candidate's output; "the ward takes 30 admissions a
    # day", "six patients a shift" and "two shifts a week" are the workload.
    workload = figure.duration or bool(_PEOPLE_RE.search(text, figure.start, figure.end))
    return not workload and not _outside(clause.states, figure)


_TOKEN_NOISE = content_tokens(
    " ".join(_CUES + tuple(_WORD_VALUES) + tuple(_SCALES) + tuple(_TIME_UNITS))
    + " i we you they he she it my our your their me us them this year"
)
_Index = dict[tuple[str, float], list[frozenset[str]]]


@lru_cache(maxsize=64)
def _exclude_index(exclude: str) -> _Index:
    """Every figure in the exclude text (the JD), by value, with its clause's words."""
    text = exclude[:MAX_CHARS].translate(_PREPARE)
    figures = _figures(text)
    clauses = _Clauses(text, figures)
    index: _Index = {}
    for figure in figures:
        context = clauses.context(figure.start)
        for value in figure.values:
            index.setdefault(value, []).append(context)
    return index


def _excluded(figure: Figure, context: frozenset[str], index: _Index) -> bool:
    """Every value of the figure is in the JD, and is big or said about the same thing."""
    for value in figure.values:
        seen = index.get(value)
        if not seen:
            return False
        if value[1] < 1000 and not any(context & other for other in seen[:20]):
            return False
    return True


@lru_cache(maxsize=256)
def _results(text: str, exclude: str) -> tuple[tuple[int, int], ...]:
    """Spans of the result figures in the text (already cut to MAX_CHARS)."""
    prepared = text.translate(_PREPARE)
    figures = _figures(prepared)
    clauses = _Clauses(prepared, figures)
    index = _exclude_index(exclude) if exclude.strip() else {}
    spans: list[tuple[int, int]] = []
    for figure in figures:
        if not _is_result(prepared, figure, clauses):
            continue
        if index and _excluded(figure, clauses.context(figure.start), index):
            continue
        spans.append((figure.start, figure.end))
    return tuple(spans)


def result_figures(text: str, *, exclude: str = "") -> tuple[str, ...]:
    """The figures in `text` that carry a result, exactly as written, in order, once each.

    `exclude` is text whose figures are not the candidate's (the JD). See the module
    docstring for the rule.
    """
    text = (text or "")[:MAX_CHARS]
    quoted = (text[a:b].strip() for a, b in _results(text, exclude or ""))
    return tuple(dict.fromkeys(q for q in quoted if q))


def has_result(text: str, *, exclude: str = "") -> bool:
    return bool(_results((text or "")[:MAX_CHARS], exclude or ""))


def measurable_tokens(text: str) -> tuple[str, ...]:
    """The result figures in `text` (kept for the modules that import this name)."""
    return result_figures(text)


def number_phrase(text: str, max_words: int = 10) -> str:
    """The clause of a line that carries its first result figure, at most max_words:
    "cutting p99 latency from 480 ms to 120 ms"."""
    text = (text or "")[:MAX_CHARS]
    spans = _results(text, "")
    if not spans:
        return ""
    figure_start, figure_end = spans[0]
    prepared = text.translate(_PREPARE)
    clause = _Clauses(prepared, _figures(prepared)).of(figure_start)
    start, end = clause.start, max(clause.end, figure_end)
    words = text[start:end].split()
    through = len(text[start:figure_end].split())  # words up to the end of the figure
    if through > max_words:
        words = words[through - max_words :]
    words = clip_phrase(" ".join(words), max_words).split()
    while words and words[-1].lower() in _STOP:
        words.pop()
    return " ".join(words)
