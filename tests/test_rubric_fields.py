"""Rubric format additions for version 1.1: levels per kind of entity, a glossary, who answers.

A rubric that does not use them keeps the content hash its assessments recorded.
"""

from __future__ import annotations

import datetime as dt

import pytest
from ruamel.yaml import YAML

from assessment import ProblemsError, new_assessment, save_assessment, score_assessment
from assessment.gaps import rank_gaps
from assessment.rubric import parse_rubric, rubric_json_schema
from assessment.storage.filestore import AssessmentFile

from .conftest import DATA

ORG_LEVELS = {0: "org none", 1: "org some", 2: "org more", 3: "org most", 4: "org all"}


def _data() -> dict:
    return YAML(typ="safe").load((DATA / "rubric-valid-small.yaml").read_text())


def _with_additions() -> dict:
    data = _data()
    data["glossary"] = {
        "computing-power": {
            "term": "computing power",
            "definition": "Capacity to process data.",
            "source": "ITU",
        },  # fmt: skip
    }
    crit = data["pillars"][0]["commitments"][0]["criteria"][0]  # A.1-x, for both kinds
    crit["levels_by_kind"] = {"organisation": dict(ORG_LEVELS)}
    crit["terms"] = ["computing-power"]
    crit["answered_by"] = {"country": ["ICT ministry", "statistics office"], "organisation": ["IT"]}
    return data


def test_levels_per_kind_glossary_and_who_answers_parse():
    rubric = parse_rubric(_with_additions())
    k = rubric.by_id["A.1-x"].criterion
    assert k.descriptor(2, "organisation") == "org more"
    assert k.descriptor(2, "country") == "x more" and k.descriptor(2) == "x more"
    assert rubric.glossary["computing-power"].definition == "Capacity to process data."
    assert k.answered_by["country"] == ("ICT ministry", "statistics office")
    schema = rubric_json_schema()
    crit_props = schema["$defs"]["Criterion"]["properties"]
    assert {"levels_by_kind", "terms", "answered_by"} <= set(crit_props)
    assert "glossary" in schema["properties"]


def test_a_rubric_without_them_keeps_its_hash(small_rubric):
    # the small rubric's hash as recorded by assessments made before these fields existed
    assert small_rubric.content_hash == parse_rubric(_data()).content_hash
    assert small_rubric.content_hash != parse_rubric(_with_additions()).content_hash


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda c: c.update(terms=["ghost"]), "unknown-term"),
        (lambda c: c["levels_by_kind"]["organisation"].pop(4), "bad-levels"),
        (
            lambda c: c["levels_by_kind"]["organisation"].update({3: "x most"}),
            "duplicate-descriptor",
        ),
    ],
)
def test_additions_are_checked(change, code):
    data = _with_additions()
    change(data["pillars"][0]["commitments"][0]["criteria"][0])
    with pytest.raises(ProblemsError) as info:
        parse_rubric(data)
    assert [p.code for p in info.value.problems] == [code]


def test_an_organisation_reads_and_plans_in_its_own_levels(tmp_path):
    from assessment.jupyter.form import AssessmentForm

    rubric = parse_rubric(_with_additions())
    path = tmp_path / "org.json"
    save_assessment(new_assessment(rubric, entity="Org", kind="organisation", country="XT", date=dt.date(2025, 1, 1)), path)  # fmt: skip
    form = AssessmentForm(rubric, AssessmentFile(path), debounce=0)
    card = form.card("A.1-x")
    assert [label for label, _ in card.choice.options][2] == "2 – Developing: org more"
    assert "ICT ministry" not in card.more.value and "<p>IT</p>" in card.more.value
    assert "<dt>computing power</dt><dd>Capacity to process data.</dd>" in card.more.value
    card.choice.value = 1
    gaps = rank_gaps(rubric, score_assessment(rubric, form.assessment), kind="organisation")
    assert gaps.set_index("criterion").loc["A.1-x", "next_step"] == "org more"


def test_the_form_lists_criteria_by_who_answers(tmp_path):
    from assessment.jupyter.form import AssessmentForm

    rubric = parse_rubric(_with_additions())
    path = tmp_path / "c.json"
    save_assessment(new_assessment(rubric, entity="C", kind="country", country="XT", date=dt.date(2025, 1, 1)), path)  # fmt: skip
    form = AssessmentForm(rubric, AssessmentFile(path), debounce=0)
    assert [v for _, v in form.unit.options] == ["", "ICT ministry", "statistics office"]
    form.unit.value = "statistics office"
    shown = [c.criterion.id for c in form._visible("A")]
    assert shown == ["A.1-x"]  # the one criterion that unit answers
    form.mode.value = "single"
    assert form._order() == ["A.1-x"]


def test_the_workbook_prints_who_answers_and_a_glossary(tmp_path):
    import io

    from pypdf import PdfReader

    from assessment.render.workbook import workbook_data, workbook_pdf

    rubric = parse_rubric(_with_additions())
    text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(workbook_pdf(rubric, kind="country"))).pages
    )
    text = " ".join(text.split())
    assert "Usually answered by: ICT ministry; statistics office" in text
    assert "Glossary" in text and "computing power: Capacity to process data. (ITU)" in text
    # one unit's own workbook: only the criteria it answers
    mine = workbook_data(rubric, kind="country", answered_by="statistics office")
    assert [c["id"] for p in mine["pillars"] for c in p["criteria"]] == ["A.1-x"]
    # an organisation's workbook prints its own levels
    org = workbook_data(rubric, kind="organisation")
    first = org["pillars"][0]["criteria"][0]
    assert first["levels"][2] == ["2", "Developing", "org more"]


def test_the_report_explains_the_terms_in_a_glossary(tmp_path):
    from pypdf import PdfReader

    from assessment.render.output import write_reports
    from assessment.report import build_report

    rubric = parse_rubric(_with_additions())
    a = new_assessment(rubric, entity="Glossland (fictional)", kind="country", country="XT", date=dt.date(2026, 1, 1))  # fmt: skip
    report = build_report(rubric, a)
    assert report.glossary == (("computing power", "Capacity to process data.", "ITU"),)
    written = write_reports(report, tmp_path, ["html", "pdf"])
    html = written["html"].read_text()
    assert '<h2 id="glossary">Glossary</h2>' in html and "<dt>computing power</dt>" in html
    pdf = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(written["pdf"]).pages)
    assert "computing power: Capacity to process data. (ITU)" in pdf


def test_the_workbook_command_for_one_unit(tmp_path, capsys):
    from assessment.cli import main

    path = tmp_path / "r.yaml"
    YAML().dump(_with_additions(), path)
    assert main(["workbook", str(path), "--answered-by", "statistics office", "--out", str(tmp_path / "w.pdf")]) == 0  # fmt: skip
    assert (tmp_path / "w.pdf").read_bytes().startswith(b"%PDF-")
    assert main(["workbook", str(path), "--answered-by", "nobody", "--out", str(tmp_path / "x.pdf")]) == 1  # fmt: skip
    assert "the units named are: ICT ministry, statistics office" in capsys.readouterr().err
