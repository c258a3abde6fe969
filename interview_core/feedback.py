"""The feedback report: one model for every provider, stored as JSON.

LLM providers are asked for exactly this schema and their output is
validated against it, so scores are clamped and lists bounded here, once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, Field, field_validator

from interview_core.usage import TokenUsage


def _clamp_score(value: object) -> int:
    try:
        number = round(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0
    return max(0, min(100, number))


Score = Annotated[int, BeforeValidator(_clamp_score)]


class Competency(StrEnum):
    RELEVANCE = "relevance"
    STRUCTURE = "structure"
    SPECIFICITY = "specificity"
    COMMUNICATION = "communication"
    JD_COVERAGE = "jd_coverage"


COMPETENCY_LABELS: dict[Competency, str] = {
    Competency.RELEVANCE: "Relevance to the role",
    Competency.STRUCTURE: "Structure (STAR)",
    Competency.SPECIFICITY: "Specificity and evidence",
    Competency.COMMUNICATION: "Communication clarity",
    Competency.JD_COVERAGE: "Coverage of the JD's skills",
}


# -- which engine wrote a report, in words -------------------------------------
#
# A report's `source` is an engine's name ("offline", "gemini", "openrouter",
# "openai"), and, when a stand-in wrote it, the names that failed before it
# ("offline (fallback: gemini, openrouter failed)", see
# fallback_source below; older reports may say just "offline
# (fallback)"). Every adapter shows the words made here, so the offline engine
# is never mistaken for a model's judgement on any platform.

OFFLINE_ENGINE = "offline"
OFFLINE_LABEL = "Scored by the built-in offline coach (rule-based, no AI model)"
OFFLINE_SHORT = "offline coach, rule-based"
# What the user is told each LLM engine is, by its provider name.
LLM_ENGINES: dict[str, str] = {
    "gemini": "Gemini",
    "openrouter": "OpenRouter",
    "openai": "an OpenAI-compatible server",
    "ollama": "a local Ollama model",
}
# ... as named in a sentence about one that failed, and in a list.
LLM_NAMES: dict[str, str] = {
    "gemini": "Gemini",
    "openrouter": "OpenRouter",
    "openai": "OpenAI-compatible server",
    "ollama": "Ollama",
}
LLM_SHORT: dict[str, str] = {
    "gemini": "Gemini",
    "openrouter": "OpenRouter",
    "openai": "OpenAI-compatible",
    "ollama": "Ollama",
}
_UNSAFE = re.compile(r"[^A-Za-z0-9 .-]+")  # no markup of Slack's or Discord's survives
_NAME_LIMIT = 30
_NAMES_SHOWN = 4


def _safe_name(name: str) -> str:
    """An unknown engine's name, shown literally: letters, digits, spaces, dots, hyphens."""
    cleaned = " ".join(_UNSAFE.sub(" ", name).split()).strip(" .-")
    return cleaned[:_NAME_LIMIT].rstrip(" .-")


def fallback_source(source: str, failed: Sequence[str]) -> str:
    """Label a report written by a stand-in: "offline (fallback: gemini failed)".

    Merges with an existing label so a chain never stacks two of them.
    """
    base, _, rest = source.partition(" (fallback: ")
    earlier = [n.strip() for n in rest.removesuffix(" failed)").split(",")] if rest else []
    names = list(dict.fromkeys(n for n in [*failed, *earlier] if n))
    return f"{base} (fallback: {', '.join(names)} failed)" if names else base


def _parse_source(source: object) -> tuple[str, list[str], bool]:
    """(engine, engines that failed before it, whether it was a stand-in)."""
    text = " ".join(str(source or "").split())
    base, marker, rest = text.partition("(fallback")
    failed: list[str] = []
    if marker:
        rest = rest.strip().removesuffix(")").strip().removeprefix(":").strip()
        rest = rest.removesuffix("failed").strip()
        failed = [n.strip().lower() for n in rest.split(",") if n.strip()]
    return base.strip().lower(), list(dict.fromkeys(failed)), bool(marker)


def _display(name: str, names: dict[str, str]) -> str:
    return names.get(name) or _safe_name(name)


def _failed_models(failed: list[str]) -> str:
    """ "the AI model (Gemini)", "the AI models (Gemini, OpenRouter)" or "the AI model"."""
    shown = [d for d in (_display(n, LLM_NAMES) for n in failed if n != OFFLINE_ENGINE) if d]
    shown = shown[:_NAMES_SHOWN]
    if not shown:
        return "the AI model"
    plural = "s" if len(shown) > 1 else ""
    return f"the AI model{plural} ({', '.join(shown)})"


def engine_label(source: str | None) -> str:
    """One sentence for the user: which engine wrote the report, and whether it stood in.

    Plain text from a fixed vocabulary; an unknown engine's name is reduced to
    letters, digits, spaces, dots and hyphens, so no markup can ride in on it.
    """
    base, failed, fallback = _parse_source(source)
    models = _failed_models(failed)
    if base == OFFLINE_ENGINE:
        because = f", because {models} could not write this report" if fallback else ""
        return f"{OFFLINE_LABEL}{because}."
    instead = f" in place of {models}, which could not write this report" if fallback else ""
    if base in LLM_ENGINES:
        return f"Written by an AI model ({LLM_ENGINES[base]}){instead}."
    name = _safe_name(base)
    if not name:
        return "The engine that wrote this report was not recorded."
    return f'Written by an engine called "{name}"{instead}.'


