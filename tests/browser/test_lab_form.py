"""In a real JupyterLab and a real browser: run notebook 01, click a level, see it saved and drawn."""

from __future__ import annotations

import json
import re
import time

from .conftest import ROOT, parametrise_notebook, run_all


def wait_for(predicate, timeout: float = 20.0, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not met in time")


def saved_levels(path):
    if not path.exists():
        return {}
    return {r["criterion"]: r.get("level") for r in json.loads(path.read_text())["responses"]}


def saved_figures(path):
    if not path.exists():
        return {}
    return json.loads(path.read_text()).get("indicators", {})


def test_score_by_clicking_in_jupyterlab(lab_server, page, tmp_path):
    answers = lab_server.root / "answers.json"
    parametrise_notebook(
        ROOT / "notebooks" / "01_self_assessment.ipynb",
        lab_server.root / "form.ipynb",
        {
            "rubric": "gdi-digital-inclusion-2025",
            "assessment_file": str(answers),
            "entity_name": "Republic of Examplia",
            "entity_kind": "country",
            "country_code": "XE",
        },
    )
    # a workspace of its own: only this notebook open, whatever other tests left behind
    page.goto(
        f"{lab_server.url}/lab/workspaces/form-test/tree/form.ipynb?reset&token={lab_server.token}"
    )
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    run_all(page)
    form = page.locator(".gdi-form")
    try:
        form.wait_for(timeout=90_000)
    finally:
        page.screenshot(path=str(tmp_path / "jupyterlab-after-run-all.png"))
    progress = form.get_by_text(re.compile(r"^Answered \d+ of 66$"))
    progress.wait_for(timeout=30_000)
    assert progress.inner_text() == "Answered 0 of 66"
    radar = form.locator("img.gdi-radar")
    radar.wait_for(timeout=30_000)
    src_before = radar.get_attribute("src")
    assert radar.get_attribute("alt").startswith("Radar chart of 7 pillars")

    # (a) click level 2 of the first criterion: the saved JSON holds it
    card = form.locator(".gdi-card").first
    card.get_by_label(re.compile(r"^2 – Developing")).click()
    wait_for(lambda: saved_levels(answers).get("I.1-joint-planning") == 2)
    # (c) the progress count rose
    form.get_by_text("Answered 1 of 66").wait_for(timeout=15_000)
    # (b) the radar image changed (after the debounce)
    wait_for(lambda: radar.get_attribute("src") != src_before)
    form.get_by_text(re.compile(r"^✔ Saved \d\d:\d\d:\d\d$")).wait_for(timeout=10_000)

    # keyboard: the focused radio group moves to the next level with the arrow key
    card.get_by_label(re.compile(r"^2 – Developing")).focus()
    page.keyboard.press("ArrowDown")
    wait_for(lambda: saved_levels(answers).get("I.1-joint-planning") == 3)

    page.screenshot(path=str(tmp_path / "jupyterlab-form.png"), full_page=False)

    # indicator figures beside "What to look for": typed in French style, saved, held against
    # the rating (I.2-network-coverage: SDG 9.c.1, thresholds 50, 70, 85, 95)
    coverage = form.locator(".gdi-card", has=page.locator("[id='gdi-I.2-network-coverage']"))
    coverage.get_by_label(re.compile(r"^4 – Leading")).click()
    wait_for(lambda: saved_levels(answers).get("I.2-network-coverage") == 4)
    coverage.get_by_role("button", name="Target, confidence, evidence").click()
    coverage.get_by_label("Figure for SDG 9.c.1").fill("61,5")
    coverage.get_by_label("Year", exact=True).first.fill("2024")
    coverage.get_by_label("Source", exact=True).first.fill(
        "Examplia Communications Authority (fictional)"
    )
    wait_for(lambda: saved_figures(answers).get("I.2-network-coverage"))
    got = saved_figures(answers)["I.2-network-coverage"][0]
    assert (got["code"], got["value"], got["year"]) == ("SDG 9.c.1", 61.5, 2024)
    flag = coverage.locator(".gdi-divergent")
    flag.wait_for(timeout=15_000)  # rated 4, the figure suggests 1: three levels apart
    assert "is far from what the figures suggest, 1 – Initial" in flag.inner_text()
    coverage.get_by_label("Source", exact=True).first.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "jupyterlab-form-figures.png"), full_page=False)

    form.locator("h2").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "jupyterlab-form-top.png"), full_page=False)
    # readable at 200 % zoom: the form reflows to one column instead of overflowing
    page.evaluate("document.body.style.zoom = '200%'")
    card.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "jupyterlab-form-zoom200.png"), full_page=False)
    overflow = form.evaluate("f => f.scrollWidth - f.clientWidth")
    assert overflow <= 2, f"the form scrolls sideways by {overflow}px at 200 % zoom"
    assert page.blocked == [] or all("127.0.0.1" not in u for u in page.blocked)  # type: ignore[attr-defined]
