"""Follow-ups that quote the candidate's own words and probe what the answer lacked.

`follow_up(answer)` picks one clause of the answer worth probing ("I moved handover to the
bedside", "it was mostly fine"), quotes it verbatim in typographic quotes, and asks about the
most important thing the answer left out (`gaps`): the result, the candidate's own part, the
reason, a trade-off, what they would do differently, a concrete detail or an example.

The quote is always an exact substring of the answer, 3-12 words, starting at a sentence or
clause start (a leading "and", "so", "then", "but" or filler may be dropped) and ending on a
word that closes a phrase (never "to", "the", "was", "my" ...). Nothing is quoted from an
answer that reads as an instruction to the interviewer, and the quote obeys the same safety
rules as `text.clip_phrase` and `text.is_quotable`: letters, digits, spaces and .,'%$€£&+#/()-
only (an apostrophe may be typographic inside a word: "didn’t"); no quotation marks, markup
or URLs; no instruction-like words.

The wordings live in data/probes.toml. Pure, deterministic, no dependencies; one pass over the
answer's words (no regular expression runs over the whole answer per cue), so a 300-word answer
takes well under a millisecond.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache, reduce
from importlib import resources
from itertools import accumulate
from operator import or_
from typing import NamedTuple

from interview_core.providers.offline.answers import TERSE_WORDS, analyse_answer
from interview_core.providers.offline.cv import is_past_verb
from interview_core.providers.offline.text import is_quotable

GAPS = ("result", "own_part", "reason", "trade_off", "differently", "detail", "example")
MAX_SEARCH_CHARS = 5000  # the quote is searched for in this prefix; it is still a substring
MAX_TEXT_CHARS = 220
MIN_WORDS = 3
MAX_WORDS = 12


@dataclass(frozen=True, slots=True)
class FollowUp:
    quote: str  # an exact substring of the answer (verbatim, same case), 3-12 words
    gap: str  # what the answer lacked: one of GAPS
    text: str  # what the interviewer says, with the quote in “…”


# ---------------------------------------------------------------------------
# Phrase bank (data/probes.toml)
# ---------------------------------------------------------------------------
class _Frame(NamedTuple):
    text: str  # with one “{quote}”
    parts: tuple[str, ...]  # the normalised words around the quote, to spot it in earlier text
    opener: str  # the normalised words before the quote ("you said")


_KEY_MAP = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})
_SPACE_RE = re.compile(r"\s+")


def _key(text: str) -> str:
    return _SPACE_RE.sub(" ", text.translate(_KEY_MAP).lower()).strip()


@lru_cache(maxsize=1)
def _bank() -> dict[str, tuple[tuple[_Frame, ...], tuple[_Frame, ...]]]:
    """gap -> (frames that fit any quote, frames that fit only a quote about the past)."""
    source = resources.files(__package__).joinpath("data", "probes.toml").read_text("utf-8")
    raw = tomllib.loads(source)
    bank: dict[str, tuple[tuple[_Frame, ...], tuple[_Frame, ...]]] = {}
    for gap in GAPS:
        table = raw.get(gap, {})
        lists: list[tuple[_Frame, ...]] = []
        for key in ("frames", "past"):
            frames = []
            for text in table.get(key, ()):
                if text.count("{quote}") != 1 or "“{quote}”" not in text or text.count("{") != 1:
                    raise ValueError(f"probes.toml [{gap}]: frame without one “{{quote}}”: {text}")
                before, after = text.split("{quote}")
                parts = tuple(p for p in (_key(before), _key(after)) if p)
                frames.append(_Frame(text, parts, _key(before).rstrip('"').strip()))
            lists.append(tuple(frames))
        if not lists[0]:
            raise ValueError(f"probes.toml: no frames for gap {gap!r}")
        bank[gap] = (lists[0], lists[1])
    return bank


# ---------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ARTICLES = _words("a an the")
_PREPOSITIONS = _words(
    "to of in on at for with from by into onto about as than over under between through during "
    "without within across after before via per like around towards toward upon among against"
)
_CONJUNCTIONS = _words(
    "and or but so nor yet because if when while although though which who whom whose where "
    "whereas unless until since whether"
)
_CONTRACTED_SUBJECTS = _words(
    "i'm i've i'd i'll we're we've we'd we'll they're they've they'd it's that's there's he's she's"
)
_AUXILIARIES = _CONTRACTED_SUBJECTS | _words(
    "was were is are am be been being has have had do does did will would could should can may "
    "might must shall wasn't weren't isn't aren't didn't don't doesn't hasn't haven't hadn't "
    "won't wouldn't couldn't shouldn't can't cannot gonna wanna"
)
_DETERMINERS = _words(
    "my your our their his its these those every each some any no such both either neither"
)
_SUBJECTS = _words("i we they he she you it there everyone everybody")
# A quote never ends on one of these: the phrase would be left open ("... to the", "... was").
_BAD_END = (
    _ARTICLES
    | _PREPOSITIONS
    | _CONJUNCTIONS
    | _AUXILIARIES
    | _DETERMINERS
    | _words("i we they he she you")
    | _words(
        "not very really quite just also then even only lot part kind sort bit couple bunch "
        "able going trying um uh er erm basically maybe probably actually honestly literally "
        "perhaps mostly somewhat rather more less most least one guess suppose"
    )
)
# ... nor starts on one of these: the phrase would begin mid-clause ("was the vital signs").
_BAD_START = (
    (_PREPOSITIONS - {"in", "on", "at", "during", "after", "before", "over"})
    | (_CONJUNCTIONS - {"so", "and", "but", "yet"})
    | (_AUXILIARIES - _CONTRACTED_SUBJECTS)
    | _words("not than too having being or nor")
)
# Openers a quote may drop: "and", "so", "then", "but" and fillers ("Honestly, ...").
_DROP_START = _words(
    "and so then but also plus well um umm uh erm er basically honestly actually anyway ok okay "
    "yeah yes right oh hmm frankly obviously like"
)
_DROP_START_PHRASES = (
    ("i", "think"),
    ("i", "guess"),
    ("i", "mean"),
    ("i", "suppose"),
    ("you", "know"),
    ("to", "be", "honest"),
    ("to", "be", "fair"),
    ("i'd", "say"),
    ("i", "would", "say"),
)
# What may trail after the quote's end: "It was mostly fine I guess".
_TAIL_PHRASES = (
    ("i", "guess"),
    ("i", "think"),
    ("i", "suppose"),
    ("you", "know"),
    ("i'd", "say"),
    ("i", "would", "say"),
    ("to", "be", "honest"),
    ("or", "something"),
    ("or", "so"),
    ("and", "stuff"),
    ("and", "things"),
    ("and", "everything"),
    ("and", "all", "that"),
    ("really",),
    ("honestly",),
    ("probably",),
    ("maybe",),
    ("overall",),
    ("anyway",),
    ("though",),
    ("etc",),
    ("tbh",),
    ("lol",),
    ("haha",),
)
# A quote may end right before one of these: a clause or a phrase starts there.
_CUT_BEFORE = (_PREPOSITIONS - {"of"}) | _CONJUNCTIONS | _words("that then")
_HEDGE_WORDS = _words(
    "maybe probably perhaps guess kinda sorta um umm uh erm basically stuff dunno idk literally"
)
_ADVERBS = _words(
    "then also just quickly immediately first finally personally actually eventually still "
    "always never really straight soon initially later carefully directly"
)
_WEAK_VERBS = _words(
    "did had was were got used seemed wanted liked needed tried guess guessed think thought felt "
    "hoped"
)
# Past verbs of feeling or thought tell no story: "what I enjoyed most was ...".
_FEELING_VERBS = _words(
    "enjoyed loved liked hated disliked preferred wanted wished hoped felt thought believed knew "
    "understood missed appreciated valued imagined"
)
# Verbs a CV bullet should not open with, but real actions in a spoken answer.
_PLAIN_ACTIONS = _words("started helped worked")
_PAST_EXTRA = _words(
    "went told sat met rang chose put sent spent said saw came became left paid read taught "
    "caught fought found kept held brought bought sold built led ran wrote cut made took gave "
    "set began won drove grew stood spoke split rebuilt rewrote oversaw undertook"
)
_IRREGULAR = _PAST_EXTRA | _WEAK_VERBS | _words("is are am was were has have had do does did get")
# Verbs of a choice: the best quote to ask "why?" or "what else did you consider?" about.
_DECISION_VERBS = _words(
    "decided chose moved changed switched introduced replaced stopped started set rewrote "
    "redesigned reorganised reorganized restructured split merged prioritised prioritized "
    "escalated dropped cut pushed proposed recommended insisted agreed delegated scrapped "
    "swapped created built launched trialled trialed piloted"
)
_TEAM_NOUNS = _words(
    "team department ward group staff class office crew shift unit school company practice "
    "store warehouse site board management"
)
_CROWD = _TEAM_NOUNS | _words("we they everyone everybody")
_NOUN_PHRASE_START = _ARTICLES | _DETERMINERS | {"this", "that"}  # "the vital signs checks"
_SUBJECT_LIKE = _SUBJECTS | _words("he's she's it's they're i'm we're")
_NUMBER_WORDS = _words(
    "two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty all "
    "most half"
)
_INSTRUCTION_WORDS = _words(
    "ignore disregard instruction instructions prompt system assistant jailbreak pretend"
)
_NON_ANSWER_WORDS = _words(
    "i me my we it this that the a an um umm uh erm er hmm well so yes yeah no nope not sure idea "
    "don't dont do know pass skip next question n/a na nothing none really honestly sorry ok okay "
    "can't cant remember think guess maybe probably dunno idk comment have any example can "
    "could we move on of to is was just kind sort like um"
)


def _is_past(word: str) -> bool:
    return (
        word not in _WEAK_VERBS
        and word not in _FEELING_VERBS
        and (is_past_verb(word) or word in _PAST_EXTRA or word in _PLAIN_ACTIONS)
    )


# ---------------------------------------------------------------------------
# Cues: fixed phrases, found in one pass over the words
# ---------------------------------------------------------------------------
def _expand(spec: str) -> list[tuple[str, ...]]:
    """ "i really? love|liked" -> ("i", "love"), ("i", "liked"), ("i", "really", "love") ..."""
    options: list[tuple[str, ...]] = [()]
    for part in spec.split():
        optional = part.endswith("?")
        alternatives = part.rstrip("?").split("|")
        grown = [prefix + (alt,) for prefix in options for alt in alternatives]
        options = grown + (options if optional else [])
    return [o for o in options if o]


_CHANGE_VERBS = (
    "reduced|increased|improved|saved|cut|grew|doubled|halved|tripled|lowered|raised|lifted|"
    "shortened|boosted"
)
_CUE_SPECS: dict[str, tuple[str, ...]] = {
    "reason": (
        "because",
        "'cause",
        "cos",
        "why",
        "otherwise",
        "so that",
        "the reason",
        "reason was|is|being",
        "reasons were|are|being",
        "in order to",
        "to make sure",
        "to ensure|avoid|prevent",
        "due to",
        "given that",
        "which|that meant",
        "the idea|aim|goal|point was",
        "as a way to",
        "since the|it|we|i|they|he|she|there|this|that|our|most|many|nobody",
    ),
    "trade_off": (
        "instead",
        "rather than",
        "option|options|alternative|alternatives",
        "trade-off|trade-offs|tradeoff|tradeoffs",
        "trade off|offs",
        "weigh|weighed|weighing",
        "considered|compared|versus|vs",
        "pros and cons",
        "downside|downsides|upside",
        "the cost of",
        "at the expense",
        "on the other hand",
        "decided against",
        "chose not",
        "balance|balanced|balancing|compromise|either",
    ),
    "reflect": (
        "learned|learnt|lesson|lessons|differently|hindsight|mistake|mistakes|realised|realized",
        "next time",
        "looking back",
        "would|should|could have",
        "i'd have",
        "do it again",
        "i'd|would change",
        "taught me",
        "since then i",
        "now i",
    ),
    "outcome": (
        "as a result",
        "result|resulted|results in",
        "the result",
        "outcome|outcomes|impact|success|successfully|afterwards|praised|thanked|promoted",
        "resolved|recovered|stabilised|stabilized|passed|won|signed|survived|renewed|reordered",
        "re-ordered|doubled|tripled|halved",
        "in the end",
        "ended up",
        "by the end",
        "turned out",
        "led to",
        "it|that|this worked",
        "closed the deal|sale|account",
        "on time",
        "ahead of schedule|time",
        "no more|longer|further",
        "since then",
        "was|got fixed",
        "went home",
        "was discharged",
        "met|hit the|our|my target|targets|deadline",
        "now we|they|the|it|every|all|our",
        "by|in half",
        "came back",
        "signed up",
        "still a|our|my customer|client",
        "had|saw no|zero",
        "there were no",
        f"i|we|they|which|this|that|it|and {_CHANGE_VERBS}",
        "fewer|less|more|lower|higher|faster|quicker|shorter|cheaper|better than before|last|the",
    ),
    "story": (
        "once|yesterday|ago",
        "one time",
        "last week|month|year|term|winter|summer|spring|autumn|quarter|christmas",
        "there was a|an",
        "we|i had a|an",
        "when i was",
        "at the time",
    ),
    "hypothetical": ("would|will|i'd|we'd|i'll|we'll|gonna", "going|plan to"),
    "generic": (
        "i|we always|usually|normally|generally|typically|often|believe|prefer",
        "i|we tend|try|like|aim to",
        "i|we make sure",
        "i|we focus on",
        "i'm good|great|strong|very|really|someone|always|quite",
        "i'm a people",
        "i'm the kind",
        "i am good|great|strong|a|an|very|really|someone|always|quite",
        "whenever",
        "in general",
        "as a rule",
        "my approach|style|philosophy is",
    ),
    "motive": (
        "i really|just? love|loved|like|liked|enjoy|enjoyed|admire|want|wanted|need|needed",
        "i really? care about",
        "i really? believe in",
        "i'm really? passionate|excited|drawn|keen|interested|ready",
        "i am really? passionate|excited|drawn|keen|interested|ready",
        "i'm|i am looking for",
        "i'd really? love|like",
        "i would really? love|like",
        "i've|i have always wanted",
        "drawn|attracted to",
        "appeals to me",
        "excites me",
        "your mission|values|reputation|culture|approach",
    ),
    "claim": (
        "worked out|well|fine|nicely",
        "it|that|this really? helped",
        "made a big|huge|real|massive? difference",
        "no problems|issues|complaints",
        "everyone was|liked|loved|seemed|agreed",
        "a|the big|huge|real? success",
        "successful",
        "turned out well|fine|great|ok|okay",
        "loved|enjoyed|liked it",
        "went down well",
        "got good|great|positive feedback",
        "was|were|is|are a success",
        "was|is worth it",
    ),
    "hedge": (
        "kind|sort of",
        "i guess|suppose",
        "not sure",
        "no idea",
        "don't|dont know",
        "can't|cant remember",
        "you know",
    ),
    "dont_know": ("don't|dont know", "not sure", "no idea", "dunno", "can't|cant remember"),
    "inject": (
        "ignore|disregard|forget|override|jailbreak|pretend",
        "system prompt",
        "developer mode",
        "you are now",
        "as an ai",
        "act as",
        "give|award|score|rate|mark me",
    ),
}
_CUE_NAMES = tuple(_CUE_SPECS)
# One-word cues by their word; longer ones by their first two words, so that a common first
# word ("i", "the") costs one look-up, not one per phrase.
_SINGLE_CUES: dict[str, list[str]] = {}
_PAIR_CUES: dict[tuple[str, str], list[tuple[tuple[str, ...], str]]] = {}
for _name, _specs in _CUE_SPECS.items():
    for _spec in _specs:
        for _phrase in _expand(_spec):
            if len(_phrase) == 1:
                _SINGLE_CUES.setdefault(_phrase[0], []).append(_name)
            else:
                _PAIR_CUES.setdefault(_phrase[:2], []).append((_phrase, _name))
# Claims with a free word in between: "it was mostly fine", "it went really well".
_CLAIM_ADJECTIVES = _words(
    "fine good great ok okay happy pleased satisfied successful positive smooth better helpful "
    "grateful"
)
_COPULAS = _words("was were is are felt feels seemed seems looked looks")
_WENT_ADJECTIVES = _words("well smoothly fine ok okay great better")
_WENT = _words("went go goes going")
# Numbers that carry a result: "20%", "down to 4", "closed £80k", "9 of the 12".
_NUMBER_BEFORE = _words("down up within under only")
_NUMBER_AFTER = _words("% percent fewer less more lower higher faster extra saved")
_RESULT_VERBS = _words(
    "closed won signed sold saved booked recovered collected raised generated hit reached "
    "achieved scored passed made"
)
_APPROXIMATELY = _words("about around over nearly almost roughly")
_CHANGE_WORDS = _words(_CHANGE_VERBS.replace("|", " ")) | _words(
    "dropped fell rose went came lowered reducing increasing improving cutting"
)

_INJECTION_RE = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b(?:\W+\w+){0,4}?\W+(?:previous|prior|above|"
    r"earlier|all|any|your|the|these|those|my)\b(?:\W+\w+){0,3}?\W+(?:instructions?|rules|"
    r"prompts?|messages?|guidelines|directions|context)\b"
    r"|\bsystem prompt|\bjailbreak|\bdeveloper mode\b|\byou are now\b|\bas an ai\b"
    r"|\bact as (?:an?|the) (?:ai|assistant|interviewer|language model|chatbot)\b"
    r"|\bpretend (?:to be|you)\b"
    r"|\b(?:give|award|score|rate|mark) me (?:a |an |the )?(?:100|10/10|full|top|perfect|highest|"
    r"maximum|max)\b",
    re.IGNORECASE,
)

# ---------------------------------------------------------------------------
# Reading the answer: words, clause breaks, word flags, cues
# ---------------------------------------------------------------------------
# Word flags, computed once per distinct word.
_VERBISH = 1 << 0  # a verb form: "was", "called", "went", "didn't"
_SUBJECT = 1 << 1  # "i", "we", "it" ...
_HEDGE = 1 << 2
_PAST = 1 << 3  # a past verb or "was", "were", "had", "did"
_CROWDED = 1 << 4  # "we", "team" ...
_DIGIT = 1 << 5
_I_ACT = 1 << 6  # set per position by `_actors`: a past action of "I"
_WE_ACT = 1 << 7  # ... of "we", "they", "the team"
_DECIDED = 1 << 8  # ... and the action is a choice
_SUSPICIOUS = 1 << 9  # an instruction-like word: never quoted
_PAST_VERB = 1 << 10
_ACTOR = 1 << 11  # "i", "we", "it's", "team" ...: may start a subject
_BAD_END_WORD = 1 << 12
_CUT_WORD = 1 << 13  # a quote may end right before it
_JOIN_WORD = 1 << 14  # "and", "so", "then", "but": a quote may start right after it
_SINGLE_CUE = 1 << 15
_ADJECTIVE = 1 << 16  # "fine", "well" ... of a claim
_NUMBERISH = 1 << 17  # a digit or a number word
_SUSPICIOUS_WORDS = _words(
    "ignore disregard instruction instructions prompt prompts system systems assistant "
    "assistants jailbreak pretend http https www"
)
_SPLIT_WORD_RE = re.compile(r"[^a-z]+")
_FLAG_CACHE: dict[str, int] = {}


def _compute_flags(word: str) -> int:
    flags = 0
    if (
        word in _IRREGULAR
        or word in _AUXILIARIES
        or (len(word) > 3 and word.endswith("ed"))
        or word.endswith("n't")
    ):
        flags |= _VERBISH
    if word in _SUBJECTS:
        flags |= _SUBJECT
    if word in _HEDGE_WORDS:
        flags |= _HEDGE
    past_verb = _is_past(word)
    if past_verb:
        flags |= _PAST_VERB
    if past_verb or word in {"was", "were", "had", "did"}:
        flags |= _PAST
    if word in _CROWD:
        flags |= _CROWDED
    if any(c.isdigit() for c in word):
        flags |= _DIGIT | _NUMBERISH
    if word in _NUMBER_WORDS:
        flags |= _NUMBERISH
    if word in _SUSPICIOUS_WORDS or not _SUSPICIOUS_WORDS.isdisjoint(_SPLIT_WORD_RE.split(word)):
        flags |= _SUSPICIOUS  # "system's", "prompt-based" too
    if word in _SUBJECT_LIKE or word in _TEAM_NOUNS:
        flags |= _ACTOR
    if word in _BAD_END:
        flags |= _BAD_END_WORD
    if word in _CUT_BEFORE:
        flags |= _CUT_WORD
    if word in {"and", "so", "then", "but"}:
        flags |= _JOIN_WORD
    if word in _SINGLE_CUES:
        flags |= _SINGLE_CUE
    if word in _CLAIM_ADJECTIVES or word in _WENT_ADJECTIVES:
        flags |= _ADJECTIVE
    return flags


_PAIR_KEYS = frozenset(_PAIR_CUES)
_TRIGGER_WORDS = frozenset(_SINGLE_CUES) | _CLAIM_ADJECTIVES | _WENT_ADJECTIVES | _NUMBER_WORDS


def _word_flags(lows: list[str]) -> list[int]:
    cache = _FLAG_CACHE
    missing = set(lows).difference(cache)
    if missing:
        if len(cache) + len(missing) > 20000:  # bounded: answers bring new words forever
            cache.clear()
            missing = set(lows)
        for word in missing:
            cache[word] = _compute_flags(word)
    return list(map(cache.__getitem__, lows))


# Clause breaks: every mark but the comma, which is a soft break a quote may run over. A dot
# or comma inside a number ("3.5", "1,200") stays in its word; so does a dot inside an address
# ("example.com"), which then makes the word unquotable.
_BREAKS = '!?;:"()[]{}<>*`_~|\n\r=@^\\'
_ASCII_BREAK_TABLE = str.maketrans({**{c: "|" for c in _BREAKS}, "\t": " "})
_BREAK_RE = re.compile("[" + re.escape(_BREAKS + "“”„«»…—–―") + "]")
# Typographic apostrophes and hyphens, one character for one character.
_UNIFY = (("‘", "'"), ("’", "'"), ("ʼ", "'"), ("‐", "-"), ("‑", "-"), ("‒", "-"), ("−", "-"))


def _unify(text: str) -> str:
    """Typographic apostrophes and hyphens as plain ones; the length is kept."""
    if text.isascii():
        return text
    for fancy, plain in _UNIFY:
        if fancy in text:
            text = text.replace(fancy, plain)
    return text


_WORD_OK_RE = re.compile(r"[$€£#]?[^\W_]+(?:(?:['\-/&+]|(?<=\d)[.,](?=\d))[^\W_]+)*[%#+]*")
_YEAR_RE = re.compile(r"^(?:19|20)\d\d$")


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


_ADDRESS_RE = re.compile(r"[^\W\d_]\.[^\W\d_]|//")
_LETTER_COMMA_RE = re.compile(r"[^\W\d_],|,[^\W\d_]")


class _Read(NamedTuple):
    lows: list[str]  # the answer's words, lower case
    commas: list[bool]  # a comma follows the word
    chunks: list[tuple[int, int]]  # word ranges between hard breaks (. ; : ! ? dashes ...)
    broken: set[int]  # chunk starts that follow an unquotable word ("example.com"): mid-clause
    flags: list[int]  # word flags plus the action flags of `_actors`
    cues: dict[str, list[tuple[int, int]]]  # cue -> word ranges
    first_action: int  # word index of the first past action of "I" or "we", else -1
    story_verb: bool  # "I did", "we got", "I tried" ... tell of an event too
    result_number: bool


def _tokenize(text: str) -> tuple[list[str], list[bool], list[tuple[int, int]], set[int]]:
    if text.isascii():
        low = text.lower().translate(_ASCII_BREAK_TABLE)  # the fast, ASCII-only path
    else:
        low = _BREAK_RE.sub("|", _unify(text).lower().replace("\t", " "))
    if ".." in low:
        low = low.replace("..", "|")
    low = low.replace(". ", "|")
    lows: list[str] = []
    commas: list[bool] = []
    chunks: list[tuple[int, int]] = []
    broken: set[int] = set()  # chunk starts after an unquotable word: mid-clause
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


def _actors(
    lows: Sequence[str],
    commas: Sequence[bool],
    chunks: Sequence[tuple[int, int]],
    flags: list[int],
) -> bool:
    """Mark past actions of "I" and "we" in `flags`; whether a weak verb told a story.

    "I apologised, refunded the charge and rang her back": all three verbs are the
    candidate's; a verb right after "and", "then" or a comma keeps the last subject.
    """
    weak_story = False
    n = len(lows)
    chunk_lo = [0] * n
    for lo, hi in chunks:
        chunk_lo[lo:hi] = [lo] * (hi - lo)
    subject = ""
    current = -1
    for k in [k for k, f in enumerate(flags) if f & (_ACTOR | _PAST_VERB)]:
        lo = chunk_lo[k]
        if lo != current:
            current, subject = lo, ""  # a new clause group: no subject carried over
        f = flags[k]
        word = lows[k]
        if f & _ACTOR and (word not in _TEAM_NOUNS or (k > lo and lows[k - 1] in _POSSESSORS)):
            if word == "i":
                subject = "i"
            elif word in {"we", "they"} or word in _TEAM_NOUNS:
                subject = "we"
            else:
                subject = ""
                continue
            j = k + 1
            while j < n and chunk_lo[j] == lo and (lows[j] in _ADVERBS or lows[j].endswith("ly")):
                j += 1
            if j < n and chunk_lo[j] == lo:
                verb = lows[j]
                if flags[j] & _PAST_VERB:
                    flags[j] |= (_I_ACT if subject == "i" else _WE_ACT) | (
                        _DECIDED if verb in _DECISION_VERBS else 0
                    )
                elif verb in {"did", "got", "tried", "used"}:
                    weak_story = True
        elif (
            f & _PAST_VERB
            and subject
            and k > lo
            and (commas[k - 1] or lows[k - 1] in {"and", "then"})
        ):
            flags[k] |= (_I_ACT if subject == "i" else _WE_ACT) | (
                _DECIDED if word in _DECISION_VERBS else 0
            )
    return weak_story


_POSSESSORS = _words("the my our")
# "that" may end a quote ("I fixed that"), but not when it opens a clause: "so that", "said that".
_BEFORE_THAT_CLAUSE = _words(
    "so such sure than now said says realised realized knew know think thought found felt "
    "noticed saw decided agreed learned learnt believe believed hoped meant means showed shows "
    "explained told"
)


def _is_result_number(lows: Sequence[str], k: int) -> bool:
    word = lows[k]
    n = len(lows)
    before = lows[k - 1] if k > 0 else ""
    after = lows[k + 1] if k + 1 < n else ""
    if (word in _NUMBER_WORDS or word.isdigit()) and after in {"of", "out"} and k + 2 < n:
        third = lows[k + 2] if after == "of" else (lows[k + 3] if k + 3 < n else "")
        if third in {"the", "them", "our", "my"} or third.isdigit():
            return True  # "9 of the 12 children"
    if word in _NUMBER_WORDS:
        return False
    if word.endswith("%") or after in _NUMBER_AFTER or re.fullmatch(r"\d+x", word):
        return True
    if _YEAR_RE.match(word):
        return False
    if before in _APPROXIMATELY and k > 1:
        before = lows[k - 2]
    if before in _NUMBER_BEFORE or before in _RESULT_VERBS:
        return True  # "down 4", "within 10 minutes", "closed £80k"
    if before in {"from", "by", "to"}:
        window = lows[max(0, k - 6) : k - 1]
        if any(w in _CHANGE_WORDS for w in window) or (before == "to" and "from" in window):
            return True  # "dropped from 40", "cut by 30", "went from six hours to 10"
    return False


@lru_cache(maxsize=256)
def _read(text: str) -> _Read:
    """The answer's words, clause breaks and cues, shared by `gaps` and `follow_up`."""
    lows, commas, chunks, broken = _tokenize(text)
    n = len(lows)
    flags = _word_flags(lows)
    cues: dict[str, list[tuple[int, int]]] = {name: [] for name in _CUE_NAMES}
    result_number = False
    # Only the words that can start a cue present in the answer are visited.
    pairs = _PAIR_KEYS.intersection(zip(lows, lows[1:], strict=False))
    present = set(lows)
    targets = set(_TRIGGER_WORDS.intersection(present))
    targets.update(pair[0] for pair in pairs)
    targets.update(w for w in present if _FLAG_CACHE[w] & _DIGIT)
    for k in [k for k, w in enumerate(lows) if w in targets]:
        f = flags[k]
        word = lows[k]
        if f & _SINGLE_CUE:
            for name in _SINGLE_CUES[word]:
                cues[name].append((k, k + 1))
        if k + 1 < n and (word, lows[k + 1]) in pairs:
            for phrase, name in _PAIR_CUES[(word, lows[k + 1])]:
                end = k + len(phrase)
                if end == k + 2 or (end <= n and tuple(lows[k:end]) == phrase):
                    cues[name].append((k, end))
        if f & _ADJECTIVE:
            if word in _CLAIM_ADJECTIVES:
                for j in range(k - 1, max(-1, k - 4), -1):
                    if lows[j] in _COPULAS:
                        cues["claim"].append((j, k + 1))  # "it was mostly fine"
                        break
            if word in _WENT_ADJECTIVES:
                for j in range(k - 1, max(-1, k - 3), -1):
                    if lows[j] in _WENT:
                        cues["claim"].append((j, k + 1))  # "it went really well"
                        break
        if f & _NUMBERISH:
            if k > 0 and lows[k - 1] == "in" and _YEAR_RE.match(word):
                cues["story"].append((k - 1, k + 1))  # "in 2021"
            elif not result_number:
                result_number = _is_result_number(lows, k)
    weak_story = _actors(lows, commas, chunks, flags)
    first_action = next((k for k, f in enumerate(flags) if f & (_I_ACT | _WE_ACT)), -1)
    return _Read(lows, commas, chunks, broken, flags, cues, first_action, weak_story, result_number)


