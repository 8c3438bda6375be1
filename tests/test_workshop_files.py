"""The workshop file as facilitators handle it: copied alone, backed up while in use, imported
into all or nothing, never confused with another file, readable from read-only media, and
carrying its own rubric. Real SQLite files and the real command line throughout."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from assessment.cli import main
from assessment.errors import UsageError
from assessment.responses import Respondent, Response, new_assessment
from assessment.storage.workshops import WorkshopStore, import_into_workshop

from .conftest import DATA, ROOT

SAMPLE = ROOT / "sample_data" / "examplia-workshop-2025.csv"
SMALL = DATA / "rubric-valid-small.yaml"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _answers_in_file_alone(path: Path, tmp: Path) -> int:
    """Answers seen in a copy of the ``.sqlite`` file without its ``-wal`` (a USB stick copy)."""
    copy = tmp / f"copy-{path.name}"
    shutil.copyfile(path, copy)
    conn = sqlite3.connect(copy)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0])
    finally:
        conn.close()


def _new(ws: Path, rubric: str = "gdi-digital-inclusion-2025", kind: str = "country") -> None:
    argv = ["workshop", "new", str(ws), "--rubric", rubric, "--title", "Test", "--entity", "Testland", "--kind", kind]  # fmt: skip
    assert main(argv) == 0


def _people(rubric, n: int, *, ids: bool = True, level: int = 2):
    """An imported survey: ``n`` respondents numbered like a file without an id column."""
    a = new_assessment(
        rubric, entity="Testland", kind="country", country="XT", date=dt.date(2025, 7, 1)
    )
    people = tuple(
        Respondent(id=f"r{k + 2}" if not ids else f"{1001 + k}", group="Academia") for k in range(n)
    )
    answers = tuple(
        Response(criterion=c.id, respondent=p.id, status="scored", level=level)
        for p in people
        for c in rubric.criteria("country")
    )
    return a.model_copy(update={"respondents": people, "responses": answers})


def test_every_command_leaves_one_self_contained_file(tmp_path, capsys):
    ws = tmp_path / "ws.sqlite"
    _new(ws)
    assert main(["workshop", "import", str(ws), str(SAMPLE)]) == 0
    assert "288 answers: 288 added, 0 updated, 0 unchanged" in capsys.readouterr().out
    assert _answers_in_file_alone(ws, tmp_path) == 288
    for argv in (["workshop", "status", str(ws)], ["workshop", "export", str(ws), "--out", str(tmp_path / "c.json")]):  # fmt: skip
        assert main(argv) == 0
        assert _answers_in_file_alone(ws, tmp_path) == 288
    wal = ws.with_name(ws.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_backup_copies_answers_still_in_the_wal(small_rubric, tmp_path, capsys):
    ws = tmp_path / "ws.sqlite"
    store = WorkshopStore.create(ws, small_rubric, title="T", entity="Testland", kind="country")
    try:
        import_into_workshop(store, _people(small_rubric, 3), label="room-a")
        # the store is still open (a live workshop): its answers are in the WAL, not the file
        assert main(["workshop", "backup", str(ws), str(tmp_path / "b.sqlite")]) == 0
    finally:
        store.close()
    per_person = len(small_rubric.criteria("country"))
    assert f"{3 * per_person} answers" in capsys.readouterr().out
    only = tmp_path / "only"
    only.mkdir()
    shutil.copyfile(tmp_path / "b.sqlite", only / "b.sqlite")  # the backup alone, nothing beside it
    with WorkshopStore(only / "b.sqlite") as copy:
        assert copy.count() == 3 * per_person
    assert main(["workshop", "backup", str(ws), str(tmp_path / "b.sqlite")]) == 1  # never replaced
    assert "already exists" in capsys.readouterr().err


def test_an_import_that_fails_halfway_leaves_the_store_byte_for_byte(small_rubric, tmp_path):
    ws = tmp_path / "ws.sqlite"
    WorkshopStore.create(ws, small_rubric, title="T", entity="Testland", kind="country").close()
    before = _sha(ws)
    store = WorkshopStore(ws)
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages + 1}")  # the disk fills up halfway
    with pytest.raises(UsageError, match="the disk is full; nothing of this change was saved"):
        import_into_workshop(store, _people(small_rubric, 300), label="big")
    store.close()
    assert _sha(ws) == before
    with WorkshopStore(ws) as again:
        assert again.count() == 0 and again.participants() == []


def test_two_files_numbered_alike_never_take_each_others_people(small_rubric, tmp_path):
    with WorkshopStore.create(tmp_path / "ws.sqlite", small_rubric, title="T", entity="Testland", kind="country") as store:  # fmt: skip
        room_a = import_into_workshop(store, _people(small_rubric, 3, ids=False), label="room-a")
        room_b = import_into_workshop(store, _people(small_rubric, 3, ids=False, level=4), label="room-b")  # fmt: skip
        assert (room_a.people_added, room_b.people_added) == (3, 3)
        assert len(store.participants()) == 6
        n = 3 * len(small_rubric.criteria("country"))  # answers in one room's file
        again = import_into_workshop(store, _people(small_rubric, 3, ids=False), label="room-a")
        assert (again.people_added, again.people_kept, again.added, again.updated, again.unchanged) == (0, 3, 0, 0, n)  # fmt: skip
        corrected = import_into_workshop(store, _people(small_rubric, 3, ids=False, level=1), label="room-a")  # fmt: skip
        assert (corrected.added, corrected.updated, corrected.unchanged) == (0, n, 0)
        assert store.count() == 2 * n
        levels = store.frame().groupby("respondent")["level"].max().to_dict()
        assert levels == {"room-a.r2": 1, "room-a.r3": 1, "room-a.r4": 1, "room-b.r2": 4, "room-b.r3": 4, "room-b.r4": 4}  # fmt: skip


def test_a_file_that_is_not_a_workshop_is_never_changed(tmp_path, capsys):
    foreign = tmp_path / "accounts.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE ledger (x)")
    conn.execute("INSERT INTO ledger VALUES (1)")
    conn.commit()
    conn.close()
    text = tmp_path / "notes.sqlite"
    text.write_text("not a database at all")
    for path in (foreign, text):
        before = _sha(path)
        for command in ("status", "export", "backup", "import"):
            extra = {"export": ["--out", str(tmp_path / "x.json")], "backup": [str(tmp_path / "b.sqlite")], "import": [str(SAMPLE)]}  # fmt: skip
            assert main(["workshop", command, str(path), *extra.get(command, [])]) == 1
            assert "not a workshop file" in capsys.readouterr().err
        assert _sha(path) == before
        assert not path.with_name(path.name + "-wal").exists()
        assert not path.with_name(path.name + "-shm").exists()
    (header,) = sqlite3.connect(foreign).execute("PRAGMA journal_mode").fetchone()
    assert header == "delete"  # never switched to WAL


def test_a_read_only_store_is_read_and_exported_but_never_written(small_rubric, tmp_path):
    ws = tmp_path / "ws.sqlite"
    with WorkshopStore.create(ws, small_rubric, title="T", entity="Testland", kind="country") as store:  # fmt: skip
        import_into_workshop(store, _people(small_rubric, 3), label="room-a")
    before = _sha(ws)
    with WorkshopStore(ws, read_only=True) as store:
        assert store.count() == 3 * len(small_rubric.criteria("country"))
        assert len(store.participants()) == 3
        with pytest.raises(UsageError, match="read-only"):
            import_into_workshop(store, _people(small_rubric, 1), label="room-b")
    assert _sha(ws) == before


def test_a_custom_rubric_travels_with_the_workshop(tmp_path, capsys):
    custom = tmp_path / "custom.yaml"
    shutil.copyfile(SMALL, custom)
    ws = tmp_path / "ws.sqlite"
    _new(ws, rubric=str(custom))
    survey = tmp_path / "room.csv"
    survey.write_text("id,group,A.1-x,A.1-y,A.2-z,B.1-p\n1,Academia,2,3,1,4\n2,Business,1,1,2,2\n3,Government,3,2,2,3\n")  # fmt: skip
    custom.unlink()  # the rubric file is gone: the workshop carries it
    assert main(["workshop", "import", str(ws), str(survey)]) == 0
    out = tmp_path / "c.json"
    assert main(["workshop", "export", str(ws), "--out", str(out), "--report", str(tmp_path / "r")]) == 0  # fmt: skip
    assert "test-small" in out.read_text(encoding="utf-8")
    assert len(list((tmp_path / "r").glob("*.pdf"))) == 1
    capsys.readouterr()


def test_a_custom_rubric_claiming_a_bundled_id_is_refused(tmp_path, capsys):
    bundled = ROOT / "rubrics" / "gdi-digital-inclusion-2025.yaml"
    copy = tmp_path / "inclusion.yaml"
    shutil.copyfile(bundled, copy)
    _new(tmp_path / "same.sqlite", rubric=str(copy))  # an unchanged copy is the same rubric
    copy.write_text(bundled.read_text(encoding="utf-8").replace("title: Digital inclusion", "title: Our digital inclusion", 1), encoding="utf-8")  # fmt: skip
    argv = ["workshop", "new", str(tmp_path / "w.sqlite"), "--rubric", str(copy), "--title", "T", "--entity", "E", "--kind", "country"]  # fmt: skip
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "claims the id 'gdi-digital-inclusion-2025'" in err and "its own id" in err
    assert not (tmp_path / "w.sqlite").exists()


def test_names_appear_only_in_the_export_that_asks(tmp_path, capsys):
    ws = tmp_path / "ws.sqlite"
    _new(ws, rubric=str(SMALL))
    survey = tmp_path / "room.csv"
    survey.write_text("id,name,group,A.1-x\n1,Amina Diallo,Academia,2\n2,Li Wei,Business,3\n")
    assert main(["workshop", "import", str(ws), str(survey)]) == 0
    named, plain = tmp_path / "named.json", tmp_path / "plain.json"
    assert main(["workshop", "export", str(ws), "--out", str(named), "--show-names"]) == 0
    assert main(["workshop", "export", str(ws), "--out", str(plain)]) == 0
    assert "Amina Diallo" in named.read_text(encoding="utf-8")
    assert "Amina Diallo" not in plain.read_text(encoding="utf-8")
    assert b"Amina" in ws.read_bytes()  # kept in the workshop, for the facilitator only
    capsys.readouterr()


def test_bad_date_in_workshop_new_is_a_message(tmp_path, capsys):
    argv = ["workshop", "new", str(tmp_path / "w.sqlite"), "--rubric", str(SMALL), "--title", "T", "--entity", "E", "--kind", "country", "--date", "31/12/2025"]  # fmt: skip
    assert main(argv) == 1
    assert "is not a date; use YYYY-MM-DD" in capsys.readouterr().err


def test_limesurvey_import_through_a_mapping_file(tmp_path, capsys):
    ws = tmp_path / "ws.sqlite"
    _new(ws, rubric=str(SMALL))
    export = tmp_path / "results-survey123.csv"  # LimeSurvey: codes of letters and digits only
    export.write_bytes(b'\xef\xbb\xbf"id";"submitdate";"Q01";"Q02"\r\n"1";"2025-07-15 10:02:11";"AO03";"AO05"\r\n"2";"2025-07-15 10:04:40";"AO02";"AO06"\r\n')  # fmt: skip
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("columns:\n  Q01: A.1-x\n  Q02: B.1-p\nanswers:\n  AO01: 0\n  AO02: 1\n  AO03: 2\n  AO04: 3\n  AO05: 4\n  AO06: n/a\n")  # fmt: skip
    assert main(["workshop", "import", str(ws), str(export), "--mapping", str(mapping)]) == 0
    assert "4 answers: 4 added" in capsys.readouterr().out
    with WorkshopStore(ws) as store:
        got = {(r.respondent, r.criterion): (r.status, r.level) for r in store.responses_all()}
    assert got == {
        ("results-survey123.1", "A.1-x"): ("scored", 2),
        ("results-survey123.1", "B.1-p"): ("scored", 4),
        ("results-survey123.2", "A.1-x"): ("scored", 1),
        ("results-survey123.2", "B.1-p"): ("not-applicable", None),
    }


def test_a_damaged_workshop_is_a_message_and_never_backed_up(tmp_path, capsys):
    ws = tmp_path / "ws.sqlite"
    _new(ws)
    assert main(["workshop", "import", str(ws), str(SAMPLE)]) == 0
    pages = ws.stat().st_size // 4096
    with ws.open("r+b") as f:  # a bad sector, a USB stick pulled out: the answers' pages
        for page in range(pages - 6, pages):
            f.seek(page * 4096 + 100)
            f.write(b"\xa5" * 300)
    damaged = _sha(ws)
    capsys.readouterr()
    for argv in (
        ["workshop", "status", str(ws)],
        ["workshop", "export", str(ws), "--out", str(tmp_path / "out.json")],
        ["workshop", "backup", str(ws), str(tmp_path / "copy.sqlite")],
    ):
        assert main(argv) == 1, argv
        err = capsys.readouterr().err
        assert "the workshop file is damaged" in err and "Traceback" not in err, err
    assert not (tmp_path / "copy.sqlite").exists()  # a copy of a damaged file is no backup
    assert not (tmp_path / "out.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ws.sqlite"]
    assert _sha(ws) == damaged  # nothing was changed
