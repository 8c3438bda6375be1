"""The workshop commands: new, status, serve, import, export."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from assessment.errors import UsageError
from assessment.storage.rubrics import resolve_rubric

__all__ = [
    "cmd_workshop_export",
    "cmd_workshop_import",
    "cmd_workshop_new",
    "cmd_workshop_serve",
    "cmd_workshop_status",
]


def cmd_workshop_new(args: argparse.Namespace) -> int:
    from assessment.storage.workshops import WorkshopStore

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
    from assessment.storage.workshops import WorkshopStore

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

    from assessment.storage.workshops import WorkshopStore

    path = Path(args.workshop).resolve()
    WorkshopStore(path).close()  # a clear error now rather than in every participant's page
    import importlib.util

    from assessment.storage.bundled import package_dir

    if importlib.util.find_spec("voila") is None:  # the jupyter extra is not installed
        raise UsageError(
            "the participants' page needs Voila, which comes with the jupyter extra: "
            'pip install "gdi-assessment[jupyter]"'
        )
    app = package_dir("assessment.jupyter") / "participant.ipynb"
    templates = package_dir("assessment.jupyter")
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
    from assessment.storage.survey import read_survey
    from assessment.storage.workshops import WorkshopStore, import_into_workshop

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
    from assessment.cli.reports import write_workshop_report
    from assessment.storage.assessments import save_assessment
    from assessment.storage.workshops import WorkshopStore, load_consolidated

    with WorkshopStore(args.workshop) as store:
        if args.show_names:
            store.set_show_names(True)
        path = save_assessment(load_consolidated(store), args.out)
        print(
            f"wrote {path} (the consolidated assessment: every final answer and the recorded consensus)"
        )
        if args.report:
            for p in write_workshop_report(store, args.report).values():
                print(f"wrote {p}")
    return 0
