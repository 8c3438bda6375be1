"""The problem catalogue: one message and hint per code, and a fixture that produces every code.

A fixture is a file in ``tests/data/problems/`` named ``<code>[--variant].<loader>.<ext>``; loading
it with ``<loader>`` must fail with a problem of that code. A code that no small file can produce
(a file over the size limit, say) has a ``<code>.<loader>.py`` fixture instead, whose
``make(tmp_path)`` writes the file to load and returns its path, or the path and the keyword
arguments for the loader (a sheet name, a kind of entity).
"""

from __future__ import annotations

import ast
import importlib.util
import re
import string
from pathlib import Path

import pytest

from assessment import ProblemsError, load_assessment, load_rubric, score_assessment
from assessment.problems import CATALOGUE
from assessment.storage.assessments import read_responses_csv

from .conftest import DATA, ROOT

FIXTURES = DATA / "problems"


def _survey(path: Path, **options: object) -> object:
    from assessment.storage.survey import read_survey

    rubric = load_rubric(DATA / "rubric-valid-small.yaml")
    kw = {"entity": "Examplia test", "kind": "country", "country": "XE", **options}
    return read_survey(path, rubric, **kw)


def _campaign(path: Path, **options: object) -> object:
    from assessment.storage.survey import read_survey_table
    from assessment.survey import parse_campaign

    table, _ = read_survey_table(path)
    return parse_campaign(table, load_rubric(DATA / "rubric-valid-small.yaml"), kind="country", **options)  # fmt: skip


def _answers(path: Path) -> object:
    from assessment.storage.rollup import read_answers

    return read_answers(path, load_rubric(DATA / "rubric-valid-small.yaml"))


def _hierarchy(path: Path) -> object:
    from assessment.storage.rollup import load_hierarchy

    return load_hierarchy(path)


def _rollup(path: Path) -> object:
    from assessment.storage.rollup import load_hierarchy, table_rollup

    hierarchy = load_hierarchy(DATA / "rollup" / "hierarchy.csv")
    rubric = load_rubric(DATA / "rubric-valid-small.yaml")
    return table_rollup(path, hierarchy, rubric, kind="country", min_units=3, rank=False)


def _peers(path: Path) -> object:
    from assessment.storage.rollup import load_peers

    return load_peers(path, load_rubric(DATA / "rubric-valid-small.yaml"))


def _scored(path: Path) -> object:
    return score_assessment(load_rubric(DATA / "rubric-valid-small.yaml"), load_assessment(path))


LOADERS = {
    "rubric": load_rubric,
    "assessment": load_assessment,
    "scored": _scored,
    "responses": read_responses_csv,
    "survey": _survey,
    "campaign": _campaign,
    "answers": _answers,
    "hierarchy": _hierarchy,
    "rollup": _rollup,
    "peers": _peers,
}


def _fixtures() -> list[Path]:
    return sorted(p for p in FIXTURES.iterdir() if p.is_file()) if FIXTURES.is_dir() else []


def _parts(path: Path) -> tuple[str, str]:
    """``(code, loader)`` from a fixture's file name."""
    stem, loader = path.name.split(".")[:2]
    return stem.split("--")[0], loader


def test_catalogue_entries_are_well_formed():
    for code, kind in CATALOGUE.items():
        assert code == kind.code
        assert code == code.lower() and " " not in code and "_" not in code, code
        assert kind.message and not kind.message.endswith((".", ";", " ")), code
        assert not kind.hint.startswith((";", " ")) and not kind.hint.endswith((".", " ")), code
        for template in (kind.message, kind.hint):
            list(string.Formatter().parse(template))  # a malformed template raises here


def test_every_code_has_a_fixture():
    have = {_parts(p)[0] for p in _fixtures()}
    missing = sorted(set(CATALOGUE) - have)
    assert not missing, f"codes without a fixture in {FIXTURES}: {missing}"
    unknown = sorted(have - set(CATALOGUE))
    assert not unknown, f"fixtures for codes that are not in the catalogue: {unknown}"


@pytest.mark.parametrize("path", _fixtures(), ids=lambda p: p.name)
def test_fixture_produces_its_code(path, tmp_path):
    code, loader = _parts(path)
    assert loader in LOADERS, (
        f"{path.name}: unknown loader {loader!r}; use one of {sorted(LOADERS)}"
    )
    target, options = path, {}
    if path.suffix == ".py":
        spec = importlib.util.spec_from_file_location(f"fixture_{code}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        made = module.make(tmp_path)
        target, options = made if isinstance(made, tuple) else (made, {})
    with pytest.raises(ProblemsError) as info:
        LOADERS[loader](target, **options)
    codes = [p.code for p in info.value.problems]
    assert code in codes, f"{path.name}: expected {code!r}, got {codes}"
    assert set(codes) <= set(CATALOGUE), (
        f"codes outside the catalogue: {set(codes) - set(CATALOGUE)}"
    )
    for p in info.value.problems:
        assert p.message and "{" not in p.message, p  # every template field was filled


def test_no_problem_is_built_by_hand():
    """Outside the catalogue, problems come from ``problem()`` or ``custom_error()`` only."""
    for path in sorted((ROOT / "assessment").rglob("*.py")):
        if path.name in {"errors.py", "problems.py"}:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                assert name not in {"Problem", "PydanticCustomError"}, (
                    f"{path.relative_to(ROOT)}:{node.lineno}: build problems with problem(code, ...)"
                )
                rewrites = {k.arg for k in node.keywords} & {"message", "hint"}
                assert not (name == "replace" and rewrites), (
                    f"{path.relative_to(ROOT)}:{node.lineno}: a problem's text comes from the catalogue"
                )


def test_catalogue_groups_are_sorted_by_code():
    source = (ROOT / "assessment" / "problems.py").read_text(encoding="utf-8")
    body = source[source.index("_ENTRIES") : source.index("\n)\n", source.index("_ENTRIES"))]
    groups = re.split(r"\n    # -- ", body)[1:]
    assert len(groups) >= 6
    for group in groups:
        codes = re.findall(r'ProblemKind\(\s*"([^"]+)"', group)
        assert codes == sorted(codes), group.splitlines()[0]
