"""``python -m speech ...``: see ``speech.cli``."""

import sys

from speech.cli import main

sys.exit(main())
