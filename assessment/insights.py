"""The analyses of a report (issue 14) as report sections: sentences, a chart and tables, every
word and number already written in the report's language. Pure: each builder takes the core's
results and returns an :class:`Insight`; the renderers draw them all the same way.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from assessment.equity import equity_scores
from assessment.rubric import Rubric
from assessment.scoring import Scores
from assessment.text import format_number

__all__ = ["DotChartSpec", "Insight", "InsightTable", "equity_insight", "level_ticks"]

#: a group's criteria "lag behind" when they score at least this many levels below the overall
BEHIND = 0.1

#: Translates an interface key (with its values) into the report's language.
Text = Callable[..., str]


@dataclass(frozen=True)
class InsightTable:
    """A table of an analysis, every cell already written in the report's language."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: the columns that hold numbers (aligned to the end)
    numeric: tuple[int, ...] = ()


@dataclass(frozen=True)
class DotChartSpec:
    """A dot chart: one row per label, one marker per series (see ``charts.dot_chart``)."""

    labels: tuple[str, ...]
    series: Mapping[str, tuple[float | None, ...]]  # the legend's name -> one value per label
    ticks: tuple[float, ...]
    tick_labels: tuple[str, ...]
    alt: str


@dataclass(frozen=True)
class Insight:
    """One analysis in the report (issue 14): a heading, what it says in sentences, a chart with
    its alt text and caption, and the tables with its figures."""

    key: str  # a stable id: the anchor in HTML, the chart's name (``insight-<key>``)
    title: str
    paragraphs: tuple[str, ...] = ()
    chart: DotChartSpec | None = None
    chart_caption: str = ""
    tables: tuple[InsightTable, ...] = ()
    #: shown in the appendix (reference tables) rather than after the pillars
    appendix: bool = False


def _level(v: float | None, lang: str) -> str:
    """A score on the 0-4 scale, two decimals, as the locale writes it (a dash for none)."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    return format_number(float(v), lang, 2)


def _signed(v: float | None, lang: str) -> str:
    """A difference of levels with its sign (``+0.33``, ``−0.50``)."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    text = format_number(abs(float(v)), lang, 2)
    return text if round(float(v), 2) == 0 else ("+" if v > 0 else "−") + text


def level_ticks(t: Text) -> tuple[tuple[float, ...], tuple[str, ...]]:
    """The 0-4 scale's ticks and their labels (the level numbers)."""
    return (0.0, 1.0, 2.0, 3.0, 4.0), ("0", "1", "2", "3", "4")


def _none(v: float) -> float | None:
    return None if isinstance(v, float) and math.isnan(v) else float(v)


def equity_insight(t: Text, lang: str, rubric: Rubric, scores: Scores) -> Insight | None:
    """ "Who is left behind": each group's sub-score beside the overall score, and the gap
    between them (None when no criterion asked of this entity concerns a group)."""
    eq = equity_scores(rubric, scores)
    eq = eq[eq["n_criteria"] > 0]
    if eq.empty:
        return None
    names = [t(f"equity_group_{g}") for g in eq.index]
    paragraphs = [t("equity_intro")]
    behind = eq.dropna(subset=["deficit"])
    behind = behind[behind["deficit"] >= BEHIND]
    if not behind.empty:
        g = str(behind["deficit"].idxmax())
        score, deficit = (dict(zip(eq.index, eq[c].to_numpy(dtype=float), strict=True))[g] for c in ("score", "deficit"))  # fmt: skip
        paragraphs.append(
            t(
                "equity_furthest",
                group=t(f"equity_group_{g}"),
                score=_level(score, lang),
                deficit=_level(deficit, lang),
            )
        )
    else:
        paragraphs.append(t("equity_none_behind"))
    rows = tuple(
        (
            name,
            format_number(int(row["n_criteria"]), lang, 0),
            format_number(int(row["n_scored"]), lang, 0),
            _level(row["score"], lang),
            _level(row["overall"], lang),
            _signed(row["deficit"], lang),
        )
        for name, (_, row) in zip(names, eq.iterrows(), strict=True)
    )
    ticks, tick_labels = level_ticks(t)
    series = {
        t("equity_series_group"): tuple(_none(v) for v in eq["score"]),
        t("equity_series_overall"): tuple(_none(v) for v in eq["overall"]),
    }
    alt = t(
        "equity_alt",
        groups=", ".join(f"{n} {_level(v, lang)}" for n, v in zip(names, eq["score"], strict=True)),
        overall=_level(eq["overall"].iloc[0], lang),
    )
    return Insight(
        key="equity",
        title=t("equity_title"),
        paragraphs=tuple(paragraphs),
        chart=DotChartSpec(tuple(names), series, ticks, tick_labels, alt),
        chart_caption=t("equity_caption"),
        tables=(
            InsightTable(
                t("equity_table"),
                (
                    t("equity_col_group"),
                    t("equity_col_criteria"),
                    t("equity_col_scored"),
                    t("equity_col_score"),
                    t("report_overall"),
                    t("equity_col_deficit"),
                ),
                rows,
                numeric=(1, 2, 3, 4, 5),
            ),
        ),
    )
