"""Assessments as readable JSON (saved atomically) and responses as long-format CSV."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assessment.errors import Problem, ProblemsError, UsageError
from assessment.problems import problem
from assessment.responses import ASSESSMENT_FORMAT, Assessment, Respondent, Response, problems_from
from assessment.storage.atomic import write_atomic
from assessment.storage.yamlfile import decode_text, parse_yaml, read_bounded

__all__ = [
    "CSV_COLUMNS",
    "SHEET_EXTENSIONS",
    "dumps_assessment",
    "dumps_responses_csv",
    "load_assessment",
    "loads_assessment",
    "loads_responses_csv",
    "read_responses",
    "read_responses_csv",
    "read_responses_xlsx",
    "render_responses_xlsx",
    "save_assessment",
    "spreadsheet_cell",
    "unquote_cell",
    "write_responses",
    "write_responses_csv",
    "write_responses_xlsx",
]


def _validation_problems(exc: ValidationError, source: str, text: str) -> list[Problem]:
    """Problems naming each field, with the JSON line when the text can be mapped."""
    try:
        _, line_of = parse_yaml(text, source)  # JSON is YAML: reuse its line map
    except ProblemsError:
        line_of = None
    out = []
    for prob, err in zip(problems_from(exc, source), exc.errors(include_url=False), strict=True):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        line = None
        while line_of is not None and loc and line is None:
            line = line_of(loc)
            loc = loc[:-1]
        out.append(replace(prob, line=line))
    return out


def _json_data(text: str, source: str) -> Any:
    """The JSON value of ``text``; raises :class:`ProblemsError` when it is not JSON.

    A key given twice in one object is refused, as in YAML (``json`` would keep the last one
    silently); the YAML reader of the same text gives the line of each.
    """
    duplicates: list[str] = []
    try:
        data = json.loads(text, object_pairs_hook=functools.partial(_note_duplicates, duplicates))
        if duplicates:
            parse_yaml(text, source)  # JSON is YAML: this raises with every duplicate and its line
            raise ProblemsError(
                [problem("duplicate-key", source=source, key=duplicates[0], first="?")]
            )
        return data
    except json.JSONDecodeError as exc:
        raise ProblemsError(
            [
                problem(
                    "json-syntax", source=source, line=exc.lineno, detail=exc.msg, column=exc.colno
                )
            ]
        ) from None
    except RecursionError:
        raise ProblemsError([problem("json-too-deep", source=source)]) from None


def _note_duplicates(found: list[str], pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            found.append(key)
        out[key] = value
    return out


def _check_format(data: Any, source: str) -> list[Problem]:
    """The problem with the top of the file, when it is not a ``gdi-assessment/1`` object."""
    if not isinstance(data, dict):
        return [problem("not-an-assessment", source=source, line=1, type=_json_type(data))]
    fmt = data.get("format")
    if fmt == ASSESSMENT_FORMAT:
        return []
    code = (
        "newer-format"
        if isinstance(fmt, str) and fmt.startswith("gdi-assessment/")
        else "unknown-format"
    )
    return [problem(code, source=source, line=1, field="format", format=fmt)]


def _json_type(value: Any) -> str:
    """The JSON name of the type of a decoded value."""
    names = {list: "array", str: "string", bool: "boolean", int: "number", float: "number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def loads_assessment(text: str, source: str = "<string>") -> Assessment:
    """Parse and validate assessment JSON text. Raises :class:`ProblemsError` naming each field."""
    wrong = _check_format(_json_data(text, source), source)
    if wrong:
        raise ProblemsError(wrong)
    try:
        return Assessment.model_validate_json(text)
    except ValidationError as exc:
        problems = _validation_problems(exc, source, text)
        raise ProblemsError(
            problems,
            f"{source}: {len(problems)} problem{'s' if len(problems) != 1 else ''} in this assessment",
            summary_key="problems_in_assessment",
            source=source,
        ) from None


def load_assessment(path: str | os.PathLike[str]) -> Assessment:
    """Read and validate an assessment JSON file."""
    p = Path(path)
    try:
        raw = read_bounded(p)
    except FileNotFoundError:
        raise UsageError.keyed("error_assessment_no_such_file", path=str(p)) from None
    except IsADirectoryError:
        raise UsageError.keyed("error_assessment_is_folder", path=str(p)) from None
    except OSError as exc:
        raise UsageError.keyed("error_cannot_read", path=str(p), reason=exc.strerror) from None
    if not raw.strip():
        raise ProblemsError([problem("empty-assessment", source=str(p), line=1)])
    return loads_assessment(decode_text(raw, str(p)), str(p))


#: flags written only when set: a file without them reads as before
_FALSE_BY_DEFAULT = frozenset({"confidential", "short_form"})


def _compact(obj: Any) -> Any:
    """Drop empty optional fields of responses and respondents so files stay readable."""
    if isinstance(obj, dict):
        return {
            k: _compact(v)
            for k, v in obj.items()
            if (v not in (None, "", [], {}) or k in {"responses", "respondents", "targets"})
            and not (k in _FALSE_BY_DEFAULT and v is False)
        }
    if isinstance(obj, list):
        return [_compact(v) for v in obj]
    return obj


def dumps_assessment(assessment: Assessment) -> str:
    """The assessment as indented, human-readable JSON text (UTF-8, non-ASCII kept)."""
    data = _compact(assessment.model_dump(mode="json"))
    data["format"] = ASSESSMENT_FORMAT
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def save_assessment(assessment: Assessment, path: str | os.PathLike[str]) -> Path:
    """Save atomically (temporary file, then rename). Returns the path written."""
    return write_atomic(path, dumps_assessment(assessment))


# --------------------------------------------------------------------------------------------------
# Long-format CSV: one row per response, respondent details repeated on each row.

CSV_COLUMNS: tuple[str, ...] = (
    "criterion",
    "respondent",
    "respondent_name",
    "group",
    "status",
    "level",
    "reason",
    "target",
    "confidence",
    "evidence",
    "links",
    "confidential",
    "notes",
    "answered_at",
)


#: What makes a spreadsheet read a cell as a formula (OWASP, "CSV injection"), after the
#: leading spaces a reader may trim.
_FORMULA_STARTS = ("=", "+", "-", "@")


def _needs_quote(text: str) -> bool:
    """Whether a spreadsheet could run ``text`` as a formula, or it starts with our own escape."""
    return text[:1] in ("\t", "\r", "'") or text.lstrip().startswith(_FORMULA_STARTS)


def spreadsheet_cell(value: object) -> object:
    """``value`` made safe for a CSV or XLSX cell: text a spreadsheet would run as a formula
    (``=1+1``, ``@SUM(A1)``, ``" =1+1"``, ``"\\t=1+1"``) gets a leading ``'``, OWASP's advice.

    Numbers stay numbers. Text that already starts with ``'`` gets one more, so that
    :func:`unquote_cell` gives back exactly what was typed.
    """
    if isinstance(value, str) and _needs_quote(value):
        return "'" + value
    return value


def unquote_cell(text: str) -> str:
    """The text of a cell :func:`spreadsheet_cell` wrote: its leading ``'`` removed, and only
    that (no whitespace is trimmed); any other cell is returned as it is."""
    if text.startswith("'") and _needs_quote(text[1:]):
        return text[1:]
    return text


def _response_rows(assessment: Assessment, include_confidential: bool) -> Iterator[list[object]]:
    """The header, then a row per response (columns :data:`CSV_COLUMNS`), every cell safe.

    Confidential evidence, links and notes are left out unless ``include_confidential``; the
    ``confidential`` column still says which answers had them.
    """
    if not include_confidential:
        assessment = assessment.without_confidential()
    who = {r.id: r for r in assessment.respondents}
    yield list(CSV_COLUMNS)
    for r in assessment.responses:
        person = who[r.respondent]
        row: list[object] = [
            r.criterion,
            r.respondent,
            person.name or "",
            person.group or "",
            r.status,
            "" if r.level is None else r.level,
            r.reason or "",
            "" if r.target is None else r.target,
            r.confidence or "",
            r.evidence,
            " ".join(r.links),
            "yes" if r.confidential else "",
            r.notes,
            r.answered_at.isoformat() if r.answered_at else "",
        ]
        yield [spreadsheet_cell(value) for value in row]


def dumps_responses_csv(assessment: Assessment, *, include_confidential: bool = False) -> str:
    """Every response as one CSV row (columns :data:`CSV_COLUMNS`); text, UTF-8, ``\\r\\n`` rows.

    Evidence marked confidential is left out unless ``include_confidential``.

    A cell a spreadsheet would run as a formula is written with a leading ``'``
    (:func:`spreadsheet_cell`); :func:`loads_responses_csv` removes it again.
    """
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(
        _response_rows(assessment, include_confidential)
    )
    return buf.getvalue()


def write_responses_csv(
    assessment: Assessment, path: str | os.PathLike[str], *, include_confidential: bool = False
) -> Path:
    """Write :func:`dumps_responses_csv` atomically, with a BOM so that Excel reads UTF-8."""
    text = dumps_responses_csv(assessment, include_confidential=include_confidential)
    return write_atomic(path, "\ufeff" + text)


def render_responses_xlsx(assessment: Assessment, *, include_confidential: bool = False) -> bytes:
    """The rows of :func:`dumps_responses_csv` as an Excel workbook (one sheet, ``responses``).

    Levels and targets are numbers; every text cell is a string cell, never a formula, and text
    a spreadsheet would run as one starts with ``'`` as in the CSV.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("responses")
    ws.freeze_panes = "A2"
    rows = _response_rows(assessment, include_confidential)
    bold = Font(bold=True)
    header = [WriteOnlyCell(ws, value=name) for name in next(rows)]
    for cell in header:
        cell.font = bold
    ws.append(header)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(ws, value=None if value == "" else value)  # "" is a blank cell
            if isinstance(value, str) and value:
                cell.data_type = "s"  # openpyxl would make a formula of text starting with =
            cells.append(cell)
        ws.append(cells)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_responses_xlsx(
    assessment: Assessment, path: str | os.PathLike[str], *, include_confidential: bool = False
) -> Path:
    """Write :func:`render_responses_xlsx` atomically."""
    data = render_responses_xlsx(assessment, include_confidential=include_confidential)
    return write_atomic(path, data)


