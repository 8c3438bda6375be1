"""Problems as data, and the one exception family the toolkit raises for bad input.

Exception tree (the CLI and the widgets catch :class:`GdiError` and show its message, in the
person's language through :meth:`GdiError.in_language`)::

    GdiError                    anything a user can fix; never shown as a traceback
    ├── ProblemsError           one or more located :class:`Problem` records (a file that fails checks)
    │   └── RubricMismatchError an assessment made with another rubric or rubric version
    ├── UsageError              the toolkit was called the wrong way (bad option, missing file)
    ├── ConflictError           a file changed on disk since it was loaded (saving would overwrite it)
    ├── WorkshopBusyError       a workshop file stayed locked by other writers past the retry budget
    └── RenderError             the PDF could not be built (a character no font has, a template bug)

Validation code (``check_*``) returns a list of problems and never raises; loaders collect every
problem of a file and raise one :class:`ProblemsError`, so an author fixes a file in one pass.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    import datetime as dt

__all__ = [
    "ConflictError",
    "GdiError",
    "Problem",
    "ProblemsError",
    "RenderError",
    "RubricMismatchError",
    "UsageError",
    "WorkshopBusyError",
]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input, located as precisely as the input allows.

    Parameters
    ----------
    code
        Stable kebab-case code, e.g. ``duplicate-criterion-id``.
    message
        What is wrong and what would be valid, in plain language.
    source
        File name (or ``<string>``) the problem was found in.
    line
        1-based line (YAML/JSON) or row (CSV, counting the header as row 1), when known.
    field
        Dotted path to the field, e.g. ``pillars[2].commitments[0].criteria[1].levels``.
    hint
        How to fix it, naming what would be valid (shown after the message).
    params
        The fields the catalogue's templates were filled with, so the text can be rendered again
        (in another language, say) from ``code`` and ``params`` alone.

    Build problems with :func:`assessment.problems.problem`, which takes the message and hint of
    each code from the catalogue.
    """

    code: str
    message: str
    source: str = "<input>"
    line: int | None = None
    field: str = ""
    hint: str = ""
    params: Mapping[str, object] = dataclasses.field(
        default_factory=dict, compare=False, hash=False
    )

    @property
    def text(self) -> str:
        """The message and the hint, as a person reads them."""
        return f"{self.message}; {self.hint}" if self.hint else self.message

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.text}"


class GdiError(Exception):
    """Base class of every error caused by user input; its message is meant for people.

    Build one with :meth:`keyed` so that it can be told in any language: its message is then
    the English text of an interface key of :data:`assessment.text.UI_TEXT`, and ``key`` and
    ``values`` let :meth:`in_language` tell it again in another language.
    """

    def __init__(
        self, *args: object, key: str | None = None, values: Mapping[str, object] | None = None
    ) -> None:
        super().__init__(*args)
        #: the interface text the message says (None: a message in English only)
        self.key = key
        #: the values the text was filled with
        self.values: dict[str, object] = dict(values or {})

    @classmethod
    def keyed(cls, key: str, /, **values: object) -> Self:
        """The error that says the interface text ``key`` with ``values`` (its message in
        English): ``UsageError.keyed("error_no_such_file", path=p)``.

        A value may be another :class:`GdiError` (told in the same language) or a sequence of
        :class:`Problem` (their messages, joined with ``; ``).
        """
        return cls(_told(key, "en", values), key=key, values=values)

    def in_language(self, lang: str) -> str:
        """The message in ``lang`` (English where it has no translation, or no key)."""
        if self.key is None:
            return str(self)
        try:
            return _told(self.key, lang, self.values)
        except (KeyError, IndexError, ValueError, GdiError):
            return str(self)  # a translation that lost a placeholder, a catalogue that is damaged


def _told(key: str, lang: str, values: Mapping[str, object]) -> str:
    """The interface text ``key`` in ``lang`` with ``values`` filled, each told in ``lang``."""
    from assessment.text import ui_text

    return ui_text(key, lang, **{name: _value(v, lang, name) for name, v in values.items()})


#: fields of a message that hold a kind of entity, an English word the catalogues translate
_KIND_FIELDS = frozenset({"kind", "kind1", "kind2"})


def _value(value: object, lang: str, name: str = "") -> object:
    if name in _KIND_FIELDS and value in ("country", "organisation"):
        from assessment.text import catalogue_text

        return catalogue_text(f"word_{value}", lang) or value
    if isinstance(value, GdiError):
        return value.in_language(lang)
    if isinstance(value, tuple | list) and value and all(isinstance(v, Problem) for v in value):
        from assessment.problems import localised

        return "; ".join(localised(p, lang).message for p in value)
    return value


class UsageError(GdiError):
    """The toolkit was called the wrong way: a missing file, a bad option value."""


class ProblemsError(GdiError):
    """An input failed its checks; ``problems`` lists every problem found, in file order."""

    def __init__(
        self,
        problems: Iterable[Problem],
        summary: str | None = None,
        *,
        summary_key: str | None = None,
        source: str = "",
    ) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("ProblemsError needs at least one problem")
        n = len(self.problems)
        head = summary or (f"{self.problems[0].source}: {n} problem{'s' if n != 1 else ''} found")
        self.summary = head
        #: the interface's plural message that says ``summary`` (with ``source`` and the count),
        #: so the summary can be told again in another language
        self.summary_key = summary_key or ("problems_found" if summary is None else None)
        self.source = source or self.problems[0].source
        super().__init__(head + "\n" + "\n".join(str(p) for p in self.problems))

    def in_language(self, lang: str) -> str:
        """The summary and every problem in ``lang``, where the catalogues translate them."""
        from assessment.problems import localised
        from assessment.text import PLURAL_TEXT, base_language, ui_plural

        if base_language(lang) == "en":
            return str(self)
        try:
            key = self.summary_key
            n = len(self.problems)
            head = (
                ui_plural(key, n, lang, source=self.source) if key in PLURAL_TEXT else self.summary
            )
            return str(ProblemsError([localised(p, lang) for p in self.problems], head))
        except (KeyError, IndexError, ValueError, GdiError):
            return str(self)


class RubricMismatchError(ProblemsError):
    """An assessment refers to a different rubric, version or rubric content than the one given."""


class ConflictError(GdiError):
    """The file changed on disk since it was loaded: saving would overwrite someone's work."""

    def __init__(self, path: Path, modified: dt.datetime) -> None:
        self.path = path
        self.modified = modified
        values = {"path": str(path), "time": f"{modified:%H:%M:%S}"}
        super().__init__(_told("error_conflict", "en", values), key="error_conflict", values=values)


class WorkshopBusyError(GdiError):
    """The database stayed locked by other writers for longer than the retry budget."""


class RenderError(GdiError):
    """Typst could not build the PDF (a bug in the template, or a character no bundled font has)."""
