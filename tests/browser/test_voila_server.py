"""The participants' server itself, for real on 127.0.0.1: only this machine's names are answered,
a busy port is a plain message, and stopping the command stops Voila and every kernel."""

from __future__ import annotations

import http.client
import os
import re
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


def _serve(tmp_path: Path, *options: str):  # noqa: ANN202
    """A fictional workshop and ``workshop serve`` on a free port: (port, argv, env, log, process)."""
    store = WorkshopStore.create(
        tmp_path / "ws.sqlite", resolve_rubric("gdi-digital-inclusion-2025"),
        title="Server test (fictional)", entity="Republic of Examplia", kind="country", country="XE",
    )  # fmt: skip
    store.close()
    port = free_port()
    env = {**os.environ, "GDI_ASSESS_CACHE": "off", "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt")}
    serve = [sys.executable, "-m", "assessment.cli", "workshop", "serve", str(store.path), "--port", str(port), *options]  # fmt: skip
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(serve, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)  # fmt: skip
    return port, serve, env, log, proc


def test_host_check_busy_port_and_a_clean_stop(tmp_path):
    port, serve, env, log, proc = _serve(tmp_path)
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
        assert proc.wait(timeout=60) == 0, (tmp_path / "serve.log").read_text()[-4000:]
        deadline = time.monotonic() + 20
        while any(Path(f"/proc/{p}").exists() for p in kernels) and time.monotonic() < deadline:
            time.sleep(0.2)
        alive = [p for p in kernels if Path(f"/proc/{p}").exists()]
        assert not alive, f"kernels left running: {alive}"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def _page(port: int, query: str = "") -> tuple[int, str]:
    """GET the participants' page without running it (a bare load: no browser connects)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", "/" + query, headers={"Host": f"127.0.0.1:{port}"})
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def _kernel_of(body: str) -> str:
    match = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', body)
    assert match, body[:2000]
    return match.group(1)


def _running(pid: int) -> set[str]:
    """Kernel ids whose process runs below ``pid`` (the id is in the connection file's name)."""
    found = set()
    for cmd in _children(pid).values():
        match = re.search(r"kernel-([0-9a-f-]{36})\.json", cmd)
        if match:
            found.add(match.group(1))
    return found


def _until(check, timeout: float, what: str) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.25)


def test_kernels_are_capped_reclaimed_and_freed_when_the_tab_closes(tmp_path, chromium_path):
    from playwright.sync_api import sync_playwright

    from .conftest import CHROMIUM_ARGS

    port, _serve_cmd, _env, log, proc = _serve(tmp_path, "--max-participants", "1", "--page-timeout", "6", "--lan")  # fmt: skip
    try:
        # the warm pool holds two kernels; they are nobody's and never reclaimed
        _until(lambda: len(_running(proc.pid)) == 2, 120, "the warm pool is full")
        # on the network the link carries a token; the tab-close request must be let through too
        link = re.search(r"http://\S+/(\?token=\S+)", (tmp_path / "serve.log").read_text())
        assert link, (tmp_path / "serve.log").read_text()
        query = link.group(1)
        assert _page(port)[0] in (302, 403)  # without the token: no page, no kernel
        status, body = _page(port, query)
        assert status == 200
        bare = _kernel_of(body)
        assert bare in _running(proc.pid)

        # one page in use is the cap: the next visitor is told plainly, and gets no kernel
        status, body = _page(port, query)
        assert status == 503
        assert (
            "The workshop is full" in body and "Traceback" not in body and str(tmp_path) not in body
        )

        # the bare page never connected: its kernel is given back after the page timeout
        _until(lambda: bare not in _running(proc.pid), 60, "the unconnected kernel is reclaimed")
        _until(lambda: len(_running(proc.pid)) == 2, 60, "the pool is refilled")
        time.sleep(8)  # pooled kernels outlive the page timeout: they wait for participants
        assert len(_running(proc.pid)) == 2

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)  # fmt: skip
            page = browser.new_context().new_page()
            page.goto(f"http://127.0.0.1:{port}/{query}")
            page.get_by_role("button", name="Start scoring").wait_for(timeout=90_000)
            mine = page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")  # fmt: skip
            assert mine in _running(proc.pid)
            time.sleep(9)  # longer than the page timeout: a connected page keeps its kernel
            assert mine in _running(proc.pid)
            assert _page(port, query)[0] == 503
            page.close(run_before_unload=True)  # the tab closes: its kernel is freed at once
            _until(lambda: mine not in _running(proc.pid), 20, "the closed tab's kernel is freed")
            browser.close()
        assert _page(port, query)[0] == 200  # the place is free again
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        log.close()
