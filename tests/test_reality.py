"""The reality check (assessment/reality.py), indicator files (storage/indicator_files.py) and
``gdi-assess indicators``: every level, difference and flag below is computed by hand."""

from __future__ import annotations

import codecs
import hashlib
import json
import math
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from assessment import ProblemsError, UsageError, load_assessment, loads_rubric, score_assessment
from assessment.cli import main
from assessment.reality import (
    REALITY_COLUMNS,
    FoundValue,
    SeriesMap,
    find_indicator,
    merge_indicator_values,
    missing_indicators,
    parse_indicator_series,
    reality_by_criterion,
    reality_check,
    reality_notice,
    suggest_for_criterion,
    with_indicator_value,
    without_indicator_value,
)
from assessment.responses import IndicatorValue, check_against_rubric, parse_assessment
from assessment.storage.assessments import dumps_assessment, loads_assessment
from assessment.storage.indicator_files import (
    SERIES_FILE,
    country_matches,
    load_indicator_series,
    loads_indicator_csv,
    read_indicator_file,
)
from assessment.storage.rubrics import RUBRICS_DIR, bundled_rubrics, resolve_rubric
from assessment.text import ui_text

from .conftest import ROOT

SAMPLES = ROOT / "sample_data"
FOLLOW_UP = SAMPLES / "examplia-2026-follow-up.json"

# A tiny rubric for these tests: one criterion with three thresholds of both directions and one
# indicator without thresholds, one with a lower-is-better index and a threshold for
# organisations only, one citing a breakdown, and one asked of countries only.
RUBRIC = loads_rubric(
    """
format: gdi-rubric/1
id: test-reality
version: "1.0.0"
title: Reality check test rubric
language: en
description: Four criteria with indicators, for hand-checked tests.
source: {title: Test source text, year: 2025}
pillars:
  - id: A
    title: Pillar A
    short_title: A
    commitments:
      - id: A.1
        summary: The only commitment.
        actions:
          - {id: a, text: connect people}
        criteria:
          - id: A.1-use
            title: Internet use
            covers: [a]
            questions: {country: Do people use the Internet?, organisation: Do the people you serve go online?}
            levels: {0: use none, 1: use some, 2: use more, 3: use most, 4: use all}
            evidence: [use survey]
            indicators:
              - {code: SDG 17.8.1, name: Proportion of individuals using the Internet, source: ITU, unit: "% of population", thresholds: [25, 50, 75, 90]}
              - {code: GII, name: Global Innovation Index, source: WIPO, unit: "score 0-100", thresholds: [15, 25, 35, 50]}
              - {name: Usage gap, unit: "% of population", thresholds: [50, 35, 20, 10], direction: lower}
              - {code: SDG 9.5.2, name: Researchers per million inhabitants, unit: researchers per million inhabitants}
          - id: A.1-safe
            title: Safeguards
            covers: [a]
            questions: {country: Are systems safe?, organisation: Are your systems safe?}
            levels: {0: safe none, 1: safe some, 2: safe more, 3: safe most, 4: safe all}
            evidence: [safe report]
            indicators:
              - {code: GCI, name: Global Cybersecurity Index tier, source: ITU, unit: tier, thresholds: [4, 3, 2, 1], direction: lower}
              - {code: LOSI, name: Local Online Service Index, source: UN DESA, unit: index 0-1, thresholds: [0.25, 0.5, 0.75, 0.875], thresholds_for: [organisation]}
          - id: A.1-rural
            title: Rural use
            covers: [a]
            questions: {country: Do rural people go online?, organisation: Do the rural people you serve go online?}
            levels: {0: rural none, 1: rural some, 2: rural more, 3: rural most, 4: rural all}
            evidence: [rural survey]
            indicators:
              - {code: SDG 17.8.1, name: Proportion of individuals using the Internet (rural population), source: ITU, unit: "% of rural population"}
          - id: A.1-national
            title: National innovation
            covers: [a]
            applies_to: [country]
            questions: {country: Does the country innovate?}
            levels: {0: innovate none, 1: innovate some, 2: innovate more, 3: innovate most, 4: innovate all}
            evidence: [innovation report]
            indicators:
              - {code: GII, name: Global Innovation Index, source: WIPO, unit: "score 0-100"}
""",
    "test-reality.yaml",
)

SOURCE = "Examplia Statistics Office (fictional)"


def assessment(levels=None, values=None, *, kind="country", date="2026-06-30"):
    """An assessment of the fictional Republic of Examplia with ``levels`` (criterion -> 0-4) and
    ``values`` (criterion -> [(code, value, year)])."""
    responses = [
        {"criterion": c, "respondent": "self", "status": "scored", "level": lv}
        for c, lv in (levels or {}).items()
    ]
    table = {
        c: [{"code": code, "value": v, "year": y, "source": SOURCE} for code, v, y in rows]
        for c, rows in (values or {}).items()
    }
    return parse_assessment(
        {
            "label": "Fictional test data: Examplia does not exist",
            "entity": {"name": "Republic of Examplia", "kind": kind, "country": "XE"},
            "date": date,
            "rubric": {"id": RUBRIC.id, "version": RUBRIC.version, "sha256": RUBRIC.content_hash},
            "respondents": [{"id": "self"}],
            "responses": responses,
            "indicators": table,
        }
    )


def check(levels=None, values=None, **kw):
    a = assessment(levels, values, kind=kw.pop("kind", "country"), date=kw.pop("date", "2026-06-30"))  # fmt: skip
    return reality_check(RUBRIC, a, score_assessment(RUBRIC, a), **kw)


# --------------------------------------------------------------------------------------------------
# Suggested levels


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (0, 0),
        (24.9, 0),
        (25, 1),
        (49.99, 1),
        (50, 2),
        (74.9, 2),
        (75, 3),
        (89.9, 3),
        (90, 4),
        (100, 4),
    ],  # fmt: skip
)
def test_higher_is_better_levels_at_and_around_each_threshold(value, level):
    row = check(values={"A.1-use": [("SDG 17.8.1", value, 2025)]}).iloc[0]
    assert row["suggested"] == level and row["criterion_suggested"] == level


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (60, 0),
        (50.1, 0),
        (50, 1),
        (35.5, 1),
        (35, 2),
        (20.01, 2),
        (20, 3),
        (10.5, 3),
        (10, 4),
        (0, 4),
    ],  # fmt: skip
)
def test_lower_is_better_levels_at_and_around_each_threshold(value, level):
    row = check(values={"A.1-use": [("Usage gap", value, 2025)]}).iloc[0]
    assert row["suggested"] == level


