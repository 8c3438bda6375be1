"""The package as a user gets it: the wheel and the sdist, each installed into a fresh venv outside
the checkout, run the demo and a report from another folder.

Slow (a build and two installs from the package registry) and marked ``packaging``;
``make test`` runs it, ``make test-fast`` skips it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.packaging

BIN = "Scripts" if os.name == "nt" else "bin"


def _run(cmd: list[str], cwd: Path, **kw) -> subprocess.CompletedProcess[str]:
    # a user's shell: no PYTHONPATH into the checkout, no venv of ours
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["GDI_ASSESS_CACHE"] = "off"
    return subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, **kw
    )


@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> dict[str, Path]:
    """The sdist, and the wheel built from it (as ``python -m build`` does)."""
    out = tmp_path_factory.mktemp("dist")
    done = _run([sys.executable, "-m", "build", "--outdir", out, ROOT], cwd=out)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (wheel,) = out.glob("*.whl")
    (sdist,) = out.glob("*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


def _venv(where: Path, target: Path) -> Path:
    done = _run([sys.executable, "-m", "venv", where], cwd=where.parent)
    assert done.returncode == 0, done.stderr
    py = where / BIN / "python"
    done = _run([py, "-m", "pip", "install", "--quiet", target], cwd=where.parent)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return where / BIN


def test_wheel_carries_the_bundled_files(dists):
    names = zipfile.ZipFile(dists["wheel"]).namelist()
    rubrics = sorted(n for n in names if n.startswith("assessment/bundled/rubrics/"))
    # every file of rubrics/ (current and archived versions, crosswalks, reference lists), once
    expected = sorted(
        "assessment/bundled/" + p.relative_to(ROOT).as_posix()
        for p in (ROOT / "rubrics").rglob("*")
        if p.is_file()
    )
    assert rubrics == expected
    assert "assessment/bundled/rubrics/archive/gdi-digital-inclusion-2025-1.0.0.yaml" in rubrics
    samples = {
        n.rsplit("/", 1)[-1] for n in names if n.startswith("assessment/bundled/sample_data/")
    }
    assert {"examplia-2025-baseline.json", "examplia-workshop-2025.csv"} <= samples
    for needed in [
        "assessment/py.typed",
        "assessment/schemas/rubric.schema.json",
        "assessment/render/fonts/NotoSans-Regular.ttf",
        "assessment/render/templates/report.typ",
        "assessment/render/templates/report.html.j2",
        "assessment/jupyter/participant.ipynb",
        "assessment/jupyter/voila/templates/gdi/index.html.j2",
    ]:
        assert needed in names, needed
    assert not [n for n in names if "__pycache__" in n or n.startswith("tests/")]


@pytest.mark.parametrize("kind", ["wheel", "sdist"])
def test_installed_package_runs_the_demo_and_a_report(kind, dists, tmp_path):
    bin_dir = _venv(tmp_path / "venv", dists[kind])
    elsewhere = tmp_path / "somewhere-else"
    elsewhere.mkdir()
    where = _run(
        [
            bin_dir / "python",
            "-c",
            "import assessment, importlib.util; from assessment.storage.bundled import bundled_dir;"
            "print(assessment.__file__); print(bundled_dir('sample_data'));"
            "print(importlib.util.find_spec('jupyterlab') is None, importlib.util.find_spec('pytest') is None)",
        ],
        cwd=elsewhere,
    )
    assert where.returncode == 0, where.stderr
    module, samples, lean = where.stdout.splitlines()
    assert Path(module).is_relative_to(tmp_path / "venv"), module  # not the checkout
    assert Path(samples).is_relative_to(tmp_path / "venv"), samples
    assert lean == "True True"  # a user's install: no JupyterLab, no test tools

    demo = _run([bin_dir / "gdi-assess", "demo", "--out", "demo-reports"], cwd=elsewhere)
    assert demo.returncode == 0, demo.stdout[-2000:] + demo.stderr[-2000:]
    pdfs = sorted((elsewhere / "demo-reports").glob("*.pdf"))
    assert len(pdfs) == 5, pdfs  # four samples and the sample workshop
    assert all(p.read_bytes().startswith(b"%PDF-") for p in pdfs)
    assert "Sample workshop: 18 participants" in demo.stdout

    sample = Path(samples) / "port-examplia-city-2025.json"
    report = _run([bin_dir / "gdi-assess", "report", sample, "--out", "out"], cwd=elsewhere)
    assert report.returncode == 0, report.stderr
    (pdf,) = (elsewhere / "out").glob("*.pdf")
    assert (
        pdf.read_bytes().startswith(b"%PDF-")
        and (elsewhere / "out" / (pdf.stem + ".html")).exists()
    )

    resolved = _run(
        [
            bin_dir / "python",
            "-c",
            "import assessment as gdi; r = gdi.resolve_rubric('gdi-digital-inclusion-2025'); print(len(r.refs))",
        ],
        cwd=elsewhere,
    )
    assert resolved.returncode == 0 and int(resolved.stdout) > 60, resolved.stderr

    # the participants' page needs the jupyter extra: a plain message, not a traceback
    ws = elsewhere / "ws.sqlite"
    made = _run(
        [bin_dir / "gdi-assess", "workshop", "new", ws, "--rubric", "gdi-digital-inclusion-2025",
         "--title", "T", "--entity", "Examplia", "--kind", "country"],
        cwd=elsewhere,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    serve = _run([bin_dir / "gdi-assess", "workshop", "serve", ws], cwd=elsewhere, timeout=60)
    assert serve.returncode == 1
    assert 'pip install "gdi-assessment[jupyter]"' in serve.stderr
    assert "Traceback" not in serve.stderr
