"""Every indicator code a bundled rubric cites is an official code, named as its custodian names
it and credited to that custodian (the checked list: rubrics/reference/indicator-codes.yaml)."""

from __future__ import annotations

import re

import pytest
from ruamel.yaml import YAML

from assessment.storage.rubrics import RUBRICS_DIR, bundled_rubrics, resolve_rubric

LIST = RUBRICS_DIR / "reference" / "indicator-codes.yaml"


def _codes() -> dict:
    return YAML(typ="safe").load(LIST.read_text(encoding="utf-8"))["codes"]


def _cited() -> list[tuple[str, str, object]]:
    return [
        (rid, ref.criterion.id, ind)
        for rid in sorted(bundled_rubrics())
        for ref in resolve_rubric(rid).refs
        for ind in ref.criterion.indicators
        if ind.code
    ]


def test_the_list_itself_is_well_formed():
    codes = _codes()
    assert len(codes) >= 30
    for code, entry in codes.items():
        assert re.fullmatch(r"SDG \d{1,2}\.(\d{1,2}|[a-c])\.\d{1,2}|[A-Z]{2,6}", code), code
        assert entry["name"].strip() and entry["custodians"], code


@pytest.mark.parametrize(("rubric", "criterion", "indicator"), _cited(), ids=lambda v: getattr(v, "code", v))  # fmt: skip
def test_every_cited_code_is_official_with_its_custodian(rubric, criterion, indicator):
    codes = _codes()
    where = f"{rubric} {criterion} {indicator.code}"
    assert indicator.code in codes, f"{where}: not in the checked list of official codes"
    entry = codes[indicator.code]
    names = [entry["name"], *entry.get("parts", ())]
    assert any(n.casefold() in indicator.name.casefold() for n in names), (
        f"{where}: named {indicator.name!r}; the official name is {entry['name']!r}"
    )
    given = [s.strip() for s in re.split(r"/|,| and ", indicator.source or "") if s.strip()]
    assert given and set(given) <= set(entry["custodians"]), (
        f"{where}: source {indicator.source!r}; custodians are {entry['custodians']}"
    )


def test_a_wrong_name_or_custodian_is_caught():
    """The check is not a formality: SDG 17.9.1 under a made-up name fails it."""
    entry = _codes()["SDG 17.9.1"]
    assert entry["name"].casefold() not in "dollar value of assistance for capacity building"
    assert "UNDP" not in entry["custodians"]
