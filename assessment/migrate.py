"""Moving an assessment to a newer version of its rubric, never rescoring anything silently.

A criterion whose question and levels are the same in both versions keeps its answers. A
criterion that was reworded, or that replaces others (``replaces`` in the new rubric: a split or
a merge), is listed for the user to answer again; the old answers are kept in the assessment's
``previous`` notes, where the form shows them. Criteria the new version no longer has are
dropped and listed. Pure functions over frozen values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from assessment.responses import Assessment, Response, RubricRef
from assessment.rubric import LEVEL_LABELS, Criterion, Rubric

__all__ = ["Migration", "changed_criteria", "migrate", "same_measure"]


@dataclass(frozen=True)
class Migration:
    """The assessment on the new version, and what happened to each criterion."""

    assessment: Assessment
    carried: tuple[str, ...]  # answers kept: the criterion measures the same thing
    reanswer: tuple[tuple[str, str], ...]  # (criterion, why) to answer again
    removed: tuple[str, ...]  # answered criteria the new version no longer has
    added: tuple[str, ...]  # criteria new in this version (nothing to carry)


def _measure(k: Criterion) -> tuple[Any, ...]:
    """What a criterion asks and how it is scored: a change here changes what an answer means."""
    return (
        tuple(sorted(k.questions.items())),
        tuple(sorted(k.levels.items())),
        tuple(sorted((kind, tuple(sorted(v.items()))) for kind, v in k.levels_by_kind.items())),
        tuple(sorted(k.applies_to)),
    )


def same_measure(old: Criterion, new: Criterion) -> bool:
    """Both versions ask the same question on the same five levels (guidance may differ)."""
    return _measure(old) == _measure(new)


def _describe(r: Response, version: str) -> str:
    if r.status == "scored" and r.level is not None:
        answer = f"level {r.level} – {LEVEL_LABELS[r.level]}"
    elif r.status == "not-applicable":
        answer = f"not applicable ({r.reason})" if r.reason else "not applicable"
    else:
        answer = "don't know"
    bits = [f"On version {version}: {answer}"]
    if r.evidence.strip():
        bits.append(f"evidence: {' '.join(r.evidence.split())}")
    if r.notes.strip():
        bits.append(f"notes: {' '.join(r.notes.split())}")
    return "; ".join(bits) + "."


def migrate(assessment: Assessment, old: Rubric, new: Rubric) -> Migration:
    """``assessment`` (made with ``old``) moved to ``new``: see the module's description."""
    old_by_id = {r.criterion.id: r.criterion for r in old.refs}
    new_by_id = {r.criterion.id: r.criterion for r in new.refs}
    replaced = {src: k.id for k in new_by_id.values() for src in k.replaces}
    answered = {r.criterion for r in assessment.responses}
    carry: set[str] = set()
    reanswer: dict[str, str] = {}
    for cid, k in new_by_id.items():
        sources = k.replaces
        if sources:
            was = ", ".join(sources)
            if any(s in answered for s in sources):
                reanswer[cid] = f"replaces {was}"
            continue
        before = old_by_id.get(cid)
        if before is None:
            continue
        if same_measure(before, k):
            carry.add(cid)
        elif cid in answered:
            reanswer[cid] = "reworded"
    kept: list[Response] = []
    previous: dict[str, list[str]] = {c: [v] for c, v in assessment.previous.items()}
    for r in assessment.responses:
        if r.criterion in carry:
            kept.append(r)
            continue
        target = replaced.get(r.criterion, r.criterion)
        if target in new_by_id:  # keep the old answer as a note on the criterion to re-answer
            who = "" if r.respondent == "self" else f" ({r.respondent})"
            previous.setdefault(target, []).append(_describe(r, old.version) + who)
    removed = sorted(c for c in answered if c not in new_by_id and c not in replaced)
    added = tuple(c for c in new_by_id if c not in old_by_id)
    moved = assessment._copy(
        rubric=RubricRef(id=new.id, version=new.version, sha256=new.content_hash),
        responses=tuple(kept),
        targets={c: v for c, v in assessment.targets.items() if c in carry},
        consensus={c: v for c, v in assessment.consensus.items() if c in carry},
        previous={c: " ".join(v) for c, v in previous.items() if c in new_by_id},
    )
    return Migration(
        assessment=moved,
        carried=tuple(c for c in new_by_id if c in carry and c in answered),
        reanswer=tuple(reanswer.items()),
        removed=tuple(removed),
        added=added,
    )


def changed_criteria(old: Rubric, new: Rubric) -> Iterable[tuple[str, str]]:
    """Every difference in what is measured between two versions: (criterion, change)."""
    old_by_id = {r.criterion.id: r.criterion for r in old.refs}
    new_by_id = {r.criterion.id: r.criterion for r in new.refs}
    for cid, k in new_by_id.items():
        if k.replaces:
            yield cid, "replaces " + ", ".join(k.replaces)
        elif cid not in old_by_id:
            yield cid, "added"
        elif not same_measure(old_by_id[cid], k):
            yield cid, "reworded"
    replaced = {s for k in new_by_id.values() for s in k.replaces}
    for cid in old_by_id:
        if cid not in new_by_id and cid not in replaced:
            yield cid, "removed"
