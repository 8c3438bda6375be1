"""GDI self-assessment toolkit: rubrics, assessments, scoring and gaps.

The public surface, in layers (core first, then the storage shell)::

    rubric = load_rubric("rubrics/gdi-digital-inclusion-2025.yaml")
    assessment = load_assessment("sample_data/examplia-2025-baseline.json")
    scores = score_assessment(rubric, assessment)
    scores.pillars            # pillar scores, targets, gaps, completeness
    rank_gaps(rubric, scores) # priorities, each with its next step
"""

from collections.abc import Mapping as _Mapping

from assessment.errors import GdiError, Problem, ProblemsError, RubricMismatchError, UsageError
from assessment.gaps import next_level, rank_gaps
from assessment.responses import (
    Assessment,
    Entity,
    Respondent,
    Response,
    RubricRef,
    check_against_rubric,
    new_assessment,
    responses_frame,
)
from assessment.rubric import LEVEL_LABELS, Criterion, Rubric, check_coverage, parse_rubric
from assessment.scoring import Scores, aggregate_levels, score, score_assessment
from assessment.storage.assessments import (
    dumps_assessment,
    dumps_responses_csv,
    load_assessment,
    loads_assessment,
    loads_responses_csv,
    read_responses_csv,
    save_assessment,
    write_responses_csv,
)
from assessment.storage.rubrics import bundled_rubrics, load_rubric, loads_rubric, resolve_rubric
from assessment.text import set_catalogue_provider as _set_catalogue_provider
from assessment.text import set_language_table as _set_language_table


def _read_catalogue(lang: str) -> tuple[_Mapping[str, str], str]:
    # read on first use of a language: importing the package stays as fast as before
    from assessment.storage.catalogues import ui_catalogue

    return ui_catalogue(lang)


def _languages() -> _Mapping[str, tuple[str, str]]:
    from assessment.storage.catalogues import language_table

    return language_table()


_set_catalogue_provider(_read_catalogue)
_set_language_table(_languages)

__version__ = "0.1.0"

__all__ = [
    "Assessment",
    "Criterion",
    "Entity",
    "GdiError",
    "LEVEL_LABELS",
    "Problem",
    "ProblemsError",
    "Respondent",
    "Response",
    "Rubric",
    "RubricMismatchError",
    "RubricRef",
    "Scores",
    "UsageError",
    "aggregate_levels",
    "bundled_rubrics",
    "check_against_rubric",
    "check_coverage",
    "dumps_assessment",
    "dumps_responses_csv",
    "load_assessment",
    "load_rubric",
    "loads_assessment",
    "loads_responses_csv",
    "loads_rubric",
    "new_assessment",
    "next_level",
    "parse_rubric",
    "rank_gaps",
    "read_responses_csv",
    "resolve_rubric",
    "responses_frame",
    "save_assessment",
    "score",
    "score_assessment",
    "write_responses_csv",
]
