"""Assessments as readable JSON (saved atomically) and responses as long-format CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assessment.errors import Problem, ProblemsError, UsageError
from assessment.responses import ASSESSMENT_FORMAT, Assessment, Respondent, Response, problems_from
from assessment.storage.atomic import write_atomic
from assessment.storage.yamlfile import decode_text, parse_yaml

__all__ = [
    "CSV_COLUMNS",
    "dumps_assessment",
    "dumps_responses_csv",
    "load_assessment",
    "loads_assessment",
    "loads_responses_csv",
    "read_responses_csv",
    "save_assessment",
    "write_responses_csv",
]


def _validation_problems(exc: ValidationError, source: str, text: str) -> list[Problem]:
    """Problems naming each field, with the JSON line when the text can be mapped."""
    try:
        _, line_of = parse_yaml(text, source)  # JSON is YAML: reuse its line map
    except ProblemsError:
        line_of = None
    out = []
    for prob, err in zip(problems_from(exc, source), exc.errors(include_url=False), strict=True):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        line = None
        while line_of is not None and loc and line is None:
            line = line_of(loc)
            loc = loc[:-1]
        out.append(replace(prob, line=line))
    return out


def loads_assessment(text: str, source: str = "<string>") -> Assessment:
    """Parse and validate assessment JSON text. Raises :class:`ProblemsError` naming each field."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProblemsError(
            [
                Problem(
                    "json-syntax",
                    f"not valid JSON: {exc.msg} (column {exc.colno})",
                    source,
                    exc.lineno,
                )
            ]
        ) from None
    except RecursionError:
        raise ProblemsError(
            [Problem("json-too-deep", "the JSON is nested too deeply to be an assessment", source)]
        ) from None
    if not isinstance(data, dict):
        raise ProblemsError(
            [
                Problem(
                    "not-an-assessment",
                    "an assessment file is a JSON object with 'format': 'gdi-assessment/1'",
                    source,
                    1,
                )
            ]
        )
    fmt = data.get("format")
    if fmt != ASSESSMENT_FORMAT:
        hint = (
            "a newer toolkit version wrote it; update the toolkit"
            if isinstance(fmt, str) and fmt.startswith("gdi-assessment/")
            else f"expected {ASSESSMENT_FORMAT!r}"
        )
        raise ProblemsError(
            [Problem("unknown-format", f"format is {fmt!r}; {hint}", source, 1, "format")]
        )
    try:
        return Assessment.model_validate_json(text)
    except ValidationError as exc:
        problems = _validation_problems(exc, source, text)
        raise ProblemsError(
            problems,
            f"{source}: {len(problems)} problem{'s' if len(problems) != 1 else ''} in this assessment",
        ) from None


