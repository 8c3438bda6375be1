"""The campaign form (XLSForm) for KoboToolbox and ODK Central, and its exports coming back.

The form is converted with pyxform (the library Kobo and ODK use; no Java needed), for both
rubrics, both kinds, the short form and every language: any error or warning fails. Exports are
then written the way Kobo (XML values or labels; ``/`` between group and field; CSV with ``;`` and
every value quoted, or XLSX) and ODK Central (``-`` between group and field, ``SubmissionDate``
first, ``KEY``, ``ReviewState``) write them, from the form's own field names and labels, and must
import exactly: every answer, reason, target, confidence and evidence, each submission's unit,
respondent, group and time.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random

import pytest
import pyxform.xls2xform as pyxform  # the XLSForm converter Kobo and ODK use (a test tool)

from assessment.cli import main
from assessment.errors import ProblemsError
from assessment.storage.rubrics import resolve_rubric, translated
from assessment.storage.survey import read_survey, read_survey_table
from assessment.storage.xlsform import write_xlsform
from assessment.survey import parse_campaign
from assessment.text import available_languages
from assessment.xlsform import CHOICE_DK, CHOICE_NA, GROUP_CHOICES, build_xlsform, field_name

RUBRICS = ("gdi-digital-inclusion-2025", "gdi-digital-cooperation-2024")


def _form(rubric_id, kind="country", core=False, langs=("en",), **kw):
    r = resolve_rubric(rubric_id)
    return r, build_xlsform(r, {lg: translated(r, lg) for lg in langs}, kind=kind, core_only=core, **kw)  # fmt: skip


def _convert(form, tmp_path):
    path = write_xlsform(form, tmp_path / "form.xlsx")
    warnings: list[str] = []
    result = pyxform.convert(str(path), warnings=warnings)
    return result.xform, warnings


@pytest.mark.parametrize("rubric_id", RUBRICS)
@pytest.mark.parametrize("kind", ["country", "organisation"])
@pytest.mark.parametrize("core", [False, True])
def test_pyxform_converts_the_form_without_a_warning(rubric_id, kind, core, tmp_path):
    r, form = _form(rubric_id, kind, core)
    xform, warnings = _convert(form, tmp_path)
    assert warnings == []
    asked = [k for k in r.criteria(kind) if k.core or not core]
    assert len(form.questions) == len(asked)
    # every criterion is a question of the XForm, and the form says which rubric it is
    for k in asked:
        assert f'/{field_name(k.id)}"' in xform or f"/{field_name(k.id)} " in xform
    assert r.content_hash in xform and f'version="{r.version}-{r.content_hash[:8]}"' in xform


@pytest.mark.parametrize("rubric_id", RUBRICS)
def test_every_language_is_a_translation_of_the_form(rubric_id, tmp_path):
    langs = available_languages()
    r, form = _form(rubric_id, langs=langs)
    xform, warnings = _convert(form, tmp_path)
    assert warnings == []
    for lg in langs:
        assert f'lang="{form.survey_header[2 + langs.index(lg)].split("::")[1]}"' in xform
    fr = translated(r, "fr")
    first = fr.refs[0].criterion
    import html

    # the French question (pyxform writes a no-break space as a space)
    said = f"[{first.id}] {first.question('country')}".replace("\xa0", " ")
    assert said in html.unescape(xform).replace("\xa0", " ")


# -- exports, as the tools write them ----------------------------------------------------------


def _submissions(r, kind, seed=7, units=(("MUN-001", "Ville d'Exemple"), ("MUN-002", "Port Examplia"), ("PRV_03", "Province 3"))):  # fmt: skip
    """Fictional submissions: per unit two or three people, every kind of answer and text."""
    rng = random.Random(seed)
    crit = r.criteria(kind)
    subs = []
    n = 0
    for uid, uname in units:
        for _ in range(rng.choice((2, 3))):
            n += 1
            answers = {}
            for k in crit:
                pick = rng.choice(["0", "1", "2", "3", "4", "4", CHOICE_NA, CHOICE_DK, ""])
                if not pick:
                    continue
                a = {"level": pick}
                if pick == CHOICE_NA:
                    a["reason"] = rng.choice(["No such body here", 'A "federal" matter; not ours', "Pas chez nous, voir l'arrêté n° 3"])  # fmt: skip
                elif pick != CHOICE_DK:
                    if rng.random() < 0.4:
                        a["target"] = str(rng.randint(int(pick), 4))
                    if rng.random() < 0.5:
                        a["confidence"] = rng.choice(["low", "medium", "high"])
                if rng.random() < 0.3:
                    a["evidence"] = rng.choice(["Decree 7/2024; budget line 12", "Rapport annuel, p. 4\nvoir annexe", "تقرير 2024", "年度报告"])  # fmt: skip
                answers[k.id] = a
            subs.append(
                {
                    "uuid": f"5f{n:02d}c3a0-1b2c-4d5e-8f90-{n:012d}",
                    "id": 1000 + n,
                    "time": dt.datetime(2025, 7, 10 + n, 9, n, 30),
                    "entity_id": uid,
                    "entity_name": uname,
                    "name": rng.choice(["", "Aïcha", "李明", "O'Neil"]),
                    "group": rng.choice(list(GROUP_CHOICES)),
                    "answers": answers,
                }
            )
    return subs


def _columns(form, lang=None):
    """The form's fields in order, each with its group, its name, its label (``lang``) and type."""
    h = form.survey_header
    label_i = h.index(f"label::{lang}") if lang else None
    group, group_label, out = None, None, []
    for row in form.survey:
        t, name = row[0], row[1]
        if t == "begin_group":
            group, group_label = name, row[label_i] if label_i else None
        elif t == "end_group":
            group = group_label = None
        elif t not in ("start", "end"):
            out.append((group, group_label, name, row[label_i] if label_i else None, t))
    return out


