"""Roll-ups: many units' assessments aggregated up a hierarchy (municipality -> province -> nation).

Pure functions over pandas. The rules (also in the README's "Method" section):

* A **unit** is an entity that was assessed. The hierarchy names every entity, its parent and its
  level (municipality, province, national, ...), and may give each a weight (its population, say).
* An **area** is an entity of the hierarchy that has entities below it. An area's figures cover
  the units below it at any depth (and itself, when it was assessed too).
* A unit's level on a criterion is its score (:mod:`assessment.scoring`: several respondents'
  median, a workshop's consensus); its pillar score and overall score are its own.
* Per area and criterion (and per area and pillar): ``n``, the units with a score; their
  ``median``, ``mean``, ``weighted_mean`` (each unit counted by its weight; without weights equal
  to the mean), the 25th and 75th percentiles (linear interpolation) and the lowest and highest.
  Per criterion also the number of units at each level 0-4 (a unit's level rounded half up: a
  median of 2.5 counts at 3), not applicable, don't know and unanswered.
* ``completeness`` is the share of the applicable answers that have a score: per criterion
  ``n / (answered - not applicable)``, per pillar the same over all its criteria.
* ``expected`` units are the entities at the bottom of the hierarchy below an area (and any area
  assessed itself); ``answered`` are those with an assessment.
* **Small numbers show nothing**: an area with fewer than ``min_units`` (3) units answered has no
  figures of its own, and neither has a criterion or pillar that fewer than ``min_units`` units
  scored. Counts of units stay. So that a hidden area's figures cannot be worked out from its
  parent's less its siblings', one more sibling is hidden with it (the one with the fewest units),
  or the parent when there is none (:func:`complementary`; ``secondary`` marks such an area).
* **No ranks unless asked**: with ``rank=True`` each area and unit gets its rank among the others
  under the same parent by overall median (a unit by its own overall score), 1 the highest, ties
  sharing the lower number; a suppressed area has none.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from assessment.errors import Problem, ProblemsError
from assessment.problems import problem
from assessment.rubric import Rubric
from assessment.scoring import Scores, criteria_frame

__all__ = [
    "ANSWER_CODES",
    "HIERARCHY_COLUMNS",
    "MIN_UNITS",
    "STATUSES",
    "STAT_COLUMNS",
    "Aggregates",
    "Hierarchy",
    "Rollup",
    "UnitScores",
    "aggregate",
    "answer_code",
    "check_units",
    "complementary",
    "finish",
    "membership",
    "parse_hierarchy",
    "progress_between",
    "roll_up",
    "stats_from_halves",
    "unit_scores",
    "unit_scores_from_answers",
]

#: Fewer units than this and an area, criterion or pillar shows no figures.
MIN_UNITS = 3
#: The hierarchy file's columns, and the other names each is known by.
HIERARCHY_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "id": ("id", "entity_id", "entity", "code", "unit_id"),
    "name": ("name", "entity_name", "unit_name"),
    "parent": ("parent", "parent_id", "parent_code"),
    "level": ("level", "type", "tier"),
    "weight": ("weight", "population"),
}
#: A unit's criterion is one of these.
STATUSES = ("scored", "not-applicable", "dont-know", "unanswered")
#: The statistics of each area's criterion and pillar.
STAT_COLUMNS = ("n", "median", "mean", "weighted_mean", "p25", "p75", "min", "max")
#: How a long answer table may write "not applicable" and "don't know" (after trim and lower case).
ANSWER_CODES: Mapping[str, str] = {
    "na": "na",
    "n/a": "na",
    "not applicable": "na",
    "not-applicable": "na",
    "dk": "dk",
    "don't know": "dk",
    "dont know": "dk",
    "dont-know": "dk",
}


def answer_code(text: str) -> tuple[str, float] | None:
    """``("level", 0-4)``, ``("na", nan)``, ``("dk", nan)`` or ``("", nan)`` (blank: unanswered)
    for one cell of a long table's ``level`` column; ``None`` when it is none of these."""
    t = text.strip().lower()
    if not t:
        return "", float("nan")
    if t in ANSWER_CODES:
        return ANSWER_CODES[t], float("nan")
    try:
        x = float(t)
    except ValueError:
        return None
    if x in (0, 1, 2, 3, 4):
        return "level", x
    return None


# --------------------------------------------------------------------------------------------------
# The hierarchy


@dataclass(frozen=True)
class Hierarchy:
    """Every entity of a campaign with its parent. ``nodes`` is indexed by ``id`` (file order) with
    ``name``, ``parent`` (``""`` at the top), ``level`` and ``weight`` (1.0 without weights)."""

    nodes: pd.DataFrame
    weighted: bool
    source: str = "<hierarchy>"

    @functools.cached_property
    def areas(self) -> list[str]:
        """Entities with entities below them, in file order."""
        return list(self.nodes.index[self.nodes.index.isin(self.nodes["parent"].unique())])

    def children(self, node: str) -> list[str]:
        return list(self.nodes.index[self.nodes["parent"] == node])

    def depth(self) -> pd.Series:
        """Each entity's depth: 0 at the top."""
        parent = self.nodes["parent"]
        depth = pd.Series(0, index=self.nodes.index)
        current = parent.copy()
        while (current != "").any():
            has = current != ""
            depth[has] += 1
            current = current.where(~has, "")
            current[has] = parent.reindex(current[has].to_numpy()).fillna("").to_numpy()
        return depth


