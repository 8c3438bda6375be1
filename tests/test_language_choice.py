"""Choosing a language in the start panel, the form and the participants' page: everything is
redrawn in it, no answer is lost, and the assessment remembers its language (issue 13)."""

from __future__ import annotations

import json

from assessment.jupyter.participant import ParticipantApp
from assessment.jupyter.start import RecentAssessments, StartPanel
from assessment.storage.assessments import load_assessment
from assessment.storage.rubrics import resolve_rubric
from assessment.storage.workshops import WorkshopStore
from assessment.text import level_label, ui_text


def test_the_start_panel_switches_language_and_keeps_every_answer(tmp_path):
    recent = RecentAssessments(tmp_path / "settings" / "recent.json")
    panel = StartPanel(folder=tmp_path, recent=recent)
    panel.entity.value = "Examplia (fictional)"
    panel.country.value = "XE"
    panel.create_button.click()
    form = panel.form
    form.card("I.1-joint-planning").choice.value = 2
    form.card("I.1-joint-planning").evidence.value = "Plan numérique national 2025"
    path = next(tmp_path.glob("*.json"))

    panel.language.value = "fr"  # the chooser in the bar above the form
    fr = panel.form
    assert fr is not form and fr.lang == "fr"
    card = fr.card("I.1-joint-planning")
    assert card.choice.value == 2 and card.evidence.value == "Plan numérique national 2025"
    french = resolve_rubric("gdi-digital-inclusion-2025", "fr").by_id["I.1-joint-planning"]
    assert card.criterion.title == french.criterion.title
    assert level_label(2, "fr") in json.dumps(card.choice.options, ensure_ascii=False)
    assert panel.create_button.description == ui_text("start_create", "fr")
    saved = load_assessment(path)
    assert saved.language == "fr" and len(saved.responses) == 1  # the same answer, once

    # opened again later, the assessment comes back in its own language
    again = StartPanel(folder=tmp_path, recent=RecentAssessments(recent.path))
    assert again.lang == "fr" and again.form.lang == "fr"


def test_a_participant_chooses_a_language_on_the_join_page(small_rubric, tmp_path):
    WorkshopStore.create(tmp_path / "ws.sqlite", small_rubric, title="T", entity="Testland", kind="country").close()  # fmt: skip
    app = ParticipantApp(tmp_path / "ws.sqlite")
    app.name.value = "Amina (fictional)"
    app.language.value = "ar"
    assert app.start.description == ui_text("ws_start", "ar")
    assert app.name.value == "Amina (fictional)"  # what was typed stays
    assert "gdi-rtl" in app.join_panel._dom_classes
    assert app.script.lang == "ar" and app.script.direction == "rtl"
    app.group.value = "Government"
    app.start.click()
    assert app.form is not None and app.form.lang == "ar"
    app.form.card("A.1-x").choice.value = 3
    app.language.value = "zh"  # switching after joining keeps the answer
    assert app.form.lang == "zh" and app.form.card("A.1-x").choice.value == 3
