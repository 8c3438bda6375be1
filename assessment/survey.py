"""Core: read a survey export's decoded table (a header and rows of cells) into an assessment.

Matches headers and answers to the rubric, reads the wide and long layouts and reports every
problem at once. Files (CSV bytes, XLSX workbooks) are read in :mod:`assessment.storage.survey`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Literal

from pydantic import ValidationError

from assessment.errors import Problem, ProblemsError, UsageError
from assessment.problems import problem, problem_with
from assessment.responses import (
    Assessment,
    Entity,
    Respondent,
    Response,
    check_against_rubric,
    new_assessment,
    parse_assessment,
    problems_from,
)
from assessment.rubric import LEVEL_LABELS, Rubric
from assessment.text import GROUP_KEYS, available_languages, group_name, level_label, ui_text
from assessment.xlsform import GROUP_CHOICES

__all__ = [
    "DEFAULT_NA_REASON",
    "LAYOUTS",
    "CampaignImport",
    "EntityRows",
    "Layout",
    "Row",
    "SurveyImport",
    "SurveyMapping",
    "SurveyTable",
    "check_survey_mapping",
    "form_rubric_problems",
    "parse_campaign",
    "parse_survey",
    "parse_table",
    "split_by_entity",
    "without_rejected",
]

Layout = Literal["auto", "wide", "long"]
LAYOUTS: tuple[str, ...] = ("auto", "wide", "long")

#: Reason given to a "not applicable" answer when the survey has no reason for it.
DEFAULT_NA_REASON = "Marked not applicable in the survey (no reason given)"

#: One row of cells as a reader gives them: text from CSV; text, numbers, dates or None from XLSX.
Row = Sequence[object]

_LEVEL_NAMES = ", ".join(LEVEL_LABELS.values())
_Status = Literal["scored", "not-applicable", "dont-know"]
_Answer = tuple[_Status, int | None]
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# Where survey tools join a question group to a question name: Kobo "/", ODK Central "-". Not a
# space: "Comment on I.1-x" is not criterion I.1-x.
_SEPARATORS = "/:-."
_COMPANION_RE = re.compile(
    r"^(?P<base>.+?)[\s_/:\-]+(?P<field>reason|target|confidence|evidence|notes?|comments?)$",
    re.IGNORECASE,
)
_COMPANION_FIELD = {"note": "notes", "comment": "notes", "comments": "notes"}
#: a question's code in its label, as the toolkit's XLSForm writes it: ``[I.1-x] Does …``,
#: ``[I.1-x reason] Why …``, ``[entity_id] Code …`` (a labels export heads columns with labels)
_TAG_RE = re.compile(
    r"(?:^|/)\[([A-Za-z0-9_][A-Za-z0-9._-]*)(?: (reason|target|confidence|evidence))?\](?:\s|$)"
)
#: a choice label that starts with its level and the level's name: "2 – Developing: …" (the
#: toolkit's own form, in any language)
_LEVEL_LABEL_RE = re.compile(r"^([0-4])\s*[–—-]\s*(\S.*)$", re.DOTALL)
_LONG_FIELDS = ("target", "reason", "notes", "evidence", "confidence")
# SurveyMonkey's second header row: "Response" under a one-column question, option labels else.
_SUBHEADERS = frozenset({"response", "open-ended response"})
# Day/month/year (or year/month/day) with an optional time: 7/21/2025 9:12:40, 15.07.2025 10:07 PM.
_DATE_RE = re.compile(
    r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4}),?"
    r"(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:\s*([AaPp])\.?[Mm]\.?)?)?$"
)
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's 1900 leap-year bug)
_EXCEL_LAST = 2_958_465  # 9999-12-31


@dataclass(frozen=True)
class SurveyMapping:
    """Which columns of a survey export hold what.

    Each field lists header names to look for, in order of preference; headers match whatever
    their case and spacing, and ``_`` counts as a space (``Response ID`` = ``response_id``). Give a
    one-name tuple to pin a column, or an empty tuple to ignore that kind of column.

    Parameters
    ----------
    respondent
        The respondent's id. Wide files without one number respondents ``r<row>``; long files
        look for ``respondent`` first (``id`` there may number rows). ODK's ``uuid:`` prefix
        is dropped, since ids cannot contain ``:``.
    name
        The respondent's name (kept only as the respondent's name).
    group
        The stakeholder group.

        Identity columns (respondent, name, group, time) are also found inside a form group:
        ``respondent/stakeholder_group`` (Kobo), ``intro-stakeholder_group`` (ODK Central; after
        ``-`` only names of two or more words, so ``age-group`` is not the group).
    time
        When the answers were submitted: ISO 8601 (with or without a zone), ``7/21/2025 9:12:40``
        or ``15/07/2025 10:07`` (day or month first, decided from the whole column), an Excel
        serial number or a date-time cell in XLSX. A time that cannot be read is left out.
    criterion, level, target, reason, notes, evidence, confidence
        Long files only: the columns of one answer.
    columns
        Survey column name -> criterion id, for surveys whose questions have their own codes
        (LimeSurvey ``Q01``, ``Q01[SQ001]``). Used for wide headers and for the criterion cells
        of long files.
    answers
        Answer code -> level (``0`` to ``4``, or a level name), ``"n/a"`` or ``"dont-know"``, for
        surveys that export their own answer codes (LimeSurvey ``AO01``); codes match in any case.
        Cells that are not codes are read as usual.
    """

    respondent: tuple[str, ...] = (
        "_id",
        "_uuid",
        "id",
        "response id",
        "respondent",
        "respondent id",
        "participant id",
        "instanceID",
        "KEY",
    )
    name: tuple[str, ...] = (
        "respondent_name",
        "participant_name",
        "name",
        "display name",
        "respondent name",
        "full name",
    )
    group: tuple[str, ...] = ("stakeholder_group", "group", "sector", "stakeholder")
    time: tuple[str, ...] = (
        "_submission_time",
        "submitdate",
        "SubmissionDate",
        "completion time",
        "end",
        "end date",
        "timestamp",
        "answered_at",
        "start time",
        "start date",
    )
    criterion: tuple[str, ...] = ("criterion", "criterion id", "question")
    level: tuple[str, ...] = ("level", "value", "answer", "score")
    target: tuple[str, ...] = ("target", "target level")
    reason: tuple[str, ...] = ("reason", "na reason", "not applicable reason")
    notes: tuple[str, ...] = ("notes", "note", "comment", "comments")
    evidence: tuple[str, ...] = ("evidence",)
    confidence: tuple[str, ...] = ("confidence",)
    columns: Mapping[str, str] = field(default_factory=dict, hash=False)
    answers: Mapping[str, int | str] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        # A bare string is an easy slip for a one-name tuple; accept it rather than match letters.
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name not in ("columns", "answers") and isinstance(value, str):
                object.__setattr__(self, f.name, (value,))
        object.__setattr__(self, "columns", MappingProxyType(dict(self.columns)))
        object.__setattr__(self, "answers", MappingProxyType(dict(self.answers)))


@dataclass(frozen=True)
class SurveyImport:
    """What :func:`parse_survey` (or :func:`~assessment.storage.survey.read_survey`) made of an export.

    Parameters
    ----------
    assessment
        The imported assessment, checked against the rubric.
    layout
        ``"wide"`` (a row per respondent) or ``"long"`` (a row per answer), as read.
    ignored_columns
        Header names that were not used (survey metadata such as ``_uuid``), in file order.
    n_rows
        Data rows read (blank rows not counted).
    encoding
        How a CSV file's bytes were decoded (``utf-8``, ``utf-16``, ``cp1252``, ``latin-1``);
        ``None`` for XLSX and for text given in memory.
    rejected
        The rows of submissions a reviewer rejected, left out (ODK Central exports them too).
    """

    assessment: Assessment
    layout: Literal["wide", "long"]
    ignored_columns: tuple[str, ...]
    n_rows: int
    encoding: str | None = None
    #: the rows of submissions a reviewer rejected (ODK Central's ``ReviewState``), left out
    rejected: tuple[int, ...] = ()


@dataclass(frozen=True)
class SurveyTable:
    """A decoded survey export: its header, and its data rows numbered as a spreadsheet shows them.

    Parameters
    ----------
    source
        Name used in problems, e.g. the file name.
    header
        The header cells as trimmed text.
    header_row
        The header's row number (1 unless blank rows come first).
    rows
        ``(row number, cells)`` of every row after the header, blank rows included.
    """

    source: str
    header: tuple[str, ...]
    header_row: int
    rows: tuple[tuple[int, Row], ...]


# --------------------------------------------------------------------------------------------------
# Cells


def _header_key(name: str) -> str:
    """Header names compare without case, surrounding spaces, or the difference of ``_`` and space."""
    return " ".join(name.replace("_", " ").lower().split())


def _untagged(header: str) -> str:
    """The name a header's tag gives (``[I.1-x reason] Why …`` -> ``I.1-x_reason``), else the
    header as it is."""
    if "[" not in header:
        return header
    m = _TAG_RE.search(header)
    if m is None:
        return header
    return f"{m.group(1)}_{m.group(2)}" if m.group(2) else m.group(1)


def _answer_key(text: str) -> str:
    s = text.strip().lower()
    for ch in "'’‘`´":
        s = s.replace(ch, "")
    return " ".join(re.sub(r"[_\-–—:()]", " ", s).split())


def _answer_table() -> dict[str, _Answer]:
    table: dict[str, _Answer] = {}
    for level, label in LEVEL_LABELS.items():
        name = _answer_key(label)
        for key in (str(level), name, f"{level} {name}", f"{level}. {name}", f"{level}.{name}"):
            table[key] = ("scored", level)
    for key in ("n/a", "na", "n.a.", "n.a", "n / a", "not applicable", "notapplicable"):
        table[key] = ("not-applicable", None)
    for key in ("dont know", "do not know", "dk", "i dont know", "dontknow"):
        table[key] = ("dont-know", None)
    # a form in another language exports its own words: "En développement", "لا أعرف", "不清楚"
    for lang in available_languages():  # English too: the form's "Not applicable to us"
        for level in LEVEL_LABELS:
            name = _answer_key(level_label(level, lang))
            for key in (name, f"{level} {name}", f"{level}. {name}", f"{level}.{name}"):
                table.setdefault(key, ("scored", level))
        for key in ("not_applicable", "report_status_not-applicable"):
            table.setdefault(_answer_key(ui_text(key, lang)), ("not-applicable", None))
        table.setdefault(_answer_key(ui_text("dont_know", lang)), ("dont-know", None))
    return table


@lru_cache(maxsize=1)
def _answers() -> dict[str, _Answer]:
    return _answer_table()


_NUMBER_RE = re.compile(r"^([0-4])(?:[.,]0+)?$")


@lru_cache(maxsize=4096)
def _answer_of_text(text: str) -> _Answer | None:
    """``(status, level)`` of a text cell, ``None`` when empty; ``ValueError`` when not an answer."""
    stripped = text.strip()
    if not stripped:
        return None
    if stripped[0] in "-–—+" or stripped[-1] in "-–—":  # "-1" is not level 1
        raise ValueError(text)
    key = _answer_key(text)
    hit = _answers().get(key)
    if hit is not None:
        return hit
    m = _NUMBER_RE.match(key)
    if m:
        return ("scored", int(m.group(1)))
    m = _LEVEL_LABEL_RE.match(stripped)
    if m and _names_level(int(m.group(1)), m.group(2)):
        return ("scored", int(m.group(1)))  # "2 – Developing: targets are set …"
    raise ValueError(text)


@lru_cache(maxsize=1)
def _level_names() -> dict[int, tuple[str, ...]]:
    """Each level's name in every language of the interface, as answer keys."""
    return {
        level: tuple(
            dict.fromkeys(_answer_key(level_label(level, lang)) for lang in available_languages())
        )  # fmt: skip
        for level in LEVEL_LABELS
    }


