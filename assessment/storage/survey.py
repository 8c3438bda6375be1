"""Import workshop scores exported by survey tools (KoboToolbox, ODK, LimeSurvey, a spreadsheet).

Reads CSV or XLSX, one row per respondent (wide) or one row per answer (long), into an
:class:`~assessment.responses.Assessment`; every problem of a file is reported at once.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import difflib
import io
import os
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from pydantic import ValidationError

from assessment.errors import Problem, ProblemsError, UsageError
from assessment.responses import (
    Assessment,
    Respondent,
    Response,
    check_against_rubric,
    new_assessment,
    parse_assessment,
)
from assessment.rubric import LEVEL_LABELS, Rubric
from assessment.storage.yamlfile import MAX_BYTES, decode_text

__all__ = ["SurveyImport", "SurveyMapping", "loads_survey_csv", "read_survey"]

Layout = Literal["auto", "wide", "long"]
LAYOUTS: tuple[str, ...] = ("auto", "wide", "long")

#: Reason given to a "not applicable" answer when the survey has no reason for it.
DEFAULT_NA_REASON = "Marked not applicable in the survey (no reason given)"

_LEVEL_NAMES = ", ".join(LEVEL_LABELS.values())
_BAD_LEVEL = f"is not a level; use 0-4, a level name ({_LEVEL_NAMES}), N/A or Don't know"
_BAD_TARGET = f"is not a target level; use 0-4 or a level name ({_LEVEL_NAMES})"
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# Where survey tools join a question group to a question name: Kobo "/", ODK Central "-". Not a
# space: "Comment on I.1-x" is not criterion I.1-x.
_SEPARATORS = "/:-."
_COMPANION_RE = re.compile(
    r"^(?P<base>.+?)[\s_/:\-]+(?P<field>reason|target|confidence|evidence|notes?|comments?)$",
    re.IGNORECASE,
)
_COMPANION_FIELD = {"note": "notes", "comment": "notes", "comments": "notes"}


@dataclass(frozen=True)
class SurveyMapping:
    """Which columns of a survey export hold what.

    Each field lists header names to look for, in order of preference; headers match whatever
    their case and spacing, and ``_`` counts as a space (``Response ID`` = ``response_id``). Give a
    one-name tuple to pin a column, or an empty tuple to ignore that kind of column.

    Parameters
    ----------
    respondent
        The respondent's id. Wide files without one number respondents ``r<row>``; long files
        look for ``respondent`` first (``id`` there may number rows). ODK's ``uuid:`` prefix
        is dropped, since ids cannot contain ``:``.
    name
        The respondent's name (kept only as the respondent's name).
    group
        The stakeholder group.
    time
        When the answers were submitted (ISO 8601, or a date-time cell in XLSX).
    criterion, level, target, reason, notes, evidence, confidence
        Long files only: the columns of one answer.
    columns
        Survey column name -> criterion id, for surveys whose questions have their own codes
        (LimeSurvey ``Q01``). Used for wide headers and for the criterion cells of long files.
    """

    respondent: tuple[str, ...] = (
        "_id",
        "_uuid",
        "id",
        "response id",
        "respondent",
        "respondent id",
        "participant id",
        "instanceID",
        "KEY",
    )
    name: tuple[str, ...] = (
        "participant_name",
        "name",
        "display name",
        "respondent name",
        "full name",
    )
    group: tuple[str, ...] = ("stakeholder_group", "group", "sector", "stakeholder")
    time: tuple[str, ...] = (
        "_submission_time",
        "submitdate",
        "SubmissionDate",
        "end",
        "timestamp",
        "answered_at",
    )
    criterion: tuple[str, ...] = ("criterion", "criterion id", "question")
    level: tuple[str, ...] = ("level", "value", "answer", "score")
    target: tuple[str, ...] = ("target", "target level")
    reason: tuple[str, ...] = ("reason", "na reason", "not applicable reason")
    notes: tuple[str, ...] = ("notes", "note", "comment", "comments")
    evidence: tuple[str, ...] = ("evidence",)
    confidence: tuple[str, ...] = ("confidence",)
    columns: Mapping[str, str] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        # A bare string is an easy slip for a one-name tuple; accept it rather than match letters.
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name != "columns" and isinstance(value, str):
                object.__setattr__(self, f.name, (value,))
        object.__setattr__(self, "columns", MappingProxyType(dict(self.columns)))


@dataclass(frozen=True)
class SurveyImport:
    """What :func:`read_survey` made of a survey export.

    Parameters
    ----------
    assessment
        The imported assessment, checked against the rubric.
    layout
        ``"wide"`` (a row per respondent) or ``"long"`` (a row per answer), as read.
    ignored_columns
        Header names that were not used (survey metadata such as ``_uuid``), in file order.
    n_rows
        Data rows read (blank rows not counted).
    encoding
        How a CSV file's bytes were decoded (``utf-8``, ``utf-16``, ``cp1252``, ``latin-1``);
        ``None`` for XLSX and for text given in memory.
    """

    assessment: Assessment
    layout: Literal["wide", "long"]
    ignored_columns: tuple[str, ...]
    n_rows: int
    encoding: str | None = None


# --------------------------------------------------------------------------------------------------
# Cells


def _header_key(name: str) -> str:
    """Header names compare without case, surrounding spaces, or the difference of ``_`` and space."""
    return " ".join(name.replace("_", " ").lower().split())


def _answer_key(text: str) -> str:
    s = text.strip().lower()
    for ch in "'’‘`´":
        s = s.replace(ch, "")
    return " ".join(re.sub(r"[_\-–—:()]", " ", s).split())


def _answer_table() -> dict[str, tuple[str, int | None]]:
    table: dict[str, tuple[str, int | None]] = {}
    for level, label in LEVEL_LABELS.items():
        name = _answer_key(label)
        for key in (str(level), name, f"{level} {name}", f"{level}. {name}", f"{level}.{name}"):
            table[key] = ("scored", level)
    for key in ("n/a", "na", "n.a.", "n.a", "n / a", "not applicable", "notapplicable"):
        table[key] = ("not-applicable", None)
    for key in ("dont know", "do not know", "dk", "i dont know", "dontknow"):
        table[key] = ("dont-know", None)
    return table


_ANSWERS = _answer_table()
_NUMBER_RE = re.compile(r"^([0-4])(?:[.,]0+)?$")


@lru_cache(maxsize=4096)
def _answer_of_text(text: str) -> tuple[str, int | None] | None:
    """``(status, level)`` of a text cell, ``None`` when empty; ``ValueError`` when not an answer."""
    stripped = text.strip()
    if not stripped:
        return None
    if stripped[0] in "-–—+" or stripped[-1] in "-–—":  # "-1" is not level 1
        raise ValueError(text)
    key = _answer_key(text)
    hit = _ANSWERS.get(key)
    if hit is not None:
        return hit
    m = _NUMBER_RE.match(key)
    if m:
        return ("scored", int(m.group(1)))
    raise ValueError(text)


def _answer(value: object) -> tuple[str, int | None] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return _answer_of_text(value)
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)) and float(value).is_integer() and 0 <= value <= 4:
        return ("scored", int(value))
    raise ValueError(value)


def _text(value: object) -> str:
    """A cell as trimmed text; whole numbers from XLSX lose their ``.0`` (ids such as 1001)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()


