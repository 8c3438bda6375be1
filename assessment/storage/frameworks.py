"""Read and check the framework mappings (``rubrics/frameworks/``), and write framework tables
as CSV or Excel with every text cell safe from formula injection."""

from __future__ import annotations

import contextlib
import csv
import io
import math
import os
from pathlib import Path
from typing import Any

import pandas as pd

from assessment.errors import UsageError
from assessment.frameworks import (
    TABLE_COLUMNS,
    FrameworkMapping,
    FrameworkReference,
    parse_framework_mapping,
    parse_framework_reference,
)
from assessment.rubric import Rubric
from assessment.storage.assessments import spreadsheet_cell
from assessment.storage.atomic import write_atomic
from assessment.storage.rubrics import RUBRICS_DIR
from assessment.storage.yamlfile import decode_text, parse_yaml, read_bounded

__all__ = [
    "FRAMEWORKS_DIR",
    "REFERENCE",
    "TABLE_EXTENSIONS",
    "bundled_mapping",
    "dumps_framework_csv",
    "load_framework_mapping",
    "load_framework_reference",
    "mapping_path",
    "render_framework_xlsx",
    "table_path",
    "write_framework_table",
]

#: The mappings shipped with the toolkit: ``<rubric-id>.yaml``, and the reference list of codes.
FRAMEWORKS_DIR = RUBRICS_DIR / "frameworks"
REFERENCE = FRAMEWORKS_DIR / "frameworks.yaml"
#: Extensions of the tables :func:`write_framework_table` writes.
TABLE_EXTENSIONS: tuple[str, ...] = (".csv", ".xlsx")

#: Number formats of the XLSX columns that hold numbers (the others are text).
_NUMBER_FORMATS = {
    "n_criteria": "0",
    "n_scored": "0",
    "n_not_applicable": "0",
    "n_open": "0",
    "mean_score": "0.00",
    "mean_target": "0.00",
    "mean_gap": "0.00",
}
_LISTS = ("criteria", "criterion_titles", "states", "scores")


def _read(path: Path) -> tuple[Any, Any]:
    """A mapping file's plain data and line numbers. A file read before (the same bytes, the
    same toolkit) comes from the signed cache, as rubrics do: the line-tracking YAML parse costs
    a one-shot report more than everything else the crosswalks need."""
    import hashlib
    import json

    from assessment.storage.rubrics import read_signed, write_signed
    from assessment.storage.yamlfile import Lines

    raw = read_bounded(path)
    name = f"frameworks-{hashlib.sha256(raw).hexdigest()}.json"
    cached = read_signed(name, raw)
    if cached is not None:
        with contextlib.suppress(ValueError, TypeError, KeyError):
            found = json.loads(cached)
            return found["data"], Lines({tuple(k): v for k, v in found["lines"]})
    data, lines = parse_yaml(decode_text(raw, str(path)), str(path))
    if _json_safe(data):
        table = [[list(k), v] for k, v in lines._table.items()]
        write_signed(name, raw, json.dumps({"data": data, "lines": table}).encode("utf-8"))
    return data, lines


def _json_safe(node: Any) -> bool:
    """Whether ``node`` comes back from JSON exactly as it is (string keys, plain values)."""
    if isinstance(node, dict):
        return all(isinstance(k, str) and _json_safe(v) for k, v in node.items())
    if isinstance(node, list):
        return all(_json_safe(v) for v in node)
    return node is None or isinstance(node, str | int | float | bool)


def load_framework_reference(path: str | os.PathLike[str] | None = None) -> FrameworkReference:
    """Read and check the reference list of codes (default: the bundled ``frameworks.yaml``)."""
    p = Path(path) if path is not None else REFERENCE
    data, lines = _read(p)
    return parse_framework_reference(data, source=str(p), line_of=lines)


def mapping_path(rubric_id: str) -> Path:
    """Where the bundled mapping of rubric ``rubric_id`` is (it may not exist)."""
    return FRAMEWORKS_DIR / f"{rubric_id}.yaml"


def bundled_mapping(rubric: Rubric) -> FrameworkMapping | None:
    """The bundled mapping of ``rubric`` to SDG targets, GDC objectives and WSIS action lines;
    None for a rubric of one's own, or a version of the rubric the mapping does not fit."""
    from assessment.errors import GdiError

    if not mapping_path(rubric.id).is_file():
        return None
    try:
        return load_framework_mapping(rubric)
    except GdiError:
        return None


