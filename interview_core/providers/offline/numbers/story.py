"""Results read from the order of a story: what came after the candidate acted.

context.py judges each figure by its own clause. A story also says things across its
sentences, which this reads once the candidate's first action is found (an "I" or "we" with
a past-tense verb of doing: "I introduced", "we moved"; not "I was", "I had", "I started at
Boots", "we came in on budget"):

  * a before/after pair: a figure after the action that says what an earlier one said (the
    same unit, and their clauses share a content word: "At FreshMart shrinkage was 2.1%. ...
    After 12 months shrinkage was 1.3%.") is a result when the value changed, and none when
    it did not;
  * a time after the action: a figure stated after a verb of state in a sentence or clause
    that opens with a later time ("After 12 months shrinkage was 1.3%", "Six months later
    there were 2 ulcers a month", "By March the close took 6 days") is a result, unless the
    same measure is given before the action with the same value;
  * the situation's figure: when the story has a result after the action, a figure in a
    sentence before the first action that no "I" or "we" is in ("Last year head office cut
    our weekly hours by 8%", "In my first term 48% were on track") is the scene, not the
    candidate's result. With no result after the action, a result told first ("Overtime fell
    20% in my first quarter. I rebuilt the rota.") is still the candidate's.

A plan or a condition, an ask or a target, and a situation marker's clause are never made
results here (context.py passes them as `blocked`).
"""

from __future__ import annotations

import bisect
import re

from interview_core.providers.offline.numbers.clauses import Clauses
from interview_core.providers.offline.numbers.figures import Figure
from interview_core.providers.offline.numbers.patterns import NUM, WORD
from interview_core.providers.offline.numbers.wordlists import items
from interview_core.providers.offline.text import content_tokens

_YEARS_RE = re.compile(r"\b(?:years?|yrs?|decades?)\b", re.IGNORECASE)
_LOOK_SENTENCES = 40  # sentences read for the first action: a story's action comes early


def _past_forms() -> frozenset[str]:
    return frozenset(line.split()[1] for line in items("verbs_irregular.txt"))


_PAST = _past_forms()
# Past tenses that tell a state, a perception or a wish, not something done.
_NOT_DEEDS = frozenset(
    "was were had did got felt thought knew saw found noticed realised realized heard learned "
    "learnt wanted needed tried used seemed liked loved hoped expected meant became inherited "
    "arrived joined went".split()
)
# "I started at Boots", "we came in on budget", "I moved to FreshMart": where, not a deed.
_WHERE_VERBS = frozenset("started began moved came went worked stayed returned".split())
_WHERE_AFTER_RE = re.compile(r"\s+(?:at|as|in|on|to|there|here|with|back|into|from)\b",
                             re.IGNORECASE)
_ACT_RE = re.compile(
    r"(?<![\w'])(?:I|we)\s+(?:(?:[a-z]+ly|also|then|first|just|soon|later|personally)\s+)?"
    r"([a-z]+)\b",
    re.IGNORECASE,
)
_PERSON_RE = re.compile(r"(?<![\w'])(?:I|we)(?:'m|'ve|'d|'ll)?(?![\w'])", re.IGNORECASE)
_TIME = r"(?:second|minute|hour|day|working\s+day|week|fortnight|month|quarter|year|term|semester|shift)s?"
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november"
           "|december")
_LATER_RE = re.compile(
    r"(?:^|[.!?;:,]\s*|\b(?:and|so|then|but)\s+)(?:"
    rf"(?:after|within|in|over)\s+(?:the\s+(?:next|following|first)\s+)?(?:{NUM}|{WORD}|a|an"
    rf"|another)\s+{_TIME}"
    rf"|(?:{NUM}|{WORD}|a|an)\s+{_TIME}\s+(?:later|on)\b"
    rf"|by\s+(?:the\s+end\s+of\s+(?:the\s+|that\s+|my\s+)?[a-z]+|the\s+(?:summer|spring|autumn"
    rf"|winter|time)|{_MONTHS}|the\s+next\s+[a-z]+)"
    r"|at\s+the\s+end\s+of\s+(?:the|that|my)\s+[a-z]+)",
    re.IGNORECASE,
)
_NUMBER_RE = re.compile(rf"(?<![\w]){NUM}|\b{WORD}\b|[$€£¥]", re.IGNORECASE)
# Words that say nothing about what was measured.
_NOISE = content_tokens(" ".join(items("numbers_states.txt")) + " after later within by since "
                        "then now month months week weeks year years day days")
_BOUND_WORDS = frozenset("under over below above more less fewer than at least most nearly "
                         "almost about around roughly approximately approx only just well".split())


def _is_deed(text: str, match: re.Match[str]) -> bool:
    verb = match.group(1).lower()
    past = verb in _PAST or (len(verb) > 3 and verb.endswith("ed"))
    if not past or verb in _NOT_DEEDS:
        return False
    return not (verb in _WHERE_VERBS and _WHERE_AFTER_RE.match(text, match.end()))


