"""Signals in one answer: structure, ownership, numbers, hedges."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from interview_core.providers.offline.numbers import has_result, measurable_tokens
from interview_core.providers.offline.sentences import split_sentences
from interview_core.providers.offline.text import (
    clean_text,
)
from interview_core.providers.offline.topics import (
    MAX_CHARS,
    _question_filler,
    words_of,
)
from interview_core.providers.offline.vocabulary import find_skills

# ---------------------------------------------------------------------------
# Answers
# ---------------------------------------------------------------------------
# "I guess" / "I think" are hedges, not ownership, so they do not count as "I".
_I_RE = re.compile(
    r"(?<![\w'])(?:i(?!\s+(?:guess|think|mean|suppose|dunno|don't "
    r"know))|i'm|i've|i'd|i'll|me|my|myself|mine)(?![\w'])",
    re.IGNORECASE,
)
_WE_RE = re.compile(
    r"(?<![\w'])(?:we|we're|we've|we'd|we'll|our|ours|us|ourselves)(?![\w'])", re.IGNORECASE
)
_HEDGES = tuple(
    "maybe|i guess|kind of|sort of|kinda|sorta|probably|perhaps|i suppose|not sure|i don't know|"
    "i dunno|somewhat|stuff|um|umm|uh|erm|basically|you know|literally".split("|")
)
_HEDGE_RE = re.compile(
    r"(?<![\w'])(?:"
    # "the same kind of buyer", "this sort of problem": a noun, not a hedge.
    r"(?<!the )(?<!same )(?<!this )(?<!that )(?<!what )(?<!any )(?<!some )(?<!a )(?:kind|sort) of|"
    # "maybe once a week" is an estimate; "if I don't know what it is for" is a condition.
    + r"maybe(?!\s+(?:once|twice|\d|one|two|three|four|five|ten|a\s+(?:dozen|few|couple)))|"
    + r"(?<!if )(?<!when )(?<!what )(?<!that )i don't know|"
    + "|".join(re.escape(h) for h in _HEDGES if h not in ("kind of", "sort of", "maybe", "i don't know"))
    + r")(?![\w'])",
    re.IGNORECASE,
)
# "like" is only filler between commas or before a pause, not in "tools like Terraform".
_LIKE_FILLER_RE = re.compile(
    r"(?:^|[,.]\s*|\bwas\s+)like(?=\s*,|\s+um\b|\s+uh\b)|,\s*like\s*,", re.IGNORECASE
)

_SITUATION_RE = re.compile(
    r"\b(?:when|while|at the time|back in|in (?:19|20)\d\d|last (?:year|quarter|month)|the "
    r"situation|"
    r"context|background|at my (?:last|previous)|previously|we were|there was|our "
    r"(?:team|company|product|service|system|platform)|"
    r"i joined|was facing|faced|last (?:monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|january|february|march|april|may|june|july|august|september|october|"
    r"november|december|spring|summer|autumn|fall|winter|week|shift|night|term|christmas)|"
    r"one (?:day|night|shift|morning|evening|afternoon|week|weekend|term)|on a (?:busy|typical|"
    r"quiet|normal) \w+|a few (?:weeks|months|years) (?:ago|into)|in my (?:first|second|last) "
    r"(?:year|week|month|term)|during (?:my|a|the|our))\b",
    re.IGNORECASE,
)
_TASK_RE = re.compile(
    r"\b(?:my (?:task|job|goal|role|responsibility|aim)|i was "
    r"(?:asked|responsible|tasked|hired|brought in)|"
    r"i needed to|i had to|needed to|the goal|goal was|aim was|objective|challenge was|problem was|"
    r"had to|was to|in charge of|i owned|my mandate|i was given|given the lead|i took the lead|"
    r"it fell to me|my brief|i was put in charge|i volunteered|i took (?:it|that) on|"
    r"asked me to|wanted me to)\b",
    re.IGNORECASE,
)
# An action is "I" (or "we") followed by a doing verb: anything but a hedge, a state or a wish
# ("I think", "I was", "I wanted"), so "I read the query plan" counts as well as "I built".
_ACTION_RE = re.compile(
    r"\b(?:i|we)\s+(?:(?:\w+ly|also|then|first|quickly|personally|eventually|finally)\s+)?"
    r"(?!(?:think|guess|mean|suppose|feel|felt|believe|hope|know|knew|was|am|were|have|had|do|"
    r"don't|did|didn't|can|can't|could|should|like|liked|love|loved|want|wanted|dunno|wish|need|"
    r"needed|seem|seemed|tried|just|really|kind|sort|basically|probably|maybe|always|never|"
    r"usually|enjoy|enjoyed|got)\b)[a-z']{2,}\b|\b(?:so|then|first|next),? i\b"
    # "I'd meet the team", "I'll map every pipeline": a plan is action too.
    r"|\b(?:i|we)(?:'d|'ll|’d|’ll)\s+(?:(?:\w+ly|also|then|first)\s+)?(?!not\b|never\b|like\b|love\b)"
    r"[a-z]{2,}\b",
    re.IGNORECASE,
)
_RESULT_RE = re.compile(
    r"\b(?:as a result|result(?:ed|s)? in|the result|outcome|in the end|ended up|which "
    r"(?:cut|reduced|increased|improved|saved|led)|"
    r"reduc(?:ed|ing)|increas(?:ed|ing)|improv(?:ed|ing)|sav(?:ed|ing)|cut|grew|doubled|halved|tripled|dropped|fell|rose|"
    r"went (?:from|down|up)|down from|up from|lifted|raised|impact|led to|so "
    r"that|success|learned|learnt|was adopted|were adopted|got approved|was approved|"
    r"signed off|went live|since then|from then on|changed (?:their|our|the|how)|now (?:use|uses|run|runs))\b",
    re.IGNORECASE,
)
# An answer that labels its parts ("Task: ...") has them, if each says something: five words
# at least before the next label, so "Situation: x. Task: y." is not STAR.
_LABEL_RE = {
    part: re.compile(rf"(?<![\w]){part}\s*:\s*(?:(?!(?:situation|task|action|result)\s*:)[^\s]+\s+){{4}}",
                     re.IGNORECASE)
    for part in ("situation", "task", "action", "result")
}

# "At Brightwave, ..." sets the scene too; case matters, so it is a separate pattern.
_AT_EMPLOYER_RE = re.compile(
    r"\b(?:At|at|in my (?:role|time|job)) (?:[A-Z][\w&.-]+|my (?:last|previous|current))"
)


# ---------------------------------------------------------------------------
# What an answer is, before what it says: a question back, a list of words, a look ahead
# ---------------------------------------------------------------------------
# A question back at the interviewer ("how could I improve answer 4?", "Can you repeat
# that?"): a sentence ending in "?", or opening as a question does: a question word and an
# auxiliary ("how do I", "what should we"), or an auxiliary and a pronoun ("could you",
# "is it"). "What I did was...", "When I joined..." and "How I handled it:" are statements.
_AUX = (r"(?:do|does|did|can|could|should|would|will|shall|may|might|must|is|are|am|was|were"
        r"|have|has)")
_ASKING_RE = re.compile(
    r"^\W*(?:(?:sorry|so|ok|okay|um|erm|well|but|and|hi|hello),?\s+)*(?:"
    rf"(?:how|what|why|where|when|which|who|whom)(?:'s|\s+{_AUX}\b)"
    rf"|{_AUX}(?:n't)?\s+(?:you|i|we|it|this|that|there|they|my|your)\b)",
    re.IGNORECASE,
)


def asks_back(text: str, sentences: list[str] | None = None) -> bool:
    """Every sentence of the answer is a question: it asks instead of answering. One that
    opens like a question but ends in a full stop ("Can I just say, I loved it.") does not.
    `sentences`: the text already split, if it is."""
    split = split_sentences(text) if sentences is None else sentences
    parts = [s.strip() for s in split if s.strip()]
    return bool(parts) and all(
        s.endswith("?") or (_ASKING_RE.match(s) is not None and not s.endswith((".", "!")))
        for s in parts
    )


# What makes a run of words a sentence: someone acting (a subject pronoun), a verb (an
# auxiliary, a common irregular verb, a past tense in -ed), or the small words prose is
# held together by (articles, prepositions). "budgeting budget costs money finance
# spreadsheet 10%" has none of them; "Rebuilt the rota in Excel", "Checking the rota first"
# and "moving staff between shifts" do.
_SENTENCE_WORDS = frozenset(
    "i i'm i've i'd i'll we we're we've we'd we'll you you're he she they it it's he's she's "
    "they're "
    "am is are was were be been being have has had do does did can could will would shall "
    "should may might must won't can't don't didn't isn't wasn't "
    "made make makes led lead leads ran run runs got get gets took take takes gave give gives "
    "went go goes came come comes saw put set cut built kept told said felt found brought "
    "bought met sent spent left began begun grew fell rose won lost paid sold taught thought "
    "wrote spoke drove chose held stood became knew meant dealt sat "
    "the a an this that these those than then so because when after before about fewer yes "
    "no not by from to with into onto across through between for of in on at over under per "
    "within without".split()
)
# Adjectives in -ed that a list of qualities holds ("experienced, motivated, detail-oriented").
_ED_ADJECTIVES = frozenset(
    "advanced skilled experienced qualified certified licensed motivated dedicated organised "
    "organized detailed focused oriented driven based related registered talented varied "
    "seasoned accomplished educated".split()
)
_LIST_WORD_RE = re.compile(r"[a-z][a-z']*|\d[\d.,%]*", re.IGNORECASE)


def is_word_list(text: str) -> bool:
    """Words with no sentence among them, in the shape of a list: keywords, not an answer.
    A list is six words or more, or shorter with a separator, a figure or a word said twice
    ("budgeting budgeting 10%"); a bare name ("Royal Hospital for Children") is not one."""
    words = [w.lower() for w in _LIST_WORD_RE.findall(text)]
    if len(words) < 3:
        return False
    for word in words:
        if word in _SENTENCE_WORDS:
            return False
        if len(word) >= 5 and word.endswith("ed") and word not in _ED_ADJECTIVES:
            return False
    return (len(words) >= 6 or bool(re.search(r"[,;/|\d]", text))
            or len(set(words)) < len(words))


# Looking ahead: a plan ("I would", "I'll", "my first step"), or the future the question
# asked the candidate to picture ("a year from now", "by then", "by the end of the year").
_AHEAD_RE = re.compile(
    r"(?<![\w'])(?:i|we)\s*(?:'d|'ll|’d|’ll|\s+would|\s+will|\s+shall|\s+am\s+going\s+to"
    r"|'m\s+going\s+to)\b"
    r"|(?<![\w'])(?:would|will|going\s+to|plan\s+to|planning\s+to|aim\s+to|intend\s+to|hope\s+to"
    r"|expect\s+to|want\s+to|my\s+(?:first\s+step|aim|goal|plan|priority)\s+(?:would|will|is)"
    r"|first\s+(?:\d+|ninety|thirty|sixty|few)\s+(?:days|weeks|months)"
    r"|(?:a|one)\s+year\s+(?:from\s+now|on)|in\s+a\s+year(?:'s\s+time)?"
    r"|by\s+then|by\s+the\s+end\s+of|next\s+year|from\s+day\s+one)\b",
    re.IGNORECASE,
)


def looks_ahead(text: str) -> bool:
    return bool(_AHEAD_RE.search(text))


_NEW_JOB_RE = re.compile(r"\b(?:as (?:your|the new|a new)|here at|in this role|(?:your|this) "
                         r"(?:team|department|ward|school|unit|store|site|practice|company))\b", re.I)


def answers_ahead(answer: str, signals: AnswerSignals, company: str | None) -> bool:
    """A plan, or the pictured future: "I would...", "a year from now...", "as your charge
    nurse...", the new employer by name. A past story of another job is neither."""
    if signals.ahead or _NEW_JOB_RE.search(answer[:MAX_CHARS]):
        return True
    words = (company or "").split()
    name = " ".join(words[:-1] if len(words) >= 3 else words).lower()
    return len(name) >= 4 and name in answer[:MAX_CHARS].lower()


