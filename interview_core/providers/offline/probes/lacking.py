"""What an answer lacks -- the result, the candidate's own part, the reason, a trade-off,
what they would do differently, a concrete detail or an example -- for the kind of question
it answered, and whether it is an answer worth probing at all."""

from __future__ import annotations

import re
from functools import lru_cache

from interview_core.providers.offline.answers import TERSE_WORDS, analyse_answer
from interview_core.providers.offline.probes.reading import read
from interview_core.providers.offline.probes.tokens import KEY_MAP
from interview_core.providers.offline.probes.words import (
    INSTRUCTION_WORDS,
    NON_ANSWER_WORDS,
)

GAPS = ("result", "own_part", "reason", "trade_off", "differently", "detail", "example")

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
            r"introduce yourself|your background|your time (?:as|at)\b|"
            r"looking at your (?:experience|cv|career)"
        ),
    ),
)


@lru_cache(maxsize=256)
def question_kind(question: str) -> str:
    """ "motivation", "scenario", "decision", "opening", "story" (the default), or ""."""
    low = question.translate(KEY_MAP).lower()
    for kind, pattern in _QUESTION_KINDS:
        if pattern.search(low):
            return kind
    return "story" if low.strip() else ""


@lru_cache(maxsize=256)
def gaps_of(text: str, kind: str) -> tuple[str, ...]:
    """What the answer lacks, most important first, for a question of this kind ("" when the
    question is unknown: then the answer decides between "motivation" and "story")."""
    signals = analyse_answer(text)
    answer = read(text)
    cues = answer.cues
    story = answer.first_action >= 0 or answer.story_verb or bool(cues["story"])
    if not kind:
        kind = "motivation" if cues["motive"] and not story else "story"
    thin = signals.short
    vague = bool(cues["claim"])
    generic = bool(cues["generic"])
    # A result comes after the action: "his blood pressure dropped" before "I called" sets
    # the scene.
    after = max(0, answer.first_action)
    has_result = answer.result_number or any(k0 >= after for k0, _ in cues["outcome"])
    has_reason = bool(cues["reason"])
    has_trade_off = bool(cues["trade_off"])
    has_reflection = bool(cues["reflect"])
    # Only "we" and no "I" at all: the candidate's part is unknown, even with a single "we".
    we_heavy = signals.we_heavy or (
        signals.we_count >= (1 if story else 2) and signals.i_count == 0
    )

    order: list[str] = []
    if kind in ("motivation", "opening"):
        if kind == "opening" and we_heavy:
            order.append("own_part")  # a path told as "we" hides the candidate's own part
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
        # No event told (a plan instead of a story too): a vague line wants detail, anything
        # else a real example.
        order.append("detail" if thin and vague else "example")
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


def usable(text: str) -> bool:
    """Whether the answer is worth probing: not empty, no instruction to the interviewer,
    something beyond "I don't know"."""
    if not text.strip():
        return False
    answer = read(text)
    if answer.cues["inject"] and _INJECTION_RE.search(text):
        return False
    if len(INSTRUCTION_WORDS.intersection(answer.lows)) >= 2:
        return False  # "system" alone is a nurse's triage system; with "prompt", it is not
    # Something beyond "I don't know", "pass", "not sure really": one real word is enough
    # ("It was fine I guess"); a clause of three words must still be found to quote.
    return any(word not in NON_ANSWER_WORDS for word in answer.lows)
