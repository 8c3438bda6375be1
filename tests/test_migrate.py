"""`gdi-assess migrate`: an assessment moves to a newer rubric version; nothing is rescored silently."""

from __future__ import annotations

import datetime as dt

import pytest
from ruamel.yaml import YAML

from assessment import (
    ProblemsError,
    load_assessment,
    new_assessment,
    save_assessment,
    score_assessment,
)
from assessment.cli import main
from assessment.migrate import changed_criteria, migrate
from assessment.responses import Response
from assessment.rubric import parse_rubric

from .conftest import DATA, ROOT

SAMPLE_2024 = ROOT / "sample_data" / "examplia-cooperation-2024.json"

WHEN = dt.datetime(2026, 2, 1, 9, 0)


def _new_version() -> dict:
    """Version 1.1.0 of the small rubric: one criterion reworded, one split off, one only guided."""
    data = YAML(typ="safe").load((DATA / "rubric-valid-small.yaml").read_text())
    data["version"] = "1.1.0"
    a1 = data["pillars"][0]["commitments"][0]["criteria"]
    a1[0]["guidance"] = "Choose the lower level when unsure."  # A.1-x: same measure
    a1[1]["questions"]["country"] = "Does the country do y, and publish it?"  # A.1-y: reworded
    b1 = data["pillars"][1]["commitments"][0]["criteria"]
    b1[0]["id"] = "B.1-p2"  # B.1-p becomes B.1-p2
    b1[0]["replaces"] = ["B.1-p"]
    b1[0]["levels"] = {0: "p2 none", 1: "p2 some", 2: "p2 more", 3: "p2 most", 4: "p2 all"}
    return data


def _answers(rubric):
    a = new_assessment(rubric, entity="Testland", kind="country", country="XT", date=dt.date(2026, 2, 1))  # fmt: skip
    for cid, level, evidence in [("A.1-x", 2, ""), ("A.1-y", 3, "Annual y report 2025"), ("A.2-z", 4, ""), ("B.1-p", 1, "")]:  # fmt: skip
        a = a.with_response(Response(criterion=cid, respondent="self", status="scored", level=level, evidence=evidence, answered_at=WHEN))  # fmt: skip
    return a.model_copy(update={"targets": {"A.1-x": 4, "A.1-y": 4}})


def test_unchanged_answers_carry_over_and_changed_ones_wait_for_the_user(small_rubric):
    new = parse_rubric(_new_version())
    moved = migrate(_answers(small_rubric), small_rubric, new)
    assert moved.carried == ("A.1-x", "A.2-z")
    assert moved.reanswer == (("A.1-y", "reworded"), ("B.1-p2", "replaces B.1-p"))
    assert moved.removed == () and moved.added == ()  # B.1-p2 replaces B.1-p: not new
    a = moved.assessment
    assert (a.rubric.version, a.rubric.sha256) == ("1.1.0", new.content_hash)
    assert sorted(r.criterion for r in a.responses) == ["A.1-x", "A.2-z"]
    assert a.targets == {"A.1-x": 4}  # a target of a reworded criterion is not carried either
    assert (
        a.previous["A.1-y"]
        == "On version 1.0.0: level 3 – Established; evidence: Annual y report 2025."
    )
    assert a.previous["B.1-p2"] == "On version 1.0.0: level 1 – Initial."
    s = score_assessment(new, a)  # scores on the new version, from the carried answers only
    assert (
        s.criteria.loc["A.1-y", "status"] == "unanswered" and s.criteria.loc["A.1-x", "score"] == 2
    )
    assert sorted(changed_criteria(small_rubric, new)) == [
        ("A.1-y", "reworded"),
        ("B.1-p2", "replaces B.1-p"),
    ]


