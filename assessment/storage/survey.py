"""Shell: read survey exports (KoboToolbox, ODK, LimeSurvey, a spreadsheet) from CSV or XLSX files.

Decodes the bytes (or opens the workbook, once its size is known to be sensible) into rows of
cells; :mod:`assessment.survey` reads them. Also reads survey mapping files (YAML).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import dataclasses
import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from assessment.errors import Problem, ProblemsError, UsageError
from assessment.problems import problem
from assessment.rubric import Rubric
from assessment.storage.yamlfile import MAX_BYTES, Lines, decode_text, parse_yaml, read_bounded

# Re-exported (``X as X``): importable from here as before the core moved to assessment.survey.
from assessment.survey import DEFAULT_NA_REASON as DEFAULT_NA_REASON
from assessment.survey import LAYOUTS as LAYOUTS
from assessment.survey import (
    Layout,
    Row,
    SurveyImport,
    SurveyMapping,
    SurveyTable,
    check_survey_mapping,
    parse_survey,
    parse_table,
)
from assessment.text import ui_text

__all__ = [
    "SurveyImport",
    "SurveyMapping",
    "load_survey_mapping",
    "loads_survey_csv",
    "read_survey",
    "read_survey_table",
]

# A survey sheet with more rows or cells (declared or read) is refused, as is a workbook member
# larger than _MAX_XML_BYTES uncompressed, or one over 10 MB compressed more than 100:1.
_MAX_ROWS = 200_000
_MAX_CELLS = 5_000_000
_MAX_XML_BYTES = 200_000_000
_MAX_RATIO = 100  # XML compresses 5-30:1; deflate bombs reach 1,000:1
_RATIO_FROM = 10_000_000  # a small member may compress as well as it likes

# --------------------------------------------------------------------------------------------------
# CSV


def _cells_of(line: str, delimiter: str, strict: bool) -> int:
    try:
        return len(next(csv.reader([line], delimiter=delimiter, strict=strict), []))
    except csv.Error:
        return 0


def _delimiter(text: str) -> str:
    """``,``, ``;`` or tab: whichever splits the header line into the most cells.

    Delimiters that leave the line malformed count first: Kobo quotes ``;``-separated labels
    that hold commas (``"Does it plan networks, data and platforms?";"..."``), which read with
    ``,`` would split inside the labels.
    """
    first = text.split("\n", 1)[0]
    for strict in (True, False):
        counts = [(_cells_of(first, d, strict), d) for d in (",", ";", "\t")]
        best = max(counts, key=lambda c: c[0])  # the first of equals: "," before ";"
        if best[0] > 1:
            return best[1]
    return ","


def cut_off(source: str, row: int, cells: int | None = None, width: int | None = None) -> Problem:
    """The ``truncated-file`` problem: a file that ends inside a quoted cell, or (given
    ``cells`` and ``width``) in a last row with fewer cells than the header and no line break.
    The detail is named by its key too, so the problem reads in every language."""
    key = "detail_quoted_cell" if cells is None else "detail_short_row"
    detail = ui_text(key, "en", cells=cells, width=width)
    return problem("truncated-file", source=source, line=row, row=row, detail=detail, detail_key=key, cells=cells, width=width)  # fmt: skip


def _truncated(source: str, row: int, cells: int | None = None, width: int | None = None) -> ProblemsError:  # fmt: skip
    return ProblemsError([cut_off(source, row, cells, width)])


def _csv_rows(text: str, delimiter: str, source: str) -> list[Row]:
    """The rows of CSV text; a file cut off inside a quoted cell is refused, not shortened."""
    rows: list[Row] = []
    try:  # strict: Python's csv otherwise takes the end of the file as the end of a quoted cell
        rows.extend(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
        return rows
    except csv.Error as exc:
        if str(exc) == "unexpected end of data":
            raise _truncated(source, len(rows) + 1) from None
    rows = []  # not strict CSV (such as a stray quote inside a cell): read it as before
    try:
        rows.extend(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        line = len(rows) + 1
        raise ProblemsError([problem("csv-syntax", source=source, line=line, detail=exc)]) from None
    return rows


def _csv_table(text: str, source: str) -> SurveyTable:
    text = text.removeprefix("\ufeff")
    rows = _csv_rows(text, _delimiter(text), source)
    # Tools that quote every value (Kobo, LimeSurvey) end every row with a line break: a last row
    # that is short and has none was cut off between cells. (Typed files often lack the break.)
    cut = text.startswith('"') and not text.endswith(("\n", "\r"))
    if cut and len(rows) > 1 and 0 < len(rows[-1]) < len(rows[0]):
        raise _truncated(source, len(rows), len(rows[-1]), len(rows[0]))
    return parse_table(rows, source)


def _decode_utf16(raw: bytes, source: str) -> tuple[str, str]:
    if len(raw) > MAX_BYTES:
        raise ProblemsError([problem("too-large", source=source, size=len(raw), limit=MAX_BYTES)])
    try:
        return raw.decode("utf-16"), "utf-16"
    except UnicodeDecodeError:
        raise ProblemsError([problem("not-utf16", source=source)]) from None


def _decode(raw: bytes, source: str) -> tuple[str, str]:
    """Text and encoding: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252 or latin-1."""
    if raw.startswith(b"PK\x03\x04"):
        raise ProblemsError([problem("not-csv", source=source)])
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_utf16(raw, source)  # Excel's "Unicode text" export
    try:
        return decode_text(raw, source), "utf-8"
    except ProblemsError as exc:
        if [p.code for p in exc.problems] != ["not-utf8"]:
            raise
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


# --------------------------------------------------------------------------------------------------
# XLSX


def _not_xlsx(source: str, detail: str) -> ProblemsError:
    return ProblemsError([problem("not-xlsx", source=source, detail=detail)])


def _broken() -> tuple[type[BaseException], ...]:
    """What damaged workbooks raise from the XML or zip layer; all mean "cannot be read"."""
    from openpyxl.utils.exceptions import InvalidFileException

    return (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, SyntaxError, OSError)


def _worksheet(wb: Any, source: str, sheet: str | None) -> Any:
    """The first worksheet, or the one named ``sheet`` (in any case)."""
    if sheet is None:
        if not wb.worksheets:
            raise _not_xlsx(source, "it has no worksheet")
        return wb.worksheets[0]
    names = {n.lower(): n for n in wb.sheetnames}
    title = sheet if sheet in wb.sheetnames else names.get(sheet.strip().lower())
    if title is None:
        listed = ", ".join(f'"{n}"' for n in wb.sheetnames)
        raise ProblemsError([problem("unknown-sheet", source=source, sheet=sheet, sheets=listed)])
    return wb[title]


def _too_large(source: str, detail: str) -> ProblemsError:
    return ProblemsError([problem("xlsx-too-large", source=source, detail=detail)])


_DIMENSION_RE = re.compile(
    rb"<(?:\w+:)?dimension\s+ref=[\"']\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?"
)


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _check_dimension(zf: zipfile.ZipFile, info: zipfile.ZipInfo, source: str) -> None:
    """Refuse a sheet whose declared ``<dimension ref="A1:Z300000">`` is beyond the bounds."""
    with zf.open(info) as f:
        head = f.read(65_536)  # the dimension comes before the sheet's data
    m = _DIMENSION_RE.search(head)
    if m is None or m.group(3) is None:
        return
    rows = int(m.group(4)) - int(m.group(2)) + 1
    cells = rows * (_column_number(m.group(3)) - _column_number(m.group(1)) + 1)
    if rows > _MAX_ROWS or cells > _MAX_CELLS:
        sheet = info.filename.rsplit("/", 1)[-1]
        raise _too_large(source, f"{sheet} declares {rows:,} rows and {cells:,} cells")


def _check_archive(path: Path, source: str) -> None:
    """Refuse, from the zip directory alone, members too large or compressed like a zip bomb.

    Python's zipfile never inflates a member beyond the size its directory declares, so these
    sizes bound what openpyxl can be made to read.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                size, packed = info.file_size, max(info.compress_size, 1)
                if size > _MAX_XML_BYTES:
                    detail = f"{info.filename} is {size:,} bytes uncompressed; at most {_MAX_XML_BYTES:,}"
                    raise _too_large(source, detail)
                if size > _RATIO_FROM and size / packed > _MAX_RATIO:
                    detail = (
                        f"{info.filename} is compressed {size // packed:,} to 1, as zip bombs are"
                    )
                    raise _too_large(source, detail)
            for info in zf.infolist():
                if re.fullmatch(r"xl/worksheets/[^/]+\.xml", info.filename):
                    _check_dimension(zf, info, source)
    except _broken() as exc:
        raise _not_xlsx(source, str(exc) or type(exc).__name__) from None


