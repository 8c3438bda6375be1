"""The scoring form driven headless in the kernel: clicks become saved files, scores and progress."""

from __future__ import annotations

import datetime as dt
import json

import ipywidgets as w
import pytest

from assessment import load_assessment, load_rubric, new_assessment, save_assessment
from assessment.jupyter.form import AssessmentForm, open_form
from assessment.storage.filestore import AssessmentFile

from .conftest import DATA, ROOT

CLOCK = dt.datetime(2025, 6, 30, 14, 5, 9)


@pytest.fixture
def small_form(tmp_path, small_rubric):
    path = tmp_path / "a.json"
    save_assessment(
        new_assessment(
            small_rubric, entity="Testland", kind="country", country="XT", date=dt.date(2025, 6, 30)
        ),
        path,
    )
    return AssessmentForm(small_rubric, AssessmentFile(path), debounce=0, clock=lambda: CLOCK), path


def saved(path):
    return {r["criterion"]: r for r in json.loads(path.read_text())["responses"]}


def test_choosing_a_level_saves_scores_and_counts(small_form):
    form, path = small_form
    assert form.progress.value == 0 and form.progress.max == 5
    redraws = form.redraws
    chart_before = form.mini.value
    form.card("A.1-x").choice.value = 3
    assert saved(path)["A.1-x"]["level"] == 3
    assert saved(path)["A.1-x"]["answered_at"] == "2025-06-30T14:05:09"
    assert form.progress.value == 1 and "Answered 1 of 5" in form.progress_text.value
    assert form.scores.pillars.loc["A", "score"] == 3  # only A.1-x is scored in pillar A
    assert "Saved 14:" in form.status.value or "Saved" in form.status.value
    assert form.redraws == redraws + 1 and form.mini.value != chart_before
    # the full-size chart is drawn when it is shown, with the same answers
    form.full_toggle.value = True
    assert form.full.layout.display == "" and 'alt="Radar chart of 2 pillars' in form.chart.value
    assert "<td>3.00</td>" in form.table.value
    # weights: A.1-y (weight 2) at 1 -> A.1 = (3 + 2) / 3
    form.card("A.1-y").choice.value = 1
    assert form.scores.pillars.loc["A", "score"] == pytest.approx(5 / 3)
    assert form.pillar.options[0][0] == "A A (2/3)"


def test_target_confidence_evidence_notes_are_saved(small_form):
    form, path = small_form
    card = form.card("B.1-p")
    card.choice.value = 1
    card.target.value = 4
    card.confidence.value = "high"
    card.evidence.value = "Annual report 2024, p. 12"
    card.notes.value = "Check with the regulator"
    r = saved(path)["B.1-p"]
    assert (r["level"], r["target"], r["confidence"], r["evidence"], r["notes"]) == (
        1,
        4,
        "high",
        "Annual report 2024, p. 12",
        "Check with the regulator",
    )
    assert form.scores.criteria.loc["B.1-p", "target"] == 4


def test_not_applicable_needs_a_reason(small_form):
    form, path = small_form
    card = form.card("A.2-z")
    card.choice.value = "not-applicable"
    assert card.reason.layout.display == ""
    assert "A.2-z" not in saved(path)
    # the prompt stands in the card itself, under the reason field, not at the top of the form
    assert "please write why" in card.prompt.value and 'role="alert"' in card.prompt.value
    assert card.box.children.index(card.prompt) == card.box.children.index(card.reason) + 1
    card.reason.value = "Federal states legislate on this"
    assert saved(path)["A.2-z"]["status"] == "not-applicable"
    assert card.prompt.value == "" and form.messages.value == ""
    assert form.scores.criteria.loc["A.2-z", "status"] == "not-applicable"
    card.choice.value = "dont-know"
    assert saved(path)["A.2-z"]["status"] == "dont-know" and card.reason.layout.display == "none"
    card.choice.value = None  # back to "no answer yet": the response is removed
    assert "A.2-z" not in saved(path)
    assert form.progress.value == 0


def test_reopening_resumes_where_left_off(small_form, small_rubric):
    form, path = small_form
    form.card("A.1-x").choice.value = 2
    form.card("A.1-y").choice.value = 4
    form.card("A.1-y").evidence.value = "Decree 7/2025"
    form.card("A.2-z").choice.value = "dont-know"
    again = AssessmentForm(small_rubric, AssessmentFile(path), debounce=0)
    assert again.pillar.value == "B"  # the first pillar with an unanswered criterion
    assert (
        again.card("A.1-y").choice.value == 4
        and again.card("A.1-y").evidence.value == "Decree 7/2025"
    )
    assert again.progress.value == 3


