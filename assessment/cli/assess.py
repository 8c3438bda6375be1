"""The assessment commands: validate, coverage, score, new, responses, schema.

None of them draws a chart or renders a report, so none imports matplotlib, Jinja2 or Typst.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from assessment.cli import message_language, say
from assessment.cli.tables import aligned, pad, width
from assessment.errors import GdiError, UsageError
from assessment.responses import Assessment, new_assessment
from assessment.rubric import Rubric
from assessment.scoring import Method, Scores, score_assessment
from assessment.storage.assessments import (
    load_assessment,
    read_responses,
    read_responses_csv,
    save_assessment,
    spreadsheet_cell,
    write_responses,
)
from assessment.storage.rubrics import (
    bundled_rubrics,
    load_rubric,
    resolve_rubric,
    rubric_version,
    write_rubric_schema,
)
from assessment.text import ui_plural, ui_text

__all__ = [
    "check_extension",
    "cmd_coverage",
    "cmd_migrate",
    "cmd_new",
    "cmd_responses",
    "cmd_schema",
    "cmd_score",
    "cmd_validate",
    "heading",
    "pillar_table",
    "rubric_for",
    "score_file",
]


#: what a command writes -> the message that names the extension its file needs
_EXTENSION_KEYS = {
    "assessment": "error_extension_assessment",
    "schema": "error_extension_schema",
    "workbook": "error_extension_workbook",
    "xlsform": "error_extension_xlsform",
    "export": "error_extension_export",
}


def check_extension(path: str | Path, extensions: tuple[str, ...], what: str) -> Path:
    """``path`` if its extension is one of ``extensions``; else a :class:`UsageError` naming them.

    ``what`` is the file written: ``assessment``, ``schema`` or ``workbook``. A file is written
    in the format its name says, never CSV text under an ``.xlsx`` name.
    """
    p = Path(path)
    if p.suffix.lower() in extensions:
        return p
    raise UsageError.keyed(
        _EXTENSION_KEYS[what],
        path=str(p),
        valid=", ".join(extensions),
        example=p.with_suffix(extensions[0]).name,
    )


def _fmt(value: float, digits: int = 2, lang: str = "en") -> str:
    from assessment.text import format_number

    return "–" if pd.isna(value) else format_number(float(value), lang, digits)


def pillar_table(scores: Scores, lang: str = "en") -> str:
    """The pillar scores as an aligned plain-text table, with an overall row, in ``lang``."""
    from assessment.text import format_share

    def t(key: str) -> str:
        return ui_text(key, lang)

    def row(pid: str, title: str, p: Any) -> tuple[str, ...]:
        done = "–" if pd.isna(p["completeness"]) else format_share(float(p["completeness"]), lang)
        return (
            pid, title, _fmt(p["score"], 2, lang), _fmt(p["percent"], 0, lang),
            _fmt(p["target"], 2, lang), _fmt(p["gap"], 2, lang), done,
            _fmt(int(p["n_not_applicable"]), 0, lang),
        )  # fmt: skip

    head = ("report_pillar", "cli_col_title", "cli_col_score", "report_percent", "report_target", "report_gap", "report_complete", "report_na")  # fmt: skip
    rows = [tuple(t(k) for k in head)]
    rows += [row(str(pid), str(p["short_title"]), p) for pid, p in scores.pillars.iterrows()]
    rows.append(row(t("cli_all"), t("report_overall"), scores.overall))
    return "\n".join(aligned(rows, lambda i: i >= 2, rules=(0, len(rows) - 2)))


def rubric_for(
    assessment: Assessment, rubric_arg: str | None, source: str = "", lang: str | None = None
) -> Rubric:
    """The rubric given with ``--rubric``, else the bundled rubric the assessment names, at the
    version it was made with (an earlier version is kept in ``rubrics/archive``), in ``lang``
    where it is translated."""
    if rubric_arg:
        return resolve_rubric(rubric_arg, lang)
    bundled = bundled_rubrics()
    if assessment.rubric.id not in bundled:
        raise UsageError.keyed("error_rubric_not_bundled", rubric=assessment.rubric.id)
    current = load_rubric(bundled[assessment.rubric.id], lang)
    made = assessment.rubric.version
    if made == current.version:
        return current
    try:
        earlier = rubric_version(assessment.rubric.id, made, lang)
    except UsageError:
        return current  # scoring then names the mismatch and the command that resolves it
    shown = lang or "en"
    name = source or ui_text("cli_the_assessment", shown)
    note = ui_text(
        "cli_earlier_version", shown, name=name, made=made, rubric=assessment.rubric.id,
        file=source or "ASSESSMENT", version=current.version,
    )  # fmt: skip
    print(note, file=sys.stderr)
    return earlier


def change_words(change: str, lang: str) -> str:
    """A change that :mod:`assessment.migrate` names (``reworded``, ``added``, ``removed``,
    ``replaces A, B``) in ``lang``."""

    if change.startswith("replaces "):
        return ui_text("cli_migrate_replaces", lang, ids=change.removeprefix("replaces "))
    key = {"reworded": "cli_migrate_reworded", "added": "cli_migrate_new", "removed": "cli_migrate_gone"}.get(change)  # fmt: skip
    return ui_text(key, lang) if key else change


def score_file(
    path: str, rubric_arg: str | None, method: Method = "median", lang: str | None = None
) -> tuple[Assessment, Rubric, Scores]:
    """Load an assessment, find its rubric (in ``lang``) and score it."""
    a = load_assessment(path)
    r = rubric_for(a, rubric_arg, path, lang)
    return a, r, score_assessment(r, a, method=method, source=path)


def heading(a: Assessment, r: Rubric, lang: str = "en") -> str:
    """Two lines naming the entity, the round and date, and the rubric."""

    label = f"  [{a.label}]" if a.label else ""
    first = ui_text(
        "cli_heading", lang, entity=a.entity.name, kind=ui_text(f"word_{a.entity.kind}", lang),
        country=a.entity.country, round=a.round, date=a.date.isoformat(),
    )  # fmt: skip
    return first + label + "\n" + ui_text("cli_heading_rubric", lang, title=r.title, version=r.version)  # fmt: skip


def cmd_validate(args: argparse.Namespace) -> int:
    failed = 0
    for name in args.paths:
        p = Path(name)
        try:
            suffix = p.suffix.lower()
            if suffix in {".yaml", ".yml"}:
                r = load_rubric(p)
                n = len(r.refs)
                say(args, "cli_ok_rubric", path=str(p), id=r.id, version=r.version, pillars=len(r.pillars), criteria=n, core=sum(k.core for k in r.criteria()))  # fmt: skip
            elif suffix == ".json":
                a = load_assessment(p)
                rub = rubric_for(a, args.rubric)
                score_assessment(rub, a, source=str(p))
                say(args, "cli_ok_assessment", path=str(p), entity=a.entity.name, responses=len(a.responses), respondents=len(a.respondents))  # fmt: skip
            elif suffix == ".csv":
                people, responses = read_responses_csv(p)
                say(args, "cli_ok_responses", path=str(p), responses=len(responses), respondents=len(people))  # fmt: skip
            else:
                raise UsageError.keyed("error_unknown_extension", path=str(p))
        except GdiError as exc:
            failed += 1
            print(f"FAIL {_shown(exc, args)}", file=sys.stderr)
    return 1 if failed else 0


def _shown(exc: GdiError, args: argparse.Namespace) -> str:
    """An error as the person reads it (a list of problems too), in the messages' language."""
    return exc.in_language(message_language(args))


