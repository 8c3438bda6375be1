"""A report and the form in each of the six UN languages, against English, in one run (issue 13).

1. One report, PDF and HTML, in a fresh process per language: ``gdi-assess report <sample>
   --lang LANG`` (load, translate the rubric, score, model, charts, Typst PDF/UA, HTML), best of
   ``--repeat`` runs. Goal: every language at most 1.1x English.
2. The scoring form built in each language in one process (widgets for all 66 criteria, the
   rubric translated from its catalogue), best of ``--repeat``. Goal: under 1 s in every language.

    .venv/bin/python benchmarks/bench_languages.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SAMPLE = ROOT / "sample_data" / "examplia-2026-follow-up.json"
LANGS = ("en", "ar", "es", "fr", "ru", "zh")


def report_seconds(lang: str, repeat: int) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    times = []
    with tempfile.TemporaryDirectory() as out:
        cmd = [str(BIN / "gdi-assess"), "report", str(SAMPLE), "--out", out, "--lang", lang]
        subprocess.run(cmd, env=env, check=True, capture_output=True)  # warm the caches once
        for _ in range(repeat):
            t0 = time.perf_counter()
            subprocess.run(cmd, env=env, check=True, capture_output=True)
            times.append(time.perf_counter() - t0)
    return min(times)


def form_seconds(lang: str, repeat: int) -> float:
    from assessment.jupyter.form import open_form

    times = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.json"
        path.write_bytes(SAMPLE.read_bytes())
        open_form(path, lang=lang)  # the catalogue read once, as in a session
        for _ in range(repeat):
            t0 = time.perf_counter()
            open_form(path, lang=lang)
            times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    reports = {lang: report_seconds(lang, args.repeat) for lang in LANGS}
    forms = {lang: form_seconds(lang, args.repeat) for lang in LANGS}
    base = reports["en"]
    print(f"{'language':<10}{'report s':>10}{'x English':>11}{'form s':>9}")
    for lang in LANGS:
        print(f"{lang:<10}{reports[lang]:>10.2f}{reports[lang] / base:>11.2f}{forms[lang]:>9.2f}")
    worst = max(reports[lang] / base for lang in LANGS)
    print(
        f"worst report ratio {worst:.2f} (goal <= 1.10); slowest form {max(forms.values()):.2f} s (goal < 1 s)"
    )


if __name__ == "__main__":
    main()
