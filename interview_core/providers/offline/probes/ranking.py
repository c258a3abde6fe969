"""Which quotable clause to ask about for a gap: whether the gap's question fits a clause's
features ("What was the result?" needs something done, a claim or a decision) and how well
("Why?" is best asked about a choice or a motive)."""

from __future__ import annotations

from collections.abc import Sequence

from interview_core.providers.offline.probes.clauses import (
    F_CLAIM,
    F_DECISION,
    F_GENERIC,
    F_HYPOTHETICAL,
    F_I_ACT,
    F_MOTIVE,
    F_NUMBER,
    F_PAST,
    F_RESULT,
    F_SAFETY,
    F_SUBJECT,
    F_TEAM_CLAIM,
    F_WE_ACT,
    Clause,
)


def _fits(mask: int, gap: str) -> bool:
    """Whether the question for this gap can be asked about a clause with these features."""
    acted = bool(mask & (F_I_ACT | F_WE_ACT))
    if mask & F_HYPOTHETICAL and gap not in ("reason", "trade_off", "detail"):
        return False  # a plan ("I would call the family") has no result, story or hindsight
    if mask & F_RESULT and gap in ("result", "detail", "example"):
        return False  # "I closed £712k against a £550k quota" is concrete and has its result
    if mask & F_NUMBER and gap in ("detail", "example"):
        return False  # "detail" and "example" are for vague claims, not figures
    if mask & F_SAFETY and gap == "trade_off":
        return False  # "make the area safe" has no sensible alternative to weigh
    if gap == "result":
        return acted or bool(mask & (F_CLAIM | F_DECISION))
    if gap == "own_part":
        return bool(mask & (F_WE_ACT | F_TEAM_CLAIM)) or (acted and bool(mask & F_DECISION))
    if gap == "trade_off":
        return acted or bool(mask & (F_DECISION | F_MOTIVE | F_HYPOTHETICAL))
    if gap == "reason":
        return acted or bool(
            mask & (F_DECISION | F_MOTIVE | F_HYPOTHETICAL | F_CLAIM | F_GENERIC | F_SUBJECT)
        )
    if gap == "differently":
        return bool(mask & F_PAST)
    return True


_WEIGHTS: dict[str, tuple[tuple[int, float], ...]] = {
    "result": (
        (F_CLAIM, 4.0),
        (F_I_ACT, 3.0),
        (F_WE_ACT, 2.0),
        (F_DECISION, 1.0),
        (F_NUMBER, -1.0),
    ),
    "own_part": ((F_WE_ACT, 4.0), (F_TEAM_CLAIM, 3.0), (F_CLAIM, 0.5), (F_DECISION, 0.5)),
    "reason": (
        (F_I_ACT, 3.0),
        (F_WE_ACT, 2.0),
        (F_MOTIVE, 3.5),
        (F_DECISION, 1.5),
        (F_HYPOTHETICAL, 1.0),
        (F_CLAIM, 0.5),
    ),
    "trade_off": ((F_I_ACT, 3.0), (F_WE_ACT, 2.5), (F_DECISION, 2.5), (F_HYPOTHETICAL, 2.5)),
    "differently": ((F_I_ACT, 3.0), (F_WE_ACT, 2.5), (F_CLAIM, 2.0), (F_DECISION, 1.0)),
    "detail": (
        (F_CLAIM, 4.0),
        (F_GENERIC, 2.5),
        (F_MOTIVE, 2.0),
        (F_I_ACT, 1.0),
        (F_WE_ACT, 0.5),
    ),
    "example": (
        (F_GENERIC, 4.0),
        (F_CLAIM, 3.0),
        (F_MOTIVE, 2.5),
        (F_HYPOTHETICAL, 1.5),
        (F_I_ACT, 0.5),
    ),
}


_SCORES: dict[tuple[str, int], float | None] = {}


def _score(gap: str, mask: int) -> float | None:
    """The gap's score for a feature mask; None where the gap does not fit (memoised: an
    interview sees a few dozen masks of the 1 << FEATURE_BITS)."""
    found = _SCORES.get((gap, mask), _MISSING)
    if found is not _MISSING:
        return found  # type: ignore[return-value]
    score: float | None = None
    if _fits(mask, gap):
        score = sum(weight for bit, weight in _WEIGHTS[gap] if mask & bit)
        if mask & F_GENERIC and gap not in ("example", "detail"):
            score -= 1.0  # "I always ..." is no event to ask about
    _SCORES[(gap, mask)] = score
    return score


_MISSING = object()


def ranked(clauses: Sequence[Clause], gap: str, limit: int) -> list[Clause]:
    """The `limit` clauses that best fit the gap, best first."""
    scored: list[tuple[float, int]] = []
    for i, (_a, _b, base, mask, position) in enumerate(clauses):
        value = _score(gap, mask)
        if value is None:
            continue
        if gap == "result" and mask & F_I_ACT:
            value += 0.5 * position  # the last thing they did is what to follow up
        scored.append((base + value, -i))
    scored.sort(reverse=True)  # best first; on a tie, the earlier clause
    return [clauses[-negative] for _, negative in scored[:limit]]

