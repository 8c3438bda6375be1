"""The summary's strongest and weakest pillar: one scored pillar is named once, ties are said.

Scores by hand on tests/data/rubric-valid-small.yaml (pillar A = commitments A.1 (x weight 1,
y weight 2) and A.2 (z); pillar B = B.1 (p, q)):

- only A.1-x = 2: A = 2.00, B has no score; overall 2.00.
- A.1-x = 3, A.1-y = 3, B.1-p = 3: A = 3.00, B = 3.00, level.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pypdf
import pytest

from assessment.render.html import render_html
from assessment.render.pdf import render_pdf
from assessment.report import _strongest_weakest, _translator, build_report
from assessment.responses import Response, new_assessment
from assessment.storage.assessments import save_assessment

DATA = Path(__file__).resolve().parent / "data"
ONLY = (
    "Only one pillar has a score: A A (2.00). The strongest and the weakest pillar are named "
    "once two or more pillars have a score."
)
LEVEL = (
    "The 2 pillars with a score are level, all at 3.00: none is stronger or weaker than another."
)


def _pillars(*scores: float | None) -> pd.DataFrame:
    ids = ["I", "II", "III", "IV"][: len(scores)]
    names = ["One", "Two", "Three", "Four"][: len(scores)]
    return pd.DataFrame({"score": scores, "short_title": names}, index=ids, dtype=object).astype(
        {"score": float}
    )


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ((None, None), []),
        (
            (None, 1.5, None),
            [
                "Only one pillar has a score: II Two (1.50). The strongest and the weakest pillar "
                "are named once two or more pillars have a score."
            ],
        ),
        (
            (2.0, 2.0, 2.0),
            [
                "The 3 pillars with a score are level, all at 2.00: none is stronger or weaker "
                "than another."
            ],
        ),
        # 2.004 and 1.996 both print as 2.00: a reader sees them level, so they are
        (
            (2.004, None, 1.996),
            [
                "The 2 pillars with a score are level, all at 2.00: none is stronger or weaker "
                "than another."
            ],
        ),
        (
            (3.0, 3.0, 1.0),
            [
                "Strongest pillars, level at 3.00: I One, II Two.",
                "Weakest pillar: III Three (1.00).",
            ],
        ),
        (
            (3.5, 0.25, 2.0, 0.25),
            [
                "Strongest pillar: I One (3.50).",
                "Weakest pillars, level at 0.25: II Two, IV Four.",
            ],
        ),
        (
            (1.0, 2.5, None, 2.0),
            ["Strongest pillar: II Two (2.50).", "Weakest pillar: I One (1.00)."],
        ),
    ],
)
def test_strongest_and_weakest_by_hand(scores, expected):
    assert _strongest_weakest(_translator("en"), _pillars(*scores)) == expected


def _assessment(rubric, levels: dict[str, int]):
    a = new_assessment(
        rubric, entity="Testland", kind="country", country="XT", date=dt.date(2025, 3, 1)
    )
    responses = tuple(
        Response(criterion=c, respondent="self", status="scored", level=lv)
        for c, lv in levels.items()
    )
    return a.model_copy(update={"responses": responses})


@pytest.mark.parametrize(
    ("levels", "sentence"),
    [({"A.1-x": 2}, ONLY), ({"A.1-x": 3, "A.1-y": 3, "B.1-p": 3}, LEVEL)],
)
def test_html_and_pdf_summaries_never_name_one_pillar_twice(
    small_rubric, tmp_path, levels, sentence
):
    report = build_report(small_rubric, _assessment(small_rubric, levels))
    assert report.summary[1:] == (sentence,)
    html = render_html(report)
    assert f"<p>{sentence}</p>" in html
    assert "Strongest pillar" not in html and "Weakest pillar" not in html
    path = tmp_path / "r.pdf"
    path.write_bytes(render_pdf(report))
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(path).pages).split())
    assert sentence in text
    assert "Strongest pillar" not in text and "Weakest pillar" not in text


def test_the_notebook_report_says_it_too(small_rubric, tmp_path):
    from assessment.jupyter.report_view import GapReportView

    path = tmp_path / "a.json"
    save_assessment(_assessment(small_rubric, {"A.1-x": 2}), path)
    view = GapReportView.from_file(path, rubric=str(DATA / "rubric-valid-small.yaml"))
    assert f"<p>{ONLY}</p>" in view.summary().html
