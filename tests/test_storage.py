from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from bot.storage import (
    LIST_TABLES,
    MIGRATIONS,
    SCHEMA_VERSION,
    DatabaseError,
    MigrationError,
    NewNotice,
    Preferences,
    RecordNotFoundError,
    SchemaTooNewError,
    Storage,
    StorageClosedError,
    StorageError,
)

E = TypeVar("E", bound=BaseException)

START = dt.datetime(2020, 6, 10, 8, 0, tzinfo=dt.UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: dt.datetime = START) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += dt.timedelta(**kwargs)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "bot.sqlite3"


@pytest.fixture
async def store(database: str | Path, clock: Clock) -> AsyncIterator[Storage]:
    """A Storage on each backend in turn (see ``database`` in conftest)."""
    storage = await Storage.open(database, clock=clock)
    yield storage
    await storage.close()


@pytest.fixture
async def sqlite_store(db_path: Path, clock: Clock) -> AsyncIterator[Storage]:
    """For what only SQLite has: its file, its pragmas, its online backup."""
    storage = await Storage.open(db_path, clock=clock)
    yield storage
    await storage.close()


def user_version(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {row[0] for row in rows}


async def open_fails(path: Path, expected: type[E], **kwargs: Any) -> E:
    """Open must raise ``expected``; a Storage opened by mistake is closed, so its worker
    thread cannot keep the test process alive."""
    try:
        opened = await Storage.open(path, **kwargs)
    except expected as exc:
        return exc
    await opened.close()
    raise AssertionError(f"Storage.open({path}) did not raise {expected.__name__}")


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# == Opening and migrations ======================================================================


async def test_fresh_open_creates_folder_and_schema(db_path: Path) -> None:
    assert not db_path.parent.exists()
    async with await Storage.open(db_path) as store:
        assert store.path == db_path
    assert db_path.is_file()
    assert user_version(db_path) == SCHEMA_VERSION == len(MIGRATIONS)
    assert {
        "users",
        "preferences",
        "subscriptions",
        "roles",
        "kb_versions",
        "kb_activations",
        "audit_log",
    } <= tables(db_path)


async def test_reopening_a_migrated_file_keeps_its_data(db_path: Path) -> None:
    async with await Storage.open(db_path) as store:
        await store.subscribe(1, "M2")
    with sqlite3.connect(db_path) as conn:
        schema_before = conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    async with await Storage.open(db_path) as store:
        assert await store.subscriptions(1) == ["M2"]
    with sqlite3.connect(db_path) as conn:
        schema_after = conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    assert schema_after == schema_before
    assert user_version(db_path) == SCHEMA_VERSION


async def test_a_newer_schema_is_refused(db_path: Path) -> None:
    async with await Storage.open(db_path):
        pass
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    error = await open_fails(db_path, SchemaTooNewError)
    assert f"schema version {SCHEMA_VERSION + 1}" in str(error)
    assert f"only up to {SCHEMA_VERSION}" in str(error)
    assert isinstance(error, StorageError)
    assert user_version(db_path) == SCHEMA_VERSION + 1  # left untouched


async def test_a_new_migration_is_applied_on_the_next_open(db_path: Path) -> None:
    async with await Storage.open(db_path) as store:
        await store.audit(None, "before", "upgrade")
    upgraded = (*MIGRATIONS, ("CREATE TABLE extra (x INTEGER)",))
    async with await Storage.open(db_path, migrations=upgraded) as store:
        assert [e.action for e in await store.recent_audit()] == ["before"]
    assert user_version(db_path) == SCHEMA_VERSION + 1
    assert "extra" in tables(db_path)


async def test_a_failing_migration_is_rolled_back(db_path: Path) -> None:
    async with await Storage.open(db_path):
        pass
    broken = (*MIGRATIONS, ("CREATE TABLE extra (x INTEGER)", "THIS IS NOT SQL"))
    error = await open_fails(db_path, MigrationError, migrations=broken)
    assert f"migration {SCHEMA_VERSION + 1} failed and was rolled back" in str(error)
    assert user_version(db_path) == SCHEMA_VERSION
    assert "extra" not in tables(db_path)
    async with await Storage.open(db_path) as store:  # still usable
        assert await store.subscribe(5)


async def test_connection_settings(sqlite_store: Storage, db_path: Path) -> None:
    conn = sqlite_store._connection().raw
    assert conn is not None
    pragmas = {}
    for name in ("journal_mode", "busy_timeout", "foreign_keys", "synchronous"):
        rows = list(await conn.execute_fetchall(f"PRAGMA {name}"))
        pragmas[name] = rows[0][0]
    assert pragmas == {
        "journal_mode": "wal",
        "busy_timeout": 5000,
        "foreign_keys": 1,
        "synchronous": 1,
    }
    # WAL is a property of the file: another connection sees it too.
    with sqlite3.connect(db_path) as other:
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_use_after_close_is_refused(database: str | Path) -> None:
    store = await Storage.open(database)
    await store.close()
    await store.close()  # idempotent
    with pytest.raises(StorageClosedError):
        await store.subscriptions(1)


async def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(b"this is not an SQLite file" * 100)
    error = await open_fails(path, DatabaseError)
    assert str(path) in str(error)


# == Users and preferences =======================================================================


async def test_remember_user_reports_the_first_contact(store: Storage, clock: Clock) -> None:
    assert await store.remember_user(10, 10, "Alice", "Alice", "zh-hans") is True
    clock.advance(minutes=5)
    assert await store.remember_user(10, 10, "Alice", "Alice", "zh-hans") is False
    assert await store.user_by_username("alice") == 10


async def test_user_by_username_ignores_case_and_at(store: Storage) -> None:
    await store.remember_user(10, 100, "@Delegate_CH", "Anna", "en")
    await store.remember_user(11, 110, None, "Ben", None)
    for asked in ("delegate_ch", "@DELEGATE_CH", " Delegate_CH "):
        assert await store.user_by_username(asked) == 10
    assert await store.user_by_username("delegate") is None
    assert await store.user_by_username("@") is None
    assert await store.user_by_username("") is None


async def test_a_username_moves_with_its_owner(store: Storage) -> None:
    await store.remember_user(10, 10, "chair", "Old", "en")
    await store.remember_user(20, 20, "Chair", "New", "en")  # Telegram gave the name to 20
    assert await store.user_by_username("chair") == 20
    await store.remember_user(20, 20, "vicechair", "New", "en")
    assert await store.user_by_username("chair") is None
    assert await store.user_by_username("vicechair") == 20


async def test_preferences(store: Storage) -> None:
    assert await store.user_preferences(7) is None
    await store.set_language(7, "zh-Hant")  # works before the user is remembered
    assert await store.user_preferences(7) == Preferences(language="zh-Hant", timezone=None)
    await store.set_timezone(7, "Asia/Shanghai")
    assert await store.user_preferences(7) == Preferences("zh-Hant", "Asia/Shanghai")
    await store.set_language(7, "en")
    assert await store.user_preferences(7) == Preferences("en", "Asia/Shanghai")
    await store.set_language(7, None)
    assert await store.user_preferences(7) == Preferences(None, "Asia/Shanghai")
    assert await store.user_preferences(8) is None
    with pytest.raises(ValueError, match="unknown language"):
        await store.set_language(7, "fr")  # type: ignore[arg-type]


# == Subscriptions ===============================================================================


async def test_subscribe_twice_is_idempotent(store: Storage) -> None:
    assert await store.subscribe(1) is True
    assert await store.subscribe(1) is False
    assert await store.subscriptions(1) == ["all"]
    assert await store.count_subscribers() == 1


async def test_unsubscribe_one_topic_keeps_the_others(store: Storage) -> None:
    for topic in ("M2", "A23.3", "bureau"):
        await store.subscribe(1, topic)
    await store.subscribe(2, "M2")
    assert await store.unsubscribe(1, "M2") == 1
    assert await store.subscriptions(1) == ["A23.3", "bureau"]
    assert await store.subscriptions(2) == ["M2"]
    assert await store.unsubscribe(1, "M2") == 0
    assert await store.unsubscribe(1) == 2
    assert await store.subscriptions(1) == []
    assert await store.subscriptions(2) == ["M2"]


async def test_topic_audience_includes_all_subscribers_once(store: Storage) -> None:
    await store.subscribe(1, "all")
    await store.subscribe(1, "M2")  # both: still one delivery
    await store.subscribe(2, "M2")
    await store.subscribe(3, "A23.3")
    await store.subscribe(-1001, "all")  # a group
    assert await store.subscribers("M2") == [-1001, 1, 2]
    assert await store.count_subscribers("M2") == 3
    assert await store.subscribers("A23.3") == [-1001, 1, 3]
    assert await store.subscribers("bureau") == [-1001, 1]
    assert await store.subscribers() == [-1001, 1, 2, 3]
    assert await store.count_subscribers() == 4


async def test_topic_must_be_an_id(store: Storage) -> None:
    for topic in ("", " M2"):
        with pytest.raises(ValueError, match="topic"):
            await store.subscribe(1, topic)


# == Roles =======================================================================================


async def test_grant_and_revoke_roles(store: Storage, clock: Clock) -> None:
    assert await store.roles_of(5) == frozenset()
    assert await store.grant_role(5, "admin", granted_by=None) is True
    clock.advance(seconds=1)
    assert await store.grant_role(5, "admin", granted_by=9) is False
    assert await store.grant_role(5, "secretariat", granted_by=9) is True
    assert await store.grant_role(3, "secretariat", granted_by=5) is True
    assert await store.roles_of(5) == frozenset({"admin", "secretariat"})

    grants = await store.all_roles()
    assert [(g.role, g.user_id, g.granted_by) for g in grants] == [
        ("admin", 5, None),  # the first grant is kept
        ("secretariat", 3, 5),
        ("secretariat", 5, 9),
    ]
    assert grants[0].granted_at == START

    assert await store.revoke_role(5, "admin") is True
    assert await store.revoke_role(5, "admin") is False
    assert await store.roles_of(5) == frozenset({"secretariat"})
    with pytest.raises(ValueError, match="unknown role"):
        await store.grant_role(5, "owner", granted_by=None)  # type: ignore[arg-type]


# == Knowledge-base versions =====================================================================


async def test_kb_versions_and_the_active_one(store: Storage, clock: Clock) -> None:
    assert await store.active_kb_version() is None
    first = await store.add_kb_version("a: 1\n", sha("a: 1\n"), created_by=None, summary="bundled")
    clock.advance(minutes=1)
    second = await store.add_kb_version("a: 2\n", sha("a: 2\n"), created_by=42, summary="fix")
    assert second > first
    assert await store.active_kb_version() is None  # added is not active

    listed = await store.kb_versions()
    assert [v.id for v in listed] == [second, first]  # newest first
    assert all(v.yaml_text is None and not v.is_active for v in listed)
    assert listed[0].created_by == 42
    assert listed[0].created_at == START + dt.timedelta(minutes=1)

    clock.advance(minutes=1)
    await store.activate_kb_version(first, activated_by=None)
    active = await store.active_kb_version()
    assert active is not None
    assert (active.id, active.yaml_text, active.sha256) == (first, "a: 1\n", sha("a: 1\n"))
    assert active.is_active and active.activated_at == START + dt.timedelta(minutes=2)

    clock.advance(minutes=1)
    await store.activate_kb_version(second, activated_by=42)
    active = await store.active_kb_version()
    assert active is not None and active.id == second and active.activated_by == 42

    # Rolling back is activating the older version again.
    clock.advance(minutes=1)
    await store.activate_kb_version(first, activated_by=7)
    active = await store.active_kb_version()
    assert active is not None and active.id == first and active.activated_by == 7
    assert active.activated_at == START + dt.timedelta(minutes=4)
    assert [(v.id, v.is_active) for v in await store.kb_versions()] == [
        (second, False),
        (first, True),
    ]
    assert [v.id for v in await store.kb_versions(limit=1)] == [second]


async def test_kb_version_lookup_and_unknown_ids(store: Storage) -> None:
    version = await store.add_kb_version("b: 1\n", sha("b: 1\n").upper(), 1, "x")
    found = await store.kb_version(version)
    assert found is not None and found.yaml_text == "b: 1\n" and not found.is_active
    assert found.sha256 == sha("b: 1\n")  # kept in lower case
    assert found.activated_at is None
    assert await store.kb_version(version + 100) is None
    with pytest.raises(RecordNotFoundError):
        await store.activate_kb_version(version + 100, activated_by=1)
    assert await store.active_kb_version() is None
    with pytest.raises(ValueError, match="sha256"):
        await store.add_kb_version("c", "not-a-digest", 1, "x")
    with pytest.raises(ValueError, match="limit"):
        await store.kb_versions(limit=0)


# == Audit log ===================================================================================


async def test_audit_newest_first(store: Storage, clock: Clock) -> None:
    await store.audit(None, "kb.activate", "version 1")
    clock.advance(seconds=30)
    await store.audit(42, "role.grant", "7 admin")
    entries = await store.recent_audit()
    assert [(e.actor, e.action, e.detail) for e in entries] == [
        (42, "role.grant", "7 admin"),
        (None, "kb.activate", "version 1"),
    ]
    assert entries[0].at == START + dt.timedelta(seconds=30)
    assert entries[0].at.tzinfo is not None and entries[0].at.utcoffset() == dt.timedelta(0)
    assert [e.action for e in await store.recent_audit(limit=1)] == ["role.grant"]


async def test_times_are_stored_as_utc_text(db_path: Path) -> None:
    geneva_summer = dt.timezone(dt.timedelta(hours=2))
    local = dt.datetime(2020, 6, 10, 10, 0, tzinfo=geneva_summer)
    async with await Storage.open(db_path, clock=lambda: local) as store:
        await store.audit(None, "x", "y")
        [entry] = await store.recent_audit()
    assert entry.at == local and entry.at.utcoffset() == dt.timedelta(0)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT at FROM audit_log").fetchone()[0] == (
            "2020-06-10T08:00:00.000000+00:00"
        )


