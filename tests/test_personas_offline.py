"""Issue 12, point 4 on the offline engine: the persona sets the tone and the follow-up
pressure, the level the depth. Same CV, JD and answers; only the persona or level differs.
Asserted on content words, not on exact sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_core.models import InterviewContext, Role, Turn
from interview_core.providers.offline import (
    OfflineProvider,
    write_follow_up,
    write_opening,
)
from interview_core.providers.offline.personas import vague

SAMPLES = Path(__file__).resolve().parent.parent / "interview_core" / "samples"
CV = (SAMPLES / "sample_cv.md").read_text("utf-8")
JD = (SAMPLES / "sample_jd.md").read_text("utf-8")
VAGUE = "We improved things a lot and it went well."
SPECIFIC = (
    "Last year our checkout API timed out under load. I profiled it, I moved the hot path to a "
    "Redis cache and I added load tests, and p99 latency fell from 900 ms to 150 ms."
)


def context(persona: str = "neutral", level: str = "mid", answers: tuple[str, ...] = (VAGUE,)) -> InterviewContext:
    history: list[Turn] = []
    for number, answer in enumerate(answers, start=1):
        ctx = InterviewContext("Senior Backend Engineer", "Northwind Labs", CV, JD, tuple(history), number, 8,
                               persona, level)
        question = write_opening(ctx) if number == 1 else write_follow_up(ctx)
        history += [Turn(Role.INTERVIEWER, question), Turn(Role.CANDIDATE, answer)]
    return InterviewContext("Senior Backend Engineer", "Northwind Labs", CV, JD, tuple(history),
                            len(answers) + 1, 8, persona, level)


def words(text: str) -> str:
    return text.casefold()


def test_the_answer_used_is_vague_and_the_other_specific() -> None:
    assert vague(VAGUE) and not vague(SPECIFIC)
    assert not vague("I don't know, I haven't used Kafka.")  # an honest gap is no claim


def test_a_tough_follow_up_to_a_vague_answer_challenges_it_and_asks_for_specifics() -> None:
    tough = words(write_follow_up(context("tough")))
    friendly = words(write_follow_up(context("friendly")))
    neutral = words(write_follow_up(context("neutral")))
    assert len({tough, friendly, neutral}) == 3
    # It quotes the claim and challenges it...
    assert "we improved things a lot" in tough
    assert any(w in tough for w in ("push back", "not convinced", "challenge", "vague", "claim"))
    # ...and asks for specifics: their own part, numbers, a result.
    assert any(w in tough for w in ("exactly", "specific", "precise", "concrete"))
    assert any(w in tough for w in ("number", "figure", "measur"))
    # The friendly interviewer is warm and encouraging instead, and challenges nothing; the
    # answer tried, so no "no worries" or "no rush" (those answer a refusal: test_lead_ins).
    assert any(w in friendly for w in ("i'd love", "together", "really help", "shine"))
    assert not any(w in friendly for w in ("no worries", "no rush", "no problem"))
    assert not any(w in friendly for w in ("push back", "not convinced", "challenge", "claim"))


def test_a_tough_interviewer_asks_for_specifics_after_a_specific_answer_too() -> None:
    tough = words(write_follow_up(context("tough", answers=(SPECIFIC,))))
    neutral = words(write_follow_up(context("neutral", answers=(SPECIFIC,))))
    assert tough.startswith(neutral.rstrip("?").split("?")[0][:40])  # the same question, then pressure
    assert any(w in tough for w in ("specific", "precise", "concrete evidence"))
    assert not any(w in tough for w in ("not convinced", "push back"))  # nothing vague to challenge


def test_a_senior_level_asks_about_scope_trade_offs_and_leading_others() -> None:
    senior = [words(q) for q in context(level="senior", answers=(SPECIFIC,) * 4).questions]
    junior = [words(q) for q in context(level="junior", answers=(SPECIFIC,) * 4).questions]
    assert senior != junior
    joined_senior, joined_junior = " ".join(senior), " ".join(junior)
    for topic in ("scope", "trade-off", "lead"):
        assert topic in joined_senior, topic
    assert "learn" in joined_junior and ("fundamentals" in joined_junior or "basics" in joined_junior)
    neutral = words(" ".join(context(answers=(SPECIFIC,) * 4).questions))
    assert joined_junior.count("trade-off") <= neutral.count("trade-off")  # junior adds none
    assert all(w not in joined_senior for w in ("fundamentals", "basics"))


def test_the_default_interview_is_unchanged() -> None:
    """A neutral, mid-level interview asks the engine's own questions, untouched: the
    persona layer adds nothing to them."""
    from interview_core.providers.offline import personas

    plain = InterviewContext("Senior Backend Engineer", "Northwind Labs", CV, JD, (), 1, 8)
    for ctx, follow_up in ((plain, False), (context("neutral", "mid"), True)):
        assert personas.styled(ctx, "What did you change, and what happened?", follow_up=follow_up) == (
            "What did you change, and what happened?"
        )
    tough = context("tough", "senior")
    assert personas.styled(tough, "What did you change, and what happened?", follow_up=True) != (
        "What did you change, and what happened?"
    )


@pytest.mark.parametrize("persona", ["friendly", "neutral", "tough"])
@pytest.mark.parametrize("level", ["junior", "mid", "senior"])
async def test_every_persona_and_level_runs_a_whole_interview_without_repeating(persona: str, level: str) -> None:
    provider = OfflineProvider()
    history: list[Turn] = []
    for number in range(1, 9):
        ctx = InterviewContext("Senior Backend Engineer", "Northwind Labs", CV, JD, tuple(history), number, 8,
                               persona, level)
        made = await (provider.opening_question(ctx) if number == 1 else provider.follow_up_question(ctx))
        assert made.text.strip() and made.text not in [t.text for t in history]
        history += [Turn(Role.INTERVIEWER, made.text), Turn(Role.CANDIDATE, VAGUE if number % 2 else SPECIFIC)]
