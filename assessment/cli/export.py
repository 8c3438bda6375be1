"""``gdi-assess export ASSESSMENT -o results.xlsx``: an assessment's results where officials work.

A workbook of four sheets in the report's language: the pillars (score, target, gap, interval,
completeness), the criteria (level, target, gap, interval, confidence, evidence), the action plan
and the raw answers. Numbers are numbers with real formats, headers bold and frozen, text that a
spreadsheet would run as a formula is neutralised. ``-o results.csv`` writes the criteria alone.
Evidence marked confidential stays out unless ``--include-confidential``.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import pandas as pd

from assessment.cli import message_language, say
from assessment.cli.assess import check_extension, rubric_for
from assessment.text import ui_plural, ui_text

__all__ = ["cmd_export", "export_sheets"]

PILLAR_COLUMNS = ("pillar", "title", "score", "percent", "target", "gap", "low", "high", "completeness", "n_criteria", "n_not_applicable")  # fmt: skip
CRITERION_COLUMNS = ("criterion", "title", "pillar", "status", "level", "target", "gap", "low", "high", "confidence", "respondents", "disputed", "evidence")  # fmt: skip
ANSWER_COLUMNS = ("criterion", "respondent", "status", "level", "target", "confidence", "evidence", "notes", "answered_at")  # fmt: skip
KINDS = {
    "score": "level", "target": "level", "gap": "level", "low": "level", "high": "level",
    "level": "level", "percent": "number", "completeness": "share", "n_criteria": "count",
    "n_not_applicable": "count", "respondents": "count",
}  # fmt: skip


def _frame(columns: tuple[str, ...], rows: Sequence[tuple[object, ...]], lang: str) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=[ui_text(f"export_col_{c}", lang) for c in columns])


def _kinds(columns: tuple[str, ...], lang: str) -> dict[str, str]:
    return {ui_text(f"export_col_{c}", lang): KINDS[c] for c in columns if c in KINDS}


def export_sheets(report: object, plan_rows: list[list[object]], lang: str) -> list[tuple[str, pd.DataFrame, dict[str, str]]]:  # fmt: skip
    """(sheet name, table, kinds of columns) of the workbook, from the report model and plan."""
    from assessment.report import Report

    assert isinstance(report, Report)
    yes = ui_text("export_yes", lang)
    pillars = [
        (
            p.id,
            p.title,
            p.score,
            p.percent,
            p.target,
            p.gap,
            p.interval[0],
            p.interval[1],
            p.completeness,
            p.n_criteria,
            p.n_not_applicable,
        )  # fmt: skip
        for p in report.pillars
    ]
    criteria = [
        (
            c.criterion,
            c.title,
            p.id,
            c.status_text or ui_text("export_scored", lang),
            c.current,
            c.target,
            c.gap,
            c.interval[0],
            c.interval[1],
            c.confidence,
            c.n,
            yes if c.disputed else "",
            c.evidence,
        )  # fmt: skip
        for p in report.pillars
        for c in p.criteria
    ]
    answers = [
        (
            r.criterion,
            r.respondent,
            r.status,
            r.level,
            r.target,
            r.confidence,
            r.evidence,
            r.notes,
            r.answered_at,
        )  # fmt: skip
        for r in report.appendix
    ]
    plan = pd.DataFrame(plan_rows[1:], columns=[str(c) for c in plan_rows[0]])
    plan_kinds = {str(plan_rows[0][i]): k for i, k in ((4, "level"), (5, "level"), (6, "level"), (7, "number"), (8, "count"), (16, "date"))}  # fmt: skip
    return [
        (
            ui_text("export_sheet_pillars", lang),
            _frame(PILLAR_COLUMNS, pillars, lang),
            _kinds(PILLAR_COLUMNS, lang),
        ),  # fmt: skip
        (
            ui_text("export_sheet_criteria", lang),
            _frame(CRITERION_COLUMNS, criteria, lang),
            _kinds(CRITERION_COLUMNS, lang),
        ),  # fmt: skip
        (ui_text("export_sheet_plan", lang), plan, plan_kinds),
        (
            ui_text("export_sheet_answers", lang),
            _frame(ANSWER_COLUMNS, answers, lang),
            _kinds(ANSWER_COLUMNS, lang),
        ),  # fmt: skip
    ]


def cmd_export(args: argparse.Namespace) -> int:
    """``gdi-assess export ASSESSMENT -o results.xlsx|.csv``."""
    from assessment.plan import build_plan, plan_sheet_rows
    from assessment.report import build_report
    from assessment.scoring import score_assessment
    from assessment.storage.assessments import load_assessment
    from assessment.storage.tables import Sheet, write_csv, write_workbook

    out = check_extension(args.output, (".xlsx", ".csv"), "export")
    lang = args.lang or message_language(args)
    a = load_assessment(args.assessment)
    r = rubric_for(a, args.rubric, args.assessment, lang)
    scores = score_assessment(r, a, source=args.assessment)
    report = build_report(r, a, scores=scores, lang=lang, include_confidential=args.include_confidential)  # fmt: skip
    shown = a if args.include_confidential else a.without_confidential()
    plan_rows = plan_sheet_rows(build_plan(r, scores, shown), lang)
    sheets = export_sheets(report, plan_rows, lang)
    if out.suffix.lower() == ".csv":
        write_csv(sheets[1][1], out)
    else:
        write_workbook([Sheet(n, t, k) for n, t, k in sheets], out)
    say(args, "export_wrote", path=str(out), criteria=len(sheets[1][1]), answers=len(sheets[3][1]))
    if not args.include_confidential and a.confidential_count:
        print(ui_plural("export_left_out", a.confidential_count, message_language(args)))
    return 0
