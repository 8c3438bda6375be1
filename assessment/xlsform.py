"""Core: a rubric as an XLSForm, the form definition KoboToolbox and ODK Central both take.

Pure: :func:`build_xlsform` gives the three sheets (``survey``, ``choices``, ``settings``) as rows
of cells; :mod:`assessment.storage.xlsform` writes them to a workbook. The form is made so that its
exports come back with no mapping (``gdi-assess workshop import``, ``gdi-assess campaign import``):

- each criterion is a ``select_one`` named by its id (``I.1-joint-planning``), its five levels
  named ``0`` to ``4`` (labels: the level, its name and the rubric's descriptor), ``na`` (not
  applicable: a required reason follows) and ``dk`` (don't know);
- its companions are named ``<id>_reason``, ``<id>_target``, ``<id>_confidence`` and
  ``<id>_evidence``; every label starts with a tag such as ``[I.1-joint-planning]`` or
  ``[I.1-joint-planning reason]``, so an export that heads its columns with labels (Kobo's
  default) names the criterion in every language;
- the identity: ``entity_id`` and ``entity_name`` (the unit assessed), ``respondent_name``
  (optional) and ``stakeholder_group``;
- ``rubric_id``, ``rubric_version`` and ``rubric_sha256`` are calculated fields: every submission
  carries them, and an import checks them against the rubric in hand.

Pillars are groups named ``p_<pillar id>`` (Kobo joins group and field with ``/``, ODK Central
with ``-``: the importer reads both).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from assessment.rubric import Criterion, Rubric
from assessment.text import group_name, language_name, level_label, ui_text

__all__ = [
    "CHOICE_DK",
    "CHOICE_NA",
    "COMPANIONS",
    "GROUP_CHOICES",
    "IDENTITY_FIELDS",
    "RUBRIC_FIELDS",
    "XLSForm",
    "build_xlsform",
    "choice_list",
    "field_name",
    "form_id",
    "label_column",
]

#: the names of "not applicable" and "don't know" among a criterion's choices
CHOICE_NA: Final = "na"
CHOICE_DK: Final = "dk"
#: the companion fields of a criterion, as ``<id>_<field>``
COMPANIONS: Final = ("reason", "target", "confidence", "evidence")
#: the identity fields of every submission
IDENTITY_FIELDS: Final = ("entity_id", "entity_name", "respondent_name", "stakeholder_group")
#: the calculated fields every submission carries (the rubric it was made from; then the kind of
#: entity the form asks about, ``form_kind``)
RUBRIC_FIELDS: Final = ("rubric_id", "rubric_version", "rubric_sha256")
#: stakeholder group choice name -> the toolkit's group
GROUP_CHOICES: Final[Mapping[str, str]] = {
    "government": "Government",
    "business": "Business",
    "civil_society": "Civil society",
    "academia": "Academia",
    "technical_community": "Technical community",
    "other": "Other",
}
#: an entity id as the toolkit's files take it (the form checks it as it is typed)
_ID_CONSTRAINT: Final = "regex(., '^[A-Za-z0-9][A-Za-z0-9._-]*$') and string-length(.) <= 80"
#: the most characters the toolkit's files take for a name or reason, and for evidence
SHORT_TEXT: Final = 500
LONG_TEXT: Final = 20_000

SURVEY_BASE: Final = ("type", "name")
SURVEY_TAIL: Final = ("required", "relevant", "constraint", "appearance", "calculation")


@dataclass(frozen=True)
class XLSForm:
    """The three sheets of an XLSForm, each a header and rows of text cells."""

    survey_header: tuple[str, ...]
    survey: tuple[tuple[str, ...], ...]
    choices_header: tuple[str, ...]
    choices: tuple[tuple[str, ...], ...]
    settings_header: tuple[str, ...]
    settings: tuple[tuple[str, ...], ...]
    languages: tuple[str, ...]

    @property
    def questions(self) -> tuple[str, ...]:
        """The names of the criteria's questions, in form order."""
        t, n = self.survey_header.index("type"), self.survey_header.index("name")
        return tuple(r[n] for r in self.survey if r[t].startswith("select_one c_"))


def label_column(kind: str, lang: str) -> str:
    """The column of a translated text: ``label::English (en)``, ``hint::Français (fr)``."""
    return f"{kind}::{language_name(lang)} ({lang})"


def field_name(criterion_id: str) -> str:
    """A criterion's field in the form: its id, with ``_`` before an id that starts with a digit
    (``1.1-links`` -> ``_1.1-links``: XLSForm names start with a letter or ``_``)."""
    return criterion_id if criterion_id[:1].isalpha() else f"_{criterion_id}"


