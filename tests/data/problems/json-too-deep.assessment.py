"""JSON nested far deeper than any assessment (and than Python's recursion limit)."""

from pathlib import Path


def make(tmp_path: Path) -> Path:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    return path
