"""From gaps to a plan (issue 14, part 6), against values computed by hand.

The small rubric of tests/data with prerequisites added: A.1-y depends on A.1-x; B.1-q on A.1-y
(so on A.1-x through it); B.1-p on A.2-z (asked of countries only). A country, default target 3,
one respondent:

========= ====== ===== === ======== ======================================================
criterion weight level gap priority prerequisites that are gaps (direct or through others)
========= ====== ===== === ======== ======================================================
A.1-x     1      2     1   1        –
A.1-y     2      0     3   6        A.1-x
A.2-z     1      N/A   –   –        –
B.1-p     1      1     2   2        – (A.2-z is not applicable: it never blocks)
B.1-q     1      1     2   2        A.1-y, A.1-x
========= ====== ===== === ======== ======================================================

By priority alone (ties: larger gap, lower level, core first): A.1-y, B.1-p, B.1-q, A.1-x. A.1-y
must wait for A.1-x, and B.1-q for both, so the plan is: 1 B.1-p (structural: gap 2), 2 A.1-x
(quick win: gap 1, waits for nothing; a root cause: A.1-y and B.1-q wait for it), 3 A.1-y
(structural; blocks one: B.1-q), 4 B.1-q (structural).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment import load_rubric, rank_gaps, score_assessment
from assessment.cli import main
from assessment.errors import ProblemsError
from assessment.plan import build_plan, parse_plan_sheet, plan_sheet_rows, with_plan
from assessment.responses import (
    Assessment,
    PlanEntry,
    Response,
    check_against_rubric,
    new_assessment,
    parse_assessment,
)
from assessment.rubric import Rubric
from assessment.storage.assessments import dumps_assessment, load_assessment, save_assessment
from assessment.storage.rubrics import bundled_rubrics, loads_rubric
from tests.conftest import DATA, ROOT

SMALL = (DATA / "rubric-valid-small.yaml").read_text(encoding="utf-8")
IDS = ("A.1-x", "A.1-y", "A.2-z", "B.1-p", "B.1-q")
DEPENDS = {"A.1-y": ["A.1-x"], "B.1-q": ["A.1-y"], "B.1-p": ["A.2-z"]}
WHO = {"A.1-x": "{country: [ICT ministry, statistics office], organisation: [IT]}"}


def rubric_text(depends: dict[str, list[str]], who: dict[str, str] | None = None) -> str:
    """The small rubric with ``depends_on`` (and ``answered_by``) lines inserted."""
    text = SMALL
    for cid in IDS:
        head = f"          - id: {cid}\n"
        assert head in text
        extra = f"            depends_on: [{', '.join(depends[cid])}]\n" if depends.get(cid) else ""
        if who and cid in who:
            extra += f"            answered_by: {who[cid]}\n"
        text = text.replace(head, head + extra)
    return text


@pytest.fixture(scope="module")
def dep_rubric() -> Rubric:
    return loads_rubric(rubric_text(DEPENDS, WHO), "depends.yaml")


def assess(
    rubric: Rubric,
    levels: dict[str, int | str],
    *,
    kind: str = "country",
    short_form: bool = False,
    targets: dict[str, int] | None = None,
) -> Assessment:
    """An assessment with one respondent: a level, ``"na"`` or ``"dk"`` per criterion."""
    a = new_assessment(
        rubric, entity="Testland", kind=kind, country="XT", date=dt.date(2026, 3, 1),
        short_form=short_form,
    )  # fmt: skip
    for cid, value in levels.items():
        if value == "na":
            r = Response(criterion=cid, respondent="self", status="not-applicable", reason="none here")  # fmt: skip
        elif value == "dk":
            r = Response(criterion=cid, respondent="self", status="dont-know")
        else:
            r = Response(criterion=cid, respondent="self", status="scored", level=int(value))
        a = a.with_response(r)
    if targets:
        a = a.model_copy(update={"targets": targets})
    return a


SCENARIO = {"A.1-x": 2, "A.1-y": 0, "A.2-z": "na", "B.1-p": 1, "B.1-q": 1}


def plan_of(rubric: Rubric, a: Assessment):
    return build_plan(rubric, score_assessment(rubric, a), a)


# -- order, kind, root causes ----------------------------------------------------------------------


def test_the_order_respects_every_prerequisite_even_against_priority(dep_rubric):
    a = assess(dep_rubric, SCENARIO)
    by_priority = list(rank_gaps(dep_rubric, score_assessment(dep_rubric, a))["criterion"])
    assert by_priority == ["A.1-y", "B.1-p", "B.1-q", "A.1-x"]
    plan = plan_of(dep_rubric, a)
    assert [s.criterion for s in plan.steps] == ["B.1-p", "A.1-x", "A.1-y", "B.1-q"]
    assert [s.order for s in plan.steps] == [1, 2, 3, 4]
    y = plan.step("A.1-y")
    assert (y.current, y.target, y.gap, y.weight, y.priority) == (0, 3, 3, 2, 6)
    assert (y.next_level, y.next_level_label, y.next_step) == (1, "Initial", "y some")
    assert y.open_prerequisites == ("A.1-x",) and y.pillar == "A" and y.commitment == "A.1"
    assert plan.step("B.1-q").open_prerequisites == ("A.1-x", "A.1-y")  # through A.1-y too
    assert plan.step("A.1-x") is plan.steps[1] and plan.step("A.2-z") is None


def test_quick_wins_structural_steps_and_root_causes(dep_rubric):
    plan = plan_of(dep_rubric, assess(dep_rubric, SCENARIO))
    kinds = {s.criterion: s.kind for s in plan.steps}
    assert kinds == {"B.1-p": "structural", "A.1-x": "quick-win", "A.1-y": "structural", "B.1-q": "structural"}  # fmt: skip
    assert {s.criterion: s.blocks for s in plan.steps} == {"B.1-p": 0, "A.1-x": 2, "A.1-y": 1, "B.1-q": 0}  # fmt: skip
    assert [s.criterion for s in plan.root_causes] == ["A.1-x"]
    assert [s.criterion for s in plan.quick_wins] == ["A.1-x"]
    assert plan.to_check == ()


def test_one_level_to_go_is_structural_while_a_prerequisite_is_open(dep_rubric):
    plan = plan_of(dep_rubric, assess(dep_rubric, SCENARIO | {"A.1-y": 2}))  # gap 1
    y = plan.step("A.1-y")
    assert y.gap == 1 and y.open_prerequisites == ("A.1-x",) and y.kind == "structural"


def test_a_met_or_not_applicable_prerequisite_never_blocks(dep_rubric):
    plan = plan_of(dep_rubric, assess(dep_rubric, SCENARIO | {"A.1-x": 3, "A.1-y": 2}))
    # by priority B.1-p, B.1-q (gap 2), A.1-y (gap 1); B.1-q still waits for A.1-y
    assert [s.criterion for s in plan.steps] == ["B.1-p", "A.1-y", "B.1-q"]
    y, q, p = plan.step("A.1-y"), plan.step("B.1-q"), plan.step("B.1-p")
    assert y.open_prerequisites == () and y.kind == "quick-win"  # A.1-x is at its target
    assert q.open_prerequisites == ("A.1-y",)  # A.1-x, met, is not listed
    assert p.open_prerequisites == () and p.unknown_prerequisites == ()  # A.2-z is N/A
    assert (y.blocks, q.blocks, p.blocks) == (1, 0, 0) and plan.root_causes == ()


def test_a_prerequisite_above_its_target_never_blocks(dep_rubric):
    a = assess(dep_rubric, SCENARIO | {"A.1-x": 4}, targets={"A.1-x": 2})
    assert plan_of(dep_rubric, a).step("A.1-y").open_prerequisites == ()


def test_a_prerequisite_without_a_score_is_to_check_first(dep_rubric):
    for value, status in (("dk", "dont-know"), (None, "unanswered")):
        levels = {k: v for k, v in (SCENARIO | {"A.1-x": 3, "A.1-y": value, "B.1-q": 2}).items() if v is not None}  # fmt: skip
        plan = plan_of(dep_rubric, assess(dep_rubric, levels))
        q = plan.step("B.1-q")
        assert q.unknown_prerequisites == ("A.1-y",) and q.open_prerequisites == ()
        # an unknown does not hold the step back in the order, but it may be a gap: no quick win
        assert q.kind == "structural" and q.gap <= 1
        (u,) = plan.to_check
        assert (u.criterion, u.title, u.pillar, u.status, u.waiting) == ("A.1-y", "Criterion y", "A", status, ("B.1-q",))  # fmt: skip


def test_the_short_form_and_the_kind_of_entity_decide_what_is_a_prerequisite(dep_rubric):
    short = plan_of(dep_rubric, assess(dep_rubric, {"A.1-x": 3, "B.1-p": 1}, short_form=True))
    assert [s.criterion for s in short.steps] == ["B.1-p"]
    assert short.steps[0].unknown_prerequisites == ("A.2-z",)  # not on the short form
    assert short.to_check[0].status == "not-asked"
    org = plan_of(dep_rubric, assess(dep_rubric, {"A.1-x": 3, "B.1-p": 1}, kind="organisation"))
    assert org.step("B.1-p").unknown_prerequisites == ()  # A.2-z is not asked of organisations
    assert org.to_check == ()


def test_the_unit_that_answers_is_the_one_for_the_kind(dep_rubric):
    country = plan_of(dep_rubric, assess(dep_rubric, SCENARIO)).step("A.1-x")
    assert country.answered_by == ("ICT ministry", "statistics office")
    levels = {k: v for k, v in SCENARIO.items() if k != "A.2-z"}
    org = plan_of(dep_rubric, assess(dep_rubric, levels, kind="organisation")).step("A.1-x")
    assert org.answered_by == ("IT",)
    assert plan_of(dep_rubric, assess(dep_rubric, SCENARIO)).step("A.1-y").answered_by == ()


def test_nothing_below_target_is_an_empty_plan(dep_rubric):
    plan = plan_of(dep_rubric, assess(dep_rubric, dict.fromkeys(IDS, 3)))
    assert plan.steps == () and plan.to_check == () and plan.frame().empty


def test_the_frame_has_a_row_per_step(dep_rubric):
    f = plan_of(dep_rubric, assess(dep_rubric, SCENARIO)).frame()
    assert list(f.index) == [1, 2, 3, 4] and f.index.name == "order"
    assert list(f["criterion"]) == ["B.1-p", "A.1-x", "A.1-y", "B.1-q"]
    assert list(f["root_cause"]) == [False, True, False, False]


LEVEL = st.sampled_from([0, 1, 2, 3, 4, "na", "dk", None])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    order=st.permutations(IDS),
    edges=st.lists(st.booleans(), min_size=10, max_size=10),
    levels=st.tuples(*[LEVEL] * 5),
    targets=st.tuples(*[st.integers(0, 4)] * 5),
)
def test_no_step_ever_comes_before_its_prerequisites(order, edges, levels, targets):
    pairs = [(order[i], order[j]) for i in range(5) for j in range(i + 1, 5)]  # a DAG
    depends: dict[str, list[str]] = {}
    for (before, after), on in zip(pairs, edges, strict=True):
        if on:
            depends.setdefault(after, []).append(before)
    rubric = loads_rubric(rubric_text(depends), "random.yaml")
    given_levels = {c: v for c, v in zip(IDS, levels, strict=True) if v is not None}
    a = assess(rubric, given_levels, targets=dict(zip(IDS, targets, strict=True)))
    scores = score_assessment(rubric, a)
    plan = build_plan(rubric, scores, a)
    ranked = rank_gaps(rubric, scores)
    gaps = list(ranked["criterion"])
    assert sorted(s.criterion for s in plan.steps) == sorted(gaps)
    place = {s.criterion: s.order for s in plan.steps}
    for s in plan.steps:
        pre = rubric.prerequisites(s.criterion, kind="country", transitive=True)
        assert s.open_prerequisites == tuple(p for p in pre if p in place)
        assert all(place[p] < s.order for p in s.open_prerequisites)
        assert s.kind == ("quick-win" if s.gap <= 1 and not s.open_prerequisites and not s.unknown_prerequisites else "structural")  # fmt: skip
        waiting = [t for t in plan.steps if s.criterion in t.open_prerequisites]
        assert s.blocks == len(waiting) and s.root_cause == (len(waiting) >= 2)
    # greedy: each step is the most urgent of those whose prerequisites are all placed
    rank = {c: i for i, c in enumerate(gaps)}
    placed: set[str] = set()
    for s in plan.steps:
        ready = [c for c in gaps if c not in placed and set(plan.step(c).open_prerequisites) <= placed]  # fmt: skip
        assert s.criterion == min(ready, key=rank.__getitem__)
        placed.add(s.criterion)


def test_the_bundled_follow_up_plan_respects_the_rubric_s_prerequisites():
    r = load_rubric(bundled_rubrics()["gdi-digital-inclusion-2025"])
    a = load_assessment(ROOT / "sample_data" / "examplia-2026-follow-up.json")
    if a.rubric.version != r.version:
        pytest.skip("the sample is not yet on the current rubric version")
    assert sum(bool(ref.criterion.depends_on) for ref in r.refs) >= 5
    plan = build_plan(r, score_assessment(r, a), a)
    assert plan.steps and any(s.open_prerequisites for s in plan.steps)
    place = {s.criterion: s.order for s in plan.steps}
    for s in plan.steps:
        for p in r.prerequisites(s.criterion, kind=a.entity.kind, transitive=True):
            assert place.get(p, 0) < s.order, f"{s.criterion} comes before its prerequisite {p}"
    assert plan.root_causes


# -- plan entries in the assessment --------------------------------------------------------------


def test_plan_entries_round_trip_and_old_files_are_unchanged(dep_rubric, tmp_path):
    a = assess(dep_rubric, SCENARIO)
    assert '"plan"' not in dumps_assessment(a)  # an assessment without a plan reads as before
    entry = PlanEntry(owner="ICT ministry", due=dt.date(2026, 6, 30), note="budget asked")
    b = with_plan(a, {"A.1-x": entry, "B.1-q": PlanEntry(owner="Statistics office")})
    save_assessment(b, tmp_path / "a.json")
    back = load_assessment(tmp_path / "a.json")
    assert back.plan == b.plan and back.plan["A.1-x"].due == dt.date(2026, 6, 30)
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert data["plan"]["A.1-x"] == {"owner": "ICT ministry", "due": "2026-06-30", "note": "budget asked"}  # fmt: skip
    assert data["plan"]["B.1-q"] == {"owner": "Statistics office"}
    step = build_plan(dep_rubric, score_assessment(dep_rubric, back), back).step("A.1-x")
    assert (step.owner, step.due, step.note) == ("ICT ministry", dt.date(2026, 6, 30), "budget asked")  # fmt: skip
    assert with_plan(b, {"A.1-x": None, "B.1-q": PlanEntry()}).plan == {}


def test_a_plan_entry_for_an_unknown_criterion_is_a_located_problem(dep_rubric):
    a = with_plan(assess(dep_rubric, SCENARIO), {"A.9-nope": PlanEntry(owner="someone")})
    (p,) = check_against_rubric(a, dep_rubric, "a.json")
    assert (p.code, p.field) == ("unknown-criterion", "plan.A.9-nope")


@pytest.mark.parametrize("due", ["30/06/2026", "2026-02-30", "20260630", "soon", 46203])
def test_a_due_date_must_be_a_real_year_month_day(dep_rubric, due):
    a = assess(dep_rubric, SCENARIO)
    data = a.model_dump() | {"plan": {"A.1-x": {"owner": "x", "due": due}}}
    with pytest.raises(ProblemsError) as info:
        parse_assessment(data)
    (p,) = info.value.problems
    assert (p.code, p.field) == ("bad-date", "plan.A.1-x.due")
    assert "2026-06-30" in p.hint


# -- the sheet: written, filled in, imported ------------------------------------------------------


@pytest.fixture
def files(dep_rubric, tmp_path):
    """The dependency rubric and the scenario's assessment as files."""
    rubric = tmp_path / "depends.yaml"
    rubric.write_text(rubric_text(DEPENDS, WHO), encoding="utf-8")
    path = tmp_path / "a.json"
    save_assessment(assess(dep_rubric, SCENARIO), path)
    return str(rubric), str(path)