def _shown(value: object) -> str:
    text = _text(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _time(value: object) -> dt.datetime | None:
    """A submission time from a cell; ``ValueError`` when it is not one."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    text = _text(value)
    if not text:
        return None
    return dt.datetime.fromisoformat(text)


# --------------------------------------------------------------------------------------------------
# Columns


class _Criteria:
    """Finds the criterion a header (or a long file's criterion cell) names."""

    def __init__(self, rubric: Rubric, mapping: SurveyMapping) -> None:
        self.rubric = rubric
        self.ids = tuple(rubric.by_id)
        self.folded = {i.lower(): i for i in self.ids}
        self.mapped = {_header_key(k): v for k, v in mapping.columns.items()}
        pillars = "|".join(re.escape(p.id) for p in rubric.pillars)
        self.looks = re.compile(rf"^(?:[IVX]+|\d+|{pillars})\.\d+-\S")
        self._cache: dict[str, str | None] = {}

    @staticmethod
    def _tails(header: str) -> Iterator[str]:
        """The header, then what follows each group separator (``scores/I.1-x`` -> ``I.1-x``)."""
        yield header
        for i, ch in enumerate(header):
            if ch in _SEPARATORS and header[i + 1 :]:
                yield header[i + 1 :]

    def find(self, header: str) -> str | None:
        hit = self._cache.get(header, "")
        if hit != "":
            return hit
        found = None
        for tail in self._tails(header.strip()):
            mapped = self.mapped.get(_header_key(tail))
            if mapped is not None:
                found = mapped
                break
            if tail in self.rubric.by_id:
                found = tail
                break
            if tail.lower() in self.folded:
                found = self.folded[tail.lower()]
                break
        self._cache[header] = found
        return found

    def lookalike(self, header: str) -> str | None:
        """The part of ``header`` that looks like a criterion id (but is not one), if any."""
        for tail in self._tails(header.strip()):
            if self.looks.match(tail):
                return tail
        return None

    def suggest(self, wrong: str) -> str:
        close = difflib.get_close_matches(wrong, self.ids, n=1, cutoff=0.5)
        if close:
            return f'did you mean "{close[0]}"?'
        return f'criterion ids look like "{self.ids[0]}"; see the rubric for the full list'


def _find_column(keys: Sequence[str], names: Iterable[str]) -> int | None:
    """Index of the first header matching one of ``names``, in the order of ``names``."""
    where: dict[str, int] = {}
    for i, k in enumerate(keys):
        where.setdefault(k, i)
    for name in names:
        i = where.get(_header_key(name))
        if i is not None:
            return i
    return None


# --------------------------------------------------------------------------------------------------
# Tables: a header and numbered rows, from CSV text or an XLSX sheet

Row = Sequence[object]


@dataclass
class _Table:
    source: str
    header: list[str]
    header_row: int
    rows: list[tuple[int, Row]]


def _problems(problems: list[Problem], source: str) -> ProblemsError:
    problems.sort(key=lambda p: p.line or 0)
    n = len(problems)
    return ProblemsError(
        problems, f"{source}: {n} problem{'s' if n != 1 else ''}; nothing was imported"
    )


def _empty(source: str) -> ProblemsError:
    return ProblemsError(
        [
            Problem(
                "empty-file",
                "the file is empty; its first row must be the header: the respondent id column and "
                "a column per criterion id (a row per respondent), or respondent, criterion and "
                "level (a row per answer)",
                source,
                1,
            )
        ]
    )


def _delimiter(text: str) -> str:
    """``,``, ``;`` or tab: whichever splits the header line into the most cells."""
    first = text.split("\n", 1)[0]
    best, most = ",", 1
    for d in (",", ";", "\t"):
        n = len(next(csv.reader([first], delimiter=d), []))
        if n > most:
            best, most = d, n
    return best


def _csv_table(text: str, source: str) -> _Table:
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header: list[str] | None = None
    header_row = 0
    rows: list[tuple[int, Row]] = []
    row_no = 0
    try:
        for row_no, row in enumerate(reader, start=1):  # noqa: B007 - row_no used after the loop
            if header is None:
                if any(c.strip() for c in row):
                    header, header_row = [c.strip() for c in row], row_no
            else:
                rows.append((row_no, row))
    except csv.Error as exc:
        raise ProblemsError(
            [Problem("csv-syntax", f"not valid CSV: {exc}", source, row_no + 1)]
        ) from None
    if header is None:
        raise _empty(source)
    return _Table(source, header, header_row, rows)


def _decode(raw: bytes, source: str) -> tuple[str, str]:
    """Text and encoding: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252 or latin-1."""
    if raw.startswith(b"PK\x03\x04"):
        raise ProblemsError(
            [
                Problem(
                    "not-csv",
                    "this file is an Excel workbook (or another zip archive), not CSV text; "
                    "give it the extension .xlsx, or export the survey as CSV",
                    source,
                )
            ]
        )
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode text" export.
        if len(raw) > MAX_BYTES:
            raise ProblemsError(
                [
                    Problem(
                        "too-large",
                        f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}",
                        source,
                    )
                ]
            )
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ProblemsError(
                [
                    Problem(
                        "not-utf16",
                        "the file starts like UTF-16 text but is not; save it as CSV UTF-8",
                        source,
                    )
                ]
            ) from None
    try:
        return decode_text(raw, source), "utf-8"
    except ProblemsError as exc:
        if [p.code for p in exc.problems] != ["not-utf8"]:
            raise
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


def _xlsx_table(path: Path, source: str, sheet: str | None) -> _Table:
    try:
        import openpyxl
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError:
        raise UsageError(
            "reading .xlsx files needs the openpyxl package; install it "
            "(pip install openpyxl), or export the survey as CSV"
        ) from None

    def not_xlsx(detail: str) -> ProblemsError:
        return ProblemsError(
            [
                Problem(
                    "not-xlsx",
                    f"this is not an Excel workbook (.xlsx) that can be read ({detail}); "
                    "open it in a spreadsheet and save it as .xlsx, or export the survey as CSV",
                    source,
                )
            ]
        )

    if not zipfile.is_zipfile(path):
        raise not_xlsx("it is not a zip archive, as every .xlsx file is; perhaps CSV or text")
    # Damaged workbooks raise whatever the XML or zip layer meets; all mean "cannot be read".
    broken = (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, SyntaxError, OSError)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except broken as exc:
        raise not_xlsx(str(exc) or type(exc).__name__) from None
    try:
        if sheet is None:
            if not wb.worksheets:
                raise not_xlsx("it has no worksheet")
            ws = wb.worksheets[0]
        else:
            names = {n.lower(): n for n in wb.sheetnames}
            title = sheet if sheet in wb.sheetnames else names.get(sheet.strip().lower())
            if title is None:
                listed = ", ".join(f'"{n}"' for n in wb.sheetnames)
                raise ProblemsError(
                    [
                        Problem(
                            "unknown-sheet",
                            f'no sheet is named "{sheet}"; the sheets are {listed}',
                            source,
                        )
                    ]
                )
            ws = wb[title]
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # some writers record wrong sizes; read what is there
        header: list[str] | None = None
        header_row = 0
        rows: list[tuple[int, Row]] = []
        try:
            for row_no, values in enumerate(ws.iter_rows(values_only=True), start=1):
                if header is None:
                    if any(_text(v) for v in values):
                        header, header_row = [_text(v) for v in values], row_no
                else:
                    rows.append((row_no, values))
        except broken as exc:
            raise not_xlsx(str(exc) or type(exc).__name__) from None
    finally:
        wb.close()
    if header is None:
        raise _empty(source)
    return _Table(source, header, header_row, rows)


# --------------------------------------------------------------------------------------------------
# Reading answers


@dataclass
class _Read:
    """What a layout reader collected: responses with where each came from, and problems."""

    respondents: dict[str, Respondent] = field(default_factory=dict)
    responses: list[Response] = field(default_factory=list)
    where: list[tuple[int, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    n_rows: int = 0


def _cell(row: Row, i: int | None) -> object:
    if i is None or i >= len(row):
        return None
    v = row[i]
    return None if isinstance(v, str) and not v.strip() else v


def _validation(exc: ValidationError, source: str, row: int, column: str) -> list[Problem]:
    return [
        Problem(
            err["type"].replace("_", "-"),
            err["msg"][:1].lower() + err["msg"][1:],
            source,
            row,
            column,
        )
        for err in exc.errors(include_url=False)
    ]


def _respondent(
    out: _Read, t: _Table, row_no: int, rid: str, name: str, group: str, cols: tuple[str, ...]
) -> Respondent | None:
    id_col, name_col, group_col = cols
    if not _good_id(rid):
        out.problems.append(
            Problem(
                "bad-respondent-id",
                f'"{_shown(rid)}" cannot be a respondent id; use letters, digits, ".", "_" or "-", '
                "starting with a letter or digit (at most 80 characters)",
                t.source,
                row_no,
                id_col,
            )
        )
        return None
    try:
        return Respondent(id=rid, name=name or None, group=group or None)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            column = name_col if err["loc"] and err["loc"][0] == "name" else group_col
            out.problems.append(
                Problem(err["type"].replace("_", "-"), err["msg"], t.source, row_no, column)
            )
        return None


def _good_id(rid: str) -> bool:
    return len(rid) <= 80 and _ID_RE.match(rid) is not None


def _respondent_id(row: Row, i: int | None) -> str:
    rid = _text(_cell(row, i))
    return rid[5:] if rid[:5].lower() == "uuid:" else rid


def _check_width(out: _Read, t: _Table, row_no: int, row: Row) -> None:
    if len(row) > len(t.header) and any(_text(v) for v in row[len(t.header) :]):
        out.problems.append(
            Problem(
                "wrong-cell-count",
                f"row has {len(row)} cells but the header only {len(t.header)}; "
                "give every value a column heading",
                t.source,
                row_no,
            )
        )


def _extras(
    out: _Read, t: _Table, row_no: int, row: Row, cols: Mapping[str, int]
) -> dict[str, Any] | None:
    """reason, target, confidence, evidence and notes of one answer from the columns in ``cols``."""
    data: dict[str, Any] = {}
    ok = True
    for key, i in cols.items():
        value = _cell(row, i)
        if value is None:
            continue
        column = t.header[i]
        if key == "target":
            try:
                ans = _answer(value)
            except ValueError:
                ans = None
            if ans is None or ans[0] != "scored":
                out.problems.append(
                    Problem(
                        "bad-target", f'"{_shown(value)}" {_BAD_TARGET}', t.source, row_no, column
                    )
                )
                ok = False
                continue
            data["target"] = ans[1]
        elif key == "confidence":
            text = _text(value).lower()
            if text not in ("low", "medium", "high"):
                out.problems.append(
                    Problem(
                        "bad-confidence",
                        f'"{_shown(value)}" is not a confidence; use low, medium or high',
                        t.source,
                        row_no,
                        column,
                    )
                )
                ok = False
                continue
            data["confidence"] = text
        else:
            data[key] = str(value).strip() if isinstance(value, str) else _text(value)
    return data if ok else None


def _add_response(
    out: _Read, t: _Table, row_no: int, column: str, data: dict[str, Any], status: str
) -> None:
    if status == "not-applicable" and not data.get("reason"):
        data["reason"] = DEFAULT_NA_REASON
    try:
        out.responses.append(Response(**data))
        out.where.append((row_no, column))
    except ValidationError as exc:
        out.problems.extend(_validation(exc, t.source, row_no, column))


def _read_time(out: _Read, t: _Table, row_no: int, row: Row, i: int | None) -> dt.datetime | None:
    value = _cell(row, i)
    try:
        return _time(value)
    except (ValueError, TypeError):
        assert i is not None
        out.problems.append(
            Problem(
                "bad-time",
                f'"{_shown(value)}" is not a date-time; use ISO 8601 such as 2025-07-15T10:07:00, '
                "or leave it empty",
                t.source,
                row_no,
                t.header[i],
            )
        )
        return None


def _read_wide(t: _Table, criteria: _Criteria, mapping: SurveyMapping) -> _Read:
    out = _Read()
    keys = [_header_key(h) for h in t.header]
    id_i = _find_column(keys, mapping.respondent)
    name_i = _find_column(keys, mapping.name)
    group_i = _find_column(keys, mapping.group)
    time_i = _find_column(keys, mapping.time)
    meta = {i for i in (id_i, name_i, group_i, time_i) if i is not None}
    score_cols: list[tuple[int, str]] = []
    first_of: dict[str, int] = {}
    companions: dict[str, dict[str, int]] = {}
    for i, h in enumerate(t.header):
        if i in meta or not h:
            continue
        cid = criteria.find(h)
        if cid is not None:
            if cid in first_of:
                out.problems.append(
                    Problem(
                        "duplicate-criterion-column",
                        f'columns "{t.header[first_of[cid]]}" and "{h}" both hold criterion "{cid}"; keep one',
                        t.source,
                        t.header_row,
                        h,
                    )
                )
                continue
            first_of[cid] = i
            score_cols.append((i, cid))
            continue
        m = _COMPANION_RE.match(h)
        base = criteria.find(m.group("base").rstrip("/:-_ ")) if m else None
        if m and base is not None:
            f = m.group("field").lower()
            companions.setdefault(base, {})[_COMPANION_FIELD.get(f, f)] = i
            continue
        wrong = criteria.lookalike(h)
        if wrong is not None:
            out.problems.append(
                Problem(
                    "unknown-criterion",
                    f'"{wrong}" looks like a criterion id but is not one of rubric '
                    f'"{criteria.rubric.id}"; {criteria.suggest(wrong)} Rename or remove the column',
                    t.source,
                    t.header_row,
                    h,
                )
            )
            continue
        out.ignored.append(h)
    if not score_cols:
        if not out.problems:
            out.problems.append(_no_criteria(t, criteria))
        return out
    id_col = t.header[id_i] if id_i is not None else "respondent"
    cols = (
        id_col,
        t.header[name_i] if name_i is not None else "name",
        t.header[group_i] if group_i is not None else "group",
    )
    row_of: dict[str, int] = {}
    responses, where = out.responses, out.where
    for row_no, row in t.rows:
        if not any(_text(v) for v in row):
            continue
        out.n_rows += 1
        _check_width(out, t, row_no, row)
        rid = _respondent_id(row, id_i) or f"r{row_no}"
        if rid in row_of:
            out.problems.append(
                Problem(
                    "duplicate-respondent",
                    f'respondent "{rid}" also answers on row {row_of[rid]}; '
                    "keep one row per respondent, or give each a different id",
                    t.source,
                    row_no,
                    id_col,
                )
            )
        row_of.setdefault(rid, row_no)
        person = _respondent(
            out, t, row_no, rid, _text(_cell(row, name_i)), _text(_cell(row, group_i)), cols
        )
        when = _read_time(out, t, row_no, row, time_i)
        answered = False
        id_ok = _good_id(rid)  # else only the cells are checked: one problem for the id is enough
        for i, cid in score_cols:
            value = row[i] if i < len(row) else None
            try:
                ans = _answer(value)
            except ValueError:
                out.problems.append(
                    Problem(
                        "bad-level",
                        f'"{_shown(value)}" {_BAD_LEVEL}',
                        t.source,
                        row_no,
                        t.header[i],
                    )
                )
                continue
            if ans is None or not id_ok:
                continue
            status, level = ans
            answered = True
            extra = companions.get(cid)
            if extra is None:  # the common case, kept lean: 64,000 cells take about 0.5 s
                try:
                    responses.append(
                        Response(
                            criterion=cid,
                            respondent=rid,
                            status=status,
                            level=level,
                            reason=DEFAULT_NA_REASON if status == "not-applicable" else None,
                            answered_at=when,
                        )
                    )
                    where.append((row_no, t.header[i]))
                except ValidationError as exc:
                    out.problems.extend(_validation(exc, t.source, row_no, t.header[i]))
                continue
            more = _extras(out, t, row_no, row, extra)
            if more is not None:
                data = {"criterion": cid, "respondent": rid, "status": status, "level": level}
                data.update(answered_at=when, **more)
                _add_response(out, t, row_no, t.header[i], data, status)
        if person is not None and answered:
            out.respondents[rid] = person
    return out


def _no_criteria(t: _Table, criteria: _Criteria) -> Problem:
    return Problem(
        "no-criterion-columns",
        f'no column is a criterion of rubric "{criteria.rubric.id}"; for a row per respondent, '
        f'head each score column with its criterion id (such as "{criteria.ids[0]}") or map survey '
        "codes to ids (SurveyMapping columns); for a row per answer, give respondent, criterion "
        "and level columns",
        t.source,
        t.header_row,
    )


_LONG_FIELDS = ("target", "reason", "notes", "evidence", "confidence")


def _read_long(t: _Table, criteria: _Criteria, mapping: SurveyMapping) -> _Read:
    out = _Read()
    keys = [_header_key(h) for h in t.header]
    first = [
        n for n in ("respondent", "respondent id", "participant id") if n in mapping.respondent
    ]
    need = {
        "respondent": _find_column(keys, (*first, *mapping.respondent)),
        "criterion": _find_column(keys, mapping.criterion),
        "level": _find_column(keys, mapping.level),
    }
    for what, i in need.items():
        if i is None:
            names = ", ".join(f'"{n}"' for n in getattr(mapping, what)) or "(none set)"
            out.problems.append(
                Problem(
                    "missing-column",
                    f"no {what} column; a file with a row per answer needs one, headed one of {names}",
                    t.source,
                    t.header_row,
                )
            )
    if out.problems:
        return out
    id_i, crit_i, level_i = need["respondent"], need["criterion"], need["level"]
    assert id_i is not None and crit_i is not None and level_i is not None
    name_i = _find_column(keys, mapping.name)
    group_i = _find_column(keys, mapping.group)
    time_i = _find_column(keys, mapping.time)
    extra = {
        f: i for f in _LONG_FIELDS if (i := _find_column(keys, getattr(mapping, f))) is not None
    }
    used = {id_i, crit_i, level_i, name_i, group_i, time_i, *extra.values()}
    out.ignored = [h for i, h in enumerate(t.header) if i not in used and h]
    cols = (
        t.header[id_i],
        t.header[name_i] if name_i is not None else "name",
        t.header[group_i] if group_i is not None else "group",
    )
    people: dict[str, tuple[str, str, int]] = {}
    seen: dict[tuple[str, str], int] = {}
    for row_no, row in t.rows:
        if not any(_text(v) for v in row):
            continue
        out.n_rows += 1
        _check_width(out, t, row_no, row)
        rid = _respondent_id(row, id_i)
        raw_cid = _text(_cell(row, crit_i))
        # Every cell is checked, so a row with several mistakes reports them all.
        ok = bool(rid)
        if not rid:
            out.problems.append(
                Problem(
                    "missing-respondent",
                    "no respondent id; give every answer its respondent's id",
                    t.source,
                    row_no,
                    t.header[id_i],
                )
            )
        cid = criteria.find(raw_cid) if raw_cid else None
        if not raw_cid:
            out.problems.append(
                Problem(
                    "missing-criterion",
                    "no criterion; give the criterion id this answer is for",
                    t.source,
                    row_no,
                    t.header[crit_i],
                )
            )
        elif cid is None:
            out.problems.append(
                Problem(
                    "unknown-criterion",
                    f'"{_shown(raw_cid)}" is not a criterion of rubric "{criteria.rubric.id}"; '
                    f"{criteria.suggest(raw_cid)}",
                    t.source,
                    row_no,
                    t.header[crit_i],
                )
            )
        if rid:
            name, group = _text(_cell(row, name_i)), _text(_cell(row, group_i))
            if rid not in people:
                people[rid] = (name, group, row_no)
                person = _respondent(out, t, row_no, rid, name, group, cols)
                if person is not None:
                    out.respondents[rid] = person
            elif people[rid][:2] != (name, group):
                first = people[rid]
                out.problems.append(
                    Problem(
                        "inconsistent-respondent",
                        f'respondent "{rid}" has name/group "{name}"/"{group}" here but '
                        f'"{first[0]}"/"{first[1]}" on row {first[2]}; make them the same',
                        t.source,
                        row_no,
                        cols[1] if name != first[0] else cols[2],
                    )
                )
            ok = ok and _good_id(rid)
        value = _cell(row, level_i)
        try:
            ans = _answer(value)
        except ValueError:
            ans = None
            ok = False
            out.problems.append(
                Problem(
                    "bad-level",
                    f'"{_shown(value)}" {_BAD_LEVEL}',
                    t.source,
                    row_no,
                    t.header[level_i],
                )
            )
        when = _read_time(out, t, row_no, row, time_i)
        more = _extras(out, t, row_no, row, extra)
        if not ok or cid is None or ans is None or more is None:
            continue
        if (rid, cid) in seen:
            out.problems.append(
                Problem(
                    "duplicate-response",
                    f'respondent "{rid}" answers "{cid}" twice (also on row {seen[(rid, cid)]}); keep one',
                    t.source,
                    row_no,
                    t.header[crit_i],
                )
            )
            continue
        seen[(rid, cid)] = row_no
        status, level = ans
        data = {
            "criterion": cid,
            "respondent": rid,
            "status": status,
            "level": level,
            "answered_at": when,
            **more,
        }
        _add_response(out, t, row_no, t.header[crit_i], data, status)
    # Respondents without a single answer are not counted as taking part.
    answered = {r.respondent for r in out.responses}
    out.respondents = {k: v for k, v in out.respondents.items() if k in answered}
    return out


# --------------------------------------------------------------------------------------------------
# Import


def _mapping_problems(criteria: _Criteria, mapping: SurveyMapping, source: str) -> list[Problem]:
    return [
        Problem(
            "unknown-criterion",
            f'column "{col}" is mapped to "{cid}", which is not a criterion of rubric '
            f'"{criteria.rubric.id}"; {criteria.suggest(cid)}',
            source,
            None,
            "columns",
        )
        for col, cid in mapping.columns.items()
        if cid not in criteria.rubric.by_id
    ]


def _detect(t: _Table, criteria: _Criteria, mapping: SurveyMapping) -> Literal["wide", "long"]:
    """Wide when several headers are criteria (or lookalikes), or one and no criterion column."""
    n = sum(1 for h in t.header if h and (criteria.find(h) is not None or criteria.lookalike(h)))
    has_criterion_column = (
        _find_column([_header_key(h) for h in t.header], mapping.criterion) is not None
    )
    return "wide" if n >= 2 or (n == 1 and not has_criterion_column) else "long"


def _import(
    t: _Table,
    rubric: Rubric,
    *,
    entity: str,
    kind: str,
    country: str,
    date: dt.date | None,
    round: str,
    layout: str,
    mapping: SurveyMapping | None,
    encoding: str | None,
) -> SurveyImport:
    if layout not in LAYOUTS:
        raise UsageError(f"layout {layout!r} is not one of {', '.join(LAYOUTS)}")
    mapping = mapping or SurveyMapping()
    # The entity is checked first: a wrong kind or country is a mistake in the call, not the file.
    base = new_assessment(
        rubric,
        entity=entity,
        kind=kind,
        country=country,
        date=date or dt.date(2000, 1, 1),
        round=round,
    )
    criteria = _Criteria(rubric, mapping)
    mapping_problems = _mapping_problems(criteria, mapping, t.source)
    if mapping_problems:
        raise _problems(mapping_problems, t.source)
    chosen: Literal["wide", "long"]
    if layout == "auto":
        chosen = _detect(t, criteria, mapping)
        if (
            chosen == "long"
            and _find_column([_header_key(h) for h in t.header], mapping.criterion) is None
        ):
            raise _problems([_no_criteria(t, criteria)], t.source)
    else:
        chosen = "wide" if layout == "wide" else "long"
    got = (_read_wide if chosen == "wide" else _read_long)(t, criteria, mapping)
    if not got.problems and not got.responses:
        got.problems.append(
            Problem(
                "no-answers",
                "the file has a header but no answers; fill in at least one score",
                t.source,
                t.header_row,
            )
        )
    if got.problems:
        raise _problems(got.problems, t.source)
    if date is None:
        days = [r.answered_at.date() for r in got.responses if r.answered_at is not None]
        date = max(days) if days else dt.date.today()
    data = {name: getattr(base, name) for name in Assessment.model_fields}
    data.update(
        date=date,
        respondents=tuple(got.respondents.values()),
        responses=tuple(got.responses),
    )
    assessment = parse_assessment(data, t.source)
    located = _locate(check_against_rubric(assessment, rubric, t.source), got.where, t, chosen)
    if located:
        raise _problems(located, t.source)
    return SurveyImport(assessment, chosen, tuple(got.ignored), got.n_rows, encoding)


def _locate(
    problems: list[Problem], where: list[tuple[int, str]], t: _Table, layout: str
) -> list[Problem]:
    """Give the rubric check's problems (``responses[i]...``) the row and column they came from."""
    out: list[Problem] = []
    per_column: dict[tuple[str, str, str], int] = {}
    for p in problems:
        m = re.match(r"responses\[(\d+)\]", p.field)
        if m is None:
            out.append(p)
            continue
        row, column = where[int(m.group(1))]
        if layout == "long":
            out.append(Problem(p.code, p.message, t.source, row, column))
        else:  # the same criterion on every row of a column: say it once, for the column
            key = (column, p.code, p.message)
            per_column[key] = per_column.get(key, 0) + 1
    for (column, code, message), n in per_column.items():
        out.append(
            Problem(
                code,
                f"{message} ({n} answer{'s' if n != 1 else ''} in this column); clear or remove the column",
                t.source,
                t.header_row,
                column,
            )
        )
    return out


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
    return _import(
        _csv_table(text, source),
        rubric,
        entity=entity,
        kind=kind,
        country=country,
        date=date,
        round=round,
        layout=layout,
        mapping=mapping,
        encoding=None,
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
    source = str(p)
    try:
        if p.is_dir():
            raise UsageError(f"{p}: is a folder; give the path of a .csv or .xlsx survey export")
        suffix = p.suffix.lower()
        if suffix == ".xls":
            raise ProblemsError(
                [
                    Problem(
                        "old-excel",
                        "this is an old-style Excel file (.xls); open it in a spreadsheet and "
                        "save it as .xlsx or CSV",
                        source,
                    )
                ]
            )
        encoding: str | None = None
        if suffix in {".xlsx", ".xlsm"}:
            if not p.exists():
                raise FileNotFoundError(p)
            table = _xlsx_table(p, source, sheet)
        else:
            raw = p.read_bytes()
            if not raw.strip():
                raise _empty(source)
            text, encoding = _decode(raw, source)
            table = _csv_table(text, source)
    except FileNotFoundError:
        raise UsageError(f"{p}: no such file; check the path") from None
    except OSError as exc:
        raise UsageError(f"{p}: cannot be read ({exc.strerror or exc})") from None
    return _import(
        table,
        rubric,
        entity=entity,
        kind=kind,
        country=country,
        date=date,
        round=round,
        layout=layout,
        mapping=mapping,
        encoding=encoding,
    )
