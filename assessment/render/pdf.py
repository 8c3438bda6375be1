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
import re
from pathlib import Path
from typing import Any

from assessment.errors import RenderError
from assessment.render.display import display
from assessment.render.figures import FONTS_DIR, render_svgs
from assessment.report import Report
from assessment.storage.bundled import package_dir

__all__ = ["TEMPLATE", "render_pdf", "typst_pdf"]

TEMPLATE = package_dir("assessment.render") / "templates" / "report.typ"


@functools.cache
def _compiler(template: Path, system_fonts: bool) -> Any:
    import typst  # imported here: the HTML renderer and the core never need it

    return typst.Compiler(template, font_paths=[FONTS_DIR], ignore_system_fonts=not system_fonts)


_MISSING_GLYPH = re.compile(r"the text `\"(.+?)\"` could not be displayed")


_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z]{4})?(?:[-_]([A-Za-z]{2}|[0-9]{3}))?(?:[-_].*)?")


def typst_language(tag: str) -> tuple[str, str | None]:
    """A language tag (``ar``, ``ar-EG``, ``zh-Hans-CN``, ``ar-u-nu-latn``) as Typst takes it: the
    language alone and the region apart (Typst refuses ``ar-EG`` as a language)."""
    match = _TAG.fullmatch(tag.strip())
    if match is None:
        return "en", None
    region = match.group(2)
    return match.group(1).lower(), region.upper() if region and region.isalpha() else None


def typst_pdf(
    template: Path,
    data: dict[str, Any],
    *,
    timestamp: int | None = None,
    svgs: dict[str, str] | None = None,
) -> bytes:
    """Compile ``template`` with ``data`` (as ``sys.inputs.data``) into PDF/UA-1 bytes.

    Each of ``svgs`` arrives as its own input, ``sys.inputs.svg-<name>``, so the charts never
    pass through the JSON of the data.

    The bundled fonts come first and alone, so a report prints the same everywhere. Text they
    cannot show (Chinese, say) is retried with the computer's own fonts as a fallback; text no font
    has is a clear error, since PDF/UA forbids printing boxes in place of letters.
    """
    import typst

    if isinstance(data.get("lang"), str):  # the document's language as Typst takes it
        language, region = typst_language(data["lang"])
        data = {**data, "lang": language, "region": data.get("region") or region}
    inputs = {"data": json.dumps(data, ensure_ascii=False)}
    inputs.update({f"svg-{name}": svg for name, svg in (svgs or {}).items()})
    for system_fonts in (False, True):
        try:
            return _compiler(template, system_fonts).compile(
                format="pdf", sys_inputs=inputs, pdf_standards=["ua-1"], timestamp=timestamp
            )
        except typst.TypstError as exc:
            missing = _MISSING_GLYPH.search(exc.message)
            if missing and not system_fonts:
                continue
            if missing:
                ch = missing.group(1)
                raise RenderError.keyed(
                    "error_pdf_character", char=ch, codepoint=f"U+{ord(ch[0]):04X}"
                ) from exc
            hints = "; ".join(exc.hints or [])  # a template bug, not a user mistake
            detail = f"{exc.message} ({hints})" if hints else exc.message
            raise RenderError.keyed("error_pdf_failed", detail=detail) from exc
    raise AssertionError("unreachable")  # pragma: no cover


def render_pdf(report: Report, *, svgs: dict[str, str] | None = None) -> bytes:
    """The report as PDF/UA-1 bytes. ``svgs`` lets a caller reuse charts drawn for the HTML."""
    data = display(report)
    charts = svgs if svgs is not None else render_svgs(report)
    # the PDF's dates are the assessment date, so a report is reproducible byte for byte
    when = dt.datetime.combine(dt.date.fromisoformat(report.date), dt.time(12), tzinfo=dt.UTC)
    return typst_pdf(TEMPLATE, data, timestamp=int(when.timestamp()), svgs=charts)
