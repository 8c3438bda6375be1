"""The scoring form: ipywidgets over the core, for JupyterLab and Voila.

A thin shell: every observer turns one widget change into a new frozen :class:`Assessment`
(``with_response``), saves it through a store (:class:`~assessment.storage.filestore.AssessmentStore`)
and asks for one ``refresh``. Scores, progress and gaps come from the core. Errors inside callbacks
are shown in the form's message panel, never swallowed.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import functools
import html
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import anywidget
import ipywidgets as w
import pandas as pd
import traitlets
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import TextStyle
from pydantic import ValidationError

from assessment.crosswalk import Suggestion
from assessment.errors import GdiError, ProblemsError, UsageError
from assessment.evidence import split_links
from assessment.i18n import cite
from assessment.jupyter.figures import FiguresPanel
from assessment.progress import compute_progress, first_unanswered
from assessment.reality import (
    DIVERGENCE,
    STALE_AFTER,
    reality_rules,
    with_indicator_value,
    without_indicator_value,
)
from assessment.render.charts import RadarImage, radar_alt_text
from assessment.responses import (
    Assessment,
    Response,
    check_against_rubric,
    new_assessment,
    problems_from,
)
from assessment.rubric import Criterion, CriterionRef, Rubric
from assessment.scoring import Scores, score_assessment
from assessment.storage.filestore import AssessmentFile, AssessmentStore, ConflictError
from assessment.storage.rubrics import resolve_rubric
from assessment.text import level_label, text_direction, ui_plural, ui_text

__all__ = ["AssessmentForm", "CriterionCard", "FormScript", "LevelChoice", "open_form"]

NA: Final = "not-applicable"
DK: Final = "dont-know"

_CSS = """
<style>
.gdi-form { max-width: 60rem; font-size: 1rem; line-height: 1.45; --jp-widgets-font-size: 1rem; --jp-ui-font-size1: 1rem; --jp-content-font-size1: 1rem; overflow: visible !important; }
/* the summary stays in view while scrolling: the output areas around the form must not clip it */
.widget-box:has(.gdi-summary), .jp-OutputArea:has(.gdi-form), .jp-OutputArea-child:has(.gdi-form), .jp-OutputArea-output:has(.gdi-form), .jp-Cell-outputWrapper:has(.gdi-form), .jp-Cell:has(.gdi-form) { overflow: visible !important; }
.gdi-form .widget-html-content, .gdi-form .widget-label, .gdi-form .widget-label-basic, .gdi-form .widget-checkbox label { font-size: 1rem; }
.gdi-form .gdi-more h4 { font-size: 1rem; margin: 0.6rem 0 0.2rem; }
.gdi-form .gdi-card { border: 1px solid #8a8a8a; border-radius: 6px; padding: 0.6rem 0.9rem; margin: 0.5rem 0; }
.gdi-form .gdi-card h3 { font-size: 1.1rem; margin: 0.1rem 0 0.2rem; }
.gdi-form .gdi-earlier { border-left: 4px solid #0072B2; background: #eaf4fb; padding: 0.3rem 0.6rem; }
.gdi-form .gdi-suggest { border-left: 4px solid #009E73; background: #eef8f4; padding: 0.3rem 0.6rem; margin: 0.3rem 0 0.2rem; }
.gdi-form .gdi-crit-id { color: #4a4a4a; font-size: 0.9rem; margin: 0; }
.gdi-form .gdi-question { font-weight: 600; margin: 0.3rem 0 0.3rem; }
.gdi-form .gdi-levels { display: flex; flex-direction: column; gap: 0; margin: 0.2rem 0; }
.gdi-form .gdi-level-other { min-height: 2.75rem; align-items: center; }
.gdi-form .gdi-level-others { display: flex; flex-wrap: wrap; gap: 0 0.8rem; }
.gdi-form .gdi-level { display: flex; align-items: flex-start; gap: 0.6rem; padding: 0.3rem 0.5rem; min-height: 2.75rem; box-sizing: border-box; border: 1px solid transparent; border-radius: 5px; cursor: pointer; font-size: 1rem; line-height: 1.35; }
.gdi-form .gdi-level:hover { background: #f2f2f2; }
.gdi-form .gdi-level:has(input:checked) { border-color: #0072B2; background: #eaf4fb; }
.gdi-form .gdi-level input { flex: 0 0 auto; width: 1.25rem; height: 1.25rem; margin: 0.1rem 0 0 0; accent-color: #0072B2; }
.gdi-form .gdi-level-label { font-weight: 600; }
.gdi-form .gdi-level-other .gdi-level-label { font-weight: 400; }
.gdi-form .gdi-details-line { color: #333; margin: 0.3rem 0; }
.gdi-form .gdi-figures { border-inline-start: 4px solid #56B4E9; padding-inline-start: 0.6rem; margin: 0.2rem 0 0.4rem; }
.gdi-form .gdi-figures-line, .gdi-form .gdi-figure-result { color: #333; margin: 0.3rem 0; }
.gdi-form .gdi-figure-name { margin: 0.5rem 0 0.1rem; }
.gdi-form .gdi-figure .widget-text { margin-inline-end: 0.6rem; }
.gdi-form details.gdi-more { margin: 0.4rem 0 0.1rem; }
.gdi-form details.gdi-more summary { cursor: pointer; padding: 0.3rem 0; min-height: 1.5rem; }
.gdi-form .gdi-source { color: #3d3d3d; margin: 0.2rem 0; }
.gdi-form .widget-label { white-space: normal; }
.gdi-form .gdi-status { font-weight: 600; margin: 0.2rem 0; }
.gdi-form .gdi-alert { border-left: 5px solid #D55E00; background: #fff4ec; padding: 0.5rem 0.8rem; }
.gdi-form .gdi-summary { position: sticky; top: 0; z-index: 5; background: #ffffff; border-bottom: 2px solid #8a8a8a; padding: 0.3rem 0; }
.gdi-form .gdi-summary { gap: 0.2rem 0.8rem; }
.gdi-form .gdi-summary .widget-html-content { line-height: 1.3; }
.gdi-form .gdi-summary .gdi-status { font-weight: 600; }
.gdi-form .widget-toggle-buttons .widget-label { width: auto; margin-right: 0.4rem; }
.gdi-form .gdi-summary p { margin: 0.1rem 0; }
.gdi-form .gdi-nav { align-items: center; gap: 0.4rem; margin: 0.4rem 0; }
.gdi-form .gdi-position { font-weight: 600; margin: 0 0.4rem; }
.gdi-form .gdi-table-scroll { overflow-x: auto; max-width: 100%; }
.gdi-form table.gdi-scores { border-collapse: collapse; width: 100%; line-height: 1.3; }
.gdi-form table.gdi-scores caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
.gdi-form table.gdi-scores th, .gdi-form table.gdi-scores td { border-bottom: 1px solid #bbb; padding: 0.25rem 0.4rem; text-align: right; vertical-align: top; }
.gdi-form table.gdi-scores th:first-child, .gdi-form table.gdi-scores td:first-child { text-align: left; }
.gdi-form .widget-toggle-buttons .widget-toggle-button { width: auto; min-width: 4rem; }
.gdi-form button, .gdi-form select, .gdi-form input[type=text], .gdi-form textarea { font-size: 1rem; }
.gdi-form button.jupyter-button { min-height: 2.75rem; height: auto; white-space: normal; }
.gdi-form .widget-checkbox { min-height: 2.75rem; height: auto; align-items: center; }
.gdi-form .widget-checkbox input[type=checkbox] { width: 1.25rem; height: 1.25rem; }
.gdi-form :focus-visible { outline: 3px solid #0072B2 !important; outline-offset: 2px; }
.gdi-form .gdi-level:has(input:focus-visible) { outline: 3px solid #0072B2; outline-offset: 1px; }
.gdi-form a { color: #005a8c; }
@media (max-height: 32rem) {
  /* a short window (a laptop at 200 % zoom): the summary scrolls away rather than fill it */
  .gdi-form .gdi-summary { position: static; }
}
@media (max-width: 40rem) {
  .gdi-form { font-size: 1rem; }
  .gdi-form .gdi-card { padding: 0.5rem 0.6rem; }
  .gdi-form .gdi-summary .gdi-mini, .gdi-form .gdi-summary .gdi-pillar-score { display: none; }
  .gdi-form.gdi-single .gdi-pillars { display: none; }
  .gdi-form .widget-hbox { flex-wrap: wrap; }
  .gdi-form .widget-inline-hbox { flex-wrap: wrap; }
  .gdi-form .widget-inline-hbox .widget-label { max-width: 100%; }
  .gdi-form .widget-dropdown, .gdi-form .widget-text, .gdi-form .widget-textarea { width: auto !important; max-width: calc(100% - 4px); }
}
</style>
"""


class FormScript(anywidget.AnyWidget):
    """The form's small piece of browser code: keys, focus, scrolling and the page's width.

    - Keys typed inside the form reach its controls in JupyterLab: the notebook's shortcuts
      (arrow keys move between cells) skip an element marked ``data-lm-suppress-shortcuts``.
    - ``focus_id`` / ``focus_token``: move the keyboard focus to an element of the form (a level
      group takes the focus on its chosen level, or its first) and scroll it into view.
    - ``width``: the form's width in CSS pixels, so a narrow screen starts one criterion at a time.
    - ipywidgets writes ``title="null"`` on labels without a tooltip; it is removed.
    - ``page_title``: the browser tab's title (the workshop's name on the participants' page).
    - ``lang`` and ``direction``: the form's language and writing direction, set on the form's
      element (and, on the participants' page, on the page itself), so Arabic reads right to
      left and a screen reader speaks each language in its own voice.
    """

    _esm = """
    const ATTR = 'data-lm-suppress-shortcuts';
    const CONTROLS = 'input, select, textarea, button, summary, [tabindex]';
    function tidy(form) {
      form.setAttribute(ATTR, 'true');
      for (const node of form.querySelectorAll(CONTROLS)) {
        if (!node.hasAttribute(ATTR)) node.setAttribute(ATTR, 'true');
      }
      for (const node of form.querySelectorAll('[title="null"]')) node.removeAttribute('title');
      // a toggle says whether what it opens is open (ipywidgets' toggle button does not)
      for (const node of form.querySelectorAll('.gdi-details-toggle')) {
        const open = String(node.classList.contains('mod-active'));
        if (node.getAttribute('aria-expanded') !== open) node.setAttribute('aria-expanded', open);
      }
    }
    function focusIn(form, id) {
      const target = form.querySelector('[id="' + id + '"]');
      if (!target) return false;
      let control = target;
      if (target.getAttribute('role') === 'radiogroup') {
        control = target.querySelector('input:checked') || target.querySelector('input');
      } else if (!target.matches(CONTROLS)) {
        control = target.querySelector(CONTROLS) || target;
      }
      const card = target.closest('.gdi-card') || target;
      const bar = form.querySelector('.gdi-summary');  // stays at the top: keep the card below it
      // a message for this person above the criteria (a resume code) is brought into view too
      const notice = [...form.querySelectorAll('.gdi-notice')].find((n) => n.textContent.trim());
      const into = notice || card;
      into.style.scrollMarginTop = ((bar ? bar.getBoundingClientRect().height : 0) + 24) + 'px';
      into.scrollIntoView({ block: 'start' });
      if (control && control.focus) control.focus({ preventScroll: true });
      return true;
    }
    // focus requests already carried out, by form: a view drawn again never repeats one
    const done = new Map();
    function render({ model, el }) {
      let form = null;
      const title = model.get('page_title');
      if (title) document.title = title;
      const watchers = [];
      let timer = null;
      const speak = () => {
        const lang = model.get('lang');
        if (!form || !lang) return;
        form.setAttribute('lang', lang);
        form.setAttribute('dir', model.get('direction') || 'ltr');
        if (form.classList.contains('gdi-workshop')) {  // the page is the participants' own
          document.documentElement.setAttribute('lang', lang);
          document.documentElement.setAttribute('dir', model.get('direction') || 'ltr');
        }
      };
      model.on('change:lang', speak);
      model.on('change:direction', speak);
      const attach = () => {
        form = el.closest('.gdi-form, .gdi-workshop');
        if (!form) return false;
        speak();
        tidy(form);
        const changes = new MutationObserver(() => tidy(form));
        changes.observe(form, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
        let last = 0;
        const size = new ResizeObserver(() => {
          const width = Math.round(form.clientWidth);
          if (width && Math.abs(width - last) > 8) {
            last = width;
            model.set('width', width);
            model.save_changes();
          }
        });
        size.observe(form);
        watchers.push(changes, size);
        return true;
      };
      if (!attach()) {
        timer = setInterval(() => { if (attach()) { clearInterval(timer); timer = null; } }, 100);
        setTimeout(() => { if (timer) clearInterval(timer); }, 15000);
      }
      const focusNow = () => {
        const token = model.get('focus_token');
        const key = model.get('key');
        if (done.get(key) === token) return;
        done.set(key, token);
        const id = model.get('focus_id');
        let tries = 0;
        const go = () => { if (form && focusIn(form, id)) return; if (++tries < 60) setTimeout(go, 50); };
        go();  // the card may be drawn a moment after the request
      };
      model.on('change:focus_token', focusNow);
      if (model.get('focus_token') > 0) focusNow();  // asked before the page was drawn
      return () => {
        for (const w of watchers) w.disconnect();
        if (timer) clearInterval(timer);
      };
    }
    export default { render };
    """
    width = traitlets.Int(0).tag(sync=True)
    key = traitlets.Unicode("").tag(sync=True)
    page_title = traitlets.Unicode("").tag(sync=True)
    lang = traitlets.Unicode("").tag(sync=True)
    direction = traitlets.Unicode("ltr").tag(sync=True)
    focus_id = traitlets.Unicode("").tag(sync=True)
    focus_token = traitlets.Int(0).tag(sync=True)

    @traitlets.default("key")
    def _key(self) -> str:
        import secrets

        return secrets.token_hex(8)

    def focus(self, element_id: str) -> None:
        """Move the focus to the element with this id (and scroll it into view)."""
        self.focus_id = element_id
        self.focus_token += 1


# the old name, kept for code that imported it
KeyboardScope = FormScript


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same type: level 1 is not ``True``, level 0 is not ``False``."""
    return a is not None and type(a) is type(b) and a == b


def _one_of(value: Any, others: tuple[Any, ...]) -> bool:
    return any(value is o if o is None else _same(value, o) for o in others)


class LevelChoice(anywidget.AnyWidget):
    """A criterion's levels as one radio group: one Tab stop, arrow keys between the options.

    ``value`` is the chosen option's value (``None``: no answer); ``options`` are ``(label,
    value)`` pairs as for ipywidgets' selection widgets. The page shows each level's label in
    bold and its descriptor in readable type, and names the group after the question.
    """

    _esm = """
    let serial = 0;
    function render({ model, el }) {
      const group = document.createElement('div');
      group.className = 'gdi-levels';
      group.setAttribute('role', 'radiogroup');
      group.id = model.get('dom_id');
      const labelledby = model.get('labelledby');
      if (labelledby) group.setAttribute('aria-labelledby', labelledby);
      else group.setAttribute('aria-label', model.get('description'));
      const name = 'gdi-levels-' + (++serial) + '-' + Math.random().toString(36).slice(2, 8);
      const inputs = [];
      let others = null;
      model.get('items').forEach((item, i) => {
        const label = document.createElement('label');
        label.className = 'gdi-level' + (item.other ? ' gdi-level-other' : '');
        const input = document.createElement('input');
        input.type = 'radio';
        input.name = name;
        input.value = String(i);
        input.setAttribute('data-lm-suppress-shortcuts', 'true');
        input.addEventListener('change', () => {
          if (input.checked) { model.set('index', i); model.save_changes(); }
        });
        const text = document.createElement('span');
        const head = document.createElement('span');
        head.className = 'gdi-level-label';
        head.textContent = item.label;
        text.appendChild(head);
        if (item.detail) {
          text.appendChild(document.createTextNode(': '));
          const detail = document.createElement('span');
          detail.className = 'gdi-level-detail';
          detail.textContent = item.detail;
          text.appendChild(detail);
        }
        label.append(input, text);
        if (item.other) {  // not applicable, don't know, no answer: side by side, below the levels
          if (!others) { others = document.createElement('div'); others.className = 'gdi-level-others'; group.appendChild(others); }
          others.appendChild(label);
        } else {
          group.appendChild(label);
        }
        inputs.push(input);
      });
      const sync = () => {
        const k = model.get('index');
        inputs.forEach((input, i) => { input.checked = i === k; });
      };
      sync();
      model.on('change:index', sync);
      el.appendChild(group);
    }
    export default { render };
    """
    items = traitlets.List(traitlets.Dict()).tag(sync=True)
    index = traitlets.Int(-1).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    labelledby = traitlets.Unicode("").tag(sync=True)
    dom_id = traitlets.Unicode("").tag(sync=True)
    value = traitlets.Any(None)

    def __init__(
        self,
        options: list[tuple[str, str, Any]],
        *,
        description: str,
        labelledby: str,
        dom_id: str,
        others: tuple[Any, ...] = (NA, DK, None),
    ) -> None:
        self._values = [v for _, _, v in options]
        self.options = [
            (f"{label}: {detail}" if detail else label, v) for label, detail, v in options
        ]
        super().__init__(
            items=[
                {"label": label, "detail": detail, "other": _one_of(v, others)}
                for label, detail, v in options
            ],
            description=description,
            labelledby=labelledby,
            dom_id=dom_id,
        )

    @traitlets.observe("index")
    def _index_changed(self, change: dict[str, Any]) -> None:
        i = change["new"]
        value = self._values[i] if 0 <= i < len(self._values) else None
        if value != self.value:
            self.value = value

    @traitlets.observe("value")
    def _value_changed(self, change: dict[str, Any]) -> None:
        value = change["new"]
        if value is None:
            # nothing checked for a new card; "No answer" stays checked when it was clicked
            chosen = 0 <= self.index < len(self._values) and self._values[self.index] is None
            index = self.index if chosen else -1
        else:
            index = next((i for i, v in enumerate(self._values) if _same(v, value)), -1)
        if index != self.index:
            self.index = index


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _dom_id(prefix: str, criterion_id: str) -> str:
    """An element id made of the criterion id (letters, digits, dots and dashes)."""
    return f"gdi-{prefix}-" + "".join(c if c.isalnum() or c in "-_" else "_" for c in criterion_id)


def evidence_links_html(text: str) -> str:
    """The http and https links in ``text`` as a list of links (empty when there are none)."""
    links: dict[str, str] = {}
    for seg in split_links(text):
        if seg.href is not None:
            links.setdefault(seg.href, seg.text)  # the first spelling of an address
    if not links:
        return ""
    items = "".join(
        f'<li><a href="{_esc(href)}" target="_blank" rel="noopener noreferrer">{_esc(shown)}</a></li>'
        for href, shown in links.items()
    )
    return f"<ul>{items}</ul>"


class _Shared:
    """Style and layout objects shared by every card: each is a widget, so sharing saves time."""

    def __init__(self) -> None:
        self.desc = DescriptionStyle(description_width="initial")
        self.text = TextStyle(description_width="initial")
        self.full = w.Layout(width="100%")
        self.evidence = w.Layout(width="100%", height="4.5em")
        self.notes = w.Layout(width="100%", height="3.2em")
        self.row = w.Layout(flex_flow="row wrap")
        self.plain = w.Layout()  # for widgets that need no layout of their own


def _indicators_html(k: Criterion, t: Callable[..., str]) -> str:
    if not k.indicators:
        return ""
    rows = []
    for ind in k.indicators:
        bits = [f"<strong>{_esc(ind.code)}</strong> " if ind.code else "", _esc(ind.name)]
        extra = [x for x in (ind.unit, ind.source) if x]
        if extra:
            bits.append(f" ({_esc(', '.join(extra))})")
        if ind.thresholds:
            shown = ", ".join(f"{v:g}" for v in ind.thresholds)
            bits.append(f"; {_esc(t('indicator_thresholds', thresholds=shown))}")
        rows.append(f"<li>{''.join(bits)}</li>")
    return f"<h4>{_esc(t('indicators'))}</h4><ul>{''.join(rows)}</ul>"


class CriterionCard:
    """The controls for one criterion: level choice, reason, target, confidence, evidence, notes.

    The question comes first, then the levels as one radio group. Target, confidence, evidence
    and notes sit behind one toggle (their current values are shown beside it); the evidence to
    look for, guidance, indicators and the source commitment behind "More about this criterion".
    """

    def __init__(
        self,
        ref: CriterionRef,
        rubric: Rubric,
        kind: str,
        lang: str,
        default_target: int,
        shared: _Shared | None = None,
        *,
        year: int | None = None,
        figures_editable: bool = True,
        rules: tuple[int, int] = (DIVERGENCE, STALE_AFTER),
    ) -> None:
        sh = shared or _Shared()
        k: Criterion = ref.criterion
        self.criterion = k
        self.lang = lang
        self.default_target = default_target

        def t(key: str, **values: object) -> str:
            return ui_text(key, lang, **values)

        self._t = t
        question = k.question(kind) or ""
        self.question_id = _dom_id("q", k.id)
        self.levels_id = _dom_id("levels", k.id)
        self.header = w.HTML(
            f'<p class="gdi-crit-id">{_esc(t("criterion_of", id=k.id, commitment=ref.commitment.id))}</p>'
            f'<h3 id="gdi-{_esc(k.id)}">{_esc(k.title)}</h3>'
            f'<p class="gdi-question" id="{self.question_id}">{_esc(question)}</p>',
            layout=sh.plain,
        )
        evidence_items = "".join(f"<li>{_esc(e)}</li>" for e in k.evidence)
        guidance = (
            f"<h4>{_esc(t('guidance'))}</h4><p>{_esc(k.guidance.strip())}</p>" if k.guidance else ""
        )
        who = k.answered_by.get(kind)  # type: ignore[call-overload]
        who_html = f"<h4>{_esc(t('answered_by'))}</h4><p>{_esc('; '.join(who))}</p>" if who else ""
        terms = [
            (rubric.glossary[x].term, rubric.glossary[x].definition)
            for x in k.terms
            if x in rubric.glossary
        ]
        terms_html = (
            f"<h4>{_esc(t('glossary'))}</h4><dl>"
            + "".join(f"<dt>{_esc(a)}</dt><dd>{_esc(b)}</dd>" for a, b in terms)
            + "</dl>"
            if terms
            else ""
        )
        self.more = w.HTML(
            f'<details class="gdi-more"><summary>{_esc(t("more_about"))}</summary>'
            f"<h4>{_esc(t('what_to_show'))}</h4><ul>{evidence_items}</ul>"
            f"{who_html}{guidance}{terms_html}{_indicators_html(k, t)}"
            f'<p class="gdi-source">{_esc(t("source", commitment=ref.commitment.id, summary=ref.commitment.summary.strip()))}<br>'
            f"{_esc(t('citation', citation=cite(rubric, ref.commitment.id, lang)))}</p></details>",
            layout=sh.plain,
        )
        options: list[tuple[str, str, Any]] = [
            (
                t("level_label", level=lvl, label=level_label(lvl, lang)),
                " ".join(k.descriptor(lvl, kind).split()),
                lvl,
            )
            for lvl in range(5)
        ]
        options += [
            (t("not_applicable"), "", NA),
            (t("dont_know"), "", DK),
            (t("no_answer"), "", None),
        ]
        self.choice = LevelChoice(
            options,
            description=t("level_group", title=k.title),
            labelledby=self.question_id,
            dom_id=self.levels_id,
        )
        self.reason = w.Text(
            description=t("reason"),
            placeholder=t("reason_placeholder"),
            continuous_update=True,  # every keystroke reaches the kernel: nothing typed is lost
            layout=w.Layout(width="100%", display="none"),
            style=sh.text,
        )
        # a value of its own for "the default": ipywidgets shows a None value as an empty box
        self.target = w.Dropdown(
            options=[
                (
                    t(
                        "target_default",
                        level=default_target,
                        label=level_label(default_target, lang),
                    ),
                    "",
                )
            ]
            + [
                (t("level_label", level=lvl, label=level_label(lvl, lang)), lvl) for lvl in range(5)
            ],
            value="",
            description=t("target"),
            style=sh.desc,
            layout=sh.plain,
        )
        self.confidence = w.Dropdown(
            options=[
                (t("confidence_none"), ""),
                (t("confidence_low"), "low"),
                (t("confidence_medium"), "medium"),
                (t("confidence_high"), "high"),
            ],
            value="",
            description=t("confidence"),
            style=sh.desc,
            layout=sh.plain,
        )
        self.evidence = w.Textarea(
            description=t("evidence"),
            placeholder=t("evidence_placeholder"),
            continuous_update=True,
            layout=sh.evidence,
            style=sh.text,
        )
        self.links = w.HTML("", layout=sh.plain)  # the evidence's links, clickable
        self.confidential = w.Checkbox(  # a layout of its own: it may be hidden alone
            value=False, description=t("confidential"), indent=False, layout=w.Layout()
        )
        self.notes = w.Textarea(
            description=t("notes"),
            placeholder=t("notes_placeholder"),
            continuous_update=True,
            layout=sh.notes,
            style=sh.text,
        )
        self.prompt = w.HTML("")  # what this card still needs, shown beside it
        self.offer = w.VBox([], layout=sh.plain)  # a level suggested from another assessment
        self.details_line = w.HTML("", layout=sh.plain)
        self.details_toggle = w.ToggleButton(
            value=False, description=t("details_toggle"), layout=w.Layout(width="auto")
        )
        #: the figures of the criterion's indicators (None without any): what they suggest is
        #: always in view; their boxes come with the evidence
        self.figures = (
            FiguresPanel(
                k,
                kind,
                lang,
                year,
                editable=figures_editable,
                divergence=rules[0],
                stale_after=rules[1],
            )  # fmt: skip
            if k.indicators and year is not None
            else None
        )
        self.details = w.VBox(
            [
                w.HBox([self.target, self.confidence], layout=sh.row),
                self.evidence,
                self.links,
                *((self.figures.body,) if self.figures is not None else ()),
                self.confidential,
                self.notes,
            ],
            layout=w.Layout(display="none"),
        )
        self.details_toggle.observe(self._on_details, names="value")
        self.details_toggle.add_class("gdi-details-toggle")
        self.recorded_links: tuple[str, ...] = ()
        self.box = w.VBox(
            [
                self.header,
                self.choice,
                self.reason,
                self.prompt,
                self.offer,
                w.HBox([self.details_toggle, self.details_line], layout=sh.row),
                self.details,
                *((self.figures.line,) if self.figures is not None else ()),
                self.more,
            ],
            layout=sh.plain,
        )
        self.box.add_class("gdi-card")
        self.describe()

    def _on_details(self, change: dict[str, Any]) -> None:
        if change["new"] and self.figures is not None:
            self.figures.build()
        self.details.layout.display = "" if change["new"] else "none"

    @property
    def controls(self) -> tuple[w.DOMWidget, ...]:
        """Every input of the card."""
        return (
            self.choice,
            self.reason,
            self.target,
            self.confidence,
            self.evidence,
            self.confidential,
            self.notes,
        )

    @property
    def typed(self) -> tuple[w.DOMWidget, ...]:
        """The inputs people type into (saved when they pause, not on every keystroke)."""
        return (self.reason, self.evidence, self.notes)

    def describe(self) -> None:
        """Say beside the toggle what target, confidence and evidence hold now; show the links."""
        t = self._t
        if self.target.value == "":
            lvl = self.default_target
            target = t("details_default", level=lvl, label=level_label(lvl, self.lang))
        else:
            target = t(
                "level_label",
                level=self.target.value,
                label=level_label(self.target.value, self.lang),
            )
        confidence = self.confidence.label if self.confidence.value else t("details_no_confidence")
        lines = [x for x in self.evidence.value.splitlines() if x.strip()]
        evidence = (
            t("details_no_evidence")
            if not lines
            else t("details_evidence_one")
            if len(lines) == 1
            else t("details_evidence_count", n=len(lines))
        )
        text = t("details_summary", target=target, confidence=confidence, evidence=evidence)
        self.details_line.value = f'<p class="gdi-details-line">{_esc(text)}</p>'
        links = evidence_links_html("\n".join([self.evidence.value, *self.recorded_links]))
        self.links.value = f"<div>{_esc(t('evidence_links'))}{links}</div>" if links else ""

    def show(self, response: Response | None) -> None:
        """Set the controls from a saved response (or clear them)."""
        if response is None:
            self.choice.value = None
            self.reason.value = ""
            self.target.value = ""
            self.confidence.value = ""
            self.evidence.value = ""
            self.confidential.value = False
            self.notes.value = ""
        else:
            self.choice.value = response.level if response.status == "scored" else response.status
            self.reason.value = response.reason or ""
            self.target.value = "" if response.target is None else response.target
            self.confidence.value = response.confidence or ""
            self.evidence.value = response.evidence
            self.confidential.value = response.confidential
            self.notes.value = response.notes
        self.recorded_links = (
            tuple(response.links) if response is not None and response.links else ()
        )
        self.reason.layout.display = "" if self.choice.value == NA else "none"
        self.describe()

    @property
    def level(self) -> int | None:
        """The level chosen (None: not applicable, don't know or no answer)."""
        v = self.choice.value
        return v if isinstance(v, int) and not isinstance(v, bool) else None

    def response(self, respondent: str, now: dt.datetime) -> Response | None:
        """The response these controls describe; None when there is no answer (or NA lacks a reason)."""
        choice = self.choice.value
        if choice is None:
            return None
        common: dict[str, Any] = {
            "links": self.recorded_links,  # links recorded elsewhere (an import) are kept
            "criterion": self.criterion.id,
            "respondent": respondent,
            "target": None if self.target.value == "" else self.target.value,
            "confidence": self.confidence.value or None,
            "evidence": self.evidence.value,
            "confidential": self.confidential.value,
            "notes": self.notes.value,
            "answered_at": now,
        }
        try:
            if choice == NA:
                reason = self.reason.value.strip()
                if not reason:
                    return None
                return Response(status=NA, reason=reason, **common)
            if choice == DK:
                return Response(status=DK, **common)
            return Response(status="scored", level=int(choice), **common)
        except ValidationError as exc:  # e.g. a control character pasted into the evidence
            raise ProblemsError(problems_from(exc, self.criterion.title)) from None


LIST: Final = "list"
SINGLE: Final = "single"
#: below this width (CSS pixels) the form starts one criterion at a time
NARROW: Final = 640


class AssessmentForm:
    """A scoring form for one respondent of one assessment.

    Parameters
    ----------
    rubric
        The rubric the assessment was made with (checked: id, version and content).
    store
        Where the assessment is read and saved (a file, or later a workshop store).
    respondent
        Whose answers this form shows and writes.
    lang
        Interface language (see :mod:`assessment.text`).
    debounce
        Seconds during which further changes are gathered into one redraw of the chart; the first
        change after a quiet moment is drawn at once (0: every change at once).
    save_delay
        Seconds after the last keystroke in evidence, notes or a reason before the text is saved
        (the status says "unsaved" meanwhile); choices are saved at once.
    clock
        Returns the current time (injected so tests are exact).
    mode
        ``"list"`` (every criterion of a pillar) or ``"single"`` (one at a time); ``None`` starts
        with the list and switches to one at a time on a narrow screen.
    core_only
        Start with the short form (the core criteria) only.
    allow_confidential
        Offer the "confidential" mark (False where the store cannot keep it).
    record_figures
        Let the person record indicator figures beside "What to look for" (False where the store
        keeps answers only, as a workshop participant's page: the figures are shown, read only).
    """

    def __init__(
        self,
        rubric: Rubric,
        store: AssessmentStore,
        *,
        respondent: str = "self",
        lang: str = "en",
        debounce: float = 0.2,
        save_delay: float = 0.8,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
        mode: str | None = None,
        core_only: bool = False,
        allow_confidential: bool = True,
        record_figures: bool = True,
    ) -> None:
        self.rubric = rubric
        self.allow_confidential = allow_confidential
        self.record_figures = record_figures
        self.store = store
        self.lang = lang
        self.debounce = debounce
        self.save_delay = save_delay
        self._typing: dict[str, asyncio.TimerHandle] = {}
        self._figure_typing: dict[tuple[str, str], asyncio.TimerHandle] = {}
        self.clock = clock
        self.assessment: Assessment = store.load()
        problems = check_against_rubric(self.assessment, rubric)
        if problems:
            raise UsageError.keyed("error_form_wrong_rubric", rubric=rubric.id, problems=problems)
        if respondent not in {r.id for r in self.assessment.respondents}:
            known = ", ".join(r.id for r in self.assessment.respondents)
            raise UsageError.keyed(
                "error_form_unknown_respondent", respondent=respondent, known=known
            )
        self.respondent = respondent
        self.kind = self.assessment.entity.kind
        self.scores: Scores | None = None
        self.redraws = 0
        self._pending: asyncio.TimerHandle | None = None
        self._last_draw = 0.0
        self._radar: RadarImage | None = None
        self._radar_size = 0.0
        self._mini: RadarImage | None = None
        self._quiet = False
        self._offers: dict[str, list[Suggestion]] = {}
        self._mode_chosen = mode is not None
        self._width_seen = False
        self._build(mode or LIST, core_only or self.assessment.short_form)
        self.refresh(chart=True)
        self._say_loaded()
        if self.current is not None and self._answered():
            self.focus(self.current)  # resuming: the page opens at the first unanswered one

    # -- building --------------------------------------------------------------------------------

    def _t(self, key: str, **values: object) -> str:
        return ui_text(key, self.lang, **values)

    def _status(self, text: str, *, css: str = "gdi-status") -> None:
        self.status.value = f'<p class="{css}" role="status" aria-live="polite">{_esc(text)}</p>'

    def _build(self, mode: str, core_only: bool = False) -> None:
        a = self.assessment
        self.title = w.HTML(
            f"<h2>{_esc(self._t('form_title', entity=a.entity.name))}</h2>"
            f"<p>{_esc(self._t('form_intro', rubric=f'{self.rubric.title} v{self.rubric.version}'))}</p>"
        )
        self.status = w.HTML("")
        self._status(self._t("not_saved"))
        self.messages = w.HTML("")
        self.reload_button = w.Button(
            description=self._t("reload"), layout=w.Layout(width="auto", display="none")
        )
        self.overwrite_button = w.Button(
            description=self._t("overwrite"), layout=w.Layout(width="auto", display="none")
        )
        self.reload_button.on_click(self._guard(self._on_reload))
        self.overwrite_button.on_click(self._guard(self._on_overwrite))
        self.progress = w.IntProgress(
            min=0,
            max=1,
            value=0,
            description="",  # the words are beside it: "Answered 12 of 64"
            layout=w.Layout(max_width="100%", width="12rem"),
        )
        self.progress_text = w.HTML("")
        self.pillar_score = w.HTML("")
        self.pillar_score.add_class("gdi-pillar-score")
        self.only_unanswered = w.Checkbox(
            description=self._t("filter_unanswered"), value=False, indent=False
        )
        self.core_only = w.Checkbox(
            description=self._t("filter_core"), value=core_only, indent=False
        )
        self.only_unanswered.observe(self._guard(self._on_filter), names="value")
        self.core_only.observe(self._guard(self._on_filter), names="value")
        self.mode = w.ToggleButtons(
            options=[(self._t("mode_list"), LIST), (self._t("mode_single"), SINGLE)],
            value=mode,
            description=self._t("mode_label"),
            style={"button_width": "auto", "description_width": "initial"},
        )
        self.mode.observe(self._guard(self._on_mode), names="value")
        self.pillar = w.ToggleButtons(
            options=[(p.id, p.id) for p in self.rubric.pillars],
            description="",
            style={"button_width": "auto"},
        )
        self.pillar.observe(self._guard(self._on_pillar), names="value")
        self.pillar.add_class("gdi-pillars")
        self._shared = _Shared()
        self._refs = {
            r.criterion.id: r for r in self.rubric.refs if self.kind in r.criterion.applies_to
        }
        self.cards: dict[str, CriterionCard] = {}  # built on first view
        # "who answers": a coordinator splits the work across agencies or departments
        units = sorted({u for r in self._refs.values() for u in r.criterion.answered_by.get(self.kind, ())})  # fmt: skip
        self.unit = w.Dropdown(
            options=[(self._t("unit_all"), "")] + [(u, u) for u in units],
            value="",
            description=self._t("unit_label"),
            style={"description_width": "initial"},
            layout=w.Layout(width="auto", display="" if units else "none"),
        )
        self.unit.observe(self._guard(self._on_filter), names="value")
        self.criteria_box = w.VBox([])
        # a message for this person just above the criteria (a participant's resume code): the
        # page scrolls to it, not past it, when the focus moves into the form
        self.notice = w.HTML("")
        self.notice.add_class("gdi-notice")
        # one criterion at a time: where we are, and the buttons to move
        self.current: str | None = None
        self.position = w.HTML("")
        self.next_button = w.Button(description=self._t("nav_next"))
        self.unanswered_button = w.Button(description=self._t("nav_unanswered"))
        self.previous_button = w.Button(description=self._t("nav_previous"))
        self.next_button.on_click(self._guard(lambda _b: self._step(+1)))
        self.previous_button.on_click(self._guard(lambda _b: self._step(-1)))
        self.unanswered_button.on_click(self._guard(lambda _b: self._to_unanswered()))
        # Next comes first in the Tab order: from a criterion's levels it is three Tabs away
        self.nav = w.HBox(
            [self.next_button, self.unanswered_button, self.previous_button, self.position],
            layout=w.Layout(flex_flow="row wrap"),
        )
        self.nav.add_class("gdi-nav")
        # the full-size chart and table, on demand
        self.chart = w.HTML("")
        self.table = w.HTML("")
        self.full = w.VBox([self.chart, self.table], layout=w.Layout(display="none"))
        self.full_toggle = w.ToggleButton(
            value=False, description=self._t("summary_show"), layout=w.Layout(width="auto")
        )
        self.full_toggle.observe(self._guard(self._on_full), names="value")
        # always in view while scrolling: progress, a small radar, the current pillar's score
        self.mini = w.HTML("", layout=w.Layout(flex="0 0 auto"))
        self.mini.add_class("gdi-mini")
        self.summary = w.HBox(
            [
                self.mini,
                w.VBox(
                    [
                        w.HBox(
                            [self.progress, self.progress_text],
                            layout=w.Layout(flex_flow="row wrap", align_items="center"),
                        ),
                        self.pillar_score,
                        self.status,
                    ],
                    layout=w.Layout(flex="1 1 16rem", min_width="0"),
                ),
            ],
            layout=w.Layout(flex_flow="row wrap", align_items="center"),
        )
        self.summary.add_class("gdi-summary")
        self.script = FormScript(
            lang=self.lang, direction=text_direction(self.lang), layout=w.Layout(display="none")
        )
        self.script.observe(self._guard(self._on_width), names="width")
        start = first_unanswered(self.rubric, a, self.respondent, core_only=core_only)
        if start is not None:
            self._quiet = True
            self.pillar.value = start[0]
            self._quiet = False
            self.current = start[1]
        elif self._refs:
            self.current = next(iter(self._refs))
        self._show()
        self.container = w.VBox(
            [
                w.HTML(_CSS),
                self.script,
                self.title,
                self.summary,
                self.full,
                self.messages,
                w.HBox([self.reload_button, self.overwrite_button]),
                w.HBox(
                    [self.mode, self.only_unanswered, self.core_only, self.unit, self.full_toggle],
                    layout=w.Layout(flex_flow="row wrap", align_items="center"),
                ),
                self.pillar,
                self.criteria_box,
            ]
        )
        self.container.add_class("gdi-form")
        self._single_class(self.mode.value == SINGLE)
        if text_direction(self.lang) == "rtl":
            self.container.add_class("gdi-rtl")

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        return self.container._repr_mimebundle_(**kwargs)

    def _say_loaded(self) -> None:
        """What was loaded and when it was last saved: the status a returning person reads."""
        own = [r for r in self.assessment.responses if r.respondent == self.respondent]
        if not own:
            self._status(self._t("loaded_none"))
            return
        done = (
            first_unanswered(
                self.rubric, self.assessment, self.respondent, core_only=self.core_only.value
            )
            is None
        )
        times = [r.answered_at for r in own if r.answered_at is not None]
        if not times:
            self._status(
                self._t(
                    "loaded_done" if done else "loaded", answers=self._count(len(own)), when="–"
                )
            )
            return
        last = max(times, key=lambda t: t.astimezone())  # imported times may carry a zone
        local = last.astimezone().replace(tzinfo=None) if last.tzinfo else last
        when = (
            f"{local:%d %b %Y %H:%M}" if local.date() != self.clock().date() else f"{local:%H:%M}"
        )
        self._status(
            self._t("loaded_done" if done else "loaded", answers=self._count(len(own)), when=when)
        )

    def _count(self, n: int) -> str:
        return ui_plural("answers_count", n, self.lang)

    # -- errors -----------------------------------------------------------------------------------

    def _guard(self, fn: Callable[..., None]) -> Callable[..., None]:
        """Wrap a callback so that any error is shown in the form instead of vanishing."""

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> None:
            if self._quiet:
                return
            try:
                fn(*args, **kwargs)
            except ConflictError as exc:
                self._show_message(self._t("conflict", when=f"{exc.modified:%H:%M:%S}"))
                self.reload_button.layout.display = ""
                self.overwrite_button.layout.display = ""
            except GdiError as exc:
                self._show_message(exc.in_language(self.lang))
            except Exception as exc:  # a bug: show it, keep the form alive
                self._show_message(
                    self._t("internal_error", error=f"{type(exc).__name__}: {exc}"),
                    detail=traceback.format_exc(),
                )

        return wrapper

    def _show_message(self, text: str, detail: str | None = None) -> None:
        extra = (
            f"<details><summary>Details</summary><pre>{_esc(detail)}</pre></details>"
            if detail
            else ""
        )
        self.messages.value = f'<div class="gdi-alert" role="alert"><strong>{_esc(self._t("error_title"))}:</strong> {_esc(text)}{extra}</div>'

    def _clear_message(self) -> None:
        self.messages.value = ""
        self.reload_button.layout.display = "none"
        self.overwrite_button.layout.display = "none"

    # -- callbacks --------------------------------------------------------------------------------

    def _on_typing(self, card: CriterionCard, change: dict[str, Any]) -> None:
        """Text is being typed: say it is not saved yet, and save once the typing pauses."""
        self._status(self._t("unsaved"), css="gdi-status gdi-unsaved")
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (a script, a test): save now
            self._on_change(card, change)
            return
        cid = card.criterion.id
        if cid in self._typing:
            self._typing[cid].cancel()
        self._typing[cid] = loop.call_later(
            self.save_delay, self._guard(functools.partial(self._on_change, card, change))
        )

    def _on_change(self, card: CriterionCard, change: dict[str, Any]) -> None:
        pending = self._typing.pop(card.criterion.id, None)
        if pending is not None:
            pending.cancel()  # this save takes the typed text with it
        card.reason.layout.display = "" if card.choice.value == NA else "none"
        card.describe()
        if card.choice.value == NA and not card.reason.value.strip():
            needed = self._t("reason_needed", title=card.criterion.title)
            card.prompt.value = f'<p class="gdi-alert" role="alert">{_esc(needed)}</p>'
            return
        card.prompt.value = ""
        if card.offer.children and card.choice.value is not None:
            card.offer.children = ()
        response = card.response(self.respondent, self.clock())
        if response is None:
            updated = self.assessment.without_response(card.criterion.id, self.respondent)
        else:
            updated = self.assessment.with_response(response)
        self._save(updated)
        self._show_figures(card, rows=False)  # the rating moved: is it still near the figures?

    # -- indicator figures ------------------------------------------------------------------------

    def _show_figures(self, card: CriterionCard, *, rows: bool = True) -> None:
        if card.figures is not None:
            card.figures.show(self.assessment.indicators.get(card.criterion.id, ()), card.level, rows=rows)  # fmt: skip

    def _watch_figures(self, card: CriterionCard, panel: FiguresPanel) -> None:
        """The rows were built: save a row when its typing pauses, remove it on its button."""
        for key, row in panel.rows.items():
            for box in row.inputs:
                box.observe(self._guard(functools.partial(self._on_figure_typing, card, key)), names="value")  # fmt: skip
            row.remove.on_click(self._guard(functools.partial(self._on_figure_remove, card, key)))

    def _on_figure_typing(self, card: CriterionCard, key: str, _change: dict[str, Any]) -> None:
        self._status(self._t("unsaved"), css="gdi-status gdi-unsaved")
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (a script, a test): save now
            self._on_figure(card, key)
            return
        where = (card.criterion.id, key)
        if where in self._figure_typing:
            self._figure_typing[where].cancel()
        self._figure_typing[where] = loop.call_later(
            self.save_delay, self._guard(functools.partial(self._on_figure, card, key))
        )

    def _on_figure(self, card: CriterionCard, key: str) -> None:
        """Save the figure typed in one row (or remove it when the row is empty)."""
        pending = self._figure_typing.pop((card.criterion.id, key), None)
        if pending is not None:
            pending.cancel()
        panel = card.figures
        if panel is None or not self.record_figures:
            return
        entry = panel.typed(key)
        cid = card.criterion.id
        if entry.problem is not None:
            panel.say(key, entry.problem, **dict(entry.problem_fields))
            self._status(self._t("figure_not_saved"), css="gdi-status gdi-unsaved")
            return
        if entry.value is None:
            updated = without_indicator_value(self.assessment, self.rubric, cid, key)
        else:
            updated = with_indicator_value(self.assessment, self.rubric, cid, entry.value)
        if updated != self.assessment:
            self._save(updated)
        else:
            self._status(f"✔ {self._t('saved_at', time=f'{self.clock():%H:%M:%S}')}")
        self._show_figures(card, rows=False)

    def _on_figure_remove(self, card: CriterionCard, key: str, _button: object = None) -> None:
        if card.figures is not None:
            self._quiet = True  # one save for the three boxes, not three
            try:
                card.figures.clear(key)
            finally:
                self._quiet = False
            self._on_figure(card, key)

    def flush(self) -> None:
        """Save now any text still waiting for a pause in typing."""
        for cid in list(self._typing):
            self._on_change(self.card(cid), {})
        for cid, key in list(self._figure_typing):
            self._on_figure(self.card(cid), key)

    def set_language(self, lang: str) -> None:
        """Record ``lang`` as the assessment's language (reports default to it); answers stay."""
        self.flush()
        if self.assessment.language != lang:
            self._save(self.assessment.model_copy(update={"language": lang}))

    def _save(self, updated: Assessment, *, force: bool = False) -> None:
        saved = self.store.save(updated, force=force)
        self.assessment = updated
        self._clear_message()
        self._status(f"✔ {self._t('saved_at', time=f'{saved:%H:%M:%S}')}")
        self.refresh()

    def _on_reload(self, _button: w.Button) -> None:
        self.assessment = self.store.load()
        self._quiet = True
        try:
            for cid, card in self.cards.items():
                card.show(self.assessment.response(cid, self.respondent))
                self._show_figures(card)
        finally:
            self._quiet = False
        self._clear_message()
        self.refresh(chart=True)

    def _on_overwrite(self, _button: w.Button) -> None:
        updated = self.assessment
        for cid, card in self.cards.items():
            r = card.response(self.respondent, self.clock())
            updated = (
                updated.with_response(r)
                if r is not None
                else updated.without_response(cid, self.respondent)
            )
        self._save(updated, force=True)

    def _on_filter(self, _change: dict[str, Any]) -> None:
        self._show()
        self.refresh()

    def _on_pillar(self, _change: dict[str, Any]) -> None:
        if self.mode.value == SINGLE:
            order = self._order()
            answered = self._answered()
            here = [c for c in order if self._refs[c].pillar.id == self.pillar.value]
            if not here:
                self._pillar_line()
                self.criteria_box.children = [w.HTML(f"<p>{_esc(self._t('nothing_to_show'))}</p>")]
                return
            # the pillar's first criterion without an answer, or its first
            self.current = next((c for c in here if c not in answered), here[0])
        self._show()
        self._pillar_line()

    def _on_mode(self, _change: dict[str, Any]) -> None:
        self._mode_chosen = True
        if self.mode.value == SINGLE:
            self._start_in_pillar()
        self._show()
        if self.current is not None:
            self.focus(self.current)

    def _start_in_pillar(self) -> None:
        """One at a time starts in the pillar shown, at its first criterion without an answer."""
        if self.current is not None and self._refs[self.current].pillar.id == self.pillar.value:
            return
        order = self._order()
        answered = self._answered()
        here = [c for c in order if self._refs[c].pillar.id == self.pillar.value]
        if here:
            self.current = next((c for c in here if c not in answered), here[0])

    def _on_width(self, change: dict[str, Any]) -> None:
        """A narrow screen starts one criterion at a time: decided once, when the page first
        says how wide it is (a window narrowed later keeps the person's way of working)."""
        first = not self._width_seen
        self._width_seen = True
        if (
            first
            and not self._mode_chosen
            and 0 < change["new"] < NARROW
            and self.mode.value != SINGLE
        ):
            self._quiet = True
            try:
                self.mode.value = SINGLE
            finally:
                self._quiet = False
            self._show()
            if self.script.focus_token and self.current is not None:
                self.focus(self.current)  # the card was drawn again: the focus goes with it

    def _full_size(self) -> tuple[float, bool]:
        """Inches of the full-size radar (at 100 dpi), and whether the screen is narrow."""
        width = self.script.width
        if 0 < width < 500:
            return round(max(3.0, min(4.6, (width - 30) / 100)), 1), True
        return 4.6, False

    def _on_full(self, change: dict[str, Any]) -> None:
        self.full.layout.display = "" if change["new"] else "none"
        self.full_toggle.description = self._t("summary_hide" if change["new"] else "summary_show")
        if change["new"]:
            self._draw_chart()

    # -- moving through the criteria ---------------------------------------------------------------

    def _answered(self) -> set[str]:
        return {r.criterion for r in self.assessment.responses if r.respondent == self.respondent}

    def _order(self) -> list[str]:
        """The criteria the filters show, in rubric order."""
        answered = self._answered()
        return [
            cid
            for cid, ref in self._refs.items()
            if not (self.core_only.value and not ref.criterion.core)
            and not (self.only_unanswered.value and cid in answered and cid != self.current)
            and self._unit_ok(ref.criterion)
        ]

    def _unit_ok(self, k: Criterion) -> bool:
        """The criterion is answered by the unit chosen in "Who answers" (or none is chosen)."""
        unit = self.unit.value
        return not unit or unit in k.answered_by.get(self.kind, ())

    def _go(self, criterion_id: str) -> None:
        self.current = criterion_id
        pillar = self._refs[criterion_id].pillar.id
        if self.pillar.value != pillar:
            self._quiet = True
            try:
                self.pillar.value = pillar
            finally:
                self._quiet = False
        self._show()
        self.focus(criterion_id)

    def _step(self, delta: int) -> None:
        order = self._order()
        if not order:
            return
        i = order.index(self.current) if self.current in order else -1
        self._go(order[max(0, min(len(order) - 1, i + delta))])

    def _to_unanswered(self) -> None:
        order = self._order()
        answered = self._answered()
        i = order.index(self.current) if self.current in order else -1
        for cid in order[i + 1 :] + order[: i + 1]:
            if cid not in answered:
                self._go(cid)
                return
        self.position.value = (
            f'<span class="gdi-position" role="status">{_esc(self._t("nav_all_done"))}</span>'
        )

    def focus(self, criterion_id: str) -> None:
        """Move the keyboard focus to a criterion's levels (and bring its card into view)."""
        self.script.focus(self.card(criterion_id).levels_id)

    # -- views ------------------------------------------------------------------------------------

    def _visible(self, pillar_id: str) -> list[CriterionCard]:
        answered = self._answered()
        out = []
        for ref in self._refs.values():
            if ref.pillar.id != pillar_id:
                continue
            if self.core_only.value and not ref.criterion.core:
                continue
            if self.only_unanswered.value and ref.criterion.id in answered:
                continue
            if not self._unit_ok(ref.criterion):
                continue
            out.append(self.card(ref.criterion.id))
        return out

    def _show(self) -> None:
        """Draw the current view: one pillar's criteria, or one criterion with the buttons to move."""
        if self.mode.value == SINGLE:
            order = self._order()
            if self.current not in order:
                self.current = order[0] if order else None
            if self.current is None:
                self.criteria_box.children = [w.HTML(f"<p>{_esc(self._t('nothing_to_show'))}</p>")]
                return
            n = order.index(self.current) + 1
            self.position.value = f'<span class="gdi-position" aria-live="polite">{_esc(self._t("position", n=n, total=len(order)))}</span>'
            self.previous_button.disabled = n == 1
            self.next_button.disabled = n == len(order)
            ref = self._refs[self.current]
            if self.pillar.value != ref.pillar.id:  # the tabs and the score line follow the card
                self._quiet = True
                try:
                    self.pillar.value = ref.pillar.id
                finally:
                    self._quiet = False
                self._pillar_line()
            head = w.HTML(f"<h3>{_esc(ref.pillar.id)}. {_esc(ref.pillar.title)}</h3>")
            self.criteria_box.children = [self.notice, head, self.card(self.current).box, self.nav]
            self._single_class(True)
            return
        self._single_class(False)
        cards = self._visible(self.pillar.value)
        pillar = next(p for p in self.rubric.pillars if p.id == self.pillar.value)
        head = w.HTML(f"<h3>{_esc(pillar.id)}. {_esc(pillar.title)}</h3>")
        empty = [w.HTML(f"<p>{_esc(self._t('nothing_to_show'))}</p>")] if not cards else []
        self.criteria_box.children = [self.notice, head, *empty, *(c.box for c in cards)]

    def _single_class(self, on: bool) -> None:
        """Mark the form as one-at-a-time: on a phone its buttons to move replace the pillar tabs."""
        box = getattr(self, "container", None)
        if box is None:
            return
        if on:
            box.add_class("gdi-single")
        else:
            box.remove_class("gdi-single")

    def refresh(self, *, chart: bool = False) -> None:
        """Recompute progress and scores now; redraw the charts now or after the debounce delay."""
        prog = compute_progress(
            self.rubric, self.assessment, self.respondent, core_only=self.core_only.value
        )
        self._progress = prog
        done, total = int(prog["done"].sum()), int(prog["total"].sum())
        self.progress.max = max(total, 1)
        self.progress.value = done
        self.progress_text.value = (
            f"<span>{_esc(self._t('progress', done=done, total=total))}</span>"
        )
        done_by, total_by = prog["done"].to_dict(), prog["total"].to_dict()
        titles = [
            (
                self._t(
                    "pillar_tab",
                    id=p.id,
                    title=p.short_title,
                    done=int(done_by[p.id]),
                    total=int(total_by[p.id]),
                ),
                p.id,
            )
            for p in self.rubric.pillars
        ]
        if [label for label, _ in titles] != [label for label, _ in self.pillar.options]:
            current = self.pillar.value
            self._quiet = True
            try:
                self.pillar.options = titles
                self.pillar.value = current
            finally:
                self._quiet = False
        self.scores = score_assessment(self.rubric, self._own_answers())
        self._pillar_line()
        self.table.value = self._table_html(self.scores, prog)
        if chart or self.debounce <= 0:
            self._draw_chart()
        else:
            self._schedule_chart()

    def _pillar_line(self) -> None:
        s = self.scores
        if s is None:
            return
        p = s.pillars.loc[self.pillar.value]

        def fmt(v: float) -> str:
            return self._t("no_score") if pd.isna(v) else f"{v:.2f}"

        line = self._t(
            "summary_pillar", id=self.pillar.value, score=fmt(p["score"]), target=fmt(p["target"])
        )
        self.pillar_score.value = f"<p>{_esc(line)}</p>"

    def _own_answers(self) -> Assessment:
        """This respondent's answers only: the live chart shows their view."""
        own = tuple(r for r in self.assessment.responses if r.respondent == self.respondent)
        if len(own) == len(self.assessment.responses):
            return self.assessment
        return self.assessment.model_copy(update={"responses": own})

    def _schedule_chart(self) -> None:
        """Draw at once after a quiet moment; gather a burst of changes into one later redraw."""
        try:
            loop = asyncio.get_running_loop()  # a kernel answering a click runs one
        except RuntimeError:  # a script or a test: draw now (and never leave a loop behind)
            self._draw_chart()
            return
        if self._pending is not None:
            return  # a redraw is already on its way: it will show this change too
        wait = self._last_draw + self.debounce - time.monotonic()
        if wait <= 0:
            self._draw_chart()
        else:
            self._pending = loop.call_later(wait, self._guard(self._draw_chart))

    def _series(self) -> tuple[list[str], dict[str, list[float]], dict[str, str]]:
        s = self.scores
        assert s is not None
        labels = [str(t) for t in s.pillars["short_title"]]
        series: dict[str, list[float]] = {
            "current": [float(v) for v in s.pillars["score"]],
            "target": [float(v) for v in s.pillars["target"]],
        }
        names = {"current": self._t("series_current"), "target": self._t("series_target")}
        return labels, series, names

    def _draw_chart(self) -> None:
        self._pending = None
        self._last_draw = time.monotonic()
        if self.scores is None:
            return
        labels, series, names = self._series()
        alt = radar_alt_text(labels, series, names)
        # the small radar in the summary: pillar numbers as labels, drawn at its shown size
        ids = [str(p) for p in self.scores.pillars.index]
        if self._mini is None:
            self._mini = RadarImage(ids, series, names=names, size=1.6, dpi=100, legend=False)
            raw = self._mini.png()
        else:
            raw = self._mini.png(series)
        png = base64.b64encode(raw).decode("ascii")
        self.mini.value = (
            f'<img src="data:image/png;base64,{png}" alt="{_esc(alt)}" width="{self._mini.width}" '
            f'height="{self._mini.height}" class="gdi-radar gdi-mini" data-redraw="{self.redraws + 1}">'
        )
        if self.full.layout.display != "none" or self._radar is None:
            size, narrow = self._full_size()
            if self._radar is None or self._radar_size != size:
                # on a phone the chart is drawn to the screen's width (its text stays as large as
                # drawn) and its axes carry the pillar numbers the table below names
                shown = ids if narrow else labels
                self._radar = RadarImage(shown, series, names=names, size=size, dpi=100)
                self._radar_size = size
                raw = self._radar.png()
            else:
                raw = self._radar.png(series)
            png = base64.b64encode(raw).decode("ascii")
            self.chart.value = (
                f'<figure style="margin:0"><img src="data:image/png;base64,{png}" alt="{_esc(alt)}" '
                f'width="{self._radar.width}" height="{self._radar.height}" style="max-width:100%;height:auto" '
                f'class="gdi-radar-full">'
                f"<figcaption>{_esc(self._t('chart_title'))}</figcaption></figure>"
            )
        self.redraws += 1

    def _table_html(self, s: Scores, prog: pd.DataFrame) -> str:
        def fmt(v: float, pattern: str = "{:.2f}") -> str:
            return self._t("no_score") if pd.isna(v) else pattern.format(v)

        done, total = prog["done"].to_dict(), prog["total"].to_dict()
        rows = "".join(
            f"<tr><th scope='row'>{_esc(pid)} {_esc(p['short_title'])}</th><td>{fmt(p['score'])}</td>"
            f"<td>{fmt(p['target'])}</td><td>{fmt(p['gap'])}</td><td>{int(done[pid])}/{int(total[pid])}</td></tr>"
            for pid, p in s.pillars.iterrows()
        )
        o = s.overall
        rows += (
            f"<tr><th scope='row'>{_esc(self._t('overall'))}</th><td>{fmt(o['score'])}</td>"
            f"<td>{fmt(o['target'])}</td><td>{fmt(o['gap'])}</td><td>{int(prog['done'].sum())}/{int(prog['total'].sum())}</td></tr>"
        )
        head = "".join(
            f"<th scope='col'>{_esc(self._t(k))}</th>"
            for k in ("col_pillar", "col_score", "col_target", "col_gap", "col_done")
        )
        caption = _esc(self._t("table_caption"))
        # a table wider than a phone scrolls sideways in a region the keyboard can reach
        return (
            f'<div class="gdi-table-scroll" role="region" tabindex="0" aria-label="{caption}">'
            f"<table class='gdi-scores'><caption>{caption}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{rows}</tbody></table></div>"
        )

    # -- for tests and scripts ---------------------------------------------------------------------

    def card(self, criterion_id: str) -> CriterionCard:
        """The card of one criterion, built on first use."""
        card = self.cards.get(criterion_id)
        if card is None:
            ref = self._refs[criterion_id]
            card = CriterionCard(
                ref, self.rubric, self.kind, self.lang, self.assessment.default_target, self._shared,
                year=self.assessment.date.year, figures_editable=self.record_figures,
                rules=reality_rules(self.assessment),
            )  # fmt: skip
            card.show(self.assessment.response(criterion_id, self.respondent))
            if card.figures is not None:
                card.figures.on_build(functools.partial(self._watch_figures, card))
                self._show_figures(card)
            self._show_offer(card)
            if not self.allow_confidential:  # a store that cannot keep the mark never offers it
                card.confidential.layout.display = "none"
            earlier = self.assessment.previous.get(criterion_id)
            # the criterion changed in a newer rubric version: the old answer, until re-answered
            if earlier and card.choice.value is None:
                note = self._t("earlier_answer", note=earlier)
                card.header.value += f'<p class="gdi-earlier" role="note">{_esc(note)}</p>'
            for control in card.controls:
                react = self._on_typing if control in card.typed else self._on_change
                control.observe(self._guard(functools.partial(react, card)), names="value")
            self.cards[criterion_id] = card
        return card

    def offer(self, found: Mapping[str, Sequence[Suggestion]]) -> int:
        """Offer levels from another assessment (a crosswalk's suggestions) on unanswered cards.

        Each is shown with its source and a "Use this level" button: nothing is answered until
        the person presses it. Returns how many criteria got a suggestion.
        """
        self._offers = {cid: list(items) for cid, items in found.items() if cid in self._refs}
        for card in self.cards.values():
            self._show_offer(card)
        answered = self._answered()
        return sum(1 for cid in self._offers if cid not in answered)  # what is shown

    def _show_offer(self, card: CriterionCard) -> None:
        items = self._offers.get(card.criterion.id, [])
        if card.choice.value is not None or not items:
            card.offer.children = ()
            return
        rows: list[w.Widget] = []
        for sug in items:
            text = self._t("suggested", suggestion=sug.text(), note=sug.note)
            use = w.Button(description=self._t("use_suggestion"), layout=w.Layout(width="auto"))
            use.on_click(self._guard(functools.partial(self._use_offer, card, sug.level)))
            rows.append(w.HTML(f'<p class="gdi-suggest">{_esc(text)}</p>'))
            rows.append(use)
        card.offer.children = rows

    def _use_offer(self, card: CriterionCard, level: int, _button: object = None) -> None:
        card.choice.value = level  # saved like a click on the level
        card.offer.children = ()

    def build_all(self) -> None:
        """Build the cards of every pillar now (they are otherwise built when first shown)."""
        for cid in self._refs:
            self.card(cid)


def open_form(
    path: str | Path,
    *,
    rubric: str = "gdi-digital-inclusion-2025",
    entity: str = "",
    kind: str = "country",
    country: str = "ZZ",
    lang: str = "en",
    respondent: str = "self",
    mode: str | None = None,
    core_only: bool = False,
) -> AssessmentForm:
    """Open the form on an assessment file, creating the file first when it does not exist yet.

    A new file gets ``entity``, ``kind`` and ``country``; an existing file keeps its own and
    resumes where it was left off.
    """
    store = AssessmentFile(path)
    if not store.exists():
        if not entity.strip():
            raise UsageError.keyed("error_form_need_entity")
        r = resolve_rubric(rubric, lang)
        store.save(
            new_assessment(
                r,
                entity=entity,
                kind=kind,
                country=country,
                date=dt.date.today(),
                short_form=core_only,
            ).model_copy(update={"language": None if lang == "en" else lang})
        )
        return AssessmentForm(
            r, store, respondent=respondent, lang=lang, mode=mode, core_only=core_only
        )
    existing = store.load()
    custom = Path(rubric).suffix.lower() in {".yaml", ".yml"}
    r = resolve_rubric(rubric if custom else existing.rubric.id, lang)
    respondent = (
        respondent
        if respondent in {x.id for x in existing.respondents}
        else existing.respondents[0].id
    )
    return AssessmentForm(
        r, store, respondent=respondent, lang=lang, mode=mode, core_only=core_only
    )
