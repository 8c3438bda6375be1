"""Shell: the inputs of a roll-up and its engines.

* :func:`load_hierarchy`: the hierarchy file (CSV or XLSX, read as survey exports are).
* :func:`folder_units`: a folder of assessments, each scored by the core.
* :func:`table_rollup`: a long table of answers (Parquet or CSV, one row per answer:
  ``entity_id``, ``criterion``, ``level``, and optionally ``respondent``), rolled up in DuckDB
  (embedded, no server) or, with ``engine="pandas"``, read into pandas and rolled up by the core.
  Both give the same figures (a test holds them equal); DuckDB holds a national campaign in
  a fraction of the memory (``benchmarks/bench_rollup.py``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pandas as pd

from assessment.errors import Problem, ProblemsError, UsageError
from assessment.peers import PeerScores
from assessment.problems import problem
from assessment.rollup import (
    ANSWER_CODES,
    STAT_COLUMNS,
    STATUSES,
    Aggregates,
    Hierarchy,
    Rollup,
    UnitScores,
    answer_code,
    check_units,
    finish,
    membership,
    parse_hierarchy,
    roll_up,
    stats_from_halves,
    unit_scores,
    unit_scores_from_answers,
)
from assessment.rubric import Rubric
from assessment.scoring import criteria_frame

if TYPE_CHECKING:
    import duckdb

__all__ = [
    "ANSWER_COLUMNS",
    "folder_units",
    "is_answer_table",
    "load_hierarchy",
    "load_peers",
    "read_answers",
    "table_rollup",
]

Engine = Literal["duckdb", "pandas"]

#: The long answer table's columns, and the other names each is known by.
ANSWER_COLUMNS: dict[str, tuple[str, ...]] = {
    "entity": ("entity_id", "entity", "unit_id", "unit"),
    "criterion": ("criterion", "criterion_id"),
    "level": ("level", "answer", "value"),
}


#: A CSV hierarchy larger than this (a national one: 50 MB for a million units) is read by DuckDB
#: (UTF-8); a smaller one, or XLSX, as survey exports are (any encoding a spreadsheet writes).
LARGE_CSV = 4_000_000


def load_hierarchy(path: str | os.PathLike[str], *, sheet: str | None = None) -> Hierarchy:
    """The hierarchy file (CSV or XLSX)."""
    from assessment.storage.survey import read_survey_table

    p = Path(path)
    if p.suffix.lower() != ".xlsx" and p.is_file() and p.stat().st_size > LARGE_CSV:
        return _large_hierarchy(p)
    try:
        table, _ = read_survey_table(path, sheet=sheet)
    except ProblemsError as exc:
        if any(pr.code == "empty-survey" for pr in exc.problems):  # said as a hierarchy says it
            return parse_hierarchy([], [], source=str(p))
        raise
    rows = [(n, tuple(_cell_text(c) for c in cells)) for n, cells in table.rows]
    return parse_hierarchy(table.header, rows, source=table.source)


def _cell_text(value: object) -> str:
    """A cell as text: an empty cell is empty, a whole number from a spreadsheet has no ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _large_hierarchy(path: Path) -> Hierarchy:
    import duckdb

    con = _connect()
    con.execute("SET preserve_insertion_order = true")
    src = (
        f"read_csv('{str(path).replace(chr(39), chr(39) * 2)}', all_varchar = true, header = true)"
    )
    try:
        header = [str(r[0]) for r in con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()]
        rows = con.execute(f"SELECT * FROM {src}").fetchall()
    except duckdb.Error as exc:
        raise UsageError.keyed("error_cannot_read", path=str(path), reason=str(exc).splitlines()[0]) from None  # fmt: skip
    finally:
        con.close()
    numbered = [(n, tuple("" if c is None else c for c in r)) for n, r in enumerate(rows, start=2)]
    return parse_hierarchy(header, numbered, source=str(path))


