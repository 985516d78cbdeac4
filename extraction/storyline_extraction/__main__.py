"""``python -m storyline_extraction``: the ``storyline extract`` command without the service."""

import sys

from storyline_extraction.command import run

sys.exit(run())
