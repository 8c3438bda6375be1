"""The safe YAML reader refuses tags, anchors, aliases, duplicate keys, binary and empty input."""

from __future__ import annotations

import pytest

from assessment import ProblemsError, load_rubric
from assessment.storage.yamlfile import MAX_BYTES, decode_text, parse_yaml


def problem_list(text: str):
    with pytest.raises(ProblemsError) as info:
        parse_yaml(text, "f.yaml")
    return info.value.problems


def test_lines_are_recorded():
    data, lines = parse_yaml("a: 1\nb:\n  - x\n  - y: 2\n")
    assert data == {"a": 1, "b": ["x", {"y": 2}]}
    assert lines(("b",)) == 2 and lines(("b", 1)) == 4 and lines(("b", 1, "y")) == 4


def test_duplicate_keys_all_reported():
    probs = problem_list("a: 1\na: 2\nb:\n  c: 1\n  c: 2\n")
    assert [(p.code, p.line) for p in probs] == [("duplicate-key", 2), ("duplicate-key", 5)]
    assert "first on line 1" in probs[0].message


def test_alias_bomb_is_refused_without_expanding():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20)
    )
    codes = {p.code for p in problem_list(bomb)}
    assert codes == {"yaml-anchor", "yaml-alias"}


def test_tags_are_refused():
    probs = problem_list("a: !!python/object/apply:os.system ['echo hi']\n")
    assert probs[0].code == "yaml-tag" and "!!python/object/apply:os.system" in probs[0].message


def test_syntax_error_has_line():
    probs = problem_list("a: 1\nb: [1, 2\nc: 3\n")
    assert probs[0].code == "yaml-syntax" and probs[0].line is not None


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_empty(text):
    assert problem_list(text)[0].code == "empty-file"


def test_multiple_documents():
    assert problem_list("a: 1\n---\nb: 2\n")[0].code == "multiple-documents"


def test_binary_and_encoding():
    with pytest.raises(ProblemsError) as info:
        decode_text(b"\x89PNG\r\n\x1a\n\x00\x00", "x.yaml")
    assert info.value.problems[0].code == "binary-file"
    with pytest.raises(ProblemsError) as info:
        decode_text("a: café\n".encode("latin-1"), "x.yaml")
    assert info.value.problems[0].code == "not-utf8"
    assert decode_text("\ufeffa: 1".encode(), "x") == "a: 1"  # a BOM is fine
    with pytest.raises(ProblemsError):
        decode_text(b"a" * (MAX_BYTES + 1), "x")


def test_load_rubric_from_binary_file(tmp_path):
    p = tmp_path / "image.yaml"
    p.write_bytes(bytes(range(256)))
    with pytest.raises(ProblemsError) as info:
        load_rubric(p)
    assert str(info.value).startswith(str(p))
