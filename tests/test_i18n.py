"""Translation catalogues: complete and checked for the six UN languages, kept current with the
English, and a changed English source marks its translation fuzzy (issue 13)."""

from __future__ import annotations

import shutil

import pytest
from ruamel.yaml import YAML

from assessment import load_assessment, score_assessment
from assessment.cli import cli_messages, main
from assessment.i18n import (
    Message,
    placeholder_problems,
    rubric_messages,
    term_problems,
    translate_rubric,
    translation_problems,
)
from assessment.storage.catalogues import (
    UI_DOMAIN,
    catalogue_problems,
    read_catalogue,
    rubric_catalogue_paths,
    ui_catalogue_paths,
    ui_messages,
    update_catalogue,
    write_template,
)
from assessment.storage.rubrics import RUBRICS_DIR, bundled_rubrics, resolve_rubric
from assessment.text import LANGUAGES, format_number, format_share, plural_index, ui_plural

from .conftest import DATA, ROOT

OTHERS = [lang for lang in LANGUAGES if lang != "en"]


def test_every_language_is_complete_and_checked(capsys):
    """`gdi-assess i18n check`: nothing missing or fuzzy, placeholders and markup kept, key
    terms rendered as the terminology list says, in every catalogue of every language."""
    assert set(LANGUAGES) == {"ar", "en", "es", "fr", "ru", "zh"}
    code = main(["i18n", "check"])
    out = capsys.readouterr().out
    assert code == 0, out[-3000:]
    assert "messages translated and checked" in out


def test_status_says_complete_and_draft(capsys):
    assert main(["i18n", "status"]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()[1:]]
    assert len(rows) == len(OTHERS) * (1 + len(bundled_rubrics()))
    for row in rows:
        assert row[2:4] == ["100.0", "%"] and row[-1] == "draft", row


def test_the_templates_are_current(tmp_path):
    """The committed .pot files are what `i18n extract` writes from the code and the rubrics."""
    write_template(tmp_path / "ui.pot", ui_messages() + cli_messages(), domain=UI_DOMAIN)
    assert (tmp_path / "ui.pot").read_bytes() == ui_catalogue_paths().read_bytes()
    for rid, path in bundled_rubrics().items():
        fresh = tmp_path / f"{rid}.pot"
        write_template(fresh, rubric_messages(resolve_rubric(rid)), domain=rid)
        assert fresh.read_bytes() == rubric_catalogue_paths(path, rid).read_bytes(), rid


def test_a_changed_english_marks_its_translation_fuzzy(tmp_path):
    messages = [Message("a/title", "Digital divide"), Message("a/levels/0", "None at all.")]
    po = tmp_path / "fr" / "x.po"
    update_catalogue(po, messages, "fr", domain="x")
    cat = read_catalogue(po, "fr")
    for m in cat:
        if m.context == "a/title":
            m.string = "Fracture numérique"
        elif m.context == "a/levels/0":
            m.string = "Rien du tout."
    from babel.messages.pofile import write_po

    with po.open("wb") as fh:
        write_po(fh, cat)
    assert catalogue_problems(po, messages) == []
    changed = [Message("a/title", "The digital divide"), messages[1], Message("a/new", "New text")]
    _, counts = update_catalogue(po, changed, "fr", domain="x")
    assert counts == {"kept": 1, "fuzzy": 1, "new": 1, "dropped": 0}
    entry = next(m for m in read_catalogue(po, "fr") if m.context == "a/title")
    assert entry.fuzzy and entry.string == "Fracture numérique"
    assert entry.previous_id == ["Digital divide"]  # the English it was made for
    found = catalogue_problems(po, changed)
    assert any("a/title: fuzzy" in p for p in found) and any("a/new: not translated" in p for p in found)  # fmt: skip
    # a second change keeps the English the translation was made for
    update_catalogue(po, [Message("a/title", "Digital divides"), *changed[1:]], "fr", domain="x")
    entry = next(m for m in read_catalogue(po, "fr") if m.context == "a/title")
    assert entry.previous_id == ["Digital divide"]


