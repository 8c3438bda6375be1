"""The report's charts as SVG text, drawn with the bundled fonts so the PDF needs no system font."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import matplotlib as mpl
from matplotlib.typing import RcKeyType

from assessment.insights import Insight
from assessment.render import rowcharts
from assessment.render.charts import FONT_FAMILIES, figure_svg, radar_chart
from assessment.report import PillarSection, Report
from assessment.storage.bundled import package_dir
from assessment.text import format_number

__all__ = ["FONTS_DIR", "render_svgs"]

FONTS_DIR = package_dir("assessment.render") / "fonts"

_RC: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",
    # a fallback list: Arabic and Chinese labels take their glyphs from the bundled fonts
    "font.family": FONT_FAMILIES,
    "svg.hashsalt": "gdi",
}


def _register_fonts() -> None:
    from assessment.render.charts import _register_fonts as register

    register()


def _clean(svg: str, title: str) -> str:
    """Drop the XML prolog and make the SVG an accessible image with a title, laid out left to
    right whatever the page's direction (in an Arabic page an inherited ``rtl`` would flip every
    text's anchor, and the labels would run into the chart)."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    title_xml = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return svg.replace("<svg ", '<svg role="img" direction="ltr" ', 1).replace(
        ">", f"><title>{title_xml}</title>", 1
    )


def _radar_svg(report: Report) -> str:
    r = report.radar
    nan = float("nan")
    series = {k: [nan if v is None else v for v in vals] for k, vals in r.series.items()}
    band = None
    if r.band is not None:
        low, high = ([nan if v is None else v for v in side] for side in r.band)
        band = (low, high)
    fig = radar_chart(list(r.labels), series, names=dict(r.names), band=band, size=5.6)
    return _clean(figure_svg(fig), r.alt)


def _gap_svg(report: Report, pillar: PillarSection, fonts: Sequence[str]) -> str:
    rows = pillar.gap_rows
    return rowcharts.gap_chart(
        [g.title for g in rows],
        [g.current for g in rows],
        [g.target for g in rows],
        names={"current": report.text["report_current"], "target": report.text["report_target"]},
        level_names=[report.text[f"level_name_{n}"] for n in range(5)],
        value_text=lambda v: format_number(v, report.lang, 1),
        alt=pillar.chart_alt,
        fonts=fonts,
    )


def _insight_svg(insight: Insight, fonts: Sequence[str]) -> str:
    spec = insight.chart
    assert spec is not None
    return rowcharts.dot_chart(
        list(spec.labels),
        {name: list(values) for name, values in spec.series.items()},
        ticks=spec.ticks,
        tick_labels=spec.tick_labels,
        alt=spec.alt,
        fonts=fonts,
    )


#: the font a language's labels are written in first (its script's), then the others as fallback
_FIRST_FONT = {"ar": "Noto Naskh Arabic", "zh": "Noto Sans CJK SC"}


def _font_order(lang: str, families: Sequence[str] = FONT_FAMILIES) -> list[str]:
    first = _FIRST_FONT.get(lang.split("-")[0])
    return [first, *(f for f in families if f != first)] if first else list(families)


def _rc(lang: str, families: Sequence[str] = FONT_FAMILIES) -> dict[RcKeyType, Any]:
    return {**_RC, "font.family": _font_order(lang, families)}


#: a script's characters -> the bundled font that has them (Noto Sans has Latin, Greek, Cyrillic)
_SCRIPT_FONTS = (
    (re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]"), "Noto Naskh Arabic"),
    (re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]"), "Noto Sans CJK SC"),
)  # fmt: skip


def _texts(obj: object, out: list[str]) -> None:
    """Every string in ``obj`` (dataclasses, mappings, sequences), into ``out``."""
    if isinstance(obj, str):
        out.append(obj)
    elif isinstance(obj, Mapping):
        for k, v in obj.items():
            _texts(k, out)
            _texts(v, out)
    elif isinstance(obj, list | tuple):
        for v in obj:
            _texts(v, out)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            _texts(getattr(obj, f.name), out)


def _families(report: Report) -> list[str]:
    """The bundled fonts the charts' texts need, in :data:`FONT_FAMILIES` order: a font per script
    found, and DejaVu Sans for symbols. Fewer fonts to fall back through lay text out faster; an
    English report of Latin names needs two, not four."""
    found: list[str] = []
    _texts((report.radar, report.pillars, [i.chart for i in report.insights], report.text), found)
    text = "".join(found)
    wanted = {"Noto Sans", "DejaVu Sans"} | {font for pattern, font in _SCRIPT_FONTS if pattern.search(text)}  # fmt: skip
    return [f for f in FONT_FAMILIES if f in wanted]


def _draw(jobs: list[tuple[str, Callable[[], str]]], lang: str = "en", families: Sequence[str] = FONT_FAMILIES) -> dict[str, str]:  # fmt: skip
    with mpl.rc_context(_rc(lang, families)):
        return {name: job() for name, job in jobs}


def render_svgs(report: Report) -> dict[str, str]:
    """The SVG charts of ``report``: ``radar``, ``gap-<pillar id>`` and ``insight-<key>``.

    The radar is drawn by matplotlib; the row charts are written directly (:mod:`rowcharts`),
    which is what keeps a batch of reports fast.
    """
    _register_fonts()
    jobs: list[tuple[str, Callable[[], str]]] = [("radar", functools.partial(_radar_svg, report))]
    lang = report.lang
    families = _families(report)
    fonts = _font_order(lang, families)
    jobs += [(f"gap-{p.id}", functools.partial(_gap_svg, report, p, fonts)) for p in report.pillars]
    jobs += [
        (f"insight-{i.key}", functools.partial(_insight_svg, i, fonts))
        for i in report.insights
        if i.chart
    ]
    drawn = _draw(jobs, lang, families)
    return {name: drawn[name] for name, _ in jobs}  # in a stable order
