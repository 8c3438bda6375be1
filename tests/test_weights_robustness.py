"""What-if weights and the robustness of the pillar ranking (issue 14, part 3), against values
computed by hand on tests/data/rubric-valid-small.yaml.

Scenario (country, one respondent): A.1-x = 2, A.1-y = 4 (weight 2), A.2-z = 1, B.1-p = 1,
B.1-q = 3; every pillar and commitment weighs 1.

    A.1 = (2x1 + 4x2) / 3 = 10/3      A.2 = 1      A = (10/3 + 1) / 2 = 13/6
    B = (1 + 3) / 2 = 2               overall = (13/6 + 2) / 2 = 25/12

Weights {"B": 3}:      overall = (13/6 + 3x2) / 4 = 49/24, i.e. 1/24 lower.
Weights {"A.1-y": 1}:  A.1 = (2 + 4) / 2 = 3, A = (3 + 1) / 2 = 2, overall = 2.
Weights {"A.2": 3}:    A = (10/3 + 3x1) / 4 = 19/12, overall = (19/12 + 2) / 2 = 43/24.
"""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest

from assessment import (
    ProblemsError,
    RubricMismatchError,
    dumps_assessment,
    loads_assessment,
    score_assessment,
)
from assessment.cli import main
from assessment.responses import Respondent, Response, check_against_rubric, new_assessment
from assessment.robustness import (
    RankFinding,
    _dirichlet_params,
    _shares,
    finding_text,
    rank_findings,
    robustness,
    shown_share,
    weakest_finding,
)
from assessment.text import format_share

from .conftest import DATA

RUBRIC = DATA / "rubric-valid-small.yaml"


def _assessment(rubric, levels, *, kind="country", weights=None):
    a = new_assessment(
        rubric,
        entity="Testland",
        kind=kind,
        country="XT",
        date=dt.date(2025, 3, 1),
        respondent=Respondent(id="r1"),
    )
    for cid, level in levels.items():
        a = a.with_response(Response(criterion=cid, respondent="r1", status="scored", level=level))
    return a._copy(weights=weights) if weights else a


SCENARIO = {"A.1-x": 2, "A.1-y": 4, "A.2-z": 1, "B.1-p": 1, "B.1-q": 3}


# -- what-if weights ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weights", "overall", "pillar_a"),
    [
        ({}, 25 / 12, 13 / 6),
        ({"B": 3}, 49 / 24, 13 / 6),
        ({"A.1-y": 1}, 2.0, 2.0),
        ({"A.2": 3}, 43 / 24, 19 / 12),
    ],
)
def test_an_override_changes_the_scores_by_the_amount_computed_by_hand(
    small_rubric, weights, overall, pillar_a
):
    s = score_assessment(small_rubric, _assessment(small_rubric, SCENARIO, weights=weights))
    assert s.overall["score"] == pytest.approx(overall)
    assert s.pillars.loc["A", "score"] == pytest.approx(pillar_a)
    assert s.pillars.loc["B", "score"] == pytest.approx(2.0)


def test_an_override_leaves_the_rubric_and_its_hash(small_rubric):
    before = small_rubric.content_hash
    plain = score_assessment(small_rubric, _assessment(small_rubric, SCENARIO))
    a = _assessment(small_rubric, SCENARIO, weights={"B": 3})
    weighted = score_assessment(small_rubric, a)
    assert small_rubric.content_hash == before == a.rubric.sha256
    assert weighted.overall["score"] - plain.overall["score"] == pytest.approx(-1 / 24)
    assert weighted.pillars.loc["B", "pillar_weight"] == 3.0
    assert plain.pillars.loc["B", "pillar_weight"] == 1.0  # the rubric's weight
    assert [p.weight for p in small_rubric.pillars] == [1, 1]


def test_weights_round_trip_and_an_assessment_without_them_is_saved_as_before(small_rubric):
    a = _assessment(small_rubric, SCENARIO, weights={"B": 3, "A.1": 0.5, "B.1-q": 2})
    again = loads_assessment(dumps_assessment(a))
    assert again.weights == {"B": 3, "A.1": 0.5, "B.1-q": 2}
    assert again == a
    plain = _assessment(small_rubric, SCENARIO)
    assert plain.weights == {}
    assert '"weights"' not in dumps_assessment(plain)


def test_an_unknown_id_in_weights_is_a_problem_naming_its_field(small_rubric):
    a = _assessment(small_rubric, SCENARIO, weights={"B": 2, "Z.9": 2})
    problems = check_against_rubric(a, small_rubric, "a.json")
    assert [(p.code, p.field) for p in problems] == [("unknown-weight-id", "weights.Z.9")]
    assert "'Z.9' in weights is not a pillar, commitment or criterion" in problems[0].message
    assert "'A'" in problems[0].hint and "'A.1'" in problems[0].hint
    with pytest.raises(RubricMismatchError) as info:
        score_assessment(small_rubric, a)
    assert [p.code for p in info.value.problems] == ["unknown-weight-id"]


