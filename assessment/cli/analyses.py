"""The analysis commands: robustness (does the pillar ranking hold under other weightings?).

Like ``score``, they print text or JSON only: no chart, report renderer or widget is imported.
"""

from __future__ import annotations

import argparse
import json
import math
from typing import Any

from assessment.cli import message_language
from assessment.cli.assess import heading, score_file
from assessment.cli.tables import aligned
from assessment.errors import UsageError
from assessment.robustness import (
    Robustness,
    clear_findings,
    finding_text,
    robustness,
    shown_share,
)
from assessment.scoring import Scores
from assessment.text import format_number, format_share, ui_text

__all__ = ["MAX_DRAWS", "cmd_robustness", "robustness_table"]

#: the most draws one command computes (a million take a few seconds and some 400 MB)
MAX_DRAWS = 1_000_000


def _number(value: Any, lang: str, digits: int = 2) -> str:
    return "–" if value is None or _missing(value) else format_number(float(value), lang, digits)


def _share(value: Any, lang: str) -> str:
    # rounded down, as the sentences are: 100 % only when every draw agrees
    return "–" if _missing(value) else format_share(shown_share(float(value)), lang)


def _missing(value: Any) -> bool:
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def _range(low: Any, high: Any, lang: str) -> str:
    if _missing(low) or _missing(high):
        return "–"
    return f"{_number(low, lang)}–{_number(high, lang)}"


def robustness_table(result: Robustness, lang: str = "en") -> str:
    """Per pillar: score, rank, the shares keeping its rank, weakest and strongest, and the middle
    90 % of its drawn scores; then the overall score. An aligned plain-text table in ``lang``."""

    def t(key: str) -> str:
        return ui_text(key, lang)

    head = ("report_pillar", "cli_col_title", "cli_col_score", "robustness_col_rank", "robustness_col_keeps", "robustness_col_weakest", "robustness_col_strongest", "robustness_col_range")  # fmt: skip
    rows = [tuple(t(k) for k in head)]
    for pid, p in result.pillars.iterrows():
        rank = "–" if _missing(p["rank"]) else format_number(int(p["rank"]), lang, 0)
        rows.append(
            (
                str(pid),
                str(p["short_title"]),
                _number(p["score"], lang),
                rank,
                _share(p["keeps_rank"], lang),
                _share(p["weakest"], lang),
                _share(p["strongest"], lang),
                _range(p["low"], p["high"], lang),
            )  # fmt: skip
        )
    o = result.overall
    rows.append((t("cli_all"), t("report_overall"), _number(o["score"], lang), "", "", "", "", _range(o["low"], o["high"], lang)))  # fmt: skip
    return "\n".join(aligned(rows, lambda i: i >= 2, rules=(0, len(rows) - 2)))


def _sentences(result: Robustness, lang: str) -> list[str]:
    titles = result.pillars["short_title"]
    found = clear_findings(result)  # a pillar tied with another is neither weakest nor strongest
    if not found and result.ranked:
        return [ui_text("robustness_all_tied", lang)]
    return [finding_text(f, str(titles[f.pillar]), lang) for f in found]


def _plain(value: Any) -> Any:
    """A number for JSON (None for a missing one)."""
    if _missing(value):
        return None
    return float(value)


def _json(result: Robustness, scores: Scores, entity: str, rubric: dict[str, str]) -> str:
    pillars = {
        str(pid): {
            "title": str(p["title"]),
            "short_title": str(p["short_title"]),
            "score": _plain(p["score"]),
            "rank": None if _missing(p["rank"]) else int(p["rank"]),
            "keeps_rank": _plain(p["keeps_rank"]),
            "weakest": _plain(p["weakest"]),
            "strongest": _plain(p["strongest"]),
            "low": _plain(p["low"]),
            "high": _plain(p["high"]),
        }
        for pid, p in result.pillars.iterrows()
    }
    findings = {f.end: {"pillar": f.pillar, "share": f.share} for f in clear_findings(result)}
    out = {
        "entity": entity,
        "rubric": rubric,
        "method": scores.method,
        "draws": result.draws,
        "seed": result.seed,
        "concentration": result.concentration,
        "overall": {k: _plain(v) for k, v in result.overall.items()},
        "pillars": pillars,
        "weakest": findings.get("weakest"),
        "strongest": findings.get("strongest"),
        "sentences": _sentences(result, "en"),
    }
    return json.dumps(out, indent=2, ensure_ascii=False)


def cmd_robustness(args: argparse.Namespace) -> int:
    """``gdi-assess robustness``: how often the pillar ranking holds under plausible weightings."""
    if not 1 <= args.draws <= MAX_DRAWS:
        raise UsageError.keyed("robustness_error_draws", draws=args.draws)
    if args.seed < 0:
        raise UsageError.keyed("robustness_error_seed", seed=args.seed)
    # the table in the messages' language; JSON names pillars as the rubric does
    lang = message_language(args) if args.format == "table" else None
    a, r, s = score_file(args.assessment, args.rubric, "median", lang)
    result = robustness(s, draws=args.draws, seed=args.seed)
    if args.format == "json":
        print(_json(result, s, a.entity.name, {"id": r.id, "version": r.version}))
        return 0
    shown = lang or "en"
    print(heading(a, r, shown))
    print()
    draws = format_number(result.draws, shown, 0)
    concentration = format_number(result.concentration, shown)
    print(ui_text("robustness_heading", shown, draws=draws, seed=result.seed, concentration=concentration))  # fmt: skip
    print()
    print(robustness_table(result, shown))
    print()
    if not result.ranked:
        print(ui_text("robustness_no_ranking", shown))
        return 0
    for sentence in _sentences(result, shown):
        print(sentence)
    print()
    print(ui_text("robustness_legend", shown))
    return 0
