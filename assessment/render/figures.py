"""The report's charts as SVG text, drawn with the bundled fonts so the PDF needs no system font."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import os
import re
import select
import signal
import threading
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import matplotlib as mpl
from matplotlib.typing import RcKeyType

from assessment.insights import Insight
from assessment.render.charts import FONT_FAMILIES, dot_chart, figure_svg, gap_chart, radar_chart
from assessment.report import PillarSection, Report
from assessment.storage.bundled import package_dir

__all__ = ["FONTS_DIR", "render_svgs"]

FONTS_DIR = package_dir("assessment.render") / "fonts"

#: How long the forked chart process may take before the parent draws its charts itself.
CHILD_SECONDS = 60.0

_RC: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",
    # a fallback list: Arabic and Chinese labels take their glyphs from the bundled fonts
    "font.family": FONT_FAMILIES,
    "svg.hashsalt": "gdi",
}


def _register_fonts() -> None:
    from assessment.render.charts import _register_fonts as register

    register()


def _clean(svg: str, title: str) -> str:
    """Drop the XML prolog and make the SVG an accessible image with a title."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    title_xml = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return svg.replace("<svg ", '<svg role="img" ', 1).replace(
        ">", f"><title>{title_xml}</title>", 1
    )


def _radar_svg(report: Report) -> str:
    r = report.radar
    nan = float("nan")
    series = {k: [nan if v is None else v for v in vals] for k, vals in r.series.items()}
    band = None
    if r.band is not None:
        low, high = ([nan if v is None else v for v in side] for side in r.band)
        band = (low, high)
    fig = radar_chart(list(r.labels), series, names=dict(r.names), band=band, size=5.6)
    return _clean(figure_svg(fig), r.alt)


def _gap_svg(report: Report, pillar: PillarSection) -> str:
    rows = pillar.gap_rows
    fig = gap_chart(
        [g.title for g in rows],
        [g.current for g in rows],
        [g.target for g in rows],
        names={"current": report.text["report_current"], "target": report.text["report_target"]},
        level_names=[report.text[f"level_name_{n}"] for n in range(5)],
    )
    return _clean(figure_svg(fig), pillar.chart_alt)


def _insight_svg(insight: Insight) -> str:
    spec = insight.chart
    assert spec is not None
    fig = dot_chart(
        list(spec.labels),
        {name: list(values) for name, values in spec.series.items()},
        ticks=spec.ticks,
        tick_labels=spec.tick_labels,
    )
    return _clean(figure_svg(fig), spec.alt)


#: the font a language's labels are written in first (its script's), then the others as fallback
_FIRST_FONT = {"ar": "Noto Naskh Arabic", "zh": "Noto Sans CJK SC"}


def _rc(lang: str, families: Sequence[str] = FONT_FAMILIES) -> dict[RcKeyType, Any]:
    first = _FIRST_FONT.get(lang.split("-")[0])
    order = [first, *(f for f in families if f != first)] if first else list(families)
    return {**_RC, "font.family": order}


#: a script's characters -> the bundled font that has them (Noto Sans has Latin, Greek, Cyrillic)
_SCRIPT_FONTS = (
    (re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]"), "Noto Naskh Arabic"),
    (re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]"), "Noto Sans CJK SC"),
)  # fmt: skip


def _texts(obj: object, out: list[str]) -> None:
    """Every string in ``obj`` (dataclasses, mappings, sequences), into ``out``."""
    if isinstance(obj, str):
        out.append(obj)
    elif isinstance(obj, Mapping):
        for k, v in obj.items():
            _texts(k, out)
            _texts(v, out)
    elif isinstance(obj, list | tuple):
        for v in obj:
            _texts(v, out)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            _texts(getattr(obj, f.name), out)


def _families(report: Report) -> list[str]:
    """The bundled fonts the charts' texts need, in :data:`FONT_FAMILIES` order: a font per script
    found, and DejaVu Sans for symbols. Fewer fonts to fall back through lay text out faster; an
    English report of Latin names needs two, not four."""
    found: list[str] = []
    _texts((report.radar, report.pillars, [i.chart for i in report.insights], report.text), found)
    text = "".join(found)
    wanted = {"Noto Sans", "DejaVu Sans"} | {font for pattern, font in _SCRIPT_FONTS if pattern.search(text)}  # fmt: skip
    return [f for f in FONT_FAMILIES if f in wanted]


def _draw(jobs: list[tuple[str, Callable[[], str]]], lang: str = "en", families: Sequence[str] = FONT_FAMILIES) -> dict[str, str]:  # fmt: skip
    with mpl.rc_context(_rc(lang, families)):
        return {name: job() for name, job in jobs}


def _draw_on_two_cores(
    jobs: list[tuple[str, Callable[[], str]]],
    lang: str = "en",
    families: Sequence[str] = FONT_FAMILIES,
) -> dict[str, str]:
    """Draw about half of ``jobs`` in a forked copy of this process, the rest here.

    Charts are pure Python under the interpreter lock, so a second core only helps in a second
    process; a fork shares everything already imported and computed. Used only where that is
    safe (POSIX, one thread: the command line) and worth it; anything unexpected in the child
    and the parent simply draws those charts itself.
    """
    # the radar (the first job) takes a little longer than one gap chart
    half = 1 + max(0, (len(jobs) - 2) // 2)
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():
        # Python 3.12+ warns about fork() whenever the process has a second OS thread; here it
        # is OpenBLAS's idle worker, which re-initialises itself in the child (pthread_atfork),
        # and the child only draws charts and exits
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child process; its result is checked by the parent
        status = 1
        try:
            os.close(read_end)
            payload = json.dumps(_draw(jobs[half:], lang, families)).encode()
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    out = _draw(jobs[:half], lang, families)
    payload = _read_child(read_end, pid, CHILD_SECONDS)
    theirs: dict[str, str] = {}
    with contextlib.suppress(ValueError):
        theirs = json.loads(payload) if payload else {}
    if set(theirs) != {name for name, _ in jobs[half:]}:
        theirs = _draw(jobs[half:], lang, families)
    return {**out, **theirs}


def _read_child(fd: int, pid: int, seconds: float) -> bytes:
    """Everything the child writes to ``fd``; empty if it fails, or hangs for ``seconds``."""
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds
    with os.fdopen(fd, "rb", buffering=0) as pipe:
        while True:
            ready, _, _ = select.select([pipe], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:  # a stuck child must never hold the report up
                os.kill(pid, signal.SIGKILL)
                chunks = []
                break
            chunk = pipe.read(1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    return b"".join(chunks) if status == 0 else b""


def render_svgs(report: Report, *, parallel: bool = False) -> dict[str, str]:
    """``radar`` and ``gap-<pillar id>`` SVG charts of ``report``.

    ``parallel`` lets a one-shot process (the command line) draw them on two cores.
    """
    _register_fonts()
    jobs: list[tuple[str, Callable[[], str]]] = [("radar", functools.partial(_radar_svg, report))]
    jobs += [(f"gap-{p.id}", functools.partial(_gap_svg, report, p)) for p in report.pillars]
    jobs += [
        (f"insight-{i.key}", functools.partial(_insight_svg, i)) for i in report.insights if i.chart
    ]
    forkable = hasattr(os, "fork") and threading.active_count() == 1
    two_cores = parallel and forkable and len(jobs) >= 4
    lang = report.lang
    families = _families(report)
    drawn = _draw_on_two_cores(jobs, lang, families) if two_cores else _draw(jobs, lang, families)
    return {name: drawn[name] for name, _ in jobs}  # in a stable order
