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

PACKAGE = ROOT / "assessment"
SHELLS = ("storage", "render", "jupyter", "cli")
# what each layer may not import, directly or through the modules it imports
FORBIDDEN = {
    "core": {"storage", "render", "jupyter", "cli"},
    "storage": {"render", "jupyter", "cli"},
    "render": {"jupyter", "cli"},
    "jupyter": {"cli"},
}
# third-party libraries that belong to a shell; the core reaches none of them
SHELL_LIBRARIES = {
    "ipywidgets", "IPython", "anywidget", "traitlets", "voila", "jupyterlab", "matplotlib",
    "PIL", "jinja2", "typst", "sqlite3", "ruamel", "openpyxl", "duckdb",
}  # fmt: skip


def _module_name(path):
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _layer(module):
    """``core`` for the top level of the package, else the shell folder's name."""
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in {"__main__"}:
        return "package"
    return parts[1] if parts[1] in SHELLS else "core"


def _imports(module):
    """Every module named by an import statement anywhere in ``module`` (functions included)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {
                f"{node.module}.{a.name}"
                for a in node.names
                if f"{node.module}.{a.name}" in MODULES
            }
    return found


def _reach(module):
    """Modules of the package that ``module`` imports, directly or transitively."""
    seen, todo = set(), [module]
    while todo:
        for name in _imports(todo.pop()):
            if name in MODULES and name not in seen and name != "assessment":
                seen.add(name)
                todo.append(name)
    return seen


def test_every_module_has_a_layer():
    assert {_layer(m) for m in MODULES} == {"package", "core", *SHELLS}
    core = sorted(m for m in MODULES if _layer(m) == "core")
    for expected in [
        "rubric",
        "responses",
        "scoring",
        "gaps",
        "progress",
        "report",
        "workshop",
        "text",
        "errors",
        "countries",
    ]:
        assert f"assessment.{expected}" in core


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _layer(m) in FORBIDDEN))
def test_layers_import_only_downwards(module):
    layer = _layer(module)
    reached = _reach(module)
    bad = sorted(m for m in reached if _layer(m) in FORBIDDEN[layer])
    assert not bad, f"{module} ({layer}) reaches {bad}"
    if layer == "core":
        libs = {
            name.split(".")[0]
            for m in {module, *reached}
            if _layer(m) == "core"
            for name in _imports(m)
        }
        assert not libs & SHELL_LIBRARIES, f"core module {module} reaches {libs & SHELL_LIBRARIES}"
        assert "open(" not in MODULES[module].read_text(encoding="utf-8"), "the core opens no file"


def test_nothing_imports_the_cli():
    for module in MODULES:
        if _layer(module) in {"cli", "package"}:
            continue
        assert not {m for m in _imports(module) if m.startswith("assessment.cli")}, module


def test_every_exception_class_lives_in_errors():
    for module, path in MODULES.items():
        if module == "assessment.errors":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        classes = [
            n.name for n in ast.walk(tree)
            if isinstance(n, ast.ClassDef) and any(
                getattr(b, "id", getattr(b, "attr", "")).endswith(("Error", "Exception")) for b in n.bases
            )
        ]  # fmt: skip
        assert not classes, (
            f"{module} defines exception classes {classes}; they belong in errors.py"
        )


def _declared(extra=None):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"] if extra is None else project["optional-dependencies"][extra]
    return {re.split(r"[<>=!\[\s;]", d)[0].lower().replace("_", "-") for d in deps}


def test_every_imported_library_is_declared():
    import sys
    from importlib.metadata import packages_distributions

    dists = packages_distributions()
    runtime, jupyter = _declared(), _declared("jupyter")
    for module in MODULES:
        for name in _imports(module):
            top = name.split(".")[0]
            if top == "assessment" or top in sys.stdlib_module_names:
                continue
            names = {d.lower().replace("_", "-") for d in dists.get(top, [top])}
            allowed = runtime | jupyter if _layer(module) == "jupyter" else runtime
            assert names & allowed, (
                f"{module} imports {top} ({names}), which is not declared for its layer"
            )


def test_core_imports_without_jupyter_or_charts(tmp_path):
    """The core, storage and the command line import and score with no Jupyter or chart library."""
    import subprocess
    import sys

    blocked = [
        "jupyterlab",
        "ipywidgets",
        "IPython",
        "anywidget",
        "voila",
        "traitlets",
        "matplotlib",
        "jinja2",
        "typst",
    ]
    code = (
        f"import sys; sys.modules.update(dict.fromkeys({blocked!r}));"
        "import assessment as gdi;"
        f"a = gdi.load_assessment({str(ROOT / 'sample_data' / 'examplia-2025-baseline.json')!r});"
        "s = gdi.score_assessment(gdi.resolve_rubric(a.rubric.id), a);"
        "from assessment.cli import main; rc = main(['score', "
        f"{str(ROOT / 'sample_data' / 'examplia-2025-baseline.json')!r}, '--format', 'csv']);"
        "print(round(s.overall['score'], 2), rc)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "1.51 0"


@pytest.mark.parametrize("command", [["validate"], ["score"]])
def test_validate_and_score_load_no_renderer(command):
    import subprocess
    import sys

    sample = str(ROOT / "sample_data" / "examplia-2025-baseline.json")
    code = (
        "import sys; from assessment.cli import main;"
        f"rc = main({[*command, sample]!r});"
        "print(rc, sorted(m for m in ('matplotlib', 'jinja2', 'typst', 'ipywidgets', 'jupyterlab') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "0 []"


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


def test_environment_yml_mirrors_pyproject():
    env = (ROOT / "environment.yml").read_text()
    env_names = {
        re.split(r"[<>=!\s]", line.strip()[2:])[0].lower()
        for line in env.splitlines()
        if line.strip().startswith("- ") and not line.strip().startswith("- -e")
    }
    conda_names = {
        "typst": "typst-py",
        "build": "python-build",
        "duckdb": "python-duckdb",
        "jupyter-core": "jupyter_core",
    }  # conda-forge's names
    dev = _declared("dev") - {"gdi-assessment"}
    for name in _declared() | _declared("jupyter") | dev:
        assert conda_names.get(name, name) in env_names, (
            f"{name} is in pyproject.toml but not in environment.yml"
        )
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


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_module_opens_with_its_responsibility(module):
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    doc = ast.get_docstring(tree)
    assert doc, f"{module} has no docstring saying what it is for"
    assert len(doc.split("\n\n")[0].splitlines()) <= 3, f"{module}: say it in one to three lines"
