"""The ``gdi-assess`` command line: validate, coverage, score, report, new, responses CSV, schema, demo.

Exit codes: 0 success, 1 a problem with the user's input (one clear message, no traceback),
2 bad usage (argparse), 3 an internal error (a bug: rerun with ``--debug`` and report it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from assessment.errors import GdiError, ProblemsError, UsageError
from assessment.responses import Assessment, new_assessment
from assessment.rubric import KINDS, Rubric
from assessment.scoring import Scores, score_assessment
from assessment.storage.assessments import (
    load_assessment,
    read_responses_csv,
    save_assessment,
    write_responses_csv,
)
from assessment.storage.rubrics import (
    RUBRICS_DIR,
    bundled_rubrics,
    load_rubric,
    resolve_rubric,
    write_rubric_schema,
)

__all__ = ["entry", "main", "pillar_table"]

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "sample_data"


def _fmt(value: float, digits: int = 2) -> str:
    return "–" if pd.isna(value) else f"{value:.{digits}f}"


def pillar_table(scores: Scores) -> str:
    """The pillar scores as an aligned plain-text table, with an overall row."""
    rows = [("Pillar", "Title", "Score 0-4", "%", "Target", "Gap", "Complete", "N/A")]
    for pid, p in scores.pillars.iterrows():
        rows.append(
            (
                str(pid),
                str(p["short_title"]),
                _fmt(p["score"]),
                _fmt(p["percent"], 0),
                _fmt(p["target"]),
                _fmt(p["gap"]),
                "–" if pd.isna(p["completeness"]) else f"{p['completeness']:.0%}",
                str(int(p["n_not_applicable"])),
            )
        )
    o = scores.overall
    rows.append(
        (
            "All",
            "Overall",
            _fmt(o["score"]),
            _fmt(o["percent"], 0),
            _fmt(o["target"]),
            _fmt(o["gap"]),
            "–" if pd.isna(o["completeness"]) else f"{o['completeness']:.0%}",
            str(int(o["n_not_applicable"])),
        )
    )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for j, r in enumerate(rows):
        cells = [
            c.ljust(w) if i < 2 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if j == 0 or j == len(rows) - 2:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _rubric_for(assessment: Assessment, rubric_arg: str | None) -> Rubric:
    if rubric_arg:
        return resolve_rubric(rubric_arg)
    bundled = bundled_rubrics()
    if assessment.rubric.id not in bundled:
        raise UsageError(
            f"the assessment uses rubric {assessment.rubric.id!r}, which is not bundled; "
            "give its file with --rubric PATH"
        )
    return load_rubric(bundled[assessment.rubric.id])


def _score_file(
    path: str, rubric_arg: str | None, method: str = "median"
) -> tuple[Assessment, Rubric, Scores]:
    a = load_assessment(path)
    r = _rubric_for(a, rubric_arg)
    return a, r, score_assessment(r, a, method=method, source=path)  # type: ignore[arg-type]


def _heading(a: Assessment, r: Rubric) -> str:
    label = f"  [{a.label}]" if a.label else ""
    return (
        f"{a.entity.name} ({a.entity.kind}, {a.entity.country}) — {a.round}, {a.date.isoformat()}{label}\n"
        f"Rubric: {r.title} v{r.version}"
    )


# -- commands -------------------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    failed = 0
    for name in args.paths:
        p = Path(name)
        try:
            suffix = p.suffix.lower()
            if suffix in {".yaml", ".yml"}:
                r = load_rubric(p)
                n = len(r.refs)
                print(
                    f"ok  {p}: rubric {r.id} v{r.version}, {len(r.pillars)} pillars, {n} criteria ({sum(k.core for k in r.criteria())} core)"
                )
            elif suffix == ".json":
                a = load_assessment(p)
                rub = _rubric_for(a, args.rubric)
                score_assessment(rub, a, source=str(p))
                print(
                    f"ok  {p}: assessment of {a.entity.name}, {len(a.responses)} responses by {len(a.respondents)} respondent(s)"
                )
            elif suffix == ".csv":
                people, responses = read_responses_csv(p)
                print(f"ok  {p}: {len(responses)} responses by {len(people)} respondent(s)")
            else:
                raise UsageError(
                    f"{p}: cannot tell what this is from its extension; give a .yaml rubric, a .json assessment or a .csv of responses"
                )
        except GdiError as exc:
            failed += 1
            print(f"FAIL {exc}", file=sys.stderr)
    return 1 if failed else 0


def cmd_coverage(args: argparse.Namespace) -> int:
    r = resolve_rubric(args.rubric)
    bare = 0
    print(f"{r.title} v{r.version}: source {r.source.title} ({r.source.year})")
    for pillar in r.pillars:
        print(f"\n{pillar.id}. {pillar.title}")
        for c in pillar.commitments:
            crit = [k.id for k in c.criteria]
            actions = ", ".join(f"{a.id}) {a.text}" for a in c.actions)
            mark = "ok " if crit else "BARE"
            bare += not crit
            print(f"  {mark} {c.id:<6} {len(crit)} criteria: {', '.join(crit) or '—'}")
            if args.verbose:
                print(f"        actions: {actions}")
    n_com = sum(len(p.commitments) for p in r.pillars)
    print(f"\n{n_com} commitments, {len(r.refs)} criteria, {n_com - bare} covered, {bare} bare")
    return 1 if bare else 0


def cmd_score(args: argparse.Namespace) -> int:
    a, r, s = _score_file(args.assessment, args.rubric, args.method)
    if args.format == "csv":
        sys.stdout.write(s.pillars.drop(columns=["title"]).to_csv(float_format="%.4g"))
    elif args.format == "json":
        out = {
            "entity": a.entity.name,
            "rubric": {"id": r.id, "version": r.version},
            "method": s.method,
            "overall": {k: (None if pd.isna(v) else v) for k, v in s.overall.items()},
            "pillars": json.loads(s.pillars.to_json(orient="index")),
        }
        print(json.dumps(out, indent=2, ensure_ascii=False, default=float))
    else:
        print(_heading(a, r))
        print()
        print(pillar_table(s))
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    r = resolve_rubric(args.rubric)
    out = Path(args.output)
    if out.exists() and not args.force:
        raise UsageError(f"{out}: already exists; choose another name or add --force to replace it")
    try:
        date = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    except ValueError:
        raise UsageError(f"--date {args.date!r} is not a date; use YYYY-MM-DD") from None
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
        path = write_responses_csv(a, args.csv)
        print(f"wrote {len(a.responses)} responses to {path}")
        return 0
    a = load_assessment(args.assessment)
    people, responses = read_responses_csv(args.csv)
    updated = a.with_respondents(people)
    for resp in responses:
        updated = updated.with_response(resp)
    rub = _rubric_for(updated, args.rubric)
    score_assessment(rub, updated, source=args.csv)  # refuses unknown criteria before saving
    save_assessment(updated, args.assessment)
    print(f"imported {len(responses)} responses from {args.csv} into {args.assessment}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    path = write_rubric_schema(args.output)
    print(f"wrote {path}")
    return 0


def _write_report(
    path: str | Path,
    rubric_arg: str | None,
    out: str | Path,
    formats: Sequence[str],
    baseline: str | None = None,
    method: str = "median",
) -> dict[str, Path]:
    from assessment import __version__
    from assessment.render.output import write_reports
    from assessment.report import build_report

    a, r, s = _score_file(str(path), rubric_arg, method)
    base = load_assessment(baseline) if baseline else None
    if base is not None and base.rubric.id != a.rubric.id:
        raise UsageError(
            f"{baseline}: uses rubric {base.rubric.id!r}, but {path} uses {a.rubric.id!r}; compare assessments made with the same rubric"
        )
    report = build_report(r, a, scores=s, baseline=base, version=__version__)
    return write_reports(report, out, formats)


def cmd_report(args: argparse.Namespace) -> int:
    formats = [f for f in args.format.split(",") if f.strip()]
    written = _write_report(
        args.assessment, args.rubric, args.out, formats, args.baseline, args.method
    )
    for path in written.values():
        print(f"wrote {path}")
    return 0


def cmd_workshop_new(args: argparse.Namespace) -> int:
    from assessment.storage.workshop import WorkshopStore

    r = resolve_rubric(args.rubric)
    date = dt.date.fromisoformat(args.date) if args.date else None
    store = WorkshopStore.create(
        args.workshop,
        r,
        title=args.title,
        entity=args.entity,
        kind=args.kind,
        country=args.country,
        date=date,
    )
    print(
        f"created {store.path} ({r.id} v{r.version}); start the participants' app with: gdi-assess workshop serve {store.path}"
    )
    return 0


def cmd_workshop_status(args: argparse.Namespace) -> int:
    from assessment.storage.workshop import WorkshopStore

    store = WorkshopStore(args.workshop)
    info = store.info()
    people = store.participants()
    frame = store.frame(round=info.round)
    print(
        f"{info.title}: {info.template.entity.name}, rubric {info.template.rubric.id}, round {info.round}"
    )
    print(f"{len(people)} participant(s), {len(frame)} answer(s) in round {info.round}")
    groups: dict[str, int] = {}
    for p in people:
        groups[p.group or "(no group)"] = groups.get(p.group or "(no group)", 0) + 1
    for g, n in sorted(groups.items()):
        print(f"  {g}: {n}")
    return 0


def cmd_workshop_serve(args: argparse.Namespace) -> int:
    import os
    import secrets
    import subprocess

    from assessment.storage.workshop import WorkshopStore

    path = Path(args.workshop).resolve()
    WorkshopStore(path).close()  # a clear error now rather than in every participant's page
    app = Path(__file__).resolve().parent / "apps" / "participant.ipynb"
    templates = Path(__file__).resolve().parent / "jupyter"
    ip = "0.0.0.0" if args.lan else "127.0.0.1"
    token = secrets.token_urlsafe(12) if args.lan else ""
    env = {
        **os.environ,
        "GDI_WORKSHOP": str(path),
        "JUPYTER_PATH": os.pathsep.join(
            filter(None, [str(templates), os.environ.get("JUPYTER_PATH")])
        ),
    }
    cmd = [
        sys.executable, "-m", "voila", str(app),
        "--no-browser", f"--Voila.ip={ip}", f"--port={args.port}", "--Voila.port_retries=0",
        "--template=gdi", f"--token={token}", "--Voila.tornado_settings={'headers': {'Cache-Control': 'no-store'}}",
        "--VoilaConfiguration.extension_denylist=['jupyterlab-jupytext']",
        "--MappingKernelManager.cull_interval=60", "--MappingKernelManager.cull_idle_timeout=600",
        # a kernel that has already run the page's code waits for the next participant
        "--preheat_kernel=True", "--VoilaKernelManager.kernel_pools_config={'default': {'pool_size': 2}}",
    ]  # fmt: skip
    if args.lan:
        import socket

        host = socket.gethostbyname(socket.gethostname())
        print(f"Participants on this network open: http://{host}:{args.port}/?token={token}")
        print(
            "(anyone with this link can take part; stop the app with Ctrl+C when the workshop ends)"
        )
    else:
        print(
            f"Participants open: http://127.0.0.1:{args.port}/  (this computer only; add --lan to serve the local network)"
        )
    try:
        return subprocess.call(cmd, env=env)
    except KeyboardInterrupt:
        return 0


def cmd_workshop_import(args: argparse.Namespace) -> int:
    from assessment.facilitator import import_into_workshop
    from assessment.storage.survey import read_survey
    from assessment.storage.workshop import WorkshopStore

    store = WorkshopStore(args.workshop)
    info = store.info()
    rubric = resolve_rubric(info.template.rubric.id)
    e = info.template.entity
    imported = read_survey(
        args.file,
        rubric,
        entity=e.name,
        kind=e.kind,
        country=e.country,
        layout=args.layout,
        sheet=args.sheet,
    )
    n = import_into_workshop(store, imported.assessment, round=args.round or info.round)
    people = len(imported.assessment.respondents)
    print(
        f"imported {n} answers from {people} respondents ({imported.layout} layout) into {store.path}, round {args.round or info.round}"
    )
    if imported.ignored_columns:
        print(f"ignored columns (not criteria): {', '.join(imported.ignored_columns)}")
    return 0


def cmd_workshop_export(args: argparse.Namespace) -> int:
    from assessment.facilitator import FacilitatorView

    view = FacilitatorView(args.workshop)
    if args.show_names:
        view.store.set_show_names(True)
        view.refresh()
    path = view.export(args.out)
    print(
        f"wrote {path} (the consolidated assessment: every final answer and the recorded consensus)"
    )
    if args.report:
        for p in view.report(args.report).values():
            print(f"wrote {p}")
    return 0


def cmd_workbook(args: argparse.Namespace) -> int:
    from assessment.render.workbook import write_workbook

    r = resolve_rubric(args.rubric)
    path = write_workbook(r, args.out, kind=args.kind, core_only=args.core)
    print(f"wrote {path}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    samples = Path(args.sample_dir)
    print("Validating the bundled rubrics")
    for _rid, path in bundled_rubrics().items():
        r = load_rubric(path)
        n_com = sum(len(p.commitments) for p in r.pillars)
        print(
            f"  ok  {path.name}: {len(r.pillars)} pillars, {n_com} commitments, {len(r.refs)} criteria, every commitment covered"
        )
    files = sorted(samples.glob("*.json"))
    if not files:
        raise UsageError(f"{samples}: no sample assessments (*.json) found")
    for f in files:
        a, r, s = _score_file(str(f), None)
        print("\n" + "=" * 100)
        print(f"{f.name}")
        print(_heading(a, r))
        print(f"{len(a.responses)} responses by {len(a.respondents)} respondent(s)\n")
        print(pillar_table(s))
    print("\n" + "=" * 100)
    out = Path(args.out)
    print(f"Gap reports (PDF and HTML) in {out}:")
    loaded = {f: load_assessment(f) for f in files}
    for f, a in loaded.items():
        # a follow-up is compared with the latest earlier round of the same entity and rubric
        earlier = [
            (b.date, g)
            for g, b in loaded.items()
            if b.entity.name == a.entity.name and b.rubric.id == a.rubric.id and b.date < a.date
        ]
        baseline = str(max(earlier)[1]) if earlier else None
        for path in _write_report(f, None, out, ("pdf", "html"), baseline).values():
            print(f"  {path}")
    # the fictional sample workshop: survey import, a Delphi round, then its report
    import tempfile

    from assessment.facilitator import FacilitatorView, demo_workshop

    with tempfile.TemporaryDirectory() as tmp:
        view = FacilitatorView(demo_workshop(Path(tmp) / "workshop.sqlite"))
        print(
            f"\nSample workshop: {len(view.people)} participants, round {view.info.round}; its report:"
        )
        for path in view.report(out).values():
            print(f"  {path}")
        view.store.close()
    return 0


# -- parser ---------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gdi-assess",
        description="Assess a country or organisation against the GDI digital inclusion and digital cooperation commitments.",
        epilog=f"Bundled rubrics: {', '.join(bundled_rubrics()) or 'none'} (in {RUBRICS_DIR}).",
    )
    parser.add_argument(
        "--debug", action="store_true", help="show full tracebacks (for reporting bugs)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "validate", help="check rubric (.yaml), assessment (.json) or responses (.csv) files"
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--rubric", help="rubric file for assessments made with a custom rubric")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "coverage", help="list each commitment of a rubric with the criteria that assess it"
    )
    p.add_argument("rubric", metavar="RUBRIC", help="rubric file or bundled rubric id")
    p.add_argument(
        "-v", "--verbose", action="store_true", help="also list each commitment's actions"
    )
    p.set_defaults(func=cmd_coverage)

    p = sub.add_parser("score", help="print the pillar scores of an assessment")
    p.add_argument("assessment", metavar="ASSESSMENT", help="assessment .json file")
    p.add_argument(
        "--rubric", help="rubric file (default: the bundled rubric the assessment names)"
    )
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument(
        "--method",
        choices=["median", "mean"],
        default="median",
        help="how several respondents' levels combine (default: median)",
    )
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("new", help="create an empty assessment file")
    p.add_argument("--rubric", required=True, help="rubric file or bundled rubric id")
    p.add_argument("--entity", required=True, help="name of the country or organisation")
    p.add_argument("--kind", required=True, choices=KINDS)
    p.add_argument("--country", default="ZZ", help="ISO 3166 alpha-2 code (default ZZ: unknown)")
    p.add_argument("--sector", help="sector of an organisation (e.g. local government)")
    p.add_argument("--round", default="baseline", help="baseline, follow-up, … (default baseline)")
    p.add_argument("--date", help="date of the assessment, YYYY-MM-DD (default today)")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser(
        "responses", help="export responses to, or import them from, a long-format CSV"
    )
    p.add_argument("action", choices=["export", "import"])
    p.add_argument("assessment", metavar="ASSESSMENT")
    p.add_argument("csv", metavar="CSV")
    p.add_argument("--rubric", help="rubric file for a custom rubric")
    p.set_defaults(func=cmd_responses)

    p = sub.add_parser("schema", help="write the rubric JSON Schema for editors")
    p.add_argument("-o", "--output", default="rubric.schema.json", metavar="FILE")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("report", help="write the gap report of an assessment as PDF and HTML")
    p.add_argument("assessment", metavar="ASSESSMENT", help="assessment .json file")
    p.add_argument("--format", default="pdf,html", help="pdf, html or pdf,html (default: both)")
    p.add_argument(
        "--out", default="reports", metavar="DIR", help="folder for the reports (default: reports)"
    )
    p.add_argument(
        "--baseline",
        metavar="ASSESSMENT",
        help="an earlier assessment to compare with (same rubric)",
    )
    p.add_argument(
        "--rubric", help="rubric file (default: the bundled rubric the assessment names)"
    )
    p.add_argument(
        "--method",
        choices=["median", "mean"],
        default="median",
        help="how several respondents' levels combine",
    )
    p.set_defaults(func=cmd_report)

    p = sub.add_parser(
        "workbook", help="print a paper scoring workbook (PDF) for rooms without devices"
    )
    p.add_argument("rubric", metavar="RUBRIC", help="rubric file or bundled rubric id")
    p.add_argument("--core", action="store_true", help="the short form: core criteria only")
    p.add_argument(
        "--kind",
        choices=KINDS,
        default="country",
        help="whose questions to print (default country)",
    )
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.set_defaults(func=cmd_workbook)

    p = sub.add_parser(
        "workshop", help="run a workshop: many participants score, the facilitator sees the picture"
    )
    wsub = p.add_subparsers(dest="workshop_command", metavar="ACTION", required=True)
    q = wsub.add_parser("new", help="create a workshop file (SQLite) for one entity and rubric")
    q.add_argument(
        "workshop", metavar="WORKSHOP", help="the workshop file to create, e.g. workshop.sqlite"
    )
    q.add_argument("--rubric", required=True, help="rubric file or bundled rubric id")
    q.add_argument("--title", required=True, help="shown at the top of the participants' page")
    q.add_argument("--entity", required=True, help="the country or organisation assessed")
    q.add_argument("--kind", required=True, choices=KINDS)
    q.add_argument("--country", default="ZZ", help="ISO 3166 alpha-2 code (default ZZ: unknown)")
    q.add_argument("--date", help="date of the workshop, YYYY-MM-DD (default today)")
    q.set_defaults(func=cmd_workshop_new)
    q = wsub.add_parser("serve", help="serve the participants' scoring page (Voila)")
    q.add_argument("workshop", metavar="WORKSHOP")
    q.add_argument("--port", type=int, default=8866)
    q.add_argument(
        "--lan",
        action="store_true",
        help="serve the local network too (prints a link with a token)",
    )
    q.set_defaults(func=cmd_workshop_serve)
    q = wsub.add_parser(
        "import", help="add answers from a survey tool or typed-up workbooks (CSV or XLSX)"
    )
    q.add_argument("workshop", metavar="WORKSHOP")
    q.add_argument(
        "file",
        metavar="FILE",
        help="CSV or XLSX export (KoboToolbox, ODK, LimeSurvey, a spreadsheet)",
    )
    q.add_argument(
        "--layout",
        choices=["auto", "wide", "long"],
        default="auto",
        help="a row per respondent (wide) or per answer (long)",
    )
    q.add_argument("--sheet", help="XLSX sheet name (default: the first)")
    q.add_argument("--round", type=int, help="round to import into (default: the current round)")
    q.set_defaults(func=cmd_workshop_import)
    q = wsub.add_parser(
        "export", help="the consolidated assessment JSON (and, with --report, its gap report)"
    )
    q.add_argument("workshop", metavar="WORKSHOP")
    q.add_argument("--out", required=True, metavar="FILE.json")
    q.add_argument("--report", metavar="DIR", help="also write the PDF and HTML report into DIR")
    q.add_argument(
        "--show-names",
        action="store_true",
        help="keep participants' names in the export (only with their consent)",
    )
    q.set_defaults(func=cmd_workshop_export)
    q = wsub.add_parser("status", help="participants and answers so far")
    q.add_argument("workshop", metavar="WORKSHOP")
    q.set_defaults(func=cmd_workshop_status)

    p = sub.add_parser(
        "demo",
        help="validate the bundled rubrics, score the sample assessments and write their reports",
    )
    p.add_argument("--sample-dir", default=str(SAMPLE_DIR))
    p.add_argument(
        "--out",
        default="reports",
        metavar="DIR",
        help="folder for the sample reports (default: reports)",
    )
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:  # a Windows console may not encode every character
            reconfigure(errors="replace")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except ProblemsError as exc:
        if args.debug:
            raise
        print(str(exc), file=sys.stderr)
        return 1
    except GdiError as exc:
        if args.debug:
            raise
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not the user's fault
        if args.debug:
            raise
        print(
            f"internal error: {type(exc).__name__}: {exc}\nrerun with --debug and report the traceback",
            file=sys.stderr,
        )
        return 3


def entry() -> int:
    """The ``gdi-assess`` console script: :func:`main` in a short-lived process.

    A one-shot command allocates many objects and frees none of them until it exits, so the cyclic
    garbage collector's passes are wasted work (mypy tunes it the same way). Freezing the heap at
    the end also spares the interpreter a last full collection on exit.
    """
    import gc

    gc.set_threshold(100_000, 50, 100)
    try:
        return main()
    finally:
        gc.freeze()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(entry())
