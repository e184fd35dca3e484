"""A whole deployment copied between databases (SQLite ↔ PostgreSQL), row by row.

The target is migrated to the same schema first (``Storage.open`` does it); rows keep their
ids, and PostgreSQL's counters are moved past them, so nothing is renumbered and later rows
never collide. A target that holds any row is refused unless ``replace`` is given, which
empties it first — all in one transaction on the target.
"""

from __future__ import annotations

from bot.storage.base import StorageBase
from bot.storage.errors import StorageError
from bot.storage.questions import QuestionStore

#: Every table of the schema, parents before children (foreign keys hold at every row).
TABLES: tuple[str, ...] = (
    "users",
    "preferences",
    "subscriptions",
    "roles",
    "kb_versions",
    "kb_activations",
    "audit_log",
    "notices",
    "deliveries",
    "person_lists",
    "person_list_members",
    "questions",
    "sender_pause",
    "api_notice_keys",
    "send_budget",
)
#: The tables whose ``id`` is a counter (identity on PostgreSQL).
COUNTED: tuple[str, ...] = (
    "kb_versions",
    "kb_activations",
    "audit_log",
    "notices",
    "deliveries",
    "questions",
    "sender_pause",
    "send_budget",
)
_BATCH = 1000


class TargetNotEmptyError(StorageError):
    """The target database already holds data (copy with ``replace`` to overwrite it)."""


async def row_counts(store: StorageBase) -> dict[str, int]:
    """How many rows each table holds."""
    counts = {}
    async with store._exclusive():
        for table in TABLES:  # our own names
            row = await store._row(f"SELECT COUNT(*) AS n FROM {table}")
            counts[table] = 0 if row is None else int(row["n"])
    return counts


async def copy_database(
    source: QuestionStore, target: StorageBase, *, replace: bool = False
) -> dict[str, int]:
    """Copy every row of ``source`` into ``target``; the rows copied per table."""
    existing = await row_counts(target)
    if any(existing.values()) and not replace:
        held = ", ".join(f"{table} {n}" for table, n in existing.items() if n)
        raise TargetNotEmptyError(
            f"{target.location} is not empty ({held}); copy with --force to replace it"
        )
    snapshot: dict[str, list[tuple[list[str], list[tuple[object, ...]]]]] = {}
    async with source.transaction():  # one consistent snapshot of the source
        if source.dialect.name == "postgresql":
            await source._execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        last_question = await source.last_question_id()
        for table in TABLES:  # our own names
            rows = await source._rows(f"SELECT * FROM {table}")
            columns = list(rows[0].keys()) if rows else []
            snapshot[table] = [(columns, [tuple(row[c] for c in columns) for row in rows])]
    copied: dict[str, int] = {}
    async with target.transaction():
        for table in reversed(TABLES):
            await target._execute(f"DELETE FROM {table}")
        for table in TABLES:
            [(columns, values)] = snapshot[table]
            copied[table] = len(values)
            if not values:
                continue
            marks = ", ".join("?" * len(columns))
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
            for start in range(0, len(values), _BATCH):
                await target._execute_many(sql, values[start : start + _BATCH])
        await _move_counters(target, last_question)
    return copied


async def _move_counters(target: StorageBase, last_question: int) -> None:
    if target.dialect.name == "postgresql":
        for table in COUNTED:
            floor = last_question if table == "questions" else 0
            await target._rows(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" GREATEST(COALESCE((SELECT MAX(id) FROM {table}), 0), ?, 1),"
                f" GREATEST(COALESCE((SELECT MAX(id) FROM {table}), 0), ?) > 0)",
                (floor, floor),
            )
    elif last_question:
        # A pruned question's id is never given again: SQLite keeps that in sqlite_sequence.
        await target._execute("DELETE FROM sqlite_sequence WHERE name = 'questions'")
        await target._execute(
            "INSERT INTO sqlite_sequence (name, seq) VALUES ('questions', ?)", (last_question,)
        )
