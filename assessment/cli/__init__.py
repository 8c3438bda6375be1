"""Shell: the ``gdi-assess`` command line.

Exit codes: 0 success, 1 a problem with the user's input (one clear message, no traceback),
2 bad usage (argparse), 3 an internal error (a bug: rerun with ``--debug`` and report it).

The parser names each command's function as ``module:function`` and imports that module only when
the command runs, so ``validate`` and ``score`` never load matplotlib, Jinja2, Typst or Jupyter.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from assessment.errors import GdiError, ProblemsError
from assessment.rubric import KINDS
from assessment.storage.bundled import bundled_dir
from assessment.storage.rubrics import RUBRICS_DIR, bundled_rubrics
from assessment.text import terminal_text

if TYPE_CHECKING:
    from assessment.i18n import Message

__all__ = [
    "argparse_language",
    "build_parser",
    "cli_messages",
    "entry",
    "main",
    "message_language",
    "say",
]


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """The command line's parser, its help in ``lang`` (argparse's own words too, while
    :func:`argparse_language` is in force)."""
    from assessment.text import ui_text

    parser = argparse.ArgumentParser(
        prog="gdi-assess",
        description="Assess a country or organisation against the GDI digital inclusion and digital cooperation commitments.",
        epilog=ui_text(
            "cli_epilog", lang, rubrics=", ".join(bundled_rubrics()) or "–", folder=str(RUBRICS_DIR)
        ),
    )
    parser.add_argument(
        "--debug", action="store_true", help="show full tracebacks (for reporting bugs)"
    )
    parser.add_argument(
        "--lang",
        dest="ui_lang",
        metavar="LANG",
        type=_language,
        default=None,
        help="the language of messages: ar, en, es, fr, ru or zh (default: $GDI_LANG, else English)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    _add_assessment_commands(sub)
    _add_report_commands(sub)
    _add_compare_command(sub)
    _add_plan_command(sub)
    _add_migrate_command(sub)
    _add_robustness_command(sub)
    _add_crosswalk_command(sub)
    _add_indicators_command(sub)
    _add_workshop_commands(sub)
    _add_campaign_commands(sub)
    _add_i18n_commands(sub)
    _localise(parser, lang)
    return parser


HelpText = tuple[str, str, Callable[[str], None]]


def _help_texts(parser: argparse.ArgumentParser, path: str = "cli") -> Iterator[HelpText]:
    """(catalogue context, English text, a setter) for each help text of ``parser`` and its
    subcommands, in order; a subcommand's help is also its own page's description."""
    if parser.description:
        yield f"{path}/description", parser.description, functools.partial(setattr, parser, "description")  # fmt: skip
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a for a in action._choices_actions}
            for name, sub in action.choices.items():
                choice = helps[name]
                if choice.help:
                    sub.description = sub.description or choice.help

                    def put(text: str, choice: argparse.Action = choice, sub: argparse.ArgumentParser = sub) -> None:  # fmt: skip
                        choice.help = sub.description = text

                    yield f"{path}/{name}", str(choice.help), put
                yield from _help_texts(sub, f"{path}/{name}")
        elif not isinstance(action, argparse._HelpAction) and action.help not in (None, argparse.SUPPRESS):  # fmt: skip
            name = action.option_strings[-1] if action.option_strings else action.dest
            yield f"{path}/{name}", str(action.help), functools.partial(setattr, action, "help")


def _localise(parser: argparse.ArgumentParser, lang: str) -> None:
    """Put the help texts of ``lang``'s catalogue into ``parser`` (a text shared by several
    options is one message, under the context where it first appears)."""
    if lang == "en":
        return
    from assessment.text import catalogue_text

    first: dict[str, str] = {}
    for context, text, put in _help_texts(parser):
        found = catalogue_text(first.setdefault(text, context), lang)
        if found:
            put(found if "%" in text else found.replace("%", "%%"))  # argparse %-formats help


def cli_messages() -> tuple[Message, ...]:
    """The command line's help texts and argparse's own words, for the interface catalogue."""
    from assessment.i18n import Message

    first: dict[str, str] = {}
    for context, text, _put in _help_texts(build_parser()):
        first.setdefault(text, context)
    out = [Message(c, t, "Command-line help (the words after an option in --help)") for t, c in first.items()]  # fmt: skip
    out += [
        Message(
            f"cli/argparse/{key}",
            text,
            "Words of the command line's parser: keep every %(name)s and %s exactly",
        )  # fmt: skip
        for key, text in ARGPARSE_TEXT.items()
    ]
    return tuple(out)


#: argparse's own words that a person meets (its usage line, headings and errors), as the
#: interface catalogue's ``cli/argparse/<key>``; the msgid is argparse's, so a Python whose
#: argparse says something else shows that in English.
ARGPARSE_TEXT: dict[str, str] = {
    "usage": "usage: ",
    "positional": "positional arguments",
    "options": "options",
    "help": "show this help message and exit",
    "error": "%(prog)s: error: %(message)s\n",
    "required": "the following arguments are required: %s",
    "unrecognized": "unrecognized arguments: %s",
    "invalid_choice": "invalid choice: %(value)r (choose from %(choices)s)",
    "argument": "argument %(argument_name)s: %(message)s",
    "invalid_value": "invalid %(type)s value: %(value)r",
    "expected_one": "expected one argument",
    "expected_at_least_one": "expected at least one argument",
    "expected_at_most_one": "expected at most one argument",
    "not_allowed": "not allowed with argument %s",
    "one_required": "one of the arguments %s is required",
    "ambiguous": "ambiguous option: %(option)s could match %(matches)s",
    "ignored": "ignored explicit argument %r",
}


@contextlib.contextmanager
def argparse_language(lang: str) -> Iterator[None]:
    """argparse's own words (usage, headings, its errors) in ``lang`` while inside."""
    if lang == "en":
        yield
        return
    from assessment.text import catalogue_text

    keys = {text: key for key, text in ARGPARSE_TEXT.items()}
    english = argparse._  # type: ignore[attr-defined]

    def translated(text: str) -> str:
        key = keys.get(text)
        found = catalogue_text(f"cli/argparse/{key}", lang) if key else None
        if not found:
            return str(english(text))
        return found.rstrip() + text[len(text.rstrip()) :]  # "usage: " keeps its space

    argparse._ = translated  # type: ignore[attr-defined]
    _PARSING_LANG[0] = lang
    try:
        yield
    finally:
        argparse._ = english  # type: ignore[attr-defined]
        _PARSING_LANG[0] = "en"


