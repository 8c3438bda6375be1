"""The assessment record: who is assessed, against which rubric, and every response given.

Pure and frozen. Storage (JSON, CSV) lives in ``assessment.storage``; scoring in
``assessment.scoring``. Updating returns a new value (``with_response``), so a form can keep the
previous state for undo and an autosave can compare versions.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Annotated, Literal

import pandas as pd
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from assessment.countries import is_country_code
from assessment.errors import Problem, ProblemsError
from assessment.rubric import Rubric

__all__ = [
    "ASSESSMENT_FORMAT",
    "CONFIDENCE",
    "RESPONSE_COLUMNS",
    "Consensus",
    "STATUSES",
    "Assessment",
    "Entity",
    "Respondent",
    "Response",
    "RubricRef",
    "check_against_rubric",
    "new_assessment",
    "parse_assessment",
    "problems_from",
    "responses_frame",
]

ASSESSMENT_FORMAT = "gdi-assessment/1"
STATUSES: tuple[str, ...] = ("scored", "not-applicable", "dont-know")
CONFIDENCE: tuple[str, ...] = ("low", "medium", "high")

Text = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
LongText = Annotated[StrictStr, StringConstraints(max_length=20_000)]
Level = Annotated[StrictInt, Field(ge=0, le=4)]
Id = Annotated[StrictStr, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=80)]


def _country(code: str) -> str:
    if not is_country_code(code):
        raise PydanticCustomError(
            "country-code",
            "'{code}' is not an ISO 3166-1 alpha-2 code; use two capital letters such as KE, FR, "
            "CN (or a user-assigned code like XE for a fictional entity)",
            {"code": code},
        )
    return code


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Entity(_Model):
    """The country or organisation being assessed."""

    name: Text
    kind: Literal["country", "organisation"]
    country: Annotated[StrictStr, AfterValidator(_country)]
    sector: Text | None = None


class RubricRef(_Model):
    """Which rubric an assessment was made with; scoring refuses any other."""

    id: Text
    version: Text
    sha256: Annotated[StrictStr, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class Respondent(_Model):
    """A person (or a group answering together) who gave responses."""

    id: Id
    name: Text | None = None
    group: Text | None = None


class Response(_Model):
    """One respondent's answer to one criterion."""

    criterion: Id
    respondent: Id
    status: Literal["scored", "not-applicable", "dont-know"]
    level: Level | None = None
    reason: Text | None = None
    target: Level | None = None
    confidence: Literal["low", "medium", "high"] | None = None
    evidence: LongText = ""
    links: tuple[
        Annotated[StrictStr, StringConstraints(pattern=r"^\S+$", max_length=2000)], ...
    ] = ()
    notes: LongText = ""
    answered_at: dt.datetime | None = None

    @model_validator(mode="after")
    def _status_matches(self) -> Response:
        if self.status == "scored" and self.level is None:
            raise PydanticCustomError(
                "missing-level",
                "status is 'scored' but no level is given; give a level from 0 to 4",
            )
        if self.status != "scored" and self.level is not None:
            raise PydanticCustomError(
                "level-without-score",
                "status is '{status}' but a level is given; remove the level or set status 'scored'",
                {"status": self.status},
            )
        if self.status == "not-applicable" and not self.reason:
            raise PydanticCustomError(
                "missing-reason",
                "'not applicable' needs a reason (why this criterion does not apply)",
            )
        return self


class Consensus(_Model):
    """The level a workshop agreed for one criterion after discussion, with its rationale."""

    level: Level | None = None
    not_applicable: bool = False
    rationale: LongText

    @model_validator(mode="after")
    def _level_or_na(self) -> Consensus:
        if self.not_applicable == (self.level is not None):
            raise PydanticCustomError(
                "consensus-level",
                "a consensus gives either a level (0-4) or not_applicable: true, not both or neither",
            )
        return self


