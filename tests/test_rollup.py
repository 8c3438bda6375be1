"""Roll-ups (issue 15): values computed by hand on a small hierarchy, both engines, small numbers,
ranks, two rounds, the folder path, the command and its files.

The campaign (tests/data/rollup/): Examplia (N) has two provinces, P1 (units A, B, C) and P2
(units D, E, and F, who did not answer). The small rubric has pillar A (A.1-x weight 1, A.1-y
weight 2 in commitment A.1; A.2-z in A.2) and pillar B (B.1-p, B.1-q). By hand:

=====  ==========================  ======  ======  =======  ===========
unit   answers (x y z p q)         A       B       overall  population
=====  ==========================  ======  ======  =======  ===========
A      4 1 2 3 na                  2       3       2.5      100
B      2 2 2 2 2                   2       2       2        100
C      1 4 dk 0 1                  3       0.5     1.75     200
D      3 3 3 3 3                   3       3       3        300
E      4 (blank) - - -             4       -       4        100
=====  ==========================  ======  ======  =======  ===========

(A's pillar A: commitment A.1 = (4x1 + 1x2)/3 = 2, A.2 = 2, so 2.)
"""

from __future__ import annotations

import datetime as dt
import math
import subprocess
import sys

import pandas as pd
import pytest

from assessment import load_rubric
from assessment.errors import ProblemsError
from assessment.rollup import progress_between

from .conftest import DATA

ROLLUP = DATA / "rollup"


@pytest.fixture(scope="module")
def rubric():
    return load_rubric(DATA / "rubric-valid-small.yaml")


@pytest.fixture(scope="module")
def hierarchy():
    from assessment.storage.rollup import load_hierarchy

    return load_hierarchy(ROLLUP / "hierarchy.csv")


def _roll(rubric, hierarchy, engine="duckdb", rank=False, path=ROLLUP / "answers.csv", min_units=3):  # fmt: skip
    from assessment.storage.rollup import table_rollup

    return table_rollup(path, hierarchy, rubric, kind="country", min_units=min_units, rank=rank, engine=engine)  # fmt: skip


def _cell(frame, **keys):
    mask = pd.Series(True, index=frame.index)
    for k, v in keys.items():
        mask &= frame[k] == v
    rows = frame[mask]
    assert len(rows) == 1, keys
    return rows.iloc[0]


@pytest.mark.parametrize("engine", ["duckdb", "pandas"])
def test_values_by_hand(rubric, hierarchy, engine):
    r = _roll(rubric, hierarchy, engine)
    # units: their own scores
    assert r.units.loc["A", "A"] == 2 and r.units.loc["A", "B"] == 3
    assert r.units.loc["C", "A"] == 3 and r.units.loc["C", "B"] == 0.5
    assert r.units.loc["C", "overall"] == 1.75
    assert math.isnan(r.units.loc["E", "B"]) and r.units.loc["E", "overall"] == 4
    assert r.units.loc["E", "completeness"] == pytest.approx(1 / 5)
    assert "F" not in r.units.index
    # the nation, pillar A: units 2, 2, 3, 3, 4
    na = _cell(r.pillars, area="N", pillar="A")
    assert na["n"] == 5 and na["median"] == 3 and na["mean"] == pytest.approx(14 / 5)
    assert na["weighted_mean"] == pytest.approx((200 + 200 + 600 + 900 + 400) / 800)
    assert na["p25"] == 2 and na["p75"] == 3 and na["min"] == 2 and na["max"] == 4
    # the nation, pillar B: units 3, 2, 0.5, 3 (E has none)
    nb = _cell(r.pillars, area="N", pillar="B")
    assert nb["n"] == 4 and nb["median"] == 2.5 and nb["mean"] == pytest.approx(8.5 / 4)
    # P1, pillar B: 3, 2, 0.5 weighted 100, 100, 200 (shown when one unit is enough: else P1 is
    # hidden with P2, see test_small_numbers_show_nothing)
    p1b = _cell(_roll(rubric, hierarchy, engine, min_units=1).pillars, area="P1", pillar="B")
    assert p1b["median"] == 2 and p1b["weighted_mean"] == pytest.approx(600 / 400)
    # overall of the nation: 2.5, 2, 1.75, 3, 4; completeness 19 scored of 24 applicable
    n = r.areas.loc["N"]
    assert n["overall_median"] == 2.5 and n["overall_mean"] == pytest.approx(13.25 / 5)
    assert n["completeness"] == pytest.approx(19 / 24)
    assert n["expected"] == 6 and n["answered"] == 5
    # a criterion: A.1-x in the nation is 4, 2, 1, 3, 4
    x = _cell(r.criteria, area="N", criterion="A.1-x")
    assert [x[f"level_{k}"] for k in range(5)] == [0, 1, 1, 1, 2]
    assert x["median"] == 3 and x["completeness"] == 1
    # B.1-q: A said not applicable, B 2, C 1, D 3, E left it: completeness 3 / (5 - 1)
    q = _cell(r.criteria, area="N", criterion="B.1-q")
    assert q["not_applicable"] == 1 and q["unanswered"] == 1 and q["n"] == 3
    assert q["completeness"] == pytest.approx(3 / 4)
    z = _cell(r.criteria, area="N", criterion="A.2-z")
    assert z["dont_know"] == 1 and z["unanswered"] == 1


