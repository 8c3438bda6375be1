"""The report's row charts (a gap chart per pillar, a dot chart per analysis) written as SVG text.

A report draws about fifteen of them. Laid out by rule, they take a fraction of a millisecond each
where matplotlib's artists and text layout took 20-50 ms: what a batch of 200 reports waits for.

Each chart has one row per label (top = first) on a common scale, and looks like the radar: the
Okabe-Ito colours, and a marker shape (filled or hollow) and a line style per series, so that
nothing rests on colour alone and the chart reads in greyscale. Text stays text (``<text>``), so
the browser or Typst lays out each script with the bundled fonts, and the chart is an image with
its alt text as ``<title>``. Label widths are estimated from character counts (a wide CJK
character counts almost two), generously enough for the wider fonts a browser may substitute.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from assessment.render.charts import FONT_FAMILIES, SERIES_STYLES, _wide, _wrap
from assessment.rubric import LEVEL_LABELS

__all__ = ["DOT_STYLES", "dot_chart", "gap_chart"]

#: Styles for the series of a dot chart, in order: Okabe-Ito colours, each with its own marker
#: (filled or hollow) so that the series read apart in greyscale too.
DOT_STYLES: tuple[tuple[str, str, bool], ...] = (
    ("#0072B2", "o", True),
    ("#D55E00", "D", False),
    ("#009E73", "s", True),
    ("#CC79A7", "^", False),
    ("#E69F00", "v", True),
    ("#56B4E9", "P", False),
)

PT = 72.0  # points per inch: sizes are given in inches, as matplotlib's are, and drawn in points
TEXT = "#222222"
LABEL_PT, SMALL_PT = 8.0, 7.5
ROW_IN = 0.42  # the height of one row
LEGEND_STEP = LABEL_PT * 1.6  # from one row of the legend to the next

#: characters XML 1.0 does not allow (the models refuse control characters; this is a last guard)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    text = _NOT_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")  # fmt: skip


def _n(v: float) -> str:
    """A coordinate, short: ``12.5``, ``40``."""
    return f"{v:.2f}".rstrip("0").rstrip(".")


def text_width(text: str, size: float) -> float:
    """An estimate of ``text``'s width in points at ``size``: 0.62 em per character and 1.1 em
    per wide one (Noto Sans averages about 0.56 em; the margin is for substitute fonts)."""
    return sum(1.1 if _wide(ch) else 0.62 for ch in text) * size


@dataclass(frozen=True)
class _Frame:
    """Where the plot area sits, in points from the top left, and the scale it maps."""

    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float
    lo: float  # the scale's value at ``left``
    hi: float  # its value at ``right``
    rows: int

    def x(self, v: float) -> float:
        return self.left + (v - self.lo) / (self.hi - self.lo) * (self.right - self.left)

    def y(self, row: int) -> float:
        """The middle of row ``row`` (0 = top)."""
        return self.top + (row + 0.5) * (self.bottom - self.top) / max(self.rows, 1)


def _frame(
    wrapped: Sequence[str],
    width_in: float,
    lo: float,
    hi: float,
    bottom_in: float,
    legend_rows: int = 1,
) -> _Frame:
    """A frame sized from its labels (the longest line of a label sets the left margin) and its
    legend (a row of up to three entries above the plot)."""
    longest = max((text_width(line, LABEL_PT) for w in wrapped for line in w.split("\n")), default=50.0)  # fmt: skip
    width = width_in * PT
    left = 0.15 * PT + longest
    right = width - 0.25 * PT
    top = 0.4 * PT + max(0, legend_rows - 1) * LEGEND_STEP
    bottom = top + ROW_IN * PT * max(len(wrapped), 1)
    return _Frame(width, bottom + bottom_in * PT, left, right, top, bottom, lo, hi, len(wrapped))


class _Svg:
    """An SVG document built element by element."""

    def __init__(self, frame: _Frame, alt: str | None, fonts: Sequence[str]) -> None:
        self.parts: list[str] = []
        self.family = ", ".join(f"'{f}'" for f in fonts)
        w, h = _n(frame.width), _n(frame.height)
        # laid out left to right: an Arabic page's direction must not flip where text anchors
        head = f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}pt" height="{h}pt" viewBox="0 0 {w} {h}" direction="ltr"'  # fmt: skip
        self.parts.append(head + (' role="img">' if alt is not None else ">"))
        if alt is not None:
            self.parts.append(f"<title>{_xml(alt)}</title>")
        self.parts.append(f'<rect width="{w}" height="{h}" fill="#ffffff"/>')

    def line(self, x0: float, y0: float, x1: float, y1: float, color: str, width: float, dash: str | None = None) -> None:  # fmt: skip
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(
            f'<line x1="{_n(x0)}" y1="{_n(y0)}" x2="{_n(x1)}" y2="{_n(y1)}" stroke="{color}" stroke-width="{width}"{extra}/>'
        )  # fmt: skip

    def polyline(self, points: Iterable[tuple[float, float]], color: str, width: float) -> None:
        xy = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
        self.parts.append(f'<polyline points="{xy}" fill="none" stroke="{color}" stroke-width="{width}"/>')  # fmt: skip

    def rect(self, x: float, y: float, w: float, h: float, fill: str) -> None:
        self.parts.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" fill="{fill}"/>')  # fmt: skip

    def marker(self, shape: str, x: float, y: float, color: str, filled: bool) -> None:
        fill = color if filled else "#ffffff"
        paint = f'fill="{fill}" stroke="{color}" stroke-width="1.8" stroke-linejoin="miter"'
        if shape == "o":
            self.parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.4" {paint}/>')
            return
        self.parts.append(f'<path d="{_shape(shape, x, y)}" {paint}/>')

    def text(self, x: float, y: float, text: str, *, size: float = LABEL_PT, anchor: str = "start") -> None:  # fmt: skip
        """``text`` with its baseline at ``y``."""
        self.parts.append(
            f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" font-family="{_xml(self.family)}" text-anchor="{anchor}" fill="{TEXT}">{_xml(text)}</text>'
        )  # fmt: skip

    def finish(self) -> str:
        return "".join([*self.parts, "</svg>"])


def _shape(shape: str, x: float, y: float) -> str:
    """The path of a marker centred on (x, y), about 7 points across like matplotlib's size 7."""
    points = {
        "D": [(0, -4.2), (4.2, 0), (0, 4.2), (-4.2, 0)],
        "s": [(-3.1, -3.1), (3.1, -3.1), (3.1, 3.1), (-3.1, 3.1)],
        "^": [(0, -4.2), (3.8, 2.6), (-3.8, 2.6)],
        "v": [(0, 4.2), (3.8, -2.6), (-3.8, -2.6)],
        "P": [(-1.3, -3.8), (1.3, -3.8), (1.3, -1.3), (3.8, -1.3), (3.8, 1.3), (1.3, 1.3),
              (1.3, 3.8), (-1.3, 3.8), (-1.3, 1.3), (-3.8, 1.3), (-3.8, -1.3), (-1.3, -1.3)],
    }[shape]  # fmt: skip
    return "M" + " L".join(f"{_n(x + dx)} {_n(y + dy)}" for dx, dy in points) + " Z"


