"""Shared fixtures: paths and the small hand-checkable rubric."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Validate rubric files afresh in every test (tests/test_rubric_cache.py checks the cache itself).
os.environ["GDI_ASSESS_CACHE"] = "off"
# The list of recent assessments (notebook 01's start panel) goes to a folder of this run, never
# to the settings of the person running the tests.
if "GDI_ASSESS_HOME" not in os.environ:
    import tempfile

    os.environ["GDI_ASSESS_HOME"] = tempfile.mkdtemp(prefix="gdi-assess-home-")

from assessment import Rubric, load_rubric

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def small_rubric() -> Rubric:
    return load_rubric(DATA / "rubric-valid-small.yaml")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Everything under ``tests/browser/`` drives a real server and browser: mark it ``browser``."""
    browser = Path(__file__).resolve().parent / "browser"
    for item in items:
        if item.path.is_relative_to(browser):
            item.add_marker(pytest.mark.browser)
