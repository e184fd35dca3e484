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
import hashlib
import json
import os
import re
import sqlite3
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, get_args

import aiosqlite

__all__ = [
    "ANY_LANGUAGE",
    "FINAL_NOTICE_STATES",
    "LANGUAGES",
    "LIST_TABLES",
    "MIGRATIONS",
    "OPERATIONS_COLUMNS",
    "OPERATIONS_TABLES",
    "ROLES",
    "SCHEMA_VERSION",
    "TOPIC_ALL",
    "Actor",
    "ApiNoticeKey",
    "AudienceKind",
    "AudienceSource",
    "AuditEntry",
    "DatabaseError",
    "DeliveryFigures",
    "DeliveryOutcome",
    "DeliveryState",
    "Doubt",
    "KbActivation",
    "KbVersion",
    "Language",
    "ListMember",
    "MigrationError",
    "NewNotice",
    "NewQuestion",
    "Notice",
    "NoticeKind",
    "NoticeState",
    "OperationalCounts",
    "PersonList",
    "Preferences",
    "QuestionInsight",
    "QuestionOutcome",
    "QueuedDelivery",
    "Rating",
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
class KbActivation:
    """One activation of a knowledge-base version (a rollback is a newer activation)."""

    id: int
    version_id: int
    activated_by: int | None
    activated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: dt.datetime
    actor: int | None  # None: the system, the command line or an API client
    action: str
    detail: str
    actor_name: str | None = None  # the API client that did it


#: Who did something: a Telegram user id, the name of an API client, or None (the system or
#: the command line).
Actor = int | str | None


# == Values: notices and their deliveries ========================================================

NoticeKind = Literal["notice", "reminder", "change"]
NoticeState = Literal["draft", "scheduled", "sending", "done", "stopped", "cancelled", "dropped"]
DeliveryState = Literal["pending", "claimed", "sent", "blocked", "failed", "skipped"]
#: Why a delivery may have reached its chat twice: the bot stopped while the request was out
#: ("restart"), or the connection failed after the request was written ("network").
Doubt = Literal["restart", "network"]
NOTICE_KINDS: tuple[NoticeKind, ...] = get_args(NoticeKind)
#: Every language: the text key of a notice written once for all readers.
ANY_LANGUAGE = "*"
#: Notice states after which nothing more is sent.
FINAL_NOTICE_STATES: frozenset[NoticeState] = frozenset(
    {"done", "stopped", "cancelled", "dropped"}
)
#: Language of a recipient from (the language they chose, their Telegram language_code).
LanguageOf = Callable[[str | None, str | None], str]


@dataclass(frozen=True, slots=True)
class NewNotice:
    """A notice to store: its text per language (``ANY_LANGUAGE`` for one text for all), its
    audience (``topics``; empty means every subscriber) and its timing."""

    kind: NoticeKind
    texts: Mapping[str, str]
    topics: tuple[str, ...] = ()
    link: str | None = None
    state: Literal["draft", "scheduled"] = "draft"
    send_at: dt.datetime | None = None  # None: as soon as it is confirmed
    meeting_id: str | None = None  # timed relative to this meeting (reminders, "30m before M2")
    lead: dt.timedelta | None = None  # how long before the meeting's start
    meeting_start: dt.datetime | None = None  # the start it was timed for
    created_by: int | None = None


@dataclass(frozen=True, slots=True)
class Notice:
    id: int
    kind: NoticeKind
    state: NoticeState
    texts: Mapping[str, str]
    topics: tuple[str, ...]
    link: str | None
    send_at: dt.datetime | None
    meeting_id: str | None
    lead: dt.timedelta | None
    meeting_start: dt.datetime | None
    created_by: int | None
    created_at: dt.datetime
    confirmed_by: int | None
    confirmed_at: dt.datetime | None
    queued_at: dt.datetime | None  # when its recipients were fixed
    late: dt.timedelta | None  # queued this long after its time (the bot was not running)
    finished_at: dt.datetime | None
    note: str  # why it was dropped, cancelled or stopped
    report_chat_id: int | None  # the preview that became its progress report
    report_message_id: int | None
    report_language: str | None
    report_final: bool  # the report shows the final figures
    report_digest: str | None  # a digest of what the report message shows now

    def text_for(self, language: str) -> str:
        """The text for a reader of ``language``."""
        return (
            self.texts.get(language)
            or self.texts.get(ANY_LANGUAGE)
            or next(iter(self.texts.values()), "")
        )


@dataclass(frozen=True, slots=True)
class DeliveryFigures:
    """How a notice's deliveries stand; ``doubtful`` counts rows flagged "possibly twice"."""

    pending: int = 0
    claimed: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    skipped: int = 0
    doubtful: int = 0
    paid: int = 0  # sent as paid broadcasts

    @property
    def total(self) -> int:
        return self.pending + self.claimed + self.sent + self.blocked + self.failed + self.skipped

    @property
    def unfinished(self) -> int:
        return self.pending + self.claimed


@dataclass(frozen=True, slots=True)
class QueuedDelivery:
    """A delivery waiting for the worker: one notice to one chat."""

    id: int
    notice_id: int
    chat_id: int
    language: str
    attempts: int


@dataclass(frozen=True, slots=True)
class DeliveryOutcome:
    """One recipient's delivery, for reports (with the name, when the chat is a known user)."""

    chat_id: int
    state: DeliveryState
    attempts: int
    error: str | None
    doubt: Doubt | None
    done_at: dt.datetime | None
    username: str | None
    first_name: str | None


# == Values: named lists of people and notice audiences ===================================

AudienceKind = Literal["list", "topic", "any"]


@dataclass(frozen=True, slots=True)
class AudienceSource:
    """One reason a chat receives a notice: it is on the list ``key`` (and has written to the
    bot), it subscribed to the topic ``key``, or (``any``) it subscribed to anything. A chat
    that several sources include is counted once, under the first (see ``bot.audience``)."""

    kind: AudienceKind
    key: str = ""


@dataclass(frozen=True, slots=True)
class PersonList:
    """A named list with how many members it has and how many of them can be reached (those
    who have written to the bot: Telegram lets a bot write only to them)."""

    name: str
    members: int
    reachable: int
    created_by: int | None
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ListMember:
    user_id: int
    username: str | None
    first_name: str
    reachable: bool  # has written to the bot
    added_by: int | None


# == Values: question insights ===================================================================

#: What a free-text question got: the answer, a list of choices, or no answer.
QuestionOutcome = Literal["answered", "choices", "no_answer"]
Rating = Literal["up", "down"]


@dataclass(frozen=True, slots=True)
class NewQuestion:
    """A question to keep, numbered by the caller (who puts the id in its buttons at once)."""

    id: int
    question: str
    language: Language
    outcome: QuestionOutcome
    answered: str | None
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class QuestionInsight:
    """Questions with the same normalised text that got no confident answer, counted."""

    question: str
    asked: int  # how many of them: without an answer, with choices, or answered but not liked
    unanswered: int
    choices: int
    disliked: int  # answered, then 👎
    repicked: int  # answered, then a "did you mean" pressed
    languages: tuple[str, ...]
    picked: str | None  # the record delegates finally chose most often
    latest_id: int  # the newest of them (buttons name the question through it)
    last_asked: dt.datetime


# == Values: operations (the notices API, metrics) ===============================================


@dataclass(frozen=True, slots=True)
class ApiNoticeKey:
    """What an ``Idempotency-Key`` of the notices API is bound to."""

    notice_id: int
    request_sha256: str  # of the request that created it, to tell a retry from a reuse


@dataclass(frozen=True, slots=True)
class OperationalCounts:
    notices: Mapping[str, int]  # by state
    deliveries: Mapping[str, int]  # by state


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
    # 2: notices (secretariat notices, meeting reminders, change notices) and the delivery
    # queue: one row per (notice, recipient), created when the notice starts going out.
    (
        """
        CREATE TABLE notices (
            id             INTEGER PRIMARY KEY AUTOINCREMENT,
            kind           TEXT NOT NULL CHECK (kind IN ('notice', 'reminder', 'change')),
            state          TEXT NOT NULL CHECK (state IN ('draft', 'scheduled', 'sending',
                                                          'done', 'stopped', 'cancelled',
                                                          'dropped')),
            texts          TEXT NOT NULL,   -- JSON: language (or "*") -> Telegram HTML
            topics         TEXT NOT NULL,   -- JSON list; [] = every subscriber
            link           TEXT,
            send_at        TEXT,            -- UTC; NULL: when confirmed
            meeting_id     TEXT,
            lead_seconds   INTEGER,
            meeting_start  TEXT,
            created_by     INTEGER,
            created_at     TEXT NOT NULL,
            confirmed_by   INTEGER,
            confirmed_at   TEXT,
            queued_at      TEXT,
            late_seconds   INTEGER,
            finished_at    TEXT,
            note           TEXT NOT NULL DEFAULT '',
            report_chat_id    INTEGER,
            report_message_id INTEGER,
            report_language   TEXT,
            report_final      INTEGER NOT NULL DEFAULT 0,
            report_digest     TEXT  -- what the progress message shows now
        )
        """,
        "CREATE INDEX notices_by_state ON notices (state, send_at)",
        "CREATE INDEX notices_by_meeting ON notices (meeting_id, kind)",
        # The rowid orders the queue: notices in the order they were queued, chats by id.
        """
        CREATE TABLE deliveries (
            id          INTEGER PRIMARY KEY,
            notice_id   INTEGER NOT NULL REFERENCES notices (id),
            chat_id     INTEGER NOT NULL,
            language    TEXT NOT NULL,
            state       TEXT NOT NULL CHECK (state IN ('pending', 'claimed', 'sent', 'blocked',
                                                       'failed', 'skipped')),
            attempts    INTEGER NOT NULL DEFAULT 0,
            claimed_at  TEXT,
            done_at     TEXT,
            message_id  INTEGER,
            error       TEXT,
            doubt       TEXT CHECK (doubt IN ('restart', 'network')),
            UNIQUE (notice_id, chat_id)
        )
        """,
        "CREATE INDEX deliveries_by_state ON deliveries (state, id)",
        "CREATE INDEX deliveries_by_notice ON deliveries (notice_id, state)",
    ),
    # 3: named lists of people kept by admins (the bureau, a regional group, focal points),
    # which a notice can address whatever their members subscribed to.
    (
        """
        CREATE TABLE person_lists (
            name       TEXT PRIMARY KEY CHECK (name <> '' AND name = lower(name)),
            created_by INTEGER,
            created_at TEXT NOT NULL
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE person_list_members (
            list_name TEXT NOT NULL REFERENCES person_lists (name) ON DELETE CASCADE,
            user_id   INTEGER NOT NULL,
            added_by  INTEGER,
            added_at  TEXT NOT NULL,
            PRIMARY KEY (list_name, user_id)
        ) WITHOUT ROWID
        """,
    ),
    # 4: the questions delegates asked in free text, for the admins' insights. Never who asked:
    # no user id, chat id or name. AUTOINCREMENT so that a pruned row's id is never reused
    # (buttons under old answers name their row).
    (
        """
        CREATE TABLE questions (
            id        INTEGER PRIMARY KEY AUTOINCREMENT,
            question  TEXT NOT NULL,    -- normalised (knowledge.normalize)
            language  TEXT NOT NULL CHECK (language IN ('zh-Hans', 'zh-Hant', 'en')),
            outcome   TEXT NOT NULL CHECK (outcome IN ('answered', 'choices', 'no_answer')),
            answered  TEXT,             -- the record given as the answer
            picked    TEXT,             -- the record the delegate chose afterwards
            rating    TEXT CHECK (rating IN ('up', 'down')),
            asked_at  TEXT NOT NULL
        )
        """,
        "CREATE INDEX questions_by_time ON questions (asked_at)",
        "CREATE INDEX questions_by_text ON questions (question, asked_at)",
    ),
    # 5: operations: the notices API's idempotency keys (one notice per client and key), the
    # API client named in the audit log, and which deliveries went out as paid broadcasts.
    (
        """
        CREATE TABLE api_notice_keys (
            client          TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            request_sha256  TEXT NOT NULL,
            notice_id       INTEGER NOT NULL REFERENCES notices (id),
            created_at      TEXT NOT NULL,
            PRIMARY KEY (client, idempotency_key)
        ) WITHOUT ROWID
        """,
        "ALTER TABLE audit_log ADD COLUMN actor_name TEXT",
        "ALTER TABLE deliveries ADD COLUMN paid INTEGER NOT NULL DEFAULT 0",
    ),
)

