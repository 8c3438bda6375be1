"""Scoring against values computed by hand on tests/data/rubric-valid-small.yaml.

Scenario (country; respondents r1, r2, r3; default target 3; override A.1-y -> 4):

======== ======== ===== ===== ============================ =========================
criterion weight  r1    r2    r3                           result (median)
======== ======== ===== ===== ============================ =========================
A.1-x    1        2     3     4                            3 (target 3, gap 0)
A.1-y    2        1     1     don't know                   1 (target 4, gap 3)
A.2-z    1        N/A   N/A   2                            not applicable (2 N/A > 1)
B.1-p    1        0     4     4                            4 (target 3, gap -1), IQR 2 -> disputed
B.1-q    1        -     -     -                            unanswered
======== ======== ===== ===== ============================ =========================

A.1 = (3x1 + 1x2) / 3 = 5/3; target (3x1 + 4x2) / 3 = 11/3.  A.2 has no score.
Pillar A = 5/3 (only A.1 scored), target 11/3, completeness 2/2.
Pillar B = 4, target 3, completeness 1/2.
Overall = (5/3 + 4) / 2 = 17/6 = 2.8333 (70.83 %), target (11/3 + 3) / 2 = 10/3, completeness 3/4.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment import rank_gaps, score
from assessment.scoring import _level_stats, aggregate_levels

NAN = float("nan")


def frame(rows: list[tuple]) -> pd.DataFrame:
    out = []
    for crit, resp, group, status, level in rows:
        out.append(
            {
                "criterion": crit,
                "respondent": resp,
                "group": group,
                "status": status,
                "level": NAN if level is None else float(level),
                "target": NAN,
                "reason": "no law needed here" if status == "not-applicable" else None,
                "confidence": None,
            }
        )
    return pd.DataFrame(out)


@pytest.fixture
def scenario() -> pd.DataFrame:
    S, NA, DK = "scored", "not-applicable", "dont-know"
    return frame(
        [
            ("A.1-x", "r1", "gov", S, 2),
            ("A.1-x", "r2", "cso", S, 3),
            ("A.1-x", "r3", "acad", S, 4),
            ("A.1-y", "r1", "gov", S, 1),
            ("A.1-y", "r2", "cso", S, 1),
            ("A.1-y", "r3", "acad", DK, None),
            ("A.2-z", "r1", "gov", NA, None),
            ("A.2-z", "r2", "cso", NA, None),
            ("A.2-z", "r3", "acad", S, 2),
            ("B.1-p", "r1", "gov", S, 0),
            ("B.1-p", "r2", "cso", S, 4),
            ("B.1-p", "r3", "acad", S, 4),
        ]
    )


def test_criterion_results(small_rubric, scenario):
    s = score(small_rubric, scenario, kind="country", targets={"A.1-y": 4})
    c = s.criteria
    assert list(c.index) == ["A.1-x", "A.1-y", "A.2-z", "B.1-p", "B.1-q"]
    assert list(c["status"]) == ["scored", "scored", "not-applicable", "scored", "unanswered"]
    assert c.loc["A.1-x", "score"] == 3
    assert c.loc["A.1-y", "score"] == 1
    assert c.loc["A.1-y", "n"] == 2 and c.loc["A.1-y", "n_dont_know"] == 1
    assert math.isnan(c.loc["A.2-z", "score"])
    assert math.isnan(c.loc["A.2-z", "gap"])  # not applicable is never a gap
    assert c.loc["B.1-p", "score"] == 4
    assert c.loc["B.1-p", "gap"] == -1
    assert c.loc["A.1-y", "gap"] == 3
    assert math.isnan(c.loc["B.1-q", "score"])  # missing is never 0
    # spread of B.1-p: levels 0, 4, 4 -> q1 2, q3 4, IQR 2, range 4 -> disputed
    assert (c.loc["B.1-p", "q1"], c.loc["B.1-p", "q3"], c.loc["B.1-p", "iqr"]) == (2, 4, 2)
    assert bool(c.loc["B.1-p", "disagreement"]) is True
    assert bool(c.loc["A.1-x", "disagreement"]) is False
    assert c.loc["A.2-z", "reasons"] == "no law needed here"
    assert list(s.not_applicable.index) == ["A.2-z"]


def test_commitment_pillar_overall(small_rubric, scenario):
    s = score(small_rubric, scenario, kind="country", targets={"A.1-y": 4})
    assert s.commitments.loc["A.1", "score"] == pytest.approx(5 / 3)
    assert s.commitments.loc["A.1", "target"] == pytest.approx(11 / 3)
    assert math.isnan(s.commitments.loc["A.2", "score"])
    p = s.pillars
    assert p.loc["A", "score"] == pytest.approx(5 / 3)
    assert p.loc["A", "target"] == pytest.approx(11 / 3)
    assert p.loc["A", "gap"] == pytest.approx(2)
    assert p.loc["A", "completeness"] == 1.0
    assert p.loc["A", "n_not_applicable"] == 1
    assert p.loc["B", "score"] == 4
    assert p.loc["B", "completeness"] == 0.5
    assert p.loc["B", "n_unanswered"] == 1
    o = s.overall
    assert o["score"] == pytest.approx(17 / 6)
    assert o["percent"] == pytest.approx(17 / 6 / 4 * 100)  # 70.83 %
    assert o["target"] == pytest.approx(10 / 3)
    assert o["completeness"] == pytest.approx(3 / 4)
    assert o["n_respondents"] == 3
    assert o["n_dont_know"] == 0  # A.1-y has a score; one respondent's "don't know" does not count


def test_mean_method(small_rubric, scenario):
    s = score(small_rubric, scenario, kind="country", targets={"A.1-y": 4}, method="mean")
    assert s.criteria.loc["B.1-p", "score"] == pytest.approx(8 / 3)
    assert s.pillars.loc["B", "score"] == pytest.approx(8 / 3)
    assert s.overall["score"] == pytest.approx((5 / 3 + 8 / 3) / 2)


def test_organisation_kind_leaves_out_country_only_criteria(small_rubric, scenario):
    s = score(small_rubric, scenario[scenario["criterion"] != "A.2-z"], kind="organisation")
    assert "A.2-z" not in s.criteria.index
    assert "A.2" not in s.commitments.index
    assert s.pillars.loc["A", "n_criteria"] == 2


def test_weights_change_the_result(small_rubric, scenario):
    # Without the weight of 2 on A.1-y, A.1 would be (3 + 1) / 2 = 2; with it, 5/3.
    s = score(small_rubric, scenario, kind="country")
    assert s.commitments.loc["A.1", "score"] == pytest.approx(5 / 3)
    assert s.commitments.loc["A.1", "score"] != pytest.approx(2)


def test_respondent_targets_and_override(small_rubric):
    rows = frame([("A.1-x", "r1", "g", "scored", 1), ("A.1-x", "r2", "g", "scored", 1)])
    rows.loc[:, "target"] = [2.0, 4.0]
    s = score(small_rubric, rows, kind="country")
    assert s.criteria.loc["A.1-x", "target"] == 3  # median of 2 and 4
    s2 = score(small_rubric, rows, kind="country", targets={"A.1-x": 4})
    assert s2.criteria.loc["A.1-x", "target"] == 4  # the override wins
    assert s.criteria.loc["A.1-y", "target"] == 3  # default for the rest


def test_empty_assessment_scores_nothing(small_rubric):
    s = score(
        small_rubric,
        frame([]).reindex(
            columns=[
                "criterion",
                "respondent",
                "group",
                "status",
                "level",
                "target",
                "reason",
                "confidence",
            ]
        ),
        kind="country",
    )
    assert s.criteria["status"].eq("unanswered").all()
    assert math.isnan(s.overall["score"])
    assert s.overall["completeness"] == 0


def test_priority_ranking_and_ties(small_rubric):
    S = "scored"
    rows = frame(
        [
            ("A.1-x", "r1", "g", S, 1),  # gap 2, weight 1 -> priority 2
            ("A.1-y", "r1", "g", S, 2),  # gap 1, weight 2 -> priority 2 (tie, smaller gap)
            (
                "B.1-p",
                "r1",
                "g",
                S,
                1,
            ),  # gap 2, weight 1 -> priority 2 (tie with x: core both, x first in rubric)
            ("B.1-q", "r1", "g", S, 0),  # gap 3 -> priority 3
        ]
    )
    s = score(small_rubric, rows, kind="country")
    g = rank_gaps(small_rubric, s)
    assert list(g["criterion"]) == ["B.1-q", "A.1-x", "B.1-p", "A.1-y"]
    assert list(g["priority"]) == [3, 2, 2, 2]
    assert list(g["rank"]) == [1, 2, 3, 4]
    assert g.loc[0, "next_level"] == 1
    assert g.loc[0, "next_step"] == "q some"  # the descriptor of the next level
    assert g.loc[3, "next_step"] == "y most"
    assert list(rank_gaps(small_rubric, s, limit=2)["criterion"]) == ["B.1-q", "A.1-x"]


def test_group_breakdown(scenario):
    by = aggregate_levels(scenario, by=("criterion", "group"))
    assert by.loc[("A.1-x", "gov"), "median"] == 2
    assert by.loc[("B.1-p", "acad"), "n"] == 1
    assert by.loc[("A.2-z", "gov"), "n_not_applicable"] == 1


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 4)), min_size=1, max_size=80))
def test_histogram_statistics_equal_pandas(pairs):
    groups = np.array([g for g, _ in pairs])
    levels = np.array([v for _, v in pairs])
    stats = _level_stats(groups, levels, 6)
    df = pd.DataFrame({"g": groups, "v": levels.astype(float)})
    gb = df.groupby("g")["v"]
    for g in range(6):
        if g not in gb.groups:
            assert stats["n"][g] == 0 and math.isnan(stats["median"][g])
            continue
        vals = df.loc[df["g"] == g, "v"]
        assert stats["median"][g] == pytest.approx(vals.median())
        assert stats["mean"][g] == pytest.approx(vals.mean())
        assert stats["q1"][g] == pytest.approx(vals.quantile(0.25))
        assert stats["q3"][g] == pytest.approx(vals.quantile(0.75))
        assert stats["min"][g] == vals.min() and stats["max"][g] == vals.max()