def folder_units(files: Sequence[Path], rubric: Rubric) -> tuple[UnitScores, str]:
    """Each assessment scored (by the core), keyed by its unit id (else its name); the kind of
    entity they share. Files of another rubric, two files of one unit, or units of mixed kinds
    are refused, naming the files."""
    from assessment.scoring import score_assessment
    from assessment.storage.assessments import load_assessment

    scored = {}
    seen: dict[str, Path] = {}
    kinds: dict[str, Path] = {}
    for f in files:
        a = load_assessment(f)
        uid = a.entity.id or a.entity.name
        if uid in seen:
            raise UsageError.keyed("error_rollup_unit_twice", unit=uid, first=str(seen[uid]), second=str(f))  # fmt: skip
        seen[uid] = f
        kinds.setdefault(a.entity.kind, f)
        scored[uid] = score_assessment(rubric, a, source=str(f))
    if len(kinds) > 1:
        (k1, f1), (k2, f2) = list(kinds.items())[:2]
        raise UsageError.keyed("error_rollup_mixed_kinds", first=str(f1), kind1=k1, second=str(f2), kind2=k2)  # fmt: skip
    return unit_scores(scored), next(iter(kinds), "country")


def load_peers(path: str | os.PathLike[str], rubric: Rubric) -> PeerScores:
    """Peers from a peer file (CSV or XLSX written by ``gdi-assess rollup --peer-file``) or from
    a folder of assessments (each scored; the unit's own file is left out by its id)."""
    from assessment.storage.survey import read_survey_table

    p = Path(path)
    pillar_ids = [pl.id for pl in rubric.pillars]
    if p.is_dir():
        files = sorted(p.glob("*.json"))
        if not files:
            raise UsageError.keyed("error_batch_nothing", inputs=str(p))
        units, _kind = folder_units(files, rubric)
        wide = units.pillars.pivot(index="entity", columns="pillar", values="score")
        wide = wide.reindex(index=units.overall.index, columns=pillar_ids)
        return PeerScores(table=wide.reset_index(drop=True), source=p.name, ids=tuple(str(i) for i in wide.index))  # fmt: skip
    table, _ = read_survey_table(p)
    header = [h.strip() for h in table.header]
    found: list[Problem] = []
    rows: list[list[float]] = []
    col = {h: i for i, h in enumerate(header)}
    rid = col.get("rubric_id")
    missing = [pid for pid in pillar_ids if pid not in col]
    if missing:
        found.append(problem("peers-not-a-peer-file", source=table.source, line=table.header_row, pillars=", ".join(pillar_ids), header=", ".join(header)))  # fmt: skip
        raise ProblemsError(found, source=table.source)
    for line, raw in table.rows:
        cells = tuple(_cell_text(c) for c in raw)
        if not any(c.strip() for c in cells):
            continue
        if rid is not None and rid < len(cells) and cells[rid].strip() not in ("", rubric.id):
            found.append(problem("peers-other-rubric", source=table.source, line=line, field="rubric_id", found=cells[rid].strip(), rubric=rubric.id))  # fmt: skip
            continue
        row = []
        for pid in pillar_ids:
            text = cells[col[pid]].strip() if col[pid] < len(cells) else ""
            try:
                v = float(text) if text else float("nan")
            except ValueError:
                v = -1.0
            if not text or 0 <= v <= 4:
                row.append(v)
            else:
                found.append(problem("peers-bad-score", source=table.source, line=line, field=pid, value=text))  # fmt: skip
                row.append(float("nan"))
        rows.append(row)
    if found:
        raise ProblemsError(found[:50], source=table.source)
    return PeerScores(table=pd.DataFrame(rows, columns=pillar_ids), source=p.name)


def is_answer_table(path: Path) -> bool:
    """A long answer table (Parquet or CSV), not a folder or file of assessments."""
    return path.is_file() and path.suffix.lower() in (".parquet", ".csv", ".tsv", ".txt")


# --------------------------------------------------------------------------------------------------
# DuckDB


#: How much memory DuckDB may hold before it spills to disk ($GDI_DUCKDB_MEMORY overrides).
MEMORY_LIMIT = os.environ.get("GDI_DUCKDB_MEMORY", "50%")


def _connect() -> duckdb.DuckDBPyConnection:
    import tempfile

    import duckdb

    # DuckDB takes 80 % of the memory by default; half leaves room for pandas beside it, and
    # what does not fit spills to a temporary folder instead of failing
    con = duckdb.connect(config={"threads": os.cpu_count() or 1, "memory_limit": MEMORY_LIMIT})
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")  # the command says what it did, in words
    con.execute(f"SET temp_directory = '{tempfile.gettempdir().replace(chr(39), chr(39) * 2)}'")
    return con


def _source_sql(path: Path, encoding: str = "utf-8") -> str:
    p = str(path).replace("'", "''")
    if path.suffix.lower() == ".parquet":
        return f"read_parquet('{p}')"
    # every column as text: a level column holding 'na' must not be guessed as a number
    return f"read_csv('{p}', all_varchar = true, header = true, auto_detect = true, encoding = '{encoding}')"


