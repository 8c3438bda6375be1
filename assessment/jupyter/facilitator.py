"""The facilitator's view of a workshop, for ``notebooks/03_workshop_facilitation.ipynb``.

A thin shell: it reads the workshop store, asks :mod:`assessment.workshop` for the numbers and
:mod:`assessment.render.charts` for the radar, and offers the consensus form and the exports. Groups with
fewer than three people are never shown on their own; names stay out of every export (only
``gdi-assess workshop export --show-names`` prints them, in that one file).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import os
from pathlib import Path
from typing import Any

import ipywidgets as w
import numpy as np
import pandas as pd

from assessment import __version__
from assessment.errors import GdiError
from assessment.jupyter.report_view import HtmlPart
from assessment.reality import (
    IndicatorMerge,
    merge_indicator_values,
    reality_by_criterion,
    reality_check,
)
from assessment.render.charts import figure_svg, radar_chart
from assessment.responses import Assessment
from assessment.rubric import LEVEL_LABELS
from assessment.scoring import pillar_scores_by
from assessment.storage.assessments import save_assessment
from assessment.storage.indicator_files import (
    FileLayout,
    load_indicator_series,
    read_indicator_file,
)
from assessment.storage.rubrics import translated
from assessment.storage.workshops import (
    WorkshopStore,
    demo_workshop,
    import_into_workshop,
    load_consolidated,
)
from assessment.text import format_number, level_label, text_direction, ui_text
from assessment.workshop import (
    disagreement,
    distribution_by_group,
    group_comparison,
    participation,
    round_movement,
    workshop_scores,
)

__all__ = ["FacilitatorView", "demo_workshop", "import_into_workshop"]


#: the interface's words for the columns (and index) of the workshop's tables
_COLUMN_KEYS = {
    "group": "report_group", "criterion": "report_criterion", "pillar": "report_pillar",
    "title": "cli_col_title", "joined": "fac_col_joined", "answering": "fac_col_answering",
    "answers": "report_answers", "complete": "report_complete", "n": "report_answers",
    "median": "report_median", "iqr": "report_iqr", "range": "report_range",
    "disputed": "fac_col_disputed", "spread": "report_spread_groups", "pattern": "report_pattern",
    "median_before": "fac_col_median_before", "median_after": "fac_col_median_after",
    "iqr_before": "fac_col_iqr_before", "iqr_after": "fac_col_iqr_after",
    "changed": "fac_col_changed", "converged": "fac_col_converged", "score": "report_score",
    "target": "report_target", "spread_low": "report_spread_low", "spread_high": "report_spread_high",
    "codes": "fac_col_figures", "suggested": "fac_col_suggested", "room": "fac_col_room",
    "difference": "fac_col_difference", "divergent": "fac_col_divergent", "stale": "fac_col_stale",
    "N/A": "report_na", "DK": "fac_col_dont_know", "All groups": "fac_all_groups",
}  # fmt: skip
#: columns whose values are shares of 1 (shown as percentages)
_SHARES = {"complete"}


def _table(frame: pd.DataFrame, caption: str, *, digits: int = 2, lang: str = "en") -> HtmlPart:
    """``frame`` as an HTML table in ``lang``: its headers, stakeholder groups, patterns and
    yes/no in the language's words, its numbers as the locale writes them."""
    from assessment.jupyter.participant import group_name
    from assessment.text import format_number, format_share

    def word(name: object) -> str:
        key = _COLUMN_KEYS.get(str(name))
        return ui_text(key, lang) if key else group_name(str(name), lang)

    def cell(value: object, column: str) -> str:
        if isinstance(value, (bool, np.bool_)):
            return ui_text("fac_yes" if value else "fac_no", lang)
        if isinstance(value, str):
            if column == "pattern" and value in ("converge", "diverge", "mixed"):
                return ui_text(f"report_pattern_{value}", lang)
            return value
        if value is None or pd.isna(value):  # type: ignore[call-overload]
            return "–"
        if column in _SHARES:
            return format_share(float(value), lang)  # type: ignore[arg-type]
        if isinstance(value, (int, np.integer)):
            return format_number(int(value), lang, 0)
        return format_number(float(value), lang, digits)  # type: ignore[arg-type]

    shown = pd.DataFrame(
        {word(c): [cell(v, str(c)) for v in frame[c]] for c in frame.columns},
        index=pd.Index(
            [word(i) if frame.index.name == "group" else str(i) for i in frame.index],
            name=word(frame.index.name) if frame.index.name else None,
        ),  # fmt: skip
    )
    body = shown.to_html(border=0, classes="gdi-facilitator", escape=True)
    return HtmlPart(
        f"<figure lang='{html.escape(lang)}' dir='{text_direction(lang)}'><figcaption><strong>{html.escape(caption)}</strong></figcaption>{body}</figure>"
    )


