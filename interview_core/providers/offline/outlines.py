"""A stronger answer's outline, from the candidate's own CV, and what a question asked.

The outline draws on the CV material that fits *that* question, and no CV line serves more
than two outlines. A CV line is an example of past work, so it is quoted in the past tense
("when you ran a 40-person team", from "Run a 40-person team": tense.py). The task clause
follows what the question asked: "a time you had to cut costs" -> "why you had to cut
costs"; "a time you handled a complaint" -> "what you were responsible for when you handled
a complaint"; "how did you know it had worked?" asks for no task, but for how you knew, which
goes with the result.
"""

from __future__ import annotations

import re
from collections import Counter

from interview_core.providers.offline.cv import _WEAK_VERBS, Achievement, is_past_verb
from interview_core.providers.offline.grading import GradedAnswer
from interview_core.providers.offline.jd import _DUTY_VERBS
from interview_core.providers.offline.judging import topic_words
from interview_core.providers.offline.match import Match
from interview_core.providers.offline.numbers import measurable_tokens
from interview_core.providers.offline.phrasing import gerund
from interview_core.providers.offline.tense import is_verb, past_phrase
from interview_core.providers.offline.text import (
    clip_phrase,
    content_tokens,
    excerpt,
    is_quotable,
)
from interview_core.providers.offline.vocabulary import display_skill, is_soft

MAX_USES_PER_CV_LINE = 2


# ---------------------------------------------------------------------------
# What a question was about, in words fit to quote back
# ---------------------------------------------------------------------------
_TOPIC_END = r"\s*(?=[,.;:?!—–()]|\s-\s|$)"
_TOPIC_RES = (
    re.compile(r"\b(?:a time|situation where|an occasion when|an example of when) you (?:had|needed) "
               r"to (?P<topic>[^,.;:?!—–()]+?)" + _TOPIC_END, re.I),
    re.compile(r"\b(?:a time|situation where|an occasion when|an example of when) you "
               r"(?P<topic>[^,.;:?!—–()]+?)" + _TOPIC_END, re.I),
    re.compile(r"\b(?:need you to|asks you to|involves|you'd be asked to|expected to) "
               r"(?P<topic>[^,.;:?!—–()\"“”]+?)" + _TOPIC_END, re.I),
    re.compile(r"\bhow (?P<aux>would|do|did) you (?P<topic>[^,.;:?!—–()\"“”]+?)" + _TOPIC_END, re.I),
)
_TOPIC_MAX_WORDS = 12
_DANGLING = frozenset(
    "a an the and or but of in on for to with as at by from into that this your our their "
    "its which who how what when where if so than then".split()
)


_FORMS = ("had_to", "did", "duty", "how")  # what each of _TOPIC_RES asks, in order


def question_ask(question: str) -> tuple[str, str]:
    """(form, topic): what a question asks the candidate to have done or to explain, in
    full, and how it asks it: "had_to" ("a time you had to cut costs"), "did" ("a time you
    handled a complaint"), "duty" ("the role involves ..."), "how did", "how do" or "how
    would" ("how did you know it had worked?"); ("", "") when there is no clean clause."""
    for form, pattern in zip(_FORMS, _TOPIC_RES, strict=True):
        found = pattern.search(question)
        if not found:
            continue
        words = found.group("topic").split()
        topic = clip_phrase(" ".join(words), _TOPIC_MAX_WORDS)
        complete = 2 <= len(words) <= _TOPIC_MAX_WORDS and words[-1].lower() not in _DANGLING
        if complete and is_quotable(topic) and topic.split() == words:
            aux = found.groupdict().get("aux")
            return (f"{form} {aux.lower()}" if aux else form), topic
    return "", ""


def question_topic(question: str) -> str:
    """What a question asks the candidate to have done or to explain ("explain something
    complex to people without your background"), in full, or "" when there is no clean clause."""
    return question_ask(question)[1]


def _is_gerund(topic: str) -> bool:
    """ "watching cardiac rhythms" (from "the role involves ..."), not "fix a slow query"."""
    first = topic.split(" ", 1)[0].lower()
    return first.endswith("ing") and len(first) > 4



# ---------------------------------------------------------------------------
# A stronger answer, from the candidate's own CV
# ---------------------------------------------------------------------------
def _material(g: GradedAnswer, match: Match, used: Counter[str]) -> Achievement | None:
    """The CV line that best fits this question (its topic words and skills), used at most
    MAX_USES_PER_CV_LINE times across the report."""
    wanted_skills = set(match.skills_in(g.question)) | set(g.skills)
    topic = topic_words(g.question, f"{match.job.title} {match.job.company}")
    candidates = [a for a in match.achievements if used[a.text] < MAX_USES_PER_CV_LINE]
    if not candidates:
        return None

    def fit(item: Achievement) -> tuple[int, int, int]:
        skills = len(wanted_skills & set(match.job.skills_in(item.text)))
        words = len(topic & content_tokens(item.text))
        return (skills + words, -used[item.text], 1 if _verb_led(item) else 0)

    best = max(candidates, key=fit)  # max() keeps the earliest (best-ranked) on ties
    used[best.text] += 1
    return best


def _verb_led(item: Achievement) -> bool:
    first = item.text.split(" ", 1)[0].strip(",.").lower()
    return is_past_verb(first) or first in _DUTY_VERBS or first in _WEAK_VERBS