@pytest.mark.parametrize(("tier", "level"), [(5, 0), (4, 1), (3.5, 1), (3, 2), (2, 3), (1, 4)])
def test_a_tier_where_1_is_best_reads_downwards(tier, level):
    assert check(values={"A.1-safe": [("GCI", tier, 2025)]}).iloc[0]["suggested"] == level


def test_several_figures_for_one_criterion_take_the_median_rounded_down():
    assert suggest_for_criterion([1, 2]) == 1  # 1.5 -> 1
    assert suggest_for_criterion([0, 2, 3]) == 2
    assert suggest_for_criterion([4, 1]) == 2  # 2.5 -> 2
    assert suggest_for_criterion([3, None]) == 3  # a figure without a level does not count
    assert suggest_for_criterion([None]) is None and suggest_for_criterion([]) is None
    # Internet use 60 % -> 2, GII 40 -> 3, usage gap 30 % -> 2, researchers (no thresholds)
    values = [("SDG 17.8.1", 60, 2025), ("GII", 40, 2025), ("Usage gap", 30, 2025), ("SDG 9.5.2", 800, 2025)]  # fmt: skip
    got = check({"A.1-use": 4}, {"A.1-use": values})
    assert list(got["key"]) == ["SDG 17.8.1", "GII", "#3", "SDG 9.5.2"]  # rubric order
    assert list(got["code"]) == ["SDG 17.8.1", "GII", "", "SDG 9.5.2"]
    assert list(got["suggested"].astype("float").fillna(-1)) == [2, 3, 2, -1]
    assert set(got["criterion_suggested"]) == {2}  # median of 2, 3, 2
    assert list(got["note"]) == ["", "", "", "no-thresholds"]
    assert set(got["difference"]) == {2.0} and got["divergent"].all()
    # GII 40 -> 3 and Internet use 60 % -> 2: median 2.5, rounded down to 2
    two = check({"A.1-use": 2}, {"A.1-use": [("GII", 40, 2025), ("SDG 17.8.1", 60, 2025)]})
    assert set(two["criterion_suggested"]) == {2} and not two["divergent"].any()


# --------------------------------------------------------------------------------------------------
# Divergent and stale


@pytest.mark.parametrize(
    ("self_rated", "difference", "divergent"),
    [(4, 3, True), (3, 2, True), (2, 1, False), (1, 0, False), (0, -1, False)],
)
def test_divergent_at_two_levels_or_more_not_at_one(self_rated, difference, divergent):
    # Internet use 30 % suggests level 1
    row = check({"A.1-use": self_rated}, {"A.1-use": [("SDG 17.8.1", 30, 2025)]}).iloc[0]
    assert row["self_rated"] == self_rated and row["difference"] == difference
    assert bool(row["divergent"]) is divergent


def test_divergent_below_the_evidence_too_and_the_threshold_is_a_parameter():
    # Internet use 95 % suggests 4; self-rated 2 is 2 levels below it
    row = check({"A.1-use": 2}, {"A.1-use": [("SDG 17.8.1", 95, 2025)]}).iloc[0]
    assert row["difference"] == -2 and row["divergent"]
    row = check({"A.1-use": 3}, {"A.1-use": [("SDG 17.8.1", 95, 2025)]}, divergence=1).iloc[0]
    assert row["difference"] == -1 and row["divergent"]
    row = check({"A.1-use": 2}, {"A.1-use": [("SDG 17.8.1", 95, 2025)]}, divergence=3).iloc[0]
    assert not row["divergent"]
    with pytest.raises(ValueError):
        check(divergence=0)


def test_unanswered_criterion_has_a_suggestion_but_no_difference():
    row = check(values={"A.1-use": [("SDG 17.8.1", 80, 2025)]}).iloc[0]
    assert row["suggested"] == 3 and row["status"] == "unanswered"
    assert math.isnan(row["self_rated"]) and math.isnan(row["difference"])
    assert not row["divergent"]


@pytest.mark.parametrize(
    ("year", "age", "stale"), [(2026, 0, False), (2024, 2, False), (2023, 3, True), (2019, 7, True)]
)
def test_stale_at_three_years_older_than_the_assessment_or_more(year, age, stale):
    row = check(values={"A.1-use": [("SDG 17.8.1", 80, year)]}).iloc[0]
    assert row["age"] == age and bool(row["stale"]) is stale


def test_the_stale_age_is_a_parameter_and_counts_calendar_years():
    # dated 1 January 2026: a 2024 figure is 2 years older, whatever the day
    row = check(values={"A.1-use": [("SDG 17.8.1", 80, 2024)]}, date="2026-01-01", stale_after=2)
    assert row.iloc[0]["age"] == 2 and row.iloc[0]["stale"]


def test_the_frame_has_the_documented_columns_and_one_row_per_criterion_view():
    got = check(
        {"A.1-use": 3, "A.1-safe": 2},
        {"A.1-safe": [("GCI", 2, 2023)], "A.1-use": [("SDG 17.8.1", 30, 2025)]},
    )
    assert tuple(got.columns) == REALITY_COLUMNS
    assert list(got["criterion"]) == ["A.1-use", "A.1-safe"]  # rubric order
    assert got.iloc[0]["unit"] == "% of population" and got.iloc[0]["source"] == SOURCE
    by = reality_by_criterion(got)
    assert list(by.index) == ["A.1-use", "A.1-safe"]
    use, safe = by.loc["A.1-use"], by.loc["A.1-safe"]
    assert (use["suggested"], use["self_rated"], use["difference"], bool(use["divergent"])) == (1, 3, 2, True)  # fmt: skip
    assert (safe["suggested"], safe["difference"], bool(safe["stale"])) == (3, -1, True)
    assert use["values"] == 1 and use["suggesting"] == 1
    empty = check()
    assert empty.empty and tuple(empty.columns) == REALITY_COLUMNS
    assert reality_by_criterion(empty).empty


