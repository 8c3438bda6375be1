"""The analyses of issue 14 in the report: every section is in the PDF and the HTML, with its
chart's alt text and its table, in English and in a translation; the report without them is the
shorter report of earlier versions."""

from __future__ import annotations

import pypdf
import pytest
from markupsafe import escape

from assessment import __version__
from assessment.cli.assess import rubric_for, score_file
from assessment.render.output import write_reports
from assessment.report import build_report
from assessment.storage.assessments import load_assessment
from assessment.storage.frameworks import bundled_mapping
from assessment.text import ui_text

SAMPLE = "sample_data/examplia-2026-follow-up.json"
BASELINE = "sample_data/examplia-2025-baseline.json"
SECTIONS = (
    ("reality", "reality_report_title", {}),
    ("plan", "plan_title", {}),
    ("progress", "progress_title", {"date": "2025-06-30"}),
    ("robustness", "robustness_title", {}),
    ("equity", "equity_title", {}),
    ("framework-sdg", "framework_title_sdg", {}),
    ("framework-gdc", "framework_title_gdc", {}),
    ("framework-wsis", "framework_title_wsis", {}),
    ("coverage", "coverage_title", {}),
)


def _report(lang: str, analyses: bool = True):
    a, r, s = score_file(SAMPLE, None, lang=lang)
    base = load_assessment(BASELINE)
    return build_report(
        r, a, scores=s, baseline=base, baseline_rubric=rubric_for(base, None, lang=lang),
        version=__version__, lang=lang, frameworks=bundled_mapping(r), analyses=analyses,
    )  # fmt: skip


def _text(pdf) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(pdf).pages)


@pytest.fixture(scope="module", params=["en", "fr"])
def written(request, tmp_path_factory):
    lang = request.param
    report = _report(lang)
    paths = write_reports(report, tmp_path_factory.mktemp(lang), ("pdf", "html"))
    return lang, report, _text(paths["pdf"]), paths["html"].read_text(encoding="utf-8")


def test_every_analysis_is_in_the_pdf_and_the_html(written):
    lang, report, pdf, html = written
    keys = [i.key for i in report.insights]
    assert keys == [key for key, _, _ in SECTIONS]  # the sample records indicator figures
    for key, title_key, values in SECTIONS:
        title = ui_text(title_key, lang, **values)
        assert " ".join(title.split()) in pdf, (key, title)
        assert f'id="insight-{key}"' in html
        insight = next(i for i in report.insights if i.key == key)
        for table in insight.tables:
            assert str(escape(table.caption)) in html
        if insight.chart:  # the chart's alt text is the SVG's title, its caption under it
            alt = insight.chart.alt.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            assert '<svg role="img"' in html and f"<title>{alt}</title>" in html
            assert str(escape(insight.chart_caption)) in html
            assert " ".join(insight.chart_caption.split())[:25] in pdf


def test_the_summary_says_how_firm_the_weakest_pillar_is(written):
    lang, report, pdf, _ = written
    firm = report.summary[-1]
    weakest = next(p for p in report.pillars if p.id == "III")  # 0.97, far below the others
    assert weakest.short_title in firm
    assert " ".join(firm.split())[:30] in pdf


def test_the_report_without_analyses_is_the_shorter_report():
    full, short = _report("en"), _report("en", analyses=False)
    assert short.insights == () and full.insights
    assert short.radar.band is None and full.radar.band is not None
    assert len(short.summary) == len(full.summary) - 1
    assert all(p.interval == (None, None) for p in short.pillars)