# ---------------------------------------------------------------------------
# Clauses worth quoting
# ---------------------------------------------------------------------------
# Clause features (bits of a clause's mask) that the score tables weigh.
_F_CLAIM = 1 << 0  # "it went really well", "the team was happy"
_F_I_ACT = 1 << 1  # "I moved handover to the bedside"
_F_WE_ACT = 1 << 2  # "we rewrote the rota"
_F_DECISION = 1 << 3  # the action is a choice: moved, changed, decided ...
_F_TEAM_CLAIM = 1 << 4  # "the team was happy"
_F_GENERIC = 1 << 5  # "I always keep parents informed"
_F_MOTIVE = 1 << 6  # "I love working with older children"
_F_HYPOTHETICAL = 1 << 7  # "I would call the family first"
_F_NUMBER = 1 << 8
_F_PAST = 1 << 9
_F_SUBJECT = 1 << 10  # starts with "I", "we", "the team" ...
_FEATURE_BITS = 11
_CUE_FEATURES = {
    "claim": _F_CLAIM,
    "generic": _F_GENERIC,
    "motive": _F_MOTIVE,
    "hypothetical": _F_HYPOTHETICAL,
    "hedge": -1,  # counted, not a feature
    "dont_know": -2,  # refused: "I don't know", "not sure" are not worth quoting back
}