def _early_language(argv: Sequence[str] | None) -> str:
    """The messages' language before the command line is parsed (so ``--help`` and argparse's
    errors speak it): a ``--lang`` before the command, else ``$GDI_LANG``, else English. A
    ``--lang`` after the command is that command's own (a report's language)."""
    words = list(sys.argv[1:] if argv is None else argv)
    chosen = None
    for i, word in enumerate(words):
        if word == "--lang" and i + 1 < len(words):
            chosen = words[i + 1]
            break
        if word.startswith("--lang="):
            chosen = word.split("=", 1)[1]
            break
        if not word.startswith("-"):
            break
    return message_language(argparse.Namespace(ui_lang=chosen))


def _add_i18n_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """i18n extract | update | status | check: the translation catalogues."""
    p = sub.add_parser("i18n", help="translation catalogues: extract, update, status, check")
    isub = p.add_subparsers(dest="i18n_command", metavar="ACTION", required=True)
    rubric_help = "a rubric of your own (its catalogues sit in i18n/ beside it); default: the interface and the bundled rubrics"  # fmt: skip
    q = isub.add_parser("extract", help="write the templates (.pot) from the code and the rubrics")
    q.add_argument("--rubric", action="append", metavar="FILE", help=rubric_help)
    q.set_defaults(func="i18n:cmd_extract")
    q = isub.add_parser(
        "update", help="create or update the catalogues (.po) of languages from the templates"
    )
    q.add_argument("languages", nargs="+", metavar="LANG", help="language tags, e.g. fr ar zh")
    q.add_argument("--rubric", action="append", metavar="FILE", help=rubric_help)
    q.set_defaults(func="i18n:cmd_update")
    for name, helptext in (
        ("status", "print how complete each language's catalogues are"),
        (
            "check",
            "fail on a missing or fuzzy entry, a changed placeholder, broken markup or a key term not used",
        ),  # fmt: skip
    ):
        q = isub.add_parser(name, help=helptext)
        q.add_argument(
            "languages", nargs="*", metavar="LANG", help="default: every language but English"
        )
        q.add_argument("--rubric", action="append", metavar="FILE", help=rubric_help)
        q.set_defaults(func=f"i18n:cmd_{name}")


