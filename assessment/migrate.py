"""Moving an assessment to a newer version of its rubric, never rescoring anything silently.

A criterion whose question and levels are the same in both versions keeps its answers, and so
does one whose question is the same and whose levels changed only above those the answers rest on
(an answer of level L rests on the text of levels 0 to L + 1: L holds and L + 1 does not; a target
rests on its own level). A criterion that was reworded otherwise, or that replaces criteria of the
old version (``replaces`` in the new rubric: a split or a merge), is listed for the user to answer
again; the old answers are kept in the assessment's
``previous`` notes, where the form shows them. Criteria the new version no longer has are
dropped and listed. Pure functions over frozen values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from assessment.responses import Assessment, Response, RubricRef
from assessment.rubric import LEVEL_LABELS, Criterion, Rubric

__all__ = ["Migration", "answers_still_hold", "changed_criteria", "migrate", "same_measure"]


@dataclass(frozen=True)
class Migration:
    """The assessment on the new version, and what happened to each criterion."""

    assessment: Assessment
    carried: tuple[str, ...]  # answers kept: the criterion measures the same thing
    reanswer: tuple[tuple[str, str], ...]  # (criterion, why) to answer again
    removed: tuple[str, ...]  # answered criteria the new version no longer has
    added: tuple[str, ...]  # criteria new in this version (nothing to carry)
    dropped: tuple[str, ...] = ()  # targets and agreed levels not carried (kept in the notes)
    #: a short-form assessment: answered criteria the new short form leaves out (kept, but only the
    #: full form scores them), and criteria it takes in (to answer)
    left_short_form: tuple[str, ...] = ()
    joined_short_form: tuple[str, ...] = ()


def _measure(k: Criterion, kind: str | None) -> tuple[Any, ...]:
    """What a criterion asks ``kind`` and how it is scored: a change here changes an answer's
    meaning (``kind=None``: for every kind)."""
    kinds = [kind] if kind else sorted({*k.applies_to, *k.questions})
    return tuple(
        (x, x in k.applies_to, k.questions.get(x), tuple(sorted(k.levels_for(x).items())))  # type: ignore[call-overload]
        for x in kinds
    )


def same_measure(old: Criterion, new: Criterion, kind: str | None = None) -> bool:
    """Both versions ask ``kind`` the same question on the same five levels (guidance may differ)."""
    return _measure(old, kind) == _measure(new, kind)


def _levels_used(assessment: Assessment, cid: str) -> int:
    """The highest level whose text an answer to ``cid`` rests on: a level L given means that L
    holds and L + 1 does not, so it rests on levels 0 to L + 1 (and on its target's level)."""
    top = -1
    for r in assessment.responses:
        if r.criterion != cid:
            continue
        if r.status == "scored" and r.level is not None:
            top = max(top, min(r.level + 1, 4))
        if r.target is not None:
            top = max(top, r.target)
    if cid in assessment.targets:
        top = max(top, int(assessment.targets[cid]))
    agreed = assessment.consensus.get(cid)
    if agreed is not None and agreed.level is not None:
        top = max(top, min(agreed.level + 1, 4))
    return top


def answers_still_hold(old: Criterion, new: Criterion, kind: str, top: int) -> bool:
    """The answers still mean what they meant: the same question to ``kind``, and the same text for
    levels 0 to ``top`` (a rewritten level 4 does not touch an answer of level 1 or 2)."""
    if (kind in old.applies_to) != (kind in new.applies_to):
        return False
    if old.questions.get(kind) != new.questions.get(kind):  # type: ignore[call-overload]
        return False
    before, after = old.levels_for(kind), new.levels_for(kind)
    return all(before[n] == after[n] for n in range(top + 1))


def _describe(r: Response, version: str, assessment: Assessment) -> str:
    if r.status == "scored" and r.level is not None:
        answer = f"level {r.level} – {LEVEL_LABELS[r.level]}"
    elif r.status == "not-applicable":
        answer = f"not applicable ({r.reason})" if r.reason else "not applicable"
    else:
        answer = "don't know"
    bits = [f"On version {version}: {answer}"]
    if r.target is not None:
        bits.append(f"target {r.target}")
    agreed = assessment.consensus.get(r.criterion)
    if agreed is not None:
        what = (
            "not applicable"
            if agreed.not_applicable or agreed.level is None
            else f"level {agreed.level}"
        )
        bits.append(f"the workshop agreed {what}")
    if r.evidence.strip():
        shown = " ".join(r.evidence.split())
        bits.append(f"evidence (confidential): {shown}" if r.confidential else f"evidence: {shown}")
    if r.notes.strip():
        bits.append(f"notes: {' '.join(r.notes.split())}")
    return "; ".join(bits) + "."


def _replaced(k: Criterion, old_by_id: Mapping[str, Criterion]) -> tuple[str, ...]:
    """The criteria of the old version that ``k`` replaces: a ``replaces`` entry naming a
    criterion the old version does not have was a change of an earlier version (a 1.1 split kept
    in 1.2 moves nothing from 1.1, but does from 1.0)."""
    return tuple(s for s in k.replaces if s in old_by_id)


def migrate(assessment: Assessment, old: Rubric, new: Rubric) -> Migration:
    """``assessment`` (made with ``old``) moved to ``new``: see the module's description."""
    kind = assessment.entity.kind
    old_by_id = {r.criterion.id: r.criterion for r in old.refs}
    new_by_id = {r.criterion.id: r.criterion for r in new.refs}
    replaced = {c: _replaced(k, old_by_id) for c, k in new_by_id.items()}
    targets_of: dict[str, list[str]] = {}  # an old criterion -> the new ones that replace it
    for k in new_by_id.values():
        for src in replaced[k.id]:
            targets_of.setdefault(src, []).append(k.id)
    answered = {r.criterion for r in assessment.responses}
    carry: set[str] = set()
    reanswer: dict[str, str] = {}
    for cid, k in new_by_id.items():
        if replaced[cid]:
            sources = [cid, *replaced[cid]] if cid in old_by_id else list(replaced[cid])
            if any(s in answered for s in sources):
                reanswer[cid] = "replaces " + ", ".join(replaced[cid])
            continue
        before = old_by_id.get(cid)
        if before is None:
            continue
        if same_measure(before, k, kind) or (
            cid in answered and answers_still_hold(before, k, kind, _levels_used(assessment, cid))
        ):
            carry.add(cid)  # its new partners (``replaces`` it) get its answer as a note
        elif cid in answered:
            reanswer[cid] = "reworded"
    kept: list[Response] = []
    previous: dict[str, list[str]] = {
        c: [v] for c, v in assessment.previous.items() if c not in carry
    }
    for r in assessment.responses:
        places = list(targets_of.get(r.criterion, []))
        if r.criterion in carry:
            kept.append(r)
        elif r.criterion in reanswer:
            places.insert(0, r.criterion)
        if not places:
            continue
        who = "" if r.respondent == "self" else f" ({r.respondent})"
        note = _describe(r, old.version, assessment) + who
        for place in places:  # every criterion to answer again gets the earlier answer
            if place in new_by_id:
                previous.setdefault(place, []).append(note)
    removed = sorted(c for c in answered if c not in new_by_id and c not in targets_of)
    added = tuple(c for c in new_by_id if c not in old_by_id and not replaced[c])
    dropped = tuple(
        sorted({c for c in (*assessment.targets, *assessment.consensus) if c not in carry})
    )
    from assessment.reality import find_indicator  # (reality reads assessments: no cycle at import)

    moved = assessment._copy(
        rubric=RubricRef(id=new.id, version=new.version, sha256=new.content_hash),
        responses=tuple(kept),
        targets={c: v for c, v in assessment.targets.items() if c in carry},
        consensus={c: v for c, v in assessment.consensus.items() if c in carry},
        previous={c: _bounded(" ".join(v)) for c, v in previous.items() if c in new_by_id},
        # what-if weights and plan entries follow the ids the new version still has
        weights={k: v for k, v in assessment.weights.items() if k in _ids(new)},
        plan={c: v for c, v in assessment.plan.items() if c in new_by_id},
        indicators={
            c: kept_values
            for c, v in assessment.indicators.items()
            if c in new_by_id
            and (kept_values := tuple(x for x in v if find_indicator(new_by_id[c], x.code)))
        },
    )
    return Migration(
        assessment=moved,
        carried=tuple(c for c in new_by_id if c in carry and c in answered),
        reanswer=tuple(reanswer.items()),
        removed=tuple(removed),
        added=added,
        dropped=dropped,
        **_short_form_changes(assessment, old_by_id, new_by_id, carry),
    )


def _ids(rubric: Rubric) -> set[str]:
    """Every pillar, commitment and criterion id of ``rubric`` (what weights may name)."""
    return {i.id for r in rubric.refs for i in (r.pillar, r.commitment, r.criterion)}


def _short_form_changes(
    assessment: Assessment,
    old_by_id: dict[str, Criterion],
    new_by_id: dict[str, Criterion],
    carry: set[str],
) -> dict[str, tuple[str, ...]]:
    """What changes for a short-form assessment when the short form itself changes."""
    if not assessment.short_form:
        return {}
    kind = assessment.entity.kind
    answered = {r.criterion for r in assessment.responses}
    was_core = {c for c, k in old_by_id.items() if k.core and kind in k.applies_to}
    now_core = {c for c, k in new_by_id.items() if k.core and kind in k.applies_to}
    return {
        "left_short_form": tuple(
            c
            for c in new_by_id
            if c in carry and c in answered and c in was_core and c not in now_core
        ),
        "joined_short_form": tuple(c for c in new_by_id if c in now_core and c not in was_core),
    }


def _bounded(text: str, most: int = 19_000) -> str:
    """A note that fits the assessment's limit for long text (the rest is said to be cut)."""
    return (
        text if len(text) <= most else text[: most - 40].rstrip() + " … (cut: see the earlier file)"
    )


def changed_criteria(old: Rubric, new: Rubric) -> Iterable[tuple[str, str]]:
    """Every difference in what is measured between two versions: (criterion, change)."""
    old_by_id = {r.criterion.id: r.criterion for r in old.refs}
    new_by_id = {r.criterion.id: r.criterion for r in new.refs}
    for cid, k in new_by_id.items():
        if _replaced(k, old_by_id):
            yield cid, "replaces " + ", ".join(_replaced(k, old_by_id))
        elif cid not in old_by_id:
            yield cid, "added"
        elif not same_measure(old_by_id[cid], k):
            yield cid, "reworded"
    replaced = {s for k in new_by_id.values() for s in _replaced(k, old_by_id)}
    for cid in old_by_id:
        if cid not in new_by_id and cid not in replaced:
            yield cid, "removed"
