"""A reader that goes away (`gdi-assess coverage ... | head -1`) is no error of the toolkit."""

from __future__ import annotations

import os
import subprocess
import sys


def test_a_closed_pipe_ends_the_command_quietly():
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone before the first line is written
    try:
        cmd = subprocess.run(
            [sys.executable, "-m", "assessment", "coverage", "gdi-digital-inclusion-2025"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert cmd.returncode == 0, cmd.stderr
    assert "Broken pipe" not in cmd.stderr and "error" not in cmd.stderr.lower()
