"""From gaps to a plan: the gaps put in an order that respects the rubric's prerequisites. Pure.

Also the plan as rows of a spreadsheet, and the owners, due dates and notes read back from one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import heapq
import math
import string
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

import pandas as pd
from pydantic import ValidationError

from assessment.errors import Problem, ProblemsError
from assessment.frames import row_dicts
from assessment.gaps import rank_gaps
from assessment.problems import problem
from assessment.responses import Assessment, PlanEntry, parse_assessment, problems_from
from assessment.rubric import Rubric
from assessment.scoring import Scores
from assessment.text import available_languages, ui_text

__all__ = [
    "PLAN_COLUMNS",
    "QUICK_WIN_GAP",
    "ROOT_CAUSE_BLOCKS",
    "Plan",
    "PlanSheet",
    "PlanStep",
    "StepKind",
    "Unknown",
    "build_plan",
    "parse_plan_sheet",
    "plan_sheet_rows",
    "with_plan",
]

#: ``quick-win``: one level or less to go, no open prerequisite and none without a score;
#: ``structural``: the others
StepKind = Literal["quick-win", "structural"]
#: why a prerequisite is not known: no answer, "don't know", or not asked on the short form
UnknownStatus = Literal["unanswered", "dont-know", "not-asked"]

#: a step this close to its target (in levels), with no open prerequisite, is a quick win
QUICK_WIN_GAP: Final = 1.0
#: a step that this many other steps wait for (directly or through others) is a root cause
ROOT_CAUSE_BLOCKS: Final = 2


@dataclass(frozen=True, slots=True)
class PlanStep:
    """One step of the plan: a criterion below its target and what to build next.

    ``open_prerequisites`` are the prerequisites (direct or through others) that are gaps
    themselves: each comes earlier in the plan. ``unknown_prerequisites`` have no score yet
    (unanswered, "don't know", or not on the short form): they are to check first, but do not
    hold the step back. ``blocks`` counts the other steps that wait for this one.
    """

    order: int
    criterion: str
    title: str
    pillar: str
    commitment: str
    current: float
    target: float
    gap: float
    weight: float
    priority: float
    next_level: int
    next_level_label: str
    next_step: str
    answered_by: tuple[str, ...]
    kind: StepKind
    open_prerequisites: tuple[str, ...]
    unknown_prerequisites: tuple[str, ...]
    blocks: int
    owner: str | None = None
    due: dt.date | None = None
    note: str | None = None

    @property
    def quick_win(self) -> bool:
        """Whether the step is a quick win (see :data:`StepKind`)."""
        return self.kind == "quick-win"

    @property
    def root_cause(self) -> bool:
        """Whether two or more other steps wait for this one."""
        return self.blocks >= ROOT_CAUSE_BLOCKS


@dataclass(frozen=True, slots=True)
class Unknown:
    """A prerequisite of some step that has no score: to check first."""

    criterion: str
    title: str
    pillar: str
    status: UnknownStatus
    #: the steps that depend on it, in plan order
    waiting: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    """The steps in plan order, and the unknown prerequisites to check first."""

    kind: str
    steps: tuple[PlanStep, ...]
    to_check: tuple[Unknown, ...]

    @property
    def quick_wins(self) -> tuple[PlanStep, ...]:
        """The quick wins, in plan order."""
        return tuple(s for s in self.steps if s.quick_win)

    @property
    def root_causes(self) -> tuple[PlanStep, ...]:
        """The steps two or more others wait for, in plan order."""
        return tuple(s for s in self.steps if s.root_cause)

    def step(self, criterion: str) -> PlanStep | None:
        """The step of ``criterion``, or None when it is no gap."""
        return next((s for s in self.steps if s.criterion == criterion), None)

    def frame(self) -> pd.DataFrame:
        """One row per step (the fields of :class:`PlanStep`), indexed by ``order``."""
        columns = [f.name for f in dataclasses.fields(PlanStep)]
        rows = [dataclasses.astuple(s) for s in self.steps]
        out = pd.DataFrame.from_records(rows, columns=columns)
        out["root_cause"] = out["blocks"] >= ROOT_CAUSE_BLOCKS
        return out.set_index("order")


def _in_order(ids: Sequence[str], before: Mapping[str, Sequence[str]]) -> list[str]:
    """``ids`` (given most urgent first) sorted so that each comes after every id of
    ``before[id]``; among those whose predecessors are all placed, the most urgent comes next.

    A stable topological sort (Kahn's, with a heap on the urgency).
    """
    rank = {cid: i for i, cid in enumerate(ids)}
    waiting = {cid: len(before[cid]) for cid in ids}
    after: dict[str, list[str]] = {cid: [] for cid in ids}
    for cid in ids:
        for pre in before[cid]:
            after[pre].append(cid)
    ready = [rank[cid] for cid in ids if waiting[cid] == 0]
    heapq.heapify(ready)
    out: list[str] = []
    while ready:
        cid = ids[heapq.heappop(ready)]
        out.append(cid)
        for nxt in after[cid]:
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                heapq.heappush(ready, rank[nxt])
    if len(out) != len(ids):  # pragma: no cover - a validated rubric has no cycle
        raise ValueError("the prerequisites go round in a circle")
    return out


def _unknown_status(cid: str, status: pd.Series) -> UnknownStatus | None:
    """Why ``cid`` has no score (None when it has one, or is not applicable)."""
    if cid not in status.index:
        return "not-asked"  # outside the short form
    value = str(status[cid])
    if value == "unanswered":
        return "unanswered"
    if value == "dont-know":
        return "dont-know"
    return None


def build_plan(rubric: Rubric, scores: Scores, assessment: Assessment) -> Plan:
    """The gaps of ``scores`` as an ordered plan, with the owners and due dates of ``assessment``.

    Order: no step comes before a step of one of its prerequisites (``depends_on``, direct or
    through others); otherwise the most urgent first (priority = gap x weight, ties broken as
    :func:`assessment.gaps.rank_gaps` breaks them). Only prerequisites that are gaps themselves
    hold a step back: one at or above its target, or not applicable, never does. One without a
    score is listed in :attr:`Plan.to_check` and in the step's ``unknown_prerequisites``.

    A step is a quick win when its gap is :data:`QUICK_WIN_GAP` level or less and it waits for
    no other step nor for a prerequisite without a score; otherwise it is structural. It is a root cause when
    :data:`ROOT_CAUSE_BLOCKS` or more other steps wait for it.
    """
    kind = assessment.entity.kind
    ranked = rank_gaps(rubric, scores, kind=kind).set_index("criterion")
    gaps = [str(c) for c in ranked.index]
    is_gap = set(gaps)
    status = scores.criteria["status"]
    opened: dict[str, tuple[str, ...]] = {}
    unknown: dict[str, tuple[str, ...]] = {}
    why: dict[str, UnknownStatus] = {}
    for cid in gaps:
        pre = rubric.prerequisites(cid, kind=kind, transitive=True)
        opened[cid] = tuple(p for p in pre if p in is_gap)
        unknown[cid] = ()
        for p in pre:
            found = None if p in is_gap else _unknown_status(p, status)
            if found is not None:
                why[p] = found
                unknown[cid] += (p,)
    order = _in_order(gaps, opened)
    by_id = {str(cid): row for cid, row in row_dicts(ranked)}
    blocks = Counter(p for cid in gaps for p in opened[cid])
    steps = tuple(
        _step(rubric, cid, by_id[cid], n, opened[cid], unknown[cid], blocks[cid], assessment)
        for n, cid in enumerate(order, start=1)
    )
    return Plan(kind=kind, steps=steps, to_check=_to_check(rubric, steps, why))


def _step(
    rubric: Rubric,
    cid: str,
    row: Mapping[str, Any],
    order: int,
    opened: tuple[str, ...],
    unknown: tuple[str, ...],
    blocks: int,
    assessment: Assessment,
) -> PlanStep:
    kind = assessment.entity.kind
    gap = float(row["gap"])
    entry = assessment.plan.get(cid, PlanEntry())
    return PlanStep(
        order=order,
        criterion=cid,
        title=str(row["title"]),
        pillar=str(row["pillar"]),
        commitment=str(row["commitment"]),
        current=float(row["current"]),
        target=float(row["target"]),
        gap=gap,
        weight=float(row["weight"]),
        priority=float(row["priority"]),
        next_level=int(row["next_level"]),
        next_level_label=str(row["next_level_label"]),
        next_step=str(row["next_step"]),
        answered_by=tuple(rubric.by_id[cid].criterion.answered_by.get(kind, ())),
        # a prerequisite without a score may be open too: such a step waits until it is known
        kind="quick-win" if gap <= QUICK_WIN_GAP and not opened and not unknown else "structural",
        open_prerequisites=opened,
        unknown_prerequisites=unknown,
        blocks=blocks,
        owner=entry.owner,
        due=entry.due,
        note=entry.note,
    )


def _to_check(
    rubric: Rubric, steps: Sequence[PlanStep], why: Mapping[str, UnknownStatus]
) -> tuple[Unknown, ...]:
    """The unknown prerequisites, the one the earliest step waits for first."""
    waiting: dict[str, list[str]] = {}
    for s in steps:
        for p in s.unknown_prerequisites:
            waiting.setdefault(p, []).append(s.criterion)
    return tuple(
        Unknown(
            criterion=p,
            title=rubric.by_id[p].criterion.title,
            pillar=rubric.by_id[p].pillar.id,
            status=why[p],
            waiting=tuple(w),
        )
        for p, w in waiting.items()
    )


# --------------------------------------------------------------------------------------------------
# The plan as a spreadsheet: a row per step, with Owner, Due date and Note to fill in

#: the columns of a plan sheet (their headers are the interface texts ``plan_col_<column>``)
PLAN_COLUMNS: tuple[str, ...] = (
    "step",
    "criterion",
    "title",
    "pillar",
    "current",
    "target",
    "gap",
    "priority",
    "next_level",
    "next_step",
    "kind",
    "waits_for",
    "check_first",
    "blocks",
    "answered_by",
    "owner",
    "due",
    "note",
)

#: the columns read back from a filled-in sheet: the criterion, and what the user fills in
_READ: Final = ("criterion", "owner", "due", "note")
_REQUIRED: Final = ("criterion", "owner", "due")


def _number(value: float) -> float | int:
    """A whole number as an int (a level of 3, not 3.0), else the float."""
    return int(value) if float(value).is_integer() else float(value)


def plan_sheet_rows(plan: Plan, lang: str = "en") -> list[list[object]]:
    """The header (in ``lang``) and a row per step, columns :data:`PLAN_COLUMNS`.

    Numbers are numbers, the due date a :class:`datetime.date` (or None), every other cell text
    or None; a shell makes the text safe for a spreadsheet and writes the file.
    """
    rows: list[list[object]] = [[ui_text(f"plan_col_{c}", lang) for c in PLAN_COLUMNS]]
    for s in plan.steps:
        rows.append(
            [
                s.order,
                s.criterion,
                s.title,
                s.pillar,
                _number(s.current),
                _number(s.target),
                _number(s.gap),
                _number(s.priority),
                s.next_level,
                s.next_step,
                ui_text(f"plan_kind_{s.kind.replace('-', '_')}", lang),
                ", ".join(s.open_prerequisites) or None,
                ", ".join(s.unknown_prerequisites) or None,
                s.blocks,
                ", ".join(s.answered_by) or None,
                s.owner,
                s.due,
                s.note,
            ]
        )
    return rows


@dataclass(frozen=True, slots=True)
class PlanSheet:
    """What a filled-in plan sheet says: criterion id -> its entry (None: clear it), and the
    headers of the columns that were not read because the toolkit does not know them (columns
    a user added)."""

    entries: Mapping[str, PlanEntry | None]
    ignored: tuple[str, ...]


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def _header_names() -> dict[str, str]:
    """Header text (in any of the toolkit's languages, or the column's own name) -> column of
    :data:`PLAN_COLUMNS`."""
    names: dict[str, str] = {}
    for column in PLAN_COLUMNS:
        names[_normal(column)] = column
        for lang in ("en", *available_languages()):
            names.setdefault(_normal(ui_text(f"plan_col_{column}", lang)), column)
    return names


def _letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 -> A, 26 -> AA."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = string.ascii_uppercase[rest] + out
    return out


def _cell_text(value: object) -> str:
    """A cell as text: ``""`` when empty; a whole float (a number typed in a text column)
    without its ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _header(
    rows: Iterable[Sequence[object]], source: str
) -> tuple[dict[str, int], list[str], list[str], list[Problem]]:
    """(column -> index, header cells, ignored headers, problems) of the header row."""
    first = next(iter(rows), None)
    header = [_cell_text(v).strip() for v in (first or ())]
    names = _header_names()
    where: dict[str, int] = {}
    repeated: list[str] = []
    ignored: list[str] = []
    for i, text in enumerate(header):
        column = names.get(_normal(text))
        if column is None:
            if text:
                ignored.append(text)  # a column of the user's own: said, not read
        elif column not in _READ:
            continue  # one the toolkit wrote for reading only
        elif column in where:
            repeated.append(text)
        else:
            where[column] = i
    problems: list[Problem] = []
    missing = [ui_text(f"plan_col_{c}") for c in _REQUIRED if c not in where]
    expected = ", ".join(ui_text(f"plan_col_{c}") for c in _READ)
    if missing:
        problems.append(
            problem(
                "missing-column",
                source=source,
                line=1,
                missing=", ".join(missing),
                columns=expected,
            )
        )
    if repeated:
        problems.append(problem("duplicate-column", source=source, line=1, names=", ".join(repeated)))  # fmt: skip
    return where, header, ignored, problems


def parse_plan_sheet(
    rows: Iterable[Sequence[object]],
    rubric: Rubric,
    assessment: Assessment,
    *,
    source: str = "<sheet>",
) -> PlanSheet:
    """Read the owners, due dates and notes of a filled-in plan sheet (its first row the header).

    ``rows`` hold a spreadsheet's values (text, numbers, dates; None for an empty cell), with
    any escape a shell wrote before formula-like text already removed. Columns are found by
    their headers, in any of the toolkit's languages; the Criterion, Owner and Due date columns
    are needed, Note is optional, the others are not read. A cell replaces what the assessment
    holds (an empty one clears it); a column the sheet lacks leaves its field as it was. Raises
    :class:`ProblemsError` with every bad cell (row and column) at once: a criterion the rubric
    lacks, a criterion given twice, a due date that is not one, text too long.
    """
    it = iter(rows)
    where, header, ignored, problems = _header(it, source)
    if problems:
        raise ProblemsError(problems)
    labels = {c: f"{header[i]} ({_letter(i)})" for c, i in where.items()}
    entries: dict[str, PlanEntry | None] = {}
    first_row: dict[str, int] = {}
    for row_no, row in enumerate(it, start=2):
        cells = list(row)
        if not any(_cell_text(v).strip() for v in cells):
            continue
        extra = [v for v in cells[len(header) :] if _cell_text(v).strip()]
        if extra:
            problems.append(problem("wrong-cell-count", source=source, line=row_no, count=len(cells), expected=len(header)))  # fmt: skip
            continue
        cell = {c: (cells[i] if i < len(cells) else None) for c, i in where.items()}
        cid = _cell_text(cell["criterion"]).strip()
        at = labels["criterion"]
        if not cid:
            problems.append(problem("missing-criterion", source=source, line=row_no, field=at))
            continue
        if cid not in rubric.by_id:
            problems.append(
                problem(
                    "unknown-criterion",
                    source=source,
                    line=row_no,
                    field=at,
                    criterion=cid,
                    rubric=rubric.id,
                    example=rubric.refs[0].criterion.id,
                )
            )
            continue
        if cid in first_row:  # the catalogue's word for a repeated key: the criterion is the key
            problems.append(
                problem(
                    "duplicate-key",
                    source=source,
                    line=row_no,
                    field=at,
                    key=cid,
                    first=first_row[cid],
                )
            )
            continue
        first_row[cid] = row_no
        data: dict[str, Any] = assessment.plan.get(cid, PlanEntry()).model_dump()
        for column in ("owner", "due", "note"):
            if column in cell:
                data[column] = _value(cell[column], column)
        try:
            entry = PlanEntry.model_validate(data)
        except ValidationError as exc:
            problems += [
                dataclasses.replace(p, line=row_no, field=labels.get(p.field, p.field))
                for p in problems_from(exc, source)
            ]
            continue
        entries[cid] = None if entry.empty else entry
    if problems:
        n = len(problems)
        raise ProblemsError(
            sorted(problems, key=lambda p: p.line or 0),
            f"{source}: {n} problem{'s' if n != 1 else ''}; nothing was imported",
            summary_key="problems_nothing_imported",
            source=source,
        )
    return PlanSheet(entries=entries, ignored=tuple(ignored))


def _value(value: object, column: str) -> object:
    """A cell as the entry's field takes it: None when empty; a date cell as its date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if column == "due":
        if isinstance(value, dt.datetime):
            return value.date()
        return value if isinstance(value, dt.date | str) else _cell_text(value)
    return _cell_text(value)


def with_plan(assessment: Assessment, entries: Mapping[str, PlanEntry | None]) -> Assessment:
    """A copy of ``assessment`` whose plan has ``entries`` (None, or an empty entry, removes the
    criterion's); the other criteria's entries stay as they were."""
    plan = dict(assessment.plan)
    for cid, entry in entries.items():
        if entry is None or entry.empty:
            plan.pop(cid, None)
        else:
            plan[cid] = entry
    data = {name: getattr(assessment, name) for name in type(assessment).model_fields}
    data["plan"] = plan
    return parse_assessment(data)
