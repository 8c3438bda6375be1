"""A rubric file of 100,000 nested brackets: too deep to read, never a crash."""


def make(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("format: gdi-rubric/1\nid: " + "[" * 100_000 + "]" * 100_000 + "\n")
    return path