def header_of(ws) -> list[str]:
    return [c.value for c in ws[1]]


def test_the_xlsx_has_a_bold_frozen_header_numbers_and_a_date_column(files, tmp_path):
    from openpyxl import load_workbook

    rubric, path = files
    out = tmp_path / "plan.xlsx"
    assert main(["plan", path, "--rubric", rubric, "-o", str(out)]) == 0
    ws = load_workbook(out).active
    head = header_of(ws)
    assert head[:4] == ["Step", "Criterion", "Title", "Pillar"]
    assert head[-3:] == ["Owner", "Due date", "Note"]
    assert ws.freeze_panes == "A2" and all(c.font.b for c in ws[1])
    col = {name: i for i, name in enumerate(head)}
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[col["Criterion"]] for r in rows] == ["B.1-p", "A.1-x", "A.1-y", "B.1-q"]
    x = rows[1]
    assert (x[col["Step"]], x[col["Now"]], x[col["Target"]], x[col["Gap"]]) == (2, 2, 3, 1)
    assert x[col["Kind"]] == "quick win" and x[col["Blocks"]] == 2
    assert x[col["Answered by"]] == "ICT ministry, statistics office"
    assert rows[3][col["Waits for"]] == "A.1-x, A.1-y"
    assert all(r[col["Owner"]] is None and r[col["Due date"]] is None for r in rows)
    due = ws.cell(row=2, column=col["Due date"] + 1)
    assert due.number_format == "yyyy-mm-dd"
    assert any(v.type == "date" for v in ws.data_validations.dataValidation)


