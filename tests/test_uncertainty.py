"""Intervals of scores, against values computed by hand on tests/data/rubric-valid-small.yaml.

Bootstrap case (organisation; respondents r1, r2, r3; median):

========= ===== ===== ===== ===========================================================
criterion r1    r2    r3    interval (90 %)
========= ===== ===== ===== ===========================================================
A.1-x     1     2     4     [1, 4]: a median of 3 draws is 1 (or 4) with chance 7/27 = 26 %,
                            more than the 5 % in each tail
B.1-p     3     3     3     [3, 3]: everyone agrees
========= ===== ===== ===== ===========================================================

Pillar A = A.1-x, so [1, 4]; pillar B [3, 3]; overall (A + 3) / 2 in {2, 2.5, 3.5}: [2, 3.5].

Single-respondent case (country; one respondent):

========= ====== ====== ========== =========== ======================================
criterion weight level  confidence half-width  interval
========= ====== ====== ========== =========== ======================================
A.1-x     1      2      high       0.25        [1.75, 2.25]
A.1-y     2      1      low        1           [0, 2]
A.2-z     1      -      (don't know)           none
B.1-p     1      4      medium     0.5         [3.5, 4] (cut at 4)
B.1-q     1      3      not given  0.75        [2.25, 3.75]
========= ====== ====== ========== =========== ======================================

A.1: score (2 + 2 x 1) / 3 = 4/3, half-width (0.25 + 2 x 1) / 3 = 0.75, complete: [7/12, 25/12].
B.1: score 3.5, half-width (0.5 + 0.75) / 2 = 0.625, complete: [2.875, 4] (cut at 4).
Pillar A: score 4/3, answered half-width 0.75 (A.1 only), 1 of 3 criteria unknown (m = 1/3):
    2/3 x 0.75 + 1/3 x 2 = 7/6, so [1/6, 5/2]. Pillar B: as B.1.
Overall: score (4/3 + 3.5) / 2 = 29/12, answered half-width (0.75 + 0.625) / 2 = 0.6875,
    1 of 5 unknown (m = 0.2): 0.8 x 0.6875 + 0.2 x 2 = 0.95, so [29/12 - 0.95, 29/12 + 0.95].
"""

from __future__ import annotations

import json
import math
import warnings

import numpy as np
import pandas as pd
import pytest

from assessment import load_assessment, responses_frame, score, score_assessment
from assessment.cli import main
from assessment.responses import RESPONSE_COLUMNS
from assessment.storage.rubrics import rubric_version
from assessment.uncertainty import HALF_WIDTH, Intervals, compute_intervals

from .conftest import ROOT

NAN = float("nan")
S, NA, DK = "scored", "not-applicable", "dont-know"
BASELINE = ROOT / "sample_data" / "examplia-2025-baseline.json"


def frame(rows: list[tuple]) -> pd.DataFrame:
    """A responses frame from (criterion, respondent, status, level, confidence) rows."""
    if not rows:
        return pd.DataFrame(columns=list(RESPONSE_COLUMNS))
    return pd.DataFrame(
        [
            {
                "criterion": crit,
                "respondent": resp,
                "group": None,
                "status": status,
                "level": NAN if level is None else float(level),
                "target": NAN,
                "reason": "not here" if status == NA else None,
                "confidence": conf,
            }
            for crit, resp, status, level, conf in rows
        ]
    )


@pytest.fixture
def three() -> pd.DataFrame:
    return frame(
        [
            ("A.1-x", "r1", S, 1, None),
            ("A.1-x", "r2", S, 2, None),
            ("A.1-x", "r3", S, 4, None),
            ("B.1-p", "r1", S, 3, None),
            ("B.1-p", "r2", S, 3, None),
            ("B.1-p", "r3", S, 3, None),
        ]
    )


@pytest.fixture
def one() -> pd.DataFrame:
    return frame(
        [
            ("A.1-x", "me", S, 2, "high"),
            ("A.1-y", "me", S, 1, "low"),
            ("A.2-z", "me", DK, None, None),
            ("B.1-p", "me", S, 4, "medium"),
            ("B.1-q", "me", S, 3, None),
        ]
    )


