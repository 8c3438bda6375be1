"""Errors a person can fix are told in their language: each is built from an interface key
(``GdiError.keyed``), keeps its English message, and ``in_language`` tells it again in another."""

from __future__ import annotations

import ast
import datetime as dt
import pickle
import string
from pathlib import Path

import pytest

from assessment.errors import ConflictError, RenderError, UsageError, WorkshopBusyError
from assessment.text import UI_TEXT, set_catalogue_provider

PACKAGE = Path(__file__).resolve().parent.parent / "assessment"

#: the errors whose message is free text (ProblemsError is told from its problems' codes, and
#: ConflictError builds its keyed message itself)
FREE_TEXT = {"GdiError", "UsageError", "RenderError", "WorkshopBusyError"}

#: files another change converts (the command line's entry point and the translators' commands):
#: their plain messages are allowed here until it lands
NOT_YET = {"cli/__init__.py", "cli/i18n.py"}

FRENCH = {
    "error_rubric_no_such_file": "{path} : fichier introuvable ; vérifiez le chemin (les grilles fournies sont dans {folder})",
    "error_report_format": "format de rapport inconnu {formats} : choisissez parmi {valid}",
    "error_workshop_busy": "{path} : la base de l'atelier est restée occupée {seconds:.0f} s ; votre dernière réponse n'a pas été enregistrée.",
    "error_conflict": "{path} a été modifié ailleurs à {time} depuis son ouverture",
    "error_pdf_failed": "Le PDF n'a pas pu être produit : {detail}",
    "error_report_partly_written": "{error}\nLe rapport {format} a été écrit : {path}",
    "error_form_unknown_respondent": "le répondant {respondent!r} n'est pas dans cette évaluation ; connus : {known}",
    "error_round_number": "tour {chiffre} : les tours sont numérotés à partir de 1",  # a broken one
}


@pytest.fixture
def french():
    """A French catalogue that has the error messages (the real one gets them from translators)."""
    import assessment

    set_catalogue_provider(lambda lang: (FRENCH, "draft") if lang == "fr" else ({}, "missing"))
    yield
    set_catalogue_provider(assessment._read_catalogue)


def test_a_keyed_error_is_english_and_told_again_in_french(french):
    exc = UsageError.keyed("error_rubric_no_such_file", path="r.yaml", folder="/rubrics")
    assert str(exc) == "r.yaml: no such file; check the path (bundled rubrics are in /rubrics)"
    assert exc.key == "error_rubric_no_such_file"
    assert exc.values == {"path": "r.yaml", "folder": "/rubrics"}
    told = exc.in_language("fr")
    assert told == (
        "r.yaml : fichier introuvable ; vérifiez le chemin (les grilles fournies sont dans /rubrics)"
    )
    assert exc.in_language("en") == str(exc)
    assert exc.in_language("es") == str(exc)  # no translation: English


def test_numbers_are_written_as_the_language_writes_them(french):
    exc = WorkshopBusyError.keyed("error_workshop_busy", path="w.sqlite", seconds=1234.0)
    assert str(exc).startswith("w.sqlite: the workshop database stayed busy for 1234 s;")
    assert "occupée 1\u202f234 s" in exc.in_language("fr")


def test_a_broken_translation_falls_back_to_the_english():
    import assessment

    set_catalogue_provider(lambda lang: (FRENCH, "draft"))
    try:
        exc = UsageError.keyed("error_round_number", number=0)
        assert exc.in_language("fr") == str(exc) == "round 0: rounds are numbered from 1"
    finally:
        set_catalogue_provider(assessment._read_catalogue)


def test_an_error_without_a_key_says_its_message_in_every_language(french):
    exc = UsageError("plain words")
    assert exc.key is None and exc.values == {}
    assert exc.in_language("fr") == "plain words"


def test_a_conflict_is_keyed_too(french):
    exc = ConflictError(Path("a.json"), dt.datetime(2026, 5, 4, 13, 2, 1))
    assert str(exc) == (
        "a.json was changed elsewhere at 13:02:01 since it was opened; reload it, or save your "
        "version under another name"
    )
    assert exc.key == "error_conflict" and exc.modified.hour == 13 and exc.path.name == "a.json"
    assert exc.in_language("fr") == "a.json a été modifié ailleurs à 13:02:01 depuis son ouverture"


def test_an_error_inside_an_error_is_told_in_the_same_language(french):
    inner = RenderError.keyed("error_pdf_failed", detail="boom")
    outer = RenderError.keyed("error_report_partly_written", error=inner, format="HTML", path="r.html")  # fmt: skip
    assert str(outer) == "The PDF could not be built: boom\nThe HTML report was written: r.html"
    assert outer.in_language("fr") == (
        "Le PDF n'a pas pu être produit : boom\nLe rapport HTML a été écrit : r.html"
    )


def test_the_key_survives_a_pickle():
    exc = UsageError.keyed("error_no_such_file", path="x.csv")
    again = pickle.loads(pickle.dumps(exc))
    assert str(again) == str(exc) and again.key == exc.key and again.values == exc.values


# -- every message is keyed, and every key is filled ----------------------------------------------


