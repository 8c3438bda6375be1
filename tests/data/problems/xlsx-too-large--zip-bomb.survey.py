"""A zip bomb named .xlsx: a 12 MB sheet of one repeated byte, compressed about 1,000 to 1."""

import io
import zipfile
from pathlib import Path

from openpyxl import Workbook


def make(tmp_path: Path) -> Path:
    book = Workbook()
    book.active.append(["id", "A.1-x"])
    buf = io.BytesIO()
    book.save(buf)
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                out.writestr(info.filename, src.read(info))
                continue
            with out.open(info.filename, "w") as f:
                f.write(b'<?xml version="1.0"?><worksheet><sheetData>')
                for _ in range(12):
                    f.write(b" " * 1_000_000)
                f.write(b"</sheetData></worksheet>")
    return path
