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
    parts = [s for s in split_sentences(text) if len(s.split()) >= 2]
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
    )
