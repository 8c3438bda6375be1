"""Many reports in one go: a report per assessment of files and folders, the earlier rounds of
each unit found among them, one broken file named without stopping the others (exit 1)."""

from __future__ import annotations

import json
import shutil

import pypdf

from assessment.cli import main
from assessment.cli.batch import assessment_files, earlier_rounds

from .conftest import ROOT

SAMPLES = ROOT / "sample_data"


def _folder(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for f in SAMPLES.glob("*.json"):
        shutil.copy(f, src / f.name)
    return src


def test_a_folder_with_one_broken_file_writes_the_others_and_names_it(tmp_path, capsys):
    src = _folder(tmp_path)
    (src / "broken.json").write_text('{"format": "gdi-assessment/1", "entity": ', encoding="utf-8")
    out = tmp_path / "out"
    code = main(["report", str(src), "--out", str(out), "--jobs", "2", "--format", "pdf,html"])
    captured = capsys.readouterr()
    assert code == 1
    assert "reports: 4 of 5 written, 1 failed" in captured.out
    assert f"not written: {src / 'broken.json'}:" in captured.err
    assert "Traceback" not in captured.err
    pdfs = sorted(p.name for p in out.glob("*.pdf"))
    assert len(pdfs) == 4 and len(list(out.glob("*.html"))) == 4
    assert not list(out.glob("*broken*")) and not list(out.glob("*.tmp"))
    # the follow-up was compared with its baseline, found among the inputs
    follow = next(out.glob("*follow-up*.pdf"))
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(follow).pages)
    assert "What changed since 2025-06-30" in " ".join(text.split())


def test_files_and_folders_each_once_and_rounds_by_unit(tmp_path):
    src = _folder(tmp_path)
    files = assessment_files([str(src), str(src / "examplia-2025-baseline.json")])
    assert len(files) == 4 and len(set(files)) == 4
    earlier = earlier_rounds(files)
    follow = src / "examplia-2026-follow-up.json"
    assert earlier[follow] == (src / "examplia-2025-baseline.json",)
    assert earlier[src / "examplia-2025-baseline.json"] == ()
    assert earlier[src / "port-examplia-city-2025.json"] == ()  # another unit
    # a campaign's units are told apart by their code, even with one name
    a = json.loads(follow.read_text(encoding="utf-8"))
    a["entity"]["id"] = "MUN-9"
    (src / "examplia-2026-follow-up.json").write_text(json.dumps(a), encoding="utf-8")
    assert earlier_rounds(files)[follow] == ()


def test_one_process_and_errors_before_any_report(tmp_path, capsys):
    src = _folder(tmp_path)
    out = tmp_path / "out"
    assert main(["report", str(src / "examplia-2025-baseline.json"), str(src / "port-examplia-city-2025.json"), "--out", str(out), "--jobs", "1", "--format", "html"]) == 0  # fmt: skip
    assert "reports: 2 of 2 written, 0 failed" in capsys.readouterr().out
    assert len(list(out.glob("*.html"))) == 2 and not list(out.glob("*.pdf"))
    assert main(["report", str(src), "--out", str(out), "--baseline", str(src / "examplia-2025-baseline.json")]) == 1  # fmt: skip
    assert "--baseline is for one assessment" in capsys.readouterr().err
    assert main(["report", str(tmp_path / "nothing-here"), str(src), "--out", str(out)]) == 1
    assert "no such file" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["report", str(empty), "--out", str(out)]) == 1
    assert "no assessment file in" in capsys.readouterr().err


def test_units_whose_report_names_would_clash_each_get_a_report_of_their_own(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    base = json.loads((SAMPLES / "port-examplia-city-2025.json").read_text(encoding="utf-8"))
    for code in ("MUN-0001", "MUN.0001", "mun_0001"):  # one slug, and case apart on Windows
        base["entity"]["id"] = code
        base["label"] = f"Fictional test data of unit {code}"
        (src / f"{code}.json").write_text(json.dumps(base), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["report", str(src), "--out", str(out), "--jobs", "2", "--format", "html"]) == 0
    captured = capsys.readouterr()
    names = sorted(p.name for p in out.glob("*.html"))
    assert len(names) == 3 and len({n.casefold() for n in names}) == 3
    assert sum("written as" in line for line in captured.err.splitlines()) == 2
    # each file is its own unit's report
    held = {code for n in names for code in ("MUN-0001", "MUN.0001", "mun_0001") if f"unit {code}" in (out / n).read_text(encoding="utf-8")}  # fmt: skip
    assert held == {"MUN-0001", "MUN.0001", "mun_0001"}


def test_rounds_are_linked_by_the_rule_rounds_are_compared_by(tmp_path):
    base = json.loads((SAMPLES / "port-examplia-city-2025.json").read_text(encoding="utf-8"))
    files = []
    for i, (country, date, rnd) in enumerate((("FR", "2025-01-10", "baseline"), ("DE", "2026-01-10", "follow-up"))):  # fmt: skip
        a = {**base, "entity": {**base["entity"], "country": country}, "date": date, "round": rnd}
        f = tmp_path / f"m{i}.json"
        f.write_text(json.dumps(a), encoding="utf-8")
        files.append(f)
    assert earlier_rounds(files)[files[1]] == ()  # another country: another entity
    # a file whose round is left out is a baseline, as its report names it
    same = {**base}
    same.pop("round", None)
    (tmp_path / "again.json").write_text(json.dumps(same), encoding="utf-8")
    (tmp_path / "first.json").write_text(
        json.dumps({**base, "round": "baseline"}), encoding="utf-8"
    )
    from assessment.cli.batch import distinct_stems

    renamed = distinct_stems([tmp_path / "first.json", tmp_path / "again.json"])
    assert list(renamed) == [tmp_path / "again.json"] and renamed[tmp_path / "again.json"].endswith(
        "-2"
    )
