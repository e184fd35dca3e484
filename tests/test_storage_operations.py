"""Storage for operations: the notices API's idempotency keys, API clients in the audit log,
paid deliveries, the figures behind the metrics (on SQLite and on PostgreSQL), and the upgrade
of a database written before them (migration 6: from schema 5, 4 and 2)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.notices import language_of
from bot.storage import (
    MIGRATIONS,
    SCHEMA_VERSION,
    AudienceSource,
    DatabaseError,
    NewNotice,
    Storage,
)


def user_version(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


async def queued_notice(store: Storage, chats: range) -> int:
    for chat in chats:
        await store.subscribe(chat)
    notice_id = await store.add_notice(NewNotice(kind="notice", texts={"*": "Room XVII"}))
    everyone = (AudienceSource("any"),)
    assert await store.queue_notice(notice_id, language_of, audience=everyone) == len(chats)
    return notice_id


@pytest.mark.parametrize("schema", [6, 5, 4, 2])
async def test_an_older_database_is_upgraded_and_keeps_its_data(
    tmp_path: Path, schema: int
) -> None:
    path = tmp_path / "old.sqlite3"
    old = await Storage.open(path, migrations=MIGRATIONS[:schema])
    try:
        notice_id = await queued_notice(old, range(10, 13))
        if schema >= 4:  # named lists (3) and questions (4) are kept through migrations 6 and 7
            await old.remember_user(10, 10, "ana", "Ana", "en")
            assert await old.create_list("bureau", created_by=42)
            assert await old.add_list_members("bureau", [10, 99], added_by=42) == 2
            await old.record_question("women online", "en", "no_answer")
    finally:
        await old.close()
    with sqlite3.connect(path) as conn:  # rows as the program of that schema wrote them
        conn.execute("UPDATE deliveries SET state = 'sent', message_id = 77 WHERE chat_id = 10")
        conn.execute(
            "INSERT INTO audit_log (at, actor, action, detail)"
            " VALUES ('2020-06-10T08:00:00+00:00', 42, 'notice.send', '#1')"
        )
    assert user_version(path) == schema
    async with await Storage.open(path, migrations=MIGRATIONS[:schema]) as old:
        before = await old.content_sha256()

    store = await Storage.open(path)
    try:
        assert user_version(path) == SCHEMA_VERSION == 7
        # every row written before is unchanged: the new tables are empty, the new columns
        # (audit_log.actor_name, deliveries.paid) hold nothing in rows written before
        assert await store.content_sha256() == before
        figures = (await store.delivery_figures([notice_id]))[notice_id]
        assert (figures.sent, figures.pending, figures.paid) == (1, 2, 0)
        [entry] = await store.recent_audit()
        assert (entry.actor, entry.actor_name, entry.action) == (42, None, "notice.send")
        assert await store.subscribers() == [10, 11, 12]
        # the new table works on the upgraded file
        await store.remember_api_notice_key("mailer", "k-1", "ab" * 32, notice_id)
        key = await store.api_notice_key("mailer", "k-1")
        assert key is not None and key.notice_id == notice_id
        if schema >= 4:
            [bureau] = await store.person_lists()
            assert (bureau.name, bureau.members, bureau.reachable) == ("bureau", 2, 1)
    finally:
        await store.close()


async def test_an_api_client_is_recorded_by_name_in_the_audit_log(database: str | Path) -> None:
    async with await Storage.open(database) as store:
        await store.audit("meetings-db", "notice.draft", "#1 to all")
        await store.audit(7, "role.grant", "8 admin")
        await store.audit(None, "kb.activate", "version 2")
        entries = await store.recent_audit()
    assert [(e.actor, e.actor_name) for e in entries] == [
        (None, None),
        (7, None),
        (None, "meetings-db"),
    ]


async def test_an_idempotency_key_binds_once_per_client(database: str | Path) -> None:
    async with await Storage.open(database) as store:
        first = await store.add_notice(NewNotice(kind="notice", texts={"*": "a"}))
        second = await store.add_notice(NewNotice(kind="notice", texts={"*": "b"}))
        assert await store.api_notice_key("mailer", "retry-1") is None
        await store.remember_api_notice_key("mailer", "retry-1", "1" * 64, first)
        with pytest.raises(DatabaseError):
            await store.remember_api_notice_key("mailer", "retry-1", "2" * 64, second)
        # the same key from another client is another key
        await store.remember_api_notice_key("meetings-db", "retry-1", "2" * 64, second)
        mine = await store.api_notice_key("mailer", "retry-1")
        theirs = await store.api_notice_key("meetings-db", "retry-1")
    assert mine is not None and (mine.notice_id, mine.request_sha256) == (first, "1" * 64)
    assert theirs is not None and theirs.notice_id == second


async def test_paid_deliveries_are_counted_and_states_are_totalled(database: str | Path) -> None:
    async with await Storage.open(database) as store:
        notice_id = await queued_notice(store, range(1, 5))
        draft = await store.add_notice(NewNotice(kind="notice", texts={"*": "later"}))
        rows = await store.pending_deliveries()
        for row, paid in zip(rows[:3], (True, True, False), strict=True):
            assert await store.claim_delivery(row.id)
            await store.record_sent(row.id, row.id, paid=paid)
        figures = await store.delivery_figures([notice_id, draft])
        counts = await store.operational_counts()
    assert (figures[notice_id].sent, figures[notice_id].paid) == (3, 2)
    assert figures[draft].paid == 0
    assert counts.notices == {"sending": 1, "draft": 1}
    assert counts.deliveries == {"sent": 3, "pending": 1}


async def test_several_sent_deliveries_are_recorded_in_one_statement(database: str | Path) -> None:
    async with await Storage.open(database) as store:
        notice_id = await queued_notice(store, range(1, 6))
        rows = await store.pending_deliveries()
        for row in rows[:4]:
            assert await store.claim_delivery(row.id)
        await store.record_sent_many(
            [(rows[0].id, 70, True), (rows[1].id, 71, False), (rows[2].id, 72, True)]
        )
        outcomes = await store.delivery_outcomes(notice_id, problems_only=False)
        figures = (await store.delivery_figures([notice_id]))[notice_id]
        recorded = await store._rows(
            "SELECT chat_id, message_id, paid FROM deliveries WHERE chat_id <= 3 ORDER BY chat_id"
        )
    assert [(o.chat_id, o.state) for o in outcomes] == [
        (1, "sent"),
        (2, "sent"),
        (3, "sent"),
        (4, "claimed"),  # not in the batch: untouched
        (5, "pending"),
    ]
    assert (figures.sent, figures.paid, figures.claimed, figures.pending) == (3, 2, 1, 1)
    assert [tuple(row) for row in recorded] == [(1, 70, 1), (2, 71, None), (3, 72, 1)]


async def test_rows_are_claimed_in_one_statement_once_whoever_asks(database: str | Path) -> None:
    async with await Storage.open(database) as one, await Storage.open(database) as other:
        notice_id = await queued_notice(one, range(1, 5))
        rows = [row.id for row in await one.pending_deliveries()]
        assert await one.claim_deliveries(rows[:2]) == set(rows[:2])
        # another sender asking for a batch gets only what nobody claimed yet
        assert await other.claim_deliveries(rows) == set(rows[2:])
        assert await one.claim_deliveries(rows) == set()
        assert await one.claim_deliveries([]) == set()
        figures = (await one.delivery_figures([notice_id]))[notice_id]
    assert (figures.claimed, figures.pending) == (4, 0)
