"""The two database backends behind :class:`bot.storage.Storage`: SQLite and PostgreSQL.

A backend runs single statements written with ``?`` placeholders and returns rows that are
read by column name (``row["id"]``). It knows nothing of the bot's tables; the areas of the
storage hold every statement. The dialect differences the areas must spell out are few and
named in :class:`Dialect`; the schema's are in :mod:`bot.storage.schema`.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import urllib.parse
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import aiosqlite
import asyncpg

from bot.storage.errors import DatabaseError, StorageClosedError

#: A result row, read by column name: ``sqlite3.Row`` or ``asyncpg.Record``.
Row = Any
DialectName = Literal["sqlite", "postgresql"]

POSTGRESQL_SCHEMES = ("postgresql", "postgres")


def is_postgresql_url(target: object) -> bool:
    """True for ``postgresql://…`` or ``postgres://…`` (what selects the PostgreSQL backend)."""
    if not isinstance(target, str):
        return False
    scheme, sep, _ = target.partition("://")
    return bool(sep) and scheme.lower() in POSTGRESQL_SCHEMES


def masked_url(url: str) -> str:
    """The URL with its password (if any) replaced by ``***``, for messages and logs."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


class Dialect:
    """What differs between the two SQL dialects in the areas' statements, written out."""

    def __init__(self, name: DialectName) -> None:
        self.name = name
        postgres = name == "postgresql"
        #: Appended to a SELECT that reads a row it is about to change, so another process
        #: waits for this transaction instead of acting on the same row (SQLite's BEGIN
        #: IMMEDIATE already lets one writer in at a time).
        self.for_update = " FOR UPDATE" if postgres else ""
        #: Claim rows nobody else has locked (PostgreSQL); SQLite has one writer at a time.
        self.skip_locked = " FOR UPDATE SKIP LOCKED" if postgres else ""

    def nocase_equals(self, column: str) -> str:
        """``column`` equals the parameter, ignoring ASCII case (Telegram usernames)."""
        if self.name == "postgresql":
            return f"lower({column}) = lower(?)"
        return f"{column} = ? COLLATE NOCASE"

    def distinct_list(self, column: str) -> str:
        """The distinct values of ``column`` in a group, comma-separated."""
        if self.name == "postgresql":
            return f"string_agg(DISTINCT {column}, ',')"
        return f"GROUP_CONCAT(DISTINCT {column})"


