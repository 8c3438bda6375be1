"""A workshop's shared store: one SQLite file, many participants writing at once.

Standard library only (``sqlite3``), in WAL mode so readers never block the writer. Every answer is
an upsert keyed by (participant, criterion, round): a participant changing their mind replaces
their answer, and two participants never touch the same row. Writes that meet a busy or locked
database are retried with a growing pause; only if the database stays locked for half a minute
does the caller get a plain message, never a crash.

The scoring form talks to a :class:`ParticipantStore`, which gives it the ``load``/``save`` pair
of :class:`~assessment.storage.filestore.AssessmentStore`, so the same form serves a person working
alone on a file and a participant in a workshop.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import random
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

from assessment.errors import UsageError, WorkshopBusyError
from assessment.responses import (
    RESPONSE_COLUMNS,
    Assessment,
    IndicatorValue,
    RealityRules,
    Respondent,
    Response,
    new_assessment,
    parse_assessment,
)
from assessment.rubric import Rubric
from assessment.workshop import consolidate

__all__ = [
    "CODE_ALPHABET",
    "STAKEHOLDER_GROUPS",
    "Enrolment",
    "ImportSummary",
    "Participant",
    "ParticipantStore",
    "WorkshopBusyError",
    "WorkshopInfo",
    "WorkshopStore",
    "demo_workshop",
    "import_into_workshop",
    "import_label",
    "is_workshop_file",
    "load_consolidated",
]

FORMAT = "gdi-workshop/1"
STAKEHOLDER_GROUPS = (
    "Government",
    "Business",
    "Civil society",
    "Academia",
    "Technical community",
    "Other",
)
T = TypeVar("T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS participants (
    id TEXT PRIMARY KEY,
    name TEXT,
    grp TEXT,
    joined_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS answers (
    participant TEXT NOT NULL REFERENCES participants(id),
    criterion TEXT NOT NULL,
    round INTEGER NOT NULL CHECK (round >= 1),
    status TEXT NOT NULL CHECK (status IN ('scored', 'not-applicable', 'dont-know')),
    level INTEGER CHECK (level BETWEEN 0 AND 4),
    reason TEXT,
    target INTEGER CHECK (target BETWEEN 0 AND 4),
    confidence TEXT,
    evidence TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    answered_at TEXT NOT NULL,
    PRIMARY KEY (participant, criterion, round)
);
CREATE TABLE IF NOT EXISTS consensus (
    criterion TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('scored', 'not-applicable')),
    level INTEGER CHECK (level BETWEEN 0 AND 4),
    rationale TEXT NOT NULL,
    decided_at TEXT NOT NULL
);
"""
# Who may act as a participant from the page: a secret kept in one browser, or the short resume
# code the participant writes down. Only their SHA-256 is stored. Survey-imported respondents
# have none, so nobody can take their place from the page.
_CREDENTIALS = """
CREATE TABLE IF NOT EXISTS credentials (
    digest TEXT PRIMARY KEY,
    participant TEXT NOT NULL REFERENCES participants(id),
    kind TEXT NOT NULL CHECK (kind IN ('browser', 'code')),
    created_at TEXT NOT NULL
);
"""
#: Letters and digits that cannot be mistaken for one another when written down (no 0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


@dataclass(frozen=True)
class WorkshopInfo:
    """What a workshop is about: its title, the entity assessed and the rubric used."""

    title: str
    template: Assessment  # entity, date, rubric reference, default target; no responses
    round: int


@dataclass(frozen=True)
class Participant:
    id: str
    name: str | None
    group: str | None
    joined_at: str


def _now() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat()


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _code_key(code: str) -> str:
    """A resume code as typed (any case, spaces or dashes) in its canonical form."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


@dataclass(frozen=True)
class Enrolment:
    """A participant who joined from the page, with what only their browser and they may hold."""

    participant: Participant
    secret: str
    resume_code: str


_SQLITE_MAGIC = b"SQLite format 3\x00"


def is_workshop_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is an SQLite file (a workshop, then: :class:`WorkshopStore` checks the
    rest) rather than an assessment JSON file."""
    try:
        with Path(path).open("rb") as f:
            return f.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC
    except OSError:
        return False


