"""The analyses of a report (issue 14) as report sections: sentences, a chart and tables, every
word and number already written in the report's language. Pure: each builder takes the core's
results and returns an :class:`Insight`; the renderers draw them all the same way.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from assessment.equity import equity_scores
from assessment.frames import row_dicts
from assessment.frameworks import Framework, FrameworkMapping, coverage_map, framework_table
from assessment.plan import Plan
from assessment.reality import (
    DIVERGENCE,
    STALE_AFTER,
    missing_indicators,
    reality_by_criterion,
    reality_check,
    reality_notice,
    reality_rules,
)
from assessment.responses import Assessment
from assessment.robustness import (
    Robustness,
    clear_findings,
    finding_text,
    shown_share,
)
from assessment.rounds import Progress, rank_changes
from assessment.rubric import Rubric
from assessment.scoring import Scores
from assessment.text import format_number, level_label, round_label, text_direction, ui_text

__all__ = [
    "DotChartSpec",
    "Insight",
    "InsightTable",
    "clear_findings",
    "coverage_insight",
    "equity_insight",
    "framework_insight",
    "level_ticks",
    "plan_insight",
    "progress_insight",
    "reality_insight",
    "robustness_insight",
    "robustness_sentences",
    "share_ticks",
]

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
    #: the PDF's share of the width per column (0: as wide as its content); empty: numbers as
    #: wide as they are, the text columns sharing the rest
    widths: tuple[float, ...] = ()


@dataclass(frozen=True)
class DotChartSpec:
    """A dot chart: one row per label, one marker per series (see ``rowcharts.dot_chart``)."""

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
    if round(float(v), 2) == 0:
        return text
    signed = ("+" if v > 0 else "−") + text
    # in right-to-left text the sign would be drawn after the number: a left-to-right mark
    # keeps "−0.08" together, as it is read
    return "\u200e" + signed if text_direction(lang) == "rtl" else signed


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
    elif eq["score"].notna().any():
        paragraphs.append(t("equity_none_behind"))
    else:  # nothing that concerns a group has a score: nothing to say of who is behind
        paragraphs.append(t("equity_nothing_scored"))
    rows = tuple(
        (
            name,
            format_number(int(row["n_criteria"]), lang, 0),
            format_number(int(row["n_scored"]), lang, 0),
            _level(row["score"], lang),
            _level(row["overall"], lang),
            _signed(row["deficit"], lang),
        )
        for name, (_, row) in zip(names, row_dicts(eq), strict=True)
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


# -- how firm the ranking is (robustness) --------------------------------------------------------


def _share(v: float, lang: str) -> str:
    """A share as a whole percentage, as the rest of the report writes it (``94 %`` in English,
    as the locale writes it elsewhere)."""
    from assessment.text import format_share

    if math.isnan(v):
        return "–"
    v = shown_share(v)  # rounded down, as the sentences round it: 100 % only when all agree
    return f"{v * 100:.0f} %" if lang == "en" else format_share(v, lang)


def share_ticks(lang: str) -> tuple[tuple[float, ...], tuple[str, ...]]:
    """A 0-100 % scale's ticks (as shares 0-1) and their labels in ``lang``."""
    ticks = (0.0, 0.25, 0.5, 0.75, 1.0)
    return ticks, tuple(_share(v, lang) for v in ticks)


def robustness_sentences(lang: str, result: Robustness, titles: Mapping[str, str]) -> tuple[str, ...]:  # fmt: skip
    """The sentences "<pillar> is the weakest pillar under 94 % of plausible weightings" (and
    the strongest)."""
    found = clear_findings(result)
    if not found and result.ranked:
        return (ui_text("robustness_all_tied", lang),)
    return tuple(finding_text(f, titles.get(f.pillar, f.pillar), lang) for f in found)