def test_the_command_writes_a_new_file_and_says_what_to_answer(tmp_path, small_rubric, capsys):
    old_file, new_file = DATA / "rubric-valid-small.yaml", tmp_path / "small-1.1.yaml"
    YAML().dump(_new_version(), new_file)
    src = tmp_path / "a.json"
    save_assessment(_answers(small_rubric), src)
    before = src.read_bytes()
    # the old file cannot be scored with the new version: the message names the command
    with pytest.raises(ProblemsError) as info:
        score_assessment(parse_rubric(_new_version()), load_assessment(src))
    assert "gdi-assess migrate ASSESSMENT --to 1.1.0" in str(info.value.problems[0])
    argv = ["migrate", str(src), "--to", "1.1.0", "--rubric", str(new_file), "--from-rubric", str(old_file)]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "carried over unchanged: 2 answered criteria" in out
    assert "A.1-y (reworded)" in out and "B.1-p2 (replaces B.1-p)" in out
    moved = load_assessment(tmp_path / "a-v1.1.0.json")
    assert moved.rubric.version == "1.1.0" and "A.1-y" in moved.previous
    assert src.read_bytes() == before  # the original is left as it was
    assert main([*argv, "-o", str(src)]) == 1  # never over the original
    assert "the original stays as it is" in capsys.readouterr().err


def test_a_version_that_is_not_bundled_is_a_plain_message(tmp_path, capsys):
    from assessment.storage.rubrics import resolve_rubric

    a = new_assessment(resolve_rubric("gdi-digital-inclusion-2025"), entity="E", kind="country", country="XE", date=dt.date(2026, 1, 1))  # fmt: skip
    save_assessment(a, tmp_path / "a.json")
    assert main(["migrate", str(tmp_path / "a.json"), "--to", "9.9.9"]) == 1
    err = capsys.readouterr().err
    assert (
        "version 9.9.9 of rubric 'gdi-digital-inclusion-2025' is not bundled" in err
        and "Traceback" not in err
    )


def test_the_form_shows_the_earlier_answer_to_re_answer(tmp_path, small_rubric):
    from assessment.jupyter.form import AssessmentForm
    from assessment.storage.filestore import AssessmentFile

    new = parse_rubric(_new_version())
    path = tmp_path / "moved.json"
    save_assessment(migrate(_answers(small_rubric), small_rubric, new).assessment, path)
    form = AssessmentForm(new, AssessmentFile(path), debounce=0)
    assert form.current == "A.1-y"  # the first criterion to answer (again)
    assert (
        "Your earlier answer: On version 1.0.0: level 3 – Established"
        in form.card("A.1-y").header.value
    )


def test_the_2024_sample_moves_from_1_0_to_1_1(tmp_path, capsys):
    """The bundled 1.0.0 rubric is kept in rubrics/archive/; a 1.0.0 assessment moves to 1.1.0.

    For a country, 1.1-computing-capacity carries over: only its organisation levels changed. An
    answer carries over when the levels it rests on (its own and the next) read the same: a level-3
    answer whose level 4 was rewritten is to answer again, a level-1 answer is not.
    """
    from assessment.storage.rubrics import rubric_version

    old = rubric_version("gdi-digital-cooperation-2024", "1.0.0")
    new = rubric_version("gdi-digital-cooperation-2024", "1.1.0")  # archived since 1.2.0
    assert (old.version, new.version) == ("1.0.0", "1.1.0")
    fixture = DATA / "migration" / "examplia-cooperation-2024-1.0.0.json"
    a = load_assessment(fixture)
    moved = migrate(a, old, new)
    reworded = {cid for cid, why in moved.reanswer if why == "reworded"}
    # by hand: the four answers whose own level or the next one was rewritten
    assert reworded == {
        "1.1-network-expansion",  # level 3 given; level 4 rewritten
        "1.2-digital-real-economy",  # level 2 given; levels 2, 3 and 4 rewritten
        "3.2-multistakeholder-exchange",  # level 3 given; level 4 rewritten
        "3.3-capacity-talent-exchange",  # level 3 given; level 4 rewritten
    }
    assert len(moved.carried) == 22 and moved.removed == ()
    assert "2.2-ai-principles" in moved.carried  # level 1 given: levels 0-2 read the same
    assert len({r.criterion for r in moved.assessment.responses}) == 22
    assert score_assessment(new, moved.assessment).overall["n_unanswered"] == 4
    src = tmp_path / "old.json"
    src.write_bytes(fixture.read_bytes())
    assert main(["migrate", str(src), "--to", "1.1.0"]) == 0
    assert "to answer again (4; your earlier answers are kept as notes)" in capsys.readouterr().out
    assert load_assessment(tmp_path / "old-v1.1.0.json").rubric.version == "1.1.0"