@pytest.mark.parametrize(
    ("english", "translation", "expected"),
    [
        ("Hello {entity}", "Bonjour {entity}", []),
        ("Hello {entity}", "Bonjour", ["placeholders: missing {entity}"]),
        (
            "{n} of {total}",
            "{n} sur {totale}",
            ["placeholders: missing {total}; not in the English {totale}"],
        ),  # fmt: skip
        (
            "Score {score:.2f}",
            "Score {score}",
            ["placeholders: missing {score:.2f}; not in the English {score}"],
        ),  # fmt: skip
        ("Kind {kind!r}", "Type {kind!r}", []),
        ("<b>Bold</b> text", "<b>Gras</b> texte", []),
        (
            "<b>Bold</b> text",
            "Gras texte",
            ["markup: the English has tags ['</b>', '<b>'], the translation none"],
        ),  # fmt: skip
    ],
)
def test_a_translation_keeps_placeholders_and_markup(english, translation, expected):
    assert translation_problems("k", english, translation) == expected


def test_chart_labels_stay_short_and_key_terms_are_checked():
    assert translation_problems("pillars/I/short_title", "Digital", "x" * 31)
    terms = {"digital divide": ["fracture numérique"], "stakeholder": ["partie* prenante*"]}
    assert term_problems("Close the digital divide", "Réduire la fracture numérique", terms) == []
    assert term_problems("Close the digital divides", "Réduire l'écart numérique", terms)
    assert term_problems("Ask the stakeholders", "Demander aux parties prenantes", terms) == []
    assert placeholder_problems("{a}", "{a") == [
        "placeholders: missing {a}; not in the English an unbalanced brace"
    ]


def test_a_rubric_in_another_language_is_the_same_rubric():
    """Every text translated, ids and levels untouched, the content hash of the source: scores
    are the same to the last digit in every language."""
    english = resolve_rubric("gdi-digital-inclusion-2025")
    sample = load_assessment(ROOT / "sample_data" / "examplia-2025-baseline.json")
    want = score_assessment(english, sample).overall["score"]
    for lang in OTHERS:
        r = resolve_rubric("gdi-digital-inclusion-2025", lang)
        assert r.language == lang and r.content_hash == english.content_hash
        assert [k.id for k in r.criteria()] == [k.id for k in english.criteria()]
        assert r.pillars[0].title != english.pillars[0].title
        k, e = r.refs[0].criterion, english.refs[0].criterion
        assert all(k.levels[n] != e.levels[n] for n in range(5)), lang
        assert all(len(p.short_title) <= 30 for p in r.pillars)
        assert score_assessment(r, sample).overall["score"] == want


def test_a_custom_rubric_is_translated_the_same_way(tmp_path, capsys):
    """A rubric of one's own: its catalogues sit in i18n/ beside it, made by the same commands."""
    rubric = tmp_path / "mine.yaml"
    shutil.copy(DATA / "rubric-valid-small.yaml", rubric)
    assert main(["i18n", "extract", "--rubric", str(rubric)]) == 0
    assert main(["i18n", "update", "fr", "--rubric", str(rubric)]) == 0
    assert main(["i18n", "check", "fr", "--rubric", str(rubric)]) == 1  # nothing translated yet
    r = resolve_rubric(rubric)
    po = tmp_path / "i18n" / "fr" / f"{r.id}.po"
    cat = read_catalogue(po, "fr")
    for m in cat:
        if m.id:
            m.string = f"«{m.id}»"
    from babel.messages.pofile import write_po

    with po.open("wb") as fh:
        write_po(fh, cat)
    capsys.readouterr()
    assert main(["i18n", "check", "fr", "--rubric", str(rubric)]) == 0, capsys.readouterr().out
    fr = resolve_rubric(rubric, "fr")
    assert fr.refs[0].criterion.title == f"«{r.refs[0].criterion.title}»"
    assert fr.content_hash == r.content_hash


def test_a_language_without_a_catalogue_reads_in_english():
    r = translate_rubric(resolve_rubric("gdi-digital-inclusion-2025"), {}, "pt")
    assert r.language == "en"


@pytest.mark.parametrize(
    ("lang", "n", "form"),
    [
        ("ru", 1, 0),
        ("ru", 3, 1),
        ("ru", 11, 2),
        ("ru", 21, 0),
        ("ar", 0, 0),
        ("ar", 2, 2),
        ("ar", 7, 3),
        ("ar", 11, 4),
        ("ar", 100, 5),
        ("zh", 5, 0),
        ("fr", 0, 0),
        ("fr", 2, 2),
    ],  # fmt: skip
)
def test_plural_rules_follow_each_language(lang, n, form):
    assert plural_index(lang)(n) == form