def _names_level(level: int, rest: str) -> bool:
    """Whether ``rest`` starts with the name of ``level`` (then ends, or goes on after a ``:``)."""
    key = _answer_key(rest)
    return any(key == name or key.startswith(name + " ") for name in _level_names()[level])


def _answer(value: object) -> _Answer | None:
    if value is None:
        return None
    if isinstance(value, str):
        return _answer_of_text(value)
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)) and float(value).is_integer() and 0 <= value <= 4:
        return ("scored", int(value))
    raise ValueError(value)


def _text(value: object) -> str:
    """A cell as trimmed text; whole numbers from XLSX lose their ``.0`` (ids such as 1001)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()


def _shown(value: object) -> str:
    text = _text(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _excel_serial(value: float) -> dt.datetime | None:
    """An Excel date serial number (days since 1899-12-30, the fraction the time of day)."""
    if not 1 <= value <= _EXCEL_LAST:
        return None
    return _EXCEL_EPOCH + dt.timedelta(seconds=round(value * 86_400))


def _clock_time(m: re.Match[str], dayfirst: bool) -> dt.datetime:
    """The date and time of a :data:`_DATE_RE` match; ``ValueError`` when there is no such day."""
    a, b, c = m.group(1), int(m.group(2)), m.group(3)
    if len(a) == 4:
        year, month, day = int(a), b, int(c)
    else:
        day, month = (int(a), b) if dayfirst else (b, int(a))
        year = int(c) + (2000 if len(c) <= 2 else 0)
    hour, minute, second = (int(m.group(i) or 0) for i in (4, 5, 6))
    half = (m.group(7) or "").lower()
    if half and not 1 <= hour <= 12:
        raise ValueError(m.group(0))
    if half:
        hour = hour % 12 + (12 if half == "p" else 0)
    return dt.datetime(year, month, day, hour, minute, second)


def _time(value: object, dayfirst: bool) -> dt.datetime | None:
    """A submission time from a cell, ``None`` when empty or not a time the toolkit can read."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, (int, float)):
        return _excel_serial(float(value))
    text = _text(value)
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    m = _DATE_RE.match(text)
    try:
        return _clock_time(m, dayfirst) if m else None
    except ValueError:  # no such day or hour
        return None


def _dayfirst(rows: Iterable[tuple[int, Row]], i: int | None, given: bool | None) -> bool:
    """Whether a column's ``a/b/yyyy`` times put the day first, decided from all its values.

    A first part over 12 means day-first, a second part over 12 month-first; when every value
    could be either, day-first only if ``given`` is true (Google Forms and Excel in the US write
    month-first).
    """
    if i is None:
        return bool(given)
    month_first = False
    for _, row in rows:
        value = row[i] if i < len(row) else None
        m = _DATE_RE.match(value.strip()) if isinstance(value, str) else None
        if m is None or len(m.group(1)) == 4:
            continue
        if int(m.group(1)) > 12:
            return True
        month_first = month_first or int(m.group(2)) > 12
    return not month_first and bool(given)