def _calls() -> list[tuple[str, ast.Call]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        rel = path.relative_to(PACKAGE).as_posix()
        found += [(f"{rel}:{node.lineno}", node) for node in ast.walk(tree) if isinstance(node, ast.Call)]  # fmt: skip
    return found


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def test_no_error_for_a_person_is_built_from_plain_text():
    """``raise UsageError(f"...")`` cannot be translated: build it with ``UsageError.keyed``."""
    plain = [
        where
        for where, call in _calls()
        if _name(call.func) in FREE_TEXT and where.rsplit(":", 1)[0] not in NOT_YET
    ]
    assert plain == [], "use .keyed(key, **values) (keys in assessment/text.py): " + ", ".join(plain)  # fmt: skip


def test_every_keyed_call_names_a_key_and_fills_its_placeholders():
    checked = 0
    for where, call in _calls():
        func = call.func
        if not (isinstance(func, ast.Attribute) and func.attr == "keyed"):
            continue
        first = call.args[0] if call.args else None
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue  # a key chosen at run time: its candidates are checked where they are used
        assert first.value in UI_TEXT["en"], f"{where}: no interface text {first.value!r}"
        given = {kw.arg for kw in call.keywords}
        if None in given:
            continue  # **values
        fields = {f for _, f, _, _ in string.Formatter().parse(UI_TEXT["en"][first.value]) if f}
        assert fields == given, (
            f"{where}: {first.value} has {sorted(fields)}, given {sorted(given)}"
        )
        checked += 1
    assert checked > 60


def test_every_error_text_is_used():
    source = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    unused = [
        k
        for k in UI_TEXT["en"]
        if k.startswith("error_")
        and k != "error_title"
        and f'"{k}"' not in source.replace(f'"{k}": ', "")  # fmt: skip
    ]
    assert unused == []


# -- real calls, end to end -------------------------------------------------------------------------


def test_a_missing_rubric_file(tmp_path, french):
    from assessment.storage.rubrics import RUBRICS_DIR, load_rubric

    missing = tmp_path / "nowhere.yaml"
    with pytest.raises(UsageError) as caught:
        load_rubric(missing)
    exc = caught.value
    assert exc.key == "error_rubric_no_such_file"
    assert str(exc) == f"{missing}: no such file; check the path (bundled rubrics are in {RUBRICS_DIR})"  # fmt: skip
    assert exc.in_language("fr").startswith(f"{missing} : fichier introuvable")


def test_an_unknown_report_format(small_rubric, tmp_path, french):
    from assessment.render.output import write_reports
    from assessment.report import build_report
    from assessment.responses import new_assessment

    a = new_assessment(small_rubric, entity="Testland", kind="country", country="XT", date=dt.date(2025, 3, 1))  # fmt: skip
    report = build_report(small_rubric, a, version="test")
    with pytest.raises(UsageError) as caught:
        write_reports(report, tmp_path, ["docx", "odt"])
    assert str(caught.value) == "unknown report format docx, odt: choose from pdf, html"
    assert caught.value.in_language("fr") == (
        "format de rapport inconnu docx, odt : choisissez parmi pdf, html"
    )
    with pytest.raises(UsageError, match="no report format given: choose from pdf, html"):
        write_reports(report, tmp_path, [" "])


def test_a_workshop_file_that_is_not_one(tmp_path):
    from assessment.storage.workshops import WorkshopStore

    with pytest.raises(UsageError) as caught:
        WorkshopStore(tmp_path / "none.sqlite")
    assert caught.value.key == "error_workshop_no_such_file"
    assert "none.sqlite: no such workshop file; create one with `gdi-assess workshop new`" in str(caught.value)  # fmt: skip
    (tmp_path / "text.sqlite").write_text("not a database")
    with pytest.raises(UsageError, match=r"text\.sqlite: not a workshop file \(not an SQLite database\)$"):  # fmt: skip
        WorkshopStore(tmp_path / "text.sqlite")


def test_the_form_shows_its_error_in_the_form_language(small_rubric, tmp_path, french):
    from assessment.jupyter.form import AssessmentForm
    from assessment.responses import new_assessment
    from assessment.storage.assessments import save_assessment
    from assessment.storage.filestore import AssessmentFile

    path = tmp_path / "a.json"
    save_assessment(new_assessment(small_rubric, entity="Testland", kind="country", country="XT", date=dt.date(2025, 3, 1)), path)  # fmt: skip
    with pytest.raises(UsageError) as caught:
        AssessmentForm(small_rubric, AssessmentFile(path), respondent="nobody", lang="fr")
    assert str(caught.value) == "respondent 'nobody' is not in this assessment; known: self"
    assert caught.value.in_language("fr") == (
        "le répondant 'nobody' n'est pas dans cette évaluation ; connus : self"
    )


def test_the_start_panel_says_what_is_missing_in_its_language(tmp_path):
    """The start panel's messages come from the real French catalogue."""
    from assessment.jupyter.start import RecentAssessments, StartPanel
    from assessment.text import ui_text

    panel = StartPanel(folder=tmp_path, recent=RecentAssessments(tmp_path / "r.json"), lang="fr")
    panel.create_button.click()
    french = ui_text("start_need_entity", "fr")
    assert french != ui_text("start_need_entity", "en")
    assert french.replace("'", "&#x27;") in panel.message.value
