"""Writing each kind of question from data/questions.toml, the JD's duties and the CV.

Every writer yields candidate questions, best first; the interviewer takes the first one
that was not asked before, names no software term foreign to the CV and the JD, and fits.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from interview_core.providers.offline.cv import Achievement
from interview_core.providers.offline.jd import Duty
from interview_core.providers.offline.leads import lead_for, with_lead
from interview_core.providers.offline.phrasing import (
    Scene,
    bank,
    field_setting,
    fill,
    item_sentence,
    item_used,
    phrases,
)
from interview_core.providers.offline.planning import Category, is_weak, off_topic
from interview_core.providers.offline.text import content_tokens
from interview_core.providers.offline.vocabulary import SKILLS, display_skill, is_soft


def _cap(text: str) -> str:
    # "pandas" -> "Pandas", but "iOS" stays "iOS".
    if len(text) > 1 and text[0].islower() and text[1].islower():
        return text[0].upper() + text[1:]
    return text


def render(
    scene: Scene, templates: Sequence[str], values: dict[str, str], salt: str
) -> Iterator[str]:
    """The templates not said yet in this interview, filled, in this interview's order."""
    for template in scene.pick(templates, salt):
        if scene.template_used(template):
            continue
        text = fill(template, values)
        if text:
            yield text


def _duty_templates(section: str, duty: Duty) -> tuple[str, ...]:
    return phrases(section, "verb" if duty.verb else "noun")


# ---------------------------------------------------------------------------
# Opening
# ---------------------------------------------------------------------------
def opening(scene: Scene) -> Iterator[str]:
    match = scene.match
    role = match.roles[0] if match.roles else None
    duties = scene.open_duties()
    role_items = [a for a in match.achievements if role and a.role == role]
    # The duty this candidate's top role speaks to best, else the JD's first.
    role_words = content_tokens(" ".join(a.text for a in role_items[:8]))
    duty = max(duties, key=lambda d: (len(d.words & role_words) >= 2, -duties.index(d)), default=None)
    values = scene.with_duty(duty)
    if role:
        yield from render(scene, phrases("opening", "with_role"), values, "opening")
    if role_items:
        values = dict(values, item=item_sentence(role_items[0]))
        yield from render(scene, phrases("opening", "with_item"), values, "opening:item")
    yield from render(scene, phrases("opening", "plain"), scene.values, "opening:plain")


# ---------------------------------------------------------------------------
# New parts of the role
# ---------------------------------------------------------------------------
def behavioural(scene: Scene) -> Iterator[str]:
    for duty in scene.open_duties()[:4]:
        templates = _duty_templates("behavioural", duty)
        yield from render(scene, templates, scene.with_duty(duty), f"behavioural:{duty.phrase}")
    for topic in phrases("behavioural", "topics"):
        if scene.was_asked(topic):
            continue
        values = dict(scene.values, topic=topic)
        yield from render(scene, phrases("behavioural", "topic"), values, f"topic:{topic}")


def _skill_questions(scene: Scene) -> Iterator[str]:
    angles: dict[str, str] = bank().get("angles", {})
    job, match = scene.match.job, scene.match
    for skill in job.skills:
        angle = angles.get(skill)
        if not angle or is_soft(skill) or skill not in SKILLS or scene.was_asked(skill):
            continue
        name = display_skill(skill)
        values = dict(scene.values, skill=name, Skill=_cap(name), angle=angle)
        where = match.where(skill)
        if scene.cv_shows(skill) and where and where != "skills":
            group = "skill_shown"
            values["where"] = where
        elif scene.certainly_missing(skill):
            group = "skill_missing"
        else:
            group = "skill_ask"  # unsure: ask, never claim it is missing
        yield from render(scene, phrases("technical", group), values, f"technical:{skill}")


def _duty_practice(scene: Scene) -> Iterator[str]:
    for duty in scene.open_duties()[:4]:
        templates = _duty_templates("technical", duty)
        yield from render(scene, templates, scene.with_duty(duty), f"technical:{duty.phrase}")


def technical(scene: Scene) -> Iterator[str]:
    if scene.field in ("software", "data"):
        yield from _skill_questions(scene)
        yield from _duty_practice(scene)
    else:
        yield from _duty_practice(scene)
        yield from _skill_questions(scene)