def cmd_coverage(args: argparse.Namespace) -> int:
    lang = message_language(args)
    r = resolve_rubric(args.rubric, lang)
    bare = 0
    ok, missing = ui_text("cli_coverage_ok", lang), ui_text("cli_coverage_bare", lang)
    mark_width = max(width(ok), width(missing))
    print(ui_text("cli_coverage_head", lang, title=r.title, version=r.version, source=r.source.title, year=str(r.source.year)))  # fmt: skip
    for pillar in r.pillars:
        print(f"\n{pillar.id}. {pillar.title}")
        for c in pillar.commitments:
            crit = [k.id for k in c.criteria]
            actions = ", ".join(f"{a.id}) {a.text}" for a in c.actions)
            bare += not crit
            mark = pad(ok if crit else missing, mark_width, False)
            count = ui_plural("cli_coverage_criteria", len(crit), lang)
            print(f"  {mark} {c.id:<6} {count} {', '.join(crit) or '—'}")
            if args.verbose:
                print("        " + ui_text("cli_coverage_actions", lang, actions=actions))
    n_com = sum(len(p.commitments) for p in r.pillars)
    print()
    print(ui_text("cli_coverage_total", lang, commitments=n_com, criteria=len(r.refs), covered=n_com - bare, bare=bare))  # fmt: skip
    return 1 if bare else 0


