"""A file that starts with a UTF-16 byte-order mark but breaks off in the middle of a character."""

import codecs
from pathlib import Path


def make(tmp_path: Path) -> Path:
    path = tmp_path / "unicode.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "id\tA.1-x\r\n1\t2".encode("utf-16-le") + b"\x00")
    return path
