"""The offline question writer: a planned, adaptive mock interview from the CV and JD.

Every question is one of a few categories planned up front from max_questions,
filled with material from `analysis` (JD skills and duties, CV roles and
achievements) and, from question 2 on, shaped by the last answer: a short,
"we"-heavy or number-less answer gets a probe folded into the next question.

Stateless and deterministic: everything is derived from the InterviewContext,
and template choices come from a hash of the CV/JD text, never from `random`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from interview_core.feedback import FeedbackReport
from interview_core.models import GeneratedQuestion, InterviewContext
from interview_core.providers.offline.answers import AnswerSignals, analyse_answer
from interview_core.providers.offline.cv import Achievement, is_past_verb
from interview_core.providers.offline.match import Match, match_cv_to_jd
from interview_core.providers.offline.scoring import build_report
from interview_core.providers.offline.text import (
    clip_phrase,
    excerpt,
    normalize_question,
)
from interview_core.providers.offline.vocabulary import (
    SKILLS,
    display_skill,
    is_soft,
    skill_domain,
)

MAX_CHARS = 600


class Category(StrEnum):
    OPENING = "opening"
    BEHAVIOURAL = "behavioural"
    TECHNICAL = "technical"
    PROJECT = "project"
    SITUATIONAL = "situational"
    MOTIVATION = "motivation"
    CLOSING = "closing"


class Probe(StrEnum):
    """What the last answer lacked (or offered) that the next question reacts to."""

    NONE = "none"
    SHORT = "short"
    WE = "we"
    NO_NUMBER = "no_number"
    SKILL = "skill"


_B, _T, _P, _S, _M = (
    Category.BEHAVIOURAL,
    Category.TECHNICAL,
    Category.PROJECT,
    Category.SITUATIONAL,
    Category.MOTIVATION,
)
# The middle of short interviews, hand-ordered: a story early, then skills, then depth.
_MIDDLE: dict[int, tuple[Category, ...]] = {
    0: (),
    1: (_T,),
    2: (_B, _T),
    3: (_B, _T, _P),
    4: (_B, _T, _P, _S),
    5: (_B, _T, _P, _S, _M),
    6: (_B, _T, _P, _S, _T, _M),
}
_LONG_CYCLE = (_B, _T, _P, _S, _T, _B, _P, _T, _S)


def plan_categories(max_questions: int) -> tuple[Category, ...]:
    """One category per question: opening first, closing last, motivation just before it."""
    total = max(1, min(20, max_questions))
    if total == 1:
        return (Category.OPENING,)
    middle_size = total - 2
    middle = _MIDDLE.get(middle_size)
    if middle is None:
        middle = tuple(_LONG_CYCLE[i % len(_LONG_CYCLE)] for i in range(middle_size - 1)) + (_M,)
    return (Category.OPENING, *middle, Category.CLOSING)


def category_for(question_number: int, max_questions: int) -> Category:
    plan = plan_categories(max_questions)
    return plan[max(0, min(question_number, len(plan)) - 1)]


# ---------------------------------------------------------------------------
# The scene: everything one question needs, computed once per call
# ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Scene:
    ctx: InterviewContext
    match: Match
    title: str
    company: str
    seed: int
    asked: tuple[str, ...]  # earlier questions, normalised
    asked_skills: frozenset[str]  # JD skills earlier questions already named
    probed_skills: frozenset[str]  # JD skills earlier technical questions were about
    probed_questions: int  # how many technical questions came before
    covered: frozenset[str]  # JD skills the candidate's answers already showed

    @property
    def the_role(self) -> str:
        return f"the {self.title} role" if self.title else "this role"

    @property
    def company_or_us(self) -> str:
        return self.company or "us"

    @property
    def at_company(self) -> str:
        return f" at {self.company}" if self.company else ""

    @property
    def as_title(self) -> str:
        return f"as our {self.title}" if self.title else "in this role"

    def pick(self, options: Sequence[str], salt: str) -> list[str]:
        """The options in a deterministic order that differs per interview and question."""
        start = _hash(f"{self.seed}:{salt}:{self.ctx.question_number}") % max(1, len(options))
        return list(options[start:]) + list(options[:start])

    def was_asked(self, phrase: str) -> bool:
        key = normalize_question(phrase)
        return bool(key) and any(key in q for q in self.asked)


def _hash(text: str) -> int:
    return int(hashlib.blake2b(text.encode("utf-8", "replace"), digest_size=8).hexdigest(), 16)


def _scene(ctx: InterviewContext) -> _Scene:
    title = clip_phrase(ctx.title, 8)
    company = clip_phrase(ctx.company, 6)
    match = match_cv_to_jd(ctx.cv_text, ctx.jd_text, title, company)
    questions = ctx.questions
    technical = [
        q
        for i, q in enumerate(questions, 1)
        if category_for(i, ctx.max_questions) is Category.TECHNICAL
    ]
    return _Scene(
        ctx=ctx,
        match=match,
        title=title,
        company=company,
        seed=_hash("\x1f".join((title, company, ctx.cv_text, ctx.jd_text))),
        asked=tuple(normalize_question(q) for q in questions),
        asked_skills=frozenset(match.skills_in(" \n".join(questions))),
        probed_skills=frozenset(match.skills_in(" \n".join(technical))),
        probed_questions=len(technical),
        covered=frozenset(match.skills_in(" \n".join(ctx.answers))),
    )


def _cap(text: str) -> str:
    # "pandas" -> "Pandas", but "iOS" stays "iOS".
    if len(text) > 1 and text[0].islower() and text[1].islower():
        return text[0].upper() + text[1:]
    return text


# ---------------------------------------------------------------------------
# CV material rendered for a question
# ---------------------------------------------------------------------------
_CV_PRONOUNS = {"our": "your", "my": "your", "we": "you", "us": "you", "i": "you", "me": "you"}


def _second_person(clause: str) -> str:
    """CV lines say "our core product"; the interviewer says "your core product"."""
    return " ".join(
        _CV_PRONOUNS.get(w.lower(), w) if w.lower() in _CV_PRONOUNS else w for w in clause.split()
    )


def _item_sentence(item: Achievement) -> str:
    """ "Your CV says that at Kasa you migrated the orchestration system from DC/OS to ..." """
    clause = _second_person(excerpt(item.text))
    if item.project and not item.role:
        name, _, description = item.text.partition(":")
        if description.strip() and item.project in name:
            return f"Your CV mentions {item.project}: {excerpt(description.strip(), 10)}."
        return f'Your CV mentions "{clause}".'
    where = f" at {item.where}" if item.where else ""
    first, _, rest = clause.partition(" ")
    if is_past_verb(first) and rest:
        return f"Your CV says that{where} you {first.lower()} {rest}."
    return f'Your CV mentions "{clause}"{where}.'


def _item_key(item: Achievement) -> str:
    # The exact sentence a question quotes, so "was it asked?" matches what was written.
    return _item_sentence(item)


def _unused_items(scene: _Scene, prefer_skill: str | None = None) -> list[Achievement]:
    """Achievements not yet discussed, most relevant first, nudged towards variety."""
    items = [a for a in scene.match.achievements if not scene.was_asked(_item_key(a))][:6]

    def nudge(item: Achievement) -> tuple[int, int]:
        # "Build on" a skill the candidate just raised: stories that show it go first;
        # then stories from an employer the interview has not named yet.
        shows_skill = bool(prefer_skill) and prefer_skill in scene.match.job.skills_in(item.text)
        named = bool(item.where) and scene.was_asked(item.where)
        return (0 if shows_skill else 1, 1 if named else 0)

    return sorted(items, key=nudge)


# ---------------------------------------------------------------------------
# Skills
# ---------------------------------------------------------------------------
_SKILL_ANGLES: dict[str, str] = {
    "Kubernetes": "roll out a risky change safely and debug a failing deployment in production",
    "Terraform": "structure modules and state so that many people can change infrastructure safely",
    "PostgreSQL": "find and fix a slow query, and run a schema migration without downtime",
    "Python": "keep a large codebase fast, well tested and easy to change",
    "Go": "design concurrent code that stays safe and easy to reason about",
    "AWS": "balance cost, security and resilience in an account setup",
    "CI/CD": "make deployments fast while keeping them safe to roll back",
    "SQL": "make sure a complex query returns the right answer",
    "React": "keep a large interface fast and its state manageable",
    "Kafka": "handle ordering, retries and consumer lag",
    "Docker": "keep images small, secure and reproducible",
    "Observability": "decide what to alert on without drowning the team in noise",
    "Prometheus": "design metrics and alerts that catch real problems early",
    "Grafana": "build dashboards that actually help during an outage",
    "Distributed systems": "handle partial failures and keep data consistent",
    "Event-driven architecture": "make event consumers idempotent and recover from a bad message",
    "Microservices": "decide service boundaries and handle failures between services",
    "Redis": "decide what to cache and keep the cache consistent",
    "Payments": "make a payment flow safe against retries and double charges",
    "Infrastructure as code": "review and roll out infrastructure changes safely",
    "GraphQL": "design a schema that stays fast as clients add queries",
    "Site reliability engineering": "set SLOs and use error budgets to balance speed and stability",
    "A/B testing": "design a test and decide when its result is trustworthy",
    "Machine learning": "take a model from a notebook to production and monitor it",
    "Data analysis": "turn a messy data set into a recommendation people act on",
    "Positioning and messaging": "sharpen positioning against a strong competitor",
    "Go-to-market": "plan a launch and judge whether it worked",
    "Sales enablement": "build material that sales teams actually use",
    "HubSpot": "set up campaigns and reporting so that you can trust the numbers",
    "Competitive analysis": "turn competitor research into something the sales team can use",
    "Copywriting": "write copy that converts and test whether it does",
    "Service mesh": "decide whether a service mesh is worth its operational cost",
    "Helm": "keep charts reusable without hiding what gets deployed",
    "Incident management": "run an incident from the first page to a postmortem that sticks",
}
_DOMAIN_ANGLES: dict[str, str] = {
    "software": "design it so that it stays maintainable as requirements change",
    "data": "make sure the numbers it produces are correct and trusted",
    "devops": "keep it dependable and easy to change as the team grows",
    "product": "use it to decide what not to build",
    "design": "validate the work with real users before it ships",
    "sales": "use it to move a stalled deal forward",
    "marketing": "measure whether the work actually moved the numbers",
    "finance": "keep the numbers accurate under a tight deadline",
    "support": "keep quality high when ticket volume spikes",
}


def _angle(skill: str) -> str:
    return _SKILL_ANGLES.get(skill) or _DOMAIN_ANGLES.get(
        skill_domain(skill), "apply it to a real problem in this role"
    )


def _technical_skills(scene: _Scene) -> list[str]:
    """JD hard skills to probe, best first: untouched ones, then ones only mentioned in passing
    (the opening names a skill without testing it), then ones the answers already showed.
    Skills a technical question already probed come last: reused only when nothing is left."""
    job = scene.match.job
    hard = [s for s in job.skills if not is_soft(s)]
    # Vocabulary skills first: free-text phrases from the JD make vaguer questions.
    hard.sort(key=lambda s: 0 if s in SKILLS else 1)
    probed = scene.probed_skills

    def rank(skill: str) -> int:
        if skill in probed:
            return 3
        if skill in scene.covered:
            return 2
        return 1 if skill in scene.asked_skills else 0

    ranked = sorted(hard, key=rank)
    if scene.probed_questions % 2 == 1:
        # Alternate depth and gaps: the first technical question tests a skill the CV shows,
        # the next one a skill it lacks, and so on.
        shown = set(scene.match.shared)
        ranked.sort(key=lambda s: (rank(s), 0 if s not in shown else 1))
    return ranked


# ---------------------------------------------------------------------------
# Question bodies per category; each yields candidates, best first
# ---------------------------------------------------------------------------
def _opening_cores(scene: _Scene) -> Iterator[str]:
    match = scene.match
    role = match.roles[0] if match.roles else None
    role_items = [a for a in match.achievements if role and a.role == role] or list(
        match.achievements
    )
    skill = display_skill(_opening_skill(scene, role_items))
    skill_part = f" — especially the {skill} side" if skill else ""
    with_skill = f", particularly around {skill}" if skill else ""
    templates: list[str] = []
    if role:
        at = f" at {role.employer}" if role.employer else ""
        templates += [
            "Thanks for joining us, and welcome. To start, could you walk me through "
            f"your time as {role.short_title}{at}, and how it prepares you for "
            f"{scene.the_role}{scene.at_company}{skill_part}?",
            "Good to meet you, and thanks for making the time. Looking at your experience as "
            f"{role.short_title}{at}, which parts are most relevant to {scene.the_role}"
            f"{scene.at_company}, and where has {skill or 'that work'} featured in it?",
            f"Hello, and welcome to your interview for {scene.the_role}{scene.at_company}. Could "
            "you start with an overview of your most relevant experience — for instance your work "
            f"as {role.short_title}{at} — and how you've used {skill or 'it'} along the way?",
        ]
    if role_items:
        sentence = _item_sentence(role_items[0])
        templates.append(
            "Welcome, and thanks for joining. I'd like to begin with your background. "
            f"{sentence} Could you tell me about that work and how it relates to what we need "
            f"in {scene.the_role}{scene.at_company}{with_skill}?"
        )
    yield from scene.pick(templates, "opening")
    yield (
        "Thanks for joining us, and welcome. To start, could you walk me through "
        "the experience you're most proud of and how it prepares you for "
        f"{scene.the_role}{scene.at_company}{skill_part}?"
    )


def _opening_skill(scene: _Scene, items: list[Achievement]) -> str:
    """The JD's most important hard skill that the top role shows, else its top hard skill."""
    job = scene.match.job
    shown = set(job.skills_in(" ".join(a.text for a in items[:8])))
    hard = [s for s in job.skills if not is_soft(s)]
    for skill in hard:
        if skill in shown:
            return skill
    return hard[0] if hard else (job.skills[0] if job.skills else "")