def _centred(y: float, size: float) -> float:
    """The baseline that centres a line of text of ``size`` on ``y``."""
    return y + 0.35 * size


def _row_labels(svg: _Svg, frame: _Frame, wrapped: Sequence[str]) -> None:
    """Each row's label, right-aligned left of the plot: one text per line, centred on the row."""
    x = frame.left - 0.015 * (frame.right - frame.left)
    step = LABEL_PT * 1.25
    for row, label in enumerate(wrapped):
        lines = label.split("\n")
        for i, line in enumerate(lines):
            at = frame.y(row) + (i - (len(lines) - 1) / 2) * step
            svg.text(x, _centred(at, LABEL_PT), line, anchor="end")


def _grid(svg: _Svg, frame: _Frame, ticks: Iterable[float]) -> None:
    """A light vertical line at each tick, then the two axis lines."""
    for k in ticks:
        svg.line(frame.x(k), frame.top, frame.x(k), frame.bottom, "#CCCCCC", 0.7)
    svg.polyline([(frame.left, frame.top), (frame.left, frame.bottom), (frame.right, frame.bottom)], "#333333", 0.8)  # fmt: skip


def _tick_texts(svg: _Svg, frame: _Frame, ticks: Sequence[float], names: Sequence[Sequence[str]]) -> None:  # fmt: skip
    """Below the plot, each tick's lines of text, centred on it."""
    first = frame.bottom + 0.03 * (frame.bottom - frame.top) + SMALL_PT
    for k, lines in zip(ticks, names, strict=True):
        for i, line in enumerate(lines):
            svg.text(frame.x(k), first + i * SMALL_PT * 1.25, line, size=SMALL_PT, anchor="middle")


Key = Callable[[_Svg, float, float], None]


