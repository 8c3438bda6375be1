"""Reading pandas frames row by row, cheaply: the core's one way to walk a table's rows."""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["row_dicts"]


def row_dicts(frame: pd.DataFrame) -> list[tuple[Any, dict[str, Any]]]:
    """``(index, row)`` pairs with each row as a plain mapping of Python values.

    Far cheaper than ``DataFrame.iterrows`` (a Series per row) and than ``to_dict("records")``
    (which indexes every cell): each column is converted once, by ``Series.tolist``.
    """
    names = [str(c) for c in frame.columns]  # the core's frames name their columns with strings
    if frame.columns.is_unique:
        columns = [frame[c].tolist() for c in frame.columns]
    else:  # pragma: no cover - the core never makes such a frame
        columns = [frame.iloc[:, i].tolist() for i in range(frame.shape[1])]
    records = [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]
    if not columns:
        records = [{} for _ in range(len(frame))]
    return list(zip(frame.index, records, strict=True))
