"""Figures that carry a result, as the candidate wrote them.

"Cut the query from 9 seconds to 40 ms" has a result; "Route 53", "Year 9", a patient's
heart rate of 130 and the JD's own "4,000 restaurants" do not. `result_figures` finds
the first kind and quotes each exactly as written, for feedback ("gave a measurable
result (from 9 seconds to 40 ms, 35%)").

    wordlists.py  the word lists of data/numbers_*.txt, as whole-phrase regexes
    patterns.py   how figures are written: number words, cores, units, rates, bounds
    masks.py      spans that are never figures: labels, dates, times, ages, phone numbers
    figures.py    the figures of a text and their values (what a figure is)
    clauses.py    the text cut into clauses, each read for cues once
    context.py    whether a figure is a result (the rule), and the JD's figures
    story.py      the rule read across sentences: what changed after the candidate acted
                  ("shrinkage was 2.1%. I introduced ... After 12 months it was 1.3%"), and
                  the situation's figure before it ("head office cut our hours by 8%")

Only the first MAX_CHARS characters and the first 300 figures are read; every step is a
regex pass or a bounded look around one figure or one clause (clauses are cut at 400
characters), so the cost is linear in the text.
"""

from __future__ import annotations

from interview_core.providers.offline.numbers.context import exclude_index, results
from interview_core.providers.offline.numbers.figures import MAX_CHARS
from interview_core.providers.offline.text import _STOP, clip_phrase

# bench/offline.py times a cold interview by clearing the text caches it finds directly in
# the modules under offline/; these are this package's.
_TEXT_CACHES = (results, exclude_index)


def result_figures(text: str, *, exclude: str = "") -> tuple[str, ...]:
    """The figures in `text` that carry a result, exactly as written, in order, once each.

    `exclude` is text whose figures are not the candidate's (the JD). See context.py for
    the rule.
    """
    text = (text or "")[:MAX_CHARS]
    quoted = (text[r.start : r.end].strip() for r in results(text, exclude or ""))
    return tuple(dict.fromkeys(q for q in quoted if q))


def has_result(text: str, *, exclude: str = "") -> bool:
    return bool(results((text or "")[:MAX_CHARS], exclude or ""))


def measurable_tokens(text: str) -> tuple[str, ...]:
    """The result figures in `text` (kept for the modules that import this name)."""
    return result_figures(text)


def number_phrase(text: str, max_words: int = 10) -> str:
    """The clause of a line that carries its first result figure, at most max_words:
    "cutting p99 latency from 480 ms to 120 ms"."""
    text = (text or "")[:MAX_CHARS]
    found = results(text, "")
    if not found:
        return ""
    first = found[0]
    start, end = first.clause_start, max(first.clause_end, first.end)
    words = text[start:end].split()
    through = len(text[start : first.end].split())  # words up to the end of the figure
    if through > max_words:
        words = words[through - max_words :]
    words = clip_phrase(" ".join(words), max_words).split()
    while words and words[-1].lower() in _STOP:
        words.pop()
    return " ".join(words)


__all__ = ["MAX_CHARS", "has_result", "measurable_tokens", "number_phrase", "result_figures"]
