"""Shell: read indicator figures from CSV files and the correspondence of published series.

Three layouts: a simple long table (``criterion,code,value,year,source[,unit]``), the World
Bank's World Development Indicators downloads (DataBank's CSV and the bulk/API CSV) and ITU
DataHub's CSV download. Bytes are decoded as survey files are (UTF-8 with or without BOM,
Windows-1252; ``,``, ``;`` or tab). :mod:`assessment.reality` places the figures in an assessment.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from assessment.errors import Problem, ProblemsError, UsageError
from assessment.problems import problem
from assessment.reality import FoundValue, IgnoredValue, SeriesMap, parse_indicator_series
from assessment.responses import IndicatorValue, problems_from
from assessment.storage.rubrics import RUBRICS_DIR

# reading bytes and CSV rows exactly as survey exports are read (encodings, delimiter, cut-off files)
from assessment.storage.survey import _csv_rows, _decode, _delimiter
from assessment.storage.yamlfile import decode_text, parse_yaml, read_bounded

__all__ = [
    "FILE_LAYOUTS",
    "LONG_COLUMNS",
    "SERIES_FILE",
    "IndicatorFile",
    "country_matches",
    "load_indicator_series",
    "loads_indicator_csv",
    "read_indicator_file",
]

FileLayout = Literal["auto", "long", "wdi", "itu"]
#: the layouts an indicator file may have (``auto`` tells them apart by the header)
FILE_LAYOUTS: tuple[str, ...] = ("auto", "long", "wdi", "itu")
#: the columns of the long layout (``criterion`` and ``unit`` may be left out)
LONG_COLUMNS: tuple[str, ...] = ("criterion", "code", "value", "year", "source", "unit")
_LONG_REQUIRED = ("code", "value", "year", "source")
#: the bundled correspondence of World Bank and ITU series to the rubrics' indicator codes
SERIES_FILE = RUBRICS_DIR / "reference" / "indicator-series.yaml"
#: figures before this year are not read (the thresholds judge recent figures)
FIRST_YEAR = 1990

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_YEAR = re.compile(r"(\d{4})(?:\.0+)?")
_YEAR_COLUMN = re.compile(
    r"(\d{4})(?:\.0+)?(?:\s*\[YR\d{4}\])?"
)  # 2024, 2024.0 (a spreadsheet's), 2024 [YR2024]
#: cells that mean "no figure" in the publishers' downloads
_NO_DATA = frozenset({"", "..", "-", "n/a", "na"})

# ITU DataHub: each column by the names it goes by (compared without case, spaces, _ or -); the
# DataHub's own field names first, then the plain ones people and other tools use
_ITU_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "iso": ("entityiso", "isocode", "iso", "iso3", "countryiso", "countrycode", "economycode"),
    "name": (
        "entityname",
        "shortname",
        "economy",
        "economyname",
        "countryname",
        "country",
        "entity",
    ),  # fmt: skip
    "series": ("seriescode", "indicatorcode", "code"),
    "series_name": ("seriesname", "indicatorname", "indicator", "label", "series"),
    "year": ("datayear", "year"),
    "value": ("datavalue", "value", "answer", "obsvalue"),
    "unit": ("seriesunits", "seriesunit", "units", "unit"),
    "source": ("datasource", "source"),
}
#: names only an ITU download uses: one of them in the header tells the layout apart
_ITU_ONLY = frozenset(
    {"entityiso", "entityname", "seriescode", "seriesname", "seriesunits", "datayear", "datavalue",
     "datasource", "isocode", "shortname", "economy", "economyname", "economycode"}
)  # fmt: skip
_ITU_HEADER = "entityName, entityIso, seriesName, seriesCode, seriesUnits, dataYear, dataValue, dataSource (or Economy, ISO code, Indicator, Year, Value, Unit)"  # fmt: skip
_WDI_HEADER = "Country Name, Country Code, Series Name, Series Code, then a column per year such as 2024 [YR2024] (DataBank), or Country Name, Country Code, Indicator Name, Indicator Code, 1960, 1961, … (bulk download)"  # fmt: skip
_LONG_HEADER = "criterion (optional), code, value, year, source, unit (optional); or a World Bank (WDI) or ITU DataHub download"  # fmt: skip


@dataclass(frozen=True, slots=True)
class IndicatorFile:
    """What an indicator file holds, read and checked (see :func:`read_indicator_file`).

    Attributes
    ----------
    source
        The file's name, as problems and summaries give it.
    layout
        ``long``, ``wdi`` or ``itu``; ``variant`` says which World Bank download
        (``databank`` or ``bulk``).
    values
        The figures, not yet placed under criteria (:func:`assessment.reality.merge_indicator_values`).
    ignored
        What was left out and why (series no rubric indicator uses, other countries, …).
    country
        The country code and name the figures are for (None: the file names no country).
    encoding
        How the bytes were decoded (``utf-8``, ``cp1252``, …).
    """

    source: str
    layout: str
    values: tuple[FoundValue, ...] = ()
    ignored: tuple[IgnoredValue, ...] = ()
    country: tuple[str, str] | None = None
    encoding: str | None = "utf-8"
    variant: str = ""


def load_indicator_series(path: str | os.PathLike[str] | None = None) -> SeriesMap:
    """The correspondence of World Bank and ITU series to the rubrics' indicator codes (the
    bundled :data:`SERIES_FILE` unless ``path`` is given)."""
    p = Path(path) if path is not None else SERIES_FILE
    data, _ = parse_yaml(decode_text(read_bounded(p), str(p)), str(p))
    return parse_indicator_series(data, str(p))


# --------------------------------------------------------------------------------------------------
# Cells


def _squash(text: str) -> str:
    """A header as compared: no BOM, case, spaces, ``_`` or ``-``."""
    return re.sub(r"[\s_\-]+", "", text.replace("\ufeff", "")).casefold()


def _plain(text: str) -> str:
    return " ".join(text.replace("\ufeff", "").split()).casefold()


def _number(cell: str, delimiter: str) -> float | None:
    """The number a cell holds, or None. In a ``;``-separated file a decimal comma (``12,5``)
    reads as a decimal point, as a spreadsheet in a European language writes it."""
    text = cell.strip()
    if delimiter == ";" and _DECIMAL_COMMA.fullmatch(text):
        text = text.replace(",", ".")
    return float(text) if _NUMBER.fullmatch(text) else None


def _cell(row: Sequence[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) else ""


@dataclass
class _Reading:
    """What reading a file's rows has gathered so far."""

    source: str
    delimiter: str
    latest_year: int
    year_max: int | None
    #: the file rows before ``rows[0]`` (comment lines at the top), so rows keep their numbers
    offset: int = 0
    problems: list[Problem] = dataclasses.field(default_factory=list)
    values: list[FoundValue] = dataclasses.field(default_factory=list)
    ignored: list[IgnoredValue] = dataclasses.field(default_factory=list)

    def add(self, code: str, /, *, row: int, column: str, **params: object) -> None:
        self.problems.append(problem(code, source=self.source, line=row, field=column, **params))

    def value(self, cell: str, row: int, column: str) -> float | None:
        number = _number(cell, self.delimiter)
        if number is None:
            self.add("bad-indicator-value", row=row, column=column, value=cell)
        return number

    def year(self, cell: str, row: int, column: str, *, early_ok: bool = False) -> int | None:
        """The year of a cell (None after a problem, or before 1990 where ``early_ok``)."""
        found = _YEAR.fullmatch(cell.strip())
        year = int(found.group(1)) if found else None
        if year is not None and year < FIRST_YEAR and early_ok:
            return None  # a publisher's series reaching back before 1990: those years are not read
        if year is None or not FIRST_YEAR <= year <= self.latest_year:
            self.add("bad-indicator-year", row=row, column=column, value=cell, first=FIRST_YEAR, last=self.latest_year)  # fmt: skip
            return None
        return year

    def checked(self, fv: FoundValue, columns: Mapping[str, str]) -> FoundValue | None:
        """``fv`` if its texts make a valid :class:`IndicatorValue` (the problems otherwise, at
        the column of each field)."""
        try:
            IndicatorValue(code=fv.code, value=fv.value, year=fv.year, source=fv.source, unit=fv.unit)  # fmt: skip
        except ValidationError as exc:
            for p in problems_from(exc, self.source):
                column = columns.get(p.field.split(".")[0], p.field)
                self.problems.append(dataclasses.replace(p, line=fv.row, field=column))
            return None
        return fv


