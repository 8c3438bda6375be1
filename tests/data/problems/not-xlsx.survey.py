"""CSV text saved with the extension .xlsx: not a zip archive, as every workbook is."""

from pathlib import Path


def make(tmp_path: Path) -> Path:
    path = tmp_path / "export.xlsx"
    path.write_text("id,A.1-x\n1,2\n", encoding="utf-8")
    return path
