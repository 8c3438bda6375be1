"""Survey import speed: a wide CSV of 1,000 respondents x every criterion of the 2025 rubric.

Prints the time of the whole import (decode, parse cells, build and check the assessment)
beside the bare construction of the same number of ``Response`` models, which every import must
pay, and their ratio. Goal: well under 2 s for 1,000 x 64.

    .venv/bin/python benchmarks/bench_survey.py [--respondents N] [--repeat R]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
from pathlib import Path

from _timing import best_of

from assessment import load_rubric
from assessment.responses import Response
from assessment.rubric import LEVEL_LABELS
from assessment.storage.survey import loads_survey_csv

ROOT = Path(__file__).resolve().parents[1]


def make_csv(criteria: list[str], n_respondents: int, seed: int = 7) -> str:
    """A Kobo-like export: ~3 % N/A, ~5 % don't know, the rest level names or numbers."""
    rng = random.Random(seed)
    groups = ["Government", "Business", "Civil society", "Academia", "Technical community"]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["_id", "_submission_time", "participant_name", "stakeholder_group", *criteria])
    for i in range(n_respondents):
        row = [str(1000 + i), "2025-07-15T10:07:00", f"Participant {i}", rng.choice(groups)]
        for _ in criteria:
            x = rng.random()
            level = rng.randrange(5)
            row.append(
                "N/A"
                if x < 0.03
                else "Don't know"
                if x < 0.08
                else LEVEL_LABELS[level]
                if x < 0.6
                else str(level)
            )
        w.writerow(row)
    return "\ufeff" + buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--respondents", type=int, default=1_000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    rubric = load_rubric(ROOT / "rubrics" / "gdi-digital-inclusion-2025.yaml")
    criteria = [k.id for k in rubric.criteria("country")]
    text = make_csv(criteria, args.respondents)
    n = args.respondents * len(criteria)
    print(
        f"CSV: {len(text.encode()):,} bytes, {args.respondents:,} respondents x {len(criteria)} criteria"
    )

    def ours() -> None:
        loads_survey_csv(text, rubric, entity="Examplia", kind="country", country="XE")

    def bare() -> None:  # kept in a list, as an import keeps them (the garbage collector counts)
        [
            Response(criterion="I.1-joint-planning", respondent="p1", status="scored", level=2)
            for _ in range(n)
        ]

    ours()
    bare()  # warm up
    t_ours, m_ours = best_of(ours, args.repeat)
    t_bare, m_bare = best_of(bare, args.repeat)
    print(
        f"loads_survey_csv():         best {t_ours * 1000:7.1f} ms   median {m_ours * 1000:7.1f} ms   (goal well under 2000 ms)"
    )
    print(
        f"{n:,} bare Response():     best {t_bare * 1000:7.1f} ms   median {m_bare * 1000:7.1f} ms"
    )
    print(
        f"ratio import / Response():  {t_ours / t_bare:.2f}x (best)   {m_ours / m_bare:.2f}x (median)"
    )


if __name__ == "__main__":
    main()