# --------------------------------------------------------------------------------------------------
# The long layout: criterion,code,value,year,source[,unit]


def _header_problems(header: Sequence[str], source: str, line: int) -> list[Problem]:
    names = [_plain(h) for h in header]
    columns = ", ".join(LONG_COLUMNS)
    out = []
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    if repeated:
        out.append(problem("duplicate-column", source=source, line=line, names=", ".join(repeated)))
    unknown = [h.strip() for h, n in zip(header, names, strict=True) if n and n not in LONG_COLUMNS]  # fmt: skip
    if unknown:
        out.append(problem("unknown-column", source=source, line=line, unknown=", ".join(unknown), columns=columns))  # fmt: skip
    missing = [c for c in _LONG_REQUIRED if c not in names]
    if missing:
        out.append(problem("missing-column", source=source, line=line, missing=", ".join(missing), columns=_LONG_HEADER))  # fmt: skip
    return out


def _long_row(r: _Reading, row: Sequence[str], line: int, at: Mapping[str, int], names: Mapping[str, str]) -> None:  # fmt: skip
    def cell(name: str) -> str:
        return _cell(row, at.get(name))

    empty = [n for n in _LONG_REQUIRED if not cell(n)]
    for name in empty:
        r.add("missing-field", row=line, column=names[name], name=name)
    number = r.value(cell("value"), line, names["value"]) if cell("value") else None
    year = r.year(cell("year"), line, names["year"]) if cell("year") else None
    if empty or number is None or year is None:
        return
    if r.year_max is not None and year > r.year_max:
        r.ignored.append(IgnoredValue("after-year-max", {"row": line, "year": year, "year_max": r.year_max}))  # fmt: skip
        return
    fv = FoundValue(
        code=cell("code"), value=number, year=year, source=cell("source"),
        unit=cell("unit") or None, criterion=cell("criterion") or None, row=line,
        code_column=names["code"], criterion_column=names.get("criterion", "criterion"),
        value_column=names["value"],
    )  # fmt: skip
    checked = r.checked(fv, names)
    if checked is not None:
        r.values.append(checked)


