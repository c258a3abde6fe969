"""The text cut into clauses, and what the result rule needs to know about each.

The text is cut at , ; : . (not after "St.", "Dr.", "e.g."...) and before "but", "when",
"which", "so", "because"... and "and"/"or" -- a comma, "and" or "or" before digits or money
does not cut ("saved $1.2m, €40k and £300" share their verb). A lead-in of three words or
fewer with no figure ("As a result,", "Within a term,") joins the next clause. A clause is
cut at 400 characters.

Each clause is read when a figure first needs it: its change and outcome cues
(data/numbers_cues.txt), its verbs of state and output, and whether it tells the situation
before anything was done (data/numbers_situation.txt).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from interview_core.providers.offline.numbers.figures import Figure
from interview_core.providers.offline.numbers.patterns import (
    SCALES,
    TIME_UNITS,
    WORD,
    WORD_VALUES,
)
from interview_core.providers.offline.numbers.wordlists import (
    alternation,
    items,
    phrase_re,
    sections,
)
from interview_core.providers.offline.sentences import abbreviations
from interview_core.providers.offline.text import content_tokens

_CUE_SECTIONS = sections("numbers_cues.txt")
_CUES = _CUE_SECTIONS["change"] + _CUE_SECTIONS["outcome"]
# "went up to 40" is a change; "classes of up to 30", "supports up to 64 GB", "credits up to
# £100" are not: "up to" is a change only after a verb of movement.
_CHANGE_RE = re.compile(
    rf"(?<![\w])(?:{alternation(_CUE_SECTIONS['change'])}(?![\w])"
    r"|\b(?:went|gone|go|goes|going|came|come|comes|coming|rose|risen|rising|moved|jumped"
    r"|climbed|crept|shot|got|gets|getting|now)\s+up\s+to\b)",
    re.IGNORECASE,
)
_OUTCOME_RE = re.compile(
    rf"(?<![\w]){alternation(_CUE_SECTIONS['outcome'])}(?![\w])", re.IGNORECASE
)
_SITUATION_RE = phrase_re(items("numbers_situation.txt"))
_ASKS = sections("numbers_asks.txt")
_HYPOTHETICAL_RE = re.compile(
    rf"(?<![\w]){alternation(_ASKS['hypothetical'])}(?![\w])"
    # "I'd", "we'd" are "I would" -- but "we'd saved", "I'd been" are "we had".
    r"|(?<![\w])(?:i|we|they|he|she|you)'d\s+(?!(?:[a-z]+ed|been|done|made|cut|got|had|gone"
    r"|won|built|brought|taken|seen|grown|already|never|just|led|run|kept|held|sold)\b)",
    re.IGNORECASE,
)
# Where a plan ends inside its sentence: "I would grow it, which I did 420 times".
_REAL_TURN_RE = re.compile(r"\s*(?:but|which|because|since|whereas|although)\b", re.IGNORECASE)
_OUTPUT_RE = phrase_re(items("numbers_output_verbs.txt"))
_STATE_RE = phrase_re(items("numbers_states.txt"))

_CLAUSE_BREAK_RE = re.compile(
    # "120 ms p99, zero incidents": a number word and its plural noun after a comma go on the
    # list too.
    rf"[.!?](?=\s|$)|[;:](?=\s)|,(?=\s)(?!\s+(?:[$€£¥\d]|(?:{WORD})\s+[a-z]+s\b))|\n|\s[-–—]\s"
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
# Words that tell nothing about what a clause is about, for comparing it with the JD's.
_TOKEN_NOISE = content_tokens(
    " ".join(_CUES + tuple(WORD_VALUES) + tuple(SCALES) + tuple(TIME_UNITS))
    + " i we you they he she it my our your their me us them this year"
)


@dataclass(slots=True)
class Clause:
    """What the result rule needs to know about one clause, read once."""

    start: int
    end: int
    situation: bool  # describes the situation before anything was done
    hypothetical: bool  # a plan or a condition: "By day 90 I'd aim to ...", "If I ..."
    changes: list[tuple[int, int]]  # spans of change cues
    outcomes: list[tuple[int, int]]  # spans of outcome cues
    states: list[tuple[int, int]]  # spans of verbs of state
    output: bool  # has a verb of output
    context: frozenset[str] | None = None  # content words, for comparing with the JD


def outside(spans: list[tuple[int, int]], figure: Figure) -> bool:
    """Whether a span starts outside the figure: its own words ("one improvement") are no
    cue, "stay under 200 ms" is. The spans are in order, so the first and last are enough."""
    return bool(spans) and (spans[0][0] < figure.start or spans[-1][0] >= figure.end)


class Clauses:
    """The text cut into clauses; each clause is read when a figure first needs it."""

    def __init__(self, text: str, figures: list[Figure]) -> None:
        self.text = text
        self.starts, self.ends = _clause_spans(text, [f.start for f in figures])
        self.situation = _situations(text, self.starts, self.ends)
        self.hypothetical = _hypotheticals(text, self.starts, self.ends)
        self._read: dict[int, Clause] = {}

    def of(self, pos: int) -> Clause:
        """The clause that holds `pos`."""
        i = max(0, bisect.bisect_right(self.starts, pos) - 1)
        clause = self._read.get(i)
        if clause is None:
            start, end = self.starts[i], self.ends[i]

            def spans(pattern: re.Pattern[str]) -> list[tuple[int, int]]:
                return [m.span() for m in pattern.finditer(self.text, start, end)]

            clause = Clause(start, end, self.situation[i], self.hypothetical[i], spans(_CHANGE_RE), spans(_OUTCOME_RE),
                            spans(_STATE_RE), bool(_OUTPUT_RE.search(self.text, start, end)))
            self._read[i] = clause
        return clause

    def context(self, pos: int) -> frozenset[str]:
        """The content words of the clause that holds `pos`, without figures and cues."""
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


def _hypotheticals(text: str, starts: list[int], ends: list[int]) -> list[bool]:
    """A plan or condition ("I'd", "I would", "if") covers its clause and the rest of its
    sentence, up to ";", ":" or a turn back to what happened ("which I did", "but")."""
    flags: list[bool] = []
    current = False
    for start, end in zip(starts, ends, strict=True):
        if start == 0 or text[start - 1] in ".!?;:\n" or _REAL_TURN_RE.match(text, start, end):
            current = False
        if _HYPOTHETICAL_RE.search(text, start, end):
            current = True
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
