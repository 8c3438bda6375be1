"""Scoring: respondents -> criterion -> commitment -> pillar -> overall. Pure functions over pandas.

The rules (also in the README's "Method" section, which a test keeps in step):

* A criterion's level is the median (default) or mean of the levels its respondents gave.
* A criterion is *not applicable* when more respondents marked it not applicable than gave a
  level; it then leaves numerator and denominator and is never a gap.
* *Don't know* and unanswered criteria leave the score too, but count against completeness.
  Missing is never 0.
* Commitment = weighted mean of its scored criteria (criterion weights); pillar = weighted mean of
  its scored commitments (commitment weights); overall = weighted mean of scored pillars (pillar
  weights). Percent = score / 4 x 100.
* Targets follow the same means over the same scored criteria, so a gap compares like with like.
* An assessment may replace the rubric's weight of a pillar, commitment or criterion with its own
  (``Assessment.weights``, a what-if); the rubric itself and its content hash stay unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from assessment.errors import RubricMismatchError
from assessment.responses import Assessment, check_against_rubric, responses_frame
from assessment.rubric import Rubric

__all__ = [
    "DISAGREEMENT_IQR",
    "DISAGREEMENT_RANGE",
    "Scores",
    "aggregate_levels",
    "criteria_frame",
    "overall_shares",
    "pillar_scores_by",
    "score",
    "score_assessment",
]

Method = Literal["median", "mean"]

#: A criterion is flagged as disputed when respondents' interquartile range reaches this ...
DISAGREEMENT_IQR = 2.0
#: ... or the distance between the lowest and highest level reaches this.
DISAGREEMENT_RANGE = 3.0


def criteria_frame(rubric: Rubric, kind: str | None = None) -> pd.DataFrame:
    """One row per criterion (rubric order) with its pillar, commitment and weights.

    With ``kind``, only the criteria asked of that kind of entity.
    """
    rows = [
        (
            r.criterion.id,
            r.pillar.id,
            r.commitment.id,
            float(r.criterion.weight),
            float(r.commitment.weight),
            float(r.pillar.weight),
            r.position,
            r.criterion.core,
            r.criterion.title,
        )
        for r in rubric.refs
        if kind is None or kind in r.criterion.applies_to
    ]
    return pd.DataFrame.from_records(
        rows,
        columns=[
            "criterion",
            "pillar",
            "commitment",
            "weight",
            "commitment_weight",
            "pillar_weight",
            "position",
            "core",
            "title",
        ],
    ).set_index("criterion")


def _with_weights(base: pd.DataFrame, weights: Mapping[str, float]) -> pd.DataFrame:
    """``base`` (a :func:`criteria_frame`) with the weights of ``weights`` in place of the
    rubric's: a pillar id sets ``pillar_weight``, a commitment id ``commitment_weight`` and a
    criterion id ``weight`` (an id naming several levels sets each of them)."""
    out = base.copy()
    for wid, value in weights.items():
        w = float(value)
        out.loc[out["pillar"] == wid, "pillar_weight"] = w
        out.loc[out["commitment"] == wid, "commitment_weight"] = w
        out.loc[out.index == wid, "weight"] = w
    return out


def _level_stats(codes: np.ndarray, levels: np.ndarray, n_groups: int) -> dict[str, np.ndarray]:
    """Statistics of integer levels 0-4 per group, computed from a histogram of levels.

    Exact: the quantiles equal pandas' linear-interpolated ones, because with five possible
    values the sorted order is fully described by the count of each level.
    """
    counts = np.bincount(codes * 5 + levels, minlength=n_groups * 5).reshape(n_groups, 5)
    n = counts.sum(axis=1)
    cum = counts.cumsum(axis=1)
    has = n > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (counts * np.arange(5)).sum(axis=1) / n

        def value_at(k: np.ndarray) -> np.ndarray:
            # The k-th smallest level (0-based): the number of levels whose cumulative count <= k.
            below: np.ndarray = (cum <= k[:, None]).sum(axis=1)
            return below.astype(float)

        def quantile(q: float) -> np.ndarray:
            h = (n - 1) * q
            lo = np.floor(h)
            hi = np.ceil(h)
            v_lo, v_hi = value_at(lo), value_at(hi)
            result: np.ndarray = v_lo + (h - lo) * (v_hi - v_lo)
            return result

        q1, med, q3 = quantile(0.25), quantile(0.5), quantile(0.75)
    lo_level = np.argmax(counts > 0, axis=1).astype(float)
    hi_level = 4 - np.argmax(counts[:, ::-1] > 0, axis=1).astype(float)
    nan = np.full(n_groups, np.nan)
    out = {
        "n": n,
        "mean": np.where(has, mean, nan),
        "median": np.where(has, med, nan),
        "min": np.where(has, lo_level, nan),
        "max": np.where(has, hi_level, nan),
        "q1": np.where(has, q1, nan),
        "q3": np.where(has, q3, nan),
    }
    out["iqr"] = out["q3"] - out["q1"]
    out["range"] = out["max"] - out["min"]
    out["disagreement"] = (out["iqr"] >= DISAGREEMENT_IQR) | (out["range"] >= DISAGREEMENT_RANGE)
    return out


def aggregate_levels(responses: pd.DataFrame, by: tuple[str, ...] = ("criterion",)) -> pd.DataFrame:
    """Per group of ``by`` columns: respondents' level statistics and answer counts.

    Columns: ``n`` (levels given), ``mean``, ``median``, ``min``, ``max``, ``q1``, ``q3``,
    ``iqr``, ``range``, ``disagreement`` (IQR >= 2 or range >= 3), ``n_not_applicable``,
    ``n_dont_know``, ``target`` (median of respondents' targets) and ``reasons`` (the distinct
    not-applicable reasons, joined by " | ").
    """
    keys = list(by)
    if responses.empty:
        empty = _level_stats(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), 0)
        idx = (
            pd.MultiIndex.from_tuples([], names=keys)
            if len(keys) > 1
            else pd.Index([], name=keys[0], dtype=object)
        )
        out = pd.DataFrame(empty, index=idx)
        out["n_not_applicable"] = np.zeros(0, dtype=np.int64)
        out["n_dont_know"] = np.zeros(0, dtype=np.int64)
        out["target"] = np.zeros(0, dtype=float)
        out["reasons"] = np.zeros(0, dtype=object)
        return out
    if len(keys) == 1:
        codes, uniques = pd.factorize(responses[keys[0]], sort=False)
        index: pd.Index = pd.Index(np.asarray(uniques), name=keys[0])
    else:
        codes, combos = pd.MultiIndex.from_frame(responses[keys]).factorize()
        index = pd.MultiIndex.from_tuples(list(combos), names=keys)
    n_groups = len(index)
    level = responses["level"].to_numpy(dtype=float, na_value=np.nan)
    scored = ~np.isnan(level)
    stats = _level_stats(codes[scored], level[scored].astype(np.int64), n_groups)
    frame = pd.DataFrame(stats, index=index)
    other = ~scored
    if other.any():
        status = responses["status"].to_numpy()[other]
        other_codes = codes[other]
        frame["n_not_applicable"] = np.bincount(
            other_codes[status == "not-applicable"], minlength=n_groups
        )
        frame["n_dont_know"] = np.bincount(other_codes[status == "dont-know"], minlength=n_groups)
        na_rows = responses.loc[other].loc[status == "not-applicable"]
        if not na_rows.empty:
            reasons = (
                na_rows.assign(_g=other_codes[status == "not-applicable"])
                .dropna(subset=["reason"])
                .groupby("_g")["reason"]
                .agg(lambda s: " | ".join(dict.fromkeys(s)))
            )
            col = np.full(n_groups, "", dtype=object)
            col[reasons.index.to_numpy()] = reasons.to_numpy()
            frame["reasons"] = col
        else:
            frame["reasons"] = ""
    else:
        frame["n_not_applicable"] = 0
        frame["n_dont_know"] = 0
        frame["reasons"] = ""
    target = responses["target"].to_numpy(dtype=float, na_value=np.nan)
    has_t = ~np.isnan(target)
    if has_t.any():
        tstats = _level_stats(codes[has_t], target[has_t].astype(np.int64), n_groups)
        frame["target"] = tstats["median"]
    else:
        frame["target"] = np.nan
    return frame


def _wmean(values: pd.Series, weights: pd.Series, by: pd.Series) -> pd.Series:
    """Weighted mean of ``values`` per group ``by``, ignoring NaN values (and their weights)."""
    ok = values.notna()
    w = weights.where(ok, 0.0)
    num = (values.fillna(0.0) * w).groupby(by, sort=False).sum()
    den = w.groupby(by, sort=False).sum()
    return (num / den).where(den > 0)


@dataclass(frozen=True)
class Scores:
    """Everything computed for one assessment. Frames are indexed by id, in rubric order.

    Attributes
    ----------
    criteria
        Per criterion: ``status`` (scored, not-applicable, dont-know, unanswered), ``score``,
        ``target``, ``gap``, respondent statistics, weights, pillar and commitment.
    commitments, pillars
        ``score``, ``target``, ``gap``, ``percent``, counts and ``completeness`` (share of the
        applicable criteria that have a score).
    overall
        The same figures for the whole rubric.
    method
        ``"median"`` or ``"mean"``: how several respondents' levels were combined.
    """

    criteria: pd.DataFrame
    commitments: pd.DataFrame
    pillars: pd.DataFrame
    overall: pd.Series
    method: str

    @property
    def not_applicable(self) -> pd.DataFrame:
        """Criteria judged not applicable, with the reasons given."""
        na = self.criteria[self.criteria["status"] == "not-applicable"]
        return na[["pillar", "commitment", "title", "reasons"]]


def _roll_up(
    values: pd.DataFrame, key: str, weight: str, status_counts: pd.DataFrame
) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "score": _wmean(values["score"], values[weight], values[key]),
            "target": _wmean(values["target_scored"], values[weight], values[key]),
        }
    )
    out = out.join(status_counts, how="outer")
    out["gap"] = out["target"] - out["score"]
    out["percent"] = out["score"] / 4 * 100
    applicable = out["n_criteria"] - out["n_not_applicable"]
    out["completeness"] = (out["n_scored"] / applicable).where(applicable > 0)
    return out


def _counts(crit: pd.DataFrame, key: str | None) -> pd.DataFrame:
    dummies = pd.get_dummies(crit["status"]).reindex(
        columns=["scored", "not-applicable", "dont-know", "unanswered"], fill_value=False
    )
    dummies.columns = ["n_scored", "n_not_applicable", "n_dont_know", "n_unanswered"]
    dummies = dummies.astype(int)
    dummies["n_criteria"] = 1
    if key is None:
        return dummies.sum().to_frame().T
    return dummies.groupby(crit[key], sort=False).sum()


def score(
    rubric: Rubric,
    responses: pd.DataFrame,
    *,
    kind: str,
    default_target: float = 3,
    targets: dict[str, float] | None = None,
    method: Method = "median",
    agreed: dict[str, float | None] | None = None,
    core_only: bool = False,
    weights: Mapping[str, float] | None = None,
) -> Scores:
    """Score a long frame of responses (see ``responses.RESPONSE_COLUMNS``) against ``rubric``.

    Parameters
    ----------
    kind
        ``"country"`` or ``"organisation"``: criteria not asked of this kind are left out.
    default_target
        Target level for criteria without a respondent target or an override.
    targets
        Per-criterion target overrides; these win over respondents' targets.
    method
        How several respondents' levels combine into the criterion's level.
    agreed
        Levels a workshop agreed (``None``: agreed not applicable); they replace the combined
        level of those criteria, while the respondents' statistics stay for the record.
    core_only
        Score the short form: only the core criteria count (for scores and completeness).
    weights
        What-if weights: a pillar, commitment or criterion id -> the weight that replaces the
        rubric's there (ids the scored criteria do not reach change nothing).
    """
    if method not in ("median", "mean"):
        raise ValueError(f"method must be 'median' or 'mean', not {method!r}")
    base = criteria_frame(rubric, kind)
    if core_only:
        base = base[base["core"]]
    if weights:
        base = _with_weights(base, weights)
    crit = base.join(aggregate_levels(responses), how="left")
    for col in ("n", "n_not_applicable", "n_dont_know"):
        crit[col] = crit[col].fillna(0).astype(int)
    crit["reasons"] = crit["reasons"].fillna("")
    n_level = crit["n"]
    is_na = crit["n_not_applicable"] > n_level
    crit["status"] = np.select(
        [is_na, n_level > 0, crit["n_dont_know"] > 0],
        ["not-applicable", "scored", "dont-know"],
        default="unanswered",
    )
    crit["score"] = crit[method].where(crit["status"] == "scored")
    if agreed:  # a workshop's consensus replaces the respondents' combined level
        for cid, level in agreed.items():
            if cid in crit.index:
                crit.loc[cid, "status"] = "scored" if level is not None else "not-applicable"
                crit.loc[cid, "score"] = np.nan if level is None else float(level)
    crit["agreed"] = crit.index.isin(list(agreed or ()))
    # Target precedence: explicit override > respondents' median target > default target.
    tgt = crit["target"].astype(float).fillna(float(default_target))
    if targets:
        over = pd.Series(targets, dtype=float)
        tgt = over.reindex(crit.index).fillna(tgt)
    crit["target"] = tgt.where(crit["status"] != "not-applicable")
    crit["target_scored"] = crit["target"].where(crit["status"] == "scored")
    crit["gap"] = crit["target_scored"] - crit["score"]
    crit["percent"] = crit["score"] / 4 * 100

    # criterion -> commitment
    com = _roll_up(crit, "commitment", "weight", _counts(crit, "commitment"))
    com_meta = base.drop_duplicates("commitment").set_index("commitment")[
        ["pillar", "commitment_weight"]
    ]
    com = com_meta.join(com)
    # commitment -> pillar (commitments with a score only)
    com_vals = com.assign(target_scored=com["target"].where(com["score"].notna()))
    pil = _roll_up(com_vals, "pillar", "commitment_weight", _counts(crit, "pillar"))
    pil_meta = base.drop_duplicates("pillar").set_index("pillar")[["pillar_weight"]]
    pil = pil_meta.join(pil)
    titles = {p.id: (p.title, p.short_title) for p in rubric.pillars}
    pil.insert(0, "title", [titles[i][0] for i in pil.index])
    pil.insert(1, "short_title", [titles[i][1] for i in pil.index])
    # pillar -> overall
    pil_vals = pil.assign(target_scored=pil["target"].where(pil["score"].notna()))
    ok = pil_vals["score"].notna()
    w = pil_vals["pillar_weight"].where(ok, 0.0)
    total_w = w.sum()
    overall_counts = _counts(crit, None).iloc[0]
    overall_score = (pil_vals["score"].fillna(0) * w).sum() / total_w if total_w > 0 else np.nan
    overall_target = (
        (pil_vals["target_scored"].fillna(0) * w).sum() / total_w if total_w > 0 else np.nan
    )
    applicable = overall_counts["n_criteria"] - overall_counts["n_not_applicable"]
    overall = pd.Series(
        {
            "score": overall_score,
            "target": overall_target,
            "gap": overall_target - overall_score,
            "percent": overall_score / 4 * 100,
            **{k: int(v) for k, v in overall_counts.items()},
            "completeness": overall_counts["n_scored"] / applicable if applicable > 0 else np.nan,
            "n_respondents": int(responses["respondent"].nunique()) if len(responses) else 0,
        }
    )
    crit = crit.drop(columns=["target_scored"])
    com.index.name = "commitment"
    pil.index.name = "pillar"
    return Scores(criteria=crit, commitments=com, pillars=pil, overall=overall, method=method)


def pillar_scores_by(
    rubric: Rubric, responses: pd.DataFrame, by: str, *, kind: str, method: Method = "median"
) -> pd.DataFrame:
    """Pillar scores for each value of the column ``by`` (e.g. ``group``), pillars x values.

    The same numbers as :func:`score` on each subset (a test holds them equal), in one vectorised
    pass: comparing five stakeholder groups of a 1,000-person workshop takes milliseconds.
    """
    pillars = [p.id for p in rubric.pillars]
    if responses.empty:
        return pd.DataFrame(index=pd.Index(pillars, name="pillar"))
    base = criteria_frame(rubric, kind)
    stats = aggregate_levels(responses, by=(by, "criterion"))
    n, n_na = stats["n"], stats["n_not_applicable"]
    value = stats[method].where((n > 0) & ~(n_na > n)).rename("score").reset_index()
    crit = value.join(
        base[["commitment", "pillar", "weight", "commitment_weight"]], on="criterion", how="inner"
    )
    crit = crit.dropna(subset=["score"])
    crit["sw"] = crit["score"] * crit["weight"]
    com = crit.groupby([by, "commitment"], sort=False).agg(
        sw=("sw", "sum"),
        w=("weight", "sum"),
        pillar=("pillar", "first"),
        cw=("commitment_weight", "first"),
    )
    com["score"] = com["sw"] / com["w"]
    com["csw"] = com["score"] * com["cw"]
    pil = com.groupby([by, "pillar"], sort=False).agg(sw=("csw", "sum"), w=("cw", "sum"))
    table = (pil["sw"] / pil["w"]).unstack(by)
    table = table.reindex(pillars)
    table.index.name = "pillar"
    return table[sorted(table.columns)]


def score_assessment(
    rubric: Rubric,
    assessment: Assessment,
    *,
    method: Method = "median",
    source: str = "<assessment>",
) -> Scores:
    """Score an :class:`Assessment`, refusing a rubric other than the one it was made with.

    Raises
    ------
    RubricMismatchError
        When the rubric id, version or content differ, or a response names an unknown criterion.
    """
    problems = check_against_rubric(assessment, rubric, source)
    if problems:
        raise RubricMismatchError(problems, f"{source}: cannot be scored with this rubric")
    return score(
        rubric,
        responses_frame(assessment),
        kind=assessment.entity.kind,
        default_target=assessment.default_target,
        targets={k: float(v) for k, v in assessment.targets.items()},
        method=method,
        agreed={
            k: (None if c.not_applicable or c.level is None else float(c.level))
            for k, c in assessment.consensus.items()
        },
        core_only=assessment.short_form,
        weights={k: float(v) for k, v in assessment.weights.items()},
    )


def overall_shares(scores: Scores) -> pd.Series:
    """Each criterion's share of the overall score (index: criterion, as ``scores.criteria``).

    The product of its weight's share in its commitment, its commitment's in its pillar and its
    pillar's in the overall score, each among those with a score (README, Method):
    the shares of the scored criteria add up to 1, those of the others are 0, and
    ``(share * level).sum()`` is the overall score.
    """
    crit = scores.criteria
    # plain Python over the columns: three groupings of a few dozen rows (pandas' groupby costs
    # more than the sums; a report asks for the shares several times)
    scored = crit["score"].notna().tolist()
    weight = [float(x) if ok else 0.0 for x, ok in zip(crit["weight"].tolist(), scored, strict=True)]  # fmt: skip
    commitment = crit["commitment"].tolist()
    pillar = crit["pillar"].tolist()
    com_sum: dict[Any, float] = {}
    com_weight: dict[Any, float] = {}
    com_pillar: dict[Any, Any] = {}
    pil_weight: dict[Any, float] = {}
    for c, p, w, cw, pw in zip(commitment, pillar, weight, crit["commitment_weight"].tolist(), crit["pillar_weight"].tolist(), strict=True):  # fmt: skip
        com_sum[c] = com_sum.get(c, 0.0) + w
        com_weight.setdefault(c, float(cw))
        com_pillar.setdefault(c, p)
        pil_weight.setdefault(p, float(pw))
    com_w = {c: (com_weight[c] if com_sum[c] > 0 else 0.0) for c in com_sum}
    pil_sum: dict[Any, float] = {}
    for c, cw in com_w.items():
        pil_sum[com_pillar[c]] = pil_sum.get(com_pillar[c], 0.0) + cw
    pil_w = {p: (pw if pil_sum.get(p, 0.0) > 0 else 0.0) for p, pw in pil_weight.items()}
    total = sum(pil_w.values())

    def ratio(part: float, whole: float) -> float:
        return part / whole if whole > 0 else 0.0

    share = [
        ratio(w, com_sum[c]) * ratio(com_w[c], pil_sum[p]) * ratio(pil_w[p], total)
        for w, c, p in zip(weight, commitment, pillar, strict=True)
    ]
    return pd.Series(share, index=crit.index, name="share", dtype=float)
