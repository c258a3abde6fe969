"""The offline interviewer's persona and the candidate's level (interview_core.styles).

The question the interviewer wrote comes in; the persona sets its tone and follow-up
pressure and the level its depth, from data/personas.toml:
- tough: a follow-up to a vague answer challenges it, quoting it, and asks for specifics;
  after any other answer, specifics are asked for too;
- friendly: a warm, encouraging lead before each follow-up, in place of a re-ask's own:
  reassurance ("No worries at all") only after an answer that declined or didn't know;
- senior: questions also ask about scope, trade-offs and leading others;
- junior: questions also ask about the fundamentals and what they learned.
A neutral, mid-level interview is the engine's own questions, untouched. In a drill the
persona keeps the drill's question and presses for specifics after it: it never stacks a
challenge of the last answer onto it (one question, one ask). A pasted answer (the JD's or
the CV's lines) is never challenged as the candidate's claim.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources

from interview_core.models import InterviewContext
from interview_core.providers.offline.answers import analyse_answer
from interview_core.providers.offline.leads import split_lead
from interview_core.providers.offline.planning import (
    declined,
    dont_know,
    is_weak,
    pasted,
)

_QUOTE_WORDS = 10


@cache
def _data() -> dict:
    raw = resources.files(__package__).joinpath("data", "personas.toml").read_text("utf-8")
    return tomllib.loads(raw)


def _line(section: str, key: str, number: int) -> str:
    lines = _data()[section][key]
    return lines[number % len(lines)]


def vague(answer: str) -> bool:
    """A claim with nothing to check: no figure for what they did themselves, and too
    short, or with no result or no own part. "I don't know" is no claim: not vague."""
    if dont_know(answer):
        return False
    signals = analyse_answer(answer)
    if signals.numbers and signals.i_count:
        return False
    return is_weak(answer) or not signals.result or not signals.i_count or signals.words < 40


def _quote(answer: str) -> str:
    first = re.split(r"(?<=[.!?])\s+", answer.strip(), maxsplit=1)[0]
    words = first.rstrip(".!?").split()
    text = " ".join(words[:_QUOTE_WORDS])
    return text + ("..." if len(words) > _QUOTE_WORDS else "")


def _challenge(ctx: InterviewContext, quote: str, number: int) -> str | None:
    """The vague answer's words challenged, then specifics asked for: never a question
    asked before (the same vague answer twice gets another wording)."""
    if not quote:
        return None
    asked = set(ctx.questions)
    challenges, specifics = _data()["tough"]["challenge"], _data()["tough"]["specifics"]
    for shift in range(len(challenges) * len(specifics)):
        challenge = challenges[(number + shift) % len(challenges)].format(quote=quote)
        ask = specifics[(number + shift // len(challenges)) % len(specifics)]
        text = f"{challenge} {ask}"
        if not any(text in earlier for earlier in asked):
            return text
    return None


def _drill_pressed(question: str, number: int) -> str:
    """Tough, in a drill: the pressure stays, and so does the drill's question (the focus
    is the point). No challenge of the last answer goes before it: a drill's probe already
    quotes that answer, and a challenge before a new question or a re-ask would ask two
    things at once ("push back on X... Here's a scenario"). One question, one ask."""
    return f"{question} {_line('tough', 'press', number)}"


def _friendly(question: str, answer: str, is_vague: bool, number: int) -> str:
    """A warm lead in place of the re-ask's own (one lead, never "No worries. No problem."):
    reassurance only after a refusal, encouragement after a weak try, thanks after an answer."""
    if declined(answer):
        key = "declined_leads"
    else:
        key = "vague_leads" if is_vague else "leads"
    return f"{_line('friendly', key, number)} {split_lead(question)[1]}"


def styled(ctx: InterviewContext, question: str, *, follow_up: bool) -> str:
    """`question` as this interview's persona and level ask it."""
    number = max(ctx.question_number, 1)
    answer = ctx.answers[-1] if ctx.answers else ""
    text = question
    last = number >= ctx.max_questions > 1  # the closing question: left to close the interview
    is_vague = bool(answer.strip()) and vague(answer)  # analyses the answer: once
    # A paste of the JD or the CV is not the candidate's claim to challenge: the question
    # (a re-ask) stands, with the pressure after it.
    challenge = is_vague and not pasted(ctx, answer)
    if follow_up and answer.strip() and not (last and ctx.persona == "tough" and not is_vague):
        if ctx.persona == "tough" and ctx.focus_kind:
            text = _drill_pressed(question, number)
        elif ctx.persona == "tough":
            if challenge:
                text = _challenge(ctx, _quote(answer), number) or f"{question} {_line('tough', 'press', number)}"
            else:
                text = f"{question} {_line('tough', 'press', number)}"
        elif ctx.persona == "friendly":
            text = _friendly(question, answer, is_vague, number)
    if ctx.level in ("senior", "junior") and not last:
        text = f"{text} {_line('levels', ctx.level, number - 1)}"
    return text
