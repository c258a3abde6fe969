"""The feedback report: one model for every provider, stored as JSON.

LLM providers are asked for exactly this schema and their output is
validated against it, so scores are clamped and lists bounded here, once.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, Field, field_validator


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


def _bounded(limit: int):
    def cut(value: object) -> object:
        if isinstance(value, list):
            return [str(v).strip() for v in value if str(v).strip()][:limit]
        return value

    return BeforeValidator(cut)


class CompetencyScore(BaseModel):
    competency: Competency
    score: Score
    reason: str = Field(max_length=400)

    @property
    def label(self) -> str:
        return COMPETENCY_LABELS[self.competency]


class AnswerNote(BaseModel):
    question_number: int = Field(ge=1)
    question: str
    score: Score
    what_worked: str
    to_improve: str
    stronger_answer: str


class FeedbackReport(BaseModel):
    overall_score: Score
    summary: str
    competencies: list[CompetencyScore]
    answers: list[AnswerNote]
    skills_covered: Annotated[list[str], _bounded(20)] = []
    skills_missed: Annotated[list[str], _bounded(20)] = []
    strengths: Annotated[list[str], _bounded(5)] = []
    improvements: Annotated[list[str], _bounded(5)] = []
    next_steps: Annotated[list[str], _bounded(6)] = []
    # Which engine wrote the report: "offline", "gemini", ... An LLM report
    # that failed and was replaced says so here ("offline (fallback)").
    source: str = "offline"

    @field_validator("competencies")
    @classmethod
    def _one_per_competency(cls, value: list[CompetencyScore]) -> list[CompetencyScore]:
        seen: dict[Competency, CompetencyScore] = {}
        for item in value:
            seen.setdefault(item.competency, item)
        return [seen[c] for c in Competency if c in seen]

    def score_of(self, competency: Competency) -> int | None:
        for item in self.competencies:
            if item.competency is competency:
                return item.score
        return None