def test_missing_lists_indicators_with_thresholds_and_no_figure():
    got = missing_indicators(RUBRIC, assessment(values={"A.1-use": [("GII", 30, 2025)]}))
    assert list(zip(got["criterion"], got["key"], strict=True)) == [
        ("A.1-use", "SDG 17.8.1"),
        ("A.1-use", "#3"),  # no code: its place (or its name) names it
        ("A.1-safe", "GCI"),
    ]


def test_an_organisation_gets_no_suggestion_from_national_thresholds():
    a = assessment(
        {"A.1-use": 3, "A.1-safe": 1},
        {
            "A.1-use": [("SDG 17.8.1", 30, 2025)],
            "A.1-safe": [("GCI", 1, 2025), ("LOSI", 0.8, 2025)],
        },  # fmt: skip
        kind="organisation",
    )
    got = reality_check(RUBRIC, a, score_assessment(RUBRIC, a))
    assert list(got["code"]) == ["SDG 17.8.1", "GCI", "LOSI"]
    assert list(got["note"]) == ["not-for-kind", "not-for-kind", ""]
    assert got["suggested"].isna().tolist() == [True, True, False]
    assert got.iloc[2]["suggested"] == 3  # LOSI 0.8: thresholds meant for organisations
    assert not got.iloc[0]["divergent"]  # no suggestion, nothing to diverge from
    assert reality_notice(a) == "reality_organisation"
    assert "suggest no level for an organisation" in ui_text("reality_organisation")
    assert reality_notice(assessment()) is None
    # what to look up: only what its thresholds would judge
    assert list(missing_indicators(RUBRIC, assessment(kind="organisation"))["code"]) == ["LOSI"]


# --------------------------------------------------------------------------------------------------
# The assessment field


def test_indicator_values_round_trip_through_the_json_file():
    a = assessment(values={"A.1-use": [("SDG 17.8.1", 66.2, 2024)]})
    a = a._copy(indicators={"A.1-use": (IndicatorValue(code="SDG 17.8.1", value=66.2, year=2024, source=SOURCE, unit="%"),)})  # fmt: skip
    text = dumps_assessment(a)
    assert json.loads(text)["indicators"] == {
        "A.1-use": [
            {"code": "SDG 17.8.1", "value": 66.2, "year": 2024, "source": SOURCE, "unit": "%"}
        ]  # fmt: skip
    }
    assert loads_assessment(text) == a
    assert "indicators" not in json.loads(dumps_assessment(assessment()))  # none: not written


@pytest.mark.parametrize(
    ("value", "year", "code"),
    [
        ("66,2", 2024, "bad-indicator-value"),
        (True, 2024, "bad-indicator-value"),
        (float("nan"), 2024, "bad-indicator-value"),
        (66.2, 1985, "bad-indicator-year"),
        (66.2, "2024", "bad-indicator-year"),
    ],
)
def test_a_bad_figure_or_year_is_refused_with_its_field(value, year, code):
    with pytest.raises(ProblemsError) as info:
        assessment(values={"A.1-use": [("SDG 17.8.1", value, year)]})
    (p,) = info.value.problems
    assert p.code == code
    assert p.field.startswith("indicators.A.1-use[0].")


def test_one_figure_per_indicator_and_criterion():
    with pytest.raises(ProblemsError) as info:
        assessment(values={"A.1-use": [("SDG 17.8.1", 60, 2023), ("sdg 17.8.1", 62, 2024)]})
    assert [p.code for p in info.value.problems] == ["duplicate-indicator-value"]
    assert "indicators.A.1-use[0] and [1]" in info.value.problems[0].message


def test_the_rubric_check_names_unknown_criteria_and_indicators():
    a = assessment(
        values={
            "A.1-use": [("sdg  17.8.1", 60, 2024), ("usage GAP", 30, 2024)],  # case and spaces
            "A.1-rural": [("GII", 20, 2024)],
            "A.1-safe": [("SDG 4.4.1", 20, 2024)],
            "Z.9-none": [("GII", 20, 2024)],
        }
    )
    got = {p.field: (p.code, p.message) for p in check_against_rubric(a, RUBRIC)}
    assert got == {
        "indicators.A.1-rural[0].code": (
            "unknown-indicator",
            "'GII' is not an indicator of criterion 'A.1-rural'",
        ),  # fmt: skip
        "indicators.A.1-safe[0].code": (
            "unknown-indicator-code",
            "'SDG 4.4.1' is not an indicator of rubric 'test-reality'",
        ),  # fmt: skip
        "indicators.Z.9-none": (
            "unknown-criterion",
            "'Z.9-none' is not a criterion of rubric 'test-reality'",
        ),  # fmt: skip
    }
    hint = next(p.hint for p in check_against_rubric(a, RUBRIC) if p.code == "unknown-indicator")
    assert "A.1-use, A.1-national" in hint and "SDG 17.8.1" in hint
    use = RUBRIC.by_id["A.1-use"].criterion
    assert find_indicator(use, "Proportion of individuals using the Internet").code == "SDG 17.8.1"


# --------------------------------------------------------------------------------------------------
# Merging a file's figures


def fv(code, value, year, criterion=None, row=None, **kw):
    return FoundValue(code=code, value=value, year=year, source=SOURCE, criterion=criterion, row=row, **kw)  # fmt: skip


def test_merge_adds_updates_keeps_and_leaves_out_with_reasons():
    before = assessment(
        {"A.1-use": 2},
        {"A.1-use": [("SDG 17.8.1", 60, 2023), ("GII", 30, 2024)], "A.1-safe": [("GCI", 2, 2025)]},
    )
    merged = merge_indicator_values(
        before,
        RUBRIC,
        [
            fv("SDG 17.8.1", 64, 2024, "A.1-use", 2),  # newer: updated
            fv("GII", 30, 2024, "A.1-use", 3),  # the same figure, year and source: unchanged
            fv("GCI", 3, 2022, "A.1-safe", 4),  # older than recorded: left out
            fv("Usage gap", 25, 2024, "A.1-use", 5),  # new, by its name
        ],
    )
    assert [(c.criterion, c.value.code, c.value.value) for c in merged.added] == [("A.1-use", "#3", 25.0)]  # fmt: skip
    assert [(c.value.value, c.before.value) for c in merged.updated] == [(64.0, 60.0)]
    assert [c.value.code for c in merged.unchanged] == ["GII"]
    assert [(i.reason, i.fields["recorded_year"]) for i in merged.ignored] == [("older-than-recorded", 2025)]  # fmt: skip
    after = merged.assessment
    assert [v.code for v in after.indicators["A.1-use"]] == ["SDG 17.8.1", "GII", "#3"]
    assert after.indicators["A.1-safe"] == before.indicators["A.1-safe"]
    assert after.responses == before.responses  # answers are never touched
    assert merged.changed