def _read_long(rows: Sequence[Sequence[str]], r: _Reading) -> IndicatorFile:
    header = rows[0]
    bad = _header_problems(header, r.source, 1 + r.offset)
    if bad:
        raise ProblemsError(bad)
    at = {_plain(h): i for i, h in enumerate(header) if _plain(h)}
    names = {_plain(h): h.strip() for h in header if _plain(h)}
    for i, row in enumerate(rows[1:], start=2 + r.offset):
        if not any(c.strip() for c in row):
            continue
        if any(c.strip() for c in row[len(header) :]):
            r.add("wrong-cell-count", row=i, column="", count=len(row), expected=len(header))
            continue
        _long_row(r, row, i, at, names)
    return IndicatorFile(r.source, "long", tuple(r.values), tuple(r.ignored))


# --------------------------------------------------------------------------------------------------
# Countries


def _user_assigned(alpha2: str) -> bool:
    """AA, QM to QZ, XA to XZ and ZZ: codes ISO 3166 leaves to users (fictional entities)."""
    return alpha2 in {"AA", "ZZ"} or (alpha2[:1] == "X") or ("QM" <= alpha2 <= "QZ")


def _alpha3_of(alpha2: str) -> set[str]:
    """The ISO 3166-1 alpha-3 codes of an alpha-2 code, from CLDR's table (through Babel); none
    for a user-assigned code, whose alpha-3 form each file chooses."""
    from babel.core import get_global

    if _user_assigned(alpha2):
        return set()

    aliases: Mapping[str, Sequence[str]] = get_global("territory_aliases")
    return {a3 for a3, a2 in aliases.items() if len(a3) == 3 and a3.isalpha() and list(a2) == [alpha2]}  # fmt: skip


def _official_alpha3() -> set[str]:
    """Every alpha-3 code CLDR maps to a real country or area (through Babel)."""
    from babel.core import get_global

    aliases: Mapping[str, Sequence[str]] = get_global("territory_aliases")
    return {a3 for a3, a2 in aliases.items() if len(a3) == 3 and a3.isalpha() and len(list(a2)) == 1 and not _user_assigned(list(a2)[0])}  # fmt: skip


