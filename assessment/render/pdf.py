"""PDF renderer: the report model through Typst into a tagged PDF/UA-1 document.

The template (``templates/report.typ``) reads the report as JSON from ``sys.inputs``; no text is
ever spliced into Typst source, so names with markup characters print as they are. The fonts the
PDF needs ship in ``assessment/fonts`` and system fonts are ignored: the same input gives the same
PDF on every machine (byte for byte, as the creation date is pinned to the assessment date).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any

from assessment.errors import GdiError
from assessment.render import display
from assessment.render.figures import FONTS_DIR, report_svgs
from assessment.report import Report

__all__ = ["TEMPLATE", "render_pdf", "typst_pdf"]

TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "report.typ"


class RenderError(GdiError):
    """Typst could not build the PDF (a bug in the template, or a character no bundled font has)."""


@functools.cache
def _compiler(template: Path) -> Any:
    import typst  # imported here: the HTML renderer and the core never need it

    return typst.Compiler(template, font_paths=[FONTS_DIR], ignore_system_fonts=True)


def typst_pdf(template: Path, data: dict[str, Any], *, timestamp: int | None = None) -> bytes:
    """Compile ``template`` with ``data`` (as ``sys.inputs.data``) into PDF/UA-1 bytes."""
    import typst

    try:
        return _compiler(template).compile(
            format="pdf",
            sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
            pdf_standards=["ua-1"],
            timestamp=timestamp,
        )
    except typst.TypstError as exc:  # pragma: no cover - a template bug, not a user mistake
        hints = "; ".join(exc.hints or [])
        raise RenderError(f"The PDF could not be built: {exc.message}{' (' + hints + ')' if hints else ''}") from exc


def render_pdf(report: Report, *, svgs: dict[str, str] | None = None) -> bytes:
    """The report as PDF/UA-1 bytes. ``svgs`` lets a caller reuse charts drawn for the HTML."""
    data = display(report)
    data["svgs"] = svgs if svgs is not None else report_svgs(report)
    # the PDF's dates are the assessment date, so a report is reproducible byte for byte
    when = dt.datetime.combine(dt.date.fromisoformat(report.date), dt.time(12), tzinfo=dt.UTC)
    return typst_pdf(TEMPLATE, data, timestamp=int(when.timestamp()))
