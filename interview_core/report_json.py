"""The report a model is asked for, as JSON: its schema, and reading what comes back.

A model's reply is read leniently (code fences, prose around the object,
trailing commas: what real models send) and then validated strictly by the
FeedbackReport model. Three things the model says are not taken on trust: a quote given as evidence
is kept only if the candidate really said it; a score with no such quote is
capped at 40, as the rubric says; and the overall score is the mean of the
five competency scores, so the number a user sees follows from the rubric,
not from a separate guess.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import ValidationError

from interview_core.feedback import Competency, FeedbackReport
from interview_core.models import InterviewContext, Role


class FeedbackParseError(ValueError):
    """The model's report was not JSON, or not a valid FeedbackReport."""


def _obj(properties: dict[str, Any]) -> dict[str, Any]:
    # Every property required and no extras: what OpenAI's strict mode demands.
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _strings(description: str) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string"}, "description": description}


_SCORE = {"type": "integer", "description": "0 to 100, from the rubric's bands"}
_TEXT = {"type": "string"}
_EVIDENCE = {
    "type": "string",
    "description": "a short verbatim quote (under 25 words) from the candidate's answers, "
    'or "" if there is none',
}

# Hand-written rather than FeedbackReport.model_json_schema(): no $defs, defaults or
# bounds, which strict OpenAI mode and Gemini's responseSchema reject. Bounds are
# enforced when the reply is validated against FeedbackReport.
FEEDBACK_JSON_SCHEMA: dict[str, Any] = _obj(
    {
        "summary": {"type": "string", "description": "2-4 sentences"},
        "competencies": {
            "type": "array",
            "description": "exactly one entry per competency",
            "items": _obj(
                {
                    "competency": {"type": "string", "enum": [c.value for c in Competency]},
                    "evidence": _EVIDENCE,
                    "score": _SCORE,
                    "reason": {
                        "type": "string",
                        "description": "one sentence, under 300 characters",
                    },
                }
            ),
        },
        "answers": {
            "type": "array",
            "description": "one entry per question, in order",
            "items": _obj(
                {
                    "question_number": {"type": "integer", "description": "1-based"},
                    "question": _TEXT,
                    "evidence": _EVIDENCE,
                    "score": _SCORE,
                    "what_worked": {
                        "type": "string",
                        "description": 'what the quoted evidence shows; "" if nothing worked',
                    },
                    "to_improve": _TEXT,
                    "stronger_answer": {
                        "type": "string",
                        "description": "a short example of a stronger answer, in STAR form",
                    },
                }
            ),
        },
        "overall_score": _SCORE,
        "skills_covered": _strings("JD skills the answers demonstrated (at most 20)"),
        "skills_missed": _strings(
            "JD skills asked about or raised in the interview that the answers did not show "
            "(at most 20)"
        ),
        "skills_not_discussed": _strings(
            "JD skills that never came up in the interview (at most 20)"
        ),
        "strengths": _strings("at most 5, each with its evidence"),
        "improvements": _strings("at most 5"),
        "next_steps": _strings("concrete practice steps, at most 6"),
    }
)


def transcript_pairs(ctx: InterviewContext) -> list[tuple[str, str]]:
    """(question, answer) in order; an unanswered question gets an empty answer."""
    pairs: list[tuple[str, str]] = []
    for turn in ctx.history:
        if turn.role is Role.INTERVIEWER:
            pairs.append((turn.text, ""))
        elif pairs:
            question, answer = pairs[-1]
            pairs[-1] = (question, (answer + "\n" + turn.text).strip())
    return pairs


# --- reading the reply -------------------------------------------------------------

_CODE_FENCE = re.compile(r"```[\w+-]*\s*\n?(.*?)```", re.S)
_FENCE_LINE = re.compile(r"^\s*(```|~~~)[\w+-]*\s*$", re.M)


def _without_trailing_commas(text: str) -> str:
    """`{"a": 1,}` -> `{"a": 1}`, leaving commas inside strings alone."""
    out: list[str] = []
    in_string = escaped = False
    pending_comma: int | None = None
    for ch in text:
        if in_string:
            out.append(ch)
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if ch in "}]" and pending_comma is not None:
            del out[pending_comma]
        if ch == ",":
            pending_comma = len(out)
        elif not ch.isspace():
            pending_comma = None
        if ch == '"':
            in_string = True
        out.append(ch)
    return "".join(out)


def json_object(text: str) -> Any:
    """The JSON object in a model's reply, however it was wrapped."""
    fenced = _CODE_FENCE.search(text)
    body = (fenced.group(1) if fenced else _FENCE_LINE.sub("", text)).strip()
    candidates = [body]
    start, end = body.find("{"), body.rfind("}")
    if start != -1 and end > start and (start, end) != (0, len(body) - 1):
        candidates.append(body[start : end + 1])  # prose around the object
    error: json.JSONDecodeError | None = None
    for candidate in candidates:
        for attempt in (candidate, _without_trailing_commas(candidate)):
            try:
                return json.loads(attempt)
            except json.JSONDecodeError as exc:
                error = error or exc
    assert error is not None
    raise error


