"""Progress over time, against values computed by hand on tests/data/rubric-valid-small.yaml.

A country, one respondent, every weight 1 except A.1-y (2). Levels per round:

========= ====== ===== ===== ===== ===== ======= ======= ======= ========
round     date   A.1-x A.1-y A.2-z B.1-p B.1-q   A       B       overall
========= ====== ===== ===== ===== ===== ======= ======= ======= ========
1         2024   1     1     2     0     2       3/2     1       5/4
2         2025   2     2     2     2     2       2       2       2
3         2026   3     1     2     3     –       11/6    3       29/12
========= ====== ===== ===== ===== ===== ======= ======= ======= ========

A = (A.1 + A.2) / 2 with A.1 = (x + 2y) / 3; B = mean of p and q (scored ones only).

Shares of the overall score, everything scored: x 1/12 (1/3 of A.1, half of A, half of the
whole), y 1/6, z 1/4, p 1/4, q 1/4. In round 3, q has none, so p carries all of B: p 1/2.

Round 1 -> 2: contributions x +1 x 1/12, y +1 x 1/6, z 0, p +2 x 1/4 = 1/2, q 0: sum 3/4, the
overall change exactly.  Round 2 -> 3: x +1/12, y -1/6, z 0, p +1 x (1/4 + 1/2) / 2 = 3/8: sum 7/24;
the overall change is 5/12, so 1/8 is left to the remainder (q left, p's share doubled).
"""

from __future__ import annotations

import datetime as dt
import json
import math

import pytest

from assessment import Respondent, Response, new_assessment, save_assessment, score_assessment
from assessment.cli import main
from assessment.errors import UsageError
from assessment.rounds import compare_rounds, rank_changes
from assessment.scoring import overall_shares as effective_weights
from assessment.storage.rubrics import loads_rubric

from .conftest import DATA, ROOT

SMALL = DATA / "rubric-valid-small.yaml"
CRITERIA = ("A.1-x", "A.1-y", "A.2-z", "B.1-p", "B.1-q")
LEVELS = {
    1: (1, 1, 2, 0, 2),
    2: (2, 2, 2, 2, 2),
    3: (3, 1, 2, 3, None),
}
DATES = {1: dt.date(2024, 1, 15), 2: dt.date(2025, 1, 15), 3: dt.date(2026, 1, 15)}
NAMES = {1: "baseline", 2: "mid-term", 3: "follow-up"}


def make(rubric, levels, date, name="baseline", entity="Testland", kind="country", ids=CRITERIA):
    a = new_assessment(
        rubric, entity=entity, kind=kind, country="XT", date=date, round=name,
        respondent=Respondent(id="self"),
    )  # fmt: skip
    for cid, level in zip(ids, levels, strict=True):
        if level is not None:
            a = a.with_response(Response(criterion=cid, respondent="self", status="scored", level=level))  # fmt: skip
    return a


def round_of(rubric, n, **kw):
    a = make(rubric, LEVELS[n], DATES[n], NAMES[n], **kw)
    return rubric, a, score_assessment(rubric, a)


@pytest.fixture
def three(small_rubric):
    return [round_of(small_rubric, n) for n in (1, 2, 3)]


def close(value, expected):
    return math.isclose(value, expected, abs_tol=1e-12)


def test_shares_follow_the_weights_and_give_the_overall_score(three):
    _r, _a, first = three[0]
    share = effective_weights(first)
    assert share.to_dict() == pytest.approx({"A.1-x": 1 / 12, "A.1-y": 1 / 6, "A.2-z": 1 / 4, "B.1-p": 1 / 4, "B.1-q": 1 / 4})  # fmt: skip
    assert close(float((share * first.criteria["score"]).sum()), first.overall["score"])
    _r, _a, last = three[2]
    share = effective_weights(last)
    assert share["B.1-q"] == 0 and close(share["B.1-p"], 1 / 2) and close(share.sum(), 1)
    assert close(float((share * last.criteria["score"].fillna(0)).sum()), 29 / 12)


def test_two_rounds_pillar_changes_and_what_moved(three):
    p = compare_rounds(three[:2])
    assert (p.entity, p.kind, p.rubric) == ("Testland", "country", "test-small")
    assert list(p.rounds.index) == [1, 2] and list(p.rounds["name"]) == ["baseline", "mid-term"]
    assert list(p.rounds["score"]) == pytest.approx([5 / 4, 2])
    assert math.isnan(p.rounds.loc[1, "change_from_previous"])
    assert close(p.rounds.loc[2, "change_from_first"], 3 / 4)
    assert close(p.pillars.loc[("A", 2), "change_from_previous"], 1 / 2)
    assert close(p.pillars.loc[("B", 2), "change_from_first"], 1)
    assert close(p.overall_change, 3 / 4)
    c = p.changes
    assert list(c.index[:3]) == ["B.1-p", "A.1-y", "A.1-x"]  # the largest rise first
    assert c["contribution"].to_dict() == pytest.approx({"B.1-p": 1 / 2, "A.1-y": 1 / 6, "A.1-x": 1 / 12, "A.2-z": 0, "B.1-q": 0})  # fmt: skip
    # the same criteria scored with the same weights: the contributions are the whole change
    assert close(float(c["contribution"].sum()), p.overall_change) and close(p.remainder, 0)
    rises, falls = rank_changes(p, top=2)
    assert list(rises.index) == ["B.1-p", "A.1-y"] and falls.empty
    assert p.not_comparable == p.scored_before_only == p.scored_after_only == ()