def _word_features(bits: int) -> int:
    mask = 0
    if bits & _I_ACT:
        mask |= _F_I_ACT
    if bits & _WE_ACT:
        mask |= _F_WE_ACT
    if bits & _DECIDED:
        mask |= _F_DECISION
    if bits & (_PAST | _I_ACT | _WE_ACT):
        mask |= _F_PAST
    if bits & _DIGIT:
        mask |= _F_NUMBER
    return mask


_FEATURES_OF_BITS = tuple(_word_features(b) for b in range(1 << 9))  # bits 0-8 only
_SIZE_BASE = tuple((1.0 if 4 <= s <= 10 else 0.4) + 0.05 * s for s in range(MAX_WORDS + 1))
_TAIL_LAST = frozenset(phrase[-1] for phrase in _TAIL_PHRASES)

# A clause: (first word, end word, base score, feature mask, position 0..1).
_Clause = tuple[int, int, float, int, float]


def _tail_flags(lows: Sequence[str], lo: int, hi: int) -> list[int]:
    """Word indices k in lo..hi where lows[k:hi] are only trailing hedges ("I guess")."""
    tail = [False] * (hi - lo + 1)
    tail[hi - lo] = True
    for k in range(hi - 1, max(lo, hi - 8) - 1, -1):  # tails are a few words long
        for phrase in _TAIL_BY_FIRST.get(lows[k], ()):
            end = k + len(phrase)
            if end <= hi and tail[end - lo] and tuple(lows[k:end]) == phrase:
                tail[k - lo] = True
                break
    return [k for k in range(max(lo, hi - 8), hi) if tail[k - lo]]


