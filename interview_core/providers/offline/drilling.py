"""A drill's questions: every one of a short session works on one competency or one skill.

The context says what is drilled (`focus_kind` "competency" with a Competency value, or
"skill" with a JD skill). The words are data/drills.toml's; this module decides which
kind of question comes next and yields candidates, best first, for the interviewer to
take the first that is new and fits (interviewer._write_drill):

- after "I don't know" or a very short answer: something smaller, with no quote (a
  candidate who has nothing to say gets nothing quoted back), after "No problem" only when
  the answer declined (leads.py);
- after an answer that fell short on the focus (a STAR part missing, no numbers, a
  ramble or hedges, off the job's duty, the skill never named): a probe that quotes it
  and asks for exactly that, never two probes in a row, so the drill moves on;
- else a new question: the JD's open duties first (any job: the JD's own words), then a
  classic behavioural topic, then plain ones. A JD-coverage drill takes one requirement
  per question that no answer has shown; a skill drill names the skill in every question.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

from interview_core.feedback import COMPETENCY_LABELS, Competency
from interview_core.models import InterviewContext
from interview_core.providers.offline import probes
from interview_core.providers.offline.answers import analyse_answer
from interview_core.providers.offline.jd import Duty
from interview_core.providers.offline.leads import lead_for, with_lead
from interview_core.providers.offline.phrasing import Scene, phrases, signature
from interview_core.providers.offline.planning import (
    Kind,
    declined,
    dont_know,
    is_weak,
    kinds,
    pasted,
)
from interview_core.providers.offline.questions import render
from interview_core.providers.offline.text import content_tokens, normalize_question
from interview_core.providers.offline.vocabulary import (
    SKILLS,
    display_skill,
    find_skills,
    mentions_skill,
    related,
)

SKILL_CHARS = 60
LONG_ANSWER_WORDS = 220  # a communication drill asks for the short version above this
_QUOTE_WORDS = 10
_STAR_PARTS = ("situation", "task", "action", "result")


@cache
def _data() -> dict[str, Any]:
    raw = resources.files(__package__).joinpath("data", "drills.toml").read_text("utf-8")
    return tomllib.loads(raw)


def _templates(key: str, group: str) -> tuple[str, ...]:
    return tuple(_data().get(key, {}).get(group, ()))


def focus_key(ctx: InterviewContext) -> str:
    """ "structure", ..., "jd_coverage" or "skill" in a drill; "" otherwise."""
    if ctx.focus_kind == "competency" and ctx.focus in Competency._value2member_map_:
        return ctx.focus
    return "skill" if ctx.focus_kind == "skill" and skill_of(ctx) else ""


def skill_of(ctx: InterviewContext) -> str:
    """The drilled skill as written, one line; "" outside a skill drill."""
    return " ".join(ctx.focus.split())[:SKILL_CHARS] if ctx.focus_kind == "skill" else ""


def _known_skill(name: str) -> str | None:
    folded = name.casefold()
    return next((s for s in SKILLS if s.casefold() == folded), None)


def said_skill(name: str) -> str:
    """The skill as said mid-sentence: the vocabulary's way ("Kubernetes", "A/B testing"),
    else a plain capitalised phrase in lower case ("Budgeting" -> "budgeting"), else as is
    ("NetSuite", "IV therapy")."""
    known = _known_skill(name)
    if known is not None:
        return display_skill(known)
    if re.fullmatch(r"[A-Z][a-z]+(?: [a-z]+)*", name):
        return name[0].lower() + name[1:]
    return name


def _skill_names(skill: str) -> tuple[str, ...]:
    """The vocabulary skills a drilled skill is: itself, or what its words name ("stock
    control" is inventory management)."""
    known = _known_skill(skill)
    return (known,) if known is not None else find_skills(skill)


def shows_skill(text: str, skill: str) -> bool:
    """Whether the text is about the drilled skill: the skill, an alias of it or a skill of
    its family ("daily gap checks and cycle counts" are stock control), else each content
    word of a free-text skill."""
    names = _skill_names(skill)
    if names:
        found = find_skills(text)
        return any(related(name, other) for name in names for other in found)
    return mentions_skill(text, skill)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- reading the last answer in the focus's terms ------------------------------------------

def _missing_parts(answer: str) -> list[str]:
    signals = analyse_answer(answer)
    found = dict(zip(_STAR_PARTS, (signals.situation, signals.task, signals.action, signals.result)))
    return [part for part in _STAR_PARTS if not found[part]]


def _joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _duty_shown(duty: Duty, text: str) -> bool:
    return len(duty.words & content_tokens(text)) >= 2


def _short_of(scene: Scene, key: str, answer: str) -> tuple[str, dict[str, str]] | None:
    """(the probe group, its extra values) when the answer fell short on the focus, else None."""
    signals = analyse_answer(answer)
    last = scene.ctx.questions[-1] if scene.ctx.questions else ""
    if key == "structure":
        missing = _missing_parts(answer)
        if not missing:
            return None
        parts = _data()["structure"]["parts"]
        return "probe", {"missing": _joined([parts[p] for p in missing])}
    if key == "specificity":
        return None if signals.numbers else ("probe", {})
    if key == "communication":
        if signals.words > LONG_ANSWER_WORDS:
            return "probe_long", {"words": str(signals.words)}
        return ("probe", {}) if len(signals.hedges) >= 2 else None
    if key in ("relevance", "jd_coverage"):
        duty = scene.duty_of(last)
        if duty is None or _duty_shown(duty, answer):
            return None
        return "probe", _with_duty(scene, duty)
    if not shows_skill(answer, skill_of(scene.ctx)) or not signals.action:
        return "probe", {}
    return None


def _quote(scene: Scene, answer: str) -> str:
    """A few of the answer's own words: the probe engine's pick, else its opening words."""
    ctx = scene.ctx
    found = probes.follow_up(answer, question=ctx.questions[-1] if ctx.questions else "",
                             seed=scene.seed + ctx.question_number, avoid=ctx.questions,
                             sources=(ctx.cv_text, ctx.jd_text))
    if found is not None and found.quote in answer:
        return found.quote
    first = re.split(r"(?<=[.!?])\s+", answer.strip(), maxsplit=1)[0]
    quote = " ".join(first.rstrip(".!?").split()[:_QUOTE_WORDS])
    # Never the JD's or the CV's words quoted back as the candidate's own.
    return "" if probes.from_sources(quote, (ctx.cv_text, ctx.jd_text)) else quote


# -- the candidates ------------------------------------------------------------------------

def _values(scene: Scene) -> dict[str, str]:
    skill = said_skill(skill_of(scene.ctx))
    return dict(scene.values, skill=skill, Skill=_cap(skill))


_REASK_GROUPS = ("reask_declined", "reask_attempted", "reask")


def _previous_kind(scene: Scene, key: str) -> Kind | None:
    """What the last question was: a probe (it quoted the answer before it), a drill's
    re-ask (by its template's words), or anything else."""
    ctx = scene.ctx
    if not ctx.questions:
        return None
    last = normalize_question(ctx.questions[-1])
    if any((sig := signature(t)) and sig in last
           for group in _REASK_GROUPS for t in _templates(key, group)):
        return Kind.REASK
    return kinds(ctx)[-1]


def _after_answer(scene: Scene, key: str) -> Iterator[tuple[str, str]]:
    """The re-ask or the probe the last answer calls for, if any."""
    ctx = scene.ctx
    if not ctx.answers:
        return
    answer = ctx.answers[-1]
    previous = _previous_kind(scene, key)
    base = _values(scene)
    if dont_know(answer) or is_weak(answer) or pasted(ctx, answer):
        if previous is not Kind.REASK:
            duties = scene.open_duties() or list(scene.duties)
            values = {**_with_duty(scene, duties[0], short=True), **base} if duties else base
            # "No problem" only for a refusal; a weak try gets a neutral lead, or none.
            lead = lead_for(scene, f"drill:{key}")
            first = "reask_declined" if declined(answer) else "reask_attempted"
            for group in (first, "reask"):
                for text in render(scene, _templates(key, group), values, f"drill:{group}:{key}"):
                    yield with_lead(lead, text), ""
        return
    if previous in (Kind.PROBE, Kind.REASK):
        return  # one probe, then a new situation: a drill is short
    short = _short_of(scene, key, answer)
    if short is None:
        return
    group, extra = short
    quote = _quote(scene, answer)
    if not quote:
        return
    values = {**base, **extra, "quote": quote}
    for text in render(scene, _templates(key, group), values, f"drill:probe:{key}"):
        yield text, quote


def _with_duty(scene: Scene, duty: Duty, short: bool = False) -> dict[str, str]:
    """The scene's values with the duty, its first word in lower case mid-sentence ("asks
    you to prepare VAT returns", not "to Prepare"), acronyms kept."""
    values = scene.with_duty(duty, short=short)
    for name in ("duty", "duty_ing"):
        text = values.get(name, "")
        if re.match(r"[A-Z][a-z]", text):
            values[name] = text[0].lower() + text[1:]
    return values


def _open_duties(scene: Scene, key: str) -> list[Duty]:
    # Open: named by no earlier question, in full or by its first clause (a re-ask's form).
    duties = [d for d in scene.open_duties() if not scene.was_asked(_with_duty(scene, d, short=True)["duty"])]
    if key == "jd_coverage":  # one requirement per question that no answer has shown
        said = " ".join(scene.ctx.answers)
        duties = [d for d in duties if not _duty_shown(d, said)]
    if key == "skill":  # a duty the skill is part of: not "develop the team, and stock control"
        skill = skill_of(scene.ctx)
        duties = [d for d in duties if shows_skill(d.line, skill)]
    return duties[:6]


def _duty_questions(scene: Scene, key: str) -> Iterator[str]:
    base = _values(scene)
    first = not scene.ctx.questions
    for duty in _open_duties(scene, key):
        values = {**_with_duty(scene, duty), "skill": base["skill"], "Skill": base["Skill"]}
        templates = _templates(key, "verb" if duty.verb else "noun")
        if first:  # question 1 says what is drilled: the group's first template, only then
            yield from render(scene, templates[:1], values, f"drill:first:{key}")
        yield from render(scene, templates[1:], values, f"drill:{key}:{duty.phrase}")


def _skill_gaps(scene: Scene) -> Iterator[str]:
    """JD coverage: the JD's skills no answer has shown, each asked about once."""
    said = " ".join(scene.ctx.answers)
    for skill in scene.match.job.skills[:8]:
        if scene.was_asked(display_skill(skill)) or mentions_skill(said, skill):
            continue
        values = dict(scene.values, skill=display_skill(skill))
        yield from render(scene, _templates("jd_coverage", "skill"), values, f"drill:skill:{skill}")


def _topics(scene: Scene, key: str) -> Iterator[str]:
    for topic in phrases("behavioural", "topics"):
        if not scene.was_asked(topic):
            yield from render(scene, _templates(key, "topic"), dict(scene.values, topic=topic), f"drill:topic:{topic}")


def _new_questions(scene: Scene, key: str) -> Iterator[str]:
    if key == "jd_coverage" and scene.field in ("software", "data"):
        yield from _skill_gaps(scene)  # a software JD's requirements are mostly its skills
    yield from _duty_questions(scene, key)
    if key == "jd_coverage":
        yield from _skill_gaps(scene)
    if key != "skill":
        yield from _topics(scene, key)
    yield from render(scene, _templates(key, "plain"), _values(scene), f"drill:plain:{key}")


def candidates(scene: Scene) -> Iterator[tuple[str, str]]:
    """The drill's next question, best first, each with the words of the answer it quotes."""
    key = focus_key(scene.ctx)
    if not key:
        return
    yield from _after_answer(scene, key)
    # A skill drill opens on the skill itself: its first plain template says what is drilled.
    if key == "skill" and not scene.ctx.questions:
        for text in render(scene, _templates(key, "plain")[:1], _values(scene), "drill:skill:first"):
            yield text, ""
    for text in _new_questions(scene, key):
        yield text, ""


def last_resort(scene: Scene) -> str:
    """Every candidate said already (a long drill on a JD with few duties): a plain one
    that names the focus and the question's number, so it is never a repeat."""
    key = focus_key(scene.ctx)
    what = _values(scene)["skill"] if key == "skill" else COMPETENCY_LABELS[Competency(key)]
    return (f"One more on {what}, question {scene.ctx.question_number}: which example from your "
            "work have we not discussed yet that shows it best, and what did you do yourself?")
