"""Pseudo-localisation: every string 40 % longer and accented, through the form, the HTML and the
PDF, so a layout that clips or overlaps longer languages shows before a translator finds it."""

from __future__ import annotations

import shutil
import subprocess

import pypdf
import pytest

from assessment import load_assessment, score_assessment
from assessment.i18n import pseudo, rubric_messages, translate_rubric
from assessment.storage.catalogues import ui_messages
from assessment.storage.rubrics import resolve_rubric
from assessment.text import set_catalogue_provider

from .conftest import ROOT

PSEUDO = "qps"  # ISO 639's range for local use: no real language


@pytest.fixture
def pseudo_language():
    import assessment

    catalogue = {m.context: pseudo(m.source) for m in ui_messages() if not m.plural}
    catalogue |= {
        m.context: (pseudo(m.source), pseudo(m.plural)) for m in ui_messages() if m.plural
    }
    set_catalogue_provider(lambda lang: (catalogue, "draft") if lang == PSEUDO else ({}, "missing"))
    yield
    set_catalogue_provider(assessment._read_catalogue)


def _pseudo_rubric():
    english = resolve_rubric("gdi-digital-inclusion-2025")
    texts = {
        m.context: pseudo(m.source)[:30] if m.context.endswith("short_title") else pseudo(m.source)
        for m in rubric_messages(english)
    }
    return translate_rubric(english, texts, PSEUDO)


def test_a_longer_language_renders_the_report_and_the_form(pseudo_language, tmp_path):
    from assessment.jupyter.form import AssessmentForm
    from assessment.render.output import write_reports
    from assessment.report import build_report
    from assessment.storage.filestore import AssessmentFile

    rubric = _pseudo_rubric()
    sample = ROOT / "sample_data" / "examplia-2026-follow-up.json"
    a = load_assessment(sample)
    report = build_report(rubric, a, scores=score_assessment(rubric, a), lang=PSEUDO)
    assert report.title.startswith("[")
    written = write_reports(report, tmp_path, ["pdf", "html"])
    pages = pypdf.PdfReader(written["pdf"]).pages
    assert 25 <= len(pages) <= 60
    assert "ŕ" in written["html"].read_text(encoding="utf-8")
    copy = tmp_path / "a.json"
    copy.write_bytes(sample.read_bytes())
    form = AssessmentForm(
        rubric, AssessmentFile(copy), respondent="national-team", lang=PSEUDO, debounce=0
    )
    assert form.card("I.1-joint-planning").criterion.title.startswith("[")
    if shutil.which("pdftoppm"):  # pages to look at (docs/screenshots keeps a few)
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "4", str(written["pdf"]), str(tmp_path / "page")], check=True)  # fmt: skip
        assert len(list(tmp_path.glob("page-*.png"))) == 4
