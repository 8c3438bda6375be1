"""In a real JupyterLab and a real browser: run notebook 02, press Export PDF, open the written file."""

from __future__ import annotations

import shutil

import pypdf

from .conftest import ROOT, parametrise_notebook, run_all
from .test_lab_form import wait_for


def test_export_pdf_from_the_gap_report_notebook(lab_server, page, tmp_path):
    sample = lab_server.root / "sample.json"
    shutil.copy(ROOT / "sample_data" / "examplia-2025-baseline.json", sample)
    parametrise_notebook(
        ROOT / "notebooks" / "02_gap_report.ipynb",
        lab_server.root / "report.ipynb",
        {"assessment_file": "sample.json", "baseline_file": "", "reports_folder": "reports"},
    )
    # a workspace of its own: only this notebook open, whatever other tests left behind
    page.goto(
        f"{lab_server.url}/lab/workspaces/report-test/tree/report.ipynb?reset&token={lab_server.token}"
    )
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    run_all(page)

    # the report's sections are shown inline: summary figures, the radar with its alt text, tables
    summary = page.locator(".gdi-report .figures").first
    try:
        summary.wait_for(state="attached", timeout=90_000)
    finally:
        page.screenshot(path=str(tmp_path / "jupyterlab-report-after-run-all.png"))
    assert "1.51 / 4" in summary.text_content()
    radar = page.locator(".gdi-report figure.radar svg[role=img]")
    radar.wait_for(state="attached", timeout=30_000)
    assert radar.locator("title").text_content().startswith("Radar chart of the pillar scores")
    summary.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "jupyterlab-report-summary.png"))
    # tables keep their own alignment inside JupyterLab's styles: text left, numbers right
    first_row = page.locator(".gdi-report table").first.locator("tbody tr").first
    assert first_row.locator("td").first.evaluate("e => getComputedStyle(e).textAlign") in (
        "start",
        "left",
    )
    assert first_row.locator("td.num").first.evaluate("e => getComputedStyle(e).textAlign") in (
        "end",
        "right",
    )

    # Export PDF: a real click writes the file and a link to it appears
    button = page.get_by_role("button", name="Export PDF")
    button.scroll_into_view_if_needed(timeout=30_000)
    button.click()
    pdf = (
        lab_server.root
        / "reports"
        / "republic-of-examplia-gdi-digital-inclusion-2025-baseline-2025-06-30.pdf"
    )
    wait_for(lambda: pdf.exists(), timeout=60)
    link = page.locator(".gdi-export-status a", has_text=pdf.name)
    link.wait_for(timeout=20_000)
    page.screenshot(path=str(tmp_path / "jupyterlab-report-exported.png"))
    reader = pypdf.PdfReader(pdf)
    assert "Republic of Examplia" in reader.pages[0].extract_text()
    # JupyterLab resolved the link against the notebook's folder: it serves the very file
    href = link.get_attribute("href")
    assert href.split("?")[0] == f"{lab_server.url}/files/reports/{pdf.name}", href
    assert page.request.get(href).body() == pdf.read_bytes()
    assert page.blocked == []  # type: ignore[attr-defined]
