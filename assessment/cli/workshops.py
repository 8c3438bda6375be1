"""The workshop commands: new, status, serve, import, export."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sys
from pathlib import Path

from assessment.cli import message_language, say
from assessment.errors import UsageError
from assessment.storage.rubrics import resolve_rubric
from assessment.text import ui_text

__all__ = [
    "cmd_workshop_backup",
    "cmd_workshop_export",
    "cmd_workshop_import",
    "cmd_workshop_new",
    "cmd_workshop_serve",
    "cmd_workshop_status",
]


def cmd_workshop_new(args: argparse.Namespace) -> int:
    from assessment.storage.workshops import WorkshopStore

    r = resolve_rubric(args.rubric)
    try:
        date = dt.date.fromisoformat(args.date) if args.date else None
    except ValueError:
        raise UsageError.keyed("error_bad_date", date=args.date) from None
    with WorkshopStore.create(
        args.workshop,
        r,
        title=args.title,
        entity=args.entity,
        kind=args.kind,
        country=args.country,
        date=date,
    ) as store:
        say(args, "cli_ws_created", path=str(store.path), id=r.id, version=r.version)
    return 0


def cmd_workshop_status(args: argparse.Namespace) -> int:
    from assessment.storage.workshops import WorkshopStore

    with WorkshopStore(args.workshop) as store:
        info = store.info()
        people = store.participants()
        frame = store.frame(round=info.round)
    say(args, "cli_ws_status", title=info.title, entity=info.template.entity.name, rubric=info.template.rubric.id, round=info.round)  # fmt: skip
    say(args, "cli_ws_counts", people=len(people), answers=len(frame), round=info.round)
    groups: dict[str, int] = {}
    none = ui_text("cli_ws_no_group", message_language(args))
    for p in people:
        groups[p.group or none] = groups.get(p.group or none, 0) + 1
    for g, n in sorted(groups.items()):
        print(f"  {g}: {n}")
    return 0


def cmd_workshop_serve(args: argparse.Namespace) -> int:
    import os
    import secrets

    from assessment.storage.workshops import WorkshopStore

    path = Path(args.workshop).resolve()
    WorkshopStore(path).close()  # a clear error now rather than in every participant's page
    import importlib.util

    from assessment.storage.bundled import package_dir

    if importlib.util.find_spec("voila") is None:  # the jupyter extra is not installed
        raise UsageError.keyed("error_voila_missing")
    app = package_dir("assessment.jupyter") / "participant.ipynb"
    templates = package_dir("assessment.jupyter")
    ip = "0.0.0.0" if args.lan else "127.0.0.1"
    _check_port_free(ip, args.port)
    token = secrets.token_urlsafe(12) if args.lan else ""
    # This computer only: refuse any Host that is not this machine, so a web page elsewhere cannot
    # reach the app through a name that resolves to 127.0.0.1 (DNS rebinding). On the network the
    # token guards it. Participants never see tracebacks or server paths.
    tornado = {"headers": {"Cache-Control": "no-store"}, "allow_remote_access": bool(args.lan)}
    if not args.lan:
        tornado["local_hostnames"] = ["localhost"]
    env = {
        **os.environ,
        "GDI_WORKSHOP": str(path),
        "JUPYTER_PATH": os.pathsep.join(
            filter(None, [str(templates), os.environ.get("JUPYTER_PATH")])
        ),
    }
    cmd = [
        sys.executable, "-m", "assessment.jupyter.server", str(app),
        "--no-browser", f"--Voila.ip={ip}", f"--port={args.port}", "--Voila.port_retries=0",
        "--template=gdi", f"--token={token}", f"--Voila.tornado_settings={tornado!r}",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.extension_denylist=['jupyterlab-jupytext']",
        # participants' kernels: capped, given back when a page never connects (about a minute)
        # or when its tab closes, and after 10 idle minutes once its page has gone away
        "--VoilaConfiguration.multi_kernel_manager_class=assessment.jupyter.server.WorkshopKernelManager",
        f"--WorkshopKernelManager.max_participants={args.max_participants}",
        f"--WorkshopKernelManager.connect_timeout={args.page_timeout}",
        f"--MappingKernelManager.cull_interval={max(1, min(15, int(args.page_timeout // 4)))}",
        "--MappingKernelManager.cull_idle_timeout=600",
        # a kernel that has already run the page's code waits for the next participant
        "--preheat_kernel=True", "--VoilaKernelManager.kernel_pools_config={'default': {'pool_size': 2}}",
    ]  # fmt: skip
    if args.lan:
        host = _lan_address()
        print(f"Participants on this network open: http://{host}:{args.port}/?token={token}")
        print(
            "(anyone with this link can take part; stop the app with Ctrl+C when the workshop ends)"
        )
    else:
        print(
            f"Participants open: http://127.0.0.1:{args.port}/  (this computer only; add --lan to serve the local network)"
        )
    return _run_until_stopped(cmd, env)


def _run_until_stopped(cmd: list[str], env: dict[str, str]) -> int:
    """Run the server; Ctrl+C or SIGTERM stops it, and it shuts every participant's kernel down."""
    import signal
    import subprocess

    sys.stdout.flush()  # the link comes before Voila's own lines, also in a log file
    proc = subprocess.Popen(cmd, env=env)

    def forward(signum: int, _frame: object) -> None:
        proc.send_signal(signal.SIGTERM)  # Voila stops its loop and shuts down every kernel

    previous = signal.signal(signal.SIGTERM, forward)
    try:
        while True:
            try:
                return 0 if proc.wait() in (0, -signal.SIGTERM, -signal.SIGINT) else 1
            except KeyboardInterrupt:  # Ctrl+C reached Voila too (same process group)
                proc.send_signal(signal.SIGTERM)
    finally:
        signal.signal(signal.SIGTERM, previous)
        if proc.poll() is None:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def _check_port_free(ip: str, port: int) -> None:
    """A port already in use is a clear message, never a link to another server."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((ip, port))
        except OSError:
            raise UsageError.keyed("error_port_in_use", port=str(port)) from None


def cmd_workshop_import(args: argparse.Namespace) -> int:
    from assessment.storage.survey import read_survey
    from assessment.storage.workshops import WorkshopStore, import_into_workshop, import_label

    with WorkshopStore(args.workshop) as store:
        info = store.info()
        e = info.template.entity
        imported = read_survey(
            args.file,
            store.rubric(),
            entity=e.name,
            kind=e.kind,
            country=e.country,
            layout=args.layout,
            sheet=args.sheet,
            mapping=args.mapping,
            dayfirst=True if args.dayfirst else None,
        )
        rnd = args.round or info.round
        label = import_label(args.label or Path(args.file).name)
        done = import_into_workshop(store, imported.assessment, round=rnd, label=label)
    say(
        args, "cli_ws_imported", file=args.file, label=done.label, path=str(store.path), round=rnd,
        layout=imported.layout, people=done.people_added + done.people_kept, new=done.people_added,
        answers=done.answers, added=done.added, updated=done.updated, unchanged=done.unchanged,
    )  # fmt: skip
    if imported.ignored_columns:
        say(args, "cli_ws_ignored", columns=", ".join(imported.ignored_columns))
    if imported.rejected:
        say(args, "survey_rejected", n=len(imported.rejected), rows=", ".join(map(str, imported.rejected)))  # fmt: skip
    return 0


def cmd_workshop_backup(args: argparse.Namespace) -> int:
    from assessment.storage.workshops import WorkshopStore

    with WorkshopStore(args.workshop) as store:
        out = store.backup(args.out)
        n = store.count()
    say(args, "cli_ws_backup", path=str(out), n=n)
    return 0


def cmd_workshop_export(args: argparse.Namespace) -> int:
    from assessment.cli.reports import write_workshop_report
    from assessment.storage.assessments import save_assessment
    from assessment.storage.workshops import WorkshopStore, load_consolidated

    with WorkshopStore(args.workshop) as store:
        # names only in this command's own output, when asked: never stored in the workshop
        path = save_assessment(load_consolidated(store, show_names=args.show_names), args.out)
        say(args, "cli_ws_exported", path=str(path))
        if args.report:
            for p in write_workshop_report(store, args.report, show_names=args.show_names).values():
                say(args, "cli_wrote", path=str(p))
    return 0


def _lan_address() -> str:
    """This machine's address on the local network (never 127.x), else its host name.

    Read from the machine's own interfaces: nothing is sent anywhere.
    """
    import socket

    candidates: list[str] = []
    with contextlib.suppress(OSError):
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        candidates += [str(info[4][0]) for info in infos]
    candidates += _interface_addresses()
    for address in candidates:
        if not address.startswith("127."):
            return address
    return socket.gethostname()


def _interface_addresses() -> list[str]:
    """IPv4 addresses of the network interfaces (Linux; elsewhere none)."""
    import socket
    import struct

    try:
        import fcntl
    except ImportError:  # Windows: getaddrinfo already gave the interfaces
        return []
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for _index, name in socket.if_nameindex():
            with contextlib.suppress(OSError):
                request = struct.pack("256s", name.encode()[:15])
                reply = fcntl.ioctl(s.fileno(), 0x8915, request)  # SIOCGIFADDR
                found.append(socket.inet_ntoa(reply[20:24]))
    return found
