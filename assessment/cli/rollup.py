"""``gdi-assess rollup INPUT --hierarchy H.csv --out DIR``: a campaign rolled up a hierarchy.

INPUT is a folder (or files) of assessments, each scored by the core, or one long answer table
(Parquet or CSV) rolled up in DuckDB. The figures go to CSV files and one workbook; with
``--baseline`` the same roll-up of an earlier round sits beside it (``progress.csv``).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import pandas as pd

from assessment.cli import message_language
from assessment.errors import UsageError
from assessment.rollup import Hierarchy, Rollup, progress_between
from assessment.rubric import Rubric
from assessment.text import ui_plural, ui_text

__all__ = ["cmd_rollup", "rollup_of", "rollup_sheets"]

FORMATS = ("csv", "xlsx", "html", "pdf")


def _formats(text: str) -> tuple[str, ...]:
    asked = tuple(dict.fromkeys(x.strip().lower() for x in text.split(",") if x.strip()))
    wrong = [x for x in asked if x not in FORMATS]
    if wrong or not asked:
        raise UsageError.keyed("error_rollup_format", format=(wrong or [text])[0], valid=", ".join(FORMATS))  # fmt: skip
    return asked


def rollup_of(
    inputs: list[str], hierarchy: Hierarchy, rubric_name: str | None, *, kind: str | None,
    min_units: int, rank: bool, engine: str,
) -> tuple[Rollup, Rubric]:  # fmt: skip
    """The roll-up of ``inputs`` (assessments, or one answer table) and the rubric it used."""
    from assessment.cli.batch import assessment_files
    from assessment.rollup import roll_up
    from assessment.storage.rollup import folder_units, is_answer_table, table_rollup
    from assessment.storage.rubrics import resolve_rubric, rubric_version

    paths = [Path(x) for x in inputs]
    if len(paths) == 1 and is_answer_table(paths[0]):
        if not rubric_name:
            raise UsageError.keyed("error_rollup_rubric_needed", path=str(paths[0]))
        rubric = resolve_rubric(rubric_name)
        eng = "duckdb" if engine == "auto" else engine
        rollup = table_rollup(paths[0], hierarchy, rubric, kind=kind or "country", min_units=min_units, rank=rank, engine=eng)  # type: ignore[arg-type]  # fmt: skip
        return rollup, rubric
    if any(is_answer_table(p) for p in paths):
        raise UsageError.keyed("error_rollup_one_table", inputs=", ".join(inputs))
    files = assessment_files(inputs)
    if rubric_name:
        rubric = resolve_rubric(rubric_name)
    else:
        from assessment.storage.assessments import load_assessment

        first = load_assessment(files[0])
        rubric = rubric_version(first.rubric.id, first.rubric.version)
    units, found_kind = folder_units(files, rubric)
    rollup = roll_up(units, hierarchy, rubric, kind=kind or found_kind, min_units=min_units, rank=rank, source=str(inputs[0]))  # fmt: skip
    return rollup, rubric


def rollup_sheets(rollup: Rollup, rubric: Rubric, progress: pd.DataFrame | None = None) -> list[tuple[str, pd.DataFrame, dict[str, str]]]:  # fmt: skip
    """(name, table, kinds of columns) for each file or sheet of a roll-up."""
    titles = {p.id: p.title for p in rubric.pillars}
    names = rollup.areas["name"]
    crit_titles = {r.criterion.id: r.criterion.title for r in rubric.refs}
    stats = {"median": "level", "mean": "level", "weighted_mean": "level", "p25": "level", "p75": "level", "min": "level", "max": "level", "n": "count", "completeness": "share"}  # fmt: skip

    areas = rollup.areas.reset_index()
    a_kinds = {"depth": "count", "expected": "count", "answered": "count", "overall_n": "count", "completeness": "share", "rank": "count"}  # fmt: skip
    a_kinds |= {f"overall_{k}": "level" for k in ("median", "mean", "weighted_mean", "p25", "p75", "min", "max")}  # fmt: skip
    pillars = rollup.pillars.copy()
    pillars.insert(1, "area_name", pillars["area"].map(names).to_numpy())
    pillars.insert(3, "pillar_title", pillars["pillar"].map(titles).to_numpy())
    criteria = rollup.criteria.copy()
    criteria.insert(1, "area_name", criteria["area"].map(names).to_numpy())
    criteria.insert(3, "title", criteria["criterion"].map(crit_titles).to_numpy())
    c_kinds = stats | {f"level_{k}": "count" for k in range(5)} | {"not_applicable": "count", "dont_know": "count", "unanswered": "count"}  # fmt: skip
    units = rollup.units.reset_index()
    u_kinds = {p: "level" for p in rollup.pillar_ids} | {"overall": "level", "completeness": "share", "weight": "number", "rank": "count"}  # fmt: skip
    out = [
        ("areas", areas, a_kinds),
        ("pillars", pillars, stats),
        ("criteria", criteria, c_kinds),
        ("units", units, u_kinds),
    ]
    if progress is not None:
        p = progress.copy()
        p.insert(1, "area_name", p["area"].map(names).to_numpy())
        out.append(("progress", p, {"median_before": "level", "median_now": "level", "change": "level", "n_before": "count", "n_now": "count"}))  # fmt: skip
    return out


def _report_files(rollup: Rollup, rubric: Rubric, out: Path, formats: tuple[str, ...], lang: str, progress: pd.DataFrame | None = None) -> list[tuple[Path, bytes | str]]:  # fmt: skip
    """The roll-up report (HTML, PDF) in ``lang``, with the rubric in that language."""
    import datetime as dt

    from assessment.render.rollup import render_rollup_html, render_rollup_pdf, rollup_svgs
    from assessment.rollup_report import build_rollup_report
    from assessment.storage.rubrics import translated

    today = dt.date.today()
    report = build_rollup_report(rollup, translated(rubric, lang), lang=lang, date=today.isoformat(), progress=progress)  # fmt: skip
    svgs = rollup_svgs(report)
    files: list[tuple[Path, bytes | str]] = []
    if "html" in formats:
        files.append((out / "rollup.html", render_rollup_html(report, svgs=svgs)))
    if "pdf" in formats:
        files.append((out / "rollup.pdf", render_rollup_pdf(report, svgs=svgs, date=today)))
    return files


def cmd_rollup(args: argparse.Namespace) -> int:
    """``gdi-assess rollup INPUT --hierarchy H.csv --out DIR``."""
    from assessment.storage.atomic import write_atomic
    from assessment.storage.rollup import load_hierarchy
    from assessment.storage.tables import Sheet, dumps_csv, render_workbook

    lang = message_language(args)
    formats = _formats(args.format)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError.keyed("error_campaign_out_not_folder", path=str(out))
    if args.min_units < 1:
        raise UsageError.keyed("error_rollup_min_units", value=args.min_units)
    started = time.perf_counter()
    hierarchy = load_hierarchy(args.hierarchy)
    opts = {
        "kind": args.kind,
        "min_units": args.min_units,
        "rank": args.rank,
        "engine": args.engine,
    }
    rollup, rubric = rollup_of(args.input, hierarchy, args.rubric, **opts)
    progress = None
    if args.baseline:
        before, _ = rollup_of(args.baseline, hierarchy, args.rubric or None, **opts)
        progress = progress_between(rollup, before)
    sheets = rollup_sheets(rollup, rubric, progress)
    files: list[tuple[Path, bytes | str]] = []  # everything made first, then written
    if "csv" in formats:
        files += [(out / f"{name}.csv", "\ufeff" + dumps_csv(t)) for name, t, _ in sheets]
    if "xlsx" in formats:
        files.append((out / "rollup.xlsx", render_workbook([Sheet(n, t, k) for n, t, k in sheets])))  # fmt: skip
    if args.peer_file:
        from assessment.peers import peer_file_table

        peer_path = Path(args.peer_file)
        if peer_path.suffix.lower() != ".csv":
            raise UsageError.keyed("error_rollup_peer_file", path=str(peer_path))
        table = peer_file_table(rollup, rubric.id, rubric.version, names=args.peer_names, salt=os.urandom(8).hex())  # fmt: skip
        files.append((peer_path, "\ufeff" + dumps_csv(table)))
    if "html" in formats or "pdf" in formats:
        files += _report_files(rollup, rubric, out, formats, args.lang or lang, progress)
    out.mkdir(parents=True, exist_ok=True)
    for path, data in files:
        write_atomic(path, data)
    areas = rollup.areas
    top = areas[areas["parent"] == ""]
    print(ui_text(
        "rollup_done", lang, units=len(rollup.units), areas=len(areas),
        expected=int(top["expected"].sum()), folder=str(out), files=len(files),
        seconds=f"{time.perf_counter() - started:.1f}",
    ))  # fmt: skip
    secondary = int(areas["secondary"].sum())
    hidden = int(areas["suppressed"].sum()) - secondary
    if hidden:
        print(ui_plural("rollup_suppressed", hidden, lang, min=rollup.min_units))
    if secondary:
        print(ui_plural("rollup_secondary", secondary, lang))
    for path, _ in files:
        print(f"  {path}")
    return 0
