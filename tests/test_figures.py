"""The report's charts on two cores: the same SVGs as one process, and no report held up by a
child that fails or hangs. Each case runs in a fresh interpreter, as the command line does (one
thread, so the fork is allowed)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from .conftest import ROOT

SAMPLE = ROOT / "sample_data" / "examplia-2025-baseline.json"


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_two_cores_draw_the_same_svgs_as_one():
    out = _run(
        f"""
        import hashlib, os
        import assessment as gdi
        from assessment.report import build_report
        from assessment.render import figures
        a = gdi.load_assessment({str(SAMPLE)!r})
        report = build_report(gdi.resolve_rubric(a.rubric.id), a)
        forks = []
        real_fork = os.fork
        def counting_fork():
            forks.append(1)
            return real_fork()
        os.fork = counting_fork
        one = figures.render_svgs(report)
        two = figures.render_svgs(report, parallel=True)
        digest = lambda d: hashlib.sha256(repr(sorted(d.items())).encode()).hexdigest()
        charts = 1 + len(report.pillars) + sum(1 for i in report.insights if i.chart)
        print(list(one) == list(two), digest(one) == digest(two), len(two) == charts, len(forks))
        """
    )
    # the radar, a gap chart per pillar and a chart per analysis, drawn once; one fork
    assert out == "True True True 1"


def test_a_failing_or_stuck_child_leaves_the_parent_to_draw():
    out = _run(
        """
        import os, time
        from assessment.render import figures
        parent = os.getpid()
        def job(name, stuck=False):
            def draw():
                if os.getpid() != parent:  # only in the forked child
                    if stuck:
                        time.sleep(30)
                    raise RuntimeError("broken in the child")
                return f"<svg>{name}</svg>"
            return name, draw
        figures.CHILD_SECONDS = 1.0
        failing = figures._draw_on_two_cores([job(f"c{i}") for i in range(6)])
        t0 = time.monotonic()
        stuck = figures._draw_on_two_cores([job(f"c{i}", stuck=True) for i in range(6)])
        waited = time.monotonic() - t0
        expected = {f"c{i}": f"<svg>c{i}</svg>" for i in range(6)}
        print(failing == expected, stuck == expected, waited < 10)
        """
    )
    assert out == "True True True"
