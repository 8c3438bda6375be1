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

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from pydantic_core import PydanticCustomError

from assessment.errors import Problem
from assessment.text import base_language, catalogue_text, fill, ui_text

__all__ = [
    "CATALOGUE",
    "ProblemKind",
    "custom_error",
    "localised",
    "problem",
    "problem_text",
    "problem_with",
]


@dataclass(frozen=True, slots=True)
class ProblemKind:
    """One kind of problem: its stable code and the templates of its message and hint."""

    code: str
    message: str
    hint: str = ""


_ENTRIES: tuple[ProblemKind, ...] = (
    # -- any text file (storage/yamlfile.py: decode_text) -------------------------------------------
    ProblemKind("binary-file", "this is a binary file, not text", "choose a UTF-8 text file"),
    ProblemKind("not-utf8", "the file is not UTF-8 text", "save it as UTF-8 and try again"),
    ProblemKind(
        "too-large",
        "the file is {size:,} bytes",
        "the limit is {limit:,}; split it, or remove what it does not need",
    ),
    # -- YAML (storage/yamlfile.py) ---------------------------------------------------------------------
    ProblemKind(
        "duplicate-key",
        'key "{key}" appears twice in the same mapping (first on line {first})',
        "keep one",
    ),
    ProblemKind(
        "empty-file", "the file holds no data", "a rubric starts with 'format: gdi-rubric/1'"
    ),
    ProblemKind(
        "multiple-documents",
        "the file holds {count} YAML documents",
        "keep exactly one (remove extra '---' lines)",
    ),
    ProblemKind(
        "yaml-alias",
        "aliases (*name) are not allowed ({count} in the file, the first on this line)",
        "write the value out in full",
    ),
    ProblemKind(
        "yaml-anchor",
        "anchors (&name) are not allowed ({count} in the file, the first on this line)",
        "write each value out in full",
    ),
    ProblemKind(
        "yaml-syntax", "YAML syntax error: {detail}", "check indentation, colons and quotes"
    ),
    ProblemKind(
        "yaml-tag",
        "YAML tags such as {tag} are not allowed ({count} in the file, the first on this line)",
        "remove the tag",
    ),
    ProblemKind(
        "yaml-too-deep",
        "the YAML is nested too deeply to be a rubric",
        "check that this is a rubric file; a rubric nests a few levels only",
    ),
    # -- rubric structure and cross-references (rubric.py) ----------------------------------------------
    ProblemKind(
        "bad-levels",
        "criterion has {count} levels ({detail})",
        "every criterion needs exactly the five levels 0, 1, 2, 3, 4",
    ),
    ProblemKind(
        "bad-thresholds",
        "thresholds {thresholds} do not {way} from level 1 to level 4 (direction: {direction})",
        "order them from level 1 to level 4, each {bound} the one before",
    ),
    ProblemKind(
        "bad-type",
        "version {value!r} is not text",
        'write the version in quotes, e.g. version: "1.0.0"',
    ),
    ProblemKind("bad-value", "{value!r} is not allowed", "{valid}"),
    ProblemKind(
        "bad-weight",
        "weight {value!r} is out of range",
        "use a number greater than 0 and at most 10",
    ),
    ProblemKind(
        "commitment-outside-pillar",
        'commitment id "{id}" does not start with its pillar id "{pillar}."',
        "number it within its pillar (e.g. {pillar}.1)",
    ),
    ProblemKind(
        "dependency-cycle",
        'the prerequisites of "{id}" go round in a circle: {cycle}',
        "remove one depends_on entry on this circle: a criterion cannot be a prerequisite of its own "
        "prerequisite",
    ),
    ProblemKind(
        "duplicate-action-id",
        'action id "{id}" is used twice in commitment {commitment}',
        "give each action of a commitment its own id",
    ),
    ProblemKind(
        "duplicate-commitment-id", 'commitment id "{id}" is used twice', "ids must be unique"
    ),
    ProblemKind(
        "duplicate-criterion-id",
        'criterion id "{id}" is already used at {first}',
        "ids must be unique",
    ),
    ProblemKind(
        "duplicate-descriptor",
        "this descriptor repeats {first} word for word",
        "write a descriptor specific to this criterion",
    ),
    ProblemKind("duplicate-kind", "applies_to lists a kind twice", "list each kind once"),
    ProblemKind("duplicate-pillar-id", 'pillar id "{id}" is used twice', "ids must be unique"),
    ProblemKind("empty", "{name} must not be empty", "give at least one"),
    ProblemKind("invalid-value", "{detail}"),
    ProblemKind(
        "kind-levels-not-applicable",
        'levels are worded for "{kind}" but applies_to is [{applies}]',
        "remove levels_by_kind.{kind} or add the kind to applies_to",
    ),
    ProblemKind(
        "missing-commitment",
        "commitment {id} of the source has no entry",
        "every {unit} of section {section} needs one",
    ),
    ProblemKind("missing-key", 'required key "{key}" is missing', "add it"),
    ProblemKind(
        "missing-pillar",
        'the source has section "{section}" but no pillar has id "{section}"',
        "add a pillar for it",
    ),
    ProblemKind(
        "missing-question",
        'no question for "{kind}", but applies_to includes it',
        "add questions.{kind} or remove it from applies_to",
    ),
    ProblemKind(
        "not-a-mapping",
        "the rubric is not a YAML mapping",
        "a rubric is a mapping starting with 'format: gdi-rubric/1'",
    ),
    ProblemKind(
        "question-not-applicable",
        'a question for "{kind}" is given but applies_to is [{applies}]',
        "remove the question or add the kind",
    ),
    ProblemKind(
        "self-dependency",
        'criterion "{id}" lists itself in depends_on',
        "remove it: depends_on names other criteria that must be in place first",
    ),
    ProblemKind(
        "too-long",
        "short_title is {length} characters",
        "use at most 30 (it labels charts)",
    ),
    ProblemKind(
        "too-many-core",
        "{count} criteria are marked core",
        "the short form allows at most {most}",
    ),
    ProblemKind(
        "uncovered-action",
        'action "{id}" ({text}) of commitment {commitment} is assessed by no criterion',
        "add it to some criterion's covers",
    ),
    ProblemKind(
        "unknown-action",
        'covers "{action}", which is not an action of commitment {commitment}',
        "valid: {valid}",
    ),
    ProblemKind(
        "unknown-commitment",
        "commitment {id} is beyond the {count} {unit}s of section {section}",
        "remove it, or raise the count of section {section} in source.sections",
    ),
    ProblemKind(
        "unknown-dependency",
        'depends on "{id}", which is not a criterion of this rubric',
        'correct the id (the closest one is "{close}") or remove it from depends_on',
    ),
    ProblemKind("unknown-key", 'unknown key "{key}"', "valid keys here: {valid}"),
    ProblemKind(
        "unknown-term",
        'uses the term "{term}", which the glossary does not define',
        "add it under glossary, or use one of: {valid}",
    ),
    # -- assessment records (responses.py, storage/assessments.py) ----------------------------------------
    ProblemKind(
        "bad-date",
        "{value!r} is not a date",
        "write it as year-month-day, such as 2026-06-30, or leave it empty",
    ),
    ProblemKind(
        "bad-indicator-value",
        "{value!r} is not a number",
        "give the figure as a plain number such as 71.5 (a point for decimals; no % sign, spaces "
        "or thousands separators)",
    ),
    ProblemKind(
        "bad-indicator-year",
        "{value!r} is not a year from {first} to {last}",
        "give the year the figure is for, as four digits",
    ),
    ProblemKind(
        "consensus-level",
        "a consensus needs exactly one of a level and not_applicable: true",
        "give a level (0-4) or not_applicable: true, not both or neither",
    ),
    ProblemKind(
        "control-character",
        "the text holds the invisible control character {char} at character {position}",
        "delete it (it often comes from copying out of a terminal or another program); tabs and "
        "line breaks are allowed",
    ),
    ProblemKind(
        "country-code",
        "'{code}' is not an ISO 3166-1 alpha-2 code",
        "use two capital letters such as KE, FR, CN (or a user-assigned code like XE for a "
        "fictional entity)",
    ),
    ProblemKind(
        "criterion-not-for-kind",
        "criterion '{criterion}' is not asked of {article} {kind}",
        "remove this response; the rubric asks it only of: {applies}",
    ),
    ProblemKind(
        "duplicate-indicator-value",
        "indicator '{code}' of criterion '{criterion}' is given twice ({places})",
        "keep one figure per indicator: the latest year, or the corrected figure",
    ),
    ProblemKind(
        "duplicate-respondent",
        "respondent id '{id}' is listed twice",
        "give each respondent a different id",
    ),
    ProblemKind(
        "duplicate-response",
        "respondent '{respondent}' answers criterion '{criterion}' twice ({places})",
        "keep one",
    ),
    ProblemKind(
        "empty-assessment",
        "the file is empty",
        "it should hold an assessment saved by this toolkit",
    ),
    ProblemKind(
        "indicator-value-range",
        "{value} cannot be a figure of '{code}', which is {unit}: from {low} to {high}",
        "check the figure and its unit (a share is given in per cent, such as 71.5 for 71.5 %)",
    ),
    ProblemKind(
        "json-syntax",
        "not valid JSON: {detail} (column {column})",
        "check the commas, quotes and brackets near there",
    ),
    ProblemKind(
        "json-too-deep",
        "the JSON is nested too deeply to be an assessment",
        "check that this is an assessment file saved by this toolkit",
    ),
    ProblemKind(
        "level-without-score",
        "status is '{status}' but a level is given",
        "remove the level or set status 'scored'",
    ),
    ProblemKind("missing-field", 'required field "{name}" is missing', "add it"),
    ProblemKind(
        "missing-level", "status is 'scored' but no level is given", "give a level from 0 to 4"
    ),
    ProblemKind(
        "missing-reason",
        "'not applicable' needs a reason",
        "say in reason why this criterion does not apply",
    ),
    ProblemKind(
        "newer-format",
        "format is '{format}', which a newer version of the toolkit wrote",
        "update the toolkit",
    ),
    ProblemKind(
        "not-an-assessment",
        "the file holds a JSON {type}, not an object",
        "an assessment file is a JSON object with 'format': 'gdi-assessment/1'",
    ),
    ProblemKind(
        "rubric-changed",
        "rubric '{rubric}' version {version} has been edited since this assessment was made "
        "(its content differs)",
        "restore the original file or give the edited rubric a new version",
    ),
    ProblemKind(
        "rubric-mismatch",
        "the assessment was made with rubric '{made}', not '{given}'",
        "score it with '{made}'",
    ),
    ProblemKind(
        "rubric-version-mismatch",
        "the assessment was made with version {made} of '{rubric}', but version {given} was given",
        "use version {made}, or move the assessment to {given} with `gdi-assess migrate ASSESSMENT --to {given}`",
    ),
    ProblemKind(
        "unknown-criterion",
        "'{criterion}' is not a criterion of rubric '{rubric}'",
        "correct the id (criterion ids look like '{example}'), or remove this entry",
    ),
    ProblemKind("unknown-field", 'unknown field "{name}"', "remove it (check its spelling)"),
    ProblemKind(
        "unknown-format",
        "format is {format!r}",
        "an assessment file has 'format': 'gdi-assessment/1'",
    ),
    ProblemKind(
        "unknown-indicator",
        "'{code}' is not an indicator of criterion '{criterion}'",
        "record it under {listed}, which the rubric lists it for (this criterion's indicators: "
        "{valid})",
    ),
    ProblemKind(
        "unknown-indicator-code",
        "'{code}' is not an indicator of rubric '{rubric}'",
        "use an indicator's code as the rubric writes it, such as '{example}' (for an indicator "
        "without a code, its name)",
    ),
    ProblemKind(
        "unknown-respondent",
        "responses[{index}] is by respondent '{id}', who is not in 'respondents'",
        "add them to respondents, or correct the id",
    ),
    ProblemKind(
        "unknown-weight-id",
        "'{id}' in weights is not a pillar, commitment or criterion of rubric '{rubric}'",
        "correct the id (pillar ids look like '{pillar}', commitment ids like '{commitment}', "
        "criterion ids like '{criterion}'), or remove this entry",
    ),
    # -- response sheets, CSV (storage/assessments.py) ----------------------------------------------------
    ProblemKind(
        "bad-level", "{value!r} is not a level", "use a whole number from 0 to 4, or leave it empty"
    ),
    ProblemKind(
        "bad-time",
        "{value!r} is not a date-time",
        "use ISO 8601 such as 2025-06-30T14:05:00, or leave it empty",
    ),
    ProblemKind("csv-syntax", "not valid CSV: {detail}", "save the sheet again as CSV (UTF-8)"),
    ProblemKind(
        "duplicate-column",
        "column(s) {names} appear more than once in the header",
        "keep one column of each name",
    ),
    ProblemKind("empty-csv", "the CSV is empty", "its first row must be the header: {columns}"),
    ProblemKind(
        "inconsistent-respondent",
        "respondent '{id}' has name/group {name!r}/{group!r} here but "
        "{first_name!r}/{first_group!r} on row {first_row}",
        "make them the same",
    ),
    ProblemKind("missing-column", "column(s) {missing} missing", "the header must name: {columns}"),
    ProblemKind("unknown-column", "unknown column(s) {unknown}", "valid columns: {columns}"),
    ProblemKind(
        "wrong-cell-count",
        "row has {count} cells; the header has {expected}",
        "give every row one cell per column (check for stray commas)",
    ),
    # -- survey exports (survey.py, storage/survey.py) ----------------------------------------------------
    ProblemKind(
        "bad-answer",
        '"{value}" is not a level',
        "use 0-4, a level name ({names}), N/A or Don't know",
    ),
    ProblemKind("bad-confidence", '"{value}" is not a confidence', "use low, medium or high"),
    ProblemKind(
        "bad-mapping-answer",
        'answer code "{code}" is mapped to "{value}", which is not a level',
        "map it to 0-4, a level name ({names}), n/a or dont-know",
    ),
    ProblemKind(
        "bad-respondent-id",
        '"{value}" cannot be a respondent id',
        'use letters, digits, ".", "_" or "-", starting with a letter or digit '
        "(at most 80 characters)",
    ),
    ProblemKind(
        "bad-survey-mapping",
        "this survey mapping cannot be used: {detail}",
        'write "columns:" (survey column: criterion id) and optionally "answers:" '
        "(answer code: 0-4, n/a or dont-know)",
    ),
    ProblemKind(
        "bad-target", '"{value}" is not a target level', "use 0-4 or a level name ({levels})"
    ),
    ProblemKind(
        "column-not-for-kind",
        "criterion '{criterion}' is not asked of {article} {kind} ({count} answers in this column)",
        "clear or remove the column; the rubric asks it only of: {applies}",
    ),
    ProblemKind(
        "duplicate-criterion-column",
        'columns "{first}" and "{second}" both hold criterion "{criterion}"',
        "keep one",
    ),
    ProblemKind(
        "empty-survey",
        "the file holds no data",
        "its first row must be the header: the respondent id column and a column per criterion id "
        "(a row per respondent), or respondent, criterion and level (a row per answer)",
    ),
    ProblemKind("missing-criterion", "no criterion", "give the criterion id this answer is for"),
    ProblemKind("missing-respondent", "no respondent id", "give every answer its respondent's id"),
    ProblemKind(
        "misspelt-criterion",
        "'{criterion}' is not a criterion of rubric '{rubric}'",
        'did you mean "{close}"?',
    ),
    ProblemKind("no-answers", "the file has a header but no answers", "fill in at least one score"),
    ProblemKind(
        "no-criterion-columns",
        'no column is a criterion of rubric "{rubric}"',
        "for a row per respondent, head each score column with its criterion id (such as "
        '"{example}") or map survey codes to ids (SurveyMapping columns); for a row per answer, '
        "give respondent, criterion and level columns",
    ),
    ProblemKind(
        "not-csv",
        "this file is an Excel workbook (or another zip archive), not CSV text",
        "give it the extension .xlsx, or export the survey as CSV",
    ),
    ProblemKind("not-utf16", "the file starts like UTF-16 text but is not", "save it as CSV UTF-8"),
    ProblemKind(
        "not-xlsx",
        "this is not an Excel workbook (.xlsx) that can be read ({detail})",
        "open it in a spreadsheet and save it as .xlsx, or export the survey as CSV",
    ),
    ProblemKind(
        "old-excel",
        "this is an old-style Excel file (.xls)",
        "open it in a spreadsheet and save it as .xlsx or CSV",
    ),
    ProblemKind(
        "survey-bad-entity",
        'the unit assessed "{value}" cannot be an id',
        "give a code of letters, digits, dots, dashes and underscores that starts with a letter or "
        'a digit, at most 80 characters (such as "MUN-0042")',
    ),
    ProblemKind(
        "survey-entity-case",
        'the unit assessed "{value}" is written as "{other}" in row {first}, apart from capitals',
        "a code names one unit: write it the same way in every submission (or give the two units "
        "codes of their own)",
    ),
    ProblemKind(
        "survey-no-entity",
        "no column names the unit assessed (entity_id)",
        "a campaign export needs the entity_id column of the toolkit's form (gdi-assess xlsform), "
        "or give one with --entity-column",
    ),
    ProblemKind(
        "survey-other-rubric",
        'this submission was made with the form of rubric "{found}" version {version} '
        '(content {found_hash}), not rubric "{rubric}" version {expected} (content {expected_hash})',
        "import it with the rubric its form was made from (--rubric), or make a new form with "
        "gdi-assess xlsform",
    ),
    ProblemKind(
        "survey-several-units",
        "this file holds answers about {n} units ({units}), and one assessment is of one unit",
        "import it with gdi-assess campaign import (an assessment per unit), or keep one unit's "
        "rows",
    ),
    ProblemKind(
        "truncated-file",
        "the file ends in the middle of row {row} ({detail}): the download looks cut off",
        "download or export the survey again; nothing was imported",
    ),
    ProblemKind("unknown-sheet", 'no sheet is named "{sheet}"', "the sheets are {sheets}"),
    ProblemKind(
        "xlsx-too-large",
        "this workbook is too large to read safely ({detail})",
        "export only the survey's answers (at most 200,000 rows and 5,000,000 cells), or as CSV",
    ),
    # -- roll-ups: the hierarchy file and the long answer table (rollup.py, storage/rollup.py) ------
    ProblemKind(
        "answers-bad-level",
        '"{value}" is not a level (answers like this in the file: {n:,}; this is the first)',
        "write a level 0 to 4, na (not applicable), dk (don't know) or leave the cell empty",
    ),
    ProblemKind(
        "answers-missing-column",
        "the answer table has no {column} column (its columns: {header})",
        "a long answer table has a row per answer with the columns entity_id, criterion and level "
        "(also accepted for {column}: {names})",
    ),
    ProblemKind(
        "answers-no-entity",
        "this answer names no unit (answers without a unit in the file: {n:,}; this is the first)",
        "give every row the unit's id in the entity_id column, or remove the row",
    ),
    ProblemKind(
        "answers-unknown-criterion",
        'rubric "{rubric}" has no criterion "{value}" (answers naming a criterion it does not '
        "have: {n:,}; this is the first)",
        "use the criterion ids of the rubric the campaign used (gdi-assess validate lists them)",
    ),
    ProblemKind(
        "hierarchy-bad-weight",
        'the weight "{value}" is not a number above 0 and up to 1,000,000,000,000',
        "write a number above 0 (such as a population: 125000), or leave every weight empty",
    ),
    ProblemKind(
        "hierarchy-duplicate-id",
        'the id "{id}" appears twice (first on row {first})',
        "give each entity its own id, once",
    ),
    ProblemKind("hierarchy-empty", "the hierarchy file lists no entity", "give a row per entity"),
    ProblemKind(
        "hierarchy-empty-id", "this row has no id", "give each entity an id, or remove the row"
    ),
    ProblemKind(
        "hierarchy-loop",
        'the entity "{id}" is its own ancestor ({path})',
        "correct the parent column so that every chain of parents ends at the top",
    ),
    ProblemKind(
        "hierarchy-missing-column",
        "the hierarchy file has no {column} column (its columns: {header})",
        "give the columns id, name, parent, level and, if you wish, weight (also accepted for "
        "{column}: {names})",
    ),
    ProblemKind(
        "hierarchy-partial-weights",
        "{given} of the {total} entities at the bottom of the hierarchy have a weight and this one has none",
        "give every entity a weight, or none (then each unit counts once)",
    ),
    ProblemKind(
        "hierarchy-unknown-parent",
        'the parent "{parent}" of "{id}" is not in the file',
        "add a row for it, or leave the parent empty for the top of the hierarchy",
    ),
    ProblemKind(
        "peers-bad-score",
        'the score "{value}" is not a number from 0 to 4',
        "write a pillar score from 0 to 4 (such as 2.5), or leave the cell empty",
    ),
    ProblemKind(
        "peers-not-a-peer-file",
        "this is not a peer file: it has no column for each pillar ({pillars}); its columns: {header}",
        "give a peer file written by gdi-assess rollup --peer-file, or a folder of assessments",
    ),
    ProblemKind(
        "peers-other-rubric",
        'this peer was assessed with rubric "{found}", not "{rubric}"',
        "compare with peers of the same rubric",
    ),
    ProblemKind(
        "rollup-unknown-unit",
        "units assessed that the hierarchy {hierarchy} does not list: {n:,} (the first: {first})",
        "add them to the hierarchy file, or check their ids (entity_id) against it",
    ),
)

