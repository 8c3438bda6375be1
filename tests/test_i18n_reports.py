"""The sample report in each of the six UN languages: its words, numbers, language tag,
direction and fonts, read back from the PDF and the HTML (issue 13)."""

from __future__ import annotations

import html as html_module
import re
import shutil
import subprocess
import unicodedata

import pypdf
import pytest

from assessment.cli.reports import write_report
from assessment.render import pdf as pdf_module
from assessment.storage.rubrics import resolve_rubric
from assessment.text import LANGUAGES, format_number, level_label, ui_text

from .conftest import ROOT

SAMPLE = ROOT / "sample_data" / "examplia-2026-follow-up.json"
BASELINE = ROOT / "sample_data" / "examplia-2025-baseline.json"
poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = {}
    for lang in LANGUAGES:
        folder = tmp_path_factory.mktemp(f"report-{lang}")
        written = write_report(SAMPLE, None, folder, ["pdf", "html"], str(BASELINE), lang=lang)
        out[lang] = written
    return out


def _plain(text: str) -> str:
    """Text as compared: compatibility forms folded (Arabic presentation forms), bidi marks and
    all white space removed."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u0640]", "", text)
    return re.sub(r"\s+", "", text)


def _pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@poppler
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_pdf_speaks_the_language(reports, lang):
    pdf = reports[lang]["pdf"]
    root = pypdf.PdfReader(pdf).trailer["/Root"]
    assert root["/Lang"] == lang
    text = _plain(_pdf_text(pdf))
    rubric = resolve_rubric("gdi-digital-inclusion-2025", lang)
    for p in rubric.pillars:
        assert _plain(p.short_title) in text, (lang, p.short_title)
    # the next steps name the next level in the language; the overall score in its numbers
    assert any(_plain(f"{level_label(n, lang)}") in text for n in range(1, 5))
    assert _plain(format_number(1.67, lang, 2)) in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_html_has_its_language_and_direction(reports, lang):
    html = reports[lang]["html"].read_text(encoding="utf-8")
    direction = "rtl" if lang == "ar" else "ltr"
    assert f'<html lang="{lang}" dir="{direction}">' in html
    assert 'dir="auto"' in html  # evidence typed in any language keeps its own direction
    if lang != "en":
        assert "Translation: draft" not in html  # the colophon is in the language too
        title = resolve_rubric("gdi-digital-inclusion-2025", lang).pillars[0].title
        assert html_module.escape(title).replace("&#x27;", "&#39;") in html


def test_french_numbers_and_the_draft_colophon(reports):
    html = reports["fr"]["html"].read_text(encoding="utf-8")
    assert "1,67" in html and "1.67 /" not in html
    assert "94\xa0%" in html  # completeness, as French writes a percentage
    assert "version provisoire" in html or "provisoire" in html


@poppler
@pytest.mark.parametrize("lang", ["ar", "zh", "ru"])
def test_every_font_is_embedded(reports, lang):
    out = subprocess.run(
        ["pdffonts", str(reports[lang]["pdf"])], check=True, capture_output=True, text=True
    ).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows and all("yes" in row[-5:-2] for row in rows), out
    wanted = {"ar": "NotoNaskhArabic", "zh": "NotoSansCJKsc", "ru": "NotoSans"}[lang]
    assert any(wanted in row[0] for row in rows), out


def test_chinese_prints_with_the_bundled_fonts_alone(reports, monkeypatch):
    """A fresh machine has no Chinese font: the bundled subset must do, system fonts never tried."""
    tried = []
    real = pdf_module._compiler

    def spy(template, system_fonts):
        tried.append(system_fonts)
        return real(template, system_fonts)

    monkeypatch.setattr(pdf_module, "_compiler", spy)
    from assessment import load_assessment, score_assessment
    from assessment.render.output import write_reports
    from assessment.report import build_report

    rubric = resolve_rubric("gdi-digital-inclusion-2025", "zh")
    a = load_assessment(SAMPLE)
    report = build_report(rubric, a, scores=score_assessment(rubric, a), lang="zh")
    write_reports(report, reports["zh"]["pdf"].parent / "again", ["pdf"])
    assert tried == [False]


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_round_names_and_chart_layout_in_the_language(reports, lang):
    """The sample's rounds (baseline, follow-up) are named in the language on the cover and in
    the radar's legend, and every chart is laid out left to right even in an Arabic page (an
    inherited right-to-left direction would flip every label's anchor into the chart)."""
    from assessment.text import round_label

    html = reports[lang]["html"].read_text(encoding="utf-8")
    baseline, follow_up = round_label("baseline", lang), round_label("follow-up", lang)
    assert baseline != "baseline" and follow_up != "follow-up"
    assert html_module.escape(follow_up) in html  # the cover's round
    legend = baseline[:1].upper() + baseline[1:] + " 2025-06-30"
    assert f">{html_module.escape(legend)}</text>" in html
    assert ">Baseline 2025-06-30<" not in html
    rubric = resolve_rubric("gdi-digital-inclusion-2025", lang)
    cover = ui_text("report_cover_rubric_value", lang, title=rubric.title, version=rubric.version)
    assert html_module.escape(cover).replace("&#x27;", "&#39;") in html
    svgs = re.findall(r"<svg\b[^>]*>", html)
    assert len(svgs) >= 10 and all('direction="ltr"' in s for s in svgs if 'role="img"' in s)