def test_file_changed_elsewhere_is_not_overwritten(small_form):
    form, path = small_form
    form.card("A.1-x").choice.value = 2
    other = load_assessment(path).without_response("A.1-x", "self")
    save_assessment(other, path)  # someone else's edit
    before = path.read_bytes()
    form.card("B.1-q").choice.value = 4
    assert path.read_bytes() == before
    assert "changed by someone or something else" in form.messages.value
    assert form.reload_button.layout.display == "" and form.overwrite_button.layout.display == ""
    form.reload_button.click()
    assert form.card("A.1-x").choice.value is None and form.card("B.1-q").choice.value is None
    assert form.messages.value == ""
    form.card("B.1-q").choice.value = 4
    assert saved(path)["B.1-q"]["level"] == 4


def test_overwrite_keeps_my_version(small_form):
    form, path = small_form
    save_assessment(load_assessment(path), path.with_suffix(".bak"))
    path.write_text(path.read_text().replace('"round": "baseline"', '"round": "edited"'))
    form.card("A.1-x").choice.value = 3
    assert "A.1-x" not in saved(path)
    form.overwrite_button.click()
    assert saved(path)["A.1-x"]["level"] == 3


class BrokenStore:
    def __init__(self, inner):
        self.inner = inner

    def load(self):
        return self.inner.load()

    def save(self, assessment, force=False):
        raise RuntimeError("disk on fire")


def test_error_in_a_callback_is_shown_not_swallowed(tmp_path, small_rubric):
    path = tmp_path / "a.json"
    save_assessment(
        new_assessment(
            small_rubric, entity="T", kind="country", country="XT", date=dt.date(2025, 1, 1)
        ),
        path,
    )
    form = AssessmentForm(small_rubric, BrokenStore(AssessmentFile(path)), debounce=0)
    form.card("A.1-x").choice.value = 2
    assert "Something went wrong inside the toolkit" in form.messages.value
    assert "disk on fire" in form.messages.value
    assert "A.1-x" not in saved(path)


def test_filters(small_form):
    form, _ = small_form
    form.pillar.value = "A"

    def titles():
        return [c.children[0].value for c in form.criteria_box.children if isinstance(c, w.VBox)]

    assert len(titles()) == 3
    form.core_only.value = True
    assert len(titles()) == 1 and "A.1-x" in titles()[0]
    assert form.progress.max == 2  # the short form has two criteria
    form.core_only.value = False
    form.card("A.1-x").choice.value = 1
    form.only_unanswered.value = True
    shown = titles()
    assert len(shown) == 2 and not any("A.1-x" in t for t in shown)


def test_every_control_is_labelled(small_form):
    form, _ = small_form
    form.build_all()
    for card in form.cards.values():
        for control in card.controls:
            assert control.description.strip(), (
                f"{card.criterion.id}: unlabelled {type(control).__name__}"
            )
        labels = [label for label, _ in card.choice.options]
        assert any(
            "Developing" in label and card.criterion.levels[2][:10] in label for label in labels
        )
    assert 'alt="Radar chart of 2 pillars' in form.chart.value
    assert "<caption>" in form.table.value and "scope='col'" in form.table.value


def test_organisation_sees_organisation_questions(tmp_path, small_rubric):
    path = tmp_path / "city.json"
    save_assessment(
        new_assessment(
            small_rubric, entity="City", kind="organisation", country="XT", date=dt.date(2025, 1, 1)
        ),
        path,
    )
    form = AssessmentForm(small_rubric, AssessmentFile(path), debounce=0)
    form.build_all()
    assert "A.2-z" not in form.cards
    assert "Does your organisation do x?" in form.card("A.1-x").header.value


def test_html_in_rubric_text_is_escaped(tmp_path):
    text = (
        (DATA / "rubric-valid-small.yaml")
        .read_text()
        .replace("title: Criterion x", "title: <script>alert(1)</script>")
    )
    rubric_path = tmp_path / "r.yaml"
    rubric_path.write_text(text)
    rubric = load_rubric(rubric_path)
    path = tmp_path / "a.json"
    save_assessment(
        new_assessment(
            rubric, entity="<b>Bold</b>", kind="country", country="XT", date=dt.date(2025, 1, 1)
        ),
        path,
    )
    form = AssessmentForm(rubric, AssessmentFile(path), debounce=0)
    assert (
        "<script>" not in form.card("A.1-x").header.value
        and "&lt;script&gt;" in form.card("A.1-x").header.value
    )
    assert "<b>Bold</b>" not in form.title.value