def test_a_filled_in_xlsx_is_saved_into_the_assessment(files, tmp_path, capsys):
    from openpyxl import load_workbook

    rubric, path = files
    out = tmp_path / "plan.xlsx"
    assert main(["plan", path, "--rubric", rubric, "-o", str(out)]) == 0
    wb = load_workbook(out)
    ws = wb.active
    col = {name: i + 1 for i, name in enumerate(header_of(ws))}
    ws.cell(row=3, column=col["Owner"], value="ICT ministry")
    ws.cell(row=3, column=col["Due date"], value=dt.datetime(2026, 6, 30))
    ws.cell(row=5, column=col["Owner"], value='=HYPERLINK("http://x")')
    ws.cell(row=5, column=col["Owner"]).data_type = "s"
    ws.cell(row=5, column=col["Note"], value="after A.1-y")
    ws.cell(row=1, column=len(col) + 1, value="Budget")  # a column of the user's own
    wb.save(out)
    capsys.readouterr()
    assert main(["plan", path, "--rubric", rubric, "--import", str(out)]) == 0
    said = capsys.readouterr().out
    assert "2 steps with an owner, due date or note, 0 cleared, 2 unchanged" in said
    assert (
        said.splitlines()[-1] == "not read (only Criterion, Owner, Due date and Note are): Budget"
    )
    a = load_assessment(path)
    assert a.plan["A.1-x"] == PlanEntry(owner="ICT ministry", due=dt.date(2026, 6, 30))
    assert a.plan["B.1-q"] == PlanEntry(owner='=HYPERLINK("http://x")', note="after A.1-y")
    # written again, the sheet holds what was filled in, formula-like text made harmless
    again = tmp_path / "again.xlsx"
    assert main(["plan", path, "--rubric", rubric, "-o", str(again)]) == 0
    ws = load_workbook(again).active
    assert ws.cell(row=3, column=col["Due date"]).value == dt.datetime(2026, 6, 30)
    assert ws.cell(row=5, column=col["Owner"]).value == '\'=HYPERLINK("http://x")'
    assert ws.cell(row=5, column=col["Owner"]).data_type == "s"
    assert main(["plan", path, "--rubric", rubric, "--import", str(again)]) == 0
    assert load_assessment(path).plan == a.plan  # unchanged by the round trip
    assert "0 steps with an owner, due date or note, 0 cleared, 4 unchanged" in capsys.readouterr().out  # fmt: skip


