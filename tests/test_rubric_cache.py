"""The validated-rubric cache gives the same rubric as a fresh parse, and never hides a change."""

from __future__ import annotations

import pytest

from assessment import ProblemsError, load_rubric

from .conftest import DATA


def test_cache_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("GDI_ASSESS_CACHE", str(tmp_path / "cache"))
    src = tmp_path / "r.yaml"
    src.write_text((DATA / "rubric-valid-small.yaml").read_text())
    fresh = load_rubric(src)
    assert len(list((tmp_path / "cache").glob("*.json"))) == 1
    cached = load_rubric(src)
    assert cached == fresh and cached.content_hash == fresh.content_hash
    # an edit (even one that breaks the file) is never served from the cache
    src.write_text(src.read_text().replace("weight: 2", "weight: 0"))
    with pytest.raises(ProblemsError, match="weight 0 is out of range"):
        load_rubric(src)


def test_damaged_cache_entry_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("GDI_ASSESS_CACHE", str(tmp_path / "cache"))
    src = DATA / "rubric-valid-small.yaml"
    first = load_rubric(src)
    (entry,) = (tmp_path / "cache").glob("*.json")
    entry.write_text("{not json")
    assert load_rubric(src) == first


def test_a_poisoned_cache_entry_is_never_trusted(tmp_path, monkeypatch):
    """An entry edited by anything but the toolkit (here: another weight) is refused by its
    signature, so scores stay those of the rubric file."""
    import json

    from assessment import load_assessment, score_assessment

    monkeypatch.setenv("GDI_ASSESS_CACHE", str(tmp_path / "cache"))
    src = DATA.parent.parent / "rubrics" / "gdi-digital-inclusion-2025.yaml"
    sample = DATA.parent.parent / "sample_data" / "examplia-2025-baseline.json"
    honest = score_assessment(load_rubric(src), load_assessment(sample)).overall["score"]
    assert round(honest, 2) == 1.51
    (entry,) = (tmp_path / "cache").glob("*.json")
    signature, _, payload = entry.read_bytes().partition(b"\n")
    data = json.loads(payload)
    for pillar in data["pillars"][1:]:
        pillar["weight"] = 0.01  # only pillar I counts
    for forged_signature in (signature, b"0" * 64, b""):
        entry.write_bytes(forged_signature + b"\n" + json.dumps(data).encode())
        rubric = load_rubric(src)
        assert rubric.pillars[1].weight == 1
    assert round(score_assessment(rubric, load_assessment(sample)).overall["score"], 2) == 1.51
