"""Rubric data for the analyses of issue 14, added at version 1.2.0 of the bundled rubrics.

Prerequisites between criteria (``depends_on``), equity tags on every criterion that concerns a
group at risk of being left behind, and level thresholds (with a note on where they come from) on
the official national indicators that fit. Nothing that is measured changed, so every answer
carries over from 1.1.0, and a rubric without the new fields keeps its content hash.
"""

from __future__ import annotations

import json

import pytest
from ruamel.yaml import YAML

from assessment import ProblemsError, load_assessment, score_assessment
from assessment.i18n import rubric_messages, translate_rubric
from assessment.migrate import migrate
from assessment.responses import RubricRef
from assessment.rubric import EQUITY_GROUPS, parse_rubric
from assessment.storage.rubrics import bundled_rubrics, loads_rubric, resolve_rubric, rubric_version

from .conftest import DATA, ROOT

BUNDLED = ("gdi-digital-inclusion-2025", "gdi-digital-cooperation-2024")
#: the bundled samples (notebook 03 writes its consensus file when it runs: not in a checkout)
SAMPLES = sorted((ROOT / "sample_data").glob("*.json"))
#: the content hash of tests/data/rubric-valid-small.yaml, computed before 1.2 added its fields
SMALL_HASH = "098430391f967f33c5cff56fd58f073f4ba9562bbd76082dfd2e0835dc09a72b"
#: the hashes the 1.1.0 rubrics had when assessments recorded them (now kept in rubrics/archive)
HASHES_1_1 = {
    "gdi-digital-inclusion-2025": "381fac333a9fa95e99460baca5b42cf3fbc7a33d9d1db3bea31abfbeab502c50",
    "gdi-digital-cooperation-2024": "de8ceb43dd1a28c53d08004254012dc6470f3c331030eb59bab2db1a8baa42c6",
}
#: thresholds whose source the criterion's guidance gives instead of an indicator note
EXPLAINED_IN_GUIDANCE = {
    ("gdi-digital-inclusion-2025", "I.2-affordable-access", 0),
    ("gdi-digital-inclusion-2025", "VI.2-digital-government-foundations", 0),
    ("gdi-digital-inclusion-2025", "VI.2-online-services", 0),
    ("gdi-digital-cooperation-2024", "3.2-digital-divide-partnerships", 1),
}


def _small_text() -> str:
    return (DATA / "rubric-valid-small.yaml").read_text(encoding="utf-8")


def _with_prerequisites(text: str, **deps: str) -> str:
    """The small rubric's text with ``depends_on`` added after the evidence of some criteria
    (keyword: the first word of the evidence, e.g. ``x="[B.1-p]"``)."""
    for word, value in deps.items():
        line = f"            evidence: [{word} "
        start = text.index(line)
        end = text.index("\n", start) + 1
        text = text[:end] + f"            depends_on: {value}\n" + text[end:]
    return text


def _problems(text: str) -> list:
    with pytest.raises(ProblemsError) as info:
        loads_rubric(text, "small.yaml")
    return info.value.problems