async def test_naive_clock_is_refused(database: str | Path) -> None:
    async with await Storage.open(database, clock=lambda: dt.datetime(2020, 6, 10)) as store:
        with pytest.raises(ValueError, match="naive"):
            await store.audit(None, "x", "y")


# == Transactions ================================================================================


async def test_transaction_commits_together(store: Storage) -> None:
    async with store.transaction():
        await store.grant_role(5, "admin", granted_by=None)
        await store.audit(None, "role.grant", "5 admin")
    assert await store.roles_of(5) == frozenset({"admin"})
    assert len(await store.recent_audit()) == 1


async def test_transaction_rolls_back_on_an_exception(
    store: Storage, database: str | Path
) -> None:
    await store.subscribe(1, "M1")
    with pytest.raises(RuntimeError, match="boom"):
        async with store.transaction():
            await store.subscribe(1, "M2")
            await store.grant_role(5, "admin", granted_by=None)
            raise RuntimeError("boom")
    assert await store.subscriptions(1) == ["M1"]
    assert await store.roles_of(5) == frozenset()
    # And the connection is usable again, outside any transaction.
    assert not store._connection().in_transaction
    await store.subscribe(1, "M3")
    async with await Storage.open(database) as other:  # committed: visible to another connection
        assert await other.subscriptions(1) == ["M1", "M3"]


