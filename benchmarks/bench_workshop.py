"""Workshop speed (issue 5): aggregating 1,000 participants, and the Voila page's time to interactive.

1. A real SQLite workshop file with 1,000 participants x every criterion of the 2025 rubric
   (64,000 answers, five stakeholder groups). Timed: reading every answer back from SQLite, the
   aggregate scores, the disagreement table and the group comparison: what the facilitator's
   notebook recomputes on refresh. Goal: under 0.5 s.
2. Time to interactive of the participants' page (``gdi-assess workshop serve``: from navigation to
   the "Start scoring" button) beside an empty notebook in the same Voila and template, both in
   headless Chromium. Goal: at most 1.5x.

    .venv/bin/python benchmarks/bench_workshop.py [--participants 1000] [--repeat 5] [--no-voila]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np

from assessment.responses import Response
from assessment.storage.rubrics import resolve_rubric
from assessment.storage.workshops import STAKEHOLDER_GROUPS, WorkshopStore
from assessment.workshop import disagreement, group_comparison, workshop_scores

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "assessment"


def build(path: Path, n: int) -> tuple[WorkshopStore, object]:
    rubric = resolve_rubric("gdi-digital-inclusion-2025")
    store = WorkshopStore.create(
        path, rubric, title="Benchmark (fictional)", entity="Examplia", kind="country", country="XE"
    )
    rng = np.random.default_rng(11)
    criteria = [r.criterion.id for r in rubric.refs if "country" in r.criterion.applies_to]
    for i in range(n):
        pid = f"p{i:04d}"
        store.join(name=None, group=STAKEHOLDER_GROUPS[i % 5], participant_id=pid)
        levels = rng.integers(0, 5, len(criteria))
        store.put_many(
            pid,
            [
                Response(criterion=c, respondent=pid, status="scored", level=int(v))
                for c, v in zip(criteria, levels, strict=True)
            ],
            round=1,
        )
    return store, rubric


def time_aggregate(store: WorkshopStore, rubric, repeat: int) -> tuple[float, dict[str, float]]:
    best, parts = float("inf"), {}
    for _ in range(repeat):
        t0 = time.perf_counter()
        frame = store.frame(round=1)
        t1 = time.perf_counter()
        workshop_scores(rubric, frame, kind="country")
        t2 = time.perf_counter()
        disagreement(rubric, frame)
        t3 = time.perf_counter()
        group_comparison(rubric, frame, kind="country")
        t4 = time.perf_counter()
        if t4 - t0 < best:
            best = t4 - t0
            parts = {
                "read from SQLite": t1 - t0,
                "scores": t2 - t1,
                "disagreement": t3 - t2,
                "group comparison": t4 - t3,
            }
    return best, parts


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(cmd: list[str], env: dict[str, str], port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).close()
            return proc
        except urllib.error.HTTPError:
            return proc
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGKILL)
    raise SystemExit("Voila did not start")


def time_to_interactive(url: str, selector: str, repeat: int) -> float:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("GDI_CHROMIUM", "/usr/bin/chromium"),
            args=[
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
            ],
        )
        for _ in range(repeat + 1):  # the first load warms the server's caches; not counted
            context = browser.new_context()
            page = context.new_page()
            t0 = time.perf_counter()
            page.goto(url)
            page.locator(selector).first.wait_for(state="visible", timeout=120_000)
            times.append(time.perf_counter() - t0)
            context.close()
        browser.close()
    return statistics.median(times[1:])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-voila", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="gdi-bench-ws-"))
    store, rubric = build(tmp / "bench.sqlite", args.participants)
    best, parts = time_aggregate(store, rubric, args.repeat)
    print(
        f"aggregate {args.participants} participants x 64 criteria ({store.count():,} answers), best of {args.repeat}:"
    )
    print(
        f"  {best:.3f} s  ({best / 0.5:.2f}x the 0.5 s goal)  "
        + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in parts.items())
    )
    if args.no_voila:
        return 0

    small = WorkshopStore.create(
        tmp / "tti.sqlite", rubric, title="Benchmark (fictional)", entity="Examplia", kind="country"
    )
    env = {**os.environ, "GDI_WORKSHOP": str(small.path), "JUPYTER_PATH": str(PACKAGE / "jupyter")}
    p1, p2 = free_port(), free_port()
    common = [  # the same server settings as `gdi-assess workshop serve`
        "--no-browser", "--Voila.ip=127.0.0.1", "--template=gdi", "--VoilaConfiguration.extension_denylist=['jupyterlab-jupytext']",
        "--preheat_kernel=True", "--VoilaKernelManager.kernel_pools_config={'default': {'pool_size': 2}}",
    ]  # fmt: skip
    app = serve(
        [
            sys.executable,
            "-m",
            "assessment.cli",
            "workshop",
            "serve",
            str(small.path),
            "--port",
            str(p1),
        ],
        env,
        p1,
    )
    empty = serve(
        [
            sys.executable,
            "-m",
            "voila",
            str(ROOT / "benchmarks" / "voila_empty.ipynb"),
            f"--port={p2}",
            *common,
        ],
        env,
        p2,
    )
    try:
        t_app = time_to_interactive(
            f"http://127.0.0.1:{p1}/", "button:has-text('Start scoring')", args.repeat
        )
        t_empty = time_to_interactive(f"http://127.0.0.1:{p2}/", "#rendered_cells", args.repeat)
    finally:
        for proc in (app, empty):
            os.killpg(proc.pid, signal.SIGTERM)
    print(f"Voila time to interactive, median of {args.repeat} page loads in headless Chromium:")
    print(f"  empty notebook            {t_empty:.2f} s")
    print(
        f"  participants' app         {t_app:.2f} s   {t_app / t_empty:.2f}x the empty page (goal <= 1.5x)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
