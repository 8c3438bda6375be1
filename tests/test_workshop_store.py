"""The workshop's SQLite store: real files, real processes writing at once, Delphi rounds, consensus."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import sqlite3

import pytest

from assessment.errors import UsageError
from assessment.responses import Response
from assessment.storage.workshops import ParticipantStore, WorkshopBusyError, WorkshopStore

N_PROCESSES, N_ANSWERS = 20, 50


def _criteria(n: int) -> list[str]:
    return [f"C{i:03d}" for i in range(n)]


def _writer(path: str, who: int, barrier) -> None:  # runs in a child process
    store = WorkshopStore(path)
    pid = f"p{who:02d}"
    store.join(name=None, group="Government" if who % 2 else "Academia", participant_id=pid)
    barrier.wait()  # everyone starts writing at the same moment
    for i, cid in enumerate(_criteria(N_ANSWERS)):
        store.put(
            pid, Response(criterion=cid, respondent=pid, status="scored", level=(who + i) % 5)
        )
    store.close()


@pytest.fixture
def workshop(small_rubric, tmp_path):
    return WorkshopStore.create(
        tmp_path / "w.sqlite",
        small_rubric,
        title="Test workshop",
        entity="Testland",
        kind="country",
        country="XT",
    )


def test_twenty_processes_fifty_answers_each_lose_nothing(workshop):
    ctx = mp.get_context("spawn")  # a fresh interpreter each, as separate kernels would be
    barrier = ctx.Barrier(N_PROCESSES)
    procs = [
        ctx.Process(target=_writer, args=(str(workshop.path), k, barrier))
        for k in range(N_PROCESSES)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
        assert p.exitcode == 0
    assert workshop.count() == N_PROCESSES * N_ANSWERS == 1000
    frame = workshop.frame()
    assert len(frame) == 1000 and frame["respondent"].nunique() == 20
    # every value is the one its process wrote
    expected = {
        (f"p{k:02d}", c): float((k + i) % 5)
        for k in range(N_PROCESSES)
        for i, c in enumerate(_criteria(N_ANSWERS))
    }
    got = {(r.respondent, r.criterion): r.level for r in frame.itertuples()}
    assert got == expected
    with sqlite3.connect(workshop.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_an_answer_is_an_upsert_per_participant_criterion_round(workshop):
    workshop.join(name="Ana", group="Government", participant_id="a")
    workshop.put("a", Response(criterion="A.1-x", respondent="a", status="scored", level=1))
    workshop.put("a", Response(criterion="A.1-x", respondent="a", status="scored", level=3))
    assert workshop.count() == 1
    assert workshop.responses("a")[0].level == 3


def test_participant_store_resumes_and_saves_only_changes(workshop):
    workshop.join(name=None, group="Academia", participant_id="b")
    ps = ParticipantStore(workshop, "b")
    a = ps.load()
    assert a.responses == () and a.respondents[0].id == "b" and a.respondents[0].name is None
    a = a.with_response(Response(criterion="B.1-p", respondent="b", status="scored", level=2))
    ps.save(a)
    again = ParticipantStore(workshop, "b").load()  # a reloaded page
    assert [(r.criterion, r.level) for r in again.responses] == [("B.1-p", 2)]
    ps.save(a.without_response("B.1-p", "b"))
    assert workshop.count() == 0


def test_delphi_round_two_starts_from_round_one(workshop):
    workshop.join(name=None, group="Business", participant_id="c")
    workshop.put("c", Response(criterion="A.1-x", respondent="c", status="scored", level=1))
    workshop.put("c", Response(criterion="B.1-p", respondent="c", status="scored", level=4))
    workshop.start_round(2)
    assert workshop.info().round == 2
    workshop.put("c", Response(criterion="A.1-x", respondent="c", status="scored", level=3))
    r1 = workshop.frame(round=1).set_index("criterion")["level"].to_dict()
    r2 = workshop.frame(round=2).set_index("criterion")["level"].to_dict()
    assert r1 == {"A.1-x": 1.0, "B.1-p": 4.0} and r2 == {"A.1-x": 3.0, "B.1-p": 4.0}


def test_consensus_needs_a_rationale_and_a_valid_level(workshop):
    with pytest.raises(UsageError, match="give the rationale"):
        workshop.record_consensus("A.1-x", level=2, rationale="  ")
    with pytest.raises(UsageError, match="0 to 4"):
        workshop.record_consensus("A.1-x", level=7, rationale="why")
    workshop.record_consensus("A.1-x", level=2, rationale="The plan exists but is not funded.")
    workshop.record_consensus(
        "A.2-z", level=None, rationale="No such law applies here.", not_applicable=True
    )
    c = workshop.consensus()
    assert c["A.1-x"][:3] == ("scored", 2, "The plan exists but is not funded.")
    assert c["A.2-z"][:2] == ("not-applicable", None)


def test_a_locked_database_is_retried_then_reported_plainly(workshop):
    workshop.join(name=None, group=None, participant_id="d")
    blocker = sqlite3.connect(workshop.path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    slow = WorkshopStore(workshop.path, retry_seconds=0.3)
    slow._conn.execute("PRAGMA busy_timeout = 50")
    with pytest.raises(WorkshopBusyError, match="stayed busy .* your last answer was not saved"):
        slow.put("d", Response(criterion="A.1-x", respondent="d", status="scored", level=1))
    blocker.execute("COMMIT")  # once released, the same write goes through
    slow.put("d", Response(criterion="A.1-x", respondent="d", status="scored", level=1))
    assert workshop.count() == 1


def test_opening_something_else_is_a_clear_error(tmp_path, small_rubric):
    with pytest.raises(UsageError, match="no such workshop file"):
        WorkshopStore(tmp_path / "missing.sqlite")
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a database")
    with pytest.raises(UsageError, match="not a workshop file"):
        WorkshopStore(junk)
    WorkshopStore.create(tmp_path / "x.sqlite", small_rubric, title="t", entity="e", kind="country")
    with pytest.raises(UsageError, match="already exists"):
        WorkshopStore.create(
            tmp_path / "x.sqlite", small_rubric, title="t", entity="e", kind="country"
        )


def test_info_keeps_entity_and_rubric(workshop, small_rubric):
    info = workshop.info()
    assert info.title == "Test workshop" and info.round == 1
    assert (
        info.template.entity.name == "Testland"
        and info.template.rubric.sha256 == small_rubric.content_hash
    )
    assert info.template.date == dt.date.today()
