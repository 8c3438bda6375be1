"""The report model: everything a gap report shows, as plain immutable data. Pure.

Renderers (``assessment.render``) turn one :class:`Report` into HTML or PDF; they decide layout,
never content. Words come from :mod:`assessment.text` (report strings) and from the rubric.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any

import pandas as pd

from assessment.evidence import Segment, parse_link, split_links
from assessment.frames import row_dicts
from assessment.frameworks import FRAMEWORKS, FrameworkMapping
from assessment.gaps import rank_gaps
from assessment.insights import (
    Insight,
    clear_findings,
    coverage_insight,
    equity_insight,
    framework_insight,
    plan_insight,
    progress_insight,
    reality_insight,
    robustness_insight,
)
from assessment.peers import PeerScores, compare_with_peers, peers_insight
from assessment.plan import build_plan
from assessment.responses import Assessment, Response, responses_frame
from assessment.robustness import Robustness, finding_text, robustness
from assessment.rounds import Progress, compare_rounds
from assessment.rubric import Rubric
from assessment.scoring import (
    DISAGREEMENT_IQR,
    DISAGREEMENT_RANGE,
    Scores,
    score_assessment,
)
from assessment.text import (
    UI_TEXT,
    format_date,
    format_number,
    level_label,
    round_label,
    text_direction,
    translation_status,
    ui_text,
)
from assessment.uncertainty import Intervals, compute_intervals

__all__ = [
    "ConsensusRow",
    "CriterionRow",
    "DisputedRow",
    "GapRow",
    "GroupRow",
    "NotApplicableRow",
    "PillarSection",
    "RadarSpec",
    "Report",
    "ResponseRow",
    "StakeholderSection",
    "build_report",
]


def _capital(text: str) -> str:
    """``text`` with its first letter a capital (the rest as it was: ``Mid-term``, ``UNDP``)."""
    return text[:1].upper() + text[1:]


def _num(v: Any) -> float | None:
    """A float, or None for missing (NaN never reaches a renderer)."""
    if v is None:
        return None
    f = float(v)
    return None if math.isnan(f) else f


@dataclass(frozen=True)
class GapRow:
    """One priority: a criterion below its target, with its next step."""

    rank: int
    criterion: str
    title: str
    pillar: str
    current: float
    target: float
    gap: float
    priority: float
    next_level: int | None
    next_label: str
    next_step: str


@dataclass(frozen=True)
class CriterionRow:
    """One criterion in a pillar section."""

    criterion: str
    title: str
    status: str
    status_text: str
    current: float | None
    target: float | None
    gap: float | None
    confidence: str
    evidence: str
    evidence_parts: tuple[Segment, ...]  # the same text as plain text and http(s) links
    links: tuple[Segment, ...]  # the links the answers record, beyond those in the evidence text
    disputed: bool
    n: int
    #: how sure the score is: its 90 % interval (None, None without a score)
    interval: tuple[float | None, float | None] = (None, None)


@dataclass(frozen=True)
class PillarSection:
    """A pillar: its figures, its criteria and the data of its gap chart."""

    id: str
    title: str
    short_title: str
    score: float | None
    percent: float | None
    target: float | None
    gap: float | None
    completeness: float | None
    n_criteria: int
    n_not_applicable: int
    criteria: tuple[CriterionRow, ...]
    gap_rows: tuple[GapRow, ...]
    chart_alt: str
    #: how sure the score is: its 90 % interval (None, None without a score)
    interval: tuple[float | None, float | None] = (None, None)


@dataclass(frozen=True)
class RadarSpec:
    """What the radar chart shows; the renderer draws it and prints the same numbers as a table."""

    labels: tuple[str, ...]
    series: Mapping[str, tuple[float | None, ...]]
    names: Mapping[str, str]
    band: tuple[tuple[float | None, ...], tuple[float | None, ...]] | None
    alt: str


@dataclass(frozen=True)
class NotApplicableRow:
    criterion: str
    title: str
    pillar: str
    reasons: str


@dataclass(frozen=True)
class ResponseRow:
    criterion: str
    respondent: str
    status: str
    level: int | None
    target: int | None
    confidence: str
    evidence: str
    evidence_parts: tuple[Segment, ...]  # the same text as plain text and http(s) links
    links: tuple[Segment, ...]  # the links the answer records, beyond those in the evidence text
    notes: str
    answered_at: str


@dataclass(frozen=True)
class DisputedRow:
    criterion: str
    title: str
    n: int
    median: float | None
    iqr: float | None
    range: float | None
    agreed: str


@dataclass(frozen=True)
class GroupRow:
    pillar: str
    title: str
    scores: tuple[float | None, ...]
    spread: float | None
    pattern: str


@dataclass(frozen=True)
class ConsensusRow:
    criterion: str
    title: str
    agreed: str
    median: float | None
    rationale: str


@dataclass(frozen=True)
class StakeholderSection:
    """Who took part and where they agreed: for assessments made by several people."""

    n_people: int
    participation: tuple[tuple[str, int, int], ...]  # group, people, answers
    disputed: tuple[DisputedRow, ...]
    groups: tuple[str, ...]
    group_rows: tuple[GroupRow, ...]
    suppressed: tuple[str, ...]
    consensus: tuple[ConsensusRow, ...]


@dataclass(frozen=True)
class Report:
    """Everything a gap report shows. Build it with :func:`build_report`."""

    lang: str
    direction: str
    text: Mapping[str, str]
    title: str
    subtitle: str
    label: str | None
    date: str
    round: str
    rubric_id: str
    entity: Mapping[str, str | None]
    cover: tuple[tuple[str, str], ...]
    summary: tuple[str, ...]
    overall: Mapping[str, float | None]
    priorities: tuple[GapRow, ...]
    radar: RadarSpec
    pillars: tuple[PillarSection, ...]
    not_applicable: tuple[NotApplicableRow, ...]
    method: tuple[str, ...]
    appendix: tuple[ResponseRow, ...]
    stakeholders: StakeholderSection | None = None
    #: (term, definition, source) of the glossary terms the assessed criteria use
    glossary: tuple[tuple[str, str, str], ...] = ()
    #: the analyses of issue 14, in the order the report shows them
    insights: tuple[Insight, ...] = ()
    #: the overall score's 90 % interval
    overall_interval: tuple[float | None, float | None] = (None, None)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (for the PDF template and snapshot tests): what
        ``dataclasses.asdict`` gives, without its deep copies (the values are frozen and plain)."""
        out = _plain(self)
        assert isinstance(out, dict)
        return out


