"""Hostile and unlucky inputs end in a plain message (exit 1), one line per kind of problem."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest

from assessment import ProblemsError, load_rubric
from assessment.cli import main
from assessment.text import terminal_text

from .conftest import DATA, ROOT

SAMPLES = ROOT / "sample_data"


def test_an_alias_bomb_is_one_line_per_kind(tmp_path):
    lines = [
        "format: gdi-rubric/1",
        'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
    ]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 10)]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n")
    with pytest.raises(ProblemsError) as info:
        load_rubric(bomb)
    by_code = {p.code: p for p in info.value.problems}
    assert sorted(by_code) == ["yaml-alias", "yaml-anchor"]
    assert "(36 in the file, the first on this line)" in by_code["yaml-alias"].message
    assert by_code["yaml-alias"].line == 3 and by_code["yaml-anchor"].line == 2


def test_a_fifo_in_the_rubric_cache_never_hangs(tmp_path):
    """Run in a child with a deadline: a blocking read of a FIFO would hang it."""
    cache = tmp_path / "cache"
    cache.mkdir()
    code = (
        "import hashlib, os, sys; from pathlib import Path;"
        "from assessment.storage import rubrics as r;"
        f"raw = Path({str(DATA / 'rubric-valid-small.yaml')!r}).read_bytes();"
        "key = hashlib.sha256(raw + r._validator_fingerprint()).hexdigest();"
        "os.mkfifo(r._cache_dir() / f'{key}.json');"
        f"print(r.load_rubric({str(DATA / 'rubric-valid-small.yaml')!r}).id)"
    )
    env = {**os.environ, "GDI_ASSESS_CACHE": str(cache)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "test-small"
    assert hashlib.sha256(b"").hexdigest()  # (the FIFO is left alone)


@pytest.mark.parametrize(
    ("baseline", "says"),
    [
        (
            "port-examplia-city-2025.json",
            "a baseline is an earlier round of the same country or organisation",
        ),  # fmt: skip
        ("examplia-2026-follow-up.json", "give the earlier round as --baseline"),
    ],
)
def test_a_baseline_is_an_earlier_round_of_the_same_entity(baseline, says, tmp_path, capsys):
    current = SAMPLES / ("examplia-2025-baseline.json")
    argv = ["report", str(current), "--baseline", str(SAMPLES / baseline), "--out", str(tmp_path)]
    assert main(argv) == 1
    assert says in capsys.readouterr().err
    assert not list(tmp_path.iterdir())  # nothing written


def test_a_huge_file_is_refused_before_it_is_read(tmp_path, capsys):
    huge = tmp_path / "huge.json"
    with huge.open("wb") as f:  # a sparse 6 GB file: reading it would take minutes and memory
        f.truncate(6 * 1024**3)
    for argv in (["validate", str(huge)], ["score", str(huge)], ["validate", str(huge.with_suffix(".yaml"))]):  # fmt: skip
        if argv[-1].endswith(".yaml"):
            huge.rename(huge.with_suffix(".yaml"))
        assert main(argv) == 1
        assert "6,442,450,944 bytes" in capsys.readouterr().err


def test_a_fifo_given_as_a_file_never_hangs(tmp_path):
    fifo = tmp_path / "answers.json"
    os.mkfifo(fifo)
    done = subprocess.run([sys.executable, "-m", "assessment.cli", "validate", str(fifo)], capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 1 and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["report", str(SAMPLES / "examplia-2025-baseline.json"), "--out", "/proc/gdi-reports"],
        [
            "new",
            "--rubric",
            "gdi-digital-inclusion-2025",
            "--entity",
            "X",
            "--kind",
            "country",
            "-o",
            "/proc/gdi.json",
        ],  # fmt: skip
        [
            "workshop",
            "new",
            "/proc/gdi.sqlite",
            "--rubric",
            "gdi-digital-inclusion-2025",
            "--title",
            "T",
            "--entity",
            "E",
            "--kind",
            "country",
        ],  # fmt: skip
    ],
)
def test_a_folder_that_cannot_be_written_is_a_message(argv, capsys):
    """/proc refuses new files even to root: a real unwritable place, on any Linux machine."""
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "/proc/gdi" in err and "Traceback" not in err and ".tmp" not in err


def _paths(node, path=()):  # noqa: ANN001, ANN202
    """Every key and index inside a plain YAML document, parents first."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()  # fmt: skip
    for key, value in items:
        yield (*path, key)
        yield from _paths(value, (*path, key))


def _path_text(path) -> str:  # noqa: ANN001
    return "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in path).lstrip(".")


@pytest.mark.parametrize("junk", [None, [[1]], {"junk": 1}, True], ids=repr)
def test_one_broken_value_is_one_problem_where_it_is(junk):
    """Break any one value of a valid rubric: every problem reported is about that value.

    No consequence is reported as a second problem: "commitments must not be empty" after an error
    inside one, an action "covered by no criterion" when a criterion's covers was refused, a
    sentence of the source "without a commitment" when that commitment's id was refused.
    """
    import copy

    from ruamel.yaml import YAML

    from assessment.rubric import parse_rubric

    valid = YAML(typ="safe").load((DATA / "rubric-valid-small.yaml").read_text())
    broken_files = 0
    for path in _paths(valid):
        data = copy.deepcopy(valid)
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = junk
        try:
            parse_rubric(data)
        except ProblemsError as exc:
            broken_files += 1
            where = _path_text(path)
            elsewhere = [(p.field, p.code) for p in exc.problems if not (p.field or "").startswith(where)]  # fmt: skip
            assert not elsewhere, f"{where} = {junk!r} also reported {elsewhere}"
    assert broken_files > 100  # the walk really broke the rubric, value by value


def test_terminal_control_characters_are_shown_never_obeyed():

    # an escape (clear screen), a window-title OSC ended by BEL, a C1 CSI, a carriage return that
    # would overwrite the line, and a right-to-left override that reorders what follows
    raw = "Exam\x1b[2Jplia \x1b]0;owned\x07 \x9b31m \rX \u202eabc"
    shown = terminal_text(raw)
    assert shown == "Exam\\u001b[2Jplia \\u001b]0;owned\\u0007 \\u009b31m \\u000dX \\u202eabc"
    # what people write is left alone: Arabic, Chinese, accents, tabs and line breaks
    kept = "وزارة الاتصالات\t数字包容\nCôte d’Ivoire"
    assert terminal_text(kept) == kept


def test_names_with_escape_sequences_print_harmlessly(tmp_path, capfd):
    rubric = (DATA / "rubric-valid-small.yaml").read_text()
    # YAML spells an escape \e and a bell \a inside double quotes
    rubric = rubric.replace("do the first thing", '"do the \\e]0;owned\\afirst\\e[2J thing"')
    path = tmp_path / "r\x1b[31m.yaml"  # a file name can carry one too
    path.write_text(rubric)
    assert main(["validate", str(path)]) == 0
    assert main(["coverage", str(path), "--verbose"]) == 0
    out, err = capfd.readouterr()
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "r\\u001b[31m.yaml" in out
    assert "do the \\u001b]0;owned\\u0007first\\u001b[2J thing" in out
