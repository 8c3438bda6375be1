"""The crosswalk file between the two bundled rubrics (``rubrics/crosswalks/``)."""

from __future__ import annotations

import os
from pathlib import Path

from assessment.crosswalk import Crosswalk, parse_crosswalk
from assessment.rubric import Rubric
from assessment.storage.rubrics import RUBRICS_DIR
from assessment.storage.yamlfile import decode_text, parse_yaml, read_bounded

__all__ = ["CROSSWALK", "crosswalk_for", "load_crosswalk"]

#: the crosswalk shipped with the toolkit
CROSSWALK = RUBRICS_DIR / "crosswalks" / "2025-2024.yaml"


def load_crosswalk(a: Rubric, b: Rubric, path: str | os.PathLike[str] | None = None) -> Crosswalk:
    """Read and check a crosswalk between rubrics ``a`` and ``b`` (default: the bundled one)."""
    p = Path(path) if path is not None else CROSSWALK
    data, lines = parse_yaml(decode_text(read_bounded(p), str(p)), str(p))
    return parse_crosswalk(data, a, b, source=str(p), line_of=lines)


def crosswalk_for(rubric: Rubric) -> tuple[Crosswalk, str] | None:
    """The bundled crosswalk that pairs ``rubric`` with another, and that other rubric's id."""
    from assessment.storage.rubrics import resolve_rubric

    if not CROSSWALK.is_file():
        return None
    data, _ = parse_yaml(decode_text(read_bounded(CROSSWALK), str(CROSSWALK)), str(CROSSWALK))
    ids = dict(data.get("rubrics", {})) if isinstance(data, dict) else {}
    if rubric.id == ids.get("a"):
        other_id, a_b = str(ids.get("b")), True
    elif rubric.id == ids.get("b"):
        other_id, a_b = str(ids.get("a")), False
    else:
        return None
    other = resolve_rubric(other_id)
    pair = (rubric, other) if a_b else (other, rubric)
    return load_crosswalk(*pair), other_id