def _choice_labels(form, lang):
    i = form.choices_header.index(f"label::{lang}")
    return {(row[0], row[1]): row[i] for row in form.choices}


def _value(sub, name, field_type):
    """A submission's value of one field, as the form names it."""
    if name in ("rubric_id", "rubric_version", "rubric_sha256", "form_kind"):
        return sub["calc"][name]
    if name in ("entity_id", "entity_name"):
        return sub[name]
    if name == "respondent_name":
        return sub["name"]
    if name == "stakeholder_group":
        return sub["group"]
    for cid, a in sub["answers"].items():
        base = field_name(cid)
        if name == base:
            return a["level"]
        if name.startswith(base + "_") and name[len(base) + 1 :] in a:
            return a[name[len(base) + 1 :]]
    return ""


def _rows(form, subs, r, *, lang=None, sep="/"):
    cols = _columns(form, lang)
    labels = _choice_labels(form, lang) if lang else {}
    header = [f"{g}{sep}{n}" if g and not lang else (f"{gl}/{lab}" if gl and lab else (lab or n)) for g, gl, n, lab, _t in cols]  # fmt: skip
    out = []
    for s in subs:
        s = {**s, "calc": {"rubric_id": r.id, "rubric_version": r.version, "rubric_sha256": r.content_hash, "form_kind": s.get("kind", "country")}}  # fmt: skip
        row = []
        for _g, _gl, n, _lab, t in cols:
            v = _value(s, n, t)
            if lang and v and t.startswith("select_one "):
                v = labels[(t.split()[1], v)]
            row.append(v)
        out.append(row)
    return header, out


