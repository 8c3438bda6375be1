"""The report's charts as SVG text, drawn with the bundled fonts so the PDF needs no system font."""

from __future__ import annotations

import functools
import re

import matplotlib as mpl
from matplotlib import font_manager

from assessment.render.charts import figure_svg, gap_chart, radar_chart
from assessment.report import Report
from assessment.storage.bundled import package_dir

__all__ = ["FONTS_DIR", "report_svgs"]

FONTS_DIR = package_dir("assessment.render") / "fonts"

_RC = {"svg.fonttype": "none", "font.family": ["Noto Sans", "DejaVu Sans"], "svg.hashsalt": "gdi"}


@functools.cache
def _register_fonts() -> None:
    for path in sorted(FONTS_DIR.glob("*.ttf")):
        font_manager.fontManager.addfont(str(path))


def _clean(svg: str, title: str) -> str:
    """Drop the XML prolog and make the SVG an accessible image with a title."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    title_xml = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return svg.replace("<svg ", '<svg role="img" ', 1).replace(
        ">", f"><title>{title_xml}</title>", 1
    )


def report_svgs(report: Report) -> dict[str, str]:
    """``radar`` and ``gap-<pillar id>`` SVG charts of ``report``."""
    _register_fonts()
    out = {}
    with mpl.rc_context(_RC):
        r = report.radar
        nan = float("nan")
        series = {k: [nan if v is None else v for v in vals] for k, vals in r.series.items()}
        band = None
        if r.band is not None:
            band = tuple([nan if v is None else v for v in side] for side in r.band)
        out["radar"] = _clean(
            figure_svg(
                radar_chart(list(r.labels), series, names=dict(r.names), band=band, size=5.6)
            ),
            r.alt,
        )
        for p in report.pillars:
            rows = p.gap_rows
            fig = gap_chart(
                [g.title for g in rows],
                [g.current for g in rows],
                [g.target for g in rows],
                names={
                    "current": report.text["report_current"],
                    "target": report.text["report_target"],
                },
            )
            out[f"gap-{p.id}"] = _clean(figure_svg(fig), p.chart_alt)
    return out