def _plain(value: Any) -> Any:
    """``value`` with its dataclasses as dicts, tuples as tuples and dicts as dicts, all the way
    down (:meth:`Report.to_dict`)."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, tuple | list):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    return value


#: Translates a report string key (with its values) into the report's language.
_Text = Callable[..., str]

#: Report strings of issue 11, kept here while ``assessment/text.py`` is edited elsewhere; they
#: belong in its ``UI_TEXT["en"]``, and an entry there (or in a translation) is used first.


def _translator(lang: str) -> _Text:
    def t(key: str, **values: object) -> str:
        return ui_text(key, lang, **values)

    return t


# -- stakeholders -------------------------------------------------------------------------------------


def _participation(assessment: Assessment, frame: pd.DataFrame) -> tuple[tuple[str, int, int], ...]:
    """People and answers per stakeholder group, small groups merged into one row."""
    from assessment.workshop import MIN_GROUP

    group_of = {r.id: (r.group or "(no group)") for r in assessment.respondents}
    answers = frame.groupby("respondent").size()
    part: dict[str, list[int]] = {}
    for r in assessment.respondents:
        if r.id == "self" and not answers.get(r.id, 0):
            continue  # the placeholder of a new assessment, not a person who took part
        row = part.setdefault(group_of[r.id], [0, 0])
        row[0] += 1
        row[1] += int(answers.get(r.id, 0))
    # Small groups are merged: knowing that the one academic present answered is a breakdown too.
    small = [g for g, (n, _k) in part.items() if n < MIN_GROUP]
    if len(small) > 0:
        merged = [sum(part[g][0] for g in small), sum(part[g][1] for g in small)]
        part = {g: v for g, v in part.items() if g not in small}
        part[ui_text("report_small_groups", n=MIN_GROUP)] = merged
    return tuple((g, n, k) for g, (n, k) in sorted(part.items()))


def _agreed_text(assessment: Assessment, cid: str) -> str:
    """The level a workshop agreed for ``cid`` (or not applicable), empty when none was."""
    c = assessment.consensus.get(cid)
    if c is None:
        return ""
    return ui_text("report_status_not-applicable") if c.not_applicable else str(c.level)


def _disputed(
    rubric: Rubric, assessment: Assessment, frame: pd.DataFrame
) -> tuple[DisputedRow, ...]:
    """The ten criteria people disagreed on most (those with a spread at all)."""
    from assessment.workshop import disagreement

    dis = disagreement(rubric, frame)
    dis = dis[dis["iqr"].fillna(0) > 0].head(10)
    return tuple(
        DisputedRow(
            str(cid),
            str(r["title"]),
            int(r["n"]),
            _num(r["median"]),
            _num(r["iqr"]),
            _num(r["range"]),
            _agreed_text(assessment, str(cid)),
        )
        for cid, r in row_dicts(dis)
    )


def _group_rows(
    rubric: Rubric, assessment: Assessment, frame: pd.DataFrame
) -> tuple[tuple[str, ...], tuple[GroupRow, ...], tuple[str, ...]]:
    """The groups compared, each pillar's score by group, and the groups too small to show."""
    from assessment.workshop import MIN_GROUP, group_comparison

    comp = group_comparison(rubric, frame, kind=assessment.entity.kind, min_group=MIN_GROUP)
    groups = tuple(c for c in comp.columns if c not in ("spread", "pattern"))
    suppressed = tuple(comp.attrs.get("suppressed", ()))
    if not groups:
        return groups, (), suppressed
    short = {p.id: p.short_title for p in rubric.pillars}
    rows = tuple(
        GroupRow(
            str(pid),
            short[str(pid)],
            tuple(_num(r[g]) for g in groups),
            _num(r["spread"]),
            str(r["pattern"]),
        )
        for pid, r in row_dicts(comp)
    )
    return groups, rows, suppressed


