"""axe-core inside a real page: the WCAG 2.1 A and AA rules, the serious and critical findings.

axe-core comes from the npm registry: ``make test`` installs it into ``.cache/npm`` (the ``axe``
target). It is injected into the page under test, which needs no script of its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT

AXE_JS = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
SERIOUS = ("serious", "critical")

_RUN = """([include, tags]) => axe.run(
    include === null ? document : Array.isArray(include) ? {include: include} : include,
    {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"""


def axe_script() -> Path:
    """The axe-core file to inject; a missing one fails the test with what to do."""
    if not AXE_JS.is_file():
        pytest.fail(
            f"axe-core is not installed ({AXE_JS.relative_to(ROOT)} is missing): run `make test`, "
            "which installs it from the npm registry (or `make axe` for that step alone)",
            pytrace=False,
        )
    return AXE_JS


def axe_violations(page: Any, *, include: str | list[str] | None = None) -> list[dict[str, Any]]:
    """The serious and critical WCAG 2.1 A/AA violations axe-core finds in ``page``.

    ``include`` narrows the check to the elements a CSS selector (or a list of them) matches;
    by default the whole document is checked.
    """
    page.add_script_tag(path=str(axe_script()))
    results = page.evaluate(_RUN, [include, list(WCAG_TAGS)])
    return [v for v in results["violations"] if v.get("impact") in SERIOUS]


def describe(violations: list[dict[str, Any]]) -> str:
    """The violations one per line, with the first elements each was found on."""
    lines = []
    for v in violations:
        where = "; ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:3])
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])}×): {v['help']} — at {where}")
    return "\n".join(lines) or "none"
