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
from typing import Any

import ipywidgets as w

from assessment.countries import is_country_code
from assessment.errors import GdiError, UsageError
from assessment.jupyter.form import AssessmentForm, FormScript, open_form
from assessment.progress import compute_progress
from assessment.storage.assessments import load_assessment
from assessment.storage.atomic import write_atomic
from assessment.storage.rubrics import bundled_rubrics, resolve_rubric
from assessment.text import ui_text

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


class RecentAssessments:
    """The assessments opened on this computer, most recent first (a small JSON file)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or settings_dir() / "recent.json"

    def paths(self) -> list[Path]:
        """Files opened before that still exist, most recent first."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            entries = [Path(e["path"]) for e in data.get("recent", []) if isinstance(e, dict)]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return []  # missing or damaged: start afresh, never fail the notebook
        return [p for p in dict.fromkeys(entries) if p.is_file()]

    def remember(self, path: Path) -> None:
        """Put ``path`` first (a settings folder that cannot be written is not an error)."""
        path = path.resolve()
        entries = [path, *(p for p in self.paths() if p != path)][:50]
        stamp = dt.datetime.now().isoformat(timespec="seconds")
        data = {"recent": [{"path": str(p), "opened": stamp} for p in entries]}
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1))

    def forget(self, path: Path) -> None:
        path = path.resolve()
        entries = [p for p in self.paths() if p != path]
        data = {"recent": [{"path": str(p)} for p in entries]}
        with contextlib.suppress(OSError):
            write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1))


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _describe(path: Path, lang: str) -> str | None:
    """One line about an assessment file: entity, kind, progress and when it was last saved."""
    try:
        a = load_assessment(path)
        rubric = resolve_rubric(a.rubric.id)
        prog = compute_progress(rubric, a, a.respondents[0].id)
    except (GdiError, OSError, ValueError):
        return None
    when = dt.datetime.fromtimestamp(path.stat().st_mtime)
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
        last = self.recent.paths()[:1]
        if resume and last:
            self.open(last[0])
        else:
            self.show_panel()

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
        self.rubric = w.Dropdown(
            options=rubrics or [rubric], value=rubric if rubric in rubrics else (rubrics or [rubric])[0],
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
                FormScript(layout=w.Layout(display="none")),  # keys, and no title="null"
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

    def _guard(self, fn: Callable[..., None]) -> Callable[..., None]:
        def wrapper(*args: Any) -> None:
            try:
                fn(*args)
            except GdiError as exc:
                self._say(str(exc))

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
        for path in self.recent.paths()[:RECENT_SHOWN]:
            line = _describe(path, self.lang)
            if line is None:
                continue
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
            raise UsageError(self._t("start_missing", file=str(p)))
        form = open_form(p, lang=self.lang, **{**self._form_options, **options})
        self._show_form(form, p)
        return form

    def _show_form(self, form: AssessmentForm, path: Path) -> None:
        self.form = form
        self.recent.remember(path)
        self._say("")
        bar = w.HBox(
            [FormScript(layout=w.Layout(display="none")), w.HTML(f"<p>{_esc(self._t('start_continuing', entity=form.assessment.entity.name, file=path.name))}</p>"), self.switch_button],
            layout=w.Layout(flex_flow="row wrap", align_items="center"),
        )  # fmt: skip
        bar.add_class("gdi-form")
        self.container.children = [bar, form.container]

    def _open_typed(self) -> None:
        name = self.file_name.value.strip()
        if not name:
            raise UsageError(self._t("start_need_file"))
        self.open(name)

    def _create(self) -> None:
        from assessment.render.output import safe_filename

        entity = self.entity.value.strip()
        if not entity:
            raise UsageError(self._t("start_need_entity"))
        code = self.country.value.strip().upper()
        if self.kind.value == "country" and not is_country_code(code):
            raise UsageError(self._t("start_need_country", code=code or "–"))
        if code and not is_country_code(code):
            raise UsageError(self._t("start_need_country", code=code))
        stem = f"{safe_filename(entity)}-{dt.date.today():%Y}"
        path = self.folder / f"{stem}.json"
        n = 2
        while path.exists():  # never over an existing file
            path = self.folder / f"{stem}-{n}.json"
            n += 1
        form = open_form(
            path,
            rubric=self.rubric.value,
            entity=entity,
            kind=self.kind.value,
            country=code or "ZZ",
            lang=self.lang,
            **self._form_options,
        )
        if self.length.value:
            form.core_only.value = True
        self._show_form(form, path)


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
        form = open_form(assessment_file, rubric=rubric, entity=entity, kind=kind, country=country, lang=lang)  # fmt: skip
        RecentAssessments().remember(Path(assessment_file))
        return form
    return StartPanel(folder=folder, rubric=rubric, lang=lang)