def has_json_object(text: str) -> bool:
    """Does the reply hold anything that could be our object? (Prose alone does not.)"""
    start = text.find("{")
    return start != -1 and text.rfind("}") > start


def parse_feedback(text: str, ctx: InterviewContext, source: str) -> FeedbackReport:
    """Validate a model's JSON reply as a FeedbackReport (which clamps and bounds it)."""
    try:
        data = json_object(text)
    except json.JSONDecodeError as exc:
        raise FeedbackParseError(f"not JSON: {exc.msg} at char {exc.pos}") from None
    except (ValueError, RecursionError) as exc:  # a 5000-digit number, absurd nesting
        raise FeedbackParseError(f"not usable JSON: {type(exc).__name__}") from None
    if not isinstance(data, dict):
        raise FeedbackParseError("not a JSON object")
    data = _lenient(data, ctx)
    data["source"] = source
    try:
        report = FeedbackReport.model_validate(data)
    except (RecursionError, TypeError) as exc:  # absurd nesting or types: invalid all the same
        raise FeedbackParseError(f"invalid report: {type(exc).__name__}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise FeedbackParseError(
            f"{exc.error_count()} error(s), first at {where}: {first['msg']}"
        ) from None
    return _checked(report, ctx)


def _lenient(data: dict[str, Any], ctx: InterviewContext) -> dict[str, Any]:
    """Forgive what is harmless to fix (case, over-long reasons) before strict validation."""
    data = dict(data)
    competencies = data.get("competencies")
    if isinstance(competencies, list):
        fixed = []
        for item in competencies:
            if isinstance(item, dict):
                item = dict(item)
                if isinstance(item.get("competency"), str):
                    item["competency"] = re.sub(r"[\s-]+", "_", item["competency"].strip().lower())
                for key, limit in (("reason", 400), ("evidence", 300)):
                    if isinstance(item.get(key), str):
                        item[key] = item[key].strip()[:limit]
            fixed.append(item)
        data["competencies"] = fixed
    answers = data.get("answers")
    questions = ctx.questions
    if isinstance(answers, list):
        # The transcript, not the model, is the authority on what was asked.
        kept = []
        for item in answers:
            number = _as_int(item.get("question_number")) if isinstance(item, dict) else None
            if isinstance(item, dict) and number is not None:
                if isinstance(item.get("evidence"), str):
                    item = {**item, "evidence": item["evidence"].strip()[:300]}
                if 1 <= number <= len(questions):
                    kept.append(
                        {**item, "question_number": number, "question": questions[number - 1]}
                    )
                elif not questions:
                    kept.append(item)
            else:
                kept.append(item)
        data["answers"] = kept
    return data


def _as_int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


# --- what is not taken on trust ----------------------------------------------------

_QUOTE_EDGES = " \t\n\"'“”‘’«»…."


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[^\W_]+", text.lower())) + " "


def said(quote: str, answers: list[str]) -> bool:
    """Is `quote` the candidate's own words (ignoring case, punctuation and an ellipsis)?"""
    pieces = [_words(p) for p in re.split(r"\.\.\.|…", quote.strip(_QUOTE_EDGES))]
    pieces = [p for p in pieces if p.strip()]
    said_text = _words(" ".join(answers))
    return bool(pieces) and all(piece in said_text for piece in pieces)


# The rubric's rule, kept on our side: a score with nothing quoted to back it is not
# above the "weak" band, whatever the model wrote.
UNEVIDENCED_MAX = 40


def _backed(item: Any, answers: list[str]) -> Any:
    evidence = item.evidence if item.evidence and said(item.evidence, answers) else ""
    score = item.score if evidence else min(item.score, UNEVIDENCED_MAX)
    if (evidence, score) == (item.evidence, item.score):
        return item
    return item.model_copy(update={"evidence": evidence, "score": score})


def _checked(report: FeedbackReport, ctx: InterviewContext) -> FeedbackReport:
    answers = [answer for _, answer in transcript_pairs(ctx)]
    competencies = [_backed(c, answers) for c in report.competencies]
    notes = [
        _backed(note, answers[note.question_number - 1 : note.question_number])
        for note in report.answers
    ]
    update: dict[str, Any] = {"competencies": competencies, "answers": notes}
    if len(competencies) == len(Competency):
        update["overall_score"] = round(sum(c.score for c in competencies) / len(competencies))
    return report.model_copy(update=update)
