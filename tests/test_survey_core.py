"""The pure survey readers: an in-memory table (no file) in, responses and problems out."""

from __future__ import annotations

import datetime as dt

import pytest

from assessment.errors import ProblemsError, UsageError
from assessment.survey import (
    DEFAULT_NA_REASON,
    SurveyMapping,
    SurveyTable,
    parse_survey,
    parse_table,
)


def table(*rows: tuple[object, ...], source: str = "mem") -> SurveyTable:
    return parse_table(rows, source)


def parse(t: SurveyTable, rubric, **kw):
    return parse_survey(t, rubric, entity="Testland", kind="country", country="XE", **kw)


def problems(t: SurveyTable, rubric, **kw) -> list[tuple[int | None, str, str]]:
    with pytest.raises(ProblemsError) as info:
        parse(t, rubric, **kw)
    return [(p.line, p.field, p.code) for p in info.value.problems]


def test_parse_table_skips_leading_blank_rows_and_numbers_rows_as_a_spreadsheet():
    t = table((), ("", None), (" id ", "A.1-x", 7.0), ("1", "2"), ())
    assert t.header == ("id", "A.1-x", "7")
    assert t.header_row == 3
    assert t.rows == ((4, ("1", "2")), (5, ()))


def test_parse_table_without_a_value_is_empty():
    with pytest.raises(ProblemsError) as info:
        table((), (" ", None))
    (p,) = info.value.problems
    assert (p.code, p.source, p.line) == ("empty-survey", "mem", 1)
    assert p.hint.startswith("its first row must be the header")


def test_wide_cells_of_every_kind(small_rubric):
    # XLSX gives numbers and datetimes; CSV gives text. Row 3 has no answer: not a respondent.
    t = table(
        ("_id", "stakeholder_group", "_submission_time", "A.1-x", "A.1-y", "B.1-p", "start"),
        (1001.0, "Academia", dt.datetime(2025, 7, 15, 10, 7), 2.0, "Leading", "N/A", "x"),
        ("1002", "", "", "", "", "", ""),
        ("uuid:ab-1", "Business", "2025-07-14T09:00:00", "dk", "0 - Not started", 4, ""),
    )
    imp = parse(t, small_rubric)
    assert (imp.layout, imp.n_rows, imp.ignored_columns, imp.encoding) == (
        "wide",
        3,
        ("start",),
        None,
    )
    a = imp.assessment
    assert [(r.id, r.group) for r in a.respondents] == [("1001", "Academia"), ("ab-1", "Business")]
    got = {(r.respondent, r.criterion): (r.status, r.level) for r in a.responses}
    assert got == {
        ("1001", "A.1-x"): ("scored", 2),
        ("1001", "A.1-y"): ("scored", 4),
        ("1001", "B.1-p"): ("not-applicable", None),
        ("ab-1", "A.1-x"): ("dont-know", None),
        ("ab-1", "A.1-y"): ("scored", 0),
        ("ab-1", "B.1-p"): ("scored", 4),
    }
    assert a.response("B.1-p", "1001").reason == DEFAULT_NA_REASON
    assert a.date == dt.date(2025, 7, 15)  # the latest submission


def test_wide_companion_columns_add_details(small_rubric):
    t = table(
        ("id", "A.1-x", "A.1-x_reason", "A.1-x_target", "A.1-x confidence", "A.1-y"),
        ("p1", "n/a", "no such body", "", "", "1"),
        ("p2", "3", "", "Leading", "HIGH", "2"),
    )
    a = parse(t, small_rubric, date=dt.date(2025, 1, 2)).assessment
    assert a.response("A.1-x", "p1").reason == "no such body"
    r = a.response("A.1-x", "p2")
    assert (r.level, r.target, r.confidence) == (3, 4, "high")
    assert a.date == dt.date(2025, 1, 2)