def _cell(row: Row, i: int | None) -> object:
    if i is None or i >= len(row):
        return None
    v = row[i]
    return None if isinstance(v, str) and not v.strip() else v


def _blank(row: Row) -> bool:
    return not any(_text(v) for v in row)


# --------------------------------------------------------------------------------------------------
# Columns


def _labels(rubric: Rubric) -> dict[str, str]:
    """Each criterion's title and question texts (as header keys) -> its id.

    A form made from the rubric shows these as question labels, and Kobo's default export heads
    its columns with the labels. A text two criteria share names neither.
    """
    found: dict[str, set[str]] = {}
    for ref in rubric.refs:
        k = ref.criterion
        for text in (k.title, *k.questions.values()):
            found.setdefault(_header_key(text), set()).add(k.id)
    return {text: next(iter(ids)) for text, ids in found.items() if len(ids) == 1}


class _Criteria:
    """Finds the criterion a header (or a long file's criterion cell) names."""

    def __init__(self, rubric: Rubric, mapping: SurveyMapping) -> None:
        self.rubric = rubric
        self.ids = tuple(rubric.by_id)
        self.folded = {i.lower(): i for i in self.ids}
        self.mapped = {_header_key(k): v for k, v in mapping.columns.items()}
        self.labels = _labels(rubric)
        pillars = "|".join(re.escape(p.id) for p in rubric.pillars)
        self.looks = re.compile(rf"^(?:[IVX]+|\d+|{pillars})\.\d+-\S")
        self._cache: dict[str, str | None] = {}

    @staticmethod
    def _tails(header: str) -> Iterator[str]:
        """The header, then what follows each group separator (``scores/I.1-x`` -> ``I.1-x``)."""
        yield header
        for i, ch in enumerate(header):
            if ch in _SEPARATORS and header[i + 1 :]:
                yield header[i + 1 :]

    def _match(self, tail: str) -> str | None:
        mapped = self.mapped.get(_header_key(tail))
        if mapped is not None:
            return mapped
        if tail in self.rubric.by_id:
            return tail
        if tail[:1] == "_" and tail[1:] in self.rubric.by_id:
            return tail[1:]  # the XLSForm's name of an id that starts with a digit: _1.1-links
        return self.folded.get(tail.lower()) or self.labels.get(_header_key(tail))

    def find(self, header: str) -> str | None:
        """The criterion id ``header`` names (mapped, exact, in any case, then by its title or
        question text, as a labels export heads it), else ``None``."""
        if header in self._cache:
            return self._cache[header]
        name = _untagged(header.strip())
        found = next((hit for tail in self._tails(name) if (hit := self._match(tail))), None)
        self._cache[header] = found
        return found

    def lookalike(self, header: str) -> str | None:
        """The part of ``header`` that looks like a criterion id (but is not one), if any."""
        for tail in self._tails(header.strip()):
            if self.looks.match(tail):
                return tail
        return None

    def unknown(self, wrong: str, source: str, line: int | None, column: str) -> Problem:
        """``misspelt-criterion`` when an id of the rubric is close to ``wrong``, else
        ``unknown-criterion`` (its hint shows what ids look like)."""
        close = difflib.get_close_matches(wrong, self.ids, n=1, cutoff=0.5)
        if close:
            found: dict[str, object] = {
                "criterion": wrong,
                "rubric": self.rubric.id,
                "close": close[0],
            }
            return problem_with("misspelt-criterion", found, source=source, line=line, field=column)
        example = self.ids[0] if self.ids else ""
        found = {"criterion": wrong, "rubric": self.rubric.id, "example": example}
        return problem_with("unknown-criterion", found, source=source, line=line, field=column)


def _find_column(keys: Sequence[str], names: Iterable[str]) -> int | None:
    """Index of the first header matching one of ``names``, in the order of ``names``."""
    where: dict[str, int] = {}
    for i, k in enumerate(keys):
        where.setdefault(k, i)
    for name in names:
        hit = where.get(_header_key(name))
        if hit is not None:
            return hit
    return None


@dataclass(frozen=True)
class _Headers:
    """A table's header keys, and the keys that follow a form group (``intro-name`` -> ``name``)."""

    keys: tuple[str, ...]
    grouped: Mapping[str, int]

    def find(self, names: Sequence[str]) -> int | None:
        """The first header matching one of ``names``; else the first in a form group."""
        hit = _find_column(self.keys, names)
        if hit is not None:
            return hit
        return next((i for n in names if (i := self.grouped.get(_header_key(n))) is not None), None)


def _headers(t: SurveyTable, criteria: _Criteria) -> _Headers:
    """The header keys, and those after a Kobo ``/`` or ODK Central ``-`` group separator.

    After ``-`` only names of two or more words count (``intro-stakeholder_group``): a question
    named ``age-group`` is not the stakeholder group. Criterion columns are never identities.
    """
    grouped: dict[str, int] = {}
    names = [_untagged(h) for h in t.header]
    for i, h in enumerate(names):
        if "/" not in h and "-" not in h:
            continue
        if criteria.find(h) is not None or criteria.lookalike(h) is not None:
            continue
        for j, ch in enumerate(h):
            key = _header_key(h[j + 1 :]) if ch in "/-" else ""
            if key and (ch == "/" or " " in key):
                grouped.setdefault(key, i)
    return _Headers(tuple(_header_key(h) for h in names), grouped)


@dataclass(frozen=True)
class _People:
    """Where the respondent's id, name, group and submission time are, and their column names."""

    id_i: int | None
    name_i: int | None
    group_i: int | None
    time_i: int | None
    id_col: str
    name_col: str
    group_col: str


def _people(t: SurveyTable, heads: _Headers, id_i: int | None, m: SurveyMapping) -> _People:
    name_i, group_i = heads.find(m.name), heads.find(m.group)
    return _People(
        id_i,
        name_i,
        group_i,
        heads.find(m.time),
        t.header[id_i] if id_i is not None else "respondent",
        t.header[name_i] if name_i is not None else "name",
        t.header[group_i] if group_i is not None else "group",
    )


# --------------------------------------------------------------------------------------------------
# Tables


def _second_header(header: Sequence[str], row: Row) -> bool:
    """Whether ``row`` is SurveyMonkey's second header row: ``Response`` (or option labels) under
    the questions and nothing under the respondent's first columns."""
    cells = [_text(v) for v in row]
    return bool(cells) and not cells[0] and any(c.lower() in _SUBHEADERS for c in cells)


def _combined(first: Sequence[str], second: Row) -> tuple[str, ...]:
    """One header from SurveyMonkey's two: the question, or ``question/option`` where a question
    spans several columns (its title only above the first)."""
    out: list[str] = []
    title = ""
    for i in range(max(len(first), len(second))):
        top = first[i] if i < len(first) else ""
        sub = _text(second[i]) if i < len(second) else ""
        title = top or title
        if not sub:
            out.append(top)
        elif sub.lower() in _SUBHEADERS:
            out.append(top or title)
        else:
            out.append(f"{title}/{sub}" if title else sub)
    return tuple(out)


