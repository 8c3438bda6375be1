"""Charts: pyplot-free Figures whose series differ by line style and marker, not only colour."""

from __future__ import annotations

import math
import sys

from assessment.render.charts import (
    SERIES_STYLES,
    figure_png,
    figure_svg,
    radar_alt_text,
    radar_chart,
)

LABELS = ["Digital infrastructure", "Skills", "Services"]


def test_radar_chart_draws_each_series_distinctly():
    fig = radar_chart(
        LABELS,
        {"current": [2, 1.5, math.nan], "target": [3, 3, 3]},
        band=([1, 1, math.nan], [3, 2, math.nan]),
    )
    ax = fig.axes[0]
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert set(lines) == {"Current", "Target"}
    assert lines["Current"].get_linestyle() != lines["Target"].get_linestyle()
    assert lines["Current"].get_marker() != lines["Target"].get_marker()
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "Digital\ninfrastructure",
        "Skills",
        "Services",
    ]
    rings = [t.get_text() for t in ax.get_yticklabels()] + [t.get_text() for t in ax.texts]
    assert sorted(rings) == ["0", "1", "2", "3", "4"]
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