def choice_list(criterion_id: str) -> str:
    """The choice list of one criterion's levels: ``c_`` and its id with ``_`` for ``.``/``-``."""
    return "c_" + re.sub(r"[^A-Za-z0-9_]", "_", criterion_id)


def form_id(rubric: Rubric, kind: str, core_only: bool) -> str:
    """The form's id: ``gdi_digital_inclusion_2025_country`` (``_core`` for the short form)."""
    base = re.sub(r"[^A-Za-z0-9_]", "_", rubric.id)
    return f"{base}_{kind}{'_core' if core_only else ''}"


def _tag(cid: str, field: str | None = None) -> str:
    return f"[{cid} {field}]" if field else f"[{cid}]"


class _Survey:
    """The survey sheet as it is built: a row per question, a column per setting and language."""

    def __init__(self, langs: Sequence[str]) -> None:
        self.labels = tuple(label_column("label", lg) for lg in langs)
        self.hints = tuple(label_column("hint", lg) for lg in langs)
        self.messages = tuple(label_column("constraint_message", lg) for lg in langs)
        self.header = (*SURVEY_BASE, *self.labels, *self.hints, *SURVEY_TAIL, *self.messages)
        self._col = {name: i for i, name in enumerate(self.header)}
        self.rows: list[tuple[str, ...]] = []

    def add(self, type_: str, name: str, label: Sequence[str] = (), hint: Sequence[str] = (), message: Sequence[str] = (), **extra: str) -> None:  # fmt: skip
        cells = [""] * len(self.header)
        cells[self._col["type"]], cells[self._col["name"]] = type_, name
        for column, text in (*zip(self.labels, label, strict=False), *zip(self.hints, hint, strict=False), *zip(self.messages, message, strict=False)):  # fmt: skip
            cells[self._col[column]] = text
        for key, value in extra.items():
            cells[self._col[key]] = value
        self.rows.append(tuple(cells))


def build_xlsform(
    rubric: Rubric,
    translations: Mapping[str, Rubric],
    *,
    kind: str,
    core_only: bool = False,
    targets: bool = True,
    confidence: bool = True,
) -> XLSForm:
    """The XLSForm of ``rubric`` for one kind of entity.

    ``translations`` maps each language of the form (the first is its default) to the rubric in
    that language (the rubric itself for its own language). ``core_only`` keeps the short form's
    criteria; ``targets`` and ``confidence`` add those companions (evidence and the reason for
    "not applicable" are always there).
    """
    if kind not in ("country", "organisation"):
        raise ValueError(f"kind must be country or organisation, not {kind!r}")
    langs = tuple(translations)
    if not langs:
        raise ValueError("a form needs at least one language")
    sheet = _Survey(langs)
    add = sheet.add

    def t(key: str, **values: object) -> tuple[str, ...]:
        return tuple(ui_text(key, lg, **values) for lg in langs)

    add("start", "start")
    add("end", "end")
    for name, value in zip(RUBRIC_FIELDS, (rubric.id, rubric.version, rubric.content_hash), strict=True):  # fmt: skip
        add("calculate", name, calculation=f"'{value}'")
    add("calculate", "form_kind", calculation=f"'{kind}'")

    def tagged(name: str, key: str) -> tuple[str, ...]:
        return tuple(f"{_tag(name)} {x}" for x in t(key))

    add("begin_group", "identity", t("xlsform_identity"))
    short_rule, short_message = f"string-length(.) <= {SHORT_TEXT}", t("xlsform_at_most", n=SHORT_TEXT)  # fmt: skip
    add("text", "entity_id", tagged("entity_id", "xlsform_entity_id"), t("xlsform_entity_id_hint"), t("xlsform_entity_id_rule"), required="yes", constraint=_ID_CONSTRAINT)  # fmt: skip
    add("text", "entity_name", tagged("entity_name", "xlsform_entity_name"), required="yes", constraint=short_rule, message=short_message)  # fmt: skip
    add("text", "respondent_name", tagged("respondent_name", "xlsform_respondent_name"), t("xlsform_respondent_name_hint"), constraint=short_rule, message=short_message)  # fmt: skip
    add("select_one stakeholder", "stakeholder_group", tagged("stakeholder_group", "xlsform_group"), required="yes")  # fmt: skip
    add("end_group", "")
    lists: list[tuple[str, ...]] = []
    for pillar in rubric.pillars:
        crits = [
            k
            for c in pillar.commitments
            for k in c.criteria
            if kind in k.applies_to and (k.core or not core_only)
        ]
        if not crits:
            continue
        shown = [translations[lg].by_id[crits[0].id].pillar for lg in langs]
        add("begin_group", f"p_{pillar.id}", tuple(f"{p.id} {p.title}" for p in shown))
        for k in crits:
            here = [translations[lg].by_id[k.id].criterion for lg in langs]
            _criterion_rows(add, t, k, here, kind, targets=targets, confidence=confidence)
            lists.extend(_level_choices(k, here, langs, kind))
        add("end_group", "")
    choices: list[tuple[str, ...]] = [*lists]
    for lvl in range(5):
        choices.append(("target", str(lvl), *(f"{lvl} – {level_label(lvl, lg)}" for lg in langs)))
    for name in ("low", "medium", "high"):
        choices.append(("confidence", name, *(ui_text(f"confidence_{name}", lg) for lg in langs)))
    for name, group in GROUP_CHOICES.items():
        choices.append(("stakeholder", name, *(group_name(group, lg) for lg in langs)))
    first = langs[0]
    title = translations[first].title
    what = ui_text(f"word_{kind}", first) + (", " + ui_text("xlsform_core", first) if core_only else "")  # fmt: skip
    settings = (
        (
            f"{title} ({what})",
            form_id(rubric, kind, core_only),
            f"{rubric.version}-{rubric.content_hash[:8]}",
            f"{language_name(first)} ({first})",
            "concat(${entity_id}, ' ', ${stakeholder_group})",
        ),
    )
    return XLSForm(
        sheet.header, tuple(sheet.rows), ("list_name", "name", *sheet.labels), tuple(choices),
        ("form_title", "form_id", "version", "default_language", "instance_name"), settings, langs,
    )  # fmt: skip