def parse_table(rows: Iterable[Row], source: str) -> SurveyTable:
    """The header (the first row with a value) and the numbered rows after it.

    SurveyMonkey's two header rows (question titles, then ``Response`` or the option labels) are
    read as one header, ``question`` or ``question/option``.

    Parameters
    ----------
    rows
        Every row of the sheet or CSV, first row first; rows are numbered from 1.
    source
        Name used in problems, e.g. the file name.

    Raises
    ------
    ProblemsError
        ``empty-survey`` when no row holds a value.
    """
    it = iter(enumerate(rows, start=1))
    for row_no, row in it:
        if not _blank(row):
            header = tuple(_text(v) for v in row)
            rest = tuple(it)
            if rest and _second_header(header, rest[0][1]):
                return SurveyTable(source, _combined(header, rest[0][1]), row_no, rest[1:])
            return SurveyTable(source, header, row_no, rest)
    raise ProblemsError([_empty(source)])


def _empty(source: str) -> Problem:
    return problem("empty-survey", source=source, line=1)


def _import_error(problems: list[Problem], source: str) -> ProblemsError:
    problems.sort(key=lambda p: p.line or 0)
    n = len(problems)
    return ProblemsError(
        problems,
        f"{source}: {n} problem{'s' if n != 1 else ''}; nothing was imported",
        summary_key="problems_nothing_imported",
        source=source,
    )


# --------------------------------------------------------------------------------------------------
# Reading answers: what both layouts share