async def test_nested_transaction_is_a_savepoint(store: Storage) -> None:
    async with store.transaction():
        await store.subscribe(1, "outer")
        with pytest.raises(KeyError):
            async with store.transaction():
                await store.subscribe(1, "inner")
                raise KeyError("inner fails")
        await store.subscribe(1, "after")
    assert await store.subscriptions(1) == ["after", "outer"]


async def test_other_tasks_wait_for_the_transaction(store: Storage) -> None:
    """A task writing during another task's transaction is neither part of it nor lost with it."""
    inside = asyncio.Event()
    order: list[str] = []

    async def failing_transaction() -> None:
        async with store.transaction():
            await store.subscribe(1, "M1")
            inside.set()
            await asyncio.sleep(0.05)  # let the other task try to write now
            order.append("rollback")
            raise RuntimeError("abandon")

    async def other_writer() -> None:
        await inside.wait()
        await store.subscribe(2, "M2")
        order.append("other wrote")

    results = await asyncio.gather(failing_transaction(), other_writer(), return_exceptions=True)
    assert isinstance(results[0], RuntimeError)
    assert order == ["rollback", "other wrote"]
    assert await store.subscriptions(1) == []
    assert await store.subscriptions(2) == ["M2"]


async def test_two_connections_share_the_database(database: str | Path) -> None:
    async with await Storage.open(database) as first, await Storage.open(database) as second:
        await first.grant_role(1, "admin", granted_by=None)
        assert await second.roles_of(1) == frozenset({"admin"})
        async with first.transaction():
            await first.revoke_role(1, "admin")
            # WAL: the other connection still reads the last committed state meanwhile.
            assert await second.roles_of(1) == frozenset({"admin"})
        assert await second.roles_of(1) == frozenset()