class Assessment(_Model):
    """A self-assessment of one entity, in one round, against one rubric version."""

    format: Literal["gdi-assessment/1"] = ASSESSMENT_FORMAT
    label: Text | None = None
    entity: Entity
    date: dt.date
    round: Text = "baseline"
    rubric: RubricRef
    default_target: Level = 3
    targets: dict[Id, Level] = Field(default_factory=dict)
    # Workshops: agreed levels that replace the respondents' median for those criteria.
    consensus: dict[Id, Consensus] = Field(default_factory=dict)
    respondents: tuple[Respondent, ...] = ()
    responses: tuple[Response, ...] = ()

    @model_validator(mode="after")
    def _references(self) -> Assessment:
        ids = [r.id for r in self.respondents]
        dup = sorted(i for i, n in Counter(ids).items() if n > 1)
        if dup:
            raise PydanticCustomError(
                "duplicate-respondent", "respondent id '{id}' is listed twice", {"id": dup[0]}
            )
        known = set(ids)
        seen: set[tuple[str, str]] = set()
        for i, r in enumerate(self.responses):
            if r.respondent not in known:
                raise PydanticCustomError(
                    "unknown-respondent",
                    "responses[{i}] is by respondent '{id}', who is not in 'respondents'",
                    {"i": i, "id": r.respondent},
                )
            key = (r.criterion, r.respondent)
            if key in seen:
                raise PydanticCustomError(
                    "duplicate-response",
                    "responses[{i}]: respondent '{who}' answered criterion '{crit}' twice; keep one",
                    {"i": i, "who": r.respondent, "crit": r.criterion},
                )
            seen.add(key)
        return self

    def response(self, criterion: str, respondent: str) -> Response | None:
        """The response of ``respondent`` to ``criterion``, if any."""
        for r in self.responses:
            if r.criterion == criterion and r.respondent == respondent:
                return r
        return None

    def with_response(self, response: Response) -> Assessment:
        """A copy with ``response`` added, replacing that respondent's earlier answer."""
        kept = tuple(
            r
            for r in self.responses
            if not (r.criterion == response.criterion and r.respondent == response.respondent)
        )
        return self._copy(responses=kept + (response,))

    def without_response(self, criterion: str, respondent: str) -> Assessment:
        """A copy with the response of ``respondent`` to ``criterion`` removed."""
        kept = tuple(
            r
            for r in self.responses
            if not (r.criterion == criterion and r.respondent == respondent)
        )
        return self._copy(responses=kept)

    def with_respondents(self, respondents: Iterable[Respondent]) -> Assessment:
        """A copy with ``respondents`` added (or replaced, by id)."""
        new = {r.id: r for r in self.respondents}
        new.update({r.id: r for r in respondents})
        return self._copy(respondents=tuple(new.values()))

    def _copy(self, **update: object) -> Assessment:
        # Re-validate, so that every copy obeys the same rules as a loaded file.
        data = {name: getattr(self, name) for name in type(self).model_fields}
        data.update(update)
        return parse_assessment(data)


def new_assessment(
    rubric: Rubric,
    *,
    entity: str,
    kind: str,
    country: str,
    date: dt.date,
    round: str = "baseline",
    sector: str | None = None,
    default_target: int = 3,
    respondent: Respondent | None = None,
    label: str | None = None,
) -> Assessment:
    """An empty assessment of ``entity`` bound to ``rubric`` (its id, version and content hash)."""
    return parse_assessment(
        {
            "label": label,
            "entity": {"name": entity, "kind": kind, "country": country, "sector": sector},
            "date": date,
            "round": round,
            "rubric": RubricRef(id=rubric.id, version=rubric.version, sha256=rubric.content_hash),
            "default_target": default_target,
            "respondents": (respondent or Respondent(id="self", name=None, group=None),),
        }
    )


