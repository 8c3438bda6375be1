"""No group under 3 people can be seen or worked out: complementary suppression, the consolidated
export, and the placeholder respondent. Frames built by hand, results checked by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from assessment.report import build_report
from assessment.responses import Respondent, Response, new_assessment
from assessment.workshop import SMALL_GROUPS, consolidate, distribution_by_group, group_comparison


def _frame(groups: dict[str | None, int], criterion: str = "A.1-x") -> pd.DataFrame:
    rows, k = [], 0
    for group, n in groups.items():
        for _ in range(n):
            k += 1
            rows.append({"criterion": criterion, "respondent": f"p{k}", "group": group, "status": "scored", "level": float(k % 5), "target": float("nan"), "reason": None, "confidence": None})  # fmt: skip
    return pd.DataFrame(rows)


def test_a_small_group_hides_the_next_smallest_when_the_rest_would_give_it_away():
    # Academia 3, Business 4, Technical 1: the total minus Academia and Business is Technical's
    # one answer, so Academia (the smallest group shown) is left out too: 3 + 1 = 4 people hidden
    table = distribution_by_group(_frame({"Academia": 3, "Business": 4, "Technical": 1}), "A.1-x")
    assert list(table.index) == ["Business"]
    assert table.attrs["suppressed"] == ["Academia", "Technical"]


def test_people_without_a_group_count_as_hidden_too():
    table = distribution_by_group(_frame({"Academia": 3, "Business": 3, None: 1}), "A.1-x")
    assert list(table.index) == ["Business"]  # Academia and Business tie at 3: by name
    assert table.attrs["suppressed"] == ["Academia"]


def test_nothing_more_is_hidden_when_the_rest_is_none_or_three_or_more():
    assert list(distribution_by_group(_frame({"A": 3, "B": 3, "C": 3}), "A.1-x").index) == ["A", "B", "C"]  # fmt: skip
    table = distribution_by_group(_frame({"A": 3, "B": 4, "C": 1, "D": 2}), "A.1-x")
    assert list(table.index) == ["A", "B"] and table.attrs["suppressed"] == ["C", "D"]  # 3 hidden


def test_group_comparison_applies_the_same_rule(small_rubric):
    frame = pd.concat([_frame({"Academia": 3, "Business": 4, "Technical": 2}, c) for c in ("A.1-x", "B.1-p")])  # fmt: skip
    table = group_comparison(small_rubric, frame, kind="country")
    assert [c for c in table.columns if c not in ("spread", "pattern")] == ["Business"]
    assert table.attrs["suppressed"] == ["Academia", "Technical"]


def test_the_export_never_ties_a_small_groups_members_to_their_answers(small_rubric):
    template = new_assessment(small_rubric, entity="T", kind="country", country="XT", date=dt.date(2025, 7, 1))  # fmt: skip
    people = [("a1", "Ana", "Academia"), ("a2", None, "Academia"), ("a3", None, "Academia"), ("t1", "Tom", "Technical")]  # fmt: skip
    answers = [Response(criterion="A.1-x", respondent=p, status="scored", level=2) for p, _n, _g in people]  # fmt: skip
    out = consolidate(template, people, answers, {})
    assert {r.id: r.group for r in out.respondents} == {"a1": "Academia", "a2": "Academia", "a3": "Academia", "t1": SMALL_GROUPS}  # fmt: skip
    assert all(r.name is None for r in out.respondents)


def test_the_placeholder_respondent_is_not_a_person(small_rubric):
    a = new_assessment(small_rubric, entity="T", kind="country", country="XT", date=dt.date(2025, 7, 1))  # fmt: skip
    people = tuple(Respondent(id=f"r{k}", group="Business") for k in range(3))
    a = a.model_copy(
        update={
            "respondents": (*a.respondents, *people),  # "self", kept from the new assessment
            "responses": tuple(
                Response(criterion="A.1-x", respondent=p.id, status="scored", level=2)
                for p in people
            ),  # fmt: skip
        }
    )
    assert a.respondents[0].id == "self"
    report = build_report(small_rubric, a)
    assert report.stakeholders is not None
    assert sum(n for _g, n, _k in report.stakeholders.participation) == 3