def _open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection; on read-only media, one that reads the file exactly as it is."""
    conn = _sqlite_uri(f"{path.resolve().as_uri()}?mode=ro")
    try:
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1")
        return conn
    except sqlite3.OperationalError:
        conn.close()  # nothing can be written beside the file (no -shm): read it as it is
        return _sqlite_uri(f"{path.resolve().as_uri()}?mode=ro&immutable=1")


def _sqlite_uri(uri: str) -> sqlite3.Connection:
    return sqlite3.connect(
        uri, uri=True, timeout=5.0, isolation_level=None, check_same_thread=False
    )


def _damaged(path: Path) -> UsageError:
    return UsageError.keyed("error_workshop_damaged", path=str(path))


def _check_format(path: Path) -> None:
    """Refuse a file that is not a workshop, without writing to it (no WAL switch, no journal)."""
    try:
        with path.open("rb") as f:
            magic = f.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise UsageError.keyed("error_cannot_read", path=str(path), reason=exc.strerror) from None
    if magic != _SQLITE_MAGIC:
        raise UsageError.keyed("error_workshop_not_sqlite", path=str(path))
    fmt = None
    conn = None
    try:
        conn = _open_read_only(path)
        row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        fmt = None if row is None else str(row[0])
    except sqlite3.DatabaseError as exc:
        if "malformed" in str(exc).lower():  # an SQLite file with damaged pages
            raise _damaged(path) from None
        fmt = None
    finally:
        if conn is not None:
            conn.close()
    if fmt != FORMAT:
        raise UsageError.keyed("error_workshop_not_ours", path=str(path))


class WorkshopStore:
    """One workshop's SQLite file. Safe to use from many processes at once.

    Create one with :meth:`create`; open an existing one with ``WorkshopStore(path)``.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        retry_seconds: float = 30.0,
        read_only: bool = False,
    ) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise UsageError.keyed("error_workshop_no_such_file", path=str(self.path))
        _check_format(self.path)  # read-only: a file that is not a workshop is never changed
        self.retry_seconds = retry_seconds
        self._lock = threading.Lock()
        self.read_only = read_only
        try:
            self._conn = self._connect(self.path, read_only=read_only)
        except sqlite3.OperationalError:
            if read_only:
                raise UsageError.keyed("error_workshop_unreadable", path=str(self.path)) from None
            self.read_only = True  # read-only media (a CD, a locked share): reading still works
            self._conn = self._connect(self.path, read_only=True)
        if not self.read_only:  # a workshop made before participants had credentials
            with contextlib.suppress(sqlite3.OperationalError):
                self._conn.executescript(_CREDENTIALS)

    @staticmethod
    def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
        if read_only:
            return _open_read_only(path)
        conn = sqlite3.connect(path, timeout=5.0, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        rubric: Rubric,
        *,
        title: str,
        entity: str,
        kind: str,
        country: str = "ZZ",
        date: dt.date | None = None,
        default_target: int = 3,
        label: str | None = None,
    ) -> WorkshopStore:
        """A new, empty workshop file (refuses to replace an existing file)."""
        target = Path(path)
        if target.exists():
            raise UsageError.keyed("error_workshop_exists", path=str(target))
        template = new_assessment(
            rubric,
            entity=entity,
            kind=kind,
            country=country,
            date=date or dt.date.today(),
            round="workshop",
            default_target=default_target,
            label=label,
        )
        template = template.model_copy(update={"respondents": ()})
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = cls._connect(target)
        except sqlite3.OperationalError as exc:
            raise UsageError.keyed(
                "error_workshop_cannot_create", path=str(target), reason=str(exc)
            ) from None
        try:
            conn.executescript(_SCHEMA + _CREDENTIALS)
            conn.execute("BEGIN IMMEDIATE")
            for key, value in {
                "format": FORMAT,
                "title": title,
                "template": template.model_dump_json(),
                # the rubric travels with the workshop: a custom rubric works wherever the file goes
                "rubric": rubric.model_dump_json(),
                "round": "1",
                "created": _now(),
            }.items():
                conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (key, value))
            conn.execute("COMMIT")
        finally:
            conn.close()
        return cls(target)

    def close(self) -> None:
        """Write everything into the one file (checkpoint the WAL), then close the connection.

        After this the ``.sqlite`` file alone holds every answer: it can be copied or e-mailed.
        """
        if not self.read_only:
            with contextlib.suppress(sqlite3.OperationalError):  # busy: the last one out does it
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._conn.close()

    def backup(self, target: str | os.PathLike[str]) -> Path:
        """A consistent copy of the workshop in ``target`` (one file), even while people answer.

        Uses SQLite's online backup; the copy is written beside ``target`` and renamed into place,
        so a failed backup leaves nothing half-written. Refuses to replace an existing file.
        """
        out = Path(target)
        if out.exists():
            raise UsageError.keyed("error_backup_exists", path=str(out))
        tmp = out.with_name(f".{out.name}.{secrets.token_hex(4)}.tmp")
        try:
            dest = sqlite3.connect(tmp)
            try:
                with self._lock:
                    self._conn.backup(dest)
                dest.execute("PRAGMA journal_mode=DELETE")  # the copy is one self-contained file
                # a page-by-page copy of a damaged file is damaged too: never call it a backup
                if dest.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                    raise _damaged(self.path)
            finally:
                dest.close()
            os.replace(tmp, out)
        except UsageError:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        except (OSError, sqlite3.Error) as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            if "malformed" in str(exc).lower():
                raise _damaged(self.path) from None
            raise UsageError.keyed("error_backup_failed", path=str(out), reason=str(exc)) from None
        return out

    def rubric(self) -> Rubric:
        """The rubric the workshop was made with (stored in the file; bundled ones by id)."""
        stored = self._retry(lambda c: self._meta("rubric"), write=False)
        if stored is None:  # a workshop made before rubrics were stored in the file
            from assessment.storage.rubrics import rubric_version

            # at the version it was made with: an earlier one is kept in rubrics/archive
            made = self.info().template.rubric
            return rubric_version(made.id, made.version)
        return Rubric.model_validate_json(stored)

    def __enter__(self) -> WorkshopStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- retries ---------------------------------------------------------------------------------

    def _retry(self, fn: Callable[[sqlite3.Connection], T], *, write: bool) -> T:
        """Run ``fn`` in a transaction, retrying while the database is busy or locked."""
        deadline = time.monotonic() + self.retry_seconds
        pause = 0.01
        while True:
            try:
                with self._lock:
                    if not write:
                        return fn(self._conn)
                    self._conn.execute("BEGIN IMMEDIATE")
                    try:
                        out = fn(self._conn)
                    except BaseException:
                        if self._conn.in_transaction:  # SQLite may have undone it already
                            self._conn.execute("ROLLBACK")
                        raise
                    self._conn.execute("COMMIT")
                    return out
            except sqlite3.DatabaseError as exc:  # also a damaged page: not only "operational"
                message = str(exc).lower()
                busy = isinstance(exc, sqlite3.OperationalError) and (
                    "locked" in message or "busy" in message
                )
                if not busy:
                    raise self._plain(exc) from exc
                if time.monotonic() > deadline:
                    raise WorkshopBusyError.keyed(
                        "error_workshop_busy", path=str(self.path), seconds=self.retry_seconds
                    ) from exc
                time.sleep(pause * (1 + random.random()))
                pause = min(pause * 2, 0.5)

    def write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``fn`` as one transaction (all of it or none of it), retrying while busy."""
        if self.read_only:
            raise UsageError.keyed("error_workshop_read_only", path=str(self.path))
        return self._retry(fn, write=True)

    def _plain(self, exc: sqlite3.Error) -> Exception:
        """A database failure a person can act on as a plain message (the change was undone)."""
        message = str(exc).lower()
        if "full" in message:
            return UsageError.keyed("error_workshop_disk_full", path=str(self.path))
        if "readonly" in message or "read-only" in message:
            return UsageError.keyed("error_workshop_read_only", path=str(self.path))
        if "malformed" in message or "not a database" in message:
            return _damaged(self.path)
        return exc

    def _meta(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    # -- the workshop ----------------------------------------------------------------------------

    def info(self) -> WorkshopInfo:
        def read(c: sqlite3.Connection) -> WorkshopInfo:
            rows = dict(c.execute("SELECT key, value FROM meta").fetchall())
            template = parse_assessment(json.loads(rows["template"]), source=str(self.path))
            return WorkshopInfo(rows["title"], template, int(rows["round"]))

        return self._retry(read, write=False)

    def _update_template(self, field: str, value: object) -> None:
        """Set one field of the workshop's template (checked as a file is), in one transaction."""

        def write(c: sqlite3.Connection) -> None:
            row = c.execute("SELECT value FROM meta WHERE key = 'template'").fetchone()
            data = json.loads(row[0])
            data[field] = value
            updated = parse_assessment(data, source=str(self.path))
            c.execute("UPDATE meta SET value = ? WHERE key = 'template'", (updated.model_dump_json(),))  # fmt: skip

        self._retry(write, write=True)

    def record_figures(self, indicators: Mapping[str, Sequence[IndicatorValue]]) -> None:
        """Keep ``indicators`` (criterion id -> its recorded figures) as the workshop's figures,
        in place of any kept before: every participant's page and the facilitator's view hold
        the room's ratings against them, and the consolidated assessment carries them."""
        table = {cid: [v.model_dump(mode="json", exclude_none=True) for v in values] for cid, values in indicators.items() if values}  # fmt: skip
        self._update_template("indicators", table)

    def record_reality_rules(self, rules: RealityRules | None) -> None:
        """Keep the reality check's rules of the workshop (None: the defaults)."""
        self._update_template("reality", None if rules is None else rules.model_dump(mode="json"))

    def current_round(self) -> int:
        """The round participants are answering now (one small read: it is on every save)."""
        return int(self._retry(lambda c: self._meta("round"), write=False) or 1)

    def start_round(self, number: int) -> None:
        """Move everyone to round ``number`` (a Delphi round after discussion)."""
        if number < 1:
            raise UsageError.keyed("error_round_number", number=number)

        def write(c: sqlite3.Connection) -> None:
            # Each participant starts the new round from their latest answers (Delphi): what they
            # do not change stays as it was, so movement between rounds is only real movement.
            c.execute(
                "INSERT OR IGNORE INTO answers (participant, criterion, round, status, level, reason, target, "
                "confidence, evidence, notes, answered_at) "
                "SELECT participant, criterion, ?, status, level, reason, target, confidence, evidence, notes, "
                "answered_at FROM answers a WHERE round = (SELECT MAX(round) FROM answers b "
                "WHERE b.participant = a.participant AND b.criterion = a.criterion AND b.round < ?)",
                (number, number),
            )
            c.execute("UPDATE meta SET value = ? WHERE key = 'round'", (str(number),))

        self._retry(write, write=True)

    # -- participants ----------------------------------------------------------------------------

    def enrol(self, *, name: str | None, group: str | None) -> Enrolment:
        """A new participant from the page, with the secret their browser keeps and a resume code.

        The secret (192 random bits) is what the page shows the server on every visit; the resume
        code (8 characters, about 40 bits) lets the participant continue on another device.
        """
        participant = self.join(name=name, group=group, participant_id="p-" + secrets.token_hex(8))
        secret = secrets.token_urlsafe(24)
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))

        def write(c: sqlite3.Connection) -> None:
            for value, kind in ((secret, "browser"), (_code_key(code), "code")):
                c.execute(
                    "INSERT INTO credentials (digest, participant, kind, created_at) VALUES (?, ?, ?, ?)",
                    (_digest(value), participant.id, kind, _now()),
                )

        self.write(write)
        return Enrolment(participant, secret, f"{code[:4]}-{code[4:]}")

    def resume(self, secret: str) -> Participant | None:
        """The participant whose browser holds ``secret``, or ``None`` (a wrong or foreign secret)."""
        return self._credential(_digest(secret), "browser") if secret else None

    def resume_with_code(self, code: str) -> tuple[Participant, str] | None:
        """The participant whose resume code this is, with a new secret for this device."""
        key = _code_key(code)
        who = self._credential(_digest(key), "code") if len(key) == 8 else None
        if who is None:
            return None
        secret = secrets.token_urlsafe(24)
        self.write(
            lambda c: c.execute(
                "INSERT INTO credentials (digest, participant, kind, created_at) VALUES (?, ?, 'browser', ?)",
                (_digest(secret), who.id, _now()),
            )
        )
        return who, secret

    def _credential(self, digest: str, kind: str) -> Participant | None:
        row = self._retry(
            lambda c: c.execute(
                "SELECT p.id, p.name, p.grp, p.joined_at FROM credentials k "
                "JOIN participants p ON p.id = k.participant WHERE k.digest = ? AND k.kind = ?",
                (digest, kind),
            ).fetchone(),
            write=False,
        )
        return None if row is None else Participant(*row)

    def join(
        self, *, name: str | None, group: str | None, participant_id: str | None = None
    ) -> Participant:
        """Register a participant (or update their name and group); returns them with their id."""
        pid = participant_id or "p-" + secrets.token_hex(4)
        name = (name or "").strip() or None
        group = (group or "").strip() or None

        def write(c: sqlite3.Connection) -> Participant:
            c.execute(
                "INSERT INTO participants (id, name, grp, joined_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET name = excluded.name, grp = excluded.grp",
                (pid, name, group, _now()),
            )
            row = c.execute(
                "SELECT id, name, grp, joined_at FROM participants WHERE id = ?", (pid,)
            ).fetchone()
            return Participant(*row)

        return self._retry(write, write=True)

    def participant(self, pid: str) -> Participant | None:
        row = self._retry(
            lambda c: c.execute(
                "SELECT id, name, grp, joined_at FROM participants WHERE id = ?", (pid,)
            ).fetchone(),
            write=False,
        )
        return None if row is None else Participant(*row)

    def participants(self) -> list[Participant]:
        rows = self._retry(
            lambda c: c.execute(
                "SELECT id, name, grp, joined_at FROM participants ORDER BY joined_at, id"
            ).fetchall(),
            write=False,
        )
        return [Participant(*r) for r in rows]

    # -- answers ---------------------------------------------------------------------------------

    def put(self, participant: str, response: Response, *, round: int | None = None) -> None:
        """Save one answer (insert or replace that participant's answer for the round)."""
        self.put_many(participant, [response], round=round)

    def put_many(
        self,
        participant: str,
        responses: list[Response],
        *,
        round: int | None = None,
        delete: list[str] | None = None,
    ) -> None:
        """Save several answers of one participant, and delete ``delete`` criteria, in one transaction."""
        rnd = round if round is not None else self.current_round()

        def write(c: sqlite3.Connection) -> None:
            c.executemany(
                "INSERT INTO answers (participant, criterion, round, status, level, reason, target, confidence, "
                "evidence, notes, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(participant, criterion, round) DO UPDATE SET status = excluded.status, "
                "level = excluded.level, reason = excluded.reason, target = excluded.target, "
                "confidence = excluded.confidence, evidence = excluded.evidence, notes = excluded.notes, "
                "answered_at = excluded.answered_at",
                [
                    (
                        participant,
                        r.criterion,
                        rnd,
                        r.status,
                        r.level,
                        r.reason,
                        r.target,
                        r.confidence,
                        r.evidence,
                        r.notes,
                        (r.answered_at or dt.datetime.now()).replace(microsecond=0).isoformat(),
                    )
                    for r in responses
                ],
            )
            if delete:
                c.executemany(
                    "DELETE FROM answers WHERE participant = ? AND criterion = ? AND round = ?",
                    [(participant, cid, rnd) for cid in delete],
                )

        self._retry(write, write=True)

    def responses(self, participant: str, *, round: int | None = None) -> tuple[Response, ...]:
        """One participant's answers in a round (default: the current round)."""
        return self._responses("participant = ? AND", (participant,), round)

    def responses_all(self, *, round: int | None = None) -> tuple[Response, ...]:
        """Every participant's answers in a round (default: the current round)."""
        return self._responses("", (), round)

    def _responses(
        self, where: str, params: tuple[object, ...], round: int | None
    ) -> tuple[Response, ...]:
        rnd = round if round is not None else self.current_round()
        rows = self._retry(
            lambda c: c.execute(
                "SELECT participant, criterion, status, level, reason, target, confidence, evidence, notes, answered_at "
                f"FROM answers WHERE {where} round = ? ORDER BY participant, criterion",
                (*params, rnd),
            ).fetchall(),
            write=False,
        )
        return tuple(
            Response(
                criterion=cid,
                respondent=who,
                status=status,
                level=level,
                reason=reason,
                target=target,
                confidence=confidence,
                evidence=evidence,
                notes=notes,
                answered_at=dt.datetime.fromisoformat(at),
            )
            for who, cid, status, level, reason, target, confidence, evidence, notes, at in rows
        )

    def frame(self, *, round: int | None = None) -> pd.DataFrame:
        """Every answer as a long frame (the columns of :func:`responses_frame` plus ``round``).

        ``round=None`` gives every round; levels and targets are floats with NaN where absent.
        """
        sql = (
            "SELECT a.criterion, a.participant, p.grp, a.status, IFNULL(a.level, -1), IFNULL(a.target, -1), "
            "a.reason, a.confidence, a.round FROM answers a JOIN participants p ON p.id = a.participant"
        )
        params: tuple[object, ...] = ()
        if round is not None:
            sql += " WHERE a.round = ?"
            params = (round,)
        rows = self._retry(lambda c: c.execute(sql, params).fetchall(), write=False)
        columns = [*RESPONSE_COLUMNS, "round"]
        if not rows:
            return pd.DataFrame(
                {c: pd.Series(dtype=float if c in ("level", "target") else object) for c in columns}
            )
        cols = list(zip(*rows, strict=True))
        data: dict[str, object] = dict(zip(columns, cols, strict=True))
        for name in ("level", "target"):  # -1 stands for "none" in the query: NaN, never 0
            values = np.asarray(data[name], dtype=float)
            data[name] = np.where(values < 0, np.nan, values)
        data["round"] = np.asarray(data["round"], dtype=np.int64)
        return pd.DataFrame(data, columns=columns)

    def count(self) -> int:
        """Number of stored answers (all rounds)."""
        return int(
            self._retry(
                lambda c: c.execute("SELECT COUNT(*) FROM answers").fetchone()[0], write=False
            )
        )

    # -- consensus -------------------------------------------------------------------------------

    def record_consensus(
        self, criterion: str, *, level: int | None, rationale: str, not_applicable: bool = False
    ) -> None:
        """The level the group agreed for ``criterion`` (or that it does not apply), and why."""
        if not rationale.strip():
            raise UsageError.keyed("error_consensus_rationale", criterion=criterion)
        if not not_applicable and (level is None or not 0 <= level <= 4):
            raise UsageError.keyed("error_consensus_level", criterion=criterion)
        status = "not-applicable" if not_applicable else "scored"
        self._retry(
            lambda c: c.execute(
                "INSERT INTO consensus (criterion, status, level, rationale, decided_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(criterion) DO UPDATE SET status = excluded.status, level = excluded.level, "
                "rationale = excluded.rationale, decided_at = excluded.decided_at",
                (criterion, status, None if not_applicable else level, rationale.strip(), _now()),
            ),
            write=True,
        )

    def consensus(self) -> dict[str, tuple[str, int | None, str, str]]:
        """``criterion -> (status, level, rationale, decided_at)``."""
        rows = self._retry(
            lambda c: c.execute(
                "SELECT criterion, status, level, rationale, decided_at FROM consensus"
            ).fetchall(),
            write=False,
        )
        return {r[0]: (r[1], r[2], r[3], r[4]) for r in rows}


