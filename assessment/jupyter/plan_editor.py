"""Owners, due dates and notes of the plan's steps, filled in inside the notebook.

A thin shell over :func:`assessment.plan.build_plan` and :func:`assessment.plan.with_plan`: one
row per step, in plan order, with its owner, due date and note; each change is saved in the
assessment file when the typing pauses (a date at once), checked as a file is, and refused
when the file changed elsewhere meanwhile (the other copy is kept; "Reload" shows it).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import ipywidgets as w
from pydantic import ValidationError

from assessment.errors import GdiError, ProblemsError
from assessment.plan import Plan, PlanStep, build_plan, with_plan
from assessment.responses import Assessment, PlanEntry, check_against_rubric, problems_from
from assessment.rubric import Rubric
from assessment.scoring import score_assessment
from assessment.storage.filestore import AssessmentFile, ConflictError
from assessment.text import format_number, level_label, text_direction, ui_text

__all__ = ["PlanEditor"]


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


class _StepRow:
    """The boxes of one step."""

    def __init__(self, step: PlanStep, entry: PlanEntry | None, t: Callable[..., str], lang: str) -> None:  # fmt: skip
        self.criterion = step.criterion
        kind = t("plan_kind_quick_win" if step.quick_win else "plan_kind_structural")
        tags = [kind] + ([t("plan_root_cause", n=format_number(step.blocks, lang, 0))] if step.root_cause else [])  # fmt: skip
        nxt = t("plan_next", level=step.next_level, label=level_label(step.next_level, lang), step=step.next_step)  # fmt: skip
        self.heading = w.HTML(
            f'<p class="gdi-plan-step"><strong>{_esc(format_number(step.order, lang, 0))}. '
            f"{_esc(step.criterion)} {_esc(step.title)}</strong> ({_esc(', '.join(tags))})<br>"
            f"{_esc(nxt)}</p>"
        )
        style = {"description_width": "initial"}
        self.owner = w.Text(
            value=(entry.owner if entry else None) or "",
            description=t("plan_col_owner"),
            continuous_update=True,
            style=style,
            layout=w.Layout(flex="1 1 14rem", max_width="100%"),
        )
        self.due = w.DatePicker(
            value=entry.due if entry else None,
            description=t("plan_col_due"),
            style=style,
            layout=w.Layout(width="auto"),
        )
        self.note = w.Text(
            value=(entry.note if entry else None) or "",
            description=t("plan_col_note"),
            continuous_update=True,
            style=style,
            layout=w.Layout(flex="2 1 18rem", max_width="100%"),
        )
        self.box = w.VBox(
            [
                self.heading,
                w.HBox(
                    [self.owner, self.due, self.note],
                    layout=w.Layout(flex_flow="row wrap", align_items="center"),
                ),
            ]
        )
        self.box.add_class("gdi-plan-row")

    def entry(self) -> PlanEntry | None:
        """What the boxes hold (None: nothing)."""
        owner, note = self.owner.value.strip() or None, self.note.value.strip() or None
        due = self.due.value
        if owner is None and note is None and due is None:
            return None
        return PlanEntry(owner=owner, due=due, note=note)


class PlanEditor:
    """The plan of one assessment file, to fill in (see :meth:`GapReportView.plan_editor`)."""

    def __init__(
        self,
        path: str | Path,
        rubric: Rubric,
        lang: str = "en",
        *,
        save_delay: float = 0.8,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
        first: int = 15,
    ) -> None:
        self.store = AssessmentFile(path)
        self.rubric = rubric
        self.lang = lang
        self.save_delay = save_delay
        self.clock = clock
        self._pending: asyncio.TimerHandle | None = None
        self.assessment: Assessment = self.store.load()
        self.plan: Plan = build_plan(rubric, score_assessment(rubric, self.assessment), self.assessment)  # fmt: skip
        #: the rows built so far: the first ``first`` steps, the others on "Show all"
        self.rows: dict[str, _StepRow] = {}
        self.list = w.VBox([])
        self.more = w.Button(
            description=self._t("plan_editor_more", n=format_number(len(self.plan.steps), lang, 0)),
            layout=w.Layout(width="auto", display="" if len(self.plan.steps) > first else "none"),
        )
        self.more.on_click(lambda _b: self.show_all())
        self._add_rows(self.plan.steps[:first])
        self.status = w.HTML("")
        self.reload_button = w.Button(description=self._t("reload"), layout=w.Layout(width="auto", display="none"))  # fmt: skip
        self.reload_button.on_click(lambda _b: self.reload())
        self.overwrite_button = w.Button(description=self._t("overwrite"), layout=w.Layout(width="auto", display="none"))  # fmt: skip
        self.overwrite_button.on_click(lambda _b: self.save(force=True))
        intro = self._t("plan_editor_intro") if self.rows else self._t("plan_nothing")
        where = f"lang='{_esc(lang)}' dir='{text_direction(lang)}'"
        self.box = w.VBox(
            [
                w.HTML(f"<p {where}>{_esc(intro)}</p>"),
                self.list,
                self.more,
                self.status,
                w.HBox([self.reload_button, self.overwrite_button]),
            ]  # fmt: skip
        )
        self.box.add_class("gdi-plan-editor")

    def _add_rows(self, steps: Sequence[PlanStep]) -> None:
        for step in steps:
            if step.criterion in self.rows:
                continue
            row = _StepRow(step, self.assessment.plan.get(step.criterion), self._t, self.lang)
            for box in (row.owner, row.note):
                box.observe(self._typing, names="value")
            row.due.observe(self._changed, names="value")
            self.rows[step.criterion] = row
        self.list.children = [r.box for r in self.rows.values()]

    def show_all(self) -> None:
        """Build the rows of every step (a long plan shows its first steps until asked)."""
        self._add_rows(self.plan.steps)
        self.more.layout.display = "none"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        return self.box._repr_mimebundle_(**kwargs)

    def _t(self, key: str, **values: object) -> str:
        return ui_text(key, self.lang, **values)

    def _say(self, text: str, role: str = "status") -> None:
        self.status.value = f"<p role='{role}'>{_esc(text)}</p>"

    def _typing(self, _change: dict[str, Any]) -> None:
        self._say(self._t("unsaved"))
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (a script, a test): save now
            self.save()
            return
        if self._pending is not None:
            self._pending.cancel()
        self._pending = loop.call_later(self.save_delay, self.save)

    def _changed(self, _change: dict[str, Any]) -> None:
        self.save()

    def entries(self) -> dict[str, PlanEntry | None]:
        """What every row built holds now (the steps not shown keep what the file holds; a row
        that cannot be kept, such as a control character pasted into its note, is a message
        naming its step)."""
        out: dict[str, PlanEntry | None] = {}
        for cid, row in self.rows.items():
            try:
                out[cid] = row.entry()
            except ValidationError as exc:
                raise ProblemsError(problems_from(exc, f"{cid}")) from None
        return out

    def save(self, *, force: bool = False) -> bool:
        """Save the rows into the assessment file; False (and a message) when it cannot be."""
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        try:
            # "keep my version" keeps what the other copy changed elsewhere (its answers, its
            # figures) and puts this editor's rows over its plan
            base = self.store.load() if force else self.assessment
            updated = with_plan(base, self.entries())
            problems = check_against_rubric(updated, self.rubric, str(self.store.path))
            if problems:
                raise ProblemsError(problems)
            if updated == self.assessment and not force:
                return True
            saved = self.store.save(updated, force=force)
        except ConflictError as exc:
            self._say(self._t("conflict", when=f"{exc.modified:%H:%M:%S}"), "alert")
            self.reload_button.layout.display = self.overwrite_button.layout.display = ""
            return False
        except GdiError as exc:
            self._say(exc.in_language(self.lang), "alert")
            return False
        self.assessment = updated
        self.reload_button.layout.display = self.overwrite_button.layout.display = "none"
        n = sum(1 for e in updated.plan.values() if not e.empty)
        self._say(self._t("plan_editor_saved", time=f"{saved:%H:%M:%S}", n=format_number(n, self.lang, 0)))  # fmt: skip
        return True

    def reload(self) -> None:
        """Show the file as it is now (what another window or program saved)."""
        self.assessment = self.store.load()
        for cid, row in self.rows.items():
            entry = self.assessment.plan.get(cid)
            for box in (row.owner, row.note):
                box.unobserve(self._typing, names="value")
            row.due.unobserve(self._changed, names="value")
            row.owner.value = (entry.owner if entry else None) or ""
            row.note.value = (entry.note if entry else None) or ""
            row.due.value = entry.due if entry else None
            for box in (row.owner, row.note):
                box.observe(self._typing, names="value")
            row.due.observe(self._changed, names="value")
        self.reload_button.layout.display = self.overwrite_button.layout.display = "none"
        self._say(self._t("plan_editor_reloaded"))
