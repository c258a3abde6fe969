"""The word classes the probes read an answer with, from data/probes_words.txt.

Each class is a frozenset of lower-case words; the phrase lists are tuples of word tuples.
The rules that combine them (a quote never starts on most prepositions, but may on "in",
"after" ...) are here, the words themselves in the data file.
"""

from __future__ import annotations

from importlib import resources

from interview_core.providers.offline.cv import is_past_verb


def data_sections(name: str) -> dict[str, tuple[str, ...]]:
    """The lines of data/`name` under each "[section]" line; "#" comments and blank lines
    skipped."""
    source = resources.files("interview_core.providers.offline").joinpath("data", name)
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for raw in source.read_text("utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        else:
            current.append(line)
    return {key: tuple(lines) for key, lines in sections.items()}


_SECTIONS = data_sections("probes_words.txt")


def word_list(section: str) -> tuple[str, ...]:
    """The words of a section, in the file's order."""
    return tuple(" ".join(_SECTIONS[section]).split())


def _words(section: str) -> frozenset[str]:
    return frozenset(word_list(section))


def _phrases(section: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(line.split()) for line in _SECTIONS[section])


ARTICLES = _words("articles")
PREPOSITIONS = _words("prepositions")
CONJUNCTIONS = _words("conjunctions")
CONTRACTED_SUBJECTS = _words("contracted_subjects")
AUXILIARIES = CONTRACTED_SUBJECTS | _words("auxiliaries")
DETERMINERS = _words("determiners")
SUBJECTS = _words("subjects")
# A quote never ends on one of these: the phrase would be left open ("... to the", "... was").
BAD_END = ARTICLES | PREPOSITIONS | CONJUNCTIONS | AUXILIARIES | DETERMINERS | _words("never_last")
# ... nor starts on one of these: the phrase would begin mid-clause ("was the vital signs").
# A place or a time may open a phrase ("on the night shift"), and so may a joining word.
BAD_START = (
    (PREPOSITIONS - {"in", "on", "at", "during", "after", "before", "over"})
    | (CONJUNCTIONS - {"so", "and", "but", "yet"})
    | (AUXILIARIES - CONTRACTED_SUBJECTS)
    | _words("never_first")
)
DROP_START = _words("openers")
DROP_START_PHRASES = _phrases("opener_phrases")
TAIL_PHRASES = _phrases("tail_phrases")
# A quote may end right before one of these: a clause or a phrase starts there.
CUT_BEFORE = (PREPOSITIONS - {"of"}) | CONJUNCTIONS | {"that", "then", "rather", "instead"}
# Never last inside a clause ("a lot of"), but whole at a clause end ("moved people around a lot").
LAST_AT_CLAUSE_END = frozenset({"lot", "more", "less"})
BEFORE_THAT_CLAUSE = _words("before_that_clause")
WH_WORDS = _words("wh_words")
# A new clause starts at these (always), or at "and", "or", "then" before a subject.
CLAUSE_CONJUNCTIONS = _words("clause_conjunctions")
PARTICLES = _words("particles")
CLOSING_OBJECTS = _words("closing_objects")
HEDGE_WORDS = _words("hedges")
ADVERBS = _words("adverbs")

WEAK_VERBS = _words("weak_verbs")
FEELING_VERBS = _words("feeling_verbs")
_PLAIN_ACTIONS = _words("plain_actions")
_PAST_EXTRA = _words("irregular_past")
IRREGULAR = _PAST_EXTRA | WEAK_VERBS | {
    "is", "are", "am", "was", "were", "has", "have", "had", "do", "does", "did", "get"
}
DECISION_VERBS = _words("decision_verbs")
TEAM_NOUNS = _words("team_nouns")
CROWD = TEAM_NOUNS | {"we", "they", "everyone", "everybody"}
NOUN_PHRASE_START = ARTICLES | DETERMINERS | {"this", "that"}  # "the vital signs checks"
SUBJECT_LIKE = SUBJECTS | {"he's", "she's", "it's", "they're", "i'm", "we're"}
POSSESSORS = frozenset({"the", "my", "our"})  # "our team": a team noun as a subject

CLAIM_ADJECTIVES = _words("claim_adjectives")
COPULAS = _words("copulas")
WENT_ADJECTIVES = _words("went_adjectives")
WENT = frozenset({"went", "go", "goes", "going"})
NUMBER_WORDS = _words("number_words")
NUMBER_BEFORE = _words("number_before")
NUMBER_AFTER = _words("number_after")
RESULT_VERBS = _words("result_verbs")
APPROXIMATELY = _words("approximately")
CHANGE_WORDS = _words("change_verbs") | _words("other_change_words")

INSTRUCTION_WORDS = _words("instruction_words")
NON_ANSWER_WORDS = _words("non_answers")
SUSPICIOUS_WORDS = _words("unquotable")


def is_past(word: str) -> bool:
    """A past action: "called", "went", "started"; not "had", "felt" or "enjoyed"."""
    return (
        word not in WEAK_VERBS
        and word not in FEELING_VERBS
        and (is_past_verb(word) or word in _PAST_EXTRA or word in _PLAIN_ACTIONS)
    )
