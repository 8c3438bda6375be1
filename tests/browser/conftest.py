"""Real servers and a real browser: JupyterLab on 127.0.0.1 and the system Chromium via Playwright.

Playwright never downloads a browser here: it drives ``/usr/bin/chromium`` (Debian's package,
installed by ``make test`` when missing; override with ``GDI_CHROMIUM``). Every request that does
not go to the loopback address is aborted, so a stray CDN link fails the test instead of hanging it.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("GDI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def is_loopback(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in {"data", "blob", "about"}:
        return True
    return parsed.hostname in {"127.0.0.1", "localhost", "::1"}


def parametrise_notebook(src: Path, dst: Path, values: dict[str, str]) -> None:
    """Copy a notebook with ``values`` given after its parameters cell's defaults, as papermill
    does: a parameter not given keeps its default."""
    nb = json.loads(src.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            defaults = (
                "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            )
            given = "\n".join(f"{k} = {v!r}" for k, v in values.items())
            cell["source"] = defaults.rstrip("\n") + "\n# injected parameters\n" + given
    dst.write_text(json.dumps(nb, indent=1), encoding="utf-8")


class Server:
    def __init__(self, url: str, token: str, root: Path, log: Path) -> None:
        self.url, self.token, self.root, self.log = url, token, root, log


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} not found: run `make test` (it installs Debian's chromium) or set GDI_CHROMIUM"
        )
    return CHROMIUM


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("lab")
    home = tmp_path_factory.mktemp("lab-home")
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "GDI_ASSESS_CACHE": "off",
    }
    log = home / "server.log"
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # CI containers run as root
    with log.open("wb") as fh:
        proc = subprocess.Popen(cmd, env=env, stdout=fh, stderr=subprocess.STDOUT, cwd=root)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2) as r:
                if r.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(
                f"JupyterLab did not start; log:\n{log.read_text(errors='replace')[-3000:]}"
            )
        time.sleep(0.3)
    try:
        yield Server(url, token, root, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def page(chromium_path: str, tmp_path: Path):
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True
        )
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        pg = context.new_page()

        def guard(route):  # noqa: ANN001 - Playwright's Route
            if is_loopback(route.request.url):
                route.continue_()
            else:
                blocked.append(route.request.url)
                route.abort()

        pg.route("**/*", guard)
        pg.blocked = blocked  # type: ignore[attr-defined]
        try:
            yield pg
        finally:
            shot_dir = os.environ.get("GDI_SCREENSHOT_DIR")
            if shot_dir:
                for png in tmp_path.glob("*.png"):
                    shutil.copy(png, Path(shot_dir) / png.name)
            context.close()
            browser.close()


def run_all(page) -> None:  # noqa: ANN001 - Playwright's Page
    """Run > Run All Cells, as a person would, once the kernel is ready."""
    import contextlib

    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.get_by_text(re.compile(r"Python 3 \(ipykernel\) \| Idle")).wait_for(timeout=60_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name=re.compile("^Run All Cells")).click()
    with contextlib.suppress(PlaywrightTimeout):  # shown only if the kernel was not started yet
        page.get_by_role("button", name="Select", exact=True).click(timeout=3_000)
