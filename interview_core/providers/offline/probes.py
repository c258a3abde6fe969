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
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from interview_core.providers.offline.answers import analyse_answer
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
    "i'm i've i'd i'll we're we've we'd we'll they're they've they'd it's that's there's he's "
    "she's"
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
        "perhaps mostly somewhat rather more less most least one"
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
_IRREGULAR = _PAST_EXTRA | _words("is are am was were has have had do does did")
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
_NOUN_PHRASE_START = _ARTICLES | _DETERMINERS | {"this", "that"}
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
    "could we move on of to is was just"
)


def _is_past(word: str) -> bool:
    return (
        word not in _WEAK_VERBS
        and word not in _FEELING_VERBS
        and (is_past_verb(word) or word in _PAST_EXTRA or word in _PLAIN_ACTIONS)
    )


# Word flags, looked up once per distinct word.
_VERBISH = 1 << 0  # a verb form: "was", "called", "went", "didn't"
_SUBJECT = 1 << 1
_HEDGE = 1 << 2
_PAST = 1 << 3  # a past verb or "was", "were", "had", "did"
_CROWDED = 1 << 4  # "we", "team" ...
_DIGIT = 1 << 5
# Set per position by `_actors`.
_I_ACT = 1 << 6  # a past action of "I"
_WE_ACT = 1 << 7  # a past action of "we", "they", "the team"
_DECIDED = 1 << 8  # that action is a choice


@lru_cache(maxsize=8192)
def _flags(word: str) -> int:
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
    if _is_past(word) or word in {"was", "were", "had", "did"}:
        flags |= _PAST
    if word in _CROWD:
        flags |= _CROWDED
    if any(c.isdigit() for c in word):
        flags |= _DIGIT
    return flags


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
_PHRASES_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _name, _specs in _CUE_SPECS.items():
    for _spec in _specs:
        for _phrase in _expand(_spec):
            _PHRASES_BY_FIRST.setdefault(_phrase[0], []).append((_phrase, _name))
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
# Reading the answer: words, clause breaks, cues
# ---------------------------------------------------------------------------
# Positions are kept: every character map below is one character to one character.
_ONE_TO_ONE = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-", "\u2212": "-"}
)
_MASK_HINTS = ("http", "www.", "@", ".com", ".org", ".net", ".io", ".co", ".dev", ".ai", ".app")
_MASK_RE = re.compile(
    r"(?:https?://|www\.)\S+|\S+@\S+|\b\S+\.(?:com|org|net|io|co|uk|dev|ai|app)\b\S*",
    re.IGNORECASE,
)
# A word (with inner ' - / & + and the dot or comma of "3.5" or "1,200"), a comma, or any
# other mark, which ends a clause: . ; : ! ? quotes, brackets, dashes, markup.
_TOKEN_RE = re.compile(
    r"([$€£#]?[^\W_]+(?:['\-/&+.,][^\W_]+)*[%#+]*(?:(?<=s)'(?!\w))?)|(,)|\S"
)
_SAFE_QUOTE_RE = re.compile(r"^(?:[^\W_]|[ .,'%$€£&+#/()\-]|(?<=[^\W\d_])\u2019(?=[^\W\d_]))+$")
_YEAR_RE = re.compile(r"^(?:19|20)\d\d$")


class _Read(NamedTuple):
    lows: list[str]
    starts: list[int]  # character offsets in the answer
    ends: list[int]
    commas: list[bool]  # a comma follows the word
    chunks: list[tuple[int, int]]  # word ranges between hard breaks
    flags: list[int]  # word flags plus the action flags of `_actors`
    cues: dict[str, list[tuple[int, int]]]  # cue -> word ranges
    first_action: int  # word index of the first past action of "I" or "we", else -1
    story_verb: bool  # "I did", "we got", "I tried" ... tell of an event too
    result_number: bool


def _mask(match: re.Match[str]) -> str:
    return "\n" * len(match.group(0))


def _actors(lows: Sequence[str], commas: Sequence[bool], lo: int, hi: int, flags: list[int]) -> bool:
    """Mark past actions of "I" and "we" in lows[lo:hi]; whether a weak verb told a story.

    "I apologised, refunded the charge and rang her back": all three verbs are the
    candidate's; a verb right after "and", "then" or a comma keeps the last subject.
    """
    subject = ""
    weak_story = False
    k = lo
    while k < hi:
        word = lows[k]
        team = word in _TEAM_NOUNS and k > lo and lows[k - 1] in {"the", "my", "our"}
        if word in _SUBJECT_LIKE or team:
            subject = "i" if word == "i" else "we" if word in {"we", "they"} or team else ""
            j = k + 1
            while j < hi and (lows[j] in _ADVERBS or lows[j].endswith("ly")):
                j += 1
            if j < hi and subject:
                verb = lows[j]
                if _is_past(verb):
                    flags[j] |= (_I_ACT if subject == "i" else _WE_ACT) | (
                        _DECIDED if verb in _DECISION_VERBS else 0
                    )
                elif verb in {"did", "got", "tried", "used"}:
                    weak_story = True
            k = max(j, k + 1)
            continue
        if subject and k > lo and (commas[k - 1] or lows[k - 1] in {"and", "then"}):
            if _is_past(word):
                flags[k] |= (_I_ACT if subject == "i" else _WE_ACT) | (
                    _DECIDED if word in _DECISION_VERBS else 0
                )
        k += 1
    return weak_story


