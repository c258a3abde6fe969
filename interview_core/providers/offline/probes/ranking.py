"""Which quotable clause to ask about for a gap: whether the gap's question fits a clause's
features ("What was the result?" needs something done, a claim or a decision) and how well
("Why?" is best asked about a choice or a motive)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from interview_core.providers.offline.probes.clauses import (
    F_CLAIM,
    F_DECISION,
    F_GENERIC,
    F_HYPOTHETICAL,
    F_I_ACT,
    F_MOTIVE,
    F_NUMBER,
    F_PAST,
    F_SUBJECT,
    F_TEAM_CLAIM,
    F_WE_ACT,
    FEATURE_BITS,
    Clause,
)
from interview_core.providers.offline.probes.lacking import GAPS


def _fits(mask: int, gap: str) -> bool:
    """Whether the question for this gap can be asked about a clause with these features."""
    acted = bool(mask & (F_I_ACT | F_WE_ACT))
    if (
        gap in ("result", "own_part", "differently")
        and mask & F_HYPOTHETICAL
        and not (mask & F_PAST)
    ):
        return False  # "What was the result?" of "I would call the family" makes no sense
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


@lru_cache(maxsize=len(GAPS))
def _table(gap: str) -> tuple[float | None, ...]:
    """The gap's score for every feature mask; None where the gap does not fit."""
    scores: list[float | None] = []
    for mask in range(1 << FEATURE_BITS):
        if not _fits(mask, gap):
            scores.append(None)
            continue
        score = sum(weight for bit, weight in _WEIGHTS[gap] if mask & bit)
        if mask & F_GENERIC and gap not in ("example", "detail"):
            score -= 1.0  # "I always ..." is no event to ask about
        scores.append(score)
    return tuple(scores)


def ranked(clauses: Sequence[Clause], gap: str, limit: int) -> list[Clause]:
    """The `limit` clauses that best fit the gap, best first."""
    table = _table(gap)
    scored: list[tuple[float, int]] = []
    for i, (_a, _b, base, mask, position) in enumerate(clauses):
        value = table[mask]
        if value is None:
            continue
        if gap == "result" and mask & F_I_ACT:
            value += 0.5 * position  # the last thing they did is what to follow up
        scored.append((base + value, -i))
    scored.sort(reverse=True)  # best first; on a tie, the earlier clause
    return [clauses[-negative] for _, negative in scored[:limit]]

