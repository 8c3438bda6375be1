"""HTML renderer: the report model through Jinja2 into one self-contained, accessible page.

Autoescaping is on for every value; the inline SVG charts are the only markup passed through, and
matplotlib escapes the text inside them. The page loads nothing: no script, font or image from the
network, so it opens offline and can be sent as an attachment.
"""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2

from assessment.render import display
from assessment.render.figures import report_svgs
from assessment.report import Report

__all__ = ["render_html"]

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )


def render_html(report: Report, *, svgs: dict[str, str] | None = None) -> str:
    """The report as one HTML document. ``svgs`` lets a caller reuse charts drawn for the PDF."""
    data = display(report)
    template = _environment().get_template("report.html.j2")
    return template.render(d=data, t=data["text"], svgs=svgs if svgs is not None else report_svgs(report))
