"""The compare command: two or more rounds of one entity's assessment, and what changed.

Like ``score``, it prints text, CSV or JSON only: no chart, report renderer or widget is imported.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from typing import Any

import pandas as pd

from assessment.cli import message_language
from assessment.cli.assess import rubric_for
from assessment.cli.tables import aligned
from assessment.responses import Assessment
from assessment.rounds import Progress, Round, compare_rounds, rank_changes
from assessment.rubric import Rubric
from assessment.scoring import Method, score_assessment
from assessment.storage.assessments import load_assessment, spreadsheet_cell
from assessment.storage.rubrics import resolve_rubric, translated
from assessment.text import format_date, format_number, ui_text

__all__ = ["cmd_compare", "compare_json", "compare_table", "load_rounds"]


def load_rounds(
    paths: Sequence[str], method: Method = "median", rubrics: Sequence[str] = ()
) -> list[Round]:
    """Each assessment file with the rubric version it was made with, scored.

    ``rubrics``: rubric files of one's own (a version each); a round is read with the one of its
    id and version, else with the bundled rubric it names (at its version: an earlier one comes
    from ``rubrics/archive``).
    """
    own = [resolve_rubric(name) for name in rubrics]
    out: list[Round] = []
    for path in paths:
        a = load_assessment(path)
        r = _own_rubric(a, own) or rubric_for(a, None, path)
        out.append((r, a, score_assessment(r, a, method=method, source=path)))
    return out


def _own_rubric(a: Assessment, own: Sequence[Rubric]) -> Rubric | None:
    """The given rubric the assessment was made with: its id and version, else its id (scoring
    then names what differs); None when none has its id."""
    for r in own:
        if (r.id, r.version) == (a.rubric.id, a.rubric.version):
            return r
    return next((r for r in own if r.id == a.rubric.id), None)


def _missing(value: Any) -> bool:
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def _number(value: Any, lang: str, digits: int = 2) -> str:
    return "–" if _missing(value) else format_number(float(value), lang, digits)


def _signed(value: Any, lang: str, digits: int = 2) -> str:
    """A change with its sign: ``+0.30``, ``-0.10``, ``0.00``."""
    if _missing(value):
        return "–"
    v = float(value)
    text = format_number(abs(v), lang, digits)
    if round(v, digits) == 0:
        return text
    return ("+" if v > 0 else "-") + text


def _level(value: Any, lang: str) -> str:
    """A level: whole (``3``) unless respondents' median fell between two (``2.5``)."""
    if _missing(value):
        return "–"
    v = float(value)
    return format_number(v, lang, 0 if v == int(v) else 1)


def _aligned(rows: Sequence[tuple[str, ...]], left: int, rules: Sequence[int]) -> list[str]:
    """``rows`` as aligned lines (the first ``left`` columns to the left, the others to the
    right), with a rule under the rows numbered in ``rules``; wide characters count twice."""
    return aligned(rows, lambda i: i >= left, rules)


