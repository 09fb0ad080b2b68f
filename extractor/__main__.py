"""``python -m extractor`` is the ``extractor`` command."""

import sys

from .cli import main

sys.exit(main())