def _add_assessment_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """validate, coverage, score, new, responses, schema."""
    p = sub.add_parser(
        "validate", help="check rubric (.yaml), assessment (.json) or responses (.csv) files"
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="the files to check")
    p.add_argument("--rubric", help="rubric file for assessments made with a custom rubric")
    p.set_defaults(func="assess:cmd_validate")

    p = sub.add_parser(
        "coverage", help="list each commitment of a rubric with the criteria that assess it"
    )
    p.add_argument("rubric", metavar="RUBRIC", help="rubric file or bundled rubric id")
    p.add_argument(
        "-v", "--verbose", action="store_true", help="also list each commitment's actions"
    )
    p.set_defaults(func="assess:cmd_coverage")

    p = sub.add_parser("score", help="print the pillar scores of an assessment")
    p.add_argument("assessment", metavar="ASSESSMENT", help="assessment .json file")
    p.add_argument(
        "--rubric", help="rubric file (default: the bundled rubric the assessment names)"
    )
    p.add_argument(
        "--format",
        choices=["table", "csv", "json"],
        default="table",
        help="table (default), csv or json",
    )
    p.add_argument(
        "--method",
        choices=["median", "mean"],
        default="median",
        help="how several respondents' levels combine (default: median)",
    )
    p.set_defaults(func="assess:cmd_score")

    p = sub.add_parser("new", help="create an empty assessment file")
    p.add_argument("--rubric", required=True, help="rubric file or bundled rubric id")
    p.add_argument("--entity", required=True, help="name of the country or organisation")
    p.add_argument("--kind", required=True, choices=KINDS, help="a country or an organisation")
    p.add_argument("--country", default="ZZ", help="ISO 3166 alpha-2 code (default ZZ: unknown)")
    p.add_argument("--sector", help="sector of an organisation (e.g. local government)")
    p.add_argument("--round", default="baseline", help="baseline, follow-up, … (default baseline)")
    p.add_argument("--date", help="date of the assessment, YYYY-MM-DD (default today)")
    p.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="the assessment file to write (.json)"
    )
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.set_defaults(func="assess:cmd_new")

    p = sub.add_parser(
        "responses", help="export responses to, or import them from, a long-format CSV"
    )
    p.add_argument(
        "action", choices=["export", "import"], help="export to the CSV, or import from it"
    )
    p.add_argument("assessment", metavar="ASSESSMENT", help="assessment .json file")
    p.add_argument("csv", metavar="CSV", help="the long-format CSV file")
    p.add_argument("--rubric", help="rubric file for a custom rubric")
    p.add_argument(
        "--include-confidential",
        action="store_true",
        help="export evidence marked confidential too (left out by default)",
    )
    p.set_defaults(func="assess:cmd_responses")

    p = sub.add_parser(
        "export", help="an assessment's results as a workbook: pillars, criteria, plan, answers"
    )
    p.add_argument("assessment", metavar="ASSESSMENT", help="assessment .json file")
    p.add_argument(
        "-o", "--output", required=True, metavar="results.xlsx",
        help="the workbook (.xlsx), or .csv for the criteria alone",
    )  # fmt: skip
    p.add_argument("--rubric", help="rubric file for a custom rubric")
    p.add_argument(
        "--lang", metavar="LANG", type=_language,
        help="the language of the sheets: ar, en, es, fr, ru or zh (default: the messages')",
    )  # fmt: skip
    p.add_argument(
        "--include-confidential",
        action="store_true",
        help="export evidence marked confidential too (left out by default)",
    )
    p.set_defaults(func="export:cmd_export")

    p = sub.add_parser("schema", help="write the rubric JSON Schema for editors")
    p.add_argument(
        "-o",
        "--output",
        default="rubric.schema.json",
        metavar="FILE",
        help="where to write (default: rubric.schema.json)",
    )
    p.set_defaults(func="assess:cmd_schema")


def _add_migrate_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "migrate",
        help="move an assessment to a newer version of its rubric (nothing rescored silently)",
    )
    p.add_argument("assessment", metavar="ASSESSMENT", help="assessment .json file")
    p.add_argument(
        "--to", required=True, metavar="VERSION", help="the rubric version to move to, e.g. 1.1.0"
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="where to write (default: ASSESSMENT-vVERSION.json beside it)",
    )
    p.add_argument("--rubric", metavar="FILE", help="a rubric of your own: the new version's file")
    p.add_argument(
        "--from-rubric",
        metavar="FILE",
        help="a rubric of your own: the version the assessment was made with",
    )
    p.set_defaults(func="assess:cmd_migrate")


def _add_robustness_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """robustness: does the pillar ranking hold under other plausible weightings?"""
    p = sub.add_parser(
        "robustness",
        help="how often the pillar ranking holds when the weights are drawn again around the chosen ones",
    )
    p.add_argument("assessment", metavar="ASSESSMENT", help="assessment .json file")
    p.add_argument(
        "--draws",
        type=int,
        default=10_000,
        metavar="N",
        help="how many plausible weightings to draw, 1 to 1,000,000 (default 10,000)",
    )
    p.add_argument(
        "--seed",
        type=int,
        default=0,
        metavar="S",
        help="seed of the random draws, 0 or more: the same seed gives the same figures (default 0)",
    )
    p.add_argument(
        "--rubric",
        metavar="FILE",
        help="rubric file (default: the bundled rubric the assessment names)",
    )
    p.add_argument(
        "--format", choices=["table", "json"], default="table", help="table (default) or json"
    )
    p.set_defaults(func="analyses:cmd_robustness")


