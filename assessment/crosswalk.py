"""A crosswalk between two rubrics: criteria that assess the same thing.

An answer given against one rubric is offered as a *suggestion* for the paired criterion of the
other; the person confirms it (the form's "Use this level"), it is never copied silently. Pure
functions over frozen values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, StrictStr, StringConstraints, ValidationError

from assessment.errors import ProblemsError
from assessment.problems import problem
from assessment.responses import Assessment
from assessment.rubric import LEVEL_LABELS, Rubric

__all__ = ["Crosswalk", "Pair", "Suggestion", "parse_crosswalk", "suggestions"]

_Text = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Pair(_Model):
    """Criterion ``a`` of the first rubric and ``b`` of the second assess the same thing."""

    a: _Text
    b: _Text
    note: _Text


class Crosswalk(_Model):
    format: Literal["gdi-crosswalk/1"]
    rubrics: dict[Literal["a", "b"], _Text]
    pairs: tuple[Pair, ...]

    def partners(self, rubric_id: str) -> dict[str, list[tuple[str, str]]]:
        """For a criterion of ``rubric_id``: the paired criteria of the other rubric, with notes."""
        side, other = ("a", "b") if self.rubrics.get("a") == rubric_id else ("b", "a")
        out: dict[str, list[tuple[str, str]]] = {}
        for p in self.pairs:
            out.setdefault(getattr(p, side), []).append((getattr(p, other), p.note))
        return out


@dataclass(frozen=True)
class Suggestion:
    """A level given to a paired criterion of another assessment, offered for this criterion."""

    criterion: str  # of the assessment being filled in
    level: int
    from_criterion: str
    from_rubric: str
    from_entity: str
    note: str

    def text(self) -> str:
        return (
            f"level {self.level} – {LEVEL_LABELS[self.level]}, given to {self.from_criterion} "
            f"in the assessment of {self.from_entity} against {self.from_rubric}"
        )


def parse_crosswalk(
    data: Any,
    a: Rubric,
    b: Rubric,
    *,
    source: str = "<crosswalk>",
    line_of: Callable[[tuple[str | int, ...]], int | None] | None = None,
) -> Crosswalk:
    """Validate a crosswalk against its two rubrics: every id names a criterion of its rubric."""

    def at(path: tuple[str | int, ...]) -> int | None:
        while line_of is not None:
            line = line_of(path)
            if line is not None or not path:
                return line
            path = path[:-1]
        return None

    try:
        cw = Crosswalk.model_validate(data)
    except ValidationError as exc:
        raise ProblemsError(
            [
                problem(
                    "invalid-value",
                    source=source,
                    line=at(tuple(e["loc"])),
                    field=".".join(map(str, e["loc"])),
                    detail=str(e["msg"]).lower(),
                )  # fmt: skip
                for e in exc.errors(include_url=False)
            ],
            f"{source}: not a valid crosswalk",
        ) from None
    found = []
    expected = {"a": a, "b": b}
    for side, rubric in expected.items():
        if cw.rubrics.get(side) != rubric.id:  # type: ignore[call-overload]
            found.append(problem("rubric-mismatch", source=source, line=at(("rubrics", side)), made=cw.rubrics.get(side, "?"), given=rubric.id))  # type: ignore[call-overload]  # fmt: skip
    for i, p in enumerate(cw.pairs):
        for side, rubric in expected.items():
            cid = getattr(p, side)
            if cid not in rubric.by_id:
                example = next(iter(rubric.by_id), "I.1-x")
                found.append(problem("unknown-criterion", source=source, line=at(("pairs", i, side)), field=f"pairs[{i}].{side}", criterion=cid, rubric=rubric.id, example=example))  # fmt: skip
    if found:
        n = len(found)
        raise ProblemsError(
            found,
            f"{source}: {n} problem{'s' if n != 1 else ''} in this crosswalk",
            summary_key="problems_in_crosswalk",
            source=source,
        )
    return cw


def suggestions(
    crosswalk: Crosswalk,
    source: Assessment,
    target_rubric: Rubric,
    *,
    respondent: str | None = None,
) -> Mapping[str, Sequence[Suggestion]]:
    """Suggestions for the criteria of ``target_rubric`` from the levels given in ``source``.

    Only scored answers are offered (a level), from ``respondent`` (default: the first
    respondent of ``source``), for criteria asked of the same kind of entity.
    """
    who = respondent or (source.respondents[0].id if source.respondents else "self")
    given = {
        r.criterion: r.level
        for r in source.responses
        if r.respondent == who and r.status == "scored" and r.level is not None
    }
    kind = source.entity.kind
    out: dict[str, list[Suggestion]] = {}
    for cid, partners in crosswalk.partners(target_rubric.id).items():
        ref = target_rubric.by_id.get(cid)
        if ref is None or kind not in ref.criterion.applies_to:
            continue
        for other, note in partners:
            level = given.get(other)
            if level is not None:
                out.setdefault(cid, []).append(
                    Suggestion(cid, level, other, source.rubric.id, source.entity.name, note)
                )
    return out
