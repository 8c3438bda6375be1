"""Roll-ups at national scale (issue 15): DuckDB against plain pandas.

Generates a fictional campaign of N units (``UNIT-0000001`` ...), each answering every criterion
of the 2025 rubric (levels drawn with a fixed seed; about 3 % not applicable, 3 % don't know and
5 % left blank), as one long Parquet table, and a hierarchy: the nation, 20 provinces, a district
per 50 units, the units. Each roll-up (hierarchy file read, answers checked, every unit scored,
three levels of areas aggregated) runs in a fresh process; the figure is its wall time and its
peak memory (the process's maximum resident set). Goal: 100,000 units in at most 10 s and 4 GB.

    .venv/bin/python benchmarks/bench_rollup.py [--sizes 1000,10000,100000,1000000]
        [--pandas-up-to 100000] [--keep DIR]

pandas runs only up to ``--pandas-up-to`` units (beyond, it needs more memory than the machine
is worth risking); its rows print "-" above that.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS, GOAL_GB, GOAL_UNITS = 10.0, 4.0, 100_000
RUBRIC = "gdi-digital-inclusion-2025"

_CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from assessment.storage.rollup import load_hierarchy, table_rollup
from assessment.storage.rubrics import resolve_rubric
answers, hierarchy, engine = sys.argv[1:4]
rubric = resolve_rubric(sys.argv[4])
h = load_hierarchy(hierarchy)
r = table_rollup(answers, h, rubric, kind="country", min_units=3, rank=False, engine=engine)
seconds = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
top = r.areas[r.areas["parent"] == ""].iloc[0]
print(json.dumps({"seconds": seconds, "peak": peak, "areas": len(r.areas), "units": len(r.units),
                  "national_median": float(top["overall_median"])}))
"""


def make_campaign(folder: Path, n: int, seed: int = 15) -> tuple[Path, Path]:
    """The fictional campaign's answer table (Parquet) and hierarchy (CSV) for ``n`` units."""
    import duckdb

    from assessment.scoring import criteria_frame
    from assessment.storage.rubrics import resolve_rubric

    crit = criteria_frame(resolve_rubric(RUBRIC), "country").reset_index()[["criterion"]]
    crit["k"] = range(len(crit))
    answers, hierarchy = folder / f"answers-{n}.parquet", folder / f"hierarchy-{n}.csv"
    con = duckdb.connect()
    con.execute(f"SELECT setseed({seed / 100})").fetchall()
    con.register("crit", crit)
    districts = max(1, n // 50)
    con.execute(
        f"""COPY (
          SELECT 'UNIT-' || lpad(CAST(u AS VARCHAR), 7, '0') AS entity_id, criterion,
            CASE WHEN r < 0.03 THEN 'na' WHEN r < 0.06 THEN 'dk'
                 ELSE CAST(least(4, greatest(0, base + CAST(floor(r2 * 3) AS INTEGER) - 1)) AS VARCHAR)
            END AS level
          FROM (SELECT t.u, t.base, c.criterion, c.k, random() AS r, random() AS r2
                FROM (SELECT range AS u, CAST(range * 7919 % 5 AS INTEGER) AS base FROM range({n})) t
                CROSS JOIN crit c)
          WHERE hash(u, k) % 100 >= 5
        ) TO '{answers}' (FORMAT parquet, COMPRESSION zstd)"""
    )
    con.execute(
        f"""COPY (
          SELECT 'EX' AS id, 'Examplia (fictional)' AS name, '' AS parent, 'national' AS level
          UNION ALL
          SELECT 'PROV-' || lpad(CAST(p AS VARCHAR), 2, '0'), 'Province ' || p, 'EX', 'province'
            FROM range(20) t(p)
          UNION ALL
          SELECT 'DIST-' || lpad(CAST(d AS VARCHAR), 6, '0'), 'District ' || d,
                 'PROV-' || lpad(CAST(d % 20 AS VARCHAR), 2, '0'), 'district'
            FROM range({districts}) t(d)
          UNION ALL
          SELECT 'UNIT-' || lpad(CAST(u AS VARCHAR), 7, '0'), 'Unit ' || u,
                 'DIST-' || lpad(CAST(u % {districts} AS VARCHAR), 6, '0'), 'municipality'
            FROM range({n}) t(u)
        ) TO '{hierarchy}' (HEADER, DELIMITER ',')"""
    )
    con.close()
    return answers, hierarchy


def run(answers: Path, hierarchy: Path, engine: str) -> dict[str, float] | None:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(answers), str(hierarchy), engine, RUBRIC],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    if done.returncode != 0:
        print(f"  {engine} failed: {done.stderr.strip().splitlines()[-1:]}")
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000,1000000")
    ap.add_argument("--pandas-up-to", type=int, default=100_000)
    ap.add_argument("--keep", help="keep the generated files in this folder")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"{'units':>9} {'answers':>11} {'make s':>7} | {'duckdb s':>8} {'GB':>5} | {'pandas s':>8} {'GB':>5}")  # fmt: skip
        results = {}
        for n in sizes:
            t0 = time.perf_counter()
            answers, hierarchy = make_campaign(folder, n)
            made = time.perf_counter() - t0
            import duckdb

            rows = duckdb.sql(f"SELECT count(*) FROM '{answers}'").fetchall()[0][0]
            d = run(answers, hierarchy, "duckdb")
            p = run(answers, hierarchy, "pandas") if n <= args.pandas_up_to else None
            results[n] = (d, p)

            def cell(r: dict[str, float] | None) -> str:
                return f"{r['seconds']:8.2f} {r['peak'] / 1e9:5.2f}" if r else f"{'-':>8} {'-':>5}"

            print(f"{n:>9,} {rows:>11,} {made:7.1f} | {cell(d)} | {cell(p)}", flush=True)
            if d and p and abs(d["national_median"] - p["national_median"]) > 1e-9:
                print("  engines disagree on the national median!", d, p)
        goal = results.get(GOAL_UNITS, (None, None))[0]
        if goal:
            print(
                f"\n{GOAL_UNITS:,} units with DuckDB: {goal['seconds']:.2f} s "
                f"({goal['seconds'] / GOAL_SECONDS:.2f} of the {GOAL_SECONDS:.0f} s goal), "
                f"{goal['peak'] / 1e9:.2f} GB ({goal['peak'] / 1e9 / GOAL_GB:.2f} of the "
                f"{GOAL_GB:.0f} GB goal)"
            )
            pd_goal = results[GOAL_UNITS][1]
            if pd_goal:
                print(
                    f"plain pandas on the same: {pd_goal['seconds']:.2f} s, "
                    f"{pd_goal['peak'] / 1e9:.2f} GB ({pd_goal['seconds'] / goal['seconds']:.1f}x "
                    f"the time, {pd_goal['peak'] / goal['peak']:.1f}x the memory)"
                )


if __name__ == "__main__":
    main()
