"""Progress of one respondent through a rubric: how many criteria are answered, per pillar. Pure."""

from __future__ import annotations

import pandas as pd

from assessment.responses import Assessment
from assessment.rubric import Rubric

__all__ = ["compute_progress", "first_unanswered"]


def compute_progress(
    rubric: Rubric, assessment: Assessment, respondent: str, *, core_only: bool = False
) -> pd.DataFrame:
    """Answered and total criteria per pillar for ``respondent`` (index: pillar id, rubric order).

    Any answer counts as done: a level, not applicable or don't know. Only criteria asked of the
    entity's kind count, and with ``core_only`` only the short form.
    """
    kind = assessment.entity.kind
    answered = {r.criterion for r in assessment.responses if r.respondent == respondent}
    rows = []
    for p in rubric.pillars:
        asked = [
            k.id
            for c in p.commitments
            for k in c.criteria
            if kind in k.applies_to and (k.core or not core_only)
        ]
        rows.append((p.id, sum(cid in answered for cid in asked), len(asked)))
    return pd.DataFrame.from_records(rows, columns=["pillar", "done", "total"]).set_index("pillar")


def first_unanswered(
    rubric: Rubric, assessment: Assessment, respondent: str, *, core_only: bool = False
) -> tuple[str, str] | None:
    """(pillar id, criterion id) of the first criterion ``respondent`` has not answered yet.

    With ``core_only``, only the short form's criteria count.
    """
    kind = assessment.entity.kind
    answered = {r.criterion for r in assessment.responses if r.respondent == respondent}
    for ref in rubric.refs:
        if core_only and not ref.criterion.core:
            continue
        if kind in ref.criterion.applies_to and ref.criterion.id not in answered:
            return ref.pillar.id, ref.criterion.id
    return None
