"""Who is left behind: a sub-score for each group the criteria concern, and its distance from the
overall score (issue 14, part 4). Pure functions over a rubric and its scores.

The rubric tags criteria with the groups they concern (``equity:`` women and girls, persons with
disabilities, rural residents, older people, youth). For each group:

- its **sub-score** is the mean of the scores of its scored criteria, each criterion counted with
  the weight it carries in the overall score (see :func:`assessment.scoring.overall_shares`), so that the sub-score
  of a group that every criterion concerned would be the overall score itself;
- its **inclusion deficit** is the overall score minus the sub-score: above zero, the criteria
  that concern the group lag behind the assessment as a whole (by that many levels);
- criteria not applicable, unanswered or "don't know" count for nothing, as in scoring; a group
  with no scored criterion has no sub-score (its counts are still shown).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from assessment.rubric import Rubric
from assessment.scoring import Scores, overall_shares

__all__ = ["EQUITY_GROUPS", "equity_scores"]

#: the groups, in the order reports show them
EQUITY_GROUPS: tuple[str, ...] = ("women", "disability", "rural", "older", "youth")


def equity_scores(
    rubric: Rubric, scores: Scores, groups: Sequence[str] = EQUITY_GROUPS
) -> pd.DataFrame:
    """Per group (index, in ``groups`` order): ``n_criteria`` tagged and asked, ``n_scored``,
    ``score`` (0-4, see the module), ``overall`` and ``deficit`` (overall minus score), and
    ``criteria`` (the tagged ids, rubric order)."""
    crit = scores.criteria
    tags = {r.criterion.id: set(r.criterion.equity) for r in rubric.refs}
    share = overall_shares(scores)
    overall = scores.overall["score"]
    value = dict(zip(crit.index, crit["score"].to_numpy(dtype=float), strict=True))
    rows = []
    for g in groups:
        ids = [cid for cid in crit.index if g in tags.get(str(cid), set())]
        scored = [cid for cid in ids if not math.isnan(value[cid])]
        w = share.reindex(scored).to_numpy(dtype=float)
        vals = crit.loc[scored, "score"].to_numpy(dtype=float) if scored else np.array([])
        score = float(np.dot(w, vals) / w.sum()) if scored and w.sum() > 0 else np.nan
        rows.append(
            {
                "n_criteria": len(ids),
                "n_scored": len(scored),
                "score": score,
                "overall": overall,
                "deficit": overall - score,
                "criteria": tuple(str(c) for c in ids),
            }
        )
    out = pd.DataFrame(rows, index=pd.Index(list(groups), name="group"))
    out[["score", "overall", "deficit"]] = out[["score", "overall", "deficit"]].astype(float)
    return out