def test_a_figure_without_criterion_goes_to_every_criterion_listing_its_code():
    a = assessment()
    both = merge_indicator_values(
        a, RUBRIC, [fv("SDG 17.8.1", 66.2, 2024, series="IT.NET.USER.ZS")]
    )
    assert [c.criterion for c in both.added] == ["A.1-use", "A.1-rural"]
    totals = {"SDG 17.8.1": ["% of population"]}  # the national total; rural is a breakdown
    one = merge_indicator_values(a, RUBRIC, [fv("SDG 17.8.1", 66.2, 2024)], totals=totals)
    assert [c.criterion for c in one.added] == ["A.1-use"]
    assert [(i.reason, i.fields["criterion"]) for i in one.ignored] == [("breakdown", "A.1-rural")]
    # GII: A.1-national is asked of countries only
    org = merge_indicator_values(assessment(kind="organisation"), RUBRIC, [fv("GII", 20, 2024)])
    assert [c.criterion for c in org.added] == ["A.1-use"]
    unused = merge_indicator_values(a, RUBRIC, [fv("SDG 9.b.1", 20, 2024, series="NV.MNF.TECH.ZS.UN")])  # fmt: skip
    assert not unused.added and unused.ignored[0].reason == "series-unused"


def test_the_latest_row_counts_and_two_figures_for_one_year_are_a_problem():
    merged = merge_indicator_values(
        assessment(), RUBRIC, [fv("GCI", 3, 2022, "A.1-safe", 2), fv("GCI", 2, 2024, "A.1-safe", 3)]
    )
    assert [c.value.year for c in merged.added] == [2024]
    assert [(i.reason, i.fields["row"], i.fields["newer"]) for i in merged.ignored] == [("older-row", 2, 3)]  # fmt: skip
    with pytest.raises(ProblemsError) as info:
        merge_indicator_values(
            assessment(),
            RUBRIC,
            [fv("GCI", 3, 2024, "A.1-safe", 2), fv("GCI", 2, 2024, "A.1-safe", 3)],
            source="f.csv",  # fmt: skip
        )
    (p,) = info.value.problems
    assert (p.code, p.line, p.field) == ("duplicate-indicator-value", 3, "value")
    assert "row 2 and row 3" in p.message


def test_merge_problems_name_the_row_and_column_and_record_nothing():
    found = [
        fv("GII", 20, 2024, "A.1-rurl", 2),
        fv("GII", 20, 2024, "A.1-rural", 3),
        fv("SDG 99.1.1", 20, 2024, None, 4),
        fv("GII", 20, 2024, "A.1-national", 5),
        fv("#2", 20, 2024, None, 6),  # a place names an indicator of one criterion
    ]
    with pytest.raises(ProblemsError) as info:
        merge_indicator_values(assessment(kind="organisation"), RUBRIC, found, source="f.csv")
    got = [(p.line, p.field, p.code) for p in info.value.problems]
    assert got == [
        (2, "criterion", "unknown-criterion"),
        (3, "code", "unknown-indicator"),
        (4, "code", "unknown-indicator-code"),
        (5, "criterion", "criterion-not-for-kind"),
        (6, "criterion", "missing-criterion"),
    ]
    assert "'A.1-rural'" in info.value.problems[0].hint  # the closest id
    assert "nothing was imported" in str(info.value)


# --------------------------------------------------------------------------------------------------
# Files: the long layout


def test_long_layout_with_and_without_criterion():
    got = loads_indicator_csv(
        "Criterion,Code,Value,Year,Source,Unit\n"
        "A.1-use,SDG 17.8.1,66.2,2024,Survey (fictional),% of population\n"
        ",GII,24.3,2025,WIPO (fictional figure),\n",
        source="long.csv",
    )
    assert got.layout == "long"
    assert [(v.criterion, v.code, v.value, v.year, v.unit, v.row) for v in got.values] == [
        ("A.1-use", "SDG 17.8.1", 66.2, 2024, "% of population", 2),
        (None, "GII", 24.3, 2025, None, 3),
    ]


def test_long_layout_bom_semicolons_decimal_commas_and_windows_1252(tmp_path):
    bom = tmp_path / "bom.csv"
    bom.write_bytes(codecs.BOM_UTF8 + "criterion,code,value,year,source\nA.1-use,GII,24.3,2025,Société (fictive)\n".encode())  # fmt: skip
    got = read_indicator_file(bom)
    assert (got.encoding, got.values[0].value, got.values[0].source) == ("utf-8", 24.3, "Société (fictive)")  # fmt: skip
    europe = tmp_path / "europe.csv"
    europe.write_bytes("criterion;code;value;year;source\r\nA.1-use;SDG 17.8.1;66,2;2024;Enquête ménages (fictive)\r\n".encode("cp1252"))  # fmt: skip
    got = read_indicator_file(europe)
    assert got.encoding == "cp1252"
    assert (got.values[0].value, got.values[0].source) == (66.2, "Enquête ménages (fictive)")


def test_long_layout_comment_lines_keep_row_numbers():
    got = loads_indicator_csv("# fictional sample\ncriterion,code,value,year,source\n\nA.1-use,GII,24,2025,x\n")  # fmt: skip
    assert got.values[0].row == 4


def test_a_bad_value_names_its_row_and_column():
    text = (
        "criterion,code,value,year,source\n"
        "A.1-use,SDG 17.8.1,66%,2024,Survey (fictional)\n"
        "A.1-use,GII,24,1985,WIPO (fictional)\n"
        "A.1-safe,GCI,2,2027,ITU (fictional)\n"
        "A.1-safe,LOSI,,2024,\n"
    )
    with pytest.raises(ProblemsError) as info:
        loads_indicator_csv(text, source="bad.csv", latest_year=2026)
    got = [(p.line, p.field, p.code) for p in info.value.problems]
    assert got == [
        (2, "value", "bad-indicator-value"),
        (3, "year", "bad-indicator-year"),
        (4, "year", "bad-indicator-year"),
        (5, "value", "missing-field"),
        (5, "source", "missing-field"),
    ]
    first = str(info.value.problems[0])
    assert first.startswith("bad.csv:2: value: '66%' is not a number; give the figure as a plain number")  # fmt: skip
    assert "'2027' is not a year from 1990 to 2026" in str(info.value.problems[2])
    assert str(info.value).startswith("bad.csv: 5 problems; nothing was imported")


