"""The schema: one ordered list of migrations, and how they are applied."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import aiosqlite
import asyncpg

from bot.storage.errors import MigrationError, SchemaTooNewError

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
    # 5: several processes on one database. Which connection claimed a delivery (PostgreSQL's
    # backend pid, so a claim whose process died can be told from one still in flight), and
    # Telegram's flood-control pause, which holds for the bot token, not for one process.
    (
        "ALTER TABLE deliveries ADD COLUMN claimed_by INTEGER",
        """
        CREATE TABLE sender_pause (
            id           INTEGER PRIMARY KEY CHECK (id = 1),
            paused_until TEXT NOT NULL     -- UTC; no message goes out before
        )
        """,
    ),
    # 6: operations: the notices API's idempotency keys (one notice per client and key), the
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
        # 1: sent as a paid broadcast; NULL: not (so rows written before hold nothing new)
        "ALTER TABLE deliveries ADD COLUMN paid INTEGER CHECK (paid = 1)",
    ),
    # 7: Telegram's send rate is the bot token's, shared by every process that sends: when the
    # next message may go out, in seconds since 1970 on the database's clock (one clock for
    # every process). Senders reserve turns from it a few at a time.
    (
        """
        CREATE TABLE send_budget (
            id        INTEGER PRIMARY KEY CHECK (id = 1),
            next_turn DOUBLE PRECISION NOT NULL
        )
        """,
    ),
)

SCHEMA_VERSION = len(MIGRATIONS)
#: The tables of migration 3 (named lists).
LIST_TABLES: tuple[str, ...] = ("person_lists", "person_list_members")
#: The table of migration 6 (operations).
OPERATIONS_TABLES: tuple[str, ...] = ("api_notice_keys",)


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


# == The PostgreSQL dialect of the same migrations ================================================
# One list of migrations, written for SQLite; these are every difference PostgreSQL needs, applied
# in order to each statement. Telegram ids pass 2**31, so every integer is a BIGINT there.

POSTGRES_REWRITES: tuple[tuple[str, str], ...] = (
    # A table's own counter: SQLite's rowid alias (with or without AUTOINCREMENT).
    (
        r"\bid(\s+)INTEGER PRIMARY KEY( AUTOINCREMENT)?",
        r"id\1BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
    ),
    (r"\bINTEGER\b", "BIGINT"),
    (r"\)\s*WITHOUT ROWID", ")"),
    # Usernames are compared without case: SQLite's NOCASE index, PostgreSQL's index on lower().
    (r"\(username COLLATE NOCASE\)", "(lower(username))"),
)
#: Where PostgreSQL keeps how many migrations are applied (SQLite: ``PRAGMA user_version``).
POSTGRES_VERSION_TABLE = "delegate_bot_schema"
#: Serialises migrations across processes that start at the same moment.
_MIGRATION_LOCK = 0x64656C65  # "dele"


def postgres_statement(statement: str) -> str:
    """One migration statement in PostgreSQL's dialect."""
    for pattern, replacement in POSTGRES_REWRITES:
        statement = re.sub(pattern, replacement, statement)
    return statement


async def migrate_postgres(
    conn: asyncpg.Connection, where: str, migrations: Sequence[Sequence[str]]
) -> None:
    """Apply the missing migrations on PostgreSQL, one transaction each."""
    latest = len(migrations)
    await conn.execute(
        f"CREATE TABLE IF NOT EXISTS {POSTGRES_VERSION_TABLE} (version BIGINT NOT NULL)"
    )
    while True:
        async with conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock($1)", _MIGRATION_LOCK)
            current = await conn.fetchval(f"SELECT MAX(version) FROM {POSTGRES_VERSION_TABLE}")
            current = int(current or 0)
            if current > latest:
                raise _schema_too_new(Path(where), current, latest)
            if current == latest:
                return
            try:
                async with conn.transaction():  # a savepoint: the failure is rolled back
                    for statement in migrations[current]:
                        await conn.execute(postgres_statement(statement))
                    await conn.execute(
                        f"INSERT INTO {POSTGRES_VERSION_TABLE} (version) VALUES ($1)", current + 1
                    )
            except asyncpg.PostgresError as exc:
                raise MigrationError(
                    f"{where}: migration {current + 1} failed and was rolled back: {exc}"
                ) from exc
