"""Answers with nothing new in them: copies of an earlier answer (pasted, reordered, or the
same story retold with synonyms), the question handed back, a few words repeated to fill the
shape of an answer, a CV line pasted word for word."""

from __future__ import annotations

import re
from functools import lru_cache

from interview_core.providers.offline.caching import text_cache
from interview_core.providers.offline.sentences import split_sentences
from interview_core.providers.offline.text import clean_text
from interview_core.providers.offline.topics import (
    _TOKEN_RE,
    MAX_CHARS,
    _question_filler,
    _stem,
    _stopwords,
    _topics,
    words_of,
)

# ---------------------------------------------------------------------------
# Copies of earlier answers
# ---------------------------------------------------------------------------
_WORD_RE = re.compile(r"[a-z0-9']+")


def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    words = _WORD_RE.findall(clean_text(text[:MAX_CHARS]).lower())
    return frozenset(tuple(words[i : i + 3]) for i in range(max(0, len(words) - 2)))


COPY_THRESHOLD = 0.6


RETOLD_THRESHOLD = 0.6
RETOLD_MIN_WORDS = 12


def copy_of(answer: str, earlier: list[str], *, follows_up: bool = False) -> int | None:
    """The 1-based number of an earlier answer this one repeats, or None: most of its word
    triples are the same (a paste, or the same sentences reordered), or most of its content
    words are (the same story retold with synonyms: "laggy" for "slow", the same employer,
    figures and names). A short answer ("Yes.") is never called a copy. `follows_up`: this
    answers a follow-up on the answer just before, which it may well retell."""
    mine = _shingles(answer)
    if len(mine) < 6:
        return None
    words = _content(answer)
    for number, other in enumerate(earlier, 1):
        theirs = _shingles(other)
        if len(theirs) < 6:
            continue
        if len(mine & theirs) / min(len(mine), len(theirs)) >= COPY_THRESHOLD:
            return number
        if follows_up and number == len(earlier):
            continue  # more of the story just told is what a follow-up asks for
        others = _content(other)
        if min(len(words), len(others)) >= RETOLD_MIN_WORDS and (
            len(_topics(words) & _topics(others)) / min(len(words), len(others)) >= RETOLD_THRESHOLD
        ):
            return number
    return None


def _content(text: str) -> frozenset[str]:
    return words_of(text[:MAX_CHARS]) - _question_filler()


# ---------------------------------------------------------------------------
# Answers with nothing of their own
# ---------------------------------------------------------------------------
def echoes(question: str, answer: str) -> bool:
    """The question's words handed back ("I did exactly this: [the question]"): fewer than
    a third of the answer's content words are its own."""
    triples = _shingles(answer)
    if len(triples) >= 6 and len(triples & _shingles(question)) >= 0.5 * len(triples):
        return True  # half the answer is the question, word for word
    words = _content(answer)
    if len(words) < 4:
        return False
    own = words - words_of(question[:MAX_CHARS])
    return len(own) < 0.34 * len(words)


def padded(answer: str) -> bool:
    """The same few words again and again ("a problem with X. I was responsible for X. I
    analysed X. X improved"): under 55% of the content words are distinct. Real answers,
    even long ones, stay above 65%."""
    stop, filler = _stopwords(), _question_filler()
    tokens = [w for w in (_stem(t) for t in _TOKEN_RE.findall(answer[:MAX_CHARS].lower())
                          if t not in stop and len(t) > 2) if w not in filler]
    return len(tokens) >= 20 and len(set(tokens)) < 0.55 * len(tokens)


def from_cv(answer: str, cv_text: str) -> bool:
    """A CV line pasted as the answer: its word triples are nearly all in the CV."""
    mine = _shingles(answer)
    if len(mine) < 6 or not cv_text:
        return False
    return len(mine & _source_shingles(cv_text)) >= 0.8 * len(mine)


# ---------------------------------------------------------------------------
# Pastes: an answer made mostly of the JD's and the CV's own lines
# ---------------------------------------------------------------------------
PASTED_LINE = 0.8  # a sentence whose word triples are this much the JD's or the CV's is theirs
OWN_WORDS = 30  # an answer with this many words of its own is more than a paste


@text_cache(maxsize=64, long_maxsize=8)
def _source_shingles(text: str) -> frozenset[tuple[str, ...]]:
    """A whole document's word triples (the JD, the CV: four times an answer's length)."""
    words = _WORD_RE.findall(clean_text(text[: MAX_CHARS * 4]).lower())
    return frozenset(tuple(words[i : i + 3]) for i in range(max(0, len(words) - 2)))


def _pieces(answer: str) -> list[str]:
    """The answer's sentences, and the parts of a sentence between semicolons (a JD line
    such as "Lead the team; recruitment" pasted in one go)."""
    text = clean_text(answer[:MAX_CHARS])
    return [part for sentence in split_sentences(text) for part in re.split(r";\s+", sentence)
            if part.strip()]


@lru_cache(maxsize=512)  # the planner, the persona and the grader read each answer
def pasted_from(answer: str, cv_text: str, jd_text: str) -> str:
    """ "jd" or "cv" when the answer is mostly the job description's or the CV's own lines,
    pasted (the JD's duties, a CV bullet, or both mixed), else "". Mostly: the whole answer's
    word triples nearly all theirs; or more than half its words in sentences that are theirs;
    or more than half its sentences theirs, with too little of its own (under OWN_WORDS
    words) to be an answer. A mix is named for the larger share; the JD's wins a tie."""
    if not (cv_text or jd_text):
        return ""
    jd = _source_shingles(jd_text) if jd_text else frozenset()
    cv = _source_shingles(cv_text) if cv_text else frozenset()
    whole = _shingles(answer)
    if len(whole) < 6:
        return ""
    words = {"jd": 0, "cv": 0, "": 0}
    lines = {"jd": 0, "cv": 0, "": 0}
    for piece in _pieces(answer):
        mine = _shingles(piece)
        size = len(_WORD_RE.findall(piece.lower()))
        from_jd, from_cv_ = len(mine & jd), len(mine & cv)
        source = ""
        if mine and len(mine & (jd | cv)) >= PASTED_LINE * len(mine):
            source = "jd" if from_jd >= from_cv_ else "cv"
        words[source] += size
        lines[source] += 1
    pasted_words, pasted_lines = words["jd"] + words["cv"], lines["jd"] + lines["cv"]
    mostly = (
        len(whole & (jd | cv)) >= PASTED_LINE * len(whole)
        or pasted_words > words[""]
        or (pasted_lines >= 2 and pasted_lines > lines[""] and words[""] < OWN_WORDS)
    )
    if not mostly:
        return ""
    if len(whole & jd) >= PASTED_LINE * len(whole):
        return "jd"
    if words["jd"] == words["cv"]:
        return "jd" if len(whole & jd) >= len(whole & cv) else "cv"
    return "jd" if words["jd"] > words["cv"] else "cv"
