"""The application: configuration, the app factory, storage, notices, kb admin, the CLI."""

from __future__ import annotations

import os

# python-telegram-bot 22 gives time periods (``RetryAfter.retry_after`` …) as ints and warns
# that they will become ``datetime.timedelta``; the bot reads both, and takes the coming type
# now, in every process that runs its code (the bot, the console, the CLI, the tests).
os.environ.setdefault("PTB_TIMEDELTA", "1")