#: Problem code -> its :class:`ProblemKind`.
CATALOGUE: Mapping[str, ProblemKind] = MappingProxyType({k.code: k for k in _ENTRIES})
if len(CATALOGUE) != len(_ENTRIES):  # pragma: no cover - caught by the tests at once
    raise RuntimeError("a problem code is listed twice in the catalogue")


def problem_text(code: str, /, **params: object) -> tuple[str, str]:
    """The message and hint of ``code`` filled with ``params``."""
    kind = CATALOGUE[code]  # an unknown code is a bug in the toolkit, not a user mistake
    return kind.message.format(**params), kind.hint.format(**params)


#: the fields of problem messages that hold an English word the message is built around
_WORD_FIELDS = frozenset({"kind", "way", "bound", "direction", "unit"})


def _word(name: str, value: object, lang: str) -> object:
    """A field's English word in ``lang`` (``rise`` -> ``augmenter``); an English article goes."""
    if name == "article":
        return ""
    if name in _WORD_FIELDS and isinstance(value, str):
        return catalogue_text(f"word_{value}", lang) or value
    return value


def localised(found: Problem, lang: str) -> Problem:
    """``found`` with its message and hint in ``lang``, where the catalogue translates them (the
    file, line and field stay as they are; an untranslated part stays in English)."""
    if found.code not in CATALOGUE or base_language(lang) == "en":
        return found
    kind = CATALOGUE[found.code]
    params = {name: _word(name, value, lang) for name, value in found.params.items()}
    params["kind_key"] = found.params.get("kind", "")  # a settings key keeps its English word
    detail_key = found.params.get("detail_key")
    if isinstance(detail_key, str):  # a detail written from interface text: in the language too
        params["detail"] = ui_text(detail_key, lang, **{k: v for k, v in found.params.items() if k in ("cells", "width")})  # fmt: skip

    def render(template: str) -> str:
        # no article in other languages; "levels_by_kind.{kind}" names a key, not a word
        template = template.replace("{article} ", "").replace("{article}", "")
        return fill(template.replace(".{kind}", ".{kind_key}"), lang, **params)

    try:
        message = render(catalogue_text(f"problem/{found.code}/message", lang) or kind.message)
        hint = (
            render(catalogue_text(f"problem/{found.code}/hint", lang) or kind.hint)
            if kind.hint
            else ""
        )
    except (KeyError, IndexError, ValueError):  # a problem restated without its fields
        return found
    return dataclasses.replace(found, message=message, hint=hint)


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
    return problem_with(code, params, source=source, line=line, field=field)


def problem_with(
    code: str,
    params: Mapping[str, object],
    /,
    *,
    source: str = "<input>",
    line: int | None = None,
    field: str = "",
) -> Problem:
    """:func:`problem` with the template fields as one mapping (to restate another problem)."""
    message, hint = problem_text(code, **params)
    return Problem(code, message, source, line, field, hint, dict(params))


def custom_error(code: str, /, **params: object) -> PydanticCustomError:
    """The catalogue entry ``code`` as a pydantic error, for model validators (keeps the location).

    The text is passed as a context value, never as pydantic's template, so braces in what a
    person typed are printed as they are; the fields ride along (``ctx["params"]``), so the
    problem built from the error takes its message and hint from the catalogue again.
    """
    message, hint = problem_text(code, **params)
    text = f"{message}; {hint}" if hint else message
    return PydanticCustomError(code, "{text}", {"text": text, "params": params})