#: Extensions of the response sheets the toolkit writes and reads.
SHEET_EXTENSIONS: tuple[str, ...] = (".csv", ".xlsx")


def _sheet_suffix(path: Path, verb: str) -> str:
    suffix = path.suffix.lower()
    if suffix not in SHEET_EXTENSIONS:
        valid = ", ".join(SHEET_EXTENSIONS)
        if verb == "read":
            key = "error_sheet_read" if suffix else "error_sheet_read_no_extension"
        else:
            key = "error_sheet_write" if suffix else "error_sheet_write_no_extension"
        raise UsageError.keyed(key, path=str(path), suffix=suffix, valid=valid)
    return suffix


def write_responses(
    assessment: Assessment, path: str | os.PathLike[str], *, include_confidential: bool = False
) -> Path:
    """Write the responses as CSV or XLSX, as the extension of ``path`` says (any other is refused).

    Evidence marked confidential is left out unless ``include_confidential``.
    """
    p = Path(path)
    if _sheet_suffix(p, "write") == ".xlsx":
        return write_responses_xlsx(assessment, p, include_confidential=include_confidential)
    return write_responses_csv(assessment, p, include_confidential=include_confidential)


#: Columns a responses CSV cannot do without.
_REQUIRED_COLUMNS: tuple[str, ...] = ("criterion", "respondent", "status")