class FacilitatorView:
    """Live figures of one workshop; call :meth:`refresh` to read the newest answers."""

    def __init__(self, workshop: str | os.PathLike[str], *, lang: str = "en") -> None:
        self.store = WorkshopStore(workshop)
        self.lang = lang
        self.refresh()

    def _t(self, key: str, **values: object) -> str:
        return ui_text(key, self.lang, **values)

    def refresh(self) -> FacilitatorView:
        self.info = self.store.info()
        #: the workshop's rubric in the view's language (titles and levels; ids and scores are the source's)
        self.rubric = translated(self.store.rubric(), self.lang)
        self.kind = self.info.template.entity.kind
        self.people = self.store.participants()
        self.all_rounds = self.store.frame()
        self.frame = self.all_rounds[self.all_rounds["round"] == self.info.round]
        return self

    @property
    def n_criteria(self) -> int:
        return sum(1 for r in self.rubric.refs if self.kind in r.criterion.applies_to)

    # -- what the room looks like ---------------------------------------------------------------

    def participation(self) -> pd.DataFrame:
        """People per stakeholder group: joined, answering, answers, share complete."""
        return participation(
            [(p.id, p.group) for p in self.people], self.frame, n_criteria=self.n_criteria
        )

    def live_participation(self, every: float = 10.0) -> w.VBox:
        """The participation table, re-read from the store every ``every`` seconds while shown."""
        import asyncio

        table = w.HTML()
        stamp = w.HTML()
        stop = w.ToggleButton(
            value=False, description=self._t("fac_pause"), layout=w.Layout(width="auto")
        )

        def update() -> None:
            self.people = self.store.participants()
            current = self.store.frame(round=self.info.round)
            frame = participation(
                [(p.id, p.group) for p in self.people], current, n_criteria=self.n_criteria
            )
            table.value = _table(
                frame, self._t("fac_participation", round=self.info.round), lang=self.lang
            ).html
            stamp.value = f"<p class='gdi-status' role='status'>{html.escape(self._t('fac_updated', time=f'{dt.datetime.now():%H:%M:%S}'))}</p>"

        async def loop() -> None:
            while True:
                await asyncio.sleep(every)
                if not stop.value:
                    try:
                        update()
                    except GdiError as exc:  # a busy database: say so, try again next time
                        stamp.value = (
                            f"<p role='alert'>{html.escape(exc.in_language(self.lang))}</p>"
                        )

        update()
        with contextlib.suppress(RuntimeError):  # no event loop (a plain script): a static table
            self._live_task = asyncio.get_running_loop().create_task(loop())
        return w.VBox([table, w.HBox([stamp, stop])])

    def radar(self) -> HtmlPart:
        """The aggregate radar (median per criterion, rolled up) with the spread between people."""
        s = workshop_scores(
            self.rubric,
            self.frame,
            kind=self.kind,
            default_target=self.info.template.default_target,
        )
        pillars = s.pillars
        band = None
        if self.frame["respondent"].nunique() >= 3:
            per_person = pillar_scores_by(self.rubric, self.frame, "respondent", kind=self.kind)
            band = (
                per_person.quantile(0.25, axis=1).tolist(),
                per_person.quantile(0.75, axis=1).tolist(),
            )
        series = {"current": pillars["score"].tolist(), "target": pillars["target"].tolist()}
        fig = radar_chart(
            list(pillars["short_title"]),
            series,
            names={"current": self._t("fac_group_median"), "target": self._t("report_target")},
            band=band,
        )
        svg = figure_svg(fig)
        svg = svg[svg.index("<svg") :].replace(
            "<svg ",
            f'<svg role="img" aria-label="{html.escape(self._t("fac_radar_alt"))}" ',
            1,
        )
        table = pd.DataFrame({"score": pillars["score"], "target": pillars["target"]})
        table.index = pd.Index(pillars["short_title"], name="pillar")
        if band is not None:
            table["spread_low"], table["spread_high"] = band
        return HtmlPart(
            f"<div style='max-width:34rem'>{svg}</div>"
            + _table(table, self._t("fac_chart_data"), lang=self.lang).html
        )

    def disagreement(self, top: int = 10) -> pd.DataFrame:
        """Criteria where people disagree most (IQR, then range), with how many gave each level."""
        return disagreement(self.rubric, self.frame).head(top)

    def disputed_by_group(self, top: int = 5) -> HtmlPart:
        """The most disputed criteria, each with how every stakeholder group answered it."""
        parts = []
        for cid, row in disagreement(self.rubric, self.frame).head(top).iterrows():
            table = distribution_by_group(self.frame, str(cid))
            caption = self._t("fac_disputed_caption", id=cid, title=row["title"], median=float(row["median"]), iqr=float(row["iqr"]), range=float(row["range"]))  # fmt: skip
            part = _table(table, caption, lang=self.lang).html
            if table.attrs.get("suppressed"):
                from assessment.jupyter.participant import group_name

                names = ", ".join(group_name(g, self.lang) for g in table.attrs["suppressed"])
                hidden = self._t("ws_suppressed", groups=names)
                part += f"<p><em>{html.escape(hidden)}</em></p>"
            parts.append(part)
        return HtmlPart("".join(parts))

    def heading(self) -> HtmlPart:
        """The workshop's title, its round and how many people joined, in the view's language."""
        mark = "\x00title\x00"  # the title is the facilitator's own text: it keeps its direction
        line = html.escape(self._t("fac_heading", title=mark, round=self.info.round, people=len(self.people)))  # fmt: skip
        line = line.replace(mark, f"<bdi>{html.escape(self.info.title)}</bdi>")
        where = f"lang='{html.escape(self.lang)}' dir='{text_direction(self.lang)}'"
        return HtmlPart(f"<p {where}><strong>{line}</strong></p>")

    def disagreement_table(self, top: int = 10) -> HtmlPart:
        """:meth:`disagreement` as a table in the view's language."""
        return _table(self.disagreement(top), self._t("report_disputed"), digits=1, lang=self.lang)

    def groups_table(self) -> HtmlPart:
        """:meth:`groups` as a table in the view's language."""
        return _table(self.groups(), self._t("report_groups"), lang=self.lang)

    def movement_table(self) -> HtmlPart:
        """:meth:`movement` as a table in the view's language (a sentence in round 1)."""
        moved = self.movement()
        if moved.empty:
            where = f"lang='{html.escape(self.lang)}' dir='{text_direction(self.lang)}'"
            return HtmlPart(f"<p {where}>{html.escape(self._t('fac_no_movement'))}</p>")
        return _table(moved, self._t("fac_movement", before=self.info.round - 1, after=self.info.round), digits=1, lang=self.lang)  # fmt: skip

    # -- the room against the evidence -----------------------------------------------------------

    def evidence(self) -> pd.DataFrame:
        """Each criterion with indicator figures: what they suggest beside the room's level (the
        median of this round's answers), the difference, whether the two are 2 levels or more
        apart (divergent) and whether a figure is old; the divergent first, then the largest
        differences (:func:`assessment.reality.reality_check`)."""
        s = workshop_scores(
            self.rubric, self.frame, kind=self.kind, default_target=self.info.template.default_target
        )  # fmt: skip
        check = reality_by_criterion(reality_check(self.rubric, self.info.template, s))
        table = pd.DataFrame(
            {
                "title": check["title"],
                "codes": check["codes"],
                "suggested": check["suggested"],
                "room": check["self_rated"],
                "difference": check["difference"],
                "divergent": check["divergent"],
                "stale": check["stale"],
            }
        )
        order = table.assign(size=table["difference"].abs().fillna(-1)).sort_values(
            ["divergent", "size"], ascending=[False, False], kind="stable"
        )
        return table.loc[order.index]

    def evidence_table(self) -> HtmlPart:
        """:meth:`evidence` as a table in the view's language (a sentence when no figure is
        recorded: ``gdi-assess indicators WORKSHOP FIGURES.csv`` records them)."""
        table = self.evidence()
        where = f"lang='{html.escape(self.lang)}' dir='{text_direction(self.lang)}'"
        if table.empty:
            return HtmlPart(f"<p {where}>{html.escape(self._t('fac_no_figures'))}</p>")
        n = int(table["divergent"].sum())
        line = self._t("fac_divergent_count", n=format_number(n, self.lang, 0))
        return HtmlPart(
            f"<p {where}>{html.escape(line)}</p>"
            + _table(table, self._t("fac_evidence_caption"), digits=1, lang=self.lang).html
        )

    def record_figures(
        self,
        path: str | os.PathLike[str],
        *,
        layout: FileLayout = "auto",
        country: str | None = None,
    ) -> IndicatorMerge:
        """Record the indicator figures of a file (a long CSV, a World Bank or an ITU download:
        :func:`~assessment.storage.indicator_files.read_indicator_file`) for the workshop; every
        participant's page then shows them beside the criterion. Returns what was recorded."""
        found = read_indicator_file(path, layout=layout, country=country or self.info.template.entity.country)  # fmt: skip
        series = load_indicator_series()
        merge = merge_indicator_values(
            self.info.template, self.store.rubric(), found.values, totals=series.totals,
            source=found.source, ignored=found.ignored,
        )  # fmt: skip
        self.store.record_figures(merge.assessment.indicators)
        self.refresh()
        return merge

    def distribution(self, criterion: str) -> pd.DataFrame:
        """How each stakeholder group answered one criterion (groups under three people left out)."""
        return distribution_by_group(self.frame, criterion)

    def groups(self) -> pd.DataFrame:
        """Pillar scores per stakeholder group, the spread between groups, converge or diverge."""
        return group_comparison(self.rubric, self.frame, kind=self.kind)

    def movement(self) -> pd.DataFrame:
        """How positions moved from the previous round to this one (empty in round 1)."""
        if self.info.round < 2:
            return pd.DataFrame()
        return round_movement(self.all_rounds, self.info.round - 1, self.info.round)

    # -- deciding ---------------------------------------------------------------------------------

    def consensus_form(self) -> w.VBox:
        """Record the agreed level of a criterion, and why; the most disputed come first."""
        order = list(disagreement(self.rubric, self.frame).index) or [
            r.criterion.id for r in self.rubric.refs
        ]
        titles = {r.criterion.id: r.criterion.title for r in self.rubric.refs}
        criterion = w.Dropdown(
            options=[(f"{c} · {titles.get(c, c)}", c) for c in order],
            description=self._t("report_criterion"),
            style={"description_width": "initial"},
            layout=w.Layout(width="100%"),
        )
        level = w.RadioButtons(
            options=[(f"{k} – {level_label(k, self.lang)}", k) for k in LEVEL_LABELS]
            + [(self._t("report_status_not-applicable"), -1)],
            value=None,
            description=self._t("fac_agreed_level"),
        )
        rationale = w.Textarea(
            description=self._t("fac_rationale"),
            placeholder=self._t("fac_rationale_hint"),
            layout=w.Layout(width="100%", height="5rem"),
            style={"description_width": "initial"},
        )
        record = w.Button(
            description=self._t("fac_record"), button_style="primary", layout=w.Layout(width="auto")
        )
        status = w.HTML("")
        recorded = w.HTML("")

        na_word = self._t("report_status_not-applicable")

        def agreed(status: str, level: int | None) -> str:
            return na_word if status != "scored" or level is None else format_number(level, self.lang, 0)  # fmt: skip

        def show_recorded() -> None:
            rows = [
                f"<li><strong>{html.escape(c)}</strong>: {html.escape(agreed(st, lv))} — {html.escape(why)}</li>"
                for c, (st, lv, why, _at) in sorted(self.store.consensus().items())
            ]
            so_far = self._t("fac_recorded_so_far", n=format_number(len(rows), self.lang, 0))
            recorded.value = f"<p>{html.escape(so_far)}</p><ul>{''.join(rows)}</ul>" if rows else ""

        def on_record(_b: Any) -> None:
            try:
                na = level.value == -1
                self.store.record_consensus(
                    criterion.value,
                    level=None if na else level.value,
                    rationale=rationale.value,
                    not_applicable=na,
                )
            except GdiError as exc:
                status.value = f"<p role='alert'>{html.escape(exc.in_language(self.lang))}</p>"
                return
            done = self._t("fac_recorded", criterion=criterion.value, time=f"{dt.datetime.now():%H:%M:%S}")  # fmt: skip
            status.value = f"<p role='status'>{html.escape(done)}</p>"
            rationale.value = ""
            show_recorded()

        record.on_click(on_record)
        show_recorded()
        return w.VBox([criterion, level, rationale, record, status, recorded])

    def start_round(self, number: int) -> None:
        """Open round ``number`` (Delphi): everyone starts from their latest answers."""
        self.store.start_round(number)
        self.refresh()

    # -- exports ----------------------------------------------------------------------------------

    def consolidated(self) -> Assessment:
        """The workshop as one assessment: every final answer, the consensus, no names unless allowed."""
        return load_consolidated(self.store)

    def export(self, path: str | os.PathLike[str]) -> Path:
        """Save the consolidated assessment JSON (atomically)."""
        return save_assessment(self.consolidated(), path)

    def report(
        self,
        out_dir: str | os.PathLike[str] = "reports",
        formats: tuple[str, ...] = ("pdf", "html"),
    ) -> dict[str, Path]:
        """Write the workshop's gap report (with its stakeholder section)."""
        from assessment.render.output import write_reports
        from assessment.report import build_report
        from assessment.storage.frameworks import bundled_mapping

        report = build_report(
            self.rubric, self.consolidated(), version=__version__, lang=self.lang,
            frameworks=bundled_mapping(self.rubric),
        )  # fmt: skip
        return write_reports(report, out_dir, formats)
