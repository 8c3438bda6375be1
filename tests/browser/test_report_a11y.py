"""The HTML report in headless Chromium, served from 127.0.0.1, checked by axe-core.

At phone width (390 × 844) and desktop width (1280 × 800): no serious or critical WCAG 2.1 A/AA
violation, and the page never scrolls sideways. A table wider than a phone scrolls on its own in
a region that has the table's name and that the keyboard reaches; an answer's evidence stays
within the screen; its http(s) addresses are links and nothing else is.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from assessment.storage.assessments import load_assessment, save_assessment

from .axe import axe_violations, describe
from .conftest import ROOT

SAMPLE = ROOT / "sample_data" / "examplia-2025-baseline.json"
ANNEX = "https://example.org/examplia/annex-2025"
# added to the first answer's evidence: a link inside a sentence, and text that must stay text
EXTRA = f"Annex: {ANNEX} (page 2); not links: javascript:alert(1), data:text/html,<b>x</b>."
WIDTHS = [pytest.param(390, 844, id="phone-390"), pytest.param(1280, 800, id="desktop-1280")]
# where the screenshots are taken: the top, the summary, the pillar table, a pillar, the appendix
PLACES = {
    "top": "h1",
    "summary": "#summary",
    "pillar-table": "#cap-pillar-table",
    "pillar-I": "#pillar-I",
    "pillar-I-table": "#cap-pillar-I",
    "appendix": "#appendix",
}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        pass


@contextlib.contextmanager
def _serve(folder: Path) -> Iterator[str]:
    """``folder`` over HTTP on 127.0.0.1 at a free port, for as long as the block runs."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def report_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The bundled sample's HTML report, written by ``gdi-assess report``, served on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("report-site")
    a = load_assessment(SAMPLE)
    first = a.responses[0]
    first = first.model_copy(update={"evidence": f"{first.evidence} {EXTRA}"})
    save_assessment(
        a.model_copy(update={"responses": (first, *a.responses[1:])}), folder / "a.json"
    )
    out = folder / "out"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "assessment",
            "report",
            str(folder / "a.json"),
            "--format",
            "html",
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    (page_file,) = out.glob("*.html")
    with _serve(out) as base:
        yield f"{base}/{page_file.name}"


def _screenshots(page, tmp_path: Path, width: int) -> None:
    for name, selector in PLACES.items():
        page.locator(selector).first.evaluate("e => e.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(tmp_path / f"html-report-{width}px-{name}.png"))


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_html_report_has_no_serious_axe_violations(page, report_url, tmp_path, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(report_url)
    violations = axe_violations(page)
    _screenshots(page, tmp_path, width)
    assert violations == [], describe(violations)
    scroll, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client, f"at {width} px the page scrolls sideways: {scroll} > {client} px"
    assert page.blocked == []  # type: ignore[attr-defined]


def test_wide_tables_scroll_by_keyboard_at_phone_width(page, report_url, tmp_path):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(report_url)
    wraps = page.locator(".table-wrap").evaluate_all(
        """els => els.map(e => ({role: e.getAttribute('role'), tab: e.tabIndex,
            name: (document.getElementById(e.getAttribute('aria-labelledby')) || {}).textContent,
            wide: e.scrollWidth > e.clientWidth}))"""
    )
    # every table that may be wider than the screen: a named region the keyboard reaches
    # the pillar table, the radar's data (its intervals), a table per pillar, the analyses'
    # seven (the plan, robustness, equity, three crosswalks, the coverage map), the appendix
    assert len(wraps) == 1 + 1 + 7 + 7 + 1
    assert all(w["role"] == "region" and w["tab"] == 0 and w["name"] for w in wraps), wraps
    wide = [w["name"] for w in wraps if w["wide"]]
    assert {"Scores by pillar", "Appendix: every response (Data table)"} <= set(wide), wide
    # Tab from the control before it lands on the pillar table; arrow keys scroll it
    region = page.get_by_role("region", name="Scores by pillar")
    page.locator("figure.radar").evaluate("e => e.scrollIntoView()")
    page.get_by_role("link", name="Appendix: every response").focus()  # the last link before it
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('aria-labelledby')") == (
        "cap-pillar-table"
    )
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    # to its end (the browser scrolls smoothly), its caption staying in view
    page.wait_for_function(
        "() => { const e = document.activeElement;"
        " return e.scrollLeft > 0 && e.scrollLeft >= e.scrollWidth - e.clientWidth - 1; }"
    )
    caption = page.locator("#cap-pillar-table > span").bounding_box()
    assert caption is not None and caption["x"] >= 0, caption
    assert region.evaluate("e => e.scrollLeft") > 0
    page.screenshot(path=str(tmp_path / "html-report-390px-pillar-table-scrolled.png"))
    # an answer's evidence wraps at the screen's edge, even in the wide appendix
    appendix = page.get_by_role("region", name="Appendix: every response (Data table)")
    evidence = appendix.locator(".fit").first
    evidence.scroll_into_view_if_needed()
    box = evidence.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    page.screenshot(path=str(tmp_path / "html-report-390px-appendix-evidence.png"))
    # the address is a link wherever the evidence shows; javascript: and data: stay text
    links = page.get_by_role("link", name=ANNEX)
    assert links.count() == 2  # in pillar I's table and in the appendix
    assert {links.nth(i).get_attribute("href") for i in range(2)} == {ANNEX}
    assert (
        page.locator("a[href^='javascript' i], a[href^='data' i], a[href^='file' i]").count() == 0
    )
    assert "not links: javascript:alert(1), data:text/html,<b>x</b>." in evidence.text_content()


@pytest.fixture(scope="module")
def rollup_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The roll-up report of the small test campaign (tests/data/rollup), served on 127.0.0.1."""
    data = ROOT / "tests" / "data"
    out = tmp_path_factory.mktemp("rollup-site")
    subprocess.run(
        [sys.executable, "-m", "assessment", "rollup", str(data / "rollup" / "answers.csv"),
         "--hierarchy", str(data / "rollup" / "hierarchy.csv"), "--rubric", str(data / "rubric-valid-small.yaml"),
         "--out", str(out), "--format", "html", "--min-units", "2"],  # P1 shows (else hidden with P2)
        check=True, capture_output=True,
    )  # fmt: skip
    with _serve(out) as base:
        yield f"{base}/rollup.html"


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_rollup_report_has_no_serious_axe_violations(page, rollup_url, tmp_path, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(rollup_url)
    violations = axe_violations(page)
    page.screenshot(path=str(tmp_path / f"rollup-{width}px.png"))
    assert violations == [], describe(violations)
    scroll, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client, f"at {width} px the page scrolls sideways: {scroll} > {client} px"
    # the heatmap's figures are also a table a screen reader reads: Alpha's own pillar A is 2.00
    row = page.locator("section").nth(1).locator("tr", has=page.locator("th", has_text="Alpha"))
    assert row.locator("td").first.inner_text() == "2.00"
