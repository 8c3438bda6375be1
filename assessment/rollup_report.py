"""The roll-up report's model: the national page and each province's page, as plain values.

A page has its area's pillar table (median, spread, units), a radar (the median with the 25th to
75th percentile band), a heatmap of the areas or units just below it by pillar, and the criteria
where units differ most. Pure: every renderer (HTML, PDF) prints what this model holds.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from assessment.frames import row_dicts
from assessment.insights import _level, _signed
from assessment.rollup import Rollup
from assessment.rubric import Rubric
from assessment.text import format_share, text_direction, translation_status, ui_text

__all__ = ["DIFFER_ROWS", "HEATMAP_ROWS", "RollupPage", "RollupReport", "build_rollup_report"]

#: At most this many rows in a page's heatmap (the rest are in units.csv and areas.csv).
HEATMAP_ROWS = 40
#: The criteria where units differ most, per page.
DIFFER_ROWS = 8


def _natural(name: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that puts "Province 2" before "Province 10"."""
    return tuple(
        (0, int(p)) if p.isdigit() else (1, p.casefold()) for p in re.split(r"(\d+)", name) if p
    )


def _num(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


@dataclass(frozen=True)
class RollupPage:
    """One area's page."""

    area: str
    name: str
    level: str
    expected: int
    answered: int
    suppressed: bool
    labels: tuple[str, ...]  # pillar short titles
    median: tuple[float | None, ...]
    p25: tuple[float | None, ...]
    p75: tuple[float | None, ...]
    pillar_rows: tuple[
        tuple[str, ...], ...
    ]  # title, n, median, p25-p75, mean, weighted mean, completeness
    heat_rows: tuple[str, ...]  # names of the areas or units below
    heat_values: tuple[tuple[float | None, ...], ...]
    heat_more: str  # says how many rows are beyond HEATMAP_ROWS ("" when none)
    differ_rows: tuple[tuple[str, ...], ...]  # criterion, title, n, median, p25-p75, lowest-highest
    radar_alt: str
    heat_alt: str
    progress_rows: tuple[tuple[str, ...], ...] = ()  # pillar, median before, now, change
    #: why a hidden area shows no figures: too few units, or a neighbour's would show through
    note: str = ""


@dataclass(frozen=True)
class RollupReport:
    """The whole roll-up report."""

    lang: str
    direction: str
    title: str
    subtitle: str
    text: dict[str, str]
    method: tuple[str, ...]
    pages: tuple[RollupPage, ...]
    colophon: str


def _heat(rollup: Rollup, area: str, pillar_ids: tuple[str, ...], rank: bool) -> tuple[list[str], list[tuple[float | None, ...]], int]:  # fmt: skip
    """Rows of the heatmap below ``area``: child areas (their medians, none if suppressed) and
    units assessed directly below it (their own scores); by name, or by score when ranked."""
    areas, units, pil = rollup.areas, rollup.units, rollup.pillars
    rows: list[tuple[str, tuple[float | None, ...], float]] = []
    med = pil.set_index(["area", "pillar"])["median"]
    for cid in areas.index[areas["parent"] == area]:
        vals = tuple(_num(med.get((cid, p))) for p in pillar_ids)
        rows.append((str(areas.at[cid, "name"]), vals, _num(areas.at[cid, "overall_median"]) or -1))
    for uid in units.index[units["parent"] == area]:
        if uid in areas.index:
            continue
        vals = tuple(_num(units.at[uid, p]) for p in pillar_ids)
        rows.append((str(units.at[uid, "name"]), vals, _num(units.at[uid, "overall"]) or -1))
    rows.sort(key=(lambda r: (-r[2], _natural(r[0]))) if rank else (lambda r: _natural(r[0])))
    more = max(0, len(rows) - HEATMAP_ROWS)
    rows = rows[:HEATMAP_ROWS]
    return [r[0] for r in rows], [r[1] for r in rows], more


def _progress_rows(progress: pd.DataFrame, area: str, rubric: Rubric, lang: str) -> tuple[tuple[str, ...], ...]:  # fmt: skip
    titles = {p.id: p.title for p in rubric.pillars}
    rows = progress[(progress["area"] == area) & (progress["pillar"] != "overall")]
    return tuple(
        (
            titles.get(str(r.pillar), str(r.pillar)),
            _level(_num(r.median_before), lang),
            _level(_num(r.median_now), lang),
            _signed(_num(r.change), lang),
        )  # fmt: skip
        for r in rows.itertuples()
        if _num(r.change) is not None
    )


def _page(rollup: Rollup, rubric: Rubric, area: str, lang: str, progress: pd.DataFrame | None = None) -> RollupPage:  # fmt: skip
    t = ui_text
    a = rollup.areas.loc[area]
    pillar_ids = rollup.pillar_ids
    titles = {p.id: (p.title, p.short_title) for p in rubric.pillars}
    p = rollup.pillars[rollup.pillars["area"] == area].set_index("pillar").reindex(list(pillar_ids))
    median = tuple(_num(v) for v in p["median"])
    p25 = tuple(_num(v) for v in p["p25"])
    p75 = tuple(_num(v) for v in p["p75"])
    rows = []
    for pid, r in row_dicts(p):
        spread = (
            "–" if _num(r["p25"]) is None else f"{_level(r['p25'], lang)}–{_level(r['p75'], lang)}"
        )
        c_ = _num(r["completeness"])
        share = (
            "–" if c_ is None else (f"{c_ * 100:.0f} %" if lang == "en" else format_share(c_, lang))
        )
        rows.append((titles[str(pid)][0], str(int(r["n"])), _level(r["median"], lang), spread, _level(r["mean"], lang), _level(r["weighted_mean"], lang), share))  # fmt: skip
    names, values, more = _heat(rollup, area, pillar_ids, rollup.ranked)
    if bool(a["suppressed"]):
        # too few units: their own scores side by side would give the area's figures away
        names, values, more = [], [], 0
    c = rollup.criteria[(rollup.criteria["area"] == area) & ~rollup.criteria["suppressed"]].copy()
    c["iqr"] = c["p75"] - c["p25"]
    c["range"] = c["max"] - c["min"]
    c = c.sort_values(["iqr", "range", "criterion"], ascending=[False, False, True]).head(
        DIFFER_ROWS
    )
    crit_titles = {ref.criterion.id: ref.criterion.title for ref in rubric.refs}
    differ = tuple(
        (
            str(r.criterion),
            crit_titles.get(str(r.criterion), ""),
            str(int(_num(r.n) or 0)),
            _level(_num(r.median), lang),
            f"{_level(_num(r.p25), lang)}–{_level(_num(r.p75), lang)}",
            f"{_level(_num(r.min), lang)}–{_level(_num(r.max), lang)}",
        )  # fmt: skip
        for r in c.itertuples()
    )
    parts = [f"{titles[pid][1]} {_level(m, lang)}" for pid, m in zip(pillar_ids, median, strict=True)]  # fmt: skip
    radar_alt = t("rollup_report_radar_alt", lang, area=str(a["name"]), n=int(_num(a["answered"]) or 0), values="; ".join(parts))  # fmt: skip
    heat_alt = t("rollup_report_heat_alt", lang, area=str(a["name"]), rows=len(names), pillars=len(pillar_ids))  # fmt: skip
    return RollupPage(
        area=area, name=str(a["name"]), level=str(a["level"]), expected=int(_num(a["expected"]) or 0),
        answered=int(_num(a["answered"]) or 0), suppressed=bool(a["suppressed"]),
        labels=tuple(titles[pid][1] for pid in pillar_ids), median=median, p25=p25, p75=p75,
        pillar_rows=tuple(rows), heat_rows=tuple(names), heat_values=tuple(values),
        heat_more=t("rollup_report_more", lang, n=more) if more else "",
        differ_rows=differ, radar_alt=radar_alt, heat_alt=heat_alt,
        progress_rows=_progress_rows(progress, area, rubric, lang) if progress is not None else (),
        note=_hidden_note(a, lang),
    )  # fmt: skip


def _hidden_note(a: Any, lang: str) -> str:
    """Why an area shows no figures (empty when it shows them)."""
    if not bool(a["suppressed"]):
        return ""
    return ui_text("rollup_report_secondary" if bool(a.get("secondary", False)) else "rollup_report_suppressed", lang)  # fmt: skip


_TEXT_KEYS = (
    "rollup_report_units", "rollup_report_suppressed", "rollup_report_pillars",
    "rollup_report_col_pillar", "rollup_report_col_n", "rollup_report_col_median",
    "rollup_report_col_spread", "rollup_report_col_mean", "rollup_report_col_weighted",
    "rollup_report_col_completeness", "rollup_report_heat", "rollup_report_heat_note",
    "rollup_report_differ", "rollup_report_differ_note", "rollup_report_col_criterion",
    "rollup_report_col_title", "rollup_report_col_range", "rollup_report_method",
    "rollup_report_radar_median", "rollup_report_radar_band", "rollup_report_no_figures",
    "rollup_report_page", "rollup_report_col_area", "report_contents", "rollup_report_progress",
    "rollup_report_col_before", "rollup_report_col_now", "rollup_report_col_change",
)  # fmt: skip


def build_rollup_report(rollup: Rollup, rubric: Rubric, *, lang: str = "en", date: str = "", progress: pd.DataFrame | None = None) -> RollupReport:  # fmt: skip
    """The report of ``rollup``: a page for each area at the top of the hierarchy and for each
    area just below it (the provinces); with ``progress`` (:func:`~assessment.rollup.progress_between`)
    each page also sets its pillar medians beside the earlier round's."""
    areas = rollup.areas
    tops = list(areas.index[areas["parent"] == ""])
    order: list[str] = []
    for top in tops:
        order.append(top)
        order.extend(areas.index[areas["parent"] == top])
    pages = tuple(_page(rollup, rubric, a, lang, progress) for a in order)
    text = {k: ui_text(k, lang) for k in _TEXT_KEYS}
    head = areas.loc[tops[0]] if tops else None
    title = ui_text("rollup_report_title", lang, area=str(head["name"]) if head is not None else "")
    subtitle = ui_text("rollup_report_subtitle", lang, rubric=rubric.title, version=rubric.version, date=date)  # fmt: skip
    weighting = "rollup_report_method_weighted" if rollup.weighted else "rollup_report_method_unweighted"  # fmt: skip
    method = (
        ui_text("rollup_report_method_units", lang),
        ui_text("rollup_report_method_stats", lang),
        ui_text(weighting, lang),
        ui_text("rollup_report_method_small", lang, min=rollup.min_units),
        ui_text(
            "rollup_report_method_ranked" if rollup.ranked else "rollup_report_method_unranked",
            lang,
        ),  # fmt: skip
    )
    colophon = ui_text("rollup_report_colophon", lang)
    if translation_status(lang) == "draft":
        colophon += " " + ui_text("translation_draft", lang)
    return RollupReport(
        lang=lang, direction=text_direction(lang), title=title, subtitle=subtitle, text=text,
        method=method, pages=pages, colophon=colophon,
    )  # fmt: skip
