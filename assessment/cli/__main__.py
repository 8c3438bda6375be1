"""``python -m assessment.cli``: the same as the ``gdi-assess`` command."""

import sys

from assessment.cli import entry

sys.exit(entry())
