"""The gap report: model values computed by hand, the PDF read back, the HTML escaped, safe names.

Scenario on tests/data/rubric-valid-small.yaml (three respondents; r1 and r2 want level 4 on A.1-y):

========  ======  ====  ====  ==========  ===========================================
criterion weight  r1    r2    r3          result (median)
========  ======  ====  ====  ==========  ===========================================
A.1-x     1       2     3     4           3, target 3, gap 0
A.1-y     2       1     1     don't know  1, target 4, gap 3 -> priority 3 x 2 = 6
A.2-z     1       N/A   N/A   2           not applicable (2 N/A > 1 level)
B.1-p     1       0     4     4           4, target 3, gap -1 (IQR 2: disputed)
B.1-q     1       -     -     -           unanswered
========  ======  ====  ====  ==========  ===========================================

Pillar A = (3 + 1 x 2) / 3 = 1.67, target (3 + 4 x 2) / 3 = 3.67, gap 2.00.
Pillar B = 4.00, target 3.00, gap -1.00.  Overall (5/3 + 4) / 2 = 2.83 = 71 %, target 3.33.
Spread band (respondents' own pillar scores): A = 1.33, 1.67, 3.00 -> quartiles 1.50 and 2.33;
B = 0, 4, 4 -> quartiles 2.00 and 4.00.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from assessment.errors import GdiError, UsageError
from assessment.render.display import display
from assessment.render.html import render_html
from assessment.render.output import report_stem, safe_filename, write_reports
from assessment.render.pdf import render_pdf
from assessment.report import build_report
from assessment.responses import Respondent, Response, new_assessment
from assessment.scoring import score_assessment

DATA = Path(__file__).resolve().parent / "data"
SNAPSHOT = DATA / "report-small.snapshot.json"
NASTY = '<script>alert("x")</script> Ward #7 *North* $1 [a] \\ _b_ & Co'


def make_assessment(rubric, entity="Testland", notes=""):
    a = new_assessment(
        rubric, entity=entity, kind="country", country="XT", date=dt.date(2025, 3, 1)
    )
    S, NA, DK = "scored", "not-applicable", "dont-know"
    rows = [
        ("A.1-x", "r1", S, 2, None),
        ("A.1-x", "r2", S, 3, None),
        ("A.1-x", "r3", S, 4, None),
        ("A.1-y", "r1", S, 1, 4),
        ("A.1-y", "r2", S, 1, 4),
        ("A.1-y", "r3", DK, None, None),
        ("A.2-z", "r1", NA, None, None),
        ("A.2-z", "r2", NA, None, None),
        ("A.2-z", "r3", S, 2, None),
        ("B.1-p", "r1", S, 0, None),
        ("B.1-p", "r2", S, 4, None),
        ("B.1-p", "r3", S, 4, None),
    ]
    responses = tuple(
        Response(
            criterion=c,
            respondent=r,
            status=st,
            level=lv,
            target=tg,
            reason="no law needed here" if st == NA else None,
            notes=notes,
            evidence=notes,
        )
        for c, r, st, lv, tg in rows
    )
    people = tuple(
        Respondent(id=r, group=g) for r, g in (("r1", "gov"), ("r2", "cso"), ("r3", "acad"))
    )
    return a.model_copy(update={"responses": responses, "respondents": people})


@pytest.fixture(scope="module")
def report(small_rubric):
    return build_report(small_rubric, make_assessment(small_rubric), version="test")


@pytest.fixture(scope="module")
def nasty_report(small_rubric):
    return build_report(
        small_rubric, make_assessment(small_rubric, entity=NASTY, notes=NASTY), version="test"
    )


@pytest.fixture(scope="module")
def pdf_bytes(report):
    return render_pdf(report)


# -- the model, by hand ---------------------------------------------------------------------------


def test_model_values_by_hand(report):
    a, b = report.pillars
    assert (a.id, b.id) == ("A", "B")
    assert (
        a.score == pytest.approx(5 / 3)
        and a.target == pytest.approx(11 / 3)
        and a.gap == pytest.approx(2)
    )
    assert b.score == 4 and b.target == 3 and b.gap == -1
    assert report.overall["score"] == pytest.approx(17 / 6)
    assert report.overall["percent"] == pytest.approx(17 / 6 / 4 * 100)
    assert report.overall["target"] == pytest.approx(10 / 3)
    # the only criterion below its target, with the next level's own descriptor as the next step
    (g,) = report.priorities
    assert (g.criterion, g.gap, g.priority, g.next_level, g.next_step) == (
        "A.1-y",
        3,
        6,
        2,
        "y more",
    )
    assert [(n.criterion, n.reasons) for n in report.not_applicable] == [
        ("A.2-z", "no law needed here")
    ]
    rows = {c.criterion: c for c in a.criteria + b.criteria}
    assert rows["B.1-p"].disputed and not rows["A.1-x"].disputed
    assert rows["B.1-q"].status == "unanswered" and rows["B.1-q"].current is None
    # 90 % intervals by resampling the three respondents: B is B.1-p alone (0, 4, 4), whose
    # median is 0 in 7 resamples out of 27, so [0, 4]. A = (x + 2y) / 3 with x the median of
    # (2, 3, 4) (2 or 4 each in 7/27 of resamples) and y of (1, 1, don't know), missing only in
    # 1/27 (under 5 %): 4/3 at the low end and 2 at the high end.
    lo, hi = report.radar.band
    assert lo == pytest.approx((4 / 3, 0.0)) and hi == pytest.approx((2.0, 4.0))
    assert len(report.appendix) == 12
    assert report.summary[1] == "Strongest pillar: B B (4.00)."


def test_display_formats_every_number_once(report):
    d = display(report)
    assert [p["score_text"] for p in d["pillars"]] == ["1.67", "4.00"]
    low, high = (float(v) for v in d["overall_text"].pop("interval").split("–"))
    assert low <= 2.83 <= high
    assert d["overall_text"] == {
        "score": "2.83",
        "percent": "71",
        "target": "3.33",
        "gap": "0.50",
        "completeness": "75 %",
        "n_not_applicable": "1",
    }
    assert d["radar_columns"] == ["Interval, low", "Interval, high"]
    assert d["radar_table"] == [["A", "A", "1.33", "2.00"], ["B", "B", "0.00", "4.00"]]
    assert [p["interval_text"] for p in d["pillars"]] == ["1.33–2.00", "0.00–4.00"]


def test_report_model_snapshot(report):
    """The whole model as JSON; regenerate with GDI_UPDATE_SNAPSHOTS=1 after a deliberate change."""
    got = json.loads(json.dumps(report.to_dict()))
    del got["text"]  # the interface strings: tested where they are used
    if os.environ.get("GDI_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert got == json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_baseline_adds_a_series_and_a_sentence(small_rubric):
    now = make_assessment(small_rubric)
    before = now.model_copy(update={"responses": now.responses[:3], "date": dt.date(2024, 3, 1)})
    r = build_report(small_rubric, now, baseline=before)
    assert r.radar.series["baseline"][0] == pytest.approx(3.0)  # only A.1-x = 3 then
    assert any("moved from 3.00 to 2.83 (-0.17)" in line for line in r.summary)
    assert "Baseline 2024-03-01 3.0" in r.radar.alt


# -- PDF ------------------------------------------------------------------------------------------


def test_pdf_text_has_entity_and_every_pillar_score(pdf_bytes, report, small_rubric, tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf_bytes)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    text = " ".join(text.split())
    assert "Testland" in text
    scores = score_assessment(small_rubric, make_assessment(small_rubric))
    for pid, p in scores.pillars.iterrows():
        assert re.search(rf"\b{pid}\s+{p['short_title']}\s+{p['score']:.2f}\b", text), pid
    assert f"{scores.overall['score']:.2f}" in text
    assert "y more" in text and "no law needed here" in text


def test_pdf_is_tagged_pdf_ua(pdf_bytes, tmp_path):
    reader = pypdf.PdfReader(_write(tmp_path, pdf_bytes))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert root["/Lang"] == "en"
    assert reader.metadata.title == "Gap report: Testland"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfuaid:part(>|=\")1", xmp)
    # every figure in the structure tree carries alt text
    figures = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, pypdf.generic.DictionaryObject):
            if node.get("/S") == "/Figure":
                figures.append(node)
            kids = node.get("/K")
            if kids is not None:
                for kid in kids if isinstance(kids, pypdf.generic.ArrayObject) else [kids]:
                    walk(kid)

    walk(root["/StructTreeRoot"])
    assert len(figures) >= 2  # radar + a gap chart
    assert all(str(f.get("/Alt", "")).strip() for f in figures)
    assert any("Radar chart of the pillar scores" in str(f["/Alt"]) for f in figures)


def test_pdf_outline_has_the_sections(pdf_bytes, tmp_path):
    reader = pypdf.PdfReader(_write(tmp_path, pdf_bytes))
    titles = []

    def flat(items):
        for it in items:
            if isinstance(it, list):
                flat(it)
            else:
                titles.append(it.title)

    flat(reader.outline)
    for heading in (
        "Summary",
        "What to do next",
        "Scores by pillar",
        "A Pillar A",
        "Method",
        "Appendix: every response",
    ):
        assert heading in titles, titles


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) not installed"
)
def test_pdftoppm_renders_every_page(pdf_bytes, tmp_path):
    pdf = _write(tmp_path, pdf_bytes)
    n = len(pypdf.PdfReader(pdf).pages)
    subprocess.run(
        ["pdftoppm", "-r", "20", "-gray", str(pdf), str(tmp_path / "p")],
        check=True,
        capture_output=True,
    )
    pages = sorted(tmp_path.glob("p-*.pgm"))
    assert len(pages) == n >= 4
    for page in pages:  # nothing blank: text (dark pixels) on every page
        pixels = page.read_bytes()[20:]
        assert sum(1 for b in pixels if b < 160) > 100, page.name


def test_pdf_is_reproducible(report, pdf_bytes):
    assert render_pdf(report) == pdf_bytes


def test_pdf_prints_markup_characters_literally(nasty_report, tmp_path):
    text = " ".join(
        p.extract_text() for p in pypdf.PdfReader(_write(tmp_path, render_pdf(nasty_report))).pages
    )
    text = " ".join(text.split())
    assert "Ward #7 *North* $1 [a]" in text


def test_pdf_prints_arabic_with_the_bundled_font(small_rubric, tmp_path):
    r = build_report(small_rubric, make_assessment(small_rubric, entity="مدينة المثال"))
    reader = pypdf.PdfReader(_write(tmp_path, render_pdf(r)))
    fonts = {
        str(f.get_object()["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()
    }
    assert any("NotoNaskhArabic" in f for f in fonts), fonts


def test_pdf_names_a_character_no_font_has(small_rubric):
    r = build_report(small_rubric, make_assessment(small_rubric, entity="Ward \U00013000"))
    with pytest.raises(GdiError, match="cannot print the character '\U00013000' .U\\+13000."):
        render_pdf(r)


# -- HTML -----------------------------------------------------------------------------------------


def test_html_escapes_names_and_notes(nasty_report):
    html = render_html(nasty_report)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Ward #7" in html


def test_html_is_self_contained_and_accessible(report):
    html = render_html(report)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en" dir="ltr">' in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "no request leaves the file"
    # the radar, pillar A's gap chart (B has no gap), the plan's and the robustness chart
    assert html.count("<svg") == 1 + 1 + 2
    assert 'role="img"' in html and "<title>Radar chart of the pillar scores" in html
    # pillars, spread, participation, disputed, pillar A, pillar B, the plan, robustness, the
    # coverage map, not applicable, appendix
    assert html.count('<table class="data"') == 11
    assert '<th scope="row">A</th><td>A</td><td class="num">1.67</td>' in html


# -- files ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Republic of Examplia", "republic-of-examplia"),
        ("../../etc/passwd", "etc-passwd"),
        ("C:\\Windows\\evil", "c-windows-evil"),
        ("CON", "con-report"),
        ("...", "report"),
        ("Ville d'Exemple", "ville-d-exemple"),
        ("مدينة المثال", "مدينة-المثال"),
        ("a_b", "a-b"),
    ],
)
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected


def test_reports_never_leave_the_output_folder(small_rubric, tmp_path):
    r = build_report(small_rubric, make_assessment(small_rubric, entity="../../../tmp/evil"))
    out = tmp_path / "out"
    written = write_reports(r, out, ["html", "pdf"])
    assert {p.parent for p in written.values()} == {out}
    assert (
        written["html"].name
        == report_stem(r) + ".html"
        == "tmp-evil-test-small-baseline-2025-03-01.html"
    )
    assert sorted(p.name for p in out.iterdir()) == sorted(
        p.name for p in written.values()
    )  # no temp files


def test_write_reports_rejects_bad_formats_and_folders(report, tmp_path):
    with pytest.raises(UsageError, match="unknown report format docx: choose from pdf, html"):
        write_reports(report, tmp_path, ["docx"])
    (tmp_path / "file").write_text("x")
    with pytest.raises(UsageError, match="is not a folder"):
        write_reports(report, tmp_path / "file", ["html"])


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return path


# -- the section builders, one by one -------------------------------------------------------------


def test_sections_built_one_by_one(small_rubric):
    from assessment.report import _appendix, _cover, _method, _summary, _translator

    t = _translator("en")
    a = make_assessment(small_rubric)
    s = score_assessment(small_rubric, a)
    # only A.1-y has a weight other than 1
    assert _method(t, small_rubric, s)[-1] == t("report_method_weights", weights="A.1-y = 2")
    cover = dict(_cover(t, small_rubric, a))
    assert cover[t("report_cover_respondents")] == "3"
    assert t("report_cover_sector") not in cover  # no sector: no line for it
    # rubric order, then respondent: A.1-x by r1, r2, r3 first
    assert [(r.criterion, r.respondent) for r in _appendix(small_rubric, a)[:4]] == [
        ("A.1-x", "r1"),
        ("A.1-x", "r2"),
        ("A.1-x", "r3"),
        ("A.1-y", "r1"),
    ]
    assert len(_summary(t, "Testland", s, None, None)) == 3  # overall, strongest, weakest
