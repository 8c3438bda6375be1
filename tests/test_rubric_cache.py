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
    assert len(list((tmp_path / "cache").iterdir())) == 1
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
    (entry,) = (tmp_path / "cache").iterdir()
    entry.write_text("{not json")
    assert load_rubric(src) == first