def test_engines_agree(rubric, hierarchy):
    d, p = _roll(rubric, hierarchy, "duckdb", True), _roll(rubric, hierarchy, "pandas", True)
    for name in ("areas", "pillars", "criteria", "units"):
        pd.testing.assert_frame_equal(getattr(d, name), getattr(p, name), check_dtype=False)


def test_small_numbers_show_nothing(rubric, hierarchy):
    r = _roll(rubric, hierarchy)
    p2 = r.areas.loc["P2"]  # D and E answered: two units
    assert p2["suppressed"] and not p2["secondary"] and p2["answered"] == 2 and p2["expected"] == 3
    assert math.isnan(p2["overall_median"]) and math.isnan(p2["overall_mean"])
    rows = r.pillars[r.pillars["area"] == "P2"]
    assert rows["suppressed"].all() and rows["median"].isna().all()
    assert r.criteria[r.criteria["area"] == "P2"]["level_4"].isna().all()
    # P1 has three units, but the nation's sums less P1's would be P2's: hidden with it
    p1 = r.areas.loc["P1"]
    assert p1["suppressed"] and p1["secondary"] and math.isnan(p1["overall_mean"])
    assert r.pillars[r.pillars["area"] == "P1"]["weighted_mean"].isna().all()
    assert not r.areas.loc["N", "suppressed"] and r.areas.loc["N", "overall_n"] == 5


def test_a_hidden_cell_takes_its_neighbour_with_it(rubric, hierarchy):
    """With 2 units enough, P2 shows; but only D of P2 scored A.1-y (E left it): that cell is
    hidden, and P1's A.1-y with it, or the nation's less P1's would give D's level away."""
    r = _roll(rubric, hierarchy, min_units=2)
    assert not r.areas["suppressed"].any()
    y2 = _cell(r.criteria, area="P2", criterion="A.1-y")
    assert y2["n"] == 1 and y2["suppressed"] and pd.isna(y2["level_3"])
    y1 = _cell(r.criteria, area="P1", criterion="A.1-y")
    assert y1["n"] == 3 and y1["suppressed"] and pd.isna(y1["mean"])
    assert not _cell(r.criteria, area="N", criterion="A.1-y")["suppressed"]
    # A.1-x: D and E both scored it; nothing hidden
    assert not _cell(r.criteria, area="P1", criterion="A.1-x")["suppressed"]
    assert not _cell(r.criteria, area="P2", criterion="A.1-x")["suppressed"]
    # A.2-z: A and B of P1 scored it (C did not know), only D of P2: P1's goes with P2's
    z = _cell(r.criteria, area="P1", criterion="A.2-z")
    assert z["n"] == 2 and z["suppressed"] and z["dont_know"] == 1  # counts of units stay


