"""The gdi-assess command line: exit codes, plain messages, no tracebacks for user mistakes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from assessment import load_assessment
from assessment.cli import main

from .conftest import DATA, ROOT

SMALL = str(DATA / "rubric-valid-small.yaml")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assessment", *args], capture_output=True, text=True, timeout=120
    )


def test_help_and_usage_errors():
    ok = run("--help")
    assert ok.returncode == 0 and "validate" in ok.stdout and "coverage" in ok.stdout
    bad = run("score")  # missing argument
    assert bad.returncode == 2 and "usage:" in bad.stderr
    bad = run("frobnicate")
    assert bad.returncode == 2


def test_user_error_is_one_clear_message_without_traceback(tmp_path):
    res = run("score", str(tmp_path / "missing.json"))
    assert res.returncode == 1
    assert "no such file" in res.stderr
    assert "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    dbg = run("--debug", "score", str(tmp_path / "missing.json"))
    assert dbg.returncode != 0 and "Traceback" in dbg.stderr


def test_validate_reports_every_problem(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        (DATA / "rubric-valid-small.yaml")
        .read_text()
        .replace("weight: 2", "weight: 0\n            colour: red")
    )
    assert main(["validate", SMALL]) == 0
    assert "ok" in capsys.readouterr().out
    assert main(["validate", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:39: pillars[0].commitments[0].criteria[1].weight:" in err
    assert f"{bad}:40: pillars[0].commitments[0].criteria[1].colour:" in err


def test_coverage_lists_commitments_and_fails_on_uncovered(tmp_path, capsys):
    assert main(["coverage", SMALL]) == 0
    out = capsys.readouterr().out
    assert "A.1" in out and "A.1-x, A.1-y" in out and "0 bare" in out
    bare = tmp_path / "bare.yaml"
    bare.write_text(
        (DATA / "rubric-valid-small.yaml").read_text().replace("covers: [b]", "covers: [a]")
    )
    assert main(["coverage", str(bare)]) == 1
    assert "assessed by no criterion" in capsys.readouterr().err


def test_new_score_and_formats(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(
        "assessment.cli.assess.bundled_rubrics",
        lambda: {"test-small": DATA / "rubric-valid-small.yaml"},
    )
    out = tmp_path / "city.json"
    assert (
        main(
            [
                "new",
                "--rubric",
                SMALL,
                "--entity",
                "Sample City",
                "--kind",
                "organisation",
                "--country",
                "xt",
                "--date",
                "2025-03-01",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    a = load_assessment(out)
    assert (
        a.entity.kind == "organisation" and a.entity.country == "XT" and a.rubric.id == "test-small"
    )
    assert (
        main(["new", "--rubric", SMALL, "--entity", "X", "--kind", "country", "-o", str(out)]) == 1
    )
    assert "already exists" in capsys.readouterr().err
    capsys.readouterr()
    assert main(["score", str(out)]) == 0
    table = capsys.readouterr().out
    assert "Sample City" in table and "Overall" in table
    assert main(["score", str(out), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["pillars"]) == {"A", "B"} and data["overall"]["score"] is None
    assert main(["score", str(out), "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("pillar,short_title,")


@pytest.mark.parametrize(
    "args",
    [
        [
            "new",
            "--rubric",
            SMALL,
            "--entity",
            "X",
            "--kind",
            "country",
            "--country",
            "Examplia",
            "-o",
            "x.json",
        ],
        [
            "new",
            "--rubric",
            SMALL,
            "--entity",
            "X",
            "--kind",
            "country",
            "--date",
            "30/06/2025",
            "-o",
            "x.json",
        ],
        ["coverage", "no-such-rubric"],
    ],
)
def test_bad_values_exit_1(args, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(args) == 1
    assert not (tmp_path / "x.json").exists()


def test_report_writes_pdf_and_html(tmp_path, capsys):
    sample = ROOT / "sample_data" / "examplia-2025-baseline.json"
    assert main(["report", str(sample), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    pdf = (
        tmp_path / "out" / "republic-of-examplia-gdi-digital-inclusion-2025-baseline-2025-06-30.pdf"
    )
    assert f"wrote {pdf}" in out and f"wrote {pdf.with_suffix('.html')}" in out
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert main(["report", str(sample), "--out", str(tmp_path / "h"), "--format", "html"]) == 0
    assert [p.suffix for p in (tmp_path / "h").iterdir()] == [".html"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--format", "docx"], "error: unknown report format docx: choose from pdf, html"),
        (["--baseline", "missing.json"], "missing.json"),
    ],
)
def test_report_user_errors(extra, message, tmp_path, capsys):
    sample = ROOT / "sample_data" / "examplia-2025-baseline.json"
    assert main(["report", str(sample), "--out", str(tmp_path), *extra]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_report_baseline_must_use_the_same_rubric(tmp_path, capsys):
    a = ROOT / "sample_data" / "examplia-2025-baseline.json"
    b = ROOT / "sample_data" / "examplia-cooperation-2024.json"
    assert main(["report", str(a), "--baseline", str(b), "--out", str(tmp_path)]) == 1
    assert "compare assessments made with the same rubric" in capsys.readouterr().err
