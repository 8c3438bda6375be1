"""Shell: read survey exports (KoboToolbox, ODK, LimeSurvey, a spreadsheet) from CSV or XLSX files.

Decodes the bytes (or opens the workbook) into rows of cells; :mod:`assessment.survey` reads them.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import datetime as dt
import io
import os
import zipfile
from pathlib import Path
from typing import Any

from assessment.errors import ProblemsError, UsageError
from assessment.problems import problem
from assessment.rubric import Rubric
from assessment.storage.yamlfile import MAX_BYTES, decode_text

# Re-exported (``X as X``): importable from here as before the core moved to assessment.survey.
from assessment.survey import DEFAULT_NA_REASON as DEFAULT_NA_REASON
from assessment.survey import LAYOUTS as LAYOUTS
from assessment.survey import (
    Layout,
    Row,
    SurveyImport,
    SurveyMapping,
    SurveyTable,
    parse_survey,
    parse_table,
)

__all__ = ["SurveyImport", "SurveyMapping", "loads_survey_csv", "read_survey"]

# --------------------------------------------------------------------------------------------------
# CSV


def _delimiter(text: str) -> str:
    """``,``, ``;`` or tab: whichever splits the header line into the most cells."""
    first = text.split("\n", 1)[0]
    best, most = ",", 1
    for d in (",", ";", "\t"):
        n = len(next(csv.reader([first], delimiter=d), []))
        if n > most:
            best, most = d, n
    return best


def _csv_table(text: str, source: str) -> SurveyTable:
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[Row] = []
    try:
        rows.extend(reader)
    except csv.Error as exc:
        line = len(rows) + 1
        raise ProblemsError([problem("csv-syntax", source=source, line=line, detail=exc)]) from None
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


def _sheet_rows(ws: Any, source: str) -> list[Row]:
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()  # some writers record wrong sizes; read what is there
    try:
        return list(ws.iter_rows(values_only=True))
    except _broken() as exc:
        raise _not_xlsx(source, str(exc) or type(exc).__name__) from None


def _xlsx_table(path: Path, source: str, sheet: str | None) -> SurveyTable:
    try:
        import openpyxl
    except ImportError:
        raise UsageError(
            "reading .xlsx files needs the openpyxl package; install it "
            "(pip install openpyxl), or export the survey as CSV"
        ) from None
    if not zipfile.is_zipfile(path):
        raise _not_xlsx(
            source, "it is not a zip archive, as every .xlsx file is; perhaps CSV or text"
        )
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except _broken() as exc:
        raise _not_xlsx(source, str(exc) or type(exc).__name__) from None
    try:
        rows = _sheet_rows(_worksheet(wb, source, sheet), source)
    finally:
        wb.close()
    return parse_table(rows, source)


# --------------------------------------------------------------------------------------------------
# Files


def _file_table(p: Path, sheet: str | None) -> tuple[SurveyTable, str | None]:
    """The table of a survey file and how its bytes were decoded (``None`` for XLSX)."""
    source = str(p)
    if p.is_dir():
        raise UsageError(f"{p}: is a folder; give the path of a .csv or .xlsx survey export")
    suffix = p.suffix.lower()
    if suffix == ".xls":
        raise ProblemsError([problem("old-excel", source=source)])
    if suffix in {".xlsx", ".xlsm"}:
        if not p.exists():
            raise FileNotFoundError(p)
        return _xlsx_table(p, source, sheet), None
    text, encoding = _decode(p.read_bytes(), source)
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
) -> SurveyImport:
    """Import survey CSV text; see :func:`read_survey` for the layouts, cells and problems.

    Parameters
    ----------
    text
        The CSV as text (a leading BOM is allowed); the delimiter (``,``, ``;`` or tab) is the
        one that splits the header line into the most cells.
    source
        Name used in problems, e.g. the file name.
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
    )


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
    mapping: SurveyMapping | None = None,
    sheet: str | None = None,
) -> SurveyImport:
    """Import a survey export (CSV or XLSX) into a new assessment of ``entity``.

    Files:

    - ``.xlsx``/``.xlsm``: the first sheet, or ``sheet``; formulas count as their saved values.
    - anything else is CSV: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text");
      if the bytes are not UTF-8, Windows-1252 (cp1252), then latin-1, as older Excel writes
      them (``encoding`` of the result says which). Delimiter ``,``, ``;`` or tab, from the header.

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
    try:
        table, encoding = _file_table(p, sheet)
    except FileNotFoundError:
        raise UsageError(f"{p}: no such file; check the path") from None
    except OSError as exc:
        raise UsageError(f"{p}: cannot be read ({exc.strerror or exc})") from None
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
    )
    return dataclasses.replace(imported, encoding=encoding)
