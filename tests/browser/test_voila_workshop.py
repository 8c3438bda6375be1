"""The participants' app in a real Voila server and two real browser contexts scoring at once."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from assessment.storage.rubrics import resolve_rubric
from assessment.storage.workshops import WorkshopStore
from assessment.workshop import workshop_scores

from .axe import axe_violations, describe
from .conftest import CHROMIUM_ARGS, free_port, is_loopback
from .test_lab_form import wait_for


@pytest.fixture
def voila_app(tmp_path):
    rubric = resolve_rubric("gdi-digital-inclusion-2025")
    store = WorkshopStore.create(
        tmp_path / "ws.sqlite",
        rubric,
        title="Examplia workshop (fictional)",
        entity="Republic of Examplia",
        kind="country",
        country="XE",
    )
    # a figure the facilitator recorded: participants see it read only
    from assessment.responses import IndicatorValue

    store.record_figures({"I.1-joint-planning": (IndicatorValue(code="IDI", value=71.5, year=2024, source="ITU (fictional figure)"),)})  # fmt: skip
    port = free_port()
    log = tmp_path / "voila.log"
    env = {
        **os.environ,
        "GDI_ASSESS_CACHE": "off",
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
    }
    with log.open("wb") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "assessment.cli", "workshop", "serve", str(store.path), "--port", str(port)],
            stdout=fh, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(url + "api/status", timeout=2):
                break
        except urllib.error.HTTPError:
            break  # the server answers
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail(f"Voila did not start:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.3)
    try:
        yield url, store, rubric
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def _open(browser, url, blocked):
    context = browser.new_context(viewport={"width": 1200, "height": 1000})
    page = context.new_page()

    def guard(route):  # noqa: ANN001
        if is_loopback(route.request.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.goto(url)
    return context, page


def _join(page, name, group):
    page.get_by_role("button", name="Start scoring").wait_for(timeout=90_000)
    if name:
        page.get_by_label("Your name (optional)").fill(name)
    page.get_by_label(group, exact=True).check()
    page.get_by_role("button", name="Start scoring").click()
    page.locator(".gdi-form .gdi-card").first.wait_for(timeout=60_000)


def test_two_participants_score_at_once_and_the_facilitator_sees_both(
    voila_app, chromium_path, tmp_path
):
    from playwright.sync_api import sync_playwright

    tmp_path = Path(os.environ.get("GDI_SCREENSHOT_DIR") or tmp_path)

    url, store, rubric = voila_app
    blocked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True
        )
        ctx_a, a = _open(browser, url, blocked)
        ctx_b, b = _open(browser, url, blocked)  # both pages load (and start kernels) at once
        _join(a, "Participant A (fictional)", "Government")
        _join(b, "", "Academia")
        shown = a.locator(".gdi-resume-code").inner_text(timeout=30_000)
        code = re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}", shown).group(0)
        a.screenshot(path=str(tmp_path / "voila-participant-form.png"))
        first = "I.1-joint-planning"
        a.locator(".gdi-card").first.get_by_label(re.compile(r"^2 – Developing")).click()
        b.locator(".gdi-card").first.get_by_label(re.compile(r"^4 – Leading")).click()
        wait_for(lambda: store.count() == 2, timeout=30)

        # the facilitator's aggregate holds both answers: median of 2 and 4
        frame = store.frame(round=1)
        assert sorted(frame["group"]) == ["Academia", "Government"]
        s = workshop_scores(rubric, frame, kind="country")
        assert s.criteria.loc[first, "n"] == 2 and s.criteria.loc[first, "score"] == 3.0
        people = {p.group: p.name for p in store.participants()}
        assert people == {"Government": "Participant A (fictional)", "Academia": None}

        # a reloaded page picks up where it left off (the browser remembers the participant)
        a.reload()
        a.get_by_text(re.compile(r"^Welcome back \(Government\)")).wait_for(timeout=90_000)
        checked = a.locator(".gdi-card").first.get_by_label(re.compile(r"^2 – Developing"))
        checked.wait_for(timeout=30_000)
        assert checked.is_checked()
        a.screenshot(path=str(tmp_path / "voila-welcome-back.png"))
        assert len(store.participants()) == 2  # no second registration

        # knowing someone's id is not enough: B puts A's id where the page keeps its secret
        a_id = next(p.id for p in store.participants() if p.group == "Government")
        b.evaluate(
            "id => { for (const k of Object.keys(localStorage)) if (k.startsWith('gdi-workshop:')) localStorage.setItem(k, id); }",
            a_id,
        )
        b.reload()
        b.get_by_role("button", name="Start scoring").wait_for(timeout=90_000)  # asked to join
        assert b.locator(".gdi-card").count() == 0  # none of A's answers shown

        # A continues on another device with the resume code written down at joining
        ctx_c, c = _open(browser, url, blocked)
        c.get_by_label("Resume code").wait_for(timeout=90_000)
        c.get_by_label("Resume code").fill(code.lower().replace("-", " "))
        c.get_by_role("button", name="Continue").click()
        c.get_by_text(re.compile(r"^Welcome back \(Government\)")).wait_for(timeout=60_000)
        again = c.locator(".gdi-card").first.get_by_label(re.compile(r"^2 – Developing"))
        again.wait_for(timeout=30_000)
        assert again.is_checked()
        assert len(store.participants()) == 2
        ctx_c.close()
        ctx_a.close()
        ctx_b.close()
        browser.close()
    assert blocked == [], f"the page reached outside the server: {blocked}"


def test_a_participant_on_a_phone(voila_app, chromium_path, tmp_path):
    """390 px wide: nothing cut off, 16 px text, the workshop's name in the tab, a hint on the
    greyed-out button, focus in the form after joining, and one criterion at a time."""
    from playwright.sync_api import sync_playwright

    shots = Path(os.environ.get("GDI_SCREENSHOT_DIR") or tmp_path)
    url, store, _rubric = voila_app
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)  # fmt: skip
        context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, has_touch=True)  # fmt: skip
        page = context.new_page()
        page.goto(url)
        start = page.get_by_role("button", name="Start scoring")
        start.wait_for(timeout=90_000)
        assert page.title() == "Examplia workshop (fictional)"
        assert start.is_disabled()
        page.get_by_text("Choose your stakeholder group first").wait_for()
        page.screenshot(path=str(shots / "voila-phone-join.png"))

        def overflow() -> int:
            return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")  # fmt: skip

        def small_text() -> list[str]:
            return page.evaluate(
                """(() => [...document.querySelectorAll('.gdi-workshop *')].filter(n =>
                   [...n.childNodes].some(c => c.nodeType === 3 && c.textContent.trim())
                   && n.getBoundingClientRect().width > 0 && parseFloat(getComputedStyle(n).fontSize) < 16)
                   .map(n => n.tagName + ': ' + n.textContent.trim().slice(0, 40)))()"""
            )

        def cut_off() -> list[str]:
            """Controls reaching past the page's column (clipped, so scrollWidth misses them)."""
            return page.evaluate(
                """(() => { const edge = document.querySelector('.gdi-workshop').getBoundingClientRect().right + 1;
                   return [...document.querySelectorAll('.gdi-workshop input, .gdi-workshop button, .gdi-workshop label, .gdi-workshop select, .gdi-workshop textarea')]
                   .filter(n => !n.closest('[role=region]') && n.getBoundingClientRect().width > 0 && n.getBoundingClientRect().right > edge)
                   .map(n => n.tagName + ': ' + (n.textContent || n.placeholder || '').trim().slice(0, 30)); })()"""
            )

        assert overflow() <= 0
        assert small_text() == []
        assert cut_off() == []
        found = axe_violations(page)
        assert not found, "join page:\n" + describe(found)
        page.get_by_label("Civil society", exact=True).check()
        wait_for(lambda: not start.is_disabled(), timeout=15)  # the kernel enables it
        box = start.bounding_box()
        assert box["height"] >= 44, box
        start.click()
        page.locator(".gdi-form .gdi-card").first.wait_for(timeout=60_000)
        page.get_by_text("1 of 66").wait_for(timeout=30_000)  # a phone starts one at a time
        wait_for(lambda: page.evaluate("!!document.activeElement.closest('[role=radiogroup]')"), timeout=15)  # fmt: skip
        assert overflow() <= 0
        assert cut_off() == []
        assert [t for t in small_text() if not t.startswith("P: Criterion ")] == []
        page.get_by_label(re.compile(r"^3 – Established")).check()
        wait_for(lambda: store.count() == 1, timeout=30)
        # the facilitator's figure, in view, and read only with the evidence
        card = page.locator(".gdi-card").first
        card.get_by_text("Figures recorded: 1.").wait_for(timeout=15_000)
        card.get_by_role("button", name="Target, confidence, evidence").click()
        card.get_by_text("Figures the facilitator recorded for this criterion:").wait_for(
            timeout=15_000
        )
        figure = card.get_by_label("Figure for IDI")
        assert figure.input_value() == "71.5" and figure.is_disabled()
        assert card.get_by_text("Context only: this indicator has no thresholds.").is_visible()
        assert overflow() <= 0
        assert cut_off() == []
        card.get_by_label("Figure for IDI").scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "voila-phone-figures.png"))
        found = axe_violations(page)
        assert not found, "figures at 390 px:\n" + describe(found)
        card.get_by_role("button", name="Target, confidence, evidence").click()
        page.get_by_role("button", name="Next", exact=True).click()
        page.get_by_text("2 of 66").wait_for(timeout=30_000)
        page.screenshot(path=str(shots / "voila-phone-form.png"))
        found = axe_violations(page)
        assert not found, "form at 390 px:\n" + describe(found)
        # the summary stays in view, and the card it moved to starts below it
        bar, card = page.evaluate("[document.querySelector('.gdi-summary'), document.querySelector('.gdi-card')].map(n => n.getBoundingClientRect().toJSON())")  # fmt: skip
        assert bar["top"] >= 0 and bar["bottom"] <= card["top"] + 1, (bar, card)
        # reload: back at the first criterion without an answer, with what was loaded said
        page.reload()
        page.get_by_text(re.compile(r"^Loaded 1 answer, last saved")).wait_for(timeout=90_000)
        page.get_by_text("2 of 66").wait_for(timeout=30_000)
        assert overflow() <= 0
        page.screenshot(path=str(shots / "voila-phone-resumed.png"))
        browser.close()