@pytest.mark.parametrize("bad", [0, -1, 11, "2", True])
def test_a_weight_out_of_range_is_a_problem_naming_its_field(small_rubric, bad):
    a = _assessment(small_rubric, SCENARIO)
    data = json.loads(dumps_assessment(a))
    data["weights"] = {"A": bad}
    with pytest.raises(ProblemsError) as info:
        loads_assessment(json.dumps(data))
    fields = [p.field for p in info.value.problems]
    assert fields and all(f.startswith("weights.A") for f in fields), fields


# -- robustness -----------------------------------------------------------------------------------


def test_the_effective_shares_and_the_dirichlet_parameters_are_those_computed_by_hand(small_rubric):
    # A: A.1 and A.2 share the pillar half and half; inside A.1, x weighs 1 and y 2
    s = score_assessment(small_rubric, _assessment(small_rubric, SCENARIO))
    shares = _shares(s.criteria)["share"]
    assert shares.to_dict() == pytest.approx(
        {"A.1-x": 1 / 6, "A.1-y": 1 / 3, "A.2-z": 1 / 2, "B.1-p": 1 / 2, "B.1-q": 1 / 2}
    )
    groups = np.array([0, 0, 0, 1, 1])
    params = _dirichlet_params(shares.to_numpy(), groups, 4.0)  # 4 x n x share
    assert params.tolist() == pytest.approx([2, 4, 6, 4, 4])
    # the shares reproduce the pillar scores of scoring
    assert (shares * s.criteria["score"]).groupby(s.criteria["pillar"]).sum().tolist() == (
        pytest.approx([13 / 6, 2])
    )


def test_the_same_seed_gives_the_same_figures_and_another_seed_others(small_rubric):
    s = score_assessment(small_rubric, _assessment(small_rubric, SCENARIO))
    first = robustness(s, draws=2000, seed=7)
    again = robustness(s, draws=2000, seed=7)
    other = robustness(s, draws=2000, seed=8)
    assert first.pillars.equals(again.pillars) and first.overall.equals(again.overall)
    assert not first.pillars[["low", "high"]].equals(other.pillars[["low", "high"]])
    assert (first.seed, first.draws, other.seed) == (7, 2000, 8)


def test_a_far_weaker_pillar_is_the_weakest_under_every_weighting(small_rubric):
    # A lies between 3 and 4 whatever the weights, B between 0 and 1
    levels = {"A.1-x": 4, "A.1-y": 3, "A.2-z": 4, "B.1-p": 0, "B.1-q": 1}
    r = robustness(score_assessment(small_rubric, _assessment(small_rubric, levels)), draws=3000)
    assert r.weakest == "B" and r.strongest == "A"
    assert r.pillars.loc["B", "weakest"] == 1.0 and r.pillars.loc["A", "strongest"] == 1.0
    assert list(r.pillars["rank"]) == [1, 2]
    assert list(r.pillars["keeps_rank"]) == [1.0, 1.0]
    found = weakest_finding(r)
    assert found == RankFinding("weakest", "B", 1.0, 3000)
    assert finding_text(found, "Pillar B") == (
        "Pillar B is the weakest pillar under every one of the 3,000 plausible weightings drawn."
    )


def test_two_tied_pillars_are_each_the_weakest_under_about_half(small_rubric):
    # an organisation (A.2-z is asked of countries only); with A.1-y weighing 1 like A.1-x,
    # A and B are both the mean of a 1 and a 3 under equal weights: tied at 2, and drawn alike
    levels = {"A.1-x": 1, "A.1-y": 3, "B.1-p": 1, "B.1-q": 3}
    a = _assessment(small_rubric, levels, kind="organisation", weights={"A.1-y": 1})
    s = score_assessment(small_rubric, a)
    assert s.pillars["score"].tolist() == [2.0, 2.0]
    r = robustness(s, draws=20_000, seed=1)
    assert list(r.pillars["rank"]) == [1, 1]  # tied pillars share a rank
    for pid in ("A", "B"):
        assert r.pillars.loc[pid, "weakest"] == pytest.approx(0.5, abs=0.02)
        assert r.pillars.loc[pid, "keeps_rank"] == pytest.approx(0.5, abs=0.02)
    assert r.pillars["weakest"].sum() == pytest.approx(1.0)  # never both at once


def test_a_huge_concentration_keeps_the_chosen_weights(small_rubric):
    s = score_assessment(small_rubric, _assessment(small_rubric, SCENARIO))
    r = robustness(s, draws=500, concentration=1e9)
    assert r.pillars["low"].tolist() == pytest.approx(s.pillars["score"].tolist(), abs=1e-3)
    assert r.pillars["high"].tolist() == pytest.approx(s.pillars["score"].tolist(), abs=1e-3)
    assert r.overall["mean"] == pytest.approx(25 / 12, abs=1e-3)
    assert r.pillars["keeps_rank"].tolist() == [1.0, 1.0]


