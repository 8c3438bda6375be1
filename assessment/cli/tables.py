"""Aligned plain-text tables for the command line, measured as a terminal draws them: a wide
(Chinese) character takes two columns."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence

__all__ = ["aligned", "aligned_row", "column_widths", "pad", "rule", "width"]

Row = Sequence[str]


def width(text: str) -> int:
    """Columns a terminal gives ``text``: two for a wide (Chinese) character."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, size: int, right: bool) -> str:
    """``text`` padded to ``size`` columns, on the left when ``right`` (numbers)."""
    space = " " * max(0, size - width(text))
    return space + text if right else text + space


def column_widths(rows: Sequence[Row]) -> list[int]:
    """The widest cell of each column."""
    return [max(width(r[i]) for r in rows) for i in range(len(rows[0]))]


def aligned_row(row: Row, widths: Sequence[int], right: Callable[[int], bool]) -> str:
    """One row, its cells padded to ``widths``; column ``i`` to the right when ``right(i)``."""
    cells = [pad(c, w, right(i)) for i, (c, w) in enumerate(zip(row, widths, strict=True))]
    return "  ".join(cells).rstrip()


def rule(widths: Sequence[int]) -> str:
    """A dashed line under the columns."""
    return "  ".join("-" * w for w in widths)


def aligned(rows: Sequence[Row], right: Callable[[int], bool], rules: Iterable[int] = (0,)) -> list[str]:  # fmt: skip
    """``rows`` as aligned lines, with a rule under each row numbered in ``rules``."""
    widths = column_widths(rows)
    under = set(rules)
    lines = []
    for j, r in enumerate(rows):
        lines.append(aligned_row(r, widths, right))
        if j in under:
            lines.append(rule(widths))
    return lines