def _technical_cores(scene: _Scene) -> Iterator[str]:
    match = scene.match
    related = next((s for s in match.shared if not is_soft(s)), "")
    for skill in _technical_skills(scene)[:6]:
        where = match.where(skill)
        name, angle = display_skill(skill), _angle(skill)
        if where and where != "skills":
            options = [
                f"Let's get technical on {name}, which this role relies on. Your CV shows it at "
                f"{where} — how would you {angle}, using an example from that work?",
                f"{_cap(name)} is central to {scene.the_role}, and I can see it in your work at "
                f"{where}. How would you {angle}, and what did you learn the hard way?",
                f"I'd like to test your depth on {name}. Based on what you did at {where}, how "
                f"would you {angle}, and which trade-offs would you accept?",
            ]
        elif where == "skills":
            options = [
                f"Your CV mentions {name}, but I can't see where you used it. Can you describe a "
                f"real problem you solved with it, and how you would {angle}?",
                f"{_cap(name)} comes up on your CV without much detail. How deep is that "
                f"experience — for instance, how would you {angle}?",
            ]
        else:
            drawing = (
                f", drawing on what you've done with {display_skill(related)}"
                if related and related != skill
                else ""
            )
            options = [
                f"{_cap(name)} is important for {scene.the_role}, and I don't see it on "
                "your CV. What's the closest experience you have, and how would you get "
                "up to speed on it in your first weeks?",
                f"{scene.the_role[0].upper()}{scene.the_role[1:]} leans on {name}, which "
                f"isn't on your CV. How would you {angle}{drawing}?",
            ]
        yield from scene.pick(options, f"technical:{skill}")