def _titles(rubrics: Sequence[Rubric], lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """Pillars' short titles and criteria's titles in ``lang`` where translated (the latest
    version's words win)."""
    pillars: dict[str, str] = {}
    criteria: dict[str, str] = {}
    for r in rubrics:
        shown = translated(r, lang)
        pillars.update({p.id: p.short_title for p in shown.pillars})
        criteria.update({ref.criterion.id: ref.criterion.title for ref in shown.refs})
    return pillars, criteria


def compare_table(
    progress: Progress,
    top: int = 5,
    lang: str = "en",
    rubrics: Sequence[Rubric] = (),
) -> str:
    """The rounds, the pillar scores in each with their change, and the ``top`` criteria that
    raised and lowered the overall score most between the last two rounds, in ``lang``.

    ``rubrics``: the rounds' rubrics, for pillar and criterion titles in ``lang``."""

    def t(key: str, **values: object) -> str:
        return ui_text(key, lang, **values)

    pillar_titles, criterion_titles = _titles(rubrics, lang) if rubrics else ({}, {})
    rounds = progress.rounds
    n = len(rounds)
    kind = t(f"word_{progress.kind}")
    lines = [t("rounds_heading", entity=progress.entity, kind=kind, rubric=progress.rubric)]
    for number, r in rounds.iterrows():
        lines.append(
            "  " + t(
                "rounds_round_line", number=str(number), name=r["name"],
                date=format_date(r["date"], lang), version=r["rubric_version"], source=r["source"],
            )
        )  # fmt: skip
    lines.append("")
    dates = [r["date"].isoformat() for _, r in rounds.iterrows()]
    if n == 2:
        changes = [t("rounds_col_change")]
    else:
        changes = [t("rounds_col_change_first"), t("rounds_col_change_previous")]
    rows: list[tuple[str, ...]] = [(t("report_pillar"), t("cli_col_title"), *dates, *changes)]

    def changed(last: Any) -> list[str]:
        if n == 2:
            return [_signed(last["change_from_previous"], lang)]
        return [_signed(last["change_from_first"], lang), _signed(last["change_from_previous"], lang)]  # fmt: skip

    for pid, frame in progress.pillars.groupby(level="pillar", sort=False):
        frame = frame.droplevel("pillar")
        title = pillar_titles.get(str(pid), str(frame["short_title"].iloc[0]))
        scores = [_number(v, lang) for v in frame["score"]]
        rows.append((str(pid), title, *scores, *changed(frame.iloc[-1])))
    overall = [_number(v, lang) for v in rounds["score"]]
    rows.append((t("cli_all"), t("report_overall"), *overall, *changed(rounds.iloc[-1])))
    lines += _aligned(rows, 2, (0, len(rows) - 2))

    before, after = rounds.iloc[-2], rounds.iloc[-1]
    lines += [
        "",
        t(
            "rounds_moved_heading",
            before=format_date(before["date"], lang),
            after=format_date(after["date"], lang),
            old=_number(before["score"], lang),
            new=_number(after["score"], lang),
            change=_signed(progress.overall_change, lang),
        ),
    ]
    rises, falls = rank_changes(progress, top)
    head = (
        t("rounds_col_criterion"), t("report_pillar"), t("cli_col_title"), t("rounds_col_before"),
        t("rounds_col_after"), t("rounds_col_change"), t("rounds_col_effect"),
    )  # fmt: skip
    for key, none, found in (
        ("rounds_rises", "rounds_no_rises", rises),
        ("rounds_falls", "rounds_no_falls", falls),
    ):
        lines.append(t(key))
        if found.empty:
            lines.append("  " + t(none))
            continue
        table = [head] + [
            (
                str(cid), str(c["pillar"]), criterion_titles.get(str(cid), str(c["title"])),
                _level(c["before"], lang), _level(c["after"], lang),
                _signed(c["change"], lang, 1 if c["change"] != int(c["change"]) else 0),
                _signed(c["contribution"], lang, 3),
            )
            for cid, c in found.iterrows()
        ]  # fmt: skip
        lines += ["  " + line for line in _aligned(table, 3, (0,))]
    lines += ["", t("rounds_effect_rule")]
    if not _missing(progress.remainder) and round(progress.remainder, 3) != 0:
        lines.append(t("rounds_remainder", value=_signed(progress.remainder, lang, 3)))
    for key, ids in (
        ("rounds_not_comparable", progress.not_comparable),
        ("rounds_before_only", progress.scored_before_only),
        ("rounds_after_only", progress.scored_after_only),
    ):
        if ids:
            lines.append(t(key, ids=", ".join(ids)))
    return "\n".join(lines)


def _plain(value: Any) -> Any:
    """A value as JSON writes it: NaN and missing as null, numbers as numbers."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float | int) and not isinstance(value, bool):
        return None if math.isnan(float(value)) else value
    if hasattr(value, "item"):  # a numpy scalar
        return _plain(value.item())
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): _plain(v) for k, v in row.items()} for _, row in frame.iterrows()]


def compare_json(progress: Progress, top: int = 5) -> dict[str, Any]:
    """Everything the comparison found, as plain data for JSON (titles as the rubric has them)."""
    rounds = progress.rounds.reset_index()
    pillars: dict[str, Any] = {}
    for pid, frame in progress.pillars.groupby(level="pillar", sort=False):
        frame = frame.droplevel("pillar")
        pillars[str(pid)] = {
            "title": str(frame["title"].iloc[0]),
            "short_title": str(frame["short_title"].iloc[0]),
            **{
                col: [_plain(v) for v in frame[col]]
                for col in ("score", "change_from_first", "change_from_previous")
            },  # fmt: skip
        }
    criteria: dict[str, Any] = {}
    columns = ("status", "level", "share", "comparable", "change_from_first", "change_from_previous")  # fmt: skip
    for cid, frame in progress.criteria.groupby(level="criterion", sort=False):
        frame = frame.droplevel("criterion")
        first = frame.iloc[-1]
        criteria[str(cid)] = {
            "pillar": first["pillar"],
            "commitment": first["commitment"],
            "title": first["title"],
            **{col: [_plain(v) for v in frame[col]] for col in columns},
        }
    rises, falls = rank_changes(progress, top)
    before, after = progress.rounds.iloc[-2], progress.rounds.iloc[-1]
    return {
        "entity": {"name": progress.entity, "kind": progress.kind},
        "rubric": progress.rubric,
        "rounds": _records(rounds),
        "pillars": pillars,
        "criteria": criteria,
        "changes": {
            "from": before["date"].isoformat(),
            "to": after["date"].isoformat(),
            "overall_change": _plain(progress.overall_change),
            "explained": _plain(float(progress.changes["contribution"].sum())),
            "remainder": _plain(progress.remainder),
            "rises": _records(rises.reset_index()),
            "falls": _records(falls.reset_index()),
            "not_comparable": list(progress.not_comparable),
            "scored_before_only": list(progress.scored_before_only),
            "scored_after_only": list(progress.scored_after_only),
        },
    }


def _csv(progress: Progress) -> str:
    """The pillar table: a row per pillar and one for the overall score, a column per round."""
    dates = [d.isoformat() for d in progress.rounds["date"]]
    wide = progress.pillars["score"].unstack("round")
    wide.columns = dates
    last = progress.pillars.groupby(level="pillar", sort=False).tail(1).droplevel("round")
    table = pd.concat(
        [
            last[["short_title"]],
            wide,
            last[["change_from_first", "change_from_previous"]],
        ],
        axis=1,
    ).reindex(last.index)
    total = progress.rounds.iloc[-1]
    table.loc["overall"] = ["", *progress.rounds["score"], total["change_from_first"], total["change_from_previous"]]  # fmt: skip
    table.index = table.index.map(spreadsheet_cell)
    table.index.name = "pillar"
    table["short_title"] = table["short_title"].map(spreadsheet_cell)
    return table.to_csv(float_format="%.4g")


def cmd_compare(args: argparse.Namespace) -> int:
    given = [args.old, args.new, *args.more]
    loaded = load_rounds(given, args.method, args.rubric or ())
    # in order of date (the comparison puts them so too), so that the latest titles win
    order = sorted(range(len(given)), key=lambda i: loaded[i][1].date)
    paths, rounds = [given[i] for i in order], [loaded[i] for i in order]
    progress = compare_rounds(rounds, paths)
    if args.format == "json":
        out = compare_json(progress, args.top)
        print(json.dumps(out, indent=2, ensure_ascii=False))
    elif args.format == "csv":
        sys.stdout.write(_csv(progress))
    else:
        lang = message_language(args)
        print(compare_table(progress, args.top, lang, [r for r, _a, _s in rounds]))
    return 0