def _column_of(header: Sequence[str], key: str) -> int | None:
    names = HIERARCHY_COLUMNS[key]
    low = [h.strip().lower().replace(" ", "_") for h in header]
    for n in names:
        if n in low:
            return low.index(n)
    return None


def parse_hierarchy(
    header: Sequence[str], rows: Sequence[tuple[int, Sequence[str]]], source: str = "<hierarchy>"
) -> Hierarchy:
    """A :class:`Hierarchy` from a table's header and its numbered rows (blank rows skipped).

    Raises :class:`ProblemsError` naming the row and column of every problem at once: a missing
    ``id`` or ``parent`` column, an empty or repeated id, a parent that is not in the file, a loop
    of parents, a weight that is not a positive number, or weights on some entities at the bottom
    of the hierarchy but not on others (the weights of areas are not used).
    """
    col = {k: _column_of(header, k) for k in HIERARCHY_COLUMNS}
    missing = [
        problem(
            "hierarchy-missing-column",
            source=source,
            line=1,
            column=key,
            names=", ".join(HIERARCHY_COLUMNS[key]),
            header=", ".join(header),
        )  # fmt: skip
        for key in ("id", "parent")
        if col[key] is None
    ]
    if missing:
        raise ProblemsError(missing, source=source)

    def cell(cells: Sequence[str], key: str) -> str:
        i = col[key]
        return cells[i].strip() if i is not None and i < len(cells) else ""

    found: list[Problem] = []
    where: dict[str, int] = {}
    records: list[tuple[str, str, str, str, float]] = []
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        eid = cell(cells, "id")
        if not eid:
            found.append(problem("hierarchy-empty-id", source=source, line=line, field="id"))
        elif eid in where:
            found.append(problem("hierarchy-duplicate-id", source=source, line=line, field="id", id=eid, first=where[eid]))  # fmt: skip
        else:
            where[eid] = line
            weight, bad = _weight(cell(cells, "weight"), source, line)
            found.extend(bad)
            records.append((eid, cell(cells, "name") or eid, cell(cells, "parent"), cell(cells, "level"), weight))  # fmt: skip
    found.extend(_parent_problems(records, where, source))
    if not records and not found:
        found.append(problem("hierarchy-empty", source=source))
    if not found:
        found.extend(_loops({r[0]: r[2] for r in records}, where, source))
    weighted, partial = _weights_given(records, where, source)
    found.extend(partial)
    if found:
        raise ProblemsError(sorted(found, key=lambda p: p.line or 0), source=source)
    nodes = pd.DataFrame.from_records(
        records, columns=["id", "name", "parent", "level", "weight"]
    ).set_index("id")
    nodes["weight"] = nodes["weight"].fillna(1.0) if weighted else 1.0
    return Hierarchy(nodes=nodes, weighted=weighted, source=source)


#: the largest weight taken: more than any population, and far from where sums of weights lose
#: their precision or overflow
MAX_WEIGHT = 1e12


def _weight(text: str, source: str, line: int) -> tuple[float, list[Problem]]:
    """A weight cell: NaN when empty; thousands separators (``,``, spaces) allowed."""
    if not text:
        return float("nan"), []
    try:
        weight = float(text.replace(",", "").replace("\u00a0", "").replace(" ", ""))
    except ValueError:
        weight = float("nan")
    if not np.isfinite(weight) or weight <= 0 or weight > MAX_WEIGHT:
        return 1.0, [problem("hierarchy-bad-weight", source=source, line=line, field="weight", value=text)]  # fmt: skip
    return weight, []


def _parent_problems(records: Sequence[tuple[str, str, str, str, float]], where: Mapping[str, int], source: str) -> list[Problem]:  # fmt: skip
    out = []
    for eid, _name, parent, _level, _w in records:
        if parent == eid:
            out.append(problem("hierarchy-loop", source=source, line=where[eid], field="parent", id=eid, path=f"{eid} → {eid}"))  # fmt: skip
        elif parent and parent not in where:
            out.append(problem("hierarchy-unknown-parent", source=source, line=where[eid], field="parent", id=eid, parent=parent))  # fmt: skip
    return out


def _weights_given(records: Sequence[tuple[str, str, str, str, float]], where: Mapping[str, int], source: str) -> tuple[bool, list[Problem]]:  # fmt: skip
    """Whether the entities at the bottom carry weights; a problem when only some do."""
    parents = {r[2] for r in records}
    bottom = [(r[0], not np.isnan(r[4])) for r in records if r[0] not in parents]
    given = sum(g for _, g in bottom)
    if given == 0:
        return False, []
    if given == len(bottom):
        return True, []
    first = next(eid for eid, g in bottom if not g)
    return True, [problem("hierarchy-partial-weights", source=source, line=where[first], field="weight", given=given, total=len(bottom))]  # fmt: skip


