"""Facilitator analytics and the workshop's consolidated result, by hand on the small rubric.

Same scenario as tests/test_report.py (three people, one per group: gov, cso, acad).
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from assessment.cli import main
from assessment.jupyter.facilitator import FacilitatorView, import_into_workshop
from assessment.render.display import display
from assessment.report import build_report
from assessment.responses import responses_frame
from assessment.scoring import score_assessment
from assessment.storage.workshops import WorkshopStore
from assessment.workshop import (
    consolidate,
    disagreement,
    distribution_by_group,
    group_comparison,
    participation,
    round_movement,
)

from .test_report import make_assessment


@pytest.fixture
def frame(small_rubric):
    f = responses_frame(make_assessment(small_rubric))
    f["round"] = 1
    return f


def test_disagreement_orders_by_iqr_then_range(small_rubric, frame):
    d = disagreement(small_rubric, frame)
    assert list(d.index[:2]) == ["B.1-p", "A.1-x"]  # IQR 2 (0, 4, 4), then IQR 1 (2, 3, 4)
    assert d.loc["B.1-p", ["0", "4", "N/A", "DK"]].tolist() == [1, 2, 0, 0]
    assert bool(d.loc["B.1-p", "disputed"]) and not bool(d.loc["A.1-x", "disputed"])
    assert d.loc["A.2-z", ["2", "N/A"]].tolist() == [1, 2]


def test_groups_under_three_people_are_never_shown_alone(small_rubric, frame):
    table = distribution_by_group(frame, "A.1-x")
    assert table.empty and table.attrs["suppressed"] == ["acad", "cso", "gov"]
    comp = group_comparison(small_rubric, frame, kind="country")
    assert [c for c in comp.columns if c not in ("spread", "pattern")] == []
    shown = distribution_by_group(frame, "A.1-x", min_group=1)
    assert shown.loc["gov", "2"] == 1 and shown.loc["acad", "4"] == 1


def test_group_comparison_by_hand(small_rubric, frame):
    comp = group_comparison(small_rubric, frame, kind="country", min_group=1)
    # gov: A.1 = (2 + 1 x 2) / 3 = 1.33, A.2 not applicable -> A = 1.33; B = 0
    assert comp.loc["A", "gov"] == pytest.approx(4 / 3) and comp.loc["B", "gov"] == 0
    # acad: A.1 = 4 (y unknown), A.2 = 2 -> A = 3; B = 4
    assert comp.loc["A", "acad"] == 3 and comp.loc["B", "acad"] == 4
    assert comp.loc["B", "spread"] == 4 and comp.loc["B", "pattern"] == "diverge"


def test_participation_counts(frame):
    p = participation(
        [("r1", "gov"), ("r2", "cso"), ("r3", "acad"), ("r4", None)], frame, n_criteria=5
    )
    assert p.loc["All groups", ["joined", "answering", "answers"]].tolist() == [4, 3, 12]
    assert p.loc["(no group)", "answering"] == 0
    assert p.loc["gov", "complete"] == pytest.approx(4 / 5)


def test_round_movement(frame):
    later = frame.copy()
    later["round"] = 2
    later.loc[(later["criterion"] == "B.1-p") & (later["respondent"] == "r1"), "level"] = 3.0
    m = round_movement(pd.concat([frame, later]))
    assert m.loc["B.1-p", "changed"] == 1 and m.index[0] == "B.1-p"
    assert m.loc["B.1-p", "iqr_before"] == 2 and m.loc["B.1-p", "iqr_after"] == 0.5
    assert bool(m.loc["B.1-p", "converged"]) and m.loc["A.1-x", "changed"] == 0


def test_consensus_replaces_the_median_and_names_stay_out(small_rubric):
    a = make_assessment(small_rubric)
    people = [("r1", "Ana (fictional)", "gov"), ("r2", None, "cso"), ("r3", None, "acad")]
    c = consolidate(
        a, people, a.responses, {"A.1-y": ("scored", 3, "Agreed after the discussion.")}
    )
    assert all(p.name is None for p in c.respondents)
    s = score_assessment(small_rubric, c)
    # A.1 = (x 3 x 1 + agreed y 3 x 2) / 3 = 3.00 instead of 1.67
    assert s.pillars.loc["A", "score"] == pytest.approx(3.0)
    assert bool(s.criteria.loc["A.1-y", "agreed"])
    report = build_report(small_rubric, c)
    st = display(report)["stakeholders"]
    assert st["consensus_rows"] == [
        ["A.1-y", "Criterion y", "3", "1.00", "Agreed after the discussion."]
    ]
    assert st["participation_rows"] == [["Groups of fewer than 3, together", "3", "12"]]
    assert [r[0] for r in st["disputed_rows"]] == ["B.1-p", "A.1-x"]
    assert "Ana" not in json.dumps(report.to_dict())
    named = consolidate(a, people, a.responses, {}, show_names=True)
    assert "Ana (fictional)" in json.dumps(build_report(small_rubric, named).to_dict())


def test_facilitator_view_and_export(small_rubric, tmp_path):
    store = WorkshopStore.create(
        tmp_path / "w.sqlite",
        small_rubric,
        title="T",
        entity="Testland",
        kind="country",
        country="XT",
    )
    done = import_into_workshop(store, make_assessment(small_rubric))
    assert (done.people_added, done.added, done.updated, done.unchanged) == (3, 12, 0, 0)
    # a custom rubric (not bundled) travels inside the workshop file
    view = FacilitatorView(store.path)
    assert view.participation().loc["All groups", "answers"] == 12
    assert list(view.disagreement(top=2).index) == ["B.1-p", "A.1-x"]
    store.record_consensus("B.1-p", level=2, rationale="Middle ground after discussion.")
    out = view.refresh().export(tmp_path / "consensus.json")
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["consensus"]["B.1-p"]["level"] == 2
    assert saved["consensus"]["B.1-p"]["rationale"] == "Middle ground after discussion."
    assert len(saved["responses"]) == 12
    assert "<svg" in view.radar().html


def test_workshop_and_workbook_commands(tmp_path, capsys):
    ws = tmp_path / "w.sqlite"
    args = [
        "workshop",
        "new",
        str(ws),
        "--rubric",
        "gdi-digital-inclusion-2025",
        "--title",
        "T",
        "--entity",
        "E",
        "--kind",
        "country",
    ]
    assert main(args) == 0
    assert main(args) == 1 and "already exists" in capsys.readouterr().err
    assert main(["workshop", "status", str(ws)]) == 0
    assert "0 participant(s), 0 answer(s) in round 1" in capsys.readouterr().out
    assert main(["workshop", "status", str(tmp_path / "nope.sqlite")]) == 1
    assert "no such workshop file" in capsys.readouterr().err
    pdf = tmp_path / "wb.pdf"
    assert main(["workbook", "gdi-digital-inclusion-2025", "--core", "--out", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_serve_refuses_a_missing_workshop_before_starting_a_server(tmp_path, capsys):
    assert main(["workshop", "serve", str(tmp_path / "missing.sqlite")]) == 1
    assert (
        "no such workshop file; create one with `gdi-assess workshop new`"
        in capsys.readouterr().err
    )


def test_import_is_all_or_nothing(small_rubric, tmp_path, capsys):
    ws = tmp_path / "w.sqlite"
    assert (
        main(
            [
                "workshop",
                "new",
                str(ws),
                "--rubric",
                "gdi-digital-inclusion-2025",
                "--title",
                "T",
                "--entity",
                "E",
                "--kind",
                "country",
            ]
        )
        == 0
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "id,group,I.1-joint-planning\n1,Government,2\n2,Government,maybe\n3,Academia,7\n",
        encoding="utf-8",
    )
    assert main(["workshop", "import", str(ws), str(bad)]) == 1
    err = capsys.readouterr().err
    assert (
        "2 problems; nothing was imported" in err
        and ':3: I.1-joint-planning: "maybe"' in err
        and ':4: I.1-joint-planning: "7"' in err
    )
    assert WorkshopStore(ws).count() == 0  # the good row was not imported either
    good = tmp_path / "good.csv"
    good.write_text(
        "\ufeffid;group;I.1-joint-planning\n1;Government;Developing\n2;Academia;N/A\n",
        encoding="utf-8",
    )
    assert main(["workshop", "import", str(ws), str(good)]) == 0
    assert WorkshopStore(ws).count() == 2


def test_disputed_by_group_shows_each_groups_answers(tmp_path):
    from assessment.jupyter.facilitator import demo_workshop

    view = FacilitatorView(demo_workshop(tmp_path / "demo.sqlite"))
    part = view.disputed_by_group(top=2).html
    first = view.disagreement(top=1).index[0]
    assert part.count("<table") == 2 and first in part
    # Technical community (2 people) is left out, and Academia (3, the smallest group left)
    # with it: otherwise the totals minus the groups shown would give the two people's answers
    assert "Government" in part and "<th>Academia</th>" not in part
    assert (
        "a smaller group cannot be worked out from the totals): Academia, Technical community."
        in part
    )
