"""``python -m stance``: see :mod:`stance.cli`."""

import sys

from .cli import main

sys.exit(main())
