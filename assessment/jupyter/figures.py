"""The indicator figures of one criterion in the scoring form, beside "What to look for".

A thin shell over :mod:`assessment.reality`: a line that is always in view says what the figures
recorded for the criterion suggest, and whether the person's own rating is far from it; with the
card's target, confidence and evidence (behind their toggle, so a criterion still takes three Tabs
from its levels to the next), one row per indicator of the criterion to type its figure, the year
it is for and where it comes from. The form saves a row once all three hold (:meth:`FiguresPanel.typed`); a row emptied
again removes its figure. Where the store cannot keep figures (a workshop participant's page)
the panel shows the figures the facilitator recorded, read only.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as w

from assessment.reality import (
    DIVERGENCE,
    STALE_AFTER,
    CriterionCheck,
    check_criterion,
    indicator_key,
)
from assessment.responses import IndicatorValue
from assessment.rubric import Criterion, Indicator
from assessment.text import format_number, level_label, parse_number, ui_text

__all__ = ["FigureEntry", "FiguresPanel", "read_figure"]

#: the years a figure may be for (as :class:`~assessment.responses.IndicatorValue` checks)
FIRST_YEAR, LAST_YEAR = 1990, 2100


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


@dataclass(frozen=True)
class FigureEntry:
    """What a row of the panel holds once read: a figure to save, nothing (remove any figure), or
    the interface key of what is still missing or wrong (nothing is saved then)."""

    value: IndicatorValue | None = None
    problem: str | None = None
    problem_fields: tuple[tuple[str, str], ...] = ()

    @property
    def empty(self) -> bool:
        """All three boxes are empty: any recorded figure goes."""
        return self.value is None and self.problem is None


def read_figure(key: str, value: str, year: str, source: str, lang: str, indicator: Indicator | None = None) -> FigureEntry:  # fmt: skip
    """Read the three boxes of one row (``key`` names the indicator: :func:`indicator_key`).

    The figure is read as ``lang`` writes numbers (:func:`~assessment.text.parse_number`) and,
    given the ``indicator``, must be one its unit can hold (:attr:`Indicator.value_range`); the
    year as a whole number from 1990 to 2100, in Western or Arabic-Indic digits.
    """
    v, y, s = value.strip(), year.strip(), " ".join(source.split())
    if not (v or y or s):
        return FigureEntry()
    number = parse_number(v, lang) if v else None
    if not v:
        return FigureEntry(problem="figure_need_value")
    if number is None:
        return FigureEntry(problem="figure_bad_value", problem_fields=(("value", v),))
    if indicator is not None:
        low, high = indicator.value_range
        if not low <= number <= high:
            fields: tuple[tuple[str, str], ...] = (("value", v), ("unit", indicator.unit or "–"), ("low", format_number(low, lang, None)))  # fmt: skip
            if math.isinf(high):  # a count, an amount: 0 or more
                return FigureEntry(problem="figure_below", problem_fields=fields)
            fields += (("high", format_number(high, lang, None)),)
            return FigureEntry(problem="figure_out_of_range", problem_fields=fields)
    year_number = parse_number(y, lang) if y else None
    if not y:
        return FigureEntry(problem="figure_need_year")
    if year_number is None or not year_number.is_integer() or not FIRST_YEAR <= year_number <= LAST_YEAR:  # fmt: skip
        return FigureEntry(problem="figure_bad_year", problem_fields=(("year", y), ("first", str(FIRST_YEAR)), ("last", str(LAST_YEAR))))  # fmt: skip
    if not s:
        return FigureEntry(problem="figure_need_source")
    try:
        return FigureEntry(value=IndicatorValue(code=key, value=number, year=int(year_number), source=s))  # fmt: skip
    except ValueError:  # a control character pasted into the source
        return FigureEntry(problem="figure_bad_source")


class _Row:
    """The boxes of one indicator."""

    def __init__(self, criterion: Criterion, ind: Indicator, t: Callable[..., str], editable: bool) -> None:  # fmt: skip
        self.key = indicator_key(criterion, ind)
        self.indicator = ind
        style = {"description_width": "initial"}
        name = f"{ind.code} · {ind.name}" if ind.code else ind.name
        extra = [x for x in (ind.unit, ind.source) if x]
        about = f"{name} ({', '.join(extra)})" if extra else name
        if ind.thresholds:
            about += f"; {t('indicator_thresholds', thresholds=', '.join(f'{x:g}' for x in ind.thresholds))}"  # fmt: skip
        self.label = w.HTML(f'<p class="gdi-figure-name"><strong>{_esc(about)}</strong></p>')
        # the label names the indicator by its code; one without a code is named by the heading
        # just above (its name is too long for a label beside a box)
        self.value = w.Text(
            description=t("figure_value", indicator=ind.code)
            if ind.code
            else t("figure_value_plain"),  # fmt: skip
            placeholder=ind.unit if ind.unit and len(ind.unit) <= 12 else "",
            continuous_update=True,
            style=style,
            layout=w.Layout(width="18rem", max_width="100%"),
        )
        self.year = w.Text(
            description=t("figure_year"),
            continuous_update=True,
            style=style,
            layout=w.Layout(width="9rem", max_width="100%"),
        )
        self.source = w.Text(
            description=t("figure_source"),
            placeholder=t("figure_source_placeholder"),
            continuous_update=True,
            style=style,
            layout=w.Layout(flex="1 1 16rem", max_width="100%"),
        )
        self.remove = w.Button(
            description=t("figure_remove"),
            tooltip=t("figure_remove_hint", indicator=ind.code or ind.name),
            layout=w.Layout(width="auto", display="none"),
        )
        self.result = w.HTML("")
        for box in (self.value, self.year, self.source):
            box.disabled = not editable
        self.box = w.VBox(
            [
                self.label,
                w.HBox(
                    [self.value, self.year, self.source, self.remove],
                    layout=w.Layout(flex_flow="row wrap", align_items="center"),
                ),
                self.result,
            ]
        )
        self.box.add_class("gdi-figure")

    @property
    def inputs(self) -> tuple[w.Text, w.Text, w.Text]:
        return (self.value, self.year, self.source)


class FiguresPanel:
    """The figures of one criterion's indicators: what they suggest, and the boxes to record them.

    ``year`` is the assessment's (a figure ``stale_after`` years older is stale); ``editable``
    False shows the recorded figures without boxes to change them.
    """

    def __init__(
        self,
        criterion: Criterion,
        kind: str,
        lang: str,
        year: int,
        *,
        editable: bool = True,
        divergence: int = DIVERGENCE,
        stale_after: int = STALE_AFTER,
    ) -> None:
        self.criterion = criterion
        self.kind = kind
        self.lang = lang
        self.year = year
        self.editable = editable
        self.divergence = divergence
        self.stale_after = stale_after
        self.recorded: tuple[IndicatorValue, ...] = ()
        self.self_rated: float | None = None
        self.check: CriterionCheck = check_criterion(criterion, (), kind=kind, year=year)
        self.rows: dict[str, _Row] = {}
        #: what the figures suggest and the warning: always in view (no Tab stop of its own)
        self.line = w.HTML("")
        self.line.add_class("gdi-figures-summary")
        #: the boxes, built on :meth:`build` (the card shows them with target and evidence)
        self.body = w.VBox([])
        self.body.add_class("gdi-figures")
        self._on_build: Callable[[FiguresPanel], None] | None = None

    def _t(self, key: str, **values: object) -> str:
        return ui_text(key, self.lang, **values)

    # -- the boxes, built when first opened --------------------------------------------------------

    def on_build(self, callback: Callable[[FiguresPanel], None]) -> None:
        """Call ``callback`` once the rows are built (the form observes their boxes then)."""
        self._on_build = callback

    def build(self) -> None:
        """Build the rows now (the card builds them when its details first open)."""
        if self.rows:
            return
        intro = self._t("figures_intro" if self.editable else "figures_read_only")
        rows = [_Row(self.criterion, ind, self._t, self.editable) for ind in self.criterion.indicators]  # fmt: skip
        self.rows = {r.key: r for r in rows}
        heading = f'<h4 class="gdi-figures-title">{_esc(self._t("figures_toggle"))}</h4>'
        self.body.children = [w.HTML(f'{heading}<p class="gdi-figures-intro">{_esc(intro)}</p>'), *(r.box for r in rows)]  # fmt: skip
        self._fill(every=True)
        if self._on_build is not None:
            self._on_build(self)

    # -- what is shown -----------------------------------------------------------------------------

    def show(self, recorded: Sequence[IndicatorValue], self_rated: float | None, *, rows: bool = True) -> None:  # fmt: skip
        """Show ``recorded`` (the criterion's figures) against ``self_rated`` (the person's level,
        None without one); ``rows`` False leaves what is typed in the boxes alone."""
        self.recorded = tuple(recorded)
        self.self_rated = self_rated
        self.check = check_criterion(
            self.criterion, self.recorded, kind=self.kind, year=self.year, self_rated=self_rated,
            divergence=self.divergence, stale_after=self.stale_after,
        )  # fmt: skip
        self.line.value = self._line()
        if self.rows:
            self._fill(every=rows)

    def _level(self, level: float) -> str:
        return self._t("level_label", level=format_number(level, self.lang, 0), label=level_label(int(level), self.lang))  # fmt: skip

    def _line(self) -> str:
        c = self.check
        if not c.figures:
            return f'<p class="gdi-figures-line">{_esc(self._t("figures_none"))}</p>'
        parts = [self._t("figures_count", n=format_number(len(c.figures), self.lang, 0))]
        if c.suggested is not None:
            parts.append(self._t("figures_suggest", level=self._level(c.suggested)))
        else:
            parts.append(self._t("figures_context"))
        if c.stale:
            parts.append(self._t("figures_some_stale", years=format_number(self.stale_after, self.lang, 0)))  # fmt: skip
        text = " ".join(parts)
        flag = ""
        if c.divergent and c.suggested is not None and not math.isnan(c.self_rated):
            warn = self._t(
                "figures_divergent",
                rated=self._level(c.self_rated),
                suggested=self._level(c.suggested),
                difference=format_number(abs(c.difference), self.lang, 0),
            )
            flag = f'<p class="gdi-alert gdi-divergent" role="note">⚠ {_esc(warn)}</p>'
        return f'<p class="gdi-figures-line">{_esc(text)}</p>{flag}'

    def _fill(self, *, every: bool) -> None:
        """Put the recorded figures in the rows (``every``) and say what each suggests."""
        by_key = {f.key: f for f in self.check.figures}
        for key, row in self.rows.items():
            figure = by_key.get(key)
            if every:
                v = figure.value if figure else None
                row.value.value = "" if v is None else format_number(v.value, self.lang)
                row.year.value = "" if v is None else str(v.year)
                row.source.value = "" if v is None else v.source
            row.remove.layout.display = "" if figure is not None and self.editable else "none"
            row.result.value = self._result(figure) if figure is not None else ""

    def _result(self, figure: Any) -> str:
        bits = []
        if figure.suggested is not None:
            bits.append(self._t("figure_suggests", level=self._level(figure.suggested)))
        elif figure.note == "not-for-kind":
            bits.append(self._t("figure_not_for_kind"))
        else:
            bits.append(self._t("figure_no_thresholds"))
        if figure.stale:
            bits.append(self._t("figure_stale", year=str(figure.value.year)))
        return f'<p class="gdi-figure-result">{_esc(" ".join(bits))}</p>'

    def say(self, key: str, problem: str, **fields: str) -> None:
        """Say under row ``key`` what it still needs (nothing is saved meanwhile)."""
        row = self.rows[key]
        row.result.value = (
            f'<p class="gdi-alert" role="alert">{_esc(self._t(problem, **fields))}</p>'
        )

    # -- what is typed -----------------------------------------------------------------------------

    def typed(self, key: str) -> FigureEntry:
        """What row ``key`` holds now (:func:`read_figure`)."""
        row = self.rows[key]
        return read_figure(key, row.value.value, row.year.value, row.source.value, self.lang, row.indicator)  # fmt: skip

    def clear(self, key: str) -> None:
        """Empty row ``key`` (its figure is then removed)."""
        for box in self.rows[key].inputs:
            box.value = ""

    @property
    def inputs(self) -> tuple[w.Text, ...]:
        return tuple(box for r in self.rows.values() for box in r.inputs)