def _add_indicators_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """indicators: record indicator figures from a file; the reality check of the self-ratings."""
    p = sub.add_parser(
        "indicators",
        help="record indicator figures (a long table, a World Bank or ITU download) in an assessment and check the self-ratings against them",
    )
    p.add_argument(
        "assessment",
        metavar="ASSESSMENT",
        help="assessment .json file, or a workshop file (.sqlite): its figures are shown to every participant",
    )
    p.add_argument(
        "values",
        metavar="VALUES.csv",
        nargs="?",
        help="the figures: criterion,code,value,year,source[,unit], or a World Bank or ITU DataHub CSV download (without it: only print the reality check)",
    )
    p.add_argument(
        "--layout",
        choices=["auto", "long", "wdi", "itu"],
        default="auto",
        help="long (a figure a row), wdi (World Bank), itu (ITU DataHub); default: told by the header",
    )
    p.add_argument(
        "--country",
        metavar="CODE",
        help="the country of a file with several: its ISO 3166 code (alpha-3 as in the file, or alpha-2) or name",
    )
    p.add_argument(
        "--year-max",
        type=int,
        metavar="YYYY",
        help="use no figure after this year (default: the latest year with a figure)",
    )
    p.add_argument(
        "--divergence",
        type=int,
        choices=[1, 2, 3, 4],
        metavar="LEVELS",
        help="mark a self-rating divergent from this many levels away from the figures' level, 1 to 4 (saved in the assessment; default 2)",
    )
    p.add_argument(
        "--stale-after",
        type=_positive_int,
        metavar="YEARS",
        help="mark a figure stale from this many years older than the assessment, 1 to 50 (saved in the assessment; default 3)",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT.json",
        help="save into a new file OUT.json (default: into ASSESSMENT itself)",
    )
    p.add_argument(
        "--rubric",
        metavar="FILE",
        help="rubric file (default: the bundled rubric the assessment names)",
    )
    p.set_defaults(func="indicators:cmd_indicators")


def _add_crosswalk_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """crosswalk: the assessment seen through SDG targets, GDC objectives or WSIS action lines."""
    p = sub.add_parser(
        "crosswalk",
        help="the assessment's scores by the SDG targets, Global Digital Compact objectives or WSIS action lines its criteria serve",
    )
    p.add_argument("assessment", metavar="ASSESSMENT", help="assessment .json file")
    p.add_argument(
        "--framework",
        required=True,
        choices=["sdg", "gdc", "wsis"],
        help="sdg (SDG targets), gdc (Global Digital Compact objectives and their sections of commitments) or wsis (WSIS action lines)",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the table to FILE.csv or FILE.xlsx instead of printing it",
    )
    p.add_argument(
        "--rubric",
        metavar="FILE",
        help="rubric file (default: the bundled rubric the assessment names)",
    )
    p.add_argument(
        "--mapping",
        metavar="FILE",
        help="a YAML file mapping each criterion of your own rubric to the frameworks (default: the bundled mapping of the rubric)",
    )
    p.set_defaults(func="frameworks:cmd_crosswalk")


LANG_HELP = (
    "the language: ar, en, es, fr, ru or zh (default: the assessment's, else English); a "
    "region or numbering may follow, e.g. ar-EG, or ar-u-nu-latn for Western digits"
)


def _language(text: str) -> str:
    """A language tag the toolkit speaks, as argparse checks it."""
    import re

    from assessment.text import available_languages, base_language, ui_text

    known = available_languages()
    if not re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*", text) or (
        text not in known and base_language(text) not in known
    ):
        message = ui_text("cli_bad_language", _PARSING_LANG[0], text=text, known=", ".join(known))
        raise argparse.ArgumentTypeError(message)
    return text


#: the messages' language while the command line is parsed (argparse calls the type checkers)
_PARSING_LANG = ["en"]


