"""A cell longer than Python's CSV field limit (131,072 characters), which the reader refuses."""

import csv
from pathlib import Path

HEADER = "criterion,respondent,status,evidence"


def make(tmp_path: Path) -> Path:
    path = tmp_path / "long-cell.csv"
    cell = "x" * (csv.field_size_limit() + 1)
    path.write_text(f"{HEADER}\nA.1-x,self,dont-know,{cell}\n", encoding="utf-8")
    return path