_TOPICS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "balance stakeholders who wanted different things from you",
        frozenset({"Stakeholder management", "Prioritisation", "Negotiation"}),
    ),
    (
        "help a less experienced colleague grow",
        frozenset({"Mentoring", "People management", "Career development", "Onboarding"}),
    ),
    (
        "lead people through a difficult change",
        frozenset({"Leadership", "Change management", "People management", "Team building"}),
    ),
    (
        "explain something complex to people without your background",
        frozenset(
            {"Communication", "Presentation skills", "Storytelling", "Technical documentation"}
        ),
    ),
    (
        "get several teams with different goals to deliver something together",
        frozenset({"Collaboration", "Remote collaboration", "Project management"}),
    ),
    ("take ownership of a problem that nobody else owned", frozenset({"Ownership", "Initiative"})),
    (
        "fix a serious production problem under time pressure",
        frozenset(
            {
                "Incident management",
                "Site reliability engineering",
                "Troubleshooting",
                "Observability",
            }
        ),
    ),
    (
        "disagree with a colleague or manager about an important decision",
        frozenset({"Conflict resolution", "Decision making", "Influencing"}),
    ),
    (
        "change someone's mind without having authority over them",
        frozenset({"Influencing", "Negotiation", "Sales presentations"}),
    ),
    (
        "deliver results when the goal was unclear",
        frozenset({"Adaptability", "Problem solving", "Product discovery"}),
    ),
    (
        "deliver something important on a tight deadline",
        frozenset({"Time management", "Prioritisation", "Project management"}),
    ),
    ("recover from a project that did not go to plan", frozenset({"Continuous learning"})),
    (
        "go beyond what was asked for a customer or user",
        frozenset({"Customer focus", "Customer support", "Customer success", "User research"}),
    ),
    (
        "use data to change a decision",
        frozenset(
            {
                "Data analysis",
                "Analytical thinking",
                "A/B testing",
                "Decision making",
                "Marketing analytics",
                "Product analytics",
            }
        ),
    ),
    (
        "grow a team or raise its hiring bar",
        frozenset({"Hiring", "Team building", "People management"}),
    ),
    (
        "act on tough feedback about your work",
        frozenset({"Continuous learning", "Performance management"}),
    ),
)


