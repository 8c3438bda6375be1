"""The participants' page in several languages at once, in headless Chromium against a real Voila
server on 127.0.0.1 (issue 13): a French and a Chinese participant score into one store, an
Arabic participant's page reads right to left and is scored with the keyboard, and axe-core finds
no serious or critical violation on the Arabic and Chinese pages and HTML reports."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from assessment.jupyter.participant import group_name
from assessment.text import LANGUAGE_NAMES, level_label, ui_text

from .axe import axe_violations, describe
from .conftest import CHROMIUM_ARGS
from .test_lab_form import wait_for
from .test_report_a11y import _serve
from .test_voila_workshop import _open
from .test_voila_workshop import voila_app as voila_app  # the fixture, shared

ROOT = Path(__file__).resolve().parents[2]


def _join_in(page, lang: str, group: str) -> None:
    """Choose ``lang`` on the join page, then join ``group`` with the page in that language."""
    page.get_by_role("button", name="Start scoring").wait_for(timeout=90_000)
    page.get_by_label("Language").select_option(label=LANGUAGE_NAMES[lang])
    start = page.get_by_role("button", name=ui_text("ws_start", lang))
    start.wait_for(timeout=30_000)  # the page is redrawn in the language chosen
    page.get_by_label(group_name(group, lang), exact=True).check()
    start.click()
    page.locator(".gdi-form .gdi-card").first.wait_for(timeout=60_000)


def _level(lang: str, n: int) -> re.Pattern[str]:
    return re.compile("^" + re.escape(ui_text("level_label", lang, level=n, label=level_label(n, lang))))  # fmt: skip


def test_french_and_chinese_participants_score_into_one_store(voila_app, chromium_path, tmp_path):
    from playwright.sync_api import sync_playwright

    shots = Path(os.environ.get("GDI_SCREENSHOT_DIR") or tmp_path)
    url, store, rubric = voila_app
    blocked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)  # fmt: skip
        ctx_fr, fr = _open(browser, url, blocked)
        ctx_zh, zh = _open(browser, url, blocked)
        _join_in(fr, "fr", "Government")
        _join_in(zh, "zh", "Academia")
        # each page speaks its own language: the rubric's first criterion, translated
        from assessment.storage.rubrics import resolve_rubric

        for page, lang in ((fr, "fr"), (zh, "zh")):
            title = resolve_rubric(rubric.id, lang).refs[0].criterion.title
            page.get_by_text(title).first.wait_for(timeout=30_000)
            assert page.evaluate("() => document.documentElement.lang") == lang
        fr.locator(".gdi-card").first.get_by_label(_level("fr", 2)).click()
        zh.locator(".gdi-card").first.get_by_label(_level("zh", 4)).click()
        wait_for(lambda: store.count() == 2, timeout=30)
        frame = store.frame(round=1)
        first = rubric.refs[0].criterion.id
        assert sorted(frame.loc[frame["criterion"] == first, "level"].tolist()) == [2, 4]
        zh.screenshot(path=str(shots / "voila-participant-zh.png"))
        violations = axe_violations(zh)
        assert violations == [], describe(violations)
        ctx_fr.close()
        ctx_zh.close()
        browser.close()
    assert blocked == [], blocked


def test_the_arabic_page_reads_right_to_left_and_is_scored_by_keyboard(
    voila_app, chromium_path, tmp_path
):
    from playwright.sync_api import sync_playwright

    shots = Path(os.environ.get("GDI_SCREENSHOT_DIR") or tmp_path)
    url, store, _rubric = voila_app
    blocked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)  # fmt: skip
        ctx, page = _open(browser, url, blocked)
        _join_in(page, "ar", "Civil society")
        assert page.evaluate("() => [document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]  # fmt: skip
        direction = page.locator(".gdi-form").first.evaluate("e => getComputedStyle(e).direction")
        assert direction == "rtl"
        # the keyboard alone: the first level group takes the focus, an arrow key chooses
        group = page.locator(".gdi-card").first.get_by_role("radiogroup").first
        group.locator("input").first.focus()
        page.keyboard.press("ArrowDown")
        wait_for(lambda: store.count() == 1, timeout=30)
        page.screenshot(path=str(shots / "voila-participant-ar.png"))
        violations = axe_violations(page)
        assert violations == [], describe(violations)
        ctx.close()
        browser.close()
    assert blocked == [], blocked


def test_arabic_and_chinese_html_reports_have_no_serious_axe_violations(page, tmp_path):
    sample = ROOT / "sample_data" / "examplia-2026-follow-up.json"
    for lang in ("ar", "zh"):
        out = tmp_path / lang
        subprocess.run(
            [
                sys.executable,
                "-m",
                "assessment",
                "report",
                str(sample),
                "--format",
                "html",
                "--lang",
                lang,
                "--out",
                str(out),
            ],  # fmt: skip
            check=True,
            capture_output=True,
        )
        (html,) = out.glob("*.html")
        with _serve(out) as base:
            page.goto(f"{base}/{html.name}")
            assert page.evaluate("() => document.documentElement.lang") == lang
            violations = axe_violations(page)
            assert violations == [], (lang, describe(violations))
