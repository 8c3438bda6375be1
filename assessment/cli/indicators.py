"""The indicators command: record indicator figures from a file, and show the reality check.

``gdi-assess indicators ASSESSMENT VALUES.csv`` reads the figures (a long table, a World Bank or
an ITU download), records them in the assessment (into ASSESSMENT itself, or into ``-o OUT``),
prints what was added, updated and left out, then the reality check. Without VALUES.csv it only
prints the reality check. No chart or report renderer is loaded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
from pathlib import Path
from typing import Any

import pandas as pd

from assessment.cli import message_language
from assessment.cli.assess import check_extension, heading, rubric_for
from assessment.cli.tables import aligned
from assessment.errors import UsageError
from assessment.reality import (
    IGNORED_REASONS,
    IndicatorChange,
    IndicatorMerge,
    find_indicator,
    indicator_label,
    merge_indicator_values,
    missing_indicators,
    reality_check,
    reality_notice,
    reality_rules,
    with_reality_rules,
)
from assessment.responses import Assessment
from assessment.rubric import Rubric
from assessment.scoring import Scores, score_assessment
from assessment.storage.assessments import load_assessment, save_assessment
from assessment.storage.indicator_files import (
    FIRST_YEAR,
    IndicatorFile,
    country_matches,
    load_indicator_series,
    read_indicator_file,
)
from assessment.storage.workshops import is_workshop_file
from assessment.text import format_number, ui_text

__all__ = ["cmd_indicators", "reality_table"]


def _number(value: Any, lang: str) -> str:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return "–"
    return "–" if math.isnan(x) else format_number(x, lang)


def _text(value: Any) -> str:
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) or not str(value) else str(value)  # fmt: skip


def _level(value: Any) -> str:
    return "–" if value is None or pd.isna(value) else str(int(value))


def _short(text: str, most: int = 40) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def _flags(row: Any, lang: str) -> str:
    flags = []
    if row["divergent"]:
        flags.append(ui_text("reality_flag_divergent", lang))
    if row["stale"]:
        flags.append(ui_text("reality_flag_stale", lang))
    if row["note"]:
        flags.append(ui_text(f"reality_note_{row['note'].replace('-', '_')}", lang))
    return ", ".join(flags)


def reality_table(check: pd.DataFrame, lang: str = "en") -> str:
    """The reality check as an aligned plain-text table in ``lang``: a row per figure with the
    level it suggests, the criterion's suggested level, the self-rating and the flags."""
    keys = ("reality_col_criterion", "reality_col_indicator", "reality_col_value", "reality_col_year", "reality_col_level", "reality_col_suggested", "reality_col_self", "reality_col_flags")  # fmt: skip
    rows = [tuple(ui_text(k, lang) for k in keys)]
    for _, r in check.iterrows():
        self_rated = r["self_rated"]
        shown_self = _number(self_rated, lang) if not pd.isna(self_rated) else "–"
        rows.append(
            (
                str(r["criterion"]),
                _short(str(r["code"] or r["indicator"])),
                _number(r["value"], lang),
                str(r["year"]),
                _level(r["suggested"]),
                _level(r["criterion_suggested"]),
                shown_self,
                _flags(r, lang),
            )  # fmt: skip
        )
    return "\n".join(aligned(rows, lambda i: 2 <= i <= 6))


def _print_check(a: Assessment, r: Rubric, s: Scores, source: str, lang: str) -> None:
    check = reality_check(r, a, s)
    divergence, stale = reality_rules(a)
    print(ui_text("reality_check_heading", lang, divergence=str(divergence), stale=str(stale)))
    notice = reality_notice(a)
    if notice:
        print(ui_text(notice, lang))
    if check.empty:
        print(ui_text("reality_none_recorded", lang, assessment=source))
    else:
        print()
        print(reality_table(check, lang))
        print()
        print(ui_text("reality_rule", lang))
    missing = missing_indicators(r, a)
    if not missing.empty:
        print()
        print(ui_text("reality_missing_heading", lang, n=str(len(missing))))
        for _, m in missing.iterrows():
            print(ui_text("reality_missing_line", lang, criterion=m["criterion"], code=m["code"] or m["indicator"], unit=_text(m["unit"]), source=_text(m["source"])))  # fmt: skip


