"""The words before a re-ask, in the interview and in drills (data/questions.toml [leads]).

"No problem" and "That's fine" answer a refusal: only after an answer that declined or said
it doesn't know (planning.declined). After a weak answer that tried (keywords, a hedge, the
STAR words handed back), the lead is neutral ("Let's make it concrete."), or there is none.
Each lead is said at most once an interview. Personas read a question's lead back to put
their own in its place (personas.py), never two in a row.
"""

from __future__ import annotations

from functools import cache

from interview_core.providers.offline.phrasing import Scene, phrases
from interview_core.providers.offline.planning import declined


@cache
def all_leads() -> tuple[str, ...]:
    """Every lead, longest first, so the longest that opens a question is its lead."""
    return tuple(sorted(phrases("leads", "declined") + phrases("leads", "attempted"),
                        key=len, reverse=True))


def lead_for(scene: Scene, salt: str) -> str:
    """A lead not said yet in this interview that fits the last answer, or ""."""
    answer = scene.ctx.answers[-1] if scene.ctx.answers else ""
    group = "declined" if declined(answer) else "attempted"
    for lead in scene.pick(phrases("leads", group), f"lead:{salt}"):
        if not scene.was_asked(lead):
            return lead
    return ""


def with_lead(lead: str, body: str) -> str:
    return f"{lead} {body}" if lead else body


def split_lead(question: str) -> tuple[str, str]:
    """(the re-ask's lead, the rest) when the question opens with one, else ("", question)."""
    for lead in all_leads():
        if question.startswith(lead + " "):
            return lead, question[len(lead) + 1:]
    return "", question