def _is_result_number(lows: Sequence[str], k: int) -> bool:
    word = lows[k]
    n = len(lows)
    before = lows[k - 1] if k > 0 else ""
    after = lows[k + 1] if k + 1 < n else ""
    if word in _NUMBER_WORDS or word.isdigit():
        if after in {"of", "out"} and k + 2 < n:
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
    norm = text.translate(_ONE_TO_ONE)
    lowered = norm.lower()
    if any(hint in lowered for hint in _MASK_HINTS):
        norm = _MASK_RE.sub(_mask, norm)
        lowered = norm.lower()
    lows: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    commas: list[bool] = []
    chunks: list[tuple[int, int]] = []
    open_at = 0
    for m in _TOKEN_RE.finditer(norm):
        kind = m.lastindex
        if kind == 1:
            a, b = m.span()
            lows.append(lowered[a:b])
            starts.append(a)
            ends.append(b)
            commas.append(False)
        elif kind == 2:
            if len(lows) > open_at:
                commas[-1] = True
        elif len(lows) > open_at:
            chunks.append((open_at, len(lows)))
            open_at = len(lows)
        else:
            open_at = len(lows)
    if len(lows) > open_at:
        chunks.append((open_at, len(lows)))

    n = len(lows)
    flags = [_flags(w) for w in lows]
    cues: dict[str, list[tuple[int, int]]] = {name: [] for name in _CUE_NAMES}
    result_number = False
    for k, word in enumerate(lows):
        entries = _PHRASES_BY_FIRST.get(word)
        if entries:
            for phrase, name in entries:
                end = k + len(phrase)
                if end <= n and (len(phrase) == 1 or tuple(lows[k:end]) == phrase):
                    cues[name].append((k, end))
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
        if word == "in" and k + 1 < n and _YEAR_RE.match(lows[k + 1]):
            cues["story"].append((k, k + 2))
        if not result_number and (flags[k] & _DIGIT or word in _NUMBER_WORDS):
            result_number = _is_result_number(lows, k)
    weak_story = False
    for lo, hi in chunks:
        weak_story = _actors(lows, commas, lo, hi, flags) or weak_story
    first_action = next((k for k in range(n) if flags[k] & (_I_ACT | _WE_ACT)), -1)
    return _Read(
        lows, starts, ends, commas, chunks, flags, cues, first_action, weak_story, result_number
    )


# ---------------------------------------------------------------------------
# Clauses worth quoting
# ---------------------------------------------------------------------------
# Clause features (bits of _Clause.mask) that the score tables weigh.
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
_F_ANY = 1 << 11
_CUE_FEATURES = (
    ("claim", _F_CLAIM),
    ("generic", _F_GENERIC),
    ("motive", _F_MOTIVE),
    ("hypothetical", _F_HYPOTHETICAL),
)


class _Clause(NamedTuple):
    start: int  # character offsets in the answer
    end: int
    base: float  # gap-independent quality: length, clean ends, a subject, no hedges
    mask: int  # _F_* features
    position: float  # 0 at the start of the answer, 1 at its end


def _tail_flags(lows: Sequence[str], lo: int, hi: int) -> list[bool]:
    """tail[k - lo]: whether lows[k:hi] are only trailing hedges ("I guess", "really")."""
    tail = [False] * (hi - lo + 1)
    tail[hi - lo] = True
    for k in range(hi - 1, lo - 1, -1):
        for phrase in _TAIL_BY_FIRST.get(lows[k], ()):
            end = k + len(phrase)
            if end <= hi and tail[end - lo] and tuple(lows[k:end]) == phrase:
                tail[k - lo] = True
                break
    return tail


