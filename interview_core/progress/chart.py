"""The chart of a user's scores over time, as PNG bytes: the overall score (bold) and
each competency, one point per scored interview, oldest on the left, 0 to 100.

Made with matplotlib's object API on its Agg canvas, named here: no pyplot, so no
backend is chosen for the process, no window or display is ever opened, and nothing
global changes (a chart drawn in a chat bot's worker thread touches no other). The
import waits for the first chart, so commands that draw none don't pay for it.
Drawing takes a lock: matplotlib does not promise that two figures drawn at once in
two threads are safe.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from interview_core.feedback import COMPETENCY_LABELS, Competency
from interview_core.progress.trend import ScoreHistory

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WIDTH_INCHES, HEIGHT_INCHES, DPI = 8.0, 4.5, 100  # 800 x 450 pixels: readable in a chat preview
_LOCK = threading.Lock()


class ChartError(Exception):
    """The chart can't be drawn; the message is safe to show."""


@dataclass(frozen=True, slots=True)
class ChartLabels:
    """The chart's words (from Texts, so they are written once)."""

    title: str = "Interview scores over time"
    overall: str = "Overall"
    y_axis: str = "Score (0-100)"
    x_axis: str = "Interview (date)"


def x_labels(history: ScoreHistory) -> list[str]:
    """Under each point: the interview's number and date ("#12\n3 Mar")."""
    return [f"#{p.interview_id}\n{p.date.day} {p.date:%b}" for p in history.scored]


def series(history: ScoreHistory) -> list[tuple[str, Sequence[int | None]]]:
    """(label, scores oldest first) for every competency any scored interview has."""
    found = [
        (COMPETENCY_LABELS[c], [p.score_of(c) for p in history.scored])
        for c in Competency
    ]
    return [(label, scores) for label, scores in found if any(s is not None for s in scores)]


def description(history: ScoreHistory) -> str:
    """The chart's numbers as text, one line per interview, oldest first, kept in the PNG
    (its "Description" text chunk) for screen readers, search and tests:
    "#12 2025-03-03: overall 64; Relevance to the role 50; Structure (STAR) 60; ..."."""
    lines = []
    for point in history.scored:
        scores = "; ".join(f"{COMPETENCY_LABELS[c]} {s}" for c, s in point.scores)
        lines.append(f"#{point.interview_id} {point.date:%Y-%m-%d}: overall {point.overall_score}"
                     + (f"; {scores}" if scores else ""))
    return "\n".join(lines)


def render_png(history: ScoreHistory, labels: ChartLabels | None = None) -> bytes:
    """The PNG; ChartError when there is nothing to draw or no plotting library."""
    if not history.scored:
        raise ChartError("There is no scored interview to chart yet.")
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as exc:  # a broken install: say so rather than crash
        raise ChartError(f"The chart needs matplotlib, which could not be loaded ({exc}).") from exc
    labels = labels or ChartLabels()
    positions = list(range(1, len(history.scored) + 1))
    with _LOCK:
        figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI, layout="constrained")
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        axes.plot(  # first, so it heads the legend
            positions, list(history.overall), marker="o", markersize=7, linewidth=3, color="black",
            label=labels.overall, zorder=3)
        for label, scores in series(history):
            points = [(x, s) for x, s in zip(positions, scores, strict=True) if s is not None]
            axes.plot([x for x, _ in points], [s for _, s in points], marker="o", markersize=4,
                      linewidth=1.2, alpha=0.8, label=label)
        for x, score in zip(positions, history.overall, strict=True):
            axes.annotate(str(score), (x, score), textcoords="offset points", xytext=(0, 8), ha="center",
                          fontsize=9, fontweight="bold", zorder=4,
                          bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"})
        axes.set_ylim(0, 105)
        axes.set_xlim(0.5, len(positions) + 0.5)
        axes.set_xticks(positions, x_labels(history), fontsize=8)
        axes.set_ylabel(labels.y_axis)
        axes.set_xlabel(labels.x_axis)
        axes.set_title(labels.title)
        axes.grid(axis="y", alpha=0.3)
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
        buffer = io.BytesIO()
        # No "Software" entry: the file does not say which matplotlib made it.
        metadata = {"Software": None, "Title": labels.title, "Description": description(history)}
        figure.savefig(buffer, format="png", metadata=metadata)
    return buffer.getvalue()
