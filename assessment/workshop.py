"""What a facilitator needs from many participants' answers. Pure functions over long frames.

The frames are those of :meth:`assessment.storage.workshops.WorkshopStore.frame` (or
:func:`assessment.responses.responses_frame`): one row per answer with ``criterion``,
``respondent``, ``group``, ``status``, ``level``, ``target``, ``reason``, ``confidence`` and, for
workshops, ``round``.

Privacy: a stakeholder group with fewer than :data:`MIN_GROUP` respondents is never shown on its
own (its answers still count in every total); functions that break results down by group leave
such groups out and say so in the frame's ``attrs["suppressed"]``. Leaving them out is not enough
when the totals are shown too: the total minus the groups shown is what the hidden people said.
So the suppression is complementary: while the people left out (small groups and people without
a group) number more than none and fewer than :data:`MIN_GROUP`, the smallest group shown is left
out as well.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from assessment.responses import Assessment, Consensus, Respondent, Response, parse_assessment
from assessment.rubric import Rubric
from assessment.scoring import Scores, aggregate_levels, pillar_scores_by, score

__all__ = [
    "MIN_GROUP",
    "SMALL_GROUPS",
    "consolidate",
    "disagreement",
    "distribution_by_group",
    "group_comparison",
    "participation",
    "round_movement",
    "workshop_scores",
]

MIN_GROUP = 3
#: The group given, in a consolidated export, to everyone whose own group has fewer than
#: :data:`MIN_GROUP` people: they are counted, but never tied to their small group.
SMALL_GROUPS = "Groups of fewer than 3, together"
LEVEL_COLUMNS = ("0", "1", "2", "3", "4", "N/A", "DK")


def _group_sizes(frame: pd.DataFrame) -> pd.Series:
    return frame.dropna(subset=["group"]).groupby("group")["respondent"].nunique()


def _shown_groups(frame: pd.DataFrame, min_group: int) -> tuple[list[str], list[str]]:
    """Groups that may be shown, and those left out (with complementary suppression)."""
    sizes = {str(g): int(n) for g, n in _group_sizes(frame).items()}
    shown = {g: n for g, n in sizes.items() if n >= min_group}
    everyone = int(frame["respondent"].nunique())
    # smallest first (then by name): the next group to leave out when the rest is too few
    for g in sorted(shown, key=lambda g: (shown[g], g)):
        rest = everyone - sum(shown.values())
        if rest == 0 or rest >= min_group:
            break
        del shown[g]
    return sorted(shown), sorted(g for g in sizes if g not in shown)


def participation(
    people: Iterable[tuple[str, str | None]], frame: pd.DataFrame, *, n_criteria: int
) -> pd.DataFrame:
    """Per stakeholder group: people who joined, who answered, answers given, share complete.

    ``people`` are ``(participant id, group)`` pairs; ``n_criteria`` is how many criteria each
    person is asked. Counts of people are never suppressed: they are not anyone's opinion.
    """
    joined = pd.DataFrame(list(people), columns=["respondent", "group"])
    joined["group"] = joined["group"].fillna("(no group)")
    answers = frame.groupby("respondent").size()
    joined["answers"] = joined["respondent"].map(answers).fillna(0).astype(int)
    out = joined.groupby("group").agg(
        joined=("respondent", "size"),
        answering=("answers", lambda s: int((s > 0).sum())),
        answers=("answers", "sum"),
    )
    out["complete"] = out["answers"] / (out["joined"] * n_criteria) if n_criteria else np.nan
    total = pd.DataFrame(
        {
            "joined": [int(out["joined"].sum())],
            "answering": [int(out["answering"].sum())],
            "answers": [int(out["answers"].sum())],
        },
        index=pd.Index(["All groups"], name="group"),
    )
    total["complete"] = total["answers"] / (total["joined"] * n_criteria) if n_criteria else np.nan
    return pd.concat([out, total])


def _counts(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Counts of each level, N/A and don't know per ``by`` group."""
    status = frame["status"].to_numpy(dtype=object)
    level = frame["level"].to_numpy(dtype=float, na_value=np.nan)
    code = np.full(len(frame), -1, dtype=np.int64)  # columns of LEVEL_COLUMNS: 0-4, N/A, DK
    scored = (status == "scored") & ~np.isnan(level)
    code[scored] = level[scored].astype(np.int64)
    code[status == "not-applicable"] = 5
    code[status == "dont-know"] = 6
    keys, index = (
        pd.factorize(frame[by[0]])
        if len(by) == 1
        else pd.MultiIndex.from_frame(frame[by]).factorize()
    )
    ok = code >= 0
    counts = np.zeros((len(index), len(LEVEL_COLUMNS)), dtype=np.int64)
    np.add.at(counts, (keys[ok], code[ok]), 1)
    idx = (
        pd.Index(index, name=by[0])
        if len(by) == 1
        else pd.MultiIndex.from_tuples(list(index), names=by)
    )
    return pd.DataFrame(counts, index=idx, columns=list(LEVEL_COLUMNS))