def test_unscored_criteria_are_left_out_and_a_lone_criterion_does_not_move(small_rubric):
    # B has one scored criterion (B.1-q is unanswered): its score is 1 under every weighting
    levels = {"A.1-x": 2, "A.1-y": 4, "A.2-z": 1, "B.1-p": 1}
    r = robustness(score_assessment(small_rubric, _assessment(small_rubric, levels)), draws=1000)
    assert r.pillars.loc["B", "low"] == pytest.approx(1.0)
    assert r.pillars.loc["B", "high"] == pytest.approx(1.0)
    assert 1.0 <= r.pillars.loc["A", "low"] < 13 / 6 < r.pillars.loc["A", "high"] <= 4.0


def test_fewer_than_two_scored_pillars_have_no_ranking_to_test(small_rubric):
    empty = robustness(score_assessment(small_rubric, _assessment(small_rubric, {})), draws=10)
    assert not empty.ranked and rank_findings(empty) == ()
    one = robustness(
        score_assessment(small_rubric, _assessment(small_rubric, {"B.1-p": 2})), draws=10
    )
    assert not one.ranked and one.pillars.loc["B", "rank"] == 1


@pytest.mark.parametrize("options", [{"draws": 0}, {"seed": -1}, {"concentration": 0}])
def test_bad_options_are_refused(small_rubric, options):
    s = score_assessment(small_rubric, _assessment(small_rubric, SCENARIO))
    with pytest.raises(ValueError):
        robustness(s, **options)


def test_the_sentence_rounds_down_and_never_overstates():
    assert shown_share(0.996) == 0.99 and shown_share(0.29) == 0.29 and shown_share(1.0) == 1.0
    found = RankFinding("weakest", "IV", 0.9431, 10_000)
    assert finding_text(found, "Rural development") == (
        "Rural development is the weakest pillar under 94 % of plausible weightings."
    )
    french = finding_text(found, "Développement rural", "fr")
    assert format_share(0.94, "fr") in french and "94\u00a0%" in french  # the French way
    strong = RankFinding("strongest", "I", 0.5, 10_000)
    assert finding_text(strong, "Infra") == "Infra is the strongest pillar under 50 % of plausible weightings."  # fmt: skip


# -- the command ----------------------------------------------------------------------------------


@pytest.fixture
def far_apart(small_rubric, tmp_path):
    levels = {"A.1-x": 4, "A.1-y": 3, "A.2-z": 4, "B.1-p": 0, "B.1-q": 1}
    path = tmp_path / "a.json"
    path.write_text(dumps_assessment(_assessment(small_rubric, levels)), encoding="utf-8")
    return path


def test_the_command_prints_the_table_and_the_sentence(far_apart, capsys):
    assert main(["robustness", str(far_apart), "--rubric", str(RUBRIC), "--draws", "500"]) == 0
    out = capsys.readouterr().out
    assert "500 plausible weightings drawn around the chosen weights (seed 0" in out
    assert "Keeps rank" in out
    assert "B is the weakest pillar under every one of the 500 plausible weightings drawn." in out
    assert "A is the strongest pillar under every one of the 500" in out


def test_the_json_has_the_fields(far_apart, capsys):
    argv = ["robustness", str(far_apart), "--rubric", str(RUBRIC), "--draws", "300", "--seed", "3", "--format", "json"]  # fmt: skip
    assert main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["draws"], out["seed"], out["concentration"]) == (300, 3, 4.0)
    assert out["weakest"] == {"pillar": "B", "share": 1.0}
    assert out["strongest"] == {"pillar": "A", "share": 1.0}
    assert set(out["pillars"]["A"]) >= {"score", "rank", "keeps_rank", "weakest", "strongest", "low", "high"}  # fmt: skip
    assert out["pillars"]["B"]["rank"] == 2
    assert set(out["overall"]) == {"score", "mean", "low", "high", "sd"}
    assert out["sentences"][0].startswith("B is the weakest pillar")


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (["--draws", "0"], "--draws 0: give a whole number from 1 to 1,000,000"),
        (["--seed", "-2"], "--seed -2: give a whole number, 0 or more"),
    ],
)
def test_bad_input_is_one_clear_message_and_exit_1(far_apart, capsys, extra, says):
    assert main(["robustness", str(far_apart), "--rubric", str(RUBRIC), *extra]) == 1
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err


def test_a_missing_file_is_one_clear_message_and_exit_1(tmp_path, capsys):
    assert main(["robustness", str(tmp_path / "nowhere.json")]) == 1
    err = capsys.readouterr().err
    assert "no such file" in err and "Traceback" not in err


def test_an_assessment_without_two_scored_pillars_says_so(small_rubric, tmp_path, capsys):
    path = tmp_path / "empty.json"
    path.write_text(dumps_assessment(_assessment(small_rubric, {})), encoding="utf-8")
    assert main(["robustness", str(path), "--rubric", str(RUBRIC), "--draws", "10"]) == 0
    assert "Fewer than two pillars have a score" in capsys.readouterr().out