def read_csv(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def write_csv(path, rows) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)


def test_a_filled_in_csv_is_saved_and_an_empty_row_clears_its_entry(files, tmp_path, capsys):
    rubric, path = files
    out = tmp_path / "plan.csv"
    assert main(["plan", path, "--rubric", rubric, "-o", str(out)]) == 0
    rows = read_csv(out)
    col = {name: i for i, name in enumerate(rows[0])}
    assert rows[0][-3:] == ["Owner", "Due date", "Note"] and len(rows) == 5
    assert rows[2][col["Criterion"]] == "A.1-x" and rows[2][col["Now"]] == "2"
    rows[1][col["Owner"]] = "Regulator"
    rows[1][col["Due date"]] = "2026-12-31"
    write_csv(out, rows)
    assert main(["plan", path, "--rubric", rubric, "--import", str(out)]) == 0
    assert load_assessment(path).plan == {"B.1-p": PlanEntry(owner="Regulator", due=dt.date(2026, 12, 31))}  # fmt: skip
    rows[1][col["Owner"]] = rows[1][col["Due date"]] = ""
    write_csv(out, rows)
    assert main(["plan", path, "--rubric", rubric, "--import", str(out)]) == 0
    assert load_assessment(path).plan == {}
    assert "0 steps with an owner, due date or note, 1 cleared, 3 unchanged" in capsys.readouterr().out  # fmt: skip


