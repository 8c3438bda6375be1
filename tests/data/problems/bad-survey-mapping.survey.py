"""A LimeSurvey export with a mapping file whose "column:" should be "columns:"."""

from pathlib import Path


def make(tmp_path: Path) -> tuple[Path, dict[str, object]]:
    export = tmp_path / "results-survey123456.csv"
    export.write_text('"id";"Q01"\r\n"11";"AO03"\r\n', encoding="utf-8-sig")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("column:\n  Q01: A.1-x\n", encoding="utf-8")
    return export, {"mapping": mapping}
