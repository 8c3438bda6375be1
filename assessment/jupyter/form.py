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
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import anywidget
import ipywidgets as w
import pandas as pd
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import TextStyle
from pydantic import ValidationError

from assessment.errors import GdiError, ProblemsError, UsageError
from assessment.progress import compute_progress, first_unanswered
from assessment.render.charts import RadarImage, radar_alt_text
from assessment.responses import (
    Assessment,
    Response,
    check_against_rubric,
    new_assessment,
    problems_from,
)
from assessment.rubric import LEVEL_LABELS, Criterion, CriterionRef, Rubric
from assessment.scoring import Scores, score_assessment
from assessment.storage.filestore import AssessmentFile, AssessmentStore, ConflictError
from assessment.storage.rubrics import resolve_rubric
from assessment.text import text_direction, ui_text

__all__ = ["AssessmentForm", "CriterionCard", "open_form"]

NA: Final = "not-applicable"
DK: Final = "dont-know"

_CSS = """
<style>
.gdi-form { max-width: 60rem; font-size: 1rem; line-height: 1.45; }
.gdi-form .gdi-card { border: 1px solid #8a8a8a; border-radius: 6px; padding: 0.6rem 0.9rem; margin: 0.5rem 0; }
.gdi-form .gdi-card h3 { font-size: 1.05rem; margin: 0.2rem 0; }
.gdi-form .gdi-question { font-weight: 600; margin: 0.3rem 0; }
.gdi-form .gdi-source { color: #3d3d3d; font-size: 0.9rem; margin: 0.2rem 0; }
.gdi-form .widget-radio-box { width: 100%; }
.gdi-form .widget-radio-box label { display: flex; align-items: flex-start; gap: 0.5rem; white-space: normal; line-height: 1.4; margin: 0.3rem 0; height: auto; cursor: pointer; }
.gdi-form .widget-radio-box input { float: none; order: -1; flex: 0 0 auto; height: 1.1rem; width: 1.1rem; margin: 0.15rem 0 0 0; }
.gdi-form .widget-radio-box label:has(input:checked) { font-weight: 600; }
.gdi-form .widget-radio { width: 100%; }
.gdi-form .widget-label { white-space: normal; }
.gdi-form .gdi-status { font-weight: 600; }
.gdi-form .gdi-alert { border-left: 5px solid #D55E00; background: #fff4ec; padding: 0.5rem 0.8rem; }
.gdi-form table.gdi-scores { border-collapse: collapse; width: 100%; font-size: 0.9rem; line-height: 1.3; }
.gdi-form table.gdi-scores caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
.gdi-form table.gdi-scores th, .gdi-form table.gdi-scores td { border-bottom: 1px solid #bbb; padding: 0.25rem 0.4rem; text-align: right; vertical-align: top; }
.gdi-form table.gdi-scores th:first-child, .gdi-form table.gdi-scores td:first-child { text-align: left; }
.gdi-form .widget-toggle-buttons .widget-toggle-button { width: auto; min-width: 4rem; }
.gdi-form :focus-visible { outline: 3px solid #0072B2 !important; outline-offset: 2px; }
</style>
"""


class KeyboardScope(anywidget.AnyWidget):
    """Lets keys typed inside the form reach its controls in JupyterLab.

    JupyterLab's notebook shortcuts (arrow keys move between cells) would otherwise take the arrow
    keys from radio groups. Lumino skips shortcuts for a key pressed on an element marked
    ``data-lm-suppress-shortcuts``; this invisible widget marks every control of the form.
    """

    _esm = """
    const ATTR = 'data-lm-suppress-shortcuts';
    const CONTROLS = 'input, select, textarea, button, summary, [tabindex]';
    function markAll(form) {
      form.setAttribute(ATTR, 'true');
      for (const node of form.querySelectorAll(CONTROLS)) {
        if (!node.hasAttribute(ATTR)) node.setAttribute(ATTR, 'true');
      }
    }
    function render({ el }) {
      const attach = () => {
        const form = el.closest('.gdi-form');
        if (!form) return false;
        markAll(form);
        // Cards are added when a pillar is first shown: mark their controls too.
        new MutationObserver(() => markAll(form)).observe(form, { childList: true, subtree: true });
        return true;
      };
      if (!attach()) {
        const timer = setInterval(() => { if (attach()) clearInterval(timer); }, 100);
        setTimeout(() => clearInterval(timer), 15000);
      }
    }
    export default { render };
    """


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


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