def country_matches(alpha2: str, code: str) -> bool | None:
    """Whether a file's country ``code`` (alpha-3, as the World Bank and ITU write it) is the
    country ``alpha2``; None when that cannot be told (a user-assigned code such as XE, and a
    file's own code for it, such as XEX). A real country's code (FRA) is never a user-assigned
    country's."""
    if code.upper() == alpha2.upper():
        return True
    if _user_assigned(alpha2.upper()):
        return False if code.upper() in _official_alpha3() else None
    alpha3 = _alpha3_of(alpha2.upper())
    return (code.upper() in alpha3) if alpha3 else None


def _choose_country(countries: Mapping[str, str], wanted: str | None, source: str) -> str | None:
    """The file's code of the country ``--country`` names (alpha-3 or alpha-2, or a name), or
    the only country of the file; None when the file names no country."""
    if not countries:
        return None
    listed = ", ".join(f"{code} ({name})" if name else code for code, name in countries.items())
    if wanted is None:
        if len(countries) == 1:
            return next(iter(countries))
        example = next(iter(countries))
        raise UsageError.keyed("reality_error_several_countries", file=source, n=len(countries), countries=listed, example=example)  # fmt: skip
    key = wanted.strip().upper()
    by_code = {c.upper(): c for c in countries}
    if key in by_code:
        return by_code[key]
    if len(key) == 2:
        alpha3 = _alpha3_of(key)
        # a user-assigned code (XE) has no official alpha-3 form: the file's code that starts with it
        hits = [c for c in countries if c.upper() in alpha3] if alpha3 else [c for c in countries if _user_assigned(key) and c.upper().startswith(key)]  # fmt: skip
        if len(hits) == 1:
            return hits[0]
    named = [c for c, n in countries.items() if _plain(n) == _plain(wanted)]
    if len(named) == 1:
        return named[0]
    raise UsageError.keyed("reality_error_country_not_found", country=wanted, file=source, countries=listed)  # fmt: skip


# --------------------------------------------------------------------------------------------------
# World Bank: DataBank CSV and the bulk (API) CSV


def _wdi_header(rows: Sequence[Sequence[str]]) -> int | None:
    """The index of the header row of a World Bank download (after the bulk file's preamble)."""
    for i, row in enumerate(rows[:10]):
        names = {_plain(c) for c in row}
        if "country code" in names and names & {"series code", "indicator code"}:
            return i
    return None


def _wdi_updated(rows: Sequence[Sequence[str]]) -> str:
    """When the World Bank last updated the data: the bulk file's "Last Updated Date" line or
    DataBank's "Last Updated: …" footer."""
    for row in rows:
        first = row[0].strip() if row else ""
        if _plain(first) == "last updated date" and len(row) > 1:
            return row[1].strip()
        if _plain(first).startswith("last updated:"):
            return first.split(":", 1)[1].strip()
    return ""


@dataclass(frozen=True, slots=True)
class _Observation:
    """One figure of a publisher's file, before its series is matched and its country chosen."""

    country: str
    series: str
    series_name: str
    value: float
    year: int
    row: int
    column: str
    unit: str | None = None
    note: str = ""


def _read_wdi(rows: Sequence[Sequence[str]], r: _Reading) -> tuple[list[_Observation], dict[str, str], dict[str, str], str]:  # fmt: skip
    """The latest figure of each country and series, the countries, every series named, and
    which download it is."""
    h = _wdi_header(rows)
    if h is None:
        raise ProblemsError([problem("missing-column", source=r.source, line=1, missing="Country Code, Series Code", columns=_WDI_HEADER)])  # fmt: skip
    header = rows[h]
    col = {_plain(c): i for i, c in enumerate(header)}
    cc, cn = col["country code"], col.get("country name")
    sc = col.get("series code", col.get("indicator code"))
    sn = col.get("series name", col.get("indicator name"))
    years = [(i, int(m.group(1)), c.strip()) for i, c in enumerate(header) if (m := _YEAR_COLUMN.fullmatch(c.strip()))]  # fmt: skip
    observations: list[_Observation] = []
    countries: dict[str, str] = {}
    series: dict[str, str] = {}
    for line, row in enumerate(rows[h + 1 :], start=h + 2 + r.offset):
        country, code = _cell(row, cc), _cell(row, sc)
        if not country and not code:
            continue  # a blank line, or DataBank's footer ("Data from database: …")
        if not code:
            r.add("missing-field", row=line, column=header[sc or 0].strip(), name=header[sc or 0].strip())  # fmt: skip
            continue
        countries.setdefault(country, _cell(row, cn))
        series.setdefault(code, _cell(row, sn))
        latest = _latest_cell(r, row, line, years)
        if latest is not None:
            value, year, column = latest
            observations.append(_Observation(country, code, _cell(row, sn), value, year, line, column))  # fmt: skip
    variant = "bulk" if "indicator code" in col else "databank"
    return observations, countries, series, variant


