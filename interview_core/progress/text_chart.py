"""Scores over time as a few lines of text: one row per series, a sparkline and the
numbers ("Structure (STAR)   ▅▅▆  52 -> 61 -> 70"), fitted to a width.

The sparkline's scale is the score's own, 0 to 100 (never stretched to a row's
minimum and maximum, which would make 60 -> 62 look like a leap); the numbers beside
it say exactly. `ascii=True` draws it with plain characters, for an output that
can't encode the block characters.
"""

from __future__ import annotations

from collections.abc import Sequence

BLOCKS = "▁▂▃▄▅▆▇█"
ASCII_BLOCKS = "_.-~=+*#"
ARROW = " -> "
MISSING = "-"  # an interview whose report did not score this one
GAP = 2  # columns between a row's parts


def level(score: int, steps: int = len(BLOCKS)) -> int:
    """0..steps-1 for a score 0..100: equal bands, 100 in the top one."""
    return min(steps - 1, max(0, score) * steps // 100)


def sparkline(scores: Sequence[int | None], *, ascii: bool = False) -> str:
    blocks = ASCII_BLOCKS if ascii else BLOCKS
    return "".join(" " if s is None else blocks[level(s, len(blocks))] for s in scores)


def values(scores: Sequence[int | None]) -> str:
    """ "52 -> 61 -> 70"."""
    return ARROW.join(MISSING if s is None else str(s) for s in scores)


def chart_lines(
    rows: Sequence[tuple[str, Sequence[int | None]]],
    width: int,
    *,
    indent: str = "  ",
    ascii: bool = False,
) -> list[str]:
    """One line per (label, scores) row, its label padded so the sparklines line up, then
    the numbers; within `width`. Where the numbers don't fit beside the sparkline they go
    on the lines below, indented; a label too long for the width is shortened with "...".
    """
    if not rows:
        return []
    spark_width = max(len(scores) for _, scores in rows)
    label_room = max(8, width - len(indent) - GAP - spark_width)
    label_width = min(max(len(label) for label, _ in rows), label_room)
    lines: list[str] = []
    for label, scores in rows:
        shown = label if len(label) <= label_width else label[: max(1, label_width - 3)].rstrip() + "..."
        head = f"{indent}{shown:<{label_width}}{' ' * GAP}{sparkline(scores, ascii=ascii):<{spark_width}}"
        numbers = values(scores)
        if len(head) + GAP + len(numbers) <= width:
            lines.append(f"{head}{' ' * GAP}{numbers}")
        else:
            lines.append(head.rstrip())
            lines += _wrapped_numbers(scores, width, indent + " " * GAP)
    return lines


def _wrapped_numbers(scores: Sequence[int | None], width: int, indent: str) -> list[str]:
    """The numbers under a row, broken between scores (never inside one)."""
    room = max(len(indent) + 3, width)
    lines: list[str] = []
    line = indent
    for index, score in enumerate(scores):
        word = (MISSING if score is None else str(score)) + (ARROW.rstrip() if index < len(scores) - 1 else "")
        if line.strip() and len(line) + 1 + len(word) > room:
            lines.append(line.rstrip())
            line = indent
        line += (" " if line.strip() else "") + word
    lines.append(line.rstrip())
    return lines