def _csv_encoding(path: Path) -> str:
    """UTF-16 when the file starts with its byte order mark (Excel's "Unicode text"), else UTF-8
    (a file that turns out not to be is read again as latin-1, as older Excel writes it)."""
    with path.open("rb") as fh:
        head = fh.read(2)
    return "utf-16" if head in (b"\xff\xfe", b"\xfe\xff") else "utf-8"


def _cut_off(path: Path, encoding: str) -> Problem | None:
    """A CSV file that ends in the middle of a row (a download cut short), as a problem.

    Two signs, as :mod:`assessment.storage.survey` reads them: an odd number of quotes in the
    file (a quoted cell opened and never closed) with no line break at the end; or, in a file
    whose cells are quoted (as survey tools write them), a last line with fewer cells than the
    header and no line break. One pass counting bytes, cheap beside reading the table.
    """
    import csv

    from assessment.storage.survey import cut_off

    if encoding == "utf-16":
        text = path.read_text(encoding="utf-16", errors="replace")
        quotes, lines, head, tail = text.count('"'), text.count("\n"), text[:1], text[-65536:]
    else:
        quotes = lines = 0
        with path.open("rb") as fh:
            head = fh.read(1).decode("latin-1")
            fh.seek(0)
            for chunk in iter(lambda: fh.read(1 << 24), b""):
                quotes += chunk.count(b'"')
                lines += chunk.count(b"\n")
            fh.seek(max(0, path.stat().st_size - 65536))
            tail = fh.read().decode("utf-8", errors="replace")
    if not tail or tail.endswith(("\n", "\r")):
        return None
    line = lines + 1
    if quotes % 2:
        return cut_off(str(path), line)
    if head != '"':
        return None
    with path.open(encoding=encoding, errors="replace", newline="") as fh:
        first = fh.readline()
    delimiter = max(",;\t", key=first.count)
    width = len(next(csv.reader([first], delimiter=delimiter), []))
    last = tail.splitlines()[-1]
    cells = len(next(csv.reader([last], delimiter=delimiter), []))
    if 0 < cells < width:
        return cut_off(str(path), line, cells, width)
    return None


def _columns(con: duckdb.DuckDBPyConnection, src: str, source: str) -> dict[str, str]:
    header = [str(r[0]) for r in con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()]
    low = {h.strip().lower().replace(" ", "_"): h for h in header}
    out, found = {}, []
    for key, names in ANSWER_COLUMNS.items():
        hit = next((low[n] for n in names if n in low), None)
        if hit is None:
            found.append(problem("answers-missing-column", source=source, line=1, column=names[0], names=", ".join(names), header=", ".join(header)))  # fmt: skip
        else:
            out[key] = hit
    if found:
        raise ProblemsError(found, source=source)
    return out


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _make_answers(con: duckdb.DuckDBPyConnection, src: str, col: dict[str, str]) -> None:
    """Table ``a``: entity, criterion, the answer's code and its level."""
    na = ", ".join(f"'{k}'" for k, v in ANSWER_CODES.items() if v == "na")
    dk = ", ".join(f"'{k}'" for k, v in ANSWER_CODES.items() if v == "dk").replace("'don't", "'don''t")  # fmt: skip
    e, c, lv = (_quote(col[k]) for k in ("entity", "criterion", "level"))
    text = f"lower(trim(CAST({lv} AS VARCHAR)))"
    # code: 0 blank, 1 a level, 2 not applicable, 3 don't know, 9 not an answer
    con.execute(
        f"""CREATE TEMP TABLE a AS
        SELECT entity, criterion,
          CAST(CASE WHEN t IS NULL OR t = '' THEN 0 WHEN t IN ({na}) THEN 2 WHEN t IN ({dk}) THEN 3
               WHEN TRY_CAST(t AS DOUBLE) IN (0, 1, 2, 3, 4) THEN 1 ELSE 9 END AS TINYINT) AS code,
          CAST(CASE WHEN TRY_CAST(t AS DOUBLE) IN (0, 1, 2, 3, 4) THEN TRY_CAST(t AS DOUBLE) END AS TINYINT) AS level
        FROM (SELECT trim(CAST({e} AS VARCHAR)) AS entity, trim(CAST({c} AS VARCHAR)) AS criterion,
                     {text} AS t FROM {src})
        WHERE coalesce(entity, '') <> '' OR coalesce(criterion, '') <> '' OR coalesce(t, '') <> ''"""
    )  # a blank row (",,", as a spreadsheet saves one) is no answer