def _loops(parent_of: Mapping[str, str], where: Mapping[str, int], source: str) -> list[Problem]:
    """A problem for each loop of parents (an entity that is its own ancestor)."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    out: list[Problem] = []
    for start in parent_of:
        path: list[str] = []
        node = start
        while node and state.get(node, 0) == 0:
            state[node] = 1
            path.append(node)
            node = parent_of.get(node, "")
        if node and state.get(node) == 1:
            loop = path[path.index(node) :] + [node]
            if len(loop) > 2:
                out.append(problem("hierarchy-loop", source=source, line=where[node], field="parent", id=node, path=" → ".join(loop)))  # fmt: skip
        for n in path:
            state[n] = 2
    return out


def membership(hierarchy: Hierarchy, units: Sequence[str]) -> pd.DataFrame:
    """``(area, entity)`` for each unit and each area above it (itself too when it is an area)."""
    parent = hierarchy.nodes["parent"]
    areas = set(hierarchy.areas)
    units_index = pd.Index(list(units))
    pieces = []
    own = units_index[units_index.isin(list(areas))]
    if len(own):
        pieces.append(pd.DataFrame({"area": own, "entity": own}))
    current = pd.Series(parent.reindex(units_index).fillna("").to_numpy(), index=units_index)
    while len(current):
        current = current[current != ""]
        if not len(current):
            break
        pieces.append(pd.DataFrame({"area": current.to_numpy(), "entity": current.index}))
        current = pd.Series(
            parent.reindex(current.to_numpy()).fillna("").to_numpy(), index=current.index
        )
    if not pieces:
        return pd.DataFrame({"area": pd.Series(dtype=str), "entity": pd.Series(dtype=str)})
    return pd.concat(pieces, ignore_index=True)


# --------------------------------------------------------------------------------------------------
# Each unit's own scores


@dataclass(frozen=True)
class UnitScores:
    """Each unit's own scores, long.

    ``criteria``: entity, criterion, score (NaN unless scored), status (scored, not-applicable,
    dont-know, unanswered). ``pillars``: entity, pillar, score, n_scored, n_applicable.
    ``overall``: indexed by entity: score, n_scored, n_applicable.
    """

    criteria: pd.DataFrame
    pillars: pd.DataFrame
    overall: pd.DataFrame


def unit_scores(scored: Mapping[str, Scores]) -> UnitScores:
    """:class:`UnitScores` from each unit's :class:`~assessment.scoring.Scores` (unit id -> scores)."""
    crit, pil, ove = [], [], []
    for eid, s in scored.items():
        c = s.criteria
        crit.append(pd.DataFrame({"entity": eid, "criterion": c.index, "score": c["score"].to_numpy(float), "status": c["status"].to_numpy()}))  # fmt: skip
        p = s.pillars
        applicable = (p["n_criteria"] - p["n_not_applicable"]).to_numpy()
        pil.append(pd.DataFrame({"entity": eid, "pillar": p.index, "score": p["score"].to_numpy(float), "n_scored": p["n_scored"].to_numpy(), "n_applicable": applicable}))  # fmt: skip
        o = s.overall
        ove.append((eid, float(o["score"]), int(o["n_scored"]), int(o["n_criteria"] - o["n_not_applicable"])))  # fmt: skip
    return _units(crit, pil, ove)


def _units(crit: list[pd.DataFrame], pil: list[pd.DataFrame], ove: list[tuple[str, float, int, int]]) -> UnitScores:  # fmt: skip
    cols_c = ["entity", "criterion", "score", "status"]
    cols_p = ["entity", "pillar", "score", "n_scored", "n_applicable"]
    criteria = pd.concat(crit, ignore_index=True) if crit else pd.DataFrame(columns=cols_c)
    pillars = pd.concat(pil, ignore_index=True) if pil else pd.DataFrame(columns=cols_p)
    overall = pd.DataFrame.from_records(
        ove, columns=["entity", "score", "n_scored", "n_applicable"]
    ).set_index("entity")
    return UnitScores(criteria=criteria, pillars=pillars, overall=overall)