def _line(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


# -- the validator ------------------------------------------------------------------------------


def test_an_unknown_prerequisite_is_refused_where_it_is_named():
    text = _with_prerequisites(_small_text(), y="[A.1-w]")
    (p,) = _problems(text)
    assert p.code == "unknown-dependency"
    assert (p.line, p.field) == (_line(text, "depends_on: [A.1-w]"), "pillars[0].commitments[0].criteria[1].depends_on[0]")  # fmt: skip
    assert '"A.1-w"' in p.message and '"A.1-y"' in p.hint  # the closest id is offered


def test_a_criterion_cannot_be_its_own_prerequisite():
    text = _with_prerequisites(_small_text(), y="[A.1-y]")
    (p,) = _problems(text)
    assert (p.code, p.line) == ("self-dependency", _line(text, "depends_on: [A.1-y]"))
    assert '"A.1-y"' in p.message


def test_a_cycle_is_named_in_full_once_at_its_first_criterion():
    text = _with_prerequisites(_small_text(), x="[B.1-p]", p="[B.1-q]", q="[A.1-x]")
    problems = _problems(text)
    assert [p.code for p in problems] == ["dependency-cycle"]
    (p,) = problems
    assert "A.1-x → B.1-p → B.1-q → A.1-x" in p.message
    assert (p.line, p.field) == (_line(text, "depends_on: [B.1-p]"), "pillars[0].commitments[0].criteria[0].depends_on[0]")  # fmt: skip


def test_two_cycles_are_two_problems_and_a_chain_is_none():
    text = _with_prerequisites(_small_text(), x="[A.1-y]", y="[A.1-x]", p="[B.1-q]", q="[B.1-p]")
    cycles = sorted(p.message for p in _problems(text) if p.code == "dependency-cycle")
    assert len(cycles) == 2
    assert "A.1-x → A.1-y → A.1-x" in cycles[0] and "B.1-p → B.1-q → B.1-p" in cycles[1]
    chain = loads_rubric(_with_prerequisites(_small_text(), x="[A.1-y]", y="[B.1-p]", p="[B.1-q]"))
    assert chain.prerequisites("A.1-x") == ("A.1-y",)
    assert chain.prerequisites("A.1-x", transitive=True) == ("A.1-y", "B.1-p", "B.1-q")
    assert chain.dependents("B.1-q", transitive=True) == ("A.1-x", "A.1-y", "B.1-p")
    assert chain.prerequisites("B.1-q") == () and chain.dependents("A.1-x") == ()


def test_prerequisites_for_one_kind_leave_out_what_it_is_not_asked():
    rubric = loads_rubric(_with_prerequisites(_small_text(), q="[A.2-z, B.1-p]"))
    assert rubric.prerequisites("B.1-q") == ("A.2-z", "B.1-p")
    assert rubric.prerequisites("B.1-q", kind="organisation") == ("B.1-p",)  # A.2-z: countries


# -- the bundled rubrics ------------------------------------------------------------------------


@pytest.mark.parametrize("rubric_id", BUNDLED)
def test_the_bundled_prerequisites_have_no_cycle_and_fit_every_kind(rubric_id):
    rubric = resolve_rubric(rubric_id)  # loads with zero problems: no cycle, no unknown id
    edges = 0
    for ref in rubric.refs:
        k = ref.criterion
        assert k.id not in rubric.prerequisites(k.id, transitive=True), k.id
        edges += len(k.depends_on)
        for dep in k.depends_on:
            missing = set(k.applies_to) - set(rubric.by_id[dep].criterion.applies_to)
            assert not missing, f"{k.id} needs {dep}, which is not asked of {missing}"
    assert edges >= 3


@pytest.mark.parametrize("rubric_id", BUNDLED)
def test_every_threshold_list_is_monotonic_in_its_direction_and_says_where_it_comes_from(rubric_id):
    rubric = resolve_rubric(rubric_id)
    for ref in rubric.refs:
        for i, ind in enumerate(ref.criterion.indicators):
            if ind.thresholds is None:
                assert not ind.thresholds_for, f"{ref.criterion.id}: thresholds_for without thresholds"  # fmt: skip
                continue
            t = list(ind.thresholds)
            assert t == sorted(t, reverse=ind.direction == "lower"), (ref.criterion.id, ind.name)
            assert len(set(t)) == 4, (ref.criterion.id, ind.name)  # four distinct steps
            if (rubric_id, ref.criterion.id, i) not in EXPLAINED_IN_GUIDANCE:
                assert ind.note, f"{ref.criterion.id}: say where the thresholds of {ind.name!r} come from"  # fmt: skip


@pytest.mark.parametrize("rubric_id", BUNDLED)
def test_every_equity_tag_is_allowed(rubric_id):
    for k in resolve_rubric(rubric_id).criteria():
        assert set(k.equity) <= set(EQUITY_GROUPS), k.id
        assert len(set(k.equity)) == len(k.equity), k.id


def test_every_group_is_tagged_in_the_2025_rubric():
    rubric = resolve_rubric("gdi-digital-inclusion-2025")
    used = {g: [k.id for k in rubric.criteria() if g in k.equity] for g in EQUITY_GROUPS}
    assert set(EQUITY_GROUPS) == {"women", "disability", "rural", "older", "youth"}
    for group, ids in used.items():
        assert ids, f"no criterion of the 2025 rubric is tagged {group}"
    # the criteria the source itself ties to a group carry its tag
    assert "older" in rubric.by_id["III.1-ai-public-services"].criterion.equity  # elderly care
    assert {"older", "disability"} <= set(rubric.by_id["V.2-inclusive-training"].criterion.equity)
    assert all("rural" in rubric.by_id[r.criterion.id].criterion.equity for r in rubric.refs if r.pillar.id == "IV")  # fmt: skip


def test_the_thresholds_of_a_national_figure_suggest_nothing_for_an_organisation():
    rubric = resolve_rubric("gdi-digital-inclusion-2025")
    coverage = rubric.by_id["I.2-network-coverage"].criterion.indicators[0]  # SDG 9.c.1
    assert coverage.suggest_level(90) == coverage.suggest_level(90, "country") == 3
    assert coverage.suggest_level(90, "organisation") is None
    losi = next(i for i in rubric.by_id["VI.2-online-services"].criterion.indicators if i.code == "LOSI")  # fmt: skip
    assert losi.threshold_kinds == ("organisation",)  # a city's own portal
    assert (
        losi.suggest_level(0.8, "organisation") == 3 and losi.suggest_level(0.8, "country") is None
    )
    gap = rubric.by_id["I.2-digital-uptake"].criterion.indicators[1]  # lower is better
    assert [gap.suggest_level(v, "country") for v in (60, 50, 30, 12, 8)] == [0, 1, 2, 3, 4]
    own = rubric.by_id["I.2-digital-uptake"].criterion.indicators[2]  # the organisation's own
    assert own.thresholds is None and own.suggest_level(99, "organisation") is None


def test_indicator_notes_are_translatable():
    rubric = resolve_rubric("gdi-digital-inclusion-2025")
    notes = {m.context: m.source for m in rubric_messages(rubric) if m.context.endswith("/note")}
    key = "I.2-network-coverage/indicators/1/note"
    assert key in notes and "20" in notes[key]
    fr = translate_rubric(rubric, {key: "Note en français."}, "fr")
    assert fr.by_id["I.2-network-coverage"].criterion.indicators[1].note == "Note en français."
    assert fr.content_hash == rubric.content_hash


# -- versions, migration and content hashes -----------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_answer_of_every_sample_carries_over_from_1_1_to_1_2(path):
    """Each sample, as it was on 1.1.0 (the same answers, the 1.1.0 stamp), moves to 1.2.0 with
    every answer, target and agreed level kept and the same scores."""
    current = load_assessment(path)
    rubric_id = current.rubric.id
    old, new = rubric_version(rubric_id, "1.1.0"), resolve_rubric(rubric_id)
    assert current.rubric.version == "1.2.0" and current.rubric.sha256 == new.content_hash
    on_1_1 = current.model_copy(update={"rubric": RubricRef(id=rubric_id, version="1.1.0", sha256=old.content_hash)})  # fmt: skip
    moved = migrate(on_1_1, old, new)
    answered = {r.criterion for r in on_1_1.responses}
    assert set(moved.carried) == answered and moved.reanswer == ()
    assert moved.removed == moved.added == moved.dropped == ()
    a = moved.assessment
    assert a.responses == on_1_1.responses
    assert (a.targets, a.consensus, a.previous) == (on_1_1.targets, on_1_1.consensus, on_1_1.previous)  # fmt: skip
    assert a.model_dump(mode="json") == current.model_dump(mode="json")  # the shipped sample
    before = score_assessment(old, on_1_1).criteria["score"]
    after = score_assessment(new, a).criteria["score"]
    assert before.equals(after)


@pytest.mark.parametrize("rubric_id", BUNDLED)
def test_the_1_1_rubrics_keep_the_hash_their_assessments_recorded(rubric_id):
    archived = rubric_version(rubric_id, "1.1.0")
    assert archived.content_hash == HASHES_1_1[rubric_id]
    assert resolve_rubric(rubric_id).content_hash != HASHES_1_1[rubric_id]
    assert bundled_rubrics()[rubric_id].name == f"{rubric_id}.yaml"


def test_a_rubric_without_the_new_fields_keeps_its_hash(small_rubric):
    assert small_rubric.content_hash == SMALL_HASH
    data = YAML(typ="safe").load(_small_text())
    crit = data["pillars"][0]["commitments"][0]["criteria"][0]
    crit["depends_on"] = []  # empty: the same as absent
    crit["indicators"][0]["thresholds_for"] = []
    assert parse_rubric(data).content_hash == SMALL_HASH
    crit["depends_on"] = ["B.1-p"]
    assert parse_rubric(data).content_hash != SMALL_HASH
    crit["depends_on"] = []
    crit["indicators"][0]["note"] = "Level 3 from 85 %."
    assert parse_rubric(data).content_hash != SMALL_HASH


def test_the_shipped_schema_knows_the_new_fields():
    schema = json.loads((ROOT / "assessment" / "schemas" / "rubric.schema.json").read_text())
    assert "depends_on" in schema["$defs"]["Criterion"]["properties"]
    assert {"note", "thresholds_for"} <= set(schema["$defs"]["Indicator"]["properties"])