def test_long_layout_header_problems():
    with pytest.raises(ProblemsError) as info:
        loads_indicator_csv("criterion,code,valeu,year,source\nA.1-use,GII,3,2024,x\n")
    assert {p.code for p in info.value.problems} == {"unknown-column", "missing-column"}
    with pytest.raises(ProblemsError) as info:
        loads_indicator_csv("\n\n")
    assert [p.code for p in info.value.problems] == ["empty-csv"]
    with pytest.raises(ProblemsError) as info:
        loads_indicator_csv("criterion,code,value,year,source\nA.1-use,GII,3,2024,x,extra\n")
    assert [(p.code, p.line) for p in info.value.problems] == [("wrong-cell-count", 2)]


# --------------------------------------------------------------------------------------------------
# Files: the World Bank and ITU downloads

SERIES = load_indicator_series()


def test_wdi_databank_download_with_footer_gaps_and_two_countries():
    path = SAMPLES / "examplia-indicators-wdi.csv"
    with pytest.raises(UsageError) as info:
        read_indicator_file(path, series=SERIES)
    assert "XEX (Republic of Examplia), XOT (Otherland)" in str(info.value)
    assert "--country" in str(info.value)
    for country in ("XEX", "xe", "Republic of Examplia"):
        got = read_indicator_file(path, country=country, series=SERIES)
        assert got.layout == "wdi" and got.variant == "databank"
        assert got.country == ("XEX", "Republic of Examplia")
        # the latest year with a figure: 2024 (2025 is ".."), 2023, 2022
        assert [(v.series, v.code, v.value, v.year) for v in got.values] == [
            ("IT.NET.USER.ZS", "SDG 17.8.1", 66.2, 2024),
            ("IT.NET.BBND.P2", "SDG 17.6.1", 8.9, 2023),
            ("GB.XPD.RSDV.GD.ZS", "SDG 9.5.1", 0.26, 2022),
        ]
    assert "last updated 12/16/2025" in got.values[0].source
    reasons = [(i.reason, dict(i.fields)) for i in got.ignored]
    assert ("other-countries", {"n": 1, "countries": "XOT"}) in reasons
    assert ("series-unknown", {"series": "IT.CEL.SETS.P2", "name": "Mobile cellular subscriptions (per 100 people)"}) in reasons  # fmt: skip
    with pytest.raises(UsageError) as info:
        read_indicator_file(path, country="KEN", series=SERIES)
    assert "holds no figures for it" in str(info.value)
    older = read_indicator_file(path, country="XEX", year_max=2021, series=SERIES)
    assert [(v.value, v.year) for v in older.values] == [(58.0, 2021), (6.8, 2021), (0.23, 2020)]


def _bulk(values: dict[int, str], trailing: str = ",") -> str:
    years = list(range(1960, 2025))
    cells = ",".join(f'"{values.get(y, "")}"' for y in years)
    return (
        '"Data Source","World Development Indicators",\n\n'
        '"Last Updated Date","2025-12-16",\n\n'
        '"Country Name","Country Code","Indicator Name","Indicator Code",'
        + ",".join(f'"{y}"' for y in years)
        + trailing
        + "\n"
        + '"Republic of Examplia","XEX","Individuals using the Internet (% of population)","IT.NET.USER.ZS",'
        + cells
        + trailing
        + "\n"
    )


def test_wdi_bulk_download_with_preamble_and_trailing_comma():
    got = loads_indicator_csv(_bulk({1985: "1.5", 2022: "61.7", 2023: "63.9"}), series=SERIES)
    assert got.layout == "wdi" and got.variant == "bulk"
    ((v,),) = [got.values]
    assert (v.code, v.value, v.year, v.row) == ("SDG 17.8.1", 63.9, 2023, 6)
    assert "last updated 2025-12-16" in v.source
    # a year before 1990 is never read; a bad cell is a problem at its row and column
    assert loads_indicator_csv(_bulk({1985: "1.5"}), series=SERIES).ignored[0].reason == "no-data"
    with pytest.raises(ProblemsError) as info:
        loads_indicator_csv(_bulk({2023: "63,9%"}), series=SERIES, source="API_IT.NET.USER.ZS.csv")
    (p,) = info.value.problems
    assert (p.line, p.field, p.code) == (6, "2023", "bad-indicator-value")


def test_itu_datahub_download():
    path = SAMPLES / "examplia-indicators-itu.csv"
    got = read_indicator_file(path, country="XEX", series=SERIES)
    assert got.layout == "itu"
    assert [(v.series, v.code, v.value, v.year, v.unit) for v in got.values] == [
        ("i99H", "SDG 17.8.1", 66.2, 2024, "%"),
        ("i992b", "SDG 17.6.1", 9.4, 2024, "per 100 inhabitants"),
    ]
    assert got.values[0].source.startswith("ITU DataHub (series i99H): ")
    assert [i.fields.get("series") for i in got.ignored if i.reason == "series-unknown"] == ["i4213tfbb"]  # fmt: skip


def test_itu_plain_column_names_and_breakdown_rows():
    text = (
        "Economy,ISO code,Indicator,Year,Value,Unit,Disaggregation\n"
        "Republic of Examplia,XEX,Individuals using the Internet,2023,63.9,%,Total\n"
        "Republic of Examplia,XEX,Individuals using the Internet,2023,58.0,%,Female\n"
        "Republic of Examplia,XEX,Individuals using the Internet,1980,0.1,%,Total\n"
    )
    got = loads_indicator_csv(text, series=SERIES)
    assert got.layout == "itu" and got.country == ("XEX", "Republic of Examplia")
    assert [(v.value, v.year) for v in got.values] == [(63.9, 2023)]
    with pytest.raises(ProblemsError) as info:
        loads_indicator_csv(text.replace("2023,63.9", "twenty,63.9"), series=SERIES)
    assert [(p.line, p.field, p.code) for p in info.value.problems] == [(2, "Year", "bad-indicator-year")]  # fmt: skip