# == Backup ======================================================================================


def check_backup(path: Path) -> tuple[str, str, list[int]]:
    with sqlite3.connect(path) as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        journal = conn.execute("PRAGMA journal_mode").fetchone()[0]
        ids = [row[0] for row in conn.execute("SELECT id FROM audit_log ORDER BY id")]
    return integrity, journal, ids


async def test_backup_while_writes_continue(
    sqlite_store: Storage, db_path: Path, tmp_path: Path
) -> None:
    store = sqlite_store
    filler = "x" * 1000
    async with store.transaction():
        for n in range(2000):  # about 2 MB, so the copy takes a while
            await store.audit(None, "seed", f"{n} {filler}")
    stop = asyncio.Event()
    written = {"same": 0, "other": 0}

    async def keep_writing(target: Storage, key: str) -> None:
        for n in range(5000):  # bounded, whatever happens
            if stop.is_set():
                return
            await target.audit(None, key, f"{n} {filler}")
            written[key] += 1
            await asyncio.sleep(0)

    async def until_both_wrote_more_than(counts: dict[str, int]) -> None:
        for _ in range(1000):  # at most about 10 s
            if all(written[key] > counts[key] for key in counts):
                return
            await asyncio.sleep(0.01)
        raise AssertionError(f"writers stalled: {written}")

    other = await Storage.open(db_path)  # a second connection, as another process would have
    try:
        writers = [
            asyncio.create_task(keep_writing(store, "same")),
            asyncio.create_task(keep_writing(other, "other")),
        ]
        await until_both_wrote_more_than({"same": 0, "other": 0})
        backup = await asyncio.wait_for(store.backup_to(tmp_path / "backups" / "b.sqlite3"), 30)
        await until_both_wrote_more_than(dict(written))
        stop.set()
        await asyncio.gather(*writers)
    finally:
        await other.close()

    assert backup == tmp_path / "backups" / "b.sqlite3"
    assert not (tmp_path / "backups" / "b.sqlite3.partial").exists()
    integrity, journal, ids = await asyncio.to_thread(check_backup, backup)
    assert integrity == "ok"
    assert journal == "delete"  # one self-contained file
    # A snapshot: every seeded row, and ids without holes (no half-copied transaction).
    assert len(ids) >= 2000
    assert ids == list(range(1, len(ids) + 1))
    assert len(ids) < 2000 + written["same"] + written["other"]  # writes went on after it
    async with await Storage.open(backup) as restored:
        assert (await restored.recent_audit(limit=1))[0].id == ids[-1]


