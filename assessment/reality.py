"""Reality check: each self-rating held against the indicator figures recorded for its criterion.

Pure. The rubric's thresholds turn a figure into a suggested level (``Indicator.suggest_level``);
a criterion with several such figures gets the median of their levels, rounded down; a
self-rating 2 or more levels away from that is *divergent*, and a figure 3 or more years older
than the assessment is *stale*. Also here: merging figures read from a file into an assessment
(which criterion each belongs to, what is added, updated or left out, and why), and the
correspondence of published series (World Bank, ITU) to the rubric's indicator codes.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from pydantic import ValidationError

from assessment.errors import Problem, ProblemsError
from assessment.problems import problem
from assessment.responses import Assessment, IndicatorValue, RealityRules, problems_from
from assessment.rubric import Criterion, CriterionRef, Indicator, Rubric
from assessment.scoring import Scores

__all__ = [
    "DIVERGENCE",
    "IGNORED_REASONS",
    "MISSING_COLUMNS",
    "REALITY_COLUMNS",
    "STALE_AFTER",
    "CriterionCheck",
    "FigureCheck",
    "FoundValue",
    "IgnoredValue",
    "IndicatorChange",
    "IndicatorMerge",
    "Series",
    "SeriesMap",
    "check_criterion",
    "find_indicator",
    "indicator_key",
    "indicator_label",
    "indicator_problem",
    "merge_indicator_values",
    "missing_indicators",
    "parse_indicator_series",
    "reality_by_criterion",
    "reality_check",
    "reality_notice",
    "reality_rules",
    "suggest_for_criterion",
    "with_indicator_value",
    "with_reality_rules",
    "without_indicator_value",
]

#: a self-rating this many levels or more from the suggested level is divergent
DIVERGENCE = 2
#: a figure this many years or more older than the assessment (by calendar year) is stale
STALE_AFTER = 3


def reality_rules(assessment: Assessment) -> tuple[int, int]:
    """(divergence, stale_after) for ``assessment``: its own rules (``assessment.reality``),
    else :data:`DIVERGENCE` and :data:`STALE_AFTER`."""
    rules = assessment.reality
    return (DIVERGENCE, STALE_AFTER) if rules is None else (rules.divergence, rules.stale_after)


def with_reality_rules(
    assessment: Assessment, *, divergence: int | None = None, stale_after: int | None = None
) -> Assessment:
    """``assessment`` with its reality check's rules changed where given (checked: 1–4 levels,
    1–50 years); the defaults are not written when both are back at them."""
    d, s = reality_rules(assessment)
    rules = RealityRules(divergence=d if divergence is None else divergence, stale_after=s if stale_after is None else stale_after)  # fmt: skip
    same = (rules.divergence, rules.stale_after) == (DIVERGENCE, STALE_AFTER)
    return assessment._copy(reality=None if same else rules)


#: the columns of :func:`reality_check`, in order
REALITY_COLUMNS: tuple[str, ...] = (
    "criterion",
    "title",
    "pillar",
    "key",
    "code",
    "indicator",
    "value",
    "unit",
    "year",
    "source",
    "age",
    "stale",
    "thresholds",
    "direction",
    "suggested",
    "criterion_suggested",
    "self_rated",
    "status",
    "difference",
    "divergent",
    "note",
)

#: the columns of :func:`missing_indicators`, in order
MISSING_COLUMNS: tuple[str, ...] = (
    "criterion",
    "title",
    "pillar",
    "key",
    "code",
    "indicator",
    "unit",
    "source",
    "thresholds",
    "direction",
)

#: why a figure of a file was not recorded -> the interface text that says so (its fields are
#: :attr:`IgnoredValue.fields`)
IGNORED_REASONS: Mapping[str, str] = {
    "series-unknown": "reality_ignored_series_unknown",
    "series-unused": "reality_ignored_series_unused",
    "no-data": "reality_ignored_no_data",
    "none-up-to-year-max": "reality_ignored_none_up_to_year_max",
    "after-year-max": "reality_ignored_after_year_max",
    "other-countries": "reality_ignored_other_countries",
    "breakdown": "reality_ignored_breakdown",
    "not-for-kind": "reality_ignored_not_for_kind",
    "older-row": "reality_ignored_older_row",
    "older-than-recorded": "reality_ignored_older_than_recorded",
    "after-assessment": "reality_ignored_after_assessment",
}


# --------------------------------------------------------------------------------------------------
# Which indicator a code names


#: ``#2``: an indicator by its place among its criterion's indicators
_PLACE = re.compile(r"#\s*(\d{1,3})")


def _norm(text: str) -> str:
    """Text compared as a person reads it: case and runs of spaces do not matter."""
    return " ".join(text.split()).casefold()


def indicator_key(criterion: Criterion, indicator: Indicator) -> str:
    """What names ``indicator`` of ``criterion`` in recorded values: its code, or, where it has
    none, ``#`` and its place among the criterion's indicators (``#2``): names are translated,
    places are the same in every language."""
    if indicator.code:
        return indicator.code
    return f"#{next(i for i, x in enumerate(criterion.indicators) if x is indicator) + 1}"


def indicator_label(indicator: Indicator) -> str:
    """What to show a person for ``indicator``: its code, or its name where it has none."""
    return indicator.code or indicator.name


def find_indicator(criterion: Criterion, code: str) -> Indicator | None:
    """The indicator of ``criterion`` that ``code`` names: its code, ``#`` and its place
    (``#2``), or its name (as the rubric in hand words it), in any case and spacing; None when it
    names none."""
    wanted = _norm(code)
    for ind in criterion.indicators:
        if ind.code is not None and _norm(ind.code) == wanted:
            return ind
    place = _PLACE.fullmatch(wanted)
    if place is not None:
        n = int(place.group(1))
        return criterion.indicators[n - 1] if 1 <= n <= len(criterion.indicators) else None
    for ind in criterion.indicators:
        if _norm(ind.name) == wanted:
            return ind
    return None


def _listing(rubric: Rubric, code: str) -> list[tuple[CriterionRef, Indicator]]:
    """Every criterion of ``rubric`` (rubric order) with its indicator that ``code`` names (a
    place, ``#2``, names an indicator of one criterion only: none here)."""
    if _PLACE.fullmatch(_norm(code)):
        return []
    out = []
    for ref in rubric.refs:
        ind = find_indicator(ref.criterion, code)
        if ind is not None:
            out.append((ref, ind))
    return out


def indicator_problem(
    rubric: Rubric, criterion: Criterion, code: str
) -> tuple[str, dict[str, Any]] | None:
    """The catalogue code and fields of the problem with recording ``code`` for ``criterion``
    (None when the criterion lists that indicator): ``unknown-indicator`` when other criteria
    list it, ``unknown-indicator-code`` when no criterion of the rubric does."""
    if find_indicator(criterion, code) is not None:
        return None
    listed = [ref.criterion.id for ref, _ in _listing(rubric, code)]
    if listed:
        valid = "; ".join(indicator_label(i) for i in criterion.indicators) or "–"
        return "unknown-indicator", {
            "code": code,
            "criterion": criterion.id,
            "listed": ", ".join(listed),
            "valid": valid,
        }
    return "unknown-indicator-code", {"code": code, "rubric": rubric.id, "example": _example_code(rubric)}  # fmt: skip


def _example_code(rubric: Rubric) -> str:
    """The first indicator code of ``rubric`` (its first indicator's name when none has one)."""
    indicators = [i for r in rubric.refs for i in r.criterion.indicators]
    return next((i.code for i in indicators if i.code), indicators[0].name if indicators else "")


# --------------------------------------------------------------------------------------------------
# Published series -> the rubric's indicator codes (rubrics/reference/indicator-series.yaml)


@dataclass(frozen=True, slots=True)
class Series:
    """A published statistical series that measures one of the rubrics' indicator codes.

    ``publisher`` is ``wdi`` (the World Bank's World Development Indicators) or ``itu`` (ITU's
    DataHub); ``id`` is the publisher's series code (``IT.NET.USER.ZS``, ``i99H``); ``names``
    are the series' names as the publisher writes them (an ITU file may carry only the name).
    """

    publisher: str
    id: str
    code: str
    names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SeriesMap:
    """Which published series fill which indicator code, and the units of the national totals.

    ``totals``: for a code the rubrics cite both as a national total and as a breakdown (rural,
    an age group, one skill), the units of the rubrics' indicators that take the national total.
    """

    series: tuple[Series, ...] = ()
    totals: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def find(self, publisher: str, series: str | None, name: str | None = None) -> Series | None:
        """The series ``publisher`` publishes as ``series`` (its code, in any case), or, with no
        code or an unknown one, by its name."""
        for s in self.series:
            if s.publisher == publisher and series and _norm(s.id) == _norm(series):
                return s
        for s in self.series:
            if s.publisher == publisher and name and _norm(name) in {_norm(n) for n in s.names}:
                return s
        return None


def parse_indicator_series(data: Any, source: str = "<series>") -> SeriesMap:
    """The series correspondence from its plain data (``format: gdi-indicator-series/1``).

    Raises ``ValueError`` naming what is wrong: the file ships with the toolkit and a test keeps
    it well formed, so a fault is a bug, not a user's mistake.
    """
    if not isinstance(data, Mapping) or data.get("format") != "gdi-indicator-series/1":
        raise ValueError(f"{source}: not a gdi-indicator-series/1 mapping")
    found: list[Series] = []
    for publisher, table in (data.get("series") or {}).items():
        if publisher not in ("wdi", "itu") or not isinstance(table, Mapping):
            raise ValueError(f"{source}: series.{publisher}: expected wdi or itu, each a mapping")
        for sid, entry in table.items():
            if not isinstance(entry, Mapping) or not isinstance(entry.get("code"), str):
                raise ValueError(f"{source}: series.{publisher}.{sid}: needs a code")
            names = [entry.get("name"), *(entry.get("names") or ())]
            found.append(Series(publisher, str(sid), entry["code"], tuple(str(n) for n in names if n)))  # fmt: skip
    totals: dict[str, tuple[str, ...]] = {}
    for code, units in (data.get("totals") or {}).items():
        if not isinstance(units, list) or not all(isinstance(u, str) for u in units):
            raise ValueError(f"{source}: totals.{code}: expected a list of units")
        totals[str(code)] = tuple(units)
    return SeriesMap(series=tuple(found), totals=totals)


# --------------------------------------------------------------------------------------------------
# Merging the figures of a file into an assessment


@dataclass(frozen=True, slots=True)
class FoundValue:
    """A figure read from a file, before it is placed under a criterion.

    ``code`` names a rubric indicator (see :func:`find_indicator`); ``criterion`` is None when the
    file does not say (every World Bank or ITU figure): the figure then goes to each criterion
    that lists the code (see :func:`merge_indicator_values`). ``series`` is the publisher's
    series code when the figure comes from a published series; ``row`` and the column names
    locate problems.
    """

    code: str
    value: float
    year: int
    source: str
    unit: str | None = None
    criterion: str | None = None
    series: str | None = None
    row: int | None = None
    code_column: str = "code"
    criterion_column: str = "criterion"
    value_column: str = "value"


@dataclass(frozen=True, slots=True)
class IgnoredValue:
    """A figure (or a group of them) not recorded, and why: ``reason`` is a key of
    :data:`IGNORED_REASONS`, ``fields`` fill its text."""

    reason: str
    fields: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class IndicatorChange:
    """A figure recorded for a criterion, and the one it replaced (None when it is new)."""

    criterion: str
    value: IndicatorValue
    before: IndicatorValue | None = None


@dataclass(frozen=True, slots=True)
class IndicatorMerge:
    """The assessment with a file's figures recorded, and what happened to each figure."""

    assessment: Assessment
    added: tuple[IndicatorChange, ...] = ()
    updated: tuple[IndicatorChange, ...] = ()
    unchanged: tuple[IndicatorChange, ...] = ()
    ignored: tuple[IgnoredValue, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether anything was added or updated."""
        return bool(self.added or self.updated)


@dataclass
class _Placing:
    """What resolving a file's figures against the rubric produced."""

    placed: list[tuple[CriterionRef, Indicator, FoundValue]] = field(default_factory=list)
    ignored: list[IgnoredValue] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _closest(wrong: str, rubric: Rubric) -> str:
    ids = list(rubric.by_id)
    close = difflib.get_close_matches(wrong, ids, n=1, cutoff=0.5)
    return close[0] if close else (ids[0] if ids else "")


def _place_named(fv: FoundValue, rubric: Rubric, kind: str, source: str, out: _Placing) -> None:
    """A figure the file gives a criterion for: that criterion, if it lists the indicator."""
    assert fv.criterion is not None
    ref = rubric.by_id.get(fv.criterion)
    if ref is None:
        out.problems.append(problem("unknown-criterion", field=fv.criterion_column, criterion=fv.criterion, rubric=rubric.id, example=_closest(fv.criterion, rubric), source=source, line=fv.row))  # fmt: skip
        return
    if kind not in ref.criterion.applies_to:
        article = "an" if kind[0] in "aeiou" else "a"
        out.problems.append(problem("criterion-not-for-kind", field=fv.criterion_column, criterion=fv.criterion, article=article, kind=kind, applies=", ".join(ref.criterion.applies_to), source=source, line=fv.row))  # fmt: skip
        return
    ind = find_indicator(ref.criterion, fv.code)
    if ind is None:
        code, params = indicator_problem(rubric, ref.criterion, fv.code) or ("", {})
        out.problems.append(problem(code, source=source, line=fv.row, field=fv.code_column, **params))  # fmt: skip
        return
    out.placed.append((ref, ind, fv))


def _place_unnamed(
    fv: FoundValue, rubric: Rubric, kind: str, totals: Mapping[str, Sequence[str]], source: str, out: _Placing
) -> None:  # fmt: skip
    """A figure without a criterion: every criterion asked of ``kind`` that lists its code, in
    the unit of the national total where the code is also cited for breakdowns."""
    if _PLACE.fullmatch(_norm(fv.code)):  # "#2" says which indicator of a criterion: which one?
        out.problems.append(problem("missing-criterion", source=source, line=fv.row, field=fv.criterion_column))  # fmt: skip
        return
    listing = _listing(rubric, fv.code)
    what = fv.series or fv.code
    if not listing:
        if fv.series is not None:  # a published series this rubric does not use
            out.ignored.append(IgnoredValue("series-unused", {"series": fv.series, "code": fv.code, "rubric": rubric.id}))  # fmt: skip
        else:
            params = {"code": fv.code, "rubric": rubric.id, "example": _example_code(rubric)}
            out.problems.append(problem("unknown-indicator-code", source=source, line=fv.row, field=fv.code_column, **params))  # fmt: skip
        return
    asked = [(r, i) for r, i in listing if kind in r.criterion.applies_to]
    if not asked:
        ids = ", ".join(r.criterion.id for r, _ in listing)
        out.ignored.append(IgnoredValue("not-for-kind", {"code": what, "kind": kind, "criteria": ids}))  # fmt: skip
        return
    total_units = {_norm(u) for key, units in totals.items() if _norm(key) == _norm(fv.code) for u in units}  # fmt: skip
    for ref, ind in asked:
        if total_units and _norm(ind.unit or "") not in total_units:
            fields = {"criterion": ref.criterion.id, "code": indicator_label(ind), "unit": ind.unit or "–", "row": fv.row or "–"}  # fmt: skip
            out.ignored.append(IgnoredValue("breakdown", fields))
        else:
            out.placed.append((ref, ind, fv))


def _rubric_order(placed: tuple[CriterionRef, Indicator, FoundValue]) -> tuple[int, int]:
    ref, ind, _ = placed
    return ref.position, next(i for i, x in enumerate(ref.criterion.indicators) if x is ind)


def _rows(values: Sequence[FoundValue]) -> str:
    return " and ".join(f"row {v.row}" if v.row is not None else "the file" for v in values)


def _latest(
    placed: list[tuple[CriterionRef, Indicator, FoundValue]], source: str, out: _Placing
) -> dict[tuple[str, int], tuple[CriterionRef, Indicator, FoundValue]]:
    """One figure per criterion and indicator: the latest year (two different figures for the
    same year are a problem; the older years are left out, and said so)."""
    groups: dict[tuple[str, int], list[tuple[CriterionRef, Indicator, FoundValue]]] = {}
    for ref, ind, fv in placed:
        pos = next(i for i, x in enumerate(ref.criterion.indicators) if x is ind)
        groups.setdefault((ref.criterion.id, pos), []).append((ref, ind, fv))
    chosen = {}
    for key, items in groups.items():
        top = max(fv.year for _, _, fv in items)
        newest = [x for x in items if x[2].year == top]
        if len({x[2].value for x in newest}) > 1:
            ref, ind, fv = newest[1]
            places = _rows([x[2] for x in newest[:2]])
            out.problems.append(problem("duplicate-indicator-value", source=source, line=fv.row, field=fv.value_column, code=indicator_label(ind), criterion=ref.criterion.id, places=places))  # fmt: skip
            continue
        chosen[key] = newest[0]
        for ref, ind, fv in items:
            if fv.year < top and fv.row is not None:
                fields = {"row": fv.row, "criterion": ref.criterion.id, "code": indicator_label(ind), "year": fv.year, "newer": newest[0][2].row or "–", "newer_year": top}  # fmt: skip
                out.ignored.append(IgnoredValue("older-row", fields))
    return chosen


def _as_value(ref: CriterionRef, ind: Indicator, fv: FoundValue, source: str, out: _Placing) -> IndicatorValue | None:  # fmt: skip
    """The figure as the assessment records it (its problems, at its row, when it cannot be)."""
    try:
        value = IndicatorValue(code=indicator_key(ref.criterion, ind), value=fv.value, year=fv.year, source=fv.source, unit=fv.unit)  # fmt: skip
    except ValidationError as exc:
        columns = {"value": fv.value_column, "code": fv.code_column}
        for p in problems_from(exc, source):
            name = p.field.split(".")[0]
            out.problems.append(dataclasses.replace(p, line=fv.row, field=columns.get(name, name)))
        return None
    wrong = range_problem(ind, value.value)
    if wrong is not None:
        out.problems.append(problem("indicator-value-range", source=source, line=fv.row, field=fv.value_column, **wrong))  # fmt: skip
        return None
    return value


def range_problem(ind: Indicator, value: float) -> dict[str, Any] | None:
    """The fields of the ``indicator-value-range`` problem when ``value`` is outside what the
    indicator's unit can take (:attr:`Indicator.value_range`), else None."""
    low, high = ind.value_range
    if low <= value <= high:
        return None

    def bound(v: float) -> str:
        return "any" if math.isinf(v) else f"{v:g}"

    return {"value": f"{value:g}", "code": indicator_label(ind), "unit": ind.unit or "–", "low": bound(low), "high": bound(high)}  # fmt: skip


def _raise(problems: Sequence[Problem], source: str) -> None:
    from assessment.text import ui_plural

    # one figure placed in several criteria is one problem, said once
    unique = {(p.line, p.field, p.code, p.message): p for p in problems}
    ordered = sorted(unique.values(), key=lambda p: p.line or 0)
    head = ui_plural("problems_nothing_imported", len(ordered), "en", source=source)
    raise ProblemsError(ordered, head, summary_key="problems_nothing_imported", source=source)


def _recorded(assessment: Assessment, criterion: Criterion, ind: Indicator) -> IndicatorValue | None:  # fmt: skip
    for v in assessment.indicators.get(criterion.id, ()):
        if find_indicator(criterion, v.code) is ind:
            return v
    return None


def _ordered(
    table: Mapping[str, Sequence[IndicatorValue]], rubric: Rubric
) -> dict[str, tuple[IndicatorValue, ...]]:
    """The values in rubric order: criteria as the rubric lists them, then each criterion's
    indicators (values the rubric does not know stay, at the end)."""

    def position(cid: str, v: IndicatorValue) -> int:
        ref = rubric.by_id.get(cid)
        ind = find_indicator(ref.criterion, v.code) if ref else None
        if ref is None or ind is None:
            return 1_000_000
        return next(i for i, x in enumerate(ref.criterion.indicators) if x is ind)

    def rank(cid: str) -> int:
        ref = rubric.by_id.get(cid)
        return ref.position if ref is not None else 1_000_000

    return {
        cid: tuple(sorted(table[cid], key=lambda v: position(cid, v)))
        for cid in sorted(table, key=rank)
        if table[cid]
    }


def _drop_later(out: _Placing, assessment: Assessment) -> None:
    """Leave out the figures for a year after the assessment's: a self-rating cannot be checked
    against evidence that did not exist yet (an earlier figure of the same indicator counts)."""
    year = assessment.date.year
    later = [p for p in out.placed if p[2].year > year]
    out.placed = [p for p in out.placed if p[2].year <= year]
    for ref, ind, fv in later:
        fields = {"row": fv.row or "–", "criterion": ref.criterion.id, "code": indicator_label(ind), "year": fv.year, "date": assessment.date.isoformat()}  # fmt: skip
        out.ignored.append(IgnoredValue("after-assessment", fields))


def merge_indicator_values(
    assessment: Assessment,
    rubric: Rubric,
    found: Sequence[FoundValue],
    *,
    totals: Mapping[str, Sequence[str]] | None = None,
    source: str = "<input>",
    ignored: Sequence[IgnoredValue] = (),
) -> IndicatorMerge:
    """``assessment`` with the figures ``found`` in a file recorded, and what became of each.

    A figure with a criterion goes to that criterion, which must list its indicator. A figure
    without one goes to every criterion asked of the entity that lists its code, except, for a
    code in ``totals``, criteria that cite it in a unit other than the national total's (a rural
    or age-group figure is not the national one; they are listed in ``ignored``). Per criterion
    and indicator the latest year up to the assessment's counts (a later year is left out, and so
    is an earlier year than the one recorded); the
    same year replaces the recorded figure when it differs (a revised figure). Other answers
    stay as they are. ``ignored`` (what the file reader left out) comes first in the result.

    Give ``rubric`` in its own language, as a file names indicators and ``totals`` names units
    (a translated rubric translates both).

    Raises
    ------
    ProblemsError
        Every figure that cannot be placed (an unknown criterion or code, two figures for the
        same year), each located at its row and column; nothing is recorded.
    """
    kind = assessment.entity.kind
    out = _Placing(ignored=list(ignored))
    for fv in found:
        if fv.criterion is not None:
            _place_named(fv, rubric, kind, source, out)
        else:
            _place_unnamed(fv, rubric, kind, totals or {}, source, out)
    _drop_later(out, assessment)
    chosen = _latest(sorted(out.placed, key=_rubric_order), source, out)
    values = {key: _as_value(ref, ind, fv, source, out) for key, (ref, ind, fv) in chosen.items()}
    if out.problems:
        _raise(out.problems, source)
    table = {cid: list(values) for cid, values in assessment.indicators.items()}
    added, updated, unchanged = [], [], []
    for key, (ref, ind, fv) in chosen.items():
        cid = ref.criterion.id
        new = values[key]
        assert new is not None  # a figure that is not valid is a problem, raised above
        before = _recorded(assessment, ref.criterion, ind)
        if before is not None and fv.year < before.year:
            fields = {"criterion": cid, "code": new.code, "year": fv.year, "recorded": before.value, "recorded_year": before.year}  # fmt: skip
            out.ignored.append(IgnoredValue("older-than-recorded", fields))
            continue
        change = IndicatorChange(cid, new, before)
        if before is None:
            added.append(change)
        elif before.model_copy(update={"code": new.code}) == new:
            unchanged.append(change)
            continue
        else:
            updated.append(change)
        table[cid] = [v for v in table.get(cid, []) if v is not before] + [new]
    merged = assessment._copy(indicators=_ordered(table, rubric)) if added or updated else assessment  # fmt: skip
    return IndicatorMerge(merged, tuple(added), tuple(updated), tuple(unchanged), tuple(out.ignored))  # fmt: skip


def _indicator_of(rubric: Rubric, criterion: str, code: str, source: str) -> tuple[CriterionRef, Indicator]:  # fmt: skip
    """The criterion and its indicator that ``code`` names; a :class:`ProblemsError` if none."""
    ref = rubric.by_id.get(criterion)
    if ref is None:
        params: dict[str, Any] = {"criterion": criterion, "rubric": rubric.id, "example": _closest(criterion, rubric)}  # fmt: skip
        found: tuple[str, dict[str, Any]] = ("unknown-criterion", params)
    else:
        ind = find_indicator(ref.criterion, code)
        if ind is not None:
            return ref, ind
        found = indicator_problem(rubric, ref.criterion, code) or ("", {})
    raise ProblemsError([problem(found[0], source=source, field=f"indicators.{criterion}", **found[1])])  # fmt: skip


def with_indicator_value(
    assessment: Assessment, rubric: Rubric, criterion: str, value: IndicatorValue
) -> Assessment:
    """``assessment`` with ``value`` recorded for ``criterion``, in place of any figure recorded
    for the same indicator (whatever its year: a form's edit or correction).

    Raises
    ------
    ProblemsError
        ``criterion`` is not the rubric's, or does not list the indicator ``value.code`` names.
    """
    ref, ind = _indicator_of(rubric, criterion, value.code, "<form>")
    wrong = range_problem(ind, value.value)
    if wrong is not None:
        raise ProblemsError([problem("indicator-value-range", source="<form>", field=f"indicators.{criterion}", **wrong)])  # fmt: skip
    kept = [v for v in assessment.indicators.get(criterion, ()) if find_indicator(ref.criterion, v.code) is not ind]  # fmt: skip
    table = {**assessment.indicators, criterion: (*kept, value.model_copy(update={"code": indicator_key(ref.criterion, ind)}))}  # fmt: skip
    return assessment._copy(indicators=_ordered(table, rubric))


def without_indicator_value(
    assessment: Assessment, rubric: Rubric, criterion: str, code: str
) -> Assessment:
    """``assessment`` without the figure recorded for ``criterion``'s indicator ``code`` (the
    same assessment when none is recorded)."""
    ref, ind = _indicator_of(rubric, criterion, code, "<form>")
    recorded = assessment.indicators.get(criterion, ())
    kept = tuple(v for v in recorded if find_indicator(ref.criterion, v.code) is not ind)
    if len(kept) == len(recorded):
        return assessment
    return assessment._copy(indicators=_ordered({**assessment.indicators, criterion: kept}, rubric))


# --------------------------------------------------------------------------------------------------
# The reality check


def suggest_for_criterion(levels: Sequence[int | None]) -> int | None:
    """The level the figures of one criterion suggest together: the median of the levels they
    suggest one by one, rounded down (None when none suggests a level).

    Rounded down as the rubrics read levels: the lower level until every part of the higher one
    holds. ``[1, 2]`` -> 1, ``[0, 2, 3]`` -> 2, ``[4, 1]`` -> 2.
    """
    known = [lv for lv in levels if lv is not None]
    return math.floor(statistics.median(known)) if known else None


def _note(ind: Indicator, kind: str) -> str:
    """Why a figure suggests no level: the indicator has no thresholds, or they do not judge
    this kind of entity (a national benchmark says nothing about one organisation)."""
    if ind.thresholds is None:
        return "no-thresholds"
    return "" if kind in ind.threshold_kinds else "not-for-kind"


def _self_rating(scores: Scores, cid: str) -> tuple[float, str]:
    crit = scores.criteria
    if cid not in crit.index:
        return math.nan, "not-asked"  # another kind's criterion, or not on the short form
    score: Any = crit.at[cid, "score"]
    return (math.nan if pd.isna(score) else float(score)), str(crit.at[cid, "status"])


@dataclass(frozen=True)
class FigureCheck:
    """One recorded figure held against its indicator's thresholds."""

    indicator: Indicator
    key: str  #: what names the indicator in recorded values (:func:`indicator_key`)
    value: IndicatorValue
    suggested: int | None  #: the level the thresholds give the figure (None: see ``note``)
    age: int  #: the assessment's year minus the figure's
    stale: bool
    note: str  #: why no level is suggested: ``no-thresholds``, ``not-for-kind``, or empty


@dataclass(frozen=True)
class CriterionCheck:
    """The figures of one criterion together, beside its self-rating."""

    figures: tuple[FigureCheck, ...]  #: in the order the criterion lists its indicators
    suggested: int | None  #: :func:`suggest_for_criterion` of the figures' levels
    self_rated: float  #: NaN when the criterion has no score
    difference: float  #: self-rated minus suggested (NaN when either is missing)
    divergent: bool  #: the two ``divergence`` levels or more apart

    @property
    def stale(self) -> bool:
        """Whether any figure is stale."""
        return any(f.stale for f in self.figures)


def check_criterion(
    criterion: Criterion,
    values: Sequence[IndicatorValue],
    *,
    kind: str,
    year: int,
    self_rated: float | None = None,
    divergence: int = DIVERGENCE,
    stale_after: int = STALE_AFTER,
) -> CriterionCheck:
    """Hold the figures recorded for ``criterion`` (``values``) against its thresholds and the
    self-rating ``self_rated`` (None or NaN: no score) of an assessment of ``kind`` made in
    ``year``. Figures naming none of the criterion's indicators are left out. The reality check
    of one card of the form, and of every criterion in :func:`reality_check`.
    """
    if divergence < 1 or stale_after < 1:
        raise ValueError("divergence and stale_after must be 1 or more")
    found = []
    for v in values:
        ind = find_indicator(criterion, v.code)
        if ind is not None:
            pos = next(i for i, x in enumerate(criterion.indicators) if x is ind)
            level = ind.suggest_level(v.value, kind)
            age = year - v.year
            note = "" if level is not None else _note(ind, kind)
            found.append((pos, FigureCheck(ind, indicator_key(criterion, ind), v, level, age, age >= stale_after, note)))  # fmt: skip
    found.sort(key=lambda x: x[0])
    figures = tuple(f for _, f in found)
    combined = suggest_for_criterion([f.suggested for f in figures])
    rated = math.nan if self_rated is None else float(self_rated)
    difference = rated - combined if combined is not None else math.nan
    divergent = bool(not math.isnan(difference) and abs(difference) >= divergence)
    return CriterionCheck(figures, combined, rated, difference, divergent)


def _criterion_rows(
    ref: CriterionRef, assessment: Assessment, scores: Scores, divergence: int, stale_after: int
) -> list[dict[str, Any]]:
    crit = ref.criterion
    self_rated, status = _self_rating(scores, crit.id)
    check = check_criterion(
        crit, assessment.indicators.get(crit.id, ()), kind=assessment.entity.kind,
        year=assessment.date.year, self_rated=self_rated, divergence=divergence,
        stale_after=stale_after,
    )  # fmt: skip
    return [
        {
            "criterion": crit.id,
            "title": crit.title,
            "pillar": ref.pillar.id,
            "key": f.key,
            "code": f.indicator.code or "",
            "indicator": f.indicator.name,
            "value": f.value.value,
            "unit": f.value.unit or f.indicator.unit or "",
            "year": f.value.year,
            "source": f.value.source,
            "age": f.age,
            "stale": f.stale,
            "thresholds": f.indicator.thresholds,
            "direction": f.indicator.direction,
            "suggested": f.suggested,
            "criterion_suggested": check.suggested,
            "self_rated": check.self_rated,
            "status": status,
            "difference": check.difference,
            "divergent": check.divergent,
            "note": f.note,
        }
        for f in check.figures
    ]


def reality_check(
    rubric: Rubric,
    assessment: Assessment,
    scores: Scores,
    *,
    divergence: int | None = None,
    stale_after: int | None = None,
) -> pd.DataFrame:
    """Each recorded indicator figure beside the self-rating of its criterion (rubric order).

    ``divergence`` and ``stale_after`` default to the assessment's rules (:func:`reality_rules`).

    Columns (:data:`REALITY_COLUMNS`): ``criterion``, ``title``, ``pillar``, ``key`` (what names
    the indicator in recorded values: :func:`indicator_key`), ``code`` (its official code, empty
    where it has none), ``indicator`` (its name, in the rubric's language), ``value``, ``unit``
    (the figure's, else the indicator's; empty when neither says), ``year``, ``source``; ``age``
    (the assessment's year minus the figure's) and ``stale`` (age of ``stale_after`` years or
    more); the indicator's ``thresholds`` and
    ``direction``; ``suggested`` (the level its thresholds give this figure, ``<NA>`` without
    thresholds or when they do not judge this kind of entity) and ``criterion_suggested`` (the
    median of the criterion's suggested levels, rounded down: :func:`suggest_for_criterion`);
    ``self_rated`` (the criterion's score, NaN when not scored) and ``status``; ``difference``
    (self-rated minus criterion_suggested); ``divergent`` (the two ``divergence`` levels or more
    apart); ``note``: why no level is suggested (``no-thresholds``, ``not-for-kind``) or empty.

    Thresholds judge national figures: for an organisation only indicators whose thresholds name
    organisations (``thresholds_for``, such as a city's LOSI) suggest a level; its other figures
    are context (``note`` ``not-for-kind``; see :func:`reality_notice`).
    """
    own = reality_rules(assessment)
    divergence = own[0] if divergence is None else divergence
    stale_after = own[1] if stale_after is None else stale_after
    if divergence < 1 or stale_after < 1:
        raise ValueError("divergence and stale_after must be 1 or more")
    rows = [
        row
        for ref in rubric.refs
        for row in _criterion_rows(ref, assessment, scores, divergence, stale_after)
    ]
    out = pd.DataFrame(rows, columns=list(REALITY_COLUMNS))
    for col in ("suggested", "criterion_suggested"):
        out[col] = pd.array(out[col].tolist(), dtype="Int64")
    for col in ("value", "self_rated", "difference"):
        out[col] = out[col].astype(float)
    for col in ("year", "age"):
        out[col] = out[col].astype(int)
    for col in ("stale", "divergent"):
        out[col] = out[col].astype(bool)
    return out


def reality_by_criterion(check: pd.DataFrame) -> pd.DataFrame:
    """:func:`reality_check` with one row per criterion (index: criterion id, rubric order).

    Columns: ``title``, ``pillar``, ``suggested`` (the criterion's suggested level),
    ``self_rated``, ``status``, ``difference``, ``divergent``, ``values`` (how many figures are
    recorded), ``suggesting`` (how many of them suggest a level), ``stale`` (whether any of them
    is stale) and ``codes`` (the indicators' codes, or names where they have none, joined with
    ``; ``).
    """
    labelled = check.assign(label=check["code"].where(check["code"] != "", check["indicator"]))
    g = labelled.groupby("criterion", sort=False)
    out = g.agg(
        title=("title", "first"),
        pillar=("pillar", "first"),
        suggested=("criterion_suggested", "first"),
        self_rated=("self_rated", "first"),
        status=("status", "first"),
        difference=("difference", "first"),
        divergent=("divergent", "first"),
        values=("key", "size"),
        suggesting=("suggested", "count"),
        stale=("stale", "any"),
        codes=("label", "; ".join),
    )
    out.index.name = "criterion"
    return out


def missing_indicators(rubric: Rubric, assessment: Assessment) -> pd.DataFrame:
    """The figures to look up: indicators whose thresholds would suggest a level for this
    entity, of the criteria it answers, with no figure recorded (rubric order).

    Columns (:data:`MISSING_COLUMNS`): ``criterion``, ``title``, ``pillar``, ``key`` (what
    names the indicator in recorded values: :func:`indicator_key`), ``code`` (its official code,
    empty where it has none), ``indicator`` (its name), ``unit``, ``source`` (who publishes it),
    ``thresholds`` and ``direction``.
    """
    kind = assessment.entity.kind
    rows = []
    for ref in rubric.refs:
        crit = ref.criterion
        if kind not in crit.applies_to or (assessment.short_form and not crit.core):
            continue
        have = {id(find_indicator(crit, v.code)) for v in assessment.indicators.get(crit.id, ())}
        for ind in crit.indicators:
            if kind in ind.threshold_kinds and id(ind) not in have:
                rows.append(
                    (
                        crit.id,
                        crit.title,
                        ref.pillar.id,
                        indicator_key(crit, ind),
                        ind.code or "",
                        ind.name,
                        ind.unit or "",
                        ind.source or "",
                        ind.thresholds,
                        ind.direction,
                    )  # fmt: skip
                )
    return pd.DataFrame(rows, columns=list(MISSING_COLUMNS))


def reality_notice(assessment: Assessment) -> str | None:
    """The interface text to show beside the reality check of ``assessment``, if any: for an
    organisation, ``reality_organisation`` (thresholds judge national figures, so its figures
    are context and suggest no level, except where thresholds are meant for organisations)."""
    return "reality_organisation" if assessment.entity.kind == "organisation" else None
