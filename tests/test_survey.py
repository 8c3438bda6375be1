"""Survey exports (CSV, XLSX; wide and long) imported into assessments, or every problem at once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zipfile

import openpyxl
import pytest

from assessment.errors import ProblemsError, UsageError
from assessment.responses import check_against_rubric
from assessment.scoring import score_assessment
from assessment.storage import survey
from assessment.storage.rubrics import resolve_rubric
from assessment.storage.survey import (
    SurveyImport,
    SurveyMapping,
    loads_survey_csv,
    read_survey,
)

from .conftest import ROOT

SAMPLE = ROOT / "sample_data" / "examplia-workshop-2025.csv"
NA_REASON = "Marked not applicable in the survey (no reason given)"
BAD_LEVEL = (
    "is not a level; use 0-4, a level name (Not started, Initial, Developing, Established, "
    "Leading), N/A or Don't know"
)


@pytest.fixture(scope="module")
def gdi():
    return resolve_rubric("gdi-digital-inclusion-2025")


def imported(text: str, rubric, **kw) -> SurveyImport:
    kw.setdefault("entity", "Testland")
    kw.setdefault("kind", "country")
    return loads_survey_csv(text, rubric, source="survey.csv", **kw)


def problems_of(text: str, rubric, **kw) -> list[tuple[int | None, str, str]]:
    """(row, column, code) of every problem; the import must fail."""
    with pytest.raises(ProblemsError) as info:
        imported(text, rubric, **kw)
    assert all(p.source == "survey.csv" for p in info.value.problems)
    return [(p.line, p.field, p.code) for p in info.value.problems]


def answer(imp: SurveyImport, criterion: str, respondent: str) -> tuple[str, int | None]:
    r = imp.assessment.response(criterion, respondent)
    assert r is not None, (criterion, respondent)
    return r.status, r.level


def write_xlsx(path, rows, title="Sheet1", extra_sheet=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    if extra_sheet is not None:
        other = wb.create_sheet(extra_sheet[0])
        for row in extra_sheet[1]:
            other.append(row)
    wb.save(path)
    return path


# --------------------------------------------------------------------------------------------------
# The bundled workshop sample


def test_public_api_is_sorted_and_complete():
    assert survey.__all__ == sorted(survey.__all__)
    assert set(survey.__all__) == {
        "SurveyImport",
        "SurveyMapping",
        "load_survey_mapping",
        "loads_survey_csv",
        "read_survey",
        "read_survey_table",
    }


def test_bundled_workshop_sample_imports(gdi):
    imp = read_survey(SAMPLE, gdi, entity="Republic of Examplia", kind="country", country="XE")
    a = imp.assessment
    assert imp.layout == "wide"
    assert imp.n_rows == 18
    assert imp.ignored_columns == ()
    assert imp.encoding == "utf-8"  # the file starts with a BOM
    assert len(a.respondents) == 18
    assert sorted({p.group for p in a.respondents}) == [
        "Academia",
        "Business",
        "Civil society",
        "Government",
        "Technical community",
    ]
    assert len(a.responses) == 18 * 16  # the short form: 16 criteria, every cell filled
    # hand-picked cells of the file
    assert answer(imp, "I.2-affordable-access", "1001") == ("scored", 1)  # "Initial"
    assert answer(imp, "I.2-network-coverage", "1002") == ("scored", 3)  # "3"
    assert answer(imp, "I.2-network-coverage", "1013") == ("dont-know", None)  # "Don't know"
    assert answer(imp, "II.3-sme-support", "1001") == ("scored", 4)  # "4"
    assert answer(imp, "II.2-sector-transformation", "1002") == ("scored", 2)  # "Developing"
    na = a.response("II.2-sector-transformation", "1001")
    assert (na.status, na.reason) == ("not-applicable", NA_REASON)
    first = next(p for p in a.respondents if p.id == "1001")
    assert first.name == "Participant 01 (fictional)"
    assert next(p for p in a.respondents if p.id == "1003").name is None
    assert a.response("I.2-network-coverage", "1001").answered_at == dt.datetime(2025, 7, 15, 10, 7)
    assert a.date == dt.date(2025, 7, 15)  # the latest submission, as no date was given
    assert (a.entity.name, a.entity.kind, a.entity.country) == (
        "Republic of Examplia",
        "country",
        "XE",
    )
    assert check_against_rubric(a, gdi) == []


def test_bundled_workshop_sample_scores(gdi):
    a = read_survey(SAMPLE, gdi, entity="Examplia", kind="country").assessment
    row = score_assessment(gdi, a).criteria.loc["II.2-sector-transformation"]
    # By hand from the file's II.2-sector-transformation column:
    # 0 0 1 1 1 1 2 2 2 2 2 2 2 2 2 2 3 (sum 27) and one N/A
    assert (row["n"], row["median"]) == (17, 2.0)
    assert row["mean"] == pytest.approx(27 / 17)
    assert (row["n_not_applicable"], row["n_dont_know"]) == (1, 0)


def test_explicit_date_round_and_country_are_kept(gdi):
    imp = read_survey(
        SAMPLE,
        gdi,
        entity="Examplia",
        kind="country",
        date=dt.date(2025, 8, 1),
        round="workshop",
    )
    assert imp.assessment.date == dt.date(2025, 8, 1)
    assert imp.assessment.round == "workshop"
    assert imp.assessment.entity.country == "ZZ"


# --------------------------------------------------------------------------------------------------
# CSV variants


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_delimiter_is_sniffed_and_bom_dropped(tmp_path, small_rubric, delimiter):
    rows = [
        ["Respondent", "Stakeholder Group", "A.1-x", "A.1-y", "B.1-p"],
        ["p1", "Government", "Developing", "1", "N/A"],
        ["p2", "", "leading", "", "dk"],
    ]
    path = tmp_path / "export.csv"
    text = "\r\n".join(delimiter.join(r) for r in rows) + "\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    imp = read_survey(path, small_rubric, entity="Testland", kind="country")
    assert imp.encoding == "utf-8"
    assert answer(imp, "A.1-x", "p1") == ("scored", 2)
    assert answer(imp, "A.1-y", "p1") == ("scored", 1)
    assert answer(imp, "B.1-p", "p1") == ("not-applicable", None)
    assert answer(imp, "A.1-x", "p2") == ("scored", 4)
    assert answer(imp, "B.1-p", "p2") == ("dont-know", None)
    assert imp.assessment.response("A.1-y", "p2") is None  # empty cell: no answer
    assert [(p.id, p.group) for p in imp.assessment.respondents] == [
        ("p1", "Government"),
        ("p2", None),
    ]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2", ("scored", 2)),
        ("2.0", ("scored", 2)),
        (" 3 ", ("scored", 3)),
        ("0", ("scored", 0)),
        ("Developing", ("scored", 2)),
        ("DEVELOPING", ("scored", 2)),
        ("not started", ("scored", 0)),
        ("not_started", ("scored", 0)),  # Kobo exports choice names
        ("2 - Developing", ("scored", 2)),
        ("2 – Developing", ("scored", 2)),
        ("4 — Leading", ("scored", 4)),
        ("N/A", ("not-applicable", None)),
        ("n/a", ("not-applicable", None)),
        ("NA", ("not-applicable", None)),
        ("Not applicable", ("not-applicable", None)),
        ("Don't know", ("dont-know", None)),
        ("Dont know", ("dont-know", None)),
        ("DK", ("dont-know", None)),
        ("don’t know", ("dont-know", None)),
    ],
)
def test_cell_values(small_rubric, cell, expected):
    imp = imported(f'id,A.1-x,A.1-y\n7,"{cell}",1\n', small_rubric)
    assert answer(imp, "A.1-x", "7") == expected


@pytest.mark.parametrize("cell", ["maybe", "5", "2.5", "-1", "2 - Leading", "yes"])
def test_values_that_are_not_levels(small_rubric, cell):
    with pytest.raises(ProblemsError) as info:
        imported(f"id,A.1-x,A.1-y\n7,{cell},1\n", small_rubric)
    (p,) = info.value.problems
    assert (p.line, p.field, p.code) == (2, "A.1-x", "bad-answer")
    assert p.text == f'"{cell}" {BAD_LEVEL}'


def test_not_applicable_reason_from_companion_column(small_rubric):
    text = (
        "id,A.1-x,A.1-x_reason,A.1-y,B.1-p,B.1-p target,B.1-q,B.1-q/notes\n"
        "1,N/A,We have no such programme,N/A,2,Established,DK,ask the ministry\n"
    )
    imp = imported(text, small_rubric)
    a = imp.assessment
    assert a.response("A.1-x", "1").reason == "We have no such programme"
    assert a.response("A.1-y", "1").reason == NA_REASON
    assert a.response("B.1-p", "1").target == 3
    assert a.response("B.1-q", "1").notes == "ask the ministry"
    assert imp.ignored_columns == ()


def test_respondents_without_id_column_are_numbered_by_row(small_rubric):
    text = "Timestamp,A.1-x,A.1-y\n2025-07-16T10:00:00,1,2\n\n2025-07-15 11:00:00,3,\n"
    imp = imported(text, small_rubric)
    assert [p.id for p in imp.assessment.respondents] == ["r2", "r4"]  # row 3 is blank
    assert imp.n_rows == 2
    assert imp.assessment.response("A.1-x", "r4").answered_at == dt.datetime(2025, 7, 15, 11)
    assert imp.assessment.date == dt.date(2025, 7, 16)  # the latest submission


def test_rows_without_any_answer_are_not_respondents(small_rubric):
    imp = imported("id,name,A.1-x,A.1-y\n1,Ana,1,2\n2,Ben,,\n", small_rubric)
    assert [p.id for p in imp.assessment.respondents] == ["1"]
    assert imp.n_rows == 2


def test_odk_uuid_prefix_is_dropped(small_rubric):
    imp = imported(
        "KEY,SubmissionDate,A.1-x,A.1-y\nuuid:4f2a-9c,2025-07-15T10:07:00.000Z,1,2\n", small_rubric
    )
    assert [p.id for p in imp.assessment.respondents] == ["4f2a-9c"]
    assert imp.assessment.response("A.1-x", "4f2a-9c").answered_at == dt.datetime(
        2025, 7, 15, 10, 7, tzinfo=dt.UTC
    )


# --------------------------------------------------------------------------------------------------
# Survey tools' headers


def test_kobo_group_prefixes_and_ignored_metadata(small_rubric):
    text = (
        "start,end,scores/A.1-x,scores/A.1-y,group_x-B.1-p,_id,_uuid,_submission_time,_index\n"
        "2025-07-15T09:00,2025-07-15T09:30,developing,initial,established,41,ab-1,2025-07-15T09:31:00,1\n"
    )
    imp = imported(text, small_rubric)
    assert imp.layout == "wide"
    assert answer(imp, "A.1-x", "41") == ("scored", 2)
    assert answer(imp, "A.1-y", "41") == ("scored", 1)
    assert answer(imp, "B.1-p", "41") == ("scored", 3)
    # _id is the respondent and _submission_time the time (preferred to "end"); the rest is listed
    assert imp.ignored_columns == ("start", "end", "_uuid", "_index")
    assert imp.assessment.response("B.1-p", "41").answered_at == dt.datetime(2025, 7, 15, 9, 31)


def test_limesurvey_codes_mapped_to_criteria(small_rubric):
    text = (
        "id;submitdate;lastpage;Q01;Q02;Q03;Q04\n"
        "11;2025-07-15 10:07:00;3;A2;A3;A1;N/A\n"
        "12;2025-07-15 10:09:00;3;1;;2;Dont know\n"
    )
    # LimeSurvey answer codes A1..A5 would need their own map; here the survey kept levels.
    text = text.replace("A2", "2").replace("A3", "3").replace("A1", "1")
    mapping = SurveyMapping(
        columns={"q01": "A.1-x", "Q02": "A.1-y", "Q03": "B.1-p", "Q04": "B.1-q"}
    )
    imp = imported(text, small_rubric, mapping=mapping)
    assert imp.layout == "wide"
    assert answer(imp, "A.1-x", "11") == ("scored", 2)
    assert answer(imp, "B.1-p", "11") == ("scored", 1)
    assert answer(imp, "B.1-q", "12") == ("dont-know", None)
    assert imp.assessment.response("A.1-y", "12") is None
    assert imp.ignored_columns == ("lastpage",)
    # without the mapping, Q01... are unrelated columns and nothing says which criterion they are
    codes = problems_of(text, small_rubric)
    assert codes == [(1, "", "no-criterion-columns")]


def test_mapping_to_an_unknown_criterion_is_a_problem(small_rubric):
    codes = problems_of(
        "id,Q01\n1,2\n", small_rubric, mapping=SurveyMapping(columns={"Q01": "A.1-xx"})
    )
    assert codes == [(None, "columns", "misspelt-criterion")]


def test_custom_respondent_column_as_a_bare_string(small_rubric):
    mapping = SurveyMapping(respondent="Participant code", group=(), time=())
    text = "Participant code,group,Timestamp,A.1-x\nP-07,Academia,7/15/2025 10:07,3\n"
    imp = imported(text, small_rubric, mapping=mapping)
    assert [(p.id, p.group) for p in imp.assessment.respondents] == [("P-07", None)]
    assert imp.ignored_columns == ("group", "Timestamp")
    # with the default mapping, the Google-Forms-style (US, month-first) time is the time
    imp = imported(text, small_rubric)
    assert imp.assessment.response("A.1-x", "r2").answered_at == dt.datetime(2025, 7, 15, 10, 7)


# --------------------------------------------------------------------------------------------------
# Long layout


def test_long_layout(small_rubric):
    text = (
        "Respondent,Participant_Name,Group,Criterion,Answer,Target,Reason,Confidence,Notes,row\n"
        "a,Ana,Government,A.1-x,Developing,4,,High,plan adopted,1\n"
        "a,Ana,Government,A.1-y,N/A,,No rail network,,,2\n"
        "a,Ana,Government,B.1-p,N/A,,,,,3\n"
        "b,,Business,A.1-x,1,,,,,4\n"
        "b,,Business,B.1-q,,,,,,5\n"
        "c,Cy,Academia,B.1-q,,,,,,6\n"
    )
    imp = imported(text, small_rubric)
    a = imp.assessment
    assert imp.layout == "long"
    assert imp.ignored_columns == ("row",)
    assert imp.n_rows == 6
    x = a.response("A.1-x", "a")
    assert (x.level, x.target, x.confidence, x.notes) == (2, 4, "high", "plan adopted")
    assert a.response("A.1-y", "a").reason == "No rail network"
    assert a.response("B.1-p", "a").reason == NA_REASON
    assert a.response("B.1-q", "b") is None  # empty answer
    # c answered nothing, so is not counted as a respondent
    assert [(p.id, p.name, p.group) for p in a.respondents] == [
        ("a", "Ana", "Government"),
        ("b", None, "Business"),
    ]


def test_long_problems_are_located(small_rubric):
    text = (
        "respondent,criterion,level,target,confidence\n"
        "a,A.1-x,2,,\n"
        "a,A.1-x,3,,\n"  # 3: twice
        "a,A.1-xx,3,,\n"  # 4: unknown criterion
        ",B.1-p,1,,\n"  # 5: no respondent
        "b,B.1-p,maybe,,\n"  # 6: bad level
        "b,B.1-q,2,N/A,sure\n"  # 7: bad target and confidence
    )
    with pytest.raises(ProblemsError) as info:
        imported(text, small_rubric)
    got = [(p.line, p.field, p.code) for p in info.value.problems]
    assert got == [
        (3, "criterion", "duplicate-response"),
        (4, "criterion", "misspelt-criterion"),
        (5, "respondent", "missing-respondent"),
        (6, "level", "bad-answer"),
        (7, "target", "bad-target"),
        (7, "confidence", "bad-confidence"),
    ]
    by_row = {p.line: p.text for p in info.value.problems}
    assert "also on row 2" in by_row[3]
    assert 'did you mean "A.1-x"?' in by_row[4]


def test_long_layout_missing_columns(small_rubric):
    codes = problems_of("criterion,notes\nA.1-x,hello\n", small_rubric, layout="long")
    assert codes == [(1, "", "missing-column"), (1, "", "missing-column")]
    with pytest.raises(ProblemsError) as info:
        imported("criterion,notes\nA.1-x,hello\n", small_rubric)
    text = str(info.value)
    assert "column(s) respondent missing" in text and '"_id"' in text
    assert "column(s) level missing" in text and '"answer"' in text


def test_long_inconsistent_respondent(small_rubric):
    codes = problems_of(
        "respondent,name,criterion,level\na,Ana,A.1-x,1\na,Anna,A.1-y,1\n", small_rubric
    )
    assert codes == [(3, "name", "inconsistent-respondent")]


# --------------------------------------------------------------------------------------------------
# XLSX


def test_xlsx_wide(tmp_path, small_rubric):
    path = write_xlsx(
        tmp_path / "kobo.xlsx",
        [
            [
                "_id",
                "_submission_time",
                "participant_name",
                "stakeholder_group",
                "A.1-x",
                "A.1-y",
                "B.1-p",
            ],
            [1001, dt.datetime(2025, 7, 15, 10, 7), "Ana", "Government", "Developing", 3, 1.0],
            [1002.0, None, None, "Academia", None, "N/A", "2 - Developing"],
        ],
        title="Answers",
    )
    imp = read_survey(path, small_rubric, entity="Testland", kind="country")
    assert imp.layout == "wide"
    assert imp.encoding is None
    assert [p.id for p in imp.assessment.respondents] == ["1001", "1002"]
    assert answer(imp, "A.1-x", "1001") == ("scored", 2)
    assert answer(imp, "A.1-y", "1001") == ("scored", 3)
    assert answer(imp, "B.1-p", "1001") == ("scored", 1)
    assert answer(imp, "A.1-y", "1002") == ("not-applicable", None)
    assert answer(imp, "B.1-p", "1002") == ("scored", 2)
    assert imp.assessment.response("A.1-x", "1001").answered_at == dt.datetime(2025, 7, 15, 10, 7)


def test_xlsx_long_on_a_named_sheet(tmp_path, small_rubric):
    path = write_xlsx(
        tmp_path / "survey.xlsx",
        [["About this export"], ["made by hand"]],
        extra_sheet=(
            "Long",
            [
                ["respondent", "criterion", "value"],
                ["p1", "A.1-x", 4],
                [],
                ["p1", "B.1-q", "Initial"],
            ],
        ),
    )
    imp = read_survey(path, small_rubric, entity="Testland", kind="country", sheet="Long")
    assert imp.layout == "long"
    assert imp.n_rows == 2
    assert answer(imp, "A.1-x", "p1") == ("scored", 4)
    assert answer(imp, "B.1-q", "p1") == ("scored", 1)


def test_xlsx_problems_name_the_spreadsheet_row(tmp_path, small_rubric):
    path = write_xlsx(
        tmp_path / "bad.xlsx",
        [
            [],  # a blank first row: the header is row 2, as the spreadsheet shows
            ["id", "A.1-x", "A.1-y"],
            [1, 2, "two"],
            [2, 7, 1],
        ],
    )
    with pytest.raises(ProblemsError) as info:
        read_survey(path, small_rubric, entity="Testland", kind="country")
    assert [(p.line, p.field) for p in info.value.problems] == [(3, "A.1-y"), (4, "A.1-x")]
    assert str(info.value.problems[1]) == f'{path}:4: A.1-x: "7" {BAD_LEVEL}'


def test_xlsx_with_a_wrong_recorded_size_is_read_whole(tmp_path, small_rubric):
    # Some exporters record the sheet size as "A1"; read-only openpyxl would trust it.
    path = write_xlsx(tmp_path / "dim.xlsx", [["id", "A.1-x", "B.1-p"], [1, 2, 3]])
    fixed = tmp_path / "wrong-dimension.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(fixed, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert b'<dimension ref="A1:C2" />' in data
                data = data.replace(b'<dimension ref="A1:C2" />', b'<dimension ref="A1" />')
            dst.writestr(item, data)
    imp = read_survey(fixed, small_rubric, entity="T", kind="country")
    assert answer(imp, "B.1-p", "1") == ("scored", 3)


def test_xlsx_unknown_sheet(tmp_path, small_rubric):
    path = write_xlsx(tmp_path / "s.xlsx", [["id", "A.1-x"], [1, 2]], title="Answers")
    with pytest.raises(ProblemsError) as info:
        read_survey(path, small_rubric, entity="T", kind="country", sheet="Scores")
    (p,) = info.value.problems
    assert p.code == "unknown-sheet"
    assert p.text == 'no sheet is named "Scores"; the sheets are "Answers"'


def test_text_file_named_xlsx_is_a_problem_not_a_traceback(tmp_path, small_rubric):
    path = tmp_path / "export.xlsx"
    path.write_text("id,A.1-x\n1,2\n", encoding="utf-8")
    with pytest.raises(ProblemsError) as info:
        read_survey(path, small_rubric, entity="T", kind="country")
    (p,) = info.value.problems
    assert (p.code, p.source) == ("not-xlsx", str(path))
    assert "not a zip archive" in p.message and "export the survey as CSV" in p.hint


def test_workbook_named_csv_is_a_problem(tmp_path, small_rubric):
    path = write_xlsx(tmp_path / "really.xlsx", [["id", "A.1-x"], [1, 2]])
    renamed = path.rename(tmp_path / "export.csv")
    with pytest.raises(ProblemsError) as info:
        read_survey(renamed, small_rubric, entity="T", kind="country")
    assert [p.code for p in info.value.problems] == ["not-csv"]
    assert ".xlsx" in info.value.problems[0].text


# --------------------------------------------------------------------------------------------------
# Encodings


def test_cp1252_file_falls_back_and_keeps_accents(tmp_path, small_rubric):
    path = tmp_path / "excel.csv"
    path.write_bytes(
        "id;name;group;A.1-x\n1;Désirée;Société civile;Développement\n".encode("cp1252")
    )
    with pytest.raises(ProblemsError) as info:  # "Développement" is not a level name
        read_survey(path, small_rubric, entity="T", kind="country")
    (p,) = info.value.problems
    assert (p.line, p.field) == (2, "A.1-x")
    assert p.message.startswith('"Développement" is not a level')
    path.write_bytes("id;name;group;A.1-x\n1;Désirée;Société civile;2\n".encode("cp1252"))
    imp = read_survey(path, small_rubric, entity="T", kind="country")
    assert imp.encoding == "cp1252"
    (person,) = imp.assessment.respondents
    # the accents survive; the group, named in French, is the toolkit's own group
    assert (person.name, person.group) == ("Désirée", "Civil society")


def test_utf16_excel_unicode_text(tmp_path, small_rubric):
    path = tmp_path / "unicode.txt"
    path.write_bytes("id\tA.1-x\tA.1-y\r\n5\tTrès bien\tLeading\r\n".encode("utf-16"))
    with pytest.raises(ProblemsError) as info:
        read_survey(path, small_rubric, entity="T", kind="country")
    assert [(p.line, p.field) for p in info.value.problems] == [(2, "A.1-x")]
    path.write_bytes("id\tA.1-x\tA.1-y\r\n5\tEstablished\tLeading\r\n".encode("utf-16"))
    imp = read_survey(path, small_rubric, entity="T", kind="country")
    assert imp.encoding == "utf-16"
    assert answer(imp, "A.1-y", "5") == ("scored", 4)


def test_binary_file_is_a_problem(tmp_path, small_rubric):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(ProblemsError) as info:
        read_survey(path, small_rubric, entity="T", kind="country")
    assert [p.code for p in info.value.problems] == ["binary-file"]


# --------------------------------------------------------------------------------------------------
# Malformed wide files: every problem, located; nothing returned


def test_three_bad_cells_are_three_problems(small_rubric):
    text = "id,A.1-x,A.1-y,B.1-p\n1,maybe,2,3\n2,1,2,3\n3,0,Developed,perhaps\n"
    with pytest.raises(ProblemsError) as info:
        imported(text, small_rubric)
    err = info.value
    assert [(p.line, p.field, p.code) for p in err.problems] == [
        (2, "A.1-x", "bad-answer"),
        (4, "A.1-y", "bad-answer"),
        (4, "B.1-p", "bad-answer"),
    ]
    assert str(err.problems[0]) == f'survey.csv:2: A.1-x: "maybe" {BAD_LEVEL}'
    assert err.summary == "survey.csv: 3 problems; nothing was imported"


def test_unknown_criterion_column_suggests_the_closest(small_rubric, gdi):
    codes = problems_of("_uuid,start,A.1-x,A.1-yy,B.2-p\nu1,09:00,1,2,3\n", small_rubric)
    assert codes == [(1, "A.1-yy", "misspelt-criterion"), (1, "B.2-p", "misspelt-criterion")]
    with pytest.raises(ProblemsError) as info:
        imported("_id,I.1-joint-planing,scores/I.2-open-sharing\n1,2,3\n", gdi)
    (p,) = info.value.problems
    assert (p.line, p.field) == (1, "I.1-joint-planing")
    assert 'did you mean "I.1-joint-planning"?' in p.hint


def test_duplicate_respondent(small_rubric):
    text = "_id,A.1-x,A.1-y\n7,1,1\n8,2,2\n7,3,oops\n"
    with pytest.raises(ProblemsError) as info:
        imported(text, small_rubric)
    got = [(p.line, p.field, p.code) for p in info.value.problems]
    assert got == [(4, "_id", "duplicate-respondent"), (4, "A.1-y", "bad-answer")]
    assert "respondent id '7' is listed twice" in info.value.problems[0].message


def test_duplicate_criterion_column(small_rubric):
    codes = problems_of("id,A.1-x,scores/A.1-x\n1,1,2\n", small_rubric)
    assert codes == [(1, "scores/A.1-x", "duplicate-criterion-column")]


def test_problems_of_many_kinds_are_all_listed_in_row_order(small_rubric):
    text = (
        "id,end,A.1-x,A.1-y,B.1-x\n"  # B.1-x: unknown criterion
        "a b,2025-07-15,1,2,3\n"  # bad id
        "c,yesterday,1,two,3\n"  # a time that cannot be read is left out; bad level
        "d,,1,2,3,4\n"  # a value without a heading
    )
    with pytest.raises(ProblemsError) as info:
        imported(text, small_rubric)
    got = [(p.line, p.field, p.code) for p in info.value.problems]
    assert got == [
        (1, "B.1-x", "misspelt-criterion"),
        (2, "id", "bad-respondent-id"),
        (3, "A.1-y", "bad-answer"),
        (4, "", "wrong-cell-count"),
    ]
    assert info.value.summary == "survey.csv: 4 problems; nothing was imported"


@pytest.mark.parametrize("content", [b"", b"   \r\n\r\n", b"\xef\xbb\xbf"])
def test_empty_file(tmp_path, small_rubric, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(ProblemsError) as info:
        read_survey(path, small_rubric, entity="T", kind="country")
    (p,) = info.value.problems
    assert (p.code, p.line) == ("empty-survey", 1)
    assert "first row must be the header" in p.hint


def test_header_without_answers(small_rubric):
    assert problems_of("id,A.1-x,A.1-y\n", small_rubric) == [(1, "", "no-answers")]
    assert problems_of("id,A.1-x,A.1-y\n1,,\n", small_rubric) == [(1, "", "no-answers")]


def test_wide_file_without_criterion_columns(small_rubric):
    assert problems_of("id,start,end\n1,2,3\n", small_rubric, layout="wide") == [
        (1, "", "no-criterion-columns")
    ]
    assert problems_of("id,start,end\n1,2,3\n", small_rubric) == [(1, "", "no-criterion-columns")]


def test_criterion_not_asked_of_the_kind(small_rubric):
    # A.2-z applies to countries only; check_against_rubric refuses it for an organisation
    text = "id,A.1-x,A.2-z\n1,1,2\n2,1,N/A\n3,1,\n"
    with pytest.raises(ProblemsError) as info:
        imported(text, small_rubric, kind="organisation")
    (p,) = info.value.problems
    assert (p.line, p.field, p.code) == (1, "A.2-z", "column-not-for-kind")
    assert "(2 answers in this column)" in p.message
    assert imported(text, small_rubric, kind="country").assessment.response("A.2-z", "1").level == 2
    long_text = "respondent,criterion,level\n1,A.1-x,1\n1,A.2-z,2\n"
    codes = problems_of(long_text, small_rubric, kind="organisation")
    assert codes == [(3, "criterion", "criterion-not-for-kind")]


# --------------------------------------------------------------------------------------------------
# Calling it wrong


def test_usage_errors(tmp_path, small_rubric):
    with pytest.raises(UsageError, match="no such file"):
        read_survey(tmp_path / "missing.csv", small_rubric, entity="T", kind="country")
    with pytest.raises(UsageError, match="no such file"):
        read_survey(tmp_path / "missing.xlsx", small_rubric, entity="T", kind="country")
    with pytest.raises(UsageError, match="is a folder"):
        read_survey(tmp_path, small_rubric, entity="T", kind="country")
    with pytest.raises(UsageError, match="layout 'across'"):
        imported("id,A.1-x\n1,1\n", small_rubric, layout="across")
    with pytest.raises(ProblemsError, match="entity.kind"):
        imported("id,A.1-x\n1,1\n", small_rubric, kind="city")


def test_results_are_frozen(small_rubric):
    imp = imported("id,A.1-x\n1,1\n", small_rubric)
    with pytest.raises(dataclasses.FrozenInstanceError):
        imp.n_rows = 3  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        SurveyMapping().respondent = ("x",)  # type: ignore[misc]
    with pytest.raises(TypeError):
        SurveyMapping(columns={"Q1": "A.1-x"}).columns["Q2"] = "A.1-y"  # type: ignore[index]


def test_long_row_with_several_mistakes_reports_each_once(small_rubric):
    codes = problems_of(
        "respondent,criterion,level,when\na b,A.1-q,9,2025-07-15\n",
        small_rubric,
        mapping=SurveyMapping(time=("when",)),
    )
    assert codes == [
        (2, "criterion", "misspelt-criterion"),
        (2, "respondent", "bad-respondent-id"),
        (2, "level", "bad-answer"),
    ]
