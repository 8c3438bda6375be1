"""How sure is each score: an interval (low, high) for every criterion, commitment, pillar and the
overall score. Pure functions over :class:`~assessment.scoring.Scores` and the responses frame.

Two rules, chosen by how many respondents gave answers:

**Several respondents: a bootstrap over respondents.** Draw as many respondents as there are,
with replacement (2,000 times by default, with a fixed seed so the same data always give the
same interval). In each draw, recombine every criterion exactly as scoring does: the median (or
the mean) of the levels given; not applicable when more drawn answers said "not applicable" than
gave a level; no score when no drawn answer gave a level. Then roll up with the same weights and
the same rule for unscored criteria as the scores themselves (weighted means of what has a
score). The interval runs from the 5th to the 95th percentile of the draws (a 90 % interval; see
``level``), widened where needed so that it always contains the score shown. The confidence
respondents gave is not used: their spread says more. A criterion to which only one respondent
gave a level has no spread to draw from: it takes the single-respondent rule below (``method``
says which rule each row used), while its commitment, pillar and the overall score keep the
bootstrap.

**One respondent: the respondent's own confidence and the completeness.** A criterion's interval
is its level plus or minus a half-width set by the confidence given with the answer: high 0.25,
medium 0.5, low 1, not given 0.75, cut to the scale 0 to 4. For example a level 1 given with low
confidence reads 0 to 2. A commitment's half-width is the weighted mean of the half-widths of its
scored criteria (the criterion weights, as for the score: the errors are taken to lean all the
same way, so they average rather than cancel out); a pillar's is the weighted mean of its scored
commitments' half-widths before widening (commitment weights), and the overall one the weighted
mean of the pillars' (pillar weights). Each is then widened for what is not known: with ``m`` the
share of applicable criteria not scored (don't know or unanswered; 1 minus the completeness),
half-width = (1 - m) x answered half-width + m x 2, where 2 is the half-width of knowing nothing
on a 0-4 scale. The interval is the score plus or minus that half-width, cut to 0 to 4. For
example a pillar scored 1.33 whose scored criteria give a half-width of 0.75, with one of its
three applicable criteria answered "don't know": 2/3 x 0.75 + 1/3 x 2 = 1.17, so 0.17 to 2.5.

A criterion, commitment or pillar without a score (not applicable, don't know, unanswered) has
no interval (NaN).

A level a workshop agreed (``consensus``) is a decision, not an estimate: its interval is the level
itself (``method`` ``agreed``), in every draw of the bootstrap too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from assessment.responses import Assessment, responses_frame
from assessment.scoring import Scores

__all__ = [
    "BATCH_CELLS",
    "BLOCK",
    "HALF_WIDTH",
    "SMALL_PANEL",
    "UNKNOWN_HALF_WIDTH",
    "Intervals",
    "compute_intervals",
]

#: Half-width of a criterion's interval, in levels, by the confidence its respondent gave.
HALF_WIDTH: Mapping[str | None, float] = {"high": 0.25, "medium": 0.5, "low": 1.0, None: 0.75}
#: Half-width of a score nothing is known about: half the 0-4 scale.
UNKNOWN_HALF_WIDTH = 2.0
#: Respondents are drawn this many resamples at a time (the draws of a seed depend on it:
#: changing it changes the intervals slightly).
BLOCK = 256
#: Blocks are worked on together, as many as keep each array (draws x respondents, draws x
#: answers) within this many numbers (32 MB), so that memory stays small with many respondents.
BATCH_CELLS = 1 << 22
#: Up to this many respondents, counts are summed by numpy's own loops, not by the linear algebra
#: library (whose threads cost more than they save on so small a product).
SMALL_PANEL = 64


@dataclass(frozen=True)
class Intervals:
    """How sure each score is. Frames are indexed like those of :class:`Scores`.

    Attributes
    ----------
    criteria, commitments, pillars
        ``score`` (as scored), ``low``, ``high`` (NaN where there is no score) and ``method``:
        ``bootstrap``, ``confidence`` or ``agreed`` (criteria only).
    overall
        ``score``, ``low``, ``high`` and ``method`` for the whole rubric.
    level
        The share of the draws the bootstrap interval covers (0.9: from the 5th to the 95th
        percentile).
    resamples, seed
        How many bootstrap draws were made, and from which seed (recorded for the single-respondent
        rule too, which uses neither).
    respondents
        How many respondents gave answers.
    """

    criteria: pd.DataFrame
    commitments: pd.DataFrame
    pillars: pd.DataFrame
    overall: pd.Series
    level: float
    resamples: int
    seed: int
    respondents: int


@dataclass(frozen=True)
class _Groups:
    """Which items (criteria, commitments, pillars) make up each group, for weighted means."""

    order: np.ndarray  # the items that belong to a group, sorted by group
    starts: np.ndarray  # where each group with items starts in ``order``
    present: np.ndarray  # the position of those groups
    size: int  # how many groups there are

    @classmethod
    def of(cls, keys: pd.Series, groups: pd.Index) -> _Groups:
        pos = groups.get_indexer(pd.Index(keys))
        order = np.argsort(pos, kind="stable")
        order = order[pos[order] >= 0]
        ranked = pos[order]
        starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]]) if len(order) else order
        return cls(order=order, starts=starts, present=ranked[starts], size=len(groups))

    def mean(self, values: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Weighted means of ``values`` (draws x items) per group, leaving NaN values (and their
        weights) out as scoring does; NaN where a group has no value or no weight."""
        out = np.full((*values.shape[:-1], self.size), np.nan)
        if not len(self.order):
            return out
        picked = values[..., self.order]
        ok = ~np.isnan(picked)
        w = np.where(ok, weights[self.order], 0.0)
        num = np.add.reduceat(np.where(ok, picked, 0.0) * w, self.starts, axis=-1)
        den = np.add.reduceat(w, self.starts, axis=-1)
        out[..., self.present] = np.divide(num, den, out=np.full_like(num, np.nan), where=den > 0)
        return out