def _behavioural_topics(scene: _Scene) -> list[str]:
    """Topics the JD's soft skills call for first; then the classics, in a fixed order."""
    job = scene.match.job

    def weight(skills: frozenset[str]) -> float:
        return sum(job.weight(s) for s in skills)

    ranked = sorted(range(len(_TOPICS)), key=lambda i: (-weight(_TOPICS[i][1]), i))
    return [_TOPICS[i][0] for i in ranked if not scene.was_asked(_TOPICS[i][0])]


def _behavioural_cores(scene: _Scene) -> Iterator[str]:
    roles = scene.match.roles
    employer = next((r.employer for r in roles[1:2] + roles[:1] if r.employer), "")
    perhaps = f", perhaps from your time at {employer}" if employer else ""
    for topic in _behavioural_topics(scene)[:4]:
        options = [
            f"Could you tell me about a time you had to {topic}, using the STAR format — the "
            "situation, your task, the actions you took and the result?",
            "I'd like a specific story here. Can you describe a situation where you "
            f"had to {topic}{perhaps}, walking me through the situation, your task, "
            "what you did and how it turned out?",
            f"{scene.the_role[0].upper()}{scene.the_role[1:]} will sometimes need you to {topic}. "
            "Could you share a real example, structured as situation, task, action and result?",
        ]
        yield from scene.pick(options, f"behavioural:{topic}")