def _by_first(phrases: Iterable[tuple[str, ...]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    table: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        table.setdefault(phrase[0], []).append(phrase)
    return {k: tuple(v) for k, v in table.items()}


_TAIL_BY_FIRST = _by_first(_TAIL_PHRASES)
_OPENER_BY_FIRST = _by_first(_DROP_START_PHRASES)
_OPENER_WORDS = _DROP_START | frozenset(_OPENER_BY_FIRST)


def _skip_openers(lows: Sequence[str], i: int, hi: int) -> int:
    """Past "and", "so", "then", "but" and fillers ("Honestly", "I think") at a clause start."""
    while i < hi:
        word = lows[i]
        if word in _DROP_START:
            i += 1
            continue
        for phrase in _OPENER_BY_FIRST.get(word, ()):
            if tuple(lows[i : i + len(phrase)]) == phrase:
                i += len(phrase)
                break
        else:
            return i
    return i


@lru_cache(maxsize=256)
def _clauses(text: str) -> tuple[_Clause, ...]:
    """Every phrase of the answer that could be quoted back, in order."""
    read = _read(text)
    lows, commas, flags = read.lows, read.commas, read.flags
    n = len(lows)
    if n < MIN_WORDS:
        return ()
    hedge_sums = (
        list(accumulate(map(_HEDGE_WORDS.__contains__, lows), initial=0))
        if not _HEDGE_WORDS.isdisjoint(lows)
        else [0] * (n + 1)
    )
    comma_sums = list(accumulate(commas, initial=0))
    comma_at = [k for k, c in enumerate(commas) if c]
    # Where a quote may start (at word k) and end (after word k).
    begins: set[int] = {k + 1 for k in comma_at}
    ends: list[int] = list(comma_at)
    chunk_end = [0] * n
    broken = read.broken
    tail_last = _TAIL_LAST
    for lo, hi in read.chunks:
        if lo not in broken:
            begins.add(lo)
        chunk_end[lo:hi] = [hi] * (hi - lo)
        ends.append(hi - 1)
        if lows[hi - 1] in tail_last:  # "... I guess": the quote may end before the tail
            ends.extend(k - 1 for k in _tail_flags(lows, lo, hi) if k > lo)
    natural = [0.0] * n  # after word k a clause ends: a bonus for a quote that ends there
    for k in ends:
        natural[k] = 0.5
    for k in [k for k, f in enumerate(flags) if f & (_CUT_WORD | _JOIN_WORD)]:
        if flags[k] & _JOIN_WORD:
            begins.add(k + 1)
        # "line by line", "day to day", "face to face" are one phrase.
        if k > 0 and flags[k] & _CUT_WORD and not (k + 1 < n and lows[k + 1] == lows[k - 1]):
            ends.append(k - 1)
    stops = sorted(  # a quote may end after word k
        k
        for k in set(ends)
        if not flags[k] & _BAD_END_WORD
        and not (lows[k] == "that" and k > 0 and lows[k - 1] in _BEFORE_THAT_CLAUSE)
    )
    cue_spans = sorted(
        (k0, k1, bit) for name, bit in _CUE_FEATURES.items() for k0, k1 in read.cues[name]
    )
    cue_starts = [span[0] for span in cue_spans]
    found: list[_Clause] = []
    append = found.append
    seen: set[int] = set()
    # Locals: this loop runs for every clause start of the answer.
    opener_words, bad_start, subject_like = _OPENER_WORDS, _BAD_START, _SUBJECT_LIKE
    team_nouns, noun_starts, size_base = _TEAM_NOUNS, _NOUN_PHRASE_START, _SIZE_BASE
    features_of_bits, suspicious, verbish, subject_bit = (
        _FEATURES_OF_BITS,
        _SUSPICIOUS,
        _VERBISH,
        _SUBJECT,
    )
    left, right, fold = bisect_left, bisect_right, reduce
    shortest, longest = MIN_WORDS - 1, MAX_WORDS
    for begin in sorted(begins):
        if begin >= n:
            continue
        hi = chunk_end[begin]
        a = _skip_openers(lows, begin, hi) if lows[begin] in opener_words else begin
        if a >= hi or a in seen:
            continue
        seen.add(a)
        first = lows[a]
        if first in bad_start:
            continue
        if first in {"after", "before"} and (a + 1 >= hi or lows[a + 1] not in {"that", "this"}):
            continue
        last = (hi if hi < a + longest else a + longest) - 1
        i = left(stops, a + shortest)
        j = right(stops, last)
        if i >= j:
            continue
        subject = first in subject_like or (a + 1 < hi and lows[a + 1] in team_nouns)
        noun_start = first in noun_starts
        start_bonus = 1.2 if subject else 0.0  # "I called the team", not "called the team"
        start_mask = _F_SUBJECT if subject else 0
        spans = cue_spans[left(cue_starts, a) : right(cue_starts, last)]
        position = a / n
        hedge_a = hedge_sums[a]
        comma_a = comma_sums[a]
        bits = 0
        done = a
        for k in stops[i:j]:
            before_last = bits | fold(or_, flags[done:k], 0)  # words a .. k-1
            bits = before_last | flags[k]
            done = k + 1
            if bits & suspicious:
                break  # "system", "prompt" ...: nothing from here on is quoted
            if not (bits & verbish or before_last & subject_bit or noun_start):
                continue  # neither a clause nor a clear noun phrase ("on the night shift")
            mask = start_mask | features_of_bits[bits & 0x1FF]
            hedges = hedge_sums[done] - hedge_a
            if spans:
                refused = False
                for _k0, k1, bit in spans:
                    if k1 <= done:
                        if bit > 0:
                            mask |= bit
                        elif bit == -1:
                            hedges += 1
                        else:
                            refused = True
                if refused:
                    break
                if mask & _F_CLAIM and bits & _CROWDED:
                    mask |= _F_TEAM_CLAIM
            append(
                (
                    a,
                    done,
                    size_base[done - a]
                    + natural[k]
                    + start_bonus
                    - 1.5 * hedges
                    - 0.4 * (comma_sums[k] - comma_a),
                    mask,
                    position,
                )
            )
    return tuple(found)


_QUOTE_EDGE_BEFORE = re.compile(r"[\w-]$|\w'$")
_QUOTE_EDGE_AFTER = re.compile(r"^[\w-]|^'\w")


def _locate(text: str, read: _Read, a: int, b: int) -> str | None:
    """The answer's own characters for words a..b, or None when they cannot be found safely."""
    words = read.lows[a:b]
    norm = _unify(text)
    low = norm.lower()
    if len(low) == len(text):
        target = "".join(w + (", " if read.commas[a + i] else " ") for i, w in enumerate(words))
        target = target[:-2] if target.endswith(", ") else target[:-1]
        start = low.find(target)
        while start >= 0:
            end = start + len(target)
            if not _QUOTE_EDGE_BEFORE.search(low[max(0, start - 2) : start]) and not (
                _QUOTE_EDGE_AFTER.search(low[end : end + 2])
            ):
                return _safe(text[start:end])
            start = low.find(target, start + 1)
    pattern = "".join(
        re.escape(w) + (r"\s*,\s*" if read.commas[a + i] else r"\s+") for i, w in enumerate(words)
    )
    pattern = pattern[: -len(r"\s*,\s*")] if read.commas[b - 1] else pattern[: -len(r"\s+")]
    found = re.search(r"(?<![\w-])(?<!\w')" + pattern + r"(?![\w-])(?!'\w)", norm, re.IGNORECASE)
    return _safe(text[found.start() : found.end()]) if found else None


_SAFE_QUOTE_RE = re.compile(r"^(?:[^\W_]|[ .,'%$€£&+#/()\-]|(?<=[^\W\d_])\u2019(?=[^\W\d_]))+$")


def _safe(quote: str) -> str | None:
    return quote if _SAFE_QUOTE_RE.match(quote) and is_quotable(quote) else None


# ---------------------------------------------------------------------------
# What the answer lacks
# ---------------------------------------------------------------------------
_QUESTION_KINDS = (
    (
        "motivation",
        re.compile(
            r"why do you want|why (?:this|our|the) (?:role|job|company|school|hospital|team|"
            r"position|organisation|organization|firm)|what draws you|what attracts you|"
            r"why (?:us|here|now)\b|makes you want|why are you (?:leaving|looking|interested)|"
            r"what motivates you|motivation|where do you (?:want|see yourself)|career to go|"
            r"right next step|why did you (?:choose|become|go into)|want to achieve|"
            r"(?:do|did) you (?:enjoy|like|love)|enjoy(?:ed)? most|passionate about"
        ),
    ),
    (
        "scenario",
        re.compile(
            r"\bimagine\b|\bsuppose\b|hypothetical|scenario|what would you do|how would you|"
            r"what would you|if you (?:were|joined|had|found)|first (?:week|month|90 days)|"
            r"in your first"
        ),
    ),
    (
        "decision",
        re.compile(
            r"technical|decision|trade-?off|\bdesign|approach|alternatives|\bchoose\b|\bchose\b|"
            r"architecture|how did you decide|which option|\bweigh"
        ),
    ),
    (
        "opening",
        re.compile(
            r"about yourself|walk me through your (?:background|cv|career|experience)|"
            r"introduce yourself|your background"
        ),
    ),
)


@lru_cache(maxsize=256)
def _question_kind(question: str) -> str:
    """ "motivation", "scenario", "decision", "opening", "story" (the default), or ""."""
    low = question.translate(_KEY_MAP).lower()
    for kind, pattern in _QUESTION_KINDS:
        if pattern.search(low):
            return kind
    return "story" if low.strip() else ""


@lru_cache(maxsize=256)
def _gaps(text: str, kind: str) -> tuple[str, ...]:
    signals = analyse_answer(text)
    read = _read(text)
    cues = read.cues
    story = read.first_action >= 0 or read.story_verb or bool(cues["story"])
    hypothetical = not story and bool(cues["hypothetical"])
    if not kind:
        kind = "motivation" if cues["motive"] and not story else "story"
    thin = signals.short
    vague = bool(cues["claim"])
    generic = bool(cues["generic"])
    # A result comes after the action: "his blood pressure dropped" before "I called" sets
    # the scene.
    after = max(0, read.first_action)
    has_result = read.result_number or any(k0 >= after for k0, _ in cues["outcome"])
    has_reason = bool(cues["reason"])
    has_trade_off = bool(cues["trade_off"])
    has_reflection = bool(cues["reflect"])
    # Only "we" and no "I" at all: the candidate's part is unknown, even with a single "we".
    we_heavy = signals.we_heavy or (
        signals.we_count >= (1 if story else 2) and signals.i_count == 0
    )

    order: list[str] = []
    if kind in ("motivation", "opening"):
        if not has_reason:
            order.append("reason")
        if generic and not story:
            order.append("example")
        if thin or vague or generic:
            order.append("detail")
        return tuple(dict.fromkeys(order))
    if kind == "scenario":
        if signals.words < TERSE_WORDS:  # a plan in one sentence is normal; a few words is not
            order.append("detail")
        if not has_trade_off:
            order.append("trade_off")
        if not has_reason:
            order.append("reason")
        if vague or generic:
            order.append("detail")
        return tuple(dict.fromkeys(order))
    if not story:
        # No event told: a vague line wants detail, anything else a real example.
        order.append("detail" if thin and vague else "example")
    del hypothetical  # a plan instead of a story is covered by "example" above
    lacking = {
        "own_part": we_heavy,
        "result": not has_result,
        "reason": not has_reason,
        "trade_off": not has_trade_off,
        "differently": not has_reflection,
    }
    if kind == "decision":
        ranked = ("own_part", "trade_off", "reason", "result", "differently")
    else:
        ranked = ("own_part", "result", "reason", "differently", "trade_off")
    order.extend(g for g in ranked if lacking[g])
    if vague:
        order.append("detail")
    if not story:
        order.append("example")
    elif thin:
        order.append("detail")
    return tuple(dict.fromkeys(order))


def _usable(text: str) -> bool:
    if not text.strip():
        return False
    read = _read(text)
    if read.cues["inject"] and _INJECTION_RE.search(text):
        return False
    if len(_INSTRUCTION_WORDS.intersection(read.lows)) >= 2:
        return False  # "system" alone is a nurse's triage system; with "prompt", it is not
    # Something beyond "I don't know", "pass", "not sure really": one real word is enough
    # ("It was fine I guess"); a clause of three words must still be found to quote.
    return any(word not in _NON_ANSWER_WORDS for word in read.lows)


def gaps(answer: str, *, question: str = "") -> tuple[str, ...]:
    """What the answer lacks, most important first, for this kind of question.

    A story question (the default) wants the candidate's own part (when "we" hides it), the
    result, the reason, a reflection and a trade-off; a decision or technical question puts
    the trade-off first; a scenario wants the trade-off and the reason (there is no result
    yet); a motivation question wants the reason, then specifics, never STAR. "example" comes
    first when no real event is told, "detail" when the answer is only a thin, vague claim.
    """
    text = (answer or "")[:MAX_SEARCH_CHARS]
    if not _usable(text):
        return ()
    return _gaps(text, _question_kind(question))


# ---------------------------------------------------------------------------
# Choosing the quote and the wording
# ---------------------------------------------------------------------------
def _fits(mask: int, gap: str) -> bool:
    """Whether the question for this gap can be asked about a clause with these features."""
    acted = bool(mask & (_F_I_ACT | _F_WE_ACT))
    if (
        gap in ("result", "own_part", "differently")
        and mask & _F_HYPOTHETICAL
        and not (mask & _F_PAST)
    ):
        return False  # "What was the result?" of "I would call the family" makes no sense
    if gap == "result":
        return acted or bool(mask & (_F_CLAIM | _F_DECISION))
    if gap == "own_part":
        return bool(mask & (_F_WE_ACT | _F_TEAM_CLAIM)) or (acted and bool(mask & _F_DECISION))
    if gap == "trade_off":
        return acted or bool(mask & (_F_DECISION | _F_MOTIVE | _F_HYPOTHETICAL))
    if gap == "reason":
        return acted or bool(
            mask & (_F_DECISION | _F_MOTIVE | _F_HYPOTHETICAL | _F_CLAIM | _F_GENERIC | _F_SUBJECT)
        )
    if gap == "differently":
        return bool(mask & _F_PAST)
    return True


_WEIGHTS: dict[str, tuple[tuple[int, float], ...]] = {
    "result": (
        (_F_CLAIM, 4.0),
        (_F_I_ACT, 3.0),
        (_F_WE_ACT, 2.0),
        (_F_DECISION, 1.0),
        (_F_NUMBER, -1.0),
    ),
    "own_part": ((_F_WE_ACT, 4.0), (_F_TEAM_CLAIM, 3.0), (_F_CLAIM, 0.5), (_F_DECISION, 0.5)),
    "reason": (
        (_F_I_ACT, 3.0),
        (_F_WE_ACT, 2.0),
        (_F_MOTIVE, 3.5),
        (_F_DECISION, 1.5),
        (_F_HYPOTHETICAL, 1.0),
        (_F_CLAIM, 0.5),
    ),
    "trade_off": ((_F_I_ACT, 3.0), (_F_WE_ACT, 2.5), (_F_DECISION, 2.5), (_F_HYPOTHETICAL, 2.5)),
    "differently": ((_F_I_ACT, 3.0), (_F_WE_ACT, 2.5), (_F_CLAIM, 2.0), (_F_DECISION, 1.0)),
    "detail": (
        (_F_CLAIM, 4.0),
        (_F_GENERIC, 2.5),
        (_F_MOTIVE, 2.0),
        (_F_I_ACT, 1.0),
        (_F_WE_ACT, 0.5),
    ),
    "example": (
        (_F_GENERIC, 4.0),
        (_F_CLAIM, 3.0),
        (_F_MOTIVE, 2.5),
        (_F_HYPOTHETICAL, 1.5),
        (_F_I_ACT, 0.5),
    ),
}


@lru_cache(maxsize=len(GAPS))
def _table(gap: str) -> tuple[float | None, ...]:
    """The gap's score for every feature mask; None where the gap does not fit."""
    scores: list[float | None] = []
    for mask in range(1 << _FEATURE_BITS):
        if not _fits(mask, gap):
            scores.append(None)
            continue
        score = sum(weight for bit, weight in _WEIGHTS[gap] if mask & bit)
        if mask & _F_GENERIC and gap not in ("example", "detail"):
            score -= 1.0  # "I always ..." is no event to ask about
        scores.append(score)
    return tuple(scores)


def _ranked(clauses: Sequence[_Clause], gap: str, limit: int) -> list[_Clause]:
    table = _table(gap)
    scored: list[tuple[float, int]] = []
    for i, (_a, _b, base, mask, position) in enumerate(clauses):
        value = table[mask]
        if value is None:
            continue
        if gap == "result" and mask & _F_I_ACT:
            value += 0.5 * position  # the last thing they did is what to follow up
        scored.append((base + value, -i))
    scored.sort(reverse=True)
    return [clauses[-i] for _, i in scored[:limit]]


def _used(frame: _Frame, earlier: Sequence[str]) -> bool:
    return any(all(part in said for part in frame.parts) for said in earlier)


def _frames(gap: str, past: bool, seed: int, earlier: Sequence[str]) -> list[_Frame]:
    """This gap's unused frames, in the seed's order, least-used opening words first."""
    general, past_only = _bank()[gap]
    frames = list(general + past_only) if past else list(general)
    shift = seed % len(frames)
    frames = frames[shift:] + frames[:shift]
    fresh = [f for f in frames if not _used(f, earlier)]
    return sorted(fresh, key=lambda f: sum(f'{f.opener} "' in said for said in earlier))


def follow_up(
    answer: str, *, question: str = "", seed: int = 0, avoid: Collection[str] = ()
) -> FollowUp | None:
    """A follow-up that quotes the answer and probes what it lacked, or None.

    `question` is the question the answer replied to (it decides which gap matters most);
    `avoid` holds the interview's earlier questions: no frame and no quote is used twice.
    """
    text = (answer or "")[:MAX_SEARCH_CHARS]
    if not _usable(text):
        return None
    clauses = _clauses(text)
    if not clauses:
        return None
    read = _read(text)
    earlier = [_key(said) for said in avoid if said]
    joined = "\n".join(earlier)
    for gap in dict.fromkeys((*_gaps(text, _question_kind(question)), "detail")):
        for a, b, _base, mask, _position in _ranked(clauses, gap, 4):
            quote = _locate(text, read, a, b)
            if quote is None:
                continue
            if earlier and f'"{_key(quote)}"' in joined:
                continue  # already quoted back once in this interview
            # "Why did you go that way?" needs something the candidate did, not a feeling.
            past = bool(mask & (_F_I_ACT | _F_WE_ACT)) and not mask & _F_HYPOTHETICAL
            for frame in _frames(gap, past, seed, earlier):
                said = frame.text.replace("{quote}", quote)
                if len(said) <= MAX_TEXT_CHARS:
                    return FollowUp(quote=quote, gap=gap, text=said)
    return None


__all__ = ["GAPS", "MAX_TEXT_CHARS", "FollowUp", "follow_up", "gaps"]
