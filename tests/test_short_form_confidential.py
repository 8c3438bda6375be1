"""A short-form assessment is complete when its core criteria are answered; confidential evidence
stays in the assessment file and out of reports and exports unless they are asked for it."""

from __future__ import annotations

import csv
import datetime as dt
import json

from assessment import load_assessment, new_assessment, save_assessment, score_assessment
from assessment.cli import main
from assessment.responses import Response
from assessment.storage.rubrics import resolve_rubric

SECRET = "Cabinet memo 12/2025 on the fibre budget, https://intranet.example/secret-memo"
WHEN = dt.datetime(2026, 3, 2, 10, 0)


def _answered(tmp_path, *, short_form: bool, confidential: bool):
    rubric = resolve_rubric("gdi-digital-inclusion-2025")
    a = new_assessment(rubric, entity="Examplia (fictional)", kind="country", country="XE", date=dt.date(2026, 3, 2), short_form=short_form)  # fmt: skip
    core = [k.id for k in rubric.criteria("country", core_only=True)]
    for i, cid in enumerate(core):
        a = a.with_response(Response(criterion=cid, respondent="self", status="scored", level=2, evidence=SECRET if i == 0 else "", confidential=confidential and i == 0, answered_at=WHEN))  # fmt: skip
    path = tmp_path / "a.json"
    save_assessment(a, path)
    return rubric, path, core


def test_a_short_form_answered_in_full_is_complete(tmp_path):
    rubric, path, core = _answered(tmp_path, short_form=True, confidential=False)
    a = load_assessment(path)
    assert a.short_form is True
    s = score_assessment(rubric, a)
    assert s.overall["completeness"] == 1.0 and int(s.overall["n_criteria"]) == len(core)
    assert s.overall["score"] == 2.0
    # the same answers on the full form are a part of it
    full = score_assessment(rubric, a.model_copy(update={"short_form": False}))
    assert round(float(full.overall["completeness"]), 3) == round(
        len(core) / len(rubric.criteria("country")), 3
    )


def test_flags_are_written_only_when_set(tmp_path):
    _, path, _ = _answered(tmp_path, short_form=False, confidential=False)
    text = path.read_text()
    assert (
        "short_form" not in text and "confidential" not in text
    )  # older readers read it as before