def _latest_cell(r: _Reading, row: Sequence[str], line: int, years: Sequence[tuple[int, int, str]]) -> tuple[float, int, str] | None:  # fmt: skip
    """The latest year with a figure (up to ``--year-max``) of a World Bank row; a cell that is
    neither a number nor ``..`` is a problem wherever it is."""
    best = None
    for i, year, column in years:
        cell = _cell(row, i)
        if cell.casefold() in _NO_DATA:
            continue
        number = r.value(cell, line, column)
        if number is None or year < FIRST_YEAR or (r.year_max is not None and year > r.year_max):
            continue
        if year > r.latest_year:
            r.add("bad-indicator-year", row=line, column=column, value=year, first=FIRST_YEAR, last=r.latest_year)  # fmt: skip
            continue
        if best is None or year > best[1]:
            best = (number, year, column)
    return best


# --------------------------------------------------------------------------------------------------
# ITU DataHub CSV


def _itu_columns(header: Sequence[str]) -> dict[str, int]:
    squashed = [_squash(h) for h in header]
    found: dict[str, int] = {}
    for role, names in _ITU_COLUMNS.items():
        for name in names:  # the first name the header has wins
            if name in squashed:
                found[role] = squashed.index(name)
                break
    for i, s in enumerate(squashed):
        if "disaggregation" in s or "breakdown" in s:
            found["breakdown"] = i
    return found


def _read_itu(rows: Sequence[Sequence[str]], r: _Reading) -> tuple[list[_Observation], dict[str, str], dict[str, str], str]:  # fmt: skip
    header = rows[0]
    at = _itu_columns(header)
    missing = [n for n, ok in (("dataYear", "year" in at), ("dataValue", "value" in at), ("seriesCode or seriesName", "series" in at or "series_name" in at)) if not ok]  # fmt: skip
    if missing:
        raise ProblemsError([problem("missing-column", source=r.source, line=1 + r.offset, missing=", ".join(missing), columns=_ITU_HEADER)])  # fmt: skip
    names = {role: header[i].strip() for role, i in at.items()}
    latest: dict[tuple[str, str], _Observation] = {}
    countries: dict[str, str] = {}
    series: dict[str, str] = {}
    for line, row in enumerate(rows[1:], start=2 + r.offset):
        if not any(c.strip() for c in row):
            continue
        if _cell(row, at.get("breakdown")).casefold() not in {"", "total", "all"}:
            continue  # a breakdown (by sex, age, area): the national total is another row
        obs = _itu_row(r, row, line, at, names)
        if obs is None:
            continue
        countries.setdefault(obs.country, _cell(row, at.get("name")) or obs.country)
        series.setdefault(obs.series, obs.series_name)
        key = (obs.country, obs.series)
        kept = latest.get(key)
        if kept is None or obs.year > kept.year:
            latest[key] = obs
        elif obs.year == kept.year and obs.value != kept.value:
            r.add("duplicate-indicator-value", row=line, column=names["value"], code=obs.series, criterion=obs.country or "–", places=f"rows {kept.row} and {line}")  # fmt: skip
    return list(latest.values()), countries, series, ""


def _itu_row(r: _Reading, row: Sequence[str], line: int, at: Mapping[str, int], names: Mapping[str, str]) -> _Observation | None:  # fmt: skip
    cell = _cell(row, at["value"])
    if cell.casefold() in _NO_DATA:
        return None
    number = r.value(cell, line, names["value"])
    year = r.year(_cell(row, at["year"]), line, names["year"], early_ok=True)
    if number is None or year is None or (r.year_max is not None and year > r.year_max):
        return None
    code = _cell(row, at.get("series")) or _cell(row, at.get("series_name"))
    note = _cell(row, at.get("source"))
    country = _cell(row, at.get("iso")) or _cell(row, at.get("name"))
    return _Observation(country, code, _cell(row, at.get("series_name")), number, year, line, names["value"], _cell(row, at.get("unit")) or None, note)  # fmt: skip


