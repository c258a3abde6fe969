"""Hundreds of generated reports, read for number agreement ("1 hedge", "1 of 1 answer",
"questions 2 and 6") and for the console's one-screen summary.

Reports come from the offline coach on every CV/JD pair in the fixtures (software and not:
nurse, teacher, accountant, warehouse, hotel, pharmacist, care, ...) with answers of many
kinds and counts (1, 2, 3 and 8 answers): each pair's own strong answers, weak ones, "I
don't know", one answer pasted over and over, answers about another job, "we" answers,
buzzword lists, and a single answer with a single hedge."""

from __future__ import annotations

import asyncio
import json
import re
from functools import cache
from pathlib import Path

import pytest

import interview_core
from adapters.console.render import (
    NOTES_HEADING,
    SCREEN_LINES,
    report_text,
    summary_lines,
)
from interview_core.feedback import FeedbackReport
from interview_core.models import InterviewContext, Role, Turn
from interview_core.providers.offline import OfflineProvider, build_report
from interview_core.roles import guess_role
from tests.helpers import SAMPLE_ANSWERS, WEAK_ANSWERS

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = Path(interview_core.__file__).parent / "samples"
ROOT = Path(__file__).resolve().parent.parent

# Nouns the report counts, singular -> plural.
NOUNS = {"answer": "answers", "question": "questions", "story": "stories", "hedge": "hedges",
         "filler": "fillers", "skill": "skills", "word": "words", "sentence": "sentences",
         "part": "parts", "result": "results", "example": "examples", "step": "steps",
         "interview": "interviews", "table": "tables", "minute": "minutes"}
SINGULAR = "|".join(NOUNS)
PLURAL = "|".join(NOUNS.values())
MANY = r"(?:0|[2-9]|[1-9]\d+|two|three|four|five|six|seven|eight|nine|ten|several)"
SLIPS = [
    # "1 hedges", "of 1 answers", "one story answers"
    (re.compile(rf"(?<![\d,.\-])\b(?:1|one|One|a single)\s+(?:story\s+|JD\s+)?(?:{PLURAL})\b"), "one, then a plural"),
    # "3 answer", "0 story" (but "3 story answers" is fine: "story" describes "answers")
    (re.compile(rf"(?<![\d,.\-])\b{MANY}\s+(?:JD\s+)?(?:{SINGULAR})\b(?!\s+(?:{PLURAL})\b)(?![-'])"),
     "many, then a singular"),
    # "question 2 and 6", "question 2, 3 and 5"
    (re.compile(r"\bquestion \d+(?:, \d+)* and \d+"), "several numbers after 'question'"),
    (re.compile(r"\bquestions \d+\b(?!,| and|\d)"), "one number after 'questions'"),
    # "1 of 8 answers were", "1 answer were"; "2 of 8 answers was"
    (re.compile(rf"(?<!of )\b1 (?:of \d+ )?(?:story )?(?:{SINGULAR}|{PLURAL}) (?:were|are|have)\b"),
     "one, then 'were'"),
    (re.compile(rf"(?<!of )\b{MANY} (?:of \d+ )?(?:story )?(?:{PLURAL}) (?:was|is|has)\b"), "many, then 'was'"),
    # "(question 3) repeated ..., so they earned"; "(questions 3 and 4) ..., so it earned"
    (re.compile(r"\(question \d+\)[^.]*\bso they\b"), "one question, then 'they'"),
    (re.compile(r"\(questions [^)]*\)[^.]*\bso it\b"), "several questions, then 'it'"),
]


def agreement_slips(text: str) -> list[str]:
    return [f"{why}: {m.group(0)!r}" for pattern, why in SLIPS for m in pattern.finditer(text)]


@pytest.mark.parametrize("bad", [
    "Answers averaged 3 words with 1 hedges or filler.",
    "0 of 1 story answers covered situation, task, action and result.",
    "You answered 1 of 1 questions.",
    "Answer the question asked: question 2 and 6 talked about something else.",
    "Go deeper: 1 of 8 answers were a single short sentence or less.",
    "Showed 1 of the 3 JD skill that came up.",
    "2 answer repeated an earlier one.",
    "Answer each question on its own: 1 answer (question 3) repeated it, so they earned no credit.",
])
def test_the_check_finds_each_kind_of_slip(bad: str) -> None:
    assert agreement_slips(bad), bad


@pytest.mark.parametrize("good", [
    "Answers averaged 3 words with 1 hedge or filler (e.g. \"um\").",
    "0 of 3 story answers covered situation, task, action and result.",
    "You answered 1 of 1 question. Strongest area: Relevance (80).",
    "Answer the question asked: questions 2 and 6 talked about something else.",
    "Go deeper: 1 of 8 answers was a single short sentence; aim for 2-4 sentences.",
    "Clear structure: 1 of 1 story had at least three STAR parts.",
    "Cut p99 latency from 480 ms to 120 ms at 2,500 requests a second, 1-2 minutes.",
])
def test_the_check_passes_correct_counts(good: str) -> None:
    assert agreement_slips(good) == []


