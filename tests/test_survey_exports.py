"""Survey exports as the tools really write them (issue 10, item 6).

Each file here is written the way its tool writes it (see "Survey tools: how their exports are
written" in the shared notes): KoboToolbox (formpack), ODK Central, LimeSurvey, Google Forms,
Microsoft Forms, SurveyMonkey, Excel.
"""

from __future__ import annotations

import datetime as dt
import io
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from assessment.errors import ProblemsError
from assessment.storage.rubrics import resolve_rubric
from assessment.storage.survey import (
    SurveyImport,
    SurveyMapping,
    load_survey_mapping,
    loads_survey_csv,
    read_survey,
    read_survey_table,
)
from assessment.survey import check_survey_mapping, parse_survey, parse_table

KW = {"entity": "Testland", "kind": "country", "country": "XE"}


@pytest.fixture(scope="module")
def gdi():
    return resolve_rubric("gdi-digital-inclusion-2025")


def csv_text(rows: list[list[str]], delimiter: str = ",", quote_all: bool = False) -> str:
    """Rows as a tool writes them: CRLF after every row; every value quoted when asked."""
    q = '"' if quote_all else ""
    return "".join(
        delimiter.join(f"{q}{c.replace(chr(34), chr(34) * 2) if q else c}{q}" for c in row) + "\r\n"
        for row in rows
    )


def imported(text: str, rubric, **kw) -> SurveyImport:
    return loads_survey_csv(text, rubric, source="export.csv", **KW, **kw)


def codes_of(text: str, rubric, **kw) -> list[tuple[int | None, str, str]]:
    with pytest.raises(ProblemsError) as info:
        imported(text, rubric, **kw)
    return [(p.line, p.field, p.code) for p in info.value.problems]


def when(imp: SurveyImport, criterion: str, respondent: str) -> dt.datetime | None:
    r = imp.assessment.response(criterion, respondent)
    assert r is not None, (criterion, respondent)
    return r.answered_at


def level(imp: SurveyImport, criterion: str, respondent: str) -> tuple[str, int | None]:
    r = imp.assessment.response(criterion, respondent)
    assert r is not None, (criterion, respondent)
    return r.status, r.level


# --------------------------------------------------------------------------------------------------
# 1. A truncated download is refused, never imported short


KOBO_HEADER = ["_id", "_uuid", "_submission_time", "scores/A.1-x", "scores/A.1-y"]
KOBO_ROWS = [
    ["41", "4f2a", "2025-07-15T09:31:00", "2", "Developing"],
    ["42", "9c1b", "2025-07-15T09:40:00", "3", "Established"],
]


def test_download_cut_off_inside_a_quoted_cell_is_refused(small_rubric, tmp_path):
    full = "\ufeff" + csv_text([KOBO_HEADER, *KOBO_ROWS], ";", quote_all=True)
    cut = full[: full.index("Establ")]  # the connection dropped inside the last cell
    path = tmp_path / "kobo.csv"
    path.write_bytes(cut.encode("utf-8"))
    with pytest.raises(ProblemsError) as info:
        read_survey(path, small_rubric, **KW)
    (p,) = info.value.problems
    assert (p.code, p.source, p.line) == ("truncated-file", str(path), 3)
    assert "cut off" in p.message and "inside a quoted cell" in p.message
    assert "nothing was imported" in p.hint


def test_download_cut_off_between_cells_is_refused(small_rubric):
    full = csv_text([KOBO_HEADER, *KOBO_ROWS], ";", quote_all=True)
    cut = full[: full.index(';"Establ')]  # after a closing quote: the row is short, no line break
    assert codes_of(cut, small_rubric) == [(3, "", "truncated-file")]


def test_complete_files_without_a_final_line_break_and_stray_quotes_still_import(small_rubric):
    imp = imported('id,A.1-x,A.1-x_notes\n1,2,a 5" screen', small_rubric)
    assert imp.assessment.response("A.1-x", "1").notes == 'a 5" screen'
    # a typed file whose last row is short and lacks the final line break is not "cut off"
    assert level(imported("id,A.1-x,A.1-x_notes\n1,2", small_rubric), "A.1-x", "1") == ("scored", 2)


# --------------------------------------------------------------------------------------------------
# 2. Identity columns inside a form group