@dataclass(frozen=True)
class _Tree:
    """The roll-up of a :class:`Scores`: weights, and which items make up which group."""

    crit_weight: np.ndarray
    commitments: _Groups
    com_weight: np.ndarray
    pillars: _Groups
    pil_weight: np.ndarray
    whole: _Groups

    @classmethod
    def of(cls, scores: Scores) -> _Tree:
        # the weights the roll-up itself reads, so an override made while scoring is honoured
        crit, com, pil = scores.criteria, scores.commitments, scores.pillars
        return cls(
            crit_weight=crit["weight"].to_numpy(dtype=float),
            commitments=_Groups.of(crit["commitment"], com.index),
            com_weight=com["commitment_weight"].to_numpy(dtype=float),
            pillars=_Groups.of(com["pillar"], pil.index),
            pil_weight=pil["pillar_weight"].to_numpy(dtype=float),
            whole=_Groups.of(pd.Series("all", index=pil.index), pd.Index(["all"])),
        )

    def roll_up(self, crit_values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Commitment, pillar and overall values (draws x ...) from criterion values."""
        com = self.commitments.mean(crit_values, self.crit_weight)
        pil = self.pillars.mean(com, self.com_weight)
        return com, pil, self.whole.mean(pil, self.pil_weight)[..., 0]


def _median_from_counts(counts: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Median of levels 0-4 from their counts (``counts[v]`` for level v), as pandas' median: the
    middle level, or the mean of the two middle ones."""
    h = (n - 1) * 0.5
    lo, hi = np.floor(h), np.ceil(h)
    # the k-th smallest level (0-based) is the number of levels whose running count is <= k
    v_lo = np.zeros_like(h)
    v_hi = np.zeros_like(h)
    running = np.zeros_like(h)
    for v in range(4):  # the running count of level 4 is n, above every k
        running = running + counts[v]
        v_lo += running <= lo
        v_hi += running <= hi
    out: np.ndarray = v_lo + (h - lo) * (v_hi - v_lo)
    return out


def _answer_matrix(responses: pd.DataFrame, criteria: pd.Index) -> np.ndarray:
    """Respondents x (6 x criteria) 0/1 matrix: a block of criteria for each level 0-4 given, then
    one for "not applicable"."""
    col = criteria.get_indexer(pd.Index(responses["criterion"]))
    keep = col >= 0
    people, _ = pd.factorize(responses["respondent"].to_numpy()[keep])
    level = responses["level"].to_numpy(dtype=float, na_value=np.nan)[keep]
    status = responses["status"].to_numpy()[keep]
    slot = np.where(~np.isnan(level), np.nan_to_num(level), 5).astype(np.int64)
    counted = ~np.isnan(level) | (status == "not-applicable")
    n_people = int(people.max()) + 1 if len(people) else 0
    answers = np.zeros((n_people, len(criteria) * 6))
    answers[people[counted], slot[counted] * len(criteria) + col[keep][counted]] = 1.0
    return answers


def _picks(rng: np.random.Generator, n_draws: int, n_people: int) -> np.ndarray:
    """How often each respondent is drawn (draws x respondents) in ``n_draws`` resamples."""
    draws = rng.integers(0, n_people, size=(n_draws, n_people))
    rows = np.arange(n_draws)[:, None] * n_people
    counts = np.bincount((rows + draws).ravel(), minlength=n_draws * n_people)
    picked: np.ndarray = counts.reshape(n_draws, n_people).astype(float)
    return picked


def _criterion_draws(
    answers: np.ndarray, picked: np.ndarray, n_criteria: int, method: str
) -> np.ndarray:
    """Criterion values (draws x criteria) of each resample of respondents, as scoring combines
    them: NaN where the drawn answers give no level or say "not applicable" more often."""
    n_draws, n_people = picked.shape
    # Counts are whole numbers, exact either way. For a panel, numpy's own loops: the threads of
    # the linear algebra library cost more than the product on a busy computer (up to 40 ms).
    small = n_people <= SMALL_PANEL
    product = np.einsum("dr,ra->da", picked, answers) if small else picked @ answers
    tally = product.reshape(n_draws, 6, n_criteria).transpose(1, 0, 2)
    counts, n_na = tally[:5], tally[5]
    n = counts[0] + counts[1] + counts[2] + counts[3] + counts[4]
    scored = (n > 0) & ~(n_na > n)
    out: np.ndarray = np.full_like(n, np.nan)
    if method == "median":
        np.copyto(out, _median_from_counts(counts, n), where=scored)
    else:
        total = counts[1] + 2 * counts[2] + 3 * counts[3] + 4 * counts[4]
        np.divide(total, n, out=out, where=scored)
    return out


def _percentiles(values: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """The central ``level`` share of ``values`` along the draws axis, NaN draws left out: numpy's
    default (linear) percentiles, NaN where an item has no value in any draw."""
    ordered = np.sort(values, axis=0)  # NaN sorts last
    valid = (~np.isnan(values)).sum(axis=0)
    bounds = []
    for q in ((1 - level) / 2, (1 + level) / 2):
        pos = np.maximum(valid - 1, 0) * q
        lo = np.floor(pos).astype(np.int64)
        hi = np.ceil(pos).astype(np.int64)
        v_lo = np.take_along_axis(ordered, lo[None, ...], axis=0)[0]
        v_hi = np.take_along_axis(ordered, hi[None, ...], axis=0)[0]
        bounds.append(np.where(valid > 0, v_lo + (pos - lo) * (v_hi - v_lo), np.nan))
    return bounds[0], bounds[1]


def _around(score: np.ndarray, low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The interval widened to contain the score, NaN where there is no score."""
    has = ~np.isnan(score)
    return (
        np.where(has, np.fmin(low, score), np.nan),
        np.where(has, np.fmax(high, score), np.nan),
    )


def _bootstrap(
    scores: Scores,
    responses: pd.DataFrame,
    tree: _Tree,
    *,
    level: float,
    resamples: int,
    seed: int,
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Percentile intervals of criteria, commitments, pillars and overall over the draws."""
    crit = scores.criteria
    answers = _answer_matrix(responses, crit.index)
    n_people = answers.shape[0]
    agreed = crit["agreed"].to_numpy(dtype=bool)
    fixed = crit["score"].to_numpy(dtype=float)[agreed]
    rng = np.random.default_rng(seed)
    # as few matrix products as memory allows (see _criterion_draws)
    batch = max(1, BATCH_CELLS // (BLOCK * max(n_people, answers.shape[1])))  # in blocks
    blocks: list[list[np.ndarray]] = [[], [], [], []]
    picked: list[np.ndarray] = []
    for start in range(0, resamples, BLOCK):
        picked.append(_picks(rng, min(BLOCK, resamples - start), n_people))
        if len(picked) < batch and start + BLOCK < resamples:
            continue
        values = _criterion_draws(answers, np.concatenate(picked), len(crit), scores.method)
        picked = []
        values[:, agreed] = fixed  # a workshop's agreed level stands in every draw
        for store, part in zip(blocks, (values, *tree.roll_up(values)), strict=True):
            store.append(part)
    found = [_percentiles(np.concatenate(parts), level) for parts in blocks]
    return [(np.atleast_1d(lo), np.atleast_1d(hi)) for lo, hi in found]


def _confidence(
    scores: Scores, responses: pd.DataFrame, tree: _Tree
) -> tuple[np.ndarray, list[np.ndarray]]:
    """The single-respondent rule: each criterion's half-width, and the widened half-widths of
    commitments, pillars and overall (see the module's docstring)."""
    crit = scores.criteria
    given = responses[responses["level"].notna()].drop_duplicates("criterion")
    confidence = given.set_index("criterion")["confidence"].reindex(crit.index)
    half = np.array(
        [HALF_WIDTH.get(c if isinstance(c, str) else None, HALF_WIDTH[None]) for c in confidence]
    )
    half = np.where(crit["agreed"].to_numpy(dtype=bool), 0.0, half)
    half = np.where(crit["score"].notna().to_numpy(), half, np.nan)
    com_half, pil_half, overall_half = tree.roll_up(half[None, :])
    widened = []
    for answered, done in (
        (com_half[0], scores.commitments["completeness"].to_numpy(dtype=float)),
        (pil_half[0], scores.pillars["completeness"].to_numpy(dtype=float)),
        (overall_half, np.array([scores.overall["completeness"]], dtype=float)),
    ):
        missing = 1 - done
        widened.append((1 - missing) * answered + missing * UNKNOWN_HALF_WIDTH)
    return half, widened


def _frame(score: pd.Series, low: np.ndarray, high: np.ndarray, method: object) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "score": score.to_numpy(dtype=float),
            "low": low,
            "high": high,
            "method": method,
        },
        index=score.index,
    )


def compute_intervals(
    scores: Scores,
    responses: Assessment | pd.DataFrame,
    *,
    level: float = 0.9,
    resamples: int = 2000,
    seed: int = 0,
) -> Intervals:
    """An interval for every score of ``scores``, by the rules of this module's docstring.

    Parameters
    ----------
    scores
        What :func:`~assessment.scoring.score` or ``score_assessment`` gave for these responses;
        its weights, statuses, completeness and combining method (median or mean) are used.
    responses
        The assessment that was scored, or its long responses frame
        (``assessment.responses.RESPONSE_COLUMNS``).
    level
        The share of the bootstrap draws the interval covers, between 0 and 1 (0.9: 90 %).
    resamples
        How many times respondents are drawn for the bootstrap.
    seed
        The seed of the draws: the same data and seed always give the same intervals.

    Raises
    ------
    ValueError
        When ``level`` is not between 0 and 1 or ``resamples`` is less than 1.
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be a share between 0 and 1, such as 0.9; got {level!r}")
    if resamples < 1:
        raise ValueError(f"resamples must be at least 1, such as 2000; got {resamples!r}")
    frame = responses_frame(responses) if isinstance(responses, Assessment) else responses
    crit = scores.criteria
    frame = frame[frame["criterion"].isin(crit.index)]
    n_people = int(frame["respondent"].nunique())
    tree = _Tree.of(scores)
    points = [
        crit["score"].to_numpy(dtype=float),
        scores.commitments["score"].to_numpy(dtype=float),
        scores.pillars["score"].to_numpy(dtype=float),
        np.array([scores.overall["score"]], dtype=float),
    ]
    agreed = crit["agreed"].to_numpy(dtype=bool)
    half, widened = _confidence(scores, frame, tree)
    bounds = [
        (np.clip(p - h, 0, 4), np.clip(p + h, 0, 4))
        for p, h in zip(points, [half, *widened], strict=True)
    ]
    if n_people >= 2:
        by_rule = bounds[0]
        bounds = _bootstrap(scores, frame, tree, level=level, resamples=resamples, seed=seed)
        # a criterion only one respondent gave a level has no spread: it keeps the rule
        single = (crit["n"].to_numpy() < 2) & ~agreed
        bounds[0] = (
            np.where(single, by_rule[0], bounds[0][0]),
            np.where(single, by_rule[1], bounds[0][1]),
        )
        crit_method = np.where(agreed, "agreed", np.where(single, "confidence", "bootstrap"))
        rolled = "bootstrap"
    else:
        crit_method = np.where(agreed, "agreed", "confidence")
        rolled = "confidence"
    (c_lo, c_hi), (m_lo, m_hi), (p_lo, p_hi), (o_lo, o_hi) = [
        _around(p, lo, hi) for p, (lo, hi) in zip(points, bounds, strict=True)
    ]
    overall = pd.Series({"score": points[3][0], "low": o_lo[0], "high": o_hi[0], "method": rolled})
    return Intervals(
        criteria=_frame(crit["score"], c_lo, c_hi, crit_method),
        commitments=_frame(scores.commitments["score"], m_lo, m_hi, rolled),
        pillars=_frame(scores.pillars["score"], p_lo, p_hi, rolled),
        overall=overall,
        level=level,
        resamples=resamples,
        seed=seed,
        respondents=n_people,
    )
