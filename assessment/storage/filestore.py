"""An assessment file that a form edits: autosave, and a refusal to overwrite changes made elsewhere.

The form only needs ``load()`` and ``save()`` (see :class:`AssessmentStore`), so the same form can
later write to a shared workshop store instead of a file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path
from typing import Protocol

from assessment.errors import ConflictError
from assessment.responses import Assessment
from assessment.storage.assessments import dumps_assessment, load_assessment
from assessment.storage.atomic import write_atomic

__all__ = ["AssessmentFile", "AssessmentStore", "ConflictError"]


class AssessmentStore(Protocol):
    """Where a form reads and writes one assessment."""

    def load(self) -> Assessment: ...

    def save(self, assessment: Assessment, *, force: bool = False) -> dt.datetime:
        """Write ``assessment``; ``force`` overwrites even if the stored copy changed meanwhile."""
        ...


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


class AssessmentFile:
    """One assessment JSON file, saved atomically; refuses to overwrite a newer file on disk.

    The file's content hash is remembered at each load and save. Before saving, the file on disk
    is hashed again; if it differs (edited in another window, restored from a backup, synced by
    a cloud drive), :class:`ConflictError` is raised and nothing is written.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._known: str | None = None

    def exists(self) -> bool:
        """Whether the file exists."""
        return self.path.exists()

    def load(self) -> Assessment:
        """Read and validate the file, and remember its content for conflict checks."""
        assessment = load_assessment(self.path)
        self._known = _digest(self.path)
        return assessment

    def save(self, assessment: Assessment, *, force: bool = False) -> dt.datetime:
        """Save atomically and return the time saved; ``force`` skips the conflict check."""
        current = _digest(self.path)
        if not force and current is not None and current != self._known:
            modified = dt.datetime.fromtimestamp(self.path.stat().st_mtime)
            raise ConflictError(self.path, modified)
        text = dumps_assessment(assessment)
        write_atomic(self.path, text)
        self._known = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return dt.datetime.now()