def test_the_partner_of_a_hidden_area_is_one_with_figures_to_hide(rubric, tmp_path):
    """P1 (2 units) is hidden; P2 answered with 3 units but scored nothing (all don't know):
    hiding P2 would hide nothing, so P3 goes with P1, and the nation less P3 gives nothing."""
    from assessment.storage.rollup import load_hierarchy, table_rollup

    crit = ["A.1-x", "A.1-y", "A.2-z", "B.1-p", "B.1-q"]
    h = ["id,name,parent,level", "N,Nat,,national", "P1,One,N,province", "P2,Two,N,province", "P3,Three,N,province"]  # fmt: skip
    ans = ["entity_id,criterion,level"]
    for prov, n, level in (("P1", 2, "2"), ("P2", 3, "dk"), ("P3", 10, "3")):
        for i in range(n):
            h.append(f"{prov}u{i},{prov}u{i},{prov},municipality")
            ans += [f"{prov}u{i},{c},{level}" for c in crit]
    (tmp_path / "h.csv").write_text("\n".join(h) + "\n")
    (tmp_path / "a.csv").write_text("\n".join(ans) + "\n")
    r = table_rollup(tmp_path / "a.csv", load_hierarchy(tmp_path / "h.csv"), rubric, kind="country", min_units=3, rank=False)  # fmt: skip
    assert list(r.areas["suppressed"]) == [False, True, False, True]
    assert r.areas.loc["P3", "secondary"] and math.isnan(r.areas.loc["P3", "overall_mean"])


def test_complementary_suppression_by_hand():
    from assessment.rollup import complementary

    kids = {"N": ["P1", "P2", "P3"], "P1": ["D1", "D2"]}
    order = ["N", "P1", "P2", "P3", "D1", "D2"]
    n = {"N": 20, "P1": 9, "P2": 2, "P3": 6, "D1": 5, "D2": 4}
    # P2 alone hidden: P3, the smaller of the others, goes with it
    got = complementary(kids, {a: a == "P2" for a in order}, n, order)
    assert {a for a, h in got.items() if h} == {"P2", "P3"}
    # two hidden already: nothing more
    got = complementary(kids, {a: a in ("P2", "P3") for a in order}, n, order)
    assert {a for a, h in got.items() if h} == {"P2", "P3"}
    # D1 hidden in P1: D2 with it; a hidden child without units needs no partner
    got = complementary(kids, {a: a in ("D1",) for a in order}, n, order)
    assert {a for a, h in got.items() if h} == {"D1", "D2"}
    got = complementary(kids, {a: a == "P2" for a in order}, {**n, "P2": 0}, order)
    assert {a for a, h in got.items() if h} == {"P2"}
    # a hidden area is not left as the sum of its shown children: with P3 (the pair of P2)
    # split into two districts, the smaller district goes too (N less P1 and D3 is then the
    # sum of two hidden areas, P2 and D4, never one)
    deep = {"N": ["P1", "P2", "P3"], "P3": ["D3", "D4"]}
    order3 = ["N", "P1", "P2", "P3", "D3", "D4"]
    n3 = {"N": 20, "P1": 9, "P2": 2, "P3": 6, "D3": 4, "D4": 2}
    got = complementary(deep, {a: a == "P2" for a in order3}, n3, order3)
    assert {a for a, h in got.items() if h} == {"P2", "P3", "D4"}
    # the only child with units hidden: the parent goes too (its other units are its own)
    got = complementary({"N": ["P1"]}, {"N": False, "P1": True}, {"N": 8, "P1": 2}, ["N", "P1"])
    assert got == {"N": True, "P1": True}