def _load_answers(con: duckdb.DuckDBPyConnection, path: Path, rubric: Rubric) -> None:
    """Table ``a`` (entity, criterion, answer, level) from the file; problems raised."""
    import duckdb

    source = str(path)
    if not path.is_file():
        raise UsageError.keyed("error_no_such_file", path=source)
    encoding = _csv_encoding(path) if path.suffix.lower() != ".parquet" else "utf-8"
    cut = _cut_off(path, encoding) if path.suffix.lower() != ".parquet" else None
    if cut is not None:
        raise ProblemsError([cut], source=source)
    for attempt in (encoding, "latin-1"):
        src = _source_sql(path, attempt)
        try:
            col = _columns(con, src, source)
            _make_answers(con, src, col)
            break
        except duckdb.InvalidInputException as exc:
            if "not utf-8" in str(exc).lower() and attempt == "utf-8":
                con.execute("DROP TABLE IF EXISTS a")
                continue
            raise UsageError.keyed("error_cannot_read", path=source, reason=_first_line(exc)) from None  # fmt: skip
        except duckdb.Error as exc:
            raise UsageError.keyed("error_cannot_read", path=source, reason=_first_line(exc)) from None  # fmt: skip
    found: list[Problem] = []
    n_none = con.execute("SELECT count(*) FROM a WHERE entity IS NULL OR entity = ''").fetchall()[0][0]  # fmt: skip
    if n_none:
        line, _ = _first_row(con, path, src, col["entity"], lambda t: False, empty=True)
        found.append(problem("answers-no-entity", source=source, line=line, field=col["entity"], n=int(n_none)))  # fmt: skip
    n_bad = con.execute("SELECT count(*) FROM a WHERE code = 9").fetchall()[0][0]
    if n_bad:
        line, first = _first_row(con, path, src, col["level"], lambda t: answer_code(t) is None)
        found.append(problem("answers-bad-level", source=source, line=line, field=col["level"], n=int(n_bad), value=first))  # fmt: skip
    ids = pd.DataFrame({"criterion": [r.criterion.id for r in rubric.refs]})
    con.register("rubric_ids", ids)
    n_unk, _first = con.execute(
        "SELECT count(*), min(criterion) FROM a WHERE criterion NOT IN (SELECT criterion FROM rubric_ids)"
    ).fetchall()[0]
    if n_unk:
        known = set(ids["criterion"])
        line, first = _first_row(con, path, src, col["criterion"], lambda t: t.strip() not in known)
        found.append(problem("answers-unknown-criterion", source=source, line=line, field=col["criterion"], n=int(n_unk), value=first, rubric=rubric.id))  # fmt: skip
    if not found and not con.execute("SELECT count(*) FROM a").fetchall()[0][0]:
        found.append(problem("no-answers", source=source))
    if found:
        raise ProblemsError(found, source=source)


def _first_row(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    src: str,
    column: str,
    wrong: Callable[[str], bool],
    *,
    empty: bool = False,
) -> tuple[int | None, str]:
    """The row (as a spreadsheet numbers it, the header row 1) and value of the first cell of
    ``column`` that is ``wrong``; read only when a problem was found."""
    if path.suffix.lower() == ".parquet":
        q = _quote(column)
        for n, value in con.execute(
            f"SELECT file_row_number, CAST({q} AS VARCHAR) FROM read_parquet('{str(path).replace(chr(39), chr(39) * 2)}', file_row_number = true) ORDER BY file_row_number"
        ).fetchall():  # fmt: skip
            if (value is None or not str(value).strip()) if empty else (value is not None and wrong(str(value))):  # fmt: skip
                return int(n) + 2, "" if value is None else str(value)
        return None, ""
    import csv

    with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        sample = fh.readline()
        fh.seek(0)
        delimiter = max(",;\t", key=sample.count)
        reader = csv.reader(fh, delimiter=delimiter)
        header = next(reader, [])
        i = header.index(column) if column in header else 0
        for n, row in enumerate(reader, start=2):
            cell = row[i].strip() if i < len(row) else ""
            if (not cell and any(c.strip() for c in row)) if empty else (cell and wrong(row[i])):
                return n, row[i] if i < len(row) else ""
    return None, ""


