"""The rubric: pillars, commitments, actions and criteria with five maturity levels.

Pure: ``parse_rubric`` turns a plain mapping (already read from YAML by ``assessment.storage``) into a
frozen, validated :class:`Rubric`, reporting every problem at once with its location.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, Final, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidationError,
)

from assessment.errors import ProblemsError
from assessment.problems import problem

__all__ = [
    "EQUITY_GROUPS",
    "KINDS",
    "LEVEL_LABELS",
    "MAX_CORE",
    "RUBRIC_FORMAT",
    "Action",
    "Commitment",
    "Criterion",
    "CriterionRef",
    "GlossaryEntry",
    "Indicator",
    "Pillar",
    "Rubric",
    "Source",
    "check_coverage",
    "check_rubric_data",
    "parse_rubric",
    "rubric_json_schema",
]

RUBRIC_FORMAT = "gdi-rubric/1"
KINDS: tuple[str, ...] = ("country", "organisation")
EQUITY_GROUPS: tuple[str, ...] = ("women", "disability", "rural", "older", "youth")
#: The maturity scale shared by every rubric: level -> label.
LEVEL_LABELS: Mapping[int, str] = {
    0: "Not started",
    1: "Initial",
    2: "Developing",
    3: "Established",
    4: "Leading",
}
MAX_CORE = 25

Kind = Literal["country", "organisation"]
EquityGroup = Literal["women", "disability", "rural", "older", "youth"]
#: a span of values a unit names: "score 0–100", "index 0-1"
_UNIT_SPAN = re.compile(
    r"^(?:score|index|scale|rating)?\s*(\d+(?:\.\d+)?)\s*[-–]\s*(\d+(?:\.\d+)?)$"
)

Text = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[StrictStr, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
CriterionId = Annotated[
    StrictStr, StringConstraints(pattern=r"^[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*$", max_length=80)
]
SectionId = Annotated[StrictStr, StringConstraints(pattern=r"^[A-Za-z0-9]+$", max_length=10)]
CommitmentId = Annotated[
    StrictStr, StringConstraints(pattern=r"^[A-Za-z0-9]+\.[0-9]+$", max_length=20)
]
ActionId = Annotated[StrictStr, StringConstraints(pattern=r"^[a-z]{1,2}$")]
Weight = Annotated[StrictInt | StrictFloat, Field(gt=0, le=10)]
Number = StrictInt | StrictFloat
#: a glossary term's key: lowercase words joined by hyphens (``digital-public-infrastructure``)
TermId = Annotated[
    StrictStr, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=60)
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Model):
    """The policy text the commitments come from."""

    title: Text
    year: Annotated[StrictInt, Field(ge=1900, le=2100)]
    issued_by: Text | None = None
    occasion: Text | None = None
    file: Text | None = None
    unit: Literal["sentence", "paragraph"] = "sentence"
    #: Number of sentences (or paragraphs) in each numbered section: every one is a commitment
    #: the rubric must cover. Optional for custom rubrics.
    sections: dict[SectionId, Annotated[StrictInt, Field(ge=1, le=200)]] | None = None


class Indicator(_Model):
    """A quantitative indicator related to a criterion, with optional level thresholds.

    Thresholds are the lowest values (for ``direction: lower``, the highest) that suggest levels
    1 to 4. They judge a national figure, so they apply to countries unless ``thresholds_for``
    names other kinds (a city's own index, say); an organisation's own indicators carry none.
    """

    code: Text | None = None
    name: Text
    source: Text | None = None
    unit: Text | None = None
    thresholds: tuple[Number, Number, Number, Number] | None = None
    direction: Literal["higher", "lower"] = "higher"
    #: the kinds of entity whose own value the thresholds judge (empty: countries only)
    thresholds_for: tuple[Kind, ...] = ()
    #: where the thresholds (or the indicator) come from and how to read them, in plain words
    note: Text | None = None

    @property
    def value_range(self) -> tuple[float, float]:
        """The values a figure in this indicator's unit can take, read from the unit: a span it
        names (``score 0–100``, ``index 0-1``), a difference in percentage points -100 to 100, a
        yes or no 0 to 1, a share (``% of …``) 0 to 100 (a price as a share of income may pass
        100); a change or growth, or no unit, any number; any other count, amount or ratio 0 or
        more."""
        unit = (self.unit or "").lower()
        if not unit or any(w in unit for w in ("change", "growth")):  # a change may fall
            return (-math.inf, math.inf)
        if "percentage point" in unit:
            return (-100.0, 100.0)
        span = _UNIT_SPAN.match(unit)  # "score 0–100", not "% of people aged 15-24"
        if span:
            return (float(span.group(1)), float(span.group(2)))
        if "yes" in unit and "no" in unit:
            return (0.0, 1.0)
        if unit.startswith("%") and not any(w in unit for w in ("gni", "income")):
            return (0.0, 100.0)
        return (0.0, math.inf)

    @property
    def threshold_kinds(self) -> tuple[str, ...]:
        """The kinds of entity the thresholds suggest a level for (none without thresholds)."""
        if self.thresholds is None:
            return ()
        return self.thresholds_for or ("country",)

    def suggest_level(self, value: float, kind: str | None = None) -> int | None:
        """Level the thresholds suggest for an observed ``value``.

        None without thresholds, or when ``kind`` is given and the thresholds do not judge that
        kind of entity (a national benchmark says nothing about one organisation).
        """
        if self.thresholds is None or (kind is not None and kind not in self.threshold_kinds):
            return None
        if self.direction == "higher":
            return sum(1 for t in self.thresholds if value >= t)
        return sum(1 for t in self.thresholds if value <= t)


class GlossaryEntry(_Model):
    """A term a reader may not know, in plain words, with where the definition comes from."""

    term: Text
    definition: Text
    source: Text | None = None


class Criterion(_Model):
    """One observable capability, scored on five levels."""

    id: CriterionId
    title: Text
    covers: Annotated[tuple[ActionId, ...], Field(min_length=1)]
    applies_to: Annotated[tuple[Kind, ...], Field(min_length=1)] = ("country", "organisation")
    questions: dict[Kind, Text]
    levels: dict[StrictInt, Text]
    evidence: Annotated[tuple[Text, ...], Field(min_length=1)]
    indicators: tuple[Indicator, ...] = ()
    #: level descriptors for one kind of entity where its path differs (an organisation climbs
    #: in its own terms, not at national scale); the other kinds use ``levels``
    levels_by_kind: dict[Kind, dict[StrictInt, Text]] = {}
    guidance: Text | None = None
    #: glossary terms (keys of the rubric's ``glossary``) the criterion's text uses
    terms: tuple[TermId, ...] = ()
    #: who typically holds the evidence, per kind of entity (e.g. the ICT ministry; IT, HR)
    answered_by: dict[Kind, tuple[Text, ...]] = {}
    #: criteria of the previous version this one takes the place of (a split or a merge): their
    #: answers are not carried over but kept as notes for the user to answer this one
    replaces: tuple[CriterionId, ...] = ()
    #: criteria of the same rubric that must be in place before this one can be (prerequisites)
    depends_on: tuple[CriterionId, ...] = ()
    equity: tuple[EquityGroup, ...] = ()
    weight: Weight = 1
    core: StrictBool = False

    def question(self, kind: str) -> str | None:
        """The question worded for ``kind``, or None when the criterion does not apply to it."""
        return self.questions.get(kind) if kind in self.applies_to else None

    def descriptor(self, level: int, kind: str | None = None) -> str:
        """The descriptor of ``level`` (0-4), in the words for ``kind`` when it has its own."""
        return self.levels_for(kind)[level]

    def levels_for(self, kind: str | None) -> dict[int, str]:
        """The five descriptors as ``kind`` reads them (``levels`` unless it has its own)."""
        own = self.levels_by_kind.get(kind) if kind else None  # type: ignore[call-overload]
        return own if own is not None else self.levels


class Action(_Model):
    """A distinct action inside a commitment."""

    id: ActionId
    text: Text


class Commitment(_Model):
    """One sentence (2025 text) or paragraph (2024 text) of the source, paraphrased."""

    id: CommitmentId
    summary: Text
    weight: Weight = 1
    actions: Annotated[tuple[Action, ...], Field(min_length=1)]
    criteria: Annotated[tuple[Criterion, ...], Field(min_length=1)]


class Pillar(_Model):
    """A numbered section of the source text."""

    id: SectionId
    title: Text
    short_title: Annotated[Text, StringConstraints(max_length=30)]
    weight: Weight = 1
    commitments: Annotated[tuple[Commitment, ...], Field(min_length=1)]


@dataclass(frozen=True, slots=True)
class CriterionRef:
    """A criterion with the pillar and commitment it belongs to (rubric order)."""

    pillar: Pillar
    commitment: Commitment
    criterion: Criterion
    position: int


#: fields added after version 1.0 of the bundled rubrics: left out of the content hash while
#: empty (or unset), so a rubric that does not use them keeps the hash its assessments recorded
_LATER_FIELDS: Final = {
    "levels_by_kind",
    "terms",
    "answered_by",
    "glossary",
    "replaces",
    "depends_on",
    "thresholds_for",
    "note",
}


def _unset(value: Any) -> bool:
    return value is None or value in ({}, [])


def _hashable(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _hashable(v) for k, v in node.items() if not (k in _LATER_FIELDS and _unset(v))}
    if isinstance(node, list):
        return [_hashable(v) for v in node]
    return node


class Rubric(_Model):
    """A validated rubric. Build it with :func:`parse_rubric` (or ``assessment.load_rubric``)."""

    format: Literal["gdi-rubric/1"]
    id: Slug
    version: Annotated[StrictStr, StringConstraints(pattern=r"^[0-9]+(\.[0-9]+){0,2}$")]
    title: Text
    language: Annotated[StrictStr, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")]
    description: Text
    source: Source
    pillars: Annotated[tuple[Pillar, ...], Field(min_length=1)]
    #: terms a reader may not know, defined in plain words; criteria name the ones they use
    glossary: dict[TermId, GlossaryEntry] = {}

    @cached_property
    def refs(self) -> tuple[CriterionRef, ...]:
        """Every criterion in rubric order, with its pillar and commitment."""
        out: list[CriterionRef] = []
        for p in self.pillars:
            for c in p.commitments:
                for k in c.criteria:
                    out.append(CriterionRef(p, c, k, len(out)))
        return tuple(out)

    @cached_property
    def by_id(self) -> Mapping[str, CriterionRef]:
        """Criterion id -> :class:`CriterionRef`."""
        return {r.criterion.id: r for r in self.refs}

    @cached_property
    def content_hash(self) -> str:
        """sha256 of the rubric's content (not its formatting or comments)."""
        canonical = json.dumps(
            _hashable(self.model_dump(mode="json")),
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    @cached_property
    def _dependents(self) -> Mapping[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for r in self.refs:
            for dep in r.criterion.depends_on:
                out.setdefault(dep, []).append(r.criterion.id)
        return {k: tuple(v) for k, v in out.items()}

    def prerequisites(
        self, criterion_id: str, *, kind: str | None = None, transitive: bool = False
    ) -> tuple[str, ...]:
        """The criteria ``criterion_id`` depends on (``depends_on``), in rubric order.

        With ``kind``, only those asked of that kind of entity; with ``transitive``, also their
        own prerequisites, and theirs (a validated rubric has no cycle).
        """
        return self._walk(criterion_id, lambda c: self.by_id[c].criterion.depends_on, kind, transitive)  # fmt: skip

    def dependents(
        self, criterion_id: str, *, kind: str | None = None, transitive: bool = False
    ) -> tuple[str, ...]:
        """The criteria that depend on ``criterion_id``, in rubric order (see :meth:`prerequisites`)."""
        return self._walk(criterion_id, lambda c: self._dependents.get(c, ()), kind, transitive)

    def _walk(
        self,
        start: str,
        step: Callable[[str], Sequence[str]],
        kind: str | None,
        transitive: bool,
    ) -> tuple[str, ...]:
        if start not in self.by_id:
            raise KeyError(start)  # as by_id does
        found: set[str] = set()
        todo = list(step(start))
        while todo:
            cid = todo.pop()
            if cid in found or cid == start or cid not in self.by_id:
                continue
            found.add(cid)
            if transitive:
                todo.extend(step(cid))
        return tuple(
            r.criterion.id
            for r in self.refs
            if r.criterion.id in found and (kind is None or kind in r.criterion.applies_to)
        )

    def criteria(self, kind: str | None = None, *, core_only: bool = False) -> list[Criterion]:
        """Criteria in rubric order, optionally only those asked of ``kind`` or in the short form."""
        return [
            r.criterion
            for r in self.refs
            if (kind is None or kind in r.criterion.applies_to)
            and (not core_only or r.criterion.core)
        ]

    def commitments(self) -> Iterator[tuple[Pillar, Commitment]]:
        """Every (pillar, commitment) pair in order."""
        for p in self.pillars:
            for c in p.commitments:
                yield p, c

    def cite(self, commitment_id: str) -> str:
        """Human citation of a commitment, e.g. ``GDI … (2025), section I, sentence 2``."""
        section, _, number = commitment_id.partition(".")
        return f"{self.source.title} ({self.source.year}), section {section}, {self.source.unit} {number}"


# --------------------------------------------------------------------------------------------------
# Parsing and checks

Path = tuple[str | int, ...]
LineOf = Callable[[Path], int | None]
#: One problem found in the raw data: its catalogue code, where it is, and the template's fields.
Finding = tuple[str, Path, dict[str, Any]]

_TYPE_ERRORS = frozenset({"string_type", "int_type", "float_type", "bool_type"})
#: What a value matching each pattern looks like, by the name of the field it is in.
_PATTERN_HINTS: Mapping[str, str] = {
    "id": "letters, digits, '.' and '-' (e.g. I.2-open-access; a rubric id: lowercase-slug)",
    "covers": "action ids of this commitment, e.g. a, b",
    "depends_on": "criterion ids of this rubric, e.g. I.2-network-coverage",
    "version": 'numbers separated by dots, e.g. "1.0.0"',
    "language": "a language tag such as en, fr, ar, zh, ru, es",
}


def _path_str(path: Sequence[str | int]) -> str:
    out = ""
    for part in path:
        if part == "[key]":  # pydantic's marker for a mapping's key: the path names it already
            continue
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _detail(err: Mapping[str, Any]) -> str:
    """pydantic's own message, with the offending scalar of a type error."""
    msg = str(err["msg"])
    inp = err.get("input")
    if isinstance(inp, (str, int, float, bool)) and str(err["type"]).endswith("_type"):
        msg += f" (got {type(inp).__name__} {inp!r})"
    return _lower_first(msg)


def _friendly(
    err: Mapping[str, Any], model_keys: Callable[[Path], list[str]]
) -> tuple[str, dict[str, Any]]:
    """Turn one pydantic error into a catalogue code and the fields of its message.

    The error types a rubric author meets most get their own code; any other becomes
    ``invalid-value`` carrying pydantic's message.
    """
    kind = err["type"]
    loc: Path = tuple(err["loc"])
    field = str(loc[-1]) if loc else ""
    inp = err.get("input")
    if kind == "extra_forbidden":
        return "unknown-key", {"key": field, "valid": ", ".join(model_keys(loc[:-1]))}
    if kind == "missing":
        return "missing-key", {"key": field}
    if kind in _TYPE_ERRORS and field == "version":
        return "bad-type", {"value": inp}
    if kind == "string_pattern_mismatch":
        name = next((str(p) for p in reversed(loc) if isinstance(p, str)), field)
        return "bad-value", {
            "value": inp,
            "valid": "use " + _PATTERN_HINTS.get(name, err["msg"].lower()),
        }
    if kind == "literal_error":
        return "bad-value", {"value": inp, "valid": _lower_first(str(err["msg"]))}
    if kind in {"greater_than", "less_than_equal"} and field == "weight":
        return "bad-weight", {"value": inp}
    if kind == "too_short":
        return "empty", {"name": field or "value"}
    if kind == "string_too_long" and field == "short_title":
        return "too-long", {"length": len(str(inp))}
    return "invalid-value", {"detail": _detail(err)}


def _keys_of_model(path: Path) -> list[str]:
    """Allowed keys at a structural path inside a rubric document."""
    names = [p for p in path if isinstance(p, str)]
    table: dict[tuple[str, ...], type[BaseModel]] = {
        ("pillars",): Pillar,
        ("pillars", "commitments"): Commitment,
        ("pillars", "commitments", "criteria"): Criterion,
        ("pillars", "commitments", "actions"): Action,
        ("pillars", "commitments", "criteria", "indicators"): Indicator,
        ("source",): Source,
    }
    return sorted(table.get(tuple(names), Rubric).model_fields)


# -- cross-reference rules: one function per rule, run in document order by check_rubric_data -------


class _Refused:
    """A value the structural checks refused: the cross-references neither use it nor miss it.

    A rule that says something is *absent* (an action no criterion covers, a sentence of the
    source without a commitment, a question not worded) holds only if everything it looks
    through is known; one refused value there would make it report a consequence of the first
    problem as a second one.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return "<refused>"


REFUSED: Any = _Refused()


def _plain_copy(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _plain_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_copy(v) for v in value]
    return value


def _mark_refused(data: Mapping[str, Any], paths: Sequence[Path]) -> dict[str, Any]:
    """A copy of ``data`` with :data:`REFUSED` at every path a structural problem points to.

    A missing key becomes a refused one; a path that runs through a scalar marks the scalar.
    """
    out: dict[str, Any] = _plain_copy(data)
    for path in paths:
        keys = [k for k in path if k != "[key]"]
        node: Any = out
        for n, key in enumerate(keys):
            if isinstance(node, dict) and (key in node or n == len(keys) - 1):
                pass
            elif not (isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)):
                break  # the rest of the path is not in the document (a pydantic union's branch)
            if n == len(keys) - 1 or not isinstance(node[key], (dict, list)):
                node[key] = REFUSED
                break
            node = node[key]
    return out


def _sure(value: Any) -> bool:
    """Nothing in ``value`` (a list or mapping, or a scalar) was refused."""
    if value is REFUSED:
        return False
    if isinstance(value, Mapping):
        return all(_sure(v) for v in value.values())
    if isinstance(value, list):
        return all(_sure(v) for v in value)
    return True


@dataclass
class _Seen:
    """What the walk through the rubric has met so far (ids are unique across the rubric)."""

    pillars: set[str] = dataclasses.field(default_factory=set)
    commitments: set[str] = dataclasses.field(default_factory=set)
    # sections whose commitments are not all known ("*": any section), and whether every
    # pillar id is known: the rules on what the source has and the rubric lacks need both
    unsure_sections: set[Any] = dataclasses.field(default_factory=set)
    pillars_sure: bool = True
    #: the glossary's terms (None: no glossary given, or one that was refused)
    glossary: set[str] | None = None
    criteria: dict[str, Path] = dataclasses.field(default_factory=dict)
    descriptors: dict[str, str] = dataclasses.field(default_factory=dict)
    core: list[Path] = dataclasses.field(default_factory=list)
    #: every criterion's ``depends_on`` as given: (criterion id, its path, the list)
    depends: list[tuple[Any, Path, list[Any]]] = dataclasses.field(default_factory=list)
    #: whether every criterion id was accepted (an unknown prerequisite is then really unknown)
    criteria_sure: bool = True


def _items(obj: Any, key: str) -> list[tuple[int, Mapping[str, Any]]]:
    """The mappings in the list ``obj[key]`` with their indices (nothing if it is not a list)."""
    seq = obj.get(key) if isinstance(obj, Mapping) else None
    if not isinstance(seq, list):
        return []
    return [(i, x) for i, x in enumerate(seq) if isinstance(x, Mapping)]


def _duplicate_id(code: str, value: Any, path: Path, seen: set[str]) -> list[Finding]:
    """``code`` when the string id ``value`` was seen before; records it."""
    if not isinstance(value, str):
        return []
    found: list[Finding] = [(code, path + ("id",), {"id": value})] if value in seen else []
    seen.add(value)
    return found


def _commitment_outside_pillar(cid: Any, pid: Any, path: Path) -> list[Finding]:
    """A commitment id must start with its pillar's id and a dot."""
    if isinstance(cid, str) and isinstance(pid, str) and not cid.startswith(pid + "."):
        return [("commitment-outside-pillar", path + ("id",), {"id": cid, "pillar": pid})]
    return []


def _action_ids(com: Mapping[str, Any]) -> list[tuple[int, str]]:
    """``(index, id)`` of every action with a string id, in order (repeats kept)."""
    return [(ai, act["id"]) for ai, act in _items(com, "actions") if isinstance(act.get("id"), str)]


def _duplicate_action_ids(actions: list[tuple[int, str]], cid: Any, path: Path) -> list[Finding]:
    """An action id may appear once in its commitment."""
    found: list[Finding] = []
    for n, (ai, aid) in enumerate(actions):
        if aid in (a for _, a in actions[:n]):
            found.append(
                (
                    "duplicate-action-id",
                    path + ("actions", ai, "id"),
                    {"id": aid, "commitment": cid},
                )
            )
    return found


def _duplicate_criterion_id(kid: Any, path: Path, seen: dict[str, Path]) -> list[Finding]:
    """A criterion id may appear once in the whole rubric; records where it was first."""
    if not isinstance(kid, str):
        return []
    if kid in seen:
        return [
            ("duplicate-criterion-id", path + ("id",), {"id": kid, "first": _path_str(seen[kid])})
        ]
    seen[kid] = path
    return []


def _unknown_actions(
    crit: Mapping[str, Any], path: Path, cid: Any, actions: list[str] | None
) -> list[Finding]:
    """Every action a criterion covers must be an action of its commitment."""
    cov = crit.get("covers")
    if not isinstance(cov, list) or actions is None:  # or some action was refused
        return []
    valid = ", ".join(actions) or "none defined"
    return [
        ("unknown-action", path + ("covers", j), {"action": a, "commitment": cid, "valid": valid})
        for j, a in enumerate(cov)
        if isinstance(a, str) and a not in actions
    ]


def _covered(crit: Mapping[str, Any], actions: list[str]) -> set[str]:
    """The actions of the commitment that a criterion covers."""
    cov = crit.get("covers")
    return (
        {a for a in cov if isinstance(a, str) and a in actions} if isinstance(cov, list) else set()
    )


def _bad_levels(levels: Mapping[Any, Any], path: Path, key: str | int = "levels") -> list[Finding]:
    """A criterion has exactly the levels 0 to 4 (also each kind's own, under ``key``)."""
    keys = set(levels)
    if keys == {0, 1, 2, 3, 4}:
        return []
    missing = sorted(k for k in range(5) if k not in keys)
    extra = sorted((str(k) for k in keys if k not in range(5)), key=str)
    bits = []
    if missing:
        bits.append("missing level " + ", ".join(map(str, missing)))
    if extra:
        bits.append("unexpected key " + ", ".join(extra))
    return [("bad-levels", path + (key,), {"count": len(keys), "detail": "; ".join(bits)})]


def _duplicate_descriptors(
    levels: Mapping[Any, Any],
    kid: Any,
    path: Path,
    seen: dict[str, str],
    key: str | None = "levels",
) -> list[Finding]:
    """No level descriptor repeats another one of the rubric (ignoring case and spacing)."""
    found: list[Finding] = []
    for lv, text in levels.items():
        if not (isinstance(text, str) and text.strip()):
            continue
        norm = " ".join(text.split()).lower()
        if norm in seen:
            at = path + ((key,) if key else ()) + (lv,)
            found.append(("duplicate-descriptor", at, {"first": seen[norm]}))
        else:
            seen[norm] = f"{kid} level {lv}"
    return found


def _missing_questions(
    applies: list[Any], questions: Mapping[Any, Any], path: Path
) -> list[Finding]:
    """Every kind a criterion applies to has a question worded for it."""
    return [
        ("missing-question", path + ("questions",), {"kind": kind})
        for kind in applies
        if kind in KINDS and kind not in questions
    ]


def _questions_not_applicable(
    applies: list[Any], questions: Mapping[Any, Any], path: Path
) -> list[Finding]:
    """No question is worded for a kind the criterion does not apply to."""
    shown = ", ".join(map(str, applies))
    return [
        ("question-not-applicable", path + ("questions", kind), {"kind": kind, "applies": shown})
        for kind in questions
        if kind in KINDS and kind not in applies
    ]


def _duplicate_kinds(applies: list[Any], path: Path) -> list[Finding]:
    """``applies_to`` names each kind once."""
    repeated = any(kind in applies[:n] for n, kind in enumerate(applies))
    return [("duplicate-kind", path + ("applies_to",), {})] if repeated else []


def _question_rules(crit: Mapping[str, Any], path: Path) -> list[Finding]:
    """The rules between ``applies_to`` and ``questions``, when both are well formed."""
    applies = crit.get("applies_to", list(KINDS))
    questions = crit.get("questions")
    if not (isinstance(applies, list) and isinstance(questions, Mapping)):
        return []
    if not (_sure(applies) and _sure(questions)):
        return []
    return (
        _missing_questions(applies, questions, path)
        + _questions_not_applicable(applies, questions, path)
        + _duplicate_kinds(applies, path)
    )


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _bad_thresholds(crit: Mapping[str, Any], path: Path) -> list[Finding]:
    """An indicator's four thresholds rise (or, for ``direction: lower``, fall) level by level."""
    found: list[Finding] = []
    for ii, ind in _items(crit, "indicators"):
        t = ind.get("thresholds")
        if not (isinstance(t, list) and len(t) == 4 and all(_is_number(x) for x in t)):
            continue
        lower = ind.get("direction") == "lower"
        if all((a >= b) if lower else (a <= b) for a, b in zip(t, t[1:], strict=False)):
            continue
        found.append(
            (
                "bad-thresholds",
                path + ("indicators", ii, "thresholds"),
                {
                    "thresholds": t,
                    "way": "fall" if lower else "rise",
                    "direction": "lower" if lower else "higher",
                    "bound": "at most" if lower else "at least",
                },
            )
        )
    return found


def _uncovered_actions(
    com: Mapping[str, Any], cid: Any, path: Path, covered: set[str]
) -> list[Finding]:
    """Every action of a commitment is covered by at least one of its criteria."""
    return [
        (
            "uncovered-action",
            path + ("actions", ai),
            {"id": act["id"], "text": act.get("text", ""), "commitment": cid},
        )
        for ai, act in _items(com, "actions")
        if isinstance(act.get("id"), str) and act["id"] not in covered
    ]


def _missing_pillar(sec: Any, pillars: set[str]) -> list[Finding]:
    """Every section of the source has a pillar."""
    if sec in pillars:
        return []
    return [("missing-pillar", ("source", "sections", sec), {"section": sec})]


def _missing_commitments(sec: Any, count: int, unit: Any, seen: _Seen) -> list[Finding]:
    """Every sentence (or paragraph) of a section that has a pillar has a commitment."""
    if sec not in seen.pillars:
        return []
    return [
        (
            "missing-commitment",
            ("source", "sections", sec),
            {"id": f"{sec}.{n}", "unit": unit, "section": sec},
        )
        for n in range(1, count + 1)
        if f"{sec}.{n}" not in seen.commitments
    ]


def _unknown_commitments(
    sections: Mapping[Any, Any], unit: Any, commitments: set[str]
) -> list[Finding]:
    """No commitment is numbered beyond the sentences (or paragraphs) of its section."""
    found: list[Finding] = []
    for cid in sorted(commitments):
        sec, _, n = cid.partition(".")
        count = sections.get(sec)
        if n.isdigit() and isinstance(count, int) and int(n) > count:
            found.append(
                (
                    "unknown-commitment",
                    ("source", "sections", sec),
                    {"id": cid, "count": count, "unit": unit, "section": sec},
                )
            )
    return found


def _source_sections(data: Mapping[str, Any], seen: _Seen) -> list[Finding]:
    """The pillars and commitments match ``source.sections``, when the source gives them."""
    src = data.get("source")
    if not isinstance(src, Mapping) or not isinstance(src.get("sections"), Mapping):
        return []
    sections: Mapping[Any, Any] = src["sections"]
    unit = src.get("unit", "sentence")
    found: list[Finding] = []
    for sec, count in sections.items():
        if isinstance(count, int) and not isinstance(count, bool):
            if seen.pillars_sure:
                found += _missing_pillar(sec, seen.pillars)
            if not {sec, "*"} & seen.unsure_sections:
                found += _missing_commitments(sec, count, unit, seen)
    return found + _unknown_commitments(sections, unit, seen.commitments)


def _too_many_core(core: list[Path]) -> list[Finding]:
    """At most :data:`MAX_CORE` criteria are in the short form."""
    if len(core) <= MAX_CORE:
        return []
    return [("too-many-core", core[MAX_CORE], {"count": len(core), "most": MAX_CORE})]


def _kind_levels(crit: Mapping[str, Any], path: Path, kid: Any, seen: _Seen) -> list[Finding]:
    """Levels worded for one kind: all five, for a kind the criterion applies to, none repeated."""
    by_kind = crit.get("levels_by_kind")
    if not isinstance(by_kind, Mapping):
        return []
    applies = crit.get("applies_to", list(KINDS))
    found: list[Finding] = []
    for kind, levels in by_kind.items():
        where = path + ("levels_by_kind",)
        if isinstance(applies, list) and _sure(applies) and kind in KINDS and kind not in applies:
            shown = ", ".join(map(str, applies))
            found.append(("kind-levels-not-applicable", where + (kind,), {"kind": kind, "applies": shown}))  # fmt: skip
        if isinstance(levels, Mapping):
            found += _bad_levels(levels, where, kind)
            found += _duplicate_descriptors(levels, f"{kid} ({kind})", where + (kind,), seen.descriptors, None)  # fmt: skip
    return found


def _unknown_terms(crit: Mapping[str, Any], path: Path, glossary: set[str] | None) -> list[Finding]:
    """Every term a criterion names is defined in the glossary."""
    terms = crit.get("terms")
    if glossary is None or not isinstance(terms, list):
        return []  # no glossary to check against, or one that was refused
    valid = ", ".join(sorted(glossary)) or "none defined"
    return [
        ("unknown-term", path + ("terms", i), {"term": t, "valid": valid})
        for i, t in enumerate(terms)
        if isinstance(t, str) and t not in glossary
    ]


def _check_criterion(
    crit: Mapping[str, Any], path: Path, cid: Any, actions: list[str] | None, seen: _Seen
) -> list[Finding]:
    """The rules of one criterion, in the order their problems are listed."""
    kid = crit.get("id")
    found = _duplicate_criterion_id(kid, path, seen.criteria)
    found += _unknown_actions(crit, path, cid, actions)
    levels = crit.get("levels")
    if isinstance(levels, Mapping):
        found += _bad_levels(levels, path)
        found += _duplicate_descriptors(levels, kid, path, seen.descriptors)
    found += _kind_levels(crit, path, kid, seen)
    found += _unknown_terms(crit, path, seen.glossary)
    found += _question_rules(crit, path)
    found += _bad_thresholds(crit, path)
    if crit.get("core") is True:
        seen.core.append(path + ("core",))
    if not isinstance(kid, str):
        seen.criteria_sure = False
    deps = crit.get("depends_on")
    if isinstance(deps, list):
        seen.depends.append((kid, path, deps))
    return found


def _close_id(wrong: str, ids: Sequence[str]) -> str:
    """The criterion id most like ``wrong`` (the first id when none is close)."""
    close = difflib.get_close_matches(wrong, ids, n=1, cutoff=0.5)
    return close[0] if close else ids[0]


def _bad_dependencies(seen: _Seen) -> list[Finding]:
    """Every prerequisite is another criterion of this rubric."""
    ids = list(seen.criteria)
    found: list[Finding] = []
    for kid, path, deps in seen.depends:
        for j, dep in enumerate(deps):
            if not isinstance(dep, str):
                continue
            at = path + ("depends_on", j)
            if dep == kid:
                found.append(("self-dependency", at, {"id": dep}))
            elif dep not in seen.criteria and seen.criteria_sure and ids:
                found.append(("unknown-dependency", at, {"id": dep, "close": _close_id(dep, ids)}))  # fmt: skip
    return found


def _dependency_cycles(seen: _Seen) -> list[Finding]:
    """No chain of prerequisites comes back to where it started (named in full, once per knot).

    A knot is a strongly connected group of criteria (Tarjan's algorithm); one cycle through it
    is named, starting at its criterion that comes first in the file, at the prerequisite that
    leads on round the cycle.
    """
    order: list[str] = []
    edges: dict[str, list[tuple[str, Path]]] = {}
    for kid, path, deps in seen.depends:
        if not isinstance(kid, str) or kid in edges:
            continue  # a repeated id is reported as such; its prerequisites are not followed
        order.append(kid)
        edges[kid] = [
            (d, path + ("depends_on", j))
            for j, d in enumerate(deps)
            if isinstance(d, str) and d != kid and d in seen.criteria
        ]
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    knots: list[set[str]] = []

    def connect(v: str) -> None:  # recursion is bounded by the number of criteria
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w, _ in edges.get(v, ()):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            knot = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                knot.add(w)
                if w == v:
                    break
            if len(knot) > 1:
                knots.append(knot)

    for v in order:
        if v not in index:
            connect(v)
    found: list[Finding] = []
    for knot in knots:
        start = next(v for v in order if v in knot)
        cycle, at = _cycle_through(start, knot, edges)
        found.append(("dependency-cycle", at, {"id": start, "cycle": " → ".join(cycle)}))
    return found


def _cycle_through(
    start: str, knot: set[str], edges: Mapping[str, list[tuple[str, Path]]]
) -> tuple[list[str], Path]:
    """The shortest cycle from ``start`` back to itself inside ``knot`` (breadth first), and
    the path of ``start``'s prerequisite that begins it."""
    came: dict[str, tuple[str, Path]] = {}
    frontier = [start]
    while frontier:
        nxt: list[str] = []
        for v in frontier:
            for w, at in edges.get(v, ()):
                if w not in knot:
                    continue
                if w == start:
                    chain = [v]
                    while chain[-1] != start:
                        chain.append(came[chain[-1]][0])
                    chain.reverse()
                    first = came[chain[1]][1] if len(chain) > 1 else at
                    return [*chain, start], first
                if w not in came:
                    came[w] = (v, at)
                    nxt.append(w)
        frontier = nxt
    raise AssertionError("a strongly connected group always holds a cycle")  # pragma: no cover


def _known_list(obj: Mapping[str, Any], key: str, inner: str) -> bool:
    """``obj[key]`` is a list of mappings whose ``inner`` values were all accepted."""
    seq = obj.get(key)
    return isinstance(seq, list) and all(
        isinstance(x, Mapping) and _sure(x.get(inner)) for x in seq
    )


def _check_commitment(com: Mapping[str, Any], path: Path, pid: Any, seen: _Seen) -> list[Finding]:
    """The rules of one commitment, its actions and its criteria."""
    cid = com.get("id")
    found = _duplicate_id("duplicate-commitment-id", cid, path, seen.commitments)
    found += _commitment_outside_pillar(cid, pid, path)
    numbered = _action_ids(com)
    found += _duplicate_action_ids(numbered, cid, path)
    actions = [aid for _, aid in numbered] if _known_list(com, "actions", "id") else None
    covered: set[str] = set()
    for ki, crit in _items(com, "criteria"):
        found += _check_criterion(crit, path + ("criteria", ki), cid, actions, seen)
        covered |= _covered(crit, actions or [])
    if actions is None or not _known_list(com, "criteria", "covers"):
        return found  # what is left uncovered is not known
    return found + _uncovered_actions(com, cid, path, covered)


def check_rubric_data(data: Mapping[str, Any]) -> list[Finding]:
    """Cross-reference checks on a raw rubric mapping; returns ``(code, path, fields)`` triples.

    ``code`` is a catalogue code and ``fields`` fill its message (see
    :func:`assessment.problems.problem`). Runs on the raw data (defensively) so that these
    problems are reported together with the structural ones in one pass. Never raises. Values
    marked :data:`REFUSED` (see :func:`parse_rubric`) are neither used nor counted as missing.
    """
    if not isinstance(data, Mapping):
        return []
    seen = _Seen(pillars_sure=_known_list(data, "pillars", "id"))
    glossary = data.get("glossary", {})
    if isinstance(glossary, Mapping):
        seen.glossary = {str(k) for k in glossary}
    found: list[Finding] = []
    for pi, pillar in _items(data, "pillars"):
        path: Path = ("pillars", pi)
        pid = pillar.get("id")
        found += _duplicate_id("duplicate-pillar-id", pid, path, seen.pillars)
        if not _known_list(pillar, "commitments", "id"):
            seen.unsure_sections.add(pid if isinstance(pid, str) else "*")
        for ci, com in _items(pillar, "commitments"):
            found += _check_commitment(com, path + ("commitments", ci), pid, seen)
    found += _bad_dependencies(seen) + _dependency_cycles(seen)
    return found + _source_sections(data, seen) + _too_many_core(seen.core)


# -- parsing -----------------------------------------------------------------------------------------


def _first_causes(errors: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """pydantic's errors without the ones that only follow from another.

    A tuple with a minimum length whose items fail is also reported as too short (the failed
    items are not counted): "commitments must not be empty" after any error inside one.
    """
    locs = [tuple(e["loc"]) for e in errors]

    def follows(err: Mapping[str, Any]) -> bool:
        loc = tuple(err["loc"])
        return err["type"] == "too_short" and any(
            len(other) > len(loc) and other[: len(loc)] == loc for other in locs
        )

    return [e for e in errors if not follows(e)]


def _structural(err: Mapping[str, Any]) -> Finding:
    """A pydantic error as a finding at the path of the document it points to."""
    code, params = _friendly(err, _keys_of_model)
    loc = tuple(err["loc"])
    # pydantic appends the member type of a union to the location ("int", "float"): drop it.
    loc = tuple(
        p for p in loc if p not in {"int", "float", "str", "bool"} or p == loc[-1] and len(loc) == 1
    )
    return code, loc, params


def _locator(line_of: LineOf | None) -> LineOf:
    """The line of a path, or of its nearest parent that has one."""

    def locate(path: Path) -> int | None:
        if line_of is None:
            return None
        p = tuple(path)
        while True:
            line = line_of(p)
            if line is not None or not p:
                return line
            p = p[:-1]

    return locate


def parse_rubric(data: Any, *, source: str = "<input>", line_of: LineOf | None = None) -> Rubric:
    """Validate a plain mapping and build a :class:`Rubric`.

    Parameters
    ----------
    data
        The rubric as plain Python data (mappings, lists, scalars).
    source
        Name used in problem locations (usually the file path).
    line_of
        Maps a path inside ``data`` to its 1-based line; the nearest known parent is used.

    Raises
    ------
    ProblemsError
        With every problem found, structural and cross-reference, in file order.
    """
    if not isinstance(data, Mapping):
        raise ProblemsError([problem("not-a-mapping", source=source, line=1)])
    found: list[Finding] = []
    model: Rubric | None = None
    try:
        model = Rubric.model_validate(data)
    except ValidationError as exc:
        found = [_structural(err) for err in _first_causes(exc.errors(include_url=False))]
    # the cross-references see refused values as refused, never as absent
    found += check_rubric_data(
        _mark_refused(data, [path for _, path, _ in found]) if found else data
    )
    if found:
        locate = _locator(line_of)
        problems = [
            problem(code, source=source, line=locate(path), field=_path_str(path), **params)
            for code, path, params in found
        ]
        problems.sort(key=lambda p: p.line or 0)
        n = len(problems)
        raise ProblemsError(
            problems,
            f"{source}: {n} problem{'s' if n != 1 else ''} in this rubric",
            summary_key="problems_in_rubric",
            source=source,
        )
    assert model is not None
    return model


def check_coverage(rubric: Rubric) -> list[tuple[str, str, list[str]]]:
    """Each commitment id with its summary and the ids of the criteria that assess it."""
    return [(c.id, c.summary, [k.id for k in c.criteria]) for _, c in rubric.commitments()]


def rubric_json_schema() -> dict[str, Any]:
    """JSON Schema of the rubric format, for authors' editors."""
    schema = Rubric.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "GDI assessment rubric (gdi-rubric/1)"
    return schema
