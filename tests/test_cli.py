"""The command line, run as a user would run it (in-process through ``main``)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from bot.cli import main
from bot.health import Heartbeat, write_heartbeat
from tests.support.kbs import edited_bundled

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "knowledge" / "data" / "cstd-23.yaml"
BAD = ROOT / "tests" / "data" / "bad_kb"


pytestmark = pytest.mark.usefixtures("cli_environment")


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


@pytest.mark.parametrize(
    "argv",
    [
        ["kb", "upload", "{dir}"],
        ["kb", "upload", "{dir}", "--activate"],
        ["kb", "upload", "{unreadable}"],
        ["kb", "upload", "{under_a_file}"],
        ["kb", "upload", "{missing}"],
        ["kb", "validate", "{dir}"],
        ["kb", "show", "R1.1", "--kb", "{dir}"],
        ["eval", "{dir}"],
    ],
)
def test_a_directory_or_unreadable_path_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    import os

    folder = tmp_path / "folder"
    folder.mkdir()
    unreadable = tmp_path / "secret.yaml"
    unreadable.write_text("schema_version: 1\n", encoding="utf-8")
    unreadable.chmod(0)
    if "{unreadable}" in argv and os.access(unreadable, os.R_OK):
        pytest.skip("this user reads files whatever their mode (root)")
    a_file = tmp_path / "plain.txt"
    a_file.write_text("x", encoding="utf-8")
    paths = {
        "dir": folder,
        "unreadable": unreadable,
        "under_a_file": a_file / "kb.yaml",
        "missing": tmp_path / "nope.yaml",
    }
    code = main([a.format(**paths) for a in argv])
    _, err = capsys.readouterr()
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err and "Error" not in err
    named = next(str(p) for key, p in paths.items() if "{" + key + "}" in argv)
    assert lines[0].startswith(f"delegate-bot: {named}: ")
    if "{dir}" in argv:
        assert lines[0].endswith("is a folder, not a file")
    # Nothing was stored: an upload that could not be read leaves no database behind.
    assert not (tmp_path / "bot.sqlite3").exists()


def test_commands_read_the_live_knowledge_base_not_the_bundled_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    queries = tmp_path / "queries.yaml"
    queries.write_text(
        "- id: q1\n  query: 妇女上网比男子低多少\n  lang: zh-Hans\n  kind: resolution\n"
        "  expect_any: [妇女使用互联网的几率比男子低 18%]\n",
        encoding="utf-8",
    )
    # Before any upload the bundled file is live (and reading it creates no database).
    assert main(["kb", "show", "M2"]) == 0
    assert "2020年6月11日" in capsys.readouterr().out
    assert not (tmp_path / "bot.sqlite3").exists()
    assert main(["eval", str(queries)]) == 0
    assert "misses (1)" in capsys.readouterr().out

    assert main(["kb", "upload", str(edited_bundled(tmp_path)), "--activate"]) == 0
    out = capsys.readouterr().out
    assert "    text: …用互联网的几率比男子低 [-17-]{+18+}%，在最不发达国家则低…\n" in out
    assert (
        "  warning: M2 is dated 2099-06-11, outside session 23 (2020-06-10 to 2020-06-12)" in out
    )

    assert main(["kb", "show", "M2"]) == 0
    assert "2099年6月11日 15:00" in capsys.readouterr().out
    assert main(["ask", "妇女上网比男子低多少"]) == 0
    out = capsys.readouterr().out
    assert "男子低 18%" in out and "男子低 17%" not in out
    assert main(["eval", str(queries)]) == 0
    assert "misses (0)" in capsys.readouterr().out
    assert main(["notice", "send", "Room change", "--at", "30m before M2"]) == 0
    assert "scheduled for 2099-06-11 14:30" in capsys.readouterr().out
    # --kb still names a file explicitly.
    assert main(["kb", "show", "M2", "--kb", str(BUNDLED)]) == 0
    assert "2020年6月11日" in capsys.readouterr().out


def test_uploading_the_live_file_again_is_no_change_and_history_shows_the_live_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edited = edited_bundled(tmp_path)
    assert main(["kb", "upload", str(BUNDLED)]) == 0
    assert "no change, the file cstd-23.yaml is live" in capsys.readouterr().out
    assert main(["kb", "upload", str(edited), "--activate"]) == 0
    assert "activated version 1" in capsys.readouterr().out
    assert main(["kb", "upload", str(edited), "--activate"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("no change, version 1 is live")
    for minutes in ("14:00", "13:00"):  # two later uploads, never activated
        other = tmp_path / f"at-{minutes[:2]}.yaml"
        other.write_text(edited.read_text().replace("'15:00'", f"'{minutes}'"), encoding="utf-8")
        assert main(["kb", "upload", str(other)]) == 0
    capsys.readouterr()
    assert main(["kb", "history", "--limit", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[:3]] == ["3", "…", "*"]
    assert lines[2].split()[1] == "1"


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
