"""Assess once, report many: what each criterion serves in outside frameworks (SDG targets, Global
Digital Compact objectives, WSIS action lines), and an assessment's scores seen through each.

Pure: ``parse_*`` turn plain mappings (read from YAML by ``assessment.storage.frameworks``) into
frozen values, reporting every problem at once with its location; the tables are pandas frames.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final, Literal, get_args

import pandas as pd

from assessment.errors import Problem, ProblemsError
from assessment.problems import problem
from assessment.rubric import Rubric
from assessment.scoring import Scores

__all__ = [
    "FRAMEWORKS",
    "MAPPING_FORMAT",
    "REFERENCE_FORMAT",
    "TABLE_COLUMNS",
    "CriterionLinks",
    "Framework",
    "FrameworkInfo",
    "FrameworkMapping",
    "FrameworkReference",
    "coverage_map",
    "framework_table",
    "missing_indicator_targets",
    "natural_key",
    "parse_framework_mapping",
    "parse_framework_reference",
    "sdg_target",
]

Framework = Literal["sdg", "gdc", "wsis"]
#: The frameworks a rubric's criteria are mapped to, in the order files list them.
FRAMEWORKS: Final[tuple[Framework, ...]] = get_args(Framework)
REFERENCE_FORMAT: Final = "gdi-frameworks/1"
MAPPING_FORMAT: Final = "gdi-framework-mapping/1"

#: What a code of each framework looks like, what it may be, and a list of codes as a file has it.
_CODE_PATTERNS: Final[Mapping[str, tuple[re.Pattern[str], str, str]]] = {
    "sdg": (
        re.compile(r"[1-9][0-9]?\.(?:[1-9][0-9]?|[a-z])"),
        'a target such as "9.c" or "17.8"',
        'sdg: ["9.c", "17.8"]',
    ),
    "gdc": (
        re.compile(r"[1-5](?:\.[1-9])?"),
        'an objective from 1 to 5, or one of its commitment areas such as "1.2"',
        'gdc: [2, "1.2"]',
    ),
    "wsis": (re.compile(r"C(?:[1-9]|1[01])"), "an action line from C1 to C11", "wsis: [C2, C3]"),
}
#: Where a criterion's state counts in a framework table: an answer still to come is "open".
_STATE: Final[Mapping[str, str]] = {
    "scored": "scored",
    "not-applicable": "not-applicable",
    "dont-know": "open",
    "unanswered": "open",
}

Path = tuple[str | int, ...]
LineOf = Callable[[Path], int | None]


@dataclass(frozen=True, slots=True)
class FrameworkInfo:
    """One outside framework: its name, the document it comes from and its codes with titles."""

    id: str
    name: str
    source: str
    codes: Mapping[str, str]

    def title(self, code: str) -> str:
        """The short title of ``code`` (empty when the framework does not list it)."""
        return self.codes.get(code, "")


@dataclass(frozen=True, slots=True)
class FrameworkReference:
    """The codes a mapping may name, per framework (``rubrics/frameworks/frameworks.yaml``)."""

    frameworks: Mapping[str, FrameworkInfo]

    def __getitem__(self, framework: str) -> FrameworkInfo:
        return self.frameworks[framework]


@dataclass(frozen=True, slots=True)
class CriterionLinks:
    """What one criterion serves: SDG targets, GDC objectives and WSIS action lines."""

    sdg: tuple[str, ...]
    gdc: tuple[str, ...] = ()
    wsis: tuple[str, ...] = ()

    def codes(self, framework: str) -> tuple[str, ...]:
        """The codes of ``framework`` (``sdg``, ``gdc`` or ``wsis``)."""
        found: tuple[str, ...] = getattr(self, framework)
        return found


@dataclass(frozen=True, slots=True)
class FrameworkMapping:
    """A rubric's criteria mapped to the frameworks, checked against the rubric and the reference.

    Build it with :func:`parse_framework_mapping` (or ``assessment.storage.frameworks``).
    """

    rubric: str
    criteria: Mapping[str, CriterionLinks]
    reference: FrameworkReference

    def title(self, framework: str, code: str) -> str:
        """The short title of a framework's ``code``."""
        return self.reference[framework].title(code)