def test_three_rounds_and_a_criterion_missing_in_one(three):
    p = compare_rounds(three)
    assert list(p.rounds["score"]) == pytest.approx([5 / 4, 2, 29 / 12])
    assert close(p.rounds.loc[3, "change_from_first"], 7 / 6)
    assert close(p.rounds.loc[3, "change_from_previous"], 5 / 12)
    a = p.pillars.xs("A", level="pillar")
    assert list(a["score"]) == pytest.approx([3 / 2, 2, 11 / 6])
    assert close(a.loc[3, "change_from_previous"], -1 / 6) and close(a.loc[3, "change_from_first"], 1 / 3)  # fmt: skip
    b = p.pillars.xs("B", level="pillar")
    assert close(b.loc[3, "change_from_previous"], 1) and close(b.loc[3, "change_from_first"], 2)
    x = p.criteria.xs("A.1-x", level="criterion")
    assert list(x["level"]) == [1, 2, 3] and list(x["change_from_first"])[1:] == [1, 2]
    q = p.criteria.xs("B.1-q", level="criterion")
    assert list(q["status"]) == ["scored", "scored", "unanswered"]
    assert math.isnan(q.loc[3, "change_from_previous"]) and q.loc[3, "share"] == 0
    # round 2 -> 3: q left the score, so p's share doubled (1/4 -> 1/2; the mean, 3/8, counts)
    c = p.changes
    assert "B.1-q" not in c.index and p.scored_before_only == ("B.1-q",)
    assert c["contribution"].to_dict() == pytest.approx({"B.1-p": 3 / 8, "A.1-x": 1 / 12, "A.2-z": 0, "A.1-y": -1 / 6})  # fmt: skip
    assert close(float(c["contribution"].sum()), 7 / 24)
    assert close(p.remainder, 5 / 12 - 7 / 24)  # = 1/8
    rises, falls = rank_changes(p, top=5)
    assert list(rises.index) == ["B.1-p", "A.1-x"] and list(falls.index) == ["A.1-y"]


def test_any_order_is_put_in_order_of_date(three):
    forward = compare_rounds(three, ["one.json", "two.json", "three.json"])
    backward = compare_rounds(three[::-1], ["three.json", "two.json", "one.json"])
    assert list(backward.rounds["source"]) == ["one.json", "two.json", "three.json"]
    assert backward.rounds.equals(forward.rounds)
    assert backward.changes.equals(forward.changes)
    assert backward.criteria.equals(forward.criteria)


def _version(small_rubric):
    """Version 1.1.0 of the small rubric: A.1-y asks another question, B.1-q became B.1-r."""
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace('version: "1.0.0"', 'version: "1.1.0"')
    text = text.replace("Does the country do y?", "Does the country do y well?")
    text = text.replace("B.1-q", "B.1-r")
    return loads_rubric(text, "small-1.1.0.yaml")


def test_rounds_on_two_versions_compare_what_still_measures_the_same(small_rubric):
    new = _version(small_rubric)
    old_round = round_of(small_rubric, 1)
    a = make(new, (2, 3, 2, 2, 2), DATES[2], "mid-term", ids=("A.1-x", "A.1-y", "A.2-z", "B.1-p", "B.1-r"))  # fmt: skip
    p = compare_rounds([(new, a, score_assessment(new, a)), old_round])
    assert list(p.rounds["rubric_version"]) == ["1.0.0", "1.1.0"]
    # A = (8/3 + 2) / 2 = 7/3, B = 2, overall 13/6: a change of 11/12
    assert close(p.overall_change, 13 / 6 - 5 / 4)
    assert p.not_comparable == ("A.1-y",)
    assert p.scored_before_only == ("B.1-q",) and p.scored_after_only == ("B.1-r",)
    y = p.criteria.loc[("A.1-y", 2)]
    assert y["level"] == 3 and not y["comparable"] and math.isnan(y["change_from_previous"])
    assert p.criteria.loc[("B.1-q", 2), "status"] == "absent"
    assert list(p.criteria.index.get_level_values("criterion").unique()) == [
        "A.1-x", "A.1-y", "A.2-z", "B.1-p", "B.1-r", "B.1-q",
    ]  # fmt: skip
    # x +1 x 1/12, z 0, p +2 x 1/4: 7/12; y's rise (+2 x 1/6) is not comparable: the remainder
    assert close(float(p.changes["contribution"].sum()), 7 / 12)
    assert close(p.remainder, 1 / 3)