def test_plural_messages_take_the_languages_form():
    assert ui_plural("answers_count", 1) == "1 answer" and ui_plural("answers_count", 3) == "3 answers"  # fmt: skip
    forms = [ui_plural("answers_count", n, "ru") for n in (1, 3, 5)]
    assert len(set(forms)) == 3 and all(str(n) in f for n, f in zip((1, 3, 5), forms, strict=True))


def test_numbers_follow_the_locale():
    assert format_number(1.5053, "fr", 2) == "1,51"
    assert format_number(1.5053, "en", 2) == "1.51"
    assert format_share(0.41, "fr") == "41\xa0%"
    assert format_number(1.5, "ar-EG", 2) == "١٫٥٠"  # the locale data's Arabic-Indic digits
    assert format_number(1.5, "ar-EG-u-nu-latn", 2) == "1.50"  # Western digits asked for


def test_usual_round_names_are_translated_and_others_kept_as_typed():
    from assessment.text import round_label

    assert round_label("baseline", "fr") == "état de référence"
    assert round_label("Mid term", "es") == round_label("mid-term", "es") == "medio término"
    assert (
        round_label("Follow_up", "zh") == "跟进" and round_label("final", "ru") == "итоговый этап"
    )
    assert round_label("baseline", "en") == "baseline"  # English as typed
    assert round_label("Round 3 (2027)", "ar") == "Round 3 (2027)"  # a name of one's own


def test_thousands_in_messages_are_grouped_as_the_language_groups_them():
    """A problem's count (``{n:,}`` in the English template) is written the locale's way."""
    from assessment.problems import localised, problem

    found = problem("answers-bad-level", source="a.csv", line=2, field="level", value="9", n=12345)
    assert "12,345" in found.message  # English: commas
    assert "12\u202f345" in localised(found, "fr").message  # French: a narrow no-break space
    assert "12.345" in localised(found, "es").message
    assert "12\xa0345" in localised(found, "ru").message


def test_every_language_says_whether_its_translation_is_reviewed():
    data = YAML(typ="safe").load((ROOT / "assessment" / "locale" / "languages.yaml").read_text())
    assert set(data["languages"]) == set(LANGUAGES)
    for lang in OTHERS:
        assert data["languages"][lang]["status"] in {"draft", "reviewed"}
        po = ui_catalogue_paths(lang).read_text(encoding="utf-8")
        assert "DRAFT: not yet reviewed by a native-speaking expert" in po.split("msgid", 1)[0]
        for rid in bundled_rubrics():
            head = (RUBRICS_DIR / "i18n" / lang / f"{rid}.po").read_text(encoding="utf-8")[:600]
            assert "DRAFT" in head


def test_a_seventh_language_is_data_not_code():
    """A language listed in locale/languages.yaml is offered everywhere (choosers, --lang) with its
    own name and direction; nothing in the code names it."""
    import argparse

    import assessment
    from assessment.cli import _language
    from assessment.text import (
        available_languages,
        language_name,
        set_language_table,
        text_direction,
    )

    set_language_table(lambda: {"ug": ("ئۇيغۇرچە", "rtl"), "pt": ("Português", "ltr")})
    try:
        assert available_languages()[-2:] == ("ug", "pt")
        assert language_name("pt") == "Português" and text_direction("ug") == "rtl"
        assert _language("pt-BR") == "pt-BR"
        with pytest.raises(argparse.ArgumentTypeError, match="not one of the toolkit's languages"):
            _language("xx")
    finally:
        set_language_table(assessment._languages)
    assert available_languages() == LANGUAGES  # the six the toolkit ships


def test_problems_are_told_in_the_chosen_language(tmp_path, capsys, monkeypatch):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: gdi-rubric/1\nid: x\n", encoding="utf-8")
    assert main(["--lang", "fr", "validate", str(bad)]) == 1
    err = capsys.readouterr().err.replace("\xa0", " ")
    assert f"{bad}: version: la clé obligatoire « version » est absente" in err
    monkeypatch.setenv("GDI_LANG", "es")  # the environment decides when --lang is not given
    assert main(["validate", str(bad)]) == 1
    assert "version" in capsys.readouterr().err and main(["--lang", "en", "validate", str(bad)]) == 1  # fmt: skip
    assert 'required key "version" is missing' in capsys.readouterr().err


