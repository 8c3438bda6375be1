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
    form.card("I.2-network-coverage").choice.value = 2

    # the page is reloaded and Run All runs the notebook again: the same assessment comes back
    again = StartPanel(folder=tmp_path, recent=RecentAssessments(recent.path))
    assert again.form is not None and again.form.assessment.entity.name.startswith("Ministry")
    assert again.form.card("I.2-network-coverage").choice.value == 2
    assert "Loaded 1 answer" in again.form.status.value
    # the short form chosen at the start is still the short form
    assert (
        again.form.core_only.value is True and "Answered 1 of 16" in again.form.progress_text.value
    )
    # "Choose another assessment" shows the choices, the last one first with its progress
    again.switch_button.click()
    line = again.recent_box.children[0].children[1].value
    assert (
        "Ministry of Digital Affairs (fictional) (Country (national government)): 1 of 16 answered"
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
    # a batch run leaves the person's recent list alone: the panel shows the choices
    assert isinstance(panel, StartPanel) and panel.form is None


def test_a_last_assessment_that_cannot_be_opened_is_said_and_never_blocks(tmp_path, recent):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    recent.remember(bad)
    panel = StartPanel(folder=tmp_path, recent=recent)
    assert panel.form is None and panel.container.children == (panel.panel,)
    assert "The last assessment, bad.json, could not be opened" in panel.message.value
    assert recent.paths() == []  # forgotten: the next Run All is not stuck on it
    # an entry too long for this file system is skipped, not an error
    recent.path.write_text(json.dumps({"recent": [{"path": "/" + "x" * 5000}, {"oops": 1}, 7]}))
    assert recent.entries() == []


def test_a_rubric_of_ones_own_is_remembered_with_the_file(tmp_path, recent):
    from .conftest import DATA

    custom = str(DATA / "rubric-valid-small.yaml")
    panel = StartPanel(folder=tmp_path, recent=recent, rubric=custom)
    assert panel.rubric.value == custom  # offered, not replaced by a bundled one
    panel.entity.value = "Testland"
    panel.country.value = "XT"
    panel.create_button.click()
    assert panel.form is not None and panel.form.rubric.id == "test-small"
    again = StartPanel(folder=tmp_path, recent=RecentAssessments(recent.path))
    assert again.form is not None and again.form.rubric.id == "test-small"
    again.switch_button.click()
    assert "Testland" in again.recent_box.children[0].children[1].value


def test_errors_of_the_system_are_said(tmp_path, recent):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    panel = StartPanel(folder=not_a_folder, recent=recent)
    panel.entity.value = "Examplia"
    panel.country.value = "XE"
    panel.create_button.click()
    assert "this folder does not exist" in panel.message.value and panel.form is None


def test_levels_from_the_other_gdi_text_are_offered_for_the_same_entity(tmp_path, recent):
    import datetime as dt

    from assessment import new_assessment, save_assessment
    from assessment.responses import Response
    from assessment.storage.rubrics import resolve_rubric

    r2024 = resolve_rubric("gdi-digital-cooperation-2024")
    earlier = new_assessment(r2024, entity="Examplia (fictional)", kind="country", country="XE", date=dt.date(2024, 9, 1))  # fmt: skip
    earlier = earlier.with_response(Response(criterion="1.1-network-expansion", respondent="self", status="scored", level=2))  # fmt: skip
    save_assessment(earlier, tmp_path / "cooperation-2024.json")
    recent.remember(tmp_path / "cooperation-2024.json")
    panel = StartPanel(folder=tmp_path, recent=recent, resume=False)
    panel.entity.value = "examplia (FICTIONAL)"  # the same entity, however it is typed
    panel.country.value = "XE"
    panel.create_button.click()
    card = panel.form.card("I.2-network-coverage")
    assert "Suggested: level 2 – Developing, given to 1.1-network-expansion" in card.offer.children[0].value  # fmt: skip
    assert "from your earlier assessment (cooperation-2024.json)" in panel.bar.children[1].value
    assert panel.form.assessment.responses == ()  # offered, not answered