def _add_report_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """report, workbook, demo."""
    p = sub.add_parser("report", help="write the gap report of an assessment as PDF and HTML")
    p.add_argument(
        "assessment",
        metavar="ASSESSMENT",
        nargs="+",
        help="assessment .json file; or several files and folders of them: a report for each",
    )
    p.add_argument(
        "--jobs",
        type=_positive_int,
        metavar="N",
        help="with several assessments, how many reports are written at once (default: one per core)",
    )
    p.add_argument("--lang", metavar="LANG", type=_language, help=LANG_HELP)
    p.add_argument("--format", default="pdf,html", help="pdf, html or pdf,html (default: both)")
    p.add_argument(
        "--out", default="reports", metavar="DIR", help="folder for the reports (default: reports)"
    )
    p.add_argument(
        "--baseline",
        metavar="ASSESSMENT",
        action="append",
        help="an earlier assessment to compare with (same entity and rubric); repeat it for more rounds (baseline, mid-term…)",
    )
    p.add_argument(
        "--rubric", help="rubric file (default: the bundled rubric the assessment names)"
    )
    p.add_argument(
        "--method",
        choices=["median", "mean"],
        default="median",
        help="how several respondents' levels combine",
    )
    p.add_argument(
        "--include-confidential",
        action="store_true",
        help="show evidence marked confidential (left out by default)",
    )
    p.add_argument(
        "--peers", metavar="PEERS",
        help="compare with peers: a peer file (gdi-assess rollup --peer-file) or a folder of assessments",
    )  # fmt: skip
    p.set_defaults(func="reports:cmd_report")

    p = sub.add_parser(
        "workbook", help="print a paper scoring workbook (PDF) for rooms without devices"
    )
    p.add_argument("rubric", metavar="RUBRIC", help="rubric file or bundled rubric id")
    p.add_argument("--core", action="store_true", help="the short form: core criteria only")
    p.add_argument(
        "--kind",
        choices=KINDS,
        default="country",
        help="whose questions to print (default country)",
    )
    p.add_argument(
        "--answered-by",
        metavar="UNIT",
        help="only the criteria this unit usually answers (e.g. 'statistics office')",
    )
    p.add_argument("--lang", metavar="LANG", type=_language, help="the language: ar, en, es, fr, ru or zh (default: English)")  # fmt: skip
    p.add_argument("--out", required=True, metavar="FILE.pdf", help="the workbook to write (.pdf)")
    p.set_defaults(func="reports:cmd_workbook")

    p = sub.add_parser(
        "demo",
        help="validate the bundled rubrics, score the sample assessments and write their reports",
    )
    p.add_argument(
        "--sample-dir",
        default=str(bundled_dir("sample_data")),
        metavar="DIR",
        help="the folder of sample assessments (default: the bundled ones)",
    )
    p.add_argument(
        "--out",
        default="reports",
        metavar="DIR",
        help="folder for the sample reports (default: reports)",
    )
    p.set_defaults(func="reports:cmd_demo")


def _add_compare_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """compare: two or more rounds of one entity's assessment, and what changed."""
    p = sub.add_parser(
        "compare",
        help="compare two or more rounds of one assessment (baseline, follow-up…): pillar scores and what moved them",
    )
    p.add_argument("old", metavar="OLD", help="an assessment .json file (any round)")
    p.add_argument("new", metavar="NEW", help="another round's assessment .json file")
    p.add_argument(
        "more",
        metavar="MORE",
        nargs="*",
        help="more rounds' files; the rounds are put in order of their dates",
    )
    p.add_argument(
        "--format",
        choices=["table", "csv", "json"],
        default="table",
        help="table (default), csv (the pillar scores per round) or json (everything)",
    )
    p.add_argument(
        "--top",
        type=_positive_int,
        default=5,
        metavar="N",
        help="how many criteria to show that raised and that lowered the score most (default 5)",
    )
    p.add_argument(
        "--rubric",
        action="append",
        metavar="FILE",
        help="a rubric of your own, once for each version the rounds were made with (default: "
        "the bundled rubric each assessment names, at its version)",
    )
    p.add_argument(
        "--method",
        choices=["median", "mean"],
        default="median",
        help="how several respondents' levels combine",
    )
    p.set_defaults(func="compare:cmd_compare")


def _add_plan_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """plan: the gaps in an order that respects prerequisites, with owners and due dates."""
    p = sub.add_parser(
        "plan",
        help="put the gaps in order (no step before a step it depends on) as a plan to fill in with owners and due dates",
    )
    p.add_argument("assessment", metavar="ASSESSMENT", help="assessment .json file")
    g = p.add_mutually_exclusive_group()
    g.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the plan as a sheet to fill in (.xlsx or .csv), with Owner, Due date and Note columns",
    )
    g.add_argument(
        "--import",
        dest="import_file",
        metavar="FILE",
        help="save the owners, due dates and notes of a filled-in plan sheet (.xlsx or .csv) into ASSESSMENT",
    )
    p.add_argument(
        "--format",
        choices=["table", "json"],
        default="table",
        help="how to print the plan: table (default) or json",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="replace the sheet given with -o if it exists (what was filled in there is lost)",
    )
    p.add_argument(
        "--rubric", help="rubric file (default: the bundled rubric the assessment names)"
    )
    p.add_argument(
        "--method",
        choices=["median", "mean"],
        default="median",
        help="how several respondents' levels combine",
    )
    p.set_defaults(func="plan:cmd_plan")


