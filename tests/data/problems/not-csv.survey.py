"""An Excel workbook (a zip archive) saved with the extension .csv."""

import zipfile
from pathlib import Path


def make(tmp_path: Path) -> Path:
    path = tmp_path / "export.csv"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    return path
