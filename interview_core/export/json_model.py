"""The JSON export, as pydantic models: they write it, and they are its schema
(docs/export-schema.json is `ExportDocument.model_json_schema()`, written by
`python -m interview_core.export.json_model`; tests/export/ checks it is current).

Every object forbids fields it does not name, so a reader can trust the schema.
Version 1: new optional fields may be added; anything else changes `version`.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from interview_core.export.model import ExportInput, report_missing
from interview_core.feedback import FeedbackReport, engine_label

FORMAT = "interview-bot.export"
VERSION = 1
SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "export-schema.json"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Focus(_Strict):
    """What a drill works on."""

    kind: Literal["competency", "skill"] = Field(description='"competency" (one of the report\'s five) or '
                                                             '"skill" (one from the job description)')
    name: str = Field(description='A competency\'s name as `competency` writes it ("structure"), or the skill')
    label: str = Field(description='The same for people: "Structure (STAR)", "budgeting"')


class Header(_Strict):
    interview_id: int = Field(description="The interview's number, as `interview-bot report N` takes it")
    title: str = Field(description="The job title")
    company: str
    started_at: datetime
    updated_at: datetime
    finished: bool = Field(description="All questions answered")
    questions_answered: int = Field(ge=0)
    max_questions: int = Field(ge=1, le=20)
    mode: str = Field(description='"interview" (the questions, then the report), "practice" (each answer\'s '
                                  'feedback at once, and retries: see `attempts`) or "drill" (a short '
                                  'session on `focus`)')
    focus: Focus | None = Field(default=None, description="What a drill works on; null for any other mode")
    persona: str | None = Field(description="The interviewer's persona; null: not set")
    level: str | None = Field(description="The candidate's level; null: not set")
    report_engine: str | None = Field(description='The engine that wrote the report ("offline", "gemini", ...); '
                                                  "null: no report")
    report_engine_label: str | None = Field(description="The same, as a sentence for people")


class AnswerAttempt(_Strict):
    attempt: int = Field(ge=1, description="1 is the answer (with its additions); 2, 3, ... the retries")
    text: str = Field(description="The attempt as sent")
    created_at: datetime
    score: int | None = Field(ge=0, le=100, description="The score its feedback gave it; null: no feedback "
                                                        "could be written")


class Answer(_Strict):
    text: str = Field(description="The answer as sent")
    additions: list[str] = Field(description="Messages sent before the next question appeared, in order: "
                                             "part of this answer")
    answered_at: datetime
    attempts: list[AnswerAttempt] = Field(
        default_factory=list, description="Practice mode: every attempt at this question, in order, the answer "
                                          "first; empty in the other modes")


class Exchange(_Strict):
    number: int = Field(ge=1)
    question: str
    question_engine: str | None = Field(description="The engine that wrote the question")
    asked_at: datetime
    answer: Answer | None = Field(description="null: not answered yet")


class CompetencyScore(_Strict):
    competency: str = Field(description='e.g. "relevance", "structure"')
    label: str = Field(description='e.g. "Relevance to the role"')
    score: int = Field(ge=0, le=100)
    judged: bool = Field(default=True, description="False: too little evidence to judge; the score is a "
                                                   "neutral placeholder, and the reason says why")
    reason: str
    evidence: str = Field(description="The candidate's own words that back it, or empty")


class AnswerNote(_Strict):
    question_number: int = Field(ge=1)
    question: str
    score: int = Field(ge=0, le=100)
    what_worked: str
    to_improve: str
    stronger_answer: str = Field(description="An outline of a stronger answer")
    evidence: str


class QuestionAttempts(_Strict):
    question_number: int = Field(ge=1)
    scores: list[int] = Field(description="Each attempt's score, in order")
    best: int = Field(ge=0, le=100, description="The one the report used")


class Report(_Strict):
    overall_score: int = Field(ge=0, le=100)
    summary: str
    engine: str
    engine_label: str
    competencies: list[CompetencyScore]
    answers: list[AnswerNote] = Field(description="Notes on each answer")
    skills_covered: list[str]
    skills_missed: list[str] = Field(description="Asked about in the interview, or named in an answer, and not shown")
    skills_not_discussed: list[str] = Field(description="From the job description; never came up")
    strengths: list[str]
    improvements: list[str]
    next_steps: list[str]
    attempts: list[QuestionAttempts] = Field(
        default_factory=list, description="Practice mode: each question answered more than once, and the score "
                                          "of each attempt; the report scored it on the best")


class ReportQuestion(_Strict):
    question: str = Field(description="A question the candidate asked about the report, as sent")
    answer: str
    engine: str | None = Field(description='The engine that answered ("offline", "gemini", ...)')
    engine_label: str = Field(description="The same, as a sentence for people")
    asked_at: datetime


class ExportDocument(_Strict):
    """One interview: its header, the whole transcript, and the report (null until there is one)."""

    model_config = ConfigDict(extra="forbid", title="interview-bot export")

    format: Literal["interview-bot.export"] = Field(description="Always this: what the file is")
    version: Literal[1] = Field(description="The schema's version")
    exported_at: datetime
    header: Header
    transcript: list[Exchange]
    report: Report | None
    report_note: str | None = Field(description="Why there is no report (null when there is one)")
    report_questions: list[ReportQuestion] = Field(
        default_factory=list, description="The questions asked about the report after the interview, in order, "
                                          "with their answers")


def _report(report: FeedbackReport) -> Report:
    return Report(
        overall_score=report.overall_score,
        summary=report.summary,
        engine=report.source,
        engine_label=report.engine_label,
        competencies=[CompetencyScore(competency=c.competency.value, label=c.label, score=c.score, judged=c.judged,
                                      reason=c.reason, evidence=c.evidence) for c in report.competencies],
        answers=[AnswerNote(**note.model_dump(include=set(AnswerNote.model_fields))) for note in report.answers],
        skills_covered=report.skills_covered,
        skills_missed=report.skills_missed,
        skills_not_discussed=report.skills_not_discussed,
        strengths=report.strengths,
        improvements=report.improvements,
        next_steps=report.next_steps,
        attempts=[QuestionAttempts(question_number=a.question_number, scores=list(a.scores), best=a.best)
                  for a in report.attempts],
    )


def document(data: ExportInput) -> ExportDocument:
    interview, report = data.interview, data.report
    return ExportDocument(
        format=FORMAT,
        version=VERSION,
        exported_at=data.exported_at,
        header=Header(
            interview_id=interview.id, title=interview.title, company=interview.company,
            started_at=interview.created_at, updated_at=interview.updated_at, finished=data.finished,
            questions_answered=data.answered, max_questions=interview.max_questions, mode=data.mode,
            persona=data.persona, level=data.level,
            focus=Focus(kind=data.focus_kind, name=data.focus, label=data.focus_label or data.focus)
            if data.focus_kind in ("competency", "skill") and data.focus else None,
            report_engine=report.source if report else None,
            report_engine_label=report.engine_label if report else None,
        ),
        transcript=[
            Exchange(number=e.number, question=e.question, question_engine=e.question_engine, asked_at=e.asked_at,
                     answer=None if e.answer is None or e.answered_at is None
                     else Answer(text=e.answer, additions=list(e.additions), answered_at=e.answered_at,
                                 attempts=[AnswerAttempt(attempt=a.attempt, text=a.text, created_at=a.created_at,
                                                         score=a.score) for a in e.attempts]))
            for e in data.exchanges
        ],
        report=_report(report) if report else None,
        report_note=None if report else report_missing(data),
        report_questions=[ReportQuestion(question=q.question, answer=q.answer, engine=q.provider,
                                         engine_label=engine_label(q.provider), asked_at=q.created_at)
                          for q in data.report_questions],
    )


def to_json(data: ExportInput) -> bytes:
    return document(data).model_dump_json(indent=2).encode("utf-8") + b"\n"


def schema() -> dict:
    """The JSON Schema of the export, as docs/export-schema.json holds it."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **ExportDocument.model_json_schema(),
    }


def schema_text() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # python -m interview_core.export.json_model: rewrite the schema file
    SCHEMA_FILE.write_text(schema_text(), "utf-8")
    print(f"wrote {SCHEMA_FILE}", file=sys.stderr)
