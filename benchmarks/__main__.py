"""``python -m benchmarks``: build a synthetic knowledge base and time every analyst view."""

import sys

from .views import main

sys.exit(main())