def test_another_entity_kind_or_rubric_names_both_rounds(small_rubric):
    base = round_of(small_rubric, 1)
    other = round_of(small_rubric, 2, entity="Otherland")
    with pytest.raises(UsageError) as caught:
        compare_rounds([other, base], ["later.json", "first.json"])
    assert caught.value.key == "error_baseline_other_entity"
    assert str(caught.value).startswith("first.json: is an assessment of 'Testland', but later.json is of 'Otherland'")  # fmt: skip
    org = make(small_rubric, (2, 2, 2, 2), DATES[2], kind="organisation", ids=("A.1-x", "A.1-y", "B.1-p", "B.1-q"))  # fmt: skip
    with pytest.raises(UsageError) as caught:
        compare_rounds([base, (small_rubric, org, score_assessment(small_rubric, org))], ["first.json", "org.json"])  # fmt: skip
    assert "'Testland (country)'" in str(caught.value) and "'Testland (organisation)'" in str(caught.value)  # fmt: skip
    text = SMALL.read_text(encoding="utf-8").replace("id: test-small", "id: test-other")
    other_rubric = loads_rubric(text, "other.yaml")
    elsewhere = round_of(other_rubric, 2)
    with pytest.raises(UsageError) as caught:
        compare_rounds([base, elsewhere], ["first.json", "other.json"])
    assert caught.value.key == "error_baseline_other_rubric"
    assert "first.json" in str(caught.value) and "other.json" in str(caught.value)


def test_one_entity_by_its_code_or_its_name_and_country(small_rubric):
    base = round_of(small_rubric, 1)

    def later(**entity):
        r, a, _s = round_of(small_rubric, 2)
        a = a.model_copy(update={"entity": a.entity.model_copy(update=entity)})
        return r, a, score_assessment(r, a)

    def refused(other):
        with pytest.raises(UsageError) as caught:
            compare_rounds([base, other], ["first.json", "later.json"])
        return str(caught.value)

    # the same name in another country is another entity; an unknown country (ZZ) is not
    assert "'Testland (XT)'" in refused(later(country="KE")) and "'Testland (KE)'" in refused(later(country="KE"))  # fmt: skip
    assert compare_rounds([base, later(country="ZZ")], ["first.json", "later.json"])
    # spaces and capitals aside, the name is the same
    assert compare_rounds([base, later(name="testland")], ["first.json", "later.json"])
    # in a campaign the unit's code decides: renamed, it is the same unit; two codes, two units
    coded = later(id="MUN-1", name="Testland City")
    base_coded = (base[0], base[1].model_copy(update={"entity": base[1].entity.model_copy(update={"id": "MUN-1"})}), base[2])  # fmt: skip
    assert compare_rounds([base_coded, coded], ["first.json", "later.json"])
    with pytest.raises(UsageError, match=r"Testland \(MUN-2\)"):
        compare_rounds([base_coded, later(id="MUN-2")], ["first.json", "later.json"])


def test_two_rounds_on_one_date_or_a_single_round_are_refused(small_rubric):
    base = round_of(small_rubric, 1)
    a = make(small_rubric, LEVELS[2], DATES[1], "again")
    with pytest.raises(UsageError) as caught:
        compare_rounds([base, (small_rubric, a, score_assessment(small_rubric, a))], ["a.json", "b.json"])  # fmt: skip
    assert caught.value.key == "rounds_error_same_date"
    assert str(caught.value).startswith("a.json and b.json are both dated 2024-01-15;")
    with pytest.raises(UsageError, match="two or more rounds"):
        compare_rounds([base])


# -- the command line -------------------------------------------------------------------------------

BASELINE = str(ROOT / "sample_data" / "examplia-2025-baseline.json")
FOLLOW_UP = str(ROOT / "sample_data" / "examplia-2026-follow-up.json")


def test_the_samples_compare_in_the_core():
    from assessment.cli.compare import load_rounds

    rounds = load_rounds([FOLLOW_UP, BASELINE])
    p = compare_rounds(rounds, [FOLLOW_UP, BASELINE])
    assert list(p.rounds["name"]) == ["baseline", "follow-up"]
    for _r, _a, s in rounds:
        share = effective_weights(s)
        assert close(float((share * s.criteria["score"].fillna(0)).sum()), s.overall["score"])
    explained = float(p.changes["contribution"].sum())
    assert close(explained + p.remainder, p.overall_change)