def test_open_form_creates_then_resumes(tmp_path):
    path = tmp_path / "new.json"
    form = open_form(path, entity="Republic of Examplia", kind="country", country="XE")
    assert load_assessment(path).entity.name == "Republic of Examplia"
    assert len(form._refs) == 66
    form.debounce = 0
    form.card("I.1-joint-planning").choice.value = 2
    resumed = open_form(path)
    assert resumed.card("I.1-joint-planning").choice.value == 2


def test_open_form_needs_an_entity_for_a_new_file(tmp_path):
    from assessment import UsageError

    with pytest.raises(UsageError, match="name of the country or organisation"):
        open_form(tmp_path / "x.json", entity="  ")


def test_sample_assessment_opens_in_the_form(tmp_path):
    path = tmp_path / "city.json"
    path.write_bytes((ROOT / "sample_data" / "port-examplia-city-2025.json").read_bytes())
    form = open_form(path, respondent="cio-office")
    assert form.progress.value == 64  # of 66: the sample leaves two unanswered


def test_typing_is_saved_when_the_typing_pauses(small_rubric, tmp_path):
    """Keystrokes reach the kernel (continuous updates); the text is saved shortly after the last."""
    import asyncio

    path = tmp_path / "typing.json"
    save_assessment(
        new_assessment(
            small_rubric, entity="T", kind="country", country="XT", date=dt.date(2025, 6, 30)
        ),
        path,
    )

    async def type_and_wait():
        form = AssessmentForm(
            small_rubric, AssessmentFile(path), save_delay=0.2, clock=lambda: CLOCK
        )
        card = form.card("A.1-x")
        card.choice.value = 2
        assert all(c.continuous_update for c in card.typed)
        for text in ("D", "De", "Decree 7"):  # each keystroke syncs the value
            card.notes.value = text
            await asyncio.sleep(0.05)
        assert "Unsaved changes" in form.status.value
        assert saved(path)["A.1-x"].get("notes", "") == ""  # not yet: still typing
        await asyncio.sleep(0.4)
        assert saved(path)["A.1-x"]["notes"] == "Decree 7"
        assert "Saved" in form.status.value

    asyncio.run(type_and_wait())


def test_a_control_character_in_the_evidence_is_a_message_in_the_form(small_form):
    form, path = small_form
    card = form.card("A.1-x")
    card.choice.value = 2
    card.evidence.value = "Decree\x07 7"  # pasted from a terminal
    assert "U+0007" in form.messages.value and "internal error" not in form.messages.value.lower()
    assert saved(path)["A.1-x"].get("evidence", "") == ""  # the bad text is not saved
    card.evidence.value = "Decree 7"
    assert saved(path)["A.1-x"]["evidence"] == "Decree 7"


def test_target_and_confidence_show_their_value_and_links_are_clickable(small_form):
    form, path = small_form
    card = form.card("A.1-x")
    # the default is an option of its own: ipywidgets shows a None value as an empty box
    assert card.target.value == "" and card.target.label.startswith("Default (3")
    assert card.confidence.label == "Not given"
    assert "Target: 3 – Established (default) · Confidence: not given · Evidence: none yet" in card.details_line.value  # fmt: skip
    card.choice.value = 2
    card.target.value = 4
    card.evidence.value = (
        "Plan https://example.org/plan.pdf, and javascript:alert(1)\nhttp://a.example/x)."
    )
    assert saved(path)["A.1-x"]["target"] == 4
    assert (
        "Target: 4 – Leading · Confidence: not given · Evidence: 2 lines" in card.details_line.value
    )
    assert '<a href="https://example.org/plan.pdf"' in card.links.value
    assert '<a href="http://a.example/x"' in card.links.value  # the closing ")." is the sentence's
    assert "javascript" not in card.links.value
    card.target.value = ""
    assert saved(path)["A.1-x"].get("target") is None


def test_one_at_a_time_moves_and_says_where_it_is(small_form):
    form, _ = small_form
    form.mode.value = "single"
    order = ["A.1-x", "A.1-y", "A.2-z", "B.1-p", "B.1-q"]
    assert form.current == "A.1-x" and "1 of 5" in form.position.value
    assert form.criteria_box.children[2] is form.card("A.1-x").box
    form.next_button.click()
    assert form.current == "A.1-y" and "2 of 5" in form.position.value
    form.card("A.1-y").choice.value = 1
    form.card("A.2-z").choice.value = 2
    form.unanswered_button.click()  # skips A.2-z, answered
    assert form.current == "B.1-p" and form.pillar.value == "B"
    form.previous_button.click()
    assert form.current == "A.2-z" and form.pillar.value == "A"
    for _ in order:
        form.next_button.click()
    assert form.current == order[-1] and form.next_button.disabled
    # focus follows: each move asks the page to focus the criterion's levels
    assert form.script.focus_id == form.card(order[-1]).levels_id


