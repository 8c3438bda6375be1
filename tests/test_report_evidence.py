"""Evidence in the reports: shown for every answer, http(s) addresses as real links, all else text.

The HTML is parsed (``html.parser``) and the PDF read back with pypdf: its text, and the address
of every link annotation (``/Annots`` → ``/A`` → ``/URI``).
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pypdf
import pytest

from assessment.render.html import render_html
from assessment.render.pdf import render_pdf
from assessment.report import build_report
from assessment.responses import Response, new_assessment

HOSTILE = (
    'Plan: https://example.org/plan.pdf (page 4). Not links: javascript:alert(1), "<script>alert(2)'
    "</script>, data:text/html,hi, file:///etc/passwd, ftp://example.org/f, mailto:a@example.org."
)
UNICODE = (
    "Register: https://bücher.example/straße, and https://example.org/" + "long-" * 60 + "end."
)
LINKS = ("https://example.org/report-2024", "javascript:alert(3)", "https://example.org/plan.pdf")


@pytest.fixture(scope="module")
def report(small_rubric):
    a = new_assessment(
        small_rubric, entity="Testland", kind="country", country="XT", date=dt.date(2025, 3, 1)
    )
    responses = (
        Response(criterion="A.1-x", respondent="self", status="scored", level=2, evidence=HOSTILE),
        Response(
            criterion="A.1-y",
            respondent="self",
            status="scored",
            level=1,
            evidence=UNICODE,
            links=LINKS,
        ),
        Response(criterion="B.1-p", respondent="self", status="scored", level=3),
    )
    return build_report(small_rubric, a.model_copy(update={"responses": responses}))


LONG = "https://example.org/" + "long-" * 60 + "end"
# every link of the report, with the address it opens; recorded links that the evidence text
# already shows (the plan) are not repeated, and javascript: is never one
EXPECTED = {
    ("https://example.org/plan.pdf", "https://example.org/plan.pdf"),
    ("https://bücher.example/straße", "https://xn--bcher-kva.example/stra%C3%9Fe"),
    (LONG, LONG),
    ("https://example.org/report-2024", "https://example.org/report-2024"),
}


def test_the_model_carries_evidence_and_recorded_links(report):
    a, b = report.pillars
    x, y = a.criteria[:2]
    assert [s.href for s in x.evidence_parts if s.href] == ["https://example.org/plan.pdf"]
    assert "".join(s.text for s in x.evidence_parts) == x.evidence == HOSTILE
    assert [(s.text, s.href) for s in y.links] == [
        ("https://example.org/report-2024", "https://example.org/report-2024"),
        ("javascript:alert(3)", None),
        ("https://example.org/plan.pdf", "https://example.org/plan.pdf"),
    ]
    assert b.criteria[0].evidence_parts == () and b.criteria[0].links == ()
    assert [len(r.links) for r in report.appendix] == [0, 3, 0]


class _Page(HTMLParser):
    """Every link (address, text) of a page, every tag opened and all its text."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.tags: set[str] = set()
        self.text: list[str] = []
        self._href: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag == "a":
            self._href = dict(attrs).get("href")
            self.links.append((self._href, ""))

    def handle_endtag(self, tag):
        if tag == "a":
            self._href = None

    def handle_data(self, data):
        self.text.append(data)
        if self._href is not None:
            href, text = self.links[-1]
            self.links[-1] = (href, text + data)


def test_html_shows_evidence_with_http_links_only(report):
    page = _Page()
    page.feed(render_html(report))
    evidence = {(text, href) for href, text in page.links if not href.startswith("#")}
    # each appears twice: in its pillar's table and in the appendix
    assert evidence == EXPECTED
    assert sum(1 for href, _ in page.links if not href.startswith("#")) == 2 * 5
    assert all(href.startswith(("#", "https://")) for href, _ in page.links)
    assert "script" not in page.tags
    text = " ".join("".join(page.text).split())
    assert 'Not links: javascript:alert(1), "<script>alert(2)</script>, data:text/html,hi' in text
    assert (
        "Links: https://example.org/report-2024, javascript:alert(3), https://example.org/plan.pdf"
        in text
    )
    assert "Evidence: None." in text  # B.1-p records none


def _uris(reader: pypdf.PdfReader) -> list[str]:
    uris = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action.get_object():
                uris.append(str(action.get_object()["/URI"]))
    return uris


def test_pdf_shows_evidence_with_http_links_only(report, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(report))
    reader = pypdf.PdfReader(path)
    uris = _uris(reader)
    assert set(uris) == {href for _, href in EXPECTED}
    assert all(u.startswith("https://") and u.isascii() for u in uris)
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Plan: https://example.org/plan.pdf (page 4)." in text
    assert 'javascript:alert(1), "<script>alert(2)</script>, data:text/html,hi' in text
    assert "https://bücher.example/straße" in text
    assert "Links: https://example.org/report-2024, javascript:alert(3)" in text
    assert "Evidence: None." in text
