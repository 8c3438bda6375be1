"""The start panel driven headless: create, continue, open, and a reload brings the choice back."""

from __future__ import annotations

import json

import pytest

from assessment.jupyter.form import AssessmentForm
from assessment.jupyter.start import RecentAssessments, StartPanel, start_form


@pytest.fixture
def recent(tmp_path):
    return RecentAssessments(tmp_path / "settings" / "recent.json")


def test_create_from_the_panel_then_a_reload_continues_it(tmp_path, recent):
    panel = StartPanel(folder=tmp_path, recent=recent)
    assert panel.form is None and panel.container.children == (panel.panel,)
    assert "No assessment was opened on this computer yet" in panel.recent_box.children[0].value
    panel.entity.value = "Ministry of Digital Affairs (fictional)"
    panel.country.value = "xe"  # typed in lower case
    panel.length.value = True
    panel.create_button.click()
    form = panel.form
    assert isinstance(form, AssessmentForm) and form.core_only.value is True
    files = sorted(p.name for p in tmp_path.glob("*.json"))
    assert len(files) == 1 and files[0].startswith("ministry-of-digital-affairs-fictional-")
    saved = json.loads((tmp_path / files[0]).read_text())
    assert saved["entity"]["name"] == "Ministry of Digital Affairs (fictional)"
    assert saved["entity"]["country"] == "XE"
    form.card("I.1-joint-planning").choice.value = 2

    # the page is reloaded and Run All runs the notebook again: the same assessment comes back
    again = StartPanel(folder=tmp_path, recent=RecentAssessments(recent.path))
    assert again.form is not None and again.form.assessment.entity.name.startswith("Ministry")
    assert again.form.card("I.1-joint-planning").choice.value == 2
    assert "Loaded 1 answer" in again.form.status.value
    # "Choose another assessment" shows the choices, the last one first with its progress
    again.switch_button.click()
    line = again.recent_box.children[0].children[1].value
    assert (
        "Ministry of Digital Affairs (fictional) (Country (national government)): 1 of 64 answered"
        in line
    )


def test_creating_twice_never_overwrites(tmp_path, recent):
    for _ in range(2):
        panel = StartPanel(folder=tmp_path, recent=recent, resume=False)
        panel.entity.value = "City of Testville"
        panel.kind.value = "organisation"
        panel.create_button.click()
    assert len(list(tmp_path.glob("city-of-testville-*.json"))) == 2


def test_plain_messages_for_what_is_missing(tmp_path, recent):
    panel = StartPanel(folder=tmp_path, recent=recent)
    panel.create_button.click()
    assert "Give the name of the country or organisation" in panel.message.value
    panel.entity.value = "Examplia"
    panel.country.value = "Examplia"
    panel.create_button.click()
    assert "is not a two-letter ISO country code" in panel.message.value
    panel.open_button.click()
    assert "Type the name of the file to open" in panel.message.value
    panel.file_name.value = "nowhere.json"
    panel.open_button.click()
    assert "nowhere.json: no such file" in panel.message.value
    assert panel.form is None and list(tmp_path.glob("*.json")) == []


def test_open_a_file_and_a_damaged_settings_file_is_ignored(tmp_path, recent):
    import datetime as dt

    from assessment import new_assessment, save_assessment
    from assessment.storage.rubrics import resolve_rubric

    a = new_assessment(resolve_rubric("gdi-digital-inclusion-2025"), entity="Sent by a colleague", kind="country", country="XE", date=dt.date(2026, 1, 5))  # fmt: skip
    save_assessment(a, tmp_path / "colleague.json")
    recent.path.parent.mkdir(parents=True)
    recent.path.write_text("{not json")
    panel = StartPanel(folder=tmp_path, recent=recent)
    panel.file_name.value = "colleague.json"
    panel.open_button.click()
    assert panel.form is not None and panel.form.assessment.entity.name == "Sent by a colleague"
    assert recent.paths() == [(tmp_path / "colleague.json").resolve()]


def test_batch_runs_open_the_given_file_directly(tmp_path, monkeypatch):
    monkeypatch.setenv("GDI_ASSESS_HOME", str(tmp_path / "home"))
    form = start_form(str(tmp_path / "batch.json"), entity="Batchland", country="XE")
    assert isinstance(form, AssessmentForm) and (tmp_path / "batch.json").is_file()
    panel = start_form("", folder=tmp_path)
    assert isinstance(panel, StartPanel) and panel.form is not None  # the batch file is recent