def test_no_ranks_unless_asked(rubric, hierarchy):
    assert "rank" not in _roll(rubric, hierarchy).units.columns
    r = _roll(rubric, hierarchy, rank=True)
    assert list(r.units.loc[["A", "B", "C"], "rank"]) == [1, 2, 3]  # 2.5, 2, 1.75 in P1
    assert list(r.units.loc[["D", "E"], "rank"]) == [2, 1]
    assert pd.isna(r.areas.loc["P2", "rank"]) and pd.isna(
        r.areas.loc["P1", "rank"]
    )  # hidden: no rank


def test_folder_of_assessments_matches_the_table(rubric, hierarchy, tmp_path):
    """The same campaign as assessment files gives the same figures as the answer table."""
    from assessment.responses import Respondent, Response, new_assessment
    from assessment.rollup import roll_up
    from assessment.storage.assessments import save_assessment
    from assessment.storage.rollup import folder_units

    table = pd.read_csv(ROLLUP / "answers.csv", dtype=str, keep_default_na=False)
    files = []
    for eid, rows in table.groupby("entity_id"):
        a = new_assessment(rubric, entity=f"Unit {eid}", kind="country", country="XE", entity_id=eid, date=dt.date(2026, 5, 1), respondent=Respondent(id="r1"))  # fmt: skip
        responses = []
        for row in rows.itertuples():
            if row.level == "na":
                responses.append(Response(criterion=row.criterion, respondent="r1", status="not-applicable", reason="not ours"))  # fmt: skip
            elif row.level == "dk":
                responses.append(Response(criterion=row.criterion, respondent="r1", status="dont-know"))  # fmt: skip
            elif row.level:
                responses.append(Response(criterion=row.criterion, respondent="r1", status="scored", level=int(row.level)))  # fmt: skip
        a = a.model_copy(update={"responses": tuple(responses)})
        files.append(save_assessment(a, tmp_path / f"{eid}.json"))
    units, kind = folder_units(files, rubric)
    assert kind == "country"
    r = roll_up(units, hierarchy, rubric, kind=kind)
    t = _roll(rubric, hierarchy)
    pd.testing.assert_frame_equal(r.pillars, t.pillars, check_dtype=False)
    pd.testing.assert_frame_equal(r.areas, t.areas, check_dtype=False)


def test_two_rounds(rubric, hierarchy, tmp_path):
    later = tmp_path / "later.csv"
    text = (ROLLUP / "answers.csv").read_text().replace("B,A.1-x,2", "B,A.1-x,4")
    later.write_text(text)
    before, now = _roll(rubric, hierarchy, min_units=2), _roll(rubric, hierarchy, path=later, min_units=2)  # fmt: skip
    p = progress_between(now, before)
    row = _cell(p, area="P1", pillar="A")
    # B's pillar A: A.1 = (4 + 4)/3 = 8/3, A.2 = 2: (8/3 + 2)/2 = 7/3; P1 is 2, 7/3, 3: median 7/3
    assert row["median_before"] == 2 and row["median_now"] == pytest.approx(7 / 3)
    assert row["change"] == pytest.approx(1 / 3)
    hidden = progress_between(_roll(rubric, hierarchy, path=later), _roll(rubric, hierarchy))
    assert pd.isna(_cell(hidden, area="P2", pillar="A")["change"])  # suppressed in both


def test_unit_outside_the_hierarchy_is_refused(rubric, hierarchy, tmp_path):
    bad = tmp_path / "answers.csv"
    bad.write_text("entity_id,criterion,level\nA,A.1-x,4\nQ9,A.1-x,2\n")
    with pytest.raises(ProblemsError) as info:
        _roll(rubric, hierarchy, path=bad)
    assert info.value.problems[0].code == "rollup-unknown-unit"
    assert "Q9" in info.value.problems[0].message