def test_wide_problems_are_all_reported_in_row_order(small_rubric):
    t = table(
        ("id", "A.1-x", "scores/A.1-x", "A.1-y", "A.9-w"),
        ("a b", "2", "", "1", ""),
        ("7", "maybe", "", "1", ""),
        ("7", "1", "", "1", "", "extra"),
    )
    assert problems(t, small_rubric) == [
        (1, "scores/A.1-x", "duplicate-criterion-column"),
        (1, "A.9-w", "misspelt-criterion"),
        (2, "id", "bad-respondent-id"),
        (3, "A.1-x", "bad-answer"),
        (4, "", "wrong-cell-count"),
        (4, "id", "duplicate-respondent"),
    ]


def test_long_layout_is_detected_and_read(small_rubric):
    t = table(
        ("row", "respondent", "name", "criterion", "level", "reason"),
        ("1", "r1", "Ana", "a.1-x", "2", ""),
        ("2", "r1", "Ana", "B.1-p", "Not applicable", "no data yet"),
        ("3", "r2", "Bo", "A.1-x", "", ""),  # no level: no answer, and r2 has no other
    )
    imp = parse(t, small_rubric)
    assert (imp.layout, imp.n_rows, imp.ignored_columns) == ("long", 3, ("row",))
    a = imp.assessment
    assert [r.id for r in a.respondents] == ["r1"]
    assert a.response("A.1-x", "r1").level == 2
    assert a.response("B.1-p", "r1").reason == "no data yet"


def test_long_problems(small_rubric):
    t = table(
        ("respondent", "name", "criterion", "level"),
        ("a", "Ana", "A.1-x", "2"),
        ("a", "Ana", "A.1-x", "3"),
        ("a", "Anna", "", "3"),
        ("", "", "A.1-xx", "1"),
    )
    assert problems(t, small_rubric) == [
        (3, "criterion", "duplicate-response"),
        (4, "criterion", "missing-criterion"),
        (4, "name", "inconsistent-respondent"),
        (5, "respondent", "missing-respondent"),
        (5, "criterion", "misspelt-criterion"),
    ]


def test_unknown_criterion_hints_the_closest_id(small_rubric):
    t = table(("respondent", "criterion", "level"), ("a", "A.1-xx", "2"))
    with pytest.raises(ProblemsError) as info:
        parse(t, small_rubric)
    (p,) = info.value.problems
    assert p.message == "'A.1-xx' is not a criterion of rubric 'test-small'"
    assert p.hint == 'did you mean "A.1-x"?'


def test_mapping_and_layout_are_checked_before_the_rows(small_rubric):
    t = table(("id", "Q01"), ("1", "2"))
    mapped = parse(t, small_rubric, mapping=SurveyMapping(columns={"q01": "A.1-y"}))
    assert mapped.assessment.response("A.1-y", "1").level == 2
    assert problems(t, small_rubric) == [(1, "", "no-criterion-columns")]
    bad = SurveyMapping(columns={"Q01": "A.1-yy"})
    assert problems(t, small_rubric, mapping=bad) == [(None, "columns", "misspelt-criterion")]
    with pytest.raises(UsageError, match="layout 'across'"):
        parse(t, small_rubric, layout="across")


def test_a_criterion_not_asked_of_the_kind_is_reported_once_per_column(small_rubric):
    t = table(("id", "A.1-x", "A.2-z"), ("1", "2", "3"), ("2", "1", "0"))
    with pytest.raises(ProblemsError) as info:
        parse_survey(t, small_rubric, entity="Org", kind="organisation")
    (p,) = info.value.problems
    assert (p.line, p.field, p.code) == (1, "A.2-z", "column-not-for-kind")
    assert p.message.endswith("(2 answers in this column)")
    assert p.hint == "clear or remove the column; the rubric asks it only of: country"


def test_no_answers(small_rubric):
    assert problems(table(("id", "A.1-x", "A.1-y"), ("1", "", "")), small_rubric) == [
        (1, "", "no-answers")
    ]
