"""Charts: pyplot-free Figures whose series differ by line style and marker, not only colour."""

from __future__ import annotations

import math
import sys

import numpy as np

from assessment.render.charts import (
    SERIES_STYLES,
    figure_png,
    figure_svg,
    radar_alt_text,
    radar_chart,
    update_radar,
)

LABELS = ["Digital infrastructure", "Skills", "Services"]


def test_radar_chart_draws_each_series_distinctly():
    fig = radar_chart(
        LABELS,
        {"current": [2, 1.5, math.nan], "target": [3, 3, 3]},
        band=([1, 1, math.nan], [3, 2, math.nan]),
    )
    ax = fig.axes[0]
    lines = {line.get_label(): line for line in ax.get_lines() if line.get_gid()}  # not the grid
    assert set(lines) == {"Current", "Target"}
    assert lines["Current"].get_linestyle() != lines["Target"].get_linestyle()
    assert lines["Current"].get_marker() != lines["Target"].get_marker()
    axis_labels = [t for t in ax.texts if t.get_gid() == "axis-label"]
    assert [t.get_text() for t in axis_labels] == ["Digital\ninfrastructure", "Skills", "Services"]
    # the top label sits above the circle, the others grow away from it to the side
    assert [t.get_horizontalalignment() for t in axis_labels] == ["center", "left", "right"]
    assert axis_labels[0].get_position()[1] > 4
    rings = [t.get_text() for t in ax.texts if t.get_gid() != "axis-label"]
    assert sorted(rings) == ["0", "1", "2", "3", "4"]
    # values sit on their spoke at their level (0 at the top, clockwise); NaN leaves a gap
    x, y = lines["Current"].get_data()
    assert (round(x[0], 6), round(y[0], 6)) == (0.0, 2.0)
    assert round(float(np.hypot(x[1], y[1])), 6) == 1.5 and x[1] > 0
    assert math.isnan(x[2]) and len(x) == 4  # closed: the first point repeated
    assert not [p for p in ax.patches if p.get_gid() == "current-shade"]  # incomplete: no fill
    assert ax.collections, "the respondents' spread is drawn"


def test_update_radar_moves_the_lines_and_shades_a_complete_polygon():
    fig = radar_chart(LABELS, {"current": [2, 1.5, math.nan], "target": [3, 3, 3]})
    update_radar(fig, {"current": [1, 2, 3]})
    ax = fig.axes[0]
    (current,) = [line for line in ax.get_lines() if line.get_gid() == "current"]
    x, y = current.get_data()
    assert [round(float(r), 6) for r in np.hypot(x, y)] == [1, 2, 3, 1]
    assert [p.get_gid() for p in ax.patches] == ["current-shade"]
    assert "matplotlib.pyplot" not in sys.modules  # no global pyplot state
    assert figure_png(fig).startswith(b"\x89PNG")
    assert figure_svg(fig).lstrip().startswith("<?xml")


def test_styles_are_distinct_in_greyscale():
    styles = list(SERIES_STYLES.values())
    assert len({s.linestyle for s in styles}) == len(styles)
    assert len({s.marker for s in styles}) == len(styles)


def test_alt_text_states_every_value():
    text = radar_alt_text(LABELS, {"current": [2, 1.5, math.nan]})
    assert (
        "Digital infrastructure 2.0" in text
        and "Skills 1.5" in text
        and "Services no score" in text
    )
    assert "Strongest: Digital infrastructure" in text and "Weakest: Skills" in text
