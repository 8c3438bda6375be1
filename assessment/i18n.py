"""Translation catalogues as pure data: what there is to translate, and a rubric in another language.

Every translatable text has a stable *context*, the path of the field it comes from (for a rubric:
``I.1-joint-planning/levels/2``, ``commitments/I.1/summary``, ``glossary/computing-power/term``;
for the interface: its key in :data:`assessment.text.UI_TEXT`). The English text is the message;
a translation replaces it field by field, and an assessment made in one language is the same
assessment in every other (its rubric's content hash is that of the English source). Reading and
writing gettext files is the storage layer's job (:mod:`assessment.storage.catalogues`).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assessment.rubric import LEVEL_LABELS, Rubric

__all__ = [
    "Message",
    "cite",
    "markup_problems",
    "placeholder_problems",
    "placeholders",
    "pseudo",
    "rubric_messages",
    "term_problems",
    "translate_rubric",
    "translation_problems",
]


@dataclass(frozen=True, slots=True)
class Message:
    """One text to translate: where it comes from, the English, and a note for the translator."""

    context: str
    source: str
    comment: str = ""
    #: the English plural of a message whose words change with a count (empty: none)
    plural: str = ""


def _criterion_messages(k: Any) -> Iterator[Message]:
    cid = k.id
    yield Message(f"{cid}/title", k.title, f"Title of criterion {cid}")
    for kind, text in k.questions.items():
        yield Message(f"{cid}/questions/{kind}", text, f"Question of {cid} for a {kind}")
    for n, text in k.levels.items():
        yield Message(f"{cid}/levels/{n}", text, f"{cid}: level {n} ({LEVEL_LABELS[n]})")
    for kind, levels in k.levels_by_kind.items():
        for n, text in levels.items():
            yield Message(
                f"{cid}/levels_by_kind/{kind}/{n}",
                text,
                f"{cid}: level {n} ({LEVEL_LABELS[n]}) as a {kind} reads it",
            )
    for i, text in enumerate(k.evidence):
        yield Message(f"{cid}/evidence/{i}", text, f"{cid}: a document or data to look for")
    if k.guidance:
        yield Message(f"{cid}/guidance", k.guidance, f"{cid}: how to choose between two levels")
    for i, ind in enumerate(k.indicators):
        code = f" ({ind.code})" if ind.code else ""
        yield Message(
            f"{cid}/indicators/{i}/name",
            ind.name,
            f"{cid}: indicator name{code}; keep the official name of a coded indicator",
        )
        if ind.unit:
            yield Message(f"{cid}/indicators/{i}/unit", ind.unit, f"{cid}: unit of an indicator")
        if ind.note:
            yield Message(
                f"{cid}/indicators/{i}/note",
                ind.note,
                f"{cid}: where an indicator's thresholds come from; keep every number",
            )


def rubric_messages(rubric: Rubric) -> tuple[Message, ...]:
    """Every text of ``rubric`` a reader sees, in rubric order, each once.

    Who answers (``answered_by``) is a shared vocabulary: each unit is one message.
    """
    out: list[Message] = [
        Message("title", rubric.title, "Title of the rubric"),
        Message("description", rubric.description, "What the rubric assesses"),
        Message(
            "source/title",
            rubric.source.title,
            "Title of the source text (use its official title where one exists)",
        ),  # fmt: skip
    ]
    if rubric.source.occasion:
        out.append(Message("source/occasion", rubric.source.occasion, "Where the source text was issued"))  # fmt: skip
    units: dict[str, None] = {}
    for p in rubric.pillars:
        out.append(Message(f"pillars/{p.id}/title", p.title, f"Title of section {p.id} of the source"))  # fmt: skip
        out.append(
            Message(
                f"pillars/{p.id}/short_title",
                p.short_title,
                f"Short title of section {p.id}, for charts: at most 30 characters",
            )
        )
        for c in p.commitments:
            out.append(Message(f"commitments/{c.id}/summary", c.summary, f"Commitment {c.id}, in our words"))  # fmt: skip
            for a in c.actions:
                out.append(Message(f"commitments/{c.id}/actions/{a.id}", a.text, f"An action of commitment {c.id}"))  # fmt: skip
            for k in c.criteria:
                out.extend(_criterion_messages(k))
                for names in k.answered_by.values():
                    units.update(dict.fromkeys(names))
    out.extend(
        Message(f"answered_by/{u}", u, "A unit that usually holds the evidence") for u in units
    )
    for key, entry in rubric.glossary.items():
        out.append(Message(f"glossary/{key}/term", entry.term, "A glossary term"))
        out.append(Message(f"glossary/{key}/definition", entry.definition, f"Definition of '{entry.term}'"))  # fmt: skip
    return tuple(out)


def _translated_criterion(k: dict[str, Any], t: Mapping[str, str]) -> dict[str, Any]:
    cid = k["id"]

    def tr(path: str, value: str) -> str:
        return t.get(f"{cid}/{path}") or value

    k["title"] = tr("title", k["title"])
    k["questions"] = {kind: tr(f"questions/{kind}", q) for kind, q in k["questions"].items()}
    k["levels"] = {n: tr(f"levels/{n}", d) for n, d in k["levels"].items()}
    k["levels_by_kind"] = {
        kind: {n: tr(f"levels_by_kind/{kind}/{n}", d) for n, d in levels.items()}
        for kind, levels in k["levels_by_kind"].items()
    }
    k["evidence"] = [tr(f"evidence/{i}", e) for i, e in enumerate(k["evidence"])]
    if k.get("guidance"):
        k["guidance"] = tr("guidance", k["guidance"])
    for i, ind in enumerate(k["indicators"]):
        ind["name"] = tr(f"indicators/{i}/name", ind["name"])
        if ind.get("unit"):
            ind["unit"] = tr(f"indicators/{i}/unit", ind["unit"])
        if ind.get("note"):
            ind["note"] = tr(f"indicators/{i}/note", ind["note"])
    k["answered_by"] = {
        kind: [t.get(f"answered_by/{u}") or u for u in names]
        for kind, names in k["answered_by"].items()
    }
    return k


def translate_rubric(rubric: Rubric, translations: Mapping[str, str], lang: str) -> Rubric:
    """``rubric`` with every text that has a translation in ``translations`` (context -> text)
    replaced, and ``language`` set to ``lang``. Texts without one stay in English.

    Ids, levels, weights and the structure are untouched, so scores are the same in every
    language, and the result keeps the English source's content hash: an assessment made with
    the rubric in French is an assessment made with the rubric.
    """
    if not translations:
        return rubric
    t = translations
    data = rubric.model_dump()
    data["language"] = lang
    data["title"] = t.get("title") or data["title"]
    data["description"] = t.get("description") or data["description"]
    data["source"]["title"] = t.get("source/title") or data["source"]["title"]
    if data["source"].get("occasion"):
        data["source"]["occasion"] = t.get("source/occasion") or data["source"]["occasion"]
    for p in data["pillars"]:
        p["title"] = t.get(f"pillars/{p['id']}/title") or p["title"]
        p["short_title"] = t.get(f"pillars/{p['id']}/short_title") or p["short_title"]
        for c in p["commitments"]:
            c["summary"] = t.get(f"commitments/{c['id']}/summary") or c["summary"]
            for a in c["actions"]:
                a["text"] = t.get(f"commitments/{c['id']}/actions/{a['id']}") or a["text"]
            c["criteria"] = [_translated_criterion(k, t) for k in c["criteria"]]
    for key, entry in data["glossary"].items():
        entry["term"] = t.get(f"glossary/{key}/term") or entry["term"]
        entry["definition"] = t.get(f"glossary/{key}/definition") or entry["definition"]
    out = Rubric.model_validate(data)
    # a cached property: the translation is the same rubric as its source, for every record
    out.__dict__["content_hash"] = rubric.content_hash
    return out


def cite(rubric: Rubric, commitment_id: str, lang: str = "en") -> str:
    """The citation of a commitment in ``lang``: the source's title (as the rubric in that
    language has it), year, section and sentence or paragraph."""
    from assessment.text import ui_text

    section, _, number = commitment_id.partition(".")
    return ui_text(
        f"cite_{rubric.source.unit}",
        lang,
        title=rubric.source.title,
        year=str(rubric.source.year),
        section=section,
        number=number,
    )


# -- checks on one translation ---------------------------------------------------------------------

_FORMATTER = string.Formatter()
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")


def placeholders(text: str) -> list[str]:
    """The ``{name}`` fields of a format string, with their conversion and format spec
    (``{kind!r}`` stays ``kind!r``), sorted; an unbalanced brace is ``"{"``."""
    try:
        fields = [
            name + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "")
            for _, name, spec, conv in _FORMATTER.parse(text)
            if name is not None
        ]
    except ValueError:
        return ["{"]
    return sorted(fields)


def placeholder_problems(source: str, translation: str) -> list[str]:
    """What is wrong with the placeholders of ``translation``: dropped, added or changed."""
    want, got = placeholders(source), placeholders(translation)
    if want == got:
        return []
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    parts = []

    def shown(names: list[str]) -> str:
        return ", ".join("an unbalanced brace" if n == "{" else "{" + n + "}" for n in names)

    if missing:
        parts.append("missing " + shown(missing))
    if extra:
        parts.append("not in the English " + shown(extra))
    if not parts:
        parts.append("a placeholder is repeated a different number of times")
    return ["placeholders: " + "; ".join(parts)]


def _tag(m: re.Match[str]) -> str:
    return ("</" if m.group(0).startswith("</") else "<") + m.group(1).lower() + ">"


def markup_problems(source: str, translation: str) -> list[str]:
    """HTML tags the English has that the translation lost, added or left unclosed."""
    want = sorted(_tag(m) for m in _TAG.finditer(source))
    got = sorted(_tag(m) for m in _TAG.finditer(translation))
    if want == got:
        return []
    return [f"markup: the English has tags {want or 'none'}, the translation {got or 'none'}"]


def translation_problems(context: str, source: str, translation: str) -> list[str]:
    """Every problem of one translated message (an empty list: it is fine)."""
    problems = placeholder_problems(source, translation) + markup_problems(source, translation)
    indent = len(source) - len(source.lstrip(" "))
    if indent and len(translation) - len(translation.lstrip(" ")) != indent:
        problems.append(f"indent: the English starts with {indent} spaces; keep them")
    if context.endswith("/short_title") and len(translation) > 30:
        problems.append(f"too long for a chart label: {len(translation)} characters, at most 30")
    return problems


def _form_pattern(form: str) -> re.Pattern[str]:
    return re.compile(re.escape(form).replace(r"\*", r"\w*"), re.IGNORECASE)


def _english_pattern(term: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + re.escape(term) + r"(?:s|es)?(?![\w-])", re.IGNORECASE)


def term_problems(source: str, translation: str, terms: Mapping[str, Sequence[str]]) -> list[str]:
    """Key terms the English uses that the translation does not render with one of the accepted
    forms (``terms``: English term -> forms, ``*`` standing for any letters)."""
    return [
        f"key term '{term}': use one of {', '.join(forms)}"
        for term, forms in terms.items()
        if forms
        and _english_pattern(term).search(source)
        and not any(_form_pattern(f).search(translation) for f in forms)
    ]


_ACCENTED = str.maketrans("aceinorsuyzACEINORSUYZ", "àçéîñöŕšüýžÀÇÉÎÑÖŔŠÜÝŽ")
_KEEP = re.compile(r"(\{[^{}]*\}|<[^<>]+>|https?://\S+)")


def pseudo(text: str, longer: float = 0.4) -> str:
    """A pseudo-translation for testing layouts: every letter accented, the text about
    ``longer`` (40 %) longer, bracketed; placeholders, tags and links kept as they are."""
    parts = _KEEP.split(text)
    out = "".join(p if i % 2 else p.translate(_ACCENTED) for i, p in enumerate(parts))
    pad = max(1, round(len(text) * longer))
    filler = "·ẋ" * (pad // 2 + 1)
    return f"[{out} {filler[:pad]}]"
