"""The radar and the heatmap as matplotlib ``Figure`` objects, built without pyplot's global state
(the report's row charts are written as SVG in :mod:`assessment.render.rowcharts`).

Every chart reads in greyscale and for colour-blind readers: the Okabe-Ito palette plus a distinct
line style and marker per series, so meaning never rests on colour alone. Every chart comes with
alt text (:func:`radar_alt_text`) and the caller shows the same numbers in a table.
"""

from __future__ import annotations

import contextlib
import functools
import io
import math
import textwrap
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text

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


#: Every text a chart draws is taken literally: ``$5 to $10`` is money, never TeX math.
_LITERAL: dict[str, Any] = {"parse_math": False, "usetex": False}


#: The bundled fonts in the order a label looks for a glyph: Latin and Cyrillic, Arabic, Chinese.
FONT_FAMILIES = ["Noto Sans", "Noto Naskh Arabic", "Noto Sans CJK SC", "DejaVu Sans"]


@functools.cache
def _register_fonts() -> None:
    from matplotlib import font_manager

    from assessment.storage.bundled import package_dir

    folder = package_dir("assessment.render") / "fonts"
    for path in sorted([*folder.glob("*.ttf"), *folder.glob("*.otf")]):
        font_manager.fontManager.addfont(str(path))


@contextlib.contextmanager
def bundled_fonts() -> Iterator[None]:
    """Charts made inside use the bundled fonts, with glyph fallback across scripts."""
    _register_fonts()
    with mpl.rc_context({"font.family": FONT_FAMILIES}):
        yield


def _literal(texts: Iterable[Text]) -> None:
    """Make texts matplotlib made itself (legend entries) literal, like :data:`_LITERAL`."""
    for text in texts:
        text.set_parse_math(False)
        text.set_usetex(False)


def _wide(ch: str) -> bool:
    """A character that takes two columns: CJK ideographs, kana, hangul, fullwidth forms."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _wrap(label: str, width: int = 16) -> str:
    """``label`` in lines of about ``width`` columns: at spaces, and between any two characters of
    a script written without spaces (Chinese), where a wide character counts two columns."""
    if not any(_wide(ch) for ch in label):
        return "\n".join(textwrap.wrap(label, width=width, break_long_words=False)) or label
    lines, line, used = [], "", 0
    for ch in label:
        cost = 2 if _wide(ch) else 1
        if used + cost > width and line.strip():
            lines.append(line.rstrip())
            line, used = "", 0
            if ch == " ":
                continue
        line += ch
        used += cost
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(lines) or label


def _polar(angles: np.ndarray, radii: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Angles (0 at the top, clockwise) and radii to x, y; a NaN radius stays NaN (a gap)."""
    return radii * np.sin(angles), radii * np.cos(angles)


def _radar_angles(n: int) -> np.ndarray:
    """The angle of each of ``n`` axes, closed (the first repeated at the end)."""
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False)
    return np.concatenate([angles, angles[:1]])


def _radar_grid(
    ax: Axes, angles: np.ndarray, wrapped: Sequence[str], *, numbers: bool = True
) -> None:
    """Rings at levels 1 to 4 with their numbers, a spoke and a label per axis."""
    ring = np.linspace(0, 2 * np.pi, 121)
    for level in (1, 2, 3, 4):
        outer = level == 4
        ax.plot(
            *_polar(ring, np.full_like(ring, level)),
            color="#888888" if outer else "#BBBBBB", linewidth=0.9 if outer else 0.7, zorder=0,
        )  # fmt: skip
    n = len(wrapped)
    for angle in angles[:-1]:
        ax.plot([0, 4 * np.sin(angle)], [0, 4 * np.cos(angle)], color="#BBBBBB", linewidth=0.7, zorder=0)  # fmt: skip
    at = np.pi / n if n else 0.0  # ring numbers between the first two spokes
    for level in (1, 2, 3, 4) if numbers else ():
        ax.text(level * np.sin(at), level * np.cos(at), str(level), fontsize=8, color="#333333", ha="center", va="center", **_LITERAL)  # fmt: skip
    if numbers:
        ax.text(0, 0, "0", fontsize=8, color="#333333", ha="center", va="center", **_LITERAL)  # fmt: skip
    for angle, label in zip(angles[:-1], wrapped, strict=True):
        # labels beside the circle grow away from it instead of across it
        x, y = np.sin(angle), np.cos(angle)
        ha = "left" if x > 0.2 else "right" if x < -0.2 else "center"
        va = "bottom" if y > 0.2 else "top" if y < -0.2 else "center"
        ax.text(4.3 * x, 4.3 * y, label, fontsize=9, ha=ha, va=va, gid="axis-label", **_LITERAL)


