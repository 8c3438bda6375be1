"""Read YAML safely into plain data plus a map of every key's line number.

Refuses what a rubric never needs and an attacker might send: tags, anchors and aliases (alias
bombs), duplicate keys, binary or empty files. Every such problem is reported with its line.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
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

from assessment.errors import Problem, ProblemsError

__all__ = ["MAX_BYTES", "Lines", "decode_text", "parse_yaml"]

MAX_BYTES = 5_000_000

Path = tuple[str | int, ...]


class Lines:
    """Line numbers (1-based) of the keys and items of a parsed YAML document."""

    def __init__(self, table: Mapping[Path, int]) -> None:
        self._table = dict(table)

    def __call__(self, path: Path) -> int | None:
        return self._table.get(tuple(path))


def decode_text(data: bytes, source: str) -> str:
    """Decode a file's bytes as UTF-8 (a BOM is allowed), refusing binary or oversized input."""
    if len(data) > MAX_BYTES:
        raise ProblemsError(
            [
                Problem(
                    "too-large",
                    f"the file is {len(data):,} bytes; the limit is {MAX_BYTES:,}",
                    source,
                )
            ]
        )
    if b"\x00" in data:
        raise ProblemsError(
            [
                Problem(
                    "binary-file",
                    "this is a binary file, not text; choose a UTF-8 text file",
                    source,
                )
            ]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ProblemsError(
            [
                Problem(
                    "not-utf8",
                    "the file is not UTF-8 text; save it as UTF-8 and try again",
                    source,
                    line,
                )
            ]
        ) from None
    return text


def _scan_events(yaml: YAML, text: str, source: str) -> list[Problem]:
    """Walk the event stream (no node is built, so aliases cannot expand) and collect problems."""
    problems: list[Problem] = []
    # Stack of (is_mapping, keys seen, expecting_key) for the open collections.
    stack: list[list[Any]] = []
    for ev in yaml.parse(text):
        line = ev.start_mark.line + 1 if ev.start_mark is not None else None
        if isinstance(ev, AliasEvent):
            problems.append(
                Problem(
                    "yaml-alias",
                    "aliases (*name) are not allowed; write the value out in full",
                    source,
                    line,
                )
            )
        elif isinstance(ev, NodeEvent) and ev.anchor is not None:
            problems.append(
                Problem(
                    "yaml-anchor",
                    "anchors (&name) are not allowed; write each value out in full",
                    source,
                    line,
                )
            )
        if isinstance(ev, (ScalarEvent, CollectionStartEvent)):
            tag = ev.tag
            implicit = getattr(ev, "implicit", (True, True))
            explicit = tag is not None and (
                (isinstance(ev, ScalarEvent) and not implicit[0] and not implicit[1])
                or (isinstance(ev, CollectionStartEvent) and not ev.implicit)
            )
            if explicit:
                problems.append(
                    Problem(
                        "yaml-tag",
                        f"YAML tags such as {str(tag).replace('tag:yaml.org,2002:', '!!')} are not allowed; remove the tag",
                        source,
                        line,
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
                            Problem(
                                "duplicate-key",
                                f'key "{key}" appears twice in the same mapping (first on line {top[1][key]}); keep one',
                                source,
                                line,
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
    return problems


def _plain(node: Any, path: Path, lines: dict[Path, int]) -> Any:
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
        For syntax errors, tags, anchors, aliases, duplicate keys and empty documents.
    """
    if not text.strip():
        raise ProblemsError(
            [
                Problem(
                    "empty-file",
                    "the file is empty; a rubric starts with 'format: gdi-rubric/1'",
                    source,
                    1,
                )
            ]
        )
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = True  # reported by _scan_events with every occurrence
    try:
        problems = _scan_events(yaml, text, source)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = (exc.problem or exc.context or "invalid YAML").strip()
        raise ProblemsError(
            [
                Problem(
                    "yaml-syntax",
                    f"YAML syntax error: {what}; check indentation, colons and quotes",
                    source,
                    line,
                )
            ]
        ) from None
    except YAMLError as exc:
        raise ProblemsError([Problem("yaml-syntax", f"YAML syntax error: {exc}", source)]) from None
    if problems:
        raise ProblemsError(problems)
    try:
        docs = list(yaml.load_all(text))
    except (YAMLError, ValueError, TypeError) as exc:  # e.g. an unparseable date scalar
        raise ProblemsError(
            [Problem("yaml-syntax", f"YAML could not be read: {exc}", source)]
        ) from None
    if not docs:
        raise ProblemsError(
            [
                Problem(
                    "empty-file",
                    "the file holds no data; a rubric starts with 'format: gdi-rubric/1'",
                    source,
                    1,
                )
            ]
        )
    if len(docs) != 1:
        raise ProblemsError(
            [
                Problem(
                    "multiple-documents",
                    f"the file holds {len(docs)} YAML documents; keep exactly one (remove extra '---' lines)",
                    source,
                )
            ]
        )
    table: dict[Path, int] = {}
    data = _plain(docs[0], (), table)
    if data is None:
        raise ProblemsError(
            [
                Problem(
                    "empty-file",
                    "the file holds no data; a rubric starts with 'format: gdi-rubric/1'",
                    source,
                    1,
                )
            ]
        )
    return data, Lines(table)