def test_splits_and_merges_put_the_earlier_answer_on_every_criterion_to_answer(small_rubric):
    data = YAML(typ="safe").load((DATA / "rubric-valid-small.yaml").read_text())
    data["version"] = "1.1.0"
    b1 = data["pillars"][1]["commitments"][0]["criteria"]
    p2 = dict(b1[0], id="B.1-p2", replaces=["B.1-p"], levels={i: f"p2 level {i}" for i in range(5)})
    p3 = dict(b1[0], id="B.1-p3", replaces=["B.1-p"], levels={i: f"p3 level {i}" for i in range(5)})
    b1[0:1] = [p2, p3]  # B.1-p split in two
    a1 = data["pillars"][0]["commitments"][0]["criteria"]
    a1[0]["replaces"] = ["A.1-y"]  # A.1-x takes in A.1-y (a merge keeping A.1-x's id)
    a1[0]["levels"] = {i: f"x merged {i}" for i in range(5)}
    a1[1]["covers"] = ["b"]
    new = parse_rubric(data)
    moved = migrate(_answers(small_rubric), small_rubric, new)
    assert dict(moved.reanswer) == {"A.1-x": "replaces A.1-y", "B.1-p2": "replaces B.1-p", "B.1-p3": "replaces B.1-p"}  # fmt: skip
    notes = moved.assessment.previous
    assert "level 1 – Initial" in notes["B.1-p2"] and "level 1 – Initial" in notes["B.1-p3"]
    assert "level 2 – Developing" in notes["A.1-x"] and "level 3 – Established" in notes["A.1-x"]
    assert "target 4" not in notes["A.1-x"]  # targets are assessment-wide overrides here
    assert moved.dropped == ("A.1-x",)  # its target was not carried (said); A.1-y is unchanged


def test_the_command_never_writes_over_a_migrated_file_nor_takes_another_rubric(tmp_path, small_rubric, capsys):  # fmt: skip
    new_file = tmp_path / "small-1.1.yaml"
    YAML().dump(_new_version(), new_file)
    src = tmp_path / "a.json"
    save_assessment(_answers(small_rubric), src)
    argv = ["migrate", str(src), "--to", "1.1.0", "--rubric", str(new_file), "--from-rubric", str(DATA / "rubric-valid-small.yaml")]  # fmt: skip
    assert main(argv) == 0
    assert main(argv) == 1  # the migrated file may hold new answers by now
    assert "already exists (answers given there would be lost)" in capsys.readouterr().err
    other = _new_version()
    other["id"] = "someone-else"
    YAML().dump(other, new_file)
    assert main([*argv, "-o", str(tmp_path / "b.json")]) == 1
    assert "is rubric 'someone-else', but" in capsys.readouterr().err