class CriterionCard:
    """The controls for one criterion: level choice, reason, target, confidence, evidence, notes."""

    def __init__(
        self,
        ref: CriterionRef,
        rubric: Rubric,
        kind: str,
        lang: str,
        default_target: int,
        shared: _Shared | None = None,
    ) -> None:
        sh = shared or _Shared()
        k: Criterion = ref.criterion
        self.criterion = k

        def t(key: str, **values: object) -> str:
            return ui_text(key, lang, **values)

        question = k.question(kind) or ""
        evidence_items = "".join(f"<li>{_esc(e)}</li>" for e in k.evidence)
        self.header = w.HTML(
            f'<h3 id="gdi-{_esc(k.id)}">{_esc(k.id)} · {_esc(k.title)}</h3>'
            f'<p class="gdi-question">{_esc(question)}</p>'
            f'<p class="gdi-source">{_esc(t("source", commitment=ref.commitment.id, summary=ref.commitment.summary.strip()))}<br>'
            f"{_esc(t('citation', citation=rubric.cite(ref.commitment.id)))}</p>"
            f"<details><summary>{_esc(t('what_to_show'))}</summary><ul>{evidence_items}</ul></details>",
            layout=sh.plain,
        )
        options: list[tuple[str, Any]] = [(t("no_answer"), None)]
        options += [
            (
                t(
                    "level_option",
                    level=lvl,
                    label=LEVEL_LABELS[lvl],
                    descriptor=" ".join(k.levels[lvl].split()),
                ),
                lvl,
            )
            for lvl in range(5)
        ]
        options += [(t("not_applicable"), NA), (t("dont_know"), DK)]
        self.choice = w.RadioButtons(
            options=options,
            value=None,
            description=t("level_group", title=k.title),
            layout=sh.full,
            style=sh.desc,
        )
        self.choice.add_class("gdi-choice")
        self.reason = w.Text(
            description=t("reason"),
            placeholder=t("reason_placeholder"),
            continuous_update=True,  # every keystroke reaches the kernel: nothing typed is lost
            layout=w.Layout(width="100%", display="none"),
            style=sh.text,
        )
        self.target = w.Dropdown(
            options=[
                (
                    t("target_default", level=default_target, label=LEVEL_LABELS[default_target]),
                    None,
                )
            ]
            + [(f"{lvl} – {LEVEL_LABELS[lvl]}", lvl) for lvl in range(5)],
            value=None,
            description=t("target"),
            style=sh.desc,
            layout=sh.plain,
        )
        self.confidence = w.Dropdown(
            options=[
                (t("confidence_none"), None),
                (t("confidence_low"), "low"),
                (t("confidence_medium"), "medium"),
                (t("confidence_high"), "high"),
            ],
            value=None,
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
        self.notes = w.Textarea(
            description=t("notes"),
            placeholder=t("notes_placeholder"),
            continuous_update=True,
            layout=sh.notes,
            style=sh.text,
        )
        self.prompt = w.HTML("")  # what this card still needs, shown beside it
        self.box = w.VBox(
            [
                self.header,
                self.choice,
                self.reason,
                self.prompt,
                w.HBox([self.target, self.confidence], layout=sh.row),
                self.evidence,
                self.notes,
            ],
            layout=sh.plain,
        )
        self.box.add_class("gdi-card")

    @property
    def controls(self) -> tuple[w.DOMWidget, ...]:
        """Every input of the card."""
        return (self.choice, self.reason, self.target, self.confidence, self.evidence, self.notes)

    @property
    def typed(self) -> tuple[w.DOMWidget, ...]:
        """The inputs people type into (saved when they pause, not on every keystroke)."""
        return (self.reason, self.evidence, self.notes)

    def show(self, response: Response | None) -> None:
        """Set the controls from a saved response (or clear them)."""
        if response is None:
            self.choice.value = None
            self.reason.value = ""
            self.target.value = None
            self.confidence.value = None
            self.evidence.value = ""
            self.notes.value = ""
        else:
            self.choice.value = response.level if response.status == "scored" else response.status
            self.reason.value = response.reason or ""
            self.target.value = response.target
            self.confidence.value = response.confidence
            self.evidence.value = response.evidence
            self.notes.value = response.notes
        self.reason.layout.display = "" if self.choice.value == NA else "none"

    def response(self, respondent: str, now: dt.datetime) -> Response | None:
        """The response these controls describe; None when there is no answer (or NA lacks a reason)."""
        choice = self.choice.value
        if choice is None:
            return None
        common: dict[str, Any] = {
            "criterion": self.criterion.id,
            "respondent": respondent,
            "target": self.target.value,
            "confidence": self.confidence.value,
            "evidence": self.evidence.value,
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
        Seconds to wait after a change before redrawing the chart (0: redraw at once).
    save_delay
        Seconds after the last keystroke in evidence, notes or a reason before the text is saved
        (the status says "unsaved" meanwhile); choices are saved at once.
    clock
        Returns the current time (injected so tests are exact).
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
    ) -> None:
        self.rubric = rubric
        self.store = store
        self.lang = lang
        self.debounce = debounce
        self.save_delay = save_delay
        self._typing: dict[str, asyncio.TimerHandle] = {}
        self.clock = clock
        self.assessment: Assessment = store.load()
        problems = check_against_rubric(self.assessment, rubric)
        if problems:
            raise UsageError("; ".join(p.message for p in problems))
        if respondent not in {r.id for r in self.assessment.respondents}:
            raise UsageError(
                f"respondent {respondent!r} is not in this assessment; known: {', '.join(r.id for r in self.assessment.respondents)}"
            )
        self.respondent = respondent
        self.kind = self.assessment.entity.kind
        self.scores: Scores | None = None
        self.redraws = 0
        self._pending: asyncio.TimerHandle | None = None
        self._radar: RadarImage | None = None
        self._quiet = False
        self._build()
        self.refresh(chart=True)

    # -- building --------------------------------------------------------------------------------

    def _t(self, key: str, **values: object) -> str:
        return ui_text(key, self.lang, **values)

    def _build(self) -> None:
        a = self.assessment
        self.title = w.HTML(
            f"<h2>{_esc(self._t('form_title', entity=a.entity.name))}</h2>"
            f"<p>{_esc(self._t('form_intro', rubric=f'{self.rubric.title} v{self.rubric.version}'))}</p>"
        )
        self.status = w.HTML(
            f'<p class="gdi-status" role="status" aria-live="polite">{_esc(self._t("not_saved"))}</p>'
        )
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
            description=self._t("progress_label"),
            style={"description_width": "initial"},
        )
        self.progress_text = w.HTML("")
        self.only_unanswered = w.Checkbox(
            description=self._t("filter_unanswered"), value=False, indent=False
        )
        self.core_only = w.Checkbox(description=self._t("filter_core"), value=False, indent=False)
        self.only_unanswered.observe(self._guard(self._on_filter), names="value")
        self.core_only.observe(self._guard(self._on_filter), names="value")
        self.pillar = w.ToggleButtons(
            options=[(p.id, p.id) for p in self.rubric.pillars],
            description="",
            style={"button_width": "auto"},
        )
        self.pillar.observe(self._guard(self._on_pillar), names="value")
        self._shared = _Shared()
        self._refs = {
            r.criterion.id: r for r in self.rubric.refs if self.kind in r.criterion.applies_to
        }
        self.cards: dict[str, CriterionCard] = {}  # built on first view of their pillar
        self.criteria_box = w.VBox([])
        self.chart = w.HTML("")
        self.table = w.HTML("")
        side = w.VBox(
            [self.chart, self.table],
            layout=w.Layout(
                min_width="16rem", max_width="30rem", flex="1 1 20rem", margin="0 0 0 1rem"
            ),
        )
        main = w.VBox(
            [self.pillar, self.criteria_box], layout=w.Layout(min_width="18rem", flex="3 1 32rem")
        )
        start = first_unanswered(self.rubric, a, self.respondent)
        if start is not None:
            self._quiet = True
            self.pillar.value = start[0]
            self._quiet = False
        self._show_pillar()
        self.container = w.VBox(
            [
                w.HTML(_CSS),
                KeyboardScope(layout=w.Layout(display="none")),
                self.title,
                w.HBox([self.progress, self.progress_text]),
                self.status,
                self.messages,
                w.HBox([self.reload_button, self.overwrite_button]),
                w.HBox([self.only_unanswered, self.core_only]),
                w.HBox(
                    [main, side], layout=w.Layout(flex_flow="row wrap", align_items="flex-start")
                ),
            ]
        )
        self.container.add_class("gdi-form")
        if text_direction(self.lang) == "rtl":
            self.container.add_class("gdi-rtl")

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        return self.container._repr_mimebundle_(**kwargs)

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
                self._show_message(str(exc))
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
        self.status.value = f'<p class="gdi-status gdi-unsaved" role="status" aria-live="polite">{_esc(self._t("unsaved"))}</p>'
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
        if card.choice.value == NA and not card.reason.value.strip():
            needed = self._t("reason_needed", title=card.criterion.title)
            card.prompt.value = f'<p class="gdi-alert" role="alert">{_esc(needed)}</p>'
            return
        card.prompt.value = ""
        response = card.response(self.respondent, self.clock())
        if response is None:
            updated = self.assessment.without_response(card.criterion.id, self.respondent)
        else:
            updated = self.assessment.with_response(response)
        self._save(updated)

    def _save(self, updated: Assessment, *, force: bool = False) -> None:
        saved = self.store.save(updated, force=force)
        self.assessment = updated
        self._clear_message()
        self.status.value = f'<p class="gdi-status" role="status" aria-live="polite">✔ {_esc(self._t("saved_at", time=f"{saved:%H:%M:%S}"))}</p>'
        self.refresh()

    def _on_reload(self, _button: w.Button) -> None:
        self.assessment = self.store.load()
        self._quiet = True
        try:
            for cid, card in self.cards.items():
                card.show(self.assessment.response(cid, self.respondent))
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
        self._show_pillar()
        self.refresh()

    def _on_pillar(self, _change: dict[str, Any]) -> None:
        self._show_pillar()

    # -- views ------------------------------------------------------------------------------------

    def _visible(self, pillar_id: str) -> list[CriterionCard]:
        answered = {
            r.criterion for r in self.assessment.responses if r.respondent == self.respondent
        }
        out = []
        for ref in self._refs.values():
            if ref.pillar.id != pillar_id:
                continue
            if self.core_only.value and not ref.criterion.core:
                continue
            if self.only_unanswered.value and ref.criterion.id in answered:
                continue
            out.append(self.card(ref.criterion.id))
        return out

    def _show_pillar(self) -> None:
        cards = self._visible(self.pillar.value)
        pillar = next(p for p in self.rubric.pillars if p.id == self.pillar.value)
        head = w.HTML(f"<h3>{_esc(pillar.id)}. {_esc(pillar.title)}</h3>")
        empty = [w.HTML(f"<p>{_esc(self._t('nothing_to_show'))}</p>")] if not cards else []
        self.criteria_box.children = [head, *empty, *(c.box for c in cards)]

    def refresh(self, *, chart: bool = False) -> None:
        """Recompute progress and scores now; redraw the chart now or after the debounce delay."""
        prog = compute_progress(
            self.rubric, self.assessment, self.respondent, core_only=self.core_only.value
        )
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
        self.table.value = self._table_html(self.scores, prog)
        if chart or self.debounce <= 0:
            self._draw_chart()
        else:
            self._schedule_chart()

    def _own_answers(self) -> Assessment:
        """This respondent's answers only: the live chart shows their view."""
        own = tuple(r for r in self.assessment.responses if r.respondent == self.respondent)
        if len(own) == len(self.assessment.responses):
            return self.assessment
        return self.assessment.model_copy(update={"responses": own})

    def _schedule_chart(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            try:
                loop = asyncio.get_event_loop()
            except RuntimeError:
                self._draw_chart()
                return
        if not loop.is_running():
            self._draw_chart()
            return
        if self._pending is not None:
            self._pending.cancel()
        self._pending = loop.call_later(self.debounce, self._guard(self._draw_chart))

    def _draw_chart(self) -> None:
        self._pending = None
        s = self.scores
        if s is None:
            return
        labels = [str(t) for t in s.pillars["short_title"]]
        series: dict[str, list[float]] = {
            "current": [float(v) for v in s.pillars["score"]],
            "target": [float(v) for v in s.pillars["target"]],
        }
        names = {"current": self._t("series_current"), "target": self._t("series_target")}
        if self._radar is None:
            self._radar = RadarImage(labels, series, names=names, size=4.6, dpi=100)
            raw = self._radar.png()
        else:
            raw = self._radar.png(series)
        png = base64.b64encode(raw).decode("ascii")
        alt = radar_alt_text(labels, series, names)
        self.chart.value = (
            f'<figure style="margin:0"><img src="data:image/png;base64,{png}" alt="{_esc(alt)}" '
            f'width="460" height="460" style="max-width:100%;height:auto" class="gdi-radar" data-redraw="{self.redraws + 1}">'
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
        return f"<table class='gdi-scores'><caption>{_esc(self._t('table_caption'))}</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"

    # -- for tests and scripts ---------------------------------------------------------------------

    def card(self, criterion_id: str) -> CriterionCard:
        """The card of one criterion, built on first use."""
        card = self.cards.get(criterion_id)
        if card is None:
            ref = self._refs[criterion_id]
            card = CriterionCard(
                ref, self.rubric, self.kind, self.lang, self.assessment.default_target, self._shared
            )
            card.show(self.assessment.response(criterion_id, self.respondent))
            for control in card.controls:
                react = self._on_typing if control in card.typed else self._on_change
                control.observe(self._guard(functools.partial(react, card)), names="value")
            self.cards[criterion_id] = card
        return card

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
) -> AssessmentForm:
    """Open the form on an assessment file, creating the file first when it does not exist yet.

    A new file gets ``entity``, ``kind`` and ``country``; an existing file keeps its own and
    resumes where it was left off.
    """
    store = AssessmentFile(path)
    if not store.exists():
        if not entity.strip():
            raise UsageError(
                "give the name of the country or organisation (entity) to start a new assessment"
            )
        r = resolve_rubric(rubric)
        store.save(
            new_assessment(r, entity=entity, kind=kind, country=country, date=dt.date.today())
        )
        return AssessmentForm(r, store, respondent=respondent, lang=lang)
    existing = store.load()
    custom = Path(rubric).suffix.lower() in {".yaml", ".yml"}
    r = resolve_rubric(rubric if custom else existing.rubric.id)
    respondent = (
        respondent
        if respondent in {x.id for x in existing.respondents}
        else existing.respondents[0].id
    )
    return AssessmentForm(r, store, respondent=respondent, lang=lang)