def test_parquet_and_row_numbers(rubric, hierarchy, tmp_path):
    import duckdb

    pq = tmp_path / "answers.parquet"
    duckdb.execute(f"COPY (SELECT * FROM read_csv('{ROLLUP / 'answers.csv'}', all_varchar = true)) TO '{pq}' (FORMAT parquet)")  # fmt: skip
    pd.testing.assert_frame_equal(_roll(rubric, hierarchy, path=pq).pillars, _roll(rubric, hierarchy).pillars)  # fmt: skip
    bad = tmp_path / "bad.parquet"
    duckdb.execute(f"COPY (SELECT * FROM (VALUES ('A', 'A.1-x', '4'), ('A', 'A.1-y', '7')) t(entity_id, criterion, level)) TO '{bad}' (FORMAT parquet)")  # fmt: skip
    with pytest.raises(ProblemsError) as info:
        _roll(rubric, hierarchy, path=bad)
    p = info.value.problems[0]
    assert p.code == "answers-bad-level" and p.line == 3 and '"7"' in p.message


def test_command_writes_csv_and_workbook(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "out"
    answers = tmp_path / "answers.csv"
    # a unit's name that a spreadsheet would run as a formula stays text
    (tmp_path / "h.csv").write_text((ROLLUP / "hierarchy.csv").read_text().replace("Alpha", "=HYPERLINK(1)"))  # fmt: skip
    answers.write_text((ROLLUP / "answers.csv").read_text())
    done = subprocess.run(
        [sys.executable, "-m", "assessment", "rollup", str(answers), "--hierarchy", str(tmp_path / "h.csv"),
         "--rubric", str(DATA / "rubric-valid-small.yaml"), "--out", str(out)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "roll-up of 5 units assessed, of 6 expected, over 3 areas" in done.stdout
    assert "1 area has fewer than 3 units answered" in done.stdout
    assert "1 more area shows no figures of its own, so that a hidden neighbour's cannot" in done.stdout  # fmt: skip
    assert sorted(p.name for p in out.iterdir()) == ["areas.csv", "criteria.csv", "pillars.csv", "rollup.html", "rollup.pdf", "rollup.xlsx", "units.csv"]  # fmt: skip
    pillars = pd.read_csv(out / "pillars.csv", encoding="utf-8-sig")
    assert _cell(pillars, area="N", pillar="A")["median"] == 3
    units = pd.read_csv(out / "units.csv", encoding="utf-8-sig")
    assert units.loc[units["entity"] == "A", "name"].item() == "'=HYPERLINK(1)"
    wb = load_workbook(out / "rollup.xlsx")
    assert wb.sheetnames == ["areas", "pillars", "criteria", "units"]
    ws = wb["pillars"]
    assert ws.freeze_panes == "B2"
    header = [c.value for c in ws[1]]
    row = [c for c in ws[2]]
    median = row[header.index("median")]
    assert median.value == 3 and median.number_format == "0.00"
    assert row[header.index("completeness")].number_format == "0%"
    name_cell = [c for c in wb["units"][2]][1]
    assert (
        name_cell.value == "=HYPERLINK(1)" and name_cell.data_type == "s" and name_cell.quotePrefix
    )


def test_command_refuses_bad_input_clearly(tmp_path):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "assessment", "rollup", *map(str, args)], capture_output=True, text=True)  # fmt: skip

    done = run(
        ROLLUP / "answers.csv", "--hierarchy", ROLLUP / "hierarchy.csv", "--out", tmp_path / "o"
    )
    assert done.returncode == 1 and "--rubric" in done.stderr and "Traceback" not in done.stderr
    done = run(ROLLUP / "answers.csv", "--hierarchy", DATA / "problems" / "hierarchy-loop.hierarchy.csv",
               "--rubric", DATA / "rubric-valid-small.yaml", "--out", tmp_path / "o")  # fmt: skip
    assert done.returncode == 1 and "P → Q → P" in done.stderr
    assert not (tmp_path / "o").exists()  # nothing written


def test_rollup_report_pdf_and_html(tmp_path):
    """The report read back: the national page, a province's page, the suppressed province, the
    heatmap's values as a table, alt text on every chart, a tagged PDF."""
    import re

    from pypdf import PdfReader

    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "assessment", "rollup", str(ROLLUP / "answers.csv"), "--hierarchy", str(ROLLUP / "hierarchy.csv"),
         "--rubric", str(DATA / "rubric-valid-small.yaml"), "--out", str(out), "--format", "html,pdf"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    reader = PdfReader(out / "rollup.pdf")
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Examplia: the national picture" in text
    assert "North Province" in text and "South Province" in text
    assert "Units answered: 5 / 6" in text and "Units answered: 2 / 3" in text
    assert "this area shows no figures of its own" in text  # P2: two units answered
    # the nation's pillar A: 5 units, median 3.00, middle half 2.00–3.00, mean 2.80, weighted 2.88
    assert re.search(r"Pillar A 5 3\.00 2\.00–3\.00 2\.80 2\.88 80 %", text), text[:2000]
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    html = (out / "rollup.html").read_text(encoding="utf-8")
    # radar and heatmap for N only; nothing for P2, whose two units' own scores side by side would
    # give its figures away, nor for P1, whose figures with the nation's would give P2's
    assert html.count('<svg role="img"') == 1 * 2
    assert "those of a neighbouring area with too few units could be worked out" in text
    assert "Delta" not in html and "Epsilon" not in html and "Delta" not in text
    assert "Alpha" not in html
    assert "Radar chart of Examplia (5 units answered)" in html


def test_sample_campaign_rolls_up_in_two_rounds(tmp_path):
    """The README's command on the fictional campaign in sample_data/."""
    from .conftest import ROOT

    s = ROOT / "sample_data"
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "assessment", "rollup", str(s / "examplia-campaign-2026.csv"),
         "--baseline", str(s / "examplia-campaign-2025.csv"), "--hierarchy", str(s / "examplia-campaign-hierarchy.csv"),
         "--rubric", "gdi-digital-inclusion-2025", "--kind", "organisation", "--out", str(out), "--format", "csv,html"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "roll-up of 26 units assessed, of 26 expected, over 5 areas" in done.stdout
    areas = pd.read_csv(out / "areas.csv", encoding="utf-8-sig").set_index("area")
    assert bool(areas.loc["XE-ISL", "suppressed"]) and not bool(areas.loc["XE-NOR", "suppressed"])
    progress = pd.read_csv(out / "progress.csv", encoding="utf-8-sig")
    nation = progress[(progress["area"] == "XE") & (progress["pillar"] == "overall")].iloc[0]
    assert nation["change"] == pytest.approx(nation["median_now"] - nation["median_before"])
    assert "Since the earlier round" in (out / "rollup.html").read_text(encoding="utf-8")


def test_folder_of_assessments_and_an_xlsx_hierarchy(rubric, tmp_path):
    """A hierarchy typed in a spreadsheet (empty cells, populations as numbers) reads as the CSV."""
    from openpyxl import Workbook

    from assessment.storage.rollup import load_hierarchy

    wb = Workbook()
    ws = wb.active
    for i, line in enumerate((ROLLUP / "hierarchy.csv").read_text().splitlines()):
        cells = [c or None for c in line.split(",")]
        if i and cells[4]:
            cells[4] = float(cells[4])  # Excel keeps a number, 100.0
        ws.append(cells)
    wb.save(tmp_path / "h.xlsx")
    h = load_hierarchy(tmp_path / "h.xlsx")
    csv_h = load_hierarchy(ROLLUP / "hierarchy.csv")
    pd.testing.assert_frame_equal(h.nodes, csv_h.nodes)
    assert h.weighted and h.nodes.loc["D", "weight"] == 300


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-8-sig"])
def test_answer_tables_as_spreadsheets_save_them(rubric, hierarchy, tmp_path, encoding):
    """Excel's CSV (semicolons, a BOM), its "Unicode text" (UTF-16) and older Windows files."""
    text = (ROLLUP / "answers.csv").read_text().replace(",", ";").replace("A,", "A;")
    path = tmp_path / "answers.csv"
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    pd.testing.assert_frame_equal(_roll(rubric, hierarchy, path=path).pillars, _roll(rubric, hierarchy).pillars)  # fmt: skip


def test_blank_rows_are_no_answers_but_a_row_without_a_unit_is_named(rubric, hierarchy, tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text((ROLLUP / "answers.csv").read_text() + ",,\n,,\n")
    pd.testing.assert_frame_equal(_roll(rubric, hierarchy, path=path).pillars, _roll(rubric, hierarchy).pillars)  # fmt: skip
    path.write_text((ROLLUP / "answers.csv").read_text() + ",B.1-q,3\n")
    with pytest.raises(ProblemsError) as info:
        _roll(rubric, hierarchy, path=path)
    p = info.value.problems[0]
    assert p.code == "answers-no-entity" and p.line == 24 and p.field == "entity_id"


def test_mixed_kinds_are_refused_in_the_users_language(rubric, tmp_path):
    from assessment.errors import UsageError
    from assessment.responses import Respondent, new_assessment
    from assessment.storage.assessments import save_assessment
    from assessment.storage.rollup import folder_units

    files = []
    for eid, kind in (("A", "country"), ("B", "organisation")):
        a = new_assessment(rubric, entity=f"Unit {eid}", kind=kind, country="XE", entity_id=eid, date=dt.date(2026, 5, 1), respondent=Respondent(id="r1"))  # fmt: skip
        files.append(save_assessment(a, tmp_path / f"{eid}.json"))
    with pytest.raises(UsageError) as info:
        folder_units(files, rubric)
    assert "of kind country" in str(info.value) and "of kind organisation" in str(info.value)
    french = info.value.in_language("fr")
    assert "type pays" in french and "type organisation" in french and "country" not in french


@pytest.mark.parametrize(
    ("tail", "encoding", "detail"),
    [
        ('E,"A.1-', "utf-8", "inside a quoted cell"),  # cut inside a quoted cell
        ('"E","A.1-x"', "utf-8", "2 of 3 cells, and no line break at the end"),  # between cells
        ('E,"A.1-', "utf-16", "inside a quoted cell"),  # Excel's Unicode text, cut
    ],
)
def test_an_answer_table_cut_off_is_refused_with_its_row(tmp_path, tail, encoding, detail):
    rows = ROLLUP.joinpath("answers.csv").read_text().splitlines()[:5]
    if tail.startswith('"'):  # a tool that quotes every cell
        rows = [",".join(f'"{c}"' for c in r.split(",")) for r in rows]
    path = tmp_path / "answers.csv"
    path.write_bytes(("\n".join(rows) + "\n" + tail).encode(encoding))
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "assessment", "rollup", str(path), "--hierarchy", str(ROLLUP / "hierarchy.csv"),
         "--rubric", str(DATA / "rubric-valid-small.yaml"), "--out", str(out)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert f"answers.csv:6: the file ends in the middle of row 6 ({detail})" in done.stderr
    assert "Traceback" not in done.stderr and not out.exists()
    # the same file whole, with its last line ended, reads
    path.write_bytes(("\n".join(rows) + "\n").encode(encoding))
    again = subprocess.run(done.args, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr


def test_a_cut_off_files_detail_is_told_in_the_readers_language():
    from assessment.problems import localised
    from assessment.storage.survey import cut_off

    short, quoted = cut_off("a.csv", 6, 2, 3), cut_off("a.csv", 6)
    assert "(2 of 3 cells, and no line break at the end)" in short.message
    assert "(inside a quoted cell)" in quoted.message
    assert "(2 cellules sur 3, et pas de saut de ligne à la fin)" in localised(short, "fr").message
    assert "(dentro de una celda entre comillas)" in localised(quoted, "es").message
