"""Notebook 01 as a person uses it, in a real JupyterLab: no cell edited, everything by clicks.

A new assessment is created from the start panel, scored one criterion at a time by keyboard only
(counting Tab presses from one criterion to the next), and after a reload and Run All the same
assessment comes back where it was left.
"""

from __future__ import annotations

import json
import re
import shutil

from .axe import axe_violations, describe
from .conftest import ROOT, run_all
from .test_lab_form import wait_for


def _active(page) -> str:  # noqa: ANN001
    """What has the keyboard focus: a level group's id, or a control's tag and text."""
    return page.evaluate(
        """(() => { const a = document.activeElement; const g = a && a.closest('[role=radiogroup]');
        return g ? g.id : (a.tagName + ':' + (a.textContent || '').trim()); })()"""
    )


def test_start_panel_keyboard_and_resume_in_jupyterlab(lab_server, page, tmp_path):
    shutil.copy(ROOT / "notebooks" / "01_self_assessment.ipynb", lab_server.root / "start.ipynb")
    before = set(lab_server.root.glob("*.json"))
    # a workspace of its own: only this notebook open, whatever other tests left behind
    page.goto(
        f"{lab_server.url}/lab/workspaces/start-test/tree/start.ipynb?reset&token={lab_server.token}"
    )
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    run_all(page)
    # another test may have opened an assessment on this server: choose another, as a person would
    new = page.get_by_text("Start a new assessment")
    other = page.get_by_role("button", name="Choose another assessment")
    new.or_(other).first.wait_for(timeout=90_000)
    if other.is_visible():
        other.click()
    new.wait_for(timeout=30_000)
    page.screenshot(path=str(tmp_path / "lab-start-panel.png"))
    page.get_by_label("Name of the country or organisation").fill(
        "Ministry of Examples (fictional)"
    )
    page.get_by_label("Country code (ISO, two letters)").fill("XE")
    page.get_by_role("button", name="Create and start scoring").click()
    form = page.locator(".gdi-form").filter(has=page.locator(".gdi-card"))
    form.get_by_text("Nothing answered yet").wait_for(timeout=60_000)
    created = wait_for(lambda: set(lab_server.root.glob("*.json")) - before)
    (answers,) = created
    assert json.loads(answers.read_text())["entity"]["name"] == "Ministry of Examples (fictional)"

    # one at a time, by keyboard only
    form.get_by_role("button", name="One at a time").click()
    form.get_by_text("1 of 66").wait_for(timeout=30_000)
    first = form.locator("[role=radiogroup]").first
    first.locator("input").first.focus()
    page.keyboard.press("ArrowDown")  # level 1: chosen and saved
    wait_for(lambda: {r["criterion"]: r.get("level") for r in json.loads(answers.read_text())["responses"]}.get("I.1-joint-planning") == 1)  # fmt: skip
    tabs = 0
    while _active(page) != "BUTTON:Next":
        page.keyboard.press("Tab")
        tabs += 1
        assert tabs <= 10, f"focus went to {_active(page)}"
    assert tabs <= 3, f"{tabs} Tab presses from a criterion's levels to Next"
    page.keyboard.press("Enter")
    form.get_by_text("2 of 66").wait_for(timeout=30_000)
    wait_for(lambda: _active(page) == "gdi-levels-I_1-balanced-distribution", timeout=10)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # level 1 then 2 of the second criterion, by arrow keys
    wait_for(lambda: {r["criterion"]: r.get("level") for r in json.loads(answers.read_text())["responses"]}.get("I.1-balanced-distribution") == 2)  # fmt: skip
    page.screenshot(path=str(tmp_path / "lab-one-at-a-time.png"))
    # axe-core inside the form's own DOM (JupyterLab's chrome is JupyterLab's)
    found = axe_violations(page, include=".gdi-form")
    assert not found, describe(found)
    # JupyterLab's own chrome is JupyterLab's: reported beside the screenshots, never asserted
    chrome = [v for v in axe_violations(page) if not all("gdi-" in " ".join(map(str, n["target"])) for n in v["nodes"])]  # fmt: skip
    (tmp_path / "axe-jupyterlab-chrome.txt").write_text(describe(chrome) + "\n")
    # no "title=null" tooltips, and every level group is named after its question
    assert page.locator('.gdi-form [title="null"]').count() == 0
    labelled = first.get_attribute("aria-labelledby")
    assert labelled and page.locator(f"#{labelled}").inner_text().startswith("Does the government")

    # reload: no cell edited, Run All brings the same assessment back where it was
    page.reload()
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    run_all(page)
    page.get_by_text("Scoring Ministry of Examples (fictional)").wait_for(timeout=90_000)
    page.get_by_text(re.compile(r"^Loaded 2 answers, last saved \d\d:\d\d")).wait_for(
        timeout=30_000
    )
    page.screenshot(path=str(tmp_path / "lab-resumed.png"))
