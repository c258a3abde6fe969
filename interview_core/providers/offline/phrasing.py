"""What the offline interviewer says, and the shared context every question is written from.

The phrase bank lives in data/questions.toml; this module loads it, works out the JD's
field (healthcare, education, finance, ... software), turns duties into the forms a
template needs ("to give medications safely", "giving medications safely"), and checks a
candidate question before it is asked: no template, scenario or CV item twice, and no
software term that neither the CV nor the JD uses.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, cached_property, lru_cache
from importlib import resources
from string import Formatter
from typing import Any

from interview_core.models import InterviewContext
from interview_core.providers.offline import software, vocabulary
from interview_core.providers.offline.caching import text_cache
from interview_core.providers.offline.cv import Achievement, is_past_verb
from interview_core.providers.offline.duty_forms import _AMBIGUOUS as _AMBIGUOUS
from interview_core.providers.offline.duty_forms import _OBJECT_STARTS as _OBJECT_STARTS
from interview_core.providers.offline.duty_forms import gerund as gerund
from interview_core.providers.offline.duty_forms import noun_led as noun_led
from interview_core.providers.offline.duty_forms import short_phrase as short_phrase
from interview_core.providers.offline.jd import Duty
from interview_core.providers.offline.match import Match, match_cv_to_jd
from interview_core.providers.offline.text import (
    clip_phrase,
    content_tokens,
    excerpt,
    normalize_question,
)

MAX_CHARS = 600


@cache
def bank() -> dict[str, Any]:
    raw = resources.files(__package__).joinpath("data", "questions.toml").read_text("utf-8")
    return tomllib.loads(raw)


def phrases(*path: str) -> tuple[str, ...]:
    node: Any = bank()
    for key in path:
        node = node.get(key, {}) if isinstance(node, dict) else {}
    return tuple(node) if isinstance(node, list) else ()


def stable_hash(text: str) -> int:
    return int(hashlib.blake2b(text.encode("utf-8", "replace"), digest_size=8).hexdigest(), 16)


# ---------------------------------------------------------------------------
# Templates: filling them, and knowing whether one was already said
# ---------------------------------------------------------------------------
_FORMATTER = Formatter()


@lru_cache(maxsize=1024)
def signature(template: str) -> str:
    """The template's longest literal stretch, normalised: what shows it was already said."""
    parts = [normalize_question(lit) for lit, *_ in _FORMATTER.parse(template)]
    return max(parts, key=len, default="")


def fill(template: str, values: dict[str, str]) -> str | None:
    """The template with its placeholders filled, or None when a value is missing."""
    needed = {name for _, name, *_ in _FORMATTER.parse(template) if name}
    if any(not values.get(name) and name not in _MAY_BE_EMPTY for name in needed):
        return None
    text = template.format_map({k: values.get(k, "") for k in needed})
    return re.sub(r"\s{2,}", " ", text).strip()


_MAY_BE_EMPTY = frozenset({"at_company", "at_employer", "after"})


# ---------------------------------------------------------------------------
# Duties in the forms templates need: duty_forms.py
# ---------------------------------------------------------------------------
RUN = 8


def word_runs(normalised: str, n: int = RUN) -> set[tuple[str, ...]]:
    words = normalised.split()
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


# ---------------------------------------------------------------------------
# The JD's field
# ---------------------------------------------------------------------------
def _field_words(name: str) -> tuple[str, ...]:
    return tuple(bank().get("fields", {}).get(name, {}).get("words", ()))


_FIELD_TOKEN_RE = re.compile(r"[\w'-]+")


def _gram_counts(text: str, longest: int) -> Counter[tuple[str, ...]]:
    """How often each run of 1..longest words occurs, a word being what the old per-word
    pattern treated as one: letters, digits, hyphens and apostrophes."""
    words = _FIELD_TOKEN_RE.findall(text.lower())
    counts: Counter[tuple[str, ...]] = Counter()
    for n in range(1, longest + 1):
        counts.update(tuple(words[i : i + n]) for i in range(len(words) - n + 1))
    return counts


@lru_cache(maxsize=64)  # bounded: keyed on whole JDs
def field_of(title: str, jd_text: str) -> str:
    """The field a JD belongs to, by its words; title words count three times. One pass over
    the JD, however many field words there are."""
    fields = [name for name in bank().get("fields", {}) if name != "general"]
    wanted = {name: [tuple(_FIELD_TOKEN_RE.findall(w.lower())) for w in _field_words(name)]
              for name in fields}
    longest = max((len(g) for grams in wanted.values() for g in grams), default=1)
    in_title, in_text = _gram_counts(title, longest), _gram_counts(jd_text, longest)
    best, best_score = "general", 0.0
    for name in fields:
        score = 0.0
        for gram in wanted[name]:
            score += 3 * in_title[gram] + min(4, in_text[gram])
        if score > best_score:
            best, best_score = name, score
    return best if best_score >= 3 else "general"