_XML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(value: object) -> object:
    """A cell's text with the workbook's escapes undone: ``_x000D_`` (a carriage return, as
    XlsxWriter and Excel store one) and ``_x005F_`` (a literal underscore before such a code)."""
    if isinstance(value, str) and "_x" in value:
        return _XML_ESCAPE.sub(_unescaped, value)
    return value


def _unescaped(m: re.Match[str]) -> str:
    """One ``_xHHHH_`` as its character; a code XML cannot hold (a lone surrogate, a control
    character other than tab and line breaks) stays as written."""
    code = int(m.group(1), 16)
    if 0xD800 <= code <= 0xDFFF or (code < 0x20 and code not in (0x09, 0x0A, 0x0D)):
        return m.group(0)
    return chr(code)


def _sheet_rows(ws: Any, source: str) -> list[Row]:
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()  # some writers record wrong sizes; read what is there
    rows: list[Row] = []
    cells = 0
    try:
        for row in ws.iter_rows(values_only=True):
            if any(isinstance(v, str) and "_x" in v for v in row):
                row = tuple(_unescape(v) for v in row)
            rows.append(row)
            cells += len(row)
            if len(rows) > _MAX_ROWS or cells > _MAX_CELLS:
                detail = f"its sheet holds over {_MAX_ROWS:,} rows or {_MAX_CELLS:,} cells"
                raise _too_large(source, detail)
    except _broken() as exc:
        raise _not_xlsx(source, str(exc) or type(exc).__name__) from None
    return rows