# Nothing in it to answer with, once hedges, fillers and the words every question uses are
# set aside: "ok", "x", "answer 3", "I guess I maybe did some training, like."
_EMPTY_WORDS = frozenset("hmm hmmm yeah yep yup nope okay sure right fine thanks sorry alright "
                         "guess maybe dunno".split())


# Words that name nothing in particular: "a lot of things", "stuff", "everything".
_VAGUE_WORDS = words_of("thing things stuff lot lots something anything everything nothing "
                        "bit bits")


def says_nothing(answer: str, signals: AnswerSignals) -> bool:
    """No answer in it: a question back at the interviewer, or under two words of content.
    The words every question uses ("people", "things", "team") are no content in "ok, things
    and people", but they are in a sentence of the candidate acting: "I did a lot of things
    there, managing people and stuff" is a vague answer, not none."""
    if signals.asks_back:
        return True
    if signals.words == 0:
        return False
    own = words_of(answer[:MAX_CHARS]) - _EMPTY_WORDS - words_of(" ".join(signals.hedges))
    if len(own - _question_filler()) >= 2:
        return False
    return not (_acts(answer[:MAX_CHARS]) and len(own - _VAGUE_WORDS) >= 2)


# The candidate doing something: "I did", "we ran", "I managed" (hedges such as "I guess",
# "I maybe" are not).
_DOING_RE = re.compile(
    r"(?<![\w'])(?:i|we)\s+(?!(?:guess|think|mean|suppose|dunno|maybe|probably|kind|sort|"
    r"just|don't|didn't|can't|never)\b)[a-z]{2,}", re.IGNORECASE
)


