"""The rubric: pillars, commitments, actions and criteria with five maturity levels.

Pure: ``parse_rubric`` turns a plain mapping (already read from YAML by ``assessment.storage``) into a
frozen, validated :class:`Rubric`, reporting every problem at once with its location.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, Literal

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

from assessment.errors import Problem, ProblemsError

__all__ = [
    "EQUITY_GROUPS",
    "KINDS",
    "LEVEL_LABELS",
    "MAX_CORE",
    "RUBRIC_FORMAT",
    "Action",
    "Commitment",
    "CriterionRef",
    "Criterion",
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
    """A quantitative indicator related to a criterion, with optional level thresholds."""

    code: Text | None = None
    name: Text
    source: Text | None = None
    unit: Text | None = None
    thresholds: tuple[Number, Number, Number, Number] | None = None
    direction: Literal["higher", "lower"] = "higher"

    def suggest_level(self, value: float) -> int | None:
        """Level the thresholds suggest for an observed ``value`` (None without thresholds)."""
        if self.thresholds is None:
            return None
        better = (lambda v, t: v >= t) if self.direction == "higher" else (lambda v, t: v <= t)
        return sum(1 for t in self.thresholds if better(value, t))


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
    guidance: Text | None = None
    equity: tuple[EquityGroup, ...] = ()
    weight: Weight = 1
    core: StrictBool = False

    def question(self, kind: str) -> str | None:
        """The question worded for ``kind``, or None when the criterion does not apply to it."""
        return self.questions.get(kind) if kind in self.applies_to else None

    def descriptor(self, level: int) -> str:
        """The descriptor of ``level`` (0-4)."""
        return self.levels[level]


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
            self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

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


def _path_str(path: Sequence[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _friendly(err: Mapping[str, Any], model_keys: Callable[[Path], list[str]]) -> tuple[str, str]:
    """Turn one pydantic error into (code, plain message with what is valid)."""
    kind = err["type"]
    loc: Path = tuple(err["loc"])
    field = str(loc[-1]) if loc else ""
    inp = err.get("input")
    if kind == "extra_forbidden":
        valid = ", ".join(model_keys(loc[:-1]))
        return "unknown-key", f'unknown key "{field}"; valid keys here: {valid}'
    if kind == "missing":
        return "missing-key", f'required key "{field}" is missing'
    if kind in {"string_type", "int_type", "float_type", "bool_type"} and field == "version":
        return "bad-type", 'write the version in quotes, e.g. version: "1.0.0"'
    if kind == "string_pattern_mismatch":
        hints = {
            "id": "letters, digits, '.' and '-' (e.g. I.2-open-access; a rubric id: lowercase-slug)",
            "covers": "action ids of this commitment, e.g. a, b",
            "version": 'numbers separated by dots, e.g. "1.0.0"',
            "language": "a language tag such as en, fr, ar, zh, ru, es",
        }
        name = next((str(p) for p in reversed(loc) if isinstance(p, str)), field)
        return "bad-value", f"{inp!r} is not valid; use {hints.get(name, err['msg'].lower())}"
    if kind == "literal_error":
        return "bad-value", f"{inp!r} is not allowed; {err['msg'][0].lower()}{err['msg'][1:]}"
    if kind in {"greater_than", "less_than_equal"} and field == "weight":
        return (
            "bad-weight",
            f"weight {inp!r} is out of range; use a number greater than 0 and at most 10",
        )
    if kind == "too_short":
        return "empty", f"{field or 'value'} must not be empty"
    if kind == "string_too_long" and field == "short_title":
        return (
            "too-long",
            f"short_title is {len(str(inp))} characters; use at most 30 (it labels charts)",
        )
    msg = str(err["msg"])
    if isinstance(inp, (str, int, float, bool)) and kind.endswith("_type"):
        msg += f" (got {type(inp).__name__} {inp!r})"
    return kind.replace("_", "-"), msg[0].lower() + msg[1:]


def _keys_of_model(path: Path) -> list[str]:
    """Allowed keys at a structural path inside a rubric document."""
    names = [p for p in path if isinstance(p, str)]
    model: type[BaseModel] = Rubric
    table = {
        ("pillars",): Pillar,
        ("pillars", "commitments"): Commitment,
        ("pillars", "commitments", "criteria"): Criterion,
        ("pillars", "commitments", "actions"): Action,
        ("pillars", "commitments", "criteria", "indicators"): Indicator,
        ("source",): Source,
    }
    model = table.get(tuple(names), model)
    return sorted(model.model_fields)


def check_rubric_data(data: Mapping[str, Any]) -> list[tuple[str, Path, str]]:
    """Cross-reference checks on a raw rubric mapping; returns ``(code, path, message)`` triples.

    Runs on the raw data (defensively) so that these problems are reported together with the
    structural ones in one pass. Never raises.
    """
    found: list[tuple[str, Path, str]] = []
    seen_pillars: set[str] = set()
    seen_commitments: set[str] = set()
    seen_criteria: dict[str, Path] = {}
    seen_descriptors: dict[str, str] = {}
    core: list[Path] = []

    def items(obj: Any, key: str) -> list[tuple[int, Mapping[str, Any]]]:
        seq = obj.get(key) if isinstance(obj, Mapping) else None
        if not isinstance(seq, list):
            return []
        return [(i, x) for i, x in enumerate(seq) if isinstance(x, Mapping)]

    for pi, pillar in items(data, "pillars"):
        ppath: Path = ("pillars", pi)
        pid = pillar.get("id")
        if isinstance(pid, str):
            if pid in seen_pillars:
                found.append(
                    (
                        "duplicate-pillar-id",
                        ppath + ("id",),
                        f'pillar id "{pid}" is used twice; ids must be unique',
                    )
                )
            seen_pillars.add(pid)
        for ci, com in items(pillar, "commitments"):
            cpath: Path = ppath + ("commitments", ci)
            cid = com.get("id")
            if isinstance(cid, str):
                if cid in seen_commitments:
                    found.append(
                        (
                            "duplicate-commitment-id",
                            cpath + ("id",),
                            f'commitment id "{cid}" is used twice; ids must be unique',
                        )
                    )
                seen_commitments.add(cid)
                if isinstance(pid, str) and not cid.startswith(pid + "."):
                    found.append(
                        (
                            "commitment-outside-pillar",
                            cpath + ("id",),
                            f'commitment id "{cid}" must start with its pillar id "{pid}." (e.g. {pid}.1)',
                        )
                    )
            actions: list[str] = []
            for ai, act in items(com, "actions"):
                aid = act.get("id")
                if isinstance(aid, str):
                    if aid in actions:
                        found.append(
                            (
                                "duplicate-action-id",
                                cpath + ("actions", ai, "id"),
                                f'action id "{aid}" is used twice in commitment {cid}',
                            )
                        )
                    actions.append(aid)
            covered: set[str] = set()
            for ki, crit in items(com, "criteria"):
                kpath: Path = cpath + ("criteria", ki)
                kid = crit.get("id")
                if isinstance(kid, str):
                    if kid in seen_criteria:
                        found.append(
                            (
                                "duplicate-criterion-id",
                                kpath + ("id",),
                                f'criterion id "{kid}" is already used at {_path_str(seen_criteria[kid])}; ids must be unique',
                            )
                        )
                    else:
                        seen_criteria[kid] = kpath
                cov = crit.get("covers")
                if isinstance(cov, list):
                    for j, a in enumerate(cov):
                        if isinstance(a, str) and a not in actions:
                            found.append(
                                (
                                    "unknown-action",
                                    kpath + ("covers", j),
                                    f'covers "{a}", which is not an action of commitment {cid}; valid: {", ".join(actions) or "none defined"}',
                                )
                            )
                        elif isinstance(a, str):
                            covered.add(a)
                levels = crit.get("levels")
                if isinstance(levels, Mapping):
                    keys = set(levels)
                    if keys != {0, 1, 2, 3, 4}:
                        missing = sorted(k for k in range(5) if k not in keys)
                        extra = sorted((str(k) for k in keys if k not in range(5)), key=str)
                        bits = []
                        if missing:
                            bits.append("missing level " + ", ".join(map(str, missing)))
                        if extra:
                            bits.append("unexpected key " + ", ".join(extra))
                        found.append(
                            (
                                "bad-levels",
                                kpath + ("levels",),
                                f"criterion has {len(keys)} levels ({'; '.join(bits)}); every criterion needs exactly the five levels 0, 1, 2, 3, 4",
                            )
                        )
                    for lv, text in levels.items():
                        if isinstance(text, str) and text.strip():
                            norm = " ".join(text.split()).lower()
                            if norm in seen_descriptors:
                                found.append(
                                    (
                                        "duplicate-descriptor",
                                        kpath + ("levels", lv),
                                        f"this descriptor repeats {seen_descriptors[norm]} word for word; write a descriptor specific to this criterion",
                                    )
                                )
                            else:
                                seen_descriptors[norm] = f"{kid} level {lv}"
                applies = crit.get("applies_to", list(KINDS))
                questions = crit.get("questions")
                if isinstance(applies, list) and isinstance(questions, Mapping):
                    for kind in applies:
                        if kind in KINDS and kind not in questions:
                            found.append(
                                (
                                    "missing-question",
                                    kpath + ("questions",),
                                    f'no question for "{kind}", but applies_to includes it; add questions.{kind} or remove it from applies_to',
                                )
                            )
                    for kind in questions:
                        if kind in KINDS and kind not in applies:
                            found.append(
                                (
                                    "question-not-applicable",
                                    kpath + ("questions", kind),
                                    f'a question for "{kind}" is given but applies_to is [{", ".join(map(str, applies))}]; remove the question or add the kind',
                                )
                            )
                    if len(set(applies)) != len(applies):
                        found.append(
                            (
                                "duplicate-kind",
                                kpath + ("applies_to",),
                                "applies_to lists a kind twice",
                            )
                        )
                for ii, ind in items(crit, "indicators"):
                    t = ind.get("thresholds")
                    if (
                        isinstance(t, list)
                        and len(t) == 4
                        and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in t)
                    ):
                        lower = ind.get("direction") == "lower"
                        ordered = all(
                            (a >= b) if lower else (a <= b) for a, b in zip(t, t[1:], strict=False)
                        )
                        if not ordered:
                            found.append(
                                (
                                    "bad-thresholds",
                                    kpath + ("indicators", ii, "thresholds"),
                                    f"thresholds {t} must {'fall' if lower else 'rise'} from level 1 to level 4 (direction: {'lower' if lower else 'higher'})",
                                )
                            )
                if crit.get("core") is True:
                    core.append(kpath + ("core",))
            for ai, act in items(com, "actions"):
                aid = act.get("id")
                if isinstance(aid, str) and aid not in covered:
                    found.append(
                        (
                            "uncovered-action",
                            cpath + ("actions", ai),
                            f'action "{aid}" ({act.get("text", "")}) of commitment {cid} is assessed by no criterion; add it to some criterion\'s covers',
                        )
                    )
    src = data.get("source") if isinstance(data, Mapping) else None
    sections = src.get("sections") if isinstance(src, Mapping) else None
    if isinstance(sections, Mapping):
        for sec, count in sections.items():
            if not isinstance(count, int) or isinstance(count, bool):
                continue
            if sec not in seen_pillars:
                found.append(
                    (
                        "missing-pillar",
                        ("source", "sections", sec),
                        f'the source has section "{sec}" but no pillar has id "{sec}"; add a pillar for it',
                    )
                )
            for n in range(1, count + 1):
                if f"{sec}.{n}" not in seen_commitments and sec in seen_pillars:
                    found.append(
                        (
                            "missing-commitment",
                            ("source", "sections", sec),
                            f"commitment {sec}.{n} of the source has no entry; every {src.get('unit', 'sentence')} of section {sec} needs one",
                        )
                    )
        for cid in sorted(seen_commitments):
            sec, _, n = cid.partition(".")
            if (
                sec in sections
                and n.isdigit()
                and isinstance(sections[sec], int)
                and int(n) > sections[sec]
            ):
                found.append(
                    (
                        "unknown-commitment",
                        ("source", "sections", sec),
                        f"commitment {cid} is beyond the {sections[sec]} {src.get('unit', 'sentence')}s of section {sec}",
                    )
                )
    if len(core) > MAX_CORE:
        found.append(
            (
                "too-many-core",
                core[MAX_CORE],
                f"{len(core)} criteria are marked core; the short form allows at most {MAX_CORE}",
            )
        )
    return found


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

    def locate(path: Path) -> int | None:
        if line_of is None:
            return None
        p = tuple(path)
        while True:
            line = line_of(p)
            if line is not None or not p:
                return line
            p = p[:-1]

    if not isinstance(data, Mapping):
        raise ProblemsError(
            [
                Problem(
                    "not-a-mapping",
                    "a rubric must be a YAML mapping starting with 'format: gdi-rubric/1'",
                    source,
                    1,
                )
            ]
        )
    raw: list[tuple[str, Path, str]] = []
    model: Rubric | None = None
    try:
        model = Rubric.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            code, message = _friendly(err, _keys_of_model)
            loc = tuple(err["loc"])
            # pydantic appends the member type of a union to the location ("int", "float"): drop it.
            loc = tuple(
                p
                for p in loc
                if p not in {"int", "float", "str", "bool"} or p == loc[-1] and len(loc) == 1
            )
            raw.append((code, loc, message))
    raw.extend(check_rubric_data(data))
    if raw:
        problems = [
            Problem(code, msg, source, locate(path), _path_str(path)) for code, path, msg in raw
        ]
        problems.sort(key=lambda p: p.line or 0)
        raise ProblemsError(
            problems,
            f"{source}: {len(problems)} problem{'s' if len(problems) != 1 else ''} in this rubric",
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
