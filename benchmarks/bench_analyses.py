"""What the analyses of issue 14 add to one report: the same report with and without them.

The sample follow-up assessment against its baseline (so every analysis runs: the plan, what
changed, robustness with 10,000 draws, equity, intervals, the three crosswalks and the coverage
map), PDF and HTML, in one process after a warm-up, best of ``--repeat``. Goal: the analyses add
at most 0.3 s.

    .venv/bin/python benchmarks/bench_analyses.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "examplia-2026-follow-up.json"
BASELINE = ROOT / "sample_data" / "examplia-2025-baseline.json"
GOAL = 0.3


def one_report(analyses: bool, out: Path) -> tuple[float, float]:
    """(seconds to build the model, seconds to build and write PDF and HTML)."""
    from assessment import __version__
    from assessment.cli.assess import rubric_for, score_file
    from assessment.render.output import write_reports
    from assessment.report import build_report
    from assessment.storage.assessments import load_assessment
    from assessment.storage.frameworks import bundled_mapping

    t0 = time.perf_counter()
    a, r, s = score_file(str(SAMPLE), None)
    base = load_assessment(BASELINE)
    report = build_report(
        r, a, scores=s, baseline=base, baseline_rubric=rubric_for(base, None),
        version=__version__, frameworks=bundled_mapping(r) if analyses else None,
        analyses=analyses,
    )  # fmt: skip
    t1 = time.perf_counter()
    write_reports(report, out, ("pdf", "html"))
    return t1 - t0, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        one_report(True, out)  # warm the caches and imports
        one_report(False, out)
        runs = {flag: [one_report(flag, out) for _ in range(args.repeat)] for flag in (False, True)}
    best = {flag: (min(m for m, _ in v), min(w for _, w in v)) for flag, v in runs.items()}
    print(f"{'report':<20}{'model s':>9}{'model+PDF+HTML s':>18}")
    for flag, name in ((False, "without analyses"), (True, "with analyses")):
        print(f"{name:<20}{best[flag][0]:>9.3f}{best[flag][1]:>18.3f}")
    added = best[True][1] - best[False][1]
    print(f"the analyses add {added:.3f} s ({added / GOAL:.2f} of the {GOAL} s goal); model alone +{best[True][0] - best[False][0]:.3f} s")  # fmt: skip


if __name__ == "__main__":
    main()
