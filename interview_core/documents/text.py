"""Text clean-up, in time linear in the input, and text-file decoding.

Every caller cuts raw text to `DocumentLimits.max_raw_chars` first
(`cap_raw`); then `normalize_text` is linear whatever the text holds.
Unicode normalisation alone is not: NFC sorts each run of combining marks,
so "a" followed by 100,000 marks of alternating classes takes seconds to
minutes. Runs are cut to 30 marks first, the bound of Unicode's
"Stream-Safe Text Format" (UAX #15), which no real text comes near.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata

from interview_core.documents.model import DocumentError, DocumentErrorCode
from interview_core.documents.messages import _subject

# Control characters (C0 but tab/newline, DEL, C1), zero-width and BOM
# characters, replacement characters, private-use code points (icon fonts)
# and lone surrogates. ZWJ/ZWNJ stay: some scripts and emoji need them.
JUNK = re.compile(
    "[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u200b\u2060\ufeff\ufffd"
    "\ue000-\uf8ff\ud800-\udfff\U000f0000-\U0010ffff]"
)
_SPACES = re.compile("[ \t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# Joiners and bidi marks matter one at a time (a ZWNJ in Persian, an LRM in an address);
# a run of four or more is padding, and 70,000 of them before a CV would fill the
# character limit with nothing: a run keeps its first.
_FORMAT = "\u200c-\u200f\u202a-\u202e\u2061-\u2064\u2066-\u2069\u061c\u180e\u034f"
_FORMAT_RUN = re.compile(f"([{_FORMAT}])[{_FORMAT}]{{3,}}")

# The Stream-Safe bound on consecutive non-starters.
MAX_MARK_RUN = 30

# Characters of a letter, number, punctuation or symbol category that draw
# nothing: Hangul fillers and the blank Braille pattern.
_BLANK_GRAPHICS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


@functools.cache
def _mark_run() -> re.Pattern[str]:
    """Runs of more than MAX_MARK_RUN characters with a non-zero combining class."""
    marks: list[list[int]] = []
    for code in range(0x300, 0x20000):  # every one is in the BMP or plane 1
        if unicodedata.combining(chr(code)):
            if marks and marks[-1][1] == code - 1:
                marks[-1][1] = code
            else:
                marks.append([code, code])
    ranges = "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in marks)
    # Starting only where a run starts keeps the search linear.
    return re.compile(f"(?<![{ranges}])[{ranges}]{{{MAX_MARK_RUN + 1},}}")


def cut_mark_runs(text: str) -> str:
    """Runs of combining marks cut to MAX_MARK_RUN: what keeps any normalisation linear."""
    return _mark_run().sub(lambda m: m.group()[:MAX_MARK_RUN], text)


def nfc(text: str) -> str:
    """Unicode NFC in linear time: runs of combining marks are cut to 30 first.

    Text already in NFC (nearly all of it) is returned as it is, after a
    linear check: that check only says "no" or runs the full normalisation
    when marks are already in order, which costs linear time too.
    """
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", cut_mark_runs(text))


def cap_raw(text: str, max_raw_chars: int) -> tuple[str, bool]:
    """Raw text cut to `max_raw_chars` before any clean-up; True if it was cut."""
    if len(text) <= max_raw_chars:
        return text, False
    return text[:max_raw_chars], True


def normalize_text(text: str) -> str:
    """Tidy extracted or pasted text without losing any letters.

    Unicode NFC (with runs of combining marks cut to 30); one kind of line
    end; control, zero-width and private-use characters removed; soft
    hyphens removed; runs of spaces and tabs (and other horizontal spaces)
    collapsed to one space; lines trimmed; at most one blank line in a row;
    no blank lines at either end. Linear in the length of `text`.
    """
    text = nfc(text)
    text = _FORMAT_RUN.sub(r"\1", text.replace("\xad", ""))
    lines: list[str] = []
    blank = True  # drops leading blank lines
    for raw in text.splitlines():  # \r\n, \r, \v, \f, \x1c-\x1e, \x85, \u2028, \u2029
        line = _SPACES.sub(" ", JUNK.sub("", raw)).strip()
        if line:
            lines.append(line)
            blank = False
        elif not blank:
            lines.append("")
            blank = True
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def visible_chars(text: str, enough: int = 1) -> int:
    """How many characters draw something, counting up to `enough` and stopping there.

    Zero-width, bidi and other format characters, combining marks on their
    own, spaces and blank fillers don't count: a text of those is empty.
    """
    count = 0
    for ch in text:
        if ch.isspace() or ch in _BLANK_GRAPHICS:
            continue
        if unicodedata.category(ch)[0] in "LNPS":
            count += 1
            if count >= enough:
                break
    return count


def truncate(text: str, max_chars: int) -> tuple[str, bool]:
    if len(text) <= max_chars:
        return text, False
    cut = text[:max_chars]
    # Prefer not to cut a word in half, if a break is near.
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space > 0 and space >= max_chars - 200:
        cut = cut[:space]
    return cut.rstrip(), True


def clean_pdfium_text(text: str) -> str:
    """pypdfium2's quirks, before the general clean-up.

    LaTeX fonts map their hyphen glyph to U+00AD, so there a soft hyphen is a
    visible hyphen ("high\\xadimpact", "Sep. 2023 \\xad Mar. 2024"). PDFium
    itself marks a hyphen it removed at a line break with U+0002
    ("Con\\x02sul"): the word is already joined, drop the marker.
    """
    return text.replace("\x02", "").replace("\xad", "-")


# --------------------------------------------------------------------------
# Text files
# --------------------------------------------------------------------------

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


# Charsets a text file may declare, by Python's codec name: the Unicode and
# single- and multi-byte text codecs, all linear and in C. Not punycode (its
# decoder is quadratic), unicode_escape, idna, utf-7 and the like.
_TEXT_CODECS = re.compile(
    r"(utf-(8|16|32)(-[lb]e)?|ascii|latin_1|iso8859-\d+|cp\d+|mac-[a-z]+|koi8-[a-z]+|"
    r"shift_jis(x0213|_2004)?|euc_[a-z0-9_]+|gb2312|gbk|gb18030|big5(hkscs)?|iso2022_[a-z0-9_]+|"
    r"hz|johab|tis-620|kz1048|ptcp154)"
)


def charset(content_type: str | None) -> str | None:
    """The declared charset as Python's codec name, if it is a plain text codec."""
    if not content_type:
        return None
    for param in content_type[:500].split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            try:
                name = codecs.lookup(value.strip().strip('"').lower()).name
            except (LookupError, ValueError):
                return None
            return name if _TEXT_CODECS.fullmatch(name) else None
    return None


def looks_like_utf8_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not JUNK.search(text)


def decode_text(data: bytes, name: str, content_type: str | None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    declared = charset(content_type)
    if declared and declared.startswith(("utf-16", "utf-32")):
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    if b"\x00" in data:
        raise DocumentError(
            DocumentErrorCode.UNSUPPORTED_TYPE,
            f"{_subject(name)} doesn't look like a text file: it holds binary data. "
            "Send it as a PDF, a Word document (.docx) or a plain text file, "
            "or paste the text.",
            filename=name,
        )
    encodings = ["utf-8"]
    if declared and declared not in ("utf-8", "ascii"):
        encodings.append(declared)
    encodings.append("cp1252")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1")  # never fails
