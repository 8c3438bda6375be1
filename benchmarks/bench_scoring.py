"""Scoring speed: 10,000 respondents x every criterion of the 2025 rubric.

Prints the time of the whole scoring (aggregation of respondents with median, IQR, range,
disagreement, not-applicable rules, then commitment, pillar and overall roll-up) beside a bare
pandas groupby-median on the same frame, and their ratio. Goals (issue 2): at most 1 s, and at
most 3x the bare groupby.

    .venv/bin/python benchmarks/bench_scoring.py [--respondents N] [--repeat R]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from _timing import best_of

from assessment import load_rubric, score

ROOT = Path(__file__).resolve().parents[1]


def make_frame(criteria: list[str], n_respondents: int, seed: int = 7) -> pd.DataFrame:
    """A realistic long frame: ~5 % don't know, ~2 % not applicable, the rest levels 0-4."""
    rng = np.random.default_rng(seed)
    n = len(criteria) * n_respondents
    crit = np.repeat(np.array(criteria, dtype=object), n_respondents)
    resp = np.tile(
        np.array([f"p{i:05d}" for i in range(n_respondents)], dtype=object), len(criteria)
    )
    kind = rng.random(n)
    status = np.where(kind < 0.05, "dont-know", np.where(kind < 0.07, "not-applicable", "scored"))
    level = np.where(status == "scored", rng.integers(0, 5, n).astype(float), np.nan)
    target = np.where(rng.random(n) < 0.5, rng.integers(2, 5, n).astype(float), np.nan)
    groups = np.array(
        ["government", "business", "civil society", "academia", "technical"], dtype=object
    )
    return pd.DataFrame(
        {
            "criterion": crit,
            "respondent": resp,
            "group": groups[rng.integers(0, len(groups), n)],
            "status": status,
            "level": level,
            "target": target,
            "reason": np.where(status == "not-applicable", "not relevant here", None),
            "confidence": None,
        }
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--respondents", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    rubric = load_rubric(ROOT / "rubrics" / "gdi-digital-inclusion-2025.yaml")
    criteria = [k.id for k in rubric.criteria("country")]
    frame = make_frame(criteria, args.respondents)
    print(
        f"frame: {len(frame):,} responses = {args.respondents:,} respondents x {len(criteria)} criteria"
    )

    def ours() -> None:
        score(rubric, frame, kind="country")

    def bare() -> None:
        frame.groupby("criterion")["level"].median()

    ours()
    bare()  # warm up
    t_ours, m_ours = best_of(ours, args.repeat)
    t_bare, m_bare = best_of(bare, args.repeat)
    print(
        f"toolkit score():            best {t_ours * 1000:7.1f} ms   median {m_ours * 1000:7.1f} ms   (goal <= 1000 ms)"
    )
    print(
        f"bare groupby-median:        best {t_bare * 1000:7.1f} ms   median {m_bare * 1000:7.1f} ms"
    )
    print(
        f"ratio toolkit / bare:       {t_ours / t_bare:.2f}x (best)   {m_ours / m_bare:.2f}x (median)   (goal <= 3x)"
    )


if __name__ == "__main__":
    main()
