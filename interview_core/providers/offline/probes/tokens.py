"""An answer as words and clause breaks, and the normal forms texts are compared in.

Every mark but the comma is a clause break; the comma is a soft break a quote may run over.
A dot or comma inside a number ("3.5", "1,200") stays in its word; so does a dot inside an
address ("example.com"), which then makes the word unquotable.
"""

from __future__ import annotations

import re
from functools import lru_cache

_BREAKS = '!?;:"()[]{}<>*`_~|\n\r=@^\\'
_ASCII_BREAK_TABLE = str.maketrans({**{c: "|" for c in _BREAKS}, "\t": " "})
_BREAK_RE = re.compile("[" + re.escape(_BREAKS + "“”„«»…—–―") + "]")
# Typographic apostrophes and hyphens, one character for one character.
_UNIFY = (("‘", "'"), ("’", "'"), ("ʼ", "'"), ("‐", "-"), ("‑", "-"), ("‒", "-"), ("−", "-"))

KEY_MAP = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})
_SPACE_RE = re.compile(r"\s+")


def key(text: str) -> str:
    """Straight quotes, lower case, single spaces: to spot a frame or a quote in what the
    interviewer said before."""
    return _SPACE_RE.sub(" ", text.translate(KEY_MAP).lower()).strip()


def unify(text: str) -> str:
    """Typographic apostrophes and hyphens as plain ones; the length is kept."""
    if text.isascii():
        return text
    for fancy, plain in _UNIFY:
        if fancy in text:
            text = text.replace(fancy, plain)
    return text


_WORD_OK_RE = re.compile(r"[$€£#]?[^\W_]+(?:(?:['\-/&+]|(?<=\d)[.,](?=\d))[^\W_]+)*[%#+]*")
_ADDRESS_RE = re.compile(r"[^\W\d_]\.[^\W\d_]|//")
_LETTER_COMMA_RE = re.compile(r"[^\W\d_],|,[^\W\d_]")


@lru_cache(maxsize=4096)
def _clean(token: str) -> str | None:
    """A token that is not plain letters and digits, as a word; "" for a mark between clauses
    (" - ", " & "); None for something unquotable (an emoji, "example.com")."""
    word = token.strip("'-/&+.,")
    if not word:
        return ""
    if not _WORD_OK_RE.fullmatch(word) or _ADDRESS_RE.search(word):
        return None
    return word


def tokenize(text: str) -> tuple[list[str], list[bool], list[tuple[int, int]], set[int]]:
    """(words in lower case, whether a comma follows each, word ranges between hard breaks,
    the range starts that follow an unquotable word and so begin mid-clause)."""
    if text.isascii():
        low = text.lower().translate(_ASCII_BREAK_TABLE)  # the fast, ASCII-only path
    else:
        low = _BREAK_RE.sub("|", unify(text).lower().replace("\t", " "))
    if ".." in low:
        low = low.replace("..", "|")
    low = low.replace(". ", "|")
    lows: list[str] = []
    commas: list[bool] = []
    chunks: list[tuple[int, int]] = []
    broken: set[int] = set()
    isalnum = str.isalnum
    for piece in low.split("|"):
        lo = len(lows)
        for part in piece.split(", "):
            words = part.split()
            if not words:
                continue
            if all(map(isalnum, words)):
                lows.extend(words)
                commas.extend([False] * len(words))
            else:
                for token in words:
                    if isalnum(token):
                        lows.append(token)
                        commas.append(False)
                        continue
                    subs = (
                        token.split(",")  # "it,and" typed without a space
                        if "," in token and _LETTER_COMMA_RE.search(token)
                        else [token]
                    )
                    for i, sub in enumerate(subs, 1 - len(subs)):
                        word = _clean(sub)
                        if not word:  # a break inside the piece
                            if len(lows) > lo:
                                chunks.append((lo, len(lows)))
                            lo = len(lows)
                            if word is None:
                                broken.add(lo)  # what follows is mid-clause
                            continue
                        lows.append(word)
                        commas.append(i < 0)  # all but the last had a comma after them
            if len(lows) > lo:
                commas[-1] = True  # a comma follows each part but the last
        if len(lows) > lo:
            commas[-1] = False
            chunks.append((lo, len(lows)))
    return lows, commas, chunks, broken
