"""Contracts that keep the house in order: rubrics, layers, public API, notebooks, environment."""

from __future__ import annotations

import ast
import json
import re
import tomllib

import pytest

import assessment
from assessment import bundled_rubrics, load_rubric
from assessment.rubric import MAX_CORE, rubric_json_schema

from .conftest import DATA, ROOT

EXPECTED = {
    line.split(":")[0]: line.split(":")[1].split()
    for line in (DATA / "commitment-ids.txt").read_text().splitlines()
    if line and not line.startswith("#")
}

CORE_MODULES = ["errors", "rubric", "responses", "scoring", "gaps", "countries"]
SHELL_IMPORTS = {
    "assessment.storage",
    "assessment.cli",
    "ipywidgets",
    "IPython",
    "matplotlib",
    "jinja2",
    "typst",
    "sqlite3",
    "ruamel",
}


@pytest.mark.parametrize("rubric_id", sorted(EXPECTED))
def test_bundled_rubric_loads_and_covers_every_commitment(rubric_id):
    path = bundled_rubrics()[rubric_id]
    rubric = load_rubric(path)  # zero problems, or this raises
    ids = [c.id for _, c in rubric.commitments()]
    assert ids == EXPECTED[rubric_id]
    for _, c in rubric.commitments():
        covered = {a for k in c.criteria for a in k.covers}
        assert covered == {a.id for a in c.actions}, c.id
        assert c.criteria, c.id
    assert 1 <= sum(k.core for k in rubric.criteria()) <= MAX_CORE
    # every pillar has at least one core criterion, so the short form touches every section
    assert all(any(k.core for c in p.commitments for k in c.criteria) for p in rubric.pillars)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../assessment/schemas/rubric.schema.json"
    )


def test_bundled_rubrics_size_and_quality():
    total = 0
    for path in bundled_rubrics().values():
        r = load_rubric(path)
        total += len(r.refs)
        for ref in r.refs:
            k = ref.criterion
            assert all(len(d.split()) >= 8 for d in k.levels.values()), (
                f"{k.id}: descriptors too thin"
            )
            assert k.evidence, k.id
            assert k.id.startswith(ref.commitment.id + "-"), k.id
    assert 60 <= total <= 110


def test_shipped_schema_is_current():
    shipped = json.loads((ROOT / "assessment" / "schemas" / "rubric.schema.json").read_text())
    assert shipped == rubric_json_schema(), "run `make schema`"


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_imports_no_shell(module):
    tree = ast.parse((ROOT / "assessment" / f"{module}.py").read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    bad = {m for m in imported for s in SHELL_IMPORTS if m == s or m.startswith(s + ".")}
    assert not bad, f"core module {module} imports shell modules {bad}"
    assert "open(" not in (ROOT / "assessment" / f"{module}.py").read_text()


def test_public_api_is_complete_and_sorted():
    exported = assessment.__all__
    assert exported == sorted(exported)
    assert all(hasattr(assessment, n) for n in exported)
    public = {
        n
        for n, v in vars(assessment).items()
        if not n.startswith("_") and not isinstance(v, type(assessment))
    }
    assert public - set(exported) == set(), "public names missing from __all__"


def test_environment_yml_lists_every_runtime_dependency():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    env = (ROOT / "environment.yml").read_text()
    env_names = {
        re.split(r"[<>=!\s]", line.strip()[2:])[0].lower()
        for line in env.splitlines()
        if line.strip().startswith("- ") and not line.strip().startswith("- -e")
    }
    conda_names = {"typst": "typst-py"}  # packages conda-forge publishes under another name
    for dep in deps:
        name = re.split(r"[<>=!\[\s]", dep)[0].lower()
        name = conda_names.get(name, name)
        assert name in env_names, f"{name} is in pyproject.toml but not in environment.yml"
    assert "- -e ." in env


def test_notebooks_are_stripped_and_thin():
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks
    for nb_path in notebooks:
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        assert "widgets" not in nb.get("metadata", {}), nb_path
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert sum("parameters" in c.get("metadata", {}).get("tags", []) for c in code) == 1, (
            nb_path
        )
        for c in code:
            assert c["outputs"] == [] and c["execution_count"] is None, nb_path
            src = "".join(c["source"])
            assert not re.search(r"^\s*(def|class) ", src, re.M), (
                f"{nb_path}: logic belongs in the package"
            )
            assert len(src.strip().splitlines()) <= 8, (
                f"{nb_path}: a notebook cell should be a few calls"
            )
