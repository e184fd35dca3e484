"""The connection, its transactions and the helpers every storage area uses."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import aiosqlite

from bot.storage.backends import (
    Backend,
    Dialect,
    PostgresBackend,
    Row,
    SqliteBackend,
    is_postgresql_url,
)
from bot.storage.common import (
    Clock,
    _time_to_text,
    _utc_now,
)
from bot.storage.errors import (
    DatabaseError,
    StorageClosedError,
    StorageError,
)
from bot.storage.schema import MIGRATIONS, _migrate, migrate_postgres


class StorageBase:
    """The connection, its transactions and the statement helpers every area builds on."""

    def __init__(self, backend: Backend, clock: Clock) -> None:
        self._backend = backend
        self._closed = False
        #: The SQLite file; for PostgreSQL, the URL without its password (a label, no file).
        self.path = Path(backend.location)
        self.location = backend.location
        self.dialect: Dialect = backend.dialect
        self._clock = clock
        self._lock = asyncio.Lock()
        self._tx_owner: asyncio.Task[Any] | None = None
        self._savepoints = 0

    # == Lifecycle ===============================================================================

    @classmethod
    async def open(
        cls,
        path: str | os.PathLike[str],
        *,
        clock: Clock = _utc_now,
        migrations: Sequence[Sequence[str]] = MIGRATIONS,
    ) -> Self:
        """Open and migrate the database at ``path``: a SQLite file (created with its folder if
        needed) or a ``postgresql://`` URL.

        ``clock`` returns the current aware time (tests pass a fixed one); ``migrations``
        defaults to this module's list.
        """
        if is_postgresql_url(path):
            assert isinstance(path, str)
            backend = await PostgresBackend.connect(path)
            try:
                await migrate_postgres(backend.connection(), backend.location, migrations)
            except BaseException as exc:
                await backend.close()
                if isinstance(exc, StorageError):
                    raise
                if isinstance(exc, Exception):
                    raise DatabaseError(
                        f"{backend.location}: cannot open the database: {exc}"
                    ) from exc
                raise
            return cls(backend, clock)
        return cls(await _open_sqlite(Path(path), str(path), migrations), clock)

    async def close(self) -> None:
        """Close the connection; waits for another task's open transaction. Idempotent."""
        if self._closed:
            return
        if self._tx_owner is not None and self._tx_owner is asyncio.current_task():
            raise StorageError("close() called inside a transaction")
        async with self._lock:
            self._closed = True
            await self._backend.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # == Transactions and statement helpers ======================================================

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """All statements of the block commit together, or none does if it raises.

        On SQLite, ``BEGIN IMMEDIATE`` takes the write lock up front (no upgrade deadlock with
        another process). Nested blocks in the same task become savepoints.
        """
        if self._owns_transaction():
            async with self._savepoint():
                yield
            return
        async with self._lock:
            await self._connection().begin()
            self._tx_owner = asyncio.current_task()
            try:
                yield
            except BaseException:
                await self._rollback_quietly()
                raise
            else:
                try:
                    await self._execute("COMMIT")
                except BaseException:
                    await self._rollback_quietly()
                    raise
            finally:
                self._tx_owner = None

    @contextlib.asynccontextmanager
    async def serialized(self, name: str) -> AsyncIterator[None]:
        """A :meth:`transaction` that no other process runs under the same ``name`` at the
        same time (e.g. bringing the reminders in step: two processes starting together must
        not both create the missing ones). SQLite's write lock serialises every transaction
        already; PostgreSQL takes an advisory lock held until the transaction ends."""
        async with self.transaction():
            if self.dialect.name == "postgresql":
                await self._rows("SELECT pg_advisory_xact_lock(hashtext(?))", (name,))
            yield

    def _owns_transaction(self) -> bool:
        return self._tx_owner is not None and self._tx_owner is asyncio.current_task()

    @contextlib.asynccontextmanager
    async def _savepoint(self) -> AsyncIterator[None]:
        self._savepoints += 1
        name = f"nested_{self._savepoints}"
        await self._execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            await self._execute(f"ROLLBACK TO {name}")
            await self._execute(f"RELEASE {name}")
            raise
        else:
            await self._execute(f"RELEASE {name}")
        finally:
            self._savepoints -= 1

    async def _rollback_quietly(self) -> None:
        if not self._closed:
            await self._backend.rollback_quietly()

    @contextlib.asynccontextmanager
    async def _exclusive(self) -> AsyncIterator[None]:
        """Run outside any other task's transaction (and inside our own, if we hold one)."""
        if self._owns_transaction():
            yield
            return
        async with self._lock:
            yield

    def _connection(self) -> Backend:
        if self._closed:
            raise StorageClosedError(f"{self.location}: the storage is closed")
        return self._backend

    async def _execute(self, sql: str, params: Sequence[object] = ()) -> int:
        """Run one statement; the number of rows it changed."""
        return await self._connection().execute(sql, params)

    async def _insert(self, sql: str, params: Sequence[object]) -> int:
        """Run one INSERT into a table with an ``id`` counter; the new row's id."""
        return await self._connection().insert(sql, params)

    async def _rows(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        return await self._connection().rows(sql, params)

    async def _row(self, sql: str, params: Sequence[object] = ()) -> Row | None:
        rows = await self._rows(sql, params)
        return rows[0] if rows else None

    def _now(self) -> str:
        return _time_to_text(self._clock())

    async def _execute_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        if rows:
            await self._connection().execute_many(sql, rows)


async def _open_sqlite(
    file: Path, given: str, migrations: Sequence[Sequence[str]]
) -> SqliteBackend:
    if given != ":memory:":
        file.parent.mkdir(parents=True, exist_ok=True)
    try:
        # isolation_level=None: no implicit transactions; ``transaction()`` issues BEGIN.
        db = await aiosqlite.connect(file, isolation_level=None)
    except sqlite3.Error as exc:
        raise DatabaseError(f"{file}: cannot open the database: {exc}") from exc
    try:
        db.row_factory = sqlite3.Row
        for pragma in (
            "PRAGMA journal_mode = WAL",
            "PRAGMA busy_timeout = 5000",
            "PRAGMA foreign_keys = ON",
            "PRAGMA synchronous = NORMAL",
        ):
            await db.execute(pragma)
        await _migrate(db, file, migrations)
    except BaseException as exc:
        await db.close()
        if isinstance(exc, sqlite3.Error):
            raise DatabaseError(f"{file}: cannot open the database: {exc}") from exc
        raise
    return SqliteBackend(db, file)
