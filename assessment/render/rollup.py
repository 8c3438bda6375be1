"""The roll-up report rendered: charts as SVG, HTML through Jinja2, tagged PDF through Typst."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from assessment.insights import _level
from assessment.render.charts import heatmap_chart, radar_chart
from assessment.render.figures import _RC, _clean
from assessment.rollup_report import RollupReport

__all__ = ["render_rollup_html", "render_rollup_pdf", "rollup_svgs"]


def rollup_svgs(report: RollupReport) -> dict[str, str]:
    """The radar and heatmap of every page as accessible SVG (``radar-<i>``, ``heat-<i>``)."""
    import matplotlib as mpl

    from assessment.render.charts import _register_fonts, figure_svg

    _register_fonts()
    out: dict[str, str] = {}
    nan = float("nan")
    with mpl.rc_context(_RC):
        for i, p in enumerate(report.pages):
            if not p.suppressed:
                series = {"current": tuple(nan if v is None else v for v in p.median)}
                band = (tuple(nan if v is None else v for v in p.p25), tuple(nan if v is None else v for v in p.p75))  # fmt: skip
                names = {"current": report.text["rollup_report_radar_median"], "band": report.text["rollup_report_radar_band"]}  # fmt: skip
                fig = radar_chart(p.labels, series, names=names, band=band)
                out[f"radar-{i}"] = _clean(figure_svg(fig), p.radar_alt)
            if p.heat_rows:
                fig = heatmap_chart(p.heat_rows, p.labels, p.heat_values, cell_text=lambda v: _level(v, report.lang))  # fmt: skip
                out[f"heat-{i}"] = _clean(figure_svg(fig), p.heat_alt)
    return out


def _data(report: RollupReport) -> dict[str, Any]:
    d = dataclasses.asdict(report)
    for page, pd_ in zip(report.pages, d["pages"], strict=True):
        pd_["heat_text"] = [[_level(v, report.lang) for v in row] for row in page.heat_values]
    return d


def render_rollup_html(report: RollupReport, *, svgs: dict[str, str] | None = None) -> str:
    """The roll-up report as one self-contained HTML document."""
    from assessment.render.html import _environment

    data = _data(report)
    template = _environment().get_template("rollup.html.j2")
    return template.render(r=data, t=data["text"], svgs=svgs if svgs is not None else rollup_svgs(report))  # fmt: skip


def render_rollup_pdf(report: RollupReport, *, svgs: dict[str, str] | None = None, date: dt.date | None = None) -> bytes:  # fmt: skip
    """The roll-up report as PDF/UA-1 bytes (dated ``date``, so a report is reproducible)."""
    from assessment.render.pdf import typst_pdf
    from assessment.storage.bundled import package_dir

    template = package_dir("assessment.render") / "templates" / "rollup.typ"
    when = dt.datetime.combine(date or dt.date(2026, 1, 1), dt.time(12), tzinfo=dt.UTC)
    charts = svgs if svgs is not None else rollup_svgs(report)
    return typst_pdf(template, _data(report), timestamp=int(when.timestamp()), svgs=charts)
