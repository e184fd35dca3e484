"""``delegate-bot console``: the real handlers, no token and no network."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import os
import re
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.console import html_to_text, run_console

R1_49 = "妇女使用互联网的几率比男子低 17%"
R1_49_HANT = "婦女使用互聯網的幾率比男子低 17%"


def offline_settings(tmp_path: Path) -> Settings:
    # An address nothing listens on: any request that left the process would fail.
    return Settings(
        telegram_token=None,
        api_base_url="http://127.0.0.1:9/bot",
        api_file_url="http://127.0.0.1:9/file/bot",
        db_path=tmp_path / "never-used.sqlite3",
    )


def console(tmp_path: Path, lines: list[str], lang: str = "zh-Hans") -> str:
    out = io.StringIO()
    assert run_console(offline_settings(tmp_path), lines, out, lang) == 0
    return out.getvalue()


def test_a_session_in_simplified_chinese(tmp_path: Path) -> None:
    out = console(tmp_path, ["/start", "/res 1 49", "2", "数字鸿沟", "/res 1 999", "/nonsense"])
    assert "你好" in out
    assert R1_49 in out
    assert "[1] ◀ R1.48  [2] R1.50 ▶" in out
    assert "~ (message 2 updated)" in out and "决议草案一 · 第 50 段" in out
    assert "决议草案一没有段落 999" in out
    assert "我不认识命令 /nonsense" in out
    assert "<b>" not in out and "&amp;" not in out
    assert not (tmp_path / "never-used.sqlite3").exists()  # a temporary database is used


def test_a_session_in_traditional_chinese(tmp_path: Path) -> None:
    out = console(tmp_path, ["/res 1 49", "/agenda"], lang="zh-Hant")
    assert R1_49_HANT in out
    assert "決議草案一 · 第 49 段" in out
    assert "第二十三屆會議議程" in out


def test_a_session_in_english_and_switching_language(tmp_path: Path) -> None:
    out = console(tmp_path, ["/start", "/res 1 49", ":lang zh-Hans", "/res 1 49"], lang="en")
    assert "Hello, Delegate!" in out
    assert "Draft resolution I · paragraph 49 (R1.49)" in out
    assert "界面语言已设为简体中文" in out
    assert "决议草案一 · 第 49 段" in out


def test_buttons_inline_queries_and_quitting(tmp_path: Path) -> None:
    out = console(tmp_path, ["/lang", "3", "@ 妇女上网比男子低多少", ":quit", "/start"])
    assert "[3] English" in out
    assert "The interface is now in English" in out
    assert "inline:" in out and "R1.49" in out
    assert "Hello" not in out  # nothing after :quit ran


def test_starts_and_answers_help(tmp_path: Path) -> None:
    # how long the start takes is a figure of bench/bot.py, not a test
    out = console(tmp_path, ["/help"])
    assert "/agenda" in out


def test_html_to_text() -> None:
    assert html_to_text("<b>R1.24</b> a &amp; b &lt;c&gt; &quot;d&quot;") == 'R1.24 a & b <c> "d"'


def test_the_console_answers_from_the_live_knowledge_base_and_leaves_the_database_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main
    from tests.support.kbs import edited_bundled

    db = tmp_path / "bot.sqlite3"
    monkeypatch.delenv("DELEGATE_BOT_KB", raising=False)
    monkeypatch.setenv("DELEGATE_BOT_DB", str(db))
    assert main(["kb", "upload", str(edited_bundled(tmp_path)), "--activate"]) == 0
    capsys.readouterr()
    before = _content(db)

    settings = dataclasses.replace(offline_settings(tmp_path), db_path=db)
    out = io.StringIO()
    assert run_console(settings, ["/meetings 2", "/res 1 49"], out, "en") == 0
    text = out.getvalue()
    assert "11 June 2099" in text and "15:00" in text
    assert "男子低 18%" in text
    assert _content(db) == before


def _content(db: Path) -> str:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()


def test_files_and_link_buttons_are_shown(tmp_path: Path) -> None:
    out = console(tmp_path, ["/calendar 2", "/docs E/CN.16/2020/2"], lang="en")
    assert "📅 Meeting 2 (Thursday, 11 June 2020) as a calendar file" in out
    assert "📎 cstd-23-meeting-2.ics (" in out
    assert (
        "[↗ 📄 Open E/CN.16/2020/2 (UN Official Document System)]"
        " https://undocs.org/en/E/CN.16/2020/2"
    ) in out


# ---------------------------------------------------------------------------------------------
# Acting with a role, sending files, piped input and logs


def console_as(
    tmp_path: Path,
    lines: Iterable[str],
    as_user: str | None,
    lang: str = "en",
    **settings_changes: Any,
) -> tuple[str, io.StringIO]:
    out = io.StringIO()
    settings = dataclasses.replace(offline_settings(tmp_path), **settings_changes)
    assert run_console(settings, lines, out, lang, as_user=as_user) == 0
    return out.getvalue(), out


def button(out: io.StringIO, label: str) -> str:
    """The number the console shows for the latest button whose label holds ``label``."""
    found = [
        number
        for number, text in re.findall(r"\[(\d+)\] ([^\[\n]*)", out.getvalue())
        if label in text
    ]
    assert found, f"no button {label!r}"
    return str(found[-1])


def test_as_admin_a_file_is_uploaded_previewed_activated_and_sent_back(tmp_path: Path) -> None:
    from tests.support.kbs import edited_bundled

    edited = edited_bundled(tmp_path)
    out = io.StringIO()

    def session() -> Iterator[str]:
        yield "/kb"
        yield f":upload {edited}"
        yield button(out, "✅ Activate version 1")
        yield "/meetings 2"
        yield "/kb get"
        saved = re.findall(r"saved as (\S+)", out.getvalue())
        assert saved and saved[-1].endswith("knowledge-base-v1.yaml")
        yield f":upload {saved[-1]}"
        yield f":upload {tmp_path / 'missing.yaml'}"
        yield f":upload {tmp_path}"

    settings = offline_settings(tmp_path)
    assert run_console(settings, session(), out, "en", as_user="admin") == 0
    text = out.getvalue()
    assert "Live knowledge base: file cstd-23.yaml" in text
    assert "Preview: edited.yaml (stored as version 1, sha256 " in text
    assert "男子低 [-17-]{+18+}%" in text  # the diff, struck and underlined in Telegram
    assert "M2 is dated 2099-06-11, outside session 23" in text
    assert "Version 1 is live." in text
    assert "11 June 2099" in text and "15:00" in text
    assert "No change: knowledge-base-v1.yaml is exactly the live knowledge base" in text
    assert f"» cannot send {tmp_path / 'missing.yaml'}: no such file" in text
    assert f"» cannot send {tmp_path}: is a folder, not a file" in text
    assert not (tmp_path / "never-used.sqlite3").exists()


def test_as_secretariat_or_as_a_configured_user(tmp_path: Path) -> None:
    text, _ = console_as(tmp_path, ["/notice Room change", "/kb"], "secretariat")
    assert "Room change" in text and "recipient" in text
    assert "Only administrators can change the knowledge base" in text

    text, _ = console_as(tmp_path, ["/kb"], "4242", admins=frozenset({4242}))
    assert "Live knowledge base: file cstd-23.yaml" in text
    text, _ = console_as(tmp_path, ["/kb", "/notice x"], "77", admins=frozenset({4242}))
    assert "Only administrators can change the knowledge base" in text
    assert "This is for the secretariat and administrators only." in text
    text, _ = console_as(tmp_path, ["/notice x"], None, secretariat=frozenset({1000001}))
    assert "This is for the secretariat and administrators only." in text  # no role by default


def test_subscribe_and_a_test_notice_reach_the_console_user(tmp_path: Path) -> None:
    out = io.StringIO()

    def session() -> Iterator[str]:
        yield "/subscribe"  # README's first-day path, literally: it subscribes to all notices
        yield "/notice This is a test"
        yield button(out, "Send now")

    assert run_console(offline_settings(tmp_path), session(), out, "en", as_user="admin") == 0
    text = out.getvalue()
    assert "1</b> recipient" not in text  # HTML never reaches the terminal
    delivered = text.split("> " + button(out, "Send now"), 1)[1]
    # The notice itself reached the console user, and the report counts it as sent.
    assert "This is a test" in [block.strip() for block in delivered.split("\n\n")]
    assert "Sent 1 of 1" in delivered


def test_piped_input_is_never_flood_limited(tmp_path: Path) -> None:
    text, _ = console_as(tmp_path, ["/res 1 49"] * 30, None)
    assert text.count("Draft resolution I · paragraph 49 (R1.49)") == 30
    assert "please wait" not in text


def _run_console_process(
    tmp_path: Path, stdin: str, *, merged: bool, extra: Sequence[str] = ()
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DELEGATE_BOT_DB": str(tmp_path / "bot.sqlite3"),
        "DELEGATE_BOT_LOG_LEVEL": "INFO",
        "TMPDIR": str(tmp_path),
    }
    for name in ("DELEGATE_BOT_KB", "TELEGRAM_BOT_TOKEN", "DELEGATE_BOT_ADMINS"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "bot", "console", "--lang", "en", *extra],
        input=stdin,
        capture_output=not merged,
        stdout=subprocess.PIPE if merged else None,
        stderr=subprocess.STDOUT if merged else None,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )


def test_a_piped_session_keeps_log_lines_out_of_the_transcript(tmp_path: Path) -> None:
    script = "/kb\n" + "/res 1 49\n" * 25
    # stdout and stderr on one stream (a terminal, or 2>&1): the log goes to a file.
    merged = _run_console_process(tmp_path, script, merged=True).stdout
    assert merged.count("Draft resolution I · paragraph 49 (R1.49)") == 25
    assert "please wait" not in merged
    assert "refused" not in merged and " INFO " not in merged and "WARNING" not in merged
    [log_file] = re.findall(r"log lines go to (\S+)\)", merged)
    logged = Path(log_file).read_text(encoding="utf-8")
    assert "refused knowledge base: /kb to user 1000001" in logged
    assert "ready as @delegate_bot" in logged
    # Separate streams: the log lines go to stderr, never to stdout.
    apart = _run_console_process(tmp_path, "/kb\n", merged=False)
    assert "refused knowledge base" in apart.stderr and "refused" not in apart.stdout
    assert "Only administrators" in apart.stdout
    # --log FILE names the file, and --as admin is accepted on the command line.
    named = tmp_path / "console.log"
    chosen = _run_console_process(
        tmp_path, "/kb\n", merged=True, extra=["--as", "admin", "--log", str(named)]
    )
    assert "Live knowledge base: file cstd-23.yaml" in chosen.stdout
    assert "ready as @delegate_bot" in named.read_text(encoding="utf-8")


def test_the_console_opens_no_http_server_beside_a_running_bot(tmp_path: Path) -> None:
    # `docker compose exec bot delegate-bot console` shares the bot's environment, and with
    # it DELEGATE_BOT_HTTP_PORT, whose port the running bot already holds.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        settings = dataclasses.replace(
            offline_settings(tmp_path), http_port=int(taken.getsockname()[1])
        )
        out = io.StringIO()
        assert run_console(settings, ["/help"], out, "en") == 0
    assert "/agenda" in out.getvalue()


def test_the_console_never_works_on_the_configured_postgresql_database(tmp_path: Path) -> None:
    from bot.console import scratch_settings

    configured = dataclasses.replace(
        offline_settings(tmp_path), db_url="postgresql://bot@db.example:5432/bot"
    )
    local = scratch_settings(configured, tmp_path, None, frozenset(), frozenset())
    assert local.db_url is None
    assert local.database == tmp_path / "console.sqlite3"