def _consensus_rows(rubric: Rubric, assessment: Assessment, s: Scores) -> tuple[ConsensusRow, ...]:
    """Every agreed level in rubric order, beside the respondents' median."""
    titles = {r.criterion.id: r.criterion.title for r in rubric.refs}
    medians = s.criteria.get("median")
    return tuple(
        ConsensusRow(
            cid,
            titles.get(cid, cid),
            _agreed_text(assessment, cid),
            _num(medians.get(cid)) if medians is not None else None,
            " ".join(c.rationale.split()),
        )
        for cid, c in sorted(
            assessment.consensus.items(),
            key=lambda kv: rubric.by_id[kv[0]].position if kv[0] in rubric.by_id else 10**6,
        )
    )


def _stakeholders(rubric: Rubric, assessment: Assessment, s: Scores) -> StakeholderSection | None:
    """The stakeholder section, when several people answered or a consensus was recorded."""
    frame = responses_frame(assessment)
    people = frame["respondent"].nunique()
    if people < 2 and not assessment.consensus:
        return None
    groups, group_rows, suppressed = _group_rows(rubric, assessment, frame)
    return StakeholderSection(
        n_people=int(people),
        participation=_participation(assessment, frame),
        disputed=_disputed(rubric, assessment, frame),
        groups=groups,
        group_rows=group_rows,
        suppressed=suppressed,
        consensus=_consensus_rows(rubric, assessment, s),
    )


# -- the other sections, in the order a report shows them ----------------------------------------------


def _report_text(lang: str, version: str) -> dict[str, str]:
    """The report's interface strings: English, overlaid with those of ``lang``."""
    text = {
        k: ui_text(k, lang)
        for k in UI_TEXT["en"]
        if k.startswith(("report_", "level_name_", "confidence_"))
    }
    text["report_cover_generated"] = ui_text(
        "report_cover_generated", lang, version=version
    ).strip()
    text["report_translation"] = " ".join(_translation_note(lang))
    return text