class ParticipantStore:
    """One participant's view of a workshop, shaped for the scoring form (``load``/``save``).

    ``load`` gives an assessment with this participant as its only respondent and their answers of
    the current round; ``save`` writes only what changed since, in one transaction.
    """

    def __init__(self, workshop: WorkshopStore, participant: str) -> None:
        self.workshop = workshop
        self.participant = participant
        self._known: dict[str, Response] = {}

    def load(self) -> Assessment:
        info = self.workshop.info()
        who = self.workshop.participant(self.participant)
        if who is None:
            raise UsageError.keyed("error_participant_not_joined", participant=self.participant)
        responses = self.workshop.responses(self.participant, round=info.round)
        self._known = {r.criterion: r for r in responses}
        return info.template.model_copy(
            update={
                "round": f"workshop round {info.round}",
                "respondents": (Respondent(id=who.id, name=None, group=who.group),),
                "responses": responses,
            }
        )

    def save(self, assessment: Assessment, *, force: bool = False) -> dt.datetime:
        mine = {r.criterion: r for r in assessment.responses if r.respondent == self.participant}
        changed = [r for cid, r in mine.items() if self._known.get(cid) != r]
        removed = [cid for cid in self._known if cid not in mine]
        if changed or removed:
            self.workshop.put_many(self.participant, changed, delete=removed)
        self._known = mine
        return dt.datetime.now()