def test_a_bad_date_names_row_and_column_and_changes_nothing(files, tmp_path, capsys):
    rubric, path = files
    out = tmp_path / "plan.csv"
    assert main(["plan", path, "--rubric", rubric, "-o", str(out)]) == 0
    rows = read_csv(out)
    col = {name: i for i, name in enumerate(rows[0])}
    rows[1][col["Owner"]] = "Regulator"  # a good row: not saved either
    rows[3][col["Due date"]] = "31/06/2026"
    rows[4][col["Criterion"]] = "B.1-nope"
    write_csv(out, rows)
    before = (tmp_path / "a.json").read_bytes()
    capsys.readouterr()
    assert main(["plan", path, "--rubric", rubric, "--import", str(out)]) == 1
    err = capsys.readouterr().err
    letter = "Q"  # the 17th column
    assert f"{out}: 2 problems; nothing was imported" in err
    assert f"{out}:4: Due date ({letter}): '31/06/2026' is not a date" in err
    assert f"{out}:5: Criterion (B): 'B.1-nope' is not a criterion of rubric 'test-small'" in err
    assert (tmp_path / "a.json").read_bytes() == before


def test_a_criterion_given_twice_or_a_missing_column_is_refused(dep_rubric):
    a = assess(dep_rubric, SCENARIO)
    with pytest.raises(ProblemsError) as info:
        parse_plan_sheet([["Criterion", "Owner", "Due date"], ["A.1-x", "a", None], ["A.1-x", "b", None]], dep_rubric, a, source="p.csv")  # fmt: skip
    (p,) = info.value.problems
    assert (p.code, p.line, p.params["first"]) == ("duplicate-key", 3, 2)
    with pytest.raises(ProblemsError) as info:
        parse_plan_sheet([["Criterion", "Owner"]], dep_rubric, a, source="p.csv")
    assert [p.code for p in info.value.problems] == ["missing-column"]
    assert "Due date" in info.value.problems[0].message


