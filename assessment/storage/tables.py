"""Shell: tables for spreadsheets, as CSV (UTF-8 with a BOM, so Excel reads it) or as a workbook
of several sheets (XLSX), safe from formula injection.

Header rows are bold and frozen, numbers stay numbers with real number formats (a level ``0.00``,
a share ``0%``, a count ``0``, a date as a date), and every text cell is a string cell made safe
by :func:`~assessment.storage.assessments.spreadsheet_cell`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from assessment.storage.assessments import spreadsheet_cell, unquote_cell
from assessment.storage.atomic import write_atomic

__all__ = ["Sheet", "dumps_csv", "render_workbook", "write_csv", "write_workbook"]

#: the most characters an Excel cell holds
MAX_CELL = 32_767


def _fit(text: str) -> str:
    """``text`` cut to what a cell holds, ending with ``… [+N]`` (the characters left out) so
    that a cut is never silent; the CSV and the assessment file keep the whole."""
    if len(text) <= MAX_CELL:
        return text
    for keep in range(MAX_CELL - 12, 0, -1):  # the marker's length depends on the number
        tail = f"… [+{len(text) - keep:,}]"
        if keep + len(tail) <= MAX_CELL:
            return text[:keep] + tail
    return text[:MAX_CELL]  # pragma: no cover


#: Number formats by the kind of a column.
FORMATS = {"level": "0.00", "share": "0%", "count": "0", "number": "0.0", "date": "yyyy-mm-dd"}


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name (at most 31 characters), its table, and the kind of each numeric
    column (``level``, ``share``, ``count``, ``number``, ``date``; others are text or as found).
    ``widths`` sets column widths in characters (the default fits the header)."""

    name: str
    table: pd.DataFrame
    kinds: Mapping[str, str] = field(default_factory=dict)
    widths: Mapping[str, int] = field(default_factory=dict)


def _cell(value: object) -> object:
    """A cell's value: None for missing, numbers as numbers, the rest text made safe."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return _cell(value.item())
    if isinstance(value, dt.datetime | dt.date):
        return value
    return spreadsheet_cell(str(value))


def _rows(table: pd.DataFrame) -> list[list[object]]:
    out: list[list[object]] = [[spreadsheet_cell(str(c)) for c in table.columns]]
    for row in table.itertuples(index=False, name=None):
        out.append([_cell(v) for v in row])
    return out


def dumps_csv(table: pd.DataFrame) -> str:
    """``table`` (its columns, not its index) as CSV text, ``\\r\\n`` rows, formulas neutralised."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for r in _rows(table):
        writer.writerow(["" if c is None else (c.isoformat() if isinstance(c, dt.date) else c) for c in r])  # fmt: skip
    return buf.getvalue()


def write_csv(table: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write :func:`dumps_csv` with a BOM, atomically."""
    return write_atomic(Path(path), "\ufeff" + dumps_csv(table))


def render_workbook(sheets: Sequence[Sheet]) -> bytes:
    """The sheets as one XLSX workbook (write-only mode: memory stays flat for large tables)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name[:31])
        ws.freeze_panes = "B2" if len(sheet.table.columns) > 3 else "A2"
        names = [str(c) for c in sheet.table.columns]
        for i, name in enumerate(names, start=1):
            width = sheet.widths.get(name, min(max(len(name) + 2, 10), 40))
            ws.column_dimensions[get_column_letter(i)].width = width
        rows = _rows(sheet.table)
        header = []
        for title in rows[0]:
            cell = WriteOnlyCell(ws, value=title)
            cell.font = bold
            cell.alignment = wrap
            header.append(cell)
        ws.append(header)
        formats = [FORMATS.get(sheet.kinds.get(n, ""), "") for n in names]
        for row in rows[1:]:
            cells = []
            for value, fmt in zip(row, formats, strict=True):
                # text a spreadsheet would run is kept as typed, in a text cell marked as such
                # (Excel's quote prefix: shown without the apostrophe a CSV needs, and still text
                # when someone edits the cell)
                quoted = isinstance(value, str) and unquote_cell(value) != value
                if isinstance(value, str):
                    value = _fit(value)
                cell = WriteOnlyCell(ws, value=unquote_cell(value) if quoted else value)  # type: ignore[arg-type]
                if isinstance(value, str):
                    cell.data_type = "s"  # openpyxl would make a formula of text starting with =
                    if quoted:
                        cell.quotePrefix = True
                elif fmt and value is not None:
                    cell.number_format = fmt
                cells.append(cell)
            ws.append(cells)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_workbook(sheets: Sequence[Sheet], path: str | os.PathLike[str]) -> Path:
    """Write :func:`render_workbook` atomically: a failed write leaves no file."""
    return write_atomic(Path(path), render_workbook(sheets))