def _xlsx_table(path: Path, source: str, sheet: str | None) -> SurveyTable:
    try:
        import openpyxl  # noqa: F401 - said plainly here when it is missing
    except ImportError:
        raise UsageError.keyed("error_openpyxl_missing") from None
    if not zipfile.is_zipfile(path):
        raise _not_xlsx(
            source, "it is not a zip archive, as every .xlsx file is; perhaps CSV or text"
        )
    _check_archive(path, source)
    with _workbook(path, source, data_only=True) as wb:
        ws = _worksheet(wb, source, sheet)
        title = ws.title
        rows = _sheet_rows(ws, source)
    if _has_formulas(path, source):
        rows = _typed_formulas(path, source, title, rows)
    return parse_table(rows, source)


def _has_formulas(path: Path, source: str) -> bool:
    """Whether any worksheet of the workbook holds a formula (``<f>``), read from the archive."""
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                if re.fullmatch(r"xl/worksheets/[^/]+\.xml", info.filename):
                    with zf.open(info) as f:
                        tail = b""
                        while chunk := f.read(1 << 20):
                            if re.search(rb"<(?:\w+:)?f[ >/]", tail + chunk):
                                return True
                            tail = chunk[-16:]
    except _broken() as exc:
        raise _not_xlsx(source, str(exc) or type(exc).__name__) from None
    return False


def _typed_formulas(path: Path, source: str, title: str, rows: list[Row]) -> list[Row]:
    """``rows`` with each formula cell read as the text typed into it, unless it holds a result.

    A survey tool's XLSX export stores an answer that starts with ``=`` (``=HYPERLINK(…)``, an
    attempt at formula injection, or plain text) as a formula whose saved result is 0 or none:
    read as a spreadsheet would, the answer would become ``0``. Such a cell is read as its
    formula's text, which is what was typed. A formula a spreadsheet has worked out (a
    population ``=B2*1000`` saved with its result) keeps its result.
    """
    with _workbook(path, source, data_only=False) as wb:
        formulas = _sheet_rows(wb[title], source)
    texts = _text_results(path, source, title)
    out: list[Row] = []
    for r, (cached, typed) in enumerate(zip(rows, formulas, strict=False)):
        if not any(isinstance(v, str) and v.startswith("=") for v in typed):
            out.append(cached)
            continue
        cells = list(cached) + [None] * (len(typed) - len(cached))
        for i, v in enumerate(typed):
            saved = cells[i]
            if (r, i) in texts:  # a text result, empty or not (=IF(…, "", …)): as worked out
                continue
            # no saved result, or XlsxWriter's default 0 (never False)
            if isinstance(v, str) and v.startswith("=") and (saved is None or (type(saved) in (int, float) and saved == 0)):  # fmt: skip
                cells[i] = v
        out.append(tuple(cells))
    return out + rows[len(out) :]


