"""Indicator figures in a workshop: kept in the workshop file, held against the room's median in the
facilitator's view, shown read only to participants, recorded by ``gdi-assess indicators``."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from assessment.jupyter.facilitator import FacilitatorView
from assessment.responses import IndicatorValue, Response
from assessment.storage.workshops import (
    ParticipantStore,
    WorkshopStore,
    is_workshop_file,
    load_consolidated,
)

LONG = "criterion,code,value,year,source\nA.1-x,SDG 9.c.1,60,2023,ITU (fictional)\n"


@pytest.fixture
def workshop(small_rubric, tmp_path):
    store = WorkshopStore.create(
        tmp_path / "w.sqlite", small_rubric, title="Test workshop", entity="Testland",
        kind="country", country="XT", date=dt.date(2025, 7, 15),
    )  # fmt: skip
    # A.1-x: 1, 4, 4 -> the room's median 4; B.1-p: 2, 2, 3 -> 2
    for pid, x, p in (("p1", 1, 2), ("p2", 4, 2), ("p3", 4, 3)):
        store.join(name=None, group="Government", participant_id=pid)
        for cid, level in (("A.1-x", x), ("B.1-p", p)):
            store.put(pid, Response(criterion=cid, respondent=pid, status="scored", level=level, answered_at=dt.datetime(2025, 7, 1, 10)))  # fmt: skip
    return store


def test_a_workshop_file_is_told_from_an_assessment_file(workshop, tmp_path):
    assert is_workshop_file(workshop.path)
    (tmp_path / "a.json").write_text("{}")
    assert not is_workshop_file(tmp_path / "a.json") and not is_workshop_file(tmp_path / "none")


def test_figures_are_kept_in_the_workshop_and_carried_by_the_consolidated_assessment(workshop):
    value = IndicatorValue(code="SDG 9.c.1", value=60, year=2023, source="ITU (fictional)")
    workshop.record_figures({"A.1-x": (value,)})
    assert workshop.info().template.indicators == {"A.1-x": (value,)}
    assert load_consolidated(workshop).indicators == {"A.1-x": (value,)}
    # a participant's page loads them with the template (and cannot save any of its own)
    mine = ParticipantStore(workshop, "p1").load()
    assert mine.indicators == {"A.1-x": (value,)}
    workshop.record_figures({})  # replaced, not merged
    assert workshop.info().template.indicators == {}


def test_the_facilitator_sees_where_the_figures_and_the_room_disagree(workshop, tmp_path):
    figures = tmp_path / "figures.csv"
    figures.write_text(LONG)
    view = FacilitatorView(workshop.path)
    assert "No indicator figures are recorded" in view.evidence_table().html
    merge = view.record_figures(figures)
    assert [c.criterion for c in merge.added] == ["A.1-x"]
    table = view.evidence()
    # 60 passes the threshold 50 only: level 1; the room's median is 4: 3 levels apart
    assert list(table.index) == ["A.1-x"]
    row = table.loc["A.1-x"]
    assert (row["suggested"], row["room"], row["difference"]) == (1, 4.0, 3.0)
    assert bool(row["divergent"]) and not bool(row["stale"])  # 2025 - 2023 = 2 years: not stale
    shown = view.evidence_table().html
    assert "2 or more levels apart: 1." in shown and "<td>yes</td>" in shown
    french = FacilitatorView(workshop.path, lang="fr").evidence_table().html
    assert "Where the evidence" not in french and "<td>oui</td>" in french


def test_gdi_assess_indicators_records_a_workshops_figures(workshop, tmp_path):
    figures = tmp_path / "figures.csv"
    figures.write_text(LONG)
    path = str(workshop.path)
    workshop.close()
    run = [sys.executable, "-m", "assessment", "indicators", path]
    res = subprocess.run([*run, str(figures)], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "saved into" in res.stdout and "divergent" in res.stdout
    assert WorkshopStore(path).info().template.indicators["A.1-x"][0].value == 60
    res = subprocess.run([*run, str(figures), "-o", str(tmp_path / "x.json")], capture_output=True, text=True, timeout=120)  # fmt: skip
    assert res.returncode == 1 and "Leave out -o" in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "x.json").exists()


def test_a_workshops_rules_are_kept_and_followed(workshop, tmp_path):
    figures = tmp_path / "figures.csv"
    figures.write_text(LONG)
    path = str(workshop.path)
    workshop.close()
    run = [
        sys.executable,
        "-m",
        "assessment",
        "indicators",
        path,
        str(figures),
        "--divergence",
        "4",
    ]
    res = subprocess.run(run, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "saved the reality check's rules" in res.stdout
    store = WorkshopStore(path)
    rules = store.info().template.reality
    assert rules is not None and (rules.divergence, rules.stale_after) == (4, 3)
    # the room's 4 against the figures' 1: 3 levels apart, not 4
    row = FacilitatorView(path).evidence().loc["A.1-x"]
    assert row["difference"] == 3.0 and not bool(row["divergent"])
    assert ParticipantStore(store, "p1").load().reality == rules  # the participants' pages too
