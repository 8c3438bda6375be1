"""The start panel: continue a recent assessment, open a file or create one, all with clicks.

A person opens notebook 01, runs it, and from then on clicks: nothing in a code cell needs
changing. The last assessment opened is remembered (in this computer's settings folder), so a
reload and *Run All* bring back the same form, never the parameters cell's placeholder.
The parameters cell stays for batch runs (papermill): given a file, the form opens on it at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import html
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import ipywidgets as w

from assessment.countries import is_country_code
from assessment.errors import GdiError, UsageError
from assessment.jupyter.form import _CSS, AssessmentForm, FormScript, open_form
from assessment.progress import compute_progress
from assessment.storage.assessments import load_assessment
from assessment.storage.atomic import write_atomic
from assessment.storage.rubrics import bundled_rubrics, resolve_rubric
from assessment.text import (
    available_languages,
    base_language,
    language_name,
    text_direction,
    ui_text,
)

__all__ = ["RecentAssessments", "StartPanel", "start_form"]

#: how many recent assessments the panel offers
RECENT_SHOWN = 8


def settings_dir() -> Path:
    """Where this computer keeps the toolkit's own small files (``GDI_ASSESS_HOME`` overrides)."""
    if os.environ.get("GDI_ASSESS_HOME"):
        return Path(os.environ["GDI_ASSESS_HOME"])
    if sys.platform == "win32" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "gdi-assess"
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "gdi-assess"


class Recent(NamedTuple):
    """One assessment opened before: its file, and how to open it again."""

    path: Path
    rubric: str | None = None  # a custom rubric's file; None: the bundled one it names
    core_only: bool = False  # the short form was chosen


class RecentAssessments:
    """The assessments opened on this computer, most recent first (a small JSON file)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or settings_dir() / "recent.json"

    def entries(self) -> list[Recent]:
        """Assessments opened before whose files still exist, most recent first."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            raw = data.get("recent", [])
        except (OSError, ValueError, AttributeError):
            return []  # missing or damaged: start afresh, never fail the notebook
        out: dict[Path, Recent] = {}
        for e in raw if isinstance(raw, list) else []:
            try:
                path = Path(e["path"])
                if path in out or not path.is_file():
                    continue
                rubric = e.get("rubric")
                out[path] = Recent(path, str(rubric) if rubric else None, bool(e.get("core_only")))
            except (KeyError, TypeError, AttributeError, OSError, ValueError):
                continue  # one odd entry (a name too long for this system) spoils nothing
        return list(out.values())

    def paths(self) -> list[Path]:
        return [e.path for e in self.entries()]

    def get(self, path: Path) -> Recent | None:
        path = path.resolve()
        return next((e for e in self.entries() if e.path == path), None)

    def remember(self, path: Path, *, rubric: str | None = None, core_only: bool = False) -> None:
        """Put ``path`` first (a settings folder that cannot be written is not an error)."""
        first = Recent(path.resolve(), rubric, core_only)
        self._write([first, *(e for e in self.entries() if e.path != first.path)][:50])

    def forget(self, path: Path) -> None:
        path = path.resolve()
        self._write([e for e in self.entries() if e.path != path])

    def _write(self, entries: list[Recent]) -> None:
        stamp = dt.datetime.now().isoformat(timespec="seconds")
        data = {
            "recent": [
                {"path": str(e.path), "rubric": e.rubric, "core_only": e.core_only, "opened": stamp}
                for e in entries
            ]
        }
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1))


def _plain(exc: Exception, lang: str = "en") -> str:
    """What went wrong, for a person: our own messages in ``lang``, the system's with its words."""
    if isinstance(exc, GdiError):
        return exc.in_language(lang)
    if isinstance(exc, OSError):
        return f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")
    return f"{type(exc).__name__}: {exc}"


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _describe(entry: Recent, lang: str) -> str | None:
    """One line about an assessment file: entity, kind, progress and when it was last saved."""
    path = entry.path
    try:
        a = load_assessment(path)
        rubric = resolve_rubric(entry.rubric or a.rubric.id)
        prog = compute_progress(rubric, a, a.respondents[0].id, core_only=entry.core_only)
        when = dt.datetime.fromtimestamp(path.stat().st_mtime)
    except (GdiError, OSError, ValueError, IndexError):
        return None
    return ui_text(
        "start_recent_line",
        lang,
        entity=a.entity.name,
        kind=ui_text(f"report_kind_{a.entity.kind}", lang),
        done=int(prog["done"].sum()),
        total=int(prog["total"].sum()),
        when=f"{when:%d %b %Y %H:%M}",
        file=path.name,
    )


