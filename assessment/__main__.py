"""``python -m assessment``: the same as the ``gdi-assess`` command."""

import sys

from assessment.cli import main

sys.exit(main())
