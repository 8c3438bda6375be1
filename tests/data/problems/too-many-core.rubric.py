"""26 criteria marked core, one more than the short form allows: built from the small rubric."""

from pathlib import Path

SMALL = Path(__file__).resolve().parents[1] / "rubric-valid-small.yaml"


def make(tmp_path: Path) -> Path:
    text = SMALL.read_text(encoding="utf-8")
    crit = text[text.index("          - id: B.1-q") :]
    extra = "".join(
        crit.replace("B.1-q", f"B.1-q{i}")
        .replace("q ", f"q{i} ")
        .replace("covers: [b]", "covers: [b]\n            core: true")
        for i in range(26)
    )
    path = tmp_path / "too-many-core.yaml"
    path.write_text(text + extra, encoding="utf-8")
    return path