def _radar_band(
    ax: Axes,
    angles: np.ndarray,
    band: tuple[Sequence[float], Sequence[float]],
    label: str = "Spread of respondents (middle half)",
) -> None:
    """The spread between two values per axis, shaded between neighbouring axes that have both."""
    lo = np.asarray(band[0], dtype=float)
    hi = np.asarray(band[1], dtype=float)
    lo_c, hi_c = np.concatenate([lo, lo[:1]]), np.concatenate([hi, hi[:1]])
    quads = []
    for k in range(len(angles) - 1):
        a, pair = angles[k : k + 2], slice(k, k + 2)
        if np.isnan(lo_c[pair]).any() or np.isnan(hi_c[pair]).any():
            continue
        xo, yo = _polar(a, hi_c[pair])
        xi, yi = _polar(a[::-1], lo_c[pair][::-1])
        quads.append(np.column_stack([np.concatenate([xo, xi]), np.concatenate([yo, yi])]))
    if quads:
        ax.add_collection(
            PolyCollection(
                quads, facecolors=SERIES_STYLES["current"].color, alpha=0.15, hatch="...",
                linewidths=0, label=label,
            )
        )  # fmt: skip


def _radar_bottom(angles: np.ndarray, wrapped: Sequence[str], plot: float, keys: int) -> float:
    """The room below the circle (inches): the lowest labels hang below it, line by line, and
    the legend's rows (three keys a row) sit under them, so the two never overlap."""
    scale = plot / 8.1  # inches per unit of the data (the axes span -4.05 to 4.05)
    hang = 0.0
    for angle, label in zip(angles[:-1], wrapped, strict=True):
        y = math.cos(angle)
        if y < -0.2:  # a label that grows downwards from 4.3 y
            lines = label.count("\n") + 1
            # Naskh's tall letters take about 1.75 lines of Latin text's 1.25
            step = 1.75 if any("\u0600" <= ch <= "\u06ff" for ch in label) else 1.25
            hang = max(hang, lines * 9 * step / 72 - (4.05 + 4.3 * y) * scale)
    rows = -(-keys // 3)
    legend = 0.05 + rows * 8.5 * 1.9 / 72 if rows else 0.0
    return max(0.75 if rows else 0.4, hang + legend + 0.06)


def radar_chart(
    labels: Sequence[str],
    series: Mapping[str, Sequence[float]],
    *,
    names: dict[str, str] | None = None,
    band: tuple[Sequence[float], Sequence[float]] | None = None,
    size: float = 5.2,
    title: str | None = None,
    legend: bool = True,
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
    legend
        Draw the legend and the ring numbers: a small chart beside its own explanation leaves
        both out.

    Rings and spokes are plain lines on an Axes with equal scales and no axis: a polar Axes
    draws the same picture at several times the cost.
    """
    angles = _radar_angles(len(labels))
    # A fixed layout: room for wrapped labels at the sides, the legend below and an optional title.
    # Several times faster than a layout engine, and the chart never shifts when values change.
    wrapped = [_wrap(label) for label in labels]
    side = (
        0.2 + max((len(line) for w in wrapped for line in w.split("\n")), default=8) * 9 * 0.56 / 72
    )
    top = 0.5 + (0.35 if title else 0)
    bottom = _radar_bottom(angles, wrapped, size - 2 * side, len(series) + (band is not None) if legend else 0)  # fmt: skip
    height = size - 2 * side + top + bottom  # a square plot area: the circle fills it
    fig = Figure(figsize=(size, height))
    box = (side / size, bottom / height, 1 - 2 * side / size, 1 - (top + bottom) / height)
    ax = fig.add_axes(box)
    ax.set_axis_off()
    ax.set_xlim(-4.05, 4.05)
    ax.set_ylim(-4.05, 4.05)
    ax.set_aspect("equal", adjustable="box")
    _radar_grid(ax, angles, wrapped, numbers=legend)
    if band is not None:
        _radar_band(ax, angles, band, *([names["band"]] if names and "band" in names else []))
    names = names or {}
    for key in ("baseline", "peer", "target", "current"):
        if key not in series:
            continue
        style = SERIES_STYLES[key]
        vals = np.asarray(series[key], dtype=float)
        vals_c = np.concatenate([vals, vals[:1]])
        ax.plot(
            *_polar(angles, vals_c),
            gid=key,
            color=style.color,
            linestyle=style.linestyle,
            linewidth=style.linewidth,
            marker=style.marker,
            markersize=6,
            label=names.get(key, key.capitalize()),
            clip_on=False,
        )
        if key == "current":
            _shade(ax, angles, vals_c)
    if title:  # in the band reserved for it above the top label
        fig.text(0.5, 1 - 0.08 / height, title, fontsize=11, ha="center", va="top", **_LITERAL)
    if legend:
        box_of_keys = fig.legend(
            loc="lower center",
            bbox_to_anchor=(0.5, 0.01),
            ncols=min(3, len(series) + (band is not None)),
            fontsize=8.5,
            frameon=False,
        )
        _literal(box_of_keys.get_texts())
    return fig


def _shade(ax: Axes, angles: np.ndarray, vals_c: np.ndarray) -> None:
    # Shade only a complete polygon: a pillar without a score must not look like 0.
    for patch in list(ax.patches):
        if patch.get_gid() == "current-shade":
            patch.remove()
    if not np.isnan(vals_c).any():
        (poly,) = ax.fill(*_polar(angles, vals_c), color=SERIES_STYLES["current"].color, alpha=0.08)
        poly.set_gid("current-shade")


def update_radar(fig: Figure, series: Mapping[str, Sequence[float]]) -> Figure:
    """Move the lines of a chart made by :func:`radar_chart` to new values (same axes and series).

    Much faster than drawing a new chart: labels, rings and legend are kept, and the layout is
    frozen after the first draw so nothing jumps.
    """
    ax = fig.axes[0]
    fig.set_layout_engine("none")
    for line in ax.get_lines():
        key = line.get_gid()
        if key is not None and key in series:
            vals = np.array(list(series[key]), dtype=float)
            vals_c = np.concatenate([vals, vals[:1]])
            angles = _radar_angles(len(vals))
            line.set_data(*_polar(angles, vals_c))
            if key == "current":
                _shade(ax, angles, vals_c)
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
        series: Mapping[str, Sequence[float]],
        *,
        names: dict[str, str] | None = None,
        size: float = 4.6,
        dpi: int = 100,
        legend: bool = True,
    ) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        with bundled_fonts():  # Arabic and Chinese labels take their glyphs from the bundled fonts
            self.figure = radar_chart(labels, series, names=names, size=size, legend=legend)
        self.figure.set_dpi(dpi)
        #: the image's size in pixels: shown at this size, its text is as large as drawn
        self.width, self.height = (int(round(v * dpi)) for v in self.figure.get_size_inches())
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

    def png(self, series: Mapping[str, Sequence[float]] | None = None) -> bytes:
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
    labels: Sequence[str],
    series: Mapping[str, Sequence[float]],
    names: dict[str, str] | None = None,
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
        if len(s) >= 2 and round(s.max(), 1) > round(s.min(), 1):
            parts.append(
                f"Strongest: {s.idxmax()} ({s.max():.1f}, {LEVEL_LABELS[int(s.max())]}). Weakest: {s.idxmin()} ({s.min():.1f}, {LEVEL_LABELS[int(s.min())]})."
            )
        elif len(s) >= 2:  # level: neither is stronger
            parts.append(f"All {len(s)} scored pillars are level at {s.max():.1f}.")
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


def heatmap_chart(
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[float | None]],
    *,
    cell_text: Callable[[float], str] = lambda v: f"{v:.1f}",
) -> Figure:
    """A heatmap of scores 0-4 (rows x columns) with each value printed in its cell.

    Colours come from matplotlib's ``cividis`` (made for colour-vision deficiency, and its
    lightness rises steadily, so it reads in greyscale too); the text is dark on light cells and
    white on dark ones. A missing value is an empty, hatched cell.
    """
    from matplotlib import colormaps

    n_rows, n_cols = max(1, len(rows)), max(1, len(columns))
    label_w = 0.25 + min(28, max((len(r) for r in rows), default=4)) * 0.075
    width = min(7.0, label_w + n_cols * 0.72 + 0.3)
    top = 0.3 + max((_wrap(c, 12).count("\n") + 1 for c in columns), default=1) * 0.16
    height = top + n_rows * 0.28 + 0.15
    fig = Figure(figsize=(width, height))
    ax = fig.add_axes((label_w / width, 0.15 / height, 1 - (label_w + 0.3) / width, 1 - (top + 0.15) / height))  # fmt: skip
    cmap = colormaps["cividis"]
    ax.set_xlim(0, n_cols)
    ax.set_ylim(n_rows, 0)
    for i, row in enumerate(values):
        for j, v in enumerate(row):
            if v is None or (isinstance(v, float) and np.isnan(v)):
                ax.add_patch(Rectangle((j, i), 1, 1, facecolor="white", edgecolor="#9aa5b1", hatch="///", linewidth=0.5))  # fmt: skip
                continue
            rgba = cmap(float(v) / 4)
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor=rgba, edgecolor="white", linewidth=1))
            lum = 0.299 * rgba[0] + 0.587 * rgba[1] + 0.114 * rgba[2]
            ax.text(j + 0.5, i + 0.5, cell_text(float(v)), ha="center", va="center", fontsize=8, color="#111111" if lum > 0.5 else "white", **_LITERAL)  # fmt: skip
    ax.set_xticks([j + 0.5 for j in range(len(columns))], [_wrap(c, 12) for c in columns], fontsize=7.5)  # fmt: skip
    ax.xaxis.tick_top()
    ax.set_yticks([i + 0.5 for i in range(len(rows))], list(rows), fontsize=7.5)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    _literal(ax.get_xticklabels())
    _literal(ax.get_yticklabels())
    return fig
