"""Property tests: no input makes a loader fail with anything but the project's own error."""

from __future__ import annotations

import contextlib
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment import GdiError, loads_assessment, loads_responses_csv, loads_rubric
from assessment.storage.yamlfile import decode_text

from .conftest import DATA

SMALL = (DATA / "rubric-valid-small.yaml").read_text(encoding="utf-8")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)


def only_our_errors(fn, *args) -> None:
    with contextlib.suppress(GdiError):
        fn(*args)


@SETTINGS
@given(st.text(max_size=300))
def test_rubric_loader_any_text(text):
    only_our_errors(loads_rubric, text, "x.yaml")


@SETTINGS
@given(st.data())
def test_rubric_loader_mutated_rubric(data):
    # Cut, duplicate or corrupt a slice of a valid rubric: still only project errors.
    lines = SMALL.splitlines(keepends=True)
    i = data.draw(st.integers(0, len(lines) - 1))
    j = data.draw(st.integers(i, min(len(lines), i + 5)))
    junk = data.draw(
        st.sampled_from(
            [
                "",
                "  - x\n",
                ": :\n",
                "\t\n",
                "levels: 5\n",
                "!!binary AAAA\n",
                "*a\n",
                "&a x\n",
                "id: [\n",
            ]
        )
    )
    only_our_errors(loads_rubric, "".join(lines[:i]) + junk + "".join(lines[j:]), "x.yaml")


@SETTINGS
@given(json_values)
def test_rubric_loader_any_structure(value):
    only_our_errors(loads_rubric, json.dumps(value), "x.yaml")


@SETTINGS
@given(st.binary(max_size=200))
def test_decoding_any_bytes(raw):
    only_our_errors(decode_text, raw, "x")


@SETTINGS
@given(json_values)
def test_assessment_loader_any_json(value):
    only_our_errors(loads_assessment, json.dumps(value), "x.json")


@SETTINGS
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "format",
                "entity",
                "date",
                "round",
                "rubric",
                "responses",
                "respondents",
                "targets",
                "default_target",
            ]
        ),
        json_values,
        max_size=9,
    )
)
def test_assessment_loader_assessment_like(value):
    value = {"format": "gdi-assessment/1", **value}
    only_our_errors(loads_assessment, json.dumps(value), "x.json")


@SETTINGS
@given(st.text(max_size=300))
def test_assessment_loader_any_text(text):
    only_our_errors(loads_assessment, text, "x.json")


@SETTINGS
@given(st.lists(st.lists(st.text(max_size=12), max_size=6), max_size=6))
def test_csv_loader_any_cells(rows):
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf).writerows(
        [["criterion", "respondent", "status", "level", "target", "answered_at"], *rows]
    )
    only_our_errors(loads_responses_csv, buf.getvalue(), "x.csv")


@SETTINGS
@given(st.text(max_size=300))
def test_csv_loader_any_text(text):
    only_our_errors(loads_responses_csv, text, "x.csv")
