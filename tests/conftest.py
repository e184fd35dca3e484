"""Shared fixtures: the bundled knowledge base (loaded once), the fake Bot API, the bot on it,
a Telegram client, and the databases: a SQLite file, or a fresh database on a throwaway
PostgreSQL cluster. Helpers live in ``tests.support``."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from telegram import Bot

from bot.app import BotApplication, build_application, running
from bot.config import bundled_kb_path
from bot.live import LiveKnowledge
from bot.ratelimit import FloodPolicy
from bot.storage import Storage
from bot.transport import make_request
from knowledge.loader import load_knowledge_base
from knowledge.models import KnowledgeBase
from tests.support.app import BotFactory, Runner, bot_settings
from tests.support.fake_bot_api import FakeBotApi
from tests.support.pg_cluster import SKIP_REASON, Cluster, find_bin_dir, running_cluster


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The bundled knowledge base, parsed once for the whole run."""
    return load_knowledge_base(bundled_kb_path().read_bytes())


@pytest.fixture(scope="session")
def live(kb: KnowledgeBase) -> LiveKnowledge:
    """The bundled knowledge base with its search index, built once for the whole run."""
    return LiveKnowledge.of(kb)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A PostgreSQL server for the whole run (started on first use), or a skip."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        pytest.skip(SKIP_REASON)
    with running_cluster(bin_dir) as cluster:
        yield cluster


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> str:
    """The URL of a new, empty PostgreSQL database."""
    return pg_cluster.new_database()


BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    """What ``Storage.open`` takes, once per backend: a SQLite file, then a PostgreSQL URL."""
    if request.param == "postgresql":
        url: str = request.getfixturevalue("pg_url")
        return url
    return tmp_path / "state" / "bot.sqlite3"


@pytest.fixture
async def server() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


@pytest.fixture
def start_bot(server: FakeBotApi, tmp_path: Path, live: LiveKnowledge) -> BotFactory:
    """``async with start_bot() as app:`` runs the real Application, polling the fake server.

    Each call is a fresh Application on the same database file (so a second call is a
    restart); ``knowledge=`` and ``flood=`` override the shared knowledge base and the policy.
    """

    @contextlib.asynccontextmanager
    async def run(
        *, knowledge: LiveKnowledge | None = None, flood: FloodPolicy | None = None
    ) -> AsyncIterator[BotApplication]:
        settings = bot_settings(server, tmp_path / "bot.sqlite3")
        app = build_application(settings, knowledge=knowledge or live, flood=flood)
        async with running(app):
            yield app

    return run


@pytest.fixture
def run_bot(server: FakeBotApi, tmp_path: Path, live: LiveKnowledge) -> Runner:
    """``async with run_bot(send_rate=…) as app:`` the bot on the fake server, with settings
    overridden (the admin is ``ADMIN_ID``)."""

    @contextlib.asynccontextmanager
    async def run(**overrides: Any) -> AsyncIterator[BotApplication]:
        settings = bot_settings(server, tmp_path / "bot.sqlite3", **overrides)
        app = build_application(settings, knowledge=live)
        async with running(app):
            yield app

    return run


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Storage]:
    """The bot's storage on a fresh SQLite file."""
    storage = await Storage.open(tmp_path / "notices.sqlite3")
    yield storage
    await storage.close()


@pytest.fixture
async def bot(server: FakeBotApi) -> AsyncIterator[Bot]:
    """A Telegram client of the fake server, made as the bot makes its own."""
    telegram_bot = Bot(server.token, base_url=server.base_url, request=make_request())
    await telegram_bot.initialize()
    yield telegram_bot
    await telegram_bot.shutdown()


@pytest.fixture
def cli_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The command line's environment for a test: a database in ``tmp_path``, no token, and
    the bundled knowledge base and default health file whatever the machine's settings."""
    for name in ("DELEGATE_BOT_KB", "TELEGRAM_BOT_TOKEN", "DELEGATE_BOT_HEALTH_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DELEGATE_BOT_DB", str(tmp_path / "bot.sqlite3"))