def robustness_insight(
    t: Text, lang: str, result: Robustness, titles: Mapping[str, str]
) -> Insight | None:
    """How firm the ranking of the pillars is under other plausible weightings (None when fewer
    than two pillars have a score)."""
    if not result.ranked:
        return None
    p = result.pillars[result.pillars["score"].notna()]
    names = [f"{pid} {titles.get(str(pid), str(pid))}" for pid in p.index]
    keeps = p["keeps_rank"].to_numpy(dtype=float)
    weakest = p["weakest"].to_numpy(dtype=float)
    rows = tuple(
        (
            name,
            _level(float(score), lang),
            format_number(int(rank), lang, 0),
            _share(float(k), lang),
            _share(float(w), lang),
            _share(float(s), lang),
            t("robustness_range", low=_level(float(lo), lang), high=_level(float(hi), lang)),
        )
        for name, score, rank, k, w, s, lo, hi in zip(
            names, p["score"], p["rank"], keeps, weakest, p["strongest"], p["low"], p["high"], strict=True
        )
    )  # fmt: skip
    ticks, tick_labels = share_ticks(lang)
    series = {
        t("robustness_col_keeps"): tuple(float(v) for v in keeps),
        t("robustness_col_weakest"): tuple(float(v) for v in weakest),
    }
    alt = t(
        "robustness_alt",
        pillars="; ".join(
            f"{n}: {_share(float(k), lang)}, {_share(float(w), lang)}"
            for n, k, w in zip(names, keeps, weakest, strict=True)
        ),
    )
    intro = t(
        "robustness_intro",
        draws=format_number(result.draws, lang, 0),
        seed=str(result.seed),
        low=_level(float(result.overall["low"]), lang),
        high=_level(float(result.overall["high"]), lang),
    )
    return Insight(
        key="robustness",
        title=t("robustness_title"),
        paragraphs=(intro, *robustness_sentences(lang, result, titles)),
        chart=DotChartSpec(tuple(names), series, ticks, tick_labels, alt),
        chart_caption=t("robustness_caption"),
        tables=(
            InsightTable(
                t("robustness_table"),
                (
                    t("report_pillar"),
                    t("report_score"),
                    t("robustness_col_rank"),
                    t("robustness_col_keeps"),
                    t("robustness_col_weakest"),
                    t("robustness_col_strongest"),
                    t("robustness_col_range"),
                ),
                rows,
                numeric=(1, 2, 3, 4, 5, 6),
            ),
        ),
    )


# -- what changed since the last round ------------------------------------------------------------


def progress_insight(t: Text, lang: str, progress: Progress, top: int = 5) -> Insight:
    """The pillars in each round, and the criteria that moved the overall score most."""
    rounds = progress.rounds
    names = [f"{round_label(str(r['name']), lang)} {r['date']}" for _, r in row_dicts(rounds)]
    pillars = progress.pillars
    ids = list(dict.fromkeys(str(pid) for pid, _ in pillars.index))
    keys = [(str(pid), int(rnd)) for pid, rnd in pillars.index.to_list()]
    short = dict(zip((k[0] for k in keys), pillars["short_title"].astype(str), strict=True))
    value = dict(zip(keys, pillars["score"].to_numpy(dtype=float), strict=True))
    n = len(rounds)
    series = {
        name: tuple(_none(value.get((pid, k + 1), math.nan)) for pid in ids)
        for k, name in enumerate(names)
    }
    labels = tuple(f"{pid} {short[pid]}" for pid in ids)
    pillar_rows = tuple(
        (
            label,
            *(_level(value.get((pid, k + 1)), lang) for k in range(n)),
            _signed(value.get((pid, n), math.nan) - value.get((pid, 1), math.nan), lang),
        )
        for pid, label in zip(ids, labels, strict=True)
    )
    rises, falls = rank_changes(progress, top=top)

    def change_rows(frame: pd.DataFrame) -> tuple[tuple[str, ...], ...]:
        return tuple(
            (
                f"{cid} {row['title']}",
                _level(float(row["before"]), lang),
                _level(float(row["after"]), lang),
                _signed(float(row["change"]), lang),
                _signed(float(row["contribution"]), lang),
            )
            for cid, row in row_dicts(frame)
        )

    first, last = rounds.iloc[0], rounds.iloc[-1]
    paragraphs = [
        t(
            "progress_intro",
            before=str(first["date"]),
            after=str(last["date"]),
            old=_level(float(first["score"]), lang),
            new=_level(float(last["score"]), lang),
            change=_signed(float(last["score"]) - float(first["score"]), lang),
        ),
        t("rounds_effect_rule"),
    ]
    if n > 2:  # the criteria's tables compare the last two rounds
        prev = rounds.iloc[-2]
        paragraphs.insert(1, t("progress_last_two", rounds=format_number(n, lang, 0), before=f"{round_label(str(prev['name']), lang)} {prev['date']}", after=f"{round_label(str(last['name']), lang)} {last['date']}"))  # fmt: skip
    if abs(progress.remainder) >= 0.005:
        paragraphs.append(t("progress_remainder", remainder=_signed(progress.remainder, lang)))
    ticks, tick_labels = level_ticks(t)
    change_columns = (
        t("report_criterion"),
        t("rounds_col_before"),
        t("rounds_col_after"),
        t("rounds_col_change"),
        t("rounds_col_effect"),
    )
    tables = [
        InsightTable(
            t("progress_pillars"),
            (t("report_pillar"), *names, t("rounds_col_change")),
            pillar_rows,
            numeric=tuple(range(1, n + 2)),
        )
    ]
    if len(rises):
        tables.append(InsightTable(t("progress_rises"), change_columns, change_rows(rises), (1, 2, 3, 4)))  # fmt: skip
    if len(falls):
        tables.append(InsightTable(t("progress_falls"), change_columns, change_rows(falls), (1, 2, 3, 4)))  # fmt: skip
    alt = t(
        "progress_alt",
        rounds=", ".join(names),
        pillars="; ".join(
            f"{label}: " + ", ".join(_level(v, lang) for v in (series[name][i] for name in names))
            for i, label in enumerate(labels)
        ),
    )
    return Insight(
        key="progress",
        title=t("progress_title", date=str(first["date"])),
        paragraphs=tuple(paragraphs),
        chart=DotChartSpec(labels, series, ticks, tick_labels, alt),
        chart_caption=t("progress_caption"),
        tables=tuple(tables),
    )


