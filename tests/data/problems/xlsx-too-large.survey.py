"""A workbook whose sheet declares 300,000 rows (<dimension ref="A1:B300000">): refused unopened."""

import io
import zipfile
from pathlib import Path

from openpyxl import Workbook

SHEET = (
    b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    b'main"><dimension ref="A1:B300000"/><sheetData/></worksheet>'
)


def make(tmp_path: Path) -> Path:
    book = Workbook()
    book.active.append(["id", "A.1-x"])
    buf = io.BytesIO()
    book.save(buf)
    path = tmp_path / "huge.xlsx"
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            sheet = info.filename == "xl/worksheets/sheet1.xml"
            out.writestr(info.filename, SHEET if sheet else src.read(info))
    return path
