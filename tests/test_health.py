from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from bot.health import Heartbeat, check_health, read_heartbeat, write_heartbeat

NOW = dt.datetime(2020, 6, 10, 8, 0, tzinfo=dt.UTC)


def _db(tmp_path: Path) -> Path:
    path = tmp_path / "bot.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    return path


def _beat(age_s: int, records: int = 300) -> Heartbeat:
    return Heartbeat(NOW - dt.timedelta(seconds=age_s), "ab" * 32, records, 1)


def test_healthy_when_db_opens_kb_loaded_and_api_recent(tmp_path: Path) -> None:
    health = tmp_path / "health.json"
    write_heartbeat(health, _beat(30))
    ok, lines = check_health(_db(tmp_path), health, max_age=dt.timedelta(minutes=3), now=NOW)
    assert ok, lines
    assert any(line.startswith("Bot API: ok") for line in lines)


def test_stale_api_contact_is_unhealthy(tmp_path: Path) -> None:
    health = tmp_path / "health.json"
    write_heartbeat(health, _beat(600))
    ok, lines = check_health(_db(tmp_path), health, max_age=dt.timedelta(minutes=3), now=NOW)
    assert not ok
    assert any("last success 600 s ago" in line for line in lines)


def test_missing_heartbeat_or_empty_kb_or_missing_db_is_unhealthy(tmp_path: Path) -> None:
    db = _db(tmp_path)
    ok, lines = check_health(db, tmp_path / "none.json", max_age=dt.timedelta(minutes=3), now=NOW)
    assert not ok and "is the bot running" in lines[-1]

    health = tmp_path / "health.json"
    write_heartbeat(health, _beat(1, records=0))
    ok, lines = check_health(db, health, max_age=dt.timedelta(minutes=3), now=NOW)
    assert not ok and "knowledge base: not loaded" in lines

    write_heartbeat(health, _beat(1))
    ok, lines = check_health(
        tmp_path / "missing.sqlite3", health, max_age=dt.timedelta(minutes=3), now=NOW
    )
    assert not ok and lines[0].startswith("database: cannot open")


def test_heartbeat_round_trip_and_garbage(tmp_path: Path) -> None:
    health = tmp_path / "h.json"
    write_heartbeat(health, _beat(5))
    assert read_heartbeat(health) == _beat(5)
    health.write_text("{not json", encoding="utf-8")
    assert read_heartbeat(health) is None


def test_a_postgresql_database_is_checked_by_asking_it(tmp_path: Path, pg_url: str) -> None:
    health = tmp_path / "health.json"
    write_heartbeat(health, _beat(30))
    ok, lines = check_health(pg_url, health, max_age=dt.timedelta(minutes=3), now=NOW)
    assert ok, lines
    assert lines[0].startswith("database: ok (postgresql://")

    gone = pg_url.rsplit(":", 1)[0] + ":1/none"  # nothing listens on port 1
    ok, lines = check_health(gone, health, max_age=dt.timedelta(minutes=3), now=NOW)
    assert not ok
    assert lines[0].startswith("database: cannot reach postgresql://")