# -- assess once, report many: crosswalks and the coverage map (appendix) ------------------------


def _code_title(framework: str, code: str, title: str, lang: str) -> str:
    from assessment.text import catalogue_text

    return catalogue_text(f"framework/{framework}/{code}", lang) or title


def framework_insight(
    t: Text, lang: str, rubric: Rubric, scores: Scores, mapping: FrameworkMapping, framework: Framework
) -> Insight | None:  # fmt: skip
    """Per SDG target (GDC objective, WSIS action line): the criteria that serve it and their
    scores, for a Voluntary National Review or a GDC follow-up (an appendix)."""
    table = framework_table(rubric, scores, mapping, framework)
    if table.empty:
        return None
    states = {"scored": "", "not-applicable": t("report_na"), "open": "–"}
    rows = []
    for code, row in row_dicts(table):
        served = "; ".join(
            f"{cid} {_level(level, lang) if state == 'scored' else states.get(state, state)}"
            for cid, state, level in zip(row["criteria"], row["states"], row["scores"], strict=True)
        )
        rows.append(
            (
                f"{code} {_code_title(framework, str(code), str(row['title']), lang)}",
                served,
                format_number(int(row["n_scored"]), lang, 0),
                format_number(int(row["n_open"]), lang, 0),
                _level(float(row["mean_score"]), lang),
            )
        )
    chart = None
    if framework != "sdg":  # 40-odd SDG targets read better as the table alone
        labels = tuple(str(code) for code in table.index)
        values = tuple(_none(float(v)) for v in table["mean_score"])
        ticks, tick_labels = level_ticks(t)
        alt = t(
            "framework_alt",
            framework=t(f"framework_name_{framework}"),
            values=", ".join(f"{c} {_level(v, lang)}" for c, v in zip(labels, values, strict=True)),
        )
        chart = DotChartSpec(labels, {t("framework_series_mean"): values}, ticks, tick_labels, alt)
    return Insight(
        key=f"framework-{framework}",
        title=t(f"framework_title_{framework}"),
        paragraphs=(t("framework_intro", framework=t(f"framework_name_{framework}")),),
        chart=chart,
        chart_caption=t("framework_caption", framework=t(f"framework_name_{framework}")) if chart else "",
        tables=(
            InsightTable(
                t(f"framework_title_{framework}"),
                (
                    t(f"framework_col_{framework}"),
                    t("framework_col_criteria"),
                    t("framework_col_scored"),
                    t("framework_col_open"),
                    t("framework_col_mean"),
                ),
                tuple(rows),
                numeric=(2, 3, 4),
            ),
        ),
        appendix=True,
    )  # fmt: skip


