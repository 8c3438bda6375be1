"""Shared fixtures: paths and the small hand-checkable rubric."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment import Rubric, load_rubric

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def small_rubric() -> Rubric:
    return load_rubric(DATA / "rubric-valid-small.yaml")