def _add_campaign_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """xlsform; campaign import; rollup."""
    p = sub.add_parser(
        "xlsform",
        help="write the campaign form (XLSForm) that KoboToolbox and ODK Central take",
    )
    p.add_argument("rubric", metavar="RUBRIC", help="rubric file or bundled rubric id")
    p.add_argument(
        "--kind",
        choices=["country", "organisation"],
        default="country",
        help="the kind of unit the form asks about (default: country)",
    )
    p.add_argument("--core", action="store_true", help="the short form: the core criteria only")
    p.add_argument(
        "--lang",
        metavar="LANGS",
        help="the form's languages, the first its default: e.g. fr,en or all (default: the rubric's)",
    )
    p.add_argument(
        "--no-targets", action="store_true", help="leave out the target level of each criterion"
    )
    p.add_argument(
        "--no-confidence", action="store_true", help="leave out how sure the respondent is"
    )
    p.add_argument(
        "-o", "--output", required=True, metavar="FORM.xlsx", help="the form to write (.xlsx)"
    )
    p.set_defaults(func="campaign:cmd_xlsform")
    p = sub.add_parser(
        "campaign", help="run a campaign: many units assess themselves on KoboToolbox or ODK"
    )
    csub = p.add_subparsers(dest="campaign_command", metavar="ACTION", required=True)
    q = csub.add_parser(
        "import", help="an assessment per unit assessed from a Kobo or ODK export of the form"
    )
    q.add_argument(
        "file", metavar="EXPORT", help="CSV or XLSX export of the form (KoboToolbox, ODK Central)"
    )
    q.add_argument("--rubric", required=True, help="rubric file or bundled rubric id")
    q.add_argument(
        "--out", required=True, metavar="DIR", help="folder for the assessments (one per unit)"
    )
    q.add_argument(
        "--kind",
        choices=["country", "organisation"],
        help="the kind of unit (default: what the form asked about)",
    )
    q.add_argument("--country", default="ZZ", help="ISO 3166 alpha-2 code (default ZZ: unknown)")
    q.add_argument("--round", default="baseline", help="baseline, follow-up, … (default baseline)")
    q.add_argument(
        "--date",
        help="date of the assessments, YYYY-MM-DD (default: each unit's latest submission)",
    )
    q.add_argument("--sheet", help="XLSX sheet name (default: the first)")
    q.add_argument(
        "--mapping", metavar="FILE", help="a YAML file naming which column is which criterion"
    )
    q.add_argument(
        "--dayfirst",
        action="store_true",
        help="read dates such as 05/07/2025 as day/month when the file does not settle it",
    )
    q.add_argument("--force", action="store_true", help="replace assessments already in the folder")
    q.add_argument(
        "--keep-names",
        action="store_true",
        help="keep the respondents' names the form collected (left out by default: reports and "
        "workbooks show who gave each answer)",
    )
    q.set_defaults(func="campaign:cmd_campaign_import")
    p = sub.add_parser(
        "rollup", help="roll a campaign up its hierarchy: every province's and the nation's figures"
    )
    p.add_argument(
        "input", nargs="+", metavar="INPUT",
        help="folders or files of assessments, or one long answer table (.parquet or .csv)",
    )  # fmt: skip
    p.add_argument(
        "--hierarchy", required=True, metavar="H.csv",
        help="CSV or XLSX: id, name, parent, level and, if you wish, weight (such as population)",
    )  # fmt: skip
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the roll-up's files")
    p.add_argument("--rubric", help="rubric file or bundled rubric id (needed for an answer table)")
    p.add_argument(
        "--kind", choices=["country", "organisation"],
        help="the kind of unit (default: the assessments'; country for an answer table)",
    )  # fmt: skip
    p.add_argument(
        "--baseline", nargs="+", metavar="INPUT",
        help="the same campaign's earlier round, to set beside this one (progress.csv)",
    )  # fmt: skip
    p.add_argument(
        "--min-units", type=int, default=3, metavar="N",
        help="an area with fewer units answered shows no figures of its own (default 3)",
    )  # fmt: skip
    p.add_argument(
        "--rank", action="store_true",
        help="rank areas and units among those under the same parent (not done unless asked)",
    )  # fmt: skip
    p.add_argument(
        "--format", default="csv,xlsx,html,pdf", metavar="FORMATS",
        help="what to write: csv, xlsx, html, pdf (default all four)",
    )  # fmt: skip
    p.add_argument(
        "--lang", metavar="LANG", type=_language,
        help="the report's language: ar, en, es, fr, ru or zh (default: the messages')",
    )  # fmt: skip
    p.add_argument(
        "--engine", choices=["auto", "duckdb", "pandas"], default="auto",
        help="how an answer table is rolled up (default auto: DuckDB)",
    )  # fmt: skip
    p.add_argument(
        "--peer-file", metavar="PEERS.csv",
        help="also write the units' pillar scores under codes, without names, for peer comparison",
    )  # fmt: skip
    p.add_argument(
        "--peer-names", action="store_true",
        help="name the units in the peer file (only if they agreed to be named)",
    )  # fmt: skip
    p.set_defaults(func="rollup:cmd_rollup")