def coverage_insight(t: Text, lang: str, rubric: Rubric, scores: Scores) -> Insight:
    """Every commitment of the source with its citation, its criteria and whether each was
    scored, not applicable or left open (an appendix)."""
    from assessment.i18n import cite

    cov = coverage_map(rubric, scores)
    words = {
        "scored": t("coverage_scored"),
        "not-applicable": t("report_na"),
        "open": t("coverage_open"),
        "not-asked": t("coverage_not_asked"),
    }
    by_commitment: dict[str, list[dict[str, Any]]] = {}
    for _, r in row_dicts(cov):  # rubric order: each commitment's criteria together
        by_commitment.setdefault(str(r["commitment"]), []).append(r)
    rows = [
        (
            f"{commitment} {group[0]['summary']}",
            cite(rubric, commitment, lang),
            "; ".join(
                f"{r['criterion']} ({words.get(str(r['state']), str(r['state']))}"
                + (f" {_level(float(r['score']), lang)})" if r["state"] == "scored" else ")")
                for r in group
            ),
        )
        for commitment, group in by_commitment.items()
    ]
    counts = cov["state"].value_counts()
    return Insight(
        key="coverage",
        title=t("coverage_title"),
        paragraphs=(
            t(
                "coverage_intro",
                commitments=format_number(int(cov["commitment"].nunique()), lang, 0),
                scored=format_number(int(counts.get("scored", 0)), lang, 0),
                na=format_number(int(counts.get("not-applicable", 0)), lang, 0),
                open=format_number(int(counts.get("open", 0)), lang, 0),
            ),
        ),
        tables=(
            InsightTable(
                t("coverage_title"),
                (
                    t("coverage_col_commitment"),
                    t("coverage_col_source"),
                    t("coverage_col_criteria"),
                ),
                tuple(rows),
            ),
        ),
        appendix=True,
    )


# -- from gaps to a plan ---------------------------------------------------------------------------


def plan_insight(
    t: Text, lang: str, plan: Plan, chart_steps: int = 12, table_steps: int = 15
) -> Insight | None:
    """The gaps as steps in an order that respects the dependencies, each with its next step,
    the unit that answers it, quick win or structural, and the owner and due date filled in."""
    from assessment.text import format_date

    if not plan.steps:
        return None
    rows = []
    for st in plan.steps[:table_steps]:
        kind = t("plan_kind_quick_win" if st.quick_win else "plan_kind_structural")
        if st.root_cause:
            kind += "; " + t("plan_report_root_cause", n=format_number(st.blocks, lang, 0))
        if st.open_prerequisites:
            kind += "; " + t("plan_report_waits", criteria=", ".join(st.open_prerequisites))
        who = ", ".join(x for x in (st.owner or "", format_date(st.due, lang) if st.due else "") if x)  # fmt: skip
        rows.append(
            (
                format_number(st.order, lang, 0),
                f"{st.criterion} {st.title} ({', '.join(st.answered_by)})"
                if st.answered_by
                else f"{st.criterion} {st.title}",
                f"{format_number(st.next_level, lang, 0)} {level_label(st.next_level, lang)}: {st.next_step}",
                kind,
                who,
            )
        )
    shown = plan.steps[:chart_steps]
    labels = tuple(f"{st.order}. {st.criterion}" for st in shown)
    series = {
        t("report_current"): tuple(float(st.current) for st in shown),
        t("report_target"): tuple(float(st.target) for st in shown),
    }
    ticks, tick_labels = level_ticks(t)
    alt = t(
        "plan_alt",
        steps="; ".join(
            f"{st.order}. {st.criterion} {_level(st.current, lang)} → {_level(st.target, lang)}"
            for st in shown
        ),
    )
    paragraphs = [
        t(
            "plan_intro",
            steps=format_number(len(plan.steps), lang, 0),
            quick=format_number(len(plan.quick_wins), lang, 0),
            roots=format_number(len(plan.root_causes), lang, 0),
        )
    ]
    if plan.root_causes:
        paragraphs.append(
            t(
                "plan_roots",
                criteria=", ".join(f"{s.criterion} ({s.blocks})" for s in plan.root_causes),
            )  # fmt: skip
        )
    if plan.to_check:
        paragraphs.append(t("plan_report_to_check", criteria=", ".join(u.criterion for u in plan.to_check)))  # fmt: skip
    if len(plan.steps) > table_steps:
        paragraphs.append(
            t(
                "plan_report_more",
                shown=format_number(table_steps, lang, 0),
                steps=format_number(len(plan.steps), lang, 0),
            )  # fmt: skip
        )
    return Insight(
        key="plan",
        title=t("plan_title"),
        paragraphs=tuple(paragraphs),
        chart=DotChartSpec(labels, series, ticks, tick_labels, alt),
        chart_caption=t("plan_caption", n=format_number(len(shown), lang, 0)),
        tables=(
            InsightTable(
                t("plan_title"),
                (
                    t("plan_col_step"),
                    t("plan_report_col_criterion"),
                    t("plan_col_next_step"),
                    t("plan_col_kind"),
                    t("plan_report_col_owner_due"),
                ),
                tuple(rows),
                numeric=(0,),
                widths=(0, 2.2, 2.6, 1.3, 1.0),
            ),
        ),
    )