def _cover(
    t: _Text, rubric: Rubric, a: Assessment, lang: str = "en"
) -> tuple[tuple[str, str], ...]:
    """The label/value pairs of the cover page."""
    entity = a.entity
    n_people = len({r.respondent for r in a.responses})
    return (
        (t("report_cover_entity"), entity.name),
        (t("report_cover_kind"), t(f"report_kind_{entity.kind}")),
        (t("report_cover_country"), entity.country),
        *(((t("report_cover_sector"), entity.sector),) if entity.sector else ()),
        (t("report_cover_date"), format_date(a.date, lang)),
        (t("report_cover_round"), round_label(a.round, lang)),
        (
            t("report_cover_rubric"),
            t("report_cover_rubric_value", title=rubric.title, version=rubric.version),
        ),
        (t("report_cover_respondents"), str(n_people)),
    )


def _strongest_weakest(t: _Text, pillars: pd.DataFrame) -> list[str]:
    """The strongest and the weakest pillar, or why there is no such pair.

    One scored pillar is named once; pillars whose scores print alike (two decimals, as the
    reader compares them) are named together, and when all of them do, they are said to be level.
    """
    scored = pillars["score"].dropna()
    if scored.empty:
        return []
    names = {str(pid): f"{pid} {pillars.at[pid, 'short_title']!s}" for pid in scored.index}
    shown = {str(pid): f"{float(v):.2f}" for pid, v in scored.items()}
    if len(scored) == 1:
        ((pid, score),) = scored.items()
        return [t("report_summary_only_pillar", pillar=names[str(pid)], score=float(score))]
    best, worst = float(scored.max()), float(scored.min())
    if f"{best:.2f}" == f"{worst:.2f}":
        return [t("report_summary_level", n=len(scored), score=best)]
    out = []
    for key, score in (("strongest", best), ("weakest", worst)):
        alike = [names[pid] for pid in names if shown[pid] == f"{score:.2f}"]
        if len(alike) == 1:
            out.append(t(f"report_summary_{key}", pillar=alike[0], score=score))
        else:
            out.append(t(f"report_summary_{key}_tied", pillars=", ".join(alike), score=score))
    return out


def _summary(
    t: _Text, name: str, s: Scores, baseline: Assessment | None, b: Scores | None, lang: str = "en"
) -> tuple[str, ...]:
    """Overall score, strongest and weakest pillar, and the change since the baseline."""
    o = s.overall
    out: list[str] = []
    if not math.isnan(o["score"]):
        complete = (o["completeness"] or 0) * 100
        out.append(
            t(
                "report_summary_overall",
                entity=name,
                percent=o["percent"],
                score=o["score"],
                target=o["target"],
                gap=o["gap"],
                complete=complete,
            )
        )
        out.extend(_strongest_weakest(t, s.pillars))
    if (
        baseline is not None
        and b is not None
        and not (math.isnan(b.overall["score"]) or math.isnan(o["score"]))
    ):
        out.append(
            t(
                "report_summary_baseline",
                round=round_label(baseline.round, lang),
                date=format_date(baseline.date, lang),
                before=b.overall["score"],
                after=o["score"],
                delta=o["score"] - b.overall["score"],
            )
        )
    return tuple(out)


def _gap_rows(rubric: Rubric, s: Scores, kind: str | None = None, lang: str = "en") -> list[GapRow]:
    """Every criterion below its target, in priority order (level names in ``lang``)."""
    return [
        GapRow(
            rank=int(g["rank"]),
            criterion=str(g["criterion"]),
            title=str(g["title"]),
            pillar=str(g["pillar"]),
            current=float(g["current"]),
            target=float(g["target"]),
            gap=float(g["gap"]),
            priority=float(g["priority"]),
            next_level=None if pd.isna(g["next_level"]) else int(g["next_level"]),
            next_label="" if pd.isna(g["next_level"]) else level_label(int(g["next_level"]), lang),
            next_step=" ".join(str(g["next_step"]).split()),
        )
        for _, g in row_dicts(rank_gaps(rubric, s, kind=kind))
    ]