def test_odk_central_group_paths_joined_with_a_dash(small_rubric):
    header = [
        "SubmissionDate",
        "intro-participant_name",
        "intro-stakeholder_group",
        "intro-age-group",
        "scores-A.1-x",
        "scores-A.1-y",
        "meta-instanceID",
        "KEY",
        "SubmitterID",
        "SubmitterName",
        "AttachmentsPresent",
        "AttachmentsExpected",
        "Status",
        "ReviewState",
        "DeviceID",
        "Edits",
        "FormVersion",
    ]
    row = ["2025-07-15T09:31:02.114Z", "Ana", "Government", "30-39", "2", "3", "uuid:4f2a-9c"]
    row += ["uuid:4f2a-9c", "5", "enumerator", "0", "0", "", "approved", "", "0", "1"]
    imp = imported(csv_text([header, row]), small_rubric)
    (person,) = imp.assessment.respondents
    assert (person.id, person.name, person.group) == ("4f2a-9c", "Ana", "Government")
    assert when(imp, "A.1-x", "4f2a-9c") == dt.datetime(2025, 7, 15, 9, 31, 2, 114000, dt.UTC)
    assert "intro-age-group" in imp.ignored_columns  # "age-group" is not the stakeholder group


def test_kobo_group_paths_joined_with_a_slash(small_rubric):
    header = ["start", "respondent/name", "respondent/stakeholder_group", "scores/A.1-x", "_id"]
    text = csv_text([header, ["2025-07-15T09:00:00", "Ana", "Academia", "4", "7"]], ";", True)
    imp = imported(text, small_rubric)
    (person,) = imp.assessment.respondents
    assert (person.id, person.name, person.group) == ("7", "Ana", "Academia")


# --------------------------------------------------------------------------------------------------
# 3. Kobo's default "labels" export


def test_kobo_labels_export_matches_question_texts(gdi):
    ks = [gdi.by_id[i].criterion for i in ("I.1-joint-planning", "I.1-balanced-distribution")]
    third = gdi.by_id["I.2-open-sharing"].criterion
    header = ["start", "end", "Participant name", "Stakeholder group"]
    # labels as Kobo shows them (here in other case and spacing), and a title as a label
    header += [ks[0].questions["country"].upper(), "  " + ks[1].questions["country"], third.title]
    header += ["_id", "_uuid", "_submission_time", "_validation_status", "_index"]
    rows = [
        header,
        ["", "", "Ana", "Government", "Developing", "Not started", "Don't know", "41", "u1"]
        + ["2025-07-15T09:31:00", "", "1"],
        ["", "", "Ben", "Business", "Established", "Not applicable", "Leading", "42", "u2"]
        + ["2025-07-15T09:40:00", "", "2"],
    ]
    text = csv_text(rows, ";", quote_all=True)
    assert "," in header[4]  # commas inside the labels, ";" between them
    imp = loads_survey_csv(text, gdi, entity="Examplia", kind="country", country="XE")
    assert imp.layout == "wide"
    assert level(imp, "I.1-joint-planning", "41") == ("scored", 2)
    assert level(imp, "I.1-balanced-distribution", "41") == ("scored", 0)
    assert level(imp, "I.2-open-sharing", "41") == ("dont-know", None)
    assert level(imp, "I.1-balanced-distribution", "42") == ("not-applicable", None)
    assert level(imp, "I.2-open-sharing", "42") == ("scored", 4)
    assert [(p.name, p.group) for p in imp.assessment.respondents] == [
        ("Ana", "Government"),
        ("Ben", "Business"),
    ]


def test_a_label_that_is_only_close_to_a_question_is_not_guessed(gdi):
    question = gdi.by_id["I.1-joint-planning"].criterion.questions["country"]
    text = csv_text([["_id", question.rstrip("?")], ["1", "Developing"]], ";", True)
    with pytest.raises(ProblemsError) as info:
        loads_survey_csv(text, gdi, entity="Examplia", kind="country", country="XE")
    assert [p.code for p in info.value.problems] == ["no-criterion-columns"]


# --------------------------------------------------------------------------------------------------
# 4. Timestamps as tools write them; a timestamp never rejects a file