@dataclass(frozen=True)
class ImportSummary:
    """What an import did: people added or already known, answers added, updated or unchanged."""

    label: str
    people_added: int
    people_kept: int
    added: int
    updated: int
    unchanged: int

    @property
    def answers(self) -> int:
        """Answers in the imported file."""
        return self.added + self.updated + self.unchanged


_ANSWER_FIELDS = ("status", "level", "reason", "target", "confidence", "evidence", "notes")


def import_label(name: str) -> str:
    """A short, stable label for an import, from a file name (``Room B.csv`` -> ``room-b``)."""
    stem = Path(name).stem if name else ""
    label = "-".join("".join(ch if ch.isalnum() else " " for ch in stem.lower()).split())
    return label[:40] or "import"


def import_into_workshop(
    store: WorkshopStore, assessment: Assessment, *, round: int = 1, label: str = "import"
) -> ImportSummary:
    """Add the respondents and answers of ``assessment`` (a survey or paper import), all or nothing.

    Each respondent becomes the participant ``<label>.<respondent id>``: two files (two rooms)
    never take each other's people, even when both number their rows 1, 2, 3; importing the same
    file under the same label again changes nothing, or updates only what changed. The whole
    import is one transaction: if anything fails, the store is exactly as it was.
    """
    by_person: dict[str, list[Response]] = {}
    for r in assessment.responses:
        by_person.setdefault(r.respondent, []).append(r)

    def write(c: sqlite3.Connection) -> ImportSummary:
        counts = {"people_added": 0, "people_kept": 0, "added": 0, "updated": 0, "unchanged": 0}
        for person in assessment.respondents:
            pid = f"{label}.{person.id}"
            known = c.execute("SELECT 1 FROM participants WHERE id = ?", (pid,)).fetchone()
            counts["people_kept" if known else "people_added"] += 1
            c.execute(
                "INSERT INTO participants (id, name, grp, joined_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET name = excluded.name, grp = excluded.grp",
                (pid, person.name, person.group, _now()),
            )
            for r in by_person.get(person.id, []):
                counts[_import_answer(c, pid, r, round)] += 1
        return ImportSummary(label, **counts)

    return store.write(write)


