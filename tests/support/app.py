"""The bot under test on the fake Bot API: its settings, its admin, and the types of the
conftest fixtures that start it (``start_bot``, ``run_bot``)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.app import BotApplication
from bot.config import Settings
from bot.storage import Storage
from tests.support.fake_bot_api import FakeBotApi

ADMIN_ID = 900001

#: ``async with start_bot(knowledge=…, flood=…) as app:`` (see conftest)
BotFactory = Callable[..., contextlib.AbstractAsyncContextManager[BotApplication]]
#: ``async with run_bot(send_rate=…) as app:``, settings overridden (see conftest)
Runner = Callable[..., contextlib.AbstractAsyncContextManager[BotApplication]]


def bot_settings(server: FakeBotApi, db_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "telegram_token": server.token,
        "api_base_url": server.base_url,
        "api_file_url": server.base_file_url,
        "db_path": db_path,
        "admins": frozenset({ADMIN_ID}),
    }
    values.update(overrides)
    return Settings(**values)


def store_of(app: BotApplication) -> Storage:
    store = app.bot_data.store
    assert store is not None
    return store
