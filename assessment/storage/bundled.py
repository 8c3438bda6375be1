"""Shell: find the files that ship with the toolkit (bundled rubrics, fictional sample data).

An installed wheel carries them inside the package, in ``assessment/bundled/`` (the build backend
maps the repository's top-level ``rubrics/`` and ``sample_data/`` there, so there is one copy of
each file). In a checkout, or an editable install of one, they are the top-level folders.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Literal

__all__ = ["bundled_dir", "package_dir"]

Bundle = Literal["rubrics", "sample_data"]


def package_dir(package: str = "assessment") -> Path:
    """The folder of an installed (sub)package, for data files that sit beside its modules."""
    return Path(str(files(package)))


def bundled_dir(name: Bundle) -> Path:
    """The folder of the bundled ``rubrics`` or ``sample_data`` (it may be missing: a bare copy)."""
    root = package_dir()
    packaged = root / "bundled" / name
    if packaged.is_dir():
        return packaged
    return root.parent / name  # a checkout: the repository's own folder