@pytest.mark.parametrize(
    ("cells", "expected", "dayfirst"),
    [
        # Google Forms in a US-locale sheet
        (["7/21/2025 9:12:40", "7/3/2025 17:01:02"], dt.datetime(2025, 7, 21, 9, 12, 40), None),
        # European Excel: 15/07 settles the column, so 05/07 is 5 July
        (["05/07/2025 10:07", "15/07/2025 11:00"], dt.datetime(2025, 7, 5, 10, 7), None),
        (["05.07.2025 10:07", "15.07.2025 11:00"], dt.datetime(2025, 7, 5, 10, 7), None),
        # ambiguous: month-first unless asked; 7/21 settles it whatever is asked
        (["05/07/2025 10:07", "06/07/2025 11:00"], dt.datetime(2025, 5, 7, 10, 7), None),
        (["05/07/2025 10:07", "06/07/2025 11:00"], dt.datetime(2025, 7, 5, 10, 7), True),
        (["05/07/2025 10:07", "07/21/2025 11:00"], dt.datetime(2025, 5, 7, 10, 7), True),
        # SurveyMonkey
        (["07/21/2025 09:12:40 PM", ""], dt.datetime(2025, 7, 21, 21, 12, 40), None),
        (["07/21/2025 12:05:00 AM", ""], dt.datetime(2025, 7, 21, 0, 5), None),
        # ISO with and without a zone; a date alone
        (["2025-07-15T10:07:00+03:00", ""], dt.datetime(2025, 7, 15, 7, 7, tzinfo=dt.UTC), None),
        (["2025-07-15 10:07:00", ""], dt.datetime(2025, 7, 15, 10, 7), None),
        (["2025-07-15", ""], dt.datetime(2025, 7, 15), None),
        # what cannot be read is left out, never a problem
        (["yesterday", "2025-07-15"], None, None),
        (["31/31/2025", "2025-07-15"], None, None),
    ],
)
def test_timestamps_as_tools_write_them(small_rubric, cells, expected, dayfirst):
    rows = [["id", "Timestamp", "A.1-x"], ["1", cells[0], "2"], ["2", cells[1], "3"]]
    imp = imported(csv_text(rows), small_rubric, dayfirst=dayfirst)
    assert when(imp, "A.1-x", "1") == expected


def test_xlsx_times_as_serial_numbers_and_date_cells(small_rubric, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "Timestamp", "A.1-x"])
    sheet.append(["1", 45853.421296296, 2])  # Excel serial: 2025-07-15 10:06:40
    sheet.append(["2", dt.datetime(2025, 7, 16, 8, 30), 3])
    sheet.append(["3", "not a time", 1])
    path = tmp_path / "times.xlsx"
    book.save(path)
    imp = read_survey(path, small_rubric, **KW)
    assert when(imp, "A.1-x", "1") == dt.datetime(2025, 7, 15, 10, 6, 40)
    assert when(imp, "A.1-x", "2") == dt.datetime(2025, 7, 16, 8, 30)
    assert when(imp, "A.1-x", "3") is None


def test_dayfirst_in_the_core(small_rubric):
    t = parse_table([("id", "Timestamp", "A.1-x"), ("1", "03/04/2025", "2")], "mem")
    got = parse_survey(t, small_rubric, **KW, dayfirst=True)
    assert when(got, "A.1-x", "1") == dt.datetime(2025, 4, 3)


# --------------------------------------------------------------------------------------------------
# 5. LimeSurvey: codes of letters and digits, through a mapping file

LIME_MAPPING = """\
# LimeSurvey question and answer codes of the Examplia survey
columns:
  Q01: A.1-x
  Q02[SQ001]: A.1-y
  Q02[SQ002]: B.1-p
answers:
  AO01: 0
  AO02: 1
  AO03: 2
  AO04: 3
  AO05: 4
  AO06: n/a
  AO07: dont-know
"""


def lime_export(tmp_path: Path) -> Path:
    """LimeSurvey's CSV: BOM, ";" , every value quoted, CRLF, question codes, answer codes."""
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "Q01"]
    header += ["Q02[SQ001]", "Q02[SQ002]"]
    rows = [
        header,
        ["11", "2025-07-15 10:07:00", "3", "en", "1234", "AO03", "AO04", "AO06"],
        ["12", "2025-07-15 10:09:00", "3", "en", "5678", "ao02", "", "AO07"],
    ]
    path = tmp_path / "results-survey123456.csv"
    path.write_bytes(b"\xef\xbb\xbf" + csv_text(rows, ";", quote_all=True).encode("utf-8"))
    return path


def test_limesurvey_export_with_a_mapping_file(small_rubric, tmp_path):
    (tmp_path / "map.yaml").write_text(LIME_MAPPING, encoding="utf-8")
    mapping = load_survey_mapping(tmp_path / "map.yaml")
    assert mapping.columns["Q02[SQ001]"] == "A.1-y" and mapping.answers["AO06"] == "n/a"
    imp = read_survey(lime_export(tmp_path), small_rubric, **KW, mapping=mapping)
    assert level(imp, "A.1-x", "11") == ("scored", 2)
    assert level(imp, "A.1-y", "11") == ("scored", 3)
    assert level(imp, "B.1-p", "11") == ("not-applicable", None)
    assert level(imp, "A.1-x", "12") == ("scored", 1)  # codes in any case
    assert level(imp, "B.1-p", "12") == ("dont-know", None)
    assert when(imp, "A.1-x", "12") == dt.datetime(2025, 7, 15, 10, 9)
    # the path of the mapping file is enough (for `workshop import --mapping FILE`)
    again = read_survey(lime_export(tmp_path), small_rubric, **KW, mapping=tmp_path / "map.yaml")
    assert again.assessment == imp.assessment