def unit_scores_from_answers(rubric: Rubric, answers: pd.DataFrame, *, kind: str) -> UnitScores:
    """:class:`UnitScores` from a long table of answers, computed as :func:`~assessment.scoring.score`
    would for each unit (median of respondents; not applicable when more said so than gave a level).

    ``answers`` has ``entity``, ``criterion``, ``answer`` (``level``, ``na``, ``dk`` or ``""``) and
    ``level`` (0-4 where ``answer`` is ``level``). Criteria the rubric does not ask of ``kind`` are
    left out; a unit's unanswered criteria count against its completeness.
    """
    base = criteria_frame(rubric, kind)
    ans = answers[answers["criterion"].isin(base.index)]
    entities = pd.Index(pd.unique(answers["entity"]), name="entity")
    grid = pd.MultiIndex.from_product([entities, base.index], names=["entity", "criterion"])
    lv = ans[ans["answer"] == "level"].groupby(["entity", "criterion"], sort=False)["level"]
    stats = pd.DataFrame({"median": lv.median(), "n": lv.size()}).reindex(grid)
    other = ans[ans["answer"].isin(["na", "dk"])]
    counts = other.groupby(["entity", "criterion", "answer"], sort=False).size().unstack("answer")
    counts = counts.reindex(grid).reindex(columns=["na", "dk"]).fillna(0)
    n = stats["n"].fillna(0).to_numpy()
    n_na, n_dk = counts["na"].to_numpy(), counts["dk"].to_numpy()
    status = np.select(
        [n_na > n, n > 0, n_dk > 0], ["not-applicable", "scored", "dont-know"], default="unanswered"
    )
    score_ = np.where(status == "scored", stats["median"].to_numpy(), np.nan)
    crit = pd.DataFrame({"entity": grid.get_level_values(0), "criterion": grid.get_level_values(1), "score": score_, "status": status})  # fmt: skip
    pillars, overall = _pillar_scores(crit, base, rubric)
    return UnitScores(criteria=crit, pillars=pillars, overall=overall)


def _pillar_scores(crit: pd.DataFrame, base: pd.DataFrame, rubric: Rubric) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """Each unit's pillar and overall scores from its criteria (the rubric's weights)."""
    c = crit.join(base[["pillar", "commitment", "weight", "commitment_weight", "pillar_weight"]], on="criterion")  # fmt: skip
    c["scored"] = c["status"] == "scored"
    c["applicable"] = c["status"] != "not-applicable"
    c["sw"] = c["score"].fillna(0) * c["weight"] * c["scored"]
    c["w"] = c["weight"] * c["scored"]
    com = c.groupby(["entity", "commitment"], sort=False).agg(
        sw=("sw", "sum"), w=("w", "sum"), pillar=("pillar", "first"), cw=("commitment_weight", "first")
    )  # fmt: skip
    com["score"] = (com["sw"] / com["w"]).where(com["w"] > 0)
    com["has"] = com["score"].notna()
    com["csw"] = com["score"].fillna(0) * com["cw"] * com["has"]
    com["cwh"] = com["cw"] * com["has"]
    pil = com.groupby(["entity", "pillar"], sort=False).agg(sw=("csw", "sum"), w=("cwh", "sum"))
    counts = c.groupby(["entity", "pillar"], sort=False).agg(n_scored=("scored", "sum"), n_applicable=("applicable", "sum"))  # fmt: skip
    pil = pil.join(counts)
    pil["score"] = (pil["sw"] / pil["w"]).where(pil["w"] > 0)
    order = {p.id: i for i, p in enumerate(rubric.pillars)}
    pil = pil.reset_index()
    pil["_o"] = pil["pillar"].map(order)
    pil = pil.sort_values(["entity", "_o"], kind="stable")
    pw = base.drop_duplicates("pillar").set_index("pillar")["pillar_weight"]
    pil["pw"] = pil["pillar"].map(pw) * pil["score"].notna()
    pil["psw"] = pil["score"].fillna(0) * pil["pw"]
    ov = pil.groupby("entity", sort=False).agg(sw=("psw", "sum"), w=("pw", "sum"), n_scored=("n_scored", "sum"), n_applicable=("n_applicable", "sum"))  # fmt: skip
    ov["score"] = (ov["sw"] / ov["w"]).where(ov["w"] > 0)
    pillars = pil[["entity", "pillar", "score", "n_scored", "n_applicable"]].reset_index(drop=True)
    pillars["n_scored"] = pillars["n_scored"].astype(int)
    pillars["n_applicable"] = pillars["n_applicable"].astype(int)
    overall = ov[["score", "n_scored", "n_applicable"]].astype({"n_scored": int, "n_applicable": int})  # fmt: skip
    return pillars, overall


# --------------------------------------------------------------------------------------------------
# The roll-up


@dataclass(frozen=True)
class Rollup:
    """A campaign rolled up a hierarchy.

    ``areas``: indexed by area id (hierarchy order): name, parent, level, depth, expected,
    answered, suppressed, the overall statistics (``overall_median`` ...) and ``rank`` when asked.
    ``pillars`` and ``criteria``: one row per area and pillar (criterion), with
    :data:`STAT_COLUMNS`, ``completeness`` and ``suppressed``; criteria also ``pillar``,
    ``level_0`` ... ``level_4``, ``not_applicable``, ``dont_know`` and ``unanswered``.
    ``units``: indexed by unit id: name, parent, level, weight, each pillar's score (by pillar id),
    ``overall``, ``completeness`` and ``rank`` when asked.
    """

    areas: pd.DataFrame
    pillars: pd.DataFrame
    criteria: pd.DataFrame
    units: pd.DataFrame
    pillar_ids: tuple[str, ...]
    min_units: int = MIN_UNITS
    ranked: bool = False
    weighted: bool = False


