"""The gap report inside a notebook: the same sections as the HTML report, and export buttons.

A thin shell over :func:`assessment.report.build_report` and the renderers::

    view = GapReportView.from_file("my-assessment.json", baseline="last-year.json")
    view.summary()          # overall figures and what to do next
    view.radar()            # the radar chart with its data table
    view.pillars()          # a gap chart and a table per pillar
    view.export_buttons()   # "Export PDF" / "Export HTML" write files and show links to them
"""

from __future__ import annotations

import html
import os
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import ipywidgets as w
from IPython.display import HTML as IPyHTML
from IPython.display import display as ipy_display

from assessment import __version__
from assessment.errors import GdiError
from assessment.render.display import display
from assessment.render.figures import render_svgs
from assessment.report import Report, build_report
from assessment.scoring import Scores
from assessment.storage.assessments import load_assessment
from assessment.storage.frameworks import bundled_mapping
from assessment.storage.rubrics import resolve_rubric, rubric_version

if TYPE_CHECKING:
    from assessment.jupyter.plan_editor import PlanEditor

__all__ = ["GapReportView", "HtmlPart", "WhatIf"]


@dataclass(frozen=True)
class HtmlPart:
    """A piece of the report that a notebook shows as HTML (and tests read as text)."""

    html: str

    def _repr_html_(self) -> str:
        return self.html


@dataclass
class GapReportView:
    """The gap report of one assessment file, section by section, with export buttons."""

    assessment_file: Path
    #: the earliest earlier round (compared with in the summary and on the radar)
    baseline_file: Path | None = None
    rubric: str | None = None
    out_dir: Path = Path("reports")
    #: the report's language (None: the assessment's own, else English)
    lang: str | None = None
    #: the rounds between the baseline and this one (a mid-term review…), for "What changed"
    between_files: tuple[Path, ...] = ()
    report: Report = field(init=False)
    _svgs: dict[str, str] = field(init=False, repr=False)
    last_written: dict[str, Path] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.assessment_file = Path(self.assessment_file)
        self.baseline_file = Path(self.baseline_file) if self.baseline_file else None
        self.out_dir = Path(self.out_dir)
        self.reload()

    @classmethod
    def from_file(
        cls,
        assessment_file: str | os.PathLike[str],
        *,
        baseline: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
        rubric: str | None = None,
        out_dir: str | os.PathLike[str] = "reports",
        lang: str | None = None,
    ) -> GapReportView:
        """``baseline``: an earlier round's file, or a list of earlier rounds (in any order: the
        earliest is the baseline, the others show in "What changed")."""
        given = [baseline] if isinstance(baseline, str | os.PathLike) else list(baseline or ())
        files = [Path(f) for f in given if str(f).strip()]
        if len(files) > 1:
            files.sort(key=lambda f: load_assessment(f).date)
        return cls(
            Path(assessment_file),
            files[0] if files else None,
            rubric,
            Path(out_dir),
            lang or None,
            tuple(files[1:]),
        )

    def reload(self) -> Report:
        """Read the files again (answers may have changed since) and rebuild the report."""
        a = load_assessment(self.assessment_file)
        lang = self.lang or a.language or "en"
        rubric = resolve_rubric(self.rubric or a.rubric.id, lang)
        base = load_assessment(self.baseline_file) if self.baseline_file else None
        between = []
        for f in self.between_files:
            m = load_assessment(f)
            made = m.rubric.version  # a mid-term round may have been made with an earlier version
            between.append((m, rubric if made == rubric.version else rubric_version(m.rubric.id, made, lang)))  # fmt: skip
        self.report = build_report(
            rubric, a, baseline=base, between=between, version=__version__, lang=lang,
            frameworks=bundled_mapping(rubric),
        )  # fmt: skip
        self._svgs = render_svgs(self.report)
        return self.report

    def _part(self, *parts: str) -> HtmlPart:
        from assessment.render.html import render_fragment

        return HtmlPart(render_fragment(self.report, parts, svgs=self._svgs))

    def summary(self) -> HtmlPart:
        """Overall figures, strongest and weakest pillars, and the priorities with next steps."""
        return self._part("summary")

    def radar(self) -> HtmlPart:
        """The radar chart and the pillar table (its data)."""
        return self._part("radar")

    def pillars(self) -> HtmlPart:
        """A section per pillar: gap chart and criteria table."""
        return self._part("pillars")

    def insights(self) -> HtmlPart:
        """The analyses: what changed, how firm the ranking is, who is left behind, and the
        crosswalks to the SDGs, the Global Digital Compact and WSIS."""
        return self._part("insights")

    def rest(self) -> HtmlPart:
        """Criteria judged not applicable, the method, and every response."""
        return self._part("not_applicable", "method", "appendix")

    def export(self, formats: Sequence[str] = ("pdf",)) -> dict[str, Path]:
        """Write the report files (after re-reading the assessment); returns their paths."""
        from assessment.render.output import write_reports

        self.reload()
        return write_reports(self.report, self.out_dir, formats)

    def export_buttons(self) -> w.VBox:
        """Buttons that write the PDF or HTML report and show a link to the file."""
        text = self.report.text
        pdf = w.Button(
            description=text["report_export_pdf"],
            icon="file-pdf",
            button_style="primary",
            tooltip=text["report_export_tip"],
        )
        page = w.Button(
            description=text["report_export_html"],
            icon="file-code",
            tooltip=text["report_export_tip"],
        )
        for b in (pdf, page):
            b.layout = w.Layout(width="auto")
        # An Output widget, not an HTML one: JupyterLab resolves a relative link in an output
        # against the notebook's folder, so the link opens the file that was just written.
        status = w.Output(layout=w.Layout(min_height="1.5rem"))
        status.add_class("gdi-export-status")

        def say(message: str, role: str, links: str = "") -> None:
            status.clear_output()
            with status:
                ipy_display(IPyHTML(f"<span role='{role}'>{html.escape(message)}</span> {links}"))

        def run(formats: Sequence[str]) -> None:
            say(text["report_export_busy"], "status")
            try:
                written = self.export(formats)
            except GdiError as exc:
                say(exc.in_language(self.report.lang), "alert")
                return
            except Exception as exc:  # a bug: say so plainly, keep the page alive
                traceback.print_exc()
                say(text["report_export_failed"].format(error=exc), "alert")
                return
            self.last_written = written
            say(text["report_export_done"], "status", " ".join(_link(p) for p in written.values()))

        pdf.on_click(lambda _b: run(("pdf",)))
        page.on_click(lambda _b: run(("html",)))
        box = w.VBox([w.HBox([pdf, page]), status])
        box.add_class("gdi-export")
        return box

    def what_if(self) -> w.VBox:
        """Weights to try: a slider per pillar (its weight in the overall score) and, inside each
        pillar, per commitment (its weight in the pillar's score). The radar, the overall score
        and the gaps that would raise it most follow the sliders; "Keep these weights" saves them
        in the assessment (the rubric is never changed), "Rubric's weights" puts them back."""
        return WhatIf(self).box

    def plan_editor(self) -> PlanEditor:
        """The plan's steps in order, each with boxes for its owner, due date and note; every
        change is saved in the assessment file (the report's plan section shows them after
        :meth:`reload` or an export)."""
        from assessment.jupyter.plan_editor import PlanEditor

        a = load_assessment(self.assessment_file)
        rubric = resolve_rubric(self.rubric or a.rubric.id, self.report.lang)
        return PlanEditor(self.assessment_file, rubric, self.report.lang)

    def display_data(self) -> dict:
        """The formatted report data (what the PDF and HTML print)."""
        return display(self.report)