def _by_first(phrases: Iterable[tuple[str, ...]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    table: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        table.setdefault(phrase[0], []).append(phrase)
    return {k: tuple(v) for k, v in table.items()}


_TAIL_BY_FIRST = _by_first(_TAIL_PHRASES)
_OPENER_BY_FIRST = _by_first(_DROP_START_PHRASES)


def _skip_openers(lows: Sequence[str], i: int, hi: int) -> int:
    """Past "and", "so", "then", "but" and fillers ("Honestly", "I think") at a clause start."""
    while i < hi:
        if lows[i] in _DROP_START:
            i += 1
            continue
        for phrase in _OPENER_BY_FIRST.get(lows[i], ()):
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
    lows, starts, ends, commas, flags = read.lows, read.starts, read.ends, read.commas, read.flags
    total = max(1, len(text))
    # Cue ranges by their first word, for the clause walk below.
    opening: dict[int, list[tuple[int, int]]] = {}
    for name, bit in (*_CUE_FEATURES, ("hedge", -1), ("dont_know", -2)):
        for k0, k1 in read.cues[name]:
            opening.setdefault(k0, []).append((k1, bit))
    found: list[_Clause] = []
    for lo, hi in read.chunks:
        if hi - lo < MIN_WORDS:
            continue
        original = text[starts[lo] : ends[hi - 1]]
        chunk_safe = bool(_SAFE_QUOTE_RE.match(original)) and is_quotable(original)
        tail = _tail_flags(lows, lo, hi)
        begins = [lo] + [
            k + 1
            for k in range(lo, hi - 1)
            if commas[k] or lows[k] in {"and", "so", "then", "but"}
        ]
        stops = {hi} | {
            k
            for k in range(lo + 1, hi)
            if commas[k - 1]
            or tail[k - lo]
            or (
                lows[k] in _CUT_BEFORE
                # "line by line", "day to day", "face to face" are one phrase.
                and not (k + 1 < hi and lows[k + 1] == lows[k - 1])
            )
        }
        seen_starts: set[int] = set()
        for begin in begins:
            a = _skip_openers(lows, begin, hi)
            if a >= hi or a in seen_starts:
                continue
            seen_starts.add(a)
            first = lows[a]
            if first in _BAD_START:
                continue
            if first in {"after", "before"} and (a + 1 >= hi or lows[a + 1] not in {"that", "this"}):
                continue
            subject = first in _SUBJECT_LIKE or (a + 1 < hi and lows[a + 1] in _TEAM_NOUNS)
            noun_start = first in _NOUN_PHRASE_START
            bits = 0
            hedges = 0
            comma_count = 0
            subject_before = False  # a subject before the last word: "it was", "we rewrote"
            pending: list[tuple[int, int]] = []
            for k in range(a, min(hi, a + MAX_WORDS)):
                subject_before = subject_before or bool(k > a and flags[k - 1] & _SUBJECT)
                bits |= flags[k]
                hedges += bool(flags[k] & _HEDGE)
                if k > a and commas[k - 1]:
                    comma_count += 1
                if k in opening:
                    pending.extend(opening[k])
                b = k + 1
                if b - a < MIN_WORDS or b not in stops or lows[k] in _BAD_END:
                    continue
                if not (bits & _VERBISH or subject_before) and (
                    not noun_start or first in {"in", "on", "at", "during", "over"}
                ):
                    continue  # neither a clause nor a clear noun phrase ("on the night shift")
                mask = _F_ANY
                phrase_hedges = 0
                refused = False
                for end, bit in pending:
                    if end <= b:
                        if bit == -2:
                            refused = True  # "I don't know", "not sure" are not worth quoting
                        elif bit == -1:
                            phrase_hedges += 1
                        else:
                            mask |= bit
                if refused:
                    break
                cs, ce = starts[a], ends[k]
                if not chunk_safe:
                    quote = text[cs:ce]
                    if not (_SAFE_QUOTE_RE.match(quote) and is_quotable(quote)):
                        continue
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
                if mask & _F_CLAIM and bits & _CROWDED:
                    mask |= _F_TEAM_CLAIM
                if subject:
                    mask |= _F_SUBJECT
                size = b - a
                natural = b == hi or commas[k] or tail[b - lo]
                base = (
                    (1.0 if 4 <= size <= 10 else 0.4)
                    + 0.05 * size
                    + (0.5 if natural else 0.0)
                    + (1.2 if subject else 0.0)  # "I called the team", not "called the team"
                    - 1.5 * (hedges + phrase_hedges)
                    - 0.4 * comma_count
                )
                found.append(_Clause(cs, ce, base, mask, cs / total))
    return tuple(found)


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
        if thin:
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
    content = 0
    for word in read.lows:
        if word not in _NON_ANSWER_WORDS:
            content += 1
            if content >= 2:
                return True
    return False


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
    if gap in ("result", "own_part", "differently") and mask & _F_HYPOTHETICAL:
        if not mask & _F_PAST:
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
_FEATURE_BITS = 12


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
    for i, clause in enumerate(clauses):
        value = table[clause.mask]
        if value is None:
            continue
        score = clause.base + value
        if gap == "result" and clause.mask & _F_I_ACT:
            score += 0.5 * clause.position  # the last thing they did is what to follow up
        scored.append((score, -i))
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
    earlier = [_key(said) for said in avoid if said]
    joined = "\n".join(earlier)
    for gap in dict.fromkeys((*_gaps(text, _question_kind(question)), "detail")):
        for clause in _ranked(clauses, gap, 4):
            quote = text[clause.start : clause.end]
            if earlier and f'"{_key(quote)}"' in joined:
                continue  # already quoted back once in this interview
            past = bool(clause.mask & _F_PAST) and not clause.mask & _F_HYPOTHETICAL
            for frame in _frames(gap, past, seed, earlier):
                said = frame.text.replace("{quote}", quote)
                if len(said) <= MAX_TEXT_CHARS:
                    return FollowUp(quote=quote, gap=gap, text=said)
    return None


__all__ = ["GAPS", "MAX_TEXT_CHARS", "FollowUp", "follow_up", "gaps"]
