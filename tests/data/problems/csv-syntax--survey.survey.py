"""A survey cell longer than Python's CSV field limit (131,072 characters)."""

import csv
from pathlib import Path


def make(tmp_path: Path) -> Path:
    path = tmp_path / "long-cell.csv"
    cell = "x" * (csv.field_size_limit() + 1)
    path.write_text(f"id,A.1-x,A.1-x_notes\n1,2,{cell}\n", encoding="utf-8")
    return path