def _label(r: Rubric, criterion: str, key: str) -> str:
    """The indicator's code, or its name where it has none (recorded values name it ``#2``)."""
    ref = r.by_id.get(criterion)
    ind = find_indicator(ref.criterion, key) if ref is not None else None
    return indicator_label(ind) if ind is not None else key


def _change_line(c: IndicatorChange, r: Rubric, lang: str) -> str:
    v = c.value
    line = ui_text("reality_value_line", lang, criterion=c.criterion, code=_label(r, c.criterion, v.code), value=_number(v.value, lang), year=str(v.year), source=v.source)  # fmt: skip
    if c.before is not None:
        line += ui_text("reality_was", lang, value=_number(c.before.value, lang), year=str(c.before.year))  # fmt: skip
    return line


def _print_summary(found: IndicatorFile, merge: IndicatorMerge, r: Rubric, lang: str) -> None:
    layout = ui_text(f"reality_layout_{found.layout}", lang)
    if found.country is not None:
        code, name = found.country
        country = f"{name} ({code})" if name and code and name != code else name or code
        print(ui_text("reality_read_for", lang, file=found.source, layout=layout, n=str(len(found.values)), country=country))  # fmt: skip
    else:
        print(ui_text("reality_read", lang, file=found.source, layout=layout, n=str(len(found.values))))  # fmt: skip
    if found.encoding not in (None, "utf-8"):
        print(ui_text("reality_encoding", lang, encoding=found.encoding))
    for key, changes in (("reality_added", merge.added), ("reality_updated", merge.updated)):
        if changes:
            print(ui_text(key, lang, n=str(len(changes))))
            for c in changes:
                print(_change_line(c, r, lang))
    if merge.unchanged:
        print(ui_text("reality_unchanged", lang, n=str(len(merge.unchanged))))
    if merge.ignored:
        print(ui_text("reality_ignored", lang, n=str(len(merge.ignored))))
        for ig in merge.ignored:
            fields = {k: _number(v, lang) if isinstance(v, float) else str(v) for k, v in ig.fields.items()}  # fmt: skip
            if "kind" in fields:
                fields["kind"] = ui_text(f"word_{fields['kind']}", lang)
            print(ui_text(IGNORED_REASONS[ig.reason], lang, **fields))


def _output(args: argparse.Namespace) -> Path:
    """Where the figures are saved: ``-o OUT`` (which must not hold another file), else the
    assessment itself."""
    src = Path(args.assessment)
    if not args.output:
        return src
    out = check_extension(args.output, (".json",), "assessment")
    if out.exists() and out.resolve() != src.resolve():
        raise UsageError.keyed("reality_error_output_exists", path=str(out), assessment=str(src))
    return out


def _check_year_max(year_max: int | None) -> None:
    last = dt.date.today().year + 1
    if year_max is not None and not FIRST_YEAR <= year_max <= last:
        raise UsageError.keyed("reality_error_year_max", year=year_max, first=FIRST_YEAR, last=last)  # fmt: skip


def _plain(text: str) -> str:
    return " ".join(text.replace(",", " ").split()).casefold()


def _names_of(a: Assessment) -> set[str]:
    """The names the assessment's country goes by: its entity's name and, for a real country, its
    name in English as CLDR writes it (through Babel)."""
    from babel import Locale

    names = {_plain(a.entity.name)}
    official = Locale("en").territories.get(a.entity.country.upper())
    if official:
        names.add(_plain(official))
    return names


def _check_country(a: Assessment, found: IndicatorFile, asked: str | None) -> None:
    """A file of one country that is not the assessment's is refused unless ``--country`` says
    so (where the codes tell; user-assigned codes such as XE cannot be compared)."""
    if asked is not None or found.country is None or a.entity.country == "ZZ":
        return
    code, name = found.country
    if not code:  # a file that names its country without a code: by the name
        if name and _plain(name) not in _names_of(a):
            raise UsageError.keyed("reality_error_other_country", file=found.source, country=name, entity=a.entity.name, entity_country=a.entity.country, code=f'"{name}"')  # fmt: skip
        return
    if country_matches(a.entity.country, code) is False:
        raise UsageError.keyed("reality_error_other_country", file=found.source, country=f"{name} ({code})", entity=a.entity.name, entity_country=a.entity.country, code=code)  # fmt: skip