def test_an_earlier_version_is_still_scored_and_compared_with_its_own_rubric(tmp_path, capsys):
    """A 1.0.0 assessment is scored with the archived 1.0.0 rubric (with a note naming migrate),
    and serves as the baseline of a 1.1.0 round: each round is scored with its own version."""
    import json

    old = DATA / "migration" / "examplia-cooperation-2024-1.0.0.json"
    assert main(["score", str(old), "--format", "json"]) == 0
    out = capsys.readouterr()
    scored = json.loads(out.out)
    assert scored["rubric"] == {"id": "gdi-digital-cooperation-2024", "version": "1.0.0"}
    assert f"gdi-assess migrate {old} --to 1.2.0" in out.err  # the current version
    # the same answers scored by hand with the archived rubric
    from assessment.storage.rubrics import rubric_version

    by_hand = score_assessment(rubric_version("gdi-digital-cooperation-2024", "1.0.0"), load_assessment(old))  # fmt: skip
    assert scored["overall"]["score"] == pytest.approx(float(by_hand.overall["score"]))

    current = load_assessment(SAMPLE_2024).model_copy(update={"date": dt.date(2026, 11, 20)})
    save_assessment(current, tmp_path / "later.json")
    reports = tmp_path / "reports"
    assert main(["report", str(tmp_path / "later.json"), "--baseline", str(old), "--out", str(reports), "--format", "html"]) == 0  # fmt: skip
    html = next(reports.glob("*.html")).read_text()
    assert "scored with version 1.0.0 of the rubric" in html


def test_the_2025_sample_moves_from_1_0_to_1_1_with_exactly_these_to_answer_again():
    """The 1.0.0 baseline of Examplia (tests/data/migration) on the 2025 rubric's 1.1.0."""
    from assessment.storage.rubrics import rubric_version

    old = rubric_version("gdi-digital-inclusion-2025", "1.0.0")
    new = rubric_version("gdi-digital-inclusion-2025", "1.1.0")  # archived since 1.2.0
    a = load_assessment(DATA / "migration" / "examplia-2025-baseline-1.0.0.json")
    moved = migrate(a, old, new)
    split = "replaces I.2-coverage-affordability"
    assert dict(moved.reanswer) == {
        "I.2-affordable-access": split,
        "I.2-network-coverage": split,
        "I.2-digital-uptake": split,
        "I.3-interconnection": "reworded",  # level 3 and a target of 4; level 4 rewritten
        "III.1-ai-public-services": "reworded",  # question and every level rewritten
        "III.1-ai-new-business": "reworded",  # level 1; level 2 rewritten
        "III.1-ai-plus-cooperation": "reworded",  # level 0; level 1 rewritten
        "III.5-ai-capacity": "reworded",  # the Global South at every level
        "III.5-ai-divide": "reworded",
        "IV.1-rural-connectivity": "reworded",  # level 2; levels 2-4 rewritten
        "IV.3-urban-rural-gap": "reworded",  # level 2; level 2 rewritten
        "VI.1-accessible-public-services": "reworded",  # the question names WCAG now
        "VI.2-digital-government-foundations": "reworded",  # a target of 4; level 4 rewritten
        "VI.4-divide-monitoring": "reworded",  # level 2 with a target of 4
        "VII.2-platform-responsibility": "reworded",  # given or received
        "VII.2-assistance-abroad": "reworded",  # not applicable before: now two-sided
    }
    assert len(moved.carried) == 49 and moved.removed == () and moved.added == ()
    assert "I.1-joint-planning" in moved.carried
    # the old answer to the split criterion is a note on each of the three new ones
    for cid in ("I.2-affordable-access", "I.2-network-coverage", "I.2-digital-uptake"):
        assert moved.assessment.previous[cid].startswith("On version 1.0.0: level 3")
    # on the short form, the criteria that left it and joined it are named
    short = migrate(a.model_copy(update={"short_form": True}), old, new)
    assert short.left_short_form == ("I.1-joint-planning", "I.2-open-sharing", "II.1-research-innovation", "III.3-privacy-security", "IV.2-rural-ecommerce", "V.2-talent-system", "VI.4-assisted-access")  # fmt: skip
    assert short.joined_short_form == ("I.2-affordable-access", "I.2-network-coverage")


