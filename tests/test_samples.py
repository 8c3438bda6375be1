"""The bundled sample data: fictional, labelled, valid, and scored as the rubrics expect."""

from __future__ import annotations

import csv
import io

import pytest

from assessment import load_assessment, resolve_rubric, score_assessment
from assessment.cli import main

from .conftest import ROOT

SAMPLES = ROOT / "sample_data"
JSON_FILES = sorted(SAMPLES.glob("*.json"))


def test_expected_samples_exist():
    names = {p.name for p in JSON_FILES}
    assert {
        "examplia-2025-baseline.json",
        "examplia-2026-follow-up.json",
        "port-examplia-city-2025.json",
        "examplia-cooperation-2024.json",
    } <= names


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.name)
def test_sample_is_fictional_valid_and_scores(path):
    a = load_assessment(path)
    assert a.label and "fictional" in a.label.lower()
    assert a.entity.country == "XE"  # user-assigned ISO code: not a real country
    rubric = resolve_rubric(a.rubric.id)
    s = score_assessment(rubric, a)
    statuses = set(s.criteria["status"])
    assert "scored" in statuses
    assert 0 < s.overall["score"] < 4
    # uneven profile: pillars differ by at least one level
    assert s.pillars["score"].max() - s.pillars["score"].min() >= 1
    assert all(r.evidence for r in a.responses if r.status == "scored")


def test_country_samples_use_na_and_dont_know():
    for name in ("examplia-2025-baseline.json", "examplia-2026-follow-up.json"):
        a = load_assessment(SAMPLES / name)
        kinds = {r.status for r in a.responses}
        assert {"scored", "not-applicable", "dont-know"} <= kinds


def test_follow_up_differs_from_baseline():
    base = {
        r.criterion: r.level
        for r in load_assessment(SAMPLES / "examplia-2025-baseline.json").responses
    }
    follow = {
        r.criterion: r.level
        for r in load_assessment(SAMPLES / "examplia-2026-follow-up.json").responses
    }
    changed = [
        c
        for c in base
        if c in follow and base[c] is not None and follow[c] is not None and base[c] != follow[c]
    ]
    assert len(changed) >= 5


def test_city_sample_uses_organisation_wording():
    a = load_assessment(SAMPLES / "port-examplia-city-2025.json")
    assert a.entity.kind == "organisation"
    rubric = resolve_rubric(a.rubric.id)
    assert all(
        "organisation" in rubric.by_id[r.criterion].criterion.applies_to for r in a.responses
    )


def test_workshop_export_shape():
    text = (SAMPLES / "examplia-workshop-2025.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) >= 15
    assert len({r["stakeholder_group"] for r in rows}) >= 4
    values = {v for r in rows for k, v in r.items() if k and "-" in k and "." in k}
    assert {"N/A", "Don't know"} & values and any(v.isdigit() for v in values)


def test_demo_prints_a_table_and_writes_reports_per_sample(capsys, tmp_path):
    assert main(["demo", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for path in JSON_FILES:
        assert path.name in out
    assert out.count("Overall") == len(JSON_FILES)
    assert "every commitment covered" in out
    written = sorted(p.name for p in tmp_path.iterdir())
    assert len(written) == 2 * len(JSON_FILES) + 2  # and the sample workshop's report
    for name in written:
        assert f"  {tmp_path / name}" in out
    # the follow-up is compared with the baseline of the same entity and rubric
    follow_up = next(
        tmp_path.glob("republic-of-examplia-gdi-digital-inclusion-2025-follow-up-*.html")
    )
    assert "Baseline 2025-06-30" in follow_up.read_text(encoding="utf-8")
