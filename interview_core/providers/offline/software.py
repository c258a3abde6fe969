"""Software terms: the software, data and devops skills of the vocabulary, and the generic
software words of data/software_words.txt ("deploy", "codebase", "alert on").

The interviewer refuses any question carrying a software term that neither the CV nor the JD
uses, so a nurse is never asked how she would "deploy" or "alert on" anything.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from importlib import resources

from interview_core.providers.offline.caching import text_cache
from interview_core.providers.offline.vocabulary import (
    _ALIASES,
    SOFTWARE_DOMAINS,
    VocabularyError,
    _alias_regex,
    _entries,
    _lower,
    _skill_spans,
    _straight_quotes,
    skill_domain,
)

_SOFTWARE_WORDS = resources.files(__package__).joinpath("data", "software_words.txt").read_text("utf-8")

def _parse_software_words(table: str) -> tuple[dict[str, str], dict[str, str], tuple[str, ...]]:
    """-> (lower-cased variant -> canonical word, case-sensitive variant -> canonical,
    the "!" patterns: spans that are not software however they read)."""
    loose: dict[str, str] = {}
    exact: dict[str, str] = {}
    negatives: list[str] = []
    for line in _entries(table):
        if line.startswith("!"):
            negatives.append(line[1:].strip())
            continue
        head, _, tail = line.partition("|")
        canonical = head.strip().lstrip("=")
        for variant in [head, *tail.split(",")]:
            variant = variant.strip()
            table_, key = (exact, variant[1:]) if variant.startswith("=") else (loose, variant.lower())
            if key and table_.setdefault(key, canonical) != canonical:
                raise VocabularyError(f"software word {variant!r} listed under two words")
    return loose, exact, tuple(negatives)


_WORDS_LOOSE, _WORDS_EXACT, _NOT_SOFTWARE = _parse_software_words(_SOFTWARE_WORDS)
SOFTWARE_WORDS = frozenset(_WORDS_LOOSE.values()) | frozenset(_WORDS_EXACT.values())


@lru_cache(maxsize=1)
def _software_regexes() -> tuple[re.Pattern[str], re.Pattern[str] | None, re.Pattern[str] | None]:
    """Compiled on first use: only the interviewer's honesty check needs them."""
    negative = None
    if _NOT_SOFTWARE:
        try:
            negative = re.compile("|".join(f"(?:{p})" for p in _NOT_SOFTWARE), re.IGNORECASE)
        except re.error as exc:
            raise VocabularyError(f"software_words.txt: a bad '!' pattern: {exc}") from exc
    exact = _alias_regex(_WORDS_EXACT, 0) if _WORDS_EXACT else None
    return _alias_regex(_WORDS_LOOSE, re.IGNORECASE), exact, negative


def _had_software_sense(text: str, start: int, end: int) -> bool:
    """Whether the alias at text[start:end] could have meant a software skill."""
    names = _ALIASES.loose.get(_lower(text[start:end])) or _ALIASES.exact.get(text[start:end], ())
    return any(is_software(n) for n in names)


_NEGATIVE_REACH = 120  # no "!" pattern spans more characters than this


def _negated(negative_re: re.Pattern[str], text: str, start: int, end: int) -> bool:
    """Whether a "!" pattern covers text[start:end]. Searched in a window cut at spaces,
    so that a word boundary at its edges is a real one: a tenth of a whole-text scan."""
    lo = max(0, start - _NEGATIVE_REACH)
    if lo:
        lo = text.find(" ", lo, start) + 1 or start
    hi = min(len(text), end + _NEGATIVE_REACH)
    if hi < len(text):
        cut = text.rfind(" ", end, hi)
        hi = cut if cut >= 0 else end
    return any(m.start() < end and start < m.end() for m in negative_re.finditer(text, lo, hi))


def is_software(name: str) -> bool:
    """A skill of the software, data or devops domains, or a word of software_words.txt."""
    return skill_domain(name) in SOFTWARE_DOMAINS or name in SOFTWARE_WORDS


@text_cache(maxsize=4096)
def software_terms_in(text: str) -> tuple[str, ...]:
    """Software terms the text uses, in order of first mention: software-domain vocabulary
    skills (canonical names: "Kafka", "CI/CD") and generic software words ("deploy",
    "production", "API") as their canonical form, so two texts' terms compare directly.

    A word inside a longer skill name counts as that skill, software or not ("KPI
    dashboards" is metrics, not software), and "!" patterns of software_words.txt
    ("deployment of nursing staff") are never software."""
    loose_re, exact_re, negative_re = _software_regexes()
    skills = _skill_spans(text)
    starts = [start for start, _, _ in skills]
    hits = [(start, name) for start, _, name in skills if is_software(name)]

    def overlapping(start: int, end: int) -> list[tuple[int, int, str]]:
        # Skill spans are sorted and do not overlap each other: only the few just before
        # `end` can overlap the word, so a bisect replaces a scan of every skill.
        found = []
        for i in range(bisect.bisect_left(starts, end) - 1, -1, -1):
            s, e, n = skills[i]
            if e <= start:
                break
            found.append((s, e, n))
        return found

    words: list[tuple[int, int, str]] = []
    plain = _straight_quotes(text)
    for regex, table, key in ((loose_re, _WORDS_LOOSE, str.lower), (exact_re, _WORDS_EXACT, str)):
        for match in regex.finditer(plain) if regex is not None else ():
            start, end = match.span()
            # A software skill over the word already counts; a longer non-software name
            # ("KPI dashboards") makes it not software, and so does a non-software sense
            # the text chose over a software one ("telemetry" on a ward). The same span as
            # a plain non-software skill ("dashboards", Data visualisation) still counts.
            if not any(
                s < end and start < e
                and (is_software(n) or (s, e) != (start, end) or _had_software_sense(plain, s, e))
                for s, e, n in overlapping(start, end)
            ):
                # .get: a case-blind match of "APİ" or "ſ" has no lower-case key of its own.
                canonical = table.get(key(match.group(0)))
                if canonical is not None:
                    words.append((start, end, canonical))
    if words and negative_re is not None:
        if len(words) * 2 * _NEGATIVE_REACH > len(plain):
            # Many words (a whole CV): one scan of the text beats a window per word.
            negatives = [m.span() for m in negative_re.finditer(plain)]
            ends = [e for _, e in negatives]

            def covered(start: int, end: int) -> bool:
                i = bisect.bisect_right(ends, start)
                return i < len(negatives) and negatives[i][0] < end

            words = [w for w in words if not covered(w[0], w[1])]
        else:
            words = [w for w in words if not _negated(negative_re, plain, w[0], w[1])]
    hits.extend((start, name) for start, _, name in words)
    return tuple(dict.fromkeys(name for _, name in sorted(hits)))
