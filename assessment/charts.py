"""Charts as matplotlib ``Figure`` objects, built without pyplot's global state.

Every chart reads in greyscale and for colour-blind readers: the Okabe-Ito palette plus a distinct
line style and marker per series, so meaning never rests on colour alone. Every chart comes with
alt text (:func:`radar_alt_text`) and the caller shows the same numbers in a table.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from assessment.rubric import LEVEL_LABELS

__all__ = [
    "SERIES_STYLES",
    "RadarImage",
    "SeriesStyle",
    "figure_png",
    "figure_svg",
    "radar_alt_text",
    "radar_chart",
    "update_radar",
]


@dataclass(frozen=True)
class SeriesStyle:
    """How one series is drawn: colour (Okabe-Ito), line style and marker."""

    color: str
    linestyle: str
    marker: str
    linewidth: float = 2.0


#: Okabe & Ito (2008) colour-blind-safe colours, each with its own line style and marker.
SERIES_STYLES: dict[str, SeriesStyle] = {
    "current": SeriesStyle("#0072B2", "-", "o", 2.4),
    "target": SeriesStyle("#D55E00", "--", "s", 2.0),
    "baseline": SeriesStyle("#555555", ":", "^", 1.8),
    "peer": SeriesStyle("#009E73", "-.", "D", 1.8),
}


def _wrap(label: str, width: int = 16) -> str:
    return "\n".join(textwrap.wrap(label, width=width)) or label


def radar_chart(
    labels: Sequence[str],
    series: dict[str, Sequence[float]],
    *,
    names: dict[str, str] | None = None,
    band: tuple[Sequence[float], Sequence[float]] | None = None,
    size: float = 5.2,
    title: str | None = None,
) -> Figure:
    """A radar (spider) chart of pillar scores on the 0-4 scale.

    Parameters
    ----------
    labels
        One label per axis (pillar short titles); long labels are wrapped.
    series
        Series key (``current``, ``target``, ``baseline``, ``peer``) -> one value per axis.
        NaN values (pillars without a score) leave a gap in the line, never a 0.
    names
        Legend text per series key (defaults to the key, capitalised).
    band
        Lower and upper values per axis (e.g. first and third quartiles of respondents),
        drawn as a shaded band around the current series.
    """
    n = len(labels)
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False)
    closed = np.concatenate([angles, angles[:1]])
    fig = Figure(figsize=(size, size), layout="constrained")
    ax = fig.add_subplot(projection="polar")
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_ylim(0, 4)
    ax.set_yticks([1, 2, 3, 4])
    ax.set_yticklabels(["1", "2", "3", "4"], fontsize=8, color="#333333")
    ax.text(0, 0, "0", fontsize=8, color="#333333", ha="center", va="center")  # the centre ring
    ax.set_rlabel_position(180 / n if n else 0)
    ax.set_xticks(angles)
    ax.set_xticklabels([_wrap(label) for label in labels], fontsize=9)
    ax.tick_params(axis="x", pad=10)
    ax.grid(color="#BBBBBB", linewidth=0.7)
    ax.spines["polar"].set_color("#888888")
    if band is not None:
        lo = np.asarray(band[0], dtype=float)
        hi = np.asarray(band[1], dtype=float)
        ok = ~(np.isnan(lo) | np.isnan(hi))
        if ok.any():
            lo_c, hi_c, ok_c = (np.concatenate([a, a[:1]]) for a in (lo, hi, ok))
            ax.fill_between(
                closed,
                np.nan_to_num(lo_c),
                np.nan_to_num(hi_c),
                where=ok_c,
                interpolate=False,
                color=SERIES_STYLES["current"].color,
                alpha=0.15,
                hatch="...",
                linewidth=0,
                label="Spread of respondents (middle half)",
            )
    names = names or {}
    for key in ("baseline", "peer", "target", "current"):
        if key not in series:
            continue
        style = SERIES_STYLES[key]
        vals = np.asarray(series[key], dtype=float)
        vals_c = np.concatenate([vals, vals[:1]])
        ax.plot(
            closed,
            vals_c,
            gid=key,
            color=style.color,
            linestyle=style.linestyle,
            linewidth=style.linewidth,
            marker=style.marker,
            markersize=6,
            label=names.get(key, key.capitalize()),
        )
        if key == "current":
            _shade(ax, closed, vals_c)
    if title:
        ax.set_title(title, fontsize=11, pad=18)
    fig.legend(
        loc="outside lower center",
        ncols=min(3, len(series) + (band is not None)),
        fontsize=8.5,
        frameon=False,
    )
    return fig


def _shade(ax: object, closed: np.ndarray, vals_c: np.ndarray) -> None:
    # Shade only a complete polygon: a pillar without a score must not look like 0.
    for patch in list(ax.patches):  # type: ignore[attr-defined]
        if patch.get_gid() == "current-shade":
            patch.remove()
    if not np.isnan(vals_c).any():
        (poly,) = ax.fill(closed, vals_c, color=SERIES_STYLES["current"].color, alpha=0.08)  # type: ignore[attr-defined]
        poly.set_gid("current-shade")


def update_radar(fig: Figure, series: dict[str, Sequence[float]]) -> Figure:
    """Move the lines of a chart made by :func:`radar_chart` to new values (same axes and series).

    Much faster than drawing a new chart: labels, rings and legend are kept, and the layout is
    frozen after the first draw so nothing jumps.
    """
    ax = fig.axes[0]
    fig.set_layout_engine("none")
    for line in ax.get_lines():
        key = line.get_gid()
        if key in series:
            vals = np.asarray(series[key], dtype=float)
            vals_c = np.concatenate([vals, vals[:1]])
            line.set_ydata(vals_c)
            if key == "current":
                _shade(ax, np.asarray(line.get_xdata(), dtype=float), vals_c)
    return fig


class RadarImage:
    """A radar chart kept ready for fast PNG updates (for live forms).

    The static parts (rings, labels, legend) are rendered once; each update restores that
    background and draws only the moving series, then encodes a PNG: a few tens of milliseconds
    instead of a full redraw.
    """

    def __init__(
        self,
        labels: Sequence[str],
        series: dict[str, Sequence[float]],
        *,
        names: dict[str, str] | None = None,
        size: float = 4.6,
        dpi: int = 100,
    ) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        self.figure = radar_chart(labels, series, names=names, size=size)
        self.figure.set_dpi(dpi)
        self.canvas = FigureCanvasAgg(self.figure)
        self._keys = tuple(series)
        moving = self._moving()
        for artist in moving:
            artist.set_visible(False)
        self.canvas.draw()
        self.figure.set_layout_engine("none")
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        for artist in moving:
            artist.set_visible(True)

    def _moving(self) -> list:
        ax = self.figure.axes[0]
        return [
            a
            for a in [*ax.get_lines(), *ax.patches]
            if a.get_gid() in {*self._keys, "current-shade"}
        ]

    def png(self, series: dict[str, Sequence[float]] | None = None) -> bytes:
        """PNG bytes of the chart, after moving the series to ``series`` when given."""
        from PIL import Image

        if series is not None:
            update_radar(self.figure, series)
        ax = self.figure.axes[0]
        self.canvas.restore_region(self._background)
        for artist in sorted(self._moving(), key=lambda a: a.get_zorder()):
            ax.draw_artist(artist)
        buf = io.BytesIO()
        Image.fromarray(np.asarray(self.canvas.buffer_rgba())).save(
            buf, format="png", compress_level=1
        )
        return buf.getvalue()


def radar_alt_text(
    labels: Sequence[str], series: dict[str, Sequence[float]], names: dict[str, str] | None = None
) -> str:
    """A sentence-per-series description of a radar chart, for screen readers and PDF alt text."""
    names = names or {}
    parts = [
        f"Radar chart of {len(labels)} pillars on a scale from 0 (Not started) to 4 (Leading)."
    ]
    for key, vals in series.items():
        bits = [
            f"{lab} {'no score' if v is None or math.isnan(v) else f'{v:.1f}'}"
            for lab, v in zip(labels, vals, strict=True)
        ]
        parts.append(f"{names.get(key, key.capitalize())}: " + "; ".join(bits) + ".")
    cur = series.get("current")
    if cur is not None:
        s = pd.Series(list(cur), index=list(labels), dtype=float).dropna()
        if len(s):
            parts.append(
                f"Strongest: {s.idxmax()} ({s.max():.1f}, {LEVEL_LABELS[int(s.max())]}). Weakest: {s.idxmin()} ({s.min():.1f}, {LEVEL_LABELS[int(s.min())]})."
            )
    return " ".join(parts)


def figure_png(fig: Figure, dpi: int = 110) -> bytes:
    """The figure as PNG bytes (for widgets)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def figure_svg(fig: Figure) -> str:
    """The figure as SVG text (vector, for HTML and PDF reports)."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg")
    return buf.getvalue()