def natural_key(code: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that reads the numbers in a code as numbers: ``9.2`` before ``9.10``, ``9.10``
    before ``9.a`` (the UN lists a goal's lettered targets after its numbered ones), ``C2``
    before ``C10``."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.lower())
        for part in re.findall(r"[0-9]+|[^0-9.\s]+", code)
    )


def sdg_target(indicator_code: str) -> str | None:
    """The SDG target an indicator code belongs to (``SDG 9.c.1`` -> ``9.c``), else None."""
    found = re.fullmatch(r"\s*(?:SDG\s*)?([0-9]{1,2}\.(?:[0-9]{1,2}|[a-z]))\.[0-9]{1,2}\s*", indicator_code)  # fmt: skip
    return found.group(1) if found else None


# -- parsing and checks --------------------------------------------------------------------------------


def _locator(line_of: LineOf | None) -> LineOf:
    """The line of a path, or of its nearest parent that has one."""

    def locate(path: Path) -> int | None:
        p = tuple(path)
        while line_of is not None:
            line = line_of(p)
            if line is not None or not p:
                return line
            p = p[:-1]
        return None

    return locate


def _field(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Found:
    """The problems of one file, each placed at its line and field."""

    def __init__(self, source: str, line_of: LineOf | None) -> None:
        self.source = source
        self.locate = _locator(line_of)
        self.problems: list[Problem] = []

    def add(self, code: str, path: Path, **params: object) -> None:
        self.problems.append(
            problem(code, source=self.source, line=self.locate(path), field=_field(path), **params)
        )

    def raise_if_any(self) -> None:
        if not self.problems:
            return
        self.problems.sort(key=lambda p: p.line or 0)
        raise ProblemsError(self.problems, source=self.source)  # "<file>: n problems found"


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _keys(found: _Found, data: Mapping[Any, Any], path: Path, required: Sequence[str], optional: Sequence[str] = ()) -> bool:  # fmt: skip
    """Every required key is there and no key is unknown; False when one is missing."""
    valid = ", ".join([*required, *optional])
    for key in data:
        if key not in required and key not in optional:
            found.add("unknown-key", path + (str(key),), key=key, valid=valid)
    missing = [k for k in required if k not in data]
    for key in missing:
        found.add("missing-key", path, key=key)
    return not missing


def _mapping_at(found: _Found, data: Any, path: Path, what: str) -> Mapping[Any, Any] | None:
    if isinstance(data, Mapping):
        return data
    kind = "a list" if isinstance(data, list) else f"{type(data).__name__} {data!r}"
    found.add("invalid-value", path, detail=f"{what} must be a mapping of keys and values, not {kind}")  # fmt: skip
    return None


def _check_format(found: _Found, data: Mapping[Any, Any], expected: str) -> None:
    if "format" in data and data["format"] != expected:
        found.add("bad-value", ("format",), value=data["format"], valid=f"write format: {expected}")


def _code(framework: str, value: Any) -> str | None:
    """``value`` as a code of ``framework`` (a GDC objective may be a bare number), else None."""
    if framework == "gdc" and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    pattern = _CODE_PATTERNS[framework][0]
    return value if pattern.fullmatch(value) else None


def _code_hint(framework: str, value: Any) -> str:
    if framework == "gdc" and isinstance(value, float):
        return f'write each commitment area in quotes, such as "{value}": without them YAML reads it as a number'  # fmt: skip
    if framework == "sdg" and isinstance(value, float):
        return (
            f'write each SDG target in quotes, such as "{value}": without them YAML reads it as a '
            'number (and "9.10" as 9.1)'
        )
    return f"use {_CODE_PATTERNS[framework][1]}"


def parse_framework_reference(
    data: Any, *, source: str = "<frameworks>", line_of: LineOf | None = None
) -> FrameworkReference:
    """Validate the reference list of codes (``rubrics/frameworks/frameworks.yaml``).

    Raises
    ------
    ProblemsError
        With every problem found, in file order.
    """
    found = _Found(source, line_of)
    top = _mapping_at(found, data, (), "the reference list")
    frameworks: dict[str, FrameworkInfo] = {}
    if top is not None:
        _keys(found, top, (), ("format", "frameworks"))
        _check_format(found, top, REFERENCE_FORMAT)
        listed = _mapping_at(found, top.get("frameworks", {}), ("frameworks",), "frameworks")
        if listed is not None:
            if "frameworks" in top:
                _keys(found, listed, ("frameworks",), FRAMEWORKS)
            for fid in FRAMEWORKS:
                info = _reference_entry(found, listed.get(fid), fid)
                if info is not None:
                    frameworks[fid] = info
    found.raise_if_any()
    return FrameworkReference(MappingProxyType(frameworks))


def _reference_entry(found: _Found, entry: Any, fid: str) -> FrameworkInfo | None:
    path: Path = ("frameworks", fid)
    if entry is None:
        return None  # reported as a missing key
    body = _mapping_at(found, entry, path, f"frameworks.{fid}")
    if body is None:
        return None
    _keys(found, body, path, ("name", "source", "codes"))
    for key in ("name", "source"):
        if key in body and not _text(body[key]):
            found.add("invalid-value", path + (key,), detail=f"{key} must be text")
    codes = _mapping_at(found, body.get("codes", {}), path + ("codes",), f"frameworks.{fid}.codes")
    titles: dict[str, str] = {}
    for raw, title in (codes or {}).items():
        code = _code(fid, raw)
        if code is None:
            found.add(
                "bad-value", path + ("codes", str(raw)), value=raw, valid=_code_hint(fid, raw)
            )
        elif not _text(title):
            found.add("invalid-value", path + ("codes", str(raw)), detail=f"the title of {code} must be text")  # fmt: skip
        else:
            titles[code] = " ".join(str(title).split())
    if codes is not None and not codes and "codes" in body:
        found.add("empty", path + ("codes",), name="codes")
    name, src = body.get("name"), body.get("source")
    return FrameworkInfo(fid, str(name or ""), str(src or ""), MappingProxyType(titles))


def parse_framework_mapping(
    data: Any,
    rubric: Rubric,
    reference: FrameworkReference,
    *,
    source: str = "<mapping>",
    line_of: LineOf | None = None,
) -> FrameworkMapping:
    """Validate a rubric's mapping to the frameworks (``rubrics/frameworks/<rubric-id>.yaml``).

    Every criterion of ``rubric`` has an entry with at least one SDG target; every id names a
    criterion of ``rubric``; every code is one ``reference`` lists, once.

    Raises
    ------
    ProblemsError
        With every problem found, in file order.
    """
    found = _Found(source, line_of)
    top = _mapping_at(found, data, (), "the framework mapping")
    links: dict[str, CriterionLinks] = {}
    if top is not None:
        _keys(found, top, (), ("format", "rubric", "criteria"))
        _check_format(found, top, MAPPING_FORMAT)
        if "rubric" in top and top["rubric"] != rubric.id:
            valid = f"this file is read with rubric {rubric.id}: name it here, or give the mapping written for {top['rubric']}"  # fmt: skip
            found.add("bad-value", ("rubric",), value=top["rubric"], valid=valid)
        if "criteria" in top:
            links = _criteria(found, top["criteria"], rubric, reference)
    found.raise_if_any()
    ordered = {cid: links[cid] for cid in rubric.by_id if cid in links}
    return FrameworkMapping(rubric.id, MappingProxyType(ordered), reference)


def _criteria(
    found: _Found, data: Any, rubric: Rubric, reference: FrameworkReference
) -> dict[str, CriterionLinks]:
    entries = _mapping_at(found, data, ("criteria",), "criteria")
    if entries is None:
        return {}
    example = next(iter(rubric.by_id), "I.1-x")
    out: dict[str, CriterionLinks] = {}
    for cid, entry in entries.items():
        path: Path = ("criteria", str(cid))
        if cid not in rubric.by_id:
            found.add("unknown-criterion", path, criterion=cid, rubric=rubric.id, example=example)
            continue
        made = _links(found, entry, path, reference)
        if made is not None:
            out[str(cid)] = made
    for cid in rubric.by_id:
        if cid not in entries:
            found.add("missing-key", ("criteria",), key=cid)
    return out


def _links(
    found: _Found, entry: Any, path: Path, reference: FrameworkReference
) -> CriterionLinks | None:
    body = _mapping_at(found, entry, path, f"criterion {path[-1]}")
    if body is None:
        return None
    _keys(found, body, path, ("sdg",), ("gdc", "wsis"))
    codes: dict[str, tuple[str, ...]] = {}
    for fid in FRAMEWORKS:
        codes[fid] = _codes(found, body.get(fid, []), path + (fid,), reference[fid])
    if isinstance(body.get("sdg"), list) and not body["sdg"]:
        found.add("empty", path + ("sdg",), name="sdg")
    return CriterionLinks(codes["sdg"], codes["gdc"], codes["wsis"])


def _codes(found: _Found, values: Any, path: Path, info: FrameworkInfo) -> tuple[str, ...]:
    fid = info.id
    if not isinstance(values, list):
        found.add("invalid-value", path, detail=f"{fid} must be a list, such as {_CODE_PATTERNS[fid][2]}")  # fmt: skip
        return ()
    out: list[str] = []
    for i, value in enumerate(values):
        code = _code(fid, value)
        if code is None:
            found.add("bad-value", path + (i,), value=value, valid=_code_hint(fid, value))
        elif code not in info.codes:
            shown = ", ".join(sorted(info.codes, key=natural_key)[:6])
            valid = f"use a code the reference list names under frameworks.{fid}.codes ({shown}, …), or add it there"  # fmt: skip
            found.add("bad-value", path + (i,), value=value, valid=valid)
        elif code in out:
            found.add("bad-value", path + (i,), value=value, valid=f"list each {fid} code once")
        else:
            out.append(code)
    return tuple(sorted(out, key=natural_key))


def missing_indicator_targets(rubric: Rubric, mapping: FrameworkMapping) -> list[tuple[str, str]]:
    """(criterion, SDG target) for each SDG indicator a criterion names whose target its entry
    in ``mapping`` leaves out (``SDG 9.c.1`` needs ``9.c``). Empty when the two agree."""
    out: list[tuple[str, str]] = []
    for ref in rubric.refs:
        links = mapping.criteria.get(ref.criterion.id)
        for ind in ref.criterion.indicators:
            target = sdg_target(ind.code) if ind.code else None
            if target is not None and (links is None or target not in links.sdg):
                out.append((ref.criterion.id, target))
    return list(dict.fromkeys(out))


# -- tables ---------------------------------------------------------------------------------------------

#: The columns of :func:`framework_table`, after its index ``code``.
TABLE_COLUMNS: Final = (
    "title",
    "n_criteria",
    "n_scored",
    "n_not_applicable",
    "n_open",
    "mean_score",
    "mean_target",
    "mean_gap",
    "criteria",
    "criterion_titles",
    "states",
    "scores",
)


def _mean(values: Iterable[float]) -> float:
    shown = [v for v in values if not math.isnan(v)]
    return sum(shown) / len(shown) if shown else math.nan


def _number(value: Any) -> float:
    return math.nan if value is None or pd.isna(value) else float(value)


def _with_parents(framework: str, codes: Iterable[str]) -> list[str]:
    """``codes`` and, for a GDC commitment area (``1.2``), its objective (``1``), each once: a
    criterion serving an area serves its objective too."""
    out: list[str] = []
    for code in codes:
        parent = code.split(".", 1)[0] if framework == "gdc" and "." in code else None
        out.extend(c for c in (parent, code) if c is not None and c not in out)
    return out


def framework_table(
    rubric: Rubric, scores: Scores, mapping: FrameworkMapping, framework: Framework
) -> pd.DataFrame:
    """One row per code of ``framework`` that the assessment's criteria serve.

    Index ``code``, in natural order (``9.2`` before ``9.10``, ``C2`` before ``C10``). Columns:
    ``title``; ``n_criteria`` and how many of them are scored, not applicable or still open
    (unanswered or "don't know"); ``mean_score``, ``mean_target`` and ``mean_gap``: plain means
    over the scored criteria (each criterion counts once: the rubric's weights order its own
    pillars, not an outside framework), NaN when none is scored; then, one item per criterion in
    rubric order, ``criteria`` (ids), ``criterion_titles``, ``states`` (``scored``,
    ``not-applicable``, ``open``) and ``scores`` (NaN unless scored).

    Only the criteria ``scores`` holds count: those asked of this kind of entity (of the short
    form only, for a short-form assessment). A criterion the mapping leaves out serves no row.
    """
    if framework not in FRAMEWORKS:
        raise ValueError(f"framework must be one of {', '.join(FRAMEWORKS)}, not {framework!r}")
    crit = scores.criteria
    # plain dicts: a row per code reads each criterion several times (pandas' .at is slow)
    status = {str(k): str(v) for k, v in crit["status"].items()}
    score = {str(k): _number(v) for k, v in crit["score"].items()}
    target = {str(k): _number(v) for k, v in crit["target"].items()}
    shown = {str(k): str(v) for k, v in crit["title"].items()}
    served: dict[str, list[str]] = {}
    for cid in status:
        links = mapping.criteria.get(cid)
        for code in _with_parents(framework, links.codes(framework) if links is not None else ()):
            served.setdefault(code, []).append(cid)
    rows = []
    for code in sorted(served, key=natural_key):
        ids = served[code]
        states = tuple(_STATE.get(status[c], "open") for c in ids)
        levels = tuple(score[c] for c in ids)
        targets = [target[c] for c, s in zip(ids, states, strict=True) if s == "scored"]
        mean_score, mean_target = _mean(levels), _mean(targets)
        titles = tuple(rubric.by_id[c].criterion.title if c in rubric.by_id else shown[c] for c in ids)  # fmt: skip
        rows.append(
            (
                code,
                mapping.title(framework, code),
                len(ids),
                states.count("scored"),
                states.count("not-applicable"),
                states.count("open"),
                mean_score,
                mean_target,
                mean_target - mean_score,
                tuple(ids),
                titles,
                states,
                levels,
            )
        )
    table = pd.DataFrame.from_records(rows, columns=["code", *TABLE_COLUMNS])
    for col in ("n_criteria", "n_scored", "n_not_applicable", "n_open"):
        table[col] = table[col].astype("int64")
    for col in ("mean_score", "mean_target", "mean_gap"):
        table[col] = table[col].astype("float64")
    return table.set_index("code")


def coverage_map(rubric: Rubric, scores: Scores) -> pd.DataFrame:
    """Every commitment of the source with its criteria and what the assessment made of each.

    One row per criterion, in rubric order (pillar, then commitment): ``pillar``,
    ``pillar_title``, ``commitment``, ``cite`` (where the commitment is in the source, as
    :meth:`Rubric.cite` words it), ``summary``, ``criterion``, ``title``, ``status`` (as scoring
    gives it: ``scored``, ``not-applicable``, ``dont-know``, ``unanswered``), ``state``
    (``scored``, ``not-applicable``, ``open``) and ``score`` (NaN unless scored). A criterion not
    asked of this kind of entity, or left out of a short-form assessment, has status and state
    ``not-asked``.
    """
    crit = scores.criteria
    statuses = {str(k): str(v) for k, v in crit["status"].items()}
    score = {str(k): _number(v) for k, v in crit["score"].items()}
    rows = []
    for ref in rubric.refs:
        cid = ref.criterion.id
        asked = cid in statuses
        status = statuses[cid] if asked else "not-asked"
        rows.append(
            (
                ref.pillar.id,
                ref.pillar.title,
                ref.commitment.id,
                rubric.cite(ref.commitment.id),
                ref.commitment.summary,
                cid,
                ref.criterion.title,
                status,
                _STATE.get(status, "not-asked"),
                score[cid] if asked else math.nan,
            )
        )
    columns = ["pillar", "pillar_title", "commitment", "cite", "summary", "criterion", "title", "status", "state", "score"]  # fmt: skip
    out = pd.DataFrame.from_records(rows, columns=columns)
    out["score"] = out["score"].astype("float64")
    return out
