"""Many reports in one go: ``gdi-assess report FILES_OR_FOLDERS... --out DIR [--jobs N]``.

One process per core (``--jobs``), each reusing its Typst compiler (its fonts scanned once), its
rubrics and its imports for every report it writes. Each assessment is compared with the earlier
rounds of the same unit and rubric found among the inputs. One bad file never stops the rest:
the summary names each failure and why, and the exit code is 1 if any failed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assessment.cli import message_language
from assessment.errors import GdiError, UsageError
from assessment.text import ui_text

if TYPE_CHECKING:
    from assessment.responses import Assessment

__all__ = ["assessment_files", "cmd_batch_report", "earlier_rounds"]


def assessment_files(inputs: Sequence[str]) -> list[Path]:
    """The assessment files ``inputs`` name: files as given, folders' ``*.json`` (sorted, not
    recursive); the same file once."""
    out: dict[Path, None] = {}
    for name in inputs:
        p = Path(name)
        if p.is_dir():
            for f in sorted(p.glob("*.json")):
                out.setdefault(f, None)
        elif p.exists():
            out.setdefault(p, None)
        else:
            raise UsageError.keyed("error_no_such_file", path=str(p))
    if not out:
        raise UsageError.keyed("error_batch_nothing", inputs=", ".join(inputs))
    return list(out)


@dataclass(frozen=True)
class _Job:
    path: str
    baselines: tuple[str, ...]
    stem: str | None = None  #: the report's file name, when two inputs would share one


def _loaded(path: Path) -> Assessment | None:
    """The assessment of ``path``, None when it cannot be read (its own report says why)."""
    from assessment.storage.assessments import load_assessment

    try:
        return load_assessment(path)
    except (GdiError, OSError, ValueError):
        return None


def _stem_parts(a: Assessment | None) -> tuple[str | None, str, str, str, str] | None:
    """What the report of ``a`` is named from, as the report reads it (None for a file that
    cannot be read)."""
    if a is None:
        return None
    return a.entity.id, a.entity.name, a.rubric.id, a.round, a.date.isoformat()


def distinct_stems(files: Sequence[Path], loaded: Mapping[Path, Assessment | None] | None = None) -> dict[Path, str]:  # fmt: skip
    """The files whose reports would share a name with an earlier file's, each with a name of its
    own (``…-2``, ``…-3``): units ``MUN-0001`` and ``mun_0001``, or the same file given twice, would
    otherwise overwrite one another, and on Windows or macOS so would names that differ in case."""
    from assessment.render.output import stem_for

    taken: set[str] = set()
    renamed: dict[Path, str] = {}
    for f in files:
        parts = _stem_parts(loaded[f] if loaded is not None else _loaded(f))
        if parts is None:
            continue
        n = 1
        while (name := stem_for(*parts, n=n)).casefold() in taken:
            n += 1
        taken.add(name.casefold())
        if n > 1:
            renamed[f] = name
    return renamed


def _series_key(a: Assessment | None) -> tuple[tuple[str, str, str, str], str] | None:
    """Which series of rounds an assessment belongs to, by the rule rounds are compared by (the
    unit's code, else its name without spaces and capitals; its kind, country and rubric), and its
    date; None for a file that cannot be read."""
    if a is None:
        return None
    from assessment.rounds import series_key

    return series_key(a), a.date.isoformat()


def earlier_rounds(files: Sequence[Path], loaded: Mapping[Path, Assessment | None] | None = None) -> dict[Path, tuple[Path, ...]]:  # fmt: skip
    """Each file's earlier rounds among ``files``: the same unit (its id, else its name), kind and
    rubric, an earlier date. A file that cannot be read has none (its own report says why)."""
    seen: dict[Path, tuple[tuple[str, str, str, str], str]] = {}
    for f in files:
        found = _series_key(loaded[f] if loaded is not None else _loaded(f))
        if found is not None:
            seen[f] = found
    return {
        f: tuple(
            g for g, (gk, gd) in sorted(seen.items(), key=lambda x: x[1][1]) if gk == k and gd < d
        )  # fmt: skip
        for f, (k, d) in seen.items()
    } | {f: () for f in files if f not in seen}


def _one(job: _Job, rubric: str | None, out: str, formats: tuple[str, ...], method: str, confidential: bool, lang: str | None, messages: str) -> tuple[str, list[str], str | None]:  # fmt: skip
    """Write one report (in a worker process): (file, paths written, why it failed)."""
    from assessment.cli.reports import write_report

    try:
        written = write_report(
            job.path, rubric, out, formats, list(job.baselines), method,  # type: ignore[arg-type]
            include_confidential=confidential, lang=lang, stem=job.stem,
        )  # fmt: skip
        return job.path, [str(p) for p in written.values()], None
    except GdiError as exc:
        said = exc.in_language(messages)
        return job.path, [], said.removeprefix(f"{job.path}: ")  # the file is named once
    except OSError as exc:
        return job.path, [], f"{exc.strerror or exc}"
    except Exception as exc:  # noqa: BLE001 - a bug: named, and the other reports still written
        return job.path, [], ui_text("error_batch_bug", messages, error=f"{type(exc).__name__}: {exc}")  # fmt: skip


def _warm() -> None:
    """Load what every report needs once per worker (imports, fonts), before the first job."""
    import assessment.render.output  # noqa: F401
    import assessment.report  # noqa: F401


class _Progress:
    """A progress line on a terminal (``[ 12/200] 6 %``), a line per report otherwise."""

    def __init__(self, total: int, lang: str) -> None:
        self.total, self.done, self.lang = total, 0, lang
        self.tty = sys.stderr.isatty()
        self.start = time.monotonic()

    def step(self, path: str, ok: bool) -> None:
        self.done += 1
        mark = "✓" if ok else "✗"
        if self.tty:
            pct = 100 * self.done // self.total
            print(f"\r[{self.done:>{len(str(self.total))}}/{self.total}] {pct:>3} % {mark} {Path(path).name[:50]:<50}", end="", file=sys.stderr, flush=True)  # fmt: skip
            if self.done == self.total:
                print(file=sys.stderr)

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.start


def cmd_batch_report(args: argparse.Namespace, files: Sequence[Path]) -> int:
    """Write a report per assessment of ``files`` into ``--out``; exit 1 if any failed."""
    lang = message_language(args)
    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    if args.baseline:
        raise UsageError.keyed("error_batch_baseline")
    from assessment.render.output import FORMATS

    wrong = [f for f in formats if f.lower() not in FORMATS]
    if wrong or not formats:
        raise UsageError.keyed("error_report_format", formats=", ".join(wrong) or "–", valid=", ".join(FORMATS))  # fmt: skip
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError.keyed("error_out_not_folder", folder=str(out))
    loaded = {f: _loaded(f) for f in files}  # each file read once
    earlier = earlier_rounds(files, loaded)
    renamed = distinct_stems(files, loaded)
    jobs = [_Job(str(f), tuple(str(g) for g in earlier[f]), renamed.get(f)) for f in files]
    for source, stem in renamed.items():
        print(ui_text("batch_renamed", lang, file=str(source), name=stem), file=sys.stderr)
    n_jobs = max(1, min(args.jobs or (os.cpu_count() or 1), len(jobs)))
    report_lang = args.lang or args.ui_lang
    common = (args.rubric, str(out), formats, args.method, args.include_confidential, report_lang, lang)  # fmt: skip
    progress = _Progress(len(jobs), lang)
    results: list[tuple[str, list[str], str | None]] = []
    if n_jobs == 1:
        _warm()
        for job in jobs:
            r = _one(job, *common)
            results.append(r)
            progress.step(r[0], r[2] is None)
    else:
        # never a plain fork: a process that already runs threads (a notebook, a test run) can
        # hand a forked worker a lock held forever; forkserver forks from a clean process
        import multiprocessing as mp

        method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
        with ProcessPoolExecutor(max_workers=n_jobs, initializer=_warm, mp_context=mp.get_context(method)) as pool:  # fmt: skip
            futures: list[Future[tuple[str, list[str], str | None]]] = [pool.submit(_one, job, *common) for job in jobs]  # fmt: skip
            for fut in futures:
                r = fut.result()
                results.append(r)
                progress.step(r[0], r[2] is None)
    failed = [(f, why) for f, _w, why in results if why is not None]
    for _f, written, _why in results:
        for path in written:
            print(ui_text("cli_wrote", lang, path=path))
    print(ui_text("batch_summary", lang, written=len(results) - len(failed), failed=len(failed), total=len(results), seconds=f"{progress.seconds:.1f}", jobs=n_jobs))  # fmt: skip
    for f, why in failed:
        print(ui_text("batch_failed_line", lang, file=f, reason=why), file=sys.stderr)
    return 1 if failed else 0
