"""Assess once, report many (issue 14, part 5): each criterion mapped to SDG targets, Global Digital
Compact objectives and WSIS action lines, and an assessment's scores seen through each of them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math

import pytest
from openpyxl import load_workbook

from assessment import ProblemsError, new_assessment, save_assessment, score_assessment
from assessment.cli import main
from assessment.frameworks import (
    FRAMEWORKS,
    TABLE_COLUMNS,
    FrameworkMapping,
    coverage_map,
    framework_table,
    missing_indicator_targets,
    natural_key,
    parse_framework_reference,
    sdg_target,
)
from assessment.responses import Response
from assessment.storage.frameworks import (
    FRAMEWORKS_DIR,
    REFERENCE,
    dumps_framework_csv,
    load_framework_mapping,
    load_framework_reference,
    mapping_path,
    write_framework_table,
)
from assessment.storage.rubrics import bundled_rubrics, load_rubric, resolve_rubric
from assessment.storage.yamlfile import parse_yaml

from .conftest import DATA, ROOT

BUNDLED = ["gdi-digital-inclusion-2025", "gdi-digital-cooperation-2024"]
SMALL = str(DATA / "rubric-valid-small.yaml")

#: the small rubric's five criteria mapped with codes of the bundled reference list
SMALL_MAPPING = """\
format: gdi-framework-mapping/1
rubric: test-small
criteria:
  A.1-x: {sdg: ["9.c", "17.10"], gdc: ["1.2"], wsis: [C2]}
  A.1-y: {sdg: ["17.6"], gdc: [1, 2], wsis: [C10, C2]}
  A.2-z: {sdg: ["9.c"], wsis: [C2]}
  B.1-p: {sdg: ["17.10", "9.c"], gdc: [2]}
  B.1-q: {sdg: ["17.6"]}
