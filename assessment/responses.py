"""The assessment record: who is assessed, against which rubric, and every response given.

Pure and frozen. Storage (JSON, CSV) lives in ``assessment.storage``; scoring in
``assessment.scoring``. Updating returns a new value (``with_response``), so a form can keep the
previous state for undo and an autosave can compare versions.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any, Literal

import pandas as pd
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidationError,
    model_validator,
)

from assessment.countries import is_country_code
from assessment.errors import Problem, ProblemsError
from assessment.problems import CATALOGUE, custom_error, problem
from assessment.rubric import Rubric

__all__ = [
    "ASSESSMENT_FORMAT",
    "CONFIDENCE",
    "RESPONSE_COLUMNS",
    "STATUSES",
    "Assessment",
    "Consensus",
    "Entity",
    "IndicatorValue",
    "PlanEntry",
    "RealityRules",
    "Respondent",
    "Response",
    "RubricRef",
    "check_against_rubric",
    "new_assessment",
    "parse_assessment",
    "problems_from",
    "responses_frame",
    "without_names",
]

ASSESSMENT_FORMAT = "gdi-assessment/1"
STATUSES: tuple[str, ...] = ("scored", "not-applicable", "dont-know")
CONFIDENCE: tuple[str, ...] = ("low", "medium", "high")

#: Control characters (C0, DEL, C1) other than tab, line feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

#: The names Unicode gives the C0 control characters (they have aliases, not names).
_C0_NAMES = (
    "NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION", "ENQUIRY",
    "ACKNOWLEDGE", "BELL", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED", "LINE TABULATION",
    "FORM FEED", "CARRIAGE RETURN", "SHIFT OUT", "SHIFT IN", "DATA LINK ESCAPE",
    "DEVICE CONTROL ONE", "DEVICE CONTROL TWO", "DEVICE CONTROL THREE", "DEVICE CONTROL FOUR",
    "NEGATIVE ACKNOWLEDGE", "SYNCHRONOUS IDLE", "END OF TRANSMISSION BLOCK", "CANCEL",
    "END OF MEDIUM", "SUBSTITUTE", "ESCAPE", "INFORMATION SEPARATOR FOUR",
    "INFORMATION SEPARATOR THREE", "INFORMATION SEPARATOR TWO", "INFORMATION SEPARATOR ONE",
)  # fmt: skip

#: The same for the C1 control characters, U+0080 to U+009F.
_C1_NAMES = (
    "PADDING CHARACTER", "HIGH OCTET PRESET", "BREAK PERMITTED HERE", "NO BREAK HERE", "INDEX",
    "NEXT LINE", "START OF SELECTED AREA", "END OF SELECTED AREA", "CHARACTER TABULATION SET",
    "CHARACTER TABULATION WITH JUSTIFICATION", "LINE TABULATION SET", "PARTIAL LINE FORWARD",
    "PARTIAL LINE BACKWARD", "REVERSE LINE FEED", "SINGLE SHIFT TWO", "SINGLE SHIFT THREE",
    "DEVICE CONTROL STRING", "PRIVATE USE ONE", "PRIVATE USE TWO", "SET TRANSMIT STATE",
    "CANCEL CHARACTER", "MESSAGE WAITING", "START OF GUARDED AREA", "END OF GUARDED AREA",
    "START OF STRING", "SINGLE GRAPHIC CHARACTER INTRODUCER", "SINGLE CHARACTER INTRODUCER",
    "CONTROL SEQUENCE INTRODUCER", "STRING TERMINATOR", "OPERATING SYSTEM COMMAND",
    "PRIVACY MESSAGE", "APPLICATION PROGRAM COMMAND",
)  # fmt: skip


def _char_name(ch: str) -> str:
    """``U+0007 (BELL)``: the code point of a control character and its Unicode name (alias)."""
    code = ord(ch)
    name = _C0_NAMES[code] if code < 0x20 else "DELETE" if code == 0x7F else _C1_NAMES[code - 0x80]
    return f"U+{code:04X} ({name})"


def _printable(text: str) -> str:
    """Refuse control characters: invisible in a form, garbling terminals and breaking files.

    Tabs and line breaks are kept (evidence and notes run over several lines).
    """
    found = _CONTROL.search(text)
    if found is not None:
        raise custom_error(
            "control-character", char=_char_name(found.group()), position=found.start() + 1
        )
    return text


Text = Annotated[
    StrictStr,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=500),
    AfterValidator(_printable),
]
LongText = Annotated[StrictStr, StringConstraints(max_length=20_000), AfterValidator(_printable)]
Level = Annotated[StrictInt, Field(ge=0, le=4)]
Id = Annotated[StrictStr, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=80)]
Link = Annotated[
    StrictStr, StringConstraints(pattern=r"^\S+$", max_length=2000), AfterValidator(_printable)
]


def _weight(value: float) -> float:
    """A weight, as a rubric's: greater than 0 and at most 10 (NaN and infinity refused)."""
    if not 0 < value <= 10:
        raise custom_error("bad-weight", value=value)
    return value


