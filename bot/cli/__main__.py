"""``python -m bot.cli`` is the same as the ``delegate-bot`` command."""

from __future__ import annotations

import sys

from bot.cli import main

sys.exit(main())
