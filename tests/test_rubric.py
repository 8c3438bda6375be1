"""Rubric validation: every problem reported at once, located by line, with what would be valid."""

from __future__ import annotations

import pytest

from assessment import ProblemsError, loads_rubric
from assessment.rubric import LEVEL_LABELS, rubric_json_schema

from .conftest import DATA

SMALL = (DATA / "rubric-valid-small.yaml").read_text(encoding="utf-8")


def problems_of(text: str) -> list:
    with pytest.raises(ProblemsError) as info:
        loads_rubric(text, "r.yaml")
    return list(info.value.problems)


def codes_of(text: str) -> list[str]:
    return [p.code for p in problems_of(text)]


def test_small_rubric_loads(small_rubric):
    assert small_rubric.id == "test-small"
    assert [r.criterion.id for r in small_rubric.refs] == [
        "A.1-x",
        "A.1-y",
        "A.2-z",
        "B.1-p",
        "B.1-q",
    ]
    assert small_rubric.by_id["A.2-z"].criterion.question("organisation") is None
    assert small_rubric.by_id["A.1-x"].criterion.question("country") == "Does the country do x?"
    assert small_rubric.cite("A.2") == "Test source text (2025), section A, sentence 2"
    assert len(small_rubric.content_hash) == 64
    assert LEVEL_LABELS[4] == "Leading"


def test_hash_ignores_formatting_but_not_content():
    a = loads_rubric(SMALL)
    b = loads_rubric(
        "# a comment\n" + SMALL.replace("title: Small test rubric", "title:   Small test rubric")
    )
    c = loads_rubric(SMALL.replace("x most", "x nearly all"))
    assert a.content_hash == b.content_hash
    assert a.content_hash != c.content_hash


def test_indicator_thresholds_suggest_a_level(small_rubric):
    ind = small_rubric.by_id["A.1-x"].criterion.indicators[0]
    assert [ind.suggest_level(v) for v in (10, 50, 84.9, 85, 99)] == [0, 1, 2, 3, 4]


def test_every_problem_reported_at_once_with_lines():
    bad = (
        SMALL.replace(
            "levels: {0: x none, 1: x some, 2: x more, 3: x most, 4: x all}",
            "levels: {0: x none, 1: x some, 2: x more, 3: x most}",
        )
        .replace("            weight: 2\n", "            weight: -1\n            colour: red\n")
        .replace("id: A.2-z", "id: A.1-x")
    )
    probs = problems_of(bad)
    by_code = {p.code: p for p in probs}
    assert {"bad-levels", "bad-weight", "unknown-key", "duplicate-criterion-id"} <= set(by_code)
    assert by_code["bad-levels"].line == 28
    assert "missing level 4" in by_code["bad-levels"].message
    assert "0, 1, 2, 3, 4" in by_code["bad-levels"].message
    assert by_code["unknown-key"].line == 40 and "colour" in by_code["unknown-key"].message
    assert (
        "valid keys here" in by_code["unknown-key"].message
        and "weight" in by_code["unknown-key"].message
    )
    assert by_code["bad-weight"].line == 39
    assert "greater than 0" in by_code["bad-weight"].message
    assert by_code["duplicate-criterion-id"].line == 46
    # the string form is FILE:LINE: field: message
    assert str(by_code["unknown-key"]).startswith(
        "r.yaml:40: pillars[0].commitments[0].criteria[1].colour: "
    )
    assert [p.line for p in probs] == sorted(p.line for p in probs)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (
            (
                "levels: {0: y none, 1: y some, 2: y more, 3: y most, 4: y all}",
                "levels: {0: y none, 1: y some, 2: y more, 3: y most, 4: y all, 5: y beyond}",
            ),
            "bad-levels",
        ),
        (("4: y all}", "4: x all}"), "duplicate-descriptor"),
        (("covers: [b]", "covers: [c]"), "unknown-action"),
        (("covers: [b]", "covers: [a]"), "uncovered-action"),
        (("id: B.1\n", "id: A.3\n"), "commitment-outside-pillar"),
        (("sections: {A: 2, B: 1}", "sections: {A: 3, B: 1}"), "missing-commitment"),
        (("sections: {A: 2, B: 1}", "sections: {A: 2, B: 1, C: 2}"), "missing-pillar"),
        (
            (
                "questions: {country: Is there a law on z?}",
                "questions: {country: Is there a law on z?, organisation: Do you?}",
            ),
            "question-not-applicable",
        ),
        (("applies_to: [country]", "applies_to: [country, organisation]"), "missing-question"),
        (("thresholds: [50, 70, 85, 95]", "thresholds: [50, 90, 85, 95]"), "bad-thresholds"),
        (("weight: 2", "weight: 11"), "bad-weight"),
        (("weight: 2", "weight: two"), "int-type"),
        (('version: "1.0.0"', "version: 1.0"), "bad-type"),
        (
            ("short_title: A\n", "short_title: A very long short title for a radar chart\n"),
            "too-long",
        ),
        (("id: test-small", "id: Test Small"), "bad-value"),
        (("            core: true\n", "            core: yes please\n"), "bool-type"),
    ],
)
def test_single_problem_codes(change, code):
    old, new = change
    assert old in SMALL
    text = SMALL.replace(old, new, 1)
    assert code in codes_of(text)


def test_too_many_core():
    crit = SMALL[SMALL.index("          - id: B.1-q") :]
    extra = "".join(
        crit.replace("B.1-q", f"B.1-q{i}")
        .replace("q ", f"q{i} ")
        .replace("covers: [b]", "covers: [b]\n            core: true")
        for i in range(26)
    )
    text = SMALL + extra
    assert "too-many-core" in codes_of(text)


def test_missing_top_level_keys():
    probs = problems_of("format: gdi-rubric/1\nid: x\n")
    missing = {p.message for p in probs if p.code == "missing-key"}
    assert 'required key "pillars" is missing' in missing
    assert 'required key "version" is missing' in missing


def test_not_a_mapping_and_wrong_format():
    assert codes_of("- just\n- a list\n") == ["not-a-mapping"]
    assert "bad-value" in codes_of(SMALL.replace("format: gdi-rubric/1", "format: gdi-rubric/9"))


def test_json_schema_describes_the_format():
    schema = rubric_json_schema()
    assert schema["title"].startswith("GDI assessment rubric")
    assert "pillars" in schema["properties"]
    assert schema["additionalProperties"] is False