def _read_header(reader: Iterator[list[str]], source: str) -> list[str]:
    """The header row, stripped; raises :class:`ProblemsError` if the file has none."""
    try:
        header = next(reader)
    except StopIteration:
        raise ProblemsError(
            [problem("empty-csv", source=source, line=1, columns=",".join(CSV_COLUMNS))]
        ) from None
    except csv.Error as exc:
        raise ProblemsError([problem("csv-syntax", source=source, line=1, detail=exc)]) from None
    return [h.strip() for h in header]


def _check_header(header: list[str], source: str) -> list[Problem]:
    """Missing required columns, unknown columns and repeated column names."""
    columns = ", ".join(CSV_COLUMNS)
    missing = [c for c in _REQUIRED_COLUMNS if c not in header]
    unknown = [h for h in header if h not in CSV_COLUMNS]
    repeated = sorted({h for n, h in enumerate(header) if h in header[:n]})
    out: list[Problem] = []
    if missing:
        out.append(
            problem(
                "missing-column", source=source, line=1, missing=", ".join(missing), columns=columns
            )
        )
    if unknown:
        out.append(
            problem(
                "unknown-column", source=source, line=1, unknown=", ".join(unknown), columns=columns
            )
        )
    if repeated:
        out.append(problem("duplicate-column", source=source, line=1, names=", ".join(repeated)))
    return out


