"""The crosswalk command: an assessment's scores seen through SDG targets, GDC objectives or WSIS
action lines, printed as a table or written as CSV or XLSX. No chart or report renderer is loaded.
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any

import pandas as pd

from assessment.cli import message_language
from assessment.cli.assess import heading, score_file
from assessment.cli.tables import aligned_row, column_widths, rule
from assessment.frameworks import Framework, FrameworkMapping, framework_table
from assessment.rubric import Rubric
from assessment.scoring import Scores
from assessment.storage.frameworks import (
    load_framework_mapping,
    load_framework_reference,
    table_path,
    write_framework_table,
)
from assessment.storage.rubrics import bundled_rubrics, load_rubric
from assessment.text import catalogue_text, format_number, ui_text

__all__ = ["cmd_crosswalk", "framework_text_table", "mapping_for"]


def _number(value: Any, lang: str, digits: int = 2) -> str:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return "–"
    return "–" if math.isnan(x) else format_number(x, lang, digits)


def _criteria_cell(row: Any, lang: str) -> str:
    """Each criterion with its score, N/A, or – while it is open: ``I.2-network-coverage 3``."""
    na = ui_text("report_na", lang)
    shown = []
    for cid, state, level in zip(row["criteria"], row["states"], row["scores"], strict=True):
        digits = 0 if float(level).is_integer() else 2
        mark = na if state == "not-applicable" else _number(level, lang, digits) if state == "scored" else "–"  # fmt: skip
        shown.append(f"{cid}\u00a0{mark}")  # kept together when the line is wrapped
    return ", ".join(shown)


def framework_text_table(
    table: pd.DataFrame, framework: Framework, lang: str = "en", width: int = 100
) -> str:
    """A :func:`~assessment.frameworks.framework_table` as an aligned plain-text table in ``lang``:
    code, title, mean score and gap, the counts; under each row, its criteria with their scores,
    wrapped at ``width`` columns."""
    import textwrap

    def t(key: str) -> str:
        return ui_text(key, lang)

    head = (f"framework_col_{framework}", "cli_col_title", "framework_col_mean", "report_gap", "framework_col_scored", "report_na", "framework_col_open")  # fmt: skip
    rows = [tuple(t(k) for k in head)]
    below = [""]
    for code, row in table.iterrows():
        rows.append(
            (
                str(code),
                catalogue_text(f"framework/{framework}/{code}", lang) or str(row["title"]),
                _number(row["mean_score"], lang),
                _number(row["mean_gap"], lang),
                _number(row["n_scored"], lang, 0),
                _number(row["n_not_applicable"], lang, 0),
                _number(row["n_open"], lang, 0),
            )
        )
        below.append(_criteria_cell(row, lang))
    widths = column_widths(rows)
    indent = " " * (widths[0] + 2)
    lines = []
    for j, (r, criteria) in enumerate(zip(rows, below, strict=True)):
        lines.append(aligned_row(r, widths, lambda i: i >= 2))
        if j == 0:
            lines.append(rule(widths))
        elif criteria:
            wrap = max(width, len(indent) + 40)
            wrapped = textwrap.wrap(criteria, wrap, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False, break_long_words=False)  # fmt: skip
            lines += [line.replace("\u00a0", " ") for line in wrapped]
    return "\n".join(lines)


def mapping_for(
    rubric: Rubric, scores: Scores, path: str | None, source: str, lang: str
) -> FrameworkMapping:
    """The mapping given with ``--mapping``, else the bundled one of the rubric.

    The bundled mapping follows the current version of a bundled rubric; an assessment made with
    an earlier version is read with that version, and its criteria the mapping does not know are
    named on stderr and left out.
    """
    reference = load_framework_reference()
    if path is not None:
        return load_framework_mapping(rubric, path, reference)
    bundled = bundled_rubrics().get(rubric.id)
    current = load_rubric(bundled) if bundled is not None else rubric
    mapping = load_framework_mapping(current, None, reference)
    left_out = [str(c) for c in scores.criteria.index if str(c) not in mapping.criteria]
    if left_out and current.version != rubric.version:
        note = ui_text(
            "framework_note_left_out",
            lang,
            current=current.version,
            rubric=rubric.id,
            version=rubric.version,
            ids=", ".join(left_out),
            file=source,
        )
        print(note, file=sys.stderr)
    return mapping


def cmd_crosswalk(args: argparse.Namespace) -> int:
    """``gdi-assess crosswalk``: the assessment's criteria grouped by the framework's codes."""
    framework: Framework = args.framework
    lang = message_language(args)
    out = table_path(args.output) if args.output else None  # refused before any work
    # a table printed in the messages' language; a file names criteria as the rubric does
    a, r, s = score_file(args.assessment, args.rubric, "median", None if out else lang)
    mapping = mapping_for(r, s, args.mapping, args.assessment, lang)
    table = framework_table(r, s, mapping, framework)
    name = ui_text(f"framework_name_{framework}", lang)
    if out is not None:
        write_framework_table(table, out, sheet=framework)
        print(ui_text("framework_wrote", lang, path=str(out), name=name, rows=len(table)))
        return 0
    print(heading(a, r, lang))
    print()
    source = mapping.reference[framework].source
    print(ui_text("framework_heading", lang, name=name, source=source))
    print()
    if table.empty:
        print(ui_text("framework_empty", lang, name=name))
        return 0
    print(framework_text_table(table, framework, lang))
    print()
    print(ui_text("framework_legend", lang))
    return 0
