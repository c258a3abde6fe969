"""Judging one answer against the question it answers.

The scores in the report start here, so this module is deliberately suspicious:
an answer earns credit for a skill only where it gives evidence of using it
(what the candidate did with it, where, with what effect), not where it lists
or denies it; an answer that repeats an earlier one, praises the candidate in
general terms or talks about something else is named for what it is.

Everything is pure and linear in the answer's length; the phrase lists live in
data/judging.toml so they can be read and extended without reading the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from interview_core.providers.offline.answers import (
    _ACTION_RE,
    _HEDGE_RE,
    AnswerSignals,
    analyse_answer,
    answers_ahead,
    says_nothing,
)
from interview_core.providers.offline.asks import (
    NEGATION_RE,
    ends_on_fit,
    gap_plan,
    missed_asks,
    question_asks,
)
from interview_core.providers.offline.numbers import measurable_tokens
from interview_core.providers.offline.repeats import (
    copy_of,
    echoes,
    padded,
    pasted_from,
)
from interview_core.providers.offline.text import clean_text

# Answers are judged on their first MAX_CHARS characters: enough for any spoken answer,
# and it keeps every pass below linear and bounded.
from interview_core.providers.offline.topics import (
    MAX_CHARS,
    _overlap,
    _patterns,
    _question_filler,
    _stem,
    about_background,
    topic_words,
    words_of,
)
from interview_core.providers.offline.vocabulary import find_skills

# ---------------------------------------------------------------------------
# What kind of answer a question asks for
# ---------------------------------------------------------------------------
_KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("closing", re.compile(
        r"\b(?:first (?:90|ninety|hundred) days|final question|to close|to wrap up|panel to "
        r"remember|nearly at the end|year from now|anything (?:else )?(?:we haven't|you'd like to add)"
        r"|before we finish)", re.I)),
    ("motivation", re.compile(
        r"\b(?:draws you|why now|makes you want to work|motivation\b|motivates you|why do you want|why (?:this|our) "
        r"(?:role|company|school|hospital|team|organi[sz]ation)|why us\b|what attracts you|"
        r"interests you about)", re.I)),
    ("scenario", re.compile(
        r"\b(?:scenario|hypothetical|imagine|suppose|what would you do|how would you handle|"
        r"what would your first)", re.I)),
    ("story", re.compile(
        r"\b(?:a time (?:when )?you|an? (?:occasion|example|situation) (?:when|where|of)|"
        r"tell me about a|describe a (?:time|situation|moment)|(?-i:STAR)\b|situation, (?:your )?task)",
        re.I)),
    ("opening", re.compile(
        r"\b(?:walk me through your (?:background|time|experience|career|cv)|tell me about yourself|"
        r"overview of your|(?:begin|start) with your (?:background|experience)|introduce yourself|"
        r"looking at your (?:experience|background|cv|career)|your time as)",
        re.I)),
    ("technical", re.compile(
        r"\b(?:how (?:would|do|did) you|walk me through how|what(?:'s| is) your approach|"
        r"how have you|explain how)", re.I)),
)
_QUOTE_RE = re.compile(r"[“\"]([^”\"]{3,200})[”\"]")


def question_kind(question: str, previous_answer: str = "") -> str:
    """ "probe" (a follow-up on the last answer's own words), "opening", "story" (STAR
    expected), "technical", "scenario", "motivation" or "closing"."""
    # A closing may build on the last answer's words; it is still a closing.
    if _KIND_PATTERNS[0][1].search(question):
        return "closing"
    if previous_answer and quoted_from(question, previous_answer):
        return "probe"
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(question):
            return kind
    return "story"


def quoted_from(question: str, answer: str, shortest: int = 6) -> str:
    """The first quotation in the question that is the candidate's own words, or "". The
    one test of "does this question quote that answer", for the planner and the judge."""
    plain = " ".join(clean_text(answer).lower().split())
    for found in _QUOTE_RE.finditer(question):
        quote = " ".join(clean_text(found.group(1)).lower().split()).strip(" .,")
        if len(quote) >= shortest and quote in plain:
            return found.group(1)
    return ""



# ---------------------------------------------------------------------------
# Skills: shown, only named, or admitted as a gap
# ---------------------------------------------------------------------------
# Each run of stops is tried once, from its start (see sentences._BOUNDARY_RE).
_CLAUSE_SPLIT_RE = re.compile(
    r"(?<![.!?;])[.!?;]++\s+|\n+|,?\s+\bbut\b\s+|,?\s+\bhowever\b,?\s+|\s+-\s+", re.I
)
def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE_SPLIT_RE.split(clean_text(text[:MAX_CHARS])) if c.strip()]


@dataclass(frozen=True, slots=True)
class SkillEvidence:
    shown: tuple[str, ...]  # vocabulary skills the answer gives evidence of using
    named: tuple[str, ...]  # named without evidence (a list, a wish, a claim)
    denied: tuple[str, ...]  # "I have not used X": admitted gaps


@lru_cache(maxsize=1024)
def skill_evidence(answer: str) -> SkillEvidence:
    """Skills shown, only named, or denied. A clause shows its skills when it tells what the
    candidate did (an "I"/"we" action or a result), or when it sits inside an answer that
    tells a story (an action, and a situation or a result): "the near-miss was reported and
    the safety walk changed" in a story shows health and safety. Hedged, listed or denied
    mentions never show anything."""
    shown: dict[str, None] = {}
    named: dict[str, None] = {}
    denied: dict[str, None] = {}
    signals = analyse_answer(answer[:MAX_CHARS])
    story = signals.action and (signals.situation or signals.result) and not signals.short
    # A list of words with no sentence shows nothing, whatever figure sits in it: "budgeting
    # budget costs 10%" names budgeting, it tells of no one doing it.
    listed_only = signals.word_list
    for clause in _clauses(answer):
        skills = find_skills(clause)
        if not skills:
            continue
        negation = NEGATION_RE.search(clause)
        if negation:
            before = find_skills(clause[: negation.start()])
            for skill in skills:
                (named if skill in before else denied)[skill] = None
            continue
        # "We did some X, I guess" names X; it does not show it.
        hedged = bool(_HEDGE_RE.search(clause))
        # An action by the STAR signals' own rule (answers._ACTION_RE), or a result figure.
        acted = bool(_ACTION_RE.search(clause)) or bool(measurable_tokens(clause))
        listed = listed_only or (len(skills) >= 3 and len(clause.split()) < 5 * len(skills))
        for skill in skills:
            (shown if (acted or story) and not hedged and not listed else named)[skill] = None
    return SkillEvidence(
        shown=tuple(s for s in shown if s not in denied),
        named=tuple(s for s in named if s not in shown and s not in denied),
        denied=tuple(denied),
    )


def is_listing(answer: str, signals: AnswerSignals, evidence: SkillEvidence) -> bool:
    """Skills named one after another with no example of using them: keyword listing. A
    plan or a story that happens to name several skills is not a list; words with no
    sentence at all ("budgeting budgeting costs money 10%") are one, whatever they name."""
    if signals.word_list:
        return True
    named = len(evidence.named) + len(evidence.shown)
    if named < 3:
        return False
    dense = signals.words < 6 * named  # "Kafka, Python, SQL, Airflow and dbt"
    return dense or (not evidence.shown and not signals.action)


def is_generic(answer: str, signals: AnswerSignals) -> bool:
    """Self-praise ("I always deliver results", "I'm a team player") with nothing concrete."""
    praise = len(_patterns()["praise"].findall(answer[:MAX_CHARS]))
    if not praise:
        return False
    concrete = signals.action and (signals.situation or bool(signals.numbers))
    return not concrete or praise >= 3


def dont_know(answer: str, signals: AnswerSignals) -> bool:
    return signals.words < 15 and bool(_patterns()["dont_know"].search(answer[:MAX_CHARS]))


_FACT_RE = re.compile(r"(?<=[a-z,] )[A-Z][\w'-]+|\d[\d,.]*")


def specific_to(answer: str, jd_text: str, names: str) -> bool:
    """Whether a motivation answer says something about this job in particular: at least two
    of the JD's own words beyond the title and company ("5 West", "telemetry", "Magnet"), so
    that "a good reputation and close to home" does not pass for a reason."""
    own = words_of(jd_text[:MAX_CHARS * 4]) - words_of(names) - _question_filler()
    shared = len(own & words_of(answer[:MAX_CHARS]))
    # Concrete facts count too: a figure ("140 stores") or a name mid-sentence ("Magnet").
    named = words_of(names)
    facts = {w for w in _FACT_RE.findall(answer[:MAX_CHARS]) if _stem(w.lower()) not in named}
    return shared >= 2 or (shared >= 1 and bool(facts))


def has_plan(answer: str) -> bool:
    """A plan; with a gap admitted, a plan to close that gap (asks.gap_plan)."""
    return gap_plan(answer)


# A question that asks what the candidate will do or will have done in the job ("a year from
# now, what did you achieve?", "your first 90 days"); and one that leaves the floor open ("is
# there anything you'd like to add?"), which a past story may answer.
_ASKS_AHEAD_RE = re.compile(
    r"\b(?:years? from now|a year's time|twelve months from now|(?:first|next) (?:\d+|thirty|"
    r"sixty|ninety|hundred) days|(?:first|next) (?:few )?(?:weeks|months|year)|get up to speed|"
    r"where do you see yourself|what would you (?:do|achieve|focus|prioriti[sz]e|want))", re.I)
_OPEN_FLOOR_RE = re.compile(r"\b(?:anything (?:else )?(?:we haven't|you'd like|to add|you want)|"
                            r"remember|any questions)", re.I)
def asks_ahead(question: str) -> bool:
    return bool(_ASKS_AHEAD_RE.search(question[:MAX_CHARS]))


_HYPOTHETICAL_RE = re.compile(r"(?<![\w'])(?:i would|i'd|i will|i'll|first,? i|then i)(?![\w'])", re.I)


def on_topic(kind: str, question: str, answer: str, *, previous_answer: str = "",
             names: str = "", skills_asked: tuple[str, ...] = (),
             skills_answered: tuple[str, ...] = (), related=None, background: str = "",
             specific: bool = True, company: str | None = None, ahead: bool = True) -> float:
    """0..1: how far the answer addresses what the question asked. `ahead`: the answer
    looks ahead (see answers_ahead), as a question about the future asks.

    `names` holds the role's title and company: words every answer may use, so they prove
    nothing; `related(a, b)` tells whether two skills are the same family."""
    cues = _patterns()
    text = answer[:MAX_CHARS]
    # The company's name proves nothing; the title's words may be the topic itself ("personal
    # care" for a care worker), so only a motivation question sets them aside.
    topic = topic_words(question, names if kind == "motivation" or company is None else company)
    lexical = _overlap(topic, text)
    if skills_asked and skills_answered:
        same = any(a == b or (related and related(a, b)) for a in skills_asked for b in skills_answered)
        lexical = max(lexical, 0.9 if same else lexical)
    if kind == "motivation":
        # A reason ("because", "I want to") about this employer or this job answers it; a
        # reason that would fit anywhere only half does.
        reason = bool(cues["motivation"].search(text))
        about = bool(names and words_of(names) & words_of(text)) or specific
        return max(lexical, 1.0 if reason and about else 0.6 if reason or about else 0.2)
    if kind == "closing":
        # A closing question is open: any considered answer about the job addresses it; a
        # half marathon next spring does not.
        work = bool(background) and about_background(text, background) or lexical >= 0.45
        if not background:
            work = True
        value = max(lexical, (0.95 if cues["closing"].search(text) else 0.6) if work else 0.2)
        if not ahead and asks_ahead(question) and not _OPEN_FLOOR_RE.search(question):
            # "A year from now, what did you achieve?" answered with a past incident answers
            # "tell me about a time", not this.
            value = min(value, 0.25)
        return value
    if kind == "opening":
        # "Walk me through your background" is answered by the candidate's own path: the CV's
        # words (employers, roles, fields), not the question's. Football coaching is not it.
        path = _overlap(words_of(background[: MAX_CHARS * 4]) - _question_filler() - words_of(names),
                        text, groups=False) if background else 0.45
        told = 0.1 if cues["opening"].search(text) else 0.0
        return max(lexical, min(1.0, path + told))
    if kind in ("scenario", "technical") and len(_HYPOTHETICAL_RE.findall(text)) >= 2:
        # Steps of a plan ("I would first..., then I would...") answer a how-would-you question
        # even in other words than the question's.
        lexical = max(lexical, 0.55)
    if kind == "probe":
        # A follow-up asks for more on the same story: staying with it is on topic, and
        # giving what it asked for (the result, the reason, the trade-off, the lesson) adds
        # to that; a new story that ignores the follow-up does not become relevant by it.
        same_story = _overlap(words_of(previous_answer[:MAX_CHARS]) - _question_filler(), text)
        quote = words_of(quoted_from(question, previous_answer)) - _question_filler()
        if quote & words_of(text):
            same_story = max(same_story, 0.75)  # back to the very words the follow-up quoted
        gave = bool(cues["reason"].search(text) or cues["trade_off"].search(text)
                    or cues["reflection"].search(text)) or bool(measurable_tokens(text))
        return min(1.0, max(lexical, same_story) + (0.1 if gave else 0.0))
    return lexical


# Relevance at or above it: the answer spoke to the question (one shared topic word is 0.45;
# chance level is 0.1). The report's tally (counting.ADDRESSED) holds the same line.
ADDRESSED = 0.4
# The least relevance an answer keeps when it misses the asks of a question's duty list (it
# may still speak to the rest of the question): each ask missed takes its share off.
ASK_FLOOR = 0.5


@dataclass(frozen=True, slots=True)
class Judgement:
    kind: str
    signals: AnswerSignals
    relevance: float  # 0..1, after copies and empty answers
    copy_of: int | None
    generic: bool
    listing: bool
    dont_know: bool
    evidence: SkillEvidence
    plan: bool  # a plan to close an admitted gap (any plan when no gap is admitted)
    specific: bool = False  # says something about this job in particular (see specific_to)
    echo: bool = False  # the question's own words handed back
    padding: bool = False  # a few words repeated to fill the shape of an answer
    pasted_cv: bool = False  # a CV line, word for word
    pasted_jd: bool = False  # the job description's own text, word for word
    no_answer: bool = False  # a question back, or no words of content ("ok", "x")
    asks_ahead: bool = False  # the question asks for a plan or the future in the job
    ahead: bool = False  # the answer looks ahead: a plan, or the future pictured
    missed_asks: tuple[str, ...] = ()  # verbs of a duty the question listed, left untouched
    closes_on_fit: bool = False  # the last sentence ties the answer back to this role

    @property
    def addressed(self) -> bool:
        """Whether the answer addresses the question asked: not a copy, "I don't know", a
        non-answer, the question or the JD handed back, padding, or about something else. A
        short answer is not called off topic, but it addresses the question only if it is on
        it."""
        return (self.relevance >= ADDRESSED and self.copy_of is None and not self.dont_know
                and not self.no_answer and not self.echo and not self.padding
                and not self.pasted_jd)

    @property
    def off_topic(self) -> bool:
        # A short, vague answer is too brief to call off topic: it says too little either way.
        return (self.relevance < 0.3 and self.copy_of is None and not self.dont_know
                and not self.signals.short)

    @property
    def hollow(self) -> bool:
        """Nothing here can earn credit: a copy, "I don't know", praise or a list of names,
        the question or the JD handed back."""
        return (self.copy_of is not None or self.dont_know or self.generic or self.listing
                or self.echo or self.padding or self.pasted_jd)


def judge(question: str, answer: str, earlier_answers: list[str], *, names: str = "",
          skills_asked: tuple[str, ...] = (), related=None, background: str = "",
          job_text: str = "", company: str | None = None) -> Judgement:
    previous = earlier_answers[-1] if earlier_answers else ""
    kind = question_kind(question, previous)
    signals = analyse_answer(answer[:MAX_CHARS])
    evidence = skill_evidence(answer[:MAX_CHARS])
    copy = copy_of(answer, earlier_answers, follows_up=kind == "probe")
    idk = dont_know(answer, signals)
    specific = bool(job_text) and specific_to(answer, job_text, names)
    # Praise is named as praise ("I am great at everything"), and a word list with content
    # as a list; what is left with no content ("ok", "x", "answer 3") is no answer.
    generic = is_generic(answer, signals)
    nothing = not idk and not generic and says_nothing(answer, signals)
    ahead = answers_ahead(answer, signals, company)
    pasted = pasted_from(answer, background, job_text)
    relevance = 0.0 if (copy is not None or idk or nothing or signals.words == 0) else on_topic(
        kind, question, answer, previous_answer=previous, names=names,
        skills_asked=skills_asked, skills_answered=evidence.shown + evidence.named,
        related=related, background=background, company=company, specific=specific,
        ahead=ahead,
    )
    # "Lead, coach and develop the team" asks three things: an answer that touches one of
    # them has not answered all of the question, however well it tells its story.
    missed = missed_asks(question, answer) if relevance else ()
    if missed:
        share = len(missed) / len(question_asks(question))
        relevance = min(relevance, max(ASK_FLOOR, 1.0 - share))
    return Judgement(
        kind=kind,
        signals=signals,
        relevance=relevance,
        copy_of=copy,
        generic=generic,
        listing=not nothing and is_listing(answer, signals, evidence),
        dont_know=idk,
        evidence=evidence,
        plan=has_plan(answer),
        specific=specific,
        echo=echoes(question, answer),
        padding=padded(answer),
        pasted_cv=pasted == "cv",
        pasted_jd=pasted == "jd",
        no_answer=nothing,
        asks_ahead=asks_ahead(question),
        ahead=ahead,
        missed_asks=missed,
        closes_on_fit=ends_on_fit(answer, names),
    )
