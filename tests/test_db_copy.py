"""A whole deployment copied between SQLite and PostgreSQL (``delegate-bot db copy``), backups
from PostgreSQL, and databases of the previous release opened by this one on both backends."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.storage import MIGRATIONS, NewNotice, NewQuestion, Storage

START = dt.datetime(2020, 6, 10, 8, 0, tzinfo=dt.UTC)
#: The schema of the previous release (before several processes shared a database).
PREVIOUS_RELEASE = MIGRATIONS[:4]


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


async def populate(store: Storage, *, previous_release: bool = False) -> None:
    """A little of everything a deployment keeps; ``previous_release``: written as the previous
    release wrote it (no API client in the audit log, no paid broadcast, no API keys)."""
    await store.remember_user(1, 1, "ana", "Ana", "en")
    await store.remember_user(2, 2, "bo", "Bo", "zh-hans")
    await store.set_language(2, "zh-Hant")
    await store.set_timezone(1, "Asia/Shanghai")
    for chat, topic in ((1, "all"), (2, "M2"), (-1001234567890, "bureau")):
        await store.subscribe(chat, topic)
    await store.grant_role(7, "secretariat", granted_by=42)
    first = await store.add_kb_version("a: 1\n", sha("a: 1\n"), None, "bundled")
    second = await store.add_kb_version("a: 2\n", sha("a: 2\n"), 42, "edited")
    await store.activate_kb_version(second, 42)
    await store.activate_kb_version(first, 42)  # a rollback
    if previous_release:
        await store._execute(
            "INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)",
            (store._now(), 42, "kb.activate", "version 1"),
        )
    else:
        await store.audit(42, "kb.activate", "version 1")
        await store.audit("meetings-db", "notice.draft", "#1 to all")
    await store.create_list("bureau", 42)
    await store.add_list_members("bureau", [1, 2, 99], 42)
    sent = await store.add_notice(NewNotice(kind="notice", texts={"*": "<b>M2</b> moved"}))
    await store.queue_notice(
        sent, lambda chosen, code: "en", recipients=[(1, "en"), (2, "zh-Hant")]
    )
    [first_row, *_] = await store.pending_deliveries()
    assert await store.claim_delivery(first_row.id)
    if previous_release:
        await store._execute(
            "UPDATE deliveries SET state = 'sent', done_at = ?, message_id = ? WHERE id = ?",
            (store._now(), 501, first_row.id),
        )
    else:
        await store.record_sent(first_row.id, 501, paid=True)
        await store.remember_api_notice_key("meetings-db", "notice/1", sha("request"), sent)
    await store.add_notice(
        NewNotice(
            kind="reminder",
            texts={"en": "M3 in 15 minutes", "zh-Hans": "十五分钟后"},
            topics=("M3",),
            state="scheduled",
            send_at=START + dt.timedelta(days=1),
            meeting_id="M3",
            lead=dt.timedelta(minutes=15),
            meeting_start=START + dt.timedelta(days=1, minutes=15),
        )
    )
    await store.record_questions(
        [NewQuestion(n, f"question {n}", "en", "no_answer", None, START) for n in (1, 2, 3)]
    )
    await store.rate_answer(await store.record_question("q", "en", "answered", "R1.2"), "up")


def cli(*args: str) -> int:
    return main(list(args))


async def digest(target: str | Path) -> str:
    async with await Storage.open(target) as store:
        return await store.content_sha256()


def test_a_deployment_goes_to_postgresql_and_back_unchanged(
    tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    original = tmp_path / "bot.sqlite3"
    returned = tmp_path / "back.sqlite3"

    async def seed() -> None:
        async with await Storage.open(original) as store:
            await populate(store)

    asyncio.run(seed())
    assert cli("db", "copy", "--from", str(original), "--to", pg_url) == 0
    out = capsys.readouterr().out
    assert "notices              2" in out
    assert "deliveries           2" in out
    assert cli("db", "copy", "--from", pg_url, "--to", str(returned)) == 0

    before, on_postgres, after = (
        asyncio.run(digest(original)),
        asyncio.run(digest(pg_url)),
        asyncio.run(digest(returned)),
    )
    assert before == on_postgres == after  # every row, every value, on both backends

    async def use_postgres() -> tuple[int, int, int, int | None]:
        async with await Storage.open(pg_url) as store:
            # the counters moved past the copied ids: new rows take new ones
            notice = await store.add_notice(NewNotice(kind="notice", texts={"*": "new"}))
            question = await store.record_question("new", "en", "no_answer")
            version = await store.add_kb_version("a: 3\n", sha("a: 3\n"), None, "third")
            active = await store.active_kb_version()
            return notice, question, version, None if active is None else active.id

    assert asyncio.run(use_postgres()) == (3, 5, 3, 1)


def test_a_target_with_data_is_refused_unless_forced(
    tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "bot.sqlite3"

    async def seed(target: str | Path, chat: int) -> None:
        async with await Storage.open(target) as store:
            await store.subscribe(chat)

    asyncio.run(seed(source, 1))
    asyncio.run(seed(pg_url, 2))
    assert cli("db", "copy", "--from", str(source), "--to", pg_url) == 2
    err = capsys.readouterr().err
    assert "is not empty (subscriptions 1)" in err and "--force" in err
    assert "\n" not in err.strip()

    async def subscribers() -> list[int]:
        async with await Storage.open(pg_url) as store:
            return await store.subscribers()

    assert asyncio.run(subscribers()) == [2]  # untouched
    assert cli("db", "copy", "--from", str(source), "--to", pg_url, "--force") == 0
    assert asyncio.run(subscribers()) == [1]


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("mysql://db/bot", "neither a file path nor a PostgreSQL URL"),
        ("missing.sqlite3", "no database to copy"),
    ],
)
def test_a_source_that_cannot_be_copied_is_refused(
    tmp_path: Path, source: str, problem: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if not source.startswith("mysql"):
        source = str(tmp_path / source)
    assert cli("db", "copy", "--from", source, "--to", str(tmp_path / "t.sqlite3")) == 2
    assert problem in capsys.readouterr().err
    assert not (tmp_path / "t.sqlite3").exists()


async def test_a_postgresql_backup_is_a_sqlite_file_with_everything(
    pg_url: str, tmp_path: Path
) -> None:
    async with await Storage.open(pg_url) as store:
        await populate(store)
        backup = await store.backup_to(tmp_path / "backups" / "b.sqlite3")
        expected = await store.content_sha256()
    assert backup == tmp_path / "backups" / "b.sqlite3"
    assert not (tmp_path / "backups" / "b.sqlite3.partial").exists()
    assert await digest(backup) == expected


async def test_a_database_of_the_previous_release_keeps_everything(
    database: str | Path, tmp_path: Path
) -> None:
    """On SQLite the file is opened in place; PostgreSQL starts from the previous release's
    SQLite file through ``db copy`` (the way a deployment moves to it)."""
    old_file = tmp_path / "previous.sqlite3"
    async with await Storage.open(old_file, migrations=PREVIOUS_RELEASE) as old:
        await populate(old, previous_release=True)
        before = await old.content_sha256()
    if isinstance(database, str):
        code = await asyncio.to_thread(
            cli, "db", "copy", "--from", str(old_file), "--to", database
        )
        assert code == 0
    else:
        await asyncio.to_thread(database.parent.mkdir, parents=True, exist_ok=True)
        await asyncio.to_thread(shutil.copyfile, old_file, database)
    async with await Storage.open(database) as new:
        assert await new.content_sha256() == before
        assert await new.subscribers("M2") == [1, 2]  # M2 and "all"
        active = await new.active_kb_version()
        assert active is not None and active.yaml_text == "a: 1\n"
        figures = await new.delivery_figures([1])
        assert (figures[1].sent, figures[1].pending) == (1, 1)