def _sentence_starts(text: str, clauses: Clauses) -> list[int]:
    return [s for s in clauses.starts if s == 0 or text[s - 1] in ".!?\n"]


def _first_deed(text: str, clauses: Clauses, starts: list[int]) -> int | None:
    """Where the candidate first acts in the story: an I/we with a past verb of doing, not
    in a plan or a condition."""
    limit = starts[_LOOK_SENTENCES] if len(starts) > _LOOK_SENTENCES else len(text)
    for match in _ACT_RE.finditer(text, 0, limit):
        if _is_deed(text, match) and not clauses.of(match.start()).hypothetical:
            return match.start(1)
    return None


def _unit(text: str, figure: Figure) -> tuple[str, str]:
    """What a figure measures in: ("%", ""), ("$", ""), or ("n", "pressure ulcers a month")."""
    group = figure.values[0][0] if figure.values else "n"
    if group in ("%", "$"):
        return group, ""
    words = [w for w in _NUMBER_RE.sub(" ", text[figure.start : figure.end]).lower().split()
             if w not in _BOUND_WORDS]
    return group, " ".join(words)


def _measure(text: str, figure: Figure) -> bool:
    """A figure that can be a measure read before and after: a percentage, money, a share,
    a rate or a time -- not a plain count ("took two patients myself", "32 patients") nor a
    span of years ("for three years": a tenure)."""
    if figure.bare or figure.score or figure.kind in ("range", "change", "multiplier"):
        return False
    if figure.duration and _YEARS_RE.search(text, figure.start, figure.end):
        return False
    return figure.kind in ("percent", "money", "share") or figure.rate or figure.duration


class _Words:
    """The content words of a figure's clause outside every figure, with no verb of state;
    read once a clause."""

    def __init__(self, text: str, clauses: Clauses, found: list[Figure]) -> None:
        self.text, self.clauses, self.found = text, clauses, found
        self.starts = [f.start for f in found]
        self.read: dict[int, frozenset[str]] = {}

    def of(self, figure: Figure) -> frozenset[str]:
        clause = self.clauses.of(figure.start)
        words = self.read.get(clause.start)
        if words is None:
            chunk = list(self.text[clause.start : clause.end])
            first = bisect.bisect_left(self.starts, clause.start)
            for other in self.found[max(0, first - 1) : bisect.bisect_left(self.starts, clause.end)]:
                for k in range(max(other.start, clause.start), min(other.end, clause.end)):
                    chunk[k - clause.start] = " "
            words = self.read[clause.start] = content_tokens("".join(chunk)) - _NOISE
        return words


def _changed(before: Figure, after: Figure) -> bool:
    return before.values[:1] != after.values[:1]


def adjust(text: str, found: list[Figure], clauses: Clauses, verdicts: list[bool],
           blocked: list[bool], readings: list[bool]) -> list[bool]:
    """The verdicts (one a figure: a result or not, by its clause) read again in the story's
    order; `blocked` figures (plans, asks, targets, the situation's clauses) stay as they are,
    and a reading (a vital, a score) is a result only as half of a pair that changed."""
    if not found:
        return verdicts
    starts = _sentence_starts(text, clauses)
    deed = _first_deed(text, clauses, starts)
    if deed is None:
        return verdicts
    out = list(verdicts)
    words = _Words(text, clauses, found)
    # The measures told before the candidate acted, by unit: (index, figure).
    told: dict[tuple[str, str], list[int]] = {}
    for j, earlier in enumerate(found):
        if earlier.end <= deed and _measure(text, earlier):
            told.setdefault(_unit(text, earlier), []).append(j)
    for i, figure in enumerate(found):
        if figure.start < deed or out[i] or blocked[i] or not _measure(text, figure):
            continue
        unit = _unit(text, figure)
        # A unit with a noun ("pressure ulcers a month") names the measure; "%", money and
        # time need the clauses to name the same thing ("shrinkage", "the close").
        named = bool(unit[1]) and not figure.duration
        pairs = [j for j in told.get(unit, ())
                 if named or words.of(figure) & words.of(found[j])]
        if pairs:
            out[i] = _changed(found[pairs[-1]], figure)
            continue
        clause = clauses.of(figure.start)
        sentence = starts[max(0, bisect.bisect_right(starts, figure.start) - 1)]
        later = _LATER_RE.search(text, max(0, sentence - 1), figure.start)
        stated = any(start < figure.start for start, _ in clause.states)
        if later and later.end() <= figure.start and stated and not readings[i]:
            out[i] = True
    if not any(out[i] for i, f in enumerate(found) if f.start >= deed):
        return out
    first = starts[max(0, bisect.bisect_right(starts, deed) - 1)]
    for i, figure in enumerate(found):
        if figure.start >= first:
            break
        if not out[i]:
            continue
        sentence = starts[max(0, bisect.bisect_right(starts, figure.start) - 1)]
        end = starts[bisect.bisect_right(starts, figure.start)] if bisect.bisect_right(
            starts, figure.start) < len(starts) else len(text)
        if not _PERSON_RE.search(text, sentence, end):
            out[i] = False  # the scene before the candidate acted
    return out