def _example(item: Achievement) -> tuple[str, str]:
    """The CV line as an example, two ways: after "e.g." ("when you led the move to Go") and
    after "draw on" ("the time you led the move to Go"), in the past tense whatever the CV's
    ("Run a 40-person team" -> "when you ran a 40-person team"). A line with no verb to lead
    it ("Charge nurse two shifts a week") is quoted as the CV has it."""
    if item.project and not item.role:
        return f"your project {item.project}", f"your project {item.project}"
    clause = excerpt(item.text, 12)
    first, _, rest = clause.partition(" ")
    if rest and (is_past_verb(first) or first.lower() in _DUTY_VERBS | _WEAK_VERBS):
        action = f"you {past_phrase(clause)}"
        return f"when {action}", f"the time {action}"
    quoted = f'the work behind "{clause}"'
    return quoted, quoted


# "How did you know it had worked?" asks how the result was known: it goes with the result.
_KNOWING = frozenset("know tell measure check judge prove confirm show see notice find".split())


def _star_parts(topic_form: str, topic: str) -> tuple[str, str, str]:
    """(task, action, result) additions that fit what the question asked: the task clause,
    and what the action or the result should say about the question's "how"."""
    if not topic:
        return "what you were responsible for", "", ""
    if _is_gerund(topic):
        return f"why {topic} mattered there", "", ""
    if topic_form == "did":
        # "a time you handled a complaint": the story's own deed, already in the past.
        first = topic.split(" ", 1)[0]
        deed = past_phrase(topic) if is_verb(first) else topic
        return f"what you were responsible for when you {deed}", "", ""
    if topic_form.startswith("how"):
        first = topic.split(" ", 1)[0]  # a verb, after "how did you"
        how = f"how you {past_phrase(topic)}"
        if first.lower() in _KNOWING:
            return "what you were responsible for", "", how
        return "what you were responsible for", how, ""
    return f"why you had to {topic}", "", ""


def _approach(form: str, topic: str, focus: str) -> str:
    """What a technical outline explains: "your approach to designing the schema" (a duty's
    gerund), or the question's own "how": "how you knew it had worked" for "how did you know
    it had worked?", "how you would decide" for "how would you decide?"."""
    if not topic:
        return f"your approach to {focus}"
    if _is_gerund(topic):
        return f"your approach to {topic}"
    as_gerund = gerund(topic)
    if as_gerund != topic or not form.startswith("how"):
        return f"your approach to {as_gerund}"
    # After "how did you" comes a verb, whichever: "decide", "know".
    if form == "how did":
        return f"how you {past_phrase(topic)}"
    return f"how you would {topic}" if form == "how would" else f"how you {topic}"


def _focus(g: GradedAnswer, match: Match, item: Achievement | None) -> str:
    asked = list(match.skills_in(g.question))
    shown = set(match.job.skills_in(item.text)) if item else set()
    for skill in [s for s in asked if s in shown] + asked + list(g.skills):
        return display_skill(skill)
    top = next((s for s in match.job.key_skills if not is_soft(s)), None)
    return display_skill(top) if top else "what the role needs most"


def stronger_answer(g: GradedAnswer, match: Match, used: Counter[str]) -> str:
    item = _material(g, match, used)
    focus = _focus(g, match, item)
    where = f" at {item.role.employer}" if item and item.role and item.role.employer else ""
    when, ref = _example(item) if item else ("the piece of work you are proudest of",) * 2
    numbers = measurable_tokens(item.text)[:2] if item else ()
    result = (f"the numbers ({', '.join(numbers)})" if numbers
              else "what changed, in numbers if you can (time, cost, errors, people helped)")
    title, company = match.job.title, match.job.company
    target = company or "the team"
    # A story happened at a past employer: what it meant there, not for the new one.
    then = (item.role.employer if item and item.role and item.role.employer else "the people involved")
    role = f"the {title} role" if title else "this role"
    form, topic = question_ask(g.question)
    if g.kind == "motivation":
        return (f"Start with something specific about {target} that draws you; link it to your "
                f"own work, e.g. {when}{where}; say what you want to do next and why "
                f"{role} is the place for it; end with what you would bring them.")
    if g.kind == "closing":
        return (f"Name the one or two goals that matter most in {role}, such as {focus}; who you "
                f"would meet and what you would learn first; what you would deliver early, drawing "
                f"on {ref}; and how you would know it was going well.")
    if g.kind == "opening":
        return (f"Two or three sentences on your path, then the most relevant work{where}, e.g. "
                f"{ref}; finish with why it prepares you for {role}.")
    if g.kind == "scenario":
        return ("Restate the problem in one line; give your first three steps in order and who "
                f"you would involve; draw on {ref}{where}; say how you would know it "
                "worked.")
    if g.kind == "technical":
        return (f"Explain {_approach(form, topic, focus)} step by step, with the reason for each "
                f"step; ground it in a real case, e.g. {when}{where}; name the trade-off "
                f"you accepted and end with {result}.")
    task, how, known = _star_parts(form, topic)
    action = (f"{how}, in two or three steps you took yourself" if how
              else "two or three steps you took yourself")
    result = f"{result}, {known}" if known else result
    return (f"Situation: one line of context{where}, e.g. {when}. Task: {task}, and what "
            f"was at stake. Action: {action}. Result: {result}, and what it meant for "
            f"{then}.")