def test_answer_codes_in_the_core_and_in_long_files(small_rubric):
    mapping = SurveyMapping(answers={"A1": 0, "A2": "Initial", "A9": "dont-know"})
    t = parse_table(
        [("respondent", "criterion", "level"), ("p1", "A.1-x", "A2"), ("p1", "A.1-y", "A9")],
        "mem",
    )
    got = parse_survey(t, small_rubric, **KW, mapping=mapping)
    assert level(got, "A.1-x", "p1") == ("scored", 1)
    assert level(got, "A.1-y", "p1") == ("dont-know", None)
    bad = check_survey_mapping(SurveyMapping(answers={"AO01": 7}), "m.yaml")
    assert [(p.code, p.field, p.params["code"]) for p in bad] == [
        ("bad-mapping-answer", "answers", "AO01")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- Q01\n", [(1, "", "bad-survey-mapping")]),
        ("columns:\n  Q01: A.1-x\ncolumn:\n  Q02: A.1-y\n", [(3, "column", "bad-survey-mapping")]),
        ("columns: [Q01]\n", [(1, "columns", "bad-survey-mapping")]),
        ("columns:\n  Q01: 3\n", [(2, "columns.Q01", "bad-survey-mapping")]),
        ("respondent: 3\n", [(1, "respondent", "bad-survey-mapping")]),
        ("answers:\n  AO01: 0\n  AO02: seven\n", [(3, "answers.AO02", "bad-mapping-answer")]),
        ("columns:\n  Q01: A.1-x\n  Q01: A.1-y\n", [(3, "", "duplicate-key")]),
    ],
)
def test_bad_mapping_files_are_located(tmp_path, text, expected):
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsError) as info:
        load_survey_mapping(path)
    got = [(p.line, p.field, p.code) for p in info.value.problems]
    assert [(g[0], g[2]) for g in got] == [(e[0], e[2]) for e in expected]
    if expected[0][2] != "duplicate-key":
        assert got == expected
    assert all(p.source == str(path) for p in info.value.problems)


# --------------------------------------------------------------------------------------------------
# 6. SurveyMonkey's two header rows


def test_surveymonkey_two_header_rows(small_rubric):
    top = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address"]
    top += ["Email Address", "First Name", "Last Name", "Custom Data 1"]
    top += ["Does the country do x?", "Please rate each of these:", "", "Any comments?"]
    second = ["", "", "", "", "", "", "", "", "", "Response", "Criterion y", "Criterion p"]
    second += ["Open-Ended Response"]
    row = ["114", "4321", "07/21/2025 09:02:10 AM", "07/21/2025 09:12:40 AM", "10.0.0.1"]
    row += ["", "", "", "", "Developing", "Established", "Not applicable", "Good"]
    imp = imported(csv_text([top, second, row]), small_rubric)
    assert level(imp, "A.1-x", "114") == ("scored", 2)
    assert level(imp, "A.1-y", "114") == ("scored", 3)
    assert level(imp, "B.1-p", "114") == ("not-applicable", None)
    assert when(imp, "A.1-x", "114") == dt.datetime(2025, 7, 21, 9, 12, 40)  # End Date
    assert "Any comments?" in imp.ignored_columns


# --------------------------------------------------------------------------------------------------
# 7. Microsoft Forms keeps the completion time


def test_microsoft_forms_completion_time(small_rubric, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"]
                 + ["Does the country do x?", "Does the country do y?"])  # fmt: skip
    sheet.append([1, dt.datetime(2025, 7, 21, 9, 2, 11), dt.datetime(2025, 7, 21, 9, 12, 40)]
                 + ["anonymous", "anonymous", None, "Initial", "Leading"])  # fmt: skip
    path = tmp_path / "Examplia survey(1-1).xlsx"
    book.save(path)
    imp = read_survey(path, small_rubric, **KW)
    assert level(imp, "A.1-y", "1") == ("scored", 4)
    assert when(imp, "A.1-x", "1") == dt.datetime(2025, 7, 21, 9, 12, 40)