def _import_answer(c: sqlite3.Connection, pid: str, r: Response, round: int) -> str:
    """Write one imported answer; returns ``added``, ``updated`` or ``unchanged``."""
    values = tuple(getattr(r, f) for f in _ANSWER_FIELDS)
    old = c.execute(
        f"SELECT {', '.join(_ANSWER_FIELDS)} FROM answers "
        "WHERE participant = ? AND criterion = ? AND round = ?",
        (pid, r.criterion, round),
    ).fetchone()
    if old is not None and tuple(old) == values:
        return "unchanged"
    at = (r.answered_at or dt.datetime.now()).replace(microsecond=0).isoformat()
    c.execute(
        "INSERT INTO answers (participant, criterion, round, status, level, reason, target, "
        "confidence, evidence, notes, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(participant, criterion, round) DO UPDATE SET status = excluded.status, "
        "level = excluded.level, reason = excluded.reason, target = excluded.target, "
        "confidence = excluded.confidence, evidence = excluded.evidence, notes = excluded.notes, "
        "answered_at = excluded.answered_at",
        (pid, r.criterion, round, *values, at),
    )
    return "added" if old is None else "updated"


def load_consolidated(store: WorkshopStore, *, show_names: bool = False) -> Assessment:
    """The workshop as one assessment: every final answer of the current round and the consensus.

    Names stay out unless this call asks for them (``show_names``): it is never a stored setting,
    so one export with names never makes the next one carry them.
    """
    info = store.info()
    answers = store.responses_all(round=info.round)
    consensus = {c: (st, lv, why) for c, (st, lv, why, _at) in store.consensus().items()}
    people = [(p.id, p.name, p.group) for p in store.participants()]
    return consolidate(
        info.template,
        people,
        answers,
        consensus,
        show_names=show_names,
        label=info.template.label,
    )