def _radar_alt(
    t: _Text,
    labels: tuple[str, ...],
    series: Mapping[str, tuple[float | None, ...]],
    names: Mapping[str, str],
    band: tuple[list[float | None], list[float | None]] | None,
    lang: str = "en",
) -> str:
    """The radar chart's alt text: every number it shows, pillar by pillar, as the language
    writes numbers."""

    def fmt(v: float | None) -> str:
        return t("no_score") if v is None else format_number(v, lang, 1)

    order = [k for k in ("current", "target", "baseline", "peer") if k in series]
    return (
        t("chart_alt")
        + ". "
        + " ".join(
            f"{lab}: "
            + ", ".join(f"{names[k]} {fmt(series[k][i])}" for k in order)
            + (f", {t('report_interval')} {fmt(band[0][i])}–{fmt(band[1][i])}" if band else "")
            + "."
            for i, lab in enumerate(labels)
        )
    )


def _radar(
    t: _Text,
    rubric: Rubric,
    a: Assessment,
    s: Scores,
    baseline: Assessment | None,
    b: Scores | None,
    iv: Intervals | None,
    vs_peers: pd.DataFrame | None = None,
    lang: str = "en",
) -> RadarSpec:
    """Pillar scores against targets (and the baseline, and the peers' median), with each
    score's 90 % interval."""
    pillars = s.pillars
    labels = tuple(str(v) for v in pillars["short_title"])
    series: dict[str, tuple[float | None, ...]] = {
        "current": tuple(_num(v) for v in pillars["score"]),
        "target": tuple(_num(v) for v in pillars["target"]),
    }
    names = {"current": t("report_current"), "target": t("report_target")}
    if baseline is not None and b is not None:
        series["baseline"] = tuple(_num(v) for v in b.pillars["score"].reindex(pillars.index))
        names["baseline"] = (
            f"{_capital(round_label(baseline.round, lang))} {baseline.date.isoformat()}"
        )
    if vs_peers is not None and vs_peers["peer_median"].notna().any():
        series["peer"] = tuple(_num(v) for v in vs_peers["peer_median"].reindex(pillars.index))
        names["peer"] = t("peers_series_median")
    bands = [_interval(iv.pillars if iv else None, str(pid)) for pid in pillars.index]
    low, high = [v[0] for v in bands], [v[1] for v in bands]
    band = (low, high) if any(v is not None for v in low) else None
    alt = _radar_alt(t, labels, series, names, band, lang)
    names["band"] = t("report_interval")  # the legend's name of the shaded band
    return RadarSpec(labels, series, names, (tuple(band[0]), tuple(band[1])) if band else None, alt)


def _recorded_links(text: tuple[Segment, ...], links: Sequence[str]) -> tuple[Segment, ...]:
    """The recorded ``links`` once each, as links or plain text, leaving out those the evidence
    ``text`` already shows as a link."""
    shown = {s.href for s in text if s.href is not None}
    out: dict[str, Segment] = {}
    for link in links:
        seg = parse_link(link)
        if seg.href not in shown and seg.text not in out:
            out[seg.text] = seg
    return tuple(out.values())


def _criterion_row(
    t: _Text, cid: str, c: Mapping[str, Any], answers: list[Response]
) -> CriterionRow:
    """One criterion's scores, with its answers' most common confidence and distinct evidence."""
    confs = Counter(r.confidence for r in answers if r.confidence)
    evidence = " | ".join(
        dict.fromkeys(" ".join(r.evidence.split()) for r in answers if r.evidence.strip())
    )
    parts = split_links(evidence)
    status = str(c["status"])
    return CriterionRow(
        criterion=cid,
        title=str(c["title"]),
        status=status,
        status_text="" if status == "scored" else t(f"report_status_{status}"),
        current=_num(c["score"]),
        target=_num(c["target"]),
        gap=_num(c["gap"]),
        confidence=confs.most_common(1)[0][0] if confs else "",
        evidence=evidence,
        evidence_parts=parts,
        links=_recorded_links(parts, [link for r in answers for link in r.links]),
        disputed=bool(c["disagreement"]) if not pd.isna(c["disagreement"]) else False,
        n=int(c["n"]),
    )


