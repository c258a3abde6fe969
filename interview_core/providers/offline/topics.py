"""The words a question and an answer share: stems, stop words, synonym groups, overlap.

The judging of an answer starts from these: what a question is about (its words beyond
those every question uses), and how much of it an answer speaks of. The word lists live
in data/judging.toml.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

from interview_core.providers.offline.caching import text_cache

MAX_CHARS = 6000


@lru_cache(maxsize=1)
def _bank() -> dict[str, object]:
    raw = resources.files(__package__).joinpath("data", "judging.toml").read_text("utf-8")
    return tomllib.loads(raw)


def _phrases_re(key: str) -> re.Pattern[str]:
    words = sorted(_bank()[key], key=len, reverse=True)  # type: ignore[arg-type]
    return re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w'])", re.I)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    return {key: _phrases_re(key) for key in ("praise", "dont_know", "plan", "motivation", "closing",
                                              "opening", "reason", "trade_off", "reflection")}


_SUFFIXES = ("ations", "ation", "ments", "ment", "ingly", "edly", "ings", "ing", "ied", "ies",
             "ers", "er", "ed", "es", "ly", "s")
_TOKEN_RE = re.compile(r"[a-z0-9][a-z0-9+#]*")


def _stem(word: str) -> str:
    """A light suffix stripper, so "explained" meets "explain" and "planning" meets "plans"."""
    for suffix in _SUFFIXES:
        # "-er" needs a longer stem: "career" is not "care", "teacher" is "teach".
        shortest = 5 if suffix in ("er", "ers") else 3
        if word.endswith(suffix) and len(word) - len(suffix) >= shortest:
            word = word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
            break
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "lsaeiou":
        word = word[:-1]  # "planned" -> "plann" -> "plan"
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


@text_cache(maxsize=2048)
def words_of(text: str) -> frozenset[str]:
    """Stemmed content words: the vocabulary a question and its answer share."""
    stop = _stopwords()
    return frozenset(_stem(t) for t in _TOKEN_RE.findall(text.lower()) if t not in stop and len(t) > 2)


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(_bank()["stopwords"])  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def _question_filler() -> frozenset[str]:
    """Words every interview question uses; they say nothing about its topic."""
    return words_of(" ".join(_bank()["question_filler"]))  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Does the answer address the question?
# ---------------------------------------------------------------------------
def topic_words(question: str, ignore: str = "") -> frozenset[str]:
    """The content words of a question that say what it is about. `ignore` names (the
    company, the title) are taken out where the question names them, as written: "Homewise
    Care Ltd" goes, the "personal care" the job needs stays."""
    text = question[:MAX_CHARS]
    for name in {ignore.strip(), *_capitalised(ignore)}:
        if name:
            text = text.replace(name, " ")
    return words_of(text) - _question_filler()


def _capitalised(names: str) -> set[str]:
    """ "Homewise Care Ltd" -> {"Homewise Care Ltd", "Homewise", "Care", "Ltd"}: each as written,
    so "Care" (the name) goes and "care" (the work) stays."""
    return {w for w in re.findall(r"[A-Z][\w'&.-]*", names)}


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    """Stem -> the group it speaks of ("#3"), from judging.toml's synonym groups."""
    groups: dict[str, str] = {}
    for number, group in enumerate(_bank()["synonyms"]):  # type: ignore[arg-type]
        for word in group:
            groups.setdefault(_stem(word.lower()), f"#{number}")
    return groups


def _topics(words: frozenset[str]) -> frozenset[str]:
    """The words, with the groups they belong to: "slow" and "timed" meet at one group."""
    groups = _synonyms()
    return words | {groups[w] for w in words if w in groups}


def _overlap(topic: frozenset[str], answer: str, groups: bool = True) -> float:
    if not topic:
        return 0.6  # a question with no topic words of its own: nothing to hold the answer to
    mine = words_of(answer[:MAX_CHARS])
    plain = topic & mine
    # A shared word counts once; a shared group only for words that did not match themselves.
    # (Not for a CV's whole vocabulary: some group would always meet.)
    met = _topics(topic - plain) & _topics(mine - plain) if groups else frozenset()
    shared = len(plain) + len({g for g in met if g.startswith("#")})
    # One shared word can be chance ("team"); two or three show the answer is about it.
    return (1.0 if shared >= 4 else 0.9 if shared == 3 else 0.75 if shared == 2
            else 0.45 if shared == 1 else 0.1)


def about_background(answer: str, cv_text: str) -> bool:
    """Whether an answer talks about the candidate's own work: two or more of the CV's words
    (employers, roles, tools, fields) beyond the ones every answer uses."""
    own = words_of(cv_text[: MAX_CHARS * 4]) - _question_filler()
    mine = words_of(answer[:MAX_CHARS])
    return len(own & mine) >= 2 or len(_work_words() & mine) >= 2


@lru_cache(maxsize=1)
def _work_words() -> frozenset[str]:
    return frozenset(_stem(w) for w in _bank()["work_words"])  # type: ignore[union-attr]