class Backend:
    """One connection; statements run one at a time (the Storage's lock sees to it)."""

    dialect: Dialect
    #: Where the data is, for messages: the file, or the URL without its password.
    location: str

    async def execute(self, sql: str, params: Sequence[object] = ()) -> int:
        raise NotImplementedError

    async def insert(self, sql: str, params: Sequence[object]) -> int:
        raise NotImplementedError

    async def rows(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        raise NotImplementedError

    async def execute_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        raise NotImplementedError

    async def begin(self) -> None:
        raise NotImplementedError

    @property
    def in_transaction(self) -> bool:
        raise NotImplementedError

    async def rollback_quietly(self) -> None:
        raise NotImplementedError

    async def close(self) -> None:
        raise NotImplementedError


class SqliteBackend(Backend):
    def __init__(self, db: aiosqlite.Connection, path: Path) -> None:
        self.raw: aiosqlite.Connection | None = db
        self.path = path
        self.location = str(path)
        self.dialect = Dialect("sqlite")

    def connection(self) -> aiosqlite.Connection:
        if self.raw is None:
            raise StorageClosedError(f"{self.location}: the storage is closed")
        return self.raw

    async def execute(self, sql: str, params: Sequence[object] = ()) -> int:
        try:
            cursor = await self.connection().execute(sql, params)
            try:
                return cursor.rowcount
            finally:
                await cursor.close()
        except sqlite3.Error as exc:
            raise DatabaseError(f"{self.location}: {exc}") from exc

    async def insert(self, sql: str, params: Sequence[object]) -> int:
        try:
            cursor = await self.connection().execute(sql, params)
            try:
                row_id = cursor.lastrowid
            finally:
                await cursor.close()
        except sqlite3.Error as exc:
            raise DatabaseError(f"{self.location}: {exc}") from exc
        assert row_id is not None  # an INSERT always sets it
        return row_id

    async def rows(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        try:
            return list(await self.connection().execute_fetchall(sql, params))
        except sqlite3.Error as exc:
            raise DatabaseError(f"{self.location}: {exc}") from exc

    async def execute_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        try:
            cursor = await self.connection().executemany(sql, rows)
            await cursor.close()
        except sqlite3.Error as exc:
            raise DatabaseError(f"{self.location}: {exc}") from exc

    async def begin(self) -> None:
        # IMMEDIATE: the write lock is taken up front (no upgrade deadlock with another process).
        await self.execute("BEGIN IMMEDIATE")

    @property
    def in_transaction(self) -> bool:
        return self.raw is not None and self.raw.in_transaction

    async def rollback_quietly(self) -> None:
        if self.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                await self.connection().execute("ROLLBACK")

    async def close(self) -> None:
        db, self.raw = self.raw, None
        if db is not None:
            await db.close()


_PLACEHOLDER_RE = re.compile(r"\?")


def postgres_placeholders(sql: str) -> str:
    """``?`` → ``$1``, ``$2``, … (no statement of the storage has a ``?`` inside a literal)."""
    counter = iter(range(1, 10_000))
    return _PLACEHOLDER_RE.sub(lambda _: f"${next(counter)}", sql)


def _changed(status: str) -> int:
    """Rows changed, from a status such as ``UPDATE 3`` or ``INSERT 0 1``."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


class PostgresBackend(Backend):
    def __init__(self, conn: asyncpg.Connection, url: str) -> None:
        self.raw: asyncpg.Connection | None = conn
        self.url = url
        self.location = masked_url(url)
        self.dialect = Dialect("postgresql")

    @classmethod
    async def connect(cls, url: str) -> PostgresBackend:
        try:
            conn = await asyncpg.connect(url, timeout=10)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            raise DatabaseError(f"{masked_url(url)}: cannot open the database: {exc}") from exc
        return cls(conn, url)

    def connection(self) -> asyncpg.Connection:
        if self.raw is None:
            raise StorageClosedError(f"{self.location}: the storage is closed")
        return self.raw

    def _error(self, exc: Exception) -> DatabaseError:
        return DatabaseError(f"{self.location}: {exc}")

    async def execute(self, sql: str, params: Sequence[object] = ()) -> int:
        try:
            status = await self.connection().execute(postgres_placeholders(sql), *params)
        except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as exc:
            raise self._error(exc) from exc
        return _changed(str(status))

    async def insert(self, sql: str, params: Sequence[object]) -> int:
        try:
            row_id = await self.connection().fetchval(
                postgres_placeholders(sql) + " RETURNING id", *params
            )
        except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as exc:
            raise self._error(exc) from exc
        return int(row_id)

    async def rows(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        try:
            return list(await self.connection().fetch(postgres_placeholders(sql), *params))
        except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as exc:
            raise self._error(exc) from exc

    async def execute_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        try:
            await self.connection().executemany(postgres_placeholders(sql), rows)
        except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as exc:
            raise self._error(exc) from exc

    async def begin(self) -> None:
        await self.execute("BEGIN")

    @property
    def in_transaction(self) -> bool:
        return self.raw is not None and not self.raw.is_closed() and self.raw.is_in_transaction()

    async def rollback_quietly(self) -> None:
        if self.in_transaction:
            with contextlib.suppress(asyncpg.PostgresError, asyncpg.InterfaceError, OSError):
                await self.connection().execute("ROLLBACK")

    async def close(self) -> None:
        conn, self.raw = self.raw, None
        if conn is not None:
            with contextlib.suppress(asyncpg.PostgresError, asyncpg.InterfaceError, OSError):
                await conn.close(timeout=5)


def ping_postgres(url: str) -> str | None:
    """None when the server answers a query within 5 seconds, else a line saying why not (for
    ``delegate-bot health``, which runs outside any event loop)."""
    import asyncio

    async def ping() -> None:
        conn = await asyncpg.connect(url, timeout=5)
        try:
            await conn.fetchval("SELECT 1")
        finally:
            await conn.close()

    try:
        asyncio.run(asyncio.wait_for(ping(), 5))
    except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        return f"database: cannot reach {masked_url(url)}: {exc}"
    return None
