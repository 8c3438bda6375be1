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
    assert "0, 1, 2, 3, 4" in by_code["bad-levels"].hint
    assert by_code["unknown-key"].line == 40 and "colour" in by_code["unknown-key"].message
    assert (
        "valid keys here" in by_code["unknown-key"].hint and "weight" in by_code["unknown-key"].hint
    )
    assert by_code["bad-weight"].line == 39
    assert "greater than 0" in by_code["bad-weight"].hint
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
        (("weight: 2", "weight: two"), "invalid-value"),
        (('version: "1.0.0"', "version: 1.0"), "bad-type"),
        (
            ("short_title: A\n", "short_title: A very long short title for a radar chart\n"),
            "too-long",
        ),
        (("id: test-small", "id: Test Small"), "bad-value"),
        (("            core: true\n", "            core: yes please\n"), "invalid-value"),
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


# -- the cross-reference rules, one by one, on small hand-made mappings ----------------------------


def test_rule_duplicate_id_records_and_reports_repeats():
    from assessment.rubric import _duplicate_id

    seen: set[str] = set()
    assert _duplicate_id("duplicate-pillar-id", "A", ("pillars", 0), seen) == []
    assert _duplicate_id("duplicate-pillar-id", 3, ("pillars", 1), seen) == []  # not an id: skipped
    assert _duplicate_id("duplicate-pillar-id", "A", ("pillars", 2), seen) == [
        ("duplicate-pillar-id", ("pillars", 2, "id"), {"id": "A"})
    ]
    assert seen == {"A"}


def test_rule_commitment_outside_pillar():
    from assessment.rubric import _commitment_outside_pillar

    assert _commitment_outside_pillar("A.1", "A", ("c",)) == []
    assert _commitment_outside_pillar("AB.1", "A", ("c",)) == [
        ("commitment-outside-pillar", ("c", "id"), {"id": "AB.1", "pillar": "A"})
    ]
    assert _commitment_outside_pillar("B.1", None, ("c",)) == []  # pillar id unknown: no claim


def test_rule_actions_duplicates_unknown_and_uncovered():
    from assessment.rubric import (
        _action_ids,
        _covered,
        _duplicate_action_ids,
        _uncovered_actions,
        _unknown_actions,
    )

    com = {
        "actions": [{"id": "a", "text": "one"}, {"id": 1}, {"id": "a"}, {"id": "b", "text": "b"}]
    }
    numbered = _action_ids(com)
    assert numbered == [(0, "a"), (2, "a"), (3, "b")]
    assert _duplicate_action_ids(numbered, "A.1", ("c",)) == [
        ("duplicate-action-id", ("c", "actions", 2, "id"), {"id": "a", "commitment": "A.1"})
    ]
    crit = {"covers": ["a", "z", 7]}
    assert _unknown_actions(crit, ("k",), "A.1", ["a", "b"]) == [
        (
            "unknown-action",
            ("k", "covers", 1),
            {"action": "z", "commitment": "A.1", "valid": "a, b"},
        )
    ]
    assert _unknown_actions({"covers": ["z"]}, ("k",), "A.1", [])[0][2]["valid"] == "none defined"
    assert _covered(crit, ["a", "b"]) == {"a"}
    assert _uncovered_actions(com, "A.1", ("c",), {"a"}) == [
        ("uncovered-action", ("c", "actions", 3), {"id": "b", "text": "b", "commitment": "A.1"})
    ]


def test_rule_levels_and_descriptors():
    from assessment.rubric import _bad_levels, _duplicate_descriptors

    five = {0: "none", 1: "some", 2: "more", 3: "most", 4: "all"}
    assert _bad_levels(five, ("k",)) == []
    assert _bad_levels({0: "a", 1: "b", 2: "c", 5: "d", "x": "e"}, ("k",)) == [
        (
            "bad-levels",
            ("k", "levels"),
            {"count": 5, "detail": "missing level 3, 4; unexpected key 5, x"},
        )
    ]
    seen: dict[str, str] = {}
    assert _duplicate_descriptors(five, "K-1", ("k",), seen) == []
    # the same words, other case and spacing, repeat a descriptor
    assert _duplicate_descriptors({0: "  NONE ", 1: "", 2: 3}, "K-2", ("j",), seen) == [
        ("duplicate-descriptor", ("j", "levels", 0), {"first": "K-1 level 0"})
    ]


