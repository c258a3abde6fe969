"""A loopback OpenAI-compatible "rubric model": a stochastic stand-in for an LLM that
follows the report prompt's rubric (interview_core.prompts.rubric_text).

For a report request (one asking for JSON) it reads the ANSWER blocks and the JOB
DESCRIPTION out of the user message, judges each competency's band (0-20 ... 81-100)
from simple observable features of the answers (numbers, STAR words, first-person
actions, length, "I don't know", JD words), then, like a model at a non-zero
temperature:
  - misjudges a competency by one band up or down with probability MISJUDGE;
  - picks the score uniformly inside the band;
  - words its reasons and summary from random phrasings, and quotes a random
    verbatim stretch of an answer as evidence;
  - sends its own overall_score: the midpoint of its mean band, +-15 at random.
Any other request gets a fixed question. `replies` keeps every report it sent.
Used by bench/report_spread.py; seeded, so a run is reproducible.
"""

from __future__ import annotations

import json
import random
import re
from typing import Any

from aiohttp import web

BANDS = ((0, 20), (21, 40), (41, 60), (61, 80), (81, 100))
COMPETENCIES = ("relevance", "structure", "specificity", "communication", "jd_coverage")
MISJUDGE = 0.15
_ANSWER = re.compile(r"<<<BEGIN ANSWER (\d+)>>>\n(.*?)\n<<<END ANSWER \1>>>", re.DOTALL)
_JD = re.compile(r"<<<BEGIN JOB DESCRIPTION>>>\n(.*?)\n<<<END JOB DESCRIPTION>>>", re.DOTALL)
_IDK = re.compile(r"\b(i (don'?t|do not) know|no idea|not sure|can'?t remember)\b", re.IGNORECASE)
_TASK = re.compile(r"\b(my (task|goal|job|role) was|i was asked|i owned|needed to|had to)\b", re.IGNORECASE)
_SITUATION = re.compile(r"\b(at [A-Z]\w+|in 20\d\d|when (our|the|a)|our \w+ (was|were))", re.IGNORECASE)
_ACTION = re.compile(r"\bI (\w+ed|built|wrote|ran|led|set|made|put|read|chose|took|found)\b")
_RESULT = re.compile(r"\b(as a result|result|fell|cut|reduced|went from|dropped|rose|saved)\b", re.IGNORECASE)
_STOP = set("about with that this their your from have will into other every such team clear "
            "years experience strong knowledge building habit".split())

REASON = {  # a phrasing per band, chosen at random
    0: ["Nothing in the answers shows this.", "The answers give no evidence of {c}.",
        "There is nothing to quote for {c}."],
    1: ["Mostly generic, with little of what was asked.", "Some {c}, but no example of their own.",
        "Hypothetical rather than lived; {c} stays thin."],
    2: ["A real example, but vague on the result.", "Partly there: {c} shows, without outcomes.",
        "Some substance, though the candidate's own part is unclear."],
    3: ["A specific example with actions and a result.", "Good {c}: their own actions, an outcome.",
        "Clear, concrete and mostly on target."],
    4: ["Outstanding {c}: measured results and clear reasoning.",
        "Specific, measured and directly relevant to the job.",
        "Excellent: their part, the numbers and the why are all there."],
}
SUMMARY = ["{tone} interview. {hint}", "Overall, a {tone2} set of answers. {hint}",
           "The candidate gave {tone2} answers. {hint}"]
TONE = ["A weak", "A thin", "A mixed", "A solid", "A strong"]
TONE2 = ["very weak", "thin", "mixed", "solid", "strong"]
HINT = ["Lead with a concrete example.", "Say what you did and how it ended.",
        "Add numbers to your results.", "Keep to Situation, Task, Action, Result.",
        "Tie each example to the job's requirements."]


def answer_level(text: str) -> dict[str, float]:
    """Per-answer 0-4 levels for each competency, from observable features."""
    words = len(text.split())
    if not text.strip() or (_IDK.search(text) and words < 25) or words < 6:
        return dict.fromkeys(COMPETENCIES[:4], 0.0)
    actions = len(_ACTION.findall(text))
    numbers = len(re.findall(r"\d+(?:[.,]\d+)?", text))
    tools = len(re.findall(r"\b[A-Z][a-zA-Z]*[A-Z0-9/]\w*|\b[A-Z][a-z]{2,}\b", text)) / 4
    star = sum(bool(p.search(text)) for p in (_SITUATION, _TASK, _ACTION, _RESULT))
    example = 2 if actions else 1
    return {
        "relevance": min(4.0, example + (star >= 3) + (numbers >= 2)),
        "structure": min(4.0, star * 1.1),
        "specificity": min(4.0, numbers * 0.7 + min(tools, 1.5) + (actions > 0)),
        "communication": 3.6 if 40 <= words <= 130 else 2.2 if words >= 20 else 1.0,
    }


