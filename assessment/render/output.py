"""Write a report's files: safe names inside the chosen folder, atomic saves, charts drawn once."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from assessment.errors import UsageError
from assessment.report import Report
from assessment.storage.atomic import write_atomic

__all__ = ["FORMATS", "report_stem", "safe_filename", "write_reports"]

FORMATS = ("pdf", "html")

# names Windows refuses whatever the extension
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}


def safe_filename(text: str, *, limit: int = 80) -> str:
    """A file name made from free text: letters of any script, digits and hyphens only.

    Path separators, dots, colons and control characters all become hyphens, so a name such as
    ``../../etc/passwd`` or ``C:\\evil`` can never leave the output folder.
    """
    norm = unicodedata.normalize("NFKC", text).casefold()
    stem = re.sub(r"[^\w]+|_+", "-", norm).strip("-")[:limit].strip("-")
    if not stem:
        stem = "report"
    if stem in _RESERVED:
        stem += "-report"
    return stem


def report_stem(report: Report) -> str:
    """``<entity>-<rubric>-<round>-<date>``, e.g.
    ``republic-of-examplia-gdi-digital-inclusion-2025-baseline-2025-06-30``."""
    return safe_filename(
        f"{report.entity['name'] or 'report'} {report.rubric_id} {report.round} {report.date}",
        limit=120,
    )


def write_reports(
    report: Report,
    out_dir: str | os.PathLike[str],
    formats: Iterable[str] = FORMATS,
    *,
    stem: str | None = None,
    parallel: bool = False,
) -> dict[str, Path]:
    """Render ``report`` in each format into ``out_dir``; returns the written path per format.

    ``parallel`` lets a one-shot, single-threaded process (the command line) draw the charts on
    two cores.
    """
    from assessment.render.figures import render_svgs

    wanted = [f.strip().lower() for f in formats if f.strip()]
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise UsageError(
            f"unknown report format {', '.join(unknown) or '(none)'}: choose from {', '.join(FORMATS)}"
        )
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: exists and is not a folder; choose another --out")
    name = safe_filename(stem) if stem is not None else report_stem(report)
    svgs = render_svgs(report, parallel=parallel)
    paths = {fmt: folder / f"{name}.{fmt}" for fmt in dict.fromkeys(wanted)}
    for path in paths.values():
        if (
            path.resolve().parent != folder.resolve()
        ):  # pragma: no cover - safe_filename prevents it
            raise UsageError(f"{path}: a report must be written inside {folder}")
    contents: dict[str, str | bytes] = {}
    with ThreadPoolExecutor(max_workers=1) as pool:
        pdf: Future[bytes] | None = None
        if "pdf" in paths:
            from assessment.render.pdf import render_pdf

            # Typst lays the PDF out without holding the interpreter lock, so the HTML is
            # rendered meanwhile on another core
            pdf = pool.submit(render_pdf, report, svgs=svgs)
        if "html" in paths:
            from assessment.render.html import render_html

            contents["html"] = render_html(report, svgs=svgs)
        if pdf is not None:
            contents["pdf"] = pdf.result()
    # nothing is written until every format has rendered
    written: dict[str, Path] = {}
    for fmt, path in paths.items():
        written[fmt] = write_atomic(path, contents[fmt])
    return written