def test_a_layout_that_is_not_the_file_s_is_a_missing_column():
    with pytest.raises(ProblemsError) as info:
        read_indicator_file(SAMPLES / "examplia-indicators-long.csv", layout="wdi")
    assert [p.code for p in info.value.problems] == ["missing-column"]
    assert "Series Code" in info.value.problems[0].hint


def test_country_codes():
    assert country_matches("KE", "KEN") is True
    assert country_matches("KE", "UGA") is False
    assert country_matches("XE", "XEX") is None  # user-assigned: cannot be told


# --------------------------------------------------------------------------------------------------
# The series correspondence


def _cited_units() -> dict[str, set[str]]:
    units: dict[str, set[str]] = defaultdict(set)
    for rid in bundled_rubrics():
        for ref in resolve_rubric(rid).refs:
            for ind in ref.criterion.indicators:
                if ind.code:
                    units[ind.code].add(ind.unit or "")
    return units


def test_the_series_file_names_official_codes_and_current_totals():
    official = YAML(typ="safe").load((RUBRICS_DIR / "reference" / "indicator-codes.yaml").read_text(encoding="utf-8"))["codes"]  # fmt: skip
    assert SERIES_FILE.is_file()
    assert {s.code for s in SERIES.series} <= set(official)
    assert SERIES.find("wdi", "it.net.user.zs").code == "SDG 17.8.1"
    assert SERIES.find("itu", None, "Fixed-broadband subscriptions per 100 inhabitants").id == "i992b"  # fmt: skip
    assert SERIES.find("itu", "i4213tfbb") is None  # a count, not per 100 inhabitants
    units = _cited_units()
    breakdowns = sorted(c for c, u in units.items() if len(u) > 1 and c not in SERIES.totals)
    same_measure = {"SDG 17.9.1"}  # "US dollars" and "USD (constant prices)": one measure
    assert set(breakdowns) <= same_measure, f"codes cited in several units without totals: {breakdowns}"  # fmt: skip
    for code, total in SERIES.totals.items():
        assert set(total) <= units[code], f"{code}: totals name units no rubric cites"
    with pytest.raises(ValueError):
        parse_indicator_series({"format": "other"})
    assert parse_indicator_series({"format": "gdi-indicator-series/1"}) == SeriesMap()


