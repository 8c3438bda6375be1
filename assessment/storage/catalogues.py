"""Shell: the gettext catalogues (``.pot`` templates, ``.po`` translations), read and written with Babel.

Where they are:

- the interface (widgets, reports, workbook, command line, problem messages):
  ``assessment/locale/gdi-assess.pot`` and ``assessment/locale/<lang>/LC_MESSAGES/gdi-assess.po``;
- a rubric: ``i18n/<rubric id>.pot`` and ``i18n/<lang>/<rubric id>.po`` in the rubric's own folder
  (for the bundled rubrics, ``rubrics/i18n/``), so a rubric of one's own is translated the same way.

Each message's context (``msgctxt``) is the stable path of the field it translates; the English is
the ``msgid``. When the English changes, :func:`update_catalogue` keeps the translation, marks it
fuzzy and records the English it was made for, so a translator sees what changed. Fuzzy and empty
entries are never shown to users: the English is.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po

from assessment.errors import UsageError
from assessment.i18n import Message, term_problems, translation_problems
from assessment.problems import CATALOGUE
from assessment.rubric import Rubric
from assessment.storage.atomic import write_atomic
from assessment.storage.bundled import package_dir
from assessment.text import PLURAL_TEXT, UI_TEXT

__all__ = [
    "LOCALE_DIR",
    "UI_DOMAIN",
    "CatalogueStatus",
    "catalogue_problems",
    "catalogue_status",
    "language_status",
    "language_table",
    "load_terms",
    "read_catalogue",
    "rubric_catalogue_paths",
    "rubric_translations",
    "ui_catalogue",
    "ui_catalogue_paths",
    "ui_messages",
    "ui_translations",
    "update_catalogue",
    "write_template",
]

#: The interface's catalogues, inside the package.
LOCALE_DIR = package_dir() / "locale"
UI_DOMAIN = "gdi-assess"
PROJECT = "GDI self-assessment toolkit"


def ui_messages() -> tuple[Message, ...]:
    """The interface's texts: widgets, reports, workbook and command line, and the problem
    catalogue's messages and hints."""
    out = [
        Message(key, text, "Interface text: keep every {placeholder}")
        for key, text in UI_TEXT["en"].items()
        if key != "direction"
    ]
    out += [
        Message(
            key,
            one,
            "Interface text with a count {n}: one form per plural form of the language",
            plural=many,
        )  # fmt: skip
        for key, (one, many) in PLURAL_TEXT.items()
    ]
    out += _framework_messages()
    for code, kind in CATALOGUE.items():
        out.append(Message(f"problem/{code}/message", kind.message, "Problem message: keep every {placeholder}"))  # fmt: skip
        if kind.hint:
            out.append(Message(f"problem/{code}/hint", kind.hint, "What to do about the problem: keep every {placeholder}"))  # fmt: skip
    return tuple(out)


def _framework_messages() -> list[Message]:
    """The short titles of the SDG targets, GDC objectives and WSIS action lines that the
    bundled crosswalks name (``rubrics/frameworks/frameworks.yaml``)."""
    from assessment.storage.frameworks import REFERENCE, load_framework_reference

    if not REFERENCE.is_file():
        return []
    ref = load_framework_reference()
    return [
        Message(f"framework/{fid}/{code}", title, f"{info.name}: a short title ({info.source})")
        for fid, info in ref.frameworks.items()
        for code, title in info.codes.items()
    ]


def ui_catalogue_paths(lang: str | None = None) -> Path:
    """The interface's template (``lang=None``) or its catalogue in ``lang``."""
    if lang is None:
        return LOCALE_DIR / f"{UI_DOMAIN}.pot"
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{UI_DOMAIN}.po"


def rubric_catalogue_paths(rubric_file: Path, rubric_id: str, lang: str | None = None) -> Path:
    """A rubric's template (``lang=None``) or its catalogue in ``lang``, beside the rubric file."""
    folder = rubric_file.parent / "i18n"
    return folder / f"{rubric_id}.pot" if lang is None else folder / lang / f"{rubric_id}.po"


# -- reading and writing ---------------------------------------------------------------------------