def field_setting(field: str, key: str) -> Any:
    fields = bank().get("fields", {})
    return fields.get(field, {}).get(key) or fields.get("general", {}).get(key)


# ---------------------------------------------------------------------------
# Software words a question may use only when the CV or the JD does
# ---------------------------------------------------------------------------
_SOFTWARE_DOMAINS = frozenset({"software", "devops", "data"})


@cache
def _template_words_re() -> re.Pattern[str]:
    """The software words our own templates could carry (questions.toml [software]), as one
    pattern: one pass over a question instead of one search per word."""
    words = sorted(phrases("software", "words"), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])")


@text_cache(maxsize=4096)
def software_terms_in(text: str) -> tuple[str, ...]:
    """Software skills and words in a text: the vocabulary's, and our templates' own."""
    found = list(software.software_terms_in(text))
    found += [
        s
        for s in vocabulary.find_skills(text)
        if vocabulary.skill_domain(s) in _SOFTWARE_DOMAINS and not vocabulary.is_generic(s)
    ]
    found += [m.group(0) for m in _template_words_re().finditer(text.lower())]
    return tuple(dict.fromkeys(found))


def _term_in(term: str, text: str) -> bool:
    if term in vocabulary.SKILLS:
        return vocabulary.mentions_skill(text, term)
    return re.search(rf"(?<![\w-]){re.escape(term.lower())}(?![\w-])", text.lower()) is not None


# ---------------------------------------------------------------------------
# The scene: everything one question needs, computed once per call
# ---------------------------------------------------------------------------
_CV_PRONOUNS = {"our": "your", "my": "your", "we": "you", "us": "you", "i": "you", "me": "you"}