def _check_rules(args: argparse.Namespace) -> None:
    if args.stale_after is not None and args.stale_after > 50:
        raise UsageError.keyed("reality_error_stale_after", value=args.stale_after)


def _with_rules(a: Assessment, args: argparse.Namespace) -> Assessment:
    """``a`` with the rules ``--divergence`` and ``--stale-after`` give (as it is without them)."""
    if args.divergence is None and args.stale_after is None:
        return a
    return with_reality_rules(a, divergence=args.divergence, stale_after=args.stale_after)


def cmd_indicators(args: argparse.Namespace) -> int:
    """``gdi-assess indicators``: record a file's indicator figures; print the reality check."""
    lang = message_language(args)
    source = args.assessment
    _check_rules(args)
    if is_workshop_file(source):
        return _workshop_indicators(args, lang)
    a = load_assessment(source)
    # the rubric's own words: a file names indicators (and their units) as the rubric writes them
    r = rubric_for(a, args.rubric, source)
    s = score_assessment(r, a, source=source)  # the assessment fits its rubric, or nothing is read
    ruled = _with_rules(a, args)
    if args.values is None:
        if args.output:
            raise UsageError.keyed("reality_error_output_without_values")
        if ruled != a:  # new rules only: saved, then the check by them
            save_assessment(ruled, source)
            print(ui_text("reality_rules_saved", lang, path=source))
        print(heading(ruled, r, lang))
        print()
        _print_check(ruled, r, s, source, lang)
        return 0
    out = _output(args)
    _check_year_max(args.year_max)
    series = load_indicator_series()
    found = read_indicator_file(args.values, layout=args.layout, country=args.country, year_max=args.year_max, series=series)  # fmt: skip
    _check_country(a, found, args.country)
    merge = merge_indicator_values(ruled, r, found.values, totals=series.totals, source=found.source, ignored=found.ignored)  # fmt: skip
    scored = score_assessment(r, merge.assessment, source=str(out))  # checked before it is saved
    _print_summary(found, merge, r, lang)
    if merge.changed or ruled != a or out != Path(source):
        save_assessment(merge.assessment, out)
        n = sum(len(v) for v in merge.assessment.indicators.values())
        print(ui_text("reality_saved", lang, path=str(out), n=str(n)))
    else:
        print(ui_text("reality_nothing_changed", lang, path=str(out)))
    print()
    _print_check(merge.assessment, r, scored, str(out), lang)
    return 0


def _workshop_indicators(args: argparse.Namespace, lang: str) -> int:
    """The same for a workshop: the figures are kept in the workshop file (every participant's
    page shows them), and the reality check holds the room's levels (this round's median, or the
    consensus) against them."""
    from assessment.storage.workshops import WorkshopStore, load_consolidated

    source = args.assessment
    if args.output:
        raise UsageError.keyed("reality_error_output_workshop", workshop=source)
    with WorkshopStore(source) as store:
        loaded = load_consolidated(store)
        r = store.rubric() if args.rubric is None else rubric_for(loaded, args.rubric, source)
        a = _with_rules(loaded, args)
        if a != loaded:
            store.record_reality_rules(a.reality)
            print(ui_text("reality_rules_saved", lang, path=source))
        if args.values is None:
            print(heading(a, r, lang))
            print()
            _print_check(a, r, score_assessment(r, a, source=source), source, lang)
            return 0
        _check_year_max(args.year_max)
        series = load_indicator_series()
        found = read_indicator_file(args.values, layout=args.layout, country=args.country, year_max=args.year_max, series=series)  # fmt: skip
        _check_country(a, found, args.country)
        merge = merge_indicator_values(a, r, found.values, totals=series.totals, source=found.source, ignored=found.ignored)  # fmt: skip
        scored = score_assessment(r, merge.assessment, source=source)
        _print_summary(found, merge, r, lang)
        if merge.changed:
            store.record_figures(merge.assessment.indicators)
            n = sum(len(v) for v in merge.assessment.indicators.values())
            print(ui_text("reality_saved", lang, path=source, n=str(n)))
        else:
            print(ui_text("reality_nothing_changed", lang, path=source))
        print()
        _print_check(merge.assessment, r, scored, source, lang)
    return 0