async def test_backup_refuses_its_own_file(sqlite_store: Storage, db_path: Path) -> None:
    with pytest.raises(StorageError, match="onto itself"):
        await sqlite_store.backup_to(db_path)


async def test_backup_replaces_an_older_copy(sqlite_store: Storage, tmp_path: Path) -> None:
    store = sqlite_store
    target = tmp_path / "b.sqlite3"
    await store.subscribe(1)
    await store.backup_to(target)
    await store.subscribe(2)
    await store.backup_to(target)
    async with await Storage.open(target) as restored:
        assert await restored.subscribers() == [1, 2]


# == Named lists of people: the upgrade from the schema without them =============================

#: The migrations of the program before named lists existed.
BEFORE_LISTS = MIGRATIONS[:2]


async def test_an_older_database_keeps_everything_through_the_lists_migration(
    db_path: Path, clock: Clock
) -> None:
    async with await Storage.open(db_path, clock=clock, migrations=BEFORE_LISTS) as old:
        await old.remember_user(1, 1, "ana", "Ana", "en")
        for chat, topic in ((1, "all"), (2, "M2"), (2, "A23.3"), (-1001, "bureau")):
            await old.subscribe(chat, topic)
        first = await old.add_kb_version("a: 1\n", sha("a: 1\n"), None, "bundled")
        second = await old.add_kb_version("a: 2\n", sha("a: 2\n"), 42, "edited")
        await old.activate_kb_version(second, 42)
        scheduled = await old.add_notice(
            NewNotice(
                kind="notice",
                texts={"*": "<b>Meeting 2</b> moved"},
                topics=("M2",),
                state="scheduled",
                send_at=START + dt.timedelta(days=1),
                created_by=42,
            )
        )
        await old.grant_role(7, "secretariat", granted_by=42)
        digest_before = await old.content_sha256()
    assert user_version(db_path) == len(BEFORE_LISTS)

    async with await Storage.open(db_path, clock=clock) as new:
        assert user_version(db_path) == SCHEMA_VERSION
        # every row the older program wrote is still there, unchanged
        assert await new.content_sha256(skip_tables=(*LIST_TABLES, "questions")) == digest_before
        assert await new.subscriptions(1) == ["all"]
        assert await new.subscriptions(2) == ["A23.3", "M2"]
        assert await new.subscriptions(-1001) == ["bureau"]
        assert [(v.id, v.is_active) for v in await new.kb_versions()] == [
            (second, True),
            (first, False),
        ]
        notice = await new.notice(scheduled)
        assert notice is not None and notice.state == "scheduled" and notice.topics == ("M2",)
        assert [n.id for n in await new.due_notices(START + dt.timedelta(days=2))] == [scheduled]
        # and the new tables work
        assert await new.create_list("bureau", created_by=42)
        assert await new.add_list_members("bureau", [1, 99], added_by=42) == 2
        [bureau] = await new.person_lists()
        assert (bureau.name, bureau.members, bureau.reachable) == ("bureau", 2, 1)
