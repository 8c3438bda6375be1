"""HTML renderer: the report model through Jinja2 into one self-contained, accessible page.

Autoescaping is on for every value; the inline SVG charts are the only markup passed through, and
matplotlib escapes the text inside them. The page loads nothing: no script, font or image from the
network, so it opens offline and can be sent as an attachment.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import jinja2

from assessment.render.display import display
from assessment.render.figures import render_svgs
from assessment.report import Report
from assessment.storage.bundled import package_dir

__all__ = ["SECTIONS", "render_fragment", "render_html"]

SECTIONS = (
    "summary",
    "radar",
    "stakeholders",
    "pillars",
    "insights",
    "not_applicable",
    "method",
    "appendix",
)

TEMPLATES = package_dir("assessment.render") / "templates"


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
    return template.render(
        d=data, t=data["text"], svgs=svgs if svgs is not None else render_svgs(report)
    )


def render_fragment(
    report: Report, parts: Sequence[str], *, svgs: dict[str, str] | None = None
) -> str:
    """Some sections of the report (``summary``, ``radar``, ``pillars``, ``insights``,
    ``not_applicable``, ``method``, ``appendix``) as an HTML fragment with scoped styles, for a
    notebook cell."""
    unknown = set(parts) - set(SECTIONS)
    if unknown:
        raise ValueError(
            f"unknown report sections {sorted(unknown)}; choose from {', '.join(SECTIONS)}"
        )
    data = display(report)
    template = _environment().get_template("fragment.html.j2")
    return template.render(
        d=data,
        t=data["text"],
        svgs=svgs if svgs is not None else render_svgs(report),
        parts=list(parts),
    )