# --------------------------------------------------------------------------------------------------
# Publishers' figures -> found values


def _published(
    layout: str,
    found: tuple[list[_Observation], dict[str, str], dict[str, str], str],
    r: _Reading,
    series_map: SeriesMap,
    country: str | None,
    updated: str,
) -> IndicatorFile:
    observations, named, series, variant = found
    countries = {c: n for c, n in named.items() if c}  # a file naming no country: every row
    chosen = _choose_country(countries, country, r.source)
    others = [c for c in countries if c != chosen] if chosen is not None else []
    if others:
        r.ignored.append(IgnoredValue("other-countries", {"n": len(others), "countries": ", ".join(others)}))  # fmt: skip
    mine = [o for o in observations if chosen is None or o.country == chosen]
    with_data = {o.series for o in mine}
    mapped = {}
    for sid, name in series.items():
        match = series_map.find(layout, sid, name)
        if match is None:
            r.ignored.append(IgnoredValue("series-unknown", {"series": sid, "name": name or "–"}))
        elif sid not in with_data:
            reason = "no-data" if r.year_max is None else "none-up-to-year-max"
            r.ignored.append(IgnoredValue(reason, {"series": sid, "name": name or "–", "year_max": r.year_max or "–"}))  # fmt: skip
        else:
            mapped[sid] = match
    for o in mine:
        match = mapped.get(o.series)
        if match is None:
            continue
        fv = FoundValue(
            code=match.code, value=o.value, year=o.year, source=_source_text(layout, o, updated),
            unit=o.unit, series=o.series, row=o.row, value_column=o.column,
        )  # fmt: skip
        checked = r.checked(fv, {"source": "source"})
        if checked is not None:
            r.values.append(checked)
    # a file that names its country without a code is still that country's
    unnamed = ("", named[""]) if named.get("") else None
    where = (chosen, countries[chosen]) if chosen is not None else unnamed
    return IndicatorFile(
        r.source, layout, tuple(r.values), tuple(r.ignored), where, variant=variant
    )


def _source_text(layout: str, o: _Observation, updated: str) -> str:
    """Where a figure comes from, as the assessment records it."""
    if layout == "wdi":
        when = f", last updated {updated}" if updated else ""
        return f"World Bank, World Development Indicators{when} (series {o.series})"
    own = f": {o.note}" if o.note else ""
    return f"ITU DataHub (series {o.series}){own}"[:500]


# --------------------------------------------------------------------------------------------------
# Files


def _layout_of(rows: Sequence[Sequence[str]]) -> str:
    """``wdi`` for a World Bank download, ``itu`` for an ITU DataHub one, else ``long``."""
    first = _plain(rows[0][0]) if rows and rows[0] else ""
    if first == "data source" or _wdi_header(rows) is not None:
        return "wdi"
    if {_squash(c) for c in rows[0]} & _ITU_ONLY:
        return "itu"
    return "long"


def loads_indicator_csv(
    text: str,
    *,
    layout: FileLayout = "auto",
    country: str | None = None,
    year_max: int | None = None,
    latest_year: int | None = None,
    series: SeriesMap | None = None,
    source: str = "<string>",
) -> IndicatorFile:
    """Read indicator figures from CSV text; see :func:`read_indicator_file`."""
    if layout not in FILE_LAYOUTS:
        raise UsageError.keyed("reality_error_layout", layout=layout, valid=", ".join(FILE_LAYOUTS))  # fmt: skip
    latest = latest_year if latest_year is not None else dt.date.today().year + 1
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()
    first = next((i for i, ln in enumerate(lines) if ln.strip() and not ln.lstrip().startswith("#")), 0)  # fmt: skip
    delimiter = _delimiter("\n".join(lines[first:]))  # told by the header, not by a comment
    # a line starting with # is a comment (a note such as "fictional sample data")
    cells = [[str(c) for c in row] for row in _csv_rows(text, delimiter, source)]
    rows = [[] if row and row[0].lstrip().startswith("#") else row for row in cells]
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    offset = next((i for i, row in enumerate(rows) if any(c.strip() for c in row)), len(rows))
    rows = rows[offset:]
    if not rows:
        raise ProblemsError([problem("empty-csv", source=source, line=1, columns=_LONG_HEADER)])
    r = _Reading(source, delimiter, latest, year_max, offset)
    chosen = _layout_of(rows) if layout == "auto" else layout
    readers: Mapping[str, Callable[[Sequence[Sequence[str]], _Reading], tuple[list[_Observation], dict[str, str], dict[str, str], str]]] = {"wdi": _read_wdi, "itu": _read_itu}  # fmt: skip
    if chosen == "long":
        result = _read_long(rows, r)
    else:
        found = readers[chosen](rows, r)
        updated = _wdi_updated(rows) if chosen == "wdi" else ""
        result = _published(chosen, found, r, series or load_indicator_series(), country, updated)
    if r.problems:
        problems = sorted(r.problems, key=lambda p: p.line or 0)
        from assessment.text import ui_plural

        head = ui_plural("problems_nothing_imported", len(problems), "en", source=source)
        raise ProblemsError(problems, head, summary_key="problems_nothing_imported", source=source)  # fmt: skip
    return result