def test_problem_words_are_translated_but_settings_keys_are_not():
    from assessment.problems import localised, problem

    p = problem("criterion-not-for-kind", source="a.csv", line=3, criterion="X.1-y", article="a", kind="country", applies="organisation")  # fmt: skip
    fr = localised(p, "fr")
    assert "pays" in fr.message and " a pays" not in fr.message and "country" not in fr.message
    assert fr.source == "a.csv" and fr.line == 3


def test_a_survey_in_another_language_imports_its_own_words(tmp_path):
    """A form a survey tool showed in French, Arabic or Chinese exports the level names and
    "don't know" in that language: they import as the levels they name."""
    from assessment.storage.survey import read_survey

    rubric = resolve_rubric("gdi-digital-inclusion-2025")
    sheet = tmp_path / "export.csv"
    sheet.write_text(
        "_id,stakeholder_group,I.2-network-coverage,I.2-affordable-access\n"
        "1,Government,2 – En développement,Не начато\n"
        "2,Academia,لا أعرف,领先\n",
        encoding="utf-8",
    )
    a = read_survey(sheet, rubric, entity="Examplia (fictional)", kind="country").assessment
    got = {(r.respondent, r.criterion): (r.status, r.level) for r in a.responses}
    assert got == {
        ("1", "I.2-network-coverage"): ("scored", 2),
        ("1", "I.2-affordable-access"): ("scored", 0),
        ("2", "I.2-network-coverage"): ("dont-know", None),
        ("2", "I.2-affordable-access"): ("scored", 4),
    }


def test_a_damaged_catalogue_is_a_plain_message(tmp_path, capsys):
    rubric = tmp_path / "mine.yaml"
    shutil.copy(DATA / "rubric-valid-small.yaml", rubric)
    r = resolve_rubric(rubric)
    po = tmp_path / "i18n" / "fr" / f"{r.id}.po"
    po.parent.mkdir(parents=True)
    po.write_bytes(b'msgid "x"\nmsgstr "unterminated\n\x00\xff')
    assert main(["i18n", "check", "fr", "--rubric", str(rubric)]) == 1
    assert "not a readable gettext catalogue" in capsys.readouterr().err
    with pytest.raises(Exception, match="not a readable gettext catalogue"):
        resolve_rubric(rubric, "fr")


def test_the_commands_say_what_they_did_in_the_chosen_language(tmp_path, capsys):
    src = tmp_path / "old.json"
    src.write_bytes((DATA / "migration" / "examplia-cooperation-2024-1.0.0.json").read_bytes())
    assert main(["--lang", "ru", "migrate", str(src), "--to", "1.1.0"]) == 0
    lines = capsys.readouterr().out.splitlines()
    # the sub-line with the count (the temporary folder's name may hold digits too)
    carried = next(line for line in lines if "перенесено" in line)
    assert carried.startswith("  ") and not carried.startswith("   ")  # a sub-line, indented
    assert "22" in carried and "carried over" not in carried
    assert main(["migrate", str(src), "--to", "1.1.0", "-o", str(tmp_path / "en.json")]) == 0
    assert "  carried over unchanged: 22 answered criteria" in capsys.readouterr().out


def test_an_indented_line_keeps_its_indent():
    assert translation_problems("k", "  carried over", "перенесено") == [
        "indent: the English starts with 2 spaces; keep them"
    ]
    assert translation_problems("k", "  carried over", "  перенесено") == []


def test_the_head_of_a_list_of_problems_is_in_the_language_too(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: gdi-rubric/1\nid: x\n", encoding="utf-8")
    assert main(["--lang", "ru", "validate", str(bad)]) == 1
    head = capsys.readouterr().err.splitlines()[0]
    assert head.startswith(f"FAIL {bad}: ") and "6" in head and "problems" not in head
    assert main(["validate", str(bad)]) == 1
    assert f"FAIL {bad}: 6 problems in this rubric" in capsys.readouterr().err
