"""A rubric file one byte over the size limit."""

from assessment.storage.yamlfile import MAX_BYTES


def make(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"format: gdi-rubric/1\n" + b"#" * MAX_BYTES + b"\n")
    return path