@dataclass
class _Read:
    """What a layout reader collected: responses with where each came from, and problems."""

    respondents: dict[str, Respondent] = field(default_factory=dict)
    responses: list[Response] = field(default_factory=list)
    where: list[tuple[int, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    n_rows: int = 0


def _validation(exc: ValidationError, source: str, row: int, column: str) -> list[Problem]:
    return [dataclasses.replace(p, line=row, field=column) for p in problems_from(exc, source)]


def _good_id(rid: str) -> bool:
    return len(rid) <= 80 and _ID_RE.match(rid) is not None


def _respondent_id(row: Row, i: int | None) -> str:
    rid = _text(_cell(row, i))
    return rid[5:] if rid[:5].lower() == "uuid:" else rid


def _respondent(
    out: _Read, t: SurveyTable, row_no: int, rid: str, who: tuple[str, str], cols: _People
) -> Respondent | None:
    """The respondent of a row, or ``None`` (and its problems) when the id, name or group is bad."""
    if not _good_id(rid):
        out.problems.append(
            problem(
                "bad-respondent-id",
                source=t.source,
                line=row_no,
                field=cols.id_col,
                value=_shown(rid),
            )
        )
        return None
    name, group = who
    try:
        return Respondent(id=rid, name=name or None, group=group or None)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        for p, err in zip(problems_from(exc, t.source), errors, strict=True):
            column = cols.name_col if err["loc"] and err["loc"][0] == "name" else cols.group_col
            out.problems.append(dataclasses.replace(p, line=row_no, field=column))
        return None


@lru_cache(maxsize=1)
def _group_words() -> dict[str, str]:
    """A stakeholder group as a form writes it (the XLSForm's choice names, the groups' names in
    every language of the interface) -> the toolkit's group."""
    words = {_header_key(name): group for name, group in GROUP_CHOICES.items()}
    for group in GROUP_KEYS:
        words.setdefault(_header_key(group), group)
        for lang in available_languages():
            words.setdefault(_header_key(group_name(group, lang)), group)
    return words


def _who(row: Row, cols: _People) -> tuple[str, str]:
    group = _text(_cell(row, cols.group_i))
    return _text(_cell(row, cols.name_i)), _group_words().get(_header_key(group), group)


def _check_width(out: _Read, t: SurveyTable, row_no: int, row: Row) -> None:
    if len(row) > len(t.header) and any(_text(v) for v in row[len(t.header) :]):
        out.problems.append(
            problem(
                "wrong-cell-count",
                source=t.source,
                line=row_no,
                count=len(row),
                expected=len(t.header),
            )
        )


def _bad_level(t: SurveyTable, row_no: int, column: str, value: object) -> Problem:
    return problem(
        "bad-answer",
        source=t.source,
        line=row_no,
        field=column,
        value=_shown(value),
        names=_LEVEL_NAMES,
    )


def _target(out: _Read, t: SurveyTable, row_no: int, column: str, value: object) -> int | None:
    try:
        ans = _answer(value)
    except ValueError:
        ans = None
    if ans is None or ans[0] != "scored":
        out.problems.append(
            problem(
                "bad-target",
                source=t.source,
                line=row_no,
                field=column,
                value=_shown(value),
                levels=_LEVEL_NAMES,
            )
        )
        return None
    return ans[1]


@lru_cache(maxsize=1)
def _confidence_words() -> dict[str, str]:
    """``low``, ``medium``, ``high`` and the interface's words for them in every language."""
    words = {x: x for x in ("low", "medium", "high")}
    for lang in available_languages():
        for x in ("low", "medium", "high"):
            words.setdefault(" ".join(ui_text(f"confidence_{x}", lang).casefold().split()), x)
    return words


def _confidence(out: _Read, t: SurveyTable, row_no: int, column: str, value: object) -> str | None:
    text = _confidence_words().get(" ".join(_text(value).casefold().split()), "")
    if text not in ("low", "medium", "high"):
        out.problems.append(
            problem(
                "bad-confidence", source=t.source, line=row_no, field=column, value=_shown(value)
            )
        )
        return None
    return text


def _extras(
    out: _Read, t: SurveyTable, row_no: int, row: Row, cols: Mapping[str, int]
) -> dict[str, Any] | None:
    """reason, target, confidence, evidence and notes of one answer from the columns in ``cols``."""
    data: dict[str, Any] = {}
    ok = True
    for key, i in cols.items():
        value = _cell(row, i)
        if value is None:
            continue
        if key == "target":
            data[key] = _target(out, t, row_no, t.header[i], value)
        elif key == "confidence":
            data[key] = _confidence(out, t, row_no, t.header[i], value)
        else:
            data[key] = str(value).strip() if isinstance(value, str) else _text(value)
        ok = ok and data[key] is not None
    return data if ok else None


def _add_response(
    out: _Read,
    t: SurveyTable,
    row_no: int,
    column: str,
    data: dict[str, Any],
    companions: Mapping[str, int] | None = None,
) -> None:
    """Add one answer; a problem with it is at the column it came from (its reason's or its
    evidence's column, when the problem is there: ``companions`` maps each to its column)."""
    if data["status"] == "not-applicable" and not data.get("reason"):
        data["reason"] = DEFAULT_NA_REASON
    try:
        out.responses.append(Response(**data))
        out.where.append((row_no, column))
    except ValidationError as exc:
        for p in problems_from(exc, t.source):
            i = (companions or {}).get(p.field.split(".")[0])
            out.problems.append(dataclasses.replace(p, line=row_no, field=column if i is None else t.header[i]))  # fmt: skip


def _read_time(row: Row, i: int | None, dayfirst: bool) -> dt.datetime | None:
    """The row's submission time; one that cannot be read is left out (it is only recorded)."""
    return None if i is None or i >= len(row) else _time(row[i], dayfirst)


@dataclass(frozen=True)
class _Options:
    """How a reader reads cells: the mapping, the answer of a cell, the day/month order asked for."""

    mapping: SurveyMapping
    answer: Callable[[object], _Answer | None]
    dayfirst: bool | None


def _answer_codes(mapping: SurveyMapping, source: str) -> tuple[dict[str, _Answer], list[Problem]]:
    """The mapping's answer codes (in any case) -> answer, and a problem for each that is not one."""
    codes: dict[str, _Answer] = {}
    problems: list[Problem] = []
    for code, value in mapping.answers.items():
        try:
            hit = _answer(value)
        except ValueError:
            hit = None
        if hit is None:
            found = {"code": code, "value": _shown(value), "names": _LEVEL_NAMES}
            problems.append(
                problem_with("bad-mapping-answer", found, source=source, field="answers")
            )
        else:
            codes[_text(code).casefold()] = hit
    return codes, problems


def check_survey_mapping(mapping: SurveyMapping, source: str = "<mapping>") -> list[Problem]:
    """Problems of a mapping on its own (without a rubric): answer codes mapped to no answer.

    Parameters
    ----------
    mapping
        The mapping to check.
    source
        Name used in problems, e.g. the mapping file's name.

    Returns
    -------
    list[Problem]
        A ``bad-mapping-answer`` for each answer code whose value is not a level (field
        ``answers``, the code in ``params["code"]``); empty when the mapping is usable.
    """
    return _answer_codes(mapping, source)[1]


def _answer_reader(codes: Mapping[str, _Answer]) -> Callable[[object], _Answer | None]:
    """:func:`_answer`, first looking a cell up in the survey's own answer ``codes``."""
    if not codes:
        return _answer

    def answer(value: object) -> _Answer | None:
        hit = codes.get(_text(value).casefold()) if value is not None else None
        return hit if hit is not None else _answer(value)

    return answer


def _no_criteria(t: SurveyTable, criteria: _Criteria) -> Problem:
    return problem(
        "no-criterion-columns",
        source=t.source,
        line=t.header_row,
        rubric=criteria.rubric.id,
        example=criteria.ids[0],
    )


# --------------------------------------------------------------------------------------------------
# Wide: a row per respondent, a column per criterion


@dataclass(frozen=True)
class _WideColumns:
    """The columns of a wide file: who answered, the score columns and their companions."""

    people: _People
    scores: tuple[tuple[int, str], ...]
    companions: Mapping[str, Mapping[str, int]]
    answer: Callable[[object], _Answer | None]
    dayfirst: bool


def _companion(h: str, criteria: _Criteria) -> tuple[str, str] | None:
    """``(criterion, field)`` of a header such as ``I.1-x_reason``, else ``None``."""
    m = _COMPANION_RE.match(_untagged(h))
    if m is None:
        return None
    base = criteria.find(m.group("base").rstrip("/:-_ "))
    if base is None:
        return None
    f = m.group("field").lower()
    return base, _COMPANION_FIELD.get(f, f)


def _wide_header(
    out: _Read, t: SurveyTable, criteria: _Criteria, skip: set[int]
) -> tuple[list[tuple[int, str]], dict[str, dict[str, int]]]:
    """The score columns and the companion columns of each criterion, in header order."""
    scores: list[tuple[int, str]] = []
    first_of: dict[str, int] = {}
    companions: dict[str, dict[str, int]] = {}
    for i, h in enumerate(t.header):
        if i in skip or not h:
            continue
        cid = criteria.find(h)
        if cid is not None and cid in first_of:
            out.problems.append(_duplicate_column(t, first_of[cid], h, cid))
        elif cid is not None:
            first_of[cid] = i
            scores.append((i, cid))
        elif (pair := _companion(h, criteria)) is not None:
            companions.setdefault(pair[0], {})[pair[1]] = i
        elif (wrong := criteria.lookalike(h)) is not None:
            out.problems.append(_lookalike(t, criteria, h, wrong))
        else:
            out.ignored.append(h)
    return scores, companions


def _duplicate_column(t: SurveyTable, first: int, h: str, cid: str) -> Problem:
    return problem(
        "duplicate-criterion-column",
        source=t.source,
        line=t.header_row,
        field=h,
        first=t.header[first],
        second=h,
        criterion=cid,
    )


def _lookalike(t: SurveyTable, criteria: _Criteria, h: str, wrong: str) -> Problem:
    return criteria.unknown(wrong, t.source, t.header_row, h)


def _wide_columns(out: _Read, t: SurveyTable, criteria: _Criteria, opts: _Options) -> _WideColumns:
    heads = _headers(t, criteria)
    people = _people(t, heads, heads.find(opts.mapping.respondent), opts.mapping)
    meta = {i for i in (people.id_i, people.name_i, people.group_i, people.time_i) if i is not None}
    scores, companions = _wide_header(out, t, criteria, meta)
    dayfirst = _dayfirst(t.rows, people.time_i, opts.dayfirst)
    return _WideColumns(people, tuple(scores), companions, opts.answer, dayfirst)


def _wide_answers(
    out: _Read, t: SurveyTable, cols: _WideColumns, row_no: int, row: Row, rid: str
) -> bool:
    """Add a wide row's answers; whether it has any. Kept lean: it runs once per cell."""
    when = _read_time(row, cols.people.time_i, cols.dayfirst)
    id_ok = _good_id(rid)  # else only the cells are checked: one problem for the id is enough
    header, responses, where, n = t.header, out.responses, out.where, len(row)
    companions, answer_of = cols.companions, cols.answer
    answered = False
    for i, cid in cols.scores:
        value = row[i] if i < n else None
        try:
            ans = answer_of(value)
        except ValueError:
            out.problems.append(_bad_level(t, row_no, header[i], value))
            continue
        if ans is None or not id_ok:
            continue
        answered = True
        status, level = ans
        extra = companions.get(cid)
        if extra is not None:
            _wide_detailed(out, t, row_no, row, extra, (cid, rid, status, level, when), header[i])
            continue
        try:
            reason = DEFAULT_NA_REASON if status == "not-applicable" else None
            responses.append(
                Response(
                    criterion=cid,
                    respondent=rid,
                    status=status,
                    level=level,
                    reason=reason,
                    answered_at=when,
                )
            )
            where.append((row_no, header[i]))
        except ValidationError as exc:
            out.problems.extend(_validation(exc, t.source, row_no, header[i]))
    return answered


def _wide_detailed(
    out: _Read,
    t: SurveyTable,
    row_no: int,
    row: Row,
    extra: Mapping[str, int],
    answer: tuple[str, str, _Status, int | None, dt.datetime | None],
    column: str,
) -> None:
    """Add an answer that has companion columns (reason, target, ...)."""
    more = _extras(out, t, row_no, row, extra)
    if more is None:
        return
    cid, rid, status, level, when = answer
    data: dict[str, Any] = {"criterion": cid, "respondent": rid, "status": status}
    data.update(level=level, answered_at=when, **more)
    _add_response(out, t, row_no, column, data, extra)


def _wide_row(
    out: _Read, t: SurveyTable, cols: _WideColumns, row_no: int, row: Row, row_of: dict[str, int]
) -> None:
    out.n_rows += 1
    _check_width(out, t, row_no, row)
    people = cols.people
    rid = _respondent_id(row, people.id_i) or f"r{row_no}"
    if rid in row_of:
        out.problems.append(
            problem(
                "duplicate-respondent",
                source=t.source,
                line=row_no,
                field=people.id_col,
                id=rid,
            )
        )
    row_of.setdefault(rid, row_no)
    person = _respondent(out, t, row_no, rid, _who(row, people), people)
    answered = _wide_answers(out, t, cols, row_no, row, rid)
    if person is not None and answered:
        out.respondents[rid] = person


def _read_wide(t: SurveyTable, criteria: _Criteria, opts: _Options) -> _Read:
    out = _Read()
    cols = _wide_columns(out, t, criteria, opts)
    if not cols.scores:
        if not out.problems:
            out.problems.append(_no_criteria(t, criteria))
        return out
    row_of: dict[str, int] = {}
    for row_no, row in t.rows:
        if not _blank(row):
            _wide_row(out, t, cols, row_no, row, row_of)
    return out


# --------------------------------------------------------------------------------------------------
# Long: a row per answer


@dataclass(frozen=True)
class _LongColumns:
    """The columns of a long file: who answered, which criterion, the level and the details."""

    people: _People
    crit_i: int
    level_i: int
    extra: Mapping[str, int]
    answer: Callable[[object], _Answer | None] = _answer
    dayfirst: bool = False

    @property
    def used(self) -> set[int | None]:
        p = self.people
        return {
            p.id_i,
            p.name_i,
            p.group_i,
            p.time_i,
            self.crit_i,
            self.level_i,
            *self.extra.values(),
        }


@dataclass
class _LongSeen:
    """What earlier rows of a long file held: each respondent's name, group and first row; answers."""

    people: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    answers: dict[tuple[str, str], int] = field(default_factory=dict)


def _long_columns(
    out: _Read, t: SurveyTable, criteria: _Criteria, mapping: SurveyMapping
) -> _LongColumns | None:
    """The columns of a long file, or ``None`` (and a problem for each) when one it needs is missing."""
    heads = _headers(t, criteria)
    keys = heads.keys
    first = [
        n for n in ("respondent", "respondent id", "participant id") if n in mapping.respondent
    ]
    need = {
        "respondent": heads.find((*first, *mapping.respondent)),
        "criterion": _find_column(keys, mapping.criterion),
        "level": _find_column(keys, mapping.level),
    }
    for what, i in need.items():
        if i is None:
            names = ", ".join(f'"{n}"' for n in getattr(mapping, what)) or "(none set)"
            out.problems.append(
                problem(
                    "missing-column",
                    source=t.source,
                    line=t.header_row,
                    missing=what,
                    columns=f"one of {names}",
                )
            )
    id_i, crit_i, level_i = need["respondent"], need["criterion"], need["level"]
    if id_i is None or crit_i is None or level_i is None:
        return None
    extra = {
        f: i for f in _LONG_FIELDS if (i := _find_column(keys, getattr(mapping, f))) is not None
    }
    return _LongColumns(_people(t, heads, id_i, mapping), crit_i, level_i, extra)


def _long_criterion(
    out: _Read, t: SurveyTable, criteria: _Criteria, column: str, row_no: int, raw: str
) -> str | None:
    if not raw:
        out.problems.append(
            problem("missing-criterion", source=t.source, line=row_no, field=column)
        )
        return None
    cid = criteria.find(raw)
    if cid is None:
        out.problems.append(criteria.unknown(_shown(raw), t.source, row_no, column))
    return cid


def _long_person(
    out: _Read, t: SurveyTable, cols: _People, row_no: int, row: Row, rid: str, seen: _LongSeen
) -> None:
    """Record the respondent at first sight; later rows must give the same name and group."""
    name, group = who = _who(row, cols)
    earlier = seen.people.get(rid)
    if earlier is None:
        seen.people[rid] = (name, group, row_no)
        person = _respondent(out, t, row_no, rid, who, cols)
        if person is not None:
            out.respondents[rid] = person
    elif earlier[:2] != who:
        out.problems.append(
            problem(
                "inconsistent-respondent",
                source=t.source,
                line=row_no,
                field=cols.name_col if name != earlier[0] else cols.group_col,
                id=rid,
                name=name,
                group=group,
                first_name=earlier[0],
                first_group=earlier[1],
                first_row=earlier[2],
            )
        )


def _long_level(
    out: _Read, t: SurveyTable, cols: _LongColumns, row_no: int, row: Row
) -> _Answer | None:
    value = _cell(row, cols.level_i)
    try:
        return cols.answer(value)
    except ValueError:
        out.problems.append(_bad_level(t, row_no, t.header[cols.level_i], value))
        return None


def _long_row(
    out: _Read,
    t: SurveyTable,
    criteria: _Criteria,
    cols: _LongColumns,
    row_no: int,
    row: Row,
    seen: _LongSeen,
) -> None:
    # Every cell is checked, so a row with several mistakes reports them all.
    out.n_rows += 1
    _check_width(out, t, row_no, row)
    people, crit_col = cols.people, t.header[cols.crit_i]
    rid = _respondent_id(row, people.id_i)
    if not rid:
        out.problems.append(
            problem("missing-respondent", source=t.source, line=row_no, field=people.id_col)
        )
    cid = _long_criterion(out, t, criteria, crit_col, row_no, _text(_cell(row, cols.crit_i)))
    if rid:
        _long_person(out, t, people, row_no, row, rid, seen)
    ans = _long_level(out, t, cols, row_no, row)
    when = _read_time(row, people.time_i, cols.dayfirst)
    more = _extras(out, t, row_no, row, cols.extra)
    if not _good_id(rid) or cid is None or ans is None or more is None:
        return
    if (rid, cid) in seen.answers:
        out.problems.append(
            problem(
                "duplicate-response",
                source=t.source,
                line=row_no,
                field=crit_col,
                respondent=rid,
                criterion=cid,
                places=f"also on row {seen.answers[(rid, cid)]}",
            )
        )
        return
    seen.answers[(rid, cid)] = row_no
    data: dict[str, Any] = {"criterion": cid, "respondent": rid, "status": ans[0], "level": ans[1]}
    _add_response(out, t, row_no, crit_col, {**data, "answered_at": when, **more}, cols.extra)


def _read_long(t: SurveyTable, criteria: _Criteria, opts: _Options) -> _Read:
    out = _Read()
    found = _long_columns(out, t, criteria, opts.mapping)
    if found is None:
        return out
    dayfirst = _dayfirst(t.rows, found.people.time_i, opts.dayfirst)
    cols = dataclasses.replace(found, answer=opts.answer, dayfirst=dayfirst)
    used = cols.used
    out.ignored = [h for i, h in enumerate(t.header) if i not in used and h]
    seen = _LongSeen()
    for row_no, row in t.rows:
        if not _blank(row):
            _long_row(out, t, criteria, cols, row_no, row, seen)
    # Respondents without a single answer are not counted as taking part.
    answered = {r.respondent for r in out.responses}
    out.respondents = {k: v for k, v in out.respondents.items() if k in answered}
    return out


# --------------------------------------------------------------------------------------------------
# Import


def _mapping_problems(criteria: _Criteria, mapping: SurveyMapping, source: str) -> list[Problem]:
    return [
        criteria.unknown(cid, source, None, "columns")
        for cid in mapping.columns.values()
        if cid not in criteria.rubric.by_id
    ]


def _has_criterion_column(t: SurveyTable, mapping: SurveyMapping) -> bool:
    return _find_column([_header_key(h) for h in t.header], mapping.criterion) is not None


def _detect(t: SurveyTable, criteria: _Criteria, mapping: SurveyMapping) -> Literal["wide", "long"]:
    """Wide when several headers are criteria (or lookalikes), or one and no criterion column."""
    n = sum(1 for h in t.header if h and (criteria.find(h) is not None or criteria.lookalike(h)))
    return "wide" if n >= 2 or (n == 1 and not _has_criterion_column(t, mapping)) else "long"


def _layout(
    t: SurveyTable, criteria: _Criteria, mapping: SurveyMapping, layout: str
) -> Literal["wide", "long"]:
    """The layout asked for, or the one detected; a file that is neither raises its problem."""
    if layout == "wide":
        return "wide"
    if layout == "long":
        return "long"
    chosen = _detect(t, criteria, mapping)
    if chosen == "long" and not _has_criterion_column(t, mapping):
        raise _import_error([_no_criteria(t, criteria)], t.source)
    return chosen


def _locate(
    problems: list[Problem], where: list[tuple[int, str]], t: SurveyTable, layout: str
) -> list[Problem]:
    """Give the rubric check's problems (``responses[i]...``) the row and column they came from."""
    out: list[Problem] = []
    per_column: dict[tuple[str, str, str], tuple[Problem, int]] = {}
    for p in problems:
        m = re.match(r"responses\[(\d+)\]", p.field)
        if m is None:
            out.append(p)
            continue
        row, column = where[int(m.group(1))]
        if layout == "long":
            out.append(dataclasses.replace(p, source=t.source, line=row, field=column))
        else:  # the same criterion on every row of a column: say it once, for the column
            key = (column, p.code, p.text)
            first, n = per_column.get(key, (p, 0))
            per_column[key] = (first, n + 1)
    for (column, code, _), (p, n) in per_column.items():
        if code == "criterion-not-for-kind":
            params = {**p.params, "count": n}
            restated = problem_with("column-not-for-kind", params, source=t.source, line=t.header_row, field=column)  # fmt: skip
            out.append(restated)
        else:
            out.append(dataclasses.replace(p, source=t.source, line=t.header_row, field=column))
    return out


def _assessment(
    base: Assessment, got: _Read, date: dt.date | None, rubric: Rubric, t: SurveyTable, layout: str
) -> Assessment:
    """The assessment of what was read, dated by the latest answer unless ``date`` is given."""
    if date is None:
        days = [r.answered_at.date() for r in got.responses if r.answered_at is not None]
        date = max(days) if days else dt.date.today()
    data = {name: getattr(base, name) for name in Assessment.model_fields}
    data.update(
        date=date,
        respondents=tuple(got.respondents.values()),
        responses=tuple(got.responses),
    )
    assessment = parse_assessment(data, t.source)
    located = _locate(check_against_rubric(assessment, rubric, t.source), got.where, t, layout)
    if located:
        raise _import_error(located, t.source)
    return assessment


# --------------------------------------------------------------------------------------------------
# The toolkit's own form: the rubric it was made from, reviews, and one unit assessed per row

#: header keys of the calculated fields the toolkit's XLSForm adds to every submission
_RUBRIC_KEYS = {"rubric id": "id", "rubric version": "version", "rubric sha256": "sha256"}
#: ODK Central's review column, and the state that keeps a submission out
_REVIEW_KEY, _REJECTED = "reviewstate", "rejected"


def _column(table: SurveyTable, names: Sequence[str]) -> int | None:
    """The first column whose (untagged) header, or the part after a form group, is one of
    ``names`` (header keys)."""
    keys = [_header_key(_untagged(h)) for h in table.header]
    for name in names:
        for i, k in enumerate(keys):
            if k == name or k.endswith(("/" + name, "-" + name)):
                return i
    return None


def form_rubric_problems(table: SurveyTable, rubric: Rubric) -> list[Problem]:
    """A problem for each row made with the form of another rubric (or another content of it),
    where the export carries the toolkit's ``rubric_id`` and ``rubric_sha256`` columns."""
    at = {part: _column(table, [key]) for key, part in _RUBRIC_KEYS.items()}
    if at["id"] is None and at["sha256"] is None:
        return []
    out = []
    for row_no, row in table.rows:
        if _blank(row):
            continue
        found = {part: _text(_cell(row, i)) for part, i in at.items()}
        other_id = bool(found["id"]) and found["id"] != rubric.id
        other_hash = bool(found["sha256"]) and found["sha256"] != rubric.content_hash
        if other_id or other_hash:
            col = at["id"] if other_id and at["id"] is not None else at["sha256"]
            out.append(
                problem(
                    "survey-other-rubric",
                    source=table.source,
                    line=row_no,
                    field=table.header[col] if col is not None else "",
                    found=found["id"] or rubric.id,
                    version=found["version"] or "?",
                    found_hash=(found["sha256"] or "?")[:12],
                    rubric=rubric.id,
                    expected=rubric.version,
                    expected_hash=rubric.content_hash[:12],
                )  # fmt: skip
            )
    return out


def without_rejected(table: SurveyTable) -> tuple[SurveyTable, tuple[int, ...]]:
    """``table`` without the submissions a reviewer rejected (ODK Central exports them too, with
    ``ReviewState`` ``rejected``), and their row numbers."""
    i = _column(table, [_REVIEW_KEY])
    if i is None:
        return table, ()
    rejected = tuple(n for n, row in table.rows if _text(_cell(row, i)).casefold() == _REJECTED)
    if not rejected:
        return table, ()
    kept = tuple((n, row) for n, row in table.rows if n not in set(rejected))
    return dataclasses.replace(table, rows=kept), rejected


@dataclass(frozen=True)
class EntityRows:
    """The rows of one unit assessed in a campaign export."""

    id: str
    name: str
    table: SurveyTable
    kind: str | None  #: what the form asked about (its ``form_kind``), when the export says


def _name_problems(name: str, source: str, row_no: int, column: str) -> list[Problem]:
    """What makes ``name`` no name of a unit (too long, a control character), at its cell."""
    try:
        Entity(name=name, kind="country", country="ZZ")
    except ValidationError as exc:
        return [dataclasses.replace(p, line=row_no, field=column) for p in problems_from(exc, source) if p.field.startswith("name")]  # fmt: skip
    return []


def _one_unit(table: SurveyTable) -> None:
    """A file read into one assessment is about one unit: a campaign export with answers about
    several (its ``entity_id`` column) is refused, not merged into one."""
    i = _column(table, [_header_key("entity_id")])
    if i is None:
        return
    units = list(dict.fromkeys(u for _, row in table.rows if not _blank(row) and (u := _text(_cell(row, i)))))  # fmt: skip
    if len(units) > 1:
        shown = ", ".join(units[:5]) + (", …" if len(units) > 5 else "")
        raise ProblemsError([problem("survey-several-units", source=table.source, line=table.header_row, field=table.header[i], n=len(units), units=shown)])  # fmt: skip


def split_by_entity(
    table: SurveyTable, *, column: str | None = None, name_column: str | None = None
) -> list[EntityRows]:
    """The rows of each unit assessed (``entity_id``, or ``column``), in order of first row;
    each unit's name is the name its rows give most often (``entity_name``, or ``name_column``;
    else its id). Row numbers stay those of the file.

    Raises
    ------
    ProblemsError
        No column names the unit; a row's unit is missing or cannot be an id (every such row).
    """
    id_i = _column(table, [_header_key(column or "entity_id")])
    if id_i is None:
        raise ProblemsError([problem("survey-no-entity", source=table.source, line=table.header_row)])  # fmt: skip
    name_i = _column(table, [_header_key(name_column or "entity_name")])
    kind_i = _column(table, ["form kind"])
    groups: dict[str, list[tuple[int, Row]]] = {}
    names: dict[str, dict[str, int]] = {}
    kinds: dict[str, set[str]] = {}
    spelled: dict[str, tuple[str, int]] = {}  # each code in any case: as first written, and where
    problems: list[Problem] = []
    for row_no, row in table.rows:
        if _blank(row):
            continue
        eid = _text(_cell(row, id_i))
        if not _good_id(eid):
            problems.append(problem("survey-bad-entity", source=table.source, line=row_no, field=table.header[id_i], value=_shown(eid)))  # fmt: skip
            continue
        other = spelled.setdefault(eid.casefold(), (eid, row_no))
        if other[0] != eid:  # two spellings of one code: one unit, or a typing slip?
            problems.append(problem("survey-entity-case", source=table.source, line=row_no, field=table.header[id_i], value=eid, other=other[0], first=other[1]))  # fmt: skip
            continue
        groups.setdefault(eid, []).append((row_no, row))
        name = _text(_cell(row, name_i)) if name_i is not None else ""
        if name and name_i is not None and (wrong := _name_problems(name, table.source, row_no, table.header[name_i])):  # fmt: skip
            problems.extend(wrong)
            continue
        if name:
            names.setdefault(eid, {})[name] = names.get(eid, {}).get(name, 0) + 1
        if kind_i is not None and (k := _text(_cell(row, kind_i))):
            kinds.setdefault(eid, set()).add(k)
    if problems:
        raise ProblemsError(problems)
    out = []
    for eid, rows in groups.items():
        counted = names.get(eid, {})
        name = max(counted, key=lambda n: (counted[n], -list(counted).index(n))) if counted else eid
        found = kinds.get(eid, set())
        out.append(EntityRows(eid, name, dataclasses.replace(table, rows=tuple(rows)), next(iter(found)) if len(found) == 1 else None))  # fmt: skip
    return out


@dataclass(frozen=True)
class CampaignImport:
    """What :func:`parse_campaign` made of a campaign export: an assessment per unit assessed."""

    entities: tuple[SurveyImport, ...]
    n_rows: int
    rejected: tuple[int, ...] = ()
    ignored_columns: tuple[str, ...] = ()


def parse_campaign(
    table: SurveyTable,
    rubric: Rubric,
    *,
    kind: str | None = None,
    country: str = "ZZ",
    date: dt.date | None = None,
    round: str = "baseline",
    mapping: SurveyMapping | None = None,
    dayfirst: bool | None = None,
    entity_column: str | None = None,
    name_column: str | None = None,
) -> CampaignImport:
    """Read a multi-entity export (a row per submission, as Kobo and ODK export the toolkit's
    XLSForm) into one assessment per unit assessed (:func:`split_by_entity`), each dated by its
    latest submission unless ``date`` is given. ``kind`` defaults to what the form asked about
    (its ``form_kind`` column). Every problem of every unit is reported at once; nothing is
    imported then.
    """
    table, rejected = without_rejected(table)
    other = form_rubric_problems(table, rubric)
    if other:
        raise _import_error(other, table.source)
    try:
        units = split_by_entity(table, column=entity_column, name_column=name_column)
        problems: list[Problem] = []
    except ProblemsError as exc:  # rows without a unit: said, with every other row's problems
        if any(p.code == "survey-no-entity" for p in exc.problems):
            raise
        problems = list(exc.problems)
        bad = {p.line for p in problems}
        kept = dataclasses.replace(table, rows=tuple(r for r in table.rows if r[0] not in bad))
        units = split_by_entity(kept, column=entity_column, name_column=name_column)
    out: list[SurveyImport] = []
    for unit in units:
        what = kind or unit.kind
        if what is None:
            raise UsageError.keyed("error_campaign_kind", source=table.source)
        try:
            out.append(
                parse_survey(
                    unit.table,
                    rubric,
                    entity=unit.name,
                    kind=what,
                    country=country,
                    date=date,
                    round=round,
                    layout="wide",
                    mapping=mapping,
                    dayfirst=dayfirst,
                    entity_id=unit.id,
                )  # fmt: skip
            )
        except ProblemsError as exc:
            problems.extend(exc.problems)
    if problems:
        # a header's problem is every unit's: said once
        unique = list({(p.line, p.field, p.code, p.message): p for p in problems}.values())
        raise _import_error(sorted(unique, key=lambda p: p.line or 0), table.source)
    ignored = out[0].ignored_columns if out else ()
    return CampaignImport(tuple(out), sum(i.n_rows for i in out), rejected, ignored)


def parse_survey(
    table: SurveyTable,
    rubric: Rubric,
    *,
    entity: str,
    kind: str,
    country: str = "ZZ",
    date: dt.date | None = None,
    round: str = "baseline",
    layout: Layout | str = "auto",
    mapping: SurveyMapping | None = None,
    dayfirst: bool | None = None,
    entity_id: str | None = None,
) -> SurveyImport:
    """Read a decoded survey table into a new assessment of ``entity``, checked against ``rubric``.

    See :func:`~assessment.storage.survey.read_survey` for the layouts and the cells understood.

    Parameters
    ----------
    table
        The header and rows, e.g. from :func:`parse_table`.
    rubric
        The rubric whose criterion ids head the columns (wide) or fill the criterion cells (long).
    entity, kind, country, round, entity_id
        The assessed entity and the round, as for :func:`~assessment.responses.new_assessment`.
    date
        The assessment's date; without it, the latest submission time, else today.
    layout
        ``"auto"``, ``"wide"`` or ``"long"``.
    mapping
        Which columns hold what; :class:`SurveyMapping` defaults otherwise.
    dayfirst
        For submission times such as ``05/07/2025`` when no value in the column settles the order
        (a first part over 12 means day-first, a second part over 12 month-first): ``True`` reads
        them day-first; ``None`` or ``False`` month-first.

    Returns
    -------
    SurveyImport
        The assessment and what was read (``encoding`` is ``None``: the table is already decoded).

    Raises
    ------
    ProblemsError
        Every problem of the table at once; nothing is imported.
    UsageError
        ``layout`` is not auto, wide or long.
    """
    if layout not in LAYOUTS:
        raise UsageError.keyed("error_survey_layout", layout=layout, valid=", ".join(LAYOUTS))
    mapping = mapping or SurveyMapping()
    _one_unit(table)
    # The entity is checked first: a wrong kind or country is a mistake in the call, not the file.
    base = new_assessment(
        rubric,
        entity=entity,
        kind=kind,
        country=country,
        date=date or dt.date(2000, 1, 1),
        round=round,
        entity_id=entity_id,
    )
    criteria = _Criteria(rubric, mapping)
    codes, mapping_problems = _answer_codes(mapping, table.source)
    mapping_problems += _mapping_problems(criteria, mapping, table.source)
    if mapping_problems:
        raise _import_error(mapping_problems, table.source)
    table, rejected = without_rejected(table)
    other = form_rubric_problems(table, rubric)
    if other:
        raise _import_error(other, table.source)
    chosen = _layout(table, criteria, mapping, layout)
    opts = _Options(mapping, _answer_reader(codes), dayfirst)
    got = (_read_wide if chosen == "wide" else _read_long)(table, criteria, opts)
    if not got.problems and not got.responses:
        got.problems.append(problem("no-answers", source=table.source, line=table.header_row))
    if got.problems:
        raise _import_error(got.problems, table.source)
    assessment = _assessment(base, got, date, rubric, table, chosen)
    return SurveyImport(assessment, chosen, tuple(got.ignored), got.n_rows, rejected=rejected)
