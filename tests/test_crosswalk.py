"""The crosswalk: an answer to one rubric is offered for the paired criterion of the other,
and only the person's click answers it."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from ruamel.yaml import YAML

from assessment import ProblemsError, new_assessment, save_assessment
from assessment.crosswalk import suggestions
from assessment.responses import Response
from assessment.rubric import parse_rubric
from assessment.storage.crosswalk import CROSSWALK, load_crosswalk
from assessment.storage.filestore import AssessmentFile
from assessment.storage.rubrics import resolve_rubric

from .conftest import DATA


def _other():
    data = YAML(typ="safe").load((DATA / "rubric-valid-small.yaml").read_text())
    data["id"] = "test-other"
    return parse_rubric(data)


def _write(tmp_path, pairs, rubrics=("test-small", "test-other")):
    text = f"format: gdi-crosswalk/1\nrubrics: {{a: {rubrics[0]}, b: {rubrics[1]}}}\npairs:\n"
    for a, b in pairs:
        text += f"  - a: {a}\n    b: {b}\n    note: Both ask about the same practice.\n"
    path = tmp_path / "cw.yaml"
    path.write_text(text)
    return path


def test_a_suggestion_is_offered_and_used_only_on_a_click(tmp_path, small_rubric):
    from assessment.jupyter.form import AssessmentForm

    other = _other()
    cw = load_crosswalk(
        small_rubric, other, _write(tmp_path, [("A.1-x", "A.1-y"), ("B.1-q", "B.1-q")])
    )
    given = new_assessment(other, entity="Testland", kind="country", country="XT", date=dt.date(2025, 1, 1))  # fmt: skip
    given = given.with_response(
        Response(criterion="A.1-y", respondent="self", status="scored", level=3)
    )
    found = suggestions(cw, given, small_rubric)
    assert [(s.criterion, s.level, s.from_criterion) for s in found["A.1-x"]] == [
        ("A.1-x", 3, "A.1-y")
    ]
    assert "B.1-q" not in found  # nothing given there: nothing offered
    path = tmp_path / "new.json"
    save_assessment(new_assessment(small_rubric, entity="Testland", kind="country", country="XT", date=dt.date(2026, 1, 1)), path)  # fmt: skip
    form = AssessmentForm(small_rubric, AssessmentFile(path), debounce=0)
    assert form.offer(found) == 1
    card = form.card("A.1-x")
    shown = card.offer.children[0].value
    assert "Suggested: level 3 – Established, given to A.1-y" in shown and "Nothing is answered until you choose" in shown  # fmt: skip
    assert json.loads(path.read_text())["responses"] == []  # offered, not answered
    card.offer.children[1].click()  # "Use this level"
    assert json.loads(path.read_text())["responses"][0]["level"] == 3
    assert card.offer.children == ()


def test_a_crosswalk_naming_unknown_criteria_is_located(tmp_path, small_rubric):
    path = _write(tmp_path, [("A.1-x", "A.1-y"), ("A.9-nope", "B.1-q")])
    with pytest.raises(ProblemsError) as info:
        load_crosswalk(small_rubric, _other(), path)
    (p,) = info.value.problems
    assert p.code == "unknown-criterion" and p.line == 7 and "A.9-nope" in p.message
    with pytest.raises(ProblemsError) as info:
        load_crosswalk(
            small_rubric,
            _other(),
            _write(tmp_path, [("A.1-x", "A.1-y")], ("test-small", "elsewhere")),
        )
    assert info.value.problems[0].code == "rubric-mismatch"


@pytest.mark.skipif(not CROSSWALK.is_file(), reason="the bundled crosswalk is written in issue 12")
def test_the_bundled_crosswalk_fits_both_rubrics():
    a, b = (
        resolve_rubric("gdi-digital-inclusion-2025"),
        resolve_rubric("gdi-digital-cooperation-2024"),
    )
    cw = load_crosswalk(a, b)
    assert len(cw.pairs) >= 5
    for p in cw.pairs:  # each pair is asked of at least one common kind of entity
        kinds = set(a.by_id[p.a].criterion.applies_to) & set(b.by_id[p.b].criterion.applies_to)
        assert kinds, p
