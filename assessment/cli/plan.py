"""The plan command: the gaps in an order that respects prerequisites, printed or written as a
sheet to fill in with owners and due dates, and a filled-in sheet saved back into the assessment.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import io
import json
import os
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assessment.cli import message_language, say
from assessment.cli.assess import heading, score_file
from assessment.cli.tables import aligned_row, column_widths, rule
from assessment.errors import ProblemsError, UsageError
from assessment.plan import (
    PLAN_COLUMNS,
    Plan,
    build_plan,
    parse_plan_sheet,
    plan_sheet_rows,
    with_plan,
)
from assessment.problems import problem
from assessment.responses import Assessment
from assessment.rubric import Rubric
from assessment.storage.assessments import save_assessment, spreadsheet_cell, unquote_cell
from assessment.storage.atomic import write_atomic
from assessment.storage.yamlfile import decode_text, read_bounded
from assessment.text import format_date, format_number, level_label, ui_text

__all__ = [
    "PLAN_EXTENSIONS",
    "cmd_plan",
    "dumps_plan_csv",
    "plan_json",
    "plan_table",
    "read_plan_sheet",
    "render_plan_xlsx",
    "write_plan_sheet",
]

#: the files a plan is written to and read from
PLAN_EXTENSIONS: tuple[str, ...] = (".xlsx", ".csv")

#: columns of the sheet -> width in an Excel workbook (characters)
_WIDTHS = {"title": 40, "next_step": 60, "answered_by": 30, "owner": 24, "due": 12, "note": 40}


def _amount(value: float, lang: str) -> str:
    """A level, gap or priority: whole (``3``), else with one or two decimals (``2.5``)."""
    v = float(value)
    decimals = 0 if v.is_integer() else 1 if (v * 10).is_integer() else 2
    return format_number(v, lang, decimals)


def plan_table(plan: Plan, lang: str = "en") -> str:
    """The plan as aligned plain text in ``lang``: the prerequisites to check first, then a row
    per step with its next step, who answers it and its owner and due date underneath."""

    def t(key: str, **values: object) -> str:
        return ui_text(key, lang, **values)

    if not plan.steps:
        return t("plan_nothing")
    lines = [
        t(
            "plan_heading",
            steps=len(plan.steps),
            quick=len(plan.quick_wins),
            structural=len(plan.steps) - len(plan.quick_wins),
            roots=len(plan.root_causes),
        ),
        t("plan_rule"),
    ]
    if plan.to_check:
        lines += ["", t("plan_to_check")]
        for u in plan.to_check:
            status = t(f"plan_status_{u.status.replace('-', '_')}")
            lines.append("  " + t("plan_to_check_line", criterion=u.criterion, title=u.title, status=status, steps=", ".join(u.waiting)))  # fmt: skip
    head = ("step", "criterion", "pillar", "current", "target", "gap", "priority", "kind", "blocks", "waits_for")  # fmt: skip
    rows = [tuple(t(f"plan_col_{k}") for k in head)]
    for s in plan.steps:
        blocks = t("plan_root_cause", n=s.blocks) if s.root_cause else format_number(s.blocks, lang, 0)  # fmt: skip
        rows.append(
            (
                format_number(s.order, lang, 0),
                s.criterion,
                s.pillar,
                _amount(s.current, lang),
                _amount(s.target, lang),
                _amount(s.gap, lang),
                _amount(s.priority, lang),
                t(f"plan_kind_{s.kind.replace('-', '_')}"),
                blocks,
                ", ".join(s.open_prerequisites) or "–",
            )
        )
    left = {1, 2, 7, 8, 9}  # text columns; the numbers go to the right
    widths = column_widths(rows)
    indent = " " * (widths[0] + 2)
    lines.append("")
    for j, r in enumerate(rows):
        lines.append(aligned_row(r, widths, lambda i: i not in left))
        if j == 0:
            lines.append(rule(widths))
            continue
        s = plan.steps[j - 1]
        lines.append(indent + s.title)
        label = level_label(s.next_level, lang)
        lines.append(indent + t("plan_next", level=s.next_level, label=label, step=s.next_step))
        if s.answered_by:
            lines.append(indent + t("plan_answered_by", units=", ".join(s.answered_by)))
        if s.owner or s.due or s.note:
            due = format_date(s.due, lang) if s.due else "–"
            lines.append(indent + t("plan_owner_due", owner=s.owner or "–", due=due))
            if s.note:
                lines.append(indent + s.note)
    lines += ["", t("plan_legend")]
    return "\n".join(lines)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def plan_json(plan: Plan, a: Assessment, r: Rubric) -> dict[str, Any]:
    """The plan as plain JSON data: every field of each step and of each prerequisite to check."""
    steps = []
    for s in plan.steps:
        row = {k: _plain(v) for k, v in dataclasses.asdict(s).items()}
        row["root_cause"] = s.root_cause
        steps.append(row)
    return {
        "entity": a.entity.name,
        "kind": plan.kind,
        "rubric": {"id": r.id, "version": r.version},
        "steps": steps,
        "to_check": [
            {k: _plain(v) for k, v in dataclasses.asdict(u).items()} for u in plan.to_check
        ],
    }


def _sheet_path(path: str | os.PathLike[str], key: str) -> Path:
    """``path`` if it ends in ``.csv`` or ``.xlsx``; else a :class:`UsageError` (``key``)."""
    p = Path(path)
    if p.suffix.lower() in PLAN_EXTENSIONS:
        return p
    valid = ", ".join(PLAN_EXTENSIONS)
    if key == "plan_error_extension":
        example = p.with_suffix(".xlsx").name if p.name else "plan.xlsx"
        raise UsageError.keyed(key, path=str(p), valid=valid, example=example)
    raise UsageError.keyed("plan_error_import_extension", path=str(p), valid=valid)


def _safe(value: object) -> object:
    return spreadsheet_cell(value) if isinstance(value, str) else value


def render_plan_xlsx(plan: Plan, lang: str = "en") -> bytes:
    """The plan as an Excel workbook: one sheet, ``plan``, its header bold and frozen; numbers as
    numbers, the Due date column formatted (and checked by Excel) as a date, and text that a
    spreadsheet would run as a formula starting with ``'``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook has its sheet
    ws.title = "plan"
    rows = plan_sheet_rows(plan, lang)
    ws.append([_safe(v) for v in rows[0]])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    due = PLAN_COLUMNS.index("due") + 1
    wrap = {PLAN_COLUMNS.index(c) + 1 for c in ("title", "next_step", "note")}
    for n, row in enumerate(rows[1:], start=2):
        for col, value in enumerate(row, start=1):
            cell = ws.cell(row=n, column=col, value=_safe(value))
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl would make a formula of text starting with =
            if col in wrap:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row=n, column=due).number_format = "yyyy-mm-dd"
    last = max(len(rows), 2)
    check = DataValidation(type="date", operator="greaterThan", formula1="DATE(1900,1,1)", allow_blank=True)  # fmt: skip
    check.error = ui_text("plan_col_due", lang) + ": YYYY-MM-DD"
    check.showErrorMessage = True
    check.add(f"{get_column_letter(due)}2:{get_column_letter(due)}{last}")
    ws.add_data_validation(check)
    for i, name in enumerate(PLAN_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(name, 12)
    ws.column_dimensions[get_column_letter(PLAN_COLUMNS.index("criterion") + 1)].width = 30
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(spreadsheet_cell(value)) if isinstance(value, str) else str(value)


def dumps_plan_csv(plan: Plan, lang: str = "en") -> str:
    """The plan as CSV text (``\\r\\n`` rows); dates as ``YYYY-MM-DD``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerows([_csv_text(v) for v in row] for row in plan_sheet_rows(plan, lang))
    return buf.getvalue()


def write_plan_sheet(plan: Plan, path: str | os.PathLike[str], lang: str = "en") -> Path:
    """Write the plan as XLSX or CSV (UTF-8 with a BOM, so Excel reads it), as the extension of
    ``path`` says; atomic, so a failed write leaves no broken file."""
    p = _sheet_path(path, "plan_error_extension")
    if p.suffix.lower() == ".xlsx":
        return write_atomic(p, render_plan_xlsx(plan, lang))
    return write_atomic(p, "\ufeff" + dumps_plan_csv(plan, lang))


def _read_bytes(p: Path) -> bytes:
    try:
        return read_bounded(p)
    except FileNotFoundError:
        raise UsageError.keyed("error_no_such_file", path=str(p)) from None
    except OSError as exc:
        raise UsageError.keyed("error_cannot_read", path=str(p), reason=exc.strerror) from None


def _unquoted(value: object) -> object:
    return unquote_cell(value) if isinstance(value, str) else value


def read_plan_sheet(path: str | os.PathLike[str]) -> list[Sequence[object]]:
    """The rows of a plan sheet (CSV or the first sheet of an XLSX), with the ``'`` written
    before formula-like text removed; the size of the file and of the workbook checked first."""
    p = _sheet_path(path, "plan_error_import_extension")
    raw = _read_bytes(p)
    if p.suffix.lower() == ".csv":
        reader = csv.reader(io.StringIO(decode_text(raw, str(p)), newline=""))
        try:
            return [[unquote_cell(c) for c in row] for row in reader]
        except csv.Error as exc:
            line = reader.line_num or 1
            raise ProblemsError([problem("csv-syntax", source=str(p), line=line, detail=exc)]) from None  # fmt: skip
    from openpyxl import load_workbook

    from assessment.storage.survey import _broken, _check_archive, _not_xlsx, _sheet_rows

    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise _not_xlsx(str(p), "it is not a zip archive, as every .xlsx file is; perhaps CSV or text")  # fmt: skip
    _check_archive(p, str(p))
    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except _broken() as exc:
        raise _not_xlsx(str(p), str(exc) or type(exc).__name__) from None
    try:
        if not wb.worksheets:
            raise _not_xlsx(str(p), "it has no worksheet")
        rows = _sheet_rows(wb.worksheets[0], str(p))
    finally:
        wb.close()
    return [[_unquoted(v) for v in row] for row in rows]


def _import(args: argparse.Namespace) -> int:
    from assessment.scoring import score_assessment

    a, r, _s = score_file(args.assessment, args.rubric, args.method)  # it fits its rubric
    sheet = parse_plan_sheet(read_plan_sheet(args.import_file), r, a, source=args.import_file)
    updated = with_plan(a, sheet.entries)
    score_assessment(r, updated, source=args.assessment)  # the plan names criteria of the rubric
    saved = cleared = unchanged = 0
    for cid, entry in sheet.entries.items():
        before = a.plan.get(cid)
        if entry == before:
            unchanged += 1
        elif entry is None:
            cleared += 1
        else:
            saved += 1
    save_assessment(updated, args.assessment)
    say(args, "plan_imported", file=args.import_file, assessment=args.assessment, saved=saved, cleared=cleared, unchanged=unchanged)  # fmt: skip
    if sheet.ignored:
        say(args, "plan_ignored", columns=", ".join(sheet.ignored))
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    """``gdi-assess plan``: print the plan, write it as a sheet (``-o``) or save a filled-in
    sheet into the assessment (``--import``)."""
    if args.import_file:
        return _import(args)
    lang = message_language(args)
    if args.output:
        out = _sheet_path(args.output, "plan_error_extension")
        if out.exists() and not args.force:
            raise UsageError.keyed("plan_error_exists", path=str(out))
        a, r, s = score_file(args.assessment, args.rubric, args.method, lang)
        plan = build_plan(r, s, a)
        write_plan_sheet(plan, out, lang)
        say(args, "plan_wrote", path=str(out), steps=len(plan.steps), assessment=args.assessment)
        return 0
    if args.format == "json":
        a, r, s = score_file(args.assessment, args.rubric, args.method)
        print(json.dumps(plan_json(build_plan(r, s, a), a, r), indent=2, ensure_ascii=False))
        return 0
    a, r, s = score_file(args.assessment, args.rubric, args.method, lang)
    print(heading(a, r, lang))
    print()
    if not (s.criteria["status"] == "scored").any():  # no gap can be known yet
        print(ui_text("plan_nothing_scored", lang))
        return 0
    print(plan_table(build_plan(r, s, a), lang))
    return 0
