"""Write a report's files: safe names inside the chosen folder, atomic saves, charts drawn once."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from assessment.errors import GdiError, RenderError, UsageError
from assessment.report import Report
from assessment.storage.atomic import WINDOWS_RESERVED as _RESERVED
from assessment.storage.atomic import write_atomic

__all__ = ["FORMATS", "report_stem", "safe_filename", "write_reports"]

FORMATS = ("pdf", "html")


#: Room a stem leaves for its extension: file systems allow 255 bytes, ``.html`` takes 5.
STEM_BYTES = 240


def _cut_bytes(text: str, most: int) -> str:
    """The longest start of ``text`` that takes at most ``most`` bytes in UTF-8.

    The cut falls between characters, never inside one, and never between a letter and the
    combining marks that follow it (an Arabic vowel sign, say), which would change the letter.
    """
    cut = len(text.encode("utf-8")[:most].decode("utf-8", "ignore"))
    while 0 < cut < len(text) and unicodedata.category(text[cut])[0] == "M":
        cut -= 1
    return text[:cut]


def _slug(text: str) -> str:
    """Letters and digits of any script with their combining marks (Arabic vowels, Hindi vowel
    signs); every other run of characters becomes one hyphen."""
    norm = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join(c if c.isalnum() or unicodedata.category(c)[0] == "M" else "-" for c in norm)
    return re.sub(r"-+", "-", kept).strip("-")


def safe_filename(text: str, *, limit: int = 80, max_bytes: int = STEM_BYTES) -> str:
    """A file name made from free text: letters of any script, digits and hyphens only.

    Path separators, dots, colons and control characters all become hyphens, so a name such as
    ``../../etc/passwd`` or ``C:\\evil`` can never leave the output folder. The name keeps at most
    ``limit`` characters and ``max_bytes`` bytes of UTF-8 (a Chinese character takes three), so
    the name with its extension fits the 255 bytes file systems allow.
    """
    stem = _cut_bytes(_slug(text)[:limit].strip("-"), max_bytes).strip("-")
    if not stem:
        stem = "report"
    if stem in _RESERVED:
        stem += "-report"
    return stem


def report_stem(report: Report) -> str:
    """``<entity>-<rubric>-<round>-<date>``, e.g.
    ``republic-of-examplia-gdi-digital-inclusion-2025-baseline-2025-06-30`` (a unit of a campaign
    leads with its code: ``mun-0042-ville-d-exemple-…``).

    A long entity name is shortened, never the rubric, round and date, so the reports of two
    rounds keep apart however long the name.
    """
    return stem_for(report.entity.get("id"), str(report.entity["name"]), report.rubric_id, report.round, report.date)  # fmt: skip


def stem_for(unit: str | None, name: str, rubric_id: str, round_: str, date: str, n: int = 1) -> str:  # fmt: skip
    """:func:`report_stem` from its parts: the unit's code (if any) and name, the rubric's id, the
    round and the date (``YYYY-MM-DD``); ``n`` above 1 ends it with ``-n`` (the name shortened,
    never the end), for a report that would otherwise take another's name."""
    limit = 120
    tail = _cut_bytes(_slug(f"{rubric_id} {round_} {date}")[:80], 120)
    if n > 1:
        tail += f"-{n}"
    room = STEM_BYTES - len(tail.encode("utf-8")) - 1
    # a campaign's unit leads with its code: two units may share a name (two "Saint-Pierre")
    who = " ".join(x for x in (unit, name) if x)
    head = _slug(who or "report")[: max(0, limit - len(tail) - 1)]
    head = _cut_bytes(head.strip("-"), room).strip("-")
    return safe_filename(f"{head}-{tail}" if head else tail, limit=limit)


def write_reports(
    report: Report,
    out_dir: str | os.PathLike[str],
    formats: Iterable[str] = FORMATS,
    *,
    stem: str | None = None,
) -> dict[str, Path]:
    """Render ``report`` in each format into ``out_dir``; returns the written path per format."""
    from assessment.render.figures import render_svgs

    wanted = [f.strip().lower() for f in formats if f.strip()]
    unknown = [f for f in wanted if f not in FORMATS]
    if not wanted:
        raise UsageError.keyed("error_report_no_format", valid=", ".join(FORMATS))
    if unknown:
        raise UsageError.keyed(
            "error_report_format", formats=", ".join(unknown), valid=", ".join(FORMATS)
        )
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise UsageError.keyed("error_out_not_folder", folder=str(folder))
    name = safe_filename(stem, limit=len(stem)) if stem is not None else report_stem(report)
    svgs = render_svgs(report)
    paths = {fmt: folder / f"{name}.{fmt}" for fmt in dict.fromkeys(wanted)}
    for path in paths.values():
        if (
            path.resolve().parent != folder.resolve()
        ):  # pragma: no cover - safe_filename prevents it
            raise UsageError.keyed("error_report_outside", path=str(path), folder=str(folder))
    contents, failure = _render(report, paths, svgs)
    # nothing is written until every format has rendered; then whatever rendered is written, so
    # a PDF that cannot be built (a character no font has) never costs the HTML
    written = {
        fmt: write_atomic(path, contents[fmt]) for fmt, path in paths.items() if fmt in contents
    }
    if failure is None:
        return written
    if written and isinstance(failure, GdiError):
        raise RenderError.keyed(
            "error_report_partly_written",
            error=failure,
            format=", ".join(fmt.upper() for fmt in written),
            path="; ".join(str(p) for p in written.values()),
        ) from failure
    raise failure


def _render(
    report: Report, paths: Mapping[str, Path], svgs: dict[str, str]
) -> tuple[dict[str, str | bytes], Exception | None]:
    """The content of each format in ``paths``, and the first failure (each format is tried)."""
    contents: dict[str, str | bytes] = {}
    failure: Exception | None = None
    with ThreadPoolExecutor(max_workers=1) as pool:
        pdf: Future[bytes] | None = None
        if "pdf" in paths:
            from assessment.render.pdf import render_pdf

            # Typst lays the PDF out without holding the interpreter lock, so the HTML is
            # rendered meanwhile on another core
            pdf = pool.submit(render_pdf, report, svgs=svgs)
        if "html" in paths:
            from assessment.render.html import render_html

            try:
                contents["html"] = render_html(report, svgs=svgs)
            except Exception as exc:  # raised once the rest is written
                failure = exc
        if pdf is not None:
            try:
                contents["pdf"] = pdf.result()
            except Exception as exc:  # raised once the rest is written
                failure = failure or exc
    return contents, failure
