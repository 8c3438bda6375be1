"""Read YAML safely into plain data plus a map of every key's line number.

Refuses what a rubric never needs and an attacker might send: tags, anchors and aliases (alias
bombs), duplicate keys, binary or empty files. Every such problem is reported with its line.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from assessment.errors import Problem, ProblemsError
from assessment.problems import problem, problem_with

if TYPE_CHECKING:
    from ruamel.yaml import YAML

__all__ = ["MAX_BYTES", "Lines", "decode_text", "parse_yaml"]

MAX_BYTES = 5_000_000

Path = tuple[str | int, ...]


class Lines:
    """Line numbers (1-based) of the keys and items of a parsed YAML document."""

    def __init__(self, table: Mapping[Path, int]) -> None:
        self._table = dict(table)

    def __call__(self, path: Path) -> int | None:
        return self._table.get(tuple(path))


def read_bounded(path: os.PathLike[str] | str, source: str | None = None) -> bytes:
    """A file's bytes, its size checked first: a huge file is refused before it is read.

    Raises ``OSError`` as reading does (the callers word those), :class:`ProblemsError` for a
    file over :data:`MAX_BYTES` or one that is not a regular file (a FIFO would block forever).
    """
    import stat

    name = source or str(path)
    info = os.stat(path)
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(21, "Is a directory", str(path))
    if not stat.S_ISREG(info.st_mode):
        raise ProblemsError([problem("binary-file", source=name)])
    if info.st_size > MAX_BYTES:
        raise ProblemsError([problem("too-large", source=name, size=info.st_size, limit=MAX_BYTES)])
    with open(path, "rb") as f:
        data = f.read(MAX_BYTES + 1)  # a file that grew meanwhile is still cut off here
    if len(data) > MAX_BYTES:
        raise ProblemsError([problem("too-large", source=name, size=len(data), limit=MAX_BYTES)])
    return data


def decode_text(data: bytes, source: str) -> str:
    """Decode a file's bytes as UTF-8 (a BOM is allowed), refusing binary or oversized input."""
    if len(data) > MAX_BYTES:
        raise ProblemsError([problem("too-large", source=source, size=len(data), limit=MAX_BYTES)])
    if b"\x00" in data:
        raise ProblemsError([problem("binary-file", source=source)])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ProblemsError([problem("not-utf8", source=source, line=line)]) from None
    return text


def _scan_events(yaml: YAML, text: str, source: str) -> list[Problem]:
    """Walk the event stream (no node is built, so aliases cannot expand) and collect problems."""
    from ruamel.yaml.events import (
        AliasEvent,
        CollectionStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        NodeEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )

    problems: list[Problem] = []
    # Stack of (is_mapping, keys seen, expecting_key) for the open collections.
    stack: list[list[Any]] = []
    for ev in yaml.parse(text):
        line = ev.start_mark.line + 1 if ev.start_mark is not None else None
        if isinstance(ev, AliasEvent):
            problems.append(problem("yaml-alias", source=source, line=line, count=1))
        elif isinstance(ev, NodeEvent) and ev.anchor is not None:
            problems.append(problem("yaml-anchor", source=source, line=line, count=1))
        if isinstance(ev, (ScalarEvent, CollectionStartEvent)):
            tag = ev.tag
            implicit = getattr(ev, "implicit", (True, True))
            explicit = tag is not None and (
                (isinstance(ev, ScalarEvent) and not implicit[0] and not implicit[1])
                or (isinstance(ev, CollectionStartEvent) and not ev.implicit)
            )
            if explicit:
                problems.append(
                    problem(
                        "yaml-tag",
                        source=source,
                        line=line,
                        tag=str(tag).replace("tag:yaml.org,2002:", "!!"),
                        count=1,
                    )
                )
        # duplicate-key detection
        if isinstance(ev, (ScalarEvent, AliasEvent, CollectionStartEvent)) and stack:
            top = stack[-1]
            if top[0]:
                if top[2]:
                    key = ev.value if isinstance(ev, ScalarEvent) else None
                    if key is not None and key in top[1]:
                        problems.append(
                            problem(
                                "duplicate-key",
                                source=source,
                                line=line,
                                key=key,
                                first=top[1][key],
                            )
                        )
                    elif key is not None:
                        top[1][key] = line
                top[2] = not top[2]
        if isinstance(ev, MappingStartEvent):
            stack.append([True, {}, True])
        elif isinstance(ev, SequenceStartEvent):
            stack.append([False, {}, True])
        elif isinstance(ev, (MappingEndEvent, SequenceEndEvent)):
            stack.pop()
    return _one_per_kind(problems)