SCHEMA_VERSION = len(MIGRATIONS)
#: The tables of migration 3 (named lists).
LIST_TABLES: tuple[str, ...] = ("person_lists", "person_list_members")
#: What migration 5 (operations) adds: a table, and a column to two older tables.
OPERATIONS_TABLES: tuple[str, ...] = ("api_notice_keys",)
OPERATIONS_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "audit_log": ("actor_name",),
    "deliveries": ("paid",),
}

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

    async def audit(self, actor: Actor, action: str, detail: str) -> None:
        """Record who did what (``action`` like ``kb.activate``; ``detail`` free text); an
        API client is recorded by its name."""
        user_id, name = (None, actor) if isinstance(actor, str) else (actor, None)
        async with self._exclusive():
            await self._insert(
                "INSERT INTO audit_log (at, actor, actor_name, action, detail)"
                " VALUES (?, ?, ?, ?, ?)",
                (self._now(), user_id, name, action, detail),
            )

    async def recent_audit(self, limit: int = 20) -> list[AuditEntry]:
        """The latest entries, newest first."""
        async with self._exclusive():
            rows = await self._rows(
                "SELECT id, at, actor, actor_name, action, detail FROM audit_log"
                " ORDER BY id DESC LIMIT ?",
                (_check_limit(limit),),
            )
        return [
            AuditEntry(
                id=row["id"],
                at=_time_from_text(row["at"]),
                actor=row["actor"],
                action=row["action"],
                detail=row["detail"],
                actor_name=row["actor_name"],
            )
            for row in rows
        ]

    # == Knowledge-base administration ===========================================================
    # What uploads, activations and rollbacks need beyond the versions themselves: a cheap look
    # at the latest activation (a running bot polls it to pick up activations made elsewhere),
    # dropping an upload that was never activated, and a digest to prove nothing changed.

    async def latest_kb_activation(self) -> KbActivation | None:
        """The latest activation (which version, by whom, when); None before the first."""
        async with self._exclusive():
            row = await self._row(
                "SELECT id, version_id, activated_by, activated_at FROM kb_activations"
                " ORDER BY id DESC LIMIT 1"
            )
        if row is None:
            return None
        return KbActivation(
            id=row["id"],
            version_id=row["version_id"],
            activated_by=row["activated_by"],
            activated_at=_time_from_text(row["activated_at"]),
        )

    async def discard_kb_version(self, version_id: int) -> bool:
        """Delete an upload that was never activated; False when it was (it is kept for
        rollbacks). RecordNotFoundError when there is no such version."""
        async with self.transaction():
            if await self._row("SELECT 1 FROM kb_versions WHERE id = ?", (version_id,)) is None:
                raise RecordNotFoundError(f"no knowledge-base version {version_id}")
            deleted = await self._execute(
                "DELETE FROM kb_versions WHERE id = ?"
                " AND NOT EXISTS (SELECT 1 FROM kb_activations WHERE version_id = ?)",
                (version_id, version_id),
            )
        return deleted > 0

    async def content_sha256(
        self,
        *,
        skip_tables: Sequence[str] = (),
        skip_columns: Mapping[str, Sequence[str]] | None = None,
    ) -> str:
        """A digest of every row of every table (but ``skip_tables``, and the columns of
        ``skip_columns`` by table: those a later migration added), independent of how the file
        is laid out on disk: equal digests mean the stored data is the same."""
        skipped = skip_columns or {}
        digest = hashlib.sha256()
        async with self._exclusive():
            tables = await self._rows(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
            for table in tables:
                name = str(table["name"])
                if name in skip_tables:
                    continue
                # The name comes from sqlite_master, quoted as an identifier.
                quoted = '"' + name.replace('"', '""') + '"'
                rows = await self._rows(f"SELECT * FROM {quoted}")
                digest.update(f"table {name}\n".encode())
                left_out = skipped.get(name, ())
                # a row iterates its values, so its column names come from keys()
                values = (
                    tuple(row[key] for key in row.keys() if key not in left_out)  # noqa: SIM118
                    for row in rows
                )
                for line in sorted(repr(value) for value in values):
                    digest.update(line.encode() + b"\n")
        return digest.hexdigest()

    # == Notices and the delivery queue ==========================================================
    # A notice is drafted, then either queued at once or scheduled; when it is queued, one
    # delivery row per recipient is created in the same transaction, so the recipient list is
    # fixed at that moment. The worker claims a row (committed) before it asks Telegram and
    # records the outcome (committed) as soon as Telegram answers. See bot/delivery.py.

    async def add_notice(self, notice: NewNotice) -> int:
        """Store a draft or scheduled notice; its id."""
        if notice.kind not in NOTICE_KINDS:
            raise ValueError(f"unknown notice kind {notice.kind!r}")
        if not notice.texts:
            raise ValueError("a notice needs a text")
        if notice.state == "scheduled" and notice.send_at is None:
            raise ValueError("a scheduled notice needs a time")
        for topic in notice.topics:
            _check_topic(topic)
        async with self._exclusive():
            return await self._insert(
                """
                INSERT INTO notices (kind, state, texts, topics, link, send_at, meeting_id,
                                     lead_seconds, meeting_start, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                (
                    notice.kind,
                    notice.state,
                    json.dumps(dict(notice.texts), ensure_ascii=False),
                    json.dumps(list(notice.topics), ensure_ascii=False),
                    notice.link,
                    _optional_text(notice.send_at),
                    notice.meeting_id,
                    _seconds(notice.lead),
                    _optional_text(notice.meeting_start),
                    notice.created_by,
                    self._now(),
                ),
            )

    async def notice(self, notice_id: int) -> Notice | None:
        async with self._exclusive():
            row = await self._row("SELECT * FROM notices WHERE id = ?", (notice_id,))
        return None if row is None else _notice_from_row(row)

    async def notices_by_id(self, notice_ids: Sequence[int]) -> list[Notice]:
        if not notice_ids:
            return []
        marks = ", ".join("?" * len(notice_ids))
        async with self._exclusive():
            rows = await self._rows(
                f"SELECT * FROM notices WHERE id IN ({marks}) ORDER BY id", tuple(notice_ids)
            )
        return [_notice_from_row(row) for row in rows]

    async def recent_notices(self, limit: int = 10) -> list[Notice]:
        """Scheduled notices (soonest first), then the latest others (newest first)."""
        async with self._exclusive():
            scheduled = await self._rows(
                "SELECT * FROM notices WHERE state = 'scheduled' ORDER BY send_at, id LIMIT ?",
                (_check_limit(limit),),
            )
            others = await self._rows(
                "SELECT * FROM notices WHERE state NOT IN ('scheduled', 'draft')"
                " ORDER BY id DESC LIMIT ?",
                (_check_limit(limit),),
            )
        return [_notice_from_row(row) for row in (*scheduled, *others)]

    async def meeting_notices(self) -> list[Notice]:
        """Every notice timed relative to a meeting (reminders and anchored notices), by id."""
        async with self._exclusive():
            rows = await self._rows(
                "SELECT * FROM notices WHERE meeting_id IS NOT NULL ORDER BY id"
            )
        return [_notice_from_row(row) for row in rows]

    async def due_notices(self, now: dt.datetime) -> list[Notice]:
        """Scheduled notices whose time has come, oldest time first."""
        async with self._exclusive():
            rows = await self._rows(
                "SELECT * FROM notices WHERE state = 'scheduled' AND send_at <= ?"
                " ORDER BY send_at, id",
                (_time_to_text(now),),
            )
        return [_notice_from_row(row) for row in rows]

    async def notices_to_report(self) -> list[Notice]:
        """Notices with a progress message that does not show the final figures yet."""
        async with self._exclusive():
            rows = await self._rows(
                "SELECT * FROM notices WHERE report_message_id IS NOT NULL"
                " AND report_final = 0 AND state NOT IN ('draft', 'scheduled') ORDER BY id"
            )
        return [_notice_from_row(row) for row in rows]

    async def reschedule_notice(
        self,
        notice_id: int,
        send_at: dt.datetime | None,
        *,
        meeting_id: str | None = None,
        lead: dt.timedelta | None = None,
        meeting_start: dt.datetime | None = None,
        texts: Mapping[str, str] | None = None,
        link: str | None = None,
    ) -> bool:
        """Change the time (and, given, the texts and link) of a draft or scheduled notice;
        False when it is neither any more."""
        sets = "send_at = ?, meeting_id = ?, lead_seconds = ?, meeting_start = ?"
        params: list[object] = [
            _optional_text(send_at),
            meeting_id,
            _seconds(lead),
            _optional_text(meeting_start),
        ]
        if texts is not None:
            sets += ", texts = ?"
            params.append(json.dumps(dict(texts), ensure_ascii=False))
        if link is not None:
            sets += ", link = ?"
            params.append(link or None)
        async with self._exclusive():
            changed = await self._execute(
                f"UPDATE notices SET {sets} WHERE id = ? AND state IN ('draft', 'scheduled')",
                (*params, notice_id),
            )
        return changed > 0

    async def set_notice_report(
        self, notice_id: int, chat_id: int, message_id: int, language: str
    ) -> None:
        """Remember the message that shows the notice's preview, then its progress."""
        async with self._exclusive():
            await self._execute(
                "UPDATE notices SET report_chat_id = ?, report_message_id = ?,"
                " report_language = ?, report_final = 0, report_digest = NULL WHERE id = ?",
                (chat_id, message_id, language, notice_id),
            )

    async def set_report_digest(self, notice_id: int, digest: str) -> None:
        """Remember what the progress message shows, so an unchanged report is not re-sent."""
        async with self._exclusive():
            await self._execute(
                "UPDATE notices SET report_digest = ? WHERE id = ?", (digest, notice_id)
            )

    async def mark_report_final(self, notice_id: int) -> None:
        async with self._exclusive():
            await self._execute("UPDATE notices SET report_final = 1 WHERE id = ?", (notice_id,))

    async def set_meeting_start(
        self, notice_ids: Sequence[int], meeting_start: dt.datetime | None
    ) -> None:
        """Record the meeting start the recipients of these notices were last told of."""
        if not notice_ids:
            return
        marks = ", ".join("?" * len(notice_ids))
        async with self._exclusive():
            await self._execute(
                f"UPDATE notices SET meeting_start = ? WHERE id IN ({marks})",
                (_optional_text(meeting_start), *notice_ids),
            )

    async def schedule_notice(self, notice_id: int, confirmed_by: int | None) -> bool:
        """Confirm a draft that has a time; False when it is not a draft or has no time."""
        async with self._exclusive():
            changed = await self._execute(
                "UPDATE notices SET state = 'scheduled', confirmed_by = ?, confirmed_at = ?"
                " WHERE id = ? AND state = 'draft' AND send_at IS NOT NULL",
                (confirmed_by, self._now(), notice_id),
            )
        return changed > 0

    async def queue_notice(
        self,
        notice_id: int,
        language_of: LanguageOf,
        *,
        confirmed_by: int | None = None,
        late: dt.timedelta | None = None,
        audience: Sequence[AudienceSource] | None = None,
        recipients: Sequence[tuple[int, str]] | None = None,
    ) -> int | None:
        """Fix the recipients of a draft or scheduled notice and queue one delivery each.

        All in one transaction: the notice becomes ``sending`` (``done`` at once when nobody is
        to receive it) and its deliveries ``pending``. The recipients are the chats of
        ``audience`` at this moment (``bot.audience`` computes it from the notice), each with
        their language (``language_of(chosen, language_code)``), or the (chat, language) pairs
        of ``recipients``. Returns how many were queued, or None when the notice was not draft
        or scheduled.
        """
        if (audience is None) == (recipients is None):
            raise ValueError("queue_notice needs either an audience or the recipients")
        now = self._now()
        async with self.transaction():
            row = await self._row("SELECT state FROM notices WHERE id = ?", (notice_id,))
            if row is None or row["state"] not in ("draft", "scheduled"):
                return None
            if audience is not None:
                chosen = await self._audience_targets(audience)
                targets = [(chat, language_of(pref, code)) for chat, pref, code in chosen]
            else:
                assert recipients is not None
                targets = list(dict(recipients).items())
            await self._execute_many(
                "INSERT INTO deliveries (notice_id, chat_id, language, state)"
                " VALUES (?, ?, ?, 'pending')",
                [(notice_id, chat, language) for chat, language in targets],
            )
            await self._execute(
                """
                UPDATE notices SET state = ?, queued_at = ?, late_seconds = ?,
                    confirmed_by = COALESCE(confirmed_by, ?),
                    confirmed_at = COALESCE(confirmed_at, ?),
                    finished_at = ?
                WHERE id = ?
                """,
                (
                    "sending" if targets else "done",
                    now,
                    _seconds(late),
                    confirmed_by,
                    now,
                    None if targets else now,
                    notice_id,
                ),
            )
        return len(targets)

    async def close_notice(
        self,
        notice_id: int,
        state: Literal["cancelled", "dropped"],
        note: str = "",
        *,
        late: dt.timedelta | None = None,
    ) -> bool:
        """Cancel or drop a draft or scheduled notice (``late``: how late it was when it was
        dropped); False when it is neither draft nor scheduled any more."""
        async with self._exclusive():
            changed = await self._execute(
                "UPDATE notices SET state = ?, note = ?, finished_at = ?, late_seconds = ?"
                " WHERE id = ? AND state IN ('draft', 'scheduled')",
                (state, note, self._now(), _seconds(late), notice_id),
            )
        return changed > 0

    async def stop_notice(self, notice_id: int, note: str = "") -> int | None:
        """Stop a notice that is going out: its pending deliveries become ``skipped`` (those in
        flight still finish). How many were skipped, or None when it was not sending."""
        now = self._now()
        async with self.transaction():
            changed = await self._execute(
                "UPDATE notices SET state = 'stopped', note = ?, finished_at = ?"
                " WHERE id = ? AND state = 'sending'",
                (note, now, notice_id),
            )
            if not changed:
                return None
            return await self._execute(
                "UPDATE deliveries SET state = 'skipped', done_at = ?, error = ?"
                " WHERE notice_id = ? AND state = 'pending'",
                (now, note or None, notice_id),
            )

    async def finish_notices(self) -> list[int]:
        """Mark ``done`` every sending notice with nothing left pending or in flight."""
        async with self._exclusive():
            rows = await self._rows(
                """
                UPDATE notices SET state = 'done', finished_at = ?
                WHERE state = 'sending' AND NOT EXISTS (
                    SELECT 1 FROM deliveries
                    WHERE deliveries.notice_id = notices.id AND state IN ('pending', 'claimed')
                )
                RETURNING id
                """,
                (self._now(),),
            )
        return sorted(int(row["id"]) for row in rows)

    async def reached_chats(self, notice_ids: Sequence[int]) -> list[tuple[int, str]]:
        """Chats that received any of these notices, each once, with their language."""
        if not notice_ids:
            return []
        marks = ", ".join("?" * len(notice_ids))
        async with self._exclusive():
            rows = await self._rows(
                f"SELECT chat_id, MIN(language) AS language FROM deliveries"
                f" WHERE notice_id IN ({marks}) AND state = 'sent'"
                " GROUP BY chat_id ORDER BY chat_id",
                tuple(notice_ids),
            )
        return [(int(row["chat_id"]), str(row["language"])) for row in rows]

    async def user_names(self, user_ids: Sequence[int]) -> dict[int, tuple[str | None, str]]:
        """(username, first name) of the users among ``user_ids`` who have written."""
        if not user_ids:
            return {}
        marks = ", ".join("?" * len(user_ids))
        async with self._exclusive():
            rows = await self._rows(
                f"SELECT user_id, username, first_name FROM users WHERE user_id IN ({marks})",
                tuple(user_ids),
            )
        return {int(row["user_id"]): (row["username"], row["first_name"] or "") for row in rows}

    # -- the worker's side --

    async def recover_claimed_deliveries(self) -> int:
        """After a crash: rows claimed but never recorded go back to the queue, flagged as
        possibly delivered already (``doubt = 'restart'``). How many."""
        async with self._exclusive():
            return await self._execute(
                "UPDATE deliveries SET state = 'pending', doubt = 'restart'"
                " WHERE state = 'claimed'"
            )

    async def pending_deliveries(self, limit: int = 500, after: int = 0) -> list[QueuedDelivery]:
        """The next deliveries to make, in queue order (earliest notice first), from the row
        after ``after`` on."""
        async with self._exclusive():
            rows = await self._rows(
                "SELECT id, notice_id, chat_id, language, attempts FROM deliveries"
                " WHERE state = 'pending' AND id > ? ORDER BY id LIMIT ?",
                (after, _check_limit(limit)),
            )
        return [
            QueuedDelivery(
                id=row["id"],
                notice_id=row["notice_id"],
                chat_id=row["chat_id"],
                language=row["language"],
                attempts=row["attempts"],
            )
            for row in rows
        ]

    async def has_unfinished_deliveries(self) -> bool:
        async with self._exclusive():
            row = await self._row(
                "SELECT 1 FROM deliveries WHERE state IN ('pending', 'claimed') LIMIT 1"
            )
        return row is not None

    async def claim_delivery(self, delivery_id: int) -> bool:
        """Take a pending delivery for sending (committed before the request goes out);
        False when it is no longer pending (stopped, or claimed elsewhere)."""
        return bool(await self.claim_deliveries([delivery_id]))

    async def claim_deliveries(self, delivery_ids: Sequence[int]) -> set[int]:
        """:meth:`claim_delivery` for several rows in one statement (one commit); the ids
        that were still pending and are now claimed."""
        if not delivery_ids:
            return set()
        marks = ", ".join("?" * len(delivery_ids))
        # RETURNING, read in the same call: one round trip to SQLite's thread on this hot path
        async with self._exclusive():
            claimed = await self._rows(
                "UPDATE deliveries SET state = 'claimed', claimed_at = ?, attempts = attempts + 1"
                f" WHERE id IN ({marks}) AND state = 'pending' RETURNING id",
                (self._now(), *delivery_ids),
            )
        return {int(row["id"]) for row in claimed}

    async def record_sent(self, delivery_id: int, message_id: int, *, paid: bool = False) -> None:
        """Telegram accepted the message (as a paid broadcast when ``paid``): it is done."""
        await self.record_sent_many([(delivery_id, message_id, paid)])

    async def record_sent_many(self, sent: Sequence[tuple[int, int, bool]]) -> None:
        """:meth:`record_sent` for several deliveries — (row, message id, paid) — in one
        statement (one commit: at 1,000 messages a second, commits are what SQLite costs)."""
        if not sent:
            return
        cases = " ".join("WHEN ? THEN ?" for _ in sent)
        params: list[object] = [self._now()]
        params.extend(value for row, message_id, _ in sent for value in (row, message_id))
        params.extend(value for row, _, paid in sent for value in (row, int(paid)))
        params.extend(row for row, _, _ in sent)
        async with self._exclusive():
            await self._rows(
                f"UPDATE deliveries SET state = 'sent', done_at = ?, error = NULL,"
                f" message_id = CASE id {cases} END, paid = CASE id {cases} END"
                f" WHERE id IN ({', '.join('?' * len(sent))}) RETURNING id",
                params,
            )

    async def release_delivery(
        self,
        delivery_id: int,
        *,
        error: str,
        count_attempt: bool = True,
        doubt: Doubt | None = None,
    ) -> None:
        """Put a claimed delivery back in the queue to try again; ``count_attempt=False`` for
        a flood-control pause, which is not the chat's fault; ``doubt`` when the request may
        have reached Telegram."""
        async with self._exclusive():
            await self._execute(
                "UPDATE deliveries SET state = 'pending', error = ?,"
                " attempts = attempts - ?, doubt = COALESCE(doubt, ?) WHERE id = ?",
                (error, 0 if count_attempt else 1, doubt, delivery_id),
            )

    async def record_undeliverable(
        self,
        delivery_id: int,
        state: Literal["blocked", "failed"],
        error: str,
        *,
        unsubscribe_chat: int | None = None,
    ) -> None:
        """The chat cannot be reached; for a blocked chat, its subscriptions go in the same
        transaction (Telegram will refuse every later notice too)."""
        async with self.transaction():
            await self._execute(
                "UPDATE deliveries SET state = ?, error = ?, done_at = ? WHERE id = ?",
                (state, error, self._now(), delivery_id),
            )
            if unsubscribe_chat is not None:
                await self._execute(
                    "DELETE FROM subscriptions WHERE chat_id = ?", (unsubscribe_chat,)
                )

    # -- figures and reports --

    async def delivery_figures(self, notice_ids: Sequence[int]) -> dict[int, DeliveryFigures]:
        """Each notice's figures (a notice without deliveries gets zeros)."""
        figures = {notice_id: DeliveryFigures() for notice_id in notice_ids}
        if not notice_ids:
            return figures
        marks = ", ".join("?" * len(notice_ids))
        async with self._exclusive():
            rows = await self._rows(
                f"""
                SELECT notice_id, state, COUNT(*) AS n,
                       SUM(doubt IS NOT NULL AND state IN ('sent', 'pending', 'claimed'))
                           AS doubtful,
                       SUM(paid) AS paid
                FROM deliveries WHERE notice_id IN ({marks})
                GROUP BY notice_id, state
                """,
                tuple(notice_ids),
            )
        counts: dict[int, dict[str, int]] = {}
        for row in rows:
            mine = counts.setdefault(int(row["notice_id"]), {"doubtful": 0, "paid": 0})
            mine[str(row["state"])] = int(row["n"])
            mine["doubtful"] += int(row["doubtful"] or 0)
            mine["paid"] += int(row["paid"] or 0)
        for notice_id, mine in counts.items():
            figures[notice_id] = DeliveryFigures(**mine)
        return figures

    async def queue_ahead(self, notice_id: int) -> int:
        """Deliveries still to make up to and including this notice's (the queue is FIFO)."""
        async with self._exclusive():
            row = await self._row(
                "SELECT COUNT(*) AS n FROM deliveries"
                " WHERE state IN ('pending', 'claimed') AND notice_id <= ?",
                (notice_id,),
            )
        return 0 if row is None else int(row["n"])

    async def delivery_outcomes(
        self, notice_id: int, *, problems_only: bool = True, limit: int = 100
    ) -> list[DeliveryOutcome]:
        """A notice's deliveries with the recipient's name when known; ``problems_only``: those
        not (surely) delivered — unreached, still queued, or flagged as possibly doubled."""
        where = "d.notice_id = ?"
        if problems_only:
            where += " AND (d.state <> 'sent' OR d.doubt IS NOT NULL)"
        async with self._exclusive():
            rows = await self._rows(
                f"""
                SELECT d.chat_id, d.state, d.attempts, d.error, d.doubt, d.done_at,
                       u.username, u.first_name
                FROM deliveries AS d LEFT JOIN users AS u ON u.user_id = d.chat_id
                WHERE {where} ORDER BY d.id LIMIT ?
                """,
                (notice_id, _check_limit(limit)),
            )
        return [
            DeliveryOutcome(
                chat_id=row["chat_id"],
                state=row["state"],
                attempts=row["attempts"],
                error=row["error"],
                doubt=row["doubt"],
                done_at=_optional_time(row["done_at"]),
                username=row["username"],
                first_name=row["first_name"],
            )
            for row in rows
        ]

    async def _execute_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        if not rows:
            return
        try:
            cursor = await self._connection().executemany(sql, rows)
            await cursor.close()
        except sqlite3.Error as exc:
            raise DatabaseError(f"{self.path}: {exc}") from exc

    # == Named lists of people and notice audiences ======================================
    # A list holds user ids; only members who have written to the bot (a ``users`` row) can be
    # reached. An audience is an ordered list of ``AudienceSource``; a chat is counted under the
    # first source that includes it, so the counts add up to the number of distinct chats.

    async def create_list(self, name: str, created_by: int | None) -> bool:
        """A new, empty list; False when one of that name exists."""
        async with self._exclusive():
            added = await self._execute(
                "INSERT INTO person_lists (name, created_by, created_at) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (_check_list_name(name), created_by, self._now()),
            )
        return added > 0

    async def person_lists(self, names: Sequence[str] | None = None) -> list[PersonList]:
        """Every list (or those named), by name, with its member and reachable counts."""
        where, params = "", tuple[str, ...]()
        if names is not None:
            if not names:
                return []
            where = f"WHERE l.name IN ({', '.join('?' * len(names))})"
            params = tuple(names)
        async with self._exclusive():
            rows = await self._rows(
                f"""
                SELECT l.name, l.created_by, l.created_at, COUNT(m.user_id) AS members,
                       COUNT(u.user_id) AS reachable
                FROM person_lists AS l
                LEFT JOIN person_list_members AS m ON m.list_name = l.name
                LEFT JOIN users AS u ON u.user_id = m.user_id
                {where} GROUP BY l.name ORDER BY l.name
                """,
                params,
            )
        return [
            PersonList(
                name=row["name"],
                members=int(row["members"]),
                reachable=int(row["reachable"]),
                created_by=row["created_by"],
                created_at=_time_from_text(row["created_at"]),
            )
            for row in rows
        ]

    async def list_members(self, name: str) -> list[ListMember]:
        """The members of a list, by user id, with their names when they have written."""
        async with self._exclusive():
            rows = await self._rows(
                """
                SELECT m.user_id, m.added_by, u.username, u.first_name,
                       u.user_id IS NOT NULL AS reachable
                FROM person_list_members AS m LEFT JOIN users AS u ON u.user_id = m.user_id
                WHERE m.list_name = ? ORDER BY m.user_id
                """,
                (name,),
            )
        return [
            ListMember(
                user_id=row["user_id"],
                username=row["username"],
                first_name=row["first_name"] or "",
                reachable=bool(row["reachable"]),
                added_by=row["added_by"],
            )
            for row in rows
        ]

    async def add_list_members(
        self, name: str, user_ids: Sequence[int], added_by: int | None
    ) -> int:
        """Add users to an existing list; how many were not on it yet.
        RecordNotFoundError when there is no such list."""
        now = self._now()
        async with self.transaction():
            if await self._row("SELECT 1 FROM person_lists WHERE name = ?", (name,)) is None:
                raise RecordNotFoundError(f"no list {name!r}")
            added = 0
            for user_id in dict.fromkeys(user_ids):
                added += await self._execute(
                    "INSERT INTO person_list_members (list_name, user_id, added_by, added_at)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (name, user_id, added_by, now),
                )
        return added

    async def remove_list_members(self, name: str, user_ids: Sequence[int]) -> int:
        """Take users off a list; how many were on it."""
        if not user_ids:
            return 0
        marks = ", ".join("?" * len(user_ids))
        async with self._exclusive():
            return await self._execute(
                f"DELETE FROM person_list_members WHERE list_name = ? AND user_id IN ({marks})",
                (name, *user_ids),
            )

    async def audience_counts(self, sources: Sequence[AudienceSource]) -> list[int]:
        """How many chats each source brings now (each chat under its first source)."""
        counts = [0] * len(sources)
        if not sources:
            return counts
        chosen, params = _audience_sql(sources)
        async with self._exclusive():
            rows = await self._rows(
                f"SELECT rank, COUNT(*) AS n FROM ({chosen}) GROUP BY rank", params
            )
        for row in rows:
            counts[int(row["rank"])] = int(row["n"])
        return counts

    async def _audience_targets(
        self, sources: Sequence[AudienceSource]
    ) -> list[tuple[int, str | None, str | None]]:
        """(chat, chosen language, Telegram language) of every chat of the audience."""
        if not sources:
            return []
        chosen, params = _audience_sql(sources)
        rows = await self._rows(
            f"""
            SELECT a.chat_id, p.language AS chosen, u.language_code
            FROM ({chosen}) AS a
            LEFT JOIN users AS u ON u.user_id = a.chat_id
            LEFT JOIN preferences AS p ON p.user_id = a.chat_id
            ORDER BY a.chat_id
            """,
            params,
        )
        return [(int(row["chat_id"]), row["chosen"], row["language_code"]) for row in rows]

    # == Question insights =======================================================================
    # A row: the normalised question, the interface language, the outcome, the time, and
    # later the record picked or the rating. Rows older than the retention are pruned.

    async def record_question(
        self,
        question: str,
        language: Language,
        outcome: QuestionOutcome,
        answered: str | None = None,
    ) -> int:
        """Keep a free-text question and what it got; the row's id (for its buttons)."""
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}; expected one of {LANGUAGES}")
        async with self._exclusive():
            return await self._insert(
                "INSERT INTO questions (question, language, outcome, answered, asked_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (question, language, outcome, answered, self._now()),
            )

    async def record_questions(self, questions: Sequence[NewQuestion]) -> None:
        """Keep several questions at once, with the ids the caller numbered them with."""
        for question in questions:
            if question.language not in LANGUAGES:
                raise ValueError(f"unknown language {question.language!r}")
        async with self.transaction():  # one commit for the batch, not one per row
            await self._execute_many(
                "INSERT INTO questions (id, question, language, outcome, answered, asked_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (q.id, q.question, q.language, q.outcome, q.answered, _time_to_text(q.at))
                    for q in questions
                ],
            )

    async def last_question_id(self) -> int:
        """The highest question id ever given, pruned ones included (ids are never reused)."""
        async with self._exclusive():
            row = await self._row(
                "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'questions'),"
                " 0), COALESCE((SELECT MAX(id) FROM questions), 0)) AS last"
            )
        return 0 if row is None else int(row["last"])

    async def rate_answer(self, question_id: int, rating: Rating) -> bool:
        """👍 or 👎 on an answer; False when it was rated already (one press per answer) or
        the row is gone."""
        async with self._exclusive():
            changed = await self._execute(
                "UPDATE questions SET rating = ?"
                " WHERE id = ? AND outcome = 'answered' AND rating IS NULL",
                (rating, question_id),
            )
        return changed > 0

    async def record_pick(self, question_id: int, record_id: str) -> bool:
        """The record the delegate chose after the answer (the last choice counts)."""
        async with self._exclusive():
            changed = await self._execute(
                "UPDATE questions SET picked = ? WHERE id = ?", (record_id, question_id)
            )
        return changed > 0

    async def question_text(self, question_id: int) -> str | None:
        async with self._exclusive():
            row = await self._row("SELECT question FROM questions WHERE id = ?", (question_id,))
        return None if row is None else str(row["question"])

    async def question_insights(
        self, since: dt.datetime, limit: int = 10
    ) -> list[QuestionInsight]:
        """The questions asked since ``since`` without a confident answer (no answer, choices,
        an answer disliked or corrected by a "did you mean"), grouped by text, most asked
        first."""
        wanted = (
            "FROM questions WHERE asked_at >= ? AND"
            " (outcome <> 'answered' OR rating = 'down' OR picked IS NOT NULL)"
        )
        async with self._exclusive():
            groups = await self._rows(
                f"""
                SELECT question, COUNT(*) AS asked,
                       SUM(outcome = 'no_answer') AS unanswered,
                       SUM(outcome = 'choices') AS choices,
                       SUM(outcome = 'answered' AND rating IS 'down') AS disliked,
                       SUM(outcome = 'answered' AND picked IS NOT NULL) AS repicked,
                       GROUP_CONCAT(DISTINCT language) AS languages,
                       MAX(id) AS latest_id, MAX(asked_at) AS last_asked
                {wanted}
                GROUP BY question ORDER BY asked DESC, latest_id DESC LIMIT ?
                """,
                (_time_to_text(since), _check_limit(limit)),
            )
            texts = [str(row["question"]) for row in groups]
            marks = ", ".join("?" * len(texts))
            picks = await self._rows(
                f"SELECT question, picked, COUNT(*) AS n, MAX(id) AS latest {wanted}"
                f" AND picked IS NOT NULL AND question IN ({marks})"
                " GROUP BY question, picked ORDER BY n DESC, latest DESC",
                (_time_to_text(since), *texts),
            )
        favourite: dict[str, str] = {}
        for row in picks:
            favourite.setdefault(str(row["question"]), str(row["picked"]))
        return [
            QuestionInsight(
                question=str(row["question"]),
                asked=int(row["asked"]),
                unanswered=int(row["unanswered"]),
                choices=int(row["choices"]),
                disliked=int(row["disliked"]),
                repicked=int(row["repicked"]),
                languages=tuple(sorted(str(row["languages"]).split(","))),
                picked=favourite.get(str(row["question"])),
                latest_id=int(row["latest_id"]),
                last_asked=_time_from_text(row["last_asked"]),
            )
            for row in groups
        ]

    async def answer_ratings(self, since: dt.datetime) -> tuple[int, int]:
        """(👍, 👎) given to answers since ``since``."""
        async with self._exclusive():
            row = await self._row(
                "SELECT COALESCE(SUM(rating = 'up'), 0) AS up,"
                " COALESCE(SUM(rating = 'down'), 0) AS down"
                " FROM questions WHERE asked_at >= ? AND rating IS NOT NULL",
                (_time_to_text(since),),
            )
        return (0, 0) if row is None else (int(row["up"]), int(row["down"]))

    async def prune_questions(self, before: dt.datetime) -> int:
        """Forget the questions asked before ``before``; how many went."""
        async with self._exclusive():
            return await self._execute(
                "DELETE FROM questions WHERE asked_at < ?", (_time_to_text(before),)
            )

    # == Operations: the notices API's idempotency keys, figures for metrics ====================

    async def api_notice_key(self, client: str, key: str) -> ApiNoticeKey | None:
        """The notice an API client created with this ``Idempotency-Key``, if any."""
        async with self._exclusive():
            row = await self._row(
                "SELECT notice_id, request_sha256 FROM api_notice_keys"
                " WHERE client = ? AND idempotency_key = ?",
                (client, key),
            )
        if row is None:
            return None
        return ApiNoticeKey(int(row["notice_id"]), str(row["request_sha256"]))

    async def remember_api_notice_key(
        self, client: str, key: str, request_sha256: str, notice_id: int
    ) -> None:
        """Bind a client's ``Idempotency-Key`` to the notice it created (once: a second binding
        of the same key is refused by the primary key)."""
        async with self._exclusive():
            await self._insert(
                "INSERT INTO api_notice_keys"
                " (client, idempotency_key, request_sha256, notice_id, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (client, key, request_sha256, notice_id, self._now()),
            )

    async def operational_counts(self) -> OperationalCounts:
        """Notices and deliveries by state (for metrics)."""
        async with self._exclusive():
            notices = await self._rows("SELECT state, COUNT(*) AS n FROM notices GROUP BY state")
            deliveries = await self._rows(
                "SELECT state, COUNT(*) AS n FROM deliveries GROUP BY state"
            )
        return OperationalCounts(
            notices={str(r["state"]): int(r["n"]) for r in notices},
            deliveries={str(r["state"]): int(r["n"]) for r in deliveries},
        )

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