#: a weight that replaces the rubric's for one assessment (the same range as a rubric's weights)
Weight = Annotated[StrictInt | StrictFloat, AfterValidator(_weight)]


def _country(code: str) -> str:
    if not is_country_code(code):
        raise custom_error("country-code", code=code)
    return code


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Entity(_Model):
    """The country or organisation being assessed."""

    name: Text
    kind: Literal["country", "organisation"]
    country: Annotated[StrictStr, AfterValidator(_country)]
    sector: Text | None = None
    #: its code in a campaign (``MUN-0042``): what ties it to a hierarchy of units and to its
    #: other rounds
    id: Id | None = None


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
    links: tuple[Link, ...] = ()
    notes: LongText = ""
    #: the evidence (and its links) stays in the assessment file, out of reports and exports
    #: unless they are asked to include it
    confidential: StrictBool = False
    answered_at: dt.datetime | None = None

    @model_validator(mode="after")
    def _status_matches(self) -> Response:
        if self.status == "scored" and self.level is None:
            raise custom_error("missing-level")
        if self.status != "scored" and self.level is not None:
            raise custom_error("level-without-score", status=self.status)
        if self.status == "not-applicable" and not self.reason:
            raise custom_error("missing-reason")
        return self


class Consensus(_Model):
    """The level a workshop agreed for one criterion after discussion, with its rationale."""

    level: Level | None = None
    not_applicable: bool = False
    rationale: LongText

    @model_validator(mode="after")
    def _level_or_na(self) -> Consensus:
        if self.not_applicable == (self.level is not None):
            raise custom_error("consensus-level")
        return self


