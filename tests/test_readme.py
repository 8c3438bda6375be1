"""The README's Method section states the rules the code applies."""

from __future__ import annotations

from assessment import scoring

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_quick_start_commands():
    assert "make demo" in README and "make test" in README


def test_method_states_the_disagreement_rule():
    assert f"IQR ≥ {scoring.DISAGREEMENT_IQR:g}" in README
    assert f"≥ {scoring.DISAGREEMENT_RANGE:g}" in README


def test_method_covers_every_rule():
    for phrase in [
        "median",
        "not applicable",
        "missing is never counted as 0",
        "weighted mean",
        "Completeness",
        "gap × weight",
        "next step",
        "SHA-256",
    ]:
        assert phrase in README, phrase
