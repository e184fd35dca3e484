"""The command line, run as a user would run it (in-process through ``main``)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from bot.cli import main
from bot.health import Heartbeat, write_heartbeat

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "knowledge" / "data" / "cstd-23.yaml"
BAD = ROOT / "tests" / "data" / "bad_kb"


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("DELEGATE_BOT_KB", "TELEGRAM_BOT_TOKEN", "DELEGATE_BOT_HEALTH_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DELEGATE_BOT_DB", str(tmp_path / "bot.sqlite3"))


def test_validate_accepts_the_bundled_knowledge_base(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "validate", str(BUNDLED)]) == 0
    assert capsys.readouterr().out.strip().endswith(": ok")


def test_validate_reports_file_line_column_path_and_exits_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = BAD / "bad-date.yaml"
    assert main(["kb", "validate", str(bad)]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    file_name, line, column, rest = first.split(":", 3)
    assert file_name == str(bad)
    assert int(line) > 0 and int(column) > 0
    assert rest.strip()


def test_show_prints_one_record(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "show", "R1.49"]) == 0
    assert "妇女使用互联网的几率比男子低 17%" in capsys.readouterr().out


def test_show_unknown_id_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "show", "R1.91"]) == 2
    err = capsys.readouterr().err
    assert "R1.91" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_schema_is_json_naming_the_top_level_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert {"sessions", "agenda", "resolutions", "glossary"} <= set(schema["properties"])


def test_extract_reproduces_the_bundled_file(tmp_path: Path) -> None:
    out = tmp_path / "kb.yaml"
    source = ROOT / "knowledge" / "sources" / "E-2020-31-zh.txt"
    assert main(["kb", "extract", str(source), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == BUNDLED.read_text(encoding="utf-8")


def test_wrong_setting_stops_with_the_variable_named(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DELEGATE_BOT_ADMINS", "12a")
    assert main(["kb", "show", "R1.1"]) == 2
    assert "DELEGATE_BOT_ADMINS" in capsys.readouterr().err


def test_health_fails_without_a_running_bot_and_passes_with_a_fresh_heartbeat(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt

    db = tmp_path / "bot.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (x)")
    assert main(["health"]) == 1
    write_heartbeat(tmp_path / "health.json", Heartbeat(dt.datetime.now(dt.UTC), "0" * 64, 500, 1))
    assert main(["health"]) == 0
    assert "Bot API: ok" in capsys.readouterr().out


def test_backup_copies_the_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backup", str(tmp_path / "copy.sqlite3")]) == 2  # nothing to back up yet
    db = tmp_path / "bot.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES (42)")
    target = tmp_path / "copy.sqlite3"
    assert main(["backup", str(target)]) == 0
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT x FROM t").fetchall() == [(42,)]


def test_insights_and_the_fix_from_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import asyncio

    from bot.storage import Storage

    async def asked() -> None:
        async with await Storage.open(tmp_path / "bot.sqlite3") as store:
            for language in ("en", "zh-Hans"):
                await store.record_question("zoom password", language, "no_answer")

    asyncio.run(asked())
    assert main(["insights", "--days", "7"]) == 0
    listing = capsys.readouterr().out
    assert "questions without a confident answer, last 7 days" in listing
    assert "  1. 2×  zoom password  (no answer 2)" in listing

    assert main(["insights", "add", "M2", "zoom", "password", "--activate"]) == 0
    out = capsys.readouterr().out
    assert "“zoom password” becomes a way to ask for M2 (key words: “zoom password”)" in out
    assert "activated version 2: aliases +1" in out
    assert main(["kb", "get"]) == 0
    assert "- zoom password" in capsys.readouterr().out

    assert main(["insights", "add", "M2", "zoom", "password"]) == 2
    assert "already asks for M2" in capsys.readouterr().err
