"""Campaigns on KoboToolbox and ODK Central: the form (``gdi-assess xlsform``) and its exports
(``gdi-assess campaign import``: one assessment per unit assessed)."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from assessment.cli import message_language, say
from assessment.cli.assess import check_extension
from assessment.errors import ProblemsError, UsageError
from assessment.responses import Assessment, without_names
from assessment.storage.rubrics import resolve_rubric, translated
from assessment.text import available_languages, ui_text

__all__ = ["cmd_campaign_import", "cmd_xlsform"]


def _languages(text: str | None, rubric_language: str) -> list[str]:
    """The form's languages: the rubric's own first unless the list starts with another."""
    if not text:
        return [rubric_language]
    asked = [x.strip() for x in text.split(",") if x.strip()]
    known = available_languages()
    wrong = [x for x in asked if x not in known and x != "all"]
    if wrong:
        raise UsageError.keyed("error_xlsform_language", lang=wrong[0], valid=", ".join(known))
    if "all" in asked:
        asked = list(known)
    return list(dict.fromkeys(asked))


def cmd_xlsform(args: argparse.Namespace) -> int:
    """``gdi-assess xlsform RUBRIC -o form.xlsx``: the campaign form for Kobo and ODK Central."""
    from assessment.storage.xlsform import write_xlsform
    from assessment.xlsform import build_xlsform

    out = check_extension(args.output, (".xlsx",), "xlsform")
    rubric = resolve_rubric(args.rubric)
    langs = _languages(args.lang, rubric.language)
    form = build_xlsform(
        rubric, {lg: translated(rubric, lg) for lg in langs}, kind=args.kind,
        core_only=args.core, targets=not args.no_targets, confidence=not args.no_confidence,
    )  # fmt: skip
    write_xlsform(form, out)
    say(args, "xlsform_wrote", path=str(out), questions=len(form.questions), languages=", ".join(langs))  # fmt: skip
    return 0


def _form_of(header: Sequence[str], asked: str) -> str | None:
    """The bundled rubric whose criteria the export's columns are (at least three of them), when
    it is not ``asked``: an export of another rubric's form."""
    from assessment.storage.rubrics import bundled_rubrics

    best, hits = None, 2
    for rid in bundled_rubrics():
        if rid == asked:
            continue
        ids = [ref.criterion.id for ref in resolve_rubric(rid).refs]
        n = sum(
            any(h.endswith(("/" + c, "-" + c, c)) or f"[{c}]" in h for h in header) for c in ids
        )
        if n > hits:
            best, hits = rid, n
    return best


def cmd_campaign_import(args: argparse.Namespace) -> int:
    """``gdi-assess campaign import EXPORT --rubric R --out DIR``: an assessment per unit."""
    from assessment.storage.assessments import dumps_assessment
    from assessment.storage.atomic import write_atomic
    from assessment.storage.survey import load_survey_mapping, read_survey_table
    from assessment.survey import parse_campaign

    lang = message_language(args)
    rubric = resolve_rubric(args.rubric)
    table, _encoding = read_survey_table(args.file, sheet=args.sheet)
    mapping = load_survey_mapping(args.mapping) if args.mapping else None
    try:
        date = dt.date.fromisoformat(args.date) if args.date else None
    except ValueError:
        raise UsageError.keyed("error_bad_date", date=args.date) from None
    try:
        found = parse_campaign(
            table, rubric, kind=args.kind, country=args.country, date=date, round=args.round,
            mapping=mapping, dayfirst=True if args.dayfirst else None,
        )  # fmt: skip
    except ProblemsError as exc:
        if exc.problems and all(
            p.code in ("unknown-criterion", "misspelt-criterion") for p in exc.problems
        ):
            other = _form_of(table.header, rubric.id)
            if other is not None:  # one line, not one per column
                raise UsageError.keyed("error_campaign_other_rubric", file=args.file, rubric=rubric.id, other=other) from None  # fmt: skip
        raise
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError.keyed("error_campaign_out_not_folder", path=str(out))
    from assessment.storage.atomic import portable_stem

    targets = [(out / f"{portable_stem(str(imp.assessment.entity.id))}.json", imp) for imp in found.entities]  # fmt: skip
    existing = [str(p) for p, _ in targets if p.exists()]
    if existing and not args.force:  # nothing is written: one file too many would be lost
        raise UsageError.keyed("error_campaign_exists", n=len(existing), first=existing[0])
    out.mkdir(parents=True, exist_ok=True)

    def kept(a: Assessment) -> Assessment:
        return a if args.keep_names else without_names(a)

    texts = [
        (p, dumps_assessment(kept(imp.assessment))) for p, imp in targets
    ]  # all made, then written
    for path, text in texts:
        write_atomic(path, text)
    people = sum(len(imp.assessment.respondents) for imp in found.entities)
    print(ui_text("campaign_imported", lang, file=args.file, units=len(found.entities), submissions=people, folder=str(out)))  # fmt: skip
    for path, imp in targets:
        a = imp.assessment
        print(ui_text("campaign_unit_line", lang, id=a.entity.id or "", name=a.entity.name, submissions=len(a.respondents), answers=len(a.responses), path=str(path)))  # fmt: skip
    if found.rejected:
        print(ui_text("survey_rejected", lang, n=len(found.rejected), rows=", ".join(map(str, found.rejected))))  # fmt: skip
    return 0