def _text_results(path: Path, source: str, title: str) -> set[tuple[int, int]]:
    """(row, column), from 0, of the formula cells whose saved result is text (``t="str"``)."""
    with _workbook(path, source, data_only=True) as wb:
        ws = wb[title]
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()
        try:
            return {(r, i) for r, row in enumerate(ws.iter_rows()) for i, c in enumerate(row) if getattr(c, "data_type", None) == "str"}  # fmt: skip
        except _broken() as exc:
            raise _not_xlsx(source, str(exc) or type(exc).__name__) from None


@contextlib.contextmanager
def _workbook(path: Path, source: str, *, data_only: bool) -> Iterator[Any]:
    """The workbook, read only (its cells' saved results, or its formulas); a file openpyxl
    cannot open is a clear problem; closed on the way out."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except _broken() as exc:
        raise _not_xlsx(source, str(exc) or type(exc).__name__) from None
    try:
        yield wb
    finally:
        wb.close()


# --------------------------------------------------------------------------------------------------
# Mapping files

_NAME_FIELDS = tuple(
    f.name for f in dataclasses.fields(SurveyMapping) if f.name not in ("columns", "answers")
)


def _bad_mapping(source: str, line: int | None, where: str, detail: str) -> Problem:
    return problem("bad-survey-mapping", source=source, line=line, field=where, detail=detail)


def _table_of(
    data: Mapping[str, Any], key: str, lines: Lines, source: str, problems: list[Problem]
) -> dict[str, Any]:
    """``columns:`` or ``answers:`` as a plain mapping with text keys (a problem if not one)."""
    value = data.get(key, {})
    if not isinstance(value, dict):
        detail = f'"{key}" must be a mapping (one "name: value" a line), not {type(value).__name__}'
        problems.append(_bad_mapping(source, lines((key,)), key, detail))
        return {}
    out: dict[str, Any] = {}
    for k, v in value.items():
        ok = isinstance(v, str) if key == "columns" else isinstance(v, (str, int)) or v is None
        if ok:
            out[str(k)] = v
        else:
            detail = f'"{key}: {k}" must be a {"criterion id" if key == "columns" else "level"}'
            problems.append(_bad_mapping(source, lines((key, k)), f"{key}.{k}", detail))
    return out


def _names_of(
    data: Mapping[str, Any], lines: Lines, source: str, problems: list[Problem]
) -> dict[str, tuple[str, ...]]:
    """The header names given for identity and long-file columns (a name or a list of names)."""
    out: dict[str, tuple[str, ...]] = {}
    for key in _NAME_FIELDS:
        if key not in data:
            continue
        value = data[key]
        names = [value] if isinstance(value, str) else value
        if isinstance(names, list) and all(isinstance(n, str) for n in names):
            out[key] = tuple(names)
        else:
            detail = f'"{key}" must be a column name or a list of them'
            problems.append(_bad_mapping(source, lines((key,)), key, detail))
    return out


def _mapping_of(data: Any, lines: Lines, source: str) -> SurveyMapping:
    if not isinstance(data, dict):
        detail = 'it must be a mapping of settings such as "columns:" and "answers:"'
        raise ProblemsError([_bad_mapping(source, 1, "", detail)])
    problems: list[Problem] = []
    known = ("columns", "answers", *_NAME_FIELDS)
    for key in data:
        if key not in known:
            listed = ", ".join(known)
            detail = f'there is no setting "{key}"; the settings are {listed}'
            problems.append(_bad_mapping(source, lines((key,)), str(key), detail))
    columns = _table_of(data, "columns", lines, source, problems)
    answers = _table_of(data, "answers", lines, source, problems)
    names = _names_of(data, lines, source, problems)
    if problems:
        raise ProblemsError(problems)
    mapping = SurveyMapping(columns=columns, answers=answers, **names)
    bad = check_survey_mapping(mapping, source)
    if bad:  # located at the code's line in the file
        codes = {str(k): k for k in data.get("answers", {})}
        raise ProblemsError(
            [
                dataclasses.replace(
                    p,
                    line=lines(("answers", codes[str(p.params["code"])])),
                    field=f"answers.{p.params['code']}",
                )
                for p in bad
            ]
        )
    return mapping


def load_survey_mapping(path: str | os.PathLike[str]) -> SurveyMapping:
    """Read a survey mapping file (YAML): which survey columns and answer codes mean what.

    For tools whose question codes cannot be criterion ids (LimeSurvey: letters and digits only)::

        columns:                  # survey column (code) -> criterion id
          Q01: I.1-joint-planning
          Q02[SQ001]: I.2-targets  # a sub-question
        answers:                  # answer code -> 0-4 (or a level name), n/a or dont-know
          AO01: 0
          AO02: 1
          AO06: n/a
          AO07: dont-know
        respondent: id            # optional: any SurveyMapping field (a name or a list of names)
        time: [submitdate]

    Parameters
    ----------
    path
        The mapping file.

    Returns
    -------
    SurveyMapping
        The mapping; the defaults for every setting the file does not give.

    Raises
    ------
    ProblemsError
        YAML syntax, a setting that does not exist or has the wrong shape, an answer code mapped
        to no level; each with its line. Criterion ids are checked against the rubric on import.
    UsageError
        The file does not exist or cannot be read.
    """
    p = Path(path)
    try:
        raw = read_bounded(p)
    except FileNotFoundError:
        raise UsageError.keyed("error_mapping_no_such_file", path=str(p)) from None
    except OSError as exc:
        raise UsageError.keyed(
            "error_cannot_read", path=str(p), reason=str(exc.strerror or exc)
        ) from None
    data, lines = parse_yaml(decode_text(raw, str(p)), str(p))
    return _mapping_of(data, lines, str(p))


# --------------------------------------------------------------------------------------------------
# Files


def _file_table(p: Path, sheet: str | None) -> tuple[SurveyTable, str | None]:
    """The table of a survey file and how its bytes were decoded (``None`` for XLSX)."""
    source = str(p)
    if p.is_dir():
        raise UsageError.keyed("error_survey_is_folder", path=str(p))
    suffix = p.suffix.lower()
    if suffix == ".xls":
        raise ProblemsError([problem("old-excel", source=source)])
    if suffix in {".xlsx", ".xlsm"}:
        if not p.exists():
            raise FileNotFoundError(p)
        return _xlsx_table(p, source, sheet), None
    text, encoding = _decode(read_bounded(p, source), source)
    return _csv_table(text, source), encoding


def loads_survey_csv(
    text: str,
    rubric: Rubric,
    *,
    entity: str,
    kind: str,
    country: str = "ZZ",
    date: dt.date | None = None,
    round: str = "baseline",
    layout: Layout = "auto",
    mapping: SurveyMapping | None = None,
    source: str = "<string>",
    dayfirst: bool | None = None,
) -> SurveyImport:
    """Import survey CSV text; see :func:`read_survey` for the layouts, cells and problems.

    Parameters
    ----------
    text
        The CSV as text (a leading BOM is allowed); the delimiter (``,``, ``;`` or tab) is the
        one that splits the header line into the most cells.
    source
        Name used in problems, e.g. the file name.
    dayfirst
        Read ``05/07/2025`` day-first when no time in the column settles it (see
        :func:`~assessment.survey.parse_survey`).
    """
    return parse_survey(
        _csv_table(text, source),
        rubric,
        entity=entity,
        kind=kind,
        country=country,
        date=date,
        round=round,
        layout=layout,
        mapping=mapping,
        dayfirst=dayfirst,
    )


def read_survey_table(path: str | os.PathLike[str], *, sheet: str | None = None) -> tuple[SurveyTable, str | None]:  # fmt: skip
    """The decoded table of a survey export (CSV or XLSX) and how its bytes were decoded (``None``
    for XLSX); a missing or unreadable file is a clear error."""
    p = Path(path)
    try:
        return _file_table(p, sheet)
    except FileNotFoundError:
        raise UsageError.keyed("error_no_such_file", path=str(p)) from None
    except OSError as exc:
        raise UsageError.keyed("error_cannot_read", path=str(p), reason=str(exc.strerror or exc)) from None  # fmt: skip


def read_survey(
    path: str | os.PathLike[str],
    rubric: Rubric,
    *,
    entity: str,
    kind: str,
    country: str = "ZZ",
    date: dt.date | None = None,
    round: str = "baseline",
    layout: Layout = "auto",
    mapping: SurveyMapping | str | os.PathLike[str] | None = None,
    sheet: str | None = None,
    dayfirst: bool | None = None,
) -> SurveyImport:
    """Import a survey export (CSV or XLSX) into a new assessment of ``entity``.

    Files:

    - ``.xlsx``/``.xlsm``: the first sheet, or ``sheet``; formulas count as their saved values.
      A workbook is refused before it is opened when a sheet declares more than 200,000 rows or
      5,000,000 cells, or a member is over 200 MB uncompressed or compressed like a zip bomb.
    - anything else is CSV: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text");
      if the bytes are not UTF-8, Windows-1252 (cp1252), then latin-1, as older Excel writes
      them (``encoding`` of the result says which). Delimiter ``,``, ``;`` or tab, from the header.
      A file that ends inside a quoted cell (a cut-off download) is refused.

    Layouts (``layout="auto"`` picks wide when several headers are criterion ids):

    - ``wide``: a row per respondent, a column per criterion id. Headers may carry a survey
      group (``scores/I.1-joint-planning``, ``group_x-I.1-joint-planning``) or be mapped with
      ``SurveyMapping(columns=...)``. A column ``<criterion id>_reason`` (also ``_target``,
      ``_confidence``, ``_evidence``, ``_notes``) adds that detail to the criterion's answer.
      Other columns (``_uuid``, ``start``) are ignored and listed in ``ignored_columns``.
    - ``long``: a row per answer, with respondent, criterion and level columns, and optionally
      target, reason, notes, evidence and confidence.

    Cells: ``2``, ``2.0``, a level name in any case (``Developing``), ``2 - Developing``;
    ``N/A``/``Not applicable`` (reason from the reason column, else "Marked not applicable in
    the survey (no reason given)"); ``Don't know``/``DK``; empty means no answer. Respondents
    are the id column's values (``r<row>`` where there is none) and count only if they gave
    an answer. Without ``date``, the assessment is dated by the latest submission time, else today.

    Exports as the tools write them: Kobo's default *labels* export (question texts as headers
    match a criterion's question or title, in any case and spacing), groups in identity columns
    (``respondent/stakeholder_group``, ``intro-stakeholder_group``), SurveyMonkey's two header
    rows, Microsoft Forms' ``Completion time``, LimeSurvey codes through a mapping file.
    Submission times are only recorded: one that cannot be read is left out, never a problem.

    Parameters
    ----------
    path
        The export.
    rubric, entity, kind, country, date, round, layout
        As for :func:`~assessment.survey.parse_survey`.
    mapping
        A :class:`SurveyMapping`, or the path of a mapping file (:func:`load_survey_mapping`).
    sheet
        The worksheet of an XLSX file (the first when not given).
    dayfirst
        Read ``05/07/2025`` day-first when no time in the column settles it.

    Returns
    -------
    SurveyImport
        The assessment, checked with :func:`~assessment.responses.check_against_rubric`.

    Raises
    ------
    ProblemsError
        Every problem of the file at once (row as a spreadsheet shows it, column header and
        what would be valid); nothing is imported.
    UsageError
        The file does not exist or cannot be read, or ``layout`` is not auto, wide or long.
    """
    p = Path(path)
    if mapping is not None and not isinstance(mapping, SurveyMapping):
        mapping = load_survey_mapping(mapping)
    table, encoding = read_survey_table(p, sheet=sheet)
    imported = parse_survey(
        table,
        rubric,
        entity=entity,
        kind=kind,
        country=country,
        date=date,
        round=round,
        layout=layout,
        mapping=mapping,
        dayfirst=dayfirst,
    )
    return dataclasses.replace(imported, encoding=encoding)