def problems_from(exc: ValidationError, source: str = "<input>") -> list[Problem]:
    """Plain-language problems (field path, message) from a pydantic ``ValidationError``."""
    out = []
    for err in exc.errors(include_url=False):
        loc = [p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
        field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = f'unknown field "{loc[-1]}"; remove it (check its spelling)'
        elif err["type"] == "missing":
            msg = f'required field "{loc[-1]}" is missing'
        elif err["type"] == "literal_error":
            msg = f"{err.get('input')!r} is not allowed; {msg[0].lower()}{msg[1:]}"
        elif isinstance(err.get("input"), (str, int, float)) and err["type"].endswith(
            ("_type", "_parsing")
        ):
            msg = f"{msg} (got {err['input']!r})"
        out.append(
            Problem(err["type"].replace("_", "-"), msg[:1].lower() + msg[1:], source, None, field)
        )
    return out


def parse_assessment(data: Mapping[str, object], source: str = "<input>") -> Assessment:
    """Validate plain data into an :class:`Assessment`; raises :class:`ProblemsError` naming fields."""
    try:
        return Assessment.model_validate(data)
    except ValidationError as exc:
        raise ProblemsError(
            problems_from(exc, source), f"{source}: not a valid assessment"
        ) from None


def check_against_rubric(
    assessment: Assessment, rubric: Rubric, source: str = "<assessment>"
) -> list[Problem]:
    """Problems that stop ``assessment`` being scored with ``rubric`` (empty list when it fits).

    An assessment is never silently scored against another rubric or another version of it: the
    id, the version and the content hash must all match.
    """
    ref = assessment.rubric
    problems: list[Problem] = []
    if ref.id != rubric.id:
        problems.append(
            Problem(
                "rubric-mismatch",
                f"the assessment was made with rubric {ref.id!r}, not {rubric.id!r}; score it with {ref.id!r}",
                source,
                field="rubric.id",
            )
        )
        return problems
    if ref.version != rubric.version:
        problems.append(
            Problem(
                "rubric-version-mismatch",
                f"the assessment was made with version {ref.version} of {ref.id!r}, but version {rubric.version} was given; use version {ref.version}, or migrate the assessment explicitly",
                source,
                field="rubric.version",
            )
        )
        return problems
    if ref.sha256 != rubric.content_hash:
        problems.append(
            Problem(
                "rubric-changed",
                f"rubric {ref.id!r} version {ref.version} has been edited since this assessment was made (its content differs); restore the original file or give the edited rubric a new version",
                source,
                field="rubric.sha256",
            )
        )
        return problems
    kind = assessment.entity.kind
    for i, r in enumerate(assessment.responses):
        ref_c = rubric.by_id.get(r.criterion)
        if ref_c is None:
            problems.append(
                Problem(
                    "unknown-criterion",
                    f"criterion {r.criterion!r} is not in rubric {rubric.id!r}",
                    source,
                    field=f"responses[{i}].criterion",
                )
            )
        elif kind not in ref_c.criterion.applies_to:
            problems.append(
                Problem(
                    "criterion-not-for-kind",
                    f"criterion {r.criterion!r} is not asked of {'an' if kind[0] in 'aeiou' else 'a'} {kind}",
                    source,
                    field=f"responses[{i}].criterion",
                )
            )
    for cid in assessment.targets:
        if cid not in rubric.by_id:
            problems.append(
                Problem(
                    "unknown-criterion",
                    f"a target is set for '{cid}', which is not in rubric {rubric.id!r}",
                    source,
                    field=f"targets.{cid}",
                )
            )
    for cid in assessment.consensus:
        if cid not in rubric.by_id:
            problems.append(
                Problem(
                    "unknown-criterion",
                    f"a consensus is recorded for '{cid}', which is not in rubric {rubric.id!r}",
                    source,
                    field=f"consensus.{cid}",
                )
            )
    return problems


#: Columns of the long responses frame used by scoring, in order.
RESPONSE_COLUMNS: tuple[str, ...] = (
    "criterion",
    "respondent",
    "group",
    "status",
    "level",
    "target",
    "reason",
    "confidence",
)


def responses_frame(
    assessment: Assessment, groups: Mapping[str, str | None] | None = None
) -> pd.DataFrame:
    """The responses as a long frame (one row per answer) with the respondent's stakeholder group.

    ``level`` and ``target`` are floats with NaN where absent, so that missing is never 0.
    """
    group_of = (
        dict(groups) if groups is not None else {r.id: r.group for r in assessment.respondents}
    )
    rows = [
        (
            r.criterion,
            r.respondent,
            group_of.get(r.respondent),
            r.status,
            float(r.level) if r.level is not None else float("nan"),
            float(r.target) if r.target is not None else float("nan"),
            r.reason,
            r.confidence,
        )
        for r in assessment.responses
    ]
    return pd.DataFrame.from_records(rows, columns=list(RESPONSE_COLUMNS))
