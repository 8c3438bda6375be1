"""The catalogue of every problem the toolkit reports about an input: code -> message and hint.

Each problem code has exactly one entry: a message template (what is wrong) and a hint template
(how to fix it, naming what would be valid), both ``str.format`` templates over named fields. Code
never builds a problem's text by hand; it calls :func:`problem` (or :func:`custom_error` inside a
pydantic validator) with the code and the fields. So every message can be translated later (the
templates are the message ids) and ``tests/test_problems.py`` checks that every code has a fixture
that produces it.

The entries are grouped by where the problem is found. Keep each group sorted by code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from pydantic_core import PydanticCustomError

from assessment.errors import Problem

__all__ = ["CATALOGUE", "ProblemKind", "custom_error", "problem", "problem_text"]


@dataclass(frozen=True, slots=True)
class ProblemKind:
    """One kind of problem: its stable code and the templates of its message and hint."""

    code: str
    message: str
    hint: str = ""


_ENTRIES: tuple[ProblemKind, ...] = (
    # -- any text file (storage/yamlfile.py: decode_text) -------------------------------------------
    # -- YAML (storage/yamlfile.py) ---------------------------------------------------------------------
    # -- rubric structure and cross-references (rubric.py) ----------------------------------------------
    # -- assessment records (responses.py, storage/assessments.py) ----------------------------------------
    # -- response sheets, CSV (storage/assessments.py) ----------------------------------------------------
    # -- survey exports (survey.py, storage/survey.py) ----------------------------------------------------
)

#: Problem code -> its :class:`ProblemKind`.
CATALOGUE: Mapping[str, ProblemKind] = MappingProxyType({k.code: k for k in _ENTRIES})
if len(CATALOGUE) != len(_ENTRIES):  # pragma: no cover - caught by the tests at once
    raise RuntimeError("a problem code is listed twice in the catalogue")


def problem_text(code: str, /, **params: object) -> tuple[str, str]:
    """The message and hint of ``code`` filled with ``params``."""
    kind = CATALOGUE[code]  # an unknown code is a bug in the toolkit, not a user mistake
    return kind.message.format(**params), kind.hint.format(**params)


def problem(
    code: str,
    /,
    *,
    source: str = "<input>",
    line: int | None = None,
    field: str = "",
    **params: object,
) -> Problem:
    """A located :class:`Problem` of kind ``code``, its text taken from the catalogue."""
    message, hint = problem_text(code, **params)
    return Problem(code, message, source, line, field, hint)


def custom_error(code: str, /, **params: object) -> PydanticCustomError:
    """The catalogue entry ``code`` as a pydantic error, for model validators (keeps the location)."""
    message, hint = problem_text(code, **params)
    text = f"{message}; {hint}" if hint else message
    # braces in user input must not be read as template fields by pydantic
    return PydanticCustomError(code, text.replace("{", "{{").replace("}", "}}"))
