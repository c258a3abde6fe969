"""Text written by other people (CVs, job descriptions, answers, titles), made safe to
put in a prompt, and the same bracket rules for what a model sends back.

Our data fences are `<<<BEGIN CV>>>` ... `<<<END CV>>>`. A CV holding
"<<<END CV>>>", or anything a model might read as that ("<<END CV>>",
"≪‹ ≫", "⟪⟨END⟩⟫", "〈〈〈", "《《《", "&lt;&lt;&lt;"), must not close the data
block early and smuggle the rest in as instructions. So every look-alike is
neutralised before it is fenced: entities decoded, compatibility forms folded,
hidden characters dropped, any run of two or more angle brackets of any script
collapsed to one guillemet, and a bracket that frames BEGIN/END turned into a
parenthesis.
"""

from __future__ import annotations

import html
import re
import unicodedata

from interview_core.documents.text import cut_mark_runs

# Angle brackets and angle quotation marks of every script that look like "<" or ">"
# (checked against the Unicode names in tests/test_untrusted.py). Comparison signs
# such as "≤" are not brackets and stay.
OPENING = "<‹«≪⋘〈❬❮❰⟨⟪⦑⧼〈《⪡⫷"
CLOSING = ">›»≫⋙〉❭❯❱⟩⟫⦒⧽〉》⪢⫸"
# One of these already reads as a doubled bracket ("≪" is "<<").
_DOUBLES = frozenset("«»≪≫⋘⋙⟪⟫《》⪡⪢⫷⫸")
_ANY = re.escape(OPENING + CLOSING)
# Two or more bracket characters in a row, spaces allowed between; or one double.
_RUN = re.compile(rf"[{_ANY}](?:\s*[{_ANY}])+|[{re.escape(''.join(_DOUBLES))}]")
# A bracket framing a fence word: "<BEGIN", "‹ END", "CV>" after "END CV".
_FRAMED = re.compile(
    rf"[{_ANY}]\s*((?:BEGIN|END)\b[^\n{_ANY}]{{0,60}}?)\s*[{_ANY}]|[{_ANY}]\s*(?=(?:BEGIN|END)\b)",
    re.I,
)
# Invisible characters that could hide a delimiter: format characters (zero-width
# spaces, joiners, bidi marks, BOM, tag characters) are dropped by category; these
# are the combining grapheme joiner, Hangul fillers and variation selectors, not "Cf".
_HIDDEN = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0") | frozenset(
    chr(c) for c in range(0xFE00, 0xFE10)
)
FIELD_CHARS = 200  # title, company


def _collapse(match: re.Match[str]) -> str:
    return "‹" if match.group()[0] in OPENING else "›"


def neutralise(text: str) -> str:
    """`text` with nothing left that could pass for one of our fence markers."""
    # Entities first: "&lt;&lt;&lt;" and "&#x3c;" are brackets to a model that reads HTML.
    # Twice, for "&amp;lt;"; a third level is as inert as any other text.
    text = html.unescape(html.unescape(text))
    # NFKC folds fullwidth, small and vertical forms ("＜", "﹤", "︽") into plain ones;
    # runs of combining marks are cut first, which keeps it linear.
    text = unicodedata.normalize("NFKC", cut_mark_runs(text))
    text = "".join(ch for ch in text if ch not in _HIDDEN and unicodedata.category(ch) != "Cf")
    text = _RUN.sub(_collapse, text)
    return _FRAMED.sub(lambda m: f"({m.group(1)})" if m.group(1) else "(", text)


def fence(label: str, text: str) -> str:
    """Wrap untrusted text in a clearly delimited data block."""
    tag = re.sub(r"[^A-Z0-9 ]+", "", label.upper()).strip() or "DATA"
    body = neutralise(text.strip()) or "(empty)"
    return f"<<<BEGIN {tag}>>>\n{body}\n<<<END {tag}>>>"


def one_line(text: str, limit: int = FIELD_CHARS) -> str:
    """A one-line field (title, company): no newlines to fake a new section."""
    return " ".join(text.split())[:limit]


# --- our markers in a model's reply --------------------------------------------

# Anything shaped like a fence marker, however mangled: a run of brackets (or one
# double), optional spaces, BEGIN/END and a label, and any closing brackets.
# Each alternative starts only where a run of brackets starts, and takes the run
# whole (possessive), so a reply of 20,000 brackets is read once, not once per bracket.
_MARKER = re.compile(
    rf"(?<![{_ANY}\s])\s*(?:[{_ANY}]\s*)++"
    rf"(?:(?:BEGIN|END)\b[^\n{_ANY}?]{{0,60}}?(?:\s*[{_ANY}])++"
    rf"|(?:BEGIN|END)\s+(?:CV|JOB|ANSWER|COMPANY|DATA)\b[\w ]{{0,40}}"
    rf"|(?:BEGIN|END)\b[\w ]{{0,40}})",
    re.I,
)
_BRACKET_RUN = re.compile(rf"[{_ANY}](?:\s*[{_ANY}])+")


def find_end_marker(text: str) -> re.Match[str] | None:
    """The last marker that closes a block ("<<<END ANSWER 5>>"), if any."""
    last = None
    for match in _MARKER.finditer(text):
        if re.search(r"\bEND\b", match.group(), re.I):
            last = match
    return last


def strip_markers(text: str) -> str:
    """`text` without fence markers or bare bracket runs, in any bracket script."""
    text = _MARKER.sub(" ", neutralise_reply(text))
    return _BRACKET_RUN.sub(" ", text)


def neutralise_reply(text: str) -> str:
    """Fold a reply's brackets the way `neutralise` folds data, without collapsing them."""
    text = html.unescape(text)
    text = unicodedata.normalize("NFKC", cut_mark_runs(text))
    return "".join(ch for ch in text if ch not in _HIDDEN and unicodedata.category(ch) != "Cf")
