"""Progress over time: several rounds of one entity's assessment (baseline, mid-term, follow-up…)
side by side, with what changed between them and which criteria moved the overall score. Pure.

The rules, so that anyone can recompute the figures by hand:

* **Rounds.** Two or more assessments of the same entity (the same name and kind) on the same
  rubric (the same id), each scored with the version of the rubric it was made with. They are put
  in order of date; two rounds on the same date are an error, as are another entity or another
  rubric, each error naming both files.
* **Pillars** are compared by id, **criteria** by id too, but only where the criterion still
  measures the same thing: the same question to the entity's kind on the same five levels
  (:func:`assessment.migrate.same_measure`). A criterion whose question or levels changed between
  two rounds is *not comparable* there: its level in each round is shown, its change is not.
* **Changes.** A round's change *from the first* is its score minus the first round's; its change
  *from the previous* is its score minus the round before it. The first round has neither. A
  change needs a score in both rounds (a criterion not applicable, unknown, unanswered or not in
  that version of the rubric has none).
* **A criterion's share of the overall score.** The overall score is a weighted mean of the
  pillars, each a weighted mean of its commitments, each a weighted mean of its criteria, over
  those with a score. So the overall score is also a weighted mean of the scored criteria, and a
  criterion's *share* is::

      share = (criterion weight / sum of the weights of the scored criteria of its commitment)
            x (commitment weight / sum of the weights of the scored commitments of its pillar)
            x (pillar weight / sum of the weights of the scored pillars)

  with the weights the round was scored with (the rubric's, or the assessment's what-if weights).
  The shares of a round's scored criteria add up to 1 and ``sum(share x level)`` is its overall
  score; a criterion without a score has a share of 0.
* **What moved the score** between the last two rounds: a criterion's *contribution* is its change
  in level times its share, the share being the mean of its shares in the two rounds (the same
  share when the same criteria are scored with the same weights in both). Then the contributions of
  all criteria add up exactly to the change of the overall score. When they are not the same
  criteria (one is scored in only one of the two rounds, or is not comparable) or the weights
  moved, the shares move too, and the part of the overall change that no criterion's change
  explains is given as the *remainder*: overall change = sum of contributions + remainder.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from assessment.errors import UsageError
from assessment.frames import row_dicts
from assessment.migrate import same_measure
from assessment.responses import Assessment
from assessment.rubric import Criterion, Rubric
from assessment.scoring import Scores, overall_shares

__all__ = ["Progress", "Round", "check_same_series", "compare_rounds", "rank_changes", "series_key"]

#: one round: the rubric it was made with, the assessment and its scores
Round = tuple[Rubric, Assessment, Scores]

#: the status of a criterion in a round whose rubric does not ask it (another version, another
#: kind, or the short form)
ABSENT = "absent"


@dataclass(frozen=True)
class Progress:
    """Several rounds of one entity's assessment compared. Rounds are numbered 1, 2, … by date.

    Attributes
    ----------
    entity, kind, rubric
        The entity's name and kind, and the rubric's id, shared by every round.
    rounds
        One row per round (index ``round``, 1 = the earliest): ``name`` (the assessment's round,
        e.g. baseline), ``date``, ``label``, ``rubric_version``, ``source`` (the file or name
        given), the overall ``score``, ``percent`` and ``completeness``, and ``change_from_first``
        and ``change_from_previous`` of the overall score.
    pillars
        One row per pillar and round (index ``pillar``, ``round``): ``title``, ``short_title``,
        ``score``, ``change_from_first``, ``change_from_previous``.
    criteria
        One row per criterion and round (index ``criterion``, ``round``): ``pillar``,
        ``commitment``, ``title``, ``status`` (as in :class:`~assessment.scoring.Scores`, or
        ``absent`` when that round's rubric does not ask it), ``level``, ``share`` (of the overall
        score in that round), ``comparable`` (measures the same as in the previous round; missing
        in round 1), ``change_from_first`` and ``change_from_previous``.
    changes
        What moved the overall score between the last two rounds: one row per criterion scored
        and comparable in both (index ``criterion``): ``pillar``, ``commitment``, ``title``,
        ``before``, ``after``, ``change``, ``share_before``, ``share_after``, ``share`` (their
        mean) and ``contribution`` (change x share), the largest rise first, the largest fall last.
    overall_change
        The change of the overall score between the last two rounds.
    remainder
        ``overall_change`` minus the sum of the contributions: 0 when the same criteria are
        scored with the same weights in both rounds.
    not_comparable
        Criteria in both of the last two rounds that no longer measure the same thing.
    scored_before_only, scored_after_only
        Criteria with a score in only the second-last, or only the last, round.
    """

    entity: str
    kind: str
    rubric: str
    rounds: pd.DataFrame
    pillars: pd.DataFrame
    criteria: pd.DataFrame
    changes: pd.DataFrame
    overall_change: float
    remainder: float
    not_comparable: tuple[str, ...]
    scored_before_only: tuple[str, ...]
    scored_after_only: tuple[str, ...]


def _name(a: Assessment) -> str:
    """How a round is named in a message when no file name is given."""
    return f"{a.round} ({a.date.isoformat()})"


def check_same_series(first: Assessment, first_name: str, a: Assessment, name: str) -> None:
    """``a`` is a round of the same entity (:func:`_other_entity`) on the same rubric as
    ``first``; else a clear error naming both files."""
    if a.rubric.id != first.rubric.id:
        raise UsageError.keyed(
            "error_baseline_other_rubric",
            baseline=first_name,
            baseline_rubric=first.rubric.id,
            assessment=name,
            rubric=a.rubric.id,
        )
    why = _other_entity(first, a)
    if why is not None:
        raise UsageError.keyed(
            "error_baseline_other_entity",
            baseline=first_name,
            baseline_entity=_entity_label(first, why),
            assessment=name,
            entity=_entity_label(a, why),
        )


def _plain(name: str) -> str:
    return " ".join(name.split()).casefold()


def series_key(a: Assessment) -> tuple[str, str, str, str]:
    """What rounds of one entity on one rubric share (the rule of :func:`_other_entity`): the
    unit's code, else its name without spaces and capitals; its kind, country (an unknown ZZ
    apart) and rubric."""
    e = a.entity
    return e.id or _plain(e.name), e.kind, e.country, a.rubric.id


def _other_entity(first: Assessment, a: Assessment) -> str | None:
    """What tells ``a``'s entity from ``first``'s (``"name"``, ``"kind"``, ``"country"`` or
    ``"id"``), None when they are one entity: the same code in a campaign (a unit may be renamed),
    else the same name (spaces and capitals aside); the same kind; the same country unless one
    is not known (``ZZ``)."""
    e, f = a.entity, first.entity
    if e.id and f.id:
        if e.id != f.id:
            return "id"
    elif _plain(e.name) != _plain(f.name):
        return "name"
    if e.kind != f.kind:
        return "kind"
    if "ZZ" not in (e.country, f.country) and e.country != f.country:
        return "country"
    return None


def _entity_label(a: Assessment, why: str) -> str:
    """The entity as an error names it, with what tells it from the other."""
    e = a.entity
    extra = {"kind": e.kind, "country": e.country, "id": e.id}.get(why)
    return f"{e.name} ({extra})" if extra else e.name


def _check(rounds: Sequence[Round], names: Sequence[str]) -> None:
    """Rounds (in order of date) of one entity on one rubric, no two on the same date."""
    for (_r, a, _s), name in zip(rounds[1:], names[1:], strict=True):
        check_same_series(rounds[0][1], names[0], a, name)
    for i in range(1, len(rounds)):
        if rounds[i][1].date == rounds[i - 1][1].date:
            raise UsageError.keyed(
                "rounds_error_same_date",
                first=names[i - 1],
                second=names[i],
                date=rounds[i][1].date.isoformat(),
            )


def _ordered_ids(frames: Sequence[pd.Index]) -> list[str]:
    """The ids of every round, the latest round's order first, then those only earlier rounds have."""
    out: dict[str, None] = {}
    for index in reversed(frames):
        out.update(dict.fromkeys(str(i) for i in index))
    return list(out)