def _pairs() -> list[tuple[str, str, str, list[str], list[str]]]:
    """(name, cv, jd, its own strong answers, its buzzword answers)."""
    pairs = [("sample", (SAMPLES / "sample_cv.md").read_text(), (SAMPLES / "sample_jd.md").read_text(),
              SAMPLE_ANSWERS, [])]
    for path in sorted((FIXTURES / "answers").glob("*.json")):
        data = json.loads(path.read_text())
        if data["pair"] == "sample":
            continue
        bank = [item["text"] for item in data["bank"]]
        pairs.append((data["pair"], (ROOT / data["cv"]).read_text(), (ROOT / data["jd"]).read_text(),
                      bank[:8], data["buzzwords"] + [data["decent"]]))
    for cv in sorted((FIXTURES / "pairs").glob("*_cv.md")):  # the pairs with no answers of their own
        name = cv.name.removesuffix("_cv.md")
        if name not in {p[0] for p in pairs}:
            jd = next((FIXTURES / "pairs").glob(f"{name}_jd.*"))
            pairs.append((name, cv.read_text(), jd.read_text(), [], []))
    return pairs


def _styles(own: list[str], buzz: list[str]) -> dict[str, list[str]]:
    decent = (buzz or own or SAMPLE_ANSWERS)[-1]
    return {
        "own": own or SAMPLE_ANSWERS,
        "weak": WEAK_ANSWERS,
        "idk": ["I don't know.", "No idea, sorry.", "I haven't done that."] * 3,
        "pasted": [decent] * 8,
        "another job": SAMPLE_ANSWERS[::-1],
        "we": ["We planned it together and we delivered it on time; our team did well."] * 8,
        "buzzwords": buzz or ["Leadership, communication, teamwork, stakeholder management."] * 8,
        "one hedge": ["I led the rota change myself and maybe it cut overtime by 10% in a month."],
        "mixed": [(own or SAMPLE_ANSWERS)[0], WEAK_ANSWERS[0], decent, "I don't know."] * 2,
    }


async def _interview(cv: str, jd: str, answers: list[str]) -> FeedbackReport:
    title, company = guess_role(jd)
    title, company = title or "Team Member", company or "Example Ltd"
    provider, history = OfflineProvider(), []
    for number, answer in enumerate(answers, 1):
        ctx = InterviewContext(title, company, cv, jd, tuple(history), number, len(answers))
        asked = provider.opening_question(ctx) if number == 1 else provider.follow_up_question(ctx)
        history += [Turn(Role.INTERVIEWER, (await asked).text), Turn(Role.CANDIDATE, answer)]
    return build_report(InterviewContext(title, company, cv, jd, tuple(history), len(answers), len(answers)))


@cache
def reports() -> list[tuple[str, FeedbackReport]]:
    async def every() -> list[tuple[str, FeedbackReport]]:
        made = []
        for name, cv, jd, own, buzz in _pairs():
            for style, answers in _styles(own, buzz).items():
                for count in sorted({1, 2, 3, min(8, len(answers))}):
                    if count <= len(answers):
                        made.append((f"{name}/{style}/{count}", await _interview(cv, jd, answers[:count])))
        return made

    return asyncio.run(every())


def _texts(report: FeedbackReport) -> list[str]:
    texts = [report.summary, *report.strengths, *report.improvements, *report.next_steps]
    texts += [c.reason for c in report.competencies]
    texts += [t for a in report.answers for t in (a.what_worked, a.to_improve, a.stronger_answer)]
    return texts


def test_no_generated_report_has_a_number_agreement_slip() -> None:
    made = reports()
    assert len(made) >= 300 and len({name.split("/")[0] for name, _ in made}) >= 14
    counts = " ".join(t for _, r in made for t in _texts(r))
    # The reports do say the counts this checks, in both numbers.
    for said in ("1 hedge or filler", "1 of 1 answer", "1 of 1 question", "answers were"):
        assert said in counts, said
    slips = {}
    for name, report in made:
        found = [s for t in [*_texts(report), report_text(report, width=100)] for s in agreement_slips(t)]
        if found:
            slips[name] = sorted(set(found))
    assert not slips, "\n".join(f"{name}: {found}" for name, found in list(slips.items())[:20])


@pytest.mark.parametrize("width", [40, 60, 78, 100])
def test_the_summary_fits_one_screen_before_the_answer_notes(width: int) -> None:
    assert reports()  # the loop below must run
    for name, report in reports():
        lines = report_text(report, width=width).splitlines()
        before = lines[:lines.index(NOTES_HEADING)]
        assert before[-1] == "" and len(before) - 1 <= SCREEN_LINES, (name, len(before) - 1)
        assert before[:-1] == summary_lines(report, width)
        assert before[0] == f"Overall score: {report.overall_score}/100", name
        summary = "\n".join(before)
        assert "The three things to work on" in summary and "1. " in summary and "3. " in summary, name
        assert "Asked about or raised, not shown:" in summary, name
        assert all(len(line) <= width for line in lines), (name, max(lines, key=len))


def test_a_hedge_quoted_back_keeps_the_candidate_s_capital_i() -> None:
    """The hedges are matched in lower case; quoted back, "i guess" would read as our slip."""
    cv = "Amina Yusuf\nStaff Nurse, St Mary's Hospital, 2019-2025: led the falls audit (falls down 30%)."
    jd = "Ward Manager at St Mary's Hospital. Lead a team of 20 nurses. Rostering, audits."
    history = (
        Turn(Role.INTERVIEWER, "Tell me about an audit you led."),
        Turn(Role.CANDIDATE, "i guess i led the falls audit on my ward and falls went down by 30% in a quarter."),
    )
    ctx = InterviewContext("Ward Manager", "St Mary's Hospital", cv, jd, history, 1, 1)
    report = asyncio.run(OfflineProvider().feedback(ctx))
    reasons = " ".join(c.reason for c in report.competencies)
    assert 'e.g. "I guess")' in reasons, reasons