def load_framework_mapping(
    rubric: Rubric,
    path: str | os.PathLike[str] | None = None,
    reference: FrameworkReference | None = None,
) -> FrameworkMapping:
    """Read and check the mapping of ``rubric``'s criteria to the frameworks.

    ``path`` defaults to the bundled mapping of the rubric's id, ``reference`` to the bundled list
    of codes. Raises :class:`UsageError` when there is no such file, and
    :class:`~assessment.errors.ProblemsError` listing every problem of one that fails its checks.
    """
    p = Path(path) if path is not None else mapping_path(rubric.id)
    if not p.is_file():
        raise UsageError.keyed("framework_error_no_mapping", rubric=rubric.id, path=str(p))
    data, lines = _read(p)
    ref = reference if reference is not None else load_framework_reference()
    return parse_framework_mapping(data, rubric, ref, source=str(p), line_of=lines)


def _score_text(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:g}"


def _rows(table: pd.DataFrame) -> list[list[object]]:
    """The header, then a row per code: numbers as numbers (None when missing), every list joined
    with "; " (a criterion's missing score as "–"), every text cell made safe."""
    header: list[object] = ["code", *TABLE_COLUMNS]
    out = [header]
    for code, row in table.iterrows():
        cells: list[object] = [str(code)]
        for col in TABLE_COLUMNS:
            value = row[col]
            if col == "scores":
                cells.append("; ".join(_score_text(float(v)) for v in value))
            elif col in _LISTS:
                cells.append("; ".join(str(v) for v in value))
            elif col in _NUMBER_FORMATS and _NUMBER_FORMATS[col] == "0":
                cells.append(int(value))
            elif col in _NUMBER_FORMATS:
                cells.append(None if pd.isna(value) else round(float(value), 4))
            else:
                cells.append(str(value))
        out.append([spreadsheet_cell(c) for c in cells])
    return out


def dumps_framework_csv(table: pd.DataFrame) -> str:
    """A :func:`~assessment.frameworks.framework_table` as CSV text (``\\r\\n`` rows)."""
    buf = io.StringIO()
    rows = [["" if c is None else c for c in r] for r in _rows(table)]
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def render_framework_xlsx(table: pd.DataFrame, sheet: str = "crosswalk") -> bytes:
    """A :func:`~assessment.frameworks.framework_table` as an Excel workbook: one sheet, the
    header row bold and frozen, counts and means as numbers with number formats, every text
    cell a string cell (never a formula)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    ws.freeze_panes = "A2"
    rows = _rows(table)
    bold = Font(bold=True)
    names = [str(n) for n in rows[0]]
    header = []
    for name in names:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    for row in rows[1:]:
        cells = []
        for name, value in zip(names, row, strict=True):
            cell = WriteOnlyCell(ws, value=None if value == "" else value)
            if isinstance(value, str) and value:
                cell.data_type = "s"  # openpyxl would make a formula of text starting with =
            elif name in _NUMBER_FORMATS:
                cell.number_format = _NUMBER_FORMATS[name]
            cells.append(cell)
        ws.append(cells)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def table_path(path: str | os.PathLike[str]) -> Path:
    """``path`` if it names a file :func:`write_framework_table` can write (``.csv`` or
    ``.xlsx``), else a :class:`UsageError` naming the extensions: a file is written in the format
    its name says, never CSV text under an ``.xlsx`` name."""
    p = Path(path)
    if p.suffix.lower() in TABLE_EXTENSIONS:
        return p
    raise UsageError.keyed(
        "framework_error_extension",
        path=str(p),
        valid=", ".join(TABLE_EXTENSIONS),
        example=p.with_suffix(".csv").name if p.name else "crosswalk.csv",
    )


def write_framework_table(
    table: pd.DataFrame, path: str | os.PathLike[str], sheet: str = "crosswalk"
) -> Path:
    """Write a framework table as CSV (UTF-8 with a BOM, so that Excel reads it) or XLSX, as the
    extension of ``path`` says (see :func:`table_path`). Atomic: a failed write leaves no file."""
    p = table_path(path)
    if p.suffix.lower() == ".xlsx":
        return write_atomic(p, render_framework_xlsx(table, sheet))
    return write_atomic(p, "\ufeff" + dumps_framework_csv(table))
