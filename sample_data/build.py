"""Build the fictional sample assessments from the hand-written profiles in ``profiles/``.

    .venv/bin/python sample_data/build.py      (or: make samples)

Each profile holds, per criterion, the level for each round, an evidence note and notes. This
script stamps the current rubric's id, version and content hash into each assessment, so the
samples stay valid when a rubric is revised (after a revision, re-run it and review the diff). It
also writes the workshop export: one row per participant, as a survey tool writes it. Everything
it writes is fictional and labelled so.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from pathlib import Path
from typing import Any

from assessment import (
    LEVEL_LABELS,
    Respondent,
    Response,
    new_assessment,
    resolve_rubric,
    save_assessment,
    score_assessment,
)
from assessment.plan import with_plan
from assessment.reality import merge_indicator_values
from assessment.responses import PlanEntry
from assessment.storage.atomic import write_atomic
from assessment.storage.indicator_files import read_indicator_file
from assessment.storage.yamlfile import parse_yaml

HERE = Path(__file__).resolve().parent


def _response(
    cid: str, rid: str, value: Any, spec: dict[str, Any], when: dt.datetime
) -> Response | None:
    if value is None:
        return None
    common = {
        "criterion": cid,
        "respondent": rid,
        "confidence": spec.get("confidence"),
        "evidence": spec.get("evidence", "").strip(),
        "links": tuple(spec.get("links", ())),
        "notes": spec.get("notes", "").strip(),
        "answered_at": when,
    }
    if value == "n/a":
        return Response(status="not-applicable", reason=spec["reason"].strip(), **common)
    if value == "dont-know":
        return Response(status="dont-know", **common)
    return Response(status="scored", level=int(value), target=spec.get("target"), **common)


def build_profile(path: Path) -> list[Path]:
    profile, _ = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    rubric = resolve_rubric(profile["rubric"])
    entity = profile["entity"]
    written = []
    for i, rnd in enumerate(profile["rounds"]):
        date = dt.date.fromisoformat(str(rnd["date"]))
        people = [Respondent(**r) for r in profile["respondents"]]
        a = new_assessment(
            rubric,
            entity=entity["name"],
            kind=entity["kind"],
            country=entity["country"],
            sector=entity.get("sector"),
            date=date,
            round=rnd["round"],
            default_target=profile.get("default_target", 3),
            respondent=people[0],
            label=profile["label"],
        ).with_respondents(people)
        responses = []
        start = dt.datetime.combine(date, dt.time(9, 30), tzinfo=dt.UTC)
        for n, (cid, spec) in enumerate(profile["answers"].items()):
            value = spec["levels"][i]
            resp = _response(cid, people[0].id, value, spec, start + dt.timedelta(minutes=2 * n))
            if resp is not None:
                responses.append(resp)
        a = a.model_copy(update={"responses": tuple(responses)})
        a = type(a).model_validate(a.model_dump())
        if profile.get("targets"):
            a = type(a).model_validate({**a.model_dump(), "targets": profile["targets"]})
        if rnd.get("indicators"):  # the round's indicator figures, from a fictional long CSV
            figures = read_indicator_file(HERE / rnd["indicators"])
            a = merge_indicator_values(a, rubric, figures.values, source=figures.source).assessment
        if rnd.get("plan"):  # who takes the first steps of the plan, and by when
            a = with_plan(a, {cid: PlanEntry(**entry) for cid, entry in rnd["plan"].items()})
        score_assessment(rubric, a)  # fails loudly if the profile does not fit the rubric
        out = HERE / rnd["file"]
        save_assessment(a, out)
        written.append(out)
    return written


GROUPS = {
    # stakeholder group: (how many participants, bias against the official baseline)
    "Government": (5, +0.6),
    "Business": (4, 0.0),
    "Civil society": (4, -0.9),
    "Academia": (3, -0.4),
    "Technical community": (2, -0.2),
}


def build_workshop(profile_path: Path, out: Path, seed: int = 2025) -> Path:
    """A stakeholder workshop on the short form, exported one row per participant (wide CSV)."""
    profile, _ = parse_yaml(profile_path.read_text(encoding="utf-8"), str(profile_path))
    rubric = resolve_rubric(profile["rubric"])
    core = [k.id for k in rubric.criteria("country", core_only=True)]
    rng = random.Random(seed)
    header = ["_id", "_submission_time", "participant_name", "stakeholder_group", *core]
    rows = []
    pid = 0
    for group, (count, bias) in GROUPS.items():
        for _ in range(count):
            pid += 1
            name = "" if rng.random() < 0.3 else f"Participant {pid:02d} (fictional)"
            when = dt.datetime(2025, 7, 15, 10, 0) + dt.timedelta(minutes=7 * pid)
            row = [str(1000 + pid), when.isoformat(timespec="seconds"), name, group]
            for cid in core:
                base = profile["answers"].get(cid, {}).get("levels", [2])[0]
                roll = rng.random()
                if roll < 0.06:
                    row.append("Don't know")
                elif roll < 0.09 or base == "n/a":
                    row.append("N/A")
                else:
                    centre = 2 if base in (None, "dont-know") else int(base)
                    level = round(centre + bias + rng.gauss(0, 0.8))
                    level = max(0, min(4, level))
                    row.append(LEVEL_LABELS[level] if rng.random() < 0.7 else str(level))
            rows.append(row)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return write_atomic(out, "\ufeff" + buf.getvalue())


#: The fictional campaign: Examplia's provinces and how many municipalities each has (the
#: Islands have two, fewer than the roll-up's rule of 3 units, so their figures stay hidden).
PROVINCES = {
    "NOR": ("North Province", "Northbrook", 9),
    "SOU": ("South Province", "Southvale", 8),
    "EHL": ("Eastern Highlands", "Highmoor", 7),
    "ISL": ("The Islands", "Isleport", 2),
}


def build_campaign(folder: Path, seed: int = 2026) -> list[Path]:
    """A fictional campaign: the hierarchy of Examplia's 26 municipalities (with populations) and
    their answers (a long table) in two rounds, 2025 and 2026 (most units a little further)."""
    rubric = resolve_rubric("gdi-digital-inclusion-2025")
    crit = [(k.id, r.pillar.id) for r in rubric.refs for k in [r.criterion] if "organisation" in k.applies_to]  # fmt: skip
    rng = random.Random(seed)
    hierarchy = [["id", "name", "parent", "level", "population"], ["XE", "Republic of Examplia (fictional)", "", "national", ""]]  # fmt: skip
    units = []
    for code, (name, town, count) in PROVINCES.items():
        hierarchy.append([f"XE-{code}", f"{name} (fictional)", "XE", "province", ""])
        for i in range(1, count + 1):
            uid = f"XE-{code}-{i:02d}"
            pop = int(rng.lognormvariate(10.5, 0.9))
            hierarchy.append([uid, f"{town} {i} (fictional)", f"XE-{code}", "municipality", str(pop)])  # fmt: skip
            units.append(
                (uid, rng.gauss(1.8, 0.6), {p.id: rng.gauss(0, 0.5) for p in rubric.pillars})
            )
    out = [folder / "examplia-campaign-hierarchy.csv"]
    rounds = {}
    for year, gain in ((2025, 0.0), (2026, 0.45)):
        rows = [["entity_id", "criterion", "level"]]
        for uid, base, offsets in units:
            step = gain * rng.random()
            for cid, pid in crit:
                roll = rng.random()
                if roll < 0.03:
                    continue  # left blank
                if roll < 0.07:
                    rows.append([uid, cid, "na"])
                elif roll < 0.11:
                    rows.append([uid, cid, "dk"])
                else:
                    level = round(base + offsets[pid] + step + rng.gauss(0, 0.7))
                    rows.append([uid, cid, str(max(0, min(4, level)))])
        rounds[year] = rows
        out.append(folder / f"examplia-campaign-{year}.csv")
    for path, rows in zip(out, [hierarchy, rounds[2025], rounds[2026]], strict=True):
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows(rows)
        write_atomic(path, buf.getvalue())
    return out


def main() -> None:
    for path in sorted((HERE / "profiles").glob("*.yaml")):
        for out in build_profile(path):
            print(f"wrote {out.relative_to(HERE.parent)}")
    out = build_workshop(
        HERE / "profiles" / "examplia-2025.yaml", HERE / "examplia-workshop-2025.csv"
    )
    print(f"wrote {out.relative_to(HERE.parent)}")
    for out in build_campaign(HERE):
        print(f"wrote {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