class StartPanel:
    """Choose what to score: a recent assessment, a file, or a new one. Then the form opens here.

    Parameters
    ----------
    folder
        Where new assessments are saved and files are looked for (the notebook's folder).
    lang
        Interface language.
    recent
        The list of recent assessments (default: this computer's).
    resume
        Open the most recent assessment at once, with a button to choose another (what a reload
        and *Run All* should do).
    """

    def __init__(
        self,
        *,
        folder: str | os.PathLike[str] = ".",
        rubric: str = "gdi-digital-inclusion-2025",
        lang: str = "en",
        recent: RecentAssessments | None = None,
        resume: bool = True,
        form_options: dict[str, Any] | None = None,
    ) -> None:
        self.folder = Path(folder)
        self.lang = lang
        self.recent = recent or RecentAssessments()
        self.form: AssessmentForm | None = None
        self._form_options = form_options or {}
        self.container = w.VBox([])
        self.container.add_class("gdi-start-host")
        self._build(rubric)
        last = self.recent.entries()[:1]
        self.show_panel()
        if resume and last:
            try:
                self.open(last[0].path)
            except Exception as exc:  # a damaged or moved file: say so, never block the notebook
                self.recent.forget(last[0].path)
                self.show_panel()
                error = _plain(exc, self.lang)
                self._say(self._t("start_cannot_open", file=last[0].path.name, error=error))

    def _t(self, key: str, **values: object) -> str:
        return ui_text(key, self.lang, **values)

    def _build(self, rubric: str) -> None:
        t = self._t
        self.message = w.HTML("")
        # continue
        self.recent_box = w.VBox([])
        # open a file
        self.file_name = w.Text(
            description=t("start_file"), placeholder="my-assessment.json", style={"description_width": "initial"}, layout=w.Layout(width="100%", max_width="36rem")
        )  # fmt: skip
        self.open_button = w.Button(description=t("start_open"), button_style="")
        self.open_button.on_click(self._guard(lambda _b: self._open_typed()))
        # create
        self.entity = w.Text(
            description=t("start_entity"), placeholder=t("start_entity_hint"), style={"description_width": "initial"}, layout=w.Layout(width="100%", max_width="36rem")
        )  # fmt: skip
        self.kind = w.ToggleButtons(
            options=[(t("start_kind_country"), "country"), (t("start_kind_organisation"), "organisation")],
            value="country", description=t("start_kind"), style={"description_width": "initial", "button_width": "auto"},
        )  # fmt: skip
        self.country = w.Text(
            description=t("start_country"), placeholder="XE", style={"description_width": "initial"}, layout=w.Layout(width="16rem")
        )  # fmt: skip
        rubrics = list(bundled_rubrics())
        if rubric not in rubrics:  # a rubric file of one's own (the parameters cell names it)
            rubrics.append(rubric)
        self.rubric = w.Dropdown(
            options=rubrics, value=rubric,
            description=t("start_rubric"), style={"description_width": "initial"}, layout=w.Layout(width="100%", max_width="36rem"),
        )  # fmt: skip
        self.length = w.ToggleButtons(
            options=[(t("start_full"), False), (t("start_short"), True)], value=False,
            description=t("start_length"), style={"description_width": "initial", "button_width": "auto"},
        )  # fmt: skip
        self.create_button = w.Button(description=t("start_create"), button_style="primary")
        self.create_button.on_click(self._guard(lambda _b: self._create()))
        self.panel = w.VBox(
            [
                w.HTML(_CSS),
                FormScript(lang=self.lang, direction=text_direction(self.lang), layout=w.Layout(display="none")),  # keys, and no title="null"
                w.HTML(f"<h2>{_esc(t('start_title'))}</h2><p>{_esc(t('start_intro'))}</p>"),
                self.message,
                w.HTML(f"<h3>{_esc(t('start_continue'))}</h3>"),
                self.recent_box,
                w.HTML(f"<h3>{_esc(t('start_new'))}</h3>"),
                self.entity,
                self.kind,
                self.country,
                self.rubric,
                self.length,
                self.create_button,
                w.HTML(f"<h3>{_esc(t('start_open_heading'))}</h3><p>{_esc(t('start_open_intro'))}</p>"),
                w.HBox([self.file_name, self.open_button], layout=w.Layout(flex_flow="row wrap", align_items="center")),
            ]
        )  # fmt: skip
        self.panel.add_class("gdi-form")
        self.panel.add_class("gdi-start")
        self.switch_button = w.Button(description=t("start_switch"), layout=w.Layout(width="auto"))
        self.switch_button.on_click(self._guard(lambda _b: self.show_panel()))
        # the language of the panel, the form and the rubric; answers are the same in every one
        self.language = w.Dropdown(
            options=[(language_name(code), code) for code in available_languages()],
            value=base_language(self.lang) if base_language(self.lang) in available_languages() else "en",
            description=t("language_label"), style={"description_width": "initial"}, layout=w.Layout(width="16rem", max_width="100%"),
        )  # fmt: skip
        self.language.observe(self._guard(self._on_language), names="value")
        self.panel.children = (
            self.panel.children[0],
            self.panel.children[1],
            self.language,
            *self.panel.children[2:],
        )

    def _on_language(self, change: dict[str, Any]) -> None:
        """Redraw the panel and the open form in the language chosen, keeping every answer."""
        lang = str(change["new"])
        if lang == base_language(self.lang):
            return
        form = self.form
        shown = form is not None and self.container.children[-1:] == (form.container,)
        if form is not None:
            form.set_language(lang)  # typed text saved first, then the language recorded
        self.lang = lang
        self._build(str(self.rubric.value))
        if form is not None and shown:
            self.open(self._path)
        else:
            self.show_panel()

    def _guard(self, fn: Callable[..., None]) -> Callable[..., None]:
        def wrapper(*args: Any) -> None:
            try:
                fn(*args)
            except Exception as exc:  # a full disk, a folder that is not one: said, never swallowed
                self._say(_plain(exc, self.lang))

        return wrapper

    def _say(self, text: str) -> None:
        self.message.value = (
            f'<div class="gdi-alert" role="alert">{_esc(text)}</div>' if text else ""
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        return self.container._repr_mimebundle_(**kwargs)

    # -- views -----------------------------------------------------------------------------------

    def show_panel(self) -> None:
        """Show the choices (the form, if one was open, is saved already)."""
        rows: list[w.Widget] = []
        for entry in self.recent.entries()[:RECENT_SHOWN]:
            line = _describe(entry, self.lang)
            if line is None:
                continue
            path = entry.path
            button = w.Button(
                description=self._t("start_continue_button"), layout=w.Layout(width="auto")
            )
            button.on_click(self._guard(functools.partial(self._continue, path)))
            rows.append(w.HBox([button, w.HTML(f"<p>{_esc(line)}</p>")], layout=w.Layout(flex_flow="row wrap", align_items="center")))  # fmt: skip
        if not rows:
            rows = [w.HTML(f"<p>{_esc(self._t('start_no_recent'))}</p>")]
        self.recent_box.children = rows
        self.container.children = [self.panel]

    def _continue(self, path: Path, _button: object = None) -> None:
        self.open(path)

    def open(self, path: str | os.PathLike[str], **options: Any) -> AssessmentForm:
        """Open the form on an existing assessment file (and remember it)."""
        p = Path(path)
        if not p.is_absolute():
            p = self.folder / p
        if not p.is_file():
            raise UsageError.keyed("start_missing", file=str(p))
        known = self.recent.get(p)
        rubric = known.rubric if known and known.rubric else self._custom_rubric()
        core_only = known.core_only if known else False
        kw: dict[str, Any] = {"core_only": core_only, **self._form_options, **options}
        if rubric:
            kw["rubric"] = rubric
        own = _language_of(p)
        if own and base_language(own) != base_language(self.lang):
            # an assessment is read in its own language: the panel follows it
            self.lang = own
            self._build(str(self.rubric.value))
        form = open_form(p, lang=self.lang, **kw)
        self._show_form(form, p, rubric=rubric, core_only=bool(kw["core_only"]))
        return form

    def _custom_rubric(self) -> str | None:
        """The rubric file chosen in the panel, when it is one of one's own (not bundled)."""
        value = str(self.rubric.value)
        return value if value not in bundled_rubrics() else None

    def _show_form(
        self,
        form: AssessmentForm,
        path: Path,
        *,
        rubric: str | None = None,
        core_only: bool = False,
    ) -> None:
        if self.form is not None and self.form is not form:
            self.form.container.close()  # the old form's outer box: no longer shown
        self.form = form
        self._path = path
        self.recent.remember(path, rubric=rubric, core_only=core_only)
        self._say("")
        offered = self._offer_from_recent(form, path)
        said = _esc(self._t("start_continuing", entity=form.assessment.entity.name, file=path.name))
        extra = f'<p class="gdi-status" role="status">{_esc(offered)}</p>' if offered else ""
        bar = w.HBox(
            [FormScript(lang=self.lang, direction=text_direction(self.lang), layout=w.Layout(display="none")), w.HTML(f"<p>{said}</p>{extra}"), self.switch_button, self.language],
            layout=w.Layout(flex_flow="row wrap", align_items="center"),
        )  # fmt: skip
        bar.add_class("gdi-form")
        self.bar = bar
        self.container.children = [bar, form.container]

    def _offer_from_recent(self, form: AssessmentForm, path: Path) -> str | None:
        """Levels the same entity gave against the other, paired rubric: offered, never copied."""
        from assessment.crosswalk import suggestions
        from assessment.storage.crosswalk import crosswalk_for

        try:
            found = crosswalk_for(form.rubric)
        except (GdiError, OSError):
            return None  # no crosswalk to offer from: the form works the same
        if found is None:
            return None
        crosswalk, other_id = found
        me = form.assessment.entity
        for entry in self.recent.entries():
            if entry.path == path.resolve():
                continue
            try:
                other = load_assessment(entry.path)
            except (GdiError, OSError, ValueError):
                continue
            same = (
                other.entity.name.casefold() == me.name.casefold() and other.entity.kind == me.kind
            )
            if other.rubric.id == other_id and same:
                n = form.offer(suggestions(crosswalk, other, form.rubric))
                if not n:
                    return None
                key = "start_suggestions_one" if n == 1 else "start_suggestions"
                return self._t(key, n=n, file=entry.path.name)
        return None

    def _open_typed(self) -> None:
        name = self.file_name.value.strip()
        if not name:
            raise UsageError.keyed("start_need_file")
        self.open(name)

    def _create(self) -> None:
        from assessment.render.output import safe_filename

        entity = self.entity.value.strip()
        if not entity:
            raise UsageError.keyed("start_need_entity")
        code = self.country.value.strip().upper()
        if self.kind.value == "country" and not is_country_code(code):
            raise UsageError.keyed("start_need_country", code=code or "–")
        if code and not is_country_code(code):
            raise UsageError.keyed("start_need_country", code=code)
        stem = f"{safe_filename(entity)}-{dt.date.today():%Y}"
        path = self.folder / f"{stem}.json"
        n = 2
        while path.exists():  # never over an existing file
            path = self.folder / f"{stem}-{n}.json"
            n += 1
        if not self.folder.is_dir():
            raise UsageError.keyed("start_no_folder", folder=str(self.folder))
        form = open_form(
            path,
            rubric=self.rubric.value,
            entity=entity,
            kind=self.kind.value,
            country=code or "ZZ",
            lang=self.lang,
            core_only=bool(self.length.value),
            **self._form_options,
        )
        self._show_form(form, path, rubric=self._custom_rubric(), core_only=bool(self.length.value))


def _language_of(path: Path) -> str | None:
    """The language an assessment file records, if any (a damaged file: none; opening says why)."""
    try:
        return load_assessment(path).language
    except Exception:  # noqa: BLE001 - open_form reports the file's problem in its own words
        return None


def start_form(
    assessment_file: str = "",
    *,
    rubric: str = "gdi-digital-inclusion-2025",
    entity: str = "",
    kind: str = "country",
    country: str = "ZZ",
    lang: str = "en",
    folder: str | os.PathLike[str] = ".",
) -> StartPanel | AssessmentForm:
    """What notebook 01 shows: the start panel, or (for batch runs) the form on a given file.

    With ``assessment_file`` empty a person chooses with clicks, and after a reload the last
    assessment comes back. With a file (papermill's parameters), the form opens on it directly,
    creating it from ``entity``, ``kind`` and ``country`` when it does not exist.
    """
    if assessment_file.strip():
        # a batch run opens its file directly and leaves the person's recent list as it was
        return open_form(assessment_file, rubric=rubric, entity=entity, kind=kind, country=country, lang=lang)  # fmt: skip
    return StartPanel(folder=folder, rubric=rubric, lang=lang)
