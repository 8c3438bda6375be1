"""Robustness speed: 10,000 plausible weightings of the 66-criterion sample assessment.

Prints the time of ``robustness(scores, draws=N)`` on the 2026 follow-up sample of Examplia
(rubric gdi-digital-inclusion-2025): Dirichlet draws of every pillar's criterion weights and of
the pillar weights, pillar and overall scores per draw, ranks, shares and percentiles. The
scoring itself is done once, before the clock starts. Goal (issue 14): under 0.2 s.

    .venv/bin/python benchmarks/bench_robustness.py [--draws N] [--repeat R]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from _timing import best_of

from assessment import load_assessment, score_assessment
from assessment.robustness import robustness
from assessment.storage.rubrics import rubric_version

ROOT = Path(__file__).resolve().parents[1]
GOAL = 0.2  # seconds, for 10,000 draws


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draws", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    assessment = load_assessment(ROOT / "sample_data" / "examplia-2026-follow-up.json")
    # the rubric version the sample was made with (an earlier one is kept in rubrics/archive)
    rubric = rubric_version(assessment.rubric.id, assessment.rubric.version)
    scores = score_assessment(rubric, assessment)
    scored = int(scores.criteria["score"].notna().sum())
    print(
        f"sample: {len(scores.criteria)} criteria ({scored} scored) in {len(scores.pillars)} pillars, "
        f"{args.draws:,} draws"
    )

    def run() -> None:
        robustness(scores, draws=args.draws, seed=0)

    run()  # warm up
    best, median = best_of(run, args.repeat)
    goal = GOAL * args.draws / 10_000
    print(
        f"robustness():  best {best * 1000:7.1f} ms   median {median * 1000:7.1f} ms   "
        f"(goal < {goal * 1000:.0f} ms)"
    )
    print(f"ratio to goal: {best / goal:.2f} (best)   {median / goal:.2f} (median)   (goal < 1)")


if __name__ == "__main__":
    main()