def unused_items(scene: Scene) -> list[Achievement]:
    """CV achievements not yet discussed, those closest to an open duty first."""
    open_words = [d.words for d in scene.open_duties()]
    items = [a for a in scene.match.achievements if not item_used(scene, a)][:8]

    def nudge(item: Achievement) -> tuple[int, int]:
        words = content_tokens(item.text)
        fits_duty = any(len(words & w) >= 2 for w in open_words)
        named = bool(item.where) and scene.was_asked(item.where)
        return (0 if fits_duty else 1, 1 if named else 0)

    return sorted(items, key=nudge)


def project(scene: Scene) -> Iterator[str]:
    for item in unused_items(scene)[:4]:
        values = dict(scene.values, item=item_sentence(item))
        yield from render(scene, phrases("project", "templates"), values, f"project:{item.text}")


def situational(scene: Scene) -> Iterator[str]:
    complications = [
        c for c in field_setting(scene.field, "complications") or () if not scene.was_asked(c)
    ]
    duties = scene.open_duties()
    start = scene.ctx.question_number % max(1, len(complications))
    for complication in complications[start:] + complications[:start]:
        words = content_tokens(complication)
        duty = max(duties, key=lambda d: (len(d.words & words), -duties.index(d)), default=None)
        values = dict(scene.with_duty(duty), complication=complication)
        if duty is not None:
            templates = _duty_templates("situational", duty)
            yield from render(scene, templates, values, f"situational:{complication}")
        yield from render(scene, phrases("situational", "plain"), values, "situational:plain")


# ---------------------------------------------------------------------------
# Motivation and closing
# ---------------------------------------------------------------------------
def _ending(scene: Scene, section: str) -> Iterator[str]:
    """Motivation or closing; naming one more JD duty when the interview has named few."""
    templates = scene.pick(phrases(section, "templates"), section)
    duties = (scene.open_duties() or list(scene.duties))[:3]
    with_duty = [t for t in templates if "{duty" in t]
    plain = [t for t in templates if "{duty" not in t]
    if scene.duty_questions() < 4:
        for duty in duties:
            yield from render(scene, with_duty, scene.with_duty(duty), f"{section}:duty")
    yield from render(scene, plain, scene.values, section)
    for duty in duties:
        yield from render(scene, with_duty, scene.with_duty(duty), f"{section}:duty")


def motivation(scene: Scene) -> Iterator[str]:
    yield from _ending(scene, "motivation")


def closing(scene: Scene) -> Iterator[str]:
    yield from _ending(scene, "closing")


# ---------------------------------------------------------------------------
# After a weak answer: the same topic, smaller
# ---------------------------------------------------------------------------
def reask(scene: Scene, previous_was_probe: bool) -> Iterator[str]:
    """Each after its lead: reassurance after a refusal, a neutral one after a weak try."""
    lead = lead_for(scene, "reask")
    for text in _reasks(scene, previous_was_probe):
        yield with_lead(lead, text)


def _reasks(scene: Scene, previous_was_probe: bool) -> Iterator[str]:
    last = scene.ctx.questions[-1] if scene.ctx.questions else ""
    if previous_was_probe:
        yield from render(scene, phrases("reask", "story"), scene.values, "reask:story")
    duty = scene.duty_of(last)
    if duty is not None and duty.verb:
        values = scene.with_duty(duty, short=True)
        yield from render(scene, phrases("reask", "duty"), values, "reask:duty")
    yield from render(scene, phrases("reask", "plain"), scene.values, "reask:plain")
    # Nothing left to re-ask with: an easier, concrete version of an open duty.
    for duty in scene.open_duties()[:2]:
        if duty.verb:
            yield from render(scene, phrases("reask", "duty"), scene.with_duty(duty), "reask:new")


def transition(scene: Scene) -> str:
    """A short "let's turn to another part of the role", one not said yet ("" if none);
    "that's useful" only after an answer that was (not "I don't know", not a holiday)."""
    options = list(phrases("transitions", "phrases"))
    answers = scene.ctx.answers
    if answers and (is_weak(answers[-1]) or off_topic(scene.ctx)):
        options = [p for p in options if p not in phrases("transitions", "praise")]
    for phrase in scene.pick(options, "transition"):
        if not scene.was_asked(phrase):
            return phrase
    return ""


WRITERS = {
    Category.OPENING: opening,
    Category.BEHAVIOURAL: behavioural,
    Category.TECHNICAL: technical,
    Category.PROJECT: project,
    Category.SITUATIONAL: situational,
    Category.MOTIVATION: motivation,
    Category.CLOSING: closing,
}
