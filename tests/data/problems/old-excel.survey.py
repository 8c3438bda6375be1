"""An old-style Excel file (.xls), which is refused by its extension before it is read."""

from pathlib import Path


def make(tmp_path: Path) -> Path:
    path = tmp_path / "export.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))  # an OLE2 header
    return path
