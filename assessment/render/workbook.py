"""Paper scoring workbook: a rubric printed as a tick-box form (PDF/UA-1 through Typst).

For workshop rooms without devices: participants tick one level per criterion on paper, and a
facilitator types the answers back in. The criterion ids printed in the workbook are the keys.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from assessment.errors import UsageError
from assessment.i18n import cite
from assessment.render.pdf import typst_pdf
from assessment.rubric import KINDS, LEVEL_LABELS, Rubric
from assessment.storage.atomic import write_atomic
from assessment.storage.bundled import package_dir
from assessment.text import level_label, text_direction, ui_text

__all__ = ["TEMPLATE", "workbook_data", "workbook_pdf", "write_workbook"]

TEMPLATE = package_dir("assessment.render") / "templates" / "workbook.typ"

# Words of the workbook not (yet) in assessment.text; a key found there wins, so moving these
# into UI_TEXT (and translating them) needs no change here.
_WORKBOOK_KEYS = (
    "workbook_title",
    "workbook_who",
    "workbook_no_unit",
    "workbook_terms_label",
    "workbook_glossary_title",
    "workbook_kind_country",
    "workbook_kind_organisation",
    "workbook_rubric",
    "workbook_source",
    "workbook_short_form",
    "workbook_full_form",
    "workbook_count",
    "workbook_about_you",
    "workbook_name",
    "workbook_entity",
    "workbook_group",
    "workbook_group_government",
    "workbook_group_business",
    "workbook_group_civil_society",
    "workbook_group_academia",
    "workbook_group_technical",
    "workbook_group_other",
    "workbook_date",
    "workbook_facilitator",
    "workbook_how",
    "workbook_step_read",
    "workbook_step_tick",
    "workbook_step_na",
    "workbook_step_dk",
    "workbook_step_target",
    "workbook_step_evidence",
    "workbook_step_return",
    "workbook_facilitator_title",
    "workbook_facilitator_note",
    "workbook_levels_title",
    "workbook_tick",
    "workbook_level",
    "workbook_description",
    "workbook_na_reason",
    "workbook_target",
    "workbook_evidence",
    "workbook_look_for",
    "workbook_guidance",
    "workbook_respondent_header",
    "workbook_no_criteria",
    "workbook_no_core_criteria",
    "workbook_bad_kind",
    "workbook_bad_lang",
)

# a BCP 47 tag as far as Typst uses it: language, optional script (ignored), optional region
_LANG_TAG = re.compile(r"([a-z]{2,3})(?:-[A-Z][a-z]{3})?(?:-([A-Z]{2}))?")

_GROUPS = ("government", "business", "civil_society", "academia", "technical", "other")


def _words(lang: str) -> dict[str, str]:
    """Every word the workbook prints, in ``lang`` where translated, else English."""
    keys = [
        *_WORKBOOK_KEYS,
        "dont_know",
        "report_status_not-applicable",
        "report_page",
        "report_author",
    ]
    return {k: ui_text(k, lang) for k in keys}


def workbook_data(
    rubric: Rubric,
    *,
    kind: str = "country",
    core_only: bool = False,
    title: str | None = None,
    lang: str = "en",
    answered_by: str | None = None,
) -> dict[str, Any]:
    """Everything the workbook prints, as plain data for the Typst template (no I/O).

    ``answered_by``: only the criteria that unit usually answers (the rubric's ``answered_by``),
    so a coordinator can hand each agency or department its own workbook.

    Raises :class:`UsageError` for an unknown ``kind`` or when no criterion is left to print.
    """
    w = _words(lang)
    if kind not in KINDS:
        raise UsageError.keyed("workbook_bad_kind", kind=kind, valid=", ".join(KINDS))
    tag = _LANG_TAG.fullmatch(lang)
    if tag is None:
        raise UsageError.keyed("workbook_bad_lang", lang=lang)
    language, region = tag.group(1), tag.group(2)
    pillars: list[dict[str, Any]] = []
    used_terms: set[str] = set()
    for p in rubric.pillars:
        criteria = []
        for c in p.commitments:
            for k in c.criteria:
                question = k.question(kind)
                if question is None or (core_only and not k.core):
                    continue
                who = list(k.answered_by.get(kind, ()))  # type: ignore[call-overload]
                if answered_by and answered_by not in who:
                    continue
                used_terms.update(t for t in k.terms if t in rubric.glossary)
                criteria.append(
                    {
                        "id": k.id,
                        "title": k.title,
                        "question": question,
                        "cite": cite(rubric, c.id, lang),
                        "levels": [
                            [str(n), level_label(n, lang), k.descriptor(n, kind)]
                            for n in sorted(LEVEL_LABELS)
                        ],
                        "look_for": w["workbook_look_for"].format(evidence="; ".join(k.evidence)),
                        "guidance": (
                            w["workbook_guidance"].format(guidance=k.guidance)
                            if k.guidance
                            else None
                        ),
                        "who": w["workbook_who"].format(units="; ".join(who)) if who else None,
                        "terms": ", ".join(
                            rubric.glossary[t].term for t in k.terms if t in rubric.glossary
                        )
                        or None,
                    }
                )
        if criteria:
            pillars.append({"id": p.id, "title": p.title, "criteria": criteria})
    n = sum(len(p["criteria"]) for p in pillars)
    if n == 0:
        if answered_by:
            units = sorted({u for k in rubric.criteria(kind) for u in k.answered_by.get(kind, ())})  # type: ignore[call-overload]  # fmt: skip
            raise UsageError.keyed(
                "workbook_no_unit",
                rubric=rubric.id,
                unit=answered_by,
                units=", ".join(units) or "none",
            )
        key = "workbook_no_core_criteria" if core_only else "workbook_no_criteria"
        raise UsageError.keyed(key, rubric=rubric.id, kind=kind)
    heading = title or w["workbook_title"].format(rubric=rubric.title)
    first_id = pillars[0]["criteria"][0]["id"]
    return {
        "title": heading,
        "lang": language,
        "region": region or None,
        "direction": text_direction(lang),
        "author": w["report_author"],
        "kind": w[f"workbook_kind_{kind}"],
        "rubric": w["workbook_rubric"].format(id=rubric.id, version=rubric.version),
        "source": w["workbook_source"].format(source=rubric.source.title, year=rubric.source.year),
        "form": w["workbook_short_form"] if core_only else w["workbook_full_form"],
        "count": w["workbook_count"].format(n=n, pillars=len(pillars)),
        "steps": [
            w["workbook_step_read"],
            w["workbook_step_tick"],
            w["workbook_step_na"],
            w["workbook_step_dk"],
            w["workbook_step_target"],
            w["workbook_step_evidence"],
            w["workbook_step_return"].format(example=first_id),
        ],
        "facilitator_note": w["workbook_facilitator_note"].format(example=first_id),
        "scale": [[str(n), level_label(n, lang)] for n in sorted(LEVEL_LABELS)],
        "groups": [w[f"workbook_group_{g}"] for g in _GROUPS],
        "pillars": pillars,
        # the terms the printed criteria use, defined once at the end
        "glossary": [
            [
                rubric.glossary[t].term,
                rubric.glossary[t].definition,
                rubric.glossary[t].source or "",
            ]
            for t in sorted(used_terms, key=lambda t: rubric.glossary[t].term.casefold())
        ],
        "unit": answered_by,
        "text": {
            **{k.removeprefix("workbook_"): v for k, v in w.items() if k.startswith("workbook_")},
            "not_applicable": w["report_status_not-applicable"],
            "dont_know": w["dont_know"],
            "page": w["report_page"],
        },
    }


def workbook_pdf(
    rubric: Rubric,
    *,
    kind: str = "country",
    core_only: bool = False,
    title: str | None = None,
    lang: str = "en",
    timestamp: int | None = None,
    answered_by: str | None = None,
) -> bytes:
    """The rubric as a printable A4 scoring workbook (PDF/UA-1 bytes).

    Parameters
    ----------
    rubric
        The rubric to print.
    kind
        ``"country"`` or ``"organisation"``: which question wording to print; criteria that do
        not apply to this kind are left out.
    core_only
        Print the short form: core criteria only.
    title
        The workbook's title (cover, footer, PDF metadata); default ``Scoring workbook: <rubric>``.
    lang
        Language of the workbook's own words and of the PDF (the rubric's text prints as it is).
    timestamp
        Unix time for the PDF's dates; give one to make the file reproducible byte for byte.
    answered_by
        Only the criteria this unit usually answers (one agency's or department's workbook).
    """
    data = workbook_data(
        rubric, kind=kind, core_only=core_only, title=title, lang=lang, answered_by=answered_by
    )
    return typst_pdf(TEMPLATE, data, timestamp=timestamp)


def write_workbook(rubric: Rubric, path: str | os.PathLike[str], **kw: Any) -> Path:
    """Write the workbook PDF to ``path`` atomically; ``kw`` as for :func:`workbook_pdf`."""
    return write_atomic(path, workbook_pdf(rubric, **kw))
