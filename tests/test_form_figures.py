"""Indicator figures typed in the scoring form: saved, read as the language writes numbers, held
against the rating, and shown read only on a workshop participant's page."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from assessment import new_assessment, save_assessment
from assessment.jupyter.figures import read_figure
from assessment.jupyter.form import AssessmentForm
from assessment.responses import IndicatorValue
from assessment.storage.filestore import AssessmentFile
from assessment.text import parse_number

CLOCK = dt.datetime(2025, 6, 30, 14, 5, 9)


@pytest.fixture
def form(tmp_path, small_rubric):
    path = tmp_path / "a.json"
    a = new_assessment(
        small_rubric, entity="Testland", kind="country", country="XT", date=dt.date(2025, 6, 30)
    )
    save_assessment(a, path)
    return AssessmentForm(small_rubric, AssessmentFile(path), debounce=0, clock=lambda: CLOCK), path


def figures(path):
    return json.loads(path.read_text()).get("indicators", {})


@pytest.mark.parametrize(
    ("typed", "lang", "value"),
    [
        ("45.5", "en", 45.5),
        ("45,5", "fr", 45.5),
        ("1 234,5", "fr", 1234.5),
        ("1\u202f234,5", "fr", 1234.5),  # the narrow no-break space French numbers carry
        ("1.234,5", "es", 1234.5),
        ("1,234.5", "en", 1234.5),
        ("1,234", "en", 1234.0),  # thousands in English …
        ("1,234", "ru", 1.234),  # … a decimal comma in Russian
        ("٤٥٫٥", "ar", 45.5),  # Arabic-Indic digits and the Arabic decimal sign
        ("۴۵", "ar", 45.0),
        ("87 %", "zh", 87.0),
        ("−3", "en", -3.0),  # a typographic minus
        ("abc", "en", None),
        ("12 apples", "en", None),
        ("1e5", "en", None),
        ("", "en", None),
        ("1,2,3", "en", None),
    ],
)
def test_a_typed_figure_is_read_as_the_language_writes_numbers(typed, lang, value):
    assert parse_number(typed, lang) == value


def test_a_row_is_saved_only_when_figure_year_and_source_hold():
    assert read_figure("K", "", "", " ", "en").empty
    assert read_figure("K", "", "2024", "", "en").problem == "figure_need_value"
    assert read_figure("K", "many", "2024", "x", "en").problem == "figure_bad_value"
    assert read_figure("K", "4", "", "x", "en").problem == "figure_need_year"
    for year in ("1989", "2101", "2024.5", "next"):
        assert read_figure("K", "4", year, "x", "en").problem == "figure_bad_year"
    assert read_figure("K", "4", "٢٠٢٤", "", "ar").problem == "figure_need_source"
    got = read_figure("K", "4,5", "٢٠٢٤", "  ITU   DataHub ", "fr").value
    assert got == IndicatorValue(code="K", value=4.5, year=2024, source="ITU DataHub")


def test_a_figure_its_unit_cannot_hold_is_not_saved_and_said_beside_the_box():
    from assessment.rubric import Indicator
    from assessment.text import ui_text

    share = Indicator(code="SDG 9.c.1", name="Coverage", unit="% of population")
    got = read_figure("K", "150", "2024", "ITU", "fr", share)
    assert got.problem == "figure_out_of_range" and got.value is None
    said = ui_text(got.problem, "en", **dict(got.problem_fields))
    assert said == "Not saved: 150 cannot be a figure in % of population. Give one from 0 to 100."
    count = Indicator(name="Trainees", unit="people per year")
    got = read_figure("K", "-3", "2024", "Ministry", "en", count)
    assert got.problem == "figure_below" and "Give 0 or more." in ui_text(got.problem, "en", **dict(got.problem_fields))  # fmt: skip
    assert read_figure("K", "71,5", "2024", "ITU", "fr", share).value.value == 71.5


def test_a_typed_figure_is_saved_held_against_the_rating_and_removed(form):
    form, path = form
    card = form.card("A.1-x")  # SDG 9.c.1, thresholds 50, 70, 85, 95 (higher is better)
    panel = card.figures
    assert panel is not None and form.card("A.1-y").figures is None  # only criteria with indicators
    assert "No figure recorded yet" in panel.line.value
    assert panel.rows == {}  # built when the details first open
    assert panel.line in card.box.children and panel.body in card.details.children
    card.details_toggle.value = True  # the boxes come with target and evidence
    row = panel.rows["SDG 9.c.1"]
    assert row.value.description == "Figure for SDG 9.c.1" and row.value.placeholder == "%"
    row.value.value = "72,5"
    assert figures(path) == {}  # nothing saved until year and source are there
    assert "type the year" in row.result.value and "not saved yet" in form.status.value
    row.year.value = "2020"
    row.source.value = "ITU DataHub"
    assert figures(path) == {
        "A.1-x": [{"code": "SDG 9.c.1", "value": 72.5, "year": 2020, "source": "ITU DataHub"}]
    }
    # 72.5 passes 50 and 70: level 2; 2025 - 2020 = 5 years: stale
    assert "The figures suggest 2 – Developing" in panel.line.value
    assert "This figure suggests 2 – Developing" in row.result.value
    assert "Old figure (for 2020)" in row.result.value
    assert "gdi-divergent" not in panel.line.value  # no rating yet
    card.choice.value = 4  # 4 - 2 = 2 levels apart: divergent
    assert "gdi-divergent" in panel.line.value and "levels apart: 2" in panel.line.value
    card.choice.value = 3  # one level apart: not
    assert "gdi-divergent" not in panel.line.value
    assert form.scores is not None
    # a correction replaces the figure
    row.value.value = "96"
    assert figures(path)["A.1-x"][0]["value"] == 96.0
    assert "The figures suggest 4 – Leading" in panel.line.value
    row.remove.click()
    assert figures(path) == {} and row.value.value == row.year.value == row.source.value == ""
    assert "No figure recorded yet" in panel.line.value
    assert json.loads(path.read_text())["responses"][0]["level"] == 3  # the answer stays


def test_figures_are_shown_when_the_form_reopens(form, small_rubric):
    form, path = form
    form.card("A.1-x").details_toggle.value = True
    row = form.card("A.1-x").figures.rows["SDG 9.c.1"]
    row.value.value, row.year.value, row.source.value = "88", "2024", "National statistics office"
    form.card("A.1-x").choice.value = 0
    again = AssessmentForm(small_rubric, AssessmentFile(path), debounce=0, lang="fr")
    panel = again.card("A.1-x").figures
    assert "gdi-divergent" in panel.line.value  # 0 against level 3
    again.card("A.1-x").details_toggle.value = True
    row = panel.rows["SDG 9.c.1"]
    assert (row.value.value, row.year.value, row.source.value) == ("88", "2024", "National statistics office")  # fmt: skip


def test_a_participant_sees_the_facilitators_figures_but_cannot_change_them(tmp_path, small_rubric):
    path = tmp_path / "a.json"
    a = new_assessment(
        small_rubric, entity="Testland", kind="country", country="XT", date=dt.date(2025, 6, 30)
    )
    a = a._copy(indicators={"A.1-x": (IndicatorValue(code="SDG 9.c.1", value=60, year=2024, source="ITU"),)})  # fmt: skip
    save_assessment(a, path)
    form = AssessmentForm(small_rubric, AssessmentFile(path), debounce=0, record_figures=False)
    panel = form.card("A.1-x").figures
    assert "The figures suggest 1 – Initial" in panel.line.value
    form.card("A.1-x").details_toggle.value = True
    row = panel.rows["SDG 9.c.1"]
    assert "facilitator recorded" in panel.body.children[0].value
    assert row.value.disabled and row.year.disabled and row.source.disabled
    assert row.remove.layout.display == "none"
    form._on_figure(form.card("A.1-x"), "SDG 9.c.1")  # even if called, nothing is written
    assert figures(path)["A.1-x"][0]["value"] == 60
