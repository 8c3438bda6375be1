"""Shared fixtures: paths and the small hand-checkable rubric."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Validate rubric files afresh in every test (tests/test_rubric_cache.py checks the cache itself).
os.environ["GDI_ASSESS_CACHE"] = "off"

from assessment import Rubric, load_rubric

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def small_rubric() -> Rubric:
    return load_rubric(DATA / "rubric-valid-small.yaml")