def _criterion_rows(
    add: Callable[..., None],
    t: Callable[..., tuple[str, ...]],
    k: Criterion,
    here: Sequence[Criterion],
    kind: str,
    *,
    targets: bool,
    confidence: bool,
) -> None:
    """One criterion's question and its companions, each asked only where it means something."""
    name = field_name(k.id)
    ref = "${" + name + "}"
    question = tuple(f"{_tag(k.id)} {h.question(kind) or h.title}" for h in here)
    add(f"select_one {choice_list(k.id)}", name, question, tuple(h.title for h in here))
    reason = tuple(f"{_tag(k.id, 'reason')} {x}" for x in t("xlsform_reason"))
    add("text", f"{name}_reason", reason, required="yes", relevant=f"{ref} = '{CHOICE_NA}'", constraint=f"string-length(.) <= {SHORT_TEXT}", message=t("xlsform_at_most", n=SHORT_TEXT))  # fmt: skip
    answered = f"{ref} != '' and {ref} != '{CHOICE_NA}' and {ref} != '{CHOICE_DK}'"
    if targets:
        target = tuple(f"{_tag(k.id, 'target')} {x}" for x in t("xlsform_target"))
        add("select_one target", f"{name}_target", target, relevant=answered)
    if confidence:
        sure = tuple(f"{_tag(k.id, 'confidence')} {x}" for x in t("xlsform_confidence"))
        add("select_one confidence", f"{name}_confidence", sure, relevant=answered)
    evidence = tuple(f"{_tag(k.id, 'evidence')} {x}" for x in t("xlsform_evidence"))
    add("text", f"{name}_evidence", evidence, relevant=f"{ref} != ''", appearance="multiline", constraint=f"string-length(.) <= {LONG_TEXT}", message=t("xlsform_at_most", n=LONG_TEXT))  # fmt: skip


def _level_choices(
    k: Criterion, here: Sequence[Criterion], langs: Sequence[str], kind: str
) -> list[tuple[str, ...]]:
    """A criterion's choices: its five levels with their descriptors, "not applicable", "don't know"."""
    name = choice_list(k.id)
    out = [
        (
            name,
            str(lvl),
            *(
                f"{lvl} – {level_label(lvl, lg)}: {' '.join(h.descriptor(lvl, kind).split())}"
                for h, lg in zip(here, langs, strict=True)
            ),
        )  # fmt: skip
        for lvl in range(5)
    ]
    out.append((name, CHOICE_NA, *(ui_text("not_applicable", lg) for lg in langs)))
    out.append((name, CHOICE_DK, *(ui_text("dont_know", lg) for lg in langs)))
    return out
