"""The translation commands: i18n extract | update | status | check."""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from pathlib import Path

from assessment.cli import cli_messages, message_language, say
from assessment.errors import UsageError
from assessment.i18n import Message, rubric_messages
from assessment.storage.catalogues import (
    UI_DOMAIN,
    catalogue_problems,
    catalogue_status,
    language_status,
    load_terms,
    rubric_catalogue_paths,
    ui_catalogue_paths,
    ui_messages,
    update_catalogue,
    write_template,
)
from assessment.storage.rubrics import bundled_rubrics, load_rubric
from assessment.text import available_languages, base_language, ui_text

__all__ = ["cmd_check", "cmd_extract", "cmd_status", "cmd_update"]


def _catalogues(
    rubrics: Sequence[str] | None,
) -> Iterator[tuple[str, str, Sequence[Message], Path, Path]]:
    """(name, domain, messages, template path, folder of a rubric file or None) for each catalogue:
    the interface and the bundled rubrics, or the rubric files given."""
    if not rubrics:
        yield "interface", UI_DOMAIN, ui_messages() + cli_messages(), ui_catalogue_paths(), Path()
        files = list(bundled_rubrics().values())
    else:
        files = [Path(f) for f in rubrics]
    for f in files:
        r = load_rubric(f)
        yield r.id, r.id, rubric_messages(r), rubric_catalogue_paths(f, r.id), f


def _po(name: str, template: Path, rubric_file: Path, domain: str, lang: str) -> Path:
    if name == "interface":
        return ui_catalogue_paths(lang)
    return rubric_catalogue_paths(rubric_file, domain, lang)


def _languages(given: Sequence[str]) -> list[str]:
    langs = list(given) or [x for x in available_languages() if x != "en"]
    for lang in langs:
        if base_language(lang) == "en":
            raise UsageError(
                "English is the source language: it has no catalogue; give another language, e.g. fr"
            )
    return langs


def cmd_extract(args: argparse.Namespace) -> int:
    for _, domain, messages, template, _ in _catalogues(args.rubric):
        write_template(template, messages, domain=domain)
        say(args, "cli_i18n_wrote", path=str(template), n=len(messages))
    return 0


def cmd_update(args: argparse.Namespace) -> int:
    for lang in _languages(args.languages):
        for name, domain, messages, template, rubric_file in _catalogues(args.rubric):
            path, n = update_catalogue(_po(name, template, rubric_file, domain, lang), messages, lang, domain=domain)  # fmt: skip
            say(args, "cli_i18n_updated", path=str(path), kept=n["kept"], fuzzy=n["fuzzy"], new=n["new"], dropped=n["dropped"])  # fmt: skip
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    lang = message_language(args)
    head = ("language", "catalogue", "translated", "fuzzy", "missing", "status")
    rows = [tuple(ui_text(f"cli_i18n_{k}", lang) for k in head)]
    for lang in _languages(args.languages):
        for name, domain, messages, template, rubric_file in _catalogues(args.rubric):
            st = catalogue_status(_po(name, template, rubric_file, domain, lang), messages)
            rows.append((lang, name, f"{st.percent:.1f} %", str(st.fuzzy), str(st.missing), language_status(lang)))  # fmt: skip
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))).rstrip())  # fmt: skip
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    problems: list[str] = []
    checked = 0
    for lang in _languages(args.languages):
        terms = load_terms(base_language(lang))
        for name, domain, messages, template, rubric_file in _catalogues(args.rubric):
            po = _po(name, template, rubric_file, domain, lang)
            problems += catalogue_problems(po, messages, terms)
            checked += len(messages)
    for line in problems[:200]:
        print(line)
    if len(problems) > 200:
        say(args, "cli_i18n_more", n=len(problems) - 200)
    if problems:
        say(args, "cli_i18n_problems", n=len(problems), checked=checked)
        return 1
    say(args, "cli_i18n_all_checked", checked=checked)
    return 0
