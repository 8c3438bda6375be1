"""The participants' server itself, for real on 127.0.0.1: only this machine's names are answered,
a busy port is a plain message, and stopping the command stops Voila and every kernel."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from assessment.storage.rubrics import resolve_rubric
from assessment.storage.workshops import WorkshopStore

from .conftest import free_port


def _children(pid: int) -> dict[int, str]:
    """Every process below ``pid`` (from /proc), with its command line."""
    parents: dict[int, int] = {}
    commands: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            commands[int(entry.name)] = (
                (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            )
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, todo = {}, [pid]
    while todo:
        parent = todo.pop()
        for child, ppid in parents.items():
            if ppid == parent and child not in found:
                found[child] = commands.get(child, "")
                todo.append(child)
    return found


def _get(port: int, host: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", "/", headers={"Host": host})
        return conn.getresponse().status
    finally:
        conn.close()


def test_host_check_busy_port_and_a_clean_stop(tmp_path):
    store = WorkshopStore.create(
        tmp_path / "ws.sqlite", resolve_rubric("gdi-digital-inclusion-2025"),
        title="Server test (fictional)", entity="Republic of Examplia", kind="country", country="XE",
    )  # fmt: skip
    store.close()
    port = free_port()
    env = {**os.environ, "GDI_ASSESS_CACHE": "off", "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt")}
    serve = [sys.executable, "-m", "assessment.cli", "workshop", "serve", str(store.path), "--port", str(port)]  # fmt: skip
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(serve, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status = _get(port, f"127.0.0.1:{port}")
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, (tmp_path / "serve.log").read_text()  # fmt: skip
                time.sleep(0.3)
        assert status == 200
        assert _get(port, f"localhost:{port}") == 200
        # a page elsewhere whose name resolves here (DNS rebinding) is refused
        assert _get(port, f"attacker.example:{port}") == 403
        assert _get(port, "attacker.example") == 403

        busy = subprocess.run(serve, capture_output=True, text=True, env=env, timeout=60)
        assert busy.returncode == 1
        assert f"port {port} is already in use" in busy.stderr and "Traceback" not in busy.stderr

        kernels = {p for p, cmd in _children(proc.pid).items() if "ipykernel" in cmd}
        assert kernels, "the page started at least one kernel"
        proc.send_signal(signal.SIGTERM)  # to the command only, as a service manager would
        assert proc.wait(timeout=60) == 0
        deadline = time.monotonic() + 20
        while any(Path(f"/proc/{p}").exists() for p in kernels) and time.monotonic() < deadline:
            time.sleep(0.2)
        alive = [p for p in kernels if Path(f"/proc/{p}").exists()]
        assert not alive, f"kernels left running: {alive}"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()