def test_the_command_prints_the_table_of_the_samples(capsys):
    assert main(["compare", FOLLOW_UP, BASELINE, "--top", "2"]) == 0
    out = capsys.readouterr().out
    assert "Republic of Examplia" in out
    assert out.index("2025-06-30") < out.index("2026-06-30")  # the baseline first
    lines = out.splitlines()
    overall = next(line for line in lines if line.startswith("All"))
    assert overall.split()[-3:] == ["1.51", "1.67", "+0.16"]
    assert "Raised it most:" in out and "Lowered it most:" in out


def test_the_command_writes_valid_json_and_csv(capsys):
    assert main(["compare", BASELINE, FOLLOW_UP, "--format", "json", "--top", "3"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in data["rounds"]] == ["baseline", "follow-up"]
    assert set(data["pillars"]) == {"I", "II", "III", "IV", "V", "VI", "VII"}
    changes = data["changes"]
    assert len(changes["rises"]) <= 3 and len(changes["falls"]) <= 3
    assert math.isclose(changes["explained"] + changes["remainder"], changes["overall_change"])
    assert data["pillars"]["I"]["change_from_previous"][0] is None
    assert main(["compare", BASELINE, FOLLOW_UP, "--format", "csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0] == "pillar,short_title,2025-06-30,2026-06-30,change_from_first,change_from_previous"  # fmt: skip
    assert rows[-1].startswith("overall,")


def test_the_command_reads_one_s_own_rubric_and_refuses_other_rounds(small_rubric, tmp_path, capsys):  # fmt: skip
    files = []
    for n in (3, 1, 2):
        path = tmp_path / f"round-{n}.json"
        save_assessment(make(small_rubric, LEVELS[n], DATES[n], NAMES[n]), path)
        files.append(str(path))
    assert main(["compare", *files, "--rubric", str(SMALL), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["score"] for r in data["rounds"]] == pytest.approx([5 / 4, 2, 29 / 12])
    assert data["changes"]["scored_before_only"] == ["B.1-q"]
    assert main(["compare", *files, "--rubric", str(SMALL)]) == 0
    out = capsys.readouterr().out
    assert "Since first" in out and "Since previous" in out
    same_day = tmp_path / "same-day.json"
    save_assessment(make(small_rubric, LEVELS[2], DATES[1], "again"), same_day)
    assert main(["compare", files[1], str(same_day), "--rubric", str(SMALL)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "both dated 2024-01-15" in err and "Traceback" not in err
    assert files[1] in err and str(same_day) in err and len(err.strip().splitlines()) == 1
    assert main(["compare", files[0], BASELINE, "--rubric", str(SMALL)]) == 1
    err = capsys.readouterr().err
    assert files[0] in err and BASELINE in err and "Traceback" not in err


def test_the_report_shows_every_round_given_with_repeated_baselines(small_rubric, tmp_path, capsys):
    import pypdf

    paths = {}
    for n in (1, 2, 3):
        paths[n] = tmp_path / f"round{n}.json"
        save_assessment(make(small_rubric, LEVELS[n], DATES[n], NAMES[n]), paths[n])
    # the earlier rounds in any order: the earliest is the baseline
    code = main(["report", str(paths[3]), "--rubric", str(SMALL), "--baseline", str(paths[2]),
                 "--baseline", str(paths[1]), "--out", str(tmp_path / "out")])  # fmt: skip
    assert code == 0
    html = (tmp_path / "out" / "testland-test-small-follow-up-2026-01-15.html").read_text(
        encoding="utf-8"
    )
    assert "Rounds compared: 3. The tables of criteria below compare the last two: mid-term 2025-01-15 and follow-up 2026-01-15." in html  # fmt: skip
    # the pillar table: a column per round, then the change from the first (A: 3/2, 2, 11/6)
    assert "baseline 2024-01-15" in html and "mid-term 2025-01-15" in html
    assert "What changed since 2024-01-15" in html
    assert "1.50</td>" in html and "1.83</td>" in html
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(tmp_path / "out" / "testland-test-small-follow-up-2026-01-15.pdf").pages)  # fmt: skip
    assert "Rounds compared: 3" in text and "mid-term 2025-01-15" in text
    # a round dated like another, or later than the assessment, is refused with both names
    save_assessment(make(small_rubric, LEVELS[2], DATES[2], "again"), tmp_path / "again.json")
    capsys.readouterr()
    code = main(["report", str(paths[3]), "--rubric", str(SMALL), "--baseline", str(paths[2]),
                 "--baseline", str(tmp_path / "again.json"), "--out", str(tmp_path / "out2")])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1 and "again.json" in err and "round2.json" in err and "2025-01-15" in err
    code = main(["report", str(paths[2]), "--rubric", str(SMALL), "--baseline", str(paths[3]),
                 "--out", str(tmp_path / "out3")])  # fmt: skip
    assert code == 1 and not (tmp_path / "out3").exists()