def cmd_score(args: argparse.Namespace) -> int:
    # the table in the messages' language; CSV and JSON name pillars as the rubric does
    lang = message_language(args) if args.format == "table" else None
    a, r, s = score_file(args.assessment, args.rubric, args.method, lang)
    if args.format == "csv":
        table = s.pillars.drop(columns=["title"])
        table.index = table.index.map(spreadsheet_cell)
        for col in table.select_dtypes(include=["object", "string"]).columns:  # numbers stay
            table[col] = table[col].map(spreadsheet_cell)
        sys.stdout.write(table.to_csv(float_format="%.4g"))
    elif args.format == "json":
        from assessment.uncertainty import compute_intervals

        sure = compute_intervals(s, a)

        def interval(low: float, high: float) -> list[float] | None:
            return None if pd.isna(low) else [round(float(low), 3), round(float(high), 3)]

        pillars = json.loads(s.pillars.to_json(orient="index"))
        for pid, p in sure.pillars.iterrows():
            pillars[str(pid)]["interval"] = interval(p["low"], p["high"])
        overall = {k: (None if pd.isna(v) else v) for k, v in s.overall.items()}
        overall["interval"] = interval(sure.overall["low"], sure.overall["high"])
        from assessment.equity import equity_scores

        def number(v: float) -> float | None:
            return None if pd.isna(v) else round(float(v), 4)

        equity = {
            str(g): {
                "score": number(e["score"]),
                "overall": number(e["overall"]),
                "deficit": number(e["deficit"]),
                "n_criteria": int(e["n_criteria"]),
                "n_scored": int(e["n_scored"]),
                "criteria": list(e["criteria"]),
            }
            for g, e in equity_scores(r, s).iterrows()
            if e["n_criteria"] > 0
        }
        out = {
            "entity": a.entity.name,
            "rubric": {"id": r.id, "version": r.version},
            "method": s.method,
            "overall": overall,
            "pillars": pillars,
            "equity": equity,
        }
        print(json.dumps(out, indent=2, ensure_ascii=False, default=float))
    else:
        print(heading(a, r, lang or "en"))
        print()
        print(pillar_table(s, lang or "en"))
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    out = check_extension(args.output, (".json",), "assessment")
    r = resolve_rubric(args.rubric)
    if out.exists() and not args.force:
        raise UsageError.keyed("error_exists_use_force", path=str(out))
    try:
        date = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    except ValueError:
        raise UsageError.keyed("error_bad_date", date=args.date) from None
    a = new_assessment(
        r,
        entity=args.entity,
        kind=args.kind,
        country=args.country.upper(),
        date=date,
        round=args.round,
        sector=args.sector,
    )
    save_assessment(a, out)
    asked = len(r.criteria(args.kind))
    print(
        f"created {out}: {args.entity} ({args.kind}) on {r.id} v{r.version}, {asked} criteria to answer"
    )
    return 0