def read_indicator_file(
    path: str | os.PathLike[str],
    *,
    layout: FileLayout = "auto",
    country: str | None = None,
    year_max: int | None = None,
    latest_year: int | None = None,
    series: SeriesMap | None = None,
) -> IndicatorFile:
    """Read the indicator figures of a CSV file.

    Layouts (``auto`` tells them apart by the header):

    - ``long``: ``criterion,code,value,year,source[,unit]``, a figure a row, headers in any
      case; lines starting with ``#`` are comments. ``code`` is the rubric indicator's code
      (``SDG 17.8.1``), or for one without a code its name as the rubric writes it (or ``#`` and
      its place among the criterion's indicators, ``#2``); ``criterion`` may be left empty (see
      :func:`assessment.reality.merge_indicator_values`). Every year from 1990 to
      ``latest_year``; of several rows for one indicator the latest year counts.
    - ``wdi``: the World Bank's World Development Indicators, as DataBank's "Download options →
      CSV" writes it (``Country Name, Country Code, Series Name, Series Code, 2015 [YR2015], …``,
      ``..`` for no figure, a footer of "Data from database" and "Last Updated" lines) or as the
      bulk download (``API_<series>_DS2_en_csv_v2_*.csv``: four lines of preamble, then
      ``"Country Name","Country Code","Indicator Name","Indicator Code","1960",…`` and a
      trailing comma). The latest year with a figure counts (up to ``year_max``).
    - ``itu``: ITU DataHub's CSV download, a figure a row: ``entityName, entityIso, seriesName,
      seriesCode, seriesUnits, dataYear, dataValue, dataSource`` (the names the DataHub uses),
      also ``Economy, ISO code, Indicator, Year, Value, Unit``, in any case; rows of a breakdown
      (a ``disaggregation`` column other than total) are left out. The latest year counts.

    World Bank and ITU series become rubric codes through ``series`` (default: the bundled
    :data:`SERIES_FILE`); other series are left out and listed in ``ignored``, as are other
    countries' figures. Years before 1990 in a publisher's file are not read.

    Parameters
    ----------
    country
        The country of a file with several: its code as the file writes it (alpha-3), an
        alpha-2 code, or its name.
    year_max
        Use no figure after this year.
    latest_year
        The last year a figure may be for (default: next year).

    Raises
    ------
    ProblemsError
        Every problem of the file, at its row and column (a value that is not a number, a year
        outside 1990 to ``latest_year``, a missing column or cell); nothing is read.
    UsageError
        The file does not exist or cannot be read; it holds several countries and ``country``
        is not given, or ``country`` is not among them.
    """
    p = Path(path)
    if p.is_dir():
        raise UsageError.keyed("reality_error_is_folder", path=str(p))
    try:
        text, encoding = _decode(read_bounded(p, str(p)), str(p))
    except FileNotFoundError:
        raise UsageError.keyed("error_no_such_file", path=str(p)) from None
    except OSError as exc:
        raise UsageError.keyed("error_cannot_read", path=str(p), reason=str(exc.strerror or exc)) from None  # fmt: skip
    found = loads_indicator_csv(
        text, layout=layout, country=country, year_max=year_max, latest_year=latest_year,
        series=series, source=str(p),
    )  # fmt: skip
    return dataclasses.replace(found, encoding=encoding)