def disagreement(rubric: Rubric, frame: pd.DataFrame) -> pd.DataFrame:
    """Criteria ordered by how much respondents disagree (IQR, then range), with level counts."""
    if frame.empty:
        return pd.DataFrame(
            columns=["title", "n", "median", "iqr", "range", "disputed", *LEVEL_COLUMNS]
        )
    stats = aggregate_levels(frame)
    counts = _counts(frame, ["criterion"])
    titles = {r.criterion.id: r.criterion.title for r in rubric.refs}
    out = pd.DataFrame(
        {
            "title": [titles.get(str(c), str(c)) for c in stats.index],
            "n": stats["n"].astype(int),
            "median": stats["median"],
            "iqr": stats["iqr"],
            "range": stats["range"],
            "disputed": stats["disagreement"].fillna(False).astype(bool),
        },
        index=stats.index,
    ).join(counts)
    order = {r.criterion.id: r.position for r in rubric.refs}
    out["_pos"] = [order.get(str(c), 10**6) for c in out.index]
    out = out.sort_values(
        ["iqr", "range", "_pos"], ascending=[False, False, True], na_position="last"
    )
    return out.drop(columns="_pos")


def distribution_by_group(
    frame: pd.DataFrame, criterion: str, *, min_group: int = MIN_GROUP
) -> pd.DataFrame:
    """How each stakeholder group answered ``criterion``: counts per level (small groups left out)."""
    answered = frame[frame["criterion"] == criterion]
    shown, hidden = _shown_groups(answered, min_group)
    rows = answered[answered["group"].isin(shown)]
    table = (
        _counts(rows, ["group"]) if not rows.empty else pd.DataFrame(columns=list(LEVEL_COLUMNS))
    )
    table = table.reindex(shown, fill_value=0)
    table.attrs["suppressed"] = hidden
    return table


def group_comparison(
    rubric: Rubric, frame: pd.DataFrame, *, kind: str, min_group: int = MIN_GROUP
) -> pd.DataFrame:
    """Pillar scores per stakeholder group, the spread between groups, and where they diverge.

    ``spread`` is the highest minus the lowest group score; ``pattern`` says ``converge``
    (spread under 0.5), ``diverge`` (1 or more) or ``mixed``.
    """
    shown, hidden = _shown_groups(frame, min_group)
    table = pillar_scores_by(rubric, frame[frame["group"].isin(shown)], "group", kind=kind)
    table = table.reindex(columns=shown)
    if shown:
        table["spread"] = table[shown].max(axis=1) - table[shown].min(axis=1)
        table["pattern"] = np.select(
            [table["spread"] < 0.5, table["spread"] >= 1.0],
            ["converge", "diverge"],
            default="mixed",
        )
        table.loc[table[shown].isna().all(axis=1), "pattern"] = ""
    table.attrs["suppressed"] = hidden
    return table


def round_movement(frame: pd.DataFrame, first: int = 1, second: int = 2) -> pd.DataFrame:
    """How positions moved between two rounds: medians, IQRs and how many people changed level."""
    a = frame[frame["round"] == first]
    b = frame[frame["round"] == second]
    if a.empty or b.empty:
        return pd.DataFrame(
            columns=["median_before", "median_after", "iqr_before", "iqr_after", "changed", "n"]
        )
    sa, sb = aggregate_levels(a), aggregate_levels(b)
    both = a.merge(b, on=["criterion", "respondent"], suffixes=("_a", "_b"))
    moved = (both["level_a"].fillna(-1) != both["level_b"].fillna(-1)) | (
        both["status_a"] != both["status_b"]
    )
    changed = moved.groupby(both["criterion"]).sum()
    out = pd.DataFrame(
        {
            "median_before": sa["median"],
            "median_after": sb["median"].reindex(sa.index),
            "iqr_before": sa["iqr"],
            "iqr_after": sb["iqr"].reindex(sa.index),
            "changed": changed.reindex(sa.index).fillna(0).astype(int),
            "n": sb["n"].reindex(sa.index).fillna(0).astype(int),
        }
    )
    out["converged"] = out["iqr_after"] < out["iqr_before"]
    return out.sort_values(["changed", "iqr_before"], ascending=False)


def workshop_scores(
    rubric: Rubric, frame: pd.DataFrame, *, kind: str, default_target: float = 3
) -> Scores:
    """The aggregate of every participant's answers (the median per criterion, then the roll-up)."""
    return score(rubric, frame, kind=kind, default_target=default_target)


def consolidate(
    template: Assessment,
    participants: Iterable[tuple[str, str | None, str | None]],
    answers: Iterable[Response],
    consensus: Mapping[str, tuple[str, int | None, str]],
    *,
    show_names: bool = False,
    label: str | None = None,
) -> Assessment:
    """The workshop's result as one assessment the report renderer takes.

    Every participant's final answers are kept (the report shows participation, disagreement and
    the groups' positions from them); each recorded consensus (``criterion -> (status, level,
    rationale)``) goes into ``assessment.consensus`` and replaces the participants' median for
    that criterion. Names are dropped unless ``show_names``; the group of anyone in a group of
    fewer than :data:`MIN_GROUP` people is dropped too, so the file never ties a small group's
    members to their answers.
    """
    listed = list(participants)
    size: dict[str, int] = {}
    for _pid, _name, group in listed:
        if group:
            size[group] = size.get(group, 0) + 1
    people = tuple(
        Respondent(
            id=pid,
            name=(name if show_names else None),
            group=group if not group or size[group] >= MIN_GROUP else SMALL_GROUPS,
        )
        for pid, name, group in listed
    )
    agreed = {
        cid: Consensus(
            level=level if status == "scored" else None,
            not_applicable=status != "scored",
            rationale=why,
        )
        for cid, (status, level, why) in consensus.items()
    }
    data = {name: getattr(template, name) for name in type(template).model_fields}
    data.update(
        respondents=people, responses=tuple(answers), consensus=agreed, round="workshop consensus"
    )
    if label is not None:
        data["label"] = label
    return parse_assessment(data)