def _project_cores(scene: _Scene, prefer_skill: str | None) -> Iterator[str]:
    for item in _unused_items(scene, prefer_skill)[:4]:
        sentence = _item_sentence(item)
        options = [
            f"Let's dig into one piece of work. {sentence} What was the hardest decision in it, "
            "what alternatives did you weigh, and how did you know it had worked?",
            f"I'd like to go deeper on something from your CV. {sentence} What exactly was your "
            "part, what nearly went wrong, and what would you do differently today?",
            f"{sentence} Take me behind the scenes: how did it start, what did you own "
            "personally, and which result are you proudest of?",
        ]
        yield from scene.pick(options, f"project:{_item_key(item)}")


_COMPLICATIONS: dict[str, tuple[str, ...]] = {
    "devops": (
        "an outage takes down the main service during peak traffic",
        "a routine change quietly breaks deployments for several teams",
        "the cloud bill jumps by a third in one month and nobody knows why",
    ),
    "software": (
        "a key dependency turns out to be far slower than planned two weeks before launch",
        "a bug in production is corrupting a small share of records",
        "the team disagrees sharply about the design and the deadline is fixed",
    ),
    "data": (
        "two reports show conflicting numbers for the same metric a day before a board meeting",
        "the data you need turns out to be incomplete for the last quarter",
    ),
    "product": (
        "two senior colleagues ask for conflicting things in the same quarter",
        "usage data suggests the feature everyone wants is rarely used",
    ),
    "design": ("user tests show that most people cannot finish the main task",),
    "sales": (
        "your largest prospect goes quiet a week before the deal was due to close",
        "a competitor undercuts your price by 30% in a key account",
    ),
    "marketing": (
        "early results come in at half of the target",
        "the sales team says the new messaging is not landing with buyers",
        "a competitor launches a similar product a week before yours",
    ),
    "finance": ("you find an error in numbers that were already shared with the board",),
    "support": ("a large customer complains publicly about a recurring issue",),
    "people": ("a strong team member tells you they are thinking of leaving",),
}
_DEFAULT_COMPLICATIONS = (
    "the scope changes halfway through while the deadline stays the same",
    "a key colleague leaves the project halfway through",
)
_DUTY_VERBS = frozenset(
    "design build own lead drive partner work collaborate develop maintain improve operate manage "
    "mentor define ship create run write analyse analyze support scale champion establish deliver "
    "help plan execute implement grow launch coordinate translate conduct monitor optimize "
    "optimise report present prepare review architect automate contribute ensure identify "
    "investigate make measure shape set partner test research sell close "
    "engage negotiate prospect coach hire recruit hold build craft produce".split()
)


def _duty(text: str) -> tuple[str, bool]:
    """A responsibility as a short clause, and whether it starts with a verb ("design and ...")."""
    text = text.strip()
    for lead in ("You will ", "You'll ", "you will ", "you'll ", "Will "):
        if text.startswith(lead):
            text = text[len(lead) :]
    clause = excerpt(text, 12)
    first = clause.split(" ", 1)[0].lower().strip(",")
    if first in _DUTY_VERBS:
        return clause[0].lower() + clause[1:], True
    return clause, False


