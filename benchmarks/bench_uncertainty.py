"""Interval speed (issue 14): how sure each score is, for the bundled samples and a 20-person panel.

Times :func:`assessment.uncertainty.compute_intervals` (2,000 bootstrap draws, 90 %) on every
bundled sample assessment (one respondent each: the confidence rule), the fictional sample
workshop (18 participants: the bootstrap) and 20 respondents x the 66 criteria of the 2025 rubric
(the bootstrap; with ~5 % don't know and ~2 % not applicable). Goal: well under 0.1 s each; the
ratio to 0.1 s is printed.

    .venv/bin/python benchmarks/bench_uncertainty.py [--respondents 20] [--repeat 7]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from _timing import best_of
from bench_scoring import make_frame

from assessment import load_assessment, resolve_rubric, score, score_assessment
from assessment.storage.rubrics import rubric_version
from assessment.storage.workshops import WorkshopStore, demo_workshop, load_consolidated
from assessment.uncertainty import compute_intervals

ROOT = Path(__file__).resolve().parents[1]
GOAL = 0.1  # seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--respondents", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()

    cases = []
    for path in sorted((ROOT / "sample_data").glob("*.json")):
        a = load_assessment(path)
        cases.append(
            (path.name, score_assessment(rubric_version(a.rubric.id, a.rubric.version), a), a)
        )
    with (
        tempfile.TemporaryDirectory() as tmp,
        WorkshopStore(demo_workshop(Path(tmp) / "workshop.sqlite")) as store,
    ):
        w = load_consolidated(store)
    cases.append(
        ("sample workshop", score_assessment(rubric_version(w.rubric.id, w.rubric.version), w), w)
    )
    rubric = resolve_rubric("gdi-digital-inclusion-2025")
    criteria = [k.id for k in rubric.criteria("country")]
    panel = make_frame(criteria, args.respondents)
    name = f"{args.respondents} respondents x {len(criteria)} criteria"
    cases.append((name, score(rubric, panel, kind="country"), panel))

    print(f"compute_intervals, 2,000 draws, best and median of {args.repeat} (goal < 100 ms)")
    for label, scores, responses in cases:
        iv = compute_intervals(scores, responses)  # warm up
        best, median = best_of(lambda s=scores, r=responses: compute_intervals(s, r), args.repeat)
        print(
            f"  {label:<36} {iv.respondents:>3} resp.  {iv.overall['method']:<10}"
            f" best {best * 1000:6.1f} ms  median {median * 1000:6.1f} ms"
            f"  ratio to 0.1 s {best / GOAL:.2f}x"
        )


if __name__ == "__main__":
    main()
