"""Shared fixtures: the bundled knowledge base (loaded once), a bot on the fake Bot API, and
the databases: a SQLite file, or a fresh database on a throwaway PostgreSQL cluster."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import BotApplication, build_application, running
from bot.config import Settings, bundled_kb_path
from bot.live import LiveKnowledge
from bot.ratelimit import FloodPolicy
from knowledge.loader import load_knowledge_base
from knowledge.models import KnowledgeBase
from tests.fake_bot_api import FakeBotApi
from tests.pg_cluster import SKIP_REASON, Cluster, find_bin_dir, running_cluster

ADMIN_ID = 900001


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


BotFactory = Callable[..., contextlib.AbstractAsyncContextManager[BotApplication]]


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
