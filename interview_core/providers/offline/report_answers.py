"""Answering a question about a finished report, offline: from the report's own data only.

After the report the user may ask "which answer was weakest?", "how could I improve answer
3?", "what skills did I miss?", "why was my structure score low?" or "what should I
practise next?". Without a model we cannot read an open question, so this module
recognises the common kinds (cue words in data/report_questions.toml) and answers each one
with what the report already says: its scores, notes, outlines, skills and next steps.
Nothing is inferred or invented; anything else gets a plain "cannot", with the list of what
can be asked. English only, like the rest of the offline coach.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from importlib import resources
from typing import Any, Literal

from interview_core.feedback import (
    COMPETENCY_LABELS,
    AnswerNote,
    Competency,
    CompetencyScore,
    FeedbackReport,
)
from interview_core.models import InterviewContext
from interview_core.providers.offline.counting import plural

Kind = Literal[
    "answer", "last", "rank_competency", "missed", "next", "weakest", "strongest",
    "competency", "overall", "improve", "greeting", "unknown",
]
GREETING_WORDS = 4  # "hi", "thanks a lot", "hello there!": longer is a question
LOW_RANKS = 2  # a competency with at least this many lower is not "low" (the lowest two are)
QUESTION_WORDS = 24  # an interviewer question quoted back is clipped to this many words
QUESTION_CHARS = 500  # the user's question read; a longer paste is not a question
FUZZY_MIN_LETTERS = 5  # near misses are only trusted on longer words ("wrost" is not)
FUZZY_RATIO = 0.82
LIST_SHOWN = 8


@cache
def _data() -> dict[str, Any]:
    raw = resources.files(__package__).joinpath("data", "report_questions.toml").read_text("utf-8")
    return tomllib.loads(raw)


def _cues(name: str) -> tuple[str, ...]:
    return tuple(_data()["cues"][name])


def _reply(name: str, **values: object) -> str:
    return str(_data()["replies"][name]).format(**values)


# ---------------------------------------------------------------------------
# Reading the question
# ---------------------------------------------------------------------------
def _normal(text: str) -> str:
    text = text[:QUESTION_CHARS].lower().replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(re.sub(r"[^\w#'\s-]+", " ", text).split())


def _tokens(text: str) -> list[str]:
    return re.findall(r"[\w']+", text)


def _near(word: str, cue: str) -> bool:
    """A typo of a cue word ("weakst" for "weakest"): same first letter, close spelling."""
    if len(word) < FUZZY_MIN_LETTERS or len(cue) < FUZZY_MIN_LETTERS or word[0] != cue[0]:
        return False
    return SequenceMatcher(None, word, cue).ratio() >= FUZZY_RATIO


def _has(text: str, cues: Sequence[str], *, fuzzy: bool = True) -> bool:
    tokens = _tokens(text)
    for cue in cues:
        if " " in cue or "-" in cue or "'" in cue:
            if re.search(rf"(?<![\w']){re.escape(cue)}(?![\w'])", text):
                return True
        elif cue in tokens or (fuzzy and any(_near(t, cue) for t in tokens)):
            return True
    return False


def _number_patterns() -> tuple[re.Pattern[str], ...]:
    numbers = _data()["numbers"]
    words = "|".join(numbers["words"])
    ordinals = "|".join(numbers["ordinals"])
    nouns = r"(?:answers?|questions?|responses?|replies|reply|ans)"
    return (
        # "answer 3", "question #3", "answer no. 3", "answer three"
        re.compile(rf"\b{nouns}\s*(?:no\.?|number|nr\.?)?\s*#?\s*(\d{{1,3}}|{words})\b"),
        re.compile(r"\bq\s*#?\s*(\d{1,3})\b"),  # "q3", "Q 3"
        re.compile(r"\ba#?(\d{1,3})\b"),  # "a3" (never "a 3": "a 3-minute answer")
        re.compile(r"#\s*(\d{1,3})\b"),  # "#3"
        # "the third answer", "3rd question", "the second one", "the 2nd interview answer"
        re.compile(rf"\b({ordinals}|\d{{1,3}}(?:st|nd|rd|th))\s+(?:[\w']+\s+)?"
                   r"(?:answers?|questions?|ones?|responses?|reply)\b"),
    )


def _as_number(word: str) -> int:
    numbers = _data()["numbers"]
    if word.isdigit():
        return int(word)
    if word in numbers["words"]:
        return numbers["words"].index(word) + 1
    if word in numbers["ordinals"]:
        return numbers["ordinals"].index(word) + 1
    return int(re.sub(r"\D", "", word) or 0)


def answer_number(question: str) -> int | None:
    """The answer a question names ("q3", "answer #3", "the third answer"), if any."""
    text = _normal(question)
    for pattern in _number_patterns():
        found = pattern.search(text)
        if found:
            return _as_number(found.group(1))
    return None


@dataclass(frozen=True, slots=True)
class Reading:
    kind: Kind
    number: int | None = None
    competency: Competency | None = None
    lowest: bool = True  # for rank_competency: the lowest, or the highest
    low: bool = False  # for competency: the question says it was low ("why was X so low?")


def _competency_named(text: str) -> Competency | None:
    for value, cues in _data()["competencies"].items():
        if _has(text, cues):
            return Competency(value)
    return None


def read_question(question: str) -> Reading:
    """What kind of question this is, most specific first: a named answer beats a ranking,
    a ranking of competencies beats one of answers, and "improve" alone means "what next?"."""
    text = _normal(question)
    number = answer_number(question)
    if number is not None:
        return Reading("answer", number=number)
    last = "|".join(_data()["numbers"]["last"])
    if re.search(rf"\b(?:{last})\s+(?:[\w']+\s+)?(?:answer|question|one|response)\b", text):
        return Reading("last")
    weakest, strongest = _has(text, _cues("weakest")), _has(text, _cues("strongest"))
    if (weakest or strongest) and _has(text, _cues("competency_words"), fuzzy=False):
        return Reading("rank_competency", lowest=weakest)
    if _has(text, _cues("missed")):
        return Reading("missed")
    if _has(text, _cues("next_steps")):
        return Reading("next")
    if weakest or strongest:
        return Reading("weakest" if weakest else "strongest")
    competency = _competency_named(text)
    if competency is not None:
        return Reading("competency", competency=competency, low=_has(text, _cues("low"), fuzzy=False))
    if _has(text, _cues("overall")):
        return Reading("overall")
    if _has(text, _cues("improve")):
        return Reading("improve")
    if len(_tokens(text)) <= GREETING_WORDS and _has(text, _cues("greeting"), fuzzy=False):
        return Reading("greeting")
    return Reading("unknown")


# ---------------------------------------------------------------------------
# Answering it from the report
# ---------------------------------------------------------------------------
def _end(text: str) -> str:
    """A note as a sentence: trimmed, with its full stop."""
    text = " ".join(text.split())
    return text if not text or text[-1] in ".!?\u201d)" else text + "."


def _quoted(question: str) -> str:
    """The question's first words as written (its punctuation kept, so it reads as asked),
    its own double quotes made single ones inside ours."""
    words = question.split()
    clipped = " ".join(words[:QUESTION_WORDS])
    clipped = clipped.replace("\u201c", "\u2018").replace("\u201d", "\u2019").replace('"', "'")
    return clipped.rstrip(",;:") + ("\u2026" if len(words) > QUESTION_WORDS else "")


def _listed(items: Sequence[str]) -> str:
    shown = [" ".join(i.split()).rstrip(".") for i in items[:LIST_SHOWN] if i.strip()]
    return "; ".join(shown)


def _note_text(note: AnswerNote, lead: str, *, worked_first: bool) -> str:
    worked = (_reply("worked", text=_end(note.worked)) if note.what_worked.strip()
              else _reply("nothing_worked"))
    parts = [lead]
    improve = _reply("to_improve", text=_end(note.to_improve)) if note.to_improve.strip() else ""
    parts += [worked, improve] if worked_first else [improve, worked]
    if note.stronger_answer.strip():
        parts.append(_reply("outline", text=_end(note.stronger_answer)))
    return " ".join(p for p in parts if p)


def _about_answer(report: FeedbackReport, ctx: InterviewContext, number: int) -> str:
    notes = {n.question_number: n for n in report.answers}
    if number in notes:
        note = notes[number]
        lead = _reply("answer", number=number, score=note.score, question=_quoted(note.question))
        return _note_text(note, lead, worked_first=True)
    asked = ctx.questions
    count = max(len(asked), max(notes, default=0))
    if 1 <= number <= len(asked):
        return _reply("unanswered", number=number, question=_quoted(asked[number - 1]))
    if count == 0:
        return _reply("out_of_range_none", number=number)
    return _reply("out_of_range", number=number, count=count, questions=plural("question", count))


def _ranked(report: FeedbackReport, *, weakest: bool) -> str:
    if not report.answers:
        return _reply("no_answers")
    # Ties go to the earliest answer, so the same report always names the same one.
    target = (min if weakest else max)(n.score for n in report.answers)
    tied = [n for n in report.answers if n.score == target]
    note = tied[0]
    lead = _reply("weakest" if weakest else "strongest", number=note.question_number,
                  score=note.score, question=_quoted(note.question))
    text = _note_text(note, lead, worked_first=not weakest)
    if len(tied) > 1:
        text += " " + _reply("tied", numbers=", ".join(str(n.question_number) for n in tied))
    return text


def _missed(report: FeedbackReport) -> str:
    parts = [_reply("missed", skills=", ".join(report.skills_missed)) if report.skills_missed
             else _reply("no_missed")]
    if report.skills_not_discussed:
        # Never asked about is not the same as lacking it: the report makes no claim.
        parts.append(_reply("not_discussed", skills=", ".join(report.skills_not_discussed)))
    if report.skills_covered:
        parts.append(_reply("covered", skills=", ".join(report.skills_covered)))
    return " ".join(parts)


def _competency_text(item: CompetencyScore | None, competency: Competency, name: str = "competency") -> str:
    label = COMPETENCY_LABELS[competency]
    if item is None:
        return _reply("competency_missing", label=label)
    return _reply(name, label=label, score=item.score, reason=_end(item.explanation))


def _about_competency(report: FeedbackReport, competency: Competency, *, low: bool = False) -> str:
    found = next((c for c in report.competencies if c.competency is competency), None)
    if low and found is not None and found.judged:
        # "Why was my structure score low?" of a score that was not: say so, not agree.
        below = sum(c.score < found.score for c in report.judged)
        if below >= LOW_RANKS:
            return _reply("competency_not_low", label=found.label, score=found.score, below=below,
                          reason=_end(found.explanation))
    return _competency_text(found, competency)


def _rank_competency(report: FeedbackReport, *, lowest: bool) -> str:
    if not report.competencies:
        return _reply("competency_missing", label="any competency")
    # Ties go to the first in the report's fixed order (relevance, structure, ...).
    pick = (min if lowest else max)(report.judged or report.competencies, key=lambda c: c.score)
    name = "weakest_competency" if lowest else "strongest_competency"
    return _competency_text(pick, pick.competency, name)


def _overall(report: FeedbackReport) -> str:
    summary = _end(report.summary)
    # The offline summary opens with the score itself: say it once.
    said = summary.startswith(f"{report.overall_score}/100")
    text = summary if said else _reply("overall", score=report.overall_score, summary=summary)
    if report.competencies:
        scores = ", ".join(f"{c.label} {c.score_text}" for c in report.competencies)
        text += " " + _reply("scores", scores=scores)
    return text.strip()


def _next(report: FeedbackReport) -> str:
    if report.next_steps:
        return _reply("next_steps", steps=_listed(report.next_steps))
    if report.improvements:
        return _reply("improvements", steps=_listed(report.improvements))
    if report.answers:
        note = min(report.answers, key=lambda n: n.score)
        if note.to_improve.strip():
            return _reply("next_weakest", number=note.question_number, score=note.score,
                          text=_end(note.to_improve))
    return _reply("nothing_next")


def _improve(report: FeedbackReport) -> str:
    parts = []
    if report.improvements:
        parts.append(_reply("improvements", steps=_listed(report.improvements)))
    if report.next_steps:
        parts.append(_reply("next_steps", steps=_listed(report.next_steps)))
    return " ".join(parts) or _next(report)


def answer_report_question(ctx: InterviewContext, report: FeedbackReport, question: str) -> str:
    """The offline coach's answer to `question` about `report`: report data only."""
    reading = read_question(question)
    if reading.kind == "answer" and reading.number is not None:
        return _about_answer(report, ctx, reading.number)
    if reading.kind == "last":
        last = max((n.question_number for n in report.answers), default=len(ctx.questions))
        return _about_answer(report, ctx, last) if last else _reply("no_answers")
    if reading.kind == "rank_competency":
        return _rank_competency(report, lowest=reading.lowest)
    if reading.kind == "missed":
        return _missed(report)
    if reading.kind == "next":
        return _next(report)
    if reading.kind in ("weakest", "strongest"):
        return _ranked(report, weakest=reading.kind == "weakest")
    if reading.kind == "competency" and reading.competency is not None:
        return _about_competency(report, reading.competency, low=reading.low)
    if reading.kind == "overall":
        return _overall(report)
    if reading.kind == "improve":
        return _improve(report)
    if reading.kind == "greeting":
        return _reply("greeting")
    return _reply("cannot")


def cannot_answer() -> str:
    """What the offline coach says to a question it cannot answer (also a model's stand-in)."""
    return _reply("cannot")


__all__ = ["Reading", "answer_number", "answer_report_question", "cannot_answer", "read_question"]
