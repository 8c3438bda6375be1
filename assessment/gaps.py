"""Gaps between where an entity stands and where it wants to be, ranked into next steps. Pure.

Priority = gap x criterion weight. Ties are broken, in order, by the larger gap, the lower current
level, core criteria first, and finally rubric order, so a ranking is always the same for the same
input.
"""

from __future__ import annotations

import math

import pandas as pd

from assessment.rubric import LEVEL_LABELS, Rubric
from assessment.scoring import Scores

__all__ = ["next_level", "rank_gaps"]


def next_level(current: float) -> int | None:
    """The first whole level above ``current`` (2.5 -> 3, 2 -> 3); None at 4 or when unknown."""
    if current is None or math.isnan(current) or current >= 4:
        return None
    return min(4, math.floor(current) + 1)


def rank_gaps(
    rubric: Rubric, scores: Scores, *, limit: int | None = None, kind: str | None = None
) -> pd.DataFrame:
    """Criteria below their target, most urgent first, each with its next step.

    Columns: ``rank``, ``criterion``, ``title``, ``pillar``, ``commitment``, ``current``,
    ``target``, ``gap``, ``weight``, ``priority``, ``core``, ``next_level``,
    ``next_level_label`` and ``next_step`` (the descriptor of the next level, which says what to
    build next, in the words for ``kind`` where the criterion has its own). Criteria that are not
    applicable, unknown or at/above target are not gaps.
    """
    c = scores.criteria
    g = c[(c["status"] == "scored") & (c["gap"] > 0)].copy()
    g["priority"] = g["gap"] * g["weight"]
    g = g.sort_values(
        ["priority", "gap", "score", "core", "position"],
        ascending=[False, False, True, False, True],
        kind="mergesort",
    )
    if limit is not None:
        g = g.head(limit)
    nxt = [next_level(v) for v in g["score"]]
    steps = [
        rubric.by_id[cid].criterion.descriptor(n, kind) if n is not None else ""
        for cid, n in zip(g.index, nxt, strict=True)
    ]
    out = pd.DataFrame(
        {
            "rank": range(1, len(g) + 1),
            "criterion": g.index,
            "title": g["title"].to_numpy(),
            "pillar": g["pillar"].to_numpy(),
            "commitment": g["commitment"].to_numpy(),
            "current": g["score"].to_numpy(),
            "target": g["target"].to_numpy(),
            "gap": g["gap"].to_numpy(),
            "weight": g["weight"].to_numpy(),
            "priority": g["priority"].to_numpy(),
            "core": g["core"].to_numpy(),
            "next_level": pd.array(nxt, dtype="Int64"),
            "next_level_label": [LEVEL_LABELS[n] if n is not None else "" for n in nxt],
            "next_step": steps,
        }
    )
    return out.reset_index(drop=True)