def test_a_narrow_screen_starts_one_at_a_time_unless_chosen(small_form, tmp_path, small_rubric):
    form, path = small_form
    form.script.width = 390  # what the page reports on a phone
    assert form.mode.value == "single"
    chosen = AssessmentForm(small_rubric, AssessmentFile(path), debounce=0, mode="list")
    chosen.script.width = 390
    assert chosen.mode.value == "list"


def test_resuming_starts_at_the_first_unanswered_and_says_what_it_loaded(small_form, small_rubric):
    form, path = small_form
    assert "Nothing answered yet" in form.status.value
    form.card("A.1-x").choice.value = 2
    form.card("A.1-y").choice.value = 3
    again = AssessmentForm(small_rubric, AssessmentFile(path), debounce=0, clock=lambda: CLOCK, mode="single")  # fmt: skip
    assert "Loaded 2 answers, last saved 14:05" in again.status.value
    assert again.current == "A.2-z" and "3 of 5" in again.position.value


def test_on_a_phone_the_full_chart_fits_the_screen_at_its_drawn_size(small_form):
    import re

    form, _ = small_form
    form.full_toggle.value = True
    assert 'width="460"' in form.chart.value  # a desktop: the full-size chart
    form.script.width = 390
    form.card("A.1-x").choice.value = 2
    width = int(re.search(r'class="gdi-radar-full"|width="(\d+)"', form.chart.value).group(1))
    assert width <= 390 - 24, width  # shown at its own size: its 8-9 pt text stays 11-12.5 px
    assert 'alt="Radar chart of 2 pillars' in form.chart.value
    assert 'role="region" tabindex="0"' in form.table.value  # the table scrolls, by keyboard too


def test_links_recorded_by_an_import_survive_an_edit_and_are_shown(tmp_path, small_rubric):
    from assessment.responses import Response

    a = new_assessment(small_rubric, entity="Testland", kind="country", country="XT", date=dt.date(2025, 6, 30))  # fmt: skip
    recorded = Response(criterion="A.1-x", respondent="self", status="scored", level=2, links=("https://example.org/decree.pdf",), answered_at=dt.datetime(2025, 6, 1, 9, 0, tzinfo=dt.UTC))  # fmt: skip
    path = tmp_path / "a.json"
    save_assessment(a.with_response(recorded), path)
    form = AssessmentForm(small_rubric, AssessmentFile(path), debounce=0, clock=lambda: CLOCK)
    card = form.card("A.1-x")
    assert '<a href="https://example.org/decree.pdf"' in card.links.value
    card.confidence.value = "high"  # an edit in the form
    assert saved(path)["A.1-x"]["links"] == ["https://example.org/decree.pdf"]
    # a time with a zone (imported) beside one without (typed here): the form still opens
    form.card("A.1-y").choice.value = 3
    again = AssessmentForm(small_rubric, AssessmentFile(path), debounce=0, clock=lambda: CLOCK)
    assert "Loaded 2 answers" in again.status.value


def test_one_at_a_time_keeps_tabs_score_line_and_card_together(small_form):
    form, _ = small_form
    form.pillar.value = "B"
    form.card("B.1-p").choice.value = 2
    form.mode.value = "single"  # starts in the pillar shown, at its first unanswered criterion
    assert form.current == "B.1-q" and form.pillar.value == "B"
    form.core_only.value = True  # B.1-q is not core: the view moves, and tabs follow it
    assert form._refs[form.current].pillar.id == form.pillar.value
    assert f"Pillar {form.pillar.value}:" in form.pillar_score.value


def test_the_width_decides_the_mode_once(small_form):
    form, _ = small_form
    form.script.width = 1000  # the page's first report: a desktop
    form.script.width = 600  # the file browser opened later: the person's way stays
    assert form.mode.value == "list"


def test_choosing_no_answer_stays_chosen(small_form):
    form, path = small_form
    card = form.card("A.1-x")
    card.choice.value = 2
    none = [i for i, (_, v) in enumerate(card.choice.options) if v is None][0]
    card.choice.index = none  # the person clicks "(no answer yet)"
    assert card.choice.value is None and card.choice.index == none
    assert "A.1-x" not in saved(path)