WORKSHOP_HELP = "the workshop file (.sqlite)"


def _add_workshop_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """workshop new, serve, import, export, status."""
    p = sub.add_parser(
        "workshop", help="run a workshop: many participants score, the facilitator sees the picture"
    )
    wsub = p.add_subparsers(dest="workshop_command", metavar="ACTION", required=True)
    q = wsub.add_parser("new", help="create a workshop file (SQLite) for one entity and rubric")
    q.add_argument(
        "workshop", metavar="WORKSHOP", help="the workshop file to create, e.g. workshop.sqlite"
    )
    q.add_argument("--rubric", required=True, help="rubric file or bundled rubric id")
    q.add_argument("--title", required=True, help="shown at the top of the participants' page")
    q.add_argument("--entity", required=True, help="the country or organisation assessed")
    q.add_argument("--kind", required=True, choices=KINDS, help="a country or an organisation")
    q.add_argument("--country", default="ZZ", help="ISO 3166 alpha-2 code (default ZZ: unknown)")
    q.add_argument("--date", help="date of the workshop, YYYY-MM-DD (default today)")
    q.set_defaults(func="workshops:cmd_workshop_new")
    q = wsub.add_parser("serve", help="serve the participants' scoring page (Voila)")
    q.add_argument("workshop", metavar="WORKSHOP", help=WORKSHOP_HELP)
    q.add_argument("--port", type=int, default=8866, help="the port to serve on (default 8866)")
    q.add_argument(
        "--lan",
        action="store_true",
        help="serve the local network too (prints a link with a token)",
    )
    q.add_argument(
        "--max-participants",
        type=_positive_int,
        default=30,
        metavar="N",
        help="pages in use at once (each holds about 150 MB); later visitors see 'workshop full' (default 30)",
    )
    # seconds a page's kernel waits for the page to connect; tests shorten it
    q.add_argument("--page-timeout", type=float, default=60.0, help=argparse.SUPPRESS)
    q.set_defaults(func="workshops:cmd_workshop_serve")
    q = wsub.add_parser(
        "import", help="add answers from a survey tool or typed-up workbooks (CSV or XLSX)"
    )
    q.add_argument("workshop", metavar="WORKSHOP", help=WORKSHOP_HELP)
    q.add_argument(
        "file",
        metavar="FILE",
        help="CSV or XLSX export (KoboToolbox, ODK, LimeSurvey, a spreadsheet)",
    )
    q.add_argument(
        "--layout",
        choices=["auto", "wide", "long"],
        default="auto",
        help="a row per respondent (wide) or per answer (long)",
    )
    q.add_argument("--sheet", help="XLSX sheet name (default: the first)")
    q.add_argument("--round", type=int, help="round to import into (default: the current round)")
    q.add_argument(
        "--mapping",
        metavar="FILE",
        help="a YAML file naming which column is which criterion and what answer codes mean "
        "(LimeSurvey: question codes such as Q01, answer codes such as AO01)",
    )
    q.add_argument(
        "--dayfirst",
        action="store_true",
        help="read dates such as 05/07/2025 as day/month when the file does not settle it",
    )
    q.add_argument(
        "--as",
        dest="label",
        metavar="LABEL",
        help="label for this import's people (default: from the file name); import a corrected "
        "file under the same label to update it",
    )
    q.set_defaults(func="workshops:cmd_workshop_import")
    q = wsub.add_parser(
        "backup", help="a complete copy of the workshop in one file, even while people answer"
    )
    q.add_argument("workshop", metavar="WORKSHOP", help=WORKSHOP_HELP)
    q.add_argument("out", metavar="OUT", help="the copy to write, e.g. workshop-backup.sqlite")
    q.set_defaults(func="workshops:cmd_workshop_backup")
    q = wsub.add_parser(
        "export", help="the consolidated assessment JSON (and, with --report, its gap report)"
    )
    q.add_argument("workshop", metavar="WORKSHOP", help=WORKSHOP_HELP)
    q.add_argument(
        "--out", required=True, metavar="FILE.json", help="the assessment file to write (.json)"
    )
    q.add_argument("--report", metavar="DIR", help="also write the PDF and HTML report into DIR")
    q.add_argument(
        "--show-names",
        action="store_true",
        help="keep participants' names in the export (only with their consent)",
    )
    q.set_defaults(func="workshops:cmd_workshop_export")
    q = wsub.add_parser("status", help="participants and answers so far")
    q.add_argument("workshop", metavar="WORKSHOP", help=WORKSHOP_HELP)
    q.set_defaults(func="workshops:cmd_workshop_status")