def read_answers(path: str | os.PathLike[str], rubric: Rubric) -> pd.DataFrame:
    """The long answer table as the core takes it (entity, criterion, answer, level), checked."""
    con = _connect()
    _load_answers(con, Path(path), rubric)
    frame = con.execute(
        "SELECT entity, criterion, CASE code WHEN 1 THEN 'level' WHEN 2 THEN 'na' WHEN 3 THEN 'dk' "
        "ELSE '' END AS answer, CAST(level AS DOUBLE) AS level FROM a"
    ).df()
    con.close()
    return frame


# A unit's criterion: the median of its respondents' levels, computed from the count of each
# level (exact for levels 0-4, and far cheaper than sorting); not applicable when more said so.
_MEDIAN = "((CASE WHEN (n - 1) // 2 < c0 THEN 0 WHEN (n - 1) // 2 < c0 + c1 THEN 1 WHEN (n - 1) // 2 < c0 + c1 + c2 THEN 2 WHEN (n - 1) // 2 < c0 + c1 + c2 + c3 THEN 3 ELSE 4 END) + (CASE WHEN n // 2 < c0 THEN 0 WHEN n // 2 < c0 + c1 THEN 1 WHEN n // 2 < c0 + c1 + c2 THEN 2 WHEN n // 2 < c0 + c1 + c2 + c3 THEN 3 ELSE 4 END)) / 2.0"
_UNITS_SQL = """
CREATE TEMP TABLE g AS
SELECT entity, criterion,
  count(*) FILTER (WHERE code = 1) AS n, count(*) FILTER (WHERE code = 2) AS n_na,
  count(*) FILTER (WHERE code = 3) AS n_dk,
  count(*) FILTER (WHERE level = 0) AS c0, count(*) FILTER (WHERE level = 1) AS c1,
  count(*) FILTER (WHERE level = 2) AS c2, count(*) FILTER (WHERE level = 3) AS c3
FROM a GROUP BY entity, criterion;

CREATE TEMP TABLE uc AS
SELECT g.entity, g.criterion, c.pillar, c.commitment, c.weight,
  CASE WHEN n_na > n THEN 'not-applicable' WHEN n > 0 THEN 'scored' WHEN n_dk > 0 THEN 'dont-know'
       ELSE 'unanswered' END AS status,
  CASE WHEN n_na <= n AND n > 0 THEN {median} END AS score
FROM g JOIN crit c ON c.criterion = g.criterion;

CREATE TEMP TABLE ents AS SELECT DISTINCT entity FROM a;

CREATE TEMP TABLE up AS
WITH com AS (
  SELECT entity, commitment, any_value(pillar) AS pillar,
    sum(score * weight) / sum(weight) FILTER (WHERE score IS NOT NULL) AS score
  FROM uc GROUP BY entity, commitment),
ps AS (
  SELECT com.entity, com.pillar,
    sum(com.score * cw.commitment_weight) FILTER (WHERE com.score IS NOT NULL)
      / sum(cw.commitment_weight) FILTER (WHERE com.score IS NOT NULL) AS score
  FROM com JOIN (SELECT DISTINCT commitment, commitment_weight FROM crit) cw USING (commitment)
  GROUP BY com.entity, com.pillar),
pc AS (
  SELECT entity, pillar, count(*) FILTER (WHERE status = 'scored') AS n_scored,
    count(*) FILTER (WHERE status = 'not-applicable') AS n_na
  FROM uc GROUP BY entity, pillar),
pl AS (SELECT pillar, count(*) AS n_criteria, any_value(pillar_weight) AS pw FROM crit GROUP BY pillar)
SELECT e.entity, pl.pillar, ps.score, coalesce(pc.n_scored, 0) AS n_scored,
  pl.n_criteria - coalesce(pc.n_na, 0) AS n_applicable, pl.pw
FROM ents e CROSS JOIN pl
LEFT JOIN pc ON pc.entity = e.entity AND pc.pillar = pl.pillar
LEFT JOIN ps ON ps.entity = e.entity AND ps.pillar = pl.pillar;

CREATE TEMP TABLE uo AS
SELECT entity,
  sum(score * pw) FILTER (WHERE score IS NOT NULL) / sum(pw) FILTER (WHERE score IS NOT NULL) AS score,
  sum(n_scored) AS n_scored, sum(n_applicable) AS n_applicable
FROM up GROUP BY entity;
""".replace("{median}", _MEDIAN)


