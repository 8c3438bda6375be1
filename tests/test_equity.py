"""Equity sub-scores and inclusion deficits against values computed by hand (issue 14, part 4).

The small rubric of tests/data with equity tags added: A.1-y women; A.2-z rural; B.1-p women and
rural; B.1-q older. The scenario of tests/test_scoring.py gives A.1-x 3, A.1-y 1 (weight 2),
A.2-z not applicable, B.1-p 4, B.1-q unanswered; overall 17/6.

Shares of the overall score: A.1-x 1/3 (of A.1) x 1 (A.2 unscored) x 1/2 (two pillars) = 1/6;
A.1-y 2/3 x 1 x 1/2 = 1/3; B.1-p 1 x 1 x 1/2 = 1/2 (they sum to 1).
women = (1/3 x 1 + 1/2 x 4) / (1/3 + 1/2) = 14/5; deficit 17/6 - 14/5 = 1/30.
rural = 4 (A.2-z does not count); deficit 17/6 - 4 = -7/6.
older: nothing scored; youth: nothing tagged.
"""

from __future__ import annotations

import math

import pytest

from assessment.equity import equity_scores
from assessment.rubric import Rubric
from assessment.scoring import overall_shares, score
from assessment.storage.rubrics import loads_rubric
from tests.conftest import DATA
from tests.test_scoring import scenario  # noqa: F401 - the shared scenario fixture


@pytest.fixture
def tagged() -> Rubric:
    text = (DATA / "rubric-valid-small.yaml").read_text(encoding="utf-8")
    for cid, tags in (
        ("A.1-y", "[women]"),
        ("A.2-z", "[rural]"),
        ("B.1-p", "[women, rural]"),
        ("B.1-q", "[older]"),
    ):
        head = f"          - id: {cid}\n"
        assert head in text
        text = text.replace(head, f"{head}            equity: {tags}\n")
    return loads_rubric(text, "tagged.yaml")


def test_each_criterion_s_share_of_the_overall_score(tagged, scenario):  # noqa: F811
    s = score(tagged, scenario, kind="country")
    shares = overall_shares(s)
    assert shares["A.1-x"] == pytest.approx(1 / 6)
    assert shares["A.1-y"] == pytest.approx(1 / 3)
    assert shares["B.1-p"] == pytest.approx(1 / 2)
    assert shares["A.2-z"] == 0 and shares["B.1-q"] == 0
    assert shares.sum() == pytest.approx(1)
    assert (shares * s.criteria["score"].fillna(0)).sum() == pytest.approx(17 / 6)


def test_sub_scores_and_inclusion_deficits(tagged, scenario):  # noqa: F811
    eq = equity_scores(tagged, score(tagged, scenario, kind="country"))
    assert list(eq.index) == ["women", "disability", "rural", "older", "youth"]
    assert eq.at["women", "score"] == pytest.approx(14 / 5)
    assert eq.at["women", "deficit"] == pytest.approx(1 / 30)
    assert eq.at["rural", "score"] == pytest.approx(4)
    assert eq.at["rural", "deficit"] == pytest.approx(-7 / 6)
    assert (eq.at["rural", "n_criteria"], eq.at["rural", "n_scored"]) == (2, 1)
    assert eq.at["rural", "criteria"] == ("A.2-z", "B.1-p")
    assert math.isnan(eq.at["older", "score"]) and eq.at["older", "n_criteria"] == 1
    assert eq.at["youth", "n_criteria"] == 0 and math.isnan(eq.at["youth", "deficit"])
    assert eq["overall"].tolist() == pytest.approx([17 / 6] * 5)


def test_an_organisation_counts_only_the_criteria_asked_of_it(tagged, scenario):  # noqa: F811
    s = score(tagged, scenario[scenario["criterion"] != "A.2-z"], kind="organisation")
    eq = equity_scores(tagged, s)
    assert eq.at["rural", "criteria"] == ("B.1-p",)  # A.2-z is asked of countries only


def test_score_json_gives_each_group_its_score_and_gap(capsys):
    import json

    from assessment.cli import main
    from assessment.cli.assess import score_file
    from assessment.equity import equity_scores

    sample = "sample_data/examplia-2026-follow-up.json"
    assert main(["score", sample, "--format", "json"]) == 0
    got = json.loads(capsys.readouterr().out)["equity"]
    _, rubric, s = score_file(sample, None)
    want = equity_scores(rubric, s)
    assert set(got) == {g for g in want.index if want.at[g, "n_criteria"] > 0}
    for g, e in got.items():
        assert e["score"] == pytest.approx(want.at[g, "score"], abs=1e-4)
        assert e["deficit"] == pytest.approx(e["overall"] - e["score"], abs=2e-4)
        assert e["n_criteria"] == len(e["criteria"]) >= e["n_scored"]