@dataclass(frozen=True)
class Scene:
    ctx: InterviewContext
    match: Match
    title: str
    company: str
    seed: int
    asked: tuple[str, ...]  # earlier questions, normalised

    @classmethod
    def of(cls, ctx: InterviewContext) -> Scene:
        # "Registered Nurse (RN) - Medical-Surgical Unit" is said "Registered Nurse".
        title = clip_phrase(re.split(r"\s+[-\u2013\u2014|]\s+|\s*\(", ctx.title.strip())[0], 8)
        company = clip_phrase(ctx.company, 6)
        return cls(
            ctx=ctx,
            match=match_cv_to_jd(ctx.cv_text, ctx.jd_text, title, company),
            title=title,
            company=company,
            seed=stable_hash("\x1f".join((title, company, ctx.cv_text, ctx.jd_text))),
            asked=tuple(normalize_question(q) for q in ctx.questions),
        )

    @cached_property
    def field(self) -> str:
        return field_of(self.title or self.match.job.title, self.ctx.jd_text)

    @cached_property
    def duties(self) -> tuple[Duty, ...]:
        """The JD's duties, verb duties from its duty lines first."""
        # "Stock control, replenishment ..." starts with a word that can be a verb; it is a
        # noun phrase, asked about as one ("the role calls for stock control").
        items = [replace(d, verb=False) if d.verb and noun_led(d.phrase) else d
                 for d in self.match.job.duty_items]
        return tuple(sorted(items, key=lambda d: (d.section != "responsibilities", not d.verb)))

    @cached_property
    def joined_asked(self) -> str:
        return " \n".join(self.asked)

    # -- wording -----------------------------------------------------------
    @cached_property
    def values(self) -> dict[str, str]:
        # The full "the Registered Nurse role at St. Catherine's" is said once; then "the role".
        the_role = f"the {self.title} role" if self.title else "this role"
        if self.title and self.was_asked(the_role):
            the_role = "the role"
        at_company = f" at {self.company}" if self.company else ""
        if at_company and self.was_asked(self.company):
            at_company = ""
        roles = self.match.roles
        role = roles[0] if roles else None
        employer = role.employer if role and role.employer else ""
        return {
            "the_role": the_role,
            "The_role": the_role[0].upper() + the_role[1:],
            "at_company": at_company,
            "company_or_us": self.company or "us",
            "as_title": f"as our {self.title}" if self.title else "in this role",
            "role_title": role.short_title if role else "",
            "at_employer": f" at {employer}" if employer else "",
            "after": f" after your time at {employer}" if employer else "",
            "moment": str(field_setting(self.field, "moment") or "day at work"),
        }

    def with_duty(self, duty: Duty | None, short: bool = False) -> dict[str, str]:
        """Values with the duty; `short` for a duty said before (a re-ask): its first clause."""
        values = dict(self.values)
        if duty is not None:
            phrase = short_phrase(duty.phrase) if short else duty.phrase
            if phrase.lower().startswith("be "):
                phrase = "act as " + phrase[3:]  # "when did you last act as the RP", not "be"
            values["duty"] = phrase
            values["duty_ing"] = gerund(phrase) if duty.verb else phrase
        return values

    @cached_property
    def asked_grams(self) -> frozenset[tuple[str, ...]]:
        return frozenset(g for q in self.asked for g in word_runs(q))

    def shares_run(self, question: str) -> bool:
        """Whether the question repeats eight words in a row of an earlier question."""
        return bool(word_runs(normalize_question(question)) & self.asked_grams)

    def pick(self, options: Sequence[str], salt: str) -> list[str]:
        """The options in a deterministic order that differs per interview and question."""
        start = stable_hash(f"{self.seed}:{salt}:{self.ctx.question_number}") % max(
            1, len(options)
        )
        return list(options[start:]) + list(options[:start])

    # -- what was already said ---------------------------------------------
    def was_asked(self, phrase: str) -> bool:
        key = normalize_question(phrase)
        return bool(key) and key in self.joined_asked

    def template_used(self, template: str) -> bool:
        sig = signature(template)
        return len(sig.split()) >= 3 and sig in self.joined_asked

    def duty_named(self, duty: Duty, question: str) -> bool:
        key = normalize_question(question)
        forms = {duty.phrase, gerund(duty.phrase)}
        return any(normalize_question(f) in key for f in forms)

    def duty_of(self, question: str) -> Duty | None:
        return next((d for d in self.duties if self.duty_named(d, question)), None)

    @cached_property
    def covered_duties(self) -> frozenset[str]:
        return frozenset(d.phrase for q in self.ctx.questions for d in self.duties if self.duty_named(d, q))

    def open_duties(self) -> list[Duty]:
        return [d for d in self.duties if d.phrase not in self.covered_duties]

    def duty_questions(self) -> int:
        """How many earlier questions name a JD duty: two longer content words of one duty
        line, not counting the words of the job title and the employer's name."""
        common = content_tokens(f"{self.ctx.title} {self.ctx.company}")

        def words(text: str) -> frozenset[str]:
            return frozenset(w for w in content_tokens(text) if len(w) >= 4 and w not in common)

        lines = [words(d.line) for d in self.duties]
        return sum(any(len(words(q) & w) >= 2 for w in lines) for q in self.ctx.questions)

    # -- honesty -----------------------------------------------------------
    def foreign_terms(self, question: str, quoted: str = "") -> tuple[str, ...]:
        """Software terms in the question that neither the CV nor the JD uses."""
        text = question.replace(quoted, " ") if quoted else question
        terms = software_terms_in(text)
        if not terms:
            return ()  # most questions: no need to read the CV and JD for terms at all
        cv, jd = self.ctx.cv_text, self.ctx.jd_text
        unknown = [t for t in terms if not _term_in(t, cv) and not _term_in(t, jd)]
        if not unknown:
            return ()
        # Then in canonical form ("deployment" in a JD allows "deploy"): dearer, so last.
        known = set(software_terms_in(cv)) | set(software_terms_in(jd))
        return tuple(t for t in unknown if t not in known)

    def cv_shows(self, skill: str) -> bool:
        """Whether the CV shows the skill or a close equivalent (never claim absence then)."""
        if skill in self.match.shared:
            return True
        cv_skills = self.match.cv.skills
        shown_by = getattr(vocabulary, "shown_by", None)
        if callable(shown_by) and shown_by(skill, cv_skills):
            return True
        related = getattr(vocabulary, "related", None)
        if callable(related) and any(related(skill, s) for s in cv_skills):
            return True
        needed = content_tokens(skill) - {"management", "skill", "skills"}
        return bool(needed & content_tokens(self.match.cv.text))

    def certainly_missing(self, skill: str) -> bool:
        """Only with the vocabulary's families available, and no trace of it in the CV."""
        if not callable(getattr(vocabulary, "shown_by", None)):
            return False
        return skill in vocabulary.SKILLS and not self.cv_shows(skill)


# ---------------------------------------------------------------------------
# CV material rendered for a question
# ---------------------------------------------------------------------------
def second_person(clause: str) -> str:
    """CV lines say "our core product"; the interviewer says "your core product"."""
    return " ".join(_CV_PRONOUNS.get(w.lower(), w) for w in clause.split())


def item_sentence(item: Achievement) -> str:
    """ "Your CV says that at Kasa you migrated the orchestration system from DC/OS to ..." """
    clause = second_person(excerpt(item.text))
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


def item_used(scene: Scene, item: Achievement) -> bool:
    # The excerpt every rendering of the item quotes: the same story is never asked twice.
    core = " ".join(second_person(excerpt(item.text)).split()[1:7])
    return scene.was_asked(core) if len(core.split()) >= 3 else scene.was_asked(item.text)