def _acts(text: str) -> bool:
    return bool(_DOING_RE.search(text))


# An answer is too brief under BRIEF_WORDS in fewer than two sentences, or under TERSE_WORDS
# whatever its sentences. The scoring and the interviewer's probes share this one rule.
BRIEF_WORDS = 20
TERSE_WORDS = 12


def is_brief(words: int, sentences: int) -> bool:
    return words < TERSE_WORDS or (sentences < 2 and words < BRIEF_WORDS)


@dataclass(frozen=True, slots=True)
class AnswerSignals:
    words: int
    sentences: int
    i_count: int
    we_count: int
    numbers: tuple[str, ...]
    situation: bool
    task: bool
    action: bool
    result: bool
    hedges: tuple[str, ...]  # hedges and fillers, in order, repeats kept
    skills: tuple[str, ...]  # vocabulary skills named
    asks_back: bool = False  # every sentence is a question to the interviewer
    word_list: bool = False  # words with no sentence: no one acting, no verb
    ahead: bool = False  # looks ahead: a plan, or the future the question pictured

    @property
    def star_parts(self) -> int:
        return sum((self.situation, self.task, self.action, self.result))

    @property
    def measurable(self) -> bool:
        return bool(self.numbers)

    @property
    def we_heavy(self) -> bool:
        return self.we_count >= 3 and self.i_count * 2 <= self.we_count

    @property
    def short(self) -> bool:
        """Too brief to judge: a few words, or one short sentence. Two sentences of ~20 words
        are fine; the product asks candidates for 2-4 sentences."""
        return is_brief(self.words, self.sentences)

    @property
    def rambling(self) -> bool:
        return self.words > 350


