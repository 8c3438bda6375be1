"""Assessments as JSON and CSV: round trips, atomic saves, clear errors, nothing overwritten."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from assessment import (
    Assessment,
    ProblemsError,
    Respondent,
    Response,
    RubricMismatchError,
    dumps_responses_csv,
    load_assessment,
    loads_assessment,
    loads_responses_csv,
    loads_rubric,
    new_assessment,
    save_assessment,
    score_assessment,
)
from assessment.storage import atomic

from .conftest import DATA


@pytest.fixture
def filled(small_rubric) -> Assessment:
    a = new_assessment(
        small_rubric, entity="Testland <b>", kind="country", country="XT", date=dt.date(2025, 6, 30)
    )
    a = a.with_respondents(
        [Respondent(id="r2", name='Amina, "the" analyst', group="civil society")]
    )
    stamp = dt.datetime(2025, 6, 30, 14, 5, 9, tzinfo=dt.UTC)
    for resp in [
        Response(
            criterion="A.1-x",
            respondent="self",
            status="scored",
            level=2,
            target=4,
            confidence="high",
            evidence="Plan adopted 2024; see annex 3,\nline two",
            links=("https://example.org/a", "https://example.org/b"),
            answered_at=stamp,
        ),
        Response(
            criterion="A.2-z",
            respondent="self",
            status="not-applicable",
            reason="Federal competence; no national law",
        ),
        Response(
            criterion="B.1-p", respondent="self", status="dont-know", notes="ask the regulator — «»"
        ),
        Response(criterion="B.1-p", respondent="r2", status="scored", level=0),
    ]:
        a = a.with_response(resp)
    return a


def test_json_round_trip(tmp_path, filled):
    path = save_assessment(filled, tmp_path / "a.json")
    text = path.read_text(encoding="utf-8")
    assert '"format": "gdi-assessment/1"' in text and "«»" in text  # readable, non-ASCII kept
    assert load_assessment(path) == filled


def test_with_response_replaces_earlier_answer(filled):
    again = filled.with_response(
        Response(criterion="A.1-x", respondent="self", status="scored", level=3)
    )
    assert again.response("A.1-x", "self").level == 3
    assert len(again.responses) == len(filled.responses)
    assert filled.response("A.1-x", "self").level == 2  # the original is unchanged (frozen)


def test_csv_round_trip_is_exact(filled):
    text = dumps_responses_csv(filled)
    people, responses = loads_responses_csv(text)
    assert responses == filled.responses
    assert {p.id: p for p in people} == {
        p.id: p for p in filled.respondents if p.id in {"self", "r2"}
    }
    # and through a BOM, as Excel writes it
    assert loads_responses_csv("\ufeff" + text)[1] == filled.responses


def test_atomic_save_keeps_old_file_on_crash(tmp_path, filled, monkeypatch):
    path = save_assessment(filled, tmp_path / "a.json")
    before = path.read_bytes()
    changed = filled.with_response(
        Response(criterion="B.1-q", respondent="self", status="scored", level=4)
    )

    def crash(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", crash)
    with pytest.raises(OSError):
        save_assessment(changed, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]  # no temporary file left behind


def test_rubric_mismatch_is_refused(small_rubric, filled):
    edited = loads_rubric(
        (DATA / "rubric-valid-small.yaml").read_text().replace("x most", "x mostly")
    )
    with pytest.raises(RubricMismatchError) as info:
        score_assessment(edited, filled)
    assert info.value.problems[0].code == "rubric-changed"
    newer = loads_rubric(
        (DATA / "rubric-valid-small.yaml")
        .read_text()
        .replace('version: "1.0.0"', 'version: "1.1.0"')
    )
    with pytest.raises(RubricMismatchError) as info:
        score_assessment(newer, filled)
    assert info.value.problems[0].code == "rubric-version-mismatch"
    assert "version 1.0.0" in str(info.value)
    assert score_assessment(small_rubric, filled).criteria.loc["A.1-x", "score"] == 2


def test_criterion_not_for_kind(small_rubric):
    a = new_assessment(
        small_rubric, entity="City", kind="organisation", country="XT", date=dt.date(2025, 1, 1)
    )
    a = a.with_response(Response(criterion="A.2-z", respondent="self", status="scored", level=1))
    with pytest.raises(RubricMismatchError) as info:
        score_assessment(small_rubric, a)
    assert info.value.problems[0].code == "criterion-not-for-kind"


def test_bad_json_names_line_and_field(tmp_path, filled):
    data = json.loads(save_assessment(filled, tmp_path / "a.json").read_text())
    data["responses"][0]["level"] = 7
    data["responses"][1]["status"] = "maybe"
    data["entity"]["country"] = "Examplia"
    data["colour"] = "red"
    text = json.dumps(data, indent=2)
    with pytest.raises(ProblemsError) as info:
        loads_assessment(text, "a.json")
    probs = {p.field: p for p in info.value.problems}
    assert (
        "responses[0].level" in probs
        and "less than or equal to 4" in probs["responses[0].level"].message
    )
    assert probs["responses[0].level"].line == text.splitlines().index('      "level": 7,') + 1
    assert "'maybe' is not allowed" in probs["responses[1].status"].message
    assert "ISO 3166" in probs["entity.country"].message
    assert "colour" in probs["colour"].message


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("{", "json-syntax"),
        ("[]", "not-an-assessment"),
        ('{"format": "gdi-assessment/9"}', "newer-format"),
        ('{"format": "something"}', "unknown-format"),
    ],
)
def test_bad_json_kinds(text, code):
    with pytest.raises(ProblemsError) as info:
        loads_assessment(text, "x.json")
    assert info.value.problems[0].code == code


def test_status_rules():
    with pytest.raises(ValueError, match="needs a reason"):
        Response(criterion="A.1-x", respondent="self", status="not-applicable")
    with pytest.raises(ValueError, match="no level is given"):
        Response(criterion="A.1-x", respondent="self", status="scored")
    with pytest.raises(ValueError, match="remove the level"):
        Response(criterion="A.1-x", respondent="self", status="dont-know", level=2)


def test_bad_csv_lists_every_problem_by_row_and_column():
    text = (
        "criterion,respondent,status,level,target,answered_at\n"
        "A.1-x,r1,scored,2,,\n"
        "A.1-y,r1,scored,five,,\n"
        "A.1-y,r2,perhaps,,,\n"
        "B.1-p,r1,scored,9,3,yesterday\n"
        "A.1-x,r1,scored,3,,\n"
    )
    with pytest.raises(ProblemsError) as info:
        loads_responses_csv(text, "w.csv")
    got = [(p.line, p.field, p.code) for p in info.value.problems]
    assert (3, "level", "bad-level") in got
    assert (4, "status", "bad-value") in got
    assert (5, "level", "invalid-value") in got
    assert (5, "answered_at", "bad-time") in got
    assert (6, "criterion", "duplicate-response") in got
    assert "nothing was imported" in str(info.value)


def test_csv_header_problems():
    with pytest.raises(ProblemsError, match="missing"):
        loads_responses_csv("criterion,level\nA.1-x,2\n")
    with pytest.raises(ProblemsError, match="unknown column"):
        loads_responses_csv("criterion,respondent,status,colour\n")
    with pytest.raises(ProblemsError, match="empty"):
        loads_responses_csv("")


def test_failed_import_leaves_the_assessment_file_untouched(tmp_path, filled, monkeypatch):
    from assessment.cli import main

    path = save_assessment(filled, tmp_path / "a.json")
    before = path.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("criterion,respondent,status,level\nA.1-x,self,scored,9\n", encoding="utf-8")
    monkeypatch.setattr(
        "assessment.cli.assess.bundled_rubrics",
        lambda: {"test-small": DATA / "rubric-valid-small.yaml"},
    )
    assert main(["responses", "import", str(path), str(bad)]) == 1
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["a.json", "bad.csv"]


# -- problems from the catalogue: message and hint apart, and the helpers of the CSV reader ---------


def test_validator_problems_keep_message_and_hint_apart():
    from pydantic import ValidationError

    from assessment.responses import problems_from

    with pytest.raises(ValidationError) as info:
        Response(criterion="A.1-x", respondent="self", status="dont-know", level=2)
    (p,) = problems_from(info.value, "a.json")
    assert p.code == "level-without-score"
    assert p.message == "status is 'dont-know' but a level is given"
    assert p.hint == "remove the level or set status 'scored'"


def test_validator_problems_keep_braces_and_catalogue_fields():
    text = (DATA / "problems" / "country-code.assessment.json").read_text(encoding="utf-8")
    with pytest.raises(ProblemsError) as info:
        loads_assessment(text.replace('"Examplia"', '"{X}; y"'), "a.json")
    (p,) = info.value.problems
    assert p.code == "country-code" and p.field == "entity.country" and p.line == 7
    assert p.message == "'{X}; y' is not an ISO 3166-1 alpha-2 code"
    assert p.hint.startswith("use two capital letters such as KE")


def test_pydantic_errors_map_to_catalogue_codes():
    from assessment.responses import _translate

    def err(kind, msg="Input should be x", inp=None, loc=("status",)):
        return {"type": kind, "loc": loc, "msg": msg, "input": inp}

    assert _translate(err("extra_forbidden", loc=("colour",))) == (
        "unknown-field",
        {"name": "colour"},
    )
    assert _translate(err("missing", loc=("date",))) == ("missing-field", {"name": "date"})
    assert _translate(err("literal_error", "Input should be 'a' or 'b'", "c")) == (
        "bad-value",
        {"value": "c", "valid": "input should be 'a' or 'b'"},
    )
    assert _translate(err("int_parsing", "Input should be a valid integer", "two")) == (
        "invalid-value",
        {"detail": "input should be a valid integer (got 'two')"},
    )
    assert _translate(err("less_than_equal", "Input should be less than or equal to 4", 9)) == (
        "invalid-value",
        {"detail": "input should be less than or equal to 4"},
    )


def test_csv_header_checks():
    from assessment.storage.assessments import _check_header

    assert _check_header(["criterion", "respondent", "status"], "s.csv") == []
    got = _check_header(["criterion", "level", "colour", "level"], "s.csv")
    assert [(p.code, p.line) for p in got] == [
        ("missing-column", 1),
        ("unknown-column", 1),
        ("duplicate-column", 1),
    ]
    assert got[0].message == "column(s) respondent, status missing"
    assert got[2].message == "column(s) level appear more than once in the header"


def test_csv_rows_are_checked_one_by_one():
    from assessment.storage.assessments import _duplicate_responses, _read_row, _Sheet

    header = ["criterion", "respondent", "respondent_name", "status", "level"]
    sheet = _Sheet("s.csv")
    _read_row(sheet, header, ["A.1-x", "r1", "Ann", "scored", "2"], 2)
    _read_row(sheet, header, [" ", "", "", "", ""], 3)  # blank: skipped
    _read_row(sheet, header, ["A.1-x", "r1", "Anne", "scored", "3"], 4)
    _read_row(sheet, header, ["A.1-y", "r1"], 5)
    assert sheet.people == {"r1": ("Ann", None, 2)}
    assert [(p.code, p.line) for p in sheet.problems] == [
        ("inconsistent-respondent", 4),
        ("wrong-cell-count", 5),
    ]
    (dup,) = _duplicate_responses(sheet)
    assert (dup.code, dup.line, dup.field) == ("duplicate-response", 4, "criterion")
    assert "(rows 2 and 4)" in dup.message