def kobo_csv(form, subs, r, *, lang=None):
    """KoboToolbox's CSV export: ``;``, every value quoted, CRLF; then its metadata columns."""
    header, rows = _rows(form, subs, r, lang=lang)
    meta = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by", "__version__", "_tags", "_index"]  # fmt: skip
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    w.writerow(["start", "end", *header, *meta] if not lang else ["start", "end", *header, *meta])
    for i, (s, row) in enumerate(zip(subs, rows, strict=True), start=1):
        t = s["time"].isoformat()
        w.writerow(
            [t, t, *row, s["id"], s["uuid"], t, "", "", "submitted_via_web", "", "vX7fA", "", i]
        )
    return buf.getvalue().encode("utf-8")


def kobo_xlsx(form, subs, r, path):
    """KoboToolbox's XLSX export (XML values): dates typed, numbers as numbers."""
    from openpyxl import Workbook

    header, rows = _rows(form, subs, r)
    wb = Workbook()
    ws = wb.active
    ws.append(["start", "end", *header, "_id", "_uuid", "_submission_time", "_index"])
    for i, (s, row) in enumerate(zip(subs, rows, strict=True), start=1):
        cells = [int(v) if v.isdigit() and len(v) == 1 else v for v in row]
        ws.append([s["time"], s["time"], *cells, s["id"], s["uuid"], s["time"], i])
    wb.save(path)
    return path


def odk_csv(form, subs, r, *, rejected=()):
    """ODK Central's CSV export: ``SubmissionDate`` first, ``-`` between group and field."""
    header, rows = _rows(form, subs, r, sep="-")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    tail = ["meta-instanceID", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits", "FormVersion"]  # fmt: skip
    w.writerow(["SubmissionDate", "start", "end", *header, *tail])
    for s, row in zip(subs, rows, strict=True):
        t = s["time"].isoformat(timespec="milliseconds") + "Z"
        key = f"uuid:{s['uuid']}"
        state = "rejected" if s["uuid"] in rejected else ""
        w.writerow([t, t, t, *row, key, key, "17", "enumerator 1", "0", "0", "", state, "collect:abc", "0", f"{r.version}-{r.content_hash[:8]}"])  # fmt: skip
    return buf.getvalue().encode("utf-8")


def _expected(subs, who="uuid"):
    """unit id -> respondent id (Kobo's ``_id``, ODK's KEY without ``uuid:``) -> criterion -> the
    answer as the assessment keeps it."""
    out: dict = {}
    for s in subs:
        person = out.setdefault(s["entity_id"], {}).setdefault(str(s[who]), {})
        for cid, a in s["answers"].items():
            lv = a["level"]
            status = {"na": "not-applicable", "dk": "dont-know"}.get(lv, "scored")
            person[cid] = (
                status,
                int(lv) if status == "scored" else None,
                a.get("reason"),
                int(a["target"]) if a.get("target") else None,
                a.get("confidence"),
                a.get("evidence", ""),
            )
    return out


def _got(found):
    out: dict = {}
    for imp in found.entities:
        a = imp.assessment
        unit = out.setdefault(a.entity.id, {})
        for resp in a.responses:
            unit.setdefault(resp.respondent, {})[resp.criterion] = (
                resp.status, resp.level, resp.reason, resp.target, resp.confidence, resp.evidence,
            )  # fmt: skip
    return out


def _import(path, r, **kw):
    table, _ = read_survey_table(path)
    return parse_campaign(table, r, **kw)


@pytest.mark.parametrize("how", ["kobo-xml", "kobo-labels-en", "kobo-labels-fr", "kobo-labels-ar", "kobo-xlsx", "odk"])  # fmt: skip
def test_an_export_of_the_form_imports_exactly(how, tmp_path):
    langs = available_languages()
    r, form = _form("gdi-digital-inclusion-2025", langs=langs)
    subs = _submissions(r, "country")
    path = tmp_path / ("export.xlsx" if how == "kobo-xlsx" else "export.csv")
    if how == "kobo-xml":
        path.write_bytes(kobo_csv(form, subs, r))
    elif how.startswith("kobo-labels"):
        lang = how.rsplit("-", 1)[1]
        column = next(h for h in form.survey_header if h.startswith("label::") and h.endswith(f"({lang})"))  # fmt: skip
        path.write_bytes(kobo_csv(form, subs, r, lang=column.split("::")[1]))
    elif how == "kobo-xlsx":
        kobo_xlsx(form, subs, r, path)
    else:
        path.write_bytes(odk_csv(form, subs, r))
    found = _import(path, r)
    assert [i.assessment.entity.id for i in found.entities] == ["MUN-001", "MUN-002", "PRV_03"]
    assert [i.assessment.entity.name for i in found.entities] == ["Ville d'Exemple", "Port Examplia", "Province 3"]  # fmt: skip
    who = "uuid" if how == "odk" else "id"  # Kobo's _id comes first; ODK's KEY
    assert _got(found) == _expected(subs, who)  # every answer and companion, nothing lost
    for imp in found.entities:
        a = imp.assessment
        assert a.entity.kind == "country"  # what the form asked about
        mine = [s for s in subs if s["entity_id"] == a.entity.id]
        people = {p.id: p for p in a.respondents}
        for s in mine:
            p = people[str(s[who])]
            assert p.name == (s["name"] or None)
            assert p.group == GROUP_CHOICES[s["group"]]
            assert {x.answered_at.replace(tzinfo=None) for x in a.responses if x.respondent == str(s[who])} <= {s["time"]}  # fmt: skip
        assert a.date == max(s["time"].date() for s in mine)


def test_another_rubric_or_its_other_content_is_refused_by_row(tmp_path):
    r, form = _form("gdi-digital-inclusion-2025")
    subs = _submissions(r, "country")
    text = kobo_csv(form, subs, r).decode("utf-8").replace(r.content_hash, "0" * 64, 1)
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsError) as info:
        _import(path, r)
    (p,) = info.value.problems
    assert p.line == 2 and p.field == "rubric_sha256"
    assert "was made with the form of rubric" in p.message and r.version in p.message


