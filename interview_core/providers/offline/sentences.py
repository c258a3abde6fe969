"""Splitting answers, CV and JD text into sentences without breaking at abbreviations.

A full stop, "!", "?" or an ellipsis ends a sentence when whitespace (or the end of the
text) follows it and the next word does not start in lower case ("etc. and", "Ltd. is
hiring" and "wait... then" go on). Abbreviations (data/abbreviations.txt) refine the
full stop:

* title ones ("Dr.", "St.", "e.g.", "vs.") never end a sentence: a name or an example
  always follows them;
* before-digit ones ("No. 5", "Sep. 2023", "Fig. 2") do not end one when a number follows;
* name ones ("Inc.", "Ltd.", "etc.", "U.S.", an initial as in "J. Smith") end one only
  when the next word usually starts a sentence ("I", "The", "We"...), so "Meridian
  Freight Ltd. The team" splits and "the U.S. Army" does not.

Decimals and versions ("3.5", "v2.1") never split because no whitespace follows the dot.
A line break ends a sentence unless the next line starts in lower case or the line ends
mid-phrase (a comma, "and", "of"...): that is a hard-wrapped paragraph, and its lines are
joined with a space. A blank line always ends a sentence.

The work is linear in the text: one regex pass, and a bounded look around each stop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_LOOK = 40  # how far to look back for the word before a stop, and ahead for the next word


@dataclass(frozen=True, slots=True)
class Abbreviations:
    title: frozenset[str]
    before_digit: frozenset[str]
    name: frozenset[str]


@lru_cache(maxsize=1)
def abbreviations() -> Abbreviations:
    """data/abbreviations.txt, by section."""
    table = resources.files(__package__).joinpath("data", "abbreviations.txt").read_text("utf-8")
    sections: dict[str, set[str]] = {"title": set(), "before-digit": set(), "name": set()}
    current: set[str] | None = None
    for raw in table.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections[line[1:-1]]
        elif current is not None:
            current.add(line)
    return Abbreviations(
        frozenset(sections["title"]),
        frozenset(sections["before-digit"]),
        frozenset(sections["name"]),
    )


# Words that usually open a sentence: after a "name" abbreviation they mean the stop ended one.
_STARTERS = frozenset(
    "I I'm I've I'd We We're We've Our Us You Your He She His Her It It's Its They Their Them "
    "The A An This That These Those There Here Then Now So But And Or Yet Also After Before "
    "When While Since As At In On By For From With Without During Today Yesterday Tomorrow "
    "Next Last If Because Although Though However Meanwhile Finally First Second Third Each "
    "Every All Some Most Many My Me What Why How Who Where Which Overall Later Soon".split()
)
# A run of stops is tried once, from its first mark (the lookbehind), and taken whole (the
# possessive "++"): "!!!!...x" must not be retried at every mark, which is quadratic.
_BOUNDARY_RE = re.compile(r"(?<![.!?\u2026])[.!?\u2026]++[\"'\u201d\u2019)\]]*+(?=\s|$)|\n")
_CLOSERS = "\"'\u201d\u2019)]"
_INITIALS_RE = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Z]\.")
_NEXT_WORD_RE = re.compile(r"[\"'\u201c\u2018(\[]*([\w'\u2019]+)")
_TOKEN_LEAD = "\"'\u201c\u2018(["
# A line that ends like this is wrapped mid-phrase, whatever the next line starts with.
_CONTINUES_RE = re.compile(
    r"(?:[,;&/(\-\u2013\u2014]|\b(?:and|or|but|of|the|a|an|to|with|for|in|on|at|by|from|"
    r"as|that|which|who|our|my|their|its|than|into|per|via|&))\s*$",
    re.IGNORECASE,
)
_WRAP_RE = re.compile(r"\s*\n\s*")


def _word_before(text: str, end: int, floor: int) -> str:
    """The whitespace-free token that ends at `end` (the stop included), bounded look-back."""
    begin = max(floor, end - _LOOK)
    chunk = text[begin:end]
    cut = max(chunk.rfind(" "), chunk.rfind("\n"), chunk.rfind("\t"))
    return chunk[cut + 1 :].lstrip(_TOKEN_LEAD)


def _next_text(text: str, pos: int) -> tuple[str, bool]:
    """(the text after the whitespace that follows `pos`, whether that whitespace holds a
    blank line). Bounded: a very long run of whitespace counts as a blank line."""
    window = text[pos : pos + _LOOK]
    stripped = window.lstrip()
    gap = window[: len(window) - len(stripped)]
    blank = gap.count("\n") >= 2 or (not stripped and len(window) == _LOOK)
    return stripped, blank


def _stop_ends_sentence(text: str, stop: re.Match[str], floor: int) -> bool:
    after, blank = _next_text(text, stop.end())
    if blank or not after:
        return True
    if after[0].islower():
        return False  # "etc. and", "Ltd. is hiring", "wait... then"
    marks = stop.group(0).rstrip(_CLOSERS)
    if marks != ".":
        return True  # "!", "?", "?!", an ellipsis before a capital
    token = _word_before(text, stop.start() + 1, floor)
    table = abbreviations()
    if token in table.title:
        return False
    if token in table.before_digit:
        return not after[0].isdigit()
    if token in table.name or _INITIALS_RE.fullmatch(token):
        word = _NEXT_WORD_RE.match(after)
        return bool(word) and word.group(1) in _STARTERS  # type: ignore[union-attr]
    return True


def _line_ends_sentence(text: str, newline: int, floor: int) -> bool:
    after, blank = _next_text(text, newline)
    if blank or not after:
        return True
    before = text[max(floor, newline - _LOOK) : newline]
    if not before.strip():
        return False  # nothing to end yet
    # A line that goes on in lower case, or stops mid-phrase, is hard-wrapped.
    return not (after[0].islower() or _CONTINUES_RE.search(before))


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, stripped and in order; wrapped lines are joined by a space."""
    sentences: list[str] = []
    start = 0
    for boundary in _BOUNDARY_RE.finditer(text):
        if boundary.group(0) == "\n":
            if not _line_ends_sentence(text, boundary.start(), start):
                continue
            cut = boundary.start()
        else:
            if not _stop_ends_sentence(text, boundary, start):
                continue
            cut = boundary.end()
        piece = _WRAP_RE.sub(" ", text[start:cut]).strip()
        if piece:
            sentences.append(piece)
        start = cut
    piece = _WRAP_RE.sub(" ", text[start:]).strip()
    if piece:
        sentences.append(piece)
    return sentences
