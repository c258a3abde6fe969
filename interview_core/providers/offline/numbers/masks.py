"""Spans that hold no figure, whatever digits they have.

Labels and product names (Year 9, Key Stage 3, Band 5, Python 3.12, Route 53, ISO 27001,
Web 2.0: a label word from data/numbers_labels.txt before the number, or letters glued to
the digits: S3, EC2, COVID-19); references to a numbered thing (data/numbers_references.txt:
"answer 4", "questions 3 and 4", "step two"); dates, years and decades; times of day; "9 to 5" and
"24/7"; ages ("aged 7-11", "a 45-year-old"); list numbering; phone numbers and other long
digit runs; a band ("stayed between 2 and 8 degrees": a limit kept to, not a change). (A
capitalised word before a bare number mid-sentence -- "Office 365" -- is
told by `figures._is_name`, which needs to know where the sentence starts.)
"""

from __future__ import annotations

import bisect
import re

from interview_core.providers.offline.numbers.patterns import NUM, UNIT, WORD
from interview_core.providers.offline.numbers.wordlists import alternation, items

_LABELS = items("numbers_labels.txt")
_REFERENCES = items("numbers_references.txt")
Masks = tuple[list[int], list[int]]  # merged (starts, ends)

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_QUANTITY = rf"(?:{NUM}|{WORD})"
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
    |\b(?:9|nine)\s*(?:-|to|till|until)\s*(?:5|five)\b(?!\s*(?:%|percent|{UNIT}\b))
    |\b24\s*[/x]\s*7(?:\s*/\s*365)?\b
    |\bbetween\s+{_QUANTITY}(?:\s*{UNIT}\b)?\s*(?:and|-)\s*{_QUANTITY}      # a band kept to
    (?:(?:\s*|-)(?:{UNIT}|degrees?|°c?)\b)?
    |\b(?:aged?|ages)\s+{_QUANTITY}(?:\s*(?:-|to|and)\s*{_QUANTITY})?
        (?:\s*(?:years?|yrs?)(?:\s+old)?)?
    |\b{_QUANTITY}(?:\s*(?:-|to)\s*{_QUANTITY})?[\s-]+(?:years?|months?|weeks?)[\s-]+olds?\b
    |\b(?:his|her|their|my)\s+(?:early\s+|late\s+|mid-?\s*)?\d0s\b
    |(?m:^[ \t]*(?:\(?\d{{1,2}}[.)]|\#\d{{1,2}})(?=\s))                         # 1. / 2) lists
    |\(\d{{1,2}}\)
    |(?<=\s)\d{{1,2}}\)(?=\s)
    |(?<![\w]){alternation(_LABELS)}\s*\#?\s?\d+(?:\.\d+)*[a-z]?
        (?![\d,]|\s?(?:%|percent|x\b))
    |(?<![\w]){alternation(_REFERENCES)}\s*\#?\s?(?:\d+[a-z]?|{WORD})        # answer 4, steps 2-4
        (?:\s*(?:,|-|&|and|or|to)\s*(?:\d+[a-z]?|{WORD})(?![\w]))*
        (?![\w%]|[.,]\d|\s?(?:%|percent|x\b))
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


def masks(text: str) -> Masks:
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


def masked(spans: Masks, pos: int) -> bool:
    """Whether `pos` is inside one of the spans."""
    starts, ends = spans
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and pos < ends[i]
