"""The participant's page of a workshop: join (a name or anonymous, a stakeholder group), then score.

Served by Voila (``gdi-assess workshop serve``): no code is shown, only the page. Each answer is
saved to the workshop's SQLite store as it is given. At joining, the browser is given a secret
(``localStorage``, on this device only) that the server checks before it shows or saves anything,
and the participant a short resume code to continue on another device. Knowing someone's id is
not enough to act as them, and survey-imported respondents cannot be taken over from the page.
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

import anywidget
import ipywidgets as w
import traitlets

from assessment.errors import GdiError, UsageError
from assessment.jupyter.form import AssessmentForm, FormScript, LevelChoice
from assessment.rubric import Rubric
from assessment.storage.rubrics import translated
from assessment.storage.workshops import (
    STAKEHOLDER_GROUPS,
    Participant,
    ParticipantStore,
    WorkshopStore,
)
from assessment.text import (
    available_languages,
    base_language,
    group_name,
    language_name,
    text_direction,
    ui_text,
)

__all__ = ["BrowserMemory", "ParticipantApp", "group_name", "participant_app"]

#: the interface's words for each stakeholder group (the stored value stays the English name)
# The join page on a phone: nothing cut off, text of 16 px, tap targets of 44 px, focus rings
# that show (3 px), labels above their fields on narrow screens.
_JOIN_CSS = """
<style>
.gdi-workshop { font-size: 1rem; line-height: 1.45; max-width: 60rem; --jp-widgets-font-size: 1rem; --jp-ui-font-size1: 1rem; --jp-content-font-size1: 1rem; }
.gdi-workshop .widget-html-content, .gdi-workshop .widget-label, .gdi-workshop input, .gdi-workshop button { font-size: 1rem; }
.gdi-workshop h1 { font-size: 1.5rem; line-height: 1.25; }
.gdi-workshop :focus-visible { outline: 3px solid #0072B2 !important; outline-offset: 2px; }
.gdi-workshop .gdi-level:has(input:focus-visible) { outline: 3px solid #0072B2; outline-offset: 1px; }
.gdi-workshop button.jupyter-button { min-height: 2.75rem; height: auto; padding: 0.4rem 1rem; white-space: normal; }
.gdi-workshop input[type=text] { min-height: 2.75rem; height: 2.75rem; box-sizing: border-box; }
.gdi-join .gdi-levels { display: flex; flex-direction: column; gap: 0.1rem; }
.gdi-join .gdi-level { display: flex; align-items: center; gap: 0.6rem; min-height: 2.75rem; padding: 0.2rem 0.5rem; border: 1px solid transparent; border-radius: 5px; cursor: pointer; }
.gdi-join .gdi-level:has(input:checked) { border-color: #0072B2; background: #eaf4fb; font-weight: 600; }
.gdi-join .gdi-level input { width: 1.25rem; height: 1.25rem; margin: 0; accent-color: #0072B2; }
.gdi-join .gdi-hint { color: #3d3d3d; margin: 0.2rem 0 0.6rem; }
.gdi-workshop .widget-inline-hbox { flex-wrap: wrap; max-width: 100%; }
.gdi-workshop .widget-inline-hbox .widget-label { max-width: 100%; }
@media (max-width: 40rem) {
  .gdi-workshop .widget-text { width: auto !important; max-width: calc(100% - 4px); box-sizing: border-box; }
  .gdi-workshop .widget-text input { width: 100%; min-width: 0; flex: 1 1 auto; box-sizing: border-box; }
  .gdi-workshop .widget-hbox { flex-wrap: wrap; }
}
</style>
"""


class BrowserMemory(anywidget.AnyWidget):
    """Remembers one value in the browser's ``localStorage`` under ``key``.

    On display, the front end sends the stored value (``""`` if none) as ``value`` and sets
    ``loaded``; when Python sets ``value``, the front end stores it.
    """

    _esm = """
    function render({ model }) {
      const key = model.get('key');
      let stored = '';
      try { stored = window.localStorage.getItem(key) || ''; } catch (e) { stored = ''; }
      model.set('value', stored);
      model.set('loaded', true);
      model.save_changes();
      model.on('change:value', () => {
        try { window.localStorage.setItem(key, model.get('value')); } catch (e) { /* private mode */ }
      });
    }
    export default { render };
    """
    key = traitlets.Unicode("").tag(sync=True)
    value = traitlets.Unicode("").tag(sync=True)
    loaded = traitlets.Bool(False).tag(sync=True)


class ParticipantApp:
    """Join panel, then the scoring form bound to this participant's answers in the workshop."""

    def __init__(self, workshop: str | os.PathLike[str], *, lang: str = "en") -> None:
        self.store = WorkshopStore(workshop)
        self.info = self.store.info()
        self.rubric = self.store.rubric()
        self.lang = lang
        self.form: AssessmentForm | None = None
        self._who: Participant | None = None
        created = self.store.path.stat().st_ino  # one memory per workshop file on this device
        self.memory = BrowserMemory(
            key=f"gdi-workshop:{self.store.path.name}:{created}", layout=w.Layout(display="none")
        )
        self.script = FormScript(
            page_title=self.info.title,
            lang=lang,
            direction=text_direction(lang),
            layout=w.Layout(display="none"),
        )
        # each participant reads the page in their own language; the answers are the same
        self.language = w.Dropdown(
            options=[(language_name(code), code) for code in available_languages()],
            value=base_language(lang) if base_language(lang) in available_languages() else "en",
            description="🌐",
            style={"description_width": "initial"},
            layout=w.Layout(width="16rem", max_width="100%"),
        )
        self.language.observe(self._on_language, names="value")
        self.heading = w.HTML("")
        self.body = w.VBox([])
        self._build_join()
        self.body.children = [w.HTML(f"<p role='status'>{html.escape(self._t('ws_loading'))}</p>")]
        bar = w.HBox([self.language], layout=w.Layout(justify_content="flex-end"))
        self.container = w.VBox([self.memory, self.script, bar, self.heading, self.body])
        self.container.add_class("gdi-workshop")
        self.memory.observe(self._on_memory, names="loaded")

    def _build_join(self) -> None:
        """The heading and the join panel, in the page's language."""
        t = self._t
        self.language.description = t("language_label")
        self.heading.value = (
            _JOIN_CSS + f"<h1>{html.escape(self.info.title)}</h1>"
            f"<p>{html.escape(t('ws_intro', entity=self.info.template.entity.name))}</p>"
        )
        self.name = w.Text(
            description=t("ws_name"),
            placeholder=t("ws_name_hint"),
            style={"description_width": "initial"},
            layout=w.Layout(width="32rem", max_width="100%"),
        )
        self.group_heading = w.HTML(
            f'<p id="gdi-group-label"><strong>{html.escape(t("ws_group"))}</strong></p>'
        )
        self.group = LevelChoice(
            [(group_name(g, self.lang), "", g) for g in STAKEHOLDER_GROUPS],
            description=t("ws_group"),
            labelledby="gdi-group-label",
            dom_id="gdi-group",
            others=(),
        )
        self.start = w.Button(
            description=t("ws_start"),
            button_style="primary",
            disabled=True,
            layout=w.Layout(width="auto"),
        )
        self.message = w.HTML("")
        # why "Start scoring" is greyed out, said beside it until a group is chosen
        self.start_hint = w.HTML(
            f'<p class="gdi-hint" role="status">{html.escape(t("ws_start_hint"))}</p>'
        )
        self.code = w.Text(
            description=t("ws_code"),
            placeholder=t("ws_code_hint"),
            style={"description_width": "initial"},
            layout=w.Layout(width="20rem", max_width="100%"),
        )
        self.code_button = w.Button(description=t("ws_code_button"), layout=w.Layout(width="auto"))
        self.code_button.on_click(lambda _b: self._resume_with_code())
        self.code_message = w.HTML("")
        self.group.observe(self._on_group, names="value")
        self.start.on_click(lambda _b: self._join())
        self.join_panel = w.VBox(
            [
                w.HTML(f"<p>{html.escape(t('ws_privacy'))}</p>"),
                self.name,
                self.group_heading,
                self.group,
                self.start,
                self.start_hint,
                self.message,
                w.HTML(f"<h2>{html.escape(t('ws_code_heading'))}</h2>"),
                w.HBox(
                    [self.code, self.code_button],
                    layout=w.Layout(flex_flow="row wrap", align_items="center"),
                ),
                self.code_message,
            ]
        )
        self.join_panel.add_class("gdi-join")
        if text_direction(self.lang) == "rtl":
            self.join_panel.add_class("gdi-rtl")

    def _on_language(self, change: dict[str, Any]) -> None:
        """Redraw the page in the language chosen; typed answers are saved first."""
        typed = (self.name.value, self.group.value)
        self.lang = str(change["new"])
        self.script.lang, self.script.direction = self.lang, text_direction(self.lang)
        if self.form is not None and self._who is not None:
            self.form.flush()
            self._open_form(self._who, welcome_back=True)
            return
        on_join = self.body.children[:1] == (self.join_panel,)
        self._build_join()
        self.name.value, self.group.value = typed  # what was typed on the join page stays
        if on_join:
            self.body.children = [self.join_panel]

    def _rubric(self) -> Rubric:
        """The workshop's rubric in the page's language: a bundled rubric's catalogue is used
        only when the workshop's rubric is that very rubric (the same content)."""
        return translated(self.rubric, self.lang)

    def _t(self, key: str, **values: object) -> str:
        return ui_text(key, self.lang, **values)

    def _on_group(self, _change: dict[str, Any]) -> None:
        chosen = self.group.value is not None
        self.start.disabled = not chosen
        self.start_hint.value = (
            ""
            if chosen
            else f'<p class="gdi-hint" role="status">{html.escape(self._t("ws_start_hint"))}</p>'
        )

    def _on_memory(self, change: dict[str, Any]) -> None:
        if not change["new"]:
            return
        # the page holds a secret, never just an id: only the browser that joined can resume
        who = self.store.resume(self.memory.value)
        if who is None:
            self.body.children = [self.join_panel]
        else:
            self._open_form(who, welcome_back=True)

    def _join(self) -> None:
        try:
            joined = self.store.enrol(name=self.name.value, group=self.group.value)
        except GdiError as exc:
            self.message.value = f"<p role='alert'>{html.escape(exc.in_language(self.lang))}</p>"
            return
        self.memory.value = joined.secret
        self._open_form(joined.participant, welcome_back=False, code=joined.resume_code)

    def _resume_with_code(self) -> None:
        try:
            found = self.store.resume_with_code(self.code.value)
        except GdiError as exc:
            self.code_message.value = (
                f"<p role='alert'>{html.escape(exc.in_language(self.lang))}</p>"
            )
            return
        if found is None:
            self.code_message.value = f"<p role='alert'>{html.escape(self._t('ws_code_wrong'))}</p>"
            return
        who, secret = found
        self.memory.value = secret  # this device may now resume on its own
        self._open_form(who, welcome_back=True)

    def _open_form(self, who: Participant, *, welcome_back: bool, code: str | None = None) -> None:
        # the workshop store keeps neither a confidential mark nor a participant's figures: the
        # form does not offer the mark, and shows the facilitator's figures read only
        self._who = who
        self.form = AssessmentForm(
            self._rubric(),
            ParticipantStore(self.store, who.id),
            respondent=who.id,
            lang=self.lang,
            allow_confidential=False,
            record_figures=False,
        )
        shown = group_name(who.group, self.lang) if who.group else ""
        note = self._t("ws_welcome_back" if welcome_back else "ws_joined", group=shown)
        notes = [w.HTML(f"<p class='gdi-status' role='status'>{html.escape(note)}</p>")]
        if code:
            # just above the first criterion, where the page scrolls when the focus moves in,
            # and read out: it must be written down now
            said = self._t("ws_resume_code", code=code)
            self.form.notice.value = (
                f"<p class='gdi-resume-code' role='status'><strong>{html.escape(said)}</strong></p>"
            )
        self.body.children = [*notes, self.form.container]
        if self.form.current is not None:
            self.form.focus(self.form.current)  # the keyboard goes on into the form

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        return self.container._repr_mimebundle_(**kwargs)


def participant_app(
    workshop: str | os.PathLike[str] | None = None, *, lang: str | None = None
) -> ParticipantApp:
    """The app for the workshop file ``workshop`` (default: ``$GDI_WORKSHOP``, set by ``serve``)."""
    path = workshop or os.environ.get("GDI_WORKSHOP")
    if not path:
        raise UsageError.keyed("error_no_workshop_file")
    return ParticipantApp(Path(path), lang=lang or os.environ.get("GDI_LANG", "en"))