def bounds(table: pd.DataFrame) -> dict[str, list[float]]:
    return {str(k): [float(v["low"]), float(v["high"])] for k, v in table.iterrows()}


def test_bootstrap_by_hand(small_rubric, three):
    s = score(small_rubric, three, kind="organisation")
    iv = compute_intervals(s, three)
    assert isinstance(iv, Intervals) and iv.respondents == 3
    crit = iv.criteria.dropna(subset=["low"])
    assert bounds(crit) == {"A.1-x": [1.0, 4.0], "B.1-p": [3.0, 3.0]}
    assert set(crit["method"]) == {"bootstrap"}
    assert bounds(iv.pillars) == {"A": [1.0, 4.0], "B": [3.0, 3.0]}
    assert bounds(iv.commitments.dropna(subset=["low"])) == {"A.1": [1.0, 4.0], "B.1": [3.0, 3.0]}
    assert (iv.overall["low"], iv.overall["high"], iv.overall["method"]) == (2.0, 3.5, "bootstrap")
    # unanswered criteria have no score and no interval
    assert iv.criteria.loc[["A.1-y", "B.1-q"], ["low", "high"]].isna().all().all()


def test_bootstrap_is_reproducible_and_within_the_respondents_levels(small_rubric, three):
    s = score(small_rubric, three, kind="organisation", method="mean")
    a = compute_intervals(s, three, seed=3)
    b = compute_intervals(s, three, seed=3)
    for name in ("criteria", "commitments", "pillars"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    pd.testing.assert_series_equal(a.overall, b.overall)
    x = a.criteria.loc["A.1-x"]
    assert 1 <= x["low"] < x["score"] < x["high"] <= 4  # mean of 1, 2, 4 = 7/3


def test_respondents_who_agree_give_zero_width(small_rubric):
    same = frame([(c, r, S, 2, None) for c in ("A.1-x", "A.1-y", "B.1-p") for r in "abcd"])
    iv = compute_intervals(score(small_rubric, same, kind="organisation"), same)
    scored = iv.criteria.dropna(subset=["low"])
    assert list(scored.index) == ["A.1-x", "A.1-y", "B.1-p"]
    assert (scored["low"] == 2).all() and (scored["high"] == 2).all()
    assert bounds(iv.pillars) == {"A": [2.0, 2.0], "B": [2.0, 2.0]}
    assert (iv.overall["low"], iv.overall["high"]) == (2.0, 2.0)


def naive_bootstrap(rubric, responses, scores, *, resamples, seed, level=0.9, kind="country"):
    """The same draws, each scored by score() itself: what the vectorised bootstrap must equal."""
    people = list(pd.unique(responses["respondent"]))
    draws = np.random.default_rng(seed).integers(0, len(people), size=(resamples, len(people)))
    rows = {"criteria": [], "commitments": [], "pillars": [], "overall": []}
    for draw in draws:
        parts = [
            responses[responses["respondent"] == people[i]].assign(respondent=f"d{j}")
            for j, i in enumerate(draw)
        ]
        s = score(rubric, pd.concat(parts), kind=kind, method=scores.method)
        rows["criteria"].append(s.criteria["score"].to_numpy(dtype=float))
        rows["commitments"].append(s.commitments["score"].to_numpy(dtype=float))
        rows["pillars"].append(s.pillars["score"].to_numpy(dtype=float))
        rows["overall"].append([s.overall["score"]])
    points = {
        "criteria": scores.criteria["score"],
        "commitments": scores.commitments["score"],
        "pillars": scores.pillars["score"],
        "overall": pd.Series([scores.overall["score"]]),
    }
    tail = (1 - level) / 2 * 100
    out = {}
    with warnings.catch_warnings():  # items without a score in any draw
        warnings.simplefilter("ignore", RuntimeWarning)
        for name, values in rows.items():
            lo, hi = np.nanpercentile(np.array(values), [tail, 100 - tail], axis=0)
            p = points[name].to_numpy(dtype=float)
            out[name] = (
                np.where(np.isnan(p), np.nan, np.fmin(lo, p)),
                np.where(np.isnan(p), np.nan, np.fmax(hi, p)),
            )
    return out


@pytest.mark.parametrize("method", ["median", "mean"])
def test_bootstrap_equals_scoring_each_draw(small_rubric, method):
    """Not applicable by majority, don't know, weights and both ways of combining, as score()."""
    rows = [
        ("A.1-x", "r1", S, 2, None), ("A.1-x", "r2", S, 3, None), ("A.1-x", "r3", S, 4, None),
        ("A.1-y", "r1", S, 1, None), ("A.1-y", "r2", S, 3, None), ("A.1-y", "r3", DK, None, None),
        ("A.2-z", "r1", NA, None, None), ("A.2-z", "r2", S, 1, None), ("A.2-z", "r3", S, 2, None),
        ("A.2-z", "r4", NA, None, None),
        ("B.1-p", "r1", S, 0, None), ("B.1-p", "r2", S, 4, None), ("B.1-p", "r3", S, 4, None),
        ("B.1-q", "r4", S, 1, None), ("B.1-q", "r2", S, 2, None),
    ]  # fmt: skip
    responses = frame(rows)
    s = score(small_rubric, responses, kind="country", method=method)
    iv = compute_intervals(s, responses, resamples=120, seed=11)
    expected = naive_bootstrap(small_rubric, responses, s, resamples=120, seed=11)
    assert (iv.pillars["low"] < iv.pillars["high"]).all()  # a real spread, not a trivial match
    for name in ("commitments", "pillars"):
        got = getattr(iv, name)
        np.testing.assert_allclose(got["low"], expected[name][0])
        np.testing.assert_allclose(got["high"], expected[name][1])
    np.testing.assert_allclose(
        [iv.overall["low"], iv.overall["high"]], np.ravel(expected["overall"])
    )
    np.testing.assert_allclose(iv.criteria["low"], expected["criteria"][0])
    np.testing.assert_allclose(iv.criteria["high"], expected["criteria"][1])


def test_single_respondent_rule_by_hand(small_rubric, one):
    s = score(small_rubric, one, kind="country")
    iv = compute_intervals(s, one)
    assert iv.respondents == 1
    c = iv.criteria
    assert bounds(c.drop(index="A.2-z")) == {
        "A.1-x": [1.75, 2.25],
        "A.1-y": [0.0, 2.0],
        "B.1-p": [3.5, 4.0],
        "B.1-q": [2.25, 3.75],
    }
    assert math.isnan(c.loc["A.2-z", "low"]) and set(c["method"]) == {"confidence"}
    com = iv.commitments
    assert com.loc["A.1", "low"] == pytest.approx(7 / 12)
    assert com.loc["A.1", "high"] == pytest.approx(25 / 12)
    assert math.isnan(com.loc["A.2", "low"])
    assert [com.loc["B.1", "low"], com.loc["B.1", "high"]] == pytest.approx([2.875, 4.0])
    assert bounds(iv.pillars) == {
        "A": pytest.approx([1 / 6, 5 / 2]),
        "B": pytest.approx([2.875, 4.0]),
    }
    assert [iv.overall["low"], iv.overall["high"]] == pytest.approx(
        [29 / 12 - 0.95, 29 / 12 + 0.95]
    )
    assert iv.overall["method"] == "confidence"


@pytest.mark.parametrize("confidence", ["high", "medium", "low", None])
def test_each_confidence_gives_its_half_width(small_rubric, confidence):
    answer = frame([("A.1-x", "me", S, 2, confidence)])
    iv = compute_intervals(score(small_rubric, answer, kind="organisation"), answer)
    half = {"high": 0.25, "medium": 0.5, "low": 1.0, None: 0.75}[confidence]
    assert HALF_WIDTH[confidence] == half
    assert bounds(iv.criteria.loc[["A.1-x"]]) == {"A.1-x": [2 - half, 2 + half]}
    # A.1-y, the other criterion of A.1, is unanswered (m = 1/2): 1/2 x half + 1/2 x 2
    wide = half / 2 + 1
    assert bounds(iv.commitments.loc[["A.1"]]) == {"A.1": pytest.approx([2 - wide, 2 + wide])}


def test_a_criterion_with_one_level_among_several_respondents_uses_the_rule(small_rubric, three):
    more = pd.concat([three, frame([("A.1-y", "r2", S, 2, "low")])])
    iv = compute_intervals(score(small_rubric, more, kind="organisation"), more)
    y = iv.criteria.loc["A.1-y"]
    assert (y["low"], y["high"], y["method"]) == (1.0, 3.0, "confidence")
    assert iv.pillars.loc["A", "method"] == "bootstrap"


def test_an_agreed_level_stands(small_rubric, three):
    s = score(small_rubric, three, kind="organisation", agreed={"A.1-x": 2})
    iv = compute_intervals(s, three)
    x = iv.criteria.loc["A.1-x"]
    assert (x["low"], x["high"], x["method"]) == (2.0, 2.0, "agreed")
    assert bounds(iv.pillars) == {"A": [2.0, 2.0], "B": [3.0, 3.0]}


def test_no_answers_no_intervals(small_rubric):
    empty = frame([])
    iv = compute_intervals(score(small_rubric, empty, kind="country"), empty)
    assert iv.respondents == 0
    assert iv.pillars[["low", "high"]].isna().all().all()
    assert math.isnan(iv.overall["low"])


@pytest.mark.parametrize(("option", "value"), [("level", 1.0), ("level", 0), ("resamples", 0)])
def test_bad_options_are_refused(small_rubric, three, option, value):
    s = score(small_rubric, three, kind="organisation")
    with pytest.raises(ValueError, match=option):
        compute_intervals(s, three, **{option: value})


def test_intervals_contain_the_scores_of_the_samples(tmp_path):
    from assessment.storage.workshops import WorkshopStore, demo_workshop, load_consolidated

    with WorkshopStore(demo_workshop(tmp_path / "w.sqlite")) as store:
        workshop = load_consolidated(store)
    for a in (load_assessment(BASELINE), workshop):
        s = score_assessment(rubric_version(a.rubric.id, a.rubric.version), a)
        iv = compute_intervals(s, a)
        assert iv.overall["method"] == ("bootstrap" if len(a.respondents) > 1 else "confidence")
        assert iv.overall["low"] <= s.overall["score"] <= iv.overall["high"]
        for table in (iv.criteria, iv.commitments, iv.pillars):
            has = table.dropna(subset=["score"])
            assert (has["low"] <= has["score"]).all() and (has["score"] <= has["high"]).all()
            assert ((has["low"] >= 0) & (has["high"] <= 4)).all()
        same = compute_intervals(s, responses_frame(a))
        pd.testing.assert_frame_equal(iv.pillars, same.pillars)


def test_score_json_gives_intervals(capsys):
    assert main(["score", str(BASELINE), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    a = load_assessment(BASELINE)
    iv = compute_intervals(score_assessment(rubric_version(a.rubric.id, a.rubric.version), a), a)
    for pid, p in data["pillars"].items():
        low, high = p["interval"]
        assert low <= p["score"] <= high
        assert [low, high] == [round(iv.pillars.loc[pid, "low"], 3), round(iv.pillars.loc[pid, "high"], 3)]  # fmt: skip
    low, high = data["overall"]["interval"]
    assert low <= data["overall"]["score"] <= high
    assert {"score", "target", "gap", "completeness", "n_respondents"} <= set(data["overall"])


def test_working_block_by_block_gives_the_same_intervals(small_rubric, three, monkeypatch):
    """Many respondents are worked on a block of draws at a time, with the linear algebra
    library: the draws and the intervals stay the same."""
    s = score(small_rubric, three, kind="organisation", method="mean")
    whole = compute_intervals(s, three, resamples=700)
    monkeypatch.setattr("assessment.uncertainty.BATCH_CELLS", 1)
    monkeypatch.setattr("assessment.uncertainty.SMALL_PANEL", 0)  # the large-panel product too
    blocks = compute_intervals(s, three, resamples=700)
    pd.testing.assert_frame_equal(whole.criteria, blocks.criteria)
    pd.testing.assert_frame_equal(whole.pillars, blocks.pillars)
    pd.testing.assert_series_equal(whole.overall, blocks.overall)