def _header(lang: str | None, domain: str) -> str:
    if lang is None:
        return (
            f"# Template of the {domain} catalogue of the {PROJECT}: the English source, one\n"
            "# entry per field, its context (msgctxt) the field's stable path.\n"
            "# Written by 'gdi-assess i18n extract'; do not edit by hand."
        )
    status = language_status(lang)
    state = (
        "REVIEWED by a native-speaking expert (see assessment/locale/languages.yaml)."
        if status == "reviewed"
        else "DRAFT: not yet reviewed by a native-speaking expert; reports say so. Key terms\n"
        "# follow UN terminology (UNTERM), listed in assessment/locale/terms.yaml."
    )
    return (
        f"# The {domain} catalogue of the {PROJECT} in '{lang}'.\n# {state}\n"
        "# Update with 'gdi-assess i18n update'; check with 'gdi-assess i18n check'."
    )


def _catalogue(messages: Iterable[Message], *, lang: str | None, domain: str) -> Catalog:
    cat = Catalog(
        locale=lang,
        domain=domain,
        header_comment=_header(lang, domain),
        project=PROJECT,
        version="1.1",
        copyright_holder="the GDI self-assessment toolkit's authors",
        msgid_bugs_address="the project's issue tracker",
        last_translator="draft translation, not yet reviewed" if lang else None,
        language_team=lang,
        charset="utf-8",
        fuzzy=False,
        creation_date=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),  # stable: files are diffable
        revision_date=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    for m in messages:
        comments = [m.comment] if m.comment else []
        if m.plural:
            forms = tuple("" for _ in range(cat.num_plurals if lang else 2))
            cat.add((m.source, m.plural), forms, context=m.context, auto_comments=comments)
        else:
            cat.add(m.source, "", context=m.context, auto_comments=comments)
    return cat


def _done(string: object) -> bool:
    """A translation is there: a text, or every form of a plural message."""
    if isinstance(string, tuple | list):
        return bool(string) and all(isinstance(x, str) and x for x in string)
    return isinstance(string, str) and bool(string)


def _forms(string: object) -> list[str]:
    return [str(x) for x in string] if isinstance(string, tuple | list) else [str(string)]