def test_an_old_workshop_without_its_rubric_stored_reads_the_version_it_was_made_with(tmp_path):
    """Workshops made before the file stored its rubric name only the id and version: the
    archived version is used, so a newer toolkit still consolidates and reports them."""
    import sqlite3

    from assessment.jupyter.facilitator import FacilitatorView
    from assessment.storage.rubrics import rubric_version
    from assessment.storage.workshops import WorkshopStore

    old = rubric_version("gdi-digital-inclusion-2025", "1.0.0")
    path = tmp_path / "ws.sqlite"
    WorkshopStore.create(path, old, title="T", entity="Examplia (fictional)", kind="country").close()  # fmt: skip
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM meta WHERE key = 'rubric'")
    conn.close()
    store = WorkshopStore(path)
    assert store.rubric().version == "1.0.0" and store.rubric().content_hash == old.content_hash
    store.close()
    written = FacilitatorView(path).report(tmp_path / "out", formats=("html",))
    assert written["html"].is_file()


@pytest.mark.parametrize(
    "rubric_id", ["gdi-digital-inclusion-2025", "gdi-digital-cooperation-2024"]
)
def test_version_1_2_changes_nothing_that_is_measured(rubric_id):
    """1.2.0 adds prerequisites, equity tags and thresholds only: no criterion is reworded, added,
    removed or split, and a split of 1.1.0 kept in 1.2.0 (``replaces``) moves nothing from 1.1.0."""
    from assessment.storage.rubrics import resolve_rubric, rubric_version

    old, new = rubric_version(rubric_id, "1.1.0"), resolve_rubric(rubric_id)
    assert (old.version, new.version) == ("1.1.0", "1.2.0")
    assert list(changed_criteria(old, new)) == []
    assert [r.criterion.id for r in old.refs] == [r.criterion.id for r in new.refs]


def test_a_1_0_assessment_moves_straight_to_1_2_as_it_would_to_1_1():
    """The splits of 1.1.0 still apply when a 1.0.0 assessment skips a version."""
    from assessment.storage.rubrics import resolve_rubric, rubric_version

    old = rubric_version("gdi-digital-inclusion-2025", "1.0.0")
    a = load_assessment(DATA / "migration" / "examplia-2025-baseline-1.0.0.json")
    via_1_1 = migrate(a, old, rubric_version("gdi-digital-inclusion-2025", "1.1.0"))
    direct = migrate(a, old, resolve_rubric("gdi-digital-inclusion-2025"))
    assert direct.reanswer == via_1_1.reanswer and direct.carried == via_1_1.carried
    assert direct.assessment.previous == via_1_1.assessment.previous
    assert direct.assessment.rubric.version == "1.2.0"


def test_weights_plan_and_indicator_values_follow_the_ids_the_new_version_keeps():
    """What an assessment records beside its answers (issue 14) moves with it; what names an id
    the new version no longer has stays behind, so the moved file still scores."""
    from assessment.migrate import migrate
    from assessment.responses import IndicatorValue, PlanEntry
    from assessment.scoring import score_assessment
    from assessment.storage.rubrics import rubric_version

    old = rubric_version("gdi-digital-inclusion-2025", "1.0.0")
    new = rubric_version("gdi-digital-inclusion-2025", "1.2.0")
    a = load_assessment(DATA / "migration" / "examplia-2025-baseline-1.0.0.json")
    gone = "I.2-coverage-affordability"  # split into three criteria in 1.1.0
    kept = "I.1-joint-planning"
    code = next(i.code for i in old.by_id[kept].criterion.indicators if i.code)
    a = a.model_copy(
        update={
            "weights": {"I": 2.0, gone: 2.0},
            "plan": {kept: PlanEntry(owner="ICT ministry"), gone: PlanEntry(owner="Regulator")},
            "indicators": {kept: (IndicatorValue(code=code, value=1, year=2025, source="x"),)},
        }
    )
    moved = migrate(a, old, new).assessment
    assert moved.weights == {"I": 2.0}
    assert list(moved.plan) == [kept] and moved.plan[kept].owner == "ICT ministry"
    still_listed = any(i.code == code for i in new.by_id[kept].criterion.indicators)
    assert list(moved.indicators) == ([kept] if still_listed else [])
    score_assessment(new, moved)  # nothing names an id that 1.2.0 lacks
