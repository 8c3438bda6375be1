"""Who may act as a participant: only the browser that joined (its secret) or the person with the
resume code; never someone who knows an id, and never a survey-imported respondent."""

from __future__ import annotations

import datetime as dt
import re

from assessment.jupyter.participant import ParticipantApp
from assessment.responses import Respondent, Response, new_assessment
from assessment.storage.workshops import WorkshopStore, import_into_workshop


def _workshop(small_rubric, tmp_path):
    store = WorkshopStore.create(tmp_path / "ws.sqlite", small_rubric, title="T", entity="Testland", kind="country")  # fmt: skip
    a = new_assessment(small_rubric, entity="Testland", kind="country", country="XT", date=dt.date(2025, 7, 1))  # fmt: skip
    a = a.model_copy(
        update={
            "respondents": (Respondent(id="1001", group="Academia"),),
            "responses": (
                Response(
                    criterion="A.1-x",
                    respondent="1001",
                    status="scored",
                    level=3,
                    evidence="Budget line 4",
                ),
            ),  # fmt: skip
        }
    )
    import_into_workshop(store, a, label="room-a")
    return store


def _page(store, remembered: str) -> ParticipantApp:
    app = ParticipantApp(store.path)
    app.memory.value = remembered
    app.memory.loaded = True  # what the browser does when the page opens
    return app


def _shows_form(app: ParticipantApp) -> bool:
    return app.form is not None and app.form.container in app.body.children


def test_the_secret_is_long_random_and_stored_only_as_a_digest(small_rubric, tmp_path):
    with _workshop(small_rubric, tmp_path) as store:
        one, two = (
            store.enrol(name=None, group="Business"),
            store.enrol(name=None, group="Business"),
        )
        assert len(one.secret) >= 32 and one.secret != two.secret  # 192 random bits each
        assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", one.resume_code)
        assert store.resume(one.secret) == one.participant
        assert store.resume(one.participant.id) is None and store.resume("") is None
    raw = (tmp_path / "ws.sqlite").read_bytes()
    assert one.secret.encode() not in raw and one.resume_code.replace("-", "").encode() not in raw


def test_an_id_opens_nothing_and_imported_respondents_cannot_be_claimed(small_rubric, tmp_path):
    with _workshop(small_rubric, tmp_path) as store:
        joined = store.enrol(name="Amina (fictional)", group="Government")
        for guess in ("room-a.1001", "1001", joined.participant.id):
            app = _page(store, guess)
            assert not _shows_form(app), guess
            assert app.join_panel in app.body.children
        mine = _page(store, joined.secret)
        assert _shows_form(mine) and mine.form.respondent == joined.participant.id
        # a participant sees their own answers only: nothing of the imported respondent's
        assert mine.form.assessment.responses == ()


def test_the_resume_code_continues_on_another_device(small_rubric, tmp_path):
    with _workshop(small_rubric, tmp_path) as store:
        joined = store.enrol(name=None, group="Civil society")
        other_device = _page(store, "")
        other_device.code.value = "  " + joined.resume_code.lower().replace("-", " ")
        other_device.code_button.click()
        assert _shows_form(other_device)
        assert other_device.form.respondent == joined.participant.id
        new_secret = other_device.memory.value
        assert new_secret not in ("", joined.secret)
        assert store.resume(new_secret) == joined.participant  # this device resumes on its own
        wrong = _page(store, "")
        wrong.code.value = "ABCD-EFGH"
        wrong.code_button.click()
        assert not _shows_form(wrong) and "not found" in wrong.code_message.value
        assert len(store.participants()) == 2  # the imported respondent and this participant