_COUNTED = ("yaml-alias", "yaml-anchor", "yaml-tag")


def _one_per_kind(problems: list[Problem]) -> list[Problem]:
    """One line for each kind of refused construct (an alias bomb would print hundreds)."""
    counts = {code: sum(p.code == code for p in problems) for code in _COUNTED}
    out: list[Problem] = []
    for p in problems:
        if p.code not in _COUNTED:
            out.append(p)
        elif not any(q.code == p.code for q in out):
            params = {**p.params, "count": counts[p.code]}
            out.append(problem_with(p.code, params, source=p.source, line=p.line, field=p.field))
    return out


def _plain(node: Any, path: Path, lines: dict[Path, int]) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        out = {}
        for k, v in node.items():
            with contextlib.suppress(KeyError, TypeError, AttributeError):
                lines[path + (k,)] = node.lc.key(k)[0] + 1
            out[k] = _plain(v, path + (k,), lines)
        return out
    if isinstance(node, CommentedSeq):
        out_list = []
        for i, v in enumerate(node):
            with contextlib.suppress(KeyError, TypeError, AttributeError):
                lines[path + (i,)] = node.lc.item(i)[0] + 1
            out_list.append(_plain(v, path + (i,), lines))
        return out_list
    if isinstance(node, str):
        return str(node)  # drop ruamel's scalar string subclasses
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


def parse_yaml(text: str, source: str = "<string>") -> tuple[Any, Lines]:
    """Parse YAML text into plain Python data and its :class:`Lines`.

    Raises
    ------
    ProblemsError
        For syntax errors, tags, anchors, aliases, duplicate keys, empty documents and nesting
        too deep to read.
    """
    if _flow_depth(text) > MAX_DEPTH:  # the parser would take minutes, then run out of stack
        raise ProblemsError([problem("yaml-too-deep", source=source)])
    try:
        return _parse_yaml(text, source)
    except RecursionError:  # deep nesting of another kind: a plain message, never a crash
        raise ProblemsError([problem("yaml-too-deep", source=source)]) from None


#: Nesting deeper than this is no rubric (they nest about six levels).
MAX_DEPTH = 100


def _flow_depth(text: str) -> int:
    """How deep ``[`` and ``{`` nest outside quotes and comments (one pass, no parsing)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:  # the common case: cannot be deeper
        return 0
    depth = deepest = 0
    quote = ""
    comment = False
    for ch in text:
        if comment:
            comment = ch != "\n"
        elif quote:
            quote = "" if ch == quote or ch == "\n" else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            comment = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(0, depth - 1)
    return deepest


def _parse_yaml(text: str, source: str) -> tuple[Any, Lines]:
    if not text.strip():
        raise ProblemsError([problem("empty-file", source=source, line=1)])
    # imported here: reading a cached rubric or a JSON assessment never needs the YAML parser
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = True  # reported by _scan_events with every occurrence
    try:
        problems = _scan_events(yaml, text, source)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = (exc.problem or exc.context or "invalid YAML").strip()
        raise ProblemsError(
            [problem("yaml-syntax", source=source, line=line, detail=what)]
        ) from None
    except YAMLError as exc:
        raise ProblemsError([problem("yaml-syntax", source=source, detail=exc)]) from None
    if problems:
        raise ProblemsError(problems)
    try:
        docs = list(yaml.load_all(text))
    except (YAMLError, ValueError, TypeError) as exc:  # e.g. an unparseable date scalar
        raise ProblemsError([problem("yaml-syntax", source=source, detail=exc)]) from None
    if not docs:
        raise ProblemsError([problem("empty-file", source=source, line=1)])
    if len(docs) != 1:
        raise ProblemsError([problem("multiple-documents", source=source, count=len(docs))])
    table: dict[Path, int] = {}
    data = _plain(docs[0], (), table)
    if data is None:
        raise ProblemsError([problem("empty-file", source=source, line=1)])
    return data, Lines(table)