def _pillar_section(
    t: _Text,
    pid: str,
    p: Mapping[str, Any],
    criteria: tuple[CriterionRow, ...],
    all_gaps: list[GapRow],
) -> PillarSection:
    """A pillar's figures, its criteria and the data (and alt text) of its gap chart."""
    pillar_gaps = tuple(g for g in all_gaps if g.pillar == pid)
    described = " ".join(
        f"{g.criterion}: current {g.current:.1f}, target {g.target:.1f}." for g in pillar_gaps
    )
    caption = t("report_gap_chart_caption", pillar=f"{pid} {p['short_title']}")
    return PillarSection(
        id=pid,
        title=str(p["title"]),
        short_title=str(p["short_title"]),
        score=_num(p["score"]),
        percent=_num(p["percent"]),
        target=_num(p["target"]),
        gap=_num(p["gap"]),
        completeness=_num(p["completeness"]),
        n_criteria=int(p["n_criteria"]),
        n_not_applicable=int(p["n_not_applicable"]),
        criteria=criteria,
        gap_rows=pillar_gaps,
        chart_alt=caption + " " + (described or t("report_no_priorities")),
    )


def _interval(frame: pd.DataFrame | None, key: str) -> tuple[float | None, float | None]:
    if frame is None or key not in frame.index:
        return (None, None)
    return (_num(frame.at[key, "low"]), _num(frame.at[key, "high"]))


def _pillar_sections(
    t: _Text, a: Assessment, s: Scores, all_gaps: list[GapRow], iv: Intervals | None
) -> tuple[PillarSection, ...]:
    """One section per pillar, in rubric order."""
    by_criterion: dict[str, list[Response]] = {}
    for r in a.responses:
        by_criterion.setdefault(r.criterion, []).append(r)
    of_pillar: dict[str, list[tuple[str, Mapping[str, Any]]]] = {}
    for cid, c in row_dicts(s.criteria):
        of_pillar.setdefault(str(c["pillar"]), []).append((str(cid), c))
    sections = []
    for pid, p in row_dicts(s.pillars):
        rows = tuple(
            replace(
                _criterion_row(t, cid, c, by_criterion.get(cid, [])),
                interval=_interval(iv.criteria if iv else None, cid),
            )
            for cid, c in of_pillar.get(str(pid), [])
        )
        section = _pillar_section(t, str(pid), p, rows, all_gaps)
        sections.append(replace(section, interval=_interval(iv.pillars if iv else None, str(pid))))
    return tuple(sections)


def _not_applicable(s: Scores) -> tuple[NotApplicableRow, ...]:
    """Criteria judged not applicable, with the reasons given."""
    return tuple(
        NotApplicableRow(str(cid), str(r["title"]), str(r["pillar"]), str(r["reasons"]))
        for cid, r in row_dicts(s.not_applicable)
    )


def _method(t: _Text, rubric: Rubric, s: Scores) -> tuple[str, ...]:
    """How the scores were made: scale, aggregation, roll-up, priorities, disagreement, weights."""
    weights = [
        f"{ref.criterion.id} = {ref.criterion.weight:g}"
        for ref in rubric.refs
        if ref.criterion.weight != 1
    ]
    weights += [f"{c.id} = {c.weight:g}" for _, c in rubric.commitments() if c.weight != 1]
    weights += [f"{p.id} = {p.weight:g}" for p in rubric.pillars if p.weight != 1]
    return (
        t("report_method_scale"),
        t("report_method_aggregation", method=t(f"method_{s.method}")),
        t("report_method_rollup"),
        t("report_method_priority"),
        t("report_method_disagreement", iqr=DISAGREEMENT_IQR, range=DISAGREEMENT_RANGE),
        t("report_method_interval"),
        t("report_method_weights", weights=", ".join(weights))
        if weights
        else t("report_method_weights_none"),
    )