def _changes(values: list[float], comparable_first: list[bool], comparable_prev: list[bool]) -> tuple[list[float], list[float]]:  # fmt: skip
    """Change from the first and from the previous round of one series (NaN where none)."""
    nan = float("nan")
    first = [nan] + [
        values[k] - values[0] if comparable_first[k] else nan for k in range(1, len(values))
    ]
    prev = [nan] + [
        values[k] - values[k - 1] if comparable_prev[k] else nan for k in range(1, len(values))
    ]
    return first, prev  # NaN minus anything stays NaN: a score missing in either round


def compare_rounds(rounds: Sequence[Round], sources: Sequence[str] | None = None) -> Progress:
    """Compare two or more rounds of one entity's assessment (see the module's description).

    Parameters
    ----------
    rounds
        (rubric, assessment, scores) per round, in any order: they are put in order of date. Each
        assessment is scored with the rubric version it was made with. Give the rubrics in their
        own language (untranslated): criteria are compared by their words.
    sources
        A name per round (its file), in the same order, for messages and the ``source`` column;
        by default the round and its date.

    Raises
    ------
    UsageError
        Fewer than two rounds; rounds of another entity or rubric than the earliest one; two
        rounds on the same date. The message names both rounds.
    """
    if len(rounds) < 2:
        raise UsageError.keyed("rounds_error_too_few", n=len(rounds))
    given = list(sources) if sources is not None else [_name(a) for _r, a, _s in rounds]
    if len(given) != len(rounds):
        raise ValueError(f"{len(rounds)} rounds but {len(given)} sources")
    order = sorted(range(len(rounds)), key=lambda i: rounds[i][1].date)  # stable: ties stay
    ordered = [rounds[i] for i in order]
    names = [given[i] for i in order]
    _check(ordered, names)
    first = ordered[0][1]
    kind = first.entity.kind
    n = len(ordered)
    numbers = list(range(1, n + 1))

    overall = [float(s.overall["score"]) for _r, _a, s in ordered]
    every = [True] * n
    o_first, o_prev = _changes(overall, every, every)
    table = pd.DataFrame(
        {
            "name": [a.round for _r, a, _s in ordered],
            "date": [a.date for _r, a, _s in ordered],
            "label": [a.label for _r, a, _s in ordered],
            "rubric_version": [r.version for r, _a, _s in ordered],
            "source": names,
            "score": overall,
            "percent": [float(s.overall["percent"]) for _r, _a, s in ordered],
            "completeness": [float(s.overall["completeness"]) for _r, _a, s in ordered],
            "change_from_first": o_first,
            "change_from_previous": o_prev,
        },
        index=pd.Index(numbers, name="round"),
    )
    pillars = _pillars(ordered)
    criteria = _criteria(ordered, kind)
    changes, not_comparable, before_only, after_only = _what_moved(criteria, n)
    overall_change = overall[-1] - overall[-2]
    remainder = overall_change - float(changes["contribution"].sum())
    return Progress(
        entity=first.entity.name,
        kind=kind,
        rubric=first.rubric.id,
        rounds=table,
        pillars=pillars,
        criteria=criteria,
        changes=changes,
        overall_change=overall_change,
        remainder=remainder if not math.isnan(overall_change) else float("nan"),
        not_comparable=not_comparable,
        scored_before_only=before_only,
        scored_after_only=after_only,
    )


