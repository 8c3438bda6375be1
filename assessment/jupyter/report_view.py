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

import ipywidgets as w
from IPython.display import HTML as IPyHTML
from IPython.display import display as ipy_display

from assessment import __version__
from assessment.errors import GdiError
from assessment.render.display import display
from assessment.render.figures import render_svgs
from assessment.report import Report, build_report
from assessment.storage.assessments import load_assessment
from assessment.storage.rubrics import resolve_rubric

__all__ = ["GapReportView", "HtmlPart"]


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
    baseline_file: Path | None = None
    rubric: str | None = None
    out_dir: Path = Path("reports")
    #: the report's language (None: the assessment's own, else English)
    lang: str | None = None
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
        baseline: str | os.PathLike[str] | None = None,
        rubric: str | None = None,
        out_dir: str | os.PathLike[str] = "reports",
        lang: str | None = None,
    ) -> GapReportView:
        return cls(
            Path(assessment_file),
            Path(baseline) if baseline else None,
            rubric,
            Path(out_dir),
            lang or None,
        )

    def reload(self) -> Report:
        """Read the files again (answers may have changed since) and rebuild the report."""
        a = load_assessment(self.assessment_file)
        lang = self.lang or a.language or "en"
        rubric = resolve_rubric(self.rubric or a.rubric.id, lang)
        base = load_assessment(self.baseline_file) if self.baseline_file else None
        self.report = build_report(rubric, a, baseline=base, version=__version__, lang=lang)
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
