"""Files a person opens elsewhere: spreadsheets that cannot run formulas, formats that match their
names, modes that follow the umask, names that fit the file system, charts and text drawn as typed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import stat
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from pydantic import ValidationError

from assessment import Respondent, Response, load_assessment, new_assessment, save_assessment
from assessment.cli import main
from assessment.errors import ProblemsError, RenderError
from assessment.render.charts import figure_svg, radar_chart
from assessment.render.output import report_stem, safe_filename, write_reports
from assessment.render.rowcharts import gap_chart
from assessment.report import build_report
from assessment.responses import problems_from
from assessment.storage import atomic
from assessment.storage.assessments import (
    CSV_COLUMNS,
    dumps_assessment,
    dumps_responses_csv,
    loads_responses_csv,
    read_responses_xlsx,
    write_responses_xlsx,
)
from assessment.storage.atomic import write_atomic

from .conftest import DATA
from .test_report import make_assessment

SMALL = str(DATA / "rubric-valid-small.yaml")

#: Text a spreadsheet would run as a formula, as typed by a person.
FORMULAS = [
    "=1+1",
    "+1",
    "-1",
    "@SUM(A1)",
    " =1+1",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "=cmd|' /C calc'!A0",
]


def _risky(cell: str) -> bool:
    """Whether a spreadsheet (after trimming spaces) could read ``cell`` as a formula."""
    return cell[:1] in ("\t", "\r") or cell.strip()[:1] in ("=", "+", "-", "@")


@pytest.fixture
def typed(small_rubric):
    """An assessment whose free text looks like formulas everywhere a person types."""
    a = new_assessment(
        small_rubric, entity="=Examplia", kind="country", country="XT", date=dt.date(2025, 6, 30)
    )
    a = a.with_respondents([Respondent(id="r2", name="@Amina", group="-civil society")])
    rows = [
        Response(
            criterion="A.1-x",
            respondent="r2",
            status="scored",
            level=2,
            target=4,
            evidence=FORMULAS[5],
            notes=FORMULAS[4],
            links=("=HYPERLINK(x)",),
        ),
        Response(criterion="A.2-z", respondent="r2", status="not-applicable", reason="=1+1"),
        Response(criterion="B.1-p", respondent="self", status="dont-know", notes="'quoted"),
        Response(criterion="B.1-q", respondent="self", status="scored", level=0, evidence="+1"),
    ]
    for i, text in enumerate(FORMULAS):
        rows.append(
            Response(criterion=f"A.1-{i}", respondent="self", status="dont-know", evidence=text)
        )
    for r in rows:
        a = a.with_response(r)
    return a


# -- 1. formula injection -------------------------------------------------------------------------


def test_csv_cells_never_start_a_formula(typed):
    text = dumps_responses_csv(typed)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == list(CSV_COLUMNS)
    cells = [c for row in rows[1:] for c in row]
    assert not [c for c in cells if _risky(c)]
    assert "'\t=1+1" in cells and "' =1+1" in cells and "'=HYPERLINK(x)" in cells
    assert "'@Amina" in cells and "'-civil society" in cells and "''quoted" in cells
    level = CSV_COLUMNS.index("level")
    assert [row[level] for row in rows[1:5]] == ["2", "", "", "0"]  # numbers stay numbers


def test_csv_round_trip_gives_back_the_text_as_typed(typed):
    people, responses = loads_responses_csv(dumps_responses_csv(typed))
    assert responses == typed.responses
    assert {p.id: p for p in people}["r2"] == typed.respondents[1]
    assert [r.evidence for r in responses[4:]] == FORMULAS
    # and the JSON holds the text exactly as typed, with no escape
    data = json.loads(dumps_assessment(typed))
    assert [r.get("evidence", "") for r in data["responses"][4:]] == FORMULAS
    assert data["responses"][2]["notes"] == "'quoted"


def test_import_removes_only_our_escape():
    head = "criterion,respondent,status,evidence,notes\r\n"
    rows = [
        "A.1-x,self,dont-know,'\t=1+1,'hello",  # our escape; a quote a person typed
        "A.1-y,self,dont-know,'=1+1,''=1",  # a spreadsheet's escape, and an escaped quote
    ]
    _, (first, second) = loads_responses_csv(head + "\r\n".join(rows) + "\r\n")
    assert (first.evidence, first.notes) == ("\t=1+1", "'hello")  # never trimmed to "=1+1"
    assert (second.evidence, second.notes) == ("=1+1", "'=1")


def test_xlsx_cells_are_text_never_formulas(typed, tmp_path):
    path = write_responses_xlsx(typed, tmp_path / "responses.xlsx")
    ws = openpyxl.load_workbook(path).worksheets[0]
    rows = list(ws.iter_rows())
    assert [c.value for c in rows[0]] == list(CSV_COLUMNS)
    cells = [c for row in rows[1:] for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert not [c.value for c in cells if isinstance(c.value, str) and _risky(c.value)]
    level = CSV_COLUMNS.index("level")
    assert [row[level].value for row in rows[1:5]] == [2, None, None, 0]  # numbers, not text
    people, responses = read_responses_xlsx(path)
    # XML keeps no carriage return: a line break in a workbook cell comes back as "\n"
    lf = [
        r.model_copy(update={"evidence": r.evidence.replace("\r", "\n")}) for r in typed.responses
    ]
    assert responses == tuple(lf)
    assert {p.id: p for p in people}["r2"] == typed.respondents[1]


def test_score_csv_keeps_titles_from_running(tmp_path, capsys):
    rubric = tmp_path / "rubric.yaml"
    text = Path(SMALL).read_text(encoding="utf-8")
    rubric.write_text(text.replace("short_title: A", 'short_title: "=A+1"'), encoding="utf-8")
    out = tmp_path / "a.json"
    args = ["new", "--rubric", str(rubric), "--entity", "X", "--kind", "country", "-o", str(out)]
    assert main(args) == 0
    capsys.readouterr()
    assert main(["score", str(out), "--rubric", str(rubric), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[1][:3] == ["A", "'=A+1", "1"]  # the weight stays a number


# -- 2. the format follows the extension ----------------------------------------------------------


def test_responses_export_writes_the_format_its_name_says(typed, tmp_path, capsys):
    a = save_assessment(typed, tmp_path / "a.json")
    xlsx, csv_path = tmp_path / "out.xlsx", tmp_path / "out.csv"
    assert main(["responses", "export", str(a), str(xlsx)]) == 0
    assert zipfile.is_zipfile(xlsx)
    assert [r.criterion for r in read_responses_xlsx(xlsx)[1]] == [
        r.criterion for r in typed.responses
    ]
    assert main(["responses", "export", str(a), str(csv_path)]) == 0
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbfcriterion,")
    capsys.readouterr()
    assert main(["responses", "export", str(a), str(tmp_path / "out.ods")]) == 1
    err = capsys.readouterr().err
    assert "out.ods" in err and ".csv, .xlsx" in err and "Traceback" not in err
    assert not (tmp_path / "out.ods").exists()


def test_responses_import_reads_xlsx(typed, small_rubric, tmp_path, capsys):
    source = save_assessment(typed, tmp_path / "source.json")
    xlsx = tmp_path / "out.xlsx"
    assert main(["responses", "export", str(source), str(xlsx)]) == 0
    empty = new_assessment(
        small_rubric, entity="=Examplia", kind="country", country="XT", date=dt.date(2025, 6, 30)
    )
    target = save_assessment(empty, tmp_path / "target.json")
    args = ["responses", "import", str(target), str(xlsx), "--rubric", SMALL]
    assert main(args) == 1  # criteria A.1-0 ... are not in the rubric: refused, nothing saved
    assert load_assessment(target) == empty
    kept = typed.model_copy(update={"responses": typed.responses[:4]})
    save_assessment(kept, source)
    assert main(["responses", "export", str(source), str(xlsx)]) == 0
    assert main(args) == 0
    assert load_assessment(target).responses == kept.responses
    capsys.readouterr()
    assert main(["responses", "import", str(target), str(tmp_path / "x.txt")]) == 1
    assert ".csv, .xlsx" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["new", "--rubric", SMALL, "--entity", "X", "--kind", "country", "-o"], "a.xlsx"),
        (["schema", "-o"], "schema.yaml"),
        (["workbook", SMALL, "--out"], "workbook.html"),
    ],
)
def test_commands_refuse_a_name_of_another_format(args, name, tmp_path, capsys):
    assert main([*args, str(tmp_path / name)]) == 1
    err = capsys.readouterr().err
    assert name in err and "must end in ." in err
    assert not (tmp_path / name).exists()


# -- 3. saved files: modes, links, temporary files ------------------------------------------------


@pytest.fixture
def umask():
    """Set the umask for one test, and restore it after."""
    before = os.umask(0o022)
    os.umask(before)
    yield os.umask
    os.umask(before)


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
@pytest.mark.parametrize(("mask", "mode"), [(0o002, 0o664), (0o022, 0o644), (0o077, 0o600)])
def test_a_new_file_gets_the_mode_the_umask_says(umask, tmp_path, mask, mode):
    umask(mask)
    path = write_atomic(tmp_path / "new.json", "{}")
    assert stat.S_IMODE(path.stat().st_mode) == mode


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_an_existing_file_keeps_its_mode(umask, tmp_path, typed):
    umask(0o022)
    path = tmp_path / "shared.json"
    path.write_text("{}")
    path.chmod(0o664)
    save_assessment(typed, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o664
    assert load_assessment(path) == typed


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_saving_through_a_link_updates_its_target(tmp_path, typed):
    real = tmp_path / "data" / "a.json"
    real.parent.mkdir()
    real.write_text("{}")
    real.chmod(0o640)
    link = tmp_path / "a.json"
    link.symlink_to(Path("data") / "a.json")
    assert save_assessment(typed, link) == link
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert load_assessment(real) == typed
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "data"]  # no temp file
    assert [p.name for p in real.parent.iterdir()] == ["a.json"]


def test_stale_temporary_files_are_removed_by_the_next_save(tmp_path):
    stale = tmp_path / ".a.json.0123456789ab.tmp"
    old_style = tmp_path / ".a.json.k3j_x9qz.tmp"  # named by mkstemp, as before
    fresh = tmp_path / ".a.json.ba9876543210.tmp"  # a save running at this moment
    other = tmp_path / ".b.json.0123456789ab.tmp"  # another file's
    mine = tmp_path / ".a.json.notes.tmp.txt"  # not our pattern
    for p in (stale, old_style, fresh, other, mine):
        p.write_text("half")
    hours_ago = time.time() - 2 * atomic.STALE_SECONDS
    for p in (stale, old_style, other, mine):
        os.utime(p, (hours_ago, hours_ago))
    write_atomic(tmp_path / "a.json", "{}")
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(p.name for p in (tmp_path / "a.json", fresh, other, mine))


def test_temporary_file_is_removed_when_writing_fails(tmp_path, monkeypatch):
    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(OSError, match="No space"):
        write_atomic(tmp_path / "a.json", "{}")
    assert list(tmp_path.iterdir()) == []


def test_temporary_name_fits_beside_a_long_name(tmp_path):
    name = "中" * 83 + ".js"  # 252 bytes: the temporary name is shortened, not the file's
    path = write_atomic(tmp_path / name, "{}")
    assert path.read_text() == "{}" and [p.name for p in tmp_path.iterdir()] == [name]


# -- 4. file names within 255 bytes ---------------------------------------------------------------


def test_report_for_a_long_chinese_name_fits_the_file_system(small_rubric, tmp_path):
    r = build_report(small_rubric, make_assessment(small_rubric, entity="数字包容" * 50))
    written = write_reports(r, tmp_path, ["html"])
    name = written["html"].name
    assert written["html"].is_file() and len(name.encode("utf-8")) <= 255
    assert name.startswith("数字包容") and name.endswith("-test-small-baseline-2025-03-01.html")
    assert len((report_stem(r) + ".pdf").encode("utf-8")) <= 255


def test_report_for_a_long_arabic_name_writes_both_files(small_rubric, tmp_path):
    entity = "مَدِينَة " * 40  # 360 characters with their vowel signs
    r = build_report(small_rubric, make_assessment(small_rubric, entity=entity))
    written = write_reports(r, tmp_path, ["pdf", "html"])
    for path in written.values():
        assert path.is_file() and len(path.name.encode("utf-8")) <= 255
    assert written["pdf"].read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("text", ["中" * 200, "مَ" * 200, "é" * 300, "a" * 500])
def test_safe_filename_cuts_between_whole_letters(text):
    name = safe_filename(text, limit=400, max_bytes=101)
    assert len(name.encode("utf-8")) <= 101 and text.startswith(name)
    assert not text[len(name) :].startswith(("\u064e",))  # a vowel sign stays with its letter


def test_safe_filename_keeps_combining_marks():
    assert safe_filename("नमस्ते दुनिया") == "नमस्ते-दुनिया"  # Hindi vowel signs are part of a word


# -- 5. dollars are text in charts ----------------------------------------------------------------


def test_charts_draw_dollars_as_typed():
    import matplotlib as mpl

    labels = ["Cost $5 to $10", "B", "C"]
    fig = radar_chart(labels, {"current": [1, 2, 3]}, names={"current": "Round $1$"}, title="$x$")
    svg = figure_svg(fig)  # glyphs as paths: mathtext would add oblique glyphs
    assert "DejaVuSans-Oblique" not in svg
    with mpl.rc_context({"svg.fonttype": "none"}):
        svg = figure_svg(fig)
    for text in ("Cost $5 to $10", "Round $1$", "$x$"):
        assert f">{text}</text>" in svg
    assert "oblique" not in svg and "<tspan" not in svg


@pytest.mark.parametrize("label", ["$\\frac$", "a $x^$ b", "$$", "$", "\\$5 $"])
def test_unbalanced_dollars_never_raise(label):
    import matplotlib as mpl

    svg = gap_chart([label], [1.0], [2.0], names={"current": label})
    assert f">{label}</text>" in svg
    with mpl.rc_context({"svg.fonttype": "none"}):
        figure_svg(radar_chart([label, "B", "C"], {"current": [1, 2, 3]}, title=label))


# -- 6. control characters ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "named"),
    [("ok\x07", "U+0007 (BELL)"), ("\x1b[31mred", "U+001B (ESCAPE)"), ("a\x00b", "U+0000 (NULL)"),
     ("a\x7f", "U+007F (DELETE)"), ("a\x9b", "U+009B (CONTROL SEQUENCE INTRODUCER)")],
)  # fmt: skip
@pytest.mark.parametrize("field", ["evidence", "notes", "reason"])
def test_control_characters_are_named_where_they_are(text, named, field):
    values = {"criterion": "A.1-x", "respondent": "self", "status": "not-applicable"}
    values |= {"reason": "no law"} | {field: text}
    with pytest.raises(ValidationError) as info:
        Response.model_validate(values)
    (p,) = problems_from(info.value)
    assert (p.code, p.field) == ("control-character", field)
    assert named in p.message and "delete it" in p.hint


def test_names_and_links_refuse_control_characters():
    with pytest.raises(ValidationError) as info:
        Respondent(id="r1", name="Ann\x1b[0m", group="gov\x00")
    assert [(p.code, p.field) for p in problems_from(info.value)] == [
        ("control-character", "name"),
        ("control-character", "group"),
    ]
    with pytest.raises(ValidationError, match="U\\+0007"):
        Response(criterion="A.1-x", respondent="s", status="dont-know", links=("https://x\x07",))


def test_tabs_and_line_breaks_stay_allowed():
    r = Response(
        criterion="A.1-x", respondent="s", status="dont-know", evidence="a\tb\r\nc", notes="1\n2"
    )
    assert (r.evidence, r.notes) == ("a\tb\r\nc", "1\n2")


def test_control_characters_in_files_are_located(tmp_path):
    with pytest.raises(ProblemsError) as info:
        load_assessment(DATA / "problems" / "control-character.assessment.json")
    (p,) = info.value.problems
    assert (p.line, p.field) == (34, "responses[0].evidence") and "U+0007 (BELL)" in p.message
    sheet = "criterion,respondent,respondent_name,status\r\nA.1-x,self,Ann\x1b,dont-know\r\n"
    with pytest.raises(ProblemsError) as info:
        loads_responses_csv(sheet, "s.csv")
    (p,) = info.value.problems
    assert (p.source, p.line, p.field) == ("s.csv", 2, "respondent_name")
    assert "U+001B (ESCAPE)" in p.message


# -- 7. a PDF failure never costs the HTML --------------------------------------------------------

NO_FONT = "Ward \U00013000"  # an Egyptian hieroglyph: no bundled or system font has it


def test_html_is_written_when_the_pdf_fails(small_rubric, tmp_path):
    r = build_report(small_rubric, make_assessment(small_rubric, entity=NO_FONT))
    with pytest.raises(RenderError, match="cannot print the character") as info:
        write_reports(r, tmp_path, ["pdf", "html"])
    html = tmp_path / f"{report_stem(r)}.html"
    assert html.is_file() and "<!DOCTYPE html>" in html.read_text(encoding="utf-8")
    assert not (tmp_path / f"{report_stem(r)}.pdf").exists()
    assert f"The HTML report was written: {html}" in str(info.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == [html.name]  # no temporary file


def test_report_command_says_the_html_was_written(small_rubric, tmp_path, capsys):
    a = save_assessment(make_assessment(small_rubric, entity=NO_FONT), tmp_path / "a.json")
    out = tmp_path / "reports"
    assert main(["report", str(a), "--rubric", SMALL, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "cannot print the character" in err and "The HTML report was written" in err
    assert [p.suffix for p in out.iterdir()] == [".html"]