def _translation_note(lang: str) -> tuple[str, ...]:
    """Whether the report's words are a draft translation or a reviewed one (none in English)."""
    status = translation_status(lang)
    if status == "draft":
        return (ui_text("translation_draft", lang),)
    if status == "reviewed":
        return (ui_text("translation_reviewed", lang),)
    return ()


def _appendix(rubric: Rubric, a: Assessment) -> tuple[ResponseRow, ...]:
    """Every response in rubric order, by respondent (named only if the record keeps names)."""
    shown_name = {p.id: p.name or p.id for p in a.respondents}

    def notes(r: Response) -> str:
        text = (r.reason or r.notes or "") if r.status == "not-applicable" else r.notes
        return " ".join(text.split())

    def row(r: Response) -> ResponseRow:
        evidence = " ".join(r.evidence.split())
        parts = split_links(evidence)
        return ResponseRow(
            criterion=r.criterion,
            respondent=shown_name.get(r.respondent, r.respondent),
            status=r.status,
            level=r.level,
            target=r.target,
            confidence=r.confidence or "",
            evidence=evidence,
            evidence_parts=parts,
            links=_recorded_links(parts, r.links),
            notes=notes(r),
            answered_at=r.answered_at.strftime("%Y-%m-%d %H:%M") if r.answered_at else "",
        )

    return tuple(
        row(r)
        for r in sorted(
            a.responses,
            key=lambda r: (
                rubric.by_id[r.criterion].position if r.criterion in rubric.by_id else 10**6,
                r.respondent,
            ),
        )
    )


def _glossary(rubric: Rubric, kind: str, shown: Iterable[str]) -> tuple[tuple[str, str, str], ...]:
    """The glossary entries for the terms used by the criteria the report shows (those asked of
    ``kind``, on the short form only its own), by term."""
    ids = set(shown)
    used = {
        t for k in rubric.criteria(kind) if k.id in ids for t in k.terms if t in rubric.glossary
    }
    entries = [rubric.glossary[t] for t in used]
    return tuple(
        (e.term, e.definition, e.source or "")
        for e in sorted(entries, key=lambda e: e.term.casefold())
    )


