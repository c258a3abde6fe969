"""Text clean-up shared by every parser: lines, safe short phrases, tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass

from interview_core.providers.offline.caching import text_cache
from interview_core.providers.offline.sentences import split_sentences

# ---------------------------------------------------------------------------
# Text clean-up shared by every parser
# ---------------------------------------------------------------------------
_CHAR_MAP = str.maketrans(
    {
        "\xad": "-",  # pypdfium2 keeps LaTeX's soft hyphens: "Sep. 2023 \xad Mar. 2024"
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\t": " ",
    }
)
_BULLET_RE = re.compile(
    r"^(?:[-*+\u2022\u00b7\u25aa\u25e6\u25cf\u25cb\u25a0\u25a1\u27a2\u27a4\u25ba\u25b8\u2023\u2043\u2713\u2714\u2192]|\d{1,2}[.)])\s+"
)
_MD_LINK_RE = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")  # [^()]: linear on "(((("
_URL_RE = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_SPACES_RE = re.compile(r"\s+")


def clean_text(text: str) -> str:
    return (text or "").translate(_CHAR_MAP).replace("\r\n", "\n").replace("\r", "\n")


def strip_markup(line: str) -> str:
    """Drop Markdown emphasis, links and code marks; keep the words."""
    line = _MD_LINK_RE.sub(r"\1", line)
    line = line.replace("**", "").replace("__", "").replace("`", "")
    return _SPACES_RE.sub(" ", line).strip()


@dataclass(frozen=True, slots=True)
class Line:
    text: str  # without bullet marker or markup
    bullet: bool
    heading_level: int  # Markdown "#" count, 0 when none
    blank_before: bool


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    blank = True
    for raw in clean_text(text).split("\n"):
        stripped = raw.strip()
        if not stripped:
            blank = True
            continue
        level = len(stripped) - len(stripped.lstrip("#"))
        if 0 < level <= 6 and stripped[level : level + 1] == " ":
            stripped = stripped[level:].strip()
        else:
            level = 0
        bullet = bool(_BULLET_RE.match(stripped))
        if bullet:
            stripped = _BULLET_RE.sub("", stripped, count=1)
        body = strip_markup(stripped)
        if body:
            lines.append(Line(body, bullet, level, blank))
        blank = False
    return lines


# ---------------------------------------------------------------------------
# Short, safe phrases for questions
# ---------------------------------------------------------------------------
_UNSAFE_CHARS_RE = re.compile(r"[^\w\s.,'%$€£&+#/()-]", re.UNICODE)
# Text that looks like an instruction aimed at the interviewer is never quoted back.
_SUSPICIOUS_RE = re.compile(
    r"\b(ignore|disregard|instruction|instructions|prompt|system|assistant|jailbreak|pretend)\b",
    re.IGNORECASE,
)


def clip_phrase(text: str, max_words: int = 12) -> str:
    """A short, plain-text excerpt fit to quote: markup and URLs removed, <= max_words."""
    text = _URL_RE.sub("", strip_markup(text))
    text = _UNSAFE_CHARS_RE.sub(" ", text)
    words = _SPACES_RE.sub(" ", text).strip().split(" ")
    phrase = " ".join(words[:max_words]).strip(" ,;:-(")
    if phrase.count("(") != phrase.count(")"):
        phrase = phrase.replace("(", "").replace(")", "")
    # "Fernbrook Software Inc." keeps its full stop: it is part of the name, not an ending.
    if _ABBREVIATION_END_RE.search(phrase):
        return phrase
    return phrase.rstrip(".")


_ABBREVIATION_END_RE = re.compile(
    r"(?<![\w.])(?:Inc|Ltd|Co|Corp|Plc|PLC|LLC|Bros|St|Dr|Jr|Sr)\.$"
)


# Where a CV/JD line can be cut and still read well: clause starts first, prepositions second.
_STRONG_CUTS = frozenset(
    "by which that while so because since cutting enabling saving reducing raising lifting "
    "shrinking handling adopted attended generating including helping making resulting".split()
)
_WEAK_CUTS = frozenset(
    "to with using for from as behind across between within in on at after before".split()
)


def excerpt(text: str, max_words: int = 12) -> str:
    """The first sentence of a CV/JD line, cut at the best natural boundary within max_words."""
    # Not at "St." or "Ltd.": "St. Catherine's Regional Medical Center" is one name.
    sentence = (split_sentences(text.strip()) or [""])[0]
    # The first clause: "Led the Year 11 programme: the share of pupils ..." -> "Led the ...".
    sentence = re.split(r";\s|:\s|\s-\s", sentence, maxsplit=1)[0]
    # Parentheticals are detail ("Elastic Stack(Filebeat, ...)"); cutting inside one reads badly.
    sentence = re.sub(r"\s*\([^()]*(?:\)|$)", "", sentence)
    words = clip_phrase(sentence, 40).split()
    if len(words) <= max_words:
        return " ".join(words).rstrip(",")
    strong = weak = 0
    for i in range(4, max_words + 1):
        if words[i - 1].endswith(",") or words[i].lower() in _STRONG_CUTS:
            strong = i
        elif words[i].lower() in _WEAK_CUTS:
            weak = i
    cut = words[: strong or weak or max_words]
    if not strong:
        # A cut at no natural boundary must still end on a whole phrase: never on "and",
        # "the" or a possessive ("... and ran the team's").
        while len(cut) > 4 and (cut[-1].lower().rstrip(",") in _CUT_DANGLING
                                or cut[-1].lower().endswith(("'s", "’s"))):
            cut.pop()
        if len(cut) > 5 and cut[-2].lower() in ("and", "or"):
            cut = cut[:-2]  # "... rotation and ran": the second half has lost its object
    return " ".join(cut).rstrip(",")


_CUT_DANGLING = frozenset(
    "a an the and or but of to in on at by for with from into our your their its my his her "
    "this that these those which who whose".split()
)


def is_quotable(text: str) -> bool:
    return bool(text) and not _SUSPICIOUS_RE.search(text)



_NORMALIZE_RE = re.compile(r"[^a-z0-9]+")


def normalize_question(text: str) -> str:
    return _NORMALIZE_RE.sub(" ", text.lower()).strip()


# ---------------------------------------------------------------------------
# Phrase skills ("experience with X") and token matching
# ---------------------------------------------------------------------------
_TOKEN_RE = re.compile(r"[a-z0-9][a-z0-9+#]*")
_STOP = frozenset(
    "a an and or the of in on for to with as at by from into our your their its this that these "
    "those any all some such other similar related relevant including e g etc is are be "
    "being".split()
)

def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@text_cache(maxsize=8192)  # every JD skill asks it of the same CV line or answer
def content_tokens(text: str) -> frozenset[str]:
    return frozenset(_stem(t) for t in _TOKEN_RE.findall(text.lower()) if t not in _STOP)


# ---------------------------------------------------------------------------
# Section headings (JD and CV)
# ---------------------------------------------------------------------------
_HeadingTable = tuple[tuple[str, tuple[str, ...]], ...]


def _heading_table(text: str) -> _HeadingTable:
    """ "kind: name | name" lines (indented lines continue) -> ((kind, (name, ...)), ...)."""
    rows: list[tuple[str, list[str]]] = []
    for raw in text.strip().splitlines():
        if raw[:1].isspace() and rows:
            rows[-1][1].extend(n.strip() for n in raw.split("|") if n.strip())
        else:
            kind, _, names = raw.partition(":")
            rows.append((kind.strip(), [n.strip() for n in names.split("|") if n.strip()]))
    return tuple((kind, tuple(names)) for kind, names in rows)


def _heading_kind(text: str, table: _HeadingTable, prefix: bool) -> str | None:
    """JD headings often continue ("About Northwind Labs"); CV headings must match whole,
    or an employer such as "Community Health Partners" would open a section."""
    key = _SPACES_RE.sub(" ", re.sub(r"[^a-z' -]", " ", text.lower())).strip()
    if not key or len(key.split()) > 8:
        return None
    first = re.split(r"\s+(?:and)\s+", key)[0]
    for kind, names in table:
        for name in names:
            if key == name or first == name or (prefix and key.startswith(name + " ")):
                return kind
    return None


def _as_heading(line: Line, table: _HeadingTable, prefix: bool = True) -> str | None:
    """The section a line opens, if it is a heading; "other" for an unknown heading."""
    if line.bullet:
        return None
    text = line.text.rstrip(":").strip()
    kind = _heading_kind(text.replace("&", " and "), table, prefix)
    looks_like_heading = (
        line.heading_level > 0
        or line.text.endswith(":")
        or (
            len(text.split()) <= 6
            and not text.endswith((".", ","))
            and (kind is not None or text.isupper())
        )
    )
    if not looks_like_heading:
        return None
    if kind is None and line.heading_level in (1, 2):
        return "other"
    return kind
