"""``gdi-assess export``: the results workbook (issue 15), read back with openpyxl."""

from __future__ import annotations

import json
import subprocess
import sys

from openpyxl import load_workbook

from .conftest import ROOT

SAMPLE = ROOT / "sample_data" / "examplia-2026-follow-up.json"


def _run(*args):
    return subprocess.run([sys.executable, "-m", "assessment", *map(str, args)], capture_output=True, text=True)  # fmt: skip


def test_workbook_sheets_numbers_and_frozen_headers(tmp_path):
    out = tmp_path / "results.xlsx"
    done = _run("export", SAMPLE, "-o", out)
    assert done.returncode == 0, done.stderr
    wb = load_workbook(out)
    assert wb.sheetnames == ["Pillars", "Criteria", "Action plan", "Answers"]
    for ws in wb:
        assert ws.freeze_panes == "B2" and ws[1][0].font.b
    pillars = wb["Pillars"]
    header = [c.value for c in pillars[1]]
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    score = pillars[2][header.index("Score (0–4)")]
    assert isinstance(score.value, float) and score.number_format == "0.00"
    assert pillars[2][header.index("Completeness")].number_format == "0%"
    crit = wb["Criteria"]
    names = [c.value for c in crit[1]]
    assert names[:7] == ["Criterion", "Title", "Pillar", "Status", "Level", "Target", "Gap"]
    assert crit.max_row - 1 == 66  # every criterion of the 2025 rubric
    answers = wb["Answers"]
    assert answers.max_row - 1 == len(data["responses"])


def test_formula_text_is_neutralised_and_confidential_left_out(tmp_path):
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    first = next(r for r in data["responses"] if r["status"] == "scored")
    first["evidence"] = '=HYPERLINK("http://evil.example","click")'
    second = [r for r in data["responses"] if r["status"] == "scored"][1]
    second["evidence"] = "secret budget line"
    second["confidential"] = True
    src = tmp_path / "a.json"
    src.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "r.xlsx"
    done = _run("export", src, "-o", out)
    assert done.returncode == 0, done.stderr
    assert "left out: the confidential evidence of 1 answer" in done.stdout
    wb = load_workbook(out)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert all(c.data_type != "f" for c in cells)
    # kept as typed, in a text cell with Excel's quote prefix (no apostrophe to be seen)
    hyper = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")]
    assert hyper and all(c.data_type == "s" and c.quotePrefix for c in hyper)
    assert not any(t.startswith("'=") for t in texts)
    assert not any("secret budget line" in t for t in texts)
    done = _run("export", src, "-o", out, "--include-confidential")
    texts = [c.value for ws in load_workbook(out) for row in ws.iter_rows() for c in row if isinstance(c.value, str)]  # fmt: skip
    assert any("secret budget line" in t for t in texts)


def test_csv_and_language_and_bad_name(tmp_path):
    out = tmp_path / "r.csv"
    done = _run("export", SAMPLE, "-o", out, "--lang", "fr")
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("Critère,")
    done = _run("export", SAMPLE, "-o", tmp_path / "r.pdf")
    assert done.returncode == 1 and ".xlsx" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "r.pdf").exists()


def test_a_text_longer_than_a_cell_holds_is_cut_with_what_was_left_out():
    import io

    import pandas as pd

    from assessment.storage.tables import MAX_CELL, Sheet, render_workbook

    table = pd.DataFrame({"evidence": ["é" * 40_000, "short"]})
    wb = load_workbook(io.BytesIO(render_workbook([Sheet("s", table)])))
    cut = wb["s"]["A2"].value
    assert len(cut) <= MAX_CELL and cut.endswith(
        f"… [+{40_000 - (len(cut) - len('… [+7,245]')):,}]"
    )
    assert cut.startswith("é" * 1000) and wb["s"]["A3"].value == "short"
