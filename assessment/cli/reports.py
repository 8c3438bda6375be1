"""The report commands: report, workbook, demo (they draw charts and render PDF and HTML)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assessment.cli import message_language, say
from assessment.cli.assess import check_extension, heading, pillar_table, rubric_for, score_file
from assessment.errors import UsageError
from assessment.responses import Assessment
from assessment.scoring import Method
from assessment.storage.assessments import load_assessment
from assessment.storage.rubrics import bundled_rubrics, load_rubric, resolve_rubric
from assessment.text import ui_plural, ui_text

if TYPE_CHECKING:
    from assessment.rubric import Rubric
    from assessment.storage.workshops import WorkshopStore

__all__ = ["cmd_demo", "cmd_report", "cmd_workbook", "write_report", "write_workshop_report"]


def write_report(
    path: str | Path,
    rubric_arg: str | None,
    out: str | Path,
    formats: Sequence[str],
    baseline: str | Sequence[str] | None = None,
    method: Method = "median",
    include_confidential: bool = False,
    lang: str | None = None,
    peers: str | None = None,
    stem: str | None = None,
) -> dict[str, Path]:
    """Write the report of the assessment ``path`` (compared with ``baseline``, one earlier round
    or several), named ``stem`` (by default :func:`~assessment.render.output.report_stem`)."""
    from assessment import __version__
    from assessment.render.output import write_reports
    from assessment.report import build_report
    from assessment.storage.frameworks import bundled_mapping

    if lang is None:  # the assessment's own language, else English
        lang = load_assessment(path).language or "en"
    a, r, s = score_file(str(path), rubric_arg, method, lang)
    peer_scores = None
    if peers:
        from assessment.storage.rollup import load_peers

        peer_scores = load_peers(peers, r)
    names = [baseline] if isinstance(baseline, str) else list(baseline or ())
    earlier = []
    for name in names:
        b = load_assessment(name)
        _check_baseline(b, a, str(name), str(path))
        # an earlier round may have been made with an earlier version of the rubric
        same = b.rubric.version == r.version
        earlier.append((b, r if same else rubric_for(b, rubric_arg, str(name), lang), str(name)))
    earlier.sort(key=lambda x: x[0].date)
    _check_distinct_dates(earlier)
    base, base_rubric = (earlier[0][0], earlier[0][1]) if earlier else (None, None)
    report = build_report(
        r,
        a,
        scores=s,
        baseline=base,
        baseline_rubric=base_rubric,
        between=[(b, br) for b, br, _n in earlier[1:]],
        version=__version__,
        include_confidential=include_confidential,
        lang=lang,
        frameworks=bundled_mapping(r),
        peers=peer_scores,
    )
    return write_reports(report, out, formats, stem=stem)


def _check_baseline(base: Assessment, a: Assessment, base_name: str, name: str) -> None:
    """A baseline is an earlier round of the same entity on the same rubric."""
    from assessment.rounds import check_same_series

    check_same_series(base, base_name, a, name)
    if base.date >= a.date:
        raise UsageError.keyed(
            "error_baseline_not_earlier",
            baseline=base_name,
            baseline_date=base.date.isoformat(),
            assessment=name,
            date=a.date.isoformat(),
        )


def _check_distinct_dates(earlier: Sequence[tuple[Assessment, Rubric, str]]) -> None:
    """Each earlier round has a date of its own."""
    for (a, _r, first), (b, _s, second) in zip(earlier, earlier[1:], strict=False):
        if a.date == b.date:
            raise UsageError.keyed("rounds_error_same_date", first=first, second=second, date=a.date.isoformat())  # fmt: skip


def cmd_report(args: argparse.Namespace) -> int:
    from assessment.cli.batch import assessment_files, cmd_batch_report

    given = list(args.assessment)
    if len(given) > 1 or Path(given[0]).is_dir():  # many: one process, the cores, a summary
        return cmd_batch_report(args, assessment_files(given))
    path = given[0]
    formats = [f for f in args.format.split(",") if f.strip()]
    written = write_report(
        path, args.rubric, args.out, formats, args.baseline, args.method,
        include_confidential=args.include_confidential, lang=args.lang or args.ui_lang,
        peers=args.peers,
    )  # fmt: skip
    for out in written.values():
        say(args, "cli_wrote", path=str(out))
    if not args.include_confidential:
        hidden = load_assessment(path).confidential_count
        if hidden:
            print(ui_plural("report_left_out", hidden, message_language(args)))
    return 0


def cmd_workbook(args: argparse.Namespace) -> int:
    from assessment.render.workbook import write_workbook

    out = check_extension(args.out, (".pdf",), "workbook")
    lang = args.lang or args.ui_lang or "en"
    r = resolve_rubric(args.rubric, lang)
    path = write_workbook(
        r, out, kind=args.kind, core_only=args.core, answered_by=args.answered_by, lang=lang
    )
    say(args, "cli_wrote", path=str(path))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    samples = Path(args.sample_dir)
    lang = message_language(args)
    print(ui_text("cli_demo_validating", lang))
    for _rid, path in bundled_rubrics().items():
        r = load_rubric(path)
        n_com = sum(len(p.commitments) for p in r.pillars)
        print("  " + ui_text("cli_demo_rubric", lang, file=path.name, pillars=len(r.pillars), commitments=n_com, criteria=len(r.refs)))  # fmt: skip
    files = sorted(samples.glob("*.json"))
    if not files:
        raise UsageError.keyed("error_no_samples", folder=str(samples))
    for f in files:
        a, r, s = score_file(str(f), None, lang=lang)
        print("\n" + "=" * 100)
        print(f"{f.name}")
        print(heading(a, r, lang))
        print(ui_text("cli_demo_responses", lang, responses=len(a.responses), respondents=len(a.respondents)) + "\n")  # fmt: skip
        print(pillar_table(s, lang))
    print("\n" + "=" * 100)
    out = Path(args.out)
    print(ui_text("cli_demo_reports", lang, folder=str(out)))
    # the reports in the language asked for; without one, each in its assessment's own
    report_lang = None if lang == "en" else lang
    loaded = {f: load_assessment(f) for f in files}
    for f, a in loaded.items():
        # a follow-up is compared with the earlier rounds of the same entity and rubric
        earlier = [
            (b.date, g)
            for g, b in loaded.items()
            if b.entity.name == a.entity.name and b.rubric.id == a.rubric.id and b.date < a.date
        ]
        rounds = [str(g) for _d, g in sorted(earlier)]  # every earlier round: "what changed"
        for path in write_report(f, None, out, ("pdf", "html"), rounds, lang=report_lang).values():
            print(f"  {path}")
    # the fictional sample workshop: survey import, a Delphi round, then its report
    import tempfile

    from assessment.storage.workshops import WorkshopStore, demo_workshop

    with (
        tempfile.TemporaryDirectory() as tmp,
        WorkshopStore(demo_workshop(Path(tmp) / "workshop.sqlite")) as store,
    ):
        people, info = store.participants(), store.info()
        print("\n" + ui_text("cli_demo_workshop", lang, people=len(people), round=info.round))
        for path in write_workshop_report(store, out, lang=report_lang).values():
            print(f"  {path}")
    return 0


def write_workshop_report(
    store: WorkshopStore,
    out: str | Path,
    formats: Sequence[str] = ("pdf", "html"),
    *,
    show_names: bool = False,
    lang: str | None = None,
) -> dict[str, Path]:
    """Write the gap report of a workshop's consolidated assessment (with its stakeholder
    section), in ``lang`` (default: the workshop's language, else English)."""
    from assessment import __version__
    from assessment.render.output import write_reports
    from assessment.report import build_report
    from assessment.storage.frameworks import bundled_mapping
    from assessment.storage.rubrics import translated
    from assessment.storage.workshops import load_consolidated

    assessment = load_consolidated(store, show_names=show_names)
    lang = lang or assessment.language or "en"
    rubric = translated(store.rubric(), lang)
    report = build_report(
        rubric, assessment, version=__version__, lang=lang, frameworks=bundled_mapping(rubric)
    )
    return write_reports(report, out, formats)