def _link(path: Path) -> str:
    """A link to a written file, relative to the notebook's folder (JupyterLab opens it).

    A folder beside the notebook's (``../reports``, the project's reports folder) is reached with
    ``..``; JupyterLab serves it as long as it lies inside the folder JupyterLab was started in.
    """
    target = path.resolve()
    try:
        rel = Path(os.path.relpath(target, Path.cwd().resolve())).as_posix()
    except ValueError:  # another drive (Windows): the file's full address
        rel = target.as_uri()
    return (
        f'<a href="{html.escape(rel)}" target="_blank" rel="noopener">{html.escape(path.name)}</a>'
    )


class WhatIf:
    """The what-if weights panel of a :class:`GapReportView` (see :meth:`GapReportView.what_if`)."""

    def __init__(self, view: GapReportView) -> None:
        from assessment.render.charts import RadarImage
        from assessment.text import ui_text

        self.view = view
        self.assessment = load_assessment(view.assessment_file)
        lang = self.lang = view.report.lang
        self.rubric = resolve_rubric(view.rubric or self.assessment.rubric.id, lang)

        def t(key: str, **values: object) -> str:
            return ui_text(key, lang, **values)

        self.t = t
        style = {"description_width": "14rem"}
        layout = w.Layout(width="34rem", max_width="100%")
        chosen = dict(self.assessment.weights)
        self.sliders: dict[str, w.FloatSlider] = {}
        self.rubric_weights: dict[str, float] = {}
        sections = []
        for p in self.rubric.pillars:
            rows = []
            for item, label in [(p, t("whatif_pillar", pillar=f"{p.id} {p.short_title}"))] + [
                (c, f"{c.id} {_short(c.summary)}") for c in p.commitments
            ]:
                self.rubric_weights[item.id] = float(item.weight)
                slider = w.FloatSlider(
                    value=float(chosen.get(item.id, item.weight)), min=0.25, max=3.0, step=0.25,
                    description=label, style=style, layout=layout, continuous_update=False,
                    readout_format=".2f",
                )  # fmt: skip
                slider.observe(self._moved, names="value")
                self.sliders[item.id] = slider
                rows.append(slider)
            sections.append(w.VBox(rows))
        self.accordion = w.Accordion(children=sections)
        for i, p in enumerate(self.rubric.pillars):
            self.accordion.set_title(i, f"{p.id} {p.short_title}")
        s = self._scores()
        labels = list(s.pillars["short_title"])
        self.radar = RadarImage(
            labels, self._series(s), names={"current": t("whatif_series"), "target": t("report_target")}
        )  # fmt: skip
        self.image = w.Image(format="png", width=self.radar.width)
        self.image.value = self.radar.png()
        self.figures = w.HTML()
        self.status = w.HTML()
        keep = w.Button(description=t("whatif_keep"), button_style="primary", layout=w.Layout(width="auto"))  # fmt: skip
        reset = w.Button(description=t("whatif_reset"), layout=w.Layout(width="auto"))
        keep.on_click(lambda _b: self.keep())
        reset.on_click(lambda _b: self.reset())
        intro = w.HTML(f"<p>{html.escape(t('whatif_intro'))}</p>")
        self.box = w.VBox([intro, self.accordion, w.HBox([self.image, self.figures]), w.HBox([keep, reset]), self.status])  # fmt: skip
        self.box.add_class("gdi-what-if")
        self._show(s)

    def weights(self) -> dict[str, float]:
        """The weights the sliders set that differ from the rubric's."""
        return {
            k: float(sl.value)
            for k, sl in self.sliders.items()
            if abs(float(sl.value) - self.rubric_weights[k]) > 1e-9
        }

    def _scores(self) -> Scores:
        from assessment.scoring import score_assessment

        trial = self.assessment.model_copy(update={"weights": self.weights()})
        return score_assessment(self.rubric, trial)

    @staticmethod
    def _series(s: Scores) -> dict[str, list[float]]:
        return {"current": s.pillars["score"].tolist(), "target": s.pillars["target"].tolist()}

    def _moved(self, _change: object = None) -> None:
        s = self._scores()
        self.image.value = self.radar.png(self._series(s))
        self._show(s)

    def _show(self, s: Scores) -> None:
        from assessment.render.display import fmt_level, fmt_share
        from assessment.scoring import overall_shares

        t, lang = self.t, self.lang
        share = overall_shares(s)
        crit = s.criteria
        gain = (crit["gap"].clip(lower=0) * share).where(crit["status"] == "scored").dropna()
        top = gain[gain > 0].sort_values(ascending=False, kind="mergesort").head(5)
        pillar_share = share.groupby(crit["pillar"], sort=False).sum()
        rows = "".join(
            f"<tr><th scope='row'>{html.escape(str(pid))} {html.escape(str(p['short_title']))}</th>"
            f"<td class='num'>{fmt_level(p['score'], lang)}</td>"
            f"<td class='num'>{fmt_share(float(pillar_share.get(pid, 0.0)), lang)}</td></tr>"
            for pid, p in s.pillars.iterrows()
        )
        gains = "".join(
            f"<li>{html.escape(str(cid))} {html.escape(str(crit.at[cid, 'title']))}: "
            f"{html.escape(t('whatif_gain', gain=fmt_level(float(g), lang)))}</li>"
            for cid, g in top.items()
        )
        self.figures.value = (
            f"<div lang='{lang}' dir='{self.view.report.direction}'>"
            f"<p role='status'><strong>{html.escape(t('whatif_overall', score=fmt_level(s.overall['score'], lang)))}</strong></p>"
            f"<table class='gdi-facilitator'><caption>{html.escape(t('whatif_table'))}</caption>"
            f"<thead><tr><th scope='col'>{html.escape(t('report_pillar'))}</th><th scope='col'>{html.escape(t('report_score'))}</th>"
            f"<th scope='col'>{html.escape(t('whatif_col_share'))}</th></tr></thead><tbody>{rows}</tbody></table>"
            f"<p><strong>{html.escape(t('whatif_gains'))}</strong></p><ol>{gains}</ol></div>"
        )  # fmt: skip

    def keep(self) -> None:
        """Save the sliders' weights in the assessment file and rebuild the report."""
        from assessment.errors import ProblemsError
        from assessment.responses import Assessment, check_against_rubric
        from assessment.storage.assessments import save_assessment

        try:
            current = load_assessment(self.view.assessment_file)
            # checked as a file would be, before anything is written
            data = current.model_dump(mode="json") | {"weights": self.weights()}
            updated = Assessment.model_validate(data)
            problems = check_against_rubric(updated, self.rubric, str(self.view.assessment_file))
            if problems:
                raise ProblemsError(problems)
            save_assessment(updated, self.view.assessment_file)
            self.assessment = load_assessment(self.view.assessment_file)
            self.view.reload()
        except GdiError as exc:
            self.status.value = f"<p role='alert'>{html.escape(exc.in_language(self.lang))}</p>"
            return
        self.status.value = f"<p role='status'>{html.escape(self.t('whatif_saved', file=self.view.assessment_file.name))}</p>"  # fmt: skip

    def reset(self) -> None:
        """Put every slider back at the rubric's weight (nothing is saved until "Keep")."""
        for k, sl in self.sliders.items():
            sl.unobserve(self._moved, names="value")
            sl.value = self.rubric_weights[k]
            sl.observe(self._moved, names="value")
        self._moved()


def _short(text: str, n: int = 48) -> str:
    """The first words of ``text``, at most ``n`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "…"