def _pillars(ordered: Sequence[Round]) -> pd.DataFrame:
    ids = _ordered_ids([s.pillars.index for _r, _a, s in ordered])
    titles: dict[str, tuple[str, str]] = {}
    for r, _a, _s in ordered:  # the latest version's titles win
        titles.update({p.id: (p.title, p.short_title) for p in r.pillars})
    rows = []
    every = [True] * len(ordered)
    by_round = [s.pillars["score"].reindex(ids).astype(float).tolist() for _r, _a, s in ordered]
    for i, pid in enumerate(ids):
        values = [float(scores[i]) for scores in by_round]
        from_first, from_prev = _changes(values, every, every)
        title, short = titles.get(pid, (pid, pid))
        for k, value in enumerate(values):
            rows.append((pid, k + 1, title, short, value, from_first[k], from_prev[k]))
    columns = ["pillar", "round", "title", "short_title", "score", "change_from_first", "change_from_previous"]  # fmt: skip
    return pd.DataFrame.from_records(rows, columns=columns).set_index(["pillar", "round"])


def _criteria(ordered: Sequence[Round], kind: str) -> pd.DataFrame:
    frames = [s.criteria for _r, _a, s in ordered]
    ids = _ordered_ids([f.index for f in frames])
    shares = [overall_shares(s) for _r, _a, s in ordered]
    defs: list[dict[str, Criterion]] = [
        {ref.criterion.id: ref.criterion for ref in r.refs} for r, _a, _s in ordered
    ]
    where: dict[str, tuple[str, str, str]] = {}
    for frame in frames:  # the latest round's pillar, commitment and title win
        for cid, row in row_dicts(frame[["pillar", "commitment", "title"]]):
            where[str(cid)] = (str(row["pillar"]), str(row["commitment"]), str(row["title"]))

    def same(cid: str, i: int, j: int) -> bool:
        a, b = defs[i].get(cid), defs[j].get(cid)
        asked = cid in frames[i].index and cid in frames[j].index
        return asked and a is not None and b is not None and (a is b or same_measure(a, b, kind))

    rows = []
    n = len(ordered)
    level_of = [f["score"].reindex(ids).astype(float).tolist() for f in frames]
    status_of = [f["status"].reindex(ids).fillna(ABSENT).astype(str).tolist() for f in frames]
    share_of = [share.reindex(ids).fillna(0.0).astype(float).tolist() for share in shares]
    for i, cid in enumerate(ids):
        levels = [float(by[i]) for by in level_of]
        statuses = [str(by[i]) for by in status_of]
        got = [float(by[i]) for by in share_of]
        with_prev = [False] + [same(cid, k - 1, k) for k in range(1, n)]
        with_first = [False] + [same(cid, 0, k) for k in range(1, n)]
        from_first, from_prev = _changes(levels, with_first, with_prev)
        pillar, commitment, title = where[cid]
        for k in range(n):
            comparable = pd.NA if k == 0 else with_prev[k]
            rows.append(
                (cid, k + 1, pillar, commitment, title, statuses[k], levels[k], got[k],
                 comparable, from_first[k], from_prev[k])
            )  # fmt: skip
    columns = ["criterion", "round", "pillar", "commitment", "title", "status", "level", "share", "comparable", "change_from_first", "change_from_previous"]  # fmt: skip
    out = pd.DataFrame.from_records(rows, columns=columns)
    out["comparable"] = out["comparable"].astype("boolean")
    return out.set_index(["criterion", "round"])