def _situational_cores(scene: _Scene) -> Iterator[str]:
    job = scene.match.job
    duties = [
        d for d in job.responsibilities + job.requirements if not scene.was_asked(_duty(d)[0])
    ]
    # Rotate complications by question number, so two scenarios in one interview differ.
    for duty_text in duties[:4]:
        duty, is_verb = _duty(duty_text)
        skills = job.skills_in(duty_text)
        domain = next((skill_domain(s) for s in skills if not is_soft(s)), "")
        choices = _COMPLICATIONS.get(domain, _DEFAULT_COMPLICATIONS)
        complication = choices[scene.ctx.question_number % len(choices)]
        if is_verb:
            options = [
                f"Here's a scenario. A few months into {scene.the_role}{scene.at_company}, "
                f"you're asked to {duty}, and {complication}. How would you approach it, "
                "and what would you do in the first week?",
                "Let's try a hypothetical. Suppose one of your first goals"
                f"{scene.at_company} is to {duty}, but {complication}. How would you handle it, "
                "and who would you involve?",
            ]
        else:
            options = [
                f'Imagine this part of the job is yours: "{duty}". Then {complication}. What would '
                "you do first, and how would you decide what to leave for later?"
            ]
        yield from scene.pick(options, f"situational:{duty}")
    yield (
        f"Here's a scenario. In your first month{scene.at_company}, you inherit a project whose "
        "scope changes halfway through while the deadline stays the same. How would you decide "
        "what to cut, and how would you explain it to the people affected?"
    )


def _motivation_cores(scene: _Scene) -> Iterator[str]:
    roles = scene.match.roles
    employer = roles[0].employer if roles and roles[0].employer else ""
    after = f" after your time at {employer}" if employer else ""
    options = [
        f"Let's talk about motivation. What draws you to {scene.company_or_us} in "
        f"particular, and why is {scene.the_role} the right next step{after}?",
        f"Beyond the skills on paper, why {scene.company_or_us}, and why now — what do you "
        f"want to achieve in {scene.the_role} over the next two years?",
        f"What do you know about {scene.company_or_us} that makes you want to work here, and "
        f"how does {scene.the_role} fit where you want your career to go?",
    ]
    yield from scene.pick(options, "motivation")


def _closing_cores(scene: _Scene) -> Iterator[str]:
    options = [
        f"We're nearly at the end. If you joined {scene.company_or_us} {scene.as_title}, what "
        "would you focus on in your first 90 days, and how would you know it was going well?",
        "To close, what's the one thing you'd like the panel to remember about you for "
        f"{scene.the_role}, and is there anything we haven't covered that you'd like to add?",
        f"As a final question, imagine it's a year from now and joining {scene.company_or_us} has "
        f"clearly paid off — what did you achieve {scene.as_title}, and what helped you get there?",
    ]
    yield from scene.pick(options, "closing")


_SPARE_QUESTIONS = (
    "What's a piece of work you're proud of that we haven't "
    "talked about yet, and what made it hard?",
    "What's the most useful piece of feedback you've received, "
    "and what did you change because of it?",
    "Tell me about a time you had to learn something new quickly — how did you go about it?",
    "How do you decide what to work on first when several urgent requests arrive at once?",
    "What kind of team brings out your best work, and what do "
    "you do when a team isn't working well?",
    "Describe a decision you made with incomplete information — "
    "what did you do to reduce the risk?",
    "What would your last manager say is your biggest strength, "
    "and where would they want you to grow?",
    "How do you keep your skills current, and what's something you learned in the last six months?",
    "Tell me about a mistake you made at work and what you did once you realised it?",
    "What's a process you changed because it wasn't working, and what happened afterwards?",
    "How do you handle a week where your plans are derailed on the first day?",
    "What's something you believe about doing this kind of work "
    "well that others might disagree with?",
)


def _cores(scene: _Scene, category: Category, prefer_skill: str | None) -> Iterator[str]:
    if category is Category.OPENING:
        return _opening_cores(scene)
    if category is Category.TECHNICAL:
        return _technical_cores(scene)
    if category is Category.BEHAVIOURAL:
        return _behavioural_cores(scene)
    if category is Category.PROJECT:
        return _project_cores(scene, prefer_skill)
    if category is Category.SITUATIONAL:
        return _situational_cores(scene)
    if category is Category.MOTIVATION:
        return _motivation_cores(scene)
    return _closing_cores(scene)