def test_rejected_submissions_are_left_out_and_said(tmp_path, capsys):
    r, form = _form("gdi-digital-inclusion-2025")
    subs = _submissions(r, "country")
    gone = subs[1]["uuid"]
    path = tmp_path / "odk.csv"
    path.write_bytes(odk_csv(form, subs, r, rejected={gone}))
    found = _import(path, r)
    assert found.rejected == (3,)
    assert _got(found) == _expected([s for s in subs if s["uuid"] != gone])
    out = tmp_path / "units"
    assert main(["campaign", "import", str(path), "--rubric", r.id, "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert (
        "3 units assessed" in said and "left out 1 submissions rejected in review (rows 3)" in said
    )
    files = sorted(p.name for p in out.iterdir())
    assert files == ["MUN-001.json", "MUN-002.json", "PRV_03.json"]
    saved = json.loads((out / "MUN-002.json").read_text(encoding="utf-8"))
    assert saved["entity"] == {"name": "Port Examplia", "kind": "country", "country": "ZZ", "id": "MUN-002"}  # fmt: skip
    # again: nothing is replaced unless asked
    before = (out / "MUN-001.json").read_bytes()
    assert main(["campaign", "import", str(path), "--rubric", r.id, "--out", str(out)]) == 1
    assert "already in the folder" in capsys.readouterr().err
    assert (out / "MUN-001.json").read_bytes() == before
    assert main(["campaign", "import", str(path), "--rubric", r.id, "--out", str(out), "--force", "--round", "follow-up"]) == 0  # fmt: skip
    assert json.loads((out / "MUN-001.json").read_text())["round"] == "follow-up"


def test_a_workshop_imports_a_kobo_export_of_the_form_with_no_mapping(tmp_path):
    r, form = _form("gdi-digital-inclusion-2025")
    subs = [s for s in _submissions(r, "country") if s["entity_id"] == "MUN-001"]
    path = tmp_path / "kobo.csv"
    path.write_bytes(kobo_csv(form, subs, r))
    imp = read_survey(path, r, entity="Ville d'Exemple", kind="country")
    got = {(x.respondent, x.criterion): (x.status, x.level) for x in imp.assessment.responses}
    want = {(str(s["id"]), c): v[:2] for s in subs for c, v in _expected([s], "id")["MUN-001"][str(s["id"])].items()}  # fmt: skip
    assert got == want


def test_the_command_writes_the_form(tmp_path, capsys):
    out = tmp_path / "form.xlsx"
    assert main(["xlsform", "gdi-digital-cooperation-2024", "--kind", "organisation", "--lang", "fr,en", "-o", str(out)]) == 0  # fmt: skip
    assert "questions, in fr, en" in capsys.readouterr().out
    warnings: list[str] = []
    xform = pyxform.convert(str(out), warnings=warnings).xform
    assert warnings == [] and 'lang="Français (fr)"' in xform
    assert main(["xlsform", "gdi-digital-cooperation-2024", "-o", str(tmp_path / "form.csv")]) == 1
    assert "must end in .xlsx" in capsys.readouterr().err


def test_a_bad_date_or_a_missing_export_is_one_clear_message(tmp_path, capsys):
    r, form = _form("gdi-digital-inclusion-2025")
    path = tmp_path / "kobo.csv"
    path.write_bytes(kobo_csv(form, _submissions(r, "country"), r))
    out = tmp_path / "units"
    assert main(["campaign", "import", str(path), "--rubric", r.id, "--out", str(out), "--date", "30/06/2026"]) == 1  # fmt: skip
    err = capsys.readouterr().err
    assert "30/06/2026" in err and "Traceback" not in err and not out.exists()
    assert main(["campaign", "import", str(tmp_path / "none.csv"), "--rubric", r.id, "--out", str(out)]) == 1  # fmt: skip
    assert "no such file" in capsys.readouterr().err


def test_unit_codes_windows_reserves_are_saved_under_names_every_system_keeps(tmp_path, capsys):
    r, form = _form("gdi-digital-inclusion-2025")
    subs = _submissions(r, "country", units=(("CON", "Conakry (fictional)"), ("nul.1", "Null Bay"), ("A.", "Ay")))  # fmt: skip
    path = tmp_path / "kobo.csv"
    path.write_bytes(kobo_csv(form, subs, r))
    out = tmp_path / "units"
    assert main(["campaign", "import", str(path), "--rubric", r.id, "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["A.+.json", "CON+.json", "nul+.1.json"]
    assert json.loads((out / "CON+.json").read_text(encoding="utf-8"))["entity"]["id"] == "CON"
    # a code is never given another code's file (CON_ is a code of its own)
    subs = _submissions(r, "country", units=(("CON", "Conakry (fictional)"), ("CON_", "Other")))
    path.write_bytes(kobo_csv(form, subs, r))
    other = tmp_path / "other"
    assert main(["campaign", "import", str(path), "--rubric", r.id, "--out", str(other)]) == 0
    assert sorted(p.name for p in other.iterdir()) == ["CON+.json", "CON_.json"]


def test_one_code_in_two_spellings_of_capitals_is_a_problem_at_its_row(tmp_path):
    r, form = _form("gdi-digital-inclusion-2025")
    subs = _submissions(r, "country", units=(("MUN-001", "Ville"), ("mun-001", "Ville")))
    path = tmp_path / "kobo.csv"
    path.write_bytes(kobo_csv(form, subs, r))
    with pytest.raises(ProblemsError) as info:
        _import(path, r)
    codes = {p.code for p in info.value.problems}
    assert codes == {"survey-entity-case"}
    assert 'written as "MUN-001" in row 2' in info.value.problems[0].message


def test_respondents_names_are_kept_only_when_asked_for(tmp_path, capsys):
    r, form = _form("gdi-digital-inclusion-2025")
    subs = _submissions(r, "country")
    named = {str(s["id"]): s["name"] for s in subs if s["name"]}
    assert named, "the fictional submissions give some names"
    path = tmp_path / "kobo.csv"
    path.write_bytes(kobo_csv(form, subs, r))
    plain, keep = tmp_path / "plain", tmp_path / "keep"
    assert main(["campaign", "import", str(path), "--rubric", r.id, "--out", str(plain)]) == 0
    assert main(["campaign", "import", str(path), "--rubric", r.id, "--out", str(keep), "--keep-names"]) == 0  # fmt: skip
    for f in plain.iterdir():
        text = f.read_text(encoding="utf-8")
        people = json.loads(text)["respondents"]
        assert people and all(p.get("name") is None and p["group"] for p in people)
        assert not any(n in text for n in named.values())
    kept = {p["id"]: p.get("name") for f in keep.iterdir() for p in json.loads(f.read_text(encoding="utf-8"))["respondents"]}  # fmt: skip
    assert {k: v for k, v in kept.items() if v} == named


def test_the_form_caps_long_texts_and_the_import_names_each_cell_at_once(tmp_path):
    r, form = _form("gdi-digital-inclusion-2025")
    header = form.survey_header
    rows = {row[header.index("name")]: row for row in form.survey}
    k = r.criteria("country")[0]
    name = field_name(k.id)
    assert rows[f"{name}_reason"][header.index("constraint")] == "string-length(.) <= 500"
    assert rows[f"{name}_evidence"][header.index("constraint")] == "string-length(.) <= 20000"
    assert rows["entity_name"][header.index("constraint")] == "string-length(.) <= 500"
    assert "At most 500 characters" in rows["entity_name"]
    # an export made before the form checked: every over-long cell named, in one go
    subs = _submissions(r, "country")
    subs[0]["answers"][k.id] = {"level": CHOICE_NA, "reason": "x" * 501}
    subs[1]["answers"][k.id] = {"level": "2", "evidence": "y" * 20_001}
    subs[2]["entity_name"] = "z" * 501
    path = tmp_path / "kobo.csv"
    path.write_bytes(kobo_csv(form, subs, r))
    with pytest.raises(ProblemsError) as info:
        _import(path, r)
    got = [(p.line, p.field.rsplit("/", 1)[-1]) for p in info.value.problems]
    assert got == [(2, f"{name}_reason"), (3, f"{name}_evidence"), (4, "entity_name")]


def test_a_workshop_refuses_a_campaign_export_about_several_units(tmp_path):
    r, form = _form("gdi-digital-inclusion-2025")
    path = tmp_path / "kobo.csv"
    path.write_bytes(kobo_csv(form, _submissions(r, "country"), r))
    with pytest.raises(ProblemsError) as info:
        read_survey(path, r, entity="Ville d'Exemple", kind="country")
    (p,) = info.value.problems
    assert p.code == "survey-several-units" and "3 units (MUN-001, MUN-002, PRV_03)" in p.message


def test_an_export_of_another_rubric_s_form_is_one_plain_line(tmp_path, capsys):
    r, form = _form("gdi-digital-inclusion-2025")
    text = kobo_csv(form, _submissions(r, "country"), r).decode("utf-8")
    # an export without the rubric's calculated columns (a form edited on the platform)
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    keep = [i for i, h in enumerate(rows[0]) if not h.startswith("rubric_")]
    path = tmp_path / "kobo.csv"
    path.write_text(
        "\n".join(";".join(f'"{row[i]}"' for i in keep) for row in rows), encoding="utf-8"
    )
    out = tmp_path / "units"
    assert main(["campaign", "import", str(path), "--rubric", "gdi-digital-cooperation-2024", "--kind", "country", "--out", str(out)]) == 1  # fmt: skip
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "form of rubric gdi-digital-inclusion-2025" in err[0]
    assert "--rubric gdi-digital-inclusion-2025" in err[0] and not out.exists()