# -- reality check: the self-rating against indicator evidence ----------------------------------


def _suggested_cell(t: Text, lang: str, figure: Any, criterion: Any) -> str:
    """The level a figure suggests; and, when the criterion's figures together suggest another
    (the difference beside it is taken from that one), that level too: "3 · all figures: 2"."""
    if pd.isna(figure):
        return "–"
    cell = format_number(int(figure), lang, 0)
    if not pd.isna(criterion) and int(criterion) != int(figure):
        cell += " · " + t(
            "reality_report_all_figures", level=format_number(int(criterion), lang, 0)
        )
    return cell


def reality_insight(
    t: Text, lang: str, rubric: Rubric, assessment: Assessment, scores: Scores
) -> Insight | None:
    """ "Where the evidence and the self-rating disagree": each recorded indicator figure, the
    level the rubric's thresholds suggest for it, the self-rating, and the divergent and stale
    ones flagged (None when no figure is recorded)."""
    check = reality_check(rubric, assessment, scores)
    if check.empty:
        return None
    by = reality_by_criterion(check)
    suggested = by[by["suggested"].notna()]
    rows = []
    for _, r in row_dicts(check):
        value = format_number(float(r["value"]), lang, None)
        where = ", ".join(x for x in (str(r["unit"] or ""), str(r["year"]), str(r["source"])) if x)
        if r["stale"]:
            where += " · " + t("reality_report_stale")
        diff = "" if pd.isna(r["difference"]) else _signed(float(r["difference"]), lang)
        if r["divergent"]:
            diff += " · " + t("reality_report_divergent")
        rows.append(
            (
                f"{r['criterion']} {r['title']}",
                f"{r['code']} {r['indicator']}" if r["code"] else str(r["indicator"]),
                f"{value} ({where})",
                _suggested_cell(t, lang, r["suggested"], r["criterion_suggested"]),
                _level(None if pd.isna(r["self_rated"]) else float(r["self_rated"]), lang),
                diff,
            )
        )
    n_div = int(by["divergent"].sum())
    n_stale = int(check["stale"].sum())
    divergence, stale_after = reality_rules(assessment)
    intro = (
        t("reality_report_intro")
        if (divergence, stale_after) == (DIVERGENCE, STALE_AFTER)
        else t(
            "reality_report_intro_rules",
            divergence=format_number(divergence, lang, 0),
            stale=format_number(stale_after, lang, 0),
        )  # fmt: skip
    )
    paragraphs = [
        intro,
        t(
            "reality_report_counts",
            figures=format_number(len(check), lang, 0),
            criteria=format_number(len(by), lang, 0),
            divergent=format_number(n_div, lang, 0),
            stale=format_number(n_stale, lang, 0),
        ),
    ]
    notice = reality_notice(assessment)
    if notice:
        paragraphs.append(t(notice))
    missing = missing_indicators(rubric, assessment)
    if not missing.empty:
        paragraphs.append(
            t(
                "reality_report_missing",
                n=format_number(len(missing), lang, 0),
                criteria=", ".join(dict.fromkeys(missing["criterion"])),
            ),  # fmt: skip
        )
    chart = None
    if not suggested.empty:
        labels = tuple(str(c) for c in suggested.index)
        series = {
            t("reality_report_self"): tuple(_none(float(v)) for v in suggested["self_rated"]),
            t("reality_report_suggested"): tuple(float(v) for v in suggested["suggested"]),
        }
        ticks, tick_labels = level_ticks(t)
        alt = t(
            "reality_report_alt",
            criteria="; ".join(
                f"{c}: {_level(_none(float(s)), lang)}, {format_number(int(g), lang, 0)}"
                for c, s, g in zip(labels, suggested["self_rated"], suggested["suggested"], strict=True)
            ),
        )  # fmt: skip
        chart = DotChartSpec(labels, series, ticks, tick_labels, alt)
    return Insight(
        key="reality",
        title=t("reality_report_title"),
        paragraphs=tuple(paragraphs),
        chart=chart,
        chart_caption=t("reality_report_caption") if chart else "",
        tables=(
            InsightTable(
                t("reality_report_table"),
                (
                    t("report_criterion"),
                    t("reality_report_col_indicator"),
                    t("reality_report_col_value"),
                    t("reality_report_suggested"),
                    t("reality_report_self"),
                    t("reality_report_col_difference"),
                ),
                tuple(rows),
                numeric=(3, 4),
                widths=(2.0, 1.6, 1.6, 0, 0, 1.0),
            ),
        ),
    )
