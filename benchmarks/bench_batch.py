"""Batch reports (issue 15): ``gdi-assess report FOLDER --out DIR`` against fresh runs.

Makes ``--n`` fictional assessments (the sample follow-up, as units ``UNIT-001``… with their
levels shifted by a seeded draw), writes their reports (PDF and HTML) in one batch run, and times
``--fresh`` separate ``gdi-assess report`` runs of single files (a new process each, as a shell
loop would); the fresh time for ``--n`` reports is that mean times ``--n`` (all of them with
``--fresh`` equal to ``--n``). Goal: the batch at least 4 times faster.

    .venv/bin/python benchmarks/bench_batch.py [--n 200] [--fresh 10] [--jobs N]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "examplia-2026-follow-up.json"
GOAL = 4.0


def make_units(folder: Path, n: int, seed: int = 15) -> list[Path]:
    """``n`` fictional units: the sample follow-up with shifted levels and its own code and name."""
    rng = random.Random(seed)
    base = json.loads(SAMPLE.read_text(encoding="utf-8"))
    out = []
    for i in range(1, n + 1):
        a = json.loads(json.dumps(base))
        a["entity"]["name"] = f"Fictional unit {i:03d}"
        a["entity"]["id"] = f"UNIT-{i:03d}"
        a.pop("indicators", None)
        for r in a["responses"]:
            if r.get("status") == "scored":
                r["level"] = max(0, min(4, r["level"] + rng.choice((-1, 0, 0, 1))))
        path = folder / f"unit-{i:03d}.json"
        path.write_text(json.dumps(a, ensure_ascii=False), encoding="utf-8")
        out.append(path)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--fresh", type=int, default=10)
    ap.add_argument("--jobs", type=int, default=None)
    args = ap.parse_args()
    exe = [sys.executable, "-m", "assessment"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "units"
        folder.mkdir()
        files = make_units(folder, args.n)
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        t0 = time.perf_counter()
        done = subprocess.run([*exe, "report", str(folder), "--out", str(Path(tmp) / "batch"), *jobs], capture_output=True, text=True)  # fmt: skip
        batch = time.perf_counter() - t0
        if done.returncode != 0:
            sys.exit(f"the batch failed:\n{done.stderr[-2000:]}")
        written = len(list((Path(tmp) / "batch").glob("*.pdf")))
        times = []
        for f in files[: args.fresh]:
            t0 = time.perf_counter()
            subprocess.run([*exe, "report", str(f), "--out", str(Path(tmp) / "fresh")], check=True, capture_output=True)  # fmt: skip
            times.append(time.perf_counter() - t0)
    mean = sum(times) / len(times)
    fresh = mean * args.n
    print(f"{args.n} reports (PDF + HTML), this machine")
    print(f"  batch, one command:        {batch:7.1f} s  ({batch / args.n:.3f} s a report; {written} PDFs)")  # fmt: skip
    print(f"  fresh runs (mean of {len(times)}):   {fresh:7.1f} s  ({mean:.3f} s a report)")
    print(f"  speed-up: {fresh / batch:.1f}x  (goal at least {GOAL:.0f}x: ratio to goal {fresh / batch / GOAL:.2f})")  # fmt: skip


if __name__ == "__main__":
    main()