def _stats_sql(value: str) -> str:
    return f"""count({value}) AS n, median({value}) AS median, avg({value}) AS mean,
      quantile_cont({value}, 0.25) AS p25, quantile_cont({value}, 0.75) AS p75,
      min({value}) AS min, max({value}) AS max,
      sum({value} * m.w) / sum(m.w) FILTER (WHERE {value} IS NOT NULL) AS weighted_mean"""


def _aggregate_sql(con: duckdb.DuckDBPyConnection, pillar_ids: Sequence[str]) -> Aggregates:
    # criteria: a histogram on the half-level grid, then exact statistics from it (no sorting)
    # (and the units per status, from the same pass over units x areas)
    both = con.execute(
        """SELECT m.area, u.criterion, u.status, coalesce(CAST(u.score * 2 AS TINYINT), -1) AS v,
          count(*) AS n, sum(m.w) AS sw
        FROM uc u JOIN mem m USING (entity) GROUP BY ALL"""
    ).df()
    hist = both[both["v"] >= 0]
    cstats = stats_from_halves(hist, ["area", "criterion"])
    status = both.pivot_table(index=["area", "criterion"], columns="status", values="n", aggfunc="sum", fill_value=0)  # fmt: skip
    status = status.reindex(columns=list(STATUSES[:3]), fill_value=0).astype(int)
    crit = status.join(cstats, how="left")
    pil = con.execute(
        f"""SELECT m.area, u.pillar, {_stats_sql("u.score")},
          sum(n_scored) AS n_scored, sum(n_applicable) AS n_applicable
        FROM up u JOIN mem m USING (entity)
        GROUP BY m.area, u.pillar"""
    ).df()
    ove = con.execute(
        f"""SELECT m.area, {_stats_sql("u.score")},
          sum(n_scored) AS n_scored, sum(n_applicable) AS n_applicable, count(*) AS answered
        FROM uo u JOIN mem m USING (entity)
        GROUP BY m.area"""
    ).df()
    wide = con.execute(
        "PIVOT (SELECT entity, pillar, score FROM up) ON pillar USING first(score) GROUP BY entity"
    ).df().set_index("entity")  # fmt: skip
    units = con.execute("SELECT entity, score AS overall, n_scored, n_applicable FROM uo").df()
    units = units.set_index("entity").join(wide.reindex(columns=list(pillar_ids)))
    ove = ove.set_index("area")
    cols = list(STAT_COLUMNS)
    return Aggregates(
        criteria=crit[[*cols, *(f"level_{k}" for k in range(5)), *STATUSES[:3]]],
        pillars=pil.set_index(["area", "pillar"])[[*cols, "n_scored", "n_applicable"]],
        overall=ove[[*cols, "n_scored", "n_applicable"]],
        units=units,
        answered=ove["answered"],
    )


def table_rollup(
    path: str | os.PathLike[str],
    hierarchy: Hierarchy,
    rubric: Rubric,
    *,
    kind: str,
    min_units: int,
    rank: bool,
    engine: Engine = "duckdb",
) -> Rollup:
    """Roll a long answer table up ``hierarchy`` (see :mod:`assessment.rollup` for the rules)."""
    p = Path(path)
    if engine == "pandas":
        answers = read_answers(p, rubric)
        units = unit_scores_from_answers(rubric, answers, kind=kind)
        return roll_up(units, hierarchy, rubric, kind=kind, min_units=min_units, rank=rank, source=str(p))  # fmt: skip
    con = _connect()
    _load_answers(con, p, rubric)
    base = criteria_frame(rubric, kind).reset_index()
    con.register("crit", base[["criterion", "pillar", "commitment", "weight", "commitment_weight", "pillar_weight"]])  # fmt: skip
    con.execute(_UNITS_SQL)
    unit_ids = [str(r[0]) for r in con.execute("SELECT entity FROM uo ORDER BY entity").fetchall()]
    check_units(hierarchy, unit_ids, str(p))
    members = membership(hierarchy, unit_ids)
    members["w"] = hierarchy.nodes["weight"].reindex(members["entity"]).to_numpy(float)
    con.register("mem", members)
    agg = _aggregate_sql(con, [pid.id for pid in rubric.pillars])
    con.close()
    return finish(agg, hierarchy, rubric, kind=kind, min_units=min_units, rank=rank)