def _dump(cat: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(buf, cat, width=100, omit_header=False, include_previous=True, sort_output=False)
    return buf.getvalue()


def write_template(
    path: str | os.PathLike[str], messages: Sequence[Message], *, domain: str
) -> Path:
    """Write the template (``.pot``) of ``messages`` atomically."""
    return write_atomic(path, _dump(_catalogue(messages, lang=None, domain=domain)))


def _previous_ids(raw: bytes) -> dict[str, str]:
    """context -> the previous msgid (``#| msgid``) of each fuzzy entry; Babel's reader drops
    them when a context follows."""
    import ast

    out: dict[str, str] = {}
    previous: list[str] = []
    for line in raw.decode("utf-8", "replace").splitlines():
        if line.startswith("#| msgid ") or (previous and line.startswith('#| "')):
            quoted = line[len("#| msgid ") :] if line.startswith("#| msgid ") else line[3:]
            previous.append(ast.literal_eval(quoted))
        elif line.startswith("msgctxt ") and previous:
            out[ast.literal_eval(line[len("msgctxt ") :])] = "".join(previous)
            previous = []
        elif not line.startswith("#"):
            previous = []
    return out


def read_catalogue(path: str | os.PathLike[str], lang: str | None = None) -> Catalog:
    """Read a ``.po`` or ``.pot`` file; a damaged one is a plain message naming it."""
    p = Path(path)
    try:
        raw = p.read_bytes()
        cat = read_po(io.BytesIO(raw), locale=lang, abort_invalid=True)
    except FileNotFoundError:
        raise UsageError.keyed("error_no_such_catalogue", path=str(p)) from None
    except (OSError, ValueError, UnicodeDecodeError, PoFileError) as exc:
        raise UsageError.keyed("error_bad_catalogue", path=str(p), reason=str(exc)) from None
    previous = _previous_ids(raw)
    if previous:
        for m in cat:
            english = previous.get(m.context or "")
            if english is not None and not m.previous_id:
                m.previous_id = [english]
    return cat


def update_catalogue(
    path: str | os.PathLike[str], messages: Sequence[Message], lang: str, *, domain: str
) -> tuple[Path, dict[str, int]]:
    """Create or bring up to date the ``lang`` catalogue at ``path`` from ``messages``.

    Entries are matched by context. A translation whose English changed is kept, marked fuzzy,
    with the earlier English as its previous msgid; new entries are empty; entries whose context
    is gone are dropped (their count is returned). Returns the path and counts.
    """
    p = Path(path)
    old: dict[str, object] = {}
    if p.exists():
        for m in read_catalogue(p, lang):
            if m.id and m.context:
                old[m.context] = m
    fresh = _catalogue(messages, lang=lang, domain=domain)
    counts = {"kept": 0, "fuzzy": 0, "new": 0, "dropped": 0}
    for m in fresh:
        if not m.id:
            continue
        before = old.pop(m.context, None) if m.context else None
        if before is None or not _done(before.string):  # type: ignore[attr-defined]
            counts["new"] += 1
            continue
        if isinstance(m.id, tuple) != isinstance(before.id, tuple):  # type: ignore[attr-defined]
            counts["new"] += 1  # a message became plural or stopped being one
            continue
        m.string = before.string  # type: ignore[attr-defined]
        if before.id != m.id or before.fuzzy:  # type: ignore[attr-defined]
            # the English the translation was made for: kept through several changes
            made_for = before.previous_id if before.fuzzy and before.previous_id else [before.id]  # type: ignore[attr-defined]
            m.flags.add("fuzzy")
            m.previous_id = list(made_for)
            counts["fuzzy"] += 1
        else:
            counts["kept"] += 1
    counts["dropped"] = len(old)
    return write_atomic(p, _dump(fresh)), counts


def _parse_translations(raw: bytes) -> dict[str, str | list[str]]:
    cat = read_po(io.BytesIO(raw), abort_invalid=True)
    return {
        m.context: (_forms(m.string) if isinstance(m.id, tuple) else str(m.string))
        for m in cat
        if m.id and m.context and _done(m.string) and not m.fuzzy
    }


@functools.lru_cache(maxsize=64)
def _translations(path: Path, stamp: float) -> Mapping[str, str | tuple[str, ...]]:
    """The translations of one catalogue, read once per process and kept in the toolkit's cache
    between processes (signed like the rubric cache: an entry that was tampered with is ignored
    and the catalogue parsed again)."""
    import hashlib
    import json

    from assessment.storage.rubrics import read_signed, write_signed

    try:
        raw = path.read_bytes()
        name = f"po-{hashlib.sha256(raw).hexdigest()}.json"
        cached = read_signed(name, raw)
        found = None
        if cached is not None:
            with contextlib.suppress(ValueError):
                found = json.loads(cached)
        if found is None:
            found = _parse_translations(raw)
            write_signed(name, raw, json.dumps(found, ensure_ascii=False).encode("utf-8"))
    except (ValueError, UnicodeDecodeError, PoFileError) as exc:  # a damaged file
        raise UsageError.keyed("error_bad_catalogue", path=str(path), reason=str(exc)) from None
    return {k: (tuple(v) if isinstance(v, list) else v) for k, v in found.items()}


def translations(path: Path) -> Mapping[str, Any]:
    """context -> translation of a catalogue, fuzzy and empty entries left out ({} if none)."""
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return {}
    return _translations(path, stamp)


def ui_translations(lang: str) -> Mapping[str, Any]:
    """The interface's translations into ``lang`` ({} for English or a language without any)."""
    if lang == "en" or not lang:
        return {}
    for tag in (lang, lang.split("-")[0]):
        found = translations(ui_catalogue_paths(tag))
        if found:
            return found
    return {}


@functools.cache
def _languages_file() -> Mapping[str, Mapping[str, Any]]:
    """``locale/languages.yaml``, parsed once and then read from the toolkit's signed cache
    (the YAML parser costs a one-shot command more than the rest of a language's setup)."""
    import hashlib
    import json

    from assessment.storage.rubrics import read_signed, write_signed

    path = LOCALE_DIR / "languages.yaml"
    raw = path.read_bytes()
    name = f"languages-{hashlib.sha256(raw).hexdigest()}.json"
    cached = read_signed(name, raw)
    if cached is not None:
        with contextlib.suppress(ValueError):
            return dict(json.loads(cached))
    from assessment.storage.yamlfile import parse_yaml

    data, _ = parse_yaml(raw.decode("utf-8"), str(path))
    table = dict(data["languages"])
    write_signed(name, raw, json.dumps(table, ensure_ascii=False).encode("utf-8"))
    return table


def language_table() -> Mapping[str, tuple[str, str]]:
    """Every language ``locale/languages.yaml`` lists: tag -> (its own name, direction)."""
    return {
        tag: (str(e.get("name") or tag), str(e.get("direction") or "ltr"))
        for tag, e in _languages_file().items()
    }


def language_status(lang: str) -> str:
    """``source``, ``draft`` or ``reviewed``, as ``locale/languages.yaml`` records for ``lang``
    (``missing`` for a language it does not list)."""
    table = _languages_file()
    entry = table.get(lang) or table.get(lang.split("-")[0])
    return str(entry["status"]) if entry else "missing"


def ui_catalogue(lang: str) -> tuple[Mapping[str, Any], str]:
    """The interface's translations into ``lang`` and their status (for
    :func:`assessment.text.set_catalogue_provider`)."""
    found = ui_translations(lang)
    return found, (language_status(lang) if found else "missing")


def rubric_translations(rubric_file: Path, rubric: Rubric, lang: str) -> Mapping[str, Any]:
    """The translations of ``rubric`` (read from ``rubric_file``) into ``lang`` ({} if none)."""
    if lang == rubric.language:
        return {}
    for tag in (lang, lang.split("-")[0]):
        found = translations(rubric_catalogue_paths(rubric_file, rubric.id, tag))
        if found:
            return found
    return {}


def load_terms(lang: str) -> Mapping[str, Sequence[str]]:
    """The terminology list for ``lang``: English key term -> the accepted forms."""
    from assessment.storage.yamlfile import parse_yaml

    path = LOCALE_DIR / "terms.yaml"
    data, _ = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    return {term: list(forms.get(lang, ())) for term, forms in data["terms"].items()}


# -- status and checks -----------------------------------------------------------------------------


def _msgid(msg: Message) -> str | tuple[str, str]:
    return (msg.source, msg.plural) if msg.plural else msg.source


@dataclass(frozen=True)
class CatalogueStatus:
    """How complete one catalogue is."""

    path: Path
    total: int
    translated: int
    fuzzy: int

    @property
    def missing(self) -> int:
        return self.total - self.translated - self.fuzzy

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def catalogue_status(path: Path, messages: Sequence[Message]) -> CatalogueStatus:
    """Completeness of the catalogue at ``path`` against the current English ``messages``."""
    entries = {m.context: m for m in read_catalogue(path) if m.id} if path.exists() else {}
    done = fuzzy = 0
    for msg in messages:
        e = entries.get(msg.context)
        if e is None or not _done(e.string):
            continue
        if e.fuzzy or e.id != _msgid(msg):
            fuzzy += 1
        else:
            done += 1
    return CatalogueStatus(path, len(messages), done, fuzzy)


def catalogue_problems(
    path: Path, messages: Sequence[Message], terms: Mapping[str, Sequence[str]] | None = None
) -> list[str]:
    """Every problem of one catalogue: entries missing, fuzzy or out of date, placeholders or
    markup changed, chart labels too long, and key terms not rendered as the terminology list
    (``terms``: English term -> accepted forms in this language) says."""
    if not path.exists():
        return [f"{path}: missing (create it with 'gdi-assess i18n update')"]
    entries = {m.context: m for m in read_catalogue(path) if m.id}
    out = []
    for msg in messages:
        e = entries.get(msg.context)
        where = f"{path}: {msg.context}"
        if e is None or not _done(e.string):
            out.append(f"{where}: not translated")
            continue
        if e.fuzzy or e.id != _msgid(msg):
            out.append(f"{where}: fuzzy (the English changed; check the translation, then remove the fuzzy flag)")  # fmt: skip
            continue
        english = msg.plural or msg.source
        for text in _forms(e.string):
            out += [f"{where}: {p}" for p in translation_problems(msg.context, english, text)]
            if terms:
                out += [f"{where}: {p}" for p in term_problems(msg.source, text, terms)]
    return out
