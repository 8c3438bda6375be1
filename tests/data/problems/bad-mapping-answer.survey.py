"""A LimeSurvey export with a mapping file that maps answer code AO06 to no level."""

from pathlib import Path


def make(tmp_path: Path) -> tuple[Path, dict[str, object]]:
    export = tmp_path / "results-survey123456.csv"
    export.write_text('"id";"Q01"\r\n"11";"AO03"\r\n', encoding="utf-8-sig")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("columns:\n  Q01: A.1-x\nanswers:\n  AO03: 2\n  AO06: 5\n", encoding="utf-8")
    return export, {"mapping": mapping}
