"""The bot's SQLite database: every SQL statement of the project lives in this module.

One :class:`Storage` wraps one aiosqlite connection. Its methods are named for what the bot
means to do (``subscribe``, ``active_kb_version``, …) and return plain frozen dataclasses or
built-in values, never rows. Times are stored as UTC ISO-8601 text and returned as aware
datetimes.

    store = await Storage.open("data/delegate-bot.sqlite3")
    async with store.transaction():          # several statements, all or nothing
        await store.grant_role(42, "admin", granted_by=None)
        await store.audit(None, "role.grant", "42 admin")
    await store.close()

Concurrency: statements run one at a time on the connection's worker thread. A
:meth:`Storage.transaction` belongs to the task that opened it: other tasks' calls wait until it
ends, calls from the same task join it (nested blocks become savepoints). Inside a transaction,
do not await another task that uses the same Storage — it would wait for you forever.

Schema: ``MIGRATIONS`` is an ordered list; the file's ``PRAGMA user_version`` says how many are
applied. :meth:`Storage.open` applies the missing ones, each in its own transaction, and refuses
a file written by a newer program. A new feature appends a migration (never edits a shipped
one) and adds its functions in a new section below.

Exceptions::

    StorageError                 root: catch this to handle any storage failure
    ├── SchemaTooNewError        the file's schema is newer than this program knows
    ├── MigrationError           a migration failed; the file stays at the previous version
    ├── RecordNotFoundError      an id names nothing (e.g. activating an unknown KB version)
    ├── StorageClosedError       the Storage was used after close()
    └── DatabaseError            SQLite refused a statement (locked, full disk, corrupt file…)

Arguments of the wrong kind (an unknown language or role, a limit below 1) raise ``ValueError``:
they are programming errors, not storage failures.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import re
import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, get_args

import aiosqlite

__all__ = [
    "LANGUAGES",
    "MIGRATIONS",
    "ROLES",
    "SCHEMA_VERSION",
    "TOPIC_ALL",
    "AuditEntry",
    "DatabaseError",
    "KbVersion",
    "Language",
    "MigrationError",
    "Preferences",
    "RecordNotFoundError",
    "Role",
    "RoleGrant",
    "SchemaTooNewError",
    "Storage",
    "StorageClosedError",
    "StorageError",
]


# == Errors ======================================================================================


class StorageError(Exception):
    """Root of every error this module raises on purpose."""


class SchemaTooNewError(StorageError):
    """The database was written by a newer version of the program."""


class MigrationError(StorageError):
    """A schema migration failed and was rolled back."""


class RecordNotFoundError(StorageError):
    """An id given to a storage function names no record."""


class StorageClosedError(StorageError):
    """The Storage was used after it was closed."""


class DatabaseError(StorageError):
    """SQLite refused a statement; the original ``sqlite3.Error`` is the ``__cause__``."""


# == Values ======================================================================================

Language = Literal["zh-Hans", "zh-Hant", "en"]
Role = Literal["admin", "secretariat"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
ROLES: tuple[Role, ...] = get_args(Role)

#: The topic whose subscribers receive every notice.
TOPIC_ALL = "all"

_SHA256_RE = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class Preferences:
    """What a user chose; None means "not chosen" (fall back to Telegram's language, Geneva)."""

    language: Language | None
    timezone: str | None


@dataclass(frozen=True, slots=True)
class RoleGrant:
    user_id: int
    role: Role
    granted_by: int | None  # None: granted from the configuration or the command line
    granted_at: dt.datetime


@dataclass(frozen=True, slots=True)
class KbVersion:
    """One uploaded knowledge base and, if it was ever activated, its latest activation."""

    id: int
    sha256: str
    summary: str
    created_by: int | None
    created_at: dt.datetime
    activated_by: int | None
    activated_at: dt.datetime | None
    is_active: bool
    yaml_text: str | None  # None in listings, which leave the (large) text out


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: dt.datetime
    actor: int | None  # None: the system or the command line
    action: str
    detail: str


# == Schema ======================================================================================

# Each migration is a sequence of single statements, run in one transaction. Append; never edit.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: users and their preferences, subscriptions, roles, knowledge-base versions, audit log.
    (
        """
        CREATE TABLE users (
            user_id       INTEGER PRIMARY KEY,
            chat_id       INTEGER NOT NULL,
            username      TEXT,             -- without the @
            first_name    TEXT,
            language_code TEXT,             -- as Telegram reports it, e.g. zh-hans, en
            first_seen    TEXT NOT NULL,
            last_seen     TEXT NOT NULL
        )
        """,
        "CREATE INDEX users_by_username ON users (username COLLATE NOCASE)",
        # Separate from users so a preference can be stored before the user is remembered.
        """
        CREATE TABLE preferences (
            user_id    INTEGER PRIMARY KEY,
            language   TEXT CHECK (language IN ('zh-Hans', 'zh-Hant', 'en')),
            timezone   TEXT,
            updated_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE subscriptions (
            chat_id    INTEGER NOT NULL,
            topic      TEXT NOT NULL CHECK (topic <> ''),
            created_at TEXT NOT NULL,
            PRIMARY KEY (chat_id, topic)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX subscriptions_by_topic ON subscriptions (topic, chat_id)",
        """
        CREATE TABLE roles (
            user_id    INTEGER NOT NULL,
            role       TEXT NOT NULL CHECK (role IN ('admin', 'secretariat')),
            granted_by INTEGER,
            granted_at TEXT NOT NULL,
            PRIMARY KEY (user_id, role)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE kb_versions (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            sha256     TEXT NOT NULL,
            yaml_text  TEXT NOT NULL,
            summary    TEXT NOT NULL,
            created_by INTEGER,
            created_at TEXT NOT NULL
        )
        """,
        # One row per activation, so a rollback is simply a newer activation of an older version.
        """
        CREATE TABLE kb_activations (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            version_id   INTEGER NOT NULL REFERENCES kb_versions (id),
            activated_by INTEGER,
            activated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX kb_activations_by_version ON kb_activations (version_id, id)",
        """
        CREATE TABLE audit_log (
            id     INTEGER PRIMARY KEY AUTOINCREMENT,
            at     TEXT NOT NULL,
            actor  INTEGER,
            action TEXT NOT NULL,
            detail TEXT NOT NULL
        )
        """,
    ),
)

SCHEMA_VERSION = len(MIGRATIONS)

Clock = Callable[[], dt.datetime]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _time_to_text(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: storage keeps aware times only")
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _time_from_text(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _optional_time(text: str | None) -> dt.datetime | None:
    return None if text is None else _time_from_text(text)


def _clean_username(username: str | None) -> str | None:
    if username is None:
        return None
    cleaned = username.strip().removeprefix("@")
    return cleaned or None


def _check_topic(topic: str) -> str:
    if not topic or topic != topic.strip():
        raise ValueError(f"topic {topic!r} must be a non-empty id without surrounding spaces")
    return topic


def _check_limit(limit: int) -> int:
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    return limit


class Storage:
    """The bot's database. Create with ``await Storage.open(path)``; close with ``close()``."""

    def __init__(self, db: aiosqlite.Connection, path: Path, clock: Clock) -> None:
        self._db: aiosqlite.Connection | None = db
        self.path = path
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
    ) -> Storage:
        """Open (creating it and its folder if needed) and migrate the database at ``path``.

        ``clock`` returns the current aware time (tests pass a fixed one); ``migrations``
        defaults to this module's list.
        """
        file = Path(path)
        if str(path) != ":memory:":
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
        return cls(db, file, clock)

    async def close(self) -> None:
        """Close the connection; waits for another task's open transaction. Idempotent."""
        if self._db is None:
            return
        if self._tx_owner is not None and self._tx_owner is asyncio.current_task():
            raise StorageError("close() called inside a transaction")
        async with self._lock:
            db, self._db = self._db, None
            if db is not None:
                await db.close()

    async def __aenter__(self) -> Storage:
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

        Uses ``BEGIN IMMEDIATE`` so the write lock is taken up front (no upgrade deadlock with
        another process). Nested blocks in the same task become savepoints.
        """
        if self._owns_transaction():
            async with self._savepoint():
                yield
            return
        async with self._lock:
            await self._execute("BEGIN IMMEDIATE")
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
        db = self._db
        if db is not None and db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                await db.execute("ROLLBACK")

    @contextlib.asynccontextmanager
    async def _exclusive(self) -> AsyncIterator[None]:
        """Run outside any other task's transaction (and inside our own, if we hold one)."""
        if self._owns_transaction():
            yield
            return
        async with self._lock:
            yield

    def _connection(self) -> aiosqlite.Connection:
        if self._db is None:
            raise StorageClosedError(f"{self.path}: the storage is closed")
        return self._db

    async def _execute(self, sql: str, params: Sequence[object] = ()) -> int:
        """Run one statement; the number of rows it changed."""
        try:
            cursor = await self._connection().execute(sql, params)
            try:
                return cursor.rowcount
            finally:
                await cursor.close()
        except sqlite3.Error as exc:
            raise DatabaseError(f"{self.path}: {exc}") from exc

    async def _insert(self, sql: str, params: Sequence[object]) -> int:
        """Run one INSERT; the new row's id."""
        try:
            cursor = await self._connection().execute(sql, params)
            try:
                row_id = cursor.lastrowid
            finally:
                await cursor.close()
        except sqlite3.Error as exc:
            raise DatabaseError(f"{self.path}: {exc}") from exc
        assert row_id is not None  # an INSERT always sets it
        return row_id

    async def _rows(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        try:
            return list(await self._connection().execute_fetchall(sql, params))
        except sqlite3.Error as exc:
            raise DatabaseError(f"{self.path}: {exc}") from exc

    async def _row(self, sql: str, params: Sequence[object] = ()) -> sqlite3.Row | None:
        rows = await self._rows(sql, params)
        return rows[0] if rows else None

    def _now(self) -> str:
        return _time_to_text(self._clock())

    # == Users and preferences ===================================================================

    async def remember_user(
        self,
        user_id: int,
        chat_id: int,
        username: str | None,
        first_name: str | None,
        language_code: str | None,
    ) -> bool:
        """Record who wrote and where to reach them; True on the first contact.

        A Telegram username belongs to one account at a time, so it is taken off any other
        user who had it before.
        """
        name = _clean_username(username)
        now = self._now()
        async with self.transaction():
            known = await self._row("SELECT 1 FROM users WHERE user_id = ?", (user_id,))
            if name is not None:
                await self._execute(
                    "UPDATE users SET username = NULL"
                    " WHERE username = ? COLLATE NOCASE AND user_id <> ?",
                    (name, user_id),
                )
            await self._execute(
                """
                INSERT INTO users
                    (user_id, chat_id, username, first_name, language_code, first_seen, last_seen)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET
                    chat_id = excluded.chat_id,
                    username = excluded.username,
                    first_name = excluded.first_name,
                    language_code = excluded.language_code,
                    last_seen = excluded.last_seen
                """,
                (user_id, chat_id, name, first_name, language_code, now, now),
            )
        return known is None

    async def user_by_username(self, username: str) -> int | None:
        """The user id behind ``@name`` or ``name`` (any case), if that user has written."""
        name = _clean_username(username)
        if name is None:
            return None
        async with self._exclusive():
            row = await self._row(
                "SELECT user_id FROM users WHERE username = ? COLLATE NOCASE"
                " ORDER BY last_seen DESC LIMIT 1",
                (name,),
            )
        return None if row is None else int(row["user_id"])

    async def user_preferences(self, user_id: int) -> Preferences | None:
        """The user's choices, or None when they never chose anything."""
        async with self._exclusive():
            row = await self._row(
                "SELECT language, timezone FROM preferences WHERE user_id = ?", (user_id,)
            )
        if row is None:
            return None
        return Preferences(language=row["language"], timezone=row["timezone"])

    async def set_language(self, user_id: int, lang: Language | None) -> None:
        """Store the interface language; None forgets the choice."""
        if lang is not None and lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; expected one of {LANGUAGES}")
        async with self._exclusive():
            await self._execute(
                """
                INSERT INTO preferences (user_id, language, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET
                    language = excluded.language, updated_at = excluded.updated_at
                """,
                (user_id, lang, self._now()),
            )

    async def set_timezone(self, user_id: int, tz: str | None) -> None:
        """Store the user's IANA timezone name (the caller validates it); None forgets it."""
        async with self._exclusive():
            await self._execute(
                """
                INSERT INTO preferences (user_id, timezone, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET
                    timezone = excluded.timezone, updated_at = excluded.updated_at
                """,
                (user_id, tz, self._now()),
            )

    # == Subscriptions ===========================================================================
    # A topic is a string: "all", a meeting id ("M2"), an agenda item id ("A23.3") or a named
    # list ("bureau"). Subscribers of "all" are part of every topic's audience.

    async def subscribe(self, chat_id: int, topic: str = TOPIC_ALL) -> bool:
        """Subscribe the chat to the topic; False when it already was."""
        _check_topic(topic)
        async with self._exclusive():
            added = await self._execute(
                "INSERT INTO subscriptions (chat_id, topic, created_at) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (chat_id, topic, self._now()),
            )
        return added > 0

    async def unsubscribe(self, chat_id: int, topic: str | None = None) -> int:
        """Drop one subscription, or all of the chat's when ``topic`` is None; how many went."""
        async with self._exclusive():
            if topic is None:
                return await self._execute(
                    "DELETE FROM subscriptions WHERE chat_id = ?", (chat_id,)
                )
            return await self._execute(
                "DELETE FROM subscriptions WHERE chat_id = ? AND topic = ?", (chat_id, topic)
            )

    async def subscriptions(self, chat_id: int) -> list[str]:
        """The chat's topics, sorted."""
        async with self._exclusive():
            rows = await self._rows(
                "SELECT topic FROM subscriptions WHERE chat_id = ? ORDER BY topic", (chat_id,)
            )
        return [str(row["topic"]) for row in rows]

    async def subscribers(self, topic: str | None = None) -> list[int]:
        """Chats to notify, each once, sorted: for a topic, its subscribers and those of "all";
        for None, every chat subscribed to anything."""
        sql, params = self._audience(topic)
        async with self._exclusive():
            rows = await self._rows(f"SELECT DISTINCT chat_id {sql} ORDER BY chat_id", params)
        return [int(row["chat_id"]) for row in rows]

    async def count_subscribers(self, topic: str | None = None) -> int:
        """How many chats :meth:`subscribers` would return."""
        sql, params = self._audience(topic)
        async with self._exclusive():
            row = await self._row(f"SELECT COUNT(DISTINCT chat_id) AS n {sql}", params)
        return 0 if row is None else int(row["n"])

    @staticmethod
    def _audience(topic: str | None) -> tuple[str, tuple[str, ...]]:
        if topic is None:
            return "FROM subscriptions", ()
        return "FROM subscriptions WHERE topic IN (?, ?)", (topic, TOPIC_ALL)

    # == Roles ===================================================================================

    async def grant_role(self, user_id: int, role: Role, granted_by: int | None) -> bool:
        """Give the user a role; False when they already had it (the first grant is kept)."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; expected one of {ROLES}")
        async with self._exclusive():
            added = await self._execute(
                "INSERT INTO roles (user_id, role, granted_by, granted_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (user_id, role, granted_by, self._now()),
            )
        return added > 0

    async def revoke_role(self, user_id: int, role: Role) -> bool:
        """Take a role away; False when the user did not have it."""
        async with self._exclusive():
            removed = await self._execute(
                "DELETE FROM roles WHERE user_id = ? AND role = ?", (user_id, role)
            )
        return removed > 0

    async def roles_of(self, user_id: int) -> frozenset[str]:
        """The roles granted in the database (the configuration's are the caller's to add)."""
        async with self._exclusive():
            rows = await self._rows("SELECT role FROM roles WHERE user_id = ?", (user_id,))
        return frozenset(str(row["role"]) for row in rows)

    async def all_roles(self) -> list[RoleGrant]:
        """Every grant, by role then user."""
        async with self._exclusive():
            rows = await self._rows(
                "SELECT user_id, role, granted_by, granted_at FROM roles ORDER BY role, user_id"
            )
        return [
            RoleGrant(
                user_id=row["user_id"],
                role=row["role"],
                granted_by=row["granted_by"],
                granted_at=_time_from_text(row["granted_at"]),
            )
            for row in rows
        ]

    # == Knowledge-base versions =================================================================
    # Uploaded YAML texts are kept whole, so any version can be activated again (rollback).
    # The active version is the one activated last.

    async def add_kb_version(
        self, yaml_text: str, sha256: str, created_by: int | None, summary: str
    ) -> int:
        """Keep an uploaded knowledge base (not yet active); its version id."""
        digest = sha256.lower()
        if not _SHA256_RE.fullmatch(digest):
            raise ValueError(f"sha256 must be 64 hexadecimal digits, not {sha256!r}")
        async with self._exclusive():
            return await self._insert(
                "INSERT INTO kb_versions (sha256, yaml_text, summary, created_by, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (digest, yaml_text, summary, created_by, self._now()),
            )

    async def activate_kb_version(self, version_id: int, activated_by: int | None) -> None:
        """Make the version the active one; RecordNotFoundError when there is no such version."""
        async with self.transaction():
            if await self._row("SELECT 1 FROM kb_versions WHERE id = ?", (version_id,)) is None:
                raise RecordNotFoundError(f"no knowledge-base version {version_id}")
            await self._insert(
                "INSERT INTO kb_activations (version_id, activated_by, activated_at)"
                " VALUES (?, ?, ?)",
                (version_id, activated_by, self._now()),
            )

    async def active_kb_version(self) -> KbVersion | None:
        """The version activated last, with its text; None when none was ever activated."""
        async with self._exclusive():
            rows = await self._kb_rows(
                "WHERE v.id = (SELECT version_id FROM kb_activations ORDER BY id DESC LIMIT 1)",
                (),
                with_text=True,
            )
        return rows[0] if rows else None

    async def kb_version(self, version_id: int) -> KbVersion | None:
        """One version with its text, or None."""
        async with self._exclusive():
            rows = await self._kb_rows("WHERE v.id = ?", (version_id,), with_text=True)
        return rows[0] if rows else None

    async def kb_versions(self, limit: int = 10) -> list[KbVersion]:
        """The newest versions first, without their text."""
        async with self._exclusive():
            return await self._kb_rows(
                "ORDER BY v.id DESC LIMIT ?", (_check_limit(limit),), with_text=False
            )

    async def _kb_rows(
        self, tail: str, params: Sequence[object], *, with_text: bool
    ) -> list[KbVersion]:
        text_column = "v.yaml_text" if with_text else "NULL"
        rows = await self._rows(
            f"""
            SELECT v.id, v.sha256, v.summary, v.created_by, v.created_at,
                   {text_column} AS yaml_text,
                   a.activated_by, a.activated_at,
                   COALESCE(a.id = (SELECT MAX(id) FROM kb_activations), 0) AS is_active
            FROM kb_versions AS v
            LEFT JOIN kb_activations AS a
                ON a.id = (SELECT MAX(id) FROM kb_activations WHERE version_id = v.id)
            {tail}
            """,
            params,
        )
        return [
            KbVersion(
                id=row["id"],
                sha256=row["sha256"],
                summary=row["summary"],
                created_by=row["created_by"],
                created_at=_time_from_text(row["created_at"]),
                activated_by=row["activated_by"],
                activated_at=_optional_time(row["activated_at"]),
                is_active=bool(row["is_active"]),
                yaml_text=row["yaml_text"],
            )
            for row in rows
        ]

    # == Audit log ===============================================================================

    async def audit(self, actor: int | None, action: str, detail: str) -> None:
        """Record who did what (``action`` like ``kb.activate``; ``detail`` free text)."""
        async with self._exclusive():
            await self._insert(
                "INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)",
                (self._now(), actor, action, detail),
            )

    async def recent_audit(self, limit: int = 20) -> list[AuditEntry]:
        """The latest entries, newest first."""
        async with self._exclusive():
            rows = await self._rows(
                "SELECT id, at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?",
                (_check_limit(limit),),
            )
        return [
            AuditEntry(
                id=row["id"],
                at=_time_from_text(row["at"]),
                actor=row["actor"],
                action=row["action"],
                detail=row["detail"],
            )
            for row in rows
        ]

    # == Backup ==================================================================================

    async def backup_to(self, path: str | os.PathLike[str]) -> Path:
        """Copy the database to ``path`` with SQLite's online backup; the copy's path.

        The copy is a consistent snapshot even while other tasks or processes keep writing: it
        is taken in one backup step, between this connection's transactions. It is written
        beside the target, checked, and renamed into place, so ``path`` never holds half a copy.
        The copy uses a rollback journal, so it is one self-contained file.
        """
        target = Path(path)
        if target.resolve() == self.path.resolve():
            raise StorageError(f"{target}: cannot back the database up onto itself")
        partial = target.with_name(target.name + ".partial")
        await asyncio.to_thread(_prepare_backup_target, partial)
        try:
            copy = await asyncio.to_thread(sqlite3.connect, partial, check_same_thread=False)
        except sqlite3.Error as exc:
            raise DatabaseError(f"{partial}: {exc}") from exc
        try:
            async with self._exclusive():
                try:
                    await self._connection().backup(copy)  # pages=0: one step, one snapshot
                except sqlite3.Error as exc:
                    raise DatabaseError(f"backup to {target}: {exc}") from exc
            await asyncio.to_thread(_finish_backup, copy, partial)
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                copy.close()
            with contextlib.suppress(OSError):
                partial.unlink()
            raise
        os.replace(partial, target)
        return target


# == Helpers that run off the event loop =========================================================


def _prepare_backup_target(partial: Path) -> None:
    partial.parent.mkdir(parents=True, exist_ok=True)
    for leftover in (partial, Path(f"{partial}-journal"), Path(f"{partial}-wal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


def _finish_backup(copy: sqlite3.Connection, partial: Path) -> None:
    try:
        copy.execute("PRAGMA journal_mode = DELETE")
        problems = [str(row[0]) for row in copy.execute("PRAGMA quick_check")]
    except sqlite3.Error as exc:
        raise DatabaseError(f"{partial}: {exc}") from exc
    finally:
        copy.close()
    if problems != ["ok"]:
        raise DatabaseError(f"{partial}: the copy failed its check: {'; '.join(problems[:3])}")


async def _user_version(db: aiosqlite.Connection) -> int:
    rows = list(await db.execute_fetchall("PRAGMA user_version"))
    return int(rows[0][0])


def _schema_too_new(file: Path, current: int, latest: int) -> SchemaTooNewError:
    return SchemaTooNewError(
        f"{file}: the database has schema version {current} but this program knows only up to"
        f" {latest}; run a newer delegate-bot or restore an older backup"
    )


async def _migrate(
    db: aiosqlite.Connection, file: Path, migrations: Sequence[Sequence[str]]
) -> None:
    """Apply the missing migrations, one transaction each."""
    latest = len(migrations)
    current = await _user_version(db)
    if current > latest:
        raise _schema_too_new(file, current, latest)
    while current < latest:
        # Read the version inside the write transaction: another process may migrate too.
        await db.execute("BEGIN IMMEDIATE")
        try:
            current = await _user_version(db)
            if current > latest:
                raise _schema_too_new(file, current, latest)
            if current == latest:
                await db.execute("COMMIT")
                return
            try:
                for statement in migrations[current]:
                    await db.execute(statement)
                # PRAGMA takes no parameters; the value is our own integer.
                await db.execute(f"PRAGMA user_version = {current + 1}")
            except sqlite3.Error as exc:
                raise MigrationError(
                    f"{file}: migration {current + 1} failed and was rolled back: {exc}"
                ) from exc
            await db.execute("COMMIT")
            current += 1
        except BaseException:
            if db.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    await db.execute("ROLLBACK")
            raise