def judge(answers: list[str], jd: str) -> dict[str, int]:
    """The band index (0-4) the rubric gives each competency: what a careful model sees."""
    levels = [answer_level(a) for a in answers] or [answer_level("")]
    bands = {c: sum(lv[c] for lv in levels) / len(levels) for c in COMPETENCIES[:4]}
    lines = [ln for ln in jd.splitlines() if ln.lstrip().startswith("-")]
    terms = {w.lower() for ln in lines for w in re.findall(r"[A-Za-z/]{4,}", ln)} - _STOP
    # A requirement counts only when an answer with a real example of theirs shows it.
    said = " ".join(a for a, lv in zip(answers, levels, strict=False) if lv["relevance"] >= 2)
    said = said.lower()
    covered = sum(t in said for t in terms) / max(1, len(terms))
    bands["jd_coverage"] = min(4.0, covered * 9)
    return {c: max(0, min(4, round(v))) for c, v in bands.items()}


class RubricModel:
    def __init__(self, seed: int = 1, host: str = "127.0.0.1") -> None:
        self.rng = random.Random(seed)
        self.host, self.port = host, 0
        self.replies: list[dict[str, Any]] = []
        self._runner: web.AppRunner | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    async def __aenter__(self) -> RubricModel:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        text = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
        if "response_format" in body or "JSON Schema" in text:
            report = self.report(text)
            self.replies.append(report)
            content = json.dumps(report)
        else:
            content = "Which project on your CV best prepares you for this role?"
        return web.json_response({
            "id": f"rubric-{len(self.replies)}", "object": "chat.completion", "model": "rubric",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": len(text) // 4, "completion_tokens": len(content) // 4},
        })

    # --- the stochastic judge ---------------------------------------------------------
    def score_in(self, band: int) -> int:
        return self.rng.randint(*BANDS[band])

    def shifted(self, band: int) -> int:
        if self.rng.random() < MISJUDGE:
            band += self.rng.choice((-1, 1))
        return max(0, min(4, band))

    def quote(self, texts: list[str]) -> str:
        """A random verbatim stretch (5-14 words) of one sentence of one answer, or ""."""
        sentences = [s for t in texts for s in re.split(r"(?<=[.!?])\s+", t) if len(s.split()) >= 3]
        if not sentences:
            return ""
        words = self.rng.choice(sentences).split()
        size = min(len(words), self.rng.randint(5, 14))
        start = self.rng.randint(0, len(words) - size)
        return " ".join(words[start : start + size]).strip(" ,;:")

    def report(self, text: str) -> dict[str, Any]:
        rng = self.rng
        found: dict[str, str] = {}
        for number, answer in _ANSWER.findall(text):
            found[number] = answer
        answers = list(found.values())
        jd = m.group(1) if (m := _JD.search(text)) else ""
        bands = {c: self.shifted(b) for c, b in judge(answers, jd).items()}
        useful = [a for a in answers if answer_level(a)["relevance"] > 0]
        competencies = [
            {"competency": c, "score": self.score_in(b),
             "evidence": self.quote(useful) if b > 0 else "",
             "reason": rng.choice(REASON[b]).format(c=c.replace("_", " "))}
            for c, b in bands.items()
        ]
        notes = []
        for n, answer in enumerate(answers, start=1):
            level = answer_level(answer)
            band = self.shifted(round(sum(level.values()) / len(level)))
            notes.append({
                "question_number": n, "question": f"Question {n}", "score": self.score_in(band),
                "evidence": self.quote([answer]) if band > 0 else "",
                "what_worked": rng.choice(REASON[band]) if band > 1 else "",
                "to_improve": rng.choice(HINT),
                "stronger_answer": "Situation, task, what I did, and a measured result.",
            })
        mean_band = round(sum(bands.values()) / len(bands))
        low, high = BANDS[mean_band]
        own = max(0, min(100, (low + high) // 2 + rng.randint(-15, 15)))
        summary = rng.choice(SUMMARY).format(
            tone=TONE[mean_band], tone2=TONE2[mean_band], hint=rng.choice(HINT))
        return {
            "summary": summary, "competencies": competencies, "answers": notes,
            "overall_score": own, "skills_covered": [], "skills_missed": [],
            "skills_not_discussed": [], "strengths": [], "improvements": [rng.choice(HINT)],
            "next_steps": [rng.choice(HINT)],
        }