def test_reports_leave_confidential_evidence_out_unless_asked(tmp_path, capsys):
    from pypdf import PdfReader

    _, path, _ = _answered(tmp_path, short_form=True, confidential=True)
    assert json.loads(path.read_text())["responses"][0]["confidential"] is True
    out = tmp_path / "reports"
    assert main(["report", str(path), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "left out: the confidential evidence of 1 answer" in said
    html = next(out.glob("*.html")).read_text()
    pdf = "".join(page.extract_text() for page in PdfReader(next(out.glob("*.pdf"))).pages)
    for text in (html, pdf.replace("\n", " ")):
        assert "Cabinet memo" not in text and "secret-memo" not in text
    shown = tmp_path / "shown"
    assert main(["report", str(path), "--out", str(shown), "--include-confidential", "--format", "html"]) == 0  # fmt: skip
    assert "Cabinet memo 12/2025" in next(shown.glob("*.html")).read_text()


def test_exports_leave_it_out_and_imports_keep_the_flag(tmp_path, capsys):
    _, path, core = _answered(tmp_path, short_form=False, confidential=True)
    csv_path = tmp_path / "out.csv"
    assert main(["responses", "export", str(path), str(csv_path)]) == 0
    assert "left out: the confidential evidence of 1 answer" in capsys.readouterr().out
    with csv_path.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    first = next(r for r in rows if r["criterion"] == core[0])
    assert first["evidence"] == "" and first["links"] == "" and first["confidential"] == "yes"
    # importing: "yes" (or any word but no) keeps it confidential; an empty cell or "no" does not
    first["confidential"], rows[1]["confidential"] = "Oui", "no"
    with csv_path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert main(["responses", "import", str(path), str(csv_path)]) == 0
    back = {r.criterion: r.confidential for r in load_assessment(path).responses}
    assert back[core[0]] is True and back[core[1]] is False


def test_the_form_marks_evidence_confidential(tmp_path, small_rubric):
    from assessment.jupyter.form import AssessmentForm
    from assessment.storage.filestore import AssessmentFile

    path = tmp_path / "f.json"
    save_assessment(new_assessment(small_rubric, entity="T", kind="country", country="XT", date=dt.date(2026, 1, 1)), path)  # fmt: skip
    form = AssessmentForm(small_rubric, AssessmentFile(path), debounce=0)
    card = form.card("A.1-x")
    card.choice.value = 2
    card.evidence.value = "internal audit"
    card.confidential.value = True
    assert load_assessment(path).responses[0].confidential is True
    again = AssessmentForm(small_rubric, AssessmentFile(path), debounce=0)
    assert again.card("A.1-x").confidential.value is True


def test_importing_an_export_back_keeps_the_confidential_evidence(tmp_path, capsys):
    _, path, core = _answered(tmp_path, short_form=False, confidential=True)
    csv_path = tmp_path / "round.csv"
    assert main(["responses", "export", str(path), str(csv_path)]) == 0
    assert main(["responses", "import", str(path), str(csv_path)]) == 0
    assert "kept the confidential evidence of 1 answer" in capsys.readouterr().out
    back = next(r for r in load_assessment(path).responses if r.criterion == core[0])
    assert back.confidential and back.evidence == SECRET


def test_the_participants_page_does_not_offer_a_mark_its_store_cannot_keep(tmp_path, small_rubric):
    from assessment.jupyter.participant import ParticipantApp
    from assessment.storage.workshops import WorkshopStore

    WorkshopStore.create(tmp_path / "ws.sqlite", small_rubric, title="T", entity="Testland", kind="country").close()  # fmt: skip
    app = ParticipantApp(tmp_path / "ws.sqlite")
    app.group.value = "Government"
    app.start.click()
    card = app.form.card("A.1-x")
    assert card.confidential.layout.display == "none"


def test_the_library_writers_leave_it_out_unless_asked(tmp_path):
    from openpyxl import load_workbook

    from assessment.storage.assessments import write_responses

    _, path, _ = _answered(tmp_path, short_form=False, confidential=True)
    a = load_assessment(path)
    for name in ("out.csv", "out.xlsx"):
        hidden = write_responses(a, tmp_path / name)
        shown = write_responses(a, tmp_path / f"all-{name}", include_confidential=True)
        if name.endswith(".xlsx"):
            texts = []
            for p in (hidden, shown):
                wb = load_workbook(p, read_only=True)
                rows = wb.active.iter_rows(values_only=True)
                texts.append("\n".join(" ".join(str(c) for c in r if c is not None) for r in rows))
                wb.close()
            text_hidden, text_shown = texts
        else:
            text_hidden = hidden.read_text(encoding="utf-8-sig")
            text_shown = shown.read_text(encoding="utf-8-sig")
        assert "Cabinet memo" not in text_hidden and "secret-memo" not in text_hidden
        assert "Cabinet memo 12/2025" in text_shown


def test_a_file_without_the_column_never_clears_the_mark(tmp_path, capsys):
    _, path, core = _answered(tmp_path, short_form=False, confidential=True)
    sheet = tmp_path / "from-elsewhere.csv"
    sheet.write_text(
        "criterion,respondent,status,level,evidence\r\n"
        f"{core[0]},self,scored,3,Updated cabinet memo 14/2025\r\n",
        encoding="utf-8",
    )
    assert main(["responses", "import", str(path), str(sheet)]) == 0
    back = next(r for r in load_assessment(path).responses if r.criterion == core[0])
    assert back.level == 3 and back.evidence == "Updated cabinet memo 14/2025"
    assert back.confidential is True  # still protected: only the form clears the mark


def test_the_notes_of_a_confidential_answer_stay_out_of_reports(tmp_path, capsys):
    rubric, path, core = _answered(tmp_path, short_form=False, confidential=True)
    a = load_assessment(path)
    first = a.response(core[0], "self")
    a = a.with_response(first.model_copy(update={"notes": "Minister's private remark"}))
    save_assessment(a, path)
    out = tmp_path / "r"
    assert main(["report", str(path), "--out", str(out), "--format", "html"]) == 0
    html = next(out.glob("*.html")).read_text()
    assert "private remark" not in html and "Cabinet memo" not in html
    assert main(["report", str(path), "--out", str(tmp_path / "s"), "--format", "html", "--include-confidential"]) == 0  # fmt: skip
    assert "Minister&#39;s private remark" in next((tmp_path / "s").glob("*.html")).read_text()


def test_a_short_form_report_explains_only_the_terms_of_its_own_criteria(tmp_path):
    from assessment.report import build_report

    rubric, path, core = _answered(tmp_path, short_form=True, confidential=False)
    a = load_assessment(path)
    short = {term for term, _, _ in build_report(rubric, a).glossary}
    full = {term for term, _, _ in build_report(rubric, a.model_copy(update={"short_form": False})).glossary}  # fmt: skip
    core_terms = {
        rubric.glossary[t].term for cid in core for t in rubric.by_id[cid].criterion.terms
    }
    assert short == core_terms and short < full