@dataclass
class _Sheet:
    """What reading the rows of a responses CSV has gathered so far."""

    source: str
    people: dict[str, tuple[str | None, str | None, int]] = field(default_factory=dict)
    responses: list[tuple[Response, int]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _note_respondent(sheet: _Sheet, cell: dict[str, str], row_no: int) -> str:
    """Record the respondent of a row (first row wins); a different name or group is a problem."""
    rid = cell["respondent"].strip()
    name = cell.get("respondent_name", "").strip() or None
    group = cell.get("group", "").strip() or None
    first = sheet.people.setdefault(rid, (name, group, row_no))
    if first[:2] != (name, group):
        sheet.problems.append(
            problem(
                "inconsistent-respondent",
                source=sheet.source,
                line=row_no,
                field="respondent_name",
                id=rid,
                name=name,
                group=group,
                first_name=first[0],
                first_group=first[1],
                first_row=first[2],
            )
        )
    return rid


def _optional_cells(sheet: _Sheet, cell: dict[str, str], row_no: int) -> dict[str, Any]:
    """The level, target, reason, confidence and time of a row, where given and readable."""
    data: dict[str, Any] = {}
    for col in ("level", "target"):
        val = cell.get(col, "").strip()
        if val:
            try:
                data[col] = int(val)
            except ValueError:
                sheet.problems.append(
                    problem("bad-level", source=sheet.source, line=row_no, field=col, value=val)
                )
    for col in ("reason", "confidence"):
        val = cell.get(col, "").strip()
        if val:
            data[col] = val
    # anything but an empty cell or a plain "no" keeps the evidence confidential: a typo must
    # never publish what someone meant to protect
    flag = cell.get("confidential", "").strip().lower()
    if flag and flag not in {"no", "n", "false", "0"}:
        data["confidential"] = True
    stamp = cell.get("answered_at", "").strip()
    if stamp:
        try:
            data["answered_at"] = dt.datetime.fromisoformat(stamp)
        except ValueError:
            sheet.problems.append(
                problem(
                    "bad-time", source=sheet.source, line=row_no, field="answered_at", value=stamp
                )
            )
    return data


def _read_row(sheet: _Sheet, header: list[str], row: list[str], row_no: int) -> None:
    """One data row: its respondent, and its response or the problems with it."""
    if not any(cell.strip() for cell in row):
        return
    if len(row) != len(header):
        sheet.problems.append(
            problem(
                "wrong-cell-count",
                source=sheet.source,
                line=row_no,
                count=len(row),
                expected=len(header),
            )
        )
        return
    # our own escape comes off first, and only it: "'\t=1+1" gives back "\t=1+1" as typed
    cell = {h: unquote_cell(value) for h, value in zip(header, row, strict=True)}
    data: dict[str, Any] = {
        "criterion": cell["criterion"].strip(),
        "respondent": _note_respondent(sheet, cell, row_no),
        "status": cell["status"].strip(),
        "evidence": cell.get("evidence", ""),
        "notes": cell.get("notes", ""),
        "links": tuple(cell.get("links", "").split()),
    }
    data.update(_optional_cells(sheet, cell, row_no))
    try:
        sheet.responses.append((Response.model_validate(data), row_no))
    except ValidationError as exc:
        sheet.problems += [
            replace(p, line=row_no, field=p.field or "status")
            for p in problems_from(exc, sheet.source)
        ]


def _read_rows(sheet: _Sheet, header: list[str], reader: Iterator[list[str]]) -> None:
    """Every data row (the header is row 1); a CSV syntax error ends the reading."""
    row_no = 1
    try:
        for row_no, row in enumerate(reader, start=2):  # noqa: B007 - row_no used after the loop
            _read_row(sheet, header, row, row_no)
    except csv.Error as exc:
        sheet.problems.append(
            problem("csv-syntax", source=sheet.source, line=row_no + 1, detail=exc)
        )


def _duplicate_responses(sheet: _Sheet) -> list[Problem]:
    """A respondent answers each criterion once."""
    first: dict[tuple[str, str], int] = {}
    out: list[Problem] = []
    for r, row in sheet.responses:
        key = (r.criterion, r.respondent)
        if key in first:
            out.append(
                problem(
                    "duplicate-response",
                    source=sheet.source,
                    line=row,
                    field="criterion",
                    respondent=r.respondent,
                    criterion=r.criterion,
                    places=f"rows {first[key]} and {row}",
                )
            )
        first.setdefault(key, row)
    return out


#: The column of each field of a respondent.
_RESPONDENT_COLUMNS = {"id": "respondent", "name": "respondent_name", "group": "group"}


def _respondents(sheet: _Sheet) -> list[Respondent]:
    """The respondents met, in order of first appearance; bad ids are noted as problems."""
    out: list[Respondent] = []
    for rid, (name, group, row) in sheet.people.items():
        try:
            out.append(Respondent.model_validate({"id": rid, "name": name, "group": group}))
        except ValidationError as exc:
            sheet.problems += [
                replace(p, line=row, field=_RESPONDENT_COLUMNS.get(p.field, "respondent"))
                for p in problems_from(exc, sheet.source)
            ]
    return out


def _rows_to_responses(
    reader: Iterator[list[str]], source: str
) -> tuple[tuple[Respondent, ...], tuple[Response, ...]]:
    """Respondents and responses from the header and rows of a sheet; every bad cell at once."""
    header = _read_header(reader, source)
    header_problems = _check_header(header, source)
    if header_problems:
        raise ProblemsError(header_problems)
    sheet = _Sheet(source)
    _read_rows(sheet, header, reader)
    sheet.problems += _duplicate_responses(sheet)
    respondents = _respondents(sheet)
    if sheet.problems:
        problems = sorted(sheet.problems, key=lambda p: p.line or 0)
        n = len(problems)
        raise ProblemsError(
            problems,
            f"{source}: {n} problem{'s' if n != 1 else ''}; nothing was imported",
            summary_key="problems_nothing_imported",
            source=source,
        )
    return tuple(respondents), tuple(r for r, _ in sheet.responses)


def loads_responses_csv(
    text: str, source: str = "<csv>"
) -> tuple[tuple[Respondent, ...], tuple[Response, ...]]:
    """Parse long-format CSV into respondents and responses; every bad cell is reported at once.

    Rows are counted as a spreadsheet shows them: the header is row 1. The ``'`` that
    :func:`dumps_responses_csv` puts before text a spreadsheet would run as a formula is removed.
    """
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    return _rows_to_responses(reader, source)


def read_responses_csv(
    path: str | os.PathLike[str],
) -> tuple[tuple[Respondent, ...], tuple[Response, ...]]:
    """Read a long-format responses CSV file (UTF-8, with or without BOM)."""
    p = Path(path)
    try:
        raw = read_bounded(p)
    except FileNotFoundError:
        raise UsageError.keyed("error_no_such_file", path=str(p)) from None
    except OSError as exc:
        raise UsageError.keyed("error_cannot_read", path=str(p), reason=exc.strerror) from None
    return loads_responses_csv(decode_text(raw, str(p)), str(p))


def _xlsx_text(value: object) -> str:
    """A cell of a workbook as the text a CSV would hold (``2`` for a level typed as 2.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _xlsx_rows(rows: Iterator[tuple[object, ...]]) -> Iterator[list[str]]:
    """Rows of a worksheet as lists of text, as wide as the header (empty cells past it dropped)."""
    width: int | None = None
    for values in rows:
        cells = [_xlsx_text(v) for v in values]
        if width is None:
            while cells and not cells[-1].strip():
                cells.pop()
            width = len(cells)
        elif len(cells) > width and not any(c.strip() for c in cells[width:]):
            cells = cells[:width]
        yield cells + [""] * (width - len(cells))


def read_responses_xlsx(
    path: str | os.PathLike[str],
) -> tuple[tuple[Respondent, ...], tuple[Response, ...]]:
    """Read responses from the first sheet of an Excel workbook laid out as the CSV is."""
    import zipfile

    from openpyxl import load_workbook

    p = Path(path)
    if not p.is_file():
        raise UsageError.keyed("error_no_such_file", path=str(p))
    try:
        wb = load_workbook(p, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        detail = str(exc) or type(exc).__name__
        raise ProblemsError([problem("not-xlsx", source=str(p), detail=detail)]) from None
    try:
        rows = list(wb.worksheets[0].iter_rows(values_only=True)) if wb.worksheets else []
    finally:
        wb.close()
    return _rows_to_responses(_xlsx_rows(iter(rows)), str(p))


def read_responses(
    path: str | os.PathLike[str],
) -> tuple[tuple[Respondent, ...], tuple[Response, ...]]:
    """Read a responses CSV or XLSX file, as its extension says (any other is refused)."""
    p = Path(path)
    if _sheet_suffix(p, "read") == ".xlsx":
        return read_responses_xlsx(p)
    return read_responses_csv(p)