def _due_date(value: object) -> object:
    """A due date: a date, or its ISO text ``YYYY-MM-DD`` (``30/06/2026`` is refused: day and
    month cannot be told apart)."""
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    text = value.strip() if isinstance(value, str) else value
    if isinstance(text, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise custom_error("bad-date", value=value)


#: a plan entry's note: a line or a short paragraph
PlanNote = Annotated[
    StrictStr,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
    AfterValidator(_printable),
]


class PlanEntry(_Model):
    """Who takes a step of the plan (``assessment.plan``) and by when: filled in by the user."""

    owner: Text | None = None
    due: Annotated[dt.date | None, BeforeValidator(_due_date)] = None
    note: PlanNote | None = None

    @property
    def empty(self) -> bool:
        """Whether nothing is filled in."""
        return self.owner is None and self.due is None and self.note is None


#: the years an indicator value may be for (an import also refuses years after next year)
_FIRST_YEAR, _LAST_YEAR = 1990, 2100


def _indicator_number(value: object) -> float:
    """A recorded figure: a finite number (text such as "12,5" or "n/a", NaN, infinity refused)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not abs(value) < float("inf"):  # fmt: skip
        raise custom_error("bad-indicator-value", value=value)
    return float(value)


def _indicator_year(value: object) -> int:
    """The year a figure is for: a whole number from 1990 to 2100."""
    if isinstance(value, bool) or not isinstance(value, int) or not _FIRST_YEAR <= value <= _LAST_YEAR:  # fmt: skip
        raise custom_error("bad-indicator-year", value=value, first=_FIRST_YEAR, last=_LAST_YEAR)
    return value


class IndicatorValue(_Model):
    """A recorded figure of one of a criterion's indicators, which ``assessment.reality`` holds
    against the self-rating through the rubric's thresholds.

    ``code`` is the indicator's code in the rubric (``SDG 17.8.1``), or its name where it has no
    code; ``source`` says where the figure comes from (a publisher, a report, a download).
    """

    code: Text
    value: Annotated[float, BeforeValidator(_indicator_number)]
    year: Annotated[int, BeforeValidator(_indicator_year)]
    source: Text
    unit: Text | None = None


class RealityRules(_Model):
    """How the reality check of one assessment judges (``assessment.reality``; the defaults when
    absent): a self-rating ``divergence`` levels or more from the level the figures suggest is
    divergent, a figure ``stale_after`` years or more older than the assessment is stale."""

    divergence: Annotated[StrictInt, Field(ge=1, le=4)] = 2
    stale_after: Annotated[StrictInt, Field(ge=1, le=50)] = 3


def _one_value_per_indicator(
    table: dict[str, tuple[IndicatorValue, ...]],
) -> dict[str, tuple[IndicatorValue, ...]]:
    """Each criterion holds one value per indicator (the latest known figure)."""
    for cid, values in table.items():
        seen: dict[str, int] = {}
        for i, v in enumerate(values):
            key = " ".join(v.code.split()).casefold()
            if key in seen:
                places = f"indicators.{cid}[{seen[key]}] and [{i}]"
                raise custom_error("duplicate-indicator-value", code=v.code, criterion=cid, places=places)  # fmt: skip
            seen[key] = i
    return table


class Assessment(_Model):
    """A self-assessment of one entity, in one round, against one rubric version."""

    format: Literal["gdi-assessment/1"] = "gdi-assessment/1"
    label: Text | None = None
    entity: Entity
    date: dt.date
    round: Text = "baseline"
    rubric: RubricRef
    default_target: Level = 3
    #: answered on the short form (the core criteria): scores and completeness count those only
    short_form: StrictBool = False
    #: the language the assessment is read in (a BCP 47 tag such as fr or ar); reports and the
    #: form default to it. Answers are the same in every language.
    language: (
        Annotated[StrictStr, StringConstraints(pattern=r"^[a-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")]
        | None
    ) = None
    targets: dict[Id, Level] = Field(default_factory=dict)
    # Workshops: agreed levels that replace the respondents' median for those criteria.
    consensus: dict[Id, Consensus] = Field(default_factory=dict)
    #: answers given on an earlier version of the rubric to criteria that changed, kept as notes
    #: until the criterion is answered again (see ``gdi-assess migrate``)
    previous: dict[Id, LongText] = Field(default_factory=dict)
    #: what-if weights: a pillar, commitment or criterion id of the rubric -> the weight that
    #: replaces the rubric's there, for this assessment only (the rubric and its hash stay as
    #: they are)
    weights: dict[Id, Weight] = Field(default_factory=dict)
    #: the plan's owners, due dates and notes: criterion id -> :class:`PlanEntry` (see
    #: ``assessment.plan``; ``gdi-assess plan --import`` fills it from a spreadsheet)
    plan: dict[Id, PlanEntry] = Field(default_factory=dict)
    #: indicator evidence: criterion id -> the figures recorded for its indicators, one per
    #: indicator (see :class:`IndicatorValue` and ``gdi-assess indicators``)
    indicators: Annotated[
        dict[Id, tuple[IndicatorValue, ...]], AfterValidator(_one_value_per_indicator)
    ] = Field(default_factory=dict)
    #: the reality check's rules for this assessment (None: 2 levels, 3 years)
    reality: RealityRules | None = None
    respondents: tuple[Respondent, ...] = ()
    responses: tuple[Response, ...] = ()

    @model_validator(mode="after")
    def _references(self) -> Assessment:
        ids = [r.id for r in self.respondents]
        dup = sorted(i for i, n in Counter(ids).items() if n > 1)
        if dup:
            raise custom_error("duplicate-respondent", id=dup[0])
        known = set(ids)
        first: dict[tuple[str, str], int] = {}
        for i, r in enumerate(self.responses):
            if r.respondent not in known:
                raise custom_error("unknown-respondent", index=i, id=r.respondent)
            key = (r.criterion, r.respondent)
            if key in first:
                raise custom_error(
                    "duplicate-response",
                    respondent=r.respondent,
                    criterion=r.criterion,
                    places=f"responses[{first[key]}] and responses[{i}]",
                )
            first[key] = i
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

    def without_confidential(self) -> Assessment:
        """A copy in which the confidential evidence of answers (the evidence, its links and the
        notes) is left out: for reports and exports, unless they are asked to include it. The
        answers themselves (level, target, confidence, the reason for "not applicable") stay."""
        if not any(r.confidential for r in self.responses):
            return self
        return self._copy(
            responses=tuple(
                r.model_copy(update={"evidence": "", "links": (), "notes": ""})
                if r.confidential
                else r
                for r in self.responses
            )
        )

    def with_imported(
        self, respondents: Sequence[Respondent], responses: Sequence[Response]
    ) -> tuple[Assessment, int]:
        """A copy with imported ``respondents`` and ``responses`` merged in, and how many
        answers kept confidential evidence the imported file left out.

        An import never publishes or erases what was protected: an answer stored as confidential
        stays confidential (a file without the ``confidential`` column, or with a blank cell,
        cannot clear the mark; clear it in the form), and when the imported answer carries no
        evidence, links or notes (an export leaves them out), the stored ones are kept.
        """
        updated = self.with_respondents(respondents)
        kept = 0
        for resp in responses:
            before = self.response(resp.criterion, resp.respondent)
            if before is not None and before.confidential:
                change: dict[str, object] = {"confidential": True}
                if not (resp.evidence or resp.links or resp.notes):
                    change |= {"evidence": before.evidence, "links": before.links, "notes": before.notes}  # fmt: skip
                    kept += bool(before.evidence or before.links or before.notes)
                resp = resp.model_copy(update=change)
            updated = updated.with_response(resp)
        return updated, kept

    @property
    def confidential_count(self) -> int:
        """How many answers hold confidential evidence (evidence, links or notes)."""
        return sum(
            1 for r in self.responses if r.confidential and (r.evidence or r.links or r.notes)
        )

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
    short_form: bool = False,
    entity_id: str | None = None,
) -> Assessment:
    """An empty assessment of ``entity`` bound to ``rubric`` (its id, version and content hash).

    ``short_form``: the assessment answers the core criteria only (its completeness counts those).
    ``entity_id``: the entity's code in a campaign.
    """
    return parse_assessment(
        {
            "label": label,
            "entity": {
                "name": entity,
                "kind": kind,
                "country": country,
                "sector": sector,
                "id": entity_id,
            },  # fmt: skip
            "date": date,
            "round": round,
            "rubric": RubricRef(id=rubric.id, version=rubric.version, sha256=rubric.content_hash),
            "default_target": default_target,
            "short_form": short_form,
            "respondents": (respondent or Respondent(id="self", name=None, group=None),),
        }
    )


def without_names(assessment: Assessment) -> Assessment:
    """``assessment`` with no respondent's name (each keeps its id and stakeholder group): what a
    campaign import keeps unless names were asked for, since reports and workbooks name the
    respondent beside each answer."""
    if all(r.name is None for r in assessment.respondents):
        return assessment
    return assessment._copy(respondents=tuple(r.model_copy(update={"name": None}) for r in assessment.respondents))  # fmt: skip


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _translate(err: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """One pydantic error as a catalogue code and the fields of its message.

    Unknown and missing fields and values outside a fixed set get their own codes; the errors of
    the model validators keep theirs; any other error becomes ``invalid-value`` with pydantic's
    own message (and the offending value of a type or parsing error).
    """
    kind, loc, inp = str(err["type"]), err["loc"], err.get("input")
    name = str(loc[-1]) if loc else ""
    msg = str(err["msg"])
    if kind == "extra_forbidden":
        return "unknown-field", {"name": name}
    if kind == "missing":
        return "missing-field", {"name": name}
    if kind == "literal_error":
        return "bad-value", {"value": inp, "valid": _lower_first(msg)}
    params = (err.get("ctx") or {}).get("params")
    if kind in CATALOGUE and isinstance(params, dict):  # raised by custom_error
        return kind, params
    elif isinstance(inp, (str, int, float)) and kind.endswith(("_type", "_parsing")):
        msg = f"{msg} (got {inp!r})"
    return "invalid-value", {"detail": _lower_first(msg)}


def problems_from(exc: ValidationError, source: str = "<input>") -> list[Problem]:
    """Plain-language problems (field path, message, hint) from a pydantic ``ValidationError``."""
    out = []
    for err in exc.errors(include_url=False):
        loc = [p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
        field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
        code, params = _translate(err)
        out.append(problem(code, source=source, field=field, **params))
    return out


def parse_assessment(data: Mapping[str, object], source: str = "<input>") -> Assessment:
    """Validate plain data into an :class:`Assessment`; raises :class:`ProblemsError` naming fields."""
    try:
        return Assessment.model_validate(data)
    except ValidationError as exc:
        raise ProblemsError(
            problems_from(exc, source), f"{source}: not a valid assessment"
        ) from None


def _rubric_ref_problems(ref: RubricRef, rubric: Rubric, source: str) -> list[Problem]:
    """The first of id, version and content hash of ``ref`` that does not match ``rubric``."""
    if ref.id != rubric.id:
        return [
            problem(
                "rubric-mismatch", source=source, field="rubric.id", made=ref.id, given=rubric.id
            )
        ]
    if ref.version != rubric.version:
        return [
            problem(
                "rubric-version-mismatch",
                source=source,
                field="rubric.version",
                made=ref.version,
                given=rubric.version,
                rubric=ref.id,
            )
        ]
    if ref.sha256 != rubric.content_hash:
        return [
            problem(
                "rubric-changed",
                source=source,
                field="rubric.sha256",
                rubric=ref.id,
                version=ref.version,
            )
        ]
    return []


def _response_problems(assessment: Assessment, rubric: Rubric, source: str) -> list[Problem]:
    """Responses to criteria the rubric lacks, or does not ask of the entity's kind."""
    kind = assessment.entity.kind
    out: list[Problem] = []
    for i, r in enumerate(assessment.responses):
        field = f"responses[{i}].criterion"
        ref_c = rubric.by_id.get(r.criterion)
        if ref_c is None:
            out.append(
                problem(
                    "unknown-criterion",
                    source=source,
                    field=field,
                    criterion=r.criterion,
                    rubric=rubric.id,
                    example=rubric.refs[0].criterion.id if rubric.refs else "",
                )
            )
        elif kind not in ref_c.criterion.applies_to:
            out.append(
                problem(
                    "criterion-not-for-kind",
                    source=source,
                    field=field,
                    criterion=r.criterion,
                    article="an" if kind[0] in "aeiou" else "a",
                    kind=kind,
                    applies=", ".join(ref_c.criterion.applies_to),
                )
            )
    return out


def _unknown_keys(assessment: Assessment, rubric: Rubric, source: str) -> list[Problem]:
    """Targets, consensus and plan entries recorded for criteria the rubric lacks."""
    keyed = [("targets", cid) for cid in assessment.targets]
    keyed += [("consensus", cid) for cid in assessment.consensus]
    keyed += [("plan", cid) for cid in assessment.plan]
    return [
        problem(
            "unknown-criterion",
            source=source,
            field=f"{table}.{cid}",
            criterion=cid,
            rubric=rubric.id,
            example=rubric.refs[0].criterion.id if rubric.refs else "",
        )
        for table, cid in keyed
        if cid not in rubric.by_id
    ]


def _unknown_weights(assessment: Assessment, rubric: Rubric, source: str) -> list[Problem]:
    """Weights given for ids that are no pillar, commitment or criterion of the rubric."""
    pillars = [p.id for p in rubric.pillars]
    commitments = [c.id for _, c in rubric.commitments()]
    known = {*pillars, *commitments, *rubric.by_id}
    return [
        problem(
            "unknown-weight-id",
            source=source,
            field=f"weights.{wid}",
            id=wid,
            rubric=rubric.id,
            pillar=pillars[0],
            commitment=commitments[0],
            criterion=rubric.refs[0].criterion.id,
        )
        for wid in assessment.weights
        if wid not in known
    ]


def _indicator_problems(assessment: Assessment, rubric: Rubric, source: str) -> list[Problem]:
    """Indicator values recorded for criteria the rubric lacks, or for indicators a criterion
    does not list."""
    # reality builds on this module
    from assessment.reality import find_indicator, indicator_problem, range_problem

    out: list[Problem] = []
    for cid, values in assessment.indicators.items():
        ref = rubric.by_id.get(cid)
        if ref is None:
            example = rubric.refs[0].criterion.id if rubric.refs else ""
            out.append(problem("unknown-criterion", source=source, field=f"indicators.{cid}", criterion=cid, rubric=rubric.id, example=example))  # fmt: skip
            continue
        seen: dict[int, int] = {}  # the same indicator by its code, its place and its name
        for i, v in enumerate(values):
            found = indicator_problem(rubric, ref.criterion, v.code)
            if found is not None:
                code, params = found
                out.append(problem(code, source=source, field=f"indicators.{cid}[{i}].code", **params))  # fmt: skip
                continue
            ind = find_indicator(ref.criterion, v.code)
            wrong = None if ind is None else range_problem(ind, v.value)
            if wrong is not None:
                out.append(problem("indicator-value-range", source=source, field=f"indicators.{cid}[{i}].value", **wrong))  # fmt: skip
            first = seen.setdefault(id(ind), i)
            if first != i:
                places = f"indicators.{cid}[{first}] and [{i}]"
                out.append(problem("duplicate-indicator-value", source=source, field=f"indicators.{cid}[{i}].code", code=v.code, criterion=cid, places=places))  # fmt: skip
    return out


def check_against_rubric(
    assessment: Assessment, rubric: Rubric, source: str = "<assessment>"
) -> list[Problem]:
    """Problems that stop ``assessment`` being scored with ``rubric`` (empty list when it fits).

    An assessment is never silently scored against another rubric or another version of it: the
    id, the version and the content hash must all match.
    """
    mismatch = _rubric_ref_problems(assessment.rubric, rubric, source)
    if mismatch:
        return mismatch
    return (
        _response_problems(assessment, rubric, source)
        + _unknown_keys(assessment, rubric, source)
        + _unknown_weights(assessment, rubric, source)
        + _indicator_problems(assessment, rubric, source)
    )


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