"""


def _mapping_file(tmp_path, text=SMALL_MAPPING):
    path = tmp_path / "test-small.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _assessment(rubric, kind="country"):
    """A.1-x level 3; A.1-y level 1 aiming at 4; A.2-z not applicable; B.1-p don't know;
    B.1-q level 2 (default target 3)."""
    a = new_assessment(rubric, entity="Testland", kind=kind, country="XT", date=dt.date(2025, 6, 1))  # fmt: skip
    for r in [
        Response(criterion="A.1-x", respondent="self", status="scored", level=3),
        Response(criterion="A.1-y", respondent="self", status="scored", level=1, target=4),
        Response(criterion="A.2-z", respondent="self", status="not-applicable", reason="None."),
        Response(criterion="B.1-p", respondent="self", status="dont-know"),
        Response(criterion="B.1-q", respondent="self", status="scored", level=2),
    ]:
        if kind in rubric.by_id[r.criterion].criterion.applies_to:
            a = a.with_response(r)
    return a


# -- the bundled mappings -----------------------------------------------------------------------------


def test_the_mappings_ship_beside_the_rubrics():
    assert REFERENCE.is_file()
    assert {p.stem for p in FRAMEWORKS_DIR.glob("*.yaml")} == {"frameworks", *bundled_rubrics()}


@pytest.mark.parametrize("rubric_id", BUNDLED)
def test_a_bundled_mapping_validates_and_covers_every_criterion(rubric_id):
    rubric = resolve_rubric(rubric_id)
    mapping = load_framework_mapping(rubric)
    assert list(mapping.criteria) == list(rubric.by_id)  # every criterion, in rubric order
    for cid, links in mapping.criteria.items():
        assert links.sdg, f"{cid} serves no SDG target"
        for framework in FRAMEWORKS:
            codes = links.codes(framework)
            assert list(codes) == sorted(set(codes), key=natural_key), cid


@pytest.mark.parametrize("rubric_id", BUNDLED)
def test_every_sdg_indicator_a_criterion_names_has_its_target_mapped(rubric_id):
    rubric = resolve_rubric(rubric_id)
    mapping = load_framework_mapping(rubric)
    checked = 0
    for ref in rubric.refs:
        for ind in ref.criterion.indicators:
            if ind.code and ind.code.startswith("SDG "):
                target = ind.code.removeprefix("SDG ").rsplit(".", 1)[0]  # 9.c.1 belongs to 9.c
                assert target in mapping.criteria[ref.criterion.id].sdg, (ref.criterion.id, ind.code)  # fmt: skip
                checked += 1
    assert checked >= 10
    assert missing_indicator_targets(rubric, mapping) == []


def test_the_reference_names_what_the_mappings_use_with_its_sources():
    reference = load_framework_reference()
    assert reference["sdg"].source == "UN General Assembly resolution 70/1 (2015), A/RES/71/313 indicator framework"  # fmt: skip
    assert reference["gdc"].source == "Global Digital Compact, annex I to A/RES/79/1 (2024)"
    assert reference["wsis"].source == "WSIS Geneva Plan of Action (2003)"
    gdc_codes = list(reference["gdc"].codes)
    assert [c for c in gdc_codes if "." not in c] == ["1", "2", "3", "4", "5"]  # the objectives
    # and the sections of objectives 1, 3 and 4, each under its objective
    assert [c for c in gdc_codes if "." in c] == ["1.1", "1.2", "1.3", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3"]  # fmt: skip
    assert list(reference["wsis"].codes) == [f"C{n}" for n in range(1, 12)]
    used = set()
    for rid in BUNDLED:
        used |= {c for links in load_framework_mapping(resolve_rubric(rid)).criteria.values() for c in links.sdg}  # fmt: skip
    assert set(reference["sdg"].codes) == used  # every SDG target listed is one a criterion serves
    for framework in FRAMEWORKS:
        codes = list(reference[framework].codes)
        assert codes == sorted(codes, key=natural_key), framework
        for code, title in reference[framework].codes.items():
            assert 3 <= len(title) <= 80 and not title.endswith("."), (code, title)


def test_an_indicator_code_names_its_target():
    assert sdg_target("SDG 9.c.1") == "9.c"
    assert sdg_target("SDG 17.8.1") == "17.8"
    assert sdg_target("SDG 8.10.2") == "8.10"
    assert sdg_target("EGDI") is None and sdg_target("SDG 9.c") is None


def test_codes_sort_in_natural_order():
    sdg = ["17.10", "9.c", "9.10", "17.6", "9.2", "9.a", "10.2"]
    assert sorted(sdg, key=natural_key) == ["9.2", "9.10", "9.a", "9.c", "10.2", "17.6", "17.10"]
    assert sorted(["C10", "C2", "C1", "C11"], key=natural_key) == ["C1", "C2", "C10", "C11"]


# -- the tables, computed by hand on the small rubric ---------------------------------------------------


def test_the_framework_table_counts_and_averages_by_hand(tmp_path, small_rubric):
    mapping = load_framework_mapping(small_rubric, _mapping_file(tmp_path))
    scores = score_assessment(small_rubric, _assessment(small_rubric))
    table = framework_table(small_rubric, scores, mapping, "sdg")
    assert list(table.index) == ["9.c", "17.6", "17.10"]  # 17.6 before 17.10
    assert list(table.columns) == list(TABLE_COLUMNS)
    assert table.loc["9.c", "title"] == "Access to ICT and universal, affordable Internet access"
    # 9.c: A.1-x level 3, A.2-z not applicable, B.1-p don't know (open)
    row = table.loc["9.c"]
    assert (row["n_criteria"], row["n_scored"], row["n_not_applicable"], row["n_open"]) == (3, 1, 1, 1)  # fmt: skip
    assert row["criteria"] == ("A.1-x", "A.2-z", "B.1-p")
    assert row["criterion_titles"] == ("Criterion x", "Criterion z (countries only)", "Criterion p")  # fmt: skip
    assert row["states"] == ("scored", "not-applicable", "open")
    assert row["scores"][0] == 3 and math.isnan(row["scores"][1]) and math.isnan(row["scores"][2])
    assert (row["mean_score"], row["mean_target"], row["mean_gap"]) == (3, 3, 0)
    # 17.6: A.1-y level 1 (target 4) and B.1-q level 2 (target 3): plain means, weights ignored
    row = table.loc["17.6"]
    assert (row["n_criteria"], row["n_scored"], row["n_open"]) == (2, 2, 0)
    assert (row["mean_score"], row["mean_target"], row["mean_gap"]) == (1.5, 3.5, 2.0)
    # 17.10: A.1-x level 3 and B.1-p open
    assert table.loc["17.10", "mean_score"] == 3 and table.loc["17.10", "n_open"] == 1
    # GDC: objective 1 is served by A.1-x (3, through its section 1.2) and A.1-y (1); section 1.2
    # by A.1-x alone; objective 2 by A.1-y (1) and B.1-p (open)
    gdc = framework_table(small_rubric, scores, mapping, "gdc")
    assert list(gdc.index) == ["1", "1.2", "2"]
    assert gdc.loc["1", "criteria"] == ("A.1-x", "A.1-y") and gdc.loc["1.2", "criteria"] == (
        "A.1-x",
    )
    assert gdc.loc["1", "mean_score"] == 2 and gdc.loc["1.2", "mean_score"] == 3
    assert gdc.loc["2", "mean_score"] == 1
    assert gdc.loc["2", "n_open"] == 1
    wsis = framework_table(small_rubric, scores, mapping, "wsis")
    assert list(wsis.index) == ["C2", "C10"] and wsis.loc["C2", "n_criteria"] == 3


def test_a_criterion_not_asked_serves_no_row(tmp_path, small_rubric):
    mapping = load_framework_mapping(small_rubric, _mapping_file(tmp_path))
    scores = score_assessment(small_rubric, _assessment(small_rubric, kind="organisation"))
    table = framework_table(small_rubric, scores, mapping, "sdg")
    assert table.loc["9.c", "criteria"] == ("A.1-x", "B.1-p")  # A.2-z is asked of countries only
    assert table.loc["9.c", "n_not_applicable"] == 0
    unmapped = FrameworkMapping(mapping.rubric, {}, mapping.reference)
    nothing = framework_table(small_rubric, scores, unmapped, "sdg")
    assert nothing.empty and list(nothing.columns) == list(TABLE_COLUMNS)


def test_the_coverage_map_walks_every_commitment_of_the_source(small_rubric):
    scores = score_assessment(small_rubric, _assessment(small_rubric))
    cover = coverage_map(small_rubric, scores)
    assert list(cover["commitment"]) == ["A.1", "A.1", "A.2", "B.1", "B.1"]
    assert list(cover["criterion"]) == ["A.1-x", "A.1-y", "A.2-z", "B.1-p", "B.1-q"]
    assert cover["cite"].iloc[0] == "Test source text (2025), section A, sentence 1"
    assert list(cover["state"]) == ["scored", "scored", "not-applicable", "open", "scored"]
    assert list(cover["status"])[3] == "dont-know"
    assert list(cover["score"].fillna(-1)) == [3, 1, -1, -1, 2]
    org = coverage_map(small_rubric, score_assessment(small_rubric, _assessment(small_rubric, "organisation")))  # fmt: skip
    assert org.loc[org["criterion"] == "A.2-z", "state"].item() == "not-asked"


# -- problems, each with its line -----------------------------------------------------------------------


def test_a_bad_mapping_gives_every_problem_with_its_line(tmp_path, small_rubric):
    path = _mapping_file(
        tmp_path,
        "format: gdi-framework-mapping/1\n"  # 1
        "rubric: test-small\n"  # 2
        "criteria:\n"  # 3   A.2-z has no entry
        '  A.1-x: {sdg: ["9.c", 17.8]}\n'  # 4   17.8 unquoted: a number
        '  A.1-y: {sdg: ["99.9"], wsis: [C12]}\n'  # 5   not in the reference; no such line
        '  A.9-nope: {sdg: ["9.c"]}\n'  # 6   no such criterion
        '  B.1-p: {sdg: [], colour: red, gdc: [1.2, "6.1"]}\n'  # 7   no SDG target; unknown key; 1.2 unquoted; no objective 6
        '  B.1-q: {gdc: [1, 1], wsis: "C2"}\n',  # 8   no sdg; a code twice; not a list
    )
    with pytest.raises(ProblemsError) as info:
        load_framework_mapping(small_rubric, path)
    found = sorted((p.line, p.code, p.field) for p in info.value.problems)
    assert found == [
        (3, "missing-key", "criteria"),
        (4, "bad-value", "criteria.A.1-x.sdg[1]"),
        (5, "bad-value", "criteria.A.1-y.sdg[0]"),
        (5, "bad-value", "criteria.A.1-y.wsis[0]"),
        (6, "unknown-criterion", "criteria.A.9-nope"),
        (7, "bad-value", "criteria.B.1-p.gdc[0]"),
        (7, "bad-value", "criteria.B.1-p.gdc[1]"),
        (7, "empty", "criteria.B.1-p.sdg"),
        (7, "unknown-key", "criteria.B.1-p.colour"),
        (8, "bad-value", "criteria.B.1-q.gdc[1]"),
        (8, "invalid-value", "criteria.B.1-q.wsis"),
        (8, "missing-key", "criteria.B.1-q"),
    ]
    text = str(info.value)
    assert f'{path}:3: criteria: required key "A.2-z" is missing' in text
    assert 'write each SDG target in quotes, such as "17.8"' in text
    assert 'write each commitment area in quotes, such as "1.2"' in text
    assert (
        "'6.1' is not allowed; use an objective from 1 to 5, or one of its commitment areas" in text
    )
    assert "'A.9-nope' is not a criterion of rubric 'test-small'" in text
    assert "'C12' is not allowed; use an action line from C1 to C11" in text
    assert "'99.9' is not allowed; use a code the reference list names" in text


def test_a_mapping_for_another_rubric_or_format_is_refused(tmp_path, small_rubric):
    text = SMALL_MAPPING.replace("rubric: test-small", "rubric: elsewhere").replace("/1", "/9")
    with pytest.raises(ProblemsError) as info:
        load_framework_mapping(small_rubric, _mapping_file(tmp_path, text))
    assert [(p.line, p.code) for p in info.value.problems] == [(1, "bad-value"), (2, "bad-value")]
    assert "read with rubric test-small" in str(info.value)


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("format: gdi-framework-mapping/1\ncriteria: {A.1-x: {sdg: [\n", "yaml-syntax", 3),
        (
            "format: gdi-framework-mapping/1\nrubric: test-small\ncriteria: [A.1-x]\n",
            "invalid-value",
            3,
        ),
        ("- just a list\n", "invalid-value", None),
        ("format: gdi-framework-mapping/1\nrubric: test-small\n", "missing-key", None),
    ],
)
def test_a_malformed_mapping_is_one_plain_problem(tmp_path, small_rubric, text, code, line):
    with pytest.raises(ProblemsError) as info:
        load_framework_mapping(small_rubric, _mapping_file(tmp_path, text))
    first = info.value.problems[0]
    assert (first.code, first.line) == (code, line)


def test_a_bad_reference_list_gives_every_problem_with_its_line(tmp_path):
    path = tmp_path / "frameworks.yaml"
    path.write_text(
        "format: gdi-frameworks/1\n"  # 1
        "frameworks:\n"  # 2
        "  sdg:\n"  # 3
        "    name: Sustainable Development Goals\n"  # 4
        "    source: UN\n"  # 5
        '    codes: {9.1: Infrastructure, "9.c": Internet}\n'  # 6   9.1 unquoted
        '  gdc: {name: GDC, source: UN, codes: {"6": A sixth}}\n'  # 7   no objective 6
        "  odd: {name: Odd}\n",  # 8   no such framework; wsis missing
        encoding="utf-8",
    )
    with pytest.raises(ProblemsError) as info:
        load_framework_reference(path)
    found = sorted((p.line, p.code, p.field) for p in info.value.problems)
    assert found == [
        (2, "missing-key", "frameworks"),
        (6, "bad-value", "frameworks.sdg.codes.9.1"),
        (7, "bad-value", "frameworks.gdc.codes.6"),
        (8, "unknown-key", "frameworks.odd"),
    ]


# -- files: CSV and XLSX, read back ----------------------------------------------------------------------


def _table(tmp_path, small_rubric, title="Access to ICT"):
    ref = parse_framework_reference(
        {
            "format": "gdi-frameworks/1",
            "frameworks": {
                "sdg": {
                    "name": "SDGs",
                    "source": "UN",
                    "codes": {"9.c": title, "17.6": "Cooperation", "17.10": "Trade"},
                },
                "gdc": {
                    "name": "GDC",
                    "source": "UN",
                    "codes": {"1": "One", "1.2": "One, part two", "2": "Two"},
                },
                "wsis": {
                    "name": "WSIS",
                    "source": "UN",
                    "codes": {"C2": "Infra", "C10": "Ethics"},
                },
            },
        }
    )
    mapping = load_framework_mapping(small_rubric, _mapping_file(tmp_path), ref)
    scores = score_assessment(small_rubric, _assessment(small_rubric))
    return framework_table(small_rubric, scores, mapping, "sdg")


def test_the_table_is_written_as_csv_and_read_back(tmp_path, small_rubric):
    table = _table(tmp_path, small_rubric, title='=HYPERLINK("http://example.invalid")')
    path = write_framework_table(table, tmp_path / "sdg.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, so that Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["code"] for r in rows] == ["9.c", "17.6", "17.10"]
    assert list(rows[0]) == ["code", *TABLE_COLUMNS]
    first = rows[0]
    assert first["title"].startswith("'=HYPERLINK")  # neutralised: never run as a formula
    assert float(first["mean_score"]) == 3 and int(first["n_open"]) == 1
    assert first["criteria"] == "A.1-x; A.2-z; B.1-p" and first["scores"] == "3; –; –"
    assert first["states"] == "scored; not-applicable; open"
    assert rows[1]["mean_gap"] == "2.0" and rows[1]["scores"] == "1; 2"
    assert dumps_framework_csv(table) == raw.decode("utf-8-sig")


def test_the_table_is_written_as_xlsx_with_a_frozen_header_and_real_numbers(tmp_path, small_rubric):
    table = _table(tmp_path, small_rubric, title="=1+1")
    path = write_framework_table(table, tmp_path / "sdg.xlsx", sheet="sdg")
    wb = load_workbook(path)
    ws = wb["sdg"]
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert header == ["code", *TABLE_COLUMNS] and ws["A1"].font.bold
    col = {name: i + 1 for i, name in enumerate(header)}
    row = 2
    title = ws.cell(row, col["title"])
    assert title.value == "'=1+1" and title.data_type == "s"  # text, never a formula
    mean = ws.cell(row, col["mean_score"])
    assert mean.value == 3 and isinstance(mean.value, int | float) and mean.number_format == "0.00"
    count = ws.cell(row, col["n_criteria"])
    assert count.value == 3 and isinstance(count.value, int | float) and count.number_format == "0"
    assert ws.cell(3, col["code"]).value == "17.6" and ws.cell(3, col["code"]).data_type == "s"
    assert ws.cell(3, col["mean_target"]).value == 3.5


def test_a_table_file_of_another_kind_is_refused(tmp_path, small_rubric):
    from assessment.errors import UsageError

    with pytest.raises(UsageError) as info:
        write_framework_table(_table(tmp_path, small_rubric), tmp_path / "sdg.txt")
    assert "must end in .csv, .xlsx (for example sdg.csv)" in str(info.value)
    assert not (tmp_path / "sdg.txt").exists()


# -- the command -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_the_command_prints_the_table_of_a_sample(framework, capsys):
    assert main(["crosswalk", str(ROOT / "sample_data/examplia-2026-follow-up.json"), "--framework", framework]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "Republic of Examplia" in out and "Mean 0-4" in out
    first = {"sdg": "2.3 ", "gdc": "1 ", "wsis": "C1 "}[framework]
    assert any(line.startswith(first) for line in out.splitlines())
    source = load_framework_reference()[framework].source
    assert source in out


def test_the_command_writes_files_and_refuses_a_bad_name(tmp_path, capsys):
    given = tmp_path / "a.json"
    save_assessment(_assessment(load_rubric(SMALL)), given)
    base = ["crosswalk", str(given), "--rubric", SMALL, "--mapping", str(_mapping_file(tmp_path))]
    assert main([*base, "--framework", "sdg"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    row = next(line for line in lines if line.startswith("9.c "))
    assert row.split()[-5:] == ["3.00", "0.00", "1", "1", "1"]
    assert "A.1-x 3, A.2-z N/A, B.1-p –" in out
    assert main([*base, "--framework", "gdc", "-o", str(tmp_path / "gdc.xlsx")]) == 0
    assert "wrote" in capsys.readouterr().out
    assert load_workbook(tmp_path / "gdc.xlsx")["gdc"]["A2"].value == "1"
    assert main([*base, "--framework", "wsis", "-o", str(tmp_path / "wsis.txt")]) == 1
    assert "must end in .csv, .xlsx" in capsys.readouterr().err
    # a rubric of one's own has no bundled mapping
    assert main([*base[:4], "--framework", "sdg"]) == 1
    assert "--mapping FILE" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        main([*base, "--framework", "odd"])
    assert stop.value.code == 2


def test_an_assessment_of_an_earlier_version_names_what_is_left_out(tmp_path, capsys):
    old = load_rubric(ROOT / "rubrics/archive/gdi-digital-inclusion-2025-1.0.0.yaml")
    a = new_assessment(old, entity="Testland", kind="country", country="XT", date=dt.date(2025, 6, 1))  # fmt: skip
    a = a.with_response(Response(criterion="I.2-coverage-affordability", respondent="self", status="scored", level=2))  # fmt: skip
    path = tmp_path / "old.json"
    save_assessment(a, path)
    assert main(["crosswalk", str(path), "--framework", "sdg"]) == 0
    err = capsys.readouterr().err
    assert "I.2-coverage-affordability" in err and "left out" in err and "migrate" in err
    assert mapping_path("gdi-digital-inclusion-2025").is_file()


def test_the_yaml_lines_point_into_flow_mappings():
    """The mappings write one criterion a line: the line map reaches inside the braces."""
    _, lines = parse_yaml('criteria:\n  A.1-x: {sdg: ["9.c",\n    "17.8"]}\n')
    assert lines(("criteria", "A.1-x", "sdg", 1)) == 3
