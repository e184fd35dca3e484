"""The bot's database: every SQL statement of the project lives in this package.

One :class:`Storage` wraps one database connection. Its methods are named for what the bot
means to do (``subscribe``, ``active_kb_version``, …) and return plain frozen dataclasses or
built-in values, never rows. Times are stored as UTC ISO-8601 text and returned as aware
datetimes.

    store = await Storage.open("data/delegate-bot.sqlite3")
    async with store.transaction():          # several statements, all or nothing
        await store.grant_role(42, "admin", granted_by=None)
        await store.audit(None, "role.grant", "42 admin")
    await store.close()

The package has one module per area, each a class that :class:`Storage` combines:

    base           the connection, transactions and statement helpers
    schema         MIGRATIONS and how they are applied
    users          users and their preferences
    subscriptions  subscriptions, named lists of people and notice audiences
    roles          roles granted in the database
    kb             knowledge-base versions, activations and the audit log
    notices        notices and their progress reports
    deliveries     the delivery queue
    questions      question insights
    operations     the notices API's idempotency keys, figures for metrics
    backup         backups

Concurrency: statements run one at a time on the connection's worker thread. A
:meth:`Storage.transaction` belongs to the task that opened it: other tasks' calls wait until it
ends, calls from the same task join it (nested blocks become savepoints). Inside a transaction,
do not await another task that uses the same Storage — it would wait for you forever.

Schema: ``MIGRATIONS`` is an ordered list; the file's ``PRAGMA user_version`` says how many are
applied. :meth:`Storage.open` applies the missing ones, each in its own transaction, and refuses
a file written by a newer program. A new feature appends a migration (never edits a shipped
one) and adds its functions in the module of its area (or a new one).

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

from bot.storage.backup import BackupStore
from bot.storage.deliveries import DeliveryStore
from bot.storage.errors import (
    DatabaseError,
    MigrationError,
    RecordNotFoundError,
    SchemaTooNewError,
    StorageClosedError,
    StorageError,
)
from bot.storage.kb import KbStore
from bot.storage.notices import NoticeStore
from bot.storage.operations import OperationsStore
from bot.storage.questions import QuestionStore
from bot.storage.roles import RoleStore
from bot.storage.schema import LIST_TABLES, MIGRATIONS, OPERATIONS_TABLES, SCHEMA_VERSION
from bot.storage.users import UserStore
from bot.storage.values import (
    ANY_LANGUAGE,
    FINAL_NOTICE_STATES,
    LANGUAGES,
    ROLES,
    TOPIC_ALL,
    Actor,
    ApiNoticeKey,
    AudienceKind,
    AudienceSource,
    AuditEntry,
    DeliveryFigures,
    DeliveryOutcome,
    DeliveryState,
    Doubt,
    KbActivation,
    KbVersion,
    Language,
    ListMember,
    NewNotice,
    NewQuestion,
    Notice,
    NoticeKind,
    NoticeState,
    OperationalCounts,
    PersonList,
    Preferences,
    QuestionInsight,
    QuestionOutcome,
    QueuedDelivery,
    Rating,
    Role,
    RoleGrant,
)

__all__ = [
    "ANY_LANGUAGE",
    "FINAL_NOTICE_STATES",
    "LANGUAGES",
    "LIST_TABLES",
    "MIGRATIONS",
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


class Storage(
    UserStore,
    NoticeStore,  # a SubscriptionStore: queueing a notice reads its audience
    RoleStore,
    KbStore,
    DeliveryStore,
    QuestionStore,
    OperationsStore,
    BackupStore,
):
    """The bot's database. Create with ``await Storage.open(path)``; close with ``close()``."""