def _positive_int(text: str) -> int:
    """A whole number of at least 1 (argparse shows the message with the option's name)."""
    from assessment.text import ui_text

    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(ui_text("cli_not_whole_number", _PARSING_LANG[0], text=text)) from None  # fmt: skip
    if n < 1:
        raise argparse.ArgumentTypeError(ui_text("cli_at_least_one", _PARSING_LANG[0], text=text))
    return n


def _command(spec: str) -> Callable[[argparse.Namespace], int]:
    """The function ``module:name`` of a subcommand, imported only now."""
    module, name = spec.split(":")
    func: Callable[[argparse.Namespace], int] = getattr(
        importlib.import_module(f"assessment.cli.{module}"), name
    )
    return func


class _Harmless:
    """A text stream that shows terminal control characters instead of obeying them.

    Names, titles and file names come from people and survey files; one carrying an escape
    sequence must not clear the facilitator's screen or hide the lines after it.
    """

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(terminal_text(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:  # a Windows console may not encode every character
            reconfigure(errors="replace")
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Harmless(out), _Harmless(err)
    try:
        return _run(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _run(argv: Sequence[str] | None) -> int:
    from assessment.text import ui_text

    lang = _early_language(argv)
    with argparse_language(lang):
        args = build_parser(lang).parse_args(argv)
    try:
        return int(_command(args.func)(args))
    except ProblemsError as exc:
        if args.debug:
            raise
        print(exc.in_language(lang), file=sys.stderr)
        return 1
    except GdiError as exc:
        if args.debug:
            raise
        print(ui_text("cli_error", lang, message=exc.in_language(lang)), file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader went away (`gdi-assess ... | head`): nothing to say
        import os

        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # the file system said no: a missing or read-only folder, a full disk
        if args.debug:
            raise
        print(ui_text("cli_error", lang, message=_os_message(exc, lang)), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(ui_text("cli_interrupted", lang), file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not the user's fault
        if args.debug:
            raise
        error = f"{type(exc).__name__}: {exc}"
        print(ui_text("cli_internal_error", lang, error=error), file=sys.stderr)
        return 3


def message_language(args: argparse.Namespace) -> str:
    """The language of the command's messages: ``--lang``, else ``$GDI_LANG``, else English."""
    import os

    from assessment.text import available_languages, base_language

    chosen = getattr(args, "ui_lang", None) or os.environ.get("GDI_LANG", "")
    known = available_languages()
    return chosen if chosen and (chosen in known or base_language(chosen) in known) else "en"


def say(args: argparse.Namespace, key: str, /, **values: object) -> None:
    """Print the interface message ``key`` in the messages' language."""
    from assessment.text import ui_text

    print(ui_text(key, message_language(args), **values))


def _os_message(exc: OSError, lang: str = "en") -> str:
    """What the file system refused, in words a person can act on."""
    import errno

    from assessment.text import ui_text

    where = str(exc.filename or ui_text("cli_a_file", lang))
    if exc.errno == errno.ENOSPC:
        return ui_text("cli_disk_full", lang, path=where)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return ui_text("cli_cannot_write", lang, path=where)
    return ui_text("cli_os_error", lang, path=where, reason=exc.strerror or str(exc))


def entry() -> int:
    """The ``gdi-assess`` console script: :func:`main` in a short-lived process.

    A one-shot command allocates many objects and frees none of them until it exits, so the cyclic
    garbage collector's passes are wasted work (mypy tunes it the same way). Freezing the heap at
    the end also spares the interpreter a last full collection on exit.
    """
    import gc

    gc.set_threshold(100_000, 50, 100)
    try:
        return main()
    finally:
        gc.freeze()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(entry())