def _what_moved(
    criteria: pd.DataFrame, n: int
) -> tuple[pd.DataFrame, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The contributions between round ``n - 1`` and round ``n``, and the criteria left out."""
    before = criteria.xs(n - 1, level="round")
    after = criteria.xs(n, level="round")
    had, has = before["level"].notna(), after["level"].notna()
    present = (before["status"] != ABSENT) & (after["status"] != ABSENT)
    comparable = after["comparable"].fillna(False).astype(bool)
    both = had & has & comparable
    moved = pd.DataFrame(
        {
            "pillar": after["pillar"],
            "commitment": after["commitment"],
            "title": after["title"],
            "before": before["level"],
            "after": after["level"],
            "change": after["level"] - before["level"],
            "share_before": before["share"],
            "share_after": after["share"],
        }
    )[both]
    moved["share"] = (moved["share_before"] + moved["share_after"]) / 2
    moved["contribution"] = moved["change"] * moved["share"]
    moved.index.name = "criterion"
    # the largest rise first, the largest fall last; rubric order among equals
    moved = moved.iloc[np.argsort(-moved["contribution"].to_numpy(), kind="stable")]
    not_comparable = tuple(str(c) for c in after.index[present & ~comparable])
    before_only = tuple(str(c) for c in after.index[had & ~has])
    after_only = tuple(str(c) for c in after.index[has & ~had])
    return moved, not_comparable, before_only, after_only


def rank_changes(progress: Progress, top: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``top`` criteria that raised the overall score most between the last two rounds, the
    largest first, and the ``top`` that lowered it most, the largest fall first (rows of
    :attr:`Progress.changes`; a criterion whose level stayed the same is in neither)."""
    c = progress.changes
    rises = c[c["contribution"] > 0].head(top)
    down = c[c["contribution"] < 0]
    falls = down.iloc[np.argsort(down["contribution"].to_numpy(), kind="stable")].head(top)
    return rises, falls