# ---------------------------------------------------------------------------
# Reacting to the last answer
# ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Reaction:
    probe: Probe
    lead: str  # acknowledgement + probe, said before the question
    short_lead: str  # the same without the acknowledgement, for long questions
    skill: str | None  # a JD skill the answer raised, to build on


_TAILS: dict[Category, dict[Probe, str]] = {
    Category.TECHNICAL: {
        Probe.NO_NUMBER: " — and what measurable result did that work deliver",
        Probe.WE: " — and what was your own part in that work",
    },
    Category.PROJECT: {
        Probe.NO_NUMBER: " — and what was the measurable outcome",
        Probe.WE: " — and what did you personally decide and do",
    },
    Category.BEHAVIOURAL: {
        Probe.NO_NUMBER: " — ending with a result you can measure",
        Probe.WE: " — focusing on what you personally did",
    },
    Category.SITUATIONAL: {
        Probe.NO_NUMBER: " — and how would you measure success",
        Probe.WE: " — and what would you do yourself rather than delegate",
    },
    Category.CLOSING: {Probe.NO_NUMBER: " — and what numbers would show it"},
}


# Preambles: several short variants per probe kind, and none is said twice in one interview
# (checked against every earlier question, including ones another engine wrote).
_ACK_FRAMES = ("You mentioned that", "You said that", "I noted that")
_NO_NUMBER_ACK_ENDINGS = (
    ", but I didn't hear what it changed in numbers.",
    ", but not what it changed in numbers.",
    ", but I didn't hear the result in numbers.",
)
_SHORT_PROBES = (
    "Thanks — that was quite brief, so let's go deeper with one concrete example.",
    "I'd like more detail this time, grounded in one specific example.",
    "Let's slow down and take a single example in depth.",
    "Please expand on your answer this time, with a real example.",
    "Take a little longer here, and anchor it in one example.",
    "This time, walk me through one example in detail.",
    "More depth here, please: one real example, start to finish.",
    "Short answers are hard to judge, so give me one full example this time.",
)
_WE_PROBES = (
    'I heard a lot of "we" there, so this time I\'d like your own contribution.',
    "That sounded like a team effort; this time, focus on your own part.",
    "This time, tell me what you did yourself rather than the team.",
    "Let's zoom in on your personal contribution this time.",
)
_NUMBER_PROBES_AFTER_ACK = (
    "Let's make this next one measurable.",
    "This time, please include the measurable outcome.",
    "Please make the result measurable this time.",
    "Aim to end this one with a measurable result.",
)
_NUMBER_PROBES = (
    "I didn't hear a measurable result there, so let's make this one measurable.",
    "That answer had no numbers, so this time please give a measurable outcome.",
    "Next, please include a measurable result.",
    "This time, end with a measurable result.",
)
_NEUTRAL_PROBES = (
    "That's a clear example.",
    "Thanks, that's helpful.",
    "Thanks for the detail.",
    "That's useful, thank you.",
    "Good, that's clear.",
    "Thank you, that helps.",
)


def _fresh(scene: _Scene, options: Sequence[str], salt: str) -> str:
    """The first option, in this interview's order, that no earlier question used ("" if none)."""
    return next((o for o in scene.pick(options, salt) if not scene.was_asked(o)), "")


def _acknowledge(scene: _Scene, signals: AnswerSignals, ending: str = ".") -> str:
    """ "You mentioned that you migrated ..." with the frame the interview has used least."""
    if not signals.highlight or scene.was_asked(signals.highlight):
        return ""  # the same answer twice: say something else than the same sentence again
    joined = " \n".join(scene.asked)
    frame = min(_ACK_FRAMES, key=lambda f: joined.count(normalize_question(f)))
    return f"{frame} {signals.highlight}{ending}"