# == Helpers for notices =========================================================================


def _optional_text(moment: dt.datetime | None) -> str | None:
    return None if moment is None else _time_to_text(moment)


def _seconds(delta: dt.timedelta | None) -> int | None:
    return None if delta is None else round(delta.total_seconds())


_LIST_NAME_RE = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")


def _check_list_name(name: str) -> str:
    if not _LIST_NAME_RE.fullmatch(name):
        raise ValueError(f"list name {name!r}: lowercase letters, digits, - and _ (at most 32)")
    return name


def _audience_sql(sources: Sequence[AudienceSource]) -> tuple[str, tuple[str, ...]]:
    """A query of (chat_id, rank): each chat of the audience once, with the index of the
    first source that includes it. List members count only once they have written."""
    parts: list[str] = []
    params: list[str] = []
    for rank, source in enumerate(sources):  # rank is our own integer
        if source.kind == "list":
            parts.append(
                f"SELECT m.user_id AS chat_id, {rank} AS rank FROM person_list_members AS m"
                " JOIN users AS u ON u.user_id = m.user_id WHERE m.list_name = ?"
            )
            params.append(source.key)
        elif source.kind == "topic":
            parts.append(f"SELECT chat_id, {rank} AS rank FROM subscriptions WHERE topic = ?")
            params.append(_check_topic(source.key))
        elif source.kind == "any":
            parts.append(f"SELECT chat_id, {rank} AS rank FROM subscriptions")
        else:
            raise ValueError(f"unknown audience source {source.kind!r}")
    union = " UNION ALL ".join(parts)
    return f"SELECT chat_id, MIN(rank) AS rank FROM ({union}) GROUP BY chat_id", tuple(params)


def _notice_from_row(row: sqlite3.Row) -> Notice:
    lead = row["lead_seconds"]
    late = row["late_seconds"]
    return Notice(
        id=row["id"],
        kind=row["kind"],
        state=row["state"],
        texts=json.loads(row["texts"]),
        topics=tuple(json.loads(row["topics"])),
        link=row["link"],
        send_at=_optional_time(row["send_at"]),
        meeting_id=row["meeting_id"],
        lead=None if lead is None else dt.timedelta(seconds=lead),
        meeting_start=_optional_time(row["meeting_start"]),
        created_by=row["created_by"],
        created_at=_time_from_text(row["created_at"]),
        confirmed_by=row["confirmed_by"],
        confirmed_at=_optional_time(row["confirmed_at"]),
        queued_at=_optional_time(row["queued_at"]),
        late=None if late is None else dt.timedelta(seconds=late),
        finished_at=_optional_time(row["finished_at"]),
        note=row["note"],
        report_chat_id=row["report_chat_id"],
        report_message_id=row["report_message_id"],
        report_language=row["report_language"],
        report_final=bool(row["report_final"]),
        report_digest=row["report_digest"],
    )


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