def _unknown_units(hierarchy: Hierarchy, units: Sequence[str], source: str) -> list[Problem]:
    unknown = [u for u in units if u not in hierarchy.nodes.index]
    if not unknown:
        return []
    return [problem("rollup-unknown-unit", source=source, n=len(unknown), first=", ".join(unknown[:5]), hierarchy=hierarchy.source)]  # fmt: skip


def _group_stats(values: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """STAT_COLUMNS of ``score`` per ``keys`` (rows without a score left out), weighted by ``w``."""
    v = values.dropna(subset=["score"])
    v = v.assign(sw=v["score"] * v["w"])
    g = v.groupby(keys, sort=False)
    out = g.agg(
        n=("score", "size"),
        median=("score", "median"),
        mean=("score", "mean"),
        min=("score", "min"),
        max=("score", "max"),
        sw=("sw", "sum"),
        w=("w", "sum"),
    )
    out["p25"] = g["score"].quantile(0.25)
    out["p75"] = g["score"].quantile(0.75)
    out["weighted_mean"] = out["sw"] / out["w"]
    return out[list(STAT_COLUMNS)]


@dataclass(frozen=True)
class Aggregates:
    """What an engine computes over the units before the rules of small numbers and ranks apply.

    ``criteria``: indexed by (area, criterion): :data:`STAT_COLUMNS`, ``level_0`` ... ``level_4``
    and the units per status (``scored``, ``not-applicable``, ``dont-know``, ``unanswered``).
    ``pillars``: indexed by (area, pillar): :data:`STAT_COLUMNS`, ``n_scored``, ``n_applicable``
    (the units' criteria summed). ``overall``: indexed by area, the same. ``units``: indexed by
    unit: each pillar's score (by pillar id), ``overall``, ``n_scored``, ``n_applicable``.
    ``answered``: units per area.
    """

    criteria: pd.DataFrame
    pillars: pd.DataFrame
    overall: pd.DataFrame
    units: pd.DataFrame
    answered: pd.Series


def aggregate(units: UnitScores, members: pd.DataFrame, weight: pd.Series, pillar_ids: Sequence[str]) -> Aggregates:  # fmt: skip
    """:class:`Aggregates` of ``units`` over ``members`` (:func:`membership`) in pandas."""
    crit = units.criteria.merge(members, on="entity")
    crit["w"] = crit["entity"].map(weight).to_numpy()
    cstats = _group_stats(crit, ["area", "criterion"]).join(_level_counts(crit), how="outer")
    status = crit.groupby(["area", "criterion", "status"], sort=False).size().unstack("status")
    status = status.reindex(columns=list(STATUSES[:3])).fillna(0).astype(int)
    cstats = status.join(cstats, how="left")
    pil = units.pillars.merge(members, on="entity")
    pil["w"] = pil["entity"].map(weight).to_numpy()
    sums = pil.groupby(["area", "pillar"], sort=False)[["n_scored", "n_applicable"]].sum()
    pstats = sums.join(_group_stats(pil, ["area", "pillar"]), how="left")
    ov = units.overall.reset_index().merge(members, on="entity")
    ov["w"] = ov["entity"].map(weight).to_numpy()
    osums = ov.groupby("area", sort=False)[["n_scored", "n_applicable"]].sum()
    ostats = osums.join(_group_stats(ov, ["area"]), how="left")
    wide = units.pillars.pivot(index="entity", columns="pillar", values="score")
    wide = wide.reindex(index=units.overall.index, columns=list(pillar_ids))
    wide["overall"] = units.overall["score"]
    wide["n_scored"] = units.overall["n_scored"]
    wide["n_applicable"] = units.overall["n_applicable"]
    answered = members.groupby("area", sort=False).size()
    return Aggregates(
        criteria=cstats, pillars=pstats, overall=ostats, units=wide, answered=answered
    )


def roll_up(
    units: UnitScores,
    hierarchy: Hierarchy,
    rubric: Rubric,
    *,
    kind: str | None = None,
    min_units: int = MIN_UNITS,
    rank: bool = False,
    source: str = "<answers>",
) -> Rollup:
    """Roll ``units`` up ``hierarchy`` in pandas (see the module's rules).

    Raises :class:`ProblemsError` when a unit is not in the hierarchy.
    """
    unit_ids = list(units.overall.index)
    check_units(hierarchy, unit_ids, source)
    members = membership(hierarchy, unit_ids)
    agg = aggregate(units, members, hierarchy.nodes["weight"], [p.id for p in rubric.pillars])
    return finish(agg, hierarchy, rubric, kind=kind, min_units=min_units, rank=rank)


def check_units(hierarchy: Hierarchy, unit_ids: Sequence[str], source: str) -> None:
    """Refuse units the hierarchy does not name."""
    found = _unknown_units(hierarchy, unit_ids, source)
    if found:
        raise ProblemsError(found, source=source)


def finish(
    agg: Aggregates,
    hierarchy: Hierarchy,
    rubric: Rubric,
    *,
    kind: str | None = None,
    min_units: int = MIN_UNITS,
    rank: bool = False,
) -> Rollup:
    """The :class:`Rollup` of an engine's :class:`Aggregates`: every area and criterion/pillar in
    hierarchy and rubric order, completeness, the rule of small numbers, and ranks when asked."""
    nodes = hierarchy.nodes
    area_ids = hierarchy.areas
    assessed = set(agg.units.index)
    unit_ids = [i for i in nodes.index if i in assessed]  # hierarchy order, whatever the engine
    base = criteria_frame(rubric, kind)
    pillar_ids = tuple(p.id for p in rubric.pillars)
    area_set = set(area_ids)
    is_area = nodes.index.isin(area_ids)
    expected_units = list(nodes.index[~is_area]) + [u for u in unit_ids if u in area_set]
    expected = membership(hierarchy, list(dict.fromkeys(expected_units))).groupby("area").size()
    expected = expected.reindex(area_ids, fill_value=0)
    answered = agg.answered.reindex(area_ids, fill_value=0).astype(int)
    primary = answered < min_units
    kids = _child_areas(hierarchy, area_ids)
    hidden = dict(zip(area_ids, primary.to_numpy(dtype=bool).tolist(), strict=True))
    # a partner must hide figures: count the units with an overall score, not those that answered
    scored = agg.overall["n"].reindex(area_ids).fillna(0).astype(int)
    counts = dict(zip(area_ids, scored.to_numpy(dtype=int).tolist(), strict=True))
    found = complementary(kids, hidden, counts, area_ids)
    suppressed_area = pd.Series([found[a] for a in area_ids], index=primary.index, dtype=bool)

    # criteria
    grid = pd.MultiIndex.from_product([area_ids, list(base.index)], names=["area", "criterion"])
    c = agg.criteria.reindex(grid)
    cdf = pd.DataFrame(index=grid)
    cdf["pillar"] = base["pillar"].reindex(grid.get_level_values(1)).to_numpy()
    cdf["n"] = c["n"].fillna(0).astype(int)
    for col in STAT_COLUMNS[1:]:
        cdf[col] = c[col].astype(float)
    for k in range(5):
        cdf[f"level_{k}"] = c[f"level_{k}"].fillna(0).astype(int)
    cdf["not_applicable"] = c["not-applicable"].fillna(0).astype(int)
    cdf["dont_know"] = c["dont-know"].fillna(0).astype(int)
    # every unit answered gives each criterion one status: the rest of them left it unanswered
    given = cdf["n"].to_numpy() + cdf["not_applicable"].to_numpy() + cdf["dont_know"].to_numpy()
    cdf["unanswered"] = answered.reindex(grid.get_level_values(0)).to_numpy() - given
    applicable = answered.reindex(grid.get_level_values(0)).to_numpy() - cdf["not_applicable"].to_numpy()  # fmt: skip
    with np.errstate(invalid="ignore", divide="ignore"):
        cdf["completeness"] = np.where(applicable > 0, cdf["n"].to_numpy() / applicable, np.nan)
    cdf = cdf.reset_index()
    c_supp = (cdf["n"] < min_units).to_numpy() | suppressed_area.reindex(cdf["area"]).to_numpy()
    c_supp = _complementary_cells(cdf, "criterion", c_supp, kids, area_ids)
    cdf = _suppress(cdf, c_supp, [*STAT_COLUMNS[1:], *(f"level_{k}" for k in range(5))])

    # pillars
    pgrid = pd.MultiIndex.from_product([area_ids, list(pillar_ids)], names=["area", "pillar"])
    p = agg.pillars.reindex(pgrid)
    pdf = pd.DataFrame(index=pgrid)
    pdf["n"] = p["n"].fillna(0).astype(int)
    for col in STAT_COLUMNS[1:]:
        pdf[col] = p[col].astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        pdf["completeness"] = (p["n_scored"] / p["n_applicable"]).where(p["n_applicable"] > 0).astype(float)  # fmt: skip
    pdf = pdf.reset_index()
    p_supp = (pdf["n"] < min_units).to_numpy() | suppressed_area.reindex(pdf["area"]).to_numpy()
    p_supp = _complementary_cells(pdf, "pillar", p_supp, kids, area_ids)
    pdf = _suppress(pdf, p_supp, list(STAT_COLUMNS[1:]))

    # areas
    o = agg.overall.reindex(area_ids)
    depth = hierarchy.depth()
    areas = pd.DataFrame(
        {
            "name": nodes["name"].reindex(area_ids).to_numpy(),
            "parent": nodes["parent"].reindex(area_ids).to_numpy(),
            "level": nodes["level"].reindex(area_ids).to_numpy(),
            "depth": depth.reindex(area_ids).to_numpy(),
            "expected": expected.to_numpy(),
            "answered": answered.to_numpy(),
            "suppressed": suppressed_area.to_numpy(),
            # hidden though it has enough units: so that a hidden neighbour cannot be worked out
            "secondary": (suppressed_area & ~primary).to_numpy(),
        },
        index=pd.Index(area_ids, name="area"),
    )
    areas["overall_n"] = o["n"].fillna(0).astype(int).to_numpy()
    for col in STAT_COLUMNS[1:]:
        areas[f"overall_{col}"] = o[col].astype(float).where(~suppressed_area).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        areas["completeness"] = (o["n_scored"] / o["n_applicable"]).where(o["n_applicable"] > 0).astype(float).to_numpy()  # fmt: skip

    # units: their own scores
    u = agg.units.reindex(unit_ids)
    unit_table = pd.DataFrame(
        {
            "name": nodes["name"].reindex(unit_ids).to_numpy(),
            "parent": nodes["parent"].reindex(unit_ids).to_numpy(),
            "level": nodes["level"].reindex(unit_ids).to_numpy(),
            "weight": nodes["weight"].reindex(unit_ids).to_numpy(),
        },
        index=pd.Index(unit_ids, name="entity"),
    )
    for pid in pillar_ids:
        unit_table[pid] = u[pid].astype(float).to_numpy() if pid in u else np.nan
    unit_table["overall"] = u["overall"].astype(float).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        unit_table["completeness"] = (u["n_scored"] / u["n_applicable"]).where(u["n_applicable"] > 0).astype(float).to_numpy()  # fmt: skip
    if rank:
        areas["rank"] = _ranks(areas["overall_median"], areas["parent"])
        unit_table["rank"] = _ranks(unit_table["overall"], unit_table["parent"])
    return Rollup(
        areas=areas, pillars=pdf, criteria=cdf, units=unit_table, pillar_ids=pillar_ids,
        min_units=min_units, ranked=rank, weighted=hierarchy.weighted,
    )  # fmt: skip


def stats_from_halves(hist: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """:data:`STAT_COLUMNS` and ``level_0`` ... ``level_4`` per ``keys`` from a histogram of
    scores on the half-level grid (``v`` = score x 2, 0-8; ``n`` units, ``sw`` their weights).

    A unit's criterion is a median of whole levels, so it lies on that grid, and its histogram
    gives every statistic exactly (the quantiles as pandas interpolates them), at the cost of a
    count: what lets an engine roll up millions of answers without sorting them.
    """
    groups = hist.groupby(keys, sort=False).ngroup().to_numpy()
    n_groups = int(groups.max()) + 1 if len(groups) else 0
    v = hist["v"].to_numpy(dtype=int)
    counts = np.zeros((n_groups, 9))
    weights = np.zeros((n_groups, 9))
    np.add.at(counts, (groups, v), hist["n"].to_numpy(dtype=float))
    np.add.at(weights, (groups, v), hist["sw"].to_numpy(dtype=float))
    values = np.arange(9) / 2
    n = counts.sum(axis=1)
    cum = counts.cumsum(axis=1)

    def kth(k: np.ndarray) -> np.ndarray:  # the k-th smallest score (0-based)
        return np.asarray((cum <= k[:, None]).sum(axis=1) / 2, dtype=float)

    def quantile(q: float) -> np.ndarray:
        h = (n - 1) * q
        lo = np.floor(h)
        a, b = kth(lo), kth(np.minimum(lo + 1, n - 1))
        return np.asarray(a + (h - lo) * (b - a), dtype=float)

    with np.errstate(invalid="ignore", divide="ignore"):
        out = pd.DataFrame(
            {
                "n": n.astype(int),
                "median": quantile(0.5),
                "mean": (counts * values).sum(axis=1) / n,
                "weighted_mean": (weights * values).sum(axis=1) / weights.sum(axis=1),
                "p25": quantile(0.25),
                "p75": quantile(0.75),
                "min": np.where(n > 0, values[(counts > 0).argmax(axis=1)], np.nan),
                "max": np.where(n > 0, values[8 - (counts[:, ::-1] > 0).argmax(axis=1)], np.nan),
            }
        )
    # a level rounded half up: 2.5 (v = 5) counts at 3
    for k in range(5):
        cols = [c for c in range(9) if (c + 1) // 2 == k]
        out[f"level_{k}"] = counts[:, cols].sum(axis=1).astype(int)
    # ngroup numbers the groups in the order they first appear
    return out.set_axis(pd.MultiIndex.from_frame(hist[keys].drop_duplicates()))


def _level_counts(crit: pd.DataFrame) -> pd.DataFrame:
    """Units at each level 0-4 per area and criterion (a level rounded half up)."""
    s = crit.dropna(subset=["score"])
    lv = np.floor(s["score"].to_numpy() + 0.5).astype(int)
    counts = (
        pd.DataFrame({"area": s["area"].to_numpy(), "criterion": s["criterion"].to_numpy(), "lv": lv})
        .groupby(["area", "criterion", "lv"], sort=False)
        .size()
        .unstack("lv")
        .reindex(columns=range(5))
        .fillna(0)
        .astype(int)
    )  # fmt: skip
    counts.columns = [f"level_{k}" for k in range(5)]
    return counts


def _child_areas(hierarchy: Hierarchy, area_ids: Sequence[str]) -> dict[str, list[str]]:
    """Each area's child areas, in hierarchy order."""
    parent = hierarchy.nodes["parent"].reindex(list(area_ids)).fillna("")
    known = set(area_ids)
    kids: dict[str, list[str]] = {}
    for area, up in zip(area_ids, parent.to_numpy(), strict=True):
        if up in known:
            kids.setdefault(str(up), []).append(area)
    return kids


def complementary(
    kids: Mapping[str, Sequence[str]],
    hidden: Mapping[str, bool],
    n: Mapping[str, int],
    order: Sequence[str],
) -> dict[str, bool]:
    """``hidden`` with the figures hidden that would give a hidden area's away (complementary
    suppression).

    A shown area's sums (its mean, weighted mean and units per level) less those of its other
    children are the sums of a child: when exactly one child with units is hidden, another is
    hidden with it, the one with the fewest units (``n``; the first in ``order`` on a tie); when
    no other child has figures to hide, the parent's own are hidden instead. And a hidden area's
    sums are those of its children together: when none of its children with units is hidden, the
    smallest is. Repeated until nothing changes.
    """
    out = dict(hidden)
    rank = {a: i for i, a in enumerate(order)}

    def smallest(areas: Sequence[str]) -> str:
        return min(areas, key=lambda c: (n.get(c, 0), rank.get(c, 0)))

    changed = True
    while changed:
        changed = False
        for parent, children in kids.items():
            with_units = [c for c in children if n.get(c, 0) > 0]
            shown = [c for c in with_units if not out.get(c, False)]
            n_hidden = len(with_units) - len(shown)
            if out.get(parent, False):
                # a hidden area is not the sum of its children either: one of them goes too
                if with_units and n_hidden == 0:
                    out[smallest(shown)] = True
                    changed = True
                continue
            if n_hidden != 1:
                continue
            if shown:
                out[smallest(shown)] = True
            else:
                out[parent] = True
            changed = True
    return out


def _complementary_cells(
    frame: pd.DataFrame, key: str, mask: np.ndarray, kids: Mapping[str, Sequence[str]], order: Sequence[str]
) -> np.ndarray:  # fmt: skip
    """``mask`` (a row per area and ``key``) with :func:`complementary` applied per ``key``, for
    the keys that hide a cell somewhere (a criterion fewer than 3 units of an area scored)."""
    if not mask.any() or not kids:
        return mask
    out = mask.copy()
    keys = frame[key].to_numpy()
    areas = frame["area"].to_numpy()
    ns = frame["n"].to_numpy()
    for k in pd.unique(keys[mask]):
        rows = np.flatnonzero(keys == k)
        hidden = dict(zip(areas[rows], mask[rows], strict=True))
        found = complementary(kids, hidden, dict(zip(areas[rows], ns[rows], strict=True)), order)
        out[rows] = [found[a] for a in areas[rows]]
    return out


def _suppress(frame: pd.DataFrame, mask: np.ndarray, columns: list[str]) -> pd.DataFrame:
    out = frame.copy()
    out["suppressed"] = mask
    for c in columns:
        kept = out[c].where(~mask)
        out[c] = kept.astype("Int64") if c.startswith("level_") else kept.astype(float)
    return out


def _ranks(values: pd.Series, parent: pd.Series) -> pd.Series:
    """Rank within each parent, 1 the highest; missing values unranked (NaN)."""
    return values.groupby(parent).rank(ascending=False, method="min")


def progress_between(now: Rollup, before: Rollup) -> pd.DataFrame:
    """Two rounds of the same campaign side by side: per area and pillar (and ``overall``), the
    median before and now, its change, and each round's ``n``. An area suppressed in either round
    shows no change."""
    cols = ["area", "pillar", "median", "n"]
    a = now.pillars[cols]
    b = before.pillars[cols]
    ov_now = now.areas.reset_index()[["area", "overall_median", "overall_n"]].set_axis(cols[:1] + cols[2:], axis=1).assign(pillar="overall")  # fmt: skip
    ov_before = before.areas.reset_index()[["area", "overall_median", "overall_n"]].set_axis(cols[:1] + cols[2:], axis=1).assign(pillar="overall")  # fmt: skip
    a = pd.concat([a, ov_now[cols]], ignore_index=True)
    b = pd.concat([b, ov_before[cols]], ignore_index=True)
    out = a.merge(b, on=["area", "pillar"], how="left", suffixes=("_now", "_before"))
    out["change"] = out["median_now"] - out["median_before"]
    out["n_before"] = out["n_before"].fillna(0).astype(int)
    return out[["area", "pillar", "median_before", "median_now", "change", "n_before", "n_now"]]