def cmd_responses(args: argparse.Namespace) -> int:
    if args.action == "export":
        a = load_assessment(args.assessment)
        hidden = 0 if args.include_confidential else a.confidential_count
        # CSV or XLSX, as the file name says
        path = write_responses(a, args.csv, include_confidential=args.include_confidential)
        say(args, "cli_exported", n=len(a.responses), path=str(path))
        if hidden:
            print(ui_plural("export_left_out", hidden, message_language(args)))
        return 0
    a = load_assessment(args.assessment)
    people, responses = read_responses(args.csv)
    updated, kept = a.with_imported(people, responses)
    rub = rubric_for(updated, args.rubric)
    score_assessment(rub, updated, source=args.csv)  # refuses unknown criteria before saving
    save_assessment(updated, args.assessment)
    say(args, "cli_imported", n=len(responses), file=args.csv, assessment=args.assessment)
    if kept:
        print(ui_plural("import_kept", kept, message_language(args)))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    path = write_rubric_schema(check_extension(args.output, (".json",), "schema"))
    say(args, "cli_wrote", path=str(path))
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from assessment.migrate import migrate

    a = load_assessment(args.assessment)
    old = resolve_rubric(args.from_rubric) if args.from_rubric else rubric_version(a.rubric.id, a.rubric.version)  # fmt: skip
    new = resolve_rubric(args.rubric) if args.rubric else rubric_version(a.rubric.id, args.to)
    for given, label in ((new, "--rubric"), (old, "--from-rubric")):
        if given.id != a.rubric.id:
            raise UsageError.keyed(
                "error_migrate_other_rubric",
                option=label,
                given=given.id,
                assessment=args.assessment,
                rubric=a.rubric.id,
            )
    if new.version != args.to:
        raise UsageError.keyed(
            "error_migrate_other_version",
            path=args.rubric,
            version=new.version,
            rubric=new.id,
            wanted=args.to,
        )
    if a.rubric.version == new.version and a.rubric.sha256 == new.content_hash:
        say(args, "cli_migrate_nothing", assessment=args.assessment, version=new.version)
        return 0
    score_assessment(old, a, source=args.assessment)  # the assessment really is on the old version
    moved = migrate(a, old, new)
    src = Path(args.assessment)
    out = Path(args.output) if args.output else src.with_name(f"{src.stem}-v{new.version}.json")
    if out.resolve() == src.resolve():
        raise UsageError.keyed("error_migrate_same_file", path=str(out))
    if out.exists():  # an earlier migration, perhaps answered since: never written over
        raise UsageError.keyed("error_migrate_exists", path=str(out))
    save_assessment(moved.assessment, check_extension(str(out), (".json",), "assessment"))
    say(args, "cli_migrate_wrote", path=str(out), id=new.id, old=a.rubric.version, new=new.version)  # fmt: skip
    say(args, "cli_migrate_carried", n=len(moved.carried))
    if moved.reanswer:
        say(args, "cli_migrate_reanswer", n=len(moved.reanswer))
        for cid, why in moved.reanswer:
            print(f"    {cid} ({change_words(why, message_language(args))})")
    if moved.removed:
        say(args, "cli_migrate_removed", ids=", ".join(moved.removed))
    if moved.added:
        say(args, "cli_migrate_added", n=len(moved.added))
    if moved.dropped:
        say(args, "cli_migrate_dropped", ids=", ".join(moved.dropped))
    if moved.left_short_form:
        say(args, "cli_migrate_left_short", n=len(moved.left_short_form), ids=", ".join(moved.left_short_form))  # fmt: skip
    if moved.joined_short_form:
        say(args, "cli_migrate_joined_short", n=len(moved.joined_short_form), ids=", ".join(moved.joined_short_form))  # fmt: skip
    return 0