def engine_short_label(source: str | None) -> str:
    """A few words for lists such as the history: "offline coach, rule-based", "Gemini"."""
    base, failed, fallback = _parse_source(source)
    if base == OFFLINE_ENGINE:
        short = OFFLINE_SHORT
    elif base in LLM_SHORT:
        short = LLM_SHORT[base]
    else:
        short = _safe_name(base) or "engine unknown"
    if fallback:
        shown = [d for d in (_display(n, LLM_SHORT) for n in failed if n != OFFLINE_ENGINE) if d]
        short += f"; {', '.join(shown[:_NAMES_SHOWN])} failed" if shown else "; AI model failed"
    return short


def _bounded(limit: int):
    def cut(value: object) -> object:
        if isinstance(value, list):
            return [str(v).strip() for v in value if str(v).strip()][:limit]
        return value

    return BeforeValidator(cut)


def _with_quote(text: str, quote: str) -> str:
    return f"{text} (\u201c{quote}\u201d)" if quote and quote not in text else text


class CompetencyScore(BaseModel):
    competency: Competency
    score: Score
    reason: str = Field(max_length=400)
    # A short quote from the candidate's answers; only kept when it is verbatim.
    evidence: str = Field(default="", max_length=300)
    # False when the evidence was too thin to judge it at all (the offline coach's coverage
    # of a short interview, or of a drill): `score` is then a neutral placeholder that no
    # average, ranking or trend may read; `reason` says why.
    judged: bool = True

    @property
    def label(self) -> str:
        return COMPETENCY_LABELS[self.competency]

    @property
    def score_text(self) -> str:
        """ "72/100", or "not judged"."""
        return f"{self.score}/100" if self.judged else "not judged"

    @property
    def explanation(self) -> str:
        """The reason, with the candidate's own words that back it when there are some."""
        return _with_quote(self.reason, self.evidence)


class AnswerNote(BaseModel):
    question_number: int = Field(ge=1)
    question: str
    score: Score
    what_worked: str
    to_improve: str
    stronger_answer: str
    evidence: str = Field(default="", max_length=300)  # verbatim from this answer, or ""

    @property
    def worked(self) -> str:
        """What worked, with the quote that shows it when there is one."""
        return _with_quote(self.what_worked, self.evidence) if self.what_worked else ""


class AttemptScores(BaseModel):
    """Practice mode: a question tried more than once, its attempts' scores in order
    ("Q3: 42 then 71"); the report scored it on the best."""

    question_number: int = Field(ge=1)
    scores: list[int]

    @property
    def best(self) -> int:
        return max(self.scores)


class AnswerFeedback(BaseModel):
    """Practice mode's feedback on one attempt at one question, at once: the note (score,
    what worked, what to improve, a stronger answer's outline) and the engine that wrote it."""

    note: AnswerNote
    source: str = "offline"
    usage: TokenUsage | None = Field(default=None, exclude=True)

    @property
    def engine_label(self) -> str:
        return engine_label(self.source)

    @property
    def engine_short_label(self) -> str:
        return engine_short_label(self.source)


class FeedbackReport(BaseModel):
    overall_score: Score
    summary: str
    competencies: list[CompetencyScore]
    answers: list[AnswerNote]
    skills_covered: Annotated[list[str], _bounded(20)] = []
    # Asked about (or raised) in the interview and not shown, apart from skills that never
    # came up: a candidate can't be said to lack what nobody asked about.
    skills_missed: Annotated[list[str], _bounded(20)] = []
    skills_not_discussed: Annotated[list[str], _bounded(20)] = []
    strengths: Annotated[list[str], _bounded(5)] = []
    improvements: Annotated[list[str], _bounded(5)] = []
    next_steps: Annotated[list[str], _bounded(6)] = []
    # Which engine wrote the report: "offline", "gemini", ... An LLM report
    # that failed and was replaced says so here ("offline (fallback)").
    source: str = "offline"
    # Practice mode: the questions tried more than once (the service fills it in, whatever
    # engine wrote the rest).
    attempts: list[AttemptScores] = []
    # Tokens the model spent on this report (stored in columns, not in the JSON).
    usage: TokenUsage | None = Field(default=None, exclude=True)

    @field_validator("competencies")
    @classmethod
    def _one_per_competency(cls, value: list[CompetencyScore]) -> list[CompetencyScore]:
        seen: dict[Competency, CompetencyScore] = {}
        for item in value:
            seen.setdefault(item.competency, item)
        return [seen[c] for c in Competency if c in seen]

    @property
    def engine_label(self) -> str:
        """Which engine wrote this report, as a sentence for the user."""
        return engine_label(self.source)

    @property
    def engine_short_label(self) -> str:
        return engine_short_label(self.source)

    @property
    def judged(self) -> list[CompetencyScore]:
        """The competencies with a score that means something (rankings and trends read these)."""
        return [c for c in self.competencies if c.judged]

    def score_of(self, competency: Competency) -> int | None:
        """The competency's score; None when the report has none, or did not judge it."""
        for item in self.judged:
            if item.competency is competency:
                return item.score
        return None