@lru_cache(maxsize=512)
def analyse_answer(text: str) -> AnswerSignals:
    text = clean_text(text).strip()
    words = len(text.split())
    every = split_sentences(text)
    parts = [s for s in every if len(s.split()) >= 2]
    sentences = len(parts)
    # A story that opens with a sentence or two of context before the first "I did" has set
    # the scene, whatever words it used ("The old strategy had expired...").
    first_action = next((i for i, s in enumerate(parts) if _ACTION_RE.search(s)), -1)
    scene_set = first_action >= 1 and sentences >= 3
    hedges = [m.group(0).lower() for m in _HEDGE_RE.finditer(text)]
    hedges += ["like"] * len(_LIKE_FILLER_RE.findall(text))
    return AnswerSignals(
        words=words,
        sentences=sentences,
        i_count=len(_I_RE.findall(text)),
        we_count=len(_WE_RE.findall(text)),
        numbers=measurable_tokens(text),
        situation=bool(_SITUATION_RE.search(text) or _AT_EMPLOYER_RE.search(text)
                       or _LABEL_RE["situation"].search(text)) or scene_set,
        task=bool(_TASK_RE.search(text) or _LABEL_RE["task"].search(text)),
        action=bool(_ACTION_RE.search(text)),
        result=bool(_RESULT_RE.search(text) or _LABEL_RE["result"].search(text))
        or has_result(text),
        hedges=tuple(hedges),
        skills=find_skills(text),
        asks_back=asks_back(text, every),
        word_list=is_word_list(text),
        ahead=looks_ahead(text),
    )
