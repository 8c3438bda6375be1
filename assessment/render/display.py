"""Report renderers: one report model, two outputs (HTML through Jinja2, PDF through Typst).

``display(report)`` turns the model's numbers into the strings both renderers print, so the PDF,
the HTML and the tests agree to the last digit.
"""

from __future__ import annotations

from typing import Any

from assessment.report import Report
from assessment.text import direction_of, format_number, format_share

__all__ = ["display", "fmt_level", "fmt_percent", "fmt_share"]

DASH = "–"


def fmt_level(v: float | None, lang: str = "en") -> str:
    """A score, target or gap on the 0-4 scale: two decimals (``2.17``; ``2,17`` in French)."""
    if v is None:
        return DASH
    return f"{v:.2f}" if lang == "en" else format_number(v, lang, 2)


def fmt_percent(v: float | None, lang: str = "en") -> str:
    """A percentage of the top level: whole number (``54``)."""
    if v is None:
        return DASH
    return f"{v:.0f}" if lang == "en" else format_number(round(v), lang, 0)


def fmt_share(v: float | None, lang: str = "en") -> str:
    """A share from 0 to 1 shown as a percentage (``94 %``; as the locale writes it elsewhere)."""
    if v is None:
        return DASH
    return f"{v * 100:.0f} %" if lang == "en" else format_share(v, lang)


def display(report: Report) -> dict[str, Any]:
    """The report as plain data with every number already formatted for people."""
    d = report.to_dict()
    lang = report.lang

    def fmt_level(v: float | None) -> str:
        return _level(v, lang)

    def fmt_percent(v: float | None) -> str:
        return _percent(v, lang)

    def fmt_share(v: float | None) -> str:
        return _share(v, lang)

    def fmt_interval(iv: tuple[float | None, float | None]) -> str:
        low, high = iv
        return DASH if low is None or high is None else f"{fmt_level(low)}–{fmt_level(high)}"

    d["overall_text"] = {
        "interval": fmt_interval(report.overall_interval),
        "score": fmt_level(report.overall["score"]),
        "percent": fmt_percent(report.overall["percent"]),
        "target": fmt_level(report.overall["target"]),
        "gap": fmt_level(report.overall["gap"]),
        "completeness": fmt_share(report.overall["completeness"]),
        "n_not_applicable": str(sum(p.n_not_applicable for p in report.pillars)),
    }
    for p, pd_ in zip(report.pillars, d["pillars"], strict=True):
        pd_["score_text"] = fmt_level(p.score)
        pd_["percent_text"] = fmt_percent(p.percent)
        pd_["target_text"] = fmt_level(p.target)
        pd_["gap_text"] = fmt_level(p.gap)
        pd_["completeness_text"] = fmt_share(p.completeness)
        pd_["interval_text"] = fmt_interval(p.interval)
        for c, cd in zip(p.criteria, pd_["criteria"], strict=True):
            cd["current_text"] = c.status_text or fmt_level(c.current)
            cd["interval_text"] = "" if c.current is None else fmt_interval(c.interval)
            cd["confidence"] = report.text.get(f"confidence_{c.confidence}", c.confidence)
            cd["evidence_dir"] = direction_of(c.evidence, report.direction)
            cd["target_text"] = fmt_level(c.target)
            cd["gap_text"] = fmt_level(c.gap)
    text = report.text
    for g in d["priorities"]:
        g["current_text"] = fmt_level(g["current"])
        g["target_text"] = fmt_level(g["target"])
        g["gap_text"] = fmt_level(g["gap"])
        g["line"] = text["report_priority_line"].format(
            current=g["current_text"], target=g["target_text"], gap=g["gap_text"]
        )
        g["next_step_label"] = (
            text["report_next_step"].format(level=g["next_level"], label=g["next_label"])
            if g["next_level"] is not None
            else text["report_next_step_top"]
        )
    for p, pd_ in zip(report.pillars, d["pillars"], strict=True):
        pd_["chart_caption"] = text["report_gap_chart_caption"].format(
            pillar=f"{p.id} {p.short_title}"
        )
    st = report.stakeholders
    if st is not None:
        sd = d["stakeholders"]
        sd["intro"] = text["report_stakeholders_intro"].format(n=st.n_people)
        sd["participation_rows"] = [[g, str(n), str(k)] for g, n, k in st.participation]
        sd["disputed_rows"] = [
            [
                r.criterion,
                r.title,
                str(r.n),
                fmt_level(r.median),
                fmt_level(r.iqr),
                fmt_level(r.range),
                r.agreed,
            ]
            for r in st.disputed
        ]
        sd["group_rows"] = [
            [
                r.pillar,
                r.title,
                *(fmt_level(v) for v in r.scores),
                fmt_level(r.spread),
                text.get(f"report_pattern_{r.pattern}", r.pattern),
            ]
            for r in st.group_rows
        ]
        sd["suppressed_text"] = (
            text["report_suppressed"].format(groups=", ".join(st.suppressed))
            if st.suppressed
            else ""
        )
        sd["consensus_rows"] = [
            [c.criterion, c.title, c.agreed, fmt_level(c.median), c.rationale] for c in st.consensus
        ]
    d["radar_caption"] = text["report_radar_caption"].format(
        series=", ".join(report.radar.names[k] for k in report.radar.series)
    )
    d["radar_heading"] = text["report_radar"].format(entity=report.entity["name"])
    # the radar's data table beyond current and target (which the pillar table already prints)
    r = report.radar
    extra = [k for k in r.series if k not in ("current", "target")]
    columns = [r.names[k] for k in extra]
    values = [list(r.series[k]) for k in extra]
    if r.band is not None:
        columns += [text["report_interval_low"], text["report_interval_high"]]
        values += [list(r.band[0]), list(r.band[1])]
    d["radar_columns"] = columns
    d["radar_table"] = (
        [
            [p.id, p.short_title, *(fmt_level(v[i]) for v in values)]
            for i, p in enumerate(report.pillars)
        ]
        if columns
        else []
    )
    for r in d["appendix"]:
        r["level_text"] = (
            str(r["level"])
            if r["level"] is not None
            else report.text.get(f"report_status_{r['status']}", r["status"])
        )
        r["target_text"] = "" if r["target"] is None else str(r["target"])
        r["confidence"] = report.text.get(f"confidence_{r['confidence']}", r["confidence"])
        r["evidence_dir"] = direction_of(r["evidence"], report.direction)
        r["notes_dir"] = direction_of(r["notes"], report.direction)
    return d


_level, _percent, _share = fmt_level, fmt_percent, fmt_share
