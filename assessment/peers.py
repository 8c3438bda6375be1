"""Peers, by choice: a unit's pillar scores beside the other units of its campaign.

The rules (also in the README's "Method" section):

* The peers are the other units of a campaign (never the unit itself): from a folder of
  assessments, or from a peer file another campaign exported (``gdi-assess rollup
  --peer-file``), which carries each unit's pillar scores under a code (``peer-0001`` ...) and no
  name, unless its owner chose to name them (``--peer-names``).
* Per pillar: the peers' median and how many peers have a score; the unit's **percentile** is
  the share of those peers scoring below it, counting a peer with the same score as half
  (``100 x (below + equal / 2) / peers``): 50 is the middle, whatever the number of peers.
* With fewer than 3 peers with a score a pillar shows no peer figures (small numbers).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from assessment.insights import DotChartSpec, Insight, InsightTable, Text, _level, level_ticks
from assessment.rollup import MIN_UNITS, Rollup
from assessment.scoring import Scores
from assessment.text import format_number

__all__ = ["PEER_COLUMNS", "PeerScores", "compare_with_peers", "peer_file_table", "peers_insight"]

#: The peer file's first columns; one column per pillar id follows, then ``overall``.
PEER_COLUMNS = ("rubric_id", "rubric_version", "peer", "name")


@dataclass(frozen=True)
class PeerScores:
    """Peers' pillar scores: ``table`` is indexed by peer code, a column per pillar id (NaN: no
    score); ``ids`` the units' own ids where known (to leave the unit itself out)."""

    table: pd.DataFrame
    source: str
    ids: tuple[str, ...] = ()


def peer_file_table(rollup: Rollup, rubric_id: str, version: str, *, names: bool = False, salt: str = "") -> pd.DataFrame:  # fmt: skip
    """The anonymised peer file of a roll-up: a row per unit with its pillar and overall scores
    under a code, in an order that does not follow the units' ids (a hash of id and ``salt``);
    the units' names only when ``names``."""
    units = rollup.units
    order = sorted(units.index, key=lambda u: hashlib.sha256(f"{salt}|{u}".encode()).hexdigest())
    width = max(4, len(str(len(order))))
    out = pd.DataFrame(
        {
            "rubric_id": rubric_id,
            "rubric_version": version,
            "peer": [f"peer-{i:0{width}d}" for i in range(1, len(order) + 1)],
            "name": [str(units.at[u, "name"]) for u in order] if names else "",
        }
    )
    for pid in rollup.pillar_ids:
        out[pid] = units.loc[order, pid].to_numpy(dtype=float).round(4)
    out["overall"] = units.loc[order, "overall"].to_numpy(dtype=float).round(4)
    return out


def compare_with_peers(scores: Scores, peers: PeerScores, *, own_id: str | None = None, min_peers: int = MIN_UNITS) -> pd.DataFrame:  # fmt: skip
    """Per pillar (rubric order): ``own`` score, ``peer_median``, ``n_peers`` and ``percentile``
    (see the module's rules); no peer figures where fewer than ``min_peers`` peers have a score."""
    table = peers.table
    if own_id is not None and own_id in peers.ids:
        table = table[[i != own_id for i in peers.ids]]
    rows = []
    for pid, own in scores.pillars["score"].items():
        vals = table[pid].dropna().to_numpy(dtype=float) if pid in table else np.array([])
        n = len(vals)
        ok = n >= min_peers
        median = float(np.median(vals)) if ok else np.nan
        if ok and not pd.isna(own):
            pct = 100 * (float((vals < own).sum()) + 0.5 * float((vals == own).sum())) / n
        else:
            pct = np.nan
        rows.append((pid, float(own), median, n, pct))
    return pd.DataFrame(rows, columns=["pillar", "own", "peer_median", "n_peers", "percentile"]).set_index("pillar")  # fmt: skip


def peers_insight(t: Text, lang: str, comparison: pd.DataFrame, titles: Sequence[str], source: str) -> Insight:  # fmt: skip
    """The report's section "Beside your peers": percentile per pillar, the peers' median."""
    own = comparison["own"].to_numpy(dtype=float)
    med = comparison["peer_median"].to_numpy(dtype=float)
    n_peers = comparison["n_peers"].to_numpy(dtype=int)
    pct = comparison["percentile"].to_numpy(dtype=float)
    paragraphs = [t("peers_intro", source=source, n=int(n_peers.max(initial=0)))]
    has = ~np.isnan(pct)
    if has.any():
        best = int(np.nanargmax(pct))
        worst = int(np.nanargmin(pct))
        paragraphs.append(
            t(
                "peers_summary",
                best=titles[best],
                best_pct=format_number(round(float(pct[best])), lang, 0),
                worst=titles[worst],
                worst_pct=format_number(round(float(pct[worst])), lang, 0),
            )  # fmt: skip
        )
    else:
        paragraphs.append(t("peers_too_few", min=MIN_UNITS))
    rows = tuple(
        (
            title,
            _level(float(own[i]), lang),
            _level(float(med[i]), lang),
            format_number(int(n_peers[i]), lang, 0),
            "–" if np.isnan(pct[i]) else format_number(round(float(pct[i])), lang, 0),
        )
        for i, title in enumerate(titles)
    )
    ticks, tick_labels = level_ticks(t)
    series = {
        t("peers_series_own"): tuple(None if pd.isna(v) else float(v) for v in comparison["own"]),
        t("peers_series_median"): tuple(
            None if pd.isna(v) else float(v) for v in comparison["peer_median"]
        ),  # fmt: skip
    }
    alt = t("peers_alt", values="; ".join(f"{title} {row[1]} / {row[2]}" for title, row in zip(titles, rows, strict=True)))  # fmt: skip
    return Insight(
        key="peers",
        title=t("peers_title"),
        paragraphs=tuple(paragraphs),
        chart=DotChartSpec(tuple(titles), series, ticks, tick_labels, alt),
        chart_caption=t("peers_caption"),
        tables=(
            InsightTable(
                t("peers_table"),
                (
                    t("peers_col_pillar"),
                    t("peers_col_own"),
                    t("peers_col_median"),
                    t("peers_col_n"),
                    t("peers_col_percentile"),
                ),  # fmt: skip
                rows,
                numeric=(1, 2, 3, 4),
            ),
        ),
    )