def test_headers_are_read_in_any_of_the_toolkit_s_languages(dep_rubric):
    from assessment.text import ui_text

    a = assess(dep_rubric, SCENARIO)
    head = [ui_text(f"plan_col_{c}", "fr") for c in ("criterion", "owner", "due", "note")]
    sheet = parse_plan_sheet([head, ["A.1-x", "Ministère", dt.date(2026, 1, 31), None]], dep_rubric, a)  # fmt: skip
    assert sheet.entries == {"A.1-x": PlanEntry(owner="Ministère", due=dt.date(2026, 1, 31))}
    assert sheet.ignored == ()


def test_a_column_the_sheet_lacks_keeps_what_was_saved(dep_rubric):
    a = with_plan(assess(dep_rubric, SCENARIO), {"A.1-x": PlanEntry(owner="a", note="keep me")})
    sheet = parse_plan_sheet([["criterion", "owner", "due"], ["A.1-x", "b", "2026-01-31"]], dep_rubric, a)  # fmt: skip
    assert sheet.entries["A.1-x"] == PlanEntry(owner="b", due=dt.date(2026, 1, 31), note="keep me")


def test_the_sheet_rows_are_typed(dep_rubric):
    rows = plan_sheet_rows(plan_of(dep_rubric, assess(dep_rubric, SCENARIO)))
    assert rows[2][:2] == [2, "A.1-x"] and isinstance(rows[2][4], int)
    assert rows[2][-3:] == [None, None, None]


# -- the command ------------------------------------------------------------------------------------


