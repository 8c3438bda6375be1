"""Robustness of the pillar ranking: does it hold under other plausible weightings? Pure.

Draws many weightings around the chosen ones and counts how often each pillar keeps its rank.

The model, in plain words (enough to recompute it):

1. **Criterion weights inside each pillar.** A pillar's score is a weighted mean of its scored
   criteria, each with an *effective share*: its commitment's share of the pillar (commitment
   weight / the sum of the weights of the pillar's scored commitments) times its own share of the
   commitment (criterion weight / the sum of the weights of the commitment's scored criteria). The
   shares of a pillar add up to 1, and ``sum(share x criterion score)`` is the pillar's score.
   Unscored criteria (not applicable, don't know, unanswered) are left out, as scoring leaves
   them out.
2. **A plausible weighting** of a pillar's ``n`` scored criteria is drawn from a Dirichlet
   distribution whose mean is the chosen shares ``m``: parameters ``concentration x n x m``. With
   equal weights every parameter is ``concentration``; 1 would make every weighting of the pillar
   equally likely, larger values keep the draws closer to the chosen weights. One standard
   deviation of a drawn share is ``sqrt(m (1 - m) / (concentration x n + 1))``; with equal
   weights that is less than ``1 / sqrt(concentration)`` of the share itself: with the default
   4, a weight typically moves by up to half of itself either way (a share below the equal one
   relatively more, one above it less). Each pillar is drawn independently.
3. **Pillar weights** for the overall score are drawn the same way around the chosen pillar
   weights (normalised over the scored pillars). They change the overall score, never a pillar's
   score or the ranking.
4. **In each draw** the pillar scores are recomputed (``sum(drawn share x criterion score)``),
   and so is the overall score (``sum(drawn pillar share x drawn pillar score)``). Rank 1 is the
   highest score; a pillar's rank is 1 + the number of pillars scoring higher (so tied pillars
   share a rank), and scores closer than 1e-9 count as equal.
5. **The figures** are shares of the draws: in how many a pillar has the rank it has under the
   chosen weights (``keeps_rank``), scores lowest of all (``weakest``; a tie for lowest counts
   for each tied pillar) or highest (``strongest``); and the middle 90 % of the drawn pillar and
   overall scores (the 5th to the 95th percentile).

The draws come from NumPy's default generator (PCG64) seeded with ``seed``, in blocks of
50,000 (criterion weights, then pillar weights, block after block), so the same seed and number
of draws always give the same figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from assessment.scoring import Scores
from assessment.text import format_number, format_share, ui_text

__all__ = [
    "CONCENTRATION",
    "DRAWS",
    "RankFinding",
    "Robustness",
    "clear_findings",
    "finding_text",
    "rank_findings",
    "robustness",
    "shown_share",
    "strongest_finding",
    "weakest_finding",
]

#: the default Dirichlet concentration per weight (see the module's docstring, point 2)
CONCENTRATION = 4.0
#: the default number of weightings drawn
DRAWS = 10_000
#: scores closer than this are equal (sums in another order differ in the last digits)
_TIE = 1e-9
#: draws computed at once: bounds the memory a large number of draws needs
_BLOCK = 50_000
#: the percentiles of the drawn scores that are reported (the middle 90 %)
_LOW, _HIGH = 0.05, 0.95


@dataclass(frozen=True)
class Robustness:
    """How the pillar ranking and the overall score hold under plausible weightings.

    Attributes
    ----------
    pillars
        One row per pillar (rubric order), indexed by pillar id: ``title``, ``short_title``,
        ``score`` (under the chosen weights), ``rank`` (1 = highest; missing for a pillar without
        a score), and the shares of the draws in which the pillar ``keeps_rank``, is the
        ``weakest`` and is the ``strongest``; ``low`` and ``high`` bound the middle 90 % of its
        drawn scores.
    overall
        ``score`` (under the chosen weights), ``mean``, ``low`` and ``high`` (the middle 90 %) and
        ``sd`` of the drawn overall scores.
    weakest, strongest
        The pillar with the lowest (highest) score under the chosen weights; among tied pillars,
        the one most often weakest (strongest) in the draws, then the first in rubric order.
        None with fewer than two scored pillars.
    draws, seed, concentration
        What was drawn, so that anyone can draw it again.
    """

    pillars: pd.DataFrame
    overall: pd.Series
    weakest: str | None
    strongest: str | None
    draws: int
    seed: int
    concentration: float

    @property
    def ranked(self) -> bool:
        """Whether there is a ranking to test: two or more pillars have a score."""
        return self.weakest is not None


def _shares(crit: pd.DataFrame) -> pd.DataFrame:
    """The scored criteria with their pillar and their effective share of it (point 1)."""
    columns = ["pillar", "commitment", "score", "weight", "commitment_weight"]
    c = crit.loc[crit["score"].notna(), columns]
    own = c["weight"] / c.groupby("commitment", sort=False)["weight"].transform("sum")
    commitments = c.drop_duplicates("commitment")
    com_total = commitments.groupby("pillar", sort=False)["commitment_weight"].sum()
    com_share = c["commitment_weight"] / c["pillar"].map(com_total)
    return c.assign(share=(own * com_share).astype(float))


def _dirichlet_params(shares: np.ndarray, groups: np.ndarray, concentration: float) -> np.ndarray:
    """``concentration x n x share`` for each entry, ``n`` the size of its group (point 2)."""
    sizes = np.bincount(groups)[groups]
    params: np.ndarray = concentration * sizes * shares
    return params


def _rank(values: np.ndarray) -> np.ndarray:
    """Rank along the last axis: 1 + how many score higher (by more than the tie tolerance)."""
    higher = values[..., None, :] > values[..., :, None] + _TIE
    ranks: np.ndarray = 1 + higher.sum(axis=-1)
    return ranks


def _draw_block(
    rng: np.random.Generator,
    n: int,
    crit_params: np.ndarray,
    starts: np.ndarray,
    scores: np.ndarray,
    pillar_params: np.ndarray,
    chosen: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """``n`` draws: the pillar scores (n x pillars) and the overall score (n).

    The criteria are grouped by pillar, each pillar's columns starting at ``starts``; sums per
    pillar are ``np.add.reduceat`` (no threaded matrix product, which a busy machine slows).
    """
    g = rng.standard_gamma(crit_params, size=(n, crit_params.size))
    total = np.add.reduceat(g, starts, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        pillar = np.where(total > 0, np.add.reduceat(g * scores, starts, axis=1) / total, chosen)
    h = rng.standard_gamma(pillar_params, size=(n, pillar_params.size))
    h_total = h.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        overall = np.where(h_total > 0, (h * pillar).sum(axis=1) / h_total, pillar.mean(axis=1))
    return pillar, overall


def robustness(
    scores: Scores,
    *,
    draws: int = DRAWS,
    seed: int = 0,
    concentration: float = CONCENTRATION,
) -> Robustness:
    """How often the pillar ranking of ``scores`` holds under ``draws`` plausible weightings.

    The model is described in the module's docstring. Vectorised: the draws of a block are a
    few array operations, never a loop per draw (10,000 draws of a 66-criterion rubric take a
    few milliseconds).

    Parameters
    ----------
    scores
        The scores under the chosen weights (:func:`assessment.scoring.score_assessment`; an
        assessment's own ``weights`` are the chosen ones).
    draws
        How many weightings to draw (1 or more).
    seed
        Seed of the random generator (0 or more): the same seed gives the same figures.
    concentration
        How close the drawn weights stay to the chosen ones (greater than 0; see point 2).
    """
    if isinstance(draws, bool) or not isinstance(draws, int | np.integer) or draws < 1:
        raise ValueError(f"draws must be a whole number of at least 1, not {draws!r}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a whole number of at least 0, not {seed!r}")
    if not (math.isfinite(concentration) and concentration > 0):
        raise ValueError(f"concentration must be a number greater than 0, not {concentration!r}")
    pil = scores.pillars
    scored_ids = [str(p) for p in pil.index[pil["score"].notna()]]
    crit = _shares(scores.criteria)
    crit = crit[crit["pillar"].isin(scored_ids)]
    col = {pid: i for i, pid in enumerate(scored_ids)}
    crit = crit.assign(_group=crit["pillar"].map(col)).sort_values("_group", kind="stable")
    groups = crit["_group"].to_numpy(dtype=np.int64)  # in pillar order (rubric order already is)
    n_pil = len(scored_ids)
    starts = np.searchsorted(groups, np.arange(n_pil))
    crit_params = _dirichlet_params(crit["share"].to_numpy(dtype=float), groups, concentration)
    chosen = pil.loc[scored_ids, "score"].to_numpy(dtype=float)
    pw = pil.loc[scored_ids, "pillar_weight"].to_numpy(dtype=float)
    pillar_params = _dirichlet_params(pw / pw.sum(), np.zeros(n_pil, dtype=np.int64), concentration)

    rng = np.random.default_rng(seed)
    model = (crit_params, starts, crit["score"].to_numpy(dtype=float), pillar_params, chosen)
    firsts = range(0, draws, _BLOCK) if n_pil else range(0)  # nothing to draw without scores
    blocks = [_draw_block(rng, min(_BLOCK, draws - first), *model) for first in firsts]
    pillar_draws = np.concatenate([b[0] for b in blocks]) if blocks else np.zeros((0, 0))
    overall_draws = np.concatenate([b[1] for b in blocks]) if blocks else np.zeros(0)

    table = pil[["title", "short_title", "score"]].copy()
    table["rank"] = pd.array([pd.NA] * len(table), dtype="Int64")
    for name in ("keeps_rank", "weakest", "strongest", "low", "high"):
        table[name] = np.nan
    overall = pd.Series(
        {
            "score": float(scores.overall["score"]),
            "mean": math.nan,
            "low": math.nan,
            "high": math.nan,
            "sd": math.nan,
        }
    )
    if n_pil:
        chosen_rank = _rank(chosen)
        drawn_rank = _rank(pillar_draws)
        lower = pillar_draws[:, None, :] < pillar_draws[:, :, None] - _TIE  # [d, i, j]: j below i
        table.loc[scored_ids, "rank"] = chosen_rank
        table.loc[scored_ids, "keeps_rank"] = (drawn_rank == chosen_rank).mean(axis=0)
        table.loc[scored_ids, "weakest"] = (~lower.any(axis=-1)).mean(axis=0)
        table.loc[scored_ids, "strongest"] = (drawn_rank == 1).mean(axis=0)
        table.loc[scored_ids, "low"] = np.quantile(pillar_draws, _LOW, axis=0)
        table.loc[scored_ids, "high"] = np.quantile(pillar_draws, _HIGH, axis=0)
        overall["mean"] = float(overall_draws.mean())
        overall["low"] = float(np.quantile(overall_draws, _LOW))
        overall["high"] = float(np.quantile(overall_draws, _HIGH))
        overall["sd"] = float(overall_draws.std())
    return Robustness(
        pillars=table,
        overall=overall,
        weakest=_end(table.loc[scored_ids], "weakest") if n_pil > 1 else None,
        strongest=_end(table.loc[scored_ids], "strongest") if n_pil > 1 else None,
        draws=int(draws),
        seed=int(seed),
        concentration=float(concentration),
    )


def _end(table: pd.DataFrame, end: Literal["weakest", "strongest"]) -> str:
    """The weakest (strongest) pillar under the chosen weights; ties: most often so, then first."""
    score = table["score"]
    at_end = score <= score.min() + _TIE if end == "weakest" else score >= score.max() - _TIE
    tied = table[at_end]
    return str(tied.index[int(np.argmax(tied[end].to_numpy()))])


@dataclass(frozen=True, slots=True)
class RankFinding:
    """The data of a sentence such as "Rural development is the weakest pillar under 94 % of
    plausible weightings": which ``end`` of the ranking, the ``pillar`` id, the ``share`` of the
    ``draws`` in which it is there."""

    end: Literal["weakest", "strongest"]
    pillar: str
    share: float
    draws: int


def _finding(result: Robustness, end: Literal["weakest", "strongest"]) -> RankFinding | None:
    pillar = result.weakest if end == "weakest" else result.strongest
    if pillar is None:
        return None
    shares = dict(zip(result.pillars.index, result.pillars[end].to_numpy(dtype=float), strict=True))
    return RankFinding(end, pillar, float(shares[pillar]), result.draws)


def weakest_finding(result: Robustness) -> RankFinding | None:
    """The weakest pillar and the share of weightings under which it stays weakest (None with
    fewer than two scored pillars)."""
    return _finding(result, "weakest")


def strongest_finding(result: Robustness) -> RankFinding | None:
    """The strongest pillar and the share of weightings under which it stays strongest (None
    with fewer than two scored pillars)."""
    return _finding(result, "strongest")


def rank_findings(result: Robustness) -> tuple[RankFinding, ...]:
    """The weakest and the strongest pillar's findings (none with fewer than two pillars)."""
    found = (weakest_finding(result), strongest_finding(result))
    return tuple(f for f in found if f is not None)


def clear_findings(result: Robustness) -> tuple[RankFinding, ...]:
    """The weakest and strongest pillar's findings, each only when that pillar is alone at its
    end under the chosen weights (tied pillars are neither weaker nor stronger than another)."""
    scores = result.pillars["score"].dropna().to_numpy(dtype=float)
    if len(scores) < 2:
        return ()
    alone = {
        "weakest": int((scores <= scores.min() + 1e-9).sum()) == 1,
        "strongest": int((scores >= scores.max() - 1e-9).sum()) == 1,
    }
    return tuple(f for f in rank_findings(result) if alone[f.end])


def shown_share(share: float) -> float:
    """``share`` rounded *down* to a whole percentage (0.996 -> 0.99), so that what is shown never
    says more than the draws did: 100 % only when every draw agrees."""
    return math.floor(share * 100 + 1e-9) / 100


def finding_text(finding: RankFinding, title: str, lang: str = "en") -> str:
    """The sentence of ``finding`` in ``lang``, naming the pillar ``title``: "Rural development
    is the weakest pillar under 94 % of plausible weightings."

    The share is rounded down (:func:`shown_share`); when every draw agrees, the sentence says
    "under every one of the N plausible weightings drawn" instead.
    """
    if finding.share >= 1.0:
        draws = format_number(finding.draws, lang, 0)
        return ui_text(f"robustness_{finding.end}_all", lang, pillar=title, draws=draws)
    share = shown_share(finding.share)
    # a whole percentage as the report writes it: "94 %" in English, the locale's way elsewhere
    shown = f"{share * 100:.0f} %" if lang == "en" else format_share(share, lang)
    return ui_text(f"robustness_{finding.end}", lang, pillar=title, share=shown)
