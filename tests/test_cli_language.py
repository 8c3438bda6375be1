"""The command line in the chosen language: its help, argparse's own words and errors, the score
table, coverage and the facilitator's tables (issue 13)."""

from __future__ import annotations

import argparse

import pytest

from assessment.cli import ARGPARSE_TEXT, _help_texts, build_parser, cli_messages, main
from assessment.storage.catalogues import ui_messages
from assessment.text import catalogue_text, format_number, ui_text

SAMPLE = "sample_data/examplia-2026-follow-up.json"


def _all_actions(parser: argparse.ArgumentParser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _all_actions(sub)
        else:
            yield parser.prog, action


def test_every_option_and_command_says_what_it_is_for():
    """No option in --help without words after it (the hidden test-only one aside)."""
    bare = [
        f"{prog} {a.option_strings or a.dest}"
        for prog, a in _all_actions(build_parser())
        if not a.help and a.help != argparse.SUPPRESS
    ]
    assert bare == []


def test_every_help_text_is_one_message_of_the_interface_catalogue():
    texts = {text for _, text, _ in _help_texts(build_parser())}
    messages = cli_messages()
    assert {m.source for m in messages} >= texts
    contexts = [m.context for m in messages]
    assert len(contexts) == len(set(contexts))
    assert not set(contexts) & {m.context for m in ui_messages()}
    assert {f"cli/argparse/{k}" for k in ARGPARSE_TEXT} <= set(contexts)


@pytest.mark.parametrize("lang", ["fr", "zh", "ar"])
def test_help_is_in_the_chosen_language(lang, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--lang", lang, "report", "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    usage = catalogue_text("cli/argparse/usage", lang)
    out_help = catalogue_text("cli/report/--out", lang)
    described = catalogue_text("cli/report", lang)
    assert usage and out_help and described  # the catalogue translates them
    assert out.startswith(usage.strip())
    assert " ".join(out_help.split())[:20] in " ".join(out.split())
    assert described.split()[0] in out  # the command's own page says what it does
    assert "folder for the reports" not in out  # not the English


def test_argparse_errors_are_in_the_chosen_language(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--lang", "fr", "report"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    french = catalogue_text("cli/argparse/required", "fr")
    assert french and french.split("%s")[0].strip() in err
    assert "the following arguments are required" not in err


def test_the_messages_language_comes_before_the_command_and_from_the_environment(monkeypatch, capsys):  # fmt: skip
    monkeypatch.setenv("GDI_LANG", "es")
    with pytest.raises(SystemExit):
        main(["validate", "--help"])
    assert catalogue_text("cli/validate", "es").split()[0] in capsys.readouterr().out
    # `report --lang fr` is the report's language: the messages stay English without GDI_LANG
    monkeypatch.delenv("GDI_LANG")
    with pytest.raises(SystemExit):
        main(["report", "--lang", "fr", "--help"])
    assert "folder for the reports" in capsys.readouterr().out


def test_a_bad_language_is_named_in_the_language_of_the_messages(capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "fr", "report", SAMPLE, "--lang", "xx"])
    err = capsys.readouterr().err
    assert ui_text("cli_bad_language", "fr", text="xx", known="ar")[:12] in err


@pytest.mark.parametrize("lang", ["fr", "ru", "zh", "ar"])
def test_the_score_table_is_in_the_chosen_language(lang, capsys):
    assert main(["--lang", lang, "score", SAMPLE]) == 0
    out = capsys.readouterr().out
    head = out.splitlines()[3]
    assert head.split()[0] == ui_text("report_pillar", lang)
    assert ui_text("report_target", lang) in head and ui_text("report_overall", lang) in out
    # pillar I's score 2.40, written as the locale writes it (the hand-checked sample value)
    assert format_number(2.4, lang, 2) in out.splitlines()[5]
    from assessment.storage.rubrics import resolve_rubric

    title = resolve_rubric("gdi-digital-inclusion-2025", lang).pillars[0].short_title
    assert title in out


def test_json_and_csv_scores_stay_in_the_rubric_language(capsys):
    assert main(["--lang", "fr", "score", SAMPLE, "--format", "csv"]) == 0
    assert "Digital infrastructure" in capsys.readouterr().out


def test_coverage_in_chinese_counts_with_its_words(capsys):
    assert main(["--lang", "zh", "coverage", "gdi-digital-cooperation-2024"]) == 0
    out = capsys.readouterr().out
    total = ui_text("cli_coverage_total", "zh", commitments=9, criteria=26, covered=9, bare=0)
    assert out.rstrip().endswith(total)
    assert "criteria" not in out


def test_a_user_error_is_told_in_the_chosen_language(tmp_path, capsys):
    assert main(["--lang", "fr", "report", str(tmp_path / "missing.json")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(ui_text("cli_error", "fr", message="").strip())
    assert "missing.json" in err


def test_the_facilitator_tables_speak_the_view_language(tmp_path):
    from assessment.jupyter.facilitator import FacilitatorView, demo_workshop

    path = demo_workshop(tmp_path / "w.sqlite")
    view = FacilitatorView(path, lang="fr")
    groups = view.groups_table().html
    assert ui_text("report_spread_groups", "fr") in groups
    assert ui_text("workbook_group_government", "fr").rstrip(" :") in groups
    assert ui_text("report_pattern_diverge", "fr") in groups
    assert "," in groups and ">Government<" not in groups
    disputed = view.disagreement_table(3).html
    assert ui_text("report_median", "fr") in disputed and ui_text("fac_yes", "fr") in disputed
    english = FacilitatorView(path).disagreement_table(3).html
    assert ">Median<" in english and ">yes<" in english
    moved = view.movement_table().html
    assert ui_text("fac_col_median_before", "fr") in moved
    arabic = FacilitatorView(path, lang="ar").groups_table().html
    assert "dir='rtl'" in arabic


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", "fr"),
        ("de-DE,de;q=0.9,ar;q=0.8,en;q=0.7", "ar"),
        ("en;q=0.2, zh-Hans-CN;q=0.9", "zh"),
        ("ru;q=0, es;q=0.1", "es"),
        ("de, it", "en"),
        ("", "en"),
        ("fr;q=abc, ru", "ru"),
    ],
)
def test_the_browser_s_languages_choose_the_page_language(header, lang):
    from assessment.text import preferred_language

    assert preferred_language(header) == lang


def test_the_workshop_full_page_speaks_the_browser_s_language():
    from assessment.jupyter.server import full_page

    page = full_page(30, "ar-EG,ar;q=0.9,en;q=0.5")
    assert '<html lang="ar" dir="rtl">' in page
    assert ui_text("ws_full_heading", "ar") in page
    assert ui_text("ws_full_busy", "ar", n=30) in page
    english = full_page(12, "")
    assert "<h1>The workshop is full</h1>" in english and "12 participants" in english