def demo_workshop(path: str | os.PathLike[str]) -> Path:
    """A fictional workshop to try the facilitator's notebook on (made once, then reused).

    Round 1 is the bundled survey export (18 fictional participants, five stakeholder groups);
    round 2 has each participant who was two or more levels from the room's median move one level
    towards it, as often happens after discussion.
    """
    from assessment.reality import merge_indicator_values
    from assessment.storage.bundled import bundled_dir
    from assessment.storage.indicator_files import read_indicator_file
    from assessment.storage.rubrics import resolve_rubric
    from assessment.storage.survey import read_survey

    target = Path(path)
    if target.exists():
        return target
    sample = bundled_dir("sample_data") / "examplia-workshop-2025.csv"
    rubric = resolve_rubric("gdi-digital-inclusion-2025")
    imported = read_survey(
        sample,
        rubric,
        entity="Republic of Examplia",
        kind="country",
        country="XE",
        date=dt.date(2025, 7, 15),
    )
    store = WorkshopStore.create(
        target, rubric, title="Examplia national workshop (fictional sample)", entity="Republic of Examplia",
        kind="country", country="XE", date=dt.date(2025, 7, 15),
        label="Fictional sample data: the Republic of Examplia does not exist",
    )  # fmt: skip
    import_into_workshop(store, imported.assessment, round=1, label=import_label(sample.name))
    store.start_round(2)
    medians = store.frame(round=1).groupby("criterion")["level"].median()
    for r in store.responses_all(round=2):
        mid = medians.get(r.criterion)
        if r.level is not None and mid is not None and not pd.isna(mid) and abs(r.level - mid) >= 2:
            step = 1 if mid > r.level else -1
            store.put(r.respondent, r.model_copy(update={"level": r.level + step}), round=2)
    # the fictional figures of Examplia, for the view's "evidence against the room"
    figures = read_indicator_file(bundled_dir("sample_data") / "examplia-indicators-long.csv")
    merged = merge_indicator_values(store.info().template, rubric, figures.values, source=figures.source)  # fmt: skip
    store.record_figures(merged.assessment.indicators)
    store.close()
    return target