def build_report(
    rubric: Rubric,
    assessment: Assessment,
    *,
    scores: Scores | None = None,
    baseline: Assessment | None = None,
    baseline_rubric: Rubric | None = None,
    between: Sequence[tuple[Assessment, Rubric]] = (),
    lang: str = "en",
    n_priorities: int = 5,
    version: str = "",
    include_confidential: bool = False,
    frameworks: FrameworkMapping | None = None,
    analyses: bool = True,
    peers: PeerScores | None = None,
) -> Report:
    """Build the report model of ``assessment`` (optionally compared with a ``baseline``, scored
    with ``baseline_rubric`` when it was made with another version of the rubric).

    ``between`` holds the rounds between the baseline and this one (a mid-term review…), each
    with the rubric it was made with: "What changed" then shows every round. The summary and
    the radar compare with the baseline.

    Evidence marked confidential is left out unless ``include_confidential``. With
    ``frameworks`` (the rubric's mapping to SDG targets, GDC objectives and WSIS action lines),
    the appendix has a table per framework. ``analyses=False`` leaves out the analyses of
    issue 14 (what changed, how firm the ranking is, who is left behind, the crosswalks and the
    intervals): the shorter report of earlier versions.

    With ``peers`` (the other units of a campaign, :mod:`assessment.peers`), the radar shows the
    peers' median and the report a section with the unit's percentile per pillar.
    """
    t = _translator(lang)
    if not include_confidential:
        assessment = assessment.without_confidential()
    a, entity = assessment, assessment.entity
    s = scores if scores is not None else score_assessment(rubric, assessment)
    b_rubric = baseline_rubric or rubric
    b = score_assessment(b_rubric, baseline) if baseline is not None else None
    all_gaps = _gap_rows(rubric, s, entity.kind, lang)
    firm = robustness(s) if analyses else None
    iv = compute_intervals(s, a) if analyses else None
    titles = {p.id: p.short_title for p in rubric.pillars}
    weakest = tuple(f for f in clear_findings(firm) if f.end == "weakest") if firm else ()
    middle = [(r, m, score_assessment(r, m)) for m, r in between]
    progress = (
        compare_rounds([(b_rubric, baseline, b), *middle, (rubric, a, s)])
        if analyses and baseline is not None and b is not None
        else None
    )
    vs_peers = compare_with_peers(s, peers, own_id=entity.id) if peers is not None else None
    return Report(
        lang=lang,
        direction=text_direction(lang),
        text=_report_text(lang, version),
        title=t("report_title", entity=entity.name),
        subtitle=t("report_subtitle", source=rubric.source.title, year=str(rubric.source.year)),
        label=a.label,
        date=a.date.isoformat(),
        round=a.round,
        rubric_id=rubric.id,
        entity={
            "name": entity.name,
            "kind": entity.kind,
            "country": entity.country,
            "sector": entity.sector,
            "id": entity.id,
        },
        cover=_cover(t, rubric, a, lang),
        summary=_summary(t, entity.name, s, baseline, b, lang)
        + tuple(finding_text(f, titles.get(f.pillar, f.pillar), lang) for f in weakest),
        overall={
            k: _num(s.overall[k]) for k in ("score", "percent", "target", "gap", "completeness")
        },
        priorities=tuple(all_gaps[:n_priorities]),
        radar=_radar(t, rubric, a, s, baseline, b, iv, vs_peers, lang),
        pillars=_pillar_sections(t, a, s, all_gaps, iv),
        not_applicable=_not_applicable(s),
        method=_method(t, rubric, s)
        + _weights_note(t, lang, rubric, a)
        + (
            (t("report_method_baseline_version", version=b_rubric.version, current=rubric.version),)
            if baseline is not None and b_rubric.version != rubric.version
            else ()
        )
        + _translation_note(lang),
        appendix=_appendix(rubric, a),
        stakeholders=_stakeholders(rubric, a, s),
        glossary=_glossary(rubric, entity.kind, s.criteria.index),
        insights=_insights(t, lang, rubric, a, s, firm, progress, frameworks, vs_peers, peers)
        if firm
        else (),
        overall_interval=(_num(iv.overall["low"]), _num(iv.overall["high"]))
        if iv
        else (None, None),
    )


def _insights(
    t: _Text,
    lang: str,
    rubric: Rubric,
    a: Assessment,
    s: Scores,
    firm: Robustness,
    progress: Progress | None,
    frameworks: FrameworkMapping | None,
    vs_peers: pd.DataFrame | None = None,
    peers: PeerScores | None = None,
) -> tuple[Insight, ...]:
    """The analyses the report shows, in order; each builder leaves out what does not apply."""
    titles = {p.id: p.short_title for p in rubric.pillars}
    found = [
        reality_insight(t, lang, rubric, a, s),
        plan_insight(t, lang, build_plan(rubric, s, a)),
        progress_insight(t, lang, progress) if progress is not None else None,
        robustness_insight(t, lang, firm, titles),
        equity_insight(t, lang, rubric, s),
    ]
    if vs_peers is not None and peers is not None:
        found.append(peers_insight(t, lang, vs_peers, [titles[p] for p in vs_peers.index], peers.source))  # fmt: skip
    if frameworks is not None:
        found += [framework_insight(t, lang, rubric, s, frameworks, f) for f in FRAMEWORKS]
    found.append(coverage_insight(t, lang, rubric, s))
    return tuple(i for i in found if i is not None)


def _weights_note(t: _Text, lang: str, rubric: Rubric, a: Assessment) -> tuple[str, ...]:
    """The method's line on the weights this assessment sets instead of the rubric's."""
    if not a.weights:
        return ()
    given: dict[str, float] = {}
    for r in rubric.refs:
        for item in (r.pillar, r.commitment, r.criterion):
            given.setdefault(item.id, item.weight)
    changes = ", ".join(
        f"{wid} {format_number(given.get(wid, 1.0), lang, 2)} → {format_number(w, lang, 2)}"
        for wid, w in sorted(a.weights.items())
    )
    return (t("report_method_weights_override", changes=changes),)