def test_the_table_lists_the_steps_in_order(files, capsys):
    rubric, path = files
    assert main(["plan", path, "--rubric", rubric]) == 0
    out = capsys.readouterr().out
    assert "Plan: 4 steps to reach the targets (1 quick wins, 3 structural, 1 root causes)" in out
    order = [line.split()[1] for line in out.splitlines() if re.match(r"\s+\d\s+[AB]\.", line)]
    assert order == ["B.1-p", "A.1-x", "A.1-y", "B.1-q"]
    assert "2 (root cause)" in out and "next: level 3 – Established: x most" in out
    assert "answered by: ICT ministry, statistics office" in out


def test_the_table_speaks_the_message_language(files, capsys):
    rubric, path = files
    assert main(["--lang", "fr", "plan", path, "--rubric", rubric]) == 0
    out = capsys.readouterr().out
    assert "(pays, XT)" in out.splitlines()[0]  # the catalogue's words where it has them
    assert "B.1-p" in out and "A.1-x" in out  # the ids stay as they are


def test_json_holds_every_field(files, capsys):
    rubric, path = files
    assert main(["plan", path, "--rubric", rubric, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["criterion"] for s in data["steps"]] == ["B.1-p", "A.1-x", "A.1-y", "B.1-q"]
    x = data["steps"][1]
    assert x["kind"] == "quick-win" and x["blocks"] == 2 and x["root_cause"] is True
    assert x["answered_by"] == ["ICT ministry", "statistics office"] and x["due"] is None
    assert data["rubric"] == {"id": "test-small", "version": "1.0.0"} and data["to_check"] == []


def test_a_sheet_is_never_written_over_without_force(files, tmp_path, capsys):
    rubric, path = files
    out = tmp_path / "plan.xlsx"
    out.write_bytes(b"filled in by hand")
    assert main(["plan", path, "--rubric", rubric, "-o", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err and out.read_bytes() == b"filled in by hand"  # fmt: skip
    assert main(["plan", path, "--rubric", rubric, "-o", str(out), "--force"]) == 0
    assert out.read_bytes().startswith(b"PK")


@pytest.mark.parametrize("option", ["-o", "--import"])
def test_a_sheet_needs_a_csv_or_xlsx_name(files, tmp_path, capsys, option):
    rubric, path = files
    assert main(["plan", path, "--rubric", rubric, option, str(tmp_path / "plan.ods")]) == 1
    assert ".xlsx, .csv" in capsys.readouterr().err


def test_output_and_import_cannot_be_given_together(files, tmp_path, capsys):
    rubric, path = files
    with pytest.raises(SystemExit) as stop:
        main(["plan", path, "-o", str(tmp_path / "p.csv"), "--import", str(tmp_path / "p.csv")])
    assert stop.value.code == 2


# -- the notebook's plan editor --------------------------------------------------------------------


def test_the_notebook_plan_editor_saves_owners_dates_and_notes(dep_rubric, tmp_path):
    from assessment.jupyter.plan_editor import PlanEditor

    path = tmp_path / "a.json"
    save_assessment(assess(dep_rubric, SCENARIO), path)
    editor = PlanEditor(path, dep_rubric)
    assert list(editor.rows) == ["B.1-p", "A.1-x", "A.1-y", "B.1-q"]  # plan order
    assert "2. A.1-x Criterion x" in editor.rows["A.1-x"].heading.value
    assert "quick win, 2 (root cause)" in editor.rows["A.1-x"].heading.value
    row = editor.rows["A.1-x"]
    row.owner.value = "  ICT ministry "
    row.due.value = dt.date(2026, 9, 30)
    editor.rows["B.1-q"].note.value = "after the census"
    assert json.loads(path.read_text())["plan"] == {
        "A.1-x": {"owner": "ICT ministry", "due": "2026-09-30"},
        "B.1-q": {"note": "after the census"},
    }
    assert "Steps with an owner, due date or note: 2." in editor.status.value
    # emptied again: the entry goes, the other stays
    editor.rows["B.1-q"].note.value = ""
    assert json.loads(path.read_text())["plan"] == {"A.1-x": {"owner": "ICT ministry", "due": "2026-09-30"}}  # fmt: skip
    # reopened: the boxes hold what was saved
    again = PlanEditor(path, dep_rubric, lang="fr")
    assert again.rows["A.1-x"].owner.value == "ICT ministry"
    assert again.rows["A.1-x"].due.value == dt.date(2026, 9, 30)
    # a control character is a message naming the step; nothing is written
    before = path.read_text()
    again.rows["A.1-y"].note.value = "bell\x07"
    assert "A.1-y" in again.status.value and "role='alert'" in again.status.value
    assert path.read_text() == before


def test_the_plan_editor_does_not_overwrite_a_file_changed_elsewhere(dep_rubric, tmp_path):
    from assessment.jupyter.plan_editor import PlanEditor

    path = tmp_path / "a.json"
    save_assessment(assess(dep_rubric, SCENARIO), path)
    editor = PlanEditor(path, dep_rubric)
    other = with_plan(load_assessment(path), {"B.1-p": PlanEntry(owner="Statistics office")})
    save_assessment(other, path)  # another window saved meanwhile
    editor.rows["A.1-x"].owner.value = "ICT ministry"
    assert "role='alert'" in editor.status.value
    assert editor.reload_button.layout.display == ""
    assert json.loads(path.read_text())["plan"] == {"B.1-p": {"owner": "Statistics office"}}
    editor.reload()
    assert editor.rows["B.1-p"].owner.value == "Statistics office"
    assert editor.rows["A.1-x"].owner.value == ""


def test_keeping_my_plan_keeps_what_the_other_copy_changed(dep_rubric, tmp_path):
    from assessment.jupyter.plan_editor import PlanEditor

    path = tmp_path / "a.json"
    save_assessment(assess(dep_rubric, SCENARIO), path)
    editor = PlanEditor(path, dep_rubric)
    other = load_assessment(path).with_response(Response(criterion="A.1-x", respondent="self", status="scored", level=3))  # fmt: skip
    save_assessment(other, path)  # the form, in another window, changed an answer
    editor.rows["A.1-y"].owner.value = "ICT ministry"
    assert editor.overwrite_button.layout.display == ""
    editor.overwrite_button.click()
    saved = load_assessment(path)
    assert saved.plan == {"A.1-y": PlanEntry(owner="ICT ministry")}
    assert saved.response("A.1-x", "self").level == 3  # the other window's answer stays


def test_a_long_plan_shows_its_first_steps_until_asked(dep_rubric, tmp_path):
    from assessment.jupyter.plan_editor import PlanEditor

    path = tmp_path / "a.json"
    a = with_plan(assess(dep_rubric, SCENARIO), {"B.1-q": PlanEntry(owner="Statistics office")})
    save_assessment(a, path)
    editor = PlanEditor(path, dep_rubric, first=2)
    assert list(editor.rows) == ["B.1-p", "A.1-x"] and editor.more.layout.display == ""
    assert editor.more.description == "Show all the steps (all: 4)"
    editor.rows["A.1-x"].owner.value = "ICT ministry"  # a step not shown keeps its entry
    assert json.loads(path.read_text())["plan"] == {"A.1-x": {"owner": "ICT ministry"}, "B.1-q": {"owner": "Statistics office"}}  # fmt: skip
    editor.more.click()
    assert list(editor.rows) == ["B.1-p", "A.1-x", "A.1-y", "B.1-q"]
    assert editor.rows["B.1-q"].owner.value == "Statistics office"
    assert editor.more.layout.display == "none" and len(editor.list.children) == 4


def test_nothing_scored_is_said_as_such_not_as_all_targets_met(tmp_path, capsys):
    import datetime as dt

    from assessment import new_assessment, save_assessment
    from assessment.insights import equity_insight
    from assessment.scoring import score_assessment
    from assessment.storage.rubrics import resolve_rubric
    from assessment.text import ui_text

    r = resolve_rubric("gdi-digital-inclusion-2025")
    a = new_assessment(r, entity="Republic of Examplia", kind="country", country="XE", date=dt.date(2026, 6, 30))  # fmt: skip
    path = save_assessment(a, tmp_path / "empty.json")
    assert main(["plan", str(path)]) == 0
    out = capsys.readouterr().out
    assert "no criterion has a score, so no gap is known" in out and "every criterion" not in out
    insight = equity_insight(lambda k, **v: ui_text(k, "en", **v), "en", r, score_assessment(r, a))
    assert insight is not None
    assert "No criterion that concerns one of these groups has a score yet." in insight.paragraphs
