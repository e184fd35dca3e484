"""``delegate-bot console``: the real handlers, no token and no network."""

from __future__ import annotations

import dataclasses
import io
import socket
import time
from pathlib import Path

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


def test_starts_quickly(tmp_path: Path) -> None:
    started = time.perf_counter()
    out = console(tmp_path, ["/help"])
    assert "/agenda" in out
    assert time.perf_counter() - started < 3.0


def test_html_to_text() -> None:
    assert html_to_text("<b>R1.24</b> a &amp; b &lt;c&gt; &quot;d&quot;") == 'R1.24 a & b <c> "d"'


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