def test_rule_questions_and_kinds():
    from assessment.rubric import _question_rules

    crit = {"applies_to": ["country", "country"], "questions": {"organisation": "Do you?"}}
    assert _question_rules(crit, ("k",)) == [
        ("missing-question", ("k", "questions"), {"kind": "country"}),
        ("missing-question", ("k", "questions"), {"kind": "country"}),
        (
            "question-not-applicable",
            ("k", "questions", "organisation"),
            {"kind": "organisation", "applies": "country, country"},
        ),
        ("duplicate-kind", ("k", "applies_to"), {}),
    ]
    # applies_to defaults to both kinds; an unhashable entry does not crash the check
    assert _question_rules({"questions": {"country": "q"}}, ("k",)) == [
        ("missing-question", ("k", "questions"), {"kind": "organisation"})
    ]
    assert _question_rules({"applies_to": [["x"]], "questions": {}}, ("k",)) == []
    assert _question_rules({"applies_to": "country", "questions": {}}, ("k",)) == []


def test_rule_thresholds_follow_the_direction():
    from assessment.rubric import _bad_thresholds

    def crit(t, direction="higher"):
        return {"indicators": [{"thresholds": t, "direction": direction}]}

    assert _bad_thresholds(crit([1, 2, 2, 3]), ("k",)) == []
    assert _bad_thresholds(crit([9, 5, 5, 1], "lower"), ("k",)) == []
    assert _bad_thresholds(crit([1, 2, True, 3]), ("k",)) == []  # not numbers: pydantic says so
    ((code, path, params),) = _bad_thresholds(crit([1, 5, 2, 3], "lower"), ("k",))
    assert (code, path) == ("bad-thresholds", ("k", "indicators", 0, "thresholds"))
    assert params["way"] == "fall" and params["bound"] == "at most"


def test_rule_source_sections():
    from assessment.rubric import _Seen, _source_sections

    seen = _Seen(pillars={"A", "B"}, commitments={"A.1", "A.3", "B.1"})
    data = {"source": {"unit": "paragraph", "sections": {"A": 2, "B": 1, "C": 1, "D": True}}}
    assert _source_sections(data, seen) == [
        (
            "missing-commitment",
            ("source", "sections", "A"),
            {"id": "A.2", "unit": "paragraph", "section": "A"},
        ),
        ("missing-pillar", ("source", "sections", "C"), {"section": "C"}),
        (
            "unknown-commitment",
            ("source", "sections", "A"),
            {"id": "A.3", "count": 2, "unit": "paragraph", "section": "A"},
        ),
    ]
    assert _source_sections({"source": {"title": "no sections"}}, seen) == []


def test_rule_too_many_core():
    from assessment.rubric import MAX_CORE, _too_many_core

    paths = [("k", i) for i in range(MAX_CORE + 2)]
    assert _too_many_core(paths[:MAX_CORE]) == []
    assert _too_many_core(paths) == [
        ("too-many-core", ("k", MAX_CORE), {"count": MAX_CORE + 2, "most": MAX_CORE})
    ]


def test_check_rubric_data_lists_problems_in_document_order():
    from assessment.rubric import check_rubric_data

    def crit(kid, covers):
        return {"id": kid, "covers": covers, "levels": {0: kid}, "questions": {"country": "q"}}

    data = {
        "source": {"sections": {"A": 1}},
        "pillars": [
            {
                "id": "A",
                "commitments": [
                    {
                        "id": "B.1",
                        "actions": [{"id": "a"}, {"id": "b"}],
                        "criteria": [crit("A.1-x", ["a", "c"]), crit("A.1-x", ["a"])],
                    }
                ],
            }
        ],
    }
    c = ("pillars", 0, "commitments", 0)
    assert [(code, path) for code, path, _ in check_rubric_data(data)] == [
        ("commitment-outside-pillar", c + ("id",)),
        ("unknown-action", c + ("criteria", 0, "covers", 1)),
        ("bad-levels", c + ("criteria", 0, "levels")),
        ("missing-question", c + ("criteria", 0, "questions")),
        ("duplicate-criterion-id", c + ("criteria", 1, "id")),
        ("bad-levels", c + ("criteria", 1, "levels")),
        ("duplicate-descriptor", c + ("criteria", 1, "levels", 0)),
        ("missing-question", c + ("criteria", 1, "questions")),
        ("uncovered-action", c + ("actions", 1)),
        ("missing-commitment", ("source", "sections", "A")),
    ]
    assert check_rubric_data([]) == []  # not a mapping: parse_rubric reports that itself