def _legend(svg: _Svg, frame: _Frame, entries: Sequence[tuple[Key, str]], columns: int) -> None:
    """Entries (a key drawn at a point, a name) in rows of ``columns``, ending at the plot's right."""
    for start in range(0, len(entries), columns):
        row = entries[start : start + columns]
        widths = [16 + text_width(name, LABEL_PT) + 14 for _, name in row]
        x = frame.right - sum(widths) + 14
        y = 12.0 + (start // columns) * LEGEND_STEP
        for (key, name), w in zip(row, widths, strict=True):
            key(svg, x + 5, y)
            svg.text(x + 16, _centred(y, LABEL_PT), name)
            x += w


def gap_chart(
    labels: Sequence[str],
    current: Sequence[float | None],
    target: Sequence[float | None],
    *,
    names: Mapping[str, str] | None = None,
    level_names: Sequence[str] | None = None,
    value_text: Callable[[float], str] = lambda v: f"{v:.1f}",
    alt: str | None = None,
    fonts: Sequence[str] = FONT_FAMILIES,
    width: float = 6.4,
) -> str:
    """Bars of current levels (0-4) with target markers, one row per criterion (top = first).

    The current level is a solid bar with its value (``value_text``) at its end; the target is a
    hollow diamond joined to the bar by a dashed line, so the two read apart without colour. The
    level numbers and names (``level_names``) are written under the axis.
    """
    names = names or {}
    level_names = level_names or tuple(LEVEL_LABELS.values())
    wrapped = [_wrap(label, 40) for label in labels]
    frame = _frame(wrapped, width, 0.0, 4.3, 0.68)
    svg = _Svg(frame, alt, fonts)
    cs, ts = SERIES_STYLES["current"], SERIES_STYLES["target"]
    _grid(svg, frame, range(5))
    _row_labels(svg, frame, wrapped)
    bar = 0.55 * (frame.bottom - frame.top) / max(frame.rows, 1)
    for row, (c, t) in enumerate(zip(current, target, strict=True)):
        y, c_, t_ = frame.y(row), _value(c), _value(t)
        if c_ is None:  # no score: no bar, and no gap drawn from a level nobody gave
            continue
        svg.rect(frame.x(0), y - bar / 2, frame.x(c_) - frame.x(0), bar, cs.color)
        if t_ is not None:
            svg.line(frame.x(c_), y, frame.x(t_), y, ts.color, 1.2, dash="4.4 1.9")
    for row, t in enumerate(target):
        t_ = _value(t)
        if t_ is not None:
            svg.marker("D", frame.x(t_), frame.y(row), ts.color, filled=False)
    for row, c in enumerate(current):
        c_ = _value(c)
        if c_ is not None:
            text, x = value_text(c_), frame.x(c_) + 0.06 * (frame.x(1) - frame.x(0))
            svg.rect(x - 1, frame.y(row) - LABEL_PT * 0.6, text_width(text, LABEL_PT) * 0.85 + 2, LABEL_PT * 1.2, "#ffffff")  # fmt: skip
            svg.text(x, _centred(frame.y(row), LABEL_PT), text)
    columns = max(6, int((frame.x(1) - frame.x(0)) / (SMALL_PT * 0.6)))
    _tick_texts(svg, frame, range(5), [[str(k), *_wrap(level_names[k], columns).split("\n")[:2]] for k in range(5)])  # fmt: skip
    if labels:
        entries: list[tuple[Key, str]] = [
            (lambda s, x, y: s.rect(x - 7, y - 3.5, 14, 7, cs.color), names.get("current", "Current")),
            (lambda s, x, y: s.marker("D", x, y, ts.color, filled=False), names.get("target", "Target")),
        ]  # fmt: skip
        _legend(svg, frame, entries, 2)
    return svg.finish()


def _value(v: float | None) -> float | None:
    return None if v is None or math.isnan(v) else float(v)


def dot_chart(
    labels: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    ticks: Sequence[float] = (0, 1, 2, 3, 4),
    tick_labels: Sequence[str] | None = None,
    alt: str | None = None,
    fonts: Sequence[str] = FONT_FAMILIES,
    width: float = 6.4,
) -> str:
    """A dot chart: one row per label (top = first), one marker per series on a common scale,
    a thin line joining each row's lowest and highest value (a change, or a spread).

    ``series`` maps each legend name to its values (None: no dot). The scale runs from the first
    to the last of ``ticks``; each series has its own colour and marker shape, hollow or filled
    (:data:`DOT_STYLES`), so the chart reads in greyscale.
    """
    wrapped = [_wrap(label, 40) for label in labels]
    lo, hi = float(ticks[0]), float(ticks[-1])
    span = hi - lo or 1.0
    pad = 0.03 * span  # a dot at the low end stays clear of the axis and the labels
    columns = min(len(series), 3)
    rows = -(-len(series) // columns) if columns else 1
    frame = _frame(wrapped, width, lo - pad, lo + span * 1.075, 0.4, legend_rows=rows)
    svg = _Svg(frame, alt, fonts)
    _grid(svg, frame, ticks)
    _row_labels(svg, frame, wrapped)
    values = [[_value(v) for v in vals] for vals in series.values()]
    for row in range(len(labels)):
        shown = [v for vals in values for v in vals[row : row + 1] if v is not None]
        if len(shown) >= 2:
            y = frame.y(row)
            svg.line(frame.x(min(shown)), y, frame.x(max(shown)), y, "#777777", 1.2)
    for i, vals in enumerate(values):
        color, shape, filled = DOT_STYLES[i % len(DOT_STYLES)]
        for row, v in enumerate(vals[: len(labels)]):
            if v is not None:
                svg.marker(shape, frame.x(v), frame.y(row), color, filled)
    tick_names = tick_labels or [f"{t:g}" for t in ticks]
    _tick_texts(svg, frame, ticks, [[name] for name in tick_names])
    if labels and series:
        entries: list[tuple[Key, str]] = []
        for i, name in enumerate(series):
            color, shape, filled = DOT_STYLES[i % len(DOT_STYLES)]
            entries.append((_key(shape, color, filled), name))
        _legend(svg, frame, entries, columns)
    return svg.finish()


def _key(shape: str, color: str, filled: bool) -> Key:
    return lambda s, x, y: s.marker(shape, x, y, color, filled)
