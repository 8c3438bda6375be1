"""Notebook 02 as shipped, in its notebooks/ folder: Export PDF writes to the project's reports/.

The same folder ``make demo`` and ``gdi-assess report`` (run in the project folder) write to, and
the link under the buttons opens the file through JupyterLab.
"""

from __future__ import annotations

import shutil
import time

import pypdf

from .conftest import ROOT, run_all


def test_notebook_02_exports_to_the_projects_reports_folder(lab_server, page, tmp_path):
    project = lab_server.root / "project"
    (project / "notebooks").mkdir(parents=True)
    shutil.copytree(
        ROOT / "sample_data",
        project / "sample_data",
        ignore=shutil.ignore_patterns("profiles", "*.py"),
    )
    shutil.copy(ROOT / "notebooks" / "02_gap_report.ipynb", project / "notebooks")
    page.goto(
        f"{lab_server.url}/lab/workspaces/report-folder-test/tree/project/notebooks/02_gap_report.ipynb"
        f"?reset&token={lab_server.token}"
    )
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    run_all(page)

    button = page.get_by_role("button", name="Export PDF")
    button.wait_for(timeout=90_000)
    button.scroll_into_view_if_needed(timeout=30_000)
    button.click()
    pdf = (
        project
        / "reports"
        / "republic-of-examplia-gdi-digital-inclusion-2025-follow-up-2026-06-30.pdf"
    )
    deadline = time.monotonic() + 60
    while not pdf.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    written = sorted(p.relative_to(project).as_posix() for p in project.rglob("*.pdf"))
    assert written == [pdf.relative_to(project).as_posix()], "one PDF, in the project's reports/"
    assert not (project / "notebooks" / "reports").exists()
    link = page.locator(".gdi-export-status a", has_text=pdf.name)
    link.wait_for(timeout=20_000)
    page.screenshot(path=str(tmp_path / "jupyterlab-notebook-02-exported.png"))
    assert "Republic of Examplia" in pypdf.PdfReader(pdf).pages[0].extract_text()
    # JupyterLab resolves ../reports/… against notebooks/: it serves the very file
    href = link.get_attribute("href")
    assert href.split("?")[0] == f"{lab_server.url}/files/project/reports/{pdf.name}", href
    assert page.request.get(href).body() == pdf.read_bytes()
    assert page.blocked == []  # type: ignore[attr-defined]
