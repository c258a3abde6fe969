"""Progress over time, drawn: the PNG chart (a real PNG, decoded; the scores it shows;
matplotlib on its Agg canvas without touching the process's backend or display) and
the text chart that fits the terminal."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from interview_core.progress import (
    ChartError,
    ScoreHistory,
    chart_lines,
    point_of,
    render_png,
    sparkline,
    values,
)
from interview_core.progress.chart import DPI, HEIGHT_INCHES, WIDTH_INCHES
from tests.conftest import ROOT
from tests.progress_helpers import decoded, interview, png_size, png_text, report

WIDTH, HEIGHT = round(WIDTH_INCHES * DPI), round(HEIGHT_INCHES * DPI)


ROWS = ([55, 40, 62, 70, 75], [60, 52, 58, 72, 80], [68, 61, 70, 74, 85])


def three(rows=ROWS) -> ScoreHistory:
    return ScoreHistory.of(point_of(interview(n), report(row)) for n, row in enumerate(rows, 1))


def test_the_chart_is_a_valid_png_with_the_scores_of_each_interview() -> None:
    history = three()
    data = render_png(history)
    assert png_size(data) == (WIDTH, HEIGHT)
    pixels = decoded(data)
    assert pixels.shape[:2] == (HEIGHT, WIDTH)
    assert pixels.std() > 0.05  # lines drawn, not a blank canvas
    text = png_text(data)
    assert text["Title"] == "Interview scores over time"
    lines = text["Description"].splitlines()
    assert len(lines) == 3
    for number, (line, row) in enumerate(zip(lines, ROWS, strict=True), 1):
        assert line.startswith(f"#{number} 2025-03-0{1 + number}: overall {report(row).overall_score}; ")
        assert f"Structure (STAR) {row[1]};" in line and line.endswith(f"Coverage of the JD's skills {row[4]}")


def test_other_scores_draw_another_picture() -> None:
    first = decoded(render_png(three()))
    moved = decoded(render_png(three((ROWS[0], ROWS[1], [20, 15, 30, 25, 10]))))
    assert first.shape == moved.shape
    assert (first != moved).any(axis=-1).sum() > 500  # the last points and their lines moved


def test_nothing_to_chart_is_said_not_drawn() -> None:
    with pytest.raises(ChartError):
        render_png(ScoreHistory.of([point_of(interview(1), None, finished=False)]))


def test_drawing_leaves_the_process_s_backend_and_display_alone() -> None:
    """No pyplot, no backend switch, no display asked for, even with a DISPLAY that points
    nowhere (a GUI backend would try it)."""
    script = (
        "import sys\n"
        "from tests.test_progress_chart import three\n"
        "from interview_core.progress import render_png\n"
        "data = render_png(three())\n"
        "assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n'\n"
        "import matplotlib\n"
        "print('pyplot' if 'matplotlib.pyplot' in sys.modules else 'no pyplot')\n"
        "import matplotlib.rcsetup\n"
        "unset = dict.__getitem__(matplotlib.rcParams, 'backend') is matplotlib.rcsetup._auto_backend_sentinel\n"
        "print('unset' if unset else 'chosen')\n"
    )
    env = {**os.environ, "DISPLAY": ":99", "MPLBACKEND": "", "PYTHONPATH": str(ROOT)}
    env.pop("MPLBACKEND")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=env,
                            check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    no_pyplot, backend = result.stdout.split("\n")[:2]
    assert no_pyplot == "no pyplot"
    # Still matplotlib's "not chosen yet" sentinel: nothing resolved or set a backend.
    assert backend == "unset"


def test_sparkline_uses_the_score_s_own_scale() -> None:
    assert sparkline([0, 12, 13, 50, 99, 100]) == "▁▁▂▅██"
    assert sparkline([60, 62]) == "▅▅"  # a small change stays small
    assert sparkline([40, None, 90], ascii=True) == "~ #"
    assert values([52, 61, None, 70]) == "52 -> 61 -> - -> 70"


@pytest.mark.parametrize("width", [40, 52, 64, 80, 100])
def test_the_text_chart_fits_the_width(width: int) -> None:
    rows = [("Overall", [52, 61, 70, 74, 80]), ("Coverage of the JD's skills", [40, 45, None, 60, 90]),
            ("Structure (STAR)", [52, 61, 70, 74, 80])]
    lines = chart_lines(rows, width)
    assert lines and all(len(line) <= width for line in lines), lines
    joined = " ".join(" ".join(lines).split())
    assert "52 -> 61 -> 70 -> 74 -> 80" in joined or re.search(r"52 ->\s+61", "\n".join(lines))
    sparks = [line.split("  ")[-1] for line in lines if "▅" in line or "█" in line]
    assert sparks


def test_the_text_chart_lines_up_its_sparklines() -> None:
    lines = chart_lines([("Overall", [52, 61, 70]), ("Structure (STAR)", [25, 65, 92])], 80)
    assert lines == ["  Overall           ▅▅▆  52 -> 61 -> 70", "  Structure (STAR)  ▃▆█  25 -> 65 -> 92"]
