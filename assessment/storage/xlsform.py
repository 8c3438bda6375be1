"""Write an XLSForm (:mod:`assessment.xlsform`) to a workbook that KoboToolbox and ODK Central take.

Three sheets, ``survey``, ``choices`` and ``settings``, every cell text, headers frozen and bold so
that a person checking the form in a spreadsheet can read it; written atomically.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from assessment.storage.atomic import write_atomic
from assessment.xlsform import XLSForm

__all__ = ["write_xlsform", "xlsform_bytes"]

#: column widths (characters) of the columns people read
_WIDE = {"type": 24, "name": 30, "list_name": 28, "relevant": 40, "calculation": 30}


def xlsform_bytes(form: XLSForm) -> bytes:
    """The workbook's bytes (``.xlsx``)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for title, header, rows in (
        ("survey", form.survey_header, form.survey),
        ("choices", form.choices_header, form.choices),
        ("settings", form.settings_header, form.settings),
    ):
        ws = wb.create_sheet(title)
        ws.append(list(header))
        for row in rows:
            ws.append([cell if cell else None for cell in row])
        ws.freeze_panes = "A2"
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for i, name in enumerate(header, start=1):
            letter = ws.cell(row=1, column=i).column_letter
            is_text = name.startswith(("label::", "hint::"))
            ws.column_dimensions[letter].width = 60 if is_text else _WIDE.get(name, 14)
            if is_text:
                for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_xlsform(form: XLSForm, path: str | os.PathLike[str]) -> Path:
    """Write ``form`` to ``path`` (an ``.xlsx`` file) atomically; returns the path."""
    return write_atomic(path, xlsform_bytes(form))