# --------------------------------------------------------------------------------------------------
# The command line


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("name", "extra", "codes"),
    [
        ("long", [], {"SDG 9.c.1", "GII", "EGDI", "GCI"}),
        ("wdi", ["--country", "XEX"], {"SDG 17.8.1", "SDG 17.6.1", "SDG 9.5.1"}),
        ("itu", ["--country", "XE"], {"SDG 17.8.1", "SDG 17.6.1"}),
    ],
)
def test_the_command_imports_each_sample_into_a_new_file(name, extra, codes, tmp_path, capsys):
    before = _digest(FOLLOW_UP)
    out = tmp_path / "out.json"
    values = SAMPLES / f"examplia-indicators-{name}.csv"
    assert main(["indicators", str(FOLLOW_UP), str(values), *extra, "-o", str(out)]) == 0
    text = capsys.readouterr().out
    # the follow-up sample already records the long table's figures: nothing is added again
    changed = "unchanged (9): figures" if name == "long" else "added ("
    assert f"read {values}" in text and changed in text and f"saved into {out}" in text
    assert "Reality check" in text and "Self-rated" in text
    assert _digest(FOLLOW_UP) == before  # the sample itself is never written
    saved = load_assessment(out)
    recorded = {v.code for values in saved.indicators.values() for v in values}
    assert codes <= recorded
    original = load_assessment(FOLLOW_UP)
    assert saved.responses == original.responses and saved.targets == original.targets
    assert main(["indicators", str(FOLLOW_UP), str(values), *extra, "-o", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err  # -o never replaces another file


def test_the_command_saves_into_the_assessment_and_writes_nothing_on_a_problem(tmp_path, capsys):
    mine = tmp_path / "mine.json"
    shutil.copy(FOLLOW_UP, mine)
    bad = tmp_path / "bad.csv"
    bad.write_text("criterion,code,value,year,source\nI.2-digital-uptake,SDG 17.8.1,66.2,2024,x\nI.2-network-coverage,SDG 9.c.1,n/a,2024,x\n")  # fmt: skip
    before = _digest(mine)
    assert main(["indicators", str(mine), str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:3: value: 'n/a' is not a number" in err and "nothing was imported" in err
    assert _digest(mine) == before and "Traceback" not in err
    good = tmp_path / "good.csv"
    good.write_text("criterion,code,value,year,source\nI.2-digital-uptake,SDG 17.8.1,66.2,2024,Survey (fictional)\n")  # fmt: skip
    assert main(["indicators", str(mine), str(good)]) == 0
    assert "added (1):" in capsys.readouterr().out
    assert load_assessment(mine).indicators["I.2-digital-uptake"][0].value == 66.2
    assert main(["indicators", str(mine), str(good)]) == 0  # again: nothing new, file untouched
    assert "unchanged (1): figures already recorded" in capsys.readouterr().out
    assert main(["indicators", str(mine)]) == 0  # no file: the reality check only
    shown = capsys.readouterr().out
    assert "I.2-digital-uptake" in shown and "To look up" in shown


def test_the_command_for_an_organisation_explains_why_nothing_is_suggested(tmp_path, capsys):
    city = SAMPLES / "port-examplia-city-2025.json"
    values = tmp_path / "city.csv"
    values.write_text("criterion,code,value,year,source\nI.2-digital-uptake,SDG 17.8.1,70,2024,National survey (fictional)\n")  # fmt: skip
    out = tmp_path / "city.json"
    assert main(["indicators", str(city), str(values), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert ui_text("reality_organisation") in text
    assert "national figure: context only" in text


def test_the_command_refuses_another_country_s_file_unless_asked(tmp_path, capsys):
    kenya = json.loads(FOLLOW_UP.read_text(encoding="utf-8"))
    kenya["entity"]["country"] = "KE"
    mine = tmp_path / "kenya.json"
    mine.write_text(json.dumps(kenya), encoding="utf-8")
    wdi = tmp_path / "uganda.csv"
    wdi.write_text('"Country Name","Country Code","Series Name","Series Code","2024 [YR2024]"\n"Uganda","UGA","Individuals using the Internet (% of population)","IT.NET.USER.ZS","20"\n')  # fmt: skip
    assert main(["indicators", str(mine), str(wdi)]) == 1
    assert "add --country UGA" in capsys.readouterr().err
    assert main(["indicators", str(mine), str(wdi), "--country", "UGA"]) == 0
    assert main(["indicators", str(mine), str(wdi), "--year-max", "1980"]) == 1
    assert "--year-max 1980" in capsys.readouterr().err


def test_a_form_sets_and_removes_one_figure_whatever_its_year():
    a = assessment(values={"A.1-use": [("SDG 17.8.1", 60, 2024)]})
    older = IndicatorValue(code="sdg 17.8.1", value=58, year=2022, source=SOURCE)
    got = with_indicator_value(a, RUBRIC, "A.1-use", older)  # a correction: the older year wins
    assert [(v.code, v.value, v.year) for v in got.indicators["A.1-use"]] == [("SDG 17.8.1", 58.0, 2022)]  # fmt: skip
    gap = IndicatorValue(code="Usage gap", value=30, year=2024, source=SOURCE)
    got = with_indicator_value(got, RUBRIC, "A.1-use", gap)
    assert [v.code for v in got.indicators["A.1-use"]] == ["SDG 17.8.1", "#3"]
    got = without_indicator_value(got, RUBRIC, "A.1-use", "SDG 17.8.1")
    got = without_indicator_value(got, RUBRIC, "A.1-use", "usage gap")
    assert got.indicators == {}
    assert without_indicator_value(got, RUBRIC, "A.1-use", "GII") is got
    with pytest.raises(ProblemsError) as info:
        with_indicator_value(a, RUBRIC, "A.1-rural", gap)
    assert info.value.problems[0].code == "unknown-indicator"


def test_a_figure_whose_text_is_not_valid_is_a_located_problem():
    bad = FoundValue(code="GII", value=20, year=2024, source="WIPO\x07", criterion="A.1-use", row=7)
    with pytest.raises(ProblemsError) as info:
        merge_indicator_values(assessment(), RUBRIC, [bad], source="f.csv")
    (p,) = info.value.problems
    assert (p.code, p.line, p.field) == ("control-character", 7, "source")


def test_a_translated_rubric_reads_the_same_figures():
    from assessment.i18n import translate_rubric

    french = translate_rubric(
        RUBRIC,
        {
            "A.1-use/indicators/2/name": "Écart d'usage",
            "A.1-use/indicators/0/unit": "% de la population",
        },  # fmt: skip
        "fr",
    )
    a = assessment({"A.1-use": 3}, {"A.1-use": [("SDG 17.8.1", 30, 2025), ("#3", 30, 2025)]})
    assert check_against_rubric(a, french) == [] == check_against_rubric(a, RUBRIC)
    got = reality_check(french, a, score_assessment(french, a))
    assert list(got["indicator"]) == [
        "Proportion of individuals using the Internet",
        "Écart d'usage",
    ]
    assert list(got["suggested"]) == [1, 2] and set(got["criterion_suggested"]) == {1}
    use = french.by_id["A.1-use"].criterion
    assert find_indicator(use, "écart d'usage") is find_indicator(use, "#3")
    assert find_indicator(use, "#9") is None and find_indicator(use, "#0") is None
    # one indicator by its place and by its name: only the rubric can tell they are the same
    twice = assessment(values={"A.1-use": [("#3", 30, 2025), ("usage gap", 31, 2024)]})
    with pytest.raises(ProblemsError) as info:
        score_assessment(RUBRIC, twice)
    assert [p.code for p in info.value.problems] == ["duplicate-indicator-value"]


# -- the rules, per assessment ---------------------------------------------------------------------


def test_the_rules_are_the_assessments_own_and_set_from_the_command(tmp_path, capsys):
    from assessment.reality import reality_rules, with_reality_rules

    mine = tmp_path / "mine.json"
    shutil.copy(FOLLOW_UP, mine)
    a = load_assessment(mine)
    assert reality_rules(a) == (2, 3) and a.reality is None
    r = resolve_rubric(a.rubric.id)
    by = reality_by_criterion(reality_check(r, a, score_assessment(r, a)))
    # the sample (2026): VI.2-digital-government-foundations 3 against 1 (divergent at 2), the
    # urban-rural gap's figure for 2023 (3 years: stale), the others 2024 or 2025
    assert list(by.index[by["divergent"]]) == ["VI.2-digital-government-foundations"]
    assert list(by.index[by["stale"]]) == ["IV.3-urban-rural-gap"]
    capsys.readouterr()
    assert main(["indicators", str(mine), "--divergence", "1", "--stale-after", "2"]) == 0
    out = capsys.readouterr().out
    assert f"saved the reality check's rules into {mine}" in out
    assert "divergent: 1 or more levels" in out and "stale: a figure 2 or more years" in out
    saved = json.loads(mine.read_text())
    assert saved["reality"] == {"divergence": 1, "stale_after": 2}
    a = load_assessment(mine)
    by = reality_by_criterion(reality_check(r, a, score_assessment(r, a)))
    # one level apart is divergent now: IV.1 (2 against 1), IV.3 (2 against 1), VI.2 (3 against
    # 1) and VI.2-online-services (3 against 2); 2024 figures are 2 years old: stale
    assert list(by.index[by["divergent"]]) == ["IV.1-rural-connectivity", "IV.3-urban-rural-gap", "VI.2-digital-government-foundations", "VI.2-online-services"]  # fmt: skip
    assert set(by.index[by["stale"]]) == {"I.2-affordable-access", "IV.3-urban-rural-gap", "V.4-safeguards", "VI.2-digital-government-foundations", "VI.2-online-services"}  # fmt: skip
    # the report says the assessment's own rules
    from assessment.insights import reality_insight
    from assessment.report import _translator

    insight = reality_insight(_translator("en"), "en", r, a, score_assessment(r, a))
    assert "By this assessment's own rules, a self-rating 1 or more levels" in insight.paragraphs[0]
    assert "a figure 2 or more years older" in insight.paragraphs[0]
    # back at the defaults: nothing is written
    assert with_reality_rules(a, divergence=2, stale_after=3).reality is None
    assert main(["indicators", str(mine), "--divergence", "2", "--stale-after", "3"]) == 0
    assert "reality" not in json.loads(mine.read_text())
    before = mine.read_bytes()
    assert main(["indicators", str(mine), "--stale-after", "60"]) == 1
    assert "give a number of years from 1 to 50" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["indicators", str(mine), "--divergence", "7"])
    assert info.value.code == 2
    assert mine.read_bytes() == before


def test_the_form_and_the_facilitator_follow_the_assessments_rules(tmp_path, small_rubric):
    import datetime as dt

    from assessment import new_assessment, save_assessment
    from assessment.jupyter.form import AssessmentForm
    from assessment.reality import with_reality_rules
    from assessment.storage.filestore import AssessmentFile

    a = new_assessment(small_rubric, entity="T", kind="country", country="XT", date=dt.date(2025, 6, 30))  # fmt: skip
    a = with_reality_rules(a, divergence=1, stale_after=1)
    a = a._copy(indicators={"A.1-x": (IndicatorValue(code="SDG 9.c.1", value=72, year=2024, source="ITU"),)})  # fmt: skip
    save_assessment(a, tmp_path / "a.json")
    form = AssessmentForm(small_rubric, AssessmentFile(tmp_path / "a.json"), debounce=0)
    card = form.card("A.1-x")
    card.choice.value = 3  # 72 -> level 2: one level apart, divergent by this assessment's rule
    assert "gdi-divergent" in card.figures.line.value
    assert "Some are 1 or more years old." in card.figures.line.value  # 2025 - 2024 = 1


@pytest.mark.parametrize(
    ("unit", "inside", "outside"),
    [
        ("% of population", (0, 71.5, 100), (-0.1, 100.5)),
        ("score 0-100", (0, 100), (101,)),
        ("index 0-1", (0, 0.875, 1), (1.2, 87.5)),
        ("percentage points", (-12, 30), (-101,)),
        ("% of monthly GNI per capita", (0, 140), (-1,)),  # a price may pass a month's income
        ("researchers per million inhabitants", (0, 4500), (-3,)),
        ("change in % per year", (-8, 12), ()),
        ("% of population aged 15-24", (0, 60, 100), (101,)),  # an age span is not the figure's
        (None, (-1e9, 1e9), ()),
    ],
)
def test_what_a_figure_can_be_is_read_from_its_unit(unit, inside, outside):
    from assessment.rubric import Indicator

    ind = Indicator(code="X 1", name="An indicator", unit=unit)
    low, high = ind.value_range
    assert all(low <= v <= high for v in inside) and not any(low <= v <= high for v in outside)


def test_a_figure_its_unit_cannot_hold_is_refused_at_its_row_in_the_form_and_in_the_file(tmp_path):
    a = assessment(values={"A.1-use": [("SDG 17.8.1", 60, 2024)]})
    over = IndicatorValue(code="SDG 17.8.1", value=150, year=2024, source=SOURCE)
    with pytest.raises(ProblemsError) as info:
        with_indicator_value(a, RUBRIC, "A.1-use", over)
    (p,) = info.value.problems
    assert p.code == "indicator-value-range"
    assert "150 cannot be a figure of 'SDG 17.8.1', which is % of population: from 0 to 100" in p.message  # fmt: skip
    found = FoundValue(code="SDG 17.8.1", value=-5, year=2024, source=SOURCE, criterion="A.1-use", row=4)  # fmt: skip
    with pytest.raises(ProblemsError) as info:
        merge_indicator_values(a, RUBRIC, [found], source="values.csv")
    (p,) = info.value.problems
    assert (p.code, p.line) == ("indicator-value-range", 4)
    # an assessment file that holds such a figure is refused before it is scored
    bad = a._copy(indicators={"A.1-use": (over,)})
    assert [p.code for p in check_against_rubric(bad, RUBRIC)] == ["indicator-value-range"]


def test_a_fictional_country_takes_no_real_country_s_file_and_a_name_without_a_code_counts(tmp_path, capsys):  # fmt: skip
    from assessment.storage.indicator_files import country_matches

    assert country_matches("XE", "FRA") is False and country_matches("XE", "XEX") is None
    assert country_matches("XE", "XEE") is None  # CLDR's own alias of a user-assigned code
    assert country_matches("KE", "KEN") is True and country_matches("KE", "UGA") is False
    examplia = tmp_path / "examplia.json"
    examplia.write_bytes(FOLLOW_UP.read_bytes())
    row = '"Country Name","Country Code","Series Name","Series Code","2024 [YR2024]"\n"{name}","{code}","Individuals using the Internet (% of population)","IT.NET.USER.ZS","20"\n'  # fmt: skip
    france = tmp_path / "france.csv"
    france.write_text(row.format(name="France", code="FRA"))
    assert main(["indicators", str(examplia), str(france)]) == 1
    assert "add --country FRA" in capsys.readouterr().err
    # no code, only a name: another country's name is refused, the entity's own is taken
    kenya = json.loads(FOLLOW_UP.read_text(encoding="utf-8"))
    kenya["entity"]["country"] = "KE"
    mine = tmp_path / "kenya.json"
    mine.write_text(json.dumps(kenya), encoding="utf-8")
    nameless = tmp_path / "nameless.csv"
    nameless.write_text(row.format(name="Uganda", code=""))
    assert main(["indicators", str(mine), str(nameless)]) == 1
    assert 'add --country "Uganda"' in capsys.readouterr().err
    nameless.write_text(row.format(name="Kenya", code=""))
    assert main(["indicators", str(mine), str(nameless)]) == 0


def test_a_figure_for_a_year_after_the_assessment_is_left_out_and_an_earlier_one_kept():
    a = assessment(values={})
    year = a.date.year
    found = [
        FoundValue(code="SDG 17.8.1", value=70, year=year + 1, source=SOURCE, criterion="A.1-use", row=2),
        FoundValue(code="SDG 17.8.1", value=60, year=year - 1, source=SOURCE, criterion="A.1-use", row=3),
    ]  # fmt: skip
    merged = merge_indicator_values(a, RUBRIC, found, source="values.csv")
    assert [(v.value, v.year) for v in merged.assessment.indicators["A.1-use"]] == [(60.0, year - 1)]  # fmt: skip
    (left,) = [i for i in merged.ignored if i.reason == "after-assessment"]
    assert left.fields["row"] == 2 and left.fields["year"] == year + 1