# --------------------------------------------------------------------------------------------------
# 8. XLSX archives bounded before they are read


def _workbook_bytes() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["id", "A.1-x"])
    book.active.append(["1", 2])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _rewrite_sheet(path: Path, sheet: bytes | None = None, *, bomb_mb: int = 0) -> Path:
    """A real workbook whose first sheet is replaced: by ``sheet``, or by a zip bomb."""
    with (
        zipfile.ZipFile(io.BytesIO(_workbook_bytes())) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out,
    ):
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                out.writestr(info, src.read(info))
            elif sheet is not None:
                out.writestr(info.filename, sheet)
            else:
                # a row, then a megabyte of the same byte: deflate packs it about 1,000 to 1
                row = b"<row><c><v>1</v></c></row>" + b" " * 1_000_000
                with out.open(info.filename, "w") as f:
                    f.write(b'<?xml version="1.0"?><worksheet><sheetData>')
                    for _ in range(bomb_mb):
                        f.write(row)
                    f.write(b"</sheetData></worksheet>")
    return path


def test_zip_bomb_is_refused_from_the_zip_directory(small_rubric, tmp_path, monkeypatch):
    path = _rewrite_sheet(tmp_path / "bomb.xlsx", bomb_mb=175)
    assert 100_000 < path.stat().st_size < 400_000  # ~172 KB on disk, ~175 MB unpacked

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    tracemalloc.start()
    try:
        with pytest.raises(ProblemsError) as info:
            read_survey(path, small_rubric, **KW)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    (p,) = info.value.problems
    assert (p.code, p.source) == ("xlsx-too-large", str(path))
    assert "xl/worksheets/sheet1.xml" in p.message and "zip bombs" in p.message
    assert peak < 5_000_000


def test_sheet_declaring_too_many_rows_is_refused(small_rubric, tmp_path):
    sheet = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><dimension ref="A1:B300000"/><sheetData/></worksheet>'
    )
    path = _rewrite_sheet(tmp_path / "huge.xlsx", sheet)
    with pytest.raises(ProblemsError) as info:
        read_survey(path, small_rubric, **KW)
    (p,) = info.value.problems
    assert p.code == "xlsx-too-large"
    assert "300,000 rows" in p.message


def test_ordinary_workbooks_pass_the_bounds(small_rubric, tmp_path):
    path = tmp_path / "ok.xlsx"
    path.write_bytes(_workbook_bytes())
    assert level(read_survey(path, small_rubric, **KW), "A.1-x", "1") == ("scored", 2)


def test_xlsx_text_typed_with_an_equals_sign_and_line_breaks_reads_as_typed(tmp_path):
    """Kobo writes its XLSX export with XlsxWriter: an answer starting with ``=`` becomes a
    formula whose saved result is 0, and a carriage return is stored as ``_x000D_``."""

    def cell(ref: str, text: str) -> str:
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'

    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f'<row r="1">{cell("A1", "_id")}{cell("B1", "evidence")}{cell("C1", "name")}{cell("D1", "weight")}</row>'
        f'<row r="2">{cell("A2", "41")}<c r="B2"><f>cmd|\' /C calc\'!A0</f><v>0</v></c>'
        f'{cell("C2", "line1_x000D_&#10;line2 _x005F_x000D_")}<c r="D2"><f>2*3</f><v>6</v></c></row>'
        f'<row r="3">{cell("A3", "42")}<c r="B3"><f>HYPERLINK("http://x")</f></c>{cell("C3", "plain")}<c r="D3"><v>0</v></c></row>'
        f'<row r="4">{cell("A4", "43")}<c r="B4" t="str"><f>IF(1=1,"","x")</f><v></v></c>{cell("C4", "lone _xD83D_ and _x0000_")}</row>'
        "</sheetData></worksheet>"
    ).encode()  # fmt: skip
    path = _rewrite_sheet(tmp_path / "kobo.xlsx", sheet)
    table, _ = read_survey_table(path)
    rows = [tuple(cells) for _, cells in table.rows]
    assert rows[0][1] == "=cmd|' /C calc'!A0"  # what was typed, not the formula's 0
    assert rows[0][2] == "line1\r\nline2 _x000D_"  # an escaped escape stays as typed
    assert rows[0][3] in (6, "6")  # a formula with its worked-out result keeps the result
    assert rows[1][1] == '=HYPERLINK("http://x")' and rows[1][3] in (0, "0")
    # a formula whose worked-out result is empty text stays empty; codes XML cannot hold stay
    assert rows[2][1] in (None, "") and rows[2][2] == "lone _xD83D_ and _x0000_"