def load_assessment(path: str | os.PathLike[str]) -> Assessment:
    """Read and validate an assessment JSON file."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise UsageError(
            f"{p}: no such file; check the path, or create one with 'gdi-assess new'"
        ) from None
    except IsADirectoryError:
        raise UsageError(f"{p}: is a folder; give the path of an assessment .json file") from None
    except OSError as exc:
        raise UsageError(f"{p}: cannot be read ({exc.strerror})") from None
    if not raw.strip():
        raise ProblemsError(
            [
                Problem(
                    "empty-file",
                    "the file is empty; it should hold an assessment saved by this toolkit",
                    str(p),
                    1,
                )
            ]
        )
    return loads_assessment(decode_text(raw, str(p)), str(p))


def _compact(obj: Any) -> Any:
    """Drop empty optional fields of responses and respondents so files stay readable."""
    if isinstance(obj, dict):
        return {
            k: _compact(v)
            for k, v in obj.items()
            if v not in (None, "", [], {}) or k in {"responses", "respondents", "targets"}
        }
    if isinstance(obj, list):
        return [_compact(v) for v in obj]
    return obj


def dumps_assessment(assessment: Assessment) -> str:
    """The assessment as indented, human-readable JSON text (UTF-8, non-ASCII kept)."""
    data = _compact(assessment.model_dump(mode="json"))
    data["format"] = ASSESSMENT_FORMAT
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def save_assessment(assessment: Assessment, path: str | os.PathLike[str]) -> Path:
    """Save atomically (temporary file, then rename). Returns the path written."""
    return write_atomic(path, dumps_assessment(assessment))


# --------------------------------------------------------------------------------------------------
# Long-format CSV: one row per response, respondent details repeated on each row.

CSV_COLUMNS: tuple[str, ...] = (
    "criterion",
    "respondent",
    "respondent_name",
    "group",
    "status",
    "level",
    "reason",
    "target",
    "confidence",
    "evidence",
    "links",
    "notes",
    "answered_at",
)


def dumps_responses_csv(assessment: Assessment) -> str:
    """Every response as one CSV row (columns :data:`CSV_COLUMNS`); text, UTF-8, ``\\r\\n`` rows."""
    who = {r.id: r for r in assessment.respondents}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for r in assessment.responses:
        person = who[r.respondent]
        w.writerow(
            [
                r.criterion,
                r.respondent,
                person.name or "",
                person.group or "",
                r.status,
                "" if r.level is None else r.level,
                r.reason or "",
                "" if r.target is None else r.target,
                r.confidence or "",
                r.evidence,
                " ".join(r.links),
                r.notes,
                r.answered_at.isoformat() if r.answered_at else "",
            ]
        )
    return buf.getvalue()


def write_responses_csv(assessment: Assessment, path: str | os.PathLike[str]) -> Path:
    """Write :func:`dumps_responses_csv` atomically, with a BOM so that Excel reads UTF-8."""
    return write_atomic(path, "\ufeff" + dumps_responses_csv(assessment))


def loads_responses_csv(
    text: str, source: str = "<csv>"
) -> tuple[tuple[Respondent, ...], tuple[Response, ...]]:
    """Parse long-format CSV into respondents and responses; every bad cell is reported at once.

    Rows are counted as a spreadsheet shows them: the header is row 1.
    """
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ProblemsError(
            [
                Problem(
                    "empty-file",
                    f"the CSV is empty; its first row must be the header: {','.join(CSV_COLUMNS)}",
                    source,
                    1,
                )
            ]
        ) from None
    except csv.Error as exc:
        raise ProblemsError([Problem("csv-syntax", f"not valid CSV: {exc}", source, 1)]) from None
    header = [h.strip() for h in header]
    missing = [c for c in ("criterion", "respondent", "status") if c not in header]
    unknown = [h for h in header if h not in CSV_COLUMNS]
    problems: list[Problem] = []
    if missing:
        problems.append(
            Problem(
                "missing-column",
                f"column(s) {', '.join(missing)} missing; the header must name: {', '.join(CSV_COLUMNS)}",
                source,
                1,
            )
        )
    if unknown:
        problems.append(
            Problem(
                "unknown-column",
                f"unknown column(s) {', '.join(unknown)}; valid columns: {', '.join(CSV_COLUMNS)}",
                source,
                1,
            )
        )
    if len(set(header)) != len(header):
        problems.append(
            Problem("duplicate-column", "a column name appears twice in the header", source, 1)
        )
    if problems:
        raise ProblemsError(problems)
    people: dict[str, tuple[str | None, str | None, int]] = {}
    responses: list[Response] = []
    rows_of: list[int] = []
    row_no = 1
    try:
        for row_no, row in enumerate(reader, start=2):  # noqa: B007 - row_no used after the loop
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                problems.append(
                    Problem(
                        "wrong-cell-count",
                        f"row has {len(row)} cells; the header has {len(header)}",
                        source,
                        row_no,
                    )
                )
                continue
            cell = dict(zip(header, row, strict=True))
            rid = cell["respondent"].strip()
            name = cell.get("respondent_name", "").strip() or None
            group = cell.get("group", "").strip() or None
            if rid in people and people[rid][:2] != (name, group):
                problems.append(
                    Problem(
                        "inconsistent-respondent",
                        f"respondent {rid!r} has name/group {name!r}/{group!r} here but {people[rid][0]!r}/{people[rid][1]!r} on row {people[rid][2]}",
                        source,
                        row_no,
                        "respondent_name",
                    )
                )
            people.setdefault(rid, (name, group, row_no))
            data: dict[str, Any] = {
                "criterion": cell["criterion"].strip(),
                "respondent": rid,
                "status": cell["status"].strip(),
                "evidence": cell.get("evidence", ""),
                "notes": cell.get("notes", ""),
                "links": tuple(cell.get("links", "").split()),
            }
            for col in ("level", "target"):
                val = cell.get(col, "").strip()
                if val:
                    try:
                        data[col] = int(val)
                    except ValueError:
                        problems.append(
                            Problem(
                                "bad-level",
                                f"{val!r} is not a level; use a whole number from 0 to 4, or leave it empty",
                                source,
                                row_no,
                                col,
                            )
                        )
            for col in ("reason", "confidence"):
                val = cell.get(col, "").strip()
                if val:
                    data[col] = val
            stamp = cell.get("answered_at", "").strip()
            if stamp:
                try:
                    data["answered_at"] = dt.datetime.fromisoformat(stamp)
                except ValueError:
                    problems.append(
                        Problem(
                            "bad-time",
                            f"{stamp!r} is not a date-time; use ISO 8601 such as 2025-06-30T14:05:00",
                            source,
                            row_no,
                            "answered_at",
                        )
                    )
            try:
                responses.append(Response.model_validate(data))
                rows_of.append(row_no)
            except ValidationError as exc:
                for err in exc.errors(include_url=False):
                    field = ".".join(str(p) for p in err["loc"]) or "status"
                    msg = err["msg"]
                    if err["type"] == "literal_error":
                        msg = f"{err.get('input')!r} is not allowed; {msg[0].lower()}{msg[1:]}"
                    problems.append(
                        Problem(err["type"].replace("_", "-"), msg, source, row_no, field)
                    )
    except csv.Error as exc:
        problems.append(Problem("csv-syntax", f"not valid CSV: {exc}", source, row_no + 1))
    seen: dict[tuple[str, str], int] = {}
    for r, row in zip(responses, rows_of, strict=True):
        key = (r.criterion, r.respondent)
        if key in seen:
            problems.append(
                Problem(
                    "duplicate-response",
                    f"respondent {r.respondent!r} answers {r.criterion!r} twice (also on row {seen[key]}); keep one",
                    source,
                    row,
                    "criterion",
                )
            )
        seen.setdefault(key, row)
    respondents: list[Respondent] = []
    for rid, (name, group, row) in people.items():
        try:
            respondents.append(Respondent.model_validate({"id": rid, "name": name, "group": group}))
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                problems.append(
                    Problem(err["type"].replace("_", "-"), err["msg"], source, row, "respondent")
                )
    if problems:
        problems.sort(key=lambda p: p.line or 0)
        raise ProblemsError(
            problems,
            f"{source}: {len(problems)} problem{'s' if len(problems) != 1 else ''}; nothing was imported",
        )
    return tuple(respondents), tuple(responses)


def read_responses_csv(
    path: str | os.PathLike[str],
) -> tuple[tuple[Respondent, ...], tuple[Response, ...]]:
    """Read a long-format responses CSV file (UTF-8, with or without BOM)."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{p}: no such file; check the path") from None
    except OSError as exc:
        raise UsageError(f"{p}: cannot be read ({exc.strerror})") from None
    return loads_responses_csv(decode_text(raw, str(p)), str(p))