def _react(scene: _Scene, previous: Category, upcoming: Category) -> _Reaction:
    answers = scene.ctx.answers
    if not answers:
        return _Reaction(Probe.NONE, "", "", None)
    signals = analyse_answer(answers[-1])
    raised = scene.match.skills_in(answers[-1])
    skill = next((s for s in raised if not is_soft(s)), raised[0] if raised else None)
    ack = _acknowledge(scene, signals)
    story_expected = previous not in (Category.MOTIVATION, Category.CLOSING)
    tails = _TAILS.get(upcoming, {})
    options: Sequence[str]
    if signals.short:
        lead = _fresh(scene, _SHORT_PROBES, "short")
        return _Reaction(Probe.SHORT, lead, lead, skill)
    if signals.we_heavy and Probe.WE in tails:
        probe = Probe.WE
        options = _WE_PROBES
    elif story_expected and not signals.measurable and Probe.NO_NUMBER in tails:
        probe = Probe.NO_NUMBER
        ending = _fresh(scene, _NO_NUMBER_ACK_ENDINGS, "ack") if ack else ""
        if ending:
            ack = _acknowledge(scene, signals, ending)
            options = _NUMBER_PROBES_AFTER_ACK
        else:
            ack = ""
            options = _NUMBER_PROBES
    elif skill:
        probe = Probe.SKILL
        shown = display_skill(skill)
        options = (
            f"You brought up {shown}, which matters for this role.",
            f"Good to hear about {shown}.",
            f"{_cap(shown)} is a big part of this role, so that's useful to hear.",
        )
        if ack:
            options = (
                "That's the kind of experience this role needs.",
                f"{_cap(shown)} matters a lot for this role.",
                "That's directly relevant here.",
                "That's useful context for this role.",
            )
    else:
        probe = Probe.NONE
        options = _NEUTRAL_PROBES
    probe_text = _fresh(scene, options, f"probe:{probe}")
    lead = f"{ack} {probe_text}".strip()
    return _Reaction(probe, lead, probe_text, skill)


# A tail is skipped when the question already asks for the same thing.
_ALREADY_ASKED = {
    Probe.WE: re.compile(r"personally|your (?:own )?part|you own", re.IGNORECASE),
    Probe.NO_NUMBER: re.compile(r"measur|numbers", re.IGNORECASE),
}


def _with_tail(core: str, category: Category, probe: Probe) -> str:
    tail = _TAILS.get(category, {}).get(probe, "")
    covered = _ALREADY_ASKED.get(probe)
    if not tail or (covered and covered.search(core)):
        return core
    return core.rstrip("?").rstrip() + tail + "?"


# ---------------------------------------------------------------------------
# Assembly
# ---------------------------------------------------------------------------
def _fits(scene: _Scene, core: str) -> bool:
    key = normalize_question(core)
    return bool(key) and not any(key in q or q in key for q in scene.asked if q)


def _compose(lead: str, short_lead: str, body: str) -> str | None:
    for opening in (lead, short_lead, ""):
        text = f"{opening} {body}".strip()
        if len(text) <= MAX_CHARS:
            return text
    return None


def _write(scene: _Scene, category: Category, reaction: _Reaction) -> str:
    fallbacks = [c for c in (_T, _P, _B, _S, _M) if c is not category]
    for candidate_category in (category, *fallbacks):
        for core in _cores(scene, candidate_category, reaction.skill):
            if not _fits(scene, core):
                continue
            body = _with_tail(core, candidate_category, reaction.probe)
            text = _compose(reaction.lead, reaction.short_lead, body)
            if text:
                return text
    for spare in scene.pick(_SPARE_QUESTIONS, "spare"):
        if _fits(scene, spare):
            return _compose(reaction.lead, reaction.short_lead, spare) or spare
    # Unreachable in practice (20 questions at most); still never repeat.
    answered = len(scene.ctx.answers)
    return (
        f"What else should we know about you for {scene.the_role}, "
        f"beyond your {answered} answers so far?"
    )


def write_opening(ctx: InterviewContext) -> str:
    scene = _scene(ctx)
    return _write(scene, Category.OPENING, _Reaction(Probe.NONE, "", "", None))


def write_follow_up(ctx: InterviewContext) -> str:
    if ctx.question_number <= 1 and not ctx.questions:
        return write_opening(ctx)
    scene = _scene(ctx)
    number = max(2, ctx.question_number)
    category = category_for(number, ctx.max_questions)
    if number >= ctx.max_questions:
        category = Category.CLOSING
    previous = category_for(number - 1, ctx.max_questions)
    return _write(scene, category, _react(scene, previous, category))


class OfflineProvider:
    """The built-in engine: no network, deterministic, CV- and JD-aware."""

    name = "offline"

    async def opening_question(self, ctx: InterviewContext) -> GeneratedQuestion:
        return GeneratedQuestion(text=write_opening(ctx), provider=self.name)

    async def follow_up_question(self, ctx: InterviewContext) -> GeneratedQuestion:
        return GeneratedQuestion(text=write_follow_up(ctx), provider=self.name)

    async def feedback(self, ctx: InterviewContext) -> FeedbackReport:
        return build_report(ctx)


__all__ = [
    "Category",
    "OfflineProvider",
    "Probe",
    "category_for",
    "plan_categories",
    "write_follow_up",
    "write_opening",
]
