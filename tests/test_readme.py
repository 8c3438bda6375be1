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


def test_layout_names_every_module_of_the_package():
    layout = README[README.index("## Project layout") :]
    layout = layout[: layout.index("\n## ", 3)]
    package = ROOT / "assessment"
    for path in sorted(package.rglob("*.py")):
        if path.name in {"__init__.py", "__main__.py"}:
            continue
        assert path.name in layout, f"README's layout does not mention {path.relative_to(ROOT)}"
    for folder in sorted(p for p in package.iterdir() if p.is_dir() and p.name != "__pycache__"):
        assert f"{folder.name}/" in layout, f"README's layout does not mention {folder.name}/"
